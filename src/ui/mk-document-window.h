/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One issued document: preview, print, save, and for the provider's head the signature (§10 step 5). */
#pragma once

#include <gtk/gtk.h>
#include "mk-context.h"

G_BEGIN_DECLS

#define MK_TYPE_DOCUMENT_WINDOW (mk_document_window_get_type ())
G_DECLARE_FINAL_TYPE (MkDocumentWindow, mk_document_window, MK, DOCUMENT_WINDOW, GtkWindow)

/* Shows the stored version @document_id. */
MkDocumentWindow *mk_document_window_new     (GtkWindow   *parent,
                                              MkContext   *context,
                                              gint64       document_id);
/* Issues document @kind of case (or register) @id as the signed-in user (the
 * current version when nothing changed) and shows it; an error is shown in a
 * dialog on @parent. Returns the window, or NULL. */
MkDocumentWindow *mk_document_window_open    (GtkWindow   *parent,
                                              MkContext   *context,
                                              const char  *kind,
                                              gint64       id);
gint64            mk_document_window_get_document_id (MkDocumentWindow *self);
/* TRUE when the signed-in head may sign the document shown (§10 step 5). */
gboolean          mk_document_window_can_sign (MkDocumentWindow *self);
/* Opens the "Sign…" dialog over the document shown, as the button does:
 * the head checks the PDF and gives the key and its password. */
void              mk_document_window_start_signing (MkDocumentWindow *self);
/* Signs the document shown with the head's key and shows the signed version;
 * what the "Sign…" dialog does after asking for the key and its password. */
gboolean          mk_document_window_sign    (MkDocumentWindow *self,
                                              const char       *p12_path,
                                              const char       *password,
                                              GError          **error);
/* The file name the "Save" dialog proposes for @document, in the UI's language. */
char             *mk_document_window_file_name (const MkDocumentRecord *document);
/* Issues @kind of case (or register) @id and prints it: the receipt kinds as
 * many times as the "print-copies-receipt" setting says (§13). */
void              mk_document_print_issued   (GtkWindow   *parent,
                                              MkContext   *context,
                                              const char  *kind,
                                              gint64       id);

G_END_DECLS
