/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QR codes read with libzbar straight from pixels in memory: no temporary
 * file and no child process. */

#define G_LOG_DOMAIN "mk-import"

#include "mk-qr-reader.h"
#include "mk-import.h"
#include "mk-file.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <poppler.h>
#include <string.h>
#include <zbar.h>

/* 200 dpi: the printed QR modules come out several pixels wide. */
#define PDF_DPI 200.0
/* A rendered page stays under this many pixels, whatever its size in points. */
#define PDF_MAX_PIXELS (40.0 * 1000 * 1000)

static const char *
shown_name (const char *name)
{
  return name != NULL ? name : _("the file");
}

char *
mk_qr_read_grey (const guint8  *pixels,
                 guint          width,
                 guint          height,
                 gsize          stride,
                 GError       **error)
{
  zbar_image_scanner_t *scanner;
  zbar_image_t *image;
  const zbar_symbol_t *symbol;
  guint8 *packed;
  char *text = NULL;

  g_return_val_if_fail (pixels != NULL, NULL);
  g_return_val_if_fail (stride >= width, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* zbar's Y800 format has no stride: pack the rows. zbar frees it. */
  packed = malloc ((gsize) width * height);
  if (packed == NULL)
    {
      g_set_error_literal (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_TOO_LARGE,
                           _("The picture is too large to look for a QR code in it."));
      return NULL;
    }
  for (guint y = 0; y < height; y++)
    memcpy (packed + (gsize) y * width, pixels + (gsize) y * stride, width);

  scanner = zbar_image_scanner_create ();
  zbar_image_scanner_set_config (scanner, 0, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  image = zbar_image_create ();
  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, width, height);
  zbar_image_set_data (image, packed, (unsigned long) width * height, zbar_image_free_data);

  if (zbar_scan_image (scanner, image) > 0)
    for (symbol = zbar_image_first_symbol (image); symbol != NULL;
         symbol = zbar_symbol_next (symbol))
      if (zbar_symbol_get_type (symbol) == ZBAR_QRCODE)
        {
          const char *data = zbar_symbol_get_data (symbol);
          unsigned int length = zbar_symbol_get_data_length (symbol);

          /* Our codes are UTF-8 text; anything else is not one of ours. */
          if (data != NULL && g_utf8_validate (data, length, NULL)
              && memchr (data, '\0', length) == NULL)
            {
              text = g_strndup (data, length);
              break;
            }
        }

  zbar_image_destroy (image);
  zbar_image_scanner_destroy (scanner);

  if (text == NULL)
    g_set_error_literal (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_NO_CODE,
                         _("No QR code could be read in the picture."));
  return text;
}

char *
mk_qr_read_surface (cairo_surface_t  *surface,
                    GError          **error)
{
  cairo_format_t format;
  const guint8 *data;
  guint width, height;
  gsize stride;
  g_autofree guint8 *grey = NULL;

  g_return_val_if_fail (surface != NULL, NULL);
  g_return_val_if_fail (cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE, NULL);

  cairo_surface_flush (surface);
  format = cairo_image_surface_get_format (surface);
  data = cairo_image_surface_get_data (surface);
  width = (guint) cairo_image_surface_get_width (surface);
  height = (guint) cairo_image_surface_get_height (surface);
  stride = (gsize) cairo_image_surface_get_stride (surface);
  if (data == NULL || width == 0 || height == 0)
    {
      g_set_error_literal (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_NO_CODE,
                           _("No QR code could be read in the picture."));
      return NULL;
    }
  if (format == CAIRO_FORMAT_A8)
    return mk_qr_read_grey (data, width, height, stride, error);
  if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
    {
      g_set_error_literal (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_UNSUPPORTED,
                           _("The picture’s pixel format cannot be read."));
      return NULL;
    }

  grey = g_malloc ((gsize) width * height);
  for (guint y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (data + y * stride);

      for (guint x = 0; x < width; x++)
        {
          guint32 p = row[x];
          guint a = format == CAIRO_FORMAT_ARGB32 ? p >> 24 : 255;
          /* Premultiplied over white: a transparent pixel is paper. */
          guint r = ((p >> 16) & 0xff) + 255 - a;
          guint g = ((p >> 8) & 0xff) + 255 - a;
          guint b = (p & 0xff) + 255 - a;

          grey[(gsize) y * width + x] = (guint8) ((299 * r + 587 * g + 114 * b) / 1000);
        }
    }
  return mk_qr_read_grey (grey, width, height, width, error);
}

static char *
read_pdf (GBytes        *data,
          const char    *name,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  PopplerDocument *doc;
  PopplerPage *page;
  cairo_surface_t *surface;
  cairo_t *cr;
  double width, height, scale;
  char *text;

  if (mk_import_check_pdf (data, error) == 0)
    return NULL;
  /* poppler-glib 22.12 has no autoptr: unref by hand. */
  doc = poppler_document_new_from_bytes (data, NULL, error);
  if (doc == NULL)
    return NULL;
  page = poppler_document_get_page (doc, 0);
  g_object_unref (doc);
  if (page == NULL)
    {
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_NO_PAGES,
                   _("%s has no pages."), shown_name (name));
      return NULL;
    }
  poppler_page_get_size (page, &width, &height);
  scale = PDF_DPI / 72.0;
  if (width * height * scale * scale > PDF_MAX_PIXELS)
    scale = sqrt (PDF_MAX_PIXELS / (width * height));
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, MAX (1, (int) (width * scale)),
                                        MAX (1, (int) (height * scale)));
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_object_unref (page);
      cairo_surface_destroy (surface);
      g_set_error_literal (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_TOO_LARGE,
                           _("The picture is too large to look for a QR code in it."));
      return NULL;
    }
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);
  g_object_unref (page);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  text = mk_qr_read_surface (surface, &local_error);
  cairo_surface_destroy (surface);
  if (text == NULL)
    {
      if (g_error_matches (local_error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_NO_CODE))
        g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_NO_CODE,
                     _("No QR code could be read in %s."), shown_name (name));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return text;
}

char *
mk_qr_read_bytes (GBytes        *data,
                  const char    *name,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(MkPage) page = NULL;
  g_autofree guint8 *grey = NULL;
  gsize length, stride = 0;
  const guint8 *bytes;
  char *text;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_bytes_get_data (data, &length);
  if (mk_import_sniff (bytes, length) == MK_IMPORT_KIND_PDF)
    return read_pdf (data, name, cancellable, error);

  /* Pictures go through the importer: the same size, page and pixel limits
   * as an attachment, so a hostile file is refused before it is decoded;
   * only the first page is decoded. */
  page = mk_import_decode_first (data, NULL, 0, error);
  if (page == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  grey = mk_import_page_grey (page, &stride, error);
  if (grey == NULL)
    return NULL;
  text = mk_qr_read_grey (grey, mk_page_get_width (page), mk_page_get_height (page), stride,
                          &local_error);
  if (text == NULL)
    {
      if (g_error_matches (local_error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_NO_CODE))
        g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_NO_CODE,
                     _("No QR code could be read in %s."), shown_name (name));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return text;
}

char *
mk_qr_read_file (GFile         *file,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GBytes) data = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_parse_name (file);
  data = mk_file_read_gfile (file, MK_IMPORT_DEFAULT_MAX_SIZE, cancellable, error);
  if (data == NULL)
    return NULL;
  return mk_qr_read_bytes (data, name, cancellable, error);
}

static void
read_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  char *text = mk_qr_read_file (G_FILE (task_data), cancellable, &error);

  if (text != NULL)
    g_task_return_pointer (task, text, g_free);
  else
    g_task_return_error (task, error);
}

void
mk_qr_read_file_async (GFile               *file,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mk_qr_read_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, read_file_thread);
}

char *
mk_qr_read_file_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
