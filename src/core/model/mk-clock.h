/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one clock of the application: Kazakhstan time (one zone, UTC+5, since
 * 2024), whatever zone the PC is set to. The store owns it and the context
 * hands it to every window; tests, demo data and screenshots pin it. */
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

/* The time of day a pinned day starts at: 11:00, when the center is open
 * (§16), so that nothing a test or the demo does depends on the real hour. */
#define MK_CLOCK_PINNED_HOUR 11

/* Now as Unix time; pinned, the pinned moment and the real time elapsed since. */
gint64      mk_clock_now            (MkClock     *self);
/* Today: the date of mk_clock_now() in Kazakhstan. */
void        mk_clock_today          (MkClock     *self,
                                     GDate       *today);
/* Pins now to @moment (Unix time), from which the clock runs on in real
 * time; 0: the real time again. */
void        mk_clock_pin            (MkClock     *self,
                                     gint64       moment);
/* Pins now to @today at MK_CLOCK_PINNED_HOUR:00 (NULL or invalid: the real
 * time again). */
void        mk_clock_pin_today      (MkClock     *self,
                                     const GDate *today);
gboolean    mk_clock_is_pinned      (MkClock     *self);
/* Reads "YYYY-MM-DD" (that day at MK_CLOCK_PINNED_HOUR:00) or
 * "YYYY-MM-DDTHH:MM" / "YYYY-MM-DD HH:MM" as a moment in Kazakhstan, for
 * the development options that pin the clock. */
gboolean    mk_clock_parse_moment   (const char  *text,
                                     gint64      *moment);

G_END_DECLS
