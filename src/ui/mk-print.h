/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Printing stored PDF documents through GtkPrintOperation, pages drawn by poppler. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A print operation over @pdfs (GBytes* of PDF), each printed @copies[i]
 * times (NULL: once) in one job, in order, A4, the PDF's own margins kept.
 * The caller may set more options (export file name, print settings) before
 * running it. A PDF poppler cannot read fails with poppler's error, prefixed
 * with the document's position. */
GtkPrintOperation       *mk_print_operation_new (GPtrArray   *pdfs,
                                                 const guint *copies,
                                                 GError     **error);

/* Builds the operation and runs it with @action (PRINT_DIALOG, PREVIEW, …);
 * errors a user can meet are shown in a dialog on @parent. */
GtkPrintOperationResult  mk_print_documents     (GtkWindow   *parent,
                                                 GPtrArray   *pdfs,
                                                 const guint *copies,
                                                 GtkPrintOperationAction action);

G_END_DECLS
