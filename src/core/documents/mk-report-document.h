/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report of a period (#12) on paper and as a workbook: a bilingual A4
 * PDF with its charts, and an Excel workbook, one sheet per table. Both show
 * an MkReport as the store computed it; neither counts anything. */
#pragma once

#include <glib.h>
#include "mk-report.h"
#include "mk-regulation.h"
#include "mk-office.h"

G_BEGIN_DECLS

/* Kazakh and Russian names of what the report shows, for paper and workbook. */
const char *mk_report_result_name_lang  (MkReportResult  result,
                                         const char     *lang);

/* The report as a bilingual A4 PDF (Kazakh, then Russian): the tables, then
 * the charts. @office names the office (NULL: every office). */
GBytes     *mk_report_render_pdf        (const MkReport *report,
                                         MkRegulation   *regulation,
                                         const MkOffice *office,
                                         GError        **error);
/* The report as an .xlsx workbook at @path (replaced whole or not at all):
 * real dates and numbers, names in Kazakh and Russian, one sheet per table. */
gboolean    mk_report_write_xlsx        (const MkReport *report,
                                         MkRegulation   *regulation,
                                         const MkOffice *office,
                                         const char     *path,
                                         GError        **error);

G_END_DECLS
