/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Printing through GtkPrintOperation to a PDF file under Xvfb: several documents in one job, page count checked with poppler. */

#include <glib/gi18n-lib.h>
#include <locale.h>

#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <poppler.h>
#include <string.h>

#include "document-fixture.h"
#include "store-fixture.h"
#include "mk-application.h"
#include "mk-case-window.h"
#include "mk-certificate-dialog.h"
#include "mk-document-view.h"
#include "mk-check-document-dialog.h"
#include "mk-context.h"
#include "mk-document-view.h"
#include "mk-document-window.h"
#include "mk-print.h"
#include "mk-qr.h"
#include "mk-sign.h"

#define KEY_PASSWORD "Құпия-2026"

static GBytes *
render (Fixture *f, MkDocumentType type, MkCase *kase)
{
  g_autoptr(GError) error = NULL;
  MkDocumentInput in;
  GBytes *pdf;

  fixture_input (f, type, kase, &in);
  pdf = mk_document_render (type, &in, &error);
  g_assert_no_error (error);
  return pdf;
}

static int
n_pages_of_bytes (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  int n;

  g_assert_no_error (error);
  n = poppler_document_get_n_pages (doc);
  g_object_unref (doc);
  return n;
}

static int
n_pages_of_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, &error);
  PopplerDocument *doc;
  int n;

  g_assert_no_error (error);
  doc = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  n = poppler_document_get_n_pages (doc);
  g_object_unref (doc);
  return n;
}

/* §13: the receipt twice (applicant + file) and the §6 certificate, in one job. */
static void
test_print_job (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) kase = fixture_case (MK_SERVICE_ASSIGNMENT);
  g_autoptr(GPtrArray) pdfs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GtkPrintOperation) op = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mk-print-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "job.pdf", NULL);
  g_autofree char *text = NULL;
  const guint copies[] = { 2, 1 };
  GtkPrintOperationResult result;
  PopplerDocument *doc;
  PopplerPage *page;
  Fixture f;
  int receipt_pages, certificate_pages;

  fixture_init (&f);
  g_ptr_array_add (pdfs, render (&f, MK_DOCUMENT_RECEIPT, kase));
  g_ptr_array_add (pdfs, render (&f, MK_DOCUMENT_CERTIFICATE, kase));
  receipt_pages = n_pages_of_bytes (pdfs->pdata[0]);
  certificate_pages = n_pages_of_bytes (pdfs->pdata[1]);

  op = mk_print_operation_new (pdfs, copies, &error);
  g_assert_no_error (error);
  gtk_print_operation_set_export_filename (op, out);
  result = gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);

  g_assert_cmpint (n_pages_of_file (out), ==, 2 * receipt_pages + certificate_pages);

  /* The pages come in job order: the certificate last, with its registration code. */
  {
    g_autofree char *uri = g_filename_to_uri (out, NULL, NULL);

    doc = poppler_document_new_from_file (uri, NULL, &error);
    g_assert_no_error (error);
    page = poppler_document_get_page (doc, 2 * receipt_pages);
    text = poppler_page_get_text (page);
    g_assert_nonnull (strstr (text, FIXTURE_RCA));
    g_object_unref (page);
    g_object_unref (doc);
  }

  fixture_clear (&f);
  g_unlink (out);
  g_rmdir (dir);
}

/* A broken PDF is an error with a message, not a crash. */
static void
test_print_bad_pdf (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pdfs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GtkPrintOperation) op = NULL;

  g_ptr_array_add (pdfs, g_bytes_new_static ("%PDF-1.5 broken", 15));
  op = mk_print_operation_new (pdfs, NULL, &error);
  g_assert_null (op);
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, !=, "");
}


static void
wait_until_drawn (MkDocumentView *view)
{
  /* The page is drawn in a worker thread; its result comes back through the main loop. */
  for (int i = 0; i < 500 && (mk_document_view_is_busy (view) || gtk_events_pending ()); i++)
    {
      while (gtk_events_pending ())
        gtk_main_iteration ();
      g_usleep (2000);
    }
}

/* With MK_SCREENSHOT_DIR set, saves @widget's toplevel as NAME-LANG.png there. */
static void
maybe_screenshot (GtkWidget *widget, const char *name)
{
  const char *dir = g_getenv ("MK_SCREENSHOT_DIR");
  const char *lang = g_getenv ("LANGUAGE");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  if (dir == NULL)
    return;
  /* Let the frame clock lay the window out first (about 0.3 s). */
  for (int i = 0; i < 150; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  file = g_strdup_printf ("%s-%s.png", name, lang != NULL && *lang != '\0' ? lang : "en");
  path = g_build_filename (dir, file, NULL);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, gtk_widget_get_allocated_width (widget),
                                        gtk_widget_get_allocated_height (widget));
  cr = cairo_create (surface);
  gtk_widget_draw (widget, cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static MkContext *
demo_context (const char *dir, const char *login, guint n_cases)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (dir, "demo.db", NULL);
  g_autoptr(MkStore) store = mk_store_open (db, &error);
  g_autoptr(GSettings) settings = mk_application_create_settings ();
  g_autoptr(MkUser) user = NULL;
  MkContext *context;
  GDate today;

  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 24, G_DATE_NOVEMBER, 2026);
  mk_store_set_today (store, &today);
  g_assert_true (mk_store_seed_demo (store, n_cases, 7, &error));
  g_assert_no_error (error);
  user = mk_store_authenticate (store, login, "demo", &error);
  g_assert_no_error (error);
  context = mk_context_new (store, settings);
  mk_context_set_user (context, user);
  return context;
}

static gint64
office_case (MkContext *context, const char *stage, const char *office)
{
  MkSearchQuery query = { .kind = -1, .queue_role = -1, .stage = stage, .office_id = office };
  g_autoptr(GPtrArray) rows = mk_store_search (mk_context_get_store (context), &query, 0, 1, NULL);

  g_assert_nonnull (rows);
  return rows->len > 0 ? ((MkCaseRow *) rows->pdata[0])->id : 0;
}

static gint64
first_case (MkContext *context, const char *stage)
{
  /* One of the signed-in user's own office: §10, §14 keep a case's papers there. */
  const MkUser *user = mk_context_get_user (context);
  gint64 id = office_case (context, stage, user != NULL ? user->office_id : NULL);

  g_assert_cmpint (id, >, 0);
  return id;
}

static void
run_tool (const char *dir, const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* A key press delivered as the window system would: to the toplevel, which
 * hands it to the focus widget and its parents. */
static void
send_key (GtkWidget *window, guint keyval, GdkModifierType state)
{
  GdkEvent *event = gdk_event_new (GDK_KEY_PRESS);
  GdkSeat *seat = gdk_display_get_default_seat (gtk_widget_get_display (window));

  event->key.window = g_object_ref (gtk_widget_get_window (window));
  event->key.keyval = keyval;
  event->key.state = state;
  event->key.time = GDK_CURRENT_TIME;
  gdk_event_set_device (event, gdk_seat_get_keyboard (seat));
  gtk_widget_event (window, event);
  gdk_event_free (event);
}

static GtkWidget *
find_type (GtkWidget *widget, GType type)
{
  GList *children;
  GtkWidget *found = NULL;

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  if (!GTK_IS_CONTAINER (widget))
    return NULL;
  children = gtk_container_get_children (GTK_CONTAINER (widget));
  for (GList *l = children; l != NULL && found == NULL; l = l->next)
    found = find_type (l->data, type);
  g_list_free (children);
  return found;
}

static GtkWidget *
find_view (GtkWidget *widget)
{
  GList *children;
  GtkWidget *found = NULL;

  if (MK_IS_DOCUMENT_VIEW (widget))
    return widget;
  if (!GTK_IS_CONTAINER (widget))
    return NULL;
  children = gtk_container_get_children (GTK_CONTAINER (widget));
  for (GList *l = children; l != NULL && found == NULL; l = l->next)
    found = find_view (l->data);
  g_list_free (children);
  return found;
}

/* The preview: the issued receipt, drawn off the main thread; zoom, fit width and pages by keyboard. */
static void
test_document_window (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mk-docwin-XXXXXX", NULL);
  g_autoptr(MkContext) context = demo_context (dir, "demo-center", 60);
  gint64 case_id = first_case (context, "issued");
  MkDocumentWindow *window;
  MkDocumentView *view;
  double fitted;

  window = mk_document_window_open (NULL, context, "receipt", case_id);
  g_assert_nonnull (window);
  gtk_window_resize (GTK_WINDOW (window), 820, 760);
  view = MK_DOCUMENT_VIEW (find_view (GTK_WIDGET (window)));
  g_assert_nonnull (view);
  wait_until_drawn (view);
  g_assert_cmpint (mk_document_view_get_n_pages (view), >=, 1);
  g_assert_cmpint (mk_document_view_get_page (view), ==, 0);

  mk_document_view_set_fit_width (view, TRUE);
  wait_until_drawn (view);
  fitted = mk_document_view_get_zoom (view);
  g_assert_cmpfloat (fitted, >, 0.5);
  maybe_screenshot (GTK_WIDGET (window), "document-receipt");

  /* +, −, Ctrl+0 from the keyboard. */
  gtk_widget_grab_focus (GTK_WIDGET (view));
  send_key (GTK_WIDGET (window), GDK_KEY_plus, 0);
  wait_until_drawn (view);
  g_assert_cmpfloat (mk_document_view_get_zoom (view), >, fitted);
  send_key (GTK_WIDGET (window), GDK_KEY_minus, 0);
  send_key (GTK_WIDGET (window), GDK_KEY_minus, 0);
  wait_until_drawn (view);
  g_assert_cmpfloat (mk_document_view_get_zoom (view), <, fitted);
  send_key (GTK_WIDGET (window), GDK_KEY_0, GDK_CONTROL_MASK);
  wait_until_drawn (view);
  g_assert_cmpfloat (ABS (mk_document_view_get_zoom (view) - fitted), <, 0.01);
  if (mk_document_view_get_n_pages (view) > 1)
    {
      send_key (GTK_WIDGET (window), GDK_KEY_Page_Down, 0);
      g_assert_cmpint (mk_document_view_get_page (view), ==, 1);
      send_key (GTK_WIDGET (window), GDK_KEY_Page_Up, 0);
      g_assert_cmpint (mk_document_view_get_page (view), ==, 0);
    }

  gtk_widget_destroy (GTK_WIDGET (window));
  g_clear_object (&context);
  remove_dir (dir);
}

/* The check dialog in plain words: a stored receipt's code is genuine; a forged one does not match. */
/* A message up to its first conversion: the part every verdict of that kind starts with. */
static char *
text_before_format (const char *message)
{
  const char *percent = strchr (message, '%');

  return percent != NULL ? g_strndup (message, percent - message) : g_strdup (message);
}

static void
test_check_dialog (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mk-check-XXXXXX", NULL);
  g_autoptr(MkContext) context = demo_context (dir, "demo-center", 60);
  g_autoptr(MkDocumentRecord) d = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MkQrPayload) p = NULL;
  g_autofree char *forged = NULL;
  MkCheckDocumentDialog *dialog;
  const char *verdict;
  g_autofree char *genuine = NULL, *altered = NULL, *foreign = NULL;

  d = mk_store_issue_document (mk_context_get_store (context), mk_context_get_user (context), "receipt",
                               first_case (context, "issued"), &error);
  g_assert_no_error (error);
  p = mk_qr_payload_parse (d->qr_payload, &error);
  g_assert_no_error (error);
  forged = mk_qr_payload_build (p->kind, p->number, &p->date, p->rca, "ffffffffffffffff");

  /* The verdicts in the language the test runs in (screenshots run it in kk and ru). */
  genuine = text_before_format (_("Genuine: %s was issued here. It is not signed."));
  altered = text_before_format (_("Does not match: %s was issued here, but with other content. The paper may have been altered."));
  foreign = text_before_format (_("This is not a Mekenjai document code: %s"));

  dialog = mk_check_document_dialog_new (NULL, context);
  gtk_widget_show (GTK_WIDGET (dialog));
  verdict = mk_check_document_dialog_check_text (dialog, d->qr_payload);
  g_assert_true (g_str_has_prefix (verdict, genuine));
  while (gtk_events_pending ())
    gtk_main_iteration ();
  maybe_screenshot (GTK_WIDGET (dialog), "check-document");
  verdict = mk_check_document_dialog_check_text (dialog, forged);
  g_assert_true (g_str_has_prefix (verdict, altered));
  verdict = mk_check_document_dialog_check_text (dialog, "hello");
  g_assert_true (g_str_has_prefix (verdict, foreign));

  /* The printed page chosen as a picture: read in a worker thread while
   * the window keeps drawing, then checked. */
  {
    g_autofree char *pdf = g_build_filename (dir, "receipt.pdf", NULL);

    g_assert_true (g_file_set_contents (pdf, g_bytes_get_data (d->pdf, NULL),
                                        (gssize) g_bytes_get_size (d->pdf), &error));
    mk_check_document_dialog_check_image (dialog, pdf);
    g_assert_true (mk_check_document_dialog_is_reading (dialog));
    while (mk_check_document_dialog_is_reading (dialog))
      gtk_main_iteration ();
    g_assert_true (g_str_has_prefix (mk_check_document_dialog_get_result (dialog), genuine));
  }
  gtk_widget_destroy (GTK_WIDGET (dialog));
  g_clear_object (&context);
  remove_dir (dir);
}

/* §10 step 5: the head opens the exact PDF to be issued and signs it in the window. */
static void
test_head_signs (void)
{
  g_autofree char *certtool = g_find_program_in_path ("certtool");
  g_autofree char *dir = NULL;
  g_autofree char *tmpl = NULL;
  g_autofree char *p12 = NULL;
  g_autoptr(MkContext) context = NULL;
  g_autoptr(MkCase) c = NULL;
  g_autoptr(GError) error = NULL;
  MkDocumentWindow *window;
  gint64 case_id;

  if (certtool == NULL)
    {
      g_test_skip ("certtool (gnutls-bin) is needed to make a signing key");
      return;
    }
  dir = g_dir_make_tmp ("mk-docsign-XXXXXX", NULL);
  context = demo_context (dir, "demo-head", 600);
  case_id = office_case (context, "signing", "p01");
  if (case_id == 0)
    {
      /* No demo case waits for this head: the executor prepares one (§10 step 4). */
      g_autoptr(MkUser) exec = mk_store_authenticate (mk_context_get_store (context), "demo-exec", "demo", &error);

      g_assert_no_error (error);
      case_id = office_case (context, "at-provider", "p01");
      g_assert_cmpint (case_id, >, 0);
      store_test_prepare_certificate (mk_context_get_store (context), exec, case_id);
    }
  c = mk_store_get_case (mk_context_get_store (context), case_id, &error);
  g_assert_no_error (error);

  tmpl = g_build_filename (dir, "head.tmpl", NULL);
  g_file_set_contents (tmpl, "cn = \"Демо бастық\"\ncountry = KZ\nserial = 13\nsigning_key\n"
                             "expiration_days = 30\n", -1, &error);
  g_assert_no_error (error);
  run_tool (dir, (const char *[]) { "certtool", "--generate-privkey", "--key-type", "rsa", "--bits", "2048",
                                    "--outfile", "head.key", NULL });
  run_tool (dir, (const char *[]) { "certtool", "--generate-self-signed", "--load-privkey", "head.key",
                                    "--template", "head.tmpl", "--outfile", "head.crt", NULL });
  run_tool (dir, (const char *[]) { "certtool", "--to-p12", "--load-privkey", "head.key",
                                    "--load-certificate", "head.crt", "--p12-name", "head",
                                    "--password", KEY_PASSWORD, "--outder", "--outfile", "head.p12", NULL });
  p12 = g_build_filename (dir, "head.p12", NULL);
  /* §10 step 5: the administrator registers the head's certificate. */
  {
    g_autoptr(MkUser) admin = mk_store_authenticate (mk_context_get_store (context), "demo-admin", "demo", &error);
    g_autofree char *crt = g_build_filename (dir, "head.crt", NULL);
    g_autofree char *pem = NULL;
    g_autoptr(GBytes) bytes = NULL;

    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (crt, &pem, NULL, NULL));
    bytes = g_bytes_new (pem, strlen (pem));
    g_assert_true (mk_store_set_user_certificate (mk_context_get_store (context), admin,
                                                  mk_context_get_user (context)->id, bytes, &error));
    g_assert_no_error (error);
  }

  window = mk_document_window_open (NULL, context, c->result, case_id);
  g_assert_nonnull (window);
  gtk_window_resize (GTK_WINDOW (window), 820, 760);
  g_assert_true (mk_document_window_can_sign (window));
  wait_until_drawn (MK_DOCUMENT_VIEW (find_view (GTK_WIDGET (window))));
  maybe_screenshot (GTK_WIDGET (window), "document-certificate-to-sign");

  /* "Sign…" asks for the key and its password in a dialog over the preview. */
  {
    GList *children = gtk_container_get_children (GTK_CONTAINER (gtk_window_get_titlebar (GTK_WINDOW (window))));
    GList *toplevels;
    GtkWidget *dialog = NULL;

    for (GList *l = children; l != NULL; l = l->next)
      if (GTK_IS_BUTTON (l->data) && g_strcmp0 (gtk_buildable_get_name (l->data), "sign_button") == 0)
        gtk_button_clicked (l->data);
    g_list_free (children);
    toplevels = gtk_window_list_toplevels ();
    for (GList *l = toplevels; l != NULL; l = l->next)
      if (GTK_IS_DIALOG (l->data) && gtk_widget_get_visible (l->data)
          && gtk_window_get_transient_for (l->data) == GTK_WINDOW (window))
        dialog = l->data;
    g_list_free (toplevels);
    g_assert_nonnull (dialog);
    maybe_screenshot (dialog, "sign-dialog");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    g_assert_false (gtk_widget_get_visible (dialog));
  }

  g_assert_false (mk_document_window_sign (window, p12, "wrong", &error));
  g_assert_error (error, MK_SIGN_ERROR, MK_SIGN_ERROR_PASSWORD);
  g_clear_error (&error);
  g_assert_true (mk_document_window_sign (window, p12, KEY_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_false (mk_document_window_can_sign (window));
  wait_until_drawn (MK_DOCUMENT_VIEW (find_view (GTK_WIDGET (window))));
  maybe_screenshot (GTK_WIDGET (window), "document-certificate-signed");

  g_clear_pointer (&c, mk_case_unref);
  c = mk_store_get_case (mk_context_get_store (context), case_id, &error);
  g_assert_cmpstr (c->stage, ==, "signed");

  /* The case window's Results tab lists what can be printed and every stored version. */
  {
    GtkWidget *case_window = mk_case_window_new (context, case_id);
    GtkWidget *notebook, *combo;
    GtkTreeModel *model;

    gtk_window_resize (GTK_WINDOW (case_window), 900, 700);
    gtk_widget_show (case_window);
    notebook = find_type (case_window, GTK_TYPE_NOTEBOOK);
    g_assert_nonnull (notebook);
    gtk_notebook_set_current_page (GTK_NOTEBOOK (notebook), 2);
    combo = find_type (notebook, GTK_TYPE_COMBO_BOX_TEXT);
    g_assert_nonnull (combo);
    model = gtk_combo_box_get_model (GTK_COMBO_BOX (combo));
    /* receipt and certificate to open, then certificate versions 1 and 2 (signed). */
    g_assert_cmpint (gtk_tree_model_iter_n_children (model, NULL), ==, 4);
    maybe_screenshot (case_window, "case-results");
    gtk_widget_destroy (case_window);
  }

  gtk_widget_destroy (GTK_WIDGET (window));
  g_clear_object (&context);
  remove_dir (dir);
}

static int certificate_response = GTK_RESPONSE_NONE;

static void
certificate_response_cb (GtkDialog *dialog,
                         int        response)
{
  certificate_response = response;
}

static gpointer
form_child (GtkWidget  *dialog,
            const char *name)
{
  gpointer child = gtk_widget_get_template_child (dialog, MK_TYPE_CERTIFICATE_DIALOG, name);

  g_assert_nonnull (child);
  return child;
}

/* §10 step 4, §6: the executor enters the address registration code and its
 * basis in a form that checks them as typed and previews the certificate;
 * only then does the case go to the head. */
static void
test_certificate_form (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mk-cert-form-XXXXXX", NULL);
  g_autoptr(MkContext) context = demo_context (dir, "demo-exec", 300);
  g_autoptr(MkCase) c = NULL;
  g_autoptr(MkCase) after = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  gint64 case_id = office_case (context, "at-provider", "p01");
  gint64 end;

  g_assert_cmpint (case_id, >, 0);
  c = mk_store_get_case (mk_context_get_store (context), case_id, &error);
  g_assert_no_error (error);

  dialog = mk_certificate_dialog_new (NULL, context, c);
  g_signal_connect (dialog, "response", G_CALLBACK (certificate_response_cb), NULL);
  gtk_widget_show (dialog);

  /* Too short: the button waits and the form says why. */
  gtk_entry_set_text (form_child (dialog, "rca_entry"), "123");
  g_assert_false (gtk_widget_get_sensitive (form_child (dialog, "accept_button")));
  g_assert_nonnull (strstr (gtk_label_get_text (form_child (dialog, "problems_label")), "16"));
  g_assert_nonnull (strstr (gtk_label_get_text (form_child (dialog, "rca_status_label")), "3"));

  /* Pasted with dashes and spaces: only the digits stay. */
  gtk_entry_set_text (form_child (dialog, "rca_entry"), "0201-0000 2213 4567");
  g_assert_cmpstr (gtk_entry_get_text (form_child (dialog, "rca_entry")), ==, "0201000022134567");
  gtk_entry_set_text (form_child (dialog, "basis_number_entry"), "45/12");
  gtk_entry_set_text (form_child (dialog, "basis_date_entry"), "32.13.2026");
  g_assert_false (gtk_widget_get_sensitive (form_child (dialog, "accept_button")));
  gtk_entry_set_text (form_child (dialog, "basis_date_entry"), "02.11.2026");
  if (gtk_entry_get_text_length (form_child (dialog, "geonym_ru_entry")) == 0)
    gtk_entry_set_text (form_child (dialog, "geonym_ru_entry"), "Мира");
  g_assert_cmpstr (gtk_label_get_text (form_child (dialog, "problems_label")), ==, "");
  g_assert_true (gtk_widget_get_sensitive (form_child (dialog, "accept_button")));
  g_assert_cmpstr (gtk_label_get_text (form_child (dialog, "printed_kk_label")), !=, "");

  /* The preview is the certificate itself. */
  end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (mk_document_view_get_n_pages (form_child (dialog, "preview")) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
  /* The page is drawn in a worker thread: let it finish before the window goes. */
  while (mk_document_view_is_busy (form_child (dialog, "preview")))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
  maybe_screenshot (dialog, "certificate-form");

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  g_assert_cmpint (certificate_response, ==, GTK_RESPONSE_ACCEPT);
  after = mk_store_get_case (mk_context_get_store (context), case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->stage, ==, "signing");
  g_assert_cmpstr (after->result, ==, "certificate");
  g_assert_cmpstr (after->address->rca, ==, "0201000022134567");
  g_assert_cmpstr (after->basis_number, ==, "45/12");
  g_assert_cmpuint (g_date_get_day (&after->basis_date), ==, 2);
  if (dialog != NULL)
    gtk_widget_destroy (dialog);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() pins the C locale, where gettext ignores LANGUAGE: the
   * screenshots in Kazakh and Russian need the environment's locale back. */
  if (g_getenv ("MK_SCREENSHOT_DIR") != NULL)
    setlocale (LC_ALL, "");
  /* Screenshots in Kazakh and Russian use the build tree's catalogues when given. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("MK_LOCALEDIR") != NULL ? g_getenv ("MK_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_test_add_func ("/print/section-13/receipt-twice-and-certificate", test_print_job);
  g_test_add_func ("/print/bad-pdf", test_print_bad_pdf);
  g_test_add_func ("/print/document-window", test_document_window);
  g_test_add_func ("/print/check-dialog", test_check_dialog);
  g_test_add_func ("/print/section-10-5/head-signs-in-window", test_head_signs);
  g_test_add_func ("/print/section-6/certificate-form", test_certificate_form);
  return g_test_run ();
}
