/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Guided intake at the center's desk (§10 steps 1–2, §11–§13, §23): the steps
 * are sections (mk-intake-section.h) that each show and fill their part of
 * the application; the window walks them, keeps the draft and registers. */

#define G_LOG_DOMAIN "mk-intake-window"

#include <glib/gi18n-lib.h>

#include "mk-case-window.h"
#include "mk-document-window.h"
#include "mk-intake-applicant-section.h"
#include "mk-intake-checklist-section.h"
#include "mk-intake-object-section.h"
#include "mk-intake-service-section.h"
#include "mk-intake-summary-section.h"
#include "mk-intake-window.h"
#include "mk-ui-util.h"

/* Seconds of quiet typing after which the draft is saved. */
#define AUTOSAVE_SECONDS 3

static const char * const page_names[] = {
  "service", "applicant", "object", "checklist", "finish",
};

#define N_PAGES G_N_ELEMENTS (page_names)
#define LAST_PAGE (N_PAGES - 1)

struct _MkIntakeWindow
{
  GtkWindow                 parent_instance;

  GtkHeaderBar             *header_bar;
  GtkInfoBar               *hours_infobar;
  GtkLabel                 *hours_label;
  GtkInfoBar               *draft_infobar;
  GtkLabel                 *draft_label;
  GtkInfoBar               *error_infobar;
  GtkLabel                 *error_label;
  GtkStackSidebar          *sidebar;
  GtkStack                 *stack;
  MkIntakeServiceSection   *service_section;
  MkIntakeApplicantSection *applicant_section;
  MkIntakeObjectSection    *object_section;
  MkIntakeChecklistSection *checklist_section;
  MkIntakeSummarySection   *summary_section;
  GtkLabel                 *desk_time_label;

  GtkButton                *back_button;
  GtkButton                *next_button;
  GtkButton                *register_button;
  GtkButton                *refuse_button;
  GtkButton                *open_case_button;
  GtkButton                *print_receipt_button;
  GtkButton                *new_button;

  MkContext                *context;
  MkIntakeSection          *sections[N_PAGES];   /* in the order of the steps */
  gboolean                  checked[N_PAGES];    /* the step was refused once: recheck as typed */
  guint                     page;                /* the step shown */
  guint                     autosave_id;
  guint                     desk_timer_id;
  guint                     hours_timer_id;
  char                     *closed_message; /* §16: why the center is closed now, or NULL */
  gint64                    desk_started;   /* monotonic µs when this applicant's intake began */
  gboolean                  loading;        /* filling the form from code: not an edit */
  gboolean                  draft_pending;  /* the resume question is open: do not overwrite the draft */
  gboolean                  finished;
  gint64                    case_id;
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

static void back_clicked_cb (GtkButton *button, MkIntakeWindow *self);
static void next_clicked_cb (GtkButton *button, MkIntakeWindow *self);
static void update_buttons (MkIntakeWindow *self);
static void go_to_page (MkIntakeWindow *self, guint page);
static void restart_desk_timer (MkIntakeWindow *self);
static void update_center_hours (MkIntakeWindow *self);

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

/* The application as the steps hold it now; each step sees what the steps
 * before it wrote (the kind, the conditions). */
static MkCase *
build_case (MkIntakeWindow *self)
{
  const MkUser *user = get_user (self);
  MkCase *c = mk_case_new ();

  c->center_id = g_strdup (user != NULL ? user->office_id : NULL);
  c->accepted_by = user != NULL ? user->id : 0;
  for (guint i = 0; i < N_PAGES; i++)
    mk_intake_section_apply (self->sections[i], c);
  return c;
}

static void
set_application (MkIntakeWindow *self,
                 MkCase         *c)
{
  self->loading = TRUE;
  for (guint i = 0; i < N_PAGES; i++)
    {
      self->checked[i] = FALSE;
      if (i != LAST_PAGE)
        mk_intake_section_set_application (self->sections[i], c);
    }
  self->loading = FALSE;
}

static gboolean
has_typed_anything (const MkCase *c)
{
  const char *texts[] = {
    c->applicant_idn, c->applicant_name, c->applicant_phone, c->basis_number,
    c->address != NULL ? c->address->geonym.kk : NULL,
    c->address != NULL ? c->address->geonym.ru : NULL,
    c->address != NULL ? c->address->building : NULL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (texts[i] != NULL && texts[i][0] != '\0')
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
  if (self->finished || self->draft_pending || user == NULL)
    return;
  c = build_case (self);
  if (!has_typed_anything (c))
    return;
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
page_of_name (const char *name)
{
  for (guint i = 0; i < N_PAGES; i++)
    if (g_strcmp0 (name, page_names[i]) == 0)
      return i;
  return 0;
}

static guint
current_page (MkIntakeWindow *self)
{
  return page_of_name (gtk_stack_get_visible_child_name (self->stack));
}

/* Every problem of step @page at once, each marked beside its field (#14);
 * the message bar lists them when @show, and the first field takes the focus. */
static gboolean
check_page (MkIntakeWindow *self,
            guint           page,
            const MkCase   *c,
            gboolean        show)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *bad = mk_intake_section_validate (self->sections[page], c, messages);

  if (bad == NULL)
    {
      self->checked[page] = FALSE;
      if (show)
        hide_error (self);
      return TRUE;
    }
  self->checked[page] = TRUE;
  if (show)
    {
      g_autofree char *text = NULL;

      g_ptr_array_add (messages, NULL);
      text = g_strjoinv ("\n", (char **) messages->pdata);
      show_error (self, text);
      gtk_widget_grab_focus (bad);
    }
  return FALSE;
}

/* An edit in one step: the others follow what it decided (the checklist the
 * kind and conditions, the address step the kind), and a step refused once
 * is checked again as the operator corrects it. */
static void
section_changed_cb (MkIntakeSection *section,
                    MkIntakeWindow  *self)
{
  g_autoptr(MkCase) c = NULL;

  if (self->loading)
    return;
  c = build_case (self);
  self->loading = TRUE;
  for (guint i = 0; i < N_PAGES; i++)
    if (self->sections[i] != section)
      mk_intake_section_update (self->sections[i], c);
  self->loading = FALSE;
  for (guint i = 0; i < N_PAGES; i++)
    if (self->sections[i] == section && self->checked[i])
      {
        g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);

        if (mk_intake_section_validate (section, c, messages) == NULL)
          {
            self->checked[i] = FALSE;
            hide_error (self);
          }
        else
          {
            g_autofree char *text = NULL;

            g_ptr_array_add (messages, NULL);
            text = g_strjoinv ("\n", (char **) messages->pdata);
            gtk_label_set_text (self->error_label, text);
          }
      }
  schedule_autosave (self);
}

/* The finish page before the decision: what will be registered, or what is missing (§23). */
static void
show_preview (MkIntakeWindow *self)
{
  g_autoptr(MkCase) c = build_case (self);
  g_autoptr(GPtrArray) missing = mk_case_missing_items (c);
  g_autoptr(GPtrArray) applicant = mk_workflow_check_applicant (c);
  g_autoptr(GPtrArray) object = mk_workflow_check_object (c);
  gboolean ready = applicant->len == 0 && object->len == 0;

  mk_intake_section_set_application (MK_INTAKE_SECTION (self->summary_section), c);
  gtk_widget_set_visible (GTK_WIDGET (self->register_button), missing->len == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->refuse_button), missing->len > 0);
  /* §16, §23: a closed center neither registers nor refuses at the desk. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->register_button), ready && self->closed_message == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->refuse_button), self->closed_message == NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->register_button), self->closed_message);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->refuse_button), self->closed_message);
  gtk_widget_grab_default (GTK_WIDGET (missing->len == 0 ? self->register_button : self->refuse_button));
}

static void
update_buttons (MkIntakeWindow *self)
{
  guint page = current_page (self);
  gboolean last = page == LAST_PAGE;
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
    subtitle = g_strdup_printf (_("Step %u of %u: %s"), page + 1, (guint) N_PAGES,
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
  guint left = self->page;

  self->page = page;
  /* Moving on means the resume question was answered "start anew". */
  if (self->draft_pending && page > 0)
    {
      self->draft_pending = FALSE;
      gtk_widget_hide (GTK_WIDGET (self->draft_infobar));
    }
  /* A step left by the sidebar is checked too: its fields say what is wrong
   * when the operator comes back (#14). */
  if (!self->finished && !self->loading && left != page && left < LAST_PAGE)
    {
      g_autoptr(MkCase) c = build_case (self);

      check_page (self, left, c, FALSE);
      hide_error (self);
    }
  /* §16: a step later, the hour may have passed. */
  update_center_hours (self);
  if (page == LAST_PAGE && !self->finished)
    show_preview (self);
  update_buttons (self);
  save_draft (self);
}

static void
go_to_page (MkIntakeWindow *self,
            guint           page)
{
  GtkWidget *focus;

  if (page >= N_PAGES)
    return;
  gtk_stack_set_visible_child_name (self->stack, page_names[page]);
  /* Start typing on the new page at once. */
  focus = mk_intake_section_get_first_focus (self->sections[page]);
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
  else if (page == LAST_PAGE)
    gtk_widget_grab_focus (GTK_WIDGET (gtk_widget_get_visible (GTK_WIDGET (self->register_button)) &&
                                       gtk_widget_get_sensitive (GTK_WIDGET (self->register_button))
                                       ? self->register_button
                                       : gtk_widget_get_visible (GTK_WIDGET (self->refuse_button))
                                       ? self->refuse_button : self->back_button));
}

static void
back_clicked_cb (GtkButton      *button,
                 MkIntakeWindow *self)
{
  guint page = current_page (self);

  if (page > 0 && !self->finished)
    go_to_page (self, page - 1);
}

/* A step is left forward only when it is right; all its problems are shown at once. */
static void
next_clicked_cb (GtkButton      *button,
                 MkIntakeWindow *self)
{
  guint page = current_page (self);
  g_autoptr(MkCase) c = NULL;

  if (self->finished || page + 1 >= N_PAGES)
    return;
  c = build_case (self);
  if (!check_page (self, page, c, TRUE))
    return;
  go_to_page (self, page + 1);
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

/* #14: registration and a refusal at intake cannot be undone by the clerk
 * (§10 step 2, §23): the question says what happens; Enter confirms, Escape
 * goes back to the form. */
static void
ask_before (MkIntakeWindow *self,
            const char     *question,
            const char     *consequence,
            const char     *accept_label,
            GCallback       on_response)
{
  GtkWidget *dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s", question);

  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", consequence);
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL,
                          accept_label, GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  gtk_widget_grab_focus (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT));
  g_signal_connect_object (dialog, "response", on_response, self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void do_register (MkIntakeWindow *self);
static void do_refuse (MkIntakeWindow *self);

static void
register_response_cb (GtkDialog      *dialog,
                      int             response,
                      MkIntakeWindow *self)
{
  gtk_widget_destroy (GTK_WIDGET (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    do_register (self);
}

static void
refuse_response_cb (GtkDialog      *dialog,
                    int             response,
                    MkIntakeWindow *self)
{
  gtk_widget_destroy (GTK_WIDGET (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    do_refuse (self);
}

static void
register_clicked_cb (GtkButton      *button,
                     MkIntakeWindow *self)
{
  ask_before (self, _("Register the application?"),
              _("It gets its registration number and its deadlines (§7), and the receipt is printed for the applicant (§13). A registered application is not taken back; corrections are made in the case window."),
              _("_Register"), G_CALLBACK (register_response_cb));
}

static void
refuse_clicked_cb (GtkButton      *button,
                   MkIntakeWindow *self)
{
  ask_before (self, _("Refuse to accept the documents?"),
              _("The refusal is recorded with the documents that are missing, and the refusal receipt is printed for the applicant, who takes the documents back (§23). It is not taken back: the applicant applies again with a complete package."),
              _("_Refuse"), G_CALLBACK (refuse_response_cb));
}

static void
do_register (MkIntakeWindow *self)
{
  MkStore *store = get_store (self);
  g_autoptr(MkCase) c = build_case (self);
  g_autoptr(MkCase) stored = NULL;
  g_autoptr(GError) error = NULL;

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
  if (!mk_intake_checklist_section_store_attachments (self->checklist_section, get_user (self), c, &error))
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

  mk_intake_summary_section_show_registered (self->summary_section, stored);
  finish (self, stored->id);
  gtk_widget_grab_focus (GTK_WIDGET (self->open_case_button));
  gtk_widget_grab_default (GTK_WIDGET (self->open_case_button));
}

static void
do_refuse (MkIntakeWindow *self)
{
  g_autoptr(MkCase) c = build_case (self);
  g_autoptr(GError) error = NULL;

  c->accepted_at = acceptance_time (self);
  /* §23: a refused case is final and keeps no copies (mk_workflow_may_attach);
   * the applicant takes the documents back. */
  for (guint i = 0; i < c->items->len; i++)
    ((MkCaseItem *) g_ptr_array_index (c->items, i))->n_attachments = 0;
  mk_intake_checklist_section_drop_attachments (self->checklist_section);
  /* §23: the refusal is recorded; the missing items stay on the case for the receipt. */
  if (!mk_store_refuse_intake (get_store (self), get_user (self), c, &error))
    {
      show_error (self, error->message);
      return;
    }
  hide_error (self);
  mk_intake_summary_section_show_refused (self->summary_section, c);
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

/* §16: whether the center is open now, on the context's clock, said before
 * the clerk types the application in; the store checks again on Register. */
static void
update_center_hours (MkIntakeWindow *self)
{
  MkStore *store;
  g_autoptr(GError) error = NULL;
  gboolean open;

  if (self->context == NULL)
    return;
  store = get_store (self);
  open = mk_workflow_check_center_hours (mk_store_get_regulation (store), mk_store_get_calendar (store),
                                         mk_clock_now (mk_context_get_clock (self->context)), NULL, &error);
  if (open == (self->closed_message == NULL)
      && (open || g_strcmp0 (self->closed_message, error->message) == 0))
    return;
  g_clear_pointer (&self->closed_message, g_free);
  if (!open)
    self->closed_message = g_strdup (error->message);
  gtk_label_set_text (self->hours_label, self->closed_message != NULL ? self->closed_message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hours_infobar), !open);
  if (current_page (self) == LAST_PAGE && !self->finished)
    show_preview (self);
}

static gboolean
hours_timer_cb (gpointer user_data)
{
  update_center_hours (user_data);
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

/* A new applicant: an empty application at the user's center, going to the
 * center's provider; the next applicant usually lives in the same district
 * and settlement, which stay when @keep_place. */
static void
reset_form (MkIntakeWindow *self,
            gboolean        keep_place)
{
  MkStore *store = get_store (self);
  const MkUser *user = get_user (self);
  g_autoptr(MkCase) previous = keep_place ? build_case (self) : NULL;
  g_autoptr(MkCase) c = mk_case_new ();
  g_autoptr(MkOffice) center = NULL;
  g_autoptr(MkOffice) provider = NULL;

  self->finished = FALSE;
  self->case_id = 0;
  gtk_widget_set_sensitive (GTK_WIDGET (self->sidebar), TRUE);
  hide_error (self);

  c->kind = MK_SERVICE_ASSIGNMENT;
  c->applicant_kind = MK_APPLICANT_INDIVIDUAL;
  c->object_kind = MK_OBJECT_BUILDING;
  c->center_id = g_strdup (user != NULL ? user->office_id : NULL);
  if (c->center_id != NULL)
    center = mk_store_get_office (store, c->center_id, NULL);
  /* §2: each center sends its cases to one district department. */
  if (center != NULL)
    c->provider_id = g_strdup (center->provider_id);
  if (c->provider_id != NULL)
    provider = mk_store_get_office (store, c->provider_id, NULL);
  c->address = mk_address_new ();
  /* The objects are in the provider's district, whose oblast is the
   * provider's data (#10: Ulytau oblast since 2022 for five districts of
   * Appendix 1, Karaganda oblast for the others): nobody types the oblast. */
  if (provider != NULL)
    mk_text_copy (&c->address->region, &provider->region);
  if (previous != NULL && previous->address != NULL)
    {
      mk_text_copy (&c->address->district, &previous->address->district);
      mk_text_copy (&c->address->settlement, &previous->address->settlement);
      c->address->kato = g_strdup (previous->address->kato);
    }
  set_application (self, c);
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
      set_application (self, c);
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
mk_intake_window_constructed (GObject *object)
{
  MkIntakeWindow *self = MK_INTAKE_WINDOW (object);

  G_OBJECT_CLASS (mk_intake_window_parent_class)->constructed (object);

  self->loading = TRUE;
  for (guint i = 0; i < N_PAGES; i++)
    g_object_set (self->sections[i], "context", self->context, NULL);
  self->loading = FALSE;
  reset_form (self, FALSE);
  offer_draft (self);
  go_to_page (self, 0);
  update_buttons (self);
  /* §16: the hours are looked at again every half minute, so that the bar
   * comes and goes at opening and closing time. */
  update_center_hours (self);
  self->hours_timer_id = g_timeout_add_seconds (30, hours_timer_cb, self);
}

static void
mk_intake_window_dispose (GObject *object)
{
  MkIntakeWindow *self = MK_INTAKE_WINDOW (object);

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_handle_id (&self->desk_timer_id, g_source_remove);
  g_clear_handle_id (&self->hours_timer_id, g_source_remove);
  g_clear_pointer (&self->closed_message, g_free);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (mk_intake_window_parent_class)->dispose (object);
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

  /* The sections are built by the template. */
  g_type_ensure (MK_TYPE_INTAKE_SERVICE_SECTION);
  g_type_ensure (MK_TYPE_INTAKE_APPLICANT_SECTION);
  g_type_ensure (MK_TYPE_INTAKE_OBJECT_SECTION);
  g_type_ensure (MK_TYPE_INTAKE_CHECKLIST_SECTION);
  g_type_ensure (MK_TYPE_INTAKE_SUMMARY_SECTION);

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
  BIND (service_section);
  BIND (applicant_section);
  BIND (object_section);
  BIND (checklist_section);
  BIND (summary_section);
  BIND (desk_time_label);
  BIND (back_button);
  BIND (next_button);
  BIND (register_button);
  BIND (hours_infobar);
  BIND (hours_label);
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
  gtk_widget_class_bind_template_callback (widget_class, draft_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, error_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, delete_event_cb);
}

static void
mk_intake_window_init (MkIntakeWindow *self)
{
  /* Template signals fire while it is built; nothing typed yet. */
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  mk_ui_fit_default_size (GTK_WINDOW (self));
  mk_ui_set_help_page (GTK_WINDOW (self), "intake");
  self->loading = FALSE;
  self->sections[0] = MK_INTAKE_SECTION (self->service_section);
  self->sections[1] = MK_INTAKE_SECTION (self->applicant_section);
  self->sections[2] = MK_INTAKE_SECTION (self->object_section);
  self->sections[3] = MK_INTAKE_SECTION (self->checklist_section);
  self->sections[4] = MK_INTAKE_SECTION (self->summary_section);
  for (guint i = 0; i < N_PAGES; i++)
    g_signal_connect_object (self->sections[i], "changed", G_CALLBACK (section_changed_cb), self, 0);
  mk_info_bar_name_close_button (self->error_infobar);
  mk_info_bar_name_close_button (self->draft_infobar);
  mk_info_bar_name_close_button (self->hours_infobar);
  gtk_container_forall (GTK_CONTAINER (self->sidebar), name_sidebar_list_cb, NULL);
}

GtkWidget *
mk_intake_window_new (MkContext *context)
{
  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);

  return g_object_new (MK_TYPE_INTAKE_WINDOW, "context", context, NULL);
}
