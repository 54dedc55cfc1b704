/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fixed vocabularies of the regulation, their ids and names, bilingual text and dates. */

#define G_LOG_DOMAIN "mk-types"

#include "mk-types.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

void
mk_text_clear (MkText *text)
{
  g_return_if_fail (text != NULL);

  g_clear_pointer (&text->kk, g_free);
  g_clear_pointer (&text->ru, g_free);
  g_clear_pointer (&text->en, g_free);
}

/* @dest must be zeroed or hold a text: its former strings are freed. */
void
mk_text_copy (MkText       *dest,
              const MkText *src)
{
  char *kk, *ru, *en;

  g_return_if_fail (dest != NULL);
  g_return_if_fail (src != NULL);

  /* Copy before clearing, so that copying a text onto itself is harmless. */
  kk = g_strdup (src->kk);
  ru = g_strdup (src->ru);
  en = g_strdup (src->en);
  mk_text_clear (dest);
  dest->kk = kk;
  dest->ru = ru;
  dest->en = en;
}

G_LOCK_DEFINE_STATIC (ui_language);

const char *
mk_ui_language (void)
{
  static char *cached_env = NULL;
  static const char *cached_lang = NULL;
  const char *env = g_getenv ("LANGUAGE");
  const char *lang = "en";

  G_LOCK (ui_language);

  /* The application switches language at run time by setting LANGUAGE. */
  if (cached_lang != NULL && g_strcmp0 (env, cached_env) == 0)
    {
      lang = cached_lang;
      G_UNLOCK (ui_language);
      return lang;
    }

  /* Like gettext, take the first language that has a catalogue (kk or ru);
   * "C" means untranslated, i.e. English. */
  for (const char * const *names = g_get_language_names (); *names != NULL; names++)
    {
      const char *name = *names;

      if (g_str_equal (name, "C") || g_str_equal (name, "POSIX"))
        break;
      if (g_str_has_prefix (name, "kk") && (name[2] == '\0' || strchr ("_.@", name[2]) != NULL))
        {
          lang = "kk";
          break;
        }
      if (g_str_has_prefix (name, "ru") && (name[2] == '\0' || strchr ("_.@", name[2]) != NULL))
        {
          lang = "ru";
          break;
        }
    }

  g_free (cached_env);
  cached_env = g_strdup (env);
  cached_lang = lang;

  G_UNLOCK (ui_language);
  return lang;
}

const char *
mk_text_get_lang (const MkText *text,
                  const char   *lang)
{
  const char *order[4];

  g_return_val_if_fail (text != NULL, NULL);

  if (g_strcmp0 (lang, "kk") == 0)
    order[0] = text->kk;
  else if (g_strcmp0 (lang, "ru") == 0)
    order[0] = text->ru;
  else
    order[0] = text->en;

  /* Official texts exist in Kazakh and Russian; fall back in that order. */
  order[1] = text->ru;
  order[2] = text->kk;
  order[3] = text->en;
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (order[i] != NULL && order[i][0] != '\0')
      return order[i];
  return "";
}

const char *
mk_text_get_own (const MkText *text)
{
  const char *lang = mk_ui_language ();
  const char *own;

  g_return_val_if_fail (text != NULL, NULL);

  own = g_str_equal (lang, "kk") ? text->kk : g_str_equal (lang, "ru") ? text->ru : NULL;
  if (g_str_equal (lang, "en"))
    own = text->ru != NULL && text->ru[0] != '\0' ? text->ru : text->kk;
  return own != NULL && own[0] != '\0' ? own : NULL;
}

const char *
mk_text_get (const MkText *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return mk_text_get_lang (text, mk_ui_language ());
}

/* Ids, UI names (English msgids) and fixed printed names, one row per value. */
typedef struct {
  const char *id;
  const char *name;     /* N_() msgid */
  const char *name_kk;
  const char *name_ru;
  const char *name_en;
} Vocabulary;

static const Vocabulary services[MK_SERVICE_N_KINDS] = {
  [MK_SERVICE_CLARIFICATION] = { "clarification", N_("Clarification of the address"),
                                 "мекенжайды нақтылау", "уточнение адреса", "clarification of the address" },
  [MK_SERVICE_ASSIGNMENT]    = { "assignment", N_("Assignment of an address"),
                                 "мекенжай беру", "присвоение адреса", "assignment of an address" },
  [MK_SERVICE_CHANGE]        = { "change", N_("Change of the address"),
                                 "мекенжайды өзгерту", "изменение адреса", "change of the address" },
  [MK_SERVICE_ABOLITION]     = { "abolition", N_("Abolition of the address"),
                                 "мекенжайды жою", "упразднение адреса", "abolition of the address" },
};

static const Vocabulary roles[MK_ROLE_N_ROLES] = {
  [MK_ROLE_CENTER_INSPECTOR]       = { "center-inspector", N_("Center inspector"),
                                       "орталықтың инспекторы", "инспектор ЦОН", "center inspector" },
  [MK_ROLE_ACCUMULATION_INSPECTOR] = { "accumulation-inspector", N_("Accumulation department inspector"),
                                       "жинақтау бөлімінің инспекторы", "инспектор накопительного отдела",
                                       "accumulation department inspector" },
  [MK_ROLE_PROVIDER_HEAD]          = { "provider-head", N_("Head of the service provider"),
                                       "көрсетілетін қызметті берушінің басшылығы", "руководство услугодателя",
                                       "head of the service provider" },
  [MK_ROLE_PROVIDER_EXECUTOR]      = { "provider-executor", N_("Responsible executor"),
                                       "жауапты орындаушы", "ответственный исполнитель", "responsible executor" },
  [MK_ROLE_ADMINISTRATOR]          = { "administrator", N_("Administrator"),
                                       "әкімші", "администратор", "administrator" },
};

static const Vocabulary objects[MK_OBJECT_N_KINDS] = {
  [MK_OBJECT_LAND_PLOT] = { "land-plot", N_("Land plot"), "жер учаскесі", "земельный участок", "land plot" },
  [MK_OBJECT_BUILDING]  = { "building", N_("Building"), "ғимарат", "здание", "building" },
  [MK_OBJECT_PREMISE]   = { "premise", N_("Premise"), "үй-жай", "помещение", "premise" },
  [MK_OBJECT_GARAGE]    = { "garage", N_("Garage"), "гараж", "гараж", "garage" },
  [MK_OBJECT_DACHA]     = { "dacha", N_("Dacha"), "саяжай", "дача", "dacha" },
};

static const char * const applicant_ids[] = {
  [MK_APPLICANT_INDIVIDUAL]   = "individual",
  [MK_APPLICANT_LEGAL_ENTITY] = "legal-entity",
};

static const char * const org_ids[] = {
  [MK_ORG_PROVIDER] = "provider",
  [MK_ORG_CENTER]   = "center",
};

static gboolean
vocabulary_lookup (const Vocabulary *table,
                   guint             n,
                   const char       *id,
                   guint            *index)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (table[i].id, id) == 0)
      {
        if (index != NULL)
          *index = i;
        return TRUE;
      }
  return FALSE;
}

static const char *
vocabulary_name_lang (const Vocabulary *entry,
                      const char       *lang)
{
  if (g_strcmp0 (lang, "kk") == 0)
    return entry->name_kk;
  if (g_strcmp0 (lang, "ru") == 0)
    return entry->name_ru;
  return entry->name_en;
}

const char *
mk_service_kind_to_id (MkServiceKind kind)
{
  g_return_val_if_fail (kind < MK_SERVICE_N_KINDS, NULL);
  return services[kind].id;
}

gboolean
mk_service_kind_from_id (const char    *id,
                         MkServiceKind *kind)
{
  guint i;

  if (id == NULL || !vocabulary_lookup (services, G_N_ELEMENTS (services), id, &i))
    return FALSE;
  if (kind != NULL)
    *kind = (MkServiceKind) i;
  return TRUE;
}

const char *
mk_role_to_id (MkRole role)
{
  g_return_val_if_fail (role < MK_ROLE_N_ROLES, NULL);
  return roles[role].id;
}

gboolean
mk_role_from_id (const char *id,
                 MkRole     *role)
{
  guint i;

  if (id == NULL || !vocabulary_lookup (roles, G_N_ELEMENTS (roles), id, &i))
    return FALSE;
  if (role != NULL)
    *role = (MkRole) i;
  return TRUE;
}

const char *
mk_object_kind_to_id (MkObjectKind kind)
{
  g_return_val_if_fail (kind < MK_OBJECT_N_KINDS, NULL);
  return objects[kind].id;
}

gboolean
mk_object_kind_from_id (const char   *id,
                        MkObjectKind *kind)
{
  guint i;

  if (id == NULL || !vocabulary_lookup (objects, G_N_ELEMENTS (objects), id, &i))
    return FALSE;
  if (kind != NULL)
    *kind = (MkObjectKind) i;
  return TRUE;
}

const char *
mk_applicant_kind_to_id (MkApplicantKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (applicant_ids), NULL);
  return applicant_ids[kind];
}

gboolean
mk_applicant_kind_from_id (const char      *id,
                           MkApplicantKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (applicant_ids); i++)
    if (g_strcmp0 (applicant_ids[i], id) == 0)
      {
        if (kind != NULL)
          *kind = (MkApplicantKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
mk_org_kind_to_id (MkOrgKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (org_ids), NULL);
  return org_ids[kind];
}

const char *
mk_service_kind_name (MkServiceKind kind)
{
  g_return_val_if_fail (kind < MK_SERVICE_N_KINDS, NULL);
  return _(services[kind].name);
}

const char *
mk_role_name (MkRole role)
{
  g_return_val_if_fail (role < MK_ROLE_N_ROLES, NULL);
  return _(roles[role].name);
}

const char *
mk_object_kind_name (MkObjectKind kind)
{
  g_return_val_if_fail (kind < MK_OBJECT_N_KINDS, NULL);
  return _(objects[kind].name);
}

const char *
mk_service_kind_name_lang (MkServiceKind  kind,
                           const char    *lang)
{
  g_return_val_if_fail (kind < MK_SERVICE_N_KINDS, NULL);
  return vocabulary_name_lang (&services[kind], lang);
}

const char *
mk_role_name_lang (MkRole      role,
                   const char *lang)
{
  g_return_val_if_fail (role < MK_ROLE_N_ROLES, NULL);
  return vocabulary_name_lang (&roles[role], lang);
}

const char *
mk_object_kind_name_lang (MkObjectKind  kind,
                          const char   *lang)
{
  g_return_val_if_fail (kind < MK_OBJECT_N_KINDS, NULL);
  return vocabulary_name_lang (&objects[kind], lang);
}

gboolean
mk_date_parse_iso (const char *text,
                   GDate      *date)
{
  guint year = 0, month = 0, day = 0;

  g_return_val_if_fail (date != NULL, FALSE);

  g_date_clear (date, 1);
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        continue;
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }

  year = (guint) g_ascii_digit_value (text[0]) * 1000 + (guint) g_ascii_digit_value (text[1]) * 100
       + (guint) g_ascii_digit_value (text[2]) * 10 + (guint) g_ascii_digit_value (text[3]);
  month = (guint) g_ascii_digit_value (text[5]) * 10 + (guint) g_ascii_digit_value (text[6]);
  day = (guint) g_ascii_digit_value (text[8]) * 10 + (guint) g_ascii_digit_value (text[9]);

  if (year < MK_DATE_FIRST_YEAR || year > MK_DATE_LAST_YEAR
      || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

gboolean
mk_date_parse (const char *text,
               GDate      *date)
{
  guint day = 0, month = 0, year = 0;
  char end;

  g_return_val_if_fail (date != NULL, FALSE);

  g_date_clear (date, 1);
  if (text == NULL)
    return FALSE;
  if (mk_date_parse_iso (text, date))
    return TRUE;
  /* Digits only: sscanf's %u would take a sign or spaces. */
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != '.')
      return FALSE;
  if (sscanf (text, "%2u.%2u.%4u%c", &day, &month, &year, &end) != 3
      || strlen (strrchr (text, '.') + 1) != 4
      || year < MK_DATE_FIRST_YEAR || year > MK_DATE_LAST_YEAR
      || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

char *
mk_date_to_iso (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

static const char * const months_kk[12] = {
  "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
  "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
};

/* Russian dates use the genitive: «24 ноября». */
static const char * const months_ru[12] = {
  "января", "февраля", "марта", "апреля", "мая", "июня",
  "июля", "августа", "сентября", "октября", "ноября", "декабря",
};

static const char * const months_en[12] = {
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
};

char *
mk_date_format_long (const GDate *date,
                     const char  *lang)
{
  guint day, month, year;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  if (lang == NULL)
    lang = mk_ui_language ();

  day = g_date_get_day (date);
  month = g_date_get_month (date);
  year = g_date_get_year (date);

  if (g_str_equal (lang, "kk"))
    return g_strdup_printf ("%u жылғы %u %s", year, day, months_kk[month - 1]);
  if (g_str_equal (lang, "ru"))
    return g_strdup_printf ("%u %s %u г.", day, months_ru[month - 1], year);
  return g_strdup_printf ("%u %s %u", day, months_en[month - 1], year);
}

/* Months standing alone (the nominative), for headings. */
static const char * const month_names[3][12] = {
  { "Қаңтар", "Ақпан", "Наурыз", "Сәуір", "Мамыр", "Маусым",
    "Шілде", "Тамыз", "Қыркүйек", "Қазан", "Қараша", "Желтоқсан" },
  { "Январь", "Февраль", "Март", "Апрель", "Май", "Июнь",
    "Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь" },
  { "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December" },
};

/* Monday first, as GDateWeekday counts (G_DATE_MONDAY = 1). */
static const char * const weekday_short_names[3][7] = {
  { "Дс", "Сс", "Ср", "Бс", "Жм", "Сб", "Жс" },
  { "Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс" },
  { "Mo", "Tu", "We", "Th", "Fr", "Sa", "Su" },
};

static guint
language_index (const char *lang)
{
  if (lang == NULL)
    lang = mk_ui_language ();
  return g_str_equal (lang, "kk") ? 0 : g_str_equal (lang, "ru") ? 1 : 2;
}

const char *
mk_month_name (GDateMonth  month,
               const char *lang)
{
  g_return_val_if_fail (g_date_valid_month (month), NULL);
  return month_names[language_index (lang)][month - 1];
}

const char *
mk_weekday_short_name (GDateWeekday  weekday,
                       const char   *lang)
{
  g_return_val_if_fail (g_date_valid_weekday (weekday), NULL);
  return weekday_short_names[language_index (lang)][weekday - 1];
}

static const struct {
  MkConditions  flag;
  const char   *id;
} condition_ids[] = {
  { MK_CONDITION_NONE,            "always" },
  { MK_CONDITION_REPRESENTATIVE,  "representative" },
  { MK_CONDITION_GARAGE_OR_DACHA, "garage-or-dacha" },
  { MK_CONDITION_DEMOLITION,      "demolition" },
  { MK_CONDITION_ARCHIVE_NEEDED,  "archive-needed" },
};

const char *
mk_condition_to_id (MkConditions condition)
{
  for (guint i = 0; i < G_N_ELEMENTS (condition_ids); i++)
    if (condition_ids[i].flag == condition)
      return condition_ids[i].id;
  return NULL;
}

gboolean
mk_condition_from_id (const char   *id,
                      MkConditions *condition)
{
  g_return_val_if_fail (condition != NULL, FALSE);

  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (condition_ids); i++)
    if (g_str_equal (condition_ids[i].id, id))
      {
        *condition = condition_ids[i].flag;
        return TRUE;
      }
  return FALSE;
}
