/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reports (#12): the figures of a period for the signed-in user's office —
 * applications by service and result, on time and late by the §7 term and
 * the §20 date, time per stage, the overdue cases now (each opens its case),
 * per executor — with charts, saved as PDF, CSV or workbook. The store
 * computes every figure (mk_store_report); this window only shows them,
 * computed on another connection off the main thread. */

#define G_LOG_DOMAIN "mk-reports-window"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mk-case-window.h"
#include "mk-report-chart.h"
#include "mk-reports-window.h"
#include "mk-ui-util.h"

enum {
  OVERDUE_ID, OVERDUE_REGNO, OVERDUE_KIND, OVERDUE_STAGE, OVERDUE_DUE, OVERDUE_LATE,
};

struct _MkReportsWindow
{
  GtkWindow        parent_instance;

  GtkHeaderBar    *header_bar;
  GtkComboBoxText *period_combo;
  GtkEntry        *from_entry;
  GtkEntry        *to_entry;
  GtkComboBoxText *office_combo;
  GtkSpinner      *spinner;
  GtkLabel        *error_label;
  GtkLabel        *summary_label;
  GtkGrid         *figures_grid;
  GtkBox          *charts_box;
  GtkListStore    *overdue_store;
  GtkListStore    *stages_store;
  GtkListStore    *executors_store;
  GtkWidget       *pdf_button;
  GtkWidget       *csv_button;
  GtkWidget       *xlsx_button;
  MkReportChart   *charts[3];

  MkContext       *context;
  MkReport        *report;
  GCancellable    *cancellable;
  guint            busy;
  char            *error;
};

G_DEFINE_FINAL_TYPE (MkReportsWindow, mk_reports_window, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  MkStore *store;
  MkUser  *actor;
  GDate    from;
  GDate    to;
  char    *office_id;
} ReportJob;

static void
report_job_free (ReportJob *job)
{
  g_clear_object (&job->store);
  g_clear_pointer (&job->actor, mk_user_free);
  g_free (job->office_id);
  g_free (job);
}

static void
set_busy (MkReportsWindow *self,
          gboolean         busy)
{
  self->busy = busy ? self->busy + 1 : self->busy - 1;
  if (self->busy > 0)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
  gtk_widget_set_sensitive (self->pdf_button, self->busy == 0 && self->report != NULL);
  gtk_widget_set_sensitive (self->csv_button, self->busy == 0 && self->report != NULL);
  gtk_widget_set_sensitive (self->xlsx_button, self->busy == 0 && self->report != NULL);
}

static void
show_error (MkReportsWindow *self,
            const char      *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The store is read on a connection of its own, so that a slow server never
 * holds the window (#8). */
static void
report_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReportJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MkStore) store = mk_store_reopen (job->store, &error);
  MkReport *report;

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  report = mk_store_report (store, job->actor, &job->from, &job->to, job->office_id, &error);
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, (GDestroyNotify) mk_report_free);
}

static void
add_figure (MkReportsWindow *self,
            int              row,
            int              column,
            const char      *label,
            guint            value)
{
  GtkWidget *name = gtk_label_new (label);
  g_autofree char *text = g_strdup_printf ("%u", value);
  GtkWidget *number = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (number), 1);
  gtk_label_set_selectable (GTK_LABEL (number), TRUE);
  gtk_widget_set_can_focus (number, FALSE);
  gtk_grid_attach (self->figures_grid, name, column * 2, row, 1, 1);
  gtk_grid_attach (self->figures_grid, number, column * 2 + 1, row, 1, 1);
  gtk_widget_show (name);
  gtk_widget_show (number);
}

static const char *
result_name (MkReportResult result)
{
  switch (result)
    {
    case MK_REPORT_CERTIFICATE:
      return _("Certificates");
    case MK_REPORT_REFUSAL:
      return _("Reasoned refusals");
    case MK_REPORT_REFUSED_AT_INTAKE:
      return _("Refused at intake (§23)");
    case MK_REPORT_RETURNED:
      return _("Returned for errors (§24)");
    case MK_REPORT_IN_PROGRESS:
    default:
      return _("In progress");
    }
}

static char *
days_text (double days)
{
  return g_strdup_printf ("%.1f", days);
}

static void
show_report (MkReportsWindow *self)
{
  const MkReport *report = self->report;
  MkRegulation *regulation = mk_context_get_regulation (self->context);
  g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (self->figures_grid));
  g_autofree char *summary = NULL;
  g_autofree char *share = NULL;
  guint judged = report->on_time + report->late;
  int row = 0;

  for (GList *l = children; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);

  share = judged > 0 ? g_strdup_printf ("%.0f %%", 100.0 * report->on_time / judged) : g_strdup ("—");
  /* Translators: "127 applications; on time 118, late 9 (93 % on time, target 95 %); overdue now 4" */
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u application; on time %u, late %u (%s on time, target %.0f %%); overdue now %u",
                                          "%u applications; on time %u, late %u (%s on time, target %.0f %%); overdue now %u",
                                          report->total),
                             report->total, report->on_time, report->late, share, report->target * 100,
                             report->overdue->len);
  gtk_label_set_text (self->summary_label, summary);

  /* Kinds on the left, results in the middle, the two terms on the right. */
  for (int k = 0; k < MK_SERVICE_N_KINDS; k++)
    add_figure (self, k, 0, mk_service_kind_name (k), report->by_kind[k]);
  for (int r = 0; r < MK_REPORT_N_RESULTS; r++)
    add_figure (self, r, 1, result_name (r), report->by_result[r]);
  add_figure (self, row++, 2, _("On time by the §7 term"), report->on_time);
  add_figure (self, row++, 2, _("Late by the §7 term"), report->late);
  add_figure (self, row++, 2, _("At the center on time (§20)"), report->provider_on_time);
  add_figure (self, row++, 2, _("At the center late (§20)"), report->provider_late);

  for (guint i = 0; i < G_N_ELEMENTS (self->charts); i++)
    mk_report_chart_set_report (self->charts[i], report, regulation);

  gtk_list_store_clear (self->overdue_store);
  for (guint i = 0; i < report->overdue->len; i++)
    {
      const MkReportCase *c = g_ptr_array_index (report->overdue, i);
      g_autofree char *due = g_strdup_printf ("%02u.%02u.%04u", g_date_get_day (&c->due),
                                              (guint) g_date_get_month (&c->due), (guint) g_date_get_year (&c->due));

      gtk_list_store_insert_with_values (self->overdue_store, NULL, -1,
                                         OVERDUE_ID, c->id, OVERDUE_REGNO, c->regno,
                                         OVERDUE_KIND, mk_service_kind_name (c->kind),
                                         OVERDUE_STAGE, mk_stage_display_name (regulation, c->stage),
                                         OVERDUE_DUE, due, OVERDUE_LATE, c->days_late, -1);
    }
  gtk_list_store_clear (self->stages_store);
  for (guint i = 0; i < report->stages->len; i++)
    {
      const MkReportStage *s = g_ptr_array_index (report->stages, i);
      g_autofree char *median = s->n_cases > 0 ? days_text (s->median_days) : g_strdup ("—");
      g_autofree char *longest = s->n_cases > 0 ? days_text (s->longest_days) : g_strdup ("—");

      gtk_list_store_insert_with_values (self->stages_store, NULL, -1,
                                         0, mk_stage_display_name (regulation, s->stage), 1, s->n_cases,
                                         2, median, 3, longest, 4, s->longest_regno != NULL ? s->longest_regno : "",
                                         5, s->now, -1);
    }
  gtk_list_store_clear (self->executors_store);
  for (guint i = 0; i < report->executors->len; i++)
    {
      const MkReportExecutor *e = g_ptr_array_index (report->executors, i);

      gtk_list_store_insert_with_values (self->executors_store, NULL, -1,
                                         0, e->user_id != 0 ? e->name : _("Not taken yet"),
                                         1, e->in_hand, 2, e->done, 3, e->late, -1);
    }
}

static void
report_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  MkReport *report = g_task_propagate_pointer (G_TASK (result), &error);
  MkReportsWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = MK_REPORTS_WINDOW (source);
  if (g_task_had_error (G_TASK (result)) || report == NULL)
    {
      if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
        return;
      set_busy (self, FALSE);
      show_error (self, error != NULL ? error->message : NULL);
      return;
    }
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      mk_report_free (report);
      return;
    }
  g_clear_pointer (&self->report, mk_report_free);
  self->report = report;
  show_error (self, NULL);
  show_report (self);
  set_busy (self, FALSE);
}

static const char *
chosen_office (MkReportsWindow *self)
{
  const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->office_combo));

  /* "" is every office; only an administrator has the choice. */
  return id != NULL && *id != '\0' ? id : NULL;
}

static void
compute (MkReportsWindow *self,
         const GDate     *from,
         const GDate     *to)
{
  g_autoptr(GTask) task = NULL;
  ReportJob *job;
  const MkUser *user = mk_context_get_user (self->context);

  if (user == NULL)
    return;
  /* A newer period replaces the one being computed. */
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      set_busy (self, FALSE);
    }
  self->cancellable = g_cancellable_new ();
  job = g_new0 (ReportJob, 1);
  job->store = g_object_ref (mk_context_get_store (self->context));
  job->actor = mk_user_copy (user);
  job->from = *from;
  job->to = *to;
  job->office_id = g_strdup (chosen_office (self));
  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, report_done_cb, NULL);
  g_task_set_source_tag (task, compute);
  g_task_set_task_data (task, job, (GDestroyNotify) report_job_free);
  g_task_run_in_thread (task, report_thread);
}

static void
set_entry_date (GtkEntry    *entry,
                const GDate *date)
{
  g_autofree char *text = g_strdup_printf ("%02u.%02u.%04u", g_date_get_day (date),
                                           (guint) g_date_get_month (date), (guint) g_date_get_year (date));

  gtk_entry_set_text (entry, text);
}

/* The period chosen in the header bar, from today in Kazakhstan. */
static void
compute_chosen (MkReportsWindow *self)
{
  const char *period = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->period_combo));
  gboolean custom = g_strcmp0 (period, "custom") == 0;
  GDate today, from, to;

  gtk_widget_set_visible (GTK_WIDGET (self->from_entry), custom);
  gtk_widget_set_visible (GTK_WIDGET (self->to_entry), custom);
  mk_store_get_today (mk_context_get_store (self->context), &today);
  from = today;
  if (custom)
    {
      if (!mk_date_parse (gtk_entry_get_text (self->from_entry), &from)
          || !mk_date_parse (gtk_entry_get_text (self->to_entry), &to))
        {
          show_error (self, _("Type both days of the period as DD.MM.YYYY, then press Enter"));
          return;
        }
      if (g_date_compare (&from, &to) > 0)
        {
          show_error (self, _("The first day of the period is after its last day"));
          return;
        }
    }
  else
    {
      GDateMonth first_month = g_date_get_month (&today);

      if (g_strcmp0 (period, "quarter") == 0)
        first_month = (GDateMonth) (((first_month - 1) / 3) * 3 + 1);
      else if (g_strcmp0 (period, "year") == 0)
        first_month = G_DATE_JANUARY;
      g_date_set_dmy (&from, 1, first_month, g_date_get_year (&today));
      to = today;
      set_entry_date (self->from_entry, &from);
      set_entry_date (self->to_entry, &to);
    }
  show_error (self, NULL);
  compute (self, &from, &to);
}

static void
period_changed_cb (MkReportsWindow *self)
{
  compute_chosen (self);
  if (g_strcmp0 (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->period_combo)), "custom") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->from_entry));
}

static void
dates_activate_cb (MkReportsWindow *self)
{
  compute_chosen (self);
}

static void
office_changed_cb (MkReportsWindow *self)
{
  if (gtk_widget_get_realized (GTK_WIDGET (self)))
    compute_chosen (self);
}

static void
overdue_activated_cb (GtkTreeView       *view,
                      GtkTreePath       *path,
                      GtkTreeViewColumn *column,
                      MkReportsWindow   *self)
{
  GtkTreeIter iter;
  gint64 id = 0;
  GtkWidget *window;

  if (!gtk_tree_model_get_iter (GTK_TREE_MODEL (self->overdue_store), &iter, path))
    return;
  gtk_tree_model_get (GTK_TREE_MODEL (self->overdue_store), &iter, OVERDUE_ID, &id, -1);
  window = mk_case_window_new (self->context, id);
  gtk_window_set_application (GTK_WINDOW (window), gtk_window_get_application (GTK_WINDOW (self)));
  gtk_window_present (GTK_WINDOW (window));
}

typedef struct {
  MkReport     *report;    /* borrowed from the window, which is kept alive by the task */
  MkRegulation *regulation;
  MkOffice     *office;
  char         *path;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_object (&job->regulation);
  g_clear_pointer (&job->office, mk_office_free);
  g_free (job->path);
  g_free (job);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveJob *job = task_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_str_has_suffix (job->path, ".xlsx"))
    ok = mk_report_write_xlsx (job->report, job->regulation, job->office, job->path, &error);
  else if (g_str_has_suffix (job->path, ".csv"))
    {
      g_autofree char *csv = mk_report_to_csv (job->report);

      ok = g_file_set_contents_full (job->path, csv, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
    }
  else
    {
      g_autoptr(GBytes) pdf = mk_report_render_pdf (job->report, job->regulation, job->office, &error);

      ok = pdf != NULL
           && g_file_set_contents_full (job->path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf),
                                        G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  MkReportsWindow *self = MK_REPORTS_WINDOW (source);
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = g_strdup_printf (_("The report was not saved: %s"), error->message);

      show_error (self, message);
    }
}

void
mk_reports_window_save_to (MkReportsWindow *self,
                           const char      *path)
{
  g_autoptr(GTask) task = NULL;
  SaveJob *job;
  const char *office_id;

  g_return_if_fail (MK_IS_REPORTS_WINDOW (self));
  g_return_if_fail (path != NULL);

  if (self->report == NULL || self->busy > 0)
    return;
  job = g_new0 (SaveJob, 1);
  job->report = self->report;
  job->regulation = g_object_ref (mk_context_get_regulation (self->context));
  office_id = self->report->office_id;
  job->office = office_id != NULL ? mk_store_get_office (mk_context_get_store (self->context), office_id, NULL) : NULL;
  job->path = g_strdup (path);
  set_busy (self, TRUE);
  show_error (self, NULL);
  task = g_task_new (self, NULL, save_done_cb, NULL);
  g_task_set_source_tag (task, mk_reports_window_save_to);
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, save_thread);
}

static void
save_clicked_cb (GtkButton       *button,
                 MkReportsWindow *self)
{
  g_autoptr(GtkFileChooserNative) chooser = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *name = NULL;
  const char *ext;

  if (self->report == NULL)
    return;
  if (GTK_WIDGET (button) == self->csv_button)
    {
      ext = "csv";
      gtk_file_filter_set_name (filter, _("CSV files"));
      gtk_file_filter_add_pattern (filter, "*.csv");
    }
  else if (GTK_WIDGET (button) == self->xlsx_button)
    {
      ext = "xlsx";
      gtk_file_filter_set_name (filter, _("Excel workbooks"));
      gtk_file_filter_add_pattern (filter, "*.xlsx");
    }
  else
    {
      ext = "pdf";
      gtk_file_filter_set_name (filter, _("PDF documents"));
      gtk_file_filter_add_pattern (filter, "*.pdf");
    }
  from = mk_date_to_iso (&self->report->from);
  to = mk_date_to_iso (&self->report->to);
  /* Translators: the start of a saved report's file name, "report-2026-07-01-2026-09-30.pdf" */
  name = g_strdup_printf ("%s-%s-%s.%s", C_("file name", "report"), from, to, ext);
  chooser = gtk_file_chooser_native_new (_("Save the Report"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (gtk_native_dialog_run (GTK_NATIVE_DIALOG (chooser)) == GTK_RESPONSE_ACCEPT)
    {
      g_autofree char *path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));
      g_autofree char *with_ext = g_str_has_suffix (path, ext) ? g_strdup (path) : g_strconcat (path, ".", ext, NULL);

      mk_reports_window_save_to (self, with_ext);
    }
}

static void
fill_offices (MkReportsWindow *self)
{
  const MkUser *user = mk_context_get_user (self->context);
  MkStore *store = mk_context_get_store (self->context);

  /* Each role sees its own office's report; an administrator chooses. */
  if (user == NULL || user->role != MK_ROLE_ADMINISTRATOR)
    return;
  gtk_combo_box_text_append (self->office_combo, "", _("All offices"));
  for (MkOrgKind kind = MK_ORG_PROVIDER; kind <= MK_ORG_CENTER; kind++)
    {
      g_autoptr(GPtrArray) offices = mk_store_list_offices (store, kind, NULL);

      for (guint i = 0; offices != NULL && i < offices->len; i++)
        {
          const MkOffice *office = g_ptr_array_index (offices, i);

          gtk_combo_box_text_append (self->office_combo, office->id, mk_text_get (&office->name));
        }
    }
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->office_combo), "");
  gtk_widget_show (GTK_WIDGET (self->office_combo));
}

static void
mk_reports_window_constructed (GObject *object)
{
  MkReportsWindow *self = MK_REPORTS_WINDOW (object);

  G_OBJECT_CLASS (mk_reports_window_parent_class)->constructed (object);

  fill_offices (self);
  /* The first report: this month's. */
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->period_combo), "month");
}

static void
mk_reports_window_dispose (GObject *object)
{
  MkReportsWindow *self = MK_REPORTS_WINDOW (object);

  /* Closing stops the computation; its result is dropped. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (mk_reports_window_parent_class)->dispose (object);
}

static void
mk_reports_window_finalize (GObject *object)
{
  MkReportsWindow *self = MK_REPORTS_WINDOW (object);

  g_clear_pointer (&self->report, mk_report_free);
  g_free (self->error);
  G_OBJECT_CLASS (mk_reports_window_parent_class)->finalize (object);
}

static void
mk_reports_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MkReportsWindow *self = MK_REPORTS_WINDOW (object);

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
mk_reports_window_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MkReportsWindow *self = MK_REPORTS_WINDOW (object);

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
mk_reports_window_class_init (MkReportsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mk_reports_window_constructed;
  object_class->dispose = mk_reports_window_dispose;
  object_class->finalize = mk_reports_window_finalize;
  object_class->get_property = mk_reports_window_get_property;
  object_class->set_property = mk_reports_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/kz/mekenjai/Mekenjai/ui/mk-reports-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MkReportsWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, MkReportsWindow, period_combo);
  gtk_widget_class_bind_template_child (widget_class, MkReportsWindow, from_entry);
  gtk_widget_class_bind_template_child (widget_class, MkReportsWindow, to_entry);
  gtk_widget_class_bind_template_child (widget_class, MkReportsWindow, office_combo);
  gtk_widget_class_bind_template_child (widget_class, MkReportsWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, MkReportsWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, MkReportsWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MkReportsWindow, figures_grid);
  gtk_widget_class_bind_template_child (widget_class, MkReportsWindow, charts_box);
  gtk_widget_class_bind_template_child (widget_class, MkReportsWindow, overdue_store);
  gtk_widget_class_bind_template_child (widget_class, MkReportsWindow, stages_store);
  gtk_widget_class_bind_template_child (widget_class, MkReportsWindow, executors_store);
  gtk_widget_class_bind_template_child (widget_class, MkReportsWindow, pdf_button);
  gtk_widget_class_bind_template_child (widget_class, MkReportsWindow, csv_button);
  gtk_widget_class_bind_template_child (widget_class, MkReportsWindow, xlsx_button);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, dates_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, office_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, overdue_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
}

static void
mk_reports_window_init (MkReportsWindow *self)
{
  const MkReportChartKind kinds[] = { MK_REPORT_CHART_WEEKS, MK_REPORT_CHART_ON_TIME, MK_REPORT_CHART_STAGES };

  gtk_widget_init_template (GTK_WIDGET (self));
  mk_ui_fit_default_size (GTK_WINDOW (self));
  mk_ui_set_help_page (GTK_WINDOW (self), "reports");
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      self->charts[i] = MK_REPORT_CHART (mk_report_chart_new (kinds[i]));
      gtk_widget_show (GTK_WIDGET (self->charts[i]));
      gtk_container_add (GTK_CONTAINER (self->charts_box), GTK_WIDGET (self->charts[i]));
    }
  gtk_widget_set_sensitive (self->pdf_button, FALSE);
  gtk_widget_set_sensitive (self->csv_button, FALSE);
  gtk_widget_set_sensitive (self->xlsx_button, FALSE);
}

GtkWidget *
mk_reports_window_new (MkContext *context,
                       GtkWindow *parent)
{
  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);

  return g_object_new (MK_TYPE_REPORTS_WINDOW, "context", context, "transient-for", parent, NULL);
}

void
mk_reports_window_set_period (MkReportsWindow *self,
                              const GDate     *from,
                              const GDate     *to)
{
  g_return_if_fail (MK_IS_REPORTS_WINDOW (self));

  g_signal_handlers_block_by_func (self->period_combo, period_changed_cb, self);
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->period_combo), "custom");
  g_signal_handlers_unblock_by_func (self->period_combo, period_changed_cb, self);
  set_entry_date (self->from_entry, from);
  set_entry_date (self->to_entry, to);
  compute_chosen (self);
}

gboolean
mk_reports_window_is_busy (MkReportsWindow *self)
{
  g_return_val_if_fail (MK_IS_REPORTS_WINDOW (self), FALSE);

  return self->busy > 0;
}

const MkReport *
mk_reports_window_get_report (MkReportsWindow *self)
{
  g_return_val_if_fail (MK_IS_REPORTS_WINDOW (self), NULL);

  return self->report;
}

const char *
mk_reports_window_get_summary (MkReportsWindow *self)
{
  g_return_val_if_fail (MK_IS_REPORTS_WINDOW (self), NULL);

  return gtk_label_get_text (self->summary_label);
}

const char *
mk_reports_window_get_error (MkReportsWindow *self)
{
  g_return_val_if_fail (MK_IS_REPORTS_WINDOW (self), NULL);

  return self->error;
}
