/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Moving a department's database between engines (`migrate --to`): every
 * row, file and signature arrives, the copy is checked, and the same search
 * finds the same first page on both sides. With MK_TEST_PG the copy goes
 * between the server and a file; without, between two files. */

#include <locale.h>

#include "store-fixture.h"

static void
count_progress (const char *table,
                guint64     n_rows,
                gpointer    user_data)
{
  guint *calls = user_data;

  (*calls)++;
}

static GPtrArray *
first_page (MkStore             *store,
            const MkSearchQuery *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = mk_store_search (store, query, 0, 50, &error);

  g_assert_no_error (error);
  return rows;
}

static void
assert_same_page (MkStore             *a,
                  MkStore             *b,
                  const MkSearchQuery *query)
{
  g_autoptr(GPtrArray) ra = first_page (a, query);
  g_autoptr(GPtrArray) rb = first_page (b, query);

  g_test_message ("“%s”: %u rows", query->text != NULL ? query->text : "", ra->len);
  g_assert_cmpuint (ra->len, ==, rb->len);
  for (guint i = 0; i < ra->len; i++)
    {
      MkCaseRow *x = ra->pdata[i], *y = rb->pdata[i];

      g_assert_cmpint (x->id, ==, y->id);
      g_assert_cmpstr (x->regno, ==, y->regno);
      g_assert_cmpint (x->sort_key, ==, y->sort_key);
    }
}

/* The issue: cases, attachments, documents, users, drafts, the audit trail,
 * calendar and regulation arrive whole; the copy verifies; the target must
 * be empty; search agrees across engines (folding, prefixes, filters, due order). */
static void
test_migrate (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) c = store_test_case (env->store, MK_SERVICE_CLARIFICATION, 1);
  g_autoptr(MkImportResult) pdf = store_test_import_seed ("seed.pdf");
  g_autoptr(MkDocumentRecord) receipt = NULL;
  g_autoptr(MkStore) other = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autofree char *pg_name = NULL;
  g_autofree char *target = NULL;
  g_autofree char *draft = NULL;
  gint64 attachment_id;
  guint calls = 0;
  gint64 bad = -1;
  guint64 n_events = 0, n_events_copy = 0;
  GDate today;

  /* Into a file (from the server, or from another file), then back below. */
  target = g_build_filename (env->dir, "copy.db", NULL);

  g_assert_true (mk_store_seed_demo (env->store, 1500, 7, &error));
  g_assert_no_error (error);
  g_assert_true (mk_store_register_case (env->store, env->center, c, &error));
  g_assert_no_error (error);
  attachment_id = mk_store_add_attachment (env->store, env->center, c, "application", "app.pdf", pdf, &error);
  g_assert_no_error (error);
  receipt = mk_store_issue_document (env->store, env->center, "receipt", c->id, &error);
  g_assert_no_error (error);
  g_assert_true (mk_store_save_draft (env->store, env->center->id, "{\"applicant\":\"Әсел\"}", &error));

  g_assert_true (mk_store_migrate_to (env->store, target, count_progress, &calls, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (calls, >, 0);

  other = mk_store_open (target, &error);
  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 20, G_DATE_MARCH, 2026);
  mk_store_set_today (other, &today);

  /* Files arrive byte for byte and still check against their digests. */
  back = mk_store_read_attachment (other, attachment_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (back), ==, g_bytes_get_size (pdf->pdf));
  {
    g_autoptr(MkDocumentCheck) check = mk_store_find_document_by_qr (other, receipt->qr_payload, &error);

    g_assert_no_error (error);
    g_assert_nonnull (check->document);
    g_assert_true (check->digest_matches);
  }
  draft = mk_store_load_draft (other, env->center->id, &error);
  g_assert_cmpstr (draft, ==, "{\"applicant\":\"Әсел\"}");
  g_assert_true (mk_store_verify_audit (env->store, &bad, &n_events, &error));
  g_assert_true (mk_store_verify_audit (other, &bad, &n_events_copy, &error));
  g_assert_cmpint (bad, ==, 0);
  g_assert_cmpuint (n_events_copy, ==, n_events);
  g_assert_cmpuint (mk_store_count_users (other), ==, mk_store_count_users (env->store));

  /* Users sign in with their own passwords on the copy. */
  {
    g_autoptr(MkUser) who = mk_store_authenticate (other, "center", "secret", &error);

    g_assert_no_error (error);
    g_assert_nonnull (who);
  }

  /* The same query on the same data: the same first page, in the same order. */
  {
    static const char *const texts[] = { "", "нұрланов", "НҰРЛАН", "қарағанды", "караганда", "мира 3",
                                         "3505-2026", "бейбітшілік 39", "ер", "а",
                                         /* #14: look-alike letters, exact spellings first */
                                         "нурлан", "Нурланов Ерлан Кайратулы", "караганды", "бейбитшилик",
                                         "жумабек", "ахмет", "асел", "кайрат" };

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      {
        MkSearchQuery q = { .text = texts[i], .kind = -1, .queue_role = -1 };

        assert_same_page (env->store, other, &q);
        q.descending = TRUE;
        assert_same_page (env->store, other, &q);
        q.descending = FALSE;
        q.kind = MK_SERVICE_ASSIGNMENT;
        q.office_id = "p01";
        assert_same_page (env->store, other, &q);
        q.kind = -1;
        q.office_id = NULL;
        q.queue_role = MK_ROLE_PROVIDER_EXECUTOR;
        q.stage = "execution";
        assert_same_page (env->store, other, &q);
        /* A stage alone: its cases being worked on and its finished ones
         * (two b-trees merged on PostgreSQL, #8). */
        q.queue_role = -1;
        q.stage = i % 2 == 0 ? "accumulation" : "issued";
        assert_same_page (env->store, other, &q);
        q.descending = TRUE;
        assert_same_page (env->store, other, &q);
        q.descending = FALSE;
        q.stage = NULL;
        q.overdue_only = TRUE;
        q.today = today;
        assert_same_page (env->store, other, &q);
      }
  }

  /* The look-alike spelling finds the case registered in Kazakh on both. */
  {
    MkSearchQuery q = { .text = "Нурланов Ерлан Кайратулы", .kind = -1, .queue_role = -1 };
    g_autoptr(GPtrArray) rows = mk_store_search (other, &q, 0, 5000, &error);
    gboolean found = FALSE;

    g_assert_no_error (error);

    for (guint i = 0; i < rows->len; i++)
      found |= ((MkCaseRow *) rows->pdata[i])->id == c->id;
    g_assert_true (found);
  }

  /* The copy works on: the next number follows the copied ones. */
  {
    g_autoptr(MkCase) next = store_test_case (other, MK_SERVICE_CLARIFICATION, 2);
    g_autoptr(MkUser) center = mk_store_authenticate (other, "center", "secret", &error);

    g_assert_true (mk_store_register_case (other, center, next, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (next->regno, !=, c->regno);
    attachments = mk_store_list_attachments (other, next->id, NULL, &error);
    g_assert_no_error (error);
  }
  g_clear_object (&other);

  /* Never into a database that already holds cases. */
  g_assert_false (mk_store_migrate_to (env->store, target, NULL, NULL, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* And back the other way: the copy into an empty database of the first engine. */
  {
    g_autofree char *again = store_test_pg () != NULL ? store_test_pg_create (&pg_name)
                                                      : g_build_filename (env->dir, "again.db", NULL);
    g_autoptr(MkStore) copy = mk_store_open (target, &error);
    g_autoptr(MkStore) third = NULL;

    g_assert_no_error (error);
    g_assert_true (mk_store_migrate_to (copy, again, NULL, NULL, &error));
    g_assert_no_error (error);
    third = mk_store_open (again, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (mk_store_count_users (third), ==, mk_store_count_users (copy));
    g_clear_object (&third);
    if (pg_name != NULL)
      store_test_pg_drop (pg_name);
    else
      {
        g_autofree char *wal = g_strconcat (again, "-wal", NULL);
        g_autofree char *shm = g_strconcat (again, "-shm", NULL);

        g_unlink (again);
        g_unlink (wal);
        g_unlink (shm);
      }
  }
  {
    g_autofree char *wal = g_strconcat (target, "-wal", NULL);
    g_autofree char *shm = g_strconcat (target, "-shm", NULL);

    g_unlink (target);
    g_unlink (wal);
    g_unlink (shm);
  }
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/store-migrate/whole-database-both-ways", StoreEnv, NULL, store_env_setup, test_migrate,
              store_env_teardown);
  return g_test_run ();
}
