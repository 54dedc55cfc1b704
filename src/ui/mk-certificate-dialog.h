/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The executor prepares the certificate (§10 step 4, §6): the address
 * registration code, its basis and the address as printed, with a preview. */
#pragma once

#include <gtk/gtk.h>
#include "mk-context.h"

G_BEGIN_DECLS

#define MK_TYPE_CERTIFICATE_DIALOG (mk_certificate_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MkCertificateDialog, mk_certificate_dialog, MK, CERTIFICATE_DIALOG, GtkDialog)

/* Responds GTK_RESPONSE_ACCEPT once the certificate is prepared and the case
 * has moved to the head's signature; GTK_RESPONSE_CANCEL otherwise. */
GtkWidget *mk_certificate_dialog_new (GtkWindow *parent,
                                      MkContext *context,
                                      MkCase    *c);

G_END_DECLS
