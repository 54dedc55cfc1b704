/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: the list of applications with search and filters, and
 * beside it what is due today (#12). */

#define G_LOG_DOMAIN "mekenjai-ui"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mk-calendar-dialog.h"
#include "mk-case-list-row.h"
#include "mk-case-window.h"
#include "mk-check-document-dialog.h"
#include "mk-intake-window.h"
#include "mk-registers-dialog.h"
#include "mk-ui-util.h"
#include "mk-reports-window.h"
#include "mk-today-panel.h"
#include "mk-trust-dialog.h"
#include "mk-offices-dialog.h"
#include "mk-users-dialog.h"
#include "mk-window.h"

struct _MkWindow
{
  GtkApplicationWindow  parent_instance;

  GtkHeaderBar         *header_bar;
  GtkButton            *new_button;
  GtkMenuButton        *menu_button;
  GtkSearchEntry       *search_entry;
  GtkLabel             *demo_badge;
  GtkInfoBar           *error_bar;
  GtkLabel             *error_label;
  GtkComboBoxText      *stage_combo;
  GtkComboBoxText      *kind_combo;
  GtkCheckButton       *queue_check;
  GtkCheckButton       *overdue_check;
  GtkComboBoxText      *sort_combo;
  GtkBox               *filter_notice;
  GtkLabel             *filter_notice_label;
  GtkStack             *content_stack;
  GtkScrolledWindow    *scrolled_window;
  GtkListBox           *case_list;
  GtkImage             *empty_image;
  GtkLabel             *empty_title;
  GtkLabel             *empty_text;
  MkTodayPanel         *today_panel;

  MkContext            *context;

  /* Keyset paging: the sort key of the last row shown, and whether the
   * store may have more after it. */
  gint64                last_key;
  gboolean              has_more;
  guint                 n_rows;
  char                 *loaded_text;
  gboolean              filling;     /* combos being refilled: ignore "changed" */
  guint                 counts_idle;

  int                   width;
  int                   height;
  gboolean              maximized;
};

G_DEFINE_FINAL_TYPE (MkWindow, mk_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_error (MkWindow   *self,
            const char *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_show (GTK_WIDGET (self->error_bar));
}

static void
error_bar_response_cb (MkWindow *self)
{
  gtk_widget_hide (GTK_WIDGET (self->error_bar));
}

/* The query the filters describe. Cases of other offices are not shown to
 * their staff: a center sees its own, a provider its own. */
static void
build_query (MkWindow      *self,
             MkSearchQuery *query)
{
  const MkUser *user = mk_context_get_user (self->context);
  const char *stage = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->stage_combo));
  const char *kind = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->kind_combo));
  MkServiceKind kind_value;

  memset (query, 0, sizeof *query);
  query->text = gtk_entry_get_text (GTK_ENTRY (self->search_entry));
  query->stage = stage != NULL && stage[0] != '\0' ? stage : NULL;
  query->kind = kind != NULL && mk_service_kind_from_id (kind, &kind_value) ? (int) kind_value : -1;
  query->queue_role = -1;
  if (user != NULL && gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->queue_check)))
    query->queue_role = user->role;
  if (user != NULL && user->role != MK_ROLE_ADMINISTRATOR &&
      user->office_id != NULL && user->office_id[0] != '\0')
    query->office_id = user->office_id;
  query->overdue_only = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->overdue_check));
  mk_store_get_today (mk_context_get_store (self->context), &query->today);
  query->descending = g_strcmp0 (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->sort_combo)),
                                 "desc") == 0;
}

static gboolean
query_is_filtered (const MkSearchQuery *query)
{
  return (query->text != NULL && query->text[0] != '\0') || query->stage != NULL ||
         query->kind >= 0 || query->queue_role >= 0 || query->overdue_only;
}

/* The filters the user can turn off, by name ("My queue, Overdue"), or NULL
 * when none is on. The office is not one: staff see only their own (§14). */
static char *
describe_filters (MkWindow            *self,
                  const MkSearchQuery *query)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (query->queue_role >= 0)
    g_ptr_array_add (names, (gpointer) _("My queue"));
  if (query->stage != NULL)
    {
      const MkStage *stage = mk_regulation_get_stage (mk_context_get_regulation (self->context), query->stage);

      g_ptr_array_add (names, (gpointer) (stage != NULL ? mk_text_get (&stage->name) : query->stage));
    }
  if (query->kind >= 0)
    g_ptr_array_add (names, (gpointer) mk_service_kind_name ((MkServiceKind) query->kind));
  if (query->overdue_only)
    g_ptr_array_add (names, (gpointer) _("Overdue"));
  if (names->len == 0)
    return NULL;
  g_ptr_array_add (names, NULL);
  /* TRANSLATORS: the separator between the names of the filters that are on */
  return g_strjoinv (_(", "), (char **) names->pdata);
}

/* #14: a search narrowed by filters says so, so that a case outside them
 * (one just registered is not in the clerk's queue) is not taken for missing. */
static void
update_filter_notice (MkWindow            *self,
                      const MkSearchQuery *query)
{
  g_autofree char *filters = describe_filters (self, query);
  gboolean searching = query->text != NULL && query->text[0] != '\0';

  if (filters != NULL && searching)
    {
      g_autofree char *text = NULL;

      if (self->n_rows == 0)
        /* TRANSLATORS: %s lists the filters that are on, e.g. "My queue, Overdue" */
        text = g_strdup_printf (_("Nothing found with the filters that are on: %s"), filters);
      else
        /* TRANSLATORS: %s lists the filters that are on, e.g. "My queue, Overdue" */
        text = g_strdup_printf (_("Searching only in: %s"), filters);
      gtk_label_set_text (self->filter_notice_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->filter_notice), filters != NULL && searching);
}

static void
show_empty_state (MkWindow            *self,
                  const MkSearchQuery *query)
{
  if (query_is_filtered (query))
    {
      g_autofree char *filters = describe_filters (self, query);

      gtk_image_set_from_icon_name (self->empty_image, "edit-find-symbolic", GTK_ICON_SIZE_DIALOG);
      gtk_label_set_text (self->empty_title, _("No applications found"));
      if (filters != NULL)
        gtk_label_set_text (self->empty_text,
                            _("The filters hide some applications: press Enter or "
                              "“Search Everywhere” to look in all of them."));
      else
        gtk_label_set_text (self->empty_text,
                            _("Try other words: a registration number, part of the applicant’s name, "
                              "or an ИИН/БИН."));
    }
  else
    {
      gtk_image_set_from_icon_name (self->empty_image, "folder-documents-symbolic", GTK_ICON_SIZE_DIALOG);
      gtk_label_set_text (self->empty_title, _("No applications yet"));
      if (mk_context_user_has_role (self->context, MK_ROLE_CENTER_INSPECTOR))
        gtk_label_set_text (self->empty_text,
                            _("Press “New Application” (Ctrl+N) to register the first one."));
      else
        gtk_label_set_text (self->empty_text,
                            _("Applications registered at the public service center appear here."));
    }
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

/* Appends one page; FALSE when nothing more came. */
static gboolean
load_page (MkWindow *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  MkSearchQuery query;
  MkRegulation *regulation = mk_context_get_regulation (self->context);

  build_query (self, &query);
  rows = mk_store_search (mk_context_get_store (self->context), &query,
                          self->last_key, MK_WINDOW_PAGE_SIZE, &error);
  if (rows == NULL)
    {
      self->has_more = FALSE;
      show_error (self, error->message);
      return FALSE;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      const MkCaseRow *row = g_ptr_array_index (rows, i);

      gtk_container_add (GTK_CONTAINER (self->case_list),
                         mk_case_list_row_new (row, regulation, &query.today));
      self->last_key = row->sort_key;
    }
  self->n_rows += rows->len;
  self->has_more = rows->len == MK_WINDOW_PAGE_SIZE;

  if (self->n_rows == 0)
    show_empty_state (self, &query);
  else
    gtk_stack_set_visible_child_name (self->content_stack, "list");
  update_filter_notice (self, &query);

  return rows->len > 0;
}

static void
reload (MkWindow *self)
{
  GList *children = gtk_container_get_children (GTK_CONTAINER (self->case_list));

  for (GList *l = children; l != NULL; l = l->next)
    gtk_widget_destroy (GTK_WIDGET (l->data));
  g_list_free (children);

  self->last_key = 0;
  self->n_rows = 0;
  self->has_more = TRUE;
  g_free (self->loaded_text);
  self->loaded_text = g_strdup (gtk_entry_get_text (GTK_ENTRY (self->search_entry)));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);

  load_page (self);
}

/* Fetch the next page when the user is within a page of the end, so that
 * scrolling never waits and a million cases are never loaded at once. */
static void
scrolled_cb (GtkAdjustment *adjustment,
             MkWindow      *self)
{
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);

  if (self->has_more && upper > 0 && value + 2 * page >= upper)
    load_page (self);
}

static void
search_changed_cb (MkWindow *self)
{
  /* GtkSearchEntry already waits 150 ms after the last key. */
  if (g_strcmp0 (self->loaded_text, gtk_entry_get_text (GTK_ENTRY (self->search_entry))) != 0)
    reload (self);
}

static void
search_stopped_cb (MkWindow *self)
{
  gtk_entry_set_text (GTK_ENTRY (self->search_entry), "");
}

static void
filter_changed_cb (MkWindow *self)
{
  if (!self->filling)
    reload (self);
}

/* Every filter off, the text kept. */
static void
search_everywhere (MkWindow *self)
{
  self->filling = TRUE;
  gtk_combo_box_set_active (GTK_COMBO_BOX (self->stage_combo), 0);
  gtk_combo_box_set_active (GTK_COMBO_BOX (self->kind_combo), 0);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->queue_check), FALSE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->overdue_check), FALSE);
  self->filling = FALSE;
  reload (self);
}

static void
everywhere_clicked_cb (MkWindow *self)
{
  search_everywhere (self);
}

/* Enter opens the best match: the first row, since exact spellings come
 * before look-alikes (#14). With nothing found under the filters, Enter
 * searches everywhere instead. */
static void
search_entry_activated_cb (MkWindow *self)
{
  GtkListBoxRow *first;

  /* The entry waits a moment before it says the text changed. */
  if (g_strcmp0 (self->loaded_text, gtk_entry_get_text (GTK_ENTRY (self->search_entry))) != 0)
    reload (self);
  first = gtk_list_box_get_row_at_index (self->case_list, 0);
  if (first != NULL)
    {
      gtk_list_box_select_row (self->case_list, first);
      g_signal_emit_by_name (self->case_list, "row-activated", first);
    }
  else if (gtk_widget_get_visible (GTK_WIDGET (self->filter_notice)))
    search_everywhere (self);
}

static void
case_activated_cb (MkWindow      *self,
                   GtkListBoxRow *row)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "open-case",
                                  g_variant_new_int64 (mk_case_list_row_get_case_id (MK_CASE_LIST_ROW (row))));
}

static void
today_case_activated_cb (MkWindow *self,
                         gint64    case_id)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "open-case", g_variant_new_int64 (case_id));
}

/* "Today"'s overdue count shows those cases in the list. */
static void
today_overdue_activated_cb (MkWindow *self)
{
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->overdue_check), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->case_list));
}

/* Counts per stage ------------------------------------------------------------ */

static void
fill_stage_combo (MkWindow   *self,
                  GHashTable *counts)
{
  GPtrArray *stages = mk_regulation_get_stages (mk_context_get_regulation (self->context));
  g_autofree char *active = g_strdup (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->stage_combo)));
  guint total = 0;
  g_autofree char *all_label = NULL;

  self->filling = TRUE;
  gtk_combo_box_text_remove_all (self->stage_combo);

  if (counts != NULL)
    for (guint i = 0; i < stages->len; i++)
      {
        const MkStage *stage = g_ptr_array_index (stages, i);

        total += GPOINTER_TO_UINT (g_hash_table_lookup (counts, stage->id));
      }

  all_label = counts != NULL ? g_strdup_printf (_("All stages (%u)"), total) : g_strdup (_("All stages"));
  gtk_combo_box_text_append (self->stage_combo, "", all_label);

  for (guint i = 0; i < stages->len; i++)
    {
      const MkStage *stage = g_ptr_array_index (stages, i);
      g_autofree char *label = NULL;

      if (counts != NULL)
        /* TRANSLATORS: a stage of the application and the number of applications there */
        label = g_strdup_printf (_("%s (%u)"), mk_text_get (&stage->name),
                                 GPOINTER_TO_UINT (g_hash_table_lookup (counts, stage->id)));
      else
        label = g_strdup (mk_text_get (&stage->name));
      gtk_combo_box_text_append (self->stage_combo, stage->id, label);
    }

  if (active == NULL || !gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->stage_combo), active))
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->stage_combo), 0);
  self->filling = FALSE;
}

/* Counting a million cases can wait until the list is on screen. */
static gboolean
update_counts_cb (gpointer user_data)
{
  MkWindow *self = MK_WINDOW (user_data);
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) error = NULL;
  MkSearchQuery query;

  self->counts_idle = 0;
  build_query (self, &query);
  counts = mk_store_count_by_stage (mk_context_get_store (self->context), query.office_id, &error);
  if (counts == NULL)
    show_error (self, error->message);
  else
    fill_stage_combo (self, counts);

  return G_SOURCE_REMOVE;
}

static void
schedule_counts (MkWindow *self)
{
  if (self->counts_idle == 0)
    self->counts_idle = g_timeout_add_full (G_PRIORITY_LOW, 200, update_counts_cb, self, NULL);
}

static void
cases_changed_cb (MkWindow *self)
{
  reload (self);
  schedule_counts (self);
}

/* Actions --------------------------------------------------------------------- */

static void
search_activated_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  MkWindow *self = MK_WINDOW (user_data);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
refresh_activated_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  mk_window_refresh (MK_WINDOW (user_data));
}

static void
users_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  MkWindow *self = MK_WINDOW (user_data);

  gtk_window_present (GTK_WINDOW (mk_users_dialog_new (self->context, GTK_WINDOW (self))));
}

static void
reports_activated_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  MkWindow *self = MK_WINDOW (user_data);
  GtkWidget *window = mk_reports_window_new (self->context, GTK_WINDOW (self));

  gtk_window_set_application (GTK_WINDOW (window), gtk_window_get_application (GTK_WINDOW (self)));
  gtk_window_present (GTK_WINDOW (window));
}

static void
trust_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  MkWindow *self = MK_WINDOW (user_data);

  gtk_window_present (GTK_WINDOW (mk_trust_dialog_new (self->context, GTK_WINDOW (self))));
}

static void
offices_activated_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  MkWindow *self = MK_WINDOW (user_data);

  gtk_window_present (GTK_WINDOW (mk_offices_dialog_new (self->context, GTK_WINDOW (self))));
}

static void
calendar_activated_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  MkWindow *self = MK_WINDOW (user_data);

  gtk_window_present (GTK_WINDOW (mk_calendar_dialog_new (self->context, GTK_WINDOW (self))));
}

static void
case_registered_cb (MkWindow *self)
{
  mk_context_cases_changed (self->context);
}

static void
new_application_activated_cb (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  MkWindow *self = MK_WINDOW (user_data);
  GtkWidget *intake = mk_intake_window_new (self->context);

  gtk_window_set_application (GTK_WINDOW (intake), gtk_window_get_application (GTK_WINDOW (self)));
  gtk_window_set_transient_for (GTK_WINDOW (intake), GTK_WINDOW (self));
  g_signal_connect_object (intake, "case-registered",
                           G_CALLBACK (case_registered_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (intake));
}

static void
open_case_activated_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  MkWindow *self = MK_WINDOW (user_data);
  gint64 case_id = g_variant_get_int64 (parameter);
  GtkWidget *window;

  /* One window per case: bring an open one forward. */
  for (GList *l = gtk_application_get_windows (gtk_window_get_application (GTK_WINDOW (self)));
       l != NULL; l = l->next)
    if (MK_IS_CASE_WINDOW (l->data) && mk_case_window_get_case_id (l->data) == case_id)
      {
        gtk_window_present (GTK_WINDOW (l->data));
        return;
      }

  window = mk_case_window_new (self->context, case_id);
  gtk_window_set_application (GTK_WINDOW (window), gtk_window_get_application (GTK_WINDOW (self)));
  gtk_window_present (GTK_WINDOW (window));
}

static void
registers_activated_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  MkWindow *self = MK_WINDOW (user_data);
  GtkWidget *dialog = mk_registers_dialog_new (self->context, GTK_WINDOW (self));

  gtk_window_present (GTK_WINDOW (dialog));
}

/* Checking a paper document's QR code against the store. */
static void
check_document_activated_cb (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  MkWindow *self = MK_WINDOW (user_data);
  MkCheckDocumentDialog *dialog = mk_check_document_dialog_new (GTK_WINDOW (self), self->context);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* F10 opens the main menu, as in every GNOME application (#14: by keyboard alone). */
static void
show_menu_activated_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  MkWindow *self = MK_WINDOW (user_data);
  GtkToggleButton *button = GTK_TOGGLE_BUTTON (self->menu_button);

  gtk_toggle_button_set_active (button, !gtk_toggle_button_get_active (button));
}

static const GActionEntry win_entries[] = {
  { "show-menu", show_menu_activated_cb },
  { "new-application", new_application_activated_cb },
  { "registers", registers_activated_cb },
  { "open-case", open_case_activated_cb, "x" },
  { "search", search_activated_cb },
  { "refresh", refresh_activated_cb },
  { "users", users_activated_cb },
  { "trust", trust_activated_cb },
  { "offices", offices_activated_cb },
  { "reports", reports_activated_cb },
  { "calendar", calendar_activated_cb },
  { "check-document", check_document_activated_cb },
};

static void
set_action_enabled (MkWindow   *self,
                    const char *name,
                    gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* Shows only what the signed-in user's role may do (§14). */
static void
apply_role (MkWindow *self)
{
  const MkUser *user = mk_context_get_user (self->context);
  gboolean center = user != NULL && user->role == MK_ROLE_CENTER_INSPECTOR;
  gboolean admin = user != NULL && user->role == MK_ROLE_ADMINISTRATOR;
  g_autofree char *subtitle = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->new_button), center);
  set_action_enabled (self, "new-application", center);
  set_action_enabled (self, "users", admin);
  set_action_enabled (self, "trust", admin);
  set_action_enabled (self, "offices", admin);
  /* #12: the head, the executors, the center's inspectors and the administrator. */
  set_action_enabled (self, "reports", user != NULL && user->role != MK_ROLE_ACCUMULATION_INSPECTOR);
  set_action_enabled (self, "registers", user != NULL && !admin);

  /* The administrator has no queue of his own. */
  gtk_widget_set_visible (GTK_WIDGET (self->queue_check), user != NULL && !admin);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->queue_check), user != NULL && !admin);

  gtk_widget_set_visible (GTK_WIDGET (self->demo_badge), user != NULL && user->demo);

  if (user != NULL)
    {
      g_autoptr(MkOffice) office = NULL;

      if (user->office_id != NULL && user->office_id[0] != '\0')
        office = mk_store_get_office (mk_context_get_store (self->context), user->office_id, NULL);
      /* §17: the employee's name and position are shown. */
      if (office != NULL)
        subtitle = g_strdup_printf ("%s · %s · %s", user->full_name, mk_role_name (user->role),
                                    mk_text_get (&office->name));
      else
        subtitle = g_strdup_printf ("%s · %s", user->full_name, mk_role_name (user->role));
    }
  gtk_header_bar_set_subtitle (self->header_bar, subtitle);
}

/* Window state ------------------------------------------------------------- */

static void
mk_window_size_allocate (GtkWidget     *widget,
                         GtkAllocation *allocation)
{
  MkWindow *self = MK_WINDOW (widget);

  GTK_WIDGET_CLASS (mk_window_parent_class)->size_allocate (widget, allocation);

  if (!self->maximized)
    gtk_window_get_size (GTK_WINDOW (self), &self->width, &self->height);
}

static gboolean
mk_window_window_state_event (GtkWidget           *widget,
                              GdkEventWindowState *event)
{
  MkWindow *self = MK_WINDOW (widget);

  self->maximized = (event->new_window_state & GDK_WINDOW_STATE_MAXIMIZED) != 0;

  return GTK_WIDGET_CLASS (mk_window_parent_class)->window_state_event (widget, event);
}

static void
save_window_state (MkWindow *self)
{
  GSettings *settings = mk_context_get_settings (self->context);

  if (settings == NULL || self->width == 0)
    return;
  g_settings_set_int (settings, "window-width", self->width);
  g_settings_set_int (settings, "window-height", self->height);
  g_settings_set_boolean (settings, "window-maximized", self->maximized);
}

static void
restore_window_state (MkWindow *self)
{
  GSettings *settings = mk_context_get_settings (self->context);

  if (settings == NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self), 1100, 700);
      return;
    }
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

/* GObject ------------------------------------------------------------------ */

static void
fill_kind_combo (MkWindow *self)
{
  gtk_combo_box_text_append (self->kind_combo, "", _("All services"));
  for (int kind = 0; kind < MK_SERVICE_N_KINDS; kind++)
    gtk_combo_box_text_append (self->kind_combo, mk_service_kind_to_id (kind),
                               mk_service_kind_name (kind));
  gtk_combo_box_set_active (GTK_COMBO_BOX (self->kind_combo), 0);
}

/* The administrator edited the signed-in user (role, office, name). */
static void
user_changed_cb (MkWindow *self)
{
  if (mk_context_get_user (self->context) == NULL)
    return;
  self->filling = TRUE;
  apply_role (self);
  self->filling = FALSE;
  reload (self);
  schedule_counts (self);
}

static void
mk_window_constructed (GObject *object)
{
  MkWindow *self = MK_WINDOW (object);

  G_OBJECT_CLASS (mk_window_parent_class)->constructed (object);

  self->filling = TRUE;
  fill_kind_combo (self);
  fill_stage_combo (self, NULL);
  apply_role (self);
  self->filling = FALSE;

  mk_info_bar_name_close_button (self->error_bar);
  restore_window_state (self);
  g_signal_connect_object (self->context, "cases-changed",
                           G_CALLBACK (cases_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::user",
                           G_CALLBACK (user_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled_window),
                           "value-changed", G_CALLBACK (scrolled_cb), self, 0);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled_window),
                           "changed", G_CALLBACK (scrolled_cb), self, 0);

  reload (self);
  schedule_counts (self);
  mk_today_panel_set_context (self->today_panel, self->context);
}

static void
mk_window_destroy (GtkWidget *widget)
{
  MkWindow *self = MK_WINDOW (widget);

  if (self->context != NULL)
    save_window_state (self);
  g_clear_handle_id (&self->counts_idle, g_source_remove);

  GTK_WIDGET_CLASS (mk_window_parent_class)->destroy (widget);
}

static void
mk_window_finalize (GObject *object)
{
  MkWindow *self = MK_WINDOW (object);

  g_clear_object (&self->context);
  g_free (self->loaded_text);

  G_OBJECT_CLASS (mk_window_parent_class)->finalize (object);
}

static void
mk_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MkWindow *self = MK_WINDOW (object);

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
mk_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  MkWindow *self = MK_WINDOW (object);

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
mk_window_class_init (MkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mk_window_constructed;
  object_class->finalize = mk_window_finalize;
  object_class->get_property = mk_window_get_property;
  object_class->set_property = mk_window_set_property;
  widget_class->destroy = mk_window_destroy;
  widget_class->size_allocate = mk_window_size_allocate;
  widget_class->window_state_event = mk_window_window_state_event;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         MK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/kz/mekenjai/Mekenjai/ui/mk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MkWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, MkWindow, new_button);
  gtk_widget_class_bind_template_child (widget_class, MkWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, MkWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MkWindow, demo_badge);
  gtk_widget_class_bind_template_child (widget_class, MkWindow, error_bar);
  gtk_widget_class_bind_template_child (widget_class, MkWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, MkWindow, stage_combo);
  gtk_widget_class_bind_template_child (widget_class, MkWindow, kind_combo);
  gtk_widget_class_bind_template_child (widget_class, MkWindow, queue_check);
  gtk_widget_class_bind_template_child (widget_class, MkWindow, overdue_check);
  gtk_widget_class_bind_template_child (widget_class, MkWindow, sort_combo);
  gtk_widget_class_bind_template_child (widget_class, MkWindow, filter_notice);
  gtk_widget_class_bind_template_child (widget_class, MkWindow, filter_notice_label);
  gtk_widget_class_bind_template_child (widget_class, MkWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MkWindow, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, MkWindow, case_list);
  gtk_widget_class_bind_template_child (widget_class, MkWindow, empty_image);
  gtk_widget_class_bind_template_child (widget_class, MkWindow, empty_title);
  gtk_widget_class_bind_template_child (widget_class, MkWindow, empty_text);
  gtk_widget_class_bind_template_child (widget_class, MkWindow, today_panel);
  gtk_widget_class_bind_template_callback (widget_class, error_bar_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stopped_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, everywhere_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, case_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, today_case_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, today_overdue_activated_cb);
}

static void
mk_window_init (MkWindow *self)
{
  g_type_ensure (MK_TYPE_TODAY_PANEL);
  gtk_widget_init_template (GTK_WIDGET (self));
  mk_ui_set_help_page (GTK_WINDOW (self), "index");
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries,
                                   G_N_ELEMENTS (win_entries), self);
}

GtkWidget *
mk_window_new (GtkApplication *application,
               MkContext      *context)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);

  return g_object_new (MK_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

void
mk_window_refresh (MkWindow *self)
{
  g_return_if_fail (MK_IS_WINDOW (self));

  reload (self);
  schedule_counts (self);
}

guint
mk_window_get_n_rows (MkWindow *self)
{
  g_return_val_if_fail (MK_IS_WINDOW (self), 0);

  return self->n_rows;
}

gboolean
mk_window_load_more (MkWindow *self)
{
  g_return_val_if_fail (MK_IS_WINDOW (self), FALSE);

  return self->has_more && load_page (self);
}

void
mk_window_set_search_text (MkWindow   *self,
                           const char *text)
{
  g_return_if_fail (MK_IS_WINDOW (self));

  gtk_entry_set_text (GTK_ENTRY (self->search_entry), text != NULL ? text : "");
  reload (self);
}
