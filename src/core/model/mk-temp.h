/* SPDX-License-Identifier: GPL-3.0-or-later */
/* #13: the process's private folder for temporary files — its own and those
 * GTK, poppler, the print system or the scanning helper make through
 * TMPDIR — removed at exit and on a terminating signal; one left by a killed
 * or crashed process is removed by the next Mekenjai process of the user. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Makes the folder (mode 0700, under the user's runtime folder), points
 * TMPDIR at it and removes what dead processes left. Call first in main(),
 * before any thread starts. Returns the folder, or NULL with @error set. */
const char *mk_temp_init    (GError **error);
/* Removes the folder now and gives TMPDIR back, as before a program
 * replaces itself with exec (which runs no exit handler). */
void        mk_temp_remove  (void);
/* The folder, or NULL before mk_temp_init(). */
const char *mk_temp_get_dir (void);

G_END_DECLS
