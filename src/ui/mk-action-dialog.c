/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Asks for the written reason an action needs (§24 return, §26 refusal, §10.5
 * rejection), offering the regulation's common grounds as ready wording. */

#define G_LOG_DOMAIN "mk-action-dialog"

#include <glib/gi18n-lib.h>

#include "mk-ui-util.h"
#include "mk-action-dialog.h"

struct _MkActionDialog
{
  GtkDialog    parent_instance;

  GtkLabel    *explanation_label;
  GtkLabel    *grounds_label;
  GtkFlowBox  *grounds_box;
  GtkTextView *reason_view;
  GtkButton   *accept_button;

  MkRegulation *regulation;
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

/* The ground's wording in both languages of the documents, with its paragraph. */
static char *
ground_text (const MkRefusalGround *ground)
{
  const char *kk = mk_text_get_lang (&ground->name, "kk");
  const char *ru = mk_text_get_lang (&ground->name, "ru");

  return g_strdup_printf ("%s / %s (%s)", kk != NULL ? kk : "", ru != NULL ? ru : "",
                          ground->paragraph != NULL ? ground->paragraph : "");
}

gboolean
mk_action_dialog_add_ground (MkActionDialog *self,
                             const char     *ground_id)
{
  const MkRefusalGround *ground;
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter end;

  g_return_val_if_fail (MK_IS_ACTION_DIALOG (self), FALSE);

  ground = self->regulation != NULL ? mk_regulation_get_refusal_ground (self->regulation, ground_id) : NULL;
  if (ground == NULL)
    return FALSE;
  text = ground_text (ground);
  buffer = gtk_text_view_get_buffer (self->reason_view);
  gtk_text_buffer_get_end_iter (buffer, &end);
  /* Each ground on a line of its own; the inspector may go on writing. */
  if (gtk_text_buffer_get_char_count (buffer) > 0)
    gtk_text_buffer_insert (buffer, &end, "\n", -1);
  gtk_text_buffer_insert (buffer, &end, text, -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->reason_view));
  return TRUE;
}

static void
ground_clicked_cb (GtkButton      *button,
                   MkActionDialog *self)
{
  mk_action_dialog_add_ground (self, g_object_get_data (G_OBJECT (button), "ground-id"));
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
mk_action_dialog_finalize (GObject *object)
{
  g_clear_object (&MK_ACTION_DIALOG (object)->regulation);
  G_OBJECT_CLASS (mk_action_dialog_parent_class)->finalize (object);
}

static void
mk_action_dialog_class_init (MkActionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mk_action_dialog_finalize;
  widget_class->key_press_event = mk_action_dialog_key_press_event;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-action-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MkActionDialog, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, MkActionDialog, grounds_label);
  gtk_widget_class_bind_template_child (widget_class, MkActionDialog, grounds_box);
  gtk_widget_class_bind_template_child (widget_class, MkActionDialog, reason_view);
  gtk_widget_class_bind_template_child (widget_class, MkActionDialog, accept_button);
}

static void
mk_action_dialog_init (MkActionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mk_ui_set_help_page (GTK_WINDOW (self), "refusals");
  g_signal_connect_object (gtk_text_view_get_buffer (self->reason_view), "changed",
                           G_CALLBACK (reason_changed_cb), self, 0);
}

GtkWidget *
mk_action_dialog_new (GtkWindow      *parent,
                      MkRegulation   *regulation,
                      const MkAction *action,
                      const char     *case_title)
{
  MkActionDialog *self;
  g_autofree char *explanation = NULL;
  GPtrArray *grounds;   /* the regulation's */
  gboolean refusal, ret;
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

  /* §6, §24, §26: the grounds the regulation names for this kind of
   * decision (the administrator edits them with the regulation's data). */
  g_set_object (&self->regulation, regulation);
  refusal = g_strcmp0 (action->result, "refusal") == 0;
  ret = g_strcmp0 (action->id, "return-for-errors") == 0;
  grounds = regulation != NULL && (refusal || ret) ? mk_regulation_get_refusal_grounds (regulation) : NULL;
  for (guint i = 0; grounds != NULL && i < grounds->len; i++)
    {
      const MkRefusalGround *ground = g_ptr_array_index (grounds, i);
      g_autofree char *tooltip = NULL;
      GtkWidget *button, *label;

      if (refusal ? !ground->for_refusal : !ground->for_return)
        continue;
      button = gtk_button_new ();
      label = gtk_label_new (mk_text_get (&ground->name));
      gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 34);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_container_add (GTK_CONTAINER (button), label);
      tooltip = ground_text (ground);
      gtk_widget_set_tooltip_text (button, tooltip);
      g_object_set_data_full (G_OBJECT (button), "ground-id", g_strdup (ground->id), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (ground_clicked_cb), self, 0);
      gtk_widget_show_all (button);
      gtk_container_add (GTK_CONTAINER (self->grounds_box), button);
      gtk_widget_set_visible (GTK_WIDGET (self->grounds_box), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->grounds_label), TRUE);
    }
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
