/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mekenjai-scanner: the one program that loads SANE. MkScanner starts one per
 * scanning session and talks to it over the Unix socket on fd 3 (see
 * mk-scan-protocol.h). A driver that hangs or crashes takes down this process
 * only; the scanner kills it and the next scan starts a fresh one.
 *
 * Two threads: the main thread makes every SANE call, in request order (as
 * simple-scan's worker does); a reader thread takes requests off the socket so
 * that a cancel reaches the main thread between two reads of a page.
 */

#define G_LOG_DOMAIN "mekenjai-scanner"

#include "mk-scan.h"
#include "mk-scan-private.h"
#include "mk-scan-protocol.h"

#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <sane/sane.h>
#include <sane/saneopts.h>

/* Bytes asked of sane_read() at a time: small enough that a cancel is noticed
 * within a fraction of a second on any scanner. */
#define READ_CHUNK (64 * 1024)

typedef enum {
  REQUEST_DEVICES,
  REQUEST_OPTIONS,
  REQUEST_SCAN,
  REQUEST_BAD,
  REQUEST_QUIT,
} RequestKind;

typedef struct {
  RequestKind     kind;
  char           *device;
  MkScanSettings *settings;
  int             serial;  /* the cancel serial when the request came */
} Request;

/* Why a request failed, for the scanner to put into words. */
typedef struct {
  gboolean       set;
  MkScanFailure  kind;
  int            status;
  gboolean       first_page;
  gboolean       feeder;
  char          *detail;
} Failure;

static int          sock = MK_SCAN_HELPER_FD;
static int          requests_tid;   /* atomic: the reader thread's id */
static GAsyncQueue *requests;
static int          cancel_serial;  /* atomic: bumped by the reader on "cancel" */
static GMutex       injections_lock;
static GPtrArray   *injections;     /* under injections_lock */

/* The main thread's. */
static gboolean     sane_ready;
static SANE_Handle  device_handle;
static char        *open_device_name;

static void
request_free (Request *request)
{
  g_free (request->device);
  g_clear_pointer (&request->settings, mk_scan_settings_free);
  g_free (request);
}

static void
failure_set (Failure       *failure,
             MkScanFailure  kind,
             int            status,
             const char    *detail)
{
  failure->set = TRUE;
  failure->kind = kind;
  failure->status = status;
  g_free (failure->detail);
  failure->detail = g_strdup (detail != NULL ? detail : sane_strstatus (status));
}

static void
failure_clear (Failure *failure)
{
  g_clear_pointer (&failure->detail, g_free);
  failure->set = FALSE;
}

/* ---- Talking to the scanner ------------------------------------------------ */

static void
send_event (const char *name,
            GVariant   *body)
{
  g_autoptr(GError) error = NULL;

  /* The scanner is gone: nobody is left to scan for. */
  if (!mk_scan_fd_write_frame (sock, name, body, &error))
    _exit (0);
}

static void
send_failure (const Failure *failure)
{
  send_event ("failed", g_variant_new ("(iibbs)", (gint32) failure->kind, (gint32) failure->status,
                                       failure->first_page, failure->feeder,
                                       failure->detail != NULL ? failure->detail : ""));
}

static void
send_cancelled (void)
{
  Failure failure = { 0 };

  failure_set (&failure, MK_SCAN_FAILURE_CANCELLED, SANE_STATUS_CANCELLED, NULL);
  send_failure (&failure);
  failure_clear (&failure);
}

static gboolean
request_cancelled (Request *request)
{
  return g_atomic_int_get (&cancel_serial) != request->serial;
}

static gboolean
read_exact (int     fd,
            guint8 *data,
            gsize   length)
{
  while (length > 0)
    {
      ssize_t n = recv (fd, data, length, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

static Request *
request_new (RequestKind kind)
{
  Request *request = g_new0 (Request, 1);

  request->kind = kind;
  request->serial = g_atomic_int_get (&cancel_serial);
  return request;
}

static void
take_request (const char *name,
              GVariant   *body)
{
  Request *request = NULL;

  if (g_str_equal (name, "cancel"))
    {
      g_atomic_int_inc (&cancel_serial);
      return;
    }
  if (g_str_equal (name, "inject") && g_variant_is_of_type (body, G_VARIANT_TYPE ("(uss)")))
    {
      guint32 page;
      const char *option, *value;
      MkScanInjection *injection;

      g_variant_get (body, "(u&s&s)", &page, &option, &value);
      injection = mk_scan_injection_new (page, option, value);
      g_mutex_lock (&injections_lock);
      g_ptr_array_add (injections, injection);
      g_mutex_unlock (&injections_lock);
      return;
    }

  if (g_str_equal (name, "devices"))
    request = request_new (REQUEST_DEVICES);
  else if (g_str_equal (name, "options") && g_variant_is_of_type (body, G_VARIANT_TYPE ("(s)")))
    {
      request = request_new (REQUEST_OPTIONS);
      g_variant_get (body, "(s)", &request->device);
    }
  else if (g_str_equal (name, "scan") && g_variant_is_of_type (body, G_VARIANT_TYPE ("(ss)")))
    {
      const char *settings = NULL;

      request = request_new (REQUEST_SCAN);
      g_variant_get (body, "(s&s)", &request->device, &settings);
      request->settings = mk_scan_settings_from_string (settings, NULL);
      if (request->settings == NULL)
        request->kind = REQUEST_BAD;
    }
  else
    request = request_new (REQUEST_BAD);

  g_async_queue_push (requests, request);
}

static gpointer
reader_run (gpointer data)
{
  g_atomic_int_set (&requests_tid, (int) syscall (SYS_gettid));

  for (;;)
    {
      guint8 header[4];
      gsize length;
      guint8 *payload;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *name = NULL;
      g_autoptr(GVariant) body = NULL;

      if (!read_exact (sock, header, sizeof header) || !mk_scan_frame_length (header, &length))
        break;
      payload = g_malloc (length);
      if (!read_exact (sock, payload, length))
        {
          g_free (payload);
          break;
        }
      bytes = g_bytes_new_take (payload, length);
      if (!mk_scan_frame_parse (bytes, &name, &body, NULL))
        break;
      if (g_str_equal (name, "quit"))
        break;
      take_request (name, body);
    }

  /* Asked to quit, or the scanner went away: stop what runs, then end. */
  g_atomic_int_inc (&cancel_serial);
  g_async_queue_push_front (requests, request_new (REQUEST_QUIT));
  return NULL;
}

/* ---- Driver threads ------------------------------------------------------- */

/* Whether a thread of this process other than ours is running right now. */
static gboolean
driver_thread_running (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  int main_tid = (int) getpid ();
  int reader_tid = g_atomic_int_get (&requests_tid);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      int tid = atoi (name);
      g_autofree char *path = NULL;
      g_autofree char *stat = NULL;
      const char *state;

      if (tid == main_tid || tid == reader_tid)
        continue;
      path = g_strdup_printf ("/proc/self/task/%d/stat", tid);
      if (!g_file_get_contents (path, &stat, NULL, NULL))
        continue;
      state = strrchr (stat, ')');
      if (state != NULL && state[1] == ' ' && state[2] == 'R')
        return TRUE;
    }
  return FALSE;
}

/*
 * Drivers built on sanei_thread (SANE's test backend and many USB drivers)
 * read in a thread that sane_cancel() and the end of a page stop with
 * pthread_cancel, asynchronously in the releases Debian 12 ships. Caught
 * inside malloc(), that thread dies holding the heap's lock and the process
 * hangs for good (a backtrace: the dying reader waits in
 * tcache_thread_shutdown on the arena it holds, the main thread in
 * sane_cancel's pthread_join). A reader that sleeps — blocked on its full
 * pipe, in its delay — or has ended is safe to stop: before each call that
 * stops it, wait up to a second for that. The watchdog still covers a
 * driver that hangs anyway.
 */
static void
let_driver_threads_settle (void)
{
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC;

  while (driver_thread_running () && g_get_monotonic_time () < end)
    g_usleep (500);
}

/* ---- The device ------------------------------------------------------------ */

static gboolean
ensure_sane (Failure *failure)
{
  SANE_Int version = 0;
  SANE_Status status;

  if (sane_ready)
    return TRUE;

  status = sane_init (&version, NULL);
  if (status != SANE_STATUS_GOOD)
    {
      failure_set (failure, MK_SCAN_FAILURE_INIT, status, NULL);
      return FALSE;
    }
  g_debug ("SANE %d.%d.%d", SANE_VERSION_MAJOR (version), SANE_VERSION_MINOR (version),
           SANE_VERSION_BUILD (version));
  sane_ready = TRUE;
  return TRUE;
}

static void
close_device (void)
{
  if (device_handle != NULL)
    {
      let_driver_threads_settle ();
      sane_close (device_handle);
      device_handle = NULL;
    }
  g_clear_pointer (&open_device_name, g_free);
}

static gboolean
open_device (const char *device,
             Failure    *failure)
{
  SANE_Status status;

  if (!ensure_sane (failure))
    return FALSE;

  /* Opening is slow on network scanners; keep the device between requests. */
  if (device_handle != NULL && g_strcmp0 (open_device_name, device) == 0)
    return TRUE;

  close_device ();
  status = sane_open (device, &device_handle);
  if (status != SANE_STATUS_GOOD)
    {
      device_handle = NULL;
      failure_set (failure, MK_SCAN_FAILURE_OPEN, status, device);
      return FALSE;
    }

  open_device_name = g_strdup (device);
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
                Failure               *failure)
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
      failure_set (failure, MK_SCAN_FAILURE_NO_FEEDER, SANE_STATUS_UNSUPPORTED, NULL);
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
apply_injections (guint page)
{
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_scan_injection_free);

  g_mutex_lock (&injections_lock);
  for (guint i = 0; i < injections->len;)
    {
      MkScanInjection *injection = g_ptr_array_index (injections, i);

      if (injection->page == page)
        g_ptr_array_add (due, g_ptr_array_steal_index (injections, i));
      else
        i++;
    }
  g_mutex_unlock (&injections_lock);

  for (guint i = 0; i < due->len; i++)
    {
      MkScanInjection *injection = g_ptr_array_index (due, i);

      set_option_from_text (device_handle, injection->option, injection->value);
    }
}

static void
send_options (const MkScanOptions *options)
{
  GVariantBuilder sources, modes, resolutions;

  g_variant_builder_init (&sources, G_VARIANT_TYPE ("au"));
  for (guint i = 0; i < options->sources->len; i++)
    g_variant_builder_add (&sources, "u", (guint32) g_array_index (options->sources, int, i));
  g_variant_builder_init (&modes, G_VARIANT_TYPE ("au"));
  for (guint i = 0; i < options->modes->len; i++)
    g_variant_builder_add (&modes, "u", (guint32) g_array_index (options->modes, int, i));
  g_variant_builder_init (&resolutions, G_VARIANT_TYPE ("au"));
  for (guint i = 0; i < options->resolutions->len; i++)
    g_variant_builder_add (&resolutions, "u", g_array_index (options->resolutions, guint, i));

  send_event ("options", g_variant_new ("(sauauaudd)", options->device, &sources, &modes,
                                        &resolutions, options->max_width_mm, options->max_height_mm));
}

/* ---- Scanning -------------------------------------------------------------- */

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

/* Reads one page and sends it; FALSE with @failure set on failure or cancel. */
static gboolean
read_page (Request        *request,
           const Applied  *applied,
           gboolean        first_page,
           Failure        *failure)
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

  failure->first_page = first_page;
  failure->feeder = applied->feeder;

  status = sane_get_parameters (device_handle, &params);
  if (status != SANE_STATUS_GOOD)
    {
      failure_set (failure, MK_SCAN_FAILURE_STATUS, status, NULL);
      return FALSE;
    }

  if ((params.format != SANE_FRAME_GRAY && params.format != SANE_FRAME_RGB) ||
      (params.format == SANE_FRAME_RGB && params.depth == 1) ||
      (params.depth != 1 && params.depth != 8 && params.depth != 16) ||
      params.bytes_per_line <= 0 || params.pixels_per_line <= 0)
    {
      failure_set (failure, MK_SCAN_FAILURE_BAD_FORMAT, SANE_STATUS_UNSUPPORTED, NULL);
      return FALSE;
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

      if (request_cancelled (request))
        {
          failure_set (failure, MK_SCAN_FAILURE_CANCELLED, SANE_STATUS_CANCELLED, NULL);
          return FALSE;
        }
      if (buffer->len + (gsize) READ_CHUNK > MK_SCAN_FRAME_MAX - 4096)
        {
          failure_set (failure, MK_SCAN_FAILURE_STATUS, SANE_STATUS_NO_MEM, NULL);
          return FALSE;
        }

      /* The read that completes the page stops the driver's reader thread. */
      if (expected > 0 && expected - MIN (expected, (gsize) offset) <= READ_CHUNK)
        let_driver_threads_settle ();
      g_byte_array_set_size (buffer, offset + READ_CHUNK);
      status = sane_read (device_handle, buffer->data + offset, READ_CHUNK, &length);
      g_byte_array_set_size (buffer, offset + (guint) MAX (length, 0));

      if (status == SANE_STATUS_EOF)
        break;
      if (status != SANE_STATUS_GOOD)
        {
          failure_set (failure, MK_SCAN_FAILURE_STATUS, status, NULL);
          return FALSE;
        }

      if (expected > 0)
        {
          double fraction = MIN (1.0, (double) buffer->len / expected);

          if (fraction - reported >= 0.01 || (fraction >= 1.0 && reported < 1.0))
            {
              send_event ("progress", g_variant_new_double (fraction));
              reported = fraction;
            }
        }
    }

  n_lines = buffer->len / (gsize) params.bytes_per_line;
  if (n_lines == 0)
    {
      failure_set (failure, MK_SCAN_FAILURE_EMPTY_PAGE, SANE_STATUS_IO_ERROR, NULL);
      return FALSE;
    }
  if (reported < 1.0)
    send_event ("progress", g_variant_new_double (1.0));

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

  /* Sent at once, so a later jam does not lose it. */
  send_event ("page", g_variant_new ("(uuuuu@ay)", (guint32) format, (guint32) params.pixels_per_line,
                                     (guint32) n_lines, (guint32) stride, applied->dpi,
                                     g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, pixels, TRUE)));
  return TRUE;
}

static void
do_scan (Request *request)
{
  Failure failure = { 0 };
  Applied applied = { 0 };
  guint n_pages = 0;

  if (request_cancelled (request))
    {
      send_cancelled ();
      return;
    }

  failure.first_page = TRUE;
  if (!open_device (request->device, &failure) ||
      !apply_settings (device_handle, request->settings, &applied, &failure))
    {
      send_failure (&failure);
      failure_clear (&failure);
      return;
    }

  for (guint page = 1; ; page++)
    {
      SANE_Status status;

      if (request_cancelled (request))
        {
          failure_set (&failure, MK_SCAN_FAILURE_CANCELLED, SANE_STATUS_CANCELLED, NULL);
          break;
        }

      apply_injections (page);

      status = sane_start (device_handle);
      /* The feeder ran empty after at least one sheet: the batch is done. */
      if (status == SANE_STATUS_NO_DOCS && page > 1)
        break;
      if (status != SANE_STATUS_GOOD)
        {
          failure_set (&failure, MK_SCAN_FAILURE_STATUS, status, NULL);
          failure.first_page = page == 1;
          failure.feeder = applied.feeder;
          break;
        }

      send_event ("started", g_variant_new_uint32 (page));
      if (!read_page (request, &applied, page == 1, &failure))
        break;
      n_pages++;

      if (!applied.feeder || !request->settings->whole_feeder)
        break;
    }

  /* Ends the batch, and stops the device mid-page after a cancel or error. */
  let_driver_threads_settle ();
  sane_cancel (device_handle);

  /* A driver that fails after I/O errors is reopened next time. */
  if (failure.set && failure.kind == MK_SCAN_FAILURE_STATUS &&
      (failure.status == SANE_STATUS_IO_ERROR || failure.status == SANE_STATUS_INVAL ||
       failure.status == SANE_STATUS_DEVICE_BUSY))
    close_device ();

  if (failure.set)
    send_failure (&failure);
  else
    send_event ("finished", g_variant_new_uint32 (n_pages));
  failure_clear (&failure);
}

static void
do_find_devices (void)
{
  GVariantBuilder list;
  Failure failure = { 0 };
  const SANE_Device **devices = NULL;

  g_variant_builder_init (&list, G_VARIANT_TYPE ("a(ssss)"));
  /* A failure to list is reported as no scanners: that is what the clerk sees. */
  if (!ensure_sane (&failure))
    g_printerr ("mekenjai-scanner: sane_init: %s\n", failure.detail);
  else if (sane_get_devices (&devices, SANE_FALSE) == SANE_STATUS_GOOD && devices != NULL)
    {
      for (gsize i = 0; devices[i] != NULL; i++)
        g_variant_builder_add (&list, "(ssss)",
                               devices[i]->name != NULL ? devices[i]->name : "",
                               devices[i]->vendor != NULL ? devices[i]->vendor : "",
                               devices[i]->model != NULL ? devices[i]->model : "",
                               devices[i]->type != NULL ? devices[i]->type : "");
    }
  failure_clear (&failure);

  send_event ("devices", g_variant_builder_end (&list));
}

static void
do_get_options (Request *request)
{
  Failure failure = { 0 };
  g_autoptr(MkScanOptions) options = NULL;

  if (!open_device (request->device, &failure))
    {
      send_failure (&failure);
      failure_clear (&failure);
      return;
    }

  options = read_options (device_handle, request->device);
  send_options (options);
}

int
main (int    argc,
      char **argv)
{
  struct stat st;
  Failure bad = { 0 };

  if (argc > 1 || fstat (sock, &st) != 0 || !S_ISSOCK (st.st_mode))
    {
      g_printerr ("mekenjai-scanner: Mekenjai starts this program to scan; it is not run by hand.\n");
      return 2;
    }

  /* The scanner may go away at any moment: a write to it then fails instead. */
  signal (SIGPIPE, SIG_IGN);

  requests = g_async_queue_new_full ((GDestroyNotify) request_free);
  injections = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_scan_injection_free);
  g_thread_unref (g_thread_new ("requests", reader_run, NULL));

  failure_set (&bad, MK_SCAN_FAILURE_BAD_REQUEST, SANE_STATUS_INVAL, NULL);
  for (;;)
    {
      Request *request = g_async_queue_pop (requests);
      RequestKind kind = request->kind;

      switch (kind)
        {
        case REQUEST_DEVICES:
          do_find_devices ();
          break;
        case REQUEST_OPTIONS:
          do_get_options (request);
          break;
        case REQUEST_SCAN:
          do_scan (request);
          break;
        case REQUEST_BAD:
          send_failure (&bad);
          break;
        case REQUEST_QUIT:
        default:
          break;
        }
      request_free (request);

      if (kind == REQUEST_QUIT)
        break;
    }

  failure_clear (&bad);
  close_device ();
  if (sane_ready)
    sane_exit ();
  return 0;
}
