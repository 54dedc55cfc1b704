/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of mk-sign: PKCS#12 keys made with certtool, PDF signatures checked by pdfsig and mk_sign_verify_pdf(). */
#include <string.h>
#include <glib/gstdio.h>

#include "document-fixture.h"
#include "mk-sign.h"

#define PASSWORD "Құпия-2026"
#define SIGNER   "Нұрлан Қайратұлы Үсенов"
#define REASON   "Анықтамаға қол қою / Подписание справки"
/* 2026-03-30 12:00 UTC: inside the valid certificate, after the expired one. */
#define SIGNING_TIME G_GINT64_CONSTANT (1774872000)

static char *dir;
static char *valid_p12, *expired_p12, *cert_only_p12, *corrupt_p12, *future_p12;

static void
run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

static void
write_file (const char *name, const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* A test CA, then a signer certificate with @dates and its .p12. */
static char *
make_p12_for (const char *name, const char *cn, const char *dates, gboolean with_key)
{
  g_autofree char *tmpl = g_strconcat (name, ".tmpl", NULL);
  g_autofree char *key = g_strconcat (name, ".key", NULL);
  g_autofree char *crt = g_strconcat (name, ".crt", NULL);
  g_autofree char *p12 = g_strconcat (name, ".p12", NULL);
  g_autofree char *contents = g_strdup_printf ("cn = \"%s\"\no = \"Test\"\ncountry = KZ\nserial = 7\n"
                                               "signing_key\n%s\n", cn, dates);

  write_file (tmpl, contents);
  run ((const char *[]) { "certtool", "--generate-privkey", "--key-type", "rsa", "--bits", "2048",
                          "--outfile", key, NULL });
  run ((const char *[]) { "certtool", "--generate-certificate", "--load-privkey", key,
                          "--load-ca-privkey", "ca.key", "--load-ca-certificate", "ca.crt",
                          "--template", tmpl, "--outfile", crt, NULL });
  if (with_key)
    run ((const char *[]) { "certtool", "--to-p12", "--load-privkey", key, "--load-certificate", crt,
                            "--p12-name", name, "--password", PASSWORD, "--outder", "--outfile", p12, NULL });
  else
    run ((const char *[]) { "certtool", "--to-p12", "--load-certificate", crt,
                            "--p12-name", name, "--password", PASSWORD, "--outder", "--outfile", p12, NULL });
  return g_build_filename (dir, p12, NULL);
}

static char *
make_p12 (const char *name, const char *dates, gboolean with_key)
{
  return make_p12_for (name, SIGNER, dates, with_key);
}

static GBytes *
render_certificate (void)
{
  Fixture f;
  g_autoptr(MkCase) kase = NULL;
  g_autoptr(GError) error = NULL;
  MkDocumentInput in;
  GBytes *pdf;

  fixture_init (&f);
  kase = fixture_case (MK_SERVICE_ASSIGNMENT);
  fixture_input (&f, MK_DOCUMENT_CERTIFICATE, kase, &in);
  pdf = mk_document_render (MK_DOCUMENT_CERTIFICATE, &in, &error);
  g_assert_no_error (error);
  fixture_clear (&f);
  return pdf;
}

/* pdfsig's verdict: the signature line and whether the whole file is signed. */
static void
pdfsig (GBytes *pdf, const char *name, gboolean *valid, gboolean *total)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdfsig", "-nocert", path, NULL };
  int status = 0;

  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("pdfsig %s:\n%s", name, out);
  *valid = strstr (out, "Signature Validation: Signature is Valid.") != NULL;
  *total = strstr (out, "Total document signed") != NULL;
}

static gboolean
have_tools (void)
{
  g_autofree char *certtool = g_find_program_in_path ("certtool");
  g_autofree char *pdfsig_path = g_find_program_in_path ("pdfsig");

  if (certtool == NULL || pdfsig_path == NULL)
    {
      g_test_skip ("certtool (gnutls-bin) and pdfsig (poppler-utils) are needed");
      return FALSE;
    }
  return TRUE;
}

/* §10 step 5: the head signs; pdfsig and our verifier agree it is valid. */
static void
test_sign_valid (void)
{
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) signed_pdf = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(MkSignInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gboolean valid, total;

  if (!have_tools ())
    return;
  pdf = render_certificate ();
  signed_pdf = mk_sign_pdf (pdf, valid_p12, PASSWORD, SIGNER, REASON, SIGNING_TIME, &error);
  g_assert_no_error (error);
  g_assert_nonnull (signed_pdf);
  /* An incremental update: the original bytes are kept as they were. */
  g_assert_cmpuint (g_bytes_get_size (signed_pdf), >, g_bytes_get_size (pdf));
  g_assert_cmpint (memcmp (g_bytes_get_data (signed_pdf, NULL), g_bytes_get_data (pdf, NULL),
                           g_bytes_get_size (pdf)), ==, 0);

  pdfsig (signed_pdf, "signed.pdf", &valid, &total);
  g_assert_true (valid);
  g_assert_true (total);

  g_assert_true (mk_sign_verify_pdf (signed_pdf, &info, &error));
  g_assert_no_error (error);
  g_assert_true (info->signature_ok);
  g_assert_true (info->whole_file);
  g_assert_true (info->valid);
  g_assert_cmpstr (info->signer_name, ==, SIGNER);
  g_assert_cmpstr (info->reason, ==, REASON);
  g_assert_cmpint (info->signing_time, ==, SIGNING_TIME);

  /* Same input, same bytes (RSA PKCS#1 v1.5 and a given signing time). */
  again = mk_sign_pdf (pdf, valid_p12, PASSWORD, SIGNER, REASON, SIGNING_TIME, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (again, signed_pdf));

  /* A signed PDF is not signed twice. */
  g_clear_pointer (&again, g_bytes_unref);
  again = mk_sign_pdf (signed_pdf, valid_p12, PASSWORD, SIGNER, REASON, SIGNING_TIME, &error);
  g_assert_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_ALREADY_SIGNED);
  g_assert_null (again);

  if (g_getenv ("MK_DOCS_OUT") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("MK_DOCS_OUT"), "certificate-signed.pdf", NULL);

      g_file_set_contents (path, g_bytes_get_data (signed_pdf, NULL), (gssize) g_bytes_get_size (signed_pdf), NULL);
    }
}

/* One byte changed inside the signed range: both report it. */
static void
test_sign_tampered (void)
{
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) signed_pdf = NULL;
  g_autoptr(GBytes) tampered = NULL;
  g_autoptr(GBytes) appended = NULL;
  g_autoptr(MkSignInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gboolean valid, total;
  guint8 *copy;
  gsize size;

  if (!have_tools ())
    return;
  pdf = render_certificate ();
  signed_pdf = mk_sign_pdf (pdf, valid_p12, PASSWORD, SIGNER, REASON, SIGNING_TIME, &error);
  g_assert_no_error (error);

  /* Line 2 of cairo's output is a binary comment: changing it keeps the PDF readable. */
  size = g_bytes_get_size (signed_pdf);
  copy = g_memdup2 (g_bytes_get_data (signed_pdf, NULL), size);
  g_assert_true (copy[9] == '%');
  copy[11] ^= 0x01;
  tampered = g_bytes_new_take (copy, size);

  pdfsig (tampered, "tampered.pdf", &valid, &total);
  g_assert_false (valid);
  g_assert_true (mk_sign_verify_pdf (tampered, &info, &error));
  g_assert_no_error (error);
  g_assert_false (info->signature_ok);
  g_assert_false (info->valid);
  g_clear_pointer (&info, mk_sign_info_free);

  /* Bytes appended after signing: the signature holds, the file is not the signed one. */
  {
    GByteArray *array = g_byte_array_new ();

    g_byte_array_append (array, g_bytes_get_data (signed_pdf, NULL), (guint) g_bytes_get_size (signed_pdf));
    g_byte_array_append (array, (const guint8 *) "% appended\n", 11);
    appended = g_byte_array_free_to_bytes (array);
  }
  pdfsig (appended, "appended.pdf", &valid, &total);
  g_assert_false (total);
  g_assert_true (mk_sign_verify_pdf (appended, &info, &error));
  g_assert_no_error (error);
  g_assert_true (info->signature_ok);
  g_assert_false (info->whole_file);
  g_assert_false (info->valid);
}

typedef struct {
  const char  *name;
  char       **p12;
  const char  *password;
  MkSignError  code;
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "wrong-password", &valid_p12, "qwerty", MK_SIGN_ERROR_PASSWORD },
  { "expired", &expired_p12, PASSWORD, MK_SIGN_ERROR_EXPIRED },
  { "not-yet-valid", &future_p12, PASSWORD, MK_SIGN_ERROR_NOT_YET_VALID },
  { "certificate-only", &cert_only_p12, PASSWORD, MK_SIGN_ERROR_NO_KEY },
  { "corrupt", &corrupt_p12, PASSWORD, MK_SIGN_ERROR_READ },
};

static void
test_sign_error (gconstpointer data)
{
  const ErrorCase *ec = data;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) signed_pdf = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_tools ())
    return;
  pdf = render_certificate ();
  signed_pdf = mk_sign_pdf (pdf, *ec->p12, ec->password, SIGNER, REASON, SIGNING_TIME, &error);
  g_assert_error (error, MK_SIGN_ERROR, (gint) ec->code);
  g_assert_null (signed_pdf);
  g_test_message ("%s: %s", ec->name, error->message);
}

static void
test_sign_bad_input (void)
{
  g_autoptr(GBytes) garbage = g_bytes_new_static ("not a pdf at all, not at all, no", 32);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(MkSignInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (dir, "no-such.p12", NULL);

  g_assert_null (mk_sign_pdf (garbage, missing, PASSWORD, SIGNER, NULL, SIGNING_TIME, &error));
  g_assert_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_PDF);
  g_clear_error (&error);

  if (!have_tools ())
    return;
  pdf = render_certificate ();
  g_assert_null (mk_sign_pdf (pdf, missing, PASSWORD, SIGNER, NULL, SIGNING_TIME, &error));
  g_assert_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_READ);
  g_clear_error (&error);

  g_assert_false (mk_sign_verify_pdf (pdf, &info, &error));
  g_assert_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_NOT_SIGNED);
  g_assert_null (info);
}

/* #13: a certificate's common name is whatever its maker wrote: bytes that
 * are not UTF-8 (Latin-1 here), ESC and BEL, and a right-to-left override
 * that would show "LIVE" as "EVIL". What the check shows is valid UTF-8
 * without any of them, and keeps the rest of the name. */
static void
test_sign_hostile_names (void)
{
  g_autofree char *p12 = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) signed_pdf = NULL;
  g_autoptr(MkSignInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[2];

  if (!have_tools ())
    return;
  p12 = make_p12_for ("hostile", "Na\xefve \xe2\x80\xaeLIVE\x1b[31m\x07 \xd2\xae",
                      "activation_date = \"2025-01-01 00:00:00\"\n"
                      "expiration_date = \"2040-01-01 00:00:00\"", TRUE);
  pdf = render_certificate ();
  signed_pdf = mk_sign_pdf (pdf, p12, PASSWORD, "Name\x1b]0;x\x07 \xe2\x80\xae", REASON, SIGNING_TIME, &error);
  g_assert_no_error (error);
  g_assert_true (mk_sign_verify_pdf (signed_pdf, &info, &error));
  g_assert_no_error (error);
  names[0] = info->signer_name;
  names[1] = info->subject_dn;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_test_message ("shown: %s", names[i]);
      g_assert_nonnull (names[i]);
      g_assert_true (g_utf8_validate (names[i], -1, NULL));
      g_assert_null (strchr (names[i], '\x1b'));
      g_assert_null (strchr (names[i], '\x07'));
      g_assert_null (strstr (names[i], "\xe2\x80\xae"));
      /* The rest of the name, Ү included, is kept as it was. */
      g_assert_nonnull (strstr (names[i], "Na\xef\xbf\xbdve \xef\xbf\xbdLIVE\xef\xbf\xbd[31m\xef\xbf\xbd"));
      g_assert_nonnull (strstr (names[i], "\xd2\xae"));
    }
}

int
main (int argc, char **argv)
{
  g_autofree char *certtool = g_find_program_in_path ("certtool");
  int ret;

  g_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("mk-sign-XXXXXX", NULL);
  if (certtool != NULL)
    {
      write_file ("ca.tmpl", "cn = \"Mekenjai Test CA\"\nca\ncert_signing_key\nserial = 1\n"
                  "activation_date = \"2019-01-01 00:00:00\"\nexpiration_date = \"2045-01-01 00:00:00\"\n");
      run ((const char *[]) { "certtool", "--generate-privkey", "--key-type", "rsa", "--bits", "2048",
                              "--outfile", "ca.key", NULL });
      run ((const char *[]) { "certtool", "--generate-self-signed", "--load-privkey", "ca.key",
                              "--template", "ca.tmpl", "--outfile", "ca.crt", NULL });
      valid_p12 = make_p12 ("valid", "activation_date = \"2025-01-01 00:00:00\"\n"
                            "expiration_date = \"2040-01-01 00:00:00\"", TRUE);
      expired_p12 = make_p12 ("expired", "activation_date = \"2020-01-01 00:00:00\"\n"
                              "expiration_date = \"2021-01-01 00:00:00\"", TRUE);
      future_p12 = make_p12 ("future", "activation_date = \"2030-01-01 00:00:00\"\n"
                             "expiration_date = \"2040-01-01 00:00:00\"", TRUE);
      cert_only_p12 = make_p12 ("certonly", "activation_date = \"2025-01-01 00:00:00\"\n"
                                "expiration_date = \"2040-01-01 00:00:00\"", FALSE);
      write_file ("corrupt.p12", "0\x82 this is not DER at all");
      corrupt_p12 = g_build_filename (dir, "corrupt.p12", NULL);
    }

  g_test_add_func ("/sign/valid", test_sign_valid);
  g_test_add_func ("/sign/tampered", test_sign_tampered);
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sign/error/%s", error_cases[i].name);

      g_test_add_data_func (path, &error_cases[i], test_sign_error);
    }
  g_test_add_func ("/sign/bad-input", test_sign_bad_input);
  g_test_add_func ("/sign/hostile-names", test_sign_hostile_names);

  ret = g_test_run ();

  /* The key material is made for this run only. */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (dir);
  }
  g_free (dir);
  g_free (valid_p12);
  g_free (expired_p12);
  g_free (cert_only_p12);
  g_free (corrupt_p12);
  g_free (future_p12);
  return ret;
}
