/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scan dialog over SANE's test backend: feeder scan, page editing, save, cancel midway. */

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "mekenjai-core.h"
#include "mk-context.h"
#include "mk-scan-dialog.h"
#include "scan-helper.h"
#include "store-fixture.h"

static MkContext *context;
static MkCase *the_case;

static gpointer
child (GtkWidget  *dialog,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (dialog, MK_TYPE_SCAN_DIALOG, name);

  g_assert_nonnull (object);
  return object;
}

/* Runs the main loop until @done says so, for at most 60 seconds. */
static void
wait_for (gboolean (*done) (GtkWidget *dialog),
          GtkWidget *dialog)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!done (dialog))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
device_ready (GtkWidget *dialog)
{
  return gtk_combo_box_get_active_id (child (dialog, "device_combo")) != NULL
         && gtk_widget_get_sensitive (child (dialog, "scan_page_button"));
}

static gboolean
idle_again (GtkWidget *dialog)
{
  return !gtk_widget_get_visible (child (dialog, "cancel_scan_button"))
         && gtk_widget_get_sensitive (child (dialog, "scan_page_button"));
}

static gboolean
first_page_in (GtkWidget *dialog)
{
  return mk_page_list_get_n_pages (mk_scan_dialog_get_pages (MK_SCAN_DIALOG (dialog))) >= 1;
}

static int response = GTK_RESPONSE_NONE;

static void
response_cb (GtkDialog *dialog,
             int        id)
{
  /* OK only starts the save; ACCEPT follows once the attachment is stored. */
  if (id != GTK_RESPONSE_OK)
    response = id;
}

static gboolean
answered (GtkWidget *dialog)
{
  return response != GTK_RESPONSE_NONE;
}

static void
screenshot (GtkWidget  *dialog,
            const char *name)
{
  const char *dir = g_getenv ("MK_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GdkPixbuf) shot = NULL;
  GdkWindow *window;

  if (dir == NULL)
    return;
  while (gtk_events_pending ())
    gtk_main_iteration ();
  window = gtk_widget_get_window (dialog);
  shot = gdk_pixbuf_get_from_window (window, 0, 0, gdk_window_get_width (window),
                                     gdk_window_get_height (window));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_pixbuf_save (shot, path, "png", NULL, NULL));
}

static GtkWidget *
open_dialog (void)
{
  GtkWidget *dialog = mk_scan_dialog_new (NULL, context, the_case, "title-document");

  response = GTK_RESPONSE_NONE;
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), NULL);
  gtk_widget_show (dialog);
  wait_for (device_ready, dialog);
  gtk_combo_box_set_active_id (child (dialog, "source_combo"), "feeder");
  gtk_combo_box_set_active_id (child (dialog, "resolution_combo"), "150");
  return dialog;
}

/* A whole feeder gives one thumbnail per sheet; one page turned, one deleted;
 * Save stores one attachment with the pages that are left (§11). */
static void
test_feeder_edit_save (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GtkWidget *dialog = open_dialog ();
  GtkTreeModel *model;
  GtkIconView *view;
  g_autoptr(GtkTreePath) path = gtk_tree_path_new_from_indices (2, -1);
  MkPageList *pages = mk_scan_dialog_get_pages (MK_SCAN_DIALOG (dialog));
  MkAttachment *a;
  guint n;

  gtk_button_clicked (child (dialog, "scan_feeder_button"));
  g_assert_true (gtk_widget_get_visible (child (dialog, "cancel_scan_button")));
  wait_for (idle_again, dialog);
  screenshot (dialog, "scan-dialog.png");

  view = child (dialog, "page_view");
  model = gtk_icon_view_get_model (view);
  n = mk_page_list_get_n_pages (pages);
  g_assert_cmpuint (n, ==, 10);   /* the test backend's feeder holds 10 sheets */
  g_assert_cmpint (gtk_tree_model_iter_n_children (model, NULL), ==, (int) n);

  gtk_icon_view_select_path (view, path);
  gtk_button_clicked (child (dialog, "rotate_right_button"));
  g_assert_cmpuint (mk_page_get_rotation (mk_page_list_get_page (pages, 2)), ==, 1);
  gtk_button_clicked (child (dialog, "move_left_button"));
  g_assert_cmpuint (mk_page_get_rotation (mk_page_list_get_page (pages, 1)), ==, 1);
  gtk_button_clicked (child (dialog, "delete_button"));
  g_assert_cmpuint (mk_page_list_get_n_pages (pages), ==, n - 1);
  g_assert_cmpint (gtk_tree_model_iter_n_children (model, NULL), ==, (int) n - 1);

  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  wait_for (answered, dialog);
  g_assert_cmpint (response, ==, GTK_RESPONSE_ACCEPT);
  g_assert_cmpint (mk_scan_dialog_get_attachment_id (MK_SCAN_DIALOG (dialog)), >, 0);

  list = mk_store_list_attachments (mk_context_get_store (context), the_case->id, "title-document", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  a = list->pdata[0];
  g_assert_cmpuint (a->n_pages, ==, n - 1);
  g_assert_null (a->file_name);
  gtk_widget_destroy (dialog);
}

static gboolean escaped;

static void
escape_once_cb (GtkTreeModel *model,
                GtkTreePath  *path,
                GtkTreeIter  *iter,
                GtkWidget    *dialog)
{
  if (escaped)
    return;
  escaped = TRUE;
  g_assert_true (gtk_widget_get_visible (child (dialog, "cancel_scan_button")));
  g_signal_emit_by_name (dialog, "close");
}

/* Escape in the middle of a feeder stops the scan, keeps what came, and the
 * dialog stays open and usable. */
static void
test_cancel_midway (void)
{
  GtkWidget *dialog = open_dialog ();
  MkPageList *pages = mk_scan_dialog_get_pages (MK_SCAN_DIALOG (dialog));
  guint kept;

  /* Escape (GtkDialog::close) the moment the first page shows, while the
   * scanner is still feeding the next sheet. */
  g_signal_connect (gtk_icon_view_get_model (child (dialog, "page_view")), "row-inserted",
                    G_CALLBACK (escape_once_cb), dialog);
  gtk_button_clicked (child (dialog, "scan_feeder_button"));
  wait_for (first_page_in, dialog);
  wait_for (idle_again, dialog);
  g_assert_true (escaped);
  g_assert_cmpint (response, ==, GTK_RESPONSE_NONE);
  g_assert_true (gtk_widget_get_visible (dialog));
  kept = mk_page_list_get_n_pages (pages);
  g_assert_cmpuint (kept, >=, 1);
  g_assert_cmpuint (kept, <, 10);

  /* Usable again: one more page scans. */
  gtk_button_clicked (child (dialog, "scan_page_button"));
  wait_for (idle_again, dialog);
  g_assert_cmpuint (mk_page_list_get_n_pages (pages), ==, kept + 1);

  /* The options were remembered for the device. */
  {
    g_autoptr(GVariant) all = g_settings_get_value (mk_context_get_settings (context), "scanner-settings");
    g_assert_cmpuint (g_variant_n_children (all), >=, 1);
  }

  /* Now Escape closes. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_emit_by_name (dialog, "close");
  wait_for (answered, dialog);
  g_assert_cmpint (response, ==, GTK_RESPONSE_DELETE_EVENT);
  if (dialog != NULL)
    gtk_widget_destroy (dialog);
}

static gboolean
error_shown (GtkWidget *dialog)
{
  return gtk_widget_get_visible (child (dialog, "error_bar"));
}

static gboolean
page_under_way (GtkWidget *dialog)
{
  return gtk_progress_bar_get_fraction (child (dialog, "progress_bar")) > 0.05;
}

typedef struct {
  int      sig;
  gboolean feeder;
} LostDriver;

static const LostDriver hung_flatbed = { SIGSTOP, FALSE };
static const LostDriver killed_flatbed = { SIGKILL, FALSE };
static const LostDriver hung_feeder = { SIGSTOP, TRUE };
static const LostDriver killed_feeder = { SIGKILL, TRUE };

/* The driver hangs (SIGSTOP) or crashes (SIGKILL) in mid-page on the flatbed,
 * or while the feeder brings the second sheet: the dialog says so in words
 * and keeps the pages that came; the next scan starts a fresh helper and adds
 * its page. */
static void
test_driver_lost (gconstpointer data)
{
  const LostDriver *lost = data;
  int sig = lost->sig;
  guint kept = lost->feeder ? 1 : 0;
  g_autofree char *normal = g_strdup (g_getenv ("SANE_CONFIG_DIR"));
  g_autofree char *slow = g_test_build_filename (G_TEST_DIST, "..", "scan", "slow", NULL);
  GSettings *settings = mk_context_get_settings (context);
  GtkWidget *dialog;
  MkPageList *pages;
  const char *message;
  GPid helper;

  g_settings_set_uint (settings, "scanner-timeout", 5);
  g_setenv ("SANE_CONFIG_DIR", slow, TRUE);
  dialog = open_dialog ();
  pages = mk_scan_dialog_get_pages (MK_SCAN_DIALOG (dialog));

  if (lost->feeder)
    {
      gtk_button_clicked (child (dialog, "scan_feeder_button"));
      wait_for (first_page_in, dialog);
    }
  else
    {
      gtk_button_clicked (child (dialog, "scan_page_button"));
      wait_for (page_under_way, dialog);
    }
  helper = mk_test_find_scanner_helper (getpid ());
  g_assert_cmpint (helper, >, 0);
  g_assert_cmpint (kill (helper, sig), ==, 0);

  wait_for (error_shown, dialog);
  wait_for (idle_again, dialog);
  message = gtk_label_get_text (child (dialog, "error_label"));
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, sig == SIGSTOP ? "stopped responding" : "stopped working"));
  g_assert_nonnull (strstr (message, "Noname frontend-tester"));
  g_assert_cmpuint (mk_page_list_get_n_pages (pages), ==, kept);
  g_assert_true (kill (helper, 0) != 0);

  gtk_button_clicked (child (dialog, "scan_page_button"));
  wait_for (idle_again, dialog);
  g_assert_cmpuint (mk_page_list_get_n_pages (pages), ==, kept + 1);
  g_assert_cmpint (mk_test_find_scanner_helper (getpid ()), !=, helper);

  /* Closing never waits on the driver. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_widget_destroy (dialog);
  g_assert_null (dialog);
  g_assert_cmpint (mk_test_find_scanner_helper (getpid ()), ==, 0);

  g_setenv ("SANE_CONFIG_DIR", normal, TRUE);
  g_settings_reset (settings, "scanner-timeout");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(MkStore) store = NULL;
  g_autoptr(MkUser) user = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  int status;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: it hides the icon theme in XDG_DATA_DIRS. */
  g_test_init (&argc, &argv, NULL);
  gtk_init (&argc, &argv);

  dir = g_dir_make_tmp ("mk-scan-dialog-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (dir, "test.db", NULL);
  store = mk_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (mk_store_seed_demo (store, 50, 1, &error));
  g_assert_no_error (error);
  user = mk_store_authenticate (store, "demo-center", "demo", &error);
  g_assert_no_error (error);

  /* A case the center inspector holds (§10 step 7). */
  the_case = store_test_case_at_stage (store, "at-center");

  settings = g_settings_new ("kz.mekenjai.Mekenjai");
  context = mk_context_new (store, settings);
  mk_context_set_user (context, user);

  g_test_add_func ("/ui/scan-dialog/feeder-edit-save/section-11", test_feeder_edit_save);
  g_test_add_func ("/ui/scan-dialog/cancel-midway", test_cancel_midway);
  g_test_add_data_func ("/ui/scan-dialog/driver/hung/flatbed", &hung_flatbed, test_driver_lost);
  g_test_add_data_func ("/ui/scan-dialog/driver/killed/flatbed", &killed_flatbed, test_driver_lost);
  g_test_add_data_func ("/ui/scan-dialog/driver/hung/feeder", &hung_feeder, test_driver_lost);
  g_test_add_data_func ("/ui/scan-dialog/driver/killed/feeder", &killed_feeder, test_driver_lost);
  status = g_test_run ();

  g_clear_object (&context);
  mk_case_unref (the_case);
  return status;
}
