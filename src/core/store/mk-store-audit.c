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
  hash = mk_store_event_hash (prev, &event);

  stmt = mk_store_stmt (self,
    "INSERT INTO events (id, case_id, at, user_id, role, action, stage_before, stage_after,"
    " before, after, note, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
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
                      " e.stage_after, e.before, e.after, e.note, e.hash"

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

      e->user_name = mk_store_column_text (stmt, 12);
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

gboolean
mk_store_verify_audit (MkStore  *self,
                       gint64   *bad_event_id,
                       guint64  *n_events,
                       GError  **error)
{
  g_autofree char *prev = g_strdup ("");
  g_autofree char *head_hash = NULL;
  MkDbStmt *stmt;
  gint64 expected_id = 1;
  gint64 head_id = 0;
  guint64 n = 0;
  gint64 bad = 0;
  int rc;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* One read transaction: a consistent snapshot while others append. */
  if (!self->engine->begin_read (self, error))
    return FALSE;
  if (!read_head (self, &head_id, &head_hash, error))
    {
      mk_store_rollback (self);
      return FALSE;
    }

  stmt = mk_store_stmt (self, "SELECT " EVENT_COLUMNS " FROM events e ORDER BY e.id", error);
  if (stmt == NULL)
    {
      mk_store_rollback (self);
      return FALSE;
    }
  while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
    {
      g_autoptr(MkEvent) e = event_from_row (stmt);
      g_autofree char *hash = NULL;

      if (e->id != expected_id)
        {
          bad = expected_id;
          g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                       _("Audit trail broken: event %lld is missing"), (long long) expected_id);
          break;
        }
      hash = mk_store_event_hash (prev, e);
      if (g_strcmp0 (hash, e->hash) != 0)
        {
          bad = e->id;
          g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                       _("Audit trail broken at event %lld"
                         " (%s): it was changed, or an event before it was changed or moved"),
                       (long long) e->id, e->action != NULL ? e->action : "");
          break;
        }
      g_free (prev);
      prev = g_steal_pointer (&hash);
      expected_id++;
      n++;
    }
  mk_db_reset (stmt);

  if (bad == 0 && rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not read the audit trail"));
      mk_store_rollback (self);
      return FALSE;
    }
  if (bad == 0 && (head_id != expected_id - 1 || g_strcmp0 (head_hash, prev) != 0))
    {
      bad = expected_id;
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                   _("Audit trail broken: event %lld and later ones are missing"),
                   (long long) expected_id);
    }
  mk_store_rollback (self);

  if (bad_event_id != NULL)
    *bad_event_id = bad;
  if (n_events != NULL)
    *n_events = n;
  return bad == 0;
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
