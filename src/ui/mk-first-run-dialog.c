/* SPDX-License-Identifier: GPL-3.0-or-later */
/* First start on an empty database: set up the organisation or load demo data. */

#define G_LOG_DOMAIN "mekenjai-ui"

#include <glib/gi18n-lib.h>

#include "mk-ui-util.h"
#include "mk-first-run-dialog.h"
#include "mk-user-editor.h"

struct _MkFirstRunDialog
{
  GtkDialog   parent_instance;

  GtkButton  *setup_button;
  GtkButton  *demo_button;
  GtkBox     *busy_box;
  GtkSpinner *busy_spinner;
  GtkLabel   *error_label;

  MkContext  *context;
  MkUser     *admin;
};

G_DEFINE_FINAL_TYPE (MkFirstRunDialog, mk_first_run_dialog, GTK_TYPE_DIALOG)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
admin_response_cb (GtkDialog *editor,
                   int        response,
                   gpointer   user_data)
{
  MkFirstRunDialog *self = MK_FIRST_RUN_DIALOG (user_data);

  if (response == GTK_RESPONSE_OK)
    self->admin = mk_user_copy (mk_user_editor_get_user (MK_USER_EDITOR (editor)));
  gtk_widget_destroy (GTK_WIDGET (editor));

  if (self->admin != NULL)
    gtk_dialog_response (GTK_DIALOG (self), GTK_RESPONSE_OK);
}

static void
setup_clicked_cb (MkFirstRunDialog *self)
{
  GtkWidget *editor = mk_user_editor_new (self->context, GTK_WINDOW (self), NULL, TRUE);

  g_signal_connect_object (editor, "response", G_CALLBACK (admin_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
demo_clicked_cb (MkFirstRunDialog *self)
{
  mk_first_run_dialog_load_demo (self);
}

static void
mk_first_run_dialog_finalize (GObject *object)
{
  MkFirstRunDialog *self = MK_FIRST_RUN_DIALOG (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->admin, mk_user_free);

  G_OBJECT_CLASS (mk_first_run_dialog_parent_class)->finalize (object);
}

static void
mk_first_run_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MkFirstRunDialog *self = MK_FIRST_RUN_DIALOG (object);

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
mk_first_run_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MkFirstRunDialog *self = MK_FIRST_RUN_DIALOG (object);

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
mk_first_run_dialog_class_init (MkFirstRunDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mk_first_run_dialog_finalize;
  object_class->get_property = mk_first_run_dialog_get_property;
  object_class->set_property = mk_first_run_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         MK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-first-run-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MkFirstRunDialog, setup_button);
  gtk_widget_class_bind_template_child (widget_class, MkFirstRunDialog, demo_button);
  gtk_widget_class_bind_template_child (widget_class, MkFirstRunDialog, busy_box);
  gtk_widget_class_bind_template_child (widget_class, MkFirstRunDialog, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, MkFirstRunDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, setup_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, demo_clicked_cb);
}

static void
mk_first_run_dialog_init (MkFirstRunDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mk_ui_set_help_page (GTK_WINDOW (self), "index");
}

GtkWidget *
mk_first_run_dialog_new (MkContext *context)
{
  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);

  return g_object_new (MK_TYPE_FIRST_RUN_DIALOG,
                       "context", context,
                       "use-header-bar", TRUE,
                       NULL);
}

const MkUser *
mk_first_run_dialog_get_user (MkFirstRunDialog *self)
{
  g_return_val_if_fail (MK_IS_FIRST_RUN_DIALOG (self), NULL);

  return self->admin;
}

/* Runs in a worker thread on a connection of its own: SQLite in WAL mode (and
 * a server in any case) lets the window's connection keep reading while the
 * demo cases are written. */
static void
seed_demo_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  MkStore *window_store = task_data;
  g_autoptr(MkStore) store = NULL;
  GError *error = NULL;

  store = mk_store_reopen (window_store, &error);
  if (store == NULL || !mk_store_seed_demo (store, MK_FIRST_RUN_DEMO_CASES, 1, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
demo_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  MkFirstRunDialog *self = MK_FIRST_RUN_DIALOG (source);
  g_autoptr(GError) error = NULL;

  gtk_spinner_stop (self->busy_spinner);
  gtk_widget_hide (GTK_WIDGET (self->busy_box));
  gtk_widget_set_sensitive (GTK_WIDGET (self->setup_button), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_button), TRUE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_show (GTK_WIDGET (self->error_label));
      return;
    }

  gtk_dialog_response (GTK_DIALOG (self), GTK_RESPONSE_OK);
}

void
mk_first_run_dialog_load_demo (MkFirstRunDialog *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MK_IS_FIRST_RUN_DIALOG (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->setup_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_button), FALSE);
  gtk_widget_hide (GTK_WIDGET (self->error_label));
  gtk_widget_show (GTK_WIDGET (self->busy_box));
  gtk_spinner_start (self->busy_spinner);

  task = g_task_new (self, NULL, demo_loaded_cb, NULL);
  g_task_set_source_tag (task, mk_first_run_dialog_load_demo);
  g_task_set_task_data (task, g_object_ref (mk_context_get_store (self->context)), g_object_unref);
  g_task_run_in_thread (task, seed_demo_thread);
}
