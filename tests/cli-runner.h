/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs the built mekenjai-cli for the command-line tests. */
#pragma once

#include <stdarg.h>
#include <sys/wait.h>

#include <glib.h>

#include "pg-fixture.h"

/* build/src/cli/mekenjai-cli, from MK_BUILD_ROOT (set by meson). */
static inline char *
mk_test_cli_path (void)
{
  return g_build_filename (g_getenv ("MK_BUILD_ROOT"), "src", "cli", "mekenjai-cli", NULL);
}

/* Runs the tool with `--db DB`, signed in as @user when not NULL (password
 * read from @password_file), then the NULL-terminated arguments from @first;
 * returns its exit status, or -1 when it did not exit normally. */
static inline int
mk_test_cli_run_va (const char  *db,
                    const char  *user,
                    const char  *password_file,
                    char       **out,
                    char       **err,
                    const char  *first,
                    va_list      ap)
{
  g_autofree char *cli = mk_test_cli_path ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, cli);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
  if (user != NULL)
    {
      g_ptr_array_add (argv, (char *) "--user");
      g_ptr_array_add (argv, (char *) user);
      g_ptr_array_add (argv, (char *) "--password-file");
      g_ptr_array_add (argv, (char *) password_file);
    }
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  /* Output nobody asked for would end up among the test's TAP lines. */
  g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                (out == NULL ? G_SPAWN_STDOUT_TO_DEV_NULL : 0) | (err == NULL ? G_SPAWN_STDERR_TO_DEV_NULL : 0),
                NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* The database a command-line test works on: a file in @dir, or a new
 * database on the test server (MK_TEST_PG), made ready by `init` as an
 * administrator would. @pg_name receives the server database's name. */
static inline char *
mk_test_cli_database (const char  *dir,
                      char       **pg_name)
{
  g_autofree char *cli = mk_test_cli_path ();
  g_autofree char *out = NULL, *err = NULL;
  char *location;
  int status = -1;

  *pg_name = NULL;
  if (store_test_pg () == NULL)
    return g_build_filename (dir, "test.db", NULL);
  location = store_test_pg_create (pg_name);
  {
    const char *argv[] = { cli, "--db", location, "init", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &status, NULL));
  }
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("init: %s", err);
  return location;
}
