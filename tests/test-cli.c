/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mekenjai-cli end to end: exit codes, one-line errors, JSON output, over a temporary database. */

#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "cli-runner.h"

typedef struct {
  char *dir;
  char *db;        /* a file, or a test server's database (MK_TEST_PG) */
  char *pg_name;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("mk-cli-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->db = mk_test_cli_database (f->dir, &f->pg_name);
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
  g_free (f->dir);
}

/* Runs the tool with --db and the given arguments; returns its exit status. */
static int
run_cli (Fixture     *f,
         char       **out,
         char       **err,
         const char  *first,
         ...)
{
  va_list ap;
  int status;

  va_start (ap, first);
  status = mk_test_cli_run_va (f->db, NULL, NULL, out, err, first, ap);
  va_end (ap);
  return status;
}

static int
run_cli_as (Fixture     *f,
            const char  *user,
            const char  *password_file,
            char       **out,
            char       **err,
            const char  *first,
            ...)
{
  va_list ap;
  int status;

  va_start (ap, first);
  status = mk_test_cli_run_va (f->db, user, password_file, out, err, first, ap);
  va_end (ap);
  return status;
}


static JsonObject *
parse_object (const char *text,
              JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

/* An error is one line on stderr, prefixed with the tool's name. */
static void
assert_one_line_error (const char *err)
{
  g_assert_true (g_str_has_prefix (err, "mekenjai-cli: "));
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

/* Identifiers (domain.md): valid ИИН and БИН, and each reason for rejection. */
static void
test_check_id (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL, *err = NULL;
  JsonObject *o;

  g_assert_cmpint (run_cli (f, &out, &err, "--json", "check-id", "900101300126", NULL), ==, 0);
  o = parse_object (out, parser);
  g_assert_true (json_object_get_boolean_member (o, "valid"));
  g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "iin");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f, &out, &err, "check-id", "--json", "140540001231", NULL), ==, 0);
  o = parse_object (out, parser);
  g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "bin");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Wrong check digit, wrong length, a letter: exit 1 and a one-line reason. */
  g_assert_cmpint (run_cli (f, &out, &err, "check-id", "900101300127", NULL), ==, 1);
  assert_one_line_error (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "check-id", "90010130012", NULL), ==, 1);
  assert_one_line_error (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "--json", "check-id", "90010130012A", NULL), ==, 1);
  o = parse_object (out, parser);
  g_assert_false (json_object_get_boolean_member (o, "valid"));
  g_assert_nonnull (json_object_get_string_member (o, "reason"));
}

/* §7, §20, §22: the example, a clarification accepted on Friday 20 March 2026. */
static void
test_deadline (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL, *err = NULL;
  JsonObject *o;

  g_assert_cmpint (run_cli (f, &out, &err, "deadline", "--kind", "clarification",
                            "--accepted", "2026-03-20", "--json", NULL), ==, 0);
  o = parse_object (out, parser);
  g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "clarification");
  g_assert_cmpstr (json_object_get_string_member (o, "accepted"), ==, "2026-03-20");
  g_assert_cmpint (json_object_get_int_member (o, "working_days"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (o, "provider_due"), ==, "2026-03-30");
  g_assert_cmpstr (json_object_get_string_member (o, "issue_date"), ==, "2026-03-31");
  g_assert_cmpstr (json_object_get_string_member (o, "storage_until"), ==, "2026-04-30");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Bad usage exits with 2. */
  g_assert_cmpint (run_cli (f, &out, &err, "deadline", "--kind", "nonsense", "--accepted", "2026-03-20", NULL), ==, 2);
  assert_one_line_error (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "deadline", "--kind", "assignment", "--accepted", "2026-02-30", NULL), ==, 2);
  assert_one_line_error (err);
}

/* Calendar data (domain.md): Nauryz 2026 and its moved days off. */
static void
test_calendar (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *imp = NULL;
  JsonObject *o;
  JsonArray *days;
  gboolean found_24 = FALSE;

  g_assert_cmpint (run_cli (f, &out, &err, "--json", "calendar", "--year", "2026", NULL), ==, 0);
  o = parse_object (out, parser);
  g_assert_true (json_object_get_boolean_member (o, "explicit"));
  days = json_object_get_array_member (o, "days");
  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonObject *d = json_array_get_object_element (days, i);
      if (g_str_equal (json_object_get_string_member (d, "date"), "2026-03-24"))
        found_24 = TRUE;
    }
  g_assert_true (found_24);
  g_assert_false (json_object_get_boolean_member (o, "generated"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* #10 (§7): 2028 has no file; it is generated from the rules and says so.
   * 1–2 January 2028 fall on a weekend, so 3 and 4 January are off. */
  g_clear_object (&parser);
  parser = json_parser_new ();
  g_assert_cmpint (run_cli (f, &out, &err, "--json", "calendar", "--year", "2028", NULL), ==, 0);
  o = parse_object (out, parser);
  g_assert_true (json_object_get_boolean_member (o, "generated"));
  days = json_object_get_array_member (o, "days");
  found_24 = FALSE;
  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonObject *d = json_array_get_object_element (days, i);
      if (g_str_equal (json_object_get_string_member (d, "date"), "2028-01-04"))
        {
          g_assert_cmpstr (json_object_get_string_member (d, "kind"), ==, "moved-off");
          found_24 = TRUE;
        }
    }
  g_assert_true (found_24);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "calendar", "--year", "2028", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "generated"));
  g_assert_nonnull (strstr (out, "2028-01-03"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Importing changes data: it needs a signed-in administrator. */
  imp = g_build_filename (g_getenv ("MK_SOURCE_ROOT"), "data", "calendar", "kz-2027.ini", NULL);
  g_assert_cmpint (run_cli (f, &out, &err, "calendar", "import", imp, NULL), ==, 2);
  assert_one_line_error (err);
}

/* Demo data, search, show, audit, backup and restore over one database. */
static void
test_cases (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *junk = g_build_filename (f->dir, "junk.db", NULL);
  g_autofree char *password = g_build_filename (f->dir, "password", NULL);
  g_autofree char *regno = NULL;
  JsonNode *root;
  JsonArray *rows;

  g_assert_cmpint (run_cli (f, &out, &err, "demo", "--cases", "200", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f, &out, &err, "--json", "search", "--limit", "10", NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, NULL);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  rows = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (rows), ==, 10);
  regno = g_strdup (json_object_get_string_member (json_array_get_object_element (rows, 0), "regno"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The registration number finds its own case. */
  g_assert_cmpint (run_cli (f, &out, &err, "--json", "search", regno, NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, NULL);
  rows = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (rows), >=, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "regno"), ==, regno);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f, &out, &err, "show", regno, NULL), ==, 0);
  g_assert_nonnull (strstr (out, regno));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "show", "0000-0000-000000", NULL), ==, 1);
  assert_one_line_error (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f, &out, &err, "audit", "verify", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* #13: backup and restore are an administrator's: refused without signing in. */
  g_assert_true (g_file_set_contents (password, "demo\n", -1, NULL));
  g_assert_cmpint (run_cli (f, &out, &err, "backup", backup, NULL), !=, 0);
  assert_one_line_error (err);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli_as (f, "demo-center", password, &out, &err, "backup", backup, NULL), ==, 1);
  assert_one_line_error (err);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli_as (f, "demo-admin", password, &out, &err, "backup", backup, NULL), ==, 0);
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli_as (f, "demo-center", password, &out, &err, "restore", backup, NULL), ==, 1);
  assert_one_line_error (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli_as (f, "demo-admin", password, &out, &err, "restore", backup, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* #13: the audit trail extends the backup's; after the work of a later
   * backup is thrown away (its events deleted by putting the earlier backup
   * back), the trail is still whole in itself, but no longer extends the
   * later backup's: only the head kept outside the database shows it. */
  {
    g_autofree char *later = g_build_filename (f->dir, "later.db", NULL);

    g_assert_cmpint (run_cli (f, &out, &err, "audit", "verify", "--against", backup, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "extends the audit trail of"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (f, &out, &err, "demo", "--cases", "5", NULL), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli_as (f, "demo-admin", password, &out, &err, "backup", later, NULL), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli_as (f, "demo-admin", password, &out, &err, "restore", backup, NULL), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (f, &out, &err, "audit", "verify", NULL), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (f, &out, &err, "audit", "verify", "--against", later, NULL), ==, 1);
    assert_one_line_error (err);
    g_assert_nonnull (strstr (err, "does not extend"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (f, &out, &err, "--json", "audit", "verify", "--against", backup, NULL), ==, 0);
    json_parser_load_from_data (parser, out, -1, NULL);
    g_assert_true (json_object_get_boolean_member (json_node_get_object (json_parser_get_root (parser)),
                                                   "extends_backup"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* A file that is not a Mekenjai database is refused with one line. */
  g_assert_true (g_file_set_contents (junk, "not a database at all", -1, NULL));
  g_assert_cmpint (run_cli_as (f, "demo-admin", password, &out, &err, "restore", junk, NULL), ==, 1);
  assert_one_line_error (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The database is still whole. */
  g_assert_cmpint (run_cli (f, &out, &err, "show", regno, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* #13: a backup whose audit trail was rewritten is refused; --force takes
   * it, and the restored trail still shows the break. */
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (backup, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE events SET note = 'rewritten' WHERE id = 3", NULL, NULL, NULL),
                     ==, SQLITE_OK);
    sqlite3_close (db);
  }
  g_assert_cmpint (run_cli_as (f, "demo-admin", password, &out, &err, "restore", backup, NULL), ==, 1);
  assert_one_line_error (err);
  g_assert_nonnull (strstr (err, "audit"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "audit", "verify", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli_as (f, "demo-admin", password, &out, &err, "restore", "--force", backup, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "audit", "verify", NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "show", regno, NULL), ==, 0);
}

/* #10: the rules are one edition among others: the shipped one says it was
 * repealed (resolution No. 47/01 of 12.09.2014); an administrator exports
 * it, makes the next edition as data and imports it; new applications
 * follow it, the cases accepted before keep theirs (§4, §7). */
static void
test_regulation_edition (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *password = g_build_filename (f->dir, "password", NULL);
  g_autofree char *current = g_build_filename (f->dir, "current.ini", NULL);
  g_autofree char *next = g_build_filename (f->dir, "next.ini", NULL);
  g_autofree char *broken = g_build_filename (f->dir, "broken.ini", NULL);
  g_autofree char *text = NULL;
  g_autofree char *regno = NULL;
  g_autoptr(GString) edition = NULL;
  JsonObject *o;

  g_assert_true (g_file_set_contents (password, "demo\n", -1, NULL));
  g_assert_cmpint (run_cli (f, &out, &err, "demo", "--cases", "40", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f, &out, &err, "--json", "regulation", "show", NULL), ==, 0);
  o = parse_object (out, parser);
  g_assert_cmpstr (json_object_get_string_member (o, "edition"), ==, "karaganda-56-10-2013");
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "repealed");
  g_assert_cmpstr (json_object_get_string_member (o, "adopted"), ==, "2013-09-17");
  g_assert_cmpstr (json_object_get_string_member (o, "repealed"), ==, "2014-09-12");
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (o, "repealed_by"), "kk"),
                            "47/01"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "term_days"), "clarification"),
                   ==, 3);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f, &out, &err, "--json", "search", "--kind", "clarification", "--limit", "1", NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, NULL);
  regno = g_strdup (json_object_get_string_member (
    json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0), "regno"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The next edition, made from the text of this one. */
  g_assert_cmpint (run_cli (f, &out, &err, "regulation", "export", current, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_get_contents (current, &text, NULL, NULL));
  edition = g_string_new (text);
  g_assert_cmpuint (g_string_replace (edition, "edition=karaganda-56-10-2013", "edition=test-national-2024", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (edition, "adopted=2013-09-17", "adopted=2024-07-01", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (edition, "status=repealed\nrepealed=2014-09-12\n", "status=in-force\n", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (edition, "term-clarification-days=3", "term-clarification-days=5", 1), ==, 1);
  g_assert_true (g_file_set_contents (next, edition->str, -1, NULL));
  g_assert_true (g_file_set_contents (broken, "[regulation]\nedition=half\n", -1, NULL));

  /* Only an administrator imports; a refused or broken import changes nothing. */
  g_assert_cmpint (run_cli_as (f, "demo-center", password, &out, &err, "regulation", "import", next, NULL), ==, 1);
  assert_one_line_error (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli_as (f, "demo-admin", password, &out, &err, "regulation", "import", broken, NULL), ==, 1);
  assert_one_line_error (err);
  g_assert_nonnull (strstr (err, "[regulation]"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "--json", "regulation", "show", NULL), ==, 0);
  o = parse_object (out, parser);
  g_assert_cmpstr (json_object_get_string_member (o, "edition"), ==, "karaganda-56-10-2013");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli_as (f, "demo-admin", password, &out, &err, "regulation", "import", next, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "test-national-2024"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "--json", "regulation", "show", NULL), ==, 0);
  o = parse_object (out, parser);
  g_assert_cmpstr (json_object_get_string_member (o, "edition"), ==, "test-national-2024");
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "in-force");
  g_assert_false (json_object_has_member (o, "repealed"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "term_days"), "clarification"),
                   ==, 5);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A clarification accepted before keeps the 3 days of its own edition. */
  g_assert_cmpint (run_cli (f, &out, &err, "--json", "show", regno, NULL), ==, 0);
  o = parse_object (out, parser);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "deadlines"), "working_days"),
                   ==, 3);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "show", regno, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "karaganda-56-10-2013"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "audit", "verify", NULL), ==, 0);
}

/* The issue: several demo runs at once against one database all succeed,
 * and leave one valid audit chain and unique numbers. */
static void
test_demo_at_once (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *cli = mk_test_cli_path ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL, *err = NULL;
  GPid pids[3];
  JsonArray *rows;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < G_N_ELEMENTS (pids); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *argv[] = { cli, "--db", f->db, "demo", "--cases", "150", NULL };

      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                    NULL, NULL, &pids[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (pids); i++)
    {
      int status = 0;

      g_assert_cmpint (waitpid (pids[i], &status, 0), ==, pids[i]);
      g_spawn_close_pid (pids[i]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }

  g_assert_cmpint (run_cli (f, &out, &err, "audit", "verify", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "--json", "search", "--limit", "1000", NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, NULL);
  rows = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (rows), ==, 3 * 150);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    g_assert_true (g_hash_table_add (seen, (gpointer) json_object_get_string_member (json_array_get_object_element (rows, i), "regno")));
}

/* #13: the password is the file's first line; only the line end is stripped,
 * a NUL byte is refused, and a FIFO, a folder or a device is refused at once. */
static void
test_password_file (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "password", NULL);
  g_autofree char *fifo = g_build_filename (f->dir, "fifo", NULL);
  g_autofree char *zero = g_build_filename (f->dir, "zero", NULL);
  const char *not_files[] = { fifo, zero, f->dir };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_cli (f, &out, &err, "demo", "--cases", "1", NULL), ==, 0);

  g_assert_true (g_file_set_contents (path, "demo\r\n", -1, NULL));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli_as (f, "demo-admin", path, &out, &err, "users", "clear-certificate", "demo-exec", NULL), ==, 0);

  /* Trailing spaces are the password's: "demo " is not "demo". */
  g_assert_true (g_file_set_contents (path, "demo \n", -1, NULL));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli_as (f, "demo-admin", path, &out, &err, "users", "clear-certificate", "demo-exec", NULL), ==, 1);
  assert_one_line_error (err);

  g_assert_true (g_file_set_contents (path, "demo\0junk\n", 10, NULL));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli_as (f, "demo-admin", path, &out, &err, "users", "clear-certificate", "demo-exec", NULL), !=, 0);
  assert_one_line_error (err);
  g_assert_nonnull (strstr (err, "NUL"));

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("/dev/zero", zero), ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (not_files); i++)
    {
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (run_cli_as (f, "demo-admin", not_files[i], &out, &err, "users", "clear-certificate", "demo-exec", NULL), !=, 0);
      assert_one_line_error (err);
      g_assert_nonnull (strstr (err, "ordinary file"));
    }
}

/* #11: IT sets up a database from a terminal: the first user, an
 * administrator, without signing in; every later one by an administrator. */
static void
test_users_add (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *pw = g_build_filename (f->dir, "new-password", NULL);
  g_autofree char *out = NULL, *err = NULL;

  g_assert_true (g_file_set_contents (pw, "Qwerty-2026\n", -1, NULL));
  /* The first user must be an administrator. */
  g_assert_cmpint (run_cli (f, &out, &err, "users", "add", "clerk", "--name", "Омаров Бауыржан",
                            "--role", "center-inspector", "--office", "c05", "--new-password-file", pw, NULL), ==, 1);
  assert_one_line_error (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "users", "add", "it-admin", "--name", "Сейтова Айгерім Нұрланқызы",
                            "--role", "administrator", "--office", "c05", "--new-password-file", pw, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* Later users: an administrator signs in. */
  g_assert_cmpint (run_cli (f, &out, &err, "users", "add", "clerk", "--name", "Омаров Бауыржан",
                            "--role", "center-inspector", "--office", "c05", "--new-password-file", pw, NULL), !=, 0);
  assert_one_line_error (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli_as (f, "it-admin", pw, &out, &err, "users", "add", "clerk", "--name", "Омаров Бауыржан",
                               "--role", "center-inspector", "--office", "c05", "--position-kk", "Инспектор",
                               "--position-ru", "Инспектор", "--new-password-file", pw, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* The clerk signs in with the password given, and may add nobody. */
  g_assert_cmpint (run_cli_as (f, "clerk", pw, &out, &err, "users", "add", "other", "--name", "Ким Ольга",
                               "--role", "center-inspector", "--office", "c05", "--new-password-file", pw, NULL), ==, 1);
  assert_one_line_error (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "--json", "users", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"it-admin\""));
  g_assert_nonnull (strstr (out, "\"clerk\""));
  g_assert_null (strstr (out, "\"other\""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "users", "add", "x", "--role", "chief", NULL), ==, 2);
}

/* #10: the offices with each provider's oblast of today; an administrator
 * changes one, audited, and nobody else may. */
static void
test_offices (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *pw = g_build_filename (f->dir, "password", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *offices;
  JsonObject *p03 = NULL, *c20 = NULL;

  g_assert_true (g_file_set_contents (pw, "Qwerty-2026\n", -1, NULL));
  g_assert_cmpint (run_cli (f, &out, &err, "users", "add", "it-admin", "--name", "Сейтова Айгерім",
                            "--role", "administrator", "--office", "c05", "--new-password-file", pw, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli_as (f, "it-admin", pw, &out, &err, "users", "add", "clerk", "--name", "Омаров Бауыржан",
                               "--role", "center-inspector", "--office", "c05", "--position-kk", "Инспектор",
                               "--position-ru", "Инспектор", "--new-password-file", pw, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f, &out, &err, "--json", "offices", "list", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  offices = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (offices), ==, 48);
  for (guint i = 0; i < json_array_get_length (offices); i++)
    {
      JsonObject *o = json_array_get_object_element (offices, i);

      if (g_str_equal (json_object_get_string_member (o, "id"), "p03"))
        p03 = o;
      else if (g_str_equal (json_object_get_string_member (o, "id"), "c20"))
        c20 = o;
    }
  g_assert_nonnull (p03);
  g_assert_nonnull (c20);
  g_assert_cmpstr (json_object_get_string_member (p03, "region_kk"), ==, "Ұлытау облысы");
  g_assert_cmpstr (json_object_get_string_member (p03, "address_kk"), ==, "Жезқазған қаласы, Алаш көшесі, 1");
  g_assert_cmpstr (json_object_get_string_member (c20, "provider"), ==, "p03");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Only an administrator; a wrong value is one line. */
  g_assert_cmpint (run_cli_as (f, "clerk", pw, &out, &err, "offices", "set", "p03", "--phone", "8 (7102) 73-00-00",
                               NULL), ==, 1);
  assert_one_line_error (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli_as (f, "it-admin", pw, &out, &err, "offices", "set", "p03", "--phone", "73", NULL), ==, 1);
  assert_one_line_error (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli_as (f, "it-admin", pw, &out, &err, "offices", "set", "c20", "--region-kk", "Ұлытау облысы",
                               NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli_as (f, "it-admin", pw, &out, &err, "offices", "set", "p03", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli_as (f, "it-admin", pw, &out, &err, "--json", "offices", "set", "p03",
                               "--phone", "8 (7102) 73-00-00", "--name-ru", "ГУ «Отдел архитектуры города Жезказгана»",
                               NULL), ==, 0);
  g_assert_nonnull (strstr (out, "73-00-00"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "offices", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "8 (7102) 73-00-00"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "audit", "verify", NULL), ==, 0);
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_cli (f, &out, &err, "no-such-command", NULL), ==, 2);
  assert_one_line_error (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "check-id"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* #13: a terminal escape, a bell and a right-to-left override in an
   * argument come back as text, never as control characters. */
  g_assert_cmpint (run_cli (f, &out, &err, "show", "A\033]0;title\007\u202eB", NULL), ==, 1);
  assert_one_line_error (err);
  g_assert_null (strchr (err, '\033'));
  g_assert_null (strchr (err, '\007'));
  g_assert_null (strstr (err, "\u202e"));
  g_assert_nonnull (strstr (err, "\\u001b]0;title\\u0007\\u202eB"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/cli/check-id", Fixture, NULL, fixture_setup, test_check_id, fixture_teardown);
  g_test_add ("/cli/deadline/section-7-example", Fixture, NULL, fixture_setup, test_deadline, fixture_teardown);
  g_test_add ("/cli/calendar", Fixture, NULL, fixture_setup, test_calendar, fixture_teardown);
  g_test_add ("/cli/regulation-edition", Fixture, NULL, fixture_setup, test_regulation_edition, fixture_teardown);
  g_test_add ("/cli/cases", Fixture, NULL, fixture_setup, test_cases, fixture_teardown);
  g_test_add ("/cli/usage", Fixture, NULL, fixture_setup, test_usage, fixture_teardown);
  g_test_add ("/cli/password-file", Fixture, NULL, fixture_setup, test_password_file, fixture_teardown);
  g_test_add ("/cli/users-add", Fixture, NULL, fixture_setup, test_users_add, fixture_teardown);
  g_test_add ("/cli/offices", Fixture, NULL, fixture_setup, test_offices, fixture_teardown);
  g_test_add ("/cli/demo-at-once", Fixture, NULL, fixture_setup, test_demo_at_once, fixture_teardown);

  return g_test_run ();
}
