/* SPDX-License-Identifier: GPL-3.0-or-later */
/* #13: temporary files (renderings, previews, scans) live in a private folder
 * that is removed at exit, on every terminating signal, and — after a
 * SIGKILL — by the next process. */
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

typedef struct {
  GPid  pid;
  char *dir;
  char *file;
} Child;

static void
child_start (Child      *child,
             const char *mode)
{
  g_autofree char *program = g_test_build_filename (G_TEST_BUILT, "temp-child", NULL);
  const char *argv[] = { program, mode, NULL };
  g_autofree char *runtime = g_build_filename (g_get_user_cache_dir (), "runtime", NULL);
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "XDG_RUNTIME_DIR", runtime, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) out = NULL;
  g_autofree char *ready = NULL;
  int out_fd = -1;

  /* The test's own runtime folder: the user's real one is left alone. */
  g_mkdir_with_parents (runtime, 0700);
  g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &child->pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);
  out = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (out, TRUE);
  g_io_channel_read_line (out, &child->dir, NULL, NULL, &error);
  g_assert_no_error (error);
  g_io_channel_read_line (out, &child->file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_io_channel_read_line (out, &ready, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (child->dir);
  g_assert_nonnull (child->file);
  g_assert_cmpstr (ready, ==, "ready\n");
  g_strchomp (child->dir);
  g_strchomp (child->file);
}

/* The child's wait status, once it has ended. */
static int
child_wait (Child *child)
{
  int status = 0;

  g_assert_cmpint (waitpid (child->pid, &status, 0), ==, child->pid);
  g_spawn_close_pid (child->pid);
  return status;
}

static void
child_clear (Child *child)
{
  g_clear_pointer (&child->dir, g_free);
  g_clear_pointer (&child->file, g_free);
}

static void
assert_private (const Child *child)
{
  g_autofree char *prefix = g_strconcat (child->dir, "/", NULL);
  GStatBuf st;

  g_assert_cmpint (g_stat (child->dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  /* What a library makes through TMPDIR lands inside. */
  g_assert_true (g_str_has_prefix (child->file, prefix));
  g_assert_true (g_file_test (child->file, G_FILE_TEST_IS_REGULAR));
}

static void
test_exit (void)
{
  Child child = { 0 };
  int status;

  child_start (&child, "exit");
  status = child_wait (&child);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_false (g_file_test (child.dir, G_FILE_TEST_EXISTS));
  child_clear (&child);
}

static void
test_signal (gconstpointer data)
{
  int signum = GPOINTER_TO_INT (data);
  Child child = { 0 };
  int status;

  child_start (&child, "wait");
  assert_private (&child);
  g_assert_cmpint (kill (child.pid, signum), ==, 0);
  status = child_wait (&child);
  /* It still ends as the signal would have ended it. */
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, signum);
  g_assert_false (g_file_test (child.dir, G_FILE_TEST_EXISTS));
  child_clear (&child);
}

/* SIGKILL cannot be caught: the next process removes what it left. */
static void
test_killed (void)
{
  Child killed = { 0 };
  Child next = { 0 };
  int status;

  child_start (&killed, "wait");
  assert_private (&killed);
  g_assert_cmpint (kill (killed.pid, SIGKILL), ==, 0);
  status = child_wait (&killed);
  g_assert_true (WIFSIGNALED (status));
  g_assert_true (g_file_test (killed.file, G_FILE_TEST_IS_REGULAR));

  child_start (&next, "exit");
  g_assert_false (g_file_test (killed.dir, G_FILE_TEST_EXISTS));
  child_wait (&next);
  child_clear (&killed);
  child_clear (&next);
}

int
main (int   argc,
      char *argv[])
{
  static const struct { const char *name; int signum; } signals[] = {
    { "sigterm", SIGTERM }, { "sigint", SIGINT }, { "sighup", SIGHUP },
    { "sigquit", SIGQUIT }, { "sigpipe", SIGPIPE }, { "sigabrt", SIGABRT },
  };

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/temp/removed-at-exit", test_exit);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      g_autofree char *path = g_strdup_printf ("/temp/removed-on-%s", signals[i].name);

      g_test_add_data_func (path, GINT_TO_POINTER (signals[i].signum), test_signal);
    }
  g_test_add_func ("/temp/killed-swept-by-next", test_killed);
  return g_test_run ();
}
