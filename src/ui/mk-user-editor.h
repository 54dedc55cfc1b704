/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Adds or edits one user: name, position, office, role, login, password. */
#pragma once

#include <gtk/gtk.h>
#include "mk-context.h"

G_BEGIN_DECLS

#define MK_TYPE_USER_EDITOR (mk_user_editor_get_type ())
G_DECLARE_FINAL_TYPE (MkUserEditor, mk_user_editor, MK, USER_EDITOR, GtkDialog)

/* @user: the user to edit, or NULL to add one. @first_admin: the store has
 * no user yet; the new user is the organisation's administrator. The dialog
 * saves on "Save" and answers GTK_RESPONSE_OK only once the store accepted. */
GtkWidget    *mk_user_editor_new      (MkContext    *context,
                                       GtkWindow    *parent,
                                       const MkUser *user,
                                       gboolean      first_admin);
/* After GTK_RESPONSE_OK: the saved user. */
const MkUser *mk_user_editor_get_user (MkUserEditor *self);
/* Chooses the head's certificate file, as the Browse… button does; it is
 * registered when the dialog saves. */
gboolean      mk_user_editor_set_certificate_file (MkUserEditor  *self,
                                                   GFile         *file,
                                                   GError       **error);

G_END_DECLS
