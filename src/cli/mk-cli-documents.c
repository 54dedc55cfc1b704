/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mekenjai-cli commands for the printed documents: render, sign (§10 step 5) and verify. */

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>

#include "mk-cli.h"
#include "mk-document.h"
#include "mk-file.h"
#include "mk-import.h"
#include "mk-qr.h"
#include "mk-qr-reader.h"
#include "mk-sign.h"

/* Writes @pdf to @path, or to standard output for "-". */
static gboolean
write_pdf (GBytes      *pdf,
           const char  *path,
           GError     **error)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (pdf, &size);

  return mk_cli_write_file (data, size, path, _("Could not write the PDF to standard output"), error);
}

/* The sink of render: the PDF is out before the issued version is stored. */
static gboolean
write_record_cb (const MkDocumentRecord  *record,
                 gpointer                 user_data,
                 GError                 **error)
{
  return write_pdf (record->pdf, user_data, error);
}

static void
add_string (JsonBuilder *b,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_record (JsonBuilder            *b,
            const MkDocumentRecord *d)
{
  json_builder_set_member_name (b, "document");
  if (d == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, d->id);
  add_string (b, "kind", d->kind);
  add_string (b, "number", d->number);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, d->version);
  add_string (b, "sha256", d->sha256);
  add_string (b, "qr", d->qr_payload);
  json_builder_set_member_name (b, "signed");
  json_builder_add_boolean_value (b, d->is_signed);
  add_string (b, "signer", d->signer_name);
  json_builder_set_member_name (b, "superseded");
  json_builder_add_boolean_value (b, d->superseded_by != 0);
  json_builder_end_object (b);
}

static void
print_record (const MkDocumentRecord *d,
              const char             *path)
{
  if (mk_cli_json ())
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_record (b, d);
      add_string (b, "file", path);
      json_builder_end_object (b);
      mk_cli_print_json (json_builder_get_root (b));
      return;
    }
  if (g_strcmp0 (path, "-") == 0)
    return;
  if (d->is_signed)
    /* TRANSLATORS: "Signed: Address certificate 3505-2026-000123, version 2 → file.pdf" */
    g_print (_("Signed: %s %s, version %u → %s\n"), mk_document_kind_name (d->kind), d->number, d->version, path);
  else
    /* TRANSLATORS: "Issued: Receipt for the documents 3505-2026-000123, version 1 → file.pdf" */
    g_print (_("Issued: %s %s, version %u → %s\n"), mk_document_kind_name (d->kind), d->number, d->version, path);
  g_print ("SHA-256 %s\n", d->sha256);
}

/* A register by its numeric id or by its number. */
static gint64
find_register (MkStore     *store,
               const char  *text,
               GError     **error)
{
  g_autoptr(GPtrArray) regs = NULL;
  guint64 id = 0;

  if (g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &id, NULL))
    return (gint64) id;
  regs = mk_store_list_registers (store, NULL, error);
  if (regs == NULL)
    return 0;
  for (guint i = 0; i < regs->len; i++)
    {
      MkRegister *reg = g_ptr_array_index (regs, i);

      if (g_strcmp0 (reg->number, text) == 0)
        return reg->id;
    }
  g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_FAILED, _("No register “%s”"), text);
  return 0;
}

/* render KIND --case REGNO -o FILE */

static char *render_case;
static char *render_register;
static char *render_output;

static const GOptionEntry render_entries[] = {
  { "case", 0, 0, G_OPTION_ARG_STRING, &render_case, N_("Registration number of the case"), N_("REGNO") },
  { "register", 0, 0, G_OPTION_ARG_STRING, &render_register, N_("Register id or number (for KIND register)"), N_("ID") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &render_output, N_("Write the PDF to FILE (“-” for standard output)"), N_("FILE") },
  { NULL }
};

static int
render_run (int      argc,
            char   **argv,
            GError **error)
{
  g_autoptr(MkStore) store = NULL;
  g_autoptr(MkUser) user = NULL;
  g_autoptr(MkDocumentRecord) doc = NULL;
  MkDocumentType type;
  gint64 id;

  if (!mk_cli_parse ("render", "KIND",
                     _("Issue a document and write its PDF. KIND is receipt, refusal-receipt, certificate, "
                       "refusal, return-letter (with --case) or register (with --register). Every issued "
                       "version is kept in the store; printing the same data again gives the same version."),
                     render_entries, &argc, &argv, error))
    return 2;
  if (argc != 2 || !mk_document_type_from_id (argv[1], &type))
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   _("render takes one KIND: receipt, refusal-receipt, register, certificate, refusal or return-letter"));
      return 2;
    }
  if (render_output == NULL)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("Give the output file with -o FILE"));
      return 2;
    }
  if (type == MK_DOCUMENT_REGISTER ? render_register == NULL || render_case != NULL
                                   : render_case == NULL || render_register != NULL)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   type == MK_DOCUMENT_REGISTER ? _("A register is chosen with --register ID")
                                                : _("A case document is chosen with --case REGNO"));
      return 2;
    }

  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;
  /* §17: every document names the employee who issued it; the store records who. */
  user = mk_cli_sign_in (store, error);
  if (user == NULL)
    return 1;

  if (type == MK_DOCUMENT_REGISTER)
    {
      id = find_register (store, render_register, error);
      if (id == 0)
        return 1;
    }
  else
    {
      g_autoptr(MkCase) c = mk_store_get_case_by_regno (store, render_case, error);

      if (c == NULL)
        return 1;
      id = c->id;
    }

  /* #13: a file that cannot be written leaves no issued version behind. */
  doc = mk_store_issue_document_to (store, user, argv[1], id, write_record_cb, render_output, error);
  if (doc == NULL)
    return 1;
  print_record (doc, render_output);
  return 0;
}

const MkCliCommand mk_cli_command_render = {
  "render", "KIND --case REGNO -o FILE", N_("Issue a document as PDF"), render_run
};

/* sign --case REGNO --p12 FILE */

static char *sign_case;
static char *sign_p12;
static char *sign_p12_password_file;
static char *sign_output;

static const GOptionEntry sign_entries[] = {
  { "case", 0, 0, G_OPTION_ARG_STRING, &sign_case, N_("Registration number of the case"), N_("REGNO") },
  { "p12", 0, 0, G_OPTION_ARG_FILENAME, &sign_p12, N_("The head’s signing key (PKCS#12)"), N_("FILE") },
  { "p12-password-file", 0, 0, G_OPTION_ARG_FILENAME, &sign_p12_password_file,
    N_("Read the key’s password from this file instead of asking"), N_("FILE") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &sign_output, N_("Also write the signed PDF to FILE"), N_("FILE") },
  { NULL }
};

static int
sign_run (int      argc,
          char   **argv,
          GError **error)
{
  g_autoptr(MkStore) store = NULL;
  g_autoptr(MkUser) user = NULL;
  g_autoptr(MkCase) c = NULL;
  g_autoptr(MkDocumentRecord) signed_doc = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *password = NULL;

  if (!mk_cli_parse ("sign", "--case REGNO --p12 FILE",
                     _("§10 step 5: sign the case’s certificate or reasoned refusal as the provider’s head "
                       "(--user LOGIN). The signed PDF is kept as a new version and the case moves to “signed”."),
                     sign_entries, &argc, &argv, error))
    return 2;
  if (argc != 1 || sign_case == NULL || sign_p12 == NULL)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("sign needs --case REGNO and --p12 FILE"));
      return 2;
    }

  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;
  user = mk_cli_sign_in (store, error);
  if (user == NULL)
    return 1;
  c = mk_store_get_case_by_regno (store, sign_case, error);
  if (c == NULL)
    return 1;

  prompt = g_strdup_printf (_("Password for %s: "), sign_p12);
  password = mk_cli_read_secret (sign_p12_password_file, prompt, error);
  if (password == NULL)
    return 1;
  signed_doc = mk_store_sign_case (store, user, c->id, sign_p12, password, error);
  memset (password, 0, strlen (password));
  if (signed_doc == NULL)
    return 1;
  if (sign_output != NULL && !write_pdf (signed_doc->pdf, sign_output, error))
    return 1;
  print_record (signed_doc, sign_output != NULL ? sign_output : _("the store"));
  return 0;
}

const MkCliCommand mk_cli_command_sign = {
  "sign", "--case REGNO --p12 FILE", N_("Sign a certificate or refusal (head)"), sign_run
};

/* verify FILE.pdf | --qr TEXT | --image FILE */

static char *verify_qr;
static char *verify_image;

static const GOptionEntry verify_entries[] = {
  { "qr", 0, 0, G_OPTION_ARG_STRING, &verify_qr, N_("The text of a document’s QR code"), N_("TEXT") },
  { "image", 0, 0, G_OPTION_ARG_FILENAME, &verify_image, N_("A scan or photo of the QR code"), N_("FILE") },
  { NULL }
};

typedef enum {
  VERDICT_GENUINE,     /* a stored version, byte for byte or by its QR digest; signature valid if signed */
  VERDICT_SUPERSEDED,  /* genuine, but a newer version exists */
  VERDICT_MODIFIED,    /* a signature that no longer covers the file */
  VERDICT_MISMATCH,    /* the QR names a stored document, but its digest differs */
  VERDICT_UNKNOWN,     /* nothing in the store */
} Verdict;

static const char *const verdict_ids[] = { "genuine", "superseded", "modified", "mismatch", "unknown" };

static Verdict
judge (const MkDocumentCheck *check,
       gboolean               file)
{
  if (check->has_signature && !check->signature_valid)
    return VERDICT_MODIFIED;
  if (check->document == NULL)
    return VERDICT_UNKNOWN;
  if (file ? !check->identical : !check->digest_matches)
    return VERDICT_MISMATCH;
  if (check->document->superseded_by != 0)
    return VERDICT_SUPERSEDED;
  return VERDICT_GENUINE;
}

static void
print_check (const MkDocumentCheck *check,
             Verdict                verdict,
             gboolean               file,
             const char            *qr)
{
  const MkDocumentRecord *d = check->document;

  if (mk_cli_json ())
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_string (b, "verdict", verdict_ids[verdict]);
      add_record (b, d);
      json_builder_set_member_name (b, "identical");
      json_builder_add_boolean_value (b, check->identical);
      json_builder_set_member_name (b, "digest_matches");
      json_builder_add_boolean_value (b, check->digest_matches);
      json_builder_set_member_name (b, "has_signature");
      json_builder_add_boolean_value (b, check->has_signature);
      json_builder_set_member_name (b, "signature_valid");
      json_builder_add_boolean_value (b, check->signature_valid);
      add_string (b, "signature_signer", check->signer_name);
      json_builder_set_member_name (b, "signer_registered");
      json_builder_add_boolean_value (b, check->signer_registered);
      if (check->has_signature)
        {
          add_string (b, "chain", mk_sign_trust_to_id (check->trust));
          add_string (b, "trust_anchor", check->trust_anchor);
        }
      add_string (b, "qr", qr);
      json_builder_end_object (b);
      mk_cli_print_json (json_builder_get_root (b));
      return;
    }

  switch (verdict)
    {
    case VERDICT_GENUINE:
      g_print (_("Genuine: %s %s, version %u, as issued.\n"), mk_document_kind_name (d->kind), d->number, d->version);
      break;
    case VERDICT_SUPERSEDED:
      g_print (_("Genuine but outdated: %s %s, version %u, was replaced by a newer version.\n"),
               mk_document_kind_name (d->kind), d->number, d->version);
      break;
    case VERDICT_MODIFIED:
      if (d != NULL)
        g_print (_("Modified: %s %s was changed after it was signed.\n"), mk_document_kind_name (d->kind), d->number);
      else
        g_print (_("Modified: the document was changed after it was signed.\n"));
      break;
    case VERDICT_MISMATCH:
      if (file)
        g_print (_("Does not match: the file is not a version of the stored document (%s %s).\n"),
                 mk_document_kind_name (d->kind), d->number);
      else
        g_print (_("Does not match: the stored document (%s %s) has different content.\n"),
                 mk_document_kind_name (d->kind), d->number);
      break;
    case VERDICT_UNKNOWN:
    default:
      g_print (_("Unknown: no such document in the store.\n"));
      break;
    }
  if (check->has_signature && check->signature_valid)
    {
      g_print (_("Signed by %s; the signature is valid.\n"), check->signer_name != NULL ? check->signer_name : "?");
      /* §10 step 5: a valid signature by any key proves nothing; the head's registered one does. */
      if (check->signer_registered)
        g_print (_("The certificate is the one registered for the provider’s head, %s, when it was signed.\n"),
                 check->registered_head != NULL ? check->registered_head : "?");
      else
        g_print (_("The certificate is not the one registered for the provider’s head: treat the document as not signed.\n"));
      {
        g_autofree char *trust = mk_sign_trust_describe (check->trust, check->trust_anchor);

        g_print ("%s\n", trust);
      }
    }
  else if (d != NULL && (verdict == VERDICT_GENUINE || verdict == VERDICT_SUPERSEDED) && !d->is_signed)
    g_print (_("Not signed.\n"));
  if (qr != NULL)
    g_print (_("QR code: %s\n"), qr);
}

static int
verify_run (int      argc,
            char   **argv,
            GError **error)
{
  g_autoptr(MkStore) store = NULL;
  g_autoptr(MkDocumentCheck) check = NULL;
  g_autofree char *qr = NULL;
  Verdict verdict;
  int n_inputs;

  if (!mk_cli_parse ("verify", "FILE.pdf | --qr TEXT | --image FILE",
                     _("Check a document against the store: a PDF file byte for byte and its signature, "
                       "or the QR code printed on paper (its text, or a scan of it). "
                       "Exit status 0: genuine; 1: modified, outdated, different or unknown."),
                     verify_entries, &argc, &argv, error))
    return 2;
  n_inputs = (argc == 2) + (verify_qr != NULL) + (verify_image != NULL);
  if (n_inputs != 1 || argc > 2)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("verify takes one of: FILE.pdf, --qr TEXT, --image FILE"));
      return 2;
    }

  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;

  if (argc == 2)
    {
      g_autoptr(GBytes) pdf = NULL;

      /* A printed document is far below the attachment limit. */
      pdf = mk_file_read (argv[1], MK_IMPORT_DEFAULT_MAX_SIZE, error);
      if (pdf == NULL)
        return 1;
      check = mk_store_check_document_file (store, pdf, error);
      if (check == NULL)
        return 1;
      verdict = judge (check, TRUE);
      /* Not a stored version: say which document its QR code claims to be. */
      if (!check->identical)
        {
          g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[1]);

          qr = mk_qr_read_file (file, NULL, NULL);
          if (qr != NULL)
            {
              g_autoptr(MkDocumentCheck) by_qr = mk_store_find_document_by_qr (store, qr, NULL);

              if (by_qr != NULL && by_qr->document != NULL)
                {
                  g_clear_pointer (&check->document, mk_document_record_free);
                  check->document = g_steal_pointer (&by_qr->document);
                  check->digest_matches = by_qr->digest_matches;
                  if (verdict == VERDICT_UNKNOWN)
                    verdict = VERDICT_MISMATCH;
                }
            }
        }
    }
  else
    {
      if (verify_image != NULL)
        {
          g_autoptr(GFile) file = g_file_new_for_commandline_arg (verify_image);

          qr = mk_qr_read_file (file, NULL, error);
          if (qr == NULL)
            return 1;
        }
      else
        qr = g_strdup (verify_qr);
      check = mk_store_find_document_by_qr (store, qr, error);
      if (check == NULL)
        return 1;
      verdict = judge (check, FALSE);
    }

  print_check (check, verdict, argc == 2, qr);
  return verdict == VERDICT_GENUINE ? 0 : 1;
}

const MkCliCommand mk_cli_command_verify = {
  "verify", "FILE.pdf | --qr TEXT", N_("Check a document or its QR code"), verify_run
};
