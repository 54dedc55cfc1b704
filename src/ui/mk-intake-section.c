/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The interface every step of the intake window implements (#14), after
 * gnome-calendar's event editor sections. */

#define G_LOG_DOMAIN "mk-intake-section"

#include <glib/gi18n-lib.h>

#include "mk-intake-section.h"

G_DEFINE_INTERFACE (MkIntakeSection, mk_intake_section, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
mk_intake_section_default_init (MkIntakeSectionInterface *iface)
{
  g_object_interface_install_property (iface,
                                       g_param_spec_object ("context", NULL, NULL, MK_TYPE_CONTEXT,
                                                            G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                                            G_PARAM_EXPLICIT_NOTIFY));
  /**
   * MkIntakeSection::changed:
   *
   * The operator edited the section.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

void
mk_intake_section_set_application (MkIntakeSection *self,
                                   const MkCase    *application)
{
  g_return_if_fail (MK_IS_INTAKE_SECTION (self));
  g_return_if_fail (application != NULL);

  MK_INTAKE_SECTION_GET_IFACE (self)->set_application (self, application);
}

void
mk_intake_section_apply (MkIntakeSection *self,
                         MkCase          *application)
{
  g_return_if_fail (MK_IS_INTAKE_SECTION (self));
  g_return_if_fail (application != NULL);

  MK_INTAKE_SECTION_GET_IFACE (self)->apply (self, application);
}

void
mk_intake_section_update (MkIntakeSection *self,
                          const MkCase    *application)
{
  MkIntakeSectionInterface *iface;

  g_return_if_fail (MK_IS_INTAKE_SECTION (self));
  g_return_if_fail (application != NULL);

  iface = MK_INTAKE_SECTION_GET_IFACE (self);
  if (iface->update != NULL)
    iface->update (self, application);
}

GtkWidget *
mk_intake_section_validate (MkIntakeSection *self,
                            const MkCase    *application,
                            GPtrArray       *messages)
{
  MkIntakeSectionInterface *iface;

  g_return_val_if_fail (MK_IS_INTAKE_SECTION (self), NULL);
  g_return_val_if_fail (application != NULL, NULL);
  g_return_val_if_fail (messages != NULL, NULL);

  iface = MK_INTAKE_SECTION_GET_IFACE (self);
  return iface->validate != NULL ? iface->validate (self, application, messages) : NULL;
}

GtkWidget *
mk_intake_section_get_first_focus (MkIntakeSection *self)
{
  g_return_val_if_fail (MK_IS_INTAKE_SECTION (self), NULL);

  return MK_INTAKE_SECTION_GET_IFACE (self)->get_first_focus (self);
}

void
mk_intake_section_changed (MkIntakeSection *self)
{
  g_return_if_fail (MK_IS_INTAKE_SECTION (self));

  g_signal_emit (self, signals[CHANGED], 0);
}

char *
mk_intake_entry_text (GtkEntry *entry)
{
  g_autofree char *text = g_strdup (gtk_entry_get_text (entry));

  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

void
mk_intake_set_entry (GtkEntry   *entry,
                     const char *text)
{
  gtk_entry_set_text (entry, text != NULL ? text : "");
}

void
mk_intake_set_combo_id (GtkComboBox *combo,
                        const char  *id)
{
  if (id == NULL || !gtk_combo_box_set_active_id (combo, id))
    gtk_combo_box_set_active (combo, 0);
}

void
mk_intake_mark_field (GtkWidget  *widget,
                      const char *message)
{
  GtkStyleContext *style = gtk_widget_get_style_context (widget);

  if (message != NULL)
    gtk_style_context_add_class (style, "error");
  else
    gtk_style_context_remove_class (style, "error");
  gtk_widget_set_tooltip_text (widget, message);
}

void
mk_intake_set_status (GtkLabel   *status,
                      const char *message,
                      const char *ok_text)
{
  g_autofree char *markup = NULL;

  if (message == NULL)
    {
      gtk_label_set_text (status, ok_text != NULL ? ok_text : "");
      return;
    }
  markup = g_markup_printf_escaped ("<span foreground=\"#c01c28\">⚠ %s</span>", message);
  gtk_label_set_markup (status, markup);
}

gboolean
mk_intake_check_idn (GtkEntry *entry,
                     GtkLabel *status,
                     MkIdKind  expected)
{
  g_autofree char *text = mk_intake_entry_text (entry);
  g_autoptr(GError) error = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *warning = NULL;
  MkIdKind kind;

  if (text == NULL)
    {
      gtk_label_set_text (status, "");
      return FALSE;
    }
  if (!mk_id_validate (text, expected, &kind, &error))
    {
      mk_intake_set_status (status, error->message, NULL);
      return FALSE;
    }
  /* §1 and the 2013 rule: an unusual kind or date is only a warning (#10). */
  warning = mk_id_warning (text, expected);
  if (warning != NULL)
    markup = g_markup_printf_escaped ("✓ %s — %s", _("Valid"), warning);
  else
    markup = g_markup_printf_escaped ("✓ %s", kind == MK_ID_KIND_BIN ? _("Valid BIN") : _("Valid IIN"));
  gtk_label_set_markup (status, markup);
  return TRUE;
}

const char *
mk_intake_find_problem (GPtrArray  *problems,
                        const char *field)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const MkProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (problem->field, field) == 0)
        return problem->message;
    }
  return NULL;
}
