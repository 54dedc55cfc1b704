/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Today" on the main window (#12): the cases due today and on the next
 * working day for the signed-in user's role (mk_store_due_cases), read off
 * the main thread, again when cases change and when the day turns. */

#define G_LOG_DOMAIN "mekenjai-ui"

#include <glib/gi18n-lib.h>

#include "mk-today-panel.h"

struct _MkTodayPanel
{
  GtkBox         parent_instance;

  GtkLabel      *date_label;
  GtkButton     *overdue_button;
  GtkLabel      *overdue_label;
  GtkLabel      *today_title;
  GtkListBox    *today_list;
  GtkLabel      *next_title;
  GtkListBox    *next_list;
  GtkLabel      *empty_label;
  GtkLabel      *error_label;

  MkContext     *context;
  GCancellable  *cancellable;
  GArray        *today_ids;    /* gint64, by row index */
  GArray        *next_ids;
  GDate          day;          /* the day the lists are for */
  guint          day_timer;
};

G_DEFINE_FINAL_TYPE (MkTodayPanel, mk_today_panel, GTK_TYPE_BOX)

enum {
  CASE_ACTIVATED,
  OVERDUE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  MkStore *store;
  MkUser  *actor;
  GDate    day;
} DueJob;

static void
due_job_free (DueJob *job)
{
  g_clear_object (&job->store);
  g_clear_pointer (&job->actor, mk_user_free);
  g_free (job);
}

/* A server may be slow: the store is read on a connection of its own (#8). */
static void
due_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  DueJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MkStore) store = mk_store_reopen (job->store, &error);
  MkDueCases *due;

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  due = mk_store_due_cases (store, job->actor, &job->day, &error);
  if (due == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, due, (GDestroyNotify) mk_due_cases_free);
}

static void
clear_list (GtkListBox *list,
            GArray     *ids)
{
  GList *children = gtk_container_get_children (GTK_CONTAINER (list));

  for (GList *l = children; l != NULL; l = l->next)
    gtk_widget_destroy (GTK_WIDGET (l->data));
  g_list_free (children);
  g_array_set_size (ids, 0);
}

static GtkWidget *
make_row (MkTodayPanel    *self,
          const MkCaseRow *row)
{
  const MkStage *stage = mk_regulation_get_stage (mk_context_get_regulation (self->context), row->stage);
  const char *stage_name = stage != NULL ? mk_text_get (&stage->name) : row->stage;
  GtkWidget *list_row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *number = gtk_label_new (row->regno);
  GtkWidget *detail = NULL;
  g_autofree char *detail_text = g_strdup_printf ("%s · %s", stage_name, row->applicant_name);
  g_autofree char *accessible = NULL;

  detail = gtk_label_new (detail_text);
  gtk_label_set_xalign (GTK_LABEL (number), 0);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (detail), 10);
  gtk_widget_set_tooltip_text (detail, detail_text);
  gtk_style_context_add_class (gtk_widget_get_style_context (number), "mk-today-number");
  gtk_style_context_add_class (gtk_widget_get_style_context (detail), "dim-label");
  g_object_set (box, "margin-start", 6, "margin-end", 6, "margin-top", 4, "margin-bottom", 4, NULL);
  gtk_container_add (GTK_CONTAINER (box), number);
  gtk_container_add (GTK_CONTAINER (box), detail);
  gtk_container_add (GTK_CONTAINER (list_row), box);
  /* TRANSLATORS: a case due in the "Today" panel: its number, stage and applicant */
  accessible = g_strdup_printf (_("%s, %s, %s"), row->regno, stage_name, row->applicant_name);
  atk_object_set_name (gtk_widget_get_accessible (list_row), accessible);
  gtk_widget_show_all (list_row);
  return list_row;
}

static void
fill_list (MkTodayPanel *self,
           GtkListBox   *list,
           GArray       *ids,
           GPtrArray    *rows)
{
  clear_list (list, ids);
  for (guint i = 0; i < rows->len; i++)
    {
      const MkCaseRow *row = rows->pdata[i];

      gtk_container_add (GTK_CONTAINER (list), make_row (self, row));
      g_array_append_val (ids, row->id);
    }
  gtk_widget_set_visible (GTK_WIDGET (list), rows->len > 0);
}

static void
show_due (MkTodayPanel     *self,
          const MkDueCases *due)
{
  g_autofree char *date = mk_date_format_long (&due->today, NULL);
  g_autofree char *next_date = mk_date_format_long (&due->next, NULL);
  g_autofree char *today_text = NULL;
  g_autofree char *next_text = NULL;
  g_autofree char *overdue_text = NULL;
  GDate tomorrow = due->today;
  gboolean nothing = due->due_today->len == 0 && due->due_next->len == 0;

  g_date_add_days (&tomorrow, 1);
  gtk_label_set_text (self->date_label, date);
  fill_list (self, self->today_list, self->today_ids, due->due_today);
  fill_list (self, self->next_list, self->next_ids, due->due_next);

  /* TRANSLATORS: the heading of the cases due today, with their number */
  today_text = g_strdup_printf (_("Due today (%u)"), due->due_today->len);
  if (g_date_compare (&tomorrow, &due->next) == 0)
    /* TRANSLATORS: the heading of the cases due tomorrow, with their number */
    next_text = g_strdup_printf (_("Due tomorrow (%u)"), due->due_next->len);
  else
    /* TRANSLATORS: the heading of the cases due on the next working day, e.g. "Due on 30 November 2026 (2)" */
    next_text = g_strdup_printf (_("Due on %s (%u)"), next_date, due->due_next->len);
  gtk_label_set_text (self->today_title, today_text);
  gtk_label_set_text (self->next_title, next_text);
  gtk_widget_set_visible (GTK_WIDGET (self->today_title), !nothing);
  gtk_widget_set_visible (GTK_WIDGET (self->next_title), !nothing);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), nothing);

  overdue_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case overdue", "%u cases overdue",
                                               due->n_overdue), due->n_overdue);
  gtk_label_set_text (self->overdue_label, overdue_text);
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->overdue_button)), overdue_text);
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_button), due->n_overdue > 0);
  gtk_widget_hide (GTK_WIDGET (self->error_label));
}

static void
due_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkDueCases) due = g_task_propagate_pointer (G_TASK (result), &error);
  MkTodayPanel *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self = MK_TODAY_PANEL (source);
  g_clear_object (&self->cancellable);
  if (due == NULL)
    {
      gtk_label_set_text (self->error_label, error != NULL ? error->message : "");
      gtk_widget_show (GTK_WIDGET (self->error_label));
      return;
    }
  self->day = due->today;
  show_due (self, due);
}

/* The lists are for one day: when Kazakhstan's day turns they are read again. */
static gboolean
day_timer_cb (gpointer user_data)
{
  MkTodayPanel *self = MK_TODAY_PANEL (user_data);
  GDate today;

  if (self->context == NULL)
    return G_SOURCE_CONTINUE;
  mk_clock_today (mk_context_get_clock (self->context), &today);
  if (g_date_valid (&self->day) && g_date_compare (&today, &self->day) != 0)
    mk_today_panel_reload (self);
  return G_SOURCE_CONTINUE;
}

static void
list_row_activated_cb (MkTodayPanel  *self,
                       GtkListBoxRow *row,
                       GtkListBox    *list)
{
  GArray *ids = list == self->next_list ? self->next_ids : self->today_ids;
  int index = gtk_list_box_row_get_index (row);

  if (index >= 0 && (guint) index < ids->len)
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, g_array_index (ids, gint64, index));
}

static void
overdue_clicked_cb (MkTodayPanel *self)
{
  g_signal_emit (self, signals[OVERDUE_ACTIVATED], 0);
}

static void
cases_changed_cb (MkTodayPanel *self)
{
  mk_today_panel_reload (self);
}

static void
mk_today_panel_dispose (GObject *object)
{
  MkTodayPanel *self = MK_TODAY_PANEL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->day_timer, g_source_remove);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (mk_today_panel_parent_class)->dispose (object);
}

static void
mk_today_panel_finalize (GObject *object)
{
  MkTodayPanel *self = MK_TODAY_PANEL (object);

  g_array_unref (self->today_ids);
  g_array_unref (self->next_ids);

  G_OBJECT_CLASS (mk_today_panel_parent_class)->finalize (object);
}

static void
mk_today_panel_class_init (MkTodayPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mk_today_panel_dispose;
  object_class->finalize = mk_today_panel_finalize;

  /**
   * MkTodayPanel::case-activated:
   * @case_id: the case chosen
   */
  signals[CASE_ACTIVATED] =
    g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * MkTodayPanel::overdue-activated:
   *
   * The count of overdue cases was chosen: the window shows them.
   */
  signals[OVERDUE_ACTIVATED] =
    g_signal_new ("overdue-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/kz/mekenjai/Mekenjai/ui/mk-today-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, MkTodayPanel, date_label);
  gtk_widget_class_bind_template_child (widget_class, MkTodayPanel, overdue_button);
  gtk_widget_class_bind_template_child (widget_class, MkTodayPanel, overdue_label);
  gtk_widget_class_bind_template_child (widget_class, MkTodayPanel, today_title);
  gtk_widget_class_bind_template_child (widget_class, MkTodayPanel, today_list);
  gtk_widget_class_bind_template_child (widget_class, MkTodayPanel, next_title);
  gtk_widget_class_bind_template_child (widget_class, MkTodayPanel, next_list);
  gtk_widget_class_bind_template_child (widget_class, MkTodayPanel, empty_label);
  gtk_widget_class_bind_template_child (widget_class, MkTodayPanel, error_label);
  gtk_widget_class_bind_template_callback (widget_class, list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, overdue_clicked_cb);
}

static void
mk_today_panel_init (MkTodayPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->today_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->next_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_date_clear (&self->day, 1);
}

void
mk_today_panel_set_context (MkTodayPanel *self,
                            MkContext    *context)
{
  g_return_if_fail (MK_IS_TODAY_PANEL (self));
  g_return_if_fail (MK_IS_CONTEXT (context));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (context, "cases-changed", G_CALLBACK (cases_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::user", G_CALLBACK (cases_changed_cb), self, G_CONNECT_SWAPPED);
  /* A minute's look at the clock: a timer to midnight would miss a suspended laptop's. */
  self->day_timer = g_timeout_add_seconds (60, day_timer_cb, self);
  mk_today_panel_reload (self);
}

void
mk_today_panel_reload (MkTodayPanel *self)
{
  g_autoptr(GTask) task = NULL;
  const MkUser *user;
  DueJob *job;

  g_return_if_fail (MK_IS_TODAY_PANEL (self));

  if (self->context == NULL)
    return;
  /* A newer read replaces one under way. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  user = mk_context_get_user (self->context);
  gtk_widget_set_visible (GTK_WIDGET (self), user != NULL);
  if (user == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  job = g_new0 (DueJob, 1);
  job->store = g_object_ref (mk_context_get_store (self->context));
  job->actor = mk_user_copy (user);
  mk_clock_today (mk_context_get_clock (self->context), &job->day);
  task = g_task_new (self, self->cancellable, due_done_cb, NULL);
  g_task_set_source_tag (task, mk_today_panel_reload);
  g_task_set_task_data (task, job, (GDestroyNotify) due_job_free);
  g_task_run_in_thread (task, due_thread);
}

gboolean
mk_today_panel_is_loading (MkTodayPanel *self)
{
  g_return_val_if_fail (MK_IS_TODAY_PANEL (self), FALSE);

  return self->cancellable != NULL;
}

GArray *
mk_today_panel_get_case_ids (MkTodayPanel *self)
{
  GArray *ids;

  g_return_val_if_fail (MK_IS_TODAY_PANEL (self), NULL);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_vals (ids, self->today_ids->data, self->today_ids->len);
  g_array_append_vals (ids, self->next_ids->data, self->next_ids->len);
  return ids;
}

GtkListBox *
mk_today_panel_get_list (MkTodayPanel *self,
                         gboolean      next)
{
  g_return_val_if_fail (MK_IS_TODAY_PANEL (self), NULL);

  return next ? self->next_list : self->today_list;
}
