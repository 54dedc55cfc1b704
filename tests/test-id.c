/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of ИИН/БИН, address registration code and КАТО validation (domain.md "Identifiers", §1). */

#include <locale.h>

#include "mk-id.h"

/* Valid numbers computed with the two-pass check digit independently of the code. */
static const struct {
  const char *number;
  MkIdKind kind;
  const char *why;
} valid_cases[] = {
  { "850714300127", MK_ID_KIND_IIN, "man born 14.07.1985 (digit 7 = 3)" },
  { "010228600348", MK_ID_KIND_IIN, "woman born 28.02.2001 (digit 7 = 6)" },
  { "501201400561", MK_ID_KIND_IIN, "woman born 01.12.1950" },
  { "000229500731", MK_ID_KIND_IIN, "29.02.2000: leap year in the 21st century" },
  { "991231400991", MK_ID_KIND_IIN, "31.12.1999" },
  { "770310300014", MK_ID_KIND_IIN, "10.03.1977" },
  { "850714300907", MK_ID_KIND_IIN, "second pass: first-pass remainder is 10" },
  { "850714300919", MK_ID_KIND_IIN, "second pass" },
  { "850714300920", MK_ID_KIND_IIN, "second pass giving check digit 0" },
  { "030440001235", MK_ID_KIND_BIN, "БИН 2003-04, resident (4), head office (0)" },
  { "150541004560", MK_ID_KIND_BIN, "БИН 2015-05, resident, branch (1)" },
  { "090750007895", MK_ID_KIND_BIN, "БИН non-resident legal entity (5)" },
  { "181163001470", MK_ID_KIND_BIN, "БИН joint entrepreneurship (6), farm (3)" },
  { "140440000207", MK_ID_KIND_BIN, "БИН, second pass" },
  { "140440000220", MK_ID_KIND_BIN, "БИН, second pass giving 0" },
  { "851314300125", MK_ID_KIND_IIN, "valid check digit, month 13: allowed since 2013" },
  { "850714000128", MK_ID_KIND_IIN, "digit 7 = 0: allowed since 2013" },
};

static void
test_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      MkIdKind kind = MK_ID_KIND_ANY;
      MkIdKind other = valid_cases[i].kind == MK_ID_KIND_IIN ? MK_ID_KIND_BIN : MK_ID_KIND_IIN;

      g_test_message ("%s: %s", valid_cases[i].number, valid_cases[i].why);
      g_assert_true (mk_id_validate (valid_cases[i].number, MK_ID_KIND_ANY, &kind, &error));
      g_assert_no_error (error);
      g_assert_cmpint (kind, ==, valid_cases[i].kind);
      g_assert_true (mk_id_validate (valid_cases[i].number, valid_cases[i].kind, NULL, NULL));

      /* #10: a number that looks like the other kind is valid all the same,
       * with a warning to compare it with the document. */
      g_assert_true (mk_id_validate (valid_cases[i].number, other, &kind, &error));
      g_assert_no_error (error);
      g_assert_cmpint (kind, ==, other);
      {
        g_autofree char *warning = mk_id_warning (valid_cases[i].number, other);

        g_assert_nonnull (warning);
        g_assert_nonnull (strstr (warning, "fifth digit"));
      }
    }
}

static void
test_check_digit (void)
{
  /* First pass: Σ aᵢ·i mod 11. */
  g_assert_cmpuint (mk_id_check_digit ("85071430012"), ==, 7);
  /* First pass gives 10, second pass (weights 3…11,1,2) gives the digit. */
  g_assert_cmpuint (mk_id_check_digit ("85071430090"), ==, 7);
  g_assert_cmpuint (mk_id_check_digit ("85071430092"), ==, 0);
  /* Both passes give 10: no number can start with these 11 digits. */
  g_assert_cmpuint (mk_id_check_digit ("85071400260"), ==, 10);
  g_assert_cmpuint (mk_id_check_digit ("85071400341"), ==, 10);
  /* The 12th character is ignored. */
  g_assert_cmpuint (mk_id_check_digit ("850714300127"), ==, 7);
}

static void
test_invalid (void)
{
  static const struct {
    const char *number;
    MkIdKind expected;
    MkIdError code;
    const char *in_message; /* the message must say what is wrong */
  } cases[] = {
    { "", MK_ID_KIND_ANY, MK_ID_ERROR_EMPTY, "empty" },
    { NULL, MK_ID_KIND_IIN, MK_ID_ERROR_EMPTY, "empty" },
    { "85071430012", MK_ID_KIND_ANY, MK_ID_ERROR_LENGTH, "has 11 digits" },
    { "8507143001277", MK_ID_KIND_ANY, MK_ID_ERROR_LENGTH, "has 13 digits" },
    { "8", MK_ID_KIND_ANY, MK_ID_ERROR_LENGTH, "has 1 digit;" },
    { "850714 300127", MK_ID_KIND_ANY, MK_ID_ERROR_NOT_DIGIT, "space at position 7" },
    { "850714300127 ", MK_ID_KIND_ANY, MK_ID_ERROR_NOT_DIGIT, "space at position 13" },
    { "8507143OO127", MK_ID_KIND_ANY, MK_ID_ERROR_NOT_DIGIT, "“O” at position 8" },
    { "85071430012б", MK_ID_KIND_ANY, MK_ID_ERROR_NOT_DIGIT, "“б” at position 12" },
    { "850714-300127", MK_ID_KIND_ANY, MK_ID_ERROR_NOT_DIGIT, "“-” at position 7" },
    { "850714300128", MK_ID_KIND_ANY, MK_ID_ERROR_CHECK_DIGIT, "Read the number again from the document" },
    { "030440001230", MK_ID_KIND_BIN, MK_ID_ERROR_CHECK_DIGIT, "Read the number again from the document" },
    { "850714300900", MK_ID_KIND_ANY, MK_ID_ERROR_CHECK_DIGIT, "Read the number again from the document" }, /* second pass */
    { "850714002600", MK_ID_KIND_ANY, MK_ID_ERROR_CHECK_DIGIT, "Read the number again from the document" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u: “%s”", i, cases[i].number ? cases[i].number : "(null)");
      g_assert_false (mk_id_validate (cases[i].number, cases[i].expected, NULL, &error));
      g_assert_error (error, MK_ID_ERROR, (int) cases[i].code);
      g_assert_nonnull (g_strstr_len (error->message, -1, cases[i].in_message));
      /* #14: never the digit that would fit, which invites changing only the last one. */
      if (cases[i].code == MK_ID_ERROR_CHECK_DIGIT)
        g_assert_null (strstr (error->message, "should be"));
    }
}

/* #10: digit 5 of 7–9 with a right check digit: valid, the kind untold, a warning. */
static void
test_neither_kind (void)
{
  const char *base = "8507733001";
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;
  MkIdKind kind;
  char number[13];

  /* Find the check digit for a number whose fifth digit is 7. */
  for (char last = '0'; last <= '9'; last++)
    {
      guint check;

      g_snprintf (number, sizeof number, "%s%c0", base, last);
      check = mk_id_check_digit (number);
      if (check < 10)
        {
          number[11] = (char) ('0' + check);
          break;
        }
    }
  g_assert_cmpuint (mk_id_check_digit (number), ==, (guint) (number[11] - '0'));
  g_assert_true (mk_id_validate (number, MK_ID_KIND_ANY, &kind, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kind, ==, MK_ID_KIND_ANY);
  g_assert_true (mk_id_validate (number, MK_ID_KIND_BIN, &kind, NULL));
  g_assert_cmpint (kind, ==, MK_ID_KIND_BIN);
  warning = mk_id_warning (number, MK_ID_KIND_ANY);
  g_assert_nonnull (g_strstr_len (warning, -1, "fifth digit is 7"));
}

/* Since 2013 the birth date binding is gone: a warning, never an error. */
static void
test_warning (void)
{
  static const struct {
    const char *number;
    const char *in_warning; /* NULL: no warning */
  } cases[] = {
    { "850714300127", NULL },
    { "000229500731", NULL },                     /* 29.02.2000 exists */
    { "000229300739", "(000229) are not a date" }, /* 29.02.1900 does not */
    { "850231300121", "(850231) are not a date" }, /* 31 February */
    { "851314300125", "(851314) are not a date" }, /* month 13 */
    { "850714000128", "Digit 7 of the IIN" },
    { "850714900125", "is 9;" },
    { "030440001235", NULL },                     /* a БИН has no birth date */
    { "850714300128", NULL },                     /* invalid numbers get errors, not warnings */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *warning = mk_id_warning (cases[i].number, MK_ID_KIND_ANY);

      g_test_message ("%s", cases[i].number);
      if (cases[i].in_warning == NULL)
        g_assert_null (warning);
      else
        {
          g_assert_nonnull (warning);
          g_assert_nonnull (g_strstr_len (warning, -1, cases[i].in_warning));
          g_assert_true (mk_id_validate (cases[i].number, MK_ID_KIND_IIN, NULL, NULL));
        }
    }
}

/* The address registration code is 16 digits of opaque text (leading zeros kept). */
static void
test_rca (void)
{
  static const struct {
    const char *rca;
    int code; /* -1: valid */
  } cases[] = {
    { "0200500123456789", -1 },
    { "0000000000000001", -1 },
    { "1234567890123456", -1 },
    { "", MK_ID_ERROR_EMPTY },
    { "020050012345678", MK_ID_ERROR_LENGTH },
    { "02005001234567890", MK_ID_ERROR_LENGTH },
    { "0200 500123456789", MK_ID_ERROR_NOT_DIGIT },
    { "020050012345678X", MK_ID_ERROR_NOT_DIGIT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = mk_rca_validate (cases[i].rca, &error);

      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, MK_ID_ERROR, cases[i].code);
        }
    }
}

static void
test_kato (void)
{
  static const struct {
    const char *kato;
    int code;          /* -1: valid */
    gboolean karaganda;
    gboolean ulytau;
  } cases[] = {
    { "351010000", -1, TRUE, FALSE },   /* Karaganda city */
    { "354400000", -1, TRUE, FALSE },
    { "621610000", -1, FALSE, TRUE },   /* Zhezkazgan since 2022 (approximate) */
    { "751110000", -1, FALSE, FALSE },  /* Almaty: valid, neither */
    { "", MK_ID_ERROR_EMPTY, FALSE, FALSE },
    { "35101000", MK_ID_ERROR_LENGTH, FALSE, FALSE },
    { "3510100000", MK_ID_ERROR_LENGTH, FALSE, FALSE },
    { "35101000a", MK_ID_ERROR_NOT_DIGIT, FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = mk_kato_validate (cases[i].kato, &error);

      if (cases[i].code < 0)
        g_assert_true (ok);
      else
        g_assert_error (error, MK_ID_ERROR, cases[i].code);
      g_assert_cmpint (mk_kato_in_region (cases[i].kato, "35"), ==, cases[i].karaganda);
      g_assert_cmpint (mk_kato_in_region (cases[i].kato, "62"), ==, cases[i].ulytau);
    }
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/id/check-digit", test_check_digit);
  g_test_add_func ("/id/valid", test_valid);
  g_test_add_func ("/id/invalid", test_invalid);
  g_test_add_func ("/id/neither-kind", test_neither_kind);
  g_test_add_func ("/id/warning", test_warning);
  g_test_add_func ("/id/rca", test_rca);
  g_test_add_func ("/id/kato", test_kato);

  return g_test_run ();
}
