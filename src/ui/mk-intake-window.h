/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Guided intake at the center's desk (§10 steps 1–2, §11–§13, §23). */
#pragma once

#include <gtk/gtk.h>
#include "mekenjai-core.h"
#include "mk-context.h"

G_BEGIN_DECLS

#define MK_TYPE_INTAKE_WINDOW (mk_intake_window_get_type ())
G_DECLARE_FINAL_TYPE (MkIntakeWindow, mk_intake_window, MK, INTAKE_WINDOW, GtkWindow)

/* Emits "case-registered" (gint64 case id) after registration and after a
 * refusal to accept, so case lists can refresh. */
GtkWidget *mk_intake_window_new (MkContext *context);
/* §7 3): how long the applicant has been at the desk, against the limit. */
char      *mk_intake_window_format_desk_time (guint minutes,
                                              guint limit);

G_END_DECLS
