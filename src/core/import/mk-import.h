/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Turning applicants' files and scanned pages into one checked, compressed PDF per attachment. */
#pragma once

#include <gio/gio.h>
#include "mk-pages.h"

G_BEGIN_DECLS

#define MK_IMPORT_ERROR (mk_import_error_quark ())
GQuark mk_import_error_quark (void);

typedef enum {
  MK_IMPORT_ERROR_EMPTY,           /* the file has no bytes */
  MK_IMPORT_ERROR_TOO_LARGE,       /* over the size limit */
  MK_IMPORT_ERROR_UNSUPPORTED,     /* not PDF, JPEG, PNG or TIFF */
  MK_IMPORT_ERROR_WRONG_EXTENSION, /* content does not match the file name */
  MK_IMPORT_ERROR_CORRUPT,         /* truncated or damaged */
  MK_IMPORT_ERROR_ENCRYPTED,       /* password-protected PDF */
  MK_IMPORT_ERROR_NO_PAGES,        /* a document without pages */
  MK_IMPORT_ERROR_DIGEST_MISMATCH, /* a stored attachment was altered */
  MK_IMPORT_ERROR_FAILED,          /* the PDF could not be written */
  MK_IMPORT_ERROR_NO_CODE,         /* no QR code found in a picture */
  MK_IMPORT_ERROR_ACTIVE_CONTENT,  /* a PDF with JavaScript, a launch action or embedded files */
  MK_IMPORT_ERROR_TOO_MANY_PAGES,  /* more pages than an applicant's document has (#13) */
} MkImportError;

typedef enum {
  MK_IMPORT_KIND_UNKNOWN,
  MK_IMPORT_KIND_PDF,
  MK_IMPORT_KIND_JPEG,
  MK_IMPORT_KIND_PNG,
  MK_IMPORT_KIND_TIFF,
} MkImportKind;

/* 50 MB: the default limit on one file. */
#define MK_IMPORT_DEFAULT_MAX_SIZE ((gsize) 50 * 1024 * 1024)
/* JPEG quality of scanned grey and colour pages. */
#define MK_IMPORT_JPEG_QUALITY 75

/* The stored form of one attachment. */
typedef struct {
  GBytes *pdf;
  guint   n_pages;
  char   *sha256;  /* lowercase hex digest of @pdf */
} MkImportResult;

#define MK_TYPE_IMPORT_RESULT (mk_import_result_get_type ())
GType           mk_import_result_get_type (void) G_GNUC_CONST;
MkImportResult *mk_import_result_copy     (const MkImportResult *result);
void            mk_import_result_free     (MkImportResult       *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkImportResult, mk_import_result_free)

/* What the content is, from its magic bytes only. */
MkImportKind    mk_import_sniff           (const guint8 *data,
                                           gsize         length);
/* What a file name claims to be; UNKNOWN for other or no extensions. */
MkImportKind    mk_import_kind_for_name   (const char   *filename);

/* Decodes an image file (JPEG, PNG, TIFF) fully into pages; @filename only
 * serves the extension check and messages, and may be NULL. Every page is
 * held at once: an attachment goes through mk_import_bytes(), which holds
 * one page at a time. */
MkPageList     *mk_import_decode          (GBytes       *data,
                                           const char   *filename,
                                           gsize         max_size,
                                           GError      **error);
/* The first page only, with the whole file's limits checked (reading a QR code). */
MkPage         *mk_import_decode_first    (GBytes       *data,
                                           const char   *filename,
                                           gsize         max_size,
                                           GError      **error);
/* The page's pixels as 8-bit grey (0 black), JPEG pages decoded; rows are
 * *@stride bytes apart. */
guint8         *mk_import_page_grey       (MkPage       *page,
                                           gsize        *stride,
                                           GError      **error);
/* Checks a PDF: opens, not encrypted, at least one page. Returns the page count or 0. */
guint           mk_import_check_pdf       (GBytes       *data,
                                           GError      **error);

/* Any supported file → one PDF. @max_size 0 means MK_IMPORT_DEFAULT_MAX_SIZE. */
MkImportResult *mk_import_bytes           (GBytes       *data,
                                           const char   *filename,
                                           gsize         max_size,
                                           GError      **error);
MkImportResult *mk_import_file            (GFile        *file,
                                           gsize         max_size,
                                           GCancellable *cancellable,
                                           GError      **error);
/* Scanned (and edited) pages → one PDF. */
MkImportResult *mk_import_pages           (MkPageList   *pages,
                                           GError      **error);

/* The same work off the main thread. */
void            mk_import_file_async      (GFile               *file,
                                           gsize                max_size,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
MkImportResult *mk_import_file_finish     (GAsyncResult        *result,
                                           GError             **error);
void            mk_import_pages_async     (MkPageList          *pages,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
MkImportResult *mk_import_pages_finish    (GAsyncResult        *result,
                                           GError             **error);

/* Encodes 8-bit grey or RGB pixels as a baseline JPEG. */
GBytes         *mk_import_encode_jpeg     (MkPage       *page,
                                           int           quality,
                                           GError      **error);

/* The SHA-256 of @pdf as stored with an attachment. */
char           *mk_import_digest          (GBytes       *pdf);
/* §9 (safekeeping of documents): an attachment read back must match its stored digest. */
gboolean        mk_import_read_verified   (GBytes       *pdf,
                                           const char   *sha256,
                                           GError      **error);

G_END_DECLS
