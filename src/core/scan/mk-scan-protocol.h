/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What MkScanner and its helper program, mekenjai-scanner, say to each other
 * over one Unix socket (the helper's fd 3). A frame is a 32-bit little-endian
 * length and then a GVariant of type (sv): a message name and its body.
 *
 * Requests (scanner → helper)         Events (helper → scanner)
 *   devices  ()                         devices   a(ssss)  name, vendor, model, type
 *   options  (s)      device            options   (sauauaudd)
 *   scan     (ss)     device, settings  started   u        page number, from 1
 *   inject   (uss)    page, opt, value  progress  d        fraction of the page
 *   cancel   ()                         page      (uuuuuay) format, width, height,
 *   quit     ()                                             stride, dpi, pixels
 *                                       finished  u        pages scanned
 *                                       failed    (iibbs)  MkScanFailure, SANE
 *                                                          status, first page,
 *                                                          feeder, detail
 * Every request but cancel and quit is answered by exactly one closing event
 * (devices, options, finished or failed). The helper sends no text for people:
 * the scanner words every failure in the user's language.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A 1200 dpi colour A4 page is about 420 MB. */
#define MK_SCAN_FRAME_MAX (1024u * 1024u * 1024u)

/* The fd the helper is given its socket on. */
#define MK_SCAN_HELPER_FD 3

typedef enum {
  MK_SCAN_FAILURE_STATUS,      /* a driver call returned the status */
  MK_SCAN_FAILURE_INIT,        /* sane_init failed; detail is SANE's word */
  MK_SCAN_FAILURE_OPEN,        /* sane_open failed with the status; detail is the device */
  MK_SCAN_FAILURE_NO_FEEDER,
  MK_SCAN_FAILURE_BAD_FORMAT,  /* an image layout we cannot read */
  MK_SCAN_FAILURE_EMPTY_PAGE,
  MK_SCAN_FAILURE_CANCELLED,
  MK_SCAN_FAILURE_BAD_REQUEST, /* the helper did not understand the request */
} MkScanFailure;

/* The payload's length from a frame's first four bytes; FALSE if too long. */
gboolean mk_scan_frame_length (const guint8   header[4],
                               gsize         *length);
/* Parses a payload (without the length). *@body is checked to be of the
 * message's expected type by the caller with g_variant_is_of_type(). */
gboolean mk_scan_frame_parse  (GBytes        *payload,
                               char         **name,
                               GVariant     **body,
                               GError       **error);

/* Blocking I/O on a socket, for the helper and the scanner's worker thread.
 * Writes never raise SIGPIPE. */
gboolean mk_scan_fd_write_all (int            fd,
                               const guint8  *data,
                               gsize          length,
                               GError       **error);
/* Sinks a floating @body. */
gboolean mk_scan_fd_write_frame (int          fd,
                                 const char  *name,
                                 GVariant    *body,
                                 GError     **error);

G_END_DECLS
