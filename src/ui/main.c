/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Entry point of the Mekenjai desktop application. */

#define G_LOG_DOMAIN "mekenjai-ui"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <locale.h>
#include <unistd.h>

#include "mk-application.h"
#include "mk-temp.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MkApplication) app = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  /* The language preference must be in place before gettext is first used
   * and before GTK builds any window. */
  settings = mk_application_create_settings ();
  if (settings != NULL)
    mk_application_apply_language (settings);

  setlocale (LC_ALL, "");
  /* MK_LOCALEDIR: translations compiled in an uninstalled build tree. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("MK_LOCALEDIR") ? g_getenv ("MK_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* #13: previews, print jobs and scans leave nothing behind. */
  if (mk_temp_init (&error) == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 1;
    }

  app = mk_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);

  if (status == 0 && mk_application_get_restart_requested (app))
    {
      /* A new language applies to every window only from a fresh start. */
      g_clear_object (&app);
      g_clear_object (&settings);
      mk_temp_remove ();
      execv ("/proc/self/exe", argv);
      g_printerr ("%s: %s\n", argv[0], g_strerror (errno));
      return 1;
    }

  return status;
}
