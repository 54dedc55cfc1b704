/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of mk-qr: the payload format, the digest and the drawn code (decoded with zbarimg). */
#include <string.h>
#include <glib/gstdio.h>
#include <cairo.h>

#include "mk-qr.h"

/* The digest is SHA-256 cut to 16 hex digits, so the store can recompute it. */
static void
test_digest (void)
{
  g_autofree char *a = mk_qr_digest ("MKJ1\ntype=certificate\n");
  g_autofree char *b = mk_qr_digest ("MKJ1\ntype=certificate\n");
  g_autofree char *c = mk_qr_digest ("MKJ1\ntype=refusal\n");
  g_autofree char *empty = mk_qr_digest ("");

  g_assert_cmpuint (strlen (a), ==, MK_QR_DIGEST_LENGTH);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
  /* SHA-256 of the empty string begins e3b0c442 98fc1c14. */
  g_assert_cmpstr (empty, ==, "e3b0c44298fc1c14");
}

static void
test_build_parse (void)
{
  GDate date;
  g_autofree char *text = NULL;
  g_autofree char *no_rca = NULL;
  g_autoptr(MkQrPayload) payload = NULL;
  g_autoptr(GError) error = NULL;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 31, 3, 2026);
  /* §6: the certificate carries its address registration code. */
  text = mk_qr_payload_build ("certificate", "3505-2026-000123", &date, "0000123456789012", "3f2a9c0d1e2b3a4c");
  g_assert_cmpstr (text, ==, "MKJ1|certificate|3505-2026-000123|2026-03-31|0000123456789012|3f2a9c0d1e2b3a4c");

  payload = mk_qr_payload_parse (text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (payload->kind, ==, "certificate");
  g_assert_cmpstr (payload->number, ==, "3505-2026-000123");
  g_assert_cmpint (g_date_compare (&payload->date, &date), ==, 0);
  g_assert_cmpstr (payload->rca, ==, "0000123456789012");
  g_assert_cmpstr (payload->digest, ==, "3f2a9c0d1e2b3a4c");
  g_clear_pointer (&payload, mk_qr_payload_free);

  /* §13: a receipt has no address code yet. */
  no_rca = mk_qr_payload_build ("receipt", "3501-2026-000001", &date, NULL, "0123456789abcdef");
  g_assert_cmpstr (no_rca, ==, "MKJ1|receipt|3501-2026-000001|2026-03-31||0123456789abcdef");
  payload = mk_qr_payload_parse (no_rca, &error);
  g_assert_no_error (error);
  g_assert_null (payload->rca);
}

static const struct {
  const char *name;
  const char *text;
} bad_payloads[] = {
  { "empty", "" },
  { "other-magic", "MKJ2|certificate|1|2026-03-31||0123456789abcdef" },
  { "too-few-fields", "MKJ1|certificate|1|2026-03-31|0123456789abcdef" },
  { "too-many-fields", "MKJ1|certificate|1|2026-03-31|||0123456789abcdef" },
  { "no-kind", "MKJ1||1|2026-03-31||0123456789abcdef" },
  { "no-number", "MKJ1|certificate||2026-03-31||0123456789abcdef" },
  { "bad-date", "MKJ1|certificate|1|2026-02-30||0123456789abcdef" },
  { "short-date", "MKJ1|certificate|1|2026-3-31||0123456789abcdef" },
  { "rca-15-digits", "MKJ1|certificate|1|2026-03-31|000012345678901|0123456789abcdef" },
  { "rca-letters", "MKJ1|certificate|1|2026-03-31|00001234567890AB|0123456789abcdef" },
  { "digest-short", "MKJ1|certificate|1|2026-03-31||0123" },
  { "digest-upper", "MKJ1|certificate|1|2026-03-31||0123456789ABCDEF" },
  { "url", "https://example.org/" },
};

static void
test_parse_bad (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(MkQrPayload) payload = mk_qr_payload_parse (bad_payloads[i].text, &error);

  g_assert_null (payload);
  g_assert_error (error, MK_QR_ERROR, MK_QR_ERROR_FORMAT);
}

/* The drawn code decodes back to the payload, quiet zone included. */
static void
test_draw_decode (void)
{
  const char *payload = "MKJ1|certificate|3505-2026-000123|2026-03-31|0000123456789012|3f2a9c0d1e2b3a4c";
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  g_autofree char *dir = g_dir_make_tmp ("mk-qr-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "qr.png", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  int status = 0;
  const char *argv[] = { "zbarimg", "--raw", "-q", png, NULL };

  /* 200 points at 2 px per point: a page-sized code at 144 dpi. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 300, 300);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 0.8, 0.8, 0.8);
  cairo_paint (cr);
  g_assert_true (mk_qr_draw (cr, payload, 50, 50, 200, &error));
  g_assert_no_error (error);
  /* The quiet zone is painted white over the grey background. */
  cairo_surface_flush (surface);
  {
    const guint32 *pixels = (const guint32 *) cairo_image_surface_get_data (surface);
    int stride = cairo_image_surface_get_stride (surface) / 4;

    g_assert_cmphex (pixels[52 * stride + 52] & 0xffffff, ==, 0xffffff);
    g_assert_cmphex (pixels[10 * stride + 10] & 0xffffff, ==, 0xcccccc);
  }
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  if (zbarimg == NULL)
    {
      g_test_skip ("zbarimg (zbar-tools) is not installed");
    }
  else
    {
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_cmpstr (g_strchomp (out), ==, payload);
    }
  g_unlink (png);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/qr/digest", test_digest);
  g_test_add_func ("/qr/build-parse", test_build_parse);
  for (guint i = 0; i < G_N_ELEMENTS (bad_payloads); i++)
    {
      g_autofree char *path = g_strdup_printf ("/qr/parse-bad/%s", bad_payloads[i].name);

      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_parse_bad);
    }
  g_test_add_func ("/qr/draw-decode", test_draw_decode);
  return g_test_run ();
}
