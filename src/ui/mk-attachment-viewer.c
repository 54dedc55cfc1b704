/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A window showing one attachment's PDF: pages, zoom, fit width and rotation. */

#define G_LOG_DOMAIN "mk-attachment-viewer"

#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>
#include <poppler.h>

#include "mk-attachment-viewer.h"
#include "mk-document-view.h"
#include "mk-ui-util.h"

struct _MkAttachmentViewer
{
  GtkWindow       parent_instance;

  GtkHeaderBar   *header_bar;
  GtkButton      *rotate_left_button;
  GtkButton      *rotate_right_button;
  GtkSpinButton  *page_spin;
  GtkLabel       *n_pages_label;
  GtkInfoBar     *error_infobar;
  GtkLabel       *error_label;
  MkDocumentView *view;

  MkContext      *context;
  GBytes         *pdf;          /* as stored; rotation draws a turned copy of it */
  guint           rotation;     /* clockwise quarter turns shown */
  guint           wanted;       /* the rotation asked for last */
  GCancellable   *cancellable;
  gboolean        rotating;
  gboolean        syncing;      /* the page number follows the view, not the user */
};

G_DEFINE_FINAL_TYPE (MkAttachmentViewer, mk_attachment_viewer, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_error (MkAttachmentViewer *self,
            const char         *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_show (GTK_WIDGET (self->error_infobar));
}

static void
update_controls (MkAttachmentViewer *self)
{
  int n = mk_document_view_get_n_pages (self->view);
  g_autofree char *of = NULL;
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (self->page_spin);

  self->syncing = TRUE;
  gtk_adjustment_set_upper (adjustment, MAX (n, 1));
  gtk_spin_button_set_value (self->page_spin, mk_document_view_get_page (self->view) + 1);
  self->syncing = FALSE;
  /* Translators: after the page number box, "of 3". */
  of = g_strdup_printf (_("of %d"), n);
  gtk_label_set_text (self->n_pages_label, of);
  gtk_widget_set_sensitive (GTK_WIDGET (self->page_spin), n > 1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rotate_left_button), self->pdf != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rotate_right_button), self->pdf != NULL);
}

/* The view's own buttons and keys also turn pages: keep the number in step. */
static gboolean
view_draw_cb (MkAttachmentViewer *self)
{
  if ((int) gtk_spin_button_get_value_as_int (self->page_spin) != mk_document_view_get_page (self->view) + 1)
    update_controls (self);
  return GDK_EVENT_PROPAGATE;
}

static void
page_spin_changed_cb (MkAttachmentViewer *self)
{
  if (self->syncing)
    return;
  mk_document_view_set_page (self->view, gtk_spin_button_get_value_as_int (self->page_spin) - 1);
}

static cairo_status_t
write_bytes (void                *closure,
             const unsigned char *data,
             unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Worker thread: the whole document redrawn turned, as vectors, into a new PDF.
 * The stored attachment never changes (§9); only what is shown turns. */
static void
rotate_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GBytes *pdf = g_object_get_data (G_OBJECT (task), "pdf");
  guint turns = GPOINTER_TO_UINT (task_data);
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  GByteArray *out;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int n;

  if (doc == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  out = g_byte_array_new ();
  surface = cairo_pdf_surface_create_for_stream (write_bytes, out, 595, 842);
  cr = cairo_create (surface);
  n = poppler_document_get_n_pages (doc);
  for (int i = 0; i < n && !g_cancellable_is_cancelled (cancellable); i++)
    {
      PopplerPage *page = poppler_document_get_page (doc, i);
      double w = 595, h = 842;

      if (page != NULL)
        poppler_page_get_size (page, &w, &h);
      if (turns % 2 == 1)
        cairo_pdf_surface_set_size (surface, h, w);
      else
        cairo_pdf_surface_set_size (surface, w, h);
      cairo_save (cr);
      switch (turns)
        {
        case 1:
          cairo_translate (cr, h, 0);
          cairo_rotate (cr, G_PI / 2);
          break;
        case 2:
          cairo_translate (cr, w, h);
          cairo_rotate (cr, G_PI);
          break;
        case 3:
          cairo_translate (cr, 0, w);
          cairo_rotate (cr, -G_PI / 2);
          break;
        default:
          break;
        }
      if (page != NULL)
        poppler_page_render_for_printing (page, cr);
      cairo_restore (cr);
      cairo_show_page (cr);
      g_clear_object (&page);
    }
  cairo_destroy (cr);
  g_object_unref (doc);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (g_task_return_error_if_cancelled (task))
    {
      g_byte_array_unref (out);
      return;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_byte_array_unref (out);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The turned pages could not be drawn: %s"),
                               cairo_status_to_string (status));
      return;
    }
  g_task_return_pointer (task, g_byte_array_free_to_bytes (out), (GDestroyNotify) g_bytes_unref);
}

static void start_rotation (MkAttachmentViewer *self);

static void
rotate_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  MkAttachmentViewer *self = MK_ATTACHMENT_VIEWER (source);
  guint turns = GPOINTER_TO_UINT (g_task_get_task_data (G_TASK (result)));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) turned = g_task_propagate_pointer (G_TASK (result), &error);
  int page = mk_document_view_get_page (self->view);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->rotating = FALSE;
  if (turned == NULL)
    show_error (self, error->message);
  else if (!mk_document_view_load (self->view, turned, &error))
    show_error (self, error->message);
  else
    {
      self->rotation = turns;
      mk_document_view_set_page (self->view, page);
    }
  update_controls (self);
  if (self->wanted != self->rotation && turned != NULL)
    start_rotation (self);
}

static void
start_rotation (MkAttachmentViewer *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  int page;

  if (self->pdf == NULL || self->rotating)
    return;
  if (self->wanted == 0)
    {
      /* Upright again: the stored PDF itself. */
      page = mk_document_view_get_page (self->view);
      if (!mk_document_view_load (self->view, self->pdf, &error))
        show_error (self, error->message);
      self->rotation = 0;
      mk_document_view_set_page (self->view, page);
      update_controls (self);
      return;
    }
  self->rotating = TRUE;
  task = g_task_new (self, self->cancellable, rotate_done_cb, NULL);
  g_task_set_source_tag (task, start_rotation);
  g_task_set_task_data (task, GUINT_TO_POINTER (self->wanted), NULL);
  g_object_set_data_full (G_OBJECT (task), "pdf", g_bytes_ref (self->pdf), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, rotate_thread);
}

static void
rotate_left_clicked_cb (MkAttachmentViewer *self)
{
  mk_attachment_viewer_rotate (self, -1);
}

static void
rotate_right_clicked_cb (MkAttachmentViewer *self)
{
  mk_attachment_viewer_rotate (self, 1);
}

static gboolean
mk_attachment_viewer_key_press_event (GtkWidget   *widget,
                                      GdkEventKey *event)
{
  MkAttachmentViewer *self = MK_ATTACHMENT_VIEWER (widget);
  GdkModifierType mods = event->state & gtk_accelerator_get_default_mod_mask ();
  gboolean ctrl = (mods & GDK_CONTROL_MASK) != 0;

  switch (event->keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      if (ctrl)
        {
          mk_document_view_zoom_in (self->view);
          return GDK_EVENT_STOP;
        }
      break;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      if (ctrl)
        {
          mk_document_view_zoom_out (self->view);
          return GDK_EVENT_STOP;
        }
      break;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      if (ctrl)
        {
          mk_document_view_set_fit_width (self->view, TRUE);
          return GDK_EVENT_STOP;
        }
      break;
    case GDK_KEY_r:
    case GDK_KEY_R:
      if (mods == GDK_CONTROL_MASK)
        {
          mk_attachment_viewer_rotate (self, 1);
          return GDK_EVENT_STOP;
        }
      if (mods == (GDK_CONTROL_MASK | GDK_SHIFT_MASK))
        {
          mk_attachment_viewer_rotate (self, -1);
          return GDK_EVENT_STOP;
        }
      break;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      mk_attachment_viewer_set_page (self, mk_attachment_viewer_get_page (self) - 1);
      return GDK_EVENT_STOP;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      mk_attachment_viewer_set_page (self, mk_attachment_viewer_get_page (self) + 1);
      return GDK_EVENT_STOP;
    case GDK_KEY_w:
      if (mods == GDK_CONTROL_MASK)
        {
          gtk_window_close (GTK_WINDOW (self));
          return GDK_EVENT_STOP;
        }
      break;
    case GDK_KEY_Escape:
      gtk_window_close (GTK_WINDOW (self));
      return GDK_EVENT_STOP;
    default:
      break;
    }
  return GTK_WIDGET_CLASS (mk_attachment_viewer_parent_class)->key_press_event (widget, event);
}

static void
error_response_cb (GtkInfoBar *infobar)
{
  gtk_widget_hide (GTK_WIDGET (infobar));
}

static void
mk_attachment_viewer_dispose (GObject *object)
{
  MkAttachmentViewer *self = MK_ATTACHMENT_VIEWER (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (mk_attachment_viewer_parent_class)->dispose (object);
}

static void
mk_attachment_viewer_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MkAttachmentViewer *self = MK_ATTACHMENT_VIEWER (object);

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
mk_attachment_viewer_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  MkAttachmentViewer *self = MK_ATTACHMENT_VIEWER (object);

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
mk_attachment_viewer_class_init (MkAttachmentViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mk_attachment_viewer_dispose;
  object_class->get_property = mk_attachment_viewer_get_property;
  object_class->set_property = mk_attachment_viewer_set_property;
  widget_class->key_press_event = mk_attachment_viewer_key_press_event;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MK_TYPE_DOCUMENT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-attachment-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentViewer, header_bar);
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentViewer, rotate_left_button);
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentViewer, rotate_right_button);
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentViewer, page_spin);
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentViewer, n_pages_label);
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentViewer, error_infobar);
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentViewer, error_label);
  gtk_widget_class_bind_template_child (widget_class, MkAttachmentViewer, view);
  gtk_widget_class_bind_template_callback (widget_class, rotate_left_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rotate_right_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, page_spin_changed_cb);
}

static void
mk_attachment_viewer_init (MkAttachmentViewer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mk_ui_fit_default_size (GTK_WINDOW (self));
  mk_ui_set_help_page (GTK_WINDOW (self), "attachments");
  self->cancellable = g_cancellable_new ();
  gtk_info_bar_set_show_close_button (self->error_infobar, TRUE);
  mk_info_bar_name_close_button (self->error_infobar);
  g_signal_connect (self->error_infobar, "response", G_CALLBACK (error_response_cb), NULL);
  g_signal_connect_object (self->view, "draw", G_CALLBACK (view_draw_cb), self, G_CONNECT_SWAPPED);
  update_controls (self);
}

static void
set_pdf (MkAttachmentViewer *self,
         GBytes             *pdf,
         const char         *title)
{
  g_autoptr(GError) error = NULL;

  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_header_bar_set_title (self->header_bar, title);
  if (!mk_document_view_load (self->view, pdf, &error))
    show_error (self, error->message);
  else
    self->pdf = g_bytes_ref (pdf);
  update_controls (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static GtkWidget *
viewer_new (GtkWindow *parent,
            MkContext *context)
{
  GtkWidget *self = g_object_new (MK_TYPE_ATTACHMENT_VIEWER, "context", context, NULL);

  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  return self;
}

GtkWidget *
mk_attachment_viewer_new (GtkWindow *parent,
                          MkContext *context,
                          gint64     attachment_id)
{
  MkAttachmentViewer *self;
  MkStore *store;
  g_autoptr(MkAttachment) attachment = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);

  self = MK_ATTACHMENT_VIEWER (viewer_new (parent, context));
  store = mk_context_get_store (context);
  attachment = mk_store_get_attachment (store, attachment_id, &error);
  /* §9: what is shown is checked against the digest taken when it was stored. */
  if (attachment != NULL)
    pdf = mk_store_read_attachment (store, attachment_id, &error);
  if (pdf == NULL)
    {
      show_error (self, error->message);
      return GTK_WIDGET (self);
    }
  title = attachment->file_name != NULL ? g_strdup (attachment->file_name)
                                        : g_strdup (_("Scanned pages"));
  set_pdf (self, pdf, title);
  return GTK_WIDGET (self);
}

GtkWidget *
mk_attachment_viewer_new_for_pdf (GtkWindow  *parent,
                                  MkContext  *context,
                                  GBytes     *pdf,
                                  const char *title)
{
  GtkWidget *self;

  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (pdf != NULL, NULL);

  self = viewer_new (parent, context);
  set_pdf (MK_ATTACHMENT_VIEWER (self), pdf, title != NULL ? title : _("Attachment"));
  return self;
}

int
mk_attachment_viewer_get_n_pages (MkAttachmentViewer *self)
{
  g_return_val_if_fail (MK_IS_ATTACHMENT_VIEWER (self), 0);
  return mk_document_view_get_n_pages (self->view);
}

int
mk_attachment_viewer_get_page (MkAttachmentViewer *self)
{
  g_return_val_if_fail (MK_IS_ATTACHMENT_VIEWER (self), 0);
  return mk_document_view_get_page (self->view);
}

void
mk_attachment_viewer_set_page (MkAttachmentViewer *self,
                               int                 page)
{
  g_return_if_fail (MK_IS_ATTACHMENT_VIEWER (self));
  mk_document_view_set_page (self->view, page);
  update_controls (self);
}

guint
mk_attachment_viewer_get_rotation (MkAttachmentViewer *self)
{
  g_return_val_if_fail (MK_IS_ATTACHMENT_VIEWER (self), 0);
  return self->rotation;
}

void
mk_attachment_viewer_rotate (MkAttachmentViewer *self,
                             int                 quarter_turns)
{
  g_return_if_fail (MK_IS_ATTACHMENT_VIEWER (self));

  if (self->pdf == NULL)
    return;
  self->wanted = (guint) (((int) self->wanted + quarter_turns % 4 + 4) % 4);
  start_rotation (self);
}

gboolean
mk_attachment_viewer_is_busy (MkAttachmentViewer *self)
{
  g_return_val_if_fail (MK_IS_ATTACHMENT_VIEWER (self), FALSE);
  return self->rotating || mk_document_view_is_busy (self->view);
}

const char *
mk_attachment_viewer_get_error (MkAttachmentViewer *self)
{
  g_return_val_if_fail (MK_IS_ATTACHMENT_VIEWER (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_infobar))
         ? gtk_label_get_text (self->error_label) : NULL;
}
