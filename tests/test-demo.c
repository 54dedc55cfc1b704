/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the demo-data generator: determinism, valid identifiers, §11 checklists, §16 hours. */

#include <locale.h>
#include <string.h>
#include "mk-demo.h"
#include "mk-calendar.h"
#include "mk-workflow.h"
#include "mk-id.h"
#include "mk-office.h"

typedef struct {
  MkRegulation *regulation;
  GPtrArray    *offices;
  GPtrArray    *centers;  /* container only */
  GDate         today;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->regulation = mk_regulation_new_default (&error);
  g_assert_no_error (error);
  f->offices = mk_offices_load_default (&error);
  g_assert_no_error (error);
  f->centers = g_ptr_array_new ();
  for (guint i = 0; i < f->offices->len; i++)
    {
      MkOffice *o = g_ptr_array_index (f->offices, i);
      if (o->kind == MK_ORG_CENTER)
        g_ptr_array_add (f->centers, o);
    }
  g_date_clear (&f->today, 1);
  g_date_set_dmy (&f->today, 20, G_DATE_MARCH, 2026);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_ptr_array_unref (f->centers);
  g_ptr_array_unref (f->offices);
  g_object_unref (f->regulation);
}

/* The fields a store writes, joined; equal strings mean equal cases. */
static char *
case_fingerprint (MkCase *c)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *addr_kk = mk_address_format (c->address, "kk");
  g_autofree char *addr_ru = mk_address_format (c->address, "ru");

  g_string_append_printf (s, "%s|%s|%d|%d|%s|%" G_GINT64_FORMAT "|%d|%s|%s|%s|%s|%s|%d|%s|%s|%s|%s|%s|%s|%s|%u",
                          c->center_id, c->provider_id, c->kind, c->conditions, c->stage,
                          c->accepted_at, c->applicant_kind, c->applicant_idn, c->applicant_name,
                          c->applicant_phone, c->rep_name ? c->rep_name : "", c->rep_idn ? c->rep_idn : "",
                          c->object_kind, c->cadastral ? c->cadastral : "", addr_kk, addr_ru,
                          c->address->kato, c->address->rca ? c->address->rca : "",
                          c->result ? c->result : "", c->result_number ? c->result_number : "",
                          c->items->len);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
test_determinism (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(MkDemo) a = mk_demo_new (42, &f->today, f->centers, f->regulation);
  g_autoptr(MkDemo) b = mk_demo_new (42, &f->today, f->centers, f->regulation);
  g_autoptr(MkDemo) other = mk_demo_new (43, &f->today, f->centers, f->regulation);
  guint differ = 0;

  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(MkCase) ca = mk_demo_next_case (a);
      g_autoptr(MkCase) cb = mk_demo_next_case (b);
      g_autoptr(MkCase) co = mk_demo_next_case (other);
      g_autofree char *fa = case_fingerprint (ca);
      g_autofree char *fb = case_fingerprint (cb);
      g_autofree char *fo = case_fingerprint (co);

      g_assert_cmpstr (fa, ==, fb);
      differ += g_strcmp0 (fa, fo) != 0;
    }
  g_assert_cmpuint (differ, >, 95);

  {
    g_autofree char *na = mk_demo_person_name (a);
    g_autofree char *nb = mk_demo_person_name (b);
    g_assert_cmpstr (na, ==, nb);
  }
}

/* ИИН/БИН: valid check digit; an ИИН's digit 7 is 3–6 and digits 1–6 a date 1940–2005. */
static void
test_identifiers (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(MkDemo) demo = mk_demo_new (7, &f->today, f->centers, f->regulation);
  guint n_bin = 0, n_ulytau = 0;

  for (guint i = 0; i < 5000; i++)
    {
      g_autoptr(MkCase) c = mk_demo_next_case (demo);
      g_autoptr(GError) error = NULL;
      MkIdKind kind;

      g_assert_true (mk_id_validate (c->applicant_idn, MK_ID_KIND_ANY, &kind, &error));
      g_assert_no_error (error);
      if (c->applicant_kind == MK_APPLICANT_INDIVIDUAL)
        {
          int yy = (c->applicant_idn[0] - '0') * 10 + (c->applicant_idn[1] - '0');
          int century = c->applicant_idn[6] - '0';
          int year = (century <= 4 ? 1900 : 2000) + yy;

          g_assert_cmpint (kind, ==, MK_ID_KIND_IIN);
          g_assert_cmpint (century, >=, 3);
          g_assert_cmpint (century, <=, 6);
          g_assert_cmpint (year, >=, 1940);
          g_assert_cmpint (year, <=, 2005);
        }
      else
        {
          n_bin++;
          g_assert_cmpint (kind, ==, MK_ID_KIND_BIN);
          g_assert_cmpint (c->applicant_idn[4], ==, '4');
          g_assert_cmpint (c->applicant_idn[5], ==, '0');
        }
      if (c->rep_idn != NULL)
        g_assert_true (mk_id_validate (c->rep_idn, MK_ID_KIND_IIN, NULL, NULL));
      g_assert_true (g_str_has_prefix (c->applicant_phone, "+7 7"));
      g_assert_cmpuint (strlen (c->applicant_phone), ==, strlen ("+7 701 234 56 78"));
      g_assert_true (mk_kato_validate (c->address->kato, NULL));
      /* The oblast of the case's provider today (since 2022 Ulytau oblast for five). */
      {
        const MkOffice *provider = mk_offices_find (f->offices, c->provider_id);

        g_assert_nonnull (provider);
        g_assert_true (mk_kato_in_region (c->address->kato, provider->region_kato));
        g_assert_cmpstr (c->address->region.kk, ==, provider->region.kk);
        g_assert_cmpstr (c->address->region.ru, ==, provider->region.ru);
        n_ulytau += g_str_equal (provider->region_kato, "62");
      }
      if (c->address->rca != NULL)
        g_assert_true (mk_rca_validate (c->address->rca, NULL));
    }
  g_assert_cmpuint (n_bin, >, 0);
  g_assert_cmpuint (n_ulytau, >, 0);
}

/* §11: every item the regulation asks for is on the case and present, except
 * in §23 refusals, where a required document is missing. */
static void
test_checklists (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(MkDemo) demo = mk_demo_new (11, &f->today, f->centers, f->regulation);
  guint with_condition[4] = { 0 };

  for (guint i = 0; i < 5000; i++)
    {
      g_autoptr(MkCase) c = mk_demo_next_case (demo);
      g_autoptr(GPtrArray) expected = mk_regulation_get_checklist (f->regulation, c->kind, c->conditions);
      g_autoptr(GPtrArray) missing = mk_case_missing_items (c);
      gboolean refused = g_str_equal (c->stage, "refused-at-intake");

      g_assert_cmpuint (c->items->len, ==, expected->len);
      for (guint j = 0; j < expected->len; j++)
        {
          const MkChecklistItem *ci = g_ptr_array_index (expected, j);
          MkCaseItem *item = mk_case_find_item (c, ci->kind->id);

          g_assert_nonnull (item);
          g_assert_cmpint (item->required, ==, ci->required);
          /* §12: copies are compared with the originals, which go back. */
          if (item->present && !ci->original_only && !g_str_equal (ci->kind->id, "application"))
            g_assert_true (item->original_returned);
        }
      g_assert_cmpuint (missing->len, ==, refused ? 1 : 0);

      if (c->conditions & MK_CONDITION_REPRESENTATIVE)
        {
          with_condition[0]++;
          g_assert_nonnull (c->rep_name);
          g_assert_nonnull (c->rep_poa);
        }
      if (c->conditions & MK_CONDITION_GARAGE_OR_DACHA)
        {
          with_condition[1]++;
          g_assert_true (c->object_kind == MK_OBJECT_GARAGE || c->object_kind == MK_OBJECT_DACHA);
        }
      if (c->conditions & MK_CONDITION_DEMOLITION)
        {
          with_condition[2]++;
          g_assert_cmpint (c->kind, ==, MK_SERVICE_ABOLITION);
        }
      if (c->kind != MK_SERVICE_CLARIFICATION)
        {
          with_condition[3]++;
          g_assert_nonnull (c->basis_number);
          g_assert_true (g_date_valid (&c->basis_date));
        }
      if (c->kind == MK_SERVICE_CHANGE || c->kind == MK_SERVICE_ABOLITION)
        g_assert_nonnull (c->former_address);
    }
  for (guint k = 0; k < G_N_ELEMENTS (with_condition); k++)
    g_assert_cmpuint (with_condition[k], >, 0);
}

/* §16: accepted Monday–Saturday 9:00–20:00 (UTC+5) on center-open days, within two years. */
static void
test_center_hours (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCalendar) calendar = mk_calendar_new_default (&error);
  g_autoptr(MkDemo) demo = mk_demo_new (3, &f->today, f->centers, f->regulation);
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (5 * 3600);
  gint64 latest = 0, earliest = G_MAXINT64;

  g_assert_no_error (error);
  for (guint i = 0; i < 5000; i++)
    {
      g_autoptr(MkCase) c = mk_demo_next_case (demo);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (c->accepted_at);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
      GDate day;
      int diff;

      g_date_clear (&day, 1);
      g_date_set_dmy (&day, g_date_time_get_day_of_month (local),
                      g_date_time_get_month (local), g_date_time_get_year (local));
      g_assert_cmpint (g_date_time_get_hour (local), >=, 9);
      g_assert_cmpint (g_date_time_get_hour (local), <, 20);
      g_assert_true (mk_calendar_is_center_open (calendar, &day));
      /* The rule the store applies to every registration (§16). */
      g_assert_true (mk_workflow_check_center_hours (f->regulation, calendar, c->accepted_at, NULL, NULL));
      g_assert_cmpint (g_date_get_weekday (&day), !=, G_DATE_SUNDAY);
      diff = (int) g_date_get_julian (&f->today) - (int) g_date_get_julian (&day);
      g_assert_cmpint (diff, >=, 0);
      g_assert_cmpint (diff, <=, 731);
      latest = MAX (latest, c->accepted_at);
      earliest = MIN (earliest, c->accepted_at);
    }
  /* Spread over the two years, not bunched. */
  g_assert_cmpint (latest - earliest, >, (gint64) 700 * 86400);
}

/* The workflow's stages in believable proportions (workflow.md). */
static void
test_stage_distribution (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(MkDemo) demo = mk_demo_new (1, &f->today, f->centers, f->regulation);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint kinds[MK_SERVICE_N_KINDS] = { 0 };
  guint n = 10000, old = 0, old_issued = 0, results = 0, refusals = 0;
  static const char *in_progress[] = {
    "accumulation", "at-provider", "signing", "signed", "at-center", "returned",
  };

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MkCase) c = mk_demo_next_case (demo);
      gint64 age_days = ((gint64) g_date_get_julian (&f->today) - 719163) - c->accepted_at / 86400;
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, c->stage));

      g_hash_table_replace (counts, g_strdup (c->stage), GUINT_TO_POINTER (count + 1));
      kinds[c->kind]++;
      g_assert_nonnull (mk_regulation_get_stage (f->regulation, c->stage));
      if (age_days > 62)
        {
          old++;
          old_issued += g_str_equal (c->stage, "issued");
        }
      if (g_str_equal (c->stage, "issued") || g_str_equal (c->stage, "signed") ||
          g_str_equal (c->stage, "at-center") || g_str_equal (c->stage, "archived"))
        {
          results++;
          g_assert_nonnull (c->result);
          g_assert_nonnull (c->result_number);
          g_assert_true (g_date_valid (&c->result_date));
          if (g_str_equal (c->result, "refusal"))
            {
              refusals++;
              g_assert_nonnull (c->grounds);
            }
          else
            g_assert_nonnull (c->address->rca);
        }
      if (g_str_equal (c->stage, "returned"))
        g_assert_nonnull (c->grounds);
    }

  /* §6: clarification ~40 %, assignment ~30 %, change ~20 %, abolition ~10 %. */
  g_assert_cmpuint (kinds[MK_SERVICE_CLARIFICATION], >, n * 36 / 100);
  g_assert_cmpuint (kinds[MK_SERVICE_CLARIFICATION], <, n * 44 / 100);
  g_assert_cmpuint (kinds[MK_SERVICE_ASSIGNMENT], >, n * 26 / 100);
  g_assert_cmpuint (kinds[MK_SERVICE_ASSIGNMENT], <, n * 34 / 100);
  g_assert_cmpuint (kinds[MK_SERVICE_CHANGE], >, n * 16 / 100);
  g_assert_cmpuint (kinds[MK_SERVICE_CHANGE], <, n * 24 / 100);
  g_assert_cmpuint (kinds[MK_SERVICE_ABOLITION], >, n * 7 / 100);
  g_assert_cmpuint (kinds[MK_SERVICE_ABOLITION], <, n * 13 / 100);

  /* Old cases are mostly done; a few archived (§22) or refused at intake (§23). */
  g_assert_cmpuint (old_issued, >, old * 85 / 100);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "archived")), >, 0);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "refused-at-intake")), >, n / 100);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "refused-at-intake")), <, n / 20);
  for (gsize i = 0; i < G_N_ELEMENTS (in_progress); i++)
    {
      g_test_message ("%s: %u", in_progress[i],
                      GPOINTER_TO_UINT (g_hash_table_lookup (counts, in_progress[i])));
      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, in_progress[i])), >, 0);
    }
  /* §6: results are mostly certificates, some reasoned refusals. */
  g_assert_cmpuint (refusals, >, 0);
  g_assert_cmpuint (refusals, <, results / 5);
}

/* Names carry the Kazakh letters, Russian ё, and both naming traditions. */
static void
test_names (Fixture       *f,
            gconstpointer  data)
{
  static const char *letters[] = { "ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "і", "ё", "Ә", "Ұ", "Ү", "Ғ", "Ө" };
  static const char *markers[] = { "ұлы", "қызы", "ович", "овна", "ТОО «", "ЖШС «", "кооператив" };
  g_autoptr(MkDemo) demo = mk_demo_new (5, &f->today, f->centers, f->regulation);
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(GHashTable) distinct = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 5000; i++)
    {
      g_autoptr(MkCase) c = mk_demo_next_case (demo);

      g_assert_true (g_utf8_validate (c->applicant_name, -1, NULL));
      g_string_append_printf (all, "%s\n", c->applicant_name);
      g_hash_table_add (distinct, g_strdup (c->applicant_name));
    }
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *name = mk_demo_person_name (demo);
      g_auto(GStrv) words = g_strsplit (name, " ", -1);

      g_assert_nonnull (strchr (name, ' '));
      /* #10, §13: surname first, so a patronymic comes last. */
      if (g_strv_length (words) == 3)
        {
          const char *last = words[2];

          if (!(g_str_has_suffix (last, "ұлы") || g_str_has_suffix (last, "қызы") ||
                g_str_has_suffix (last, "вич") || g_str_has_suffix (last, "вна") ||
                g_str_has_suffix (last, "ична") || g_str_has_suffix (last, "улы") ||
                g_str_has_suffix (last, "кызы") || g_str_has_suffix (last, "ич")))
            g_error ("“%s” is not surname, name, patronymic", name);
        }
      g_string_append_printf (all, "%s\n", name);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (letters); i++)
    {
      g_test_message ("letter %s", letters[i]);
      g_assert_nonnull (strstr (all->str, letters[i]));
    }
  for (gsize i = 0; i < G_N_ELEMENTS (markers); i++)
    {
      g_test_message ("marker %s", markers[i]);
      g_assert_nonnull (strstr (all->str, markers[i]));
    }
  /* A realistic spread: many distinct people, a few common names. */
  g_assert_cmpuint (g_hash_table_size (distinct), >, 4500);
}

int
main (int argc, char **argv)
{
  /* UTF-8 test messages (the tests run under C.UTF-8). */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/demo/determinism", test_determinism);
  ADD ("/demo/identifiers/iin-bin", test_identifiers);
  ADD ("/demo/s11/checklists", test_checklists);
  ADD ("/demo/s16/center-hours", test_center_hours);
  ADD ("/demo/workflow/stage-distribution", test_stage_distribution);
  ADD ("/demo/names", test_names);
#undef ADD

  return g_test_run ();
}
