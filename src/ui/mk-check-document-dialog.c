/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checking a paper document: its QR code text or a picture of it, against the store. */
#define G_LOG_DOMAIN "mk-check-document-dialog"

#include "mk-check-document-dialog.h"

#include <glib/gi18n-lib.h>

#include "mk-ui-util.h"
#include "mk-document-window.h"
#include "mk-qr-reader.h"

struct _MkCheckDocumentDialog
{
  GtkDialog             parent_instance;

  GtkEntry             *qr_entry;
  GtkFileChooserButton *image_chooser;
  GtkWidget            *result_box;
  GtkImage             *result_icon;
  GtkLabel             *result_label;

  MkContext            *context;
  /* Reading a picture's QR code, off the main thread. */
  GCancellable         *reading;
};

G_DEFINE_FINAL_TYPE (MkCheckDocumentDialog, mk_check_document_dialog, GTK_TYPE_DIALOG)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
show_result (MkCheckDocumentDialog *self,
             const char            *icon,
             const char            *text)
{
  /* The icon and the words say the same: colour is never the only sign. */
  gtk_image_set_from_icon_name (self->result_icon, icon, GTK_ICON_SIZE_DIALOG);
  gtk_label_set_text (self->result_label, text);
  gtk_widget_show (self->result_box);
  return gtk_label_get_text (self->result_label);
}

static char *
describe (const MkDocumentRecord *d)
{
  /* TRANSLATORS: "Address certificate 3505-2026-000123, version 2" */
  return g_strdup_printf (_("%s %s, version %u"), mk_document_kind_name (d->kind), d->number, d->version);
}

const char *
mk_check_document_dialog_check_text (MkCheckDocumentDialog *self,
                                     const char            *text)
{
  g_autoptr(MkDocumentCheck) check = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (MK_IS_CHECK_DOCUMENT_DIALOG (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  check = mk_store_find_document_by_qr (mk_context_get_store (self->context), text, &error);
  if (check == NULL)
    {
      message = g_strdup_printf (_("This is not a Mekenjai document code: %s"), error->message);
      return show_result (self, "dialog-error-symbolic", message);
    }
  if (check->document == NULL)
    return show_result (self, "dialog-error-symbolic",
                        _("Unknown: no document with this number was issued here. Treat the paper as not genuine."));

  what = describe (check->document);
  if (check->has_signature && !check->signature_valid)
    message = g_strdup_printf (_("Not valid: %s was issued here, but its stored signature no longer matches it."), what);
  else if (!check->digest_matches)
    message = g_strdup_printf (_("Does not match: %s was issued here, but with other content. The paper may have been altered."),
                               what);
  else if (check->document->superseded_by != 0)
    message = g_strdup_printf (_("Outdated: %s was issued here, but a newer version replaces it. Ask for the current one."),
                               what);
  else if (check->has_signature && !check->signer_registered)
    message = g_strdup_printf (_("Not the head’s signature: %s was issued here, but it is signed by %s with a certificate that is not the one registered for the provider’s head. Treat it as not signed."),
                               what, check->signer_name != NULL ? check->signer_name : "?");
  else if (check->has_signature)
    message = g_strdup_printf (_("Genuine: %s was issued here and is signed by %s with the certificate registered for the provider’s head (%s). The signature is valid."),
                               what, check->signer_name != NULL ? check->signer_name : check->document->signer_name,
                               check->registered_head != NULL ? check->registered_head : "");
  else
    message = g_strdup_printf (_("Genuine: %s was issued here. It is not signed."), what);

  /* §10 step 5: and who issued the certificate it was signed with. */
  if (check->has_signature && check->signature_valid)
    {
      g_autofree char *trust = mk_sign_trust_describe (check->trust, check->trust_anchor);
      g_autofree char *both = g_strconcat (message, " ", trust, NULL);

      g_free (message);
      message = g_steal_pointer (&both);
    }

  if (check->digest_matches && check->document->superseded_by == 0
      && (!check->has_signature
          || (check->signature_valid && check->signer_registered
              && (check->trust == MK_SIGN_TRUST_TRUSTED || check->trust == MK_SIGN_TRUST_NO_ANCHORS))))
    return show_result (self, "emblem-ok-symbolic", message);
  return show_result (self, "dialog-warning-symbolic", message);
}

static void
image_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MkCheckDocumentDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = mk_qr_read_file_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->reading);
  gtk_widget_set_sensitive (GTK_WIDGET (self->image_chooser), TRUE);
  if (text == NULL)
    {
      show_result (self, "dialog-error-symbolic", error->message);
      return;
    }
  gtk_entry_set_text (self->qr_entry, text);
  mk_check_document_dialog_check_text (self, text);
}

void
mk_check_document_dialog_check_image (MkCheckDocumentDialog *self,
                                      const char            *path)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (MK_IS_CHECK_DOCUMENT_DIALOG (self));
  g_return_if_fail (path != NULL);

  /* A new picture replaces one still being read. */
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  self->reading = g_cancellable_new ();
  file = g_file_new_for_path (path);
  show_result (self, "content-loading-symbolic", _("Reading the QR code…"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->image_chooser), FALSE);
  mk_qr_read_file_async (file, self->reading, image_read_cb, g_object_ref (self));
}

gboolean
mk_check_document_dialog_is_reading (MkCheckDocumentDialog *self)
{
  g_return_val_if_fail (MK_IS_CHECK_DOCUMENT_DIALOG (self), FALSE);

  return self->reading != NULL;
}

const char *
mk_check_document_dialog_get_result (MkCheckDocumentDialog *self)
{
  g_return_val_if_fail (MK_IS_CHECK_DOCUMENT_DIALOG (self), NULL);

  return gtk_widget_get_visible (self->result_box) ? gtk_label_get_text (self->result_label) : NULL;
}

static void
image_set_cb (MkCheckDocumentDialog *self)
{
  g_autofree char *path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (self->image_chooser));

  if (path != NULL)
    mk_check_document_dialog_check_image (self, path);
}

static void
response_cb (MkCheckDocumentDialog *self,
             int                    response)
{
  const char *text;

  if (response != GTK_RESPONSE_OK)
    {
      gtk_widget_destroy (GTK_WIDGET (self));
      return;
    }
  text = gtk_entry_get_text (self->qr_entry);
  if (*text != '\0')
    mk_check_document_dialog_check_text (self, text);
  else
    show_result (self, "dialog-information-symbolic",
                 _("Paste the text of the QR code, or choose a picture of it."));
}

static void
mk_check_document_dialog_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  MkCheckDocumentDialog *self = MK_CHECK_DOCUMENT_DIALOG (object);

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
mk_check_document_dialog_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  MkCheckDocumentDialog *self = MK_CHECK_DOCUMENT_DIALOG (object);

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
mk_check_document_dialog_dispose (GObject *object)
{
  MkCheckDocumentDialog *self = MK_CHECK_DOCUMENT_DIALOG (object);

  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (mk_check_document_dialog_parent_class)->dispose (object);
}

static void
mk_check_document_dialog_class_init (MkCheckDocumentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = mk_check_document_dialog_get_property;
  object_class->set_property = mk_check_document_dialog_set_property;
  object_class->dispose = mk_check_document_dialog_dispose;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-check-document-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MkCheckDocumentDialog, qr_entry);
  gtk_widget_class_bind_template_child (widget_class, MkCheckDocumentDialog, image_chooser);
  gtk_widget_class_bind_template_child (widget_class, MkCheckDocumentDialog, result_box);
  gtk_widget_class_bind_template_child (widget_class, MkCheckDocumentDialog, result_icon);
  gtk_widget_class_bind_template_child (widget_class, MkCheckDocumentDialog, result_label);
  gtk_widget_class_bind_template_callback (widget_class, response_cb);
  gtk_widget_class_bind_template_callback (widget_class, image_set_cb);
}

static void
mk_check_document_dialog_init (MkCheckDocumentDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mk_ui_set_help_page (GTK_WINDOW (self), "check-document");
}

MkCheckDocumentDialog *
mk_check_document_dialog_new (GtkWindow *parent,
                              MkContext *context)
{
  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);

  return g_object_new (MK_TYPE_CHECK_DOCUMENT_DIALOG,
                       "context", context,
                       "transient-for", parent,
                       "use-header-bar", TRUE,
                       NULL);
}
