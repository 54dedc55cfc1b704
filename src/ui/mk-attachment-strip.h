/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The attachments of one checklist item: thumbnails, open, remove, scan, attach files, drop files. */
#pragma once

#include <gtk/gtk.h>
#include "mk-context.h"

G_BEGIN_DECLS

/* During intake the case has no id yet: the imports wait in memory, per
 * checklist item, until the case is registered. */
typedef struct {
  char           *file_name;  /* the file it came from; NULL for a scan */
  MkImportResult *result;
} MkPendingAttachment;

void        mk_pending_attachment_free      (MkPendingAttachment *pending);
/* doc_kind → GPtrArray of MkPendingAttachment*. */
GHashTable *mk_pending_attachments_new      (void);
/* The GPtrArray of @doc_kind, created empty when missing (borrowed). */
GPtrArray  *mk_pending_attachments_for_kind (GHashTable   *pending,
                                             const char   *doc_kind);
/* Forgets the imports of items not among @items (MkCaseItem*): the
 * checklist changed with the kind or the conditions (§11). */
void        mk_pending_attachments_keep_only (GHashTable  *pending,
                                              GPtrArray   *items);
/* Stores every waiting import as an attachment of @c (registered, c->id
 * set); each one stored leaves @pending. Stops at the first error. */
gboolean    mk_pending_attachments_store    (GHashTable   *pending,
                                             MkStore      *store,
                                             const MkUser *actor,
                                             MkCase       *c,
                                             GError      **error);

#define MK_TYPE_ATTACHMENT_STRIP (mk_attachment_strip_get_type ())
G_DECLARE_FINAL_TYPE (MkAttachmentStrip, mk_attachment_strip, MK, ATTACHMENT_STRIP, GtkBox)

/* The stored attachments of the item @doc_kind of the registered case @c
 * (kept with a reference; the store keeps its version current). */
GtkWidget  *mk_attachment_strip_new          (MkContext         *context,
                                              MkCase            *c,
                                              const char        *doc_kind);
/* Intake: imports go to @pending (an array of mk_pending_attachments_for_kind(),
 * referenced), nothing is stored. */
GtkWidget  *mk_attachment_strip_new_unsaved  (MkContext         *context,
                                              const char        *doc_kind,
                                              GPtrArray         *pending);
/* Imports @files off the main thread and attaches each one that passes;
 * the file chooser and dropped files go through here. */
void        mk_attachment_strip_attach_files (MkAttachmentStrip *self,
                                              GFile            **files,
                                              guint              n_files);
/* Files dropped on @widget (a row around the strip, say) are attached too. */
void        mk_attachment_strip_add_drop_target (MkAttachmentStrip *self,
                                                 GtkWidget         *widget);
/* Attachments shown (stored or waiting). */
guint       mk_attachment_strip_get_n_attachments (MkAttachmentStrip *self);
/* Whether the user may add and remove here (mk_workflow_may_attach). */
gboolean    mk_attachment_strip_get_editable (MkAttachmentStrip *self);
/* TRUE while files are imported or thumbnails drawn. */
gboolean    mk_attachment_strip_is_busy      (MkAttachmentStrip *self);
/* The error the strip shows, or NULL. */
const char *mk_attachment_strip_get_error    (MkAttachmentStrip *self);
/* Whether the thumbnail of attachment @index has been drawn. */
gboolean    mk_attachment_strip_has_thumbnail (MkAttachmentStrip *self,
                                               guint              index);
/* Opens attachment @index in an MkAttachmentViewer and returns the window. */
GtkWidget  *mk_attachment_strip_open         (MkAttachmentStrip *self,
                                              guint              index);
/* Removes attachment @index; a stored one with @reason in the case history. */
gboolean    mk_attachment_strip_remove       (MkAttachmentStrip *self,
                                              guint              index,
                                              const char        *reason,
                                              GError           **error);
/* Runs the main loop until no strip is drawing a thumbnail in a worker
 * thread; for the end of the process, which would free poppler under it. */
void        mk_attachment_strip_wait_for_thumbnails (void);

G_END_DECLS
