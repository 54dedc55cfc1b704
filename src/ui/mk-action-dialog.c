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
  GtkLabel    *consequence_label;
  GtkGrid     *recipient_grid;
  GtkRadioButton *applicant_radio;
  GtkRadioButton *representative_radio;
  GtkComboBoxText *id_document_combo;
  GtkEntry    *id_number_entry;
  GtkLabel    *error_label;
  GtkLabel    *grounds_label;
  GtkFlowBox  *grounds_box;
  GtkLabel    *reason_label;
  GtkScrolledWindow *reason_scroll;
  GtkTextView *reason_view;
  GtkLabel    *hint_label;
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
  if (mods == GDK_CONTROL_MASK && gtk_widget_get_visible (GTK_WIDGET (self->reason_scroll)) &&
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
  gtk_widget_class_bind_template_child (widget_class, MkActionDialog, consequence_label);
  gtk_widget_class_bind_template_child (widget_class, MkActionDialog, recipient_grid);
  gtk_widget_class_bind_template_child (widget_class, MkActionDialog, applicant_radio);
  gtk_widget_class_bind_template_child (widget_class, MkActionDialog, representative_radio);
  gtk_widget_class_bind_template_child (widget_class, MkActionDialog, id_document_combo);
  gtk_widget_class_bind_template_child (widget_class, MkActionDialog, id_number_entry);
  gtk_widget_class_bind_template_child (widget_class, MkActionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, MkActionDialog, grounds_label);
  gtk_widget_class_bind_template_child (widget_class, MkActionDialog, grounds_box);
  gtk_widget_class_bind_template_child (widget_class, MkActionDialog, reason_label);
  gtk_widget_class_bind_template_child (widget_class, MkActionDialog, reason_scroll);
  gtk_widget_class_bind_template_child (widget_class, MkActionDialog, reason_view);
  gtk_widget_class_bind_template_child (widget_class, MkActionDialog, hint_label);
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

void
mk_action_dialog_set_consequence (MkActionDialog *self,
                                  const char     *consequence)
{
  g_return_if_fail (MK_IS_ACTION_DIALOG (self));

  gtk_label_set_text (self->consequence_label, consequence != NULL ? consequence : "");
  gtk_widget_set_visible (GTK_WIDGET (self->consequence_label), consequence != NULL);
}

/* A label with a mnemonic, the person's name shown as typed. */
static void
set_person_label (GtkRadioButton *radio,
                  const char     *what,
                  const char     *name)
{
  g_autoptr(GString) escaped = g_string_new (name != NULL ? name : "");
  g_autofree char *label = NULL;

  g_string_replace (escaped, "_", "__", 0);
  /* Translators: "The _applicant: Сейтқали Асқар" */
  label = name != NULL ? g_strdup_printf (_("%s: %s"), what, escaped->str) : g_strdup (what);
  gtk_button_set_label (GTK_BUTTON (radio), label);
}

GtkWidget *
mk_action_dialog_new_for_case (GtkWindow      *parent,
                               MkRegulation   *regulation,
                               const MkAction *action,
                               const MkCase   *c,
                               const char     *consequence)
{
  MkActionDialog *self;
  g_autofree char *question = NULL;
  const char *name;

  g_return_val_if_fail (action != NULL && c != NULL, NULL);

  /* §24, §26, §10.5: a written reason, with the common grounds. */
  if (action->needs_reason)
    {
      self = MK_ACTION_DIALOG (mk_action_dialog_new (parent, regulation, action, c->regno));
      mk_action_dialog_set_consequence (self, consequence);
      return GTK_WIDGET (self);
    }

  /* #14: an action that cannot be undone is asked about first; Enter
   * confirms, Escape cancels. */
  self = g_object_new (MK_TYPE_ACTION_DIALOG, "transient-for", parent, NULL);
  g_set_object (&self->regulation, regulation);
  name = mk_text_get (&action->name);
  gtk_window_set_title (GTK_WINDOW (self), name);
  gtk_button_set_label (self->accept_button, name);
  gtk_button_set_use_underline (self->accept_button, FALSE);
  /* Translators: "Issue to applicant — application 35-01-2026-00012?" */
  question = g_strdup_printf (_("%s — application %s?"), name, c->regno != NULL ? c->regno : "");
  gtk_label_set_text (self->explanation_label, question);
  mk_action_dialog_set_consequence (self, consequence);
  gtk_widget_hide (GTK_WIDGET (self->reason_label));
  gtk_widget_hide (GTK_WIDGET (self->reason_scroll));
  gtk_widget_hide (GTK_WIDGET (self->hint_label));
  gtk_widget_set_sensitive (GTK_WIDGET (self->accept_button), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 560, -1);
  mk_ui_set_help_page (GTK_WINDOW (self), "case-window");

  /* §21: who takes the result, and the identity document they show. */
  if (g_strcmp0 (action->id, "issue") == 0)
    {
      gboolean has_rep = (c->conditions & MK_CONDITION_REPRESENTATIVE) != 0;

      set_person_label (self->applicant_radio, _("The _applicant"), c->applicant_name);
      set_person_label (self->representative_radio, _("The _representative"), c->rep_name);
      gtk_widget_set_visible (GTK_WIDGET (self->representative_radio), has_rep);
      for (guint i = 0; i < MK_ID_DOCUMENT_N_KINDS; i++)
        gtk_combo_box_text_append (self->id_document_combo, mk_id_document_kind_to_id (i),
                                   mk_id_document_kind_name (i));
      gtk_combo_box_set_active (GTK_COMBO_BOX (self->id_document_combo), 0);
      gtk_widget_show (GTK_WIDGET (self->recipient_grid));
      gtk_widget_grab_focus (GTK_WIDGET (self->id_number_entry));
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->accept_button));
  return GTK_WIDGET (self);
}

GtkWidget *
mk_action_dialog_new_correction (GtkWindow    *parent,
                                 const MkCase *c,
                                 const char   *consequence)
{
  MkActionDialog *self;
  g_autofree char *explanation = NULL;

  g_return_val_if_fail (c != NULL, NULL);

  self = g_object_new (MK_TYPE_ACTION_DIALOG, "transient-for", parent, NULL);
  gtk_window_set_title (GTK_WINDOW (self), _("Correct Last Step"));
  gtk_button_set_label (self->accept_button, _("Correct"));
  gtk_button_set_use_underline (self->accept_button, FALSE);
  /* Translators: "Application 35-01-2026-00012: an administrator’s correction. Write…" */
  explanation = g_strdup_printf (_("Application %s: an administrator’s correction of a wrong step (§9). Write why: the reason is kept in the case’s history."),
                                 c->regno != NULL ? c->regno : "");
  gtk_label_set_text (self->explanation_label, explanation);
  gtk_label_set_text_with_mnemonic (self->reason_label, _("_Reason for the correction"));
  mk_action_dialog_set_consequence (self, consequence);
  mk_ui_set_help_page (GTK_WINDOW (self), "case-window");
  gtk_widget_grab_focus (GTK_WIDGET (self->reason_view));
  return GTK_WIDGET (self);
}

gboolean
mk_action_dialog_get_recipient (MkActionDialog   *self,
                                MkIssueRecipient *recipient)
{
  const char *id;

  g_return_val_if_fail (MK_IS_ACTION_DIALOG (self), FALSE);
  g_return_val_if_fail (recipient != NULL, FALSE);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->recipient_grid)))
    return FALSE;
  recipient->kind = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->representative_radio))
                    ? MK_RECIPIENT_REPRESENTATIVE : MK_RECIPIENT_APPLICANT;
  id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->id_document_combo));
  if (id == NULL || !mk_id_document_kind_from_id (id, &recipient->document))
    recipient->document = MK_ID_DOCUMENT_N_KINDS;
  recipient->number = gtk_entry_get_text (self->id_number_entry);
  return TRUE;
}

void
mk_action_dialog_show_error (MkActionDialog *self,
                             const char     *message)
{
  g_return_if_fail (MK_IS_ACTION_DIALOG (self));

  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL && gtk_widget_get_visible (GTK_WIDGET (self->recipient_grid)))
    gtk_widget_grab_focus (GTK_WIDGET (self->id_number_entry));
}
