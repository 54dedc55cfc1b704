/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target over the importer's sniffing and decoding, with a plain driver for CI. */

#include "mk-import.h"

#include <glib/gstdio.h>

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(MkImportResult) result = NULL;

  /* A small limit keeps each run fast; every path up to the PDF is taken. */
  result = mk_import_bytes (bytes, NULL, 4 * 1024 * 1024, NULL);
  if (result != NULL)
    g_assert_true (mk_import_read_verified (result->pdf, result->sha256, NULL));

  return 0;
}

#include "fuzz-driver.h"
