/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Intake step 5: before the decision, what will be registered or what is
 * missing (§23); after it, the registration number and the deadlines for the
 * receipt (§13), or what the refusal receipt lists (§23). */

#define G_LOG_DOMAIN "mk-intake-summary-section"

#include <glib/gi18n-lib.h>

#include "mk-case-window.h"
#include "mk-intake-summary-section.h"
#include "mk-ui-util.h"

struct _MkIntakeSummarySection
{
  GtkBox     parent_instance;

  GtkLabel  *finish_title_label;
  GtkLabel  *finish_label;

  MkContext *context;
};

static void mk_intake_summary_section_iface_init (MkIntakeSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MkIntakeSummarySection, mk_intake_summary_section, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (MK_TYPE_INTAKE_SECTION,
                                                      mk_intake_summary_section_iface_init))

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static void
append_case_summary (GString      *s,
                     const MkCase *c)
{
  g_autofree char *address_kk = c->address != NULL ? mk_address_format_object (c->address, c->object_kind, "kk") : NULL;
  g_autofree char *address_ru = c->address != NULL ? mk_address_format_object (c->address, c->object_kind, "ru") : NULL;
  g_autofree char *applicant = NULL;

  applicant = g_strdup_printf ("%s (%s)", c->applicant_name != NULL ? c->applicant_name : "—",
                               c->applicant_idn != NULL ? c->applicant_idn : "—");
  mk_markup_append_field (s, _("Service:"), mk_service_kind_name (c->kind));
  mk_markup_append_field (s, _("Applicant:"), applicant);
  mk_markup_append_field (s, _("Representative:"), c->rep_name);
  mk_markup_append_field (s, _("Object:"), mk_object_kind_name (c->object_kind));
  mk_markup_append_field (s, _("Address (kk):"), address_kk);
  mk_markup_append_field (s, _("Address (ru):"), address_ru);
}

static void
append_missing (MkIntakeSummarySection *self,
                GString                *s,
                GPtrArray              *missing)
{
  MkRegulation *regulation = mk_store_get_regulation (mk_context_get_store (self->context));

  for (guint i = 0; i < missing->len; i++)
    {
      MkCaseItem *item = g_ptr_array_index (missing, i);
      const MkDocumentKind *kind = mk_regulation_get_document_kind (regulation, item->doc_kind);
      g_autofree char *line = g_markup_printf_escaped ("  • %s\n",
                                                       kind != NULL ? mk_text_get (&kind->name) : item->doc_kind);

      g_string_append (s, line);
    }
}

static void
append_problems (GString    *s,
                 GPtrArray  *problems,
                 const char *step)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const MkProblem *problem = g_ptr_array_index (problems, i);
      /* Translators: "⚠ Applicant: the name is missing (step Applicant)". */
      g_autofree char *line = g_markup_printf_escaped (_("⚠ %s (step %s)\n"), problem->message, step);

      g_string_append (s, line);
    }
}

/* The finish page before the decision: what will be registered, or what is missing (§23). */
static void
mk_intake_summary_section_set_application (MkIntakeSection *section,
                                           const MkCase    *c)
{
  MkIntakeSummarySection *self = MK_INTAKE_SUMMARY_SECTION (section);
  g_autoptr(GPtrArray) missing = mk_case_missing_items ((MkCase *) c);
  g_autoptr(GPtrArray) applicant = mk_workflow_check_applicant (c);
  g_autoptr(GPtrArray) object = mk_workflow_check_object (c);
  GString *s = g_string_new (NULL);
  g_autofree char *markup = NULL;

  append_case_summary (s, c);
  g_string_append (s, "\n");
  /* Every step's problems at once, with the step to go back to (#14). */
  append_problems (s, applicant, _("Applicant"));
  append_problems (s, object, _("Object and address"));

  if (missing->len == 0)
    {
      gtk_label_set_text (self->finish_title_label,
                          applicant->len + object->len == 0 ? _("Ready to register") : _("Not ready yet"));
      markup = g_markup_printf_escaped ("%s\n", _("All required documents are present. Press Register to accept the application (§10 step 2)."));
      g_string_append (s, markup);
    }
  else
    {
      gtk_label_set_text (self->finish_title_label, _("Required documents are missing"));
      markup = g_markup_printf_escaped ("%s\n", _("§23: without these documents the application cannot be accepted. Go back to complete the checklist, or refuse acceptance; the refusal receipt lists:"));
      g_string_append (s, markup);
      append_missing (self, s, missing);
    }
  gtk_label_set_markup (self->finish_label, s->str);
  g_string_free (s, TRUE);
}

static void
mk_intake_summary_section_apply (MkIntakeSection *section,
                                 MkCase          *c)
{
  /* Nothing to type here. */
}

static GtkWidget *
mk_intake_summary_section_get_first_focus (MkIntakeSection *section)
{
  /* The window's Register or Refuse button takes it. */
  return NULL;
}

static void
mk_intake_summary_section_iface_init (MkIntakeSectionInterface *iface)
{
  iface->set_application = mk_intake_summary_section_set_application;
  iface->apply = mk_intake_summary_section_apply;
  iface->get_first_focus = mk_intake_summary_section_get_first_focus;
}

void
mk_intake_summary_section_show_registered (MkIntakeSummarySection *self,
                                           const MkCase           *stored)
{
  g_autofree char *title = NULL;
  g_autofree char *line = NULL;
  GString *s;
  GDate today;

  g_return_if_fail (MK_IS_INTAKE_SUMMARY_SECTION (self));

  mk_clock_today (mk_context_get_clock (self->context), &today);
  /* Translators: "Registered as No. 35-01-2026-00012" */
  title = g_strdup_printf (_("Registered as No. %s"), stored->regno);
  gtk_label_set_text (self->finish_title_label, title);

  s = g_string_new (NULL);
  append_case_summary (s, stored);
  g_string_append (s, "\n");
  line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Term (§7): %u working day",
                                       "Term (§7): %u working days",
                                       stored->deadlines.working_days),
                          stored->deadlines.working_days);
  g_string_append_printf (s, "%s\n", line);
  {
    g_autofree char *issue = mk_case_window_format_deadline (_("Issue date (§7), on the receipt"),
                                                             &stored->deadlines.issue_date, &today);
    g_autofree char *provider = mk_case_window_format_deadline (_("Result due at the center (§20)"),
                                                                &stored->deadlines.provider_due, &today);
    g_autofree char *storage = mk_case_window_format_deadline (_("Kept at the center until (§22)"),
                                                               &stored->deadlines.storage_until, &today);
    g_string_append_printf (s, "%s\n%s\n%s\n", issue, provider, storage);
  }
  g_string_append_printf (s, "\n%s", _("Give the applicant the receipt with the registration number and the issue date (§13)."));
  gtk_label_set_markup (self->finish_label, s->str);
  g_string_free (s, TRUE);
}

void
mk_intake_summary_section_show_refused (MkIntakeSummarySection *self,
                                        const MkCase           *c)
{
  g_autoptr(GPtrArray) missing = NULL;
  g_autofree char *title = NULL;
  g_autofree char *intro = NULL;
  GString *s;

  g_return_if_fail (MK_IS_INTAKE_SUMMARY_SECTION (self));

  if (c->regno != NULL)
    /* Translators: "Acceptance refused, No. 35-01-2026-00013" */
    title = g_strdup_printf (_("Acceptance refused, No. %s"), c->regno);
  else
    title = g_strdup (_("Acceptance refused"));
  gtk_label_set_text (self->finish_title_label, title);

  s = g_string_new (NULL);
  append_case_summary (s, c);
  intro = g_markup_printf_escaped ("\n%s\n", _("§23: the application was not accepted because these documents are missing. Give the applicant the refusal receipt listing them:"));
  g_string_append (s, intro);
  missing = mk_case_missing_items ((MkCase *) c);
  append_missing (self, s, missing);
  gtk_label_set_markup (self->finish_label, s->str);
  g_string_free (s, TRUE);
}

static void
mk_intake_summary_section_dispose (GObject *object)
{
  MkIntakeSummarySection *self = MK_INTAKE_SUMMARY_SECTION (object);

  g_clear_object (&self->context);
  G_OBJECT_CLASS (mk_intake_summary_section_parent_class)->dispose (object);
}

static void
mk_intake_summary_section_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  MkIntakeSummarySection *self = MK_INTAKE_SUMMARY_SECTION (object);

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
mk_intake_summary_section_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  MkIntakeSummarySection *self = MK_INTAKE_SUMMARY_SECTION (object);

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
mk_intake_summary_section_class_init (MkIntakeSummarySectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mk_intake_summary_section_dispose;
  object_class->get_property = mk_intake_summary_section_get_property;
  object_class->set_property = mk_intake_summary_section_set_property;
  g_object_class_override_property (object_class, PROP_CONTEXT, "context");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-intake-summary-section.ui");
  gtk_widget_class_bind_template_child (widget_class, MkIntakeSummarySection, finish_title_label);
  gtk_widget_class_bind_template_child (widget_class, MkIntakeSummarySection, finish_label);
}

static void
mk_intake_summary_section_init (MkIntakeSummarySection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
