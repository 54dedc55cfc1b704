/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading a document's QR code from paper: a scan, a photo or a PDF's first page. */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* 8-bit grey pixels (0 black): the text of the first QR code, or NULL with
 * MK_IMPORT_ERROR_NO_CODE. */
char *mk_qr_read_grey         (const guint8        *pixels,
                               guint                width,
                               guint                height,
                               gsize                stride,
                               GError             **error);
/* An image surface (ARGB32, RGB24 or A8). */
char *mk_qr_read_surface      (cairo_surface_t     *surface,
                               GError             **error);
/* A PDF (page 1, rendered at 200 dpi) or a JPEG, PNG or TIFF picture (its
 * first page), checked with the importer's limits. @name serves messages and
 * may be NULL. */
char *mk_qr_read_bytes        (GBytes              *data,
                               const char          *name,
                               GCancellable        *cancellable,
                               GError             **error);
/* The same for a file, in a worker thread. */
void  mk_qr_read_file_async   (GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
char *mk_qr_read_file_finish  (GAsyncResult        *result,
                               GError             **error);
/* The same for a file, in the calling thread (the command line). */
char *mk_qr_read_file         (GFile               *file,
                               GCancellable        *cancellable,
                               GError             **error);

G_END_DECLS
