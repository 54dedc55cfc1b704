/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading a file a user names (an attachment, a key, a password, a
 * certificate): a regular file only, and never more than a limit. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Limits for what a user hands over: a password file holds one line; a key,
 * a certificate or a calendar year a few kilobytes. */
#define MK_FILE_MAX_SECRET ((gsize) 4096)
#define MK_FILE_MAX_SMALL  ((gsize) 1024 * 1024)

/* The bytes of @path, or NULL with G_IO_ERROR_NOT_REGULAR_FILE for a device,
 * FIFO, socket or folder (a symbolic link to one as well), decided before
 * anything is read and without blocking on a FIFO; G_IO_ERROR_MESSAGE_TOO_LARGE
 * when the file holds more than @max_size bytes, even if it grows while read. */
GBytes *mk_file_read       (const char    *path,
                            gsize          max_size,
                            GError       **error);
/* The same for a #GFile; a file that is not local is read through GIO with
 * the same checks. */
GBytes *mk_file_read_gfile (GFile         *file,
                            gsize          max_size,
                            GCancellable  *cancellable,
                            GError       **error);

G_END_DECLS
