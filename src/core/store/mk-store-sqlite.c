/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the store does its own way on SQLite, the embedded engine of one desk:
 * the schema and its migrations (PRAGMA user_version), the file's identity
 * (PRAGMA application_id), the write lock, the FTS5 search index and bulk
 * loading. The connection itself is mk-db-sqlite.c. */
#define G_LOG_DOMAIN "mk-store"

#include "mk-store-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Schema migrations, in order; step i brings user_version from i to i + 1,
 * each in its own transaction. Plain types and constraints only, so that the
 * same schema is written for PostgreSQL in mk-store-pg.c. */
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

/* Appendix 2: the center offices are units of its first entry, the oblast
 * branch, which their receipts name first (data/offices.ini "parent"). */
#define UPGRADE_6_OFFICES \
  "ALTER TABLE offices ADD COLUMN parent_id TEXT REFERENCES offices (id);" \
  "UPDATE offices SET parent_id = 'c01' WHERE kind = 'center' AND id <> 'c01'" \
  " AND EXISTS (SELECT 1 FROM offices WHERE id = 'c01');"

/* §17: a user's position in Russian beside the Kazakh one; no English word
 * reaches a printed document. The former text serves for both at first. */
static const char *const migration_6 =
  "ALTER TABLE users ADD COLUMN position_ru TEXT;"
  "UPDATE users SET position_ru = position;"
  UPGRADE_6_OFFICES;

/* §19, #14: the receiving side confirms each case of a register, or the
 * whole register at once; a register received before counts for its cases. */
#define UPGRADE_7_RECEIPTS \
  "ALTER TABLE register_cases ADD COLUMN received_at INTEGER;" \
  "ALTER TABLE register_cases ADD COLUMN received_by INTEGER REFERENCES users (id);" \
  "UPDATE register_cases SET received_at = (SELECT r.received_at FROM registers r WHERE r.id = register_id)," \
  " received_by = (SELECT r.received_by FROM registers r WHERE r.id = register_id)" \
  " WHERE EXISTS (SELECT 1 FROM registers r WHERE r.id = register_id AND r.received_at IS NOT NULL);"

static const char *const migration_7 = UPGRADE_7_RECEIPTS;

static const char *const *const migrations[] = { &migration_1, &migration_2, &migration_3,
                                                 &migration_4, &migration_5, &migration_6,
                                                 &migration_7 };
G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == MK_STORE_SCHEMA_VERSION);

/* Search as you type. The index holds text already folded and split
 * (mk-store-search.c), so the plain ascii tokenizer only has to cut at the
 * spaces; it keeps every non-ASCII byte inside its word (й, ё, the Kazakh
 * letters, the filter mark) and costs a fifth less than unicode61 when a
 * million cases are loaded. Databases made with unicode61 still work: it
 * splits this text into the same words. Its rowid is the case's sort key (due
 * day, then id), so a MATCH walks the matches in due order and stops after one
 * page, however common the term. detail=none and columnsize=0: only "which
 * rows hold the term" is needed, never positions or ranking. Prefix indexes
 * for 1–3 characters make the first keystrokes cheap. Contentless
 * (content=''): the text is not stored twice, a quarter of the database at a
 * million cases; a row is deleted by giving FTS5 the text it was indexed
 * with, which the store rebuilds from the case as it was. */
static const char *const sql_create_fts =
  "CREATE VIRTUAL TABLE case_fts USING fts5 (body, content = '',"
  " tokenize = 'ascii', prefix = '1 2 3',"
  " detail = none, columnsize = 0)";

static MkDb *
sqlite_connect (const char  *location,
                const char  *password,
                gboolean     read_only,
                GError     **error)
{
  return mk_db_sqlite_open (location, read_only, error);
}

/* Refuses files that are not ours or come from a newer Mekenjai. */
static gboolean
sqlite_identify (MkStore   *self,
                 gboolean  *is_new,
                 GError   **error)
{
  int app_id = 0, version = 0, n_tables = 0;

  if (!mk_store_query_int (self, "PRAGMA application_id", &app_id, error)
      || !mk_store_query_int (self, "PRAGMA user_version", &version, error)
      || !mk_store_query_int (self, "SELECT count(*) FROM sqlite_schema", &n_tables, error))
    {
      if (error != NULL && *error != NULL && (*error)->code == MK_STORE_ERROR_FAILED)
        (*error)->code = MK_STORE_ERROR_NOT_MEKENJAI;
      return FALSE;
    }

  *is_new = app_id == 0 && version == 0 && n_tables == 0;
  if (*is_new)
    {
      self->schema_version = 0;
      return TRUE;
    }
  return mk_store_accept_schema (self, app_id, version, error);
}

static gboolean
sqlite_configure (MkStore   *self,
                  gboolean   is_new,
                  GError   **error)
{
  /* WAL: readers never block the writer. synchronous=FULL makes every
   * returned commit durable even against power loss (§9: documents are kept
   * safe); with NORMAL a killed process would lose nothing either, since the
   * WAL is already in the OS, but a power cut could drop the last commits. */
  if (!mk_store_exec (self, "PRAGMA journal_mode = WAL", error)
      || !mk_store_exec (self, "PRAGMA synchronous = FULL", error)
      || !mk_store_exec (self, "PRAGMA foreign_keys = ON", error)
      || !mk_store_exec (self, "PRAGMA cache_size = -65536", error))
    return FALSE;
  return !is_new || mk_store_exec (self, "PRAGMA application_id = 1296779825", error);
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
    "PRAGMA user_version = 4", "PRAGMA user_version = 5", "PRAGMA user_version = 6",
    "PRAGMA user_version = 7",
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (set_version) == MK_STORE_SCHEMA_VERSION + 1);

  g_assert (version >= 0 && version <= MK_STORE_SCHEMA_VERSION);
  return mk_store_exec (self, set_version[version], error);
}

static gboolean
sqlite_migrate (MkStore     *self,
                int          max_version,
                GError     **error)
{
  while (self->schema_version < max_version)
    {
      int next = self->schema_version + 1;
      int version = 0;
      gboolean ok;

      if (!mk_store_begin (self, error))
        return FALSE;
      /* Another process may have upgraded the file while this one waited for the lock. */
      if (!mk_store_query_int (self, "PRAGMA user_version", &version, error))
        {
          mk_store_rollback (self);
          return FALSE;
        }
      if (version > self->schema_version)
        {
          mk_store_rollback (self);
          self->schema_version = version;
          continue;
        }
      ok = mk_store_exec (self, *migrations[self->schema_version], error);
      if (ok && next == 1)
        ok = mk_store_exec (self, sql_create_fts, error);
      if (ok)
        ok = set_user_version (self, next, error);
      if (!mk_store_finish (self, ok, error))
        {
          g_prefix_error (error, _("Could not upgrade “%s” to schema %d: "), self->display_name, next);
          return FALSE;
        }
      self->schema_version = next;
    }
  return TRUE;
}

static gboolean
sqlite_begin (MkStore  *self,
              GError  **error)
{
  /* IMMEDIATE: the file's write lock now, not at the first write. */
  return mk_store_exec (self, "BEGIN IMMEDIATE", error);
}

static gboolean
sqlite_begin_read (MkStore  *self,
                   GError  **error)
{
  /* In WAL mode a read transaction sees one snapshot from its first read. */
  return mk_store_exec (self, "BEGIN", error);
}

static gboolean
sqlite_index_put (MkStore     *self,
                  gint64       old_key,
                  const char  *old_text,
                  gint64       new_key,
                  const char  *new_text,
                  GError     **error)
{
  MkDbStmt *stmt;

  if (old_key >= 0)
    {
      stmt = mk_store_stmt (self, "INSERT INTO case_fts (case_fts, rowid, body) VALUES ('delete', ?1, ?2)",
                            error);
      if (stmt == NULL)
        return FALSE;
      mk_db_bind_int64 (stmt, 1, old_key);
      mk_store_bind_text (stmt, 2, old_text);
      if (!mk_store_step_done (self, stmt, error))
        return FALSE;
    }
  stmt = mk_store_stmt (self, "INSERT INTO case_fts (rowid, body) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  mk_db_bind_int64 (stmt, 1, new_key);
  mk_store_bind_text (stmt, 2, new_text);
  return mk_store_step_done (self, stmt, error);
}

static gboolean
sqlite_index_clear (MkStore  *self,
                    GError  **error)
{
  /* A contentless row can only be deleted with the exact text it was indexed
   * with: drop every row at once instead. */
  return mk_store_exec (self, "INSERT INTO case_fts (case_fts) VALUES ('delete-all')", error);
}

/* The terms are our own tokens (letters, digits, the filter mark) in double
 * quotes, so nothing the user types can change the query's meaning. */
static void
sqlite_match_term (GString    *query,
                   const char *token,
                   gboolean    prefix)
{
  if (query->len > 0)
    g_string_append_c (query, ' ');
  g_string_append_c (query, '"');
  g_string_append (query, token);
  g_string_append (query, prefix ? "\"*" : "\"");
}

/* Every table, children before parents (mk-store-copy.c fills them in the
 * opposite order). The search index is rebuilt after the copy. */
static const char *const sql_clear_all =
  "DELETE FROM document; DELETE FROM attachment; DELETE FROM drafts; DELETE FROM audit_head;"
  "DELETE FROM events; DELETE FROM stage_counts; DELETE FROM register_cases; DELETE FROM cases;"
  "DELETE FROM regno_counters; DELETE FROM register_counters; DELETE FROM registers;"
  "DELETE FROM places; DELETE FROM users; DELETE FROM doc_kinds; DELETE FROM calendar_days;"
  "DELETE FROM calendar_years; DELETE FROM regulation; DELETE FROM offices; DELETE FROM meta;";

static gboolean
sqlite_load_begin (MkStore   *self,
                   gboolean   replace,
                   GError   **error)
{
  if (!sqlite_begin (self, error))
    return FALSE;
  /* A newer version points back at an older one and the other way round
   * (superseded_by): references are checked once, at COMMIT. */
  if (!mk_store_exec (self, "PRAGMA defer_foreign_keys = ON", error)
      || (replace && !mk_store_exec (self, sql_clear_all, error)))
    {
      mk_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_load_end (MkStore  *self,
                 GError  **error)
{
  /* Rowids go on after the largest one by themselves. */
  return TRUE;
}

static gboolean
sqlite_bulk_begin (MkStore  *self,
                   GError  **error)
{
  /* One large index segment per batch and no merging on the way (merged once
   * at the end), a bigger page cache, and the write-ahead log copied back
   * once at the end instead of every 4 MB. In WAL mode synchronous=NORMAL
   * keeps the database consistent through any crash; a power cut could only
   * lose the last demo batches, which are synthetic. */
  return mk_store_exec (self, "INSERT INTO case_fts (case_fts, rank) VALUES ('automerge', 0)", error)
         && mk_store_exec (self, "INSERT INTO case_fts (case_fts, rank) VALUES ('hashsize', 268435456)", error)
         && mk_store_exec (self, "PRAGMA cache_size = -524288", error)
         && mk_store_exec (self, "PRAGMA synchronous = NORMAL", error)
         && mk_store_exec (self, "PRAGMA wal_autocheckpoint = 0", error);
}

static gboolean
sqlite_bulk_end (MkStore  *self,
                 GError  **error)
{
  /* Merge the segments the batches left, so that searches read one b-tree,
   * and go back to the settings for everyday single-case commits. */
  return mk_store_exec (self, "INSERT INTO case_fts (case_fts) VALUES ('optimize')", error)
         && mk_store_exec (self, "INSERT INTO case_fts (case_fts, rank) VALUES ('automerge', 4)", error)
         && mk_store_exec (self, "INSERT INTO case_fts (case_fts, rank) VALUES ('hashsize', 1048576)", error)
         && mk_store_exec (self, "PRAGMA cache_size = -65536", error)
         && mk_store_exec (self, "PRAGMA wal_checkpoint (TRUNCATE)", error)
         && mk_store_exec (self, "PRAGMA wal_autocheckpoint = 1000", error)
         && mk_store_exec (self, "PRAGMA synchronous = FULL", error);
}

static gboolean
sqlite_announce (MkStore  *self,
                 gint64    case_id,
                 GError  **error)
{
  /* Nothing to send: a watch sees the file's data version move. */
  return TRUE;
}

static gboolean
sqlite_watch_connect (MkStore  *self,
                      MkDb    **db,
                      GError  **error)
{
  /* The store's own connection: its data version moves only for others' commits. */
  *db = NULL;
  return TRUE;
}

static int
sqlite_watch_fd (MkDb *db)
{
  return -1;
}

/* PRAGMA data_version changes when another connection (the command-line
 * tool's, another desk's app on a shared file) has committed to the file. */
static gboolean
sqlite_watch_poll (MkStore   *self,
                   MkDb      *unused,
                   gint64    *state,
                   gboolean  *changed,
                   GError   **error)
{
  MkDb *db = self->db;
  MkDbStmt *stmt = mk_db_prepare (db, "PRAGMA data_version");
  gint64 version;
  int rc;

  *changed = FALSE;
  if (stmt == NULL)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_FAILED, "%s", mk_db_errmsg (db));
      return FALSE;
    }
  rc = mk_db_step (stmt);
  version = rc == MK_DB_ROW ? mk_db_column_int64 (stmt, 0) : -1;
  mk_db_finalize (stmt);
  if (rc != MK_DB_ROW)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_FAILED, "%s", mk_db_errmsg (db));
      return FALSE;
    }
  *changed = *state != 0 && version != *state;
  *state = version;
  return TRUE;
}

/* A MATCH walks the index in rowid order, which is the sort key: no window. */
static const char *
sqlite_search_sql (const char *match,
                   gboolean    descending,
                   gboolean    window)
{
  if (window)
    return NULL;
  return descending
    ? "SELECT " MK_STORE_SEARCH_COLUMNS " FROM (SELECT rowid AS k FROM case_fts WHERE case_fts MATCH ?1"
      " AND rowid > ?2 AND rowid < ?3 ORDER BY rowid DESC LIMIT ?4) h"
      " CROSS JOIN cases c ON c.sort_key = h.k ORDER BY h.k DESC"
    : "SELECT " MK_STORE_SEARCH_COLUMNS " FROM (SELECT rowid AS k FROM case_fts WHERE case_fts MATCH ?1"
      " AND rowid > ?2 AND rowid < ?3 ORDER BY rowid LIMIT ?4) h"
      " CROSS JOIN cases c ON c.sort_key = h.k ORDER BY h.k";
}

const MkStoreEngine mk_store_sqlite_engine = {
  .name = "sqlite",
  .connect = sqlite_connect,
  .identify = sqlite_identify,
  .configure = sqlite_configure,
  .migrate = sqlite_migrate,
  .begin = sqlite_begin,
  .begin_read = sqlite_begin_read,
  .index_put = sqlite_index_put,
  .index_clear = sqlite_index_clear,
  .match_term = sqlite_match_term,
  .search_sql = sqlite_search_sql,
  .load_begin = sqlite_load_begin,
  .load_end = sqlite_load_end,
  .announce = sqlite_announce,
  .watch_connect = sqlite_watch_connect,
  .watch_fd = sqlite_watch_fd,
  .watch_poll = sqlite_watch_poll,
  .bulk_begin = sqlite_bulk_begin,
  .bulk_end = sqlite_bulk_end,
};
