/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Intake step 4: the documents §11 asks for the kind of service and its
 * conditions, each ticked present with its original seen and returned (§12)
 * and scanned or attached; the scans wait for the case to be registered. */

#define G_LOG_DOMAIN "mk-intake-checklist-section"

#include <glib/gi18n-lib.h>

#include "mk-attachment-strip.h"
#include "mk-checklist-row.h"
#include "mk-intake-checklist-section.h"

struct _MkIntakeChecklistSection
{
  GtkBox        parent_instance;

  GtkLabel     *checklist_summary_label;
  GtkListBox   *checklist_box;

  MkContext    *context;
  GPtrArray    *checklist;            /* MkChecklistItem*, for the current kind and conditions */
  GPtrArray    *items;                /* MkCaseItem*, owned, parallel to @checklist */
  GHashTable   *pending_attachments;  /* doc_kind → imports waiting for the case to exist */
  MkServiceKind kind;                 /* what @checklist was made for */
  MkConditions  conditions;
  gboolean      loading;
};

static void mk_intake_checklist_section_iface_init (MkIntakeSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MkIntakeChecklistSection, mk_intake_checklist_section, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (MK_TYPE_INTAKE_SECTION,
                                                      mk_intake_checklist_section_iface_init))

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static void
update_summary (MkIntakeChecklistSection *self)
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

static void
row_changed_cb (MkChecklistRow           *row,
                MkIntakeChecklistSection *self)
{
  update_summary (self);
  if (!self->loading)
    mk_intake_section_changed (MK_INTAKE_SECTION (self));
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
rebuild (MkIntakeChecklistSection *self,
         MkServiceKind             kind,
         MkConditions              conditions,
         GPtrArray                *keep)
{
  MkRegulation *regulation = mk_store_get_regulation (mk_context_get_store (self->context));
  g_autoptr(GPtrArray) old_items = self->items;
  g_autoptr(GList) children = NULL;
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  self->kind = kind;
  self->conditions = conditions;
  g_clear_pointer (&self->checklist, g_ptr_array_unref);
  self->checklist = mk_regulation_get_checklist (regulation, kind, conditions);
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

      g_signal_connect_object (row, "changed", G_CALLBACK (row_changed_cb), self, 0);
      g_signal_connect_object (strip, "changed", G_CALLBACK (attachments_changed_cb), row, 0);
      gtk_container_add (GTK_CONTAINER (mk_checklist_row_get_attachment_area (MK_CHECKLIST_ROW (row))), strip);
      mk_attachment_strip_add_drop_target (MK_ATTACHMENT_STRIP (strip), row);
      mk_checklist_row_set_n_attachments (MK_CHECKLIST_ROW (row),
                                          mk_attachment_strip_get_n_attachments (MK_ATTACHMENT_STRIP (strip)));
      gtk_container_add (GTK_CONTAINER (self->checklist_box), row);
    }
  /* Imports for items no longer on the checklist cannot be stored with the case. */
  mk_pending_attachments_keep_only (self->pending_attachments, self->items);
  update_summary (self);
  self->loading = was_loading;
}

static void
all_present_clicked_cb (GtkButton                *button,
                        MkIntakeChecklistSection *self)
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
  rebuild (self, self->kind, self->conditions, NULL);
  mk_intake_section_changed (MK_INTAKE_SECTION (self));
}

static void
mk_intake_checklist_section_set_application (MkIntakeSection *section,
                                             const MkCase    *c)
{
  MkIntakeChecklistSection *self = MK_INTAKE_CHECKLIST_SECTION (section);

  /* Another application: nothing scanned for it yet. */
  g_hash_table_remove_all (self->pending_attachments);
  g_ptr_array_set_size (self->items, 0);
  rebuild (self, c->kind, c->conditions, c->items);
}

static void
mk_intake_checklist_section_update (MkIntakeSection *section,
                                    const MkCase    *c)
{
  MkIntakeChecklistSection *self = MK_INTAKE_CHECKLIST_SECTION (section);

  if (self->checklist != NULL && c->kind == self->kind && c->conditions == self->conditions)
    return;
  rebuild (self, c->kind, c->conditions, NULL);
}

static void
mk_intake_checklist_section_apply (MkIntakeSection *section,
                                   MkCase          *c)
{
  MkIntakeChecklistSection *self = MK_INTAKE_CHECKLIST_SECTION (section);

  g_ptr_array_set_size (c->items, 0);
  for (guint i = 0; i < self->items->len; i++)
    {
      MkCaseItem *item = g_ptr_array_index (self->items, i);
      MkCaseItem *copy = mk_case_item_new (item->doc_kind, item->required);

      copy->present = item->present;
      copy->original_returned = item->original_returned;
      copy->n_attachments = item->n_attachments;
      g_ptr_array_add (c->items, copy);
    }
}

static GtkWidget *
mk_intake_checklist_section_get_first_focus (MkIntakeSection *section)
{
  MkIntakeChecklistSection *self = MK_INTAKE_CHECKLIST_SECTION (section);
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->checklist_box, 0);

  /* The first row's "present" check: ticking starts at once. */
  if (first != NULL)
    {
      g_autoptr(GList) children = NULL;
      GtkWidget *check = NULL;

      if (gtk_widget_child_focus (GTK_WIDGET (first), GTK_DIR_TAB_FORWARD))
        check = gtk_window_get_focus (GTK_WINDOW (gtk_widget_get_toplevel (GTK_WIDGET (self))));
      if (check != NULL)
        return check;
    }
  return GTK_WIDGET (self->checklist_box);
}

static void
mk_intake_checklist_section_iface_init (MkIntakeSectionInterface *iface)
{
  iface->set_application = mk_intake_checklist_section_set_application;
  iface->apply = mk_intake_checklist_section_apply;
  iface->update = mk_intake_checklist_section_update;
  iface->get_first_focus = mk_intake_checklist_section_get_first_focus;
}

gboolean
mk_intake_checklist_section_store_attachments (MkIntakeChecklistSection *self,
                                               const MkUser             *actor,
                                               MkCase                   *c,
                                               GError                  **error)
{
  g_return_val_if_fail (MK_IS_INTAKE_CHECKLIST_SECTION (self), FALSE);

  return mk_pending_attachments_store (self->pending_attachments, mk_context_get_store (self->context),
                                       actor, c, error);
}

void
mk_intake_checklist_section_drop_attachments (MkIntakeChecklistSection *self)
{
  g_return_if_fail (MK_IS_INTAKE_CHECKLIST_SECTION (self));

  g_hash_table_remove_all (self->pending_attachments);
}

static void
mk_intake_checklist_section_dispose (GObject *object)
{
  MkIntakeChecklistSection *self = MK_INTAKE_CHECKLIST_SECTION (object);

  g_clear_object (&self->context);
  G_OBJECT_CLASS (mk_intake_checklist_section_parent_class)->dispose (object);
}

static void
mk_intake_checklist_section_finalize (GObject *object)
{
  MkIntakeChecklistSection *self = MK_INTAKE_CHECKLIST_SECTION (object);

  g_clear_pointer (&self->checklist, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->pending_attachments, g_hash_table_unref);
  G_OBJECT_CLASS (mk_intake_checklist_section_parent_class)->finalize (object);
}

static void
mk_intake_checklist_section_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  MkIntakeChecklistSection *self = MK_INTAKE_CHECKLIST_SECTION (object);

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
mk_intake_checklist_section_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  MkIntakeChecklistSection *self = MK_INTAKE_CHECKLIST_SECTION (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      if (g_set_object (&self->context, g_value_get_object (value)))
        {
          if (self->context != NULL)
            rebuild (self, self->kind, self->conditions, NULL);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mk_intake_checklist_section_class_init (MkIntakeChecklistSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mk_intake_checklist_section_dispose;
  object_class->finalize = mk_intake_checklist_section_finalize;
  object_class->get_property = mk_intake_checklist_section_get_property;
  object_class->set_property = mk_intake_checklist_section_set_property;
  g_object_class_override_property (object_class, PROP_CONTEXT, "context");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-intake-checklist-section.ui");
  gtk_widget_class_bind_template_child (widget_class, MkIntakeChecklistSection, checklist_summary_label);
  gtk_widget_class_bind_template_child (widget_class, MkIntakeChecklistSection, checklist_box);
  gtk_widget_class_bind_template_callback (widget_class, all_present_clicked_cb);
}

static void
mk_intake_checklist_section_init (MkIntakeChecklistSection *self)
{
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_case_item_free);
  self->pending_attachments = mk_pending_attachments_new ();
  self->kind = MK_SERVICE_ASSIGNMENT;
  self->conditions = MK_CONDITION_NONE;
  gtk_widget_init_template (GTK_WIDGET (self));
}
