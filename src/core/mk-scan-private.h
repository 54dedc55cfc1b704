/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test hooks of the scanner worker: fault injection through driver options. */
#pragma once

#include "mk-scan.h"

G_BEGIN_DECLS

/* Before sane_start() of page @before_page (from 1) of the next scan, sets
 * the driver option @option to @value once — e.g. the SANE test backend's
 * "read-return-value" = "SANE_STATUS_JAMMED" to jam the feeder mid-batch. */
void mk_scanner_inject_driver_option (MkScanner  *scanner,
                                      guint       before_page,
                                      const char *option,
                                      const char *value);

/* The MK_SCAN_ERROR, in plain words, for a SANE status a driver returned
 * (@status is a SANE_Status); @first_page and @feeder choose the wording. */
GError *mk_scan_error_from_status (int      status,
                                   gboolean first_page,
                                   gboolean feeder);

G_END_DECLS
