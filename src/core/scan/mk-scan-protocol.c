/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Frames between MkScanner and mekenjai-scanner (see mk-scan-protocol.h). */

#include "mk-scan-protocol.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

gboolean
mk_scan_frame_length (const guint8 header[4],
                      gsize       *length)
{
  guint32 n = (guint32) header[0] | (guint32) header[1] << 8 |
              (guint32) header[2] << 16 | (guint32) header[3] << 24;

  *length = n;
  return n > 0 && n <= MK_SCAN_FRAME_MAX;
}

gboolean
mk_scan_frame_parse (GBytes    *payload,
                     char     **name,
                     GVariant **body,
                     GError   **error)
{
  g_autoptr(GVariant) message = NULL;
  g_autoptr(GVariant) inner = NULL;
  const char *n = NULL;

  /* Not trusted: GVariant checks every offset as it reads. */
  message = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE ("(sv)"), payload, FALSE));
  g_variant_get (message, "(&sv)", &n, &inner);
  if (n == NULL || *n == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "malformed scanner message");
      return FALSE;
    }
  *name = g_strdup (n);
  *body = g_steal_pointer (&inner);
  return TRUE;
}

gboolean
mk_scan_fd_write_all (int            fd,
                      const guint8  *data,
                      gsize          length,
                      GError       **error)
{
  while (length > 0)
    {
      ssize_t n = send (fd, data, MIN (length, (gsize) 1 << 20), MSG_NOSIGNAL);

      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved), g_strerror (saved));
          return FALSE;
        }
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

gboolean
mk_scan_fd_write_frame (int          fd,
                        const char  *name,
                        GVariant    *body,
                        GError     **error)
{
  g_autoptr(GVariant) message = g_variant_ref_sink (g_variant_new ("(sv)", name, body));
  gsize size = g_variant_get_size (message);
  guint8 header[4];

  g_return_val_if_fail (size > 0 && size <= MK_SCAN_FRAME_MAX, FALSE);

  header[0] = size & 0xff;
  header[1] = (size >> 8) & 0xff;
  header[2] = (size >> 16) & 0xff;
  header[3] = (size >> 24) & 0xff;
  /* Sent as it lies in memory: a page's pixels are not copied again. */
  return mk_scan_fd_write_all (fd, header, sizeof header, error) &&
         mk_scan_fd_write_all (fd, g_variant_get_data (message), size, error);
}
