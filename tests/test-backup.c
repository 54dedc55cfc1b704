/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of online backup and restore (§9: documents kept safe), and refusal of foreign files. */

#include <locale.h>
#include <string.h>
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
    g_assert_false (mk_store_restore (env->store, env->center, backup, MK_STORE_RESTORE_CHECKED, &error));
    g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
    g_clear_error (&error);
    g_assert_false (mk_store_restore (env->store, NULL, backup, MK_STORE_RESTORE_CHECKED, &error));
    g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
    g_clear_error (&error);
    unchanged = store_test_dump_hash (env->path);
    g_assert_cmpstr (unchanged, ==, before);
  }
  g_assert_true (mk_store_restore (env->store, env->admin, backup, MK_STORE_RESTORE_CHECKED, &error));
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

/* The live database exactly as it is: a file's bytes (with its write-ahead
 * log), a server's every row. */
static char *
live_digest (StoreEnv *env)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  if (env->pg_name != NULL)
    return store_test_dump_hash (env->path);
  for (const char *suffix = ""; suffix != NULL; suffix = g_str_equal (suffix, "") ? "-wal" : NULL)
    {
      g_autofree char *file = g_strconcat (env->path, suffix, NULL);
      g_autofree char *bytes = NULL;
      gsize length = 0;

      if (g_file_get_contents (file, &bytes, &length, NULL))
        g_checksum_update (sum, (const guchar *) bytes, length);
      else
        g_checksum_update (sum, (const guchar *) "absent", -1);
    }
  return g_strdup (g_checksum_get_string (sum));
}

/* Nothing a restore makes is left beside the live file. */
static void
assert_no_leftovers (StoreEnv *env)
{
  g_autoptr(GDir) dir = NULL;
  g_autofree char *base = NULL;
  const char *name;

  if (env->pg_name != NULL)
    return;
  base = g_path_get_basename (env->path);
  dir = g_dir_open (env->dir, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, base))
      {
        const char *rest = name + strlen (base);

        g_assert_true (g_str_equal (rest, "") || g_str_equal (rest, "-wal") || g_str_equal (rest, "-shm"));
      }
}

static void
assert_refused (StoreEnv *env, const char *file, int code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = store_test_dump_hash (env->path);
  g_autofree char *bytes_before = live_digest (env);
  g_autofree char *after = NULL;
  g_autofree char *bytes_after = NULL;

  g_assert_false (mk_store_restore (env->store, env->admin, file, MK_STORE_RESTORE_CHECKED, &error));
  g_assert_error (error, MK_STORE_ERROR, code);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  /* #13: byte for byte as it was, and still in use. */
  bytes_after = live_digest (env);
  g_assert_cmpstr (bytes_before, ==, bytes_after);
  after = store_test_dump_hash (env->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (store_test_count (env->path, "SELECT count(*) FROM cases"), ==, 1);
  assert_no_leftovers (env);
  g_assert_nonnull (mk_store_get_regulation (env->store));
  g_assert_true (mk_store_verify_audit (env->store, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* A backup of the live database at @path, then @sql run on it (NULL: none). */
static void
make_backup (StoreEnv *env, const char *path, const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  unlink_db (path);
  g_assert_true (mk_store_backup (env->store, env->admin, path, &error));
  g_assert_no_error (error);
  if (sql == NULL)
    return;
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* #13: every kind of bad backup is found in a private copy before the live
 * database is touched, and leaves it byte for byte as it was. */
static void
test_refuse_damaged (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *truncated = g_build_filename (env->dir, "truncated.db", NULL);
  g_autofree char *missing_table = g_build_filename (env->dir, "missing-table.db", NULL);
  g_autofree char *missing_column = g_build_filename (env->dir, "missing-column.db", NULL);
  g_autofree char *broken = g_build_filename (env->dir, "broken-chain.db", NULL);
  g_autofree char *cut = g_build_filename (env->dir, "cut-chain.db", NULL);
  g_autofree char *bytes = NULL;
  gsize length = 0;

  register_one (env, 1);

  make_backup (env, truncated, NULL);
  g_assert_true (g_file_get_contents (truncated, &bytes, &length, &error));
  g_assert_cmpuint (length, >, 8192);
  g_assert_true (g_file_set_contents (truncated, bytes, (gssize) (length * 2 / 3), &error));
  assert_refused (env, truncated, MK_STORE_ERROR_NOT_MEKENJAI);

  make_backup (env, missing_table, "DROP TABLE drafts");
  assert_refused (env, missing_table, MK_STORE_ERROR_NOT_MEKENJAI);

  make_backup (env, missing_column, "ALTER TABLE users DROP COLUMN cert_name");
  assert_refused (env, missing_column, MK_STORE_ERROR_NOT_MEKENJAI);

  /* An event rewritten, and the last events cut off with the head. */
  make_backup (env, broken, "UPDATE events SET note = 'rewritten' WHERE id = 2");
  assert_refused (env, broken, MK_STORE_ERROR_INVALID);
  make_backup (env, cut, "DELETE FROM events WHERE id > 1");
  assert_refused (env, cut, MK_STORE_ERROR_INVALID);

  unlink_db (truncated);
  unlink_db (missing_table);
  unlink_db (missing_column);
  unlink_db (broken);
  unlink_db (cut);
}

/* #13: an administrator may restore a backup whose audit trail is broken;
 * the restored trail says who did it, from where, and where it breaks. */
static void
test_force_broken_chain (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *broken = g_build_filename (env->dir, "broken-chain.db", NULL);
  MkEvent *last;
  gint64 bad = 0;

  register_one (env, 1);
  make_backup (env, broken, "UPDATE events SET note = 'rewritten' WHERE id = 2");
  register_one (env, 2);

  g_assert_true (mk_store_restore (env->store, env->admin, broken, MK_STORE_RESTORE_FORCE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_test_count (env->path, "SELECT count(*) FROM cases"), ==, 1);
  assert_no_leftovers (env);

  events = mk_store_list_events (env->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, >, 0);
  last = g_ptr_array_index (events, events->len - 1);
  g_assert_cmpstr (last->action, ==, "restore-forced");
  g_assert_nonnull (strstr (last->after, "\"login\":\"admin\""));
  g_assert_nonnull (strstr (last->after, "\"broken_at\":\"2\""));
  g_assert_nonnull (strstr (last->after, "broken-chain.db"));
  /* The chain still breaks where the backup's did: forcing hides nothing. */
  g_assert_false (mk_store_verify_audit (env->store, &bad, NULL, &error));
  g_assert_cmpint (bad, ==, 2);
  g_clear_error (&error);
  unlink_db (broken);
}

/* A file is replaced by renaming, which another program holding it open
 * would not see: refused while one does, and nothing changes. */
static void
test_refuse_in_use (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkStore) other = NULL;
  g_autofree char *backup = g_build_filename (env->dir, "backup.db", NULL);

  if (env->pg_name != NULL)
    {
      g_test_skip ("a server's tables are replaced in a transaction, beside other connections");
      return;
    }
  register_one (env, 1);
  make_backup (env, backup, NULL);
  other = mk_store_open (env->path, &error);
  g_assert_no_error (error);
  assert_refused (env, backup, MK_STORE_ERROR_FAILED);
  g_clear_object (&other);
  g_assert_true (mk_store_restore (env->store, env->admin, backup, MK_STORE_RESTORE_CHECKED, &error));
  g_assert_no_error (error);
  assert_no_leftovers (env);
  unlink_db (backup);
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
  ADD ("/backup/refuse-damaged-leaves-live-bytes", test_refuse_damaged);
  ADD ("/backup/force-broken-chain-is-audited", test_force_broken_chain);
  ADD ("/backup/refuse-while-in-use", test_refuse_in_use);
  return g_test_run ();
}
