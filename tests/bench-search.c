/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of search as you type at scale: seeds N demo cases (default 1,000,000),
 * then times the first page (50 rows, due order) for each query class; with
 * a PostgreSQL server (--pg or MK_TEST_PG) the same cases and queries there too.
 * Exit status: 0 when every class meets median < 20 ms and p99 < 60 ms, 1 otherwise. */

#include <locale.h>
#include <stdlib.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include "mekenjai-core.h"
#include "bench-fixture.h"
#include "mk-search.h"

#define TARGET_MEDIAN_MS 20.0
#define TARGET_P99_MS    60.0

/* --slow MS: each query slower than this is printed with its filters. */
static double slow_ms = 0;

typedef struct {
  const char *name;
  GPtrArray  *queries;   /* char* */
  int         stage_filter; /* 0 none, 1 stage, 2 queue role + overdue */
} QueryClass;

static gboolean
has_kazakh_letter (const char *s)
{
  static const char *const letters[] = { "ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "һ", "і" };

  for (guint i = 0; i < G_N_ELEMENTS (letters); i++)
    if (strstr (s, letters[i]) != NULL)
      return TRUE;
  return FALSE;
}

static int
cmp_count_desc (gconstpointer a, gconstpointer b, gpointer counts)
{
  guint ca = GPOINTER_TO_UINT (g_hash_table_lookup (counts, *(char **) a));
  guint cb = GPOINTER_TO_UINT (g_hash_table_lookup (counts, *(char **) b));

  return ca < cb ? 1 : ca > cb ? -1 : g_strcmp0 (*(char **) a, *(char **) b);
}

static void
add_prefixes (GPtrArray *queries, const char *word, guint max_len)
{
  for (guint n = 1; n <= max_len && n <= g_utf8_strlen (word, -1); n++)
    {
      const char *end = g_utf8_offset_to_pointer (word, n);
      g_ptr_array_add (queries, g_strndup (word, end - word));
    }
}

static GPtrArray *
keys_of (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  return keys;
}

/* Times every query of every class on @store; prints one table. */
static gboolean
run_classes (MkStore     *store,
             const char  *engine,
             QueryClass  *classes,
             guint        n_classes,
             int          rounds,
             const GDate *today)
{
  g_autoptr(GError) error = NULL;
  gboolean all_pass = TRUE;

  g_print ("%s\n%-20s %6s %9s %9s %9s %7s  %s\n", engine, "class", "n", "median", "p99", "max", "rows", "result");
  for (guint c = 0; c < n_classes; c++)
    {
      QueryClass *qc = &classes[c];
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
      static const char *const stages[] = { "accumulation", "at-provider", "at-center", "issued", "returned" };
      guint64 total_rows = 0;
      double median, p99, max;
      gboolean pass;

      for (int pass_no = -1; pass_no < rounds; pass_no++)   /* -1: warm-up */
        for (guint i = 0; i < qc->queries->len; i++)
          {
            g_autoptr(GPtrArray) rows = NULL;
            MkSearchQuery q = { .text = qc->queries->pdata[i], .kind = -1, .queue_role = -1 };
            gint64 start;
            double ms;

            if (qc->stage_filter == 1)
              q.stage = stages[i % G_N_ELEMENTS (stages)];
            else if (qc->stage_filter == 2)
              {
                q.queue_role = (int) (i % 4);
                q.overdue_only = TRUE;
                q.today = *today;
              }
            else if (qc->stage_filter == 3)
              {
                q.stage = i % 3 == 0 ? stages[i % G_N_ELEMENTS (stages)] : NULL;
                q.queue_role = i % 3 == 1 ? (int) (i % 4) : -1;
                q.office_id = i % 3 == 2 ? (i % 2 ? "c05" : "p03") : NULL;
                q.kind = i % 5 == 0 ? (int) (i % 4) : -1;
                q.overdue_only = i % 7 == 0;
                q.today = *today;
              }
            start = g_get_monotonic_time ();
            rows = mk_store_search (store, &q, 0, 50, &error);
            ms = (g_get_monotonic_time () - start) / 1000.0;
            g_assert_no_error (error);
            if (pass_no >= 0 && slow_ms > 0 && ms > slow_ms)
              g_print ("  slow %7.2fms %s «%s» stage=%s queue=%d office=%s kind=%d overdue=%d rows=%u\n",
                       ms, qc->name, q.text, q.stage != NULL ? q.stage : "-", q.queue_role,
                       q.office_id != NULL ? q.office_id : "-", q.kind, q.overdue_only, rows->len);
            if (pass_no >= 0)
              {
                g_array_append_val (times, ms);
                total_rows += rows->len;
              }
          }
      g_array_sort (times, bench_cmp_double);
      median = g_array_index (times, double, times->len / 2);
      p99 = g_array_index (times, double, MIN (times->len - 1, (guint) (times->len * 0.99)));
      max = g_array_index (times, double, times->len - 1);
      pass = median < TARGET_MEDIAN_MS && p99 < TARGET_P99_MS;
      all_pass &= pass;
      g_print ("%-20s %6u %7.2fms %7.2fms %7.2fms %7.1f  %s\n", qc->name, times->len, median, p99, max,
               (double) total_rows / times->len, pass ? "PASS" : "FAIL");
    }

  return all_pass;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkStore) store = NULL;
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— search benchmark");
  g_autofree char *db_path = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *pg = NULL;
  g_autofree char *pg_db = NULL;
  int n_cases = 1000000;
  int rounds = 1;
  gboolean keep = FALSE;
  gboolean all_pass = TRUE;
  GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_INT, &n_cases, "Cases to seed (default 1000000)", "N" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Reuse (or create) this database", "PATH" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Timed passes over every query (default 1)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the temporary database", NULL },
    { "slow", 0, 0, G_OPTION_ARG_DOUBLE, &slow_ms, "Print every query slower than this", "MS" },
    { "pg", 0, 0, G_OPTION_ARG_STRING, &pg, "Also on this PostgreSQL server (default: $MK_TEST_PG)", "CONNINFO" },
    { "pg-db", 0, 0, G_OPTION_ARG_STRING, &pg_db, "Reuse this database of the server (kept with --keep)", "NAME" },
    { NULL }
  };
  g_autoptr(GHashTable) surname_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) street_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) regnos = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) idns = g_ptr_array_new_with_free_func (g_free);
  QueryClass classes[] = {
    { "name-common-kk", NULL, 0 }, { "name-common-ru", NULL, 0 },
    { "name-rare-kk", NULL, 0 }, { "name-rare-ru", NULL, 0 },
    { "regno-fragment", NULL, 0 }, { "iin-prefix", NULL, 0 },
    { "street", NULL, 0 }, { "name+stage", NULL, 1 }, { "name+queue+overdue", NULL, 2 },
    { "filters-only", NULL, 3 },
  };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 t0;
  GStatBuf st;
  guint64 size = 0;
  GDate today;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

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
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 20, G_DATE_MARCH, 2026);
  mk_store_set_today (store, &today);

  {
    MkSearchQuery all = { .kind = -1, .queue_role = -1 };
    g_autoptr(GPtrArray) any = mk_store_search (store, &all, 0, 1, &error);

    if (any != NULL && any->len == 0)
      {
        t0 = g_get_monotonic_time ();
        if (!mk_store_seed_demo (store, (guint) n_cases, 42, &error))
          {
            g_printerr ("seeding failed: %s\n", error->message);
            return 2;
          }
        g_print ("seeded %d cases in %.1f s\n", n_cases, (g_get_monotonic_time () - t0) / 1e6);
      }
  }
  if (g_stat (db_path, &st) == 0)
    size = (guint64) st.st_size;
  {
    g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
    if (g_stat (wal, &st) == 0)
      size += (guint64) st.st_size;
  }
  g_print ("database %s: %.1f MB\n", db_path, size / 1048576.0);

  /* Query material from a sample of the data, read directly (bench code only). */
  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "SELECT applicant_name, regno, applicant_idn, a_geonym_kk, a_geonym_ru FROM cases"
    " WHERE id % 50 = 7 LIMIT 20000", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GPtrArray) words = mk_search_tokens ((const char *) sqlite3_column_text (stmt, 0));
      const char *cols[] = { (const char *) sqlite3_column_text (stmt, 3),
                             (const char *) sqlite3_column_text (stmt, 4) };

      if (words->len > 0)
        {
          char *w = g_strdup (words->pdata[0]);
          g_hash_table_insert (surname_counts, w,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (surname_counts, w)) + 1));
        }
      for (guint i = 0; i < 2; i++)
        {
          g_autoptr(GPtrArray) sw = mk_search_tokens (cols[i]);
          if (sw->len > 0 && g_utf8_strlen (sw->pdata[0], -1) >= 4)
            {
              char *w = g_strdup (sw->pdata[0]);
              g_hash_table_insert (street_counts, w,
                                   GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (street_counts, w)) + 1));
            }
        }
      if (regnos->len < 200)
        g_ptr_array_add (regnos, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      if (idns->len < 200)
        g_ptr_array_add (idns, g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    classes[i].queries = g_ptr_array_new_with_free_func (g_free);
  {
    g_autoptr(GPtrArray) names = keys_of (surname_counts);
    g_autoptr(GPtrArray) streets = keys_of (street_counts);
    guint ck = 0, cr = 0, rk = 0, rr = 0, nst = 0;

    g_ptr_array_sort_with_data (names, cmp_count_desc, surname_counts);
    g_ptr_array_sort_with_data (streets, cmp_count_desc, street_counts);
    for (guint i = 0; i < names->len; i++)
      {
        const char *w = names->pdata[i];
        gboolean kk = has_kazakh_letter (w);

        if (g_utf8_strlen (w, -1) < 6)
          continue;
        if (kk && ck < 10) { add_prefixes (classes[0].queries, w, 6); ck++; }
        else if (!kk && cr < 10) { add_prefixes (classes[1].queries, w, 6); cr++; }
      }
    for (guint i = names->len; i-- > 0;)
      {
        const char *w = names->pdata[i];
        gboolean kk = has_kazakh_letter (w);

        if (g_utf8_strlen (w, -1) < 6)
          continue;
        if (kk && rk < 10) { add_prefixes (classes[2].queries, w, 6); rk++; }
        else if (!kk && rr < 10) { add_prefixes (classes[3].queries, w, 6); rr++; }
      }
    for (guint i = 0; i < streets->len && nst < 12; i++, nst++)
      {
        const char *w = streets->pdata[i];

        for (glong n = 3; n <= 6 && n <= g_utf8_strlen (w, -1); n++)
          g_ptr_array_add (classes[6].queries, g_strndup (w, g_utf8_offset_to_pointer (w, n) - w));
      }
    for (guint i = 0; i < 60 && i < regnos->len; i++)
      {
        const char *r = regnos->pdata[i];
        const char *tail = strrchr (r, '-') + 1;
        switch (i % 4)
          {
          case 0: g_ptr_array_add (classes[4].queries, g_strdup (r)); break;
          case 1: g_ptr_array_add (classes[4].queries, g_strdup (tail)); break;
          case 2: { const char *p = tail; while (*p == '0') p++;
                    g_ptr_array_add (classes[4].queries, g_strdup (*p ? p : "1")); break; }
          default: g_ptr_array_add (classes[4].queries, g_strndup (r, 11)); break;
          }
      }
    for (guint i = 0; i < 60 && i < idns->len; i++)
      g_ptr_array_add (classes[5].queries, g_strndup (idns->pdata[i], 2 + i % 9));
    for (guint i = 0; i < classes[0].queries->len; i++)
      {
        g_ptr_array_add (classes[7].queries, g_strdup (classes[i % 2 ? 0 : 1].queries->pdata[i % classes[1].queries->len]));
        g_ptr_array_add (classes[8].queries, g_strdup (classes[i % 2 ? 1 : 0].queries->pdata[i % classes[0].queries->len]));
      }
    for (guint i = 0; i < 60; i++)
      g_ptr_array_add (classes[9].queries, g_strdup (""));
  }

  all_pass = run_classes (store, "SQLite", classes, G_N_ELEMENTS (classes), rounds, &today);
  g_clear_object (&store);

  /* The same cases (same seed, same day) on the PostgreSQL server, timed
   * with the same queries: the two engines side by side in one run. */
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
      if (pg_db == NULL || mk_store_count_users (server) == 0)
        {
          t0 = g_get_monotonic_time ();
          if (!mk_store_seed_demo (server, (guint) n_cases, 42, &error))
            {
              g_printerr ("seeding failed on the server: %s\n", error->message);
              return 2;
            }
          g_print ("seeded %d cases on PostgreSQL in %.1f s\n", n_cases, (g_get_monotonic_time () - t0) / 1e6);
        }
      all_pass &= run_classes (server, "PostgreSQL", classes, G_N_ELEMENTS (classes), rounds, &today);
      g_clear_object (&server);
      if (!keep && pg_db == NULL)
        bench_pg_command (pg, drop);
      else
        g_print ("kept %s\n", location);
    }
  for (guint c = 0; c < G_N_ELEMENTS (classes); c++)
    g_ptr_array_unref (classes[c].queries);

  if (tmpdir != NULL && !keep)
    bench_remove_sqlite (db_path, tmpdir);
  g_print ("%s\n", all_pass ? "ALL PASS" : "SOME CLASSES FAIL");
  return all_pass ? 0 : 1;
}
