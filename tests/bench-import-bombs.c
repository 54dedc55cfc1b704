/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark (#13): the peak memory and time of importing each decompression
 * bomb and each of the largest files an import accepts, every file in a
 * fresh child process of its own so that its peak (ru_maxrss) is its own. */

#include "mk-import.h"
#include "bomb-fixture.h"

#include <locale.h>
#include <stdlib.h>
#include <sys/resource.h>

/* The goal: an import stays under about 300 MB whatever the input. */
#define TARGET_MB 300

typedef GBytes *(*MakeInput) (void);

static GBytes *tiff_200_a4_white (void) { return bomb_tiff (200, 2480, 3508, 1, 8, BOMB_WHITE, 300); }
static GBytes *tiff_200_huge_white (void) { return bomb_tiff (200, 10000, 10000, 1, 8, BOMB_WHITE, 300); }
static GBytes *tiff_50_a3_600_white (void) { return bomb_tiff (50, 7016, 9921, 1, 8, BOMB_WHITE, 600); }
static GBytes *tiff_50_a4_600_white (void) { return bomb_tiff (50, 4961, 7016, 1, 8, BOMB_WHITE, 600); }
static GBytes *tiff_79mpx_colour_white (void) { return bomb_tiff (1, 8900, 8900, 3, 8, BOMB_WHITE, 600); }
static GBytes *png_79mpx_colour_white (void) { return bomb_png (8900, 8900, 2, 8, FALSE, BOMB_WHITE, TRUE); }
static GBytes *png_claims_huge (void) { return bomb_png (1000000, 1000000, 6, 16, TRUE, BOMB_WHITE, FALSE); }
static GBytes *pdf_1000_pages (void) { return bomb_pdf (1000); }

static GBytes *tiff_a4_600_grey_noisy (void) { return bomb_tiff (1, 4961, 7016, 1, 8, BOMB_NOISY, 600); }
static GBytes *tiff_a4_600_colour_jpeg (void) { return bomb_tiff_encoded (4961, 7016, BOMB_PHOTO, FALSE); }
static GBytes *tiff_a4_600_colour_tiled (void) { return bomb_tiff_encoded (4961, 7016, BOMB_DRAWING, TRUE); }
static GBytes *tiff_a4_600_drawing (void) { return bomb_tiff (1, 4961, 7016, 3, 8, BOMB_DRAWING, 600); }
static GBytes *tiff_a3_300_drawing (void) { return bomb_tiff (1, 3508, 4961, 3, 8, BOMB_DRAWING, 300); }
static GBytes *png_a4_600_drawing (void) { return bomb_png (4961, 7016, 2, 8, FALSE, BOMB_DRAWING, TRUE); }
static GBytes *png_a4_600_rgba16 (void) { return bomb_png (4961, 7016, 6, 16, FALSE, BOMB_WHITE, TRUE); }
static GBytes *tiff_100_a4_300_text (void) { return bomb_tiff (100, 2480, 3508, 1, 8, BOMB_TEXT, 300); }
static GBytes *tiff_100_a4_300_lineart (void) { return bomb_tiff (100, 2480, 3508, 1, 1, BOMB_TEXT, 300); }
static GBytes *tiff_28_a4_600_text (void) { return bomb_tiff (28, 4961, 7016, 1, 8, BOMB_TEXT, 600); }
static GBytes *pdf_100_pages (void) { return bomb_pdf (100); }
static GBytes *png_tiny (void) { return bomb_png (16, 16, 0, 8, FALSE, BOMB_WHITE, TRUE); }

static const struct {
  const char *name;
  const char *file;
  MakeInput   make;
} inputs[] = {
  { "baseline: a 16 x 16 PNG", "tiny.png", png_tiny },
  { "bomb: TIFF, 200 white A4 pages at 300 dpi", "bomb-200-pages.tif", tiff_200_a4_white },
  { "bomb: TIFF, 200 white pages of 10000 x 10000", "bomb-200-huge.tif", tiff_200_huge_white },
  { "bomb: TIFF, 50 white A3 pages at 600 dpi (70 Mpx)", "bomb-50-a3.tif", tiff_50_a3_600_white },
  { "bomb: TIFF, 50 white A4 pages at 600 dpi (1.7 Gpx)", "bomb-50-a4.tif", tiff_50_a4_600_white },
  { "bomb: TIFF, one white colour page of 8900 x 8900", "bomb-79mpx.tif", tiff_79mpx_colour_white },
  { "bomb: PNG, white colour 8900 x 8900", "bomb-79mpx.png", png_79mpx_colour_white },
  { "bomb: PNG header claiming 10^6 x 10^6 RGBA16 interlaced", "bomb-claim.png", png_claims_huge },
  { "bomb: PDF of 1000 pages", "bomb-1000.pdf", pdf_1000_pages },
  { "largest: TIFF, grey A4 600 dpi scan with noise", "a4-600-grey.tif", tiff_a4_600_grey_noisy },
  { "largest: TIFF, colour A4 600 dpi photo, JPEG", "a4-600-photo.tif", tiff_a4_600_colour_jpeg },
  { "largest: TIFF, colour A4 600 dpi drawing, tiled", "a4-600-tiled.tif", tiff_a4_600_colour_tiled },
  { "largest: TIFF, colour A4 600 dpi drawing", "a4-600-drawing.tif", tiff_a4_600_drawing },
  { "largest: TIFF, colour A3 300 dpi drawing", "a3-300-drawing.tif", tiff_a3_300_drawing },
  { "largest: PNG, colour A4 600 dpi drawing", "a4-600-drawing.png", png_a4_600_drawing },
  { "largest: PNG, RGBA 16-bit A4 600 dpi", "a4-600-rgba16.png", png_a4_600_rgba16 },
  { "largest: TIFF, 100 grey A4 pages at 300 dpi", "100-a4-300-grey.tif", tiff_100_a4_300_text },
  { "largest: TIFF, 100 line-art A4 pages at 300 dpi", "100-a4-300-lineart.tif", tiff_100_a4_300_lineart },
  { "largest: TIFF, 28 grey A4 pages at 600 dpi", "28-a4-600-grey.tif", tiff_28_a4_600_text },
  { "largest: PDF of 100 pages", "100.pdf", pdf_100_pages },
};

/* The child: one import, then its own peak resident memory. */
static int
import_one (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MkImportResult) result = NULL;
  struct rusage usage;
  gint64 start = g_get_monotonic_time ();
  double seconds;

  result = mk_import_file (file, 0, NULL, &error);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  getrusage (RUSAGE_SELF, &usage);
  if (result != NULL)
    g_print ("%ld %.3f accepted, %u pages, %" G_GSIZE_FORMAT " KB\n", usage.ru_maxrss, seconds,
             result->n_pages, g_bytes_get_size (result->pdf) / 1024);
  else
    g_print ("%ld %.3f refused: %s\n", usage.ru_maxrss, seconds, error->message);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = NULL;
  const char *only = g_getenv ("MK_BENCH_ONLY");
  long worst_kb = 0;

  setlocale (LC_ALL, "");
  if (argc == 3 && g_str_equal (argv[1], "--import"))
    return import_one (argv[2]);

  g_assert_nonnull (self);
  dir = g_dir_make_tmp ("mk-bench-bombs-XXXXXX", NULL);
  g_print ("%-58s %9s %9s %8s  %s\n", "input", "file KB", "peak MB", "seconds", "outcome");
  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *path = g_build_filename (dir, inputs[i].file, NULL);
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      const char *child_argv[] = { self, "--import", path, NULL };
      gsize file_kb;
      long rss_kb = 0;
      double seconds = 0;
      char *outcome = NULL;
      int status = 0;

      if (only != NULL && strstr (inputs[i].file, only) == NULL)
        continue;
      {
        g_autoptr(GBytes) data = inputs[i].make ();

        file_kb = g_bytes_get_size (data) / 1024;
        g_assert_true (g_file_set_contents (path, g_bytes_get_data (data, NULL),
                                            (gssize) g_bytes_get_size (data), NULL));
      }
      g_spawn_sync (NULL, (char **) child_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                    &error);
      g_assert_no_error (error);
      g_unlink (path);
      if (!g_spawn_check_wait_status (status, NULL) || sscanf (out, "%ld %lf", &rss_kb, &seconds) != 2)
        {
          g_print ("%-58s %9" G_GSIZE_FORMAT " %9s %8s  the import crashed or was killed\n",
                   inputs[i].name, file_kb, "-", "-");
          worst_kb = G_MAXLONG;
          continue;
        }
      outcome = strchr (strchr (out, ' ') + 1, ' ') + 1;
      g_strchomp (outcome);
      g_print ("%-58s %9" G_GSIZE_FORMAT " %9.1f %8.2f  %s\n", inputs[i].name, file_kb, rss_kb / 1024.0,
               seconds, outcome);
      worst_kb = MAX (worst_kb, rss_kb);
    }
  g_rmdir (dir);

  g_print ("highest peak: %.1f MB [target < %d MB]\n", worst_kb / 1024.0, TARGET_MB);
  g_print ("%s\n", worst_kb < TARGET_MB * 1024 ? "all targets met" : "TARGET MISSED");
  return worst_kb < TARGET_MB * 1024 ? 0 : 1;
}
