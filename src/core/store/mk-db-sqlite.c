/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The embedded engine: SQLite, one file per database. */
#define G_LOG_DOMAIN "mk-store"

#include "mk-db.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <string.h>

#include "mk-error.h"

typedef struct {
  MkDb     parent;
  sqlite3 *handle;
} SqliteDb;

typedef struct {
  MkDbStmt      parent;
  sqlite3_stmt *handle;
} SqliteStmt;

#define HANDLE(db)   (((SqliteDb *) (db))->handle)
#define STMT(stmt)   (((SqliteStmt *) (stmt))->handle)

static const MkDbEngine sqlite_engine;

static MkDbStmt *
sqlite_prepare (MkDb       *db,
                const char *sql)
{
  sqlite3_stmt *handle = NULL;
  SqliteStmt *stmt;

  /* Persistent: the store keeps each statement for the connection's life. */
  if (sqlite3_prepare_v3 (HANDLE (db), sql, -1, SQLITE_PREPARE_PERSISTENT, &handle, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (handle);
      return NULL;
    }
  stmt = g_new0 (SqliteStmt, 1);
  stmt->parent.db = db;
  stmt->handle = handle;
  return &stmt->parent;
}

static void
sqlite_finalize (MkDbStmt *stmt)
{
  sqlite3_finalize (STMT (stmt));
  g_free (stmt);
}

static void
sqlite_reset (MkDbStmt *stmt)
{
  sqlite3_reset (STMT (stmt));
}

static void
sqlite_clear_bindings (MkDbStmt *stmt)
{
  sqlite3_clear_bindings (STMT (stmt));
}

static void
sqlite_bind_int64 (MkDbStmt *stmt,
                   int       i,
                   gint64    value)
{
  sqlite3_bind_int64 (STMT (stmt), i, value);
}

static void
sqlite_bind_text (MkDbStmt   *stmt,
                  int         i,
                  const char *text,
                  gssize      length)
{
  if (text == NULL)
    sqlite3_bind_null (STMT (stmt), i);
  else
    sqlite3_bind_text64 (STMT (stmt), i, text, length < 0 ? (sqlite3_uint64) strlen (text) : (sqlite3_uint64) length,
                         SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void
sqlite_bind_blob (MkDbStmt      *stmt,
                  int            i,
                  gconstpointer  data,
                  gsize          size)
{
  /* Static: the caller keeps @data until the statement is reset (a 50 MB
   * scan is not copied once more). */
  sqlite3_bind_blob64 (STMT (stmt), i, data, size, SQLITE_STATIC);
}

static void
sqlite_bind_null (MkDbStmt *stmt,
                  int       i)
{
  sqlite3_bind_null (STMT (stmt), i);
}

static int
sqlite_step (MkDbStmt *stmt)
{
  switch (sqlite3_step (STMT (stmt)))
    {
    case SQLITE_ROW:
      return MK_DB_ROW;
    case SQLITE_DONE:
      return MK_DB_DONE;
    default:
      return MK_DB_FAILED;
    }
}

static int
sqlite_column_count (MkDbStmt *stmt)
{
  return sqlite3_column_count (STMT (stmt));
}

static MkDbValue
sqlite_column_type (MkDbStmt *stmt,
                    int       i)
{
  switch (sqlite3_column_type (STMT (stmt), i))
    {
    case SQLITE_NULL:
      return MK_DB_VALUE_NULL;
    case SQLITE_INTEGER:
      return MK_DB_VALUE_INTEGER;
    case SQLITE_BLOB:
      return MK_DB_VALUE_BLOB;
    default:
      return MK_DB_VALUE_TEXT;
    }
}

static gboolean
sqlite_column_is_null (MkDbStmt *stmt,
                       int       i)
{
  return sqlite3_column_type (STMT (stmt), i) == SQLITE_NULL;
}

static gint64
sqlite_column_int64 (MkDbStmt *stmt,
                     int       i)
{
  return sqlite3_column_int64 (STMT (stmt), i);
}

static const char *
sqlite_column_text (MkDbStmt *stmt,
                    int       i)
{
  return (const char *) sqlite3_column_text (STMT (stmt), i);
}

static gconstpointer
sqlite_column_blob (MkDbStmt *stmt,
                    int       i)
{
  return sqlite3_column_blob (STMT (stmt), i);
}

static gsize
sqlite_column_bytes (MkDbStmt *stmt,
                     int       i)
{
  return (gsize) sqlite3_column_bytes (STMT (stmt), i);
}

static gboolean
sqlite_exec (MkDb       *db,
             const char *sql)
{
  return sqlite3_exec (HANDLE (db), sql, NULL, NULL, NULL) == SQLITE_OK;
}

static gboolean
sqlite_in_transaction (MkDb *db)
{
  return !sqlite3_get_autocommit (HANDLE (db));
}

static gint64
sqlite_last_insert_id (MkDb *db)
{
  return sqlite3_last_insert_rowid (HANDLE (db));
}

static MkDbStatus
sqlite_status (MkDb *db)
{
  int code = sqlite3_extended_errcode (HANDLE (db));

  if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
    return MK_DB_STATUS_DUPLICATE;
  switch (code & 0xff)
    {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
      return MK_DB_STATUS_OK;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return MK_DB_STATUS_RETRY;
    case SQLITE_NOTADB:
      return MK_DB_STATUS_NOT_DATABASE;
    default:
      return MK_DB_STATUS_FAILED;
    }
}

static const char *
sqlite_errmsg (MkDb *db)
{
  return sqlite3_errmsg (HANDLE (db));
}

static gboolean
sqlite_copy (MkDb    *src,
             MkDb    *dest,
             GError **error)
{
  sqlite3_backup *backup;
  int rc;

  g_return_val_if_fail (dest->engine == &sqlite_engine, FALSE);

  /* The backup API reads one consistent snapshot, even while others write. */
  backup = sqlite3_backup_init (HANDLE (dest), "main", HANDLE (src), "main");
  if (backup == NULL)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_FAILED,
                   _("Could not copy the database to “%s”: %s"),
                   sqlite3_db_filename (HANDLE (dest), "main"), sqlite3_errmsg (HANDLE (dest)));
      return FALSE;
    }
  do
    {
      rc = sqlite3_backup_step (backup, 1024);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (20);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_FAILED,
                   _("Could not copy the database to “%s”: %s"),
                   sqlite3_db_filename (HANDLE (dest), "main"), sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

static void
sqlite_close (MkDb *db)
{
  sqlite3_close_v2 (HANDLE (db));
  g_free (db);
}

static const MkDbEngine sqlite_engine = {
  .name = "sqlite",
  .prepare = sqlite_prepare,
  .finalize = sqlite_finalize,
  .reset = sqlite_reset,
  .clear_bindings = sqlite_clear_bindings,
  .bind_int64 = sqlite_bind_int64,
  .bind_text = sqlite_bind_text,
  .bind_blob = sqlite_bind_blob,
  .bind_null = sqlite_bind_null,
  .step = sqlite_step,
  .column_count = sqlite_column_count,
  .column_type = sqlite_column_type,
  .column_is_null = sqlite_column_is_null,
  .column_int64 = sqlite_column_int64,
  .column_text = sqlite_column_text,
  .column_blob = sqlite_column_blob,
  .column_bytes = sqlite_column_bytes,
  .exec = sqlite_exec,
  .in_transaction = sqlite_in_transaction,
  .last_insert_id = sqlite_last_insert_id,
  .status = sqlite_status,
  .errmsg = sqlite_errmsg,
  .copy = sqlite_copy,
  .close = sqlite_close,
};

MkDb *
mk_db_sqlite_open (const char  *path,
                   gboolean     read_only,
                   GError     **error)
{
  sqlite3 *handle = NULL;
  SqliteDb *db;
  int flags = read_only ? SQLITE_OPEN_READONLY
                        : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

  /* #13: the file holds ИИН and password hashes: a new one is its owner's
   * alone (0600), and SQLite gives its -wal and -shm files the same mode. */
  if (!read_only && !g_str_has_prefix (path, ":memory:") && !g_str_has_prefix (path, "file:"))
    {
      int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);

      if (fd >= 0)
        close (fd);
    }
  /* NOMUTEX: a store (and so its connection) is used by one thread at a time. */
  if (sqlite3_open_v2 (path, &handle, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, MK_STORE_ERROR, read_only ? MK_STORE_ERROR_NOT_MEKENJAI : MK_STORE_ERROR_FAILED,
                   _("Could not open “%s”: %s"), path,
                   handle != NULL ? sqlite3_errmsg (handle) : g_strerror (ENOMEM));
      sqlite3_close (handle);
      return NULL;
    }
  sqlite3_extended_result_codes (handle, 1);
  /* Another window or the command-line tool may hold the write lock briefly. */
  sqlite3_busy_timeout (handle, 5000);

  db = g_new0 (SqliteDb, 1);
  db->parent.engine = &sqlite_engine;
  db->handle = handle;
  return &db->parent;
}
