/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of mk-qr-reader: QR codes read with libzbar from surfaces, pictures
 * (PNG, JPEG, grey and line-art pages) and PDFs, in memory and in a worker thread. */

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mk-import.h"
#include "mk-qr.h"
#include "mk-qr-reader.h"

static const char payload[] =
  "MKJ1|certificate|3505-2026-000123|2026-03-31|0000123456789012|3f2a9c0d1e2b3a4c";

/* A 600×800 grey page with the code in its lower right corner. */
static cairo_surface_t *
page_with_code (const char *text)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 800);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GError) error = NULL;

  cairo_set_source_rgb (cr, 0.93, 0.93, 0.9);
  cairo_paint (cr);
  if (text != NULL)
    {
      g_assert_true (mk_qr_draw (cr, text, 350, 550, 200, &error));
      g_assert_no_error (error);
    }
  cairo_destroy (cr);
  return surface;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
png_of (cairo_surface_t *surface)
{
  GByteArray *out = g_byte_array_new ();

  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_bytes, out), ==, CAIRO_STATUS_SUCCESS);
  return g_byte_array_free_to_bytes (out);
}

static void
test_surface (void)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = page_with_code (payload);
  g_autofree char *text = mk_qr_read_surface (surface, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, payload);
  cairo_surface_destroy (surface);
}

/* A page without a code: a clear error, not an empty text. */
static void
test_no_code (void)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = page_with_code (NULL);
  g_autoptr(GBytes) png = png_of (surface);
  g_autofree char *text = mk_qr_read_bytes (png, "blank.png", NULL, &error);

  g_assert_null (text);
  g_assert_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_NO_CODE);
  g_assert_nonnull (strstr (error->message, "blank.png"));
  cairo_surface_destroy (surface);
}

static void
test_png (void)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = page_with_code (payload);
  g_autoptr(GBytes) png = png_of (surface);
  g_autofree char *text = mk_qr_read_bytes (png, "scan.png", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, payload);
  cairo_surface_destroy (surface);
}

/* A photo: the importer keeps JPEG streams as they are, so the reader
 * decodes the stream itself. */
static void
test_jpeg (void)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = page_with_code (payload);
  g_autoptr(GBytes) png = png_of (surface);
  g_autoptr(MkPageList) pages = mk_import_decode (png, "scan.png", 0, &error);
  g_autoptr(GBytes) jpeg = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  jpeg = mk_import_encode_jpeg (mk_page_list_get_page (pages, 0), 85, &error);
  g_assert_no_error (error);
  g_assert_nonnull (jpeg);
  g_assert_cmpmem (g_bytes_get_data (jpeg, NULL), 2, "\xff\xd8", 2);
  text = mk_qr_read_bytes (jpeg, "photo.jpg", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, payload);
  cairo_surface_destroy (surface);
}

/* A4 PDF with the code drawn as vectors, as the printed documents are. */
static GBytes *
pdf_with_code (void)
{
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream (append_bytes, out, 595, 842);
  cairo_t *cr = cairo_create (pdf);
  g_autoptr(GError) error = NULL;

  g_assert_true (mk_qr_draw (cr, payload, 440, 700, 100, &error));
  g_assert_no_error (error);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  cairo_surface_destroy (pdf);
  return g_byte_array_free_to_bytes (out);
}

static void
test_pdf (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = pdf_with_code ();
  g_autofree char *text = mk_qr_read_bytes (pdf, "certificate.pdf", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, payload);
}

/* Not a picture at all: the importer's own message. */
static void
test_not_a_picture (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) junk = g_bytes_new_static ("hello, world", 12);
  g_autofree char *text = mk_qr_read_bytes (junk, "notes.txt", NULL, &error);

  g_assert_null (text);
  g_assert_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_UNSUPPORTED);
}

typedef struct {
  GMainLoop *loop;
  char      *text;
  GError    *error;
  GThread   *caller;
} AsyncResult;

static void
read_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncResult *r = user_data;

  /* The callback comes back to the caller's main context. */
  g_assert_true (g_thread_self () == r->caller);
  r->text = mk_qr_read_file_finish (result, &r->error);
  g_main_loop_quit (r->loop);
}

static void
test_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = pdf_with_code ();
  g_autofree char *dir = g_dir_make_tmp ("mk-qr-reader-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "certificate.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  AsyncResult r = { g_main_loop_new (NULL, FALSE), NULL, NULL, g_thread_self () };

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), &error));

  mk_qr_read_file_async (file, NULL, read_done, &r);
  g_main_loop_run (r.loop);
  g_assert_no_error (r.error);
  g_assert_cmpstr (r.text, ==, payload);
  g_clear_pointer (&r.text, g_free);

  /* Cancelled before it ran: nothing is read. */
  g_cancellable_cancel (cancelled);
  mk_qr_read_file_async (file, cancelled, read_done, &r);
  g_main_loop_run (r.loop);
  g_assert_null (r.text);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);

  g_main_loop_unref (r.loop);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/qr-reader/surface", test_surface);
  g_test_add_func ("/qr-reader/no-code", test_no_code);
  g_test_add_func ("/qr-reader/png", test_png);
  g_test_add_func ("/qr-reader/jpeg", test_jpeg);
  g_test_add_func ("/qr-reader/pdf", test_pdf);
  g_test_add_func ("/qr-reader/not-a-picture", test_not_a_picture);
  g_test_add_func ("/qr-reader/async", test_async);
  return g_test_run ();
}
