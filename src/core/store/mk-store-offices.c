/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Offices as data an administrator keeps (#10): the providers of Appendix 1
 * and the center offices of Appendix 2, their names, addresses, phones, and
 * the oblast each provider's district lies in today. */
#define G_LOG_DOMAIN "mk-store"

#include "mk-store-private.h"

#include <glib/gi18n-lib.h>

#include "mk-workflow.h"

/* What an event records of an office: what an administrator may change. */
static char *
office_json (const MkOffice *o)
{
  return mk_store_json_pairs ("office", o->id,
                              "name_kk", o->name.kk, "name_ru", o->name.ru,
                              "address_kk", o->address.kk, "address_ru", o->address.ru,
                              "phone", o->phone,
                              "region_kk", o->region.kk, "region_ru", o->region.ru,
                              "provider", o->provider_id, NULL);
}

static char *
trimmed (const char *text)
{
  return text != NULL ? g_strstrip (g_strdup (text)) : NULL;
}

gboolean
mk_store_update_office (MkStore         *self,
                        const MkUser    *actor,
                        const MkOffice  *office,
                        GError         **error)
{
  g_autoptr(MkOffice) before = NULL;
  g_autoptr(MkOffice) after = NULL;
  g_autoptr(MkOffice) provider = NULL;
  g_autofree char *before_json = NULL;
  g_autofree char *after_json = NULL;
  MkDbStmt *stmt;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (office != NULL && office->id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mk_workflow_check_administrator (actor, _("change an office"), error))
    return FALSE;

  /* What is written: the fields an administrator keeps, trimmed. English
   * follows the Russian text, as in the shipped data (the regulation has none). */
  after = g_new0 (MkOffice, 1);
  after->id = g_strdup (office->id);
  after->kind = office->kind;
  after->number = office->number;
  after->name.kk = trimmed (office->name.kk);
  after->name.ru = trimmed (office->name.ru);
  after->name.en = g_strdup (after->name.ru);
  after->address.kk = trimmed (office->address.kk);
  after->address.ru = trimmed (office->address.ru);
  after->address.en = g_strdup (after->address.ru);
  after->phone = trimmed (office->phone);
  if (office->kind == MK_ORG_PROVIDER)
    {
      after->region.kk = trimmed (office->region.kk);
      after->region.ru = trimmed (office->region.ru);
      after->region.en = g_strdup (after->region.ru);
    }
  else
    after->provider_id = trimmed (office->provider_id);

  if (!mk_store_begin (self, error))
    return FALSE;
  ok = mk_store_check_actor (self, actor, error)
       && (before = mk_store_get_office (self, office->id, error)) != NULL;
  if (ok && after->kind == MK_ORG_CENTER && after->provider_id != NULL && *after->provider_id != '\0')
    provider = mk_store_get_office (self, after->provider_id, NULL);
  ok = ok && mk_workflow_check_office_edit (actor, before, after, provider, error);
  if (ok)
    {
      stmt = mk_store_stmt (self,
        "UPDATE offices SET name_kk = ?2, name_ru = ?3, name_en = ?4, address_kk = ?5,"
        " address_ru = ?6, address_en = ?7, phone = ?8, region_kk = ?9, region_ru = ?10,"
        " region_en = ?11, provider_id = ?12 WHERE id = ?1", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      mk_store_bind_text (stmt, 1, after->id);
      mk_store_bind_text (stmt, 2, after->name.kk);
      mk_store_bind_text (stmt, 3, after->name.ru);
      mk_store_bind_text (stmt, 4, after->name.en);
      mk_store_bind_text (stmt, 5, after->address.kk);
      mk_store_bind_text (stmt, 6, after->address.ru);
      mk_store_bind_text (stmt, 7, after->address.en);
      mk_store_bind_text (stmt, 8, after->phone);
      mk_store_bind_text (stmt, 9, after->region.kk);
      mk_store_bind_text (stmt, 10, after->region.ru);
      mk_store_bind_text (stmt, 11, after->region.en);
      mk_store_bind_text (stmt, 12, after->provider_id);
      ok = mk_store_step_done (self, stmt, error);
    }
  if (ok)
    {
      before_json = office_json (before);
      after_json = office_json (after);
      ok = mk_store_append_event (self, 0, mk_store_now (), actor, "update-office",
                                  NULL, NULL, before_json, after_json, NULL, error);
    }
  return mk_store_finish (self, ok, error);
}

gboolean
mk_store_set_office_regions (MkStore    *self,
                             GPtrArray  *offices,
                             gboolean    only_missing,
                             GError    **error)
{
  g_assert (mk_db_in_transaction (self->db));

  for (guint i = 0; i < offices->len; i++)
    {
      const MkOffice *o = g_ptr_array_index (offices, i);
      g_autoptr(MkOffice) before = NULL;
      g_autofree char *before_json = NULL;
      g_autofree char *after_json = NULL;
      MkDbStmt *stmt;

      if (o->kind != MK_ORG_PROVIDER)
        continue;
      if (only_missing)
        {
          before = mk_store_get_office (self, o->id, NULL);
          /* An office the data has and the database lacks is left alone. */
          if (before == NULL || before->region.kk != NULL)
            continue;
        }
      stmt = mk_store_stmt (self,
        "UPDATE offices SET region_kk = ?2, region_ru = ?3, region_en = ?4 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      mk_store_bind_text (stmt, 1, o->id);
      mk_store_bind_text (stmt, 2, o->region.kk);
      mk_store_bind_text (stmt, 3, o->region.ru);
      mk_store_bind_text (stmt, 4, o->region.en);
      if (!mk_store_step_done (self, stmt, error))
        return FALSE;
      if (before == NULL)
        continue;
      /* An existing database's rows change: audited as an office's change. */
      before_json = office_json (before);
      mk_text_clear (&before->region);
      mk_text_copy (&before->region, &o->region);
      after_json = office_json (before);
      if (!mk_store_append_event (self, 0, mk_store_now (), NULL, "update-office", NULL, NULL,
                                  before_json, after_json, NULL, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
mk_store_finish_office_regions (MkStore  *self,
                                GError  **error)
{
  g_autoptr(GPtrArray) offices = NULL;
  int pending = 0;
  gboolean ok;

  if (self->schema_version < 9)
    return TRUE;
  if (!mk_store_query_int (self, "SELECT count(*) FROM meta WHERE key = 'office-regions'", &pending, error))
    return FALSE;
  if (pending == 0)
    return TRUE;
  offices = mk_offices_load_default (error);
  if (offices == NULL)
    return FALSE;
  if (!mk_store_begin (self, error))
    return FALSE;
  /* Another process may have filled them while this one waited for the lock. */
  ok = mk_store_query_int (self, "SELECT count(*) FROM meta WHERE key = 'office-regions'", &pending, error)
       && (pending == 0
           || (mk_store_set_office_regions (self, offices, TRUE, error)
               && mk_store_exec (self, "DELETE FROM meta WHERE key = 'office-regions'", error)));
  return mk_store_finish (self, ok, error);
}
