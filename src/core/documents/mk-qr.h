/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The QR code printed on every document: its text payload, digest and drawing. */
#pragma once

#include <glib.h>
#include <cairo.h>

G_BEGIN_DECLS

#define MK_QR_ERROR (mk_qr_error_quark ())
GQuark mk_qr_error_quark (void);

typedef enum {
  MK_QR_ERROR_FORMAT,   /* the text is not a Mekenjai payload */
  MK_QR_ERROR_ENCODE,   /* libqrencode could not encode the text */
} MkQrError;

/* The payload format version; the first field of every payload. */
#define MK_QR_PAYLOAD_MAGIC "MKJ1"
/* Hex digits of the document digest carried in the payload. */
#define MK_QR_DIGEST_LENGTH 16

/* A parsed payload: "MKJ1|kind|number|YYYY-MM-DD|rca|digest". */
typedef struct {
  char  *kind;     /* document type id, e.g. "certificate" */
  char  *number;   /* registration, certificate or register number */
  GDate  date;     /* the document's date */
  char  *rca;      /* 16-digit address registration code, or NULL */
  char  *digest;   /* MK_QR_DIGEST_LENGTH lowercase hex digits */
} MkQrPayload;

void         mk_qr_payload_free  (MkQrPayload *payload);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkQrPayload, mk_qr_payload_free)

/* The first MK_QR_DIGEST_LENGTH hex digits of SHA-256 over @canonical, the
 * canonical serialization of a document's data (see mk_document_canonical()). */
char        *mk_qr_digest        (const char *canonical);

/* "MKJ1|certificate|3505-2026-000123|2026-03-31|0000123456789012|3f2a…".
 * @rca may be NULL or empty. Fields must not contain '|'. */
char        *mk_qr_payload_build (const char  *kind,
                                  const char  *number,
                                  const GDate *date,
                                  const char  *rca,
                                  const char  *digest);
MkQrPayload *mk_qr_payload_parse (const char  *text,
                                  GError     **error);

/* Draws @text as a QR code (error correction M) with its 4-module quiet
 * zone as a white square of @size points whose top-left corner is (@x, @y). */
gboolean     mk_qr_draw          (cairo_t     *cr,
                                  const char  *text,
                                  double       x,
                                  double       y,
                                  double       size,
                                  GError     **error);

G_END_DECLS
