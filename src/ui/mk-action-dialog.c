/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Asks for the written reason an action needs (§24 return, §26 refusal, §10.5 rejection). */

#define G_LOG_DOMAIN "mk-action-dialog"

#include <glib/gi18n-lib.h>

#include "mk-action-dialog.h"

struct _MkActionDialog
{
  GtkDialog    parent_instance;

  GtkLabel    *explanation_label;
  GtkTextView *reason_view;
  GtkButton   *accept_button;
};

G_DEFINE_FINAL_TYPE (MkActionDialog, mk_action_dialog, GTK_TYPE_DIALOG)

static void
reason_changed_cb (GtkTextBuffer  *buffer,
                   MkActionDialog *self)
{
  g_autofree char *reason = mk_action_dialog_get_reason (self);

  /* §24, §26: the applicant gets the reason in writing; an empty one is no reason. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->accept_button), *reason != '\0');
}

static gboolean
mk_action_dialog_key_press_event (GtkWidget   *widget,
                                  GdkEventKey *event)
{
  MkActionDialog *self = MK_ACTION_DIALOG (widget);
  GdkModifierType mods = event->state & gtk_accelerator_get_default_mod_mask ();

  /* Enter makes a new line in the reason; Ctrl+Enter confirms. */
  if (mods == GDK_CONTROL_MASK &&
      (event->keyval == GDK_KEY_Return || event->keyval == GDK_KEY_KP_Enter))
    {
      if (gtk_widget_get_sensitive (GTK_WIDGET (self->accept_button)))
        gtk_dialog_response (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT);
      return GDK_EVENT_STOP;
    }
  return GTK_WIDGET_CLASS (mk_action_dialog_parent_class)->key_press_event (widget, event);
}

static void
mk_action_dialog_class_init (MkActionDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->key_press_event = mk_action_dialog_key_press_event;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-action-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MkActionDialog, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, MkActionDialog, reason_view);
  gtk_widget_class_bind_template_child (widget_class, MkActionDialog, accept_button);
}

static void
mk_action_dialog_init (MkActionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (gtk_text_view_get_buffer (self->reason_view), "changed",
                           G_CALLBACK (reason_changed_cb), self, 0);
}

GtkWidget *
mk_action_dialog_new (GtkWindow      *parent,
                      const MkAction *action,
                      const char     *case_title)
{
  MkActionDialog *self;
  g_autofree char *explanation = NULL;
  const char *name;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (action != NULL, NULL);

  self = g_object_new (MK_TYPE_ACTION_DIALOG, "transient-for", parent, NULL);
  name = mk_text_get (&action->name);
  gtk_window_set_title (GTK_WINDOW (self), name);
  gtk_button_set_label (self->accept_button, name);
  gtk_button_set_use_underline (self->accept_button, FALSE);

  /* Translators: "Return for errors — application 35-01-2026-00012 (§24). Write…" */
  explanation = g_strdup_printf (_("%s — application %s (%s). Write the reason: it is recorded in the case history and handed to the applicant in writing."),
                                 name, case_title != NULL ? case_title : "",
                                 action->paragraph != NULL ? action->paragraph : "§26");
  gtk_label_set_text (self->explanation_label, explanation);
  gtk_widget_grab_focus (GTK_WIDGET (self->reason_view));
  return GTK_WIDGET (self);
}

char *
mk_action_dialog_get_reason (MkActionDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  g_return_val_if_fail (MK_IS_ACTION_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->reason_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return g_strdup (g_strstrip (text));
}
