/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What scanning is about, without SANE: driver vocabularies, the boxed types,
 * remembered settings and the clerk's wording of a driver's errors. SANE itself
 * runs only in the helper program, mekenjai-scanner. */

#define G_LOG_DOMAIN "mk-scan"

#include "mk-scan.h"
#include "mk-scan-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The status numbers only; this file does not link SANE. */
#include <sane/sane.h>

G_DEFINE_QUARK (mk-scan-error-quark, mk_scan_error)

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

MkScanInjection *
mk_scan_injection_new (guint       page,
                       const char *option,
                       const char *value)
{
  MkScanInjection *injection = g_new0 (MkScanInjection, 1);

  injection->page = page;
  injection->option = g_strdup (option);
  injection->value = g_strdup (value);
  return injection;
}

void
mk_scan_injection_free (MkScanInjection *injection)
{
  g_free (injection->option);
  g_free (injection->value);
  g_free (injection);
}

MkScanOptions *
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

/* ---- Errors ---------------------------------------------------------------- */

static GError *
cancelled_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Scanning was cancelled."));
}

/* Plain words for the clerk at the counter, not SANE's. */
GError *
mk_scan_error_from_status (int         status,
                           gboolean    first_page,
                           gboolean    feeder,
                           const char *detail)
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
                          _("The scanner reported a problem (%s)."),
                          detail != NULL && *detail != '\0' ? detail : "?");
    }
}

GError *
mk_scan_error_from_failure (MkScanFailure failure,
                            int           status,
                            gboolean      first_page,
                            gboolean      feeder,
                            const char   *detail)
{
  switch (failure)
    {
    case MK_SCAN_FAILURE_STATUS:
      return mk_scan_error_from_status (status, first_page, feeder, detail);
    case MK_SCAN_FAILURE_INIT:
      return g_error_new (MK_SCAN_ERROR, MK_SCAN_ERROR_FAILED,
                          _("Scanning is not available on this computer (%s)."), detail);
    case MK_SCAN_FAILURE_OPEN:
      if (status == SANE_STATUS_ACCESS_DENIED || status == SANE_STATUS_DEVICE_BUSY)
        return mk_scan_error_from_status (status, TRUE, FALSE, NULL);
      return g_error_new (MK_SCAN_ERROR, MK_SCAN_ERROR_NO_DEVICE,
                          _("The scanner “%s” cannot be opened. Check that it is switched on and connected."),
                          detail);
    case MK_SCAN_FAILURE_NO_FEEDER:
      return g_error_new_literal (MK_SCAN_ERROR, MK_SCAN_ERROR_UNSUPPORTED,
                                  _("This scanner has no document feeder. Choose the flatbed."));
    case MK_SCAN_FAILURE_BAD_FORMAT:
      return g_error_new_literal (MK_SCAN_ERROR, MK_SCAN_ERROR_UNSUPPORTED,
                                  _("The scanner sends images in a form this program cannot read. Try another mode."));
    case MK_SCAN_FAILURE_EMPTY_PAGE:
      return g_error_new_literal (MK_SCAN_ERROR, MK_SCAN_ERROR_FAILED,
                                  _("The scanner sent an empty page. Try again."));
    case MK_SCAN_FAILURE_CANCELLED:
      return cancelled_error ();
    case MK_SCAN_FAILURE_BAD_REQUEST:
    default:
      return g_error_new_literal (MK_SCAN_ERROR, MK_SCAN_ERROR_DRIVER_FAILED,
                                  _("The scanning helper did not understand the request. Reinstall Mekenjai."));
    }
}
