/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Printed documents of the service as bilingual A4 PDF (§6, §13, §19, §23, §24, §26). */
#pragma once

#include <glib.h>
#include <gio/gio.h>
#include <cairo.h>

#include "mk-types.h"
#include "mk-case.h"
#include "mk-office.h"
#include "mk-regulation.h"
#include "mk-records.h"

G_BEGIN_DECLS

#define MK_DOCUMENT_ERROR (mk_document_error_quark ())
GQuark mk_document_error_quark (void);

typedef enum {
  MK_DOCUMENT_ERROR_INVALID,   /* a field the document needs is missing; the message names it */
  MK_DOCUMENT_ERROR_RENDER,    /* cairo failed; the message carries cairo_status_to_string() */
  MK_DOCUMENT_ERROR_WRITE,     /* the file could not be written */
} MkDocumentError;

/* The documents the service prints (domain.md "Documents the service produces").
 * Not to be confused with MkDocumentKind, the applicant's documents of §11. */
typedef enum {
  MK_DOCUMENT_RECEIPT,          /* §13: receipt for the accepted documents */
  MK_DOCUMENT_REFUSAL_RECEIPT,  /* §23: refusal to accept, lists the missing documents */
  MK_DOCUMENT_REGISTER,         /* §10 step 3, §19: register of cases handed over */
  MK_DOCUMENT_CERTIFICATE,      /* §6: the address certificate */
  MK_DOCUMENT_REFUSAL,          /* §6, §26: reasoned refusal */
  MK_DOCUMENT_RETURN_LETTER,    /* §24: package returned for errors */
  MK_DOCUMENT_N_TYPES
} MkDocumentType;

/* "receipt", "refusal-receipt", "register", "certificate", "refusal", "return-letter". */
const char *mk_document_type_to_id   (MkDocumentType  type);
gboolean    mk_document_type_from_id (const char     *id,
                                      MkDocumentType *type);

/* Everything a document shows. The caller fetches it (the renderer never
 * touches the store); fields a document type does not use are ignored. */
typedef struct {
  MkRegulation     *regulation;   /* names of the §11 documents and of the refusal grounds */
  const MkOffice   *center;       /* the center office (ЦОН) */
  const MkOffice   *center_parent; /* the branch it is a unit of (Appendix 2 No. 1), or NULL */
  const MkOffice   *provider;     /* the district department */

  /* Every type but the register. */
  MkCase           *kase;
  const MkUser     *employee;     /* §13, §17: the center inspector who accepted the documents */
  const MkUser     *signer;       /* certificate, refusal: the provider's head; return letter: the executor */
  const char *const *grounds;     /* NULL-terminated ids of mk_regulation_get_refusal_grounds(); may be NULL */
  const char       *grounds_text; /* free-text addition; NULL: the case's grounds */

  /* The register. */
  const MkRegister *reg;
  GPtrArray        *reg_cases;    /* MkCase*, in the register's order */
  const MkUser     *handed_by;    /* who hands the batch over */
  const MkUser     *received_by;  /* who receives it; NULL leaves the line blank */
  /* #13: the audit trail's head when the register was made, printed as an
   * anchor outside the database (not part of the canonical data): the
   * number of events and the last one's hash; NULL prints nothing. */
  guint64           audit_events;
  const char       *audit_head;
} MkDocumentInput;

/* The canonical serialization of the data a document certifies; its
 * mk_qr_digest() is printed in the QR code, so the store can recompute it
 * from its records and check a code read from paper. */
char       *mk_document_canonical    (MkDocumentType          type,
                                      const MkDocumentInput  *input);
/* The text of the document's QR code (see mk_qr_payload_build()). */
char       *mk_document_qr_payload   (MkDocumentType          type,
                                      const MkDocumentInput  *input,
                                      GError                **error);

/* Renders the document as an A4 PDF with embedded fonts. The metadata dates
 * come from the case (or register), so identical input gives identical bytes. */
GBytes     *mk_document_render       (MkDocumentType          type,
                                      const MkDocumentInput  *input,
                                      GError                **error);
gboolean    mk_document_render_to_file (MkDocumentType         type,
                                      const MkDocumentInput  *input,
                                      const char             *path,
                                      GError                **error);

G_END_DECLS
