/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One line of the §11 checklist: present, original seen and returned (§12), attachments. */

#define G_LOG_DOMAIN "mk-checklist-row"

#include <glib/gi18n-lib.h>

#include "mk-checklist-row.h"

struct _MkChecklistRow
{
  GtkListBoxRow   parent_instance;

  GtkLabel       *title_label;
  GtkLabel       *detail_label;
  GtkLabel       *required_label;
  GtkCheckButton *present_check;
  GtkCheckButton *original_check;
  GtkLabel       *original_kept_label;
  GtkBox         *attachment_box;
  GtkLabel       *attachments_label;

  MkCaseItem     *item;
};

G_DEFINE_FINAL_TYPE (MkChecklistRow, mk_checklist_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
present_toggled_cb (GtkToggleButton *button,
                    MkChecklistRow  *self)
{
  if (self->item == NULL)
    return;
  self->item->present = gtk_toggle_button_get_active (button);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
original_toggled_cb (GtkToggleButton *button,
                     MkChecklistRow  *self)
{
  if (self->item == NULL)
    return;
  self->item->original_returned = gtk_toggle_button_get_active (button);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The row itself takes no focus, its ticks and buttons do. GtkListBoxRow
 * would answer Tab by "focusing" the row it cannot focus and say it moved:
 * Tab never left the list (#14, the case window's Documents tab). */
static gboolean
mk_checklist_row_focus (GtkWidget        *widget,
                        GtkDirectionType  direction)
{
  GtkWidget *child = gtk_bin_get_child (GTK_BIN (widget));

  if (gtk_widget_get_can_focus (widget))
    return GTK_WIDGET_CLASS (mk_checklist_row_parent_class)->focus (widget, direction);
  return child != NULL && gtk_widget_child_focus (child, direction);
}

static void
mk_checklist_row_class_init (MkChecklistRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->focus = mk_checklist_row_focus;

  /**
   * MkChecklistRow::changed:
   *
   * The operator ticked or cleared "present" or "original seen and returned".
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-checklist-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MkChecklistRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, MkChecklistRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, MkChecklistRow, required_label);
  gtk_widget_class_bind_template_child (widget_class, MkChecklistRow, present_check);
  gtk_widget_class_bind_template_child (widget_class, MkChecklistRow, original_check);
  gtk_widget_class_bind_template_child (widget_class, MkChecklistRow, original_kept_label);
  gtk_widget_class_bind_template_child (widget_class, MkChecklistRow, attachment_box);
  gtk_widget_class_bind_template_child (widget_class, MkChecklistRow, attachments_label);
  gtk_widget_class_bind_template_callback (widget_class, present_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, original_toggled_cb);
}

static void
mk_checklist_row_init (MkChecklistRow *self)
{
  /* One width for the "original" column of every row, whether it holds the
   * check or "Original kept", so the attachments line up (#14). */
  static GtkSizeGroup *original_column;

  gtk_widget_init_template (GTK_WIDGET (self));
  if (original_column == NULL)
    original_column = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  gtk_size_group_add_widget (original_column, GTK_WIDGET (self->original_check));
  gtk_size_group_add_widget (original_column, GTK_WIDGET (self->original_kept_label));
}

GtkWidget *
mk_checklist_row_new (MkRegulation          *regulation,
                      const MkChecklistItem *checklist_item,
                      MkCaseItem            *item,
                      gboolean               editable)
{
  MkChecklistRow *self;
  const MkDocumentKind *kind;
  const char *title;
  const char *note = NULL;
  g_autofree char *present_name = NULL;
  g_autofree char *original_name = NULL;
  g_autofree char *paragraph = NULL;
  gboolean original_only = FALSE;

  g_return_val_if_fail (MK_IS_REGULATION (regulation), NULL);
  g_return_val_if_fail (item != NULL, NULL);

  self = g_object_new (MK_TYPE_CHECKLIST_ROW, NULL);

  kind = checklist_item != NULL ? checklist_item->kind
                                : mk_regulation_get_document_kind (regulation, item->doc_kind);
  title = kind != NULL ? mk_text_get (&kind->name) : item->doc_kind;
  if (checklist_item != NULL)
    {
      note = mk_text_get (&checklist_item->note);
      original_only = checklist_item->original_only;
      if (checklist_item->paragraph != NULL)
        paragraph = g_strdup (checklist_item->paragraph);
    }
  if (paragraph == NULL && kind != NULL && kind->paragraph != NULL)
    paragraph = g_strdup (kind->paragraph);

  gtk_label_set_text (self->title_label, title);
  if (note != NULL && *note != '\0')
    {
      g_autofree char *detail = paragraph != NULL ? g_strdup_printf ("%s (%s)", note, paragraph)
                                                  : g_strdup (note);
      gtk_label_set_text (self->detail_label, detail);
      gtk_widget_show (GTK_WIDGET (self->detail_label));
    }
  else if (paragraph != NULL)
    {
      gtk_label_set_text (self->detail_label, paragraph);
      gtk_widget_show (GTK_WIDGET (self->detail_label));
    }

  /* Required items block the intake (§23); "if needed" ones never do. */
  if (item->required)
    {
      g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", _("Required"));
      gtk_label_set_markup (self->required_label, markup);
    }
  else
    gtk_label_set_text (self->required_label, _("If needed"));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->present_check), item->present);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->original_check), item->original_returned);
  /* §12 returns originals after comparison, except those the case keeps. */
  gtk_widget_set_visible (GTK_WIDGET (self->original_check), !original_only);
  gtk_widget_set_visible (GTK_WIDGET (self->original_kept_label), original_only);
  gtk_widget_set_sensitive (GTK_WIDGET (self->present_check), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->original_check), editable);

  mk_checklist_row_set_n_attachments (self, item->n_attachments);

  /* Every row has the same two check labels: name them after the document. */
  /* Translators: accessible name of a check button, e.g. "Present: Application". */
  present_name = g_strdup_printf (_("Present: %s"), title);
  /* Translators: accessible name of a check button, e.g. "Original returned: Application". */
  original_name = g_strdup_printf (_("Original returned: %s"), title);
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->present_check)), present_name);
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->original_check)), original_name);

  /* Set last so the initial state does not count as an edit. */
  self->item = item;
  return GTK_WIDGET (self);
}

MkCaseItem *
mk_checklist_row_get_item (MkChecklistRow *self)
{
  g_return_val_if_fail (MK_IS_CHECKLIST_ROW (self), NULL);
  return self->item;
}

GtkBox *
mk_checklist_row_get_attachment_area (MkChecklistRow *self)
{
  g_return_val_if_fail (MK_IS_CHECKLIST_ROW (self), NULL);
  return self->attachment_box;
}

void
mk_checklist_row_set_n_attachments (MkChecklistRow *self,
                                    guint           n_attachments)
{
  g_autofree char *text = NULL;

  g_return_if_fail (MK_IS_CHECKLIST_ROW (self));

  if (self->item != NULL)
    self->item->n_attachments = n_attachments;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u attachment", "%u attachments",
                                       n_attachments),
                          n_attachments);
  gtk_label_set_text (self->attachments_label, text);
}

void
mk_checklist_row_set_present (MkChecklistRow *self,
                              gboolean        present)
{
  g_return_if_fail (MK_IS_CHECKLIST_ROW (self));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->present_check), present);
}
