/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the working-day calendar: shipped data, rules, file format and lookups (§7, §16). */

#include <locale.h>
#include <string.h>

#include "mk-calendar.h"
#include <stdio.h>

#include "mk-types.h"

/* Any year, the calendar's edges too: mk_date_parse_iso() keeps to the
 * service's years (1900–2100). */
static GDate
date_from_iso (const char *iso)
{
  guint y = 0, m = 0, d = 0;
  GDate date;

  g_assert_cmpint (sscanf (iso, "%4u-%2u-%2u", &y, &m, &d), ==, 3);
  g_assert_true (g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y));
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return date;
}

static MkCalendar *
default_calendar (void)
{
  g_autoptr(GError) error = NULL;
  MkCalendar *cal = mk_calendar_new_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (cal);
  return cal;
}

static void
test_default_years (void)
{
  g_autoptr(MkCalendar) cal = default_calendar ();
  g_autoptr(GArray) years = mk_calendar_get_years (cal);

  g_assert_cmpuint (years->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpint (g_array_index (years, int, i), ==, 2024 + (int) i);
      g_assert_true (mk_calendar_has_year (cal, 2024 + (int) i));
    }
  g_assert_false (mk_calendar_has_year (cal, 2023));
  g_assert_false (mk_calendar_has_year (cal, 2028));
}

/* The kinds of the days the law and domain.md name. */
static void
test_day_kinds (void)
{
  static const struct {
    const char *iso;
    MkDayKind kind;
    const char *why;
  } cases[] = {
    { "2026-01-01", MK_DAY_HOLIDAY, "New Year" },
    { "2026-01-02", MK_DAY_HOLIDAY, "New Year, second day" },
    { "2026-01-07", MK_DAY_RELIGIOUS, "Orthodox Christmas" },
    { "2026-03-08", MK_DAY_HOLIDAY, "8 March on a Sunday" },
    { "2026-03-09", MK_DAY_MOVED_OFF, "8 March moved to Monday" },
    { "2026-03-20", MK_DAY_WORKING, "Friday before Nauryz" },
    { "2026-03-21", MK_DAY_HOLIDAY, "Nauryz on a Saturday" },
    { "2026-03-22", MK_DAY_HOLIDAY, "Nauryz on a Sunday" },
    { "2026-03-23", MK_DAY_HOLIDAY, "Nauryz on a Monday" },
    { "2026-03-24", MK_DAY_MOVED_OFF, "21 March moved past 23 March" },
    { "2026-03-25", MK_DAY_MOVED_OFF, "22 March moved" },
    { "2026-03-26", MK_DAY_WORKING, "first working day after Nauryz" },
    { "2026-03-28", MK_DAY_WEEKEND, "ordinary Saturday" },
    { "2026-05-09", MK_DAY_HOLIDAY, "Victory Day on a Saturday" },
    { "2026-05-11", MK_DAY_MOVED_OFF, "9 May moved to Monday" },
    { "2026-05-27", MK_DAY_RELIGIOUS, "Kurban Ait 2026" },
    { "2026-08-31", MK_DAY_MOVED_OFF, "Constitution Day (Sunday) moved" },
    { "2026-10-26", MK_DAY_MOVED_OFF, "Republic Day (Sunday) moved" },
    { "2026-12-16", MK_DAY_HOLIDAY, "Independence Day" },
    { "2024-01-07", MK_DAY_RELIGIOUS, "Christmas on a Sunday" },
    { "2024-01-08", MK_DAY_WORKING, "religious days never move" },
    { "2024-03-25", MK_DAY_MOVED_OFF, "23 March 2024 (Saturday) moved" },
    { "2024-06-16", MK_DAY_RELIGIOUS, "Kurban Ait 2024 on a Sunday" },
    { "2024-06-17", MK_DAY_WORKING, "Kurban Ait does not move" },
    { "2024-07-08", MK_DAY_MOVED_OFF, "Capital Day 2024 (Saturday) moved" },
    { "2025-03-10", MK_DAY_MOVED_OFF, "8 March 2025 (Saturday) moved" },
    { "2025-06-06", MK_DAY_RELIGIOUS, "Kurban Ait 2025" },
    { "2025-09-01", MK_DAY_MOVED_OFF, "30 August 2025 (Saturday) moved" },
    { "2027-01-04", MK_DAY_MOVED_OFF, "2 January 2027 (Saturday) moved" },
    { "2027-03-24", MK_DAY_MOVED_OFF, "21 March 2027 (Sunday) moved past 22–23 March" },
    { "2027-05-03", MK_DAY_MOVED_OFF, "1 May 2027 (Saturday) moved" },
    { "2027-05-16", MK_DAY_RELIGIOUS, "Kurban Ait 2027 (estimate)" },
    { "2027-08-30", MK_DAY_HOLIDAY, "Constitution Day kept on 30 August in 2027" },
    { "2028-01-03", MK_DAY_MOVED_OFF, "generated year: 1 January 2028 (Saturday) moved" },
    { "2028-01-04", MK_DAY_MOVED_OFF, "generated year: 2 January 2028 (Sunday) moved" },
    { "2023-12-16", MK_DAY_HOLIDAY, "generated year before the data" },
    { "2023-12-18", MK_DAY_MOVED_OFF, "16 December 2023 (Saturday) moved" },
    { "1850-03-08", MK_DAY_WORKING, "outside the calendar: weekdays only" },
  };
  g_autoptr(MkCalendar) cal = default_calendar ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate date = date_from_iso (cases[i].iso);

      g_test_message ("%s: %s", cases[i].iso, cases[i].why);
      g_assert_cmpint (mk_calendar_day_kind (cal, &date), ==, cases[i].kind);
    }
}

/* §16: centers are open Monday–Saturday except days off and holidays. */
static void
test_center_open (void)
{
  static const struct {
    const char *iso;
    gboolean working;
    gboolean open;
  } cases[] = {
    { "2026-03-27", TRUE, TRUE },    /* Friday */
    { "2026-03-28", FALSE, TRUE },   /* Saturday: center open */
    { "2026-03-29", FALSE, FALSE },  /* Sunday */
    { "2026-03-21", FALSE, FALSE },  /* Nauryz on a Saturday */
    { "2026-03-24", FALSE, FALSE },  /* moved day off */
    { "2026-05-27", FALSE, FALSE },  /* Kurban Ait */
    { "2026-06-06", TRUE, TRUE },    /* transferred-working Saturday (set below) */
    { "2026-06-07", TRUE, TRUE },    /* transferred-working Sunday (set below) */
    { "2026-06-08", FALSE, FALSE },  /* transferred-off Monday (set below) */
  };
  g_autoptr(MkCalendar) cal = default_calendar ();
  GDate date;

  date = date_from_iso ("2026-06-06");
  mk_calendar_set_day (cal, &date, MK_DAY_TRANSFERRED_WORKING, "Жұмыс күні", "Рабочий день");
  date = date_from_iso ("2026-06-07");
  mk_calendar_set_day (cal, &date, MK_DAY_TRANSFERRED_WORKING, "Жұмыс күні", "Рабочий день");
  date = date_from_iso ("2026-06-08");
  mk_calendar_set_day (cal, &date, MK_DAY_TRANSFERRED_OFF, "Демалыс күні", "Выходной день");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].iso);
      date = date_from_iso (cases[i].iso);
      g_assert_cmpint (mk_calendar_is_working_day (cal, &date), ==, cases[i].working);
      g_assert_cmpint (mk_calendar_is_center_open (cal, &date), ==, cases[i].open);
    }

  /* Setting a day back to ordinary removes it from the list. */
  date = date_from_iso ("2026-06-08");
  mk_calendar_set_day (cal, &date, MK_DAY_WORKING, NULL, NULL);
  g_assert_cmpint (mk_calendar_day_kind (cal, &date), ==, MK_DAY_WORKING);
}

static void
test_add_working_days (void)
{
  static const struct {
    const char *from;
    guint n;
    const char *expected;
    const char *why;
  } cases[] = {
    { "2026-03-20", 1, "2026-03-26", "Nauryz and its moved days are skipped" },
    { "2026-03-20", 3, "2026-03-30", "§7 example: third working day" },
    { "2026-03-28", 1, "2026-03-30", "from a Saturday" },
    { "2025-12-31", 1, "2026-01-05", "over New Year 2026" },
    { "2026-12-31", 1, "2027-01-05", "over New Year 2027 (2 January moved to 4 January)" },
    { "2026-05-06", 2, "2026-05-12", "7 May, 8 May, 9 May moved to 11 May" },
    { "2026-01-06", 1, "2026-01-08", "Orthodox Christmas" },
  };
  g_autoptr(MkCalendar) cal = default_calendar ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate date = date_from_iso (cases[i].from);
      g_autofree char *iso = NULL;

      g_test_message ("%s + %u: %s", cases[i].from, cases[i].n, cases[i].why);
      mk_calendar_add_working_days (cal, &date, cases[i].n);
      iso = mk_date_to_iso (&date);
      g_assert_cmpstr (iso, ==, cases[i].expected);
    }
}

static void
test_next_center_open (void)
{
  static const struct {
    const char *from;
    const char *expected;
  } cases[] = {
    { "2026-03-30", "2026-03-31" },  /* Monday → Tuesday */
    { "2026-03-27", "2026-03-28" },  /* Friday → Saturday: centers open */
    { "2026-03-28", "2026-03-30" },  /* Saturday → Monday */
    { "2026-03-20", "2026-03-26" },  /* over Nauryz */
    { "2026-05-08", "2026-05-12" },  /* 9 May (Saturday), Sunday, 11 May off */
    /* 1–2 January holidays, 3 January Sunday, 4 January moved off. */
    { "2026-12-31", "2027-01-05" },
  };
  g_autoptr(MkCalendar) cal = default_calendar ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate date = date_from_iso (cases[i].from);
      g_autofree char *iso = NULL;

      mk_calendar_next_center_open (cal, &date);
      iso = mk_date_to_iso (&date);
      g_assert_cmpstr (iso, ==, cases[i].expected);
    }
}

static void
test_working_days_between (void)
{
  g_autoptr(MkCalendar) cal = default_calendar ();
  GDate a = date_from_iso ("2026-03-20");
  GDate b = date_from_iso ("2026-03-30");
  GDate jan1 = date_from_iso ("2026-01-01");
  GDate dec31 = date_from_iso ("2026-12-31");

  g_assert_cmpint (mk_calendar_working_days_between (cal, &a, &b), ==, 3);
  g_assert_cmpint (mk_calendar_working_days_between (cal, &b, &a), ==, -3);
  g_assert_cmpint (mk_calendar_working_days_between (cal, &a, &a), ==, 0);
  /* 2026: 261 weekdays, minus the weekday holidays and days off (1–2 Jan, 7 Jan,
   * 9 Mar, 23–25 Mar, 1 May, 7 May, 11 May, 27 May, 6 Jul, 31 Aug, 26 Oct, 16 Dec: 15). */
  g_assert_cmpint (mk_calendar_working_days_between (cal, &jan1, &dec31), ==, 261 - 15);
}

static gboolean
days_equal (const MkCalendarDay *a,
            const MkCalendarDay *b)
{
  return g_date_compare (&a->date, &b->date) == 0 && a->kind == b->kind &&
         g_strcmp0 (a->name_kk, b->name_kk) == 0 && g_strcmp0 (a->name_ru, b->name_ru) == 0;
}

/* The shipped year files (the source of truth) agree with rules.ini for every
 * fixed holiday and every move; what they add is only Kurban Ait. */
static void
test_shipped_agree_with_rules (void)
{
  g_autoptr(MkCalendar) cal = default_calendar ();

  for (int year = 2024; year <= 2027; year++)
    {
      g_autoptr(GPtrArray) shipped = mk_calendar_list_special_days (cal, year);
      g_autoptr(GPtrArray) generated = mk_calendar_generate_year (cal, year);
      guint extra = 0;

      g_test_message ("year %d", year);
      g_assert_cmpuint (generated->len, >=, 14);
      for (guint i = 0; i < generated->len; i++)
        {
          MkCalendarDay *g = g_ptr_array_index (generated, i);
          gboolean found = FALSE;

          for (guint j = 0; j < shipped->len && !found; j++)
            found = days_equal (g, g_ptr_array_index (shipped, j));
          if (!found)
            {
              g_autofree char *iso = mk_date_to_iso (&g->date);
              g_error ("%s (%s) from the rules is missing in kz-%d.ini", iso, g->name_ru, year);
            }
        }
      for (guint j = 0; j < shipped->len; j++)
        {
          MkCalendarDay *s = g_ptr_array_index (shipped, j);
          gboolean found = FALSE;

          for (guint i = 0; i < generated->len && !found; i++)
            found = days_equal (s, g_ptr_array_index (generated, i));
          if (!found)
            {
              /* Only the variable religious day may be listed beyond the rules. */
              g_assert_cmpint (s->kind, ==, MK_DAY_RELIGIOUS);
              g_assert_cmpstr (s->name_ru, ==, "Первый день Курбан айта");
              extra++;
            }
        }
      g_assert_cmpuint (extra, ==, 1);
    }
}

/* A year without data is generated from the rules, lacking Kurban Ait. */
static void
test_generated_year (void)
{
  g_autoptr(MkCalendar) cal = default_calendar ();
  g_autoptr(GPtrArray) days = mk_calendar_list_special_days (cal, 2028);
  g_autoptr(GPtrArray) generated = mk_calendar_generate_year (cal, 2028);

  g_assert_false (mk_calendar_has_year (cal, 2028));
  g_assert_cmpuint (days->len, ==, generated->len);
  for (guint i = 0; i < days->len; i++)
    {
      MkCalendarDay *day = g_ptr_array_index (days, i);

      g_assert_true (days_equal (day, g_ptr_array_index (generated, i)));
      g_assert_cmpstr (day->name_ru, !=, "Первый день Курбан айта");
    }
  /* Looking days up does not make the year explicit. */
  g_assert_false (mk_calendar_has_year (cal, 2028));

  /* An empty calendar without rules knows only weekends. */
  {
    g_autoptr(MkCalendar) bare = mk_calendar_new ();
    g_autoptr(GPtrArray) none = mk_calendar_list_special_days (bare, 2026);
    GDate nauryz = date_from_iso ("2026-03-23");

    g_assert_cmpuint (none->len, ==, 0);
    g_assert_cmpint (mk_calendar_day_kind (bare, &nauryz), ==, MK_DAY_WORKING);
  }
}

/* dump_year writes the format load_data reads: the same days come back. */
static void
test_round_trip (void)
{
  g_autoptr(MkCalendar) cal = default_calendar ();
  g_autoptr(MkCalendar) copy = mk_calendar_new ();
  g_autoptr(GError) error = NULL;
  GDate date = date_from_iso ("2026-06-06");

  /* Names with the list separator and a backslash survive. */
  mk_calendar_set_day (cal, &date, MK_DAY_TRANSFERRED_WORKING,
                       "Жұмыс күні; 8 маусымның орнына", "Рабочий день; вместо 8 июня \\ постановление");

  for (int year = 2024; year <= 2027; year++)
    {
      g_autofree char *dump = mk_calendar_dump_year (cal, year);
      g_autofree char *again = NULL;
      g_autoptr(GPtrArray) before = mk_calendar_list_special_days (cal, year);
      g_autoptr(GPtrArray) after = NULL;

      g_assert_true (mk_calendar_load_data (copy, dump, -1, &error));
      g_assert_no_error (error);
      g_assert_true (mk_calendar_has_year (copy, year));
      after = mk_calendar_list_special_days (copy, year);
      g_assert_cmpuint (before->len, ==, after->len);
      for (guint i = 0; i < before->len; i++)
        g_assert_true (days_equal (g_ptr_array_index (before, i), g_ptr_array_index (after, i)));
      again = mk_calendar_dump_year (copy, year);
      g_assert_cmpstr (dump, ==, again);
    }

  /* The shipped file of a year and the dump of it load to the same days. */
  {
    g_autofree char *path = g_build_filename (g_getenv ("MK_SOURCE_ROOT") ? g_getenv ("MK_SOURCE_ROOT") : ".",
                                              "data", "calendar", "kz-2026.ini", NULL);
    g_autoptr(MkCalendar) from_file = mk_calendar_new ();
    g_autoptr(MkCalendar) shipped = default_calendar ();
    g_autofree char *a = NULL, *b = NULL;

    if (!g_file_test (path, G_FILE_TEST_EXISTS))
      {
        g_test_skip ("MK_SOURCE_ROOT not set");
        return;
      }
    g_assert_true (mk_calendar_load_file (from_file, path, &error));
    g_assert_no_error (error);
    a = mk_calendar_dump_year (from_file, 2026);
    b = mk_calendar_dump_year (shipped, 2026);
    g_assert_cmpstr (a, ==, b);
  }
}

/* A year in loaded data replaces that year wholly; other years stay. */
static void
test_replace_year (void)
{
  static const char data[] =
    "# 2026 as a (fictional) decree would give it\n"
    "[2026]\n"
    "2026-01-01=holiday;Жаңа жыл;Новый год\n"
    "2026-01-03=transferred-working;Жұмыс күні;Рабочий день\n"
    "2026-01-05=transferred-off;Демалыс күні;Выходной день\n";
  g_autoptr(MkCalendar) cal = default_calendar ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) days = NULL;
  GDate d;

  g_assert_true (mk_calendar_load_data (cal, data, -1, &error));
  g_assert_no_error (error);

  days = mk_calendar_list_special_days (cal, 2026);
  g_assert_cmpuint (days->len, ==, 3);
  d = date_from_iso ("2026-03-09");
  g_assert_cmpint (mk_calendar_day_kind (cal, &d), ==, MK_DAY_WORKING);   /* gone with the old year */
  d = date_from_iso ("2026-01-03");
  g_assert_true (mk_calendar_is_working_day (cal, &d));
  d = date_from_iso ("2026-01-05");
  g_assert_false (mk_calendar_is_working_day (cal, &d));
  d = date_from_iso ("2025-03-10");
  g_assert_cmpint (mk_calendar_day_kind (cal, &d), ==, MK_DAY_MOVED_OFF); /* 2025 untouched */
}

/* Malformed files are rejected, naming the line and the key, and change nothing. */
static void
test_malformed (void)
{
  static const struct {
    const char *data;
    MkCalendarError code;
    const char *in_message;
  } cases[] = {
    { "[2026]\n2026-03-09=moved-of;а;б\n", MK_CALENDAR_ERROR_INVALID, ":2: 2026-03-09: unknown kind “moved-of”" },
    { "[2026]\nnonsense\n", MK_CALENDAR_ERROR_PARSE, ":2:" },
    { "2026-03-09=holiday;а;б\n[2026]\n", MK_CALENDAR_ERROR_PARSE, ":1:" },
    { "[2026]\n2026-03-09=holiday;а;б\n\n2026-03-09=holiday;а;б\n", MK_CALENDAR_ERROR_PARSE, ":4: “2026-03-09” appears a second time" },
    { "[2026]\n2025-03-09=holiday;а;б\n", MK_CALENDAR_ERROR_INVALID, ":2: “2025-03-09” is not a date of 2026" },
    { "[2026]\n2026-02-30=holiday;а;б\n", MK_CALENDAR_ERROR_INVALID, ":2: “2026-02-30”" },
    { "[2026]\n9 March=holiday;а;б\n", MK_CALENDAR_ERROR_INVALID, ":2: “9 March”" },
    { "# header\n[26]\n", MK_CALENDAR_ERROR_INVALID, ":2: the group [26]" },
    { "[2026]\n2026-03-09=holiday;Наурыз\n", MK_CALENDAR_ERROR_INVALID, ":2: 2026-03-09 must be given" },
    { "[2026]\n2026-03-09=holiday;;Наурыз\n", MK_CALENDAR_ERROR_INVALID, ":2:" },
    { "[2026]\n2026-03-28=moved-off;а;б\n", MK_CALENDAR_ERROR_INVALID, ":2: 2026-03-28 is a Saturday or Sunday" },
    { "[2026]\n2026-03-27=transferred-working;а;б\n", MK_CALENDAR_ERROR_INVALID, ":2: 2026-03-27 is a weekday" },
    { "[2026]\n2026-03-27=working;а;б\n", MK_CALENDAR_ERROR_INVALID, "unknown kind “working”" },
    { "# only a comment\n", MK_CALENDAR_ERROR_INVALID, "no year group" },
    { "", MK_CALENDAR_ERROR_INVALID, "no year group" },
    { "[2026\n", MK_CALENDAR_ERROR_PARSE, ":1:" },
    { "[2026]\n[2026]\n", MK_CALENDAR_ERROR_PARSE, ":2: the group [2026] appears a second time" },
    { "[2026]\n[2027]\n2027-13-01=holiday;а;б\n", MK_CALENDAR_ERROR_INVALID, ":3:" },
  };
  g_autoptr(MkCalendar) cal = default_calendar ();
  GDate moved = date_from_iso ("2026-03-09");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u", i);
      g_assert_false (mk_calendar_load_data (cal, cases[i].data, -1, &error));
      g_assert_error (error, MK_CALENDAR_ERROR, (int) cases[i].code);
      g_test_message ("%s", error->message);
      g_assert_nonnull (g_strstr_len (error->message, -1, cases[i].in_message));
      /* Nothing was replaced. */
      g_assert_cmpint (mk_calendar_day_kind (cal, &moved), ==, MK_DAY_MOVED_OFF);
      g_assert_true (mk_calendar_has_year (cal, 2027));
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mk_calendar_load_file (cal, "/nonexistent/kz-2030.ini", &error));
    g_assert_error (error, MK_CALENDAR_ERROR, MK_CALENDAR_ERROR_PARSE);
    g_assert_nonnull (g_strstr_len (error->message, -1, "/nonexistent/kz-2030.ini"));
  }
}

static void
test_rules (void)
{
  static const struct {
    const char *data;
    const char *in_message; /* NULL: valid */
  } cases[] = {
    { "[a]\ndate=03-08\nkind=holiday\nmoves=true\nname-kk=К\nname-ru=Р\n", NULL },
    { "[a]\ndate=02-29\nkind=religious\nmoves=false\nname-kk=К\nname-ru=Р\nfirst-year=2027\n", NULL },
    { "[a]\ndate=03-32\nkind=holiday\nmoves=true\nname-kk=К\nname-ru=Р\n", ":2: [a]: date “03-32”" },
    { "[a]\ndate=03-08\nkind=moved-off\nmoves=true\nname-kk=К\nname-ru=Р\n", ":3: [a]: kind “moved-off”" },
    { "[a]\ndate=03-08\nkind=holiday\nmoves=yes\nname-kk=К\nname-ru=Р\n", ":4: [a]: moves" },
    { "[a]\ndate=03-08\nkind=holiday\nname-kk=К\nname-ru=Р\n", ":1: [a]: the key “moves” is missing" },
    { "[a]\ndate=03-08\nkind=holiday\nmoves=true\nname-kk=К\nname-ru=Р\nmove=true\n", ":7: [a]: unknown key “move”" },
    { "[a]\ndate=03-08\nkind=holiday\nmoves=true\nname-kk=К\nname-ru=Р\nlast-year=27\n", ":7:" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MkCalendar) cal = mk_calendar_new ();
      g_autoptr(GError) error = NULL;
      gboolean ok = mk_calendar_load_rules (cal, cases[i].data, -1, &error);

      g_test_message ("case %u", i);
      if (cases[i].in_message == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, MK_CALENDAR_ERROR, MK_CALENDAR_ERROR_INVALID);
          g_test_message ("%s", error->message);
          g_assert_nonnull (g_strstr_len (error->message, -1, cases[i].in_message));
        }
    }

  /* first-year / last-year bound a rule; new rules regenerate derived years. */
  {
    g_autoptr(MkCalendar) cal = default_calendar ();
    g_autoptr(GError) error = NULL;
    GDate aug30 = date_from_iso ("2028-08-30");
    GDate mar15 = date_from_iso ("2028-03-15");

    g_assert_cmpint (mk_calendar_day_kind (cal, &aug30), ==, MK_DAY_HOLIDAY);
    g_assert_true (mk_calendar_load_rules (cal,
                                           "[constitution-day]\ndate=08-30\nkind=holiday\nmoves=true\n"
                                           "name-kk=К\nname-ru=К\nlast-year=2026\n"
                                           "[constitution-day-2027]\ndate=03-15\nkind=holiday\nmoves=true\n"
                                           "name-kk=К\nname-ru=К\nfirst-year=2027\n",
                                           -1, &error));
    g_assert_no_error (error);
    g_assert_cmpint (mk_calendar_day_kind (cal, &aug30), ==, MK_DAY_WORKING);
    g_assert_cmpint (mk_calendar_day_kind (cal, &mar15), ==, MK_DAY_HOLIDAY);
    /* Explicit years are data and keep their days. */
    aug30 = date_from_iso ("2027-08-30");
    g_assert_cmpint (mk_calendar_day_kind (cal, &aug30), ==, MK_DAY_HOLIDAY);
  }
}

/* Demo seeding calls the deadline functions a million times: lookups are O(1). */
static void
test_performance (void)
{
  g_autoptr(MkCalendar) cal = default_calendar ();
  GDate start = date_from_iso ("2024-01-01");
  guint32 first = g_date_get_julian (&start);
  guint64 checksum = 0;
  gdouble seconds;
  const guint n = 1000000;

  g_test_timer_start ();
  for (guint i = 0; i < n; i++)
    {
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, first + i % 1400);
      mk_calendar_add_working_days (cal, &date, i % 2 ? 3 : 7);
      checksum += g_date_get_julian (&date);
    }
  seconds = g_test_timer_elapsed ();
  g_test_message ("%u calls of mk_calendar_add_working_days: %.3f s (%.0f ns per call)",
                  n, seconds, seconds * 1e9 / n);
  g_assert_cmpuint (checksum, >, (guint64) first * n);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calendar/default-years", test_default_years);
  g_test_add_func ("/calendar/day-kinds", test_day_kinds);
  g_test_add_func ("/calendar/center-open", test_center_open);
  g_test_add_func ("/calendar/add-working-days", test_add_working_days);
  g_test_add_func ("/calendar/next-center-open", test_next_center_open);
  g_test_add_func ("/calendar/working-days-between", test_working_days_between);
  g_test_add_func ("/calendar/shipped-agree-with-rules", test_shipped_agree_with_rules);
  g_test_add_func ("/calendar/generated-year", test_generated_year);
  g_test_add_func ("/calendar/round-trip", test_round_trip);
  g_test_add_func ("/calendar/replace-year", test_replace_year);
  g_test_add_func ("/calendar/malformed", test_malformed);
  g_test_add_func ("/calendar/rules", test_rules);
  g_test_add_func ("/calendar/performance", test_performance);

  return g_test_run ();
}
