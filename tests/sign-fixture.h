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

/* Makes NAME.key, NAME.crt and NAME.p12 (self-signed, for common name @cn). */
static inline void
sign_fixture_make_key (const char *name,
                       const char *cn,
                       int         serial)
{
  g_autofree char *tmpl = g_strdup_printf ("%s/%s.tmpl", sign_fixture_dir, name);
  g_autofree char *text = g_strdup_printf ("cn = \"%s\"\norganization = \"Test\"\ncountry = KZ\n"
                                           "serial = %d\nsigning_key\nexpiration_days = 30\n", cn, serial);
  g_autofree char *key = g_strdup_printf ("%s.key", name);
  g_autofree char *crt = g_strdup_printf ("%s.crt", name);
  g_autofree char *p12 = g_strdup_printf ("%s.p12", name);
  g_autofree char *tmpl_name = g_strdup_printf ("%s.tmpl", name);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (tmpl, text, -1, &error);
  g_assert_no_error (error);
  sign_fixture_run ((const char *[]) { "certtool", "--generate-privkey", "--key-type", "rsa", "--bits", "2048",
                                       "--outfile", key, NULL });
  sign_fixture_run ((const char *[]) { "certtool", "--generate-self-signed", "--load-privkey", key,
                                       "--template", tmpl_name, "--outfile", crt, NULL });
  sign_fixture_run ((const char *[]) { "certtool", "--to-p12", "--load-privkey", key,
                                       "--load-certificate", crt, "--p12-name", name,
                                       "--password", SIGN_FIXTURE_PASSWORD, "--outder", "--outfile",
                                       p12, NULL });
}

/* Makes NAME.key and NAME.crt: a certification center's root (a CA). */
static inline void
sign_fixture_make_ca (const char *name,
                      const char *cn,
                      int         serial)
{
  g_autofree char *tmpl = g_strdup_printf ("%s/%s.tmpl", sign_fixture_dir, name);
  g_autofree char *text = g_strdup_printf ("cn = \"%s\"\norganization = \"Test\"\ncountry = KZ\n"
                                           "serial = %d\nca\ncert_signing_key\nexpiration_days = 60\n", cn, serial);
  g_autofree char *key = g_strdup_printf ("%s.key", name);
  g_autofree char *crt = g_strdup_printf ("%s.crt", name);
  g_autofree char *tmpl_name = g_strdup_printf ("%s.tmpl", name);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (tmpl, text, -1, &error);
  g_assert_no_error (error);
  sign_fixture_run ((const char *[]) { "certtool", "--generate-privkey", "--key-type", "rsa", "--bits", "2048",
                                       "--outfile", key, NULL });
  sign_fixture_run ((const char *[]) { "certtool", "--generate-self-signed", "--load-privkey", key,
                                       "--template", tmpl_name, "--outfile", crt, NULL });
}

/* Makes NAME.key, NAME.crt and NAME.p12: a person's key whose certificate
 * the root @ca issued, as the national certification center issues a
 * head's. */
static inline void
sign_fixture_make_issued_key (const char *name,
                              const char *cn,
                              int         serial,
                              const char *ca)
{
  g_autofree char *tmpl = g_strdup_printf ("%s/%s.tmpl", sign_fixture_dir, name);
  g_autofree char *text = g_strdup_printf ("cn = \"%s\"\norganization = \"Test\"\ncountry = KZ\n"
                                           "serial = %d\nsigning_key\nexpiration_days = 30\n", cn, serial);
  g_autofree char *key = g_strdup_printf ("%s.key", name);
  g_autofree char *crt = g_strdup_printf ("%s.crt", name);
  g_autofree char *p12 = g_strdup_printf ("%s.p12", name);
  g_autofree char *tmpl_name = g_strdup_printf ("%s.tmpl", name);
  g_autofree char *ca_key = g_strdup_printf ("%s.key", ca);
  g_autofree char *ca_crt = g_strdup_printf ("%s.crt", ca);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (tmpl, text, -1, &error);
  g_assert_no_error (error);
  sign_fixture_run ((const char *[]) { "certtool", "--generate-privkey", "--key-type", "rsa", "--bits", "2048",
                                       "--outfile", key, NULL });
  sign_fixture_run ((const char *[]) { "certtool", "--generate-certificate", "--load-privkey", key,
                                       "--load-ca-certificate", ca_crt, "--load-ca-privkey", ca_key,
                                       "--template", tmpl_name, "--outfile", crt, NULL });
  sign_fixture_run ((const char *[]) { "certtool", "--to-p12", "--load-privkey", key,
                                       "--load-certificate", crt, "--p12-name", name,
                                       "--password", SIGN_FIXTURE_PASSWORD, "--outder", "--outfile",
                                       p12, NULL });
}

/* The path of a self-signed .p12 for the head; NULL without certtool. A
 * second key, "other.p12", is anybody's: a key nobody registered. */
static inline const char *
sign_fixture_p12_path (void)
{
  g_autofree char *certtool = NULL;
  g_autoptr(GError) error = NULL;

  if (sign_fixture_p12 != NULL)
    return sign_fixture_p12;
  certtool = g_find_program_in_path ("certtool");
  if (certtool == NULL)
    return NULL;
  sign_fixture_dir = g_dir_make_tmp ("mk-sign-p12-XXXXXX", &error);
  g_assert_no_error (error);
  sign_fixture_make_key ("head", "Тест head", 11);
  sign_fixture_make_key ("other", "Тест head", 12);
  /* §10 step 5: two certification centers' roots, and a head's key issued
   * under the first. */
  sign_fixture_make_ca ("ca", "Тест ҰКО түбірі", 21);
  sign_fixture_make_ca ("ca2", "Басқа орталық", 22);
  sign_fixture_make_issued_key ("issued", "Тест head", 23, "ca");
  sign_fixture_p12 = g_build_filename (sign_fixture_dir, "head.p12", NULL);
  return sign_fixture_p12;
}

/* A file of the fixture's folder ("head.crt", "other.p12", …). */
static inline char *
sign_fixture_file (const char *name)
{
  g_assert_nonnull (sign_fixture_p12_path ());
  return g_build_filename (sign_fixture_dir, name, NULL);
}

/* The bytes of a file of the fixture's folder. */
static inline GBytes *
sign_fixture_bytes (const char *name)
{
  g_autofree char *path = sign_fixture_file (name);
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

/* §10 step 5: @admin registers @crt_name as @head's signing certificate. */
static inline void
sign_fixture_register_file (MkStore      *store,
                            const MkUser *admin,
                            const MkUser *head,
                            const char   *crt_name)
{
  g_autoptr(GBytes) bytes = sign_fixture_bytes (crt_name);
  g_autoptr(GError) error = NULL;

  g_assert_true (mk_store_set_user_certificate (store, admin, head->id, bytes, &error));
  g_assert_no_error (error);
}

/* §10 step 5: @admin registers head.crt as @head's signing certificate. */
static inline void
sign_fixture_register (MkStore      *store,
                       const MkUser *admin,
                       const MkUser *head)
{
  g_autofree char *crt = sign_fixture_file ("head.crt");
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  file = g_mapped_file_new (crt, FALSE, &error);
  g_assert_no_error (error);
  bytes = g_mapped_file_get_bytes (file);
  g_assert_true (mk_store_set_user_certificate (store, admin, head->id, bytes, &error));
  g_assert_no_error (error);
}

static inline void
sign_fixture_cleanup (void)
{
  const char *files[] = { "head.tmpl", "head.key", "head.crt", "head.p12",
                          "other.tmpl", "other.key", "other.crt", "other.p12",
                          "ca.tmpl", "ca.key", "ca.crt", "ca2.tmpl", "ca2.key", "ca2.crt",
                          "issued.tmpl", "issued.key", "issued.crt", "issued.p12", "roots.pem" };

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

/* The head (whose certificate @admin registers) issues the case's result
 * document and signs it: the case moves to "signed". */
static inline void
sign_fixture_sign_case (MkStore      *store,
                        const MkUser *admin,
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
  sign_fixture_register (store, admin, head);
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
