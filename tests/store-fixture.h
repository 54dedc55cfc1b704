/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared helpers of the store tests: a fresh store with a user per role, and valid cases. */
#pragma once

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mekenjai-core.h"
#include "pg-fixture.h"
#include "mk-store-private.h"

typedef struct {
  char    *dir;
  char    *path;     /* a file, or a connection string (MK_TEST_PG) */
  char    *pg_name;  /* the test server's database, if any */
  MkStore *store;
  MkUser  *admin;
  MkUser  *center;   /* center inspector, c05 */
  MkUser  *accum;    /* accumulation inspector, c05 */
  MkUser  *head;     /* provider head, p01 */
  MkUser  *exec;     /* provider executor, p01 */
} StoreEnv;

/* A file of tests/import/corpus, through the importer (as attaching does). */
static inline MkImportResult *
store_test_import_seed (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "import", "corpus", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  MkImportResult *result = mk_import_file (file, 0, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* A valid 12-digit number: @prefix (7 digits) + 4 digits from @n + check digit. */
static inline char *
store_test_idn (const char *prefix,
                guint       n)
{
  for (;; n++)
    {
      char digits[13];
      guint check;

      g_snprintf (digits, sizeof digits, "%s%04u", prefix, n % 10000);
      check = mk_id_check_digit (digits);
      if (check == 10)
        continue;
      digits[11] = (char) ('0' + check);
      digits[12] = '\0';
      return g_strdup (digits);
    }
}

static inline gint64
store_test_time (int year, int month, int day, int hour)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (5 * 3600);
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, day, hour, 0, 0);

  return g_date_time_to_unix (dt);
}

static inline MkUser *
store_test_user (StoreEnv   *env,
                 const char *login,
                 MkRole      role,
                 const char *office)
{
  g_autoptr(GError) error = NULL;
  MkUser *user = mk_user_new ();

  user->login = g_strdup (login);
  user->full_name = g_strdup_printf ("Тест %s", login);
  user->position.kk = g_strdup ("маман");
  user->position.ru = g_strdup ("специалист");
  user->office_id = g_strdup (office);
  user->role = role;
  /* A test database is demo data: demo cases may be added beside its users. */
  user->demo = TRUE;
  g_assert_true (mk_store_add_user (env->store, env->admin, user, "secret", &error));
  g_assert_no_error (error);
  return user;
}

static inline void
store_env_open (StoreEnv *env)
{
  g_autoptr(GError) error = NULL;
  GDate today;

  env->store = mk_store_open (env->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (env->store);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 20, G_DATE_MARCH, 2026);
  mk_store_set_today (env->store, &today);
}

/* A new empty database: a file in @dir, or a database on the test server
 * with the schema created (as `mekenjai-cli init` does). */
static inline char *
store_test_location (const char  *dir,
                     const char  *file,
                     char       **pg_name)
{
  *pg_name = NULL;
  if (store_test_pg () != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MkStore) store = NULL;
      char *location = store_test_pg_create (pg_name);

      store = mk_store_initialize (location, &error);
      g_assert_no_error (error);
      return location;
    }
  return g_build_filename (dir, file, NULL);
}

static inline void
store_env_setup (StoreEnv      *env,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  env->dir = g_dir_make_tmp ("mk-store-XXXXXX", &error);
  g_assert_no_error (error);
  env->path = store_test_location (env->dir, "test.db", &env->pg_name);
  store_env_open (env);

  env->admin = mk_user_new ();
  env->admin->login = g_strdup ("admin");
  env->admin->full_name = g_strdup ("Әкімші Әсел");
  env->admin->role = MK_ROLE_ADMINISTRATOR;
  env->admin->demo = TRUE;
  g_assert_true (mk_store_add_user (env->store, NULL, env->admin, "admin-pass", &error));
  g_assert_no_error (error);
  env->center = store_test_user (env, "center", MK_ROLE_CENTER_INSPECTOR, "c05");
  env->accum = store_test_user (env, "accum", MK_ROLE_ACCUMULATION_INSPECTOR, "c05");
  env->head = store_test_user (env, "head", MK_ROLE_PROVIDER_HEAD, "p01");
  env->exec = store_test_user (env, "exec", MK_ROLE_PROVIDER_EXECUTOR, "p01");
}

static inline void
store_env_teardown (StoreEnv      *env,
                    gconstpointer  data)
{
  g_clear_object (&env->store);
  g_clear_pointer (&env->admin, mk_user_free);
  g_clear_pointer (&env->center, mk_user_free);
  g_clear_pointer (&env->accum, mk_user_free);
  g_clear_pointer (&env->head, mk_user_free);
  g_clear_pointer (&env->exec, mk_user_free);
  if (env->pg_name != NULL)
    store_test_pg_drop (env->pg_name);
  else
    for (const char *suffix = ""; suffix != NULL; suffix = g_str_equal (suffix, "") ? "-wal"
                                                          : g_str_equal (suffix, "-wal") ? "-shm" : NULL)
      {
        g_autofree char *file = g_strconcat (env->path, suffix, NULL);
        g_unlink (file);
      }
  g_free (env->pg_name);
  g_rmdir (env->dir);
  g_free (env->path);
  g_free (env->dir);
}

static inline MkAddress *
store_test_address (const char *geonym_kk,
                    const char *geonym_ru,
                    const char *building)
{
  MkAddress *a = mk_address_new ();

  a->kato = g_strdup ("351010000");
  a->region.kk = g_strdup ("Қарағанды облысы");
  a->region.ru = g_strdup ("Карагандинская область");
  a->settlement.kk = g_strdup ("Қарағанды");
  a->settlement.ru = g_strdup ("Караганда");
  a->geonym_type = g_strdup ("street");
  a->geonym.kk = g_strdup (geonym_kk);
  a->geonym.ru = g_strdup (geonym_ru);
  a->building = g_strdup (building);
  a->active = TRUE;
  return a;
}

/* A complete, valid application of @kind, accepted on 20 March 2026 at 10:00. */
static inline MkCase *
store_test_case (MkStore       *store,
                 MkServiceKind  kind,
                 guint          n)
{
  g_autoptr(GPtrArray) checklist = NULL;
  MkCase *c = mk_case_new ();

  c->kind = kind;
  c->applicant_kind = MK_APPLICANT_INDIVIDUAL;
  c->applicant_idn = store_test_idn ("9001013", n);
  c->applicant_name = g_strdup ("Нұрланов Ерлан Қайратұлы");
  c->applicant_phone = g_strdup ("+7 701 123 45 67");
  c->object_kind = MK_OBJECT_BUILDING;
  c->accepted_at = store_test_time (2026, 3, 20, 10);
  c->address = store_test_address ("Бейбітшілік", "Мира", "39");
  if (kind == MK_SERVICE_CHANGE || kind == MK_SERVICE_ABOLITION)
    c->former_address = store_test_address ("Ленин", "Ленина", "12");
  checklist = mk_regulation_get_checklist (mk_store_get_regulation (store), kind, c->conditions);
  for (guint i = 0; i < checklist->len; i++)
    {
      const MkChecklistItem *ci = g_ptr_array_index (checklist, i);
      MkCaseItem *item = mk_case_item_new (ci->kind->id, ci->required);

      item->present = TRUE;
      g_ptr_array_add (c->items, item);
    }
  return c;
}

/* Raw SQL through a second connection of the test's own, on either engine:
 * to look at what the store wrote, or to tamper with it. */
static inline PGresult *
store_test_pg_query (const char *location,
                     const char *sql)
{
  PGconn *conn = PQconnectdb (location);
  PGresult *result;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQfinish (conn);
  return result;
}

static inline void
store_test_sql (const char *path,
                const char *sql)
{
  sqlite3 *db = NULL;

  if (mk_db_is_pg_location (path))
    {
      PQclear (store_test_pg_query (path, sql));
      return;
    }
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* Makes the PostgreSQL server at @location look as schema 6 left it: every
 * change of schemas 7 and 9 taken back (8 changed indexes only). Its events were hashed without row digests,
 * which this version no longer writes: its trail starts empty. */
static inline void
store_test_pg_downgrade_to_6 (const char *location)
{
  store_test_sql (location,
                  "DELETE FROM events; DELETE FROM audit_head; DELETE FROM meta WHERE key IN ('reindex', 'seal');"
                  " DELETE FROM case_search; ALTER TABLE case_search DROP COLUMN stage, DROP COLUMN queue;"
                  " ALTER TABLE case_search DROP CONSTRAINT case_search_pkey;"
                  " ALTER TABLE case_search ADD PRIMARY KEY (k);"
                  " ALTER TABLE events DROP COLUMN row_digests; DROP TABLE trust_anchors;"
                  " ALTER TABLE cases DROP COLUMN rca_held, DROP COLUMN regulation_id;"
                  " ALTER TABLE register_cases DROP COLUMN received_at, DROP COLUMN received_by;"
                  " ALTER TABLE offices DROP COLUMN region_kk, DROP COLUMN region_ru, DROP COLUMN region_en;"
                  " DELETE FROM meta WHERE key = 'office-regions';"
                  /* Schema 10's report indexes (#12). */
                  " DROP INDEX cases_accepted; DROP INDEX events_transitions;"
                  " UPDATE mekenjai_schema SET version = 6");
}

/* Runs @sql and expects it to fail: the database's message. */
static inline char *
store_test_sql_error (const char *path,
                      const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  if (mk_db_is_pg_location (path))
    {
      PGconn *conn = PQconnectdb (path);
      PGresult *result;

      g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
      result = PQexec (conn, sql);
      if (PQresultStatus (result) == PGRES_FATAL_ERROR)
        message = g_strdup (PQresultErrorMessage (result));
      PQclear (result);
      PQfinish (conn);
      return message;
    }
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    message = g_strdup (sqlite3_errmsg (db));
  sqlite3_close (db);
  return message;
}

/* The same statement in each engine's words, where they differ. */
#define STORE_TEST_SQL(sqlite, pg) (store_test_pg () != NULL ? (pg) : (sqlite))

/* The first column of the first row as text (NULL: no row or SQL NULL). */
static inline char *
store_test_text (const char *path,
                 const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  if (mk_db_is_pg_location (path))
    {
      PGresult *result = store_test_pg_query (path, sql);

      if (PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
        text = g_strdup (PQgetvalue (result, 0, 0));
      PQclear (result);
      return text;
    }
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

static inline int
store_test_count (const char *path,
                  const char *sql)
{
  g_autofree char *text = store_test_text (path, sql);

  return text != NULL ? atoi (text) : -1;
}

/* A digest of every row @sql returns, every column as text. */
static inline void
store_test_digest_rows (GChecksum  *sum,
                        const char *path,
                        const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_checksum_update (sum, (const guchar *) sql, -1);
  if (mk_db_is_pg_location (path))
    {
      PGresult *result = store_test_pg_query (path, sql);

      for (int r = 0; r < PQntuples (result); r++)
        for (int i = 0; i < PQnfields (result); i++)
          {
            g_checksum_update (sum, PQgetisnull (result, r, i) ? (const guchar *) "\\N"
                                    : (const guchar *) PQgetvalue (result, r, i), -1);
            g_checksum_update (sum, (const guchar *) "|", 1);
          }
      PQclear (result);
      return;
    }
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int i = 0; i < sqlite3_column_count (stmt); i++)
      {
        const guchar *v = sqlite3_column_text (stmt, i);

        g_checksum_update (sum, v != NULL ? v : (const guchar *) "\\N", -1);
        g_checksum_update (sum, (const guchar *) "|", 1);
      }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* A hash of every row of every table (not the search index), read through a
 * second connection. */
static inline char *
store_test_dump_hash (const char *path)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);

  if (mk_db_is_pg_location (path))
    {
      PGresult *result = store_test_pg_query (path, "SELECT tablename FROM pg_catalog.pg_tables"
                                                    " WHERE schemaname = current_schema ()"
                                                    " AND tablename <> 'case_search' ORDER BY tablename");

      for (int r = 0; r < PQntuples (result); r++)
        g_ptr_array_add (tables, g_strdup (PQgetvalue (result, r, 0)));
      PQclear (result);
    }
  else
    {
      sqlite3 *db = NULL;
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                               " AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_finalize (stmt);
      sqlite3_close (db);
    }

  for (guint t = 0; t < tables->len; t++)
    {
      /* Test code: table names come from the catalog itself; rows in a fixed order. */
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY 1", (char *) tables->pdata[t]);

      store_test_digest_rows (sum, path, sql);
    }
  return g_strdup (g_checksum_get_string (sum));
}

/* The first case (in due-date order) waiting at @stage; the test fails if there is none. */
static inline MkCase *
store_test_case_at_stage (MkStore    *store,
                          const char *stage)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  MkSearchQuery query = { 0 };
  MkCase *c;

  query.stage = stage;
  query.kind = -1;
  query.queue_role = -1;
  rows = mk_store_search (store, &query, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  c = mk_store_get_case (store, ((MkCaseRow *) rows->pdata[0])->id, &error);
  g_assert_no_error (error);
  return c;
}

/* §10 step 4: the executor prepares the certificate of case @id with a
 * registration code made from the case's id and a basis dated 15.01.2026. */
static inline void
store_test_prepare_certificate (MkStore      *store,
                                const MkUser *exec,
                                gint64        id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) c = mk_store_get_case (store, id, &error);
  g_autoptr(MkAddress) address = NULL;
  GDate basis;

  g_assert_no_error (error);
  address = mk_address_copy (c->address);
  g_free (address->rca);
  address->rca = g_strdup_printf ("3510%012" G_GINT64_FORMAT, id);
  g_date_clear (&basis, 1);
  g_date_set_dmy (&basis, 15, G_DATE_JANUARY, 2026);
  mk_store_prepare_certificate (store, exec, id, c->version, address, "12/03", &basis, &error);
  g_assert_no_error (error);
}
