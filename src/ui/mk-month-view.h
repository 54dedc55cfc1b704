/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One month of the working-day calendar, with the application's own month
 * and day names and weeks from Monday, whatever the PC's locale (#14). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MK_TYPE_MONTH_VIEW (mk_month_view_get_type ())
G_DECLARE_FINAL_TYPE (MkMonthView, mk_month_view, MK, MONTH_VIEW, GtkBox)

GtkWidget  *mk_month_view_new          (void);
/* Shows @month of @year, no day marked. */
void        mk_month_view_set_month    (MkMonthView *self,
                                        int          year,
                                        GDateMonth   month);
/* Marks @day in bold (a day off), or only names it (@bold FALSE); the
 * @description is its tooltip and what a screen reader says. */
void        mk_month_view_mark_day     (MkMonthView *self,
                                        guint        day,
                                        gboolean     bold,
                                        const char  *description);
/* The heading ("Қараша 2026"). */
const char *mk_month_view_get_heading  (MkMonthView *self);
/* The weekday name over column @column (0: the first, Monday). */
const char *mk_month_view_get_weekday  (MkMonthView *self,
                                        guint        column);
/* The column (0 = Monday … 6 = Sunday) of @day, -1 when the month lacks it. */
int         mk_month_view_get_day_column (MkMonthView *self,
                                          guint        day);

G_END_DECLS
