/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The private folder for temporary files (#13: renderings, previews and scans
 * hold applicants' data and must not outlive the process). */

#define G_LOG_DOMAIN "mk-temp"
#define _GNU_SOURCE

#include "mk-temp.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

/* What the signal handler needs, made beforehand: it may only make system
 * calls (signal-safety(7)). */
static char *temp_dir;
static int   base_fd = -1;
static int   temp_fd = -1;
static char  temp_name[64];
static pid_t owner;
static char *previous_tmpdir;

/* Removes everything inside @dir_fd (not the folder itself) with system
 * calls only. Entries removed while the listing is read may be listed
 * again or skipped, so it reads from the start until nothing is left. */
static void
remove_contents (int dir_fd,
                 int depth)
{
  char buffer[4096] __attribute__ ((aligned (8)));

  for (int pass = 0; pass < 64; pass++)
    {
      gboolean any = FALSE;
      ssize_t n;

      if (lseek (dir_fd, 0, SEEK_SET) < 0)
        return;
      while ((n = getdents64 (dir_fd, buffer, sizeof buffer)) > 0)
        for (ssize_t offset = 0; offset < n;)
          {
            struct dirent64 *entry = (struct dirent64 *) (buffer + offset);
            const char *name = entry->d_name;

            offset += entry->d_reclen;
            if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0')))
              continue;
            any = TRUE;
            if (unlinkat (dir_fd, name, 0) == 0 || errno != EISDIR || depth >= 16)
              continue;
            {
              int sub = openat (dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

              if (sub >= 0)
                {
                  remove_contents (sub, depth + 1);
                  close (sub);
                }
              unlinkat (dir_fd, name, AT_REMOVEDIR);
            }
          }
      if (!any)
        return;
    }
}

static void
remove_temp_dir (void)
{
  /* A child forked before exec (or a helper sharing the folder) leaves it be. */
  if (temp_fd < 0 || getpid () != owner)
    return;
  remove_contents (temp_fd, 0);
  unlinkat (base_fd, temp_name, AT_REMOVEDIR);
}

static void
at_exit (void)
{
  remove_temp_dir ();
}

/* SA_RESETHAND: the signal, raised again, then does what it would have done. */
static void
on_signal (int signum)
{
  int saved = errno;

  remove_temp_dir ();
  raise (signum);
  errno = saved;
}

static void
catch_signals (void)
{
  static const int signals[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGALRM,
                                 SIGUSR1, SIGUSR2, SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL };

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      struct sigaction old, action = { 0 };

      /* A signal someone ignores (nohup) or catches (a sanitizer) stays theirs. */
      if (sigaction (signals[i], NULL, &old) != 0 || old.sa_handler != SIG_DFL
          || (old.sa_flags & SA_SIGINFO) != 0)
        continue;
      action.sa_handler = on_signal;
      action.sa_flags = SA_RESETHAND;
      sigemptyset (&action.sa_mask);
      sigaction (signals[i], &action, NULL);
    }
}

static void
remove_tree (const char *path)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

  if (fd < 0)
    return;
  remove_contents (fd, 0);
  close (fd);
  g_rmdir (path);
}

/* Folders of processes that no longer run (killed, crashed, a power cut). */
static void
sweep (const char *base)
{
  g_autoptr(GDir) dir = g_dir_open (base, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      char *end = NULL;
      gint64 pid = g_ascii_strtoll (name, &end, 10);

      if (end == name || *end != '-' || pid <= 0 || pid == getpid ())
        continue;
      if (kill ((pid_t) pid, 0) == 0 || errno != ESRCH)
        continue;
      {
        g_autofree char *path = g_build_filename (base, name, NULL);

        remove_tree (path);
      }
    }
}

/* Makes @base the user's own folder (0700, not a link), or says why not. */
static gboolean
own_folder (const char *base)
{
  GStatBuf st;

  if (g_mkdir_with_parents (base, 0700) != 0)
    return FALSE;
  /* Another user's folder, or a link to one, is not private. */
  if (g_lstat (base, &st) != 0)
    return FALSE;
  if (!S_ISDIR (st.st_mode) || st.st_uid != getuid ())
    {
      errno = EPERM;
      return FALSE;
    }
  return (st.st_mode & 0777) == 0700 || g_chmod (base, 0700) == 0;
}

const char *
mk_temp_init (GError **error)
{
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  int saved;

  if (temp_dir != NULL)
    return temp_dir;

  /* The runtime folder is the user's alone and emptied at logout; without
   * one, the system's temporary folder, in a folder of the user's. */
  base = g_build_filename (g_get_user_runtime_dir (), "mekenjai", NULL);
  if (!own_folder (base))
    {
      g_autofree char *name = g_strdup_printf ("mekenjai-%u", (guint) getuid ());

      g_free (base);
      base = g_build_filename (g_get_tmp_dir (), name, NULL);
      if (!own_folder (base))
        goto failed;
    }
  sweep (base);

  path = g_strdup_printf ("%s/%d-XXXXXX", base, (int) getpid ());
  if (g_mkdtemp_full (path, 0700) == NULL)
    goto failed;
  base_fd = open (base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  temp_fd = open (path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (base_fd < 0 || temp_fd < 0)
    goto failed;
  g_strlcpy (temp_name, strrchr (path, '/') + 1, sizeof temp_name);
  owner = getpid ();
  temp_dir = g_steal_pointer (&path);
  previous_tmpdir = g_strdup (g_getenv ("TMPDIR"));

  atexit (at_exit);
  catch_signals ();
  /* Read once by g_get_tmp_dir() and by every library that makes files. */
  g_setenv ("TMPDIR", temp_dir, TRUE);
  return temp_dir;

failed:
  saved = errno;
  if (temp_fd >= 0)
    close (temp_fd);
  if (base_fd >= 0)
    close (base_fd);
  temp_fd = base_fd = -1;
  if (path != NULL)
    g_rmdir (path);
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
               _("Could not make a private folder for temporary files in “%s”: %s"),
               base, g_strerror (saved));
  return NULL;
}

void
mk_temp_remove (void)
{
  if (temp_dir == NULL)
    return;
  remove_temp_dir ();
  close (temp_fd);
  close (base_fd);
  temp_fd = base_fd = -1;
  g_clear_pointer (&temp_dir, g_free);
  if (previous_tmpdir != NULL)
    g_setenv ("TMPDIR", previous_tmpdir, TRUE);
  else
    g_unsetenv ("TMPDIR");
  g_clear_pointer (&previous_tmpdir, g_free);
}

const char *
mk_temp_get_dir (void)
{
  return temp_dir;
}
