/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "mk-clock.h"
#include "mk-types.h"

#include <stdio.h>
#include <string.h>

/* Kazakhstan moved to a single zone, UTC+5, on 1 March 2024. */
#define KZ_UTC_OFFSET (5 * 3600)
#define SECONDS_PER_DAY 86400
/* Julian day number (GDate's, 1 = 1 January 1) of 1 January 1970. */
#define UNIX_EPOCH_JULIAN 719163

struct _MkClock
{
  GObject parent_instance;
  gint64  pinned;          /* the pinned moment (Unix time), 0: not pinned */
  gint64  pinned_since;    /* monotonic µs when it was pinned */
  GMutex  lock;            /* read from worker threads (documents, reports) */
};

G_DEFINE_FINAL_TYPE (MkClock, mk_clock, G_TYPE_OBJECT)

static void
mk_clock_finalize (GObject *object)
{
  g_mutex_clear (&MK_CLOCK (object)->lock);
  G_OBJECT_CLASS (mk_clock_parent_class)->finalize (object);
}

static void
mk_clock_class_init (MkClockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mk_clock_finalize;
}

static void
mk_clock_init (MkClock *self)
{
  g_mutex_init (&self->lock);
}

MkClock *
mk_clock_new (void)
{
  return g_object_new (MK_TYPE_CLOCK, NULL);
}

GTimeZone *
mk_clock_time_zone (void)
{
  return g_time_zone_new_offset (KZ_UTC_OFFSET);
}

void
mk_clock_date_of (gint64  unix_time,
                  GDate  *date)
{
  gint64 local = unix_time + KZ_UTC_OFFSET;
  /* Floor division: times before 1970 stay on their own day. */
  gint64 days = local >= 0 ? local / SECONDS_PER_DAY : -((-local + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY);

  g_date_clear (date, 1);
  g_date_set_julian (date, (guint32) (days + UNIX_EPOCH_JULIAN));
}

GDateTime *
mk_clock_local_time (gint64 unix_time)
{
  g_autoptr(GTimeZone) tz = mk_clock_time_zone ();
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_to_timezone (utc, tz);
}

char *
mk_clock_format (gint64      unix_time,
                 const char *lang)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *day = NULL;
  GDate date;

  if (unix_time == 0)
    return g_strdup ("");
  local = mk_clock_local_time (unix_time);
  if (local == NULL)
    return g_strdup ("");
  mk_clock_date_of (unix_time, &date);
  day = mk_date_format_long (&date, lang);
  return g_strdup_printf ("%s %02d:%02d", day, g_date_time_get_hour (local),
                          g_date_time_get_minute (local));
}

gint64
mk_clock_midnight_of (const GDate *date)
{
  return ((gint64) g_date_get_julian (date) - UNIX_EPOCH_JULIAN) * SECONDS_PER_DAY - KZ_UTC_OFFSET;
}

gint64
mk_clock_noon_of (const GDate *date)
{
  return mk_clock_midnight_of (date) + 12 * 3600;
}

gint64
mk_clock_now (MkClock *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 pinned, since;

  g_return_val_if_fail (MK_IS_CLOCK (self), now);

  g_mutex_lock (&self->lock);
  pinned = self->pinned;
  since = self->pinned_since;
  g_mutex_unlock (&self->lock);
  if (pinned == 0)
    return now;
  /* The pinned clock runs on, so events still follow each other in time. */
  return pinned + (g_get_monotonic_time () - since) / G_USEC_PER_SEC;
}

void
mk_clock_today (MkClock *self,
                GDate   *today)
{
  g_return_if_fail (MK_IS_CLOCK (self));

  mk_clock_date_of (mk_clock_now (self), today);
}

void
mk_clock_pin (MkClock *self,
              gint64   moment)
{
  g_return_if_fail (MK_IS_CLOCK (self));

  g_mutex_lock (&self->lock);
  self->pinned = moment;
  self->pinned_since = g_get_monotonic_time ();
  g_mutex_unlock (&self->lock);
}

void
mk_clock_pin_today (MkClock     *self,
                    const GDate *today)
{
  g_return_if_fail (MK_IS_CLOCK (self));

  if (today != NULL && g_date_valid (today))
    mk_clock_pin (self, mk_clock_midnight_of (today) + MK_CLOCK_PINNED_HOUR * 3600);
  else
    mk_clock_pin (self, 0);
}

gboolean
mk_clock_is_pinned (MkClock *self)
{
  gboolean pinned;

  g_return_val_if_fail (MK_IS_CLOCK (self), FALSE);

  g_mutex_lock (&self->lock);
  pinned = self->pinned != 0;
  g_mutex_unlock (&self->lock);
  return pinned;
}

gboolean
mk_clock_parse_moment (const char *text,
                       gint64     *moment)
{
  g_autofree char *day = NULL;
  const char *time = NULL;
  guint hour = MK_CLOCK_PINNED_HOUR, minute = 0;
  GDate date;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (moment != NULL, FALSE);

  if (strlen (text) > 10)
    {
      char sep = text[10];
      char end;

      if ((sep != 'T' && sep != ' ') || strlen (text) != 16)
        return FALSE;
      time = text + 11;
      if (!g_ascii_isdigit (time[0]) || !g_ascii_isdigit (time[1]) || time[2] != ':'
          || !g_ascii_isdigit (time[3]) || !g_ascii_isdigit (time[4])
          || sscanf (time, "%2u:%2u%c", &hour, &minute, &end) != 2 || hour > 23 || minute > 59)
        return FALSE;
    }
  day = g_strndup (text, 10);
  if (!mk_date_parse_iso (day, &date))
    return FALSE;
  *moment = mk_clock_midnight_of (&date) + hour * 3600 + minute * 60;
  return TRUE;
}
