/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The attachment strip and viewer: attach, thumbnails, view, rotate, remove with a reason, bad files, intake. */

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <tiffio.h>

#include "mekenjai-core.h"
#include "mk-attachment-strip.h"
#include "mk-attachment-viewer.h"
#include "mk-case-window.h"
#include "mk-checklist-row.h"
#include "mk-intake-window.h"
#include "mk-context.h"
#include "store-fixture.h"

static MkContext *context;
static MkCase *the_case;
static const char *doc_kind;
static char *dir;
static MkUser *center_user;

/* Runs the main loop until @done says so, for at most 60 seconds. */
static void
wait_for (gboolean (*done) (gpointer data),
          gpointer  data)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
strip_idle (gpointer strip)
{
  return !mk_attachment_strip_is_busy (strip);
}

static gboolean
viewer_idle (gpointer viewer)
{
  return !mk_attachment_viewer_is_busy (viewer);
}

static void
screenshot (GtkWidget  *toplevel,
            const char *name)
{
  const char *shots = g_getenv ("MK_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GdkPixbuf) shot = NULL;
  GdkWindow *window;
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

  if (shots == NULL)
    return;
  /* Painting waits for the frame clock: let a few frames pass. */
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  window = gtk_widget_get_window (toplevel);
  shot = gdk_pixbuf_get_from_window (window, 0, 0, gdk_window_get_width (window),
                                     gdk_window_get_height (window));
  path = g_build_filename (shots, name, NULL);
  g_assert_true (gdk_pixbuf_save (shot, path, "png", NULL, NULL));
}

/* A key press as the window would get it from the keyboard. */
static gboolean
send_key (GtkWidget      *window,
          guint           keyval,
          GdkModifierType state)
{
  GdkEvent *event = gdk_event_new (GDK_KEY_PRESS);
  GdkDisplay *display = gtk_widget_get_display (window);
  GdkSeat *seat = gdk_display_get_default_seat (display);
  gboolean handled;

  event->key.window = g_object_ref (gtk_widget_get_window (window));
  event->key.send_event = TRUE;
  event->key.time = GDK_CURRENT_TIME;
  event->key.keyval = keyval;
  event->key.state = state;
  gdk_event_set_device (event, gdk_seat_get_keyboard (seat));
  handled = gtk_widget_event (window, event);
  gdk_event_free (event);
  return handled;
}

static GFile *
make_png (const char *name)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 300, 420);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (pixbuf, 0x3465a4ff);
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

/* Three grey pages of different shades, one TIFF directory each. */
static GFile *
make_tiff (const char *name,
           guint       n_pages)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  TIFF *tif = TIFFOpen (path, "w");
  const guint width = 200, height = 280;
  g_autofree guint8 *row = g_malloc (width);

  g_assert_nonnull (tif);
  for (guint p = 0; p < n_pages; p++)
    {
      TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, width);
      TIFFSetField (tif, TIFFTAG_IMAGELENGTH, height);
      TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 8);
      TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, 1);
      TIFFSetField (tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
      TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
      TIFFSetField (tif, TIFFTAG_COMPRESSION, COMPRESSION_NONE);
      TIFFSetField (tif, TIFFTAG_XRESOLUTION, 100.0);
      TIFFSetField (tif, TIFFTAG_YRESOLUTION, 100.0);
      TIFFSetField (tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
      TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, 64);
      TIFFSetField (tif, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
      TIFFSetField (tif, TIFFTAG_PAGENUMBER, p, n_pages);
      for (guint y = 0; y < height; y++)
        {
          memset (row, (int) (60 * p + (y * 100) / height), width);
          g_assert_cmpint (TIFFWriteScanline (tif, row, y, 0), ==, 1);
        }
      g_assert_true (TIFFWriteDirectory (tif));
    }
  TIFFClose (tif);
  return g_file_new_for_path (path);
}

/* A PNG signature followed by rubbish. */
static GFile *
make_corrupt (const char *name)
{
  static const guint8 bytes[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                                  1, 2, 3, 4, 5, 6, 7, 8, 9 };
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, (const char *) bytes, sizeof bytes, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

/* The first visible widget under @root that has accessible name @name, or is of @type. */
static GtkWidget *
find_widget (GtkWidget  *root,
             const char *name,
             GType       type)
{
  g_autoptr(GList) children = NULL;

  if (!gtk_widget_get_visible (root))
    return NULL;
  if (name != NULL && g_strcmp0 (atk_object_get_name (gtk_widget_get_accessible (root)), name) == 0)
    return root;
  if (name == NULL && G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  if (!GTK_IS_CONTAINER (root))
    return NULL;
  children = gtk_container_get_children (GTK_CONTAINER (root));
  for (GList *l = children; l != NULL; l = l->next)
    {
      GtkWidget *found = find_widget (l->data, name, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_by_name (GtkWidget  *root,
              const char *name)
{
  GtkWidget *found = find_widget (root, name, G_TYPE_NONE);

  g_assert_nonnull (found);
  return found;
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  GtkWidget *found = find_widget (root, NULL, type);

  g_assert_nonnull (found);
  return found;
}

static guint
count_stored (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = mk_store_list_attachments (mk_context_get_store (context), the_case->id,
                                                         doc_kind, &error);

  g_assert_no_error (error);
  return list->len;
}

static GtkWidget *
strip_window (GtkWidget *strip)
{
  GtkWidget *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);

  gtk_window_set_default_size (GTK_WINDOW (window), 700, 260);
  gtk_container_add (GTK_CONTAINER (window), strip);
  gtk_widget_show (window);
  return window;
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

/* The index of the attachment called @file_name in the strip (stored order). */
static guint
index_of (const char *file_name)
{
  g_autoptr(GPtrArray) list = mk_store_list_attachments (mk_context_get_store (context), the_case->id,
                                                         doc_kind, NULL);

  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (((MkAttachment *) list->pdata[i])->file_name, file_name) == 0)
      return i;
  g_assert_not_reached ();
}

/* §11, §9: a PNG and a three-page TIFF chosen together become two stored
 * PDFs with thumbnails; the item counts them and is present; the TIFF opens
 * in the viewer, pages through (buttons, PgDn, number), turns, and comes back
 * upright with its pages; removing it asks a reason that lands in the
 * audited history (§9). */
static void
test_attach_view_remove (void)
{
  g_autoptr(GFile) png = make_png ("plan.png");
  g_autoptr(GFile) tiff = make_tiff ("pages.tiff", 3);
  GFile *files[] = { png, tiff };
  GtkWidget *strip = mk_attachment_strip_new (context, the_case, doc_kind);
  GtkWidget *window = strip_window (strip);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(MkCase) stored = NULL;
  GtkWidget *viewer;
  guint before = count_stored ();
  guint changes = 0;
  guint tiff_index;
  gboolean found = FALSE;
  GtkWidget *menu_button, *popover, *entry, *confirm;

  g_assert_true (mk_attachment_strip_get_editable (MK_ATTACHMENT_STRIP (strip)));
  g_assert_cmpuint (mk_attachment_strip_get_n_attachments (MK_ATTACHMENT_STRIP (strip)), ==, before);
  g_signal_connect (strip, "changed", G_CALLBACK (count_cb), &changes);

  mk_attachment_strip_attach_files (MK_ATTACHMENT_STRIP (strip), files, G_N_ELEMENTS (files));
  g_assert_true (mk_attachment_strip_is_busy (MK_ATTACHMENT_STRIP (strip)));
  wait_for (strip_idle, strip);
  g_assert_null (mk_attachment_strip_get_error (MK_ATTACHMENT_STRIP (strip)));
  g_assert_cmpuint (changes, ==, 2);
  g_assert_cmpuint (count_stored (), ==, before + 2);
  g_assert_cmpuint (mk_attachment_strip_get_n_attachments (MK_ATTACHMENT_STRIP (strip)), ==, before + 2);
  for (guint i = 0; i < before + 2; i++)
    g_assert_true (mk_attachment_strip_has_thumbnail (MK_ATTACHMENT_STRIP (strip), i));
  screenshot (window, "attachment-strip.png");

  stored = mk_store_get_case (mk_context_get_store (context), the_case->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < stored->items->len; i++)
    {
      MkCaseItem *item = g_ptr_array_index (stored->items, i);

      if (g_strcmp0 (item->doc_kind, doc_kind) == 0)
        {
          found = TRUE;
          g_assert_true (item->present);
          g_assert_cmpuint (item->n_attachments, ==, before + 2);
        }
    }
  g_assert_true (found);

  /* The viewer: three pages, paged by every means. */
  tiff_index = index_of ("pages.tiff");
  viewer = mk_attachment_strip_open (MK_ATTACHMENT_STRIP (strip), tiff_index);
  gtk_widget_show (viewer);
  wait_for (viewer_idle, viewer);
  g_assert_null (mk_attachment_viewer_get_error (MK_ATTACHMENT_VIEWER (viewer)));
  g_assert_cmpint (mk_attachment_viewer_get_n_pages (MK_ATTACHMENT_VIEWER (viewer)), ==, 3);
  g_assert_cmpint (mk_attachment_viewer_get_page (MK_ATTACHMENT_VIEWER (viewer)), ==, 0);
  g_assert_true (send_key (viewer, GDK_KEY_Page_Down, 0));
  g_assert_cmpint (mk_attachment_viewer_get_page (MK_ATTACHMENT_VIEWER (viewer)), ==, 1);
  mk_attachment_viewer_set_page (MK_ATTACHMENT_VIEWER (viewer), 2);
  g_assert_cmpint (mk_attachment_viewer_get_page (MK_ATTACHMENT_VIEWER (viewer)), ==, 2);
  mk_attachment_viewer_set_page (MK_ATTACHMENT_VIEWER (viewer), 3);
  g_assert_cmpint (mk_attachment_viewer_get_page (MK_ATTACHMENT_VIEWER (viewer)), ==, 2);
  g_assert_true (send_key (viewer, GDK_KEY_Page_Up, 0));
  g_assert_cmpint (mk_attachment_viewer_get_page (MK_ATTACHMENT_VIEWER (viewer)), ==, 1);

  /* Ctrl+R turns clockwise; the page stays; Ctrl+Shift+R turns back. */
  g_assert_true (send_key (viewer, GDK_KEY_r, GDK_CONTROL_MASK));
  wait_for (viewer_idle, viewer);
  g_assert_cmpuint (mk_attachment_viewer_get_rotation (MK_ATTACHMENT_VIEWER (viewer)), ==, 1);
  g_assert_cmpint (mk_attachment_viewer_get_n_pages (MK_ATTACHMENT_VIEWER (viewer)), ==, 3);
  g_assert_cmpint (mk_attachment_viewer_get_page (MK_ATTACHMENT_VIEWER (viewer)), ==, 1);
  g_assert_null (mk_attachment_viewer_get_error (MK_ATTACHMENT_VIEWER (viewer)));
  screenshot (viewer, "attachment-viewer-turned.png");
  g_assert_true (send_key (viewer, GDK_KEY_R, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  wait_for (viewer_idle, viewer);
  g_assert_cmpuint (mk_attachment_viewer_get_rotation (MK_ATTACHMENT_VIEWER (viewer)), ==, 0);
  g_assert_cmpint (mk_attachment_viewer_get_page (MK_ATTACHMENT_VIEWER (viewer)), ==, 1);
  screenshot (viewer, "attachment-viewer.png");
  gtk_widget_destroy (viewer);

  /* §9: removal asks why, through the tile's "Remove…" popover; the
   * reason is recorded and the stored row stays. */
  menu_button = find_by_name (strip, "Remove pages.tiff");
  g_assert_true (GTK_IS_MENU_BUTTON (menu_button));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (menu_button), TRUE);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
  g_assert_true (gtk_widget_get_visible (popover));
  entry = find_type (popover, GTK_TYPE_ENTRY);
  confirm = find_by_name (popover, "Remove Attachment");
  g_assert_false (gtk_widget_get_sensitive (confirm));
  gtk_entry_set_text (GTK_ENTRY (entry), "Wrong document, the applicant will bring another");
  g_assert_true (gtk_widget_get_sensitive (confirm));
  gtk_button_clicked (GTK_BUTTON (confirm));
  g_assert_cmpuint (count_stored (), ==, before + 1);
  g_assert_cmpuint (changes, ==, 3);
  wait_for (strip_idle, strip);
  g_assert_cmpuint (mk_attachment_strip_get_n_attachments (MK_ATTACHMENT_STRIP (strip)), ==, before + 1);

  events = mk_store_list_events (mk_context_get_store (context), the_case->id, &error);
  g_assert_no_error (error);
  found = FALSE;
  for (guint i = 0; i < events->len; i++)
    {
      MkEvent *e = g_ptr_array_index (events, i);

      if (g_strcmp0 (e->action, "remove-attachment") == 0
          && g_strcmp0 (e->note, "Wrong document, the applicant will bring another") == 0)
        found = TRUE;
    }
  g_assert_true (found);
  gtk_widget_destroy (window);
}

/* §9: a damaged file is refused in plain words and nothing is stored. */
static void
test_corrupt_file (void)
{
  g_autoptr(GFile) bad = make_corrupt ("broken.png");
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/nowhere.pdf");
  GFile *files[] = { bad, missing };
  GtkWidget *strip = mk_attachment_strip_new (context, the_case, doc_kind);
  GtkWidget *window = strip_window (strip);
  guint before = count_stored ();
  guint changes = 0;
  const char *message;

  g_signal_connect (strip, "changed", G_CALLBACK (count_cb), &changes);
  mk_attachment_strip_attach_files (MK_ATTACHMENT_STRIP (strip), files, G_N_ELEMENTS (files));
  wait_for (strip_idle, strip);
  message = mk_attachment_strip_get_error (MK_ATTACHMENT_STRIP (strip));
  g_assert_nonnull (message);
  g_test_message ("shown: %s", message);
  g_assert_nonnull (strstr (message, "broken.png"));
  g_assert_nonnull (strstr (message, "nowhere.pdf"));
  g_assert_cmpuint (changes, ==, 0);
  g_assert_cmpuint (count_stored (), ==, before);
  screenshot (window, "attachment-strip-error.png");
  gtk_widget_destroy (window);
}

/* §10, §14: the provider's head signs and does not handle documents. */
static void
test_not_allowed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkUser) head = mk_store_authenticate (mk_context_get_store (context), "demo-head", "demo", &error);
  g_autoptr(GFile) png = make_png ("head.png");
  GFile *files[] = { png };
  GtkWidget *strip;
  guint before = count_stored ();

  g_assert_no_error (error);
  mk_context_set_user (context, head);
  strip = g_object_ref_sink (mk_attachment_strip_new (context, the_case, doc_kind));
  g_assert_false (mk_attachment_strip_get_editable (MK_ATTACHMENT_STRIP (strip)));
  wait_for (strip_idle, strip);
  mk_attachment_strip_attach_files (MK_ATTACHMENT_STRIP (strip), files, 1);
  g_assert_false (mk_attachment_strip_is_busy (MK_ATTACHMENT_STRIP (strip)));
  g_assert_cmpuint (count_stored (), ==, before);
  gtk_widget_destroy (strip);
  g_object_unref (strip);
  mk_context_set_user (context, center_user);
}

/* Intake (§10 steps 1–2): imports wait in memory and are stored once the case exists. */
static void
test_intake_unsaved (void)
{
  g_autoptr(GHashTable) pending = mk_pending_attachments_new ();
  GPtrArray *list = mk_pending_attachments_for_kind (pending, doc_kind);
  g_autoptr(GFile) png = make_png ("intake.png");
  GFile *files[] = { png };
  g_autoptr(GError) error = NULL;
  GtkWidget *strip = mk_attachment_strip_new_unsaved (context, doc_kind, list);
  GtkWidget *window = strip_window (strip);
  GtkWidget *viewer;
  guint before = count_stored ();
  guint changes = 0;

  g_assert_true (mk_pending_attachments_for_kind (pending, doc_kind) == list);
  g_signal_connect (strip, "changed", G_CALLBACK (count_cb), &changes);
  mk_attachment_strip_attach_files (MK_ATTACHMENT_STRIP (strip), files, 1);
  mk_attachment_strip_attach_files (MK_ATTACHMENT_STRIP (strip), files, 1);
  wait_for (strip_idle, strip);
  g_assert_cmpuint (changes, ==, 2);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpuint (count_stored (), ==, before);
  g_assert_true (mk_attachment_strip_has_thumbnail (MK_ATTACHMENT_STRIP (strip), 0));

  viewer = mk_attachment_strip_open (MK_ATTACHMENT_STRIP (strip), 0);
  gtk_widget_show (viewer);
  wait_for (viewer_idle, viewer);
  g_assert_cmpint (mk_attachment_viewer_get_n_pages (MK_ATTACHMENT_VIEWER (viewer)), ==, 1);
  gtk_widget_destroy (viewer);

  /* Not stored yet: removing needs no reason and leaves no trace. */
  g_assert_true (mk_attachment_strip_remove (MK_ATTACHMENT_STRIP (strip), 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);

  g_assert_true (mk_pending_attachments_store (pending, mk_context_get_store (context), center_user,
                                               the_case, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_cmpuint (count_stored (), ==, before + 1);
  gtk_widget_destroy (window);
}

static void
collect_strips (GtkWidget *widget,
                gpointer   data)
{
  if (MK_IS_ATTACHMENT_STRIP (widget))
    g_ptr_array_add (data, widget);
  else if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), collect_strips, data);
}

/* The case window's Documents tab: one strip per checklist item (§11), the
 * stored attachments in it, editable by the center while it holds the case. */
static void
test_case_window (void)
{
  GtkWidget *window = mk_case_window_new (context, the_case->id);
  g_autoptr(GPtrArray) strips = g_ptr_array_new ();
  GtkNotebook *notebook;
  MkAttachmentStrip *first = NULL;

  gtk_widget_show (window);
  collect_strips (window, strips);
  g_assert_cmpuint (strips->len, ==, the_case->items->len);
  for (guint i = 0; i < strips->len; i++)
    {
      MkAttachmentStrip *strip = g_ptr_array_index (strips, i);
      GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (strip), MK_TYPE_CHECKLIST_ROW);

      g_assert_nonnull (row);
      g_assert_true (mk_attachment_strip_get_editable (strip));
      if (g_strcmp0 (mk_checklist_row_get_item (MK_CHECKLIST_ROW (row))->doc_kind, doc_kind) == 0)
        first = strip;
      wait_for (strip_idle, strip);
    }
  g_assert_nonnull (first);
  g_assert_cmpuint (mk_attachment_strip_get_n_attachments (first), ==, count_stored ());

  notebook = GTK_NOTEBOOK (gtk_widget_get_template_child (window, MK_TYPE_CASE_WINDOW, "notebook"));
  for (int i = 0; i < gtk_notebook_get_n_pages (notebook); i++)
    {
      GtkWidget *page = gtk_notebook_get_nth_page (notebook, i);
      g_autoptr(GPtrArray) inside = g_ptr_array_new ();

      collect_strips (page, inside);
      if (inside->len > 0)
        gtk_notebook_set_current_page (notebook, i);
    }
  screenshot (window, "case-window-documents.png");
  gtk_widget_destroy (window);
}

/* Intake (§10 steps 1–2, §11): attaching a file to an item ticks it present. */
static void
test_intake_window (void)
{
  GtkWidget *window = mk_intake_window_new (context);
  g_autoptr(GPtrArray) strips = g_ptr_array_new ();
  g_autoptr(GFile) png = make_png ("intake-window.png");
  GFile *files[] = { png };
  MkAttachmentStrip *strip;
  GtkWidget *row;

  gtk_widget_show (window);
  gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_template_child (window, MK_TYPE_INTAKE_WINDOW, "stack")),
                                    "checklist");
  collect_strips (window, strips);
  g_assert_cmpuint (strips->len, >, 0);
  strip = g_ptr_array_index (strips, 0);
  row = gtk_widget_get_ancestor (GTK_WIDGET (strip), MK_TYPE_CHECKLIST_ROW);
  g_assert_false (mk_checklist_row_get_item (MK_CHECKLIST_ROW (row))->present);
  mk_attachment_strip_attach_files (strip, files, 1);
  wait_for (strip_idle, strip);
  g_assert_null (mk_attachment_strip_get_error (strip));
  g_assert_cmpuint (mk_attachment_strip_get_n_attachments (strip), ==, 1);
  g_assert_true (mk_checklist_row_get_item (MK_CHECKLIST_ROW (row))->present);
  g_assert_cmpuint (mk_checklist_row_get_item (MK_CHECKLIST_ROW (row))->n_attachments, ==, 1);
  screenshot (window, "intake-checklist-attachments.png");
  gtk_widget_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(MkStore) store = NULL;
  g_autofree char *db = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init (&argc, &argv);

  dir = g_dir_make_tmp ("mk-attachments-ui-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (dir, "test.db", NULL);
  store = mk_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (mk_store_seed_demo (store, 50, 1, &error));
  g_assert_no_error (error);
  center_user = mk_store_authenticate (store, "demo-center", "demo", &error);
  g_assert_no_error (error);

  /* A case the center inspector holds (§10 step 7). */
  the_case = store_test_case_at_stage (store, "at-center");
  g_assert_cmpuint (the_case->items->len, >, 0);
  doc_kind = ((MkCaseItem *) the_case->items->pdata[0])->doc_kind;

  settings = g_settings_new ("kz.mekenjai.Mekenjai");
  context = mk_context_new (store, settings);
  mk_context_set_user (context, center_user);

  g_test_add_func ("/attachments-ui/section-11/attach-view-remove", test_attach_view_remove);
  g_test_add_func ("/attachments-ui/section-9/corrupt-file", test_corrupt_file);
  g_test_add_func ("/attachments-ui/section-14/head-may-not-attach", test_not_allowed);
  g_test_add_func ("/attachments-ui/section-10/intake-unsaved", test_intake_unsaved);
  g_test_add_func ("/attachments-ui/section-11/case-window", test_case_window);
  g_test_add_func ("/attachments-ui/section-11/intake-window", test_intake_window);
  status = g_test_run ();

  mk_attachment_strip_wait_for_thumbnails ();
  g_clear_object (&context);
  g_clear_pointer (&the_case, mk_case_unref);
  g_clear_pointer (&center_user, mk_user_free);
  g_clear_object (&store);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
  }
  g_rmdir (dir);
  g_free (dir);
  return status;
}
