/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audit trail: append-only events chained by SHA-256 (§9: transparency, safekeeping). */
#define G_LOG_DOMAIN "mk-store"

#include "mk-store-private.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar ch = (guchar) *p;

      if (ch == '"' || ch == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) ch);
        }
      else if (ch == '\n')
        g_string_append (out, "\\n");
      else if (ch == '\t')
        g_string_append (out, "\\t");
      else if (ch == '\r')
        g_string_append (out, "\\r");
      else if (ch < 0x20)
        g_string_append_printf (out, "\\u%04x", ch);
      else
        g_string_append_c (out, (char) ch);
    }
  g_string_append_c (out, '"');
}

/* Written by hand rather than with JsonBuilder: it runs for every event, a
 * million times when the demo data is loaded. Keys are our own identifiers. */
char *
mk_store_json_pairs (const char *first_key,
                     ...)
{
  GString *out = g_string_sized_new (128);
  va_list args;
  const char *key;

  g_string_append_c (out, '{');
  va_start (args, first_key);
  for (key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);
      g_autofree char *valid = NULL;

      if (value == NULL)
        continue;
      if (!g_utf8_validate (value, -1, NULL))
        value = valid = g_utf8_make_valid (value, -1);
      if (out->len > 1)
        g_string_append_c (out, ',');
      append_json_string (out, key);
      g_string_append_c (out, ':');
      append_json_string (out, value);
    }
  va_end (args);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static void
append_field (GString    *out,
              const char *name,
              const char *value)
{
  /* Length-prefixed, so that no choice of field contents can mimic another event. */
  g_string_append (out, name);
  if (value == NULL)
    {
      g_string_append (out, "=\\N\n");
      return;
    }
  g_string_append_c (out, '=');
  mk_db_append_decimal (out, strlen (value));
  g_string_append_c (out, ':');
  g_string_append (out, value);
  g_string_append_c (out, '\n');
}

/* A signed number as a field, the way "%" G_GINT64_FORMAT writes it. */
static void
append_number (GString    *out,
               const char *name,
               gint64      value)
{
  g_autoptr(GString) num = g_string_sized_new (24);

  if (value < 0)
    g_string_append_c (num, '-');
  mk_db_append_decimal (num, value < 0 ? (guint64) 0 - (guint64) value : (guint64) value);
  append_field (out, name, num->str);
}

char *
mk_store_event_hash (const char    *prev_hash,
                     const MkEvent *event)
{
  g_autoptr(GString) text = g_string_sized_new (512);
  guchar digest[crypto_hash_sha256_BYTES];

  append_field (text, "prev", prev_hash != NULL ? prev_hash : "");
  append_number (text, "id", event->id);
  append_number (text, "case", event->case_id);
  append_number (text, "at", event->at);
  append_number (text, "user", event->user_id);
  append_field (text, "role", mk_role_to_id (event->role));
  append_field (text, "action", event->action);
  append_field (text, "stage_before", event->stage_before);
  append_field (text, "stage_after", event->stage_after);
  append_field (text, "before", event->before);
  append_field (text, "after", event->after);
  append_field (text, "note", event->note);
  /* Absent before schema 7: those events keep the hashes they were made with. */
  if (event->row_digests != NULL)
    append_field (text, "rows", event->row_digests);

  /* libsodium's SHA-256: the same digest as GChecksum's at a fraction of the
   * cost, which counts when a million demo events are chained. */
  crypto_hash_sha256 (digest, (const guchar *) text->str, text->len);
  return sodium_bin2hex (g_malloc (2 * sizeof digest + 1), 2 * sizeof digest + 1, digest, sizeof digest);
}

static gboolean
read_head (MkStore  *self,
           gint64   *last_id,
           char    **last_hash,
           GError  **error)
{
  MkDbStmt *stmt = mk_store_stmt (self, "SELECT last_id, last_hash FROM audit_head WHERE id = 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = mk_db_step (stmt);
  *last_id = rc == MK_DB_ROW ? mk_db_column_int64 (stmt, 0) : 0;
  *last_hash = rc == MK_DB_ROW ? mk_store_column_text (stmt, 1) : g_strdup ("");
  mk_db_reset (stmt);
  if (rc != MK_DB_ROW && rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not read the audit trail"));
      return FALSE;
    }
  return TRUE;
}

/* The rows the audit trail covers and the columns a row's digest is made
 * of, id first, in the same words on both engines. A case's deadline and
 * sort key are left out: a new regulation recomputes them for every case at
 * once (mk_store_reindex_cases), without an event per case; the dates they
 * are counted from are covered. */
#define AUDIT_CASE_COLUMNS \
  "id, regno, year, center_id, provider_id, kind, conditions, stage, version, accepted_at," \
  " accepted_by, term_days, accepted_on, provider_due, issue_date, storage_until, return_due," \
  " notify_due, applicant_kind, applicant_idn, applicant_name, applicant_phone, rep_name, rep_idn," \
  " rep_phone, rep_poa, object_kind, cadastral, a_place, a_geonym_type, a_geonym_kk, a_geonym_ru," \
  " a_geonym_en, a_building, a_block, a_premise, a_rca, a_active, f_place, f_geonym_type," \
  " f_geonym_kk, f_geonym_ru, f_geonym_en, f_building, f_block, f_premise, f_rca, f_active," \
  " basis_number, basis_date, result, result_number, result_date, grounds, register_id, items"
#define AUDIT_USER_COLUMNS \
  "id, login, full_name, position, phone, office_id, role, active, demo, password_hash," \
  " cert_der, cert_sha256, cert_name, position_ru"
#define AUDIT_ATTACHMENT_COLUMNS \
  "id, case_id, doc_kind, created_at, created_by, file_name, n_pages, size, sha256, pdf," \
  " item_was_present, removed_at, removed_by"

static const struct {
  const char *name;       /* in the row_digests lines and in messages */
  const char *one_sql;    /* ?1: the id */
  const char *page_sql;   /* ?1: after this id, ?2: rows */
  int         page;
} audit_tables[MK_AUDIT_N_TABLES] = {
  [MK_AUDIT_CASE] = { "case",
    "SELECT " AUDIT_CASE_COLUMNS " FROM cases WHERE id = ?1",
    "SELECT " AUDIT_CASE_COLUMNS " FROM cases WHERE id > ?1 ORDER BY id LIMIT ?2", 2000 },
  [MK_AUDIT_USER] = { "user",
    "SELECT " AUDIT_USER_COLUMNS " FROM users WHERE id = ?1",
    "SELECT " AUDIT_USER_COLUMNS " FROM users WHERE id > ?1 ORDER BY id LIMIT ?2", 2000 },
  /* The files' bytes are covered too; a few at a time. */
  [MK_AUDIT_ATTACHMENT] = { "attachment",
    "SELECT " AUDIT_ATTACHMENT_COLUMNS " FROM attachment WHERE id = ?1",
    "SELECT " AUDIT_ATTACHMENT_COLUMNS " FROM attachment WHERE id > ?1 ORDER BY id LIMIT ?2", 16 },
};

/* Rows per "seal-rows" event: about 400 KB of digests. */
#define SEAL_ROWS 5000

static void
hash_value (crypto_hash_sha256_state *state,
            const void               *data,
            gsize                     length)
{
  g_autoptr(GString) prefix = g_string_sized_new (24);

  g_string_append_c (prefix, '=');
  mk_db_append_decimal (prefix, length);
  g_string_append_c (prefix, ':');
  crypto_hash_sha256_update (state, (const guchar *) prefix->str, prefix->len);
  crypto_hash_sha256_update (state, data, length);
  crypto_hash_sha256_update (state, (const guchar *) "\n", 1);
}

/* SHA-256 of the current row of @stmt, column by column, length-prefixed:
 * numbers and text as the engines write them, files as their bytes. */
static char *
row_digest (MkAuditTable  table,
            MkDbStmt     *stmt)
{
  crypto_hash_sha256_state state;
  guchar digest[crypto_hash_sha256_BYTES];
  int n = mk_db_column_count (stmt);

  crypto_hash_sha256_init (&state);
  hash_value (&state, audit_tables[table].name, strlen (audit_tables[table].name));
  for (int i = 0; i < n; i++)
    {
      switch (mk_db_column_type (stmt, i))
        {
        case MK_DB_VALUE_NULL:
          crypto_hash_sha256_update (&state, (const guchar *) "\\N\n", 3);
          break;
        case MK_DB_VALUE_BLOB:
          hash_value (&state, mk_db_column_blob (stmt, i), mk_db_column_bytes (stmt, i));
          break;
        case MK_DB_VALUE_INTEGER:
        case MK_DB_VALUE_TEXT:
        default:
          {
            const char *text = mk_db_column_text (stmt, i);

            hash_value (&state, text, strlen (text));
          }
          break;
        }
    }
  crypto_hash_sha256_final (&state, digest);
  return sodium_bin2hex (g_malloc (2 * sizeof digest + 1), 2 * sizeof digest + 1, digest, sizeof digest);
}

static void
append_row_line (GString      *out,
                 MkAuditTable  table,
                 gint64        id,
                 const char   *digest)
{
  g_string_append (out, audit_tables[table].name);
  g_string_append_c (out, ' ');
  mk_db_append_decimal (out, (guint64) id);
  g_string_append_c (out, ' ');
  g_string_append (out, digest);
  g_string_append_c (out, '\n');
}

/* Appends the line of row @id as it is now; nothing when it does not exist. */
static gboolean
append_row_digest (MkStore       *self,
                   MkAuditTable   table,
                   gint64         id,
                   GString       *out,
                   GError       **error)
{
  MkDbStmt *stmt = mk_store_stmt (self, audit_tables[table].one_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mk_db_bind_int64 (stmt, 1, id);
  rc = mk_db_step (stmt);
  if (rc == MK_DB_ROW)
    {
      g_autofree char *digest = row_digest (table, stmt);

      append_row_line (out, table, id, digest);
    }
  mk_db_reset (stmt);
  if (rc != MK_DB_ROW && rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not read the audit trail"));
      return FALSE;
    }
  return TRUE;
}

void
mk_store_audit_row (MkStore      *self,
                    MkAuditTable  table,
                    gint64        id)
{
  MkAuditRow row = { table, id };

  g_assert (mk_db_in_transaction (self->db));
  for (guint i = 0; i < self->audit_rows->len; i++)
    {
      const MkAuditRow *r = &g_array_index (self->audit_rows, MkAuditRow, i);

      if (r->table == table && r->id == id)
        return;
    }
  g_array_append_val (self->audit_rows, row);
}

static gboolean
append_event_with_rows (MkStore      *self,
                        gint64        case_id,
                        gint64        at,
                        const MkUser *user,
                        const char   *action,
                        const char   *stage_before,
                        const char   *stage_after,
                        const char   *before,
                        const char   *after,
                        const char   *note,
                        const char   *row_digests,
                        GError      **error);

gboolean
mk_store_append_event (MkStore      *self,
                       gint64        case_id,
                       gint64        at,
                       const MkUser *user,
                       const char   *action,
                       const char   *stage_before,
                       const char   *stage_after,
                       const char   *before,
                       const char   *after,
                       const char   *note,
                       GError      **error)
{
  g_autoptr(GString) rows = g_string_new (NULL);
  gboolean ok = TRUE;

  /* #13: the rows this change wrote, as they are now, so that a row edited
   * later behind the application's back no longer matches its last event. A
   * bulk batch reads its cases back once, at its end (mk_store_bulk_flush). */
  if (case_id != 0 && self->in_bulk)
    g_array_append_val (self->bulk_cases, case_id);
  else if (case_id != 0)
    ok = append_row_digest (self, MK_AUDIT_CASE, case_id, rows, error);
  for (guint i = 0; ok && i < self->audit_rows->len; i++)
    {
      const MkAuditRow *r = &g_array_index (self->audit_rows, MkAuditRow, i);

      if (r->table != MK_AUDIT_CASE || r->id != case_id)
        ok = append_row_digest (self, r->table, r->id, rows, error);
    }
  g_array_set_size (self->audit_rows, 0);
  if (!ok)
    return FALSE;
  return append_event_with_rows (self, case_id, at, user, action, stage_before, stage_after,
                                 before, after, note, rows->len > 0 ? rows->str : NULL, error);
}

static gboolean
append_event_with_rows (MkStore      *self,
                        gint64        case_id,
                        gint64        at,
                        const MkUser *user,
                        const char   *action,
                        const char   *stage_before,
                        const char   *stage_after,
                        const char   *before,
                        const char   *after,
                        const char   *note,
                        const char   *row_digests,
                        GError      **error)
{
  g_autofree char *prev = NULL;
  g_autofree char *hash = NULL;
  MkEvent event = { 0 };
  MkDbStmt *stmt;
  gint64 last_id = 0;

  g_assert (mk_db_in_transaction (self->db));

  if (self->in_bulk && self->bulk_last_hash != NULL)
    {
      last_id = self->bulk_last_event;
      prev = g_strdup (self->bulk_last_hash);
    }
  else if (!read_head (self, &last_id, &prev, error))
    return FALSE;

  event.id = last_id + 1;
  event.case_id = case_id;
  event.at = at;
  event.user_id = user != NULL ? user->id : 0;
  event.role = user != NULL ? user->role : MK_ROLE_ADMINISTRATOR;
  event.action = (char *) action;
  event.stage_before = (char *) stage_before;
  event.stage_after = (char *) stage_after;
  event.before = (char *) before;
  event.after = (char *) after;
  event.note = (char *) note;
  event.row_digests = (char *) row_digests;
  hash = mk_store_event_hash (prev, &event);

  stmt = mk_store_stmt (self,
    "INSERT INTO events (id, case_id, at, user_id, role, action, stage_before, stage_after,"
    " before, after, note, hash, row_digests)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    error);
  if (stmt == NULL)
    return FALSE;
  mk_db_bind_int64 (stmt, 1, event.id);
  if (case_id != 0)
    mk_db_bind_int64 (stmt, 2, case_id);
  mk_db_bind_int64 (stmt, 3, at);
  if (event.user_id != 0)
    mk_db_bind_int64 (stmt, 4, event.user_id);
  mk_store_bind_text (stmt, 5, mk_role_to_id (event.role));
  mk_store_bind_text (stmt, 6, action);
  mk_store_bind_text (stmt, 7, stage_before);
  mk_store_bind_text (stmt, 8, stage_after);
  mk_store_bind_text (stmt, 9, before);
  mk_store_bind_text (stmt, 10, after);
  mk_store_bind_text (stmt, 11, note);
  mk_store_bind_text (stmt, 12, hash);
  mk_store_bind_text (stmt, 13, row_digests);
  if (!mk_store_step_done (self, stmt, error))
    return FALSE;

  if (self->in_bulk)
    {
      /* mk_store_bulk_flush() writes the head once per batch. */
      self->bulk_last_event = event.id;
      g_free (self->bulk_last_hash);
      self->bulk_last_hash = g_steal_pointer (&hash);
      return TRUE;
    }

  /* The head row also reveals events cut off the end of the chain. */
  stmt = mk_store_stmt (self,
    "INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, ?1, ?2)"
    " ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash",
    error);
  if (stmt == NULL)
    return FALSE;
  mk_db_bind_int64 (stmt, 1, event.id);
  mk_store_bind_text (stmt, 2, hash);
  if (!mk_store_step_done (self, stmt, error))
    return FALSE;
  /* Every change is audited, so every change tells the other workstations
   * (MkStoreWatch), when it commits. */
  return self->engine->announce (self, case_id, error);
}

#define EVENT_COLUMNS "e.id, e.case_id, e.at, e.user_id, e.role, e.action, e.stage_before," \
                      " e.stage_after, e.before, e.after, e.note, e.hash, e.row_digests"

static MkEvent *
event_from_row (MkDbStmt *stmt)
{
  MkEvent *e = g_new0 (MkEvent, 1);

  e->id = mk_db_column_int64 (stmt, 0);
  e->case_id = mk_db_column_int64 (stmt, 1);
  e->at = mk_db_column_int64 (stmt, 2);
  e->user_id = mk_db_column_int64 (stmt, 3);
  if (!mk_role_from_id (mk_db_column_text (stmt, 4), &e->role))
    e->role = MK_ROLE_ADMINISTRATOR;
  e->action = mk_store_column_text (stmt, 5);
  e->stage_before = mk_store_column_text (stmt, 6);
  e->stage_after = mk_store_column_text (stmt, 7);
  e->before = mk_store_column_text (stmt, 8);
  e->after = mk_store_column_text (stmt, 9);
  e->note = mk_store_column_text (stmt, 10);
  e->hash = mk_store_column_text (stmt, 11);
  e->row_digests = mk_store_column_text (stmt, 12);
  return e;
}

GPtrArray *
mk_store_list_events (MkStore  *self,
                      gint64    case_id,
                      GError  **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_event_free);
  MkDbStmt *stmt;
  int rc;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);

  /* case_id 0: the events that are not about a case (users, imports, registers). */
  if (case_id != 0)
    stmt = mk_store_stmt (self, "SELECT " EVENT_COLUMNS ", u.full_name FROM events e"
                                " LEFT JOIN users u ON u.id = e.user_id"
                                " WHERE e.case_id = ?1 ORDER BY e.id", error);
  else
    stmt = mk_store_stmt (self, "SELECT " EVENT_COLUMNS ", u.full_name FROM events e"
                                " LEFT JOIN users u ON u.id = e.user_id"
                                " WHERE e.case_id IS NULL ORDER BY e.id", error);
  if (stmt == NULL)
    return NULL;
  if (case_id != 0)
    mk_db_bind_int64 (stmt, 1, case_id);
  while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
    {
      MkEvent *e = event_from_row (stmt);

      e->user_name = mk_store_column_text (stmt, 13);
      g_ptr_array_add (events, e);
    }
  mk_db_reset (stmt);
  if (rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not read the audit trail"));
      return NULL;
    }
  return g_steal_pointer (&events);
}

void
mk_audit_report_free (MkAuditReport *report)
{
  if (report == NULL)
    return;
  g_free (report->head_digest);
  g_free (report->chain_error);
  g_clear_pointer (&report->bad_rows, g_array_unref);
  g_free (report->backup);
  g_free (report->backup_digest);
  g_free (report->here_digest);
  g_free (report);
}

gboolean
mk_store_get_audit_head (MkStore  *self,
                         guint64  *n_events,
                         char    **digest,
                         GError  **error)
{
  gint64 last_id = 0;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (digest != NULL, FALSE);

  if (!read_head (self, &last_id, digest, error))
    return FALSE;
  if (n_events != NULL)
    *n_events = (guint64) last_id;
  return TRUE;
}

/* What the last event that recorded a row says of it. */
typedef struct {
  gint64 event_id;
  char   digest[2 * crypto_hash_sha256_BYTES + 1];
} Recorded;

static gint64 *
row_key (MkAuditTable table,
         gint64       id)
{
  gint64 *key = g_new (gint64, 1);

  *key = id * MK_AUDIT_N_TABLES + table;
  return key;
}

/* Takes the "case 12 <sha256>" lines of event @event_id into @recorded. */
static void
record_rows (GHashTable *recorded,
             gint64      event_id,
             const char *row_digests)
{
  g_auto(GStrv) lines = g_strsplit (row_digests, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], " ", 3);
      Recorded *r;
      gint64 id;

      if (g_strv_length (f) != 3 || strlen (f[2]) != 2 * crypto_hash_sha256_BYTES)
        continue;
      id = g_ascii_strtoll (f[1], NULL, 10);
      for (int t = 0; t < MK_AUDIT_N_TABLES; t++)
        if (g_str_equal (f[0], audit_tables[t].name))
          {
            r = g_new (Recorded, 1);
            r->event_id = event_id;
            memcpy (r->digest, f[2], sizeof r->digest);
            g_hash_table_insert (recorded, row_key ((MkAuditTable) t, id), r);
          }
    }
}

static void
add_bad_row (MkAuditReport     *report,
             MkAuditTable       table,
             gint64             id,
             gint64             event_id,
             MkAuditRowProblem  problem)
{
  MkAuditBadRow bad = { audit_tables[table].name, id, event_id, problem };

  g_array_append_val (report->bad_rows, bad);
}

/* Every row as it is now against its last recorded digest. */
static gboolean
check_rows (MkStore        *self,
            GHashTable     *recorded,
            MkAuditReport  *report,
            GError        **error)
{
  GHashTableIter iter;
  gpointer key, value;

  for (int t = 0; t < MK_AUDIT_N_TABLES; t++)
    {
      gint64 after = 0;
      int n_page;

      do
        {
          MkDbStmt *stmt = mk_store_stmt (self, audit_tables[t].page_sql, error);
          int rc;

          if (stmt == NULL)
            return FALSE;
          mk_db_bind_int64 (stmt, 1, after);
          mk_db_bind_int64 (stmt, 2, audit_tables[t].page);
          n_page = 0;
          while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
            {
              g_autofree char *digest = row_digest ((MkAuditTable) t, stmt);
              gint64 k;
              Recorded *r;

              after = mk_db_column_int64 (stmt, 0);
              n_page++;
              k = after * MK_AUDIT_N_TABLES + t;
              r = g_hash_table_lookup (recorded, &k);
              if (r == NULL)
                add_bad_row (report, (MkAuditTable) t, after, 0, MK_AUDIT_ROW_UNRECORDED);
              else if (strcmp (r->digest, digest) != 0)
                add_bad_row (report, (MkAuditTable) t, after, r->event_id, MK_AUDIT_ROW_CHANGED);
              if (r != NULL)
                g_hash_table_remove (recorded, &k);
            }
          mk_db_reset (stmt);
          if (rc != MK_DB_DONE)
            {
              mk_store_set_sql_error (self, error, _("Could not read the audit trail"));
              return FALSE;
            }
        }
      while (n_page == audit_tables[t].page);
    }

  /* What is left was recorded and is no longer there. */
  g_hash_table_iter_init (&iter, recorded);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 k = *(gint64 *) key;

      add_bad_row (report, (MkAuditTable) (k % MK_AUDIT_N_TABLES), k / MK_AUDIT_N_TABLES,
                   ((Recorded *) value)->event_id, MK_AUDIT_ROW_DELETED);
    }
  return TRUE;
}

/* The chain head a backup file holds: its audit_head row, which must be its
 * last event. Read through the engine without opening a store, so that the
 * backup is neither migrated nor written. */
static gboolean
read_backup_head (const char     *path,
                  MkAuditReport  *report,
                  GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  MkDb *db;
  MkDbStmt *stmt = NULL;
  gint64 head_id = 0;
  g_autofree char *head_hash = NULL;
  g_autofree char *last_hash = NULL;
  gboolean ok = FALSE;
  int app_id = 0;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND,
                   _("%s is not a backup file"), path);
      return FALSE;
    }
  db = mk_db_sqlite_open (path, TRUE, &local_error);
  if (db == NULL)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_MEKENJAI,
                   _("%s is not a Mekenjai backup: %s"), path, local_error->message);
      return FALSE;
    }

  stmt = mk_db_prepare (db, "PRAGMA application_id");
  if (stmt != NULL && mk_db_step (stmt) == MK_DB_ROW)
    app_id = (int) mk_db_column_int64 (stmt, 0);
  mk_db_finalize (stmt);
  if (app_id != MK_STORE_APPLICATION_ID)
    goto not_backup;

  stmt = mk_db_prepare (db, "SELECT last_id, last_hash FROM audit_head WHERE id = 1");
  if (stmt == NULL)
    goto not_backup;
  switch (mk_db_step (stmt))
    {
    case MK_DB_ROW:
      head_id = mk_db_column_int64 (stmt, 0);
      head_hash = g_strdup (mk_db_column_text (stmt, 1));
      break;
    case MK_DB_DONE:
      head_hash = g_strdup ("");
      break;
    default:
      mk_db_finalize (stmt);
      goto not_backup;
    }
  mk_db_finalize (stmt);

  /* The head must be the backup's own last event, or it vouches for nothing. */
  stmt = mk_db_prepare (db, "SELECT id, hash FROM events ORDER BY id DESC LIMIT 1");
  if (stmt == NULL)
    goto not_backup;
  if (mk_db_step (stmt) == MK_DB_ROW)
    {
      if (mk_db_column_int64 (stmt, 0) == head_id)
        last_hash = g_strdup (mk_db_column_text (stmt, 1));
    }
  else if (head_id == 0)
    last_hash = g_strdup ("");
  mk_db_finalize (stmt);
  if (g_strcmp0 (last_hash, head_hash) != 0)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                   _("The backup %s is damaged: its audit trail’s head is not its last event"), path);
      mk_db_close (db);
      return FALSE;
    }

  report->backup = g_strdup (path);
  report->backup_events = (guint64) head_id;
  report->backup_digest = g_steal_pointer (&head_hash);
  ok = TRUE;
  mk_db_close (db);
  return ok;

not_backup:
  mk_db_close (db);
  g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_MEKENJAI,
               _("%s is not a Mekenjai backup"), path);
  return FALSE;
}

MkAuditReport *
mk_store_check_audit (MkStore     *self,
                      const char  *backup,
                      GError     **error)
{
  g_autoptr(MkAuditReport) report = g_new0 (MkAuditReport, 1);
  g_autoptr(GHashTable) recorded = NULL;
  g_autofree char *prev = g_strdup ("");
  g_autofree char *head_hash = NULL;
  MkDbStmt *stmt;
  gint64 expected_id = 1;
  gint64 head_id = 0;
  int rc;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  report->bad_rows = g_array_new (FALSE, FALSE, sizeof (MkAuditBadRow));
  if (backup != NULL && !read_backup_head (backup, report, error))
    return NULL;

  /* One read transaction: a consistent snapshot while others append. */
  if (!self->engine->begin_read (self, error))
    return NULL;
  if (!read_head (self, &head_id, &head_hash, error))
    {
      mk_store_rollback (self);
      return NULL;
    }

  recorded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  stmt = mk_store_stmt (self, "SELECT " EVENT_COLUMNS " FROM events e ORDER BY e.id", error);
  if (stmt == NULL)
    {
      mk_store_rollback (self);
      return NULL;
    }
  while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
    {
      g_autoptr(MkEvent) e = event_from_row (stmt);
      g_autofree char *hash = NULL;

      if (e->id != expected_id)
        {
          report->bad_event = expected_id;
          report->chain_error = g_strdup_printf (_("Audit trail broken: event %lld is missing"),
                                                 (long long) expected_id);
          break;
        }
      hash = mk_store_event_hash (prev, e);
      if (g_strcmp0 (hash, e->hash) != 0)
        {
          report->bad_event = e->id;
          report->chain_error = g_strdup_printf (_("Audit trail broken at event %lld"
                                                   " (%s): it was changed, or an event before it was changed or moved"),
                                                 (long long) e->id, e->action != NULL ? e->action : "");
          break;
        }
      if (e->row_digests != NULL)
        record_rows (recorded, e->id, e->row_digests);
      if (report->backup != NULL && (guint64) e->id == report->backup_events)
        report->here_digest = g_strdup (hash);
      g_free (prev);
      prev = g_steal_pointer (&hash);
      expected_id++;
      report->n_events++;
    }
  mk_db_reset (stmt);

  if (report->bad_event == 0 && rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not read the audit trail"));
      mk_store_rollback (self);
      return NULL;
    }
  if (report->bad_event == 0 && (head_id != expected_id - 1 || g_strcmp0 (head_hash, prev) != 0))
    {
      report->bad_event = expected_id;
      report->chain_error = g_strdup_printf (_("Audit trail broken: event %lld and later ones are missing"),
                                             (long long) expected_id);
    }
  /* The rows are vouched for only by a whole chain. */
  if (report->bad_event == 0 && !check_rows (self, recorded, report, error))
    {
      mk_store_rollback (self);
      return NULL;
    }
  mk_store_rollback (self);

  report->head_digest = g_steal_pointer (&prev);
  if (report->backup != NULL)
    {
      if (report->backup_events == 0)
        {
          g_free (report->here_digest);
          report->here_digest = g_strdup ("");
        }
      report->extends_backup = report->bad_event == 0
                               && g_strcmp0 (report->here_digest, report->backup_digest) == 0;
    }
  return g_steal_pointer (&report);
}

gboolean
mk_store_verify_audit (MkStore  *self,
                       gint64   *bad_event_id,
                       guint64  *n_events,
                       GError  **error)
{
  g_autoptr(MkAuditReport) report = NULL;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  report = mk_store_check_audit (self, NULL, error);
  if (report == NULL)
    return FALSE;
  if (bad_event_id != NULL)
    *bad_event_id = report->bad_event;
  if (n_events != NULL)
    *n_events = report->n_events;
  if (report->bad_event != 0)
    {
      g_set_error_literal (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID, report->chain_error);
      return FALSE;
    }
  if (report->bad_rows->len > 0)
    {
      const MkAuditBadRow *first = &g_array_index (report->bad_rows, MkAuditBadRow, 0);

      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Audit trail broken: %u row of cases, users or attachments does not match the "
                                "audit trail, the first %s %lld",
                                "Audit trail broken: %u rows of cases, users or attachments do not match the "
                                "audit trail, the first %s %lld", report->bad_rows->len),
                   report->bad_rows->len, first->table, (long long) first->id);
      return FALSE;
    }
  return TRUE;
}

/* Seals the rows of @table with ids in (@after, @last] in "seal-rows"
 * events of SEAL_ROWS rows each. */
static gboolean
seal_rows (MkStore       *self,
           MkAuditTable   table,
           gint64         after,
           gint64         last,
           GError       **error)
{
  g_autoptr(GString) rows = g_string_new (NULL);
  guint n_rows = 0;
  int n_page;

  do
    {
      MkDbStmt *stmt = mk_store_stmt (self, audit_tables[table].page_sql, error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      mk_db_bind_int64 (stmt, 1, after);
      mk_db_bind_int64 (stmt, 2, audit_tables[table].page);
      n_page = 0;
      while ((rc = mk_db_step (stmt)) == MK_DB_ROW && mk_db_column_int64 (stmt, 0) <= last)
        {
          g_autofree char *digest = row_digest (table, stmt);

          after = mk_db_column_int64 (stmt, 0);
          append_row_line (rows, table, after, digest);
          n_page++;
          n_rows++;
        }
      mk_db_reset (stmt);
      if (rc != MK_DB_DONE && rc != MK_DB_ROW)
        {
          mk_store_set_sql_error (self, error, _("Could not read the audit trail"));
          return FALSE;
        }
      if (n_rows > 0 && (n_rows >= SEAL_ROWS || n_page < audit_tables[table].page))
        {
          g_autoptr(GString) count = g_string_new (NULL);
          g_autofree char *summary = NULL;

          mk_db_append_decimal (count, n_rows);
          summary = mk_store_json_pairs ("table", audit_tables[table].name, "rows", count->str, NULL);
          if (!append_event_with_rows (self, 0, mk_store_now (), NULL, "seal-rows", NULL, NULL, NULL,
                                       summary, NULL, rows->str, error))
            return FALSE;
          g_string_truncate (rows, 0);
          n_rows = 0;
        }
    }
  while (n_page == audit_tables[table].page);
  return TRUE;
}

gboolean
mk_store_audit_seal_all (MkStore  *self,
                         GError  **error)
{
  for (int t = 0; t < MK_AUDIT_N_TABLES; t++)
    if (!seal_rows (self, (MkAuditTable) t, 0, G_MAXINT64, error))
      return FALSE;
  return TRUE;
}

gboolean
mk_store_bulk_flush (MkStore  *self,
                     GError  **error)
{
  GHashTableIter iter;
  gpointer key, value;
  MkDbStmt *stmt;

  g_hash_table_iter_init (&iter, self->bulk_regno);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (key, "\x1f", 2);

      stmt = mk_store_stmt (self,
        "INSERT INTO regno_counters (center_id, year, last) VALUES (?1, ?2, ?3)"
        " ON CONFLICT (center_id, year) DO UPDATE SET last = excluded.last", error);
      if (stmt == NULL)
        return FALSE;
      mk_store_bind_text (stmt, 1, parts[0]);
      mk_db_bind_int64 (stmt, 2, atoi (parts[1]));
      mk_db_bind_int64 (stmt, 3, *(gint64 *) value);
      if (!mk_store_step_done (self, stmt, error))
        return FALSE;
    }
  g_hash_table_remove_all (self->bulk_regno);
  g_hash_table_remove_all (self->bulk_taken);

  /* The batch's cases, read back once: their ids follow one another. */
  if (self->bulk_cases->len > 0)
    {
      gint64 first = G_MAXINT64, last = 0;

      for (guint i = 0; i < self->bulk_cases->len; i++)
        {
          first = MIN (first, g_array_index (self->bulk_cases, gint64, i));
          last = MAX (last, g_array_index (self->bulk_cases, gint64, i));
        }
      g_array_set_size (self->bulk_cases, 0);
      if (!seal_rows (self, MK_AUDIT_CASE, first - 1, last, error))
        return FALSE;
    }

  if (self->bulk_last_hash == NULL)
    return TRUE;
  stmt = mk_store_stmt (self,
    "INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, ?1, ?2)"
    " ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash",
    error);
  if (stmt == NULL)
    return FALSE;
  mk_db_bind_int64 (stmt, 1, self->bulk_last_event);
  mk_store_bind_text (stmt, 2, self->bulk_last_hash);
  if (!mk_store_step_done (self, stmt, error))
    return FALSE;
  g_clear_pointer (&self->bulk_last_hash, g_free);
  return TRUE;
}
