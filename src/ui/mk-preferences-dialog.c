/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences: language of the interface, copies of the receipt, largest
 * attachment, and where the cases are kept (this computer or the department's server). */

#define G_LOG_DOMAIN "mekenjai-ui"

#include <glib/gi18n-lib.h>

#include "mk-ui-util.h"
#include "mk-application.h"
#include "mk-preferences-dialog.h"

struct _MkPreferencesDialog
{
  GtkDialog        parent_instance;

  GtkComboBoxText *language_combo;
  GtkSpinButton   *copies_spin;
  GtkSpinButton   *max_size_spin;
  GtkRadioButton  *local_radio;
  GtkRadioButton  *server_radio;
  GtkGrid         *server_grid;
  GtkEntry        *host_entry;
  GtkSpinButton   *port_spin;
  GtkEntry        *database_entry;
  GtkEntry        *user_entry;
  GtkComboBoxText *tls_combo;

  MkContext       *context;
};

G_DEFINE_FINAL_TYPE (MkPreferencesDialog, mk_preferences_dialog, GTK_TYPE_DIALOG)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
restart_response_cb (GtkDialog *dialog,
                     int        response,
                     gpointer   user_data)
{
  gtk_widget_destroy (GTK_WIDGET (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    mk_application_request_restart (MK_APPLICATION (g_application_get_default ()));
}

/* Offers to restart now; a change of language or of database takes effect
 * only at a fresh start. */
static void
ask_restart (MkPreferencesDialog *self,
             const char          *question,
             const char          *detail,
             int                  default_response)
{
  GtkWidget *dialog;

  if (!MK_IS_APPLICATION (g_application_get_default ()))
    return;
  dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s", question);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", detail);
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          _("_Later"), GTK_RESPONSE_CANCEL,
                          _("_Restart Now"), GTK_RESPONSE_ACCEPT,
                          NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), default_response);
  g_signal_connect (dialog, "response", G_CALLBACK (restart_response_cb), NULL);
  gtk_widget_show (dialog);
}

/* Every label of every window is translated when it is built, so a new
 * language needs a fresh start; we offer to restart at once. */
static void
language_changed_cb (MkPreferencesDialog *self)
{
  ask_restart (self, _("Restart Mekenjai now to use the new language?"),
               _("You will need to sign in again. Work in progress "
                 "at the intake is kept as a draft."), GTK_RESPONSE_ACCEPT);
}

static gboolean
is_server_get (GValue   *value,
               GVariant *variant,
               gpointer  user_data)
{
  g_value_set_boolean (value, g_strcmp0 (g_variant_get_string (variant, NULL), "server") == 0);
  return TRUE;
}

static GVariant *
is_server_set (const GValue       *value,
               const GVariantType *type,
               gpointer            user_data)
{
  return g_variant_new_string (g_value_get_boolean (value) ? "server" : "local");
}

/* Later, by default: the server's details may still be to fill in. */
static void
database_changed_cb (MkPreferencesDialog *self)
{
  ask_restart (self, _("Restart Mekenjai now to open the other database?"),
               _("You will need to sign in again. Fill in the server’s details "
                 "first; the change takes effect at the next start."), GTK_RESPONSE_CANCEL);
}

static void
mk_preferences_dialog_constructed (GObject *object)
{
  MkPreferencesDialog *self = MK_PREFERENCES_DIALOG (object);
  GSettings *settings = mk_context_get_settings (self->context);

  G_OBJECT_CLASS (mk_preferences_dialog_parent_class)->constructed (object);

  if (settings == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->language_combo), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->copies_spin), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->max_size_spin), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->local_radio), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->server_radio), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->server_grid), FALSE);
      return;
    }

  g_settings_bind (settings, "language", self->language_combo, "active-id", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "print-copies-receipt", self->copies_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "attachment-max-megabytes", self->max_size_spin, "value", G_SETTINGS_BIND_DEFAULT);
  /* The local radio follows by itself: the two are one group. */
  g_settings_bind_with_mapping (settings, "database", self->server_radio, "active", G_SETTINGS_BIND_DEFAULT,
                                is_server_get, is_server_set, NULL, NULL);
  if (!gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->server_radio)))
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->local_radio), TRUE);
  g_object_bind_property (self->server_radio, "active", self->server_grid, "sensitive", G_BINDING_SYNC_CREATE);
  g_settings_bind (settings, "server-host", self->host_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "server-port", self->port_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "server-database", self->database_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "server-user", self->user_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "server-tls", self->tls_combo, "active-id", G_SETTINGS_BIND_DEFAULT);
  /* Connected after the binding set the current value, so only a change by the user asks. */
  g_signal_connect_object (self->language_combo, "changed",
                           G_CALLBACK (language_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->server_radio, "toggled",
                           G_CALLBACK (database_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
mk_preferences_dialog_finalize (GObject *object)
{
  MkPreferencesDialog *self = MK_PREFERENCES_DIALOG (object);

  g_clear_object (&self->context);

  G_OBJECT_CLASS (mk_preferences_dialog_parent_class)->finalize (object);
}

static void
mk_preferences_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  MkPreferencesDialog *self = MK_PREFERENCES_DIALOG (object);

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
mk_preferences_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  MkPreferencesDialog *self = MK_PREFERENCES_DIALOG (object);

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
mk_preferences_dialog_class_init (MkPreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mk_preferences_dialog_constructed;
  object_class->finalize = mk_preferences_dialog_finalize;
  object_class->get_property = mk_preferences_dialog_get_property;
  object_class->set_property = mk_preferences_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         MK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MkPreferencesDialog, language_combo);
  gtk_widget_class_bind_template_child (widget_class, MkPreferencesDialog, copies_spin);
  gtk_widget_class_bind_template_child (widget_class, MkPreferencesDialog, max_size_spin);
  gtk_widget_class_bind_template_child (widget_class, MkPreferencesDialog, local_radio);
  gtk_widget_class_bind_template_child (widget_class, MkPreferencesDialog, server_radio);
  gtk_widget_class_bind_template_child (widget_class, MkPreferencesDialog, server_grid);
  gtk_widget_class_bind_template_child (widget_class, MkPreferencesDialog, host_entry);
  gtk_widget_class_bind_template_child (widget_class, MkPreferencesDialog, port_spin);
  gtk_widget_class_bind_template_child (widget_class, MkPreferencesDialog, database_entry);
  gtk_widget_class_bind_template_child (widget_class, MkPreferencesDialog, user_entry);
  gtk_widget_class_bind_template_child (widget_class, MkPreferencesDialog, tls_combo);
}

static void
mk_preferences_dialog_init (MkPreferencesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mk_ui_set_help_page (GTK_WINDOW (self), "preferences");
  /* Escape and the close button both end here. */
  g_signal_connect (self, "response", G_CALLBACK (gtk_widget_destroy), NULL);
}

GtkWidget *
mk_preferences_dialog_new (MkContext *context,
                           GtkWindow *parent)
{
  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (MK_TYPE_PREFERENCES_DIALOG,
                       "context", context,
                       "transient-for", parent,
                       "use-header-bar", TRUE,
                       NULL);
}
