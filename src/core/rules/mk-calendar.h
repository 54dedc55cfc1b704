/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Kazakhstan's working-day calendar as data by year (§7, §16). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MK_CALENDAR_ERROR (mk_calendar_error_quark ())
GQuark mk_calendar_error_quark (void);

typedef enum {
  MK_CALENDAR_ERROR_PARSE,
  MK_CALENDAR_ERROR_INVALID,
} MkCalendarError;

typedef enum {
  MK_DAY_WORKING,             /* Monday–Friday, no holiday */
  MK_DAY_WEEKEND,             /* Saturday or Sunday */
  MK_DAY_HOLIDAY,             /* public holiday */
  MK_DAY_RELIGIOUS,           /* religious day off (does not move) */
  MK_DAY_MOVED_OFF,           /* day off moved from a holiday on a weekend */
  MK_DAY_TRANSFERRED_OFF,     /* day off by a government transfer */
  MK_DAY_TRANSFERRED_WORKING, /* Saturday/Sunday made a working day by a transfer */
} MkDayKind;

typedef struct {
  GDate     date;
  MkDayKind kind;
  char     *name_kk;
  char     *name_ru;
} MkCalendarDay;

void mk_calendar_day_free (MkCalendarDay *day);
/* Ids of the kinds as written in the calendar files ("holiday", "moved-off", …). */
const char *mk_day_kind_to_id   (MkDayKind   kind);
gboolean    mk_day_kind_from_id (const char *id,
                                 MkDayKind  *kind);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkCalendarDay, mk_calendar_day_free)

#define MK_TYPE_CALENDAR (mk_calendar_get_type ())
G_DECLARE_FINAL_TYPE (MkCalendar, mk_calendar, MK, CALENDAR, GObject)

MkCalendar *mk_calendar_new              (void);
/* The recurring holidays of the law (data/calendar/rules.ini) and no year
 * held as data: every year is generated from them (§7). */
MkCalendar *mk_calendar_new_with_rules   (GError **error);
/* The rules and the shipped calendar (2024–2027) from the core's resources. */
MkCalendar *mk_calendar_new_default      (GError **error);

/* Loads years from the calendar key file format (see data/calendar/);
 * a year present in the data replaces that year wholly. */
gboolean    mk_calendar_load_data        (MkCalendar  *self,
                                          const char  *data,
                                          gssize       length,
                                          GError     **error);
gboolean    mk_calendar_load_file        (MkCalendar  *self,
                                          const char  *path,
                                          GError     **error);
/* Loads the recurring holidays (data/calendar/rules.ini format), replacing
 * the former rules. Years not held explicitly are generated from them. */
gboolean    mk_calendar_load_rules       (MkCalendar  *self,
                                          const char  *data,
                                          gssize       length,
                                          GError     **error);
/* What the rules alone give for @year: the fixed holidays and the days off
 * moved from them (MkCalendarDay*, sorted). Variable religious days (Kurban
 * Ait) cannot be generated, so a generated year lacks them. */
GPtrArray  *mk_calendar_generate_year    (MkCalendar  *self,
                                          int          year);
/* The years @self holds explicitly (sorted), and one year in the same format. */
GArray     *mk_calendar_get_years        (MkCalendar  *self);
gboolean    mk_calendar_has_year         (MkCalendar  *self,
                                          int          year);
char       *mk_calendar_dump_year        (MkCalendar  *self,
                                          int          year);

/* Every day of @year that is not an ordinary Monday–Friday working day or
 * ordinary weekend: holidays, days off, transferred days (MkCalendarDay*). */
GPtrArray  *mk_calendar_list_special_days (MkCalendar *self,
                                           int         year);
/* §16: the center is open from @first to @last in a week (the regulation's
 * center-first-weekday and center-last-weekday), except days off. */
void        mk_calendar_set_center_week  (MkCalendar   *self,
                                          GDateWeekday  first,
                                          GDateWeekday  last);
void        mk_calendar_get_center_week  (MkCalendar   *self,
                                          GDateWeekday *first,
                                          GDateWeekday *last);
/* @year becomes data with no special day; mk_calendar_set_day() then lists
 * its days. Not to be called while other threads look days up. */
void        mk_calendar_clear_year       (MkCalendar  *self,
                                          int          year);
void        mk_calendar_set_day          (MkCalendar  *self,
                                          const GDate *date,
                                          MkDayKind    kind,
                                          const char  *name_kk,
                                          const char  *name_ru);

MkDayKind   mk_calendar_day_kind         (MkCalendar  *self,
                                          const GDate *date);
gboolean    mk_calendar_is_working_day   (MkCalendar  *self,
                                          const GDate *date);
/* §16: centers are open Monday–Saturday, except days off and holidays. */
gboolean    mk_calendar_is_center_open   (MkCalendar  *self,
                                          const GDate *date);
/* Moves @date forward to the @n-th working day after it (n ≥ 1). */
void        mk_calendar_add_working_days (MkCalendar  *self,
                                          GDate       *date,
                                          guint        n);
/* Moves @date forward to the first center-open day after it. */
void        mk_calendar_next_center_open (MkCalendar  *self,
                                          GDate       *date);
/* Working days strictly after @from up to and including @to (negative if @to < @from). */
int         mk_calendar_working_days_between (MkCalendar  *self,
                                              const GDate *from,
                                              const GDate *to);

G_END_DECLS
