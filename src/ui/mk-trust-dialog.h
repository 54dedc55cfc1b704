/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The trusted certification centers (administrator): their root
 * certificates, which the head's signing certificate must lead to (§10 step 5). */
#pragma once

#include <gtk/gtk.h>
#include "mk-context.h"

G_BEGIN_DECLS

#define MK_TYPE_TRUST_DIALOG (mk_trust_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MkTrustDialog, mk_trust_dialog, MK, TRUST_DIALOG, GtkDialog)

GtkWidget *mk_trust_dialog_new        (MkContext     *context,
                                       GtkWindow     *parent);
/* Installs the certificates of @path, as the Add… button does; FALSE and
 * the message shown in the dialog when refused (for tests). */
gboolean   mk_trust_dialog_add_file   (MkTrustDialog *self,
                                       const char    *path);
/* Rows in the list (for tests). */
guint      mk_trust_dialog_get_n_anchors (MkTrustDialog *self);
/* The message shown under the list, or NULL (for tests). */
const char *mk_trust_dialog_get_message (MkTrustDialog *self);

G_END_DECLS
