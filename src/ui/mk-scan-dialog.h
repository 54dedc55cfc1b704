/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scanning the pages of one attachment: scanner, options, pages as they come, editing, saving. */
#pragma once

#include <gtk/gtk.h>
#include "mk-context.h"
#include "mk-import.h"

G_BEGIN_DECLS

#define MK_TYPE_SCAN_DIALOG (mk_scan_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MkScanDialog, mk_scan_dialog, MK, SCAN_DIALOG, GtkDialog)

/* With @c (registered, c->id set), Save stores the pages as one attachment of
 * the item @doc_kind; without, Save only builds the PDF (intake keeps it until
 * the case is registered). Save emits GTK_RESPONSE_OK, which only starts the
 * save: handlers ignore it and wait for GTK_RESPONSE_ACCEPT, which follows once
 * the PDF is written (and stored). */
GtkWidget      *mk_scan_dialog_new               (GtkWindow    *parent,
                                                  MkContext    *context,
                                                  MkCase       *c,
                                                  const char   *doc_kind);
/* The saved PDF, after GTK_RESPONSE_ACCEPT (borrowed). */
MkImportResult *mk_scan_dialog_get_result        (MkScanDialog *self);
/* The stored attachment's id, or 0 when no case was given. */
gint64          mk_scan_dialog_get_attachment_id (MkScanDialog *self);
/* The pages scanned so far (borrowed; for tests and the thumbnails). */
MkPageList     *mk_scan_dialog_get_pages         (MkScanDialog *self);

G_END_DECLS
