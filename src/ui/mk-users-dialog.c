/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Users of the organisation (administrator): list, add, edit. */

#define G_LOG_DOMAIN "mekenjai-ui"

#include <glib/gi18n-lib.h>

#include "mk-ui-util.h"
#include "mk-user-editor.h"
#include "mk-users-dialog.h"

enum {
  COL_ID,
  COL_NAME,
  COL_POSITION,
  COL_LOGIN,
  COL_ROLE,
  COL_OFFICE,
  COL_STATUS,
};

struct _MkUsersDialog
{
  GtkDialog     parent_instance;

  GtkListStore *users_store;
  GtkTreeView  *users_view;
  GtkButton    *edit_button;
  GtkLabel     *error_label;

  MkContext    *context;
};

G_DEFINE_FINAL_TYPE (MkUsersDialog, mk_users_dialog, GTK_TYPE_DIALOG)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
load_users (MkUsersDialog *self)
{
  MkStore *store = mk_context_get_store (self->context);
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  gtk_list_store_clear (self->users_store);
  users = mk_store_list_users (store, &error);
  if (users == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_show (GTK_WIDGET (self->error_label));
      return;
    }

  for (guint i = 0; i < users->len; i++)
    {
      const MkUser *user = g_ptr_array_index (users, i);
      g_autoptr(MkOffice) office = NULL;

      if (user->office_id != NULL && user->office_id[0] != '\0')
        office = mk_store_get_office (store, user->office_id, NULL);
      gtk_list_store_insert_with_values (self->users_store, NULL, -1,
                                         COL_ID, user->id,
                                         COL_NAME, user->full_name,
                                         /* #14: in the list's language only; the editor shows both. */
                                         COL_POSITION, mk_text_get_own (&user->position),
                                         COL_LOGIN, user->login,
                                         COL_ROLE, mk_role_name (user->role),
                                         COL_OFFICE, office != NULL ? mk_text_get (&office->name) : "",
                                         COL_STATUS, user->active ? _("Active") : _("Blocked"),
                                         -1);
    }
}

static void
editor_response_cb (GtkDialog *editor,
                    int        response,
                    gpointer   user_data)
{
  MkUsersDialog *self = MK_USERS_DIALOG (user_data);

  if (response == GTK_RESPONSE_OK)
    {
      const MkUser *saved = mk_user_editor_get_user (MK_USER_EDITOR (editor));
      const MkUser *me = mk_context_get_user (self->context);

      /* Editing oneself: the header bar and menus follow. */
      if (me != NULL && saved != NULL && saved->id == me->id)
        mk_context_set_user (self->context, saved);
      load_users (self);
    }
  gtk_widget_destroy (GTK_WIDGET (editor));
}

static void
open_editor (MkUsersDialog *self,
             const MkUser  *user)
{
  GtkWidget *editor = mk_user_editor_new (self->context, GTK_WINDOW (self), user, FALSE);

  g_signal_connect_object (editor, "response", G_CALLBACK (editor_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
add_clicked_cb (MkUsersDialog *self)
{
  open_editor (self, NULL);
}

static void
edit_selected (MkUsersDialog *self)
{
  GtkTreeSelection *selection = gtk_tree_view_get_selection (self->users_view);
  g_autoptr(MkUser) user = NULL;
  g_autoptr(GError) error = NULL;
  GtkTreeModel *model;
  GtkTreeIter iter;
  gint64 id;

  if (!gtk_tree_selection_get_selected (selection, &model, &iter))
    return;
  gtk_tree_model_get (model, &iter, COL_ID, &id, -1);

  user = mk_store_get_user (mk_context_get_store (self->context), id, &error);
  if (user == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_show (GTK_WIDGET (self->error_label));
      return;
    }
  open_editor (self, user);
}

static void
edit_clicked_cb (MkUsersDialog *self)
{
  edit_selected (self);
}

static void
user_activated_cb (MkUsersDialog *self)
{
  edit_selected (self);
}

static void
selection_changed_cb (MkUsersDialog    *self,
                      GtkTreeSelection *selection)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->edit_button),
                            gtk_tree_selection_count_selected_rows (selection) > 0);
}

static void
mk_users_dialog_constructed (GObject *object)
{
  MkUsersDialog *self = MK_USERS_DIALOG (object);

  G_OBJECT_CLASS (mk_users_dialog_parent_class)->constructed (object);

  load_users (self);
}

static void
mk_users_dialog_finalize (GObject *object)
{
  MkUsersDialog *self = MK_USERS_DIALOG (object);

  g_clear_object (&self->context);

  G_OBJECT_CLASS (mk_users_dialog_parent_class)->finalize (object);
}

static void
mk_users_dialog_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MkUsersDialog *self = MK_USERS_DIALOG (object);

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
mk_users_dialog_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MkUsersDialog *self = MK_USERS_DIALOG (object);

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
mk_users_dialog_class_init (MkUsersDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mk_users_dialog_constructed;
  object_class->finalize = mk_users_dialog_finalize;
  object_class->get_property = mk_users_dialog_get_property;
  object_class->set_property = mk_users_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         MK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-users-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MkUsersDialog, users_store);
  gtk_widget_class_bind_template_child (widget_class, MkUsersDialog, users_view);
  gtk_widget_class_bind_template_child (widget_class, MkUsersDialog, edit_button);
  gtk_widget_class_bind_template_child (widget_class, MkUsersDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, edit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, user_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
}

static void
mk_users_dialog_init (MkUsersDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mk_ui_set_help_page (GTK_WINDOW (self), "users");
  g_signal_connect (self, "response", G_CALLBACK (gtk_widget_destroy), NULL);
}

GtkWidget *
mk_users_dialog_new (MkContext *context,
                     GtkWindow *parent)
{
  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (MK_TYPE_USERS_DIALOG,
                       "context", context,
                       "transient-for", parent,
                       "use-header-bar", TRUE,
                       NULL);
}

guint
mk_users_dialog_get_n_users (MkUsersDialog *self)
{
  g_return_val_if_fail (MK_IS_USERS_DIALOG (self), 0);

  return (guint) gtk_tree_model_iter_n_children (GTK_TREE_MODEL (self->users_store), NULL);
}
