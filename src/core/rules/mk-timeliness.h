/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the report of a period (#12) counts as on time and late, who may see
 * which office's figures, and what is due: rules, not queries. The store
 * reads the stage history; these functions judge it. */
#pragma once

#include <glib.h>
#include "mk-case.h"
#include "mk-calendar.h"
#include "mk-records.h"
#include "mk-regulation.h"
#include "mk-report.h"

G_BEGIN_DECLS

typedef enum {
  MK_TIMELINESS_NONE,      /* not judged: refused at intake (§23) or returned for errors (§24) */
  MK_TIMELINESS_PENDING,   /* not yet at the center, and its date has not passed */
  MK_TIMELINESS_ON_TIME,
  MK_TIMELINESS_LATE,
} MkTimeliness;

/* The share of cases the regulation wants on time: §7 sets a term for every
 * application, so all of them. */
#define MK_TIMELINESS_TARGET 1.0

/* §20, §21: at @stage_id the result has reached the center (or has been
 * handed out or archived after that). */
gboolean      mk_timeliness_stage_delivered (const char  *stage_id);
/* §10 step 4: at @stage_id the provider holds the case. */
gboolean      mk_timeliness_stage_at_provider (const char *stage_id);
/* A case whose deadline is @due: delivered to the center on @delivered
 * (invalid: not yet), judged on @today. §7 against the issue date, §20
 * against the provider's date: a result there on the day itself is on time;
 * one not there after the day is late already. */
MkTimeliness  mk_timeliness_judge           (const GDate *due,
                                             const GDate *delivered,
                                             const GDate *today);
/* #12: the head, the executors, the center inspectors and the administrator
 * see the report; each of their own office, the administrator of any
 * (@office_id) or of all (NULL). Sets *scope to the office whose cases count
 * (NULL: all). */
gboolean      mk_timeliness_check_scope     (const MkUser *actor,
                                             const char   *office_id,
                                             const char  **scope,
                                             GError      **error);
/* What became of an application now at @stage_id with @result ("certificate",
 * "refusal" or NULL), @delivered: its result reached the center after its
 * last acceptance. */
MkReportResult mk_timeliness_classify       (const char  *stage_id,
                                             const char  *result,
                                             gboolean     delivered);
/* #12 "Today": whether a case at @stage (of @center_id, sent to
 * @provider_id) is on @actor's list of what is due. The administrator sees
 * every case; the provider's head every case the department holds (§10
 * steps 4–6), those awaiting signature among them; an executor the steps of
 * the cases in their hands or not yet taken (@executor_id: the executor who
 * last acted on the case, 0 nobody); a center's inspectors the steps that
 * are theirs at their center (§14). A final stage is due for nobody. */
gboolean      mk_timeliness_due_for         (const MkUser  *actor,
                                             const MkStage *stage,
                                             const char    *center_id,
                                             const char    *provider_id,
                                             gint64         executor_id);
/* Kazakh working days a case at its stage since @due is late on @today (0: not late). */
int           mk_timeliness_days_late       (MkCalendar  *calendar,
                                             const GDate *due,
                                             const GDate *today);

G_END_DECLS
