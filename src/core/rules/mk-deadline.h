/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The regulation's deadlines, in Kazakh working days (§7, §20, §22, §24–§26). */
#pragma once

#include "mk-calendar.h"
#include "mk-case.h"

G_BEGIN_DECLS

/* §7, §20, §22: a term of @working_days from @accepted; the result is kept
 * at the center @storage_months after the issue date. */
void mk_deadlines_compute            (MkCalendar        *calendar,
                                      guint              working_days,
                                      guint              storage_months,
                                      const GDate       *accepted,
                                      MkDeadlines       *out);
/* §24: the provider returns a faulty package within @days working days after receiving it. */
void mk_deadline_return_for_errors   (MkCalendar        *calendar,
                                      guint              days,
                                      const GDate       *received,
                                      GDate             *out);
/* §25, §26: the applicant is told within @days working day(s). */
void mk_deadline_notification        (MkCalendar        *calendar,
                                      guint              days,
                                      const GDate       *from,
                                      GDate             *out);
/* §22: storage ends @months calendar months after the issue date (clamped to month end). */
void mk_deadline_storage_until       (guint              months,
                                      const GDate       *issue_date,
                                      GDate             *out);
/* Calendar days from @today to @due: 0 due today, negative when late. */
int  mk_deadline_days_left           (const GDate       *today,
                                      const GDate       *due);

G_END_DECLS
