/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audit trail of a case (§9: nothing lost): when, who, role, action, before → after, note. */
#pragma once

#include <gtk/gtk.h>
#include "mekenjai-core.h"

G_BEGIN_DECLS

#define MK_TYPE_HISTORY_VIEW (mk_history_view_get_type ())
G_DECLARE_FINAL_TYPE (MkHistoryView, mk_history_view, MK, HISTORY_VIEW, GtkBox)

GtkWidget *mk_history_view_new         (void);
/* @events: MkEvent* in the order the store gives them (oldest first). */
void       mk_history_view_set_events  (MkHistoryView *self,
                                        MkRegulation  *regulation,
                                        GPtrArray     *events);
/* Selects the events of a flowchart step (see mk_flowchart_step_of_event());
 * returns how many there are. */
guint      mk_history_view_select_step (MkHistoryView *self,
                                        guint          step);

G_END_DECLS
