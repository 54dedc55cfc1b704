/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the regulation data and rules: §7 terms, §11 checklists, §10/§14 workflow. */

#include <string.h>
#include "mk-regulation.h"

/* The workflow as written down in the brief every module codes against. */
typedef struct {
  const char *id;
  guint       step;
  MkRole      actor;
  const char *due;
  gboolean    final;
} StageRow;

static const StageRow stage_rows[] = {
  { "accumulation",      3, MK_ROLE_ACCUMULATION_INSPECTOR, "provider", FALSE }, /* §10.3 */
  { "at-provider",       4, MK_ROLE_PROVIDER_EXECUTOR,      "provider", FALSE }, /* §10.4 */
  { "signing",           5, MK_ROLE_PROVIDER_HEAD,          "provider", FALSE }, /* §10.5 */
  { "signed",            6, MK_ROLE_PROVIDER_EXECUTOR,      "provider", FALSE }, /* §10.6, §20 */
  { "at-center",         7, MK_ROLE_CENTER_INSPECTOR,       "issue",    FALSE }, /* §10.7, §21 */
  { "returned",          0, MK_ROLE_CENTER_INSPECTOR,       "notify",   FALSE }, /* §24, §25 */
  { "issued",            7, MK_ROLE_CENTER_INSPECTOR,       NULL,       TRUE },  /* §21 */
  { "refused-at-intake", 0, MK_ROLE_CENTER_INSPECTOR,       NULL,       TRUE },  /* §23 */
  { "archived",          0, MK_ROLE_CENTER_INSPECTOR,       NULL,       TRUE },  /* §22 */
};

typedef struct {
  const char *id;
  const char *from;
  const char *to;
  MkRole      role;
  gboolean    needs_reason;
  const char *result;
  const char *sets;
} ActionRow;

static const ActionRow action_rows[] = {
  { "send-to-provider",           "accumulation", "at-provider",  MK_ROLE_ACCUMULATION_INSPECTOR, FALSE, NULL,          "return" }, /* §10.3, §18 */
  { "prepare-certificate",        "at-provider",  "signing",      MK_ROLE_PROVIDER_EXECUTOR,      FALSE, "certificate", NULL },     /* §10.4, §6 */
  { "prepare-refusal",            "at-provider",  "signing",      MK_ROLE_PROVIDER_EXECUTOR,      TRUE,  "refusal",     NULL },     /* §10.4, §26 */
  { "return-for-errors",          "at-provider",  "returned",     MK_ROLE_PROVIDER_EXECUTOR,      TRUE,  NULL,          "notify" }, /* §24 */
  { "sign",                       "signing",      "signed",       MK_ROLE_PROVIDER_HEAD,          FALSE, NULL,          NULL },     /* §10.5 */
  { "reject-draft",               "signing",      "at-provider",  MK_ROLE_PROVIDER_HEAD,          TRUE,  NULL,          NULL },     /* §10.5 */
  { "send-to-center",             "signed",       "at-center",    MK_ROLE_PROVIDER_EXECUTOR,      FALSE, NULL,          "notify" }, /* §10.6, §20, §26 */
  { "record-notification",        "at-center",    "at-center",    MK_ROLE_CENTER_INSPECTOR,       FALSE, NULL,          NULL },     /* §26 */
  { "issue",                      "at-center",    "issued",       MK_ROLE_CENTER_INSPECTOR,       FALSE, NULL,          NULL },     /* §10.7, §21 */
  { "archive",                    "at-center",    "archived",     MK_ROLE_CENTER_INSPECTOR,       FALSE, NULL,          NULL },     /* §22 */
  { "record-return-notification", "returned",     "returned",     MK_ROLE_CENTER_INSPECTOR,       FALSE, NULL,          NULL },     /* §25 */
  { "resubmit",                   "returned",     "accumulation", MK_ROLE_CENTER_INSPECTOR,       FALSE, NULL,          NULL },     /* §24–§25 */
};

/* §11, restated: which document each kind asks for, and when. */
typedef struct {
  const char   *doc;
  MkConditions  condition;   /* NONE: always */
  gboolean      required;
  gboolean      original_only;
} RuleRow;

static const RuleRow clarification_rules[] = {
  { "application",             MK_CONDITION_NONE,           TRUE, FALSE },
  { "title-document",          MK_CONDITION_NONE,           TRUE, FALSE },
  { "owner-power-of-attorney", MK_CONDITION_REPRESENTATIVE, TRUE, TRUE },  /* §11: the original */
  { "identity-document",       MK_CONDITION_NONE,           TRUE, FALSE },
  { NULL }
};

static const RuleRow assignment_rules[] = {
  { "application",                 MK_CONDITION_NONE,            TRUE,  FALSE },
  { "akimat-decision",             MK_CONDITION_NONE,            TRUE,  FALSE },
  { "technical-passport",          MK_CONDITION_NONE,            TRUE,  FALSE },
  { "master-plan",                 MK_CONDITION_GARAGE_OR_DACHA, TRUE,  FALSE },
  { "chairman-certificate",        MK_CONDITION_GARAGE_OR_DACHA, TRUE,  FALSE },
  { "archive-conclusion",          MK_CONDITION_ARCHIVE_NEEDED, TRUE,  FALSE }, /* "if needed": required once ticked */
  { "demolition-act",              MK_CONDITION_DEMOLITION,      TRUE,  FALSE }, /* #10: §11's common list */
  { "notarised-power-of-attorney", MK_CONDITION_REPRESENTATIVE,  TRUE,  FALSE },
  { "identity-document",           MK_CONDITION_NONE,            TRUE,  FALSE },
  { "title-document",              MK_CONDITION_NONE,            TRUE,  FALSE },
  { NULL }
};

static const RuleRow abolition_rules[] = {
  { "application",                 MK_CONDITION_NONE,            TRUE,  FALSE },
  { "akimat-decision",             MK_CONDITION_NONE,            TRUE,  FALSE },
  { "technical-passport",          MK_CONDITION_NONE,            TRUE,  FALSE },
  { "master-plan",                 MK_CONDITION_GARAGE_OR_DACHA, TRUE,  FALSE },
  { "chairman-certificate",        MK_CONDITION_GARAGE_OR_DACHA, TRUE,  FALSE },
  { "archive-conclusion",          MK_CONDITION_ARCHIVE_NEEDED, TRUE,  FALSE }, /* "if needed": required once ticked */
  { "demolition-act",              MK_CONDITION_DEMOLITION,      TRUE,  FALSE }, /* "if needed": required once ticked */
  { "notarised-power-of-attorney", MK_CONDITION_REPRESENTATIVE,  TRUE,  FALSE },
  { "identity-document",           MK_CONDITION_NONE,            TRUE,  FALSE },
  { "title-document",              MK_CONDITION_NONE,            TRUE,  FALSE },
  { NULL }
};

static const RuleRow *
rules_for (MkServiceKind kind)
{
  switch (kind)
    {
    case MK_SERVICE_CLARIFICATION:
      return clarification_rules;
    case MK_SERVICE_ASSIGNMENT:
    case MK_SERVICE_CHANGE:
      return assignment_rules;
    case MK_SERVICE_ABOLITION:
    case MK_SERVICE_N_KINDS:
    default:
      return abolition_rules;
    }
}

static MkRegulation *
load_default (void)
{
  g_autoptr(GError) error = NULL;
  MkRegulation *regulation = mk_regulation_new_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (regulation);
  return regulation;
}

static void
assert_text_complete (const MkText *text,
                      const char   *what)
{
  if (text->kk == NULL || *text->kk == '\0' ||
      text->ru == NULL || *text->ru == '\0' ||
      text->en == NULL || *text->en == '\0')
    g_error ("%s lacks a name in kk, ru or en", what);
}

/* §7, §22, §24–§26, §5: the norms of the shipped edition. */
static void
test_default_norms (void)
{
  g_autoptr(MkRegulation) regulation = load_default ();
  g_autoptr(GBytes) bytes = mk_regulation_get_default_data ();

  g_assert_nonnull (bytes);
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 0);
  g_assert_cmpstr (mk_regulation_get_edition (regulation), ==, "karaganda-56-10-2013");
  g_assert_nonnull (strstr (mk_regulation_get_source (regulation)->ru, "56/10"));

  g_assert_cmpuint (mk_regulation_get_term_days (regulation, MK_SERVICE_CLARIFICATION), ==, 3);
  g_assert_cmpuint (mk_regulation_get_term_days (regulation, MK_SERVICE_ASSIGNMENT), ==, 7);
  g_assert_cmpuint (mk_regulation_get_term_days (regulation, MK_SERVICE_CHANGE), ==, 7);
  g_assert_cmpuint (mk_regulation_get_term_days (regulation, MK_SERVICE_ABOLITION), ==, 7);
  g_assert_cmpuint (mk_regulation_get_norm (regulation, "return-for-errors-days"), ==, 3);
  g_assert_cmpuint (mk_regulation_get_norm (regulation, "notification-days"), ==, 1);
  g_assert_cmpuint (mk_regulation_get_norm (regulation, "storage-months"), ==, 1);
  g_assert_cmpuint (mk_regulation_get_norm (regulation, "service-minutes"), ==, 20);
  g_assert_cmpuint (mk_regulation_get_norm (regulation, "center-open-hour"), ==, 9);
  g_assert_cmpuint (mk_regulation_get_norm (regulation, "center-close-hour"), ==, 20);
  g_assert_cmpuint (mk_regulation_get_norm (regulation, "center-last-weekday"), ==, 6);
  g_assert_cmpuint (mk_regulation_get_norm (regulation, "call-center"), ==, 1414);
  /* §5 1), 2) */
  g_assert_cmpstr (mk_regulation_get_provider_site (regulation), ==, "www.uag-krg.gov.kz");
  g_assert_cmpstr (mk_regulation_get_center_site (regulation), ==, "www.con.gov.kz");
  g_assert_cmpuint (mk_regulation_get_norm (regulation, "no-such-norm"), ==, 0);

  g_assert_cmpstr (mk_regulation_get_initial_stage (regulation), ==, "accumulation");
  g_assert_cmpstr (mk_regulation_get_refused_stage (regulation), ==, "refused-at-intake");
  g_assert_cmpuint (mk_regulation_get_document_kinds (regulation)->len, ==, 11);
}

/* §10, §14: every stage with its step, actor, deadline and finality, in order. */
static void
test_stages (void)
{
  g_autoptr(MkRegulation) regulation = load_default ();
  GPtrArray *stages = mk_regulation_get_stages (regulation);

  g_assert_cmpuint (stages->len, ==, G_N_ELEMENTS (stage_rows));
  for (guint i = 0; i < G_N_ELEMENTS (stage_rows); i++)
    {
      const MkStage *stage = g_ptr_array_index (stages, i);

      g_assert_cmpstr (stage->id, ==, stage_rows[i].id);
      g_assert_true (mk_regulation_get_stage (regulation, stage_rows[i].id) == stage);
      g_assert_cmpuint (stage->step, ==, stage_rows[i].step);
      g_assert_cmpint (stage->actor, ==, stage_rows[i].actor);
      g_assert_cmpstr (stage->due, ==, stage_rows[i].due);
      g_assert_cmpint (stage->final, ==, stage_rows[i].final);
      g_assert_nonnull (stage->paragraph);
    }
  g_assert_null (mk_regulation_get_stage (regulation, "registered"));
}

static void
test_actions (void)
{
  g_autoptr(MkRegulation) regulation = load_default ();
  GPtrArray *actions = mk_regulation_get_actions (regulation);

  g_assert_cmpuint (actions->len, ==, G_N_ELEMENTS (action_rows));
  for (guint i = 0; i < G_N_ELEMENTS (action_rows); i++)
    {
      const MkAction *action = mk_regulation_get_action (regulation, action_rows[i].id);

      g_assert_nonnull (action);
      g_assert_cmpstr (action->from, ==, action_rows[i].from);
      g_assert_cmpstr (action->to, ==, action_rows[i].to);
      g_assert_cmpint (action->role, ==, action_rows[i].role);
      g_assert_cmpint (action->needs_reason, ==, action_rows[i].needs_reason);
      g_assert_cmpstr (action->result, ==, action_rows[i].result);
      g_assert_cmpstr (action->sets, ==, action_rows[i].sets);
      g_assert_nonnull (action->paragraph);
    }
}

/* §11: every kind × every combination of the four conditions. */
static void
test_checklists (void)
{
  g_autoptr(MkRegulation) regulation = load_default ();

  for (guint kind = 0; kind < MK_SERVICE_N_KINDS; kind++)
    for (guint conditions = 0; conditions < 16; conditions++)
      {
        g_autoptr(GPtrArray) items = mk_regulation_get_checklist (regulation, kind, conditions);
        const RuleRow *rules = rules_for (kind);
        guint n = 0;

        for (guint r = 0; rules[r].doc != NULL; r++)
          {
            const MkChecklistItem *item;

            if (rules[r].condition != MK_CONDITION_NONE && !(conditions & rules[r].condition))
              continue;
            g_assert_cmpuint (n, <, items->len);
            item = g_ptr_array_index (items, n++);
            g_assert_cmpstr (item->kind->id, ==, rules[r].doc);
            g_assert_cmpint (item->required, ==, rules[r].required);
            g_assert_cmpint (item->original_only, ==, rules[r].original_only);
            g_assert_cmpstr (item->paragraph, ==, "§11");
          }
        g_assert_cmpuint (items->len, ==, n);
      }
}

/* §11: a few cases spelled out, in case the table above and the data share a mistake. */
static void
test_checklist_examples (void)
{
  g_autoptr(MkRegulation) regulation = load_default ();
  g_autoptr(GPtrArray) plain = mk_regulation_get_checklist (regulation, MK_SERVICE_CLARIFICATION,
                                                           MK_CONDITION_NONE);
  g_autoptr(GPtrArray) garage = mk_regulation_get_checklist (regulation, MK_SERVICE_ASSIGNMENT,
                                                            MK_CONDITION_GARAGE_OR_DACHA |
                                                            MK_CONDITION_REPRESENTATIVE);
  g_autoptr(GPtrArray) demolished = mk_regulation_get_checklist (regulation, MK_SERVICE_ASSIGNMENT,
                                                                MK_CONDITION_DEMOLITION);
  const MkChecklistItem *item;

  g_assert_cmpuint (plain->len, ==, 3);
  g_assert_cmpuint (garage->len, ==, 9 - 1);
  item = g_ptr_array_index (garage, 3);
  g_assert_cmpstr (item->kind->id, ==, "master-plan");
  g_assert_nonnull (strstr (item->note.ru, "гараж"));
  item = g_ptr_array_index (garage, 5);
  g_assert_cmpstr (item->kind->id, ==, "notarised-power-of-attorney");
  /* #10, §11: the demolition act «(қажет болған жағдайда)» is in the common
   * list of assignment, change and abolition, asked for once ticked. */
  g_assert_cmpuint (demolished->len, ==, 6);
  item = g_ptr_array_index (demolished, 3);
  g_assert_cmpstr (item->kind->id, ==, "demolition-act");
  g_assert_true (item->required);
  /* The wording of §11: «әкімдік қаулысының немесе әкімдік шешімінің көшірмесі». */
  item = g_ptr_array_index (demolished, 1);
  g_assert_cmpstr (item->kind->id, ==, "akimat-decision");
  g_assert_nonnull (strstr (item->kind->name.kk, "әкімдік шешімінің"));
  g_assert_null (strstr (item->kind->name.ru, "решения акима "));
}

typedef struct {
  const char *stage;
  MkRole      role;
} Probe;

/* §10, §14, §24, §26: every action × every stage × every role. */
static void
test_check_action_matrix (void)
{
  g_autoptr(MkRegulation) regulation = load_default ();

  for (guint a = 0; a < G_N_ELEMENTS (action_rows); a++)
    for (guint s = 0; s < G_N_ELEMENTS (stage_rows); s++)
      for (guint role = 0; role < MK_ROLE_N_ROLES; role++)
        {
          const ActionRow *row = &action_rows[a];
          const char *stage = stage_rows[s].id;
          g_autoptr(GError) error = NULL;
          g_autoptr(GError) reason_error = NULL;
          const MkAction *without_reason, *with_reason;

          without_reason = mk_regulation_check_action (regulation, stage, row->id, role, NULL, &error);
          with_reason = mk_regulation_check_action (regulation, stage, row->id, role,
                                                    "Документы не совпадают", &reason_error);

          if (!g_str_equal (stage, row->from))
            {
              g_assert_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_WRONG_STAGE);
              g_assert_error (reason_error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_WRONG_STAGE);
              g_assert_null (without_reason);
              g_assert_null (with_reason);
            }
          else if (role != row->role)
            {
              g_assert_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_WRONG_ROLE);
              g_assert_error (reason_error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_WRONG_ROLE);
            }
          else
            {
              g_assert_no_error (reason_error);
              g_assert_nonnull (with_reason);
              g_assert_cmpstr (with_reason->id, ==, row->id);
              if (row->needs_reason)
                {
                  g_assert_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_REASON);
                  g_assert_null (without_reason);
                }
              else
                {
                  g_assert_no_error (error);
                  g_assert_true (without_reason == with_reason);
                }
            }
        }
}

/* The messages name the action, both stages and both roles (C locale: English). */
static void
test_check_action_messages (void)
{
  g_autoptr(MkRegulation) regulation = load_default ();
  g_autoptr(GError) error = NULL;
  const MkAction *action;

  action = mk_regulation_check_action (regulation, "at-center", "sign",
                                       MK_ROLE_PROVIDER_HEAD, NULL, &error);
  g_assert_null (action);
  g_assert_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_WRONG_STAGE);
  g_assert_nonnull (strstr (error->message, "Sign"));
  g_assert_nonnull (strstr (error->message, "At the center, ready to issue"));
  g_assert_nonnull (strstr (error->message, "Awaiting signature"));
  g_clear_error (&error);

  action = mk_regulation_check_action (regulation, "signing", "sign",
                                       MK_ROLE_CENTER_INSPECTOR, NULL, &error);
  g_assert_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_WRONG_ROLE);
  g_assert_nonnull (strstr (error->message, "Sign"));
  g_assert_nonnull (strstr (error->message, mk_role_name (MK_ROLE_CENTER_INSPECTOR)));
  g_assert_nonnull (strstr (error->message, mk_role_name (MK_ROLE_PROVIDER_HEAD)));
  g_clear_error (&error);

  /* §24: a blank reason is no reason. */
  action = mk_regulation_check_action (regulation, "at-provider", "return-for-errors",
                                       MK_ROLE_PROVIDER_EXECUTOR, " \t\n", &error);
  g_assert_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_REASON);
  g_assert_nonnull (strstr (error->message, "Return for errors"));
  g_clear_error (&error);

  action = mk_regulation_check_action (regulation, "at-provider", "no-such-action",
                                       MK_ROLE_PROVIDER_EXECUTOR, NULL, &error);
  g_assert_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_UNKNOWN);
  g_clear_error (&error);

  action = mk_regulation_check_action (regulation, "no-such-stage", "sign",
                                       MK_ROLE_PROVIDER_HEAD, NULL, &error);
  g_assert_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_UNKNOWN);
}

/* The buttons each role sees at each stage. */
static void
test_actions_for (void)
{
  g_autoptr(MkRegulation) regulation = load_default ();

  for (guint s = 0; s < G_N_ELEMENTS (stage_rows); s++)
    for (guint role = 0; role < MK_ROLE_N_ROLES; role++)
      {
        g_autoptr(GPtrArray) actions = mk_regulation_actions_for (regulation, stage_rows[s].id, role);
        guint n = 0;

        for (guint a = 0; a < G_N_ELEMENTS (action_rows); a++)
          if (g_str_equal (action_rows[a].from, stage_rows[s].id) && action_rows[a].role == role)
            {
              const MkAction *action;

              g_assert_cmpuint (n, <, actions->len);
              action = g_ptr_array_index (actions, n++);
              g_assert_cmpstr (action->id, ==, action_rows[a].id);
            }
        g_assert_cmpuint (actions->len, ==, n);
        /* Final stages offer nothing (§21–§23). */
        if (stage_rows[s].final)
          g_assert_cmpuint (n, ==, 0);
      }
}

/* Every name the program shows or prints exists in kk, ru and en. */
static void
test_names_complete (void)
{
  g_autoptr(MkRegulation) regulation = load_default ();
  GPtrArray *array;

  assert_text_complete (mk_regulation_get_title (regulation), "title");
  assert_text_complete (mk_regulation_get_source (regulation), "source");

  array = mk_regulation_get_document_kinds (regulation);
  for (guint i = 0; i < array->len; i++)
    {
      const MkDocumentKind *kind = g_ptr_array_index (array, i);

      assert_text_complete (&kind->name, kind->id);
      g_assert_cmpstr (kind->paragraph, ==, "§11");
    }
  array = mk_regulation_get_stages (regulation);
  for (guint i = 0; i < array->len; i++)
    assert_text_complete (&((MkStage *) g_ptr_array_index (array, i))->name,
                          ((MkStage *) g_ptr_array_index (array, i))->id);
  array = mk_regulation_get_actions (regulation);
  for (guint i = 0; i < array->len; i++)
    assert_text_complete (&((MkAction *) g_ptr_array_index (array, i))->name,
                          ((MkAction *) g_ptr_array_index (array, i))->id);

  for (guint kind = 0; kind < MK_SERVICE_N_KINDS; kind++)
    {
      g_autoptr(GPtrArray) items = mk_regulation_get_checklist (regulation, kind, 0xf);

      for (guint i = 0; i < items->len; i++)
        {
          const MkChecklistItem *item = g_ptr_array_index (items, i);

          /* A note is optional, but never in one language only. */
          if (item->note.kk != NULL || item->note.ru != NULL || item->note.en != NULL)
            assert_text_complete (&item->note, item->kind->id);
        }
    }
}

/* §6, §24, §26: grounds for both a reasoned refusal and a return. */
static void
test_refusal_grounds (void)
{
  g_autoptr(MkRegulation) regulation = load_default ();
  GPtrArray *grounds = mk_regulation_get_refusal_grounds (regulation);
  guint n_refusal = 0, n_return = 0;

  g_assert_cmpuint (grounds->len, >=, 6);
  for (guint i = 0; i < grounds->len; i++)
    {
      const MkRefusalGround *ground = g_ptr_array_index (grounds, i);

      assert_text_complete (&ground->name, ground->id);
      g_assert_true (mk_regulation_get_refusal_ground (regulation, ground->id) == ground);
      n_refusal += ground->for_refusal;
      n_return += ground->for_return;
    }
  g_assert_cmpuint (n_refusal, >, 0);
  g_assert_cmpuint (n_return, >, 0);
  g_assert_nonnull (mk_regulation_get_refusal_ground (regulation, "address-exists"));
  g_assert_null (mk_regulation_get_refusal_ground (regulation, "no-such-ground"));
}

static void
test_condition_ids (void)
{
  static const MkConditions flags[] = {
    MK_CONDITION_NONE, MK_CONDITION_REPRESENTATIVE, MK_CONDITION_GARAGE_OR_DACHA,
    MK_CONDITION_DEMOLITION, MK_CONDITION_ARCHIVE_NEEDED,
  };

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      MkConditions back = 0xff;

      g_assert_nonnull (mk_condition_to_id (flags[i]));
      g_assert_true (mk_condition_from_id (mk_condition_to_id (flags[i]), &back));
      g_assert_cmpint (back, ==, flags[i]);
    }
  g_assert_null (mk_condition_to_id (MK_CONDITION_REPRESENTATIVE | MK_CONDITION_DEMOLITION));
  g_assert_false (mk_condition_from_id ("garage", &(MkConditions) { 0 }));
}

/* A small, complete edition; the broken inputs below each change one thing. */
static const char minimal[] =
  "[regulation]\n"
  "edition=test\n"
  "title-kk=Т\ntitle-ru=Т\ntitle-en=T\n"
  "source-kk=Қ\nsource-ru=П\nsource-en=R\n"
  "adopted=2024-07-01\nstatus=in-force\n"
  "[norms]\n"
  "term-clarification-days=3\nterm-assignment-days=7\nterm-change-days=7\nterm-abolition-days=7\n"
  "return-for-errors-days=3\nnotification-days=1\nstorage-months=1\n"
  "[workflow]\n"
  "initial-stage=open\nrefused-stage=closed\n"
  "[document:application]\n"
  "name-kk=Өтініш\nname-ru=Заявление\nname-en=Application\n"
  "[checklist:clarification]\nitems=application\n"
  "[checklist:assignment]\nitems=application\n"
  "[checklist:change]\nitems=application\n"
  "[checklist:abolition]\nitems=application\napplication.condition=always\n"
  "[stage:open]\n"
  "name-kk=Ашық\nname-ru=Открыто\nname-en=Open\nstep=1\nactor=center-inspector\ndue=issue\n"
  "[stage:closed]\n"
  "name-kk=Жабық\nname-ru=Закрыто\nname-en=Closed\nstep=0\nactor=center-inspector\nfinal=true\n"
  "[action:close]\n"
  "name-kk=Жабу\nname-ru=Закрыть\nname-en=Close\nfrom=open\nto=closed\nrole=center-inspector\n"
  "[refusal-ground:other]\n"
  "name-kk=Басқа\nname-ru=Другое\nname-en=Other\nuse=refusal\n";

typedef struct {
  const char *name;
  const char *find;      /* text of the minimal edition to replace … */
  const char *replace;   /* … by this */
  const char *mention;   /* the message must name this group or key */
} BrokenCase;

static const BrokenCase broken_cases[] = {
  { "not-a-key-file",       "[regulation]\n",             "[regulation\n",                   "key file" },
  { "no-header",            "[regulation]\nedition=test\ntitle-kk=Т\ntitle-ru=Т\ntitle-en=T\n"
                            "source-kk=Қ\nsource-ru=П\nsource-en=R\nadopted=2024-07-01\nstatus=in-force\n", "",
                            "[regulation]" },
  { "unknown-group",        "[refusal-ground:other]",     "[refusal-groud:other]",           "[refusal-groud:other]" },
  { "action-unknown-stage", "from=open",                  "from=opened",                     "[action:close]" },
  { "action-to-unknown",    "to=closed",                  "to=shut",                         "“to”" },
  { "action-unknown-role",  "role=center-inspector",      "role=clerk",                      "[action:close]" },
  { "stage-unknown-actor",  "actor=center-inspector\ndue", "actor=inspector\ndue",           "[stage:open]" },
  { "stage-unknown-due",    "due=issue",                  "due=tomorrow",                    "“due”" },
  { "stage-step-range",     "step=1",                     "step=8",                          "“step”" },
  { "stage-missing-ru",     "name-ru=Открыто\n",          "",                                "“name-ru”" },
  { "action-missing-en",    "name-en=Close\n",            "",                                "“name-en”" },
  { "document-missing-kk",  "name-kk=Өтініш\n",           "",                                "[document:application]" },
  { "checklist-undefined",  "[checklist:change]\nitems=application", "[checklist:change]\nitems=application;passport", "[checklist:change]" },
  { "checklist-unknown-kind", "[checklist:change]",       "[checklist:rename]",              "[checklist:rename]" },
  { "checklist-missing-kind", "[checklist:change]\nitems=application\n", "",                 "[checklist:change]" },
  { "checklist-condition",  "application.condition=always", "application.condition=garage", "application.condition" },
  { "checklist-stray-key",  "application.condition=always", "passport.condition=always",    "passport.condition" },
  { "bad-boolean",          "final=true",                 "final=yes",                       "“final”" },
  { "norm-not-number",      "notification-days=1",        "notification-days=one",           "“notification-days”" },
  { "norm-missing-term",    "term-change-days=7\n",       "",                                "“term-change-days”" },
  { "initial-unknown",      "initial-stage=open",         "initial-stage=start",             "[workflow]" },
  { "refused-not-final",    "refused-stage=closed",       "refused-stage=open",              "“refused-stage”" },
  { "dead-end-stage",       "from=open\nto=closed",       "from=open\nto=open",              "[stage:open]" },
  { "action-from-final",    "from=open",                  "from=closed",                     "[action:close]" },
  { "ground-use",           "use=refusal",                "use=appeal",                      "“use”" },
  { "unknown-key",          "edition=test\n",             "edition=test\nedtion=test\n",     "“edtion”" },
  { "status-no-adoption",   "adopted=2024-07-01\n",       "",                                "“adopted”" },
  { "adoption-not-date",    "adopted=2024-07-01",         "adopted=01.07.2024",              "“adopted”" },
  { "status-unknown",       "status=in-force",            "status=draft",                    "“status”" },
  { "repealed-no-date",     "status=in-force",            "status=repealed\nrepealed-by-kk=Қ\n"
                                                          "repealed-by-ru=П\nrepealed-by-en=R", "“repealed”" },
  { "repealed-no-act",      "status=in-force",            "status=repealed\nrepealed=2025-01-01", "“repealed-by-kk”" },
  { "repealed-before",      "status=in-force",            "status=repealed\nrepealed=2020-01-01\nrepealed-by-kk=Қ\n"
                                                          "repealed-by-ru=П\nrepealed-by-en=R", "“repealed”" },
  { "in-force-repealed-on", "status=in-force",            "status=in-force\nrepealed=2025-01-01", "“repealed”" },
};

static void
test_parse_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkRegulation) regulation = mk_regulation_new_from_data (minimal, -1, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (mk_regulation_get_edition (regulation), ==, "test");
  g_assert_cmpstr (mk_regulation_get_action (regulation, "close")->to, ==, "closed");
}

/* The seed act is one edition, repealed on 12.09.2014 by resolution No.
 * 47/01 (its header: «Күші жойылды»); a later edition replaces it as data. */
static void
test_default_edition_status (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkRegulation) regulation = mk_regulation_new_default (&error);
  g_autoptr(MkRegulation) minimal_edition = mk_regulation_new_from_data (minimal, -1, &error);
  g_autofree char *described = NULL;
  const MkText *by = NULL;
  GDate date;

  g_assert_no_error (error);
  g_assert_cmpstr (mk_regulation_get_edition (regulation), ==, "karaganda-56-10-2013");
  g_assert_true (mk_regulation_get_adopted (regulation, &date));
  g_assert_cmpint (g_date_get_year (&date), ==, 2013);
  g_assert_cmpint (g_date_get_month (&date), ==, G_DATE_SEPTEMBER);
  g_assert_cmpint (g_date_get_day (&date), ==, 17);
  g_assert_cmpint (mk_regulation_get_status (regulation), ==, MK_REGULATION_REPEALED);
  g_assert_true (mk_regulation_get_repealed (regulation, &date, &by));
  g_assert_cmpint (g_date_get_year (&date), ==, 2014);
  g_assert_cmpint (g_date_get_day (&date), ==, 12);
  g_assert_nonnull (strstr (by->kk, "47/01"));
  g_assert_nonnull (strstr (by->ru, "47/01"));
  described = mk_regulation_describe_edition (regulation);
  g_assert_nonnull (strstr (described, "karaganda-56-10-2013"));
  g_assert_nonnull (strstr (described, "2014"));

  g_assert_cmpint (mk_regulation_get_status (minimal_edition), ==, MK_REGULATION_IN_FORCE);
  g_assert_false (mk_regulation_get_repealed (minimal_edition, NULL, NULL));
}

/* An edition a database stored before editions carried their date and
 * standing still opens, its status unknown. */
static void
test_edition_without_status (void)
{
  g_autoptr(GString) text = g_string_new (minimal);
  g_autoptr(GError) error = NULL;
  g_autoptr(MkRegulation) regulation = NULL;
  g_autofree char *described = NULL;
  GDate date;

  g_assert_cmpuint (g_string_replace (text, "adopted=2024-07-01\nstatus=in-force\n", "", 1), ==, 1);
  regulation = mk_regulation_new_from_data (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mk_regulation_get_status (regulation), ==, MK_REGULATION_STATUS_UNKNOWN);
  g_assert_false (mk_regulation_get_adopted (regulation, &date));
  described = mk_regulation_describe_edition (regulation);
  g_assert_nonnull (strstr (described, "test"));
}

static void
test_parse_broken (gconstpointer data)
{
  const BrokenCase *broken = data;
  g_autoptr(GString) text = g_string_new (minimal);
  g_autoptr(GError) error = NULL;
  g_autoptr(MkRegulation) regulation = NULL;

  g_assert_cmpuint (g_string_replace (text, broken->find, broken->replace, 1), ==, 1);
  regulation = mk_regulation_new_from_data (text->str, text->len, &error);
  g_assert_null (regulation);
  g_assert_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_PARSE);
  g_test_message ("%s", error->message);
  if (strstr (error->message, broken->mention) == NULL)
    g_error ("“%s” does not mention %s", error->message, broken->mention);
}

static void
test_parse_not_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkRegulation) regulation = mk_regulation_new_from_data ("[regulation]\nedition=\xff\n", -1, &error);

  g_assert_null (regulation);
  g_assert_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_PARSE);
}

static void
collect_sources (const char *dir,
                 GString    *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_sources (path, out);
      else if (g_str_has_suffix (name, ".c"))
        {
          g_autofree char *text = NULL;

          g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
          g_string_append (out, text);
        }
    }
}

/* #10: every norm of regulation.ini drives the program: each key of [norms]
 * (other than the per-kind terms, read by mk_regulation_get_term_days()) is
 * asked for by name somewhere in the sources. */
static void
test_every_norm_is_read (void)
{
  g_autofree char *ini = g_build_filename (g_getenv ("MK_SOURCE_ROOT"), "data", "regulation.ini", NULL);
  g_autofree char *src = g_build_filename (g_getenv ("MK_SOURCE_ROOT"), "src", NULL);
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GString) sources = g_string_new (NULL);
  g_auto(GStrv) keys = NULL;

  g_assert_true (g_key_file_load_from_file (kf, ini, G_KEY_FILE_NONE, NULL));
  keys = g_key_file_get_keys (kf, "norms", NULL, NULL);
  g_assert_nonnull (keys);
  collect_sources (src, sources);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", keys[i]);

      if (g_str_has_prefix (keys[i], "term-") && g_str_has_suffix (keys[i], "-days"))
        continue;
      if (strstr (sources->str, quoted) == NULL)
        g_error ("the norm %s of regulation.ini is read by no code", keys[i]);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/regulation/default/norms-s7-s22-s24", test_default_norms);
  g_test_add_func ("/regulation/default/every-norm-is-read", test_every_norm_is_read);
  g_test_add_func ("/regulation/default/stages-s10-s14", test_stages);
  g_test_add_func ("/regulation/default/actions-s10", test_actions);
  g_test_add_func ("/regulation/default/names-kk-ru-en", test_names_complete);
  g_test_add_func ("/regulation/default/refusal-grounds-s24-s26", test_refusal_grounds);
  g_test_add_func ("/regulation/checklist/all-kinds-and-conditions-s11", test_checklists);
  g_test_add_func ("/regulation/checklist/examples-s11", test_checklist_examples);
  g_test_add_func ("/regulation/checklist/condition-ids", test_condition_ids);
  g_test_add_func ("/regulation/action/matrix-s10-s14", test_check_action_matrix);
  g_test_add_func ("/regulation/action/messages-s14-s24", test_check_action_messages);
  g_test_add_func ("/regulation/action/buttons-per-role-s14", test_actions_for);
  g_test_add_func ("/regulation/parse/minimal", test_parse_minimal);
  g_test_add_func ("/regulation/default/edition-status", test_default_edition_status);
  g_test_add_func ("/regulation/parse/edition-without-status", test_edition_without_status);
  g_test_add_func ("/regulation/parse/not-utf8", test_parse_not_utf8);
  for (guint i = 0; i < G_N_ELEMENTS (broken_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/regulation/parse/broken/", broken_cases[i].name, NULL);

      g_test_add_data_func (path, &broken_cases[i], test_parse_broken);
    }

  return g_test_run ();
}
