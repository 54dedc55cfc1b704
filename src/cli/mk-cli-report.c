/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mekenjai-cli report (#12): the figures of a period, as the window shows
 * them, as JSON, CSV, an Excel workbook or the printed PDF. */
#define G_LOG_DOMAIN "mekenjai-cli"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mk-cli.h"

static char *report_from;
static char *report_to;
static char *report_office;
static char *report_csv;
static char *report_xlsx;
static char *report_output;

static const GOptionEntry report_entries[] = {
  { "from", 0, 0, G_OPTION_ARG_STRING, &report_from, N_("First day of the period (DD.MM.YYYY or YYYY-MM-DD)"), N_("DATE") },
  { "to", 0, 0, G_OPTION_ARG_STRING, &report_to, N_("Last day of the period, included"), N_("DATE") },
  { "office", 0, 0, G_OPTION_ARG_STRING, &report_office, N_("Only this office’s cases (administrators; others see their own)"), N_("ID") },
  { "csv", 0, 0, G_OPTION_ARG_FILENAME, &report_csv, N_("Write the report as CSV to FILE"), N_("FILE") },
  { "xlsx", 0, 0, G_OPTION_ARG_FILENAME, &report_xlsx, N_("Write the report as an Excel workbook to FILE"), N_("FILE") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &report_output, N_("Write the printed report (PDF) to FILE"), N_("FILE") },
  { NULL }
};

/* #13: an existing device, folder or link is never written through; the
 * file is replaced whole (written beside it, then renamed) or not at all. */
static gboolean
check_target (const char  *path,
              GError     **error)
{
  g_autofree char *name = g_filename_display_name (path);
  GStatBuf st;

  if (g_lstat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_FAILED,
                   _("“%s” exists and is not an ordinary file (a device, a folder or a link): choose another name"),
                   name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_file (const char  *path,
            const char  *data,
            gsize        size,
            GError     **error)
{
  g_autoptr(GError) local = NULL;

  if (!check_target (path, error))
    return FALSE;
  if (!g_file_set_contents_full (path, data, size, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local))
    {
      g_set_error_literal (error, MK_CLI_ERROR, MK_CLI_ERROR_FAILED, local->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_day (const char  *text,
           const char  *option,
           GDate       *day,
           GError     **error)
{
  g_date_clear (day, 1);
  if (text == NULL)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("%s DATE is required"), option);
      return FALSE;
    }
  if (!mk_date_parse (text, day))
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   _("%s: “%s” is not a date (DD.MM.YYYY or YYYY-MM-DD)"), option, text);
      return FALSE;
    }
  return TRUE;
}

static void
print_text (const MkReport *report,
            MkRegulation   *regulation)
{
  g_autofree char *from = mk_date_to_iso (&report->from);
  g_autofree char *to = mk_date_to_iso (&report->to);
  g_autofree char *value = NULL;

  value = g_strdup_printf ("%s – %s", from, to);
  mk_cli_print_field (_("Period:"), value);
  mk_cli_print_field (_("Office:"), report->office_id != NULL ? report->office_id : _("all"));
  g_free (value);
  value = g_strdup_printf ("%u", report->total);
  mk_cli_print_field (_("Applications:"), value);
  for (int k = 0; k < MK_SERVICE_N_KINDS; k++)
    {
      g_autofree char *label = g_strdup_printf ("  %s:", mk_service_kind_name (k));
      g_autofree char *n = g_strdup_printf ("%u", report->by_kind[k]);
      mk_cli_print_field (label, n);
    }
  for (int r = 0; r < MK_REPORT_N_RESULTS; r++)
    {
      g_autofree char *label = g_strdup_printf ("  %s:", mk_report_result_to_id (r));
      g_autofree char *n = g_strdup_printf ("%u", report->by_result[r]);
      mk_cli_print_field (label, n);
    }
  g_free (value);
  value = g_strdup_printf ("%u", report->on_time);
  mk_cli_print_field (_("On time (§7):"), value);
  g_free (value);
  value = g_strdup_printf ("%u", report->late);
  mk_cli_print_field (_("Late (§7):"), value);
  g_free (value);
  value = g_strdup_printf ("%u", report->provider_on_time);
  mk_cli_print_field (_("At the center on time (§20):"), value);
  g_free (value);
  value = g_strdup_printf ("%u", report->provider_late);
  mk_cli_print_field (_("At the center late (§20):"), value);
  g_print ("%s\n", _("Overdue now:"));
  for (guint i = 0; i < report->overdue->len; i++)
    {
      const MkReportCase *c = report->overdue->pdata[i];
      g_autofree char *due = mk_date_to_iso (&c->due);

      g_print ("  %s  %s  %s\n", c->regno, due, c->stage);
    }
}

static int
report_run (int      argc,
            char   **argv,
            GError **error)
{
  g_autoptr(MkStore) store = NULL;
  g_autoptr(MkUser) actor = NULL;
  g_autoptr(MkReport) report = NULL;
  g_autoptr(MkOffice) office = NULL;
  GDate from, to;

  if (!mk_cli_parse ("report", "--from DATE --to DATE",
                     _("The figures of a period: applications by kind and result, on time and late (§7, §20), time per stage, overdue cases, per executor."),
                     report_entries, &argc, &argv, error))
    return 2;
  if (argc != 1)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   _("usage: mekenjai-cli report --from DATE --to DATE [--office ID] [--json | --csv FILE | --xlsx FILE | -o FILE.pdf]"));
      return 2;
    }
  if (!parse_day (report_from, "--from", &from, error) || !parse_day (report_to, "--to", &to, error))
    return 2;
  if ((report_csv != NULL) + (report_xlsx != NULL) + (report_output != NULL) + mk_cli_json () > 1)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("Choose one of --json, --csv, --xlsx and -o"));
      return 2;
    }

  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;
  actor = mk_cli_sign_in (store, error);
  if (actor == NULL)
    return 1;
  report = mk_store_report (store, actor, &from, &to, report_office, error);
  if (report == NULL)
    return 1;
  if (report->office_id != NULL && (office = mk_store_get_office (store, report->office_id, error)) == NULL)
    return 1;

  if (mk_cli_json ())
    {
      g_autofree char *json = mk_report_to_json (report);
      g_print ("%s\n", json);
    }
  else if (report_csv != NULL)
    {
      g_autofree char *csv = mk_report_to_csv (report);

      if (!write_file (report_csv, csv, strlen (csv), error))
        return 1;
    }
  else if (report_xlsx != NULL)
    {
      if (!check_target (report_xlsx, error)
          || !mk_report_write_xlsx (report, mk_store_get_regulation (store), office, report_xlsx, error))
        return 1;
    }
  else if (report_output != NULL)
    {
      g_autoptr(GBytes) pdf = mk_report_render_pdf (report, mk_store_get_regulation (store), office, error);
      gsize size = 0;
      const char *data;

      if (pdf == NULL)
        return 1;
      data = g_bytes_get_data (pdf, &size);
      if (!write_file (report_output, data, size, error))
        return 1;
    }
  else
    print_text (report, mk_store_get_regulation (store));
  return 0;
}

const MkCliCommand mk_cli_command_report = {
  "report", "--from DATE --to DATE", N_("Report on a period (JSON, CSV, Excel, PDF)"), report_run
};
