/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mekenjai-cli commands for administrators: backup, restore, audit verify. */

#include <glib/gi18n.h>

#include "mk-cli.h"

static int
one_file_command (const char   *name,
                  const char   *summary,
                  int           argc,
                  char        **argv,
                  gboolean      backup,
                  GError      **error)
{
  g_autoptr(MkStore) store = NULL;

  if (!mk_cli_parse (name, "FILE", summary, NULL, &argc, &argv, error))
    return 2;
  if (argc != 2)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("%s takes one file"), name);
      return 2;
    }

  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;
  if (!(backup ? mk_store_backup : mk_store_restore) (store, argv[1], error))
    return 1;

  if (!mk_cli_json ())
    {
      if (backup)
        g_print (_("Backed up to %s\n"), argv[1]);
      else
        g_print (_("Restored from %s\n"), argv[1]);
    }
  return 0;
}

static int
backup_run (int      argc,
            char   **argv,
            GError **error)
{
  return one_file_command ("backup",
                           _("Copy the database to FILE while it is in use (SQLite online backup)."),
                           argc, argv, TRUE, error);
}

const MkCliCommand mk_cli_command_backup = {
  "backup", "FILE", N_("Back up the database"), backup_run
};

static int
restore_run (int      argc,
             char   **argv,
             GError **error)
{
  return one_file_command ("restore",
                           _("Replace the database with a backup; a file that is not a Mekenjai database is refused."),
                           argc, argv, FALSE, error);
}

const MkCliCommand mk_cli_command_restore = {
  "restore", "FILE", N_("Restore the database from a backup"), restore_run
};

static int
audit_run (int      argc,
           char   **argv,
           GError **error)
{
  g_autoptr(MkStore) store = NULL;
  gint64 bad = 0;
  guint64 n = 0;
  gboolean ok;

  if (!mk_cli_parse ("audit", "verify", _("Check the hash chain of the audit trail: an edited or deleted event is found."),
                     NULL, &argc, &argv, error))
    return 2;
  if (argc != 2 || !g_str_equal (argv[1], "verify"))
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("usage: mekenjai-cli audit verify"));
      return 2;
    }

  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;

  ok = mk_store_verify_audit (store, &bad, &n, error);

  if (mk_cli_json ())
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "valid");
      json_builder_add_boolean_value (b, ok);
      json_builder_set_member_name (b, "events");
      json_builder_add_int_value (b, (gint64) n);
      json_builder_set_member_name (b, "bad_event");
      if (ok)
        json_builder_add_null_value (b);
      else
        json_builder_add_int_value (b, bad);
      json_builder_end_object (b);
      mk_cli_print_json (json_builder_get_root (b));
    }
  else if (ok)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Audit trail intact: %llu event\n",
                          "Audit trail intact: %llu events\n", n), (unsigned long long) n);

  return ok ? 0 : 1;
}

const MkCliCommand mk_cli_command_audit = {
  "audit", "verify", N_("Verify the audit trail"), audit_run
};
