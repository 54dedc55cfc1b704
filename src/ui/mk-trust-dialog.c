/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The trusted certification centers (administrator): list, install, remove. */

#define G_LOG_DOMAIN "mekenjai-ui"

#include <glib/gi18n-lib.h>

#include "mk-file.h"
#include "mk-sign.h"
#include "mk-trust-dialog.h"
#include "mk-ui-util.h"

enum {
  COL_SHA256,
  COL_NAME,
  COL_VALID_UNTIL,
  COL_FINGERPRINT,
};

struct _MkTrustDialog
{
  GtkDialog     parent_instance;

  GtkListStore *anchors_store;
  GtkTreeView  *anchors_view;
  GtkButton    *remove_button;
  GtkLabel     *message_label;

  MkContext    *context;
};

G_DEFINE_FINAL_TYPE (MkTrustDialog, mk_trust_dialog, GTK_TYPE_DIALOG)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_message (MkTrustDialog *self,
              const char    *text,
              gboolean       is_error)
{
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self->message_label));

  gtk_label_set_text (self->message_label, text);
  if (is_error)
    gtk_style_context_add_class (style, "mk-error");
  else
    gtk_style_context_remove_class (style, "mk-error");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
}

/* "AB:CD:…" of the first eight bytes: what an administrator compares with
 * the fingerprint the certification center publishes. */
static char *
short_fingerprint (const char *sha256)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; sha256[i] != '\0' && sha256[i + 1] != '\0' && i < 16; i += 2)
    {
      if (out->len > 0)
        g_string_append_c (out, ':');
      g_string_append_c (out, g_ascii_toupper (sha256[i]));
      g_string_append_c (out, g_ascii_toupper (sha256[i + 1]));
    }
  g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static void
load_anchors (MkTrustDialog *self)
{
  g_autoptr(GPtrArray) anchors = NULL;
  g_autoptr(GError) error = NULL;

  gtk_list_store_clear (self->anchors_store);
  anchors = mk_store_list_trust_anchors (mk_context_get_store (self->context), &error);
  if (anchors == NULL)
    {
      show_message (self, error->message, TRUE);
      return;
    }
  for (guint i = 0; i < anchors->len; i++)
    {
      const MkSignCertificate *a = g_ptr_array_index (anchors, i);
      g_autoptr(GDateTime) until = g_date_time_new_from_unix_utc (a->not_after);
      g_autofree char *day = until != NULL ? g_date_time_format (until, "%d.%m.%Y") : g_strdup ("");
      g_autofree char *fingerprint = short_fingerprint (a->sha256);

      gtk_list_store_insert_with_values (self->anchors_store, NULL, -1,
                                         COL_SHA256, a->sha256,
                                         COL_NAME, a->common_name != NULL ? a->common_name : a->subject_dn,
                                         COL_VALID_UNTIL, day,
                                         COL_FINGERPRINT, fingerprint,
                                         -1);
    }
  if (anchors->len == 0)
    show_message (self, _("No certification center is trusted yet: signatures are checked against the heads’ registered certificates only. Install the national certification center’s root certificates."),
                  FALSE);
}

gboolean
mk_trust_dialog_add_file (MkTrustDialog *self,
                          const char    *path)
{
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint added;

  g_return_val_if_fail (MK_IS_TRUST_DIALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  data = mk_file_read (path, MK_FILE_MAX_SMALL, &error);
  if (data == NULL)
    {
      show_message (self, error->message, TRUE);
      return FALSE;
    }
  added = mk_store_add_trust_anchors (mk_context_get_store (self->context), mk_context_get_user (self->context),
                                      data, &error);
  if (error != NULL)
    {
      show_message (self, error->message, TRUE);
      return FALSE;
    }
  load_anchors (self);
  if (added == 0)
    text = g_strdup (_("Every certificate of the file was trusted already."));
  else
    text = g_strdup_printf (ngettext ("Installed %u trusted certification center.",
                                      "Installed %u trusted certification centers.", added), added);
  show_message (self, text, FALSE);
  return TRUE;
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  MkTrustDialog *self = MK_TRUST_DIALOG (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autofree char *path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));

      if (path != NULL)
        mk_trust_dialog_add_file (self, path);
    }
  g_object_unref (chooser);
}

static void
add_clicked_cb (MkTrustDialog *self)
{
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;

  chooser = gtk_file_chooser_native_new (_("Install a Root Certificate"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Install"), _("_Cancel"));
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Certificates (PEM, DER)"));
  for (const char *const *p = (const char *const[]) { "*.pem", "*.crt", "*.cer", "*.der", NULL }; *p != NULL; p++)
    gtk_file_filter_add_pattern (filter, *p);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
remove_clicked_cb (MkTrustDialog *self)
{
  GtkTreeSelection *selection = gtk_tree_view_get_selection (self->anchors_view);
  g_autofree char *sha256 = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  GtkTreeModel *model;
  GtkTreeIter iter;
  GtkWidget *confirm;
  int response;

  if (!gtk_tree_selection_get_selected (selection, &model, &iter))
    return;
  gtk_tree_model_get (model, &iter, COL_SHA256, &sha256, COL_NAME, &name, -1);

  /* Removing a center makes every signature issued under it untrusted. */
  confirm = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                    GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                    _("Stop trusting “%s”?"), name);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (confirm), "%s",
                                            _("Heads can no longer sign with certificates it issued, and documents signed with them will be reported as not signed by a trusted center."));
  gtk_dialog_add_buttons (GTK_DIALOG (confirm), _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Stop Trusting"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (confirm), GTK_RESPONSE_CANCEL);
  response = gtk_dialog_run (GTK_DIALOG (confirm));
  gtk_widget_destroy (confirm);
  if (response != GTK_RESPONSE_ACCEPT)
    return;

  if (!mk_store_remove_trust_anchor (mk_context_get_store (self->context), mk_context_get_user (self->context),
                                     sha256, &error))
    {
      show_message (self, error->message, TRUE);
      return;
    }
  show_message (self, NULL, FALSE);
  load_anchors (self);
}

static void
selection_changed_cb (MkTrustDialog    *self,
                      GtkTreeSelection *selection)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->remove_button),
                            gtk_tree_selection_count_selected_rows (selection) > 0);
}

static void
mk_trust_dialog_constructed (GObject *object)
{
  MkTrustDialog *self = MK_TRUST_DIALOG (object);

  G_OBJECT_CLASS (mk_trust_dialog_parent_class)->constructed (object);

  load_anchors (self);
}

static void
mk_trust_dialog_finalize (GObject *object)
{
  MkTrustDialog *self = MK_TRUST_DIALOG (object);

  g_clear_object (&self->context);

  G_OBJECT_CLASS (mk_trust_dialog_parent_class)->finalize (object);
}

static void
mk_trust_dialog_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MkTrustDialog *self = MK_TRUST_DIALOG (object);

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
mk_trust_dialog_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MkTrustDialog *self = MK_TRUST_DIALOG (object);

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
mk_trust_dialog_class_init (MkTrustDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mk_trust_dialog_constructed;
  object_class->finalize = mk_trust_dialog_finalize;
  object_class->get_property = mk_trust_dialog_get_property;
  object_class->set_property = mk_trust_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         MK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-trust-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MkTrustDialog, anchors_store);
  gtk_widget_class_bind_template_child (widget_class, MkTrustDialog, anchors_view);
  gtk_widget_class_bind_template_child (widget_class, MkTrustDialog, remove_button);
  gtk_widget_class_bind_template_child (widget_class, MkTrustDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
}

static void
mk_trust_dialog_init (MkTrustDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mk_ui_set_help_page (GTK_WINDOW (self), "sign");
  g_signal_connect (self, "response", G_CALLBACK (gtk_widget_destroy), NULL);
}

GtkWidget *
mk_trust_dialog_new (MkContext *context,
                     GtkWindow *parent)
{
  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (MK_TYPE_TRUST_DIALOG,
                       "context", context,
                       "transient-for", parent,
                       "use-header-bar", TRUE,
                       NULL);
}

guint
mk_trust_dialog_get_n_anchors (MkTrustDialog *self)
{
  g_return_val_if_fail (MK_IS_TRUST_DIALOG (self), 0);

  return (guint) gtk_tree_model_iter_n_children (GTK_TREE_MODEL (self->anchors_store), NULL);
}

const char *
mk_trust_dialog_get_message (MkTrustDialog *self)
{
  g_return_val_if_fail (MK_IS_TRUST_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->message_label)) ? gtk_label_get_text (self->message_label) : NULL;
}
