/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A scanner object whose single worker thread owns every SANE call, as in simple-scan. */

#define G_LOG_DOMAIN "mk-scan"

#include "mk-scan.h"
#include "mk-scan-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include <sane/sane.h>
#include <sane/saneopts.h>

G_DEFINE_QUARK (mk-scan-error-quark, mk_scan_error)

/* Bytes asked of sane_read() at a time: small enough that a cancel is noticed
 * within a fraction of a second on any scanner. */
#define READ_CHUNK (64 * 1024)
#define SETTINGS_GROUP "Scan"

/* ---- Driver vocabularies ----------------------------------------------------- */

/**
 * mk_scan_source_from_driver_name:
 * @name: a value of a driver's "source" option
 *
 * Drivers name the same thing many ways ("Flatbed", "FlatBed", "Normal",
 * "Document Table", "ADF", "ADF Front", "Automatic Document Feeder",
 * "ADF Duplex", …).
 *
 * Returns: an #MkScanSource, or -1 for sources we do not use (film, …)
 */
int
mk_scan_source_from_driver_name (const char *name)
{
  static const char *const flatbed[] = { "flatbed", "normal", "document table", "platen", "glass" };
  g_autofree char *lower = NULL;

  g_return_val_if_fail (name != NULL, -1);

  lower = g_ascii_strdown (name, -1);
  g_strstrip (lower);

  if (strstr (lower, "duplex") != NULL || strstr (lower, "front and back") != NULL ||
      strstr (lower, "front & back") != NULL)
    return MK_SCAN_SOURCE_DUPLEX;
  for (gsize i = 0; i < G_N_ELEMENTS (flatbed); i++)
    if (strstr (lower, flatbed[i]) != NULL)
      return MK_SCAN_SOURCE_FLATBED;
  if (strstr (lower, "adf") != NULL || strstr (lower, "feeder") != NULL ||
      g_str_equal (lower, "auto"))
    return MK_SCAN_SOURCE_FEEDER;

  return -1;
}

/**
 * mk_scan_mode_from_driver_name:
 * @name: a value of a driver's "mode" option
 *
 * Returns: an #MkScanMode, or -1 for modes we do not use (halftone, …)
 */
int
mk_scan_mode_from_driver_name (const char *name)
{
  static const char *const lineart[] = { "lineart", "line art", "binary", "black & white",
                                         "black and white", "black&white", "monochrome", "bw" };
  g_autofree char *lower = NULL;

  g_return_val_if_fail (name != NULL, -1);

  lower = g_ascii_strdown (name, -1);
  g_strstrip (lower);

  /* Dithered modes would spoil text; they are not offered. */
  if (strstr (lower, "halftone") != NULL || strstr (lower, "dither") != NULL)
    return -1;
  for (gsize i = 0; i < G_N_ELEMENTS (lineart); i++)
    if (strstr (lower, lineart[i]) != NULL)
      return MK_SCAN_MODE_LINEART;
  if (strstr (lower, "color") != NULL || strstr (lower, "colour") != NULL)
    return MK_SCAN_MODE_COLOR;
  if (strstr (lower, "gray") != NULL || strstr (lower, "grey") != NULL)
    return MK_SCAN_MODE_GRAY;

  return -1;
}

/* ---- Boxed types ------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (MkScanDevice, mk_scan_device, mk_scan_device_copy, mk_scan_device_free)
G_DEFINE_BOXED_TYPE (MkScanOptions, mk_scan_options, mk_scan_options_copy, mk_scan_options_free)
G_DEFINE_BOXED_TYPE (MkScanSettings, mk_scan_settings, mk_scan_settings_copy, mk_scan_settings_free)

MkScanDevice *
mk_scan_device_copy (const MkScanDevice *device)
{
  MkScanDevice *copy;

  g_return_val_if_fail (device != NULL, NULL);

  copy = g_new0 (MkScanDevice, 1);
  copy->name = g_strdup (device->name);
  copy->vendor = g_strdup (device->vendor);
  copy->model = g_strdup (device->model);
  copy->type = g_strdup (device->type);
  return copy;
}

void
mk_scan_device_free (MkScanDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->name);
  g_free (device->vendor);
  g_free (device->model);
  g_free (device->type);
  g_free (device);
}

static MkScanOptions *
mk_scan_options_new (const char *device)
{
  MkScanOptions *options = g_new0 (MkScanOptions, 1);

  options->device = g_strdup (device);
  options->sources = g_array_new (FALSE, FALSE, sizeof (MkScanSource));
  options->modes = g_array_new (FALSE, FALSE, sizeof (MkScanMode));
  options->resolutions = g_array_new (FALSE, FALSE, sizeof (guint));
  return options;
}

static GArray *
array_copy (GArray *array)
{
  guint size = g_array_get_element_size (array);
  GArray *copy = g_array_sized_new (FALSE, FALSE, size, array->len);

  g_array_append_vals (copy, array->data, array->len);
  return copy;
}

MkScanOptions *
mk_scan_options_copy (const MkScanOptions *options)
{
  MkScanOptions *copy;

  g_return_val_if_fail (options != NULL, NULL);

  copy = g_new0 (MkScanOptions, 1);
  copy->device = g_strdup (options->device);
  copy->sources = array_copy (options->sources);
  copy->modes = array_copy (options->modes);
  copy->resolutions = array_copy (options->resolutions);
  copy->max_width_mm = options->max_width_mm;
  copy->max_height_mm = options->max_height_mm;
  return copy;
}

void
mk_scan_options_free (MkScanOptions *options)
{
  if (options == NULL)
    return;
  g_free (options->device);
  g_array_unref (options->sources);
  g_array_unref (options->modes);
  g_array_unref (options->resolutions);
  g_free (options);
}

MkScanSettings *
mk_scan_settings_new (void)
{
  MkScanSettings *settings = g_new0 (MkScanSettings, 1);

  settings->source = MK_SCAN_SOURCE_FLATBED;
  settings->mode = MK_SCAN_MODE_GRAY;
  settings->dpi = 300;
  /* Paper is the legal output of the service (§3): A4. */
  settings->page_width_mm = 210;
  settings->page_height_mm = 297;
  settings->whole_feeder = FALSE;
  return settings;
}

MkScanSettings *
mk_scan_settings_copy (const MkScanSettings *settings)
{
  g_return_val_if_fail (settings != NULL, NULL);
  return g_memdup2 (settings, sizeof *settings);
}

void
mk_scan_settings_free (MkScanSettings *settings)
{
  g_free (settings);
}

static const char *const source_keys[] = { "flatbed", "feeder", "duplex" };
static const char *const mode_keys[] = { "color", "gray", "lineart" };

/**
 * mk_scan_settings_to_string:
 * @settings: scan settings
 *
 * Returns: (transfer full): a key-file group to store per device
 */
char *
mk_scan_settings_to_string (const MkScanSettings *settings)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();

  g_return_val_if_fail (settings != NULL, NULL);

  g_key_file_set_string (keyfile, SETTINGS_GROUP, "Source", source_keys[settings->source]);
  g_key_file_set_string (keyfile, SETTINGS_GROUP, "Mode", mode_keys[settings->mode]);
  g_key_file_set_integer (keyfile, SETTINGS_GROUP, "Resolution", (int) settings->dpi);
  g_key_file_set_double (keyfile, SETTINGS_GROUP, "PageWidth", settings->page_width_mm);
  g_key_file_set_double (keyfile, SETTINGS_GROUP, "PageHeight", settings->page_height_mm);
  g_key_file_set_boolean (keyfile, SETTINGS_GROUP, "WholeFeeder", settings->whole_feeder);

  return g_key_file_to_data (keyfile, NULL, NULL);
}

static int
lookup_key (const char *const *keys,
            gsize               n_keys,
            const char         *value)
{
  for (gsize i = 0; value != NULL && i < n_keys; i++)
    if (g_str_equal (keys[i], value))
      return (int) i;
  return -1;
}

/**
 * mk_scan_settings_from_string:
 * @string: what mk_scan_settings_to_string() returned
 * @error: return location for a #GError
 *
 * Values this version does not know (written by a newer one) keep the defaults.
 *
 * Returns: (transfer full): the settings, or %NULL if @string is not a key file
 */
MkScanSettings *
mk_scan_settings_from_string (const char  *string,
                              GError     **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(MkScanSettings) settings = mk_scan_settings_new ();
  g_autofree char *source = NULL;
  g_autofree char *mode = NULL;
  int value;
  double mm;

  g_return_val_if_fail (string != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_key_file_load_from_data (keyfile, string, (gsize) -1, G_KEY_FILE_NONE, error))
    return NULL;

  source = g_key_file_get_string (keyfile, SETTINGS_GROUP, "Source", NULL);
  value = lookup_key (source_keys, G_N_ELEMENTS (source_keys), source);
  if (value >= 0)
    settings->source = (MkScanSource) value;

  mode = g_key_file_get_string (keyfile, SETTINGS_GROUP, "Mode", NULL);
  value = lookup_key (mode_keys, G_N_ELEMENTS (mode_keys), mode);
  if (value >= 0)
    settings->mode = (MkScanMode) value;

  value = g_key_file_get_integer (keyfile, SETTINGS_GROUP, "Resolution", NULL);
  if (value >= 50 && value <= 2400)
    settings->dpi = (guint) value;

  mm = g_key_file_get_double (keyfile, SETTINGS_GROUP, "PageWidth", NULL);
  if (mm >= 10 && mm <= 1000)
    settings->page_width_mm = mm;
  mm = g_key_file_get_double (keyfile, SETTINGS_GROUP, "PageHeight", NULL);
  if (mm >= 10 && mm <= 5000)
    settings->page_height_mm = mm;

  if (g_key_file_has_key (keyfile, SETTINGS_GROUP, "WholeFeeder", NULL))
    settings->whole_feeder = g_key_file_get_boolean (keyfile, SETTINGS_GROUP, "WholeFeeder", NULL);

  return g_steal_pointer (&settings);
}

/* ---- The worker -------------------------------------------------------------- */

enum {
  SIGNAL_DEVICES_CHANGED,
  SIGNAL_OPTIONS_READY,
  SIGNAL_PAGE_STARTED,
  SIGNAL_PROGRESS,
  SIGNAL_PAGE_DONE,
  SIGNAL_SCAN_FINISHED,
  SIGNAL_SCAN_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum {
  REQUEST_DEVICES,
  REQUEST_OPTIONS,
  REQUEST_SCAN,
  REQUEST_QUIT,
} RequestKind;

typedef struct {
  RequestKind     kind;
  char           *device;
  MkScanSettings *settings;
  int             serial;  /* the cancel serial when the request was made */
} Request;

typedef struct {
  guint  page;
  char  *option;
  char  *value;
} Injection;

/* Shared between the scanner and its worker thread. The worker holds no
 * reference on the scanner itself, so dropping the scanner disposes it. */
typedef struct {
  gatomicrefcount  ref_count;
  GAsyncQueue     *requests;
  GMainContext    *context;
  GWeakRef         scanner;
  int              cancel_serial;  /* atomic */

  GMutex           lock;
  GPtrArray       *injections;     /* under lock */

  /* Touched by the worker thread only. */
  gboolean         sane_ready;
  SANE_Handle      handle;
  char            *open_device;
} Worker;

struct _MkScanner
{
  GObject  parent_instance;

  Worker  *worker;
  GThread *thread;
};

G_DEFINE_FINAL_TYPE (MkScanner, mk_scanner, G_TYPE_OBJECT)

static void
request_free (Request *request)
{
  g_free (request->device);
  g_clear_pointer (&request->settings, mk_scan_settings_free);
  g_free (request);
}

static void
injection_free (Injection *injection)
{
  g_free (injection->option);
  g_free (injection->value);
  g_free (injection);
}

static Worker *
worker_ref (Worker *worker)
{
  g_atomic_ref_count_inc (&worker->ref_count);
  return worker;
}

static void
worker_unref (Worker *worker)
{
  if (!g_atomic_ref_count_dec (&worker->ref_count))
    return;

  g_async_queue_unref (worker->requests);
  g_main_context_unref (worker->context);
  g_weak_ref_clear (&worker->scanner);
  g_mutex_clear (&worker->lock);
  g_ptr_array_unref (worker->injections);
  g_free (worker->open_device);
  g_free (worker);
}

typedef struct {
  Worker *worker;
  guint   signal_id;
  GValue  value;
} Emission;

static gboolean
emission_dispatched (gpointer data)
{
  Emission *emission = data;
  g_autoptr(MkScanner) scanner = g_weak_ref_get (&emission->worker->scanner);

  if (scanner != NULL)
    {
      GValue params[2] = { G_VALUE_INIT, G_VALUE_INIT };

      g_value_init (&params[0], MK_TYPE_SCANNER);
      g_value_set_object (&params[0], scanner);
      params[1] = emission->value;
      g_signal_emitv (params, emission->signal_id, 0, NULL);
      g_value_unset (&params[0]);
    }

  return G_SOURCE_REMOVE;
}

static void
emission_free (gpointer data)
{
  Emission *emission = data;

  g_value_unset (&emission->value);
  worker_unref (emission->worker);
  g_free (emission);
}

/* Takes @value. Idle sources of one priority run in the order they were
 * attached, so the main loop sees events in the order they happened. */
static void
emit_in_main (Worker   *worker,
              guint     signal_id,
              GValue   *value)
{
  Emission *emission = g_new0 (Emission, 1);
  GSource *source;

  emission->worker = worker_ref (worker);
  emission->signal_id = signal_id;
  emission->value = *value;

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emission_dispatched, emission, emission_free);
  g_source_set_static_name (source, "[mk-scan] emission");
  g_source_attach (source, worker->context);
  g_source_unref (source);
}

static void
emit_uint (Worker *worker,
           guint   signal_id,
           guint   number)
{
  GValue value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_UINT);
  g_value_set_uint (&value, number);
  emit_in_main (worker, signal_id, &value);
}

static void
emit_progress (Worker *worker,
               double  fraction)
{
  GValue value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_DOUBLE);
  g_value_set_double (&value, fraction);
  emit_in_main (worker, signals[SIGNAL_PROGRESS], &value);
}

static void
emit_boxed (Worker   *worker,
            guint     signal_id,
            GType     type,
            gpointer  boxed)
{
  GValue value = G_VALUE_INIT;

  g_value_init (&value, type);
  g_value_take_boxed (&value, boxed);
  emit_in_main (worker, signal_id, &value);
}

static void
emit_page (Worker *worker,
           MkPage *page)
{
  GValue value = G_VALUE_INIT;

  g_value_init (&value, MK_TYPE_PAGE);
  g_value_take_object (&value, page);
  emit_in_main (worker, signals[SIGNAL_PAGE_DONE], &value);
}

static void
emit_failed (Worker *worker,
             GError *error)
{
  emit_boxed (worker, signals[SIGNAL_SCAN_FAILED], G_TYPE_ERROR, error);
}

static gboolean
request_cancelled (Worker  *worker,
                   Request *request)
{
  return g_atomic_int_get (&worker->cancel_serial) != request->serial;
}

static GError *
cancelled_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Scanning was cancelled."));
}

/* Plain words for the clerk at the counter, not SANE's. */
GError *
mk_scan_error_from_status (int      status,
                           gboolean first_page,
                           gboolean feeder)
{
  switch (status)
    {
    case SANE_STATUS_CANCELLED:
      return cancelled_error ();
    case SANE_STATUS_NO_DOCS:
      if (feeder && first_page)
        return g_error_new_literal (MK_SCAN_ERROR, MK_SCAN_ERROR_FEEDER_EMPTY,
                                    _("The document feeder is empty. Put the pages in the feeder and try again."));
      return g_error_new_literal (MK_SCAN_ERROR, MK_SCAN_ERROR_FEEDER_EMPTY,
                                  _("The scanner ran out of paper."));
    case SANE_STATUS_JAMMED:
      return g_error_new_literal (MK_SCAN_ERROR, MK_SCAN_ERROR_JAMMED,
                                  _("Paper is jammed in the scanner. Remove the stuck sheet and scan the remaining pages again."));
    case SANE_STATUS_COVER_OPEN:
      return g_error_new_literal (MK_SCAN_ERROR, MK_SCAN_ERROR_COVER_OPEN,
                                  _("The scanner cover is open. Close it and try again."));
    case SANE_STATUS_DEVICE_BUSY:
      return g_error_new_literal (MK_SCAN_ERROR, MK_SCAN_ERROR_DEVICE_GONE,
                                  _("The scanner is busy with another program. Wait a moment and try again."));
    case SANE_STATUS_IO_ERROR:
    case SANE_STATUS_INVAL:
      return g_error_new_literal (MK_SCAN_ERROR, MK_SCAN_ERROR_DEVICE_GONE,
                                  _("The scanner stopped responding. Check that it is switched on and connected, then try again."));
    case SANE_STATUS_NO_MEM:
      return g_error_new_literal (MK_SCAN_ERROR, MK_SCAN_ERROR_NO_MEMORY,
                                  _("The scanner ran out of memory. Try a lower resolution."));
    case SANE_STATUS_ACCESS_DENIED:
      return g_error_new_literal (MK_SCAN_ERROR, MK_SCAN_ERROR_ACCESS_DENIED,
                                  _("You are not allowed to use this scanner."));
    case SANE_STATUS_UNSUPPORTED:
      return g_error_new_literal (MK_SCAN_ERROR, MK_SCAN_ERROR_UNSUPPORTED,
                                  _("The scanner cannot scan with these settings."));
    case SANE_STATUS_GOOD:
    case SANE_STATUS_EOF:
    default:
      return g_error_new (MK_SCAN_ERROR, MK_SCAN_ERROR_FAILED,
                          _("The scanner reported a problem (%s)."), sane_strstatus (status));
    }
}

static gboolean
ensure_sane (Worker  *worker,
             GError **error)
{
  SANE_Int version = 0;
  SANE_Status status;

  if (worker->sane_ready)
    return TRUE;

  status = sane_init (&version, NULL);
  if (status != SANE_STATUS_GOOD)
    {
      g_set_error (error, MK_SCAN_ERROR, MK_SCAN_ERROR_FAILED,
                   _("Scanning is not available on this computer (%s)."), sane_strstatus (status));
      return FALSE;
    }
  g_debug ("SANE %d.%d.%d", SANE_VERSION_MAJOR (version), SANE_VERSION_MINOR (version),
           SANE_VERSION_BUILD (version));
  worker->sane_ready = TRUE;
  return TRUE;
}

static void
close_device (Worker *worker)
{
  if (worker->handle != NULL)
    {
      sane_close (worker->handle);
      worker->handle = NULL;
    }
  g_clear_pointer (&worker->open_device, g_free);
}

static gboolean
open_device (Worker      *worker,
             const char  *device,
             GError     **error)
{
  SANE_Status status;

  if (!ensure_sane (worker, error))
    return FALSE;

  /* Opening is slow on network scanners; keep the device between requests. */
  if (worker->handle != NULL && g_strcmp0 (worker->open_device, device) == 0)
    return TRUE;

  close_device (worker);
  status = sane_open (device, &worker->handle);
  if (status != SANE_STATUS_GOOD)
    {
      worker->handle = NULL;
      if (status == SANE_STATUS_ACCESS_DENIED || status == SANE_STATUS_DEVICE_BUSY)
        g_propagate_error (error, mk_scan_error_from_status (status, TRUE, FALSE));
      else
        g_set_error (error, MK_SCAN_ERROR, MK_SCAN_ERROR_NO_DEVICE,
                     _("The scanner “%s” cannot be opened. Check that it is switched on and connected."),
                     device);
      return FALSE;
    }

  worker->open_device = g_strdup (device);
  return TRUE;
}

/* ---- Options ----------------------------------------------------------------- */

static const SANE_Option_Descriptor *
find_option (SANE_Handle  handle,
             const char  *name,
             SANE_Int    *index)
{
  const SANE_Option_Descriptor *desc;

  /* Option 0 is the count; descriptors may change after any set, so look
   * them up afresh every time. */
  for (SANE_Int i = 1; (desc = sane_get_option_descriptor (handle, i)) != NULL; i++)
    {
      if (desc->name != NULL && g_str_equal (desc->name, name))
        {
          *index = i;
          return desc;
        }
    }
  return NULL;
}

static gboolean
option_usable (const SANE_Option_Descriptor *desc)
{
  return desc != NULL && SANE_OPTION_IS_ACTIVE (desc->cap) && SANE_OPTION_IS_SETTABLE (desc->cap);
}

static double
word_to_double (const SANE_Option_Descriptor *desc,
                SANE_Word                     word)
{
  return desc->type == SANE_TYPE_FIXED ? SANE_UNFIX (word) : (double) word;
}

static SANE_Word
double_to_word (const SANE_Option_Descriptor *desc,
                double                        value)
{
  return desc->type == SANE_TYPE_FIXED ? SANE_FIX (value) : (SANE_Word) lround (value);
}

static SANE_Status
set_string_option (SANE_Handle  handle,
                   const char  *name,
                   const char  *value)
{
  const SANE_Option_Descriptor *desc;
  SANE_Int index;
  g_autofree char *buffer = NULL;

  desc = find_option (handle, name, &index);
  if (!option_usable (desc) || desc->type != SANE_TYPE_STRING)
    return SANE_STATUS_UNSUPPORTED;

  buffer = g_malloc0 (MAX ((gsize) desc->size, strlen (value) + 1));
  g_strlcpy (buffer, value, (gsize) desc->size);
  return sane_control_option (handle, index, SANE_ACTION_SET_VALUE, buffer, NULL);
}

/* Sets a numeric option to the supported value nearest @wanted. */
static SANE_Status
set_number_option (SANE_Handle  handle,
                   const char  *name,
                   double       wanted,
                   double      *actual)
{
  const SANE_Option_Descriptor *desc;
  SANE_Int index;
  SANE_Word word;
  SANE_Status status;

  desc = find_option (handle, name, &index);
  if (!option_usable (desc) ||
      (desc->type != SANE_TYPE_INT && desc->type != SANE_TYPE_FIXED) ||
      desc->size != sizeof (SANE_Word))
    return SANE_STATUS_UNSUPPORTED;

  if (desc->constraint_type == SANE_CONSTRAINT_WORD_LIST)
    {
      const SANE_Word *list = desc->constraint.word_list;
      double best = 0, best_distance = G_MAXDOUBLE;

      for (SANE_Word i = 1; i <= list[0]; i++)
        {
          double candidate = word_to_double (desc, list[i]);

          if (fabs (candidate - wanted) < best_distance)
            {
              best = candidate;
              best_distance = fabs (candidate - wanted);
            }
        }
      wanted = best;
    }
  else if (desc->constraint_type == SANE_CONSTRAINT_RANGE)
    {
      const SANE_Range *range = desc->constraint.range;
      double min = word_to_double (desc, range->min);
      double max = word_to_double (desc, range->max);
      double quant = word_to_double (desc, range->quant);

      wanted = CLAMP (wanted, min, max);
      if (quant > 0)
        wanted = MIN (max, min + round ((wanted - min) / quant) * quant);
    }

  word = double_to_word (desc, wanted);
  status = sane_control_option (handle, index, SANE_ACTION_SET_VALUE, &word, NULL);
  if (status == SANE_STATUS_GOOD && actual != NULL)
    {
      /* The driver may round (SANE_INFO_INEXACT): read back what it took. */
      if (sane_control_option (handle, index, SANE_ACTION_GET_VALUE, &word, NULL) == SANE_STATUS_GOOD)
        *actual = word_to_double (desc, word);
      else
        *actual = wanted;
    }
  return status;
}

/* For fault injection: a value given as text, whatever the option's type. */
static SANE_Status
set_option_from_text (SANE_Handle  handle,
                      const char  *name,
                      const char  *value)
{
  const SANE_Option_Descriptor *desc;
  SANE_Int index;
  SANE_Bool flag;

  desc = find_option (handle, name, &index);
  if (!option_usable (desc))
    return SANE_STATUS_UNSUPPORTED;

  switch (desc->type)
    {
    case SANE_TYPE_STRING:
      return set_string_option (handle, name, value);
    case SANE_TYPE_BOOL:
      flag = g_str_equal (value, "yes") || g_str_equal (value, "true") || g_str_equal (value, "1");
      return sane_control_option (handle, index, SANE_ACTION_SET_VALUE, &flag, NULL);
    case SANE_TYPE_INT:
    case SANE_TYPE_FIXED:
      return set_number_option (handle, name, g_ascii_strtod (value, NULL), NULL);
    case SANE_TYPE_BUTTON:
    case SANE_TYPE_GROUP:
    default:
      return SANE_STATUS_UNSUPPORTED;
    }
}

static gboolean
option_offers_depth (SANE_Handle handle,
                     SANE_Word   depth)
{
  const SANE_Option_Descriptor *desc;
  SANE_Int index;

  desc = find_option (handle, SANE_NAME_BIT_DEPTH, &index);
  if (!option_usable (desc) || desc->constraint_type != SANE_CONSTRAINT_WORD_LIST)
    return FALSE;
  for (SANE_Word i = 1; i <= desc->constraint.word_list[0]; i++)
    if (desc->constraint.word_list[i] == depth)
      return TRUE;
  return FALSE;
}

static void
append_unique (GArray *array,
               int     value)
{
  for (guint i = 0; i < array->len; i++)
    if (g_array_index (array, int, i) == value)
      return;
  g_array_append_val (array, value);
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static double
range_max_mm (SANE_Handle  handle,
              const char  *name)
{
  const SANE_Option_Descriptor *desc;
  SANE_Int index;

  desc = find_option (handle, name, &index);
  if (desc == NULL || desc->unit != SANE_UNIT_MM || desc->constraint_type != SANE_CONSTRAINT_RANGE)
    return 0;
  return word_to_double (desc, desc->constraint.range->max);
}

static MkScanOptions *
read_options (SANE_Handle  handle,
              const char  *device)
{
  static const guint common_dpi[] = { 75, 100, 150, 200, 240, 300, 400, 600, 1200 };
  MkScanOptions *options = mk_scan_options_new (device);
  const SANE_Option_Descriptor *desc;
  SANE_Int index;

  desc = find_option (handle, SANE_NAME_SCAN_SOURCE, &index);
  if (desc != NULL && desc->type == SANE_TYPE_STRING &&
      desc->constraint_type == SANE_CONSTRAINT_STRING_LIST)
    {
      for (const SANE_String_Const *s = desc->constraint.string_list; *s != NULL; s++)
        {
          int source = mk_scan_source_from_driver_name (*s);

          if (source >= 0)
            append_unique (options->sources, source);
        }
    }
  if (options->sources->len == 0)
    append_unique (options->sources, MK_SCAN_SOURCE_FLATBED);

  desc = find_option (handle, SANE_NAME_SCAN_MODE, &index);
  if (desc != NULL && desc->type == SANE_TYPE_STRING &&
      desc->constraint_type == SANE_CONSTRAINT_STRING_LIST)
    {
      for (const SANE_String_Const *s = desc->constraint.string_list; *s != NULL; s++)
        {
          int mode = mk_scan_mode_from_driver_name (*s);

          if (mode >= 0)
            append_unique (options->modes, mode);
        }
    }
  /* Drivers like the test backend give line art as grey at depth 1; and any
   * grey scan can be thresholded. */
  for (guint i = 0; i < options->modes->len; i++)
    if (g_array_index (options->modes, int, i) == MK_SCAN_MODE_GRAY)
      append_unique (options->modes, MK_SCAN_MODE_LINEART);
  if (options->modes->len == 0)
    append_unique (options->modes, MK_SCAN_MODE_GRAY);

  desc = find_option (handle, SANE_NAME_SCAN_RESOLUTION, &index);
  if (desc != NULL && (desc->type == SANE_TYPE_INT || desc->type == SANE_TYPE_FIXED))
    {
      if (desc->constraint_type == SANE_CONSTRAINT_WORD_LIST)
        {
          for (SANE_Word i = 1; i <= desc->constraint.word_list[0]; i++)
            {
              double dpi = word_to_double (desc, desc->constraint.word_list[i]);

              if (dpi >= 1)
                append_unique (options->resolutions, (int) lround (dpi));
            }
        }
      else if (desc->constraint_type == SANE_CONSTRAINT_RANGE)
        {
          double min = word_to_double (desc, desc->constraint.range->min);
          double max = word_to_double (desc, desc->constraint.range->max);

          for (gsize i = 0; i < G_N_ELEMENTS (common_dpi); i++)
            if (common_dpi[i] >= min && common_dpi[i] <= max)
              append_unique (options->resolutions, (int) common_dpi[i]);
        }
      g_array_sort (options->resolutions, compare_uint);
    }

  options->max_width_mm = range_max_mm (handle, SANE_NAME_SCAN_BR_X);
  options->max_height_mm = range_max_mm (handle, SANE_NAME_SCAN_BR_Y);

  return options;
}

/* The driver's own word for a source or mode we want. */
static const char *
pick_driver_string (SANE_Handle   handle,
                    const char   *option,
                    int         (*classify) (const char *),
                    int           wanted)
{
  const SANE_Option_Descriptor *desc;
  SANE_Int index;

  desc = find_option (handle, option, &index);
  if (!option_usable (desc) || desc->type != SANE_TYPE_STRING ||
      desc->constraint_type != SANE_CONSTRAINT_STRING_LIST)
    return NULL;

  for (const SANE_String_Const *s = desc->constraint.string_list; *s != NULL; s++)
    if (classify (*s) == wanted)
      return *s;
  return NULL;
}

typedef struct {
  gboolean feeder;
  gboolean threshold;  /* the driver scans grey; we make line art of it */
  guint    dpi;
} Applied;

static gboolean
apply_settings (SANE_Handle            handle,
                const MkScanSettings  *settings,
                Applied               *applied,
                GError               **error)
{
  const SANE_Option_Descriptor *desc;
  SANE_Int index;
  const char *source = NULL;
  const char *mode = NULL;
  double dpi = settings->dpi;

  memset (applied, 0, sizeof *applied);

  if (settings->source == MK_SCAN_SOURCE_DUPLEX)
    source = pick_driver_string (handle, SANE_NAME_SCAN_SOURCE,
                                 mk_scan_source_from_driver_name, MK_SCAN_SOURCE_DUPLEX);
  if (source == NULL && settings->source != MK_SCAN_SOURCE_FLATBED)
    source = pick_driver_string (handle, SANE_NAME_SCAN_SOURCE,
                                 mk_scan_source_from_driver_name, MK_SCAN_SOURCE_FEEDER);
  if (settings->source == MK_SCAN_SOURCE_FLATBED)
    source = pick_driver_string (handle, SANE_NAME_SCAN_SOURCE,
                                 mk_scan_source_from_driver_name, MK_SCAN_SOURCE_FLATBED);

  if (source != NULL)
    set_string_option (handle, SANE_NAME_SCAN_SOURCE, source);
  else if (settings->source != MK_SCAN_SOURCE_FLATBED)
    {
      g_set_error_literal (error, MK_SCAN_ERROR, MK_SCAN_ERROR_UNSUPPORTED,
                           _("This scanner has no document feeder. Choose the flatbed."));
      return FALSE;
    }
  applied->feeder = settings->source != MK_SCAN_SOURCE_FLATBED;

  /* Mode first: it changes which depths and resolutions are offered. */
  mode = pick_driver_string (handle, SANE_NAME_SCAN_MODE, mk_scan_mode_from_driver_name,
                             (int) settings->mode);
  if (mode == NULL && settings->mode != MK_SCAN_MODE_GRAY)
    {
      mode = pick_driver_string (handle, SANE_NAME_SCAN_MODE, mk_scan_mode_from_driver_name,
                                 MK_SCAN_MODE_GRAY);
      applied->threshold = settings->mode == MK_SCAN_MODE_LINEART;
    }
  if (mode != NULL)
    set_string_option (handle, SANE_NAME_SCAN_MODE, mode);

  if (applied->threshold && option_offers_depth (handle, 1))
    {
      set_number_option (handle, SANE_NAME_BIT_DEPTH, 1, NULL);
      applied->threshold = FALSE;
    }
  else if (option_offers_depth (handle, 8))
    set_number_option (handle, SANE_NAME_BIT_DEPTH, 8, NULL);

  if (set_number_option (handle, SANE_NAME_SCAN_RESOLUTION, settings->dpi, &dpi) != SANE_STATUS_GOOD)
    {
      desc = find_option (handle, SANE_NAME_SCAN_RESOLUTION, &index);
      if (desc != NULL && (desc->type == SANE_TYPE_INT || desc->type == SANE_TYPE_FIXED) &&
          sane_control_option (handle, index, SANE_ACTION_GET_VALUE, &index, NULL) == SANE_STATUS_GOOD)
        dpi = word_to_double (desc, index);
    }
  applied->dpi = dpi >= 1 ? (guint) lround (dpi) : settings->dpi;

  /* Sheet-fed drivers bound the scan area by the paper size: set it first. */
  set_number_option (handle, SANE_NAME_PAGE_WIDTH, settings->page_width_mm, NULL);
  set_number_option (handle, SANE_NAME_PAGE_HEIGHT, settings->page_height_mm, NULL);

  desc = find_option (handle, SANE_NAME_SCAN_TL_X, &index);
  if (desc != NULL && desc->unit == SANE_UNIT_MM)
    {
      set_number_option (handle, SANE_NAME_SCAN_TL_X, 0, NULL);
      set_number_option (handle, SANE_NAME_SCAN_TL_Y, 0, NULL);
      set_number_option (handle, SANE_NAME_SCAN_BR_X, settings->page_width_mm, NULL);
      set_number_option (handle, SANE_NAME_SCAN_BR_Y, settings->page_height_mm, NULL);
    }

  return TRUE;
}

static void
apply_injections (Worker *worker,
                  guint   page)
{
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func ((GDestroyNotify) injection_free);

  g_mutex_lock (&worker->lock);
  for (guint i = 0; i < worker->injections->len;)
    {
      Injection *injection = g_ptr_array_index (worker->injections, i);

      if (injection->page == page)
        g_ptr_array_add (due, g_ptr_array_steal_index (worker->injections, i));
      else
        i++;
    }
  g_mutex_unlock (&worker->lock);

  for (guint i = 0; i < due->len; i++)
    {
      Injection *injection = g_ptr_array_index (due, i);

      set_option_from_text (worker->handle, injection->option, injection->value);
    }
}

/* ---- Scanning ---------------------------------------------------------------- */

static GBytes *
to_eight_bits (const guint8 *data,
               gsize         n_lines,
               gsize         bytes_per_line,
               gsize        *out_stride)
{
  /* SANE sends 16-bit samples in host order; keep the high byte. */
  gsize samples = bytes_per_line / 2;
  guint8 *out = g_malloc (samples * n_lines);

  for (gsize y = 0; y < n_lines; y++)
    {
      const guint16 *in = (const guint16 *) (gconstpointer) (data + y * bytes_per_line);

      for (gsize x = 0; x < samples; x++)
        out[y * samples + x] = (guint8) (in[x] >> 8);
    }
  *out_stride = samples;
  return g_bytes_new_take (out, samples * n_lines);
}

static GBytes *
threshold_to_bits (const guint8 *data,
                   guint         width,
                   gsize         n_lines,
                   gsize         stride,
                   gsize        *out_stride)
{
  gsize bits_stride = (width + 7) / 8;
  guint8 *out = g_malloc0 (bits_stride * n_lines);

  for (gsize y = 0; y < n_lines; y++)
    for (guint x = 0; x < width; x++)
      if (data[y * stride + x] < 128)
        out[y * bits_stride + x / 8] |= 0x80 >> (x % 8);

  *out_stride = bits_stride;
  return g_bytes_new_take (out, bits_stride * n_lines);
}

/* Reads one page; returns NULL with @error set on failure or cancel. */
static MkPage *
read_page (Worker         *worker,
           Request        *request,
           const Applied  *applied,
           gboolean        first_page,
           GError        **error)
{
  SANE_Parameters params;
  SANE_Status status;
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(GBytes) pixels = NULL;
  gsize expected;
  gsize n_lines;
  gsize stride;
  double reported = -1;
  MkPageFormat format;

  status = sane_get_parameters (worker->handle, &params);
  if (status != SANE_STATUS_GOOD)
    {
      *error = mk_scan_error_from_status (status, first_page, applied->feeder);
      return NULL;
    }

  if ((params.format != SANE_FRAME_GRAY && params.format != SANE_FRAME_RGB) ||
      (params.format == SANE_FRAME_RGB && params.depth == 1) ||
      (params.depth != 1 && params.depth != 8 && params.depth != 16) ||
      params.bytes_per_line <= 0 || params.pixels_per_line <= 0)
    {
      g_set_error_literal (error, MK_SCAN_ERROR, MK_SCAN_ERROR_UNSUPPORTED,
                           _("The scanner sends images in a form this program cannot read. Try another mode."));
      return NULL;
    }

  /* Hand-held scanners report -1 lines: the buffer then grows as needed. */
  expected = params.lines > 0 ? (gsize) params.bytes_per_line * (gsize) params.lines : 0;
  if (expected > 0)
    g_byte_array_set_size (buffer, (guint) expected);
  g_byte_array_set_size (buffer, 0);

  for (;;)
    {
      SANE_Int length = 0;
      guint offset = buffer->len;

      if (request_cancelled (worker, request))
        {
          *error = cancelled_error ();
          return NULL;
        }

      g_byte_array_set_size (buffer, offset + READ_CHUNK);
      status = sane_read (worker->handle, buffer->data + offset, READ_CHUNK, &length);
      g_byte_array_set_size (buffer, offset + (guint) MAX (length, 0));

      if (status == SANE_STATUS_EOF)
        break;
      if (status != SANE_STATUS_GOOD)
        {
          *error = mk_scan_error_from_status (status, first_page, applied->feeder);
          return NULL;
        }

      if (expected > 0)
        {
          double fraction = MIN (1.0, (double) buffer->len / expected);

          if (fraction - reported >= 0.01 || (fraction >= 1.0 && reported < 1.0))
            {
              emit_progress (worker, fraction);
              reported = fraction;
            }
        }
    }

  n_lines = buffer->len / (gsize) params.bytes_per_line;
  if (n_lines == 0)
    {
      g_set_error_literal (error, MK_SCAN_ERROR, MK_SCAN_ERROR_FAILED,
                           _("The scanner sent an empty page. Try again."));
      return NULL;
    }
  if (reported < 1.0)
    emit_progress (worker, 1.0);

  stride = (gsize) params.bytes_per_line;
  g_byte_array_set_size (buffer, (guint) (n_lines * stride));

  if (params.depth == 16)
    {
      pixels = to_eight_bits (buffer->data, n_lines, stride, &stride);
      format = params.format == SANE_FRAME_RGB ? MK_PAGE_FORMAT_RGB24 : MK_PAGE_FORMAT_GRAY8;
    }
  else if (params.depth == 1)
    {
      pixels = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
      format = MK_PAGE_FORMAT_GRAY1;
    }
  else
    {
      pixels = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
      format = params.format == SANE_FRAME_RGB ? MK_PAGE_FORMAT_RGB24 : MK_PAGE_FORMAT_GRAY8;
    }

  if (applied->threshold && format == MK_PAGE_FORMAT_GRAY8)
    {
      g_autoptr(GBytes) grey = g_steal_pointer (&pixels);

      pixels = threshold_to_bits (g_bytes_get_data (grey, NULL), (guint) params.pixels_per_line,
                                  n_lines, stride, &stride);
      format = MK_PAGE_FORMAT_GRAY1;
    }

  return mk_page_new (format, (guint) params.pixels_per_line, (guint) n_lines, stride,
                      applied->dpi, pixels);
}

static void
do_scan (Worker  *worker,
         Request *request)
{
  GError *error = NULL;
  Applied applied;
  guint n_pages = 0;

  if (request_cancelled (worker, request))
    {
      emit_failed (worker, cancelled_error ());
      return;
    }

  if (!open_device (worker, request->device, &error) ||
      !apply_settings (worker->handle, request->settings, &applied, &error))
    {
      emit_failed (worker, error);
      return;
    }

  for (guint page = 1; ; page++)
    {
      SANE_Status status;
      MkPage *scanned;

      if (request_cancelled (worker, request))
        {
          error = cancelled_error ();
          break;
        }

      apply_injections (worker, page);

      status = sane_start (worker->handle);
      /* The feeder ran empty after at least one sheet: the batch is done. */
      if (status == SANE_STATUS_NO_DOCS && page > 1)
        break;
      if (status != SANE_STATUS_GOOD)
        {
          error = mk_scan_error_from_status (status, page == 1, applied.feeder);
          break;
        }

      emit_uint (worker, signals[SIGNAL_PAGE_STARTED], page);
      scanned = read_page (worker, request, &applied, page == 1, &error);
      if (scanned == NULL)
        break;

      /* Delivered at once, so a later jam does not lose it. */
      emit_page (worker, scanned);
      n_pages++;

      if (!applied.feeder || !request->settings->whole_feeder)
        break;
    }

  /* Ends the batch, and stops the device mid-page after a cancel or error. */
  sane_cancel (worker->handle);

  /* A driver that fails after IO errors is reopened next time. */
  if (error != NULL && g_error_matches (error, MK_SCAN_ERROR, MK_SCAN_ERROR_DEVICE_GONE))
    close_device (worker);

  if (error != NULL)
    emit_failed (worker, error);
  else
    emit_uint (worker, signals[SIGNAL_SCAN_FINISHED], n_pages);
}

static void
do_find_devices (Worker *worker)
{
  GPtrArray *devices = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_scan_device_free);
  g_autoptr(GError) error = NULL;
  const SANE_Device **list = NULL;

  /* A failure to list is reported as no scanners: that is what the clerk sees. */
  if (!ensure_sane (worker, &error))
    g_warning ("%s", error->message);
  else if (sane_get_devices (&list, SANE_FALSE) == SANE_STATUS_GOOD && list != NULL)
    {
      for (gsize i = 0; list[i] != NULL; i++)
        {
          MkScanDevice *device = g_new0 (MkScanDevice, 1);

          device->name = g_strdup (list[i]->name);
          device->vendor = g_strdup (list[i]->vendor);
          device->model = g_strdup (list[i]->model);
          device->type = g_strdup (list[i]->type);
          g_ptr_array_add (devices, device);
        }
    }

  emit_boxed (worker, signals[SIGNAL_DEVICES_CHANGED], G_TYPE_PTR_ARRAY, devices);
}

static void
do_get_options (Worker  *worker,
                Request *request)
{
  GError *error = NULL;

  if (!open_device (worker, request->device, &error))
    {
      emit_failed (worker, error);
      return;
    }

  emit_boxed (worker, signals[SIGNAL_OPTIONS_READY], MK_TYPE_SCAN_OPTIONS,
              read_options (worker->handle, request->device));
}

static gpointer
worker_run (gpointer data)
{
  Worker *worker = data;

  for (;;)
    {
      Request *request = g_async_queue_pop (worker->requests);
      RequestKind kind = request->kind;

      switch (kind)
        {
        case REQUEST_DEVICES:
          do_find_devices (worker);
          break;
        case REQUEST_OPTIONS:
          do_get_options (worker, request);
          break;
        case REQUEST_SCAN:
          do_scan (worker, request);
          break;
        case REQUEST_QUIT:
        default:
          break;
        }
      request_free (request);

      if (kind == REQUEST_QUIT)
        break;
    }

  close_device (worker);
  if (worker->sane_ready)
    sane_exit ();
  worker->sane_ready = FALSE;
  worker_unref (worker);

  return NULL;
}

/* ---- MkScanner --------------------------------------------------------------- */

static void
mk_scanner_dispose (GObject *object)
{
  mk_scanner_shutdown (MK_SCANNER (object));

  G_OBJECT_CLASS (mk_scanner_parent_class)->dispose (object);
}

static void
mk_scanner_finalize (GObject *object)
{
  MkScanner *self = MK_SCANNER (object);

  g_clear_pointer (&self->worker, worker_unref);

  G_OBJECT_CLASS (mk_scanner_parent_class)->finalize (object);
}

static void
mk_scanner_class_init (MkScannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mk_scanner_dispose;
  object_class->finalize = mk_scanner_finalize;

  /**
   * MkScanner::devices-changed:
   * @devices: (element-type MkScanDevice): the scanners found
   */
  signals[SIGNAL_DEVICES_CHANGED] =
    g_signal_new ("devices-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
  signals[SIGNAL_OPTIONS_READY] =
    g_signal_new ("options-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MK_TYPE_SCAN_OPTIONS);
  signals[SIGNAL_PAGE_STARTED] =
    g_signal_new ("page-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);
  signals[SIGNAL_PAGE_DONE] =
    g_signal_new ("page-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MK_TYPE_PAGE);
  signals[SIGNAL_SCAN_FINISHED] =
    g_signal_new ("scan-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_SCAN_FAILED] =
    g_signal_new ("scan-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
mk_scanner_init (MkScanner *self)
{
  Worker *worker = g_new0 (Worker, 1);

  g_atomic_ref_count_init (&worker->ref_count);
  worker->requests = g_async_queue_new_full ((GDestroyNotify) request_free);
  worker->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&worker->scanner, self);
  g_mutex_init (&worker->lock);
  worker->injections = g_ptr_array_new_with_free_func ((GDestroyNotify) injection_free);

  self->worker = worker;
  self->thread = g_thread_new ("mk-scan", worker_run, worker_ref (worker));
}

/**
 * mk_scanner_new:
 *
 * Signals will be emitted in the thread-default main context of the caller.
 *
 * Returns: (transfer full): a scanner with its worker thread running
 */
MkScanner *
mk_scanner_new (void)
{
  return g_object_new (MK_TYPE_SCANNER, NULL);
}

static void
push_request (MkScanner            *self,
              RequestKind           kind,
              const char           *device,
              const MkScanSettings *settings)
{
  Request *request = g_new0 (Request, 1);

  request->kind = kind;
  request->device = g_strdup (device);
  request->settings = settings != NULL ? mk_scan_settings_copy (settings) : NULL;
  request->serial = g_atomic_int_get (&self->worker->cancel_serial);
  g_async_queue_push (self->worker->requests, request);
}

void
mk_scanner_find_devices (MkScanner *scanner)
{
  g_return_if_fail (MK_IS_SCANNER (scanner));
  g_return_if_fail (scanner->thread != NULL);

  push_request (scanner, REQUEST_DEVICES, NULL, NULL);
}

void
mk_scanner_get_options (MkScanner  *scanner,
                        const char *device)
{
  g_return_if_fail (MK_IS_SCANNER (scanner));
  g_return_if_fail (device != NULL);
  g_return_if_fail (scanner->thread != NULL);

  push_request (scanner, REQUEST_OPTIONS, device, NULL);
}

void
mk_scanner_scan (MkScanner            *scanner,
                 const char           *device,
                 const MkScanSettings *settings)
{
  g_return_if_fail (MK_IS_SCANNER (scanner));
  g_return_if_fail (device != NULL);
  g_return_if_fail (settings != NULL);
  g_return_if_fail (scanner->thread != NULL);

  push_request (scanner, REQUEST_SCAN, device, settings);
}

void
mk_scanner_cancel (MkScanner *scanner)
{
  g_return_if_fail (MK_IS_SCANNER (scanner));

  /* Every request made before now sees a changed serial: the worker stops
   * between two reads and calls sane_cancel() itself. */
  g_atomic_int_inc (&scanner->worker->cancel_serial);
}

void
mk_scanner_shutdown (MkScanner *scanner)
{
  Request *quit;

  g_return_if_fail (MK_IS_SCANNER (scanner));

  if (scanner->thread == NULL)
    return;

  mk_scanner_cancel (scanner);
  quit = g_new0 (Request, 1);
  quit->kind = REQUEST_QUIT;
  g_async_queue_push_front (scanner->worker->requests, quit);
  g_thread_join (g_steal_pointer (&scanner->thread));
}

void
mk_scanner_inject_driver_option (MkScanner  *scanner,
                                 guint       before_page,
                                 const char *option,
                                 const char *value)
{
  Injection *injection;

  g_return_if_fail (MK_IS_SCANNER (scanner));
  g_return_if_fail (before_page >= 1);
  g_return_if_fail (option != NULL && value != NULL);

  injection = g_new0 (Injection, 1);
  injection->page = before_page;
  injection->option = g_strdup (option);
  injection->value = g_strdup (value);

  g_mutex_lock (&scanner->worker->lock);
  g_ptr_array_add (scanner->worker->injections, injection);
  g_mutex_unlock (&scanner->worker->lock);
}
