/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Crash test (§9: nothing lost): a writer is killed with SIGKILL at random
 * moments; every case it reported as registered must survive, intact. */

#include <locale.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "store-fixture.h"

#define ROUNDS 24

/* SQLite checks its file; on a server, the search index must still hold
 * exactly one row per case (both are written in one transaction). */
static char *
integrity (const char *path)
{
  return store_test_text (path, STORE_TEST_SQL ("PRAGMA integrity_check",
                                                "SELECT CASE WHEN (SELECT count(*) FROM cases)"
                                                " = (SELECT count(*) FROM case_search)"
                                                " THEN 'ok' ELSE 'index out of step' END"));
}

static void
test_kill (StoreEnv *env, gconstpointer data)
{
  g_autofree char *writer = g_test_build_filename (G_TEST_BUILT, "store-crash-writer", NULL);
  g_autoptr(GPtrArray) promised = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  guint total_killed_mid_write = 0;

  /* The writer opens its own connection; ours stays closed meanwhile. */
  g_clear_object (&env->store);

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autoptr(GError) error = NULL;
      const char *argv[] = { writer, env->path, NULL };
      g_autoptr(GString) out = g_string_new (NULL);
      g_auto(GStrv) lines = NULL;
      GPid pid = 0;
      int out_fd = -1;
      int status = 0;
      char buf[4096];
      ssize_t n;
      g_autofree char *check = NULL;

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                               NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
      g_assert_no_error (error);
      /* Random moments: from during open to deep into the loop. */
      g_usleep (g_rand_int_range (rand, 20, 600) * 1000);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

      while ((n = read (out_fd, buf, sizeof buf)) > 0)
        g_string_append_len (out, buf, n);
      close (out_fd);
      lines = g_strsplit (out->str, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (lines[i][0] != '\0')
          g_ptr_array_add (promised, g_strdup (lines[i]));
      total_killed_mid_write++;

      check = integrity (env->path);
      g_assert_cmpstr (check, ==, "ok");
    }
  g_test_message ("%u rounds, %u cases reported registered", total_killed_mid_write, promised->len);
  g_assert_cmpuint (promised->len, >, 0);

  store_env_open (env);
  {
    g_autoptr(GError) error = NULL;
    gint64 bad = -1;
    guint64 n_events = 0;

    g_assert_true (mk_store_verify_audit (env->store, &bad, &n_events, &error));
    g_assert_no_error (error);
    g_assert_cmpint (bad, ==, 0);
    g_assert_cmpuint (n_events, >=, promised->len);
  }
  for (guint i = 0; i < promised->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MkCase) c = mk_store_get_case_by_regno (env->store, promised->pdata[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (c);
      g_assert_cmpstr (c->stage, ==, "accumulation");
    }
  /* Counters and search stayed in step with the cases. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GHashTable) counts = mk_store_count_by_stage (env->store, NULL, &error);
    int n_cases = store_test_count (env->path, "SELECT count(*) FROM cases");
    MkSearchQuery q = { .text = "нұрланов", .kind = -1, .queue_role = -1 };
    g_autoptr(GPtrArray) rows = mk_store_search (env->store, &q, 0, 100000, &error);

    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "accumulation")), ==, n_cases);
    g_assert_cmpuint (rows->len, ==, n_cases);
  }
}

#define N_WRITERS 4
#define N_EACH    40

/* The issue: several workstations register at the same moment. Four
 * processes, each on its own connection: every number is unique, the
 * numbers have no gaps (§10 step 2: the center's register), and the audit
 * trail is one valid chain. */
static void
test_concurrent_writers (StoreEnv *env, gconstpointer data)
{
  g_autofree char *writer = g_test_build_filename (G_TEST_BUILT, "store-crash-writer", NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  GPid pids[N_WRITERS];
  int outs[N_WRITERS];
  gint64 bad = -1;
  guint64 n_events = 0;

  for (guint w = 0; w < N_WRITERS; w++)
    {
      const char *argv[] = { writer, env->path, G_STRINGIFY (N_EACH), NULL };

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                               NULL, NULL, &pids[w], NULL, &outs[w], NULL, &error));
      g_assert_no_error (error);
    }
  for (guint w = 0; w < N_WRITERS; w++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_auto(GStrv) lines = NULL;
      char buf[4096];
      ssize_t n;
      int status = 0;

      while ((n = read (outs[w], buf, sizeof buf)) > 0)
        g_string_append_len (out, buf, n);
      close (outs[w]);
      g_assert_cmpint (waitpid (pids[w], &status, 0), ==, pids[w]);
      g_spawn_close_pid (pids[w]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
      lines = g_strsplit (out->str, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (lines[i][0] != '\0')
          g_assert_true (g_hash_table_add (seen, g_strdup (lines[i])));
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, N_WRITERS * N_EACH);
  for (guint i = 1; i <= N_WRITERS * N_EACH; i++)
    {
      g_autofree char *regno = g_strdup_printf ("3505-2026-%06u", i);

      g_assert_true (g_hash_table_contains (seen, regno));
    }
  g_assert_true (mk_store_verify_audit (env->store, &bad, &n_events, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bad, ==, 0);
  g_assert_cmpuint (n_events, >=, N_WRITERS * N_EACH);
}

static void
changed_cb (MkStoreWatch *watch,
            gpointer      data)
{
  (*(guint *) data)++;
}

/* Runs the main loop until @counter moves past @before, or 15 s. */
static gboolean
wait_for_change (guint *counter,
                 guint  before)
{
  gint64 end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (*counter == before && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  return *counter != before;
}

static void
run_writer (StoreEnv   *env,
            const char *count)
{
  g_autofree char *writer = g_test_build_filename (G_TEST_BUILT, "store-crash-writer", NULL);
  const char *argv[] = { writer, env->path, count, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* The issue: a change by another process reaches an open list within about
 * a second (LISTEN/NOTIFY on a server, the file's data version with SQLite). */
static void
test_live_update (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkStoreWatch) watch = mk_store_watch_new (env->store, &error);
  guint changes = 0;

  g_assert_no_error (error);
  g_signal_connect (watch, "changed", G_CALLBACK (changed_cb), &changes);
  /* Nothing changed: nothing is told (a second of looking). */
  for (gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC; g_get_monotonic_time () < end; )
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  g_assert_cmpuint (changes, ==, 0);
  run_writer (env, "1");
  g_assert_true (wait_for_change (&changes, 0));
}

/* The issue: the server is stopped and started again while the app works;
 * the next action succeeds on a new connection, and live updates resume. */
static void
test_server_restart (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkStoreWatch) watch = mk_store_watch_new (env->store, &error);
  g_autofree char *script = g_build_filename (g_getenv ("MK_SOURCE_ROOT"), "tests", "pg-server.sh", NULL);
  const char *argv[] = { "bash", script, "restart", g_getenv ("MK_TEST_PG_DIR"), NULL };
  g_autoptr(MkCase) c = store_test_case (env->store, MK_SERVICE_CLARIFICATION, 7);
  guint changes = 0;
  int status = 0;

  g_assert_no_error (error);
  g_signal_connect (watch, "changed", G_CALLBACK (changed_cb), &changes);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  g_assert_true (mk_store_register_case (env->store, env->center, c, &error));
  g_assert_no_error (error);
  /* Told after reconnecting (anything may have changed meanwhile). */
  g_assert_true (wait_for_change (&changes, 0));
  changes = 0;
  run_writer (env, "1");
  g_assert_true (wait_for_change (&changes, 0));
}

/* The search index's tuning for a bulk load (automerge, hash size) is stored
 * in the database itself: a demo killed half way must not leave it for good
 * (#13). While the load runs, another open leaves its settings alone. */
static char *
index_setting (const char *path, const char *key)
{
  /* Test code: @key is one of our two literals. */
  g_autofree char *sql = g_strdup_printf ("SELECT v FROM case_fts_config WHERE k = '%s'", key);

  return store_test_text (path, sql);
}

/* On a server the search index's larger pending list for a batch (#8) is
 * set and put back inside the batch's transaction: neither another session
 * while the load runs nor anyone after a kill -9 sees anything but the
 * everyday limit, and the index answers. */
static void
kill_demo_pg (const char *writer)
{
  static const char *const limit_sql = "SELECT array_to_string (reloptions, ',') FROM pg_class"
                                       " WHERE relname = 'case_search_body'";
  g_autofree char *name = NULL;
  g_autofree char *location = store_test_pg_create (&name);
  const char *argv[] = { writer, location, "--demo", "300000", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MkStore) store = mk_store_initialize (location, &error);
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *limit = NULL;
  GPid pid = 0;
  int status = 0;
  guint waited = 0;
  int n_cases;

  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  /* Until the first batch has committed (bounded: two minutes), then into the second. */
  while (store_test_count (location, "SELECT count(*) FROM cases") <= 0)
    {
      g_assert_cmpint (waitpid (pid, &status, WNOHANG), ==, 0);
      g_assert_cmpuint (waited, <, 1200);
      g_usleep (100 * 1000);
      waited++;
    }
  g_usleep (1500 * 1000);
  limit = store_test_text (location, limit_sql);
  kill (pid, SIGKILL);
  g_assert_cmpstr (limit, ==, "gin_pending_list_limit=256");
  g_clear_pointer (&limit, g_free);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

  limit = store_test_text (location, limit_sql);
  g_assert_cmpstr (limit, ==, "gin_pending_list_limit=256");
  /* The committed batches only, whole, and found through the index. */
  n_cases = store_test_count (location, "SELECT count(*) FROM cases");
  g_assert_cmpint (n_cases, >, 0);
  g_assert_cmpint (n_cases, <, 300000);
  g_assert_cmpint (store_test_count (location, "SELECT count(*) FROM case_search"), ==, n_cases);
  store = mk_store_open (location, &error);
  g_assert_no_error (error);
  {
    g_autofree char *regno = store_test_text (location, "SELECT regno FROM cases ORDER BY id DESC LIMIT 1");
    MkSearchQuery query = { .text = regno, .kind = -1, .queue_role = -1 };
    gboolean seen = FALSE;

    found = mk_store_search (store, &query, 0, 50, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < found->len; i++)
      seen |= g_strcmp0 (((MkCaseRow *) g_ptr_array_index (found, i))->regno, regno) == 0;
    g_assert_true (seen);
  }
  g_clear_object (&store);
  store_test_pg_drop (name);
}

static void
test_kill_demo (StoreEnv *env, gconstpointer data)
{
  g_autofree char *writer = g_test_build_filename (G_TEST_BUILT, "store-crash-writer", NULL);
  g_autofree char *path = g_build_filename (env->dir, "demo.db", NULL);
  const char *argv[] = { writer, path, "--demo", "300000", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MkStore) store = NULL;
  g_autofree char *automerge = NULL;
  g_autofree char *hashsize = NULL;
  GPid pid = 0;
  int status = 0;
  guint waited = 0;

  if (env->pg_name != NULL)
    {
      kill_demo_pg (writer);
      return;
    }
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  /* Until the load has begun (bounded: two minutes), then well into it. */
  for (;;)
    {
      g_autofree char *v = NULL;

      sqlite3 *db = NULL;
      sqlite3_stmt *stmt = NULL;

      /* The file may be still being made, or locked for a moment: asked again. */
      if (g_file_test (path, G_FILE_TEST_EXISTS)
          && sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
          && sqlite3_prepare_v2 (db, "SELECT v FROM case_fts_config WHERE k = 'automerge'", -1, &stmt, NULL)
             == SQLITE_OK
          && sqlite3_step (stmt) == SQLITE_ROW)
        v = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      if (g_strcmp0 (v, "0") == 0)
        break;
      g_assert_cmpint (waitpid (pid, &status, WNOHANG), ==, 0);
      g_assert_cmpuint (waited, <, 1200);
      g_usleep (100 * 1000);
      waited++;
    }
  g_usleep (1500 * 1000);

  /* Opened meanwhile, by another program: the running load keeps its settings. */
  store = mk_store_open (path, &error);
  automerge = index_setting (path, "automerge");
  kill (pid, SIGKILL);
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpstr (automerge, ==, "0");
  g_clear_pointer (&automerge, g_free);

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  /* Killed in the middle: the file holds the bulk settings still. */
  automerge = index_setting (path, "automerge");
  g_assert_cmpstr (automerge, ==, "0");
  g_clear_pointer (&automerge, g_free);

  /* The next open puts the everyday ones back, for good. */
  store = mk_store_open (path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  automerge = index_setting (path, "automerge");
  hashsize = index_setting (path, "hashsize");
  g_assert_cmpstr (automerge, ==, "4");
  g_assert_cmpstr (hashsize, ==, "1048576");
  g_assert_cmpint (store_test_count (path, "SELECT count(*) FROM meta WHERE key = 'fts_bulk_load'"), ==, 0);
  {
    g_autofree char *check = integrity (path);

    g_assert_cmpstr (check, ==, "ok");
  }

  for (const char *suffix = ""; suffix != NULL; suffix = g_str_equal (suffix, "") ? "-wal"
                                                        : g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (path, suffix, NULL);
      g_unlink (file);
    }
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/store-crash/sigkill-demo-index-settings", StoreEnv, NULL, store_env_setup, test_kill_demo,
              store_env_teardown);
  g_test_add ("/store-crash/sigkill-writer-s9", StoreEnv, NULL, store_env_setup, test_kill, store_env_teardown);
  g_test_add ("/store-crash/live-update", StoreEnv, NULL, store_env_setup, test_live_update, store_env_teardown);
  /* Restarts the shared test server: only when asked, with nothing else running on it. */
  if (store_test_pg () != NULL && g_getenv ("MK_TEST_PG_DIR") != NULL)
    g_test_add ("/store-crash/server-restart", StoreEnv, NULL, store_env_setup, test_server_restart,
                store_env_teardown);
  g_test_add ("/store-crash/four-writers-at-once", StoreEnv, NULL, store_env_setup, test_concurrent_writers,
              store_env_teardown);
  return g_test_run ();
}
