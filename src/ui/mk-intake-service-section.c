/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Intake step 1: the kind of service (§6) with its term (§7), the center
 * that accepts it and the provider it goes to (§2, §13). */

#define G_LOG_DOMAIN "mk-intake-service-section"

#include <glib/gi18n-lib.h>

#include "mk-intake-service-section.h"
#include "mk-ui-util.h"

struct _MkIntakeServiceSection
{
  GtkBox           parent_instance;

  GtkRadioButton  *kind_assignment;
  GtkRadioButton  *kind_change;
  GtkRadioButton  *kind_abolition;
  GtkRadioButton  *kind_clarification;
  GtkLabel        *term_label;
  GtkLabel        *center_label;
  GtkLabel        *accepted_label;
  GtkComboBoxText *provider_combo;

  MkContext       *context;
  gboolean         loading;   /* filling the fields from code: not an edit */
};

static void mk_intake_service_section_iface_init (MkIntakeSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MkIntakeServiceSection, mk_intake_service_section, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (MK_TYPE_INTAKE_SECTION,
                                                      mk_intake_service_section_iface_init))

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static MkServiceKind
get_kind (MkIntakeServiceSection *self)
{
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->kind_change)))
    return MK_SERVICE_CHANGE;
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->kind_abolition)))
    return MK_SERVICE_ABOLITION;
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->kind_clarification)))
    return MK_SERVICE_CLARIFICATION;
  return MK_SERVICE_ASSIGNMENT;
}

static GtkRadioButton *
kind_radio (MkIntakeServiceSection *self,
            MkServiceKind           kind)
{
  switch (kind)
    {
    case MK_SERVICE_CHANGE:        return self->kind_change;
    case MK_SERVICE_ABOLITION:     return self->kind_abolition;
    case MK_SERVICE_CLARIFICATION: return self->kind_clarification;
    case MK_SERVICE_ASSIGNMENT:
    case MK_SERVICE_N_KINDS:
    default:                       return self->kind_assignment;
    }
}

static void
update_term (MkIntakeServiceSection *self)
{
  MkRegulation *regulation;
  guint days;
  g_autofree char *text = NULL;

  if (self->context == NULL)
    return;
  regulation = mk_store_get_regulation (mk_context_get_store (self->context));
  days = mk_regulation_get_term_days (regulation, get_kind (self));
  /* §7: 3 working days for clarification, 7 for the other kinds. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Term: %u working day after the day of acceptance (§7).",
                                       "Term: %u working days after the day of acceptance (§7).",
                                       days),
                          days);
  gtk_label_set_text (self->term_label, text);
}

static void
changed_cb (GtkWidget              *widget,
            MkIntakeServiceSection *self)
{
  if (self->loading)
    return;
  /* Radio groups emit twice; act on the one switched on. */
  if (GTK_IS_RADIO_BUTTON (widget) &&
      !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (widget)))
    return;
  update_term (self);
  mk_intake_section_changed (MK_INTAKE_SECTION (self));
}

static void
fill_providers (MkIntakeServiceSection *self)
{
  g_autoptr(GPtrArray) providers = NULL;
  g_autoptr(GError) error = NULL;

  gtk_combo_box_text_remove_all (self->provider_combo);
  providers = mk_store_list_offices (mk_context_get_store (self->context), MK_ORG_PROVIDER, &error);
  if (providers == NULL)
    {
      g_warning ("Cannot list the providers: %s", error->message);
      return;
    }
  for (guint i = 0; i < providers->len; i++)
    {
      MkOffice *office = g_ptr_array_index (providers, i);

      gtk_combo_box_text_append (self->provider_combo, office->id, mk_text_get (&office->name));
    }
}

static void
mk_intake_service_section_set_application (MkIntakeSection *section,
                                           const MkCase    *c)
{
  MkIntakeServiceSection *self = MK_INTAKE_SERVICE_SECTION (section);
  MkStore *store = mk_context_get_store (self->context);
  g_autoptr(MkOffice) center = NULL;
  g_autofree char *today_text = NULL;
  GDate today;

  self->loading = TRUE;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (kind_radio (self, c->kind)), TRUE);
  mk_intake_set_combo_id (GTK_COMBO_BOX (self->provider_combo), c->provider_id);

  mk_clock_today (mk_context_get_clock (self->context), &today);
  today_text = mk_date_format_long (&today, mk_ui_language ());
  gtk_label_set_text (self->accepted_label, today_text);

  if (c->center_id != NULL)
    center = mk_store_get_office (store, c->center_id, NULL);
  if (center != NULL)
    {
      const char *address = mk_text_get (&center->address);
      g_autofree char *label = address != NULL
                               ? g_strdup_printf ("%s — %s", mk_text_get (&center->name), address)
                               : g_strdup (mk_text_get (&center->name));

      gtk_label_set_text (self->center_label, label);
    }
  else
    gtk_label_set_text (self->center_label, _("Your account is not attached to a center; ask the administrator."));
  update_term (self);
  self->loading = FALSE;
}

static void
mk_intake_service_section_apply (MkIntakeSection *section,
                                 MkCase          *c)
{
  MkIntakeServiceSection *self = MK_INTAKE_SERVICE_SECTION (section);

  c->kind = get_kind (self);
  g_free (c->provider_id);
  c->provider_id = g_strdup (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->provider_combo)));
}

static GtkWidget *
mk_intake_service_section_get_first_focus (MkIntakeSection *section)
{
  MkIntakeServiceSection *self = MK_INTAKE_SERVICE_SECTION (section);

  return GTK_WIDGET (kind_radio (self, get_kind (self)));
}

static void
mk_intake_service_section_iface_init (MkIntakeSectionInterface *iface)
{
  iface->set_application = mk_intake_service_section_set_application;
  iface->apply = mk_intake_service_section_apply;
  iface->get_first_focus = mk_intake_service_section_get_first_focus;
}

static void
mk_intake_service_section_dispose (GObject *object)
{
  MkIntakeServiceSection *self = MK_INTAKE_SERVICE_SECTION (object);

  g_clear_object (&self->context);
  G_OBJECT_CLASS (mk_intake_service_section_parent_class)->dispose (object);
}

static void
mk_intake_service_section_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  MkIntakeServiceSection *self = MK_INTAKE_SERVICE_SECTION (object);

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
mk_intake_service_section_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  MkIntakeServiceSection *self = MK_INTAKE_SERVICE_SECTION (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      if (g_set_object (&self->context, g_value_get_object (value)))
        {
          self->loading = TRUE;
          if (self->context != NULL)
            fill_providers (self);
          update_term (self);
          self->loading = FALSE;
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mk_intake_service_section_class_init (MkIntakeServiceSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mk_intake_service_section_dispose;
  object_class->get_property = mk_intake_service_section_get_property;
  object_class->set_property = mk_intake_service_section_set_property;
  g_object_class_override_property (object_class, PROP_CONTEXT, "context");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-intake-service-section.ui");
  gtk_widget_class_bind_template_child (widget_class, MkIntakeServiceSection, kind_assignment);
  gtk_widget_class_bind_template_child (widget_class, MkIntakeServiceSection, kind_change);
  gtk_widget_class_bind_template_child (widget_class, MkIntakeServiceSection, kind_abolition);
  gtk_widget_class_bind_template_child (widget_class, MkIntakeServiceSection, kind_clarification);
  gtk_widget_class_bind_template_child (widget_class, MkIntakeServiceSection, term_label);
  gtk_widget_class_bind_template_child (widget_class, MkIntakeServiceSection, center_label);
  gtk_widget_class_bind_template_child (widget_class, MkIntakeServiceSection, accepted_label);
  gtk_widget_class_bind_template_child (widget_class, MkIntakeServiceSection, provider_combo);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
}

static void
mk_intake_service_section_init (MkIntakeServiceSection *self)
{
  /* Template signals fire while it is built; nothing typed yet. */
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = FALSE;
}
