/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one clock: Kazakhstan's date and time whatever the PC's zone. */

#include <locale.h>
#include <stdlib.h>

#include "mk-clock.h"
#include "mk-types.h"

static void
assert_date (const GDate *date,
             const char  *expected)
{
  g_autofree char *iso = mk_date_to_iso (date);

  g_assert_cmpstr (iso, ==, expected);
}

/* 18:59:59 UTC is still the same day in Karaganda; 19:00 UTC is the next. */
static void
test_date_of (void)
{
  g_autoptr(GDateTime) evening = g_date_time_new_utc (2026, 3, 20, 18, 59, 59);
  GDate date;

  mk_clock_date_of (g_date_time_to_unix (evening), &date);
  assert_date (&date, "2026-03-20");
  mk_clock_date_of (g_date_time_to_unix (evening) + 1, &date);
  assert_date (&date, "2026-03-21");
  /* Before 1970 the day is floored, not rounded towards zero. */
  mk_clock_date_of (-5 * 3600 - 1, &date);
  assert_date (&date, "1969-12-31");
}

/* The PC's zone plays no part: set TZ far west of Kazakhstan. */
static void
test_ignores_pc_zone (void)
{
  g_autoptr(GDateTime) utc = g_date_time_new_utc (2026, 3, 20, 20, 30, 0);
  g_autoptr(GDateTime) local = NULL;
  GDate date;

  g_setenv ("TZ", "America/Los_Angeles", TRUE);
  tzset ();
  local = mk_clock_local_time (g_date_time_to_unix (utc));
  g_assert_cmpint (g_date_time_get_day_of_month (local), ==, 21);
  g_assert_cmpint (g_date_time_get_hour (local), ==, 1);
  g_assert_cmpint (g_date_time_get_minute (local), ==, 30);
  g_assert_cmpint (g_date_time_get_utc_offset (local) / G_TIME_SPAN_SECOND, ==, 5 * 3600);
  mk_clock_date_of (g_date_time_to_unix (utc), &date);
  assert_date (&date, "2026-03-21");
  g_unsetenv ("TZ");
  tzset ();
}

static int
hour_of (gint64 unix_time)
{
  g_autoptr(GDateTime) local = mk_clock_local_time (unix_time);

  return g_date_time_get_hour (local);
}

/* A pinned day is today, and now falls on it at 11:00, whatever the real
 * hour, so that no test depends on the time it runs at (§16). */
static void
test_pinned (void)
{
  g_autoptr(MkClock) clock = mk_clock_new ();
  GDate pin, today, of_now;
  gint64 now;

  g_assert_false (mk_clock_is_pinned (clock));
  mk_clock_today (clock, &today);
  mk_clock_date_of (g_get_real_time () / G_USEC_PER_SEC, &of_now);
  g_assert_cmpint (g_date_compare (&today, &of_now), ==, 0);

  g_date_clear (&pin, 1);
  g_date_set_dmy (&pin, 20, G_DATE_MARCH, 2026);
  mk_clock_pin_today (clock, &pin);
  g_assert_true (mk_clock_is_pinned (clock));
  mk_clock_today (clock, &today);
  assert_date (&today, "2026-03-20");
  now = mk_clock_now (clock);
  mk_clock_date_of (now, &of_now);
  assert_date (&of_now, "2026-03-20");
  g_assert_cmpint (hour_of (now), ==, MK_CLOCK_PINNED_HOUR);
  /* The pinned clock runs on from there, never back. */
  g_assert_cmpint (mk_clock_now (clock), >=, now);
  /* Noon of a day is on that day. */
  mk_clock_date_of (mk_clock_noon_of (&pin), &of_now);
  assert_date (&of_now, "2026-03-20");

  mk_clock_pin_today (clock, NULL);
  g_assert_false (mk_clock_is_pinned (clock));
}

/* A moment can be pinned too: 22:05 on 3 December 2026, after the center's hours. */
static void
test_pinned_moment (void)
{
  g_autoptr(MkClock) clock = mk_clock_new ();
  g_autoptr(GDateTime) evening = g_date_time_new_utc (2026, 12, 3, 17, 5, 0);
  g_autoptr(GDateTime) morning = g_date_time_new_utc (2026, 12, 3, 6, 0, 0);
  gint64 moment = 0;
  GDate today;

  g_assert_true (mk_clock_parse_moment ("2026-12-03T22:05", &moment));
  g_assert_cmpint (moment, ==, g_date_time_to_unix (evening));
  g_assert_true (mk_clock_parse_moment ("2026-12-03 22:05", &moment));
  g_assert_cmpint (moment, ==, g_date_time_to_unix (evening));
  g_assert_true (mk_clock_parse_moment ("2026-12-03", &moment));
  g_assert_cmpint (moment, ==, g_date_time_to_unix (morning));
  g_assert_cmpint (hour_of (moment), ==, MK_CLOCK_PINNED_HOUR);
  g_assert_false (mk_clock_parse_moment ("2026-12-03T24:00", &moment));
  g_assert_false (mk_clock_parse_moment ("2026-12-03T9:00", &moment));
  g_assert_false (mk_clock_parse_moment ("2026-12-03T09:00:00", &moment));
  g_assert_false (mk_clock_parse_moment ("2026-13-03", &moment));
  g_assert_false (mk_clock_parse_moment ("tomorrow", &moment));

  g_assert_true (mk_clock_parse_moment ("2026-12-03T22:05", &moment));
  mk_clock_pin (clock, moment);
  g_assert_true (mk_clock_is_pinned (clock));
  g_assert_cmpint (hour_of (mk_clock_now (clock)), ==, 22);
  g_assert_cmpint (mk_clock_now (clock), >=, moment);
  mk_clock_today (clock, &today);
  assert_date (&today, "2026-12-03");
  mk_clock_pin (clock, 0);
  g_assert_false (mk_clock_is_pinned (clock));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/clock/date-of", test_date_of);
  g_test_add_func ("/clock/ignores-pc-zone", test_ignores_pc_zone);
  g_test_add_func ("/clock/pinned", test_pinned);
  g_test_add_func ("/clock/pinned-moment", test_pinned_moment);
  return g_test_run ();
}
