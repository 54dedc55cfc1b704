/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files a user names (attachments, keys, password files): only ordinary
 * files are read, never beyond a limit, and a FIFO does not block (#13). */

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "mekenjai-core.h"
#include "mk-file.h"
#include "mk-import.h"

typedef struct {
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("mk-file-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      if (g_unlink (path) != 0)
        g_rmdir (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static char *
make_fifo (Fixture *f)
{
  char *path = g_build_filename (f->dir, "fifo", NULL);

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  return path;
}

static char *
make_zero_link (Fixture *f)
{
  char *path = g_build_filename (f->dir, "zero.pdf", NULL);

  g_assert_cmpint (symlink ("/dev/zero", path), ==, 0);
  return path;
}

static void
test_regular (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "ten", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "0123456789", 10, NULL));
  bytes = mk_file_read (path, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "0123456789", 10);

  /* One byte over the limit is refused. */
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = mk_file_read (path, 9, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_assert_null (bytes);
  g_clear_error (&error);

  /* An empty file is an empty result, not a failure. */
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  bytes = mk_file_read (path, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 0);
}

static void
test_not_regular (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *fifo = make_fifo (f);
  g_autofree char *zero = make_zero_link (f);
  g_autofree char *missing = g_build_filename (f->dir, "missing", NULL);
  const char *paths[] = { fifo, zero, f->dir, "/dev/null" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  /* No writer ever opens the FIFO: a blocking open would hang the test. */
  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);

      bytes = mk_file_read (paths[i], MK_FILE_MAX_SMALL, &error);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
      g_assert_null (bytes);
      g_clear_error (&error);

      bytes = mk_file_read_gfile (file, MK_FILE_MAX_SMALL, NULL, &error);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
      g_assert_null (bytes);
      g_clear_error (&error);
    }

  bytes = mk_file_read (missing, MK_FILE_MAX_SMALL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (bytes);
}

/* The importer reported the size of the link's target (0 for /dev/zero) and
 * then read it for ever; a FIFO blocked the attach dialog's worker. */
static void
test_import_refuses (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *fifo = make_fifo (f);
  g_autofree char *zero = make_zero_link (f);
  const char *paths[] = { fifo, zero };

  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(MkImportResult) result = mk_import_file (file, 0, NULL, &error);

      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
      g_assert_null (result);
    }
}

/* A calendar year handed to `calendar import` as a FIFO is refused at once. */
static void
test_calendar_refuses (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *fifo = make_fifo (f);
  g_autoptr(MkCalendar) calendar = mk_calendar_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (mk_calendar_load_file (calendar, fifo, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "ordinary file"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/file/regular", Fixture, NULL, fixture_setup, test_regular, fixture_teardown);
  g_test_add ("/file/not-regular", Fixture, NULL, fixture_setup, test_not_regular, fixture_teardown);
  g_test_add ("/file/import-refuses", Fixture, NULL, fixture_setup, test_import_refuses, fixture_teardown);
  g_test_add ("/file/calendar-refuses", Fixture, NULL, fixture_setup, test_calendar_refuses, fixture_teardown);

  return g_test_run ();
}
