/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The QR code printed on every document: its text payload, digest and drawing. */
#define G_LOG_DOMAIN "mk-qr"

#include "mk-qr.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <qrencode.h>


G_DEFINE_QUARK (mk-qr-error-quark, mk_qr_error)

/* The quiet zone the QR specification asks for around the symbol. */
#define QUIET_ZONE 4

void
mk_qr_payload_free (MkQrPayload *payload)
{
  if (payload == NULL)
    return;
  g_free (payload->kind);
  g_free (payload->number);
  g_free (payload->rca);
  g_free (payload->digest);
  g_free (payload);
}

char *
mk_qr_digest (const char *canonical)
{
  g_autofree char *full = NULL;

  g_return_val_if_fail (canonical != NULL, NULL);

  full = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);
  return g_strndup (full, MK_QR_DIGEST_LENGTH);
}

static gboolean
is_digits (const char *text, gsize length)
{
  if (strlen (text) != length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_digest (const char *text)
{
  if (strlen (text) != MK_QR_DIGEST_LENGTH)
    return FALSE;
  for (gsize i = 0; i < MK_QR_DIGEST_LENGTH; i++)
    if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
      return FALSE;
  return TRUE;
}

/* Exactly "YYYY-MM-DD". */
static gboolean
parse_iso_date (const char *text, guint *year, guint *month, guint *day)
{
  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  *year = (guint) g_ascii_strtoull (text, NULL, 10);
  *month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  *day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  return TRUE;
}

char *
mk_qr_payload_build (const char  *kind,
                     const char  *number,
                     const GDate *date,
                     const char  *rca,
                     const char  *digest)
{
  g_autofree char *iso = NULL;

  g_return_val_if_fail (kind != NULL && *kind != '\0' && strchr (kind, '|') == NULL, NULL);
  g_return_val_if_fail (number != NULL && *number != '\0' && strchr (number, '|') == NULL, NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  g_return_val_if_fail (rca == NULL || strchr (rca, '|') == NULL, NULL);
  g_return_val_if_fail (digest != NULL && is_digest (digest), NULL);

  iso = g_strdup_printf ("%04u-%02u-%02u",
                         g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
  return g_strjoin ("|", MK_QR_PAYLOAD_MAGIC, kind, number, iso,
                    rca != NULL ? rca : "", digest, NULL);
}

MkQrPayload *
mk_qr_payload_parse (const char  *text,
                     GError     **error)
{
  g_auto(GStrv) fields = NULL;
  g_autoptr(MkQrPayload) payload = NULL;
  guint year, month, day;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fields = g_strsplit (text, "|", -1);
  if (g_strv_length (fields) != 6 || strcmp (fields[0], MK_QR_PAYLOAD_MAGIC) != 0)
    {
      g_set_error (error, MK_QR_ERROR, MK_QR_ERROR_FORMAT,
                   _("“%s” is not a Mekenjai document code"), text);
      return NULL;
    }

  payload = g_new0 (MkQrPayload, 1);
  g_date_clear (&payload->date, 1);

  if (*fields[1] == '\0' || *fields[2] == '\0')
    {
      g_set_error (error, MK_QR_ERROR, MK_QR_ERROR_FORMAT,
                   _("The document code has no document type or number"));
      return NULL;
    }
  if (!parse_iso_date (fields[3], &year, &month, &day)
      || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    {
      g_set_error (error, MK_QR_ERROR, MK_QR_ERROR_FORMAT,
                   _("The document code has an invalid date “%s”"), fields[3]);
      return NULL;
    }
  if (*fields[4] != '\0' && !is_digits (fields[4], 16))
    {
      g_set_error (error, MK_QR_ERROR, MK_QR_ERROR_FORMAT,
                   _("The document code has an invalid address registration code “%s”"),
                   fields[4]);
      return NULL;
    }
  if (!is_digest (fields[5]))
    {
      g_set_error (error, MK_QR_ERROR, MK_QR_ERROR_FORMAT,
                   _("The document code has an invalid digest “%s”"), fields[5]);
      return NULL;
    }

  payload->kind = g_strdup (fields[1]);
  payload->number = g_strdup (fields[2]);
  g_date_set_dmy (&payload->date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  payload->rca = *fields[4] != '\0' ? g_strdup (fields[4]) : NULL;
  payload->digest = g_strdup (fields[5]);
  return g_steal_pointer (&payload);
}

gboolean
mk_qr_draw (cairo_t     *cr,
            const char  *text,
            double       x,
            double       y,
            double       size,
            GError     **error)
{
  QRcode *code;
  double module;
  int width;

  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (size > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Case-sensitive 8-bit mode: payloads carry lowercase ids and Cyrillic-free text. */
  code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == NULL)
    {
      g_set_error (error, MK_QR_ERROR, MK_QR_ERROR_ENCODE,
                   _("Could not encode “%s” as a QR code: %s"), text, g_strerror (errno));
      return FALSE;
    }

  width = code->width;
  module = size / (width + 2 * QUIET_ZONE);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, size, size);
  cairo_fill (cr);

  /* One rectangle per horizontal run of dark modules keeps the PDF small. */
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int row = 0; row < width; row++)
    {
      int col = 0;

      while (col < width)
        {
          int start;

          if ((code->data[row * width + col] & 1) == 0)
            {
              col++;
              continue;
            }
          start = col;
          while (col < width && (code->data[row * width + col] & 1) != 0)
            col++;
          cairo_rectangle (cr,
                           x + (start + QUIET_ZONE) * module,
                           y + (row + QUIET_ZONE) * module,
                           (col - start) * module,
                           module);
        }
    }
  cairo_fill (cr);
  cairo_restore (cr);

  QRcode_free (code);
  return TRUE;
}
