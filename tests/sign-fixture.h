/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The head's signing key for the store tests, made once with certtool
 * (gnutls-bin), and the head's signature on a case's result (§10 step 5). */
#pragma once

#include "store-fixture.h"

#define SIGN_FIXTURE_PASSWORD "Құпия-2026"

static char *sign_fixture_dir;
static char *sign_fixture_p12;

static inline void
sign_fixture_run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (sign_fixture_dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

/* The path of a self-signed .p12 for the head; NULL without certtool. */
static inline const char *
sign_fixture_p12_path (void)
{
  g_autofree char *certtool = NULL;
  g_autofree char *tmpl = NULL;
  g_autoptr(GError) error = NULL;

  if (sign_fixture_p12 != NULL)
    return sign_fixture_p12;
  certtool = g_find_program_in_path ("certtool");
  if (certtool == NULL)
    return NULL;
  sign_fixture_dir = g_dir_make_tmp ("mk-sign-p12-XXXXXX", &error);
  g_assert_no_error (error);
  tmpl = g_build_filename (sign_fixture_dir, "head.tmpl", NULL);
  g_file_set_contents (tmpl, "cn = \"Тест head\"\norganization = \"Test\"\ncountry = KZ\n"
                             "serial = 11\nsigning_key\nexpiration_days = 30\n", -1, &error);
  g_assert_no_error (error);
  sign_fixture_run ((const char *[]) { "certtool", "--generate-privkey", "--key-type", "rsa", "--bits", "2048",
                                       "--outfile", "head.key", NULL });
  sign_fixture_run ((const char *[]) { "certtool", "--generate-self-signed", "--load-privkey", "head.key",
                                       "--template", "head.tmpl", "--outfile", "head.crt", NULL });
  sign_fixture_run ((const char *[]) { "certtool", "--to-p12", "--load-privkey", "head.key",
                                       "--load-certificate", "head.crt", "--p12-name", "head",
                                       "--password", SIGN_FIXTURE_PASSWORD, "--outder", "--outfile",
                                       "head.p12", NULL });
  sign_fixture_p12 = g_build_filename (sign_fixture_dir, "head.p12", NULL);
  return sign_fixture_p12;
}

static inline void
sign_fixture_cleanup (void)
{
  const char *files[] = { "head.tmpl", "head.key", "head.crt", "head.p12" };

  if (sign_fixture_dir == NULL)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *f = g_build_filename (sign_fixture_dir, files[i], NULL);
      g_unlink (f);
    }
  g_rmdir (sign_fixture_dir);
  g_clear_pointer (&sign_fixture_dir, g_free);
  g_clear_pointer (&sign_fixture_p12, g_free);
}

/* The head issues the case's result document and signs it: the case moves
 * to "signed". */
static inline void
sign_fixture_sign_case (MkStore      *store,
                        const MkUser *head,
                        gint64        case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) c = mk_store_get_case (store, case_id, &error);
  g_autoptr(MkDocumentRecord) draft = NULL;
  g_autoptr(MkDocumentRecord) signed_doc = NULL;
  const char *p12 = sign_fixture_p12_path ();

  g_assert_no_error (error);
  g_assert_nonnull (p12);
  g_assert_nonnull (c->result);
  draft = mk_store_issue_document (store, head, c->result, case_id, &error);
  g_assert_no_error (error);
  signed_doc = mk_store_sign_document (store, head, draft->id, p12, SIGN_FIXTURE_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (signed_doc->is_signed);
  g_clear_pointer (&c, mk_case_unref);
  c = mk_store_get_case (store, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c->stage, ==, "signed");
}
