/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Adds or edits one user: name, position, office, role, login, password, and
 * a head's signing certificate (§10 step 5). */

#define G_LOG_DOMAIN "mekenjai-ui"

#include <glib/gi18n-lib.h>

#include "mk-ui-util.h"
#include "mk-user-editor.h"
#include "mk-sign.h"
#include "mk-file.h"

struct _MkUserEditor
{
  GtkDialog        parent_instance;

  GtkLabel        *intro_label;
  GtkEntry        *full_name_entry;
  GtkEntry        *position_entry;
  GtkEntry        *position_ru_entry;
  GtkEntry        *phone_entry;
  GtkComboBoxText *role_combo;
  GtkComboBoxText *office_combo;
  GtkEntry        *login_entry;
  GtkLabel        *password_label;
  GtkEntry        *password_entry;
  GtkEntry        *confirm_entry;
  GtkCheckButton  *active_check;
  GtkBox          *error_box;
  GtkLabel        *error_label;
  GtkLabel        *cert_label;
  GtkBox          *cert_box;
  GtkLabel        *cert_status;
  GtkButton       *cert_remove_button;

  MkContext       *context;
  MkUser          *user;        /* being edited, or NULL for a new one */
  gboolean         first_admin;
  /* The certificate chosen in this dialog, saved with the user; NULL with
   * cert_removed FALSE: keep the registered one. */
  GBytes          *cert;
  char            *cert_name;   /* @cert's common name */
  gboolean         cert_removed;
};

G_DEFINE_FINAL_TYPE (MkUserEditor, mk_user_editor, GTK_TYPE_DIALOG)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_USER,
  PROP_FIRST_ADMIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_error (MkUserEditor *self,
            const char   *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_box), message != NULL);
}

static void update_certificate (MkUserEditor *self);

/* A center's staff belong to a center office, a provider's to a district
 * department (§14); the administrator may belong to either or none. */
static void
role_changed_cb (MkUserEditor *self)
{
  g_autoptr(GPtrArray) providers = NULL;
  g_autoptr(GPtrArray) centers = NULL;
  g_autofree char *active = g_strdup (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->office_combo)));
  const char *role_id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->role_combo));
  MkStore *store = mk_context_get_store (self->context);
  MkRole role = MK_ROLE_ADMINISTRATOR;
  GPtrArray *lists[2];

  if (role_id != NULL)
    mk_role_from_id (role_id, &role);

  gtk_combo_box_text_remove_all (self->office_combo);
  if (role == MK_ROLE_ADMINISTRATOR)
    gtk_combo_box_text_append (self->office_combo, "", _("No office"));

  lists[0] = NULL;
  lists[1] = NULL;
  if (role != MK_ROLE_PROVIDER_HEAD && role != MK_ROLE_PROVIDER_EXECUTOR)
    lists[0] = centers = mk_store_list_offices (store, MK_ORG_CENTER, NULL);
  if (role != MK_ROLE_CENTER_INSPECTOR && role != MK_ROLE_ACCUMULATION_INSPECTOR)
    lists[1] = providers = mk_store_list_offices (store, MK_ORG_PROVIDER, NULL);

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; lists[l] != NULL && i < lists[l]->len; i++)
      {
        const MkOffice *office = g_ptr_array_index (lists[l], i);

        gtk_combo_box_text_append (self->office_combo, office->id, mk_text_get (&office->name));
      }

  if (active == NULL || !gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->office_combo), active))
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->office_combo), 0);
  update_certificate (self);
}

/* What is registered, or what will be on saving. */
static void
update_certificate (MkUserEditor *self)
{
  const char *role_id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->role_combo));
  gboolean head = g_strcmp0 (role_id, mk_role_to_id (MK_ROLE_PROVIDER_HEAD)) == 0;
  g_autofree char *text = NULL;
  gboolean has;

  /* §10 step 5: only the provider's head signs, so only a head has one. */
  gtk_widget_set_visible (GTK_WIDGET (self->cert_label), head && !self->first_admin);
  gtk_widget_set_visible (GTK_WIDGET (self->cert_box), head && !self->first_admin);
  if (self->cert != NULL)
    {
      text = g_strdup_printf (_("%s (registered on saving)"), self->cert_name != NULL ? self->cert_name : "?");
      has = TRUE;
    }
  else if (!self->cert_removed && self->user != NULL && self->user->cert_sha256 != NULL)
    {
      /* The start of the fingerprint, to compare with the issuer's papers. */
      text = g_strdup_printf (_("%s, SHA-256 %.16s…"),
                              self->user->cert_name != NULL ? self->user->cert_name : "",
                              self->user->cert_sha256);
      has = TRUE;
    }
  else
    {
      text = g_strdup (_("None: this head cannot sign"));
      has = FALSE;
    }
  gtk_label_set_text (self->cert_status, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->cert_status),
                               self->user != NULL && self->cert == NULL && !self->cert_removed
                               ? self->user->cert_sha256 : NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cert_remove_button), has);
}

static void
cert_choose_cb (MkUserEditor *self)
{
  g_autoptr(GtkFileChooserNative) chooser = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  chooser = gtk_file_chooser_native_new (_("The Head’s Signing Certificate"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Certificates (.pem, .crt, .cer, .der)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.cer");
  gtk_file_filter_add_pattern (filter, "*.der");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), g_object_ref (filter));
  if (gtk_native_dialog_run (GTK_NATIVE_DIALOG (chooser)) != GTK_RESPONSE_ACCEPT)
    return;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  mk_user_editor_set_certificate_file (self, file, &error);
  if (error != NULL)
    show_error (self, error->message);
}

static void
cert_remove_cb (MkUserEditor *self)
{
  g_clear_pointer (&self->cert, g_bytes_unref);
  self->cert_removed = TRUE;
  update_certificate (self);
}

gboolean
mk_user_editor_set_certificate_file (MkUserEditor  *self,
                                     GFile         *file,
                                     GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MkSignCertificate) cert = NULL;

  g_return_val_if_fail (MK_IS_USER_EDITOR (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  bytes = mk_file_read_gfile (file, MK_FILE_MAX_SMALL, NULL, error);
  if (bytes == NULL)
    return FALSE;
  /* Checked now, so that a wrong file is named before anything is saved. */
  cert = mk_sign_certificate_read (bytes, error);
  if (cert == NULL)
    return FALSE;
  g_clear_pointer (&self->cert, g_bytes_unref);
  self->cert = g_steal_pointer (&bytes);
  g_free (self->cert_name);
  self->cert_name = g_steal_pointer (&cert->common_name);
  self->cert_removed = FALSE;
  show_error (self, NULL);
  update_certificate (self);
  return TRUE;
}

static char *
entry_text (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_entry_get_text (entry)));
}

static gboolean
save (MkUserEditor *self)
{
  g_autoptr(MkUser) user = self->user != NULL ? mk_user_copy (self->user) : mk_user_new ();
  g_autoptr(GError) error = NULL;
  const char *password = gtk_entry_get_text (self->password_entry);
  const char *role_id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->role_combo));
  const char *office_id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->office_combo));
  MkStore *store = mk_context_get_store (self->context);
  const MkUser *actor = mk_context_get_user (self->context);
  gboolean ok;

  g_free (user->full_name);
  user->full_name = entry_text (self->full_name_entry);
  mk_text_clear (&user->position);
  user->position.kk = entry_text (self->position_entry);
  user->position.ru = entry_text (self->position_ru_entry);
  g_free (user->phone);
  user->phone = entry_text (self->phone_entry);
  if (user->phone[0] != '\0')
    {
      g_autofree char *phone = mk_phone_normalize (user->phone, &error);

      if (phone == NULL)
        {
          show_error (self, error->message);
          gtk_widget_grab_focus (GTK_WIDGET (self->phone_entry));
          return FALSE;
        }
      g_free (user->phone);
      user->phone = g_steal_pointer (&phone);
      gtk_entry_set_text (self->phone_entry, user->phone);
    }
  g_free (user->login);
  user->login = entry_text (self->login_entry);
  g_free (user->office_id);
  user->office_id = office_id != NULL && office_id[0] != '\0' ? g_strdup (office_id) : NULL;
  if (role_id == NULL || !mk_role_from_id (role_id, &user->role))
    {
      show_error (self, _("Choose the user’s role."));
      return FALSE;
    }
  user->active = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->active_check));

  if (user->full_name[0] == '\0')
    {
      show_error (self, _("Enter the user’s full name."));
      gtk_widget_grab_focus (GTK_WIDGET (self->full_name_entry));
      return FALSE;
    }
  if (user->login[0] == '\0')
    {
      show_error (self, _("Enter a login to sign in with."));
      gtk_widget_grab_focus (GTK_WIDGET (self->login_entry));
      return FALSE;
    }
  if (self->user == NULL && password[0] == '\0')
    {
      show_error (self, _("Enter a password."));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      return FALSE;
    }
  if (g_strcmp0 (password, gtk_entry_get_text (self->confirm_entry)) != 0)
    {
      show_error (self, _("The two passwords differ. Type the same password twice."));
      gtk_entry_set_text (self->confirm_entry, "");
      gtk_widget_grab_focus (GTK_WIDGET (self->confirm_entry));
      return FALSE;
    }

  if (self->user == NULL)
    ok = mk_store_add_user (store, self->first_admin ? NULL : actor, user, password, &error);
  else
    ok = mk_store_update_user (store, actor, user, password[0] != '\0' ? password : NULL, &error);
  if (!ok)
    {
      /* The store's messages are written for the user. */
      show_error (self, error->message);
      return FALSE;
    }
  /* A head's certificate is registered after the account exists (its own
   * transaction, audited); a refusal keeps the dialog open on the message. */
  if (user->role == MK_ROLE_PROVIDER_HEAD && (self->cert != NULL || self->cert_removed))
    {
      if (!mk_store_set_user_certificate (store, actor, user->id, self->cert, &error))
        {
          g_clear_pointer (&self->user, mk_user_free);
          self->user = g_steal_pointer (&user);
          show_error (self, error->message);
          return FALSE;
        }
      g_clear_pointer (&self->cert, g_bytes_unref);
      self->cert_removed = FALSE;
    }

  g_clear_pointer (&self->user, mk_user_free);
  self->user = g_steal_pointer (&user);
  return TRUE;
}

static void
response_cb (MkUserEditor *self,
             int           response)
{
  if (response == GTK_RESPONSE_OK && !save (self))
    g_signal_stop_emission_by_name (self, "response");
}

static void
mk_user_editor_constructed (GObject *object)
{
  MkUserEditor *self = MK_USER_EDITOR (object);

  G_OBJECT_CLASS (mk_user_editor_parent_class)->constructed (object);

  for (int role = 0; role < MK_ROLE_N_ROLES; role++)
    gtk_combo_box_text_append (self->role_combo, mk_role_to_id (role), mk_role_name (role));

  if (self->first_admin)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("The Organisation’s Administrator"));
      gtk_label_set_text (self->intro_label,
                          _("The administrator adds the other users, gives them their roles "
                            "and keeps the calendar of working days up to date."));
      gtk_widget_show (GTK_WIDGET (self->intro_label));
      gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->role_combo),
                                   mk_role_to_id (MK_ROLE_ADMINISTRATOR));
      gtk_widget_set_sensitive (GTK_WIDGET (self->role_combo), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->active_check), FALSE);
    }
  else if (self->user != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit User"));
      gtk_entry_set_text (self->full_name_entry, self->user->full_name ? self->user->full_name : "");
      gtk_entry_set_text (self->position_entry, self->user->position.kk ? self->user->position.kk : "");
      gtk_entry_set_text (self->position_ru_entry, self->user->position.ru ? self->user->position.ru : "");
      gtk_entry_set_text (self->phone_entry, self->user->phone ? self->user->phone : "");
      gtk_entry_set_text (self->login_entry, self->user->login ? self->user->login : "");
      gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->role_combo), mk_role_to_id (self->user->role));
      gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->office_combo),
                                   self->user->office_id ? self->user->office_id : "");
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->active_check), self->user->active);
      /* Resetting the password is optional when editing. */
      gtk_label_set_text_with_mnemonic (self->password_label, _("New _password"));
      gtk_entry_set_placeholder_text (self->password_entry, _("Leave empty to keep"));
    }
  else
    {
      GSettings *settings = mk_context_get_settings (self->context);
      g_autofree char *office_id = settings != NULL ? g_settings_get_string (settings, "office") : NULL;
      g_autoptr(MkOffice) office = NULL;
      MkRole role = MK_ROLE_CENTER_INSPECTOR;

      gtk_window_set_title (GTK_WINDOW (self), _("New User"));
      /* A new user of this desk's office, with a role that office has (§14). */
      if (office_id != NULL && office_id[0] != '\0')
        office = mk_store_get_office (mk_context_get_store (self->context), office_id, NULL);
      if (office != NULL && office->kind == MK_ORG_PROVIDER)
        role = MK_ROLE_PROVIDER_EXECUTOR;
      gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->role_combo), mk_role_to_id (role));
      role_changed_cb (self);
      if (office != NULL)
        gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->office_combo), office->id);
    }

  role_changed_cb (self);
  if (self->user != NULL)
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->office_combo),
                                 self->user->office_id ? self->user->office_id : "");
}

static void
mk_user_editor_finalize (GObject *object)
{
  MkUserEditor *self = MK_USER_EDITOR (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->user, mk_user_free);
  g_clear_pointer (&self->cert, g_bytes_unref);
  g_free (self->cert_name);

  G_OBJECT_CLASS (mk_user_editor_parent_class)->finalize (object);
}

static void
mk_user_editor_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MkUserEditor *self = MK_USER_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_USER:
      g_value_set_pointer (value, self->user);
      break;
    case PROP_FIRST_ADMIN:
      g_value_set_boolean (value, self->first_admin);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mk_user_editor_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MkUserEditor *self = MK_USER_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_USER:
      if (g_value_get_pointer (value) != NULL)
        self->user = mk_user_copy (g_value_get_pointer (value));
      break;
    case PROP_FIRST_ADMIN:
      self->first_admin = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mk_user_editor_class_init (MkUserEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mk_user_editor_constructed;
  object_class->finalize = mk_user_editor_finalize;
  object_class->get_property = mk_user_editor_get_property;
  object_class->set_property = mk_user_editor_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         MK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);
  /* An MkUser*, copied. */
  properties[PROP_USER] =
    g_param_spec_pointer ("user", NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS);
  properties[PROP_FIRST_ADMIN] =
    g_param_spec_boolean ("first-admin", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-user-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, MkUserEditor, intro_label);
  gtk_widget_class_bind_template_child (widget_class, MkUserEditor, full_name_entry);
  gtk_widget_class_bind_template_child (widget_class, MkUserEditor, position_entry);
  gtk_widget_class_bind_template_child (widget_class, MkUserEditor, position_ru_entry);
  gtk_widget_class_bind_template_child (widget_class, MkUserEditor, phone_entry);
  gtk_widget_class_bind_template_child (widget_class, MkUserEditor, role_combo);
  gtk_widget_class_bind_template_child (widget_class, MkUserEditor, office_combo);
  gtk_widget_class_bind_template_child (widget_class, MkUserEditor, login_entry);
  gtk_widget_class_bind_template_child (widget_class, MkUserEditor, password_label);
  gtk_widget_class_bind_template_child (widget_class, MkUserEditor, password_entry);
  gtk_widget_class_bind_template_child (widget_class, MkUserEditor, confirm_entry);
  gtk_widget_class_bind_template_child (widget_class, MkUserEditor, active_check);
  gtk_widget_class_bind_template_child (widget_class, MkUserEditor, error_box);
  gtk_widget_class_bind_template_child (widget_class, MkUserEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, MkUserEditor, cert_label);
  gtk_widget_class_bind_template_child (widget_class, MkUserEditor, cert_box);
  gtk_widget_class_bind_template_child (widget_class, MkUserEditor, cert_status);
  gtk_widget_class_bind_template_child (widget_class, MkUserEditor, cert_remove_button);
  gtk_widget_class_bind_template_callback (widget_class, role_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cert_choose_cb);
  gtk_widget_class_bind_template_callback (widget_class, cert_remove_cb);
}

static void
mk_user_editor_init (MkUserEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mk_ui_phone_entry_setup (self->phone_entry);
  mk_ui_set_help_page (GTK_WINDOW (self), "users");
  g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
}

GtkWidget *
mk_user_editor_new (MkContext    *context,
                    GtkWindow    *parent,
                    const MkUser *user,
                    gboolean      first_admin)
{
  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (MK_TYPE_USER_EDITOR,
                       "context", context,
                       "transient-for", parent,
                       "user", user,
                       "first-admin", first_admin,
                       "use-header-bar", TRUE,
                       NULL);
}

const MkUser *
mk_user_editor_get_user (MkUserEditor *self)
{
  g_return_val_if_fail (MK_IS_USER_EDITOR (self), NULL);

  return self->user;
}
