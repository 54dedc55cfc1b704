/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The department server asks for the password of the app's database role:
 * typed here, kept (if wished) in the desktop keyring, never in the settings. */

#define G_LOG_DOMAIN "mekenjai-ui"

#include <glib/gi18n-lib.h>

#include "mk-ui-util.h"
#include "mk-server-password-dialog.h"

struct _MkServerPasswordDialog
{
  GtkDialog       parent_instance;

  GtkLabel       *prompt_label;
  GtkLabel       *error_label;
  GtkEntry       *password_entry;
  GtkCheckButton *remember_check;
};

G_DEFINE_FINAL_TYPE (MkServerPasswordDialog, mk_server_password_dialog, GTK_TYPE_DIALOG)

static void
mk_server_password_dialog_class_init (MkServerPasswordDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-server-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MkServerPasswordDialog, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, MkServerPasswordDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, MkServerPasswordDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, MkServerPasswordDialog, remember_check);
}

static void
mk_server_password_dialog_init (MkServerPasswordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mk_ui_set_help_page (GTK_WINDOW (self), "server");
}

GtkWidget *
mk_server_password_dialog_new (const char *where,
                               const char *problem)
{
  MkServerPasswordDialog *self;
  g_autofree char *prompt = NULL;

  g_return_val_if_fail (where != NULL, NULL);

  self = g_object_new (MK_TYPE_SERVER_PASSWORD_DIALOG, "use-header-bar", FALSE, NULL);
  prompt = g_strdup_printf (_("The department server %s asks for the password of the database role."), where);
  gtk_label_set_text (self->prompt_label, prompt);
  if (problem != NULL)
    {
      gtk_label_set_text (self->error_label, problem);
      gtk_widget_show (GTK_WIDGET (self->error_label));
    }
  return GTK_WIDGET (self);
}

const char *
mk_server_password_dialog_get_password (MkServerPasswordDialog *self)
{
  g_return_val_if_fail (MK_IS_SERVER_PASSWORD_DIALOG (self), NULL);
  return gtk_entry_get_text (self->password_entry);
}

gboolean
mk_server_password_dialog_get_remember (MkServerPasswordDialog *self)
{
  g_return_val_if_fail (MK_IS_SERVER_PASSWORD_DIALOG (self), FALSE);
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->remember_check));
}
