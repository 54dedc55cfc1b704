/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Signing a PDF with a PKCS#12 key (incremental update, detached CMS) and verifying it. */
#define G_LOG_DOMAIN "mk-sign"

#include "mk-sign.h"
#include "mk-file.h"
#include "mk-clock.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/pkcs12.h>
#include <gnutls/pkcs7.h>
#include <gnutls/abstract.h>

G_DEFINE_QUARK (mk-sign-error-quark, mk_sign_error)

/* PKCS#9 signingTime, a signed attribute of the CMS. */
#define OID_SIGNING_TIME "1.2.840.113549.1.9.5"
/* Width of each number in the /ByteRange placeholder, patched in place. */
#define RANGE_DIGITS 10

void
mk_sign_info_free (MkSignInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->signer_name);
  g_free (info->subject_dn);
  g_free (info->issuer_dn);
  g_free (info->reason);
  g_free (info->certificate_sha256);
  g_clear_pointer (&info->certificates, g_ptr_array_unref);
  g_free (info);
}

static char *
der_sha256 (const void *data,
            gsize       size)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
}

/* ---------------------------------------------------------------------- */
/* Reading the classic cross-reference table that cairo writes.           */

typedef struct {
  const char *data;
  gsize       length;
  GHashTable *offsets;   /* object number → byte offset (GSIZE_TO_POINTER (offset + 1)) */
  guint       size;      /* trailer /Size */
  guint       root;      /* trailer /Root */
  guint       info;      /* trailer /Info, 0 if none */
  gsize       startxref; /* offset of the last xref section */
} PdfFile;

static void
pdf_file_clear (PdfFile *pdf)
{
  g_clear_pointer (&pdf->offsets, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdfFile, pdf_file_clear)

static const char *
find_bytes (const char *data, gsize length, gsize from, const char *needle)
{
  gsize n = strlen (needle);

  if (length < n)
    return NULL;
  for (gsize i = from; i + n <= length; i++)
    if (data[i] == needle[0] && memcmp (data + i, needle, n) == 0)
      return data + i;
  return NULL;
}

static const char *
rfind_bytes (const char *data, gsize length, const char *needle)
{
  gsize n = strlen (needle);

  if (length < n)
    return NULL;
  for (gsize i = length - n + 1; i-- > 0;)
    if (data[i] == needle[0] && memcmp (data + i, needle, n) == 0)
      return data + i;
  return NULL;
}

static const char *
skip_space (const char *p, const char *end)
{
  while (p < end && g_ascii_isspace (*p))
    p++;
  return p;
}

static gboolean
read_uint (const char **p, const char *end, guint64 *out)
{
  const char *q = skip_space (*p, end);
  guint64 value = 0;

  if (q >= end || !g_ascii_isdigit (*q))
    return FALSE;
  while (q < end && g_ascii_isdigit (*q))
    {
      value = value * 10 + (guint64) (*q - '0');
      if (value > G_MAXUINT32 * (guint64) 16)
        return FALSE;
      q++;
    }
  *p = q;
  *out = value;
  return TRUE;
}

/* The value of "/Key N 0 R" inside [start, end), or 0. */
static guint
dict_get_ref (const char *start, const char *end, const char *key)
{
  const char *p = find_bytes (start, end - start, 0, key);
  guint64 num;

  if (p == NULL)
    return 0;
  p += strlen (key);
  if (p < end && (g_ascii_isalnum (*p) || *p == '_'))
    return 0;
  if (!read_uint (&p, end, &num))
    return 0;
  return (guint) num;
}

static gboolean
pdf_read_xref (PdfFile *pdf, gsize offset, gboolean newest, GError **error)
{
  const char *end = pdf->data + pdf->length;
  const char *p = pdf->data + offset;
  const char *trailer, *trailer_end;
  guint64 prev = 0;

  if (offset >= pdf->length || strncmp (p, "xref", 4) != 0)
    {
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_PDF,
                   _("The PDF has no classic cross-reference table at offset %zu"),
                   offset);
      return FALSE;
    }
  p += 4;

  for (;;)
    {
      guint64 first, count;

      p = skip_space (p, end);
      if (p < end && *p == 't')
        break;
      if (!read_uint (&p, end, &first) || !read_uint (&p, end, &count))
        goto malformed;
      p = skip_space (p, end);
      if ((gsize) (end - p) < count * 20)
        goto malformed;
      for (guint64 i = 0; i < count; i++, p += 20)
        {
          guint64 obj_offset = g_ascii_strtoull (p, NULL, 10);
          gpointer key = GUINT_TO_POINTER ((guint) (first + i));

          /* Later sections override the ones they update (/Prev chain). */
          if (p[17] == 'n' && !g_hash_table_contains (pdf->offsets, key))
            g_hash_table_insert (pdf->offsets, key, GSIZE_TO_POINTER (obj_offset + 1));
        }
    }

  if (strncmp (p, "trailer", 7) != 0)
    goto malformed;
  trailer = p;
  trailer_end = find_bytes (pdf->data, pdf->length, trailer - pdf->data, "startxref");
  if (trailer_end == NULL)
    trailer_end = end;

  if (newest)
    {
      const char *q = find_bytes (trailer, trailer_end - trailer, 0, "/Size");
      guint64 size;

      if (q == NULL)
        goto malformed;
      q += 5;
      if (!read_uint (&q, trailer_end, &size))
        goto malformed;
      pdf->size = (guint) size;
      pdf->root = dict_get_ref (trailer, trailer_end, "/Root");
      pdf->info = dict_get_ref (trailer, trailer_end, "/Info");
      if (pdf->root == 0)
        goto malformed;
    }

  {
    const char *q = find_bytes (trailer, trailer_end - trailer, 0, "/Prev");

    if (q != NULL)
      {
        q += 5;
        if (!read_uint (&q, trailer_end, &prev) || prev >= offset)
          goto malformed;
        return pdf_read_xref (pdf, (gsize) prev, FALSE, error);
      }
  }
  return TRUE;

malformed:
  g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_PDF,
               _("The PDF’s cross-reference table is malformed"));
  return FALSE;
}

static gboolean
pdf_file_open (PdfFile *pdf, GBytes *bytes, GError **error)
{
  const char *p, *end;
  guint64 offset;
  gsize tail;

  pdf->data = g_bytes_get_data (bytes, &pdf->length);
  pdf->offsets = g_hash_table_new (NULL, NULL);
  end = pdf->data + pdf->length;

  if (pdf->length < 32 || strncmp (pdf->data, "%PDF-", 5) != 0)
    {
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_PDF, _("The data is not a PDF file"));
      return FALSE;
    }
  tail = MIN (pdf->length, 1024);
  p = rfind_bytes (end - tail, tail, "startxref");
  if (p == NULL)
    {
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_PDF, _("The PDF has no “startxref”"));
      return FALSE;
    }
  p += 9;
  if (!read_uint (&p, end, &offset))
    {
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_PDF, _("The PDF’s “startxref” is malformed"));
      return FALSE;
    }
  pdf->startxref = (gsize) offset;
  return pdf_read_xref (pdf, pdf->startxref, TRUE, error);
}

/* The dictionary "<< … >>" of object @num: start and one past its end. */
static gboolean
pdf_get_object_dict (PdfFile     *pdf,
                     guint        num,
                     const char **dict_start,
                     const char **dict_end,
                     GError     **error)
{
  gpointer value = g_hash_table_lookup (pdf->offsets, GUINT_TO_POINTER (num));
  const char *end = pdf->data + pdf->length;
  const char *p;
  int depth = 0;

  if (value == NULL || GPOINTER_TO_SIZE (value) - 1 >= pdf->length)
    goto missing;
  p = pdf->data + GPOINTER_TO_SIZE (value) - 1;
  p = find_bytes (pdf->data, MIN (pdf->length, (gsize) (p - pdf->data) + 64), p - pdf->data, "obj");
  if (p == NULL)
    goto missing;
  p = skip_space (p + 3, end);
  if (end - p < 2 || p[0] != '<' || p[1] != '<')
    goto missing;

  *dict_start = p;
  while (p < end)
    {
      if (p[0] == '(')
        {
          /* Literal strings may hold unbalanced brackets: skip them whole. */
          int parens = 0;

          for (; p < end; p++)
            {
              if (*p == '\\')
                p++;
              else if (*p == '(')
                parens++;
              else if (*p == ')' && --parens == 0)
                break;
            }
          p++;
        }
      else if (end - p >= 2 && p[0] == '<' && p[1] == '<')
        {
          depth++;
          p += 2;
        }
      else if (end - p >= 2 && p[0] == '>' && p[1] == '>')
        {
          depth--;
          p += 2;
          if (depth == 0)
            {
              *dict_end = p;
              return TRUE;
            }
        }
      else
        p++;
    }

missing:
  g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_PDF,
               _("The PDF’s object %u is missing or is not a dictionary"), num);
  return FALSE;
}

/* The first page: follows /Pages and the first /Kids down the page tree. */
static guint
pdf_first_page (PdfFile *pdf, GError **error)
{
  const char *start, *end;
  guint node;

  if (!pdf_get_object_dict (pdf, pdf->root, &start, &end, error))
    return 0;
  node = dict_get_ref (start, end, "/Pages");

  for (int depth = 0; node != 0 && depth < 32; depth++)
    {
      const char *kids;
      const char *p;
      guint64 num;

      if (!pdf_get_object_dict (pdf, node, &start, &end, error))
        return 0;
      if (find_bytes (start, end - start, 0, "/Type /Pages") == NULL
          && find_bytes (start, end - start, 0, "/Type/Pages") == NULL)
        return node;
      kids = find_bytes (start, end - start, 0, "/Kids");
      if (kids == NULL)
        break;
      p = skip_space (kids + 5, end);
      if (p >= end || *p != '[')
        break;
      p++;
      if (!read_uint (&p, end, &num))
        break;
      node = (guint) num;
    }

  g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_PDF, _("The PDF’s page tree cannot be read"));
  return 0;
}

/* ---------------------------------------------------------------------- */
/* Loading the key.                                                       */

struct _MkSignKey {
  gnutls_x509_privkey_t  key;
  gnutls_x509_crt_t     *chain;
  unsigned int           chain_length;
};

typedef MkSignKey SignKey;

static void
sign_key_clear (SignKey *k)
{
  if (k->key != NULL)
    gnutls_x509_privkey_deinit (k->key);
  for (unsigned int i = 0; i < k->chain_length; i++)
    gnutls_x509_crt_deinit (k->chain[i]);
  gnutls_free (k->chain);
  memset (k, 0, sizeof *k);
}


/* §10 step 5: a certificate that has expired (or is not valid yet) at the
 * signing time cannot sign the head's decision. */
static gboolean
check_validity (SignKey *key, gint64 signing_time, GError **error)
{
  time_t not_before, not_after;

  not_before = gnutls_x509_crt_get_activation_time (key->chain[0]);
  not_after = gnutls_x509_crt_get_expiration_time (key->chain[0]);
  if (signing_time > (gint64) not_after)
    {
      /* In Kazakhstan time, as every other time the user sees. */
      g_autofree char *text = mk_clock_format ((gint64) not_after, NULL);

      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_EXPIRED,
                   _("The signing certificate expired on %s"), text);
      return FALSE;
    }
  if (signing_time < (gint64) not_before)
    {
      g_autofree char *text = mk_clock_format ((gint64) not_before, NULL);

      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_NOT_YET_VALID,
                   _("The signing certificate is valid only from %s"), text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_p12 (const char  *path,
          const char  *password,
          SignKey     *out,
          GError     **error)
{
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gnutls_pkcs12_t p12 = NULL;
  gnutls_datum_t datum;
  gsize length;
  int ret;

  contents = mk_file_read (path, MK_FILE_MAX_SMALL, &local_error);
  if (contents == NULL)
    {
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_READ,
                   _("Cannot read the key file: %s"), local_error->message);
      return FALSE;
    }

  datum.data = (unsigned char *) g_bytes_get_data (contents, &length);
  datum.size = (unsigned int) length;
  gnutls_pkcs12_init (&p12);
  ret = gnutls_pkcs12_import (p12, &datum, GNUTLS_X509_FMT_DER, 0);
  if (ret < 0)
    ret = gnutls_pkcs12_import (p12, &datum, GNUTLS_X509_FMT_PEM, 0);
  if (ret < 0)
    {
      gnutls_pkcs12_deinit (p12);
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_READ,
                   _("“%s” is not a PKCS#12 key file: %s"), path, gnutls_strerror (ret));
      return FALSE;
    }

  ret = gnutls_pkcs12_verify_mac (p12, password);
  if (ret == GNUTLS_E_MAC_VERIFY_FAILED || ret == GNUTLS_E_DECRYPTION_FAILED)
    {
      gnutls_pkcs12_deinit (p12);
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_PASSWORD,
                   _("Wrong password for the key file “%s”"), path);
      return FALSE;
    }

  ret = gnutls_pkcs12_simple_parse (p12, password, &out->key, &out->chain, &out->chain_length,
                                    NULL, NULL, NULL, 0);
  gnutls_pkcs12_deinit (p12);
  if (ret == GNUTLS_E_DECRYPTION_FAILED || ret == GNUTLS_E_MAC_VERIFY_FAILED)
    {
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_PASSWORD,
                   _("Wrong password for the key file “%s”"), path);
      return FALSE;
    }
  /* The MAC checked out, so "no data" means the bag holds no key (a
   * certificate-only export), not a damaged file. */
  if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE && out->key == NULL)
    {
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_NO_KEY,
                   _("The key file “%s” holds no private key"), path);
      return FALSE;
    }
  if (ret < 0 && out->key == NULL && out->chain_length == 0)
    {
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_READ,
                   _("Cannot read the key file “%s”: %s"), path, gnutls_strerror (ret));
      return FALSE;
    }
  if (out->key == NULL)
    {
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_NO_KEY,
                   _("The key file “%s” holds no private key"), path);
      return FALSE;
    }
  if (ret < 0 || out->chain_length == 0)
    {
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_NO_CERTIFICATE,
                   _("The key file “%s” holds no certificate for its key"), path);
      return FALSE;
    }

  return TRUE;
}

MkSignKey *
mk_sign_key_load (const char  *p12_path,
                  const char  *password,
                  gint64       signing_time,
                  GError     **error)
{
  g_autoptr(MkSignKey) key = NULL;

  g_return_val_if_fail (p12_path != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  key = g_new0 (MkSignKey, 1);
  if (!load_p12 (p12_path, password, key, error) || !check_validity (key, signing_time, error))
    return NULL;
  return g_steal_pointer (&key);
}

void
mk_sign_key_free (MkSignKey *key)
{
  if (key == NULL)
    return;
  sign_key_clear (key);
  g_free (key);
}

char *
mk_sign_key_get_certificate_sha256 (MkSignKey *key)
{
  gnutls_datum_t der = { NULL, 0 };
  char *sha;

  g_return_val_if_fail (key != NULL && key->chain_length > 0, NULL);

  if (gnutls_x509_crt_export2 (key->chain[0], GNUTLS_X509_FMT_DER, &der) < 0)
    return NULL;
  sha = der_sha256 (der.data, der.size);
  gnutls_free (der.data);
  return sha;
}

void
mk_sign_certificate_free (MkSignCertificate *certificate)
{
  if (certificate == NULL)
    return;
  g_clear_pointer (&certificate->der, g_bytes_unref);
  g_free (certificate->sha256);
  g_free (certificate->common_name);
  g_free (certificate->issuer_dn);
  g_free (certificate->subject_dn);
  g_free (certificate);
}

static char *crt_common_name (gnutls_x509_crt_t crt);

/* #13: a certificate's names are the signer's to choose: shown to a clerk
 * and stored, they must be valid UTF-8, and control characters (ESC, BEL)
 * and bidirectional overrides, which could make one name look like
 * another's, become U+FFFD. */
static char *
printable_name (const char *bytes,
                gssize      length)
{
  g_autofree char *valid = NULL;
  GString *out;

  /* An empty name or DN comes as no bytes at all (found by fuzz-verify). */
  if (bytes == NULL || length == 0)
    return g_strdup ("");
  valid = g_utf8_make_valid (bytes, length);
  out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
          || c == 0x200e || c == 0x200f || c == 0x061c)
        g_string_append_unichar (out, 0xfffd);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* The certificate's subject (or @issuer) distinguished name, RFC 4514. */
static char *
crt_dn (gnutls_x509_crt_t crt,
        gboolean          issuer)
{
  gnutls_datum_t dn = { NULL, 0 };
  char *text = NULL;

  if ((issuer ? gnutls_x509_crt_get_issuer_dn3 (crt, &dn, 0) : gnutls_x509_crt_get_dn3 (crt, &dn, 0)) == 0)
    text = printable_name ((const char *) dn.data, (gssize) dn.size);
  gnutls_free (dn.data);
  return text;
}

static MkSignCertificate *
certificate_from_crt (gnutls_x509_crt_t crt)
{
  MkSignCertificate *certificate;
  gnutls_datum_t der = { NULL, 0 };
  unsigned int critical = 0, ca = 0;

  if (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &der) < 0)
    return NULL;
  certificate = g_new0 (MkSignCertificate, 1);
  certificate->der = g_bytes_new (der.data, der.size);
  certificate->sha256 = der_sha256 (der.data, der.size);
  gnutls_free (der.data);
  certificate->common_name = crt_common_name (crt);
  certificate->issuer_dn = crt_dn (crt, TRUE);
  certificate->subject_dn = crt_dn (crt, FALSE);
  certificate->is_ca = gnutls_x509_crt_get_basic_constraints (crt, &critical, &ca, NULL) >= 0 && ca;
  certificate->not_before = (gint64) gnutls_x509_crt_get_activation_time (crt);
  certificate->not_after = (gint64) gnutls_x509_crt_get_expiration_time (crt);
  return certificate;
}

MkSignCertificate *
mk_sign_certificate_read (GBytes  *data,
                          GError **error)
{
  MkSignCertificate *certificate = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t datum;
  gsize size;
  int ret;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  datum.data = (unsigned char *) g_bytes_get_data (data, &size);
  datum.size = (unsigned int) size;
  gnutls_x509_crt_init (&crt);
  ret = gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_PEM);
  if (ret < 0)
    ret = gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER);
  if (ret >= 0)
    certificate = certificate_from_crt (crt);
  gnutls_x509_crt_deinit (crt);
  if (certificate == NULL)
    g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_READ,
                 _("The file holds no X.509 certificate (PEM or DER): %s"), gnutls_strerror (ret));
  return certificate;
}

GPtrArray *
mk_sign_certificates_read (GBytes  *data,
                           GError **error)
{
  g_autoptr(GPtrArray) certificates = NULL;
  gnutls_x509_crt_t *list = NULL;
  unsigned int n = 0;
  gnutls_datum_t datum;
  gsize size;
  int ret;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  datum.data = (unsigned char *) g_bytes_get_data (data, &size);
  datum.size = (unsigned int) size;
  ret = gnutls_x509_crt_list_import2 (&list, &n, &datum, GNUTLS_X509_FMT_PEM, 0);
  if (ret < 0 || n == 0)
    {
      MkSignCertificate *one = mk_sign_certificate_read (data, error);

      if (one == NULL)
        return NULL;
      certificates = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_sign_certificate_free);
      g_ptr_array_add (certificates, one);
      return g_steal_pointer (&certificates);
    }
  certificates = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_sign_certificate_free);
  for (unsigned int i = 0; i < n; i++)
    {
      MkSignCertificate *one = certificate_from_crt (list[i]);

      if (one != NULL)
        g_ptr_array_add (certificates, one);
      gnutls_x509_crt_deinit (list[i]);
    }
  gnutls_free (list);
  if (certificates->len == 0)
    {
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_READ,
                   _("The file holds no X.509 certificate (PEM or DER)"));
      return NULL;
    }
  return g_steal_pointer (&certificates);
}

GPtrArray *
mk_sign_key_get_certificates (MkSignKey *key)
{
  GPtrArray *certificates;

  g_return_val_if_fail (key != NULL, NULL);

  certificates = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (unsigned int i = 0; i < key->chain_length; i++)
    {
      gnutls_datum_t der = { NULL, 0 };

      if (gnutls_x509_crt_export2 (key->chain[i], GNUTLS_X509_FMT_DER, &der) == 0)
        g_ptr_array_add (certificates, g_bytes_new (der.data, der.size));
      gnutls_free (der.data);
    }
  return certificates;
}

static gboolean
crt_valid_at (gnutls_x509_crt_t crt,
              gint64            at_time)
{
  return at_time >= (gint64) gnutls_x509_crt_get_activation_time (crt)
         && at_time <= (gint64) gnutls_x509_crt_get_expiration_time (crt);
}

/* One anchor at a time, so that the anchor reached can be named. */
static MkSignTrust
check_chain_to (gnutls_x509_crt_t       *chain,
                unsigned int             n,
                const MkSignCertificate *anchor,
                gint64                   at_time)
{
  gnutls_x509_trust_list_t list = NULL;
  gnutls_x509_crt_t ca = NULL;
  gnutls_datum_t datum;
  unsigned int status = 0;
  MkSignTrust trust = MK_SIGN_TRUST_UNTRUSTED;
  gsize size;
  int ret;

  datum.data = (unsigned char *) g_bytes_get_data (anchor->der, &size);
  datum.size = (unsigned int) size;
  if (gnutls_x509_trust_list_init (&list, 0) < 0)
    return MK_SIGN_TRUST_UNTRUSTED;
  if (gnutls_x509_crt_init (&ca) < 0 || gnutls_x509_crt_import (ca, &datum, GNUTLS_X509_FMT_DER) < 0
      || gnutls_x509_trust_list_add_cas (list, &ca, 1, 0) != 1)
    {
      if (ca != NULL)
        gnutls_x509_crt_deinit (ca);
      gnutls_x509_trust_list_deinit (list, 0);
      return MK_SIGN_TRUST_UNTRUSTED;
    }
  /* A signature stays valid after its certificates expire: the times are
   * checked below against the signing time, not against today. */
  ret = gnutls_x509_trust_list_verify_crt2 (list, chain, n, NULL, 0,
                                            GNUTLS_VERIFY_DISABLE_TIME_CHECKS
                                            | GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS,
                                            &status, NULL);
  if (ret < 0 || (status & GNUTLS_CERT_SIGNER_NOT_FOUND))
    trust = MK_SIGN_TRUST_UNTRUSTED;
  else if (status != 0 || !crt_valid_at (ca, at_time))
    trust = MK_SIGN_TRUST_INVALID;
  else
    {
      trust = MK_SIGN_TRUST_TRUSTED;
      for (unsigned int i = 0; i < n; i++)
        if (!crt_valid_at (chain[i], at_time))
          trust = MK_SIGN_TRUST_INVALID;
    }
  gnutls_x509_trust_list_deinit (list, 1);
  return trust;
}

MkSignTrust
mk_sign_check_chain (GPtrArray  *certificates,
                     GPtrArray  *anchors,
                     gint64      at_time,
                     char      **anchor_name)
{
  g_autofree gnutls_x509_crt_t *chain = NULL;
  MkSignTrust best = MK_SIGN_TRUST_UNTRUSTED;
  unsigned int n = 0;

  if (anchor_name != NULL)
    *anchor_name = NULL;
  if (anchors == NULL || anchors->len == 0)
    return MK_SIGN_TRUST_NO_ANCHORS;
  if (certificates == NULL || certificates->len == 0)
    return MK_SIGN_TRUST_UNTRUSTED;

  chain = g_new0 (gnutls_x509_crt_t, certificates->len);
  for (guint i = 0; i < certificates->len; i++)
    {
      GBytes *der = g_ptr_array_index (certificates, i);
      gnutls_datum_t datum;
      gsize size;

      datum.data = (unsigned char *) g_bytes_get_data (der, &size);
      datum.size = (unsigned int) size;
      if (gnutls_x509_crt_init (&chain[n]) < 0)
        break;
      if (gnutls_x509_crt_import (chain[n], &datum, GNUTLS_X509_FMT_DER) < 0)
        {
          gnutls_x509_crt_deinit (chain[n]);
          if (i == 0)
            break;
          continue;
        }
      n++;
    }

  for (guint i = 0; n > 0 && i < anchors->len && best != MK_SIGN_TRUST_TRUSTED; i++)
    {
      const MkSignCertificate *anchor = g_ptr_array_index (anchors, i);
      MkSignTrust trust = check_chain_to (chain, n, anchor, at_time);

      if (trust == MK_SIGN_TRUST_TRUSTED || (trust == MK_SIGN_TRUST_INVALID && best == MK_SIGN_TRUST_UNTRUSTED))
        {
          best = trust;
          if (anchor_name != NULL)
            {
              g_free (*anchor_name);
              *anchor_name = g_strdup (anchor->common_name != NULL ? anchor->common_name : anchor->subject_dn);
            }
        }
    }
  for (unsigned int i = 0; i < n; i++)
    gnutls_x509_crt_deinit (chain[i]);
  return best;
}

/* ---------------------------------------------------------------------- */
/* Writing the incremental update.                                        */

/* A PDF text string: UTF-16BE with a byte-order mark, as a hex string. */
static void
append_text_string (GString *out, const char *utf8)
{
  g_autofree gunichar2 *utf16 = NULL;
  glong n = 0;

  utf16 = g_utf8_to_utf16 (utf8, -1, NULL, &n, NULL);
  g_string_append (out, "<FEFF");
  for (glong i = 0; utf16 != NULL && i < n; i++)
    g_string_append_printf (out, "%04X", (guint) utf16[i]);
  g_string_append_c (out, '>');
}

/* DER of the signingTime attribute value: UTCTime until 2049, then GeneralizedTime (RFC 5280). */
static GBytes *
encode_signing_time (gint64 when)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (when);
  g_autofree char *text = NULL;
  GByteArray *der = g_byte_array_new ();
  guint8 header[2];

  if (g_date_time_get_year (dt) < 2050)
    {
      text = g_date_time_format (dt, "%y%m%d%H%M%SZ");
      header[0] = 0x17;
    }
  else
    {
      text = g_date_time_format (dt, "%Y%m%d%H%M%SZ");
      header[0] = 0x18;
    }
  header[1] = (guint8) strlen (text);
  g_byte_array_append (der, header, 2);
  g_byte_array_append (der, (const guint8 *) text, strlen (text));
  return g_byte_array_free_to_bytes (der);
}

static GBytes *
sign_ranges (SignKey     *key,
             const char  *data,
             gsize        length,
             gsize        hole_start,
             gsize        hole_end,
             gint64       signing_time,
             GError     **error)
{
  g_autoptr(GBytes) time_der = encode_signing_time (signing_time);
  g_autoptr(GByteArray) signed_data = g_byte_array_sized_new (length);
  gnutls_pkcs7_t pkcs7 = NULL;
  gnutls_privkey_t privkey = NULL;
  gnutls_pkcs7_attrs_t attrs = NULL;
  gnutls_datum_t datum, time_datum, out = { NULL, 0 };
  GBytes *result = NULL;
  int ret;

  /* The signature covers everything except the /Contents hex string. */
  g_byte_array_append (signed_data, (const guint8 *) data, hole_start);
  g_byte_array_append (signed_data, (const guint8 *) data + hole_end, length - hole_end);
  datum.data = signed_data->data;
  datum.size = signed_data->len;

  time_datum.data = (unsigned char *) g_bytes_get_data (time_der, NULL);
  time_datum.size = (unsigned int) g_bytes_get_size (time_der);

  if ((ret = gnutls_privkey_init (&privkey)) < 0
      || (ret = gnutls_privkey_import_x509 (privkey, key->key, 0)) < 0
      || (ret = gnutls_pkcs7_init (&pkcs7)) < 0
      || (ret = gnutls_pkcs7_add_attr (&attrs, OID_SIGNING_TIME, &time_datum, 0)) < 0)
    goto out;

  /* The signing time is passed in rather than read from the clock, so the
   * same input signs to the same bytes. */
  ret = gnutls_pkcs7_sign (pkcs7, key->chain[0], privkey, &datum, attrs, NULL,
                           GNUTLS_DIG_SHA256, GNUTLS_PKCS7_INCLUDE_CERT);
  if (ret < 0)
    goto out;
  for (unsigned int i = 1; i < key->chain_length; i++)
    if ((ret = gnutls_pkcs7_set_crt (pkcs7, key->chain[i])) < 0)
      goto out;
  ret = gnutls_pkcs7_export2 (pkcs7, GNUTLS_X509_FMT_DER, &out);
  if (ret < 0)
    goto out;
  result = g_bytes_new (out.data, out.size);

out:
  if (ret < 0)
    g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_FAILED,
                 _("Cannot create the signature: %s"), gnutls_strerror (ret));
  gnutls_free (out.data);
  if (attrs != NULL)
    gnutls_pkcs7_attrs_deinit (attrs);
  if (pkcs7 != NULL)
    gnutls_pkcs7_deinit (pkcs7);
  if (privkey != NULL)
    gnutls_privkey_deinit (privkey);
  return result;
}

/* Room for the CMS: the certificates it carries, the RSA signature, and
 * the attributes and algorithm identifiers around them. */
static gsize
contents_capacity (SignKey *key)
{
  gsize total = 4096;
  unsigned int bits = 0;

  for (unsigned int i = 0; i < key->chain_length; i++)
    {
      gnutls_datum_t der = { NULL, 0 };

      if (gnutls_x509_crt_export2 (key->chain[i], GNUTLS_X509_FMT_DER, &der) == 0)
        total += der.size;
      gnutls_free (der.data);
    }
  gnutls_x509_privkey_get_pk_algorithm2 (key->key, &bits);
  total += bits / 8 * 2;
  return total;
}

static void
append_object_copy_with (GString    *out,
                         guint       num,
                         const char *dict_start,
                         const char *dict_end,
                         const char *insert)
{
  g_string_append_printf (out, "%u 0 obj\n", num);
  g_string_append_len (out, dict_start, dict_end - dict_start - 2);
  g_string_append (out, insert);
  g_string_append (out, ">>\nendobj\n");
}

/* The structural checks of mk_sign_pdf_with_key(), without the key. */
static gboolean
check_pdf (GBytes *pdf, GError **error)
{
  g_auto(PdfFile) file = { 0 };

  if (!pdf_file_open (&file, pdf, error))
    return FALSE;
  if (find_bytes (file.data, file.length, 0, "/ByteRange") != NULL)
    {
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_ALREADY_SIGNED,
                   _("The document is already signed"));
      return FALSE;
    }
  return TRUE;
}

GBytes *
mk_sign_pdf (GBytes      *pdf,
             const char  *p12_path,
             const char  *password,
             const char  *signer_name,
             const char  *reason,
             gint64       signing_time,
             GError     **error)
{
  g_autoptr(MkSignKey) key = NULL;

  g_return_val_if_fail (pdf != NULL, NULL);
  g_return_val_if_fail (p12_path != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A PDF that cannot be signed is reported before the slow key decryption. */
  if (!check_pdf (pdf, error))
    return NULL;
  key = mk_sign_key_load (p12_path, password, signing_time, error);
  if (key == NULL)
    return NULL;
  return mk_sign_pdf_with_key (pdf, key, signer_name, reason, signing_time, error);
}

GBytes *
mk_sign_pdf_with_key (GBytes      *pdf,
                      MkSignKey   *key,
                      const char  *signer_name,
                      const char  *reason,
                      gint64       signing_time,
                      GError     **error)
{
  g_auto(PdfFile) file = { 0 };
  g_autoptr(GString) out = NULL;
  g_autoptr(GBytes) cms = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *when_text = NULL;
  g_autofree char *insert = NULL;
  const char *cat_start, *cat_end, *page_start, *page_end;
  guint page, sig_obj, field_obj, form_obj;
  gsize capacity, update_start, contents_at, contents_end, range_at;
  gsize cat_offset, page_offset, sig_offset, field_offset, form_offset, xref_offset;
  const guint8 *cms_data;
  gsize cms_size;
  char range_text[64];

  g_return_val_if_fail (pdf != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_validity (key, signing_time, error))
    return NULL;
  if (!pdf_file_open (&file, pdf, error))
    return NULL;
  if (find_bytes (file.data, file.length, 0, "/ByteRange") != NULL)
    {
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_ALREADY_SIGNED,
                   _("The document is already signed"));
      return NULL;
    }
  if (!pdf_get_object_dict (&file, file.root, &cat_start, &cat_end, error))
    return NULL;
  if (find_bytes (cat_start, cat_end - cat_start, 0, "/AcroForm") != NULL)
    {
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_PDF,
                   _("The PDF already has a form; signing it is not supported"));
      return NULL;
    }
  page = pdf_first_page (&file, error);
  if (page == 0)
    return NULL;
  if (!pdf_get_object_dict (&file, page, &page_start, &page_end, error))
    return NULL;
  if (find_bytes (page_start, page_end - page_start, 0, "/Annots") != NULL)
    {
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_PDF,
                   _("The PDF’s first page already has annotations; signing it is not supported"));
      return NULL;
    }

  sig_obj = file.size;
  field_obj = file.size + 1;
  form_obj = file.size + 2;
  capacity = contents_capacity (key);
  when = g_date_time_new_from_unix_utc (signing_time);
  when_text = g_date_time_format (when, "D:%Y%m%d%H%M%SZ");

  out = g_string_sized_new (file.length + capacity * 2 + 2048);
  g_string_append_len (out, file.data, file.length);
  if (file.data[file.length - 1] != '\n')
    g_string_append_c (out, '\n');
  update_start = out->len;

  /* The signature dictionary (PDF 32000-1 §12.8.1). /ByteRange is written
   * with fixed-width numbers and patched once the offsets are known. */
  sig_offset = out->len;
  g_string_append_printf (out, "%u 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite"
                          " /SubFilter /adbe.pkcs7.detached", sig_obj);
  if (signer_name != NULL && *signer_name != '\0')
    {
      g_string_append (out, " /Name ");
      append_text_string (out, signer_name);
    }
  if (reason != NULL && *reason != '\0')
    {
      g_string_append (out, " /Reason ");
      append_text_string (out, reason);
    }
  g_string_append_printf (out, " /M (%s)\n/ByteRange [", when_text);
  range_at = out->len;
  g_string_append_printf (out, "0 %0*d %0*d %0*d", RANGE_DIGITS, 0, RANGE_DIGITS, 0, RANGE_DIGITS, 0);
  g_string_append (out, "]\n/Contents ");
  contents_at = out->len;
  g_string_append_c (out, '<');
  for (gsize i = 0; i < capacity * 2; i++)
    g_string_append_c (out, '0');
  g_string_append_c (out, '>');
  contents_end = out->len;
  g_string_append (out, " >>\nendobj\n");

  /* An invisible signature widget on page 1: a zero rectangle, print flag set. */
  field_offset = out->len;
  g_string_append_printf (out, "%u 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig"
                          " /T (Signature1) /V %u 0 R /F 132 /Rect [0 0 0 0] /P %u 0 R >>\nendobj\n",
                          field_obj, sig_obj, page);

  /* /SigFlags 3: the document has signatures and must be saved incrementally. */
  form_offset = out->len;
  g_string_append_printf (out, "%u 0 obj\n<< /Fields [%u 0 R] /SigFlags 3 >>\nendobj\n",
                          form_obj, field_obj);

  cat_offset = out->len;
  insert = g_strdup_printf (" /AcroForm %u 0 R ", form_obj);
  append_object_copy_with (out, file.root, cat_start, cat_end, insert);
  g_clear_pointer (&insert, g_free);

  page_offset = out->len;
  insert = g_strdup_printf (" /Annots [%u 0 R] ", field_obj);
  append_object_copy_with (out, page, page_start, page_end, insert);

  /* The update's own cross-reference section, one subsection per object. */
  xref_offset = out->len;
  g_string_append (out, "xref\n0 1\n0000000000 65535 f \n");
  {
    struct { guint num; gsize offset; } entries[] = {
      { file.root, cat_offset },
      { page, page_offset },
      { sig_obj, sig_offset },
      { field_obj, field_offset },
      { form_obj, form_offset },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (entries); i++)
      g_string_append_printf (out, "%u 1\n%010" G_GSIZE_FORMAT " 00000 n \n",
                              entries[i].num, entries[i].offset);
  }
  g_string_append_printf (out, "trailer\n<< /Size %u /Root %u 0 R", form_obj + 1, file.root);
  if (file.info != 0)
    g_string_append_printf (out, " /Info %u 0 R", file.info);
  g_string_append_printf (out, " /Prev %" G_GSIZE_FORMAT " >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                          file.startxref, xref_offset);
  g_assert (update_start <= sig_offset);

  /* /ByteRange [0 a b c]: everything but the "<…>" of /Contents. */
  g_snprintf (range_text, sizeof range_text, "0 %0*" G_GSIZE_FORMAT " %0*" G_GSIZE_FORMAT " %0*" G_GSIZE_FORMAT,
              RANGE_DIGITS, contents_at, RANGE_DIGITS, contents_end,
              RANGE_DIGITS, out->len - contents_end);
  g_assert (strlen (range_text) == 2 + 3 * (RANGE_DIGITS + 1) - 1);
  memcpy (out->str + range_at, range_text, strlen (range_text));

  cms = sign_ranges (key, out->str, out->len, contents_at, contents_end, signing_time, error);
  if (cms == NULL)
    return NULL;
  cms_data = g_bytes_get_data (cms, &cms_size);
  if (cms_size > capacity)
    {
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_FAILED,
                   _("The signature (%zu bytes) does not fit the space reserved for it"),
                   cms_size);
      return NULL;
    }
  for (gsize i = 0; i < cms_size; i++)
    {
      static const char hex[] = "0123456789ABCDEF";

      out->str[contents_at + 1 + 2 * i] = hex[cms_data[i] >> 4];
      out->str[contents_at + 2 + 2 * i] = hex[cms_data[i] & 0xf];
    }

  return g_string_free_to_bytes (g_steal_pointer (&out));
}

/* ---------------------------------------------------------------------- */
/* Verification.                                                          */

static gboolean
parse_byte_range (const char *p, const char *end, guint64 range[4])
{
  p = skip_space (p + strlen ("/ByteRange"), end);
  if (p >= end || *p != '[')
    return FALSE;
  p++;
  for (int i = 0; i < 4; i++)
    if (!read_uint (&p, end, &range[i]))
      return FALSE;
  return TRUE;
}

/* The length of a DER element from its header, or 0: the hex placeholder
 * is padded with zeros that are not part of the CMS. */
static gsize
der_length (const guint8 *der, gsize available)
{
  gsize length, header;

  if (available < 2 || der[0] != 0x30)
    return 0;
  if (der[1] < 0x80)
    {
      length = der[1];
      header = 2;
    }
  else
    {
      guint n = der[1] & 0x7f;

      if (n == 0 || n > 4 || available < 2 + n)
        return 0;
      length = 0;
      for (guint i = 0; i < n; i++)
        length = (length << 8) | der[2 + i];
      header = 2 + n;
    }
  return header + length <= available ? header + length : 0;
}

/* Decodes a PDF string value (hex UTF-16BE with BOM, hex bytes or a literal) after @key. */
static char *
sig_dict_string (const char *start, const char *end, const char *key)
{
  const char *p = find_bytes (start, end - start, 0, key);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  if (p == NULL)
    return NULL;
  p = skip_space (p + strlen (key), end);
  if (p < end && *p == '<')
    {
      for (p++; p + 1 < end && *p != '>'; p += 2)
        {
          int hi = g_ascii_xdigit_value (p[0]);
          int lo = g_ascii_xdigit_value (p[1]);
          guint8 byte;

          if (hi < 0 || lo < 0)
            break;
          byte = (guint8) (hi << 4 | lo);
          g_byte_array_append (bytes, &byte, 1);
        }
    }
  else if (p < end && *p == '(')
    {
      for (p++; p < end && *p != ')'; p++)
        {
          if (*p == '\\' && p + 1 < end)
            p++;
          g_byte_array_append (bytes, (const guint8 *) p, 1);
        }
    }
  else
    return NULL;

  if (bytes->len >= 2 && bytes->data[0] == 0xfe && bytes->data[1] == 0xff)
    {
      g_autofree gunichar2 *utf16 = g_new0 (gunichar2, bytes->len / 2);
      g_autofree char *utf8 = NULL;

      for (guint i = 1; i < bytes->len / 2; i++)
        utf16[i - 1] = (gunichar2) (bytes->data[2 * i] << 8 | bytes->data[2 * i + 1]);
      utf8 = g_utf16_to_utf8 (utf16, bytes->len / 2 - 1, NULL, NULL, NULL);

      return utf8 != NULL ? printable_name (utf8, -1) : NULL;
    }
  if (g_utf8_validate ((const char *) bytes->data, bytes->len, NULL))
    return printable_name ((const char *) bytes->data, (gssize) bytes->len);
  {
    g_autofree char *latin1 = g_convert ((const char *) bytes->data, bytes->len, "UTF-8", "ISO-8859-1",
                                         NULL, NULL, NULL);

    return latin1 != NULL ? printable_name (latin1, -1) : NULL;
  }
}

static char *
crt_common_name (gnutls_x509_crt_t crt)
{
  char buffer[512];
  size_t size = sizeof buffer;

  if (gnutls_x509_crt_get_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, buffer, &size) < 0)
    return NULL;
  return printable_name (buffer, (gssize) size);
}

gboolean
mk_sign_verify_pdf (GBytes      *pdf,
                    MkSignInfo **info,
                    GError     **error)
{
  g_autoptr(MkSignInfo) result = NULL;
  g_autoptr(GByteArray) cms = NULL;
  g_autoptr(GByteArray) signed_data = NULL;
  gnutls_pkcs7_t pkcs7 = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_pkcs7_signature_info_st sig_info;
  gnutls_datum_t datum, crt_der = { NULL, 0 };
  gboolean have_sig_info = FALSE;
  const char *data, *end, *range_key, *obj_start, *obj_end;
  guint64 range[4];
  gsize length, cms_length;
  int ret;

  g_return_val_if_fail (pdf != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = g_bytes_get_data (pdf, &length);
  /* An empty GBytes has no data pointer at all (found by fuzz-verify). */
  if (data == NULL || length == 0)
    {
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_NOT_SIGNED, _("The document is not signed"));
      return FALSE;
    }
  end = data + length;
  range_key = rfind_bytes (data, length, "/ByteRange");
  if (range_key == NULL)
    {
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_NOT_SIGNED, _("The document is not signed"));
      return FALSE;
    }
  if (!parse_byte_range (range_key, end, range)
      || range[0] != 0 || range[1] >= range[2] || range[2] > length
      || range[3] > length - range[2]
      || data[range[1]] != '<' || data[range[2] - 1] != '>')
    {
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_PDF,
                   _("The document’s signature has a malformed /ByteRange"));
      return FALSE;
    }

  cms = g_byte_array_new ();
  for (const char *p = data + range[1] + 1; p + 1 < data + range[2] - 1; p += 2)
    {
      int hi = g_ascii_xdigit_value (p[0]);
      int lo = g_ascii_xdigit_value (p[1]);
      guint8 byte;

      if (hi < 0 || lo < 0)
        break;
      byte = (guint8) (hi << 4 | lo);
      g_byte_array_append (cms, &byte, 1);
    }
  cms_length = der_length (cms->data, cms->len);
  if (cms_length == 0)
    {
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_PDF,
                   _("The document’s signature holds no CMS signed data"));
      return FALSE;
    }

  result = g_new0 (MkSignInfo, 1);
  result->whole_file = range[2] + range[3] == length;

  obj_start = rfind_bytes (data, range_key - data, " obj");
  obj_end = find_bytes (data, length, range_key - data, "endobj");
  if (obj_start != NULL && obj_end != NULL)
    result->reason = sig_dict_string (obj_start, obj_end, "/Reason");

  signed_data = g_byte_array_sized_new (length);
  g_byte_array_append (signed_data, (const guint8 *) data, range[1]);
  g_byte_array_append (signed_data, (const guint8 *) data + range[2], range[3]);

  datum.data = cms->data;
  datum.size = (unsigned int) cms_length;
  if ((ret = gnutls_pkcs7_init (&pkcs7)) < 0
      || (ret = gnutls_pkcs7_import (pkcs7, &datum, GNUTLS_X509_FMT_DER)) < 0
      || (ret = gnutls_pkcs7_get_crt_raw2 (pkcs7, 0, &crt_der)) < 0
      || (ret = gnutls_x509_crt_init (&crt)) < 0
      || (ret = gnutls_x509_crt_import (crt, &crt_der, GNUTLS_X509_FMT_DER)) < 0)
    {
      g_set_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_PDF,
                   _("The document’s signature cannot be read: %s"), gnutls_strerror (ret));
      goto out;
    }

  if (gnutls_pkcs7_get_signature_info (pkcs7, 0, &sig_info) == 0)
    {
      have_sig_info = TRUE;
      result->signing_time = sig_info.signing_time > 0 ? (gint64) sig_info.signing_time : 0;
    }
  result->signer_name = crt_common_name (crt);
  result->certificate_sha256 = der_sha256 (crt_der.data, crt_der.size);
  result->subject_dn = crt_dn (crt, FALSE);
  result->issuer_dn = crt_dn (crt, TRUE);
  result->not_before = gnutls_x509_crt_get_activation_time (crt);
  result->not_after = gnutls_x509_crt_get_expiration_time (crt);
  /* The signer's certificate and the rest of its chain, for a check
   * against the trust anchors (mk_sign_check_chain()). */
  result->certificates = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (int i = 0, n = gnutls_pkcs7_get_crt_count (pkcs7); i < n && i < 16; i++)
    {
      gnutls_datum_t one = { NULL, 0 };

      if (gnutls_pkcs7_get_crt_raw2 (pkcs7, (unsigned int) i, &one) == 0)
        g_ptr_array_add (result->certificates, g_bytes_new (one.data, one.size));
      gnutls_free (one.data);
    }

  datum.data = signed_data->data;
  datum.size = signed_data->len;
  /* The signer's own certificate checks the signature; whether it is
   * trusted (issued under the national certification center's root) is a
   * separate question, mk_sign_check_chain(). */
  {
    /* A certificate whose public key GnuTLS cannot read fails without
     * gnutls_pkcs7_verify_direct(): GnuTLS 3.7 leaks a key object on that
     * path (found by fuzz-verify, #13). */
    gnutls_pubkey_t key = NULL;
    gboolean readable = gnutls_pubkey_init (&key) == 0 && gnutls_pubkey_import_x509 (key, crt, 0) == 0;

    if (key != NULL)
      gnutls_pubkey_deinit (key);
    ret = readable ? gnutls_pkcs7_verify_direct (pkcs7, crt, 0, &datum, 0) : GNUTLS_E_CERTIFICATE_ERROR;
  }
  result->signature_ok = ret == 0;
  result->valid = result->signature_ok && result->whole_file;
  ret = 0;

out:
  if (have_sig_info)
    gnutls_pkcs7_signature_info_deinit (&sig_info);
  gnutls_free (crt_der.data);
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);
  if (pkcs7 != NULL)
    gnutls_pkcs7_deinit (pkcs7);
  if (ret < 0)
    return FALSE;
  *info = g_steal_pointer (&result);
  return TRUE;
}
