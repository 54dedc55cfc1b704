/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of search as you type: Kazakh/Russian folding, prefixes, numbers, filters, keyset paging. */

#include <locale.h>
#include "store-fixture.h"
#include "mk-search.h"
#include "mk-workflow.h"

static const struct {
  const char *name;
  const char *idn_prefix;
  const char *geonym_kk;
  const char *geonym_ru;
  const char *rca;
} people[] = {
  { "Нұрланова Әсел Жұмабекқызы", "8505154", "Бейбітшілік", "Мира", NULL },
  { "Ёлкин Пётр Семёнович", "7702203", "Ерубаев", "Ерубаева", NULL },
  { "Һасанов Ілияс", "9912126", "Абай", "Абая", "0123456789012345" },
  { "Құрманов Дәулет", "6603033", "Бұқар жырау", "Бухар жырау", NULL },
};
#define N_CASES 14

static gint64 case_ids[N_CASES];
/* February 2026 from the 3rd, without its Sundays. */
static const int open_days[N_CASES] = { 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 16, 17, 18 };

/* Folding (requirement): case of Kazakh and Russian letters, ё → е, Kazakh
 * letters distinct; their look-alike spelling maps each onto the Russian one. */
static void
test_fold (void)
{
  static const struct { const char *in; const char *out; } table[] = {
    { "ӘСЕЛ", "әсел" }, { "Қайрат", "қайрат" }, { "ҒАЛЫМ", "ғалым" }, { "Ңң", "ңң" },
    { "ӨСКЕН", "өскен" }, { "ҰЛАН", "ұлан" }, { "ҮМІТ", "үміт" }, { "Һ", "һ" }, { "І", "і" },
    { "Ёлкин", "елкин" }, { "ёЁе", "еее" }, { "Пётр ПЕТР", "петр петр" },
    { "MiXeD Кейс", "mixed кейс" },
    /* A decomposed ё (е + U+0308) folds like the composed one. */
    { "Е\xcc\x88", "е" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *got = mk_search_fold (table[i].in);
      g_assert_cmpstr (got, ==, table[i].out);
    }
  {
    g_autofree char *k = mk_search_fold ("Қ");
    g_autofree char *u = mk_search_fold ("Ұ");
    g_assert_cmpstr (k, !=, "к");
    g_assert_cmpstr (u, !=, "у");
  }
  {
    static const struct { const char *in; const char *out; } loose[] = {
      { "әғқңөұүһі", "агкноуухи" }, { "нұрлан", "нурлан" }, { "нурлан", "нурлан" }, { "3505", "3505" },
      { "mixed", "mixed" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (loose); i++)
      {
        g_autofree char *got = mk_search_loose (loose[i].in);

        g_assert_cmpstr (got, ==, loose[i].out);
      }
    g_assert_true (mk_search_has_look_alike ("нурлан"));
    g_assert_true (mk_search_has_look_alike ("ә"));
    g_assert_false (mk_search_has_look_alike ("3505"));
    g_assert_false (mk_search_has_look_alike ("петр"));
  }
  {
    g_autoptr(GPtrArray) tokens = mk_search_tokens ("3505-2026-000123 «Құрылыс» \"AND\"*");
    g_assert_cmpuint (tokens->len, ==, 5);
    g_assert_cmpstr (tokens->pdata[3], ==, "құрылыс");
    g_assert_cmpstr (tokens->pdata[4], ==, "and");
  }
}

static void
populate (StoreEnv *env)
{
  for (guint i = 0; i < N_CASES; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MkCase) c = store_test_case (env->store, i % 2 ? MK_SERVICE_ASSIGNMENT : MK_SERVICE_CLARIFICATION, i);
      guint p = i % G_N_ELEMENTS (people);

      g_free (c->applicant_name);
      c->applicant_name = g_strdup (people[p].name);
      g_free (c->applicant_idn);
      c->applicant_idn = store_test_idn (people[p].idn_prefix, i);
      mk_address_free (c->address);
      c->address = store_test_address (people[p].geonym_kk, people[p].geonym_ru, "39");
      c->address->rca = g_strdup (people[p].rca);
      /* Spread acceptance over days so that due dates differ, on the
       * center's days (§16: Monday to Saturday). */
      c->accepted_at = store_test_time (2026, 2, open_days[N_CASES - 1 - i], 10);
      g_assert_true (mk_store_register_case (env->store, env->center, c, &error));
      g_assert_no_error (error);
      case_ids[i] = c->id;
    }
}

static GPtrArray *
search (StoreEnv *env, const char *text)
{
  g_autoptr(GError) error = NULL;
  MkSearchQuery q = { .text = text, .kind = -1, .queue_role = -1 };
  GPtrArray *rows = mk_store_search (env->store, &q, 0, 50, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

/* Every row's name contains @needle (folded) and there are @n of them. */
static void
assert_names (StoreEnv *env, const char *text, guint n, const char *needle)
{
  g_autoptr(GPtrArray) rows = search (env, text);

  g_test_message ("query “%s”", text);
  g_assert_cmpuint (rows->len, ==, n);
  for (guint i = 0; i < rows->len; i++)
    {
      MkCaseRow *row = rows->pdata[i];
      g_autofree char *name = mk_search_fold (row->applicant_name);
      g_assert_nonnull (strstr (name, needle));
    }
}

static void
test_text (StoreEnv *env, gconstpointer data)
{
  g_autoptr(MkCase) c3 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *regno_tail = NULL;
  g_autofree char *idn_prefix = NULL;

  populate (env);
  /* Prefix by name, any case, Kazakh letters. */
  assert_names (env, "әсе", 4, "әсел");
  assert_names (env, "ӘСЕЛ", 4, "әсел");
  assert_names (env, "нұрл", 4, "нұрланова");
  assert_names (env, "Нұрланова Ә", 4, "нұрланова");
  /* ё and е find each other. */
  assert_names (env, "ёлк", 4, "елкин");
  assert_names (env, "Елкин", 4, "елкин");
  assert_names (env, "петр", 4, "петр");
  assert_names (env, "Пётр", 4, "петр");
  assert_names (env, "һас", 3, "һасанов");
  assert_names (env, "ІЛИЯС", 3, "ілияс");
  assert_names (env, "құр", 3, "құрманов");
  /* A Russian keyboard's look-alikes find the Kazakh letters (#14). */
  assert_names (env, "курм", 3, "құрманов");
  assert_names (env, "Нурланова Асел", 4, "нұрланова");
  assert_names (env, "хасанов илияс", 3, "һасанов");
  assert_names (env, "бухар жырау", 3, "құрманов");
  assert_names (env, "әсел һасанов", 0, "");
  assert_names (env, "асел хасанов", 0, "");

  /* Numbers: regno suffix without its leading zeros, the whole regno, ИИН prefix, RCA. */
  c3 = mk_store_get_case (env->store, case_ids[11], &error);
  regno_tail = g_strdup (strrchr (c3->regno, '-') + 1);
  g_assert_cmpstr (regno_tail, ==, "000012");
  {
    g_autoptr(GPtrArray) rows = search (env, "12");
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpstr (((MkCaseRow *) rows->pdata[0])->regno, ==, c3->regno);
  }
  {
    g_autoptr(GPtrArray) rows = search (env, c3->regno);
    g_assert_cmpuint (rows->len, ==, 1);
  }
  {
    g_autoptr(GPtrArray) rows = search (env, "000012");
    g_assert_cmpuint (rows->len, ==, 1);
  }
  idn_prefix = g_strndup (c3->applicant_idn, 10);
  {
    g_autoptr(GPtrArray) rows = search (env, idn_prefix);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpstr (((MkCaseRow *) rows->pdata[0])->applicant_idn, ==, c3->applicant_idn);
  }
  {
    g_autoptr(GPtrArray) rows = search (env, "9912");
    g_assert_cmpuint (rows->len, ==, 3);
  }
  {
    g_autoptr(GPtrArray) rows = search (env, "0123456789012345");
    g_assert_cmpuint (rows->len, ==, 3);
  }
  /* Address in Kazakh and in Russian. */
  assert_names (env, "бейбіт", 4, "нұрланова");
  assert_names (env, "мира", 4, "нұрланова");
  assert_names (env, "абая", 3, "һасанов");
  assert_names (env, "Бұқар жыр", 3, "құрманов");
  assert_names (env, "бухар", 3, "құрманов");
  assert_names (env, "караганда", N_CASES, "");
}

/* #14: «Нурлан» finds «Нұрлан» and the other way round; the spelling typed
 * comes first, each list in due order, and paging goes from one list to the
 * other without losing or repeating a case, in both directions. */
static void
test_look_alike (StoreEnv *env, gconstpointer data)
{
  static const char *const names[] = {
    "Нұрлан Әсет", "Нурлан Асет", "Нұрлан Асет", "Нурлан Әсет", "Нұрланов Қайрат", "Нурланов Кайрат",
  };
  static const int weekdays[G_N_ELEMENTS (names)] = { 20, 19, 18, 17, 16, 13 };
  gint64 ids[G_N_ELEMENTS (names)];

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MkCase) c = store_test_case (env->store, MK_SERVICE_CLARIFICATION, i);

      g_free (c->applicant_name);
      c->applicant_name = g_strdup (names[i]);
      /* Later names are due earlier: the look-alikes would come first by due
       * day alone. Monday to Friday, so that no two are due on one day (§16:
       * Sunday 15 February is closed). */
      c->accepted_at = store_test_time (2026, 2, weekdays[i], 10);
      g_assert_true (mk_store_register_case (env->store, env->center, c, &error));
      g_assert_no_error (error);
      ids[i] = c->id;
    }

  {
    static const struct {
      const char *text;
      guint       order[G_N_ELEMENTS (names)];
      guint       n;
      guint       n_exact;   /* the first n_exact spell the words as typed */
    } cases[] = {
      /* Exact spellings first (due order: higher index first), then the look-alikes. */
      { "нұрлан", { 4, 2, 0, 5, 3, 1 }, 6, 3 },
      { "нурлан", { 5, 3, 1, 4, 2, 0 }, 6, 3 },
      { "Нұрлан Әсет", { 0, 3, 2, 1 }, 4, 1 },
      { "нурлан асет", { 1, 3, 2, 0 }, 4, 1 },
      { "нұрлан асет", { 2, 3, 1, 0 }, 4, 1 },
      { "нұрланов қ", { 4, 5 }, 2, 1 },
      { "НУРЛАНОВ К", { 5, 4 }, 2, 1 },
      { "кайрат", { 5, 4 }, 2, 1 },
      { "хайрат", { 0 }, 0, 0 },
    };

    for (guint t = 0; t < G_N_ELEMENTS (cases); t++)
      for (int desc = 0; desc < 2; desc++)
        for (guint page = 1; page <= 7; page += 2)
          {
            g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_case_row_free);
            MkSearchQuery q = { .text = cases[t].text, .kind = -1, .queue_role = -1, .descending = desc };
            guint n_exact = cases[t].n_exact;
            gint64 after = 0;

            g_test_message ("“%s” %s, pages of %u", cases[t].text, desc ? "descending" : "ascending", page);
            for (;;)
              {
                g_autoptr(GError) error = NULL;
                g_autoptr(GPtrArray) rows = mk_store_search (env->store, &q, after, page, &error);

                g_assert_no_error (error);
                g_assert_cmpuint (rows->len, <=, page);
                if (rows->len == 0)
                  break;
                after = ((MkCaseRow *) rows->pdata[rows->len - 1])->sort_key;
                while (rows->len > 0)
                  g_ptr_array_add (got, g_ptr_array_steal_index (rows, 0));
              }
            g_assert_cmpuint (got->len, ==, cases[t].n);
            for (guint i = 0; i < got->len; i++)
              {
                /* Descending: each list in reverse due order, exact ones still first. */
                guint in_list = i < n_exact ? i : i - n_exact;
                guint list_len = i < n_exact ? n_exact : cases[t].n - n_exact;
                guint first = i < n_exact ? 0 : n_exact;
                guint want = desc ? cases[t].order[first + list_len - 1 - in_list] : cases[t].order[i];

                g_assert_cmpint (((MkCaseRow *) got->pdata[i])->id, ==, ids[want]);
              }
          }
  }
}

/* The MATCH syntax never leaks: quotes, stars, operators and brackets are just text. */
static void
test_special (StoreEnv *env, gconstpointer data)
{
  static const char *const queries[] = {
    "\"", "*", "(", ")", "AND", "OR", "NOT", "-", "\"әсел", "әсел\"*", "NEAR(a b)", "a OR b",
    "^", "{x}", ":", "col:val", "'", "--", "' OR 1=1 --", "\\", "\xee\x80\x80sissued", "‐", "   ",
  };

  populate (env);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GPtrArray) rows = search (env, queries[i]);
      g_test_message ("query %s → %u rows", queries[i], rows->len);
    }
  {
    /* "AND" is a word like any other, "-" an empty query. */
    g_autoptr(GPtrArray) rows = search (env, "AND");
    g_autoptr(GPtrArray) all = search (env, "-");
    g_assert_cmpuint (rows->len, ==, 0);
    g_assert_cmpuint (all->len, ==, N_CASES);
  }
}

/* Filters: stage, kind, queue role (§14), office, overdue. */
static void
test_filters (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkRegister) reg = NULL;
  MkSearchQuery q = { .kind = -1, .queue_role = -1 };
  g_autoptr(GPtrArray) rows = NULL;

  populate (env);
  reg = mk_store_create_register (env->store, env->accum, "to-provider", "p01", case_ids, 2, &error);
  g_assert_no_error (error);

  q.stage = "at-provider";
  rows = mk_store_search (env->store, &q, 0, 50, &error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_clear_pointer (&rows, g_ptr_array_unref);
  q.text = "нұрл";
  rows = mk_store_search (env->store, &q, 0, 50, &error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpint (((MkCaseRow *) rows->pdata[0])->id, ==, case_ids[0]);
  g_clear_pointer (&rows, g_ptr_array_unref);

  q.text = NULL;
  q.stage = NULL;
  q.queue_role = MK_ROLE_PROVIDER_EXECUTOR;
  rows = mk_store_search (env->store, &q, 0, 50, &error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_clear_pointer (&rows, g_ptr_array_unref);
  q.queue_role = MK_ROLE_ACCUMULATION_INSPECTOR;
  rows = mk_store_search (env->store, &q, 0, 50, &error);
  g_assert_cmpuint (rows->len, ==, N_CASES - 2);
  g_clear_pointer (&rows, g_ptr_array_unref);

  q.queue_role = -1;
  q.kind = MK_SERVICE_ASSIGNMENT;
  rows = mk_store_search (env->store, &q, 0, 50, &error);
  g_assert_cmpuint (rows->len, ==, N_CASES / 2);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpint (((MkCaseRow *) rows->pdata[i])->kind, ==, MK_SERVICE_ASSIGNMENT);
  g_clear_pointer (&rows, g_ptr_array_unref);

  q.kind = -1;
  q.office_id = "p01";
  rows = mk_store_search (env->store, &q, 0, 50, &error);
  g_assert_cmpuint (rows->len, ==, N_CASES);
  g_clear_pointer (&rows, g_ptr_array_unref);
  q.office_id = "c01";
  rows = mk_store_search (env->store, &q, 0, 50, &error);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Overdue: due strictly before today. */
  q.office_id = NULL;
  q.overdue_only = TRUE;
  g_date_clear (&q.today, 1);
  g_date_set_dmy (&q.today, 1, G_DATE_JANUARY, 2026);
  rows = mk_store_search (env->store, &q, 0, 50, &error);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_date_set_dmy (&q.today, 1, G_DATE_JUNE, 2026);
  rows = mk_store_search (env->store, &q, 0, 50, &error);
  g_assert_cmpuint (rows->len, ==, N_CASES);
  g_clear_pointer (&rows, g_ptr_array_unref);
  q.text = "әсел";
  rows = mk_store_search (env->store, &q, 0, 50, &error);
  g_assert_cmpuint (rows->len, ==, 4);
  g_clear_pointer (&rows, g_ptr_array_unref);
  {
    /* Mid-range: only the cases due before the median due day. */
    GDate mid;
    guint expected = 0;
    g_autoptr(GPtrArray) all = search (env, "");

    mid = ((MkCaseRow *) all->pdata[N_CASES / 2])->due;
    for (guint i = 0; i < all->len; i++)
      expected += g_date_compare (&((MkCaseRow *) all->pdata[i])->due, &mid) < 0;
    g_assert_cmpuint (expected, >, 0);
    g_assert_cmpuint (expected, <, N_CASES);
    q.text = NULL;
    q.today = mid;
    rows = mk_store_search (env->store, &q, 0, 50, &error);
    g_assert_cmpuint (rows->len, ==, expected);
  }
}

/* Keyset paging returns every match exactly once, in due order, both directions. */
static void
test_paging (StoreEnv *env, gconstpointer data)
{
  const char *texts[] = { NULL, "караганда" };

  populate (env);
  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    for (int desc = 0; desc < 2; desc++)
      {
        g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
        g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
        MkSearchQuery q = { .text = texts[t], .kind = -1, .queue_role = -1, .descending = desc };
        gint64 after = 0;
        GDate last;

        g_date_clear (&last, 1);
        for (;;)
          {
            g_autoptr(GError) error = NULL;
            GPtrArray *rows = mk_store_search (env->store, &q, after, 4, &error);

            g_assert_no_error (error);
            g_ptr_array_add (keep, rows);
            if (rows->len == 0)
              break;
            for (guint i = 0; i < rows->len; i++)
              {
                MkCaseRow *row = rows->pdata[i];

                g_assert_false (g_hash_table_contains (seen, &row->id));
                g_hash_table_add (seen, &row->id);
                if (g_date_valid (&last))
                  g_assert_cmpint (g_date_compare (&last, &row->due) * (desc ? -1 : 1), <=, 0);
                last = row->due;
              }
            after = ((MkCaseRow *) rows->pdata[rows->len - 1])->sort_key;
          }
        g_assert_cmpuint (g_hash_table_size (seen), ==, N_CASES);
      }
}

/* Every filter the index answers, checked against a direct scan of the cases
 * under the store's current regulation (a contentless FTS5 table has no
 * integrity check that compares it with the rows). */
static void
assert_index_matches_cases (StoreEnv *env)
{
  MkRegulation *reg = mk_store_get_regulation (env->store);
  GPtrArray *stages = mk_regulation_get_stages (reg); /* owned by the regulation */
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_case_unref);
  g_autoptr(GPtrArray) all = search (env, "");

  for (guint i = 0; i < N_CASES; i++)
    {
      g_autoptr(GError) error = NULL;
      MkCase *c = mk_store_get_case (env->store, case_ids[i], &error);

      g_assert_no_error (error);
      g_ptr_array_add (cases, c);
    }

  /* The list order and due days are the ones the regulation gives the stage. */
  g_assert_cmpuint (all->len, ==, N_CASES);
  for (guint i = 0; i < all->len; i++)
    {
      MkCaseRow *row = all->pdata[i];

      for (guint j = 0; j < cases->len; j++)
        {
          MkCase *c = cases->pdata[j];
          GDate due;

          if (c->id != row->id)
            continue;
          g_assert_cmpint (row->sort_key, ==, mk_store_case_key (&c->due, c->id));
          due = c->due;
          /* §4: each case follows the edition it was accepted under. */
          mk_workflow_update_due (mk_store_get_case_regulation (env->store, c), c);
          g_assert_true (g_date_valid (&due) == g_date_valid (&c->due));
          if (g_date_valid (&due))
            g_assert_cmpint (g_date_compare (&due, &c->due), ==, 0);
        }
    }

  /* §14: a role's queue holds the cases at a non-final stage whose actor it is. */
  for (int role = 0; role < MK_ROLE_N_ROLES; role++)
    {
      g_autoptr(GError) error = NULL;
      MkSearchQuery q = { .kind = -1, .queue_role = role };
      g_autoptr(GPtrArray) rows = mk_store_search (env->store, &q, 0, 1000, &error);
      guint expected = 0;

      g_assert_no_error (error);
      for (guint j = 0; j < cases->len; j++)
        {
          MkCase *c = cases->pdata[j];
          /* §4: the stage as the case's own edition defines it. */
          const MkStage *stage = mk_regulation_get_stage (mk_store_get_case_regulation (env->store, c), c->stage);
          gboolean in_queue = !stage->final && (int) stage->actor == role;
          gboolean found = FALSE;

          for (guint k = 0; k < rows->len; k++)
            found |= ((MkCaseRow *) rows->pdata[k])->id == c->id;
          g_assert_true (found == in_queue);
          expected += in_queue;
        }
      g_assert_cmpuint (rows->len, ==, expected);
    }

  /* Stage filters, and a name search combined with one. */
  for (guint s = 0; s < stages->len; s++)
    {
      const MkStage *stage = g_ptr_array_index (stages, s);
      const char *texts[] = { NULL, "әсел" };

      for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
        {
          g_autoptr(GError) error = NULL;
          MkSearchQuery q = { .text = texts[t], .kind = -1, .queue_role = -1, .stage = stage->id };
          g_autoptr(GPtrArray) rows = mk_store_search (env->store, &q, 0, 1000, &error);
          guint expected = 0;

          g_assert_no_error (error);
          for (guint j = 0; j < cases->len; j++)
            {
              MkCase *c = cases->pdata[j];

              expected += g_strcmp0 (c->stage, stage->id) == 0
                          && (texts[t] == NULL || strstr (c->applicant_name, "Әсел") != NULL);
            }
          g_assert_cmpuint (rows->len, ==, expected);
          for (guint k = 0; k < rows->len; k++)
            g_assert_cmpstr (((MkCaseRow *) rows->pdata[k])->stage, ==, stage->id);
        }
    }
}

/* §4, §14: the regulation is an edition of a profile. An administrator
 * imports another as data (a stage with another actor and deadline, another
 * §7 term, another §11 checklist); the cases accepted so far keep the edition
 * they were accepted under — their queue, term and checklist — and the cases
 * accepted afterwards follow the new one. The index stays in step. */
static void
test_import_regulation (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = mk_regulation_get_default_data ();
  g_autoptr(GString) edition = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(MkRegister) reg = NULL;
  g_autoptr(MkCase) old = NULL;
  g_autoptr(MkCase) fresh = NULL;
  MkSearchQuery q = { .kind = -1, .queue_role = MK_ROLE_CENTER_INSPECTOR };
  g_autoptr(GPtrArray) rows = NULL;

  populate (env);
  reg = mk_store_create_register (env->store, env->accum, "to-provider", "p01", case_ids, 2, &error);
  g_assert_no_error (error);
  assert_index_matches_cases (env);
  rows = mk_store_search (env->store, &q, 0, 1000, &error);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);

  g_assert_cmpuint (g_string_replace (edition, "edition=karaganda-56-10-2013", "edition=test-center-accumulates", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (edition, "actor=accumulation-inspector\ndue=provider",
                                      "actor=center-inspector\ndue=issue", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (edition, "term-clarification-days=3", "term-clarification-days=5", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (edition, "items=application;title-document;owner-power-of-attorney;identity-document\n",
                                      "items=application;title-document;owner-power-of-attorney;identity-document;technical-passport\n",
                                      1), ==, 1);
  /* Only an administrator imports; a refused import changes nothing. */
  g_assert_false (mk_store_import_regulation (env->store, env->center, edition->str, &error));
  g_assert_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  assert_index_matches_cases (env);

  g_assert_true (mk_store_import_regulation (env->store, env->admin, edition->str, &error));
  g_assert_no_error (error);
  assert_index_matches_cases (env);
  /* The cases accepted before stay in the accumulation inspector's queue. */
  rows = mk_store_search (env->store, &q, 0, 1000, &error);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);
  q.queue_role = MK_ROLE_ACCUMULATION_INSPECTOR;
  rows = mk_store_search (env->store, &q, 0, 1000, &error);
  g_assert_cmpuint (rows->len, ==, N_CASES - 2);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* An old clarification keeps its 3 days and its checklist, even when edited. */
  old = mk_store_get_case (env->store, case_ids[2], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (old->deadlines.working_days, ==, 3);
  g_free (old->applicant_phone);
  old->applicant_phone = g_strdup ("+7 701 765 43 21");
  g_assert_true (mk_store_update_case (env->store, env->center, old, &error));
  g_assert_no_error (error);
  g_clear_pointer (&old, mk_case_unref);
  old = mk_store_get_case (env->store, case_ids[2], &error);
  g_assert_null (mk_case_find_item (old, "technical-passport"));
  g_assert_cmpstr (mk_regulation_get_edition (mk_store_get_case_regulation (env->store, old)), ==,
                   "karaganda-56-10-2013");

  /* Moving cases deletes their rows by the text the rebuild indexed. */
  g_clear_pointer (&reg, mk_register_free);
  reg = mk_store_create_register (env->store, env->accum, "to-provider", "p01", case_ids + 2, 3, &error);
  g_assert_no_error (error);
  assert_index_matches_cases (env);

  /* The edition survives reopening, and so does the index built for it. */
  g_clear_object (&env->store);
  store_env_open (env);
  g_assert_cmpstr (mk_regulation_get_edition (mk_store_get_regulation (env->store)), ==, "test-center-accumulates");
  assert_index_matches_cases (env);

  /* A clarification accepted now: the new edition's term, checklist and queue. */
  fresh = store_test_case (env->store, MK_SERVICE_CLARIFICATION, 40);
  g_assert_nonnull (mk_case_find_item (fresh, "technical-passport"));
  g_assert_true (mk_store_register_case (env->store, env->center, fresh, &error));
  g_assert_no_error (error);
  g_clear_pointer (&fresh, mk_case_unref);
  q.queue_role = MK_ROLE_CENTER_INSPECTOR;
  rows = mk_store_search (env->store, &q, 0, 1000, &error);
  g_assert_cmpuint (rows->len, ==, 1);
  fresh = mk_store_get_case (env->store, ((MkCaseRow *) rows->pdata[0])->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fresh->deadlines.working_days, ==, 5);
  g_assert_nonnull (mk_case_find_item (fresh, "technical-passport"));
  g_assert_cmpstr (mk_regulation_get_edition (mk_store_get_case_regulation (env->store, fresh)), ==,
                   "test-center-accumulates");
  g_clear_pointer (&rows, g_ptr_array_unref);

}

/* Every case's key columns, in id order, as one digest (read directly). */
static char *
cases_digest (const char *path)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  store_test_digest_rows (sum, path, "SELECT id, regno, applicant_name, stage, due, sort_key,"
                                     " items, result_number FROM cases ORDER BY id");
  return g_strdup (g_checksum_get_string (sum));
}

/* Bulk loading (two threads, §9 audit chain, §14 queues): two runs in a row
 * number on from each other, the index answers every queue like a direct
 * scan, the chain verifies, and the same seed gives the same cases. */
static void
test_seed_demo (StoreEnv *env, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  MkRegulation *reg = mk_store_get_regulation (env->store);
  GPtrArray *stages = mk_regulation_get_stages (reg); /* owned by the regulation */
  const guint n_first = 1300, n_second = 700;
  g_autofree char *digest = NULL;
  guint64 n_events = 0;
  gint64 bad = 0;

  g_assert_true (mk_store_seed_demo (env->store, n_first, 5, &error));
  g_assert_no_error (error);
  g_assert_true (mk_store_seed_demo (env->store, n_second, 6, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_test_count (env->path, "SELECT count(*) FROM cases"), ==, n_first + n_second);
  g_assert_cmpint (store_test_count (env->path, "SELECT count(DISTINCT regno) FROM cases"), ==, n_first + n_second);
  g_assert_cmpint (store_test_count (env->path, "SELECT count(*) FROM cases c WHERE sort_key & 274877906943 <> id"), ==, 0);
  g_assert_true (mk_store_verify_audit (env->store, &bad, &n_events, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_events, >=, n_first + n_second);

  for (int role = 0; role < MK_ROLE_N_ROLES; role++)
    {
      MkSearchQuery q = { .kind = -1, .queue_role = role };
      g_autoptr(GPtrArray) rows = mk_store_search (env->store, &q, 0, 100000, &error);
      g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM cases WHERE stage IN (''");

      g_assert_no_error (error);
      for (guint i = 0; i < stages->len; i++)
        {
          const MkStage *stage = g_ptr_array_index (stages, i);

          if (!stage->final && (int) stage->actor == role)
            g_string_append_printf (sql, ", '%s'", stage->id);
        }
      g_string_append (sql, ")");
      g_test_message ("role %d: %u", role, rows->len);
      g_assert_cmpint ((int) rows->len, ==, store_test_count (env->path, sql->str));
    }

  /* The same seed on a fresh store gives the same cases. */
  digest = cases_digest (env->path);
  {
    g_autofree char *dir = g_dir_make_tmp ("mk-seed-XXXXXX", &error);
    g_autofree char *pg_name = NULL;
    g_autofree char *path = store_test_location (dir, "again.db", &pg_name);
    g_autofree char *again = NULL;
    g_autoptr(MkStore) other = mk_store_open (path, &error);
    GDate today;

    g_assert_no_error (error);
    g_date_clear (&today, 1);
    g_date_set_dmy (&today, 20, G_DATE_MARCH, 2026);
    mk_store_set_today (other, &today);
    g_assert_true (mk_store_seed_demo (other, n_first, 5, &error));
    g_assert_true (mk_store_seed_demo (other, n_second, 6, &error));
    g_assert_no_error (error);
    g_clear_object (&other);
    again = cases_digest (path);
    g_assert_cmpstr (again, ==, digest);
    if (pg_name != NULL)
      store_test_pg_drop (pg_name);
    for (const char *suffix = ""; suffix != NULL; suffix = g_str_equal (suffix, "") ? "-wal"
                                                          : g_str_equal (suffix, "-wal") ? "-shm" : NULL)
      {
        g_autofree char *file = g_strconcat (path, suffix, NULL);
        g_unlink (file);
      }
    g_rmdir (dir);
  }
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store-search/fold", test_fold);
#define ADD(path, fn) g_test_add (path, StoreEnv, NULL, store_env_setup, fn, store_env_teardown)
  ADD ("/store-search/text-name-number-address", test_text);
  ADD ("/store-search/look-alike-letters-exact-first", test_look_alike);
  ADD ("/store-search/special-characters", test_special);
  ADD ("/store-search/filters-s14-overdue", test_filters);
  ADD ("/store-search/keyset-paging", test_paging);
  ADD ("/store-search/import-regulation-edition-kept-s4-s7-s11-s14", test_import_regulation);
  ADD ("/store-search/seed-demo-bulk-s9-s14", test_seed_demo);
  return g_test_run ();
}
