/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target over the QR payload of a printed document (`verify --qr TEXT`),
 * with a plain driver for CI. */

#include "mk-qr.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  /* The text comes from a command line or from zbar: NUL-terminated, any bytes. */
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(MkQrPayload) payload = NULL;
  g_autoptr(MkQrPayload) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *built = NULL;

  payload = mk_qr_payload_parse (text, &error);
  if (payload == NULL)
    {
      g_assert_true (g_error_matches (error, MK_QR_ERROR, MK_QR_ERROR_FORMAT));
      return 0;
    }
  g_assert_no_error (error);
  g_assert_true (g_date_valid (&payload->date));
  g_assert_cmpuint (strlen (payload->digest), ==, MK_QR_DIGEST_LENGTH);
  g_assert_true (payload->rca == NULL || strlen (payload->rca) == 16);

  /* Every accepted payload is one the documents layer could have printed:
   * built again from its fields, it parses to the same fields. */
  built = mk_qr_payload_build (payload->kind, payload->number, &payload->date,
                               payload->rca, payload->digest);
  again = mk_qr_payload_parse (built, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->kind, ==, payload->kind);
  g_assert_cmpstr (again->number, ==, payload->number);
  g_assert_cmpint (g_date_compare (&again->date, &payload->date), ==, 0);
  g_assert_cmpstr (again->rca, ==, payload->rca);
  g_assert_cmpstr (again->digest, ==, payload->digest);

  return 0;
}

#include "fuzz-driver.h"
