/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The department server asks for the password of the app's database role. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MK_TYPE_SERVER_PASSWORD_DIALOG (mk_server_password_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MkServerPasswordDialog, mk_server_password_dialog, MK, SERVER_PASSWORD_DIALOG, GtkDialog)

/* @where: the server as shown (no password); @problem: why it is asked
 * again (the server refused the last one), or NULL. */
GtkWidget  *mk_server_password_dialog_new          (const char             *where,
                                                    const char             *problem);
const char *mk_server_password_dialog_get_password (MkServerPasswordDialog *self);
/* Keep it in the desktop keyring? */
gboolean    mk_server_password_dialog_get_remember (MkServerPasswordDialog *self);

G_END_DECLS
