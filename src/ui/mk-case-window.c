/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One case: header with deadlines, the §10 flowchart, actions, documents, history, results. */

#define G_LOG_DOMAIN "mk-case-window"

#include <stdarg.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mk-action-dialog.h"
#include "mk-certificate-dialog.h"
#include "mk-attachment-strip.h"
#include "mk-case-window.h"
#include "mk-checklist-row.h"
#include "mk-document-window.h"
#include "mk-flowchart.h"
#include "mk-history-view.h"
#include "mk-registers-dialog.h"
#include "mk-ui-util.h"

#define HISTORY_PAGE 1

struct _MkCaseWindow
{
  GtkWindow      parent_instance;

  GtkHeaderBar  *header_bar;
  GtkInfoBar    *error_infobar;
  GtkLabel      *error_label;
  GtkLabel      *number_label;
  GtkLabel      *summary_label;
  GtkLabel      *deadlines_label;
  MkFlowchart   *flowchart;
  GtkNotebook   *notebook;
  GtkListBox    *documents_box;
  MkHistoryView *history_view;
  GtkLabel      *result_kind_label;
  GtkLabel      *result_number_label;
  GtkLabel      *result_date_label;
  GtkLabel      *grounds_label;
  GtkComboBoxText *issued_combo;
  GtkButton     *open_document_button;
  GtkLabel      *waiting_label;
  GtkBox        *actions_box;

  MkContext     *context;
  gint64         case_id;
  MkCase        *c;
  GPtrArray     *events;     /* MkEvent*, oldest first: for an administrator's correction */
};

G_DEFINE_FINAL_TYPE (MkCaseWindow, mk_case_window, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_CASE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
mk_case_window_format_deadline (const char  *title,
                                const GDate *due,
                                const GDate *today)
{
  g_autofree char *date = NULL;
  g_autofree char *left = NULL;
  int days;

  g_return_val_if_fail (title != NULL, NULL);

  if (due == NULL || !g_date_valid (due))
    return NULL;
  date = mk_date_format_long (due, mk_ui_language ());
  if (today == NULL || !g_date_valid (today))
    return g_markup_printf_escaped ("%s: %s", title, date);

  days = mk_deadline_days_left (today, due);
  if (days > 0)
    left = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day left", "%d days left", days), days);
  else if (days == 0)
    left = g_strdup (_("due today"));
  else
    {
      g_autofree char *late = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "overdue by %d day",
                                                            "overdue by %d days", -days),
                                               -days);
      /* Colour is never alone: a warning sign and the word "overdue" too. */
      return g_markup_printf_escaped ("<span foreground=\"#c01c28\"><b>⚠ %s: %s — %s</b></span>",
                                      title, date, late);
    }
  return g_markup_printf_escaped ("%s: %s — %s", title, date, left);
}

static void
show_error (MkCaseWindow *self,
            const char   *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_show (GTK_WIDGET (self->error_infobar));
}

static MkStore *
get_store (MkCaseWindow *self)
{
  return mk_context_get_store (self->context);
}

static void
update_summary (MkCaseWindow *self,
                const MkStage *stage)
{
  MkCase *c = self->c;
  GString *s = g_string_new (NULL);
  g_autofree char *applicant = NULL;
  g_autofree char *object = NULL;
  g_autofree char *address_kk = c->address != NULL ? mk_address_format_object (c->address, c->object_kind, "kk") : NULL;
  g_autofree char *address_ru = c->address != NULL ? mk_address_format_object (c->address, c->object_kind, "ru") : NULL;
  g_autofree char *former = c->former_address != NULL ? mk_address_format_object (c->former_address, c->object_kind, mk_ui_language ()) : NULL;
  g_autofree char *stage_text = NULL;
  g_autofree char *rep = NULL;

  applicant = g_strdup_printf ("%s, %s %s%s%s",
                               c->applicant_name != NULL ? c->applicant_name : "—",
                               c->applicant_kind == MK_APPLICANT_LEGAL_ENTITY ? _("BIN") : _("IIN"),
                               c->applicant_idn != NULL ? c->applicant_idn : "—",
                               c->applicant_phone != NULL ? ", " : "",
                               c->applicant_phone != NULL ? c->applicant_phone : "");
  if (c->rep_name != NULL)
    rep = g_strdup_printf ("%s%s%s%s%s", c->rep_name,
                           c->rep_idn != NULL ? ", " : "", c->rep_idn != NULL ? c->rep_idn : "",
                           c->rep_poa != NULL ? ", " : "", c->rep_poa != NULL ? c->rep_poa : "");
  object = c->cadastral != NULL
           ? g_strdup_printf ("%s, %s %s", mk_object_kind_name (c->object_kind),
                              _("cadastral No."), c->cadastral)
           : g_strdup (mk_object_kind_name (c->object_kind));
  if (stage != NULL)
    stage_text = g_strdup_printf ("%s (%s)", mk_text_get (&stage->name),
                                  stage->paragraph != NULL ? stage->paragraph : "§10");

  mk_markup_append_field (s, _("Service:"), mk_service_kind_name (c->kind));
  mk_markup_append_field (s, _("Stage:"), stage_text != NULL ? stage_text : c->stage);
  mk_markup_append_field (s, _("Applicant:"), applicant);
  mk_markup_append_field (s, _("Representative:"), rep);
  mk_markup_append_field (s, _("Object:"), object);
  mk_markup_append_field (s, _("Address (kk):"), address_kk);
  mk_markup_append_field (s, _("Address (ru):"), address_ru);
  mk_markup_append_field (s, _("Address registration code:"), c->address != NULL ? c->address->rca : NULL);
  mk_markup_append_field (s, _("Former address:"), former);
  if (c->basis_number != NULL)
    {
      g_autofree char *date = g_date_valid (&c->basis_date)
                              ? mk_date_format_long (&c->basis_date, mk_ui_language ()) : NULL;
      g_autofree char *basis = date != NULL
                               ? g_strdup_printf (_("No. %s of %s"), c->basis_number, date)
                               : g_strdup_printf (_("No. %s"), c->basis_number);
      mk_markup_append_field (s, _("Akimat decision:"), basis);
    }
  if (s->len > 0)
    g_string_truncate (s, s->len - 1);
  gtk_label_set_markup (self->summary_label, s->str);
  g_string_free (s, TRUE);
}

/* #10, §7: a deadline in a year without calendar data was counted on days off
 * generated from the law's recurring holidays; the year's transfer decree and
 * Kurban Ait are missing, so the date may still move. Said, never hidden. */
static void
append_generated_year_note (MkCaseWindow *self,
                            GString      *s,
                            const GDate  *first,
                            ...)
{
  MkCalendar *calendar = mk_store_get_calendar (get_store (self));
  const MkUser *user = mk_context_get_user (self->context);
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;
  int year = 0;
  va_list ap;

  va_start (ap, first);
  for (const GDate *d = first; d != NULL; d = va_arg (ap, const GDate *))
    if (g_date_valid (d) && !mk_calendar_has_year (calendar, g_date_get_year (d)))
      {
        year = g_date_get_year (d);
        break;
      }
  va_end (ap);
  if (year == 0)
    return;

  if (user != NULL && user->role == MK_ROLE_ADMINISTRATOR)
    text = g_strdup_printf (_("⚠ Deadlines in %d are counted on a generated calendar: the government’s "
                              "transfer decree and Kurban Ait are not in it. Import the year in Calendar "
                              "when it is published."), year);
  else
    text = g_strdup_printf (_("⚠ Deadlines in %d are counted on a generated calendar and may still move "
                              "when the year’s calendar is published."), year);
  escaped = g_markup_escape_text (text, -1);
  if (s->len > 0)
    g_string_append_c (s, '\n');
  g_string_append (s, escaped);
}

static void
update_deadlines (MkCaseWindow  *self,
                  const MkStage *stage,
                  const GDate   *today)
{
  MkCase *c = self->c;
  const char *running = stage != NULL && !stage->final ? stage->due : NULL;
  gboolean at_center = stage != NULL && g_strcmp0 (stage->due, "issue") == 0;
  GString *s = g_string_new (NULL);
  /* Only the deadline the current stage runs against counts down (MkStage.due),
   * plus the §22 storage month once the result waits at the center; the others
   * are milestones, shown as dates. */
  struct {
    const char  *title;
    const GDate *date;
    gboolean     counts;
  } lines[] = {
    { _("Accepted (§13)"), &c->deadlines.accepted, FALSE },
    { _("Result due at the center (§20)"), &c->deadlines.provider_due, g_strcmp0 (running, "provider") == 0 },
    { _("Issue date (§7)"), &c->deadlines.issue_date, g_strcmp0 (running, "issue") == 0 },
    { _("Return for errors due (§24)"), &c->return_due, g_strcmp0 (running, "return") == 0 },
    { _("Applicant to be notified by (§25, §26)"), &c->notify_due, g_strcmp0 (running, "notify") == 0 },
    { _("Kept at the center until (§22)"), &c->deadlines.storage_until,
      at_center || g_strcmp0 (running, "storage") == 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *line = mk_case_window_format_deadline (lines[i].title, lines[i].date,
                                                              lines[i].counts ? today : NULL);

      if (line == NULL)
        continue;
      if (s->len > 0)
        g_string_append_c (s, '\n');
      g_string_append (s, line);
    }
  if (c->deadlines.working_days > 0)
    {
      g_autofree char *term = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "Term (§7): %u working day",
                                                            "Term (§7): %u working days",
                                                            c->deadlines.working_days),
                                               c->deadlines.working_days);
      g_autofree char *escaped = g_markup_escape_text (term, -1);

      g_string_append_printf (s, "\n%s", escaped);
    }
  append_generated_year_note (self, s, lines[1].date, lines[2].date, lines[3].date,
                              lines[4].date, lines[5].date, NULL);
  gtk_label_set_markup (self->deadlines_label, s->str);
  g_string_free (s, TRUE);
}

static void
update_documents (MkCaseWindow *self)
{
  MkRegulation *regulation = mk_store_get_regulation (get_store (self));
  g_autoptr(GPtrArray) checklist = mk_regulation_get_checklist (regulation, self->c->kind,
                                                                self->c->conditions);
  g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (self->documents_box));

  for (GList *l = children; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);

  for (guint i = 0; i < self->c->items->len; i++)
    {
      MkCaseItem *item = g_ptr_array_index (self->c->items, i);
      const MkChecklistItem *ci = NULL;
      GtkWidget *row, *strip;

      for (guint j = 0; j < checklist->len; j++)
        {
          const MkChecklistItem *candidate = g_ptr_array_index (checklist, j);

          if (g_strcmp0 (candidate->kind->id, item->doc_kind) == 0)
            ci = candidate;
        }
      /* Read-only here: the desk records documents at intake (§12). */
      row = mk_checklist_row_new (regulation, ci, item, FALSE);
      /* Copies stay viewable; whoever holds the package may add or remove them. */
      strip = mk_attachment_strip_new (self->context, self->c, item->doc_kind);
      g_signal_connect_object (strip, "changed", G_CALLBACK (mk_context_cases_changed), self->context,
                               G_CONNECT_SWAPPED);
      gtk_container_add (GTK_CONTAINER (mk_checklist_row_get_attachment_area (MK_CHECKLIST_ROW (row))), strip);
      mk_attachment_strip_add_drop_target (MK_ATTACHMENT_STRIP (strip), row);
      gtk_container_add (GTK_CONTAINER (self->documents_box), row);
    }
}

static void update_issued_documents (MkCaseWindow *self);

static void
update_results (MkCaseWindow *self)
{
  MkCase *c = self->c;
  const char *kind;
  g_autofree char *date = NULL;

  if (g_strcmp0 (c->result, "certificate") == 0)
    kind = _("Certificate on the address (§6)");
  else if (g_strcmp0 (c->result, "refusal") == 0)
    kind = _("Reasoned refusal (§6, §26)");
  else
    kind = _("Not decided yet");
  gtk_label_set_text (self->result_kind_label, kind);
  gtk_label_set_text (self->result_number_label, c->result_number != NULL ? c->result_number : "—");
  date = g_date_valid (&c->result_date) ? mk_date_format_long (&c->result_date, mk_ui_language ())
                                        : g_strdup ("—");
  gtk_label_set_text (self->result_date_label, date);
  gtk_label_set_text (self->grounds_label, c->grounds != NULL ? c->grounds : "—");
  update_issued_documents (self);
}

/* The printed documents of the case: each kind it has now, to
 * issue or reopen, then the stored versions, older ones included. */
static void
update_issued_documents (MkCaseWindow *self)
{
  MkCase *c = self->c;
  g_autoptr(GPtrArray) docs = mk_store_list_documents (mk_context_get_store (self->context), c->id, NULL);
  const char *kinds[4];
  guint n = 0;

  gtk_combo_box_text_remove_all (self->issued_combo);
  kinds[n++] = g_strcmp0 (c->stage, "refused-at-intake") == 0 ? "refusal-receipt" : "receipt";
  if (c->result != NULL)
    kinds[n++] = c->result;
  else if (c->grounds != NULL && g_strcmp0 (c->stage, "returned") == 0)
    kinds[n++] = "return-letter";
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strconcat ("issue:", kinds[i], NULL);

      gtk_combo_box_text_append (self->issued_combo, id, mk_document_kind_name (kinds[i]));
    }
  for (guint i = 0; docs != NULL && i < docs->len; i++)
    {
      MkDocumentRecord *d = g_ptr_array_index (docs, i);
      g_autofree char *id = g_strdup_printf ("doc:%" G_GINT64_FORMAT, d->id);
      g_autofree char *text = NULL;

      /* TRANSLATORS: "Address certificate, version 2 (signed)" */
      text = g_strdup_printf (d->is_signed ? _("%s, version %u (signed)") : _("%s, version %u"),
                              mk_document_kind_name (d->kind), d->version);
      gtk_combo_box_text_append (self->issued_combo, id, text);
    }
  gtk_combo_box_set_active (GTK_COMBO_BOX (self->issued_combo), 0);
}

static void
open_document_clicked_cb (MkCaseWindow *self)
{
  const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->issued_combo));
  MkDocumentWindow *window = NULL;

  if (id == NULL)
    return;
  if (g_str_has_prefix (id, "issue:"))
    window = mk_document_window_open (GTK_WINDOW (self), self->context, id + strlen ("issue:"), self->c->id);
  else if (g_str_has_prefix (id, "doc:"))
    {
      window = mk_document_window_new (GTK_WINDOW (self), self->context,
                                       g_ascii_strtoll (id + strlen ("doc:"), NULL, 10));
      gtk_window_present (GTK_WINDOW (window));
    }
  /* A signature moves the case: show it when the document window closes. */
  if (window != NULL)
    g_signal_connect_object (window, "destroy", G_CALLBACK (mk_case_window_reload), self, G_CONNECT_SWAPPED);
}

static void action_clicked_cb (GtkButton    *button,
                               MkCaseWindow *self);
static void correct_clicked_cb (MkCaseWindow *self);
static void receive_clicked_cb (MkCaseWindow *self);

/* Whether the rules would let @user take back the case's last step. */
static gboolean
correctable (MkCaseWindow *self,
             const MkUser *user)
{
  return mk_workflow_correction_step (mk_store_get_regulation (get_store (self)), user, self->c,
                                      self->events, NULL) != NULL;
}

/* #14: the step the case waits for from this user has the focus, so that
 * Enter presses it; without one, the flowchart, which says where the case is. */
static void
focus_expected_step (MkCaseWindow *self)
{
  GtkWidget *expected = gtk_window_get_default_widget (GTK_WINDOW (self));

  if (expected != NULL && gtk_widget_is_ancestor (expected, GTK_WIDGET (self->actions_box)) &&
      gtk_widget_is_sensitive (expected))
    gtk_widget_grab_focus (expected);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->flowchart));
}

/* §10 steps 4 and 7, §19: the case came in a register the receiving side
 * has not confirmed; it is worked on once it has. */
static void
add_receipt_button (MkCaseWindow *self,
                    const MkUser *user)
{
  g_autoptr(MkRegister) reg = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *button;
  gint64 received_at = 0;

  reg = mk_store_get_register (get_store (self), self->c->register_id, &error);
  if (reg == NULL)
    {
      show_error (self, error->message);
      return;
    }
  for (guint i = 0; i < reg->case_ids->len; i++)
    if (g_array_index (reg->case_ids, gint64, i) == self->c->id)
      received_at = g_array_index (reg->case_received_at, gint64, i);
  if (!mk_workflow_check_receive_case (user, reg, self->c, received_at, NULL))
    {
      g_autofree char *waiting = NULL;

      /* Translators: "On its way in register P01-2026-00012 (§19)" */
      waiting = g_strdup_printf (_("On its way in register %s (§19)"), reg->number);
      gtk_label_set_text (self->waiting_label, waiting);
      return;
    }
  button = gtk_button_new_with_mnemonic (_("Confirm _Receipt"));
  /* Translators: tooltip, "Register P01-2026-00012 arrived with this case (§19)…" */
  gtk_widget_set_tooltip_text (button, _("§19; confirms that this case arrived with its register, so that it can be worked on"));
  g_signal_connect_object (button, "clicked", G_CALLBACK (receive_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_style_context_add_class (gtk_widget_get_style_context (button), "suggested-action");
  gtk_widget_set_can_default (button, TRUE);
  gtk_widget_show (button);
  gtk_container_add (GTK_CONTAINER (self->actions_box), button);
  gtk_widget_grab_default (button);
}

static void
update_actions (MkCaseWindow  *self,
                const MkStage *stage)
{
  MkRegulation *regulation = mk_store_get_regulation (get_store (self));
  const MkUser *user = mk_context_get_user (self->context);
  g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (self->actions_box));
  g_autoptr(GPtrArray) actions = NULL;
  g_autofree char *waiting = NULL;
  g_autoptr(GError) error = NULL;
  MkWorkflowFacts facts;
  const MkAction *expected;
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));
  gboolean focus_in_actions = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->actions_box));

  for (GList *l = children; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);

  if (stage == NULL)
    gtk_label_set_text (self->waiting_label, "");
  else if (stage->final)
    gtk_label_set_text (self->waiting_label, _("The case is closed."));
  else
    {
      /* Translators: "Next: Provider's executor (§14)" */
      waiting = g_strdup_printf (_("Next: %s (§14)"), mk_role_name (stage->actor));
      gtk_label_set_text (self->waiting_label, waiting);
    }

  if (user == NULL || self->c == NULL)
    return;
  /* #14: only what role, office, stage and the case itself allow now; the
   * step the case waits for is the default. */
  if (!mk_store_get_workflow_facts (get_store (self), self->c, &facts, &error))
    {
      show_error (self, error->message);
      return;
    }
  if (facts.in_transit)
    add_receipt_button (self, user);
  actions = mk_workflow_actions_now (regulation, user, self->c, &facts);
  expected = mk_workflow_expected_action (actions);
  for (guint i = 0; i < actions->len; i++)
    {
      const MkAction *action = g_ptr_array_index (actions, i);
      GtkWidget *button = gtk_button_new_with_label (mk_text_get (&action->name));
      g_autofree char *tooltip = NULL;

      if (g_strcmp0 (action->result, "certificate") == 0)
        tooltip = g_strdup_printf (_("%s; asks for the address registration code and its basis"),
                                   action->paragraph);
      else if (g_strcmp0 (action->to, "signed") == 0)
        tooltip = g_strdup_printf (_("%s; opens the document to check it and sign it with your key"),
                                   action->paragraph);
      else if (action->needs_reason)
        tooltip = g_strdup_printf (_("%s; asks for a written reason"), action->paragraph);
      else if (g_strcmp0 (action->id, "send-to-provider") == 0 ||
               g_strcmp0 (action->id, "send-to-center") == 0)
        tooltip = g_strdup_printf (_("%s; done by building a register"), action->paragraph);
      else if (g_strcmp0 (action->id, "issue") == 0)
        tooltip = g_strdup_printf (_("%s; asks who receives the result and which identity document they show"),
                                   action->paragraph);
      else
        tooltip = g_strdup_printf (_("%s; asks before it is done"), action->paragraph);
      gtk_widget_set_tooltip_text (button, tooltip);
      g_object_set_data_full (G_OBJECT (button), "action-id", g_strdup (action->id), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (action_clicked_cb), self, 0);
      gtk_widget_show (button);
      gtk_container_add (GTK_CONTAINER (self->actions_box), button);
      if (action == expected)
        {
          gtk_style_context_add_class (gtk_widget_get_style_context (button), "suggested-action");
          gtk_widget_set_can_default (button, TRUE);
          gtk_widget_grab_default (button);
        }
    }

  /* §9: an administrator takes back a wrong step, with a reason (audited). */
  if (user->role == MK_ROLE_ADMINISTRATOR && self->events != NULL && correctable (self, user))
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Correct Last Step…"));

      gtk_widget_set_tooltip_text (button, _("§9; moves the case back one step, with the reason in its history"));
      g_signal_connect_object (button, "clicked", G_CALLBACK (correct_clicked_cb), self, G_CONNECT_SWAPPED);
      gtk_widget_show (button);
      gtk_container_add (GTK_CONTAINER (self->actions_box), button);
    }

  /* The button pressed is gone with the step it did: the keyboard stays
   * in the bar, on the step the case waits for next (#14). */
  if (focus_in_actions)
    focus_expected_step (self);
}

void
mk_case_window_reload (MkCaseWindow *self)
{
  MkStore *store;
  MkRegulation *regulation;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(MkCase) c = NULL;
  const MkStage *stage;
  g_autofree char *title = NULL;
  GDate today;

  g_return_if_fail (MK_IS_CASE_WINDOW (self));

  store = get_store (self);
  regulation = mk_store_get_regulation (store);
  c = mk_store_get_case (store, self->case_id, &error);
  if (c == NULL)
    {
      show_error (self, error->message);
      return;
    }
  g_clear_pointer (&self->c, mk_case_unref);
  self->c = g_steal_pointer (&c);

  events = mk_store_list_events (store, self->case_id, &error);
  if (events == NULL)
    {
      show_error (self, error->message);
      g_clear_error (&error);
    }
  g_clear_pointer (&self->events, g_ptr_array_unref);
  if (events != NULL)
    self->events = g_ptr_array_ref (events);

  mk_store_get_today (store, &today);
  stage = mk_regulation_get_stage (regulation, self->c->stage);

  /* Translators: window title, "Application 35-01-2026-00012". */
  title = g_strdup_printf (_("Application %s"), self->c->regno != NULL ? self->c->regno : "");
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_header_bar_set_title (self->header_bar, title);
  gtk_header_bar_set_subtitle (self->header_bar, mk_service_kind_name (self->c->kind));
  gtk_label_set_text (self->number_label, title);

  update_summary (self, stage);
  update_deadlines (self, stage, &today);
  mk_flowchart_set_case (self->flowchart, regulation, self->c, events, &today);
  mk_history_view_set_events (self->history_view, regulation, events);
  update_documents (self);
  update_results (self);
  update_actions (self, stage);
}

static void
action_applied (MkCaseWindow *self)
{
  gtk_widget_hide (GTK_WIDGET (self->error_infobar));
  /* Lists refresh, and so does this window (cases_changed_cb). */
  mk_context_cases_changed (self->context);
}

/* The dialog asked before an action (#14): the store's refusal is shown in
 * it, which stays open to correct what was typed. */
static void
confirm_response_cb (MkActionDialog *dialog,
                     int             response,
                     MkCaseWindow   *self)
{
  const char *action_id = g_object_get_data (G_OBJECT (dialog), "action-id");
  const MkUser *user = mk_context_get_user (self->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  MkIssueRecipient recipient;
  gboolean ok;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      gtk_widget_destroy (GTK_WIDGET (dialog));
      return;
    }
  reason = mk_action_dialog_get_reason (dialog);
  if (action_id == NULL)   /* §9: an administrator's correction */
    ok = mk_store_correct_case (get_store (self), user, self->case_id, reason, &error);
  else if (mk_action_dialog_get_recipient (dialog, &recipient))   /* §21 */
    ok = mk_store_issue_result (get_store (self), user, self->case_id, &recipient, &error);
  else
    ok = mk_store_apply_action (get_store (self), user, self->case_id, action_id,
                                *reason != '\0' ? reason : NULL, &error);
  if (!ok)
    {
      mk_action_dialog_show_error (dialog, error->message);
      return;
    }
  gtk_widget_destroy (GTK_WIDGET (dialog));
  action_applied (self);
}

static void
present_confirmation (MkCaseWindow *self,
                      GtkWidget    *dialog,
                      const char   *action_id)
{
  g_object_set_data_full (G_OBJECT (dialog), "action-id", g_strdup (action_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
correct_clicked_cb (MkCaseWindow *self)
{
  MkRegulation *regulation = mk_store_get_regulation (get_store (self));
  const MkEvent *step = mk_workflow_correction_step (regulation, mk_context_get_user (self->context),
                                                     self->c, self->events, NULL);
  const MkStage *back = step != NULL ? mk_regulation_get_stage (regulation, step->stage_before) : NULL;
  g_autofree char *consequence = NULL;

  if (back == NULL)
    return;
  /* Translators: "The case goes back to «Checked, result prepared»; …" */
  consequence = g_strdup_printf (_("The case goes back to «%s»; what the step decided is cleared, and the correction stays in its history."),
                                 mk_text_get (&back->name));
  present_confirmation (self, mk_action_dialog_new_correction (GTK_WINDOW (self), self->c, consequence), NULL);
}

static void
receive_clicked_cb (MkCaseWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!mk_store_receive_register_case (get_store (self), mk_context_get_user (self->context),
                                       self->c->register_id, self->case_id, &error))
    {
      show_error (self, error->message);
      return;
    }
  action_applied (self);
}

static void
action_clicked_cb (GtkButton    *button,
                   MkCaseWindow *self)
{
  MkRegulation *regulation = mk_store_get_regulation (get_store (self));
  const char *action_id = g_object_get_data (G_OBJECT (button), "action-id");
  const MkAction *action = mk_regulation_get_action (regulation, action_id);

  if (action == NULL)
    return;

  /* §10 steps 3 and 6, §19: cases travel in registers, never one by one. */
  /* §10 step 4, §6: a certificate needs its address registration code and
   * basis, which only the executor knows: a form, with a preview. */
  if (g_strcmp0 (action->result, "certificate") == 0)
    {
      GtkWidget *dialog = mk_certificate_dialog_new (GTK_WINDOW (self), self->context, self->c);

      /* After the dialog's own handler, which keeps it open while the form has a problem. */
      g_signal_connect_after (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
      g_signal_connect_object (dialog, "destroy", G_CALLBACK (mk_case_window_reload), self, G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  /* §10 step 5: signing is the head's key on the exact PDF, never a click:
   * the document opens with the "Sign…" dialog over it, and the case moves
   * only once the signature is stored. */
  if (g_strcmp0 (action->to, "signed") == 0 && self->c->result != NULL)
    {
      MkDocumentWindow *window = mk_document_window_open (GTK_WINDOW (self), self->context,
                                                          self->c->result, self->c->id);

      if (window != NULL)
        {
          g_signal_connect_object (window, "destroy", G_CALLBACK (mk_case_window_reload), self,
                                   G_CONNECT_SWAPPED);
          mk_document_window_start_signing (window);
        }
      return;
    }
  if (g_strcmp0 (action_id, "send-to-provider") == 0 ||
      g_strcmp0 (action_id, "send-to-center") == 0)
    {
      GtkWidget *dialog = mk_registers_dialog_new (self->context, GTK_WINDOW (self));

      mk_registers_dialog_preselect_case (MK_REGISTERS_DIALOG (dialog), self->case_id);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  /* #14: every other action cannot be undone by the clerk: the dialog says
   * what it will do first; §24, §26, §10.5: returns, refusals and
   * rejections carry a written reason; §21: issue names who receives it. */
  {
    g_autofree char *consequence = mk_workflow_describe_action (regulation, self->c, action);

    present_confirmation (self,
                          mk_action_dialog_new_for_case (GTK_WINDOW (self), regulation, action, self->c,
                                                         consequence),
                          action_id);
  }
}

static void
step_activated_cb (MkFlowchart  *flowchart,
                   guint         step,
                   MkCaseWindow *self)
{
  /* The step's events, in the History tab. */
  gtk_notebook_set_current_page (self->notebook, HISTORY_PAGE);
  mk_history_view_select_step (self->history_view, step);
}

static void
reload_clicked_cb (GtkButton    *button,
                   MkCaseWindow *self)
{
  mk_case_window_reload (self);
}

static void
error_response_cb (GtkInfoBar   *infobar,
                   int           response,
                   MkCaseWindow *self)
{
  gtk_widget_hide (GTK_WIDGET (infobar));
}

static gboolean
key_pressed_cb (GtkWidget    *widget,
                GdkEventKey  *event,
                MkCaseWindow *self)
{
  GdkModifierType mods = event->state & gtk_accelerator_get_default_mod_mask ();

  if ((mods == GDK_CONTROL_MASK && event->keyval == GDK_KEY_w) ||
      (mods == 0 && event->keyval == GDK_KEY_Escape))
    {
      gtk_window_close (GTK_WINDOW (self));
      return GDK_EVENT_STOP;
    }
  if ((mods == 0 && event->keyval == GDK_KEY_F5) ||
      (mods == GDK_CONTROL_MASK && event->keyval == GDK_KEY_r))
    {
      mk_case_window_reload (self);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
cases_changed_cb (MkContext    *context,
                  MkCaseWindow *self)
{
  mk_case_window_reload (self);
}

static void
mk_case_window_constructed (GObject *object)
{
  MkCaseWindow *self = MK_CASE_WINDOW (object);

  G_OBJECT_CLASS (mk_case_window_parent_class)->constructed (object);

  /* Another window (a register, another case view) may move this case. */
  g_signal_connect_object (self->context, "cases-changed", G_CALLBACK (cases_changed_cb), self, 0);
  mk_case_window_reload (self);
  focus_expected_step (self);
}

static void
mk_case_window_dispose (GObject *object)
{
  MkCaseWindow *self = MK_CASE_WINDOW (object);

  g_clear_object (&self->context);
  G_OBJECT_CLASS (mk_case_window_parent_class)->dispose (object);
}

static void
mk_case_window_finalize (GObject *object)
{
  MkCaseWindow *self = MK_CASE_WINDOW (object);

  g_clear_pointer (&self->c, mk_case_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  G_OBJECT_CLASS (mk_case_window_parent_class)->finalize (object);
}

static void
mk_case_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MkCaseWindow *self = MK_CASE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_CASE_ID:
      g_value_set_int64 (value, self->case_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mk_case_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MkCaseWindow *self = MK_CASE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_CASE_ID:
      self->case_id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mk_case_window_class_init (MkCaseWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mk_case_window_constructed;
  object_class->dispose = mk_case_window_dispose;
  object_class->finalize = mk_case_window_finalize;
  object_class->get_property = mk_case_window_get_property;
  object_class->set_property = mk_case_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CASE_ID] =
    g_param_spec_int64 ("case-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MK_TYPE_FLOWCHART);
  g_type_ensure (MK_TYPE_HISTORY_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-case-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MkCaseWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, MkCaseWindow, error_infobar);
  gtk_widget_class_bind_template_child (widget_class, MkCaseWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, MkCaseWindow, number_label);
  gtk_widget_class_bind_template_child (widget_class, MkCaseWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MkCaseWindow, deadlines_label);
  gtk_widget_class_bind_template_child (widget_class, MkCaseWindow, flowchart);
  gtk_widget_class_bind_template_child (widget_class, MkCaseWindow, notebook);
  gtk_widget_class_bind_template_child (widget_class, MkCaseWindow, documents_box);
  gtk_widget_class_bind_template_child (widget_class, MkCaseWindow, history_view);
  gtk_widget_class_bind_template_child (widget_class, MkCaseWindow, result_kind_label);
  gtk_widget_class_bind_template_child (widget_class, MkCaseWindow, result_number_label);
  gtk_widget_class_bind_template_child (widget_class, MkCaseWindow, result_date_label);
  gtk_widget_class_bind_template_child (widget_class, MkCaseWindow, grounds_label);
  gtk_widget_class_bind_template_child (widget_class, MkCaseWindow, issued_combo);
  gtk_widget_class_bind_template_child (widget_class, MkCaseWindow, open_document_button);
  gtk_widget_class_bind_template_callback (widget_class, open_document_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, MkCaseWindow, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, MkCaseWindow, actions_box);
  gtk_widget_class_bind_template_callback (widget_class, step_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, reload_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, error_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_pressed_cb);
}

static void
mk_case_window_init (MkCaseWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mk_ui_fit_default_size (GTK_WINDOW (self));
  mk_ui_set_help_page (GTK_WINDOW (self), "case-window");
  mk_info_bar_name_close_button (self->error_infobar);
}

GtkWidget *
mk_case_window_new (MkContext *context,
                    gint64     case_id)
{
  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (case_id > 0, NULL);

  return g_object_new (MK_TYPE_CASE_WINDOW, "context", context, "case-id", case_id, NULL);
}

gint64
mk_case_window_get_case_id (MkCaseWindow *self)
{
  g_return_val_if_fail (MK_IS_CASE_WINDOW (self), 0);
  return self->case_id;
}
