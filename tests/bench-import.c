/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: a 300 dpi grey A4 scan to a stored PDF, and a 20-page PDF attached. */

#include "mk-import.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>

/* Targets from the scanning issue: < 0.5 s and < 400 KB per scanned page;
 * a 20-page PDF validated and digested in < 1 s. */
#define PAGE_SECONDS   0.5
#define PAGE_BYTES     (400 * 1024)
#define PDF20_SECONDS  1.0

/* Words of the service's documents, Kazakh and Russian, for text that
 * never repeats a line. */
static const char *const words[] = {
  "мекенжай", "анықтама", "жылжымайтын", "мүлік", "объектісінің", "тіркеу", "кодын", "беру",
  "сәулет", "қала", "құрылысы", "бөлімі", "өтініш", "берушінің", "жеке", "куәлігі", "көшесі",
  "үй", "пәтер", "Қарағанды", "облысы", "жер", "учаскесі", "кадастрлық", "нөмірі", "шешім",
  "справка", "об", "адресе", "объекта", "недвижимости", "регистрационный", "код", "адреса",
  "заявление", "услугополучателя", "улица", "дом", "квартира", "постановление", "акимата",
  "технический", "паспорт", "доверенность", "нотариально", "удостоверенная", "копия", "1.",
  "2)", "№", "2026", "жылғы", "года", "–", "және", "и", "на", "в", "с", "бойынша", "сәйкес",
};

/* A typed page, 11 pt at 300 dpi on A4, through a scanner's optics and
 * sensor: ink 25, paper 232 with a little shading, blur and noise. With
 * @photo, an identity card's copy (85 × 54 mm) sits at the top. */
static MkPage *
make_scan (gboolean photo)
{
  const int width = 2480, height = 3508;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  cairo_surface_t *ink = cairo_image_surface_create (CAIRO_FORMAT_A8, width, height);
  cairo_t *cr = cairo_create (ink);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Serif");
  g_autoptr(GString) text = g_string_new (NULL);
  guint8 *pixels = g_malloc ((gsize) width * height);
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *alpha;
  int text_top = photo ? 354 + 638 + 120 : 354;
  int astride;

  for (int i = 0; text->len < 12000; i++)
    {
      g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      g_string_append (text, i % 90 == 89 ? ".\n" : " ");
    }
  pango_font_description_set_absolute_size (font, 11.0 * 300 / 72 * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (width - 354 - 236) * PANGO_SCALE);
  pango_layout_set_justify (layout, TRUE);
  pango_layout_set_text (layout, text->str, -1);
  cairo_rectangle (cr, 0, 0, width, height - 236);
  cairo_clip (cr);
  cairo_move_to (cr, 354, text_top);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (font);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_flush (ink);
  alpha = cairo_image_surface_get_data (ink);
  astride = cairo_image_surface_get_stride (ink);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        int sum = 0, weight = 0, v;
        double paper = 232 - 6 * sin (x / 700.0) * cos (y / 900.0);

        for (int dy = -1; dy <= 1; dy++)
          for (int dx = -1; dx <= 1; dx++)
            {
              int w = (dx == 0 ? 2 : 1) * (dy == 0 ? 2 : 1);

              sum += w * alpha[CLAMP (y + dy, 0, height - 1) * astride + CLAMP (x + dx, 0, width - 1)];
              weight += w;
            }
        v = (int) (paper - (sum / weight) * (paper - 25) / 255);
        if (photo && x >= 354 && x < 354 + 1004 && y >= 354 && y < 354 + 638)
          {
            /* A portrait's tones: smooth shapes, not noise. */
            double u = (x - 354) / 1004.0, t = (y - 354) / 638.0;

            v = (int) (140 + 60 * sin (9 * u + 2 * t) * cos (7 * t) - 50 * u * t);
          }
        pixels[(gsize) y * width + x] = (guint8) CLAMP (v + g_rand_int_range (rand, -6, 7), 0, 255);
      }
  cairo_surface_destroy (ink);

  bytes = g_bytes_new_take (pixels, (gsize) width * height);
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

/* Best of three: the figure is the work, not the machine's hiccups. */
static double
time_scan (MkPage *scan,
           gsize  *bytes)
{
  g_autoptr(MkPageList) pages = mk_page_list_new ();
  double best = G_MAXDOUBLE;

  mk_page_list_append (pages, scan);
  for (int run = 0; run < 3; run++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(MkImportResult) result = mk_import_pages (pages, &error);
      double seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

      g_assert_no_error (error);
      best = MIN (best, seconds);
      *bytes = g_bytes_get_size (result->pdf);
    }
  return best;
}

int
main (int   argc,
      char *argv[])
{
  static const char *const names[] = { "typed text", "text and an ID card photo" };
  g_autoptr(GBytes) pdf20 = make_pdf (20);
  g_autoptr(GError) error = NULL;
  double pdf_seconds = G_MAXDOUBLE;
  guint pdf_pages = 0;
  gboolean ok = TRUE;

  for (int i = 0; i < 2; i++)
    {
      g_autoptr(MkPage) scan = make_scan (i == 1);
      gsize bytes = 0;
      double seconds = time_scan (scan, &bytes);

      g_print ("scan page 2480x3508 grey 300 dpi, %s -> PDF: %.3f s, %" G_GSIZE_FORMAT " bytes (%.0f KB)"
               " [targets < %.1f s, < %d KB]\n",
               names[i], seconds, bytes, bytes / 1024.0, PAGE_SECONDS, PAGE_BYTES / 1024);
      ok = ok && seconds < PAGE_SECONDS && bytes < PAGE_BYTES;
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

  g_print ("PDF of %u pages (%" G_GSIZE_FORMAT " bytes) validated + digested: %.3f s [target < %.1f s]\n",
           pdf_pages, g_bytes_get_size (pdf20), pdf_seconds, PDF20_SECONDS);

  ok = ok && pdf_seconds < PDF20_SECONDS && pdf_pages == 20;
  g_print ("%s\n", ok ? "all targets met" : "TARGET MISSED");
  return ok ? 0 : 1;
}
