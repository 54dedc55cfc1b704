/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case store: opening, schema and migrations, SQL plumbing, reference data, backup. */
#define G_LOG_DOMAIN "mk-store"

#include "mk-store-private.h"
#include "mk-workflow.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>


G_DEFINE_FINAL_TYPE (MkStore, mk_store, G_TYPE_OBJECT)

static void
finalize_stmt (gpointer stmt)
{
  mk_db_finalize (stmt);
}

static void
mk_store_finalize (GObject *object)
{
  MkStore *self = MK_STORE (object);

  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_pointer (&self->db, mk_db_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->display_name, g_free);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
  g_clear_object (&self->regulation);
  g_clear_pointer (&self->editions, g_hash_table_unref);
  g_clear_object (&self->calendar);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->places, g_hash_table_unref);
  g_clear_pointer (&self->word_shares, g_hash_table_unref);
  g_clear_pointer (&self->doc_kinds, g_hash_table_unref);
  g_clear_pointer (&self->bulk_regno, g_hash_table_unref);
  g_clear_pointer (&self->bulk_taken, g_hash_table_unref);
  g_clear_pointer (&self->bulk_last_hash, g_free);
  g_clear_pointer (&self->audit_rows, g_array_unref);
  g_clear_pointer (&self->bulk_cases, g_array_unref);

  G_OBJECT_CLASS (mk_store_parent_class)->finalize (object);
}

static void
mk_store_class_init (MkStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mk_store_finalize;
}

static void
mk_store_init (MkStore *self)
{
  self->stmts = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                       finalize_stmt);
  self->places = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->doc_kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->bulk_regno = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->bulk_taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->clock = mk_clock_new ();
  self->audit_rows = g_array_new (FALSE, FALSE, sizeof (MkAuditRow));
  self->bulk_cases = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->editions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

/* SQL plumbing. */

void
mk_store_set_sql_error (MkStore     *self,
                        GError     **error,
                        const char  *what)
{
  switch (mk_db_status (self->db))
    {
    case MK_DB_STATUS_DUPLICATE:
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_DUPLICATE,
                   _("%s: %s (%s)"), what, mk_db_errmsg (self->db), self->display_name);
      break;
    case MK_DB_STATUS_NOT_DATABASE:
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_MEKENJAI,
                   _("“%s” is not a Mekenjai database: %s"), self->display_name,
                   mk_db_errmsg (self->db));
      break;
    default:
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_FAILED,
                   _("%s: %s (%s)"), what, mk_db_errmsg (self->db), self->display_name);
      break;
    }
}

MkDbStmt *
mk_store_stmt (MkStore     *self,
               const char  *sql,
               GError     **error)
{
  MkDbStmt *stmt = g_hash_table_lookup (self->stmts, sql);

  if (stmt != NULL)
    {
      mk_db_reset (stmt);
      mk_db_clear_bindings (stmt);
      return stmt;
    }

  stmt = mk_db_prepare (self->db, sql);
  if (stmt == NULL)
    {
      mk_store_set_sql_error (self, error, _("Could not prepare a query"));
      return NULL;
    }
  g_hash_table_insert (self->stmts, (gpointer) sql, stmt);
  return stmt;
}

gboolean
mk_store_exec (MkStore     *self,
               const char  *sql,
               GError     **error)
{
  if (!mk_db_exec (self->db, sql))
    {
      mk_store_set_sql_error (self, error, _("Database error"));
      return FALSE;
    }
  return TRUE;
}

gboolean
mk_store_step_done (MkStore       *self,
                    MkDbStmt  *stmt,
                    GError       **error)
{
  int rc = mk_db_step (stmt);

  if (rc != MK_DB_DONE && rc != MK_DB_ROW)
    {
      mk_store_set_sql_error (self, error, _("Could not write to the database"));
      mk_db_reset (stmt);
      return FALSE;
    }
  mk_db_reset (stmt);
  return TRUE;
}

gboolean
mk_store_begin (MkStore     *self,
                GError     **error)
{
  /* The write lock is taken now, before anything is read, so that two
   * windows or workstations never both read a stage and then both move the case. */
  g_array_set_size (self->audit_rows, 0);
  return self->engine->begin (self, error);
}

gboolean
mk_store_commit (MkStore     *self,
                 GError     **error)
{
  if (!mk_store_exec (self, "COMMIT", error))
    {
      mk_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
mk_store_rollback (MkStore *self)
{
  if (mk_db_in_transaction (self->db))
    mk_db_exec (self->db, "ROLLBACK");
  /* Cached ids may name rows that the rollback removed. */
  g_hash_table_remove_all (self->places);
  g_hash_table_remove_all (self->doc_kinds);
  g_hash_table_remove_all (self->bulk_regno);
  g_hash_table_remove_all (self->bulk_taken);
  g_clear_pointer (&self->bulk_last_hash, g_free);
  g_array_set_size (self->audit_rows, 0);
  g_array_set_size (self->bulk_cases, 0);
  self->in_bulk = FALSE;
}

gboolean
mk_store_finish (MkStore     *self,
                 gboolean     ok,
                 GError     **error)
{
  if (ok)
    return mk_store_commit (self, error);
  mk_store_rollback (self);
  return FALSE;
}

void
mk_store_bind_text (MkDbStmt   *stmt,
                    int         i,
                    const char *text)
{
  mk_db_bind_text (stmt, i, text, -1);   /* NULL binds SQL NULL */
}

void
mk_store_bind_date (MkDbStmt *stmt,
                    int           i,
                    const GDate  *date)
{
  char buf[11];
  guint y, m, d;

  if (date == NULL || !g_date_valid (date))
    {
      mk_db_bind_null (stmt, i);
      return;
    }
  /* "YYYY-MM-DD" digit by digit: eight dates per case, a million cases in bulk. */
  y = g_date_get_year (date) % 10000;
  m = g_date_get_month (date);
  d = g_date_get_day (date);
  buf[0] = (char) ('0' + y / 1000);
  buf[1] = (char) ('0' + y / 100 % 10);
  buf[2] = (char) ('0' + y / 10 % 10);
  buf[3] = (char) ('0' + y % 10);
  buf[4] = '-';
  buf[5] = (char) ('0' + m / 10);
  buf[6] = (char) ('0' + m % 10);
  buf[7] = '-';
  buf[8] = (char) ('0' + d / 10);
  buf[9] = (char) ('0' + d % 10);
  buf[10] = '\0';
  mk_db_bind_text (stmt, i, buf, 10);
}

char *
mk_store_column_text (MkDbStmt *stmt,
                      int           i)
{
  return g_strdup (mk_db_column_text (stmt, i));
}

void
mk_store_column_date (MkDbStmt *stmt,
                      int           i,
                      GDate        *date)
{
  const char *text = mk_db_column_text (stmt, i);
  unsigned y, m, d;

  g_date_clear (date, 1);
  if (text != NULL && sscanf (text, "%4u-%2u-%2u", &y, &m, &d) == 3
      && g_date_valid_dmy (d, m, y))
    g_date_set_dmy (date, d, m, y);
}

gint64
mk_store_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Seeding a new database. */

static const char *
day_kind_to_id (MkDayKind kind)
{
  switch (kind)
    {
    case MK_DAY_WORKING: return "working";
    case MK_DAY_WEEKEND: return "weekend";
    case MK_DAY_HOLIDAY: return "holiday";
    case MK_DAY_RELIGIOUS: return "religious";
    case MK_DAY_MOVED_OFF: return "moved-off";
    case MK_DAY_TRANSFERRED_OFF: return "transferred-off";
    case MK_DAY_TRANSFERRED_WORKING: return "transferred-working";
    default: return "working";
    }
}

static MkDayKind
day_kind_from_id (const char *id)
{
  static const MkDayKind kinds[] = {
    MK_DAY_WORKING, MK_DAY_WEEKEND, MK_DAY_HOLIDAY, MK_DAY_RELIGIOUS,
    MK_DAY_MOVED_OFF, MK_DAY_TRANSFERRED_OFF, MK_DAY_TRANSFERRED_WORKING,
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (id, day_kind_to_id (kinds[i])) == 0)
      return kinds[i];
  return MK_DAY_WORKING;
}

static gboolean
store_calendar_rows (MkStore     *self,
                     MkCalendar  *calendar,
                     GError     **error)
{
  g_autoptr(GArray) years = mk_calendar_get_years (calendar);

  for (guint y = 0; y < years->len; y++)
    {
      int year = g_array_index (years, int, y);
      g_autoptr(GPtrArray) days = mk_calendar_list_special_days (calendar, year);
      char from[16], to[16];
      MkDbStmt *stmt;

      /* A year present in the import replaces that year wholly. */
      g_snprintf (from, sizeof from, "%04d-01-01", year);
      g_snprintf (to, sizeof to, "%04d-12-31", year);
      stmt = mk_store_stmt (self, "DELETE FROM calendar_days WHERE day BETWEEN ?1 AND ?2", error);
      if (stmt == NULL)
        return FALSE;
      mk_db_bind_text (stmt, 1, from, -1);
      mk_db_bind_text (stmt, 2, to, -1);
      if (!mk_store_step_done (self, stmt, error))
        return FALSE;

      stmt = mk_store_stmt (self, "INSERT INTO calendar_years (year) VALUES (?1) "
                                  "ON CONFLICT (year) DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      mk_db_bind_int64 (stmt, 1, year);
      if (!mk_store_step_done (self, stmt, error))
        return FALSE;

      for (guint i = 0; i < days->len; i++)
        {
          MkCalendarDay *day = g_ptr_array_index (days, i);

          stmt = mk_store_stmt (self, "INSERT INTO calendar_days (day, kind, name_kk, name_ru) "
                                      "VALUES (?1, ?2, ?3, ?4)", error);
          if (stmt == NULL)
            return FALSE;
          mk_store_bind_date (stmt, 1, &day->date);
          mk_store_bind_text (stmt, 2, day_kind_to_id (day->kind));
          mk_store_bind_text (stmt, 3, day->name_kk);
          mk_store_bind_text (stmt, 4, day->name_ru);
          if (!mk_store_step_done (self, stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
store_regulation_row (MkStore     *self,
                      const char  *data,
                      gsize        length,
                      const char  *edition,
                      GError     **error)
{
  MkDbStmt *stmt = mk_store_stmt (self, "INSERT INTO regulation (edition, data, imported_at) "
                                            "VALUES (?1, ?2, ?3)", error);

  if (stmt == NULL)
    return FALSE;
  mk_store_bind_text (stmt, 1, edition != NULL ? edition : "");
  mk_db_bind_text (stmt, 2, data, (int) length);
  mk_db_bind_int64 (stmt, 3, mk_store_now ());
  return mk_store_step_done (self, stmt, error);
}

static gboolean
seed_new_database (MkStore     *self,
                   GError     **error)
{
  g_autoptr(GPtrArray) offices = NULL;
  g_autoptr(GBytes) reg_data = NULL;
  g_autoptr(MkRegulation) regulation = NULL;
  g_autoptr(MkCalendar) calendar = NULL;
  gsize reg_len = 0;
  const char *reg_text;

  offices = mk_offices_load_default (error);
  if (offices == NULL)
    return FALSE;
  reg_data = mk_regulation_get_default_data ();
  reg_text = g_bytes_get_data (reg_data, &reg_len);
  regulation = mk_regulation_new_from_data (reg_text, (gssize) reg_len, error);
  if (regulation == NULL)
    return FALSE;
  calendar = mk_calendar_new_default (error);
  if (calendar == NULL)
    return FALSE;

  /* Providers first: a center row refers to its provider. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < offices->len; i++)
      {
        MkOffice *o = g_ptr_array_index (offices, i);
        MkDbStmt *stmt;

        if ((pass == 0) != (o->kind == MK_ORG_PROVIDER))
          continue;
        stmt = mk_store_stmt (self,
          "INSERT INTO offices (id, kind, number, name_kk, name_ru, name_en, address_kk,"
          " address_ru, address_en, phone, region_code, provider_id)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", error);
        if (stmt == NULL)
          return FALSE;
        mk_store_bind_text (stmt, 1, o->id);
        mk_store_bind_text (stmt, 2, mk_org_kind_to_id (o->kind));
        mk_db_bind_int64 (stmt, 3, (int) o->number);
        mk_store_bind_text (stmt, 4, o->name.kk);
        mk_store_bind_text (stmt, 5, o->name.ru);
        mk_store_bind_text (stmt, 6, o->name.en);
        mk_store_bind_text (stmt, 7, o->address.kk);
        mk_store_bind_text (stmt, 8, o->address.ru);
        mk_store_bind_text (stmt, 9, o->address.en);
        mk_store_bind_text (stmt, 10, o->phone);
        mk_store_bind_text (stmt, 11, o->region_code);
        mk_store_bind_text (stmt, 12, o->kind == MK_ORG_CENTER ? o->provider_id : NULL);
        if (!mk_store_step_done (self, stmt, error))
          return FALSE;
      }
  /* Appendix 2's branch and its units: a column of schema 6 (a file made at
   * an older version for a test gets it from that migration instead). */
  for (guint i = 0; self->schema_version >= 6 && i < offices->len; i++)
    {
      MkOffice *o = g_ptr_array_index (offices, i);
      MkDbStmt *stmt;

      if (o->kind != MK_ORG_CENTER || o->parent_id == NULL)
        continue;
      stmt = mk_store_stmt (self, "UPDATE offices SET parent_id = ?2 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      mk_store_bind_text (stmt, 1, o->id);
      mk_store_bind_text (stmt, 2, o->parent_id);
      if (!mk_store_step_done (self, stmt, error))
        return FALSE;
    }
  /* #10: the providers' oblast of today, a column of schema 9. */
  if (self->schema_version >= 9 && !mk_store_set_office_regions (self, offices, FALSE, error))
    return FALSE;

  if (!store_regulation_row (self, reg_text, reg_len, mk_regulation_get_edition (regulation), error))
    return FALSE;
  return store_calendar_rows (self, calendar, error);
}

/* Loading the cached regulation and calendar. */

gboolean
mk_store_load_reference (MkStore     *self,
                GError     **error)
{
  g_autoptr(MkRegulation) regulation = NULL;
  g_autoptr(MkCalendar) calendar = NULL;
  MkDbStmt *stmt;
  gint64 regulation_id;
  int year = 0;
  int rc;

  stmt = mk_store_stmt (self, "SELECT data, id FROM regulation ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  if (mk_db_step (stmt) != MK_DB_ROW)
    {
      mk_db_reset (stmt);
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND,
                   _("The database “%s” holds no regulation"), self->display_name);
      return FALSE;
    }
  regulation = mk_regulation_new_from_data (mk_db_column_text (stmt, 0),
                                            mk_db_column_bytes (stmt, 0), error);
  regulation_id = mk_db_column_int64 (stmt, 1);
  mk_db_reset (stmt);
  if (regulation == NULL)
    return FALSE;

  /* The years the database holds are data; any other year is generated from
   * the law's recurring holidays, never left with weekends only (§7). */
  calendar = mk_calendar_new_with_rules (error);
  if (calendar == NULL)
    return FALSE;
  stmt = mk_store_stmt (self, "SELECT day, kind, name_kk, name_ru FROM calendar_days ORDER BY day", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
    {
      GDate date;

      mk_store_column_date (stmt, 0, &date);
      if (!g_date_valid (&date))
        continue;
      if (g_date_get_year (&date) != year)
        {
          year = g_date_get_year (&date);
          mk_calendar_clear_year (calendar, year);
        }
      mk_calendar_set_day (calendar, &date,
                           day_kind_from_id (mk_db_column_text (stmt, 1)),
                           mk_db_column_text (stmt, 2),
                           mk_db_column_text (stmt, 3));
    }
  mk_db_reset (stmt);
  if (rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not read the calendar"));
      return FALSE;
    }
  mk_workflow_configure_calendar (regulation, calendar);

  g_set_object (&self->regulation, regulation);
  self->regulation_id = regulation_id;
  g_set_object (&self->calendar, calendar);
  return TRUE;
}

/* Opening. */

gboolean
mk_store_query_int (MkStore     *self,
                    const char  *sql,
                    int         *value,
                    GError     **error)
{
  MkDbStmt *stmt = NULL;
  int rc;

  /* Read once at open: no need to cache the statement. */
  stmt = mk_db_prepare (self->db, sql);
  if (stmt == NULL)
    {
      mk_store_set_sql_error (self, error, _("Could not open the database"));
      return FALSE;
    }
  rc = mk_db_step (stmt);
  *value = rc == MK_DB_ROW ? mk_db_column_int64 (stmt, 0) : 0;
  mk_db_finalize (stmt);
  if (rc != MK_DB_ROW && rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not open the database"));
      return FALSE;
    }
  return TRUE;
}

gboolean
mk_store_accept_schema (MkStore  *self,
                        int       application_id,
                        int       version,
                        GError  **error)
{
  if (application_id != MK_STORE_APPLICATION_ID)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_MEKENJAI,
                   _("“%s” is not a Mekenjai database"), self->display_name);
      return FALSE;
    }
  if (version > MK_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_VERSION,
                   _("“%s” was written by a newer Mekenjai (schema %d; this version knows up to %d)"),
                   self->display_name, version, MK_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  self->schema_version = version;
  return TRUE;
}

/* Which engine a location names: a postgresql:// URI or a libpq connection
 * string is a server; another scheme is refused; anything else is a file. */
static const MkStoreEngine *
engine_for (const char  *location,
            GError     **error)
{
  const char *colon = strstr (location, "://");

  if (mk_db_is_pg_location (location))
    return &mk_store_pg_engine;
  if (colon != NULL && colon > location && strspn (location, "abcdefghijklmnopqrstuvwxyz0123456789+.-")
                                           == (gsize) (colon - location))
    {
      g_autofree char *scheme = g_strndup (location, colon - location);

      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                   _("“%s:” is not a kind of database Mekenjai knows: give a file name or a postgresql:// address"),
                   scheme);
      return NULL;
    }
  return &mk_store_sqlite_engine;
}

/* A schema upgrade that changed what the search index holds leaves a mark
 * (schema 7: the look-alike spellings, #14); the index is rebuilt here, once
 * the regulation it needs is loaded, in one transaction with the mark's removal. */
static gboolean
finish_reindex (MkStore  *self,
                GError  **error)
{
  int pending = 0;
  gboolean ok;

  if (!mk_store_query_int (self, "SELECT count(*) FROM meta WHERE key = 'reindex'", &pending, error))
    return FALSE;
  if (pending == 0)
    return TRUE;
  if (!mk_store_begin (self, error))
    return FALSE;
  /* Another process may have rebuilt it while this one waited for the lock. */
  ok = mk_store_query_int (self, "SELECT count(*) FROM meta WHERE key = 'reindex'", &pending, error)
       && (pending == 0
           || (mk_store_reindex_cases (self, error)
               && mk_store_exec (self, "DELETE FROM meta WHERE key = 'reindex'", error)));
  if (!mk_store_finish (self, ok, error))
    {
      g_prefix_error (error, _("Could not rebuild the search index of “%s”: "), self->display_name);
      return FALSE;
    }
  return TRUE;
}

/* Schema 7 covers the rows of cases, users and attachments by the audit
 * trail (#13): the upgrade of a database with rows leaves a mark, and they
 * are sealed as they are then, in one transaction with the mark's removal,
 * so that a crash in between seals them at the next start. */
static gboolean
finish_seal (MkStore  *self,
             GError  **error)
{
  int pending = 0;
  gboolean ok;

  if (self->schema_version < 7)
    return TRUE;
  if (!mk_store_query_int (self, "SELECT count(*) FROM meta WHERE key = 'seal'", &pending, error))
    return FALSE;
  if (pending == 0)
    return TRUE;
  if (!mk_store_begin (self, error))
    return FALSE;
  ok = mk_store_query_int (self, "SELECT count(*) FROM meta WHERE key = 'seal'", &pending, error)
       && (pending == 0
           || (mk_store_audit_seal_all (self, error)
               && mk_store_exec (self, "DELETE FROM meta WHERE key = 'seal'", error)));
  return mk_store_finish (self, ok, error);
}

static gboolean
open_database (MkStore     *self,
               int          max_version,
               gboolean     seed,
               GError     **error)
{
  gboolean is_new = FALSE;
  int n_offices = 0;

  self->db = self->engine->connect (self->path, self->password, FALSE, error);
  if (self->db == NULL)
    return FALSE;

  if (!self->engine->identify (self, &is_new, error)
      || !self->engine->configure (self, is_new, error))
    return FALSE;
  if (!self->engine->migrate (self, max_version, error))
    return FALSE;
  if (!finish_seal (self, error))
    return FALSE;
  /* A copy's destination: the tables only, filled by mk_store_copy_into(). */
  if (!seed)
    return TRUE;
  if (!mk_store_finish_office_regions (self, error))
    return FALSE;

  if (!mk_store_query_int (self, "SELECT count(*) FROM offices", &n_offices, error))
    return FALSE;
  if (n_offices == 0)
    {
      /* A new database is seeded in one transaction: all or nothing. */
      gboolean ok;

      if (!mk_store_begin (self, error))
        return FALSE;
      /* Under the lock again: another process may have seeded it meanwhile. */
      ok = mk_store_query_int (self, "SELECT count(*) FROM offices", &n_offices, error)
           && (n_offices > 0 || seed_new_database (self, error));
      if (!mk_store_finish (self, ok, error))
        return FALSE;
    }

  return mk_store_load_reference (self, error) && finish_reindex (self, error);
}

static MkStore *
store_open (const char  *location,
            const char  *password,
            gboolean     may_create,
            gboolean     seed,
            int          max_version,
            GError     **error)
{
  g_autoptr(MkStore) self = NULL;
  static gsize sodium_ready = 0;
  const MkStoreEngine *engine;

  g_return_val_if_fail (location != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_once_init_enter (&sodium_ready))
    {
      if (sodium_init () < 0)
        g_error ("libsodium could not be initialised");
      g_once_init_leave (&sodium_ready, 1);
    }

  engine = engine_for (location, error);
  if (engine == NULL)
    return NULL;
  self = g_object_new (MK_TYPE_STORE, NULL);
  self->engine = engine;
  self->path = g_strdup (location);
  self->display_name = mk_store_describe_location (location);
  self->password = g_strdup (password);
  /* One desk's file is made on first use; a server's schema only by `init`,
   * run by an administrator (the app's own role may not create tables). */
  self->may_create = may_create || engine == &mk_store_sqlite_engine;
  if (!open_database (self, MIN (max_version, MK_STORE_SCHEMA_VERSION), seed, error))
    return NULL;
  return g_steal_pointer (&self);
}

MkStore *
mk_store_open_at_version (const char  *path,
                          int          max_version,
                          GError     **error)
{
  return store_open (path, NULL, FALSE, TRUE, max_version, error);
}

MkStore *
mk_store_initialize (const char  *location,
                     GError     **error)
{
  return store_open (location, NULL, TRUE, TRUE, MK_STORE_SCHEMA_VERSION, error);
}

MkStore *
mk_store_open_empty (const char  *location,
                     GError     **error)
{
  return store_open (location, NULL, TRUE, FALSE, MK_STORE_SCHEMA_VERSION, error);
}

gboolean
mk_store_grant_app_role (MkStore     *self,
                         const char  *role,
                         GError     **error)
{
  MkDbStmt *stmt;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (role != NULL, FALSE);

  if (self->engine != &mk_store_pg_engine)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                   _("Database roles exist only on a server; “%s” is a file"), self->display_name);
      return FALSE;
    }
  /* The server quotes the role's name itself (format's %I). */
  stmt = mk_store_stmt (self, "SELECT mekenjai_grant_app (?1)", error);
  if (stmt == NULL)
    return FALSE;
  mk_store_bind_text (stmt, 1, role);
  return mk_store_step_done (self, stmt, error);
}

MkStore *
mk_store_open (const char  *path,
               GError     **error)
{
  return store_open (path, NULL, FALSE, TRUE, MK_STORE_SCHEMA_VERSION, error);
}

MkStore *
mk_store_open_with_password (const char  *location,
                             const char  *password,
                             GError     **error)
{
  return store_open (location, password, FALSE, TRUE, MK_STORE_SCHEMA_VERSION, error);
}

MkStore *
mk_store_reopen (MkStore  *self,
                 GError  **error)
{
  MkStore *other;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  other = store_open (self->path, self->password, FALSE, TRUE, MK_STORE_SCHEMA_VERSION, error);
  /* The same clock: a pinned day (tests, the screenshots) holds there too. */
  if (other != NULL)
    g_set_object (&other->clock, self->clock);
  return other;
}

char *
mk_store_server_location (const char *host,
                          guint       port,
                          const char *dbname,
                          const char *user,
                          const char *sslmode)
{
  return mk_db_pg_location (host, port, dbname, user, sslmode);
}

char *
mk_store_default_path (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "mekenjai", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_warning ("Could not create %s: %s", dir, g_strerror (errno));
  return g_build_filename (dir, "mekenjai.db", NULL);
}

const char *
mk_store_get_path (MkStore *self)
{
  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  return self->path;
}

gboolean
mk_store_is_server_location (const char *location)
{
  g_return_val_if_fail (location != NULL, FALSE);
  return mk_db_is_pg_location (location);
}

char *
mk_store_describe_location (const char *location)
{
  g_return_val_if_fail (location != NULL, NULL);
  return mk_db_is_pg_location (location) ? mk_db_pg_describe (location) : g_strdup (location);
}

const char *
mk_store_get_display_name (MkStore *self)
{
  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  return self->display_name;
}

gboolean
mk_store_is_server (MkStore *self)
{
  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  return self->engine == &mk_store_pg_engine;
}

int
mk_store_get_schema_version (MkStore *self)
{
  g_return_val_if_fail (MK_IS_STORE (self), 0);
  return self->schema_version;
}

MkRegulation *
mk_store_get_regulation (MkStore *self)
{
  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  return self->regulation;
}

/* The text of the edition new cases are accepted under, as it was imported:
 * what an administrator edits into the next edition. */
char *
mk_store_dup_regulation_text (MkStore  *self,
                              GError  **error)
{
  MkDbStmt *stmt;
  char *text = NULL;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);

  stmt = mk_store_stmt (self, "SELECT data FROM regulation WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  mk_db_bind_int64 (stmt, 1, self->regulation_id);
  if (mk_db_step (stmt) == MK_DB_ROW)
    text = g_strdup (mk_db_column_text (stmt, 0));
  mk_db_reset (stmt);
  if (text == NULL)
    g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND,
                 _("The database “%s” holds no regulation"), self->display_name);
  return text;
}

/**
 * mk_store_get_case_regulation:
 * @c: a case read from this store
 *
 * The edition of the regulation @c was accepted under (§4: each case keeps
 * its edition), read once from the database and kept; the current edition
 * for a case not yet registered, or when its edition can no longer be read.
 *
 * Returns: (transfer none): the edition
 */
MkRegulation *
mk_store_get_case_regulation (MkStore      *self,
                              const MkCase *c)
{
  g_autoptr(MkRegulation) parsed = NULL;
  g_autoptr(GError) error = NULL;
  MkRegulation *found;
  MkDbStmt *stmt;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  g_return_val_if_fail (c != NULL, NULL);

  if (c->regulation_id == 0 || c->regulation_id == self->regulation_id)
    return self->regulation;
  found = g_hash_table_lookup (self->editions, &c->regulation_id);
  if (found != NULL)
    return found;
  stmt = mk_store_stmt (self, "SELECT data FROM regulation WHERE id = ?1", &error);
  if (stmt != NULL)
    {
      mk_db_bind_int64 (stmt, 1, c->regulation_id);
      if (mk_db_step (stmt) == MK_DB_ROW)
        parsed = mk_regulation_new_from_data (mk_db_column_text (stmt, 0),
                                              mk_db_column_bytes (stmt, 0), &error);
      mk_db_reset (stmt);
    }
  if (parsed == NULL)
    {
      /* Imported editions were checked when they were imported. */
      g_warning ("Edition %" G_GINT64_FORMAT " of the regulation of case %s cannot be read: %s",
                 c->regulation_id, c->regno != NULL ? c->regno : "",
                 error != NULL ? error->message : "no such row");
      return self->regulation;
    }
  found = parsed;
  g_hash_table_insert (self->editions, g_memdup2 (&c->regulation_id, sizeof c->regulation_id),
                       g_steal_pointer (&parsed));
  return found;
}

MkCalendar *
mk_store_get_calendar (MkStore *self)
{
  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  return self->calendar;
}

void
mk_store_get_today (MkStore *self,
                    GDate   *today)
{
  g_return_if_fail (MK_IS_STORE (self));
  g_return_if_fail (today != NULL);

  mk_clock_today (self->clock, today);
}

void
mk_store_set_today (MkStore     *self,
                    const GDate *today)
{
  g_return_if_fail (MK_IS_STORE (self));

  mk_clock_pin_today (self->clock, today);
}

MkClock *
mk_store_get_clock (MkStore *self)
{
  g_return_val_if_fail (MK_IS_STORE (self), NULL);

  return self->clock;
}

/* Offices. */

static MkOffice *
office_from_row (MkDbStmt *stmt)
{
  MkOffice *o = g_new0 (MkOffice, 1);

  o->id = mk_store_column_text (stmt, 0);
  o->kind = g_strcmp0 (mk_db_column_text (stmt, 1), "center") == 0
            ? MK_ORG_CENTER : MK_ORG_PROVIDER;
  o->number = (guint) mk_db_column_int64 (stmt, 2);
  o->name.kk = mk_store_column_text (stmt, 3);
  o->name.ru = mk_store_column_text (stmt, 4);
  o->name.en = mk_store_column_text (stmt, 5);
  o->address.kk = mk_store_column_text (stmt, 6);
  o->address.ru = mk_store_column_text (stmt, 7);
  o->address.en = mk_store_column_text (stmt, 8);
  o->phone = mk_store_column_text (stmt, 9);
  o->region_code = mk_store_column_text (stmt, 10);
  o->provider_id = mk_store_column_text (stmt, 11);
  o->parent_id = mk_store_column_text (stmt, 12);
  o->region.kk = mk_store_column_text (stmt, 13);
  o->region.ru = mk_store_column_text (stmt, 14);
  o->region.en = mk_store_column_text (stmt, 15);
  return o;
}

/* The oblast of a provider is a column of schema 9 (#10: Ulytau oblast since
 * 2022); a file opened at an older version for a test has none. */
#define OFFICE_COLUMNS_8 "id, kind, number, name_kk, name_ru, name_en, address_kk, address_ru," \
                         " address_en, phone, region_code, provider_id, parent_id"
#define OFFICE_COLUMNS OFFICE_COLUMNS_8 ", region_kk, region_ru, region_en"

GPtrArray *
mk_store_list_offices (MkStore    *self,
                       MkOrgKind   kind,
                       GError    **error)
{
  g_autoptr(GPtrArray) offices = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_office_free);
  MkDbStmt *stmt;
  int rc;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);

  stmt = mk_store_stmt (self, self->schema_version >= 9
                              ? "SELECT " OFFICE_COLUMNS " FROM offices WHERE kind = ?1 ORDER BY number"
                              : "SELECT " OFFICE_COLUMNS_8 ", NULL, NULL, NULL FROM offices"
                                " WHERE kind = ?1 ORDER BY number",
                        error);
  if (stmt == NULL)
    return NULL;
  mk_store_bind_text (stmt, 1, mk_org_kind_to_id (kind));
  while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
    g_ptr_array_add (offices, office_from_row (stmt));
  mk_db_reset (stmt);
  if (rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not read the offices"));
      return NULL;
    }
  return g_steal_pointer (&offices);
}

MkOffice *
mk_store_get_office (MkStore     *self,
                     const char  *id,
                     GError     **error)
{
  MkDbStmt *stmt;
  MkOffice *o = NULL;
  int rc;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = mk_store_stmt (self, self->schema_version >= 9
                              ? "SELECT " OFFICE_COLUMNS " FROM offices WHERE id = ?1"
                              : "SELECT " OFFICE_COLUMNS_8 ", NULL, NULL, NULL FROM offices WHERE id = ?1",
                        error);
  if (stmt == NULL)
    return NULL;
  mk_store_bind_text (stmt, 1, id);
  rc = mk_db_step (stmt);
  if (rc == MK_DB_ROW)
    o = office_from_row (stmt);
  else if (rc == MK_DB_DONE)
    g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND, _("Unknown office “%s”"), id);
  else
    mk_store_set_sql_error (self, error, _("Could not read the offices"));
  mk_db_reset (stmt);
  return o;
}

/* Calendar and regulation imports (administrator only). */

static gboolean
require_admin (MkStore      *self,
               const MkUser *actor,
               GError      **error)
{
  if (actor == NULL || actor->role != MK_ROLE_ADMINISTRATOR)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("Only an administrator may change the calendar, the regulation or the users"));
      return FALSE;
    }
  return mk_store_check_actor (self, actor, error);
}

gboolean
mk_store_import_calendar (MkStore      *self,
                          const MkUser *actor,
                          MkCalendar   *years,
                          GError      **error)
{
  g_autoptr(GArray) list = NULL;
  g_autoptr(GString) after = g_string_new ("{\"years\":[");
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (MK_IS_CALENDAR (years), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!require_admin (self, actor, error))
    return FALSE;

  list = mk_calendar_get_years (years);
  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (after, "%s%d", i > 0 ? "," : "", g_array_index (list, int, i));
  g_string_append (after, "]}");

  if (!mk_store_begin (self, error))
    return FALSE;
  ok = store_calendar_rows (self, years, error)
       && mk_store_append_event (self, 0, mk_store_now (), actor, "import-calendar",
                                 NULL, NULL, NULL, after->str, NULL, error);
  if (!mk_store_finish (self, ok, error))
    return FALSE;
  return mk_store_load_reference (self, error);
}

gboolean
mk_store_import_regulation (MkStore      *self,
                            const MkUser *actor,
                            const char   *data,
                            GError      **error)
{
  g_autoptr(MkRegulation) parsed = NULL;
  g_autoptr(MkRegulation) previous = NULL;
  g_autofree char *after = NULL;
  gint64 previous_id;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!require_admin (self, actor, error))
    return FALSE;
  /* Refuse a malformed edition before it replaces the working one. */
  parsed = mk_regulation_new_from_data (data, -1, error);
  if (parsed == NULL)
    return FALSE;

  after = mk_store_json_pairs ("edition", mk_regulation_get_edition (parsed), NULL);
  if (!mk_store_begin (self, error))
    return FALSE;
  /* §14: which stages are final and whose queue they are in come from the
   * edition, and so do the index's filter tokens and the cases' due days:
   * rebuild them under the new edition in the same transaction, so that a
   * failed import leaves the old edition and its index together. */
  previous = g_object_ref (self->regulation);
  previous_id = self->regulation_id;
  g_set_object (&self->regulation, parsed);
  ok = store_regulation_row (self, data, strlen (data), mk_regulation_get_edition (parsed), error);
  /* §4: the cases accepted so far keep their edition; new ones get this one. */
  if (ok)
    self->regulation_id = mk_db_last_insert_id (self->db);
  ok = ok
       && mk_store_reindex_cases (self, error)
       && mk_store_append_event (self, 0, mk_store_now (), actor, "import-regulation",
                                 NULL, NULL, NULL, after, NULL, error);
  if (!mk_store_finish (self, ok, error))
    {
      g_set_object (&self->regulation, previous);
      self->regulation_id = previous_id;
      return FALSE;
    }
  return mk_store_load_reference (self, error);
}

/* Drafts: one row per user. */

gboolean
mk_store_save_draft (MkStore     *self,
                     gint64       user_id,
                     const char  *json,
                     GError     **error)
{
  MkDbStmt *stmt;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = mk_store_stmt (self,
    "INSERT INTO drafts (user_id, json, saved_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (user_id) DO UPDATE SET json = excluded.json, saved_at = excluded.saved_at",
    error);
  if (stmt == NULL)
    return FALSE;
  mk_db_bind_int64 (stmt, 1, user_id);
  mk_store_bind_text (stmt, 2, json);
  mk_db_bind_int64 (stmt, 3, mk_store_now ());
  return mk_store_step_done (self, stmt, error);
}

char *
mk_store_load_draft (MkStore     *self,
                     gint64       user_id,
                     GError     **error)
{
  MkDbStmt *stmt;
  char *json = NULL;
  int rc;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);

  stmt = mk_store_stmt (self, "SELECT json FROM drafts WHERE user_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  mk_db_bind_int64 (stmt, 1, user_id);
  rc = mk_db_step (stmt);
  if (rc == MK_DB_ROW)
    json = mk_store_column_text (stmt, 0);
  else if (rc != MK_DB_DONE)
    mk_store_set_sql_error (self, error, _("Could not read the draft"));
  mk_db_reset (stmt);
  return json;
}

gboolean
mk_store_delete_draft (MkStore     *self,
                       gint64       user_id,
                       GError     **error)
{
  MkDbStmt *stmt;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);

  stmt = mk_store_stmt (self, "DELETE FROM drafts WHERE user_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  mk_db_bind_int64 (stmt, 1, user_id);
  return mk_store_step_done (self, stmt, error);
}

/* Backup and restore. */

static void
remove_sqlite_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

/* A server's backup: a new SQLite file, written beside @dest_path and
 * renamed over it only once complete and checked. */
static gboolean
backup_portable (MkStore     *self,
                 const char  *dest_path,
                 GError     **error)
{
  g_autofree char *partial = g_strconcat (dest_path, ".partial", NULL);
  g_autoptr(MkStore) dest = NULL;
  gboolean ok;

  remove_sqlite_files (partial);
  dest = mk_store_open_empty (partial, error);
  if (dest == NULL)
    return FALSE;
  ok = mk_store_copy_into (self, dest, FALSE, NULL, NULL, error)
       && mk_store_exec (dest, "PRAGMA wal_checkpoint (TRUNCATE)", error);
  g_clear_object (&dest);
  if (ok && g_rename (partial, dest_path) != 0)
    {
      int saved = errno;

      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_FAILED,
                   _("Could not write the backup “%s”: %s"), dest_path, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    remove_sqlite_files (partial);
  return ok;
}

gboolean
mk_store_backup (MkStore      *self,
                 const MkUser *actor,
                 const char   *dest_path,
                 GError      **error)
{
  MkDb *dest;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A backup holds every ИИН and password hash: an administrator's to take. */
  if (!mk_store_check_actor (self, actor, error)
      || !mk_workflow_check_administrator (actor, _("back up the database"), error))
    return FALSE;

  if (self->db->engine->copy == NULL)
    return backup_portable (self, dest_path, error);
  dest = mk_store_sqlite_engine.connect (dest_path, NULL, FALSE, error);
  if (dest == NULL)
    return FALSE;
  ok = mk_db_copy (self->db, dest, error);
  mk_db_close (dest);
  return ok;
}

gboolean
mk_store_reconnect (MkStore  *self,
                    GError  **error)
{
  /* Statements and cached ids belong to the connection that goes. */
  g_hash_table_remove_all (self->stmts);
  g_clear_pointer (&self->db, mk_db_close);
  g_hash_table_remove_all (self->places);
  g_hash_table_remove_all (self->doc_kinds);
  g_clear_object (&self->regulation);
  g_clear_object (&self->calendar);
  return open_database (self, MK_STORE_SCHEMA_VERSION, TRUE, error);
}

/* A backup's broken audit trail, restored all the same by an administrator
 * (#13): the restored database says who did it, from which file, and where
 * its chain breaks, in an event of its own. */
static gboolean
record_forced_restore (MkStore      *copy,
                       const MkUser *actor,
                       const char   *src_path,
                       gint64        bad,
                       const char   *why,
                       GError      **error)
{
  g_autofree char *bad_text = g_strdup_printf ("%" G_GINT64_FORMAT, bad);
  g_autofree char *after = mk_store_json_pairs ("backup", src_path,
                                                "login", actor != NULL ? actor->login : NULL,
                                                "name", actor != NULL ? actor->full_name : NULL,
                                                "broken_at", bad_text, NULL);
  gboolean ok;

  /* The actor's row may not be in the backup: the event names them instead. */
  if (!mk_store_begin (copy, error))
    return FALSE;
  ok = mk_store_append_event (copy, 0, mk_store_now (), NULL, "restore-forced", NULL, NULL, NULL,
                              after, why, error);
  return mk_store_finish (copy, ok, error);
}

/* The backup at @src_path copied to @copy_path and checked there as a whole
 * before the live database is touched (#13): a readable file of ours, not
 * from a newer version, every page sound, every table with its columns,
 * every stored file matching its digest, a regulation, and a whole audit
 * chain (or @flags force it). An older backup is brought up to date in the
 * copy, never in place. */
static MkStore *
open_checked_copy (const char          *src_path,
                   const char          *copy_path,
                   const MkUser        *actor,
                   MkStoreRestoreFlags  flags,
                   GError             **error)
{
  g_autoptr(GFile) from = g_file_new_for_path (src_path);
  g_autoptr(GFile) to = g_file_new_for_path (copy_path);
  g_autoptr(MkStore) copy = NULL;
  g_autoptr(GError) audit_error = NULL;
  gint64 bad = 0;

  if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE | G_FILE_COPY_TARGET_DEFAULT_PERMS,
                    NULL, NULL, NULL, error))
    return NULL;
  /* It holds every ИИН and password hash, as the live database does. */
  g_chmod (copy_path, 0600);

  copy = g_object_new (MK_TYPE_STORE, NULL);
  copy->engine = &mk_store_sqlite_engine;
  copy->path = g_strdup (copy_path);
  copy->display_name = g_strdup (src_path);   /* messages name the file the user gave */
  /* At the schema it was written with: every page is read before an upgrade writes any. */
  if (!open_database (copy, 0, FALSE, error)
      || !copy->engine->check_integrity (copy, error)
      || !copy->engine->migrate (copy, MK_STORE_SCHEMA_VERSION, error)
      || !finish_seal (copy, error)
      || !mk_store_finish_office_regions (copy, error)
      || !mk_store_check_tables (copy, error)
      || !mk_store_load_reference (copy, error)
      || !finish_reindex (copy, error))
    return NULL;

  if (!mk_store_verify_audit (copy, &bad, NULL, &audit_error))
    {
      if (bad == 0)
        {
          g_propagate_error (error, g_steal_pointer (&audit_error));
          return NULL;
        }
      if ((flags & MK_STORE_RESTORE_FORCE) == 0)
        {
          g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                       _("The backup “%s” is refused: %s. It may have been tampered with; an administrator "
                         "may still restore it with force, which the restored audit trail records"),
                       src_path, audit_error->message);
          return NULL;
        }
      if (!record_forced_restore (copy, actor, src_path, bad, audit_error->message, error))
        return NULL;
    }
  return g_steal_pointer (&copy);
}

gboolean
mk_store_restore (MkStore             *self,
                  const MkUser        *actor,
                  const char          *src_path,
                  MkStoreRestoreFlags  flags,
                  GError             **error)
{
  int n_users = 0;
  g_autoptr(MkStore) copy = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *copy_path = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (src_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Restoring replaces everyone's work: an administrator's, unless the
   * database has nobody yet (a new installation restoring its data). */
  if (!mk_store_query_int (self, "SELECT count(*) FROM users", &n_users, error))
    return FALSE;
  if (n_users > 0
      && (!mk_store_check_actor (self, actor, error)
          || !mk_workflow_check_administrator (actor, _("restore the database"), error)))
    return FALSE;
  if (!g_file_test (src_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND,
                   _("No backup file “%s”"), src_path);
      return FALSE;
    }

  /* A file's copy is made beside it, so that it can be renamed over it in
   * one step; a server's in a private folder. */
  if (self->engine->replace_file != NULL)
    {
      int fd;

      copy_path = g_strconcat (self->path, ".restore-XXXXXX", NULL);
      fd = g_mkstemp_full (copy_path, O_RDWR | O_CLOEXEC, 0600);
      if (fd < 0)
        {
          int saved = errno;

          g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_FAILED,
                       _("Could not make a copy of the backup beside “%s”: %s"), self->path,
                       g_strerror (saved));
          return FALSE;
        }
      close (fd);
    }
  else
    {
      dir = g_dir_make_tmp ("mekenjai-restore-XXXXXX", error);
      if (dir == NULL)
        return FALSE;
      copy_path = g_build_filename (dir, "backup.db", NULL);
    }

  copy = open_checked_copy (src_path, copy_path, actor, flags, error);
  if (copy != NULL && self->engine->replace_file != NULL)
    {
      g_clear_object (&copy);
      ok = self->engine->replace_file (self, copy_path, error);
    }
  else if (copy != NULL)
    {
      /* A server: every table replaced in one transaction, checked before it commits. */
      g_hash_table_remove_all (self->places);
      g_hash_table_remove_all (self->doc_kinds);
      ok = mk_store_copy_into (copy, self, TRUE, NULL, NULL, error);
      g_hash_table_remove_all (self->places);
      g_hash_table_remove_all (self->doc_kinds);
      if (!ok)
        mk_store_load_reference (self, NULL);
    }
  g_clear_object (&copy);
  remove_sqlite_files (copy_path);
  if (dir != NULL)
    g_rmdir (dir);
  return ok;
}
