/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Live updates: tells the windows when another workstation, window or the
 * command-line tool has changed the database, within about a second. */
#pragma once

#include "mk-store.h"

G_BEGIN_DECLS

#define MK_TYPE_STORE_WATCH (mk_store_watch_get_type ())
G_DECLARE_FINAL_TYPE (MkStoreWatch, mk_store_watch, MK, STORE_WATCH, GObject)

/* Watches @store's database from the thread default main context, which
 * must be the one @store is used from. MkStoreWatch::changed is emitted (at
 * most a few times a second) after others (not @store itself) commit a change; PostgreSQL's LISTEN/NOTIFY
 * on a server, the file's data version with SQLite. A lost server
 * connection is retried until the server is back, and then ::changed is
 * emitted, since anything may have changed meanwhile. */
MkStoreWatch *mk_store_watch_new (MkStore  *store,
                                  GError  **error);

G_END_DECLS
