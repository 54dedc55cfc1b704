/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checking a paper document: its QR code text or a picture of it, against the store. */
#pragma once

#include <gtk/gtk.h>
#include "mk-context.h"

G_BEGIN_DECLS

#define MK_TYPE_CHECK_DOCUMENT_DIALOG (mk_check_document_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MkCheckDocumentDialog, mk_check_document_dialog, MK, CHECK_DOCUMENT_DIALOG, GtkDialog)

MkCheckDocumentDialog *mk_check_document_dialog_new   (GtkWindow             *parent,
                                                       MkContext             *context);
/* Checks @text (a QR code's text) and shows the verdict; returns the verdict text. */
const char            *mk_check_document_dialog_check_text  (MkCheckDocumentDialog *self,
                                                             const char            *text);
/* Reads the QR code in the image or PDF @path in a worker thread, then checks it. */
void                   mk_check_document_dialog_check_image (MkCheckDocumentDialog *self,
                                                             const char            *path);
/* TRUE while a picture is being read. */
gboolean               mk_check_document_dialog_is_reading  (MkCheckDocumentDialog *self);
/* The verdict or message shown, or NULL. */
const char            *mk_check_document_dialog_get_result  (MkCheckDocumentDialog *self);

G_END_DECLS
