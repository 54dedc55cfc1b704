/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The executor prepares the certificate (§10 step 4, §6): the address
 * registration code, its basis and the address as printed, with a preview. */

#define G_LOG_DOMAIN "mk-certificate-dialog"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mk-ui-util.h"
#include "mk-certificate-dialog.h"
#include "mk-document-view.h"

/* Typing pauses this long before the preview is drawn again. */
#define PREVIEW_DELAY_MS 400

struct _MkCertificateDialog
{
  GtkDialog       parent_instance;

  MkContext      *context;
  MkCase         *c;
  guint           preview_id;

  GtkLabel       *explanation_label;
  GtkEntry       *rca_entry;
  GtkLabel       *rca_status_label;
  GtkEntry       *basis_number_entry;
  GtkEntry       *basis_date_entry;
  GtkEntry       *geonym_kk_entry;
  GtkEntry       *geonym_ru_entry;
  GtkEntry       *building_entry;
  GtkEntry       *block_entry;
  GtkEntry       *premise_entry;
  GtkLabel       *printed_kk_label;
  GtkLabel       *printed_ru_label;
  GtkLabel       *problems_label;
  MkDocumentView *preview;
  GtkButton      *accept_button;
};

G_DEFINE_FINAL_TYPE (MkCertificateDialog, mk_certificate_dialog, GTK_TYPE_DIALOG)

static char *
entry_text (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_entry_get_text (entry)));
}

/* DD.MM.YYYY, as on the decision itself, or YYYY-MM-DD (#13: 1900–2100). */
static gboolean
parse_date (const char *text,
            GDate      *date)
{
  return mk_date_parse (text, date);
}

static void
replace (char      **field,
         GtkEntry   *entry)
{
  g_free (*field);
  *field = entry_text (entry);
  if (**field == '\0')
    g_clear_pointer (field, g_free);
}

/* The address as the form says it will be printed. */
static MkAddress *
form_address (MkCertificateDialog *self)
{
  MkAddress *a = self->c->address != NULL ? mk_address_copy (self->c->address) : mk_address_new ();

  replace (&a->rca, self->rca_entry);
  replace (&a->geonym.kk, self->geonym_kk_entry);
  replace (&a->geonym.ru, self->geonym_ru_entry);
  replace (&a->building, self->building_entry);
  replace (&a->block, self->block_entry);
  replace (&a->premise, self->premise_entry);
  return a;
}

/* Every problem of the form at once, in the order of the fields. */
static char *
form_problems (MkCertificateDialog *self,
               GDate               *basis_date)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autofree char *rca = entry_text (self->rca_entry);
  g_autofree char *number = entry_text (self->basis_number_entry);
  g_autofree char *date = entry_text (self->basis_date_entry);
  g_autoptr(GError) error = NULL;
  GDate today;

  g_date_clear (&today, 1);
  mk_store_get_today (mk_context_get_store (self->context), &today);

  if (strlen (rca) != 16 || !mk_rca_validate (rca, &error))
    {
      /* Translators: how many of the 16 digits are typed so far. */
      g_autofree char *count = g_strdup_printf (_("%u of 16 digits"), (guint) strlen (rca));

      gtk_label_set_text (self->rca_status_label, error != NULL && strlen (rca) == 16 ? error->message : count);
      g_string_append_printf (problems, "• %s\n", _("The address registration code has 16 digits (§6)."));
    }
  else
    gtk_label_set_text (self->rca_status_label, _("The code is well formed."));
  if (*number == '\0')
    g_string_append_printf (problems, "• %s\n", _("Enter the number of the akimat’s resolution or decision (§4)."));
  if (!parse_date (date, basis_date))
    g_string_append_printf (problems, "• %s\n", _("Enter the date of the decision as DD.MM.YYYY."));
  else if (g_date_compare (basis_date, &today) > 0)
    g_string_append_printf (problems, "• %s\n", _("The decision cannot be dated after today."));
  if (gtk_entry_get_text_length (self->geonym_kk_entry) == 0 &&
      gtk_entry_get_text_length (self->building_entry) == 0)
    g_string_append_printf (problems, "• %s\n", _("Give the street (in Kazakh) or the building number."));
  if (gtk_entry_get_text_length (self->geonym_kk_entry) > 0 &&
      gtk_entry_get_text_length (self->geonym_ru_entry) == 0)
    g_string_append_printf (problems, "• %s\n", _("Give the street in Russian as well: the certificate is bilingual."));

  if (problems->len > 0)
    g_string_truncate (problems, problems->len - 1);
  return g_string_free (g_steal_pointer (&problems), FALSE);
}

static gboolean
draw_preview (gpointer data)
{
  MkCertificateDialog *self = data;
  g_autoptr(MkAddress) address = form_address (self);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = entry_text (self->basis_number_entry);
  GDate date;

  self->preview_id = 0;
  if (!parse_date (gtk_entry_get_text (self->basis_date_entry), &date))
    g_date_clear (&date, 1);
  /* A certificate page renders in a few milliseconds (`meson test --benchmark document`). */
  pdf = mk_store_preview_certificate (mk_context_get_store (self->context), mk_context_get_user (self->context),
                                      self->c->id, address, number, g_date_valid (&date) ? &date : NULL, &error);
  if (pdf != NULL)
    mk_document_view_load (self->preview, pdf, NULL);
  else
    g_debug ("preview: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
form_changed_cb (MkCertificateDialog *self)
{
  g_autoptr(MkAddress) address = form_address (self);
  g_autofree char *kk = mk_address_format_object (address, self->c->object_kind, "kk");
  g_autofree char *ru = mk_address_format_object (address, self->c->object_kind, "ru");
  g_autofree char *problems = NULL;
  GDate date;

  gtk_label_set_text (self->printed_kk_label, kk);
  gtk_label_set_text (self->printed_ru_label, ru);
  problems = form_problems (self, &date);
  gtk_label_set_text (self->problems_label, problems);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), *problems != '\0');
  gtk_widget_set_sensitive (GTK_WIDGET (self->accept_button), *problems == '\0');

  g_clear_handle_id (&self->preview_id, g_source_remove);
  self->preview_id = g_timeout_add (PREVIEW_DELAY_MS, draw_preview, self);
}

static void
rca_insert_text_cb (GtkEditable         *editable,
                    const char          *text,
                    int                  length,
                    int                 *position,
                    MkCertificateDialog *self)
{
  /* Digits only: spaces and dashes pasted from a letter are dropped. */
  g_autoptr(GString) digits = g_string_new (NULL);

  for (const char *p = text; p < text + (length < 0 ? (int) strlen (text) : length); p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  if (digits->len == (gsize) (length < 0 ? (int) strlen (text) : length))
    return;
  g_signal_handlers_block_by_func (editable, rca_insert_text_cb, self);
  gtk_editable_insert_text (editable, digits->str, (int) digits->len, position);
  g_signal_handlers_unblock_by_func (editable, rca_insert_text_cb, self);
  g_signal_stop_emission_by_name (editable, "insert-text");
}

static void
mk_certificate_dialog_response (GtkDialog *dialog,
                                int        response)
{
  MkCertificateDialog *self = MK_CERTIFICATE_DIALOG (dialog);
  g_autoptr(MkAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *problems = NULL;
  GDate date;

  if (response != GTK_RESPONSE_OK)
    return;

  /* The store checks again and saves the code, the basis and the step together. */
  g_signal_stop_emission_by_name (dialog, "response");
  problems = form_problems (self, &date);
  if (*problems != '\0')
    return;
  address = form_address (self);
  number = entry_text (self->basis_number_entry);
  if (!mk_store_prepare_certificate (mk_context_get_store (self->context), mk_context_get_user (self->context),
                                     self->c->id, self->c->version, address, number, &date, &error))
    {
      gtk_label_set_text (self->problems_label, error->message);
      gtk_widget_show (GTK_WIDGET (self->problems_label));
      return;
    }
  mk_context_cases_changed (self->context);
  gtk_dialog_response (dialog, GTK_RESPONSE_ACCEPT);
}

static void
mk_certificate_dialog_dispose (GObject *object)
{
  MkCertificateDialog *self = MK_CERTIFICATE_DIALOG (object);

  g_clear_handle_id (&self->preview_id, g_source_remove);
  g_clear_object (&self->context);
  g_clear_pointer (&self->c, mk_case_unref);

  G_OBJECT_CLASS (mk_certificate_dialog_parent_class)->dispose (object);
}

static void
mk_certificate_dialog_class_init (MkCertificateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkDialogClass *dialog_class = GTK_DIALOG_CLASS (klass);

  object_class->dispose = mk_certificate_dialog_dispose;
  dialog_class->response = mk_certificate_dialog_response;

  g_type_ensure (MK_TYPE_DOCUMENT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-certificate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MkCertificateDialog, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, MkCertificateDialog, rca_entry);
  gtk_widget_class_bind_template_child (widget_class, MkCertificateDialog, rca_status_label);
  gtk_widget_class_bind_template_child (widget_class, MkCertificateDialog, basis_number_entry);
  gtk_widget_class_bind_template_child (widget_class, MkCertificateDialog, basis_date_entry);
  gtk_widget_class_bind_template_child (widget_class, MkCertificateDialog, geonym_kk_entry);
  gtk_widget_class_bind_template_child (widget_class, MkCertificateDialog, geonym_ru_entry);
  gtk_widget_class_bind_template_child (widget_class, MkCertificateDialog, building_entry);
  gtk_widget_class_bind_template_child (widget_class, MkCertificateDialog, block_entry);
  gtk_widget_class_bind_template_child (widget_class, MkCertificateDialog, premise_entry);
  gtk_widget_class_bind_template_child (widget_class, MkCertificateDialog, printed_kk_label);
  gtk_widget_class_bind_template_child (widget_class, MkCertificateDialog, printed_ru_label);
  gtk_widget_class_bind_template_child (widget_class, MkCertificateDialog, problems_label);
  gtk_widget_class_bind_template_child (widget_class, MkCertificateDialog, preview);
  gtk_widget_class_bind_template_child (widget_class, MkCertificateDialog, accept_button);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rca_insert_text_cb);
}

static void
mk_certificate_dialog_init (MkCertificateDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mk_ui_fit_default_size (GTK_WINDOW (self));
  mk_ui_set_help_page (GTK_WINDOW (self), "prepare");
  mk_document_view_set_fit_width (self->preview, TRUE);
}

static void
set_entry (GtkEntry   *entry,
           const char *text)
{
  gtk_entry_set_text (entry, text != NULL ? text : "");
}

GtkWidget *
mk_certificate_dialog_new (GtkWindow *parent,
                           MkContext *context,
                           MkCase    *c)
{
  MkCertificateDialog *self;
  g_autofree char *explanation = NULL;
  const MkAddress *a;

  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (c != NULL, NULL);

  self = g_object_new (MK_TYPE_CERTIFICATE_DIALOG, "transient-for", parent, "use-header-bar", FALSE, NULL);
  self->context = g_object_ref (context);
  self->c = mk_case_ref (c);

  /* Translators: %s is the registration number of the application. */
  explanation = g_strdup_printf (_("Certificate for application %s (§6). Enter the address registration code and the decision it rests on, and check the address exactly as it will be printed. The head then checks and signs it."),
                                 c->regno);
  gtk_label_set_text (self->explanation_label, explanation);

  a = c->address;
  if (a != NULL)
    {
      set_entry (self->rca_entry, a->rca);
      set_entry (self->geonym_kk_entry, a->geonym.kk);
      set_entry (self->geonym_ru_entry, a->geonym.ru);
      set_entry (self->building_entry, a->building);
      set_entry (self->block_entry, a->block);
      set_entry (self->premise_entry, a->premise);
    }
  set_entry (self->basis_number_entry, c->basis_number);
  if (g_date_valid (&c->basis_date))
    {
      char text[16];

      g_snprintf (text, sizeof text, "%02u.%02u.%04u", g_date_get_day (&c->basis_date),
                  g_date_get_month (&c->basis_date), g_date_get_year (&c->basis_date));
      gtk_entry_set_text (self->basis_date_entry, text);
    }
  form_changed_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->rca_entry));
  return GTK_WIDGET (self);
}
