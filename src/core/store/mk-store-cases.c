/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cases in the store: intake (§10 step 2, §23), the regulation's actions and registers (§10, §19). */
#define G_LOG_DOMAIN "mk-store"

#include "mk-store-private.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mk-deadline.h"
#include "mk-id.h"
#include "mk-workflow.h"

/* Column i of CASE_COLUMNS is bound as parameter ?i and read back as column i
 * of CASE_SELECT (column 0 is the id), so one list serves insert, update and load. */
#define CASE_COLUMNS \
  "regno, year, center_id, provider_id, kind, conditions, stage, version, accepted_at," \
  " accepted_by, term_days, accepted_on, provider_due, issue_date, storage_until," \
  " return_due, notify_due, due, sort_key, applicant_kind, applicant_idn, applicant_name," \
  " applicant_phone, rep_name, rep_idn, rep_phone, rep_poa, object_kind, cadastral," \
  " a_place, a_geonym_type, a_geonym_kk, a_geonym_ru, a_geonym_en, a_building, a_block," \
  " a_premise, a_rca, a_active," \
  " f_place, f_geonym_type, f_geonym_kk, f_geonym_ru, f_geonym_en, f_building, f_block," \
  " f_premise, f_rca, f_active," \
  " basis_number, basis_date, result, result_number, result_date, grounds, register_id, items," \
  " rca_held, regulation_id"

enum {
  COL_REGNO = 1, COL_YEAR, COL_CENTER, COL_PROVIDER, COL_KIND, COL_CONDITIONS, COL_STAGE,
  COL_VERSION, COL_ACCEPTED_AT, COL_ACCEPTED_BY, COL_TERM, COL_ACCEPTED_ON, COL_PROVIDER_DUE,
  COL_ISSUE_DATE, COL_STORAGE_UNTIL, COL_RETURN_DUE, COL_NOTIFY_DUE, COL_DUE, COL_SORT_KEY,
  COL_APPLICANT_KIND, COL_APPLICANT_IDN, COL_APPLICANT_NAME, COL_APPLICANT_PHONE,
  COL_REP_NAME, COL_REP_IDN, COL_REP_PHONE, COL_REP_POA, COL_OBJECT_KIND, COL_CADASTRAL,
  COL_ADDRESS, /* 10 columns */
  COL_FORMER = COL_ADDRESS + 10,
  COL_BASIS_NUMBER = COL_FORMER + 10, COL_BASIS_DATE, COL_RESULT, COL_RESULT_NUMBER,
  COL_RESULT_DATE, COL_GROUNDS, COL_REGISTER, COL_ITEMS, COL_RCA_HELD, COL_REGULATION,
  COL_ID_PARAM,
  COL_A_PLACE_DATA = COL_ID_PARAM,   /* 16 place columns of the address … */
  COL_F_PLACE_DATA = COL_A_PLACE_DATA + 16, /* … and of the former address */
};

#define PLACE_COLUMNS(p) \
  p ".kato, " p ".region_kk, " p ".region_ru, " p ".region_en, " p ".district_kk, " \
  p ".district_ru, " p ".district_en, " p ".city_district_kk, " p ".city_district_ru, " \
  p ".city_district_en, " p ".rural_okrug_kk, " p ".rural_okrug_ru, " p ".rural_okrug_en, " \
  p ".settlement_kk, " p ".settlement_ru, " p ".settlement_en"

#define CASE_SELECT \
  "SELECT c.id, " CASE_COLUMNS ", " PLACE_COLUMNS ("ap") ", " PLACE_COLUMNS ("fp") \
  " FROM cases c LEFT JOIN places ap ON ap.id = c.a_place LEFT JOIN places fp ON fp.id = c.f_place"

static const char *const sql_insert_case =
  "INSERT INTO cases (" CASE_COLUMNS ", id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
  " ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28,"
  " ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43, ?44, ?45, ?46,"
  " ?47, ?48, ?49, ?50, ?51, ?52, ?53, ?54, ?55, ?56, ?57, ?58, ?59, ?60)";

static const char *const sql_update_case =
  "UPDATE cases SET regno = ?1, year = ?2, center_id = ?3, provider_id = ?4, kind = ?5,"
  " conditions = ?6, stage = ?7, version = ?8, accepted_at = ?9, accepted_by = ?10,"
  " term_days = ?11, accepted_on = ?12, provider_due = ?13, issue_date = ?14,"
  " storage_until = ?15, return_due = ?16, notify_due = ?17, due = ?18, sort_key = ?19,"
  " applicant_kind = ?20, applicant_idn = ?21, applicant_name = ?22, applicant_phone = ?23,"
  " rep_name = ?24, rep_idn = ?25, rep_phone = ?26, rep_poa = ?27, object_kind = ?28,"
  " cadastral = ?29, a_place = ?30, a_geonym_type = ?31, a_geonym_kk = ?32, a_geonym_ru = ?33,"
  " a_geonym_en = ?34, a_building = ?35, a_block = ?36, a_premise = ?37, a_rca = ?38,"
  " a_active = ?39, f_place = ?40, f_geonym_type = ?41, f_geonym_kk = ?42, f_geonym_ru = ?43,"
  " f_geonym_en = ?44, f_building = ?45, f_block = ?46, f_premise = ?47, f_rca = ?48,"
  " f_active = ?49, basis_number = ?50, basis_date = ?51, result = ?52, result_number = ?53,"
  " result_date = ?54, grounds = ?55, register_id = ?56, items = ?57, rca_held = ?58,"
  " regulation_id = ?59 WHERE id = ?60";

G_STATIC_ASSERT (COL_ID_PARAM == 60);

/* Places: the administrative part of addresses, shared by many cases. */

static void
place_key_append (GString *key, const char *text)
{
  if (text != NULL)
    g_string_append (key, text);
  else
    g_string_append_c (key, '\x1e');
  g_string_append_c (key, '\x1f');
}

static const MkText *
address_units (const MkAddress *a, guint i)
{
  const MkText *units[] = { &a->region, &a->district, &a->city_district, &a->rural_okrug,
                            &a->settlement };
  return units[i];
}

static gboolean
find_place (MkStore          *self,
            const MkAddress  *a,
            gint64           *place_id,
            GError          **error)
{
  g_autoptr(GString) key = g_string_new (NULL);
  gint64 *cached;
  MkDbStmt *stmt;
  int rc;

  place_key_append (key, a->kato);
  for (guint i = 0; i < 5; i++)
    {
      const MkText *t = address_units (a, i);

      place_key_append (key, t->kk);
      place_key_append (key, t->ru);
      place_key_append (key, t->en);
    }

  cached = g_hash_table_lookup (self->places, key->str);
  if (cached != NULL)
    {
      *place_id = *cached;
      return TRUE;
    }

  stmt = mk_store_stmt (self, "SELECT id FROM places WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  mk_store_bind_text (stmt, 1, key->str);
  rc = mk_db_step (stmt);
  *place_id = rc == MK_DB_ROW ? mk_db_column_int64 (stmt, 0) : 0;
  mk_db_reset (stmt);

  if (*place_id == 0)
    {
      stmt = mk_store_stmt (self,
        "INSERT INTO places (key, kato, region_kk, region_ru, region_en, district_kk, district_ru,"
        " district_en, city_district_kk, city_district_ru, city_district_en, rural_okrug_kk,"
        " rural_okrug_ru, rural_okrug_en, settlement_kk, settlement_ru, settlement_en)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        error);
      if (stmt == NULL)
        return FALSE;
      mk_store_bind_text (stmt, 1, key->str);
      mk_store_bind_text (stmt, 2, a->kato);
      for (guint i = 0; i < 5; i++)
        {
          const MkText *t = address_units (a, i);

          mk_store_bind_text (stmt, 3 + 3 * i, t->kk);
          mk_store_bind_text (stmt, 4 + 3 * i, t->ru);
          mk_store_bind_text (stmt, 5 + 3 * i, t->en);
        }
      if (!mk_store_step_done (self, stmt, error))
        return FALSE;
      *place_id = mk_db_last_insert_id (self->db);
    }

  g_hash_table_insert (self->places, g_string_free (g_steal_pointer (&key), FALSE),
                       g_memdup2 (place_id, sizeof *place_id));
  return TRUE;
}

static gboolean
bind_address (MkStore          *self,
              MkDbStmt     *stmt,
              int               first,
              const MkAddress  *a,
              GError          **error)
{
  gint64 place = 0;

  if (a == NULL)
    {
      for (int i = 0; i < 10; i++)
        mk_db_bind_null (stmt, first + i);
      return TRUE;
    }
  if (!find_place (self, a, &place, error))
    return FALSE;
  mk_db_bind_int64 (stmt, first, place);
  mk_store_bind_text (stmt, first + 1, a->geonym_type);
  mk_store_bind_text (stmt, first + 2, a->geonym.kk);
  mk_store_bind_text (stmt, first + 3, a->geonym.ru);
  mk_store_bind_text (stmt, first + 4, a->geonym.en);
  mk_store_bind_text (stmt, first + 5, a->building);
  mk_store_bind_text (stmt, first + 6, a->block);
  mk_store_bind_text (stmt, first + 7, a->premise);
  mk_store_bind_text (stmt, first + 8, a->rca);
  mk_db_bind_int64 (stmt, first + 9, a->active ? 1 : 0);
  return TRUE;
}

static MkAddress *
read_address (MkDbStmt *stmt,
              int           first,
              int           place_first)
{
  MkAddress *a;

  if (mk_db_column_is_null (stmt, first + 9))
    return NULL;
  a = mk_address_new ();
  a->geonym_type = mk_store_column_text (stmt, first + 1);
  a->geonym.kk = mk_store_column_text (stmt, first + 2);
  a->geonym.ru = mk_store_column_text (stmt, first + 3);
  a->geonym.en = mk_store_column_text (stmt, first + 4);
  a->building = mk_store_column_text (stmt, first + 5);
  a->block = mk_store_column_text (stmt, first + 6);
  a->premise = mk_store_column_text (stmt, first + 7);
  a->rca = mk_store_column_text (stmt, first + 8);
  a->active = mk_db_column_int64 (stmt, first + 9) != 0;
  a->kato = mk_store_column_text (stmt, place_first);
  for (guint i = 0; i < 5; i++)
    {
      MkText *t = (MkText *) address_units (a, i);

      t->kk = mk_store_column_text (stmt, place_first + 1 + 3 * i);
      t->ru = mk_store_column_text (stmt, place_first + 2 + 3 * i);
      t->en = mk_store_column_text (stmt, place_first + 3 + 3 * i);
    }
  return a;
}

/* Checklist items in cases.items (the format is in mk-store-private.h). */

static gboolean
load_doc_kinds (MkStore  *self,
                GError  **error)
{
  MkDbStmt *stmt;
  int rc;

  if (g_hash_table_size (self->doc_kinds) > 0)
    return TRUE;
  stmt = mk_store_stmt (self, "SELECT id, kind FROM doc_kinds", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
    {
      const char *kind = mk_db_column_text (stmt, 1);
      gint64 id = mk_db_column_int64 (stmt, 0);

      g_hash_table_insert (self->doc_kinds, g_strdup (kind), g_strdup_printf ("%" G_GINT64_FORMAT, id));
      g_hash_table_insert (self->doc_kinds, g_strdup_printf ("#%" G_GINT64_FORMAT, id), g_strdup (kind));
    }
  mk_db_reset (stmt);
  if (rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not read the document kinds"));
      return FALSE;
    }
  return TRUE;
}

/* @key is a kind, or "#n" for number n. Another process may have numbered a
 * kind since the cache was filled: on a miss, read the table again. */
static const char *
lookup_doc_kind (MkStore     *self,
                 const char  *key,
                 GError     **error)
{
  const char *found;

  if (!load_doc_kinds (self, error))
    return NULL;
  found = g_hash_table_lookup (self->doc_kinds, key);
  if (found != NULL)
    return found;
  g_hash_table_remove_all (self->doc_kinds);
  if (!load_doc_kinds (self, error))
    return NULL;
  return g_hash_table_lookup (self->doc_kinds, key);
}

const char *
mk_store_doc_kind_number (MkStore     *self,
                          const char  *kind,
                          gboolean     create,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *number;
  MkDbStmt *stmt;
  gint64 id;

  number = lookup_doc_kind (self, kind, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (number != NULL || !create)
    return number;

  stmt = mk_store_stmt (self, "INSERT INTO doc_kinds (kind) VALUES (?1)", error);
  if (stmt == NULL)
    return NULL;
  mk_store_bind_text (stmt, 1, kind);
  if (!mk_store_step_done (self, stmt, error))
    return NULL;
  id = mk_db_last_insert_id (self->db);
  g_hash_table_insert (self->doc_kinds, g_strdup_printf ("#%" G_GINT64_FORMAT, id), g_strdup (kind));
  g_hash_table_insert (self->doc_kinds, g_strdup (kind), g_strdup_printf ("%" G_GINT64_FORMAT, id));
  return g_hash_table_lookup (self->doc_kinds, kind);
}

gboolean
mk_store_item_decode (const char  *entry,
                      MkStoreItem *item)
{
  const char *p = entry;
  char *end;

  memset (item, 0, sizeof *item);
  end = strchr (p, ':');
  if (end == NULL || end == p || end - p >= (gssize) sizeof item->number)
    return FALSE;
  memcpy (item->number, p, (gsize) (end - p));
  item->number[end - p] = '\0';
  p = end + 1;
  item->flags = (guint) g_ascii_strtoull (p, &end, 10);
  if (end == p)
    return FALSE;
  if (*end == ':')
    item->n_attachments = (guint) g_ascii_strtoull (end + 1, NULL, 10);
  return TRUE;
}

void
mk_store_item_encode (GString           *out,
                      const MkStoreItem *item)
{
  g_string_append (out, item->number);
  g_string_append_c (out, ':');
  mk_db_append_decimal (out, item->flags);
  if (item->n_attachments > 0)
    {
      g_string_append_c (out, ':');
      mk_db_append_decimal (out, item->n_attachments);
    }
}

static char *
items_to_text (MkStore    *self,
               GPtrArray  *items,
               GError    **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      MkCaseItem *ci = g_ptr_array_index (items, i);
      const char *number = mk_store_doc_kind_number (self, ci->doc_kind, TRUE, error);
      MkStoreItem item = { .n_attachments = ci->n_attachments };

      if (number == NULL)
        return NULL;
      g_strlcpy (item.number, number, sizeof item.number);
      if (i > 0)
        g_string_append_c (out, ',');
      item.flags = (ci->required ? MK_STORE_ITEM_REQUIRED : 0)
                   | (ci->present ? MK_STORE_ITEM_PRESENT : 0)
                   | (ci->original_returned ? MK_STORE_ITEM_RETURNED : 0);
      mk_store_item_encode (out, &item);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
items_from_text (MkStore    *self,
                 MkCase     *c,
                 const char *text)
{
  g_auto(GStrv) parts = NULL;

  if (c->items == NULL)
    c->items = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_case_item_free);
  g_ptr_array_set_size (c->items, 0);
  if (text == NULL || *text == '\0' || !load_doc_kinds (self, NULL))
    return;
  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char key[sizeof ((MkStoreItem *) NULL)->number + 1];
      const char *kind;
      MkCaseItem *ci;
      MkStoreItem item;

      if (!mk_store_item_decode (parts[i], &item))
        continue;
      g_snprintf (key, sizeof key, "#%s", item.number);
      kind = lookup_doc_kind (self, key, NULL);
      if (kind == NULL)
        continue;
      ci = mk_case_item_new (kind, (item.flags & MK_STORE_ITEM_REQUIRED) != 0);
      ci->present = (item.flags & MK_STORE_ITEM_PRESENT) != 0;
      ci->original_returned = (item.flags & MK_STORE_ITEM_RETURNED) != 0;
      ci->n_attachments = item.n_attachments;
      g_ptr_array_add (c->items, ci);
    }
}

/* Rows. */

gint64
mk_store_case_key (const GDate *due,
                   gint64       case_id)
{
  gint64 day = due != NULL && g_date_valid (due) ? (gint64) g_date_get_julian (due) : MK_STORE_KEY_NO_DUE;

  return (day << MK_STORE_KEY_SHIFT) | case_id;
}

static gboolean
bind_case (MkStore       *self,
           MkDbStmt  *stmt,
           MkCase        *c,
           gint64         version,
           GError       **error)
{
  g_autofree char *items = items_to_text (self, c->items, error);
  GDate accepted;

  if (items == NULL)
    return FALSE;
  mk_clock_date_of (c->accepted_at, &accepted);
  mk_store_bind_text (stmt, COL_REGNO, c->regno);
  mk_db_bind_int64 (stmt, COL_YEAR, g_date_get_year (&accepted));
  mk_store_bind_text (stmt, COL_CENTER, c->center_id);
  mk_store_bind_text (stmt, COL_PROVIDER, c->provider_id);
  mk_store_bind_text (stmt, COL_KIND, mk_service_kind_to_id (c->kind));
  mk_db_bind_int64 (stmt, COL_CONDITIONS, (int) c->conditions);
  mk_store_bind_text (stmt, COL_STAGE, c->stage);
  mk_db_bind_int64 (stmt, COL_VERSION, version);
  mk_db_bind_int64 (stmt, COL_ACCEPTED_AT, c->accepted_at);
  if (c->accepted_by != 0)
    mk_db_bind_int64 (stmt, COL_ACCEPTED_BY, c->accepted_by);
  mk_db_bind_int64 (stmt, COL_TERM, (int) c->deadlines.working_days);
  mk_store_bind_date (stmt, COL_ACCEPTED_ON, g_date_valid (&c->deadlines.accepted)
                                            ? &c->deadlines.accepted : &accepted);
  mk_store_bind_date (stmt, COL_PROVIDER_DUE, &c->deadlines.provider_due);
  mk_store_bind_date (stmt, COL_ISSUE_DATE, &c->deadlines.issue_date);
  mk_store_bind_date (stmt, COL_STORAGE_UNTIL, &c->deadlines.storage_until);
  mk_store_bind_date (stmt, COL_RETURN_DUE, &c->return_due);
  mk_store_bind_date (stmt, COL_NOTIFY_DUE, &c->notify_due);
  mk_store_bind_date (stmt, COL_DUE, &c->due);
  mk_db_bind_int64 (stmt, COL_SORT_KEY, mk_store_case_key (&c->due, c->id));
  mk_store_bind_text (stmt, COL_APPLICANT_KIND, mk_applicant_kind_to_id (c->applicant_kind));
  mk_store_bind_text (stmt, COL_APPLICANT_IDN, c->applicant_idn);
  mk_store_bind_text (stmt, COL_APPLICANT_NAME, c->applicant_name);
  mk_store_bind_text (stmt, COL_APPLICANT_PHONE, c->applicant_phone);
  mk_store_bind_text (stmt, COL_REP_NAME, c->rep_name);
  mk_store_bind_text (stmt, COL_REP_IDN, c->rep_idn);
  mk_store_bind_text (stmt, COL_REP_PHONE, c->rep_phone);
  mk_store_bind_text (stmt, COL_REP_POA, c->rep_poa);
  mk_store_bind_text (stmt, COL_OBJECT_KIND, mk_object_kind_to_id (c->object_kind));
  mk_store_bind_text (stmt, COL_CADASTRAL, c->cadastral);
  if (!bind_address (self, stmt, COL_ADDRESS, c->address, error)
      || !bind_address (self, stmt, COL_FORMER, c->former_address, error))
    return FALSE;
  mk_store_bind_text (stmt, COL_BASIS_NUMBER, c->basis_number);
  mk_store_bind_date (stmt, COL_BASIS_DATE, &c->basis_date);
  mk_store_bind_text (stmt, COL_RESULT, c->result);
  mk_store_bind_text (stmt, COL_RESULT_NUMBER, c->result_number);
  mk_store_bind_date (stmt, COL_RESULT_DATE, &c->result_date);
  mk_store_bind_text (stmt, COL_GROUNDS, c->grounds);
  if (c->register_id != 0)
    mk_db_bind_int64 (stmt, COL_REGISTER, c->register_id);
  mk_store_bind_text (stmt, COL_ITEMS, items);
  /* §4, §6: the unique index on this column keeps one active address per code. */
  mk_store_bind_text (stmt, COL_RCA_HELD, mk_workflow_held_rca (c));
  if (c->regulation_id != 0)
    mk_db_bind_int64 (stmt, COL_REGULATION, c->regulation_id);
  mk_db_bind_int64 (stmt, COL_ID_PARAM, c->id);
  return TRUE;
}

static MkCase *
case_from_row (MkStore      *self,
               MkDbStmt *stmt)
{
  MkCase *c = mk_case_new ();

  c->id = mk_db_column_int64 (stmt, 0);
  c->regno = mk_store_column_text (stmt, COL_REGNO);
  c->center_id = mk_store_column_text (stmt, COL_CENTER);
  c->provider_id = mk_store_column_text (stmt, COL_PROVIDER);
  mk_service_kind_from_id (mk_db_column_text (stmt, COL_KIND), &c->kind);
  c->conditions = (MkConditions) mk_db_column_int64 (stmt, COL_CONDITIONS);
  c->stage = mk_store_column_text (stmt, COL_STAGE);
  c->version = mk_db_column_int64 (stmt, COL_VERSION);
  c->accepted_at = mk_db_column_int64 (stmt, COL_ACCEPTED_AT);
  c->accepted_by = mk_db_column_int64 (stmt, COL_ACCEPTED_BY);
  c->deadlines.working_days = (guint) mk_db_column_int64 (stmt, COL_TERM);
  mk_store_column_date (stmt, COL_ACCEPTED_ON, &c->deadlines.accepted);
  mk_store_column_date (stmt, COL_PROVIDER_DUE, &c->deadlines.provider_due);
  mk_store_column_date (stmt, COL_ISSUE_DATE, &c->deadlines.issue_date);
  mk_store_column_date (stmt, COL_STORAGE_UNTIL, &c->deadlines.storage_until);
  mk_store_column_date (stmt, COL_RETURN_DUE, &c->return_due);
  mk_store_column_date (stmt, COL_NOTIFY_DUE, &c->notify_due);
  mk_store_column_date (stmt, COL_DUE, &c->due);
  mk_applicant_kind_from_id (mk_db_column_text (stmt, COL_APPLICANT_KIND),
                             &c->applicant_kind);
  c->applicant_idn = mk_store_column_text (stmt, COL_APPLICANT_IDN);
  c->applicant_name = mk_store_column_text (stmt, COL_APPLICANT_NAME);
  c->applicant_phone = mk_store_column_text (stmt, COL_APPLICANT_PHONE);
  c->rep_name = mk_store_column_text (stmt, COL_REP_NAME);
  c->rep_idn = mk_store_column_text (stmt, COL_REP_IDN);
  c->rep_phone = mk_store_column_text (stmt, COL_REP_PHONE);
  c->rep_poa = mk_store_column_text (stmt, COL_REP_POA);
  mk_object_kind_from_id (mk_db_column_text (stmt, COL_OBJECT_KIND), &c->object_kind);
  c->cadastral = mk_store_column_text (stmt, COL_CADASTRAL);
  c->address = read_address (stmt, COL_ADDRESS, COL_A_PLACE_DATA);
  c->former_address = read_address (stmt, COL_FORMER, COL_F_PLACE_DATA);
  c->basis_number = mk_store_column_text (stmt, COL_BASIS_NUMBER);
  mk_store_column_date (stmt, COL_BASIS_DATE, &c->basis_date);
  c->result = mk_store_column_text (stmt, COL_RESULT);
  c->result_number = mk_store_column_text (stmt, COL_RESULT_NUMBER);
  mk_store_column_date (stmt, COL_RESULT_DATE, &c->result_date);
  c->grounds = mk_store_column_text (stmt, COL_GROUNDS);
  c->register_id = mk_db_column_int64 (stmt, COL_REGISTER);
  items_from_text (self, c, mk_db_column_text (stmt, COL_ITEMS));
  c->regulation_id = mk_db_column_int64 (stmt, COL_REGULATION);
  return c;
}

static MkCase *
load_case (MkStore     *self,
           const char  *sql,
           gint64       id,
           const char  *regno,
           GError     **error)
{
  MkDbStmt *stmt = mk_store_stmt (self, sql, error);
  MkCase *c = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (regno != NULL)
    mk_store_bind_text (stmt, 1, regno);
  else
    mk_db_bind_int64 (stmt, 1, id);
  rc = mk_db_step (stmt);
  if (rc == MK_DB_ROW)
    c = case_from_row (self, stmt);
  else if (rc == MK_DB_DONE && regno != NULL)
    g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND, _("No case “%s”"), regno);
  else if (rc == MK_DB_DONE)
    g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND,
                 _("No case with id %lld"), (long long) id);
  else
    mk_store_set_sql_error (self, error, _("Could not read the case"));
  mk_db_reset (stmt);
  return c;
}

MkCase *
mk_store_get_case (MkStore  *self,
                   gint64    id,
                   GError  **error)
{
  g_return_val_if_fail (MK_IS_STORE (self), NULL);

  return load_case (self, CASE_SELECT " WHERE c.id = ?1", id, NULL, error);
}

MkCase *
mk_store_get_case_by_regno (MkStore     *self,
                            const char  *regno,
                            GError     **error)
{
  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  g_return_val_if_fail (regno != NULL, NULL);

  return load_case (self, CASE_SELECT " WHERE c.regno = ?1", 0, regno, error);
}

gboolean
mk_store_counts_adjust (MkStore     *self,
                        const char  *center_id,
                        const char  *provider_id,
                        const char  *stage,
                        int          delta,
                        GError     **error)
{
  /* '' counts every case; offices count their own (mk_store_count_by_stage). */
  const char *offices[] = { "", center_id, provider_id };

  for (guint i = 0; i < G_N_ELEMENTS (offices); i++)
    {
      MkDbStmt *stmt;

      if (offices[i] == NULL)
        continue;
      stmt = mk_store_stmt (self,
        "INSERT INTO stage_counts (office_id, stage, n) VALUES (?1, ?2, ?3)"
        " ON CONFLICT (office_id, stage) DO UPDATE SET n = stage_counts.n + excluded.n", error);
      if (stmt == NULL)
        return FALSE;
      mk_store_bind_text (stmt, 1, offices[i]);
      mk_store_bind_text (stmt, 2, stage);
      mk_db_bind_int64 (stmt, 3, delta);
      if (!mk_store_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
mk_store_insert_case_row (MkStore     *self,
                          MkCase      *c,
                          guint        term_days,
                          gboolean     caller_regno,
                          const char  *index_text,
                          GError     **error)
{
  MkDbStmt *stmt;

  c->deadlines.working_days = term_days;
  stmt = mk_store_stmt (self, sql_insert_case, error);
  if (stmt == NULL || !bind_case (self, stmt, c, 1, error))
    return FALSE;
  if (mk_db_step (stmt) != MK_DB_DONE)
    {
      if (mk_db_status (self->db) == MK_DB_STATUS_DUPLICATE && caller_regno)
        g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_DUPLICATE,
                     _("Registration number “%s” is already taken"), c->regno);
      else if (mk_db_status (self->db) == MK_DB_STATUS_DUPLICATE && mk_workflow_held_rca (c) != NULL)
        mk_workflow_check_rca_free (c, NULL, TRUE, error);
      else
        mk_store_set_sql_error (self, error, _("Could not save the case"));
      mk_db_reset (stmt);
      return FALSE;
    }
  mk_db_reset (stmt);
  /* mk_store_seed_demo() sums the counters per batch instead. */
  return (self->in_bulk || mk_store_counts_adjust (self, c->center_id, c->provider_id, c->stage, 1, error))
         && mk_store_index_case (self, NULL, -1, c, index_text, mk_store_case_key (&c->due, c->id), error);
}

/* Cases are re-read in slices so that no SELECT is open on the table while it is written. */
#define REINDEX_SLICE 2000

static gboolean
reindex_one (MkStore  *self,
             MkCase   *c,
             GError  **error)
{
  GDate stored_due = c->due;
  MkDbStmt *stmt;

  /* The stage's deadline kind comes from the case's edition (MkStage.due). */
  mk_workflow_update_due (mk_store_get_case_regulation (self, c), c);
  if (g_date_valid (&stored_due) != g_date_valid (&c->due)
      || (g_date_valid (&c->due) && g_date_compare (&stored_due, &c->due) != 0))
    {
      stmt = mk_store_stmt (self, "UPDATE cases SET due = ?1, sort_key = ?2 WHERE id = ?3", error);
      if (stmt == NULL)
        return FALSE;
      mk_store_bind_date (stmt, 1, &c->due);
      mk_db_bind_int64 (stmt, 2, mk_store_case_key (&c->due, c->id));
      mk_db_bind_int64 (stmt, 3, c->id);
      if (!mk_store_step_done (self, stmt, error))
        return FALSE;
    }
  return mk_store_index_case (self, NULL, -1, c, NULL, mk_store_case_key (&c->due, c->id), error);
}

gboolean
mk_store_reindex_cases (MkStore  *self,
                        GError  **error)
{
  gint64 after_id = 0;

  /* The texts were made under the previous regulation: drop every row at
   * once instead of recomputing old texts that may no longer match. */
  if (!self->engine->index_clear (self, error))
    return FALSE;
  for (;;)
    {
      g_autoptr(GPtrArray) slice = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_case_unref);
      MkDbStmt *stmt = mk_store_stmt (self, CASE_SELECT " WHERE c.id > ?1 ORDER BY c.id LIMIT ?2", error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      mk_db_bind_int64 (stmt, 1, after_id);
      mk_db_bind_int64 (stmt, 2, REINDEX_SLICE);
      while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
        g_ptr_array_add (slice, case_from_row (self, stmt));
      mk_db_reset (stmt);
      if (rc != MK_DB_DONE)
        {
          mk_store_set_sql_error (self, error, _("Could not read the cases"));
          return FALSE;
        }
      if (slice->len == 0)
        return TRUE;
      for (guint i = 0; i < slice->len; i++)
        if (!reindex_one (self, g_ptr_array_index (slice, i), error))
          return FALSE;
      after_id = ((MkCase *) g_ptr_array_index (slice, slice->len - 1))->id;
    }
}

static gboolean
regno_taken (MkStore     *self,
             const char  *regno,
             gboolean    *taken,
             GError     **error)
{
  MkDbStmt *stmt = mk_store_stmt (self, "SELECT 1 FROM cases WHERE regno = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mk_store_bind_text (stmt, 1, regno);
  rc = mk_db_step (stmt);
  mk_db_reset (stmt);
  *taken = rc == MK_DB_ROW;
  return TRUE;
}

/* «<region code>-<year>-<sequence>»: unique per center office and year. */
static char *
format_regno (const MkOffice *center,
              int             year,
              gint64          seq)
{
  return g_strdup_printf ("%s-%04d-%06" G_GINT64_FORMAT,
                          center->region_code != NULL ? center->region_code : center->id, year, seq);
}

static gboolean
load_taken (MkStore         *self,
            const MkOffice  *center,
            int              year,
            gint64           last,
            GError         **error)
{
  g_autofree char *from = format_regno (center, year, last);
  g_autofree char *to = format_regno (center, year, 999999);
  MkDbStmt *stmt = mk_store_stmt (self, "SELECT regno FROM cases WHERE regno > ?1 AND regno <= ?2", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mk_store_bind_text (stmt, 1, from);
  mk_store_bind_text (stmt, 2, to);
  while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
    g_hash_table_add (self->bulk_taken, mk_store_column_text (stmt, 0));
  mk_db_reset (stmt);
  if (rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not number the case"));
      return FALSE;
    }
  return TRUE;
}

/* Keeps @center's counter for @year at @last for the batch, with the
 * numbers typed by hand beyond it (read once per batch instead of asking
 * for every case): the counter kept, or NULL. */
static gint64 *
keep_counter (MkStore         *self,
              const MkOffice  *center,
              int              year,
              gint64           last,
              GError         **error)
{
  gint64 *kept = g_new (gint64, 1);

  *kept = last;
  g_hash_table_insert (self->bulk_regno, g_strdup_printf ("%s\x1f%d", center->id, year), kept);
  return load_taken (self, center, year, last, error) ? kept : NULL;
}

/* A batch's counters, every one at once and before the batch writes its
 * first row, with the numbers typed by hand beyond each: a read between the
 * batch's rows would first send every row kept for COPY and wait for the
 * server (#8). A counter of a center and year not there yet is read when
 * its first case comes. */
static gboolean
load_counters (MkStore  *self,
               GError  **error)
{
  g_autoptr(GPtrArray) centers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) years = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) lasts = g_array_new (FALSE, FALSE, sizeof (gint64));
  MkDbStmt *stmt = mk_store_stmt (self, "SELECT center_id, year, last FROM regno_counters", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
    {
      int year = (int) mk_db_column_int64 (stmt, 1);
      gint64 last = mk_db_column_int64 (stmt, 2);

      g_ptr_array_add (centers, mk_store_column_text (stmt, 0));
      g_array_append_val (years, year);
      g_array_append_val (lasts, last);
    }
  mk_db_reset (stmt);
  if (rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not number the case"));
      return FALSE;
    }
  for (guint i = 0; i < centers->len; i++)
    {
      g_autoptr(MkOffice) center = mk_store_get_office (self, g_ptr_array_index (centers, i), NULL);

      if (center != NULL
          && keep_counter (self, center, g_array_index (years, int, i), g_array_index (lasts, gint64, i),
                           error) == NULL)
        return FALSE;
    }
  return TRUE;
}

char *
mk_store_next_regno (MkStore         *self,
                     const MkOffice  *center,
                     int              year,
                     GError         **error)
{
  for (;;)
    {
      MkDbStmt *stmt;
      g_autofree char *regno = NULL;
      gint64 seq = 0;
      gboolean taken = FALSE;
      int rc;

      if (self->in_bulk)
        {
          /* Bulk: the counter lives in memory for the batch (mk_store_bulk_flush). */
          g_autofree char *key = g_strdup_printf ("%s\x1f%d", center->id, year);
          gint64 *last;

          if (g_hash_table_size (self->bulk_regno) == 0 && !load_counters (self, error))
            return NULL;
          last = g_hash_table_lookup (self->bulk_regno, key);
          if (last == NULL)
            {
              gint64 stored = 0;

              stmt = mk_store_stmt (self, "SELECT last FROM regno_counters WHERE center_id = ?1 AND year = ?2",
                                    error);
              if (stmt == NULL)
                return NULL;
              mk_store_bind_text (stmt, 1, center->id);
              mk_db_bind_int64 (stmt, 2, year);
              if (mk_db_step (stmt) == MK_DB_ROW)
                stored = mk_db_column_int64 (stmt, 0);
              mk_db_reset (stmt);
              last = keep_counter (self, center, year, stored, error);
              if (last == NULL)
                return NULL;
            }
          seq = ++*last;
          regno = format_regno (center, year, seq);
          if (!g_hash_table_contains (self->bulk_taken, regno))
            return g_steal_pointer (&regno);
          continue;
        }

      stmt = mk_store_stmt (self,
        "INSERT INTO regno_counters (center_id, year, last) VALUES (?1, ?2, 1)"
        " ON CONFLICT (center_id, year) DO UPDATE SET last = regno_counters.last + 1 RETURNING last", error);
      if (stmt == NULL)
        return NULL;
      mk_store_bind_text (stmt, 1, center->id);
      mk_db_bind_int64 (stmt, 2, year);
      rc = mk_db_step (stmt);
      if (rc == MK_DB_ROW)
        seq = mk_db_column_int64 (stmt, 0);
      if (rc == MK_DB_ROW)
        rc = mk_db_step (stmt);
      mk_db_reset (stmt);
      if (rc != MK_DB_DONE)
        {
          mk_store_set_sql_error (self, error, _("Could not number the case"));
          return NULL;
        }
      regno = format_regno (center, year, seq);
      /* A number typed in by hand earlier may already hold this slot. */
      if (!regno_taken (self, regno, &taken, error))
        return NULL;
      if (!taken)
        return g_steal_pointer (&regno);
    }
}

char *
mk_store_case_event_summary (MkCase *c)
{
  return mk_store_json_pairs ("regno", c->regno, "kind", mk_service_kind_to_id (c->kind),
                              "applicant_idn", c->applicant_idn, NULL);
}

/* Intake validation (§10 step 2, §11, §23). */

static gint64
next_case_id (MkStore  *self,
              GError  **error)
{
  MkDbStmt *stmt = mk_store_stmt (self, "SELECT coalesce (max (id), 0) + 1 FROM cases", error);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  if (mk_db_step (stmt) == MK_DB_ROW)
    id = mk_db_column_int64 (stmt, 0);
  mk_db_reset (stmt);
  if (id == 0)
    mk_store_set_sql_error (self, error, _("Could not number the case"));
  return id;
}

static MkOffice *
lookup_office (const char *id,
               gpointer    user_data)
{
  return mk_store_get_office (MK_STORE (user_data), id, NULL);
}

/* §10 step 2, §23: registration or refusal at intake, numbered in one transaction. */
static gboolean
store_new_case (MkStore       *self,
                const MkUser  *actor,
                MkCase        *c,
                gboolean       refuse,
                GError       **error)
{
  g_autoptr(MkOffice) center = NULL;
  g_autofree char *after = NULL;
  g_autofree char *missing = NULL;
  gboolean caller_regno = c->regno != NULL;
  /* The store's clock: pinned (tests, demo data), the case is accepted then. */
  gint64 accepted_at = c->accepted_at != 0 ? c->accepted_at : mk_clock_now (self->clock);
  GDate accepted;
  gboolean ok;

  /* §16: the center accepts, and refuses at the desk (§23), only on its days
   * and within its hours: the time stamped is the time checked. */
  if (!mk_store_check_actor (self, actor, error)
      || !mk_workflow_check_intake_role (actor, error)
      || !mk_workflow_check_center_hours (self->regulation, self->calendar, accepted_at, NULL, error)
      || !mk_workflow_check_case (actor, c, lookup_office, self, &center, error))
    return FALSE;
  c->accepted_at = accepted_at;
  c->accepted_by = actor->id;
  mk_clock_date_of (c->accepted_at, &accepted);
  /* §4: the case is accepted under the edition in force now, and keeps it. */
  c->regulation_id = self->regulation_id;
  if (!mk_workflow_intake (self->regulation, self->calendar, c, refuse, &accepted, &missing, error))
    return FALSE;

  if (!mk_store_begin (self, error))
    return FALSE;

  ok = (c->id = next_case_id (self, error)) != 0;
  if (ok && caller_regno)
    {
      gboolean taken = FALSE;

      ok = regno_taken (self, c->regno, &taken, error);
      if (ok && taken)
        {
          g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_DUPLICATE,
                       _("Registration number “%s” is already taken"), c->regno);
          ok = FALSE;
        }
    }
  else if (ok)
    ok = (c->regno = mk_store_next_regno (self, center, g_date_get_year (&accepted), error)) != NULL;

  if (ok)
    ok = mk_store_insert_case_row (self, c, c->deadlines.working_days, caller_regno, NULL, error);
  if (ok)
    {
      after = mk_store_case_event_summary (c);
      /* #12: the stage history starts at the acceptance itself. */
      ok = mk_store_append_event (self, c->id, c->accepted_at, actor,
                                  refuse ? "refuse-intake" : "register",
                                  NULL, c->stage, NULL, after, missing, error);
    }
  if (!mk_store_finish (self, ok, error))
    {
      c->id = 0;
      if (!caller_regno)
        g_clear_pointer (&c->regno, g_free);
      return FALSE;
    }
  c->version = 1;
  return TRUE;
}

gboolean
mk_store_register_case (MkStore      *self,
                        const MkUser *actor,
                        MkCase       *c,
                        GError      **error)
{
  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (c != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return store_new_case (self, actor, c, FALSE, error);
}

gboolean
mk_store_refuse_intake (MkStore      *self,
                        const MkUser *actor,
                        MkCase       *c,
                        GError      **error)
{
  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (c != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return store_new_case (self, actor, c, TRUE, error);
}

/* §4, §6: the case other than @except_id whose active address holds @rca. */
static gboolean
find_rca_holder (MkStore     *self,
                 const char  *rca,
                 gint64       except_id,
                 gint64      *holder_id,
                 char       **holder_regno,
                 GError     **error)
{
  MkDbStmt *stmt = mk_store_stmt (self, "SELECT id, regno FROM cases WHERE rca_held = ?1 AND id <> ?2", error);
  int rc;

  *holder_id = 0;
  *holder_regno = NULL;
  if (stmt == NULL)
    return FALSE;
  mk_store_bind_text (stmt, 1, rca);
  mk_db_bind_int64 (stmt, 2, except_id);
  rc = mk_db_step (stmt);
  if (rc == MK_DB_ROW)
    {
      *holder_id = mk_db_column_int64 (stmt, 0);
      *holder_regno = mk_store_column_text (stmt, 1);
    }
  mk_db_reset (stmt);
  if (rc != MK_DB_ROW && rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not read the cases"));
      return FALSE;
    }
  return TRUE;
}

/* Writes @c back (version + 1), keeping the counters and the search index in step. */
static gboolean
save_case (MkStore       *self,
           MkCase        *c,
           const char    *old_stage,
           const char    *old_text,
           gint64         old_key,
           gint64         version,
           GError       **error)
{
  const char *held = mk_workflow_held_rca (c);
  MkDbStmt *stmt;

  /* §4, §6: the rules name the case that holds the code; the unique index
   * (cases_rca_held) keeps it so whatever writes the row. */
  if (held != NULL)
    {
      g_autofree char *holder = NULL;
      gint64 holder_id;

      if (!find_rca_holder (self, held, c->id, &holder_id, &holder, error)
          || !mk_workflow_check_rca_free (c, holder, FALSE, error))
        return FALSE;
    }
  stmt = mk_store_stmt (self, sql_update_case, error);
  if (stmt == NULL || !bind_case (self, stmt, c, version, error))
    return FALSE;
  if (mk_db_step (stmt) != MK_DB_DONE)
    {
      if (held != NULL && mk_db_status (self->db) == MK_DB_STATUS_DUPLICATE)
        mk_workflow_check_rca_free (c, NULL, TRUE, error);
      else
        mk_store_set_sql_error (self, error, _("Could not write to the database"));
      mk_db_reset (stmt);
      return FALSE;
    }
  mk_db_reset (stmt);
  if (g_strcmp0 (old_stage, c->stage) != 0
      && (!mk_store_counts_adjust (self, c->center_id, c->provider_id, old_stage, -1, error)
          || !mk_store_counts_adjust (self, c->center_id, c->provider_id, c->stage, 1, error)))
    return FALSE;
  return mk_store_index_case (self, old_text, old_key, c, NULL, mk_store_case_key (&c->due, c->id), error);
}

/* JSON of the members whose values differ between two mk_case_to_json() texts. */
static void
json_diff (const char  *old_json,
           const char  *new_json,
           char       **before,
           char       **after)
{
  g_autoptr(JsonParser) p1 = json_parser_new ();
  g_autoptr(JsonParser) p2 = json_parser_new ();
  g_autoptr(JsonObject) b = json_object_new ();
  g_autoptr(JsonObject) a = json_object_new ();
  g_autoptr(JsonNode) bn = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) an = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o1, *o2;
  GList *members, *l;

  *before = *after = NULL;
  if (!json_parser_load_from_data (p1, old_json, -1, NULL)
      || !json_parser_load_from_data (p2, new_json, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (p1))
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (p2)))
    return;
  o1 = json_node_get_object (json_parser_get_root (p1));
  o2 = json_node_get_object (json_parser_get_root (p2));

  members = json_object_get_members (o2);
  for (GList *m1 = json_object_get_members (o1); m1 != NULL; m1 = g_list_delete_link (m1, m1))
    if (!json_object_has_member (o2, m1->data))
      members = g_list_append (members, m1->data);
  for (l = members; l != NULL; l = l->next)
    {
      JsonNode *v1 = json_object_get_member (o1, l->data);
      JsonNode *v2 = json_object_get_member (o2, l->data);

      if (v1 != NULL && v2 != NULL && json_node_equal (v1, v2))
        continue;
      json_object_set_member (b, l->data, v1 != NULL ? json_node_copy (v1) : json_node_new (JSON_NODE_NULL));
      json_object_set_member (a, l->data, v2 != NULL ? json_node_copy (v2) : json_node_new (JSON_NODE_NULL));
    }
  g_list_free (members);

  json_node_set_object (bn, b);
  json_node_set_object (an, a);
  *before = json_to_string (bn, FALSE);
  *after = json_to_string (an, FALSE);
}

gboolean
mk_store_update_case (MkStore      *self,
                      const MkUser *actor,
                      MkCase       *c,
                      GError      **error)
{
  g_autoptr(MkCase) old = NULL;
  g_autofree char *old_json = NULL;
  g_autofree char *new_json = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (c != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mk_store_check_actor (self, actor, error))
    return FALSE;

  if (!mk_store_begin (self, error))
    return FALSE;
  old = load_case (self, CASE_SELECT " WHERE c.id = ?1", c->id, NULL, error);
  if (old == NULL)
    {
      mk_store_rollback (self);
      return FALSE;
    }

  /* §4, §11: the checklist is that of the edition the case was accepted under. */
  c->regulation_id = old->regulation_id;
  ok = mk_workflow_edit (mk_store_get_case_regulation (self, old), actor, old, c, lookup_office, self, error);
  if (ok)
    {
      g_autofree char *old_text = mk_store_index_text (self, old);

      old_json = mk_case_to_json (old);
      new_json = mk_case_to_json (c);
      json_diff (old_json, new_json, &before, &after);
      ok = save_case (self, c, old->stage, old_text, mk_store_case_key (&old->due, old->id), old->version + 1, error)
           && mk_store_append_event (self, c->id, mk_store_now (), actor, "edit", old->stage,
                                     c->stage, before, after, NULL, error);
    }
  if (!mk_store_finish (self, ok, error))
    return FALSE;
  c->version = old->version + 1;
  return TRUE;
}

/* Applies one action to @c (loaded in the open transaction) and writes it. */
/* Whether the current version of the case's result document is signed. */
static gboolean
result_is_signed (MkStore       *self,
                  const MkCase  *c,
                  GError       **error)
{
  MkDbStmt *stmt;
  int rc;

  if (c->result == NULL)
    return FALSE;
  stmt = mk_store_stmt (self,
    "SELECT signed FROM document WHERE case_id = ?1 AND kind = ?2 AND superseded_by IS NULL"
    " ORDER BY version DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  mk_db_bind_int64 (stmt, 1, c->id);
  mk_store_bind_text (stmt, 2, c->result);
  rc = mk_db_step (stmt);
  if (rc == MK_DB_ROW)
    return mk_db_column_int64 (stmt, 0) != 0;
  if (rc != MK_DB_DONE)
    mk_store_set_sql_error (self, error, _("Could not read the documents"));
  return FALSE;
}

/* §6: the holder of @rca (another case than @by) gets its address inactive,
 * recorded on its own history with the case that abolished or changed it. */
static gboolean
retire_rca (MkStore       *self,
            const MkUser  *actor,
            MkCase        *by,
            const char    *rca,
            GError       **error)
{
  g_autoptr(MkCase) holder = NULL;
  g_autofree char *holder_regno = NULL;
  g_autofree char *old_text = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 holder_id = 0;
  gint64 old_key;

  if (rca == NULL)
    return TRUE;
  if (!find_rca_holder (self, rca, by->id, &holder_id, &holder_regno, error))
    return FALSE;
  if (holder_id == 0)
    return TRUE;
  holder = load_case (self, CASE_SELECT " WHERE c.id = ?1", holder_id, NULL, error);
  if (holder == NULL)
    return FALSE;
  old_text = mk_store_index_text (self, holder);
  old_key = mk_store_case_key (&holder->due, holder->id);
  mk_workflow_retire_address (holder);
  before = mk_store_json_pairs ("rca", rca, "active", "true", NULL);
  after = mk_store_json_pairs ("rca", rca, "active", "false", "by", by->regno, NULL);
  return save_case (self, holder, holder->stage, old_text, old_key, holder->version + 1, error)
         && mk_store_append_event (self, holder->id, mk_store_now (), actor, "retire-address",
                                   holder->stage, holder->stage, before, after, by->regno, error);
}

/* §19 (#14): when the register @c last travelled in, nor @c in it, has been
 * received: @reg and @case_received_at are filled from the store. */
static gboolean
load_case_receipt (MkStore       *self,
                   const MkCase  *c,
                   MkRegister    *reg,
                   gint64        *case_received_at,
                   GError       **error)
{
  MkDbStmt *stmt;
  int rc;

  *case_received_at = 0;
  if (c->register_id == 0)
    return TRUE;
  stmt = mk_store_stmt (self,
    "SELECT r.number, r.direction, r.center_id, r.provider_id, r.received_at, rc.received_at"
    " FROM registers r JOIN register_cases rc ON rc.register_id = r.id AND rc.case_id = ?2"
    " WHERE r.id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  mk_db_bind_int64 (stmt, 1, c->register_id);
  mk_db_bind_int64 (stmt, 2, c->id);
  rc = mk_db_step (stmt);
  if (rc == MK_DB_ROW)
    {
      reg->id = c->register_id;
      reg->number = mk_store_column_text (stmt, 0);
      reg->direction = mk_store_column_text (stmt, 1);
      reg->center_id = mk_store_column_text (stmt, 2);
      reg->provider_id = mk_store_column_text (stmt, 3);
      reg->received_at = mk_db_column_int64 (stmt, 4);
      *case_received_at = mk_db_column_int64 (stmt, 5);
    }
  mk_db_reset (stmt);
  if (rc != MK_DB_ROW && rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not read the register"));
      return FALSE;
    }
  return TRUE;
}

static void
clear_register (MkRegister *reg)
{
  g_clear_pointer (&reg->number, g_free);
  g_clear_pointer (&reg->direction, g_free);
  g_clear_pointer (&reg->center_id, g_free);
  g_clear_pointer (&reg->provider_id, g_free);
}

static gboolean
case_in_transit (MkStore       *self,
                 const MkCase  *c,
                 gboolean      *in_transit,
                 GError       **error)
{
  MkRegister reg = { 0, };
  gint64 case_received_at = 0;

  *in_transit = FALSE;
  if (!load_case_receipt (self, c, &reg, &case_received_at, error))
    return FALSE;
  *in_transit = reg.direction != NULL
                && mk_workflow_case_in_transit (self->regulation, c, &reg, case_received_at);
  clear_register (&reg);
  return TRUE;
}

gboolean
mk_store_get_workflow_facts (MkStore          *self,
                             const MkCase     *c,
                             MkWorkflowFacts  *facts,
                             GError          **error)
{
  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (c != NULL && facts != NULL, FALSE);

  memset (facts, 0, sizeof *facts);
  mk_store_get_today (self, &facts->today);
  return case_in_transit (self, c, &facts->in_transit, error);
}

static gboolean apply_action_full (MkStore                 *self,
                                   const MkUser            *actor,
                                   MkCase                  *c,
                                   const char              *action_id,
                                   const char              *reason,
                                   const char              *register_number,
                                   const MkIssueRecipient  *recipient,
                                   GError                 **error);

static gboolean
apply_action_locked (MkStore       *self,
                     const MkUser  *actor,
                     MkCase        *c,
                     const char    *action_id,
                     const char    *reason,
                     const char    *register_number,
                     GError       **error)
{
  return apply_action_full (self, actor, c, action_id, reason, register_number, NULL, error);
}

static gboolean
apply_action_full (MkStore                 *self,
                   const MkUser            *actor,
                   MkCase                  *c,
                   const char              *action_id,
                   const char              *reason,
                   const char              *register_number,
                   const MkIssueRecipient  *recipient,
                   GError                 **error)
{
  g_autofree char *old_stage = g_strdup (c->stage);
  g_autofree char *old_text = mk_store_index_text (self, c);
  g_autofree char *old_due = g_date_valid (&c->due) ? mk_date_to_iso (&c->due) : NULL;
  g_autofree char *new_due = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *ret = NULL;
  g_autofree char *notify = NULL;
  g_autofree char *issue = NULL;
  gint64 old_key = mk_store_case_key (&c->due, c->id);
  g_autofree char *recipient_number = recipient != NULL && recipient->number != NULL
                                      ? g_strstrip (g_strdup (recipient->number)) : NULL;
  g_autoptr(GError) local = NULL;
  MkWorkflowFacts facts = { 0, };
  /* §4: the case's own edition decides its stages, actions and terms. */
  MkRegulation *regulation = mk_store_get_case_regulation (self, c);
  const MkAction *next;
  const MkAction *action;
  gboolean certificate;

  mk_store_get_today (self, &facts.today);
  facts.recipient = recipient;
  if (!case_in_transit (self, c, &facts.in_transit, error))
    return FALSE;
  /* Only the action that leads to "signed" asks whether the result is signed:
   * one query less for every case of a register. */
  next = mk_regulation_get_action (regulation, action_id);
  if (next != NULL && g_strcmp0 (next->to, "signed") == 0)
    {
      facts.result_signed = result_is_signed (self, c, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  action = mk_workflow_apply_action (regulation, self->calendar, actor, c, action_id,
                                     reason, &facts, error);
  if (action == NULL)
    return FALSE;

  certificate = g_strcmp0 (action->result, "certificate") == 0;
  new_due = g_date_valid (&c->due) ? mk_date_to_iso (&c->due) : NULL;
  ret = g_date_valid (&c->return_due) ? mk_date_to_iso (&c->return_due) : NULL;
  notify = g_date_valid (&c->notify_due) ? mk_date_to_iso (&c->notify_due) : NULL;
  issue = mk_date_to_iso (&c->deadlines.issue_date);
  before = mk_store_json_pairs ("stage", old_stage, "due", old_due, NULL);
  after = mk_store_json_pairs ("stage", c->stage, "due", new_due, "return_due", ret,
                               "notify_due", notify, "result", c->result,
                               "issue_date", g_strcmp0 (action->id, "resubmit") == 0 ? issue : NULL,
                               "register", register_number,
                               "rca", certificate ? c->address->rca : NULL,
                               "basis_number", certificate ? c->basis_number : NULL,
                               /* §21 (#14): who took the result, and the document shown. */
                               "received_by", recipient != NULL ? mk_recipient_kind_to_id (recipient->kind) : NULL,
                               "recipient_name", recipient == NULL ? NULL
                                                 : recipient->kind == MK_RECIPIENT_REPRESENTATIVE ? c->rep_name
                                                 : c->applicant_name,
                               "id_document", recipient != NULL ? mk_id_document_kind_to_id (recipient->document) : NULL,
                               "id_number", recipient_number,
                               NULL);

  /* §6: an abolition or a change, once signed, retires the code of the
   * address it replaces: the case that gave it holds it no more. */
  if (!retire_rca (self, actor, c, mk_workflow_retired_rca (c, action), error))
    return FALSE;

  /* The document the action makes is made now, by the same user, in the same
   * transaction: the head signs that version, nobody makes it for them. */
  return save_case (self, c, old_stage, old_text, old_key, c->version + 1, error)
         && mk_store_append_event (self, c->id, mk_clock_now (self->clock), actor, action->id, old_stage,
                                   c->stage, before, after, reason, error)
         && (action->document == NULL
             || mk_store_issue_document_locked (self, actor, action->document, c->id, error));
}

gboolean
mk_store_prepare_certificate (MkStore         *self,
                              const MkUser    *actor,
                              gint64           case_id,
                              gint64           version,
                              const MkAddress *address,
                              const char      *basis_number,
                              const GDate     *basis_date,
                              GError         **error)
{
  g_autoptr(MkCase) c = NULL;
  g_autoptr(GError) local = NULL;
  GDate today;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mk_store_check_actor (self, actor, error))
    return FALSE;
  /* Every problem is the form's to show; nothing is written before. */
  mk_store_get_today (self, &today);
  if (!mk_workflow_check_certificate (address, basis_number, basis_date, &today, error))
    return FALSE;

  if (!mk_store_begin (self, error))
    return FALSE;
  c = load_case (self, CASE_SELECT " WHERE c.id = ?1", case_id, NULL, error);
  ok = c != NULL;
  if (ok && version != 0 && c->version != version)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_CONFLICT,
                   _("Case %s was changed at another workstation; it has been reloaded, check it and prepare the certificate again"),
                   c->regno);
      ok = FALSE;
    }
  if (ok)
    {
      gboolean active = c->address != NULL ? c->address->active : TRUE;
      /* The search index is told what it held before the change. */
      g_autofree char *old_text = mk_store_index_text (self, c);
      gint64 old_key = mk_store_case_key (&c->due, c->id);

      g_clear_pointer (&c->address, mk_address_free);
      c->address = mk_address_copy (address);
      c->address->active = active;
      g_free (c->basis_number);
      c->basis_number = g_strstrip (g_strdup (basis_number));
      c->basis_date = *basis_date;
      ok = save_case (self, c, c->stage, old_text, old_key, c->version + 1, error);
      if (ok)
        c->version++;
      ok = ok && apply_action_locked (self, actor, c, "prepare-certificate", NULL, NULL, error);
    }
  return mk_store_finish (self, ok, error);
}

gboolean
mk_store_apply_action_in_transaction (MkStore      *self,
                                      const MkUser *actor,
                                      gint64        case_id,
                                      const char   *action,
                                      const char   *reason,
                                      GError      **error)
{
  g_autoptr(MkCase) c = load_case (self, CASE_SELECT " WHERE c.id = ?1", case_id, NULL, error);

  return c != NULL && apply_action_locked (self, actor, c, action, reason, NULL, error);
}

gboolean
mk_store_apply_action (MkStore      *self,
                       const MkUser *actor,
                       gint64        case_id,
                       const char   *action,
                       const char   *reason,
                       GError      **error)
{
  g_autoptr(MkCase) c = NULL;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mk_store_check_actor (self, actor, error))
    return FALSE;
  if (!mk_store_begin (self, error))
    return FALSE;
  c = load_case (self, CASE_SELECT " WHERE c.id = ?1", case_id, NULL, error);
  ok = c != NULL && apply_action_locked (self, actor, c, action, reason, NULL, error);
  return mk_store_finish (self, ok, error);
}

gboolean
mk_store_issue_result (MkStore                 *self,
                       const MkUser            *actor,
                       gint64                   case_id,
                       const MkIssueRecipient  *recipient,
                       GError                 **error)
{
  g_autoptr(MkCase) c = NULL;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mk_store_check_actor (self, actor, error))
    return FALSE;
  if (!mk_store_begin (self, error))
    return FALSE;
  c = load_case (self, CASE_SELECT " WHERE c.id = ?1", case_id, NULL, error);
  ok = c != NULL && apply_action_full (self, actor, c, "issue", NULL, NULL, recipient, error);
  return mk_store_finish (self, ok, error);
}

gboolean
mk_store_correct_case (MkStore       *self,
                       const MkUser  *actor,
                       gint64         case_id,
                       const char    *reason,
                       GError       **error)
{
  g_autoptr(MkCase) c = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *old_stage = NULL;
  g_autofree char *old_result = NULL;
  g_autofree char *old_text = NULL;
  g_autofree char *old_due = NULL;
  g_autofree char *new_due = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *note = NULL;
  const MkEvent *undone = NULL;
  gint64 old_key = 0;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mk_store_check_actor (self, actor, error))
    return FALSE;
  if (!mk_store_begin (self, error))
    return FALSE;
  c = load_case (self, CASE_SELECT " WHERE c.id = ?1", case_id, NULL, error);
  ok = c != NULL && (events = mk_store_list_events (self, case_id, error)) != NULL;
  if (ok)
    {
      old_stage = g_strdup (c->stage);
      old_result = g_strdup (c->result);
      old_text = mk_store_index_text (self, c);
      old_key = mk_store_case_key (&c->due, c->id);
      old_due = g_date_valid (&c->due) ? mk_date_to_iso (&c->due) : NULL;
      /* The rules decide what the step takes with it; a refusal leaves @c as it was. */
      undone = mk_workflow_correct (self->regulation, actor, c, events, reason, error);
      ok = undone != NULL;
    }
  if (ok)
    {
      g_autofree char *undone_id = g_strdup_printf ("%" G_GINT64_FORMAT, undone->id);

      new_due = g_date_valid (&c->due) ? mk_date_to_iso (&c->due) : NULL;
      before = mk_store_json_pairs ("stage", old_stage, "due", old_due, "result", old_result, NULL);
      after = mk_store_json_pairs ("stage", c->stage, "due", new_due, "result", c->result,
                                   "corrects", undone->action, "corrects_event", undone_id, NULL);
      note = g_strstrip (g_strdup (reason));
      ok = save_case (self, c, old_stage, old_text, old_key, c->version + 1, error)
           && mk_store_append_event (self, c->id, mk_store_now (), actor, "correct", old_stage,
                                     c->stage, before, after, note, error);
    }
  return mk_store_finish (self, ok, error);
}

/* Registers (§10 steps 3 and 6, §19). */

MkRegister *
mk_store_create_register (MkStore      *self,
                          const MkUser *actor,
                          const char   *direction,
                          const char   *provider_id,
                          const gint64 *case_ids,
                          guint         n_cases,
                          GError      **error)
{
  g_autoptr(MkOffice) provider = NULL;
  g_autoptr(MkCase) first = NULL;
  g_autofree char *number = NULL;
  g_autofree char *after = NULL;
  g_autofree char *count = NULL;
  const char *action;
  MkDbStmt *stmt;
  gint64 register_id = 0;
  gint64 seq = 0;
  gint64 now = mk_store_now ();
  GDate today;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  provider = provider_id != NULL ? mk_store_get_office (self, provider_id, NULL) : NULL;
  action = mk_workflow_check_register (direction, provider, provider_id,
                                       case_ids != NULL ? n_cases : 0, error);
  if (action == NULL)
    return NULL;
  if (!mk_store_check_actor (self, actor, error))
    return NULL;

  mk_store_get_today (self, &today);
  if (!mk_store_begin (self, error))
    return NULL;

  first = load_case (self, CASE_SELECT " WHERE c.id = ?1", case_ids[0], NULL, error);
  ok = first != NULL;

  /* The register number runs per provider and year. */
  if (ok)
    {
      stmt = mk_store_stmt (self,
        "INSERT INTO register_counters (provider_id, year, last) VALUES (?1, ?2, 1)"
        " ON CONFLICT (provider_id, year) DO UPDATE SET last = register_counters.last + 1 RETURNING last", error);
      ok = stmt != NULL;
      if (ok)
        {
          mk_store_bind_text (stmt, 1, provider->id);
          mk_db_bind_int64 (stmt, 2, g_date_get_year (&today));
          ok = mk_db_step (stmt) == MK_DB_ROW;
          if (ok)
            seq = mk_db_column_int64 (stmt, 0);
          else
            mk_store_set_sql_error (self, error, _("Could not number the register"));
          mk_db_reset (stmt);
        }
    }
  if (ok)
    {
      g_autofree char *prefix = g_ascii_strup (provider->id, -1);

      number = g_strdup_printf ("%s-%04d-%05" G_GINT64_FORMAT, prefix, g_date_get_year (&today), seq);
      stmt = mk_store_stmt (self,
        "INSERT INTO registers (number, direction, center_id, provider_id, created_at, created_by)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
      ok = stmt != NULL;
      if (ok)
        {
          mk_store_bind_text (stmt, 1, number);
          mk_store_bind_text (stmt, 2, direction);
          mk_store_bind_text (stmt, 3, first->center_id);
          mk_store_bind_text (stmt, 4, provider->id);
          mk_db_bind_int64 (stmt, 5, now);
          mk_db_bind_int64 (stmt, 6, actor->id);
          ok = mk_store_step_done (self, stmt, error);
          register_id = mk_db_last_insert_id (self->db);
        }
    }

  for (guint i = 0; ok && i < n_cases; i++)
    {
      g_autoptr(MkCase) c = load_case (self, CASE_SELECT " WHERE c.id = ?1", case_ids[i], NULL,
                                       error);

      ok = c != NULL && mk_workflow_check_register_case (c, provider->id, first->center_id, error);
      if (ok)
        {
          c->register_id = register_id;
          ok = apply_action_locked (self, actor, c, action, NULL, number, error);
        }
      if (ok)
        {
          stmt = mk_store_stmt (self, "INSERT INTO register_cases (register_id, case_id) VALUES (?1, ?2)",
                                error);
          ok = stmt != NULL;
          if (ok)
            {
              mk_db_bind_int64 (stmt, 1, register_id);
              mk_db_bind_int64 (stmt, 2, c->id);
              ok = mk_store_step_done (self, stmt, error);
            }
        }
    }
  if (ok)
    {
      count = g_strdup_printf ("%u", n_cases);
      after = mk_store_json_pairs ("register", number, "direction", direction,
                                   "center_id", first->center_id, "provider_id", provider->id,
                                   "cases", count, NULL);
      ok = mk_store_append_event (self, 0, now, actor, "create-register", NULL, NULL, NULL, after,
                                  NULL, error);
    }
  if (!mk_store_finish (self, ok, error))
    return NULL;
  return mk_store_get_register (self, register_id, error);
}

/* The register and each of its cases not confirmed before. */
static gboolean
mark_register_received (MkStore       *self,
                        const MkUser  *actor,
                        gint64         register_id,
                        gint64         now,
                        GError       **error)
{
  static const char *const sql[] = {
    "UPDATE registers SET received_at = ?2, received_by = ?3 WHERE id = ?1",
    "UPDATE register_cases SET received_at = ?2, received_by = ?3 WHERE register_id = ?1 AND received_at IS NULL",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      MkDbStmt *stmt = mk_store_stmt (self, sql[i], error);

      if (stmt == NULL)
        return FALSE;
      mk_db_bind_int64 (stmt, 1, register_id);
      mk_db_bind_int64 (stmt, 2, now);
      mk_db_bind_int64 (stmt, 3, actor->id);
      if (!mk_store_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
mk_store_receive_register_case (MkStore      *self,
                                const MkUser *actor,
                                gint64        register_id,
                                gint64        case_id,
                                GError      **error)
{
  g_autoptr(MkRegister) reg = NULL;
  g_autoptr(MkCase) c = NULL;
  g_autofree char *after = NULL;
  gint64 now = mk_store_now ();
  gint64 case_received_at = 0;
  gboolean found = FALSE, all = TRUE;
  MkDbStmt *stmt;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mk_store_check_actor (self, actor, error))
    return FALSE;
  if (!mk_store_begin (self, error))
    return FALSE;
  reg = mk_store_get_register (self, register_id, error);
  ok = reg != NULL && (c = load_case (self, CASE_SELECT " WHERE c.id = ?1", case_id, NULL, error)) != NULL;
  for (guint i = 0; ok && i < reg->case_ids->len; i++)
    if (g_array_index (reg->case_ids, gint64, i) == case_id)
      {
        found = TRUE;
        case_received_at = g_array_index (reg->case_received_at, gint64, i);
      }
    else if (g_array_index (reg->case_received_at, gint64, i) == 0)
      all = FALSE;
  if (ok && !found)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                   _("Case %s is not in register %s"), c->regno, reg->number);
      ok = FALSE;
    }
  ok = ok && mk_workflow_check_receive_case (actor, reg, c, case_received_at, error);
  if (ok)
    {
      stmt = mk_store_stmt (self, "UPDATE register_cases SET received_at = ?3, received_by = ?4"
                                  " WHERE register_id = ?1 AND case_id = ?2", error);
      ok = stmt != NULL;
      if (ok)
        {
          mk_db_bind_int64 (stmt, 1, register_id);
          mk_db_bind_int64 (stmt, 2, case_id);
          mk_db_bind_int64 (stmt, 3, now);
          mk_db_bind_int64 (stmt, 4, actor->id);
          ok = mk_store_step_done (self, stmt, error);
        }
    }
  /* The last case confirmed receives the register with it. */
  if (ok && all)
    ok = mark_register_received (self, actor, register_id, now, error);
  if (ok)
    {
      after = mk_store_json_pairs ("register", reg->number, "direction", reg->direction,
                                   "whole", all ? "true" : NULL, NULL);
      ok = mk_store_append_event (self, c->id, now, actor, "receive-case", c->stage, c->stage, NULL,
                                  after, NULL, error);
    }
  return mk_store_finish (self, ok, error);
}

gboolean
mk_store_receive_register (MkStore      *self,
                           const MkUser *actor,
                           gint64        register_id,
                           GError      **error)
{
  g_autoptr(MkRegister) reg = NULL;
  g_autofree char *after = NULL;
  gint64 now = mk_store_now ();
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mk_store_check_actor (self, actor, error))
    return FALSE;
  if (!mk_store_begin (self, error))
    return FALSE;
  reg = mk_store_get_register (self, register_id, error);
  ok = reg != NULL && mk_workflow_check_receive_case (actor, reg, NULL, 0, error);
  if (ok)
    ok = mark_register_received (self, actor, register_id, now, error);
  if (ok)
    {
      after = mk_store_json_pairs ("register", reg->number, "direction", reg->direction, NULL);
      ok = mk_store_append_event (self, 0, now, actor, "receive-register", NULL, NULL, NULL, after,
                                  NULL, error);
    }
  return mk_store_finish (self, ok, error);
}

#define REGISTER_SELECT "SELECT id, number, direction, center_id, provider_id, created_at," \
                        " created_by, received_at, received_by FROM registers"

static MkRegister *
register_from_row (MkStore      *self,
                   MkDbStmt *row,
                   GError      **error)
{
  g_autoptr(MkRegister) reg = g_new0 (MkRegister, 1);
  MkDbStmt *stmt;
  int rc;

  reg->id = mk_db_column_int64 (row, 0);
  reg->number = mk_store_column_text (row, 1);
  reg->direction = mk_store_column_text (row, 2);
  reg->center_id = mk_store_column_text (row, 3);
  reg->provider_id = mk_store_column_text (row, 4);
  reg->created_at = mk_db_column_int64 (row, 5);
  reg->created_by = mk_db_column_int64 (row, 6);
  reg->received_at = mk_db_column_int64 (row, 7);
  reg->received_by = mk_db_column_int64 (row, 8);
  reg->case_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  reg->case_received_at = g_array_new (FALSE, FALSE, sizeof (gint64));

  stmt = mk_store_stmt (self, "SELECT case_id, received_at FROM register_cases WHERE register_id = ?1"
                              " ORDER BY case_id", error);
  if (stmt == NULL)
    return NULL;
  mk_db_bind_int64 (stmt, 1, reg->id);
  while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
    {
      gint64 id = mk_db_column_int64 (stmt, 0);
      gint64 received = mk_db_column_int64 (stmt, 1);

      g_array_append_val (reg->case_ids, id);
      g_array_append_val (reg->case_received_at, received);
    }
  mk_db_reset (stmt);
  if (rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not read the register"));
      return NULL;
    }
  return g_steal_pointer (&reg);
}

MkRegister *
mk_store_get_register (MkStore  *self,
                       gint64    id,
                       GError  **error)
{
  MkDbStmt *stmt;
  MkRegister *reg = NULL;
  int rc;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);

  stmt = mk_store_stmt (self, REGISTER_SELECT " WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  mk_db_bind_int64 (stmt, 1, id);
  rc = mk_db_step (stmt);
  if (rc == MK_DB_ROW)
    reg = register_from_row (self, stmt, error);
  else if (rc == MK_DB_DONE)
    g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND,
                 _("No register with id %lld"), (long long) id);
  else
    mk_store_set_sql_error (self, error, _("Could not read the register"));
  mk_db_reset (stmt);
  return reg;
}

GPtrArray *
mk_store_list_registers (MkStore     *self,
                         const char  *office_id,
                         GError     **error)
{
  g_autoptr(GPtrArray) regs = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_register_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  MkDbStmt *stmt;
  int rc;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);

  stmt = mk_store_stmt (self, "SELECT id FROM registers WHERE ?1 IS NULL OR center_id = ?1"
                              " OR provider_id = ?1 ORDER BY created_at DESC, id DESC", error);
  if (stmt == NULL)
    return NULL;
  mk_store_bind_text (stmt, 1, office_id);
  while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
    {
      gint64 id = mk_db_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  mk_db_reset (stmt);
  if (rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not read the registers"));
      return NULL;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      MkRegister *reg = mk_store_get_register (self, g_array_index (ids, gint64, i), error);

      if (reg == NULL)
        return NULL;
      g_ptr_array_add (regs, reg);
    }
  return g_steal_pointer (&regs);
}
