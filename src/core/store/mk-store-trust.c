/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trust anchors: the root certificates of the certification centers whose
 * certificates an administrator trusts for the head's signature (§10 step 5;
 * in Kazakhstan the national certification center's roots). Loaded and
 * saved here; whether a chain leads to one is mk_sign_check_chain(). */
#define G_LOG_DOMAIN "mk-store"

#include "mk-store-private.h"

#include <glib/gi18n-lib.h>

#include "mk-sign.h"
#include "mk-workflow.h"

GPtrArray *
mk_store_list_trust_anchors (MkStore  *self,
                             GError  **error)
{
  g_autoptr(GPtrArray) anchors = NULL;
  MkDbStmt *stmt;
  int rc;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = mk_store_stmt (self, "SELECT der FROM trust_anchors ORDER BY common_name, sha256", error);
  if (stmt == NULL)
    return NULL;
  anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_sign_certificate_free);
  while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
    {
      g_autoptr(GBytes) der = g_bytes_new (mk_db_column_blob (stmt, 0), (gsize) mk_db_column_bytes (stmt, 0));
      MkSignCertificate *anchor = mk_sign_certificate_read (der, NULL);

      /* Only what passed mk_sign_certificate_read() is ever stored. */
      if (anchor != NULL)
        g_ptr_array_add (anchors, anchor);
    }
  mk_db_reset (stmt);
  if (rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not read the trusted certification centers"));
      return NULL;
    }
  return g_steal_pointer (&anchors);
}

static gboolean
anchor_exists (MkStore     *self,
               const char  *sha256,
               gboolean    *exists,
               GError     **error)
{
  MkDbStmt *stmt = mk_store_stmt (self, "SELECT count(*) FROM trust_anchors WHERE sha256 = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mk_store_bind_text (stmt, 1, sha256);
  rc = mk_db_step (stmt);
  *exists = rc == MK_DB_ROW && mk_db_column_int64 (stmt, 0) > 0;
  mk_db_reset (stmt);
  if (rc != MK_DB_ROW)
    {
      mk_store_set_sql_error (self, error, _("Could not read the trusted certification centers"));
      return FALSE;
    }
  return TRUE;
}

static char *
anchor_json (const MkSignCertificate *anchor)
{
  return mk_store_json_pairs ("certificate", anchor->sha256, "name", anchor->common_name,
                              "subject", anchor->subject_dn, NULL);
}

guint
mk_store_add_trust_anchors (MkStore       *self,
                            const MkUser  *actor,
                            GBytes        *certificates,
                            GError       **error)
{
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) local = NULL;
  guint added = 0;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), 0);
  g_return_val_if_fail (actor != NULL, 0);
  g_return_val_if_fail (certificates != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!mk_workflow_check_administrator (actor, _("install trusted certification centers"), error))
    return 0;
  read = mk_sign_certificates_read (certificates, &local);
  if (read == NULL)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID, "%s", local->message);
      return 0;
    }
  /* A root issues certificates; a person's certificate made an anchor would
   * let its holder vouch for any key. Checked for all before storing any. */
  for (guint i = 0; i < read->len; i++)
    {
      const MkSignCertificate *anchor = g_ptr_array_index (read, i);

      if (!anchor->is_ca)
        {
          g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                       _("“%s” is not a certification center’s certificate (it may not issue certificates): install the center’s root certificate"),
                       anchor->common_name != NULL ? anchor->common_name : anchor->subject_dn);
          return 0;
        }
    }

  if (!mk_store_begin (self, error))
    return 0;
  ok = mk_store_check_actor (self, actor, error);
  for (guint i = 0; ok && i < read->len; i++)
    {
      const MkSignCertificate *anchor = g_ptr_array_index (read, i);
      g_autofree char *after = NULL;
      gboolean exists = FALSE;
      MkDbStmt *stmt;
      gsize size = 0;
      gconstpointer der;

      ok = anchor_exists (self, anchor->sha256, &exists, error);
      if (!ok || exists)
        continue;
      stmt = mk_store_stmt (self,
        "INSERT INTO trust_anchors (sha256, der, common_name, subject_dn, not_after, added_at, added_by)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
      ok = stmt != NULL;
      if (!ok)
        break;
      der = g_bytes_get_data (anchor->der, &size);
      mk_store_bind_text (stmt, 1, anchor->sha256);
      mk_db_bind_blob (stmt, 2, der, size);
      mk_store_bind_text (stmt, 3, anchor->common_name);
      mk_store_bind_text (stmt, 4, anchor->subject_dn != NULL ? anchor->subject_dn : "");
      mk_db_bind_int64 (stmt, 5, anchor->not_after);
      mk_db_bind_int64 (stmt, 6, mk_store_now ());
      mk_db_bind_int64 (stmt, 7, actor->id);
      ok = mk_store_step_done (self, stmt, error);
      if (ok)
        {
          after = anchor_json (anchor);
          ok = mk_store_append_event (self, 0, mk_store_now (), actor, "add-trust-anchor",
                                      NULL, NULL, NULL, after, NULL, error);
        }
      if (ok)
        added++;
    }
  if (!mk_store_finish (self, ok, error))
    return 0;
  return added;
}

gboolean
mk_store_remove_trust_anchor (MkStore       *self,
                              const MkUser  *actor,
                              const char    *sha256,
                              GError       **error)
{
  g_autoptr(GPtrArray) anchors = NULL;
  g_autofree char *before = NULL;
  const MkSignCertificate *found = NULL;
  MkDbStmt *stmt;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mk_workflow_check_administrator (actor, _("remove trusted certification centers"), error))
    return FALSE;
  if (!mk_store_begin (self, error))
    return FALSE;
  ok = mk_store_check_actor (self, actor, error)
       && (anchors = mk_store_list_trust_anchors (self, error)) != NULL;
  for (guint i = 0; ok && i < anchors->len; i++)
    {
      const MkSignCertificate *anchor = g_ptr_array_index (anchors, i);

      if (g_ascii_strcasecmp (anchor->sha256, sha256) == 0)
        found = anchor;
    }
  if (ok && found == NULL)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND,
                   _("No trusted certification center has the certificate %s"), sha256);
      ok = FALSE;
    }
  if (ok)
    {
      stmt = mk_store_stmt (self, "DELETE FROM trust_anchors WHERE sha256 = ?1", error);
      ok = stmt != NULL;
      if (ok)
        {
          mk_store_bind_text (stmt, 1, found->sha256);
          ok = mk_store_step_done (self, stmt, error);
        }
    }
  if (ok)
    {
      before = anchor_json (found);
      ok = mk_store_append_event (self, 0, mk_store_now (), actor, "remove-trust-anchor",
                                  NULL, NULL, before, NULL, NULL, error);
    }
  return mk_store_finish (self, ok, error);
}
