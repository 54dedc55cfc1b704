/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report of a period (#12), computed in one place from the stage history:
 * the cases accepted in the period with every stage transition of theirs
 * (events), the overdue cases and the cases per stage now. The store reads;
 * mk-timeliness (rules) judges what is on time, late and whose. */
#define G_LOG_DOMAIN "mk-store"

#include "mk-store-private.h"
#include "mk-report.h"
#include "mk-timeliness.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

/* One stage transition of a case. */
typedef struct {
  gint64  event_id;
  gint64  at;
  gint64  user_id;
  char   *action;
  char   *before;
  char   *after;
  gboolean executor;   /* made by a provider executor (§10 step 4) */
} Transition;

/* A case of the period with its history. */
typedef struct {
  gint64         id;
  char          *regno;
  MkServiceKind  kind;
  char          *stage;
  char          *result;
  gint64         accepted_at;
  GDate          provider_due;
  GDate          issue_date;
  GArray        *transitions;  /* Transition */
} Item;

typedef struct {
  double  days;
  guint   item;
} Stay;

static void
transition_clear (gpointer data)
{
  Transition *t = data;

  g_free (t->action);
  g_free (t->before);
  g_free (t->after);
}

static void
item_free (Item *item)
{
  g_free (item->regno);
  g_free (item->stage);
  g_free (item->result);
  g_array_unref (item->transitions);
  g_free (item);
}

static int
cmp_transition (gconstpointer a, gconstpointer b)
{
  gint64 x = ((const Transition *) a)->event_id, y = ((const Transition *) b)->event_id;
  return x < y ? -1 : x > y;
}

static int
cmp_stay (gconstpointer a, gconstpointer b)
{
  double x = ((const Stay *) a)->days, y = ((const Stay *) b)->days;
  return x < y ? -1 : x > y;
}

static int
cmp_overdue (gconstpointer a, gconstpointer b)
{
  const MkReportCase *x = *(MkReportCase *const *) a, *y = *(MkReportCase *const *) b;
  int by_due = g_date_compare (&x->due, &y->due);

  return by_due != 0 ? by_due : g_strcmp0 (x->regno, y->regno);
}

static int
cmp_executor (gconstpointer a, gconstpointer b)
{
  const MkReportExecutor *x = *(MkReportExecutor *const *) a, *y = *(MkReportExecutor *const *) b;

  /* "Not yet taken" last. */
  if ((x->user_id == 0) != (y->user_id == 0))
    return x->user_id == 0 ? 1 : -1;
  return g_utf8_collate (x->name != NULL ? x->name : "", y->name != NULL ? y->name : "");
}

static gboolean
is_acceptance (const char *action)
{
  /* §10 step 2, §23, §24–§25: the term counts from the last of these. */
  return g_strcmp0 (action, "register") == 0 || g_strcmp0 (action, "refuse-intake") == 0
         || g_strcmp0 (action, "resubmit") == 0;
}

/* The cases accepted in [?1, ?2) (unix time) of office ?3 (NULL: all), each
 * with its stage transitions: events that moved it (the rest are edits,
 * attachments and notes). */
static const char *const sql_period =
  "SELECT c.id, c.regno, c.kind, c.stage, c.result, c.accepted_at, c.provider_due, c.issue_date,"
  " e.id, e.at, e.user_id, e.role, e.action, e.stage_before, e.stage_after"
  " FROM cases c LEFT JOIN events e ON e.case_id = c.id AND e.stage_after IS NOT NULL"
  " AND (e.stage_before IS NULL OR e.stage_before <> e.stage_after)"
  " WHERE c.accepted_at >= ?1 AND c.accepted_at < ?2"
  " AND (?3 IS NULL OR c.center_id = ?3 OR c.provider_id = ?3)";

static gboolean
read_period (MkStore     *self,
             gint64       start,
             gint64       end,
             const char  *scope,
             GPtrArray   *items,
             GError     **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  MkDbStmt *stmt = mk_store_stmt (self, sql_period, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mk_db_bind_int64 (stmt, 1, start);
  mk_db_bind_int64 (stmt, 2, end);
  mk_store_bind_text (stmt, 3, scope);
  while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
    {
      gint64 id = mk_db_column_int64 (stmt, 0);
      Item *item = g_hash_table_lookup (by_id, &id);

      if (item == NULL)
        {
          item = g_new0 (Item, 1);
          item->id = id;
          item->regno = mk_store_column_text (stmt, 1);
          if (!mk_service_kind_from_id (mk_db_column_text (stmt, 2), &item->kind))
            item->kind = MK_SERVICE_CLARIFICATION;
          item->stage = mk_store_column_text (stmt, 3);
          item->result = mk_store_column_text (stmt, 4);
          item->accepted_at = mk_db_column_int64 (stmt, 5);
          mk_store_column_date (stmt, 6, &item->provider_due);
          mk_store_column_date (stmt, 7, &item->issue_date);
          item->transitions = g_array_new (FALSE, TRUE, sizeof (Transition));
          g_array_set_clear_func (item->transitions, transition_clear);
          g_ptr_array_add (items, item);
          g_hash_table_insert (by_id, &item->id, item);
        }
      if (!mk_db_column_is_null (stmt, 8))
        {
          Transition t = { 0, };

          t.event_id = mk_db_column_int64 (stmt, 8);
          t.at = mk_db_column_int64 (stmt, 9);
          t.user_id = mk_db_column_int64 (stmt, 10);
          t.executor = g_strcmp0 (mk_db_column_text (stmt, 11), "provider-executor") == 0;
          t.action = mk_store_column_text (stmt, 12);
          t.before = mk_store_column_text (stmt, 13);
          t.after = mk_store_column_text (stmt, 14);
          g_array_append_val (item->transitions, t);
        }
    }
  mk_db_reset (stmt);
  if (rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not read the period’s cases"));
      return FALSE;
    }
  return TRUE;
}

/* The cases whose stage's deadline is before @today: their sort key starts
 * with the due day (mk_store_case_key), so the index finds them. */
static gboolean
read_overdue (MkStore     *self,
              const GDate *today,
              const char  *scope,
              MkReport    *report,
              GError     **error)
{
  MkDbStmt *stmt = mk_store_stmt (self,
    "SELECT c.id, c.regno, c.kind, c.stage, c.due FROM cases c"
    " WHERE c.sort_key < ?1 AND c.due IS NOT NULL"
    " AND (?2 IS NULL OR c.center_id = ?2 OR c.provider_id = ?2)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mk_db_bind_int64 (stmt, 1, mk_store_case_key (today, 0));
  mk_store_bind_text (stmt, 2, scope);
  while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
    {
      MkReportCase *c = g_new0 (MkReportCase, 1);

      c->id = mk_db_column_int64 (stmt, 0);
      c->regno = mk_store_column_text (stmt, 1);
      if (!mk_service_kind_from_id (mk_db_column_text (stmt, 2), &c->kind))
        c->kind = MK_SERVICE_CLARIFICATION;
      c->stage = mk_store_column_text (stmt, 3);
      mk_store_column_date (stmt, 4, &c->due);
      c->days_late = mk_timeliness_days_late (self->calendar, &c->due, today);
      g_ptr_array_add (report->overdue, c);
    }
  mk_db_reset (stmt);
  if (rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not read the overdue cases"));
      return FALSE;
    }
  g_ptr_array_sort (report->overdue, cmp_overdue);
  return TRUE;
}

static MkReportExecutor *
executor_for (GHashTable *executors,
              gint64      user_id)
{
  MkReportExecutor *e = g_hash_table_lookup (executors, &user_id);

  if (e == NULL)
    {
      e = g_new0 (MkReportExecutor, 1);
      e->user_id = user_id;
      g_hash_table_insert (executors, &e->user_id, e);
    }
  return e;
}

static guint
week_index (MkReport    *report,
            const GDate *day)
{
  GDate first = report->from;

  /* Weeks start on Monday (G_DATE_MONDAY = 1). */
  g_date_subtract_days (&first, g_date_get_weekday (&first) - G_DATE_MONDAY);
  return (g_date_get_julian (day) - g_date_get_julian (&first)) / 7;
}

static guint
month_index (MkReport    *report,
             const GDate *day)
{
  return (g_date_get_year (day) - g_date_get_year (&report->from)) * 12
         + g_date_get_month (day) - g_date_get_month (&report->from);
}

static void
make_buckets (MkReport *report)
{
  GDate monday = report->from;
  GDate month;

  g_date_subtract_days (&monday, g_date_get_weekday (&monday) - G_DATE_MONDAY);
  while (g_date_compare (&monday, &report->to) <= 0)
    {
      MkReportWeek week = { 0, };

      week.monday = monday;
      g_array_append_val (report->weeks, week);
      g_date_add_days (&monday, 7);
    }
  g_date_clear (&month, 1);
  g_date_set_dmy (&month, 1, g_date_get_month (&report->from), g_date_get_year (&report->from));
  while (g_date_compare (&month, &report->to) <= 0)
    {
      MkReportMonth m = { 0, };

      m.first = month;
      g_array_append_val (report->months, m);
      g_date_add_months (&month, 1);
    }
}

/* Everything the period's cases tell, once each (#12). */
static void
judge_items (MkStore    *self,
             MkReport   *report,
             GPtrArray  *items,
             GHashTable *stays,       /* stage id → GArray of Stay */
             GHashTable *executors)   /* user id → MkReportExecutor* */
{
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = items->pdata[i];
      GArray *tr = item->transitions;
      g_autoptr(GHashTable) spent = g_hash_table_new (g_str_hash, g_str_equal);
      GHashTableIter iter;
      gpointer key, value;
      GDate accepted, delivered;
      guint last_acceptance = 0;
      gint64 executor = 0;
      gboolean delivered_known = FALSE;
      MkReportResult result;
      MkTimeliness s7, s20;

      g_array_sort (tr, cmp_transition);
      mk_clock_date_of (item->accepted_at, &accepted);
      report->total++;
      report->by_kind[item->kind]++;
      g_array_index (report->weeks, MkReportWeek, week_index (report, &accepted)).by_kind[item->kind]++;

      /* §24–§25: a resubmitted package counts as accepted again, so the
       * result is judged by what followed its last acceptance. */
      for (guint t = 0; t < tr->len; t++)
        if (is_acceptance (g_array_index (tr, Transition, t).action))
          last_acceptance = t;

      g_date_clear (&delivered, 1);
      for (guint t = 0; t < tr->len; t++)
        {
          const Transition *now = &g_array_index (tr, Transition, t);

          /* The time in a stage, every visit of it added up: from the
           * transition into it to the next one out of it. */
          if (t + 1 < tr->len && now->after != NULL)
            {
              const Transition *next = &g_array_index (tr, Transition, t + 1);
              gint64 sum = GPOINTER_TO_SIZE (g_hash_table_lookup (spent, now->after));

              sum += MAX (0, next->at - now->at) + 1;   /* +1: a zero stay is still a stay */
              g_hash_table_insert (spent, now->after, GSIZE_TO_POINTER (sum));
            }
          if (now->executor)
            executor = now->user_id;
          if (t >= last_acceptance && !delivered_known && mk_timeliness_stage_delivered (now->after)
              && !mk_timeliness_stage_delivered (now->before))
            {
              mk_clock_date_of (now->at, &delivered);
              delivered_known = TRUE;
            }
        }

      g_hash_table_iter_init (&iter, spent);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          GArray *list = g_hash_table_lookup (stays, key);
          Stay stay = { (GPOINTER_TO_SIZE (value) - 1) / 86400.0, i };

          if (list == NULL)
            {
              list = g_array_new (FALSE, FALSE, sizeof (Stay));
              g_hash_table_insert (stays, g_strdup (key), list);
            }
          g_array_append_val (list, stay);
        }

      result = mk_timeliness_classify (item->stage, item->result, delivered_known);
      report->by_result[result]++;
      if (result == MK_REPORT_REFUSED_AT_INTAKE || result == MK_REPORT_RETURNED)
        s7 = s20 = MK_TIMELINESS_NONE;
      else
        {
          s7 = mk_timeliness_judge (&item->issue_date, &delivered, &report->today);
          s20 = mk_timeliness_judge (&item->provider_due, &delivered, &report->today);
        }
      if (s7 == MK_TIMELINESS_ON_TIME || s7 == MK_TIMELINESS_LATE)
        {
          MkReportMonth *m = &g_array_index (report->months, MkReportMonth, month_index (report, &accepted));

          if (s7 == MK_TIMELINESS_ON_TIME)
            report->on_time++, m->on_time++;
          else
            report->late++, m->late++;
        }
      if (s20 == MK_TIMELINESS_ON_TIME)
        report->provider_on_time++;
      else if (s20 == MK_TIMELINESS_LATE)
        report->provider_late++;

      /* §10 step 4: the executor who last acted on the case has it in hand
       * while the provider holds it, and did it once it is delivered. */
      if (mk_timeliness_stage_at_provider (item->stage))
        {
          MkReportExecutor *e = executor_for (executors, executor);

          e->in_hand++;
          if (s20 == MK_TIMELINESS_LATE)
            e->late++;
        }
      else if (delivered_known && executor != 0)
        {
          MkReportExecutor *e = executor_for (executors, executor);

          e->done++;
          if (s20 == MK_TIMELINESS_LATE)
            e->late++;
        }
    }
}

MkReport *
mk_store_report (MkStore      *self,
                 const MkUser *actor,
                 const GDate  *from,
                 const GDate  *to,
                 const char   *office_id,
                 GError      **error)
{
  g_autoptr(MkReport) report = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  g_autoptr(GHashTable) stays = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) executors = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GPtrArray) users = NULL;
  GPtrArray *stages;
  GDate end;
  const char *scope = NULL;
  GHashTableIter iter;
  gpointer value;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_date_valid (from) || !g_date_valid (to))
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID, _("The report needs a first and a last day"));
      return NULL;
    }
  if (g_date_compare (from, to) > 0)
    {
      g_autofree char *a = mk_date_to_iso (from);
      g_autofree char *b = mk_date_to_iso (to);

      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                   _("The report’s first day (%s) is after its last day (%s)"), a, b);
      return NULL;
    }
  if (!mk_store_check_actor (self, actor, error)
      || !mk_timeliness_check_scope (actor, office_id, &scope, error))
    return NULL;
  if (scope != NULL)
    {
      g_autoptr(MkOffice) office = mk_store_get_office (self, scope, error);

      if (office == NULL)
        return NULL;
    }

  report = mk_report_new ();
  report->from = *from;
  report->to = *to;
  report->office_id = g_strdup (scope);
  report->target = MK_TIMELINESS_TARGET;
  mk_store_get_today (self, &report->today);
  make_buckets (report);
  end = *to;
  g_date_add_days (&end, 1);

  /* One snapshot: the figures agree with each other whatever others commit meanwhile. */
  if (!self->engine->begin_read (self, error))
    return NULL;
  ok = read_period (self, mk_clock_midnight_of (from), mk_clock_midnight_of (&end), scope, items, error)
       && read_overdue (self, &report->today, scope, report, error)
       && (counts = mk_store_count_by_stage (self, scope, error)) != NULL
       && (users = mk_store_list_users (self, error)) != NULL;
  mk_store_rollback (self);
  if (!ok)
    return NULL;

  judge_items (self, report, items, stays, executors);

  stages = mk_regulation_get_stages (self->regulation);
  for (guint i = 0; i < stages->len; i++)
    {
      const MkStage *stage = stages->pdata[i];
      MkReportStage *s = g_new0 (MkReportStage, 1);
      GArray *list = g_hash_table_lookup (stays, stage->id);

      s->stage = g_strdup (stage->id);
      s->now = GPOINTER_TO_UINT (g_hash_table_lookup (counts, stage->id));
      if (list != NULL && list->len > 0)
        {
          const Stay *longest;

          g_array_sort (list, cmp_stay);
          s->n_cases = list->len;
          /* The median of an even count: the mean of the middle two. */
          s->median_days = list->len % 2 == 1
                           ? g_array_index (list, Stay, list->len / 2).days
                           : (g_array_index (list, Stay, list->len / 2 - 1).days
                              + g_array_index (list, Stay, list->len / 2).days) / 2;
          longest = &g_array_index (list, Stay, list->len - 1);
          s->longest_days = longest->days;
          s->longest_regno = g_strdup (((Item *) items->pdata[longest->item])->regno);
        }
      g_ptr_array_add (report->stages, s);
    }

  g_hash_table_iter_init (&iter, executors);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      MkReportExecutor *e = value;

      for (guint i = 0; i < users->len && e->user_id != 0; i++)
        if (((MkUser *) users->pdata[i])->id == e->user_id)
          e->name = g_strdup (((MkUser *) users->pdata[i])->full_name);
      g_ptr_array_add (report->executors, e);
    }
  g_ptr_array_sort (report->executors, cmp_executor);
  return g_steal_pointer (&report);
}

/* #12 "Today": the cases due in [@lo, @hi) (sort keys, so the index walks
 * them in due order) of office ?3 (NULL: all), each with the executor who
 * last acted on it when ?4 asks for it (only an executor's list needs it). */
static const char *const sql_due =
  "SELECT " MK_STORE_SEARCH_COLUMNS ", c.center_id, c.provider_id,"
  " CASE WHEN ?4 <> 0 THEN (SELECT e.user_id FROM events e WHERE e.case_id = c.id"
  " AND e.role = 'provider-executor' ORDER BY e.id DESC LIMIT 1) END"
  " FROM cases c WHERE c.sort_key >= ?1 AND c.sort_key < ?2 AND c.due IS NOT NULL"
  " AND (?3 IS NULL OR c.center_id = ?3 OR c.provider_id = ?3)"
  " ORDER BY c.sort_key";

/* Appends to @rows (or only counts, @rows NULL) the cases due in [@lo, @hi)
 * that are @actor's (mk_timeliness_due_for). */
static gboolean
read_due (MkStore      *self,
          const MkUser *actor,
          gint64        lo,
          gint64        hi,
          GPtrArray    *rows,
          guint        *n_rows,
          GError      **error)
{
  MkDbStmt *stmt = mk_store_stmt (self, sql_due, error);
  /* Everyone but the administrator sees their own office's cases. */
  const char *scope = actor->role == MK_ROLE_ADMINISTRATOR ? NULL : actor->office_id;
  int rc;

  if (stmt == NULL)
    return FALSE;
  mk_db_bind_int64 (stmt, 1, lo);
  mk_db_bind_int64 (stmt, 2, hi);
  mk_store_bind_text (stmt, 3, scope);
  mk_db_bind_int64 (stmt, 4, actor->role == MK_ROLE_PROVIDER_EXECUTOR);
  while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
    {
      const MkStage *stage = mk_regulation_get_stage (self->regulation, mk_db_column_text (stmt, 5));
      gint64 executor = mk_db_column_is_null (stmt, 10) ? 0 : mk_db_column_int64 (stmt, 10);
      MkCaseRow *row;

      if (!mk_timeliness_due_for (actor, stage, mk_db_column_text (stmt, 8), mk_db_column_text (stmt, 9),
                                  executor))
        continue;
      (*n_rows)++;
      if (rows == NULL)
        continue;
      row = g_new0 (MkCaseRow, 1);
      row->id = mk_db_column_int64 (stmt, 0);
      row->regno = mk_store_column_text (stmt, 1);
      row->applicant_name = mk_store_column_text (stmt, 2);
      row->applicant_idn = mk_store_column_text (stmt, 3);
      if (!mk_service_kind_from_id (mk_db_column_text (stmt, 4), &row->kind))
        row->kind = MK_SERVICE_CLARIFICATION;
      row->stage = mk_store_column_text (stmt, 5);
      mk_store_column_date (stmt, 6, &row->due);
      row->sort_key = mk_db_column_int64 (stmt, 7);
      g_ptr_array_add (rows, row);
    }
  mk_db_reset (stmt);
  if (rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not read the cases due"));
      return FALSE;
    }
  return TRUE;
}

MkDueCases *
mk_store_due_cases (MkStore      *self,
                    const MkUser *actor,
                    const GDate  *day,
                    GError      **error)
{
  g_autoptr(MkDueCases) due = NULL;
  GDate after, tomorrow;
  guint n_today = 0, n_next = 0;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!mk_store_check_actor (self, actor, error))
    return NULL;
  if (actor->role != MK_ROLE_ADMINISTRATOR && (actor->office_id == NULL || *actor->office_id == '\0'))
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("%s works at no office, so has no cases due"), actor->login);
      return NULL;
    }

  due = mk_due_cases_new ();
  if (day != NULL && g_date_valid (day))
    due->today = *day;
  else
    mk_store_get_today (self, &due->today);
  /* A case due on a day off between the two (none should be) counts with the next working day. */
  due->next = due->today;
  mk_calendar_add_working_days (self->calendar, &due->next, 1);
  after = due->next;
  g_date_add_days (&after, 1);
  tomorrow = due->today;
  g_date_add_days (&tomorrow, 1);

  /* The due day leads the sort key (mk_store_case_key): the case list's
   * "Overdue" is the same range. */
  if (!self->engine->begin_read (self, error))
    return NULL;
  ok = read_due (self, actor, 0, mk_store_case_key (&due->today, 0), NULL, &due->n_overdue, error)
       && read_due (self, actor, mk_store_case_key (&due->today, 0), mk_store_case_key (&tomorrow, 0),
                    due->due_today, &n_today, error)
       && read_due (self, actor, mk_store_case_key (&tomorrow, 0), mk_store_case_key (&after, 0),
                    due->due_next, &n_next, error);
  mk_store_rollback (self);
  if (!ok)
    return NULL;
  return g_steal_pointer (&due);
}
