/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Immutable pages and the reorderable page list of one attachment. */

#define G_LOG_DOMAIN "mk-pages"

#include "mk-pages.h"

struct _MkPage
{
  GObject       parent_instance;

  MkPageFormat  format;
  guint         width;
  guint         height;
  gsize         stride;
  guint         dpi;
  guint         n_components;
  guint         rotation;
  gboolean      lossless;
  GBytes       *data;
};

G_DEFINE_FINAL_TYPE (MkPage, mk_page, G_TYPE_OBJECT)

static void
mk_page_finalize (GObject *object)
{
  MkPage *self = MK_PAGE (object);

  g_clear_pointer (&self->data, g_bytes_unref);

  G_OBJECT_CLASS (mk_page_parent_class)->finalize (object);
}

static void
mk_page_class_init (MkPageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mk_page_finalize;
}

static void
mk_page_init (MkPage *self)
{
}

static gsize
min_stride (MkPageFormat format,
            guint        width)
{
  switch (format)
    {
    case MK_PAGE_FORMAT_GRAY1:
      return (width + 7) / 8;
    case MK_PAGE_FORMAT_GRAY8:
      return width;
    case MK_PAGE_FORMAT_RGB24:
      return (gsize) width * 3;
    case MK_PAGE_FORMAT_JPEG:
    default:
      return 0;
    }
}

/**
 * mk_page_new:
 * @format: a pixel format other than %MK_PAGE_FORMAT_JPEG
 * @width: width in pixels
 * @height: height in pixels
 * @stride: bytes from one row to the next
 * @dpi: resolution; 0 means 300
 * @data: @stride × @height bytes of pixels
 *
 * Returns: (transfer full): a new page
 */
MkPage *
mk_page_new (MkPageFormat  format,
             guint         width,
             guint         height,
             gsize         stride,
             guint         dpi,
             GBytes       *data)
{
  MkPage *self;

  g_return_val_if_fail (format != MK_PAGE_FORMAT_JPEG, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (stride >= min_stride (format, width), NULL);
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (g_bytes_get_size (data) >= stride * height, NULL);

  self = g_object_new (MK_TYPE_PAGE, NULL);
  self->format = format;
  self->width = width;
  self->height = height;
  self->stride = stride;
  self->dpi = dpi > 0 ? dpi : 300;
  self->n_components = format == MK_PAGE_FORMAT_RGB24 ? 3 : 1;
  /* Line art is always stored without loss; everything else defaults to JPEG. */
  self->lossless = format == MK_PAGE_FORMAT_GRAY1;
  self->data = g_bytes_ref (data);

  return self;
}

/**
 * mk_page_new_jpeg:
 * @jpeg: a complete, already decoded-and-checked JPEG stream
 * @width: its width in pixels
 * @height: its height in pixels
 * @n_components: 1, 3 or 4
 * @dpi: resolution; 0 means 300
 *
 * Returns: (transfer full): a page that keeps @jpeg as it is
 */
MkPage *
mk_page_new_jpeg (GBytes *jpeg,
                  guint   width,
                  guint   height,
                  guint   n_components,
                  guint   dpi)
{
  MkPage *self;

  g_return_val_if_fail (jpeg != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (n_components == 1 || n_components == 3 || n_components == 4, NULL);

  self = g_object_new (MK_TYPE_PAGE, NULL);
  self->format = MK_PAGE_FORMAT_JPEG;
  self->width = width;
  self->height = height;
  self->stride = 0;
  self->dpi = dpi > 0 ? dpi : 300;
  self->n_components = n_components;
  self->data = g_bytes_ref (jpeg);

  return self;
}

MkPageFormat
mk_page_get_format (MkPage *page)
{
  g_return_val_if_fail (MK_IS_PAGE (page), MK_PAGE_FORMAT_GRAY8);
  return page->format;
}

guint
mk_page_get_width (MkPage *page)
{
  g_return_val_if_fail (MK_IS_PAGE (page), 0);
  return page->width;
}

guint
mk_page_get_height (MkPage *page)
{
  g_return_val_if_fail (MK_IS_PAGE (page), 0);
  return page->height;
}

gsize
mk_page_get_stride (MkPage *page)
{
  g_return_val_if_fail (MK_IS_PAGE (page), 0);
  return page->stride;
}

guint
mk_page_get_dpi (MkPage *page)
{
  g_return_val_if_fail (MK_IS_PAGE (page), 0);
  return page->dpi;
}

guint
mk_page_get_n_components (MkPage *page)
{
  g_return_val_if_fail (MK_IS_PAGE (page), 0);
  return page->n_components;
}

/**
 * mk_page_get_data:
 * @page: a page
 *
 * Returns: (transfer none): the pixels or the JPEG stream
 */
GBytes *
mk_page_get_data (MkPage *page)
{
  g_return_val_if_fail (MK_IS_PAGE (page), NULL);
  return page->data;
}

guint
mk_page_get_rotation (MkPage *page)
{
  g_return_val_if_fail (MK_IS_PAGE (page), 0);
  return page->rotation;
}

gboolean
mk_page_get_lossless (MkPage *page)
{
  g_return_val_if_fail (MK_IS_PAGE (page), FALSE);
  return page->lossless;
}

static MkPage *
page_copy (MkPage *page)
{
  MkPage *copy = g_object_new (MK_TYPE_PAGE, NULL);

  copy->format = page->format;
  copy->width = page->width;
  copy->height = page->height;
  copy->stride = page->stride;
  copy->dpi = page->dpi;
  copy->n_components = page->n_components;
  copy->rotation = page->rotation;
  copy->lossless = page->lossless;
  copy->data = g_bytes_ref (page->data);

  return copy;
}

/**
 * mk_page_rotate:
 * @page: a page
 * @quarter_turns: clockwise quarter turns to add; negative turns anticlockwise
 *
 * The pixels are shared, not turned: the rotation is applied when the PDF
 * page is drawn, so a JPEG page is never re-encoded.
 *
 * Returns: (transfer full): the turned page
 */
MkPage *
mk_page_rotate (MkPage *page,
                int     quarter_turns)
{
  MkPage *copy;
  int turns;

  g_return_val_if_fail (MK_IS_PAGE (page), NULL);

  copy = page_copy (page);
  turns = ((int) page->rotation + quarter_turns) % 4;
  copy->rotation = (guint) (turns < 0 ? turns + 4 : turns);

  return copy;
}

/**
 * mk_page_with_lossless:
 * @page: a page
 * @lossless: whether to store the page without loss
 *
 * Returns: (transfer full): a copy of @page with the storage choice changed
 */
MkPage *
mk_page_with_lossless (MkPage   *page,
                       gboolean  lossless)
{
  MkPage *copy;

  g_return_val_if_fail (MK_IS_PAGE (page), NULL);

  copy = page_copy (page);
  /* A JPEG page is kept as it came; line art can only be stored losslessly. */
  if (page->format != MK_PAGE_FORMAT_JPEG && page->format != MK_PAGE_FORMAT_GRAY1)
    copy->lossless = !!lossless;

  return copy;
}

void
mk_page_get_size_points (MkPage *page,
                         double *width,
                         double *height)
{
  double w, h;

  g_return_if_fail (MK_IS_PAGE (page));

  w = page->width * 72.0 / page->dpi;
  h = page->height * 72.0 / page->dpi;
  if (page->rotation % 2 == 1)
    {
      double t = w;
      w = h;
      h = t;
    }
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
}

/* ---- MkPageList ---------------------------------------------------------- */

struct _MkPageList
{
  GObject    parent_instance;

  GPtrArray *pages;
};

static void mk_page_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MkPageList, mk_page_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, mk_page_list_model_init))

static GType
mk_page_list_get_item_type (GListModel *model)
{
  return MK_TYPE_PAGE;
}

static guint
mk_page_list_get_n_items (GListModel *model)
{
  return MK_PAGE_LIST (model)->pages->len;
}

static gpointer
mk_page_list_get_item (GListModel *model,
                       guint       position)
{
  MkPageList *self = MK_PAGE_LIST (model);

  if (position >= self->pages->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->pages, position));
}

static void
mk_page_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = mk_page_list_get_item_type;
  iface->get_n_items = mk_page_list_get_n_items;
  iface->get_item = mk_page_list_get_item;
}

static void
mk_page_list_finalize (GObject *object)
{
  MkPageList *self = MK_PAGE_LIST (object);

  g_clear_pointer (&self->pages, g_ptr_array_unref);

  G_OBJECT_CLASS (mk_page_list_parent_class)->finalize (object);
}

static void
mk_page_list_class_init (MkPageListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mk_page_list_finalize;
}

static void
mk_page_list_init (MkPageList *self)
{
  self->pages = g_ptr_array_new_with_free_func (g_object_unref);
}

MkPageList *
mk_page_list_new (void)
{
  return g_object_new (MK_TYPE_PAGE_LIST, NULL);
}

guint
mk_page_list_get_n_pages (MkPageList *list)
{
  g_return_val_if_fail (MK_IS_PAGE_LIST (list), 0);
  return list->pages->len;
}

/**
 * mk_page_list_get_page:
 * @list: a page list
 * @position: index of the page
 *
 * Returns: (transfer none) (nullable): the page, or %NULL past the end
 */
MkPage *
mk_page_list_get_page (MkPageList *list,
                       guint       position)
{
  g_return_val_if_fail (MK_IS_PAGE_LIST (list), NULL);

  if (position >= list->pages->len)
    return NULL;
  return g_ptr_array_index (list->pages, position);
}

void
mk_page_list_insert (MkPageList *list,
                     guint       position,
                     MkPage     *page)
{
  g_return_if_fail (MK_IS_PAGE_LIST (list));
  g_return_if_fail (MK_IS_PAGE (page));

  position = MIN (position, list->pages->len);
  g_ptr_array_insert (list->pages, (gint) position, g_object_ref (page));
  g_list_model_items_changed (G_LIST_MODEL (list), position, 0, 1);
}

void
mk_page_list_append (MkPageList *list,
                     MkPage     *page)
{
  g_return_if_fail (MK_IS_PAGE_LIST (list));

  mk_page_list_insert (list, list->pages->len, page);
}

void
mk_page_list_remove (MkPageList *list,
                     guint       position)
{
  g_return_if_fail (MK_IS_PAGE_LIST (list));
  g_return_if_fail (position < list->pages->len);

  g_ptr_array_remove_index (list->pages, position);
  g_list_model_items_changed (G_LIST_MODEL (list), position, 1, 0);
}

void
mk_page_list_replace (MkPageList *list,
                      guint       position,
                      MkPage     *page)
{
  MkPage *old;

  g_return_if_fail (MK_IS_PAGE_LIST (list));
  g_return_if_fail (MK_IS_PAGE (page));
  g_return_if_fail (position < list->pages->len);

  old = g_ptr_array_index (list->pages, position);
  g_ptr_array_index (list->pages, position) = g_object_ref (page);
  g_object_unref (old);
  g_list_model_items_changed (G_LIST_MODEL (list), position, 1, 1);
}

void
mk_page_list_move (MkPageList *list,
                   guint       from,
                   guint       to)
{
  MkPage *page;

  g_return_if_fail (MK_IS_PAGE_LIST (list));
  g_return_if_fail (from < list->pages->len);
  g_return_if_fail (to < list->pages->len);

  if (from == to)
    return;

  page = g_ptr_array_steal_index (list->pages, from);
  g_ptr_array_insert (list->pages, (gint) to, page);
  g_list_model_items_changed (G_LIST_MODEL (list), MIN (from, to),
                              MAX (from, to) - MIN (from, to) + 1,
                              MAX (from, to) - MIN (from, to) + 1);
}

void
mk_page_list_rotate (MkPageList *list,
                     guint       position,
                     int         quarter_turns)
{
  g_autoptr(MkPage) turned = NULL;

  g_return_if_fail (MK_IS_PAGE_LIST (list));
  g_return_if_fail (position < list->pages->len);

  turned = mk_page_rotate (g_ptr_array_index (list->pages, position), quarter_turns);
  mk_page_list_replace (list, position, turned);
}

void
mk_page_list_clear (MkPageList *list)
{
  guint n;

  g_return_if_fail (MK_IS_PAGE_LIST (list));

  n = list->pages->len;
  if (n == 0)
    return;
  g_ptr_array_set_size (list->pages, 0);
  g_list_model_items_changed (G_LIST_MODEL (list), 0, n, 0);
}
