/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the case store: schema, users, intake (§10, §11, §23), actions (§10–§26), audit, migrations. */

#include <locale.h>
#include <json-glib/json-glib.h>
#include "sign-fixture.h"
#include "mk-search.h"

/* Requirement: open creates and seeds (App. 1: 18 providers, App. 2: 30 centers); reopen keeps it. */
static void
test_open (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) providers = mk_store_list_offices (env->store, MK_ORG_PROVIDER, &error);
  g_autoptr(GPtrArray) centers = mk_store_list_offices (env->store, MK_ORG_CENTER, &error);
  g_autoptr(MkOffice) c05 = NULL;
  GDate d;

  g_assert_no_error (error);
  g_assert_cmpuint (providers->len, ==, 18);
  g_assert_cmpuint (centers->len, ==, 30);
  g_assert_cmpint (mk_store_get_schema_version (env->store), ==, MK_STORE_SCHEMA_VERSION);
  g_assert_nonnull (mk_store_get_regulation (env->store));
  g_assert_cmpuint (mk_regulation_get_term_days (mk_store_get_regulation (env->store),
                                                 MK_SERVICE_CLARIFICATION), ==, 3);
  /* The calendar is rebuilt from day rows: 22 March 2026 (Nauryz) is a holiday. */
  g_date_clear (&d, 1);
  g_date_set_dmy (&d, 23, G_DATE_MARCH, 2026);
  g_assert_false (mk_calendar_is_working_day (mk_store_get_calendar (env->store), &d));
  g_assert_cmpint (store_test_count (env->path, STORE_TEST_SQL ("PRAGMA application_id",
                                                               "SELECT application_id FROM mekenjai_schema")),
                   ==, MK_STORE_APPLICATION_ID);
  g_assert_cmpint (store_test_count (env->path, STORE_TEST_SQL ("PRAGMA user_version",
                                                               "SELECT version FROM mekenjai_schema")),
                   ==, MK_STORE_SCHEMA_VERSION);

  c05 = mk_store_get_office (env->store, "c05", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c05->provider_id, ==, "p01");
  g_assert_null (mk_store_get_office (env->store, "c99", &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_object (&env->store);
  store_env_open (env);
  g_clear_pointer (&providers, g_ptr_array_unref);
  providers = mk_store_list_offices (env->store, MK_ORG_PROVIDER, &error);
  g_assert_cmpuint (providers->len, ==, 18);
  g_assert_cmpuint (mk_store_count_users (env->store), ==, 5);
}

/* §14, §17 and the issue: first user is an administrator; only administrators add users. */
static void
test_users (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkUser) dup = mk_user_copy (env->center);
  g_autoptr(MkUser) other = mk_user_copy (env->center);
  g_autoptr(MkUser) me = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mk-store-XXXXXX", NULL);
  g_autofree char *pg_name = NULL;
  g_autofree char *path = store_test_location (dir, "empty.db", &pg_name);
  g_autoptr(MkStore) empty = mk_store_open (path, &error);
  g_autoptr(MkUser) first = mk_user_copy (env->center);

  g_assert_no_error (error);
  /* The first user of an empty store must be an administrator. */
  g_assert_false (mk_store_add_user (empty, NULL, first, "x", &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpuint (mk_store_count_users (empty), ==, 0);
  g_clear_object (&empty);
  if (pg_name != NULL)
    store_test_pg_drop (pg_name);

  /* Only an administrator adds users. */
  g_free (other->login);
  other->login = g_strdup ("other");
  g_assert_false (mk_store_add_user (env->store, env->center, other, "x", &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  /* A login is unique. */
  g_assert_false (mk_store_add_user (env->store, env->admin, dup, "x", &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* Argon2id: right password in, wrong one out. */
  me = mk_store_authenticate (env->store, "center", "secret", &error);
  g_assert_no_error (error);
  g_assert_cmpint (me->role, ==, MK_ROLE_CENTER_INSPECTOR);
  g_assert_cmpstr (me->office_id, ==, "c05");
  g_assert_null (mk_store_authenticate (env->store, "center", "wrong", &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_AUTH);
  g_clear_error (&error);
  g_assert_null (mk_store_authenticate (env->store, "nobody", "secret", &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_AUTH);
  g_clear_error (&error);
  g_assert_cmpint (store_test_count (env->path, "SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$%'"),
                   ==, 5);

  /* Update by the administrator, with a new password. */
  g_free (me->full_name);
  me->full_name = g_strdup ("Жаңа Есім");
  g_assert_true (mk_store_update_user (env->store, env->admin, me, "new", &error));
  g_assert_no_error (error);
  g_clear_pointer (&me, mk_user_free);
  me = mk_store_authenticate (env->store, "center", "new", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (me->full_name, ==, "Жаңа Есім");
  g_assert_false (mk_store_update_user (env->store, env->center, me, NULL, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
}

/* §7, §20, §22: every kind registers with the deadlines of mk_deadlines_compute. */
static void
test_register_kinds (StoreEnv *env, gconstpointer data)
{
  for (MkServiceKind kind = 0; kind < MK_SERVICE_N_KINDS; kind++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MkCase) c = store_test_case (env->store, kind, kind);
      g_autoptr(MkCase) back = NULL;
      g_autofree char *prefix = NULL;
      MkDeadlines expected;
      GDate accepted;

      g_assert_true (mk_store_register_case (env->store, env->center, c, &error));
      g_assert_no_error (error);
      g_assert_cmpint (c->id, >, 0);
      /* «<region code>-<year>-<6-digit sequence>», c05 is 3505. */
      prefix = g_strdup_printf ("3505-2026-%06u", kind + 1);
      g_assert_cmpstr (c->regno, ==, prefix);

      g_date_clear (&accepted, 1);
      g_date_set_dmy (&accepted, 20, G_DATE_MARCH, 2026);
      mk_deadlines_compute (mk_store_get_calendar (env->store),
                            mk_regulation_get_term_days (mk_store_get_regulation (env->store), kind),
                            1, &accepted, &expected);

      back = mk_store_get_case (env->store, c->id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (back->stage, ==, "accumulation");
      g_assert_cmpstr (back->center_id, ==, "c05");
      g_assert_cmpstr (back->provider_id, ==, "p01");
      g_assert_cmpint (g_date_compare (&back->deadlines.issue_date, &expected.issue_date), ==, 0);
      g_assert_cmpint (g_date_compare (&back->deadlines.provider_due, &expected.provider_due), ==, 0);
      g_assert_cmpint (g_date_compare (&back->deadlines.storage_until, &expected.storage_until), ==, 0);
      /* The stage's "due" is the provider's deadline (§20). */
      g_assert_cmpint (g_date_compare (&back->due, &expected.provider_due), ==, 0);
      g_assert_cmpstr (back->applicant_name, ==, c->applicant_name);
      g_assert_cmpstr (back->address->geonym.kk, ==, "Бейбітшілік");
      g_assert_cmpstr (back->address->settlement.ru, ==, "Караганда");
      g_assert_cmpuint (back->items->len, ==, c->items->len);
      if (kind == MK_SERVICE_CHANGE || kind == MK_SERVICE_ABOLITION)
        g_assert_cmpstr (back->former_address->geonym.ru, ==, "Ленина");
      if (kind == MK_SERVICE_CLARIFICATION)
        {
          /* §7: clarification accepted Friday 20 March 2026 → issue on 31 March (Nauryz off). */
          g_autofree char *issue = mk_date_to_iso (&back->deadlines.issue_date);
          g_assert_cmpstr (issue, ==, "2026-03-31");
        }
    }
}

typedef void (*Breaker) (MkCase *c);

static void break_iin (MkCase *c) { c->applicant_idn[11] = c->applicant_idn[11] == '9' ? '0' : c->applicant_idn[11] + 1; }
static void break_bin_for_individual (MkCase *c) { g_free (c->applicant_idn); c->applicant_idn = store_test_idn ("0501400", 7); }
static void break_name (MkCase *c) { g_free (c->applicant_name); c->applicant_name = g_strdup ("  "); }
static void break_phone (MkCase *c) { g_clear_pointer (&c->applicant_phone, g_free); }
static void break_item (MkCase *c) { ((MkCaseItem *) c->items->pdata[0])->present = FALSE; }
static void break_office (MkCase *c) { c->center_id = g_strdup ("c77"); }
static void break_rca (MkCase *c) { c->address->rca = g_strdup ("12345"); }
static void break_duplicate (MkCase *c) { c->regno = g_strdup ("3505-2026-000001"); }
static void break_representative (MkCase *c) { c->conditions |= MK_CONDITION_REPRESENTATIVE; }
static void break_settlement (MkCase *c) { g_clear_pointer (&c->address->settlement.kk, g_free); g_clear_pointer (&c->address->settlement.ru, g_free); }
static void break_former (MkCase *c) { c->kind = MK_SERVICE_CHANGE; }

/* §1, §11, §13, §23 and the issue: bad input → the right error, the database unchanged. */
static void
test_register_invalid (StoreEnv *env, gconstpointer data)
{
  static const struct {
    const char *name;
    Breaker     breaker;
    int         code;
    const char *needle;
  } cases[] = {
    { "§1 wrong ИИН check digit", break_iin, MK_STORE_ERROR_INVALID, "ИИН" },
    { "missing name", break_name, MK_STORE_ERROR_INVALID, "name" },
    { "§13 missing phone", break_phone, MK_STORE_ERROR_INVALID, "phone" },
    { "§11/§23 missing required item", break_item, MK_STORE_ERROR_INVALID, "§23" },
    { "unknown office", break_office, MK_STORE_ERROR_INVALID, "c77" },
    { "bad RCA", break_rca, MK_STORE_ERROR_INVALID, "registration code" },
    { "duplicate regno", break_duplicate, MK_STORE_ERROR_DUPLICATE, "3505-2026-000001" },
    { "§11 representative without name", break_representative, MK_STORE_ERROR_INVALID, "Representative" },
    { "address without settlement", break_settlement, MK_STORE_ERROR_INVALID, "settlement" },
    { "§6 change without former address", break_former, MK_STORE_ERROR_INVALID, "Former address" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) first = store_test_case (env->store, MK_SERVICE_CLARIFICATION, 1);

  g_assert_true (mk_store_register_case (env->store, env->center, first, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MkCase) c = store_test_case (env->store, MK_SERVICE_CLARIFICATION, 100 + i);
      g_autofree char *before = store_test_dump_hash (env->path);
      g_autofree char *after = NULL;

      g_test_message ("%s", cases[i].name);
      cases[i].breaker (c);
      g_assert_false (mk_store_register_case (env->store, env->center, c, &error));
      g_assert_error (error, MK_STORE_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].needle));
      g_clear_error (&error);
      g_assert_cmpint (c->id, ==, 0);
      after = store_test_dump_hash (env->path);
      g_assert_cmpstr (before, ==, after);
    }
  g_assert_cmpint (store_test_count (env->path, "SELECT count(*) FROM cases"), ==, 1);

  /* #10: a right check digit is never refused for the fifth digit: an
   * individual whose number looks like a БИН registers (the intake warns). */
  {
    g_autoptr(MkCase) c = store_test_case (env->store, MK_SERVICE_CLARIFICATION, 150);

    break_bin_for_individual (c);
    g_assert_true (mk_store_register_case (env->store, env->center, c, &error));
    g_assert_no_error (error);
  }

  /* A provider's user may not register (§10 step 2 belongs to the center inspector). */
  {
    g_autoptr(MkCase) c = store_test_case (env->store, MK_SERVICE_CLARIFICATION, 200);
    g_assert_false (mk_store_register_case (env->store, env->exec, c, &error));
    g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  }
}

static void
apply_ok (StoreEnv *env, const MkUser *actor, gint64 id, const char *action, const char *reason,
          const char *expected_stage)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) c = NULL;

  g_assert_true (mk_store_apply_action (env->store, actor, id, action, reason, &error));
  g_assert_no_error (error);
  c = mk_store_get_case (env->store, id, &error);
  g_assert_cmpstr (c->stage, ==, expected_stage);
}

static gint64
register_new (StoreEnv *env, MkServiceKind kind, guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) c = store_test_case (env->store, kind, n);

  g_assert_true (mk_store_register_case (env->store, env->center, c, &error));
  g_assert_no_error (error);
  return c->id;
}

static void
send_register (StoreEnv *env, const MkUser *actor, const char *direction, gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkRegister) reg = mk_store_create_register (env->store, actor, direction, "p01", &id, 1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reg);
  g_assert_cmpuint (reg->case_ids->len, ==, 1);
  g_assert_true (mk_store_receive_register (env->store,
                                            g_str_equal (direction, "to-provider") ? env->exec : env->center,
                                            reg->id, &error));
  g_assert_no_error (error);
}

/* §10 steps 3–7, §24–§26, §22: every action of the workflow, with its deadlines. */
static void
test_workflow (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) c = NULL;
  gint64 a = register_new (env, MK_SERVICE_CLARIFICATION, 1);
  gint64 b = register_new (env, MK_SERVICE_ASSIGNMENT, 2);
  gint64 r = register_new (env, MK_SERVICE_CHANGE, 3);
  GDate later;

  /* Case A: the straight path to issue, with one draft rejected by the head. */
  send_register (env, env->accum, "to-provider", a);
  c = mk_store_get_case (env->store, a, &error);
  g_assert_cmpstr (c->stage, ==, "at-provider");
  g_assert_true (g_date_valid (&c->return_due));   /* §24 */
  g_assert_cmpint (c->register_id, >, 0);
  g_clear_pointer (&c, mk_case_unref);
  /* §6: not without the address registration code and its basis. */
  g_assert_false (mk_store_apply_action (env->store, env->exec, a, "prepare-certificate", NULL, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "§6"));
  g_clear_error (&error);
  store_test_prepare_certificate (env->store, env->exec, a);
  c = mk_store_get_case (env->store, a, &error);
  g_assert_cmpstr (c->stage, ==, "signing");
  g_assert_cmpuint (strlen (c->address->rca), ==, 16);
  g_assert_cmpstr (c->basis_number, ==, "12/03");
  g_clear_pointer (&c, mk_case_unref);
  g_assert_false (mk_store_apply_action (env->store, env->head, a, "reject-draft", NULL, &error));
  g_assert_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_REASON);
  g_clear_error (&error);
  apply_ok (env, env->head, a, "reject-draft", "Кадастр нөмірі қате", "at-provider");
  /* Prepared again after the head's rejection: the code and basis stay. */
  apply_ok (env, env->exec, a, "prepare-certificate", NULL, "signing");
  /* Wrong role: the center inspector cannot sign (§10 step 5). */
  g_assert_false (mk_store_apply_action (env->store, env->center, a, "sign", NULL, &error));
  g_assert_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_WRONG_ROLE);
  g_clear_error (&error);
  /* An action alone cannot sign: the head's key must (§10 step 5). */
  g_assert_false (mk_store_apply_action (env->store, env->head, a, "sign", NULL, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "§10 step 5"));
  g_clear_error (&error);
  c = mk_store_get_case (env->store, a, &error);
  g_assert_cmpstr (c->stage, ==, "signing");
  g_clear_pointer (&c, mk_case_unref);
  sign_fixture_sign_case (env->store, env->admin, env->head, a);
  send_register (env, env->exec, "to-center", a);
  c = mk_store_get_case (env->store, a, &error);
  g_assert_cmpstr (c->stage, ==, "at-center");
  g_assert_cmpstr (c->result, ==, "certificate");
  g_assert_false (g_date_valid (&c->notify_due));  /* §26 only for a refusal */
  g_assert_cmpint (g_date_compare (&c->due, &c->deadlines.issue_date), ==, 0);
  g_clear_pointer (&c, mk_case_unref);
  /* §21 (#14): the result goes to a person with an identity document, said at issue. */
  g_assert_false (mk_store_apply_action (env->store, env->center, a, "issue", NULL, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "§21"));
  g_clear_error (&error);
  {
    MkIssueRecipient recipient = { MK_RECIPIENT_APPLICANT, MK_ID_DOCUMENT_IDENTITY_CARD, " 045123789 " };

    g_assert_true (mk_store_issue_result (env->store, env->center, a, &recipient, &error));
    g_assert_no_error (error);
  }
  c = mk_store_get_case (env->store, a, &error);
  g_assert_cmpstr (c->stage, ==, "issued");
  g_clear_pointer (&c, mk_case_unref);
  /* Wrong stage: an issued case cannot be issued again. */
  {
    MkIssueRecipient recipient = { MK_RECIPIENT_APPLICANT, MK_ID_DOCUMENT_PASSPORT, "N12345678" };

    g_assert_false (mk_store_issue_result (env->store, env->center, a, &recipient, &error));
  }
  g_assert_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_WRONG_STAGE);
  g_clear_error (&error);

  /* Case B: §24 return for errors, §25 notification, resubmission. */
  send_register (env, env->accum, "to-provider", b);
  g_assert_false (mk_store_apply_action (env->store, env->exec, b, "return-for-errors", NULL, &error));
  g_assert_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_REASON);
  g_clear_error (&error);
  apply_ok (env, env->exec, b, "return-for-errors", "Техпаспорт көшірмесі оқылмайды", "returned");
  c = mk_store_get_case (env->store, b, &error);
  g_assert_true (g_date_valid (&c->notify_due));
  g_assert_cmpint (g_date_compare (&c->due, &c->notify_due), ==, 0);
  g_assert_cmpstr (c->grounds, ==, "Техпаспорт көшірмесі оқылмайды");
  g_clear_pointer (&c, mk_case_unref);
  apply_ok (env, env->center, b, "record-return-notification", NULL, "returned");
  g_date_clear (&later, 1);
  g_date_set_dmy (&later, 1, G_DATE_APRIL, 2026);
  mk_store_set_today (env->store, &later);
  apply_ok (env, env->center, b, "resubmit", NULL, "accumulation");
  c = mk_store_get_case (env->store, b, &error);
  {
    MkDeadlines expected;
    mk_deadlines_compute (mk_store_get_calendar (env->store), 7, 1, &later, &expected);
    /* §24–§25: deadlines run again from the resubmission day. */
    g_assert_cmpint (g_date_compare (&c->deadlines.issue_date, &expected.issue_date), ==, 0);
    g_assert_false (g_date_valid (&c->notify_due));
  }
  g_clear_pointer (&c, mk_case_unref);

  /* Case R: §6 reasoned refusal, §26 notification, §22 archive after storage. */
  send_register (env, env->accum, "to-provider", r);
  apply_ok (env, env->exec, r, "prepare-refusal", "Акимат шешімі жоқ", "signing");
  sign_fixture_sign_case (env->store, env->admin, env->head, r);
  apply_ok (env, env->exec, r, "send-to-center", NULL, "at-center");
  c = mk_store_get_case (env->store, r, &error);
  g_assert_cmpstr (c->result, ==, "refusal");
  g_assert_cmpstr (c->grounds, ==, "Акимат шешімі жоқ");
  g_assert_true (g_date_valid (&c->notify_due));
  apply_ok (env, env->center, r, "record-notification", NULL, "at-center");
  g_assert_false (mk_store_apply_action (env->store, env->center, r, "archive", NULL, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "§22"));
  g_clear_error (&error);
  later = c->deadlines.storage_until;
  g_date_add_days (&later, 1);
  mk_store_set_today (env->store, &later);
  apply_ok (env, env->center, r, "archive", NULL, "archived");
  g_clear_pointer (&c, mk_case_unref);

  /* Events: one per step, reasons in the note. */
  {
    g_autoptr(GPtrArray) events = mk_store_list_events (env->store, b, &error);
    MkEvent *e;

    g_assert_no_error (error);
    g_assert_cmpuint (events->len, ==, 6);
    e = events->pdata[2];
    g_assert_cmpstr (e->action, ==, "return-for-errors");
    g_assert_cmpstr (e->stage_before, ==, "at-provider");
    g_assert_cmpstr (e->stage_after, ==, "returned");
    g_assert_cmpstr (e->note, ==, "Техпаспорт көшірмесі оқылмайды");
    /* §24: the return letter is made by the executor who returns the package. */
    e = events->pdata[3];
    g_assert_cmpstr (e->action, ==, "issue-document");
    g_assert_nonnull (strstr (e->after, "return-letter"));
    g_assert_cmpstr (e->user_name, ==, "Тест exec");
  }
  {
    g_autoptr(GHashTable) counts = mk_store_count_by_stage (env->store, NULL, &error);
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "issued")), ==, 1);
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "accumulation")), ==, 1);
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "archived")), ==, 1);
    g_assert_null (g_hash_table_lookup (counts, "at-provider"));
  }
}

/* §10 step 3, §19: a register is all or nothing; numbers run per provider. */
static void
test_registers (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 ids[3] = { register_new (env, MK_SERVICE_CLARIFICATION, 1),
                    register_new (env, MK_SERVICE_ASSIGNMENT, 2),
                    register_new (env, MK_SERVICE_CLARIFICATION, 3) };
  g_autoptr(MkRegister) reg = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  /* Case 3 leaves first; a register with it again fails whole. */
  send_register (env, env->accum, "to-provider", ids[2]);
  before = store_test_dump_hash (env->path);
  g_assert_null (mk_store_create_register (env->store, env->accum, "to-provider", "p01", ids, 3, &error));
  g_assert_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_WRONG_STAGE);
  g_clear_error (&error);
  after = store_test_dump_hash (env->path);
  g_assert_cmpstr (before, ==, after);
  /* Wrong provider. */
  g_assert_null (mk_store_create_register (env->store, env->accum, "to-provider", "p02", ids, 2, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);

  reg = mk_store_create_register (env->store, env->accum, "to-provider", "p01", ids, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reg->number, ==, "P01-2026-00002");
  g_assert_cmpstr (reg->center_id, ==, "c05");
  g_assert_cmpuint (reg->case_ids->len, ==, 2);
  g_assert_cmpint (reg->received_at, ==, 0);
  /* The sending side cannot sign for receipt. */
  g_assert_false (mk_store_receive_register (env->store, env->center, reg->id, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_true (mk_store_receive_register (env->store, env->head, reg->id, &error));
  g_assert_no_error (error);
  g_assert_false (mk_store_receive_register (env->store, env->head, reg->id, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);

  list = mk_store_list_registers (env->store, "p01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = mk_store_list_registers (env->store, "p02", &error);
  g_assert_cmpuint (list->len, ==, 0);
}

/* #14, §21: who received the result is kept with the issue, in the history. */
static void
test_issue_recipient (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 a = register_new (env, MK_SERVICE_CLARIFICATION, 1);
  MkIssueRecipient recipient = { MK_RECIPIENT_REPRESENTATIVE, MK_ID_DOCUMENT_PASSPORT, "N12345678" };
  const MkEvent *e;

  send_register (env, env->accum, "to-provider", a);
  store_test_prepare_certificate (env->store, env->exec, a);
  sign_fixture_sign_case (env->store, env->admin, env->head, a);
  send_register (env, env->exec, "to-center", a);

  /* The case names no representative: refused, and nothing changes. */
  before = store_test_dump_hash (env->path);
  g_assert_false (mk_store_issue_result (env->store, env->center, a, &recipient, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  after = store_test_dump_hash (env->path);
  g_assert_cmpstr (before, ==, after);

  recipient.kind = MK_RECIPIENT_APPLICANT;
  g_assert_true (mk_store_issue_result (env->store, env->center, a, &recipient, &error));
  g_assert_no_error (error);
  events = mk_store_list_events (env->store, a, &error);
  e = events->pdata[events->len - 1];
  g_assert_cmpstr (e->action, ==, "issue");
  g_assert_nonnull (strstr (e->after, "\"received_by\":\"applicant\""));
  g_assert_nonnull (strstr (e->after, "\"id_document\":\"passport\""));
  g_assert_nonnull (strstr (e->after, "\"id_number\":\"N12345678\""));
  g_assert_nonnull (strstr (e->after, "\"recipient_name\""));
  g_assert_true (mk_store_verify_audit (env->store, NULL, NULL, &error));
}

/* #14, §9: an administrator moves a case back one step with a reason, in the
 * history; anyone else's correction, or one without a reason, changes nothing. */
static void
test_correct (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(MkCase) c = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 a = register_new (env, MK_SERVICE_CLARIFICATION, 1);
  const MkEvent *e;

  send_register (env, env->accum, "to-provider", a);
  store_test_prepare_certificate (env->store, env->exec, a);

  before = store_test_dump_hash (env->path);
  g_assert_false (mk_store_correct_case (env->store, env->exec, a, "wrong", &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (mk_store_correct_case (env->store, env->admin, a, "", &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  after = store_test_dump_hash (env->path);
  g_assert_cmpstr (before, ==, after);

  g_assert_true (mk_store_correct_case (env->store, env->admin, a, "A refusal was meant", &error));
  g_assert_no_error (error);
  c = mk_store_get_case (env->store, a, &error);
  g_assert_cmpstr (c->stage, ==, "at-provider");
  g_assert_null (c->result);
  g_clear_pointer (&c, mk_case_unref);
  events = mk_store_list_events (env->store, a, &error);
  e = events->pdata[events->len - 1];
  g_assert_cmpstr (e->action, ==, "correct");
  g_assert_cmpstr (e->stage_before, ==, "signing");
  g_assert_cmpstr (e->stage_after, ==, "at-provider");
  g_assert_cmpstr (e->note, ==, "A refusal was meant");
  g_assert_nonnull (strstr (e->after, "prepare-certificate"));
  {
    g_autoptr(GHashTable) counts = mk_store_count_by_stage (env->store, NULL, &error);
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "at-provider")), ==, 1);
    g_assert_null (g_hash_table_lookup (counts, "signing"));
  }
  /* Once is enough; the case goes on from here. */
  g_assert_false (mk_store_correct_case (env->store, env->admin, a, "again", &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  apply_ok (env, env->exec, a, "prepare-refusal", "Объект тіркелмеген", "signing");
  g_assert_true (mk_store_verify_audit (env->store, NULL, NULL, &error));
}

/* §19 (#14): cases in a register stay "in transit" until the receiving office
 * confirms them, one by one or the whole register; until then nobody there
 * works on them. */
static void
test_receipt (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 ids[2] = { register_new (env, MK_SERVICE_CLARIFICATION, 1),
                    register_new (env, MK_SERVICE_CLARIFICATION, 2) };
  g_autoptr(MkRegister) reg = NULL;
  g_autoptr(MkRegister) back = NULL;
  g_autoptr(MkCase) c = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MkWorkflowFacts facts;

  reg = mk_store_create_register (env->store, env->accum, "to-provider", "p01", ids, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reg->case_received_at->len, ==, 2);
  g_assert_cmpint (g_array_index (reg->case_received_at, gint64, 0), ==, 0);

  c = mk_store_get_case (env->store, ids[0], &error);
  g_assert_true (mk_store_get_workflow_facts (env->store, c, &facts, &error));
  g_assert_true (facts.in_transit);
  g_clear_pointer (&c, mk_case_unref);
  before = store_test_dump_hash (env->path);
  g_assert_false (mk_store_apply_action (env->store, env->exec, ids[0], "return-for-errors", "x", &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "§19"));
  g_clear_error (&error);
  /* The sending side does not sign for it. */
  g_assert_false (mk_store_receive_register_case (env->store, env->accum, reg->id, ids[0], &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  after = store_test_dump_hash (env->path);
  g_assert_cmpstr (before, ==, after);

  g_assert_true (mk_store_receive_register_case (env->store, env->exec, reg->id, ids[0], &error));
  g_assert_no_error (error);
  g_assert_false (mk_store_receive_register_case (env->store, env->exec, reg->id, ids[0], &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  back = mk_store_get_register (env->store, reg->id, &error);
  g_assert_cmpint (back->received_at, ==, 0);   /* one case of two */
  g_assert_cmpint (g_array_index (back->case_received_at, gint64, 0), >, 0);
  g_clear_pointer (&back, mk_register_free);
  apply_ok (env, env->exec, ids[0], "return-for-errors", "Техпаспорт жоқ", "returned");
  g_assert_false (mk_store_apply_action (env->store, env->exec, ids[1], "return-for-errors", "x", &error));
  g_clear_error (&error);

  /* The last case received receives the register. */
  g_assert_true (mk_store_receive_register_case (env->store, env->head, reg->id, ids[1], &error));
  g_assert_no_error (error);
  back = mk_store_get_register (env->store, reg->id, &error);
  g_assert_cmpint (back->received_at, >, 0);
  g_assert_false (mk_store_receive_register (env->store, env->exec, reg->id, &error));
  g_clear_error (&error);
  events = mk_store_list_events (env->store, ids[1], &error);
  g_assert_cmpstr (((MkEvent *) events->pdata[events->len - 1])->action, ==, "receive-case");
  apply_ok (env, env->exec, ids[1], "return-for-errors", "Техпаспорт жоқ", "returned");
}

/* Schema 7 (#14): a register received before the upgrade counts for its cases. */
static void
test_receipt_upgrade (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkStore) store = NULL;
  g_autofree char *path = g_build_filename (env->dir, "v6.db", NULL);

  if (store_test_pg () != NULL)
    {
      g_autofree char *name = NULL;
      g_autofree char *location = store_test_pg_create (&name);

      store = mk_store_initialize (location, &error);
      g_assert_no_error (error);
      g_clear_object (&store);
      store_test_pg_downgrade_to_6 (location);
      store = mk_store_initialize (location, &error);
      g_assert_no_error (error);
      g_assert_cmpint (mk_store_get_schema_version (store), ==, MK_STORE_SCHEMA_VERSION);
      g_clear_object (&store);
      g_assert_cmpint (store_test_count (location, "SELECT count(*) FROM information_schema.columns"
                                                   " WHERE table_name = 'register_cases' AND column_name = 'received_at'"
                                                   " AND table_schema = current_schema ()"), ==, 1);
      store_test_pg_drop (name);
      return;
    }
  store = mk_store_open_at_version (path, 6, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  store_test_sql (path, "INSERT INTO cases (id, regno, year, center_id, provider_id, kind, conditions, stage,"
                        " version, accepted_at, term_days, accepted_on, sort_key, applicant_kind,"
                        " applicant_idn, applicant_name, object_kind, items) VALUES"
                        " (1, '3505-2026-000001', 2026, 'c05', 'p01', 'clarification', 0, 'at-provider', 1,"
                        " 1774000000, 3, '2026-03-20', 1, 'individual', '900101300123', 'А', 'building', ''),"
                        " (2, '3505-2026-000002', 2026, 'c05', 'p01', 'clarification', 0, 'at-provider', 1,"
                        " 1774000000, 3, '2026-03-20', 2, 'individual', '900101300123', 'Б', 'building', '');"
                        " INSERT INTO users (id, login, full_name, position, office_id, role, active, demo,"
                        " password_hash) VALUES (1, 'exec', 'Exec', NULL, 'p01', 'provider-executor', 1, 0, 'x');"
                        " INSERT INTO registers (id, number, direction, center_id, provider_id, created_at,"
                        " created_by, received_at, received_by) VALUES"
                        " (1, 'P01-2026-00001', 'to-provider', 'c05', 'p01', 1, 1, 1774000000, 1),"
                        " (2, 'P01-2026-00002', 'to-provider', 'c05', 'p01', 1, 1, NULL, NULL);"
                        " INSERT INTO register_cases VALUES (1, 1), (2, 2)");
  store = mk_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mk_store_get_schema_version (store), ==, MK_STORE_SCHEMA_VERSION);
  {
    g_autoptr(MkRegister) received = mk_store_get_register (store, 1, &error);
    g_autoptr(MkRegister) travelling = mk_store_get_register (store, 2, &error);

    g_assert_cmpint (g_array_index (received->case_received_at, gint64, 0), ==, 1774000000);
    g_assert_cmpint (g_array_index (travelling->case_received_at, gint64, 0), ==, 0);
  }
}

/* Edits at the center only (§24), one event with before → after, CONFLICT on
 * concurrent saves: the second copy is another workstation's, read on a
 * connection of its own before the first was saved. */
static void
test_update (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = register_new (env, MK_SERVICE_CLARIFICATION, 1);
  g_autoptr(MkStore) other = mk_store_open (env->path, &error);
  g_autoptr(MkCase) one = mk_store_get_case (env->store, id, &error);
  g_autoptr(MkCase) two = mk_store_get_case (other, id, &error);
  g_autoptr(MkCase) back = NULL;
  g_autoptr(GPtrArray) events = NULL;
  MkEvent *e;

  g_free (one->applicant_name);
  one->applicant_name = g_strdup ("Нұрланова Әсел");
  g_assert_true (mk_store_update_case (env->store, env->center, one, &error));
  g_assert_no_error (error);
  back = mk_store_get_case (env->store, id, &error);
  g_assert_cmpstr (back->applicant_name, ==, "Нұрланова Әсел");

  events = mk_store_list_events (env->store, id, &error);
  g_assert_cmpuint (events->len, ==, 2);
  e = events->pdata[1];
  g_assert_cmpstr (e->action, ==, "edit");
  g_assert_nonnull (strstr (e->before, "Нұрланов Ерлан"));
  g_assert_nonnull (strstr (e->after, "Нұрланова Әсел"));
  g_assert_null (strstr (e->after, "Бейбітшілік"));  /* only what changed */

  /* The second copy was read before the first was saved. */
  g_free (two->applicant_phone);
  two->applicant_phone = g_strdup ("+7 700 000 00 00");
  g_assert_false (mk_store_update_case (other, env->center, two, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  /* Nothing of it was written; reloaded, the other workstation's copy saves. */
  g_clear_pointer (&two, mk_case_unref);
  two = mk_store_get_case (other, id, &error);
  g_assert_cmpstr (two->applicant_name, ==, "Нұрланова Әсел");
  g_assert_cmpstr (two->applicant_phone, !=, "+7 700 000 00 00");
  g_free (two->applicant_phone);
  two->applicant_phone = g_strdup ("+7 700 000 00 00");
  g_assert_true (mk_store_update_case (other, env->center, two, &error));
  g_assert_no_error (error);
  g_clear_object (&other);

  /* Once at the provider, the center cannot edit. */
  send_register (env, env->accum, "to-provider", id);
  g_clear_pointer (&back, mk_case_unref);
  back = mk_store_get_case (env->store, id, &error);
  g_assert_false (mk_store_update_case (env->store, env->center, back, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
}

/* §23: refusal to accept stores the case with its missing items. */
static void
test_refuse_intake (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) c = store_test_case (env->store, MK_SERVICE_ASSIGNMENT, 1);
  g_autoptr(MkCase) back = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(MkCase) full = store_test_case (env->store, MK_SERVICE_ASSIGNMENT, 2);

  ((MkCaseItem *) c->items->pdata[1])->present = FALSE;
  g_assert_true (mk_store_refuse_intake (env->store, env->center, c, &error));
  g_assert_no_error (error);
  g_assert_nonnull (c->regno);
  back = mk_store_get_case (env->store, c->id, &error);
  g_assert_cmpstr (back->stage, ==, "refused-at-intake");
  missing = mk_case_missing_items (back);
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_false (mk_store_refuse_intake (env->store, env->center, full, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
}

/* §16: at a closed hour or on a closed day the store neither registers nor
 * refuses at the desk (§23), and writes nothing: no case, no event, no
 * registration number used. The time checked is the time the store stamps. */
static void
test_center_hours (StoreEnv *env, gconstpointer data)
{
  MkClock *clock = mk_store_get_clock (env->store);
  g_autofree char *before = store_test_dump_hash (env->path);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) opened = store_test_case (env->store, MK_SERVICE_CLARIFICATION, 3);
  gint64 night = store_test_time (2026, 12, 3, 22) + 5 * 60;
  gint64 morning = store_test_time (2026, 12, 4, 9);

  /* Thursday 3 December 2026, 22:05 on the store's clock. */
  mk_clock_pin (clock, night);
  {
    g_autoptr(MkCase) c = store_test_case (env->store, MK_SERVICE_CLARIFICATION, 1);

    c->accepted_at = 0;
    g_assert_false (mk_store_register_case (env->store, env->center, c, &error));
    g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_CLOSED);
    g_assert_nonnull (strstr (error->message, "§16"));
    g_assert_nonnull (strstr (error->message, "It is 22:05 now."));
    g_assert_nonnull (strstr (error->message, "It opens again on 4 December 2026 at 9:00."));
    g_clear_error (&error);
    g_assert_cmpint (c->id, ==, 0);
    g_assert_null (c->regno);
    g_assert_cmpint (c->accepted_at, ==, 0);
  }
  {
    g_autoptr(MkCase) c = store_test_case (env->store, MK_SERVICE_ASSIGNMENT, 2);

    c->accepted_at = 0;
    ((MkCaseItem *) c->items->pdata[1])->present = FALSE;
    g_assert_false (mk_store_refuse_intake (env->store, env->center, c, &error));
    g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_CLOSED);
    g_clear_error (&error);
    g_assert_cmpint (c->id, ==, 0);
  }
  /* A time the caller stamps is checked as well: Sunday 6 December, 11:00. */
  {
    g_autoptr(MkCase) c = store_test_case (env->store, MK_SERVICE_CLARIFICATION, 4);

    c->accepted_at = store_test_time (2026, 12, 6, 11);
    g_assert_false (mk_store_register_case (env->store, env->center, c, &error));
    g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_CLOSED);
    g_assert_nonnull (strstr (error->message, "Sunday"));
    g_clear_error (&error);
  }
  after = store_test_dump_hash (env->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (store_test_count (env->path, "SELECT count(*) FROM cases"), ==, 0);
  g_assert_cmpint (store_test_count (env->path, "SELECT count(*) FROM events WHERE action IN ('register', 'refuse-intake')"), ==, 0);

  /* At 9:00 the next morning it opens, and the first number is still free. */
  mk_clock_pin (clock, morning);
  opened->accepted_at = 0;
  g_assert_true (mk_store_register_case (env->store, env->center, opened, &error));
  g_assert_no_error (error);
  g_assert_cmpint (opened->accepted_at, >=, morning);
  g_assert_true (g_str_has_suffix (opened->regno, "-2026-000001"));
  g_assert_cmpint (store_test_count (env->path, "SELECT count(*) FROM cases"), ==, 1);
}

static void
test_drafts (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *none = mk_store_load_draft (env->store, env->center->id, &error);
  g_autofree char *got = NULL;

  g_assert_no_error (error);
  g_assert_null (none);
  g_assert_true (mk_store_save_draft (env->store, env->center->id, "{\"a\":1}", &error));
  g_assert_true (mk_store_save_draft (env->store, env->center->id, "{\"a\":2}", &error));
  got = mk_store_load_draft (env->store, env->center->id, &error);
  g_assert_cmpstr (got, ==, "{\"a\":2}");
  g_assert_cmpint (store_test_count (env->path, "SELECT count(*) FROM drafts"), ==, 1);
  g_assert_true (mk_store_delete_draft (env->store, env->center->id, &error));
  g_clear_pointer (&got, g_free);
  got = mk_store_load_draft (env->store, env->center->id, &error);
  g_assert_null (got);
}

/* §9 and the issue: the hash chain catches an edited, a deleted and a reordered event. */
static void
test_audit (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 bad = -1;
  guint64 n = 0;
  gint64 id = register_new (env, MK_SERVICE_CLARIFICATION, 1);

  send_register (env, env->accum, "to-provider", id);
  g_assert_true (mk_store_verify_audit (env->store, &bad, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bad, ==, 0);
  g_assert_cmpuint (n, ==, 9);  /* 5 users, register, send, register created, received */

  store_test_sql (env->path, "UPDATE events SET note = 'forged' WHERE id = 6");
  g_assert_false (mk_store_verify_audit (env->store, &bad, &n, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "event 6"));
  g_assert_cmpint (bad, ==, 6);
  g_clear_error (&error);
  store_test_sql (env->path, "UPDATE events SET note = NULL WHERE id = 6");
  g_assert_true (mk_store_verify_audit (env->store, &bad, &n, &error));

  /* Reordered: two events swap places. */
  store_test_sql (env->path, "UPDATE events SET id = -7 WHERE id = 7; UPDATE events SET id = 7 WHERE id = 8;"
                       " UPDATE events SET id = 8 WHERE id = -7");
  g_assert_false (mk_store_verify_audit (env->store, &bad, &n, &error));
  g_assert_cmpint (bad, ==, 7);
  g_clear_error (&error);
  store_test_sql (env->path, "UPDATE events SET id = -7 WHERE id = 7; UPDATE events SET id = 7 WHERE id = 8;"
                       " UPDATE events SET id = 8 WHERE id = -7");

  store_test_sql (env->path, "DELETE FROM events WHERE id = 4");
  g_assert_false (mk_store_verify_audit (env->store, &bad, &n, &error));
  g_assert_cmpint (bad, ==, 4);
  g_assert_nonnull (strstr (error->message, "event 4"));
  g_clear_error (&error);

  store_test_sql (env->path, "DELETE FROM events WHERE id >= 4");
  g_assert_false (mk_store_verify_audit (env->store, &bad, &n, &error));
  g_assert_cmpint (bad, ==, 4);
}

/* #13, §9: a change made behind the application's back — to a case, a user
 * (a password hash, a role), an attachment's bytes, a row added or removed —
 * leaves every event as it was, yet the audit check names the row. */
typedef struct {
  const char        *name;
  const char        *sql;
  const char        *table;
  MkAuditRowProblem  problem;
} Forgery;

static const Forgery forgeries[] = {
  { "case-applicant", "UPDATE cases SET applicant_name = 'Жалған Есім' WHERE id = (SELECT max(id) FROM cases)",
    "case", MK_AUDIT_ROW_CHANGED },
  { "case-stage", "UPDATE cases SET stage = 'issued' WHERE id = (SELECT max(id) FROM cases)",
    "case", MK_AUDIT_ROW_CHANGED },
  { "case-code", "UPDATE cases SET a_rca = '1234567890123456' WHERE id = (SELECT max(id) FROM cases)",
    "case", MK_AUDIT_ROW_CHANGED },
  { "user-password-hash",
    "UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE role = 'administrator')"
    " WHERE role = 'center-inspector'", "user", MK_AUDIT_ROW_CHANGED },
  { "user-role", "UPDATE users SET role = 'administrator' WHERE role = 'provider-executor'",
    "user", MK_AUDIT_ROW_CHANGED },
  { "user-added",
    "INSERT INTO users (login, full_name, position, role, active, demo, password_hash)"
    " VALUES ('intruder', 'Intruder', 'маман', 'administrator', 1, 0, 'x')", "user", MK_AUDIT_ROW_UNRECORDED },
  { "attachment-bytes", "UPDATE attachment SET pdf = pdf || pdf", "attachment", MK_AUDIT_ROW_CHANGED },
  { "attachment-removed", "DELETE FROM attachment", "attachment", MK_AUDIT_ROW_DELETED },
};

static void
test_audit_forgery (StoreEnv *env, gconstpointer data)
{
  const Forgery *forgery = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MkAuditReport) before = NULL;
  g_autoptr(MkAuditReport) after = NULL;
  g_autoptr(MkImportResult) pdf = store_test_import_seed ("seed.png");
  g_autoptr(MkCase) c = NULL;
  gint64 id = register_new (env, MK_SERVICE_ASSIGNMENT, 31);
  gboolean named = FALSE;

  c = mk_store_get_case (env->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mk_store_add_attachment (env->store, env->center, c, "identity-document", "id.png", pdf, &error),
                   >, 0);
  g_assert_no_error (error);
  before = mk_store_check_audit (env->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (before->bad_event, ==, 0);
  g_assert_cmpuint (before->bad_rows->len, ==, 0);

  store_test_sql (env->path, forgery->sql);

  after = mk_store_check_audit (env->store, NULL, &error);
  g_assert_no_error (error);
  /* The events themselves are untouched: the chain alone would pass. */
  g_assert_cmpint (after->bad_event, ==, 0);
  g_assert_cmpuint (after->n_events, ==, before->n_events);
  for (guint i = 0; i < after->bad_rows->len; i++)
    {
      const MkAuditBadRow *row = &g_array_index (after->bad_rows, MkAuditBadRow, i);

      g_test_message ("%s %" G_GINT64_FORMAT ": problem %d", row->table, row->id, row->problem);
      named |= g_str_equal (row->table, forgery->table) && row->problem == forgery->problem;
    }
  g_assert_true (named);
  g_assert_false (mk_store_verify_audit (env->store, NULL, NULL, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
}

/* The preferences' server parts become a libpq connection string, quoted;
 * what is shown never holds the password. */
static void
test_server_location (void)
{
  g_autofree char *location = mk_store_server_location ("db.otdel.local", 5433, "mek'enjai", "app\\role", "require");
  g_autofree char *shown = NULL;
  g_autofree char *uri_shown = mk_store_describe_location ("postgresql://app:s3cret@db.otdel.local:5432/mekenjai");
  g_autofree char *file_shown = mk_store_describe_location ("/home/user/mekenjai.db");

  g_assert_cmpstr (location, ==,
                   "host='db.otdel.local' port='5433' dbname='mek\\'enjai' user='app\\\\role' sslmode='require'");
  g_assert_true (mk_store_is_server_location (location));
  g_assert_true (mk_store_is_server_location ("postgresql://db/mekenjai"));
  g_assert_false (mk_store_is_server_location ("/home/user/mekenjai.db"));
  g_assert_false (mk_store_is_server_location ("my=file.db"));
  shown = mk_store_describe_location ("host=db password=s3cret dbname=mekenjai user=app");
  g_assert_null (strstr (shown, "s3cret"));
  g_assert_cmpstr (shown, ==, "postgresql://app@db/mekenjai");
  g_assert_null (strstr (uri_shown, "s3cret"));
  g_assert_cmpstr (file_shown, ==, "/home/user/mekenjai.db");
}

/* On a server: the app never creates tables (an administrator's `init`
 * does); a newer schema and another application's tables are refused. */
static void
test_server_schema (StoreEnv *env)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *location = store_test_pg_create (&name);
  g_autoptr(MkStore) store = mk_store_open (location, &error);

  g_assert_null (store);
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, "init"));
  g_clear_error (&error);
  /* Nothing was written. */
  g_assert_cmpint (store_test_count (location, "SELECT count(*) FROM pg_catalog.pg_tables"
                                               " WHERE schemaname = current_schema ()"), ==, 0);

  store = mk_store_initialize (location, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mk_store_get_schema_version (store), ==, MK_STORE_SCHEMA_VERSION);
  g_clear_object (&store);
  store = mk_store_open (location, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  /* A server made at schema 5 (before positions in Russian, §17, and the
   * search index of schema 7, #14): the app asks for `init`, which upgrades
   * it in place, keeps the position and indexes the cases anew. */
  store = mk_store_open (location, &error);
  g_assert_no_error (error);
  g_assert_true (mk_store_seed_demo (store, 30, 3, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  store_test_pg_downgrade_to_6 (location);
  store_test_sql (location, "ALTER TABLE users DROP COLUMN position_ru; ALTER TABLE offices DROP COLUMN parent_id;"
                            " INSERT INTO users (login, full_name, position, role, active, demo, password_hash)"
                            " VALUES ('old', 'Old', 'маман', 'center-inspector', 1, 0, 'x');"
                            " UPDATE mekenjai_schema SET version = 5");
  store = mk_store_open (location, &error);
  g_assert_null (store);
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_VERSION);
  g_assert_nonnull (strstr (error->message, "init"));
  g_clear_error (&error);
  store = mk_store_initialize (location, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mk_store_get_schema_version (store), ==, MK_STORE_SCHEMA_VERSION);
  g_clear_object (&store);
  g_assert_cmpint (store_test_count (location, "SELECT count(*) FROM users WHERE position_ru = 'маман'"), ==, 1);
  g_assert_cmpint (store_test_count (location, "SELECT count(*) FROM offices WHERE parent_id = 'c01'"), ==, 29);
  g_assert_cmpint (store_test_count (location, "SELECT count(*) FROM case_search"), ==, 30);
  g_assert_cmpint (store_test_count (location, "SELECT count(*) FROM meta WHERE key = 'reindex'"), ==, 0);
  {
    /* Found as a Russian keyboard types a Kazakh name (#14). */
    g_autofree char *kazakh = store_test_text (location, "SELECT applicant_name FROM cases"
                                                         " WHERE applicant_name ~ '[ӘәҒғҚқҢңӨөҰұҮүҺһІі]' LIMIT 1");
    g_autofree char *folded = mk_search_fold (kazakh);
    g_autofree char *typed = mk_search_loose (folded);
    MkSearchQuery q = { .text = typed, .kind = -1, .queue_role = -1 };
    g_autoptr(GPtrArray) rows = NULL;

    store = mk_store_open (location, &error);
    g_assert_no_error (error);
    rows = mk_store_search (store, &q, 0, 50, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, >=, 1);
    g_assert_cmpstr (((MkCaseRow *) rows->pdata[0])->applicant_name, ==, kazakh);
    g_clear_object (&store);
  }
  g_assert_cmpint (store_test_count (location, "SELECT version FROM mekenjai_schema"), ==, MK_STORE_SCHEMA_VERSION);
  /* #13: the rows from before schema 7 are sealed as they were at the upgrade. */
  g_assert_cmpint (store_test_count (location, "SELECT count(*) FROM events WHERE action = 'seal-rows'"
                                               " AND row_digests LIKE 'user 1 %'"), ==, 1);
  store = mk_store_open (location, &error);
  g_assert_no_error (error);
  g_assert_true (mk_store_verify_audit (store, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  /* Schema 7 (§4, §6): the unique index over the active addresses' codes. */
  g_assert_cmpint (store_test_count (location, "SELECT count(*) FROM pg_indexes WHERE indexname = 'cases_rca_held'"),
                   ==, 1);

  store_test_sql (location, "UPDATE mekenjai_schema SET version = 99");
  store = mk_store_open (location, &error);
  g_assert_null (store);
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_VERSION);
  g_clear_error (&error);
  store_test_pg_drop (name);
  g_clear_pointer (&location, g_free);
  g_clear_pointer (&name, g_free);

  /* Someone else's database. */
  location = store_test_pg_create (&name);
  store_test_sql (location, "CREATE TABLE cases (id INTEGER); INSERT INTO cases VALUES (1)");
  store = mk_store_initialize (location, &error);
  g_assert_null (store);
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_MEKENJAI);
  g_clear_error (&error);
  g_assert_cmpint (store_test_count (location, "SELECT count(*) FROM cases"), ==, 1);
  store_test_pg_drop (name);

  /* A password the server refuses, and an address that is not one. */
  store = mk_store_open ("postgresql:///x?host=/nonexistent-socket-dir", &error);
  g_assert_null (store);
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_UNREACHABLE);
  g_clear_error (&error);
  store = mk_store_open ("mysql://db.example/cases", &error);
  g_assert_null (store);
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "mysql"));
}

/* Requirement: a schema-1 database migrates and keeps its cases; a newer one is refused. */
static void
test_migrations (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (env->dir, "v1.db", NULL);
  g_autoptr(MkStore) old = NULL;
  g_autoptr(MkUser) admin = mk_user_new ();
  g_autoptr(MkUser) center = mk_user_new ();
  g_autoptr(MkCase) c = NULL;
  g_autoptr(MkCase) back = NULL;
  g_autoptr(MkStore) store = NULL;

  if (store_test_pg () != NULL)
    {
      /* Schema 5 is the first on a server: it is upgraded by `init`. */
      test_server_schema (env);
      return;
    }
  old = mk_store_open_at_version (path, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mk_store_get_schema_version (old), ==, 1);
  /* The users of an old file, as that version wrote them (one position). */
  g_clear_object (&old);
  store_test_sql (path, "INSERT INTO users (id, login, full_name, position, office_id, role, active, demo,"
                        " password_hash) VALUES (1, 'admin', 'Admin', NULL, NULL, 'administrator', 1, 0, 'x'),"
                        " (2, 'center', 'Center', 'маман', 'c05', 'center-inspector', 1, 0, 'x')");
  old = mk_store_open_at_version (path, 1, &error);
  g_assert_no_error (error);
  admin->id = 1;
  admin->login = g_strdup ("admin");
  admin->role = MK_ROLE_ADMINISTRATOR;
  center->id = 2;
  center->login = g_strdup ("center");
  center->full_name = g_strdup ("Center");
  center->role = MK_ROLE_CENTER_INSPECTOR;
  center->office_id = g_strdup ("c05");
  g_clear_object (&old);
  /* A case as schema 1 stored it (today's code writes today's schema); with
   * no due day its sort key is the last day's (MK_STORE_KEY_NO_DUE). */
  store_test_sql (path, "INSERT INTO cases (id, regno, year, center_id, provider_id, kind, conditions, stage,"
                        " version, accepted_at, accepted_by, term_days, accepted_on, sort_key, applicant_kind,"
                        " applicant_idn, applicant_name, object_kind, items) VALUES (1, '3505-2026-000001', 2026,"
                        " 'c05', 'p01', 'clarification', 0, 'accumulation', 1, 1774000000, 2, 3, '2026-03-20',"
                        " (16777215 << 38) + 1, 'individual', '900101300123', 'Сейтқали Асқар', 'building', '[]')");
  /* Schema 7, §4, §6: two certificates an older version let give the same code. */
  for (int i = 2; i <= 3; i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO cases (id, regno, year, center_id, provider_id, kind, conditions, stage,"
        " version, accepted_at, accepted_by, term_days, accepted_on, sort_key, applicant_kind,"
        " applicant_idn, applicant_name, object_kind, items, result, a_rca, a_active) VALUES (%d,"
        " '3505-2026-00000%d', 2026, 'c05', 'p01', 'assignment', 0, 'issued', 1, 1774000000, 2, 7,"
        " '2026-03-20', %d, 'individual', '900101300123', 'Сейтқали Асқар', 'building', '[]',"
        " 'certificate', '3510000000000077', 1)", i, i, i);

      store_test_sql (path, sql);
    }
  c = mk_case_new ();
  c->regno = g_strdup ("3505-2026-000001");
  c->applicant_name = g_strdup ("Сейтқали Асқар");
  g_assert_cmpint (store_test_count (path, "SELECT count(*) FROM sqlite_schema WHERE name = 'drafts'"), ==, 0);

  store = mk_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mk_store_get_schema_version (store), ==, MK_STORE_SCHEMA_VERSION);
  back = mk_store_get_case_by_regno (store, c->regno, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->applicant_name, ==, c->applicant_name);
  g_assert_true (mk_store_save_draft (store, center->id, "{}", &error));
  g_assert_true (mk_store_verify_audit (store, NULL, NULL, &error));
  /* The earlier case keeps the code; every case gets the edition it was accepted under. */
  g_assert_cmpint (store_test_count (path, "SELECT count(*) FROM cases WHERE rca_held = '3510000000000077' AND id = 2"),
                   ==, 1);
  g_assert_cmpint (store_test_count (path, "SELECT count(*) FROM cases WHERE rca_held IS NOT NULL"), ==, 1);
  g_assert_cmpint (store_test_count (path, "SELECT count(*) FROM cases WHERE regulation_id = 1"), ==, 3);
  /* Schema 7 (#14): the search index is rebuilt with the look-alike
   * spellings, so the case written without an index row is found, and found
   * as typed on a Russian keyboard. */
  g_assert_cmpint (store_test_count (path, "SELECT count(*) FROM meta WHERE key = 'reindex'"), ==, 0);
  {
    MkSearchQuery q = { .text = "сейткали аскар", .kind = -1, .queue_role = -1 };
    g_autoptr(GPtrArray) rows = mk_store_search (store, &q, 0, 10, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpstr (((MkCaseRow *) rows->pdata[0])->regno, ==, c->regno);
  }
  /* Schema 6, §17: the one position serves in Russian too until it is edited. */
  {
    g_autoptr(MkUser) migrated = mk_store_get_user (store, 2, &error);
    g_autoptr(MkOffice) unit = mk_store_get_office (store, "c05", NULL);
    g_autoptr(MkOffice) branch = mk_store_get_office (store, "c01", NULL);

    g_assert_no_error (error);
    g_assert_nonnull (unit);
    g_assert_nonnull (branch);
    g_assert_cmpstr (migrated->position.kk, ==, "маман");
    g_assert_cmpstr (migrated->position.ru, ==, "маман");
    /* Appendix 2: the units of the oblast branch. */
    g_assert_cmpstr (unit->parent_id, ==, "c01");
    g_assert_null (branch->parent_id);
  }
  g_clear_object (&store);

  store_test_sql (path, "PRAGMA user_version = 99");
  store = mk_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_VERSION);
  g_clear_error (&error);

  /* A SQLite file of someone else's. */
  store_test_sql (path, "PRAGMA application_id = 42; PRAGMA user_version = 1");
  store = mk_store_open (path, &error);
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_MEKENJAI);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
  }
}

/* §11, §12: the compact checklist entry "n:f[:a]" that intake and attachments share. */
static void
test_item_codec (void)
{
  static const struct {
    const char *entry;
    gboolean    ok;
    const char *number;
    guint       flags;
    guint       n_attachments;
    const char *encoded;
  } table[] = {
    { "3:1", TRUE, "3", MK_STORE_ITEM_REQUIRED, 0, "3:1" },
    { "12:7:4", TRUE, "12", MK_STORE_ITEM_REQUIRED | MK_STORE_ITEM_PRESENT | MK_STORE_ITEM_RETURNED, 4, "12:7:4" },
    { "5:2:0", TRUE, "5", MK_STORE_ITEM_PRESENT, 0, "5:2" },   /* no count written for 0 */
    { "", FALSE }, { "7", FALSE }, { ":1", FALSE }, { "7:", FALSE }, { "7:x", FALSE },
    { "123456789012345678901234567890:1", FALSE },             /* number longer than a doc_kinds id */
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      MkStoreItem item;

      g_test_message ("entry “%s”", table[i].entry);
      g_assert_true (mk_store_item_decode (table[i].entry, &item) == table[i].ok);
      if (!table[i].ok)
        continue;
      g_assert_cmpstr (item.number, ==, table[i].number);
      g_assert_cmpuint (item.flags, ==, table[i].flags);
      g_assert_cmpuint (item.n_attachments, ==, table[i].n_attachments);
      mk_store_item_encode (out, &item);
      g_assert_cmpstr (out->str, ==, table[i].encoded);
    }
}

/* §9: the audit's JSON of changed fields, written by hand, reads back as written. */
static void
test_json_pairs (void)
{
  static const char *const values[] = {
    "3505-2026-000123", "Нұрланова Әсел", "say \"no\"", "C:\\path", "line\nbreak\ttab\r",
    "bell\x07", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *json = mk_store_json_pairs ("a", values[i], "skipped", NULL, NULL);
      g_autofree char *json2 = mk_store_json_pairs ("a", values[i], "b", "2", NULL);
      JsonObject *obj;

      g_test_message ("%s", json);
      g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
      g_assert_no_error (error);
      obj = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpuint (json_object_get_size (obj), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (obj, "a"), ==, values[i]);
      g_assert_true (json_parser_load_from_data (parser, json2, -1, &error));
      obj = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (obj, "b"), ==, "2");
    }
  {
    g_autofree char *none = mk_store_json_pairs ("a", NULL, NULL);
    g_assert_cmpstr (none, ==, "{}");
  }
}

/* §9: the chain's digest is computed exactly as when the trail was written:
 * this expected value comes from an independent implementation of the
 * length-prefixed field format, so any change of format breaks old trails. */
static void
test_event_hash_format (void)
{
  g_autofree char *prev = g_strnfill (64, 'a');
  MkEvent event = {
    .id = 42, .case_id = -7, .at = 1774000000, .user_id = 0, .role = MK_ROLE_CENTER_INSPECTOR,
    .action = (char *) "register", .stage_after = (char *) "accumulation",
    .after = (char *) "{\"regno\":\"3505-2026-000001\",\"name\":\"Әсел\"}",
  };
  g_autofree char *hash = NULL;

  for (guint i = 0; i < 64; i += 2)
    prev[i + 1] = 'b';
  hash = mk_store_event_hash (prev, &event);
  g_assert_cmpstr (hash, ==, "c65710ca6c2f84f0b65ea010de0e5401c4786f79e313240583bca49bd5fed0ff");
}

/* §10, §14: staff act only on their own office's cases; a refused action
 * changes nothing. */
static void
test_other_office (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) c = NULL;
  g_autoptr(MkUser) exec2 = store_test_user (env, "exec2", MK_ROLE_PROVIDER_EXECUTOR, "p02");
  g_autoptr(MkUser) center2 = store_test_user (env, "center2", MK_ROLE_CENTER_INSPECTOR, "c06");
  gint64 a = register_new (env, MK_SERVICE_CLARIFICATION, 7);

  send_register (env, env->accum, "to-provider", a);
  g_assert_false (mk_store_apply_action (env->store, exec2, a, "return-for-errors", "Басқа бөлім", &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "p01"));
  g_clear_error (&error);
  c = mk_store_get_case (env->store, a, &error);
  g_assert_cmpstr (c->stage, ==, "at-provider");
  g_clear_pointer (&c, mk_case_unref);

  apply_ok (env, env->exec, a, "return-for-errors", "Техпаспорт көшірмесі оқылмайды", "returned");
  g_assert_false (mk_store_apply_action (env->store, center2, a, "record-return-notification", NULL, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "c05"));
  g_clear_error (&error);
  apply_ok (env, env->center, a, "record-return-notification", NULL, "returned");
}

/* #13: demo accounts (password "demo") and invented cases never go into a
 * database with real staff; the refused run writes nothing. */
static void
test_demo_refused_beside_real_users (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkUser) real = mk_user_new ();
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GHashTable) counts = NULL;

  real->login = g_strdup ("aigerim");
  real->full_name = g_strdup ("Сейтова Айгерім Нұрланқызы");
  real->role = MK_ROLE_CENTER_INSPECTOR;
  real->office_id = g_strdup ("c05");
  g_assert_true (mk_store_add_user (env->store, env->admin, real, "secret", &error));
  g_assert_no_error (error);
  before = mk_store_list_users (env->store, &error);
  g_assert_no_error (error);

  g_assert_false (mk_store_seed_demo (env->store, 20, 1, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  after = mk_store_list_users (env->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len);
  g_assert_cmpint (mk_store_find_user_id (env->store, "demo-admin", NULL), ==, 0);
  counts = mk_store_count_by_stage (env->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 0);
  /* The bulk load's index tuning is undone on the way out. */
  if (store_test_pg () == NULL)
    g_assert_cmpint (store_test_count (env->path, "SELECT v FROM case_fts_config WHERE k = 'automerge'"), ==, 4);
}

/* #13: a new database file, its write-ahead log and a backup are readable by
 * their owner only; they hold ИИН and password hashes. */
static void
test_private_files (StoreEnv *env, gconstpointer data)
{
  g_autofree char *wal = g_strconcat (env->path, "-wal", NULL);
  g_autofree char *backup = g_build_filename (env->dir, "private-backup.db", NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  if (store_test_pg () != NULL)
    {
      g_test_skip ("a server's files are the server's");
      return;
    }
  g_assert_cmpint (g_stat (env->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (mk_store_backup (env->store, env->admin, backup, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (backup, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

/* #13, §9: on a server the app's own role adds to the audit trail and reads
 * it, but can neither change nor remove an event, nor change the schema;
 * ordinary work goes on. */
static void
test_app_role_appends_only (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkStore) app = NULL;
  g_autoptr(MkCase) c = NULL;
  g_autofree char *role = NULL;
  g_autofree char *location = NULL;
  g_autofree char *sql = NULL;
  static const char *const refused[] = {
    "UPDATE events SET note = 'rewritten'",
    "DELETE FROM events",
    "TRUNCATE events",
    "UPDATE mekenjai_schema SET version = 99",
    "ALTER TABLE cases ADD COLUMN forged TEXT",
    "DROP TABLE events",
    "DROP TRIGGER document_immutable ON document",
  };
  int before;

  if (store_test_pg () == NULL)
    {
      g_test_skip ("database roles exist only on a server");
      return;
    }
  role = g_strdup_printf ("mk_app_%d_%u", (int) getpid (), g_random_int () % 100000);
  /* Test code: the role's name is made just above, of letters, digits and _. */
  sql = g_strdup_printf ("CREATE ROLE %s LOGIN", role);
  store_test_pg_command (sql);
  g_assert_true (mk_store_grant_app_role (env->store, role, &error));
  g_assert_no_error (error);

  location = g_strdup_printf ("%s user=%s", env->path, role);
  app = mk_store_open (location, &error);
  g_assert_no_error (error);
  c = store_test_case (app, MK_SERVICE_ASSIGNMENT, 41);
  g_assert_true (mk_store_register_case (app, env->center, c, &error));
  g_assert_no_error (error);
  before = store_test_count (env->path, "SELECT count(*) FROM events");
  g_assert_cmpint (before, >, 0);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *message = store_test_sql_error (location, refused[i]);

      g_assert_nonnull (message);
      g_test_message ("%s: %s", refused[i], message);
      g_assert_true (strstr (message, "permission denied") != NULL || strstr (message, "must be owner") != NULL);
    }
  g_assert_cmpint (store_test_count (env->path, "SELECT count(*) FROM events"), ==, before);
  g_assert_cmpint (store_test_count (env->path, "SELECT count(*) FROM events WHERE note = 'rewritten'"), ==, 0);
  {
    g_autoptr(MkAuditReport) report = mk_store_check_audit (app, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (report->bad_event, ==, 0);
    g_assert_cmpuint (report->bad_rows->len, ==, 0);
    g_assert_cmpuint (report->n_events, ==, (guint64) before);
  }

  g_clear_object (&app);
  g_free (sql);
  sql = g_strdup_printf ("DROP OWNED BY %s", role);
  store_test_sql (env->path, sql);
  g_free (sql);
  sql = g_strdup_printf ("DROP ROLE %s", role);
  store_test_pg_command (sql);
}

static void
assert_day (MkCalendar *calendar,
            int         year,
            GDateMonth  month,
            GDateDay    day,
            gboolean    working)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, day, month, (GDateYear) year);
  g_assert_cmpint (mk_calendar_is_working_day (calendar, &d), ==, working);
}

static void
assert_after (MkCalendar *calendar,
              int         year,
              GDateMonth  month,
              GDateDay    day,
              guint       n,
              const char *expected)
{
  g_autofree char *iso = NULL;
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, day, month, (GDateYear) year);
  mk_calendar_add_working_days (calendar, &d, n);
  iso = mk_date_to_iso (&d);
  g_assert_cmpstr (iso, ==, expected);
}

/* #10, §7, §20, §22, §24–§26: after the shipped years (2024–2027) the store's
 * calendar is generated from the law's rules (a holiday on Saturday or
 * Sunday moves to the next working day, a religious day never moves), both
 * when the database is new and when it is opened again; the stored years
 * stay as data. */
static void
test_calendar_after_shipped_years (StoreEnv *env, gconstpointer data)
{
  for (int pass = 0; pass < 2; pass++)
    {
      MkCalendar *calendar = mk_store_get_calendar (env->store);

      g_assert_true (mk_calendar_has_year (calendar, 2027));
      g_assert_false (mk_calendar_has_year (calendar, 2028));
      /* 1–2 January 2028 are Saturday and Sunday: Monday 3 and Tuesday 4 are off. */
      assert_day (calendar, 2028, G_DATE_JANUARY, 3, FALSE);
      assert_day (calendar, 2028, G_DATE_JANUARY, 4, FALSE);
      assert_day (calendar, 2028, G_DATE_JANUARY, 5, TRUE);
      /* Orthodox Christmas, Friday 7 January 2028: religious, off. */
      assert_day (calendar, 2028, G_DATE_JANUARY, 7, FALSE);
      /* Nauryz 2028, Tuesday to Thursday 21–23 March. */
      assert_day (calendar, 2028, G_DATE_MARCH, 22, FALSE);
      /* 7 January 2029 is a Sunday: a religious day does not move. */
      assert_day (calendar, 2029, G_DATE_JANUARY, 8, TRUE);
      /* A §7 term over New Year 2027/2028 and 2028/2029. */
      assert_after (calendar, 2027, G_DATE_DECEMBER, 31, 1, "2028-01-05");
      assert_after (calendar, 2027, G_DATE_DECEMBER, 31, 3, "2028-01-10");
      assert_after (calendar, 2028, G_DATE_DECEMBER, 29, 1, "2029-01-03");
      /* A year of data is not mixed with the rules: 2027 as shipped. */
      assert_day (calendar, 2027, G_DATE_MARCH, 22, FALSE);

      g_clear_object (&env->store);
      store_env_open (env);
    }
}


/* Prepares @id's certificate with the address registration code @rca (§6). */
static gboolean
prepare_with_code (StoreEnv *env, gint64 id, const char *rca, GError **error)
{
  g_autoptr(MkCase) c = mk_store_get_case (env->store, id, NULL);
  g_autoptr(MkAddress) address = mk_address_copy (c->address);
  GDate basis;

  g_free (address->rca);
  address->rca = g_strdup (rca);
  g_date_clear (&basis, 1);
  g_date_set_dmy (&basis, 15, G_DATE_JANUARY, 2026);
  return mk_store_prepare_certificate (env->store, env->exec, id, c->version, address, "12/03", &basis, error);
}

static gboolean
case_address_active (StoreEnv *env, gint64 id)
{
  g_autoptr(MkCase) c = mk_store_get_case (env->store, id, NULL);

  return c->address->active;
}

/* §4, §6: the address registration code is unique among active addresses —
 * a second case is refused with the holder's number, the database's unique
 * index refuses it too, and an abolition, once signed, frees the code. */
static void
test_rca_unique_among_active (StoreEnv *env, gconstpointer data)
{
  static const char code[] = "3510000000004242";
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) a = NULL;
  g_autoptr(MkCase) b = NULL;
  g_autoptr(MkCase) c = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *message = NULL;
  gint64 first = register_new (env, MK_SERVICE_ASSIGNMENT, 1);
  gint64 second = register_new (env, MK_SERVICE_ASSIGNMENT, 2);
  gint64 clarify = register_new (env, MK_SERVICE_CLARIFICATION, 3);
  gint64 abolish = register_new (env, MK_SERVICE_ABOLITION, 4);
  gboolean retired = FALSE;

  send_register (env, env->accum, "to-provider", first);
  send_register (env, env->accum, "to-provider", second);
  send_register (env, env->accum, "to-provider", clarify);
  send_register (env, env->accum, "to-provider", abolish);
  g_assert_true (prepare_with_code (env, first, code, &error));
  g_assert_no_error (error);
  a = mk_store_get_case (env->store, first, &error);

  /* The second assignment with the same code is refused, naming the holder; nothing changes. */
  g_assert_false (prepare_with_code (env, second, code, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, a->regno));
  g_assert_nonnull (strstr (error->message, "§4"));
  g_clear_error (&error);
  b = mk_store_get_case (env->store, second, &error);
  g_assert_cmpstr (b->stage, ==, "at-provider");
  g_assert_null (b->basis_number);

  /* A clarification only cites the code of a registered address. */
  g_assert_true (prepare_with_code (env, clarify, code, &error));
  g_assert_no_error (error);

  /* The index, not only the check: the database itself refuses a second holder … */
  sql = g_strdup_printf ("UPDATE cases SET rca_held = '%s' WHERE id = %" G_GINT64_FORMAT, code, second);
  message = store_test_sql_error (env->path, sql);
  g_assert_nonnull (message);
  /* … and the store maps that failure to the rules' message, for a row the check never saw. */
  {
    g_autoptr(MkCase) copy = mk_store_get_case (env->store, first, &error);

    copy->id = 999;
    g_free (copy->regno);
    copy->regno = g_strdup ("3505-2026-999999");
    g_assert_true (mk_store_begin (env->store, &error));
    g_assert_false (mk_store_insert_case_row (env->store, copy, 7, FALSE, NULL, &error));
    mk_store_rollback (env->store);
    g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_DUPLICATE);
    g_assert_nonnull (strstr (error->message, code));
    g_assert_nonnull (strstr (error->message, "§4"));
    g_clear_error (&error);
  }

  /* An abolition of that address names its code; signed, it makes the
   * address inactive, on the case that gave it too (its history says so). */
  g_assert_true (prepare_with_code (env, abolish, code, &error));
  g_assert_no_error (error);
  g_assert_true (case_address_active (env, first));
  sign_fixture_sign_case (env->store, env->admin, env->head, abolish);
  g_assert_false (case_address_active (env, abolish));
  g_assert_false (case_address_active (env, first));
  c = mk_store_get_case (env->store, abolish, &error);
  events = mk_store_list_events (env->store, first, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      MkEvent *e = g_ptr_array_index (events, i);

      if (g_strcmp0 (e->action, "retire-address") == 0)
        retired = g_strcmp0 (e->note, c->regno) == 0;
    }
  g_assert_true (retired);

  /* Domain notes: unique among active addresses, so the abolished code may be given again. */
  g_assert_true (prepare_with_code (env, second, code, &error));
  g_assert_no_error (error);
  g_assert_true (mk_store_verify_audit (env->store, NULL, NULL, &error));
  g_assert_no_error (error);
}


/* §4, §6: the demo's address codes follow from the registration number, so
 * the same seed twice into one database gives no code twice. */
static void
test_demo_codes_from_regno (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) c = NULL;
  g_autofree char *regno = NULL;
  g_autofree char *rca = NULL;
  GString *digits = g_string_new (NULL);

  for (int run = 0; run < 2; run++)
    {
      g_assert_true (mk_store_seed_demo (env->store, 300, 7, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (store_test_count (env->path, "SELECT count(*) FROM cases"), ==, 600);
  g_assert_cmpint (store_test_count (env->path, "SELECT count(*) FROM cases WHERE rca_held IS NOT NULL"), >, 50);
  g_assert_cmpint (store_test_count (env->path, "SELECT count(DISTINCT a_rca) FROM cases WHERE a_rca IS NOT NULL"),
                   ==, store_test_count (env->path, "SELECT count(*) FROM cases WHERE a_rca IS NOT NULL"));
  /* The code of a case's address: its number's 14 digits, then 01. */
  regno = store_test_text (env->path, "SELECT regno FROM cases WHERE kind = 'assignment' AND a_rca IS NOT NULL"
                                      " ORDER BY id DESC LIMIT 1");
  c = mk_store_get_case_by_regno (env->store, regno, &error);
  g_assert_no_error (error);
  for (const char *p = regno; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  g_string_append (digits, "01");
  g_assert_cmpstr (c->address->rca, ==, digits->str);
  g_string_free (digits, TRUE);
  /* Found by its code, as every case is. */
  rca = g_strdup (c->address->rca);
  {
    MkSearchQuery query = { .text = rca, .kind = -1, .queue_role = -1 };
    g_autoptr(GPtrArray) hits = mk_store_search (env->store, &query, 0, 10, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, ==, 1);
  }
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/checklist-item-codec-s11-s12", test_item_codec);
  g_test_add_func ("/store/audit-json-pairs-s9", test_json_pairs);
  g_test_add_func ("/store/server-location", test_server_location);
  g_test_add_func ("/store/audit-hash-format-s9", test_event_hash_format);
#define ADD(path, fn) g_test_add (path, StoreEnv, NULL, store_env_setup, fn, store_env_teardown)
  ADD ("/store/open-reopen-seeded-app1-app2", test_open);
  ADD ("/store/users-s14-s17", test_users);
  ADD ("/store/register/kinds-s7-s20-s22", test_register_kinds);
  ADD ("/store/register/invalid-s1-s11-s23", test_register_invalid);
  ADD ("/store/refuse-intake-s23", test_refuse_intake);
  ADD ("/store/center-hours-s16-s23", test_center_hours);
  ADD ("/store/workflow-s10-s22-s26", test_workflow);
  ADD ("/store/own-office-only-s10-s14", test_other_office);
  ADD ("/store/rca-unique-among-active-s4-s6", test_rca_unique_among_active);
  ADD ("/store/demo-codes-from-regno-s4-s6", test_demo_codes_from_regno);
  ADD ("/store/registers-s10-s19", test_registers);
  ADD ("/store/update-s24-conflict", test_update);
  ADD ("/store/drafts", test_drafts);
  ADD ("/store/audit-s9", test_audit);
  for (guint i = 0; i < G_N_ELEMENTS (forgeries); i++)
    {
      g_autofree char *path = g_strdup_printf ("/store/audit-forgery-s9/%s", forgeries[i].name);

      g_test_add (path, StoreEnv, &forgeries[i], store_env_setup, test_audit_forgery, store_env_teardown);
    }
  ADD ("/store/migrations", test_migrations);
  ADD ("/store/calendar-after-shipped-years-s7", test_calendar_after_shipped_years);
  ADD ("/store/demo-refused-beside-real-users", test_demo_refused_beside_real_users);
  ADD ("/store/private-files", test_private_files);
  ADD ("/store/app-role-appends-audit-only-s9", test_app_role_appends_only);
  ADD ("/store/issue-recipient-s21", test_issue_recipient);
  ADD ("/store/correct-step-s9", test_correct);
  ADD ("/store/receipt-s19", test_receipt);
  ADD ("/store/receipt-upgrade-schema-7", test_receipt_upgrade);
  {
    int status = g_test_run ();

    sign_fixture_cleanup ();
    return status;
  }
}
