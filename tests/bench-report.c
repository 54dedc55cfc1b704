/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of the period report at scale (#12): seeds N demo cases (default
 * 1,000,000, two years of them) as bench-search does, then times
 * mk_store_report for a month, a quarter and a year, for the administrator
 * (every office) and a department head (one provider); with a PostgreSQL
 * server (--pg or MK_TEST_PG) the same cases and reports there too.
 * Exit status: 0 when every quarter's median is under 1 s, 1 otherwise. */

#include <locale.h>
#include <stdlib.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <unistd.h>

#include "mekenjai-core.h"
#include "bench-fixture.h"

#define TARGET_QUARTER_MS 1000.0

typedef struct {
  const char *name;
  GDate       from;
  GDate       to;
  gboolean    quarter;
} Period;

static MkUser *
find_user (GPtrArray *users,
           MkRole     role)
{
  for (guint i = 0; i < users->len; i++)
    if (((MkUser *) users->pdata[i])->role == role && ((MkUser *) users->pdata[i])->active)
      return users->pdata[i];
  g_error ("no demo user with role %d", role);
  return NULL;
}

/* Times every period for every actor on @store; prints one table. */
static gboolean
run_reports (MkStore    *store,
             const char *engine,
             Period     *periods,
             guint       n_periods,
             int         rounds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = mk_store_list_users (store, &error);
  const MkUser *actors[2];
  gboolean all_pass = TRUE;

  g_assert_no_error (error);
  actors[0] = find_user (users, MK_ROLE_ADMINISTRATOR);
  actors[1] = find_user (users, MK_ROLE_PROVIDER_HEAD);
  g_print ("%s\n%-8s %-14s %4s %9s %9s %8s  %s\n", engine, "period", "actor", "n", "median", "max", "cases",
           "result");
  for (guint p = 0; p < n_periods; p++)
    for (guint a = 0; a < G_N_ELEMENTS (actors); a++)
      {
        g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
        guint total = 0;
        double median, max;
        gboolean pass;

        for (int run = -1; run < rounds; run++)   /* -1: warm-up */
          {
            g_autoptr(MkReport) report = NULL;
            gint64 start = g_get_monotonic_time ();
            double ms;

            report = mk_store_report (store, actors[a], &periods[p].from, &periods[p].to, NULL, &error);
            ms = (g_get_monotonic_time () - start) / 1000.0;
            g_assert_no_error (error);
            total = report->total;
            if (run >= 0)
              g_array_append_val (times, ms);
          }
        g_array_sort (times, bench_cmp_double);
        median = g_array_index (times, double, times->len / 2);
        max = g_array_index (times, double, times->len - 1);
        pass = !periods[p].quarter || median < TARGET_QUARTER_MS;
        all_pass &= pass;
        g_print ("%-8s %-14s %4u %7.1fms %7.1fms %8u  %s\n", periods[p].name,
                 a == 0 ? "administrator" : "head", times->len, median, max, total,
                 periods[p].quarter ? (pass ? "PASS" : "FAIL") : "-");
      }
  return all_pass;
}

static void
set_period (Period     *period,
            const char *name,
            int         d1,
            GDateMonth  m1,
            int         y1,
            int         d2,
            GDateMonth  m2,
            int         y2)
{
  period->name = name;
  period->quarter = g_str_equal (name, "quarter");
  g_date_clear (&period->from, 1);
  g_date_clear (&period->to, 1);
  g_date_set_dmy (&period->from, d1, m1, y1);
  g_date_set_dmy (&period->to, d2, m2, y2);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkStore) store = NULL;
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— report benchmark");
  g_autofree char *db_path = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *pg = NULL;
  g_autofree char *pg_db = NULL;
  int n_cases = 1000000;
  int rounds = 5;
  gboolean keep = FALSE;
  gboolean all_pass = TRUE;
  GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_INT, &n_cases, "Cases to seed (default 1000000)", "N" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Reuse (or create) this database", "PATH" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Timed runs of every report (default 5)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the temporary database", NULL },
    { "pg", 0, 0, G_OPTION_ARG_STRING, &pg, "Also on this PostgreSQL server (default: $MK_TEST_PG)", "CONNINFO" },
    { "pg-db", 0, 0, G_OPTION_ARG_STRING, &pg_db, "Reuse this database of the server (kept with --keep)", "NAME" },
    { NULL }
  };
  Period periods[3];
  gint64 t0;
  GDate today;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (rounds < 1)
    rounds = 1;

  /* The day bench-search pins; the demo's two years end there. The last
   * whole month, quarter and year before it. */
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 20, G_DATE_MARCH, 2026);
  set_period (&periods[0], "month", 1, G_DATE_FEBRUARY, 2026, 28, G_DATE_FEBRUARY, 2026);
  set_period (&periods[1], "quarter", 1, G_DATE_OCTOBER, 2025, 31, G_DATE_DECEMBER, 2025);
  set_period (&periods[2], "year", 1, G_DATE_JANUARY, 2025, 31, G_DATE_DECEMBER, 2025);

  if (pg == NULL && g_getenv ("MK_TEST_PG") != NULL && *g_getenv ("MK_TEST_PG") != '\0')
    pg = g_strdup (g_getenv ("MK_TEST_PG"));
  if (db_path == NULL)
    {
      tmpdir = g_dir_make_tmp ("mk-bench-XXXXXX", &error);
      g_assert_no_error (error);
      db_path = g_build_filename (tmpdir, "bench.db", NULL);
    }

  store = mk_store_open (db_path, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  mk_store_set_today (store, &today);
  if (mk_store_count_users (store) == 0)
    {
      t0 = g_get_monotonic_time ();
      if (!mk_store_seed_demo (store, (guint) n_cases, 42, &error))
        {
          g_printerr ("seeding failed: %s\n", error->message);
          return 2;
        }
      g_print ("seeded %d cases in %.1f s\n", n_cases, (g_get_monotonic_time () - t0) / 1e6);
    }
  all_pass = run_reports (store, "SQLite", periods, G_N_ELEMENTS (periods), rounds);
  g_clear_object (&store);

  /* The same cases (same seed, same day) on the PostgreSQL server. */
  if (pg != NULL)
    {
      g_autofree char *name = pg_db != NULL ? g_strdup (pg_db) : g_strdup_printf ("mk_bench_%d", (int) getpid ());
      g_autofree char *location = g_strdup_printf ("%s dbname=%s", pg, name);
      g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", name);
      g_autofree char *drop = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
      g_autoptr(MkStore) server = NULL;

      if (pg_db == NULL || !bench_pg_database_exists (pg, pg_db))
        bench_pg_command (pg, create);
      server = mk_store_initialize (location, &error);
      if (server == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 2;
        }
      mk_store_set_today (server, &today);
      if (mk_store_count_users (server) == 0)
        {
          t0 = g_get_monotonic_time ();
          if (!mk_store_seed_demo (server, (guint) n_cases, 42, &error))
            {
              g_printerr ("seeding failed on the server: %s\n", error->message);
              return 2;
            }
          g_print ("seeded %d cases on PostgreSQL in %.1f s\n", n_cases, (g_get_monotonic_time () - t0) / 1e6);
        }
      all_pass &= run_reports (server, "PostgreSQL", periods, G_N_ELEMENTS (periods), rounds);
      g_clear_object (&server);
      if (!keep && pg_db == NULL)
        bench_pg_command (pg, drop);
      else
        g_print ("kept %s\n", location);
    }

  if (tmpdir != NULL && !keep)
    bench_remove_sqlite (db_path, tmpdir);
  g_print ("%s\n", all_pass ? "ALL PASS" : "SOME QUARTERS FAIL");
  return all_pass ? 0 : 1;
}
