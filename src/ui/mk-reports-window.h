/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mk-context.h"

G_BEGIN_DECLS

#define MK_TYPE_REPORTS_WINDOW (mk_reports_window_get_type ())
G_DECLARE_FINAL_TYPE (MkReportsWindow, mk_reports_window, MK, REPORTS_WINDOW, GtkWindow)

GtkWidget      *mk_reports_window_new        (MkContext       *context,
                                              GtkWindow       *parent);
/* Another period (both days included); the report is computed anew. */
void            mk_reports_window_set_period (MkReportsWindow *self,
                                              const GDate     *from,
                                              const GDate     *to);
/* Whether a report is being computed or saved. */
gboolean        mk_reports_window_is_busy    (MkReportsWindow *self);
/* The report shown, or NULL before the first is computed. */
const MkReport *mk_reports_window_get_report (MkReportsWindow *self);
/* The figures' line at the top, as shown. */
const char     *mk_reports_window_get_summary (MkReportsWindow *self);
/* Saves the report shown to @path, as PDF, CSV or workbook by its ending
 * (".pdf", ".csv", ".xlsx"), off the main thread. */
void            mk_reports_window_save_to    (MkReportsWindow *self,
                                              const char      *path);
/* The message of the last failure shown, or NULL. */
const char     *mk_reports_window_get_error  (MkReportsWindow *self);

G_END_DECLS
