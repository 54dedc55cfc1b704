/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target over the reading of a signed PDF (`verify FILE.pdf`): the last
 * /ByteRange, the CMS it points to and its certificate, with a plain driver for CI. */

#include "mk-sign.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(MkSignInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  if (mk_sign_verify_pdf (bytes, &info, &error))
    {
      g_assert_no_error (error);
      g_assert_nonnull (info);
      /* What verify prints and compares must hold together for any input. */
      g_assert_true (info->valid == (info->signature_ok && info->whole_file));
      g_assert_true (info->signer_name == NULL || g_utf8_validate (info->signer_name, -1, NULL));
      g_assert_true (info->certificate_sha256 == NULL || strlen (info->certificate_sha256) == 64);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (g_error_matches (error, MK_SIGN_ERROR, MK_SIGN_ERROR_NOT_SIGNED)
                     || g_error_matches (error, MK_SIGN_ERROR, MK_SIGN_ERROR_PDF)
                     || g_error_matches (error, MK_SIGN_ERROR, MK_SIGN_ERROR_FAILED));
    }

  return 0;
}

#include "fuzz-driver.h"
