/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The regulation's deadlines computed on the working-day calendar (§7, §20, §22, §24–§26). */

#define G_LOG_DOMAIN "mk-deadline"

#include "mk-deadline.h"

void
mk_deadlines_compute (MkCalendar  *calendar,
                      guint        working_days,
                      guint        storage_months,
                      const GDate *accepted,
                      MkDeadlines *out)
{
  g_return_if_fail (MK_IS_CALENDAR (calendar));
  g_return_if_fail (working_days > 0);
  g_return_if_fail (accepted != NULL && g_date_valid (accepted));
  g_return_if_fail (out != NULL);

  out->accepted = *accepted;
  out->working_days = working_days;

  /* §7: the day of acceptance is not counted; the term runs from the first
   * working day after it, also when the center accepted on a Saturday or a
   * holiday. §20: the result is at the center by the end of the N-th day. */
  out->provider_due = *accepted;
  mk_calendar_add_working_days (calendar, &out->provider_due, working_days);

  /* §7: the day of issue is not counted either, so the result is issued on the
   * first day after the N-th working day on which the center is open (§16). */
  out->issue_date = out->provider_due;
  mk_calendar_next_center_open (calendar, &out->issue_date);

  mk_deadline_storage_until (storage_months, &out->issue_date, &out->storage_until);
}

void
mk_deadline_return_for_errors (MkCalendar  *calendar,
                               guint        days,
                               const GDate *received,
                               GDate       *out)
{
  g_return_if_fail (MK_IS_CALENDAR (calendar));
  g_return_if_fail (received != NULL && g_date_valid (received));
  g_return_if_fail (out != NULL);

  /* §24: counted in working days after the day the provider received the package. */
  *out = *received;
  mk_calendar_add_working_days (calendar, out, days);
}

void
mk_deadline_notification (MkCalendar  *calendar,
                          guint        days,
                          const GDate *from,
                          GDate       *out)
{
  g_return_if_fail (MK_IS_CALENDAR (calendar));
  g_return_if_fail (from != NULL && g_date_valid (from));
  g_return_if_fail (out != NULL);

  /* §25, §26: within @days working day(s) after the return or refusal. */
  *out = *from;
  mk_calendar_add_working_days (calendar, out, days);
}

void
mk_deadline_storage_until (guint        months,
                           const GDate *issue_date,
                           GDate       *out)
{
  g_return_if_fail (issue_date != NULL && g_date_valid (issue_date));
  g_return_if_fail (out != NULL);

  /* §22: calendar months; g_date_add_months() clamps 31 January to the end
   * of February. */
  *out = *issue_date;
  g_date_add_months (out, months);
}

int
mk_deadline_days_left (const GDate *today,
                       const GDate *due)
{
  g_return_val_if_fail (today != NULL && g_date_valid (today), 0);
  g_return_val_if_fail (due != NULL && g_date_valid (due), 0);

  return g_date_days_between (today, due);
}
