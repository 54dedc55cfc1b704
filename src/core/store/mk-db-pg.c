/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The department server's engine: PostgreSQL through libpq, one connection
 * per store. Statements are prepared on the server once per connection and
 * run with PQexecPrepared; parameters travel apart from the SQL text. */
#define G_LOG_DOMAIN "mk-store"

#include "mk-db.h"

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "mk-error.h"

/* Type oids of pg_type.h (server headers are not installed with libpq). */
#define PG_OID_BOOL  16
#define PG_OID_BYTEA 17
#define PG_OID_INT8  20
#define PG_OID_INT2  21
#define PG_OID_INT4  23
#define PG_OID_TEXT  25

typedef struct {
  MkDb        parent;
  PGconn     *conn;
  guint       generation;  /* one more after each reconnection: statements are prepared again */
  guint       next_name;
  MkDbStatus  status;
  char       *errmsg;
  /* Bulk loading: the writes of a transaction are sent without waiting for
   * each answer (libpq's pipeline mode) and checked together. */
  gboolean    bulk;
  gboolean    in_pipeline;
  guint       n_pending;
  /* …and the plain INSERTs of one become rows of one COPY per table
   * (CopyBuffer*, in the order the tables were first written to). */
  GPtrArray  *copies;
  gsize       copy_bytes;
  GStrv       copy_tables;  /* the tables that may be, parents before children */
  /* One set of rows at a time goes to the server from a thread of its own
   * while the store goes on keeping the next (client and server work side
   * by side); nothing else touches the connection until it is back. */
  GThread    *copy_thread;
  struct _CopySend *copy_sending;
  GPtrArray  *copy_spare;  /* the buffers of the last set sent, emptied */
} PgDb;

typedef struct {
  char    *copy_sql;  /* "COPY t (a, b) FROM STDIN" */
  guint    rank;      /* the table's place in copy_tables */
  GString *rows;      /* COPY's text format */
} CopyBuffer;

/* A set of rows being sent: the thread touches only this and the connection. */
typedef struct _CopySend {
  PGconn    *conn;
  GPtrArray *copies;   /* CopyBuffer*, in table order */
  PGresult  *failed;   /* the server's answer to the COPY that failed */
  char      *message;  /* or libpq's own message */
} CopySend;

typedef struct {
  MkDbStmt  parent;
  char     *sql;            /* with $n parameters */
  int       n_params;
  gboolean *referenced;     /* [n_params]: does the SQL use $i+1? */
  char     *name;           /* server-side name once prepared */
  guint     generation;     /* the connection's, when it was prepared */
  Oid      *prepared_types; /* the types it was prepared with */
  Oid      *types;          /* the types the current values want */
  char    **values;
  int      *lengths;
  int      *formats;
  gboolean *borrowed;       /* values[i] belongs to the caller (a blob) */
  PGresult *result;
  int       row;
  int       n_rows;
  /* bytea columns of the current row, unescaped on demand */
  guchar  **blobs;
  size_t   *blob_sizes;
  int       n_columns;
  /* Bulk loading: 0 not looked at yet, 1 no, 2 an INSERT of parameters only */
  int       copy_state;
  char     *copy_sql;
  guint     copy_rank;
} PgStmt;

#define PG(db)     ((PgDb *) (db))
#define PSTMT(s)   ((PgStmt *) (s))

static const MkDbEngine pg_engine;
static gboolean copy_wait (PgDb *db);

/* libpq's messages run over several lines ("…failed: …\n\tIs the server
 * running…"): one line, as every message of the app and the tool. */
static char *
one_line (const char *message)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = message != NULL ? message : ""; *p != '\0'; p++)
    {
      if (*p == '\n' || *p == '\t' || *p == '\r' || *p == ' ')
        space = TRUE;
      else
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

static void
pg_set_status (PgDb       *db,
               MkDbStatus  status,
               const char *message)
{
  db->status = status;
  g_free (db->errmsg);
  db->errmsg = one_line (message);
}

/* Sorts a failed result by its SQLSTATE into the kinds the store tells apart. */
static void
pg_set_result_status (PgDb           *db,
                      const PGresult *result)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *message = result != NULL ? PQresultErrorMessage (result) : NULL;
  MkDbStatus status = MK_DB_STATUS_FAILED;

  if (message == NULL || *message == '\0')
    message = PQerrorMessage (db->conn);
  if (state != NULL)
    {
      if (g_str_equal (state, "23505"))
        status = MK_DB_STATUS_DUPLICATE;
      /* serialization_failure, deadlock_detected, lock_not_available */
      else if (g_str_equal (state, "40001") || g_str_equal (state, "40P01")
               || g_str_equal (state, "55P03"))
        status = MK_DB_STATUS_RETRY;
      /* undefined_table: the database holds no Mekenjai schema */
      else if (g_str_equal (state, "42P01"))
        status = MK_DB_STATUS_NOT_DATABASE;
    }
  pg_set_status (db, status, message);
}

/* SQLite's "?1" and "?" become "$1"; quoted text, identifiers and comments
 * are copied unchanged. The statements are the store's own constants. */
static char *
convert_parameters (const char *sql,
                    int        *n_params,
                    GArray     *referenced)
{
  GString *out = g_string_sized_new (strlen (sql) + 16);
  int next_auto = 0;
  int max = 0;

  for (const char *p = sql; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '"')
        {
          char quote = *p;

          g_string_append_c (out, *p++);
          while (*p != '\0' && *p != quote)
            g_string_append_c (out, *p++);
          if (*p == '\0')
            break;
          g_string_append_c (out, *p);
        }
      else if (p[0] == '-' && p[1] == '-')
        {
          while (*p != '\0' && *p != '\n')
            g_string_append_c (out, *p++);
          if (*p == '\0')
            break;
          g_string_append_c (out, *p);
        }
      else if (*p == '?')
        {
          int index = 0;

          if (g_ascii_isdigit (p[1]))
            {
              while (g_ascii_isdigit (p[1]))
                index = index * 10 + (*++p - '0');
            }
          else
            index = ++next_auto;
          g_string_append_c (out, '$');
          mk_db_append_decimal (out, (guint64) index);
          max = MAX (max, index);
          if ((guint) index > referenced->len)
            g_array_set_size (referenced, index);
          g_array_index (referenced, gboolean, index - 1) = TRUE;
        }
      else
        g_string_append_c (out, *p);
    }
  *n_params = max;
  return g_string_free (out, FALSE);
}

static MkDbStmt *
pg_prepare (MkDb       *db,
            const char *sql)
{
  PgStmt *stmt = g_new0 (PgStmt, 1);
  g_autoptr(GArray) referenced = g_array_new (FALSE, TRUE, sizeof (gboolean));

  stmt->parent.db = db;
  stmt->sql = convert_parameters (sql, &stmt->n_params, referenced);
  stmt->referenced = g_new0 (gboolean, MAX (stmt->n_params, 1));
  if (stmt->n_params > 0)
    memcpy (stmt->referenced, referenced->data, sizeof (gboolean) * stmt->n_params);
  stmt->prepared_types = g_new0 (Oid, MAX (stmt->n_params, 1));
  stmt->types = g_new0 (Oid, MAX (stmt->n_params, 1));
  stmt->values = g_new0 (char *, MAX (stmt->n_params, 1));
  stmt->lengths = g_new0 (int, MAX (stmt->n_params, 1));
  stmt->formats = g_new0 (int, MAX (stmt->n_params, 1));
  stmt->borrowed = g_new0 (gboolean, MAX (stmt->n_params, 1));
  stmt->row = -1;
  pg_set_status (PG (db), MK_DB_STATUS_OK, NULL);
  return &stmt->parent;
}

static void
clear_row (PgStmt *stmt)
{
  for (int i = 0; i < stmt->n_columns; i++)
    g_clear_pointer (&stmt->blobs[i], PQfreemem);
}

static void
pg_reset (MkDbStmt *s)
{
  PgStmt *stmt = PSTMT (s);

  clear_row (stmt);
  g_clear_pointer (&stmt->result, PQclear);
  stmt->row = -1;
  stmt->n_rows = 0;
}

static void
clear_value (PgStmt *stmt,
             int     i)
{
  if (!stmt->borrowed[i])
    g_free (stmt->values[i]);
  stmt->values[i] = NULL;
  stmt->lengths[i] = 0;
  stmt->formats[i] = 0;
  stmt->borrowed[i] = FALSE;
}

static void
pg_clear_bindings (MkDbStmt *s)
{
  PgStmt *stmt = PSTMT (s);

  for (int i = 0; i < stmt->n_params; i++)
    clear_value (stmt, i);
}

static void
pg_finalize (MkDbStmt *s)
{
  PgStmt *stmt = PSTMT (s);
  PgDb *db = PG (s->db);

  pg_reset (s);
  pg_clear_bindings (s);
  copy_wait (db);
  /* An aborted transaction refuses every command until it ends; the
   * server drops the statement with the connection then. */
  if (stmt->name != NULL && db->conn != NULL && !db->in_pipeline
      && PQtransactionStatus (db->conn) != PQTRANS_INERROR)
    {
      g_autofree char *sql = g_strconcat ("DEALLOCATE ", stmt->name, NULL);

      PQclear (PQexec (db->conn, sql));
    }
  g_free (stmt->name);
  g_free (stmt->sql);
  g_free (stmt->copy_sql);
  g_free (stmt->referenced);
  g_free (stmt->prepared_types);
  g_free (stmt->types);
  g_free (stmt->values);
  g_free (stmt->lengths);
  g_free (stmt->formats);
  g_free (stmt->borrowed);
  g_free (stmt->blobs);
  g_free (stmt->blob_sizes);
  g_free (stmt);
}

/* As with SQLite, a parameter the SQL does not name is ignored (one row
 * writer serves several statements). */
static gboolean
check_index (PgStmt *stmt,
             int     i)
{
  return i >= 1 && i <= stmt->n_params;
}

static void
pg_bind_int64 (MkDbStmt *s,
               int       i,
               gint64    value)
{
  PgStmt *stmt = PSTMT (s);
  GString *text;

  if (!check_index (stmt, i))
    return;
  clear_value (stmt, i - 1);
  text = g_string_sized_new (24);
  if (value < 0)
    {
      g_string_append_c (text, '-');
      mk_db_append_decimal (text, value == G_MININT64 ? (guint64) G_MAXINT64 + 1 : (guint64) -value);
    }
  else
    mk_db_append_decimal (text, (guint64) value);
  stmt->lengths[i - 1] = (int) text->len;
  stmt->values[i - 1] = g_string_free (text, FALSE);
  stmt->types[i - 1] = PG_OID_INT8;
}

static void
pg_bind_text (MkDbStmt   *s,
              int         i,
              const char *text,
              gssize      length)
{
  PgStmt *stmt = PSTMT (s);

  if (!check_index (stmt, i))
    return;
  clear_value (stmt, i - 1);
  if (text == NULL)
    return;
  stmt->values[i - 1] = length < 0 ? g_strdup (text) : g_strndup (text, length);
  stmt->lengths[i - 1] = (int) strlen (stmt->values[i - 1]);
  /* Unknown: the server gives it the type its place in the SQL needs. */
  stmt->types[i - 1] = 0;
}

static void
pg_bind_blob (MkDbStmt      *s,
              int            i,
              gconstpointer  data,
              gsize          size)
{
  PgStmt *stmt = PSTMT (s);

  if (!check_index (stmt, i))
    return;
  g_return_if_fail (size <= G_MAXINT);
  clear_value (stmt, i - 1);
  /* Binary and borrowed, as with SQLite: a 50 MB scan is not copied again. */
  stmt->values[i - 1] = (char *) (data != NULL ? data : "");
  stmt->borrowed[i - 1] = TRUE;
  stmt->lengths[i - 1] = (int) size;
  stmt->formats[i - 1] = 1;
  stmt->types[i - 1] = PG_OID_BYTEA;
}

static void
pg_bind_null (MkDbStmt *s,
              int       i)
{
  PgStmt *stmt = PSTMT (s);

  if (!check_index (stmt, i))
    return;
  clear_value (stmt, i - 1);
  /* NULL fits any type: keep the one the statement was prepared with. */
  stmt->types[i - 1] = stmt->prepared_types[i - 1];
}

static gboolean
needs_prepare (PgStmt *stmt)
{
  if (stmt->name == NULL || stmt->generation != PG (stmt->parent.db)->generation)
    {
      /* Statements of a lost connection went with it. */
      if (stmt->generation != PG (stmt->parent.db)->generation)
        g_clear_pointer (&stmt->name, g_free);
      return TRUE;
    }
  for (int i = 0; i < stmt->n_params; i++)
    if (stmt->referenced[i] && stmt->values[i] != NULL && stmt->types[i] != stmt->prepared_types[i])
      return TRUE;
  return FALSE;
}

static gboolean
server_prepare (PgStmt *stmt)
{
  PgDb *db = PG (stmt->parent.db);
  g_autofree Oid *types = g_new0 (Oid, MAX (stmt->n_params, 1));
  g_autoptr(GString) name = g_string_new ("mk");
  gboolean in_transaction;
  PGresult *result;

  for (int i = 0; i < stmt->n_params; i++)
    /* A parameter the SQL never names still needs a type. */
    types[i] = !stmt->referenced[i] ? PG_OID_TEXT
               : stmt->values[i] != NULL ? stmt->types[i] : stmt->prepared_types[i];
  mk_db_append_decimal (name, ++db->next_name);

  if (stmt->name != NULL && PQtransactionStatus (db->conn) != PQTRANS_INERROR)
    {
      g_autofree char *sql = g_strconcat ("DEALLOCATE ", stmt->name, NULL);

      PQclear (PQexec (db->conn, sql));
    }
  g_clear_pointer (&stmt->name, g_free);

  /* Once per statement and connection: inside a transaction a savepoint
   * keeps a failed first try from aborting it. */
  in_transaction = PQtransactionStatus (db->conn) == PQTRANS_INTRANS;
  if (in_transaction)
    PQclear (PQexec (db->conn, "SAVEPOINT mk_prepare"));
  result = PQprepare (db->conn, name->str, stmt->sql, stmt->n_params, types);
  /* ambiguous_parameter, indeterminate_datatype */
  if (PQresultStatus (result) == PGRES_FATAL_ERROR
      && (g_strcmp0 (PQresultErrorField (result, PG_DIAG_SQLSTATE), "42P08") == 0
          || g_strcmp0 (PQresultErrorField (result, PG_DIAG_SQLSTATE), "42P18") == 0))
    {
      /* "?2 IS NULL OR kind = ?2": where the SQL leaves a text parameter's
       * type open, it is text. */
      PQclear (result);
      if (in_transaction)
        PQclear (PQexec (db->conn, "ROLLBACK TO SAVEPOINT mk_prepare"));
      for (int i = 0; i < stmt->n_params; i++)
        if (types[i] == 0)
          types[i] = PG_OID_TEXT;
      result = PQprepare (db->conn, name->str, stmt->sql, stmt->n_params, types);
    }
  if (in_transaction)
    PQclear (PQexec (db->conn, PQresultStatus (result) == PGRES_COMMAND_OK
                               ? "RELEASE SAVEPOINT mk_prepare" : "ROLLBACK TO SAVEPOINT mk_prepare"));
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      pg_set_result_status (db, result);
      PQclear (result);
      return FALSE;
    }
  PQclear (result);
  stmt->name = g_string_free (g_steal_pointer (&name), FALSE);
  stmt->generation = db->generation;
  memcpy (stmt->prepared_types, types, sizeof (Oid) * stmt->n_params);
  for (int i = 0; i < stmt->n_params; i++)
    stmt->types[i] = types[i];
  return TRUE;
}

/* Reads every answer still owed in the pipeline, up to a sync point; FALSE
 * (with the first failure's status) when any statement failed. */
static gboolean
pipeline_drain (PgDb *db)
{
  gboolean ok = TRUE;
  gboolean first = TRUE;

  if (!db->in_pipeline)
    return TRUE;
  if (!PQpipelineSync (db->conn))
    {
      pg_set_status (db, MK_DB_STATUS_FAILED, PQerrorMessage (db->conn));
      return FALSE;
    }
  for (;;)
    {
      PGresult *result = PQgetResult (db->conn);
      ExecStatusType status;

      if (result == NULL)
        {
          if (PQstatus (db->conn) != CONNECTION_OK)
            {
              pg_set_status (db, MK_DB_STATUS_FAILED, PQerrorMessage (db->conn));
              return FALSE;
            }
          continue;
        }
      status = PQresultStatus (result);
      if (status == PGRES_PIPELINE_SYNC)
        {
          PQclear (result);
          break;
        }
      if (status == PGRES_FATAL_ERROR && first)
        {
          pg_set_result_status (db, result);
          ok = FALSE;
          first = FALSE;
        }
      PQclear (result);
    }
  db->n_pending = 0;
  return ok;
}

/* Leaves pipeline mode (after reading what is owed), for a statement whose
 * answer is needed now. */
static gboolean
pipeline_leave (PgDb *db)
{
  gboolean ok;

  if (!db->in_pipeline)
    return TRUE;
  ok = pipeline_drain (db);
  PQexitPipelineMode (db->conn);
  db->in_pipeline = FALSE;
  return ok;
}

/* Inside a bulk transaction, writes go back into the pipeline. */
static void
pipeline_enter (PgDb *db)
{
  if (db->bulk && !db->in_pipeline && PQtransactionStatus (db->conn) == PQTRANS_INTRANS
      && PQenterPipelineMode (db->conn))
    db->in_pipeline = TRUE;
}

/* Does the statement only write (no rows to read back)? */
static gboolean
is_plain_write (const char *sql)
{
  return (g_ascii_strncasecmp (sql, "INSERT", 6) == 0 || g_ascii_strncasecmp (sql, "UPDATE", 6) == 0
          || g_ascii_strncasecmp (sql, "DELETE", 6) == 0)
         && strstr (sql, "RETURNING") == NULL;
}

/* A write sent into the pipeline: its answer is read at the next sync. */
static int
pipeline_send (PgStmt *stmt)
{
  PgDb *db = PG (stmt->parent.db);

  if (needs_prepare (stmt))
    {
      /* Prepared outside the pipeline (a failure there is told at once). */
      if (!pipeline_leave (db) || !server_prepare (stmt))
        return MK_DB_FAILED;
      pipeline_enter (db);
      if (!db->in_pipeline)
        return -2;
    }
  if (!PQsendQueryPrepared (db->conn, stmt->name, stmt->n_params, (const char *const *) stmt->values,
                            stmt->lengths, stmt->formats, 0))
    {
      pg_set_status (db, MK_DB_STATUS_FAILED, PQerrorMessage (db->conn));
      return MK_DB_FAILED;
    }
  /* Bounded: answers are read every thousand statements. */
  if (++db->n_pending >= 1000 && !pipeline_drain (db))
    return MK_DB_FAILED;
  stmt->row = stmt->n_rows = 0;
  pg_set_status (db, MK_DB_STATUS_OK, NULL);
  return MK_DB_DONE;
}

/* Bulk loading, #8: a million single-row INSERTs cost the server a
 * statement each (about 60 µs with this schema's indexes), a COPY of the
 * same rows a fraction of it. A plain INSERT of parameters only
 * ("INSERT INTO t (a, b) VALUES ($1, $2)") inside a bulk transaction is
 * kept as a row of its table's COPY; every other statement, the commit and
 * a rollback first send (or drop) what is kept, so each statement still
 * sees every row written before it, and a failed row fails the next
 * statement or the commit, as in the pipeline. */
static char *
copy_statement (const char  *sql,
                int          n_params,
                char       **table_out)
{
  const char *p = sql, *table, *columns;
  gsize table_len, columns_len;
  int n_columns = 1;

  if (n_params < 1 || strncmp (p, "INSERT INTO ", 12) != 0)
    return NULL;
  p += 12;
  table = p;
  while (g_ascii_isalnum (*p) || *p == '_')
    p++;
  table_len = (gsize) (p - table);
  if (table_len == 0 || strncmp (p, " (", 2) != 0)
    return NULL;
  p += 2;
  columns = p;
  while (g_ascii_isalnum (*p) || *p == '_' || *p == ',' || *p == ' ')
    n_columns += *p++ == ',';
  columns_len = (gsize) (p - columns);
  if (*p != ')' || strncmp (p, ") VALUES (", 10) != 0 || n_columns != n_params)
    return NULL;
  p += 10;
  /* Exactly $1, $2, … $n: no expression, no ON CONFLICT, no RETURNING. */
  for (int i = 1; i <= n_params; i++)
    {
      int index = 0;

      while (*p == ' ')
        p++;
      if (*p++ != '$' || !g_ascii_isdigit (*p))
        return NULL;
      while (g_ascii_isdigit (*p))
        index = index * 10 + (*p++ - '0');
      if (index != i || *p++ != (i < n_params ? ',' : ')'))
        return NULL;
    }
  while (*p == ' ')
    p++;
  if (*p != '\0')
    return NULL;
  /* Made of the statement's own text (a constant of the store), never of data. */
  {
    GString *copy = g_string_new ("COPY ");

    g_string_append_len (copy, table, (gssize) table_len);
    g_string_append (copy, " (");
    g_string_append_len (copy, columns, (gssize) columns_len);
    g_string_append (copy, ") FROM STDIN");
    *table_out = g_strndup (table, table_len);
    return g_string_free (copy, FALSE);
  }
}

static void
copy_buffer_free (CopyBuffer *buffer)
{
  g_free (buffer->copy_sql);
  g_string_free (buffer->rows, TRUE);
  g_free (buffer);
}

/* Kept rows are dropped; the tables' buffers stay, in their order. */
static void
copy_drop (PgDb *db)
{
  for (guint i = 0; db->copies != NULL && i < db->copies->len; i++)
    g_string_truncate (((CopyBuffer *) g_ptr_array_index (db->copies, i))->rows, 0);
  db->copy_bytes = 0;
}

/* Sends what is kept, one COPY per table, parents before children (the
 * order the store gave): a row refers only to rows written before it, and
 * those are in its own table or in one sent earlier. Runs in the sending
 * thread or in the caller's; it sets nothing of the PgDb. */
static gpointer
copy_send (gpointer data)
{
  CopySend *send = data;

  for (guint i = 0; i < send->copies->len; i++)
    {
      CopyBuffer *buffer = g_ptr_array_index (send->copies, i);
      PGresult *result;

      if (buffer->rows->len == 0)
        continue;
      result = PQexec (send->conn, buffer->copy_sql);
      if (PQresultStatus (result) != PGRES_COPY_IN)
        {
          send->failed = result;
          return NULL;
        }
      PQclear (result);
      if (PQputCopyData (send->conn, buffer->rows->str, (int) buffer->rows->len) != 1
          || PQputCopyEnd (send->conn, NULL) != 1)
        send->message = g_strdup (PQerrorMessage (send->conn));
      while ((result = PQgetResult (send->conn)) != NULL)
        {
          if (send->failed == NULL && send->message == NULL && PQresultStatus (result) != PGRES_COMMAND_OK)
            send->failed = g_steal_pointer (&result);
          g_clear_pointer (&result, PQclear);
        }
      if (send->failed != NULL || send->message != NULL)
        return NULL;
    }
  return NULL;
}

/* Takes back a set of rows sent: its outcome becomes the connection's
 * status, its buffers the next set's. */
static gboolean
copy_sent (PgDb     *db,
           CopySend *send)
{
  gboolean ok = send->failed == NULL && send->message == NULL;

  if (send->failed != NULL)
    pg_set_result_status (db, send->failed);
  else if (send->message != NULL)
    pg_set_status (db, MK_DB_STATUS_FAILED, send->message);
  else
    pg_set_status (db, MK_DB_STATUS_OK, NULL);
  g_clear_pointer (&send->failed, PQclear);
  g_free (send->message);
  for (guint i = 0; i < send->copies->len; i++)
    g_string_truncate (((CopyBuffer *) g_ptr_array_index (send->copies, i))->rows, 0);
  if (db->copy_spare == NULL)
    db->copy_spare = send->copies;
  else
    g_ptr_array_unref (send->copies);
  g_free (send);
  pipeline_enter (db);
  return ok;
}

/* Waits for the set of rows in flight, if any: FALSE when it failed (with
 * the server's message as the connection's status). */
static gboolean
copy_wait (PgDb *db)
{
  CopySend *send = db->copy_sending;

  if (db->copy_thread == NULL)
    return TRUE;
  g_thread_join (db->copy_thread);
  db->copy_thread = NULL;
  db->copy_sending = NULL;
  return copy_sent (db, send);
}

/* Sends what is kept; in the background when @background, and then a
 * failure fails the next statement or the commit, as in the pipeline. */
static gboolean
copy_flush_full (PgDb     *db,
                 gboolean  background)
{
  CopySend *send;

  if (!copy_wait (db))
    {
      copy_drop (db);
      return FALSE;
    }
  if (db->copy_bytes == 0)
    return TRUE;
  if (!pipeline_leave (db))
    {
      copy_drop (db);
      return FALSE;
    }
  send = g_new0 (CopySend, 1);
  send->conn = db->conn;
  send->copies = g_steal_pointer (&db->copies);
  db->copies = g_steal_pointer (&db->copy_spare);
  db->copy_bytes = 0;
  if (!background)
    {
      copy_send (send);
      return copy_sent (db, send);
    }
  db->copy_sending = send;
  db->copy_thread = g_thread_new ("mk-copy", copy_send, send);
  return TRUE;
}

static gboolean
copy_flush (PgDb *db)
{
  return copy_flush_full (db, FALSE);
}

/* COPY's text format: \N for NULL, and backslash, tab and line ends escaped. */
static void
copy_append_value (GString    *rows,
                   const char *value,
                   int         length)
{
  if (value == NULL)
    {
      g_string_append (rows, "\\N");
      return;
    }
  for (int i = 0; i < length; i++)
    switch (value[i])
      {
      case '\\': g_string_append (rows, "\\\\"); break;
      case '\t':  g_string_append (rows, "\\t"); break;
      case '\n':  g_string_append (rows, "\\n"); break;
      case '\r':  g_string_append (rows, "\\r"); break;
      default:    g_string_append_c (rows, value[i]); break;
      }
}

/* Keeps @stmt's row for its table's COPY when it can be one: TRUE when kept. */
static gboolean
copy_keep (PgStmt *stmt)
{
  PgDb *db = PG (stmt->parent.db);
  CopyBuffer *buffer = NULL;

  /* A set in flight was sent inside this transaction (and the connection is the sender's now). */
  if (!db->bulk || !(db->copy_thread != NULL || db->in_pipeline || PQtransactionStatus (db->conn) == PQTRANS_INTRANS))
    return FALSE;
  if (stmt->copy_state == 0)
    {
      g_autofree char *table = NULL;
      g_autofree char *copy_sql = copy_statement (stmt->sql, stmt->n_params, &table);

      stmt->copy_state = 1;
      if (copy_sql != NULL && db->copy_tables != NULL && g_strv_contains ((const char *const *) db->copy_tables, table))
        {
          stmt->copy_sql = g_steal_pointer (&copy_sql);
          stmt->copy_rank = 0;
          while (!g_str_equal (db->copy_tables[stmt->copy_rank], table))
            stmt->copy_rank++;
          stmt->copy_state = 2;
        }
    }
  if (stmt->copy_state != 2)
    return FALSE;
  /* Bytes (attachments) stay with the prepared statement's binary values. */
  for (int i = 0; i < stmt->n_params; i++)
    if (stmt->formats[i] != 0)
      return FALSE;

  if (db->copies == NULL)
    db->copies = g_ptr_array_new_with_free_func ((GDestroyNotify) copy_buffer_free);
  for (guint i = 0; buffer == NULL && i < db->copies->len; i++)
    if (g_str_equal (((CopyBuffer *) g_ptr_array_index (db->copies, i))->copy_sql, stmt->copy_sql))
      buffer = g_ptr_array_index (db->copies, i);
  if (buffer == NULL)
    {
      guint at = 0;

      buffer = g_new0 (CopyBuffer, 1);
      buffer->copy_sql = g_strdup (stmt->copy_sql);
      buffer->rank = stmt->copy_rank;
      buffer->rows = g_string_sized_new (1 << 16);
      while (at < db->copies->len && ((CopyBuffer *) g_ptr_array_index (db->copies, at))->rank <= buffer->rank)
        at++;
      g_ptr_array_insert (db->copies, (int) at, buffer);
    }
  db->copy_bytes -= buffer->rows->len;
  for (int i = 0; i < stmt->n_params; i++)
    {
      if (i > 0)
        g_string_append_c (buffer->rows, '\t');
      copy_append_value (buffer->rows, stmt->values[i], stmt->lengths[i]);
    }
  g_string_append_c (buffer->rows, '\n');
  db->copy_bytes += buffer->rows->len;
  stmt->row = stmt->n_rows = 0;
  pg_set_status (db, MK_DB_STATUS_OK, NULL);
  return TRUE;
}

/* A server restarted or a network cut: outside a transaction nothing is
 * lost by calling again, so the next statement does (inside one, the
 * store's rollback ends it and the user is told). */
static void
reconnect_if_lost (PgDb *db)
{
  if (PQstatus (db->conn) == CONNECTION_OK)
    return;
  PQreset (db->conn);
  if (PQstatus (db->conn) == CONNECTION_OK)
    {
      PQsetClientEncoding (db->conn, "UTF8");
      db->generation++;
      PQclear (PQexec (db->conn, "SET lock_timeout = '20s'"));
    }
}

static int
pg_step (MkDbStmt *s)
{
  PgStmt *stmt = PSTMT (s);
  PgDb *db = PG (s->db);

  if (stmt->result == NULL && copy_keep (stmt))
    {
      /* Bounded: a few megabytes of rows at a time. */
      if (db->copy_bytes >= 8 * 1024 * 1024 && !copy_flush_full (db, TRUE))
        return MK_DB_FAILED;
      return MK_DB_DONE;
    }
  if (stmt->result == NULL && !copy_flush (db))
    return MK_DB_FAILED;
  if (stmt->result == NULL && db->in_pipeline && is_plain_write (stmt->sql))
    {
      int rc = pipeline_send (stmt);

      if (rc != -2)
        return rc;
    }
  if (stmt->result == NULL && db->in_pipeline && !pipeline_leave (db))
    return MK_DB_FAILED;
  if (stmt->result == NULL)
    {
      ExecStatusType status;
      gboolean idle;

      reconnect_if_lost (db);
      idle = PQtransactionStatus (db->conn) == PQTRANS_IDLE;
      for (int attempt = 0; ; attempt++)
        {
          if (needs_prepare (stmt) && !server_prepare (stmt) && PQstatus (db->conn) == CONNECTION_OK)
            return MK_DB_FAILED;
          if (stmt->name != NULL && stmt->generation == db->generation)
            stmt->result = PQexecPrepared (db->conn, stmt->name, stmt->n_params,
                                           (const char *const *) stmt->values, stmt->lengths,
                                           stmt->formats, 0);
          /* The server went away since the last statement (restarted, the
           * network cut): once, connect again and repeat, when no
           * transaction was open (then nothing is lost by it). */
          if (PQstatus (db->conn) == CONNECTION_OK || !idle || attempt > 0)
            break;
          g_clear_pointer (&stmt->result, PQclear);
          reconnect_if_lost (db);
          if (PQstatus (db->conn) != CONNECTION_OK)
            break;
        }
      if (stmt->result == NULL)
        {
          pg_set_status (db, MK_DB_STATUS_FAILED, PQerrorMessage (db->conn));
          return MK_DB_FAILED;
        }
      status = PQresultStatus (stmt->result);
      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        {
          pg_set_result_status (db, stmt->result);
          g_clear_pointer (&stmt->result, PQclear);
          return MK_DB_FAILED;
        }
      pg_set_status (db, MK_DB_STATUS_OK, NULL);
      stmt->n_rows = status == PGRES_TUPLES_OK ? PQntuples (stmt->result) : 0;
      if (PQnfields (stmt->result) > stmt->n_columns)
        {
          stmt->blobs = g_renew (guchar *, stmt->blobs, PQnfields (stmt->result));
          stmt->blob_sizes = g_renew (size_t, stmt->blob_sizes, PQnfields (stmt->result));
          for (int i = stmt->n_columns; i < PQnfields (stmt->result); i++)
            stmt->blobs[i] = NULL;
          stmt->n_columns = PQnfields (stmt->result);
        }
      stmt->row = -1;
      pipeline_enter (db);
    }
  clear_row (stmt);
  if (stmt->row + 1 < stmt->n_rows)
    {
      stmt->row++;
      return MK_DB_ROW;
    }
  stmt->row = stmt->n_rows;
  return MK_DB_DONE;
}

static gboolean
has_value (PgStmt *stmt,
           int     i)
{
  return stmt->result != NULL && stmt->row >= 0 && stmt->row < stmt->n_rows
         && i >= 0 && i < PQnfields (stmt->result);
}

static gboolean
pg_column_is_null (MkDbStmt *s,
                   int       i)
{
  PgStmt *stmt = PSTMT (s);

  return !has_value (stmt, i) || PQgetisnull (stmt->result, stmt->row, i);
}

static int
pg_column_count (MkDbStmt *s)
{
  PgStmt *stmt = PSTMT (s);

  return stmt->result != NULL ? PQnfields (stmt->result) : 0;
}

static MkDbValue
pg_column_type (MkDbStmt *s,
                int       i)
{
  PgStmt *stmt = PSTMT (s);

  if (pg_column_is_null (s, i))
    return MK_DB_VALUE_NULL;
  switch (PQftype (stmt->result, i))
    {
    case PG_OID_BOOL:
    case PG_OID_INT2:
    case PG_OID_INT4:
    case PG_OID_INT8:
      return MK_DB_VALUE_INTEGER;
    case PG_OID_BYTEA:
      return MK_DB_VALUE_BLOB;
    default:
      return MK_DB_VALUE_TEXT;
    }
}

static gint64
pg_column_int64 (MkDbStmt *s,
                 int       i)
{
  PgStmt *stmt = PSTMT (s);
  const char *text;

  if (pg_column_is_null (s, i))
    return 0;
  text = PQgetvalue (stmt->result, stmt->row, i);
  /* Comparisons come back as booleans, which SQLite gives as 0 and 1. */
  if (PQftype (stmt->result, i) == PG_OID_BOOL)
    return text[0] == 't';
  return g_ascii_strtoll (text, NULL, 10);
}

static const char *
pg_column_text (MkDbStmt *s,
                int       i)
{
  PgStmt *stmt = PSTMT (s);

  if (pg_column_is_null (s, i))
    return NULL;
  return PQgetvalue (stmt->result, stmt->row, i);
}

/* bytea comes as hex text; it is unescaped once per row and column. */
static gboolean
unescape_blob (PgStmt *stmt,
               int     i)
{
  if (stmt->blobs[i] == NULL)
    stmt->blobs[i] = PQunescapeBytea ((const unsigned char *) PQgetvalue (stmt->result, stmt->row, i),
                                      &stmt->blob_sizes[i]);
  return stmt->blobs[i] != NULL;
}

static gconstpointer
pg_column_blob (MkDbStmt *s,
                int       i)
{
  PgStmt *stmt = PSTMT (s);

  if (pg_column_is_null (s, i))
    return NULL;
  /* Text read as bytes, as SQLite allows. */
  if (PQftype (stmt->result, i) != PG_OID_BYTEA)
    return PQgetvalue (stmt->result, stmt->row, i);
  return unescape_blob (stmt, i) ? stmt->blobs[i] : NULL;
}

static gsize
pg_column_bytes (MkDbStmt *s,
                 int       i)
{
  PgStmt *stmt = PSTMT (s);

  if (pg_column_is_null (s, i))
    return 0;
  if (PQftype (stmt->result, i) != PG_OID_BYTEA)
    return (gsize) PQgetlength (stmt->result, stmt->row, i);
  return unescape_blob (stmt, i) ? stmt->blob_sizes[i] : 0;
}

static gboolean
pg_exec (MkDb       *db,
         const char *sql)
{
  PGresult *result;
  ExecStatusType status;
  gboolean idle;
  gboolean ok;

  /* What the pipeline owes first: a failed write fails the COMMIT after it
   * (a ROLLBACK still runs, and drops the rows kept for COPY). */
  if (g_ascii_strncasecmp (sql, "ROLLBACK", 8) == 0)
    {
      copy_wait (PG (db));
      copy_drop (PG (db));
    }
  else if (!copy_flush (PG (db)))
    return FALSE;
  if (!pipeline_leave (PG (db)) && g_ascii_strncasecmp (sql, "ROLLBACK", 8) != 0)
    return FALSE;
  reconnect_if_lost (PG (db));
  idle = PQtransactionStatus (PG (db)->conn) == PQTRANS_IDLE;
  result = PQexec (PG (db)->conn, sql);
  if (PQstatus (PG (db)->conn) != CONNECTION_OK && idle)
    {
      /* As in pg_step: once, when no transaction was open. */
      PQclear (result);
      reconnect_if_lost (PG (db));
      result = PQexec (PG (db)->conn, sql);
    }
  status = PQresultStatus (result);
  ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;

  if (ok)
    pg_set_status (PG (db), MK_DB_STATUS_OK, NULL);
  else
    pg_set_result_status (PG (db), result);
  PQclear (result);
  pipeline_enter (PG (db));
  return ok;
}

static gboolean
pg_in_transaction (MkDb *db)
{
  PGTransactionStatusType status;

  if (PG (db)->copy_thread != NULL)
    return TRUE;
  status = PQtransactionStatus (PG (db)->conn);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

static gint64
pg_last_insert_id (MkDb *db)
{
  PGresult *result;
  gint64 id = 0;

  if (!copy_flush (PG (db)) || !pipeline_leave (PG (db)))
    return 0;
  result = PQexec (PG (db)->conn, "SELECT lastval ()");
  if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1)
    id = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  else
    pg_set_result_status (PG (db), result);
  PQclear (result);
  pipeline_enter (PG (db));
  return id;
}

static MkDbStatus
pg_status (MkDb *db)
{
  if (PG (db)->copy_thread == NULL && PQstatus (PG (db)->conn) != CONNECTION_OK)
    return MK_DB_STATUS_FAILED;
  return PG (db)->status;
}

static const char *
pg_errmsg (MkDb *db)
{
  if (PG (db)->copy_thread == NULL && PQstatus (PG (db)->conn) != CONNECTION_OK)
    return _("the connection to the server was lost");
  return PG (db)->errmsg != NULL ? PG (db)->errmsg : "";
}

static void
pg_close (MkDb *db)
{
  copy_wait (PG (db));
  PQfinish (PG (db)->conn);
  g_clear_pointer (&PG (db)->copies, g_ptr_array_unref);
  g_clear_pointer (&PG (db)->copy_spare, g_ptr_array_unref);
  g_strfreev (PG (db)->copy_tables);
  g_free (PG (db)->errmsg);
  g_free (db);
}

static const MkDbEngine pg_engine = {
  .name = "postgresql",
  .prepare = pg_prepare,
  .finalize = pg_finalize,
  .reset = pg_reset,
  .clear_bindings = pg_clear_bindings,
  .bind_int64 = pg_bind_int64,
  .bind_text = pg_bind_text,
  .bind_blob = pg_bind_blob,
  .bind_null = pg_bind_null,
  .step = pg_step,
  .column_count = pg_column_count,
  .column_type = pg_column_type,
  .column_is_null = pg_column_is_null,
  .column_int64 = pg_column_int64,
  .column_text = pg_column_text,
  .column_blob = pg_column_blob,
  .column_bytes = pg_column_bytes,
  .exec = pg_exec,
  .in_transaction = pg_in_transaction,
  .last_insert_id = pg_last_insert_id,
  .status = pg_status,
  .errmsg = pg_errmsg,
  .copy = NULL,
  .close = pg_close,
};

static void
ignore_notice (void       *data,
               const char *message)
{
}

gboolean
mk_db_is_pg_location (const char *location)
{
  const char *p = location;
  PQconninfoOption *options;

  if (g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://"))
    return TRUE;
  /* A libpq connection string: "keyword=value …" whose keywords libpq knows
   * (a file may well be called "my=cases.db"). */
  while (g_ascii_isalpha (*p) || *p == '_')
    p++;
  while (*p == ' ')
    p++;
  if (p == location || *p != '=')
    return FALSE;
  options = PQconninfoParse (location, NULL);
  if (options == NULL)
    return FALSE;
  PQconninfoFree (options);
  return TRUE;
}

static void
append_conninfo (GString    *out,
                 const char *keyword,
                 const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append (out, keyword);
  g_string_append (out, "='");
  /* libpq's quoting: a backslash before ' and \. */
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
}

char *
mk_db_pg_location (const char *host,
                   guint       port,
                   const char *dbname,
                   const char *user,
                   const char *sslmode)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GString) port_text = g_string_new (NULL);

  if (port != 0)
    mk_db_append_decimal (port_text, port);
  append_conninfo (out, "host", host);
  append_conninfo (out, "port", port_text->str);
  append_conninfo (out, "dbname", dbname);
  append_conninfo (out, "user", user);
  append_conninfo (out, "sslmode", sslmode);
  return g_string_free (out, FALSE);
}

char *
mk_db_pg_describe (const char *location)
{
  PQconninfoOption *options = PQconninfoParse (location, NULL);
  const char *host = NULL, *port = NULL, *dbname = NULL, *user = NULL;
  GString *out;

  if (options == NULL)
    return g_strdup (location);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL || *o->val == '\0')
        continue;
      if (g_str_equal (o->keyword, "host") || g_str_equal (o->keyword, "hostaddr"))
        host = host != NULL ? host : o->val;
      else if (g_str_equal (o->keyword, "port"))
        port = o->val;
      else if (g_str_equal (o->keyword, "dbname"))
        dbname = o->val;
      else if (g_str_equal (o->keyword, "user"))
        user = o->val;
    }
  /* Never the password: this text is shown and printed. */
  out = g_string_new ("postgresql://");
  if (user != NULL)
    g_string_append_printf (out, "%s@", user);
  g_string_append (out, host != NULL ? host : "localhost");
  if (port != NULL)
    g_string_append_printf (out, ":%s", port);
  g_string_append_printf (out, "/%s", dbname != NULL ? dbname : "");
  PQconninfoFree (options);
  return g_string_free (out, FALSE);
}

MkDb *
mk_db_pg_open (const char  *location,
               const char  *password,
               GError     **error)
{
  /* Defaults first: what the location says overrides them; a password given
   * apart (from the keyring) last. */
  /* A window must never hang on a cable pulled out: keepalives and a TCP
   * timeout make a lost server fail a statement within about 15 s (no
   * effect on a Unix socket). */
  const char *const keywords[] = { "application_name", "connect_timeout", "keepalives", "keepalives_idle",
                                   "keepalives_interval", "keepalives_count", "tcp_user_timeout", "dbname",
                                   password != NULL ? "password" : NULL, NULL };
  const char *const values[] = { "mekenjai", "10", "1", "5", "2", "3", "15000", location, password, NULL };
  g_autofree char *where = mk_db_pg_describe (location);
  char *parse_error = NULL;
  PQconninfoOption *options;
  PGconn *conn;
  PgDb *db;

  options = PQconninfoParse (location, &parse_error);
  if (options == NULL)
    {
      g_autofree char *line = one_line (parse_error);

      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_FAILED,
                   _("“%s” is not a valid database address: %s"), location, line);
      PQfreemem (parse_error);
      return NULL;
    }
  PQconninfoFree (options);

  conn = PQconnectdbParams (keywords, values, 1);
  if (PQstatus (conn) != CONNECTION_OK)
    {
      const char *reason = PQerrorMessage (conn);

      if (PQconnectionNeedsPassword (conn) || strstr (reason, "password authentication failed") != NULL)
        g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_AUTH,
                     _("The server %s refused the password: check the password file or the keyring"),
                     where);
      else
        {
          g_autofree char *line = one_line (reason);

          g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_UNREACHABLE,
                       _("Could not connect to the server %s: %s"), where, line);
        }
      PQfinish (conn);
      return NULL;
    }
  if (PQserverVersion (conn) < 150000)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_VERSION,
                   _("The server %s runs PostgreSQL %d; Mekenjai needs version 15 or newer"),
                   where, PQserverVersion (conn) / 10000);
      PQfinish (conn);
      return NULL;
    }
  PQsetClientEncoding (conn, "UTF8");
  PQsetNoticeProcessor (conn, ignore_notice, NULL);

  db = g_new0 (PgDb, 1);
  db->parent.engine = &pg_engine;
  db->conn = conn;
  return &db->parent;
}

int
mk_db_pg_socket (MkDb *db)
{
  g_return_val_if_fail (db->engine == &pg_engine, -1);
  return PQsocket (PG (db)->conn);
}

gboolean
mk_db_pg_notified (MkDb        *db,
                   const char  *channel,
                   MkDb        *other,
                   gboolean    *notified,
                   GError     **error)
{
  PGconn *conn;
  PGnotify *notify;
  int own_pid = other != NULL && other->engine == &pg_engine ? PQbackendPID (PG (other)->conn) : 0;

  g_return_val_if_fail (db->engine == &pg_engine, FALSE);
  conn = PG (db)->conn;
  *notified = FALSE;
  if (!PQconsumeInput (conn) || PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *line = one_line (PQerrorMessage (conn));

      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_UNREACHABLE,
                   _("The connection to the server was lost: %s"), line);
      return FALSE;
    }
  while ((notify = PQnotifies (conn)) != NULL)
    {
      if (g_strcmp0 (notify->relname, channel) == 0 && notify->be_pid != own_pid)
        *notified = TRUE;
      PQfreemem (notify);
    }
  return TRUE;
}

void
mk_db_pg_set_bulk (MkDb               *db,
                   gboolean            bulk,
                   const char *const  *copy_tables)
{
  g_return_if_fail (db->engine == &pg_engine);
  if (!bulk)
    {
      copy_flush (PG (db));
      pipeline_leave (PG (db));
    }
  copy_wait (PG (db));
  PG (db)->bulk = bulk;
  g_clear_pointer (&PG (db)->copy_tables, g_strfreev);
  g_clear_pointer (&PG (db)->copies, g_ptr_array_unref);
  g_clear_pointer (&PG (db)->copy_spare, g_ptr_array_unref);
  if (bulk && copy_tables != NULL)
    PG (db)->copy_tables = g_strdupv ((char **) copy_tables);
}
