/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mekenjai-cli commands over the regulation's rules: check-id, deadline, calendar. */

#include <glib/gi18n.h>

#include "mk-cli.h"

/* check-id NUMBER */

static const char *
id_kind_to_id (MkIdKind kind)
{
  switch (kind)
    {
    case MK_ID_KIND_IIN:
      return "iin";
    case MK_ID_KIND_BIN:
      return "bin";
    case MK_ID_KIND_ANY:
    default:
      return NULL;
    }
}

static int
check_id_run (int      argc,
              char   **argv,
              GError **error)
{
  g_autoptr(GError) invalid = NULL;
  g_autofree char *warning = NULL;
  MkIdKind kind = MK_ID_KIND_ANY;
  gboolean valid;

  if (!mk_cli_parse ("check-id", "NUMBER", _("Check an IIN or BIN: length, digits and check digit."),
                     NULL, &argc, &argv, error))
    return 2;
  if (argc != 2)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("check-id takes exactly one number"));
      return 2;
    }

  valid = mk_id_validate (argv[1], MK_ID_KIND_ANY, &kind, &invalid);
  if (valid)
    warning = mk_id_warning (argv[1], MK_ID_KIND_ANY);

  if (mk_cli_json ())
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "number");
      json_builder_add_string_value (b, argv[1]);
      json_builder_set_member_name (b, "valid");
      json_builder_add_boolean_value (b, valid);
      json_builder_set_member_name (b, "kind");
      /* A kind the fifth digit does not tell is null (with a warning). */
      if (valid && id_kind_to_id (kind) != NULL)
        json_builder_add_string_value (b, id_kind_to_id (kind));
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "reason");
      if (invalid != NULL)
        json_builder_add_string_value (b, invalid->message);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "warning");
      if (warning != NULL)
        json_builder_add_string_value (b, warning);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
      mk_cli_print_json (json_builder_get_root (b));
    }
  else if (valid)
    {
      /* TRANSLATORS: "%s" is IIN or BIN (ЖСН/БСН, ИИН/БИН) */
      g_print (_("valid %s\n"), kind == MK_ID_KIND_IIN ? _("IIN") : kind == MK_ID_KIND_BIN ? _("BIN") : _("IIN or BIN"));
      if (warning != NULL)
        g_print ("%s\n", warning);
    }

  if (!valid)
    {
      /* An invalid number is the answer, but scripts need a failing status too. */
      g_propagate_error (error, g_steal_pointer (&invalid));
      return 1;
    }
  return 0;
}

const MkCliCommand mk_cli_command_check_id = {
  "check-id", "NUMBER", N_("Check an IIN or BIN"), check_id_run
};

/* deadline --kind KIND --accepted DATE */

static char *deadline_kind;
static char *deadline_accepted;

static const GOptionEntry deadline_entries[] = {
  { "kind", 0, 0, G_OPTION_ARG_STRING, &deadline_kind, N_("clarification, assignment, change or abolition"), N_("KIND") },
  { "accepted", 0, 0, G_OPTION_ARG_STRING, &deadline_accepted, N_("Day the documents were accepted"), N_("YYYY-MM-DD") },
  { NULL }
};

static int
deadline_run (int      argc,
              char   **argv,
              GError **error)
{
  g_autoptr(MkStore) store = NULL;
  MkServiceKind kind;
  MkDeadlines d;
  GDate accepted;

  if (!mk_cli_parse ("deadline", "--kind KIND --accepted YYYY-MM-DD",
                     _("Compute the §7 term, the provider's due date (§20), the issue date and storage (§22)."),
                     deadline_entries, &argc, &argv, error))
    return 2;
  if (deadline_kind == NULL || !mk_service_kind_from_id (deadline_kind, &kind))
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   _("--kind must be clarification, assignment, change or abolition"));
      return 2;
    }
  if (deadline_accepted == NULL || !mk_date_parse_iso (deadline_accepted, &accepted))
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("--accepted must be a date as YYYY-MM-DD"));
      return 2;
    }

  /* The store holds the calendar and regulation an administrator may have edited. */
  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;

  mk_workflow_compute_deadlines (mk_store_get_regulation (store), mk_store_get_calendar (store), kind,
                                 &accepted, &d);

  if (mk_cli_json ())
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, mk_service_kind_to_id (kind));
      mk_cli_add_date (b, "accepted", &d.accepted);
      json_builder_set_member_name (b, "working_days");
      json_builder_add_int_value (b, d.working_days);
      mk_cli_add_date (b, "provider_due", &d.provider_due);
      mk_cli_add_date (b, "issue_date", &d.issue_date);
      mk_cli_add_date (b, "storage_until", &d.storage_until);
      json_builder_end_object (b);
      mk_cli_print_json (json_builder_get_root (b));
    }
  else
    {
      g_autofree char *acc = mk_date_to_iso (&d.accepted);
      g_autofree char *due = mk_date_to_iso (&d.provider_due);
      g_autofree char *issue = mk_date_to_iso (&d.issue_date);
      g_autofree char *storage = mk_date_to_iso (&d.storage_until);

      g_autofree char *n_days = g_strdup_printf ("%u", d.working_days);

      mk_cli_print_field (_("Service:"), mk_service_kind_name (kind));
      mk_cli_print_field (_("Accepted:"), acc);
      mk_cli_print_field (_("Working days:"), n_days);
      mk_cli_print_field (_("Provider due:"), due);
      mk_cli_print_field (_("Issue date:"), issue);
      mk_cli_print_field (_("Stored until:"), storage);
    }
  return 0;
}

const MkCliCommand mk_cli_command_deadline = {
  "deadline", "--kind KIND --accepted DATE", N_("Compute the deadlines of an application"), deadline_run
};

/* calendar --year Y | calendar import FILE */

static int calendar_year;

static const GOptionEntry calendar_entries[] = {
  { "year", 0, 0, G_OPTION_ARG_INT, &calendar_year, N_("The year to list"), N_("YEAR") },
  { NULL }
};

static const char *
day_kind_to_id (MkDayKind kind)
{
  switch (kind)
    {
    case MK_DAY_HOLIDAY:
      return "holiday";
    case MK_DAY_RELIGIOUS:
      return "religious";
    case MK_DAY_MOVED_OFF:
      return "moved-off";
    case MK_DAY_TRANSFERRED_OFF:
      return "transferred-off";
    case MK_DAY_TRANSFERRED_WORKING:
      return "transferred-working";
    case MK_DAY_WEEKEND:
      return "weekend";
    case MK_DAY_WORKING:
    default:
      return "working";
    }
}

static int
calendar_import (MkStore     *store,
                 const char  *file,
                 GError     **error)
{
  g_autoptr(MkCalendar) years = mk_calendar_new ();
  g_autoptr(MkUser) user = NULL;
  g_autoptr(GArray) list = NULL;

  if (!mk_calendar_load_file (years, file, error))
    return 1;

  user = mk_cli_sign_in (store, error);
  if (user == NULL)
    return 1;

  if (!mk_store_import_calendar (store, user, years, error))
    return 1;

  list = mk_calendar_get_years (years);
  for (guint i = 0; i < list->len; i++)
    g_print (_("imported %d\n"), g_array_index (list, int, i));
  return 0;
}

static int
calendar_run (int      argc,
              char   **argv,
              GError **error)
{
  g_autoptr(MkStore) store = NULL;
  g_autoptr(GPtrArray) days = NULL;
  MkCalendar *cal;

  if (!mk_cli_parse ("calendar", "[--year YEAR | import FILE]",
                     _("List the non-working and transferred days of a year, or import years from a calendar file."),
                     calendar_entries, &argc, &argv, error))
    return 2;

  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;

  if (argc >= 2 && g_str_equal (argv[1], "import"))
    {
      if (argc != 3)
        {
          g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("calendar import takes one file"));
          return 2;
        }
      return calendar_import (store, argv[2], error);
    }
  if (argc != 1 || calendar_year < MK_DATE_FIRST_YEAR || calendar_year > MK_DATE_LAST_YEAR)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("give --year YEAR (%d–%d) or “import FILE”"),
                   MK_DATE_FIRST_YEAR, MK_DATE_LAST_YEAR);
      return 2;
    }

  cal = mk_store_get_calendar (store);
  days = mk_calendar_list_special_days (cal, calendar_year);

  if (mk_cli_json ())
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "year");
      json_builder_add_int_value (b, calendar_year);
      json_builder_set_member_name (b, "explicit");
      json_builder_add_boolean_value (b, mk_calendar_has_year (cal, calendar_year));
      json_builder_set_member_name (b, "generated");
      json_builder_add_boolean_value (b, !mk_calendar_has_year (cal, calendar_year));
      json_builder_set_member_name (b, "days");
      json_builder_begin_array (b);
      for (guint i = 0; i < days->len; i++)
        {
          MkCalendarDay *day = g_ptr_array_index (days, i);

          json_builder_begin_object (b);
          mk_cli_add_date (b, "date", &day->date);
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, day_kind_to_id (day->kind));
          json_builder_set_member_name (b, "name_kk");
          json_builder_add_string_value (b, day->name_kk ? day->name_kk : "");
          json_builder_set_member_name (b, "name_ru");
          json_builder_add_string_value (b, day->name_ru ? day->name_ru : "");
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      mk_cli_print_json (json_builder_get_root (b));
      return 0;
    }

  if (!mk_calendar_has_year (cal, calendar_year))
    g_printerr (_("Note: %d has no calendar data of its own: its days off were generated from the law’s "
                  "recurring holidays. The government’s transfer decree and Kurban Ait are not among them "
                  "until an administrator imports the year.\n"),
                calendar_year);
  for (guint i = 0; i < days->len; i++)
    {
      MkCalendarDay *day = g_ptr_array_index (days, i);
      g_autofree char *iso = mk_date_to_iso (&day->date);
      const char *name = g_str_equal (mk_ui_language (), "kk") ? day->name_kk : day->name_ru;

      g_print ("%s  ", iso);
      mk_cli_print_columns (mk_day_kind_name (day->kind), 32, name ? name : "", 0, NULL);
    }
  return 0;
}

const MkCliCommand mk_cli_command_calendar = {
  "calendar", "--year YEAR | import FILE", N_("List or import the working-day calendar"), calendar_run
};
