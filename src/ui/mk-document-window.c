/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One issued document: preview, print, save, and for the provider's head the signature (§10 step 5). */
#define G_LOG_DOMAIN "mk-document-window"

#include "mk-document-window.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mk-document-view.h"
#include "mk-print.h"
#include "mk-ui-util.h"

struct _MkDocumentWindow
{
  GtkWindow             parent_instance;

  GtkHeaderBar         *header_bar;
  GtkButton            *print_button;
  GtkButton            *save_button;
  GtkButton            *sign_button;
  GtkInfoBar           *info_bar;
  GtkLabel             *info_label;
  GtkImage             *status_icon;
  GtkLabel             *status_label;
  MkDocumentView       *view;
  GtkDialog            *sign_dialog;
  GtkLabel             *sign_intro_label;
  GtkFileChooserButton *key_chooser;
  GtkEntry             *password_entry;
  GtkWidget            *sign_error_box;
  GtkLabel             *sign_error_label;

  MkContext            *context;
  gint64                document_id;
  MkDocumentRecord     *document;
};

G_DEFINE_FINAL_TYPE (MkDocumentWindow, mk_document_window, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_DOCUMENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_info (MkDocumentWindow *self,
           GtkMessageType    type,
           const char       *text)
{
  gtk_info_bar_set_message_type (self->info_bar, type);
  gtk_label_set_text (self->info_label, text);
  gtk_widget_show (GTK_WIDGET (self->info_bar));
}

static void
info_bar_response_cb (MkDocumentWindow *self)
{
  gtk_widget_hide (GTK_WIDGET (self->info_bar));
}

/* The head may sign a current, unsigned certificate or refusal of a case waiting at "signing". */
static gboolean
may_sign (MkDocumentWindow *self)
{
  const MkDocumentRecord *d = self->document;
  g_autoptr(MkCase) c = NULL;

  if (d == NULL || d->is_signed || d->superseded_by != 0 || d->case_id == 0
      || (g_strcmp0 (d->kind, "certificate") != 0 && g_strcmp0 (d->kind, "refusal") != 0)
      || !mk_context_user_has_role (self->context, MK_ROLE_PROVIDER_HEAD))
    return FALSE;
  c = mk_store_get_case (mk_context_get_store (self->context), d->case_id, NULL);
  return c != NULL && g_strcmp0 (c->stage, "signing") == 0;
}

static void
update_status (MkDocumentWindow *self)
{
  const MkDocumentRecord *d = self->document;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *status = NULL;
  const char *icon;

  title = g_strdup_printf ("%s %s", mk_document_kind_name (d->kind), d->number);
  /* TRANSLATORS: header bar subtitle, "Version 2" */
  subtitle = g_strdup_printf (_("Version %u"), d->version);
  gtk_header_bar_set_title (self->header_bar, title);
  gtk_header_bar_set_subtitle (self->header_bar, subtitle);

  if (d->is_signed)
    {
      g_autofree char *when = mk_clock_format (d->signed_at, NULL);

      /* TRANSLATORS: "Signed by <name> on <date time>. A signed document cannot be changed." */
      status = g_strdup_printf (_("Signed by %s on %s. A signed document cannot be changed."),
                                d->signer_name != NULL ? d->signer_name : "", when);
      icon = "security-high-symbolic";
    }
  else
    {
      g_autofree char *when = mk_clock_format (d->created_at, NULL);

      status = g_strdup_printf (_("Not signed. Issued on %s."), when);
      icon = "document-edit-symbolic";
    }
  if (d->superseded_by != 0)
    {
      char *more = g_strconcat (status, " ", _("A newer version replaces this one."), NULL);

      g_free (status);
      status = more;
      icon = "dialog-warning-symbolic";
    }
  gtk_label_set_text (self->status_label, status);
  gtk_image_set_from_icon_name (self->status_icon, icon, GTK_ICON_SIZE_BUTTON);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_button), may_sign (self));
}

static gboolean
load_document (MkDocumentWindow  *self,
               gint64             id,
               GError           **error)
{
  g_autoptr(MkDocumentRecord) d = mk_store_get_document (mk_context_get_store (self->context), id, error);

  if (d == NULL || !mk_document_view_load (self->view, d->pdf, error))
    return FALSE;
  g_clear_pointer (&self->document, mk_document_record_free);
  self->document = g_steal_pointer (&d);
  self->document_id = id;
  update_status (self);
  return TRUE;
}

static guint
copies_of (MkContext  *context,
           const char *kind)
{
  /* §13: one receipt for the applicant, one kept with the case. */
  if (g_strcmp0 (kind, "receipt") == 0 || g_strcmp0 (kind, "refusal-receipt") == 0)
    return (guint) MAX (1, g_settings_get_int (mk_context_get_settings (context), "print-copies-receipt"));
  return 1;
}

static void
print_with_action (MkDocumentWindow        *self,
                   GtkPrintOperationAction  action)
{
  g_autoptr(GPtrArray) pdfs = g_ptr_array_new ();
  guint copies = copies_of (self->context, self->document->kind);

  g_ptr_array_add (pdfs, self->document->pdf);
  mk_print_documents (GTK_WINDOW (self), pdfs, &copies, action);
}

static void
print_clicked_cb (MkDocumentWindow *self)
{
  print_with_action (self, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG);
}

/* The pages as the printer will get them: every copy, paper size and margins. */
static void
preview_clicked_cb (MkDocumentWindow *self)
{
  print_with_action (self, GTK_PRINT_OPERATION_ACTION_PREVIEW);
}

/* #14: named in the desk's language, «анықтама-3505-2026-000123-v2.pdf»
 * or «справка-…», never an English id. */
char *
mk_document_window_file_name (const MkDocumentRecord *document)
{
  char *name;

  g_return_val_if_fail (document != NULL, NULL);

  name = g_strdup_printf ("%s-%s-v%u.pdf", mk_document_kind_file_name (document->kind, NULL),
                          document->number, document->version);
  g_strdelimit (name, "/\\:", '-');
  return name;
}

static void
save_clicked_cb (MkDocumentWindow *self)
{
  g_autoptr(GtkFileChooserNative) chooser = NULL;
  g_autofree char *name = NULL;

  chooser = gtk_file_chooser_native_new (_("Save the Document"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (chooser), TRUE);
  name = mk_document_window_file_name (self->document);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  if (gtk_native_dialog_run (GTK_NATIVE_DIALOG (chooser)) == GTK_RESPONSE_ACCEPT)
    {
      g_autofree char *path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;
      gsize size = 0;
      const char *data = g_bytes_get_data (self->document->pdf, &size);

      if (path != NULL && !g_file_set_contents (path, data, (gssize) size, &error))
        show_info (self, GTK_MESSAGE_ERROR, error->message);
    }
}

static void
sign_clicked_cb (MkDocumentWindow *self)
{
  g_autofree char *intro = NULL;

  /* §10 step 5: the head signs exactly the PDF shown in this window. */
  intro = g_strdup_printf (_("You are signing “%s %s”, version %u, exactly as shown in the window. "
                             "Once signed, it cannot be changed: any correction makes a new version."),
                           mk_document_kind_name (self->document->kind), self->document->number,
                           self->document->version);
  gtk_label_set_text (self->sign_intro_label, intro);
  /* The head keeps one key: the file used last is chosen already. */
  {
    g_autofree char *chosen = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (self->key_chooser));
    g_autofree char *last = g_settings_get_string (mk_context_get_settings (self->context), "signing-key-file");

    if (chosen == NULL && *last != '\0' && g_file_test (last, G_FILE_TEST_IS_REGULAR))
      gtk_file_chooser_set_filename (GTK_FILE_CHOOSER (self->key_chooser), last);
  }
  gtk_entry_set_text (self->password_entry, "");
  gtk_widget_hide (self->sign_error_box);
  gtk_window_set_transient_for (GTK_WINDOW (self->sign_dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (self->sign_dialog));
}

static void
sign_response_cb (MkDocumentWindow *self,
                  int               response)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  gboolean ok;

  if (response != GTK_RESPONSE_OK)
    {
      gtk_widget_hide (GTK_WIDGET (self->sign_dialog));
      return;
    }

  key = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (self->key_chooser));
  if (key == NULL)
    {
      gtk_label_set_text (self->sign_error_label, _("Choose your signing key (a .p12 file)."));
      gtk_widget_show (self->sign_error_box);
      return;
    }
  ok = mk_document_window_sign (self, key, gtk_entry_get_text (self->password_entry), &error);
  gtk_entry_set_text (self->password_entry, "");
  if (!ok)
    {
      /* A wrong password or key: the dialog stays open to try again. */
      gtk_label_set_text (self->sign_error_label, error->message);
      gtk_widget_show (self->sign_error_box);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      return;
    }
  g_settings_set_string (mk_context_get_settings (self->context), "signing-key-file", key);
  gtk_widget_hide (GTK_WIDGET (self->sign_dialog));
}

static gboolean
mk_document_window_key_press_event (GtkWidget   *widget,
                                    GdkEventKey *event)
{
  MkDocumentWindow *self = MK_DOCUMENT_WINDOW (widget);
  GdkModifierType mods = event->state & gtk_accelerator_get_default_mod_mask ();

  if (mods == GDK_CONTROL_MASK && (event->keyval == GDK_KEY_p || event->keyval == GDK_KEY_P))
    {
      print_clicked_cb (self);
      return GDK_EVENT_STOP;
    }
  if (mods == GDK_CONTROL_MASK && (event->keyval == GDK_KEY_s || event->keyval == GDK_KEY_S))
    {
      save_clicked_cb (self);
      return GDK_EVENT_STOP;
    }
  if ((mods == GDK_CONTROL_MASK && (event->keyval == GDK_KEY_w || event->keyval == GDK_KEY_W))
      || (mods == 0 && event->keyval == GDK_KEY_Escape))
    {
      gtk_window_close (GTK_WINDOW (self));
      return GDK_EVENT_STOP;
    }
  return GTK_WIDGET_CLASS (mk_document_window_parent_class)->key_press_event (widget, event);
}

static void
mk_document_window_constructed (GObject *object)
{
  MkDocumentWindow *self = MK_DOCUMENT_WINDOW (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (mk_document_window_parent_class)->constructed (object);

  if (!load_document (self, self->document_id, &error))
    {
      show_info (self, GTK_MESSAGE_ERROR, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->print_button), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static void
mk_document_window_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MkDocumentWindow *self = MK_DOCUMENT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_DOCUMENT_ID:
      g_value_set_int64 (value, self->document_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mk_document_window_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MkDocumentWindow *self = MK_DOCUMENT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_DOCUMENT_ID:
      self->document_id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mk_document_window_dispose (GObject *object)
{
  MkDocumentWindow *self = MK_DOCUMENT_WINDOW (object);

  /* The sign dialog is a separate toplevel of the template. */
  if (self->sign_dialog != NULL)
    {
      gtk_widget_destroy (GTK_WIDGET (self->sign_dialog));
      self->sign_dialog = NULL;
    }
  g_clear_pointer (&self->document, mk_document_record_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (mk_document_window_parent_class)->dispose (object);
}

static void
mk_document_window_class_init (MkDocumentWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mk_document_window_constructed;
  object_class->get_property = mk_document_window_get_property;
  object_class->set_property = mk_document_window_set_property;
  object_class->dispose = mk_document_window_dispose;
  widget_class->key_press_event = mk_document_window_key_press_event;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENT_ID] =
    g_param_spec_int64 ("document-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MK_TYPE_DOCUMENT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/kz/mekenjai/Mekenjai/ui/mk-document-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MkDocumentWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentWindow, print_button);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentWindow, sign_button);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentWindow, info_bar);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentWindow, info_label);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentWindow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentWindow, view);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentWindow, sign_dialog);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentWindow, sign_intro_label);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentWindow, key_chooser);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentWindow, password_entry);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentWindow, sign_error_box);
  gtk_widget_class_bind_template_child (widget_class, MkDocumentWindow, sign_error_label);
  gtk_widget_class_bind_template_callback (widget_class, print_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, preview_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, info_bar_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, gtk_widget_hide_on_delete);
}

static void
mk_document_window_init (MkDocumentWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mk_ui_fit_default_size (GTK_WINDOW (self));
  mk_ui_set_help_page (GTK_WINDOW (self), "sign");
  mk_info_bar_name_close_button (self->info_bar);
}

MkDocumentWindow *
mk_document_window_new (GtkWindow *parent,
                        MkContext *context,
                        gint64     document_id)
{
  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);

  return g_object_new (MK_TYPE_DOCUMENT_WINDOW,
                       "context", context,
                       "document-id", document_id,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);
}

gint64
mk_document_window_get_document_id (MkDocumentWindow *self)
{
  g_return_val_if_fail (MK_IS_DOCUMENT_WINDOW (self), 0);
  return self->document_id;
}

gboolean
mk_document_window_can_sign (MkDocumentWindow *self)
{
  g_return_val_if_fail (MK_IS_DOCUMENT_WINDOW (self), FALSE);
  return may_sign (self);
}

void
mk_document_window_start_signing (MkDocumentWindow *self)
{
  g_return_if_fail (MK_IS_DOCUMENT_WINDOW (self));

  if (may_sign (self))
    sign_clicked_cb (self);
}

gboolean
mk_document_window_sign (MkDocumentWindow  *self,
                         const char        *p12_path,
                         const char        *password,
                         GError           **error)
{
  g_autoptr(MkDocumentRecord) signed_doc = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (MK_IS_DOCUMENT_WINDOW (self), FALSE);
  g_return_val_if_fail (p12_path != NULL && password != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* §10 step 5: the stored version shown in the window, not a re-rendering. */
  signed_doc = mk_store_sign_document (mk_context_get_store (self->context),
                                       mk_context_get_user (self->context),
                                       self->document_id, p12_path, password, error);
  if (signed_doc == NULL)
    return FALSE;
  if (!load_document (self, signed_doc->id, &local_error))
    show_info (self, GTK_MESSAGE_ERROR, local_error->message);
  else
    show_info (self, GTK_MESSAGE_INFO, _("Signed. The case moves on to be sent back to the center (§10 step 6)."));
  mk_context_cases_changed (self->context);
  return TRUE;
}

static void
show_error_dialog (GtkWindow  *parent,
                   const char *primary,
                   const char *message)
{
  GtkWidget *dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", primary);

  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", message);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
  gtk_widget_show (dialog);
}

MkDocumentWindow *
mk_document_window_open (GtkWindow  *parent,
                         MkContext  *context,
                         const char *kind,
                         gint64      id)
{
  g_autoptr(MkDocumentRecord) d = NULL;
  g_autoptr(GError) error = NULL;
  MkDocumentWindow *window;

  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  d = mk_store_issue_document (mk_context_get_store (context), mk_context_get_user (context), kind, id, &error);
  if (d == NULL)
    {
      show_error_dialog (parent, _("The document cannot be prepared"), error->message);
      return NULL;
    }
  window = mk_document_window_new (parent, context, d->id);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

void
mk_document_print_issued (GtkWindow  *parent,
                          MkContext  *context,
                          const char *kind,
                          gint64      id)
{
  g_autoptr(MkDocumentRecord) d = NULL;
  g_autoptr(GPtrArray) pdfs = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  guint copies;

  g_return_if_fail (MK_IS_CONTEXT (context));
  g_return_if_fail (kind != NULL);

  d = mk_store_issue_document (mk_context_get_store (context), mk_context_get_user (context), kind, id, &error);
  if (d == NULL)
    {
      show_error_dialog (parent, _("The document cannot be prepared"), error->message);
      return;
    }
  copies = copies_of (context, kind);
  g_ptr_array_add (pdfs, d->pdf);
  mk_print_documents (parent, pdfs, &copies, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG);
}
