/* SPDX-License-Identifier: GPL-3.0-or-later */
/* On time and late in the report of a period (#12, §7, §20), and who sees it. */
#define G_LOG_DOMAIN "mk-timeliness"

#include "mk-timeliness.h"
#include "mk-error.h"

#include <glib/gi18n-lib.h>

gboolean
mk_timeliness_stage_delivered (const char *stage_id)
{
  /* §20: the provider hands the result to the center (at-center); §21 and §22
   * follow from there. */
  return g_strcmp0 (stage_id, "at-center") == 0
         || g_strcmp0 (stage_id, "issued") == 0
         || g_strcmp0 (stage_id, "archived") == 0;
}

gboolean
mk_timeliness_stage_at_provider (const char *stage_id)
{
  /* §10 steps 4–6: the executor works on it, the head signs, the executor sends it back. */
  return g_strcmp0 (stage_id, "at-provider") == 0
         || g_strcmp0 (stage_id, "signing") == 0
         || g_strcmp0 (stage_id, "signed") == 0;
}

gboolean
mk_timeliness_due_for (const MkUser  *actor,
                       const MkStage *stage,
                       const char    *center_id,
                       const char    *provider_id,
                       gint64         executor_id)
{
  g_return_val_if_fail (actor != NULL, FALSE);

  if (stage == NULL || stage->final)
    return FALSE;
  switch (actor->role)
    {
    case MK_ROLE_ADMINISTRATOR:
      return TRUE;
    case MK_ROLE_PROVIDER_HEAD:
      /* The head answers for the department's part of the term (§20). */
      return g_strcmp0 (provider_id, actor->office_id) == 0 && mk_timeliness_stage_at_provider (stage->id);
    case MK_ROLE_PROVIDER_EXECUTOR:
      /* §10 step 4: a case another executor works on is theirs, not this one's. */
      return stage->actor == actor->role && g_strcmp0 (provider_id, actor->office_id) == 0
             && (executor_id == 0 || executor_id == actor->id);
    case MK_ROLE_CENTER_INSPECTOR:
    case MK_ROLE_ACCUMULATION_INSPECTOR:
      /* §14: intake, sending and issue are done at the center that accepted the case. */
      return stage->actor == actor->role && g_strcmp0 (center_id, actor->office_id) == 0;
    case MK_ROLE_N_ROLES:
    default:
      return FALSE;
    }
}

MkTimeliness
mk_timeliness_judge (const GDate *due,
                     const GDate *delivered,
                     const GDate *today)
{
  g_return_val_if_fail (today != NULL && g_date_valid (today), MK_TIMELINESS_NONE);

  if (due == NULL || !g_date_valid (due))
    return MK_TIMELINESS_NONE;
  /* §7, §20: "by the end of the day": the day itself is still in time. */
  if (delivered != NULL && g_date_valid (delivered))
    return g_date_compare (delivered, due) <= 0 ? MK_TIMELINESS_ON_TIME : MK_TIMELINESS_LATE;
  return g_date_compare (today, due) > 0 ? MK_TIMELINESS_LATE : MK_TIMELINESS_PENDING;
}

gboolean
mk_timeliness_check_scope (const MkUser *actor,
                           const char   *office_id,
                           const char  **scope,
                           GError      **error)
{
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (scope != NULL, FALSE);

  if (office_id != NULL && *office_id == '\0')
    office_id = NULL;
  switch (actor->role)
    {
    case MK_ROLE_ADMINISTRATOR:
      *scope = office_id;
      return TRUE;
    case MK_ROLE_PROVIDER_HEAD:
    case MK_ROLE_PROVIDER_EXECUTOR:
    case MK_ROLE_CENTER_INSPECTOR:
      break;
    case MK_ROLE_ACCUMULATION_INSPECTOR:
    case MK_ROLE_N_ROLES:
    default:
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("Reports are for the provider’s head and executors, the center’s inspectors and the administrator; %s cannot see them"),
                   actor->login);
      return FALSE;
    }
  if (actor->office_id == NULL || *actor->office_id == '\0')
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("%s works at no office, so has no office’s report to see"), actor->login);
      return FALSE;
    }
  /* #12: each sees their own office's figures, not another's. */
  if (office_id != NULL && g_strcmp0 (office_id, actor->office_id) != 0)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("%s works at %s and sees only that office’s report, not %s’s"),
                   actor->login, actor->office_id, office_id);
      return FALSE;
    }
  *scope = actor->office_id;
  return TRUE;
}

MkReportResult
mk_timeliness_classify (const char *stage_id,
                        const char *result,
                        gboolean    delivered)
{
  if (g_strcmp0 (stage_id, "refused-at-intake") == 0)
    return MK_REPORT_REFUSED_AT_INTAKE;
  /* §24: a package back at the center for errors has no result until it is
   * resubmitted; then it is judged as the new application it counts as. */
  if (g_strcmp0 (stage_id, "returned") == 0)
    return MK_REPORT_RETURNED;
  /* §6: the result counts once it has reached the center (§20). */
  if (delivered && mk_timeliness_stage_delivered (stage_id))
    {
      if (g_strcmp0 (result, "certificate") == 0)
        return MK_REPORT_CERTIFICATE;
      if (g_strcmp0 (result, "refusal") == 0)
        return MK_REPORT_REFUSAL;
    }
  return MK_REPORT_IN_PROGRESS;
}

int
mk_timeliness_days_late (MkCalendar  *calendar,
                         const GDate *due,
                         const GDate *today)
{
  g_return_val_if_fail (MK_IS_CALENDAR (calendar), 0);
  g_return_val_if_fail (due != NULL && g_date_valid (due), 0);
  g_return_val_if_fail (today != NULL && g_date_valid (today), 0);

  if (g_date_compare (today, due) <= 0)
    return 0;
  /* Counted like the terms themselves (§7), in working days; a case whose
   * date passed over a weekend is still one day late on the Monday. */
  return MAX (1, mk_calendar_working_days_between (calendar, due, today));
}
