/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mekenjai-cli users: the accounts, and the heads' signing certificates (§10 step 5). */

#include <glib/gi18n.h>
#include <string.h>

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

/* users add LOGIN: IT sets a server up from a terminal (#11), the first
 * administrator included, as the application's first start would. */
static char *add_name;
static char *add_role;
static char *add_office;
static char *add_position_kk;
static char *add_position_ru;
static char *add_phone;
static char *add_password_file;

static const GOptionEntry users_entries[] = {
  { "name", 0, 0, G_OPTION_ARG_STRING, &add_name, N_("add: the full name, surname first"), N_("NAME") },
  { "role", 0, 0, G_OPTION_ARG_STRING, &add_role,
    N_("add: administrator, center-inspector, accumulation-inspector, provider-head or provider-executor"),
    N_("ROLE") },
  { "office", 0, 0, G_OPTION_ARG_STRING, &add_office, N_("add: the office (c01…c30, p01…p18)"), N_("ID") },
  { "position-kk", 0, 0, G_OPTION_ARG_STRING, &add_position_kk, N_("add: the position in Kazakh"), N_("TEXT") },
  { "position-ru", 0, 0, G_OPTION_ARG_STRING, &add_position_ru, N_("add: the position in Russian"), N_("TEXT") },
  { "phone", 0, 0, G_OPTION_ARG_STRING, &add_phone, N_("add: the phone number"), N_("PHONE") },
  { "new-password-file", 0, 0, G_OPTION_ARG_FILENAME, &add_password_file,
    N_("add: read the new user’s password from this file instead of asking"), N_("FILE") },
  { NULL }
};

static int
add_user (const char  *login,
          GError     **error)
{
  g_autoptr(MkStore) store = NULL;
  g_autoptr(MkUser) actor = NULL;
  g_autoptr(MkUser) user = mk_user_new ();
  g_autofree char *prompt = NULL;
  g_autofree char *password = NULL;
  MkRole role;

  if (add_role == NULL || !mk_role_from_id (add_role, &role))
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   _("--role must be administrator, center-inspector, accumulation-inspector, provider-head or "
                     "provider-executor"));
      return 2;
    }
  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;
  /* The first user, an administrator, needs nobody; every later one an
   * administrator signed in (the store decides both). */
  if (mk_store_count_users (store) > 0)
    {
      actor = mk_cli_sign_in (store, error);
      if (actor == NULL)
        return 1;
    }
  user->login = g_strdup (login);
  user->full_name = g_strdup (add_name);
  user->role = role;
  user->office_id = g_strdup (add_office);
  user->position.kk = g_strdup (add_position_kk);
  user->position.ru = g_strdup (add_position_ru);
  if (add_phone != NULL && (user->phone = mk_phone_normalize (add_phone, error)) == NULL)
    return 2;
  user->active = TRUE;
  prompt = g_strdup_printf (_("Password for the new user %s: "), login);
  password = mk_cli_read_secret (add_password_file, prompt, error);
  if (password == NULL)
    return 1;
  if (!mk_store_add_user (store, actor, user, password, error))
    {
      explicit_bzero (password, strlen (password));
      return 1;
    }
  explicit_bzero (password, strlen (password));
  if (!mk_cli_json ())
    g_print (_("Added user %s (%s)\n"), login, mk_role_name (role));
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

  if (!mk_cli_parse ("users", "list | add LOGIN | set-certificate LOGIN CERT.pem | clear-certificate LOGIN",
                     _("List the users, add one (the first, an administrator, without signing in), or register "
                       "the signing certificate of a provider’s head (§10 step 5): the head signs only with the "
                       "key of that certificate."),
                     users_entries, &argc, &argv, error))
    return 2;
  if (argc == 2 && g_str_equal (argv[1], "list"))
    {
      store = mk_cli_open_store (error);
      return store != NULL ? list_users (store, error) : 1;
    }
  if (argc == 3 && g_str_equal (argv[1], "add"))
    return add_user (argv[2], error);
  set = argc == 4 && g_str_equal (argv[1], "set-certificate");
  if (!set && !(argc == 3 && g_str_equal (argv[1], "clear-certificate")))
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   _("users takes list, add LOGIN, set-certificate LOGIN CERT.pem or clear-certificate LOGIN"));
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
  "users", "list | add LOGIN | set-certificate LOGIN CERT", N_("List and add users; register a head’s signing certificate"), users_run
};
