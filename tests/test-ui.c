/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desktop application's windows, built for real under Xvfb with a demo database. */

#include <glib/gstdio.h>
#include <gmodule.h>
#include <gtk/gtk.h>
#include <string.h>

#include "mekenjai-core.h"
#include "mk-application.h"
#include "mk-calendar-dialog.h"
#include "mk-case-list-row.h"
#include "mk-case-window.h"
#include "mk-context.h"
#include "mk-first-run-dialog.h"
#include "mk-intake-window.h"
#include "mk-preferences-dialog.h"
#include "mk-sign-in-dialog.h"
#include "mk-user-editor.h"
#include "mk-users-dialog.h"
#include "mk-reports-window.h"
#include "mk-today-panel.h"
#include "mk-report-chart.h"
#include "mk-trust-dialog.h"
#include "mk-offices-dialog.h"
#include "mk-window.h"
#include "mk-sign.h"
#include "mk-action-dialog.h"
#include "mk-ui-util.h"

#define N_DEMO_CASES 400

static MkApplication *app;
static MkContext *context;
static char *tmp_dir;

static void
sign_in_as (const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkUser) user = mk_store_authenticate (mk_context_get_store (context), login, "demo", &error);

  g_assert_no_error (error);
  mk_context_set_user (context, user);
}

/* Every interactive widget has a name for screen readers: its own, or the
 * label that points at it with a mnemonic. */
static gboolean
has_accessible_name (GtkWidget *widget)
{
  AtkObject *accessible = gtk_widget_get_accessible (widget);
  const char *name = atk_object_get_name (accessible);
  g_autoptr(AtkRelationSet) relations = NULL;
  AtkRelation *labelled_by;

  if (name != NULL && name[0] != '\0')
    return TRUE;

  relations = atk_object_ref_relation_set (accessible);
  labelled_by = atk_relation_set_get_relation_by_type (relations, ATK_RELATION_LABELLED_BY);
  if (labelled_by != NULL)
    {
      GPtrArray *targets = atk_relation_get_target (labelled_by);

      for (guint i = 0; targets != NULL && i < targets->len; i++)
        {
          const char *label = atk_object_get_name (g_ptr_array_index (targets, i));

          if (label != NULL && label[0] != '\0')
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
is_interactive (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_ENTRY (widget) || GTK_IS_COMBO_BOX (widget) ||
         GTK_IS_SWITCH (widget) || GTK_IS_SCALE (widget) || GTK_IS_TREE_VIEW (widget) ||
         GTK_IS_TEXT_VIEW (widget) || GTK_IS_LIST_BOX (widget);
}

static void
check_names_cb (GtkWidget *widget,
                gpointer   user_data)
{
  GString *missing = user_data;

  if (is_interactive (widget))
    {
      if (!has_accessible_name (widget))
        {
          const char *id = gtk_buildable_get_name (GTK_BUILDABLE (widget));

          g_string_append_printf (missing, " %s(%s)", G_OBJECT_TYPE_NAME (widget), id ? id : "?");
        }
      /* The parts of a combo box or spin button are its own business. */
      if (GTK_IS_COMBO_BOX (widget) || GTK_IS_ENTRY (widget) || GTK_IS_TREE_VIEW (widget))
        return;
    }

  if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), check_names_cb, user_data);
}

/* Appends "Type: widgets…" to @report when some lack a name. */
static void
collect_unnamed (GtkWidget *toplevel,
                 GString   *report)
{
  g_autoptr(GString) missing = g_string_new (NULL);

  check_names_cb (toplevel, missing);
  if (missing->len > 0)
    g_string_append_printf (report, "\n  %s:%s", G_OBJECT_TYPE_NAME (toplevel), missing->str);
}

static void
assert_accessible_names (GtkWidget *toplevel)
{
  g_autoptr(GString) report = g_string_new (NULL);

  collect_unnamed (toplevel, report);
  if (report->len > 0)
    g_error ("interactive widgets without an accessible name:%s", report->str);
}

/* #14: Tab and Shift+Tab leave every combo box. A combo box without an entry
 * that can take the focus itself (Glade's can-focus) hands it to its button
 * and takes it back at once when Tab asks it to move on: the focus is trapped.
 * Its button takes the focus; the combo box must not. (The AT-SPI keyboard
 * intake presses Tab through the intake's combo boxes for real.) */
static void
collect_focus_traps_cb (GtkWidget *widget,
                        gpointer   user_data)
{
  GString *report = user_data;

  if (GTK_IS_COMBO_BOX (widget) && !gtk_combo_box_get_has_entry (GTK_COMBO_BOX (widget)) &&
      gtk_widget_get_can_focus (widget))
    {
      const char *id = gtk_buildable_get_name (GTK_BUILDABLE (widget));

      g_string_append_printf (report, " %s(%s)",
                              G_OBJECT_TYPE_NAME (gtk_widget_get_toplevel (widget)), id != NULL ? id : "?");
    }
  if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), collect_focus_traps_cb, user_data);
}

/* "mk-case-list-row.ui" → "mk_case_list_row_get_type" */
static char *
get_type_function (const char *file_name)
{
  g_autofree char *stem = g_strndup (file_name, strlen (file_name) - strlen (".ui"));

  g_strdelimit (stem, "-", '_');
  return g_strconcat (stem, "_get_type", NULL);
}

static GObject *
instantiate (GType type)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GArray) values = g_array_new (FALSE, TRUE, sizeof (GValue));
  GObjectClass *klass = g_type_class_ref (type);
  g_autoptr(GPtrArray) first = NULL;
  GValue value = G_VALUE_INIT;
  GObject *object;

  g_array_set_clear_func (values, (GDestroyNotify) g_value_unset);

  /* Windows take the context; case windows also a case. */
  if (g_object_class_find_property (klass, "context") != NULL)
    {
      g_value_init (&value, MK_TYPE_CONTEXT);
      g_value_set_object (&value, context);
      g_ptr_array_add (names, (gpointer) "context");
      g_array_append_val (values, value);
      memset (&value, 0, sizeof value);
    }
  if (g_object_class_find_property (klass, "case-id") != NULL)
    {
      MkSearchQuery query = { .kind = -1, .queue_role = -1 };

      first = mk_store_search (mk_context_get_store (context), &query, 0, 1, NULL);
      g_assert_nonnull (first);
      g_assert_cmpuint (first->len, ==, 1);
      g_value_init (&value, G_TYPE_INT64);
      g_value_set_int64 (&value, ((MkCaseRow *) g_ptr_array_index (first, 0))->id);
      g_ptr_array_add (names, (gpointer) "case-id");
      g_array_append_val (values, value);
      memset (&value, 0, sizeof value);
    }
  if (g_type_is_a (type, GTK_TYPE_APPLICATION_WINDOW))
    {
      g_value_init (&value, GTK_TYPE_APPLICATION);
      g_value_set_object (&value, app);
      g_ptr_array_add (names, (gpointer) "application");
      g_array_append_val (values, value);
      memset (&value, 0, sizeof value);
    }

  object = g_object_new_with_properties (type, names->len, (const char **) names->pdata,
                                         (const GValue *) values->data);
  if (G_IS_INITIALLY_UNOWNED (object))
    g_object_ref_sink (object);
  g_type_class_unref (klass);
  return object;
}

/* Every template in the resources builds without a warning (warnings are
 * fatal under gtk_test_init), names its interactive widgets and lets the
 * focus leave its combo boxes by Tab and Shift+Tab (#14). */
static void
test_templates (void)
{
  g_autoptr(GError) error = NULL;
  GModule *self = g_module_open (NULL, 0);
  g_auto(GStrv) files = NULL;
  g_autoptr(GString) unnamed = g_string_new (NULL);
  g_autoptr(GString) trapped = g_string_new (NULL);
  guint n_built = 0;

  sign_in_as ("demo-admin");

  files = g_resources_enumerate_children ("/kz/mekenjai/Mekenjai/ui/", 0, &error);
  g_assert_no_error (error);

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *function = NULL;
      GType (*get_type) (void) = NULL;
      GObject *object;

      if (!g_str_has_suffix (files[i], ".ui"))
        continue;
      function = get_type_function (files[i]);
      if (!g_module_symbol (self, function, (gpointer *) &get_type))
        g_error ("%s: no %s() in the program", files[i], function);

      g_test_message ("building %s", files[i]);
      object = instantiate (get_type ());
      g_assert_nonnull (object);
      if (GTK_IS_WIDGET (object))
        {
          if (GTK_IS_WINDOW (object))
            gtk_widget_show (GTK_WIDGET (object));
          collect_focus_traps_cb (GTK_WIDGET (object), trapped);
          collect_unnamed (GTK_WIDGET (object), unnamed);
          gtk_widget_destroy (GTK_WIDGET (object));
        }
      g_object_unref (object);
      n_built++;
    }

  g_module_close (self);
  g_assert_cmpuint (n_built, >=, 9);
  /* Every template is checked before failing, so one run lists them all. */
  if (unnamed->len > 0)
    {
      g_test_message ("interactive widgets without an accessible name:%s", unnamed->str);
      g_test_fail ();
    }
  if (trapped->len > 0)
    {
      g_test_message ("combo boxes that keep the focus:%s", trapped->str);
      g_test_fail ();
    }
}

static void
test_help_overlay (void)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/kz/mekenjai/Mekenjai/gtk/help-overlay.ui");

  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  g_autoptr(GString) accels = g_string_new (" ");
  /* #14: the intake's own keys are listed too (key_pressed_cb in the intake window). */
  const char *intake[] = { "<Alt>Right", "<Alt>Left", "<Primary>w", "<Alt>a" };

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
      {
        g_autofree char *accel = NULL;

        g_object_get (l->data, "accelerator", &accel, NULL);
        if (accel != NULL)
          g_string_append_printf (accels, "%s ", accel);
      }
  for (guint i = 0; i < G_N_ELEMENTS (intake); i++)
    {
      g_autofree char *word = g_strdup_printf (" %s ", intake[i]);

      g_assert_nonnull (strstr (accels->str, word));
    }
  gtk_widget_destroy (GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay")));
}

static gboolean
combo_has_id (GtkComboBox *combo,
              const char  *id)
{
  GtkTreeModel *model = gtk_combo_box_get_model (combo);
  GtkTreeIter iter;
  int column = gtk_combo_box_get_id_column (combo);

  for (gboolean ok = gtk_tree_model_get_iter_first (model, &iter); ok; ok = gtk_tree_model_iter_next (model, &iter))
    {
      g_autofree char *value = NULL;

      gtk_tree_model_get (model, &iter, column, &value, -1);
      if (g_strcmp0 (value, id) == 0)
        return TRUE;
    }
  return FALSE;
}

static GtkWidget *
find_child_of_type (GtkWidget *widget,
                    GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  if (GTK_IS_CONTAINER (widget))
    {
      g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (widget));

      for (GList *l = children; l != NULL; l = l->next)
        {
          GtkWidget *found = find_child_of_type (l->data, type);

          if (found != NULL)
            return found;
        }
    }
  return NULL;
}

/* A desk set to one office (IT's "office" setting) offers that office's
 * staff and the administrators at sign-in, and names the office. */
static void
test_sign_in_office (void)
{
  GSettings *settings = mk_context_get_settings (context);
  MkStore *store = mk_context_get_store (context);
  g_autoptr(MkUser) exec = mk_store_get_user (store, mk_store_find_user_id (store, "demo-exec", NULL), NULL);
  GtkWidget *dialog;
  GtkComboBox *combo;

  g_assert_nonnull (exec);
  g_assert_nonnull (exec->office_id);
  g_settings_set_string (settings, "office", exec->office_id);
  dialog = mk_sign_in_dialog_new (context);
  g_object_ref_sink (dialog);
  combo = GTK_COMBO_BOX (find_child_of_type (dialog, GTK_TYPE_COMBO_BOX_TEXT));
  g_assert_nonnull (combo);
  g_assert_true (combo_has_id (combo, "demo-exec"));
  g_assert_true (combo_has_id (combo, "demo-head"));
  g_assert_true (combo_has_id (combo, "demo-admin"));
  g_assert_false (combo_has_id (combo, "demo-center"));
  gtk_widget_destroy (dialog);
  g_object_unref (dialog);

  g_settings_reset (settings, "office");
  dialog = mk_sign_in_dialog_new (context);
  g_object_ref_sink (dialog);
  combo = GTK_COMBO_BOX (find_child_of_type (dialog, GTK_TYPE_COMBO_BOX_TEXT));
  g_assert_true (combo_has_id (combo, "demo-center"));
  gtk_widget_destroy (dialog);
  g_object_unref (dialog);
}

/* F1 opens the window's own help page through the desktop's "help:" handler
 * (here a stand-in that writes the address it was given to a file). */
static char *help_log;

static void
test_help (void)
{
  GtkWidget *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  GtkWidget *dialog;
  GdkEvent *event;
  g_autofree char *uri = NULL;
  gint64 deadline;
  gboolean handled = FALSE;

  mk_ui_set_help_page (GTK_WINDOW (window), "calendar");
  g_assert_cmpstr (mk_ui_get_help_page (GTK_WINDOW (window)), ==, "calendar");
  gtk_widget_show (window);
  while (gtk_events_pending ())
    gtk_main_iteration ();

  event = gdk_event_new (GDK_KEY_PRESS);
  event->key.window = g_object_ref (gtk_widget_get_window (window));
  event->key.keyval = GDK_KEY_F1;
  event->key.time = GDK_CURRENT_TIME;
  gdk_event_set_device (event, gdk_seat_get_keyboard (gdk_display_get_default_seat (gdk_display_get_default ())));
  handled = gtk_widget_event (window, event);
  gdk_event_free (event);
  g_assert_true (handled);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!g_file_get_contents (help_log, &uri, NULL, NULL) || *uri == '\0')
    {
      g_clear_pointer (&uri, g_free);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20000);
    }
  g_assert_cmpstr (uri, ==, "help:mekenjai/calendar");
  gtk_widget_destroy (window);

  /* Every window names its page; the main window opens the contents. */
  dialog = mk_calendar_dialog_new (context, NULL);
  g_assert_cmpstr (mk_ui_get_help_page (GTK_WINDOW (dialog)), ==, "calendar");
  gtk_widget_destroy (dialog);
}

/* A wrong password is refused with a message and cleared; the right one signs in. */
static void
test_sign_in (void)
{
  GtkWidget *dialog;

  mk_context_set_user (context, NULL);
  dialog = mk_sign_in_dialog_new (context);
  g_object_ref_sink (dialog);
  gtk_widget_show (dialog);

  g_assert_false (mk_sign_in_dialog_sign_in (MK_SIGN_IN_DIALOG (dialog), "demo-center", "wrong"));
  g_assert_null (mk_sign_in_dialog_get_user (MK_SIGN_IN_DIALOG (dialog)));
  g_assert_false (mk_sign_in_dialog_sign_in (MK_SIGN_IN_DIALOG (dialog), "nobody", "demo"));

  g_assert_true (mk_sign_in_dialog_sign_in (MK_SIGN_IN_DIALOG (dialog), "demo-center", "demo"));
  g_assert_cmpstr (mk_sign_in_dialog_get_user (MK_SIGN_IN_DIALOG (dialog))->login, ==, "demo-center");
  g_assert_cmpint (mk_sign_in_dialog_get_user (MK_SIGN_IN_DIALOG (dialog))->role, ==,
                   MK_ROLE_CENTER_INSPECTOR);

  gtk_widget_destroy (dialog);
  g_object_unref (dialog);
}

/* The list pages 50 rows at a time and search narrows it. */
static void
test_case_list (void)
{
  g_autoptr(GPtrArray) first = NULL;
  MkSearchQuery query = { .kind = -1, .queue_role = -1 };
  GtkWidget *window;
  guint n_all;

  sign_in_as ("demo-admin");
  window = mk_window_new (GTK_APPLICATION (app), context);
  gtk_widget_show (window);

  g_assert_cmpuint (mk_window_get_n_rows (MK_WINDOW (window)), ==, MK_WINDOW_PAGE_SIZE);
  g_assert_true (mk_window_load_more (MK_WINDOW (window)));
  g_assert_cmpuint (mk_window_get_n_rows (MK_WINDOW (window)), ==, 2 * MK_WINDOW_PAGE_SIZE);
  n_all = mk_window_get_n_rows (MK_WINDOW (window));

  first = mk_store_search (mk_context_get_store (context), &query, 0, 1, NULL);
  g_assert_nonnull (first);
  mk_window_set_search_text (MK_WINDOW (window), ((MkCaseRow *) g_ptr_array_index (first, 0))->regno);
  g_assert_cmpuint (mk_window_get_n_rows (MK_WINDOW (window)), >=, 1);
  g_assert_cmpuint (mk_window_get_n_rows (MK_WINDOW (window)), <, n_all);

  mk_window_set_search_text (MK_WINDOW (window), "zzzz-no-such-applicant");
  g_assert_cmpuint (mk_window_get_n_rows (MK_WINDOW (window)), ==, 0);

  assert_accessible_names (window);
  gtk_widget_destroy (window);
}

/* #14: F10 opens and closes the main menu, by keyboard alone. */
static void
test_main_menu_key (void)
{
  g_auto(GStrv) accels = NULL;
  GtkWidget *window;
  GtkWidget *button;

  sign_in_as ("demo-center");
  window = mk_window_new (GTK_APPLICATION (app), context);
  gtk_widget_show (window);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-menu");
  g_assert_true (g_strv_contains ((const char *const *) accels, "F10"));
  button = find_child_of_type (gtk_window_get_titlebar (GTK_WINDOW (window)), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (button);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-menu", NULL);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-menu", NULL);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
  gtk_widget_destroy (window);
}

static void
find_named_cb (GtkWidget *widget,
               gpointer   user_data)
{
  gpointer *found = user_data;   /* { name, widget } */

  if (found[1] != NULL)
    return;
  if (g_strcmp0 (gtk_buildable_get_name (GTK_BUILDABLE (widget)), found[0]) == 0)
    found[1] = widget;
  else if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), find_named_cb, found);
}

/* A widget of @root's template by its id. */
static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  gpointer found[2] = { (gpointer) name, NULL };

  gtk_container_forall (GTK_CONTAINER (root), find_named_cb, found);
  g_assert_nonnull (found[1]);
  return found[1];
}

/* The open case window of @case_id, or NULL. */
static GtkWidget *
find_case_window (gint64 case_id)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (MK_IS_CASE_WINDOW (l->data) && mk_case_window_get_case_id (l->data) == case_id)
      return l->data;
  return NULL;
}

/* #12 "Today": the panel lists exactly the cases the store says are due for
 * the signed-in user today and on the next working day, and a case chosen
 * there opens. */
static void
test_today (void)
{
  static const char *const logins[] = { "demo-center", "demo-exec", "demo-head", "demo-admin" };
  gboolean opened_one = FALSE;

  for (guint u = 0; u < G_N_ELEMENTS (logins); u++)
    {
      g_autoptr(MkDueCases) due = NULL;
      g_autoptr(GArray) shown = NULL;
      g_autoptr(GError) error = NULL;
      GtkWidget *window, *panel;
      GtkListBox *list;
      GtkListBoxRow *row;
      guint n = 0;

      sign_in_as (logins[u]);
      window = mk_window_new (GTK_APPLICATION (app), context);
      gtk_widget_show (window);
      panel = find_named (window, "today_panel");
      g_assert_true (MK_IS_TODAY_PANEL (panel));
      while (mk_today_panel_is_loading (MK_TODAY_PANEL (panel)))
        g_main_context_iteration (NULL, TRUE);

      due = mk_store_due_cases (mk_context_get_store (context), mk_context_get_user (context), NULL, &error);
      g_assert_no_error (error);
      shown = mk_today_panel_get_case_ids (MK_TODAY_PANEL (panel));
      g_assert_cmpuint (shown->len, ==, due->due_today->len + due->due_next->len);
      for (guint i = 0; i < due->due_today->len; i++, n++)
        g_assert_cmpint (g_array_index (shown, gint64, n), ==, ((MkCaseRow *) due->due_today->pdata[i])->id);
      for (guint i = 0; i < due->due_next->len; i++, n++)
        g_assert_cmpint (g_array_index (shown, gint64, n), ==, ((MkCaseRow *) due->due_next->pdata[i])->id);
      assert_accessible_names (window);

      /* The administrator's lists hold every case due: the demo has some. */
      if (g_str_equal (logins[u], "demo-admin"))
        g_assert_cmpuint (shown->len, >, 0);
      list = mk_today_panel_get_list (MK_TODAY_PANEL (panel), due->due_today->len == 0);
      row = gtk_list_box_get_row_at_index (list, 0);
      if (row != NULL && !opened_one)
        {
          gint64 id = g_array_index (shown, gint64, 0);
          GtkWidget *opened;

          g_assert_true (gtk_widget_get_can_focus (GTK_WIDGET (row)));
          g_assert_null (find_case_window (id));
          /* Enter on the row, as the keyboard gives it. */
          gtk_widget_activate (GTK_WIDGET (row));
          opened = find_case_window (id);
          g_assert_nonnull (opened);
          gtk_widget_destroy (opened);
          opened_one = TRUE;
        }
      gtk_widget_destroy (window);
    }
  g_assert_true (opened_one);
}

/* #14: a search that "My queue" (on by default) narrows says so; when nothing
 * matches, Enter searches everywhere; Enter then opens the best match. */
static void
test_search_everywhere (void)
{
  g_autoptr(GPtrArray) office = NULL;
  MkSearchQuery query = { .kind = -1, .queue_role = -1, .office_id = "c05" };
  MkRegulation *regulation = mk_store_get_regulation (mk_context_get_store (context));
  const MkCaseRow *outside = NULL;
  GtkWidget *window, *entry, *notice, *queue;
  GtkWidget *opened;
  gint64 first_id;

  office = mk_store_search (mk_context_get_store (context), &query, 0, 1000, NULL);
  g_assert_nonnull (office);
  /* A case of the clerk's office waiting for someone else (one just registered is). */
  for (guint i = 0; i < office->len && outside == NULL; i++)
    {
      const MkCaseRow *row = g_ptr_array_index (office, i);
      const MkStage *stage = mk_regulation_get_stage (regulation, row->stage);

      if (stage->final || stage->actor != MK_ROLE_CENTER_INSPECTOR)
        outside = row;
    }
  g_assert_nonnull (outside);

  sign_in_as ("demo-center");
  window = mk_window_new (GTK_APPLICATION (app), context);
  gtk_widget_show (window);
  entry = find_named (window, "search_entry");
  notice = find_named (window, "filter_notice");
  queue = find_named (window, "queue_check");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (queue)));
  g_assert_false (gtk_widget_get_visible (notice));

  mk_window_set_search_text (MK_WINDOW (window), outside->regno);
  g_assert_cmpuint (mk_window_get_n_rows (MK_WINDOW (window)), ==, 0);
  g_assert_true (gtk_widget_get_visible (notice));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_named (window, "filter_notice_label"))),
                            "My queue"));

  /* Enter with nothing found: every filter off, the case is there. */
  g_signal_emit_by_name (entry, "activate");
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (queue)));
  g_assert_false (gtk_widget_get_visible (notice));
  g_assert_cmpuint (mk_window_get_n_rows (MK_WINDOW (window)), ==, 1);
  g_assert_null (find_case_window (outside->id));

  /* Enter again: the best match opens. */
  g_signal_emit_by_name (entry, "activate");
  opened = find_case_window (outside->id);
  g_assert_nonnull (opened);
  gtk_widget_destroy (opened);

  /* Typed on a Russian keyboard, without waiting for the list: the first
   * row, the exact spelling before the look-alikes, opens. */
  gtk_entry_set_text (GTK_ENTRY (entry), "нурл");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpuint (mk_window_get_n_rows (MK_WINDOW (window)), >, 0);
  first_id = mk_case_list_row_get_case_id (MK_CASE_LIST_ROW (gtk_list_box_get_row_at_index (
    GTK_LIST_BOX (find_named (window, "case_list")), 0)));
  opened = find_case_window (first_id);
  g_assert_nonnull (opened);
  gtk_widget_destroy (opened);

  /* The button does what Enter does. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (queue), TRUE);
  mk_window_set_search_text (MK_WINDOW (window), outside->regno);
  g_assert_cmpuint (mk_window_get_n_rows (MK_WINDOW (window)), ==, 0);
  gtk_button_clicked (GTK_BUTTON (find_named (window, "everywhere_button")));
  g_assert_cmpuint (mk_window_get_n_rows (MK_WINDOW (window)), ==, 1);

  assert_accessible_names (window);
  gtk_widget_destroy (window);
}

/* §14: the window offers only what the role may do. */
static void
test_roles (void)
{
  struct {
    const char *login;
    gboolean    new_application;
    gboolean    users;
  } cases[] = {
    { "demo-center", TRUE, FALSE },
    { "demo-accum", FALSE, FALSE },
    { "demo-head", FALSE, FALSE },
    { "demo-exec", FALSE, FALSE },
    { "demo-admin", FALSE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkWidget *window;

      sign_in_as (cases[i].login);
      window = mk_window_new (GTK_APPLICATION (app), context);
      g_assert_cmpint (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "new-application"),
                       ==, cases[i].new_application);
      g_assert_cmpint (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "users"),
                       ==, cases[i].users);
      gtk_widget_destroy (window);
    }
}

static void
test_days_left_text (void)
{
  struct {
    int         days;
    const char *text;
  } cases[] = {
    { -2, "Overdue by 2 days" },
    { -1, "Overdue by 1 day" },
    { 0, "Due today" },
    { 1, "1 day left" },
    { 7, "7 days left" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = mk_days_left_text (cases[i].days);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* §7: the calendar shows the year's holidays and days off. */
static void
test_calendar (void)
{
  GtkWidget *dialog;

  sign_in_as ("demo-admin");
  dialog = mk_calendar_dialog_new (context, NULL);
  g_object_ref_sink (dialog);
  mk_calendar_dialog_set_year (MK_CALENDAR_DIALOG (dialog), 2026);
  /* 2026: New Year, 8 March, Nauryz, 1, 7, 9 May, … at least ten. */
  g_assert_cmpuint (mk_calendar_dialog_get_n_days (MK_CALENDAR_DIALOG (dialog)), >=, 10);
  g_assert_null (strstr (mk_calendar_dialog_get_status (MK_CALENDAR_DIALOG (dialog)), "Generated"));
  /* #10: 2028 has no file: its days off come from the rules, and it says so. */
  mk_calendar_dialog_set_year (MK_CALENDAR_DIALOG (dialog), 2028);
  g_assert_cmpuint (mk_calendar_dialog_get_n_days (MK_CALENDAR_DIALOG (dialog)), >=, 10);
  g_assert_nonnull (strstr (mk_calendar_dialog_get_status (MK_CALENDAR_DIALOG (dialog)), "Generated"));
  gtk_widget_destroy (dialog);
  g_object_unref (dialog);
}

static gboolean
has_label_containing (GtkWidget  *widget,
                      const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  if (GTK_IS_CONTAINER (widget))
    {
      g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (widget));

      for (GList *l = children; l != NULL; l = l->next)
        if (has_label_containing (l->data, text))
          return TRUE;
    }
  return FALSE;
}

/* #10, §7 3): the intake counts the applicant's time at the desk against the
 * regulation's limit and says when it is passed. */
static void
test_desk_time (void)
{
  g_autofree char *within = mk_intake_window_format_desk_time (5, 20);
  g_autofree char *over = mk_intake_window_format_desk_time (21, 20);
  GtkWidget *window;

  g_assert_nonnull (strstr (within, "5 minutes of 20"));
  g_assert_null (strstr (within, "over"));
  g_assert_nonnull (strstr (over, "over the 20-minute limit"));

  sign_in_as ("demo-center");
  window = mk_intake_window_new (context);
  /* The limit shown is the regulation's service-minutes. */
  g_assert_true (has_label_containing (window, "0 minutes of 20"));
  gtk_widget_destroy (window);
}

/* The template child of @widget with the id @id (children of sections too). */
static GtkWidget *
find_by_id (GtkWidget  *widget,
            const char *id)
{
  if (GTK_IS_BUILDABLE (widget) && g_strcmp0 (gtk_buildable_get_name (GTK_BUILDABLE (widget)), id) == 0)
    return widget;
  if (GTK_IS_CONTAINER (widget))
    {
      g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (widget));

      for (GList *l = children; l != NULL; l = l->next)
        {
          GtkWidget *found = find_by_id (l->data, id);

          if (found != NULL)
            return found;
        }
    }
  return NULL;
}

static guint
count_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  return g_strv_length (lines);
}

static gboolean
marked (GtkWidget *window,
        const char *id)
{
  return gtk_style_context_has_class (gtk_widget_get_style_context (find_by_id (window, id)), "error");
}

static void
count_registered_cb (MkIntakeWindow *window,
                     gint64          case_id,
                     guint          *count)
{
  (*count)++;
}

/* The intake's "Register the application?" question, answered yes. */
static void
accept_question (GtkWidget *intake)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  GtkWidget *dialog = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GTK_IS_MESSAGE_DIALOG (l->data) && gtk_window_get_transient_for (l->data) == GTK_WINDOW (intake))
      dialog = l->data;
  g_assert_nonnull (dialog);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
}

/* A complete application of the signed-in clerk's center, saved as the
 * clerk's draft for the intake to resume. */
static void
save_complete_draft (void)
{
  MkStore *store = mk_context_get_store (context);
  const MkUser *user = mk_context_get_user (context);
  g_autoptr(MkCase) c = mk_case_new ();
  g_autoptr(MkOffice) center = mk_store_get_office (store, user->office_id, NULL);
  g_autoptr(GPtrArray) checklist = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  c->kind = MK_SERVICE_CLARIFICATION;
  c->applicant_kind = MK_APPLICANT_INDIVIDUAL;
  c->applicant_idn = g_strdup ("900101300017");
  c->applicant_name = g_strdup ("Сейтқали Асқар");
  c->applicant_phone = g_strdup ("+7 701 555 12 34");
  c->object_kind = MK_OBJECT_BUILDING;
  c->center_id = g_strdup (user->office_id);
  c->provider_id = g_strdup (center->provider_id);
  c->address = mk_address_new ();
  c->address->kato = g_strdup ("351010000");
  c->address->region.kk = g_strdup ("Қарағанды облысы");
  c->address->region.ru = g_strdup ("Карагандинская область");
  c->address->settlement.kk = g_strdup ("Қарағанды");
  c->address->settlement.ru = g_strdup ("Караганда");
  c->address->geonym_type = g_strdup ("street");
  c->address->geonym.kk = g_strdup ("Бейбітшілік");
  c->address->geonym.ru = g_strdup ("Мира");
  c->address->building = g_strdup ("39");
  checklist = mk_regulation_get_checklist (mk_store_get_regulation (store), c->kind, c->conditions);
  for (guint i = 0; i < checklist->len; i++)
    {
      const MkChecklistItem *ci = g_ptr_array_index (checklist, i);
      MkCaseItem *item = mk_case_item_new (ci->kind->id, ci->required);

      item->present = TRUE;
      g_ptr_array_add (c->items, item);
    }
  json = mk_case_to_json (c);
  g_assert_true (mk_store_save_draft (store, user->id, json, &error));
  g_assert_no_error (error);
}

/* #10, §16: at 22:05 the intake says at once that the center is closed,
 * why and when it opens again, and Register is insensitive with the reason
 * as its tooltip; pressed anyway, the store refuses. At 9:00 the next
 * morning the bar is gone and the application is registered. */
static void
test_intake_center_hours (void)
{
  MkClock *clock = mk_context_get_clock (context);
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (5 * 3600);
  g_autoptr(GDateTime) night = g_date_time_new (tz, 2026, 11, 24, 22, 5, 0);
  g_autoptr(GDateTime) morning = g_date_time_new (tz, 2026, 11, 25, 9, 0, 0);
  GtkWidget *window, *hours, *errors, *register_button;
  GtkStack *stack;
  GtkButton *next, *back;
  const char *said;
  guint registered = 0;
  GDate today;

  sign_in_as ("demo-center");
  save_complete_draft ();
  mk_clock_pin (clock, g_date_time_to_unix (night));
  window = mk_intake_window_new (context);
  g_signal_connect (window, "case-registered", G_CALLBACK (count_registered_cb), &registered);
  gtk_widget_show (window);
  hours = find_by_id (window, "hours_infobar");
  errors = find_by_id (window, "error_infobar");
  register_button = find_by_id (window, "register_button");
  stack = GTK_STACK (find_by_id (window, "stack"));
  next = GTK_BUTTON (find_by_id (window, "next_button"));
  back = GTK_BUTTON (find_by_id (window, "back_button"));

  /* Before anything is typed. */
  g_assert_true (gtk_widget_get_visible (hours));
  said = gtk_label_get_text (GTK_LABEL (find_by_id (window, "hours_label")));
  g_assert_nonnull (strstr (said, "(§16)"));
  g_assert_nonnull (strstr (said, "It is 22:05 now."));
  g_assert_nonnull (strstr (said, "It opens again on 25 November 2026 at 9:00."));

  gtk_info_bar_response (GTK_INFO_BAR (find_by_id (window, "draft_infobar")), 1);
  while (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "finish") != 0)
    {
      g_assert_false (gtk_widget_get_visible (errors));
      gtk_button_clicked (next);
    }
  g_assert_true (gtk_widget_get_visible (register_button));
  g_assert_false (gtk_widget_get_sensitive (register_button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (register_button), ==, said);
  /* Pressed anyway (the hour passed as the question was open): refused, nothing stored. */
  gtk_button_clicked (GTK_BUTTON (register_button));
  accept_question (window);
  g_assert_true (gtk_widget_get_visible (errors));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_by_id (window, "error_label"))), "(§16)"));
  g_assert_cmpuint (registered, ==, 0);

  /* The next morning at 9:00, a step later. */
  mk_clock_pin (clock, g_date_time_to_unix (morning));
  gtk_button_clicked (back);
  gtk_button_clicked (next);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "finish");
  g_assert_false (gtk_widget_get_visible (hours));
  g_assert_true (gtk_widget_get_sensitive (register_button));
  g_assert_null (gtk_widget_get_tooltip_text (register_button));
  gtk_button_clicked (GTK_BUTTON (register_button));
  accept_question (window);
  g_assert_cmpuint (registered, ==, 1);
  gtk_widget_destroy (window);

  /* The other tests' day, 24 November 2026 at 11:00. */
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 24, G_DATE_NOVEMBER, 2026);
  mk_clock_pin_today (clock, &today);
}

/* #14: a step is checked as it is left, and every problem of it is shown at
 * once, each field marked; codes are checked as typed; a corrected field
 * leaves the list at once. */
static void
test_intake_problems (void)
{
  GtkWidget *window;
  GtkStack *stack;
  GtkButton *next;
  GtkLabel *errors;
  GtkWidget *infobar;

  sign_in_as ("demo-center");
  window = mk_intake_window_new (context);
  gtk_widget_show (window);
  stack = GTK_STACK (find_by_id (window, "stack"));
  next = GTK_BUTTON (find_by_id (window, "next_button"));
  errors = GTK_LABEL (find_by_id (window, "error_label"));
  infobar = find_by_id (window, "error_infobar");

  gtk_button_clicked (next);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "applicant");
  /* Nothing typed: the IIN, the name and the phone, all at once. */
  gtk_button_clicked (next);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "applicant");
  g_assert_true (gtk_widget_get_visible (infobar));
  g_assert_cmpuint (count_lines (gtk_label_get_text (errors)), ==, 3);
  g_assert_true (marked (window, "idn_entry"));
  g_assert_true (marked (window, "name_entry"));
  g_assert_true (marked (window, "phone_entry"));
  /* Corrected fields leave the list as they are typed. */
  gtk_entry_set_text (GTK_ENTRY (find_by_id (window, "name_entry")), "Сейтқали Асқар");
  g_assert_cmpuint (count_lines (gtk_label_get_text (errors)), ==, 2);
  g_assert_false (marked (window, "name_entry"));
  gtk_entry_set_text (GTK_ENTRY (find_by_id (window, "idn_entry")), "900101300017");
  gtk_entry_set_text (GTK_ENTRY (find_by_id (window, "phone_entry")), "+7 701 555 12 34");
  g_assert_false (gtk_widget_get_visible (infobar));
  gtk_button_clicked (next);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "object");

  /* The KATO code is checked as it is typed, before the step is left. */
  gtk_entry_set_text (GTK_ENTRY (find_by_id (window, "settlement_kk_entry")), "");
  gtk_entry_set_text (GTK_ENTRY (find_by_id (window, "kato_entry")), "123");
  g_assert_true (marked (window, "kato_entry"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_by_id (window, "kato_status_label"))), "⚠"));
  gtk_entry_set_text (GTK_ENTRY (find_by_id (window, "basis_date_entry")), "31.02.2026");
  /* The settlement, the street or building, the KATO code and the date, all at once. */
  gtk_button_clicked (next);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "object");
  g_assert_cmpuint (count_lines (gtk_label_get_text (errors)), ==, 4);
  g_assert_true (marked (window, "settlement_kk_entry"));
  g_assert_true (marked (window, "geonym_kk_entry"));
  g_assert_true (marked (window, "basis_date_entry"));
  gtk_widget_destroy (window);
}

/* A center inspector of center office @office, signed in. */
static void
sign_in_at (const char *login,
            const char *office)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkUser) admin = mk_store_authenticate (mk_context_get_store (context), "demo-admin", "demo", &error);
  g_autoptr(MkUser) user = mk_user_new ();

  g_assert_no_error (error);
  user->login = g_strdup (login);
  user->full_name = g_strdup_printf ("Тест %s", login);
  user->position.kk = g_strdup ("инспектор");
  user->position.ru = g_strdup ("инспектор");
  user->office_id = g_strdup (office);
  user->role = MK_ROLE_CENTER_INSPECTOR;
  user->demo = TRUE;
  g_assert_true (mk_store_add_user (mk_context_get_store (context), admin, user, "demo", &error));
  g_assert_no_error (error);
  sign_in_as (login);
}

/* #10: the intake writes the oblast of the center's provider: since 2022
 * Ulytau oblast for Zhezkazgan (c20 → p03) and Satbayev (c17 → p06),
 * Karaganda oblast for Karaganda (c05 → p01). */
static void
test_intake_region (void)
{
  static const struct {
    const char *login;
    const char *office;
    const char *kk;
    const char *ru;
  } centers[] = {
    { "zhezkazgan-center", "c20", "Ұлытау облысы", "Улытауская область" },
    { "satbayev-center", "c17", "Ұлытау облысы", "Улытауская область" },
    { NULL, "c05", "Қарағанды облысы", "Карагандинская область" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (centers); i++)
    {
      GtkWidget *window;

      if (centers[i].login != NULL)
        sign_in_at (centers[i].login, centers[i].office);
      else
        sign_in_as ("demo-center");
      g_assert_cmpstr (mk_context_get_user (context)->office_id, ==, centers[i].office);
      window = mk_intake_window_new (context);
      gtk_widget_show (window);
      g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (find_by_id (window, "region_kk_entry"))), ==, centers[i].kk);
      g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (find_by_id (window, "region_ru_entry"))), ==, centers[i].ru);
      gtk_widget_destroy (window);
    }
}

/* #10: the administrator finds an office, changes it and saves; a wrong
 * value is said in the dialog and nothing is stored. */
static void
test_offices (void)
{
  MkStore *store = mk_context_get_store (context);
  g_autoptr(MkOffice) stored = NULL;
  GtkWidget *dialog;
  GtkEntry *name_kk, *phone;
  GtkWidget *save, *error_label;

  sign_in_as ("demo-admin");
  dialog = mk_offices_dialog_new (context, NULL);
  g_object_ref_sink (dialog);
  gtk_widget_show (dialog);
  assert_accessible_names (dialog);
  g_assert_cmpuint (mk_offices_dialog_get_n_shown (MK_OFFICES_DIALOG (dialog)), ==, 48);

  /* Found by a word of its address, in either language. */
  gtk_entry_set_text (GTK_ENTRY (find_by_id (dialog, "search_entry")), "ЖАНААРК");
  g_signal_emit_by_name (find_by_id (dialog, "search_entry"), "search-changed");
  g_assert_cmpuint (mk_offices_dialog_get_n_shown (MK_OFFICES_DIALOG (dialog)), >=, 1);
  g_assert_true (mk_offices_dialog_select (MK_OFFICES_DIALOG (dialog), "p17"));
  g_assert_false (mk_offices_dialog_select (MK_OFFICES_DIALOG (dialog), "p01"));

  name_kk = GTK_ENTRY (find_by_id (dialog, "name_kk_entry"));
  phone = GTK_ENTRY (find_by_id (dialog, "phone_entry"));
  save = find_by_id (dialog, "save_button");
  error_label = find_by_id (dialog, "error_label");
  g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (find_by_id (dialog, "region_kk_entry"))), ==, "Ұлытау облысы");
  g_assert_true (gtk_widget_get_visible (find_by_id (dialog, "region_ru_entry")));
  g_assert_false (gtk_widget_get_sensitive (save));

  /* An empty name is refused beside the fields. */
  gtk_entry_set_text (name_kk, "");
  g_assert_true (gtk_widget_get_sensitive (save));
  gtk_button_clicked (GTK_BUTTON (save));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "p17"));
  stored = mk_store_get_office (store, "p17", NULL);
  g_assert_cmpstr (stored->name.kk, !=, "");
  g_clear_pointer (&stored, mk_office_free);

  gtk_entry_set_text (name_kk, "\"Жаңаарқа ауданының құрылыс, сәулет және қала құрылысы бөлімі\" ММ");
  gtk_entry_set_text (phone, "8 (71030) 2-77-77");
  gtk_button_clicked (GTK_BUTTON (save));
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_get_visible (find_by_id (dialog, "saved_label")));
  g_assert_false (gtk_widget_get_sensitive (save));
  stored = mk_store_get_office (store, "p17", NULL);
  g_assert_cmpstr (stored->name.kk, ==, "\"Жаңаарқа ауданының құрылыс, сәулет және қала құрылысы бөлімі\" ММ");
  g_assert_cmpstr (stored->phone, ==, "8 (71030) 2-77-77");
  g_assert_cmpstr (stored->region.kk, ==, "Ұлытау облысы");

  /* A center has no oblast of its own: its provider's. */
  gtk_entry_set_text (GTK_ENTRY (find_by_id (dialog, "search_entry")), "");
  g_signal_emit_by_name (find_by_id (dialog, "search_entry"), "search-changed");
  g_assert_true (mk_offices_dialog_select (MK_OFFICES_DIALOG (dialog), "c21"));
  g_assert_false (gtk_widget_get_visible (find_by_id (dialog, "region_kk_entry")));
  gtk_widget_destroy (dialog);
  g_object_unref (dialog);
}

/* #10, §7: a case accepted at the end of 2027 has deadlines in 2028, a year
 * without calendar data; its window says they were counted on a generated
 * calendar, and tells an administrator to import the year. */
static void
test_case_generated_year (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "late-2027.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MkStore) late = mk_store_open (path, &error);
  g_autoptr(MkContext) late_context = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  MkSearchQuery query = { 0 };
  GtkWidget *window;
  GDate today;

  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 28, G_DATE_DECEMBER, 2027);
  mk_store_set_today (late, &today);
  g_assert_true (mk_store_seed_demo (late, 40, 1, &error));
  g_assert_no_error (error);
  late_context = mk_context_new (late, mk_context_get_settings (context));

  query.stage = "at-provider";
  query.kind = -1;
  query.queue_role = -1;
  rows = mk_store_search (late, &query, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);

  for (int pass = 0; pass < 2; pass++)
    {
      g_autoptr(MkUser) user = mk_store_authenticate (late, pass == 0 ? "demo-exec" : "demo-admin",
                                                      "demo", &error);

      g_assert_no_error (error);
      mk_context_set_user (late_context, user);
      window = mk_case_window_new (late_context, ((MkCaseRow *) rows->pdata[0])->id);
      g_assert_true (has_label_containing (window, "generated calendar"));
      g_assert_cmpint (has_label_containing (window, "Import the year"), ==, pass == 1);
      gtk_widget_destroy (window);
    }
}

static void
test_users (void)
{
  GtkWidget *dialog;
  GtkWidget *editor;

  sign_in_as ("demo-admin");
  dialog = mk_users_dialog_new (context, NULL);
  g_object_ref_sink (dialog);
  /* Demo data has a user for every role. */
  g_assert_cmpuint (mk_users_dialog_get_n_users (MK_USERS_DIALOG (dialog)), >=, MK_ROLE_N_ROLES);

  /* An empty form is refused in words and the editor stays open. */
  editor = mk_user_editor_new (context, GTK_WINDOW (dialog), NULL, FALSE);
  g_object_ref_sink (editor);
  gtk_dialog_response (GTK_DIALOG (editor), GTK_RESPONSE_OK);
  g_assert_null (mk_user_editor_get_user (MK_USER_EDITOR (editor)));

  gtk_widget_destroy (editor);
  g_object_unref (editor);

  /* §10 step 5: the administrator registers the head's signing certificate
   * in the head's account; a file that is no certificate is named at once. */
  {
    g_autofree char *certtool = g_find_program_in_path ("certtool");
    g_autoptr(GPtrArray) users = mk_store_list_users (mk_context_get_store (context), NULL);
    g_autofree char *tmpl = g_build_filename (tmp_dir, "ui-head.tmpl", NULL);
    g_autofree char *junk_path = g_build_filename (tmp_dir, "ui-head.txt", NULL);
    g_autofree char *crt_path = g_build_filename (tmp_dir, "ui-head.crt", NULL);
    g_autoptr(GFile) junk = g_file_new_for_path (junk_path);
    g_autoptr(GFile) crt = g_file_new_for_path (crt_path);
    g_autoptr(MkUser) saved = NULL;
    g_autoptr(GError) error = NULL;
    MkUser *head = NULL;

    for (guint i = 0; users != NULL && i < users->len; i++)
      if (g_strcmp0 (((MkUser *) users->pdata[i])->login, "demo-head") == 0)
        head = users->pdata[i];
    g_assert_nonnull (head);
    if (certtool == NULL)
      {
        g_test_message ("certtool (gnutls-bin) missing: the certificate row is not exercised");
        goto out;
      }
    g_assert_true (g_file_set_contents (tmpl, "cn = \"UI head\"\nserial = 21\nsigning_key\n", -1, NULL));
    g_assert_true (g_file_set_contents (junk_path, "not a certificate", -1, NULL));
    {
      const char *key_argv[] = { "certtool", "--generate-privkey", "--outfile", "ui-head.key", NULL };
      const char *crt_argv[] = { "certtool", "--generate-self-signed", "--load-privkey", "ui-head.key",
                                 "--template", "ui-head.tmpl", "--outfile", "ui-head.crt", NULL };
      int status = 0;

      g_assert_true (g_spawn_sync (tmp_dir, (char **) key_argv, NULL,
                                   G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, NULL, NULL, &status, NULL) && status == 0);
      g_assert_true (g_spawn_sync (tmp_dir, (char **) crt_argv, NULL,
                                   G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, NULL, NULL, &status, NULL) && status == 0);
    }
    editor = mk_user_editor_new (context, GTK_WINDOW (dialog), head, FALSE);
    g_object_ref_sink (editor);
    g_assert_false (mk_user_editor_set_certificate_file (MK_USER_EDITOR (editor), junk, &error));
    g_assert_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_READ);
    g_clear_error (&error);
    g_assert_true (mk_user_editor_set_certificate_file (MK_USER_EDITOR (editor), crt, &error));
    g_assert_no_error (error);
    gtk_dialog_response (GTK_DIALOG (editor), GTK_RESPONSE_OK);
    g_assert_nonnull (mk_user_editor_get_user (MK_USER_EDITOR (editor)));
    saved = mk_store_get_user (mk_context_get_store (context), head->id, &error);
    g_assert_no_error (error);
    g_assert_nonnull (saved->cert_sha256);
    g_assert_cmpstr (saved->cert_name, ==, "UI head");
    gtk_widget_destroy (editor);
    g_object_unref (editor);
  }

out:
  gtk_widget_destroy (dialog);
  g_object_unref (dialog);
}

/* §10 step 5: the administrator installs the certification centers' roots;
 * a person's certificate is refused in words, and nothing is installed. */
static void
test_trust (void)
{
  g_autofree char *certtool = g_find_program_in_path ("certtool");
  g_autofree char *ca_path = g_build_filename (tmp_dir, "ui-ca.crt", NULL);
  g_autofree char *leaf_path = g_build_filename (tmp_dir, "ui-leaf.crt", NULL);
  g_autofree char *ca_tmpl = g_build_filename (tmp_dir, "ui-ca.tmpl", NULL);
  g_autofree char *leaf_tmpl = g_build_filename (tmp_dir, "ui-leaf.tmpl", NULL);
  GtkWidget *dialog;

  if (certtool == NULL)
    {
      g_test_skip ("certtool (gnutls-bin) is needed to make certificates");
      return;
    }
  g_assert_true (g_file_set_contents (ca_tmpl, "cn = \"UI root\"\nserial = 31\nca\ncert_signing_key\n", -1, NULL));
  g_assert_true (g_file_set_contents (leaf_tmpl, "cn = \"UI leaf\"\nserial = 32\nsigning_key\n", -1, NULL));
  {
    const char *const argvs[][10] = {
      { "certtool", "--generate-privkey", "--outfile", "ui-ca.key", NULL },
      { "certtool", "--generate-self-signed", "--load-privkey", "ui-ca.key", "--template", "ui-ca.tmpl",
        "--outfile", "ui-ca.crt", NULL },
      { "certtool", "--generate-privkey", "--outfile", "ui-leaf.key", NULL },
      { "certtool", "--generate-self-signed", "--load-privkey", "ui-leaf.key", "--template", "ui-leaf.tmpl",
        "--outfile", "ui-leaf.crt", NULL },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (argvs); i++)
      {
        int status = 0;

        g_assert_true (g_spawn_sync (tmp_dir, (char **) argvs[i], NULL,
                                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                     NULL, NULL, NULL, NULL, &status, NULL) && status == 0);
      }
  }

  sign_in_as ("demo-admin");
  dialog = mk_trust_dialog_new (context, NULL);
  g_object_ref_sink (dialog);
  g_assert_cmpuint (mk_trust_dialog_get_n_anchors (MK_TRUST_DIALOG (dialog)), ==, 0);
  g_assert_nonnull (strstr (mk_trust_dialog_get_message (MK_TRUST_DIALOG (dialog)), "national certification center"));

  g_assert_false (mk_trust_dialog_add_file (MK_TRUST_DIALOG (dialog), leaf_path));
  g_assert_nonnull (strstr (mk_trust_dialog_get_message (MK_TRUST_DIALOG (dialog)), "not a certification center"));
  g_assert_cmpuint (mk_trust_dialog_get_n_anchors (MK_TRUST_DIALOG (dialog)), ==, 0);
  g_assert_true (mk_trust_dialog_add_file (MK_TRUST_DIALOG (dialog), ca_path));
  g_assert_cmpuint (mk_trust_dialog_get_n_anchors (MK_TRUST_DIALOG (dialog)), ==, 1);
  g_assert_nonnull (strstr (mk_trust_dialog_get_message (MK_TRUST_DIALOG (dialog)), "Installed 1"));

  /* The later tests sign with self-signed keys: trust nothing again. */
  {
    g_autoptr(GPtrArray) anchors = mk_store_list_trust_anchors (mk_context_get_store (context), NULL);
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (anchors);
    for (guint i = 0; i < anchors->len; i++)
      g_assert_true (mk_store_remove_trust_anchor (mk_context_get_store (context), mk_context_get_user (context),
                                                   ((MkSignCertificate *) anchors->pdata[i])->sha256, &error));
    g_assert_no_error (error);
  }
  gtk_widget_destroy (dialog);
  g_object_unref (dialog);
}

/* §26, §24: a refusal offers the regulation's grounds as ready wording in both
 * languages; the inspector may still write more. */
static void
test_action_grounds (void)
{
  MkRegulation *regulation = mk_context_get_regulation (context);
  const MkAction *refusal = mk_regulation_get_action (regulation, "prepare-refusal");
  const MkRefusalGround *ground = mk_regulation_get_refusal_ground (regulation, "address-exists");
  g_autofree char *reason = NULL;
  GtkWidget *dialog;

  g_assert_nonnull (refusal);
  g_assert_nonnull (ground);
  dialog = mk_action_dialog_new (NULL, regulation, refusal, "3505-2026-000001");
  g_object_ref_sink (dialog);
  reason = mk_action_dialog_get_reason (MK_ACTION_DIALOG (dialog));
  g_assert_cmpstr (reason, ==, "");
  g_assert_false (mk_action_dialog_add_ground (MK_ACTION_DIALOG (dialog), "no-such-ground"));
  g_assert_true (mk_action_dialog_add_ground (MK_ACTION_DIALOG (dialog), "address-exists"));
  g_assert_true (mk_action_dialog_add_ground (MK_ACTION_DIALOG (dialog), "incomplete-documents"));
  g_clear_pointer (&reason, g_free);
  reason = mk_action_dialog_get_reason (MK_ACTION_DIALOG (dialog));
  /* Both languages of the printed refusal, one ground per line. */
  g_assert_nonnull (strstr (reason, mk_text_get_lang (&ground->name, "kk")));
  g_assert_nonnull (strstr (reason, mk_text_get_lang (&ground->name, "ru")));
  g_assert_nonnull (strchr (reason, '\n'));
  gtk_widget_destroy (dialog);
  g_object_unref (dialog);
}

static void
first_run_response_cb (GtkDialog *dialog,
                       int        response,
                       gpointer   user_data)
{
  int *out = user_data;

  *out = response;
}

/* First start on an empty database: the demo data loads off the main thread
 * (the window keeps drawing) and brings users for every role (§14). */
/* The issue: "this computer only" or "the department server", kept in
 * GSettings (so IT can set it for every PC); the server's fields are
 * editable only when the server is chosen; the password is not among them. */
static void
test_preferences_server (void)
{
  GSettings *settings = mk_context_get_settings (context);
  GtkWidget *dialog = mk_preferences_dialog_new (context, NULL);
  GtkToggleButton *server_radio;
  GtkToggleButton *local_radio;
  GtkWidget *grid;
  GtkEntry *host;
  g_autofree char *database = NULL;
  g_autofree char *stored_host = NULL;

  g_object_ref_sink (dialog);
  server_radio = GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (dialog, MK_TYPE_PREFERENCES_DIALOG, "server_radio"));
  local_radio = GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (dialog, MK_TYPE_PREFERENCES_DIALOG, "local_radio"));
  grid = GTK_WIDGET (gtk_widget_get_template_child (dialog, MK_TYPE_PREFERENCES_DIALOG, "server_grid"));
  host = GTK_ENTRY (gtk_widget_get_template_child (dialog, MK_TYPE_PREFERENCES_DIALOG, "host_entry"));

  g_assert_true (gtk_toggle_button_get_active (local_radio));
  g_assert_false (gtk_widget_get_sensitive (grid));

  gtk_toggle_button_set_active (server_radio, TRUE);
  database = g_settings_get_string (settings, "database");
  g_assert_cmpstr (database, ==, "server");
  g_assert_true (gtk_widget_get_sensitive (grid));
  gtk_entry_set_text (host, "db.otdel.local");
  stored_host = g_settings_get_string (settings, "server-host");
  g_assert_cmpstr (stored_host, ==, "db.otdel.local");

  gtk_toggle_button_set_active (local_radio, TRUE);
  g_clear_pointer (&database, g_free);
  database = g_settings_get_string (settings, "database");
  g_assert_cmpstr (database, ==, "local");
  g_assert_false (gtk_widget_get_sensitive (grid));

  g_settings_reset (settings, "server-host");
  gtk_widget_destroy (dialog);
  g_object_unref (dialog);
}

static void
test_first_run_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (tmp_dir, "first-run.db", NULL);
  g_autoptr(MkStore) empty = mk_store_open (db, &error);
  g_autoptr(GSettings) settings = mk_application_create_settings ();
  g_autoptr(MkContext) first = NULL;
  g_autoptr(GHashTable) counts = NULL;
  GtkWidget *dialog;
  int response = GTK_RESPONSE_NONE;
  guint iterations = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (mk_store_count_users (empty), ==, 0);
  first = mk_context_new (empty, settings);
  dialog = mk_first_run_dialog_new (first);
  g_object_ref_sink (dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (first_run_response_cb), &response);

  mk_first_run_dialog_load_demo (MK_FIRST_RUN_DIALOG (dialog));
  while (response == GTK_RESPONSE_NONE)
    {
      g_main_context_iteration (NULL, TRUE);
      iterations++;
    }

  g_assert_cmpint (response, ==, GTK_RESPONSE_OK);
  /* The main loop kept turning while the worker wrote. */
  g_assert_cmpuint (iterations, >, 1);
  g_assert_cmpuint (mk_store_count_users (empty), >=, MK_ROLE_N_ROLES);
  counts = mk_store_count_by_stage (empty, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (counts), >, 0);

  gtk_widget_destroy (dialog);
  g_object_unref (dialog);
}

typedef struct {
  GType  type;
  GList *found;
} FindAll;

static void
find_all_cb (GtkWidget *widget,
             gpointer   user_data)
{
  FindAll *all = user_data;

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, all->type))
    all->found = g_list_append (all->found, widget);
  if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), find_all_cb, user_data);
}

/* Every widget of @type under @root. */
static GList *
find_widgets (GtkWidget *root,
              GType      type)
{
  FindAll all = { type, NULL };

  gtk_container_forall (GTK_CONTAINER (root), find_all_cb, &all);
  return all.found;
}

/* #12: the report window shows the store's figures, computed off the main
 * thread, and what it saves is the same report: the window, the CSV and the
 * store agree. Its charts tell their figures to a screen reader. */
static void
test_reports (void)
{
  g_autofree char *csv_path = g_build_filename (tmp_dir, "report.csv", NULL);
  g_autofree char *pdf_path = g_build_filename (tmp_dir, "report.pdf", NULL);
  g_autofree char *expected_csv = NULL;
  g_autofree char *saved_csv = NULL;
  g_autofree char *total = NULL;
  g_autoptr(MkReport) direct = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) charts = NULL;
  const MkReport *shown;
  GtkWidget *window;
  GDate from, to;

  sign_in_as ("demo-head");
  mk_store_get_today (mk_context_get_store (context), &to);
  g_date_set_dmy (&from, 1, G_DATE_JANUARY, g_date_get_year (&to) - 1);
  window = mk_reports_window_new (context, NULL);
  g_object_ref_sink (window);
  gtk_widget_show (window);
  mk_reports_window_set_period (MK_REPORTS_WINDOW (window), &from, &to);
  g_assert_true (mk_reports_window_is_busy (MK_REPORTS_WINDOW (window)));
  while (mk_reports_window_is_busy (MK_REPORTS_WINDOW (window)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (mk_reports_window_get_error (MK_REPORTS_WINDOW (window)));
  shown = mk_reports_window_get_report (MK_REPORTS_WINDOW (window));
  g_assert_nonnull (shown);
  g_assert_cmpint (g_date_compare (&shown->from, &from), ==, 0);

  direct = mk_store_report (mk_context_get_store (context), mk_context_get_user (context), &from, &to, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (direct->total, >, 0);
  g_assert_cmpuint (shown->total, ==, direct->total);
  g_assert_cmpuint (shown->on_time, ==, direct->on_time);
  g_assert_cmpuint (shown->late, ==, direct->late);
  g_assert_cmpuint (shown->overdue->len, ==, direct->overdue->len);
  total = g_strdup_printf ("%u ", direct->total);
  g_assert_true (g_str_has_prefix (mk_reports_window_get_summary (MK_REPORTS_WINDOW (window)), total));

  /* Each chart says its figures in words. */
  charts = find_widgets (window, MK_TYPE_REPORT_CHART);
  g_assert_cmpuint (g_list_length (charts), ==, 3);
  for (GList *l = charts; l != NULL; l = l->next)
    {
      AtkObject *accessible = gtk_widget_get_accessible (l->data);

      g_assert_nonnull (atk_object_get_name (accessible));
      g_assert_nonnull (strchr (atk_object_get_description (accessible), ':'));
      g_assert_true (gtk_widget_get_can_focus (l->data));
    }

  /* Saved as CSV: the very report the store computes. */
  mk_reports_window_save_to (MK_REPORTS_WINDOW (window), csv_path);
  while (mk_reports_window_is_busy (MK_REPORTS_WINDOW (window)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (mk_reports_window_get_error (MK_REPORTS_WINDOW (window)));
  g_assert_true (g_file_get_contents (csv_path, &saved_csv, NULL, NULL));
  expected_csv = mk_report_to_csv (direct);
  g_assert_cmpstr (saved_csv, ==, expected_csv);
  mk_reports_window_save_to (MK_REPORTS_WINDOW (window), pdf_path);
  while (mk_reports_window_is_busy (MK_REPORTS_WINDOW (window)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_test (pdf_path, G_FILE_TEST_IS_REGULAR));

  /* A period that ends before it starts is refused with a message, and the
   * report shown stays. */
  mk_reports_window_set_period (MK_REPORTS_WINDOW (window), &to, &from);
  g_assert_nonnull (mk_reports_window_get_error (MK_REPORTS_WINDOW (window)));
  g_assert_false (mk_reports_window_is_busy (MK_REPORTS_WINDOW (window)));
  g_assert_true (mk_reports_window_get_report (MK_REPORTS_WINDOW (window)) == shown);
  gtk_widget_destroy (window);
  g_object_unref (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkStore) store = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *db = NULL;
  GDate today;
  int status;

  tmp_dir = g_dir_make_tmp ("mekenjai-test-ui-XXXXXX", &error);
  g_assert_no_error (error);
  /* The "help:" handler the desktop would run (yelp), before GIO looks. */
  {
    g_autofree char *apps = g_build_filename (tmp_dir, "data", "applications", NULL);
    g_autofree char *config = g_build_filename (tmp_dir, "config", NULL);
    g_autofree char *desktop = g_build_filename (apps, "mk-test-help.desktop", NULL);
    g_autofree char *mimeapps = g_build_filename (config, "mimeapps.list", NULL);
    g_autofree char *entry = NULL;

    help_log = g_build_filename (tmp_dir, "help-uri", NULL);
    entry = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Help\n"
                             "Exec=/bin/sh -c 'printf %%%%s \"$1\" > %s' sh %%u\n"
                             "MimeType=x-scheme-handler/help;\nNoDisplay=true\n", help_log);
    g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
    g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
    g_assert_true (g_file_set_contents (desktop, entry, -1, NULL));
    g_assert_true (g_file_set_contents (mimeapps, "[Default Applications]\nx-scheme-handler/help=mk-test-help.desktop\n", -1, NULL));
    g_setenv ("XDG_DATA_HOME", g_build_filename (tmp_dir, "data", NULL), TRUE);
    g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  }

  gtk_test_init (&argc, &argv, NULL);
  db = g_build_filename (tmp_dir, "test.db", NULL);
  store = mk_store_open (db, &error);
  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 24, G_DATE_NOVEMBER, 2026);
  mk_store_set_today (store, &today);
  g_assert_true (mk_store_seed_demo (store, N_DEMO_CASES, 1, &error));
  g_assert_no_error (error);

  app = mk_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  settings = mk_application_create_settings ();
  g_assert_nonnull (settings);
  context = mk_context_new (store, settings);

  g_test_add_func ("/ui/templates", test_templates);
  g_test_add_func ("/ui/help-overlay", test_help_overlay);
  g_test_add_func ("/ui/help", test_help);
  g_test_add_func ("/ui/sign-in", test_sign_in);
  g_test_add_func ("/ui/sign-in/office", test_sign_in_office);
  g_test_add_func ("/ui/case-list", test_case_list);
  g_test_add_func ("/ui/main-menu/f10", test_main_menu_key);
  g_test_add_func ("/ui/case-list/search-everywhere", test_search_everywhere);
  g_test_add_func ("/ui/roles/section-14", test_roles);
  g_test_add_func ("/ui/days-left-text", test_days_left_text);
  g_test_add_func ("/ui/calendar/section-7", test_calendar);
  g_test_add_func ("/ui/case/generated-year-s7", test_case_generated_year);
  g_test_add_func ("/ui/intake/desk-time-s7", test_desk_time);
  g_test_add_func ("/ui/intake/all-problems-at-once", test_intake_problems);
  g_test_add_func ("/ui/intake/center-hours-s16", test_intake_center_hours);
  g_test_add_func ("/ui/users", test_users);
  g_test_add_func ("/ui/trust/section-10-5", test_trust);
  g_test_add_func ("/ui/intake/oblast-of-the-provider", test_intake_region);
  g_test_add_func ("/ui/offices", test_offices);
  g_test_add_func ("/ui/reports", test_reports);
  g_test_add_func ("/ui/today", test_today);
  g_test_add_func ("/ui/action/grounds", test_action_grounds);
  g_test_add_func ("/ui/first-run/demo", test_first_run_demo);
  g_test_add_func ("/ui/preferences/server", test_preferences_server);

  status = g_test_run ();

  g_clear_object (&context);
  g_clear_object (&app);
  g_clear_object (&store);
  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
        g_unlink (path);
      }
  }
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
