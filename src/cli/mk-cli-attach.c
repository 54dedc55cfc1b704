/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mekenjai-cli commands that add the applicant's documents to a case: attach files, scan pages. */

#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "mk-cli.h"
#include "mk-import.h"
#include "mk-scan.h"

/* Opens the store, signs in and finds the case and its checklist item. */
static gboolean
open_case (const char  *regno,
           const char  *item,
           MkStore    **store,
           MkUser     **user,
           MkCase     **c,
           GError     **error)
{
  if (regno == NULL || item == NULL)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("Give --case REGNO and --item ITEM"));
      return FALSE;
    }
  *store = mk_cli_open_store (error);
  if (*store == NULL)
    return FALSE;
  /* #13: sign in first, so that nobody learns whether a case exists, or
   * what its checklist holds, without a password. */
  *user = mk_cli_sign_in (*store, error);
  if (*user == NULL)
    return FALSE;
  *c = mk_store_get_case_by_regno (*store, regno, error);
  if (*c == NULL)
    return FALSE;
  /* §11: the item names a document of this case's checklist. */
  if (mk_case_find_item (*c, item) == NULL)
    {
      g_autoptr(GString) ids = g_string_new (NULL);

      for (guint i = 0; i < (*c)->items->len; i++)
        g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "",
                                ((MkCaseItem *) (*c)->items->pdata[i])->doc_kind);
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_FAILED,
                   _("Case %s has no checklist item “%s” (its items: %s)"), regno, item, ids->str);
      return FALSE;
    }
  return TRUE;
}

static void
print_attached (JsonBuilder        *b,
                const char         *regno,
                const char         *item,
                const char         *name,
                gint64              id,
                const MkImportResult *result)
{
  if (b != NULL)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, id);
      json_builder_set_member_name (b, "case");
      json_builder_add_string_value (b, regno);
      json_builder_set_member_name (b, "item");
      json_builder_add_string_value (b, item);
      json_builder_set_member_name (b, "file");
      if (name != NULL)
        json_builder_add_string_value (b, name);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "pages");
      json_builder_add_int_value (b, result->n_pages);
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, (gint64) g_bytes_get_size (result->pdf));
      json_builder_set_member_name (b, "sha256");
      json_builder_add_string_value (b, result->sha256);
      json_builder_end_object (b);
      return;
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "%s: attachment %lld to “%s” of %s, %u page, SHA-256 %s\n",
                        "%s: attachment %lld to “%s” of %s, %u pages, SHA-256 %s\n",
                        result->n_pages),
           name != NULL ? name : _("scan"), (long long) id, item, regno, result->n_pages, result->sha256);
}

static char *opt_case;
static char *opt_item;
static int opt_max_mb = MK_IMPORT_DEFAULT_MAX_SIZE / (1024 * 1024);

static int
attach_run (int      argc,
            char   **argv,
            GError **error)
{
  const GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &opt_case, N_("Registration number of the case"), N_("REGNO") },
    { "item", 0, 0, G_OPTION_ARG_STRING, &opt_item, N_("Checklist item (document kind id, e.g. title-document)"), N_("ITEM") },
    { "max-size", 0, 0, G_OPTION_ARG_INT, &opt_max_mb, N_("Refuse files larger than this (default 50)"), N_("MB") },
    { NULL }
  };
  g_autoptr(MkStore) store = NULL;
  g_autoptr(MkUser) user = NULL;
  g_autoptr(MkCase) c = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_import_result_free);
  g_autoptr(JsonBuilder) b = NULL;

  if (!mk_cli_parse ("attach", "--case REGNO --item ITEM FILE…",
                     _("Attach PDF, JPEG, PNG or TIFF files to a checklist item of a case; each file becomes one stored PDF."),
                     entries, &argc, &argv, error))
    return 2;
  if (argc < 2)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("attach takes at least one file"));
      return 2;
    }
  if (opt_max_mb < 1)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("--max-size must be a number of megabytes, 1 or more"));
      return 2;
    }
  if (!open_case (opt_case, opt_item, &store, &user, &c, error))
    return opt_case == NULL || opt_item == NULL ? 2 : 1;

  /* Every file is checked before any is stored: one bad file stores nothing. */
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[i]);
      MkImportResult *result = mk_import_file (file, (gsize) opt_max_mb * 1024 * 1024, NULL, error);

      if (result == NULL)
        {
          g_prefix_error (error, "%s: ", argv[i]);
          return 1;
        }
      g_ptr_array_add (results, result);
    }

  if (mk_cli_json ())
    {
      b = json_builder_new ();
      json_builder_begin_array (b);
    }
  for (guint i = 0; i < results->len; i++)
    {
      g_autofree char *name = g_path_get_basename (argv[i + 1]);
      MkImportResult *result = results->pdata[i];
      gint64 id = mk_store_add_attachment (store, user, c, opt_item, name, result, error);

      if (id == 0)
        return 1;
      print_attached (b, c->regno, opt_item, name, id, result);
    }
  if (b != NULL)
    {
      g_autoptr(JsonNode) root = NULL;

      json_builder_end_array (b);
      root = json_builder_get_root (b);
      mk_cli_print_json (root);
    }
  return 0;
}

const MkCliCommand mk_cli_command_attach = {
  "attach", "--case REGNO --item ITEM FILE…", N_("Attach files to a case"), attach_run
};

/* Scanning: the scanner's worker reports to this thread's main loop. */
typedef struct {
  GMainLoop  *loop;
  MkPageList *pages;
  GError     *error;
  char       *device;
  guint       page;
} ScanRun;

static void
devices_changed_cb (MkScanner *scanner,
                    GPtrArray *devices,
                    ScanRun   *run)
{
  if (devices != NULL && devices->len > 0)
    run->device = g_strdup (((MkScanDevice *) devices->pdata[0])->name);
  else
    g_set_error (&run->error, MK_SCAN_ERROR, MK_SCAN_ERROR_NO_DEVICE, _("No scanner found"));
  g_main_loop_quit (run->loop);
}

static void
page_started_cb (MkScanner *scanner,
                 guint      page,
                 ScanRun   *run)
{
  run->page = page;
  fprintf (stderr, _("Scanning page %u…"), page);
  fputc ('\n', stderr);
}

static void
progress_cb (MkScanner *scanner,
             double     fraction,
             ScanRun   *run)
{
  /* One line per page on a terminal, rewritten in place. */
  if (isatty (fileno (stderr)))
    {
      fprintf (stderr, "\r%3d%%", (int) (fraction * 100 + 0.5));
      fflush (stderr);
    }
}

static void
page_done_cb (MkScanner *scanner,
              MkPage    *page,
              ScanRun   *run)
{
  mk_page_list_append (run->pages, page);
  if (isatty (fileno (stderr)))
    fputc ('\n', stderr);
  fprintf (stderr, _("Page %u scanned (%u × %u at %u dpi)"), run->page,
           mk_page_get_width (page), mk_page_get_height (page), mk_page_get_dpi (page));
  fputc ('\n', stderr);
}

static void
scan_finished_cb (MkScanner *scanner,
                  guint      n_pages,
                  ScanRun   *run)
{
  g_main_loop_quit (run->loop);
}

static void
scan_failed_cb (MkScanner    *scanner,
                const GError *error,
                ScanRun      *run)
{
  g_clear_error (&run->error);
  run->error = g_error_copy (error);
  g_main_loop_quit (run->loop);
}

typedef struct {
  const char *name;
  int         value;
} Choice;

static const Choice source_choices[] = {
  { "flatbed", MK_SCAN_SOURCE_FLATBED },
  { "feeder", MK_SCAN_SOURCE_FEEDER },
  { "duplex", MK_SCAN_SOURCE_DUPLEX },
};

static const Choice mode_choices[] = {
  { "color", MK_SCAN_MODE_COLOR },
  { "gray", MK_SCAN_MODE_GRAY },
  { "lineart", MK_SCAN_MODE_LINEART },
};

static gboolean
parse_choice (const char   *option,
              const char   *text,
              const Choice *choices,
              gsize         n_choices,
              int          *value,
              GError      **error)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (gsize i = 0; i < n_choices; i++)
    {
      if (g_strcmp0 (text, choices[i].name) == 0)
        {
          *value = choices[i].value;
          return TRUE;
        }
      g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", choices[i].name);
    }
  g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("%s must be one of %s, not “%s”"),
               option, names->str, text);
  return FALSE;
}

static char *opt_device;
static char *opt_source;
static char *opt_mode;
static int opt_resolution;
static int opt_timeout = MK_SCAN_DEFAULT_TIMEOUT;

static int
scan_run (int      argc,
          char   **argv,
          GError **error)
{
  const GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &opt_case, N_("Registration number of the case"), N_("REGNO") },
    { "item", 0, 0, G_OPTION_ARG_STRING, &opt_item, N_("Checklist item (document kind id, e.g. title-document)"), N_("ITEM") },
    { "device", 0, 0, G_OPTION_ARG_STRING, &opt_device, N_("Scanner (default: the first one found)"), N_("NAME") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &opt_source, N_("flatbed (one page), feeder or duplex (every sheet in the feeder)"), N_("SOURCE") },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &opt_mode, N_("color, gray or lineart (black and white)"), N_("MODE") },
    { "resolution", 0, 0, G_OPTION_ARG_INT, &opt_resolution, N_("Dots per inch: 150, 200 or 300"), N_("DPI") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &opt_timeout, N_("Give up on a scanner that sends nothing for this many seconds (default 60)"), N_("SECONDS") },
    { NULL }
  };
  g_autoptr(MkStore) store = NULL;
  g_autoptr(MkUser) user = NULL;
  g_autoptr(MkCase) c = NULL;
  g_autoptr(MkScanner) scanner = NULL;
  g_autoptr(MkScanSettings) settings = mk_scan_settings_new ();
  g_autoptr(MkImportResult) result = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(MkPageList) pages = mk_page_list_new ();
  ScanRun run = { 0 };
  int value;
  gint64 id;

  if (!mk_cli_parse ("scan", "--case REGNO --item ITEM",
                     _("Scan one page (flatbed) or the whole feeder into one attachment of a checklist item."),
                     entries, &argc, &argv, error))
    return 2;
  if (argc != 1)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("scan takes no file names"));
      return 2;
    }
  if (opt_source != NULL)
    {
      if (!parse_choice ("--source", opt_source, source_choices, G_N_ELEMENTS (source_choices), &value, error))
        return 2;
      settings->source = value;
    }
  if (opt_mode != NULL)
    {
      if (!parse_choice ("--mode", opt_mode, mode_choices, G_N_ELEMENTS (mode_choices), &value, error))
        return 2;
      settings->mode = value;
    }
  if (opt_resolution != 0)
    {
      if (opt_resolution < 50 || opt_resolution > 1200)
        {
          g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                       _("--resolution must be between 50 and 1200 dpi, not %d"), opt_resolution);
          return 2;
        }
      settings->dpi = (guint) opt_resolution;
    }
  if (opt_timeout < 1 || opt_timeout > 3600)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   _("--timeout must be between 1 and 3600 seconds, not %d"), opt_timeout);
      return 2;
    }
  /* A feeder scan takes every sheet; the flatbed holds one page. */
  settings->whole_feeder = settings->source != MK_SCAN_SOURCE_FLATBED;

  if (!open_case (opt_case, opt_item, &store, &user, &c, error))
    return opt_case == NULL || opt_item == NULL ? 2 : 1;
  /* Fail before scanning, not after the paper went through. */
  if (!mk_workflow_may_attach (mk_store_get_regulation (store), user->role, c->stage))
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_FAILED,
                   _("A %s cannot change the documents of case %s at its present stage"),
                   mk_role_name (user->role), c->regno);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  scanner = mk_scanner_new ();
  mk_scanner_set_timeout (scanner, (guint) opt_timeout);
  run.loop = loop;
  run.pages = pages;
  g_signal_connect (scanner, "devices-changed", G_CALLBACK (devices_changed_cb), &run);
  g_signal_connect (scanner, "page-started", G_CALLBACK (page_started_cb), &run);
  g_signal_connect (scanner, "progress", G_CALLBACK (progress_cb), &run);
  g_signal_connect (scanner, "page-done", G_CALLBACK (page_done_cb), &run);
  g_signal_connect (scanner, "scan-finished", G_CALLBACK (scan_finished_cb), &run);
  g_signal_connect (scanner, "scan-failed", G_CALLBACK (scan_failed_cb), &run);

  if (opt_device != NULL)
    run.device = g_strdup (opt_device);
  else
    {
      mk_scanner_find_devices (scanner);
      g_main_loop_run (loop);
    }
  if (run.error == NULL)
    {
      fprintf (stderr, _("Scanning with %s"), run.device);
      fputc ('\n', stderr);
      mk_scanner_scan (scanner, run.device, settings);
      g_main_loop_run (loop);
    }
  mk_scanner_shutdown (scanner);
  g_free (run.device);
  if (run.error != NULL)
    {
      g_propagate_error (error, run.error);
      return 1;
    }
  if (mk_page_list_get_n_pages (pages) == 0)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_FAILED, _("The scanner delivered no page"));
      return 1;
    }

  result = mk_import_pages (pages, error);
  if (result == NULL)
    return 1;
  id = mk_store_add_attachment (store, user, c, opt_item, NULL, result, error);
  if (id == 0)
    return 1;
  if (mk_cli_json ())
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      print_attached (b, c->regno, opt_item, NULL, id, result);
      root = json_builder_get_root (b);
      mk_cli_print_json (root);
    }
  else
    print_attached (NULL, c->regno, opt_item, NULL, id, result);
  return 0;
}

const MkCliCommand mk_cli_command_scan = {
  "scan", "--case REGNO --item ITEM", N_("Scan pages into a case"), scan_run
};
