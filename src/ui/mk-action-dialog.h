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
/* #14: asks before @action on case @c, saying what it will do
 * (@consequence, mk_workflow_describe_action()); a reason where the action
 * needs one, and for "issue" who receives the result (§21). Enter on the
 * default confirms (Ctrl+Enter in a reason), Escape cancels. */
GtkWidget *mk_action_dialog_new_for_case (GtkWindow      *parent,
                                          MkRegulation   *regulation,
                                          const MkAction *action,
                                          const MkCase   *c,
                                          const char     *consequence);
/* #14, §9: an administrator's correction of case @c, with its reason. */
GtkWidget *mk_action_dialog_new_correction (GtkWindow    *parent,
                                            const MkCase *c,
                                            const char   *consequence);
void       mk_action_dialog_set_consequence (MkActionDialog *self,
                                             const char     *consequence);
/* The person named for an issue (number: the dialog's, valid while it
 * lives); FALSE when the dialog does not ask for one. */
gboolean   mk_action_dialog_get_recipient (MkActionDialog   *self,
                                           MkIssueRecipient *recipient);
/* Shows why the store refused; the dialog stays open to correct it. */
void       mk_action_dialog_show_error (MkActionDialog *self,
                                        const char     *message);

G_END_DECLS
