/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the store's issued documents: versions, the head's signature, immutability, QR and file checks. */

#include "sign-fixture.h"
#include "mk-document.h"
#include "mk-qr.h"
#include "mk-qr-reader.h"
#include "mk-sign.h"

#define P12_PASSWORD SIGN_FIXTURE_PASSWORD

static const char *p12_path;

static gint64
register_new (StoreEnv *env, guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) c = store_test_case (env->store, MK_SERVICE_ASSIGNMENT, n);

  g_assert_true (mk_store_register_case (env->store, env->center, c, &error));
  g_assert_no_error (error);
  return c->id;
}

/* §10 steps 1–4: registered, sent to the provider, certificate prepared: stage "signing". */
static gint64
case_at_signing (StoreEnv *env, guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkRegister) reg = NULL;
  gint64 id = register_new (env, n);

  reg = mk_store_create_register (env->store, env->accum, "to-provider", "p01", &id, 1, &error);
  g_assert_no_error (error);
  /* §19: the provider signs for the package before working on it. */
  g_assert_true (mk_store_receive_register (env->store, env->exec, reg->id, &error));
  g_assert_no_error (error);
  store_test_prepare_certificate (env->store, env->exec, id);
  return id;
}

static char *
case_stage (StoreEnv *env, gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) c = mk_store_get_case (env->store, id, &error);

  g_assert_no_error (error);
  return g_strdup (c->stage);
}

/* §13: the receipt is kept; printing it again adds no version, a changed case does. */
static void
test_receipt_versions (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkDocumentRecord) v1 = NULL;
  g_autoptr(MkDocumentRecord) again = NULL;
  g_autoptr(MkDocumentRecord) v2 = NULL;
  g_autoptr(MkDocumentRecord) got = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(MkCase) c = NULL;
  g_autofree char *sha = NULL;
  gint64 id = register_new (env, 1);
  guint n_issue = 0;

  v1 = mk_store_issue_document (env->store, env->center, "receipt", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (v1->kind, ==, "receipt");
  g_assert_cmpuint (v1->version, ==, 1);
  g_assert_false (v1->is_signed);
  g_assert_cmpint (v1->superseded_by, ==, 0);
  g_assert_true (g_str_has_prefix (v1->qr_payload, MK_QR_PAYLOAD_MAGIC "|receipt|"));
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, v1->pdf);
  g_assert_cmpstr (sha, ==, v1->sha256);

  again = mk_store_issue_document (env->store, env->center, "receipt", id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->id, ==, v1->id);

  /* A corrected phone number is a new receipt: version 2 supersedes version 1. */
  c = mk_store_get_case (env->store, id, &error);
  g_free (c->applicant_phone);
  c->applicant_phone = g_strdup ("+7 702 000 00 01");
  g_assert_true (mk_store_update_case (env->store, env->center, c, &error));
  g_assert_no_error (error);
  v2 = mk_store_issue_document (env->store, env->center, "receipt", id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (v2->version, ==, 2);
  g_assert_cmpstr (v2->number, ==, v1->number);
  g_assert_cmpstr (v2->sha256, !=, v1->sha256);

  list = mk_store_list_documents (env->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_null (((MkDocumentRecord *) list->pdata[0])->pdf);
  g_assert_cmpint (((MkDocumentRecord *) list->pdata[0])->superseded_by, ==, v2->id);
  got = mk_store_get_document (env->store, v1->id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got->pdf, v1->pdf));

  /* Each new version is one audit event. */
  events = mk_store_list_events (env->store, id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    n_issue += g_strcmp0 (((MkEvent *) events->pdata[i])->action, "issue-document") == 0;
  g_assert_cmpuint (n_issue, ==, 2);
  g_assert_true (mk_store_verify_audit (env->store, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* §23, §6, §24: each kind only where the case has it. */
static void
test_kind_rules (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) refused = store_test_case (env->store, MK_SERVICE_ASSIGNMENT, 2);
  g_autoptr(MkDocumentRecord) d = NULL;
  gint64 id = register_new (env, 3);
  static const char *const not_yet[] = { "refusal-receipt", "certificate", "refusal", "return-letter" };

  for (guint i = 0; i < G_N_ELEMENTS (not_yet); i++)
    {
      g_assert_null (mk_store_issue_document (env->store, env->center, not_yet[i], id, &error));
      g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_null (mk_store_issue_document (env->store, env->center, "no-such-kind", id, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (mk_store_issue_document (env->store, NULL, "receipt", id, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  /* §23: a refused package gets the refusal receipt, not the receipt. */
  ((MkCaseItem *) refused->items->pdata[0])->present = FALSE;
  g_assert_true (mk_store_refuse_intake (env->store, env->center, refused, &error));
  g_assert_no_error (error);
  g_assert_null (mk_store_issue_document (env->store, env->center, "receipt", refused->id, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  d = mk_store_issue_document (env->store, env->center, "refusal-receipt", refused->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (d->kind, ==, "refusal-receipt");
  g_clear_pointer (&d, mk_document_record_free);

  /* §24: returned for errors → the return letter. */
  {
    g_autoptr(MkRegister) reg = mk_store_create_register (env->store, env->accum, "to-provider", "p01",
                                                          &id, 1, &error);
    g_assert_no_error (error);
    g_assert_true (mk_store_receive_register (env->store, env->exec, reg->id, &error));
    g_assert_no_error (error);
    g_assert_true (mk_store_apply_action (env->store, env->exec, id, "return-for-errors",
                                          "Техникалық паспорт оқылмайды", &error));
    g_assert_no_error (error);
    d = mk_store_issue_document (env->store, env->exec, "return-letter", id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (d->kind, ==, "return-letter");
    g_clear_pointer (&d, mk_document_record_free);

    /* §10 step 3, §19: the register that carried it. */
    d = mk_store_issue_document (env->store, env->accum, "register", reg->id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (d->register_id, ==, reg->id);
    g_assert_cmpint (d->case_id, ==, 0);
    g_assert_cmpstr (d->number, ==, reg->number);
  }
}

/* §10 step 5: only the head signs; the signed PDF is a new immutable version, and the case moves to "signed". */
static void
test_sign (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkDocumentRecord) draft = NULL;
  g_autoptr(MkDocumentRecord) signed_doc = NULL;
  g_autoptr(MkDocumentRecord) reissued = NULL;
  g_autoptr(MkDocumentRecord) old = NULL;
  g_autoptr(MkDocumentCheck) check = NULL;
  g_autoptr(MkSignInfo) info = NULL;
  g_autofree char *stage = NULL;
  gint64 id;
  char *message = NULL;

  if (p12_path == NULL)
    {
      g_test_skip ("certtool (gnutls-bin) is needed to make a signing key");
      return;
    }
  id = case_at_signing (env, 4);
  draft = mk_store_issue_document (env->store, env->exec, "certificate", id, &error);
  g_assert_no_error (error);
  g_assert_false (draft->is_signed);

  /* Not the head: refused, and nothing changes. */
  g_assert_null (mk_store_sign_document (env->store, env->exec, draft->id, p12_path, P12_PASSWORD, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  /* A wrong password: the case stays at "signing" with no signed version. */
  g_assert_null (mk_store_sign_document (env->store, env->head, draft->id, p12_path, "wrong", &error));
  g_assert_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_PASSWORD);
  g_clear_error (&error);
  stage = case_stage (env, id);
  g_assert_cmpstr (stage, ==, "signing");
  g_clear_pointer (&stage, g_free);

  /* §10 step 5: no key is the head's until an administrator registers the
   * head's certificate; then only that key signs. Nothing changes before. */
  g_assert_null (mk_store_sign_document (env->store, env->head, draft->id, p12_path, P12_PASSWORD, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (mk_store_set_user_certificate (env->store, env->exec, env->head->id, NULL, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  {
    g_autofree char *crt = sign_fixture_file ("head.crt");
    g_autofree char *pem = NULL;
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GBytes) junk = g_bytes_new_static ("not a certificate", 17);

    g_assert_true (g_file_get_contents (crt, &pem, NULL, NULL));
    bytes = g_bytes_new (pem, strlen (pem));
    /* Only a head signs, so only a head has a certificate. */
    g_assert_false (mk_store_set_user_certificate (env->store, env->admin, env->exec->id, bytes, &error));
    g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (mk_store_set_user_certificate (env->store, env->admin, env->head->id, junk, &error));
    g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
  sign_fixture_register (env->store, env->admin, env->head);
  {
    g_autofree char *other = sign_fixture_file ("other.p12");

    /* A key with the same name on it is still somebody else's. */
    g_assert_null (mk_store_sign_document (env->store, env->head, draft->id, other, P12_PASSWORD, &error));
    g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
    g_clear_error (&error);
  }
  stage = case_stage (env, id);
  g_assert_cmpstr (stage, ==, "signing");
  g_clear_pointer (&stage, g_free);

  signed_doc = mk_store_sign_document (env->store, env->head, draft->id, p12_path, P12_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (signed_doc->is_signed);
  g_assert_nonnull (signed_doc->signer_cert_sha256);
  g_assert_cmpuint (signed_doc->version, ==, draft->version + 1);
  g_assert_cmpint (signed_doc->signed_by, ==, env->head->id);
  g_assert_cmpstr (signed_doc->qr_payload, ==, draft->qr_payload);
  g_assert_true (mk_sign_verify_pdf (signed_doc->pdf, &info, &error));
  g_assert_no_error (error);
  g_assert_true (info->valid);
  stage = case_stage (env, id);
  g_assert_cmpstr (stage, ==, "signed");
  old = mk_store_get_document (env->store, draft->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (old->superseded_by, ==, signed_doc->id);

  /* Signing twice, or signing the superseded draft: refused. */
  g_assert_null (mk_store_sign_document (env->store, env->head, signed_doc->id, p12_path, P12_PASSWORD, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (mk_store_sign_document (env->store, env->head, draft->id, p12_path, P12_PASSWORD, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Issuing the certificate again returns the signed version. */
  reissued = mk_store_issue_document (env->store, env->exec, "certificate", id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reissued->id, ==, signed_doc->id);

  /* The QR code of the paper names the signed, valid, current version. */
  check = mk_store_find_document_by_qr (env->store, draft->qr_payload, &error);
  g_assert_no_error (error);
  g_assert_nonnull (check->document);
  g_assert_cmpint (check->document->id, ==, signed_doc->id);
  g_assert_true (check->digest_matches);
  g_assert_true (check->has_signature);
  g_assert_true (check->signature_valid);
  g_assert_true (check->signer_registered);
  g_assert_cmpstr (check->registered_head, ==, env->head->full_name);

  /* The database itself refuses to change or delete a signed row. */
  message = store_test_sql_error (env->path, STORE_TEST_SQL ("UPDATE document SET pdf = x'00' WHERE signed = 1",
                                                             "UPDATE document SET pdf = '\\x00' WHERE signed = 1"));
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "immutable"));
  g_clear_pointer (&message, g_free);
  message = store_test_sql_error (env->path, "UPDATE document SET signed = 0");
  g_assert_nonnull (message);
  g_clear_pointer (&message, g_free);
  message = store_test_sql_error (env->path, "DELETE FROM document WHERE signed = 1");
  g_assert_nonnull (strstr (message, "never deleted"));
  g_clear_pointer (&message, g_free);
}

/* §10 step 5: the head signs what is printed for them now; a draft that names
 * another head (prepared before this head took over) must be opened again. */
static void
test_sign_outdated (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkDocumentRecord) draft = NULL;
  g_autoptr(MkDocumentRecord) fresh = NULL;
  g_autoptr(MkDocumentRecord) signed_doc = NULL;
  g_autoptr(MkUser) head2 = NULL;
  g_autofree char *stage = NULL;
  gint64 id;

  if (p12_path == NULL)
    {
      g_test_skip ("certtool (gnutls-bin) is needed to make a signing key");
      return;
    }
  id = case_at_signing (env, 5);
  draft = mk_store_issue_document (env->store, env->exec, "certificate", id, &error);
  g_assert_no_error (error);
  head2 = store_test_user (env, "head2", MK_ROLE_PROVIDER_HEAD, "p01");
  sign_fixture_register (env->store, env->admin, head2);
  g_assert_null (mk_store_sign_document (env->store, head2, draft->id, p12_path, P12_PASSWORD, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  stage = case_stage (env, id);
  g_assert_cmpstr (stage, ==, "signing");

  /* Opened again by that head: a new version with their name, which they sign. */
  fresh = mk_store_issue_document (env->store, head2, "certificate", id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fresh->version, ==, draft->version + 1);
  signed_doc = mk_store_sign_document (env->store, head2, fresh->id, p12_path, P12_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signed_doc->signer_name, ==, head2->full_name);
}

/* QR lookup: the same code matches; a changed digest, an unknown number or foreign text do not. */
static void
test_qr_lookup (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkDocumentRecord) d = NULL;
  g_autoptr(MkQrPayload) p = NULL;
  gint64 id = register_new (env, 6);
  struct {
    const char *name;
    char       *payload;
    gboolean    found;
    gboolean    matches;
  } cases[6];
  GDate next_day;

  d = mk_store_issue_document (env->store, env->center, "receipt", id, &error);
  g_assert_no_error (error);
  p = mk_qr_payload_parse (d->qr_payload, &error);
  g_assert_no_error (error);

  cases[0].name = "same";
  cases[0].payload = g_strdup_printf ("  %s\n", d->qr_payload);
  cases[0].found = TRUE;
  cases[0].matches = TRUE;
  cases[1].name = "forged-digest";
  cases[1].payload = mk_qr_payload_build (p->kind, p->number, &p->date, p->rca, "0123456789abcdef");
  cases[1].found = TRUE;
  cases[1].matches = FALSE;
  cases[2].name = "unknown-number";
  cases[2].payload = mk_qr_payload_build (p->kind, "9999-2026-999999", &p->date, p->rca, p->digest);
  cases[2].found = FALSE;
  cases[2].matches = FALSE;
  /* #13: every field of the payload counts, its digest kept as it was. */
  next_day = p->date;
  g_date_add_days (&next_day, 1);
  cases[3].name = "changed-date";
  cases[3].payload = mk_qr_payload_build (p->kind, p->number, &next_day, p->rca, p->digest);
  cases[3].found = TRUE;
  cases[3].matches = FALSE;
  cases[4].name = "changed-code";
  cases[4].payload = mk_qr_payload_build (p->kind, p->number, &p->date,
                                          g_strcmp0 (p->rca, "1234567890123456") != 0 ? "1234567890123456"
                                                                                     : "6543210987654321",
                                          p->digest);
  cases[4].found = TRUE;
  cases[4].matches = FALSE;
  cases[5].name = "changed-kind";
  cases[5].payload = mk_qr_payload_build ("certificate", p->number, &p->date, p->rca, p->digest);
  cases[5].found = FALSE;
  cases[5].matches = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MkDocumentCheck) check = mk_store_find_document_by_qr (env->store, cases[i].payload, &error);

      g_test_message ("case %s", cases[i].name);
      g_assert_no_error (error);
      g_assert_nonnull (check);
      g_assert_cmpint (check->document != NULL, ==, cases[i].found);
      g_assert_cmpint (check->digest_matches, ==, cases[i].matches);
      g_assert_false (check->has_signature);
      g_free (cases[i].payload);
    }

  g_assert_null (mk_store_find_document_by_qr (env->store, "https://example.org/", &error));
  g_assert_error (error, MK_QR_ERROR, MK_QR_ERROR_FORMAT);
}

/* A file check: the stored bytes are identical; one changed byte is not; its QR code reads back. */
static void
test_file_check (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkDocumentRecord) d = NULL;
  g_autoptr(MkDocumentCheck) same = NULL;
  g_autoptr(MkDocumentCheck) changed = NULL;
  g_autoptr(GBytes) modified = NULL;
  guint8 *bytes;
  gsize size;
  gint64 id = register_new (env, 7);

  d = mk_store_issue_document (env->store, env->center, "receipt", id, &error);
  g_assert_no_error (error);
  same = mk_store_check_document_file (env->store, d->pdf, &error);
  g_assert_no_error (error);
  g_assert_true (same->identical);
  g_assert_cmpint (same->document->id, ==, d->id);

  size = g_bytes_get_size (d->pdf);
  bytes = g_memdup2 (g_bytes_get_data (d->pdf, NULL), size);
  bytes[size / 2] ^= 0x20;
  modified = g_bytes_new_take (bytes, size);
  changed = mk_store_check_document_file (env->store, modified, &error);
  g_assert_no_error (error);
  g_assert_false (changed->identical);
  g_assert_null (changed->document);

  /* The printed page's QR code reads back as the stored payload. */
  {
    g_autofree char *text = mk_qr_read_bytes (d->pdf, "receipt.pdf", NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (text, ==, d->qr_payload);
  }
}

/* A database of the previous schema gains the document table on opening. */
static void
test_migration (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (env->dir, "old.db", NULL);
  g_autoptr(MkStore) old = mk_store_open_at_version (path, 3, &error);
  g_autoptr(MkStore) now = NULL;

  g_assert_no_error (error);
  g_clear_object (&old);
  now = mk_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mk_store_get_schema_version (now), ==, MK_STORE_SCHEMA_VERSION);
  g_assert_cmpint (store_test_count (path, "SELECT count(*) FROM sqlite_schema WHERE name = 'document'"), ==, 1);
  g_clear_object (&now);
  for (const char *suffix = ""; suffix != NULL; suffix = g_str_equal (suffix, "") ? "-wal"
                                                        : g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (path, suffix, NULL);
      g_unlink (file);
    }
}

/* §10 step 5, #14: once an administrator installs the national certification
 * center's roots, only a certificate issued under one signs, and a check of
 * the document names the center; a self-signed key, even registered, is
 * refused and changes nothing. */
static void
test_trust_anchors (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) anchors = NULL;
  g_autoptr(GBytes) ca = NULL;
  g_autoptr(GBytes) ca2 = NULL;
  g_autoptr(GBytes) leaf = NULL;
  g_autoptr(MkDocumentRecord) draft = NULL;
  g_autoptr(MkDocumentRecord) signed_doc = NULL;
  g_autoptr(MkDocumentCheck) check = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *stage = NULL;
  g_autofree char *ca_sha = NULL;
  gint64 id;

  if (p12_path == NULL)
    {
      g_test_skip ("certtool (gnutls-bin) is needed to make a signing key");
      return;
    }
  ca = sign_fixture_bytes ("ca.crt");
  ca2 = sign_fixture_bytes ("ca2.crt");
  leaf = sign_fixture_bytes ("head.crt");
  issued = sign_fixture_file ("issued.p12");
  id = case_at_signing (env, 6);
  draft = mk_store_issue_document (env->store, env->exec, "certificate", id, &error);
  g_assert_no_error (error);

  anchors = mk_store_list_trust_anchors (env->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (anchors->len, ==, 0);
  g_clear_pointer (&anchors, g_ptr_array_unref);

  /* Only an administrator installs one, and only a center's (CA) certificate. */
  g_assert_cmpuint (mk_store_add_trust_anchors (env->store, env->head, ca, &error), ==, 0);
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpuint (mk_store_add_trust_anchors (env->store, env->admin, leaf, &error), ==, 0);
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (mk_store_add_trust_anchors (env->store, env->admin, ca, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (mk_store_add_trust_anchors (env->store, env->admin, ca, &error), ==, 0);
  g_assert_no_error (error);
  anchors = mk_store_list_trust_anchors (env->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (anchors->len, ==, 1);
  g_assert_cmpstr (((MkSignCertificate *) g_ptr_array_index (anchors, 0))->common_name, ==, "Тест ҰКО түбірі");
  ca_sha = g_strdup (((MkSignCertificate *) g_ptr_array_index (anchors, 0))->sha256);
  g_clear_pointer (&anchors, g_ptr_array_unref);

  /* The registered key is self-signed: refused, and nothing changes. */
  sign_fixture_register (env->store, env->admin, env->head);
  g_assert_null (mk_store_sign_document (env->store, env->head, draft->id, p12_path, P12_PASSWORD, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  stage = case_stage (env, id);
  g_assert_cmpstr (stage, ==, "signing");
  g_clear_pointer (&stage, g_free);
  g_assert_cmpint (store_test_count (env->path, "SELECT count(*) FROM document WHERE signed = 1"), ==, 0);

  /* A key the center issued, registered for the head: signs. */
  sign_fixture_register_file (env->store, env->admin, env->head, "issued.crt");
  signed_doc = mk_store_sign_document (env->store, env->head, draft->id, issued, P12_PASSWORD, &error);
  g_assert_no_error (error);
  stage = case_stage (env, id);
  g_assert_cmpstr (stage, ==, "signed");
  check = mk_store_find_document_by_qr (env->store, draft->qr_payload, &error);
  g_assert_no_error (error);
  g_assert_true (check->signature_valid);
  g_assert_true (check->signer_registered);
  g_assert_cmpint (check->trust, ==, MK_SIGN_TRUST_TRUSTED);
  g_assert_cmpstr (check->trust_anchor, ==, "Тест ҰКО түбірі");
  g_clear_pointer (&check, mk_document_check_free);

  /* Another center only: the same signature no longer leads to a trusted root. */
  g_assert_cmpuint (mk_store_add_trust_anchors (env->store, env->admin, ca2, &error), ==, 1);
  g_assert_true (mk_store_remove_trust_anchor (env->store, env->admin, ca_sha, &error));
  g_assert_no_error (error);
  check = mk_store_find_document_by_qr (env->store, draft->qr_payload, &error);
  g_assert_no_error (error);
  g_assert_cmpint (check->trust, ==, MK_SIGN_TRUST_UNTRUSTED);
  g_assert_null (check->trust_anchor);
  g_assert_false (mk_store_remove_trust_anchor (env->store, env->admin, ca_sha, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (mk_store_remove_trust_anchor (env->store, env->exec, "00", &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  /* Each change is in the audit trail. */
  g_assert_cmpint (store_test_count (env->path, "SELECT count(*) FROM events WHERE action = 'add-trust-anchor'"), ==, 2);
  g_assert_cmpint (store_test_count (env->path, "SELECT count(*) FROM events WHERE action = 'remove-trust-anchor'"), ==, 1);
}

/* #10, §10, §14: preparing the certificate makes its first version, by the
 * executor; a center inspector of another district cannot make or open it,
 * the case's own center opens that version but makes none, and nothing is
 * written by a refused try. */
static void
test_document_makers (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkUser) stranger = store_test_user (env, "center-c07", MK_ROLE_CENTER_INSPECTOR, "c07");
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(MkDocumentRecord) seen = NULL;
  MkDocumentRecord *first;
  gint64 id = case_at_signing (env, 11);

  before = mk_store_list_documents (env->store, id, &error);
  g_assert_no_error (error);
  /* The receipt is not made yet; the certificate is, by the executor (§10 step 4). */
  g_assert_cmpuint (before->len, ==, 1);
  first = g_ptr_array_index (before, 0);
  g_assert_cmpstr (first->kind, ==, "certificate");
  g_assert_cmpint (first->created_by, ==, env->exec->id);

  g_assert_null (mk_store_issue_document (env->store, stranger, "certificate", id, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (mk_store_issue_document (env->store, stranger, "receipt", id, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  /* The case's own center: the current certificate opens, a receipt is made. */
  seen = mk_store_issue_document (env->store, env->center, "certificate", id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seen->id, ==, first->id);
  g_clear_pointer (&seen, mk_document_record_free);
  seen = mk_store_issue_document (env->store, env->center, "receipt", id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&seen, mk_document_record_free);
  /* The provider's executor opens that receipt, but makes none of the center's. */
  seen = mk_store_issue_document (env->store, env->exec, "receipt", id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&seen, mk_document_record_free);
  g_assert_null (mk_store_issue_document (env->store, env->exec, "receipt", case_at_signing (env, 12), &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  after = mk_store_list_documents (env->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 2);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  p12_path = sign_fixture_p12_path ();

  g_test_add ("/store-documents/section-13/receipt-versions", StoreEnv, NULL,
              store_env_setup, test_receipt_versions, store_env_teardown);
  g_test_add ("/store-documents/section-23-6-24/kind-rules", StoreEnv, NULL,
              store_env_setup, test_kind_rules, store_env_teardown);
  g_test_add ("/store-documents/section-10-5/sign", StoreEnv, NULL,
              store_env_setup, test_sign, store_env_teardown);
  g_test_add ("/store-documents/section-10-5/trust-anchors", StoreEnv, NULL,
              store_env_setup, test_trust_anchors, store_env_teardown);
  g_test_add ("/store-documents/section-10-5/sign-outdated", StoreEnv, NULL,
              store_env_setup, test_sign_outdated, store_env_teardown);
  g_test_add ("/store-documents/section-10-14/document-makers", StoreEnv, NULL,
              store_env_setup, test_document_makers, store_env_teardown);
  g_test_add ("/store-documents/qr-lookup", StoreEnv, NULL,
              store_env_setup, test_qr_lookup, store_env_teardown);
  g_test_add ("/store-documents/file-check", StoreEnv, NULL,
              store_env_setup, test_file_check, store_env_teardown);
  g_test_add ("/store-documents/migration", StoreEnv, NULL,
              store_env_setup, test_migration, store_env_teardown);

  ret = g_test_run ();

  sign_fixture_cleanup ();
  return ret;
}
