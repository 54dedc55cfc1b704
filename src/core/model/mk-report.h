/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report of a period (#12): how many applications, with what result, how
 * many on time, how long each stage took, what is overdue now. The store
 * computes it in one place (mk_store_report); the window, the PDF, the CSV,
 * the workbook and `mekenjai-cli report` only show it. */
#pragma once

#include <glib.h>
#include "mk-types.h"

G_BEGIN_DECLS

/* What became of an application of the period, as of the report's day. */
typedef enum {
  MK_REPORT_CERTIFICATE,        /* §6: a certificate reached the center */
  MK_REPORT_REFUSAL,            /* §6, §26: a reasoned refusal reached the center */
  MK_REPORT_REFUSED_AT_INTAKE,  /* §23 */
  MK_REPORT_RETURNED,           /* §24: back at the center for errors, not resubmitted */
  MK_REPORT_IN_PROGRESS,        /* still on its way */
  MK_REPORT_N_RESULTS
} MkReportResult;

/* Stable ids: "certificate", "refusal", "refused-at-intake", "returned", "in-progress". */
const char *mk_report_result_to_id (MkReportResult result);

/* One stage: the time the period's cases spent in it (all visits of a case
 * added up, for the cases that have left it) and the cases there now. */
typedef struct {
  char   *stage;           /* MkStage id */
  guint   n_cases;         /* cases of the period that left the stage */
  double  median_days;     /* calendar days, per case */
  double  longest_days;
  char   *longest_regno;   /* the case that took longest, or NULL */
  guint   now;             /* cases at the stage now, in the office's scope */
} MkReportStage;

/* An overdue case: its stage's deadline is before the report's day. */
typedef struct {
  gint64         id;
  char          *regno;
  MkServiceKind  kind;
  char          *stage;
  GDate          due;
  int            days_late;    /* Kazakh working days after @due up to the report's day */
} MkReportCase;

/* Per executor (§10 step 4), over the period's applications. */
typedef struct {
  gint64  user_id;          /* 0: not yet taken by anyone */
  char   *name;
  guint   in_hand;          /* at the provider now, last handled by this executor */
  guint   done;             /* result prepared by this executor and delivered to the center */
  guint   late;             /* of those, past the §20 date; and those in hand past it */
} MkReportExecutor;

/* Applications accepted in one week (Monday first), by kind. */
typedef struct {
  GDate  monday;
  guint  by_kind[MK_SERVICE_N_KINDS];
} MkReportWeek;

/* The §7 judgement of the applications accepted in one month. */
typedef struct {
  GDate  first;             /* the 1st of the month */
  guint  on_time;
  guint  late;
} MkReportMonth;

typedef struct {
  GDate       from;         /* first day, included */
  GDate       to;           /* last day, included */
  GDate       today;        /* the day "now" figures refer to */
  char       *office_id;    /* NULL: every office */

  /* Applications accepted (or refused at intake, §23) in the period, each
   * once, however often it was returned and resubmitted (§24, §25). */
  guint       total;
  guint       by_kind[MK_SERVICE_N_KINDS];
  guint       by_result[MK_REPORT_N_RESULTS];
  /* §7: the result at the center by the issue date; late: after it, or not
   * there and the date has passed. §20: the same against the provider's date. */
  guint       on_time;
  guint       late;
  guint       provider_on_time;
  guint       provider_late;
  double      target;       /* the share on time the regulation asks for (0..1) */

  GPtrArray  *stages;       /* MkReportStage*, in the regulation's order */
  GPtrArray  *overdue;      /* MkReportCase*, most overdue first */
  GPtrArray  *executors;    /* MkReportExecutor*, by name */
  GArray     *weeks;        /* MkReportWeek, in order */
  GArray     *months;       /* MkReportMonth, in order */
} MkReport;

/* #12 "Today": what is due for one user on one day and the next working day. */
typedef struct {
  GDate       today;
  GDate       next;         /* the next Kazakh working day after @today */
  GPtrArray  *due_today;    /* MkCaseRow*, in due order */
  GPtrArray  *due_next;     /* MkCaseRow*, due after @today up to @next */
  guint       n_overdue;    /* due before @today */
} MkDueCases;

MkDueCases *mk_due_cases_new  (void);
void        mk_due_cases_free (MkDueCases *due);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkDueCases, mk_due_cases_free)

MkReport *mk_report_new  (void);
void      mk_report_free (MkReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkReport, mk_report_free)

/* The report as JSON (`mekenjai-cli report --json`): from, to, total,
 * by_kind, by_result, on_time, late, overdue_now (registration numbers) and
 * the rest of the figures. */
char     *mk_report_to_json (const MkReport *report);
/* The report as CSV (RFC 4180, UTF-8): one block per table, a blank line
 * between them; ids, not translated names, so that a script can read it. */
char     *mk_report_to_csv  (const MkReport *report);

G_END_DECLS
