/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the regulation's deadlines on the shipped calendar (§7, §20, §22, §24–§26). */

#include <locale.h>

#include "mk-deadline.h"
#include "mk-types.h"

static MkCalendar *calendar;

static GDate
date_from_iso (const char *iso)
{
  GDate date;

  g_assert_true (mk_date_parse_iso (iso, &date));
  return date;
}

static void
assert_date (const GDate *date,
             const char  *expected)
{
  g_autofree char *iso = mk_date_to_iso (date);

  g_assert_cmpstr (iso, ==, expected);
}

/* §7: N working days from the first working day after acceptance; §20: the
 * provider's due date is the N-th; §7: issue on the first center-open day after
 * it; §22: storage one calendar month after the issue. */
static const struct {
  const char *accepted;
  guint n;
  const char *provider_due;
  const char *issue;
  const char *storage;
  const char *why;
} term_cases[] = {
  /* §7, from the issue: clarification accepted Friday 20 March 2026; 23 March
   * Nauryz, 24–25 March moved days off → 26, 27, 30 March. */
  { "2026-03-20", 3, "2026-03-30", "2026-03-31", "2026-04-30", "§7 clarification across Nauryz 2026" },
  /* §7: acceptance on a Saturday (center open, §16) counts from Monday, like Friday's. */
  { "2026-03-27", 3, "2026-04-01", "2026-04-02", "2026-05-02", "§7 accepted Friday" },
  { "2026-03-28", 3, "2026-04-01", "2026-04-02", "2026-05-02", "§7 accepted Saturday: same term as Friday" },
  /* §7: a holiday Saturday is not counted either. */
  { "2026-03-21", 3, "2026-03-30", "2026-03-31", "2026-04-30", "§7 accepted on a non-working holiday" },
  /* §7 assignment across the May 2026 holidays: 1 May, 7 May, 11 May (for 9 May). */
  { "2026-04-30", 7, "2026-05-14", "2026-05-15", "2026-06-15", "§7 assignment across May 2026" },
  { "2026-05-06", 7, "2026-05-19", "2026-05-20", "2026-06-20", "§7 assignment from the eve of 7 May" },
  /* §7 across New Year 2025→2026; §7 issue skips 7 January (religious, center closed). */
  { "2025-12-24", 7, "2026-01-06", "2026-01-08", "2026-02-08", "§7 change across New Year 2026" },
  /* §7 across 16 December (Independence Day, Wednesday in 2026). */
  { "2026-12-15", 3, "2026-12-21", "2026-12-22", "2027-01-22", "§7 clarification across 16 December" },
  { "2026-12-14", 7, "2026-12-24", "2026-12-25", "2027-01-25", "§7 abolition across 16 December" },
  /* §7 into 2027: 1 January, 2 January (Saturday) moved to 4 January. */
  { "2026-12-23", 7, "2027-01-05", "2027-01-06", "2027-02-06", "§7 assignment into 2027" },
  /* §16: the N-th day is a Friday, so the center issues on Saturday. */
  { "2026-04-07", 3, "2026-04-10", "2026-04-11", "2026-05-11", "§7, §16 issue on a Saturday" },
  /* §22: issue on 31 January → storage clamps to 28 February. */
  { "2026-01-27", 3, "2026-01-30", "2026-01-31", "2026-02-28", "§22 storage from 31 January" },
  /* §7: Kurban Ait 2026 (Wednesday 27 May) is not a working day. */
  { "2026-05-25", 3, "2026-05-29", "2026-05-30", "2026-06-30", "§7 across Kurban Ait 2026" },
  /* §7: Capital Day 2024 on a Saturday moved to Monday 8 July. */
  { "2024-07-04", 3, "2024-07-10", "2024-07-11", "2024-08-11", "§7 across Capital Day 2024" },
  /* §7: Nauryz 2025 (21 March Friday; 22–23 moved to 24–25 March). */
  { "2025-03-20", 7, "2025-04-03", "2025-04-04", "2025-05-04", "§7 assignment across Nauryz 2025" },
  /* §7: ordinary week, no holiday. */
  { "2026-02-02", 7, "2026-02-11", "2026-02-12", "2026-03-12", "§7 assignment, ordinary weeks" },
};

static void
test_terms (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (term_cases); i++)
    {
      GDate accepted = date_from_iso (term_cases[i].accepted);
      MkDeadlines d;

      g_test_message ("%s: %s", term_cases[i].accepted, term_cases[i].why);
      mk_deadlines_compute (calendar, term_cases[i].n, 1, &accepted, &d);
      assert_date (&d.accepted, term_cases[i].accepted);
      g_assert_cmpuint (d.working_days, ==, term_cases[i].n);
      assert_date (&d.provider_due, term_cases[i].provider_due);
      assert_date (&d.issue_date, term_cases[i].issue);
      assert_date (&d.storage_until, term_cases[i].storage);

      /* §7: exactly N working days after acceptance; the issue day is open (§16). */
      g_assert_cmpint (mk_calendar_working_days_between (calendar, &accepted, &d.provider_due), ==, term_cases[i].n);
      g_assert_true (mk_calendar_is_working_day (calendar, &d.provider_due));
      g_assert_true (mk_calendar_is_center_open (calendar, &d.issue_date));
    }
}

/* §24: return within N working days after the provider received the package;
 * §25, §26: notify within 1 working day. */
static void
test_return_and_notification (void)
{
  static const struct {
    gboolean is_return;
    const char *from;
    guint days;
    const char *expected;
    const char *why;
  } cases[] = {
    { TRUE, "2026-03-20", 3, "2026-03-30", "§24 across Nauryz 2026" },
    { TRUE, "2026-05-06", 3, "2026-05-13", "§24 across 7 May and 11 May" },
    { TRUE, "2026-03-28", 3, "2026-04-01", "§24 package received on a Saturday" },
    { FALSE, "2026-03-20", 1, "2026-03-26", "§25 across Nauryz" },
    { FALSE, "2026-04-10", 1, "2026-04-13", "§25 Friday → Monday (not Saturday: a working day)" },
    { FALSE, "2026-12-31", 1, "2027-01-05", "§26 over New Year 2027" },
    { FALSE, "2026-05-26", 1, "2026-05-28", "§26 over Kurban Ait" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate from = date_from_iso (cases[i].from);
      GDate out;

      g_test_message ("%s", cases[i].why);
      if (cases[i].is_return)
        mk_deadline_return_for_errors (calendar, cases[i].days, &from, &out);
      else
        mk_deadline_notification (calendar, cases[i].days, &from, &out);
      assert_date (&out, cases[i].expected);
    }
}

/* §22: one calendar month, clamped to the end of a shorter month. */
static void
test_storage (void)
{
  static const struct {
    const char *issue;
    guint months;
    const char *expected;
  } cases[] = {
    { "2026-01-31", 1, "2026-02-28" },
    { "2024-01-31", 1, "2024-02-29" },  /* leap year */
    { "2026-03-31", 1, "2026-04-30" },
    { "2026-12-31", 1, "2027-01-31" },  /* year boundary */
    { "2026-03-31", 2, "2026-05-31" },
    { "2026-02-28", 1, "2026-03-28" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate issue = date_from_iso (cases[i].issue);
      GDate out;

      mk_deadline_storage_until (cases[i].months, &issue, &out);
      assert_date (&out, cases[i].expected);
    }
}

static void
test_days_left (void)
{
  static const struct {
    const char *today;
    const char *due;
    int left;
  } cases[] = {
    { "2026-03-25", "2026-03-30", 5 },
    { "2026-03-30", "2026-03-30", 0 },   /* due today */
    { "2026-03-31", "2026-03-30", -1 },  /* late */
    { "2026-12-30", "2027-01-05", 6 },   /* calendar days, holidays included */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate today = date_from_iso (cases[i].today);
      GDate due = date_from_iso (cases[i].due);

      g_assert_cmpint (mk_deadline_days_left (&today, &due), ==, cases[i].left);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  calendar = mk_calendar_new_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/deadline/terms", test_terms);
  g_test_add_func ("/deadline/return-and-notification", test_return_and_notification);
  g_test_add_func ("/deadline/storage", test_storage);
  g_test_add_func ("/deadline/days-left", test_days_left);

  status = g_test_run ();
  g_clear_object (&calendar);
  return status;
}
