/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Registers (тізілім, §10 steps 3 and 6, §19): batches of cases between center and provider. */

#define G_LOG_DOMAIN "mk-registers-dialog"

#include <glib/gi18n-lib.h>

#include "mk-document-window.h"
#include "mk-registers-dialog.h"
#include "mk-ui-util.h"

enum {
  CASE_COLUMN_INCLUDED,
  CASE_COLUMN_REGNO,
  CASE_COLUMN_APPLICANT,
  CASE_COLUMN_KIND,
  CASE_COLUMN_DUE,
  CASE_COLUMN_ID,
};

enum {
  REGISTER_COLUMN_ID,
  REGISTER_COLUMN_NUMBER,
  REGISTER_COLUMN_DIRECTION,
  REGISTER_COLUMN_CREATED,
  REGISTER_COLUMN_N_CASES,
  REGISTER_COLUMN_STATUS,
  REGISTER_COLUMN_RECEIVABLE,
};

/* How many cases one register lists at most. */
#define MAX_CASES 1000

struct _MkRegistersDialog
{
  GtkDialog        parent_instance;

  GtkInfoBar      *message_infobar;
  GtkLabel        *message_label;
  GtkBox          *new_box;
  GtkLabel        *new_heading_label;
  GtkLabel        *party_label;
  GtkComboBoxText *party_combo;
  GtkTreeView     *cases_view;
  GtkListStore    *cases_store;
  GtkLabel        *selection_label;
  GtkButton       *build_button;
  GtkTreeView     *registers_view;
  GtkListStore    *registers_store;
  GtkButton       *receive_button;
  GtkButton       *print_register_button;

  MkContext       *context;
  const char      *direction;    /* "to-provider", "to-center" or NULL: this user builds none */
  const char      *source_stage; /* the stage the cases wait at */
  gint64           preselect_id;
};

G_DEFINE_FINAL_TYPE (MkRegistersDialog, mk_registers_dialog, GTK_TYPE_DIALOG)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static MkStore *
get_store (MkRegistersDialog *self)
{
  return mk_context_get_store (self->context);
}

static void
show_message (MkRegistersDialog *self,
              GtkMessageType     type,
              const char        *message)
{
  gtk_info_bar_set_message_type (self->message_infobar, type);
  gtk_label_set_text (self->message_label, message);
  gtk_widget_show (GTK_WIDGET (self->message_infobar));
}

static void
update_selection_label (MkRegistersDialog *self)
{
  GtkTreeModel *model = GTK_TREE_MODEL (self->cases_store);
  GtkTreeIter iter;
  guint n = 0, total = 0;
  g_autofree char *text = NULL;

  for (gboolean valid = gtk_tree_model_get_iter_first (model, &iter); valid;
       valid = gtk_tree_model_iter_next (model, &iter))
    {
      gboolean included;

      gtk_tree_model_get (model, &iter, CASE_COLUMN_INCLUDED, &included, -1);
      total++;
      if (included)
        n++;
    }
  if (total == 0)
    text = g_strdup (_("No cases are waiting for a register."));
  else
    /* Translators: "2 of 5 cases selected" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u case selected",
                                         "%u of %u cases selected", total),
                            n, total);
  gtk_label_set_text (self->selection_label, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->build_button), n > 0);
}

static GPtrArray *
search_stage (MkRegistersDialog *self,
              const char        *office_id,
              GError           **error)
{
  MkSearchQuery query = { 0, };

  query.stage = self->source_stage;
  query.kind = -1;
  query.queue_role = -1;
  query.office_id = office_id;
  g_date_clear (&query.today, 1);
  return mk_store_search (get_store (self), &query, 0, MAX_CASES, error);
}

/* The cases of this office waiting at the source stage that concern the chosen party. */
static void
fill_cases (MkRegistersDialog *self)
{
  const MkUser *user = mk_context_get_user (self->context);
  const char *party = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->party_combo));
  g_autoptr(GPtrArray) ours = NULL;
  g_autoptr(GPtrArray) theirs = NULL;
  g_autoptr(GHashTable) party_ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GError) error = NULL;
  gboolean preselected = FALSE;

  gtk_list_store_clear (self->cases_store);
  if (self->direction == NULL || user == NULL || party == NULL)
    {
      update_selection_label (self);
      return;
    }

  ours = search_stage (self, user->office_id, &error);
  if (ours != NULL)
    theirs = search_stage (self, party, &error);
  if (ours == NULL || theirs == NULL)
    {
      show_message (self, GTK_MESSAGE_ERROR, error->message);
      update_selection_label (self);
      return;
    }
  for (guint i = 0; i < theirs->len; i++)
    {
      MkCaseRow *row = g_ptr_array_index (theirs, i);

      g_hash_table_add (party_ids, &row->id);
    }
  for (guint i = 0; i < ours->len; i++)
    {
      MkCaseRow *row = g_ptr_array_index (ours, i);

      if (row->id == self->preselect_id)
        preselected = TRUE;
    }

  for (guint i = 0; i < ours->len; i++)
    {
      MkCaseRow *row = g_ptr_array_index (ours, i);
      g_autofree char *due = g_date_valid (&row->due) ? mk_date_format_long (&row->due, mk_ui_language ())
                                                      : g_strdup ("");
      /* All by default; only the case the user came from when there is one. */
      gboolean include = preselected ? row->id == self->preselect_id : TRUE;

      if (!g_hash_table_contains (party_ids, &row->id))
        continue;
      gtk_list_store_insert_with_values (self->cases_store, NULL, -1,
                                         CASE_COLUMN_INCLUDED, include,
                                         CASE_COLUMN_REGNO, row->regno,
                                         CASE_COLUMN_APPLICANT, row->applicant_name,
                                         CASE_COLUMN_KIND, mk_service_kind_name (row->kind),
                                         CASE_COLUMN_DUE, due,
                                         CASE_COLUMN_ID, row->id,
                                         -1);
    }
  update_selection_label (self);
}

static gboolean
is_receiving_side (MkRegistersDialog *self,
                   const MkRegister  *reg)
{
  const MkUser *user = mk_context_get_user (self->context);

  if (user == NULL || reg->received_at != 0)
    return FALSE;
  /* §10 step 4: the provider takes the package; step 7: the center takes the result. */
  if (g_strcmp0 (reg->direction, "to-provider") == 0)
    return user->role == MK_ROLE_PROVIDER_EXECUTOR || user->role == MK_ROLE_PROVIDER_HEAD;
  return user->role == MK_ROLE_CENTER_INSPECTOR || user->role == MK_ROLE_ACCUMULATION_INSPECTOR;
}

static void
fill_registers (MkRegistersDialog *self)
{
  const MkUser *user = mk_context_get_user (self->context);
  g_autoptr(GPtrArray) registers = NULL;
  g_autoptr(GError) error = NULL;

  gtk_list_store_clear (self->registers_store);
  if (user == NULL)
    return;
  registers = mk_store_list_registers (get_store (self), user->office_id, &error);
  if (registers == NULL)
    {
      show_message (self, GTK_MESSAGE_ERROR, error->message);
      return;
    }
  for (guint i = 0; i < registers->len; i++)
    {
      MkRegister *reg = g_ptr_array_index (registers, i);
      g_autofree char *created = mk_clock_format (reg->created_at, NULL);
      g_autofree char *status = NULL;

      if (reg->received_at != 0)
        {
          g_autofree char *received = mk_clock_format (reg->received_at, NULL);

          /* Translators: register status, "Received 24 November 2026 14:05" */
          status = g_strdup_printf (_("✓ Received %s"), received);
        }
      else
        status = g_strdup (_("In transit"));
      gtk_list_store_insert_with_values (self->registers_store, NULL, -1,
                                         REGISTER_COLUMN_ID, reg->id,
                                         REGISTER_COLUMN_NUMBER, reg->number,
                                         REGISTER_COLUMN_DIRECTION,
                                         g_strcmp0 (reg->direction, "to-provider") == 0
                                           ? _("Center → provider") : _("Provider → center"),
                                         REGISTER_COLUMN_CREATED, created,
                                         REGISTER_COLUMN_N_CASES, reg->case_ids != NULL ? reg->case_ids->len : 0,
                                         REGISTER_COLUMN_STATUS, status,
                                         REGISTER_COLUMN_RECEIVABLE, is_receiving_side (self, reg),
                                         -1);
    }
}

static void
set_all (MkRegistersDialog *self,
         gboolean           included)
{
  GtkTreeModel *model = GTK_TREE_MODEL (self->cases_store);
  GtkTreeIter iter;

  for (gboolean valid = gtk_tree_model_get_iter_first (model, &iter); valid;
       valid = gtk_tree_model_iter_next (model, &iter))
    gtk_list_store_set (self->cases_store, &iter, CASE_COLUMN_INCLUDED, included, -1);
  update_selection_label (self);
}

static void
toggle_path (MkRegistersDialog *self,
             GtkTreePath       *path)
{
  GtkTreeIter iter;
  gboolean included;

  if (!gtk_tree_model_get_iter (GTK_TREE_MODEL (self->cases_store), &iter, path))
    return;
  gtk_tree_model_get (GTK_TREE_MODEL (self->cases_store), &iter, CASE_COLUMN_INCLUDED, &included, -1);
  gtk_list_store_set (self->cases_store, &iter, CASE_COLUMN_INCLUDED, !included, -1);
  update_selection_label (self);
}

static void
case_toggled_cb (GtkCellRendererToggle *renderer,
                 const char            *path_text,
                 MkRegistersDialog     *self)
{
  g_autoptr(GtkTreePath) path = gtk_tree_path_new_from_string (path_text);

  toggle_path (self, path);
}

static void
case_row_activated_cb (GtkTreeView       *view,
                       GtkTreePath       *path,
                       GtkTreeViewColumn *column,
                       MkRegistersDialog *self)
{
  /* Enter or Space on a row includes or leaves out that case. */
  toggle_path (self, path);
}

static void
select_all_clicked_cb (GtkButton         *button,
                       MkRegistersDialog *self)
{
  set_all (self, TRUE);
}

static void
select_none_clicked_cb (GtkButton         *button,
                        MkRegistersDialog *self)
{
  set_all (self, FALSE);
}

static void
party_changed_cb (GtkComboBox       *combo,
                  MkRegistersDialog *self)
{
  fill_cases (self);
}

/* The ids of the cases ticked for the register. */
static GArray *
included_cases (MkRegistersDialog *self)
{
  GtkTreeModel *model = GTK_TREE_MODEL (self->cases_store);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkTreeIter iter;

  for (gboolean valid = gtk_tree_model_get_iter_first (model, &iter); valid;
       valid = gtk_tree_model_iter_next (model, &iter))
    {
      gboolean included;
      gint64 id;

      gtk_tree_model_get (model, &iter, CASE_COLUMN_INCLUDED, &included, CASE_COLUMN_ID, &id, -1);
      if (included)
        g_array_append_val (ids, id);
    }
  return ids;
}

static void
build_register (MkRegistersDialog *self)
{
  const MkUser *user = mk_context_get_user (self->context);
  const char *party = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->party_combo));
  g_autoptr(GArray) ids = included_cases (self);
  g_autoptr(MkRegister) reg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *provider_id;

  if (self->direction == NULL || user == NULL || party == NULL || ids->len == 0)
    return;

  /* A register back to the center is built by the provider itself. */
  provider_id = g_strcmp0 (self->direction, "to-provider") == 0 ? party : user->office_id;
  reg = mk_store_create_register (get_store (self), user, self->direction, provider_id,
                                  (const gint64 *) (gpointer) ids->data, ids->len, &error);
  if (reg == NULL)
    {
      show_message (self, GTK_MESSAGE_ERROR, error->message);
      return;
    }
  /* Translators: "Register No. 12 with 3 cases is on its way." */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Register No. %s with %u case is on its way.",
                                          "Register No. %s with %u cases is on its way.",
                                          ids->len),
                             reg->number, ids->len);
  show_message (self, GTK_MESSAGE_INFO, message);
  self->preselect_id = 0;
  mk_context_cases_changed (self->context);
  fill_cases (self);
  fill_registers (self);
}

static void
build_response_cb (GtkDialog         *question,
                   int                response,
                   MkRegistersDialog *self)
{
  gtk_widget_destroy (GTK_WIDGET (question));
  if (response == GTK_RESPONSE_ACCEPT)
    build_register (self);
}

/* #14: a register sent is not taken back (§19): the question says where the
 * cases go and what follows; Enter confirms, Escape goes back to the list. */
static void
build_clicked_cb (GtkButton         *button,
                  MkRegistersDialog *self)
{
  g_autoptr(GArray) ids = included_cases (self);
  g_autofree char *party = gtk_combo_box_text_get_active_text (self->party_combo);
  g_autofree char *question_text = NULL;
  GtkWidget *question;

  if (self->direction == NULL || party == NULL || ids->len == 0)
    return;
  /* Translators: "Send 3 cases to «Architecture department of Karaganda» in a new register?" */
  question_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Send %u case to «%s» in a new register?",
                                                "Send %u cases to «%s» in a new register?", ids->len),
                                   ids->len, party);
  question = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s", question_text);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (question), "%s",
                                            _("The register is numbered and printed to go with the documents; "
                                              "its cases are on their way until the other side confirms their "
                                              "receipt (§19). A register that was sent is not taken back."));
  gtk_dialog_add_buttons (GTK_DIALOG (question), _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Build Register"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (question), GTK_RESPONSE_ACCEPT);
  gtk_widget_grab_focus (gtk_dialog_get_widget_for_response (GTK_DIALOG (question), GTK_RESPONSE_ACCEPT));
  g_signal_connect_object (question, "response", G_CALLBACK (build_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (question));
}

static gboolean
get_selected_register (MkRegistersDialog *self,
                       gint64            *id,
                       gboolean          *receivable)
{
  GtkTreeSelection *selection = gtk_tree_view_get_selection (self->registers_view);
  GtkTreeModel *model;
  GtkTreeIter iter;

  if (!gtk_tree_selection_get_selected (selection, &model, &iter))
    return FALSE;
  gtk_tree_model_get (model, &iter, REGISTER_COLUMN_ID, id,
                      REGISTER_COLUMN_RECEIVABLE, receivable, -1);
  return TRUE;
}

static void
register_selection_changed_cb (GtkTreeSelection  *selection,
                               MkRegistersDialog *self)
{
  gint64 id;
  gboolean receivable = FALSE;

  if (!get_selected_register (self, &id, &receivable))
    receivable = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->receive_button), receivable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->print_register_button),
                            gtk_tree_selection_count_selected_rows (selection) > 0);
}

/* §10 step 3, §19: the register travels on paper with the cases. */
static void
print_register_clicked_cb (GtkButton         *button,
                           MkRegistersDialog *self)
{
  gint64 id;
  gboolean receivable;

  if (get_selected_register (self, &id, &receivable))
    mk_document_print_issued (GTK_WINDOW (self), self->context, "register", id);
}

static void
receive_clicked_cb (GtkButton         *button,
                    MkRegistersDialog *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id;
  gboolean receivable;

  if (!get_selected_register (self, &id, &receivable) || !receivable)
    return;
  if (!mk_store_receive_register (get_store (self), mk_context_get_user (self->context), id, &error))
    {
      show_message (self, GTK_MESSAGE_ERROR, error->message);
      return;
    }
  gtk_widget_hide (GTK_WIDGET (self->message_infobar));
  mk_context_cases_changed (self->context);
  fill_registers (self);
}

static void
message_response_cb (GtkInfoBar        *infobar,
                     int                response,
                     MkRegistersDialog *self)
{
  gtk_widget_hide (GTK_WIDGET (infobar));
}

static void
response_cb (GtkDialog         *dialog,
             int                response,
             MkRegistersDialog *self)
{
  if (response == GTK_RESPONSE_CLOSE || response == GTK_RESPONSE_DELETE_EVENT)
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
fill_parties (MkRegistersDialog *self)
{
  MkStore *store = get_store (self);
  const MkUser *user = mk_context_get_user (self->context);
  g_autoptr(GPtrArray) offices = NULL;
  g_autoptr(MkOffice) own = NULL;
  g_autoptr(GError) error = NULL;
  const char *default_id = NULL;

  if (user == NULL)
    return;

  switch (user->role)
    {
    case MK_ROLE_ACCUMULATION_INSPECTOR:
      /* §10 step 3: the accumulation department sends registers to the provider. */
      self->direction = "to-provider";
      self->source_stage = "accumulation";
      gtk_label_set_text (self->new_heading_label, _("New register to a provider (§10 step 3, §19: at least twice a day)"));
      gtk_label_set_text_with_mnemonic (self->party_label, _("_Provider:"));
      offices = mk_store_list_offices (store, MK_ORG_PROVIDER, &error);
      own = mk_store_get_office (store, user->office_id, NULL);
      if (own != NULL)
        default_id = own->provider_id;
      break;

    case MK_ROLE_PROVIDER_EXECUTOR:
      /* §10 step 6, §20: signed results go back to the center. */
      self->direction = "to-center";
      self->source_stage = "signed";
      gtk_label_set_text (self->new_heading_label, _("New register back to a center (§10 step 6, §20)"));
      gtk_label_set_text_with_mnemonic (self->party_label, _("C_enter:"));
      offices = mk_store_list_offices (store, MK_ORG_CENTER, &error);
      break;

    case MK_ROLE_CENTER_INSPECTOR:
    case MK_ROLE_PROVIDER_HEAD:
    case MK_ROLE_ADMINISTRATOR:
    case MK_ROLE_N_ROLES:
    default:
      gtk_widget_hide (GTK_WIDGET (self->new_box));
      return;
    }

  if (offices == NULL)
    {
      show_message (self, GTK_MESSAGE_ERROR, error->message);
      return;
    }
  for (guint i = 0; i < offices->len; i++)
    {
      MkOffice *office = g_ptr_array_index (offices, i);

      /* A provider sends back only to the centers it serves (§2). */
      if (office->kind == MK_ORG_CENTER && g_strcmp0 (office->provider_id, user->office_id) != 0)
        continue;
      /* Center offices of one city share a name pattern; the address tells them apart. */
      if (office->kind == MK_ORG_CENTER && mk_text_get (&office->address) != NULL)
        {
          g_autofree char *label = g_strdup_printf ("%s — %s", mk_text_get (&office->name),
                                                    mk_text_get (&office->address));
          gtk_combo_box_text_append (self->party_combo, office->id, label);
        }
      else
        gtk_combo_box_text_append (self->party_combo, office->id, mk_text_get (&office->name));
    }
  if (default_id == NULL || !gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->party_combo), default_id))
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->party_combo), 0);
}

static void
mk_registers_dialog_constructed (GObject *object)
{
  MkRegistersDialog *self = MK_REGISTERS_DIALOG (object);

  G_OBJECT_CLASS (mk_registers_dialog_parent_class)->constructed (object);

  fill_parties (self);
  fill_cases (self);
  fill_registers (self);
  if (self->direction != NULL)
    {
      gtk_widget_grab_default (GTK_WIDGET (self->build_button));
      gtk_widget_grab_focus (GTK_WIDGET (self->cases_view));
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->registers_view));
}

static void
mk_registers_dialog_dispose (GObject *object)
{
  MkRegistersDialog *self = MK_REGISTERS_DIALOG (object);

  g_clear_object (&self->context);
  G_OBJECT_CLASS (mk_registers_dialog_parent_class)->dispose (object);
}

static void
mk_registers_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MkRegistersDialog *self = MK_REGISTERS_DIALOG (object);

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
mk_registers_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MkRegistersDialog *self = MK_REGISTERS_DIALOG (object);

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
mk_registers_dialog_class_init (MkRegistersDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mk_registers_dialog_constructed;
  object_class->dispose = mk_registers_dialog_dispose;
  object_class->get_property = mk_registers_dialog_get_property;
  object_class->set_property = mk_registers_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-registers-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MkRegistersDialog, message_infobar);
  gtk_widget_class_bind_template_child (widget_class, MkRegistersDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, MkRegistersDialog, new_box);
  gtk_widget_class_bind_template_child (widget_class, MkRegistersDialog, new_heading_label);
  gtk_widget_class_bind_template_child (widget_class, MkRegistersDialog, party_label);
  gtk_widget_class_bind_template_child (widget_class, MkRegistersDialog, party_combo);
  gtk_widget_class_bind_template_child (widget_class, MkRegistersDialog, cases_view);
  gtk_widget_class_bind_template_child (widget_class, MkRegistersDialog, cases_store);
  gtk_widget_class_bind_template_child (widget_class, MkRegistersDialog, selection_label);
  gtk_widget_class_bind_template_child (widget_class, MkRegistersDialog, build_button);
  gtk_widget_class_bind_template_child (widget_class, MkRegistersDialog, registers_view);
  gtk_widget_class_bind_template_child (widget_class, MkRegistersDialog, registers_store);
  gtk_widget_class_bind_template_child (widget_class, MkRegistersDialog, receive_button);
  gtk_widget_class_bind_template_child (widget_class, MkRegistersDialog, print_register_button);
  gtk_widget_class_bind_template_callback (widget_class, print_register_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, case_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, case_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, select_all_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, select_none_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, party_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, build_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, register_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, receive_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, message_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, response_cb);
}

static void
mk_registers_dialog_init (MkRegistersDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mk_ui_fit_default_size (GTK_WINDOW (self));
  mk_ui_set_help_page (GTK_WINDOW (self), "registers");
  mk_info_bar_name_close_button (self->message_infobar);
}

GtkWidget *
mk_registers_dialog_new (MkContext *context,
                         GtkWindow *parent)
{
  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (MK_TYPE_REGISTERS_DIALOG,
                       "context", context,
                       "transient-for", parent,
                       NULL);
}

void
mk_registers_dialog_preselect_case (MkRegistersDialog *self,
                                    gint64             case_id)
{
  g_autoptr(MkCase) c = NULL;
  const char *party = NULL;

  g_return_if_fail (MK_IS_REGISTERS_DIALOG (self));

  self->preselect_id = case_id;
  c = mk_store_get_case (get_store (self), case_id, NULL);
  if (c != NULL)
    party = g_strcmp0 (self->direction, "to-provider") == 0 ? c->provider_id : c->center_id;
  /* Changing the party refills the list; otherwise refill it here. */
  if (party == NULL ||
      g_strcmp0 (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->party_combo)), party) == 0 ||
      !gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->party_combo), party))
    fill_cases (self);
}
