/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mekenjai-cli attach and scan end to end, scanning through SANE's test backend. */

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cli-runner.h"
#include "scan-helper.h"

typedef struct {
  char *dir;
  char *db;        /* a file, or a test server's database (MK_TEST_PG) */
  char *pg_name;
  char *password_file;
  char *regno;
} Fixture;

/* Runs the tool with --db, signed in as @user (NULL: not signed in); returns its exit status. */
static int
run_cli (Fixture     *f,
         const char  *user,
         char       **out,
         char       **err,
         const char  *first,
         ...)
{
  va_list ap;
  int status;

  va_start (ap, first);
  status = mk_test_cli_run_va (f->db, user, f->password_file, out, err, first, ap);
  va_end (ap);
  return status;
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* A database with demo data and a case the demo center inspector holds (§10 step 7). */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *rows;

  f->dir = g_dir_make_tmp ("mk-cli-attach-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->db = mk_test_cli_database (f->dir, &f->pg_name);
  f->password_file = g_build_filename (f->dir, "password", NULL);
  g_assert_true (g_file_set_contents (f->password_file, "demo\n", -1, NULL));

  g_assert_cmpint (run_cli (f, NULL, &out, &err, "demo", "--cases", "50", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, NULL, &out, &err, "--json", "search", "--stage", "at-center",
                            "--limit", "1", NULL), ==, 0);
  root = parse (out);
  rows = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  f->regno = g_strdup (json_object_get_string_member (json_array_get_object_element (rows, 0), "regno"));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  if (f->pg_name != NULL)
    store_test_pg_drop (f->pg_name);
  g_free (f->pg_name);
  g_free (f->db);
  g_free (f->password_file);
  g_free (f->regno);
  g_free (f->dir);
}

/* The item's attachment count as `show --json` reports it. */
static gint64
item_attachments (Fixture    *f,
                  const char *doc_kind)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *items;

  g_assert_cmpint (run_cli (f, NULL, &out, &err, "--json", "show", f->regno, NULL), ==, 0);
  root = parse (out);
  items = json_object_get_array_member (json_node_get_object (root), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "doc_kind"), doc_kind) == 0)
        {
          g_assert_true (json_object_get_boolean_member (item, "present"));
          return json_object_get_int_member (item, "n_attachments");
        }
    }
  g_assert_not_reached ();
}

static char *
corpus (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "import", "corpus", name, NULL);
}

/* §11: files become stored PDFs of one checklist item; a bad file stores nothing. */
static void
test_attach (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *tiff = corpus ("seed.tiff");
  g_autofree char *jpeg = corpus ("seed.jpeg");
  g_autofree char *bad = g_test_build_filename (G_TEST_DIST, "import", "encrypted.pdf", NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *list;
  gint64 before = item_attachments (f, "application");

  g_assert_cmpint (run_cli (f, "demo-center", &out, &err, "--json", "attach", "--case", f->regno,
                            "--item", "application", tiff, jpeg, NULL), ==, 0);
  root = parse (out);
  list = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "file"), ==, "seed.tiff");
  g_assert_cmpint (strlen (json_object_get_string_member (json_array_get_object_element (list, 1), "sha256")), ==, 64);
  g_assert_cmpint (item_attachments (f, "application"), ==, before + 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A password-protected PDF: one line naming the file, nothing stored, not even the good file. */
  g_assert_cmpint (run_cli (f, "demo-center", &out, &err, "attach", "--case", f->regno,
                            "--item", "application", jpeg, bad, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "encrypted.pdf"));
  g_assert_true (g_str_has_prefix (err, "mekenjai-cli: "));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
  g_assert_cmpint (item_attachments (f, "application"), ==, before + 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Over the size limit (here 1 MB, default 50 MB): refused, nothing stored. */
  {
    g_autofree char *big = g_build_filename (g_get_tmp_dir (), "mk-test-big.pdf", NULL);
    g_autofree char *filler = g_malloc0 (2 * 1024 * 1024);

    g_assert_true (g_file_set_contents (big, filler, 2 * 1024 * 1024, NULL));
    g_assert_cmpint (run_cli (f, "demo-center", &out, &err, "attach", "--case", f->regno,
                              "--item", "application", "--max-size", "1", big, NULL), ==, 1);
    g_assert_nonnull (strstr (err, "mk-test-big.pdf"));
    g_assert_cmpint (item_attachments (f, "application"), ==, before + 2);
    g_unlink (big);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* Not an item of this case, no sign-in, a provider's user at the center's stage. */
  g_assert_cmpint (run_cli (f, "demo-center", &out, &err, "attach", "--case", f->regno,
                            "--item", "no-such-document", jpeg, NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, NULL, &out, &err, "attach", "--case", f->regno,
                            "--item", "application", jpeg, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* #13: without signing in, a missing case and a wrong item read the same:
   * the tool tells nothing about the cases. */
  g_assert_cmpint (run_cli (f, NULL, &out, &err, "attach", "--case", "3505-2026-999999",
                            "--item", "application", jpeg, NULL), ==, 2);
  g_assert_null (strstr (err, "3505-2026-999999"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, NULL, &out, &err, "attach", "--case", f->regno,
                            "--item", "no-such-document", jpeg, NULL), ==, 2);
  g_assert_null (strstr (err, "no-such-document"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, "demo-exec", &out, &err, "attach", "--case", f->regno,
                            "--item", "application", jpeg, NULL), ==, 1);
  g_assert_cmpint (item_attachments (f, "application"), ==, before + 2);
}

/* A whole feeder (the test backend holds 10 sheets) into one attachment, progress on stderr. */
static void
test_scan_feeder (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o;
  gint64 before = item_attachments (f, "title-document");

  g_assert_cmpint (run_cli (f, "demo-center", &out, &err, "--json", "scan", "--case", f->regno,
                            "--item", "title-document", "--device", "test:0", "--source", "feeder",
                            "--mode", "gray", "--resolution", "150", NULL), ==, 0);
  root = parse (out);
  o = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (o, "pages"), ==, 10);
  g_assert_true (json_object_get_null_member (o, "file"));
  g_assert_nonnull (strstr (err, "10"));
  g_assert_cmpint (item_attachments (f, "title-document"), ==, before + 1);
}

/* The flatbed gives one page; the first scanner found is used when none is named. */
static void
test_scan_flatbed (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpint (run_cli (f, "demo-center", &out, &err, "--json", "scan", "--case", f->regno,
                            "--item", "identity-document", "--mode", "lineart", "--resolution", "200",
                            NULL), ==, 0);
  root = parse (out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "pages"), ==, 1);
}

/* Usage mistakes exit with 2 before the scanner is touched; a missing scanner is one plain line. */
static void
test_scan_errors (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_cli (f, "demo-center", &out, &err, "scan", "--case", f->regno,
                            "--item", "application", "--source", "tray", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "flatbed"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, "demo-center", &out, &err, "scan", "--case", f->regno,
                            "--item", "application", "--resolution", "5", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, "demo-center", &out, &err, "scan", "--case", f->regno,
                            "--item", "application", "--device", "test:99", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "mekenjai-cli: "));
}

/* A scanner whose driver hangs (SIGSTOP) or crashes (SIGKILL) in mid-page:
 * exit 1 within the timeout with one line on stderr, the case unchanged; the
 * next scan is stored. */
typedef struct {
  int         sig;
  const char *source;
} LostDriver;

static const LostDriver hung_flatbed = { SIGSTOP, "flatbed" };
static const LostDriver killed_flatbed = { SIGKILL, "flatbed" };
static const LostDriver hung_feeder = { SIGSTOP, "feeder" };
static const LostDriver killed_feeder = { SIGKILL, "feeder" };

static void
test_scan_driver_lost (Fixture       *f,
                       gconstpointer  data)
{
  const LostDriver *lost = data;
  int sig = lost->sig;
  g_autofree char *cli = mk_test_cli_path ();
  g_autofree char *slow = g_test_build_filename (G_TEST_DIST, "scan", "slow", NULL);
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "SANE_CONFIG_DIR", slow, TRUE);
  const char *argv[] = { cli, "--db", f->db, "--user", "demo-center", "--password-file",
                         f->password_file, "scan", "--case", f->regno, "--item", "title-document",
                         "--device", "test:0", "--resolution", "150", "--source", lost->source,
                         "--timeout", "2", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 before = item_attachments (f, "title-document");
  GPid pid, helper;
  int err_fd, status;
  guint n_lines;

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &pid, NULL, NULL, &err_fd, &error));
  g_assert_no_error (error);
  helper = mk_test_wait_scanner_helper (pid, 30);
  g_assert_cmpint (helper, >, 0);
  /* In mid-page: a slow page takes about three seconds; in the feeder, on
   * the second sheet, after one page came through. */
  g_usleep (g_str_equal (lost->source, "feeder") ? 4 * G_USEC_PER_SEC : G_USEC_PER_SEC);
  g_assert_cmpint (kill (helper, sig), ==, 0);

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_true (kill (helper, 0) != 0);

  channel = g_io_channel_unix_new (err_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_assert_cmpint (g_io_channel_read_to_end (channel, &err, NULL, &error), ==, G_IO_STATUS_NORMAL);
  g_test_message ("%s", err);
  lines = g_strsplit (g_strchomp (err), "\n", -1);
  n_lines = g_strv_length (lines);
  g_assert_cmpuint (n_lines, >=, 1);
  /* The error is the last line and only one; before it, the progress lines. */
  g_assert_true (g_str_has_prefix (lines[n_lines - 1], "mekenjai-cli: "));
  g_assert_nonnull (strstr (lines[n_lines - 1], sig == SIGSTOP ? "stopped responding" : "stopped working"));
  for (guint i = 0; i + 1 < n_lines; i++)
    g_assert_false (g_str_has_prefix (lines[i], "mekenjai-cli: "));
  g_assert_cmpint (item_attachments (f, "title-document"), ==, before);

  g_assert_cmpint (run_cli (f, "demo-center", &out, NULL, "scan", "--case", f->regno,
                            "--item", "title-document", "--device", "test:0", "--resolution", "75",
                            NULL), ==, 0);
  g_assert_cmpint (item_attachments (f, "title-document"), ==, before + 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);


  g_test_add ("/cli/attach/files/section-11", Fixture, NULL, fixture_setup, test_attach, fixture_teardown);
  g_test_add ("/cli/scan/feeder", Fixture, NULL, fixture_setup, test_scan_feeder, fixture_teardown);
  g_test_add ("/cli/scan/flatbed", Fixture, NULL, fixture_setup, test_scan_flatbed, fixture_teardown);
  g_test_add ("/cli/scan/errors", Fixture, NULL, fixture_setup, test_scan_errors, fixture_teardown);
  g_test_add ("/cli/scan/driver/hung/flatbed", Fixture, &hung_flatbed, fixture_setup,
              test_scan_driver_lost, fixture_teardown);
  g_test_add ("/cli/scan/driver/killed/flatbed", Fixture, &killed_flatbed, fixture_setup,
              test_scan_driver_lost, fixture_teardown);
  g_test_add ("/cli/scan/driver/hung/feeder", Fixture, &hung_feeder, fixture_setup,
              test_scan_driver_lost, fixture_teardown);
  g_test_add ("/cli/scan/driver/killed/feeder", Fixture, &killed_feeder, fixture_setup,
              test_scan_driver_lost, fixture_teardown);

  return g_test_run ();
}
