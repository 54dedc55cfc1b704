/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sign-in: pick one of the active users, type the password. */

#define G_LOG_DOMAIN "mekenjai-ui"

#include <glib/gi18n-lib.h>

#include "mk-ui-util.h"
#include "mk-sign-in-dialog.h"

struct _MkSignInDialog
{
  GtkDialog        parent_instance;

  GtkComboBoxText *user_combo;
  GtkEntry        *password_entry;
  GtkRevealer     *error_revealer;
  GtkLabel        *error_label;
  GtkLabel        *office_label;

  MkContext       *context;
  MkUser          *user;
  gboolean         walking_users;   /* the arrow keys move in the user list */
};

G_DEFINE_FINAL_TYPE (MkSignInDialog, mk_sign_in_dialog, GTK_TYPE_DIALOG)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_error (MkSignInDialog *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
user_changed_cb (MkSignInDialog *self)
{
  show_error (self, NULL);
  /* A name chosen in the list's popup leads on to the password; the arrow
   * keys walk the list and keep the focus there, or a screen reader user
   * would be sent to the password after the first name (#14). */
  if (!self->walking_users)
    gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}

static void
users_walk_started_cb (MkSignInDialog *self)
{
  self->walking_users = TRUE;
}

static void
users_walk_ended_cb (MkSignInDialog *self)
{
  self->walking_users = FALSE;
}

static void
password_changed_cb (MkSignInDialog *self)
{
  gboolean ready = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->user_combo)) != NULL &&
                   gtk_entry_get_text_length (self->password_entry) > 0;

  gtk_dialog_set_response_sensitive (GTK_DIALOG (self), GTK_RESPONSE_OK, ready);
  if (gtk_entry_get_text_length (self->password_entry) > 0)
    show_error (self, NULL);
}

static gboolean
authenticate (MkSignInDialog *self)
{
  g_autoptr(GError) error = NULL;
  const char *login = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->user_combo));
  MkUser *user;

  if (login == NULL)
    {
      show_error (self, _("Choose your name in the list."));
      return FALSE;
    }

  user = mk_store_authenticate (mk_context_get_store (self->context), login,
                                gtk_entry_get_text (self->password_entry), &error);
  if (user == NULL)
    {
      if (g_error_matches (error, MK_STORE_ERROR, MK_STORE_ERROR_AUTH))
        show_error (self, _("Wrong password. Check the keyboard layout and Caps Lock, then try again."));
      else
        show_error (self, error->message);
      /* Never leave a wrong password for the next try. */
      gtk_entry_set_text (self->password_entry, "");
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      return FALSE;
    }

  g_clear_pointer (&self->user, mk_user_free);
  self->user = user;
  return TRUE;
}

/* Connected in init, so it runs before any handler the caller connects and
 * can stop the response on a wrong password. */
static void
response_cb (MkSignInDialog *self,
             int             response)
{
  if (response == GTK_RESPONSE_OK && !authenticate (self))
    g_signal_stop_emission_by_name (self, "response");
}

static void
fill_users (MkSignInDialog *self)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_login = NULL;
  g_autofree char *office_id = NULL;
  g_autoptr(MkOffice) office = NULL;
  GSettings *settings = mk_context_get_settings (self->context);

  /* A desk of one office (set by IT): only its staff and the administrators
   * are offered, which on an oblast's shared server is a short list. */
  if (settings != NULL)
    office_id = g_settings_get_string (settings, "office");
  if (office_id != NULL && office_id[0] != '\0')
    office = mk_store_get_office (mk_context_get_store (self->context), office_id, NULL);
  if (office != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("This computer: %s"), mk_text_get (&office->name));

      gtk_label_set_text (self->office_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->office_label), office != NULL);

  users = mk_store_list_users (mk_context_get_store (self->context), &error);
  if (users == NULL)
    {
      show_error (self, error->message);
      return;
    }

  for (guint i = 0; i < users->len; i++)
    {
      const MkUser *user = g_ptr_array_index (users, i);
      g_autofree char *label = NULL;
      const char *position;

      if (!user->active)
        continue;
      if (office != NULL && user->role != MK_ROLE_ADMINISTRATOR
          && g_strcmp0 (user->office_id, office->id) != 0)
        continue;
      /* §17: the name with the position; the login tells namesakes apart. */
      /* The position in the desk's language (Kazakh or Russian), the role's
       * name when none is written or the desk runs in English. */
      position = g_strcmp0 (mk_ui_language (), "en") != 0 ? mk_text_get_own (&user->position) : NULL;
      label = g_strdup_printf ("%s — %s (%s)", user->full_name,
                               position != NULL ? position : mk_role_name (user->role),
                               user->login);
      gtk_combo_box_text_append (self->user_combo, user->login, label);
    }

  if (settings != NULL)
    last_login = g_settings_get_string (settings, "last-login");
  if (last_login == NULL || !gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->user_combo), last_login))
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->user_combo), 0);
}

static void
mk_sign_in_dialog_constructed (GObject *object)
{
  MkSignInDialog *self = MK_SIGN_IN_DIALOG (object);

  G_OBJECT_CLASS (mk_sign_in_dialog_parent_class)->constructed (object);

  fill_users (self);
  password_changed_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}

static void
mk_sign_in_dialog_finalize (GObject *object)
{
  MkSignInDialog *self = MK_SIGN_IN_DIALOG (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->user, mk_user_free);

  G_OBJECT_CLASS (mk_sign_in_dialog_parent_class)->finalize (object);
}

static void
mk_sign_in_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MkSignInDialog *self = MK_SIGN_IN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mk_sign_in_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MkSignInDialog *self = MK_SIGN_IN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mk_sign_in_dialog_class_init (MkSignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mk_sign_in_dialog_constructed;
  object_class->finalize = mk_sign_in_dialog_finalize;
  object_class->get_property = mk_sign_in_dialog_get_property;
  object_class->set_property = mk_sign_in_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         MK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MkSignInDialog, user_combo);
  gtk_widget_class_bind_template_child (widget_class, MkSignInDialog, office_label);
  gtk_widget_class_bind_template_child (widget_class, MkSignInDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, MkSignInDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, MkSignInDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, user_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_changed_cb);
}

static void
mk_sign_in_dialog_init (MkSignInDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mk_ui_set_help_page (GTK_WINDOW (self), "index");
  g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
  /* "move-active" is the arrow keys' binding; the list changes inside it. */
  g_signal_connect_swapped (self->user_combo, "move-active", G_CALLBACK (users_walk_started_cb), self);
  g_signal_connect_data (self->user_combo, "move-active", G_CALLBACK (users_walk_ended_cb), self, NULL,
                         G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

GtkWidget *
mk_sign_in_dialog_new (MkContext *context)
{
  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);

  return g_object_new (MK_TYPE_SIGN_IN_DIALOG,
                       "context", context,
                       "use-header-bar", TRUE,
                       NULL);
}

const MkUser *
mk_sign_in_dialog_get_user (MkSignInDialog *self)
{
  g_return_val_if_fail (MK_IS_SIGN_IN_DIALOG (self), NULL);

  return self->user;
}

gboolean
mk_sign_in_dialog_sign_in (MkSignInDialog *self,
                           const char     *login,
                           const char     *password)
{
  gboolean accepted;

  g_return_val_if_fail (MK_IS_SIGN_IN_DIALOG (self), FALSE);
  g_return_val_if_fail (login != NULL && password != NULL, FALSE);

  if (!gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->user_combo), login))
    return FALSE;
  gtk_entry_set_text (self->password_entry, password);

  /* The response handler may destroy the dialog. */
  g_object_ref (self);
  g_clear_pointer (&self->user, mk_user_free);
  gtk_dialog_response (GTK_DIALOG (self), GTK_RESPONSE_OK);
  accepted = self->user != NULL;
  g_object_unref (self);

  return accepted;
}
