/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Text folding for search and sorting: case and ё/е, and the Kazakh letters' Russian look-alikes. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Folds @text for comparison: Unicode NFC, lower case (Kazakh ә ғ қ ң ө ұ ү һ і
 * included), ё → е. Kazakh letters stay themselves here (exact
 * spellings rank first); mk_search_loose() gives their look-alikes. */
char      *mk_search_fold   (const char *text);

/* Folds @text and splits it into tokens of letters and digits; every other
 * character separates tokens. Returns char* tokens (never NULL). */
GPtrArray *mk_search_tokens (const char *text);

/* The look-alike spelling of folded @folded: each Kazakh letter becomes the
 * Russian letter people type for it on a Russian keyboard (ә→а, ғ→г, қ→к,
 * ң→н, ө→о, ұ→у, ү→у, һ→х, і→и), so that «Нурлан» and «Нұрлан» meet. */
char      *mk_search_loose  (const char *folded);

/* Whether the look-alike spelling of @folded could match a word spelt
 * otherwise: it holds a Kazakh letter or a Russian letter one stands for. */
gboolean   mk_search_has_look_alike (const char *folded);

/* Compares two names the way the case list sorts them (folded, then raw). */
int        mk_search_collate (const char *a,
                              const char *b);

G_END_DECLS
