/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Signing a PDF with a PKCS#12 key (incremental update, detached CMS) and verifying it. */
#pragma once

#include <glib.h>

#include "mk-trust.h"

G_BEGIN_DECLS

#define MK_SIGN_ERROR (mk_sign_error_quark ())
GQuark mk_sign_error_quark (void);

typedef enum {
  MK_SIGN_ERROR_READ,           /* the .p12 file cannot be read or is not PKCS#12 */
  MK_SIGN_ERROR_PASSWORD,       /* wrong password for the .p12 */
  MK_SIGN_ERROR_NO_KEY,         /* the .p12 holds no private key */
  MK_SIGN_ERROR_NO_CERTIFICATE, /* the .p12 holds no certificate for its key */
  MK_SIGN_ERROR_EXPIRED,        /* the certificate expired before the signing time */
  MK_SIGN_ERROR_NOT_YET_VALID,  /* the certificate is not valid yet at the signing time */
  MK_SIGN_ERROR_PDF,            /* the PDF cannot be parsed or has an unsupported structure */
  MK_SIGN_ERROR_ALREADY_SIGNED, /* the PDF already carries a signature */
  MK_SIGN_ERROR_NOT_SIGNED,     /* verification: the PDF carries no signature */
  MK_SIGN_ERROR_FAILED,         /* GnuTLS failed; the message carries gnutls_strerror() */
} MkSignError;

/* What mk_sign_verify_pdf() found in the last signature of a PDF. */
typedef struct {
  char     *signer_name;     /* common name of the signing certificate */
  char     *subject_dn;      /* the certificate's subject and issuer, RFC 4514 */
  char     *issuer_dn;
  char     *reason;          /* /Reason of the signature dictionary, or NULL */
  gint64    signing_time;    /* signingTime of the CMS, unix time; 0 if absent */
  gint64    not_before;      /* validity of the signing certificate */
  gint64    not_after;
  gboolean  signature_ok;    /* the CMS signature verifies over the signed ranges */
  gboolean  whole_file;      /* the ranges cover the whole file: nothing appended after signing */
  gboolean  valid;           /* signature_ok && whole_file */
  char     *certificate_sha256; /* SHA-256 of the signing certificate (DER), hex */
  GPtrArray *certificates;   /* GBytes (DER): the signer's first, then the others the CMS carries */
} MkSignInfo;

void      mk_sign_info_free  (MkSignInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkSignInfo, mk_sign_info_free)

/* A signing key loaded from a .p12: decrypting it (PBKDF2) is the slow
 * part of signing, so a signing session loads it once. */
typedef struct _MkSignKey MkSignKey;

/* Loads and checks the key and certificate of @p12_path; the certificate
 * must be valid at @signing_time (unix time, UTC). */
MkSignKey *mk_sign_key_load   (const char  *p12_path,
                               const char  *password,
                               gint64       signing_time,
                               GError     **error);
void       mk_sign_key_free   (MkSignKey   *key);
/* SHA-256 of the key's certificate (DER), lowercase hex: what a user
 * account registers as "this person's signing certificate". */
char      *mk_sign_key_get_certificate_sha256 (MkSignKey *key);
/* The key's certificate first, then the rest of the chain its .p12 holds:
 * GBytes (DER), as mk_sign_check_chain() takes them. */
GPtrArray *mk_sign_key_get_certificates (MkSignKey *key);

/* A certificate as an administrator registers it (PEM or DER file). */
typedef struct {
  GBytes   *der;
  char     *sha256;          /* of @der, lowercase hex */
  char     *common_name;
  char     *issuer_dn;       /* RFC 4514 */
  char     *subject_dn;      /* RFC 4514 */
  gboolean  is_ca;           /* basicConstraints CA: may issue certificates */
  gint64    not_before;      /* validity, unix time */
  gint64    not_after;
} MkSignCertificate;

void       mk_sign_certificate_free (MkSignCertificate *certificate);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkSignCertificate, mk_sign_certificate_free)
/* Reads one X.509 certificate; MK_SIGN_ERROR_READ when @data holds none. */
MkSignCertificate *mk_sign_certificate_read (GBytes  *data,
                                             GError **error);
/* Every certificate of @data: one DER certificate, or a PEM file with one or
 * more (a certification center's bundle of roots). MK_SIGN_ERROR_READ when
 * it holds none. A GPtrArray of MkSignCertificate. */
GPtrArray         *mk_sign_certificates_read (GBytes  *data,
                                              GError **error);


/* Checks @certificates (GBytes DER, the signing certificate first, then the
 * intermediates that came with it, in any order) against @anchors (GPtrArray
 * of MkSignCertificate) at @at_time (unix time): every certificate of the
 * chain must have been valid then, whatever it is today. @anchor_name gets
 * the common name of the anchor reached (TRUSTED or INVALID). */
MkSignTrust mk_sign_check_chain (GPtrArray  *certificates,
                                 GPtrArray  *anchors,
                                 gint64      at_time,
                                 char      **anchor_name);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkSignKey, mk_sign_key_free)

/* mk_sign_pdf() with a loaded key; @signing_time must lie within the
 * certificate's validity (checked again). */
GBytes    *mk_sign_pdf_with_key (GBytes     *pdf,
                                 MkSignKey  *key,
                                 const char *signer_name,
                                 const char *reason,
                                 gint64      signing_time,
                                 GError    **error);

/* Appends an invisible signature field on page 1 and a detached CMS
 * (adbe.pkcs7.detached, SHA-256, signer certificate and signingTime) as an
 * incremental update of @pdf. @signing_time is unix time (UTC); the
 * certificate must be valid at that time. Returns the signed PDF, or NULL
 * and nothing else on error. Output is byte-identical for identical input. */
GBytes   *mk_sign_pdf        (GBytes      *pdf,
                              const char  *p12_path,
                              const char  *password,
                              const char  *signer_name,
                              const char  *reason,
                              gint64       signing_time,
                              GError     **error);

/* Checks the last signature of @pdf. Returns FALSE only when no signature
 * can be found or parsed; a broken or partial signature is reported through
 * @info (valid = FALSE). */
gboolean  mk_sign_verify_pdf (GBytes      *pdf,
                              MkSignInfo **info,
                              GError     **error);

G_END_DECLS
