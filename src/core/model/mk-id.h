/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ИИН/БИН (ЖСН/БСН), address registration code, КАТО and phone number validation. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MK_ID_ERROR (mk_id_error_quark ())
GQuark mk_id_error_quark (void);

typedef enum {
  MK_ID_ERROR_EMPTY,
  MK_ID_ERROR_LENGTH,
  MK_ID_ERROR_NOT_DIGIT,
  MK_ID_ERROR_CHECK_DIGIT,
  MK_ID_ERROR_WRONG_KIND,   /* a БИН where an ИИН is expected, or the reverse */
} MkIdError;

typedef enum {
  MK_ID_KIND_ANY,
  MK_ID_KIND_IIN,
  MK_ID_KIND_BIN,
} MkIdKind;

/* Check digit of the first 11 digits: 0..9, or 10 when no digit is possible. */
guint     mk_id_check_digit (const char *digits);

/* Validates a 12-digit ИИН or БИН: length, digits, two-pass check digit.
 * @expected: MK_ID_KIND_ANY to accept either. @out_kind (optional): what it is.
 * The message of @error is translated and says what is wrong. */
gboolean  mk_id_validate    (const char  *number,
                             MkIdKind     expected,
                             MkIdKind    *out_kind,
                             GError     **error);

/* A translated warning for a valid number that looks unusual for @expected
 * (MK_ID_KIND_ANY: either): a fifth digit of the other kind or of neither, or
 * an ИИН whose digits 1–7 are not a plausible birth date and century (since
 * 2013 never a reason to reject), or NULL. */
char     *mk_id_warning     (const char *number,
                             MkIdKind    expected);

/* Address registration code: exactly 16 digits, leading zeros kept. */
gboolean  mk_rca_validate   (const char *rca, GError **error);
/* КАТО: 9 digits. */
gboolean  mk_kato_validate  (const char *kato, GError **error);
/* TRUE for a valid КАТО of the oblast whose codes begin with @prefix (a
 * provider's region_kato: "35" Karaganda, "62" Ulytau since 2022). */
gboolean  mk_kato_in_region (const char *kato,
                             const char *prefix);

/* A phone number as the store keeps it and documents print it,
 * "+7 701 234 56 78", from what a clerk types: spaces, dashes, brackets and
 * dots between the digits, +7, 8 or 7 before the ten digits, or the ten
 * alone. NULL with a translated @error for anything else. */
char     *mk_phone_normalize (const char  *text,
                              GError     **error);

G_END_DECLS
