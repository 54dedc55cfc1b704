/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Guided intake at the center's desk (§10 steps 1–2, §11–§13, §23). */

#define G_LOG_DOMAIN "mk-intake-window"

#include <glib/gi18n-lib.h>

#include "mk-attachment-strip.h"
#include "mk-case-window.h"
#include "mk-checklist-row.h"
#include "mk-document-window.h"
#include "mk-intake-window.h"
#include "mk-ui-util.h"

/* Seconds of quiet typing after which the draft is saved. */
#define AUTOSAVE_SECONDS 3

static const char * const page_names[] = {
  "service", "applicant", "object", "checklist", "finish",
};

struct _MkIntakeWindow
{
  GtkWindow        parent_instance;

  GtkHeaderBar    *header_bar;
  GtkInfoBar      *draft_infobar;
  GtkLabel        *draft_label;
  GtkInfoBar      *error_infobar;
  GtkLabel        *error_label;
  GtkStackSidebar *sidebar;
  GtkStack        *stack;

  GtkRadioButton  *kind_assignment;
  GtkRadioButton  *kind_change;
  GtkRadioButton  *kind_abolition;
  GtkRadioButton  *kind_clarification;
  GtkLabel        *term_label;
  GtkLabel        *desk_time_label;
  GtkLabel        *center_label;
  GtkLabel        *accepted_label;
  GtkComboBoxText *provider_combo;

  GtkRadioButton  *individual_radio;
  GtkRadioButton  *legal_radio;
  GtkEntry        *idn_entry;
  GtkLabel        *idn_status_label;
  GtkEntry        *name_entry;
  GtkEntry        *phone_entry;
  GtkCheckButton  *rep_check;
  GtkEntry        *rep_name_entry;
  GtkEntry        *rep_idn_entry;
  GtkLabel        *rep_idn_status_label;
  GtkEntry        *rep_phone_entry;
  GtkEntry        *rep_poa_entry;

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

  GtkLabel        *checklist_summary_label;
  GtkListBox      *checklist_box;

  GtkLabel        *finish_title_label;
  GtkLabel        *finish_label;

  GtkButton       *back_button;
  GtkButton       *next_button;
  GtkButton       *register_button;
  GtkButton       *refuse_button;
  GtkButton       *open_case_button;
  GtkButton       *print_receipt_button;
  GtkButton       *new_button;

  MkContext       *context;
  GPtrArray       *checklist;      /* MkChecklistItem*, for the current kind and conditions */
  GPtrArray       *items;          /* MkCaseItem*, owned, parallel to @checklist */
  GHashTable      *pending_attachments; /* doc_kind → imports waiting for the case to exist */
  guint            autosave_id;
  guint            desk_timer_id;
  gint64           desk_started;   /* monotonic µs when this applicant's intake began */
  gboolean         loading;        /* filling the form from code: not an edit */
  gboolean         draft_pending;  /* the resume question is open: do not overwrite the draft */
  gboolean         finished;
  gint64           case_id;
};

G_DEFINE_FINAL_TYPE (MkIntakeWindow, mk_intake_window, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum {
  CASE_REGISTERED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
name_sidebar_list_cb (GtkWidget *widget,
                      gpointer   user_data)
{
  if (GTK_IS_LIST_BOX (widget))
    atk_object_set_name (gtk_widget_get_accessible (widget), _("Steps of the application"));
  else if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), name_sidebar_list_cb, user_data);
}

static MkStore *
get_store (MkIntakeWindow *self)
{
  return mk_context_get_store (self->context);
}

static const MkUser *
get_user (MkIntakeWindow *self)
{
  return mk_context_get_user (self->context);
}

static void
show_error (MkIntakeWindow *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_show (GTK_WIDGET (self->error_infobar));
}

static void
hide_error (MkIntakeWindow *self)
{
  gtk_widget_hide (GTK_WIDGET (self->error_infobar));
}

static char *
entry_text (GtkEntry *entry)
{
  g_autofree char *text = g_strdup (gtk_entry_get_text (entry));

  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
set_entry (GtkEntry   *entry,
           const char *text)
{
  gtk_entry_set_text (entry, text != NULL ? text : "");
}

static MkServiceKind
get_kind (MkIntakeWindow *self)
{
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->kind_change)))
    return MK_SERVICE_CHANGE;
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->kind_abolition)))
    return MK_SERVICE_ABOLITION;
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->kind_clarification)))
    return MK_SERVICE_CLARIFICATION;
  return MK_SERVICE_ASSIGNMENT;
}

static void
set_kind (MkIntakeWindow *self,
          MkServiceKind   kind)
{
  GtkRadioButton *radio;

  switch (kind)
    {
    case MK_SERVICE_CHANGE:        radio = self->kind_change; break;
    case MK_SERVICE_ABOLITION:     radio = self->kind_abolition; break;
    case MK_SERVICE_CLARIFICATION: radio = self->kind_clarification; break;
    case MK_SERVICE_ASSIGNMENT:
    case MK_SERVICE_N_KINDS:
    default:                       radio = self->kind_assignment; break;
    }
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (radio), TRUE);
}

static MkObjectKind
get_object_kind (MkIntakeWindow *self)
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
kind_asks_for (MkIntakeWindow *self,
               MkServiceKind   kind,
               MkConditions    condition)
{
  MkRegulation *regulation = mk_store_get_regulation (get_store (self));
  g_autoptr(GPtrArray) with = mk_regulation_get_checklist (regulation, kind, condition);
  g_autoptr(GPtrArray) without = mk_regulation_get_checklist (regulation, kind, MK_CONDITION_NONE);

  return with->len != without->len;
}

static MkConditions
get_conditions (MkIntakeWindow *self)
{
  MkServiceKind kind = get_kind (self);
  MkObjectKind object = get_object_kind (self);
  MkConditions conditions = MK_CONDITION_NONE;

  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->rep_check)))
    conditions |= MK_CONDITION_REPRESENTATIVE;
  /* §11: the master plan and the chairman's certificate are for garages and dachas. */
  if (object == MK_OBJECT_GARAGE || object == MK_OBJECT_DACHA)
    {
      conditions |= MK_CONDITION_GARAGE_OR_DACHA;
      if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->archive_check)))
        conditions |= MK_CONDITION_ARCHIVE_NEEDED;
    }
  if (kind_asks_for (self, kind, MK_CONDITION_DEMOLITION) &&
      gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->demolition_check)))
    conditions |= MK_CONDITION_DEMOLITION;
  return conditions;
}

static gboolean
is_legal_entity (MkIntakeWindow *self)
{
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->legal_radio));
}

/* Shows why an ИИН/БИН is wrong next to the field, as it is typed. */
static gboolean
check_idn (GtkEntry *entry,
           GtkLabel *status,
           MkIdKind  expected)
{
  g_autofree char *text = entry_text (entry);
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
      markup = g_markup_printf_escaped ("<span foreground=\"#c01c28\">⚠ %s</span>", error->message);
      gtk_label_set_markup (status, markup);
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

static gboolean
check_code (GtkEntry  *entry,
            GtkLabel  *status,
            gboolean (*validate) (const char *, GError **))
{
  g_autofree char *text = entry_text (entry);
  g_autoptr(GError) error = NULL;
  g_autofree char *markup = NULL;

  if (text == NULL)
    {
      gtk_label_set_text (status, "");
      return TRUE;
    }
  if (!validate (text, &error))
    {
      markup = g_markup_printf_escaped ("<span foreground=\"#c01c28\">⚠ %s</span>", error->message);
      gtk_label_set_markup (status, markup);
      return FALSE;
    }
  gtk_label_set_text (status, "✓");
  return TRUE;
}

/* DD.MM.YYYY as typed at the desk, or ISO 8601, in a sane range (#13). */
static gboolean
parse_date (const char *text,
            GDate      *date)
{
  return mk_date_parse (text, date);
}

static gboolean
check_basis_date (MkIntakeWindow *self)
{
  g_autofree char *text = entry_text (self->basis_date_entry);
  g_autofree char *markup = NULL;
  GDate date;

  if (text == NULL)
    {
      gtk_label_set_text (self->basis_date_status_label, "");
      return TRUE;
    }
  if (!parse_date (text, &date))
    {
      markup = g_markup_printf_escaped ("<span foreground=\"#c01c28\">⚠ %s</span>",
                                        _("Type the date as DD.MM.YYYY, between 1900 and 2100"));
      gtk_label_set_markup (self->basis_date_status_label, markup);
      return FALSE;
    }
  markup = mk_date_format_long (&date, mk_ui_language ());
  gtk_label_set_text (self->basis_date_status_label, markup);
  return TRUE;
}

static void
update_term (MkIntakeWindow *self)
{
  MkRegulation *regulation = mk_store_get_regulation (get_store (self));
  guint days = mk_regulation_get_term_days (regulation, get_kind (self));
  g_autofree char *text = NULL;

  /* §7: 3 working days for clarification, 7 for the other kinds. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Term: %u working day after the day of acceptance (§7).",
                                       "Term: %u working days after the day of acceptance (§7).",
                                       days),
                          days);
  gtk_label_set_text (self->term_label, text);
}

static void
update_visibility (MkIntakeWindow *self)
{
  MkServiceKind kind = get_kind (self);
  MkObjectKind object = get_object_kind (self);
  gboolean rep = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->rep_check));

  gtk_widget_set_visible (GTK_WIDGET (self->demolition_check),
                          kind_asks_for (self, kind, MK_CONDITION_DEMOLITION));
  gtk_widget_set_visible (GTK_WIDGET (self->archive_check),
                          object == MK_OBJECT_GARAGE || object == MK_OBJECT_DACHA);
  /* §6 and the Address Register: a change keeps the former address. */
  gtk_widget_set_visible (GTK_WIDGET (self->former_grid),
                          kind == MK_SERVICE_CHANGE || kind == MK_SERVICE_ABOLITION);
  /* §11: clarification needs no akimat decision. */
  gtk_widget_set_visible (GTK_WIDGET (self->basis_grid), kind != MK_SERVICE_CLARIFICATION);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rep_name_entry), rep);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rep_idn_entry), rep);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rep_phone_entry), rep);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rep_poa_entry), rep);
  update_term (self);
}

static void
update_checklist_summary (MkIntakeWindow *self)
{
  guint required = 0, present = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < self->items->len; i++)
    {
      MkCaseItem *item = g_ptr_array_index (self->items, i);

      if (!item->required)
        continue;
      required++;
      if (item->present)
        present++;
    }
  if (present == required)
    text = g_strdup_printf (_("✓ All %u required documents are present."), required);
  else
    /* Translators: "3 of 5 required documents present; …" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u of %u required document present; without all of them the application cannot be accepted (§23).",
                                         "%u of %u required documents present; without all of them the application cannot be accepted (§23).",
                                         required),
                            present, required);
  gtk_label_set_text (self->checklist_summary_label, text);
}

static void schedule_autosave (MkIntakeWindow *self);

static void
checklist_row_changed_cb (MkChecklistRow *row,
                          MkIntakeWindow *self)
{
  update_checklist_summary (self);
  schedule_autosave (self);
}

/* A document scanned or attached is evidently present (§11). */
static void
attachments_changed_cb (MkAttachmentStrip *strip,
                        MkChecklistRow    *row)
{
  guint n = mk_attachment_strip_get_n_attachments (strip);

  mk_checklist_row_set_n_attachments (row, n);
  if (n > 0)
    mk_checklist_row_set_present (row, TRUE);
}

/* §11: the checklist follows the kind and the conditions; ticks already made stay. */
static void
rebuild_checklist (MkIntakeWindow *self,
                   GPtrArray      *keep)
{
  MkRegulation *regulation = mk_store_get_regulation (get_store (self));
  g_autoptr(GPtrArray) old_items = self->items;
  g_autoptr(GList) children = NULL;

  g_clear_pointer (&self->checklist, g_ptr_array_unref);
  self->checklist = mk_regulation_get_checklist (regulation, get_kind (self), get_conditions (self));
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_case_item_free);

  if (keep == NULL)
    keep = old_items;

  for (guint i = 0; i < self->checklist->len; i++)
    {
      const MkChecklistItem *ci = g_ptr_array_index (self->checklist, i);
      MkCaseItem *item = mk_case_item_new (ci->kind->id, ci->required);

      for (guint j = 0; keep != NULL && j < keep->len; j++)
        {
          MkCaseItem *old = g_ptr_array_index (keep, j);

          if (g_strcmp0 (old->doc_kind, item->doc_kind) == 0)
            {
              item->present = old->present;
              item->original_returned = old->original_returned;
              item->n_attachments = old->n_attachments;
            }
        }
      g_ptr_array_add (self->items, item);
    }

  children = gtk_container_get_children (GTK_CONTAINER (self->checklist_box));
  for (GList *l = children; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);
  for (guint i = 0; i < self->items->len; i++)
    {
      MkCaseItem *item = g_ptr_array_index (self->items, i);
      GtkWidget *row = mk_checklist_row_new (regulation, g_ptr_array_index (self->checklist, i),
                                             item, TRUE);
      GtkWidget *strip = mk_attachment_strip_new_unsaved (self->context, item->doc_kind,
                                                          mk_pending_attachments_for_kind (self->pending_attachments,
                                                                                           item->doc_kind));

      g_signal_connect_object (row, "changed", G_CALLBACK (checklist_row_changed_cb), self, 0);
      g_signal_connect_object (strip, "changed", G_CALLBACK (attachments_changed_cb), row, 0);
      gtk_container_add (GTK_CONTAINER (mk_checklist_row_get_attachment_area (MK_CHECKLIST_ROW (row))), strip);
      mk_attachment_strip_add_drop_target (MK_ATTACHMENT_STRIP (strip), row);
      mk_checklist_row_set_n_attachments (MK_CHECKLIST_ROW (row),
                                          mk_attachment_strip_get_n_attachments (MK_ATTACHMENT_STRIP (strip)));
      gtk_container_add (GTK_CONTAINER (self->checklist_box), row);
    }
  /* Imports for items no longer on the checklist cannot be stored with the case. */
  mk_pending_attachments_keep_only (self->pending_attachments, self->items);
  update_checklist_summary (self);
}

static MkAddress *
build_address (MkIntakeWindow *self)
{
  MkAddress *a = mk_address_new ();

  a->kato = entry_text (self->kato_entry);
  a->region.kk = entry_text (self->region_kk_entry);
  a->region.ru = entry_text (self->region_ru_entry);
  a->district.kk = entry_text (self->district_kk_entry);
  a->district.ru = entry_text (self->district_ru_entry);
  a->settlement.kk = entry_text (self->settlement_kk_entry);
  a->settlement.ru = entry_text (self->settlement_ru_entry);
  a->geonym_type = g_strdup (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->geonym_type_combo)));
  a->geonym.kk = entry_text (self->geonym_kk_entry);
  a->geonym.ru = entry_text (self->geonym_ru_entry);
  a->building = entry_text (self->building_entry);
  a->block = entry_text (self->block_entry);
  a->premise = entry_text (self->premise_entry);
  a->rca = entry_text (self->rca_entry);
  a->active = TRUE;
  return a;
}

static MkAddress *
build_former_address (MkIntakeWindow *self,
                      const MkAddress *address)
{
  MkAddress *a = mk_address_new ();

  /* The same settlement; only the street-level part changes. */
  a->kato = g_strdup (address->kato);
  mk_text_copy (&a->region, &address->region);
  mk_text_copy (&a->district, &address->district);
  mk_text_copy (&a->settlement, &address->settlement);
  a->geonym_type = g_strdup (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->former_geonym_type_combo)));
  a->geonym.kk = entry_text (self->former_geonym_kk_entry);
  a->geonym.ru = entry_text (self->former_geonym_ru_entry);
  a->building = entry_text (self->former_building_entry);
  a->block = entry_text (self->former_block_entry);
  a->premise = entry_text (self->former_premise_entry);
  a->rca = entry_text (self->former_rca_entry);
  /* §6: a change or abolition makes the former address inactive. */
  a->active = FALSE;
  return a;
}

static MkCase *
build_case (MkIntakeWindow *self)
{
  const MkUser *user = get_user (self);
  MkCase *c = mk_case_new ();
  g_autofree char *basis_date = NULL;

  c->kind = get_kind (self);
  c->conditions = get_conditions (self);
  c->center_id = g_strdup (user != NULL ? user->office_id : NULL);
  c->provider_id = g_strdup (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->provider_combo)));
  c->accepted_by = user != NULL ? user->id : 0;

  c->applicant_kind = is_legal_entity (self) ? MK_APPLICANT_LEGAL_ENTITY : MK_APPLICANT_INDIVIDUAL;
  c->applicant_idn = entry_text (self->idn_entry);
  c->applicant_name = entry_text (self->name_entry);
  c->applicant_phone = entry_text (self->phone_entry);
  if (c->conditions & MK_CONDITION_REPRESENTATIVE)
    {
      c->rep_name = entry_text (self->rep_name_entry);
      c->rep_idn = entry_text (self->rep_idn_entry);
      c->rep_phone = entry_text (self->rep_phone_entry);
      c->rep_poa = entry_text (self->rep_poa_entry);
    }

  c->object_kind = get_object_kind (self);
  c->cadastral = entry_text (self->cadastral_entry);
  c->address = build_address (self);
  if (c->kind == MK_SERVICE_CHANGE || c->kind == MK_SERVICE_ABOLITION)
    c->former_address = build_former_address (self, c->address);
  if (c->kind != MK_SERVICE_CLARIFICATION)
    {
      c->basis_number = entry_text (self->basis_number_entry);
      basis_date = entry_text (self->basis_date_entry);
      parse_date (basis_date, &c->basis_date);
    }

  for (guint i = 0; i < self->items->len; i++)
    {
      MkCaseItem *item = g_ptr_array_index (self->items, i);
      MkCaseItem *copy = mk_case_item_new (item->doc_kind, item->required);

      copy->present = item->present;
      copy->original_returned = item->original_returned;
      copy->n_attachments = item->n_attachments;
      g_ptr_array_add (c->items, copy);
    }
  return c;
}

static void
set_combo_id (GtkComboBoxText *combo,
              const char      *id)
{
  if (id == NULL || !gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), id))
    gtk_combo_box_set_active (GTK_COMBO_BOX (combo), 0);
}

static void
fill_form (MkIntakeWindow *self,
           MkCase         *c)
{
  MkAddress *a = c->address;
  MkAddress *f = c->former_address;

  self->loading = TRUE;
  set_kind (self, c->kind);
  if (c->provider_id != NULL)
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->provider_combo), c->provider_id);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (c->applicant_kind == MK_APPLICANT_LEGAL_ENTITY
                                                   ? self->legal_radio : self->individual_radio), TRUE);
  set_entry (self->idn_entry, c->applicant_idn);
  set_entry (self->name_entry, c->applicant_name);
  set_entry (self->phone_entry, c->applicant_phone);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->rep_check),
                                (c->conditions & MK_CONDITION_REPRESENTATIVE) != 0);
  set_entry (self->rep_name_entry, c->rep_name);
  set_entry (self->rep_idn_entry, c->rep_idn);
  set_entry (self->rep_phone_entry, c->rep_phone);
  set_entry (self->rep_poa_entry, c->rep_poa);

  gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->object_kind_combo),
                               mk_object_kind_to_id (c->object_kind));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->demolition_check),
                                (c->conditions & MK_CONDITION_DEMOLITION) != 0);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->archive_check),
                                (c->conditions & MK_CONDITION_ARCHIVE_NEEDED) != 0);
  set_entry (self->cadastral_entry, c->cadastral);
  if (a != NULL)
    {
      set_entry (self->kato_entry, a->kato);
      set_entry (self->region_kk_entry, a->region.kk);
      set_entry (self->region_ru_entry, a->region.ru);
      set_entry (self->district_kk_entry, a->district.kk);
      set_entry (self->district_ru_entry, a->district.ru);
      set_entry (self->settlement_kk_entry, a->settlement.kk);
      set_entry (self->settlement_ru_entry, a->settlement.ru);
      set_combo_id (self->geonym_type_combo, a->geonym_type);
      set_entry (self->geonym_kk_entry, a->geonym.kk);
      set_entry (self->geonym_ru_entry, a->geonym.ru);
      set_entry (self->building_entry, a->building);
      set_entry (self->block_entry, a->block);
      set_entry (self->premise_entry, a->premise);
      set_entry (self->rca_entry, a->rca);
    }
  if (f != NULL)
    {
      set_combo_id (self->former_geonym_type_combo, f->geonym_type);
      set_entry (self->former_geonym_kk_entry, f->geonym.kk);
      set_entry (self->former_geonym_ru_entry, f->geonym.ru);
      set_entry (self->former_building_entry, f->building);
      set_entry (self->former_block_entry, f->block);
      set_entry (self->former_premise_entry, f->premise);
      set_entry (self->former_rca_entry, f->rca);
    }
  set_entry (self->basis_number_entry, c->basis_number);
  if (g_date_valid (&c->basis_date))
    {
      g_autofree char *text = g_strdup_printf ("%02u.%02u.%04u", g_date_get_day (&c->basis_date),
                                               g_date_get_month (&c->basis_date),
                                               g_date_get_year (&c->basis_date));
      set_entry (self->basis_date_entry, text);
    }
  else
    set_entry (self->basis_date_entry, NULL);

  update_visibility (self);
  rebuild_checklist (self, c->items);
  self->loading = FALSE;
}

static gboolean
has_typed_anything (MkIntakeWindow *self)
{
  GtkEntry *entries[] = {
    self->idn_entry, self->name_entry, self->phone_entry, self->geonym_kk_entry,
    self->geonym_ru_entry, self->building_entry, self->basis_number_entry,
  };

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    if (gtk_entry_get_text_length (entries[i]) > 0)
      return TRUE;
  return FALSE;
}

/* §9 safekeeping: whatever was typed survives closing the window or a crash. */
static void
save_draft (MkIntakeWindow *self)
{
  const MkUser *user = get_user (self);
  g_autoptr(MkCase) c = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (self->finished || self->draft_pending || user == NULL || !has_typed_anything (self))
    return;
  c = build_case (self);
  json = mk_case_to_json (c);
  if (!mk_store_save_draft (get_store (self), user->id, json, &error))
    show_error (self, error->message);
}

static gboolean
autosave_cb (gpointer data)
{
  MkIntakeWindow *self = data;

  self->autosave_id = 0;
  save_draft (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_autosave (MkIntakeWindow *self)
{
  if (self->loading || self->finished)
    return;
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->autosave_id = g_timeout_add_seconds (AUTOSAVE_SECONDS, autosave_cb, self);
}

static guint
current_page (MkIntakeWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    if (g_strcmp0 (name, page_names[i]) == 0)
      return i;
  return 0;
}

static void
append_case_summary (MkIntakeWindow *self,
                     GString        *s,
                     MkCase         *c)
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

/* The finish page before the decision: what will be registered, or what is missing (§23). */
static void
show_preview (MkIntakeWindow *self)
{
  g_autoptr(MkCase) c = build_case (self);
  g_autoptr(GPtrArray) missing = mk_case_missing_items (c);
  MkRegulation *regulation = mk_store_get_regulation (get_store (self));
  GString *s = g_string_new (NULL);
  g_autofree char *markup = NULL;
  gboolean id_ok;

  id_ok = check_idn (self->idn_entry, self->idn_status_label,
                     is_legal_entity (self) ? MK_ID_KIND_BIN : MK_ID_KIND_IIN);
  append_case_summary (self, s, c);
  g_string_append (s, "\n");
  if (!id_ok)
    {
      markup = g_markup_printf_escaped ("⚠ %s\n", _("The applicant's IIN or BIN is missing or wrong; see the Applicant page."));
      g_string_append (s, markup);
      g_clear_pointer (&markup, g_free);
    }

  if (missing->len == 0)
    {
      gtk_label_set_text (self->finish_title_label, _("Ready to register"));
      markup = g_markup_printf_escaped ("%s\n", _("All required documents are present. Press Register to accept the application (§10 step 2)."));
      g_string_append (s, markup);
    }
  else
    {
      gtk_label_set_text (self->finish_title_label, _("Required documents are missing"));
      markup = g_markup_printf_escaped ("%s\n", _("§23: without these documents the application cannot be accepted. Go back to complete the checklist, or refuse acceptance; the refusal receipt lists:"));
      g_string_append (s, markup);
      for (guint i = 0; i < missing->len; i++)
        {
          MkCaseItem *item = g_ptr_array_index (missing, i);
          const MkDocumentKind *kind = mk_regulation_get_document_kind (regulation, item->doc_kind);
          g_autofree char *line = g_markup_printf_escaped ("  • %s\n",
                                                           kind != NULL ? mk_text_get (&kind->name) : item->doc_kind);
          g_string_append (s, line);
        }
    }
  gtk_label_set_markup (self->finish_label, s->str);
  g_string_free (s, TRUE);

  gtk_widget_set_visible (GTK_WIDGET (self->register_button), missing->len == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->refuse_button), missing->len > 0);
  gtk_widget_grab_default (GTK_WIDGET (missing->len == 0 ? self->register_button : self->refuse_button));
}

static void
update_buttons (MkIntakeWindow *self)
{
  guint page = current_page (self);
  gboolean last = page == G_N_ELEMENTS (page_names) - 1;
  g_autofree char *subtitle = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), !self->finished);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), page > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), !self->finished && !last);
  gtk_widget_set_visible (GTK_WIDGET (self->open_case_button), self->finished && self->case_id > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->new_button), self->finished);
  gtk_widget_set_visible (GTK_WIDGET (self->print_receipt_button), self->finished && self->case_id > 0);
  if (!last || self->finished)
    {
      gtk_widget_hide (GTK_WIDGET (self->register_button));
      gtk_widget_hide (GTK_WIDGET (self->refuse_button));
    }
  if (!last && !self->finished)
    gtk_widget_grab_default (GTK_WIDGET (self->next_button));

  {
    GValue title = G_VALUE_INIT;

    g_value_init (&title, G_TYPE_STRING);
    gtk_container_child_get_property (GTK_CONTAINER (self->stack),
                                      gtk_stack_get_visible_child (self->stack), "title", &title);
    /* Translators: header bar subtitle, "Step 2 of 5: Applicant". */
    subtitle = g_strdup_printf (_("Step %u of %u: %s"), page + 1, (guint) G_N_ELEMENTS (page_names),
                                g_value_get_string (&title));
    g_value_unset (&title);
  }
  gtk_header_bar_set_subtitle (self->header_bar, subtitle);
}

static void
page_changed_cb (GtkStack       *stack,
                 GParamSpec     *pspec,
                 MkIntakeWindow *self)
{
  guint page = current_page (self);

  /* Moving on means the resume question was answered "start anew". */
  if (self->draft_pending && page > 0)
    {
      self->draft_pending = FALSE;
      gtk_widget_hide (GTK_WIDGET (self->draft_infobar));
    }
  if (page == G_N_ELEMENTS (page_names) - 1 && !self->finished)
    show_preview (self);
  update_buttons (self);
  save_draft (self);
}

static void
go_to_page (MkIntakeWindow *self,
            guint           page)
{
  GtkWidget *focus;

  if (page >= G_N_ELEMENTS (page_names))
    return;
  gtk_stack_set_visible_child_name (self->stack, page_names[page]);
  /* Start typing on the new page at once. */
  switch (page)
    {
    case 0: focus = GTK_WIDGET (self->kind_assignment); break;
    case 1: focus = GTK_WIDGET (self->idn_entry); break;
    case 2: focus = GTK_WIDGET (self->object_kind_combo); break;
    case 3: focus = GTK_WIDGET (self->checklist_box); break;
    default: focus = NULL; break;
    }
  if (page == 0)
    {
      MkServiceKind kind = get_kind (self);

      focus = GTK_WIDGET (kind == MK_SERVICE_CHANGE ? self->kind_change
                          : kind == MK_SERVICE_ABOLITION ? self->kind_abolition
                          : kind == MK_SERVICE_CLARIFICATION ? self->kind_clarification
                          : self->kind_assignment);
    }
  if (page == 3)
    {
      GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->checklist_box, 0);

      /* The first row's "present" check: ticking starts at once. */
      if (first != NULL && gtk_widget_child_focus (GTK_WIDGET (first), GTK_DIR_TAB_FORWARD))
        return;
      focus = GTK_WIDGET (self->checklist_box);
    }
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
  else if (page == G_N_ELEMENTS (page_names) - 1)
    gtk_widget_grab_focus (GTK_WIDGET (gtk_widget_get_visible (GTK_WIDGET (self->register_button))
                                       ? self->register_button : self->back_button));
}

/* Checks the page before leaving it forward; the reason is shown and the field focused. */
static gboolean
validate_page (MkIntakeWindow *self,
               guint           page)
{
  GtkWidget *bad = NULL;
  const char *message = NULL;

  if (page == 1)
    {
      gboolean rep = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->rep_check));

      if (!check_idn (self->idn_entry, self->idn_status_label,
                      is_legal_entity (self) ? MK_ID_KIND_BIN : MK_ID_KIND_IIN))
        {
          bad = GTK_WIDGET (self->idn_entry);
          message = is_legal_entity (self) ? _("Type the applicant's valid 12-digit BIN.")
                                           : _("Type the applicant's valid 12-digit IIN.");
        }
      else if (gtk_entry_get_text_length (self->name_entry) == 0)
        {
          bad = GTK_WIDGET (self->name_entry);
          message = _("Type the applicant's full name or the entity's name.");
        }
      else if (rep && gtk_entry_get_text_length (self->rep_name_entry) == 0)
        {
          bad = GTK_WIDGET (self->rep_name_entry);
          message = _("Type the representative's full name.");
        }
      else if (rep && !check_idn (self->rep_idn_entry, self->rep_idn_status_label, MK_ID_KIND_IIN))
        {
          bad = GTK_WIDGET (self->rep_idn_entry);
          message = _("Type the representative's valid 12-digit IIN.");
        }
    }
  else if (page == 2)
    {
      if (!check_code (self->kato_entry, self->kato_status_label, mk_kato_validate))
        {
          bad = GTK_WIDGET (self->kato_entry);
          message = _("The KATO code has 9 digits.");
        }
      else if (!check_code (self->rca_entry, self->rca_status_label, mk_rca_validate))
        {
          bad = GTK_WIDGET (self->rca_entry);
          message = _("The address registration code has 16 digits.");
        }
      else if (gtk_widget_get_visible (GTK_WIDGET (self->basis_grid)) && !check_basis_date (self))
        {
          bad = GTK_WIDGET (self->basis_date_entry);
          message = _("Type the date of the akimat decision as DD.MM.YYYY.");
        }
    }

  if (bad == NULL)
    {
      hide_error (self);
      return TRUE;
    }
  show_error (self, message);
  gtk_widget_grab_focus (bad);
  return FALSE;
}

static void
back_clicked_cb (GtkButton      *button,
                 MkIntakeWindow *self)
{
  guint page = current_page (self);

  if (page > 0 && !self->finished)
    go_to_page (self, page - 1);
}

static void
next_clicked_cb (GtkButton      *button,
                 MkIntakeWindow *self)
{
  guint page = current_page (self);

  if (self->finished || page + 1 >= G_N_ELEMENTS (page_names))
    return;
  if (!validate_page (self, page))
    return;
  go_to_page (self, page + 1);
}

static void
get_today (MkIntakeWindow *self,
           GDate          *today)
{
  mk_clock_today (mk_context_get_clock (self->context), today);
}

/* §13: the acceptance time is now, on the clock's today (tests may pin the day). */
static gint64
acceptance_time (MkIntakeWindow *self)
{
  return mk_clock_now (mk_context_get_clock (self->context));
}

/* §13, §23: the receipt goes to the printer as many times as the settings say. */
static void
print_receipt_clicked_cb (MkIntakeWindow *self)
{
  g_autoptr(MkCase) c = mk_store_get_case (get_store (self), self->case_id, NULL);

  if (c != NULL)
    mk_document_print_issued (GTK_WINDOW (self), self->context,
                              g_strcmp0 (c->stage, "refused-at-intake") == 0 ? "refusal-receipt" : "receipt",
                              c->id);
}

static void
finish (MkIntakeWindow *self,
        gint64          case_id)
{
  const MkUser *user = get_user (self);
  g_autoptr(GError) error = NULL;

  self->finished = TRUE;
  self->case_id = case_id;
  {
    /* §13 receipt, or §23 refusal receipt when acceptance was refused. */
    g_autoptr(MkCase) c = case_id > 0 ? mk_store_get_case (get_store (self), case_id, NULL) : NULL;

    gtk_button_set_label (self->print_receipt_button,
                          c != NULL && g_strcmp0 (c->stage, "refused-at-intake") == 0
                          ? _("_Print Refusal Receipt") : _("_Print Receipt"));
  }
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (user != NULL && !mk_store_delete_draft (get_store (self), user->id, &error))
    show_error (self, error->message);
  /* The result page stays; the form behind it is done. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->sidebar), FALSE);
  update_buttons (self);
  mk_context_cases_changed (self->context);
  g_signal_emit (self, signals[CASE_REGISTERED], 0, case_id);
}

static void
register_clicked_cb (GtkButton      *button,
                     MkIntakeWindow *self)
{
  MkStore *store = get_store (self);
  g_autoptr(MkCase) c = build_case (self);
  g_autoptr(MkCase) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *line = NULL;
  GString *s;
  GDate today;

  c->accepted_at = acceptance_time (self);
  /* The store counts the attachments as they are stored, just below. */
  for (guint i = 0; i < c->items->len; i++)
    ((MkCaseItem *) g_ptr_array_index (c->items, i))->n_attachments = 0;
  /* §10 step 2: the store validates, numbers the case and computes the §7 deadlines. */
  if (!mk_store_register_case (store, get_user (self), c, &error))
    {
      show_error (self, error->message);
      return;
    }
  hide_error (self);
  if (!mk_pending_attachments_store (self->pending_attachments, store, get_user (self), c, &error))
    {
      /* Translators: the registration itself succeeded; %s says why a scan or file was not stored. */
      g_autofree char *message = g_strdup_printf (_("The application is registered, but a document could not be attached: %s"),
                                                  error->message);

      show_error (self, message);
      g_clear_error (&error);
    }
  stored = mk_store_get_case (store, c->id, NULL);
  if (stored == NULL)
    stored = mk_case_ref (c);

  get_today (self, &today);
  /* Translators: "Registered as No. 35-01-2026-00012" */
  title = g_strdup_printf (_("Registered as No. %s"), stored->regno);
  gtk_label_set_text (self->finish_title_label, title);

  s = g_string_new (NULL);
  append_case_summary (self, s, stored);
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

  finish (self, stored->id);
  gtk_widget_grab_focus (GTK_WIDGET (self->open_case_button));
  gtk_widget_grab_default (GTK_WIDGET (self->open_case_button));
}

static void
refuse_clicked_cb (GtkButton      *button,
                   MkIntakeWindow *self)
{
  MkStore *store = get_store (self);
  MkRegulation *regulation = mk_store_get_regulation (store);
  g_autoptr(MkCase) c = build_case (self);
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *intro = NULL;
  GString *s;

  c->accepted_at = acceptance_time (self);
  /* §23: a refused case is final and keeps no copies (mk_workflow_may_attach);
   * the applicant takes the documents back. */
  for (guint i = 0; i < c->items->len; i++)
    ((MkCaseItem *) g_ptr_array_index (c->items, i))->n_attachments = 0;
  g_hash_table_remove_all (self->pending_attachments);
  /* §23: the refusal is recorded; the missing items stay on the case for the receipt. */
  if (!mk_store_refuse_intake (store, get_user (self), c, &error))
    {
      show_error (self, error->message);
      return;
    }
  hide_error (self);

  if (c->regno != NULL)
    /* Translators: "Acceptance refused, No. 35-01-2026-00013" */
    title = g_strdup_printf (_("Acceptance refused, No. %s"), c->regno);
  else
    title = g_strdup (_("Acceptance refused"));
  gtk_label_set_text (self->finish_title_label, title);

  s = g_string_new (NULL);
  append_case_summary (self, s, c);
  intro = g_markup_printf_escaped ("\n%s\n", _("§23: the application was not accepted because these documents are missing. Give the applicant the refusal receipt listing them:"));
  g_string_append (s, intro);
  missing = mk_case_missing_items (c);
  for (guint i = 0; i < missing->len; i++)
    {
      MkCaseItem *item = g_ptr_array_index (missing, i);
      const MkDocumentKind *kind = mk_regulation_get_document_kind (regulation, item->doc_kind);
      g_autofree char *line = g_markup_printf_escaped ("  • %s\n",
                                                       kind != NULL ? mk_text_get (&kind->name) : item->doc_kind);
      g_string_append (s, line);
    }
  gtk_label_set_markup (self->finish_label, s->str);
  g_string_free (s, TRUE);

  finish (self, c->id);
  gtk_widget_grab_focus (GTK_WIDGET (self->new_button));
}

static void
open_case_clicked_cb (GtkButton      *button,
                      MkIntakeWindow *self)
{
  GtkWidget *window;

  if (self->case_id <= 0)
    return;
  window = mk_case_window_new (self->context, self->case_id);
  gtk_window_set_application (GTK_WINDOW (window), gtk_window_get_application (GTK_WINDOW (self)));
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_destroy (GTK_WIDGET (self));
}

static void
clear_entries (MkIntakeWindow *self,
               gboolean        keep_place)
{
  GtkEntry *entries[] = {
    self->idn_entry, self->name_entry, self->phone_entry, self->rep_name_entry,
    self->rep_idn_entry, self->rep_phone_entry, self->rep_poa_entry, self->cadastral_entry,
    self->geonym_kk_entry, self->geonym_ru_entry, self->building_entry, self->block_entry,
    self->premise_entry, self->rca_entry, self->former_geonym_kk_entry,
    self->former_geonym_ru_entry, self->former_building_entry, self->former_block_entry,
    self->former_premise_entry, self->former_rca_entry, self->basis_number_entry,
    self->basis_date_entry,
  };
  GtkEntry *place[] = {
    self->district_kk_entry, self->district_ru_entry, self->settlement_kk_entry,
    self->settlement_ru_entry, self->kato_entry,
  };

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    set_entry (entries[i], NULL);
  /* The next applicant usually lives in the same district and settlement. */
  for (guint i = 0; !keep_place && i < G_N_ELEMENTS (place); i++)
    set_entry (place[i], NULL);
}

char *
mk_intake_window_format_desk_time (guint minutes,
                                   guint limit)
{
  /* §7 3): the applicant is served within the limit; past it the clerk is told. */
  if (limit > 0 && minutes >= limit)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "⚠ At the desk %u minute: over the %u-minute limit (§7 3))",
                                         "⚠ At the desk %u minutes: over the %u-minute limit (§7 3))",
                                         minutes),
                            minutes, limit);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "At the desk %u minute of %u (§7 3))",
                                       "At the desk %u minutes of %u (§7 3))", minutes),
                          minutes, limit);
}

static gboolean
desk_timer_cb (gpointer user_data)
{
  MkIntakeWindow *self = user_data;
  guint limit = mk_regulation_get_norm (mk_store_get_regulation (get_store (self)), "service-minutes");
  guint minutes = (guint) ((g_get_monotonic_time () - self->desk_started) / G_USEC_PER_SEC / 60);
  g_autofree char *text = mk_intake_window_format_desk_time (minutes, limit);
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self->desk_time_label));

  gtk_label_set_text (self->desk_time_label, text);
  if (limit > 0 && minutes >= limit)
    gtk_style_context_add_class (style, "error");
  else
    gtk_style_context_remove_class (style, "error");
  return G_SOURCE_CONTINUE;
}

/* A new applicant at the desk: the §7 3) time starts again. */
static void
restart_desk_timer (MkIntakeWindow *self)
{
  self->desk_started = g_get_monotonic_time ();
  g_clear_handle_id (&self->desk_timer_id, g_source_remove);
  self->desk_timer_id = g_timeout_add_seconds (15, desk_timer_cb, self);
  desk_timer_cb (self);
}

static void
reset_form (MkIntakeWindow *self,
            gboolean        keep_place)
{
  MkStore *store = get_store (self);
  const MkUser *user = get_user (self);
  g_autoptr(MkOffice) center = NULL;
  g_autofree char *today_text = NULL;
  GDate today;

  self->loading = TRUE;
  self->finished = FALSE;
  self->case_id = 0;
  gtk_widget_set_sensitive (GTK_WIDGET (self->sidebar), TRUE);
  clear_entries (self, keep_place);
  set_kind (self, MK_SERVICE_ASSIGNMENT);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->individual_radio), TRUE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->rep_check), FALSE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->demolition_check), FALSE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->archive_check), FALSE);
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->object_kind_combo),
                               mk_object_kind_to_id (MK_OBJECT_BUILDING));
  gtk_combo_box_set_active (GTK_COMBO_BOX (self->geonym_type_combo), 0);
  gtk_combo_box_set_active (GTK_COMBO_BOX (self->former_geonym_type_combo), 0);
  /* Every center of Appendix 2 is in Karaganda oblast: nobody types the oblast. */
  set_entry (self->region_kk_entry, "Қарағанды облысы");
  set_entry (self->region_ru_entry, "Карагандинская область");
  gtk_label_set_text (self->idn_status_label, "");
  gtk_label_set_text (self->rep_idn_status_label, "");

  get_today (self, &today);
  today_text = mk_date_format_long (&today, mk_ui_language ());
  gtk_label_set_text (self->accepted_label, today_text);

  if (user != NULL && user->office_id != NULL)
    center = mk_store_get_office (store, user->office_id, NULL);
  if (center != NULL)
    {
      const char *address = mk_text_get (&center->address);
      g_autofree char *label = address != NULL
                               ? g_strdup_printf ("%s — %s", mk_text_get (&center->name), address)
                               : g_strdup (mk_text_get (&center->name));

      gtk_label_set_text (self->center_label, label);
      /* §2: each center sends its cases to one district department. */
      if (center->provider_id != NULL)
        gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->provider_combo), center->provider_id);
    }
  else
    gtk_label_set_text (self->center_label, _("Your account is not attached to a center; ask the administrator."));
  if (gtk_combo_box_get_active (GTK_COMBO_BOX (self->provider_combo)) < 0)
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->provider_combo), 0);

  update_visibility (self);
  g_hash_table_remove_all (self->pending_attachments);
  rebuild_checklist (self, NULL);
  self->loading = FALSE;
  update_buttons (self);
  restart_desk_timer (self);
}

static void
new_clicked_cb (GtkButton      *button,
                MkIntakeWindow *self)
{
  reset_form (self, TRUE);
  go_to_page (self, 0);
  update_buttons (self);
}

static void
all_present_clicked_cb (GtkButton      *button,
                        MkIntakeWindow *self)
{
  /* §12: the operator has compared every copy with its original. */
  for (guint i = 0; i < self->items->len; i++)
    {
      MkCaseItem *item = g_ptr_array_index (self->items, i);

      if (item->required)
        {
          item->present = TRUE;
          item->original_returned = TRUE;
        }
    }
  /* Rebuilding keeps the flags just set and redraws the rows. */
  self->loading = TRUE;
  rebuild_checklist (self, NULL);
  self->loading = FALSE;
  schedule_autosave (self);
}

static void
form_changed_cb (GtkWidget      *widget,
                 MkIntakeWindow *self)
{
  schedule_autosave (self);
}

static void
idn_changed_cb (GtkEntry       *entry,
                MkIntakeWindow *self)
{
  if (entry == self->idn_entry)
    check_idn (entry, self->idn_status_label,
               is_legal_entity (self) ? MK_ID_KIND_BIN : MK_ID_KIND_IIN);
  else
    check_idn (entry, self->rep_idn_status_label, MK_ID_KIND_IIN);
}

static void
conditions_changed_cb (GtkWidget      *widget,
                       MkIntakeWindow *self)
{
  if (self->loading)
    return;
  /* Radio groups emit twice; act on the one switched on. */
  if (GTK_IS_RADIO_BUTTON (widget) &&
      !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (widget)))
    return;
  if (widget == GTK_WIDGET (self->individual_radio) || widget == GTK_WIDGET (self->legal_radio))
    check_idn (self->idn_entry, self->idn_status_label,
               is_legal_entity (self) ? MK_ID_KIND_BIN : MK_ID_KIND_IIN);
  update_visibility (self);
  rebuild_checklist (self, NULL);
  schedule_autosave (self);
}

static void
draft_response_cb (GtkInfoBar     *infobar,
                   int             response,
                   MkIntakeWindow *self)
{
  const MkUser *user = get_user (self);
  g_autoptr(GError) error = NULL;

  self->draft_pending = FALSE;
  gtk_widget_hide (GTK_WIDGET (infobar));
  if (user == NULL)
    return;

  if (response == 1)
    {
      g_autofree char *json = mk_store_load_draft (get_store (self), user->id, &error);
      g_autoptr(MkCase) c = json != NULL ? mk_case_from_json (json, &error) : NULL;

      if (c == NULL)
        {
          if (error != NULL)
            show_error (self, error->message);
          return;
        }
      fill_form (self, c);
      go_to_page (self, 1);
    }
  else if (!mk_store_delete_draft (get_store (self), user->id, &error))
    show_error (self, error->message);
}

static void
error_response_cb (GtkInfoBar     *infobar,
                   int             response,
                   MkIntakeWindow *self)
{
  hide_error (self);
}

static gboolean
key_pressed_cb (GtkWidget      *widget,
                GdkEventKey    *event,
                MkIntakeWindow *self)
{
  GdkModifierType mods = event->state & gtk_accelerator_get_default_mod_mask ();

  if (mods == GDK_MOD1_MASK && (event->keyval == GDK_KEY_Left || event->keyval == GDK_KEY_KP_Left))
    {
      back_clicked_cb (self->back_button, self);
      return GDK_EVENT_STOP;
    }
  if (mods == GDK_MOD1_MASK && (event->keyval == GDK_KEY_Right || event->keyval == GDK_KEY_KP_Right))
    {
      next_clicked_cb (self->next_button, self);
      return GDK_EVENT_STOP;
    }
  if (mods == GDK_CONTROL_MASK && event->keyval == GDK_KEY_w)
    {
      /* Closing keeps the draft (delete_event_cb). */
      gtk_window_close (GTK_WINDOW (self));
      return GDK_EVENT_STOP;
    }
  /* Enter means Next even on a radio or check button, which would toggle itself;
   * Space still toggles them. */
  if (mods == 0 &&
      (event->keyval == GDK_KEY_Return || event->keyval == GDK_KEY_KP_Enter ||
       event->keyval == GDK_KEY_ISO_Enter) &&
      GTK_IS_TOGGLE_BUTTON (gtk_window_get_focus (GTK_WINDOW (self))))
    {
      gtk_window_activate_default (GTK_WINDOW (self));
      return GDK_EVENT_STOP;
    }
  if (mods == 0 && event->keyval == GDK_KEY_Escape && gtk_widget_get_visible (GTK_WIDGET (self->error_infobar)))
    {
      hide_error (self);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static gboolean
delete_event_cb (GtkWidget      *widget,
                 GdkEvent       *event,
                 MkIntakeWindow *self)
{
  save_draft (self);
  return GDK_EVENT_PROPAGATE;
}

static void
offer_draft (MkIntakeWindow *self)
{
  const MkUser *user = get_user (self);
  g_autofree char *json = NULL;
  g_autoptr(MkCase) c = NULL;
  g_autofree char *text = NULL;

  if (user == NULL)
    return;
  json = mk_store_load_draft (get_store (self), user->id, NULL);
  if (json == NULL)
    return;
  c = mk_case_from_json (json, NULL);
  if (c == NULL)
    return;
  if (c->applicant_name != NULL)
    /* Translators: the draft's applicant name follows. */
    text = g_strdup_printf (_("An unfinished application was saved (applicant: %s). Resume it?"),
                            c->applicant_name);
  else
    text = g_strdup (_("An unfinished application was saved. Resume it?"));
  gtk_label_set_text (self->draft_label, text);
  self->draft_pending = TRUE;
  gtk_widget_show (GTK_WIDGET (self->draft_infobar));
}

static void
fill_choices (MkIntakeWindow *self)
{
  g_autoptr(GPtrArray) providers = NULL;
  g_autoptr(GError) error = NULL;

  for (int kind = 0; kind < MK_OBJECT_N_KINDS; kind++)
    gtk_combo_box_text_append (self->object_kind_combo, mk_object_kind_to_id (kind),
                               mk_object_kind_name (kind));

  providers = mk_store_list_offices (get_store (self), MK_ORG_PROVIDER, &error);
  if (providers == NULL)
    {
      show_error (self, error->message);
      return;
    }
  for (guint i = 0; i < providers->len; i++)
    {
      MkOffice *office = g_ptr_array_index (providers, i);

      gtk_combo_box_text_append (self->provider_combo, office->id, mk_text_get (&office->name));
    }
}

static void
mk_intake_window_constructed (GObject *object)
{
  MkIntakeWindow *self = MK_INTAKE_WINDOW (object);

  G_OBJECT_CLASS (mk_intake_window_parent_class)->constructed (object);

  fill_choices (self);
  reset_form (self, FALSE);
  offer_draft (self);
  go_to_page (self, 0);
  update_buttons (self);
}

static void
mk_intake_window_dispose (GObject *object)
{
  MkIntakeWindow *self = MK_INTAKE_WINDOW (object);

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_handle_id (&self->desk_timer_id, g_source_remove);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (mk_intake_window_parent_class)->dispose (object);
}

static void
mk_intake_window_finalize (GObject *object)
{
  MkIntakeWindow *self = MK_INTAKE_WINDOW (object);

  g_clear_pointer (&self->checklist, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->pending_attachments, g_hash_table_unref);
  G_OBJECT_CLASS (mk_intake_window_parent_class)->finalize (object);
}

static void
mk_intake_window_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MkIntakeWindow *self = MK_INTAKE_WINDOW (object);

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
mk_intake_window_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MkIntakeWindow *self = MK_INTAKE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mk_intake_window_class_init (MkIntakeWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mk_intake_window_constructed;
  object_class->dispose = mk_intake_window_dispose;
  object_class->finalize = mk_intake_window_finalize;
  object_class->get_property = mk_intake_window_get_property;
  object_class->set_property = mk_intake_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MkIntakeWindow::case-registered:
   * @case_id: the new case (registered, or refused at intake per §23)
   */
  signals[CASE_REGISTERED] =
    g_signal_new ("case-registered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-intake-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MkIntakeWindow, name)
  BIND (header_bar);
  BIND (draft_infobar);
  BIND (draft_label);
  BIND (error_infobar);
  BIND (error_label);
  BIND (sidebar);
  BIND (stack);
  BIND (kind_assignment);
  BIND (kind_change);
  BIND (kind_abolition);
  BIND (kind_clarification);
  BIND (term_label);
  BIND (desk_time_label);
  BIND (center_label);
  BIND (accepted_label);
  BIND (provider_combo);
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
  BIND (checklist_summary_label);
  BIND (checklist_box);
  BIND (finish_title_label);
  BIND (finish_label);
  BIND (back_button);
  BIND (next_button);
  BIND (register_button);
  BIND (refuse_button);
  BIND (open_case_button);
  BIND (print_receipt_button);
  BIND (new_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, print_receipt_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, register_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, refuse_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_case_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, all_present_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, idn_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, conditions_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, draft_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, error_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, delete_event_cb);
}

static void
mk_intake_window_init (MkIntakeWindow *self)
{
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_case_item_free);
  self->pending_attachments = mk_pending_attachments_new ();
  /* Template signals fire while it is built; nothing typed yet. */
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  mk_ui_set_help_page (GTK_WINDOW (self), "intake");
  mk_ui_phone_entry_setup (self->phone_entry), mk_ui_phone_entry_setup (self->rep_phone_entry);
  self->loading = FALSE;
  mk_info_bar_name_close_button (self->error_infobar);
  mk_info_bar_name_close_button (self->draft_infobar);
  gtk_container_forall (GTK_CONTAINER (self->sidebar), name_sidebar_list_cb, NULL);
}

GtkWidget *
mk_intake_window_new (MkContext *context)
{
  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);

  return g_object_new (MK_TYPE_INTAKE_WINDOW, "context", context, NULL);
}
