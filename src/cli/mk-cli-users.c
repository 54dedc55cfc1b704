/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mekenjai-cli users: the accounts, and the heads' signing certificates (§10 step 5). */

#include <glib/gi18n.h>

#include "mk-cli.h"
#include "mk-file.h"

static int
list_users (MkStore  *store,
            GError  **error)
{
  g_autoptr(GPtrArray) users = mk_store_list_users (store, error);
  g_autoptr(JsonBuilder) b = NULL;

  if (users == NULL)
    return 1;
  if (mk_cli_json ())
    {
      b = json_builder_new ();
      json_builder_begin_array (b);
    }
  for (guint i = 0; i < users->len; i++)
    {
      MkUser *u = g_ptr_array_index (users, i);

      if (b != NULL)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "login");
          json_builder_add_string_value (b, u->login);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, u->full_name != NULL ? u->full_name : "");
          json_builder_set_member_name (b, "role");
          json_builder_add_string_value (b, mk_role_to_id (u->role));
          json_builder_set_member_name (b, "office");
          json_builder_add_string_value (b, u->office_id != NULL ? u->office_id : "");
          json_builder_set_member_name (b, "active");
          json_builder_add_boolean_value (b, u->active);
          json_builder_set_member_name (b, "certificate");
          if (u->cert_sha256 != NULL)
            json_builder_add_string_value (b, u->cert_sha256);
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
          continue;
        }
      g_print ("%-14s %-32s %-28s %-5s %s%s\n", u->login, u->full_name != NULL ? u->full_name : "",
               mk_role_name (u->role), u->office_id != NULL ? u->office_id : "",
               u->active ? "" : _("(inactive) "),
               u->cert_name != NULL ? u->cert_name : "");
    }
  if (b != NULL)
    {
      json_builder_end_array (b);
      mk_cli_print_json (json_builder_get_root (b));
    }
  return 0;
}

static int
users_run (int      argc,
           char   **argv,
           GError **error)
{
  g_autoptr(MkStore) store = NULL;
  g_autoptr(MkUser) actor = NULL;
  g_autoptr(GBytes) certificate = NULL;
  const char *login;
  gint64 user_id;
  gboolean set;

  if (!mk_cli_parse ("users", "list | set-certificate LOGIN CERT.pem | clear-certificate LOGIN",
                     _("List the users, or register the signing certificate of a provider’s head (§10 step 5): "
                       "the head signs only with the key of that certificate."),
                     NULL, &argc, &argv, error))
    return 2;
  if (argc == 2 && g_str_equal (argv[1], "list"))
    {
      store = mk_cli_open_store (error);
      return store != NULL ? list_users (store, error) : 1;
    }
  set = argc == 4 && g_str_equal (argv[1], "set-certificate");
  if (!set && !(argc == 3 && g_str_equal (argv[1], "clear-certificate")))
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   _("users takes list, set-certificate LOGIN CERT.pem or clear-certificate LOGIN"));
      return 2;
    }

  if (set)
    {
      certificate = mk_file_read (argv[3], MK_FILE_MAX_SMALL, error);
      if (certificate == NULL)
        return 1;
    }
  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;
  actor = mk_cli_sign_in (store, error);
  if (actor == NULL)
    return 1;
  login = argv[2];
  user_id = mk_store_find_user_id (store, login, error);
  if (user_id == 0)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_FAILED, _("No user “%s”"), login);
      return 1;
    }
  if (!mk_store_set_user_certificate (store, actor, user_id, certificate, error))
    return 1;

  if (!mk_cli_json ())
    {
      g_autoptr(MkUser) now = mk_store_get_user (store, user_id, NULL);

      if (set && now != NULL)
        g_print (_("Registered the signing certificate of %s: %s (SHA-256 %s)\n"),
                 login, now->cert_name != NULL ? now->cert_name : "", now->cert_sha256);
      else
        g_print (_("Removed the signing certificate of %s: the head cannot sign until a new one is registered\n"),
                 login);
    }
  return 0;
}

const MkCliCommand mk_cli_command_users = {
  "users", "list | set-certificate LOGIN CERT", N_("List users; register a head’s signing certificate"), users_run
};
