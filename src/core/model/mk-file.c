/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A symlink to /dev/zero once grew an attachment to gigabytes and a FIFO
 * blocked a window for ever: the file's type is checked on the open
 * descriptor (no race with a rename), and the read stops at the limit. */

#define G_LOG_DOMAIN "mk-file"

#include "mk-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void
set_too_large (GError     **error,
               const char  *name,
               gsize        max_size)
{
  g_autofree char *limit = g_format_size (max_size);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
               _("“%s” is larger than %s and is not read."), name, limit);
}

static void
set_not_regular (GError     **error,
                 const char  *name)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
               _("“%s” is not an ordinary file (a folder, device or pipe cannot be read as one)."),
               name);
}

GBytes *
mk_file_read (const char  *path,
              gsize        max_size,
              GError     **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GByteArray) data = NULL;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_filename_display_name (path);
  /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot open “%s”: %s"), name, g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      set_not_regular (error, name);
      return NULL;
    }
  if ((guint64) st.st_size > max_size)
    {
      close (fd);
      set_too_large (error, name, max_size);
      return NULL;
    }

  data = g_byte_array_sized_new ((guint) MIN ((gsize) st.st_size + 1, max_size + 1));
  for (;;)
    {
      guint8 buffer[65536];
      gssize n = read (fd, buffer, sizeof buffer);

      if (n < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Cannot read “%s”: %s"), name, g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      /* A file that grows while it is read stops at the limit too. */
      if (data->len + (gsize) n > max_size)
        {
          close (fd);
          set_too_large (error, name, max_size);
          return NULL;
        }
      g_byte_array_append (data, buffer, (guint) n);
    }
  close (fd);
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

GBytes *
mk_file_read_gfile (GFile         *file,
                    gsize          max_size,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GByteArray) data = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = g_file_get_path (file);
  if (path != NULL)
    return mk_file_read (path, max_size, error);

  /* A remote file (a share opened through GVfs): GIO says its type. */
  name = g_file_get_parse_name (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      set_not_regular (error, name);
      return NULL;
    }
  if ((guint64) g_file_info_get_size (info) > max_size)
    {
      set_too_large (error, name, max_size);
      return NULL;
    }
  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  data = g_byte_array_new ();
  for (;;)
    {
      guint8 buffer[65536];
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, sizeof buffer, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if (data->len + (gsize) n > max_size)
        {
          set_too_large (error, name, max_size);
          return NULL;
        }
      g_byte_array_append (data, buffer, (guint) n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}
