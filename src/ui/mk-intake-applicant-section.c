/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Intake step 2: who applies (§1: an individual's ИИН or an entity's БИН,
 * checked as typed), the phone for the receipt (§13) and a representative
 * with a power of attorney (§11). */

#define G_LOG_DOMAIN "mk-intake-applicant-section"

#include <glib/gi18n-lib.h>

#include "mk-intake-applicant-section.h"
#include "mk-ui-util.h"

struct _MkIntakeApplicantSection
{
  GtkBox          parent_instance;

  GtkRadioButton *individual_radio;
  GtkRadioButton *legal_radio;
  GtkEntry       *idn_entry;
  GtkLabel       *idn_status_label;
  GtkEntry       *name_entry;
  GtkEntry       *phone_entry;
  GtkCheckButton *rep_check;
  GtkEntry       *rep_name_entry;
  GtkEntry       *rep_idn_entry;
  GtkLabel       *rep_idn_status_label;
  GtkEntry       *rep_phone_entry;
  GtkEntry       *rep_poa_entry;

  MkContext      *context;
  gboolean        loading;
};

static void mk_intake_applicant_section_iface_init (MkIntakeSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MkIntakeApplicantSection, mk_intake_applicant_section, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (MK_TYPE_INTAKE_SECTION,
                                                      mk_intake_applicant_section_iface_init))

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static gboolean
is_legal_entity (MkIntakeApplicantSection *self)
{
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->legal_radio));
}

static gboolean
has_representative (MkIntakeApplicantSection *self)
{
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->rep_check));
}

static void
check_applicant_idn (MkIntakeApplicantSection *self)
{
  mk_intake_check_idn (self->idn_entry, self->idn_status_label,
                       is_legal_entity (self) ? MK_ID_KIND_BIN : MK_ID_KIND_IIN);
}

static void
update_sensitivity (MkIntakeApplicantSection *self)
{
  gboolean rep = has_representative (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->rep_name_entry), rep);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rep_idn_entry), rep);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rep_phone_entry), rep);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rep_poa_entry), rep);
}

static void
idn_changed_cb (GtkEntry                 *entry,
                MkIntakeApplicantSection *self)
{
  if (entry == self->idn_entry)
    check_applicant_idn (self);
  else
    mk_intake_check_idn (entry, self->rep_idn_status_label, MK_ID_KIND_IIN);
}

static void
changed_cb (GtkWidget                *widget,
            MkIntakeApplicantSection *self)
{
  if (self->loading)
    return;
  /* Radio groups emit twice; act on the one switched on. */
  if (GTK_IS_RADIO_BUTTON (widget) &&
      !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (widget)))
    return;
  if (widget == GTK_WIDGET (self->individual_radio) || widget == GTK_WIDGET (self->legal_radio))
    check_applicant_idn (self);
  update_sensitivity (self);
  mk_intake_section_changed (MK_INTAKE_SECTION (self));
}

static void
mk_intake_applicant_section_set_application (MkIntakeSection *section,
                                             const MkCase    *c)
{
  MkIntakeApplicantSection *self = MK_INTAKE_APPLICANT_SECTION (section);
  GtkWidget *fields[] = {
    GTK_WIDGET (self->idn_entry), GTK_WIDGET (self->name_entry), GTK_WIDGET (self->phone_entry),
    GTK_WIDGET (self->rep_name_entry), GTK_WIDGET (self->rep_idn_entry),
  };

  self->loading = TRUE;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (c->applicant_kind == MK_APPLICANT_LEGAL_ENTITY
                                                   ? self->legal_radio : self->individual_radio), TRUE);
  mk_intake_set_entry (self->idn_entry, c->applicant_idn);
  mk_intake_set_entry (self->name_entry, c->applicant_name);
  mk_intake_set_entry (self->phone_entry, c->applicant_phone);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->rep_check),
                                (c->conditions & MK_CONDITION_REPRESENTATIVE) != 0);
  mk_intake_set_entry (self->rep_name_entry, c->rep_name);
  mk_intake_set_entry (self->rep_idn_entry, c->rep_idn);
  mk_intake_set_entry (self->rep_phone_entry, c->rep_phone);
  mk_intake_set_entry (self->rep_poa_entry, c->rep_poa);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    mk_intake_mark_field (fields[i], NULL);
  /* A resumed draft shows its numbers checked; a new form shows nothing. */
  if (c->applicant_idn != NULL)
    check_applicant_idn (self);
  else
    gtk_label_set_text (self->idn_status_label, "");
  if (c->rep_idn != NULL)
    mk_intake_check_idn (self->rep_idn_entry, self->rep_idn_status_label, MK_ID_KIND_IIN);
  else
    gtk_label_set_text (self->rep_idn_status_label, "");
  update_sensitivity (self);
  self->loading = FALSE;
}

static void
mk_intake_applicant_section_apply (MkIntakeSection *section,
                                   MkCase          *c)
{
  MkIntakeApplicantSection *self = MK_INTAKE_APPLICANT_SECTION (section);

  c->applicant_kind = is_legal_entity (self) ? MK_APPLICANT_LEGAL_ENTITY : MK_APPLICANT_INDIVIDUAL;
  g_free (c->applicant_idn);
  c->applicant_idn = mk_intake_entry_text (self->idn_entry);
  g_free (c->applicant_name);
  c->applicant_name = mk_intake_entry_text (self->name_entry);
  g_free (c->applicant_phone);
  c->applicant_phone = mk_intake_entry_text (self->phone_entry);
  g_clear_pointer (&c->rep_name, g_free);
  g_clear_pointer (&c->rep_idn, g_free);
  g_clear_pointer (&c->rep_phone, g_free);
  g_clear_pointer (&c->rep_poa, g_free);
  c->conditions &= ~MK_CONDITION_REPRESENTATIVE;
  if (has_representative (self))
    {
      c->conditions |= MK_CONDITION_REPRESENTATIVE;
      c->rep_name = mk_intake_entry_text (self->rep_name_entry);
      c->rep_idn = mk_intake_entry_text (self->rep_idn_entry);
      c->rep_phone = mk_intake_entry_text (self->rep_phone_entry);
      c->rep_poa = mk_intake_entry_text (self->rep_poa_entry);
    }
}

/* §1, §13: the core's rules name each field that is wrong; all are shown. */
static GtkWidget *
mk_intake_applicant_section_validate (MkIntakeSection *section,
                                      const MkCase    *c,
                                      GPtrArray       *messages)
{
  MkIntakeApplicantSection *self = MK_INTAKE_APPLICANT_SECTION (section);
  g_autoptr(GPtrArray) problems = mk_workflow_check_applicant (c);
  /* In the order of the form. */
  struct { const char *field; GtkWidget *widget; } fields[] = {
    { "applicant-idn", GTK_WIDGET (self->idn_entry) },
    { "applicant-name", GTK_WIDGET (self->name_entry) },
    { "applicant-phone", GTK_WIDGET (self->phone_entry) },
    { "rep-name", GTK_WIDGET (self->rep_name_entry) },
    { "rep-idn", GTK_WIDGET (self->rep_idn_entry) },
  };
  GtkWidget *first = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *message = mk_intake_find_problem (problems, fields[i].field);

      mk_intake_mark_field (fields[i].widget, message);
      if (message == NULL)
        continue;
      g_ptr_array_add (messages, g_strdup (message));
      if (first == NULL)
        first = fields[i].widget;
    }
  if (mk_intake_find_problem (problems, "applicant-idn") != NULL &&
      gtk_entry_get_text_length (self->idn_entry) == 0)
    mk_intake_set_status (self->idn_status_label, mk_intake_find_problem (problems, "applicant-idn"), NULL);
  return first;
}

static GtkWidget *
mk_intake_applicant_section_get_first_focus (MkIntakeSection *section)
{
  return GTK_WIDGET (MK_INTAKE_APPLICANT_SECTION (section)->idn_entry);
}

static void
mk_intake_applicant_section_iface_init (MkIntakeSectionInterface *iface)
{
  iface->set_application = mk_intake_applicant_section_set_application;
  iface->apply = mk_intake_applicant_section_apply;
  iface->validate = mk_intake_applicant_section_validate;
  iface->get_first_focus = mk_intake_applicant_section_get_first_focus;
}

static void
mk_intake_applicant_section_dispose (GObject *object)
{
  MkIntakeApplicantSection *self = MK_INTAKE_APPLICANT_SECTION (object);

  g_clear_object (&self->context);
  G_OBJECT_CLASS (mk_intake_applicant_section_parent_class)->dispose (object);
}

static void
mk_intake_applicant_section_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  MkIntakeApplicantSection *self = MK_INTAKE_APPLICANT_SECTION (object);

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
mk_intake_applicant_section_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  MkIntakeApplicantSection *self = MK_INTAKE_APPLICANT_SECTION (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      if (g_set_object (&self->context, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mk_intake_applicant_section_class_init (MkIntakeApplicantSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mk_intake_applicant_section_dispose;
  object_class->get_property = mk_intake_applicant_section_get_property;
  object_class->set_property = mk_intake_applicant_section_set_property;
  g_object_class_override_property (object_class, PROP_CONTEXT, "context");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-intake-applicant-section.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MkIntakeApplicantSection, name)
  BIND (individual_radio);
  BIND (legal_radio);
  BIND (idn_entry);
  BIND (idn_status_label);
  BIND (name_entry);
  BIND (phone_entry);
  BIND (rep_check);
  BIND (rep_name_entry);
  BIND (rep_idn_entry);
  BIND (rep_idn_status_label);
  BIND (rep_phone_entry);
  BIND (rep_poa_entry);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, idn_changed_cb);
}

static void
mk_intake_applicant_section_init (MkIntakeApplicantSection *self)
{
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  /* One form of a phone, +7 XXX XXX XX XX, as the store keeps it (#14). */
  mk_ui_phone_entry_setup (self->phone_entry);
  mk_ui_phone_entry_setup (self->rep_phone_entry);
  update_sensitivity (self);
  self->loading = FALSE;
}
