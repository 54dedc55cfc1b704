/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report of a period (#12) on a hand-built set of cases whose figures are known. */
#include "report-fixture.h"

#include <json-glib/json-glib.h>

static void
period (GDate *from, GDate *to)
{
  g_date_clear (from, 1);
  g_date_set_dmy (from, 1, G_DATE_MARCH, 2026);
  g_date_clear (to, 1);
  g_date_set_dmy (to, 31, G_DATE_MARCH, 2026);
}

/* Every figure of the center office c05 (and so of provider p01). */
static void
test_figures (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_auto(ReportCases) rc = { 0, };
  g_autoptr(MkReport) report = NULL;
  const MkReportStage *returned;
  const MkReportExecutor *exec = NULL;
  guint week_sum = 0;
  GDate from, to;

  report_build (env, &rc);
  period (&from, &to);
  report = mk_store_report (env->store, env->center, &from, &to, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpstr (report->office_id, ==, "c05");

  /* Six applications of c05 in March; B once, though it was accepted twice. */
  g_assert_cmpuint (report->total, ==, 6);
  g_assert_cmpuint (report->by_kind[MK_SERVICE_CLARIFICATION], ==, 2);
  g_assert_cmpuint (report->by_kind[MK_SERVICE_ASSIGNMENT], ==, 2);
  g_assert_cmpuint (report->by_kind[MK_SERVICE_CHANGE], ==, 1);
  g_assert_cmpuint (report->by_kind[MK_SERVICE_ABOLITION], ==, 1);
  g_assert_cmpuint (report->by_result[MK_REPORT_CERTIFICATE], ==, 2);
  g_assert_cmpuint (report->by_result[MK_REPORT_REFUSAL], ==, 1);
  g_assert_cmpuint (report->by_result[MK_REPORT_REFUSED_AT_INTAKE], ==, 1);
  g_assert_cmpuint (report->by_result[MK_REPORT_RETURNED], ==, 1);
  g_assert_cmpuint (report->by_result[MK_REPORT_IN_PROGRESS], ==, 1);

  /* §7: A and B (by the term counted again from the resubmission) on time;
   * R delivered after its issue date, L not delivered long after it. */
  g_assert_cmpuint (report->on_time, ==, 2);
  g_assert_cmpuint (report->late, ==, 2);
  g_assert_cmpuint (report->provider_on_time, ==, 2);
  g_assert_cmpuint (report->provider_late, ==, 2);
  g_assert_cmpuint (report->months->len, ==, 1);
  g_assert_cmpuint (g_array_index (report->months, MkReportMonth, 0).on_time, ==, 2);
  g_assert_cmpuint (g_array_index (report->months, MkReportMonth, 0).late, ==, 2);

  /* Weeks from Monday 23 February to the week of 30 March; every case in one. */
  g_assert_cmpuint (report->weeks->len, ==, 6);
  for (guint w = 0; w < report->weeks->len; w++)
    for (int k = 0; k < MK_SERVICE_N_KINDS; k++)
      week_sum += g_array_index (report->weeks, MkReportWeek, w).by_kind[k];
  g_assert_cmpuint (week_sum, ==, report->total);
  g_assert_cmpuint (g_array_index (report->weeks, MkReportWeek, 5).by_kind[MK_SERVICE_ABOLITION], ==, 1);

  /* Overdue now: L, the April case outside the period, and R waiting at the
   * center past its dates; not the issued ones, nor another office's. */
  g_assert_true (report_overdue_has (report, rc.l));
  g_assert_true (report_overdue_has (report, rc.late));
  g_assert_true (report_overdue_has (report, rc.r));
  g_assert_false (report_overdue_has (report, rc.a));
  g_assert_false (report_overdue_has (report, rc.b));
  g_assert_false (report_overdue_has (report, rc.i));
  g_assert_false (report_overdue_has (report, rc.other));
  for (guint i = 0; i < report->overdue->len; i++)
    g_assert_cmpint (((MkReportCase *) report->overdue->pdata[i])->days_late, >, 0);

  /* The time B really spent back at the center: 6 to 20 March, once. */
  returned = report_stage (report, "returned");
  g_assert_cmpuint (returned->n_cases, ==, 1);
  g_assert_cmpfloat (returned->median_days, >, 13.0);
  g_assert_cmpfloat (returned->median_days, <, 15.0);
  g_assert_cmpstr (returned->longest_regno, ==, rc.b);
  /* K is there now, with nothing else of c05. */
  g_assert_cmpuint (returned->now, ==, 1);
  /* B passed the accumulation twice, A, R, K once: 4 cases; L is still there. */
  g_assert_cmpuint (report_stage (report, "accumulation")->n_cases, ==, 4);

  /* §10 step 4: the executor did A, B and R, R late; none is in hand. */
  for (guint i = 0; i < report->executors->len; i++)
    if (((MkReportExecutor *) report->executors->pdata[i])->user_id == env->exec->id)
      exec = report->executors->pdata[i];
  g_assert_nonnull (exec);
  g_assert_cmpuint (exec->done, ==, 3);
  g_assert_cmpuint (exec->late, ==, 1);
  g_assert_cmpuint (exec->in_hand, ==, 0);
  g_assert_cmpstr (exec->name, ==, env->exec->full_name);
}

/* #12: each their own office, the administrator all or any. */
static void
test_scope (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_auto(ReportCases) rc = { 0, };
  g_autoptr(MkReport) all = NULL;
  g_autoptr(MkReport) c08 = NULL;
  g_autoptr(MkReport) p01 = NULL;
  GDate from, to;

  report_build (env, &rc);
  period (&from, &to);
  all = mk_store_report (env->store, env->admin, &from, &to, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->total, ==, 7);
  g_assert_null (all->office_id);
  c08 = mk_store_report (env->store, env->admin, &from, &to, "c08", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c08->total, ==, 1);
  p01 = mk_store_report (env->store, env->head, &from, &to, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (p01->office_id, ==, "p01");
  g_assert_cmpuint (p01->total, ==, 6);

  /* Another office's figures are not the head's to see. */
  g_assert_null (mk_store_report (env->store, env->head, &from, &to, "p02", &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (mk_store_report (env->store, env->accum, &from, &to, NULL, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (mk_store_report (env->store, env->admin, &from, &to, "x99", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  /* A period that ends before it starts. */
  g_assert_null (mk_store_report (env->store, env->admin, &to, &from, NULL, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
}

/* The JSON and CSV forms carry the same figures. */
static void
test_forms (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_auto(ReportCases) rc = { 0, };
  g_autoptr(MkReport) report = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *line = NULL;
  JsonObject *root;
  GDate from, to;

  report_build (env, &rc);
  period (&from, &to);
  report = mk_store_report (env->store, env->center, &from, &to, NULL, &error);
  g_assert_no_error (error);
  json = mk_report_to_json (report);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "from"), ==, "2026-03-01");
  g_assert_cmpstr (json_object_get_string_member (root, "to"), ==, "2026-03-31");
  g_assert_cmpint (json_object_get_int_member (root, "total"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "by_kind"),
                                               "assignment"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "by_result"),
                                               "refused-at-intake"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "on_time"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (root, "late"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "overdue_now")),
                    ==, report->overdue->len);

  csv = mk_report_to_csv (report);
  g_assert_nonnull (strstr (csv, "total,6\r\n"));
  g_assert_nonnull (strstr (csv, "kind:assignment,2\r\n"));
  g_assert_nonnull (strstr (csv, "result:refused-at-intake,1\r\n"));
  g_assert_nonnull (strstr (csv, "on_time,2\r\nlate,2\r\n"));
  line = g_strdup_printf ("\r\n%s,", rc.l);
  g_assert_nonnull (strstr (csv, line));
}


/* #12 "Today": a hand-built set of cases at every kind of step, each on the
 * list of exactly the roles the table says; the days are the stored ones. */
typedef struct {
  gint64      id;
  GDate       due;
  const char *whose;   /* letters of the actors whose list has it */
} DueCase;

static gboolean
due_rows_are (GPtrArray *rows, DueCase *cases, guint n, char who, const GDate *lo, const GDate *hi)
{
  guint expected = 0;

  for (guint i = 0; i < n; i++)
    {
      gboolean in = FALSE;

      if (strchr (cases[i].whose, who) == NULL || g_date_compare (&cases[i].due, lo) < 0
          || g_date_compare (&cases[i].due, hi) > 0)
        continue;
      expected++;
      for (guint r = 0; r < rows->len; r++)
        in |= ((MkCaseRow *) rows->pdata[r])->id == cases[i].id;
      if (!in)
        return FALSE;
    }
  /* In due order. */
  for (guint r = 1; r < rows->len; r++)
    if (g_date_compare (&((MkCaseRow *) rows->pdata[r - 1])->due, &((MkCaseRow *) rows->pdata[r])->due) > 0)
      return FALSE;
  return rows->len == expected;
}

static void
test_due (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkUser) exec2 = store_test_user (env, "exec2", MK_ROLE_PROVIDER_EXECUTOR, "p01");
  g_autofree char *regno = NULL;
  /* c: center inspector, a: accumulation inspector, h: head, e: executor, f: the other executor, A: administrator. */
  const MkUser *actors[] = { env->center, env->accum, env->head, env->exec, exec2, env->admin };
  const char letters[] = "cahefA";
  DueCase cases[6];
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func (g_free);
  gint64 at = store_test_time (2026, 4, 6, 10);
  guint listed[G_N_ELEMENTS (actors)] = { 0, };
  guint n = 0;

  /* In accumulation (§10 step 3). */
  cases[n].id = report_register (env, env->center, MK_SERVICE_CLARIFICATION, 1, at, NULL, FALSE, &regno);
  cases[n++].whose = "aA";
  g_clear_pointer (&regno, g_free);
  /* At the provider, taken by nobody yet (§10 step 4). */
  cases[n].id = report_register (env, env->center, MK_SERVICE_CLARIFICATION, 2, at, NULL, FALSE, &regno);
  report_act (env, env->accum, cases[n].id, "send-to-provider", NULL);
  cases[n++].whose = "hefA";
  g_clear_pointer (&regno, g_free);
  /* Awaiting the head's signature (§10 step 5). */
  cases[n].id = report_register (env, env->center, MK_SERVICE_ASSIGNMENT, 3, at, NULL, FALSE, &regno);
  report_act (env, env->accum, cases[n].id, "send-to-provider", NULL);
  store_test_prepare_certificate (env->store, env->exec, cases[n].id);
  cases[n++].whose = "hA";
  g_clear_pointer (&regno, g_free);
  /* The other executor's draft, sent back to them by the head. */
  cases[n].id = report_register (env, env->center, MK_SERVICE_CHANGE, 4, at, NULL, FALSE, &regno);
  report_act (env, env->accum, cases[n].id, "send-to-provider", NULL);
  store_test_prepare_certificate (env->store, exec2, cases[n].id);
  report_act (env, env->head, cases[n].id, "reject-draft", "Мекенжай қате");
  cases[n++].whose = "hfA";
  g_clear_pointer (&regno, g_free);
  /* §24: returned for errors, the center's to tell the applicant. */
  cases[n].id = report_register (env, env->center, MK_SERVICE_CLARIFICATION, 5, at, NULL, FALSE, &regno);
  report_act (env, env->accum, cases[n].id, "send-to-provider", NULL);
  report_act (env, env->exec, cases[n].id, "return-for-errors", "Құжаттар оқылмайды");
  cases[n++].whose = "cA";
  g_clear_pointer (&regno, g_free);
  /* Another center's and provider's. */
  cases[n].id = report_register (env, env->admin, MK_SERVICE_CLARIFICATION, 6, at, "c08", FALSE, &regno);
  cases[n++].whose = "A";
  g_clear_pointer (&regno, g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MkCase) c = report_get (env, cases[i].id);
      GDate *before = g_new (GDate, 1), *on = g_new (GDate, 1);

      g_assert_true (g_date_valid (&c->due));
      cases[i].due = c->due;
      *on = c->due;
      *before = c->due;
      g_date_subtract_days (before, 1);
      g_ptr_array_add (days, on);
      g_ptr_array_add (days, before);
    }
  {
    GDate *after = g_new (GDate, 1);

    *after = cases[0].due;
    g_date_add_days (after, 40);
    g_ptr_array_add (days, after);
  }

  /* On every day a case falls due, the day before, and long after all. */
  for (guint d = 0; d < days->len; d++)
    for (guint a = 0; a < G_N_ELEMENTS (actors); a++)
      {
        const GDate *day = days->pdata[d];
        g_autoptr(MkDueCases) due = NULL;
        GDate next = *day, tomorrow = *day;
        gboolean seen = FALSE;
        guint overdue = 0;

        for (guint e = 0; e < d; e++)
          seen |= g_date_compare (days->pdata[e], day) == 0;
        if (seen)
          continue;
        due = mk_store_due_cases (env->store, actors[a], day, &error);
        g_assert_no_error (error);
        g_assert_nonnull (due);
        g_assert_cmpint (g_date_compare (&due->today, day), ==, 0);
        mk_calendar_add_working_days (mk_store_get_calendar (env->store), &next, 1);
        g_assert_cmpint (g_date_compare (&due->next, &next), ==, 0);
        g_date_add_days (&tomorrow, 1);
        g_assert_true (due_rows_are (due->due_today, cases, n, letters[a], day, day));
        g_assert_true (due_rows_are (due->due_next, cases, n, letters[a], &tomorrow, &next));
        for (guint i = 0; i < n; i++)
          overdue += strchr (cases[i].whose, letters[a]) != NULL && g_date_compare (&cases[i].due, day) < 0;
        g_assert_cmpuint (due->n_overdue, ==, overdue);
        listed[a] += due->due_today->len;
      }
  /* Each case was on its day's list of every actor it is for, once. */
  for (guint a = 0; a < G_N_ELEMENTS (actors); a++)
    {
      guint theirs = 0;

      for (guint i = 0; i < n; i++)
        theirs += strchr (cases[i].whose, letters[a]) != NULL;
      g_assert_cmpuint (listed[a], ==, theirs);
    }

  /* A Friday's next working day is Monday. */
  {
    GDate friday;
    g_autoptr(MkDueCases) due = NULL;

    g_date_clear (&friday, 1);
    g_date_set_dmy (&friday, 10, G_DATE_APRIL, 2026);
    due = mk_store_due_cases (env->store, env->admin, &friday, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_date_get_day (&due->next), ==, 13);
  }

  /* Someone at no office has no cases of theirs. */
  {
    g_autoptr(MkUser) nowhere = mk_user_copy (env->exec);

    g_clear_pointer (&nowhere->office_id, g_free);
    g_assert_null (mk_store_due_cases (env->store, nowhere, NULL, &error));
    g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  }
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_test_add ("/store-report/figures", StoreEnv, NULL, store_env_setup, test_figures, store_env_teardown);
  g_test_add ("/store-report/scope", StoreEnv, NULL, store_env_setup, test_scope, store_env_teardown);
  g_test_add ("/store-report/due", StoreEnv, NULL, store_env_setup, test_due, store_env_teardown);
  g_test_add ("/store-report/forms", StoreEnv, NULL, store_env_setup, test_forms, store_env_teardown);
  ret = g_test_run ();
  sign_fixture_cleanup ();
  return ret;
}
