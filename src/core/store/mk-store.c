/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case store: opening, schema and migrations, SQL plumbing, reference data, backup. */
#define G_LOG_DOMAIN "mk-store"

#include "mk-store-private.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>


G_DEFINE_FINAL_TYPE (MkStore, mk_store, G_TYPE_OBJECT)

/* Schema migrations, in order; step i brings user_version from i to i + 1,
 * each in its own transaction. Plain types and constraints only, so that the
 * same schema can later be written for PostgreSQL; the FTS5 index is the one
 * SQLite-specific piece and lives in mk-store-search.c. */
static const char *const migration_1 =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE offices ("
  "  id TEXT PRIMARY KEY, kind TEXT NOT NULL, number INTEGER NOT NULL,"
  "  name_kk TEXT, name_ru TEXT, name_en TEXT,"
  "  address_kk TEXT, address_ru TEXT, address_en TEXT,"
  "  phone TEXT, region_code TEXT, provider_id TEXT REFERENCES offices (id));"
  "CREATE TABLE regulation ("
  "  id INTEGER PRIMARY KEY, edition TEXT NOT NULL, data TEXT NOT NULL,"
  "  imported_at INTEGER NOT NULL);"
  "CREATE TABLE calendar_years (year INTEGER PRIMARY KEY);"
  "CREATE TABLE doc_kinds (id INTEGER PRIMARY KEY, kind TEXT NOT NULL UNIQUE);"
  "CREATE TABLE calendar_days ("
  "  day TEXT PRIMARY KEY, kind TEXT NOT NULL, name_kk TEXT, name_ru TEXT);"
  "CREATE TABLE users ("
  "  id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE, full_name TEXT NOT NULL,"
  "  position TEXT, phone TEXT, office_id TEXT REFERENCES offices (id),"
  "  role TEXT NOT NULL, active INTEGER NOT NULL, demo INTEGER NOT NULL,"
  "  password_hash TEXT NOT NULL);"
  "CREATE TABLE places ("
  "  id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, kato TEXT,"
  "  region_kk TEXT, region_ru TEXT, region_en TEXT,"
  "  district_kk TEXT, district_ru TEXT, district_en TEXT,"
  "  city_district_kk TEXT, city_district_ru TEXT, city_district_en TEXT,"
  "  rural_okrug_kk TEXT, rural_okrug_ru TEXT, rural_okrug_en TEXT,"
  "  settlement_kk TEXT, settlement_ru TEXT, settlement_en TEXT);"
  "CREATE TABLE registers ("
  "  id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE, direction TEXT NOT NULL,"
  "  center_id TEXT NOT NULL REFERENCES offices (id),"
  "  provider_id TEXT NOT NULL REFERENCES offices (id),"
  "  created_at INTEGER NOT NULL, created_by INTEGER NOT NULL REFERENCES users (id),"
  "  received_at INTEGER, received_by INTEGER REFERENCES users (id));"
  "CREATE TABLE register_counters ("
  "  provider_id TEXT NOT NULL, year INTEGER NOT NULL, last INTEGER NOT NULL,"
  "  PRIMARY KEY (provider_id, year));"
  "CREATE TABLE regno_counters ("
  "  center_id TEXT NOT NULL, year INTEGER NOT NULL, last INTEGER NOT NULL,"
  "  PRIMARY KEY (center_id, year));"
  "CREATE TABLE cases ("
  "  id INTEGER PRIMARY KEY, regno TEXT NOT NULL, year INTEGER NOT NULL,"
  "  center_id TEXT NOT NULL REFERENCES offices (id),"
  "  provider_id TEXT NOT NULL REFERENCES offices (id),"
  "  kind TEXT NOT NULL, conditions INTEGER NOT NULL, stage TEXT NOT NULL,"
  "  version INTEGER NOT NULL, accepted_at INTEGER NOT NULL,"
  "  accepted_by INTEGER REFERENCES users (id), term_days INTEGER NOT NULL,"
  "  accepted_on TEXT NOT NULL, provider_due TEXT, issue_date TEXT,"
  "  storage_until TEXT, return_due TEXT, notify_due TEXT, due TEXT,"
  "  sort_key INTEGER NOT NULL,"
  "  applicant_kind TEXT NOT NULL, applicant_idn TEXT NOT NULL,"
  "  applicant_name TEXT NOT NULL, applicant_phone TEXT,"
  "  rep_name TEXT, rep_idn TEXT, rep_phone TEXT, rep_poa TEXT,"
  "  object_kind TEXT NOT NULL, cadastral TEXT,"
  "  a_place INTEGER REFERENCES places (id), a_geonym_type TEXT, a_geonym_kk TEXT,"
  "  a_geonym_ru TEXT, a_geonym_en TEXT, a_building TEXT, a_block TEXT,"
  "  a_premise TEXT, a_rca TEXT, a_active INTEGER,"
  "  f_place INTEGER REFERENCES places (id), f_geonym_type TEXT, f_geonym_kk TEXT,"
  "  f_geonym_ru TEXT, f_geonym_en TEXT, f_building TEXT, f_block TEXT,"
  "  f_premise TEXT, f_rca TEXT, f_active INTEGER,"
  "  basis_number TEXT, basis_date TEXT,"
  "  result TEXT, result_number TEXT, result_date TEXT, grounds TEXT,"
  "  register_id INTEGER REFERENCES registers (id),"
  "  items TEXT NOT NULL);"
  "CREATE UNIQUE INDEX cases_regno ON cases (regno);"
  "CREATE UNIQUE INDEX cases_sort_key ON cases (sort_key);"
  "CREATE TABLE register_cases ("
  "  register_id INTEGER NOT NULL REFERENCES registers (id),"
  "  case_id INTEGER NOT NULL REFERENCES cases (id),"
  "  PRIMARY KEY (register_id, case_id));"
  "CREATE TABLE stage_counts ("
  "  office_id TEXT NOT NULL, stage TEXT NOT NULL, n INTEGER NOT NULL,"
  "  PRIMARY KEY (office_id, stage));"
  "CREATE TABLE events ("
  "  id INTEGER PRIMARY KEY, case_id INTEGER REFERENCES cases (id),"
  "  at INTEGER NOT NULL, user_id INTEGER REFERENCES users (id), role TEXT,"
  "  action TEXT NOT NULL, stage_before TEXT, stage_after TEXT,"
  "  before TEXT, after TEXT, note TEXT, hash TEXT NOT NULL);"
  "CREATE INDEX events_case ON events (case_id);"
  "CREATE TABLE audit_head ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1), last_id INTEGER NOT NULL,"
  "  last_hash TEXT NOT NULL);";

static const char *const migration_2 =
  "CREATE TABLE drafts ("
  "  user_id INTEGER PRIMARY KEY REFERENCES users (id),"
  "  json TEXT NOT NULL, saved_at INTEGER NOT NULL);";

/* The applicant's documents: one checked PDF per attachment (mk-store-attachments.c).
 * Removed rows stay so that the audit trail can refer to them. */
static const char *const migration_3 =
  "CREATE TABLE attachment ("
  "  id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases (id),"
  "  doc_kind TEXT NOT NULL, created_at INTEGER NOT NULL,"
  "  created_by INTEGER NOT NULL REFERENCES users (id), file_name TEXT,"
  "  n_pages INTEGER NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL,"
  "  pdf BLOB NOT NULL, item_was_present INTEGER NOT NULL,"
  "  removed_at INTEGER, removed_by INTEGER REFERENCES users (id));"
  "CREATE INDEX attachment_case ON attachment (case_id, doc_kind);";

G_STATIC_ASSERT (MK_STORE_APPLICATION_ID == 1296779825);

/* Issued documents (mk-store-documents.c): every version is kept; a row's
 * bytes never change once written, and a signed row is never deleted. */
static const char *const migration_4 =
  "CREATE TABLE document ("
  "  id INTEGER PRIMARY KEY, case_id INTEGER REFERENCES cases (id),"
  "  register_id INTEGER REFERENCES registers (id),"
  "  kind TEXT NOT NULL, number TEXT NOT NULL, version INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL, created_by INTEGER REFERENCES users (id),"
  "  pdf BLOB NOT NULL, sha256 TEXT NOT NULL, qr_payload TEXT NOT NULL, qr_digest TEXT NOT NULL,"
  "  signed INTEGER NOT NULL DEFAULT 0, signed_at INTEGER, signed_by INTEGER REFERENCES users (id),"
  "  signer_name TEXT, superseded_by INTEGER REFERENCES document (id),"
  "  CHECK ((case_id IS NULL) <> (register_id IS NULL)));"
  "CREATE INDEX document_case ON document (case_id, kind, version);"
  "CREATE INDEX document_register ON document (register_id, kind, version);"
  "CREATE INDEX document_number ON document (kind, number);"
  "CREATE INDEX document_sha256 ON document (sha256);"
  "CREATE TRIGGER document_immutable BEFORE UPDATE OF"
  "  case_id, register_id, kind, number, version, created_at, created_by, pdf, sha256,"
  "  qr_payload, qr_digest, signed, signed_at, signed_by, signer_name ON document"
  " BEGIN SELECT RAISE (ABORT, 'an issued document is immutable: issue a new version'); END;"
  "CREATE TRIGGER document_signed_kept BEFORE DELETE ON document WHEN old.signed <> 0"
  " BEGIN SELECT RAISE (ABORT, 'a signed document is never deleted'); END;";

/* §10 step 5: the head's signing certificate is registered on the head's
 * account; a signed document keeps the certificate it was signed with. */
static const char *const migration_5 =
  "ALTER TABLE users ADD COLUMN cert_der BLOB;"
  "ALTER TABLE users ADD COLUMN cert_sha256 TEXT;"
  "ALTER TABLE users ADD COLUMN cert_name TEXT;"
  "ALTER TABLE document ADD COLUMN signer_cert_sha256 TEXT;";

static const char *const *const migrations[] = { &migration_1, &migration_2, &migration_3,
                                                 &migration_4, &migration_5 };
G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == MK_STORE_SCHEMA_VERSION);

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
  g_clear_object (&self->regulation);
  g_clear_object (&self->calendar);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->places, g_hash_table_unref);
  g_clear_pointer (&self->doc_kinds, g_hash_table_unref);
  g_clear_pointer (&self->bulk_regno, g_hash_table_unref);
  g_clear_pointer (&self->bulk_last_hash, g_free);

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
  self->clock = mk_clock_new ();
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
                   _("%s: %s (%s)"), what, mk_db_errmsg (self->db), self->path);
      break;
    case MK_DB_STATUS_NOT_DATABASE:
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_MEKENJAI,
                   _("“%s” is not a Mekenjai database: %s"), self->path,
                   mk_db_errmsg (self->db));
      break;
    default:
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_FAILED,
                   _("%s: %s (%s)"), what, mk_db_errmsg (self->db), self->path);
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
  /* IMMEDIATE: take the write lock now, so that two windows or processes
   * never both read a stage and then both move the case. */
  return mk_store_exec (self, "BEGIN IMMEDIATE", error);
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
  g_clear_pointer (&self->bulk_last_hash, g_free);
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
mk_store_append_uint (GString *out,
                      guint64  value)
{
  char digits[24];
  guint n = 0;

  do
    digits[n++] = (char) ('0' + value % 10);
  while ((value /= 10) > 0);
  while (n > 0)
    g_string_append_c (out, digits[--n]);
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

  if (!store_regulation_row (self, reg_text, reg_len, mk_regulation_get_edition (regulation), error))
    return FALSE;
  return store_calendar_rows (self, calendar, error);
}

/* Loading the cached regulation and calendar. */

static gboolean
load_reference (MkStore     *self,
                GError     **error)
{
  g_autoptr(MkRegulation) regulation = NULL;
  g_autoptr(MkCalendar) calendar = mk_calendar_new ();
  MkDbStmt *stmt;
  int rc;

  stmt = mk_store_stmt (self, "SELECT data FROM regulation ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  if (mk_db_step (stmt) != MK_DB_ROW)
    {
      mk_db_reset (stmt);
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND,
                   _("The database “%s” holds no regulation"), self->path);
      return FALSE;
    }
  regulation = mk_regulation_new_from_data (mk_db_column_text (stmt, 0),
                                            mk_db_column_bytes (stmt, 0), error);
  mk_db_reset (stmt);
  if (regulation == NULL)
    return FALSE;

  stmt = mk_store_stmt (self, "SELECT day, kind, name_kk, name_ru FROM calendar_days ORDER BY day", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
    {
      GDate date;

      mk_store_column_date (stmt, 0, &date);
      if (g_date_valid (&date))
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

  g_set_object (&self->regulation, regulation);
  g_set_object (&self->calendar, calendar);
  return TRUE;
}

/* Opening. */

static gboolean
pragma_int (MkStore     *self,
            const char  *sql,
            int         *value,
            GError     **error)
{
  MkDbStmt *stmt = NULL;
  int rc;

  /* Pragmas are read once at open: no need to cache them. */
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

/* Refuses files that are not ours or come from a newer Mekenjai. */
static gboolean
check_identity (MkStore     *self,
                gboolean    *is_new,
                GError     **error)
{
  int app_id = 0, version = 0, n_tables = 0;

  if (!pragma_int (self, "PRAGMA application_id", &app_id, error)
      || !pragma_int (self, "PRAGMA user_version", &version, error)
      || !pragma_int (self, "SELECT count(*) FROM sqlite_schema", &n_tables, error))
    {
      if (error != NULL && *error != NULL && (*error)->code == MK_STORE_ERROR_FAILED)
        (*error)->code = MK_STORE_ERROR_NOT_MEKENJAI;
      return FALSE;
    }

  *is_new = app_id == 0 && version == 0 && n_tables == 0;
  if (!*is_new && app_id != MK_STORE_APPLICATION_ID)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_MEKENJAI,
                   _("“%s” is not a Mekenjai database"), self->path);
      return FALSE;
    }
  if (version > MK_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_VERSION,
                   _("“%s” was written by a newer Mekenjai (schema %d; this version knows up to %d)"),
                   self->path, version, MK_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  self->schema_version = version;
  return TRUE;
}

static gboolean
set_user_version (MkStore     *self,
                  int          version,
                  GError     **error)
{
  /* PRAGMA takes no parameters; the value is a number we produce ourselves. */
  static const char *const set_version[] = {
    "PRAGMA user_version = 0", "PRAGMA user_version = 1", "PRAGMA user_version = 2",
    "PRAGMA user_version = 3",
    "PRAGMA user_version = 4", "PRAGMA user_version = 5",
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (set_version) == MK_STORE_SCHEMA_VERSION + 1);

  g_assert (version >= 0 && version <= MK_STORE_SCHEMA_VERSION);
  return mk_store_exec (self, set_version[version], error);
}

static gboolean
migrate (MkStore     *self,
         int          max_version,
         GError     **error)
{
  while (self->schema_version < max_version)
    {
      int next = self->schema_version + 1;
      gboolean ok;

      if (!mk_store_begin (self, error))
        return FALSE;
      ok = mk_store_exec (self, *migrations[self->schema_version], error);
      /* The search index is SQLite-specific and kept apart (mk-store-search.c). */
      if (ok && next == 1)
        ok = mk_store_search_create (self, error);
      if (ok)
        ok = set_user_version (self, next, error);
      if (!mk_store_finish (self, ok, error))
        {
          g_prefix_error (error, _("Could not upgrade “%s” to schema %d: "), self->path, next);
          return FALSE;
        }
      self->schema_version = next;
    }
  return TRUE;
}

static gboolean
open_database (MkStore     *self,
               int          max_version,
               GError     **error)
{
  gboolean is_new = FALSE;
  int n_offices = 0;

  self->db = mk_db_sqlite_open (self->path, FALSE, error);
  if (self->db == NULL)
    return FALSE;

  if (!check_identity (self, &is_new, error))
    return FALSE;

  /* WAL: readers never block the writer. synchronous=FULL makes every
   * returned commit durable even against power loss (§9: documents are kept
   * safe); with NORMAL a killed process would lose nothing either, since the
   * WAL is already in the OS, but a power cut could drop the last commits. */
  if (!mk_store_exec (self, "PRAGMA journal_mode = WAL", error)
      || !mk_store_exec (self, "PRAGMA synchronous = FULL", error)
      || !mk_store_exec (self, "PRAGMA foreign_keys = ON", error)
      || !mk_store_exec (self, "PRAGMA cache_size = -65536", error))
    return FALSE;

  if (is_new && !mk_store_exec (self, "PRAGMA application_id = 1296779825", error))
    return FALSE;

  if (!migrate (self, max_version, error))
    return FALSE;

  if (!pragma_int (self, "SELECT count(*) FROM offices", &n_offices, error))
    return FALSE;
  if (n_offices == 0)
    {
      /* A new database is seeded in one transaction: all or nothing. */
      gboolean ok;

      if (!mk_store_begin (self, error))
        return FALSE;
      ok = seed_new_database (self, error);
      if (!mk_store_finish (self, ok, error))
        return FALSE;
    }

  return load_reference (self, error);
}

MkStore *
mk_store_open_at_version (const char  *path,
                          int          max_version,
                          GError     **error)
{
  g_autoptr(MkStore) self = NULL;
  static gsize sodium_ready = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_once_init_enter (&sodium_ready))
    {
      if (sodium_init () < 0)
        g_error ("libsodium could not be initialised");
      g_once_init_leave (&sodium_ready, 1);
    }

  self = g_object_new (MK_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  if (!open_database (self, MIN (max_version, MK_STORE_SCHEMA_VERSION), error))
    return NULL;
  return g_steal_pointer (&self);
}

MkStore *
mk_store_open (const char  *path,
               GError     **error)
{
  return mk_store_open_at_version (path, MK_STORE_SCHEMA_VERSION, error);
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
  return o;
}

#define OFFICE_COLUMNS "id, kind, number, name_kk, name_ru, name_en, address_kk, address_ru," \
                       " address_en, phone, region_code, provider_id"

GPtrArray *
mk_store_list_offices (MkStore    *self,
                       MkOrgKind   kind,
                       GError    **error)
{
  g_autoptr(GPtrArray) offices = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_office_free);
  MkDbStmt *stmt;
  int rc;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);

  stmt = mk_store_stmt (self, "SELECT " OFFICE_COLUMNS " FROM offices WHERE kind = ?1 ORDER BY number",
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

  stmt = mk_store_stmt (self, "SELECT " OFFICE_COLUMNS " FROM offices WHERE id = ?1", error);
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
  return load_reference (self, error);
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
  g_set_object (&self->regulation, parsed);
  ok = store_regulation_row (self, data, strlen (data), mk_regulation_get_edition (parsed), error)
       && mk_store_reindex_cases (self, error)
       && mk_store_append_event (self, 0, mk_store_now (), actor, "import-regulation",
                                 NULL, NULL, NULL, after, NULL, error);
  if (!mk_store_finish (self, ok, error))
    {
      g_set_object (&self->regulation, previous);
      return FALSE;
    }
  return load_reference (self, error);
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

gboolean
mk_store_backup (MkStore     *self,
                 const char  *dest_path,
                 GError     **error)
{
  MkDb *dest;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dest = mk_db_sqlite_open (dest_path, FALSE, error);
  if (dest == NULL)
    return FALSE;
  ok = mk_db_copy (self->db, dest, error);
  mk_db_close (dest);
  return ok;
}

gboolean
mk_store_restore (MkStore     *self,
                  const char  *src_path,
                  GError     **error)
{
  g_autoptr(MkStore) probe = NULL;
  gboolean is_new = FALSE;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (src_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_file_test (src_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND,
                   _("No backup file “%s”"), src_path);
      return FALSE;
    }

  /* Check the file before touching the live database. */
  probe = g_object_new (MK_TYPE_STORE, NULL);
  probe->path = g_strdup (src_path);
  probe->db = mk_db_sqlite_open (src_path, TRUE, error);
  if (probe->db == NULL)
    return FALSE;
  if (!check_identity (probe, &is_new, error))
    return FALSE;
  if (is_new)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_MEKENJAI,
                   _("“%s” is not a Mekenjai database"), src_path);
      return FALSE;
    }

  ok = mk_db_copy (probe->db, self->db, error);
  g_clear_object (&probe);
  if (!ok)
    return FALSE;

  g_hash_table_remove_all (self->places);
  g_hash_table_remove_all (self->doc_kinds);
  if (!pragma_int (self, "PRAGMA user_version", &self->schema_version, error))
    return FALSE;
  /* A backup from an older schema is brought up to date, then reloaded. */
  if (!migrate (self, MK_STORE_SCHEMA_VERSION, error))
    return FALSE;
  return load_reference (self, error);
}
