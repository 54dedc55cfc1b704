/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Kazakhstan's working-day calendar: yearly data files, recurring rules and O(1) day lookups. */

#define G_LOG_DOMAIN "mk-calendar"

#include "mk-calendar.h"
#include "mk-types.h"
#include "mk-file.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>

G_DEFINE_QUARK (mk-calendar-error-quark, mk_calendar_error)

/* Years the calendar can hold; outside them only weekends are known. */
#define FIRST_YEAR MK_DATE_FIRST_YEAR
#define LAST_YEAR  MK_DATE_LAST_YEAR
#define N_YEARS    (LAST_YEAR - FIRST_YEAR + 1)

#define RESOURCE_DIR   "/kz/mekenjai/core/calendar/"
#define RESOURCE_RULES RESOURCE_DIR "rules.ini"

/* Written at the top of every dumped year (and of the shipped files). */
static const char format_comment[] =
  "# Mekenjai working-day calendar of the Republic of Kazakhstan (§7, §16 of\n"
  "# the regulation). One group per year, [YYYY]; in it one line per day that is\n"
  "# not an ordinary day (Monday–Friday working, Saturday and Sunday off):\n"
  "#\n"
  "#   YYYY-MM-DD=KIND;Kazakh name;Russian name\n"
  "#\n"
  "# KIND is one of\n"
  "#   holiday              public holiday (Law «О праздниках в Республике Казахстан»)\n"
  "#   religious            religious day off; it never moves\n"
  "#   moved-off            Monday–Friday off instead of a holiday on Saturday or Sunday\n"
  "#   transferred-off      Monday–Friday off by a government transfer decree\n"
  "#   transferred-working  Saturday or Sunday worked by a government transfer decree\n"
  "#\n"
  "# The list of a year is complete: a day not listed is ordinary. Loading a year\n"
  "# replaces that year wholly. A ';' inside a name is written '\\;'.\n";

typedef struct {
  int        year;
  gboolean   explicit;   /* from data (TRUE) or generated from the rules */
  guint32    first_julian;
  guint      n_days;
  guint8     kinds[366]; /* MkDayKind by day of the year, for O(1) lookups */
  GPtrArray *special;    /* MkCalendarDay*, the days that are not ordinary */
} Year;

typedef struct {
  char      *id;
  GDateMonth month;
  GDateDay   day;
  MkDayKind  kind;       /* MK_DAY_HOLIDAY or MK_DAY_RELIGIOUS */
  gboolean   moves;
  int        first_year; /* 0: no bound */
  int        last_year;
  char      *name_kk;
  char      *name_ru;
} Rule;

struct _MkCalendar
{
  GObject    parent_instance;

  GMutex     lock;       /* serialises generating a year on first use */
  GDateWeekday center_first; /* §16: the center's week, from the regulation */
  GDateWeekday center_last;
  Year      *years[N_YEARS];
  GPtrArray *rules;      /* Rule* */
};

G_DEFINE_FINAL_TYPE (MkCalendar, mk_calendar, G_TYPE_OBJECT)

static const char * const day_kind_ids[] = {
  [MK_DAY_WORKING]             = "working",
  [MK_DAY_WEEKEND]             = "weekend",
  [MK_DAY_HOLIDAY]             = "holiday",
  [MK_DAY_RELIGIOUS]           = "religious",
  [MK_DAY_MOVED_OFF]           = "moved-off",
  [MK_DAY_TRANSFERRED_OFF]     = "transferred-off",
  [MK_DAY_TRANSFERRED_WORKING] = "transferred-working",
};

const char *
mk_day_kind_to_id (MkDayKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (day_kind_ids), NULL);
  return day_kind_ids[kind];
}

gboolean
mk_day_kind_from_id (const char *id,
                     MkDayKind  *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (day_kind_ids); i++)
    if (g_strcmp0 (day_kind_ids[i], id) == 0)
      {
        if (kind != NULL)
          *kind = (MkDayKind) i;
        return TRUE;
      }
  return FALSE;
}

void
mk_calendar_day_free (MkCalendarDay *day)
{
  if (day == NULL)
    return;
  g_free (day->name_kk);
  g_free (day->name_ru);
  g_free (day);
}

static MkCalendarDay *
calendar_day_new (const GDate *date,
                  MkDayKind    kind,
                  const char  *name_kk,
                  const char  *name_ru)
{
  MkCalendarDay *day = g_new0 (MkCalendarDay, 1);

  day->date = *date;
  day->kind = kind;
  day->name_kk = g_strdup (name_kk);
  day->name_ru = g_strdup (name_ru);
  return day;
}

static MkCalendarDay *
calendar_day_copy (const MkCalendarDay *day)
{
  return calendar_day_new (&day->date, day->kind, day->name_kk, day->name_ru);
}

static int
calendar_day_compare (gconstpointer a,
                      gconstpointer b)
{
  const MkCalendarDay *da = *(MkCalendarDay * const *) a;
  const MkCalendarDay *db = *(MkCalendarDay * const *) b;

  return g_date_compare (&da->date, &db->date);
}

static void
rule_free (Rule *rule)
{
  g_free (rule->id);
  g_free (rule->name_kk);
  g_free (rule->name_ru);
  g_free (rule);
}

/* GDate's julian day 1 (1 January of year 1) is a Monday. */
static inline GDateWeekday
julian_weekday (guint32 julian)
{
  return (GDateWeekday) (((julian - 1) % 7) + 1);
}

static inline gboolean
is_weekend (guint32 julian)
{
  return julian_weekday (julian) >= G_DATE_SATURDAY;
}

static guint32
julian_of (int        year,
           GDateMonth month,
           GDateDay   day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, (GDateYear) year);
  return g_date_get_julian (&date);
}

static gboolean
is_leap (int year)
{
  return g_date_is_leap_year ((GDateYear) year);
}

static Year *
year_new (int year)
{
  Year *y = g_new0 (Year, 1);

  y->year = year;
  y->first_julian = julian_of (year, G_DATE_JANUARY, 1);
  y->n_days = is_leap (year) ? 366 : 365;
  for (guint i = 0; i < y->n_days; i++)
    y->kinds[i] = is_weekend (y->first_julian + i) ? MK_DAY_WEEKEND : MK_DAY_WORKING;
  y->special = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_calendar_day_free);
  return y;
}

static void
year_free (Year *y)
{
  if (y == NULL)
    return;
  g_ptr_array_unref (y->special);
  g_free (y);
}

/* Sets one day; MK_DAY_WORKING or MK_DAY_WEEKEND makes it ordinary again. */
static void
year_set_day (Year        *y,
              const GDate *date,
              MkDayKind    kind,
              const char  *name_kk,
              const char  *name_ru)
{
  guint32 julian = g_date_get_julian (date);
  guint index = julian - y->first_julian;

  g_assert (index < y->n_days);

  for (guint i = 0; i < y->special->len; i++)
    {
      MkCalendarDay *day = g_ptr_array_index (y->special, i);

      if (g_date_compare (&day->date, date) == 0)
        {
          g_ptr_array_remove_index (y->special, i);
          break;
        }
    }

  if (kind == MK_DAY_WORKING || kind == MK_DAY_WEEKEND)
    {
      y->kinds[index] = is_weekend (julian) ? MK_DAY_WEEKEND : MK_DAY_WORKING;
      return;
    }

  y->kinds[index] = (guint8) kind;
  g_ptr_array_add (y->special, calendar_day_new (date, kind, name_kk, name_ru));
  g_ptr_array_sort (y->special, calendar_day_compare);
}

/* The rules alone for @year: fixed holidays on their dates, then each
 * holiday that falls on Saturday or Sunday and may move gives a day off on
 * the next working day, skipping days already off. Religious days never move. */
static GPtrArray *
generate_days (GPtrArray *rules,
               int        year)
{
  GPtrArray *days = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_calendar_day_free);
  g_autoptr(GPtrArray) fixed = g_ptr_array_new ();  /* Rule*, the ones that apply */
  guint32 first = julian_of (year, G_DATE_JANUARY, 1);
  guint n_days = is_leap (year) ? 366 : 365;
  gboolean off[366];
  gboolean taken[366] = { FALSE, };

  for (guint i = 0; i < n_days; i++)
    off[i] = is_weekend (first + i);

  for (guint i = 0; i < rules->len; i++)
    {
      Rule *rule = g_ptr_array_index (rules, i);
      GDate date;
      guint index;

      if ((rule->first_year != 0 && year < rule->first_year) ||
          (rule->last_year != 0 && year > rule->last_year) ||
          !g_date_valid_dmy (rule->day, rule->month, (GDateYear) year))
        continue;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, rule->day, rule->month, (GDateYear) year);
      index = g_date_get_julian (&date) - first;
      /* Two rules on one date: the first listed wins. */
      if (taken[index])
        continue;
      taken[index] = TRUE;
      off[index] = TRUE;
      g_ptr_array_add (fixed, rule);
      g_ptr_array_add (days, calendar_day_new (&date, rule->kind, rule->name_kk, rule->name_ru));
    }

  g_ptr_array_sort (days, calendar_day_compare);

  /* Moves are assigned in date order, so 21 and 22 March on a weekend
   * take the first and the second free weekday after 23 March. */
  for (guint i = 0, n_fixed = days->len; i < n_fixed; i++)
    {
      MkCalendarDay *holiday = g_ptr_array_index (days, i);
      guint32 julian = g_date_get_julian (&holiday->date);
      gboolean moves = FALSE;
      guint k;

      for (guint r = 0; r < fixed->len; r++)
        {
          Rule *rule = g_ptr_array_index (fixed, r);

          if (rule->month == g_date_get_month (&holiday->date) &&
              rule->day == g_date_get_day (&holiday->date))
            {
              moves = rule->moves;
              break;
            }
        }
      if (!moves || !is_weekend (julian))
        continue;

      for (k = julian - first + 1; k < n_days && off[k]; k++)
        ;
      /* A move past 31 December is not generated: list it in the next year's file. */
      if (k >= n_days)
        continue;

      off[k] = TRUE;
      {
        GDate moved;
        g_autofree char *kk = g_strdup_printf ("Ауыстырылған демалыс күні: %s", holiday->name_kk);
        g_autofree char *ru = g_strdup_printf ("Перенесённый выходной: %s", holiday->name_ru);

        g_date_clear (&moved, 1);
        g_date_set_julian (&moved, first + k);
        g_ptr_array_add (days, calendar_day_new (&moved, MK_DAY_MOVED_OFF, kk, ru));
      }
    }

  g_ptr_array_sort (days, calendar_day_compare);
  return days;
}

static Year *
year_generate (GPtrArray *rules,
               int        year)
{
  Year *y = year_new (year);
  g_autoptr(GPtrArray) days = generate_days (rules, year);

  for (guint i = 0; i < days->len; i++)
    {
      MkCalendarDay *day = g_ptr_array_index (days, i);

      y->kinds[g_date_get_julian (&day->date) - y->first_julian] = (guint8) day->kind;
      g_ptr_array_add (y->special, calendar_day_copy (day));
    }
  return y;
}

/* The data of @year, generated from the rules on first use. NULL outside
 * FIRST_YEAR..LAST_YEAR. Lookups from several threads are safe; loading
 * data while other threads look days up is not. */
static Year *
get_year (MkCalendar *self,
          int         year)
{
  Year *y;

  if (year < FIRST_YEAR || year > LAST_YEAR)
    return NULL;

  y = g_atomic_pointer_get (&self->years[year - FIRST_YEAR]);
  if (G_LIKELY (y != NULL))
    return y;

  g_mutex_lock (&self->lock);
  y = self->years[year - FIRST_YEAR];
  if (y == NULL)
    {
      y = year_generate (self->rules, year);
      g_atomic_pointer_set (&self->years[year - FIRST_YEAR], y);
    }
  g_mutex_unlock (&self->lock);
  return y;
}

static Year *
get_year_for_julian (MkCalendar *self,
                     guint32     julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return get_year (self, g_date_get_year (&date));
}

/* O(1) and allocation-free once the year exists; @hint caches the year of the
 * previous lookup so that walking day by day stays inside one array. */
static inline MkDayKind
kind_at (MkCalendar *self,
         guint32     julian,
         Year      **hint)
{
  Year *y = *hint;

  if (y == NULL || julian < y->first_julian || julian >= y->first_julian + y->n_days)
    {
      y = get_year_for_julian (self, julian);
      *hint = y;
      if (y == NULL)
        return is_weekend (julian) ? MK_DAY_WEEKEND : MK_DAY_WORKING;
    }
  return (MkDayKind) y->kinds[julian - y->first_julian];
}

static inline gboolean
kind_is_working (MkDayKind kind)
{
  return kind == MK_DAY_WORKING || kind == MK_DAY_TRANSFERRED_WORKING;
}

/* §16: the days of the center's week (Monday–Saturday), except days off and
 * holidays; a weekend day the government made a working day as well. */
static inline gboolean
kind_is_center_open (MkCalendar *self,
                     MkDayKind   kind,
                     guint32     julian)
{
  GDateWeekday weekday = julian_weekday (julian);

  if (weekday >= self->center_first && weekday <= self->center_last)
    return kind_is_working (kind) || kind == MK_DAY_WEEKEND;
  return kind == MK_DAY_TRANSFERRED_WORKING;
}

static void
mk_calendar_finalize (GObject *object)
{
  MkCalendar *self = MK_CALENDAR (object);

  for (guint i = 0; i < N_YEARS; i++)
    g_clear_pointer (&self->years[i], year_free);
  g_clear_pointer (&self->rules, g_ptr_array_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (mk_calendar_parent_class)->finalize (object);
}

static void
mk_calendar_class_init (MkCalendarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mk_calendar_finalize;
}

static void
mk_calendar_init (MkCalendar *self)
{
  g_mutex_init (&self->lock);
  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  /* §16 as the shipped regulation has it, until a regulation says otherwise. */
  self->center_first = G_DATE_MONDAY;
  self->center_last = G_DATE_SATURDAY;
}

MkCalendar *
mk_calendar_new (void)
{
  return g_object_new (MK_TYPE_CALENDAR, NULL);
}

/* ---- Parsing ------------------------------------------------------------ */

static void set_error_at (GError    **error,
                          int         code,
                          const char *source,
                          int         line,
                          const char *format,
                          ...) G_GNUC_PRINTF (5, 6);

/* "kz-2026.ini:12: message", as compilers say it, so an administrator finds the line. */
static void
set_error_at (GError    **error,
              int         code,
              const char *source,
              int         line,
              const char *format,
              ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (line > 0)
    g_set_error (error, MK_CALENDAR_ERROR, code, "%s:%d: %s", source, line, message);
  else
    g_set_error (error, MK_CALENDAR_ERROR, code, "%s: %s", source, message);
}

/* Where each group and key is, for messages, plus the checks GKeyFile does
 * not make: a line that is not a group, key or comment, duplicates. */
typedef struct {
  const char *source;
  GHashTable *lines;   /* "group" or "group\nkey" → line number */
  GPtrArray  *groups;  /* group names in file order */
} Layout;

static void
layout_clear (Layout *layout)
{
  g_clear_pointer (&layout->lines, g_hash_table_unref);
  g_clear_pointer (&layout->groups, g_ptr_array_unref);
}

static int
layout_line (Layout     *layout,
             const char *group,
             const char *key)
{
  g_autofree char *k = key != NULL ? g_strconcat (group, "\n", key, NULL) : g_strdup (group);

  return GPOINTER_TO_INT (g_hash_table_lookup (layout->lines, k));
}

static gboolean
layout_scan (Layout      *layout,
             const char  *data,
             gsize        length,
             GError     **error)
{
  g_autofree char *text = g_strndup (data, length);
  g_auto(GStrv) lines = NULL;
  const char *group = NULL;

  layout->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  layout->groups = g_ptr_array_new_with_free_func (g_free);

  if (!g_utf8_validate (text, -1, NULL) || strlen (text) != length)
    {
      set_error_at (error, MK_CALENDAR_ERROR_PARSE, layout->source, 0, _("the file is not UTF-8 text"));
      return FALSE;
    }

  lines = g_strsplit (text, "\n", -1);
  for (int n = 0; lines[n] != NULL; n++)
    {
      char *line = g_strstrip (lines[n]);
      char *eq;

      if (line[0] == '\0' || line[0] == '#')
        continue;

      if (line[0] == '[')
        {
          size_t len = strlen (line);

          if (len < 3 || line[len - 1] != ']')
            {
              set_error_at (error, MK_CALENDAR_ERROR_PARSE, layout->source, n + 1,
                            _("“%s” is not a group header such as [2026]"), line);
              return FALSE;
            }
          line[len - 1] = '\0';
          if (g_hash_table_contains (layout->lines, line + 1))
            {
              set_error_at (error, MK_CALENDAR_ERROR_PARSE, layout->source, n + 1,
                            _("the group [%s] appears a second time"), line + 1);
              return FALSE;
            }
          g_hash_table_insert (layout->lines, g_strdup (line + 1), GINT_TO_POINTER (n + 1));
          g_ptr_array_add (layout->groups, g_strdup (line + 1));
          group = g_ptr_array_index (layout->groups, layout->groups->len - 1);
          continue;
        }

      eq = strchr (line, '=');
      if (eq == NULL)
        {
          set_error_at (error, MK_CALENDAR_ERROR_PARSE, layout->source, n + 1,
                        _("“%s” is neither a [group], a key=value line nor a # comment"), line);
          return FALSE;
        }
      if (group == NULL)
        {
          set_error_at (error, MK_CALENDAR_ERROR_PARSE, layout->source, n + 1,
                        _("the line “%s” comes before any [group]"), line);
          return FALSE;
        }

      *eq = '\0';
      g_strchomp (line);
      {
        char *k = g_strconcat (group, "\n", line, NULL);

        if (g_hash_table_contains (layout->lines, k))
          {
            set_error_at (error, MK_CALENDAR_ERROR_PARSE, layout->source, n + 1,
                          _("“%s” appears a second time in [%s]"), line, group);
            g_free (k);
            return FALSE;
          }
        g_hash_table_insert (layout->lines, k, GINT_TO_POINTER (n + 1));
      }
    }

  return TRUE;
}

static GKeyFile *
load_key_file (Layout      *layout,
               const char  *data,
               gssize       length,
               GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  gsize len = length < 0 ? strlen (data) : (gsize) length;

  if (!layout_scan (layout, data, len, error))
    return NULL;

  if (!g_key_file_load_from_data (kf, data, len, G_KEY_FILE_NONE, &local_error))
    {
      set_error_at (error, MK_CALENDAR_ERROR_PARSE, layout->source, 0, "%s", local_error->message);
      return NULL;
    }
  return g_steal_pointer (&kf);
}

static gboolean
parse_year_number (const char *text,
                   int        *year)
{
  if (strlen (text) != 4 || !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
      !g_ascii_isdigit (text[2]) || !g_ascii_isdigit (text[3]))
    return FALSE;
  *year = atoi (text);
  return *year >= FIRST_YEAR && *year <= LAST_YEAR;
}

static Year *
parse_year (GKeyFile    *kf,
            Layout      *layout,
            const char  *group,
            GError     **error)
{
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func ((GDestroyNotify) year_free);
  g_auto(GStrv) keys = NULL;
  Year *y;
  int year;

  if (!parse_year_number (group, &year))
    {
      set_error_at (error, MK_CALENDAR_ERROR_INVALID, layout->source, layout_line (layout, group, NULL),
                    _("the group [%s] is not a year from %d to %d"), group, FIRST_YEAR, LAST_YEAR);
      return NULL;
    }

  y = year_new (year);
  g_ptr_array_add (owned, y);
  y->explicit = TRUE;

  keys = g_key_file_get_keys (kf, group, NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      const char *key = keys[i];
      int line = layout_line (layout, group, key);
      g_auto(GStrv) fields = NULL;
      g_autoptr(GError) local_error = NULL;
      gsize n_fields = 0;
      MkDayKind kind;
      GDateWeekday weekday;
      GDate date;

      if (!mk_date_parse_iso (key, &date) || g_date_get_year (&date) != year)
        {
          set_error_at (error, MK_CALENDAR_ERROR_INVALID, layout->source, line,
                        _("“%s” is not a date of %d in the form YYYY-MM-DD"), key, year);
          return NULL;
        }

      fields = g_key_file_get_string_list (kf, group, key, &n_fields, &local_error);
      if (fields == NULL)
        {
          set_error_at (error, MK_CALENDAR_ERROR_PARSE, layout->source, line, "%s: %s", key, local_error->message);
          return NULL;
        }
      if (n_fields != 3 || fields[1][0] == '\0' || fields[2][0] == '\0')
        {
          set_error_at (error, MK_CALENDAR_ERROR_INVALID, layout->source, line,
                        _("%s must be given as KIND;Kazakh name;Russian name"), key);
          return NULL;
        }
      if (!mk_day_kind_from_id (fields[0], &kind) || kind == MK_DAY_WORKING || kind == MK_DAY_WEEKEND)
        {
          set_error_at (error, MK_CALENDAR_ERROR_INVALID, layout->source, line,
                        _("%s: unknown kind “%s” (holiday, religious, moved-off, transferred-off or transferred-working)"),
                        key, fields[0]);
          return NULL;
        }

      /* A day off is given instead of a working weekday, and a transfer makes
       * a weekend day work: anything else is a typing error in the date. */
      weekday = g_date_get_weekday (&date);
      if ((kind == MK_DAY_MOVED_OFF || kind == MK_DAY_TRANSFERRED_OFF) && weekday >= G_DATE_SATURDAY)
        {
          set_error_at (error, MK_CALENDAR_ERROR_INVALID, layout->source, line,
                        _("%s is a Saturday or Sunday, so it cannot be a “%s” day"), key, fields[0]);
          return NULL;
        }
      if (kind == MK_DAY_TRANSFERRED_WORKING && weekday < G_DATE_SATURDAY)
        {
          set_error_at (error, MK_CALENDAR_ERROR_INVALID, layout->source, line,
                        _("%s is a weekday, so it cannot be a “%s” day"), key, fields[0]);
          return NULL;
        }

      year_set_day (y, &date, kind, fields[1], fields[2]);
    }

  return g_ptr_array_steal_index (owned, 0);
}

static gboolean
load_years (MkCalendar  *self,
            const char  *data,
            gssize       length,
            const char  *source,
            GError     **error)
{
  Layout layout = { source, NULL, NULL };
  g_autoptr(GKeyFile) kf = NULL;
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) year_free);

  kf = load_key_file (&layout, data, length, error);
  if (kf == NULL)
    {
      layout_clear (&layout);
      return FALSE;
    }

  if (layout.groups->len == 0)
    {
      set_error_at (error, MK_CALENDAR_ERROR_INVALID, source, 0, _("there is no year group such as [2026]"));
      layout_clear (&layout);
      return FALSE;
    }

  /* Parse everything first: a file with one bad line changes nothing. */
  for (guint i = 0; i < layout.groups->len; i++)
    {
      Year *y = parse_year (kf, &layout, g_ptr_array_index (layout.groups, i), error);

      if (y == NULL)
        {
          layout_clear (&layout);
          return FALSE;
        }
      g_ptr_array_add (parsed, y);
    }
  layout_clear (&layout);

  g_mutex_lock (&self->lock);
  while (parsed->len > 0)
    {
      Year *y = g_ptr_array_steal_index (parsed, 0);
      guint slot = (guint) (y->year - FIRST_YEAR);

      year_free (self->years[slot]);
      g_atomic_pointer_set (&self->years[slot], y);
    }
  g_mutex_unlock (&self->lock);

  return TRUE;
}

gboolean
mk_calendar_load_data (MkCalendar  *self,
                       const char  *data,
                       gssize       length,
                       GError     **error)
{
  g_return_val_if_fail (MK_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return load_years (self, data, length, _("calendar data"), error);
}

gboolean
mk_calendar_load_file (MkCalendar  *self,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize length = 0;

  g_return_val_if_fail (MK_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A year's file is a few kilobytes; a megabyte is no calendar. */
  contents = mk_file_read (path, MK_FILE_MAX_SMALL, &local_error);
  if (contents == NULL)
    {
      set_error_at (error, MK_CALENDAR_ERROR_PARSE, path, 0, "%s", local_error->message);
      return FALSE;
    }
  data = g_bytes_get_data (contents, &length);
  return load_years (self, data, (gssize) length, path, error);
}

static gboolean
parse_month_day (const char *text,
                 GDateMonth *month,
                 GDateDay   *day)
{
  guint m, d;

  if (text == NULL || strlen (text) != 5 || text[2] != '-' ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
      !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return FALSE;
  m = (guint) g_ascii_digit_value (text[0]) * 10 + (guint) g_ascii_digit_value (text[1]);
  d = (guint) g_ascii_digit_value (text[3]) * 10 + (guint) g_ascii_digit_value (text[4]);
  /* 2000 is a leap year, so 02-29 is accepted and applies in leap years only. */
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, 2000))
    return FALSE;
  *month = (GDateMonth) m;
  *day = (GDateDay) d;
  return TRUE;
}

static Rule *
parse_rule (GKeyFile    *kf,
            Layout      *layout,
            const char  *group,
            GError     **error)
{
  static const char * const known_keys[] = {
    "date", "kind", "moves", "name-kk", "name-ru", "first-year", "last-year", NULL
  };
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) keys = g_key_file_get_keys (kf, group, NULL, NULL);
  g_autofree char *date = NULL;
  g_autofree char *kind = NULL;
  Rule *rule;

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_strv_contains (known_keys, keys[i]))
      {
        set_error_at (error, MK_CALENDAR_ERROR_INVALID, layout->source, layout_line (layout, group, keys[i]),
                      _("[%s]: unknown key “%s”"), group, keys[i]);
        return NULL;
      }

  for (guint i = 0; i < 5; i++)
    if (!g_key_file_has_key (kf, group, known_keys[i], NULL))
      {
        set_error_at (error, MK_CALENDAR_ERROR_INVALID, layout->source, layout_line (layout, group, NULL),
                      _("[%s]: the key “%s” is missing"), group, known_keys[i]);
        return NULL;
      }

  rule = g_new0 (Rule, 1);
  rule->id = g_strdup (group);

  date = g_key_file_get_string (kf, group, "date", NULL);
  if (!parse_month_day (date, &rule->month, &rule->day))
    {
      set_error_at (error, MK_CALENDAR_ERROR_INVALID, layout->source, layout_line (layout, group, "date"),
                    _("[%s]: date “%s” is not a day of the year in the form MM-DD"), group, date);
      goto fail;
    }

  kind = g_key_file_get_string (kf, group, "kind", NULL);
  if (!mk_day_kind_from_id (kind, &rule->kind) ||
      (rule->kind != MK_DAY_HOLIDAY && rule->kind != MK_DAY_RELIGIOUS))
    {
      set_error_at (error, MK_CALENDAR_ERROR_INVALID, layout->source, layout_line (layout, group, "kind"),
                    _("[%s]: kind “%s” must be holiday or religious"), group, kind);
      goto fail;
    }

  rule->moves = g_key_file_get_boolean (kf, group, "moves", &local_error);
  if (local_error != NULL)
    {
      set_error_at (error, MK_CALENDAR_ERROR_INVALID, layout->source, layout_line (layout, group, "moves"),
                    _("[%s]: moves must be true or false"), group);
      goto fail;
    }

  rule->name_kk = g_key_file_get_string (kf, group, "name-kk", NULL);
  rule->name_ru = g_key_file_get_string (kf, group, "name-ru", NULL);
  if (rule->name_kk == NULL || rule->name_kk[0] == '\0' || rule->name_ru == NULL || rule->name_ru[0] == '\0')
    {
      set_error_at (error, MK_CALENDAR_ERROR_INVALID, layout->source, layout_line (layout, group, NULL),
                    _("[%s]: the Kazakh and Russian names must not be empty"), group);
      goto fail;
    }

  for (guint i = 5; i < 7; i++)
    {
      g_autofree char *text = g_key_file_get_string (kf, group, known_keys[i], NULL);
      int year = 0;

      if (text == NULL)
        continue;
      if (!parse_year_number (text, &year))
        {
          set_error_at (error, MK_CALENDAR_ERROR_INVALID, layout->source, layout_line (layout, group, known_keys[i]),
                        _("[%s]: %s “%s” is not a year from %d to %d"), group, known_keys[i], text,
                        FIRST_YEAR, LAST_YEAR);
          goto fail;
        }
      if (i == 5)
        rule->first_year = year;
      else
        rule->last_year = year;
    }

  return rule;

fail:
  rule_free (rule);
  return NULL;
}

gboolean
mk_calendar_load_rules (MkCalendar  *self,
                        const char  *data,
                        gssize       length,
                        GError     **error)
{
  Layout layout = { _("calendar rules"), NULL, NULL };
  g_autoptr(GKeyFile) kf = NULL;
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);

  g_return_val_if_fail (MK_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kf = load_key_file (&layout, data, length, error);
  if (kf == NULL)
    {
      layout_clear (&layout);
      return FALSE;
    }

  for (guint i = 0; i < layout.groups->len; i++)
    {
      Rule *rule = parse_rule (kf, &layout, g_ptr_array_index (layout.groups, i), error);

      if (rule == NULL)
        {
          layout_clear (&layout);
          return FALSE;
        }
      g_ptr_array_add (rules, rule);
    }
  layout_clear (&layout);

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->rules, g_ptr_array_unref);
  self->rules = g_steal_pointer (&rules);
  /* Generated years came from the former rules: generate them again on use. */
  for (guint i = 0; i < N_YEARS; i++)
    if (self->years[i] != NULL && !self->years[i]->explicit)
      {
        year_free (self->years[i]);
        g_atomic_pointer_set (&self->years[i], NULL);
      }
  g_mutex_unlock (&self->lock);

  return TRUE;
}

MkCalendar *
mk_calendar_new_with_rules (GError **error)
{
  g_autoptr(MkCalendar) self = mk_calendar_new ();
  g_autoptr(GBytes) rules = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rules = g_resources_lookup_data (RESOURCE_RULES, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (rules == NULL ||
      !mk_calendar_load_rules (self, g_bytes_get_data (rules, NULL), (gssize) g_bytes_get_size (rules), error))
    return NULL;
  return g_steal_pointer (&self);
}

MkCalendar *
mk_calendar_new_default (GError **error)
{
  g_autoptr(MkCalendar) self = NULL;
  g_auto(GStrv) children = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = mk_calendar_new_with_rules (error);
  if (self == NULL)
    return NULL;

  /* Every kz-YYYY.ini in the resource: a new year needs only a new file. */
  children = g_resources_enumerate_children (RESOURCE_DIR, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (children == NULL)
    return NULL;
  for (guint i = 0; children[i] != NULL; i++)
    {
      g_autofree char *path = NULL;
      g_autoptr(GBytes) bytes = NULL;

      if (!g_str_has_prefix (children[i], "kz-") || !g_str_has_suffix (children[i], ".ini"))
        continue;
      path = g_strconcat (RESOURCE_DIR, children[i], NULL);
      bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (bytes == NULL ||
          !load_years (self, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), path, error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

/* ---- Years -------------------------------------------------------------- */

GArray *
mk_calendar_get_years (MkCalendar *self)
{
  GArray *years;

  g_return_val_if_fail (MK_IS_CALENDAR (self), NULL);

  years = g_array_new (FALSE, FALSE, sizeof (int));
  g_mutex_lock (&self->lock);
  for (int i = 0; i < N_YEARS; i++)
    if (self->years[i] != NULL && self->years[i]->explicit)
      {
        int year = FIRST_YEAR + i;

        g_array_append_val (years, year);
      }
  g_mutex_unlock (&self->lock);
  return years;
}

gboolean
mk_calendar_has_year (MkCalendar *self,
                      int         year)
{
  Year *y;

  g_return_val_if_fail (MK_IS_CALENDAR (self), FALSE);

  if (year < FIRST_YEAR || year > LAST_YEAR)
    return FALSE;
  y = g_atomic_pointer_get (&self->years[year - FIRST_YEAR]);
  return y != NULL && y->explicit;
}

GPtrArray *
mk_calendar_list_special_days (MkCalendar *self,
                               int         year)
{
  GPtrArray *days;
  Year *y;

  g_return_val_if_fail (MK_IS_CALENDAR (self), NULL);

  days = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_calendar_day_free);
  y = get_year (self, year);
  if (y == NULL)
    return days;
  for (guint i = 0; i < y->special->len; i++)
    g_ptr_array_add (days, calendar_day_copy (g_ptr_array_index (y->special, i)));
  return days;
}

GPtrArray *
mk_calendar_generate_year (MkCalendar *self,
                           int         year)
{
  GPtrArray *days;

  g_return_val_if_fail (MK_IS_CALENDAR (self), NULL);
  g_return_val_if_fail (year >= FIRST_YEAR && year <= LAST_YEAR, NULL);

  g_mutex_lock (&self->lock);
  days = generate_days (self->rules, year);
  g_mutex_unlock (&self->lock);
  return days;
}

/* Escapes a name for a ';'-separated GKeyFile list value. */
static void
append_field (GString    *out,
              const char *text)
{
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (*p == ';' || *p == '\\')
        g_string_append_c (out, '\\');
      if (*p == '\n')
        g_string_append (out, "\\n");
      else if (p == text && *p == ' ')
        g_string_append (out, "\\s");
      else
        g_string_append_c (out, *p);
    }
}

char *
mk_calendar_dump_year (MkCalendar *self,
                       int         year)
{
  g_autoptr(GPtrArray) days = NULL;
  GString *out;

  g_return_val_if_fail (MK_IS_CALENDAR (self), NULL);
  g_return_val_if_fail (year >= FIRST_YEAR && year <= LAST_YEAR, NULL);

  days = mk_calendar_list_special_days (self, year);
  out = g_string_new (format_comment);
  if (!mk_calendar_has_year (self, year))
    g_string_append (out, "#\n# This year was generated from the recurring holidays only: add the\n"
                          "# religious days (Kurban Ait) and the transfers of the year's decree.\n");
  g_string_append_printf (out, "\n[%d]\n", year);
  for (guint i = 0; i < days->len; i++)
    {
      MkCalendarDay *day = g_ptr_array_index (days, i);
      g_autofree char *iso = mk_date_to_iso (&day->date);

      g_string_append_printf (out, "%s=%s;", iso, mk_day_kind_to_id (day->kind));
      append_field (out, day->name_kk);
      g_string_append_c (out, ';');
      append_field (out, day->name_ru);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

void
mk_calendar_set_day (MkCalendar  *self,
                     const GDate *date,
                     MkDayKind    kind,
                     const char  *name_kk,
                     const char  *name_ru)
{
  Year *y;

  g_return_if_fail (MK_IS_CALENDAR (self));
  g_return_if_fail (date != NULL && g_date_valid (date));
  g_return_if_fail (kind < G_N_ELEMENTS (day_kind_ids));

  y = get_year (self, g_date_get_year (date));
  g_return_if_fail (y != NULL);

  /* An edited year is data from then on, no longer derived from the rules. */
  g_mutex_lock (&self->lock);
  y->explicit = TRUE;
  year_set_day (y, date, kind, name_kk, name_ru);
  g_mutex_unlock (&self->lock);
}

void
mk_calendar_clear_year (MkCalendar *self,
                        int         year)
{
  Year *old;
  Year *y;

  g_return_if_fail (MK_IS_CALENDAR (self));
  g_return_if_fail (year >= FIRST_YEAR && year <= LAST_YEAR);

  /* A year kept as data starts with no special day: what the rules would
   * generate must not linger beside the listed days. */
  y = year_new (year);
  y->explicit = TRUE;
  g_mutex_lock (&self->lock);
  old = self->years[year - FIRST_YEAR];
  g_atomic_pointer_set (&self->years[year - FIRST_YEAR], y);
  g_mutex_unlock (&self->lock);
  year_free (old);
}

void
mk_calendar_set_center_week (MkCalendar   *self,
                             GDateWeekday  first,
                             GDateWeekday  last)
{
  g_return_if_fail (MK_IS_CALENDAR (self));
  g_return_if_fail (g_date_valid_weekday (first) && g_date_valid_weekday (last) && first <= last);

  self->center_first = first;
  self->center_last = last;
}

void
mk_calendar_get_center_week (MkCalendar   *self,
                             GDateWeekday *first,
                             GDateWeekday *last)
{
  g_return_if_fail (MK_IS_CALENDAR (self));

  *first = self->center_first;
  *last = self->center_last;
}

/* ---- Lookups ------------------------------------------------------------ */

MkDayKind
mk_calendar_day_kind (MkCalendar  *self,
                      const GDate *date)
{
  Year *hint = NULL;

  g_return_val_if_fail (MK_IS_CALENDAR (self), MK_DAY_WORKING);
  g_return_val_if_fail (date != NULL && g_date_valid (date), MK_DAY_WORKING);

  return kind_at (self, g_date_get_julian (date), &hint);
}

gboolean
mk_calendar_is_working_day (MkCalendar  *self,
                            const GDate *date)
{
  return kind_is_working (mk_calendar_day_kind (self, date));
}

gboolean
mk_calendar_is_center_open (MkCalendar  *self,
                            const GDate *date)
{
  Year *hint = NULL;
  guint32 julian;

  g_return_val_if_fail (MK_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  julian = g_date_get_julian (date);
  return kind_is_center_open (self, kind_at (self, julian, &hint), julian);
}

void
mk_calendar_add_working_days (MkCalendar *self,
                              GDate      *date,
                              guint       n)
{
  Year *hint = NULL;
  guint32 julian;

  g_return_if_fail (MK_IS_CALENDAR (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  julian = g_date_get_julian (date);
  while (n > 0)
    {
      julian++;
      if (kind_is_working (kind_at (self, julian, &hint)))
        n--;
    }
  g_date_set_julian (date, julian);
}

void
mk_calendar_next_center_open (MkCalendar *self,
                              GDate      *date)
{
  Year *hint = NULL;
  guint32 julian;

  g_return_if_fail (MK_IS_CALENDAR (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  julian = g_date_get_julian (date) + 1;
  while (!kind_is_center_open (self, kind_at (self, julian, &hint), julian))
    julian++;
  g_date_set_julian (date, julian);
}

int
mk_calendar_working_days_between (MkCalendar  *self,
                                  const GDate *from,
                                  const GDate *to)
{
  Year *hint = NULL;
  guint32 a, b;
  int count = 0;

  g_return_val_if_fail (MK_IS_CALENDAR (self), 0);
  g_return_val_if_fail (from != NULL && g_date_valid (from), 0);
  g_return_val_if_fail (to != NULL && g_date_valid (to), 0);

  a = g_date_get_julian (from);
  b = g_date_get_julian (to);
  if (b < a)
    return -mk_calendar_working_days_between (self, to, from);

  for (guint32 j = a + 1; j <= b; j++)
    if (kind_is_working (kind_at (self, j, &hint)))
      count++;
  return count;
}
