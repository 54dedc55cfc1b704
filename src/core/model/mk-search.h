/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Text folding for search and sorting: case and ё/е, Kazakh letters kept distinct. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Folds @text for comparison: Unicode NFC, lower case (Kazakh ә ғ қ ң ө ұ ү һ і
 * included), ё → е. Kazakh letters are not folded onto Russian ones. */
char      *mk_search_fold   (const char *text);

/* Folds @text and splits it into tokens of letters and digits; every other
 * character separates tokens. Returns char* tokens (never NULL). */
GPtrArray *mk_search_tokens (const char *text);

/* Compares two names the way the case list sorts them (folded, then raw). */
int        mk_search_collate (const char *a,
                              const char *b);

G_END_DECLS
