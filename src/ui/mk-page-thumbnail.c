/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small pictures of scanned pages, for the scan dialog's page list. */

#define G_LOG_DOMAIN "mk-page-thumbnail"

#include "mk-page-thumbnail.h"

/* Nearest-neighbour sampling is enough for a thumbnail and costs a few
 * thousand reads, so a 300 dpi page needs no worker thread. */
static GdkPixbuf *
sample_raw (MkPage *page,
            int     size)
{
  guint width = mk_page_get_width (page);
  guint height = mk_page_get_height (page);
  gsize stride = mk_page_get_stride (page);
  MkPageFormat format = mk_page_get_format (page);
  gsize length;
  const guint8 *src = g_bytes_get_data (mk_page_get_data (page), &length);
  double scale = (double) size / MAX (width, height);
  int tw = MAX (1, (int) (width * scale));
  int th = MAX (1, (int) (height * scale));
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, tw, th);
  guint8 *dst = gdk_pixbuf_get_pixels (pixbuf);
  int dst_stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < th; y++)
    {
      guint sy = MIN (height - 1, (guint) (y / scale));
      const guint8 *row = src + sy * stride;

      for (int x = 0; x < tw; x++)
        {
          guint sx = MIN (width - 1, (guint) (x / scale));
          guint8 *p = dst + y * dst_stride + x * 3;
          guint8 r, g, b;

          if (sy * stride + stride > length)
            r = g = b = 255;
          else if (format == MK_PAGE_FORMAT_GRAY1)
            r = g = b = (row[sx / 8] & (0x80 >> (sx % 8))) ? 0 : 255;
          else if (format == MK_PAGE_FORMAT_GRAY8)
            r = g = b = row[sx];
          else
            {
              r = row[sx * 3];
              g = row[sx * 3 + 1];
              b = row[sx * 3 + 2];
            }
          p[0] = r;
          p[1] = g;
          p[2] = b;
        }
    }
  return pixbuf;
}

static GdkPixbuf *
decode_jpeg (MkPage *page,
             int     size)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("jpeg", NULL);
  GBytes *data = mk_page_get_data (page);
  guint width = mk_page_get_width (page);
  guint height = mk_page_get_height (page);
  double scale = (double) size / MAX (width, height);
  GdkPixbuf *pixbuf;

  if (loader == NULL)
    return NULL;
  gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale)), MAX (1, (int) (height * scale)));
  if (!gdk_pixbuf_loader_write_bytes (loader, data, NULL) || !gdk_pixbuf_loader_close (loader, NULL))
    return NULL;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  return pixbuf != NULL ? g_object_ref (pixbuf) : NULL;
}

GdkPixbuf *
mk_page_thumbnail (MkPage *page,
                   int     size)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  static const GdkPixbufRotation turns[] = {
    GDK_PIXBUF_ROTATE_NONE, GDK_PIXBUF_ROTATE_CLOCKWISE,
    GDK_PIXBUF_ROTATE_UPSIDEDOWN, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE,
  };

  g_return_val_if_fail (MK_IS_PAGE (page), NULL);
  g_return_val_if_fail (size > 0, NULL);

  if (mk_page_get_width (page) == 0 || mk_page_get_height (page) == 0)
    return NULL;
  if (mk_page_get_format (page) == MK_PAGE_FORMAT_JPEG)
    pixbuf = decode_jpeg (page, size);
  else
    pixbuf = sample_raw (page, size);
  if (pixbuf == NULL)
    return NULL;
  return gdk_pixbuf_rotate_simple (pixbuf, turns[mk_page_get_rotation (page) % 4]);
}
