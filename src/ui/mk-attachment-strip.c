/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The attachments of one checklist item: thumbnails, open, remove, scan, attach files, drop files. */

#define G_LOG_DOMAIN "mk-attachment-strip"

#include <glib/gi18n-lib.h>
#include <poppler.h>
#include <string.h>

#include "mk-attachment-strip.h"
#include "mk-attachment-viewer.h"
#include "mk-scan-dialog.h"
#include "mk-ui-util.h"

/* Thumbnails fit this box, in pixels. */
#define THUMB_WIDTH 120
#define THUMB_HEIGHT 160

/* ---- Waiting imports (intake) ------------------------------------------- */

void
mk_pending_attachment_free (MkPendingAttachment *pending)
{
  if (pending == NULL)
    return;
  g_free (pending->file_name);
  g_clear_pointer (&pending->result, mk_import_result_free);
  g_free (pending);
}

GHashTable *
mk_pending_attachments_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
}

GPtrArray *
mk_pending_attachments_for_kind (GHashTable *pending,
                                 const char *doc_kind)
{
  GPtrArray *list;

  g_return_val_if_fail (pending != NULL, NULL);
  g_return_val_if_fail (doc_kind != NULL, NULL);

  list = g_hash_table_lookup (pending, doc_kind);
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_pending_attachment_free);
      g_hash_table_insert (pending, g_strdup (doc_kind), list);
    }
  return list;
}

static gboolean
not_on_checklist (gpointer key,
                  gpointer value,
                  gpointer user_data)
{
  GPtrArray *items = user_data;

  for (guint i = 0; i < items->len; i++)
    if (g_strcmp0 (((MkCaseItem *) g_ptr_array_index (items, i))->doc_kind, key) == 0)
      return FALSE;
  return TRUE;
}

void
mk_pending_attachments_keep_only (GHashTable *pending,
                                  GPtrArray  *items)
{
  g_return_if_fail (pending != NULL);
  g_return_if_fail (items != NULL);

  g_hash_table_foreach_remove (pending, not_on_checklist, items);
}

gboolean
mk_pending_attachments_store (GHashTable   *pending,
                              MkStore      *store,
                              const MkUser *actor,
                              MkCase       *c,
                              GError      **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (pending != NULL, FALSE);
  g_return_val_if_fail (MK_IS_STORE (store), FALSE);
  g_return_val_if_fail (c != NULL && c->id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_hash_table_iter_init (&iter, pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *list = value;

      while (list->len > 0)
        {
          MkPendingAttachment *p = g_ptr_array_index (list, 0);

          if (mk_store_add_attachment (store, actor, c, key, p->file_name, p->result, error) == 0)
            return FALSE;
          g_ptr_array_remove_index (list, 0);
        }
    }
  return TRUE;
}

/* ---- One attachment: thumbnail, caption, open and remove ---------------- */

#define MK_TYPE_ATTACHMENT_TILE (mk_attachment_tile_get_type ())
G_DECLARE_FINAL_TYPE (MkAttachmentTile, mk_attachment_tile, MK, ATTACHMENT_TILE, GtkBox)

struct _MkAttachmentTile
{
  GtkBox             parent_instance;

  GtkButton         *open_button;
  GtkImage          *thumbnail;
  GtkLabel          *caption_label;
  GtkButton         *remove_button;
  GtkMenuButton     *remove_menu_button;
  GtkPopover        *remove_popover;
  GtkEntry          *reason_entry;
  GtkButton         *remove_confirm_button;

  MkAttachmentStrip *strip;   /* not owned: the strip holds its tiles */
  guint              index;
  gboolean           drawn;
};

G_DEFINE_FINAL_TYPE (MkAttachmentTile, mk_attachment_tile, GTK_TYPE_BOX)

static void strip_open_activated  (MkAttachmentStrip *self,
                                   guint              index);
static void strip_remove_activated (MkAttachmentStrip *self,
                                    guint              index,
                                    const char        *reason);

static void
open_clicked_cb (MkAttachmentTile *tile)
{
  if (tile->strip != NULL)
    strip_open_activated (tile->strip, tile->index);
}

static void
remove_clicked_cb (MkAttachmentTile *tile)
{
  if (tile->strip != NULL)
    strip_remove_activated (tile->strip, tile->index, NULL);
}

static void
remove_menu_toggled_cb (MkAttachmentTile *tile)
{
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (tile->remove_menu_button)))
    {
      gtk_entry_set_text (tile->reason_entry, "");
      gtk_widget_grab_focus (GTK_WIDGET (tile->reason_entry));
    }
}

static char *
tile_reason (MkAttachmentTile *tile)
{
  return g_strstrip (g_strdup (gtk_entry_get_text (tile->reason_entry)));
}

static void
reason_changed_cb (MkAttachmentTile *tile)
{
  g_autofree char *reason = tile_reason (tile);

  gtk_widget_set_sensitive (GTK_WIDGET (tile->remove_confirm_button), *reason != '\0');
}

static void
remove_confirm_clicked_cb (MkAttachmentTile *tile)
{
  g_autofree char *reason = tile_reason (tile);

  /* The removal is audited with its reason: an empty one says nothing. */
  if (*reason == '\0' || tile->strip == NULL)
    return;
  gtk_popover_popdown (tile->remove_popover);
  strip_remove_activated (tile->strip, tile->index, reason);
}

static void
mk_attachment_tile_class_init (MkAttachmentTileClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-attachment-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentTile, open_button);
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentTile, thumbnail);
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentTile, caption_label);
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentTile, remove_button);
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentTile, remove_menu_button);
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentTile, remove_popover);
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentTile, reason_entry);
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentTile, remove_confirm_button);
  gtk_widget_class_bind_template_callback (widget_class, open_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_menu_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, reason_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_confirm_clicked_cb);
}

static void
mk_attachment_tile_init (MkAttachmentTile *tile)
{
  gtk_widget_init_template (GTK_WIDGET (tile));
}

/* ---- The strip ----------------------------------------------------------- */

typedef struct {
  gint64            id;          /* 0 while waiting (intake) */
  char             *file_name;
  guint             n_pages;
  GBytes           *pdf;         /* NULL when it could not be read */
  char             *read_error;
  MkAttachmentTile *tile;
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->file_name);
  g_clear_pointer (&entry->pdf, g_bytes_unref);
  g_free (entry->read_error);
  g_free (entry);
}

struct _MkAttachmentStrip
{
  GtkBox        parent_instance;

  GtkBox       *tiles_box;
  GtkSpinner   *spinner;
  GtkBox       *buttons_box;
  GtkButton    *scan_button;
  GtkButton    *attach_button;
  GtkInfoBar   *error_infobar;
  GtkLabel     *error_label;

  MkContext    *context;
  MkCase       *c;              /* NULL during intake */
  char         *doc_kind;
  GPtrArray    *pending;        /* during intake: MkPendingAttachment*, shared with the window */
  GPtrArray    *entries;        /* Entry*, in the order shown */
  gboolean      editable;
  guint         n_importing;
  guint         n_drawing;
  GCancellable *cancellable;     /* imports */
  GCancellable *thumb_cancellable;
};

G_DEFINE_FINAL_TYPE (MkAttachmentStrip, mk_attachment_strip, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const GtkTargetEntry drop_targets[] = {
  { (char *) "text/uri-list", 0, 0 },
};

static void
update_busy (MkAttachmentStrip *self)
{
  gboolean busy = self->n_importing > 0 || self->n_drawing > 0;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->n_importing > 0);
  if (busy)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
}

static void
show_error (MkAttachmentStrip *self,
            const char        *message)
{
  /* Several files of one drop may fail: say each, one per line. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->error_infobar)))
    {
      g_autofree char *both = g_strdup_printf ("%s\n%s", gtk_label_get_text (self->error_label), message);

      gtk_label_set_text (self->error_label, both);
    }
  else
    gtk_label_set_text (self->error_label, message);
  gtk_widget_show (GTK_WIDGET (self->error_infobar));
}

static void
hide_error (MkAttachmentStrip *self)
{
  gtk_widget_hide (GTK_WIDGET (self->error_infobar));
  gtk_label_set_text (self->error_label, "");
}

static void
error_response_cb (MkAttachmentStrip *self)
{
  hide_error (self);
}

static GtkWindow *
parent_window (MkAttachmentStrip *self)
{
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));

  return GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL;
}

static const char *
entry_title (Entry *entry)
{
  return entry->file_name != NULL ? entry->file_name : _("Scanned pages");
}

/* Thumbnails being drawn by all strips: poppler must not be torn down under them at exit. */
static gint thumbnails_in_flight;

/* Worker thread: the first page, small, for the strip. */
static void
thumbnail_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GBytes *pdf = task_data;
  int scale_factor = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "scale-factor"));
  GError *error = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  PopplerPage *page;
  cairo_surface_t *surface;
  cairo_t *cr;
  double width, height, scale;

  if (doc == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  page = poppler_document_get_page (doc, 0);
  if (page == NULL)
    {
      g_object_unref (doc);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The document has no pages"));
      return;
    }
  poppler_page_get_size (page, &width, &height);
  scale = MIN (THUMB_WIDTH / width, THUMB_HEIGHT / height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                        MAX (1, (int) (width * scale * scale_factor + 0.5)),
                                        MAX (1, (int) (height * scale * scale_factor + 0.5)));
  cairo_surface_set_device_scale (surface, scale_factor, scale_factor);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  g_object_unref (page);
  g_object_unref (doc);

  if (g_task_return_error_if_cancelled (task))
    {
      cairo_surface_destroy (surface);
      return;
    }
  g_task_return_pointer (task, surface, (GDestroyNotify) cairo_surface_destroy);
}

static void
thumbnail_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  MkAttachmentTile *tile = MK_ATTACHMENT_TILE (source);
  g_autoptr(MkAttachmentStrip) self = user_data;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = g_task_propagate_pointer (G_TASK (result), &error);

  self->n_drawing--;
  g_atomic_int_add (&thumbnails_in_flight, -1);
  /* The strip went away meanwhile (a refreshed case window). */
  if (self->entries == NULL)
    {
      g_clear_pointer (&surface, cairo_surface_destroy);
      return;
    }
  update_busy (self);
  if (surface != NULL)
    {
      gtk_image_set_from_surface (tile->thumbnail, surface);
      cairo_surface_destroy (surface);
      tile->drawn = TRUE;
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_image_set_from_icon_name (tile->thumbnail, "image-missing", GTK_ICON_SIZE_DIALOG);
      gtk_widget_set_tooltip_text (GTK_WIDGET (tile->open_button), error->message);
    }
}

static void
start_thumbnail (MkAttachmentStrip *self,
                 Entry             *entry)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (entry->tile, self->thumb_cancellable, thumbnail_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_thumbnail);
  g_task_set_task_data (task, g_bytes_ref (entry->pdf), (GDestroyNotify) g_bytes_unref);
  g_object_set_data (G_OBJECT (task), "scale-factor",
                     GINT_TO_POINTER (gtk_widget_get_scale_factor (GTK_WIDGET (self))));
  self->n_drawing++;
  g_atomic_int_inc (&thumbnails_in_flight);
  update_busy (self);
  g_task_run_in_thread (task, thumbnail_thread);
}

static void
add_tile (MkAttachmentStrip *self,
          Entry             *entry,
          guint              index)
{
  MkAttachmentTile *tile = g_object_new (MK_TYPE_ATTACHMENT_TILE, NULL);
  g_autofree char *pages = NULL;
  g_autofree char *open_name = NULL;
  g_autofree char *remove_name = NULL;
  g_autofree char *tooltip = NULL;

  tile->strip = self;
  tile->index = index;
  entry->tile = tile;

  pages = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages", entry->n_pages),
                           entry->n_pages);
  gtk_label_set_text (tile->caption_label, pages);
  /* Translators: tooltip of an attachment, "passport.pdf, 2 pages". */
  tooltip = g_strdup_printf (_("%s, %s"), entry_title (entry), pages);
  gtk_widget_set_tooltip_text (GTK_WIDGET (tile->open_button), tooltip);
  /* Translators: accessible name of an attachment's thumbnail button. */
  open_name = g_strdup_printf (_("Open %s"), tooltip);
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (tile->open_button)), open_name);
  /* Translators: accessible name of the button that removes an attachment. */
  remove_name = g_strdup_printf (_("Remove %s"), entry_title (entry));
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (tile->remove_button)), remove_name);
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (tile->remove_menu_button)), remove_name);

  /* Stored attachments leave a trace when removed, so they ask why. */
  gtk_widget_set_visible (GTK_WIDGET (tile->remove_button), self->editable && entry->id == 0);
  gtk_widget_set_visible (GTK_WIDGET (tile->remove_menu_button), self->editable && entry->id != 0);

  gtk_container_add (GTK_CONTAINER (self->tiles_box), GTK_WIDGET (tile));
  if (entry->pdf != NULL)
    start_thumbnail (self, entry);
  else
    {
      gtk_image_set_from_icon_name (tile->thumbnail, "dialog-error", GTK_ICON_SIZE_DIALOG);
      gtk_widget_set_tooltip_text (GTK_WIDGET (tile->open_button), entry->read_error);
    }
}

static void
reload (MkAttachmentStrip *self)
{
  g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (self->tiles_box));

  g_cancellable_cancel (self->thumb_cancellable);
  g_clear_object (&self->thumb_cancellable);
  self->thumb_cancellable = g_cancellable_new ();
  for (GList *l = children; l != NULL; l = l->next)
    {
      MK_ATTACHMENT_TILE (l->data)->strip = NULL;
      gtk_widget_destroy (l->data);
    }
  g_ptr_array_set_size (self->entries, 0);

  if (self->c == NULL)
    {
      for (guint i = 0; self->pending != NULL && i < self->pending->len; i++)
        {
          MkPendingAttachment *p = g_ptr_array_index (self->pending, i);
          Entry *entry = g_new0 (Entry, 1);

          entry->file_name = g_strdup (p->file_name);
          entry->n_pages = p->result->n_pages;
          entry->pdf = g_bytes_ref (p->result->pdf);
          g_ptr_array_add (self->entries, entry);
        }
    }
  else if (self->context != NULL)
    {
      MkStore *store = mk_context_get_store (self->context);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) list = mk_store_list_attachments (store, self->c->id, self->doc_kind, &error);

      if (list == NULL)
        show_error (self, error->message);
      for (guint i = 0; list != NULL && i < list->len; i++)
        {
          MkAttachment *a = g_ptr_array_index (list, i);
          Entry *entry = g_new0 (Entry, 1);
          g_autoptr(GError) read_error = NULL;

          entry->id = a->id;
          entry->file_name = g_strdup (a->file_name);
          entry->n_pages = a->n_pages;
          /* §9: the thumbnail is drawn from the verified bytes, so an altered file shows as such. */
          entry->pdf = mk_store_read_attachment (store, a->id, &read_error);
          if (entry->pdf == NULL)
            entry->read_error = g_strdup (read_error->message);
          g_ptr_array_add (self->entries, entry);
        }
    }

  for (guint i = 0; i < self->entries->len; i++)
    add_tile (self, g_ptr_array_index (self->entries, i), i);
}

static void
changed (MkAttachmentStrip *self)
{
  reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Stores one checked PDF (or keeps it, during intake). */
static gboolean
attach_result (MkAttachmentStrip *self,
               const char        *file_name,
               MkImportResult    *result,
               GError           **error)
{
  if (self->c == NULL)
    {
      MkPendingAttachment *p = g_new0 (MkPendingAttachment, 1);

      p->file_name = g_strdup (file_name);
      p->result = mk_import_result_copy (result);
      g_ptr_array_add (self->pending, p);
      return TRUE;
    }
  return mk_store_add_attachment (mk_context_get_store (self->context),
                                  mk_context_get_user (self->context),
                                  self->c, self->doc_kind, file_name, result, error) != 0;
}

typedef struct {
  MkAttachmentStrip *self;
  char              *file_name;
} ImportJob;

static void
import_done_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  ImportJob *job = user_data;
  g_autoptr(MkAttachmentStrip) self = job->self;
  g_autofree char *file_name = job->file_name;
  g_autoptr(GError) error = NULL;
  g_autoptr(MkImportResult) result = mk_import_file_finish (res, &error);

  g_free (job);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->entries == NULL)
    return;
  self->n_importing--;
  update_busy (self);

  if (result == NULL || !attach_result (self, file_name, result, &error))
    {
      g_autofree char *message = NULL;

      /* The importer's messages mostly name the file already. */
      if (strstr (error->message, file_name) != NULL)
        message = g_strdup (error->message);
      else
        /* Translators: "passport.jpg was not attached: No such file or directory" */
        message = g_strdup_printf (_("%s was not attached: %s"), file_name, error->message);
      show_error (self, message);
      return;
    }
  changed (self);
}

/* ---- Actions ------------------------------------------------------------ */

static void
strip_open_activated (MkAttachmentStrip *self,
                      guint              index)
{
  GtkWidget *viewer = mk_attachment_strip_open (self, index);

  if (viewer != NULL)
    gtk_window_present (GTK_WINDOW (viewer));
}

static void
strip_remove_activated (MkAttachmentStrip *self,
                        guint              index,
                        const char        *reason)
{
  g_autoptr(GError) error = NULL;

  if (!mk_attachment_strip_remove (self, index, reason, &error))
    show_error (self, error->message);
}

static void
scan_response_cb (GtkDialog         *dialog,
                  int                response,
                  MkAttachmentStrip *self)
{
  /* OK only starts writing the PDF; ACCEPT says it is done (and stored). */
  if (response == GTK_RESPONSE_OK)
    return;
  if (response == GTK_RESPONSE_ACCEPT && self->entries != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (self->c == NULL
          && !attach_result (self, NULL, mk_scan_dialog_get_result (MK_SCAN_DIALOG (dialog)), &error))
        show_error (self, error->message);
      else
        {
          gtk_widget_destroy (GTK_WIDGET (dialog));
          changed (self);
          return;
        }
    }
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
scan_clicked_cb (MkAttachmentStrip *self)
{
  GtkWidget *dialog = mk_scan_dialog_new (parent_window (self), self->context, self->c, self->doc_kind);

  /* The dialog closes even if the strip is rebuilt meanwhile. */
  g_signal_connect_data (dialog, "response", G_CALLBACK (scan_response_cb), g_object_ref (self),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_widget_show (dialog);
}

static void
chooser_response_cb (GtkNativeDialog   *chooser,
                     int                response,
                     MkAttachmentStrip *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->entries != NULL)
    {
      GSList *files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GPtrArray) array = g_ptr_array_new ();

      for (GSList *l = files; l != NULL; l = l->next)
        g_ptr_array_add (array, l->data);
      mk_attachment_strip_attach_files (self, (GFile **) array->pdata, array->len);
      g_slist_free_full (files, g_object_unref);
    }
  g_object_unref (chooser);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *const *mime_types,
            const char     *const *patterns)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; mime_types[i] != NULL; i++)
    gtk_file_filter_add_mime_type (filter, mime_types[i]);
  for (guint i = 0; patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
attach_clicked_cb (MkAttachmentStrip *self)
{
  static const char *const all_types[] = { "application/pdf", "image/jpeg", "image/png", "image/tiff", NULL };
  static const char *const all_patterns[] = { "*.pdf", "*.PDF", "*.jpg", "*.JPG", "*.jpeg", "*.JPEG",
                                              "*.png", "*.PNG", "*.tif", "*.TIF", "*.tiff", "*.TIFF", NULL };
  static const char *const pdf_types[] = { "application/pdf", NULL };
  static const char *const pdf_patterns[] = { "*.pdf", "*.PDF", NULL };
  static const char *const jpeg_types[] = { "image/jpeg", NULL };
  static const char *const jpeg_patterns[] = { "*.jpg", "*.JPG", "*.jpeg", "*.JPEG", NULL };
  static const char *const png_types[] = { "image/png", NULL };
  static const char *const png_patterns[] = { "*.png", "*.PNG", NULL };
  static const char *const tiff_types[] = { "image/tiff", NULL };
  static const char *const tiff_patterns[] = { "*.tif", "*.TIF", "*.tiff", "*.TIFF", NULL };
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Attach File"), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Attach"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  add_filter (GTK_FILE_CHOOSER (chooser), _("PDF, JPEG, PNG and TIFF files"), all_types, all_patterns);
  add_filter (GTK_FILE_CHOOSER (chooser), _("PDF documents"), pdf_types, pdf_patterns);
  add_filter (GTK_FILE_CHOOSER (chooser), _("JPEG images"), jpeg_types, jpeg_patterns);
  add_filter (GTK_FILE_CHOOSER (chooser), _("PNG images"), png_types, png_patterns);
  add_filter (GTK_FILE_CHOOSER (chooser), _("TIFF images"), tiff_types, tiff_patterns);
  g_signal_connect_data (chooser, "response", G_CALLBACK (chooser_response_cb), g_object_ref (self),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
drag_data_received_cb (GtkWidget         *widget,
                       GdkDragContext    *drag_context,
                       int                x,
                       int                y,
                       GtkSelectionData  *data,
                       guint              info,
                       guint              time,
                       MkAttachmentStrip *self)
{
  g_auto(GStrv) uris = gtk_selection_data_get_uris (data);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  if (!self->editable || uris == NULL)
    {
      gtk_drag_finish (drag_context, FALSE, FALSE, time);
      return;
    }
  for (guint i = 0; uris[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_uri (uris[i]));
  mk_attachment_strip_attach_files (self, (GFile **) files->pdata, files->len);
  gtk_drag_finish (drag_context, TRUE, FALSE, time);
}

/* ---- Object ------------------------------------------------------------- */

static void
update_editable (MkAttachmentStrip *self)
{
  const MkUser *user = self->context != NULL ? mk_context_get_user (self->context) : NULL;
  MkStore *store = self->context != NULL ? mk_context_get_store (self->context) : NULL;

  /* §10: only whoever holds the package adds to it; during intake that is
   * the center, and the case will start at "accumulation". */
  self->editable = user != NULL && store != NULL
                   && mk_workflow_may_attach (mk_store_get_regulation (store), user->role,
                                              self->c != NULL ? self->c->stage : "accumulation");
  gtk_widget_set_visible (GTK_WIDGET (self->buttons_box), self->editable);
}

static void
mk_attachment_strip_dispose (GObject *object)
{
  MkAttachmentStrip *self = MK_ATTACHMENT_STRIP (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->thumb_cancellable != NULL)
    g_cancellable_cancel (self->thumb_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->thumb_cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->c, mk_case_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (mk_attachment_strip_parent_class)->dispose (object);
}

static void
mk_attachment_strip_finalize (GObject *object)
{
  MkAttachmentStrip *self = MK_ATTACHMENT_STRIP (object);

  g_free (self->doc_kind);

  G_OBJECT_CLASS (mk_attachment_strip_parent_class)->finalize (object);
}

static void
mk_attachment_strip_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MkAttachmentStrip *self = MK_ATTACHMENT_STRIP (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mk_attachment_strip_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MkAttachmentStrip *self = MK_ATTACHMENT_STRIP (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mk_attachment_strip_class_init (MkAttachmentStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mk_attachment_strip_dispose;
  object_class->finalize = mk_attachment_strip_finalize;
  object_class->get_property = mk_attachment_strip_get_property;
  object_class->set_property = mk_attachment_strip_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MkAttachmentStrip::changed:
   *
   * An attachment was added or removed (stored, or kept during intake).
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-attachment-strip.ui");
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentStrip, tiles_box);
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentStrip, spinner);
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentStrip, buttons_box);
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentStrip, scan_button);
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentStrip, attach_button);
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentStrip, error_infobar);
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentStrip, error_label);
  gtk_widget_class_bind_template_callback (widget_class, scan_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, attach_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, error_response_cb);
}

static void
mk_attachment_strip_init (MkAttachmentStrip *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  self->cancellable = g_cancellable_new ();
  self->thumb_cancellable = g_cancellable_new ();
  mk_info_bar_name_close_button (self->error_infobar);
  mk_attachment_strip_add_drop_target (self, GTK_WIDGET (self));
}

static void
setup (MkAttachmentStrip *self,
       const char        *doc_kind)
{
  MkRegulation *regulation = mk_context_get_regulation (self->context);
  const MkDocumentKind *kind = mk_regulation_get_document_kind (regulation, doc_kind);
  const char *title = kind != NULL ? mk_text_get (&kind->name) : doc_kind;
  g_autofree char *scan_name = NULL;
  g_autofree char *attach_name = NULL;

  self->doc_kind = g_strdup (doc_kind);
  /* Every row has the same buttons: name them after the document. */
  /* Translators: accessible name of a button, e.g. "Scan: Application". */
  scan_name = g_strdup_printf (_("Scan: %s"), title);
  /* Translators: accessible name of a button, e.g. "Attach file: Application". */
  attach_name = g_strdup_printf (_("Attach file: %s"), title);
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->scan_button)), scan_name);
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->attach_button)), attach_name);
  update_editable (self);
  reload (self);
}

GtkWidget *
mk_attachment_strip_new (MkContext  *context,
                         MkCase     *c,
                         const char *doc_kind)
{
  MkAttachmentStrip *self;

  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (c != NULL && c->id > 0, NULL);
  g_return_val_if_fail (doc_kind != NULL, NULL);

  self = g_object_new (MK_TYPE_ATTACHMENT_STRIP, "context", context, NULL);
  self->c = mk_case_ref (c);
  setup (self, doc_kind);
  return GTK_WIDGET (self);
}

GtkWidget *
mk_attachment_strip_new_unsaved (MkContext  *context,
                                 const char *doc_kind,
                                 GPtrArray  *pending)
{
  MkAttachmentStrip *self;

  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (doc_kind != NULL, NULL);
  g_return_val_if_fail (pending != NULL, NULL);

  self = g_object_new (MK_TYPE_ATTACHMENT_STRIP, "context", context, NULL);
  self->pending = g_ptr_array_ref (pending);
  setup (self, doc_kind);
  return GTK_WIDGET (self);
}

void
mk_attachment_strip_attach_files (MkAttachmentStrip *self,
                                  GFile            **files,
                                  guint              n_files)
{
  gsize max_size = 0;  /* 0: the importer's default */

  g_return_if_fail (MK_IS_ATTACHMENT_STRIP (self));
  g_return_if_fail (files != NULL || n_files == 0);

  if (!self->editable || self->doc_kind == NULL)
    return;
  hide_error (self);
  if (self->context != NULL)
    max_size = (gsize) g_settings_get_int (mk_context_get_settings (self->context),
                                           "attachment-max-megabytes") * 1024 * 1024;
  for (guint i = 0; i < n_files; i++)
    {
      ImportJob *job = g_new0 (ImportJob, 1);

      job->self = g_object_ref (self);
      job->file_name = g_file_get_basename (files[i]);
      self->n_importing++;
      /* Decoding and PDF writing happen off the main thread. */
      mk_import_file_async (files[i], max_size, self->cancellable, import_done_cb, job);
    }
  update_busy (self);
}

void
mk_attachment_strip_add_drop_target (MkAttachmentStrip *self,
                                     GtkWidget         *widget)
{
  g_return_if_fail (MK_IS_ATTACHMENT_STRIP (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_drag_dest_set (widget, GTK_DEST_DEFAULT_ALL, drop_targets, G_N_ELEMENTS (drop_targets),
                     GDK_ACTION_COPY);
  g_signal_connect_object (widget, "drag-data-received", G_CALLBACK (drag_data_received_cb), self, 0);
}

guint
mk_attachment_strip_get_n_attachments (MkAttachmentStrip *self)
{
  g_return_val_if_fail (MK_IS_ATTACHMENT_STRIP (self), 0);
  return self->entries->len;
}

gboolean
mk_attachment_strip_get_editable (MkAttachmentStrip *self)
{
  g_return_val_if_fail (MK_IS_ATTACHMENT_STRIP (self), FALSE);
  return self->editable;
}

gboolean
mk_attachment_strip_is_busy (MkAttachmentStrip *self)
{
  g_return_val_if_fail (MK_IS_ATTACHMENT_STRIP (self), FALSE);
  return self->n_importing > 0 || self->n_drawing > 0;
}

const char *
mk_attachment_strip_get_error (MkAttachmentStrip *self)
{
  g_return_val_if_fail (MK_IS_ATTACHMENT_STRIP (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_infobar))
         ? gtk_label_get_text (self->error_label) : NULL;
}

gboolean
mk_attachment_strip_has_thumbnail (MkAttachmentStrip *self,
                                   guint              index)
{
  Entry *entry;

  g_return_val_if_fail (MK_IS_ATTACHMENT_STRIP (self), FALSE);
  g_return_val_if_fail (index < self->entries->len, FALSE);

  entry = g_ptr_array_index (self->entries, index);
  return entry->tile != NULL && entry->tile->drawn;
}

GtkWidget *
mk_attachment_strip_open (MkAttachmentStrip *self,
                          guint              index)
{
  Entry *entry;

  g_return_val_if_fail (MK_IS_ATTACHMENT_STRIP (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);

  entry = g_ptr_array_index (self->entries, index);
  /* A stored one is read again, verified, rather than shown from memory. */
  if (entry->id != 0)
    return mk_attachment_viewer_new (parent_window (self), self->context, entry->id);
  return mk_attachment_viewer_new_for_pdf (parent_window (self), self->context, entry->pdf,
                                           entry_title (entry));
}

gboolean
mk_attachment_strip_remove (MkAttachmentStrip *self,
                            guint              index,
                            const char        *reason,
                            GError           **error)
{
  Entry *entry;

  g_return_val_if_fail (MK_IS_ATTACHMENT_STRIP (self), FALSE);
  g_return_val_if_fail (index < self->entries->len, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  entry = g_ptr_array_index (self->entries, index);
  if (entry->id == 0)
    {
      /* Intake: nothing stored yet, nothing to account for. */
      g_ptr_array_remove_index (self->pending, index);
    }
  else if (!mk_store_remove_attachment (mk_context_get_store (self->context),
                                        mk_context_get_user (self->context),
                                        self->c, entry->id, reason, error))
    return FALSE;
  changed (self);
  return TRUE;
}

void
mk_attachment_strip_wait_for_thumbnails (void)
{
  while (g_atomic_int_get (&thumbnails_in_flight) > 0)
    g_main_context_iteration (NULL, TRUE);
}
