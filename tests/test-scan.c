/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the scanner and its helper process against SANE's test backend
 * (SANE_CONFIG_DIR=tests/scan, MK_SCANNER_HELPER=the built helper). */

#include "mk-scan.h"
#include <sane/sane.h>

#include "mk-scan-private.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

/* §11: the applicant's documents are scanned at the counter; these tests
 * drive the whole path from the driver to pages in the main loop. */

typedef struct {
  MkScanner  *scanner;
  GMainLoop  *loop;
  GPtrArray  *pages;      /* MkPage */
  GArray     *progress;   /* double */
  GArray     *started;    /* guint */
  GPtrArray  *devices;
  MkScanOptions *options;
  int         finished;   /* pages, or -1 */
  GError     *error;
  guint       timeout_id;
  gboolean    cancel_on_progress;
  int         signal_on_progress;  /* sent to the helper at the first progress of page… */
  guint       signal_page;         /* …this one (from 1) */
  GPid        signalled;           /* the helper that got it */
  guint       current_page;
} Fixture;

static void
devices_changed_cb (MkScanner *scanner,
                    GPtrArray *devices,
                    Fixture   *fixture)
{
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  fixture->devices = g_ptr_array_ref (devices);
  g_main_loop_quit (fixture->loop);
}

static void
options_ready_cb (MkScanner     *scanner,
                  MkScanOptions *options,
                  Fixture       *fixture)
{
  fixture->options = mk_scan_options_copy (options);
  g_main_loop_quit (fixture->loop);
}

static void
page_started_cb (MkScanner *scanner,
                 guint      page,
                 Fixture   *fixture)
{
  g_array_append_val (fixture->started, page);
  fixture->current_page = page;
}

static void
progress_cb (MkScanner *scanner,
             double     fraction,
             Fixture   *fixture)
{
  g_array_append_val (fixture->progress, fraction);
  if (fixture->cancel_on_progress && fraction > 0.05)
    {
      fixture->cancel_on_progress = FALSE;
      mk_scanner_cancel (scanner);
    }
  if (fixture->signal_on_progress != 0 && fixture->current_page == fixture->signal_page)
    {
      /* A driver that hangs (SIGSTOP) or crashes (SIGKILL) in mid-page. */
      fixture->signalled = mk_scanner_get_helper_pid (scanner);
      g_assert_cmpint (fixture->signalled, >, 0);
      g_assert_cmpint (kill (fixture->signalled, fixture->signal_on_progress), ==, 0);
      fixture->signal_on_progress = 0;
    }
}

static void
page_done_cb (MkScanner *scanner,
              MkPage    *page,
              Fixture   *fixture)
{
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_ptr_array_add (fixture->pages, g_object_ref (page));
}

static void
scan_finished_cb (MkScanner *scanner,
                  guint      n_pages,
                  Fixture   *fixture)
{
  fixture->finished = (int) n_pages;
  g_main_loop_quit (fixture->loop);
}

static void
scan_failed_cb (MkScanner    *scanner,
                const GError *error,
                Fixture      *fixture)
{
  g_clear_error (&fixture->error);
  fixture->error = g_error_copy (error);
  g_main_loop_quit (fixture->loop);
}

/* The scanner's own watchdog gives up on a helper long before this: a wait
 * this long is a bug of the scanner. */
static gboolean
timed_out_cb (gpointer data)
{
  g_error ("the scanner did not answer within 90 s");
  return G_SOURCE_REMOVE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->scanner = mk_scanner_new ();
  fixture->loop = g_main_loop_new (NULL, FALSE);
  fixture->pages = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->progress = g_array_new (FALSE, FALSE, sizeof (double));
  fixture->started = g_array_new (FALSE, FALSE, sizeof (guint));
  fixture->finished = -1;
  fixture->timeout_id = g_timeout_add_seconds (90, timed_out_cb, NULL);

  g_signal_connect (fixture->scanner, "devices-changed", G_CALLBACK (devices_changed_cb), fixture);
  g_signal_connect (fixture->scanner, "options-ready", G_CALLBACK (options_ready_cb), fixture);
  g_signal_connect (fixture->scanner, "page-started", G_CALLBACK (page_started_cb), fixture);
  g_signal_connect (fixture->scanner, "progress", G_CALLBACK (progress_cb), fixture);
  g_signal_connect (fixture->scanner, "page-done", G_CALLBACK (page_done_cb), fixture);
  g_signal_connect (fixture->scanner, "scan-finished", G_CALLBACK (scan_finished_cb), fixture);
  g_signal_connect (fixture->scanner, "scan-failed", G_CALLBACK (scan_failed_cb), fixture);
}

static void
fixture_reset (Fixture *fixture)
{
  g_ptr_array_set_size (fixture->pages, 0);
  g_array_set_size (fixture->progress, 0);
  g_array_set_size (fixture->started, 0);
  fixture->finished = -1;
  fixture->current_page = 0;
  g_clear_error (&fixture->error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_object_unref (fixture->scanner);
  /* Emissions still queued after dispose must find no scanner and do nothing. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_source_remove (fixture->timeout_id);
  g_main_loop_unref (fixture->loop);
  g_ptr_array_unref (fixture->pages);
  g_array_unref (fixture->progress);
  g_array_unref (fixture->started);
  g_clear_pointer (&fixture->devices, g_ptr_array_unref);
  g_clear_pointer (&fixture->options, mk_scan_options_free);
  g_clear_error (&fixture->error);
}

static void
run_scan (Fixture              *fixture,
          const MkScanSettings *settings)
{
  fixture_reset (fixture);
  mk_scanner_scan (fixture->scanner, "test:0", settings);
  g_main_loop_run (fixture->loop);
}

static gboolean
array_contains (GArray *array,
                int     value)
{
  for (guint i = 0; i < array->len; i++)
    if (g_array_index (array, int, i) == value)
      return TRUE;
  return FALSE;
}

/* Driver vocabularies: many names, three sources and three modes. */
static void
test_vocabulary (void)
{
  static const struct {
    const char *name;
    int         source;
  } sources[] = {
    { "Flatbed", MK_SCAN_SOURCE_FLATBED },
    { "FlatBed", MK_SCAN_SOURCE_FLATBED },
    { "Normal", MK_SCAN_SOURCE_FLATBED },
    { "Document Table", MK_SCAN_SOURCE_FLATBED },
    { "ADF", MK_SCAN_SOURCE_FEEDER },
    { "ADF Front", MK_SCAN_SOURCE_FEEDER },
    { "Automatic Document Feeder", MK_SCAN_SOURCE_FEEDER },
    { "Automatic Document Feeder(left aligned)", MK_SCAN_SOURCE_FEEDER },
    { "Feeder", MK_SCAN_SOURCE_FEEDER },
    { "ADF Duplex", MK_SCAN_SOURCE_DUPLEX },
    { "Duplex", MK_SCAN_SOURCE_DUPLEX },
    { "Automatic Document Feeder(centrally aligned,Duplex)", MK_SCAN_SOURCE_DUPLEX },
    { "Transparency Adapter", -1 },
    { "Film", -1 },
  };
  static const struct {
    const char *name;
    int         mode;
  } modes[] = {
    { "Color", MK_SCAN_MODE_COLOR },
    { "Colour", MK_SCAN_MODE_COLOR },
    { "24bit Color", MK_SCAN_MODE_COLOR },
    { "Gray", MK_SCAN_MODE_GRAY },
    { "Grayscale", MK_SCAN_MODE_GRAY },
    { "True Gray", MK_SCAN_MODE_GRAY },
    { "Lineart", MK_SCAN_MODE_LINEART },
    { "Binary", MK_SCAN_MODE_LINEART },
    { "Black & White", MK_SCAN_MODE_LINEART },
    { "Halftone", -1 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (sources); i++)
    g_assert_cmpint (mk_scan_source_from_driver_name (sources[i].name), ==, sources[i].source);
  for (gsize i = 0; i < G_N_ELEMENTS (modes); i++)
    g_assert_cmpint (mk_scan_mode_from_driver_name (modes[i].name), ==, modes[i].mode);
}

static void
test_settings_string (void)
{
  g_autoptr(MkScanSettings) defaults = mk_scan_settings_new ();
  g_autoptr(MkScanSettings) settings = mk_scan_settings_new ();
  g_autoptr(MkScanSettings) back = NULL;
  g_autoptr(MkScanSettings) newer = NULL;
  g_autoptr(MkScanSettings) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* §3: paper is the legal output, so A4 is the default. */
  g_assert_cmpfloat (defaults->page_width_mm, ==, 210);
  g_assert_cmpfloat (defaults->page_height_mm, ==, 297);
  g_assert_cmpuint (defaults->dpi, ==, 300);

  settings->source = MK_SCAN_SOURCE_DUPLEX;
  settings->mode = MK_SCAN_MODE_LINEART;
  settings->dpi = 200;
  settings->page_width_mm = 215.9;
  settings->page_height_mm = 355.6;
  settings->whole_feeder = TRUE;
  text = mk_scan_settings_to_string (settings);
  back = mk_scan_settings_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->source, ==, MK_SCAN_SOURCE_DUPLEX);
  g_assert_cmpint (back->mode, ==, MK_SCAN_MODE_LINEART);
  g_assert_cmpuint (back->dpi, ==, 200);
  g_assert_cmpfloat_with_epsilon (back->page_width_mm, 215.9, 1e-9);
  g_assert_cmpfloat_with_epsilon (back->page_height_mm, 355.6, 1e-9);
  g_assert_true (back->whole_feeder);

  /* Values from a newer version keep the defaults. */
  newer = mk_scan_settings_from_string ("[Scan]\nSource=film\nMode=sepia\nResolution=7\n", &error);
  g_assert_no_error (error);
  g_assert_cmpint (newer->source, ==, MK_SCAN_SOURCE_FLATBED);
  g_assert_cmpint (newer->mode, ==, MK_SCAN_MODE_GRAY);
  g_assert_cmpuint (newer->dpi, ==, 300);

  bad = mk_scan_settings_from_string ("this is not a key file", &error);
  g_assert_null (bad);
  g_assert_nonnull (error);
}

static void
test_devices (Fixture       *fixture,
              gconstpointer  data)
{
  gboolean found = FALSE;

  mk_scanner_find_devices (fixture->scanner);
  g_main_loop_run (fixture->loop);

  g_assert_nonnull (fixture->devices);
  g_assert_cmpuint (fixture->devices->len, ==, 2);  /* test.conf: number_of_devices 2 */
  for (guint i = 0; i < fixture->devices->len; i++)
    {
      MkScanDevice *device = g_ptr_array_index (fixture->devices, i);

      if (g_str_equal (device->name, "test:0"))
        {
          found = TRUE;
          g_assert_nonnull (device->vendor);
          g_assert_nonnull (device->model);
          g_assert_nonnull (device->type);
        }
    }
  g_assert_true (found);
}

static void
test_options (Fixture       *fixture,
              gconstpointer  data)
{
  MkScanOptions *options;

  mk_scanner_get_options (fixture->scanner, "test:0");
  g_main_loop_run (fixture->loop);

  options = fixture->options;
  g_assert_nonnull (options);
  g_assert_cmpstr (options->device, ==, "test:0");
  g_assert_true (array_contains (options->sources, MK_SCAN_SOURCE_FLATBED));
  g_assert_true (array_contains (options->sources, MK_SCAN_SOURCE_FEEDER));
  g_assert_false (array_contains (options->sources, MK_SCAN_SOURCE_DUPLEX));
  g_assert_true (array_contains (options->modes, MK_SCAN_MODE_COLOR));
  g_assert_true (array_contains (options->modes, MK_SCAN_MODE_GRAY));
  g_assert_true (array_contains (options->modes, MK_SCAN_MODE_LINEART));
  g_assert_true (array_contains (options->resolutions, 150));
  g_assert_true (array_contains (options->resolutions, 200));
  g_assert_true (array_contains (options->resolutions, 300));
  g_assert_cmpfloat (options->max_width_mm, ==, 300);
  g_assert_cmpfloat (options->max_height_mm, ==, 300);
}

static void
test_options_no_device (Fixture       *fixture,
                        gconstpointer  data)
{
  mk_scanner_get_options (fixture->scanner, "nosuchbackend:0");
  g_main_loop_run (fixture->loop);

  g_assert_error (fixture->error, MK_SCAN_ERROR, MK_SCAN_ERROR_NO_DEVICE);
}

static void
assert_a4 (MkPage *page,
           guint   dpi)
{
  /* A4 at @dpi: the driver cuts the scan area to whole pixels. */
  double width = 210 / 25.4 * dpi, height = 297 / 25.4 * dpi;

  g_assert_cmpuint (mk_page_get_dpi (page), ==, dpi);
  g_assert_cmpfloat (fabs (mk_page_get_width (page) - width), <=, 2);
  g_assert_cmpfloat (fabs (mk_page_get_height (page) - height), <=, 2);
}

/* One grey A4 page from the flatbed at 150 dpi. */
static void
test_flatbed_page (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MkScanSettings) settings = mk_scan_settings_new ();
  MkPage *page;
  double last = 0;

  settings->dpi = 150;
  run_scan (fixture, settings);

  g_assert_no_error (fixture->error);
  g_assert_cmpint (fixture->finished, ==, 1);
  g_assert_cmpuint (fixture->pages->len, ==, 1);
  g_assert_cmpuint (fixture->started->len, ==, 1);
  g_assert_cmpuint (g_array_index (fixture->started, guint, 0), ==, 1);

  page = g_ptr_array_index (fixture->pages, 0);
  g_assert_cmpint (mk_page_get_format (page), ==, MK_PAGE_FORMAT_GRAY8);
  assert_a4 (page, 150);
  g_assert_cmpuint (g_bytes_get_size (mk_page_get_data (page)), ==,
                    mk_page_get_stride (page) * mk_page_get_height (page));

  g_assert_cmpuint (fixture->progress->len, >, 2);
  for (guint i = 0; i < fixture->progress->len; i++)
    {
      double fraction = g_array_index (fixture->progress, double, i);

      g_assert_cmpfloat (fraction, >=, last);
      last = fraction;
    }
  g_assert_cmpfloat (last, ==, 1.0);
}

/* The nearest resolution the driver offers is used; 200 dpi in colour. */
static void
test_colour_page (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(MkScanSettings) settings = mk_scan_settings_new ();
  MkPage *page;

  settings->mode = MK_SCAN_MODE_COLOR;
  settings->dpi = 200;
  run_scan (fixture, settings);

  g_assert_no_error (fixture->error);
  g_assert_cmpuint (fixture->pages->len, ==, 1);
  page = g_ptr_array_index (fixture->pages, 0);
  g_assert_cmpint (mk_page_get_format (page), ==, MK_PAGE_FORMAT_RGB24);
  g_assert_cmpuint (mk_page_get_stride (page), >=, mk_page_get_width (page) * 3);
  assert_a4 (page, 200);
}

/* Black and white: the test backend gives it as grey at depth 1. */
static void
test_lineart_page (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MkScanSettings) settings = mk_scan_settings_new ();
  MkPage *page;
  const guint8 *bits;
  gsize n_bytes;
  gboolean any_black = FALSE, any_white = FALSE;

  settings->mode = MK_SCAN_MODE_LINEART;
  settings->dpi = 300;
  run_scan (fixture, settings);

  g_assert_no_error (fixture->error);
  g_assert_cmpuint (fixture->pages->len, ==, 1);
  page = g_ptr_array_index (fixture->pages, 0);
  g_assert_cmpint (mk_page_get_format (page), ==, MK_PAGE_FORMAT_GRAY1);
  assert_a4 (page, 300);
  g_assert_cmpuint (mk_page_get_stride (page), >=, (mk_page_get_width (page) + 7) / 8);

  /* The grid picture has both black lines and white squares. */
  bits = g_bytes_get_data (mk_page_get_data (page), &n_bytes);
  for (gsize i = 0; i < n_bytes; i++)
    {
      any_black |= bits[i] != 0;
      any_white |= bits[i] != 0xff;
    }
  g_assert_true (any_black);
  g_assert_true (any_white);
}

/* The whole feeder: the test backend's feeder holds 10 sheets. */
static void
test_feeder_batch (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MkScanSettings) settings = mk_scan_settings_new ();

  settings->source = MK_SCAN_SOURCE_FEEDER;
  settings->whole_feeder = TRUE;
  settings->dpi = 75;
  run_scan (fixture, settings);

  g_assert_no_error (fixture->error);
  g_assert_cmpint (fixture->finished, ==, 10);
  g_assert_cmpuint (fixture->pages->len, ==, 10);
  g_assert_cmpuint (fixture->started->len, ==, 10);
  for (guint i = 0; i < fixture->pages->len; i++)
    {
      g_assert_cmpuint (g_array_index (fixture->started, guint, i), ==, i + 1);
      assert_a4 (g_ptr_array_index (fixture->pages, i), 75);
    }
}

/* Duplex is asked for, the test backend has none: its feeder is used. */
static void
test_feeder_one_page (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(MkScanSettings) settings = mk_scan_settings_new ();

  settings->source = MK_SCAN_SOURCE_DUPLEX;
  settings->whole_feeder = FALSE;
  settings->dpi = 75;
  run_scan (fixture, settings);

  g_assert_no_error (fixture->error);
  g_assert_cmpint (fixture->finished, ==, 1);
  g_assert_cmpuint (fixture->pages->len, ==, 1);
}

/* A jam at the third sheet: two pages already delivered stay. */
static void
test_feeder_jam (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(MkScanSettings) settings = mk_scan_settings_new ();

  settings->source = MK_SCAN_SOURCE_FEEDER;
  settings->whole_feeder = TRUE;
  settings->dpi = 75;
  mk_scanner_inject_driver_option (fixture->scanner, 3, "read-return-value", "SANE_STATUS_JAMMED");
  run_scan (fixture, settings);

  g_assert_error (fixture->error, MK_SCAN_ERROR, MK_SCAN_ERROR_JAMMED);
  g_assert_nonnull (strstr (fixture->error->message, "jammed"));
  g_assert_cmpint (fixture->finished, ==, -1);
  g_assert_cmpuint (fixture->pages->len, ==, 2);
  g_assert_cmpuint (fixture->started->len, ==, 3);
}

/* Each driver failure becomes its own plain-words error. */
static void
test_error_words (void)
{
  static const struct {
    SANE_Status  status;
    gboolean     feeder;
    MkScanError  code;
    const char  *words;
  } cases[] = {
    { SANE_STATUS_NO_DOCS, TRUE, MK_SCAN_ERROR_FEEDER_EMPTY, "feeder is empty" },
    { SANE_STATUS_COVER_OPEN, FALSE, MK_SCAN_ERROR_COVER_OPEN, "cover is open" },
    { SANE_STATUS_IO_ERROR, FALSE, MK_SCAN_ERROR_DEVICE_GONE, "stopped responding" },
    { SANE_STATUS_INVAL, FALSE, MK_SCAN_ERROR_DEVICE_GONE, "stopped responding" },
    { SANE_STATUS_DEVICE_BUSY, FALSE, MK_SCAN_ERROR_DEVICE_GONE, "busy" },
    { SANE_STATUS_NO_MEM, FALSE, MK_SCAN_ERROR_NO_MEMORY, "memory" },
    { SANE_STATUS_ACCESS_DENIED, FALSE, MK_SCAN_ERROR_ACCESS_DENIED, "not allowed" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = mk_scan_error_from_status (cases[i].status, TRUE, cases[i].feeder, NULL);

      g_test_message ("status %d → %s", cases[i].status, error->message);
      g_assert_error (error, MK_SCAN_ERROR, (int) cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].words));
    }
}

/* A failure the driver reports while reading (SANE test backend's
 * read-return-value) reaches the caller in plain words with no page, and the
 * device scans again afterwards. The other statuses' words are checked
 * directly above. */
static void
test_driver_error (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MkScanSettings) settings = mk_scan_settings_new ();

  settings->source = MK_SCAN_SOURCE_FLATBED;
  settings->dpi = 75;
  mk_scanner_inject_driver_option (fixture->scanner, 1, "read-return-value", "SANE_STATUS_COVER_OPEN");
  run_scan (fixture, settings);
  g_assert_error (fixture->error, MK_SCAN_ERROR, MK_SCAN_ERROR_COVER_OPEN);
  g_assert_nonnull (strstr (fixture->error->message, "cover is open"));
  g_assert_cmpuint (fixture->pages->len, ==, 0);

  mk_scanner_inject_driver_option (fixture->scanner, 1, "read-return-value", "Default");
  run_scan (fixture, settings);
  g_assert_no_error (fixture->error);
  g_assert_cmpuint (fixture->pages->len, ==, 1);
}

/* Cancel in the middle of a slow page; the device is usable afterwards. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(MkScanSettings) settings = mk_scan_settings_new ();
  gint64 start;

  settings->dpi = 300;
  mk_scanner_inject_driver_option (fixture->scanner, 1, "read-limit", "yes");
  mk_scanner_inject_driver_option (fixture->scanner, 1, "read-limit-size", "16384");
  mk_scanner_inject_driver_option (fixture->scanner, 1, "read-delay", "yes");
  mk_scanner_inject_driver_option (fixture->scanner, 1, "read-delay-duration", "5000");
  fixture->cancel_on_progress = TRUE;
  start = g_get_monotonic_time ();
  run_scan (fixture, settings);

  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fixture->pages->len, ==, 0);
  g_assert_cmpint (fixture->finished, ==, -1);
  /* A whole page at this pace would take about 3 s. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);

  /* Cancel with nothing running does not affect later requests. */
  mk_scanner_cancel (fixture->scanner);
  mk_scanner_inject_driver_option (fixture->scanner, 1, "read-delay", "no");
  settings->dpi = 75;
  run_scan (fixture, settings);
  g_assert_no_error (fixture->error);
  g_assert_cmpuint (fixture->pages->len, ==, 1);
}

/* Dropping the scanner during a scan joins the worker without hanging. */
static void
test_shutdown_while_scanning (void)
{
  g_autoptr(MkScanSettings) settings = mk_scan_settings_new ();
  MkScanner *scanner = mk_scanner_new ();
  gint64 start;

  mk_scanner_inject_driver_option (scanner, 1, "read-limit", "yes");
  mk_scanner_inject_driver_option (scanner, 1, "read-limit-size", "4096");
  mk_scanner_inject_driver_option (scanner, 1, "read-delay", "yes");
  mk_scanner_inject_driver_option (scanner, 1, "read-delay-duration", "20000");
  mk_scanner_scan (scanner, "test:0", settings);
  g_usleep (G_USEC_PER_SEC / 5);

  start = g_get_monotonic_time ();
  g_object_unref (scanner);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ---- A driver that hangs or crashes (the helper stopped or killed) ----------- */

/* Slow pages, so that a signal lands in mid-page. */
static void
slow_pages (MkScanner *scanner)
{
  mk_scanner_inject_driver_option (scanner, 1, "read-limit", "yes");
  mk_scanner_inject_driver_option (scanner, 1, "read-limit-size", "8192");
  mk_scanner_inject_driver_option (scanner, 1, "read-delay", "yes");
  mk_scanner_inject_driver_option (scanner, 1, "read-delay-duration", "2000");
}

static gboolean
process_gone (GPid pid)
{
  /* The scanner reaps the helper it killed: no such process is left. */
  return kill (pid, 0) != 0 && errno == ESRCH;
}

/* After the failure a fresh helper scans and the old one is gone. */
static void
assert_next_scan_works (Fixture *fixture,
                        GPid     old_helper)
{
  g_autoptr(MkScanSettings) settings = mk_scan_settings_new ();

  g_assert_true (process_gone (old_helper));
  g_assert_cmpint (mk_scanner_get_helper_pid (fixture->scanner), ==, 0);

  settings->dpi = 75;
  mk_scanner_inject_driver_option (fixture->scanner, 1, "read-limit", "no");
  mk_scanner_inject_driver_option (fixture->scanner, 1, "read-delay", "no");
  run_scan (fixture, settings);
  g_assert_no_error (fixture->error);
  g_assert_cmpint (fixture->finished, ==, 1);
  g_assert_cmpuint (fixture->pages->len, ==, 1);
  g_assert_cmpint (mk_scanner_get_helper_pid (fixture->scanner), !=, old_helper);
}

/* Finds the scanners first, so that messages name the model. */
static void
find_devices (Fixture *fixture)
{
  mk_scanner_find_devices (fixture->scanner);
  g_main_loop_run (fixture->loop);
  g_assert_no_error (fixture->error);
  g_assert_nonnull (fixture->devices);
}

static void
test_helper_flatbed (Fixture       *fixture,
                     gconstpointer  data)
{
  int sig = GPOINTER_TO_INT (data);
  g_autoptr(MkScanSettings) settings = mk_scan_settings_new ();
  gint64 start;

  find_devices (fixture);
  mk_scanner_set_timeout (fixture->scanner, 2);
  slow_pages (fixture->scanner);
  settings->dpi = 150;
  fixture->signal_on_progress = sig;
  fixture->signal_page = 1;
  start = g_get_monotonic_time ();
  run_scan (fixture, settings);

  g_assert_cmpint (fixture->signalled, >, 0);
  g_assert_cmpint (fixture->finished, ==, -1);
  g_assert_cmpuint (fixture->pages->len, ==, 0);
  if (sig == SIGSTOP)
    {
      g_assert_error (fixture->error, MK_SCAN_ERROR, MK_SCAN_ERROR_NOT_RESPONDING);
      g_assert_nonnull (strstr (fixture->error->message, "stopped responding"));
      /* Given up after the timeout, not before. */
      g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_USEC_PER_SEC);
    }
  else
    g_assert_error (fixture->error, MK_SCAN_ERROR, MK_SCAN_ERROR_DRIVER_FAILED);
  /* The clerk is told which scanner, by its name. */
  g_assert_nonnull (strstr (fixture->error->message, "Noname frontend-tester"));

  assert_next_scan_works (fixture, fixture->signalled);
}

/* The feeder: the pages scanned before the driver hung or died are delivered. */
static void
test_helper_feeder (Fixture       *fixture,
                    gconstpointer  data)
{
  int sig = GPOINTER_TO_INT (data);
  g_autoptr(MkScanSettings) settings = mk_scan_settings_new ();

  mk_scanner_set_timeout (fixture->scanner, 2);
  slow_pages (fixture->scanner);
  settings->source = MK_SCAN_SOURCE_FEEDER;
  settings->whole_feeder = TRUE;
  settings->dpi = 75;
  fixture->signal_on_progress = sig;
  fixture->signal_page = 3;
  run_scan (fixture, settings);

  g_assert_cmpint (fixture->signalled, >, 0);
  g_assert_error (fixture->error, MK_SCAN_ERROR,
                  (int) (sig == SIGSTOP ? MK_SCAN_ERROR_NOT_RESPONDING : MK_SCAN_ERROR_DRIVER_FAILED));
  g_assert_nonnull (strstr (fixture->error->message, "pages scanned so far are kept"));
  g_assert_cmpuint (fixture->pages->len, ==, 2);
  for (guint i = 0; i < fixture->pages->len; i++)
    assert_a4 (g_ptr_array_index (fixture->pages, i), 75);

  assert_next_scan_works (fixture, fixture->signalled);
}

/* Cancel while the driver hangs: it is killed after two seconds. */
static void
test_helper_cancel_hung (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(MkScanSettings) settings = mk_scan_settings_new ();
  gint64 start;

  /* The watchdog alone would wait a minute. */
  slow_pages (fixture->scanner);
  settings->dpi = 150;
  fixture->signal_on_progress = SIGSTOP;
  fixture->signal_page = 1;
  fixture_reset (fixture);
  mk_scanner_scan (fixture->scanner, "test:0", settings);
  while (fixture->signalled == 0)
    g_main_context_iteration (NULL, TRUE);

  start = g_get_monotonic_time ();
  mk_scanner_cancel (fixture->scanner);
  g_main_loop_run (fixture->loop);
  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);

  assert_next_scan_works (fixture, fixture->signalled);
}

/* A search for scanners whose driver hangs fails in words, and can be retried. */
static void
test_helper_discovery_hung (Fixture       *fixture,
                            gconstpointer  data)
{
  GPid helper;

  find_devices (fixture);
  helper = mk_scanner_get_helper_pid (fixture->scanner);
  g_assert_cmpint (helper, >, 0);
  g_clear_pointer (&fixture->devices, g_ptr_array_unref);

  mk_scanner_set_timeout (fixture->scanner, 2);
  g_assert_cmpint (kill (helper, SIGSTOP), ==, 0);
  mk_scanner_find_devices (fixture->scanner);
  g_main_loop_run (fixture->loop);
  g_assert_error (fixture->error, MK_SCAN_ERROR, MK_SCAN_ERROR_NOT_RESPONDING);
  g_assert_null (fixture->devices);
  g_assert_true (process_gone (helper));

  g_clear_error (&fixture->error);
  find_devices (fixture);
  g_assert_cmpuint (fixture->devices->len, ==, 2);
}

/* Closing while the driver hangs returns at once and leaves no process. */
static void
test_helper_shutdown_hung (void)
{
  g_autoptr(MkScanSettings) settings = mk_scan_settings_new ();
  MkScanner *scanner = mk_scanner_new ();
  GPid helper = 0;
  gint64 start;

  slow_pages (scanner);
  mk_scanner_scan (scanner, "test:0", settings);
  while ((helper = mk_scanner_get_helper_pid (scanner)) == 0)
    g_usleep (G_USEC_PER_SEC / 100);
  g_usleep (G_USEC_PER_SEC / 5);
  g_assert_cmpint (kill (helper, SIGSTOP), ==, 0);

  /* The hung helper is killed at once, not waited for: a bound far below the
   * 60 s timeout, with room for a loaded machine. */
  start = g_get_monotonic_time ();
  g_object_unref (scanner);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_true (process_gone (helper));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The helper is for the scanner only. */
static void
test_helper_by_hand (void)
{
  const char *helper = g_getenv ("MK_SCANNER_HELPER");
  g_autofree char *err = NULL;
  int status = 0;
  const char *argv[] = { helper, NULL };

  g_assert_nonnull (helper);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &err, &status, NULL));
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_assert_nonnull (strstr (err, "not run by hand"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("SANE_CONFIG_DIR") == NULL)
    {
      g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "scan", NULL);

      g_setenv ("SANE_CONFIG_DIR", dir, TRUE);
    }

  g_test_add_func ("/scan/vocabulary", test_vocabulary);
  g_test_add_func ("/scan/settings/string", test_settings_string);
  g_test_add ("/scan/devices", Fixture, NULL, fixture_set_up, test_devices, fixture_tear_down);
  g_test_add ("/scan/options", Fixture, NULL, fixture_set_up, test_options, fixture_tear_down);
  g_test_add ("/scan/options/no-device", Fixture, NULL, fixture_set_up, test_options_no_device,
              fixture_tear_down);
  g_test_add ("/scan/flatbed/grey", Fixture, NULL, fixture_set_up, test_flatbed_page, fixture_tear_down);
  g_test_add ("/scan/flatbed/colour", Fixture, NULL, fixture_set_up, test_colour_page, fixture_tear_down);
  g_test_add ("/scan/flatbed/lineart", Fixture, NULL, fixture_set_up, test_lineart_page, fixture_tear_down);
  g_test_add ("/scan/feeder/batch", Fixture, NULL, fixture_set_up, test_feeder_batch, fixture_tear_down);
  g_test_add ("/scan/feeder/one-page", Fixture, NULL, fixture_set_up, test_feeder_one_page,
              fixture_tear_down);
  g_test_add ("/scan/feeder/jam", Fixture, NULL, fixture_set_up, test_feeder_jam, fixture_tear_down);
  g_test_add_func ("/scan/errors/words", test_error_words);
  g_test_add ("/scan/errors/injected", Fixture, NULL, fixture_set_up, test_driver_error, fixture_tear_down);
  g_test_add ("/scan/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add_func ("/scan/shutdown-while-scanning", test_shutdown_while_scanning);
  g_test_add ("/scan/helper/hung/flatbed", Fixture, GINT_TO_POINTER (SIGSTOP), fixture_set_up,
              test_helper_flatbed, fixture_tear_down);
  g_test_add ("/scan/helper/killed/flatbed", Fixture, GINT_TO_POINTER (SIGKILL), fixture_set_up,
              test_helper_flatbed, fixture_tear_down);
  g_test_add ("/scan/helper/hung/feeder", Fixture, GINT_TO_POINTER (SIGSTOP), fixture_set_up,
              test_helper_feeder, fixture_tear_down);
  g_test_add ("/scan/helper/killed/feeder", Fixture, GINT_TO_POINTER (SIGKILL), fixture_set_up,
              test_helper_feeder, fixture_tear_down);
  g_test_add ("/scan/helper/hung/cancel", Fixture, NULL, fixture_set_up, test_helper_cancel_hung,
              fixture_tear_down);
  g_test_add ("/scan/helper/hung/discovery", Fixture, NULL, fixture_set_up, test_helper_discovery_hung,
              fixture_tear_down);
  g_test_add_func ("/scan/helper/hung/shutdown", test_helper_shutdown_hung);
  g_test_add_func ("/scan/helper/by-hand", test_helper_by_hand);

  return g_test_run ();
}
