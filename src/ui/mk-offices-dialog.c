/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The offices of Appendices 1 and 2 (administrator): find, change, save (#10). */

#define G_LOG_DOMAIN "mekenjai-ui"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mk-offices-dialog.h"
#include "mk-ui-util.h"

enum {
  COL_ID,
  COL_NUMBER,
  COL_NAME,
  COL_SEARCH,
};

struct _MkOfficesDialog
{
  GtkDialog           parent_instance;

  GtkListStore       *offices_store;
  GtkTreeModelFilter *offices_filter;
  GtkTreeView        *offices_view;
  GtkSearchEntry     *search_entry;
  GtkBox             *editor_box;
  GtkLabel           *kind_label;
  GtkEntry           *name_kk_entry;
  GtkEntry           *name_ru_entry;
  GtkEntry           *address_kk_entry;
  GtkEntry           *address_ru_entry;
  GtkEntry           *phone_entry;
  GtkLabel           *region_kk_label;
  GtkEntry           *region_kk_entry;
  GtkLabel           *region_ru_label;
  GtkEntry           *region_ru_entry;
  GtkLabel           *error_label;
  GtkLabel           *saved_label;
  GtkButton          *save_button;

  MkContext          *context;
  MkOffice           *office;    /* the selected office as stored */
  char               *needle;    /* the search, case-folded */
  gboolean            loading;
};

G_DEFINE_FINAL_TYPE (MkOfficesDialog, mk_offices_dialog, GTK_TYPE_DIALOG)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_error (MkOfficesDialog *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static char *
number_text (const MkOffice *o)
{
  /* Translators: the line of an office in the regulation's appendices. */
  return o->kind == MK_ORG_PROVIDER ? g_strdup_printf (C_("office", "App. 1, No. %u"), o->number)
                                    : g_strdup_printf (C_("office", "App. 2, No. %u"), o->number);
}

/* Found by its id, its names and addresses in both languages. */
static char *
search_text (const MkOffice *o)
{
  g_autofree char *all = g_strjoin ("\n", o->id, o->name.kk ? o->name.kk : "", o->name.ru ? o->name.ru : "",
                                    o->address.kk ? o->address.kk : "", o->address.ru ? o->address.ru : "",
                                    o->region.kk ? o->region.kk : "", o->region.ru ? o->region.ru : "", NULL);

  return g_utf8_casefold (all, -1);
}

static void
set_row (MkOfficesDialog *self,
         GtkTreeIter     *iter,
         const MkOffice  *o)
{
  g_autofree char *number = number_text (o);
  g_autofree char *search = search_text (o);

  gtk_list_store_set (self->offices_store, iter,
                      COL_ID, o->id,
                      COL_NUMBER, number,
                      COL_NAME, mk_text_get (&o->name),
                      COL_SEARCH, search,
                      -1);
}

static void
load_offices (MkOfficesDialog *self)
{
  MkStore *store = mk_context_get_store (self->context);
  const MkOrgKind kinds[] = { MK_ORG_PROVIDER, MK_ORG_CENTER };

  gtk_list_store_clear (self->offices_store);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) offices = mk_store_list_offices (store, kinds[k], &error);

      if (offices == NULL)
        {
          show_error (self, error->message);
          return;
        }
      for (guint i = 0; i < offices->len; i++)
        {
          GtkTreeIter iter;

          gtk_list_store_append (self->offices_store, &iter);
          set_row (self, &iter, g_ptr_array_index (offices, i));
        }
    }
}

static gboolean
office_visible (GtkTreeModel *model,
                GtkTreeIter  *iter,
                gpointer      user_data)
{
  MkOfficesDialog *self = MK_OFFICES_DIALOG (user_data);
  g_autofree char *text = NULL;

  if (self->needle == NULL || *self->needle == '\0')
    return TRUE;
  gtk_tree_model_get (model, iter, COL_SEARCH, &text, -1);
  return text != NULL && strstr (text, self->needle) != NULL;
}

static void
search_changed_cb (MkOfficesDialog *self)
{
  g_autofree char *stripped = g_strstrip (g_strdup (gtk_entry_get_text (GTK_ENTRY (self->search_entry))));

  g_free (self->needle);
  self->needle = g_utf8_casefold (stripped, -1);
  gtk_tree_model_filter_refilter (self->offices_filter);
}

static void
show_office (MkOfficesDialog *self)
{
  const MkOffice *o = self->office;
  gboolean provider = o != NULL && o->kind == MK_ORG_PROVIDER;
  g_autofree char *kind = NULL;

  self->loading = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->editor_box), o != NULL);
  gtk_entry_set_text (self->name_kk_entry, o != NULL && o->name.kk ? o->name.kk : "");
  gtk_entry_set_text (self->name_ru_entry, o != NULL && o->name.ru ? o->name.ru : "");
  gtk_entry_set_text (self->address_kk_entry, o != NULL && o->address.kk ? o->address.kk : "");
  gtk_entry_set_text (self->address_ru_entry, o != NULL && o->address.ru ? o->address.ru : "");
  gtk_entry_set_text (self->phone_entry, o != NULL && o->phone ? o->phone : "");
  gtk_entry_set_text (self->region_kk_entry, provider && o->region.kk ? o->region.kk : "");
  gtk_entry_set_text (self->region_ru_entry, provider && o->region.ru ? o->region.ru : "");
  /* A center's oblast is its provider's (§2): only providers have one here. */
  gtk_widget_set_visible (GTK_WIDGET (self->region_kk_label), provider);
  gtk_widget_set_visible (GTK_WIDGET (self->region_kk_entry), provider);
  gtk_widget_set_visible (GTK_WIDGET (self->region_ru_label), provider);
  gtk_widget_set_visible (GTK_WIDGET (self->region_ru_entry), provider);
  if (provider)
    kind = g_strdup_printf (_("Appendix 1, No. %u: a district department that gives the service. "
                              "Addresses in its district are in the oblast below."), o->number);
  else if (o != NULL)
    {
      g_autoptr(MkOffice) to = o->provider_id != NULL
                               ? mk_store_get_office (mk_context_get_store (self->context), o->provider_id, NULL)
                               : NULL;

      kind = g_strdup_printf (_("Appendix 2, No. %u: a public service center office. It sends its cases to %s."),
                              o->number, to != NULL ? mk_text_get (&to->name) : "—");
    }
  gtk_label_set_text (self->kind_label, kind != NULL ? kind : "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  show_error (self, NULL);
  self->loading = FALSE;
}

static void
selection_changed_cb (MkOfficesDialog  *self,
                      GtkTreeSelection *selection)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  GtkTreeModel *model;
  GtkTreeIter iter;

  g_clear_pointer (&self->office, mk_office_free);
  gtk_widget_hide (GTK_WIDGET (self->saved_label));
  if (gtk_tree_selection_get_selected (selection, &model, &iter))
    {
      gtk_tree_model_get (model, &iter, COL_ID, &id, -1);
      self->office = mk_store_get_office (mk_context_get_store (self->context), id, &error);
    }
  show_office (self);
  if (error != NULL)
    show_error (self, error->message);
}

static void
entry_changed_cb (MkOfficesDialog *self)
{
  if (self->loading || self->office == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
  gtk_widget_hide (GTK_WIDGET (self->saved_label));
}

static void
replace (char       **field,
         GtkEntry    *entry)
{
  g_free (*field);
  *field = g_strdup (gtk_entry_get_text (entry));
}

static void
save_clicked_cb (MkOfficesDialog *self)
{
  MkStore *store = mk_context_get_store (self->context);
  g_autoptr(MkOffice) edited = NULL;
  g_autoptr(GError) error = NULL;
  GtkTreeSelection *selection = gtk_tree_view_get_selection (self->offices_view);
  GtkTreeModel *model;
  GtkTreeIter iter;

  if (self->office == NULL || mk_context_get_user (self->context) == NULL)
    return;
  edited = mk_store_get_office (store, self->office->id, &error);
  if (edited != NULL)
    {
      replace (&edited->name.kk, self->name_kk_entry);
      replace (&edited->name.ru, self->name_ru_entry);
      replace (&edited->address.kk, self->address_kk_entry);
      replace (&edited->address.ru, self->address_ru_entry);
      replace (&edited->phone, self->phone_entry);
      if (edited->kind == MK_ORG_PROVIDER)
        {
          replace (&edited->region.kk, self->region_kk_entry);
          replace (&edited->region.ru, self->region_ru_entry);
        }
    }
  /* Nothing is asked: what is wrong is said beside the fields, and stays there to correct. */
  if (edited == NULL || !mk_store_update_office (store, mk_context_get_user (self->context), edited, &error))
    {
      show_error (self, error->message);
      return;
    }

  /* Stored: the documents made from now on read it from the store. */
  g_clear_pointer (&self->office, mk_office_free);
  self->office = mk_store_get_office (store, edited->id, &error);
  if (self->office != NULL && gtk_tree_selection_get_selected (selection, &model, &iter))
    {
      GtkTreeIter child;

      gtk_tree_model_filter_convert_iter_to_child_iter (self->offices_filter, &child, &iter);
      set_row (self, &child, self->office);
    }
  show_office (self);
  gtk_widget_show (GTK_WIDGET (self->saved_label));
}

static void
mk_offices_dialog_constructed (GObject *object)
{
  MkOfficesDialog *self = MK_OFFICES_DIALOG (object);

  G_OBJECT_CLASS (mk_offices_dialog_parent_class)->constructed (object);

  load_offices (self);
}

static void
mk_offices_dialog_finalize (GObject *object)
{
  MkOfficesDialog *self = MK_OFFICES_DIALOG (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->office, mk_office_free);
  g_clear_pointer (&self->needle, g_free);

  G_OBJECT_CLASS (mk_offices_dialog_parent_class)->finalize (object);
}

static void
mk_offices_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MkOfficesDialog *self = MK_OFFICES_DIALOG (object);

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
mk_offices_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MkOfficesDialog *self = MK_OFFICES_DIALOG (object);

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
mk_offices_dialog_class_init (MkOfficesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mk_offices_dialog_constructed;
  object_class->finalize = mk_offices_dialog_finalize;
  object_class->get_property = mk_offices_dialog_get_property;
  object_class->set_property = mk_offices_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         MK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-offices-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MkOfficesDialog, offices_store);
  gtk_widget_class_bind_template_child (widget_class, MkOfficesDialog, offices_filter);
  gtk_widget_class_bind_template_child (widget_class, MkOfficesDialog, offices_view);
  gtk_widget_class_bind_template_child (widget_class, MkOfficesDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MkOfficesDialog, editor_box);
  gtk_widget_class_bind_template_child (widget_class, MkOfficesDialog, kind_label);
  gtk_widget_class_bind_template_child (widget_class, MkOfficesDialog, name_kk_entry);
  gtk_widget_class_bind_template_child (widget_class, MkOfficesDialog, name_ru_entry);
  gtk_widget_class_bind_template_child (widget_class, MkOfficesDialog, address_kk_entry);
  gtk_widget_class_bind_template_child (widget_class, MkOfficesDialog, address_ru_entry);
  gtk_widget_class_bind_template_child (widget_class, MkOfficesDialog, phone_entry);
  gtk_widget_class_bind_template_child (widget_class, MkOfficesDialog, region_kk_label);
  gtk_widget_class_bind_template_child (widget_class, MkOfficesDialog, region_kk_entry);
  gtk_widget_class_bind_template_child (widget_class, MkOfficesDialog, region_ru_label);
  gtk_widget_class_bind_template_child (widget_class, MkOfficesDialog, region_ru_entry);
  gtk_widget_class_bind_template_child (widget_class, MkOfficesDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, MkOfficesDialog, saved_label);
  gtk_widget_class_bind_template_child (widget_class, MkOfficesDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
}

static void
mk_offices_dialog_init (MkOfficesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_tree_model_filter_set_visible_func (self->offices_filter, office_visible, self, NULL);
  gtk_widget_grab_default (GTK_WIDGET (self->save_button));
  mk_ui_set_help_page (GTK_WINDOW (self), "offices");
  g_signal_connect (self, "response", G_CALLBACK (gtk_widget_destroy), NULL);
}

GtkWidget *
mk_offices_dialog_new (MkContext *context,
                       GtkWindow *parent)
{
  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (MK_TYPE_OFFICES_DIALOG,
                       "context", context,
                       "transient-for", parent,
                       "use-header-bar", TRUE,
                       NULL);
}

gboolean
mk_offices_dialog_select (MkOfficesDialog *self,
                          const char      *id)
{
  GtkTreeModel *model;
  GtkTreeIter iter;
  gboolean valid;

  g_return_val_if_fail (MK_IS_OFFICES_DIALOG (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  model = GTK_TREE_MODEL (self->offices_filter);
  for (valid = gtk_tree_model_get_iter_first (model, &iter); valid; valid = gtk_tree_model_iter_next (model, &iter))
    {
      g_autofree char *row_id = NULL;

      gtk_tree_model_get (model, &iter, COL_ID, &row_id, -1);
      if (g_strcmp0 (row_id, id) == 0)
        {
          gtk_tree_selection_select_iter (gtk_tree_view_get_selection (self->offices_view), &iter);
          return TRUE;
        }
    }
  return FALSE;
}

guint
mk_offices_dialog_get_n_shown (MkOfficesDialog *self)
{
  g_return_val_if_fail (MK_IS_OFFICES_DIALOG (self), 0);

  return (guint) gtk_tree_model_iter_n_children (GTK_TREE_MODEL (self->offices_filter), NULL);
}
