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

/* #14: @entry takes a phone number in the form the store keeps it,
 * +7 XXX XXX XX XX: what is typed another way (8 701 …, 87012345678) is
 * rewritten so when the focus leaves, and a number that is not one of
 * Kazakhstan gets a warning icon that says why. */
void mk_ui_phone_entry_setup (GtkEntry *entry);

/* Opens a page of the user help in the help browser (@page NULL: the
 * contents); a missing browser is said in a dialog over @parent. */
void mk_ui_show_help       (GtkWindow  *parent,
                            const char *page);
/* F1 in @window opens the help @page (a page id of the help in help/C). */
void mk_ui_set_help_page   (GtkWindow  *window,
                            const char *page);
/* The page F1 opens in @window, or NULL. */
const char *mk_ui_get_help_page (GtkWindow *window);

/* #14: @window's default size from its template, made no larger than the
 * work area of the screen it opens on (a 1280×800 laptop holds every
 * window, its buttons included). Call after gtk_widget_init_template(). */
void mk_ui_fit_default_size (GtkWindow *window);

G_END_DECLS
