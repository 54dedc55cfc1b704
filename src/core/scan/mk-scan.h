/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scanning through SANE, which runs in a helper process (mekenjai-scanner) that a
 * worker thread talks to and watches; results reach the main loop as signals. */
#pragma once

#include <gio/gio.h>
#include "mk-pages.h"

G_BEGIN_DECLS

#define MK_SCAN_ERROR (mk_scan_error_quark ())
GQuark mk_scan_error_quark (void);

typedef enum {
  MK_SCAN_ERROR_FAILED,        /* anything else the driver reports */
  MK_SCAN_ERROR_NO_DEVICE,     /* the scanner could not be opened */
  MK_SCAN_ERROR_DEVICE_GONE,   /* I/O error, unplugged, busy */
  MK_SCAN_ERROR_FEEDER_EMPTY,  /* no paper in the feeder at the first page */
  MK_SCAN_ERROR_JAMMED,
  MK_SCAN_ERROR_COVER_OPEN,
  MK_SCAN_ERROR_NO_MEMORY,
  MK_SCAN_ERROR_ACCESS_DENIED,
  MK_SCAN_ERROR_UNSUPPORTED,   /* a setting or image layout the driver cannot do */
  MK_SCAN_ERROR_NOT_RESPONDING,/* the driver gave no sign of life within the timeout */
  MK_SCAN_ERROR_DRIVER_FAILED, /* the driver crashed, or the helper could not run */
} MkScanError;

/* Seconds without a sign of life from the driver before it is given up. */
#define MK_SCAN_DEFAULT_TIMEOUT 60

typedef enum {
  MK_SCAN_SOURCE_FLATBED,
  MK_SCAN_SOURCE_FEEDER,
  MK_SCAN_SOURCE_DUPLEX,
} MkScanSource;

typedef enum {
  MK_SCAN_MODE_COLOR,
  MK_SCAN_MODE_GRAY,
  MK_SCAN_MODE_LINEART,
} MkScanMode;

/* Which of our sources and modes a driver's option string names; -1 if none. */
int mk_scan_source_from_driver_name (const char *name);
int mk_scan_mode_from_driver_name   (const char *name);

/* One scanner as SANE lists it. */
typedef struct {
  char *name;    /* "test:0", "airscan:e0:HP…" — the key for remembered settings */
  char *vendor;
  char *model;
  char *type;
} MkScanDevice;

#define MK_TYPE_SCAN_DEVICE (mk_scan_device_get_type ())
GType         mk_scan_device_get_type (void) G_GNUC_CONST;
MkScanDevice *mk_scan_device_copy     (const MkScanDevice *device);
void          mk_scan_device_free     (MkScanDevice       *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkScanDevice, mk_scan_device_free)

/* What a driver offers, for the scan dialog. */
typedef struct {
  char   *device;
  GArray *sources;       /* MkScanSource, without repeats */
  GArray *modes;         /* MkScanMode, without repeats */
  GArray *resolutions;   /* guint dpi, ascending; a range is sampled at common values */
  double  max_width_mm;  /* 0 if the driver has no scan-area options */
  double  max_height_mm;
} MkScanOptions;

#define MK_TYPE_SCAN_OPTIONS (mk_scan_options_get_type ())
GType          mk_scan_options_get_type (void) G_GNUC_CONST;
MkScanOptions *mk_scan_options_copy     (const MkScanOptions *options);
void           mk_scan_options_free     (MkScanOptions       *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkScanOptions, mk_scan_options_free)

typedef struct {
  MkScanSource source;
  MkScanMode   mode;
  guint        dpi;            /* wanted; the nearest the driver supports is used */
  double       page_width_mm;  /* scan area, clamped to what the driver allows */
  double       page_height_mm;
  gboolean     whole_feeder;   /* feeder: every sheet until empty; else one page */
} MkScanSettings;

#define MK_TYPE_SCAN_SETTINGS (mk_scan_settings_get_type ())
GType           mk_scan_settings_get_type    (void) G_GNUC_CONST;
/* Flatbed, grey, 300 dpi, A4, one page. */
MkScanSettings *mk_scan_settings_new         (void);
MkScanSettings *mk_scan_settings_copy        (const MkScanSettings *settings);
void            mk_scan_settings_free        (MkScanSettings       *settings);
/* A key-file group, for remembering the settings per device in GSettings. */
char           *mk_scan_settings_to_string   (const MkScanSettings *settings);
/* Unknown or missing keys keep their defaults; a malformed string is an error. */
MkScanSettings *mk_scan_settings_from_string (const char           *string,
                                              GError              **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkScanSettings, mk_scan_settings_free)

#define MK_TYPE_SCANNER (mk_scanner_get_type ())
G_DECLARE_FINAL_TYPE (MkScanner, mk_scanner, MK, SCANNER, GObject)

/*
 * Every request returns at once. The first one starts the helper program,
 * which makes every SANE call; a worker thread of this process talks to it and
 * watches it, and the results arrive as signals in the thread-default main context of the
 * thread that created the scanner:
 *   ::devices-changed (GPtrArray of MkScanDevice)
 *   ::options-ready   (MkScanOptions)
 *   ::page-started    (guint page number, from 1)
 *   ::progress        (gdouble fraction of the current page)
 *   ::page-done       (MkPage)
 *   ::scan-finished   (guint pages scanned)
 *   ::scan-failed     (GError; pages before the failure were already delivered;
 *                      G_IO_ERROR_CANCELLED after mk_scanner_cancel())
 * A failed options request is reported through ::scan-failed too, and so is
 * a device search whose driver hung or crashed.
 *
 * A helper that sends nothing for the timeout (a hung driver) or dies (a
 * crashing driver) is killed and the request fails with
 * MK_SCAN_ERROR_NOT_RESPONDING or MK_SCAN_ERROR_DRIVER_FAILED; the next
 * request starts a fresh helper.
 */
MkScanner *mk_scanner_new          (void);
void       mk_scanner_find_devices (MkScanner            *scanner);
void       mk_scanner_get_options  (MkScanner            *scanner,
                                    const char           *device);
void       mk_scanner_scan         (MkScanner            *scanner,
                                    const char           *device,
                                    const MkScanSettings *settings);
/* Seconds without a sign of life from the driver (at least 1; default
 * MK_SCAN_DEFAULT_TIMEOUT); applies from the next answer on. */
void       mk_scanner_set_timeout  (MkScanner            *scanner,
                                    guint                 seconds);
/* Stops the running scan and any queued scans; safe to call at any moment.
 * A driver that does not stop within two seconds is killed. */
void       mk_scanner_cancel       (MkScanner            *scanner);
/* Cancels, lets an idle helper close the device (a busy or hung one is killed
 * at once) and joins the worker; never waits on a hung driver. */
void       mk_scanner_shutdown     (MkScanner            *scanner);

G_END_DECLS
