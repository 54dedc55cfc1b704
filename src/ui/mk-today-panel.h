/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Today" on the main window (#12): what is due today and on the next
 * working day for the signed-in user's role, and how much is overdue. */
#pragma once

#include <gtk/gtk.h>
#include "mk-context.h"

G_BEGIN_DECLS

#define MK_TYPE_TODAY_PANEL (mk_today_panel_get_type ())
G_DECLARE_FINAL_TYPE (MkTodayPanel, mk_today_panel, MK, TODAY_PANEL, GtkBox)

/* The panel is built by its window's template and given the window's
 * context once; it emits ::case-activated (the case id) when one of its
 * cases is chosen and ::overdue-activated for its count of overdue cases. */
void       mk_today_panel_set_context  (MkTodayPanel *self,
                                        MkContext    *context);
/* Reads the cases due again, off the main thread. */
void       mk_today_panel_reload       (MkTodayPanel *self);
/* TRUE while a read is under way (tests wait for it). */
gboolean   mk_today_panel_is_loading   (MkTodayPanel *self);
/* The case ids listed, today's first, then the next working day's. */
GArray    *mk_today_panel_get_case_ids (MkTodayPanel *self);
/* The list of today's (@next FALSE) or the next working day's cases. */
GtkListBox *mk_today_panel_get_list    (MkTodayPanel *self,
                                        gboolean      next);

G_END_DECLS
