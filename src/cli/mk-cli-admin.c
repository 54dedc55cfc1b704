/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mekenjai-cli commands for administrators: init, migrate, backup, restore, audit verify. */

#include <glib/gi18n.h>
#include <inttypes.h>

#include "mk-cli.h"

static gboolean opt_force;

/* #13: a backup whose audit trail is broken is refused, unless the
 * administrator takes it all the same; the restored trail records that. */
static const GOptionEntry restore_entries[] = {
  { "force", 0, 0, G_OPTION_ARG_NONE, &opt_force,
    N_("Restore a backup whose audit trail is broken (recorded in the restored audit trail)"), NULL },
  { NULL }
};

static int
one_file_command (const char   *name,
                  const char   *summary,
                  int           argc,
                  char        **argv,
                  gboolean      backup,
                  GError      **error)
{
  g_autoptr(MkStore) store = NULL;
  g_autoptr(MkUser) actor = NULL;
  gboolean ok;

  if (!mk_cli_parse (name, "FILE", summary, backup ? NULL : restore_entries, &argc, &argv, error))
    return 2;
  if (argc != 2)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("%s takes one file"), name);
      return 2;
    }

  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;
  /* An administrator signs in, except to restore into a database that has no
   * user yet (a new installation). */
  if (backup || mk_store_count_users (store) > 0)
    {
      actor = mk_cli_sign_in (store, error);
      if (actor == NULL)
        return 1;
    }
  if (backup)
    ok = mk_store_backup (store, actor, argv[1], error);
  else
    ok = mk_store_restore (store, actor, argv[1],
                           opt_force ? MK_STORE_RESTORE_FORCE : MK_STORE_RESTORE_CHECKED, error);
  if (!ok)
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
                           _("Copy the database to FILE while it is in use: an SQLite file, from a server too, "
                             "that restore accepts on either kind of database."),
                           argc, argv, TRUE, error);
}

const MkCliCommand mk_cli_command_backup = {
  "backup", "FILE", N_("Back up the database"), backup_run
};

static char *opt_app_role;

static const GOptionEntry init_entries[] = {
  { "app-role", 0, 0, G_OPTION_ARG_STRING, &opt_app_role,
    N_("Let this database role read and write the data (and only add to the audit trail)"), N_("ROLE") },
  { NULL }
};

static int
init_run (int      argc,
          char   **argv,
          GError **error)
{
  g_autofree char *path = NULL;
  g_autoptr(MkStore) store = NULL;

  if (!mk_cli_parse ("init", NULL,
                     _("Create Mekenjai’s tables in an empty database (run with a role that may create them), "
                       "or bring an older schema up to date."),
                     init_entries, &argc, &argv, error))
    return 2;
  if (argc != 1)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("%s takes no arguments"), "init");
      return 2;
    }
  path = mk_cli_database_location ();
  store = mk_store_initialize (path, error);
  if (store == NULL)
    return 1;
  if (opt_app_role != NULL && !mk_store_grant_app_role (store, opt_app_role, error))
    return 1;
  if (!mk_cli_json ())
    {
      g_print (_("The database %s is ready (schema %d)\n"), mk_store_get_display_name (store),
               mk_store_get_schema_version (store));
      if (opt_app_role != NULL)
        g_print (_("The role %s may now work with it\n"), opt_app_role);
    }
  return 0;
}

const MkCliCommand mk_cli_command_init = {
  "init", "", N_("Create the tables of a new database"), init_run
};

static char *opt_to;

static const GOptionEntry migrate_entries[] = {
  { "to", 0, 0, G_OPTION_ARG_STRING, &opt_to, N_("The empty database to copy into"), N_("FILE|URI") },
  { NULL }
};

static void
print_progress (const char *table,
                guint64     n_rows,
                gpointer    user_data)
{
  /* On stderr, so that --json output stays one document. */
  g_printerr (_("%s: %" PRIu64 " rows\n"), table, n_rows);
}

static int
migrate_run (int      argc,
             char   **argv,
             GError **error)
{
  g_autoptr(MkStore) store = NULL;

  if (!mk_cli_parse ("migrate", "--to FILE|URI",
                     _("Copy the whole database (cases, attachments, signed documents, users, drafts, the audit "
                       "trail, calendar and regulation) into an empty database on either engine, and check the copy."),
                     migrate_entries, &argc, &argv, error))
    return 2;
  if (argc != 1 || opt_to == NULL)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("Give the database to copy into with --to"));
      return 2;
    }
  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;
  if (!mk_store_migrate_to (store, opt_to, print_progress, NULL, error))
    return 1;
  if (!mk_cli_json ())
    g_print (_("Copied %s into %s and checked the copy\n"), mk_store_get_display_name (store), opt_to);
  return 0;
}

const MkCliCommand mk_cli_command_migrate = {
  "migrate", "--to FILE|URI", N_("Copy the database into another one"), migrate_run
};

static int
restore_run (int      argc,
             char   **argv,
             GError **error)
{
  return one_file_command ("restore",
                           _("Replace the database with a backup, checked as a whole first: a file that is not a whole "
                             "Mekenjai database, or whose audit trail is broken, is refused and the database is "
                             "left as it was."),
                           argc, argv, FALSE, error);
}

const MkCliCommand mk_cli_command_restore = {
  "restore", "FILE", N_("Restore the database from a backup"), restore_run
};

static char *opt_against;

/* #13: a chain rewritten inside the database is still whole; only a head
 * kept outside it (a backup, a printed register) shows that it was. */
static const GOptionEntry audit_entries[] = {
  { "against", 0, 0, G_OPTION_ARG_FILENAME, &opt_against,
    N_("Also prove that the audit trail extends the one in BACKUP (a file `backup` wrote)"), N_("BACKUP") },
  { NULL }
};

/* Whether the chain holds the backup's head where the backup had it. */
static gboolean
check_against (MkStore     *store,
               const char  *backup,
               char       **proof,
               GError     **error)
{
  g_autoptr(MkAuditReport) report = mk_store_check_audit (store, backup, error);

  if (report == NULL)
    return FALSE;
  if (report->extends_backup)
    {
      /* Translators: "It extends the audit trail of backup.db: its 812 events, the last 5f3a…" */
      *proof = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "It extends the audit trail of %s: its %llu event, the last %s, are here unchanged\n",
                                             "It extends the audit trail of %s: its %llu events, the last %s, are here unchanged\n",
                                             report->backup_events),
                                backup, (unsigned long long) report->backup_events, report->backup_digest);
      return TRUE;
    }
  if (report->here_digest == NULL)
    g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_FAILED,
                 _("The audit trail does not extend the one in %s: the backup has %llu events, this database only %llu; events were deleted since the backup"),
                 backup, (unsigned long long) report->backup_events, (unsigned long long) report->n_events);
  else
    g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_FAILED,
                 _("The audit trail does not extend the one in %s: its event %llu was %s in the backup and is %s here; the trail was rewritten since the backup"),
                 backup, (unsigned long long) report->backup_events, report->backup_digest, report->here_digest);
  return FALSE;
}

static int
audit_run (int      argc,
           char   **argv,
           GError **error)
{
  g_autoptr(MkStore) store = NULL;
  g_autofree char *proof = NULL;
  gint64 bad = 0;
  guint64 n = 0;
  gboolean ok;

  if (!mk_cli_parse ("audit", "verify",
                     _("Check the hash chain of the audit trail and the rows of cases, users and attachments it covers: an edited or deleted event or row is found. With --against, also prove that the trail extends the one in a backup, so that a trail rewritten and chained anew is found too."),
                     audit_entries, &argc, &argv, error))
    return 2;
  if (argc != 2 || !g_str_equal (argv[1], "verify"))
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("usage: mekenjai-cli audit verify [--against BACKUP]"));
      return 2;
    }

  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;

  ok = mk_store_verify_audit (store, &bad, &n, error);
  if (ok && opt_against != NULL && !check_against (store, opt_against, &proof, error))
    return 1;

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
      if (opt_against != NULL)
        {
          json_builder_set_member_name (b, "extends_backup");
          json_builder_add_boolean_value (b, ok && proof != NULL);
        }
      json_builder_end_object (b);
      mk_cli_print_json (json_builder_get_root (b));
    }
  else if (ok)
    {
      g_print (g_dngettext (GETTEXT_PACKAGE, "Audit trail intact: %llu event\n",
                            "Audit trail intact: %llu events\n", n), (unsigned long long) n);
      if (proof != NULL)
        g_print ("%s", proof);
    }

  return ok ? 0 : 1;
}

const MkCliCommand mk_cli_command_audit = {
  "audit", "verify", N_("Verify the audit trail"), audit_run
};
