/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: certificate PDF with QR, its signature, first-page rendering with poppler, and its size. */
#include <string.h>
#include <stdlib.h>
#include <glib/gstdio.h>
#include <poppler.h>
#include <cairo.h>

#include "document-fixture.h"
#include "mk-sign.h"

#define RUNS    60
#define WARM_UP 5
#define SIGNING_TIME G_GINT64_CONSTANT (1774872000)

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values, int n)
{
  qsort (values, (size_t) n, sizeof *values, compare_double);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static void
run_quiet (const char *dir, const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* A throw-away RSA-2048 .p12 (certtool), or NULL without gnutls-bin. */
static char *
make_p12 (const char *dir)
{
  g_autofree char *certtool = g_find_program_in_path ("certtool");
  g_autofree char *tmpl = g_build_filename (dir, "t.tmpl", NULL);

  if (certtool == NULL)
    return NULL;
  g_file_set_contents (tmpl, "cn = \"Bench Signer\"\nserial = 9\nsigning_key\n"
                       "activation_date = \"2025-01-01 00:00:00\"\nexpiration_date = \"2040-01-01 00:00:00\"\n",
                       -1, NULL);
  run_quiet (dir, (const char *[]) { "certtool", "--generate-privkey", "--key-type", "rsa", "--bits", "2048",
                                     "--outfile", "k.pem", NULL });
  run_quiet (dir, (const char *[]) { "certtool", "--generate-self-signed", "--load-privkey", "k.pem",
                                     "--template", "t.tmpl", "--outfile", "c.pem", NULL });
  run_quiet (dir, (const char *[]) { "certtool", "--to-p12", "--load-privkey", "k.pem", "--load-certificate",
                                     "c.pem", "--p12-name", "b", "--password", "bench", "--outder",
                                     "--outfile", "b.p12", NULL });
  return g_build_filename (dir, "b.p12", NULL);
}

int
main (int argc, char **argv)
{
  Fixture f;
  g_autoptr(MkCase) kase = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) signed_pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mk-bench-XXXXXX", NULL);
  g_autofree char *p12 = NULL;
  MkDocumentInput in;
  double render_ms[RUNS], sign_ms[RUNS], page_ms[RUNS], open_ms[RUNS];
  double r, s = 0, p, load_ms = 0;
  g_autoptr(MkSignKey) key = NULL;
  gboolean ok = TRUE;

  fixture_init (&f);
  kase = fixture_case (MK_SERVICE_ASSIGNMENT);
  fixture_input (&f, MK_DOCUMENT_CERTIFICATE, kase, &in);
  p12 = make_p12 (dir);

  for (int i = -WARM_UP; i < RUNS; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(GBytes) one = mk_document_render (MK_DOCUMENT_CERTIFICATE, &in, &error);

      g_assert_no_error (error);
      if (i >= 0)
        render_ms[i] = (g_get_monotonic_time () - t0) / 1000.0;
      if (pdf == NULL)
        pdf = g_bytes_ref (one);
    }

  if (p12 != NULL)
    {
      gint64 t0 = g_get_monotonic_time ();

      /* Decrypting the .p12 (PBKDF2) is done once per signing session. */
      key = mk_sign_key_load (p12, "bench", SIGNING_TIME, &error);
      g_assert_no_error (error);
      load_ms = (g_get_monotonic_time () - t0) / 1000.0;
    }
  if (key != NULL)
    for (int i = -WARM_UP; i < RUNS; i++)
      {
        gint64 t0 = g_get_monotonic_time ();
        g_autoptr(GBytes) one = mk_sign_pdf_with_key (pdf, key, "Bench Signer", "bench", SIGNING_TIME, &error);

        g_assert_no_error (error);
        if (i >= 0)
          sign_ms[i] = (g_get_monotonic_time () - t0) / 1000.0;
        if (signed_pdf == NULL)
          signed_pdf = g_bytes_ref (one);
      }

  /* The preview opens the document once and renders pages from it. */
  for (int i = -WARM_UP; i < RUNS; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      PopplerDocument *doc = poppler_document_new_from_bytes (pdf, NULL, &error);
      PopplerPage *page;
      cairo_surface_t *surface;
      cairo_t *cr;
      double w, h;
      gint64 t1;

      g_assert_no_error (error);
      page = poppler_document_get_page (doc, 0);
      poppler_page_get_size (page, &w, &h);
      t1 = g_get_monotonic_time ();
      /* 96 dpi, as a preview on screen. */
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) (w * 96 / 72), (int) (h * 96 / 72));
      cr = cairo_create (surface);
      cairo_scale (cr, 96.0 / 72, 96.0 / 72);
      poppler_page_render (page, cr);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      if (i >= 0)
        {
          page_ms[i] = (g_get_monotonic_time () - t1) / 1000.0;
          open_ms[i] = (t1 - t0) / 1000.0;
        }
      g_object_unref (page);
      g_object_unref (doc);
    }

  r = median (render_ms, RUNS);
  p = median (page_ms, RUNS);
  g_print ("certificate PDF with QR: median %.2f ms over %d runs (target < 15 ms)\n", r, RUNS);
  if (p12 != NULL)
    {
      s = median (sign_ms, RUNS);
      g_print ("signature (RSA-2048, SHA-256): median %.2f ms over %d runs (target < 15 ms)\n", s, RUNS);
      g_print ("loading the .p12 (once per session, PBKDF2): %.1f ms\n", load_ms);
    }
  else
    g_print ("signature: not measured, certtool (gnutls-bin) is not installed\n");
  g_print ("first page at 96 dpi with poppler: median %.2f ms over %d runs (target < 10 ms)\n", p, RUNS);
  g_print ("opening the PDF with poppler (before rendering): median %.2f ms\n", median (open_ms, RUNS));
  g_print ("PDF size: %" G_GSIZE_FORMAT " bytes unsigned, %" G_GSIZE_FORMAT " bytes signed (target < 100 KB)\n",
           g_bytes_get_size (pdf), signed_pdf != NULL ? g_bytes_get_size (signed_pdf) : 0);

  ok = r < 15 && s < 15 && p < 10 && g_bytes_get_size (pdf) < 100 * 1024;
  if (!ok)
    g_print ("a target was missed\n");

  {
    const char *names[] = { "t.tmpl", "k.pem", "c.pem", "b.p12" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = g_build_filename (dir, names[i], NULL);

        g_unlink (path);
      }
    g_rmdir (dir);
  }
  fixture_clear (&f);
  return ok ? 0 : 1;
}
