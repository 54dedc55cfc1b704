/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report of a period (#12) as data, and its JSON and CSV forms. */
#define G_LOG_DOMAIN "mk-report"

#include "mk-report.h"
#include "mk-records.h"

#include <json-glib/json-glib.h>
#include <string.h>

static const char *const result_ids[MK_REPORT_N_RESULTS] = {
  "certificate", "refusal", "refused-at-intake", "returned", "in-progress",
};

const char *
mk_report_result_to_id (MkReportResult result)
{
  g_return_val_if_fail (result < MK_REPORT_N_RESULTS, NULL);
  return result_ids[result];
}

static void
report_stage_free (MkReportStage *stage)
{
  g_free (stage->stage);
  g_free (stage->longest_regno);
  g_free (stage);
}

static void
report_case_free (MkReportCase *c)
{
  g_free (c->regno);
  g_free (c->stage);
  g_free (c);
}

static void
report_executor_free (MkReportExecutor *executor)
{
  g_free (executor->name);
  g_free (executor);
}

MkReport *
mk_report_new (void)
{
  MkReport *report = g_new0 (MkReport, 1);

  g_date_clear (&report->from, 1);
  g_date_clear (&report->to, 1);
  g_date_clear (&report->today, 1);
  report->stages = g_ptr_array_new_with_free_func ((GDestroyNotify) report_stage_free);
  report->overdue = g_ptr_array_new_with_free_func ((GDestroyNotify) report_case_free);
  report->executors = g_ptr_array_new_with_free_func ((GDestroyNotify) report_executor_free);
  report->weeks = g_array_new (FALSE, TRUE, sizeof (MkReportWeek));
  report->months = g_array_new (FALSE, TRUE, sizeof (MkReportMonth));
  return report;
}

void
mk_report_free (MkReport *report)
{
  if (report == NULL)
    return;
  g_free (report->office_id);
  g_ptr_array_unref (report->stages);
  g_ptr_array_unref (report->overdue);
  g_ptr_array_unref (report->executors);
  g_array_unref (report->weeks);
  g_array_unref (report->months);
  g_free (report);
}

MkDueCases *
mk_due_cases_new (void)
{
  MkDueCases *due = g_new0 (MkDueCases, 1);

  g_date_clear (&due->today, 1);
  g_date_clear (&due->next, 1);
  due->due_today = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_case_row_free);
  due->due_next = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_case_row_free);
  return due;
}

void
mk_due_cases_free (MkDueCases *due)
{
  if (due == NULL)
    return;
  g_ptr_array_unref (due->due_today);
  g_ptr_array_unref (due->due_next);
  g_free (due);
}

static void
add_date (JsonBuilder *builder,
          const char  *name,
          const GDate *date)
{
  json_builder_set_member_name (builder, name);
  if (date != NULL && g_date_valid (date))
    {
      g_autofree char *iso = mk_date_to_iso (date);
      json_builder_add_string_value (builder, iso);
    }
  else
    json_builder_add_null_value (builder);
}

static void
add_uint (JsonBuilder *builder,
          const char  *name,
          guint        value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_kinds (JsonBuilder *builder,
           const char  *name,
           const guint *by_kind)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  for (int k = 0; k < MK_SERVICE_N_KINDS; k++)
    add_uint (builder, mk_service_kind_to_id (k), by_kind[k]);
  json_builder_end_object (builder);
}

char *
mk_report_to_json (const MkReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  json_builder_begin_object (builder);
  add_date (builder, "from", &report->from);
  add_date (builder, "to", &report->to);
  add_date (builder, "today", &report->today);
  json_builder_set_member_name (builder, "office");
  if (report->office_id != NULL)
    json_builder_add_string_value (builder, report->office_id);
  else
    json_builder_add_null_value (builder);
  add_uint (builder, "total", report->total);
  add_kinds (builder, "by_kind", report->by_kind);
  json_builder_set_member_name (builder, "by_result");
  json_builder_begin_object (builder);
  for (int r = 0; r < MK_REPORT_N_RESULTS; r++)
    add_uint (builder, result_ids[r], report->by_result[r]);
  json_builder_end_object (builder);
  add_uint (builder, "on_time", report->on_time);
  add_uint (builder, "late", report->late);
  add_uint (builder, "provider_on_time", report->provider_on_time);
  add_uint (builder, "provider_late", report->provider_late);
  json_builder_set_member_name (builder, "target");
  json_builder_add_double_value (builder, report->target);

  json_builder_set_member_name (builder, "overdue_now");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->overdue->len; i++)
    json_builder_add_string_value (builder, ((MkReportCase *) report->overdue->pdata[i])->regno);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "overdue");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->overdue->len; i++)
    {
      const MkReportCase *c = report->overdue->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "regno");
      json_builder_add_string_value (builder, c->regno);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, mk_service_kind_to_id (c->kind));
      json_builder_set_member_name (builder, "stage");
      json_builder_add_string_value (builder, c->stage);
      add_date (builder, "due", &c->due);
      json_builder_set_member_name (builder, "working_days_late");
      json_builder_add_int_value (builder, c->days_late);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "stages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->stages->len; i++)
    {
      const MkReportStage *s = report->stages->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "stage");
      json_builder_add_string_value (builder, s->stage);
      add_uint (builder, "cases", s->n_cases);
      json_builder_set_member_name (builder, "median_days");
      json_builder_add_double_value (builder, s->median_days);
      json_builder_set_member_name (builder, "longest_days");
      json_builder_add_double_value (builder, s->longest_days);
      json_builder_set_member_name (builder, "longest_regno");
      if (s->longest_regno != NULL)
        json_builder_add_string_value (builder, s->longest_regno);
      else
        json_builder_add_null_value (builder);
      add_uint (builder, "now", s->now);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "executors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->executors->len; i++)
    {
      const MkReportExecutor *e = report->executors->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "user_id");
      json_builder_add_int_value (builder, e->user_id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, e->name != NULL ? e->name : "");
      add_uint (builder, "in_hand", e->in_hand);
      add_uint (builder, "done", e->done);
      add_uint (builder, "late", e->late);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "weeks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->weeks->len; i++)
    {
      const MkReportWeek *w = &g_array_index (report->weeks, MkReportWeek, i);

      json_builder_begin_object (builder);
      add_date (builder, "monday", &w->monday);
      add_kinds (builder, "by_kind", w->by_kind);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "months");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->months->len; i++)
    {
      const MkReportMonth *m = &g_array_index (report->months, MkReportMonth, i);

      json_builder_begin_object (builder);
      add_date (builder, "month", &m->first);
      add_uint (builder, "on_time", m->on_time);
      add_uint (builder, "late", m->late);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

/* RFC 4180: a field with a comma, quote or line break goes in quotes, its quotes doubled. */
static void
csv_field (GString    *out,
           const char *text,
           gboolean    last)
{
  if (text == NULL)
    text = "";
  if (strpbrk (text, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, text);
  g_string_append (out, last ? "\r\n" : ",");
}

static void
csv_uint (GString *out,
          guint    value,
          gboolean last)
{
  g_string_append_printf (out, "%u%s", value, last ? "\r\n" : ",");
}

static void
csv_date (GString     *out,
          const GDate *date,
          gboolean     last)
{
  g_autofree char *iso = date != NULL && g_date_valid (date) ? mk_date_to_iso (date) : NULL;
  csv_field (out, iso, last);
}

static void
csv_days (GString *out,
          double   days,
          gboolean last)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* The C locale's decimal point whatever the desktop's: a script reads it. */
  g_ascii_formatd (buffer, sizeof buffer, "%.2f", days);
  csv_field (out, buffer, last);
}

char *
mk_report_to_csv (const MkReport *report)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (report != NULL, NULL);

  csv_field (out, "figure", FALSE);
  csv_field (out, "value", TRUE);
  csv_field (out, "from", FALSE);
  csv_date (out, &report->from, TRUE);
  csv_field (out, "to", FALSE);
  csv_date (out, &report->to, TRUE);
  csv_field (out, "today", FALSE);
  csv_date (out, &report->today, TRUE);
  csv_field (out, "office", FALSE);
  csv_field (out, report->office_id, TRUE);
  csv_field (out, "total", FALSE);
  csv_uint (out, report->total, TRUE);
  for (int k = 0; k < MK_SERVICE_N_KINDS; k++)
    {
      g_autofree char *key = g_strconcat ("kind:", mk_service_kind_to_id (k), NULL);
      csv_field (out, key, FALSE);
      csv_uint (out, report->by_kind[k], TRUE);
    }
  for (int r = 0; r < MK_REPORT_N_RESULTS; r++)
    {
      g_autofree char *key = g_strconcat ("result:", result_ids[r], NULL);
      csv_field (out, key, FALSE);
      csv_uint (out, report->by_result[r], TRUE);
    }
  csv_field (out, "on_time", FALSE);
  csv_uint (out, report->on_time, TRUE);
  csv_field (out, "late", FALSE);
  csv_uint (out, report->late, TRUE);
  csv_field (out, "provider_on_time", FALSE);
  csv_uint (out, report->provider_on_time, TRUE);
  csv_field (out, "provider_late", FALSE);
  csv_uint (out, report->provider_late, TRUE);

  g_string_append (out, "\r\n");
  csv_field (out, "stage", FALSE);
  csv_field (out, "cases", FALSE);
  csv_field (out, "median_days", FALSE);
  csv_field (out, "longest_days", FALSE);
  csv_field (out, "longest_regno", FALSE);
  csv_field (out, "now", TRUE);
  for (guint i = 0; i < report->stages->len; i++)
    {
      const MkReportStage *s = report->stages->pdata[i];

      csv_field (out, s->stage, FALSE);
      csv_uint (out, s->n_cases, FALSE);
      csv_days (out, s->median_days, FALSE);
      csv_days (out, s->longest_days, FALSE);
      csv_field (out, s->longest_regno, FALSE);
      csv_uint (out, s->now, TRUE);
    }

  g_string_append (out, "\r\n");
  csv_field (out, "overdue_regno", FALSE);
  csv_field (out, "kind", FALSE);
  csv_field (out, "stage", FALSE);
  csv_field (out, "due", FALSE);
  csv_field (out, "working_days_late", TRUE);
  for (guint i = 0; i < report->overdue->len; i++)
    {
      const MkReportCase *c = report->overdue->pdata[i];

      csv_field (out, c->regno, FALSE);
      csv_field (out, mk_service_kind_to_id (c->kind), FALSE);
      csv_field (out, c->stage, FALSE);
      csv_date (out, &c->due, FALSE);
      g_string_append_printf (out, "%d\r\n", c->days_late);
    }

  g_string_append (out, "\r\n");
  csv_field (out, "executor", FALSE);
  csv_field (out, "in_hand", FALSE);
  csv_field (out, "done", FALSE);
  csv_field (out, "late", TRUE);
  for (guint i = 0; i < report->executors->len; i++)
    {
      const MkReportExecutor *e = report->executors->pdata[i];

      csv_field (out, e->name, FALSE);
      csv_uint (out, e->in_hand, FALSE);
      csv_uint (out, e->done, FALSE);
      csv_uint (out, e->late, TRUE);
    }

  g_string_append (out, "\r\n");
  csv_field (out, "week", FALSE);
  for (int k = 0; k < MK_SERVICE_N_KINDS; k++)
    csv_field (out, mk_service_kind_to_id (k), k + 1 == MK_SERVICE_N_KINDS);
  for (guint i = 0; i < report->weeks->len; i++)
    {
      const MkReportWeek *w = &g_array_index (report->weeks, MkReportWeek, i);

      csv_date (out, &w->monday, FALSE);
      for (int k = 0; k < MK_SERVICE_N_KINDS; k++)
        csv_uint (out, w->by_kind[k], k + 1 == MK_SERVICE_N_KINDS);
    }

  g_string_append (out, "\r\n");
  csv_field (out, "month", FALSE);
  csv_field (out, "on_time", FALSE);
  csv_field (out, "late", TRUE);
  for (guint i = 0; i < report->months->len; i++)
    {
      const MkReportMonth *m = &g_array_index (report->months, MkReportMonth, i);

      csv_date (out, &m->first, FALSE);
      csv_uint (out, m->on_time, FALSE);
      csv_uint (out, m->late, TRUE);
    }
  return g_string_free (out, FALSE);
}
