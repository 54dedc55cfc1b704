/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Offices as data (#10): each provider's oblast of today (Ulytau oblast
 * since 2022 for five of Appendix 1), and an administrator's audited changes. */
#include "store-fixture.h"

#include <json-glib/json-glib.h>

static guint
count_events (StoreEnv *env)
{
  return (guint) store_test_count (env->path, "SELECT count(*) FROM events");
}

static void
assert_region (MkStore    *store,
               const char *id,
               const char *kk,
               const char *ru)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkOffice) office = mk_store_get_office (store, id, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (office->region.kk, ==, kk);
  g_assert_cmpstr (office->region.ru, ==, ru);
}

static void
assert_shipped_regions (MkStore *store)
{
  assert_region (store, "p01", "Қарағанды облысы", "Карагандинская область");
  assert_region (store, "p03", "Ұлытау облысы", "Улытауская область");   /* Zhezkazgan */
  assert_region (store, "p06", "Ұлытау облысы", "Улытауская область");   /* Satbayev */
  assert_region (store, "p09", "Ұлытау облысы", "Улытауская область");   /* Karazhal */
  assert_region (store, "p12", "Ұлытау облысы", "Улытауская область");   /* Ulytau district */
  assert_region (store, "p17", "Ұлытау облысы", "Улытауская область");   /* Zhanaarka district */
  assert_region (store, "p18", "Қарағанды облысы", "Карагандинская область");
  /* A center's oblast is its provider's. */
  assert_region (store, "c20", NULL, NULL);
}

/* A new database holds the shipped oblasts; the offices as printed. */
static void
test_regions_seeded (StoreEnv *env, gconstpointer data)
{
  g_autoptr(MkOffice) zhezkazgan = mk_store_get_office (env->store, "p03", NULL);

  assert_shipped_regions (env->store);
  g_assert_cmpstr (zhezkazgan->name.kk, ==,
                   "\"Жезқазған қаласының құрылыс, сәулет және қала құрылысы бөлімі\" мемлекеттік мекемесі");
  g_assert_cmpstr (zhezkazgan->address.kk, ==, "Жезқазған қаласы, Алаш көшесі, 1");
}

/* A database of schema 8 gets the oblasts from the shipped data on its
 * upgrade, each change an event, and its audit trail still verifies. */
static void
test_regions_upgrade (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkStore) store = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *location = NULL;
  g_autofree char *name = NULL;
  guint n_updates = 0;

  if (store_test_pg () != NULL)
    {
      location = store_test_pg_create (&name);
      store = mk_store_initialize (location, &error);
      g_assert_no_error (error);
      g_clear_object (&store);
      store_test_sql (location, "ALTER TABLE offices DROP COLUMN region_kk, DROP COLUMN region_ru,"
                                " DROP COLUMN region_en; DROP INDEX cases_accepted; DROP INDEX events_transitions;"
                                " UPDATE mekenjai_schema SET version = 8");
      store = mk_store_initialize (location, &error);
    }
  else
    {
      location = g_build_filename (env->dir, "v8.db", NULL);
      store = mk_store_open_at_version (location, 8, &error);
      g_assert_no_error (error);
      g_assert_cmpint (mk_store_get_schema_version (store), ==, 8);
      g_clear_object (&store);
      g_assert_cmpint (store_test_count (location, "SELECT count(*) FROM events"), ==, 0);
      store = mk_store_open (location, &error);
    }
  g_assert_no_error (error);
  g_assert_cmpint (mk_store_get_schema_version (store), ==, MK_STORE_SCHEMA_VERSION);
  assert_shipped_regions (store);
  g_assert_cmpint (store_test_count (location, "SELECT count(*) FROM meta WHERE key = 'office-regions'"), ==, 0);

  events = mk_store_list_events (store, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      const MkEvent *e = g_ptr_array_index (events, i);

      if (g_strcmp0 (e->action, "update-office") != 0)
        continue;
      n_updates++;
      g_assert_null (strstr (e->before, "region_kk"));
      g_assert_nonnull (strstr (e->after, "region_kk"));
    }
  g_assert_cmpuint (n_updates, ==, 18);
  g_assert_true (mk_store_verify_audit (store, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Opened again, nothing is filled twice. */
  g_clear_object (&store);
  store = mk_store_open (location, &error);
  g_assert_no_error (error);
  g_assert_cmpint (store_test_count (location, "SELECT count(*) FROM events WHERE action = 'update-office'"),
                   ==, 18);
  g_clear_object (&store);
  if (name != NULL)
    store_test_pg_drop (name);
}

/* Only an administrator changes an office; a refusal changes nothing. */
static void
test_refused (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkOffice) office = mk_store_get_office (env->store, "c05", NULL);
  g_autoptr(MkOffice) again = NULL;
  guint n_events = count_events (env);
  MkUser *users[] = { env->center, env->accum, env->head, env->exec };

  g_free (office->name.ru);
  office->name.ru = g_strdup ("Другое имя");
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_assert_false (mk_store_update_office (env->store, users[i], office, &error));
      g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
      g_clear_error (&error);
    }
  again = mk_store_get_office (env->store, "c05", NULL);
  g_assert_cmpstr (again->name.ru, !=, "Другое имя");
  g_assert_cmpuint (count_events (env), ==, n_events);
}

typedef void (*Spoil) (MkOffice *office);

static void
spoil_name (MkOffice *o)
{
  g_free (o->name.kk);
  o->name.kk = g_strdup ("  ");
}

static void
spoil_address (MkOffice *o)
{
  g_clear_pointer (&o->address.ru, g_free);
}

static void
spoil_phone (MkOffice *o)
{
  g_free (o->phone);
  o->phone = g_strdup ("42-02");
}

static void
spoil_region (MkOffice *o)
{
  g_free (o->region.ru);
  o->region.ru = g_strdup ("");
}

static void
spoil_number (MkOffice *o)
{
  o->number = 7;
}

static void
spoil_kind (MkOffice *o)
{
  o->kind = MK_ORG_CENTER;
  o->provider_id = g_strdup ("p01");
}

/* The administrator's change: validated, stored, audited with before and
 * after, verified, and there after the database is opened again. */
static void
test_admin_change (StoreEnv *env, gconstpointer data)
{
  static const Spoil spoils[] = { spoil_name, spoil_address, spoil_phone, spoil_region, spoil_number,
                                  spoil_kind };
  g_autoptr(GError) error = NULL;
  g_autoptr(MkOffice) office = mk_store_get_office (env->store, "p03", NULL);
  g_autoptr(MkOffice) center = mk_store_get_office (env->store, "c20", NULL);
  g_autoptr(MkOffice) stored = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const MkEvent *last;
  JsonObject *before, *after;
  guint n_events = count_events (env);

  for (guint i = 0; i < G_N_ELEMENTS (spoils); i++)
    {
      g_autoptr(MkOffice) bad = mk_store_get_office (env->store, "p03", NULL);

      spoils[i] (bad);
      g_assert_false (mk_store_update_office (env->store, env->admin, bad, &error));
      g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }
  /* §2: a center sends its cases to a provider, not to another center. */
  g_free (center->provider_id);
  center->provider_id = g_strdup ("c01");
  g_assert_false (mk_store_update_office (env->store, env->admin, center, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (count_events (env), ==, n_events);

  g_free (office->name.ru);
  office->name.ru = g_strdup ("  ГУ \"Отдел строительства, архитектуры и градостроительства города Жезказган\" ");
  g_free (office->phone);
  office->phone = g_strdup ("8 (7102) 73-61-36");
  g_free (office->region.kk);
  office->region.kk = g_strdup ("Ұлытау обл.");
  g_assert_true (mk_store_update_office (env->store, env->admin, office, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_events (env), ==, n_events + 1);

  stored = mk_store_get_office (env->store, "p03", NULL);
  g_assert_cmpstr (stored->name.ru, ==, "ГУ \"Отдел строительства, архитектуры и градостроительства города Жезказган\"");
  g_assert_cmpstr (stored->name.en, ==, stored->name.ru);
  g_assert_cmpstr (stored->phone, ==, "8 (7102) 73-61-36");
  g_assert_cmpstr (stored->region.kk, ==, "Ұлытау обл.");
  g_assert_cmpuint (stored->number, ==, 3);
  g_assert_cmpint (stored->kind, ==, MK_ORG_PROVIDER);

  events = mk_store_list_events (env->store, 0, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (events, events->len - 1);
  g_assert_cmpstr (last->action, ==, "update-office");
  g_assert_cmpint (last->user_id, ==, env->admin->id);
  g_assert_true (json_parser_load_from_data (parser, last->before, -1, NULL));
  before = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  g_assert_true (json_parser_load_from_data (parser, last->after, -1, NULL));
  after = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (before, "office"), ==, "p03");
  g_assert_cmpstr (json_object_get_string_member (before, "phone"), ==, "8 (7102) 73-61-35");
  g_assert_cmpstr (json_object_get_string_member (after, "phone"), ==, "8 (7102) 73-61-36");
  g_assert_cmpstr (json_object_get_string_member (before, "region_kk"), ==, "Ұлытау облысы");
  g_assert_cmpstr (json_object_get_string_member (after, "region_kk"), ==, "Ұлытау обл.");
  json_object_unref (before);
  g_assert_true (mk_store_verify_audit (env->store, NULL, NULL, &error));
  g_assert_no_error (error);

  /* A center moved to another provider (§2). */
  g_free (center->provider_id);
  center->provider_id = g_strdup ("p06");
  g_assert_true (mk_store_update_office (env->store, env->admin, center, &error));
  g_assert_no_error (error);

  g_clear_object (&env->store);
  store_env_open (env);
  g_clear_pointer (&stored, mk_office_free);
  stored = mk_store_get_office (env->store, "p03", NULL);
  g_assert_cmpstr (stored->phone, ==, "8 (7102) 73-61-36");
  g_assert_cmpstr (stored->region.kk, ==, "Ұлытау обл.");
  g_clear_pointer (&stored, mk_office_free);
  stored = mk_store_get_office (env->store, "c20", NULL);
  g_assert_cmpstr (stored->provider_id, ==, "p06");
  g_assert_true (mk_store_verify_audit (env->store, NULL, NULL, &error));
  g_assert_no_error (error);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
#define ADD(path, fn) g_test_add (path, StoreEnv, NULL, store_env_setup, fn, store_env_teardown)
  ADD ("/store-offices/regions-seeded", test_regions_seeded);
  ADD ("/store-offices/regions-upgrade-schema-9", test_regions_upgrade);
  ADD ("/store-offices/refused-for-non-admin", test_refused);
  ADD ("/store-offices/admin-change-audited", test_admin_change);
  return g_test_run ();
}
