/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark (#13): a failed sign-in takes as long for an unknown login as for
 * a known login with a wrong password, so that logins cannot be found by
 * timing. Prints both medians and their ratio. */
#include <stdlib.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "mekenjai-core.h"

#define RUNS    15
#define WARM_UP 2

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median_ms (MkStore    *store,
           const char *login)
{
  double times[RUNS];

  for (int i = -WARM_UP; i < RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MkUser) user = NULL;
      gint64 start = g_get_monotonic_time ();

      user = mk_store_authenticate (store, login, "not the password", &error);
      g_assert_null (user);
      g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_AUTH);
      if (i >= 0)
        times[i] = (double) (g_get_monotonic_time () - start) / 1000.0;
    }
  qsort (times, RUNS, sizeof *times, compare_double);
  return times[RUNS / 2];
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("mk-bench-sign-in-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MkStore) store = mk_store_open (path, &error);
  g_autoptr(MkUser) admin = mk_user_new ();
  double known, unknown;

  g_assert_no_error (error);
  admin->login = g_strdup ("admin");
  admin->full_name = g_strdup ("Әкімші");
  admin->role = MK_ROLE_ADMINISTRATOR;
  g_assert_true (mk_store_add_user (store, NULL, admin, "the password", &error));
  g_assert_no_error (error);

  known = median_ms (store, "admin");
  unknown = median_ms (store, "nobody");
  g_print ("failed sign-in, known login:   %.1f ms (median of %d)\n", known, RUNS);
  g_print ("failed sign-in, unknown login: %.1f ms (median of %d)\n", unknown, RUNS);
  g_print ("unknown / known: %.2f\n", unknown / known);

  g_clear_object (&store);
  {
    static const char *const suffixes[] = { "", "-wal", "-shm" };

    for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

        g_unlink (file);
      }
  }
  g_rmdir (dir);
  return EXIT_SUCCESS;
}
