/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's attachments: one checked PDF per checklist item, audited, verified when read back. */

#include "store-fixture.h"

static MkCase *
register_case (StoreEnv *env,
               guint     n)
{
  g_autoptr(GError) error = NULL;
  MkCase *c = store_test_case (env->store, MK_SERVICE_CLARIFICATION, n);

  g_assert_true (mk_store_register_case (env->store, env->center, c, &error));
  g_assert_no_error (error);
  return c;
}

static guint
count_events (StoreEnv   *env,
              gint64      case_id,
              const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = mk_store_list_events (env->store, case_id, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    n += g_str_equal (((MkEvent *) events->pdata[i])->action, action);
  return n;
}

/* §11, §9: attaching stores the PDF, marks the item present, counts it, audits it;
 * the PDF reads back byte for byte; the caller's case record stays current. */
static void
test_add_list_read (StoreEnv      *env,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) c = register_case (env, 1);
  g_autoptr(MkImportResult) pdf = store_test_import_seed ("seed.tiff");
  g_autoptr(MkImportResult) png = store_test_import_seed ("seed.png");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(MkCase) fresh = NULL;
  g_autoptr(MkAttachment) got = NULL;
  MkAttachment *a;
  gint64 id, id2;

  id = mk_store_add_attachment (env->store, env->center, c, "title-document", "deed.tiff", pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  id2 = mk_store_add_attachment (env->store, env->center, c, "identity-document", NULL, png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id2, >, id);

  list = mk_store_list_attachments (env->store, c->id, "title-document", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  a = list->pdata[0];
  g_assert_cmpint (a->id, ==, id);
  g_assert_cmpint (a->case_id, ==, c->id);
  g_assert_cmpstr (a->doc_kind, ==, "title-document");
  g_assert_cmpstr (a->file_name, ==, "deed.tiff");
  g_assert_cmpuint (a->n_pages, ==, pdf->n_pages);
  g_assert_cmpint (a->size, ==, (gint64) g_bytes_get_size (pdf->pdf));
  g_assert_cmpstr (a->sha256, ==, pdf->sha256);
  g_assert_cmpint (a->created_by, ==, env->center->id);
  g_assert_cmpint (a->removed_at, ==, 0);

  all = mk_store_list_attachments (env->store, c->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  got = mk_store_get_attachment (env->store, id2, &error);
  g_assert_no_error (error);
  g_assert_null (got->file_name);   /* a scan has no file name */

  back = mk_store_read_attachment (env->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, pdf->pdf));

  /* The item counts its attachment, in the store and in the caller's record. */
  g_assert_cmpuint (mk_case_find_item (c, "title-document")->n_attachments, ==, 1);
  fresh = mk_store_get_case (env->store, c->id, &error);
  g_assert_no_error (error);
  g_assert_true (mk_case_find_item (fresh, "title-document")->present);
  g_assert_cmpuint (mk_case_find_item (fresh, "title-document")->n_attachments, ==, 1);
  g_assert_cmpuint (mk_case_find_item (fresh, "application")->n_attachments, ==, 0);
  g_assert_cmpuint (count_events (env, c->id, "attach"), ==, 2);

  /* The caller's record was kept current: editing it neither conflicts nor
   * drops the count (§12 "original returned" is ticked after scanning). */
  mk_case_find_item (c, "title-document")->original_returned = TRUE;
  g_assert_true (mk_store_update_case (env->store, env->center, c, &error));
  g_assert_no_error (error);
  g_clear_pointer (&fresh, mk_case_unref);
  fresh = mk_store_get_case (env->store, c->id, &error);
  g_assert_cmpuint (mk_case_find_item (fresh, "title-document")->n_attachments, ==, 1);
  g_assert_true (mk_case_find_item (fresh, "title-document")->original_returned);

  g_assert_true (mk_store_verify_audit (env->store, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* A record opened before somebody else attached is stale: saving it is a conflict. */
static void
test_stale_record (StoreEnv      *env,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) c = register_case (env, 2);
  g_autoptr(MkCase) other = mk_store_get_case (env->store, c->id, &error);
  g_autoptr(MkImportResult) pdf = store_test_import_seed ("seed.jpeg");

  g_assert_cmpint (mk_store_add_attachment (env->store, env->center, c, "application", "a.jpeg", pdf, &error), >, 0);
  g_assert_no_error (error);
  g_assert_false (mk_store_update_case (env->store, env->center, other, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_CONFLICT);
}

/* §9 (safekeeping of documents): an altered PDF is refused when read. */
static void
test_digest_checked (StoreEnv      *env,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) c = register_case (env, 3);
  g_autoptr(MkImportResult) pdf = store_test_import_seed ("seed.pdf");
  g_autoptr(MkImportResult) forged = mk_import_result_copy (pdf);
  g_autoptr(GBytes) back = NULL;
  g_autofree char *sql = NULL;
  gint64 id;

  /* What did not come out of the importer is refused before it is stored. */
  g_free (forged->sha256);
  forged->sha256 = g_strnfill (64, '0');
  g_assert_cmpint (mk_store_add_attachment (env->store, env->center, c, "application", NULL, forged, &error), ==, 0);
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);

  id = mk_store_add_attachment (env->store, env->center, c, "application", "app.pdf", pdf, &error);
  g_assert_no_error (error);

  /* Flip one byte of the stored PDF behind the store's back. */
  sql = g_strdup_printf (STORE_TEST_SQL ("UPDATE attachment SET pdf = substr (pdf, 1, 99) || x'00' || substr (pdf, 101)"
                                         " WHERE id = %" G_GINT64_FORMAT,
                                         "UPDATE attachment SET pdf = substr (pdf, 1, 99) || '\\x00'::bytea || substr (pdf, 101)"
                                         " WHERE id = %" G_GINT64_FORMAT), id);
  store_test_sql (env->path, sql);

  back = mk_store_read_attachment (env->store, id, &error);
  g_assert_null (back);
  g_assert_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_DIGEST_MISMATCH);
  g_clear_error (&error);

  g_assert_null (mk_store_read_attachment (env->store, id + 100, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND);
}

/* Clears the "present" bit of @doc_kind behind the store's back, as if the
 * inspector had not ticked it (every §11 item is required at registration). */
static void
untick_item (StoreEnv   *env,
             gint64      case_id,
             const char *doc_kind)
{
  g_autofree char *sql = g_strdup_printf (
    "UPDATE cases SET items = replace (',' || items || ',',"
    " ',' || (SELECT id FROM doc_kinds WHERE kind = '%s') || ':3,',"
    " ',' || (SELECT id FROM doc_kinds WHERE kind = '%s') || ':1,')"
    " WHERE id = %" G_GINT64_FORMAT, doc_kind, doc_kind, case_id);
  g_autofree char *trim = g_strdup_printf (STORE_TEST_SQL ("UPDATE cases SET items = trim (items, ',') WHERE id = %"
                                                           G_GINT64_FORMAT,
                                                           "UPDATE cases SET items = btrim (items, ',') WHERE id = %"
                                                           G_GINT64_FORMAT), case_id);

  store_test_sql (env->path, sql);
  store_test_sql (env->path, trim);
}

/* §9: removing is audited, the row and its PDF stay; "present" holds while an
 * attachment remains and then returns to what it was before the first one. */
static void
test_remove (StoreEnv      *env,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) c = register_case (env, 4);
  g_autoptr(MkCase) fresh = NULL;
  g_autoptr(MkImportResult) pdf = store_test_import_seed ("seed.png");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GBytes) kept = NULL;
  g_autoptr(MkAttachment) removed = NULL;
  gint64 a, b, p, case_id;

  case_id = c->id;
  untick_item (env, case_id, "title-document");
  /* Reopened, as the case window would after the change. */
  g_clear_pointer (&c, mk_case_unref);
  c = mk_store_get_case (env->store, case_id, &error);
  g_assert_no_error (error);
  g_assert_false (mk_case_find_item (c, "title-document")->present);

  a = mk_store_add_attachment (env->store, env->center, c, "title-document", "p1.png", pdf, &error);
  b = mk_store_add_attachment (env->store, env->center, c, "title-document", "p2.png", pdf, &error);
  p = mk_store_add_attachment (env->store, env->center, c, "application", "app.png", pdf, &error);
  g_assert_no_error (error);
  g_assert_true (mk_case_find_item (c, "title-document")->present);
  g_assert_cmpuint (mk_case_find_item (c, "title-document")->n_attachments, ==, 2);

  g_assert_true (mk_store_remove_attachment (env->store, env->center, c, a, "wrong page", &error));
  g_assert_no_error (error);
  g_assert_true (mk_case_find_item (c, "title-document")->present);
  g_assert_cmpuint (mk_case_find_item (c, "title-document")->n_attachments, ==, 1);

  /* Removing twice is refused. */
  g_assert_false (mk_store_remove_attachment (env->store, env->center, c, a, NULL, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The last one: the item was not ticked before, so it is missing again. */
  g_assert_true (mk_store_remove_attachment (env->store, env->center, c, b, NULL, &error));
  g_assert_no_error (error);
  fresh = mk_store_get_case (env->store, c->id, &error);
  g_assert_false (mk_case_find_item (fresh, "title-document")->present);
  g_assert_cmpuint (mk_case_find_item (fresh, "title-document")->n_attachments, ==, 0);
  g_assert_false (mk_case_find_item (c, "title-document")->present);

  /* The application was ticked by hand before its scan: it stays ticked. */
  g_assert_true (mk_store_remove_attachment (env->store, env->center, c, p, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&fresh, mk_case_unref);
  fresh = mk_store_get_case (env->store, c->id, &error);
  g_assert_true (mk_case_find_item (fresh, "application")->present);

  list = mk_store_list_attachments (env->store, c->id, NULL, &error);
  g_assert_cmpuint (list->len, ==, 0);
  /* Kept for the audit trail, and still verified. */
  removed = mk_store_get_attachment (env->store, a, &error);
  g_assert_no_error (error);
  g_assert_cmpint (removed->removed_at, >, 0);
  g_assert_cmpint (removed->removed_by, ==, env->center->id);
  kept = mk_store_read_attachment (env->store, a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_events (env, c->id, "remove-attachment"), ==, 3);
  g_assert_true (mk_store_verify_audit (env->store, NULL, NULL, &error));
  g_assert_no_error (error);
}

typedef struct {
  const char *stage;
  MkRole      role;
  gboolean    allowed;
  const char *why;
} MayAttachCase;

/* §10, §14: whoever holds the package may add to it. */
static const MayAttachCase may_attach_cases[] = {
  { "accumulation", MK_ROLE_CENTER_INSPECTOR, TRUE, "§10 step 2: at the center" },
  { "accumulation", MK_ROLE_ACCUMULATION_INSPECTOR, TRUE, "§10 step 3: at the center" },
  { "accumulation", MK_ROLE_PROVIDER_EXECUTOR, FALSE, "not yet sent (§18)" },
  { "at-provider", MK_ROLE_PROVIDER_EXECUTOR, TRUE, "§10 step 4: the executor checks the package" },
  { "at-provider", MK_ROLE_PROVIDER_HEAD, FALSE, "§10 step 5: the head only signs" },
  { "at-provider", MK_ROLE_CENTER_INSPECTOR, FALSE, "the package left the center" },
  { "returned", MK_ROLE_CENTER_INSPECTOR, TRUE, "§24: corrected at the center" },
  { "at-center", MK_ROLE_CENTER_INSPECTOR, TRUE, "§10 step 7" },
  { "issued", MK_ROLE_CENTER_INSPECTOR, FALSE, "final (§21)" },
  { "archived", MK_ROLE_CENTER_INSPECTOR, FALSE, "final (§22)" },
  { "accumulation", MK_ROLE_ADMINISTRATOR, FALSE, "the administrator handles no cases" },
  { "no-such-stage", MK_ROLE_CENTER_INSPECTOR, FALSE, "unknown stage" },
};

static void
test_may_attach (StoreEnv      *env,
                 gconstpointer  data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (may_attach_cases); i++)
    {
      const MayAttachCase *t = &may_attach_cases[i];

      g_test_message ("%s, %s: %s", t->stage, mk_role_to_id (t->role), t->why);
      g_assert_cmpint (mk_workflow_may_attach (mk_store_get_regulation (env->store), t->role, t->stage), ==, t->allowed);
    }
}

/* §10 step 4: once the package is at the provider, its executor attaches and the center may not. */
static void
test_permissions (StoreEnv      *env,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) c = register_case (env, 5);
  g_autoptr(MkImportResult) pdf = store_test_import_seed ("seed.png");
  g_autoptr(MkRegister) reg = NULL;
  gint64 id;

  g_assert_cmpint (mk_store_add_attachment (env->store, env->exec, c, "application", NULL, pdf, &error), ==, 0);
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (mk_store_add_attachment (env->store, NULL, c, "application", NULL, pdf, &error), ==, 0);
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  /* §11: only the items of this case's checklist. */
  g_assert_cmpint (mk_store_add_attachment (env->store, env->center, c, "demolition-act", NULL, pdf, &error), ==, 0);
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);

  id = mk_store_add_attachment (env->store, env->accum, c, "application", NULL, pdf, &error);
  g_assert_no_error (error);

  reg = mk_store_create_register (env->store, env->accum, "to-provider", "p01", &c->id, 1, &error);
  g_assert_no_error (error);
  g_assert_true (mk_store_receive_register (env->store, env->exec, reg->id, &error));
  g_assert_no_error (error);

  g_assert_false (mk_store_remove_attachment (env->store, env->center, c, id, NULL, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (mk_store_add_attachment (env->store, env->exec, c, "title-document", NULL, pdf, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (mk_store_remove_attachment (env->store, env->exec, c, id, NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn) g_test_add (path, StoreEnv, NULL, store_env_setup, fn, store_env_teardown)
  ADD ("/store/attachments/add-list-read/section-11", test_add_list_read);
  ADD ("/store/attachments/stale-record", test_stale_record);
  ADD ("/store/attachments/digest-checked/section-9", test_digest_checked);
  ADD ("/store/attachments/remove/section-9", test_remove);
  ADD ("/store/attachments/may-attach/section-10", test_may_attach);
  ADD ("/store/attachments/permissions/section-10-step-4", test_permissions);
#undef ADD

  return g_test_run ();
}
