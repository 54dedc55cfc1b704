/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case store's attachments: the applicant's documents kept as checked PDFs, one checklist item each. */
#define G_LOG_DOMAIN "mk-store"

#include "mk-store-private.h"
#include "mk-workflow.h"

#include <glib/gi18n-lib.h>
#include <string.h>

MkAttachment *
mk_attachment_copy (const MkAttachment *attachment)
{
  MkAttachment *copy;

  g_return_val_if_fail (attachment != NULL, NULL);

  copy = g_memdup2 (attachment, sizeof *attachment);
  copy->doc_kind = g_strdup (attachment->doc_kind);
  copy->file_name = g_strdup (attachment->file_name);
  copy->sha256 = g_strdup (attachment->sha256);
  return copy;
}

void
mk_attachment_free (MkAttachment *attachment)
{
  if (attachment == NULL)
    return;
  g_free (attachment->doc_kind);
  g_free (attachment->file_name);
  g_free (attachment->sha256);
  g_free (attachment);
}

static gboolean
check_may_attach (MkStore      *self,
                  const MkUser *actor,
                  const char   *regno,
                  const char   *stage_id,
                  GError      **error)
{
  return mk_store_check_actor (self, actor, error)
         && mk_workflow_check_attach (self->regulation, actor, regno, stage_id, error);
}

/* The case's checklist lives in cases.items in the store's compact form
 * (MkStoreItem, mk-store-private.h); only the present bit and the count of
 * one item change here. */
typedef struct {
  gint64    version;
  char     *stage;
  char     *regno;
  char     *items;
} CaseState;

static void
case_state_clear (CaseState *state)
{
  g_clear_pointer (&state->stage, g_free);
  g_clear_pointer (&state->regno, g_free);
  g_clear_pointer (&state->items, g_free);
}

static gboolean
read_case_state (MkStore    *self,
                 gint64      case_id,
                 CaseState  *state,
                 GError    **error)
{
  MkDbStmt *stmt = mk_store_stmt (self,
    "SELECT version, stage, regno, items FROM cases WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mk_db_bind_int64 (stmt, 1, case_id);
  rc = mk_db_step (stmt);
  if (rc == MK_DB_ROW)
    {
      state->version = mk_db_column_int64 (stmt, 0);
      state->stage = mk_store_column_text (stmt, 1);
      state->regno = mk_store_column_text (stmt, 2);
      state->items = mk_store_column_text (stmt, 3);
    }
  else if (rc == MK_DB_DONE)
    g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND,
                 _("No case with id %lld"), (long long) case_id);
  else
    mk_store_set_sql_error (self, error, _("Could not read the case"));
  mk_db_reset (stmt);
  return rc == MK_DB_ROW;
}

/* Rewrites the entry of @doc_kind in @state->items: @delta attachments more,
 * present set to @present (-1: unchanged). Returns the new text, or NULL when
 * the case's checklist has no such item. */
static char *
edit_items (MkStore    *self,
            CaseState  *state,
            const char *doc_kind,
            int         delta,
            int         present,
            gboolean   *was_present,
            guint      *n_after)
{
  const char *number = mk_store_doc_kind_number (self, doc_kind, FALSE, NULL);
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean found = FALSE;

  if (number == NULL || state->items == NULL || *state->items == '\0')
    return NULL;
  parts = g_strsplit (state->items, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      MkStoreItem item;

      if (i > 0)
        g_string_append_c (out, ',');
      if (!mk_store_item_decode (parts[i], &item) || strcmp (item.number, number) != 0)
        {
          /* Left as it was, even if this reader cannot parse it. */
          g_string_append (out, parts[i]);
          continue;
        }
      found = TRUE;
      *was_present = (item.flags & MK_STORE_ITEM_PRESENT) != 0;
      item.n_attachments = (guint) MAX ((gint64) item.n_attachments + delta, 0);
      if (present == 1)
        item.flags |= MK_STORE_ITEM_PRESENT;
      else if (present == 0)
        item.flags &= ~(guint) MK_STORE_ITEM_PRESENT;
      mk_store_item_encode (out, &item);
      *n_after = item.n_attachments;
    }
  if (!found)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Writes the edited checklist; the version goes up so that another window
 * holding the case learns of the change (MK_STORE_ERROR_CONFLICT). */
static gboolean
write_items (MkStore     *self,
             gint64       case_id,
             const char  *items,
             gint64       version,
             GError     **error)
{
  MkDbStmt *stmt = mk_store_stmt (self,
    "UPDATE cases SET items = ?1, version = ?2 WHERE id = ?3", error);

  if (stmt == NULL)
    return FALSE;
  mk_store_bind_text (stmt, 1, items);
  mk_db_bind_int64 (stmt, 2, version);
  mk_db_bind_int64 (stmt, 3, case_id);
  return mk_store_step_done (self, stmt, error);
}

/* Keeps the caller's record of the case in step with what was written. */
static void
follow_case (MkStore    *self,
             MkCase     *c,
             const char *doc_kind,
             gboolean    present,
             guint       n_attachments,
             gint64      old_version,
             gint64      new_version)
{
  MkCaseItem *item = mk_case_find_item (c, doc_kind);

  if (item != NULL)
    {
      item->present = present;
      item->n_attachments = n_attachments;
    }
  /* Only a record that was current stays current; a stale one must still
   * meet the conflict check of mk_store_update_case(). */
  if (c->version == old_version)
    c->version = new_version;
}

static const char *
doc_kind_label (MkStore    *self,
                const char *doc_kind)
{
  const MkDocumentKind *kind = mk_regulation_get_document_kind (self->regulation, doc_kind);

  return kind != NULL ? mk_text_get (&kind->name) : doc_kind;
}

gint64
mk_store_add_attachment (MkStore              *self,
                         const MkUser         *actor,
                         MkCase               *c,
                         const char           *doc_kind,
                         const char           *file_name,
                         const MkImportResult *pdf,
                         GError              **error)
{
  CaseState state = { 0 };
  g_autofree char *items = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *after = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *pages_text = NULL;
  MkDbStmt *stmt;
  gboolean was_present = FALSE;
  guint n_after = 0;
  gint64 id = 0;
  gint64 now = mk_store_now ();
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), 0);
  g_return_val_if_fail (c != NULL && c->id > 0, 0);
  g_return_val_if_fail (doc_kind != NULL, 0);
  g_return_val_if_fail (pdf != NULL && pdf->pdf != NULL && pdf->sha256 != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  /* §9: what is stored is exactly what the importer checked. */
  digest = mk_import_digest (pdf->pdf);
  if (g_strcmp0 (digest, pdf->sha256) != 0 || pdf->n_pages == 0)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                   _("The document to attach does not match its checksum; import it again"));
      return 0;
    }

  if (!mk_store_begin (self, error))
    return 0;
  ok = read_case_state (self, c->id, &state, error)
       && check_may_attach (self, actor, state.regno, state.stage, error);
  if (ok)
    {
      items = edit_items (self, &state, doc_kind, 1, 1, &was_present, &n_after);
      if (items == NULL)
        {
          g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                       _("“%s” is not on the checklist of case %s"),
                       doc_kind_label (self, doc_kind), state.regno);
          ok = FALSE;
        }
    }
  if (ok)
    {
      stmt = mk_store_stmt (self,
        "INSERT INTO attachment (case_id, doc_kind, created_at, created_by, file_name,"
        " n_pages, size, sha256, pdf, item_was_present)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", error);
      ok = stmt != NULL;
      if (ok)
        {
          gsize size;
          gconstpointer data = g_bytes_get_data (pdf->pdf, &size);

          mk_db_bind_int64 (stmt, 1, c->id);
          mk_store_bind_text (stmt, 2, doc_kind);
          mk_db_bind_int64 (stmt, 3, now);
          mk_db_bind_int64 (stmt, 4, actor->id);
          mk_store_bind_text (stmt, 5, file_name);
          mk_db_bind_int64 (stmt, 6, (int) pdf->n_pages);
          mk_db_bind_int64 (stmt, 7, (gint64) size);
          mk_store_bind_text (stmt, 8, pdf->sha256);
          mk_db_bind_blob (stmt, 9, data, size);
          mk_db_bind_int64 (stmt, 10, was_present ? 1 : 0);
          ok = mk_store_step_done (self, stmt, error);
          /* The blob is bound without a copy: drop it before @pdf may go. */
          mk_db_clear_bindings (stmt);
          id = mk_db_last_insert_id (self->db);
        }
    }
  if (ok)
    {
      id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      pages_text = g_strdup_printf ("%u", pdf->n_pages);
      after = mk_store_json_pairs ("attachment", id_text, "doc_kind", doc_kind,
                                   "file_name", file_name, "pages", pages_text,
                                   "sha256", pdf->sha256, NULL);
      mk_store_audit_row (self, MK_AUDIT_ATTACHMENT, id);
      ok = write_items (self, c->id, items, state.version + 1, error)
           && mk_store_append_event (self, c->id, now, actor, "attach", state.stage, state.stage,
                                     NULL, after, NULL, error);
    }
  if (!mk_store_finish (self, ok, error))
    {
      case_state_clear (&state);
      return 0;
    }
  follow_case (self, c, doc_kind, TRUE, n_after, state.version, state.version + 1);
  case_state_clear (&state);
  return id;
}

#define ATTACHMENT_COLUMNS \
  "id, case_id, doc_kind, created_at, created_by, file_name, n_pages, size, sha256," \
  " coalesce (removed_at, 0), coalesce (removed_by, 0)"

static MkAttachment *
attachment_from_row (MkDbStmt *stmt)
{
  MkAttachment *a = g_new0 (MkAttachment, 1);

  a->id = mk_db_column_int64 (stmt, 0);
  a->case_id = mk_db_column_int64 (stmt, 1);
  a->doc_kind = mk_store_column_text (stmt, 2);
  a->created_at = mk_db_column_int64 (stmt, 3);
  a->created_by = mk_db_column_int64 (stmt, 4);
  a->file_name = mk_store_column_text (stmt, 5);
  a->n_pages = (guint) mk_db_column_int64 (stmt, 6);
  a->size = mk_db_column_int64 (stmt, 7);
  a->sha256 = mk_store_column_text (stmt, 8);
  a->removed_at = mk_db_column_int64 (stmt, 9);
  a->removed_by = mk_db_column_int64 (stmt, 10);
  return a;
}

GPtrArray *
mk_store_list_attachments (MkStore     *self,
                           gint64       case_id,
                           const char  *doc_kind,
                           GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_attachment_free);
  MkDbStmt *stmt;
  int rc;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = mk_store_stmt (self,
    "SELECT " ATTACHMENT_COLUMNS " FROM attachment"
    " WHERE case_id = ?1 AND (?2 IS NULL OR doc_kind = ?2) AND removed_at IS NULL"
    " ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  mk_db_bind_int64 (stmt, 1, case_id);
  mk_store_bind_text (stmt, 2, doc_kind);
  while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
    g_ptr_array_add (list, attachment_from_row (stmt));
  mk_db_reset (stmt);
  if (rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not read the attachments"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

MkAttachment *
mk_store_get_attachment (MkStore     *self,
                         gint64       id,
                         GError     **error)
{
  MkAttachment *a = NULL;
  MkDbStmt *stmt;
  int rc;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = mk_store_stmt (self, "SELECT " ATTACHMENT_COLUMNS " FROM attachment WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  mk_db_bind_int64 (stmt, 1, id);
  rc = mk_db_step (stmt);
  if (rc == MK_DB_ROW)
    a = attachment_from_row (stmt);
  else if (rc == MK_DB_DONE)
    g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND,
                 _("No attachment with id %lld"), (long long) id);
  else
    mk_store_set_sql_error (self, error, _("Could not read the attachment"));
  mk_db_reset (stmt);
  return a;
}

GBytes *
mk_store_read_attachment (MkStore     *self,
                          gint64       id,
                          GError     **error)
{
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *sha256 = NULL;
  MkDbStmt *stmt;
  int rc;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = mk_store_stmt (self, "SELECT pdf, sha256 FROM attachment WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  mk_db_bind_int64 (stmt, 1, id);
  rc = mk_db_step (stmt);
  if (rc == MK_DB_ROW)
    {
      pdf = g_bytes_new (mk_db_column_blob (stmt, 0), (gsize) mk_db_column_bytes (stmt, 0));
      sha256 = mk_store_column_text (stmt, 1);
    }
  else if (rc == MK_DB_DONE)
    g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND,
                 _("No attachment with id %lld"), (long long) id);
  else
    mk_store_set_sql_error (self, error, _("Could not read the attachment"));
  mk_db_reset (stmt);
  if (pdf == NULL)
    return NULL;

  /* §9 (safekeeping of documents): never hand out an altered document. */
  if (!mk_import_read_verified (pdf, sha256, error))
    return NULL;
  return g_steal_pointer (&pdf);
}

/* Whether the item was present before its first attachment ever came. */
static gboolean
present_before_attachments (MkStore     *self,
                            gint64       case_id,
                            const char  *doc_kind,
                            GError     **error)
{
  MkDbStmt *stmt = mk_store_stmt (self,
    "SELECT item_was_present FROM attachment WHERE case_id = ?1 AND doc_kind = ?2"
    " ORDER BY id LIMIT 1", error);
  gboolean present = FALSE;

  if (stmt == NULL)
    return FALSE;
  mk_db_bind_int64 (stmt, 1, case_id);
  mk_store_bind_text (stmt, 2, doc_kind);
  if (mk_db_step (stmt) == MK_DB_ROW)
    present = mk_db_column_int64 (stmt, 0) != 0;
  mk_db_reset (stmt);
  return present;
}

static gboolean
count_attachments (MkStore     *self,
                   gint64       case_id,
                   const char  *doc_kind,
                   guint       *n,
                   GError     **error)
{
  MkDbStmt *stmt = mk_store_stmt (self,
    "SELECT count(*) FROM attachment WHERE case_id = ?1 AND doc_kind = ?2 AND removed_at IS NULL",
    error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  mk_db_bind_int64 (stmt, 1, case_id);
  mk_store_bind_text (stmt, 2, doc_kind);
  ok = mk_db_step (stmt) == MK_DB_ROW;
  if (ok)
    *n = (guint) mk_db_column_int64 (stmt, 0);
  else
    mk_store_set_sql_error (self, error, _("Could not read the attachments"));
  mk_db_reset (stmt);
  return ok;
}

gboolean
mk_store_remove_attachment (MkStore      *self,
                            const MkUser *actor,
                            MkCase       *c,
                            gint64        attachment_id,
                            const char   *reason,
                            GError      **error)
{
  g_autoptr(MkAttachment) a = NULL;
  CaseState state = { 0 };
  g_autofree char *items = NULL;
  g_autofree char *before = NULL;
  g_autofree char *id_text = NULL;
  gboolean was_present = FALSE;
  gboolean present = TRUE;
  guint n_left = 0;
  guint n_after = 0;
  MkDbStmt *stmt;
  gint64 now = mk_store_now ();
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (c != NULL && c->id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mk_store_begin (self, error))
    return FALSE;
  a = mk_store_get_attachment (self, attachment_id, error);
  ok = a != NULL;
  if (ok && (a->case_id != c->id || a->removed_at != 0))
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND,
                   a->removed_at != 0 ? _("The attachment was already removed")
                                      : _("The attachment belongs to another case"));
      ok = FALSE;
    }
  ok = ok && read_case_state (self, c->id, &state, error)
       && check_may_attach (self, actor, state.regno, state.stage, error);
  if (ok)
    {
      stmt = mk_store_stmt (self, "UPDATE attachment SET removed_at = ?1, removed_by = ?2 WHERE id = ?3",
                            error);
      ok = stmt != NULL;
      if (ok)
        {
          mk_db_bind_int64 (stmt, 1, now);
          mk_db_bind_int64 (stmt, 2, actor->id);
          mk_db_bind_int64 (stmt, 3, attachment_id);
          ok = mk_store_step_done (self, stmt, error);
        }
    }
  ok = ok && count_attachments (self, c->id, a->doc_kind, &n_left, error);
  if (ok)
    {
      /* The item stays present while another attachment shows it; with none
       * left it is as it was before any came (ticked by hand or not). */
      present = n_left > 0 || present_before_attachments (self, c->id, a->doc_kind, error);
      items = edit_items (self, &state, a->doc_kind, -1, present ? 1 : 0, &was_present, &n_after);
      id_text = g_strdup_printf ("%" G_GINT64_FORMAT, attachment_id);
      before = mk_store_json_pairs ("attachment", id_text, "doc_kind", a->doc_kind,
                                    "file_name", a->file_name, "sha256", a->sha256, NULL);
      mk_store_audit_row (self, MK_AUDIT_ATTACHMENT, attachment_id);
      /* An item no longer on the checklist (the conditions changed) keeps its attachments' history only. */
      ok = (items == NULL || write_items (self, c->id, items, state.version + 1, error))
           && mk_store_append_event (self, c->id, now, actor, "remove-attachment", state.stage,
                                     state.stage, before, NULL, reason, error);
    }
  if (!mk_store_finish (self, ok, error))
    {
      case_state_clear (&state);
      return FALSE;
    }
  if (items != NULL)
    follow_case (self, c, a->doc_kind, present, n_after, state.version, state.version + 1);
  case_state_clear (&state);
  return TRUE;
}
