/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Intake step 3: the kind of object and the conditions that change its §11
 * checklist, its address in Kazakh and Russian, the address a change or
 * abolition replaces (§6) and the akimat decision it rests on. */

#define G_LOG_DOMAIN "mk-intake-object-section"

#include <glib/gi18n-lib.h>

#include "mk-intake-object-section.h"
#include "mk-ui-util.h"

struct _MkIntakeObjectSection
{
  GtkBox           parent_instance;

  GtkComboBoxText *object_kind_combo;
  GtkCheckButton  *demolition_check;
  GtkCheckButton  *archive_check;
  GtkEntry        *cadastral_entry;
  GtkEntry        *region_kk_entry;
  GtkEntry        *region_ru_entry;
  GtkEntry        *district_kk_entry;
  GtkEntry        *district_ru_entry;
  GtkEntry        *settlement_kk_entry;
  GtkEntry        *settlement_ru_entry;
  GtkComboBoxText *geonym_type_combo;
  GtkEntry        *geonym_kk_entry;
  GtkEntry        *geonym_ru_entry;
  GtkEntry        *building_entry;
  GtkEntry        *block_entry;
  GtkEntry        *premise_entry;
  GtkEntry        *kato_entry;
  GtkLabel        *kato_status_label;
  GtkEntry        *rca_entry;
  GtkLabel        *rca_status_label;
  GtkGrid         *former_grid;
  GtkComboBoxText *former_geonym_type_combo;
  GtkEntry        *former_geonym_kk_entry;
  GtkEntry        *former_geonym_ru_entry;
  GtkEntry        *former_building_entry;
  GtkEntry        *former_block_entry;
  GtkEntry        *former_premise_entry;
  GtkEntry        *former_rca_entry;
  GtkGrid         *basis_grid;
  GtkEntry        *basis_number_entry;
  GtkEntry        *basis_date_entry;
  GtkLabel        *basis_date_status_label;

  MkContext       *context;
  MkServiceKind    kind;      /* as step 1 last said */
  gboolean         loading;
};

static void mk_intake_object_section_iface_init (MkIntakeSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MkIntakeObjectSection, mk_intake_object_section, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (MK_TYPE_INTAKE_SECTION,
                                                      mk_intake_object_section_iface_init))

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static MkObjectKind
get_object_kind (MkIntakeObjectSection *self)
{
  const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->object_kind_combo));
  MkObjectKind kind = MK_OBJECT_BUILDING;

  if (id != NULL)
    mk_object_kind_from_id (id, &kind);
  return kind;
}

/* Whether @condition changes the §11 checklist of @kind: the regulation's data
 * decides which kinds offer a tick box for it, not the code. */
static gboolean
kind_asks_for (MkIntakeObjectSection *self,
               MkServiceKind          kind,
               MkConditions           condition)
{
  MkRegulation *regulation;
  g_autoptr(GPtrArray) with = NULL;
  g_autoptr(GPtrArray) without = NULL;

  if (self->context == NULL)
    return FALSE;
  regulation = mk_store_get_regulation (mk_context_get_store (self->context));
  with = mk_regulation_get_checklist (regulation, kind, condition);
  without = mk_regulation_get_checklist (regulation, kind, MK_CONDITION_NONE);
  return with->len != without->len;
}

static gboolean
has_former_address (MkServiceKind kind)
{
  /* §6 and the Address Register: a change or abolition keeps the former address. */
  return kind == MK_SERVICE_CHANGE || kind == MK_SERVICE_ABOLITION;
}

static void
update_visibility (MkIntakeObjectSection *self)
{
  MkObjectKind object = get_object_kind (self);

  gtk_widget_set_visible (GTK_WIDGET (self->demolition_check),
                          kind_asks_for (self, self->kind, MK_CONDITION_DEMOLITION));
  gtk_widget_set_visible (GTK_WIDGET (self->archive_check),
                          object == MK_OBJECT_GARAGE || object == MK_OBJECT_DACHA);
  gtk_widget_set_visible (GTK_WIDGET (self->former_grid), has_former_address (self->kind));
  /* §11: clarification needs no akimat decision. */
  gtk_widget_set_visible (GTK_WIDGET (self->basis_grid), self->kind != MK_SERVICE_CLARIFICATION);
}

static gboolean
check_code (GtkEntry  *entry,
            GtkLabel  *status,
            gboolean (*validate) (const char *, GError **))
{
  g_autofree char *text = mk_intake_entry_text (entry);
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    {
      if (status != NULL)
        gtk_label_set_text (status, "");
      mk_intake_mark_field (GTK_WIDGET (entry), NULL);
      return TRUE;
    }
  if (!validate (text, &error))
    {
      if (status != NULL)
        mk_intake_set_status (status, error->message, NULL);
      mk_intake_mark_field (GTK_WIDGET (entry), error->message);
      return FALSE;
    }
  if (status != NULL)
    gtk_label_set_text (status, "✓");
  mk_intake_mark_field (GTK_WIDGET (entry), NULL);
  return TRUE;
}

/* DD.MM.YYYY as typed at the desk, or ISO 8601, in a sane range (#13). */
static gboolean
check_basis_date (MkIntakeObjectSection *self)
{
  g_autofree char *text = mk_intake_entry_text (self->basis_date_entry);
  g_autofree char *long_date = NULL;
  const char *message = _("Type the date as DD.MM.YYYY, between 1900 and 2100");
  GDate date;

  if (text == NULL)
    {
      gtk_label_set_text (self->basis_date_status_label, "");
      mk_intake_mark_field (GTK_WIDGET (self->basis_date_entry), NULL);
      return TRUE;
    }
  if (!mk_date_parse (text, &date))
    {
      mk_intake_set_status (self->basis_date_status_label, message, NULL);
      mk_intake_mark_field (GTK_WIDGET (self->basis_date_entry), message);
      return FALSE;
    }
  long_date = mk_date_format_long (&date, mk_ui_language ());
  gtk_label_set_text (self->basis_date_status_label, long_date);
  mk_intake_mark_field (GTK_WIDGET (self->basis_date_entry), NULL);
  return TRUE;
}

/* The codes and the date are checked as they are typed (#14). */
static void
code_changed_cb (GtkEntry              *entry,
                 MkIntakeObjectSection *self)
{
  if (entry == self->kato_entry)
    check_code (entry, self->kato_status_label, mk_kato_validate);
  else if (entry == self->rca_entry)
    check_code (entry, self->rca_status_label, mk_rca_validate);
  else if (entry == self->former_rca_entry)
    check_code (entry, NULL, mk_rca_validate);
  else if (entry == self->basis_date_entry)
    check_basis_date (self);
}

static void
changed_cb (GtkWidget             *widget,
            MkIntakeObjectSection *self)
{
  if (self->loading)
    return;
  update_visibility (self);
  mk_intake_section_changed (MK_INTAKE_SECTION (self));
}

static void
mk_intake_object_section_set_application (MkIntakeSection *section,
                                          const MkCase    *c)
{
  MkIntakeObjectSection *self = MK_INTAKE_OBJECT_SECTION (section);
  const MkAddress *a = c->address;
  const MkAddress *f = c->former_address;
  GtkEntry *entries[] = {
    self->cadastral_entry, self->region_kk_entry, self->region_ru_entry, self->district_kk_entry,
    self->district_ru_entry, self->settlement_kk_entry, self->settlement_ru_entry,
    self->geonym_kk_entry, self->geonym_ru_entry, self->building_entry, self->block_entry,
    self->premise_entry, self->kato_entry, self->rca_entry, self->former_geonym_kk_entry,
    self->former_geonym_ru_entry, self->former_building_entry, self->former_block_entry,
    self->former_premise_entry, self->former_rca_entry, self->basis_number_entry,
    self->basis_date_entry,
  };

  self->loading = TRUE;
  self->kind = c->kind;
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      mk_intake_set_entry (entries[i], NULL);
      mk_intake_mark_field (GTK_WIDGET (entries[i]), NULL);
    }
  mk_intake_set_combo_id (GTK_COMBO_BOX (self->object_kind_combo), mk_object_kind_to_id (c->object_kind));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->demolition_check),
                                (c->conditions & MK_CONDITION_DEMOLITION) != 0);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->archive_check),
                                (c->conditions & MK_CONDITION_ARCHIVE_NEEDED) != 0);
  mk_intake_set_entry (self->cadastral_entry, c->cadastral);
  mk_intake_set_combo_id (GTK_COMBO_BOX (self->geonym_type_combo), a != NULL ? a->geonym_type : NULL);
  if (a != NULL)
    {
      mk_intake_set_entry (self->kato_entry, a->kato);
      mk_intake_set_entry (self->region_kk_entry, a->region.kk);
      mk_intake_set_entry (self->region_ru_entry, a->region.ru);
      mk_intake_set_entry (self->district_kk_entry, a->district.kk);
      mk_intake_set_entry (self->district_ru_entry, a->district.ru);
      mk_intake_set_entry (self->settlement_kk_entry, a->settlement.kk);
      mk_intake_set_entry (self->settlement_ru_entry, a->settlement.ru);
      mk_intake_set_entry (self->geonym_kk_entry, a->geonym.kk);
      mk_intake_set_entry (self->geonym_ru_entry, a->geonym.ru);
      mk_intake_set_entry (self->building_entry, a->building);
      mk_intake_set_entry (self->block_entry, a->block);
      mk_intake_set_entry (self->premise_entry, a->premise);
      mk_intake_set_entry (self->rca_entry, a->rca);
    }
  mk_intake_set_combo_id (GTK_COMBO_BOX (self->former_geonym_type_combo), f != NULL ? f->geonym_type : NULL);
  if (f != NULL)
    {
      mk_intake_set_entry (self->former_geonym_kk_entry, f->geonym.kk);
      mk_intake_set_entry (self->former_geonym_ru_entry, f->geonym.ru);
      mk_intake_set_entry (self->former_building_entry, f->building);
      mk_intake_set_entry (self->former_block_entry, f->block);
      mk_intake_set_entry (self->former_premise_entry, f->premise);
      mk_intake_set_entry (self->former_rca_entry, f->rca);
    }
  mk_intake_set_entry (self->basis_number_entry, c->basis_number);
  if (g_date_valid (&c->basis_date))
    {
      g_autofree char *text = g_strdup_printf ("%02u.%02u.%04u", g_date_get_day (&c->basis_date),
                                               g_date_get_month (&c->basis_date),
                                               g_date_get_year (&c->basis_date));
      mk_intake_set_entry (self->basis_date_entry, text);
    }
  update_visibility (self);
  self->loading = FALSE;
}

static MkAddress *
build_address (MkIntakeObjectSection *self)
{
  MkAddress *a = mk_address_new ();

  a->kato = mk_intake_entry_text (self->kato_entry);
  a->region.kk = mk_intake_entry_text (self->region_kk_entry);
  a->region.ru = mk_intake_entry_text (self->region_ru_entry);
  a->district.kk = mk_intake_entry_text (self->district_kk_entry);
  a->district.ru = mk_intake_entry_text (self->district_ru_entry);
  a->settlement.kk = mk_intake_entry_text (self->settlement_kk_entry);
  a->settlement.ru = mk_intake_entry_text (self->settlement_ru_entry);
  a->geonym_type = g_strdup (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->geonym_type_combo)));
  a->geonym.kk = mk_intake_entry_text (self->geonym_kk_entry);
  a->geonym.ru = mk_intake_entry_text (self->geonym_ru_entry);
  a->building = mk_intake_entry_text (self->building_entry);
  a->block = mk_intake_entry_text (self->block_entry);
  a->premise = mk_intake_entry_text (self->premise_entry);
  a->rca = mk_intake_entry_text (self->rca_entry);
  a->active = TRUE;
  return a;
}

static MkAddress *
build_former_address (MkIntakeObjectSection *self,
                      const MkAddress       *address)
{
  MkAddress *a = mk_address_new ();

  /* The same settlement; only the street-level part changes. */
  a->kato = g_strdup (address->kato);
  mk_text_copy (&a->region, &address->region);
  mk_text_copy (&a->district, &address->district);
  mk_text_copy (&a->settlement, &address->settlement);
  a->geonym_type = g_strdup (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->former_geonym_type_combo)));
  a->geonym.kk = mk_intake_entry_text (self->former_geonym_kk_entry);
  a->geonym.ru = mk_intake_entry_text (self->former_geonym_ru_entry);
  a->building = mk_intake_entry_text (self->former_building_entry);
  a->block = mk_intake_entry_text (self->former_block_entry);
  a->premise = mk_intake_entry_text (self->former_premise_entry);
  a->rca = mk_intake_entry_text (self->former_rca_entry);
  /* §6: a change or abolition makes the former address inactive. */
  a->active = FALSE;
  return a;
}

static void
mk_intake_object_section_apply (MkIntakeSection *section,
                                MkCase          *c)
{
  MkIntakeObjectSection *self = MK_INTAKE_OBJECT_SECTION (section);
  MkObjectKind object = get_object_kind (self);
  g_autofree char *basis_date = NULL;

  c->object_kind = object;
  c->conditions &= ~(MK_CONDITION_GARAGE_OR_DACHA | MK_CONDITION_ARCHIVE_NEEDED | MK_CONDITION_DEMOLITION);
  /* §11: the master plan and the chairman's certificate are for garages and dachas. */
  if (object == MK_OBJECT_GARAGE || object == MK_OBJECT_DACHA)
    {
      c->conditions |= MK_CONDITION_GARAGE_OR_DACHA;
      if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->archive_check)))
        c->conditions |= MK_CONDITION_ARCHIVE_NEEDED;
    }
  if (kind_asks_for (self, c->kind, MK_CONDITION_DEMOLITION) &&
      gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->demolition_check)))
    c->conditions |= MK_CONDITION_DEMOLITION;

  g_free (c->cadastral);
  c->cadastral = mk_intake_entry_text (self->cadastral_entry);
  g_clear_pointer (&c->address, mk_address_free);
  g_clear_pointer (&c->former_address, mk_address_free);
  c->address = build_address (self);
  if (has_former_address (c->kind))
    c->former_address = build_former_address (self, c->address);
  g_clear_pointer (&c->basis_number, g_free);
  g_date_clear (&c->basis_date, 1);
  if (c->kind != MK_SERVICE_CLARIFICATION)
    {
      c->basis_number = mk_intake_entry_text (self->basis_number_entry);
      basis_date = mk_intake_entry_text (self->basis_date_entry);
      if (basis_date != NULL)
        mk_date_parse (basis_date, &c->basis_date);
    }
}

static void
mk_intake_object_section_update (MkIntakeSection *section,
                                 const MkCase    *c)
{
  MkIntakeObjectSection *self = MK_INTAKE_OBJECT_SECTION (section);

  if (self->kind == c->kind)
    return;
  self->kind = c->kind;
  self->loading = TRUE;
  update_visibility (self);
  self->loading = FALSE;
}

/* §6, §11: every problem of the step at once, each beside its field (#14). */
static GtkWidget *
mk_intake_object_section_validate (MkIntakeSection *section,
                                   const MkCase    *c,
                                   GPtrArray       *messages)
{
  MkIntakeObjectSection *self = MK_INTAKE_OBJECT_SECTION (section);
  g_autoptr(GPtrArray) problems = mk_workflow_check_object (c);
  /* In the order of the form. */
  struct { const char *field; GtkWidget *widget; } fields[] = {
    { "address-settlement", GTK_WIDGET (self->settlement_kk_entry) },
    { "address-geonym", GTK_WIDGET (self->geonym_kk_entry) },
    { "address-kato", GTK_WIDGET (self->kato_entry) },
    { "address-rca", GTK_WIDGET (self->rca_entry) },
    { "former-geonym", GTK_WIDGET (self->former_geonym_kk_entry) },
    { "former-rca", GTK_WIDGET (self->former_rca_entry) },
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
  if (gtk_widget_get_visible (GTK_WIDGET (self->basis_grid)) && !check_basis_date (self))
    {
      g_ptr_array_add (messages, g_strdup (_("Type the date of the akimat decision as DD.MM.YYYY.")));
      if (first == NULL)
        first = GTK_WIDGET (self->basis_date_entry);
    }
  return first;
}

static GtkWidget *
mk_intake_object_section_get_first_focus (MkIntakeSection *section)
{
  return GTK_WIDGET (MK_INTAKE_OBJECT_SECTION (section)->object_kind_combo);
}

static void
mk_intake_object_section_iface_init (MkIntakeSectionInterface *iface)
{
  iface->set_application = mk_intake_object_section_set_application;
  iface->apply = mk_intake_object_section_apply;
  iface->update = mk_intake_object_section_update;
  iface->validate = mk_intake_object_section_validate;
  iface->get_first_focus = mk_intake_object_section_get_first_focus;
}

static void
fill_object_kinds (MkIntakeObjectSection *self)
{
  gtk_combo_box_text_remove_all (self->object_kind_combo);
  for (int kind = 0; kind < MK_OBJECT_N_KINDS; kind++)
    gtk_combo_box_text_append (self->object_kind_combo, mk_object_kind_to_id (kind),
                               mk_object_kind_name (kind));
  gtk_combo_box_set_active (GTK_COMBO_BOX (self->object_kind_combo), 0);
}

static void
mk_intake_object_section_dispose (GObject *object)
{
  MkIntakeObjectSection *self = MK_INTAKE_OBJECT_SECTION (object);

  g_clear_object (&self->context);
  G_OBJECT_CLASS (mk_intake_object_section_parent_class)->dispose (object);
}

static void
mk_intake_object_section_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  MkIntakeObjectSection *self = MK_INTAKE_OBJECT_SECTION (object);

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
mk_intake_object_section_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  MkIntakeObjectSection *self = MK_INTAKE_OBJECT_SECTION (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      if (g_set_object (&self->context, g_value_get_object (value)))
        {
          self->loading = TRUE;
          update_visibility (self);
          self->loading = FALSE;
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mk_intake_object_section_class_init (MkIntakeObjectSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mk_intake_object_section_dispose;
  object_class->get_property = mk_intake_object_section_get_property;
  object_class->set_property = mk_intake_object_section_set_property;
  g_object_class_override_property (object_class, PROP_CONTEXT, "context");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-intake-object-section.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MkIntakeObjectSection, name)
  BIND (object_kind_combo);
  BIND (demolition_check);
  BIND (archive_check);
  BIND (cadastral_entry);
  BIND (region_kk_entry);
  BIND (region_ru_entry);
  BIND (district_kk_entry);
  BIND (district_ru_entry);
  BIND (settlement_kk_entry);
  BIND (settlement_ru_entry);
  BIND (geonym_type_combo);
  BIND (geonym_kk_entry);
  BIND (geonym_ru_entry);
  BIND (building_entry);
  BIND (block_entry);
  BIND (premise_entry);
  BIND (kato_entry);
  BIND (kato_status_label);
  BIND (rca_entry);
  BIND (rca_status_label);
  BIND (former_grid);
  BIND (former_geonym_type_combo);
  BIND (former_geonym_kk_entry);
  BIND (former_geonym_ru_entry);
  BIND (former_building_entry);
  BIND (former_block_entry);
  BIND (former_premise_entry);
  BIND (former_rca_entry);
  BIND (basis_grid);
  BIND (basis_number_entry);
  BIND (basis_date_entry);
  BIND (basis_date_status_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_changed_cb);
}

static void
mk_intake_object_section_init (MkIntakeObjectSection *self)
{
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_object_kinds (self);
  gtk_combo_box_set_active (GTK_COMBO_BOX (self->geonym_type_combo), 0);
  gtk_combo_box_set_active (GTK_COMBO_BOX (self->former_geonym_type_combo), 0);
  self->loading = FALSE;
}
