/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by MkScanner and its helper program, and test hooks of the scanner. */
#pragma once

#include "mk-scan.h"
#include "mk-scan-protocol.h"

G_BEGIN_DECLS

/* A driver option to set once before a page of the next scan (test hook). */
typedef struct {
  guint  page;
  char  *option;
  char  *value;
} MkScanInjection;

MkScanInjection *mk_scan_injection_new  (guint            page,
                                         const char      *option,
                                         const char      *value);
void             mk_scan_injection_free (MkScanInjection *injection);

/* An empty set of options for @device, filled in by the helper. */
MkScanOptions *mk_scan_options_new (const char *device);

/* Before sane_start() of page @before_page (from 1) of the next scan, sets
 * the driver option @option to @value once — e.g. the SANE test backend's
 * "read-return-value" = "SANE_STATUS_JAMMED" to jam the feeder mid-batch. */
void mk_scanner_inject_driver_option (MkScanner  *scanner,
                                      guint       before_page,
                                      const char *option,
                                      const char *value);

/* The helper process now running for @scanner, or 0 if none: tests stop
 * and kill it. */
GPid mk_scanner_get_helper_pid (MkScanner *scanner);

/* The MK_SCAN_ERROR, in plain words, for a SANE status a driver returned
 * (@status is a SANE_Status; @detail is SANE's own word for it, shown only
 * for statuses we have no words of our own for); @first_page and @feeder
 * choose the wording. */
GError *mk_scan_error_from_status (int         status,
                                   gboolean    first_page,
                                   gboolean    feeder,
                                   const char *detail);

/* The error for a failure the helper reported. */
GError *mk_scan_error_from_failure (MkScanFailure failure,
                                    int           status,
                                    gboolean      first_page,
                                    gboolean      feeder,
                                    const char   *detail);

G_END_DECLS
