/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report of a period (#12) as a bilingual A4 PDF with its charts, and as
 * an Excel workbook (libxlsxwriter). Printed text is Kazakh and Russian only. */
#define G_LOG_DOMAIN "mk-report-document"

#include "mk-report-document.h"
#include "mk-document.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <xlsxwriter.h>

#define PAGE_WIDTH    595.276
#define PAGE_HEIGHT   841.890
#define MARGIN_LEFT   56.0
#define MARGIN_RIGHT  42.0
#define MARGIN_TOP    48.0
#define MARGIN_BOTTOM 48.0
#define CONTENT_WIDTH (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)

#define FONT_TITLE   "DejaVu Serif Bold 13"
#define FONT_HEAD    "DejaVu Sans Bold 9.5"
#define FONT_TABLE   "DejaVu Sans 8.5"
#define FONT_TABLE_B "DejaVu Sans Bold 8"
#define FONT_SMALL   "DejaVu Sans 7"

/* Kazakh, Russian. */
typedef struct { const char *kk, *ru; } Words;

static const Words result_names[MK_REPORT_N_RESULTS] = {
  { "Анықтама", "Справка" },
  { "Дәлелді бас тарту", "Мотивированный отказ" },
  { "Қабылдаудан бас тартылды", "Отказано в приёме" },
  { "Қателерді түзету үшін қайтарылды", "Возвращено для устранения ошибок" },
  { "Орындалуда", "В работе" },
};

static const Words w_title = { "Мемлекеттік қызметті көрсету туралы есеп",
                               "Отчёт об оказании государственной услуги" };
static const Words w_period = { "Кезең", "Период" };
static const Words w_office = { "Бөлімше", "Подразделение" };
static const Words w_all_offices = { "Барлық бөлімшелер", "Все подразделения" };
static const Words w_as_of = { "Жағдай бойынша", "По состоянию на" };
static const Words w_figure = { "Көрсеткіш", "Показатель" };
static const Words w_value = { "Саны", "Количество" };
static const Words w_total = { "Өтініштер барлығы", "Всего заявлений" };
static const Words w_on_time = { "Мерзімінде (§7)", "В срок (§7)" };
static const Words w_late = { "Мерзімі бұзылып (§7)", "С нарушением срока (§7)" };
static const Words w_provider_on_time = { "Орталыққа мерзімінде (§20)", "В ЦОН в срок (§20)" };
static const Words w_provider_late = { "Орталыққа кешігіп (§20)", "В ЦОН с опозданием (§20)" };
static const Words w_stage = { "Саты", "Этап" };
static const Words w_cases = { "Істер", "Дел" };
static const Words w_median = { "Медиана, күн", "Медиана, дней" };
static const Words w_longest = { "Ең ұзақ, күн", "Наибольшее, дней" };
static const Words w_longest_case = { "Ең ұзақ іс", "Самое долгое дело" };
static const Words w_now = { "Қазір", "Сейчас" };
static const Words w_overdue = { "Қазір мерзімі өткен істер", "Просроченные дела сейчас" };
static const Words w_regno = { "Тіркеу нөмірі", "Регистрационный номер" };
static const Words w_kind = { "Қызмет түрі", "Вид услуги" };
static const Words w_due = { "Мерзімі", "Срок" };
static const Words w_days_late = { "Кешігу, жұмыс күні", "Просрочка, рабочих дней" };
static const Words w_executors = { "Орындаушылар", "Исполнители" };
static const Words w_executor = { "Орындаушы", "Исполнитель" };
static const Words w_in_hand = { "Жұмыста", "В работе" };
static const Words w_done = { "Орындалды", "Исполнено" };
static const Words w_exec_late = { "Кешіктірілді", "С опозданием" };
static const Words w_not_taken = { "Әлі ешкім алмаған", "Ещё не взято" };
static const Words w_week = { "Апта (дүйсенбі)", "Неделя (понедельник)" };
static const Words w_month = { "Ай", "Месяц" };
static const Words w_share = { "Мерзімінде үлесі", "Доля в срок" };
static const Words w_target = { "Мақсат", "Цель" };
static const Words w_chart_weeks = { "Апталар бойынша өтініштер, түрлері бойынша",
                                     "Заявления по неделям, по видам услуги" };
static const Words w_chart_months = { "Айлар бойынша мерзімінде орындалу үлесі (§7)",
                                      "Доля исполненных в срок по месяцам (§7)" };
static const Words w_chart_stages = { "Қазір саты бойынша істер", "Дела по этапам сейчас" };
static const Words w_more = { "тағы", "ещё" };

const char *
mk_report_result_name_lang (MkReportResult  result,
                            const char     *lang)
{
  g_return_val_if_fail (result < MK_REPORT_N_RESULTS, NULL);
  return g_strcmp0 (lang, "ru") == 0 ? result_names[result].ru : result_names[result].kk;
}

static char *
both (const Words *w)
{
  return g_strdup_printf ("%s / %s", w->kk, w->ru);
}

static const char *
stage_name (MkRegulation *regulation,
            const char   *id,
            const char   *lang)
{
  const MkStage *stage = mk_regulation_get_stage (regulation, id);

  return stage != NULL ? mk_text_get_lang (&stage->name, lang) : id;
}

static char *
stage_both (MkRegulation *regulation,
            const char   *id)
{
  return g_strdup_printf ("%s / %s", stage_name (regulation, id, "kk"), stage_name (regulation, id, "ru"));
}

static char *
kind_both (MkServiceKind kind)
{
  return g_strdup_printf ("%s / %s", mk_service_kind_name_lang (kind, "kk"), mk_service_kind_name_lang (kind, "ru"));
}

static char *
office_both (const MkOffice *office)
{
  if (office == NULL)
    return both (&w_all_offices);
  return g_strdup_printf ("%s / %s", mk_text_get_lang (&office->name, "kk"), mk_text_get_lang (&office->name, "ru"));
}

static char *
date_dmy (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return g_strdup ("");
  return g_strdup_printf ("%02u.%02u.%04u", g_date_get_day (date), g_date_get_month (date),
                          g_date_get_year (date));
}

static char *
days_text (double days)
{
  /* One decimal, a comma as both languages write it. */
  g_autofree char *s = g_strdup_printf ("%.1f", days);

  return g_strdelimit (g_steal_pointer (&s), ".", ',');
}

/* ---- PDF ---------------------------------------------------------------- */

typedef struct {
  cairo_t      *cr;
  PangoLayout  *layout;
  double        y;
} Page;

/* The colours of the four kinds, told apart in grey too (print). */
static const double kind_colors[MK_SERVICE_N_KINDS][3] = {
  { 0.16, 0.36, 0.63 }, { 0.90, 0.56, 0.13 }, { 0.30, 0.62, 0.32 }, { 0.62, 0.22, 0.22 },
};

static void
set_font (Page       *p,
          const char *font)
{
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (p->layout, desc);
  pango_font_description_free (desc);
}

/* Draws @text at (@x, @y) within @width; returns its height. */
static double
text_at (Page        *p,
         const char  *font,
         double       x,
         double       y,
         double       width,
         PangoAlignment align,
         const char  *text)
{
  int w, h;

  set_font (p, font);
  pango_layout_set_width (p->layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (p->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (p->layout, align);
  pango_layout_set_text (p->layout, text, -1);
  pango_layout_get_size (p->layout, &w, &h);
  cairo_set_source_rgb (p->cr, 0, 0, 0);
  cairo_move_to (p->cr, x, y);
  pango_cairo_show_layout (p->cr, p->layout);
  return (double) h / PANGO_SCALE;
}

static void
need (Page   *p,
      double  height)
{
  if (p->y + height <= PAGE_HEIGHT - MARGIN_BOTTOM)
    return;
  cairo_show_page (p->cr);
  p->y = MARGIN_TOP;
}

static void
heading (Page        *p,
         const Words *w)
{
  g_autofree char *text = both (w);

  need (p, 40);
  p->y += 8;
  p->y += text_at (p, FONT_HEAD, MARGIN_LEFT, p->y, CONTENT_WIDTH, PANGO_ALIGN_LEFT, text) + 4;
}

/* One table row: @n cells of @widths (fractions of the content width), the
 * first left-aligned, the rest right-aligned. */
static void
row (Page               *p,
     gboolean            bold,
     guint               n,
     const double       *widths,
     const char *const  *cells)
{
  double x = MARGIN_LEFT, height = 0;

  /* Measure first, so that a row never breaks over a page. */
  for (guint pass = 0; pass < 2; pass++)
    {
      x = MARGIN_LEFT;
      if (pass == 1)
        {
          need (p, height + 4);
          if (bold)
            {
              cairo_set_source_rgb (p->cr, 0.92, 0.92, 0.92);
              cairo_rectangle (p->cr, MARGIN_LEFT, p->y, CONTENT_WIDTH, height + 4);
              cairo_fill (p->cr);
            }
        }
      for (guint i = 0; i < n; i++)
        {
          double w = widths[i] * CONTENT_WIDTH;
          int lw, lh;

          set_font (p, bold ? FONT_TABLE_B : FONT_TABLE);
          pango_layout_set_width (p->layout, (int) ((w - 6) * PANGO_SCALE));
          pango_layout_set_wrap (p->layout, PANGO_WRAP_WORD_CHAR);
          pango_layout_set_alignment (p->layout, i == 0 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
          pango_layout_set_text (p->layout, cells[i] != NULL ? cells[i] : "", -1);
          pango_layout_get_size (p->layout, &lw, &lh);
          if (pass == 0)
            height = MAX (height, (double) lh / PANGO_SCALE);
          else
            {
              cairo_set_source_rgb (p->cr, 0, 0, 0);
              cairo_move_to (p->cr, x + 3, p->y + 2);
              pango_cairo_show_layout (p->cr, p->layout);
            }
          x += w;
        }
    }
  p->y += height + 4;
  cairo_set_source_rgb (p->cr, 0.7, 0.7, 0.7);
  cairo_set_line_width (p->cr, 0.4);
  cairo_move_to (p->cr, MARGIN_LEFT, p->y);
  cairo_line_to (p->cr, MARGIN_LEFT + CONTENT_WIDTH, p->y);
  cairo_stroke (p->cr);
}

static void
figure_row (Page        *p,
            const char  *label,
            guint        value)
{
  static const double widths[] = { 0.8, 0.2 };
  g_autofree char *number = g_strdup_printf ("%u", value);
  const char *cells[] = { label, number };

  row (p, FALSE, 2, widths, cells);
}

static void
figure_words (Page        *p,
              const Words *w,
              guint        value)
{
  g_autofree char *label = both (w);

  figure_row (p, label, value);
}

static void
axis_label (Page       *p,
            double      x,
            double      y,
            double      width,
            const char *text)
{
  text_at (p, FONT_SMALL, x, y, width, PANGO_ALIGN_CENTER, text);
}

static void
chart_frame (Page   *p,
             double  x,
             double  y,
             double  w,
             double  h)
{
  cairo_set_source_rgb (p->cr, 0.3, 0.3, 0.3);
  cairo_set_line_width (p->cr, 0.6);
  cairo_move_to (p->cr, x, y);
  cairo_line_to (p->cr, x, y + h);
  cairo_line_to (p->cr, x + w, y + h);
  cairo_stroke (p->cr);
}

static void
chart_weeks (Page           *p,
             const MkReport *report)
{
  double x0 = MARGIN_LEFT + 24, w = CONTENT_WIDTH - 24, h = 150, y0;
  guint max = 1, n = report->weeks->len;
  g_autofree char *top = NULL;
  double lx;

  heading (p, &w_chart_weeks);
  need (p, h + 50);
  y0 = p->y;
  for (guint i = 0; i < n; i++)
    {
      const MkReportWeek *wk = &g_array_index (report->weeks, MkReportWeek, i);
      guint sum = 0;

      for (int k = 0; k < MK_SERVICE_N_KINDS; k++)
        sum += wk->by_kind[k];
      max = MAX (max, sum);
    }
  top = g_strdup_printf ("%u", max);
  text_at (p, FONT_SMALL, MARGIN_LEFT, y0 - 3, 22, PANGO_ALIGN_RIGHT, top);
  text_at (p, FONT_SMALL, MARGIN_LEFT, y0 + h - 9, 22, PANGO_ALIGN_RIGHT, "0");
  for (guint i = 0; i < n; i++)
    {
      const MkReportWeek *wk = &g_array_index (report->weeks, MkReportWeek, i);
      double slot = w / n, bx = x0 + i * slot + slot * 0.15, bw = slot * 0.7, by = y0 + h;

      for (int k = 0; k < MK_SERVICE_N_KINDS; k++)
        {
          double bh = h * wk->by_kind[k] / max;

          cairo_set_source_rgb (p->cr, kind_colors[k][0], kind_colors[k][1], kind_colors[k][2]);
          cairo_rectangle (p->cr, bx, by - bh, bw, bh);
          cairo_fill (p->cr);
          by -= bh;
        }
      /* Every label when they fit, else every fourth. */
      if (n <= 14 || i % 4 == 0)
        {
          g_autofree char *label = g_strdup_printf ("%02u.%02u", g_date_get_day (&wk->monday),
                                                    g_date_get_month (&wk->monday));
          axis_label (p, x0 + i * slot - 10, y0 + h + 2, slot + 20, label);
        }
    }
  chart_frame (p, x0, y0, w, h);
  p->y = y0 + h + 16;
  lx = MARGIN_LEFT;
  for (int k = 0; k < MK_SERVICE_N_KINDS; k++)
    {
      g_autofree char *name = kind_both (k);

      cairo_set_source_rgb (p->cr, kind_colors[k][0], kind_colors[k][1], kind_colors[k][2]);
      cairo_rectangle (p->cr, lx, p->y + 3, 8, 8);
      cairo_fill (p->cr);
      text_at (p, FONT_SMALL, lx + 11, p->y + 1, CONTENT_WIDTH / 2 - 14, PANGO_ALIGN_LEFT, name);
      if (k % 2 == 1)
        {
          lx = MARGIN_LEFT;
          p->y += 12;
        }
      else
        lx += CONTENT_WIDTH / 2;
    }
}

static void
chart_months (Page           *p,
              const MkReport *report)
{
  double x0 = MARGIN_LEFT + 24, w = CONTENT_WIDTH - 24, h = 120, y0;
  guint n = report->months->len;
  gboolean started = FALSE;
  g_autofree char *target = NULL;

  heading (p, &w_chart_months);
  need (p, h + 30);
  y0 = p->y;
  text_at (p, FONT_SMALL, MARGIN_LEFT, y0 - 3, 22, PANGO_ALIGN_RIGHT, "100%");
  text_at (p, FONT_SMALL, MARGIN_LEFT, y0 + h - 9, 22, PANGO_ALIGN_RIGHT, "0%");
  /* The target: a dashed line. */
  cairo_set_source_rgb (p->cr, 0.62, 0.22, 0.22);
  cairo_set_line_width (p->cr, 0.8);
  cairo_set_dash (p->cr, (double[]) { 4, 3 }, 2, 0);
  cairo_move_to (p->cr, x0, y0 + h * (1 - report->target));
  cairo_line_to (p->cr, x0 + w, y0 + h * (1 - report->target));
  cairo_stroke (p->cr);
  cairo_set_dash (p->cr, NULL, 0, 0);
  target = g_strdup_printf ("%s / %s %.0f%%", w_target.kk, w_target.ru, report->target * 100);
  text_at (p, FONT_SMALL, x0 + w - 150, y0 + h * (1 - report->target) + 2, 150, PANGO_ALIGN_RIGHT, target);

  for (guint i = 0; i < n; i++)
    {
      const MkReportMonth *m = &g_array_index (report->months, MkReportMonth, i);
      double slot = w / n;
      g_autofree char *label = g_strdup_printf ("%02u.%04u", g_date_get_month (&m->first),
                                                g_date_get_year (&m->first));

      axis_label (p, x0 + i * slot, y0 + h + 2, slot, label);
    }
  /* The line through the months that have judged cases, a dot on each. */
  cairo_set_source_rgb (p->cr, 0.16, 0.36, 0.63);
  cairo_set_line_width (p->cr, 1.6);
  for (guint pass = 0; pass < 2; pass++)
    {
      started = FALSE;
      for (guint i = 0; i < n; i++)
        {
          const MkReportMonth *m = &g_array_index (report->months, MkReportMonth, i);
          double cx = x0 + (i + 0.5) * w / n, cy;

          if (m->on_time + m->late == 0)
            continue;
          cy = y0 + h * (1 - (double) m->on_time / (m->on_time + m->late));
          if (pass == 1)
            {
              cairo_new_sub_path (p->cr);
              cairo_arc (p->cr, cx, cy, 2.4, 0, 2 * G_PI);
              cairo_fill (p->cr);
            }
          else if (started)
            cairo_line_to (p->cr, cx, cy);
          else
            cairo_move_to (p->cr, cx, cy);
          started = TRUE;
        }
      if (pass == 0)
        cairo_stroke (p->cr);
    }
  cairo_new_path (p->cr);
  chart_frame (p, x0, y0, w, h);
  p->y = y0 + h + 16;
}

static void
chart_stages (Page           *p,
              const MkReport *report,
              MkRegulation   *regulation)
{
  double label_w = 200, bar_w = CONTENT_WIDTH - label_w - 40;
  guint max = 1;

  heading (p, &w_chart_stages);
  for (guint i = 0; i < report->stages->len; i++)
    max = MAX (max, ((MkReportStage *) report->stages->pdata[i])->now);
  for (guint i = 0; i < report->stages->len; i++)
    {
      const MkReportStage *s = report->stages->pdata[i];
      g_autofree char *name = stage_both (regulation, s->stage);
      g_autofree char *count = g_strdup_printf ("%u", s->now);
      double bh;

      need (p, 22);
      bh = text_at (p, FONT_SMALL, MARGIN_LEFT, p->y, label_w - 4, PANGO_ALIGN_LEFT, name);
      cairo_set_source_rgb (p->cr, 0.16, 0.36, 0.63);
      cairo_rectangle (p->cr, MARGIN_LEFT + label_w, p->y + 1, bar_w * s->now / max, 8);
      cairo_fill (p->cr);
      text_at (p, FONT_SMALL, MARGIN_LEFT + label_w + bar_w * s->now / max + 3, p->y, 40,
               PANGO_ALIGN_LEFT, count);
      p->y += MAX (bh, 10) + 3;
    }
}

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
mk_report_render_pdf (const MkReport *report,
                      MkRegulation   *regulation,
                      const MkOffice *office,
                      GError        **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  Page p = { 0, };
  g_autofree char *title = both (&w_title);
  g_autofree char *from = date_dmy (&report->from);
  g_autofree char *to = date_dmy (&report->to);
  g_autofree char *today = date_dmy (&report->today);
  g_autofree char *office_name = office_both (office);
  g_autofree char *line = NULL;
  g_autofree char *h_figure = both (&w_figure);
  g_autofree char *h_value = both (&w_value);

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (regulation != NULL, NULL);

  surface = cairo_pdf_surface_create_for_stream (write_cb, out, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Mekenjai");
  p.cr = cairo_create (surface);
  p.layout = pango_cairo_create_layout (p.cr);
  p.y = MARGIN_TOP;

  p.y += text_at (&p, FONT_TITLE, MARGIN_LEFT, p.y, CONTENT_WIDTH, PANGO_ALIGN_CENTER, w_title.kk) + 2;
  p.y += text_at (&p, FONT_TITLE, MARGIN_LEFT, p.y, CONTENT_WIDTH, PANGO_ALIGN_CENTER, w_title.ru) + 10;
  line = g_strdup_printf ("%s / %s: %s – %s\n%s / %s: %s\n%s / %s: %s", w_period.kk, w_period.ru, from, to,
                          w_office.kk, w_office.ru, office_name, w_as_of.kk, w_as_of.ru, today);
  p.y += text_at (&p, FONT_TABLE, MARGIN_LEFT, p.y, CONTENT_WIDTH, PANGO_ALIGN_LEFT, line) + 6;

  {
    static const double widths[] = { 0.8, 0.2 };
    const char *cells[] = { h_figure, h_value };

    p.y += 4;
    row (&p, TRUE, 2, widths, cells);
  }
  figure_words (&p, &w_total, report->total);
  for (int k = 0; k < MK_SERVICE_N_KINDS; k++)
    {
      g_autofree char *name = kind_both (k);
      g_autofree char *label = g_strconcat ("    ", name, NULL);

      figure_row (&p, label, report->by_kind[k]);
    }
  for (int r = 0; r < MK_REPORT_N_RESULTS; r++)
    {
      g_autofree char *label = g_strdup_printf ("    %s / %s", result_names[r].kk, result_names[r].ru);

      figure_row (&p, label, report->by_result[r]);
    }
  figure_words (&p, &w_on_time, report->on_time);
  figure_words (&p, &w_late, report->late);
  figure_words (&p, &w_provider_on_time, report->provider_on_time);
  figure_words (&p, &w_provider_late, report->provider_late);

  heading (&p, &w_stage);
  {
    static const double widths[] = { 0.34, 0.1, 0.14, 0.14, 0.18, 0.1 };
    g_autofree char *h0 = both (&w_stage);
    g_autofree char *h1 = both (&w_cases);
    g_autofree char *h2 = both (&w_median);
    g_autofree char *h3 = both (&w_longest);
    g_autofree char *h4 = both (&w_longest_case);
    g_autofree char *h5 = both (&w_now);
    const char *head[] = { h0, h1, h2, h3, h4, h5 };

    row (&p, TRUE, 6, widths, head);
    for (guint i = 0; i < report->stages->len; i++)
      {
        const MkReportStage *s = report->stages->pdata[i];
        g_autofree char *name = stage_both (regulation, s->stage);
        g_autofree char *n = g_strdup_printf ("%u", s->n_cases);
        g_autofree char *median = s->n_cases > 0 ? days_text (s->median_days) : g_strdup ("—");
        g_autofree char *longest = s->n_cases > 0 ? days_text (s->longest_days) : g_strdup ("—");
        g_autofree char *now = g_strdup_printf ("%u", s->now);
        const char *cells[] = { name, n, median, longest, s->longest_regno, now };

        row (&p, FALSE, 6, widths, cells);
      }
  }

  heading (&p, &w_executors);
  {
    static const double widths[] = { 0.55, 0.15, 0.15, 0.15 };
    g_autofree char *h0 = both (&w_executor);
    g_autofree char *h1 = both (&w_in_hand);
    g_autofree char *h2 = both (&w_done);
    g_autofree char *h3 = both (&w_exec_late);
    const char *head[] = { h0, h1, h2, h3 };

    row (&p, TRUE, 4, widths, head);
    for (guint i = 0; i < report->executors->len; i++)
      {
        const MkReportExecutor *e = report->executors->pdata[i];
        g_autofree char *name = e->user_id != 0 ? g_strdup (e->name) : both (&w_not_taken);
        g_autofree char *a = g_strdup_printf ("%u", e->in_hand);
        g_autofree char *b = g_strdup_printf ("%u", e->done);
        g_autofree char *c = g_strdup_printf ("%u", e->late);
        const char *cells[] = { name, a, b, c };

        row (&p, FALSE, 4, widths, cells);
      }
  }

  chart_weeks (&p, report);
  chart_months (&p, report);
  chart_stages (&p, report, regulation);

  heading (&p, &w_overdue);
  {
    /* A long list is cut on paper; the workbook and the window hold all of it. */
    static const double widths[] = { 0.26, 0.3, 0.16, 0.28 };
    const guint shown = MIN (report->overdue->len, 200);
    g_autofree char *h0 = both (&w_regno);
    g_autofree char *h1 = both (&w_kind);
    g_autofree char *h2 = both (&w_due);
    g_autofree char *h3 = both (&w_days_late);
    const char *head[] = { h0, h1, h2, h3 };

    row (&p, TRUE, 4, widths, head);
    for (guint i = 0; i < shown; i++)
      {
        const MkReportCase *c = report->overdue->pdata[i];
        g_autofree char *kind = kind_both (c->kind);
        g_autofree char *due = date_dmy (&c->due);
        g_autofree char *late = g_strdup_printf ("%d", c->days_late);
        const char *cells[] = { c->regno, kind, due, late };

        row (&p, FALSE, 4, widths, cells);
      }
    if (shown < report->overdue->len)
      {
        g_autofree char *more = g_strdup_printf ("… %s %u / %s %u", w_more.kk, report->overdue->len - shown,
                                                 w_more.ru, report->overdue->len - shown);
        need (&p, 14);
        p.y += text_at (&p, FONT_TABLE, MARGIN_LEFT, p.y + 2, CONTENT_WIDTH, PANGO_ALIGN_LEFT, more);
      }
  }

  cairo_show_page (p.cr);
  g_object_unref (p.layout);
  cairo_destroy (p.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MK_DOCUMENT_ERROR, MK_DOCUMENT_ERROR_RENDER,
                   _("Could not draw the report: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* ---- Workbook ----------------------------------------------------------- */

typedef struct {
  lxw_format *head;
  lxw_format *date;
  lxw_format *days;
} Formats;

static void
xlsx_head (lxw_worksheet     *ws,
           const Formats     *f,
           guint              n,
           const Words *const *words)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = both (words[i]);

      worksheet_write_string (ws, 0, i, text, f->head);
      worksheet_set_column (ws, i, i, i == 0 ? 40 : 18, NULL);
    }
  worksheet_freeze_panes (ws, 1, 0);
}

static void
xlsx_date (lxw_worksheet *ws,
           guint          r,
           guint          c,
           const GDate   *date,
           const Formats *f)
{
  lxw_datetime dt = { 0, };

  if (date == NULL || !g_date_valid (date))
    return;
  dt.year = g_date_get_year (date);
  dt.month = g_date_get_month (date);
  dt.day = g_date_get_day (date);
  worksheet_write_datetime (ws, r, c, &dt, f->date);
}

static void
xlsx_figure (lxw_worksheet *ws,
             guint         *r,
             const char    *label,
             double         value)
{
  worksheet_write_string (ws, *r, 0, label, NULL);
  worksheet_write_number (ws, *r, 1, value, NULL);
  (*r)++;
}

static void
xlsx_figure_words (lxw_worksheet *ws,
                   guint         *r,
                   const Words   *w,
                   double         value)
{
  g_autofree char *label = both (w);

  xlsx_figure (ws, r, label, value);
}

static void
fill_workbook (lxw_workbook   *wb,
               const MkReport *report,
               MkRegulation   *regulation,
               const MkOffice *office)
{
  Formats f;
  lxw_worksheet *ws;
  guint r;

  f.head = workbook_add_format (wb);
  format_set_bold (f.head);
  format_set_bg_color (f.head, 0xEBEBEB);
  format_set_text_wrap (f.head);
  f.date = workbook_add_format (wb);
  format_set_num_format (f.date, "dd.mm.yyyy");
  f.days = workbook_add_format (wb);
  format_set_num_format (f.days, "0.0");

  /* Sheet names: 31 characters at most, no : \ / ? * [ ]. */
  ws = workbook_add_worksheet (wb, "Жиынтық – Сводка");
  {
    const Words *head[] = { &w_figure, &w_value };
    g_autofree char *office_name = office_both (office);
    g_autofree char *period = both (&w_period);
    g_autofree char *as_of = both (&w_as_of);
    g_autofree char *office_label = both (&w_office);

    xlsx_head (ws, &f, 2, head);
    r = 1;
    worksheet_write_string (ws, r, 0, period, NULL);
    xlsx_date (ws, r, 1, &report->from, &f);
    xlsx_date (ws, r++, 2, &report->to, &f);
    worksheet_write_string (ws, r, 0, as_of, NULL);
    xlsx_date (ws, r++, 1, &report->today, &f);
    worksheet_write_string (ws, r, 0, office_label, NULL);
    worksheet_write_string (ws, r++, 1, office_name, NULL);
    xlsx_figure_words (ws, &r, &w_total, report->total);
    for (int k = 0; k < MK_SERVICE_N_KINDS; k++)
      {
        g_autofree char *name = kind_both (k);
        xlsx_figure (ws, &r, name, report->by_kind[k]);
      }
    for (int i = 0; i < MK_REPORT_N_RESULTS; i++)
      {
        g_autofree char *name = g_strdup_printf ("%s / %s", result_names[i].kk, result_names[i].ru);
        xlsx_figure (ws, &r, name, report->by_result[i]);
      }
    xlsx_figure_words (ws, &r, &w_on_time, report->on_time);
    xlsx_figure_words (ws, &r, &w_late, report->late);
    xlsx_figure_words (ws, &r, &w_provider_on_time, report->provider_on_time);
    xlsx_figure_words (ws, &r, &w_provider_late, report->provider_late);
  }

  ws = workbook_add_worksheet (wb, "Сатылар – Этапы");
  {
    const Words *head[] = { &w_stage, &w_cases, &w_median, &w_longest, &w_longest_case, &w_now };

    xlsx_head (ws, &f, 6, head);
    for (guint i = 0; i < report->stages->len; i++)
      {
        const MkReportStage *s = report->stages->pdata[i];
        g_autofree char *name = stage_both (regulation, s->stage);

        worksheet_write_string (ws, i + 1, 0, name, NULL);
        worksheet_write_number (ws, i + 1, 1, s->n_cases, NULL);
        if (s->n_cases > 0)
          {
            worksheet_write_number (ws, i + 1, 2, s->median_days, f.days);
            worksheet_write_number (ws, i + 1, 3, s->longest_days, f.days);
            worksheet_write_string (ws, i + 1, 4, s->longest_regno, NULL);
          }
        worksheet_write_number (ws, i + 1, 5, s->now, NULL);
      }
  }

  ws = workbook_add_worksheet (wb, "Мерзімі өткен – Просрочено");
  {
    const Words *head[] = { &w_regno, &w_kind, &w_stage, &w_due, &w_days_late };

    xlsx_head (ws, &f, 5, head);
    for (guint i = 0; i < report->overdue->len; i++)
      {
        const MkReportCase *c = report->overdue->pdata[i];
        g_autofree char *kind = kind_both (c->kind);
        g_autofree char *stage = stage_both (regulation, c->stage);

        worksheet_write_string (ws, i + 1, 0, c->regno, NULL);
        worksheet_write_string (ws, i + 1, 1, kind, NULL);
        worksheet_write_string (ws, i + 1, 2, stage, NULL);
        xlsx_date (ws, i + 1, 3, &c->due, &f);
        worksheet_write_number (ws, i + 1, 4, c->days_late, NULL);
      }
  }

  ws = workbook_add_worksheet (wb, "Орындаушылар – Исполнители");
  {
    const Words *head[] = { &w_executor, &w_in_hand, &w_done, &w_exec_late };

    xlsx_head (ws, &f, 4, head);
    for (guint i = 0; i < report->executors->len; i++)
      {
        const MkReportExecutor *e = report->executors->pdata[i];
        g_autofree char *name = e->user_id != 0 ? g_strdup (e->name) : both (&w_not_taken);

        worksheet_write_string (ws, i + 1, 0, name != NULL ? name : "", NULL);
        worksheet_write_number (ws, i + 1, 1, e->in_hand, NULL);
        worksheet_write_number (ws, i + 1, 2, e->done, NULL);
        worksheet_write_number (ws, i + 1, 3, e->late, NULL);
      }
  }

  ws = workbook_add_worksheet (wb, "Апталар – Недели");
  {
    g_autofree char *h0 = both (&w_week);

    worksheet_write_string (ws, 0, 0, h0, f.head);
    worksheet_set_column (ws, 0, 0, 22, NULL);
    for (int k = 0; k < MK_SERVICE_N_KINDS; k++)
      {
        g_autofree char *name = kind_both (k);

        worksheet_write_string (ws, 0, k + 1, name, f.head);
        worksheet_set_column (ws, k + 1, k + 1, 22, NULL);
      }
    worksheet_freeze_panes (ws, 1, 0);
    for (guint i = 0; i < report->weeks->len; i++)
      {
        const MkReportWeek *w = &g_array_index (report->weeks, MkReportWeek, i);

        xlsx_date (ws, i + 1, 0, &w->monday, &f);
        for (int k = 0; k < MK_SERVICE_N_KINDS; k++)
          worksheet_write_number (ws, i + 1, k + 1, w->by_kind[k], NULL);
      }
  }

  ws = workbook_add_worksheet (wb, "Айлар – Месяцы");
  {
    const Words *head[] = { &w_month, &w_on_time, &w_late, &w_share, &w_target };

    xlsx_head (ws, &f, 5, head);
    for (guint i = 0; i < report->months->len; i++)
      {
        const MkReportMonth *m = &g_array_index (report->months, MkReportMonth, i);

        xlsx_date (ws, i + 1, 0, &m->first, &f);
        worksheet_write_number (ws, i + 1, 1, m->on_time, NULL);
        worksheet_write_number (ws, i + 1, 2, m->late, NULL);
        if (m->on_time + m->late > 0)
          worksheet_write_number (ws, i + 1, 3, (double) m->on_time / (m->on_time + m->late), NULL);
        worksheet_write_number (ws, i + 1, 4, report->target, NULL);
      }
  }
}

gboolean
mk_report_write_xlsx (const MkReport *report,
                      MkRegulation   *regulation,
                      const MkOffice *office,
                      const char     *path,
                      GError        **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *name = NULL;
  lxw_workbook *wb;
  lxw_error err;
  int fd;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* Written beside the target and renamed over it: the file is whole or untouched. */
  name = g_filename_display_name (path);
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, MK_DOCUMENT_ERROR, MK_DOCUMENT_ERROR_WRITE,
                   _("Could not write “%s”: %s"), name, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  wb = workbook_new (tmp);
  if (wb == NULL)
    {
      g_unlink (tmp);
      g_set_error (error, MK_DOCUMENT_ERROR, MK_DOCUMENT_ERROR_WRITE, _("Could not write “%s”"), name);
      return FALSE;
    }
  fill_workbook (wb, report, regulation, office);
  err = workbook_close (wb);
  if (err != LXW_NO_ERROR || g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, MK_DOCUMENT_ERROR, MK_DOCUMENT_ERROR_WRITE, _("Could not write “%s”: %s"), name,
                   err != LXW_NO_ERROR ? lxw_strerror (err) : g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
