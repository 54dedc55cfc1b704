/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A process with a private temporary folder, for test-temp: it fills the
 * folder as GTK and the scanning helper would (a file through TMPDIR, a
 * folder with files), says where it is, then exits or waits to be killed. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "mekenjai-core.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *sub = NULL;
  g_autofree char *deep = NULL;
  const char *dir = mk_temp_init (&error);
  int fd;

  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  fd = g_file_open_tmp ("preview-XXXXXX.png", &tmp, &error);
  if (fd < 0)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  (void) write (fd, "ИИН 900101300123", strlen ("ИИН 900101300123"));
  close (fd);
  sub = g_build_filename (dir, "scan", "pages", NULL);
  g_mkdir_with_parents (sub, 0700);
  deep = g_build_filename (sub, "page-1.pnm", NULL);
  g_file_set_contents (deep, "P5 1 1 255 x", -1, NULL);

  /* The folder, the file that TMPDIR put there, then "ready". */
  g_print ("%s\n%s\nready\n", dir, tmp);
  fflush (stdout);
  if (argc > 1 && strcmp (argv[1], "wait") == 0)
    for (;;)
      pause ();
  return 0;
}
