/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the store does its own way on SQLite, the embedded engine of one desk:
 * the schema and its migrations (PRAGMA user_version), the file's identity
 * (PRAGMA application_id), the write lock, the FTS5 search index and bulk
 * loading. The connection itself is mk-db-sqlite.c. */
#define G_LOG_DOMAIN "mk-store"

#include "mk-store-private.h"

#include <errno.h>
#include <signal.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

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

/* Schema 7. #14: words are indexed with their look-alike spelling too
 * (mk-store-search.c): the index is emptied here and rebuilt once the
 * regulation is loaded (the mark in meta, mk-store.c), which needs the
 * store's C code, not SQL. A database without cases needs no mark (a copy's
 * empty target has none). §10 step 5: the roots of the certification centers whose
 * certificates an administrator trusts for the head's signature (the
 * national certification center's); a check of a signed document names the
 * one its chain leads to. #13: each event records the digests of the case,
 * user and attachment rows it changed ("case 12 <sha256>" lines), and its
 * hash covers them. */
static const char *const migration_7 =
  "INSERT INTO case_fts (case_fts) VALUES ('delete-all');"
  "INSERT INTO meta (key, value) SELECT 'reindex', 'search' WHERE EXISTS (SELECT 1 FROM cases)"
  " ON CONFLICT (key) DO NOTHING;"
  /* #13: the rows already there are sealed as they are now, once the
   * upgrade is done (the mark in meta, mk-store.c). A new database has none. */
  "INSERT INTO meta (key, value) SELECT 'seal', 'rows' WHERE EXISTS (SELECT 1 FROM users)"
  " ON CONFLICT (key) DO NOTHING;"
  "CREATE TABLE trust_anchors ("
  "  sha256 TEXT PRIMARY KEY, der BLOB NOT NULL, common_name TEXT, subject_dn TEXT NOT NULL,"
  "  not_after INTEGER NOT NULL, added_at INTEGER NOT NULL, added_by INTEGER REFERENCES users (id));"
  "ALTER TABLE events ADD COLUMN row_digests TEXT;"
  /* §4, §6: the address registration code is unique among active
   * addresses; §4 (the regulation is an edition): each case keeps the
   * edition it was accepted under. Shared with PostgreSQL's 6 → 7 upgrade. */
  "ALTER TABLE cases ADD COLUMN rca_held TEXT;"
  "ALTER TABLE cases ADD COLUMN regulation_id INTEGER REFERENCES regulation (id);"
  MK_STORE_UPGRADE_7_CASES
  UPGRADE_7_RECEIPTS;

/* Schema 8 changed PostgreSQL's search index only (#8): FTS5 walks its
 * matches in due order already. The version moves with the other engine's. */
static const char *const migration_8 = "";

/* Schema 9 (#10): the oblast a provider's district lies in today, which an
 * administrator may change; the printed offices stay as they were. */
static const char *const migration_9 =
  "ALTER TABLE offices ADD COLUMN region_kk TEXT;"
  "ALTER TABLE offices ADD COLUMN region_ru TEXT;"
  "ALTER TABLE offices ADD COLUMN region_en TEXT;"
  MK_STORE_UPGRADE_9_OFFICES;

/* Schema 10. #12: the report of a period reads its cases and their stage
 * transitions from these two indexes alone, not from the whole cases table
 * and the events' rows: a quarter of a million cases in under a second. */
static const char *const migration_10 =
  "CREATE INDEX cases_accepted ON cases (accepted_at, center_id, provider_id, kind, stage, result,"
  " provider_due, issue_date, regno);"
  "CREATE INDEX events_transitions ON events (case_id, id, at, user_id, role, action, stage_before,"
  " stage_after) WHERE stage_after IS NOT NULL;";

static const char *const *const migrations[] = { &migration_1, &migration_2, &migration_3,
                                                 &migration_4, &migration_5, &migration_6,
                                                 &migration_7, &migration_8, &migration_9,
                                                 &migration_10 };
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

static gboolean restore_index_settings (MkStore *self, GError **error);

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
  if (self->schema_version >= 1 && !restore_index_settings (self, error))
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
    "PRAGMA user_version = 7", "PRAGMA user_version = 8", "PRAGMA user_version = 9",
    "PRAGMA user_version = 10",
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

/* The terms are our own tokens (letters, digits, the marks) in double
 * quotes, so nothing the user types can change the query's meaning. */
static void
sqlite_match_term (GString           *query,
                   const char *const *alternatives,
                   gboolean           prefix)
{
  gboolean several = alternatives[0] != NULL && alternatives[1] != NULL;

  /* FTS5 joins phrases side by side, but a group in parentheses only with AND. */
  if (query->len > 0)
    g_string_append (query, " AND ");
  if (several)
    g_string_append_c (query, '(');
  for (guint i = 0; alternatives[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (query, " OR ");
      g_string_append_c (query, '"');
      g_string_append (query, alternatives[i]);
      g_string_append (query, prefix ? "\"*" : "\"");
    }
  if (several)
    g_string_append_c (query, ')');
}

static void
sqlite_match_except (GString    *query,
                     const char *other)
{
  if (*other == '\0')
    return;
  /* NOT binds tighter than the implicit AND: both sides in parentheses. */
  g_string_prepend_c (query, '(');
  g_string_append (query, ") NOT (");
  g_string_append (query, other);
  g_string_append_c (query, ')');
}

/* Every table, children before parents (mk-store-copy.c fills them in the
 * opposite order). The search index is rebuilt after the copy. */
static const char *const sql_clear_all =
  "DELETE FROM trust_anchors; DELETE FROM document; DELETE FROM attachment; DELETE FROM drafts;"
  "DELETE FROM audit_head;"
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

/* The search index's settings are rows of its own (case_fts_config): they
 * outlive the connection, and a bulk load killed half way would leave them
 * for good (#13). So the load writes down who runs it, with the settings and
 * in the same transaction, and clears that with the everyday settings; an
 * open finding bulk settings with nobody alive behind them puts the
 * everyday ones back. */
#define BULK_KEY        "fts_bulk_load"
#define AUTOMERGE_BULK  0
#define AUTOMERGE_DAY   4
#define HASHSIZE_BULK   268435456
#define HASHSIZE_DAY    1048576

static char *
bulk_owner (void)
{
  return g_strdup_printf ("%s %d", g_get_host_name (), (int) getpid ());
}

/* A process on this machine that is still running; one on another desk
 * cannot be asked, and is taken as gone. */
static gboolean
owner_alive (const char *owner)
{
  g_autofree char *host = NULL;
  const char *space;
  gint64 pid;

  if (owner == NULL || (space = strrchr (owner, ' ')) == NULL)
    return FALSE;
  host = g_strndup (owner, space - owner);
  pid = g_ascii_strtoll (space + 1, NULL, 10);
  if (g_strcmp0 (host, g_get_host_name ()) != 0 || pid <= 0 || pid > G_MAXINT)
    return FALSE;
  return kill ((pid_t) pid, 0) == 0 || errno == EPERM;
}

static gboolean
set_index_settings (MkStore   *self,
                    gboolean   bulk,
                    GError   **error)
{
  MkDbStmt *stmt = mk_store_stmt (self, "INSERT INTO case_fts (case_fts, rank) VALUES ('automerge', ?1)", error);

  if (stmt == NULL)
    return FALSE;
  mk_db_bind_int64 (stmt, 1, bulk ? AUTOMERGE_BULK : AUTOMERGE_DAY);
  if (!mk_store_step_done (self, stmt, error))
    return FALSE;
  stmt = mk_store_stmt (self, "INSERT INTO case_fts (case_fts, rank) VALUES ('hashsize', ?1)", error);
  if (stmt == NULL)
    return FALSE;
  mk_db_bind_int64 (stmt, 1, bulk ? HASHSIZE_BULK : HASHSIZE_DAY);
  if (!mk_store_step_done (self, stmt, error))
    return FALSE;
  if (bulk)
    {
      g_autofree char *owner = bulk_owner ();

      stmt = mk_store_stmt (self, "INSERT INTO meta (key, value) VALUES ('" BULK_KEY "', ?1)"
                                  " ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
      if (stmt == NULL)
        return FALSE;
      mk_store_bind_text (stmt, 1, owner);
      return mk_store_step_done (self, stmt, error);
    }
  return mk_store_exec (self, "DELETE FROM meta WHERE key = '" BULK_KEY "'", error);
}

static gboolean
write_index_settings (MkStore   *self,
                      gboolean   bulk,
                      GError   **error)
{
  if (!sqlite_begin (self, error))
    return FALSE;
  return mk_store_finish (self, set_index_settings (self, bulk, error), error);
}

static gboolean
read_bulk_owner (MkStore  *self,
                 char    **owner,
                 GError  **error)
{
  MkDbStmt *stmt = mk_store_stmt (self, "SELECT value FROM meta WHERE key = '" BULK_KEY "'", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = mk_db_step (stmt);
  if (rc == MK_DB_ROW)
    *owner = g_strdup (mk_db_column_text (stmt, 0));
  mk_db_reset (stmt);
  if (rc != MK_DB_ROW && rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not read the database"));
      return FALSE;
    }
  return TRUE;
}

/* At open: the everyday settings back after a bulk load that did not end. */
static gboolean
restore_index_settings (MkStore  *self,
                        GError  **error)
{
  static const char *const sql_bulk_left =
    "SELECT count(*) FROM case_fts_config WHERE (k = 'automerge' AND v <> 4) OR (k = 'hashsize' AND v <> 1048576)"
    " OR EXISTS (SELECT 1 FROM meta WHERE key = '" BULK_KEY "')";
  g_autofree char *owner = NULL;
  int n_left = 0;
  gboolean ok;

  G_STATIC_ASSERT (AUTOMERGE_DAY == 4 && HASHSIZE_DAY == 1048576);

  /* The common case reads one small table and writes nothing. */
  if (!mk_store_query_int (self, sql_bulk_left, &n_left, error))
    return FALSE;
  if (n_left == 0)
    return TRUE;
  /* A load still running, in another process, holds the write lock for a
   * whole batch at a time: asked first without it, and again under it. */
  if (!read_bulk_owner (self, &owner, error))
    return FALSE;
  if (owner_alive (owner))
    return TRUE;
  g_clear_pointer (&owner, g_free);
  if (!sqlite_begin (self, error))
    return FALSE;
  if (!read_bulk_owner (self, &owner, error))
    {
      mk_store_rollback (self);
      return FALSE;
    }
  if (owner_alive (owner))
    {
      mk_store_rollback (self);
      return TRUE;
    }
  ok = set_index_settings (self, FALSE, error);
  if (ok)
    g_debug ("%s: the search index's settings of an unfinished bulk load (%s) are back to everyday ones",
             self->display_name, owner != NULL ? owner : "unknown");
  return mk_store_finish (self, ok, error);
}

static gboolean
sqlite_bulk_begin (MkStore  *self,
                   GError  **error)
{
  /* One large index segment per batch and no merging on the way (merged once
   * at the end), a bigger page cache, and the write-ahead log copied back
   * once at the end instead of every 4 MB. In WAL mode synchronous=NORMAL
   * keeps the database consistent through any crash; a power cut could only
   * lose the last demo batches, which are synthetic. Only the index's
   * settings outlive the connection: they are written with their owner. */
  return write_index_settings (self, TRUE, error)
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
         && write_index_settings (self, FALSE, error)
         && mk_store_exec (self, "PRAGMA cache_size = -65536", error)
         && mk_store_exec (self, "PRAGMA wal_checkpoint (TRUNCATE)", error)
         && mk_store_exec (self, "PRAGMA wal_autocheckpoint = 1000", error)
         && mk_store_exec (self, "PRAGMA synchronous = FULL", error);
}

/* A backup's copy, before anything else is read from it (#13): every page
 * and index sound, every reference pointing at a row. */
static gboolean
sqlite_check_integrity (MkStore  *self,
                        GError  **error)
{
  MkDbStmt *stmt = mk_db_prepare (self->db, "PRAGMA integrity_check (1)");
  g_autofree char *result = NULL;
  int rc;
  int n_orphans = 0;

  if (stmt == NULL)
    {
      mk_store_set_sql_error (self, error, _("Could not check the database"));
      return FALSE;
    }
  rc = mk_db_step (stmt);
  if (rc == MK_DB_ROW)
    result = g_strdup (mk_db_column_text (stmt, 0));
  mk_db_finalize (stmt);
  if (rc != MK_DB_ROW)
    {
      mk_store_set_sql_error (self, error, _("Could not check the database"));
      if (error != NULL && *error != NULL && (*error)->code == MK_STORE_ERROR_FAILED)
        (*error)->code = MK_STORE_ERROR_NOT_MEKENJAI;
      return FALSE;
    }
  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_MEKENJAI,
                   _("“%s” is damaged or incomplete: %s"), self->display_name, result);
      return FALSE;
    }
  if (!mk_store_query_int (self, "SELECT count(*) FROM pragma_foreign_key_check", &n_orphans, error))
    return FALSE;
  if (n_orphans > 0)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_MEKENJAI,
                   g_dngettext (GETTEXT_PACKAGE,
                                "“%s” is damaged: %d row refers to a row it does not hold",
                                "“%s” is damaged: %d rows refer to rows it does not hold", n_orphans),
                   self->display_name, n_orphans);
      return FALSE;
    }
  return TRUE;
}

static gboolean
keep_previous (const char  *path,
               const char  *previous,
               GError     **error)
{
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;

  g_unlink (previous);
  /* A second name for the same file costs nothing; a copy where the
   * file system has no hard links. */
  if (link (path, previous) == 0)
    return TRUE;
  from = g_file_new_for_path (path);
  to = g_file_new_for_path (previous);
  return g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error);
}

/* The checked copy of a backup takes the live file's name in one rename
 * (#13); the previous database stays beside it, as FILE.previous, until the
 * new one is open, and comes back if it does not open. */
static gboolean
sqlite_replace_file (MkStore     *self,
                     const char  *checked,
                     GError     **error)
{
  g_autofree char *previous = g_strconcat (self->path, ".previous", NULL);
  g_autofree char *checked_wal = g_strconcat (checked, "-wal", NULL);
  g_autofree char *mode = NULL;
  g_autoptr(GError) reopen_error = NULL;
  MkDbStmt *stmt;
  int rc;

  /* Closed, the copy is one file: its log was written back and removed. */
  if (g_file_test (checked_wal, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_FAILED,
                   _("Could not finish the copy of the backup “%s”"), checked);
      return FALSE;
    }
  /* Out of WAL mode: SQLite allows it only while no other connection has
   * the file open (the app, another mekenjai-cli), which would go on
   * writing to the replaced file; and it leaves the whole database in the
   * one file, with no log beside it that the new file could be read with. */
  stmt = mk_db_prepare (self->db, "PRAGMA journal_mode = DELETE");
  rc = stmt != NULL ? mk_db_step (stmt) : MK_DB_DONE;
  if (rc == MK_DB_ROW)
    mode = g_strdup (mk_db_column_text (stmt, 0));
  if (stmt != NULL)
    mk_db_finalize (stmt);
  if (g_strcmp0 (mode, "delete") != 0)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_FAILED,
                   _("“%s” is open in another program (the app, or another mekenjai-cli): close it there, "
                     "then restore"), self->display_name);
      mk_store_exec (self, "PRAGMA journal_mode = WAL", NULL);
      return FALSE;
    }
  /* Nobody else opens, reads or writes it while it is replaced. */
  if (!mk_store_exec (self, "BEGIN EXCLUSIVE", error))
    {
      mk_store_exec (self, "PRAGMA journal_mode = WAL", NULL);
      return FALSE;
    }
  if (!keep_previous (self->path, previous, error))
    {
      g_prefix_error (error, _("Could not keep the previous database as “%s”: "), previous);
      mk_store_rollback (self);
      mk_store_exec (self, "PRAGMA journal_mode = WAL", NULL);
      return FALSE;
    }
  if (g_rename (checked, self->path) != 0)
    {
      int saved = errno;

      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_FAILED,
                   _("Could not put the backup in place of “%s”: %s"), self->display_name, g_strerror (saved));
      g_unlink (previous);
      mk_store_rollback (self);
      mk_store_exec (self, "PRAGMA journal_mode = WAL", NULL);
      return FALSE;
    }
  mk_store_rollback (self);
  if (!mk_store_reconnect (self, error))
    {
      /* The previous database goes back under its name. */
      g_prefix_error (error, _("The restored database did not open, the previous one is back: "));
      if (g_rename (previous, self->path) != 0 || !mk_store_reconnect (self, &reopen_error))
        g_warning ("Could not reopen %s: %s", self->display_name,
                   reopen_error != NULL ? reopen_error->message : g_strerror (errno));
      return FALSE;
    }
  g_unlink (previous);
  return TRUE;
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
  .match_except = sqlite_match_except,
  .search_sql = sqlite_search_sql,
  .load_begin = sqlite_load_begin,
  .load_end = sqlite_load_end,
  .announce = sqlite_announce,
  .watch_connect = sqlite_watch_connect,
  .watch_fd = sqlite_watch_fd,
  .watch_poll = sqlite_watch_poll,
  .bulk_begin = sqlite_bulk_begin,
  .bulk_end = sqlite_bulk_end,
  .check_integrity = sqlite_check_integrity,
  .replace_file = sqlite_replace_file,
};
