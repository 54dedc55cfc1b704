/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the reference data: Appendices 1 and 2 of the regulation. */

#include <locale.h>
#include <string.h>
#include <gio/gio.h>
#include "mk-id.h"
#include "mk-office.h"

static GPtrArray *
load_default (void)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *offices = mk_offices_load_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (offices);
  return offices;
}

/* §2, App. 1, App. 2: 18 providers and 30 center offices, in appendix order. */
static void
test_counts (void)
{
  g_autoptr(GPtrArray) offices = load_default ();
  /* Zhezkazgan, Satbayev, Karazhal, Ulytau district, Zhanaarka district. */
  static const char *const ulytau[] = { "p03", "p06", "p09", "p12", "p17", NULL };
  guint n_providers = 0, n_centers = 0;

  g_assert_cmpuint (offices->len, ==, 48);
  for (guint i = 0; i < offices->len; i++)
    {
      const MkOffice *o = g_ptr_array_index (offices, i);
      g_autofree char *id = NULL;

      if (o->kind == MK_ORG_PROVIDER)
        {
          n_providers++;
          g_assert_cmpuint (o->number, ==, n_providers);
          id = g_strdup_printf ("p%02u", o->number);
          g_assert_cmpuint (strlen (o->kato), ==, 9);
          /* Since 2022 five districts are in Ulytau oblast; the others in Karaganda. */
          g_assert_true (mk_kato_in_region (o->kato, o->region_kato));
          for (guint j = 0; j < o->settlements->len; j++)
            g_assert_true (mk_kato_in_region (((MkSettlement *) g_ptr_array_index (o->settlements, j))->kato,
                                              o->region_kato));
          if (g_strv_contains (ulytau, o->id))
            {
              g_assert_cmpstr (o->region_kato, ==, "62");
              g_assert_cmpstr (o->region.kk, ==, "Ұлытау облысы");
              g_assert_cmpstr (o->region.ru, ==, "Улытауская область");
            }
          else
            {
              g_assert_cmpstr (o->region_kato, ==, "35");
              g_assert_cmpstr (o->region.kk, ==, "Қарағанды облысы");
              g_assert_cmpstr (o->region.ru, ==, "Карагандинская область");
            }
          g_assert_nonnull (o->district.kk);
          g_assert_nonnull (o->district.ru);
          g_assert_null (o->provider_id);
        }
      else
        {
          g_autofree char *code = NULL;

          n_centers++;
          g_assert_cmpuint (n_providers, ==, 18); /* providers come first */
          g_assert_cmpuint (o->number, ==, n_centers);
          id = g_strdup_printf ("c%02u", o->number);
          code = g_strdup_printf ("35%02u", o->number);
          g_assert_cmpstr (o->region_code, ==, code);
          g_assert_nonnull (mk_offices_find (offices, o->provider_id));
          g_assert_null (o->region.kk);
        }
      g_assert_cmpstr (o->id, ==, id);
      g_assert_true (o->name.kk && *o->name.kk && o->name.ru && *o->name.ru);
      g_assert_true (o->address.kk && *o->address.kk && o->address.ru && *o->address.ru);
      g_assert_true (g_str_has_prefix (o->phone, "8 ("));
      g_assert_true (g_utf8_validate (o->name.kk, -1, NULL));
      /* No hyphen left over from the PDF's line breaks ("мем- лекеттік"). */
      g_assert_null (strstr (o->name.kk, "- "));
      g_assert_null (strstr (o->address.kk, "- "));
    }
  g_assert_cmpuint (n_providers, ==, 18);
  g_assert_cmpuint (n_centers, ==, 30);
}

typedef struct {
  const char *id;
  const char *name_kk;
  const char *address_kk;
  const char *phone;
  const char *provider;
} Expected;

/* Letter for letter as printed in Appendices 1 and 2. */
static const Expected expected[] = {
  { "p01", "\"Қарағанды қаласының сәулет және қала құрылысы бөлімі\" мемлекеттік мекемесі",
    "Қарағанды қаласы, Бейбітшілік бульвары, 39", "8 (7212) 42-02-20", NULL },
  { "p04", "\"Балқаш қаласының құрылыс, сәулет және қала құрылысы бөлімі\" мемлекеттік мекемесі",
    "Балқаш қаласы, Қараменді би көшесі, 10", "8 (71036) 4-92-44", NULL },
  { "p09", "\"Қаражал қаласының құрылыс, сәулет және қала құрылысы бөлімі\" мемлекеттік мекемесі",
    "Қаражал қаласы, Сары-Тоқа көшесі 1, 2-қабат", "8 (71032) 2-60-10", NULL },
  { "p11", "\"Ақтоғай ауданының құрылыс, сәулет және қала құрылысы бөлімі\" мемлекеттік мекемесі",
    "Ақтоғай ауданы, Ақтоғай селосы, Әлихан Бөкейханов көшесі, 4", "8 (71037) 2-12-33", NULL },
  { "p13", "\"Шет ауданының құрылыс, сәулет және қала құрылысы бөлімі\" мемлекеттік мекемесі",
    "Шет ауданы, Ақсу-Аюлы селосы, Шортанбай жырау көшесі, 24", "8 (71031) 2-15-09", NULL },
  { "p18", "\"Қарқаралы ауданының құрылыс, сәулет және қала құрылысы бөлімі\" мемлекеттік мекемесі",
    "Қарқаралы ауданы, Қарқаралы қаласы, Тоқтар Әубәкіров көшесі, 23", "8 (72146) 3-13-66", NULL },
  { "c01", "\"Қарағанды облысы бойынша халыққа қызмет көрсету орталығы\" Республикалық мемлекеттік кәсіпорын филиалы",
    "Чкалов көшесі, 7", "8 (7212) 41-63-10", "p01" },
  { "c06", "№ 5 қалалық бөлім", "21 шағын-ауданы, 6/7 үй", "8 (7212) 32-92-51", "p01" },
  { "c11", "№ 2 Абай аудандық бөлімі", "Абай қаласы, Топар кенті, Қазыбек би көшесі, 3",
    "8 (72153) 3-04-46", "p16" },
  { "c14", "Шахтинск қаласының № 2 бөлімі", "Шахтинск қаласы, Шахан кенті, 10/16, 16-орам",
    "8 (72156) 3-20-99", "p08" },
  { "c19", "Шет аудандық бөлімі",
    "Ақсу-Аюлы кенті, Жапақов көшесі, 23/1, Ақадыр кенті, Тәуелсіз Қазақстан көшесі, 4",
    "8 (71031) 2-21-88", "p13" },
  { "c20", "Жезқазған қаласының бөлімі", "Жезқазған қаласы, Бауыржан Момышұлы көшесі, 9",
    "8 (7102) 73-81-09", "p03" },
  { "c24", "№ 1 Бұқар жырау аудандық бөлімі",
    "Бұқар жырау ауданы, Ботақара кенті, Абылайхан көшесі, 37", "8 (72154) 2-23-73", "p14" },
  { "c27", "№ 2 Ақтоғай аудандық бөлімі", "Сары-шаған кенті, Абай көшесі, 12",
    "8 (71038) 22-3-39", "p11" },
  { "c29", "Ұлытау аудандық бөлім", "Ұлытау ауданы, Ұлытау кенті, Амангелді көшесі, 29а",
    "8 (71035) 2-13-06", "p12" },
  { "c30", "Қарқаралы аудандық бөлім", "Қарқаралы қаласы, Әубәкіров көшесі, 21",
    "8 (72146) 3-17-03", "p18" },
};

static void
test_spot_check (void)
{
  g_autoptr(GPtrArray) offices = load_default ();

  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const MkOffice *o = mk_offices_find (offices, expected[i].id);

      g_test_message ("%s", expected[i].id);
      g_assert_nonnull (o);
      g_assert_cmpstr (o->name.kk, ==, expected[i].name_kk);
      g_assert_cmpstr (o->address.kk, ==, expected[i].address_kk);
      g_assert_cmpstr (o->phone, ==, expected[i].phone);
      g_assert_cmpstr (o->provider_id, ==, expected[i].provider);
    }
}

/* The center → provider map of §2: each center sends cases to its district. */
static void
test_center_providers (void)
{
  static const char *map[30] = {
    "p01", "p01", "p01", "p01", "p01", "p01", "p01", "p02", "p02", "p16",
    "p16", "p07", "p08", "p08", "p15", "p15", "p06", "p04", "p13", "p03",
    "p17", "p09", "p05", "p14", "p14", "p11", "p11", "p10", "p12", "p18",
  };
  g_autoptr(GPtrArray) offices = load_default ();

  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%02u", i + 1);
      const MkOffice *o = mk_offices_find (offices, id);

      g_assert_nonnull (o);
      g_assert_cmpstr (o->provider_id, ==, map[i]);
    }
}

/* Every Kazakh-specific letter of the appendices survives loading. */
static void
test_kazakh_letters (void)
{
  static const char *letters[] = { "ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "і", "Қ", "Ұ", "Ә", "№" };
  g_autoptr(GPtrArray) offices = load_default ();
  g_autoptr(GString) all = g_string_new (NULL);

  for (guint i = 0; i < offices->len; i++)
    {
      const MkOffice *o = g_ptr_array_index (offices, i);
      g_string_append_printf (all, "%s %s\n", o->name.kk, o->address.kk);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (letters); i++)
    g_assert_nonnull (strstr (all->str, letters[i]));
  /* Latin look-alikes would break search; the appendix text has none. */
  for (const char *p = all->str; *p; p++)
    g_assert_false (g_ascii_isalpha (*p));
}

static char *
default_text (void)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/kz/mekenjai/core/offices.ini",
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert_nonnull (bytes);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static char *
replace_once (const char *text,
              const char *from,
              const char *to)
{
  const char *at = strstr (text, from);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, to, at + strlen (from));
}

typedef struct {
  const char *what;
  const char *from;
  const char *to;
} Broken;

static const Broken broken[] = {
  { "not a key file", "[p01]", "p01]" },
  { "repeated id", "[c30]", "[c29]" },
  { "number out of range", "number=18\n", "number=19\n" },
  { "id does not match number", "[p02]\nkind=provider\nnumber=2", "[p02]\nkind=provider\nnumber=3" },
  { "unknown kind", "kind=center\nnumber=5\n", "kind=office\nnumber=5\n" },
  { "missing Russian name", "name-ru=Городской отдел № 3\n", "" },
  { "empty Kazakh name", "name-kk=№ 4 қалалық бөлім\n", "name-kk=\n" },
  { "unknown provider", "provider=p18\n", "provider=p19\n" },
  { "center as provider", "region-code=3512\nparent=c01\nprovider=p07", "region-code=3512\nparent=c01\nprovider=c07" },
  /* Appendix 2: the units belong to its first entry, which belongs to none. */
  { "unknown parent", "region-code=3512\nparent=c01", "region-code=3512\nparent=c99" },
  { "parent with a parent", "region-code=3512\nparent=c01", "region-code=3512\nparent=c02" },
  { "provider as parent", "region-code=3512\nparent=c01", "region-code=3512\nparent=p01" },
  { "wrong region code", "region-code=3507", "region-code=3577" },
  { "bad КАТО", "kato=354400000", "kato=4400000" },
  { "bad settlement", "354430100|Киевка кенті|пос. Киевка", "354430100|Киевка кенті" },
};

static void
test_broken (void)
{
  g_autofree char *text = default_text ();

  for (gsize i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autofree char *bad = replace_once (text, broken[i].from, broken[i].to);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) offices = mk_offices_load_data (bad, -1, &error);

      g_test_message ("%s: %s", broken[i].what, error ? error->message : "(accepted)");
      g_assert_null (offices);
      g_assert_true (error != NULL && error->domain == MK_OFFICE_ERROR);
    }

  /* One center fewer: the regulation lists 30. */
  {
    g_autoptr(GError) error = NULL;
    char *cut = strstr (text, "[c30]");
    g_autoptr(GPtrArray) offices = NULL;

    *cut = '\0';
    offices = mk_offices_load_data (text, -1, &error);
    g_assert_null (offices);
    g_assert_error (error, MK_OFFICE_ERROR, MK_OFFICE_ERROR_INVALID);
  }
}

int
main (int argc, char **argv)
{
  /* UTF-8 test messages (the tests run under C.UTF-8). */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/office/app1-app2/counts", test_counts);
  g_test_add_func ("/office/app1-app2/spot-check", test_spot_check);
  g_test_add_func ("/office/s2/center-providers", test_center_providers);
  g_test_add_func ("/office/app1-app2/kazakh-letters", test_kazakh_letters);
  g_test_add_func ("/office/load/broken", test_broken);

  return g_test_run ();
}
