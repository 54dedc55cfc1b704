/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A PDF preview: page navigation, zoom and fit width; pages rendered off the main thread. */
#define G_LOG_DOMAIN "mk-document-view"

#include "mk-document-view.h"

#include <glib/gi18n-lib.h>
#include <poppler.h>

/* Points to pixels at 100 %: a 96 dpi screen. */
#define PX_PER_PT (96.0 / 72.0)
#define MARGIN 12
#define MIN_ZOOM 0.25
#define MAX_ZOOM 5.0

static const double zoom_steps[] = { 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 5.0 };

struct _MkDocumentView
{
  GtkBox             parent_instance;

  GtkButton         *prev_button;
  GtkButton         *next_button;
  GtkButton         *zoom_in_button;
  GtkButton         *zoom_out_button;
  GtkToggleButton   *fit_width_button;
  GtkLabel          *page_label;
  GtkLabel          *zoom_label;
  GtkSpinner        *spinner;
  GtkScrolledWindow *scrolled;
  GtkDrawingArea    *page_area;

  GBytes            *pdf;
  PopplerDocument   *doc;
  GArray            *sizes;        /* double[2] per page, in points, read once */
  int                page;
  double             zoom;
  gboolean           fit_width;

  cairo_surface_t   *surface;      /* the last page drawn */
  int                surface_page;
  double             surface_zoom;
  GCancellable      *cancellable;
  gboolean           rendering;    /* one render at a time: PopplerDocument is not thread-safe */
  gboolean           pending;      /* page or zoom changed while rendering */
};

G_DEFINE_FINAL_TYPE (MkDocumentView, mk_document_view, GTK_TYPE_BOX)

typedef struct {
  PopplerDocument *doc;
  int              page;
  double           scale;         /* device pixels per point */
  int              scale_factor;
} RenderJob;

static void
render_job_free (RenderJob *job)
{
  g_object_unref (job->doc);
  g_free (job);
}

static void
page_size (MkDocumentView *self,
           int             page,
           double         *width,
           double         *height)
{
  const double *size = &g_array_index (self->sizes, double, 2 * page);

  *width = size[0];
  *height = size[1];
}

static void start_render (MkDocumentView *self);

/* Worker thread: draws one page into an image surface. */
static void
render_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderJob *job = task_data;
  PopplerPage *page = poppler_document_get_page (job->doc, job->page);
  cairo_surface_t *surface;
  cairo_t *cr;
  double width, height;

  if (page == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The page cannot be read"));
      return;
    }
  poppler_page_get_size (page, &width, &height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                        (int) (width * job->scale * job->scale_factor + 0.5),
                                        (int) (height * job->scale * job->scale_factor + 0.5));
  cairo_surface_set_device_scale (surface, job->scale_factor, job->scale_factor);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, job->scale, job->scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  g_object_unref (page);

  if (g_task_return_error_if_cancelled (task))
    {
      cairo_surface_destroy (surface);
      return;
    }
  g_task_return_pointer (task, surface, (GDestroyNotify) cairo_surface_destroy);
}

static void
render_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  MkDocumentView *self = MK_DOCUMENT_VIEW (source);
  RenderJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = g_task_propagate_pointer (G_TASK (result), &error);

  /* A render of a document since replaced: its successor owns the state. */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    {
      g_clear_pointer (&surface, cairo_surface_destroy);
      return;
    }
  self->rendering = FALSE;
  if (surface == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Page %d: %s", job->page + 1, error->message);
    }
  else
    {
      g_clear_pointer (&self->surface, cairo_surface_destroy);
      self->surface = surface;
      self->surface_page = job->page;
      self->surface_zoom = job->scale / PX_PER_PT;
      gtk_widget_queue_draw (GTK_WIDGET (self->page_area));
    }

  if (self->pending && self->doc != NULL)
    start_render (self);
  else
    gtk_spinner_stop (self->spinner);
}

static void
start_render (MkDocumentView *self)
{
  g_autoptr(GTask) task = NULL;
  RenderJob *job;

  if (self->doc == NULL)
    return;
  if (self->rendering)
    {
      self->pending = TRUE;
      return;
    }
  self->pending = FALSE;
  self->rendering = TRUE;
  gtk_spinner_start (self->spinner);

  job = g_new0 (RenderJob, 1);
  job->doc = g_object_ref (self->doc);
  job->page = self->page;
  job->scale = self->zoom * PX_PER_PT;
  job->scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  task = g_task_new (self, self->cancellable, render_done_cb, NULL);
  g_task_set_source_tag (task, start_render);
  g_task_set_task_data (task, job, (GDestroyNotify) render_job_free);
  g_task_run_in_thread (task, render_thread);
}

static void
update_controls (MkDocumentView *self)
{
  g_autofree char *page_text = NULL;
  g_autofree char *zoom_text = NULL;
  double width = 0, height = 0;

  if (self->doc != NULL)
    {
      /* TRANSLATORS: "Page 1 of 3" */
      page_text = g_strdup_printf (_("Page %d of %d"), self->page + 1, (int) (self->sizes->len / 2));
      page_size (self, self->page, &width, &height);
    }
  zoom_text = g_strdup_printf ("%.0f %%", self->zoom * 100);
  gtk_label_set_text (self->page_label, page_text != NULL ? page_text : "");
  gtk_label_set_text (self->zoom_label, zoom_text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->prev_button), self->doc != NULL && self->page > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button),
                            self->doc != NULL && self->page + 1 < mk_document_view_get_n_pages (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->zoom_in_button), self->zoom < MAX_ZOOM - 0.001);
  gtk_widget_set_sensitive (GTK_WIDGET (self->zoom_out_button), self->zoom > MIN_ZOOM + 0.001);
  gtk_widget_set_size_request (GTK_WIDGET (self->page_area),
                               (int) (width * self->zoom * PX_PER_PT) + 2 * MARGIN,
                               (int) (height * self->zoom * PX_PER_PT) + 2 * MARGIN);
  gtk_widget_queue_draw (GTK_WIDGET (self->page_area));
}

static void
set_zoom (MkDocumentView *self,
          double          zoom)
{
  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (ABS (zoom - self->zoom) < 0.001)
    return;
  self->zoom = zoom;
  update_controls (self);
  start_render (self);
}

/* The zoom that makes the page as wide as the visible area. */
static void
apply_fit_width (MkDocumentView *self)
{
  GtkAllocation alloc;
  double width, height;
  GtkWidget *vbar;
  int bar = 0;

  if (!self->fit_width || self->doc == NULL)
    return;
  gtk_widget_get_allocation (GTK_WIDGET (self->scrolled), &alloc);
  if (alloc.width <= 2 * MARGIN + 1)
    return;
  vbar = gtk_scrolled_window_get_vscrollbar (self->scrolled);
  if (vbar != NULL && gtk_widget_get_visible (vbar))
    gtk_widget_get_preferred_width (vbar, NULL, &bar);
  page_size (self, self->page, &width, &height);
  set_zoom (self, (alloc.width - 2 * MARGIN - bar) / (width * PX_PER_PT));
}

static void
set_fit_width (MkDocumentView *self,
               gboolean        fit)
{
  self->fit_width = fit;
  if (gtk_toggle_button_get_active (self->fit_width_button) != fit)
    gtk_toggle_button_set_active (self->fit_width_button, fit);
  apply_fit_width (self);
}

static gboolean
page_draw_cb (MkDocumentView *self,
              cairo_t        *cr)
{
  GtkWidget *area = GTK_WIDGET (self->page_area);
  int area_width = gtk_widget_get_allocated_width (area);
  double width, height, x;

  /* A neutral desk around the sheet, whatever the theme. */
  cairo_set_source_rgb (cr, 0.82, 0.82, 0.82);
  cairo_paint (cr);
  if (self->doc == NULL)
    return TRUE;

  page_size (self, self->page, &width, &height);
  width *= self->zoom * PX_PER_PT;
  height *= self->zoom * PX_PER_PT;
  x = MAX (MARGIN, (area_width - width) / 2);

  cairo_set_source_rgba (cr, 0, 0, 0, 0.25);
  cairo_rectangle (cr, x + 2, MARGIN + 2, width, height);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, MARGIN, width, height);
  cairo_fill (cr);

  /* While a new zoom is drawn, the old picture is stretched to it. */
  if (self->surface != NULL && self->surface_page == self->page)
    {
      double s = self->zoom / self->surface_zoom;

      cairo_save (cr);
      cairo_translate (cr, x, MARGIN);
      cairo_scale (cr, s, s);
      cairo_set_source_surface (cr, self->surface, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
    }
  return TRUE;
}

static void
prev_clicked_cb (MkDocumentView *self)
{
  mk_document_view_set_page (self, self->page - 1);
}

static void
next_clicked_cb (MkDocumentView *self)
{
  mk_document_view_set_page (self, self->page + 1);
}

static void
zoom_in_clicked_cb (MkDocumentView *self)
{
  mk_document_view_zoom_in (self);
}

static void
zoom_out_clicked_cb (MkDocumentView *self)
{
  mk_document_view_zoom_out (self);
}

static void
fit_width_toggled_cb (MkDocumentView *self)
{
  set_fit_width (self, gtk_toggle_button_get_active (self->fit_width_button));
}

static void
scrolled_size_allocate_cb (MkDocumentView *self)
{
  apply_fit_width (self);
}

static gboolean
mk_document_view_key_press_event (GtkWidget   *widget,
                                  GdkEventKey *event)
{
  MkDocumentView *self = MK_DOCUMENT_VIEW (widget);
  GdkModifierType mods = event->state & gtk_accelerator_get_default_mod_mask ();

  switch (event->keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      mk_document_view_zoom_in (self);
      return GDK_EVENT_STOP;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      mk_document_view_zoom_out (self);
      return GDK_EVENT_STOP;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      if (mods == GDK_CONTROL_MASK)
        {
          set_fit_width (self, TRUE);
          return GDK_EVENT_STOP;
        }
      break;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      mk_document_view_set_page (self, self->page - 1);
      return GDK_EVENT_STOP;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      mk_document_view_set_page (self, self->page + 1);
      return GDK_EVENT_STOP;
    default:
      break;
    }
  return GTK_WIDGET_CLASS (mk_document_view_parent_class)->key_press_event (widget, event);
}

/* Focus goes to the page, where the keys for zoom and pages act. */
static void
mk_document_view_grab_focus (GtkWidget *widget)
{
  gtk_widget_grab_focus (GTK_WIDGET (MK_DOCUMENT_VIEW (widget)->page_area));
}

static void
mk_document_view_dispose (GObject *object)
{
  MkDocumentView *self = MK_DOCUMENT_VIEW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->doc);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_clear_pointer (&self->sizes, g_array_unref);
  g_clear_pointer (&self->surface, cairo_surface_destroy);

  G_OBJECT_CLASS (mk_document_view_parent_class)->dispose (object);
}

static void
mk_document_view_class_init (MkDocumentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mk_document_view_dispose;
  widget_class->key_press_event = mk_document_view_key_press_event;
  widget_class->grab_focus = mk_document_view_grab_focus;

  gtk_widget_class_set_template_from_resource (widget_class, "/kz/mekenjai/Mekenjai/ui/mk-document-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MkDocumentView, prev_button);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentView, next_button);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentView, zoom_in_button);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentView, zoom_out_button);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentView, fit_width_button);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentView, page_label);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentView, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentView, spinner);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentView, page_area);
  gtk_widget_class_bind_template_callback (widget_class, prev_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_out_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, fit_width_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, scrolled_size_allocate_cb);
  gtk_widget_class_bind_template_callback (widget_class, page_draw_cb);
}

static void
mk_document_view_init (MkDocumentView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->zoom = 1.0;
  self->surface_page = -1;
  self->cancellable = g_cancellable_new ();
  update_controls (self);
}

GtkWidget *
mk_document_view_new (void)
{
  return g_object_new (MK_TYPE_DOCUMENT_VIEW, NULL);
}

gboolean
mk_document_view_load (MkDocumentView  *self,
                       GBytes          *pdf,
                       GError         **error)
{
  PopplerDocument *doc;
  int n;

  g_return_val_if_fail (MK_IS_DOCUMENT_VIEW (self), FALSE);
  g_return_val_if_fail (pdf != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  doc = poppler_document_new_from_bytes (pdf, NULL, error);
  if (doc == NULL)
    return FALSE;

  /* A render of the old document may still run: let it finish on its own copy. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->rendering = FALSE;
  self->pending = FALSE;
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_object (&self->doc);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_clear_pointer (&self->sizes, g_array_unref);

  self->doc = doc;
  self->pdf = g_bytes_ref (pdf);
  self->page = 0;
  /* Page sizes are read here, once, so that the main thread never touches
   * the document while a worker draws from it. */
  n = poppler_document_get_n_pages (doc);
  self->sizes = g_array_sized_new (FALSE, TRUE, sizeof (double), (guint) (2 * n));
  for (int i = 0; i < n; i++)
    {
      PopplerPage *page = poppler_document_get_page (doc, i);
      double size[2] = { 595.0, 842.0 };

      if (page != NULL)
        {
          poppler_page_get_size (page, &size[0], &size[1]);
          g_object_unref (page);
        }
      g_array_append_vals (self->sizes, size, 2);
    }
  update_controls (self);
  apply_fit_width (self);
  start_render (self);
  return TRUE;
}

GBytes *
mk_document_view_get_pdf (MkDocumentView *self)
{
  g_return_val_if_fail (MK_IS_DOCUMENT_VIEW (self), NULL);
  return self->pdf;
}

int
mk_document_view_get_n_pages (MkDocumentView *self)
{
  g_return_val_if_fail (MK_IS_DOCUMENT_VIEW (self), 0);
  return self->sizes != NULL ? (int) (self->sizes->len / 2) : 0;
}

int
mk_document_view_get_page (MkDocumentView *self)
{
  g_return_val_if_fail (MK_IS_DOCUMENT_VIEW (self), 0);
  return self->page;
}

void
mk_document_view_set_page (MkDocumentView *self,
                           int             page)
{
  g_return_if_fail (MK_IS_DOCUMENT_VIEW (self));

  if (self->doc == NULL || page < 0 || page >= mk_document_view_get_n_pages (self) || page == self->page)
    return;
  self->page = page;
  update_controls (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
  apply_fit_width (self);
  start_render (self);
}

double
mk_document_view_get_zoom (MkDocumentView *self)
{
  g_return_val_if_fail (MK_IS_DOCUMENT_VIEW (self), 1.0);
  return self->zoom;
}

void
mk_document_view_zoom_in (MkDocumentView *self)
{
  g_return_if_fail (MK_IS_DOCUMENT_VIEW (self));

  set_fit_width (self, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (zoom_steps); i++)
    if (zoom_steps[i] > self->zoom + 0.001)
      {
        set_zoom (self, zoom_steps[i]);
        return;
      }
}

void
mk_document_view_zoom_out (MkDocumentView *self)
{
  g_return_if_fail (MK_IS_DOCUMENT_VIEW (self));

  set_fit_width (self, FALSE);
  for (guint i = G_N_ELEMENTS (zoom_steps); i > 0; i--)
    if (zoom_steps[i - 1] < self->zoom - 0.001)
      {
        set_zoom (self, zoom_steps[i - 1]);
        return;
      }
}

void
mk_document_view_set_fit_width (MkDocumentView *self,
                                gboolean        fit)
{
  g_return_if_fail (MK_IS_DOCUMENT_VIEW (self));
  set_fit_width (self, fit);
}

gboolean
mk_document_view_is_busy (MkDocumentView *self)
{
  g_return_val_if_fail (MK_IS_DOCUMENT_VIEW (self), FALSE);
  return self->rendering;
}
