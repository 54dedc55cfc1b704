/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The §10 process as a swim-lane flowchart (Appendix 3), drawn with cairo. */
#pragma once

#include <gtk/gtk.h>
#include "mekenjai-core.h"

G_BEGIN_DECLS

/* The seven steps of §10 plus the two branch states drawn as terminals. */
#define MK_FLOWCHART_N_STEPS 7
#define MK_FLOWCHART_STEP_REFUSED  100  /* §23: refused at intake */
#define MK_FLOWCHART_STEP_RETURNED 101  /* §24: returned for errors */

#define MK_TYPE_FLOWCHART (mk_flowchart_get_type ())
G_DECLARE_FINAL_TYPE (MkFlowchart, mk_flowchart, MK, FLOWCHART, GtkDrawingArea)

GtkWidget *mk_flowchart_new              (void);
/* Shows @c: its current step, who finished each step and when (@events,
 * MkEvent* from mk_store_list_events), and the late ones as of @today. */
void       mk_flowchart_set_case         (MkFlowchart  *self,
                                          MkRegulation *regulation,
                                          MkCase       *c,
                                          GPtrArray    *events,
                                          const GDate  *today);
/* 1..7, MK_FLOWCHART_STEP_REFUSED, MK_FLOWCHART_STEP_RETURNED, or 0 when final. */
guint      mk_flowchart_get_current_step (MkFlowchart  *self);
guint      mk_flowchart_get_selected_step (MkFlowchart *self);
void       mk_flowchart_select_step      (MkFlowchart  *self,
                                          guint         step);
/* The step an audit event finished (1..7, a branch step, or 0 for edits). */
guint      mk_flowchart_step_of_event    (MkRegulation *regulation,
                                          const MkEvent *event);
/* Every text the chart draws at its present size, with the box it must stay
 * inside (@box_height < 0: any height); for the layout tests. */
typedef void (*MkFlowchartTextFunc) (PangoLayout *layout,
                                     double       box_width,
                                     double       box_height,
                                     gpointer     user_data);
void       mk_flowchart_foreach_text     (MkFlowchart         *self,
                                          MkFlowchartTextFunc  func,
                                          gpointer             user_data);
/* Whether a line of @layout starts inside a word. */
gboolean   mk_flowchart_layout_breaks_word (PangoLayout *layout);
/* Translated short name of a step ("Documents checked, result prepared"). */
const char *mk_flowchart_step_name       (guint         step);

G_END_DECLS
