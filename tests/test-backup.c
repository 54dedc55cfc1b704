/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of online backup and restore (§9: documents kept safe), and refusal of foreign files. */

#include <locale.h>
#include "store-fixture.h"

static void
unlink_db (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

static gint64
register_one (StoreEnv *env, guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) c = store_test_case (env->store, MK_SERVICE_CLARIFICATION, n);

  g_assert_true (mk_store_register_case (env->store, env->center, c, &error));
  g_assert_no_error (error);
  return c->id;
}

/* Backup while open (WAL, or from a server into a portable file), more work,
 * then restore brings the backup's state back. */
static void
test_backup_restore (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_build_filename (env->dir, "backup.db", NULL);
  g_autofree char *hash_at_backup = NULL;
  g_autofree char *hash_after = NULL;
  gint64 kept = register_one (env, 1);
  gint64 later;
  g_autoptr(MkCase) c = NULL;

  g_assert_true (mk_store_backup (env->store, env->admin, backup, &error));
  g_assert_no_error (error);
  /* The live database as it was backed up (on a server the backup is an
   * SQLite file, whose rows read differently as text). */
  hash_at_backup = store_test_dump_hash (env->path);
  g_assert_cmpint (store_test_count (backup, "PRAGMA application_id"), ==, MK_STORE_APPLICATION_ID);
  g_assert_cmpint (store_test_count (backup, "SELECT count(*) FROM cases"), ==, 1);

  later = register_one (env, 2);
  /* #13: backup and restore are an administrator's; a refused restore
   * changes nothing. */
  {
    g_autofree char *other = g_build_filename (env->dir, "by-inspector.db", NULL);
    g_autofree char *before = store_test_dump_hash (env->path);
    g_autofree char *unchanged = NULL;

    g_assert_false (mk_store_backup (env->store, env->center, other, &error));
    g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
    g_clear_error (&error);
    g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
    g_assert_false (mk_store_restore (env->store, env->center, backup, &error));
    g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
    g_clear_error (&error);
    g_assert_false (mk_store_restore (env->store, NULL, backup, &error));
    g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
    g_clear_error (&error);
    unchanged = store_test_dump_hash (env->path);
    g_assert_cmpstr (unchanged, ==, before);
  }
  g_assert_true (mk_store_restore (env->store, env->admin, backup, &error));
  g_assert_no_error (error);
  hash_after = store_test_dump_hash (env->path);
  g_assert_cmpstr (hash_after, ==, hash_at_backup);

  c = mk_store_get_case (env->store, kept, &error);
  g_assert_no_error (error);
  g_assert_null (mk_store_get_case (env->store, later, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_nonnull (mk_store_get_regulation (env->store));
  g_assert_true (mk_store_verify_audit (env->store, NULL, NULL, &error));
  g_assert_no_error (error);
  /* The restored store keeps working, numbering where the backup stopped. */
  g_clear_pointer (&c, mk_case_unref);
  later = register_one (env, 3);
  c = mk_store_get_case (env->store, later, &error);
  g_assert_cmpstr (c->regno, ==, "3505-2026-000002");
  {
    g_autoptr(GPtrArray) rows = NULL;
    MkSearchQuery q = { .text = "нұрланов", .kind = -1, .queue_role = -1 };
    rows = mk_store_search (env->store, &q, 0, 50, &error);
    g_assert_cmpuint (rows->len, ==, 2);
  }
  unlink_db (backup);
}

static void
assert_refused (StoreEnv *env, const char *file, int code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = store_test_dump_hash (env->path);
  g_autofree char *after = NULL;

  g_assert_false (mk_store_restore (env->store, env->admin, file, &error));
  g_assert_error (error, MK_STORE_ERROR, code);
  g_test_message ("%s", error->message);
  after = store_test_dump_hash (env->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (store_test_count (env->path, "SELECT count(*) FROM cases"), ==, 1);
}

/* Restore refuses other SQLite files, text files and newer versions; nothing changes. */
static void
test_refuse (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *foreign = g_build_filename (env->dir, "foreign.db", NULL);
  g_autofree char *text = g_build_filename (env->dir, "notes.txt", NULL);
  g_autofree char *newer = g_build_filename (env->dir, "newer.db", NULL);
  g_autofree char *missing = g_build_filename (env->dir, "missing.db", NULL);
  sqlite3 *db = NULL;

  register_one (env, 1);

  g_assert_cmpint (sqlite3_open (foreign, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE cases (id INTEGER); INSERT INTO cases VALUES (1)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_refused (env, foreign, MK_STORE_ERROR_NOT_MEKENJAI);

  g_assert_true (g_file_set_contents (text, "Бұл дерекқор емес.\nNot a database at all, just a text file.\n",
                                      -1, &error));
  assert_refused (env, text, MK_STORE_ERROR_NOT_MEKENJAI);

  g_assert_true (mk_store_backup (env->store, env->admin, newer, &error));
  g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_refused (env, newer, MK_STORE_ERROR_VERSION);

  assert_refused (env, missing, MK_STORE_ERROR_NOT_FOUND);

  unlink_db (foreign);
  g_unlink (text);
  unlink_db (newer);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn) g_test_add (path, StoreEnv, NULL, store_env_setup, fn, store_env_teardown)
  ADD ("/backup/online-backup-and-restore-s9", test_backup_restore);
  ADD ("/backup/refuse-foreign-text-newer", test_refuse);
  return g_test_run ();
}
