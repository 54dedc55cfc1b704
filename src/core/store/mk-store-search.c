/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Search as you type over the case list: the text each case is indexed with
 * and the query, the same on every engine. The index itself (FTS5 on SQLite,
 * a GIN-indexed tsvector on PostgreSQL) is the engine's: both hold exactly
 * these words under the case's sort key, so the same query finds the same
 * cases in the same order. */
#define G_LOG_DOMAIN "mk-store"

#include "mk-store-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mk-search.h"

/* Filter tokens start with a private-use character, which user text folds and
 * splits away (mk_search_tokens keeps letters and digits only), so typing can
 * never match a filter token. */
#define FILTER_MARK MK_STORE_FILTER_MARK
/* A word's look-alike spelling (mk_search_loose) is indexed after this mark
 * when it differs from the word, i.e. when the word has a Kazakh letter: a
 * look-alike query asks for the plain word or the marked one. */
#define LOOSE_MARK "\xee\x80\x81"  /* U+E001 */

static void
append_filter (GString    *out,
               char        kind,
               const char *value)
{
  g_string_append (out, " " FILTER_MARK);
  g_string_append_c (out, kind);
  for (const char *p = value; p != NULL && *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
}

static void
append_words (GString    *out,
              GHashTable *seen,
              GPtrArray  *keep,
              const char *text,
              gboolean    strip_zeros)
{
  GPtrArray *tokens;
  GPtrArray *marked;

  if (text == NULL || *text == '\0')
    return;
  tokens = mk_search_tokens (text);
  marked = g_ptr_array_new_with_free_func (g_free);
  /* @seen points into the words: they live as long as @keep. */
  g_ptr_array_add (keep, tokens);
  g_ptr_array_add (keep, marked);
  for (guint i = 0; i < tokens->len; i++)
    {
      const char *token = g_ptr_array_index (tokens, i);

      /* Kazakh and Russian names often coincide: index each word once. */
      if (!g_hash_table_add (seen, (gpointer) token))
        continue;
      g_string_append_c (out, ' ');
      g_string_append (out, token);
      /* «Нұрлан» is also found as «Нурлан». */
      if (mk_search_has_look_alike (token))
        {
          g_autofree char *loose = mk_search_loose (token);

          if (strcmp (loose, token) != 0)
            {
              char *word = g_strconcat (LOOSE_MARK, loose, NULL);

              g_ptr_array_add (marked, word);
              if (g_hash_table_add (seen, word))
                {
                  g_string_append_c (out, ' ');
                  g_string_append (out, word);
                }
            }
        }
      /* "000123" is also found by typing "123". */
      if (strip_zeros && token[0] == '0')
        {
          const char *p = token;

          while (*p == '0')
            p++;
          if (*p != '\0' && strspn (p, "0123456789") == strlen (p))
            {
              g_string_append_c (out, ' ');
              g_string_append (out, p);
            }
        }
    }
}

/* Everything but the registration number and the address code, which bulk
 * loading assigns only after another thread has prepared the rest. With detail=none a row is the
 * set of its tokens, so a word of the number repeated here changes nothing. */
char *
mk_store_index_text_tail (MkRegulation *regulation,
                          MkCase       *c)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GString *out = g_string_sized_new (256);
  const MkStage *stage = mk_regulation_get_stage (regulation, c->stage);
  char role[8];

  append_words (out, seen, keep, c->applicant_name, FALSE);
  append_words (out, seen, keep, c->applicant_idn, FALSE);
  append_words (out, seen, keep, c->rep_name, FALSE);
  if (c->address != NULL)
    {
      append_words (out, seen, keep, c->address->settlement.kk, FALSE);
      append_words (out, seen, keep, c->address->settlement.ru, FALSE);
      append_words (out, seen, keep, c->address->geonym.kk, FALSE);
      append_words (out, seen, keep, c->address->geonym.ru, FALSE);
      append_words (out, seen, keep, c->address->building, FALSE);
    }

  append_filter (out, 's', c->stage);
  append_filter (out, 'k', mk_service_kind_to_id (c->kind));
  /* The queue of a role: cases waiting for it at a stage that is not final (§14). */
  if (stage != NULL && !stage->final)
    {
      g_snprintf (role, sizeof role, "%d", (int) stage->actor);
      append_filter (out, 'r', role);
    }
  append_filter (out, 'o', c->center_id);
  append_filter (out, 'o', c->provider_id);
  return g_string_free (out, FALSE);
}

char *
mk_store_index_text_join (MkCase     *c,
                          const char *tail)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GString *out = g_string_sized_new (64 + strlen (tail));

  append_words (out, seen, keep, c->regno, TRUE);
  /* The demo's address codes follow from the number (mk_demo_number_case). */
  if (c->address != NULL)
    append_words (out, seen, keep, c->address->rca, FALSE);
  g_string_append (out, tail);
  return g_string_free (out, FALSE);
}

char *
mk_store_index_text (MkStore *self,
                     MkCase  *c)
{
  g_autofree char *tail = mk_store_index_text_tail (mk_store_get_case_regulation (self, c), c);

  return mk_store_index_text_join (c, tail);
}

gboolean
mk_store_index_case (MkStore     *self,
                     const char  *old_text,
                     gint64       old_key,
                     MkCase      *c,
                     const char  *new_text,
                     gint64       new_key,
                     GError     **error)
{
  g_autofree char *made = new_text == NULL ? mk_store_index_text (self, c) : NULL;
  const char *text = new_text != NULL ? new_text : made;

  if (old_key >= 0 && old_key == new_key && g_strcmp0 (old_text, text) == 0)
    return TRUE;
  return self->engine->index_put (self, old_key, old_text, new_key, text, error);
}

/* The query is built only from tokens we produce ourselves (letters, digits,
 * the marks), each quoted by the engine, so nothing the user types
 * (", *, -, AND, &, NEAR, parentheses) can change its meaning.
 *
 * @loose: each word that has a Kazakh letter or a Russian look-alike of one
 * matches every spelling with the same look-alikes («нурлан» and «нұрлан»
 * find each other). Sets *@has_loose when some word has (without one the
 * look-alike query is the exact one). @with_filters: the filters too. */
static char *
match_expression (MkStore             *self,
                  const MkSearchQuery *query,
                  gboolean             loose,
                  gboolean             with_filters,
                  gboolean            *has_loose)
{
  g_autoptr(GPtrArray) tokens = mk_search_tokens (query->text);
  GString *out = g_string_new (NULL);
  g_autoptr(GString) filters = g_string_new (NULL);

  const char *text = query->text != NULL ? query->text : "";
  gsize text_len = strlen (text);
  /* Is the last word still being typed (the text ends inside it)? */
  gboolean last_open = text_len > 0
                       && g_unichar_isalnum (g_utf8_get_char (g_utf8_find_prev_char (text, text + text_len)));

  if (has_loose != NULL)
    *has_loose = FALSE;
  for (guint i = 0; i < tokens->len; i++)
    {
      const char *token = g_ptr_array_index (tokens, i);
      gboolean complete = i + 1 < tokens->len || !last_open;
      /* A finished number ("3505-2026-…", a year) is matched whole: as a
       * prefix it would merge every longer number's postings, the one query
       * shape the 1–3 character prefix indexes do not cover. */
      gboolean prefix = !(complete && strlen (token) >= 4 && strspn (token, "0123456789") == strlen (token));

      if (mk_search_has_look_alike (token))
        {
          g_autofree char *plain = mk_search_loose (token);
          g_autofree char *marked = g_strconcat (LOOSE_MARK, plain, NULL);
          const char *const alternatives[] = { plain, marked, NULL };

          if (has_loose != NULL)
            *has_loose = TRUE;
          if (loose)
            {
              self->engine->match_term (out, alternatives, prefix);
              continue;
            }
        }
      self->engine->match_term (out, (const char *const[]) { token, NULL }, prefix);
    }

  if (!with_filters)
    return g_string_free (out, FALSE);
  if (query->stage != NULL && *query->stage != '\0')
    append_filter (filters, 's', query->stage);
  if (query->kind >= 0 && query->kind < MK_SERVICE_N_KINDS)
    append_filter (filters, 'k', mk_service_kind_to_id ((MkServiceKind) query->kind));
  if (query->queue_role >= 0 && query->queue_role < MK_ROLE_N_ROLES)
    {
      char role[8];

      g_snprintf (role, sizeof role, "%d", query->queue_role);
      append_filter (filters, 'r', role);
    }
  if (query->office_id != NULL && *query->office_id != '\0')
    append_filter (filters, 'o', query->office_id);

  if (filters->len > 0)
    {
      g_auto(GStrv) parts = g_strsplit (filters->str + 1, " ", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        self->engine->match_term (out, (const char *const[]) { parts[i], NULL }, FALSE);
    }
  return g_string_free (out, FALSE);
}

static MkCaseRow *
row_from_stmt (MkDbStmt *stmt)
{
  MkCaseRow *row = g_new0 (MkCaseRow, 1);

  row->id = mk_db_column_int64 (stmt, 0);
  row->regno = mk_store_column_text (stmt, 1);
  row->applicant_name = mk_store_column_text (stmt, 2);
  row->applicant_idn = mk_store_column_text (stmt, 3);
  mk_service_kind_from_id (mk_db_column_text (stmt, 4), &row->kind);
  row->stage = mk_store_column_text (stmt, 5);
  mk_store_column_date (stmt, 6, &row->due);
  row->sort_key = mk_db_column_int64 (stmt, 7);
  return row;
}

/* ?1 the match (unless empty), ?2 < key < ?3, ?4 rows. */
static gboolean
run_search (MkStore     *self,
            const char  *sql,
            const char  *match,
            gint64       lo,
            gint64       hi,
            guint        limit,
            gint64       key_mark,
            GPtrArray   *rows,
            GError     **error)
{
  MkDbStmt *stmt = mk_store_stmt (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (*match != '\0')
    mk_store_bind_text (stmt, 1, match);
  mk_db_bind_int64 (stmt, 2, lo);
  mk_db_bind_int64 (stmt, 3, hi);
  mk_db_bind_int64 (stmt, 4, (int) MIN (limit, (guint) G_MAXINT));
  while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
    {
      MkCaseRow *row = row_from_stmt (stmt);

      row->sort_key |= key_mark;
      g_ptr_array_add (rows, row);
    }
  mk_db_reset (stmt);
  if (rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Search failed"));
      return FALSE;
    }
  return TRUE;
}

/* Appends to @rows up to @limit cases matching @match with lo < key < hi, in
 * key order (or against it); their page keys carry @key_mark. */
static gboolean
search_range (MkStore     *self,
              const char  *match,
              gboolean     descending,
              gint64       lo,
              gint64       hi,
              guint        limit,
              gint64       key_mark,
              GPtrArray   *rows,
              GError     **error)
{
  guint before = rows->len;

  /* An engine whose index cannot walk the matches in due order first looks
   * at a window of the next cases in due order: a common term fills the page
   * there; only a rarer one needs the index, which then has few matches. */
  if (*match != '\0')
    {
      const char *window = self->engine->search_sql (match, descending, TRUE);

      if (window != NULL)
        {
          if (!run_search (self, window, match, lo, hi, limit, key_mark, rows, error))
            return FALSE;
          if (rows->len - before == limit)
            return TRUE;
          g_ptr_array_set_size (rows, before);
          window = NULL;
          if (self->engine->walk_sql != NULL && !self->engine->walk_sql (self, match, descending, &window, error))
            return FALSE;
          if (window != NULL)
            {
              if (!run_search (self, window, match, lo, hi, limit, key_mark, rows, error))
                return FALSE;
              if (rows->len - before == limit)
                return TRUE;
              g_ptr_array_set_size (rows, before);
            }
        }
    }
  return run_search (self, *match == '\0'
                             ? (descending
                                ? "SELECT " MK_STORE_SEARCH_COLUMNS " FROM cases c WHERE c.sort_key > ?2 AND c.sort_key < ?3"
                                  " ORDER BY c.sort_key DESC LIMIT ?4"
                                : "SELECT " MK_STORE_SEARCH_COLUMNS " FROM cases c WHERE c.sort_key > ?2 AND c.sort_key < ?3"
                                  " ORDER BY c.sort_key LIMIT ?4")
                             : self->engine->search_sql (match, descending, FALSE),
                     match, lo, hi, limit, key_mark, rows, error);
}

GPtrArray *
mk_store_search (MkStore              *self,
                 const MkSearchQuery  *query,
                 gint64                after_key,
                 guint                 limit,
                 GError              **error)
{
  static const MkSearchQuery all = { .kind = -1, .queue_role = -1 };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_case_row_free);
  g_autofree char *exact = NULL;
  gboolean has_loose = FALSE;
  gboolean in_loose = after_key > 0 && (after_key & MK_STORE_KEY_LOOSE) != 0;
  gint64 lo = 0, hi = G_MAXINT64;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (query == NULL)
    query = &all;
  if (limit == 0)
    limit = 50;

  if (query->overdue_only)
    {
      GDate today = query->today;

      if (!g_date_valid (&today))
        mk_store_get_today (self, &today);
      /* Overdue: due strictly before today; cases without a due day sort last. */
      hi = (gint64) g_date_get_julian (&today) << MK_STORE_KEY_SHIFT;
    }

  /* Exact spellings first, in due order; then, once they are all shown,
   * the cases found only through the look-alikes, in due order. A page key
   * says which of the two lists it continues. */
  exact = match_expression (self, query, FALSE, TRUE, &has_loose);
  if (!in_loose)
    {
      gint64 exact_lo = lo, exact_hi = hi;

      if (after_key > 0)
        {
          if (query->descending)
            exact_hi = MIN (hi, after_key);
          else
            exact_lo = after_key;
        }
      if (!search_range (self, exact, query->descending, exact_lo, exact_hi, limit, 0, rows, error))
        return NULL;
      if (rows->len == limit || !has_loose)
        return g_steal_pointer (&rows);
    }
  else if (has_loose)
    {
      gint64 key = after_key & ~MK_STORE_KEY_LOOSE;

      if (query->descending)
        hi = MIN (hi, key);
      else
        lo = key;
    }
  if (has_loose)
    {
      g_autofree char *words = match_expression (self, query, FALSE, FALSE, NULL);
      g_autofree char *alike = match_expression (self, query, TRUE, TRUE, NULL);
      g_autoptr(GString) loose = g_string_new (alike);

      self->engine->match_except (loose, words);
      if (!search_range (self, loose->str, query->descending, lo, hi, limit - rows->len,
                         MK_STORE_KEY_LOOSE, rows, error))
        return NULL;
    }
  return g_steal_pointer (&rows);
}

GHashTable *
mk_store_count_by_stage (MkStore     *self,
                         const char  *office_id,
                         GError     **error)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  MkDbStmt *stmt;
  int rc;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);

  /* Counters kept in the same transactions as the cases: cheap at a million. */
  stmt = mk_store_stmt (self, "SELECT stage, n FROM stage_counts WHERE office_id = ?1 AND n > 0", error);
  if (stmt == NULL)
    return NULL;
  mk_store_bind_text (stmt, 1, office_id != NULL ? office_id : "");
  while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
    g_hash_table_insert (counts, mk_store_column_text (stmt, 0),
                         GUINT_TO_POINTER ((guint) mk_db_column_int64 (stmt, 1)));
  mk_db_reset (stmt);
  if (rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not count the cases"));
      return NULL;
    }
  return g_steal_pointer (&counts);
}
