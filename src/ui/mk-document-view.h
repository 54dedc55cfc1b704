/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A PDF preview: page navigation, zoom and fit width; pages rendered off the main thread. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MK_TYPE_DOCUMENT_VIEW (mk_document_view_get_type ())
G_DECLARE_FINAL_TYPE (MkDocumentView, mk_document_view, MK, DOCUMENT_VIEW, GtkBox)

GtkWidget *mk_document_view_new          (void);
/* Shows @pdf from its first page; FALSE with an error if it is not a PDF. */
gboolean   mk_document_view_load         (MkDocumentView *self,
                                          GBytes         *pdf,
                                          GError        **error);
GBytes    *mk_document_view_get_pdf      (MkDocumentView *self);
int        mk_document_view_get_n_pages  (MkDocumentView *self);
/* 0-based. */
int        mk_document_view_get_page     (MkDocumentView *self);
void       mk_document_view_set_page     (MkDocumentView *self,
                                          int             page);
/* 1.0 is the page's real size on a 96 dpi screen. */
double     mk_document_view_get_zoom     (MkDocumentView *self);
void       mk_document_view_zoom_in      (MkDocumentView *self);
void       mk_document_view_zoom_out     (MkDocumentView *self);
void       mk_document_view_set_fit_width (MkDocumentView *self,
                                          gboolean        fit);
/* TRUE while a page is being drawn in the background. */
gboolean   mk_document_view_is_busy      (MkDocumentView *self);

G_END_DECLS
