/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one clock of the application: Kazakhstan time (one zone, UTC+5, since
 * 2024), whatever zone the PC is set to. The store owns it and the context
 * hands it to every window; tests and demo data pin the day. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MK_TYPE_CLOCK (mk_clock_get_type ())
G_DECLARE_FINAL_TYPE (MkClock, mk_clock, MK, CLOCK, GObject)

MkClock    *mk_clock_new            (void);
/* Kazakhstan's zone (transfer full). */
GTimeZone  *mk_clock_time_zone      (void);
/* @unix_time as a Kazakhstan date, or as a date and time (transfer full). */
void        mk_clock_date_of        (gint64       unix_time,
                                     GDate       *date);
GDateTime  *mk_clock_local_time     (gint64       unix_time);
/* @unix_time as Kazakhstan's date and time for people: "24 November 2026
 * 14:05" in @lang (NULL: the UI's), whatever zone the PC is set to; "" for 0. */
char       *mk_clock_format         (gint64       unix_time,
                                     const char  *lang);
/* Midnight (the start) and noon of @date in Kazakhstan, as Unix time. */
gint64      mk_clock_midnight_of    (const GDate *date);
gint64      mk_clock_noon_of        (const GDate *date);

/* Now as Unix time; on a pinned day, that day at the real time of day. */
gint64      mk_clock_now            (MkClock     *self);
void        mk_clock_today          (MkClock     *self,
                                     GDate       *today);
/* Pins today to @today (NULL or invalid: the real today again). */
void        mk_clock_pin_today      (MkClock     *self,
                                     const GDate *today);
gboolean    mk_clock_is_pinned      (MkClock     *self);

G_END_DECLS
