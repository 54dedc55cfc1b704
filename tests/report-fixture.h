/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A hand-built set of cases whose report figures are known (#12): the
 * report of March 2026 seen on 15 April 2026. */
#pragma once

#include "sign-fixture.h"

/* Registration numbers of the cases, for the assertions. */
typedef struct {
  char *a;     /* clarification, 2 Mar: certificate, on time */
  char *b;     /* assignment, 5 Mar: returned 6 Mar, resubmitted 20 Mar, certificate on time by the new term */
  char *r;     /* change, 10 Mar: reasoned refusal, delivered late */
  char *i;     /* assignment, 12 Mar: refused at intake */
  char *k;     /* clarification, 24 Mar: returned for errors, not resubmitted */
  char *l;     /* abolition, 31 Mar 23:30: still in accumulation, overdue */
  char *other; /* clarification, 16 Mar at c08 (provider p02): not c05's or p01's */
  char *early; /* clarification, 28 Feb 23:00: before the period */
  char *late;  /* clarification, 1 Apr 00:30: after the period, overdue */
} ReportCases;

static inline void
report_cases_clear (ReportCases *rc)
{
  g_free (rc->a); g_free (rc->b); g_free (rc->r); g_free (rc->i); g_free (rc->k);
  g_free (rc->l); g_free (rc->other); g_free (rc->early); g_free (rc->late);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReportCases, report_cases_clear)

static inline void
report_pin (StoreEnv *env, int day, int month)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, day, month, 2026);
  mk_store_set_today (env->store, &d);
}

static inline void
report_pin_date (StoreEnv *env, const GDate *d)
{
  mk_store_set_today (env->store, d);
}

static inline void
report_act (StoreEnv *env, const MkUser *actor, gint64 id, const char *action, const char *reason)
{
  g_autoptr(GError) error = NULL;

  gboolean ok = mk_store_apply_action (env->store, actor, id, action, reason, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

/* §21: to the applicant, who showed an identity card. */
static inline void
report_issue (StoreEnv *env, gint64 id)
{
  g_autoptr(GError) error = NULL;
  MkIssueRecipient recipient = { MK_RECIPIENT_APPLICANT, MK_ID_DOCUMENT_IDENTITY_CARD, "012345678" };
  gboolean ok = mk_store_issue_result (env->store, env->center, id, &recipient, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

static inline gint64
report_register (StoreEnv      *env,
                 const MkUser  *actor,
                 MkServiceKind  kind,
                 guint          n,
                 gint64         accepted_at,
                 const char    *center,
                 gboolean       refuse,
                 char         **regno)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) c = store_test_case (env->store, kind, n);
  GDate day;

  mk_clock_date_of (accepted_at, &day);
  report_pin_date (env, &day);
  c->accepted_at = accepted_at;
  if (center != NULL)
    c->center_id = g_strdup (center);
  if (refuse)
    {
      MkCaseItem *item = g_ptr_array_index (c->items, 0);
      item->present = FALSE;
      g_assert_true (mk_store_refuse_intake (env->store, actor, c, &error));
    }
  else
    g_assert_true (mk_store_register_case (env->store, actor, c, &error));
  g_assert_no_error (error);
  *regno = g_strdup (c->regno);
  return c->id;
}

static inline MkCase *
report_get (StoreEnv *env, gint64 id)
{
  g_autoptr(GError) error = NULL;
  MkCase *c = mk_store_get_case (env->store, id, &error);

  g_assert_no_error (error);
  return c;
}

/* From the provider to the center on @day (§20). */
static inline void
report_deliver (StoreEnv *env, gint64 id, const GDate *day)
{
  report_pin_date (env, day);
  report_act (env, env->exec, id, "send-to-center", NULL);
}

static inline void
report_build (StoreEnv *env, ReportCases *rc)
{
  g_autoptr(MkCase) c = NULL;
  gint64 a, b, r, k;
  GDate day;

  /* A: §10 steps 2–7 straight through; at the center on its §20 day. */
  a = report_register (env, env->center, MK_SERVICE_CLARIFICATION, 1, store_test_time (2026, 3, 2, 10),
                       NULL, FALSE, &rc->a);
  report_act (env, env->accum, a, "send-to-provider", NULL);
  report_pin (env, 3, 3);
  store_test_prepare_certificate (env->store, env->exec, a);
  sign_fixture_sign_case (env->store, env->admin, env->head, a);
  c = report_get (env, a);
  report_deliver (env, a, &c->deadlines.provider_due);
  report_issue (env, a);
  g_clear_pointer (&c, mk_case_unref);

  /* B: §24 back for errors the next day, §25 resubmitted two weeks later; on
   * time by the term that ran again from then, late by the first one. */
  b = report_register (env, env->center, MK_SERVICE_ASSIGNMENT, 2, store_test_time (2026, 3, 5, 10),
                       NULL, FALSE, &rc->b);
  report_act (env, env->accum, b, "send-to-provider", NULL);
  report_pin (env, 6, 3);
  report_act (env, env->exec, b, "return-for-errors", "Техпаспорт көшірмесі оқылмайды");
  report_pin (env, 20, 3);
  report_act (env, env->center, b, "resubmit", NULL);
  report_act (env, env->accum, b, "send-to-provider", NULL);
  store_test_prepare_certificate (env->store, env->exec, b);
  sign_fixture_sign_case (env->store, env->admin, env->head, b);
  c = report_get (env, b);
  report_deliver (env, b, &c->deadlines.provider_due);
  report_issue (env, b);
  g_clear_pointer (&c, mk_case_unref);

  /* R: §26 reasoned refusal, at the center two days after its issue date and
   * not collected since. */
  r = report_register (env, env->center, MK_SERVICE_CHANGE, 3, store_test_time (2026, 3, 10, 10),
                       NULL, FALSE, &rc->r);
  report_act (env, env->accum, r, "send-to-provider", NULL);
  report_pin (env, 11, 3);
  report_act (env, env->exec, r, "prepare-refusal", "Акимат шешімі жоқ");
  sign_fixture_sign_case (env->store, env->admin, env->head, r);
  c = report_get (env, r);
  day = c->deadlines.issue_date;
  g_date_add_days (&day, 2);
  report_deliver (env, r, &day);
  g_clear_pointer (&c, mk_case_unref);

  /* I: §23 refused at intake. */
  report_register (env, env->center, MK_SERVICE_ASSIGNMENT, 4, store_test_time (2026, 3, 12, 11),
                   NULL, TRUE, &rc->i);

  /* K: §24 returned, not resubmitted (accepted on the Friday before Nauryz:
   * §16, the center is closed from 21 to 25 March). */
  k = report_register (env, env->center, MK_SERVICE_CLARIFICATION, 5, store_test_time (2026, 3, 20, 10),
                       NULL, FALSE, &rc->k);
  report_act (env, env->accum, k, "send-to-provider", NULL);
  report_pin (env, 25, 3);
  report_act (env, env->exec, k, "return-for-errors", "Құжаттар оқылмайды");
  report_act (env, env->center, k, "record-return-notification", NULL);

  /* L: the last half hour of the center's hours in the period (§16,
   * Kazakhstan time), untouched since. */
  report_register (env, env->center, MK_SERVICE_ABOLITION, 6, store_test_time (2026, 3, 31, 19) + 1800,
                   NULL, FALSE, &rc->l);
  /* Another center office and provider. */
  report_register (env, env->admin, MK_SERVICE_CLARIFICATION, 7, store_test_time (2026, 3, 16, 10),
                   "c08", FALSE, &rc->other);
  /* Just outside the period, either side, within the center's hours (§16). */
  report_register (env, env->center, MK_SERVICE_CLARIFICATION, 8, store_test_time (2026, 2, 28, 19),
                   NULL, FALSE, &rc->early);
  report_register (env, env->center, MK_SERVICE_CLARIFICATION, 9, store_test_time (2026, 4, 1, 9) + 1800,
                   NULL, FALSE, &rc->late);

  report_pin (env, 15, 4);
}

static inline gboolean
report_overdue_has (const MkReport *report, const char *regno)
{
  for (guint i = 0; i < report->overdue->len; i++)
    if (g_strcmp0 (((MkReportCase *) report->overdue->pdata[i])->regno, regno) == 0)
      return TRUE;
  return FALSE;
}

static inline const MkReportStage *
report_stage (const MkReport *report, const char *stage)
{
  for (guint i = 0; i < report->stages->len; i++)
    if (g_strcmp0 (((MkReportStage *) report->stages->pdata[i])->stage, stage) == 0)
      return report->stages->pdata[i];
  g_assert_not_reached ();
  return NULL;
}
