/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copying a whole database from one store into another, on either engine:
 * `migrate --to` (a desk's file onto the department's server, or a server
 * into a file for an off-line copy), a server's portable backup (an SQLite
 * file any Mekenjai restores) and restoring such a backup onto a server.
 * Rows travel through the engine seam as they are; the search index is
 * rebuilt; the copy is checked before it commits. */
#define G_LOG_DOMAIN "mk-store"

#include "mk-store-private.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <glib/gstdio.h>
#include <string.h>

/* Every table of schema MK_STORE_SCHEMA_VERSION, parents before children,
 * its columns in the order both engines' schemas give them. Big tables are
 * read in pages by their integer key (?1, then ?2 for a pair; ?3 rows), so
 * that neither side holds more than a page, however large the database. */
typedef struct {
  const char *name;
  const char *count_sql;
  int         n_columns;
  int         n_keys;      /* 0: small, read at once */
  int         page;
  const char *select_sql;
  const char *insert_sql;
} CopyTable;

static const CopyTable copy_tables[] = {
  { "meta", "SELECT count(*) FROM meta", 2, 0, 2000,
    "SELECT * FROM meta ORDER BY key",
    "INSERT INTO meta VALUES ("
      "?1, ?2"
      ")" },
  { "offices", "SELECT count(*) FROM offices", 16, 0, 2000,
    "SELECT * FROM offices ORDER BY provider_id IS NOT NULL, parent_id IS NOT NULL, id",
    "INSERT INTO offices VALUES ("
      "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16"
      ")" },
  { "regulation", "SELECT count(*) FROM regulation", 4, 1, 2000,
    "SELECT * FROM regulation WHERE id > ?1 ORDER BY id LIMIT ?3",
    "INSERT INTO regulation VALUES ("
      "?1, ?2, ?3, ?4"
      ")" },
  { "calendar_years", "SELECT count(*) FROM calendar_years", 1, 1, 2000,
    "SELECT * FROM calendar_years WHERE year > ?1 ORDER BY year LIMIT ?3",
    "INSERT INTO calendar_years VALUES ("
      "?1"
      ")" },
  { "calendar_days", "SELECT count(*) FROM calendar_days", 4, 0, 2000,
    "SELECT * FROM calendar_days ORDER BY day",
    "INSERT INTO calendar_days VALUES ("
      "?1, ?2, ?3, ?4"
      ")" },
  { "doc_kinds", "SELECT count(*) FROM doc_kinds", 2, 1, 2000,
    "SELECT * FROM doc_kinds WHERE id > ?1 ORDER BY id LIMIT ?3",
    "INSERT INTO doc_kinds VALUES ("
      "?1, ?2"
      ")" },
  { "users", "SELECT count(*) FROM users", 14, 1, 2000,
    "SELECT * FROM users WHERE id > ?1 ORDER BY id LIMIT ?3",
    "INSERT INTO users VALUES ("
      "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14"
      ")" },
  { "places", "SELECT count(*) FROM places", 18, 1, 2000,
    "SELECT * FROM places WHERE id > ?1 ORDER BY id LIMIT ?3",
    "INSERT INTO places VALUES ("
      "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
      "?16, ?17, ?18"
      ")" },
  { "registers", "SELECT count(*) FROM registers", 9, 1, 2000,
    "SELECT * FROM registers WHERE id > ?1 ORDER BY id LIMIT ?3",
    "INSERT INTO registers VALUES ("
      "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9"
      ")" },
  { "register_counters", "SELECT count(*) FROM register_counters", 3, 0, 2000,
    "SELECT * FROM register_counters ORDER BY provider_id, year",
    "INSERT INTO register_counters VALUES ("
      "?1, ?2, ?3"
      ")" },
  { "regno_counters", "SELECT count(*) FROM regno_counters", 3, 0, 2000,
    "SELECT * FROM regno_counters ORDER BY center_id, year",
    "INSERT INTO regno_counters VALUES ("
      "?1, ?2, ?3"
      ")" },
  { "cases", "SELECT count(*) FROM cases", 60, 1, 2000,
    "SELECT * FROM cases WHERE id > ?1 ORDER BY id LIMIT ?3",
    "INSERT INTO cases VALUES ("
      "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
      "?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28,"
      "?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41,"
      "?42, ?43, ?44, ?45, ?46, ?47, ?48, ?49, ?50, ?51, ?52, ?53, ?54,"
      "?55, ?56, ?57, ?58, ?59, ?60"
      ")" },
  { "register_cases", "SELECT count(*) FROM register_cases", 4, 2, 2000,
    "SELECT * FROM register_cases WHERE register_id > ?1 OR (register_id = ?1 AND case_id > ?2) ORDER BY register_id, case_id LIMIT ?3",
    "INSERT INTO register_cases VALUES ("
      "?1, ?2, ?3, ?4"
      ")" },
  { "stage_counts", "SELECT count(*) FROM stage_counts", 3, 0, 2000,
    "SELECT * FROM stage_counts ORDER BY office_id, stage",
    "INSERT INTO stage_counts VALUES ("
      "?1, ?2, ?3"
      ")" },
  { "events", "SELECT count(*) FROM events", 13, 1, 2000,
    "SELECT * FROM events WHERE id > ?1 ORDER BY id LIMIT ?3",
    "INSERT INTO events VALUES ("
      "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13"
      ")" },
  { "audit_head", "SELECT count(*) FROM audit_head", 3, 0, 2000,
    "SELECT * FROM audit_head",
    "INSERT INTO audit_head VALUES ("
      "?1, ?2, ?3"
      ")" },
  { "drafts", "SELECT count(*) FROM drafts", 3, 1, 2000,
    "SELECT * FROM drafts WHERE user_id > ?1 ORDER BY user_id LIMIT ?3",
    "INSERT INTO drafts VALUES ("
      "?1, ?2, ?3"
      ")" },
  { "attachment", "SELECT count(*) FROM attachment", 13, 1, 16,
    "SELECT * FROM attachment WHERE id > ?1 ORDER BY id LIMIT ?3",
    "INSERT INTO attachment VALUES ("
      "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13"
      ")" },
  { "document", "SELECT count(*) FROM document", 18, 1, 16,
    "SELECT * FROM document WHERE id > ?1 ORDER BY id LIMIT ?3",
    "INSERT INTO document VALUES ("
      "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
      "?16, ?17, ?18"
      ")" },
  { "trust_anchors", "SELECT count(*) FROM trust_anchors", 7, 0, 2000,
    "SELECT * FROM trust_anchors ORDER BY sha256",
    "INSERT INTO trust_anchors VALUES ("
      "?1, ?2, ?3, ?4, ?5, ?6, ?7"
      ")" },
};

/* What the copy checks afterwards: a file's digest column against its bytes. */
typedef struct {
  const char *name;
  const char *select_sql;   /* id, sha256, bytes: ?1 after id, ?2 rows */
} DigestTable;

static const DigestTable digest_tables[] = {
  { "attachment", "SELECT id, sha256, pdf FROM attachment WHERE id > ?1 ORDER BY id LIMIT ?2" },
  { "document", "SELECT id, sha256, pdf FROM document WHERE id > ?1 ORDER BY id LIMIT ?2" },
};

static gboolean
bind_column (MkDbStmt *dest,
             MkDbStmt *src,
             int       i)
{
  switch (mk_db_column_type (src, i))
    {
    case MK_DB_VALUE_NULL:
      mk_db_bind_null (dest, i + 1);
      break;
    case MK_DB_VALUE_INTEGER:
      mk_db_bind_int64 (dest, i + 1, mk_db_column_int64 (src, i));
      break;
    case MK_DB_VALUE_TEXT:
      mk_db_bind_text (dest, i + 1, mk_db_column_text (src, i), -1);
      break;
    case MK_DB_VALUE_BLOB:
      /* Borrowed: the source row stays put until the insert has run. */
      mk_db_bind_blob (dest, i + 1, mk_db_column_blob (src, i), mk_db_column_bytes (src, i));
      break;
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

static gboolean
copy_table (MkStore         *src,
            MkStore         *dest,
            const CopyTable *table,
            MkStoreProgress  progress,
            gpointer         user_data,
            guint64         *n_copied,
            GError         **error)
{
  gint64 key1 = G_MININT64, key2 = G_MININT64;
  guint64 n_table = 0;

  for (;;)
    {
      MkDbStmt *select = mk_store_stmt (src, table->select_sql, error);
      int n_page = 0;
      int rc;

      if (select == NULL)
        return FALSE;
      mk_db_bind_int64 (select, 1, key1);
      mk_db_bind_int64 (select, 2, key2);
      mk_db_bind_int64 (select, 3, table->page);
      while ((rc = mk_db_step (select)) == MK_DB_ROW)
        {
          MkDbStmt *insert;

          if (mk_db_column_count (select) != table->n_columns)
            {
              g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_MEKENJAI,
                           _("The table “%s” of %s has %d columns; Mekenjai’s has %d"), table->name,
                           src->display_name, mk_db_column_count (select), table->n_columns);
              mk_db_reset (select);
              return FALSE;
            }
          insert = mk_store_stmt (dest, table->insert_sql, error);
          if (insert == NULL)
            {
              mk_db_reset (select);
              return FALSE;
            }
          for (int i = 0; i < table->n_columns; i++)
            bind_column (insert, select, i);
          if (!mk_store_step_done (dest, insert, error))
            {
              g_prefix_error (error, _("Could not copy a row of “%s”: "), table->name);
              mk_db_reset (select);
              return FALSE;
            }
          mk_db_clear_bindings (insert);
          if (table->n_keys >= 1)
            key1 = mk_db_column_int64 (select, 0);
          if (table->n_keys >= 2)
            key2 = mk_db_column_int64 (select, 1);
          n_page++;
          n_table++;
          (*n_copied)++;
          if (progress != NULL && n_table % 10000 == 0)
            progress (table->name, n_table, user_data);
        }
      mk_db_reset (select);
      if (rc != MK_DB_DONE)
        {
          mk_store_set_sql_error (src, error, _("Could not read the database"));
          return FALSE;
        }
      if (table->n_keys == 0 || n_page < table->page)
        break;
    }
  if (progress != NULL)
    progress (table->name, n_table, user_data);
  return TRUE;
}

static gboolean
count_rows (MkStore         *store,
            const CopyTable *table,
            gint64          *n,
            GError         **error)
{
  MkDbStmt *stmt = mk_store_stmt (store, table->count_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = mk_db_step (stmt);
  *n = rc == MK_DB_ROW ? mk_db_column_int64 (stmt, 0) : -1;
  mk_db_reset (stmt);
  if (rc != MK_DB_ROW)
    {
      mk_store_set_sql_error (store, error, _("Could not read the database"));
      return FALSE;
    }
  return TRUE;
}

/* Every stored file's bytes against the digest it was stored with. */
static gboolean
verify_digests (MkStore  *store,
                GError  **error)
{
  for (guint t = 0; t < G_N_ELEMENTS (digest_tables); t++)
    {
      gint64 after = 0;
      int n_page;

      do
        {
          MkDbStmt *stmt = mk_store_stmt (store, digest_tables[t].select_sql, error);
          int rc;

          if (stmt == NULL)
            return FALSE;
          mk_db_bind_int64 (stmt, 1, after);
          mk_db_bind_int64 (stmt, 2, 16);
          n_page = 0;
          while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
            {
              g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                                  mk_db_column_blob (stmt, 2),
                                                                  mk_db_column_bytes (stmt, 2));

              after = mk_db_column_int64 (stmt, 0);
              n_page++;
              if (g_strcmp0 (sum, mk_db_column_text (stmt, 1)) != 0)
                {
                  g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_FAILED,
                               _("Row %" PRId64 " of “%s” does not match its digest"),
                               after, digest_tables[t].name);
                  mk_db_reset (stmt);
                  return FALSE;
                }
            }
          mk_db_reset (stmt);
          if (rc != MK_DB_DONE)
            {
              mk_store_set_sql_error (store, error, _("Could not read the database"));
              return FALSE;
            }
        }
      while (n_page == 16);
    }
  return TRUE;
}

/* The destination, inside its transaction, against the source: the same
 * number of rows in every table, every file matching its digest, and the
 * same audit head (the events themselves were copied as they are, so the
 * chain reads as it did in the source). */
static gboolean
check_faithful (MkStore  *src,
                MkStore  *dest,
                GError  **error)
{
  static const char *const head_sql = "SELECT last_id FROM audit_head";
  int head_src = 0, head_dest = 0;

  for (guint t = 0; t < G_N_ELEMENTS (copy_tables); t++)
    {
      gint64 n_src = 0, n_dest = 0;

      if (!count_rows (src, &copy_tables[t], &n_src, error) || !count_rows (dest, &copy_tables[t], &n_dest, error))
        return FALSE;
      if (n_src != n_dest)
        {
          g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_FAILED,
                       _("The copy is not faithful: “%s” has %" PRId64 " rows in %s and %" PRId64 " in %s"),
                       copy_tables[t].name, n_src, src->display_name, n_dest, dest->display_name);
          return FALSE;
        }
    }
  if (!verify_digests (dest, error))
    {
      g_prefix_error (error, _("The copy is not faithful: "));
      return FALSE;
    }
  if (!mk_store_query_int (src, head_sql, &head_src, error)
      || !mk_store_query_int (dest, head_sql, &head_dest, error))
    return FALSE;
  if (head_src != head_dest)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_FAILED,
                   _("The copy is not faithful: its audit trail ends at event %d, not %d"),
                   head_dest, head_src);
      return FALSE;
    }
  return TRUE;
}

gboolean
mk_store_check_tables (MkStore  *self,
                       GError  **error)
{
  g_return_val_if_fail (MK_IS_STORE (self), FALSE);

  for (guint t = 0; t < G_N_ELEMENTS (copy_tables); t++)
    {
      MkDbStmt *stmt = mk_db_prepare (self->db, copy_tables[t].select_sql);
      int n_columns;

      if (stmt == NULL)
        {
          g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_MEKENJAI,
                       _("“%s” is not a whole Mekenjai database: it has no readable table “%s” (%s)"),
                       self->display_name, copy_tables[t].name, mk_db_errmsg (self->db));
          return FALSE;
        }
      n_columns = mk_db_column_count (stmt);
      mk_db_finalize (stmt);
      if (n_columns != copy_tables[t].n_columns)
        {
          g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_MEKENJAI,
                       _("The table “%s” of %s has %d columns; Mekenjai’s has %d"), copy_tables[t].name,
                       self->display_name, n_columns, copy_tables[t].n_columns);
          return FALSE;
        }
    }
  if (!verify_digests (self, error))
    {
      g_prefix_error (error, _("%s is damaged: "), self->display_name);
      return FALSE;
    }
  return TRUE;
}

gboolean
mk_store_copy_into (MkStore          *src,
                    MkStore          *dest,
                    gboolean          replace,
                    MkStoreProgress   progress,
                    gpointer          user_data,
                    GError          **error)
{
  guint64 n_copied = 0;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (src) && MK_IS_STORE (dest), FALSE);

  /* One snapshot of the source, one transaction on the destination: a copy
   * is whole or absent, whatever happens on the way. */
  if (!src->engine->begin_read (src, error))
    return FALSE;
  if (!dest->engine->load_begin (dest, replace, error))
    {
      mk_store_rollback (src);
      return FALSE;
    }
  ok = TRUE;
  for (guint t = 0; ok && t < G_N_ELEMENTS (copy_tables); t++)
    ok = copy_table (src, dest, &copy_tables[t], progress, user_data, &n_copied, error);
  mk_store_rollback (src);
  if (ok)
    {
      g_clear_object (&dest->regulation);
      g_clear_object (&dest->calendar);
      ok = mk_store_load_reference (dest, error)
           && mk_store_reindex_cases (dest, error)
           && dest->engine->load_end (dest, error)
           && check_faithful (src, dest, error);
    }
  /* Checked before it commits (#13): a copy that is not faithful leaves the
   * destination as it was, which for a restore is the live database. */
  return mk_store_finish (dest, ok, error);
}

/* Is there anything in @store a copy would overwrite? */
static gboolean
is_empty (MkStore   *store,
          gboolean  *empty,
          GError   **error)
{
  int n = 0;

  if (!mk_store_query_int (store, "SELECT (SELECT count(*) FROM cases) + (SELECT count(*) FROM users)"
                                  " + (SELECT count(*) FROM events)", &n, error))
    return FALSE;
  *empty = n == 0;
  return TRUE;
}

gboolean
mk_store_migrate_to (MkStore          *self,
                     const char       *location,
                     MkStoreProgress   progress,
                     gpointer          user_data,
                     GError          **error)
{
  g_autoptr(MkStore) dest = NULL;
  gboolean empty = FALSE;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (location != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_strcmp0 (location, self->path) == 0)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                   _("A database cannot be copied onto itself"));
      return FALSE;
    }
  dest = mk_store_open_empty (location, error);
  if (dest == NULL)
    return FALSE;
  if (!is_empty (dest, &empty, error))
    return FALSE;
  if (!empty)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                   _("%s already holds cases or users: copy only into an empty database"),
                   dest->display_name);
      return FALSE;
    }
  return mk_store_copy_into (self, dest, TRUE, progress, user_data, error);
}
