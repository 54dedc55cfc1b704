/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The regulation's decisions on a case (§6, §7, §10, §11, §14, §22–§26). */
#define G_LOG_DOMAIN "mk-workflow"

#include "mk-workflow.h"

#include <glib/gi18n-lib.h>

#include "mk-clock.h"
#include "mk-deadline.h"
#include "mk-id.h"

static gboolean
empty (const char *s)
{
  if (s == NULL)
    return TRUE;
  while (g_ascii_isspace (*s))
    s++;
  return *s == '\0';
}

static gboolean
invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID, message);
  return FALSE;
}

gboolean
mk_workflow_check_intake_role (const MkUser  *actor,
                               GError       **error)
{
  if (actor->role != MK_ROLE_CENTER_INSPECTOR && actor->role != MK_ROLE_ADMINISTRATOR)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("Only a center inspector accepts applications (§10 step 2), not a %s"),
                   mk_role_name (actor->role));
      return FALSE;
    }
  return TRUE;
}

void
mk_problem_free (MkProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

static GPtrArray *
problems_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) mk_problem_free);
}

static void add_problem (GPtrArray *problems, const char *field, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
add_problem (GPtrArray  *problems,
             const char *field,
             const char *format,
             ...)
{
  MkProblem *problem = g_new0 (MkProblem, 1);
  va_list args;

  va_start (args, format);
  problem->field = g_strdup (field);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (problems, problem);
}

/* Every problem of address @a; the fields are named @prefix-settlement, … */
static void
address_problems (const MkAddress *a,
                  const char      *prefix,
                  const char      *what,
                  GPtrArray       *problems)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *settlement = g_strconcat (prefix, "-settlement", NULL);
  g_autofree char *geonym = g_strconcat (prefix, "-geonym", NULL);
  g_autofree char *rca = g_strconcat (prefix, "-rca", NULL);
  g_autofree char *kato = g_strconcat (prefix, "-kato", NULL);

  if (a == NULL)
    {
      add_problem (problems, prefix, _("%s: missing"), what);
      return;
    }
  if (empty (a->settlement.kk) && empty (a->settlement.ru))
    add_problem (problems, settlement, _("%s: the settlement is missing"), what);
  if (empty (a->geonym.kk) && empty (a->geonym.ru) && empty (a->building))
    add_problem (problems, geonym, _("%s: give a street (geonym) or a building number"), what);
  if (!empty (a->rca) && !mk_rca_validate (a->rca, &local))
    add_problem (problems, rca, _("%s, address registration code: %s"), what, local->message);
  g_clear_error (&local);
  if (!empty (a->kato) && !mk_kato_validate (a->kato, &local))
    add_problem (problems, kato, _("%s, КАТО: %s"), what, local->message);
}

/* The first of @problems as @error; TRUE when there is none. */
static gboolean
first_problem (GPtrArray  *problems,
               GError    **error)
{
  if (problems->len == 0)
    return TRUE;
  return invalid (error, "%s", ((MkProblem *) g_ptr_array_index (problems, 0))->message);
}

gboolean
mk_workflow_check_address (const MkAddress  *a,
                           const char       *what,
                           GError          **error)
{
  g_autoptr(GPtrArray) problems = problems_new ();

  address_problems (a, "address", what, problems);
  return first_problem (problems, error);
}

static gboolean
phone_valid (const char  *phone,
             GError     **error)
{
  g_autofree char *normalized = mk_phone_normalize (phone, error);

  return normalized != NULL;
}

GPtrArray *
mk_workflow_check_applicant (const MkCase *c)
{
  GPtrArray *problems = problems_new ();
  g_autoptr(GError) local = NULL;

  /* §1: an individual has an ИИН, a legal entity a БИН. */
  if (empty (c->applicant_name))
    add_problem (problems, "applicant-name", "%s", _("Applicant: the name is missing"));
  if (!mk_id_validate (c->applicant_idn,
                       c->applicant_kind == MK_APPLICANT_LEGAL_ENTITY ? MK_ID_KIND_BIN : MK_ID_KIND_IIN,
                       NULL, &local))
    add_problem (problems, "applicant-idn",
                 c->applicant_kind == MK_APPLICANT_LEGAL_ENTITY
                 ? _("Applicant’s БИН: %s") : _("Applicant’s ИИН: %s"),
                 local->message);
  g_clear_error (&local);
  /* §13: the receipt carries the applicant's phone. */
  if (empty (c->applicant_phone))
    add_problem (problems, "applicant-phone", "%s", _("Applicant: the phone number is missing (§13)"));
  else if (!phone_valid (c->applicant_phone, &local))
    add_problem (problems, "applicant-phone", _("Applicant: %s"), local->message);
  g_clear_error (&local);
  if (c->conditions & MK_CONDITION_REPRESENTATIVE)
    {
      if (empty (c->rep_name))
        add_problem (problems, "rep-name", "%s", _("Representative: the name is missing"));
      if (!mk_id_validate (c->rep_idn, MK_ID_KIND_IIN, NULL, &local))
        add_problem (problems, "rep-idn", _("Representative’s ИИН: %s"), local->message);
      g_clear_error (&local);
      if (!empty (c->rep_phone) && !phone_valid (c->rep_phone, &local))
        add_problem (problems, "rep-phone", _("Representative: %s"), local->message);
    }
  return problems;
}

GPtrArray *
mk_workflow_check_object (const MkCase *c)
{
  GPtrArray *problems = problems_new ();

  if ((guint) c->object_kind >= MK_OBJECT_N_KINDS)
    add_problem (problems, "object-kind", "%s", _("Object: unknown kind of object"));
  address_problems (c->address, "address", _("Address"), problems);
  /* §6: a change or abolition names the address it replaces. */
  if (c->kind == MK_SERVICE_CHANGE || c->kind == MK_SERVICE_ABOLITION)
    address_problems (c->former_address, "former", _("Former address"), problems);
  return problems;
}

/* Replaces *@phone by its one stored form, +7 XXX XXX XX XX. */
static gboolean
normalize_phone (char   **phone,
                 GError **error)
{
  char *normalized = mk_phone_normalize (*phone, error);

  if (normalized == NULL)
    return FALSE;
  g_free (*phone);
  *phone = normalized;
  return TRUE;
}

gboolean
mk_workflow_check_case (const MkUser          *actor,
                        MkCase                *c,
                        MkWorkflowOfficeFunc   offices,
                        gpointer               user_data,
                        MkOffice             **out_center,
                        GError               **error)
{
  g_autoptr(MkOffice) center = NULL;
  g_autoptr(MkOffice) provider = NULL;

  if ((guint) c->kind >= MK_SERVICE_N_KINDS)
    return invalid (error, _("Service: unknown kind of service"));

  if (c->center_id == NULL)
    c->center_id = g_strdup (actor->office_id);
  if (c->center_id == NULL)
    return invalid (error, _("Center office: not given, and the user belongs to no office"));
  center = offices (c->center_id, user_data);
  if (center == NULL || center->kind != MK_ORG_CENTER)
    return invalid (error, _("Center office: unknown center office “%s”"), c->center_id);
  if (c->provider_id == NULL)
    c->provider_id = g_strdup (center->provider_id);
  if (c->provider_id == NULL)
    return invalid (error, _("Provider: center office “%s” has no provider"), center->id);
  provider = offices (c->provider_id, user_data);
  if (provider == NULL || provider->kind != MK_ORG_PROVIDER)
    return invalid (error, _("Provider: unknown provider “%s”"), c->provider_id);

  {
    g_autoptr(GPtrArray) applicant = mk_workflow_check_applicant (c);
    g_autoptr(GPtrArray) object = mk_workflow_check_object (c);

    /* The intake shows all of them at once, step by step; here the first tells. */
    if (!first_problem (applicant, error) || !first_problem (object, error))
      return FALSE;
  }
  /* Kept in one form, +7 XXX XXX XX XX (#14); checked above. */
  if (!normalize_phone (&c->applicant_phone, error)
      || (!empty (c->rep_phone) && !normalize_phone (&c->rep_phone, error)))
    return FALSE;

  if (out_center != NULL)
    *out_center = g_steal_pointer (&center);
  return TRUE;
}

GPtrArray *
mk_workflow_apply_checklist (MkRegulation *regulation,
                             MkCase       *c)
{
  g_autoptr(GPtrArray) checklist = mk_regulation_get_checklist (regulation, c->kind, c->conditions);
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_case_item_free);
  GPtrArray *missing = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < checklist->len; i++)
    {
      const MkChecklistItem *ci = g_ptr_array_index (checklist, i);
      MkCaseItem *given = c->items != NULL ? mk_case_find_item (c, ci->kind->id) : NULL;
      MkCaseItem *item = mk_case_item_new (ci->kind->id, ci->required);

      if (given != NULL)
        {
          item->present = given->present;
          item->original_returned = given->original_returned;
          item->n_attachments = given->n_attachments;
        }
      if (ci->required && !item->present)
        g_ptr_array_add (missing, g_strdup (mk_text_get (&ci->kind->name)));
      g_ptr_array_add (items, item);
    }

  if (c->items != NULL)
    g_ptr_array_unref (c->items);
  c->items = items;
  return missing;
}

static char *
join_names (GPtrArray *names)
{
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("; ", (char **) names->pdata);
}

void
mk_workflow_configure_calendar (MkRegulation *regulation,
                                MkCalendar   *calendar)
{
  guint first = mk_regulation_get_norm (regulation, "center-first-weekday");
  guint last = mk_regulation_get_norm (regulation, "center-last-weekday");

  /* §16: an edition that does not state the center's week keeps Monday–Saturday. */
  if (g_date_valid_weekday ((GDateWeekday) first) && g_date_valid_weekday ((GDateWeekday) last) && first <= last)
    mk_calendar_set_center_week (calendar, (GDateWeekday) first, (GDateWeekday) last);
}

/* §16: a weekday as the center's week names it ("Monday"). */
static const char *
weekday_name (GDateWeekday weekday)
{
  /* Translators: weekdays in the middle of a sentence (§16). */
  static const char * const names[] = {
    NULL, NC_("weekday", "Monday"), NC_("weekday", "Tuesday"), NC_("weekday", "Wednesday"),
    NC_("weekday", "Thursday"), NC_("weekday", "Friday"),
    NC_("weekday", "Saturday"), NC_("weekday", "Sunday"),
  };

  return g_date_valid_weekday (weekday) ? g_dpgettext2 (GETTEXT_PACKAGE, "weekday", names[weekday]) : "";
}

/* The calendar's name of @date (a holiday, a moved day off), or NULL. */
static char *
special_day_name (MkCalendar  *calendar,
                  const GDate *date)
{
  g_autoptr(GPtrArray) days = mk_calendar_list_special_days (calendar, g_date_get_year (date));

  for (guint i = 0; days != NULL && i < days->len; i++)
    {
      const MkCalendarDay *day = g_ptr_array_index (days, i);

      if (g_date_compare (&day->date, date) == 0)
        return g_strdup (g_str_equal (mk_ui_language (), "kk") ? day->name_kk : day->name_ru);
    }
  return NULL;
}

gboolean
mk_workflow_check_center_hours (MkRegulation  *regulation,
                                MkCalendar    *calendar,
                                gint64         at,
                                gint64        *out_next_open,
                                GError       **error)
{
  guint open = mk_regulation_get_norm (regulation, "center-open-hour");
  guint close = mk_regulation_get_norm (regulation, "center-close-hour");
  g_autoptr(GDateTime) local = mk_clock_local_time (at);
  g_autofree char *rule = NULL;
  g_autofree char *why = NULL;
  g_autofree char *next_day = NULL;
  g_autofree char *when = NULL;
  GDateWeekday first, last;
  gint64 since_midnight;
  gboolean open_day;
  GDate day, next;

  /* An edition that does not state the center's hours does not limit them
   * (the parser refuses hours that make no sense). */
  if (close == 0)
    close = 24;
  mk_clock_date_of (at, &day);
  since_midnight = at - mk_clock_midnight_of (&day);
  open_day = mk_calendar_is_center_open (calendar, &day);
  /* §16: «сағат 9.00-ден 20.00-ге дейін»: from the opening hour until the
   * closing hour, which is the end; no lunch break. */
  if (open_day && since_midnight >= (gint64) open * 3600 && since_midnight < (gint64) close * 3600)
    return TRUE;

  /* It opens again today if the day is open and the hour still to come. */
  next = day;
  if (!open_day || since_midnight >= (gint64) open * 3600)
    mk_calendar_next_center_open (calendar, &next);
  if (out_next_open != NULL)
    *out_next_open = mk_clock_midnight_of (&next) + (gint64) open * 3600;

  mk_calendar_get_center_week (calendar, &first, &last);
  /* Translators: §16; "Monday", "Saturday", the opening and the closing hour. */
  rule = g_strdup_printf (_("The center accepts applications %s to %s, except days off and holidays, from %u:00 to %u:00, with no lunch break (§16)."),
                          weekday_name (first), weekday_name (last), open, close);
  if (open_day)
    /* Translators: the time in Kazakhstan, 22:05. */
    why = g_strdup_printf (_("It is %02d:%02d now."), g_date_time_get_hour (local), g_date_time_get_minute (local));
  else
    {
      g_autofree char *today = mk_date_format_long (&day, NULL);
      g_autofree char *name = special_day_name (calendar, &day);
      MkDayKind kind = mk_calendar_day_kind (calendar, &day);

      if (kind == MK_DAY_HOLIDAY && name != NULL)
        /* Translators: "22 March 2026", "Nauryz". */
        why = g_strdup_printf (_("Today, %s, is a holiday: %s."), today, name);
      else if (kind != MK_DAY_WORKING && kind != MK_DAY_WEEKEND && name != NULL)
        /* Translators: "24 March 2026", the calendar's name of the day off. */
        why = g_strdup_printf (_("Today, %s, is a day off: %s."), today, name);
      else if (kind != MK_DAY_WORKING && kind != MK_DAY_WEEKEND)
        why = g_strdup_printf (_("Today, %s, is a day off."), today);
      else
        /* Translators: "Sunday", "6 December 2026". */
        why = g_strdup_printf (_("Today is %s, %s."), weekday_name (g_date_get_weekday (&day)), today);
    }
  next_day = mk_date_format_long (&next, NULL);
  /* Translators: "4 December 2026", the opening hour. */
  when = g_strdup_printf (_("It opens again on %s at %u:00."), next_day, open);
  g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_CLOSED, "%s %s %s", rule, why, when);
  return FALSE;
}

void
mk_workflow_compute_deadlines (MkRegulation  *regulation,
                               MkCalendar    *calendar,
                               MkServiceKind  kind,
                               const GDate   *accepted,
                               MkDeadlines   *out)
{
  /* §7: the kind's term; §22: the storage term, both from the regulation's data. */
  mk_deadlines_compute (calendar, mk_regulation_get_term_days (regulation, kind),
                        mk_regulation_get_norm (regulation, "storage-months"), accepted, out);
}

gboolean
mk_workflow_intake (MkRegulation  *regulation,
                    MkCalendar    *calendar,
                    MkCase        *c,
                    gboolean       refuse,
                    const GDate   *accepted,
                    char         **out_missing,
                    GError       **error)
{
  g_autoptr(GPtrArray) missing = NULL;

  if (c->id != 0)
    return invalid (error, _("Case “%s” is already registered"), c->regno != NULL ? c->regno : "");

  missing = mk_workflow_apply_checklist (regulation, c);
  /* §23: without every required document the application is not accepted;
   * the refusal receipt lists what is missing, and with nothing missing there
   * is no ground to refuse. */
  if (!refuse && missing->len > 0)
    {
      g_autofree char *names = join_names (missing);

      return invalid (error, _("Required documents missing (§11, §23): %s"), names);
    }
  if (refuse && missing->len == 0)
    return invalid (error, _("Every required document is present: there is no ground to refuse (§23)"));

  /* §7: the term runs in working days after the day of acceptance. */
  mk_workflow_compute_deadlines (regulation, calendar, c->kind, accepted, &c->deadlines);
  g_free (c->stage);
  c->stage = g_strdup (refuse ? mk_regulation_get_refused_stage (regulation)
                              : mk_regulation_get_initial_stage (regulation));
  g_date_clear (&c->return_due, 1);
  g_date_clear (&c->notify_due, 1);
  mk_workflow_update_due (regulation, c);
  if (out_missing != NULL)
    *out_missing = refuse ? join_names (missing) : NULL;
  return TRUE;
}

gboolean
mk_workflow_edit (MkRegulation          *regulation,
                  const MkUser          *actor,
                  const MkCase          *old,
                  MkCase                *c,
                  MkWorkflowOfficeFunc   offices,
                  gpointer               user_data,
                  GError               **error)
{
  g_autoptr(GPtrArray) missing = NULL;

  if (!mk_workflow_check_intake_role (actor, error))
    return FALSE;
  /* Edits happen at the center only: before the package leaves (§10 step 3)
   * or after the provider returned it for errors (§24). */
  if (g_strcmp0 (old->stage, "accumulation") != 0 && g_strcmp0 (old->stage, "returned") != 0)
    return invalid (error, _("Case %s is at stage “%s”: it can be edited only at the center, before it is sent or after it is returned (§24)"),
                    old->regno, old->stage);

  /* A record read from the store must still be the latest version. */
  if (c->version != 0 && c->version != old->version)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_CONFLICT,
                   _("Case %s was changed by somebody else since it was opened; reopen it and edit again"),
                   old->regno);
      return FALSE;
    }
  if (c->kind != old->kind)
    return invalid (error, _("The kind of service cannot change; refuse and register a new application"));

  /* What intake fixed stays as it was. */
  g_free (c->regno); c->regno = g_strdup (old->regno);
  g_free (c->center_id); c->center_id = g_strdup (old->center_id);
  g_free (c->provider_id); c->provider_id = g_strdup (old->provider_id);
  g_free (c->stage); c->stage = g_strdup (old->stage);
  g_free (c->result); c->result = g_strdup (old->result);
  g_free (c->result_number); c->result_number = g_strdup (old->result_number);
  g_free (c->grounds); c->grounds = g_strdup (old->grounds);
  c->result_date = old->result_date;
  c->accepted_at = old->accepted_at;
  c->accepted_by = old->accepted_by;
  c->deadlines = old->deadlines;
  c->return_due = old->return_due;
  c->notify_due = old->notify_due;
  c->due = old->due;
  c->register_id = old->register_id;
  if (!mk_workflow_check_case (actor, c, offices, user_data, NULL, error))
    return FALSE;

  missing = mk_workflow_apply_checklist (regulation, c);
  if (missing->len > 0)
    {
      g_autofree char *names = join_names (missing);

      return invalid (error, _("Required documents missing (§11, §23): %s"), names);
    }
  return TRUE;
}

gboolean
mk_workflow_check_certificate (const MkAddress  *address,
                               const char       *basis_number,
                               const GDate      *basis_date,
                               const GDate      *today,
                               GError          **error)
{
  g_autoptr(GError) local = NULL;

  if (empty (address->rca))
    return invalid (error, _("Address registration code: enter the 16 digits (§6)"));
  if (!mk_rca_validate (address->rca, &local))
    return invalid (error, _("Address registration code: %s"), local->message);
  if (empty (basis_number))
    return invalid (error, _("Basis: enter the number of the akimat’s resolution or decision (§4)"));
  if (basis_date == NULL || !g_date_valid (basis_date))
    return invalid (error, _("Basis: enter the date of the akimat’s resolution or decision (§4)"));
  if (g_date_compare (basis_date, today) > 0)
    return invalid (error, _("Basis: the decision cannot be dated after today"));
  return mk_workflow_check_address (address, _("Address"), error);
}

const char *
mk_workflow_held_rca (const MkCase *c)
{
  if ((c->kind != MK_SERVICE_ASSIGNMENT && c->kind != MK_SERVICE_CHANGE)
      || g_strcmp0 (c->result, "certificate") != 0
      || c->address == NULL || !c->address->active || empty (c->address->rca))
    return NULL;
  return c->address->rca;
}

gboolean
mk_workflow_check_rca_free (const MkCase  *c,
                            const char    *holder_regno,
                            gboolean       taken,
                            GError       **error)
{
  const char *rca = mk_workflow_held_rca (c);

  if (rca == NULL || (holder_regno == NULL && !taken) || g_strcmp0 (holder_regno, c->regno) == 0)
    return TRUE;
  if (holder_regno == NULL)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_DUPLICATE,
                   _("Address registration code %s is already held by the active address of another case (§4, §6): "
                     "a code belongs to one active address; check the code, or abolish that address first"),
                   rca);
      return FALSE;
    }
  g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_DUPLICATE,
               _("Address registration code %s is already held by the active address of case %s (§4, §6): "
                 "a code belongs to one active address; check the code, or abolish that address first"),
               rca, holder_regno);
  return FALSE;
}

const char *
mk_workflow_retired_rca (const MkCase   *c,
                         const MkAction *action)
{
  /* §10 step 5: the head's signature makes the certificate, and so the abolition or change, real. */
  if (g_strcmp0 (action->to, "signed") != 0 || g_strcmp0 (c->result, "certificate") != 0)
    return NULL;
  if (c->kind == MK_SERVICE_ABOLITION && c->address != NULL && !empty (c->address->rca))
    return c->address->rca;
  if (c->kind == MK_SERVICE_CHANGE && c->former_address != NULL && !empty (c->former_address->rca))
    return c->former_address->rca;
  return NULL;
}

void
mk_workflow_retire_address (MkCase *c)
{
  /* Domain notes: an address is made inactive, never deleted. */
  if (c->address != NULL)
    c->address->active = FALSE;
}

/* Whether @actor may act on @c at all: §10, §14 give the provider's staff the
 * cases sent to their own provider, the center's staff those their own
 * center accepted. */
static gboolean
check_own_office (const MkUser  *actor,
                  const MkCase  *c,
                  GError       **error)
{
  gboolean provider_role;
  const char *own;

  if (actor->office_id == NULL)
    return TRUE;
  provider_role = actor->role == MK_ROLE_PROVIDER_EXECUTOR || actor->role == MK_ROLE_PROVIDER_HEAD;
  own = provider_role ? c->provider_id : c->center_id;
  if (g_strcmp0 (actor->office_id, own) == 0)
    return TRUE;
  g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
               provider_role ? _("Case %s was sent to another provider (%s); %s of %s cannot act on it (§10)")
                             : _("Case %s was accepted by another center office (%s); %s of %s cannot act on it (§10)"),
               c->regno, own != NULL ? own : "", actor->login, actor->office_id);
  return FALSE;
}

static gboolean check_action_now (const MkCase          *c,
                                  const MkAction        *action,
                                  const MkWorkflowFacts *facts,
                                  gboolean               offering,
                                  GError               **error);

const MkAction *
mk_workflow_apply_action (MkRegulation           *regulation,
                          MkCalendar             *calendar,
                          const MkUser           *actor,
                          MkCase                 *c,
                          const char             *action_id,
                          const char             *reason,
                          const MkWorkflowFacts  *facts,
                          GError                **error)
{
  const MkAction *action;
  const char *result;
  const char *sets;

  action = mk_regulation_check_action (regulation, c->stage, action_id, actor->role, reason, error);
  if (action == NULL || !check_own_office (actor, c, error))
    return NULL;
  /* §10 step 5: a case is signed only by the head's key on its result. The
   * signing path stores the signed version in the same transaction first;
   * an action alone (a button, the command line's act) cannot move it. */
  if (g_strcmp0 (action->to, "signed") == 0 && !facts->result_signed)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("Case %s is signed with the head’s key: open its %s, check it and sign it (§10 step 5)"),
                   c->regno, g_strcmp0 (c->result, "refusal") == 0 ? _("reasoned refusal") : _("certificate"));
      return NULL;
    }
  /* The data file writes "result=" and "sets=" for none. */
  result = action->result != NULL && *action->result != '\0' ? action->result : NULL;
  sets = action->sets != NULL && *action->sets != '\0' ? action->sets : NULL;
  /* §6, §4: no certificate without its address registration code and basis. */
  if (g_strcmp0 (result, "certificate") == 0
      && (c->address == NULL || empty (c->address->rca) || !mk_rca_validate (c->address->rca, NULL)
          || empty (c->basis_number) || !g_date_valid (&c->basis_date)))
    {
      invalid (error, _("Case %s: a certificate needs the 16-digit address registration code and its basis, the number and date of the akimat’s resolution or decision (§6); enter them when you prepare the certificate"),
               c->regno);
      return NULL;
    }
  /* §19, §22, §26, §21: what the case itself allows now (#14). */
  if (!check_action_now (c, action, facts, FALSE, error))
    return NULL;

  g_free (c->stage);
  c->stage = g_strdup (action->to);

  /* §6: once signed, an abolition's address and a change's former address are inactive. */
  if (g_strcmp0 (action->to, "signed") == 0 && g_strcmp0 (c->result, "certificate") == 0)
    {
      if (c->kind == MK_SERVICE_ABOLITION && c->address != NULL)
        c->address->active = FALSE;
      if ((c->kind == MK_SERVICE_ABOLITION || c->kind == MK_SERVICE_CHANGE) && c->former_address != NULL)
        c->former_address->active = FALSE;
    }

  if (g_strcmp0 (action->id, "resubmit") == 0)
    {
      /* §24–§25: the corrected package counts as accepted again today. */
      mk_workflow_compute_deadlines (regulation, calendar, c->kind, &facts->today, &c->deadlines);
      g_date_clear (&c->return_due, 1);
      g_date_clear (&c->notify_due, 1);
      g_clear_pointer (&c->grounds, g_free);
    }
  if (g_strcmp0 (action->id, "reject-draft") == 0)
    {
      /* §10 step 5: the head sends the draft back; the executor decides again. */
      g_clear_pointer (&c->result, g_free);
      g_clear_pointer (&c->result_number, g_free);
      g_date_clear (&c->result_date, 1);
    }
  if (result != NULL)
    {
      /* §6: a certificate or a reasoned refusal, numbered after the request. */
      g_free (c->result);
      c->result = g_strdup (result);
      g_free (c->result_number);
      c->result_number = g_strdup (c->regno);
      c->result_date = facts->today;
      g_free (c->grounds);
      c->grounds = g_strdup (g_strcmp0 (result, "refusal") == 0 ? reason : NULL);
    }
  if (g_strcmp0 (action->id, "record-notification") == 0
      || g_strcmp0 (action->id, "record-return-notification") == 0)
    /* §25, §26: the applicant was told; that deadline no longer runs. */
    g_date_clear (&c->notify_due, 1);
  if (g_strcmp0 (action->id, "return-for-errors") == 0)
    {
      g_free (c->grounds);
      c->grounds = g_strdup (reason);
    }
  if (g_strcmp0 (sets, "return") == 0)
    /* §24: the provider may return a faulty package within 3 working days of receiving it. */
    mk_deadline_return_for_errors (calendar,
                                   mk_regulation_get_norm (regulation, "return-for-errors-days"),
                                   &facts->today, &c->return_due);
  else if (g_strcmp0 (sets, "notify") == 0
           && (g_strcmp0 (action->id, "send-to-center") != 0 || g_strcmp0 (c->result, "refusal") == 0))
    /* §25, §26: the applicant is told within 1 working day. */
    mk_deadline_notification (calendar,
                              mk_regulation_get_norm (regulation, "notification-days"),
                              &facts->today, &c->notify_due);

  mk_workflow_update_due (regulation, c);
  return action;
}

const char *
mk_workflow_check_register (const char      *direction,
                            const MkOffice  *provider,
                            const char      *provider_id,
                            guint            n_cases,
                            GError         **error)
{
  const char *action = g_strcmp0 (direction, "to-provider") == 0 ? "send-to-provider"
                     : g_strcmp0 (direction, "to-center") == 0 ? "send-to-center" : NULL;

  if (action == NULL)
    {
      invalid (error, _("Register direction must be “to-provider” or “to-center”"));
      return NULL;
    }
  if (n_cases == 0)
    {
      invalid (error, _("A register needs at least one case"));
      return NULL;
    }
  if (provider == NULL || provider->kind != MK_ORG_PROVIDER)
    {
      invalid (error, _("Provider: unknown provider “%s”"), provider_id != NULL ? provider_id : "");
      return NULL;
    }
  return action;
}

gboolean
mk_workflow_check_register_case (const MkCase  *c,
                                 const char    *provider_id,
                                 const char    *center_id,
                                 GError       **error)
{
  /* §19: a register goes from one center office to one provider. */
  if (g_strcmp0 (c->provider_id, provider_id) != 0)
    return invalid (error, _("Case %s goes to provider “%s”, not to “%s”"),
                    c->regno, c->provider_id, provider_id);
  if (g_strcmp0 (c->center_id, center_id) != 0)
    return invalid (error, _("Case %s belongs to center office “%s”; a register serves one center office"),
                    c->regno, c->center_id);
  return TRUE;
}

gboolean
mk_workflow_check_receive (const MkUser      *actor,
                           const MkRegister  *reg,
                           GError           **error)
{
  gboolean to_provider = g_strcmp0 (reg->direction, "to-provider") == 0;
  gboolean allowed;

  if (reg->received_at != 0)
    return invalid (error, _("Register %s was already received"), reg->number);
  allowed = actor->role == MK_ROLE_ADMINISTRATOR
            || (to_provider && (actor->role == MK_ROLE_PROVIDER_EXECUTOR
                                || actor->role == MK_ROLE_PROVIDER_HEAD))
            || (!to_provider && (actor->role == MK_ROLE_CENTER_INSPECTOR
                                 || actor->role == MK_ROLE_ACCUMULATION_INSPECTOR));
  if (!allowed)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("A %s cannot receive register %s: it goes to the %s"),
                   mk_role_name (actor->role), reg->number,
                   to_provider ? _("provider") : _("public service center"));
      return FALSE;
    }
  return TRUE;
}

/* The rules of @kind: from @regulation, or, for an older edition stored
 * before its data named them, from the edition this program ships. */
static const MkOutput *
output_rule (MkRegulation *regulation,
             const char   *kind)
{
  static gsize once;
  static MkRegulation *shipped;
  const MkOutput *output = mk_regulation_get_output (regulation, kind);

  if (output != NULL)
    return output;
  if (g_once_init_enter (&once))
    {
      shipped = mk_regulation_new_default (NULL);
      g_once_init_leave (&once, 1);
    }
  return shipped != NULL ? mk_regulation_get_output (shipped, kind) : NULL;
}

static char *
role_names (guint roles)
{
  GString *s = g_string_new (NULL);

  for (MkRole role = 0; role < MK_ROLE_N_ROLES; role++)
    if (roles & (1u << role))
      {
        if (s->len > 0)
          g_string_append (s, ", ");
        g_string_append (s, mk_role_name (role));
      }
  return g_string_free (s, FALSE);
}

gboolean
mk_workflow_check_document (MkRegulation  *regulation,
                            const MkUser  *actor,
                            const char    *kind,
                            const char    *what,
                            const char    *center_id,
                            const char    *provider_id,
                            gboolean       new_version,
                            GError       **error)
{
  const MkOutput *output = output_rule (regulation, kind);
  gboolean at_center = actor->office_id != NULL && g_strcmp0 (actor->office_id, center_id) == 0;
  gboolean at_provider = actor->office_id != NULL && g_strcmp0 (actor->office_id, provider_id) == 0;
  guint role = 1u << actor->role;

  if (output == NULL)
    return invalid (error, _("The regulation names nobody who makes documents of kind “%s”"), kind);

  /* §10, §14: a case's papers stay with its own center and provider. */
  if (actor->role != MK_ROLE_ADMINISTRATOR && !at_center && !at_provider)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("The documents of %s belong to center office “%s” and provider “%s”; %s works at another office"),
                   what, center_id != NULL ? center_id : "", provider_id != NULL ? provider_id : "",
                   actor->login);
      return FALSE;
    }
  if (!new_version)
    return TRUE;

  if ((at_center && (output->center_roles & role)) || (at_provider && (output->provider_roles & role)))
    return TRUE;
  {
    g_autofree char *center = role_names (output->center_roles);
    g_autofree char *provider = role_names (output->provider_roles);

    const char *paragraph = output->paragraph != NULL ? output->paragraph : "§14";

    if (*center != '\0' && *provider != '\0')
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("A %s cannot make this document of %s (%s): it is made at its center office (%s) or at its provider (%s)"),
                   mk_role_name (actor->role), what, paragraph, center, provider);
    else if (*center != '\0')
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("A %s cannot make this document of %s (%s): it is made at its center office (%s)"),
                   mk_role_name (actor->role), what, paragraph, center);
    else
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("A %s cannot make this document of %s (%s): it is made at its provider (%s)"),
                   mk_role_name (actor->role), what, paragraph, provider);
  }
  return FALSE;
}

gboolean
mk_workflow_check_administrator (const MkUser  *actor,
                                 const char    *what,
                                 GError       **error)
{
  if (actor->role == MK_ROLE_ADMINISTRATOR)
    return TRUE;
  g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
               _("Only an administrator may %s; %s is a %s"), what, actor->login, mk_role_name (actor->role));
  return FALSE;
}

gboolean
mk_workflow_check_office_edit (const MkUser    *actor,
                               const MkOffice  *before,
                               const MkOffice  *after,
                               const MkOffice  *provider,
                               GError         **error)
{
  g_autofree char *phone = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (before != NULL && after != NULL, FALSE);

  if (!mk_workflow_check_administrator (actor, _("change an office"), error))
    return FALSE;
  /* §2: which appendix and which line are the regulation's, not data to edit. */
  if (g_strcmp0 (before->id, after->id) != 0 || before->kind != after->kind
      || before->number != after->number)
    return invalid (error, _("The appendix and number of office “%s” are the regulation’s and cannot be changed"),
                    before->id);
  if (empty (after->name.kk) || empty (after->name.ru))
    return invalid (error, _("Office “%s”: the name in Kazakh and in Russian cannot be empty"), before->id);
  if (empty (after->address.kk) || empty (after->address.ru))
    return invalid (error, _("Office “%s”: the address in Kazakh and in Russian cannot be empty"), before->id);
  /* Kept as the appendices print it, with its area code; only checked to be a number. */
  if (empty (after->phone))
    return invalid (error, _("Office “%s”: the phone cannot be empty"), before->id);
  phone = mk_phone_normalize (after->phone, &local);
  if (phone == NULL)
    return invalid (error, _("Office “%s”: %s"), before->id, local->message);
  if (after->kind == MK_ORG_PROVIDER && (empty (after->region.kk) || empty (after->region.ru)))
    return invalid (error, _("Office “%s”: the oblast in Kazakh and in Russian cannot be empty"), before->id);
  /* §2: a center sends its cases to one district department. */
  if (after->kind == MK_ORG_CENTER && (provider == NULL || provider->kind != MK_ORG_PROVIDER))
    return invalid (error, _("Office “%s”: “%s” is not a provider of Appendix 1"), before->id,
                    after->provider_id != NULL ? after->provider_id : "");
  return TRUE;
}

gboolean
mk_workflow_check_signer (const MkUser  *actor,
                          const MkCase  *c,
                          GError       **error)
{
  if (actor->role != MK_ROLE_PROVIDER_HEAD)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("Only the head of the provider may sign (§10 step 5); %s is a %s"),
                   actor->login, mk_role_name (actor->role));
      return FALSE;
    }
  if (g_strcmp0 (c->stage, "signing") != 0)
    return invalid (error, _("Case %s is not waiting for the head’s signature (stage “%s”)"),
                    c->regno, c->stage);
  if (actor->office_id != NULL && g_strcmp0 (actor->office_id, c->provider_id) != 0)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("Case %s belongs to another provider; %s cannot sign it"),
                   c->regno, actor->login);
      return FALSE;
    }
  return TRUE;
}

gboolean
mk_workflow_check_signing_key (const MkUser  *head,
                               const char    *key_sha256,
                               GError       **error)
{
  /* A key anyone can make is not the head's: only the registered one is. */
  if (head->cert_sha256 == NULL)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("No signing certificate is registered for %s: an administrator registers the head’s certificate in Users (or with “mekenjai-cli users set-certificate”) before the head signs"),
                   head->full_name != NULL ? head->full_name : head->login);
      return FALSE;
    }
  if (g_strcmp0 (head->cert_sha256, key_sha256) != 0)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("This key is not the one registered for %s (registered: “%s”); sign with the registered key, or ask an administrator to register the new certificate"),
                   head->full_name != NULL ? head->full_name : head->login,
                   head->cert_name != NULL ? head->cert_name : head->cert_sha256);
      return FALSE;
    }
  return TRUE;
}

gboolean
mk_workflow_check_signing_trust (MkSignTrust   trust,
                                 const char   *anchor_name,
                                 GError      **error)
{
  switch (trust)
    {
    case MK_SIGN_TRUST_NO_ANCHORS:
    case MK_SIGN_TRUST_TRUSTED:
      return TRUE;
    case MK_SIGN_TRUST_INVALID:
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("The key’s certificate names the trusted certification center “%s”, but its chain is broken or not valid today: ask the certification center for a valid certificate"),
                   anchor_name != NULL ? anchor_name : "?");
      return FALSE;
    case MK_SIGN_TRUST_UNTRUSTED:
    default:
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("The key’s certificate was not issued by a certification center the administrator trusts: the head signs with a certificate of the national certification center"));
      return FALSE;
    }
}

/* Which side of the service a role works on (§14). */
typedef enum {
  SIDE_NONE,
  SIDE_CENTER,
  SIDE_PROVIDER,
} Side;

static Side
role_side (MkRole role)
{
  switch (role)
    {
    case MK_ROLE_CENTER_INSPECTOR:
    case MK_ROLE_ACCUMULATION_INSPECTOR:
      return SIDE_CENTER;
    case MK_ROLE_PROVIDER_HEAD:
    case MK_ROLE_PROVIDER_EXECUTOR:
      return SIDE_PROVIDER;
    case MK_ROLE_ADMINISTRATOR:
    case MK_ROLE_N_ROLES:
    default:
      return SIDE_NONE;
    }
}

gboolean
mk_workflow_may_attach (MkRegulation *regulation,
                        MkRole        role,
                        const char   *stage_id)
{
  const MkStage *stage;

  g_return_val_if_fail (MK_IS_REGULATION (regulation), FALSE);

  stage = stage_id != NULL ? mk_regulation_get_stage (regulation, stage_id) : NULL;
  if (stage == NULL || stage->final)
    return FALSE;
  /* §10: the package is in the hands of the center (steps 2, 3, 7 and the
   * §24 return) or of the provider (steps 4–6); only whoever holds it adds
   * to it. The head signs (§10 step 5) and does not handle the documents. */
  if (role == MK_ROLE_PROVIDER_HEAD || role_side (role) == SIDE_NONE)
    return FALSE;
  return role_side (role) == role_side (stage->actor);
}

gboolean
mk_workflow_check_attach (MkRegulation  *regulation,
                          const MkUser  *actor,
                          const char    *regno,
                          const char    *stage_id,
                          GError       **error)
{
  const MkStage *stage;

  if (mk_workflow_may_attach (regulation, actor->role, stage_id))
    return TRUE;
  stage = mk_regulation_get_stage (regulation, stage_id);
  g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
               _("A %s cannot change the documents of case %s while it is at stage “%s”"),
               mk_role_name (actor->role), regno != NULL ? regno : "",
               stage != NULL ? mk_text_get (&stage->name) : stage_id);
  return FALSE;
}

void
mk_workflow_update_due (MkRegulation *regulation,
                        MkCase       *c)
{
  const MkStage *stage = mk_regulation_get_stage (regulation, c->stage);
  const char *due = stage != NULL ? stage->due : NULL;

  g_date_clear (&c->due, 1);
  if (g_strcmp0 (due, "provider") == 0)
    c->due = c->deadlines.provider_due;
  else if (g_strcmp0 (due, "issue") == 0)
    c->due = c->deadlines.issue_date;
  else if (g_strcmp0 (due, "storage") == 0)
    c->due = c->deadlines.storage_until;
  else if (g_strcmp0 (due, "return") == 0)
    c->due = c->return_due;
  else if (g_strcmp0 (due, "notify") == 0)
    c->due = c->notify_due;
}

/* ---- #14: what a case allows now, what it waits for, and corrections ---- */

/* What the case's own state allows beyond role, office and stage; with
 * @offering, the recipient of an issue is not asked for yet. */
static gboolean
check_action_now (const MkCase           *c,
                  const MkAction         *action,
                  const MkWorkflowFacts  *facts,
                  gboolean                offering,
                  GError                **error)
{
  /* §19: the receiving side confirms the package arrived before working on it. */
  if (facts->in_transit)
    return invalid (error, _("Case %s is still on its way in a register: confirm that it arrived (Registers → Confirm Receipt) before you act on it (§19)"),
                    c->regno);
  /* §22: a result is archived only once its month of storage has run out. */
  if (g_strcmp0 (action->id, "archive") == 0
      && g_date_valid (&c->deadlines.storage_until)
      && g_date_compare (&facts->today, &c->deadlines.storage_until) <= 0)
    {
      g_autofree char *until = mk_date_to_iso (&c->deadlines.storage_until);

      return invalid (error, _("Case %s is kept at the center until %s (§22); it can be archived only after that day"),
                      c->regno, until);
    }
  /* §26: only a refusal is notified, once. */
  if (g_strcmp0 (action->id, "record-notification") == 0)
    {
      if (g_strcmp0 (c->result, "refusal") != 0)
        return invalid (error, _("Case %s has a certificate, not a refusal: there is no refusal to notify the applicant of (§26)"),
                        c->regno);
      if (!g_date_valid (&c->notify_due))
        return invalid (error, _("The applicant of case %s has already been notified (§26)"), c->regno);
    }
  /* §25: the return is notified once. */
  if (g_strcmp0 (action->id, "record-return-notification") == 0 && !g_date_valid (&c->notify_due))
    return invalid (error, _("The applicant of case %s has already been notified of the return (§25)"), c->regno);
  /* §21: the result goes to a person who showed an identity document. */
  if (g_strcmp0 (action->id, "issue") == 0 && !offering)
    return mk_workflow_check_recipient (c, facts->recipient, error);
  return TRUE;
}

GPtrArray *
mk_workflow_actions_now (MkRegulation           *regulation,
                         const MkUser           *actor,
                         const MkCase           *c,
                         const MkWorkflowFacts  *facts)
{
  g_autoptr(GPtrArray) all = NULL;
  GPtrArray *now = g_ptr_array_new ();

  g_return_val_if_fail (MK_IS_REGULATION (regulation), now);
  g_return_val_if_fail (actor != NULL && c != NULL && facts != NULL, now);

  if (c->stage == NULL || !check_own_office (actor, c, NULL))
    return now;
  all = mk_regulation_actions_for (regulation, c->stage, actor->role);
  for (guint i = 0; i < all->len; i++)
    {
      const MkAction *action = g_ptr_array_index (all, i);

      if (check_action_now (c, action, facts, TRUE, NULL))
        g_ptr_array_add (now, (gpointer) action);
    }
  return now;
}

const MkAction *
mk_workflow_expected_action (GPtrArray *actions)
{
  if (actions == NULL || actions->len == 0)
    return NULL;
  /* §22: once the storage term has run out, the result goes to the archive;
   * before, the regulation lists each stage's main path first. */
  for (guint i = 0; i < actions->len; i++)
    {
      const MkAction *action = g_ptr_array_index (actions, i);

      if (g_strcmp0 (action->id, "archive") == 0)
        return action;
    }
  return g_ptr_array_index (actions, 0);
}

char *
mk_workflow_describe_action (MkRegulation   *regulation,
                             const MkCase   *c,
                             const MkAction *action)
{
  const char *regno;
  const char *who;
  gboolean refusal;
  const MkStage *from, *to;
  g_autofree char *what = NULL;

  g_return_val_if_fail (MK_IS_REGULATION (regulation), NULL);
  g_return_val_if_fail (c != NULL && action != NULL, NULL);

  regno = c->regno != NULL ? c->regno : "";
  who = c->applicant_name != NULL ? c->applicant_name : "";
  refusal = g_strcmp0 (c->result, "refusal") == 0;
  from = mk_regulation_get_stage (regulation, action->from);
  to = mk_regulation_get_stage (regulation, action->to);

  if (g_strcmp0 (action->id, "issue") == 0)
    what = g_strdup_printf (refusal
                            ? _("The reasoned refusal of application %s (%s) is handed over to the person named below, and the case is closed (§21).")
                            : _("The certificate of application %s (%s) is handed over to the person named below, and the case is closed (§21)."),
                            regno, who);
  else if (g_strcmp0 (action->id, "archive") == 0)
    what = g_strdup_printf (_("The result of application %s (%s) was not collected during its storage term and goes to the archive; the case is closed (§22)."),
                            regno, who);
  else if (g_strcmp0 (action->id, "record-notification") == 0)
    what = g_strdup_printf (_("It is recorded that the applicant of application %s (%s) was told of the refusal today (§26)."),
                            regno, who);
  else if (g_strcmp0 (action->id, "record-return-notification") == 0)
    what = g_strdup_printf (_("It is recorded that the applicant of application %s (%s) was told today that the package was returned for errors (§25)."),
                            regno, who);
  else if (g_strcmp0 (action->id, "resubmit") == 0)
    what = g_strdup_printf (_("The corrected package of application %s (%s) is accepted again: its deadlines are counted anew from today, and it goes to the accumulation department (§24, §25)."),
                            regno, who);
  else if (g_strcmp0 (action->id, "prepare-refusal") == 0)
    what = g_strdup_printf (_("A reasoned refusal of application %s (%s) is prepared with the reason below and goes to the head for signature (§6, §26)."),
                            regno, who);
  else if (g_strcmp0 (action->id, "return-for-errors") == 0)
    what = g_strdup_printf (_("The package of application %s (%s) goes back to the center with the reason below, and the applicant is to be notified (§24, §25)."),
                            regno, who);
  else if (g_strcmp0 (action->id, "reject-draft") == 0)
    what = g_strdup_printf (_("The draft result of application %s (%s) goes back to the executor with the reason below (§10 step 5)."),
                            regno, who);
  else
    /* Translators: "Application 3505-2026-000123 (Name) moves from “At the provider” to “Awaiting signature”." */
    what = g_strdup_printf (_("Application %s (%s) moves from “%s” to “%s”."), regno, who,
                            from != NULL ? mk_text_get (&from->name) : action->from,
                            to != NULL ? mk_text_get (&to->name) : action->to);
  /* #14: a step is undone only by an administrator's audited correction. */
  return g_strdup_printf ("%s %s", what, _("Only an administrator can take this step back."));
}

static const char *const recipient_ids[] = { "applicant", "representative" };
G_STATIC_ASSERT (G_N_ELEMENTS (recipient_ids) == MK_RECIPIENT_N_KINDS);

static const char *const id_document_ids[] = {
  "identity-card", "passport", "residence-permit", "stateless-certificate",
};
G_STATIC_ASSERT (G_N_ELEMENTS (id_document_ids) == MK_ID_DOCUMENT_N_KINDS);

const char *
mk_recipient_kind_to_id (MkRecipientKind kind)
{
  return (guint) kind < MK_RECIPIENT_N_KINDS ? recipient_ids[kind] : NULL;
}

gboolean
mk_recipient_kind_from_id (const char      *id,
                           MkRecipientKind *kind)
{
  for (guint i = 0; i < MK_RECIPIENT_N_KINDS; i++)
    if (g_strcmp0 (id, recipient_ids[i]) == 0)
      {
        *kind = (MkRecipientKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
mk_id_document_kind_to_id (MkIdDocumentKind kind)
{
  return (guint) kind < MK_ID_DOCUMENT_N_KINDS ? id_document_ids[kind] : NULL;
}

gboolean
mk_id_document_kind_from_id (const char       *id,
                             MkIdDocumentKind *kind)
{
  for (guint i = 0; i < MK_ID_DOCUMENT_N_KINDS; i++)
    if (g_strcmp0 (id, id_document_ids[i]) == 0)
      {
        *kind = (MkIdDocumentKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
mk_id_document_kind_name (MkIdDocumentKind kind)
{
  switch (kind)
    {
    case MK_ID_DOCUMENT_IDENTITY_CARD:
      return _("Identity card");
    case MK_ID_DOCUMENT_PASSPORT:
      return _("Passport");
    case MK_ID_DOCUMENT_RESIDENCE_PERMIT:
      return _("Residence permit");
    case MK_ID_DOCUMENT_STATELESS_CERTIFICATE:
      return _("Stateless person’s certificate");
    case MK_ID_DOCUMENT_N_KINDS:
    default:
      return "";
    }
}

/* Letters and digits as printed on the document, at most a line. */
#define ID_NUMBER_MIN 5
#define ID_NUMBER_MAX 20

gboolean
mk_workflow_check_recipient (const MkCase            *c,
                             const MkIssueRecipient  *recipient,
                             GError                 **error)
{
  g_autofree char *number = NULL;
  glong len;

  g_return_val_if_fail (c != NULL, FALSE);

  if (recipient == NULL)
    return invalid (error, _("Case %s: say who receives the result, the applicant or the representative, and which identity document they showed (§21)"),
                    c->regno);
  if ((guint) recipient->kind >= MK_RECIPIENT_N_KINDS)
    return invalid (error, _("Who receives the result: the applicant or the representative"));
  /* §11: a representative acts for the applicant only when the case names one. */
  if (recipient->kind == MK_RECIPIENT_REPRESENTATIVE && !(c->conditions & MK_CONDITION_REPRESENTATIVE))
    return invalid (error, _("Case %s names no representative: only the applicant can receive the result"),
                    c->regno);
  if ((guint) recipient->document >= MK_ID_DOCUMENT_N_KINDS)
    return invalid (error, _("Identity document: choose its kind"));
  number = g_strstrip (g_strdup (recipient->number != NULL ? recipient->number : ""));
  len = g_utf8_strlen (number, -1);
  if (len == 0)
    return invalid (error, _("Identity document: enter its number as printed on it"));
  for (const char *p = number; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isalnum (g_utf8_get_char (p)))
      return invalid (error, _("Identity document: the number has letters and digits only, as printed on the document"));
  if (len < ID_NUMBER_MIN || len > ID_NUMBER_MAX)
    return invalid (error, _("Identity document: the number has %d to %d letters and digits; check it against the document"),
                    ID_NUMBER_MIN, ID_NUMBER_MAX);
  return TRUE;
}

const MkEvent *
mk_workflow_correction_step (MkRegulation  *regulation,
                             const MkUser  *actor,
                             const MkCase  *c,
                             GPtrArray     *events,
                             GError       **error)
{
  const MkEvent *last = NULL;
  const MkAction *action;

  g_return_val_if_fail (MK_IS_REGULATION (regulation), NULL);
  g_return_val_if_fail (actor != NULL && c != NULL, NULL);

  if (!mk_workflow_check_administrator (actor, _("correct a step of a case"), error))
    return NULL;
  for (guint i = events != NULL ? events->len : 0; i-- > 0;)
    {
      const MkEvent *e = g_ptr_array_index (events, i);

      if (g_strcmp0 (e->stage_before, e->stage_after) != 0)
        {
          last = e;
          break;
        }
    }
  if (last == NULL || last->stage_before == NULL)
    {
      invalid (error, _("Case %s has had no step since intake; a registration or a refusal at intake is not taken back: register a new application"),
               c->regno);
      return NULL;
    }
  if (g_strcmp0 (last->stage_after, c->stage) != 0)
    {
      invalid (error, _("The history of case %s does not end at its stage; nothing is corrected"), c->regno);
      return NULL;
    }
  if (g_strcmp0 (last->action, "correct") == 0)
    {
      invalid (error, _("The last step of case %s was already corrected; the case goes on from here"), c->regno);
      return NULL;
    }
  if (g_strcmp0 (last->action, "resubmit") == 0)
    {
      invalid (error, _("Accepting the corrected package of case %s counted its deadlines anew (§24, §25); that cannot be taken back"),
               c->regno);
      return NULL;
    }
  if (g_strcmp0 (last->action, "reject-draft") == 0)
    {
      invalid (error, _("The head’s rejection of case %s cleared its draft; the executor prepares the result again instead"),
               c->regno);
      return NULL;
    }
  action = mk_regulation_get_action (regulation, last->action);
  if (action == NULL || mk_regulation_get_stage (regulation, last->stage_before) == NULL)
    {
      invalid (error, _("The last step of case %s cannot be taken back"), c->regno);
      return NULL;
    }
  return last;
}

const MkEvent *
mk_workflow_correct (MkRegulation  *regulation,
                     const MkUser  *actor,
                     MkCase        *c,
                     GPtrArray     *events,
                     const char    *reason,
                     GError       **error)
{
  const MkEvent *last;
  const MkAction *action;
  const char *sets;

  g_return_val_if_fail (MK_IS_REGULATION (regulation), NULL);
  g_return_val_if_fail (actor != NULL && c != NULL, NULL);

  last = mk_workflow_correction_step (regulation, actor, c, events, error);
  if (last == NULL)
    return NULL;
  /* §9: a correction is explained in the history like any decision. */
  if (empty (reason))
    {
      invalid (error, _("Write why the step of case %s is corrected: the reason is kept in its history"), c->regno);
      return NULL;
    }
  action = mk_regulation_get_action (regulation, last->action);

  g_free (c->stage);
  c->stage = g_strdup (last->stage_before);
  /* What the step decided goes with it; the documents it made stay in the
   * history, superseded by the next ones. */
  if (action->result != NULL && *action->result != '\0')
    {
      g_clear_pointer (&c->result, g_free);
      g_clear_pointer (&c->result_number, g_free);
      g_date_clear (&c->result_date, 1);
      g_clear_pointer (&c->grounds, g_free);
    }
  if (g_strcmp0 (action->id, "return-for-errors") == 0)
    g_clear_pointer (&c->grounds, g_free);
  sets = action->sets != NULL && *action->sets != '\0' ? action->sets : NULL;
  if (g_strcmp0 (sets, "return") == 0)
    g_date_clear (&c->return_due, 1);
  else if (g_strcmp0 (sets, "notify") == 0)
    g_date_clear (&c->notify_due, 1);
  mk_workflow_update_due (regulation, c);
  return last;
}

gboolean
mk_workflow_case_in_transit (MkRegulation      *regulation,
                             const MkCase      *c,
                             const MkRegister  *reg,
                             gint64             case_received_at)
{
  const MkAction *send;

  g_return_val_if_fail (MK_IS_REGULATION (regulation), FALSE);

  if (c == NULL || reg == NULL || reg->received_at != 0 || case_received_at != 0)
    return FALSE;
  send = mk_regulation_get_action (regulation, g_strcmp0 (reg->direction, "to-provider") == 0
                                               ? "send-to-provider" : "send-to-center");
  /* A case moved on since (a correction, a later register) is not waited for. */
  return send != NULL && g_strcmp0 (send->to, c->stage) == 0;
}

gboolean
mk_workflow_check_receive_case (const MkUser      *actor,
                                const MkRegister  *reg,
                                const MkCase      *c,
                                gint64             case_received_at,
                                GError           **error)
{
  gboolean to_provider;
  const char *office;

  g_return_val_if_fail (actor != NULL && reg != NULL, FALSE);

  if (c != NULL && (reg->received_at != 0 || case_received_at != 0))
    return invalid (error, _("Case %s of register %s was already received"), c->regno, reg->number);
  if (!mk_workflow_check_receive (actor, reg, error))
    return FALSE;
  /* §10 steps 4 and 7: the office the register goes to signs for it. */
  to_provider = g_strcmp0 (reg->direction, "to-provider") == 0;
  office = to_provider ? reg->provider_id : reg->center_id;
  if (actor->role != MK_ROLE_ADMINISTRATOR && actor->office_id != NULL
      && g_strcmp0 (actor->office_id, office) != 0)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("Register %s goes to office “%s”; %s of “%s” cannot sign for it"),
                   reg->number, office != NULL ? office : "", actor->login, actor->office_id);
      return FALSE;
    }
  return TRUE;
}
