/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: a 300 dpi grey A4 scan to a stored PDF, and a 20-page PDF attached. */

#include "mk-import.h"

#include <cairo-pdf.h>

/* Targets from the scanning issue: < 0.5 s and < 400 KB per scanned page;
 * a 20-page PDF validated and digested in < 1 s. */
#define PAGE_SECONDS   0.5
#define PAGE_BYTES     (400 * 1024)
#define PDF20_SECONDS  1.0

/* 10-point text at 300 dpi: 50 px line pitch, 22 px x-height, letters
 * 20 px wide with 3 px strokes, a space after every sixth, 25 mm margins,
 * blurred by the scanner's optics and with sensor noise. */
static MkPage *
make_scan (void)
{
  const guint width = 2480, height = 3508;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree guint8 *sharp = g_malloc (width * height);
  guint8 *pixels = g_malloc (width * height);
  g_autoptr(GBytes) bytes = NULL;

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint ly = y % 50, cx = x % 20, letter = (x / 20) % 7;
        gboolean in_text = x >= 295 && x < width - 295 && y >= 295 && y < height - 295 && ly < 22 && letter != 6;
        gboolean ink = in_text && (cx < 3 || (cx >= 12 && cx < 15 && letter % 2 == 0) ||
                                   (ly < 3 && cx < 15) || (ly >= 19 && cx < 15 && letter % 3 == 0));

        sharp[y * width + x] = ink ? 25 : 232;
      }

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint l = x > 0 ? x - 1 : x, r = x + 1 < width ? x + 1 : x;
        int v = (sharp[y * width + l] + 2 * sharp[y * width + x] + sharp[y * width + r]) / 4;

        pixels[y * width + x] = (guint8) CLAMP (v + g_rand_int_range (rand, -6, 7), 0, 255);
      }

  bytes = g_bytes_new_take (pixels, width * height);
  return mk_page_new (MK_PAGE_FORMAT_GRAY8, width, height, width, 300, bytes);
}

static cairo_status_t
pdf_written_cb (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
make_pdf (guint n_pages)
{
  GByteArray *output = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (pdf_written_cb, output, 595, 842);
  cairo_t *cr = cairo_create (surface);

  for (guint i = 0; i < n_pages; i++)
    {
      cairo_set_font_size (cr, 10);
      for (int line = 0; line < 60; line++)
        {
          cairo_move_to (cr, 60, 60 + line * 12);
          cairo_show_text (cr, "Certificate determining the address of a real-estate object, Karaganda oblast");
        }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (output);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MkPageList) pages = mk_page_list_new ();
  g_autoptr(MkPage) scan = make_scan ();
  g_autoptr(GBytes) pdf20 = make_pdf (20);
  g_autoptr(GError) error = NULL;
  double page_seconds = G_MAXDOUBLE, pdf_seconds = G_MAXDOUBLE;
  gsize page_bytes = 0;
  guint pdf_pages = 0;
  gboolean ok;

  mk_page_list_append (pages, scan);

  /* Best of three: the figure is the work, not the machine's hiccups. */
  for (int run = 0; run < 3; run++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(MkImportResult) result = mk_import_pages (pages, &error);
      double seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

      g_assert_no_error (error);
      page_seconds = MIN (page_seconds, seconds);
      page_bytes = g_bytes_get_size (result->pdf);
    }

  for (int run = 0; run < 3; run++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(MkImportResult) result = mk_import_bytes (pdf20, "decision.pdf", 0, &error);
      double seconds;

      g_assert_no_error (error);
      g_assert_true (mk_import_read_verified (result->pdf, result->sha256, &error));
      seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      pdf_seconds = MIN (pdf_seconds, seconds);
      pdf_pages = result->n_pages;
    }

  g_print ("scan page 2480x3508 grey 300 dpi -> PDF: %.3f s, %" G_GSIZE_FORMAT " bytes (%.0f KB)"
           " [targets < %.1f s, < %d KB]\n",
           page_seconds, page_bytes, page_bytes / 1024.0, PAGE_SECONDS, PAGE_BYTES / 1024);
  g_print ("PDF of %u pages (%" G_GSIZE_FORMAT " bytes) validated + digested: %.3f s [target < %.1f s]\n",
           pdf_pages, g_bytes_get_size (pdf20), pdf_seconds, PDF20_SECONDS);

  ok = page_seconds < PAGE_SECONDS && page_bytes < PAGE_BYTES && pdf_seconds < PDF20_SECONDS && pdf_pages == 20;
  g_print ("%s\n", ok ? "all targets met" : "TARGET MISSED");
  return ok ? 0 : 1;
}
