/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Users of the store (§14, §17): roles, offices and Argon2id password hashes. */
#define G_LOG_DOMAIN "mk-store"

#include "mk-store-private.h"
#include "mk-id.h"
#include "mk-sign.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#define USER_COLUMNS "id, login, full_name, position, phone, office_id, role, active, demo, cert_sha256, cert_name," \
                     " position_ru"

static MkUser *
user_from_row (MkDbStmt *stmt)
{
  MkUser *u = mk_user_new ();

  u->id = mk_db_column_int64 (stmt, 0);
  u->login = mk_store_column_text (stmt, 1);
  u->full_name = mk_store_column_text (stmt, 2);
  u->position.kk = mk_store_column_text (stmt, 3);
  u->position.ru = mk_store_column_text (stmt, 11);
  u->phone = mk_store_column_text (stmt, 4);
  u->office_id = mk_store_column_text (stmt, 5);
  if (!mk_role_from_id (mk_db_column_text (stmt, 6), &u->role))
    u->role = MK_ROLE_CENTER_INSPECTOR;
  u->active = mk_db_column_int64 (stmt, 7) != 0;
  u->demo = mk_db_column_int64 (stmt, 8) != 0;
  u->cert_sha256 = mk_store_column_text (stmt, 9);
  u->cert_name = mk_store_column_text (stmt, 10);
  return u;
}

guint
mk_store_count_users (MkStore *self)
{
  MkDbStmt *stmt;
  guint n = 0;

  g_return_val_if_fail (MK_IS_STORE (self), 0);

  stmt = mk_store_stmt (self, "SELECT count(*) FROM users", NULL);
  if (stmt == NULL)
    return 0;
  if (mk_db_step (stmt) == MK_DB_ROW)
    n = (guint) mk_db_column_int64 (stmt, 0);
  mk_db_reset (stmt);
  return n;
}

/* The actor must be a real, active user whose role the caller did not invent. */
gboolean
mk_store_check_actor (MkStore      *self,
                      const MkUser *actor,
                      GError      **error)
{
  MkDbStmt *stmt;
  gboolean ok = FALSE;
  MkRole role;

  if (actor == NULL)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION, _("No user is signed in"));
      return FALSE;
    }
  stmt = mk_store_stmt (self, "SELECT role, active FROM users WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  mk_db_bind_int64 (stmt, 1, actor->id);
  if (mk_db_step (stmt) == MK_DB_ROW
      && mk_role_from_id (mk_db_column_text (stmt, 0), &role)
      && role == actor->role && mk_db_column_int64 (stmt, 1) != 0)
    ok = TRUE;
  mk_db_reset (stmt);
  if (!ok)
    g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                 _("User “%s” is unknown, inactive or has another role"),
                 actor->login != NULL ? actor->login : "");
  return ok;
}

gint64
mk_store_find_user_id (MkStore     *self,
                       const char  *login,
                       GError     **error)
{
  MkDbStmt *stmt = mk_store_stmt (self, "SELECT id FROM users WHERE login = ?1", error);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  mk_store_bind_text (stmt, 1, login);
  if (mk_db_step (stmt) == MK_DB_ROW)
    id = mk_db_column_int64 (stmt, 0);
  mk_db_reset (stmt);
  return id;
}

static gboolean
validate_user (MkStore      *self,
               const MkUser *user,
               GError      **error)
{
  g_autoptr(MkOffice) office = NULL;

  if (user->login == NULL || user->login[0] == '\0'
      || strpbrk (user->login, " \t\r\n") != NULL)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                   _("Login: must not be empty nor contain spaces"));
      return FALSE;
    }
  if (user->full_name == NULL || user->full_name[0] == '\0')
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                   _("Full name: must not be empty (§17: the employee's name is shown)"));
      return FALSE;
    }
  if ((guint) user->role >= MK_ROLE_N_ROLES)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID, _("Role: unknown role"));
      return FALSE;
    }
  if (user->phone != NULL && user->phone[0] != '\0')
    {
      g_autoptr(GError) local = NULL;
      g_autofree char *phone = mk_phone_normalize (user->phone, &local);

      if (phone == NULL)
        {
          g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID, _("Phone: %s"), local->message);
          return FALSE;
        }
    }
  if (user->office_id != NULL)
    {
      office = mk_store_get_office (self, user->office_id, NULL);
      if (office == NULL)
        {
          g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                       _("Office: unknown office “%s”"), user->office_id);
          return FALSE;
        }
    }
  /* §14: the center's actors work at a center, the provider's at a provider. */
  if (user->role != MK_ROLE_ADMINISTRATOR)
    {
      gboolean center_role = user->role == MK_ROLE_CENTER_INSPECTOR
                             || user->role == MK_ROLE_ACCUMULATION_INSPECTOR;

      if (office == NULL || (office->kind == MK_ORG_CENTER) != center_role)
        {
          g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                       _("Office: a %s must belong to a %s"), mk_role_name (user->role),
                       center_role ? _("public service center") : _("provider"));
          return FALSE;
        }
    }
  return TRUE;
}

char *
mk_store_hash_password (const char  *password,
               GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (password == NULL || password[0] == '\0')
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID, _("Password: must not be empty"));
      return NULL;
    }
  if (crypto_pwhash_str (hash, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_FAILED,
                   _("Could not hash the password: out of memory"));
      return NULL;
    }
  return g_strdup (hash);
}

static char *
user_json (const MkUser *u)
{
  return mk_store_json_pairs ("login", u->login, "full_name", u->full_name,
                              "position", u->position.kk, "position_ru", u->position.ru, "phone", u->phone,
                              "office_id", u->office_id, "role", mk_role_to_id (u->role),
                              "active", u->active ? "true" : "false", NULL);
}

/* Binds @user as ?1 id, ?2 login, ?3 name, ?4 position in Kazakh, ?5 phone,
 * ?6 office, ?7 role, ?8 active, ?9 password hash, ?10 demo, ?11 position in
 * Russian, and runs @sql; a login is one
 * person's (§14), so a taken one gets its own error. */
static gboolean
write_user_row (MkStore       *self,
                const char    *sql,
                const MkUser  *user,
                const char    *hash,
                const char    *failure,
                GError       **error)
{
  MkDbStmt *stmt = mk_store_stmt (self, sql, error);
  /* #14: one form, +7 XXX XXX XX XX (validate_user() let only such numbers by). */
  g_autofree char *phone = user->phone != NULL && user->phone[0] != '\0'
                           ? mk_phone_normalize (user->phone, NULL) : NULL;
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  mk_db_bind_int64 (stmt, 1, user->id);
  mk_store_bind_text (stmt, 2, user->login);
  mk_store_bind_text (stmt, 3, user->full_name);
  mk_store_bind_text (stmt, 4, user->position.kk);
  mk_store_bind_text (stmt, 5, phone);
  mk_store_bind_text (stmt, 6, user->office_id);
  mk_store_bind_text (stmt, 7, mk_role_to_id (user->role));
  mk_db_bind_int64 (stmt, 8, user->active ? 1 : 0);
  mk_store_bind_text (stmt, 9, hash);
  mk_db_bind_int64 (stmt, 10, user->demo ? 1 : 0);
  mk_store_bind_text (stmt, 11, user->position.ru);
  ok = mk_db_step (stmt) == MK_DB_DONE;
  if (!ok && mk_db_status (self->db) == MK_DB_STATUS_DUPLICATE)
    g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_DUPLICATE,
                 _("Login “%s” is already taken"), user->login);
  else if (!ok)
    mk_store_set_sql_error (self, error, failure);
  mk_db_reset (stmt);
  return ok;
}

/* Inside the caller's write transaction; @hash already made (slow: outside it). */
gboolean
mk_store_add_user_in_transaction (MkStore      *self,
                                  const MkUser *actor,
                                  MkUser       *user,
                                  const char   *hash,
                                  GError      **error)
{
  g_autofree char *after = NULL;
  MkUser self_actor;

  g_assert (mk_db_in_transaction (self->db));

  if (!validate_user (self, user, error))
    return FALSE;
  /* Only an administrator adds users, except the very first one, who must be
   * an administrator so that somebody can manage the rest. */
  if (mk_store_count_users (self) == 0)
    {
      if (user->role != MK_ROLE_ADMINISTRATOR)
        {
          g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                       _("The first user must be an administrator"));
          return FALSE;
        }
    }
  else if (actor == NULL || actor->role != MK_ROLE_ADMINISTRATOR)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("Only an administrator may add users"));
      return FALSE;
    }
  else if (!mk_store_check_actor (self, actor, error))
    return FALSE;

  if (!write_user_row (self,
                       "INSERT INTO users (login, full_name, position, phone, office_id, role, active, demo,"
                       " password_hash, position_ru) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?10, ?9, ?11)",
                       user, hash, _("Could not add the user"), error))
    return FALSE;
  user->id = mk_db_last_insert_id (self->db);
  after = user_json (user);
  /* The first administrator records their own creation. */
  self_actor = actor != NULL ? *actor : *user;
  mk_store_audit_row (self, MK_AUDIT_USER, user->id);
  return mk_store_append_event (self, 0, mk_store_now (), &self_actor, "add-user",
                                NULL, NULL, NULL, after, NULL, error);
}

gboolean
mk_store_add_user (MkStore      *self,
                   const MkUser *actor,
                   MkUser       *user,
                   const char   *password,
                   GError      **error)
{
  g_autofree char *hash = NULL;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (user != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  hash = mk_store_hash_password (password, error);
  if (hash == NULL)
    return FALSE;

  if (!mk_store_begin (self, error))
    return FALSE;
  ok = mk_store_add_user_in_transaction (self, actor, user, hash, error);
  if (!mk_store_finish (self, ok, error))
    {
      user->id = 0;
      return FALSE;
    }
  return TRUE;
}

gboolean
mk_store_update_user (MkStore      *self,
                      const MkUser *actor,
                      const MkUser *user,
                      const char   *new_password,
                      GError      **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(MkUser) old = NULL;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (user != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (actor == NULL || actor->role != MK_ROLE_ADMINISTRATOR)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("Only an administrator may change users"));
      return FALSE;
    }
  if (!validate_user (self, user, error))
    return FALSE;
  if (new_password != NULL && (hash = mk_store_hash_password (new_password, error)) == NULL)
    return FALSE;

  if (!mk_store_begin (self, error))
    return FALSE;
  ok = mk_store_check_actor (self, actor, error);
  if (ok)
    {
      old = mk_store_get_user (self, user->id, error);
      ok = old != NULL;
    }
  if (ok)
    {
      ok = write_user_row (self,
        "UPDATE users SET login = ?2, full_name = ?3, position = ?4, phone = ?5, office_id = ?6,"
        " role = ?7, active = ?8, password_hash = coalesce (?9, password_hash), position_ru = ?11"
        " WHERE id = ?1",
        user, hash, _("Could not change the user"), error);
    }
  if (ok)
    {
      before = user_json (old);
      after = user_json (user);
      mk_store_audit_row (self, MK_AUDIT_USER, user->id);
      ok = mk_store_append_event (self, 0, mk_store_now (), actor,
                                  hash != NULL ? "update-user-password" : "update-user",
                                  NULL, NULL, before, after, NULL, error);
    }
  return mk_store_finish (self, ok, error);
}

gboolean
mk_store_set_user_certificate (MkStore      *self,
                               const MkUser *actor,
                               gint64        user_id,
                               GBytes       *certificate,
                               GError      **error)
{
  g_autoptr(MkSignCertificate) cert = NULL;
  g_autoptr(MkUser) user = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MkDbStmt *stmt;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (actor == NULL || actor->role != MK_ROLE_ADMINISTRATOR)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("Only an administrator registers signing certificates"));
      return FALSE;
    }
  if (certificate != NULL)
    {
      g_autoptr(GError) local = NULL;

      cert = mk_sign_certificate_read (certificate, &local);
      if (cert == NULL)
        {
          g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID, "%s", local->message);
          return FALSE;
        }
    }

  if (!mk_store_begin (self, error))
    return FALSE;
  ok = mk_store_check_actor (self, actor, error);
  if (ok)
    ok = (user = mk_store_get_user (self, user_id, error)) != NULL;
  /* §10 step 5: only the provider's head signs results. */
  if (ok && cert != NULL && user->role != MK_ROLE_PROVIDER_HEAD)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                   _("%s is a %s: only a provider’s head signs, so only a head has a signing certificate (§10 step 5)"),
                   user->login, mk_role_name (user->role));
      ok = FALSE;
    }
  if (ok)
    {
      stmt = mk_store_stmt (self,
        "UPDATE users SET cert_der = ?2, cert_sha256 = ?3, cert_name = ?4 WHERE id = ?1", error);
      ok = stmt != NULL;
      if (ok)
        {
          gsize size = 0;
          gconstpointer der = cert != NULL ? g_bytes_get_data (cert->der, &size) : NULL;

          mk_db_bind_int64 (stmt, 1, user_id);
          if (der != NULL)
            mk_db_bind_blob (stmt, 2, der, size);
          mk_store_bind_text (stmt, 3, cert != NULL ? cert->sha256 : NULL);
          mk_store_bind_text (stmt, 4, cert != NULL ? cert->common_name : NULL);
          ok = mk_store_step_done (self, stmt, error);
        }
    }
  if (ok)
    {
      before = mk_store_json_pairs ("login", user->login, "certificate", user->cert_sha256, NULL);
      after = mk_store_json_pairs ("login", user->login,
                                   "certificate", cert != NULL ? cert->sha256 : NULL,
                                   "name", cert != NULL ? cert->common_name : NULL,
                                   "issuer", cert != NULL ? cert->issuer_dn : NULL, NULL);
      mk_store_audit_row (self, MK_AUDIT_USER, user_id);
      ok = mk_store_append_event (self, 0, mk_store_now (), actor, "set-certificate",
                                  NULL, NULL, before, after, NULL, error);
    }
  return mk_store_finish (self, ok, error);
}

GPtrArray *
mk_store_list_users (MkStore  *self,
                     GError  **error)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_user_free);
  MkDbStmt *stmt;
  int rc;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);

  stmt = mk_store_stmt (self, "SELECT " USER_COLUMNS " FROM users ORDER BY login", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
    g_ptr_array_add (users, user_from_row (stmt));
  mk_db_reset (stmt);
  if (rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not read the users"));
      return NULL;
    }
  return g_steal_pointer (&users);
}

MkUser *
mk_store_get_user (MkStore  *self,
                   gint64    id,
                   GError  **error)
{
  MkDbStmt *stmt;
  MkUser *user = NULL;
  int rc;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);

  stmt = mk_store_stmt (self, "SELECT " USER_COLUMNS " FROM users WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  mk_db_bind_int64 (stmt, 1, id);
  rc = mk_db_step (stmt);
  if (rc == MK_DB_ROW)
    user = user_from_row (stmt);
  else if (rc == MK_DB_DONE)
    g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND,
                 _("No user with id %lld"), (long long) id);
  else
    mk_store_set_sql_error (self, error, _("Could not read the users"));
  mk_db_reset (stmt);
  return user;
}

MkUser *
mk_store_authenticate (MkStore     *self,
                       const char  *login,
                       const char  *password,
                       GError     **error)
{
  g_autoptr(MkUser) user = NULL;
  g_autofree char *hash = NULL;
  gboolean verified;
  MkDbStmt *stmt;
  int rc;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = mk_store_stmt (self, "SELECT " USER_COLUMNS ", password_hash FROM users WHERE login = ?1",
                        error);
  if (stmt == NULL)
    return NULL;
  mk_store_bind_text (stmt, 1, login != NULL ? login : "");
  rc = mk_db_step (stmt);
  if (rc == MK_DB_ROW)
    {
      user = user_from_row (stmt);
      hash = mk_store_column_text (stmt, 12);
    }
  mk_db_reset (stmt);
  if (rc != MK_DB_ROW && rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not read the users"));
      return NULL;
    }

  /* The same message whether the login or the password is wrong, and the
   * same time (#13): an unknown login is checked against a hash of the same
   * cost that nothing matches, so that logins cannot be found by timing. */
  {
    static const char no_user_hash[] =
      "$argon2id$v=19$m=65536,t=2,p=1$9SflZqvuP2C1q1e76pnchA$73aFDRPM+DqoG8egqTcCck2zeg7sOFI95FGJiOaJb10";
    const char *typed = password != NULL ? password : "";

    verified = crypto_pwhash_str_verify (hash != NULL ? hash : no_user_hash, typed, strlen (typed)) == 0;
  }
  if (user == NULL || !user->active || password == NULL || !verified)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_AUTH, _("Wrong login or password"));
      return NULL;
    }
  return g_steal_pointer (&user);
}
