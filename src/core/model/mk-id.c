/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ИИН/БИН (ЖСН/БСН), address registration code and КАТО validation. */

#define G_LOG_DOMAIN "mk-id"

#include "mk-id.h"

#include <string.h>
#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (mk-id-error-quark, mk_id_error)

#define ID_LENGTH   12
#define RCA_LENGTH  16
#define KATO_LENGTH 9

guint
mk_id_check_digit (const char *digits)
{
  static const guint second_weights[11] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2 };
  guint sum = 0;

  g_return_val_if_fail (digits != NULL, 10);
  for (guint i = 0; i < 11; i++)
    g_return_val_if_fail (g_ascii_isdigit (digits[i]), 10);

  for (guint i = 0; i < 11; i++)
    sum += (guint) g_ascii_digit_value (digits[i]) * (i + 1);
  if (sum % 11 != 10)
    return sum % 11;

  /* A first-pass remainder of 10 is not a digit: a second pass with shifted weights. */
  sum = 0;
  for (guint i = 0; i < 11; i++)
    sum += (guint) g_ascii_digit_value (digits[i]) * second_weights[i];
  return sum % 11;
}

/* Rejects empty input, whitespace and non-digits, then a wrong length.
 * @what is the translated name of the number, as in "The IIN or BIN". */
static gboolean
check_digits (const char  *number,
              guint        length,
              const char  *what,
              GError     **error)
{
  guint position = 0;
  guint n_digits = 0;

  if (number == NULL || number[0] == '\0')
    {
      g_set_error (error, MK_ID_ERROR, MK_ID_ERROR_EMPTY,
                   _("%s is empty: enter its %u digits."), what, length);
      return FALSE;
    }

  if (!g_utf8_validate (number, -1, NULL))
    {
      g_set_error (error, MK_ID_ERROR, MK_ID_ERROR_NOT_DIGIT,
                   _("%s contains characters that are not text; type its %u digits."), what, length);
      return FALSE;
    }

  for (const char *p = number; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      position++;
      if (g_unichar_isspace (c))
        {
          /* Spaces are not dropped silently: the user may have typed two numbers. */
          g_set_error (error, MK_ID_ERROR, MK_ID_ERROR_NOT_DIGIT,
                       _("%s contains a space at position %u: type the %u digits without spaces."),
                       what, position, length);
          return FALSE;
        }
      if (c < '0' || c > '9')
        {
          char buf[7] = { 0 };

          g_unichar_to_utf8 (c, buf);
          g_set_error (error, MK_ID_ERROR, MK_ID_ERROR_NOT_DIGIT,
                       _("%s contains “%s” at position %u: only the digits 0–9 are allowed."),
                       what, buf, position);
          return FALSE;
        }
      n_digits++;
    }

  if (n_digits != length)
    {
      g_set_error (error, MK_ID_ERROR, MK_ID_ERROR_LENGTH,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s has %u digit; it must have exactly %u.",
                                "%s has %u digits; it must have exactly %u.",
                                n_digits),
                   what, n_digits, length);
      return FALSE;
    }

  return TRUE;
}

gboolean
mk_id_validate (const char  *number,
                MkIdKind     expected,
                MkIdKind    *out_kind,
                GError     **error)
{
  const char *what;
  guint check;
  guint fifth;
  MkIdKind kind;

  g_return_val_if_fail (expected <= MK_ID_KIND_BIN, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (expected)
    {
    case MK_ID_KIND_IIN:
      what = _("The IIN");
      break;
    case MK_ID_KIND_BIN:
      what = _("The BIN");
      break;
    case MK_ID_KIND_ANY:
    default:
      what = _("The IIN or BIN");
      break;
    }

  if (!check_digits (number, ID_LENGTH, what, error))
    return FALSE;

  /* #14: the message never names the digit that would fit: a clerk told it
   * would change the last digit of a misread number into another valid but
   * wrong one. The number has to be read again from the document. */
  check = mk_id_check_digit (number);
  if (check == 10 || check != (guint) g_ascii_digit_value (number[11]))
    {
      g_set_error (error, MK_ID_ERROR, MK_ID_ERROR_CHECK_DIGIT,
                   _("%s is wrong: its digits do not agree with each other, so one or more of them were "
                     "misread or mistyped. Read the number again from the document and type it anew."),
                   what);
      return FALSE;
    }

  /* #10: with a right check digit the number is valid. Digit 5 only hints
   * at the kind (0–3, the birth day, in an ИИН; 4–6, the type of entity, in
   * a БИН); numbers outside that pattern exist, so it is never a reason to
   * refuse (mk_id_warning() says what is unusual). */
  fifth = (guint) g_ascii_digit_value (number[4]);
  kind = fifth <= 3 ? MK_ID_KIND_IIN : fifth <= 6 ? MK_ID_KIND_BIN : MK_ID_KIND_ANY;
  if (out_kind != NULL)
    *out_kind = expected != MK_ID_KIND_ANY ? expected : kind;
  return TRUE;
}

static guint
two_digits (const char *p)
{
  return (guint) g_ascii_digit_value (p[0]) * 10 + (guint) g_ascii_digit_value (p[1]);
}

char *
mk_id_warning (const char *number,
               MkIdKind    expected)
{
  MkIdKind kind;
  guint yy, mm, dd, seventh, fifth;
  gboolean century_known;
  gboolean date_ok;
  g_autoptr(GString) warning = NULL;

  if (!mk_id_validate (number, MK_ID_KIND_ANY, &kind, NULL))
    return NULL;

  /* The kind its fifth digit suggests against the kind the applicant is. */
  fifth = (guint) g_ascii_digit_value (number[4]);
  if (kind == MK_ID_KIND_ANY)
    return g_strdup_printf (_("Its fifth digit is %u, while it is usually 0–3 in an IIN and 4–6 in a BIN. "
                              "Such numbers exist, but compare it with the document."), fifth);
  if (expected == MK_ID_KIND_IIN && kind == MK_ID_KIND_BIN)
    return g_strdup_printf (_("Its fifth digit is %u, as in a legal entity’s BIN, but an individual’s IIN is "
                              "expected. Compare it with the identity document."), fifth);
  if (expected == MK_ID_KIND_BIN && kind == MK_ID_KIND_IIN)
    return g_strdup_printf (_("Its fifth digit is %u, as in an individual’s IIN, but a legal entity’s BIN is "
                              "expected. Compare it with the registration certificate."), fifth);
  if (kind != MK_ID_KIND_IIN)
    return NULL;

  yy = two_digits (number);
  mm = two_digits (number + 2);
  dd = two_digits (number + 4);
  seventh = (guint) g_ascii_digit_value (number[6]);

  /* Digit 7: 1–2 born in the 19th century, 3–4 in the 20th, 5–6 in the 21st. */
  century_known = seventh >= 1 && seventh <= 6;
  if (century_known)
    date_ok = g_date_valid_dmy ((GDateDay) dd, (GDateMonth) mm,
                                (GDateYear) (1800 + 100 * ((seventh - 1) / 2) + yy));
  else
    date_ok = g_date_valid_dmy ((GDateDay) dd, (GDateMonth) mm, (GDateYear) (1900 + yy)) ||
              g_date_valid_dmy ((GDateDay) dd, (GDateMonth) mm, (GDateYear) (2000 + yy));

  if (date_ok && century_known)
    return NULL;

  /* Since 2013 an ИИН need not carry the birth date: warn, never reject. */
  warning = g_string_new (NULL);
  if (!date_ok)
    g_string_append_printf (warning,
                            _("The first six digits of the IIN (%.6s) are not a date of birth (YYMMDD)."),
                            number);
  if (!century_known)
    {
      if (warning->len > 0)
        g_string_append_c (warning, ' ');
      g_string_append_printf (warning,
                              _("Digit 7 of the IIN (century and sex) is %u; it is usually 1–6."),
                              seventh);
    }
  if (warning->len > 0)
    g_string_append_c (warning, ' ');
  g_string_append (warning, _("Such numbers exist, but compare it with the identity document."));

  return g_string_free (g_steal_pointer (&warning), FALSE);
}

gboolean
mk_rca_validate (const char  *rca,
                 GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The code is opaque text from the Address Register: leading zeros count. */
  return check_digits (rca, RCA_LENGTH, _("The address registration code"), error);
}

gboolean
mk_kato_validate (const char  *kato,
                  GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return check_digits (kato, KATO_LENGTH, _("The KATO code"), error);
}

gboolean
mk_kato_in_region (const char *kato,
                   const char *prefix)
{
  g_return_val_if_fail (prefix != NULL, FALSE);

  /* An oblast's КАТО codes share its first digits; which oblast a district
   * is in is the offices' data (offices.ini region-kato), not a constant. */
  return kato != NULL && mk_kato_validate (kato, NULL) && g_str_has_prefix (kato, prefix);
}

/* Kazakhstan's numbers: +7 and ten digits (three of the operator or area
 * code, seven of the subscriber). */
#define PHONE_DIGITS 10

char *
mk_phone_normalize (const char  *text,
                    GError     **error)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean plus = FALSE;
  const char *p;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_set_error (error, MK_ID_ERROR, MK_ID_ERROR_NOT_DIGIT,
                       _("The phone number contains characters that are not text; type it as +7 XXX XXX XX XX."));
          return NULL;
        }
      if (g_ascii_isdigit (c))
        g_string_append_c (digits, (char) c);
      else if (c == '+' && digits->len == 0 && !plus)
        plus = TRUE;
      /* What people put between the groups. */
      else if (!(g_unichar_isspace (c) || c == '-' || c == '(' || c == ')' || c == '.'
                 || c == 0x2010 || c == 0x2011 || c == 0x2012 || c == 0x2013 || c == 0x00A0))
        {
          char one[7] = { 0 };

          g_unichar_to_utf8 (c, one);
          g_set_error (error, MK_ID_ERROR, MK_ID_ERROR_NOT_DIGIT,
                       _("The phone number contains “%s”: type only its digits, as +7 XXX XXX XX XX."), one);
          return NULL;
        }
    }

  if (digits->len == 0)
    {
      g_set_error (error, MK_ID_ERROR, MK_ID_ERROR_EMPTY,
                   _("The phone number is empty: type it as +7 XXX XXX XX XX."));
      return NULL;
    }
  /* +7 …, 8 … (the trunk prefix dialled inside the country), 7 …, or the ten digits alone. */
  if (digits->len == PHONE_DIGITS + 1
      && (digits->str[0] == '7' || (!plus && digits->str[0] == '8')))
    g_string_erase (digits, 0, 1);
  else if (plus || digits->len != PHONE_DIGITS)
    {
      if (plus && digits->str[0] != '7')
        g_set_error (error, MK_ID_ERROR, MK_ID_ERROR_LENGTH,
                     _("The phone number is not a number in Kazakhstan: it must begin with +7 (+7 XXX XXX XX XX)."));
      else
        g_set_error (error, MK_ID_ERROR, MK_ID_ERROR_LENGTH,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The phone number has %u digit; a number in Kazakhstan has ten after +7 "
                                  "(+7 XXX XXX XX XX).",
                                  "The phone number has %u digits; a number in Kazakhstan has ten after +7 "
                                  "(+7 XXX XXX XX XX).", digits->len),
                     (guint) digits->len);
      return NULL;
    }

  return g_strdup_printf ("+7 %.3s %.3s %.2s %.2s", digits->str, digits->str + 3,
                          digits->str + 6, digits->str + 8);
}
