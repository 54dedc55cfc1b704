/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Users of the organisation (administrator): list, add, edit. */
#pragma once

#include <gtk/gtk.h>
#include "mk-context.h"

G_BEGIN_DECLS

#define MK_TYPE_USERS_DIALOG (mk_users_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MkUsersDialog, mk_users_dialog, MK, USERS_DIALOG, GtkDialog)

GtkWidget *mk_users_dialog_new     (MkContext     *context,
                                    GtkWindow     *parent);
/* Rows in the list (for tests). */
guint      mk_users_dialog_get_n_users (MkUsersDialog *self);

G_END_DECLS
