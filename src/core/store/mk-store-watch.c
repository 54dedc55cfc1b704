/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Live updates, from the main thread: on a server a connection of the
 * watch's own that LISTENs, with SQLite the store's own connection's data
 * version. Either way only others' changes are told. */
#define G_LOG_DOMAIN "mk-store"

#include "mk-store-watch.h"
#include "mk-store-private.h"

#include <glib-unix.h>

struct _MkStoreWatch
{
  GObject              parent_instance;

  MkStore             *store;
  MkDb                *db;         /* a connection of its own, if the engine needs one */
  gint64               state;      /* the engine's "last seen" mark */
  guint                fd_source;
  guint                poll_source;
  guint                reconnect_source;
  guint                emit_source;
};

G_DEFINE_FINAL_TYPE (MkStoreWatch, mk_store_watch, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* How often a file is looked at, and a lost server called again. */
#define POLL_MS      500
#define RECONNECT_MS 2000
/* Changes that come together are told once. */
#define COALESCE_MS  200

static gboolean connect_watch (MkStoreWatch *self, GError **error);

static gboolean
emit_cb (gpointer data)
{
  MkStoreWatch *self = data;

  self->emit_source = 0;
  g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
schedule_emit (MkStoreWatch *self)
{
  if (self->emit_source == 0)
    self->emit_source = g_timeout_add (COALESCE_MS, emit_cb, self);
}

static void
drop_connection (MkStoreWatch *self)
{
  g_clear_handle_id (&self->fd_source, g_source_remove);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_pointer (&self->db, mk_db_close);
}

static gboolean
reconnect_cb (gpointer data)
{
  MkStoreWatch *self = data;
  g_autoptr(GError) error = NULL;

  if (!connect_watch (self, &error))
    return G_SOURCE_CONTINUE;
  self->reconnect_source = 0;
  /* Whatever happened while the server was away. */
  schedule_emit (self);
  return G_SOURCE_REMOVE;
}

static void
check (MkStoreWatch *self)
{
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;

  if (!self->store->engine->watch_poll (self->store, self->db, &self->state, &changed, &error))
    {
      g_info ("Live updates paused: %s", error->message);
      drop_connection (self);
      self->reconnect_source = g_timeout_add (RECONNECT_MS, reconnect_cb, self);
      return;
    }
  if (changed)
    schedule_emit (self);
}

static gboolean
fd_ready_cb (int          fd,
             GIOCondition condition,
             gpointer     data)
{
  MkStoreWatch *self = data;

  /* check() may drop this source with the connection (g_source_remove of
   * the source being dispatched is allowed; it is gone either way). */
  check (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
poll_cb (gpointer data)
{
  MkStoreWatch *self = data;

  check (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
connect_watch (MkStoreWatch  *self,
               GError       **error)
{
  gboolean changed;
  int fd;

  if (!self->store->engine->watch_connect (self->store, &self->db, error))
    return FALSE;
  /* The first look only sets the mark. */
  if (!self->store->engine->watch_poll (self->store, self->db, &self->state, &changed, error))
    {
      g_clear_pointer (&self->db, mk_db_close);
      return FALSE;
    }
  fd = self->db != NULL ? self->store->engine->watch_fd (self->db) : -1;
  if (fd >= 0)
    self->fd_source = g_unix_fd_add (fd, G_IO_IN | G_IO_HUP | G_IO_ERR, fd_ready_cb, self);
  else
    self->poll_source = g_timeout_add (POLL_MS, poll_cb, self);
  return TRUE;
}

static void
mk_store_watch_dispose (GObject *object)
{
  MkStoreWatch *self = MK_STORE_WATCH (object);

  drop_connection (self);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  g_clear_handle_id (&self->emit_source, g_source_remove);
  G_OBJECT_CLASS (mk_store_watch_parent_class)->dispose (object);
}

static void
mk_store_watch_finalize (GObject *object)
{
  MkStoreWatch *self = MK_STORE_WATCH (object);

  g_clear_object (&self->store);
  G_OBJECT_CLASS (mk_store_watch_parent_class)->finalize (object);
}

static void
mk_store_watch_class_init (MkStoreWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mk_store_watch_dispose;
  object_class->finalize = mk_store_watch_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mk_store_watch_init (MkStoreWatch *self)
{
}

MkStoreWatch *
mk_store_watch_new (MkStore  *store,
                    GError  **error)
{
  g_autoptr(MkStoreWatch) self = NULL;

  g_return_val_if_fail (MK_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (MK_TYPE_STORE_WATCH, NULL);
  self->store = g_object_ref (store);
  if (!connect_watch (self, error))
    return NULL;
  return g_steal_pointer (&self);
}
