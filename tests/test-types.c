/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the regulation's vocabularies, bilingual text, UI language and dates. */

#include <locale.h>
#include <string.h>

#include "mk-types.h"

/* §6, §14, §1: every value has a stable id that maps back to it. */
static void
test_ids_round_trip (void)
{
  static const char * const service_ids[] = { "clarification", "assignment", "change", "abolition" };
  static const char * const role_ids[] = {
    "center-inspector", "accumulation-inspector", "provider-head", "provider-executor", "administrator"
  };
  static const char * const object_ids[] = { "land-plot", "building", "premise", "garage", "dacha" };

  for (guint i = 0; i < MK_SERVICE_N_KINDS; i++)
    {
      MkServiceKind kind;

      g_assert_cmpstr (mk_service_kind_to_id (i), ==, service_ids[i]);
      g_assert_true (mk_service_kind_from_id (service_ids[i], &kind));
      g_assert_cmpint (kind, ==, i);
    }
  for (guint i = 0; i < MK_ROLE_N_ROLES; i++)
    {
      MkRole role;

      g_assert_cmpstr (mk_role_to_id (i), ==, role_ids[i]);
      g_assert_true (mk_role_from_id (role_ids[i], &role));
      g_assert_cmpint (role, ==, i);
    }
  for (guint i = 0; i < MK_OBJECT_N_KINDS; i++)
    {
      MkObjectKind kind;

      g_assert_cmpstr (mk_object_kind_to_id (i), ==, object_ids[i]);
      g_assert_true (mk_object_kind_from_id (object_ids[i], &kind));
      g_assert_cmpint (kind, ==, i);
    }

  {
    MkApplicantKind kind;

    g_assert_cmpstr (mk_applicant_kind_to_id (MK_APPLICANT_INDIVIDUAL), ==, "individual");
    g_assert_cmpstr (mk_applicant_kind_to_id (MK_APPLICANT_LEGAL_ENTITY), ==, "legal-entity");
    g_assert_true (mk_applicant_kind_from_id ("legal-entity", &kind));
    g_assert_cmpint (kind, ==, MK_APPLICANT_LEGAL_ENTITY);
    g_assert_cmpstr (mk_org_kind_to_id (MK_ORG_PROVIDER), ==, "provider");
    g_assert_cmpstr (mk_org_kind_to_id (MK_ORG_CENTER), ==, "center");
  }
}

static void
test_ids_unknown (void)
{
  static const char * const bad[] = { "", "Clarification", "clarification ", "unknown", NULL };
  MkServiceKind kind = MK_SERVICE_ABOLITION;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (mk_service_kind_from_id (bad[i], &kind));
      g_assert_false (mk_role_from_id (bad[i], NULL));
      g_assert_false (mk_object_kind_from_id (bad[i], NULL));
      g_assert_false (mk_applicant_kind_from_id (bad[i], NULL));
    }
  /* A failed lookup leaves the output alone. */
  g_assert_cmpint (kind, ==, MK_SERVICE_ABOLITION);
}

/* Printed documents are bilingual (domain.md "Documents"): fixed names per language. */
static void
test_names_lang (void)
{
  static const struct {
    MkServiceKind kind;
    const char *kk, *ru, *en;
  } services[] = {
    { MK_SERVICE_CLARIFICATION, "мекенжайды нақтылау", "уточнение адреса", "clarification of the address" },
    { MK_SERVICE_ASSIGNMENT, "мекенжай беру", "присвоение адреса", "assignment of an address" },
    { MK_SERVICE_CHANGE, "мекенжайды өзгерту", "изменение адреса", "change of the address" },
    { MK_SERVICE_ABOLITION, "мекенжайды жою", "упразднение адреса", "abolition of the address" },
  };
  static const struct {
    MkRole role;
    const char *kk, *ru;
  } roles[] = {
    { MK_ROLE_CENTER_INSPECTOR, "орталықтың инспекторы", "инспектор ЦОН" },
    { MK_ROLE_ACCUMULATION_INSPECTOR, "жинақтау бөлімінің инспекторы", "инспектор накопительного отдела" },
    { MK_ROLE_PROVIDER_HEAD, "көрсетілетін қызметті берушінің басшылығы", "руководство услугодателя" },
    { MK_ROLE_PROVIDER_EXECUTOR, "жауапты орындаушы", "ответственный исполнитель" },
    { MK_ROLE_ADMINISTRATOR, "әкімші", "администратор" },
  };
  static const struct {
    MkObjectKind kind;
    const char *kk, *ru;
  } objects[] = {
    { MK_OBJECT_LAND_PLOT, "жер учаскесі", "земельный участок" },
    { MK_OBJECT_BUILDING, "ғимарат", "здание" },
    { MK_OBJECT_PREMISE, "үй-жай", "помещение" },
    { MK_OBJECT_GARAGE, "гараж", "гараж" },
    { MK_OBJECT_DACHA, "саяжай", "дача" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      g_assert_cmpstr (mk_service_kind_name_lang (services[i].kind, "kk"), ==, services[i].kk);
      g_assert_cmpstr (mk_service_kind_name_lang (services[i].kind, "ru"), ==, services[i].ru);
      g_assert_cmpstr (mk_service_kind_name_lang (services[i].kind, "en"), ==, services[i].en);
    }
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_assert_cmpstr (mk_role_name_lang (roles[i].role, "kk"), ==, roles[i].kk);
      g_assert_cmpstr (mk_role_name_lang (roles[i].role, "ru"), ==, roles[i].ru);
    }
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      g_assert_cmpstr (mk_object_kind_name_lang (objects[i].kind, "kk"), ==, objects[i].kk);
      g_assert_cmpstr (mk_object_kind_name_lang (objects[i].kind, "ru"), ==, objects[i].ru);
    }
}

/* Under LANGUAGE unset or "C" the UI names are the English msgids. */
static void
test_names_ui (void)
{
  g_unsetenv ("LANGUAGE");
  g_assert_cmpstr (mk_service_kind_name (MK_SERVICE_CLARIFICATION), ==, "Clarification of the address");
  g_assert_cmpstr (mk_role_name (MK_ROLE_CENTER_INSPECTOR), ==, "Center inspector");
  g_assert_cmpstr (mk_object_kind_name (MK_OBJECT_GARAGE), ==, "Garage");
  for (guint i = 0; i < MK_SERVICE_N_KINDS; i++)
    g_assert_cmpstr (mk_service_kind_name (i), !=, "");
  for (guint i = 0; i < MK_ROLE_N_ROLES; i++)
    g_assert_cmpstr (mk_role_name (i), !=, "");
  for (guint i = 0; i < MK_OBJECT_N_KINDS; i++)
    g_assert_cmpstr (mk_object_kind_name (i), !=, "");
}

/* The app switches language at run time by setting LANGUAGE: the answer follows. */
static void
test_ui_language (void)
{
  static const struct {
    const char *language;
    const char *expected;
  } cases[] = {
    { "kk", "kk" },
    { "ru", "ru" },
    { "en", "en" },
    { "kk_KZ", "kk" },
    { "ru_RU.UTF-8", "ru" },
    { "de:ru", "ru" },         /* no German catalogue: gettext falls through to Russian */
    { "ru:kk", "ru" },
    { "kk:ru", "kk" },
    { "kkx", "en" },           /* not Kazakh */
    { "C:ru", "en" },          /* "C" means untranslated */
    { "kk", "kk" },            /* back again after a change */
  };
  MkText text = { (char *) "қазақша", (char *) "по-русски", (char *) "in English" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_setenv ("LANGUAGE", cases[i].language, TRUE);
      g_assert_cmpstr (mk_ui_language (), ==, cases[i].expected);
      /* Same choice for mk_text_get(). */
      g_assert_cmpstr (mk_text_get (&text), ==, mk_text_get_lang (&text, cases[i].expected));
    }
  g_unsetenv ("LANGUAGE");
}

static void
test_text (void)
{
  MkText text = { g_strdup ("Қарағанды"), g_strdup ("Караганда"), NULL };
  MkText copy = { NULL, NULL, NULL };
  MkText only_kk = { (char *) "тек қазақша", NULL, NULL };
  MkText none = { NULL, NULL, NULL };

  g_assert_cmpstr (mk_text_get_lang (&text, "kk"), ==, "Қарағанды");
  g_assert_cmpstr (mk_text_get_lang (&text, "ru"), ==, "Караганда");
  /* No English: official texts fall back to Russian, then Kazakh. */
  g_assert_cmpstr (mk_text_get_lang (&text, "en"), ==, "Караганда");
  g_assert_cmpstr (mk_text_get_lang (&only_kk, "ru"), ==, "тек қазақша");
  g_assert_cmpstr (mk_text_get_lang (&none, "kk"), ==, "");

  mk_text_copy (&copy, &text);
  g_assert_cmpstr (copy.kk, ==, "Қарағанды");
  g_assert_true (copy.kk != text.kk);
  g_assert_null (copy.en);
  /* Copying onto itself keeps the text. */
  mk_text_copy (&copy, &copy);
  g_assert_cmpstr (copy.ru, ==, "Караганда");

  mk_text_clear (&copy);
  g_assert_null (copy.kk);
  g_assert_null (copy.ru);
  mk_text_clear (&text);
}

static void
test_date_iso (void)
{
  static const struct {
    const char *text;
    gboolean valid;
    guint year, month, day;
  } cases[] = {
    { "2026-03-20", TRUE, 2026, 3, 20 },
    { "2024-02-29", TRUE, 2024, 2, 29 },   /* leap year */
    { "2027-12-31", TRUE, 2027, 12, 31 },
    { "2025-02-29", FALSE, 0, 0, 0 },      /* not a leap year */
    { "2026-13-01", FALSE, 0, 0, 0 },
    { "2026-04-31", FALSE, 0, 0, 0 },
    { "2026-3-20", FALSE, 0, 0, 0 },
    { "20.03.2026", FALSE, 0, 0, 0 },
    { "2026-03-20T10:00", FALSE, 0, 0, 0 },
    { " 2026-03-20", FALSE, 0, 0, 0 },
    { "2026-03-2x", FALSE, 0, 0, 0 },
    { "", FALSE, 0, 0, 0 },
    { NULL, FALSE, 0, 0, 0 },
    /* #13: the service's years only. */
    { "2100-12-31", TRUE, 2100, 12, 31 },
    { "1900-01-01", TRUE, 1900, 1, 1 },
    { "2101-01-01", FALSE, 0, 0, 0 },
    { "1899-12-31", FALSE, 0, 0, 0 },
    { "9999-12-31", FALSE, 0, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate date;

      g_assert_cmpint (mk_date_parse_iso (cases[i].text, &date), ==, cases[i].valid);
      if (cases[i].valid)
        {
          g_autofree char *iso = mk_date_to_iso (&date);

          g_assert_cmpuint (g_date_get_year (&date), ==, cases[i].year);
          g_assert_cmpuint (g_date_get_month (&date), ==, cases[i].month);
          g_assert_cmpuint (g_date_get_day (&date), ==, cases[i].day);
          g_assert_cmpstr (iso, ==, cases[i].text);
        }
      else
        g_assert_false (g_date_valid (&date));
    }
}

/* #13: as typed at a desk; year 10000 and other slips are refused. */
static void
test_date_typed (void)
{
  static const struct {
    const char *text;
    const char *iso;   /* NULL: refused */
  } cases[] = {
    { "20.03.2026", "2026-03-20" },
    { "1.2.2026", "2026-02-01" },
    { "2026-03-20", "2026-03-20" },
    { "31.12.2100", "2100-12-31" },
    { "01.01.10000", NULL },
    { "01.01.2101", NULL },
    { "31.12.1899", NULL },
    { "29.02.2027", NULL },
    { "20.03.26", NULL },
    { "20.03.2026x", NULL },
    { "+1.+2.2026", NULL },
    { " 1.02.2026", NULL },
    { "20/03/2026", NULL },
    { "", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate date;
      gboolean ok = mk_date_parse (cases[i].text, &date);

      g_assert_cmpint (ok, ==, cases[i].iso != NULL);
      if (ok)
        {
          g_autofree char *iso = mk_date_to_iso (&date);

          g_assert_cmpstr (iso, ==, cases[i].iso);
        }
      else
        g_assert_false (g_date_valid (&date));
    }
}

static void
test_date_long (void)
{
  static const struct {
    const char *iso;
    const char *kk, *ru, *en;
  } cases[] = {
    { "2026-11-24", "2026 жылғы 24 қараша", "24 ноября 2026 г.", "24 November 2026" },
    { "2026-01-01", "2026 жылғы 1 қаңтар", "1 января 2026 г.", "1 January 2026" },
    { "2013-09-17", "2013 жылғы 17 қыркүйек", "17 сентября 2013 г.", "17 September 2013" },
    { "2027-05-09", "2027 жылғы 9 мамыр", "9 мая 2027 г.", "9 May 2027" },
    { "2025-08-30", "2025 жылғы 30 тамыз", "30 августа 2025 г.", "30 August 2025" },
    { "2024-12-16", "2024 жылғы 16 желтоқсан", "16 декабря 2024 г.", "16 December 2024" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate date;
      g_autofree char *kk = NULL, *ru = NULL, *en = NULL;

      g_assert_true (mk_date_parse_iso (cases[i].iso, &date));
      kk = mk_date_format_long (&date, "kk");
      ru = mk_date_format_long (&date, "ru");
      en = mk_date_format_long (&date, "en");
      g_assert_cmpstr (kk, ==, cases[i].kk);
      g_assert_cmpstr (ru, ==, cases[i].ru);
      g_assert_cmpstr (en, ==, cases[i].en);
    }
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/types/ids/round-trip", test_ids_round_trip);
  g_test_add_func ("/types/ids/unknown", test_ids_unknown);
  g_test_add_func ("/types/names/lang", test_names_lang);
  g_test_add_func ("/types/names/ui", test_names_ui);
  g_test_add_func ("/types/ui-language", test_ui_language);
  g_test_add_func ("/types/text", test_text);
  g_test_add_func ("/types/date/iso", test_date_iso);
  g_test_add_func ("/types/date/long", test_date_long);
  g_test_add_func ("/types/date/typed-s13", test_date_typed);

  return g_test_run ();
}
