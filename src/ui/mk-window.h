/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: the list of applications with search and filters. */
#pragma once

#include <gtk/gtk.h>
#include "mk-context.h"

G_BEGIN_DECLS

#define MK_TYPE_WINDOW (mk_window_get_type ())
G_DECLARE_FINAL_TYPE (MkWindow, mk_window, MK, WINDOW, GtkApplicationWindow)

GtkWidget *mk_window_new          (GtkApplication *application,
                                   MkContext      *context);
/* Reloads the list and the counts from the store. */
void       mk_window_refresh      (MkWindow       *self);
/* Rows loaded so far (pages of MK_WINDOW_PAGE_SIZE are added as the user scrolls). */
guint      mk_window_get_n_rows   (MkWindow       *self);
/* Loads the next page now, as scrolling near the end does; FALSE at the end. */
gboolean   mk_window_load_more    (MkWindow       *self);
void       mk_window_set_search_text (MkWindow    *self,
                                   const char     *text);

#define MK_WINDOW_PAGE_SIZE 50

G_END_DECLS
