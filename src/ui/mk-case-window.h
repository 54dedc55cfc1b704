/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One case: header with deadlines, the §10 flowchart, actions, documents, history, results. */
#pragma once

#include <gtk/gtk.h>
#include "mekenjai-core.h"
#include "mk-context.h"

G_BEGIN_DECLS

#define MK_TYPE_CASE_WINDOW (mk_case_window_get_type ())
G_DECLARE_FINAL_TYPE (MkCaseWindow, mk_case_window, MK, CASE_WINDOW, GtkWindow)

GtkWidget *mk_case_window_new         (MkContext    *context,
                                       gint64        case_id);
gint64     mk_case_window_get_case_id (MkCaseWindow *self);
/* Reloads the case from the store (after a change made elsewhere). */
void       mk_case_window_reload      (MkCaseWindow *self);

/* One deadline as a line of Pango markup: "<title>: 3 December 2026 — 5 days left",
 * late ones with a warning sign and words, never colour alone. */
char      *mk_case_window_format_deadline (const char  *title,
                                           const GDate *due,
                                           const GDate *today);

G_END_DECLS
