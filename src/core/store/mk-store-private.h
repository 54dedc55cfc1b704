/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internals shared by the store's source files (mk-store-*.c); not installed. */
#pragma once

#include "mk-store.h"
#include "mk-db.h"

G_BEGIN_DECLS

/* "MKJ1" as a big-endian integer: PRAGMA application_id of every Mekenjai database. */
#define MK_STORE_APPLICATION_ID 0x4d4b4a31
#define MK_STORE_SCHEMA_VERSION 10

/* Schema 7 on both engines, after its two columns of cases: rca_held, the
 * address registration code the case's active address holds (§4, §6: unique
 * among active addresses, mk_workflow_held_rca decides it), and regulation_id,
 * the edition the case was accepted under. Cases saved before get the codes
 * the rules would have let them hold (of codes given twice, the earlier case
 * keeps it) and the edition imported last before their acceptance. */
#define MK_STORE_UPGRADE_7_CASES \
  "CREATE INDEX cases_a_rca_upgrade ON cases (a_rca);" \
  "UPDATE cases SET rca_held = a_rca WHERE kind IN ('assignment', 'change')" \
  " AND result = 'certificate' AND a_active <> 0 AND a_rca IS NOT NULL AND a_rca <> ''" \
  " AND NOT EXISTS (SELECT 1 FROM cases o WHERE o.a_rca = cases.a_rca AND o.id < cases.id" \
  "  AND o.kind IN ('assignment', 'change') AND o.result = 'certificate' AND o.a_active <> 0);" \
  "DROP INDEX cases_a_rca_upgrade;" \
  "CREATE UNIQUE INDEX cases_rca_held ON cases (rca_held) WHERE rca_held IS NOT NULL;" \
  "UPDATE cases SET regulation_id = coalesce ((SELECT max (r.id) FROM regulation r" \
  " WHERE r.imported_at <= cases.accepted_at), (SELECT min (r.id) FROM regulation r));"

/* Sort key = due day (Julian day number) in the high bits, case id in the low bits. */
#define MK_STORE_KEY_SHIFT 38
#define MK_STORE_KEY_NO_DUE ((gint64) 0xFFFFFF)
/* Above every sort key: a search's page key past the exact spellings, in
 * the cases found through the look-alike letters (mk-store-search.c). */
#define MK_STORE_KEY_LOOSE ((gint64) 1 << 62)

/* The search index's filter words start with this private-use character
 * (U+E000), then a letter for the filter: s stage, k kind, r queue role,
 * o office (mk-store-search.c). */
#define MK_STORE_FILTER_MARK "\xee\x80\x80"

/* The columns of a search result, in the order the store reads them. */
#define MK_STORE_SEARCH_COLUMNS \
  "c.id, c.regno, c.applicant_name, c.applicant_idn, c.kind, c.stage, c.due, c.sort_key"

/* What differs between the database engines, above the connection itself:
 * schema and migrations, transactions and locking, the search index and its
 * query, bulk loading. One file per engine: mk-store-sqlite.c, mk-store-pg.c. */
typedef struct _MkStoreEngine MkStoreEngine;

struct _MkStoreEngine
{
  const char *name;
  MkDb     *(*connect)     (const char *location, const char *password, gboolean read_only, GError **error);
  /* Which schema the database holds: sets *is_new (nothing in it) and
   * self->schema_version; refuses a database that is not Mekenjai's or is newer. */
  gboolean  (*identify)    (MkStore *self, gboolean *is_new, GError **error);
  /* Session settings, once connected. */
  gboolean  (*configure)   (MkStore *self, gboolean is_new, GError **error);
  /* Creates or upgrades the schema up to @max_version, in transactions. */
  gboolean  (*migrate)     (MkStore *self, int max_version, GError **error);
  /* A write transaction: one writer at a time, taken before anything is read. */
  gboolean  (*begin)       (MkStore *self, GError **error);
  /* A read transaction: one consistent snapshot over several queries. */
  gboolean  (*begin_read)  (MkStore *self, GError **error);
  /* The search index: replaces row @old_key (indexed with @old_text; -1: none) by @new_key. */
  gboolean  (*index_put)   (MkStore *self, gint64 old_key, const char *old_text,
                            gint64 new_key, const char *new_text, GError **error);
  gboolean  (*index_clear) (MkStore *self, GError **error);
  /* Appends one term of a query that matches every term: a word equal to
   * one of @alternatives (NULL-terminated), or (@prefix) starting with one. */
  void      (*match_term)  (GString *query, const char *const *alternatives, gboolean prefix);
  /* Restricts @query to what @other (a query of terms alone) does not match. */
  void      (*match_except) (GString *query, const char *other);
  /* The SQL of a search with @match (built by @match_term): ?1 the match,
   * ?2 < key < ?3, ?4 rows, in key order or (@descending) against it.
   * @window: the same over a bounded window of the next cases in key order,
   * tried first and taken when it fills the page; NULL when the engine's
   * index walks in key order by itself. Each a constant statement. */
  const char *(*search_sql) (const char *match, gboolean descending, gboolean window);
  /* Optional: when the bounded window did not fill the page, a longer walk
   * in key order to try before the index, for a match that the engine's
   * statistics say is common (the index would then read thousands of
   * rows); NULL when the index is the better way. */
  gboolean  (*walk_sql)    (MkStore *self, const char *match, gboolean descending,
                            const char **sql, GError **error);
  /* A whole database copied in (mk-store-copy.c): the write transaction,
   * with references checked at its end; @replace empties every table first. */
  gboolean  (*load_begin)  (MkStore *self, gboolean replace, GError **error);
  /* Inside that transaction, once the rows are in (generated ids go on after them). */
  gboolean  (*load_end)    (MkStore *self, GError **error);
  /* Live updates (mk-store-watch.c). @announce tells others, at commit,
   * that @case_id (0: no case) changed. A watch of @self may need a
   * connection of its own (@watch_connect sets *db, or leaves it NULL), gives
   * a file descriptor to wait on (-1: poll) and is asked with @watch_poll
   * whether others changed anything since it last asked (never @self's own
   * changes: its windows know of those). Main thread only. */
  gboolean  (*announce)      (MkStore *self, gint64 case_id, GError **error);
  gboolean  (*watch_connect) (MkStore *self, MkDb **db, GError **error);
  int       (*watch_fd)      (MkDb *db);
  gboolean  (*watch_poll)    (MkStore *self, MkDb *db, gint64 *state, gboolean *changed, GError **error);
  /* Settings for loading many cases at once, and back; and for each batch
   * of such a load, inside its transaction (NULL: nothing to set). */
  gboolean  (*bulk_begin)  (MkStore *self, GError **error);
  gboolean  (*bulk_end)    (MkStore *self, GError **error);
  gboolean  (*bulk_batch_begin) (MkStore *self, GError **error);
  gboolean  (*bulk_batch_end)   (MkStore *self, GError **error);
  /* Restoring (#13). @check_integrity reads every page of a file's copy
   * before anything else is read from it (NULL: the engine never holds a
   * backup). @replace_file puts the checked file @checked in place of the
   * live one at once and opens it (NULL: the engine restores by copying rows). */
  gboolean  (*check_integrity) (MkStore *self, GError **error);
  gboolean  (*replace_file)    (MkStore *self, const char *checked, GError **error);
};

extern const MkStoreEngine mk_store_sqlite_engine;
extern const MkStoreEngine mk_store_pg_engine;

struct _MkStore
{
  GObject       parent_instance;

  const MkStoreEngine *engine;
  MkDb         *db;
  char         *path;           /* what the user gave: a file or a server's address */
  char         *display_name;   /* the same, without a password: shown and printed */
  gboolean      may_create;     /* an empty database gets the schema (SQLite; init on a server) */
  char         *password;       /* a server's, given apart (the keyring's); never shown */
  int           schema_version;
  GHashTable   *stmts;          /* const char *sql (static) → MkDbStmt* */
  MkRegulation *regulation;     /* the edition new cases are accepted under */
  gint64        regulation_id;  /* its row in the regulation table */
  GHashTable   *editions;       /* regulation row id → MkRegulation (older editions' cases) */
  MkCalendar   *calendar;
  MkClock      *clock;          /* Kazakhstan time; tests and demo data pin the day */
  GHashTable   *places;         /* place key → gint64 id (cache) */
  gboolean      in_bulk;        /* mk_store_seed_demo batch running */
  gboolean      bulk_tunes_index; /* PostgreSQL: the load may tune the search index (its owner's role) */
  /* Bulk mode keeps the chain head and the numbering in memory for one batch. */
  gint64        bulk_last_event;
  char         *bulk_last_hash;
  GHashTable   *bulk_regno;     /* "center\x1fyear" → gint64 last sequence */
  GHashTable   *bulk_taken;     /* numbers typed by hand beyond those counters (a set) */
  GHashTable   *doc_kinds;      /* doc kind id ↔ number (items column), both ways */
  /* Rows (MkAuditRow) whose digests the next event records (mk-store-audit.c);
   * in bulk mode, the ids of the cases the batch's seal records. */
  GArray       *audit_rows;
  GArray       *bulk_cases;
  /* PostgreSQL: the search index's common words (char* → double* share of
   * the rows) and its row count, from the planner's statistics (walk_sql). */
  GHashTable   *word_shares;
  double        index_rows;
  gint64        word_shares_at;  /* monotonic time they were read; 0: never */
};

/* The rows the audit trail covers (mk-store-audit.c): every event records
 * the digest of each row it changed, and mk_store_verify_audit() compares
 * the rows as they are with the digests their last events recorded. */
typedef enum {
  MK_AUDIT_CASE,
  MK_AUDIT_USER,
  MK_AUDIT_ATTACHMENT,
  MK_AUDIT_N_TABLES
} MkAuditTable;

typedef struct {
  MkAuditTable table;
  gint64       id;
} MkAuditRow;

/* The next event of this transaction records row @id of @table as it is
 * then (an event about a case records its case by itself). */
void          mk_store_audit_row          (MkStore      *self,
                                           MkAuditTable  table,
                                           gint64        id);
/* Seals every row of the three tables in events of their own ("seal-rows"):
 * a database upgraded from before the rows were covered. In the caller's transaction. */
gboolean      mk_store_audit_seal_all     (MkStore      *self,
                                           GError      **error);

/* Opens like mk_store_open() but stops migrations at @max_version (tests). */
MkStore      *mk_store_open_at_version    (const char  *path,
                                           int          max_version,
                                           GError     **error);

/* SQL plumbing (mk-store.c). */
MkDbStmt *mk_store_stmt               (MkStore     *self,
                                           const char  *sql,
                                           GError     **error);
gboolean      mk_store_exec               (MkStore     *self,
                                           const char  *sql,
                                           GError     **error);
gboolean      mk_store_step_done          (MkStore     *self,
                                           MkDbStmt *stmt,
                                           GError     **error);
void          mk_store_set_sql_error      (MkStore     *self,
                                           GError     **error,
                                           const char  *what);
gboolean      mk_store_begin              (MkStore     *self,
                                           GError     **error);
gboolean      mk_store_commit             (MkStore     *self,
                                           GError     **error);
void          mk_store_rollback           (MkStore     *self);
gboolean      mk_store_finish             (MkStore     *self,
                                           gboolean     ok,
                                           GError     **error);
/* mk_store_apply_action() inside a transaction the caller holds. */
gboolean      mk_store_apply_action_in_transaction (MkStore      *self,
                                                    const MkUser *actor,
                                                    gint64        case_id,
                                                    const char   *action,
                                                    const char   *reason,
                                                    GError      **error);

void          mk_store_bind_text          (MkDbStmt *stmt, int i, const char *text);
/* Appends @value in decimal, without printf (hot paths of bulk loading). */
void          mk_store_append_uint        (GString *out, guint64 value);
void          mk_store_bind_date          (MkDbStmt *stmt, int i, const GDate *date);
char         *mk_store_column_text        (MkDbStmt *stmt, int i);
void          mk_store_column_date        (MkDbStmt *stmt, int i, GDate *date);
gint64        mk_store_now                (void);

/* Documents (mk-store-documents.c): the current version of document @kind of
 * case or register @id, made anew when its data changed, inside the open
 * transaction; the regulation decides who may (mk_workflow_check_document). */
gboolean      mk_store_issue_document_locked (MkStore       *self,
                                              const MkUser  *actor,
                                              const char    *kind,
                                              gint64         id,
                                              GError       **error);

/* Audit (mk-store-audit.c): appends one chained event inside the open transaction. */
gboolean      mk_store_append_event       (MkStore      *self,
                                           gint64        case_id,
                                           gint64        at,
                                           const MkUser *user,
                                           const char   *action,
                                           const char   *stage_before,
                                           const char   *stage_after,
                                           const char   *before,
                                           const char   *after,
                                           const char   *note,
                                           GError      **error);
/* {"k1":"v1",…} from NULL-terminated key, value pairs (NULL values skipped). */
char         *mk_store_json_pairs         (const char   *first_key,
                                           ...) G_GNUC_NULL_TERMINATED;
char         *mk_store_event_hash         (const char   *prev_hash,
                                           const MkEvent *event);

/* Offices (mk-store-offices.c). #10: writes the providers' oblast of
 * @offices (the shipped data) into their rows; only where a row has none
 * when @only_missing, each such change audited (the upgrade to schema 9). In
 * the caller's transaction. */
gboolean      mk_store_set_office_regions (MkStore      *self,
                                           GPtrArray    *offices,
                                           gboolean      only_missing,
                                           GError      **error);
/* The upgrade to schema 9 leaves a mark in meta; the regions are filled
 * from the shipped data in one transaction with its removal. */
gboolean      mk_store_finish_office_regions (MkStore   *self,
                                              GError   **error);

/* Schema 9 (#10): each provider's oblast of today (Ulytau oblast since 2022
 * for five of Appendix 1), filled in from the shipped offices data once the
 * upgrade is done (the mark in meta, mk_store_finish_office_regions). Shared
 * by both engines. */
#define MK_STORE_UPGRADE_9_OFFICES \
  "INSERT INTO meta (key, value) SELECT 'office-regions', 'offices.ini' WHERE EXISTS (SELECT 1 FROM offices)" \
  " ON CONFLICT (key) DO NOTHING;"

/* Users (mk-store-users.c). */
gboolean      mk_store_check_actor        (MkStore      *self,
                                           const MkUser *actor,
                                           GError      **error);
/* Argon2id, slow on purpose: made before a transaction begins. */
char         *mk_store_hash_password      (const char   *password,
                                           GError      **error);
gboolean      mk_store_add_user_in_transaction (MkStore      *self,
                                                const MkUser *actor,
                                                MkUser       *user,
                                                const char   *hash,
                                                GError      **error);

/* Cases (mk-store-cases.c). */
gint64        mk_store_case_key           (const GDate *due, gint64 case_id);
/* @index_text: @c's search text if already made, else NULL. */
gboolean      mk_store_insert_case_row    (MkStore     *self,
                                           MkCase      *c,
                                           guint        term_days,
                                           gboolean     caller_regno,
                                           const char  *index_text,
                                           GError     **error);
char         *mk_store_next_regno         (MkStore     *self,
                                           const MkOffice *center,
                                           int          year,
                                           GError     **error);
gboolean      mk_store_counts_adjust      (MkStore     *self,
                                           const char  *center_id,
                                           const char  *provider_id,
                                           const char  *stage,
                                           int          delta,
                                           GError     **error);
char         *mk_store_case_event_summary (MkCase *c);

/* Checklist items are kept compactly in cases.items as "n:f[:a],…": n numbers
 * the document kind in the doc_kinds table, f holds the MK_STORE_ITEM_* bits,
 * a counts attachments (left out when 0). Six items take ~25 bytes, not ~130 as JSON. */
#define MK_STORE_ITEM_REQUIRED 1
#define MK_STORE_ITEM_PRESENT  2
#define MK_STORE_ITEM_RETURNED 4   /* §12: original compared and handed back */

typedef struct {
  char  number[24];                /* decimal doc_kinds id */
  guint flags;
  guint n_attachments;
} MkStoreItem;

/* The doc_kinds number of @kind; NULL when unknown and not @create (no error set). */
const char   *mk_store_doc_kind_number    (MkStore     *self,
                                           const char  *kind,
                                           gboolean     create,
                                           GError     **error);
/* Parses one "n:f[:a]" entry; FALSE when malformed. */
gboolean      mk_store_item_decode        (const char  *entry,
                                           MkStoreItem *item);
/* Appends @item as one "n:f[:a]" entry (the caller writes the commas). */
void          mk_store_item_encode        (GString     *out,
                                           const MkStoreItem *item);
/* Recomputes every case's due day and sort key and rebuilds the whole search
 * index under self->regulation, inside the open transaction. */
gboolean      mk_store_reindex_cases      (MkStore     *self,
                                           GError     **error);

/* Search (mk-store-search.c): the text each case is indexed with, and the query. */
char         *mk_store_index_text         (MkStore     *self,
                                           MkCase      *c);
/* mk_store_index_text() in two steps: the tail reads only @regulation and @c
 * (any thread); the join puts @c's registration number in front of it. */
char         *mk_store_index_text_tail    (MkRegulation *regulation,
                                           MkCase      *c);
char         *mk_store_index_text_join    (MkCase      *c,
                                           const char  *tail);
/* Replaces the index row @old_key (made from @old_text; -1 for none) by @c's,
 * whose text is @new_text (NULL: made from @c). */
gboolean      mk_store_index_case         (MkStore     *self,
                                           const char  *old_text,
                                           gint64       old_key,
                                           MkCase      *c,
                                           const char  *new_text,
                                           gint64       new_key,
                                           GError     **error);
gboolean      mk_store_bulk_flush         (MkStore     *self,
                                           GError     **error);

/* Opening (mk-store.c). The tables of a new database, nothing in them. */
MkStore      *mk_store_open_empty         (const char  *location,
                                           GError     **error);
/* Closes the connection of @self and opens its location again, as
 * mk_store_open() does (a restored file in place of the old one). */
gboolean      mk_store_reconnect          (MkStore     *self,
                                           GError     **error);
/* Reads the regulation and calendar the database holds. */
gboolean      mk_store_load_reference     (MkStore     *self,
                                           GError     **error);
/* mk-store-copy.c: every table a backup must hold, with Mekenjai's columns,
 * and every stored file matching its digest (a restore's checks, #13). */
gboolean      mk_store_check_tables       (MkStore     *self,
                                           GError     **error);
/* mk-store-copy.c: every row of @src into @dest, in one transaction, checked before it commits. */
gboolean      mk_store_copy_into          (MkStore         *src,
                                           MkStore         *dest,
                                           gboolean         replace,
                                           MkStoreProgress  progress,
                                           gpointer         user_data,
                                           GError         **error);
/* An engine's identify(): refuses another application's database or a newer
 * schema, else takes @version as the database's. */
gboolean      mk_store_accept_schema      (MkStore     *self,
                                           int          application_id,
                                           int          version,
                                           GError     **error);
/* Reads one integer (the first column of the first row). */
gboolean      mk_store_query_int          (MkStore     *self,
                                           const char  *sql,
                                           int         *value,
                                           GError     **error);

G_END_DECLS
