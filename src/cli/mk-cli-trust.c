/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mekenjai-cli trust: the certification centers whose certificates the head
 * may sign with (§10 step 5), installed by an administrator. */

#include <glib/gi18n.h>

#include "mk-cli.h"
#include "mk-file.h"
#include "mk-sign.h"

static char *
format_day (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d") : g_strdup ("?");
}

static int
list_anchors (MkStore  *store,
              GError  **error)
{
  g_autoptr(GPtrArray) anchors = mk_store_list_trust_anchors (store, error);
  g_autoptr(JsonBuilder) b = NULL;

  if (anchors == NULL)
    return 1;
  if (mk_cli_json ())
    {
      b = json_builder_new ();
      json_builder_begin_array (b);
    }
  else if (anchors->len == 0)
    g_print (_("No certification center is trusted yet: the head’s signatures are checked against the registered certificates only.\n"));
  for (guint i = 0; i < anchors->len; i++)
    {
      const MkSignCertificate *a = g_ptr_array_index (anchors, i);
      g_autofree char *until = format_day (a->not_after);

      if (b != NULL)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "sha256");
          json_builder_add_string_value (b, a->sha256);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, a->common_name != NULL ? a->common_name : "");
          json_builder_set_member_name (b, "subject");
          json_builder_add_string_value (b, a->subject_dn != NULL ? a->subject_dn : "");
          json_builder_set_member_name (b, "valid_until");
          json_builder_add_string_value (b, until);
          json_builder_end_object (b);
          continue;
        }
      /* TRANSLATORS: a trusted root: its name, the day its validity ends, its SHA-256 */
      g_print (_("%s, valid until %s\n  SHA-256 %s\n"), a->common_name != NULL ? a->common_name : a->subject_dn,
               until, a->sha256);
    }
  if (b != NULL)
    {
      json_builder_end_array (b);
      mk_cli_print_json (json_builder_get_root (b));
    }
  return 0;
}

static int
trust_run (int      argc,
           char   **argv,
           GError **error)
{
  g_autoptr(MkStore) store = NULL;
  g_autoptr(MkUser) actor = NULL;
  g_autoptr(GBytes) data = NULL;
  gboolean add, remove;

  if (!mk_cli_parse ("trust", "list | add CERT.pem | remove SHA256",
                     _("List, install or remove the certification centers whose certificates the head may sign "
                       "with (§10 step 5): their root certificates, such as the national certification center’s. "
                       "Once one is installed, signing with a certificate that does not lead to one is refused, "
                       "and a check of a document says which center issued its signature."),
                     NULL, &argc, &argv, error))
    return 2;
  if (argc == 2 && g_str_equal (argv[1], "list"))
    {
      store = mk_cli_open_store (error);
      return store != NULL ? list_anchors (store, error) : 1;
    }
  add = argc == 3 && g_str_equal (argv[1], "add");
  remove = argc == 3 && g_str_equal (argv[1], "remove");
  if (!add && !remove)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   _("trust takes list, add CERT.pem or remove SHA256"));
      return 2;
    }
  if (add)
    {
      data = mk_file_read (argv[2], MK_FILE_MAX_SMALL, error);
      if (data == NULL)
        return 1;
    }
  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;
  actor = mk_cli_sign_in (store, error);
  if (actor == NULL)
    return 1;
  if (add)
    {
      g_autoptr(GError) local = NULL;
      guint n = mk_store_add_trust_anchors (store, actor, data, &local);

      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return 1;
        }
      if (!mk_cli_json ())
        {
          if (n == 0)
            g_print (_("Every certificate of the file was trusted already\n"));
          else
            g_print (ngettext ("Installed %u trusted certification center\n",
                               "Installed %u trusted certification centers\n", n), n);
        }
      return 0;
    }
  if (!mk_store_remove_trust_anchor (store, actor, argv[2], error))
    return 1;
  if (!mk_cli_json ())
    g_print (_("Removed the trusted certification center %s\n"), argv[2]);
  return 0;
}

const MkCliCommand mk_cli_command_trust = {
  "trust", "list | add CERT | remove SHA256", N_("Install the certification centers the head’s certificate must come from"),
  trust_run
};
