/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Generates realistic, reproducible synthetic cases from the pools in data/demo.ini. */

#define G_LOG_DOMAIN "mk-demo"

#include <string.h>
#include <gio/gio.h>

#include "mk-demo.h"
#include "mk-calendar.h"
#include "mk-id.h"
#include "mk-office.h"
#include "mk-clock.h"

#define HISTORY_DAYS      730         /* two years of cases */
#define RECENT_DAYS       60          /* older cases are mostly finished */
#define N_CONDITION_SETS  16          /* every combination of MkConditions */

/* A list of entries, earlier ones more frequent (Zipf-like weights). */
typedef struct {
  GStrv    items;
  guint    n;
  guint32 *cumulative;
  guint32  total;
} Pool;

/* A street-level element: "type|kk|ru". */
typedef struct {
  char *type;
  char *kk;
  char *ru;
} Geonym;

typedef struct {
  char          *id;
  char          *provider_id;
  const MkOffice *provider;     /* geography, from the shipped offices */
  GPtrArray     *streets;       /* Geonym*, the provider's city streets */
  guint          weight;
} DemoCenter;

typedef struct {
  char     *doc_kind;
  gboolean  required;
  gboolean  original_only;
} DemoItem;

struct _MkDemo {
  guint64        state;         /* xorshift64* state: identical on every platform */
  int            today_jd;
  GDate          today;
  MkRegulation  *regulation;
  MkCalendar    *calendar;
  GPtrArray     *offices;       /* the shipped offices, for district geography */
  GPtrArray     *centers;       /* DemoCenter* */
  guint32        center_total;

  Pool           male_kk, female_kk, surname_kk;
  Pool           male_ru, female_ru, surname_ru;
  Pool           entity_forms, entity_names, garage_coops, dacha_coops;
  Pool           refusals, returns;
  GPtrArray     *village_streets; /* Geonym* */
  GPtrArray     *dacha_streets;   /* Geonym* */
  GHashTable    *city_streets;    /* provider id → GPtrArray of Geonym* */

  /* Day flags from first_jd to today_jd + 60, and the running count of working days. */
  int            first_jd;
  guint          n_days;
  guint8        *open;
  guint8        *working;
  guint         *working_before; /* working days in [first_jd, jd) */
  GArray        *open_days;      /* int julian days, center-open, in the history window */

  guint          term_days[MK_SERVICE_N_KINDS];
  GArray        *checklists[MK_SERVICE_N_KINDS][N_CONDITION_SETS]; /* DemoItem */
};

/* ---- random numbers -------------------------------------------------- */

static guint64
next_u64 (MkDemo *demo)
{
  guint64 x = demo->state;

  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  demo->state = x;
  return x * G_GUINT64_CONSTANT (2685821657736338717);
}

/* Uniform in [0, n). The modulo bias is far below anything a demo can show. */
static guint
rnd (MkDemo *demo,
     guint   n)
{
  return (guint) ((next_u64 (demo) >> 32) % n);
}

static gboolean
chance (MkDemo *demo,
        guint   percent)
{
  return rnd (demo, 100) < percent;
}

/* ---- pools ----------------------------------------------------------- */

static void
pool_init (Pool       *pool,
           GKeyFile   *kf,
           const char *group,
           const char *key)
{
  pool->items = g_key_file_get_string_list (kf, group, key, NULL, NULL);
  if (pool->items == NULL)
    pool->items = g_new0 (char *, 1);
  pool->n = g_strv_length (pool->items);
  pool->cumulative = g_new (guint32, MAX (pool->n, 1));
  pool->total = 0;
  for (guint i = 0; i < pool->n; i++)
    {
      g_strstrip (pool->items[i]);
      /* Weight ~ 1/(rank + 4): the first names are a few dozen times as
       * common as the last, as in a real population. */
      pool->total += 100000 / (i + 4);
      pool->cumulative[i] = pool->total;
    }
}

static void
pool_clear (Pool *pool)
{
  g_clear_pointer (&pool->items, g_strfreev);
  g_clear_pointer (&pool->cumulative, g_free);
}

static const char *
pool_pick (MkDemo     *demo,
           const Pool *pool)
{
  guint32 r;
  guint lo = 0, hi;

  if (pool->n == 0)
    return "";
  r = rnd (demo, pool->total);
  hi = pool->n - 1;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (pool->cumulative[mid] > r)
        hi = mid;
      else
        lo = mid + 1;
    }
  return pool->items[lo];
}

static void
geonym_free (Geonym *g)
{
  g_free (g->type);
  g_free (g->kk);
  g_free (g->ru);
  g_free (g);
}

static GPtrArray *
load_geonyms (GKeyFile   *kf,
              const char *key)
{
  g_auto(GStrv) items = g_key_file_get_string_list (kf, "streets", key, NULL, NULL);
  GPtrArray *streets;

  if (items == NULL)
    return NULL;
  streets = g_ptr_array_new_with_free_func ((GDestroyNotify) geonym_free);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_strstrip (items[i]), "|", 3);
      Geonym *g;

      if (g_strv_length (parts) != 3)
        continue;
      g = g_new0 (Geonym, 1);
      g->type = g_strdup (parts[0]);
      g->kk = g_strdup (parts[1]);
      g->ru = g_strdup (parts[2]);
      g_ptr_array_add (streets, g);
    }
  return streets;
}

/* "kk|ru" → one half; {N} becomes a small number. */
static char *
pick_pair (MkDemo     *demo,
           const Pool *pool,
           gboolean    kk)
{
  const char *item = pool_pick (demo, pool);
  const char *bar = strchr (item, '|');
  g_autofree char *half = bar == NULL ? g_strdup (item)
                                      : kk ? g_strndup (item, bar - item) : g_strdup (bar + 1);
  char *n = strstr (half, "{N}");

  if (n != NULL)
    {
      *n = '\0';
      return g_strdup_printf ("%s%u%s", half, 1 + rnd (demo, 12), n + 3);
    }
  return g_steal_pointer (&half);
}

/* ---- calendar -------------------------------------------------------- */

static void
demo_free_calendar_days (MkDemo *demo)
{
  g_clear_pointer (&demo->open, g_free);
  g_clear_pointer (&demo->working, g_free);
  g_clear_pointer (&demo->working_before, g_free);
  g_clear_pointer (&demo->open_days, g_array_unref);
}

/* Working and center-open days are looked up per case, so compute them once. */
static void
demo_compute_days (MkDemo *demo)
{
  guint count = 0;

  demo_free_calendar_days (demo);
  demo->first_jd = demo->today_jd - HISTORY_DAYS;
  demo->n_days = HISTORY_DAYS + 1 + 60;
  demo->open = g_new0 (guint8, demo->n_days);
  demo->working = g_new0 (guint8, demo->n_days);
  demo->working_before = g_new0 (guint, demo->n_days + 1);
  demo->open_days = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = 0; i < demo->n_days; i++)
    {
      GDate date;
      int jd = demo->first_jd + (int) i;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, jd);
      if (demo->calendar != NULL)
        {
          demo->open[i] = mk_calendar_is_center_open (demo->calendar, &date);
          demo->working[i] = mk_calendar_is_working_day (demo->calendar, &date);
        }
      else
        {
          GDateWeekday wd = g_date_get_weekday (&date);

          /* §16 without a holiday calendar: Monday–Saturday open, Monday–Friday working. */
          demo->open[i] = wd != G_DATE_SUNDAY;
          demo->working[i] = wd != G_DATE_SATURDAY && wd != G_DATE_SUNDAY;
        }
      demo->working_before[i] = count;
      count += demo->working[i];
      if (demo->open[i] && jd <= demo->today_jd)
        g_array_append_val (demo->open_days, jd);
    }
  demo->working_before[demo->n_days] = count;
}

/* Working days strictly after @from_jd up to and including @to_jd. */
static guint
working_between (MkDemo *demo,
                 int     from_jd,
                 int     to_jd)
{
  guint a = (guint) (from_jd - demo->first_jd) + 1;
  guint b = (guint) (to_jd - demo->first_jd) + 1;

  if (to_jd <= from_jd)
    return 0;
  return demo->working_before[MIN (b, demo->n_days)] - demo->working_before[MIN (a, demo->n_days)];
}

/* The @n-th working day after @jd (n ≥ 1), as §7 counts. */
static int
add_working_days (MkDemo *demo,
                  int     jd,
                  guint   n)
{
  while (n > 0)
    {
      jd++;
      if (jd - demo->first_jd >= (int) demo->n_days || demo->working[jd - demo->first_jd])
        n--;
    }
  return jd;
}

static void
set_julian (GDate *date,
            int    jd)
{
  g_date_clear (date, 1);
  g_date_set_julian (date, jd);
}

/* ---- construction ---------------------------------------------------- */

static void
load_checklists (MkDemo *demo)
{
  for (guint k = 0; k < MK_SERVICE_N_KINDS; k++)
    {
      demo->term_days[k] = mk_regulation_get_term_days (demo->regulation, k);
      for (guint c = 0; c < N_CONDITION_SETS; c++)
        {
          g_autoptr(GPtrArray) list = mk_regulation_get_checklist (demo->regulation, k, c);
          GArray *items = g_array_new (FALSE, FALSE, sizeof (DemoItem));

          for (guint i = 0; list != NULL && i < list->len; i++)
            {
              const MkChecklistItem *ci = g_ptr_array_index (list, i);
              DemoItem item = { ci->kind->id, ci->required, ci->original_only };

              g_array_append_val (items, item);
            }
          demo->checklists[k][c] = items;
        }
    }
}

/**
 * mk_demo_new:
 * @seed: the same seed gives the same sequence of cases
 * @today: the last day cases may be accepted on
 * @centers: (element-type MkOffice): center offices, each with its provider_id
 * @regulation: the regulation the checklists and terms come from
 *
 * Prepares every pool, checklist and calendar table up front, so that each
 * mk_demo_next_case() costs only a few microseconds.
 *
 * Returns: (transfer full): a new generator
 */
MkDemo *
mk_demo_new (guint32       seed,
             const GDate  *today,
             GPtrArray    *centers,
             MkRegulation *regulation)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  MkDemo *demo;
  guint64 z;

  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);
  g_return_val_if_fail (centers != NULL, NULL);
  g_return_val_if_fail (MK_IS_REGULATION (regulation), NULL);

  demo = g_new0 (MkDemo, 1);
  /* splitmix64 spreads small seeds over the state; xorshift needs it non-zero. */
  z = (guint64) seed + G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  z ^= z >> 31;
  demo->state = z != 0 ? z : 1;

  demo->today = *today;
  demo->today_jd = (int) g_date_get_julian (today);
  demo->regulation = g_object_ref (regulation);

  demo->calendar = mk_calendar_new_default (&error);
  if (demo->calendar == NULL)
    {
      g_warning ("Demo data without the holiday calendar: %s", error->message);
      g_clear_error (&error);
    }
  demo_compute_days (demo);

  bytes = g_resources_lookup_data ("/kz/mekenjai/core/demo.ini", G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL ||
      !g_key_file_load_from_data (kf, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  G_KEY_FILE_NONE, &error))
    g_error ("The demo pools in the core's resources are broken: %s", error->message);

  pool_init (&demo->male_kk, kf, "names", "male-kk");
  pool_init (&demo->female_kk, kf, "names", "female-kk");
  pool_init (&demo->surname_kk, kf, "names", "surname-kk");
  pool_init (&demo->male_ru, kf, "names", "male-ru");
  pool_init (&demo->female_ru, kf, "names", "female-ru");
  pool_init (&demo->surname_ru, kf, "names", "surname-ru");
  pool_init (&demo->entity_forms, kf, "entities", "forms");
  pool_init (&demo->entity_names, kf, "entities", "names");
  pool_init (&demo->garage_coops, kf, "entities", "garage");
  pool_init (&demo->dacha_coops, kf, "entities", "dacha");
  pool_init (&demo->refusals, kf, "grounds", "refusal");
  pool_init (&demo->returns, kf, "grounds", "return");
  g_assert (demo->male_kk.n > 0 && demo->surname_kk.n > 0 && demo->male_ru.n > 0);

  demo->village_streets = load_geonyms (kf, "village");
  demo->dacha_streets = load_geonyms (kf, "dacha");
  g_assert (demo->village_streets != NULL && demo->dacha_streets != NULL);
  demo->city_streets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_ptr_array_unref);

  demo->offices = mk_offices_load_default (&error);
  if (demo->offices == NULL)
    g_error ("The offices in the core's resources are broken: %s", error->message);

  demo->centers = g_ptr_array_new ();
  for (guint i = 0; i < centers->len; i++)
    {
      const MkOffice *office = g_ptr_array_index (centers, i);
      DemoCenter *dc;
      GPtrArray *streets;

      if (office->kind != MK_ORG_CENTER || office->provider_id == NULL)
        continue;
      dc = g_new0 (DemoCenter, 1);
      dc->id = g_strdup (office->id);
      dc->provider_id = g_strdup (office->provider_id);
      dc->provider = mk_offices_find (demo->offices, office->provider_id);
      /* An office added by an administrator: place its cases in Karaganda. */
      if (dc->provider == NULL)
        dc->provider = mk_offices_find (demo->offices, "p01");
      streets = g_hash_table_lookup (demo->city_streets, dc->provider->id);
      if (streets == NULL)
        {
          streets = load_geonyms (kf, dc->provider->id);
          if (streets == NULL)
            streets = g_ptr_array_ref (demo->village_streets);
          g_hash_table_insert (demo->city_streets, g_strdup (dc->provider->id), streets);
        }
      dc->streets = streets;
      /* Karaganda's offices see the most applicants, Temirtau's next. */
      dc->weight = g_str_equal (dc->provider->id, "p01") ? 6 : g_str_equal (dc->provider->id, "p02") ? 4 : 2;
      demo->center_total += dc->weight;
      g_ptr_array_add (demo->centers, dc);
    }
  g_return_val_if_fail (demo->centers->len > 0, (mk_demo_free (demo), NULL));

  load_checklists (demo);
  return demo;
}

/**
 * mk_demo_free:
 * @demo: (transfer full) (nullable): a generator
 */
void
mk_demo_free (MkDemo *demo)
{
  if (demo == NULL)
    return;

  for (guint i = 0; demo->centers != NULL && i < demo->centers->len; i++)
    {
      DemoCenter *dc = g_ptr_array_index (demo->centers, i);

      g_free (dc->id);
      g_free (dc->provider_id);
      g_free (dc);
    }
  g_clear_pointer (&demo->centers, g_ptr_array_unref);
  for (guint k = 0; k < MK_SERVICE_N_KINDS; k++)
    for (guint c = 0; c < N_CONDITION_SETS; c++)
      g_clear_pointer (&demo->checklists[k][c], g_array_unref);
  pool_clear (&demo->male_kk);
  pool_clear (&demo->female_kk);
  pool_clear (&demo->surname_kk);
  pool_clear (&demo->male_ru);
  pool_clear (&demo->female_ru);
  pool_clear (&demo->surname_ru);
  pool_clear (&demo->entity_forms);
  pool_clear (&demo->entity_names);
  pool_clear (&demo->garage_coops);
  pool_clear (&demo->dacha_coops);
  pool_clear (&demo->refusals);
  pool_clear (&demo->returns);
  g_clear_pointer (&demo->village_streets, g_ptr_array_unref);
  g_clear_pointer (&demo->dacha_streets, g_ptr_array_unref);
  g_clear_pointer (&demo->city_streets, g_hash_table_unref);
  g_clear_pointer (&demo->offices, g_ptr_array_unref);
  demo_free_calendar_days (demo);
  g_clear_object (&demo->calendar);
  g_clear_object (&demo->regulation);
  g_free (demo);
}

/* ---- people ---------------------------------------------------------- */

typedef struct {
  char *surname;
  char *given;
  char *patronymic;   /* may be NULL */
  gboolean male;
  gboolean kazakh;
} Person;

static void
person_clear (Person *p)
{
  g_free (p->surname);
  g_free (p->given);
  g_free (p->patronymic);
}

/* -ов/-ев/-ин take -а, -ский becomes -ская, -ұлы becomes -қызы; other
 * surnames (Ковальчук, Ким, Шевченко) do not change. */
static char *
feminine_surname (const char *s)
{
  if (g_str_has_suffix (s, "ұлы"))
    return g_strdup_printf ("%.*sқызы", (int) (strlen (s) - strlen ("ұлы")), s);
  if (g_str_has_suffix (s, "ский"))
    return g_strdup_printf ("%.*sская", (int) (strlen (s) - strlen ("ский")), s);
  if (g_str_has_suffix (s, "ов") || g_str_has_suffix (s, "ев") || g_str_has_suffix (s, "ёв") ||
      g_str_has_suffix (s, "ин") || g_str_has_suffix (s, "ын"))
    return g_strconcat (s, "а", NULL);
  return g_strdup (s);
}

/* A Russian-style patronymic from a Kazakh name (Нұрлан → Нұрланович), or
 * NULL where the name does not take one. */
static char *
russian_patronymic (const char *father,
                    gboolean    male)
{
  const char *last = g_utf8_prev_char (father + strlen (father));
  gunichar c = g_utf8_get_char (last);

  if (c == 0x0439 /* й */)
    return g_strdup_printf ("%.*s%s", (int) (last - father), father, male ? "евич" : "евна");
  if (g_utf8_strchr ("аәеёиоөұүуыіэюя", -1, c) != NULL)
    return NULL;
  return g_strconcat (father, male ? "ович" : "овна", NULL);
}

static void
make_person (MkDemo *demo,
             Person *p)
{
  p->male = chance (demo, 50);
  /* Karaganda oblast: about two thirds Kazakh names, one third Russian and others. */
  p->kazakh = chance (demo, 65);
  if (p->kazakh)
    {
      const char *father = pool_pick (demo, &demo->male_kk);
      const char *surname = pool_pick (demo, &demo->surname_kk);

      p->given = g_strdup (pool_pick (demo, p->male ? &demo->male_kk : &demo->female_kk));
      p->surname = p->male ? g_strdup (surname) : feminine_surname (surname);
      if (chance (demo, 30))
        p->patronymic = russian_patronymic (father, p->male);
      if (p->patronymic == NULL && chance (demo, 95))
        p->patronymic = g_strconcat (father, p->male ? "ұлы" : "қызы", NULL);
    }
  else
    {
      g_auto(GStrv) father = g_strsplit (pool_pick (demo, &demo->male_ru), "|", 3);
      const char *surname = pool_pick (demo, &demo->surname_ru);

      if (p->male)
        {
          g_auto(GStrv) own = g_strsplit (pool_pick (demo, &demo->male_ru), "|", 3);
          p->given = g_strdup (own[0]);
        }
      else
        p->given = g_strdup (pool_pick (demo, &demo->female_ru));
      p->surname = p->male ? g_strdup (surname) : feminine_surname (surname);
      if (g_strv_length (father) == 3)
        p->patronymic = g_strdup (father[p->male ? 1 : 2]);
    }
}

/* "Surname Given Patronymic", the order of official documents. */
static char *
person_official_name (const Person *p)
{
  return p->patronymic != NULL ? g_strdup_printf ("%s %s %s", p->surname, p->given, p->patronymic)
                               : g_strdup_printf ("%s %s", p->surname, p->given);
}

/**
 * mk_demo_person_name:
 * @demo: a generator
 *
 * Returns: (transfer full): a full name for a demo user, surname first as
 *   §13 prints names ("Нұрланова Әсел Жұмабекқызы")
 */
char *
mk_demo_person_name (MkDemo *demo)
{
  Person p = { 0 };
  char *name;

  g_return_val_if_fail (demo != NULL, NULL);

  make_person (demo, &p);
  name = person_official_name (&p);
  person_clear (&p);
  return name;
}

/* A valid ИИН: birth date, century/sex digit, serial, check digit. */
static char *
make_iin (MkDemo   *demo,
          gboolean  male)
{
  GDate birth;
  int year;
  char digits[13];

  /* Birth between 1940 and 2005. */
  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, 1, 1, 1940);
  g_date_add_days (&birth, rnd (demo, 66 * 365));
  year = g_date_get_year (&birth);

  for (;;)
    {
      guint check;

      g_snprintf (digits, sizeof digits, "%02d%02d%02d%d%04u",
                  year % 100, g_date_get_month (&birth), g_date_get_day (&birth),
                  /* Digit 7: 3/4 for the 1900s, 5/6 for the 2000s, odd for men. */
                  (year < 2000 ? 3 : 5) + (male ? 0 : 1),
                  1 + rnd (demo, 9999));
      check = mk_id_check_digit (digits);
      /* A serial whose check digit is 10 is never issued; draw another. */
      if (check < 10)
        {
          digits[11] = '0' + check;
          digits[12] = '\0';
          return g_strdup (digits);
        }
    }
}

/* A valid БИН: registration year and month, 4 = resident legal entity, 0 = head office. */
static char *
make_bin (MkDemo *demo)
{
  char digits[13];

  for (;;)
    {
      guint check;

      g_snprintf (digits, sizeof digits, "%02u%02u40%05u",
                  (1996 + rnd (demo, 28)) % 100, 1 + rnd (demo, 12), rnd (demo, 100000));
      check = mk_id_check_digit (digits);
      if (check < 10)
        {
          digits[11] = '0' + check;
          digits[12] = '\0';
          return g_strdup (digits);
        }
    }
}

static char *
make_phone (MkDemo *demo)
{
  static const guint codes[] = { 701, 777, 705, 702, 747, 700, 707, 771, 775, 776, 778, 708 };
  guint n = rnd (demo, 10000000);

  return g_strdup_printf ("+7 %u %03u %02u %02u", codes[rnd (demo, G_N_ELEMENTS (codes))],
                          n / 10000, (n / 100) % 100, n % 100);
}

static char *
make_date_text (int jd)
{
  GDate d;

  set_julian (&d, jd);
  return g_strdup_printf ("%02d.%02d.%04d", g_date_get_day (&d), g_date_get_month (&d),
                          g_date_get_year (&d));
}

/* ---- addresses ------------------------------------------------------- */

static void
set_text (MkText     *text,
          const char *kk,
          const char *ru)
{
  text->kk = g_strdup (kk);
  text->ru = g_strdup (ru);
  text->en = g_strdup (ru);
}

static MkAddress *
make_address (MkDemo           *demo,
              const DemoCenter *dc,
              MkObjectKind      object_kind)
{
  const MkOffice *p = dc->provider;
  MkAddress *a = mk_address_new ();
  const MkSettlement *settlement = NULL;
  GPtrArray *streets;
  const Geonym *g;

  /* The oblast the district lies in today (offices.ini: Ulytau since 2022 for five). */
  set_text (&a->region, p->region.kk, p->region.ru);
  set_text (&a->district, p->district.kk, p->district.ru);

  if (p->district_is_city)
    {
      /* Most addresses are in the city itself, some in the settlements it administers. */
      if (p->settlements != NULL && p->settlements->len > 0 && chance (demo, 12))
        settlement = g_ptr_array_index (p->settlements, rnd (demo, p->settlements->len));
    }
  else if (p->settlements != NULL && p->settlements->len > 0)
    {
      /* The district center holds about half of the district's people. */
      settlement = g_ptr_array_index (p->settlements,
                                      chance (demo, 50) ? 0 : rnd (demo, p->settlements->len));
    }

  if (settlement != NULL)
    {
      set_text (&a->settlement, settlement->name.kk, settlement->name.ru);
      a->kato = g_strdup (settlement->kato);
    }
  else
    {
      /* A city of oblast significance is also the settlement (written once). */
      set_text (&a->settlement, p->district.kk, p->district.ru);
      a->kato = g_strdup (p->kato);
      if (p->city_districts != NULL && p->city_districts->len > 0)
        {
          const MkText *cd = g_ptr_array_index (p->city_districts, rnd (demo, p->city_districts->len));
          set_text (&a->city_district, cd->kk, cd->ru);
        }
    }

  streets = object_kind == MK_OBJECT_DACHA ? demo->dacha_streets
            : settlement == NULL || (!p->district_is_city && settlement == g_ptr_array_index (p->settlements, 0)
                                     && dc->streets != demo->village_streets)
            ? dc->streets : demo->village_streets;
  g = g_ptr_array_index (streets, rnd (demo, streets->len));
  a->geonym_type = g_strdup (g->type);
  set_text (&a->geonym, g->kk, g->ru);

  switch (object_kind)
    {
    case MK_OBJECT_PREMISE:
      a->building = g_strdup_printf ("%u", 1 + rnd (demo, 120));
      a->premise = g_strdup_printf ("%u", 1 + rnd (demo, 160));
      break;
    case MK_OBJECT_GARAGE:
      /* §11: the cooperative's master plan shows the block and the number. */
      a->building = g_strdup_printf ("%u", 1 + rnd (demo, 60));
      a->block = g_strdup_printf ("%u", 1 + rnd (demo, 12));
      a->premise = g_strdup_printf ("%u", 1 + rnd (demo, 250));
      break;
    case MK_OBJECT_DACHA:
      a->building = g_strdup_printf ("%u", 1 + rnd (demo, 400));
      break;
    case MK_OBJECT_LAND_PLOT:
    case MK_OBJECT_BUILDING:
    case MK_OBJECT_N_KINDS:
    default:
      a->building = chance (demo, 12) ? g_strdup_printf ("%u/%u", 1 + rnd (demo, 150), 1 + rnd (demo, 9))
                                      : g_strdup_printf ("%u", 1 + rnd (demo, 220));
      break;
    }
  a->active = TRUE;
  return a;
}

/* A provisional address code: mk_demo_number_case() gives the real one from
 * the registration number. Drawn all the same, so that a seed keeps giving
 * the cases it gave before. */
static char *
make_digits (MkDemo *demo,
             guint   n)
{
  char *s = g_malloc (n + 1);

  for (guint i = 0; i < n; i++)
    s[i] = '0' + rnd (demo, 10);
  s[n] = '\0';
  return s;
}

/* ---- cases ----------------------------------------------------------- */

static MkObjectKind
pick_object_kind (MkDemo        *demo,
                  MkServiceKind  kind)
{
  /* Percent of land plot, building, premise, garage, dacha per service. */
  static const guint8 shares[MK_SERVICE_N_KINDS][MK_OBJECT_N_KINDS] = {
    [MK_SERVICE_CLARIFICATION] = { 15, 25, 45, 10, 5 },
    [MK_SERVICE_ASSIGNMENT]    = { 35, 35, 5, 15, 10 },
    [MK_SERVICE_CHANGE]        = { 20, 40, 30, 5, 5 },
    [MK_SERVICE_ABOLITION]     = { 20, 60, 10, 10, 0 },
  };
  guint r = rnd (demo, 100);

  for (guint i = 0; i < MK_OBJECT_N_KINDS; i++)
    {
      if (r < shares[kind][i])
        return i;
      r -= shares[kind][i];
    }
  return MK_OBJECT_BUILDING;
}

static char *
make_entity_name (MkDemo       *demo,
                  MkObjectKind  object_kind)
{
  gboolean kk = chance (demo, 40);
  g_autofree char *name = NULL;

  /* Garages and dachas are often asked for by the cooperative itself. */
  if (object_kind == MK_OBJECT_GARAGE)
    {
      name = pick_pair (demo, &demo->garage_coops, kk);
      return kk ? g_strdup_printf ("«%s» гараж кооперативі", name)
                : g_strdup_printf ("Гаражный кооператив «%s»", name);
    }
  if (object_kind == MK_OBJECT_DACHA)
    {
      name = pick_pair (demo, &demo->dacha_coops, kk);
      return kk ? g_strdup_printf ("«%s» бағбандық серіктестігі", name)
                : g_strdup_printf ("Садоводческое товарищество «%s»", name);
    }
  {
    g_autofree char *form = pick_pair (demo, &demo->entity_forms, kk);
    name = pick_pair (demo, &demo->entity_names, kk);
    return g_strdup_printf ("%s «%s»", form, name);
  }
}

/* Where a case of age @age working days stands; late ones lag behind (§20). */
static const char *
pick_stage (MkDemo  *demo,
            int      accepted_jd,
            guint    term,
            gboolean *refused_intake)
{
  guint age = working_between (demo, accepted_jd, demo->today_jd);
  int issue_jd;

  *refused_intake = FALSE;
  /* §23: some packages are incomplete and refused at the desk. */
  if (chance (demo, 3))
    {
      *refused_intake = TRUE;
      return "refused-at-intake";
    }

  if (demo->today_jd - accepted_jd > RECENT_DAYS)
    return chance (demo, 96) ? "issued" : "archived";

  /* §24: a few packages come back for errors. */
  if (age >= 1 && chance (demo, 5))
    return "returned";
  /* A share of cases runs late, so the overdue views have content. */
  if (age >= term && chance (demo, 8))
    return chance (demo, 60) ? "at-provider" : "signing";

  if (age == 0)
    return chance (demo, 60) ? "accumulation" : "at-provider";   /* §19: sent the same day */
  if (age + 1 < term)
    return chance (demo, 70) ? "at-provider" : "signing";
  if (age + 1 == term)
    return chance (demo, 30) ? "signing" : "signed";

  issue_jd = add_working_days (demo, accepted_jd, term);
  /* §22: uncollected results are kept a month, then archived. */
  if (demo->today_jd - issue_jd > 31)
    return chance (demo, 85) ? "issued" : "archived";
  return chance (demo, 55) ? "issued" : "at-center";
}

static gboolean
stage_has_result (const char *stage)
{
  return g_str_equal (stage, "signing") || g_str_equal (stage, "signed") ||
         g_str_equal (stage, "at-center") || g_str_equal (stage, "issued") ||
         g_str_equal (stage, "archived");
}

/**
 * mk_demo_next_case:
 * @demo: a generator
 *
 * Returns: (transfer full): the next synthetic case (see mk-demo.h)
 */
MkCase *
mk_demo_next_case (MkDemo *demo)
{
  MkCase *c;
  const DemoCenter *dc = NULL;
  GArray *checklist;
  const char *stage;
  gboolean refused_intake;
  guint r, term;
  int accepted_jd;
  guint seconds;

  g_return_val_if_fail (demo != NULL, NULL);

  c = mk_case_new ();

  r = rnd (demo, demo->center_total);
  for (guint i = 0; i < demo->centers->len; i++)
    {
      dc = g_ptr_array_index (demo->centers, i);
      if (r < dc->weight)
        break;
      r -= dc->weight;
    }
  c->center_id = g_strdup (dc->id);
  c->provider_id = g_strdup (dc->provider_id);

  /* Clarification ~40 %, assignment ~30 %, change ~20 %, abolition ~10 %. */
  r = rnd (demo, 100);
  c->kind = r < 40 ? MK_SERVICE_CLARIFICATION : r < 70 ? MK_SERVICE_ASSIGNMENT
            : r < 90 ? MK_SERVICE_CHANGE : MK_SERVICE_ABOLITION;
  c->object_kind = pick_object_kind (demo, c->kind);

  c->conditions = MK_CONDITION_NONE;
  if (chance (demo, 20))
    c->conditions |= MK_CONDITION_REPRESENTATIVE;
  if (c->object_kind == MK_OBJECT_GARAGE || c->object_kind == MK_OBJECT_DACHA)
    {
      c->conditions |= MK_CONDITION_GARAGE_OR_DACHA;
      if (c->kind != MK_SERVICE_CLARIFICATION && chance (demo, 25))
        c->conditions |= MK_CONDITION_ARCHIVE_NEEDED;
    }
  if (c->kind == MK_SERVICE_ABOLITION && chance (demo, 60))
    c->conditions |= MK_CONDITION_DEMOLITION;

  /* §13, §16: accepted on a center-open day within the regulation's hours
   * (9:00–20:00), Kazakhstan time. */
  accepted_jd = g_array_index (demo->open_days, int, rnd (demo, demo->open_days->len));
  {
    guint open = mk_regulation_get_norm (demo->regulation, "center-open-hour");
    guint close = mk_regulation_get_norm (demo->regulation, "center-close-hour");
    GDate day;

    if (close == 0)
      close = 24;
    seconds = open * 3600 + rnd (demo, (close - open) * 3600);

    g_date_clear (&day, 1);
    g_date_set_julian (&day, (guint32) accepted_jd);
    c->accepted_at = mk_clock_midnight_of (&day) + seconds;
  }

  /* Applicant. */
  if (chance (demo, c->object_kind == MK_OBJECT_GARAGE || c->object_kind == MK_OBJECT_DACHA ? 25 : 10))
    {
      c->applicant_kind = MK_APPLICANT_LEGAL_ENTITY;
      c->applicant_idn = make_bin (demo);
      c->applicant_name = make_entity_name (demo, c->object_kind);
    }
  else
    {
      Person p = { 0 };

      make_person (demo, &p);
      c->applicant_kind = MK_APPLICANT_INDIVIDUAL;
      c->applicant_idn = make_iin (demo, p.male);
      c->applicant_name = person_official_name (&p);
      person_clear (&p);
    }
  c->applicant_phone = make_phone (demo);

  if (c->conditions & MK_CONDITION_REPRESENTATIVE)
    {
      Person p = { 0 };

      make_person (demo, &p);
      c->rep_name = person_official_name (&p);
      c->rep_idn = make_iin (demo, p.male);
      c->rep_phone = make_phone (demo);
      {
        g_autofree char *date = make_date_text (accepted_jd - 1 - (int) rnd (demo, 300));
        c->rep_poa = g_strdup_printf ("№ %u, %s", 100 + rnd (demo, 9900), date);
      }
      person_clear (&p);
    }

  /* Object and address. */
  c->address = make_address (demo, dc, c->object_kind);
  if (c->object_kind != MK_OBJECT_PREMISE ? chance (demo, 85) : chance (demo, 40))
    /* 09: Karaganda oblast in the cadastral numbering. */
    c->cadastral = g_strdup_printf ("09-%03u-%03u-%03u", 100 + rnd (demo, 100),
                                    1 + rnd (demo, 200), 1 + rnd (demo, 999));
  if (c->kind == MK_SERVICE_CHANGE || c->kind == MK_SERVICE_ABOLITION)
    {
      /* A change keeps the former address; abolition retires the current one. */
      c->former_address = c->kind == MK_SERVICE_ABOLITION ? mk_address_copy (c->address)
                                                          : make_address (demo, dc, c->object_kind);
      c->former_address->rca = make_digits (demo, 16);
    }
  if (c->kind == MK_SERVICE_CLARIFICATION)
    c->address->rca = make_digits (demo, 16);   /* clarification: the address is registered */
  else
    {
      /* §11: the akimat's resolution or decision precedes the application. */
      GDate *basis = &c->basis_date;

      set_julian (basis, accepted_jd - 7 - (int) rnd (demo, 180));
      c->basis_number = g_strdup_printf ("%u/%02u", 1 + rnd (demo, 90), 1 + rnd (demo, 40));
    }

  /* Checklist (§11), every copy compared and handed back (§12). */
  checklist = demo->checklists[c->kind][c->conditions & (N_CONDITION_SETS - 1)];
  for (guint i = 0; i < checklist->len; i++)
    {
      const DemoItem *di = &g_array_index (checklist, DemoItem, i);
      MkCaseItem *item = mk_case_item_new (di->doc_kind, di->required);

      item->present = TRUE;
      item->original_returned = !di->original_only && !g_str_equal (di->doc_kind, "application");
      g_ptr_array_add (c->items, item);
    }

  term = demo->term_days[c->kind];
  stage = pick_stage (demo, accepted_jd, term, &refused_intake);
  c->stage = g_strdup (stage);

  if (refused_intake && checklist->len > 1)
    {
      /* §23: one required document other than the application is missing. */
      for (guint tries = 0; tries < 8; tries++)
        {
          MkCaseItem *item = g_ptr_array_index (c->items, 1 + rnd (demo, c->items->len - 1));

          if (item->required)
            {
              item->present = FALSE;
              item->original_returned = FALSE;
              break;
            }
        }
    }
  else if (g_str_equal (stage, "returned"))
    c->grounds = g_strdup (pool_pick (demo, &demo->returns));
  else if (stage_has_result (stage))
    {
      gboolean refusal = chance (demo, 8);
      guint age = working_between (demo, accepted_jd, demo->today_jd);
      int decided_jd = add_working_days (demo, accepted_jd, MAX (1u, MIN (age, term - 1)));

      c->result = g_strdup (refusal ? "refusal" : "certificate");
      if (refusal)
        c->grounds = g_strdup (pool_pick (demo, &demo->refusals));
      if (!g_str_equal (stage, "signing"))
        {
          GDate d;

          set_julian (&d, decided_jd);
          c->result_date = d;
          c->result_number = g_strdup_printf ("%02u-%04d/%04u", dc->provider->number,
                                              g_date_get_year (&d), 1 + rnd (demo, 9999));
        }
      if (!refusal && c->kind != MK_SERVICE_CLARIFICATION)
        {
          /* The Address Register assigns the code when the certificate is prepared. */
          c->address->rca = c->kind == MK_SERVICE_ABOLITION ? g_strdup (c->former_address->rca)
                                                            : make_digits (demo, 16);
          if (c->former_address != NULL && !g_str_equal (stage, "signing"))
            c->former_address->active = FALSE;
          if (c->kind == MK_SERVICE_ABOLITION && !g_str_equal (stage, "signing"))
            c->address->active = FALSE;
        }
    }

  return c;
}

void
mk_demo_number_case (MkCase     *c,
                     const char *regno)
{
  char digits[15];
  gsize n = 0;

  g_return_if_fail (c != NULL);
  g_return_if_fail (regno != NULL);

  g_free (c->regno);
  c->regno = g_strdup (regno);
  /* The last 14 digits of «3505-2026-000123», zeros in front of fewer. */
  memset (digits, '0', 14);
  digits[14] = '\0';
  for (const char *p = regno + strlen (regno); p > regno && n < 14; p--)
    if (g_ascii_isdigit (p[-1]))
      digits[13 - n++] = p[-1];
  if (c->former_address != NULL && c->former_address->rca != NULL)
    {
      g_free (c->former_address->rca);
      c->former_address->rca = g_strconcat (digits, "02", NULL);
    }
  if (c->address != NULL && c->address->rca != NULL)
    {
      g_free (c->address->rca);
      /* Abolition retires the former address's own code. */
      c->address->rca = c->kind == MK_SERVICE_ABOLITION && c->former_address != NULL
                        ? g_strdup (c->former_address->rca) : g_strconcat (digits, "01", NULL);
    }
}
