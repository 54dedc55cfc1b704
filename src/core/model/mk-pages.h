/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scanned or imported pages and the editable page list an attachment is built from. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * MkPageFormat:
 * @MK_PAGE_FORMAT_GRAY1: one bit per pixel, most significant bit first, a set
 *   bit is black (the SANE line-art convention); rows are @stride bytes apart.
 * @MK_PAGE_FORMAT_GRAY8: eight bits per pixel, 0 is black.
 * @MK_PAGE_FORMAT_RGB24: three bytes per pixel, red first.
 * @MK_PAGE_FORMAT_JPEG: the page holds a JPEG stream (already validated), stored
 *   in the PDF as it is.
 *
 * How the pixels of a #MkPage are held.
 */
typedef enum {
  MK_PAGE_FORMAT_GRAY1,
  MK_PAGE_FORMAT_GRAY8,
  MK_PAGE_FORMAT_RGB24,
  MK_PAGE_FORMAT_JPEG,
} MkPageFormat;

#define MK_TYPE_PAGE (mk_page_get_type ())
G_DECLARE_FINAL_TYPE (MkPage, mk_page, MK, PAGE, GObject)

/* A page is immutable, so the scanner and import threads may share it freely. */
MkPage       *mk_page_new             (MkPageFormat  format,
                                       guint         width,
                                       guint         height,
                                       gsize         stride,
                                       guint         dpi,
                                       GBytes       *data);
MkPage       *mk_page_new_jpeg        (GBytes       *jpeg,
                                       guint         width,
                                       guint         height,
                                       guint         n_components,
                                       guint         dpi);
MkPageFormat  mk_page_get_format      (MkPage       *page);
guint         mk_page_get_width       (MkPage       *page);
guint         mk_page_get_height      (MkPage       *page);
gsize         mk_page_get_stride      (MkPage       *page);
guint         mk_page_get_dpi         (MkPage       *page);
/* For MK_PAGE_FORMAT_JPEG: 1 (grey), 3 (colour) or 4 (CMYK); else 1 or 3. */
guint         mk_page_get_n_components (MkPage      *page);
/* Pixels, or the JPEG stream for MK_PAGE_FORMAT_JPEG. */
GBytes       *mk_page_get_data        (MkPage       *page);
/* Clockwise quarter turns (0..3) applied when the page is drawn. */
guint         mk_page_get_rotation    (MkPage       *page);
/* When TRUE the page is stored losslessly (drawings, few colours) instead of as JPEG. */
gboolean      mk_page_get_lossless    (MkPage       *page);
/* A new page sharing the pixels of @page, turned by @quarter_turns more (negative: anticlockwise). */
MkPage       *mk_page_rotate          (MkPage       *page,
                                       int           quarter_turns);
MkPage       *mk_page_with_lossless   (MkPage       *page,
                                       gboolean      lossless);
/* Page size in PDF points (1/72 inch) after rotation. */
void          mk_page_get_size_points (MkPage       *page,
                                       double       *width,
                                       double       *height);

#define MK_TYPE_PAGE_LIST (mk_page_list_get_type ())
G_DECLARE_FINAL_TYPE (MkPageList, mk_page_list, MK, PAGE_LIST, GObject)

/* A #GListModel of #MkPage: the pages of one attachment before its PDF is written. */
MkPageList *mk_page_list_new      (void);
guint       mk_page_list_get_n_pages (MkPageList *list);
/* Borrowed reference. */
MkPage     *mk_page_list_get_page (MkPageList *list,
                                   guint       position);
void        mk_page_list_append   (MkPageList *list,
                                   MkPage     *page);
void        mk_page_list_insert   (MkPageList *list,
                                   guint       position,
                                   MkPage     *page);
void        mk_page_list_remove   (MkPageList *list,
                                   guint       position);
/* Re-scan of one page: @page takes the place of the page at @position. */
void        mk_page_list_replace  (MkPageList *list,
                                   guint       position,
                                   MkPage     *page);
/* Moves the page at @from so that it ends up at index @to. */
void        mk_page_list_move     (MkPageList *list,
                                   guint       from,
                                   guint       to);
void        mk_page_list_rotate   (MkPageList *list,
                                   guint       position,
                                   int         quarter_turns);
void        mk_page_list_clear    (MkPageList *list);

G_END_DECLS
