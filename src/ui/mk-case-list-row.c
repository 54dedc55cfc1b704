/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One application in the case list: number, applicant, service, stage, deadline. */

#define G_LOG_DOMAIN "mekenjai-ui"

#include <glib/gi18n-lib.h>

#include "mk-case-list-row.h"

struct _MkCaseListRow
{
  GtkListBoxRow  parent_instance;

  GtkImage      *status_image;
  GtkLabel      *regno_label;
  GtkLabel      *applicant_label;
  GtkLabel      *kind_label;
  GtkLabel      *stage_label;
  GtkLabel      *due_label;
  GtkLabel      *days_label;

  gint64         case_id;
  int            days_left;
};

G_DEFINE_FINAL_TYPE (MkCaseListRow, mk_case_list_row, GTK_TYPE_LIST_BOX_ROW)

static void
mk_case_list_row_class_init (MkCaseListRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-case-list-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MkCaseListRow, status_image);
  gtk_widget_class_bind_template_child (widget_class, MkCaseListRow, regno_label);
  gtk_widget_class_bind_template_child (widget_class, MkCaseListRow, applicant_label);
  gtk_widget_class_bind_template_child (widget_class, MkCaseListRow, kind_label);
  gtk_widget_class_bind_template_child (widget_class, MkCaseListRow, stage_label);
  gtk_widget_class_bind_template_child (widget_class, MkCaseListRow, due_label);
  gtk_widget_class_bind_template_child (widget_class, MkCaseListRow, days_label);
}

static void
mk_case_list_row_init (MkCaseListRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->days_left = G_MININT;
}

char *
mk_days_left_text (int days_left)
{
  if (days_left < 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Overdue by %d day", "Overdue by %d days",
                                         -days_left), -days_left);
  if (days_left == 0)
    return g_strdup (_("Due today"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day left", "%d days left", days_left),
                          days_left);
}

GtkWidget *
mk_case_list_row_new (const MkCaseRow *row,
                      MkRegulation    *regulation,
                      const GDate     *today)
{
  MkCaseListRow *self;
  const MkStage *stage;
  const char *stage_name;
  g_autofree char *applicant = NULL;
  g_autofree char *due = NULL;
  g_autofree char *days = NULL;
  g_autofree char *accessible = NULL;
  GtkStyleContext *style;
  const char *icon = "document-open-recent-symbolic";

  g_return_val_if_fail (row != NULL, NULL);
  g_return_val_if_fail (MK_IS_REGULATION (regulation), NULL);
  g_return_val_if_fail (today != NULL, NULL);

  self = g_object_new (MK_TYPE_CASE_LIST_ROW, NULL);
  self->case_id = row->id;

  stage = mk_regulation_get_stage (regulation, row->stage);
  stage_name = stage != NULL ? mk_text_get (&stage->name) : row->stage;

  gtk_label_set_text (self->regno_label, row->regno);
  applicant = g_strdup_printf ("%s · %s", row->applicant_name,
                               row->applicant_idn != NULL ? row->applicant_idn : "");
  gtk_label_set_text (self->applicant_label, applicant);
  gtk_label_set_text (self->kind_label, mk_service_kind_name (row->kind));
  gtk_label_set_text (self->stage_label, stage_name);

  style = gtk_widget_get_style_context (GTK_WIDGET (self));
  if (stage != NULL && stage->final)
    {
      icon = "emblem-ok-symbolic";
      gtk_widget_hide (GTK_WIDGET (self->days_label));
      gtk_widget_hide (GTK_WIDGET (self->due_label));
      gtk_style_context_add_class (style, "mk-final");
    }
  else if (g_date_valid (&row->due))
    {
      g_autofree char *date = mk_date_format_long (&row->due, mk_ui_language ());

      self->days_left = mk_deadline_days_left (today, &row->due);
      /* The deadline of the stage the case is at (§7, §20, §24–§26). */
      due = g_strdup_printf (_("Due %s"), date);
      days = mk_days_left_text (self->days_left);
      gtk_label_set_text (self->due_label, due);
      gtk_label_set_text (self->days_label, days);

      /* Colour is never alone: the icon and the words say it too. */
      if (self->days_left < 0)
        {
          icon = "dialog-warning-symbolic";
          gtk_style_context_add_class (style, "mk-overdue");
        }
      else if (self->days_left == 0)
        {
          icon = "alarm-symbolic";
          gtk_style_context_add_class (style, "mk-due-today");
        }
    }
  else
    {
      gtk_widget_hide (GTK_WIDGET (self->days_label));
      gtk_widget_hide (GTK_WIDGET (self->due_label));
    }

  gtk_image_set_from_icon_name (self->status_image, icon, GTK_ICON_SIZE_LARGE_TOOLBAR);

  accessible = g_strjoin (", ", row->regno, row->applicant_name,
                          mk_service_kind_name (row->kind), stage_name,
                          days != NULL ? days : NULL, NULL);
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self)), accessible);

  return GTK_WIDGET (self);
}

gint64
mk_case_list_row_get_case_id (MkCaseListRow *self)
{
  g_return_val_if_fail (MK_IS_CASE_LIST_ROW (self), 0);

  return self->case_id;
}

int
mk_case_list_row_get_days_left (MkCaseListRow *self)
{
  g_return_val_if_fail (MK_IS_CASE_LIST_ROW (self), G_MININT);

  return self->days_left;
}
