/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's one way to a database: a connection, prepared statements with
 * numbered parameters, rows and columns, transactions, and the kinds of
 * failure the store must tell apart. An engine (mk-db-sqlite.c) fills the
 * table of functions; the store never names the engine's own API. Internal
 * to the store; not installed. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MkDb       MkDb;
typedef struct _MkDbStmt   MkDbStmt;
typedef struct _MkDbEngine MkDbEngine;

/* What mk_db_step() returns. */
#define MK_DB_DONE   0
#define MK_DB_ROW    1
#define MK_DB_FAILED (-1)

/* What a column of the current row holds. */
typedef enum {
  MK_DB_VALUE_NULL,
  MK_DB_VALUE_INTEGER,
  MK_DB_VALUE_TEXT,
  MK_DB_VALUE_BLOB,
} MkDbValue;

/* The kind of the connection's last failure. */
typedef enum {
  MK_DB_STATUS_OK,
  MK_DB_STATUS_DUPLICATE,     /* a unique key is already taken */
  MK_DB_STATUS_RETRY,         /* busy, locked, a serialization failure or a deadlock */
  MK_DB_STATUS_NOT_DATABASE,  /* the file or server holds no database of this engine */
  MK_DB_STATUS_FAILED,        /* anything else; mk_db_errmsg() says what */
} MkDbStatus;

struct _MkDbEngine {
  const char *name;
  MkDbStmt   *(*prepare)        (MkDb *db, const char *sql);
  void        (*finalize)       (MkDbStmt *stmt);
  void        (*reset)          (MkDbStmt *stmt);
  void        (*clear_bindings) (MkDbStmt *stmt);
  void        (*bind_int64)     (MkDbStmt *stmt, int i, gint64 value);
  void        (*bind_text)      (MkDbStmt *stmt, int i, const char *text, gssize length);
  void        (*bind_blob)      (MkDbStmt *stmt, int i, gconstpointer data, gsize size);
  void        (*bind_null)      (MkDbStmt *stmt, int i);
  int         (*step)           (MkDbStmt *stmt);
  int         (*column_count)   (MkDbStmt *stmt);
  MkDbValue   (*column_type)    (MkDbStmt *stmt, int i);
  gboolean    (*column_is_null) (MkDbStmt *stmt, int i);
  gint64      (*column_int64)   (MkDbStmt *stmt, int i);
  const char *(*column_text)    (MkDbStmt *stmt, int i);
  gconstpointer (*column_blob)  (MkDbStmt *stmt, int i);
  gsize       (*column_bytes)   (MkDbStmt *stmt, int i);
  gboolean    (*exec)           (MkDb *db, const char *sql);
  gboolean    (*in_transaction) (MkDb *db);
  gint64      (*last_insert_id) (MkDb *db);
  MkDbStatus  (*status)         (MkDb *db);
  const char *(*errmsg)         (MkDb *db);
  /* Replaces @dest's whole content by one consistent snapshot of @src's
   * (same engine), even while others write to @src. */
  gboolean    (*copy)           (MkDb *src, MkDb *dest, GError **error);
  void        (*close)          (MkDb *db);
};

/* Every engine's connection and statement start with these. */
struct _MkDb {
  const MkDbEngine *engine;
};

struct _MkDbStmt {
  MkDb *db;
};

/* mk-db-sqlite.c: the embedded engine, one file. @read_only opens an existing
 * file without creating it. */
MkDb *mk_db_sqlite_open (const char  *path,
                         gboolean     read_only,
                         GError     **error);

/* mk-db-pg.c: a PostgreSQL server through libpq. @location is a
 * postgresql:// URI or a "host=… dbname=…" connection string. */
gboolean mk_db_is_pg_location (const char  *location);
/* @password: NULL for the one in the location, or libpq's password file. */
MkDb    *mk_db_pg_open        (const char  *location,
                               const char  *password,
                               GError     **error);
/* "host='…' port=… dbname='…'" with every value quoted as libpq wants. */
char    *mk_db_pg_location    (const char  *host,
                               guint        port,
                               const char  *dbname,
                               const char  *user,
                               const char  *sslmode);
/* The location without its password, to show and print. */
char    *mk_db_pg_describe    (const char  *location);
/* Bulk loading: a transaction's writes travel without waiting for each
 * answer, and are checked at the next statement that reads, and at COMMIT;
 * plain INSERTs into @copy_tables (parents before children, NULL-ended)
 * travel as rows of one COPY per table. */
void     mk_db_pg_set_bulk    (MkDb        *db,
                               gboolean     bulk,
                               const char *const *copy_tables);
/* The connection's socket, to wait for notifications on. */
int      mk_db_pg_socket      (MkDb        *db);
/* Reads what the server sent; *notified when a notification of @channel
 * arrived from another connection than @other's (NULL: any). FALSE with
 * @error when the connection is lost. */
gboolean mk_db_pg_notified    (MkDb        *db,
                               const char  *channel,
                               MkDb        *other,
                               gboolean    *notified,
                               GError     **error);

/* Appends @value in decimal, without printf. */
static inline void
mk_db_append_decimal (GString *out,
                      guint64  value)
{
  char digits[24];
  int n = 0;

  do
    digits[n++] = (char) ('0' + value % 10);
  while ((value /= 10) != 0);
  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

static inline MkDbStmt *mk_db_prepare (MkDb *db, const char *sql) { return db->engine->prepare (db, sql); }
static inline void mk_db_finalize (MkDbStmt *stmt) { if (stmt != NULL) stmt->db->engine->finalize (stmt); }
/* Rewinds @stmt; its parameters keep their values. */
static inline void mk_db_reset (MkDbStmt *stmt) { stmt->db->engine->reset (stmt); }
/* Every parameter becomes NULL. */
static inline void mk_db_clear_bindings (MkDbStmt *stmt) { stmt->db->engine->clear_bindings (stmt); }
static inline void mk_db_bind_int64 (MkDbStmt *stmt, int i, gint64 value) { stmt->db->engine->bind_int64 (stmt, i, value); }
/* @length -1: up to the nul. The text is copied. */
static inline void mk_db_bind_text (MkDbStmt *stmt, int i, const char *text, gssize length) { stmt->db->engine->bind_text (stmt, i, text, length); }
/* @data must live until the statement is stepped and reset. */
static inline void mk_db_bind_blob (MkDbStmt *stmt, int i, gconstpointer data, gsize size) { stmt->db->engine->bind_blob (stmt, i, data, size); }
static inline void mk_db_bind_null (MkDbStmt *stmt, int i) { stmt->db->engine->bind_null (stmt, i); }
/* MK_DB_ROW, MK_DB_DONE or MK_DB_FAILED (then mk_db_status() says why). */
static inline int mk_db_step (MkDbStmt *stmt) { return stmt->db->engine->step (stmt); }
static inline int mk_db_column_count (MkDbStmt *stmt) { return stmt->db->engine->column_count (stmt); }
static inline MkDbValue mk_db_column_type (MkDbStmt *stmt, int i) { return stmt->db->engine->column_type (stmt, i); }
static inline gboolean mk_db_column_is_null (MkDbStmt *stmt, int i) { return stmt->db->engine->column_is_null (stmt, i); }
static inline gint64 mk_db_column_int64 (MkDbStmt *stmt, int i) { return stmt->db->engine->column_int64 (stmt, i); }
/* NULL for an SQL NULL; valid until the next step or reset. */
static inline const char *mk_db_column_text (MkDbStmt *stmt, int i) { return stmt->db->engine->column_text (stmt, i); }
static inline gconstpointer mk_db_column_blob (MkDbStmt *stmt, int i) { return stmt->db->engine->column_blob (stmt, i); }
static inline gsize mk_db_column_bytes (MkDbStmt *stmt, int i) { return stmt->db->engine->column_bytes (stmt, i); }
/* Runs statements without parameters or results (schema, transactions). */
static inline gboolean mk_db_exec (MkDb *db, const char *sql) { return db->engine->exec (db, sql); }
static inline gboolean mk_db_in_transaction (MkDb *db) { return db->engine->in_transaction (db); }
static inline gint64 mk_db_last_insert_id (MkDb *db) { return db->engine->last_insert_id (db); }
static inline MkDbStatus mk_db_status (MkDb *db) { return db->engine->status (db); }
static inline const char *mk_db_errmsg (MkDb *db) { return db->engine->errmsg (db); }
static inline gboolean mk_db_copy (MkDb *src, MkDb *dest, GError **error) { return src->engine->copy (src, dest, error); }
static inline void mk_db_close (MkDb *db) { if (db != NULL) db->engine->close (db); }

G_END_DECLS
