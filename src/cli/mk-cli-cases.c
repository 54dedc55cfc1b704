/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mekenjai-cli commands over cases: demo, search, show. */

#include <glib/gi18n.h>

#include "mk-cli.h"

/* demo --cases N [--seed S] */

static int demo_cases = 1000;
static int demo_seed = 1;

static const GOptionEntry demo_entries[] = {
  { "cases", 0, 0, G_OPTION_ARG_INT, &demo_cases, N_("How many cases to generate (default 1000)"), N_("N") },
  { "seed", 0, 0, G_OPTION_ARG_INT, &demo_seed, N_("Seed: the same seed gives the same cases (default 1)"), N_("S") },
  { NULL }
};

static int
demo_run (int      argc,
          char   **argv,
          GError **error)
{
  g_autoptr(MkStore) store = NULL;
  gint64 start;

  if (!mk_cli_parse ("demo", "--cases N",
                     _("Generate realistic synthetic cases and demo users (marked as demo) for trying the app and for benchmarks."),
                     demo_entries, &argc, &argv, error))
    return 2;
  if (argc != 1 || demo_cases < 0)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("--cases must be a number of cases, 0 or more"));
      return 2;
    }

  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;

  start = g_get_monotonic_time ();
  if (!mk_store_seed_demo (store, (guint) demo_cases, (guint32) demo_seed, error))
    return 1;

  if (mk_cli_json ())
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "cases");
      json_builder_add_int_value (b, demo_cases);
      json_builder_set_member_name (b, "seconds");
      json_builder_add_double_value (b, (g_get_monotonic_time () - start) / 1e6);
      json_builder_end_object (b);
      mk_cli_print_json (json_builder_get_root (b));
    }
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "Generated %d demo case in %.1f s\n",
                          "Generated %d demo cases in %.1f s\n", demo_cases),
             demo_cases, (g_get_monotonic_time () - start) / 1e6);
  return 0;
}

const MkCliCommand mk_cli_command_demo = {
  "demo", "--cases N", N_("Generate demo data"), demo_run
};

/* search TEXT */

static int search_limit = 50;
static char *search_stage;
static char *search_kind;
static gboolean search_overdue;
static char *search_office;

static const GOptionEntry search_entries[] = {
  { "limit", 0, 0, G_OPTION_ARG_INT, &search_limit, N_("Rows to print (default 50)"), N_("N") },
  { "stage", 0, 0, G_OPTION_ARG_STRING, &search_stage, N_("Only cases at this stage"), N_("STAGE") },
  { "kind", 0, 0, G_OPTION_ARG_STRING, &search_kind, N_("Only this kind of service"), N_("KIND") },
  { "overdue", 0, 0, G_OPTION_ARG_NONE, &search_overdue, N_("Only cases past their due date"), NULL },
  { "office", 0, 0, G_OPTION_ARG_STRING, &search_office, N_("Only cases of this center office or provider (c01…c30, p01…p18)"), N_("ID") },
  { NULL }
};

static int
search_run (int      argc,
            char   **argv,
            GError **error)
{
  g_autoptr(MkStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *text = NULL;
  MkSearchQuery query = { 0 };
  MkServiceKind kind;

  if (!mk_cli_parse ("search", "[TEXT…]",
                     _("Search cases by registration number, applicant, IIN/BIN, address or address code, in due-date order."),
                     search_entries, &argc, &argv, error))
    return 2;
  if (search_limit <= 0)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("--limit must be a positive number"));
      return 2;
    }

  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;

  text = argc > 1 ? g_strjoinv (" ", argv + 1) : NULL;
  query.text = text;
  query.stage = search_stage;
  query.kind = -1;
  query.queue_role = -1;
  query.overdue_only = search_overdue;
  query.office_id = search_office;
  if (search_office != NULL)
    {
      g_autoptr(MkOffice) office = mk_store_get_office (store, search_office, NULL);

      if (office == NULL)
        {
          g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("Unknown office “%s”"), search_office);
          return 2;
        }
    }
  if (search_stage != NULL && mk_regulation_get_stage (mk_store_get_regulation (store), search_stage) == NULL)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("Unknown stage “%s”"), search_stage);
      return 2;
    }
  if (search_kind != NULL)
    {
      if (!mk_service_kind_from_id (search_kind, &kind))
        {
          g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                       _("--kind must be clarification, assignment, change or abolition"));
          return 2;
        }
      query.kind = kind;
    }

  rows = mk_store_search (store, &query, 0, (guint) search_limit, error);
  if (rows == NULL)
    return 1;

  if (mk_cli_json ())
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < rows->len; i++)
        {
          MkCaseRow *row = g_ptr_array_index (rows, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "regno");
          json_builder_add_string_value (b, row->regno);
          json_builder_set_member_name (b, "applicant");
          json_builder_add_string_value (b, row->applicant_name);
          json_builder_set_member_name (b, "idn");
          json_builder_add_string_value (b, row->applicant_idn);
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, mk_service_kind_to_id (row->kind));
          json_builder_set_member_name (b, "stage");
          json_builder_add_string_value (b, row->stage);
          mk_cli_add_date (b, "due", &row->due);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      mk_cli_print_json (json_builder_get_root (b));
      return 0;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      MkCaseRow *row = g_ptr_array_index (rows, i);
      g_autofree char *due = g_date_valid (&row->due) ? mk_date_to_iso (&row->due) : g_strdup ("—");

      /* Names for people; --json keeps the ids for scripts. */
      mk_cli_print_columns (row->regno, 18, due, 10,
                            mk_stage_display_name (mk_store_get_regulation (store), row->stage), 28,
                            mk_service_kind_name (row->kind), 30,
                            row->applicant_idn != NULL ? row->applicant_idn : "", 12,
                            row->applicant_name != NULL ? row->applicant_name : "", 0, NULL);
    }
  return 0;
}

const MkCliCommand mk_cli_command_search = {
  "search", "TEXT", N_("Search cases"), search_run
};

/* show REGNO */

static void
print_date_field (const char  *label,
                  const GDate *date)
{
  if (g_date_valid (date))
    {
      g_autofree char *iso = mk_date_to_iso (date);
      mk_cli_print_field (label, iso);
    }
}

static int
show_run (int      argc,
          char   **argv,
          GError **error)
{
  g_autoptr(MkStore) store = NULL;
  g_autoptr(MkCase) c = NULL;
  g_autoptr(GPtrArray) events = NULL;
  MkRegulation *reg;
  const MkStage *stage;
  const char *lang = mk_ui_language ();

  if (!mk_cli_parse ("show", "REGNO", _("Show a case: applicant, object, address, checklist, deadlines and history."),
                     NULL, &argc, &argv, error))
    return 2;
  if (argc != 2)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("show takes one registration number"));
      return 2;
    }

  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;
  c = mk_store_get_case_by_regno (store, argv[1], error);
  if (c == NULL)
    return 1;

  if (mk_cli_json ())
    {
      g_autofree char *json = mk_case_to_json (c);
      g_print ("%s\n", json);
      return 0;
    }

  /* §4: the case's stages and terms are those of its own edition. */
  reg = mk_store_get_case_regulation (store, c);
  stage = mk_regulation_get_stage (reg, c->stage);
  events = mk_store_list_events (store, c->id, error);
  if (events == NULL)
    return 1;

  mk_cli_print_field (_("Registration number:"), c->regno);
  mk_cli_print_field (_("Service:"), mk_service_kind_name (c->kind));
  mk_cli_print_field (_("Stage:"), stage ? mk_text_get (&stage->name) : c->stage);
  mk_cli_print_field (_("Regulation edition:"), mk_regulation_get_edition (reg));
  mk_cli_print_field (_("Applicant:"), c->applicant_name);
  mk_cli_print_field (_("IIN/BIN:"), c->applicant_idn);
  mk_cli_print_field (_("Phone:"), c->applicant_phone);
  mk_cli_print_field (_("Representative:"), c->rep_name);
  mk_cli_print_field (_("Object:"), mk_object_kind_name (c->object_kind));
  mk_cli_print_field (_("Cadastral number:"), c->cadastral);
  if (c->address != NULL)
    {
      g_autofree char *addr = mk_address_format_object (c->address, c->object_kind, g_str_equal (lang, "en") ? "ru" : lang);
      mk_cli_print_field (_("Address:"), addr);
      mk_cli_print_field (_("Address code:"), c->address->rca);
    }
  if (c->former_address != NULL)
    {
      g_autofree char *addr = mk_address_format_object (c->former_address, c->object_kind, g_str_equal (lang, "en") ? "ru" : lang);
      mk_cli_print_field (_("Former address:"), addr);
    }
  print_date_field (_("Accepted:"), &c->deadlines.accepted);
  print_date_field (_("Provider due:"), &c->deadlines.provider_due);
  print_date_field (_("Issue date:"), &c->deadlines.issue_date);
  print_date_field (_("Stored until:"), &c->deadlines.storage_until);
  print_date_field (_("Return due:"), &c->return_due);
  print_date_field (_("Notification due:"), &c->notify_due);
  mk_cli_print_field (_("Result:"), c->result != NULL ? mk_document_kind_name (c->result) : NULL);
  mk_cli_print_field (_("Grounds:"), c->grounds);

  g_print ("\n%s\n", _("Documents:"));
  for (guint i = 0; i < c->items->len; i++)
    {
      MkCaseItem *item = g_ptr_array_index (c->items, i);
      const MkDocumentKind *dk = mk_regulation_get_document_kind (reg, item->doc_kind);

      g_print ("  [%s] %s%s\n", item->present ? "x" : " ",
               dk ? mk_text_get (&dk->name) : item->doc_kind,
               item->required ? "" : _(" (if needed)"));
    }

  g_print ("\n%s\n", _("History:"));
  for (guint i = 0; i < events->len; i++)
    {
      MkEvent *ev = g_ptr_array_index (events, i);
      g_autoptr(GDateTime) local = mk_clock_local_time (ev->at);
      g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");
      g_autofree char *details = mk_event_describe (reg, ev);

      g_print ("  %s  ", when);
      mk_cli_print_columns (mk_event_action_name (reg, ev->action), 30,
                            ev->user_name ? ev->user_name : "", 24,
                            mk_role_name (ev->role), 0, NULL);
      if (details != NULL)
        g_print ("      %s\n", details);
      if (ev->note != NULL)
        g_print ("      — %s\n", ev->note);
    }
  return 0;
}

const MkCliCommand mk_cli_command_show = {
  "show", "REGNO", N_("Show one case"), show_run
};

/* Every workflow action of data/regulation.ini, with the window's rules. */
static char *act_case;
static char *act_rca;
static char *act_basis_number;
static char *act_basis_date;
static char *act_reason;
static char *act_received_by;
static char *act_id_document;
static char *act_id_number;

static const GOptionEntry act_entries[] = {
  { "case", 0, 0, G_OPTION_ARG_STRING, &act_case, N_("Registration number of the case"), N_("REGNO") },
  { "rca", 0, 0, G_OPTION_ARG_STRING, &act_rca, N_("Address registration code, 16 digits (prepare-certificate)"), N_("CODE") },
  { "basis-number", 0, 0, G_OPTION_ARG_STRING, &act_basis_number, N_("Number of the akimat’s resolution or decision (prepare-certificate)"), N_("N") },
  { "basis-date", 0, 0, G_OPTION_ARG_STRING, &act_basis_date, N_("Date of that decision (prepare-certificate)"), N_("YYYY-MM-DD") },
  { "reason", 0, 0, G_OPTION_ARG_STRING, &act_reason, N_("Written reason, for the actions that need one"), N_("TEXT") },
  { "received-by", 0, 0, G_OPTION_ARG_STRING, &act_received_by, N_("Who receives the result: applicant or representative (issue)"), N_("WHO") },
  { "id-document", 0, 0, G_OPTION_ARG_STRING, &act_id_document, N_("Identity document shown: identity-card, passport, residence-permit or stateless-certificate (issue)"), N_("KIND") },
  { "id-number", 0, 0, G_OPTION_ARG_STRING, &act_id_number, N_("Number of that identity document (issue)"), N_("N") },
  { NULL }
};

/* §21 (#14): the person who takes the result at the window, from the options. */
static gboolean
parse_recipient (MkIssueRecipient  *recipient,
                 GError           **error)
{
  if (act_received_by == NULL || act_id_document == NULL || act_id_number == NULL)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   _("issue needs --received-by applicant|representative, --id-document KIND and --id-number N (§21)"));
      return FALSE;
    }
  if (!mk_recipient_kind_from_id (act_received_by, &recipient->kind))
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   _("--received-by must be “applicant” or “representative”, not “%s”"), act_received_by);
      return FALSE;
    }
  if (!mk_id_document_kind_from_id (act_id_document, &recipient->document))
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   _("--id-document must be identity-card, passport, residence-permit or stateless-certificate, not “%s”"),
                   act_id_document);
      return FALSE;
    }
  recipient->number = act_id_number;
  return TRUE;
}

static int
act_run (int      argc,
         char   **argv,
         GError **error)
{
  g_autoptr(MkStore) store = NULL;
  g_autoptr(MkUser) user = NULL;
  g_autoptr(MkCase) c = NULL;
  g_autoptr(MkCase) after = NULL;
  const MkAction *action;
  const char *action_id;
  gboolean ok;

  if (!mk_cli_parse ("act", "--case REGNO ACTION",
                     _("Apply one workflow action of the regulation (an action id of data/regulation.ini) "
                       "to a case, with the same rules as the window. Signing is done with `sign`."),
                     act_entries, &argc, &argv, error))
    return 2;
  if (argc != 2 || act_case == NULL)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("act needs --case REGNO and one ACTION"));
      return 2;
    }
  action_id = argv[1];
  if (g_strcmp0 (action_id, "issue") != 0
      && (act_received_by != NULL || act_id_document != NULL || act_id_number != NULL))
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   _("--received-by, --id-document and --id-number are for the action “issue”"));
      return 2;
    }

  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;
  action = mk_regulation_get_action (mk_store_get_regulation (store), action_id);
  if (action == NULL)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   _("Unknown action “%s”: see the [action:…] groups of data/regulation.ini"), action_id);
      return 2;
    }
  user = mk_cli_sign_in (store, error);
  if (user == NULL)
    return 1;
  c = mk_store_get_case_by_regno (store, act_case, error);
  if (c == NULL)
    return 1;
  /* §10 step 5: a signature is the head's key on the PDF, not an action. */
  if (g_strcmp0 (action->to, "signed") == 0)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_FAILED,
                   _("Case %s is signed with the head’s key: use “mekenjai-cli sign --case %s --p12 FILE” (§10 step 5)"),
                   c->regno, c->regno);
      return 1;
    }

  if (g_strcmp0 (action->result, "certificate") == 0)
    {
      g_autoptr(MkAddress) address = c->address != NULL ? mk_address_copy (c->address) : mk_address_new ();
      GDate basis;

      g_date_clear (&basis, 1);
      if (act_rca != NULL)
        {
          g_free (address->rca);
          address->rca = g_strdup (act_rca);
        }
      if (act_basis_date != NULL && !mk_date_parse_iso (act_basis_date, &basis))
        {
          g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                       _("--basis-date must be a date as YYYY-MM-DD, not “%s”"), act_basis_date);
          return 2;
        }
      if (act_basis_date == NULL && g_date_valid (&c->basis_date))
        basis = c->basis_date;
      ok = mk_store_prepare_certificate (store, user, c->id, c->version, address,
                                         act_basis_number != NULL ? act_basis_number : c->basis_number,
                                         &basis, error);
    }
  else if (g_strcmp0 (action_id, "issue") == 0)
    {
      MkIssueRecipient recipient = { 0, };

      if (!parse_recipient (&recipient, error))
        return 2;
      ok = mk_store_issue_result (store, user, c->id, &recipient, error);
    }
  else
    ok = mk_store_apply_action (store, user, c->id, action_id, act_reason, error);
  if (!ok)
    return 1;

  after = mk_store_get_case (store, c->id, error);
  if (after == NULL)
    return 1;
  if (mk_cli_json ())
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "regno");
      json_builder_add_string_value (b, after->regno);
      json_builder_set_member_name (b, "action");
      json_builder_add_string_value (b, action_id);
      json_builder_set_member_name (b, "stage");
      json_builder_add_string_value (b, after->stage);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      mk_cli_print_json (root);
    }
  else
    /* Translators: "3505-2026-000123: Prepare certificate → Signing". */
    g_print (_("%s: %s → %s\n"), after->regno, mk_text_get (&action->name),
             mk_text_get (&mk_regulation_get_stage (mk_store_get_regulation (store), after->stage)->name));
  return 0;
}

const MkCliCommand mk_cli_command_act = {
  "act", "--case REGNO ACTION", N_("Apply a workflow action to a case"), act_run
};

/* #14, §9: an administrator takes a case's last step back, with a reason. */
static char *correct_case;
static char *correct_reason;

static const GOptionEntry correct_entries[] = {
  { "case", 0, 0, G_OPTION_ARG_STRING, &correct_case, N_("Registration number of the case"), N_("REGNO") },
  { "reason", 0, 0, G_OPTION_ARG_STRING, &correct_reason, N_("Why the step is corrected (kept in the history)"), N_("TEXT") },
  { NULL }
};

static int
correct_run (int      argc,
             char   **argv,
             GError **error)
{
  g_autoptr(MkStore) store = NULL;
  g_autoptr(MkUser) user = NULL;
  g_autoptr(MkCase) c = NULL;
  g_autoptr(MkCase) after = NULL;
  const MkStage *from, *to;

  if (!mk_cli_parse ("correct", "--case REGNO --reason TEXT",
                     _("Move a case back one step, undoing its last change of stage (an administrator’s "
                       "correction of a wrong step, recorded in the case’s history with the reason)."),
                     correct_entries, &argc, &argv, error))
    return 2;
  if (argc != 1 || correct_case == NULL || correct_reason == NULL)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("correct needs --case REGNO and --reason TEXT"));
      return 2;
    }
  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;
  user = mk_cli_sign_in (store, error);
  if (user == NULL)
    return 1;
  c = mk_store_get_case_by_regno (store, correct_case, error);
  if (c == NULL || !mk_store_correct_case (store, user, c->id, correct_reason, error))
    return 1;
  after = mk_store_get_case (store, c->id, error);
  if (after == NULL)
    return 1;
  if (mk_cli_json ())
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "regno");
      json_builder_add_string_value (b, after->regno);
      json_builder_set_member_name (b, "stage_before");
      json_builder_add_string_value (b, c->stage);
      json_builder_set_member_name (b, "stage");
      json_builder_add_string_value (b, after->stage);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      mk_cli_print_json (root);
      return 0;
    }
  from = mk_regulation_get_stage (mk_store_get_regulation (store), c->stage);
  to = mk_regulation_get_stage (mk_store_get_regulation (store), after->stage);
  /* Translators: "3505-2026-000123: corrected, Issued → At the center, ready to issue". */
  g_print (_("%s: corrected, %s → %s\n"), after->regno,
           from != NULL ? mk_text_get (&from->name) : c->stage,
           to != NULL ? mk_text_get (&to->name) : after->stage);
  return 0;
}

const MkCliCommand mk_cli_command_correct = {
  "correct", "--case REGNO --reason TEXT", N_("Move a case back one step (administrators)"), correct_run
};

/* §10 steps 4 and 7, §19 (#14): the receiving office confirms a register. */
static char *receive_register;
static char **receive_cases;

static const GOptionEntry receive_entries[] = {
  { "register", 0, 0, G_OPTION_ARG_STRING, &receive_register, N_("Number of the register"), N_("NUMBER") },
  { "case", 0, 0, G_OPTION_ARG_STRING_ARRAY, &receive_cases, N_("Only this case of the register (may be repeated)"), N_("REGNO") },
  { NULL }
};

static MkRegister *
find_register (MkStore      *store,
               const MkUser *user,
               const char   *number,
               GError      **error)
{
  g_autoptr(GPtrArray) registers = mk_store_list_registers (store, user->role == MK_ROLE_ADMINISTRATOR
                                                                   ? NULL : user->office_id, error);

  if (registers == NULL)
    return NULL;
  for (guint i = 0; i < registers->len; i++)
    {
      MkRegister *reg = g_ptr_array_index (registers, i);

      if (g_strcmp0 (reg->number, number) == 0)
        return g_steal_pointer (&registers->pdata[i]);
    }
  g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_FAILED,
               _("No register “%s” of your office"), number);
  return NULL;
}

static int
receive_run (int      argc,
             char   **argv,
             GError **error)
{
  g_autoptr(MkStore) store = NULL;
  g_autoptr(MkUser) user = NULL;
  g_autoptr(MkRegister) reg = NULL;
  g_autoptr(MkRegister) after = NULL;
  guint n_received = 0;

  if (!mk_cli_parse ("receive", "--register NUMBER [--case REGNO…]",
                     _("Confirm that a register sent to your office arrived, whole or case by case "
                       "(§19); until then its cases are in transit and nobody at your office works on them."),
                     receive_entries, &argc, &argv, error))
    return 2;
  if (argc != 1 || receive_register == NULL)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("receive needs --register NUMBER"));
      return 2;
    }
  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;
  user = mk_cli_sign_in (store, error);
  if (user == NULL)
    return 1;
  reg = find_register (store, user, receive_register, error);
  if (reg == NULL)
    return 1;
  if (receive_cases == NULL)
    {
      if (!mk_store_receive_register (store, user, reg->id, error))
        return 1;
    }
  else
    for (guint i = 0; receive_cases[i] != NULL; i++)
      {
        g_autoptr(MkCase) c = mk_store_get_case_by_regno (store, receive_cases[i], error);

        if (c == NULL || !mk_store_receive_register_case (store, user, reg->id, c->id, error))
          return 1;
      }
  after = mk_store_get_register (store, reg->id, error);
  if (after == NULL)
    return 1;
  for (guint i = 0; i < after->case_received_at->len; i++)
    if (g_array_index (after->case_received_at, gint64, i) != 0)
      n_received++;
  if (mk_cli_json ())
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "register");
      json_builder_add_string_value (b, after->number);
      json_builder_set_member_name (b, "received");
      json_builder_add_boolean_value (b, after->received_at != 0);
      json_builder_set_member_name (b, "cases");
      json_builder_add_int_value (b, after->case_ids->len);
      json_builder_set_member_name (b, "cases_received");
      json_builder_add_int_value (b, n_received);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      mk_cli_print_json (root);
    }
  else if (after->received_at != 0)
    /* Translators: "Register P01-2026-00002 received: 3 of 3 cases". */
    g_print (g_dngettext (GETTEXT_PACKAGE, "Register %s received: %u of %u case\n",
                          "Register %s received: %u of %u cases\n", after->case_ids->len),
             after->number, n_received, after->case_ids->len);
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "Register %s in transit: %u of %u case received\n",
                          "Register %s in transit: %u of %u cases received\n", after->case_ids->len),
             after->number, n_received, after->case_ids->len);
  return 0;
}

const MkCliCommand mk_cli_command_receive = {
  "receive", "--register NUMBER [--case REGNO…]", N_("Confirm that a register arrived"), receive_run
};
