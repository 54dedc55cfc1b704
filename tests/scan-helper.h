/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Finds the scanning helper a process started, for tests that stop or kill it. */
#pragma once

#include <glib.h>
#include <stdlib.h>
#include <string.h>

/* The pid of a mekenjai-scanner child of @parent, or 0. */
static inline GPid
mk_test_find_scanner_helper (GPid parent)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *stat = NULL;
      const char *close_paren;
      char state;
      long ppid = 0;

      if (!g_ascii_isdigit (name[0]))
        continue;
      path = g_build_filename ("/proc", name, "stat", NULL);
      if (!g_file_get_contents (path, &stat, NULL, NULL))
        continue;
      /* pid (comm) state ppid …; the kernel cuts comm to 15 bytes. */
      close_paren = strrchr (stat, ')');
      if (close_paren == NULL || strstr (stat, "(mekenjai-scanne") == NULL ||
          sscanf (close_paren + 1, " %c %ld", &state, &ppid) != 2)
        continue;
      if ((GPid) ppid == parent && state != 'Z')
        return (GPid) atoi (name);
    }
  return 0;
}

/* Waits up to @seconds for the helper of @parent to start. */
static inline GPid
mk_test_wait_scanner_helper (GPid  parent,
                             guint seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  GPid helper;

  while ((helper = mk_test_find_scanner_helper (parent)) == 0 && g_get_monotonic_time () < end)
    g_usleep (G_USEC_PER_SEC / 50);
  return helper;
}
