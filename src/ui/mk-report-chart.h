/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mekenjai-core.h"

G_BEGIN_DECLS

/* What a chart of the report shows (#12). */
typedef enum {
  MK_REPORT_CHART_WEEKS,     /* applications per week, stacked by service kind */
  MK_REPORT_CHART_ON_TIME,   /* the §7 on-time share per month against the target */
  MK_REPORT_CHART_STAGES,    /* cases per stage now */
} MkReportChartKind;

#define MK_TYPE_REPORT_CHART (mk_report_chart_get_type ())
G_DECLARE_FINAL_TYPE (MkReportChart, mk_report_chart, MK, REPORT_CHART, GtkDrawingArea)

GtkWidget  *mk_report_chart_new         (MkReportChartKind  kind);
/* Shows @report (NULL: nothing); the chart keeps a reference to nothing but
 * the figures it draws. */
void        mk_report_chart_set_report  (MkReportChart     *self,
                                         const MkReport    *report,
                                         MkRegulation      *regulation);
/* The figures in words, as a screen reader says them (its accessible description). */
const char *mk_report_chart_get_summary (MkReportChart     *self);

G_END_DECLS
