/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A window showing one attachment's PDF: pages, zoom, fit width and rotation. */
#pragma once

#include <gtk/gtk.h>
#include "mk-context.h"

G_BEGIN_DECLS

#define MK_TYPE_ATTACHMENT_VIEWER (mk_attachment_viewer_get_type ())
G_DECLARE_FINAL_TYPE (MkAttachmentViewer, mk_attachment_viewer, MK, ATTACHMENT_VIEWER, GtkWindow)

/* Shows stored attachment @attachment_id, read back verified (§9); a read
 * error is shown in the window. */
GtkWidget *mk_attachment_viewer_new         (GtkWindow          *parent,
                                             MkContext          *context,
                                             gint64              attachment_id);
/* Shows a PDF not stored yet (intake); @title names it. */
GtkWidget *mk_attachment_viewer_new_for_pdf (GtkWindow          *parent,
                                             MkContext          *context,
                                             GBytes             *pdf,
                                             const char         *title);
int        mk_attachment_viewer_get_n_pages (MkAttachmentViewer *self);
/* 0-based. */
int        mk_attachment_viewer_get_page    (MkAttachmentViewer *self);
void       mk_attachment_viewer_set_page    (MkAttachmentViewer *self,
                                             int                 page);
/* Clockwise quarter turns shown (0..3). */
guint      mk_attachment_viewer_get_rotation (MkAttachmentViewer *self);
/* @quarter_turns clockwise more (negative: anticlockwise); drawn off the main thread. */
void       mk_attachment_viewer_rotate      (MkAttachmentViewer *self,
                                             int                 quarter_turns);
/* TRUE while a rotated copy or a page is drawn. */
gboolean   mk_attachment_viewer_is_busy     (MkAttachmentViewer *self);
/* The error shown instead of the document, or NULL. */
const char *mk_attachment_viewer_get_error  (MkAttachmentViewer *self);

G_END_DECLS
