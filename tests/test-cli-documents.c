/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mekenjai-cli render, sign and verify end to end, over a temporary database set up through the store. */

#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include <json-glib/json-glib.h>
#include <poppler.h>

#include "cli-runner.h"
#include "store-fixture.h"
#include "mk-qr.h"

#define KEY_PASSWORD "Құпия-2026"

typedef struct {
  StoreEnv env;
  char    *password_file;     /* the demo users' password */
  char    *key_password_file;
  char    *p12;
  gint64   cert_case;         /* at "signing", certificate prepared (§10 step 4) */
  gint64   refusal_case;      /* at "signing", reasoned refusal prepared (§26) */
  gint64   returned_case;     /* returned for errors (§24) */
  gint64   refused_case;      /* refused at intake (§23) */
  char    *register_number;   /* the register that carried the first three (§19) */
} Fixture;

static char *
path_in (Fixture *f, const char *name)
{
  return g_build_filename (f->env.dir, name, NULL);
}

static void
run_tool (const char *dir, const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

static MkUser *
demo_user (Fixture *f, const char *login)
{
  g_autoptr(GError) error = NULL;
  MkUser *user = mk_store_authenticate (f->env.store, login, "demo", &error);

  g_assert_no_error (error);
  return user;
}

static gint64
new_case (Fixture *f, const MkUser *center, guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) c = store_test_case (f->env.store, MK_SERVICE_ASSIGNMENT, n);

  g_assert_true (mk_store_register_case (f->env.store, center, c, &error));
  g_assert_no_error (error);
  return c->id;
}

static void
act (Fixture *f, const MkUser *user, gint64 id, const char *action, const char *reason)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mk_store_apply_action (f->env.store, user, id, action, reason, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkUser) center = NULL;
  g_autoptr(MkUser) accum = NULL;
  g_autoptr(MkUser) exec = NULL;
  g_autoptr(MkRegister) reg = NULL;
  g_autoptr(MkCase) refused = NULL;
  g_autofree char *tmpl = NULL;
  gint64 ids[3];

  f->env.dir = g_dir_make_tmp ("mk-cli-docs-XXXXXX", &error);
  g_assert_no_error (error);
  f->env.path = path_in (f, "test.db");
  store_env_open (&f->env);
  /* Demo users for every role, password "demo"; no demo cases. */
  g_assert_true (mk_store_seed_demo (f->env.store, 0, 1, &error));
  g_assert_no_error (error);
  center = demo_user (f, "demo-center");
  accum = demo_user (f, "demo-accum");
  exec = demo_user (f, "demo-exec");

  ids[0] = f->cert_case = new_case (f, center, 1);
  ids[1] = f->refusal_case = new_case (f, center, 2);
  ids[2] = f->returned_case = new_case (f, center, 3);
  reg = mk_store_create_register (f->env.store, accum, "to-provider", "p01", ids, 3, &error);
  g_assert_no_error (error);
  f->register_number = g_strdup (reg->number);
  /* §19: the provider signs for the package before working on it. */
  g_assert_true (mk_store_receive_register (f->env.store, exec, reg->id, &error));
  g_assert_no_error (error);
  store_test_prepare_certificate (f->env.store, exec, f->cert_case);
  act (f, exec, f->refusal_case, "prepare-refusal", "Жер учаскесі басқа мекенжайда / Участок по другому адресу");
  act (f, exec, f->returned_case, "return-for-errors", "Техпаспорт көшірмесі оқылмайды");

  refused = store_test_case (f->env.store, MK_SERVICE_ASSIGNMENT, 4);
  ((MkCaseItem *) refused->items->pdata[0])->present = FALSE;
  g_assert_true (mk_store_refuse_intake (f->env.store, center, refused, &error));
  g_assert_no_error (error);
  f->refused_case = refused->id;
  g_clear_object (&f->env.store);

  f->password_file = path_in (f, "password");
  g_file_set_contents (f->password_file, "demo\n", -1, &error);
  g_assert_no_error (error);
  f->key_password_file = path_in (f, "key-password");
  g_file_set_contents (f->key_password_file, KEY_PASSWORD "\n", -1, &error);
  g_assert_no_error (error);

  /* The head's signing key, self-signed with certtool (gnutls-bin). */
  tmpl = path_in (f, "head.tmpl");
  g_file_set_contents (tmpl, "cn = \"Демо бастық\"\norganization = \"Test\"\ncountry = KZ\n"
                             "serial = 12\nsigning_key\nexpiration_days = 30\n", -1, &error);
  g_assert_no_error (error);
  run_tool (f->env.dir, (const char *[]) { "certtool", "--generate-privkey", "--key-type", "rsa",
                                           "--bits", "2048", "--outfile", "head.key", NULL });
  run_tool (f->env.dir, (const char *[]) { "certtool", "--generate-self-signed", "--load-privkey", "head.key",
                                           "--template", "head.tmpl", "--outfile", "head.crt", NULL });
  run_tool (f->env.dir, (const char *[]) { "certtool", "--to-p12", "--load-privkey", "head.key",
                                           "--load-certificate", "head.crt", "--p12-name", "head",
                                           "--password", KEY_PASSWORD, "--outder", "--outfile", "head.p12", NULL });
  f->p12 = path_in (f, "head.p12");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->env.dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = path_in (f, name);
      g_unlink (path);
    }
  g_rmdir (f->env.dir);
  g_free (f->env.path);
  g_free (f->env.dir);
  g_free (f->password_file);
  g_free (f->key_password_file);
  g_free (f->p12);
  g_free (f->register_number);
}

/* Runs the tool with --db and the arguments; returns its exit status. */
static int
run_cli (Fixture *f, char **out, char **err, const char *first, ...)
{
  va_list ap;
  int status;

  va_start (ap, first);
  status = mk_test_cli_run_va (f->env.path, NULL, NULL, out, err, first, ap);
  va_end (ap);
  return status;
}

static JsonObject *
parse_object (const char *text, JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

/* Case @id as the store has it now, read through a connection of its own. */
static MkCase *
case_of (Fixture *f, gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkStore) store = mk_store_open (f->env.path, &error);
  MkCase *c;

  g_assert_no_error (error);
  c = mk_store_get_case (store, id, &error);
  g_assert_no_error (error);
  return c;
}

static char *
regno_of (Fixture *f, gint64 id)
{
  g_autoptr(MkCase) c = case_of (f, id);

  return g_strdup (c->regno);
}

static int
pdf_pages (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, &error);
  PopplerDocument *doc;
  int n;

  g_assert_no_error (error);
  doc = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  n = poppler_document_get_n_pages (doc);
  g_object_unref (doc);
  return n;
}

/* Every kind renders through the CLI as a PDF of at least one page. */
static void
test_render_every_kind (Fixture *f, gconstpointer data)
{
  struct {
    const char *kind;
    gint64      case_id;   /* 0: the register */
    const char *section;
  } kinds[] = {
    { "receipt", f->cert_case, "§13" },
    { "refusal-receipt", f->refused_case, "§23" },
    { "register", 0, "§10 step 3, §19" },
    { "certificate", f->cert_case, "§6" },
    { "refusal", f->refusal_case, "§26" },
    { "return-letter", f->returned_case, "§24" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *out = NULL, *err = NULL;
      g_autofree char *file = g_strconcat (f->env.dir, "/", kinds[i].kind, ".pdf", NULL);
      g_autofree char *regno = kinds[i].case_id != 0 ? regno_of (f, kinds[i].case_id) : NULL;
      JsonObject *o;
      int status;

      g_test_message ("%s (%s)", kinds[i].kind, kinds[i].section);
      if (regno != NULL)
        status = run_cli (f, &out, &err, "--json", "--user", "demo-center", "--password-file", f->password_file,
                          "render", kinds[i].kind, "--case", regno, "-o", file, NULL);
      else
        status = run_cli (f, &out, &err, "--json", "--user", "demo-accum", "--password-file", f->password_file,
                          "render", kinds[i].kind, "--register", f->register_number, "-o", file, NULL);
      g_assert_cmpstr (err, ==, "");
      g_assert_cmpint (status, ==, 0);
      o = json_object_get_object_member (parse_object (out, parser), "document");
      g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, kinds[i].kind);
      g_assert_cmpint (json_object_get_int_member (o, "version"), ==, 1);
      g_assert_cmpint (pdf_pages (file), >=, 1);
    }

  /* Usage mistakes: no output file, a case document without --case, an unknown kind. */
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (f, &out, &err, "render", "receipt", "--case", "x", NULL), ==, 2);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (f, &out, &err, "render", "certificate", "-o", "x.pdf", NULL), ==, 2);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (f, &out, &err, "render", "letter", "--case", "x", "-o", "x.pdf", NULL), ==, 2);
  }

  /* #13: an output that cannot be written leaves no issued version, and a
   * link or a device is never written through. */
  {
    g_autofree char *regno = regno_of (f, f->returned_case);
    g_autofree char *target = g_strconcat (f->env.dir, "/kept.txt", NULL);
    g_autofree char *link = g_strconcat (f->env.dir, "/link.pdf", NULL);
    g_autofree char *missing = g_strconcat (f->env.dir, "/no-such-folder/receipt.pdf", NULL);
    g_autofree char *kept = NULL;
    const char *outputs[] = { missing, link, "/dev/null" };
    int before = store_test_count (f->env.path, "SELECT count(*) FROM document");

    g_assert_true (g_file_set_contents (target, "keep me", -1, NULL));
    g_assert_cmpint (symlink (target, link), ==, 0);
    for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
      {
        g_autofree char *out = NULL, *err = NULL;

        g_assert_cmpint (run_cli (f, &out, &err, "--user", "demo-center", "--password-file", f->password_file,
                                  "render", "receipt", "--case", regno, "-o", outputs[i], NULL), ==, 1);
        g_assert_true (g_str_has_prefix (err, "mekenjai-cli: "));
      }
    g_assert_cmpint (store_test_count (f->env.path, "SELECT count(*) FROM document"), ==, before);
    g_assert_true (g_file_get_contents (target, &kept, NULL, NULL));
    g_assert_cmpstr (kept, ==, "keep me");
    g_unlink (link);
    g_unlink (target);
  }
}

/* §10 step 5: the head signs; one changed byte of the signed PDF is reported as modified. */
static void
test_sign_then_modify (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *regno = regno_of (f, f->cert_case);
  g_autofree char *signed_path = path_in (f, "signed.pdf");
  g_autofree char *bytes = NULL;
  JsonObject *o;
  gsize size = 0;
  char *range;

  /* The executor may not sign. */
  g_assert_cmpint (run_cli (f, &out, &err, "--user", "demo-exec", "--password-file", f->password_file,
                            "sign", "--case", regno, "--p12", f->p12,
                            "--p12-password-file", f->key_password_file, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (err, "mekenjai-cli: "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* §10 step 5: the head's key counts only once an administrator has
   * registered its certificate on the head's account. */
  g_assert_cmpint (run_cli (f, &out, &err, "--user", "demo-head", "--password-file", f->password_file,
                            "sign", "--case", regno, "--p12", f->p12,
                            "--p12-password-file", f->key_password_file, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "users set-certificate"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  {
    g_autofree char *crt = path_in (f, "head.crt");

    g_assert_cmpint (run_cli (f, &out, &err, "--user", "demo-head", "--password-file", f->password_file,
                              "users", "set-certificate", "demo-head", crt, NULL), ==, 1);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (f, &out, &err, "--user", "demo-admin", "--password-file", f->password_file,
                              "users", "set-certificate", "demo-head", crt, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "demo-head"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (f, &out, &err, "--json", "users", "list", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "\"certificate\":\""));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* #13: a wrong key password is refused and leaves no new version behind,
   * also for a case prepared before its certificate was made at preparing
   * (a database of an earlier version: no document yet). */
  {
    g_autofree char *wrong = path_in (f, "wrong-key-password");
    int before;

    store_test_sql (f->env.path, "DELETE FROM document WHERE signed = 0");
    before = store_test_count (f->env.path, "SELECT count(*) FROM document");

    g_assert_true (g_file_set_contents (wrong, "not the password\n", -1, NULL));
    g_assert_cmpint (run_cli (f, &out, &err, "--user", "demo-head", "--password-file", f->password_file,
                              "sign", "--case", regno, "--p12", f->p12,
                              "--p12-password-file", wrong, NULL), ==, 1);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (store_test_count (f->env.path, "SELECT count(*) FROM document"), ==, before);
    g_assert_cmpint (store_test_count (f->env.path, "SELECT count(*) FROM document WHERE signed = 1"), ==, 0);
  }

  g_assert_cmpint (run_cli (f, &out, &err, "--json", "--user", "demo-head", "--password-file", f->password_file,
                            "sign", "--case", regno, "--p12", f->p12,
                            "--p12-password-file", f->key_password_file, "-o", signed_path, NULL), ==, 0);
  o = json_object_get_object_member (parse_object (out, parser), "document");
  g_assert_true (json_object_get_boolean_member (o, "signed"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Signing again: the case is no longer at "signing". */
  g_assert_cmpint (run_cli (f, &out, &err, "--user", "demo-head", "--password-file", f->password_file,
                            "sign", "--case", regno, "--p12", f->p12,
                            "--p12-password-file", f->key_password_file, NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f, &out, &err, "--json", "verify", signed_path, NULL), ==, 0);
  o = parse_object (out, parser);
  g_assert_cmpstr (json_object_get_string_member (o, "verdict"), ==, "genuine");
  g_assert_true (json_object_get_boolean_member (o, "signature_valid"));
  g_assert_true (json_object_get_boolean_member (o, "signer_registered"));
  g_assert_cmpstr (json_object_get_string_member (o, "chain"), ==, "no-anchors");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* One byte inside the first signed range (/ByteRange [0 a b c]): the middle of the original PDF. */
  g_file_get_contents (signed_path, &bytes, &size, &error);
  g_assert_no_error (error);
  /* Searched byte by byte: the PDF holds binary streams with NUL bytes. */
  range = NULL;
  for (gsize i = 0; range == NULL && i + 10 <= size; i++)
    if (memcmp (bytes + i, "/ByteRange", 10) == 0)
      range = bytes + i;
  g_assert_nonnull (range);
  range = strchr (range, '[');
  g_assert_nonnull (range);
  {
    guint64 first = 0, length = 0;

    g_assert_cmpint (sscanf (range, "[%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, &first, &length), ==, 2);
    g_assert_cmpuint (length, >, 1000);
    bytes[length / 2] ^= 0x01;
  }
  g_file_set_contents (signed_path, bytes, (gssize) size, &error);
  g_assert_no_error (error);

  g_assert_cmpint (run_cli (f, &out, &err, "--json", "verify", signed_path, NULL), ==, 1);
  o = parse_object (out, parser);
  g_assert_cmpstr (json_object_get_string_member (o, "verdict"), ==, "modified");
  g_assert_false (json_object_get_boolean_member (o, "signature_valid"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "verify", signed_path, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "Modified"));
}

/* §10 step 5, #14: `trust` installs a certification center's root as an
 * administrator; a person's certificate is refused; then a self-signed key
 * no longer signs, and removing the root lets it sign again. */
static void
test_trust (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *ca = path_in (f, "ca.crt");
  g_autofree char *crt = path_in (f, "head.crt");
  g_autofree char *tmpl = path_in (f, "ca.tmpl");
  g_autofree char *regno = regno_of (f, f->cert_case);
  g_autofree char *sha = NULL;
  JsonNode *root;
  JsonArray *list;

  g_assert_true (g_file_set_contents (tmpl, "cn = \"Тест ҰКО\"\ncountry = KZ\nserial = 40\nca\ncert_signing_key\n",
                                      -1, NULL));
  run_tool (f->env.dir, (const char *[]) { "certtool", "--generate-privkey", "--outfile", "ca.key", NULL });
  run_tool (f->env.dir, (const char *[]) { "certtool", "--generate-self-signed", "--load-privkey", "ca.key",
                                           "--template", "ca.tmpl", "--outfile", "ca.crt", NULL });

  g_assert_cmpint (run_cli (f, &out, &err, "trust", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "No certification center"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "--user", "demo-exec", "--password-file", f->password_file,
                            "trust", "add", ca, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (err, "mekenjai-cli: "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "--user", "demo-admin", "--password-file", f->password_file,
                            "trust", "add", crt, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not a certification center"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "--user", "demo-admin", "--password-file", f->password_file,
                            "trust", "add", ca, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Installed 1"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f, &out, &err, "--json", "trust", "list", NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, NULL);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  list = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "name"), ==, "Тест ҰКО");
  sha = g_strdup (json_object_get_string_member (json_array_get_object_element (list, 0), "sha256"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The head's registered key is self-signed: not from a trusted center. */
  g_assert_cmpint (run_cli (f, &out, &err, "--user", "demo-admin", "--password-file", f->password_file,
                            "users", "set-certificate", "demo-head", crt, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "--user", "demo-head", "--password-file", f->password_file,
                            "sign", "--case", regno, "--p12", f->p12,
                            "--p12-password-file", f->key_password_file, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "certification center"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (store_test_count (f->env.path, "SELECT count(*) FROM document WHERE signed = 1"), ==, 0);

  g_assert_cmpint (run_cli (f, &out, &err, "--user", "demo-admin", "--password-file", f->password_file,
                            "trust", "remove", sha, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "--user", "demo-head", "--password-file", f->password_file,
                            "sign", "--case", regno, "--p12", f->p12,
                            "--p12-password-file", f->key_password_file, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "--user", "demo-admin", "--password-file", f->password_file,
                            "trust", "remove", sha, NULL), ==, 1);
}

/* The QR text of a stored document matches; a forged digest or an unknown number does not. */
static void
test_verify_qr (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *regno = regno_of (f, f->refused_case);
  g_autofree char *file = path_in (f, "refusal-receipt.pdf");
  g_autofree char *payload = NULL;
  g_autofree char *forged = NULL;
  g_autofree char *unknown = NULL;
  g_autoptr(MkQrPayload) p = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *o;
  struct {
    const char *name;
    const char *text;
    int         status;
    const char *verdict;
  } cases[5];
  g_autofree char *other_date = NULL;
  g_autofree char *other_rca = NULL;
  GDate later;

  g_assert_cmpint (run_cli (f, &out, &err, "--json", "--user", "demo-center", "--password-file", f->password_file,
                            "render", "refusal-receipt", "--case", regno, "-o", file, NULL), ==, 0);
  o = json_object_get_object_member (parse_object (out, parser), "document");
  payload = g_strdup (json_object_get_string_member (o, "qr"));
  p = mk_qr_payload_parse (payload, &error);
  g_assert_no_error (error);
  forged = mk_qr_payload_build (p->kind, p->number, &p->date, p->rca, "00000000deadbeef");
  unknown = mk_qr_payload_build (p->kind, "0000-2026-000000", &p->date, p->rca, p->digest);
  cases[0].name = "genuine";
  cases[0].text = payload;
  cases[0].status = 0;
  cases[0].verdict = "genuine";
  cases[1].name = "forged-digest";
  cases[1].text = forged;
  cases[1].status = 1;
  cases[1].verdict = "mismatch";
  cases[2].name = "unknown-number";
  cases[2].text = unknown;
  cases[2].status = 1;
  cases[2].verdict = "unknown";
  /* #13: the right digest with another date or address code is no genuine code. */
  later = p->date;
  g_date_add_days (&later, 1);
  other_date = mk_qr_payload_build (p->kind, p->number, &later, p->rca, p->digest);
  other_rca = mk_qr_payload_build (p->kind, p->number, &p->date, "1234567890123456", p->digest);
  cases[3].name = "changed-date";
  cases[3].text = other_date;
  cases[3].status = 1;
  cases[3].verdict = "mismatch";
  cases[4].name = "changed-address-code";
  cases[4].text = other_rca;
  cases[4].status = 1;
  cases[4].verdict = "mismatch";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (run_cli (f, &out, &err, "--json", "verify", "--qr", cases[i].text, NULL), ==, cases[i].status);
      o = parse_object (out, parser);
      g_assert_cmpstr (json_object_get_string_member (o, "verdict"), ==, cases[i].verdict);
    }

  /* Not a Mekenjai code: a one-line error. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "verify", "--qr", "hello", NULL), ==, 1);
  g_assert_true (g_str_has_prefix (err, "mekenjai-cli: "));

  /* The same code read from the printed page (libzbar, in the process). */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "--json", "verify", "--image", file, NULL), ==, 0);
  o = parse_object (out, parser);
  g_assert_cmpstr (json_object_get_string_member (o, "qr"), ==, payload);

  /* A picture without a code: exit status 1 and one line naming it. */
  {
    g_autofree char *blank = path_in (f, "blank.txt");

    g_assert_true (g_file_set_contents (blank, "no picture", -1, NULL));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (f, &out, &err, "verify", "--image", blank, NULL), ==, 1);
    g_assert_true (g_str_has_prefix (err, "mekenjai-cli: "));
  }
}

static char *
stage_of (Fixture *f, gint64 id)
{
  g_autoptr(MkCase) c = case_of (f, id);

  return g_strdup (c->stage);
}

static int
act_cli (Fixture *f, const char *user, char **err, const char *first, ...)
{
  va_list ap;
  int status;

  va_start (ap, first);
  status = mk_test_cli_run_va (f->env.path, user, f->password_file, NULL, err, first, ap);
  va_end (ap);
  return status;
}

/* Every workflow action from the command line, with the window's rules:
 * signing needs the head's key (§10 step 5), a rejection its reason, a
 * certificate its code and basis (§6); a refused action changes nothing. */
static void
test_act (Fixture *f, gconstpointer data)
{
  g_autofree char *regno = regno_of (f, f->refusal_case);
  g_autofree char *err = NULL;
  g_autofree char *stage = NULL;

  g_assert_cmpint (act_cli (f, "demo-head", &err, "act", "--case", regno, "sign", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "§10 step 5"));
  stage = stage_of (f, f->refusal_case);
  g_assert_cmpstr (stage, ==, "signing");
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&stage, g_free);

  g_assert_cmpint (act_cli (f, "demo-head", &err, "act", "--case", regno, "reject-draft", NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (act_cli (f, "demo-head", &err, "act", "--case", regno, "reject-draft",
                            "--reason", "Негізі көрсетілмеген", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  stage = stage_of (f, f->refusal_case);
  g_assert_cmpstr (stage, ==, "at-provider");
  g_clear_pointer (&stage, g_free);

  g_assert_cmpint (act_cli (f, "demo-exec", &err, "act", "--case", regno, "prepare-certificate",
                            "--rca", "123", "--basis-number", "45/12", "--basis-date", "2026-01-15", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "16"));
  g_clear_pointer (&err, g_free);
  stage = stage_of (f, f->refusal_case);
  g_assert_cmpstr (stage, ==, "at-provider");
  g_clear_pointer (&stage, g_free);
  g_assert_cmpint (act_cli (f, "demo-exec", &err, "act", "--case", regno, "prepare-certificate",
                            "--rca", "0201000022134567", "--basis-number", "45/12",
                            "--basis-date", "2026-01-15", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  stage = stage_of (f, f->refusal_case);
  g_assert_cmpstr (stage, ==, "signing");

  g_assert_cmpint (act_cli (f, "demo-exec", &err, "act", "--case", regno, "no-such-action", NULL), ==, 2);
}

/* #14: the command line corrects a step (administrators only), confirms a
 * register's receipt case by case (§19) and issues a result to a named person
 * with an identity document (§21); a refused command changes nothing. */
static void
test_correct_receive_issue (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkStore) store = mk_store_open (f->env.path, &error);
  g_autoptr(MkUser) center = mk_store_authenticate (store, "demo-center", "demo", &error);
  g_autoptr(MkUser) accum = mk_store_authenticate (store, "demo-accum", "demo", &error);
  g_autoptr(MkRegister) reg = NULL;
  g_autoptr(MkRegister) back = NULL;
  g_autofree char *regno = regno_of (f, f->refusal_case);
  g_autofree char *err = NULL;
  g_autofree char *stage = NULL;
  g_autofree char *sent_regno = NULL;
  g_autofree char *issue_regno = NULL;
  g_autofree char *sql = NULL;
  gint64 sent, issued;

  g_assert_no_error (error);
  f->env.store = store;
  sent = new_case (f, center, 7);
  issued = new_case (f, center, 8);
  f->env.store = NULL;

  /* correct: an administrator's, with a reason. */
  g_assert_cmpint (act_cli (f, "demo-exec", &err, "correct", "--case", regno, "--reason", "x", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "administrator"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (act_cli (f, "demo-admin", &err, "correct", "--case", regno, NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  stage = stage_of (f, f->refusal_case);
  g_assert_cmpstr (stage, ==, "signing");
  g_clear_pointer (&stage, g_free);
  g_assert_cmpint (act_cli (f, "demo-admin", &err, "correct", "--case", regno,
                            "--reason", "Анықтама дайындалуы керек еді", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  stage = stage_of (f, f->refusal_case);
  g_assert_cmpstr (stage, ==, "at-provider");
  g_clear_pointer (&stage, g_free);

  /* receive: the case is in transit until the provider confirms it. */
  reg = mk_store_create_register (store, accum, "to-provider", "p01", &sent, 1, &error);
  g_assert_no_error (error);
  sent_regno = regno_of (f, sent);
  g_assert_cmpint (act_cli (f, "demo-exec", &err, "act", "--case", sent_regno, "return-for-errors",
                            "--reason", "Техпаспорт жоқ", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "§19"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (act_cli (f, "demo-accum", &err, "receive", "--register", reg->number,
                            "--case", sent_regno, NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (act_cli (f, "demo-exec", &err, "receive", "--register", reg->number,
                            "--case", sent_regno, NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  back = mk_store_get_register (store, reg->id, &error);
  g_assert_cmpint (g_array_index (back->case_received_at, gint64, 0), >, 0);
  g_assert_cmpint (back->received_at, >, 0);   /* its only case */
  g_assert_cmpint (act_cli (f, "demo-exec", &err, "receive", "--register", "P01-1999-99999", NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (act_cli (f, "demo-exec", &err, "act", "--case", sent_regno, "return-for-errors",
                            "--reason", "Техпаспорт жоқ", NULL), ==, 0);
  g_clear_pointer (&err, g_free);

  /* issue: who took it, and the document shown. The case is put at the
   * center directly: the path there is the store tests'. */
  issue_regno = regno_of (f, issued);
  sql = g_strdup_printf ("UPDATE cases SET stage = 'at-center', result = 'certificate' WHERE id = %" G_GINT64_FORMAT,
                         issued);
  store_test_sql (f->env.path, sql);
  g_assert_cmpint (act_cli (f, "demo-center", &err, "act", "--case", issue_regno, "issue", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--received-by"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (act_cli (f, "demo-center", &err, "act", "--case", issue_regno, "archive",
                            "--id-number", "045123789", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (act_cli (f, "demo-center", &err, "act", "--case", issue_regno, "issue",
                            "--received-by", "neighbour", "--id-document", "passport",
                            "--id-number", "N1234567", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (act_cli (f, "demo-center", &err, "act", "--case", issue_regno, "issue",
                            "--received-by", "applicant", "--id-document", "passport",
                            "--id-number", "N1", NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  stage = stage_of (f, issued);
  g_assert_cmpstr (stage, ==, "at-center");
  g_clear_pointer (&stage, g_free);
  g_assert_cmpint (act_cli (f, "demo-center", &err, "act", "--case", issue_regno, "issue",
                            "--received-by", "applicant", "--id-document", "identity-card",
                            "--id-number", "045123789", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  stage = stage_of (f, issued);
  g_assert_cmpstr (stage, ==, "issued");
  {
    g_autoptr(GPtrArray) events = mk_store_list_events (store, issued, &error);
    const MkEvent *e = events->pdata[events->len - 1];

    g_assert_cmpstr (e->action, ==, "issue");
    g_assert_nonnull (strstr (e->after, "\"id_number\":\"045123789\""));
  }
}

int
main (int argc, char **argv)
{
  g_autofree char *certtool = g_find_program_in_path ("certtool");

  g_test_init (&argc, &argv, NULL);

  if (certtool == NULL)
    {
      g_test_skip ("certtool (gnutls-bin) is needed to make a signing key");
      return g_test_run ();
    }
  g_test_add ("/cli-documents/render/every-kind", Fixture, NULL, fixture_setup, test_render_every_kind, fixture_teardown);
  g_test_add ("/cli-documents/section-10-5/sign-then-modify", Fixture, NULL, fixture_setup, test_sign_then_modify, fixture_teardown);
  g_test_add ("/cli-documents/verify-qr", Fixture, NULL, fixture_setup, test_verify_qr, fixture_teardown);
  g_test_add ("/cli-documents/section-10-5/trust", Fixture, NULL, fixture_setup, test_trust, fixture_teardown);
  g_test_add ("/cli-documents/correct-receive-issue", Fixture, NULL, fixture_setup, test_correct_receive_issue, fixture_teardown);
  g_test_add ("/cli-documents/act", Fixture, NULL, fixture_setup, test_act, fixture_teardown);
  return g_test_run ();
}
