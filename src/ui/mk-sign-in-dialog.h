/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sign-in: pick one of the active users, type the password. */
#pragma once

#include <gtk/gtk.h>
#include "mk-context.h"

G_BEGIN_DECLS

#define MK_TYPE_SIGN_IN_DIALOG (mk_sign_in_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MkSignInDialog, mk_sign_in_dialog, MK, SIGN_IN_DIALOG, GtkDialog)

GtkWidget    *mk_sign_in_dialog_new      (MkContext      *context);
/* After a GTK_RESPONSE_OK: the user who signed in. */
const MkUser *mk_sign_in_dialog_get_user (MkSignInDialog *self);
/* Fills in @login and @password and presses "Sign In"; TRUE when accepted. */
gboolean      mk_sign_in_dialog_sign_in  (MkSignInDialog *self,
                                          const char     *login,
                                          const char     *password);

G_END_DECLS
