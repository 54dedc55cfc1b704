/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scanning the pages of one attachment: scanner, options, pages as they come, editing, saving. */

#define G_LOG_DOMAIN "mk-scan-dialog"

#include <glib/gi18n-lib.h>

#include "mk-page-thumbnail.h"
#include "mk-scan.h"
#include "mk-scan-dialog.h"
#include "mk-ui-util.h"

#define THUMBNAIL_SIZE 128

enum {
  COL_PIXBUF,
  COL_LABEL,
  N_COLS
};

/* Page sizes offered, in millimetres; A4 is what Kazakh offices print on (§3). */
static const struct {
  const char *id;
  const char *name;
  double      width;
  double      height;
} page_sizes[] = {
  { "a4", N_("A4"), 210, 297 },
  { "a5", N_("A5"), 148, 210 },
  { "a3", N_("A3"), 297, 420 },
  { "letter", N_("Letter"), 215.9, 279.4 },
};

static const guint resolutions[] = { 150, 200, 300 };

struct _MkScanDialog
{
  GtkDialog        parent_instance;

  GtkComboBoxText *device_combo;
  GtkButton       *rescan_button;
  GtkBox          *no_scanner_box;
  GtkComboBoxText *source_combo;
  GtkComboBoxText *mode_combo;
  GtkComboBoxText *resolution_combo;
  GtkComboBoxText *size_combo;
  GtkButton       *scan_page_button;
  GtkButton       *scan_feeder_button;
  GtkButton       *cancel_scan_button;
  GtkProgressBar  *progress_bar;
  GtkLabel        *status_label;
  GtkIconView     *page_view;
  GtkListStore    *page_store;
  GtkButton       *move_left_button;
  GtkButton       *move_right_button;
  GtkButton       *rotate_left_button;
  GtkButton       *rotate_right_button;
  GtkButton       *delete_button;
  GtkButton       *rescan_page_button;
  GtkInfoBar      *error_bar;
  GtkLabel        *error_label;
  GtkWidget       *save_button;

  MkContext       *context;
  MkCase          *c;
  char            *doc_kind;
  MkScanner       *scanner;
  MkPageList      *pages;
  GCancellable    *save_cancellable;
  MkImportResult  *result;
  gint64           attachment_id;
  gboolean         finding;
  gboolean         scanning;
  gboolean         saving;
  int              replace_at;      /* re-scan of one page: its index, else -1 */
  gboolean         filling;         /* combos being filled: not a user choice */
  gboolean         alive;           /* between init and dispose: the children exist */
};

G_DEFINE_FINAL_TYPE (MkScanDialog, mk_scan_dialog, GTK_TYPE_DIALOG)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
source_name (MkScanSource source)
{
  switch (source)
    {
    case MK_SCAN_SOURCE_FLATBED: return _("Flatbed");
    case MK_SCAN_SOURCE_FEEDER: return _("Document feeder");
    case MK_SCAN_SOURCE_DUPLEX: return _("Feeder, both sides");
    default: return "";
    }
}

static const char *
mode_name (MkScanMode mode)
{
  switch (mode)
    {
    case MK_SCAN_MODE_COLOR: return _("Colour");
    case MK_SCAN_MODE_GRAY: return _("Grey");
    case MK_SCAN_MODE_LINEART: return _("Black and white");
    default: return "";
    }
}

static int
selected_page (MkScanDialog *self)
{
  g_autoptr(GList) selected = gtk_icon_view_get_selected_items (self->page_view);
  int index = -1;

  if (selected != NULL)
    index = gtk_tree_path_get_indices (selected->data)[0];
  g_list_free_full (g_steal_pointer (&selected), (GDestroyNotify) gtk_tree_path_free);
  return index;
}

static void
select_page (MkScanDialog *self,
             int           index)
{
  g_autoptr(GtkTreePath) path = NULL;

  if (index < 0)
    return;
  path = gtk_tree_path_new_from_indices (index, -1);
  gtk_icon_view_unselect_all (self->page_view);
  gtk_icon_view_select_path (self->page_view, path);
  gtk_icon_view_set_cursor (self->page_view, path, NULL, FALSE);
  gtk_icon_view_scroll_to_path (self->page_view, path, FALSE, 0, 0);
}

static void
update_sensitivity (MkScanDialog *self)
{
  gboolean busy = self->scanning || self->saving || self->finding;
  gboolean have_device;
  guint n_pages;
  int selected;
  gboolean can_edit;
  gboolean feeder;

  /* GtkIconView reports selection changes while it is built and torn down. */
  if (!self->alive)
    return;
  feeder = g_strcmp0 (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->source_combo)), "flatbed") != 0;
  have_device = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->device_combo)) != NULL;
  n_pages = mk_page_list_get_n_pages (self->pages);
  selected = selected_page (self);
  can_edit = !busy && selected >= 0;

  gtk_widget_set_sensitive (GTK_WIDGET (self->device_combo), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rescan_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->source_combo), !busy && have_device);
  gtk_widget_set_sensitive (GTK_WIDGET (self->mode_combo), !busy && have_device);
  gtk_widget_set_sensitive (GTK_WIDGET (self->resolution_combo), !busy && have_device);
  gtk_widget_set_sensitive (GTK_WIDGET (self->size_combo), !busy && have_device);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scan_page_button), !busy && have_device);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scan_feeder_button), !busy && have_device && feeder);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_scan_button), self->scanning);
  gtk_widget_set_sensitive (GTK_WIDGET (self->move_left_button), can_edit && selected > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->move_right_button), can_edit && (guint) selected + 1 < n_pages);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rotate_left_button), can_edit);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rotate_right_button), can_edit);
  gtk_widget_set_sensitive (GTK_WIDGET (self->delete_button), can_edit);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rescan_page_button), can_edit && have_device);
  gtk_widget_set_sensitive (self->save_button, !busy && n_pages > 0);
}

static void
set_status (MkScanDialog *self,
            const char   *text)
{
  gtk_label_set_text (self->status_label, text);
}

static void
show_error (MkScanDialog *self,
            const char   *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_show (GTK_WIDGET (self->error_bar));
  gtk_info_bar_set_revealed (self->error_bar, TRUE);
}

static void
hide_error (MkScanDialog *self)
{
  gtk_info_bar_set_revealed (self->error_bar, FALSE);
  gtk_widget_hide (GTK_WIDGET (self->error_bar));
}

static void
set_page_row (MkScanDialog *self,
              GtkTreeIter  *iter,
              guint         index)
{
  MkPage *page = mk_page_list_get_page (self->pages, index);
  g_autoptr(GdkPixbuf) pixbuf = mk_page_thumbnail (page, THUMBNAIL_SIZE);
  /* Translators: the caption under a scanned page's thumbnail. */
  g_autofree char *label = g_strdup_printf (_("Page %u"), index + 1);

  gtk_list_store_set (self->page_store, iter, COL_PIXBUF, pixbuf, COL_LABEL, label, -1);
}

/* The thumbnails follow the page list; a few dozen pages redraw in a blink. */
static void
refill_pages (MkScanDialog *self,
              int           select)
{
  guint n = mk_page_list_get_n_pages (self->pages);

  gtk_list_store_clear (self->page_store);
  for (guint i = 0; i < n; i++)
    {
      GtkTreeIter iter;

      gtk_list_store_append (self->page_store, &iter);
      set_page_row (self, &iter, i);
    }
  if (n > 0)
    select_page (self, CLAMP (select, 0, (int) n - 1));
  update_sensitivity (self);
}

/* Remembered options (GSettings "scanner-settings": device → settings string). */
static MkScanSettings *
remembered_settings (MkScanDialog *self,
                     const char   *device)
{
  g_autoptr(GVariant) all = g_settings_get_value (mk_context_get_settings (self->context), "scanner-settings");
  const char *text = NULL;
  MkScanSettings *settings = NULL;

  if (device != NULL && g_variant_lookup (all, device, "&s", &text))
    settings = mk_scan_settings_from_string (text, NULL);
  return settings != NULL ? settings : mk_scan_settings_new ();
}

static MkScanSettings *
chosen_settings (MkScanDialog *self)
{
  MkScanSettings *settings = mk_scan_settings_new ();
  const char *source = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->source_combo));
  const char *mode = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->mode_combo));
  const char *dpi = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->resolution_combo));
  const char *size = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->size_combo));

  if (source != NULL)
    settings->source = g_str_equal (source, "feeder") ? MK_SCAN_SOURCE_FEEDER
                       : g_str_equal (source, "duplex") ? MK_SCAN_SOURCE_DUPLEX : MK_SCAN_SOURCE_FLATBED;
  if (mode != NULL)
    settings->mode = g_str_equal (mode, "color") ? MK_SCAN_MODE_COLOR
                     : g_str_equal (mode, "lineart") ? MK_SCAN_MODE_LINEART : MK_SCAN_MODE_GRAY;
  if (dpi != NULL)
    settings->dpi = (guint) g_ascii_strtoull (dpi, NULL, 10);
  for (gsize i = 0; size != NULL && i < G_N_ELEMENTS (page_sizes); i++)
    if (g_str_equal (size, page_sizes[i].id))
      {
        settings->page_width_mm = page_sizes[i].width;
        settings->page_height_mm = page_sizes[i].height;
      }
  return settings;
}

static void
remember_settings (MkScanDialog         *self,
                   const char           *device,
                   const MkScanSettings *settings)
{
  GSettings *gsettings = mk_context_get_settings (self->context);
  g_autoptr(GVariant) all = g_settings_get_value (gsettings, "scanner-settings");
  g_autofree char *text = mk_scan_settings_to_string (settings);
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key, *value;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, all);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (!g_str_equal (key, device))
      g_variant_builder_add (&builder, "{ss}", key, value);
  g_variant_builder_add (&builder, "{ss}", device, text);
  g_settings_set_value (gsettings, "scanner-settings", g_variant_builder_end (&builder));
}

static const char *
source_id (MkScanSource source)
{
  return source == MK_SCAN_SOURCE_FEEDER ? "feeder" : source == MK_SCAN_SOURCE_DUPLEX ? "duplex" : "flatbed";
}

static const char *
mode_id (MkScanMode mode)
{
  return mode == MK_SCAN_MODE_COLOR ? "color" : mode == MK_SCAN_MODE_LINEART ? "lineart" : "gray";
}

/* The options a driver offers, preselected from what was used last time. */
static void
fill_options (MkScanDialog        *self,
              const MkScanOptions *options)
{
  g_autoptr(MkScanSettings) wanted = remembered_settings (self, options != NULL ? options->device : NULL);
  g_autofree char *dpi_id = g_strdup_printf ("%u", wanted->dpi);

  self->filling = TRUE;
  gtk_combo_box_text_remove_all (self->source_combo);
  gtk_combo_box_text_remove_all (self->mode_combo);
  if (options != NULL && options->sources->len > 0)
    for (guint i = 0; i < options->sources->len; i++)
      {
        MkScanSource s = g_array_index (options->sources, MkScanSource, i);
        gtk_combo_box_text_append (self->source_combo, source_id (s), source_name (s));
      }
  else
    gtk_combo_box_text_append (self->source_combo, "flatbed", source_name (MK_SCAN_SOURCE_FLATBED));
  if (options != NULL && options->modes->len > 0)
    for (guint i = 0; i < options->modes->len; i++)
      {
        MkScanMode m = g_array_index (options->modes, MkScanMode, i);
        gtk_combo_box_text_append (self->mode_combo, mode_id (m), mode_name (m));
      }
  else
    gtk_combo_box_text_append (self->mode_combo, "gray", mode_name (MK_SCAN_MODE_GRAY));

  if (!gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->source_combo), source_id (wanted->source)))
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->source_combo), 0);
  if (!gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->mode_combo), mode_id (wanted->mode)))
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->mode_combo), 0);
  if (!gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->resolution_combo), dpi_id))
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->resolution_combo), "300");
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->size_combo), "a4");
  for (gsize i = 0; i < G_N_ELEMENTS (page_sizes); i++)
    if (ABS (page_sizes[i].width - wanted->page_width_mm) < 1
        && ABS (page_sizes[i].height - wanted->page_height_mm) < 1)
      gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->size_combo), page_sizes[i].id);
  self->filling = FALSE;
  update_sensitivity (self);
}

static void
find_devices (MkScanDialog *self)
{
  self->finding = TRUE;
  gtk_widget_hide (GTK_WIDGET (self->no_scanner_box));
  set_status (self, _("Looking for scanners…"));
  gtk_progress_bar_pulse (self->progress_bar);
  update_sensitivity (self);
  mk_scanner_find_devices (self->scanner);
}

static void
devices_changed_cb (MkScanner    *scanner,
                    GPtrArray    *devices,
                    MkScanDialog *self)
{
  g_autofree char *previous = g_strdup (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->device_combo)));

  self->finding = FALSE;
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  self->filling = TRUE;
  gtk_combo_box_text_remove_all (self->device_combo);
  for (guint i = 0; devices != NULL && i < devices->len; i++)
    {
      MkScanDevice *d = devices->pdata[i];
      g_autofree char *label = g_strdup_printf ("%s %s", d->vendor != NULL ? d->vendor : "",
                                                d->model != NULL ? d->model : d->name);

      gtk_combo_box_text_append (self->device_combo, d->name, g_strstrip (label));
    }
  self->filling = FALSE;

  if (devices == NULL || devices->len == 0)
    {
      /* Say so plainly, with the way out next to it. */
      gtk_widget_show (GTK_WIDGET (self->no_scanner_box));
      set_status (self, "");
      fill_options (self, NULL);
      return;
    }
  set_status (self, "");
  if (previous == NULL || !gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->device_combo), previous))
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->device_combo), 0);
  update_sensitivity (self);
}

static void
device_changed_cb (GtkComboBox  *combo,
                   MkScanDialog *self)
{
  const char *device = gtk_combo_box_get_active_id (combo);

  if (device == NULL)
    return;
  /* Until the driver answers, the remembered choice stands. */
  fill_options (self, NULL);
  self->finding = TRUE;
  update_sensitivity (self);
  mk_scanner_get_options (self->scanner, device);
}

static void
options_ready_cb (MkScanner     *scanner,
                  MkScanOptions *options,
                  MkScanDialog  *self)
{
  if (g_strcmp0 (options->device, gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->device_combo))) != 0)
    return;
  self->finding = FALSE;
  fill_options (self, options);
}

static void
option_changed_cb (GtkComboBox  *combo,
                   MkScanDialog *self)
{
  if (!self->filling)
    update_sensitivity (self);
}

static void
start_scan (MkScanDialog *self,
            gboolean      whole_feeder,
            int           replace_at)
{
  const char *device = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->device_combo));
  g_autoptr(MkScanSettings) settings = NULL;

  if (device == NULL || self->scanning)
    return;
  settings = chosen_settings (self);
  remember_settings (self, device, settings);
  settings->whole_feeder = whole_feeder;
  self->replace_at = replace_at;
  self->scanning = TRUE;
  hide_error (self);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  set_status (self, _("Starting the scanner…"));
  update_sensitivity (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->cancel_scan_button));
  mk_scanner_scan (self->scanner, device, settings);
}

static void
scan_page_clicked_cb (GtkButton    *button,
                      MkScanDialog *self)
{
  start_scan (self, FALSE, -1);
}

static void
scan_feeder_clicked_cb (GtkButton    *button,
                        MkScanDialog *self)
{
  start_scan (self, TRUE, -1);
}

static void
rescan_page_clicked_cb (GtkButton    *button,
                        MkScanDialog *self)
{
  int index = selected_page (self);

  if (index >= 0)
    start_scan (self, FALSE, index);
}

static void
cancel_scan_clicked_cb (GtkButton    *button,
                        MkScanDialog *self)
{
  if (!self->scanning)
    return;
  set_status (self, _("Stopping…"));
  mk_scanner_cancel (self->scanner);
}

static void
rescan_clicked_cb (GtkButton    *button,
                   MkScanDialog *self)
{
  find_devices (self);
}

static void
page_started_cb (MkScanner    *scanner,
                 guint         page,
                 MkScanDialog *self)
{
  g_autofree char *text = NULL;

  if (self->replace_at >= 0)
    text = g_strdup_printf (_("Scanning page %d again…"), self->replace_at + 1);
  else
    text = g_strdup_printf (_("Scanning page %u…"), mk_page_list_get_n_pages (self->pages) + 1);
  set_status (self, text);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
}

static void
progress_cb (MkScanner    *scanner,
             double        fraction,
             MkScanDialog *self)
{
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
}

static void
page_done_cb (MkScanner    *scanner,
              MkPage       *page,
              MkScanDialog *self)
{
  GtkTreeIter iter;

  if (self->replace_at >= 0 && (guint) self->replace_at < mk_page_list_get_n_pages (self->pages))
    {
      g_autoptr(GtkTreePath) path = gtk_tree_path_new_from_indices (self->replace_at, -1);

      mk_page_list_replace (self->pages, self->replace_at, page);
      if (gtk_tree_model_get_iter (GTK_TREE_MODEL (self->page_store), &iter, path))
        set_page_row (self, &iter, self->replace_at);
      select_page (self, self->replace_at);
      /* One page replaces one page; any further sheet is not part of the re-scan. */
      mk_scanner_cancel (self->scanner);
      return;
    }
  /* The page shows up at once, while the next sheet is being read. */
  mk_page_list_append (self->pages, page);
  gtk_list_store_append (self->page_store, &iter);
  set_page_row (self, &iter, mk_page_list_get_n_pages (self->pages) - 1);
  select_page (self, mk_page_list_get_n_pages (self->pages) - 1);
  update_sensitivity (self);
}

static void
scan_done (MkScanDialog *self,
           const char   *status)
{
  g_autofree char *text = NULL;
  guint n = mk_page_list_get_n_pages (self->pages);

  self->scanning = FALSE;
  self->replace_at = -1;
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s %u page in this attachment.",
                                       "%s %u pages in this attachment.", n),
                          status, n);
  set_status (self, text);
  update_sensitivity (self);
  gtk_widget_grab_focus (n > 0 ? GTK_WIDGET (self->page_view) : GTK_WIDGET (self->scan_page_button));
}

static void
scan_finished_cb (MkScanner    *scanner,
                  guint         n_pages,
                  MkScanDialog *self)
{
  if (self->scanning)
    scan_done (self, _("Scanning finished."));
}

static void
scan_failed_cb (MkScanner    *scanner,
                const GError *error,
                MkScanDialog *self)
{
  if (!self->scanning)
    {
      /* An options request failed: the dialog keeps its defaults. */
      self->finding = FALSE;
      update_sensitivity (self);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      scan_done (self, self->replace_at >= 0 ? _("Page scanned again.") : _("Scanning stopped."));
      return;
    }
  /* The driver's trouble in plain words; what was scanned stays. */
  show_error (self, error->message);
  scan_done (self, _("Scanning failed; the pages scanned before are kept."));
}

/* Page editing. */

static void
move_page (MkScanDialog *self,
           int           delta)
{
  int index = selected_page (self);
  int to = index + delta;

  if (index < 0 || to < 0 || (guint) to >= mk_page_list_get_n_pages (self->pages) || self->scanning)
    return;
  mk_page_list_move (self->pages, index, to);
  refill_pages (self, to);
}

static void
move_left_clicked_cb (GtkButton    *button,
                      MkScanDialog *self)
{
  move_page (self, -1);
}

static void
move_right_clicked_cb (GtkButton    *button,
                       MkScanDialog *self)
{
  move_page (self, 1);
}

static void
rotate_page (MkScanDialog *self,
             int           quarter_turns)
{
  int index = selected_page (self);
  GtkTreeIter iter;
  g_autoptr(GtkTreePath) path = NULL;

  if (index < 0 || self->scanning)
    return;
  mk_page_list_rotate (self->pages, index, quarter_turns);
  path = gtk_tree_path_new_from_indices (index, -1);
  if (gtk_tree_model_get_iter (GTK_TREE_MODEL (self->page_store), &iter, path))
    set_page_row (self, &iter, index);
}

static void
rotate_left_clicked_cb (GtkButton    *button,
                        MkScanDialog *self)
{
  rotate_page (self, -1);
}

static void
rotate_right_clicked_cb (GtkButton    *button,
                         MkScanDialog *self)
{
  rotate_page (self, 1);
}

static void
delete_clicked_cb (GtkButton    *button,
                   MkScanDialog *self)
{
  int index = selected_page (self);

  if (index < 0 || self->scanning)
    return;
  mk_page_list_remove (self->pages, index);
  refill_pages (self, index);
  if (mk_page_list_get_n_pages (self->pages) == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->scan_page_button));
}

static void
selection_changed_cb (GtkIconView  *view,
                      MkScanDialog *self)
{
  update_sensitivity (self);
}

static gboolean
page_view_key_pressed_cb (GtkWidget    *widget,
                          GdkEventKey  *event,
                          MkScanDialog *self)
{
  GdkModifierType mods = event->state & gtk_accelerator_get_default_mod_mask ();

  /* Ctrl+←/→ move the page; Delete removes it. */
  if (mods == GDK_CONTROL_MASK && (event->keyval == GDK_KEY_Left || event->keyval == GDK_KEY_Right))
    {
      move_page (self, event->keyval == GDK_KEY_Left ? -1 : 1);
      return GDK_EVENT_STOP;
    }
  if (mods == 0 && event->keyval == GDK_KEY_Delete)
    {
      delete_clicked_cb (NULL, self);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

/* Saving. */

static void
saved (MkScanDialog   *self,
       MkImportResult *result)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->result, mk_import_result_free);
  self->result = result;
  if (self->c != NULL)
    {
      MkStore *store = mk_context_get_store (self->context);

      self->attachment_id = mk_store_add_attachment (store, mk_context_get_user (self->context), self->c,
                                                     self->doc_kind, NULL, result, &error);
      if (self->attachment_id == 0)
        {
          self->saving = FALSE;
          show_error (self, error->message);
          update_sensitivity (self);
          return;
        }
      mk_context_cases_changed (self->context);
    }
  self->saving = FALSE;
  gtk_dialog_response (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(MkScanDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  MkImportResult *result = mk_import_pages_finish (res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  if (result == NULL)
    {
      self->saving = FALSE;
      show_error (self, error->message);
      set_status (self, "");
      update_sensitivity (self);
      return;
    }
  saved (self, result);
}

static void
mk_scan_dialog_response (GtkDialog *dialog,
                         int        response)
{
  MkScanDialog *self = MK_SCAN_DIALOG (dialog);

  if (response == GTK_RESPONSE_OK)
    {
      /* Save: the PDF is written off the main thread; ACCEPT follows. */
      g_signal_stop_emission_by_name (dialog, "response");
      if (self->saving || self->scanning || mk_page_list_get_n_pages (self->pages) == 0)
        return;
      self->saving = TRUE;
      hide_error (self);
      set_status (self, _("Saving the pages as one PDF…"));
      gtk_progress_bar_pulse (self->progress_bar);
      update_sensitivity (self);
      mk_import_pages_async (self->pages, self->save_cancellable, import_done_cb, g_object_ref (self));
      return;
    }
  if (self->scanning)
    mk_scanner_cancel (self->scanner);
}

/* Escape while scanning stops the scan, and only that. */
static void
mk_scan_dialog_close (GtkDialog *dialog)
{
  MkScanDialog *self = MK_SCAN_DIALOG (dialog);

  if (self->scanning)
    {
      cancel_scan_clicked_cb (NULL, self);
      return;
    }
  GTK_DIALOG_CLASS (mk_scan_dialog_parent_class)->close (dialog);
}

static void
error_bar_response_cb (GtkInfoBar   *bar,
                       int           response,
                       MkScanDialog *self)
{
  hide_error (self);
}

static void
mk_scan_dialog_constructed (GObject *object)
{
  MkScanDialog *self = MK_SCAN_DIALOG (object);

  G_OBJECT_CLASS (mk_scan_dialog_parent_class)->constructed (object);

  self->save_button = gtk_dialog_add_button (GTK_DIALOG (self), _("_Save"), GTK_RESPONSE_OK);
  gtk_style_context_add_class (gtk_widget_get_style_context (self->save_button), "suggested-action");
  gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_OK);
  find_devices (self);
}

static void
mk_scan_dialog_dispose (GObject *object)
{
  MkScanDialog *self = MK_SCAN_DIALOG (object);

  self->alive = FALSE;
  g_cancellable_cancel (self->save_cancellable);
  if (self->scanner != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->scanner, self);
      mk_scanner_shutdown (self->scanner);
      g_clear_object (&self->scanner);
    }
  G_OBJECT_CLASS (mk_scan_dialog_parent_class)->dispose (object);
}

static void
mk_scan_dialog_finalize (GObject *object)
{
  MkScanDialog *self = MK_SCAN_DIALOG (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->c, mk_case_unref);
  g_free (self->doc_kind);
  g_clear_object (&self->pages);
  g_clear_object (&self->page_store);
  g_clear_object (&self->save_cancellable);
  g_clear_pointer (&self->result, mk_import_result_free);
  G_OBJECT_CLASS (mk_scan_dialog_parent_class)->finalize (object);
}

static void
mk_scan_dialog_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MkScanDialog *self = MK_SCAN_DIALOG (object);

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
mk_scan_dialog_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MkScanDialog *self = MK_SCAN_DIALOG (object);

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
mk_scan_dialog_class_init (MkScanDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkDialogClass *dialog_class = GTK_DIALOG_CLASS (klass);

  object_class->constructed = mk_scan_dialog_constructed;
  object_class->dispose = mk_scan_dialog_dispose;
  object_class->finalize = mk_scan_dialog_finalize;
  object_class->set_property = mk_scan_dialog_set_property;
  object_class->get_property = mk_scan_dialog_get_property;
  dialog_class->response = mk_scan_dialog_response;
  dialog_class->close = mk_scan_dialog_close;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", "Context", "The store, settings and signed-in user",
                         MK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS
                         | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/kz/mekenjai/Mekenjai/ui/mk-scan-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MkScanDialog, device_combo);
  gtk_widget_class_bind_template_child (widget_class, MkScanDialog, rescan_button);
  gtk_widget_class_bind_template_child (widget_class, MkScanDialog, no_scanner_box);
  gtk_widget_class_bind_template_child (widget_class, MkScanDialog, source_combo);
  gtk_widget_class_bind_template_child (widget_class, MkScanDialog, mode_combo);
  gtk_widget_class_bind_template_child (widget_class, MkScanDialog, resolution_combo);
  gtk_widget_class_bind_template_child (widget_class, MkScanDialog, size_combo);
  gtk_widget_class_bind_template_child (widget_class, MkScanDialog, scan_page_button);
  gtk_widget_class_bind_template_child (widget_class, MkScanDialog, scan_feeder_button);
  gtk_widget_class_bind_template_child (widget_class, MkScanDialog, cancel_scan_button);
  gtk_widget_class_bind_template_child (widget_class, MkScanDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MkScanDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, MkScanDialog, page_view);
  gtk_widget_class_bind_template_child (widget_class, MkScanDialog, move_left_button);
  gtk_widget_class_bind_template_child (widget_class, MkScanDialog, move_right_button);
  gtk_widget_class_bind_template_child (widget_class, MkScanDialog, rotate_left_button);
  gtk_widget_class_bind_template_child (widget_class, MkScanDialog, rotate_right_button);
  gtk_widget_class_bind_template_child (widget_class, MkScanDialog, delete_button);
  gtk_widget_class_bind_template_child (widget_class, MkScanDialog, rescan_page_button);
  gtk_widget_class_bind_template_child (widget_class, MkScanDialog, error_bar);
  gtk_widget_class_bind_template_child (widget_class, MkScanDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, device_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, option_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rescan_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, scan_page_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, scan_feeder_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_scan_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, move_left_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, move_right_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rotate_left_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rotate_right_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, delete_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rescan_page_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, page_view_key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, error_bar_response_cb);
}

static void
mk_scan_dialog_init (MkScanDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mk_ui_fit_default_size (GTK_WINDOW (self));
  mk_ui_set_help_page (GTK_WINDOW (self), "attachments");
  mk_info_bar_name_close_button (self->error_bar);
  self->page_store = gtk_list_store_new (N_COLS, GDK_TYPE_PIXBUF, G_TYPE_STRING);
  gtk_icon_view_set_model (self->page_view, GTK_TREE_MODEL (self->page_store));
  gtk_icon_view_set_pixbuf_column (self->page_view, COL_PIXBUF);
  gtk_icon_view_set_text_column (self->page_view, COL_LABEL);

  self->replace_at = -1;
  self->pages = mk_page_list_new ();
  self->save_cancellable = g_cancellable_new ();
  for (gsize i = 0; i < G_N_ELEMENTS (resolutions); i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", resolutions[i]);
      /* Translators: a scanning resolution, e.g. "300 dpi". */
      g_autofree char *label = g_strdup_printf (_("%u dpi"), resolutions[i]);

      gtk_combo_box_text_append (self->resolution_combo, id, label);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (page_sizes); i++)
    gtk_combo_box_text_append (self->size_combo, page_sizes[i].id, _(page_sizes[i].name));

  self->scanner = mk_scanner_new ();
  g_signal_connect (self->scanner, "devices-changed", G_CALLBACK (devices_changed_cb), self);
  g_signal_connect (self->scanner, "options-ready", G_CALLBACK (options_ready_cb), self);
  g_signal_connect (self->scanner, "page-started", G_CALLBACK (page_started_cb), self);
  g_signal_connect (self->scanner, "progress", G_CALLBACK (progress_cb), self);
  g_signal_connect (self->scanner, "page-done", G_CALLBACK (page_done_cb), self);
  g_signal_connect (self->scanner, "scan-finished", G_CALLBACK (scan_finished_cb), self);
  g_signal_connect (self->scanner, "scan-failed", G_CALLBACK (scan_failed_cb), self);
  self->alive = TRUE;
}

GtkWidget *
mk_scan_dialog_new (GtkWindow  *parent,
                    MkContext  *context,
                    MkCase     *c,
                    const char *doc_kind)
{
  MkScanDialog *self;
  const MkDocumentKind *kind;
  g_autofree char *title = NULL;

  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (doc_kind != NULL, NULL);

  self = g_object_new (MK_TYPE_SCAN_DIALOG,
                       "context", context,
                       "transient-for", parent,
                       "modal", TRUE,
                       "use-header-bar", TRUE,
                       NULL);
  self->c = c != NULL ? mk_case_ref (c) : NULL;
  self->doc_kind = g_strdup (doc_kind);
  /* How long a silent driver is waited for before it is given up. */
  mk_scanner_set_timeout (self->scanner,
                          g_settings_get_uint (mk_context_get_settings (context), "scanner-timeout"));
  kind = mk_regulation_get_document_kind (mk_context_get_regulation (context), doc_kind);
  /* Translators: the scan dialog's title, e.g. "Scan: Application in free form". */
  title = g_strdup_printf (_("Scan: %s"), kind != NULL ? mk_text_get (&kind->name) : doc_kind);
  gtk_window_set_title (GTK_WINDOW (self), title);
  update_sensitivity (self);
  return GTK_WIDGET (self);
}

MkImportResult *
mk_scan_dialog_get_result (MkScanDialog *self)
{
  g_return_val_if_fail (MK_IS_SCAN_DIALOG (self), NULL);
  return self->result;
}

gint64
mk_scan_dialog_get_attachment_id (MkScanDialog *self)
{
  g_return_val_if_fail (MK_IS_SCAN_DIALOG (self), 0);
  return self->attachment_id;
}

MkPageList *
mk_scan_dialog_get_pages (MkScanDialog *self)
{
  g_return_val_if_fail (MK_IS_SCAN_DIALOG (self), NULL);
  return self->pages;
}
