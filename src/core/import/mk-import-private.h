/* SPDX-License-Identifier: GPL-3.0-or-later */
/* For tests only: how much work the importer has started, to prove that a
 * decompression bomb is refused from its headers (#13). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Pages whose pixels the importer began to decode since the program started. */
guint mk_import_get_pages_decoded (void);

G_END_DECLS
