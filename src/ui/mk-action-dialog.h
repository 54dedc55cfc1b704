/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Asks for the written reason an action needs (§24 return, §26 refusal, §10.5 rejection). */
#pragma once

#include <gtk/gtk.h>
#include "mekenjai-core.h"

G_BEGIN_DECLS

#define MK_TYPE_ACTION_DIALOG (mk_action_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MkActionDialog, mk_action_dialog, MK, ACTION_DIALOG, GtkDialog)

/* Responds GTK_RESPONSE_ACCEPT once a reason is typed, GTK_RESPONSE_CANCEL otherwise. */
/* @regulation offers its grounds for a refusal or a return (may be NULL). */
GtkWidget *mk_action_dialog_new        (GtkWindow      *parent,
                                        MkRegulation   *regulation,
                                        const MkAction *action,
                                        const char     *case_title);
/* Appends the wording of ground @ground_id, as its button does; FALSE if the
 * regulation has no such ground. */
gboolean   mk_action_dialog_add_ground (MkActionDialog *self,
                                        const char     *ground_id);
/* The reason typed, trimmed (newly allocated). */
char      *mk_action_dialog_get_reason (MkActionDialog *self);

G_END_DECLS
