/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helper of test-store-crash: registers cases in a loop (forever, or COUNT
 * of them) and prints each registration number once
 * mk_store_register_case() has returned; or, with --demo COUNT, loads COUNT
 * demo cases in bulk (to be killed half way). */

#include <locale.h>
#include <stdio.h>
#include "store-fixture.h"

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkStore) store = NULL;
  g_autoptr(MkUser) center = NULL;
  guint64 count = G_MAXUINT64;

  setlocale (LC_ALL, "");

  if (argc != 2 && argc != 3 && !(argc == 4 && g_str_equal (argv[2], "--demo")))
    {
      g_printerr ("usage: %s DATABASE [COUNT] | DATABASE --demo COUNT\n", argv[0]);
      return 2;
    }
  if (argc == 4)
    {
      store = mk_store_open (argv[1], &error);
      if (store == NULL || !mk_store_seed_demo (store, (guint) g_ascii_strtoull (argv[3], NULL, 10), 7, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      return 0;
    }
  if (argc == 3)
    count = g_ascii_strtoull (argv[2], NULL, 10);
  store = mk_store_open (argv[1], &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  center = mk_store_authenticate (store, "center", "secret", &error);
  if (center == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  for (guint n = (guint) g_random_int (); count > 0; n++, count--)
    {
      g_autoptr(MkCase) c = store_test_case (store, n % MK_SERVICE_N_KINDS, n);

      if (!mk_store_register_case (store, center, c, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      /* Only now is the case promised to be there. */
      printf ("%s\n", c->regno);
      fflush (stdout);
    }
  return 0;
}
