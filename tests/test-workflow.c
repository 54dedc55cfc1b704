/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The regulation's decisions on a case, without any database: intake (§11,
 * §23), editing (§24) and the actions of §10 with their conditions. */

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "mk-workflow.h"
#include "mk-names.h"
#include "mk-id.h"

static MkRegulation *regulation;
static MkCalendar *calendar;
static GPtrArray *offices;

static MkOffice *
lookup (const char *id,
        gpointer    user_data)
{
  const MkOffice *found = mk_offices_find (offices, id);
  MkOffice *office;

  if (found == NULL)
    return NULL;
  office = g_new0 (MkOffice, 1);
  office->id = g_strdup (found->id);
  office->kind = found->kind;
  office->provider_id = g_strdup (found->provider_id);
  return office;
}

static MkUser *
user (MkRole      role,
      const char *office_id)
{
  MkUser *u = mk_user_new ();

  u->id = 1;
  u->login = g_strdup ("tester");
  u->role = role;
  u->office_id = g_strdup (office_id);
  return u;
}

static MkAddress *
address (void)
{
  MkAddress *a = mk_address_new ();

  a->settlement.kk = g_strdup ("Қарағанды");
  a->settlement.ru = g_strdup ("Караганда");
  a->geonym.kk = g_strdup ("Бейбітшілік");
  a->building = g_strdup ("39");
  return a;
}

static GDate
date (int y, int m, int d)
{
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, d, m, y);
  return day;
}

/* A complete application at center @center, every checklist item present
 * when @complete. */
static MkCase *
application (const char *center,
             gboolean    complete)
{
  MkCase *c = mk_case_new ();
  g_autoptr(GPtrArray) checklist = NULL;

  c->kind = MK_SERVICE_ASSIGNMENT;
  c->applicant_kind = MK_APPLICANT_INDIVIDUAL;
  c->applicant_idn = g_strdup ("900101300017");
  c->applicant_name = g_strdup ("Нұрланов Ерлан");
  c->applicant_phone = g_strdup ("+7 701 123 45 67");
  c->object_kind = MK_OBJECT_BUILDING;
  c->center_id = g_strdup (center);
  c->address = address ();
  c->regno = g_strdup ("KRG-2026-000001");
  checklist = mk_regulation_get_checklist (regulation, c->kind, c->conditions);
  for (guint i = 0; i < checklist->len; i++)
    {
      const MkChecklistItem *ci = g_ptr_array_index (checklist, i);
      MkCaseItem *item = mk_case_item_new (ci->kind->id, ci->required);

      item->present = complete || !ci->required;
      g_ptr_array_add (c->items, item);
    }
  return c;
}

static void
register_case (MkCase *c)
{
  g_autoptr(GError) error = NULL;
  GDate accepted = date (2026, 3, 20);

  g_assert_true (mk_workflow_intake (regulation, calendar, c, FALSE, &accepted, NULL, &error));
  g_assert_no_error (error);
}

static const char *
first_center (void)
{
  for (guint i = 0; i < offices->len; i++)
    {
      const MkOffice *o = g_ptr_array_index (offices, i);

      if (o->kind == MK_ORG_CENTER)
        return o->id;
    }
  g_assert_not_reached ();
}

/* §11, §23: complete → registered with its deadlines; incomplete → refused,
 * naming what is missing; nothing missing → no ground to refuse. */
static void
test_intake (void)
{
  g_autoptr(MkUser) inspector = user (MK_ROLE_CENTER_INSPECTOR, first_center ());
  g_autoptr(MkCase) complete = application (NULL, TRUE);
  g_autoptr(MkCase) incomplete = application (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = NULL;
  GDate accepted = date (2026, 3, 20);

  g_assert_true (mk_workflow_check_case (inspector, complete, lookup, NULL, NULL, &error));
  g_assert_no_error (error);
  /* The center comes from the inspector's office, the provider from the center. */
  g_assert_cmpstr (complete->center_id, ==, inspector->office_id);
  g_assert_nonnull (complete->provider_id);

  g_assert_false (mk_workflow_intake (regulation, calendar, incomplete, FALSE, &accepted, NULL, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_assert_null (incomplete->stage);
  g_clear_error (&error);

  g_assert_true (mk_workflow_intake (regulation, calendar, incomplete, TRUE, &accepted, &missing, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (incomplete->stage, ==, mk_regulation_get_refused_stage (regulation));
  g_assert_nonnull (missing);
  g_assert_cmpstr (missing, !=, "");

  g_assert_false (mk_workflow_intake (regulation, calendar, complete, TRUE, &accepted, NULL, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (mk_workflow_intake (regulation, calendar, complete, FALSE, &accepted, NULL, &error));
  g_assert_cmpstr (complete->stage, ==, mk_regulation_get_initial_stage (regulation));
  g_assert_cmpint (complete->deadlines.working_days, ==,
                   mk_regulation_get_term_days (regulation, MK_SERVICE_ASSIGNMENT));
  g_assert_true (g_date_valid (&complete->due));

  /* §10 step 2: only the center's inspector accepts. */
  {
    g_autoptr(MkUser) executor = user (MK_ROLE_PROVIDER_EXECUTOR, NULL);

    g_assert_false (mk_workflow_check_intake_role (executor, &error));
    g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  }
}

/* §24: an edit at the provider is refused; a stale version is a conflict;
 * what intake fixed cannot be edited. */
static void
test_edit (void)
{
  g_autoptr(MkUser) inspector = user (MK_ROLE_CENTER_INSPECTOR, first_center ());
  g_autoptr(MkCase) old = application (first_center (), TRUE);
  g_autoptr(MkCase) edit = application (first_center (), TRUE);
  g_autoptr(GError) error = NULL;

  register_case (old);
  old->version = 3;
  edit->version = 3;
  g_free (edit->stage);
  edit->stage = g_strdup ("issued");
  g_free (edit->regno);
  edit->regno = g_strdup ("forged");
  g_assert_true (mk_workflow_edit (regulation, inspector, old, edit, lookup, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (edit->stage, ==, old->stage);
  g_assert_cmpstr (edit->regno, ==, old->regno);

  edit->version = 2;
  g_assert_false (mk_workflow_edit (regulation, inspector, old, edit, lookup, NULL, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  g_free (old->stage);
  old->stage = g_strdup ("at-provider");
  edit->version = 3;
  g_assert_false (mk_workflow_edit (regulation, inspector, old, edit, lookup, NULL, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
}

/* Walks a case to the head's desk and checks each condition of §10, §6 and
 * §22 on the way; a refused action leaves the case as it was. */
static void
test_actions (void)
{
  g_autoptr(MkCase) c = application (first_center (), TRUE);
  g_autoptr(MkUser) accumulation = NULL;
  g_autoptr(MkUser) executor = NULL;
  g_autoptr(MkUser) stranger = user (MK_ROLE_PROVIDER_EXECUTOR, "p00-none");
  g_autoptr(MkUser) head = NULL;
  g_autoptr(GError) error = NULL;
  MkWorkflowFacts facts = { 0, };
  const MkAction *action;

  g_assert_true (mk_workflow_check_case (stranger, c, lookup, NULL, NULL, &error));
  register_case (c);
  accumulation = user (MK_ROLE_ACCUMULATION_INSPECTOR, c->center_id);
  executor = user (MK_ROLE_PROVIDER_EXECUTOR, c->provider_id);
  head = user (MK_ROLE_PROVIDER_HEAD, c->provider_id);
  facts.today = date (2026, 3, 23);

  action = mk_workflow_apply_action (regulation, calendar, accumulation, c, "send-to-provider",
                                     NULL, &facts, &error);
  g_assert_no_error (error);
  g_assert_nonnull (action);
  g_assert_cmpstr (c->stage, ==, "at-provider");
  /* §24: the provider may return it within its days of receiving it. */
  g_assert_true (g_date_valid (&c->return_due));
  g_assert_cmpint (g_date_compare (&c->return_due, &facts.today), >, 0);

  /* §10, §14: another provider's executor cannot act on it. */
  g_assert_null (mk_workflow_apply_action (regulation, calendar, stranger, c, "prepare-refusal",
                                           "§6", &facts, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_assert_cmpstr (c->stage, ==, "at-provider");
  g_clear_error (&error);

  /* §6: no certificate without the address registration code and basis. */
  g_assert_null (mk_workflow_apply_action (regulation, calendar, executor, c, "prepare-certificate",
                                           NULL, &facts, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_assert_cmpstr (c->stage, ==, "at-provider");
  g_assert_null (c->result);
  g_clear_error (&error);

  c->address->rca = g_strdup ("0000123456789012");
  c->basis_number = g_strdup ("12/345");
  c->basis_date = date (2026, 3, 21);
  action = mk_workflow_apply_action (regulation, calendar, executor, c, "prepare-certificate",
                                     NULL, &facts, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c->stage, ==, "signing");
  g_assert_cmpstr (c->result, ==, "certificate");
  g_assert_cmpstr (c->result_number, ==, c->regno);

  /* §10 step 5: the head's signature on the result, not a button, signs it. */
  g_assert_null (mk_workflow_apply_action (regulation, calendar, head, c, "sign", NULL, &facts, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_assert_cmpstr (c->stage, ==, "signing");
  g_clear_error (&error);
  facts.result_signed = TRUE;
  g_assert_nonnull (mk_workflow_apply_action (regulation, calendar, head, c, "sign", NULL, &facts, &error));
  g_assert_cmpstr (c->stage, ==, "signed");
}

/* §24, §25: a return for errors needs its reason and starts the notice deadline. */
static void
test_return_for_errors (void)
{
  g_autoptr(MkCase) c = application (first_center (), TRUE);
  g_autoptr(MkUser) executor = NULL;
  g_autoptr(GError) error = NULL;
  MkWorkflowFacts facts = { 0, };

  register_case (c);
  g_free (c->provider_id);
  c->provider_id = g_strdup ("p01");
  g_free (c->stage);
  c->stage = g_strdup ("at-provider");
  executor = user (MK_ROLE_PROVIDER_EXECUTOR, "p01");
  facts.today = date (2026, 3, 23);

  g_assert_null (mk_workflow_apply_action (regulation, calendar, executor, c, "return-for-errors",
                                           NULL, &facts, &error));
  g_assert_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_REASON);
  g_assert_cmpstr (c->stage, ==, "at-provider");
  g_clear_error (&error);

  g_assert_nonnull (mk_workflow_apply_action (regulation, calendar, executor, c, "return-for-errors",
                                              "The title document is illegible", &facts, &error));
  g_assert_cmpstr (c->stage, ==, "returned");
  g_assert_cmpstr (c->grounds, ==, "The title document is illegible");
  /* §25: the applicant is told of it within a working day. */
  g_assert_true (g_date_valid (&c->notify_due));
  g_assert_cmpint (g_date_compare (&c->due, &c->notify_due), ==, 0);
}

/* §19, §10 steps 3 and 6: a register goes one way, from one center office to
 * one provider, and only the receiving side signs for it. */
static void
test_registers (void)
{
  g_autoptr(MkOffice) provider = lookup ("p01", NULL);
  g_autoptr(MkOffice) center = lookup (first_center (), NULL);
  g_autoptr(MkCase) c = application (first_center (), TRUE);
  g_autoptr(MkUser) executor = user (MK_ROLE_PROVIDER_EXECUTOR, "p01");
  g_autoptr(MkUser) inspector = user (MK_ROLE_CENTER_INSPECTOR, first_center ());
  g_autoptr(GError) error = NULL;
  MkRegister reg = { 0, };

  g_assert_cmpstr (mk_workflow_check_register ("to-provider", provider, "p01", 3, &error), ==, "send-to-provider");
  g_assert_cmpstr (mk_workflow_check_register ("to-center", provider, "p01", 1, &error), ==, "send-to-center");
  g_assert_no_error (error);
  g_assert_null (mk_workflow_check_register ("sideways", provider, "p01", 1, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (mk_workflow_check_register ("to-provider", provider, "p01", 0, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (mk_workflow_check_register ("to-provider", center, center->id, 1, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_free (c->provider_id);
  c->provider_id = g_strdup ("p01");
  g_assert_true (mk_workflow_check_register_case (c, "p01", first_center (), &error));
  g_assert_false (mk_workflow_check_register_case (c, "p02", first_center (), &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mk_workflow_check_register_case (c, "p01", "c99", &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);

  reg.number = (char *) "P01-2026-00001";
  reg.direction = (char *) "to-provider";
  g_assert_false (mk_workflow_check_receive (inspector, &reg, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_true (mk_workflow_check_receive (executor, &reg, &error));
  reg.received_at = 1;
  g_assert_false (mk_workflow_check_receive (executor, &reg, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
}

/* §10 step 5: the head of the case's own provider signs, while the case waits
 * for it, and only with the key registered on the head's account. */
static void
test_signer (void)
{
  g_autoptr(MkCase) c = application (first_center (), TRUE);
  g_autoptr(MkUser) head = user (MK_ROLE_PROVIDER_HEAD, "p01");
  g_autoptr(MkUser) other_head = user (MK_ROLE_PROVIDER_HEAD, "p02");
  g_autoptr(MkUser) executor = user (MK_ROLE_PROVIDER_EXECUTOR, "p01");
  g_autoptr(GError) error = NULL;

  g_free (c->provider_id);
  c->provider_id = g_strdup ("p01");
  c->stage = g_strdup ("signing");
  g_assert_true (mk_workflow_check_signer (head, c, &error));
  g_assert_no_error (error);
  g_assert_false (mk_workflow_check_signer (executor, c, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (mk_workflow_check_signer (other_head, c, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_free (c->stage);
  c->stage = g_strdup ("signed");
  g_assert_false (mk_workflow_check_signer (head, c, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (mk_workflow_check_signing_key (head, "ab12", &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  head->cert_sha256 = g_strdup ("ab12");
  g_assert_false (mk_workflow_check_signing_key (head, "cd34", &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_true (mk_workflow_check_signing_key (head, "ab12", &error));
  g_assert_no_error (error);
}

/* #10, §10, §14: every (document kind, role, office) pair. The case is of
 * center office c05 and provider p01; c07 and p02 are other offices. */
static void
test_documents (void)
{
  static const struct {
    const char *kind;
    guint       center_makers;    /* 1 << MkRole, at the case's own center */
    guint       provider_makers;  /* at the case's own provider */
  } expected[] = {
    { "receipt",         1u << MK_ROLE_CENTER_INSPECTOR, 0 },
    { "refusal-receipt", 1u << MK_ROLE_CENTER_INSPECTOR, 0 },
    { "register",        (1u << MK_ROLE_CENTER_INSPECTOR) | (1u << MK_ROLE_ACCUMULATION_INSPECTOR),
                         (1u << MK_ROLE_PROVIDER_EXECUTOR) | (1u << MK_ROLE_PROVIDER_HEAD) },
    { "certificate",     0, (1u << MK_ROLE_PROVIDER_EXECUTOR) | (1u << MK_ROLE_PROVIDER_HEAD) },
    { "refusal",         0, (1u << MK_ROLE_PROVIDER_EXECUTOR) | (1u << MK_ROLE_PROVIDER_HEAD) },
    { "return-letter",   0, 1u << MK_ROLE_PROVIDER_EXECUTOR },
  };
  static const struct {
    const char *office;
    gboolean    own_center;
    gboolean    own_provider;
  } offices_tried[] = {
    { "c05", TRUE,  FALSE },
    { "p01", FALSE, TRUE },
    { "c07", FALSE, FALSE },
    { "p02", FALSE, FALSE },
  };

  for (guint k = 0; k < G_N_ELEMENTS (expected); k++)
    for (MkRole role = 0; role < MK_ROLE_N_ROLES; role++)
      for (guint o = 0; o < G_N_ELEMENTS (offices_tried); o++)
        {
          g_autoptr(MkUser) u = user (role, offices_tried[o].office);
          gboolean own = offices_tried[o].own_center || offices_tried[o].own_provider;
          gboolean admin = role == MK_ROLE_ADMINISTRATOR;
          gboolean maker = (offices_tried[o].own_center && (expected[k].center_makers & (1u << role))) ||
                           (offices_tried[o].own_provider && (expected[k].provider_makers & (1u << role)));
          g_autoptr(GError) error = NULL;
          gboolean opened, made;

          opened = mk_workflow_check_document (regulation, u, expected[k].kind, "3505-2026-000001",
                                               "c05", "p01", FALSE, &error);
          g_assert_true (opened == (own || admin));
          g_assert_true (opened || error != NULL);
          g_clear_error (&error);
          made = mk_workflow_check_document (regulation, u, expected[k].kind, "3505-2026-000001",
                                             "c05", "p01", TRUE, &error);
          if (made != maker)
            g_error ("%s by %s at %s: %s, expected %s", expected[k].kind, mk_role_to_id (role),
                     offices_tried[o].office, made ? "made" : "refused", maker ? "made" : "refused");
          if (!made)
            {
              g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
              g_assert_nonnull (strstr (error->message, "3505-2026-000001"));
            }
        }
}

/* A regulation whose [norms] differ from the shipped one in @from → @to. */
static MkRegulation *
edited_regulation (const char *from,
                   const char *to)
{
  g_autoptr(GBytes) data = mk_regulation_get_default_data ();
  g_autofree char *text = g_strndup (g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  g_auto(GStrv) parts = g_strsplit (text, from, 2);
  g_autofree char *edited = NULL;
  g_autoptr(GError) error = NULL;
  MkRegulation *r;

  g_assert_nonnull (parts[1]);
  edited = g_strconcat (parts[0], to, parts[1], NULL);
  r = mk_regulation_new_from_data (edited, -1, &error);
  g_assert_no_error (error);
  return r;
}

/* #10, §16, §22: the storage term and the center's week are read from the
 * regulation's data, not assumed. */
static void
test_norms_drive_deadlines (void)
{
  g_autoptr(MkRegulation) two_months = edited_regulation ("storage-months=1", "storage-months=2");
  g_autoptr(MkRegulation) weekdays = edited_regulation ("center-last-weekday=6", "center-last-weekday=5");
  g_autoptr(MkCalendar) cal = mk_calendar_new_default (NULL);
  MkDeadlines shipped, edited;
  GDate accepted, expected;

  /* Thursday 19 November 2026, a 3-day clarification: due Tuesday 24, issued
   * on Wednesday 25; nothing in between is a holiday. */
  g_date_clear (&accepted, 1);
  g_date_set_dmy (&accepted, 19, G_DATE_NOVEMBER, 2026);
  mk_workflow_compute_deadlines (regulation, calendar, MK_SERVICE_CLARIFICATION, &accepted, &shipped);
  mk_workflow_compute_deadlines (two_months, calendar, MK_SERVICE_CLARIFICATION, &accepted, &edited);
  expected = shipped.issue_date;
  g_date_add_months (&expected, 2);
  g_assert_cmpint (g_date_compare (&edited.storage_until, &expected), ==, 0);

  /* From Tuesday 17 November the result is due on Friday 20; the center issues
   * it on Saturday 21 (Monday–Saturday), or, when the data says Monday–Friday,
   * on Monday 23. */
  g_date_set_dmy (&accepted, 17, G_DATE_NOVEMBER, 2026);
  mk_workflow_compute_deadlines (regulation, cal, MK_SERVICE_CLARIFICATION, &accepted, &shipped);
  mk_workflow_configure_calendar (weekdays, cal);
  mk_workflow_compute_deadlines (weekdays, cal, MK_SERVICE_CLARIFICATION, &accepted, &edited);
  g_assert_cmpint (g_date_compare (&shipped.provider_due, &edited.provider_due), ==, 0);
  g_assert_cmpint (g_date_get_weekday (&shipped.provider_due), ==, G_DATE_FRIDAY);
  g_assert_cmpint (g_date_get_weekday (&shipped.issue_date), ==, G_DATE_SATURDAY);
  g_assert_cmpint (g_date_get_weekday (&edited.issue_date), ==, G_DATE_MONDAY);
}

/* Kazakhstan's date and time (UTC+5) as Unix time. */
static gint64
kz_time (const char *iso,
         int         hour,
         int         minute,
         int         second)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (5 * 3600);
  int y, m, d;
  g_autoptr(GDateTime) dt = NULL;

  g_assert_cmpint (sscanf (iso, "%d-%d-%d", &y, &m, &d), ==, 3);
  dt = g_date_time_new (tz, y, m, d, hour, minute, second);
  return g_date_time_to_unix (dt);
}

/* §16: «демалыс және мереке күндерін қоспағанда, күн сайын, дүйсенбіден
 * сенбіге дейін ... түскі үзіліссіз сағат 9.00-ден 20.00-ге дейін»: Monday
 * to Saturday except days off and holidays, from 9:00 until 20:00, which
 * is the end (at 20:00 the center no longer accepts). A Saturday or Sunday
 * the government made a working day is not a day off: the center follows
 * the decree, as the §7 issue date does. */
static void
test_center_hours (void)
{
  static const struct {
    const char *iso;
    int hour, minute, second;
    gboolean open;
    const char *next;     /* when it opens again, at 9:00 */
    const char *says;     /* a part of the message */
    const char *why;
  } cases[] = {
    { "2026-12-03", 22, 5, 0, FALSE, "2026-12-04", "It is 22:05 now.", "Thursday night" },
    { "2026-12-03", 20, 0, 0, FALSE, "2026-12-04", "It is 20:00 now.", "20:00 is the end of the hours" },
    { "2026-12-03", 19, 59, 59, TRUE, NULL, NULL, "the last second before 20:00" },
    { "2026-12-03", 8, 59, 59, FALSE, "2026-12-03", "It is 08:59 now.", "before 9:00: opens the same day" },
    { "2026-12-03", 9, 0, 0, TRUE, NULL, NULL, "9:00 exactly" },
    { "2026-12-03", 0, 30, 0, FALSE, "2026-12-03", "It is 00:30 now.", "after midnight" },
    { "2026-12-05", 11, 0, 0, TRUE, NULL, NULL, "Saturday" },
    { "2026-12-05", 20, 30, 0, FALSE, "2026-12-07", "It is 20:30 now.", "Saturday evening: Monday next" },
    { "2026-12-06", 11, 0, 0, FALSE, "2026-12-07", "Today is Sunday, 6 December 2026.", "Sunday" },
    { "2025-03-22", 11, 0, 0, FALSE, "2025-03-26", "is a holiday", "Nauryz on a Saturday, then two moved days off" },
    { "2026-03-23", 11, 0, 0, FALSE, "2026-03-26", "is a holiday", "Nauryz on a Monday" },
    { "2026-03-24", 11, 0, 0, FALSE, "2026-03-26", "is a day off", "a day off moved from Nauryz" },
    { "2026-05-27", 11, 0, 0, FALSE, "2026-05-28", "is a day off", "Kurban Ait" },
    { "2026-12-16", 11, 0, 0, FALSE, "2026-12-17", "is a holiday", "Independence Day" },
    { "2026-01-01", 11, 0, 0, FALSE, "2026-01-03", "is a holiday", "New Year; 3 January is a Saturday" },
    { "2026-06-07", 11, 0, 0, TRUE, NULL, NULL, "a Sunday made a working day (set below)" },
    { "2026-06-07", 20, 0, 0, FALSE, "2026-06-09", "It is 20:00 now.", "…within the hours only; Monday after it made a day off" },
    { "2026-06-08", 11, 0, 0, FALSE, "2026-06-09", "is a day off", "a Monday made a day off (set below)" },
    { "2026-06-06", 21, 0, 0, FALSE, "2026-06-07", "It is 21:00 now.", "Saturday evening before the worked Sunday" },
  };
  g_autoptr(MkCalendar) cal = mk_calendar_new_default (NULL);
  g_autoptr(MkRegulation) shorter = edited_regulation ("center-open-hour=9", "center-open-hour=10");
  g_autoptr(MkRegulation) earlier = edited_regulation ("center-close-hour=20", "center-close-hour=18");
  GDate day;

  g_assert_nonnull (cal);
  mk_workflow_configure_calendar (regulation, cal);
  day = date (2026, 6, 7);
  mk_calendar_set_day (cal, &day, MK_DAY_TRANSFERRED_WORKING, "Жұмыс күні", "Рабочий день");
  day = date (2026, 6, 8);
  mk_calendar_set_day (cal, &day, MK_DAY_TRANSFERRED_OFF, "Демалыс күні", "Выходной день");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 at = kz_time (cases[i].iso, cases[i].hour, cases[i].minute, cases[i].second);
      gint64 next = 0;
      gboolean open;

      g_test_message ("§16: %s %02d:%02d:%02d, %s", cases[i].iso, cases[i].hour, cases[i].minute,
                      cases[i].second, cases[i].why);
      open = mk_workflow_check_center_hours (regulation, cal, at, &next, &error);
      g_assert_cmpint (open, ==, cases[i].open);
      if (open)
        {
          g_assert_no_error (error);
          continue;
        }
      g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_CLOSED);
      g_assert_cmpint (next, ==, kz_time (cases[i].next, 9, 0, 0));
      /* Every number from regulation.ini, the reason, and when it opens again. */
      g_assert_nonnull (strstr (error->message, "Monday to Saturday, except days off and holidays, from 9:00 to 20:00"));
      g_assert_nonnull (strstr (error->message, "(§16)"));
      g_assert_nonnull (strstr (error->message, cases[i].says));
      g_assert_nonnull (strstr (error->message, " at 9:00."));
    }

  /* The holiday is named, and so is the day it opens again. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mk_workflow_check_center_hours (regulation, cal, kz_time ("2026-03-23", 11, 0, 0), NULL, &error));
    g_assert_nonnull (strstr (error->message, "Праздник Наурыз"));
    g_assert_nonnull (strstr (error->message, "It opens again on 26 March 2026 at 9:00."));
    g_clear_error (&error);
    g_assert_false (mk_workflow_check_center_hours (regulation, cal, kz_time ("2026-12-03", 22, 5, 0), NULL, &error));
    g_assert_cmpstr (error->message, ==,
                     "The center accepts applications Monday to Saturday, except days off and holidays, "
                     "from 9:00 to 20:00, with no lunch break (§16). It is 22:05 now. "
                     "It opens again on 4 December 2026 at 9:00.");
  }

  /* The hours are the data's: opening at 10:00, or closing at 18:00. */
  {
    g_autoptr(GError) error = NULL;
    gint64 next = 0;

    g_assert_false (mk_workflow_check_center_hours (shorter, cal, kz_time ("2026-12-03", 9, 30, 0), &next, &error));
    g_assert_cmpint (next, ==, kz_time ("2026-12-03", 10, 0, 0));
    g_assert_nonnull (strstr (error->message, "from 10:00 to 20:00"));
    g_assert_nonnull (strstr (error->message, "at 10:00."));
    g_clear_error (&error);
    g_assert_true (mk_workflow_check_center_hours (shorter, cal, kz_time ("2026-12-03", 10, 0, 0), NULL, &error));
    g_assert_no_error (error);
    g_assert_true (mk_workflow_check_center_hours (earlier, cal, kz_time ("2026-12-03", 17, 59, 59), NULL, &error));
    g_assert_no_error (error);
    g_assert_false (mk_workflow_check_center_hours (earlier, cal, kz_time ("2026-12-03", 18, 0, 0), NULL, &error));
    g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_CLOSED);
    g_assert_nonnull (strstr (error->message, "from 9:00 to 18:00"));
  }
}

/* §16: hours that are no day's hours are refused when the regulation is read. */
static void
test_center_hours_data (void)
{
  static const char * const bad[] = { "center-close-hour=9", "center-close-hour=8", "center-close-hour=25" };
  g_autoptr(GBytes) data = mk_regulation_get_default_data ();
  g_autofree char *text = g_strndup (g_bytes_get_data (data, NULL), g_bytes_get_size (data));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(GStrv) parts = g_strsplit (text, "center-close-hour=20", 2);
      g_autofree char *edited = g_strconcat (parts[0], bad[i], parts[1], NULL);
      g_autoptr(MkRegulation) r = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("§16: %s", bad[i]);
      r = mk_regulation_new_from_data (edited, -1, &error);
      g_assert_null (r);
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "center-close-hour"));
    }
}

static gboolean
has_problem (GPtrArray  *problems,
             const char *field)
{
  for (guint i = 0; i < problems->len; i++)
    if (g_strcmp0 (((MkProblem *) g_ptr_array_index (problems, i))->field, field) == 0)
      return TRUE;
  return FALSE;
}

/* A case at @stage of center @first_center () and provider p01, with @result. */
static MkCase *
case_at (const char *stage,
         const char *result)
{
  MkCase *c = application (first_center (), TRUE);

  register_case (c);
  g_free (c->provider_id);
  c->provider_id = g_strdup ("p01");
  g_free (c->stage);
  c->stage = g_strdup (stage);
  c->result = g_strdup (result);
  return c;
}

static gboolean
offers (GPtrArray  *actions,
        const char *id)
{
  for (guint i = 0; i < actions->len; i++)
    if (g_strcmp0 (((const MkAction *) g_ptr_array_index (actions, i))->id, id) == 0)
      return TRUE;
  return FALSE;
}

/* #14, §1, §6, §13: every problem of a step at once, each naming its field,
 * and registration refuses with the first of them. */
static void
test_intake_problems (void)
{
  g_autoptr(MkUser) inspector = user (MK_ROLE_CENTER_INSPECTOR, first_center ());
  g_autoptr(MkCase) c = application (NULL, TRUE);
  g_autoptr(GPtrArray) applicant = NULL;
  g_autoptr(GPtrArray) object = NULL;
  g_autoptr(GError) error = NULL;

  applicant = mk_workflow_check_applicant (c);
  object = mk_workflow_check_object (c);
  g_assert_cmpuint (applicant->len, ==, 0);
  g_assert_cmpuint (object->len, ==, 0);
  g_clear_pointer (&applicant, g_ptr_array_unref);
  g_clear_pointer (&object, g_ptr_array_unref);

  g_clear_pointer (&c->applicant_name, g_free);
  g_clear_pointer (&c->applicant_phone, g_free);
  g_free (c->applicant_idn);
  c->applicant_idn = g_strdup ("900101300018");
  c->conditions |= MK_CONDITION_REPRESENTATIVE;
  applicant = mk_workflow_check_applicant (c);
  g_assert_cmpuint (applicant->len, ==, 5);
  g_assert_true (has_problem (applicant, "applicant-name"));
  g_assert_true (has_problem (applicant, "applicant-idn"));
  g_assert_true (has_problem (applicant, "applicant-phone"));
  g_assert_true (has_problem (applicant, "rep-name"));
  g_assert_true (has_problem (applicant, "rep-idn"));

  g_clear_pointer (&c->address->settlement.kk, g_free);
  g_clear_pointer (&c->address->settlement.ru, g_free);
  g_clear_pointer (&c->address->geonym.kk, g_free);
  g_clear_pointer (&c->address->building, g_free);
  c->address->kato = g_strdup ("12345");
  c->address->rca = g_strdup ("123");
  c->kind = MK_SERVICE_CHANGE;
  object = mk_workflow_check_object (c);
  g_assert_cmpuint (object->len, ==, 5);
  g_assert_true (has_problem (object, "address-settlement"));
  g_assert_true (has_problem (object, "address-geonym"));
  g_assert_true (has_problem (object, "address-rca"));
  g_assert_true (has_problem (object, "address-kato"));
  g_assert_true (has_problem (object, "former"));

  g_assert_false (mk_workflow_check_case (inspector, c, lookup, NULL, NULL, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, ((MkProblem *) g_ptr_array_index (applicant, 0))->message);
}

/* #14, §21, §22, §26: at issue, a certificate is issued (no refusal to notify,
 * no archive before the storage month ran out); a refusal is notified first;
 * after the storage term the archive is what the case waits for. */
static void
test_actions_now (void)
{
  g_autoptr(MkCase) cert = case_at ("at-center", "certificate");
  g_autoptr(MkCase) refusal = case_at ("at-center", "refusal");
  g_autoptr(MkUser) inspector = user (MK_ROLE_CENTER_INSPECTOR, first_center ());
  g_autoptr(MkUser) other = user (MK_ROLE_CENTER_INSPECTOR, "c99");
  g_autoptr(GPtrArray) now = NULL;
  g_autoptr(GError) error = NULL;
  MkWorkflowFacts facts = { 0, };
  GDate after;

  facts.today = cert->deadlines.issue_date;
  now = mk_workflow_actions_now (regulation, inspector, cert, &facts);
  g_assert_cmpuint (now->len, ==, 1);
  g_assert_cmpstr (mk_workflow_expected_action (now)->id, ==, "issue");
  g_clear_pointer (&now, g_ptr_array_unref);
  /* Nor may it be taken by a rule-bypassing caller. */
  g_assert_null (mk_workflow_apply_action (regulation, calendar, inspector, cert, "record-notification",
                                           NULL, &facts, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "§26"));
  g_assert_cmpstr (cert->stage, ==, "at-center");
  g_clear_error (&error);

  /* §26: a refusal sent back starts the notification deadline. */
  refusal->notify_due = facts.today;
  now = mk_workflow_actions_now (regulation, inspector, refusal, &facts);
  g_assert_true (offers (now, "record-notification"));
  g_assert_true (offers (now, "issue"));
  g_assert_false (offers (now, "archive"));
  g_assert_cmpstr (mk_workflow_expected_action (now)->id, ==, "record-notification");
  g_clear_pointer (&now, g_ptr_array_unref);
  g_assert_nonnull (mk_workflow_apply_action (regulation, calendar, inspector, refusal, "record-notification",
                                              NULL, &facts, &error));
  g_assert_no_error (error);
  g_assert_false (g_date_valid (&refusal->notify_due));
  now = mk_workflow_actions_now (regulation, inspector, refusal, &facts);
  g_assert_false (offers (now, "record-notification"));
  g_assert_cmpstr (mk_workflow_expected_action (now)->id, ==, "issue");
  g_clear_pointer (&now, g_ptr_array_unref);

  /* §22: archived only after the storage term, and then expected. */
  after = cert->deadlines.storage_until;
  g_date_add_days (&after, 1);
  facts.today = after;
  now = mk_workflow_actions_now (regulation, inspector, cert, &facts);
  g_assert_true (offers (now, "archive"));
  g_assert_cmpstr (mk_workflow_expected_action (now)->id, ==, "archive");
  g_clear_pointer (&now, g_ptr_array_unref);

  /* §10, §14: another office's inspector is offered nothing. */
  now = mk_workflow_actions_now (regulation, other, cert, &facts);
  g_assert_cmpuint (now->len, ==, 0);
  g_assert_null (mk_workflow_expected_action (now));
  g_clear_pointer (&now, g_ptr_array_unref);

  /* §19: a package still on its way is not worked on. */
  facts.in_transit = TRUE;
  now = mk_workflow_actions_now (regulation, inspector, cert, &facts);
  g_assert_cmpuint (now->len, ==, 0);
  g_clear_pointer (&now, g_ptr_array_unref);
}

/* §21 (#14): the result goes to the applicant, or to the representative the
 * case names, who shows an identity document with its number. */
static void
test_issue_recipient (void)
{
  g_autoptr(MkCase) c = case_at ("at-center", "certificate");
  g_autoptr(MkUser) inspector = user (MK_ROLE_CENTER_INSPECTOR, first_center ());
  g_autoptr(GError) error = NULL;
  MkIssueRecipient recipient = { MK_RECIPIENT_REPRESENTATIVE, MK_ID_DOCUMENT_IDENTITY_CARD, "045123789" };
  MkWorkflowFacts facts = { 0, };
  const char *bad_numbers[] = { "", "   ", "12", "04512-3789", "0451237890123456789012" };
  MkIdDocumentKind kind;
  MkRecipientKind who;

  facts.today = c->deadlines.issue_date;
  g_assert_null (mk_workflow_apply_action (regulation, calendar, inspector, c, "issue", NULL, &facts, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "§21"));
  g_clear_error (&error);

  /* No representative in the case: only the applicant. */
  facts.recipient = &recipient;
  g_assert_null (mk_workflow_apply_action (regulation, calendar, inspector, c, "issue", NULL, &facts, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_assert_cmpstr (c->stage, ==, "at-center");
  g_clear_error (&error);
  c->conditions |= MK_CONDITION_REPRESENTATIVE;
  g_assert_true (mk_workflow_check_recipient (c, &recipient, &error));
  g_assert_no_error (error);

  recipient.kind = MK_RECIPIENT_APPLICANT;
  for (guint i = 0; i < G_N_ELEMENTS (bad_numbers); i++)
    {
      recipient.number = bad_numbers[i];
      g_assert_false (mk_workflow_check_recipient (c, &recipient, &error));
      g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }
  recipient.document = MK_ID_DOCUMENT_N_KINDS;
  recipient.number = "N12345678";
  g_assert_false (mk_workflow_check_recipient (c, &recipient, &error));
  g_clear_error (&error);
  recipient.document = MK_ID_DOCUMENT_PASSPORT;
  g_assert_nonnull (mk_workflow_apply_action (regulation, calendar, inspector, c, "issue", NULL, &facts, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (c->stage, ==, "issued");

  for (guint i = 0; i < MK_ID_DOCUMENT_N_KINDS; i++)
    {
      g_assert_true (mk_id_document_kind_from_id (mk_id_document_kind_to_id (i), &kind));
      g_assert_cmpint (kind, ==, i);
      g_assert_cmpstr (mk_id_document_kind_name (i), !=, "");
    }
  g_assert_false (mk_id_document_kind_from_id ("library-card", &kind));
  g_assert_true (mk_recipient_kind_from_id ("representative", &who));
  g_assert_cmpint (who, ==, MK_RECIPIENT_REPRESENTATIVE);
  g_assert_false (mk_recipient_kind_from_id ("neighbour", &who));
}

/* #14: the question before an action names the case and what will happen. */
static void
test_describe_action (void)
{
  g_autoptr(MkCase) c = case_at ("at-center", "certificate");

  for (guint i = 0; i < 2; i++)
    {
      const char *ids[] = { "issue", "resubmit" };
      g_autofree char *text = mk_workflow_describe_action (regulation, c,
                                                           mk_regulation_get_action (regulation, ids[i]));

      g_assert_nonnull (strstr (text, c->regno));
      g_assert_nonnull (strstr (text, c->applicant_name));
      g_assert_nonnull (strstr (text, "administrator"));
    }
  {
    g_autofree char *text = mk_workflow_describe_action (regulation, c,
                                                         mk_regulation_get_action (regulation, "issue"));
    g_assert_nonnull (strstr (text, "certificate"));
    g_assert_nonnull (strstr (text, "closed"));
  }
}

static MkEvent *
event (const char *action,
       const char *before,
       const char *after)
{
  MkEvent *e = g_new0 (MkEvent, 1);

  e->id = 1;
  e->action = g_strdup (action);
  e->stage_before = g_strdup (before);
  e->stage_after = g_strdup (after);
  return e;
}

/* #14, §9: an administrator takes the last step back with a reason; nobody
 * else, and not a step whose effects are gone; a refusal changes nothing. */
static void
test_correct (void)
{
  g_autoptr(MkCase) c = case_at ("issued", "certificate");
  g_autoptr(MkUser) admin = user (MK_ROLE_ADMINISTRATOR, NULL);
  g_autoptr(MkUser) inspector = user (MK_ROLE_CENTER_INSPECTOR, first_center ());
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_event_free);
  g_autoptr(GError) error = NULL;
  const MkEvent *undone;

  g_ptr_array_add (events, event ("register", NULL, "accumulation"));
  g_ptr_array_add (events, event ("send-to-provider", "accumulation", "at-provider"));
  g_ptr_array_add (events, event ("prepare-certificate", "at-provider", "signing"));
  g_ptr_array_add (events, event ("issue-document", "signing", "signing"));
  g_ptr_array_add (events, event ("sign", "signing", "signed"));
  g_ptr_array_add (events, event ("send-to-center", "signed", "at-center"));
  g_ptr_array_add (events, event ("issue", "at-center", "issued"));
  g_ptr_array_add (events, event ("attach", "issued", "issued"));

  g_assert_null (mk_workflow_correct (regulation, inspector, c, events, "wrong person", &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (mk_workflow_correct (regulation, admin, c, events, "  ", &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (c->stage, ==, "issued");

  undone = mk_workflow_correct (regulation, admin, c, events, "Issued to the wrong person", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (undone->action, ==, "issue");
  g_assert_cmpstr (c->stage, ==, "at-center");
  g_assert_cmpstr (c->result, ==, "certificate");
  /* §21: the issue date counts again. */
  g_assert_cmpint (g_date_compare (&c->due, &c->deadlines.issue_date), ==, 0);

  /* A correction is not corrected again. */
  g_ptr_array_add (events, event ("correct", "issued", "at-center"));
  g_assert_null (mk_workflow_correct (regulation, admin, c, events, "again", &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (c->stage, ==, "at-center");

  /* Preparing undone: the decision goes with it. */
  g_ptr_array_set_size (events, 3);
  g_free (c->stage);
  c->stage = g_strdup ("signing");
  c->result_number = g_strdup (c->regno);
  undone = mk_workflow_correct (regulation, admin, c, events, "Wrong kind of result", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c->stage, ==, "at-provider");
  g_assert_null (c->result);
  g_assert_null (c->result_number);

  /* Intake is never taken back, nor deadlines counted anew. */
  g_ptr_array_set_size (events, 1);
  g_free (c->stage);
  c->stage = g_strdup ("accumulation");
  g_assert_null (mk_workflow_correct (regulation, admin, c, events, "mistake", &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_ptr_array_add (events, event ("resubmit", "returned", "accumulation"));
  g_assert_null (mk_workflow_correct (regulation, admin, c, events, "mistake", &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "§24"));
  g_clear_error (&error);
  g_assert_cmpstr (c->stage, ==, "accumulation");
}

/* §19 (#14): a case is on its way until its register, or the case itself,
 * is received, and only the receiving office signs for it. */
static void
test_receipt (void)
{
  g_autoptr(MkCase) c = case_at ("at-provider", NULL);
  g_autoptr(MkUser) executor = user (MK_ROLE_PROVIDER_EXECUTOR, "p01");
  g_autoptr(MkUser) stranger = user (MK_ROLE_PROVIDER_EXECUTOR, "p02");
  g_autoptr(MkUser) inspector = user (MK_ROLE_CENTER_INSPECTOR, first_center ());
  g_autoptr(GError) error = NULL;
  MkRegister reg = { 0, };

  reg.number = (char *) "P01-2026-00001";
  reg.direction = (char *) "to-provider";
  reg.center_id = (char *) first_center ();
  reg.provider_id = (char *) "p01";
  g_assert_true (mk_workflow_case_in_transit (regulation, c, &reg, 0));
  g_assert_false (mk_workflow_case_in_transit (regulation, c, &reg, 1));
  g_free (c->stage);
  c->stage = g_strdup ("signing");
  g_assert_false (mk_workflow_case_in_transit (regulation, c, &reg, 0));

  g_assert_true (mk_workflow_check_receive_case (executor, &reg, c, 0, &error));
  g_assert_no_error (error);
  g_assert_false (mk_workflow_check_receive_case (executor, &reg, c, 1, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mk_workflow_check_receive_case (stranger, &reg, c, 0, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (mk_workflow_check_receive_case (inspector, &reg, NULL, 0, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  reg.received_at = 1;
  g_assert_false (mk_workflow_case_in_transit (regulation, c, &reg, 0));
}

/* #14: every event the store writes has a name in the history, and an
 * issue says who took the result with the document shown (§21). */
static void
test_event_names (void)
{
  const char *const store_events[] = {
    "add-trust-anchor", "add-user", "attach", "correct", "create-register", "edit", "import-calendar",
    "import-regulation", "receive-case", "receive-register", "register", "remove-attachment",
    "remove-trust-anchor", "restore-forced", "retire-address", "seal-rows", "set-certificate",
    "refuse-intake", "issue-document", "update-user", "update-user-password",
  };
  const char *other = mk_event_action_name (regulation, "no-such-event");
  MkEvent issue = { .action = (char *) "issue",
                    .after = (char *) "{\"stage\":\"issued\",\"received_by\":\"representative\","
                                      "\"recipient_name\":\"Нұрланов Асқар\",\"id_document\":\"passport\","
                                      "\"id_number\":\"N1234567\"}" };
  g_autofree char *described = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (store_events); i++)
    {
      const char *name = mk_event_action_name (regulation, store_events[i]);

      g_assert_cmpstr (name, !=, other);
      g_assert_cmpstr (name, !=, store_events[i]);
    }
  described = mk_event_describe (regulation, &issue);
  g_assert_nonnull (described);
  g_assert_nonnull (strstr (described, "Нұрланов Асқар"));
  g_assert_nonnull (strstr (described, "N1234567"));
  g_assert_nonnull (strstr (described, mk_id_document_kind_name (MK_ID_DOCUMENT_PASSPORT)));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int rc;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  regulation = mk_regulation_new_default (&error);
  g_assert_no_error (error);
  calendar = mk_calendar_new_default (&error);
  g_assert_no_error (error);
  offices = mk_offices_load_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/workflow/intake", test_intake);
  g_test_add_func ("/workflow/intake-problems", test_intake_problems);
  g_test_add_func ("/workflow/edit", test_edit);
  g_test_add_func ("/workflow/actions", test_actions);
  g_test_add_func ("/workflow/return-for-errors", test_return_for_errors);
  g_test_add_func ("/workflow/registers", test_registers);
  g_test_add_func ("/workflow/signer", test_signer);
  g_test_add_func ("/workflow/documents-s10-s14", test_documents);
  g_test_add_func ("/workflow/norms-drive-deadlines-s16-s22", test_norms_drive_deadlines);
  g_test_add_func ("/workflow/actions-now-s21-s22-s26", test_actions_now);
  g_test_add_func ("/workflow/issue-recipient-s21", test_issue_recipient);
  g_test_add_func ("/workflow/describe-action", test_describe_action);
  g_test_add_func ("/workflow/correct-step-s9", test_correct);
  g_test_add_func ("/workflow/receipt-s19", test_receipt);
  g_test_add_func ("/workflow/event-names", test_event_names);
  g_test_add_func ("/workflow/center-hours-s16", test_center_hours);
  g_test_add_func ("/workflow/center-hours-data-s16", test_center_hours_data);
  rc = g_test_run ();
  g_ptr_array_unref (offices);
  g_object_unref (calendar);
  g_object_unref (regulation);
  return rc;
}
