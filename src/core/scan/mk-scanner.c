/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * MkScanner: one worker thread per scanning session that starts the helper
 * program (mekenjai-scanner), hands it one request at a time and watches it.
 * SANE never runs in this process, so a driver that hangs or crashes costs the
 * clerk one scan, not the intake being typed.
 */

#define _GNU_SOURCE  /* pipe2 */
#define G_LOG_DOMAIN "mk-scan"

#include "mk-scan.h"
#include "mk-scan-private.h"
#include "mk-scan-protocol.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

/* How long a cancelled driver may take to stop, and an idle helper to close
 * its device at shutdown, before it is killed. */
#define CANCEL_GRACE_US (2 * G_USEC_PER_SEC)
#define QUIT_GRACE_US   (G_USEC_PER_SEC / 2)

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

/* Shared between the scanner and its worker thread. The worker holds no
 * reference on the scanner itself, so dropping the scanner disposes it. */
typedef struct {
  gatomicrefcount  ref_count;
  GAsyncQueue     *requests;
  GMainContext    *context;
  GWeakRef         scanner;
  int              cancel_serial;  /* atomic */
  int              quitting;       /* atomic */
  guint            timeout_s;      /* atomic */
  int              helper_pid;     /* atomic; for the tests */
  int              wake[2];        /* a byte here: look at cancel_serial and quitting */

  GMutex           lock;
  GPtrArray       *injections;     /* under lock */

  /* Touched by the worker thread only. */
  GSubprocess     *helper;
  int              sock;
  GHashTable      *labels;         /* device name → "Vendor Model", from the last search */
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
  g_hash_table_unref (worker->labels);
  close (worker->wake[0]);
  close (worker->wake[1]);
  g_free (worker);
}

/* ---- Signals in the scanner's main context ----------------------------------- */

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
emit_in_main (Worker *worker,
              guint   signal_id,
              GValue *value)
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

static GError *
cancelled_error (void)
{
  return mk_scan_error_from_failure (MK_SCAN_FAILURE_CANCELLED, 0, FALSE, FALSE, NULL);
}

static gboolean
request_cancelled (Worker  *worker,
                   Request *request)
{
  return g_atomic_int_get (&worker->cancel_serial) != request->serial;
}

static void
wake_worker (Worker *worker)
{
  char byte = 1;

  /* The pipe is non-blocking: when it is full the worker is awake anyway. */
  while (write (worker->wake[1], &byte, 1) < 0 && errno == EINTR)
    ;
}

static void
drain_wake (Worker *worker)
{
  char bytes[64];

  while (read (worker->wake[0], bytes, sizeof bytes) > 0)
    ;
}

/* ---- The helper process -------------------------------------------------------- */

/* The scanner's name as the clerk knows it ("Canon LiDE 400"), else SANE's. */
static const char *
device_label (Worker     *worker,
              const char *device)
{
  const char *label = device != NULL ? g_hash_table_lookup (worker->labels, device) : NULL;

  return label != NULL ? label : device;
}

static void
helper_child_setup (gpointer data)
{
#ifdef __linux__
  /* The helper dies with the thread that started it, even after a crash of
   * this process: no orphaned driver keeps the scanner locked. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
#endif
}

static const char *
helper_path (void)
{
  const char *path = g_getenv ("MK_SCANNER_HELPER");

  return path != NULL && *path != '\0' ? path : MK_LIBEXECDIR "/mekenjai-scanner";
}

static gboolean
helper_start (Worker  *worker,
              GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) local_error = NULL;
  int pair[2];

  if (worker->helper != NULL)
    return TRUE;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
    {
      int saved = errno;

      g_set_error (error, MK_SCAN_ERROR, MK_SCAN_ERROR_DRIVER_FAILED,
                   _("Scanning is not available on this computer: the scanning helper could not be started (%s)."),
                   g_strerror (saved));
      return FALSE;
    }

  /* A driver that prints to standard output must not mix into the command
   * line's JSON; its diagnostics still reach standard error. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_take_fd (launcher, pair[1], MK_SCAN_HELPER_FD);
  g_subprocess_launcher_set_child_setup (launcher, helper_child_setup, NULL, NULL);
  worker->helper = g_subprocess_launcher_spawn (launcher, &local_error, helper_path (), NULL);
  if (worker->helper == NULL)
    {
      close (pair[0]);
      g_set_error (error, MK_SCAN_ERROR, MK_SCAN_ERROR_DRIVER_FAILED,
                   _("Scanning is not available on this computer: the scanning helper could not be started (%s)."),
                   local_error->message);
      return FALSE;
    }

  worker->sock = pair[0];
  g_atomic_int_set (&worker->helper_pid, (int) atoi (g_subprocess_get_identifier (worker->helper)));
  g_debug ("scanner helper %s started", g_subprocess_get_identifier (worker->helper));
  return TRUE;
}

/* Kills the helper (if it still runs) and reaps it. */
static void
helper_stop (Worker *worker)
{
  if (worker->helper == NULL)
    return;

  g_subprocess_force_exit (worker->helper);
  g_subprocess_wait (worker->helper, NULL, NULL);
  g_debug ("scanner helper %s ended", g_subprocess_get_identifier (worker->helper));
  g_clear_object (&worker->helper);
  close (worker->sock);
  worker->sock = -1;
  g_atomic_int_set (&worker->helper_pid, 0);
}

static gboolean
helper_send (Worker      *worker,
             const char  *name,
             GVariant    *body)
{
  g_autoptr(GError) error = NULL;

  if (mk_scan_fd_write_frame (worker->sock, name, body, &error))
    return TRUE;
  g_debug ("scanner helper: %s", error->message);
  return FALSE;
}

/* ---- Reading the helper's answers ---------------------------------------------- */

typedef struct {
  guint8  header[4];
  gsize   have;    /* bytes of the current frame received, header included */
  gsize   length;  /* of the payload, once the header is in */
  guint8 *payload;
} Frame;

static void
frame_clear (Frame *frame)
{
  g_clear_pointer (&frame->payload, g_free);
  frame->have = 0;
  frame->length = 0;
}

typedef enum {
  READ_MORE,      /* the frame is not complete yet */
  READ_FRAME,     /* a whole frame is in */
  READ_GONE,      /* the helper closed the socket or sent nonsense */
} ReadResult;

/* Reads what is there without blocking past it. */
static ReadResult
frame_read (int    sock,
            Frame *frame)
{
  ssize_t n;

  if (frame->have < sizeof frame->header)
    {
      n = recv (sock, frame->header + frame->have, sizeof frame->header - frame->have, MSG_DONTWAIT);
      if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
        return READ_MORE;
      if (n <= 0)
        return READ_GONE;
      frame->have += (gsize) n;
      if (frame->have < sizeof frame->header)
        return READ_MORE;
      if (!mk_scan_frame_length (frame->header, &frame->length))
        return READ_GONE;
      frame->payload = g_try_malloc (frame->length);
      if (frame->payload == NULL)
        return READ_GONE;
      return READ_MORE;
    }

  n = recv (sock, frame->payload + (frame->have - sizeof frame->header),
            frame->length - (frame->have - sizeof frame->header), MSG_DONTWAIT);
  if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
    return READ_MORE;
  if (n <= 0)
    return READ_GONE;
  frame->have += (gsize) n;
  return frame->have == sizeof frame->header + frame->length ? READ_FRAME : READ_MORE;
}

static MkPage *
page_from_body (GVariant *body)
{
  guint32 format, width, height, stride, dpi;
  g_autoptr(GVariant) data = NULL;
  g_autoptr(GBytes) pixels = NULL;
  gsize min_stride;

  g_variant_get (body, "(uuuuu@ay)", &format, &width, &height, &stride, &dpi, &data);
  if (width == 0 || height == 0 || dpi == 0 || width > 100000 || height > 1000000)
    return NULL;
  switch (format)
    {
    case MK_PAGE_FORMAT_GRAY1:
      min_stride = (width + 7) / 8;
      break;
    case MK_PAGE_FORMAT_GRAY8:
      min_stride = width;
      break;
    case MK_PAGE_FORMAT_RGB24:
      min_stride = (gsize) width * 3;
      break;
    default:
      return NULL;
    }
  pixels = g_variant_get_data_as_bytes (data);
  if (stride < min_stride || g_bytes_get_size (pixels) < (gsize) stride * height)
    return NULL;

  return mk_page_new (format, width, height, stride, dpi, pixels);
}

static MkScanOptions *
options_from_body (GVariant *body)
{
  g_autoptr(GVariantIter) sources = NULL;
  g_autoptr(GVariantIter) modes = NULL;
  g_autoptr(GVariantIter) resolutions = NULL;
  const char *device = NULL;
  MkScanOptions *options;
  double max_width, max_height;
  guint32 value;

  g_variant_get (body, "(&sauauaudd)", &device, &sources, &modes, &resolutions, &max_width, &max_height);
  options = mk_scan_options_new (device);
  while (g_variant_iter_next (sources, "u", &value))
    if (value <= MK_SCAN_SOURCE_DUPLEX)
      {
        MkScanSource source = value;
        g_array_append_val (options->sources, source);
      }
  while (g_variant_iter_next (modes, "u", &value))
    if (value <= MK_SCAN_MODE_LINEART)
      {
        MkScanMode mode = value;
        g_array_append_val (options->modes, mode);
      }
  while (g_variant_iter_next (resolutions, "u", &value))
    {
      guint dpi = value;
      g_array_append_val (options->resolutions, dpi);
    }
  options->max_width_mm = max_width;
  options->max_height_mm = max_height;
  return options;
}

static GPtrArray *
devices_from_body (Worker   *worker,
                   GVariant *body)
{
  GPtrArray *devices = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_scan_device_free);
  GVariantIter iter;
  const char *name, *vendor, *model, *type;

  g_hash_table_remove_all (worker->labels);
  g_variant_iter_init (&iter, body);
  while (g_variant_iter_next (&iter, "(&s&s&s&s)", &name, &vendor, &model, &type))
    {
      MkScanDevice *device = g_new0 (MkScanDevice, 1);
      g_autofree char *label = g_strstrip (g_strdup_printf ("%s %s", vendor, model));

      device->name = g_strdup (name);
      device->vendor = g_strdup (vendor);
      device->model = g_strdup (model);
      device->type = g_strdup (type);
      g_ptr_array_add (devices, device);
      if (*label != '\0')
        g_hash_table_insert (worker->labels, g_strdup (name), g_steal_pointer (&label));
    }
  return devices;
}

typedef enum {
  EVENT_GOING,   /* more is to come for this request */
  EVENT_CLOSED,  /* the request is answered */
  EVENT_BROKEN,  /* the helper said something it must not */
} EventResult;

static EventResult
handle_event (Worker     *worker,
              Request    *request,
              const char *name,
              GVariant   *body)
{
#define IS(n, t) (g_str_equal (name, n) && g_variant_is_of_type (body, G_VARIANT_TYPE (t)))
  if (IS ("started", "u"))
    emit_uint (worker, signals[SIGNAL_PAGE_STARTED], g_variant_get_uint32 (body));
  else if (IS ("progress", "d"))
    emit_progress (worker, CLAMP (g_variant_get_double (body), 0.0, 1.0));
  else if (IS ("page", "(uuuuuay)"))
    {
      MkPage *page = page_from_body (body);

      if (page == NULL)
        return EVENT_BROKEN;
      emit_page (worker, page);
    }
  else if (IS ("finished", "u"))
    {
      emit_uint (worker, signals[SIGNAL_SCAN_FINISHED], g_variant_get_uint32 (body));
      return EVENT_CLOSED;
    }
  else if (IS ("failed", "(iibbs)"))
    {
      gint32 failure, status;
      gboolean first_page, feeder;
      const char *detail;

      g_variant_get (body, "(iibb&s)", &failure, &status, &first_page, &feeder, &detail);
      emit_failed (worker, mk_scan_error_from_failure (failure, status, first_page, feeder, detail));
      return EVENT_CLOSED;
    }
  else if (IS ("devices", "a(ssss)") && request->kind == REQUEST_DEVICES)
    {
      emit_boxed (worker, signals[SIGNAL_DEVICES_CHANGED], G_TYPE_PTR_ARRAY,
                  devices_from_body (worker, body));
      return EVENT_CLOSED;
    }
  else if (IS ("options", "(sauauaudd)") && request->kind == REQUEST_OPTIONS)
    {
      emit_boxed (worker, signals[SIGNAL_OPTIONS_READY], MK_TYPE_SCAN_OPTIONS,
                  options_from_body (body));
      return EVENT_CLOSED;
    }
  else
    return EVENT_BROKEN;
#undef IS

  return EVENT_GOING;
}

/* The clerk's words for a helper that gave up on @request. */
static GError *
helper_lost_error (Worker   *worker,
                   Request  *request,
                   gboolean  hung)
{
  const char *label = device_label (worker, request->device);

  if (request->kind == REQUEST_DEVICES)
    return g_error_new_literal (MK_SCAN_ERROR, hung ? MK_SCAN_ERROR_NOT_RESPONDING : MK_SCAN_ERROR_DRIVER_FAILED,
                                hung ? _("The search for scanners stopped responding. Check that the scanners are switched on and connected, then search again.")
                                     : _("The search for scanners failed: a scanner driver stopped working. Search again."));
  if (hung)
    return g_error_new (MK_SCAN_ERROR, MK_SCAN_ERROR_NOT_RESPONDING,
                        _("The scanner “%s” stopped responding. The pages scanned so far are kept. Switch the scanner off and on again, then scan again."),
                        label);
  return g_error_new (MK_SCAN_ERROR, MK_SCAN_ERROR_DRIVER_FAILED,
                      _("The driver of the scanner “%s” stopped working. The pages scanned so far are kept. Scan again."),
                      label);
}

/* Waits for the answer to @request, relaying every event, until the answer
 * closes it or the helper is given up (killed). */
static void
await_answer (Worker  *worker,
              Request *request)
{
  Frame frame = { 0 };
  gint64 last_sign = g_get_monotonic_time ();
  gint64 kill_at = 0;  /* after a cancel: when the driver is given up */
  gboolean cancel_sent = FALSE;

  for (;;)
    {
      struct pollfd fds[2] = {
        { .fd = worker->sock, .events = POLLIN },
        { .fd = worker->wake[0], .events = POLLIN },
      };
      gint64 now = g_get_monotonic_time ();
      gint64 deadline = last_sign + (gint64) g_atomic_int_get (&worker->timeout_s) * G_USEC_PER_SEC;
      int timeout_ms;

      /* Quitting (the app closes): nothing waits on the driver. */
      if (g_atomic_int_get (&worker->quitting))
        {
          helper_stop (worker);
          if (request->kind == REQUEST_SCAN)
            emit_failed (worker, cancelled_error ());
          break;
        }

      if (!cancel_sent && request->kind == REQUEST_SCAN && request_cancelled (worker, request))
        {
          cancel_sent = TRUE;
          kill_at = now + CANCEL_GRACE_US;
          if (!helper_send (worker, "cancel", g_variant_new ("()")))
            kill_at = now;
        }
      if (kill_at != 0)
        deadline = MIN (deadline, kill_at);

      if (now >= deadline)
        {
          gboolean hung = kill_at == 0 || now < kill_at;

          g_debug ("scanner helper: no answer; killing it");
          helper_stop (worker);
          emit_failed (worker, cancel_sent ? cancelled_error () : helper_lost_error (worker, request, hung));
          break;
        }

      timeout_ms = (int) MIN ((deadline - now + 999) / 1000, G_MAXINT);
      if (poll (fds, G_N_ELEMENTS (fds), timeout_ms) < 0 && errno != EINTR)
        {
          helper_stop (worker);
          emit_failed (worker, helper_lost_error (worker, request, FALSE));
          break;
        }

      if (fds[1].revents & POLLIN)
        drain_wake (worker);

      if (fds[0].revents & (POLLIN | POLLHUP | POLLERR))
        {
          ReadResult result = frame_read (worker->sock, &frame);
          EventResult event = EVENT_GOING;

          if (result == READ_GONE)
            {
              helper_stop (worker);
              emit_failed (worker, cancel_sent ? cancelled_error () : helper_lost_error (worker, request, FALSE));
              break;
            }

          /* Any byte is a sign of life: a slow page keeps the watchdog fed. */
          last_sign = g_get_monotonic_time ();
          if (result == READ_FRAME)
            {
              g_autoptr(GBytes) payload = g_bytes_new_take (g_steal_pointer (&frame.payload), frame.length);
              g_autofree char *name = NULL;
              g_autoptr(GVariant) body = NULL;

              frame_clear (&frame);
              if (!mk_scan_frame_parse (payload, &name, &body, NULL))
                event = EVENT_BROKEN;
              else
                event = handle_event (worker, request, name, body);
            }

          if (event == EVENT_CLOSED)
            break;
          if (event == EVENT_BROKEN)
            {
              helper_stop (worker);
              emit_failed (worker, helper_lost_error (worker, request, FALSE));
              break;
            }
        }
    }

  frame_clear (&frame);
}

static void
send_injections (Worker *worker)
{
  g_autoptr(GPtrArray) due = NULL;

  g_mutex_lock (&worker->lock);
  due = g_steal_pointer (&worker->injections);
  worker->injections = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_scan_injection_free);
  g_mutex_unlock (&worker->lock);

  for (guint i = 0; i < due->len; i++)
    {
      MkScanInjection *injection = g_ptr_array_index (due, i);

      helper_send (worker, "inject", g_variant_new ("(uss)", injection->page, injection->option,
                                                    injection->value));
    }
}

/* Sends @request to the helper; FALSE if the socket is closed. */
static gboolean
send_request (Worker  *worker,
              Request *request)
{
  g_autofree char *settings = NULL;

  switch (request->kind)
    {
    case REQUEST_DEVICES:
      return helper_send (worker, "devices", g_variant_new ("()"));
    case REQUEST_OPTIONS:
      return helper_send (worker, "options", g_variant_new ("(s)", request->device));
    case REQUEST_SCAN:
      settings = mk_scan_settings_to_string (request->settings);
      send_injections (worker);
      return helper_send (worker, "scan", g_variant_new ("(ss)", request->device, settings));
    case REQUEST_QUIT:
    default:
      g_assert_not_reached ();
    }
}

static void
do_request (Worker  *worker,
            Request *request)
{
  GError *error = NULL;

  if (request->kind == REQUEST_SCAN && request_cancelled (worker, request))
    {
      emit_failed (worker, cancelled_error ());
      return;
    }

  /* A helper that died while idle has closed its socket: one fresh start. */
  for (int attempt = 0; ; attempt++)
    {
      if (!helper_start (worker, &error))
        {
          emit_failed (worker, error);
          return;
        }
      if (send_request (worker, request))
        break;
      helper_stop (worker);
      if (attempt > 0)
        {
          emit_failed (worker, helper_lost_error (worker, request, FALSE));
          return;
        }
    }

  await_answer (worker, request);
}

static void
helper_quit (Worker *worker)
{
  gint64 end = g_get_monotonic_time () + QUIT_GRACE_US;

  if (worker->helper == NULL)
    return;

  /* Idle: let it close the device; it closes the socket as it exits. */
  if (helper_send (worker, "quit", g_variant_new ("()")))
    for (;;)
      {
        struct pollfd fd = { .fd = worker->sock, .events = POLLIN };
        gint64 left = end - g_get_monotonic_time ();
        char byte;

        if (left <= 0 || poll (&fd, 1, (int) (left / 1000) + 1) <= 0)
          break;
        if (recv (worker->sock, &byte, 1, MSG_DONTWAIT) == 0)
          break;
      }
  helper_stop (worker);
}

static gpointer
worker_run (gpointer data)
{
  Worker *worker = data;

  for (;;)
    {
      Request *request = g_async_queue_pop (worker->requests);
      RequestKind kind = request->kind;

      if (kind != REQUEST_QUIT)
        do_request (worker, request);
      request_free (request);

      if (kind == REQUEST_QUIT)
        break;
    }

  helper_quit (worker);
  worker_unref (worker);

  return NULL;
}

/* ---- MkScanner ------------------------------------------------------------------- */

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
  worker->injections = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_scan_injection_free);
  worker->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  worker->timeout_s = MK_SCAN_DEFAULT_TIMEOUT;
  worker->sock = -1;
  if (pipe2 (worker->wake, O_CLOEXEC | O_NONBLOCK) != 0)
    g_error ("mk-scan: no pipe for the scanner worker: %s", g_strerror (errno));

  self->worker = worker;
  self->thread = g_thread_new ("mk-scan", worker_run, worker_ref (worker));
}

/**
 * mk_scanner_new:
 *
 * Signals will be emitted in the thread-default main context of the caller.
 * No helper runs until the first request.
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
mk_scanner_set_timeout (MkScanner *scanner,
                        guint      seconds)
{
  g_return_if_fail (MK_IS_SCANNER (scanner));

  g_atomic_int_set (&scanner->worker->timeout_s, MAX (seconds, 1));
}

void
mk_scanner_cancel (MkScanner *scanner)
{
  g_return_if_fail (MK_IS_SCANNER (scanner));

  /* Every request made before now sees a changed serial: the worker tells
   * the helper, which stops between two reads, or kills it after the grace. */
  g_atomic_int_inc (&scanner->worker->cancel_serial);
  wake_worker (scanner->worker);
}

void
mk_scanner_shutdown (MkScanner *scanner)
{
  Request *quit;

  g_return_if_fail (MK_IS_SCANNER (scanner));

  if (scanner->thread == NULL)
    return;

  g_atomic_int_set (&scanner->worker->quitting, 1);
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
  MkScanInjection *injection;

  g_return_if_fail (MK_IS_SCANNER (scanner));
  g_return_if_fail (before_page >= 1);
  g_return_if_fail (option != NULL && value != NULL);

  injection = mk_scan_injection_new (before_page, option, value);
  g_mutex_lock (&scanner->worker->lock);
  g_ptr_array_add (scanner->worker->injections, injection);
  g_mutex_unlock (&scanner->worker->lock);
}

GPid
mk_scanner_get_helper_pid (MkScanner *scanner)
{
  g_return_val_if_fail (MK_IS_SCANNER (scanner), 0);

  return (GPid) g_atomic_int_get (&scanner->worker->helper_pid);
}
