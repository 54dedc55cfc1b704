/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small helpers that several windows share. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* GtkInfoBar's built-in close button has only an icon: give it a name a
 * screen reader can say. */
void mk_info_bar_name_close_button (GtkInfoBar *bar);

/* Appends "<b>title</b> value\n" as Pango markup, escaped; nothing when @value is empty. */
void mk_markup_append_field (GString    *markup,
                             const char *title,
                             const char *value);

G_END_DECLS
