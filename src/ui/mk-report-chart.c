/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A chart of the report (#12), drawn with cairo: bars stacked by service
 * kind per week, the §7 on-time share per month against its target, and the
 * cases at each stage now. Focusable; its figures are its accessible
 * description, so that a screen reader reads what the eye sees. */

#define G_LOG_DOMAIN "mk-report-chart"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "mk-report-chart.h"

typedef struct {
  char   *label;
  double  values[MK_SERVICE_N_KINDS];   /* one value unless stacked by kind */
} Column;

struct _MkReportChart
{
  GtkDrawingArea     parent_instance;

  MkReportChartKind  kind;
  GArray            *columns;    /* Column */
  double             target;     /* MK_REPORT_CHART_ON_TIME: the share asked for, 0..1 */
  char              *summary;
};

G_DEFINE_FINAL_TYPE (MkReportChart, mk_report_chart, GTK_TYPE_DRAWING_AREA)

/* One colour per service kind, told apart in grey too (light to dark). */
static const double kind_colours[MK_SERVICE_N_KINDS][3] = {
  { 0.60, 0.76, 0.92 },   /* clarification */
  { 0.21, 0.52, 0.89 },   /* assignment */
  { 0.96, 0.65, 0.26 },   /* change */
  { 0.55, 0.20, 0.45 },   /* abolition */
};

static void
clear_column (gpointer data)
{
  g_free (((Column *) data)->label);
}

static const char *
title_of (MkReportChartKind kind)
{
  switch (kind)
    {
    case MK_REPORT_CHART_WEEKS:
      return _("Applications per week, by service");
    case MK_REPORT_CHART_ON_TIME:
      return _("Share on time per month (§7)");
    case MK_REPORT_CHART_STAGES:
    default:
      return _("Cases at each stage now");
    }
}

static int
n_series (MkReportChart *self)
{
  return self->kind == MK_REPORT_CHART_WEEKS ? MK_SERVICE_N_KINDS : 1;
}

static double
column_total (MkReportChart *self,
              const Column  *column)
{
  double total = 0;

  for (int s = 0; s < n_series (self); s++)
    total += column->values[s];
  return total;
}

static PangoLayout *
layout_for (GtkWidget  *widget,
            const char *text,
            double      scale)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoFontDescription *font = pango_font_description_copy (
    pango_context_get_font_description (pango_layout_get_context (layout)));

  pango_font_description_set_size (font, (int) (pango_font_description_get_size (font) * scale));
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

static gboolean
mk_report_chart_draw (GtkWidget *widget,
                      cairo_t   *cr)
{
  MkReportChart *self = MK_REPORT_CHART (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  int width = gtk_widget_get_allocated_width (widget);
  int height = gtk_widget_get_allocated_height (widget);
  g_autoptr(PangoLayout) title = layout_for (widget, title_of (self->kind), 1.0);
  GdkRGBA fg;
  int title_h, legend_h = 0;
  double left = 40, right = 12, top, bottom = 44, plot_w, plot_h, max = 0, slot;
  guint n;

  gtk_render_background (style, cr, 0, 0, width, height);
  gtk_style_context_get_color (style, gtk_style_context_get_state (style), &fg);
  if (gtk_widget_has_visible_focus (widget))
    gtk_render_focus (style, cr, 1, 1, width - 2, height - 2);

  pango_layout_get_pixel_size (title, NULL, &title_h);
  gdk_cairo_set_source_rgba (cr, &fg);
  cairo_move_to (cr, 8, 6);
  pango_cairo_show_layout (cr, title);

  /* The legend names each kind under the bars. */
  if (self->kind == MK_REPORT_CHART_WEEKS)
    legend_h = 40;   /* two rows: the kinds' names are long in Kazakh and Russian */
  top = 6 + title_h + 10;
  plot_w = width - left - right;
  plot_h = height - top - bottom - legend_h;
  n = self->columns != NULL ? self->columns->len : 0;
  if (plot_w < 40 || plot_h < 30)
    return FALSE;

  if (n == 0)
    {
      g_autoptr(PangoLayout) empty = layout_for (widget, _("Nothing in this period"), 0.9);
      int w, h;

      pango_layout_get_pixel_size (empty, &w, &h);
      cairo_move_to (cr, left + (plot_w - w) / 2, top + (plot_h - h) / 2);
      pango_cairo_show_layout (cr, empty);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    max = MAX (max, column_total (self, &g_array_index (self->columns, Column, i)));
  if (self->kind == MK_REPORT_CHART_ON_TIME)
    max = 1.0;
  else if (max < 1)
    max = 1;
  else
    max = ceil (max * 1.1);

  /* Axis and its top value. */
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.35);
  cairo_move_to (cr, left, top);
  cairo_line_to (cr, left, top + plot_h);
  cairo_line_to (cr, left + plot_w, top + plot_h);
  cairo_stroke (cr);
  {
    g_autofree char *text = self->kind == MK_REPORT_CHART_ON_TIME ? g_strdup ("100 %")
                                                                 : g_strdup_printf ("%.0f", max);
    g_autoptr(PangoLayout) axis = layout_for (widget, text, 0.8);
    int w, h;

    pango_layout_get_pixel_size (axis, &w, &h);
    gdk_cairo_set_source_rgba (cr, &fg);
    cairo_move_to (cr, MAX (0, left - w - 4), top - h / 2);
    pango_cairo_show_layout (cr, axis);
  }

  slot = plot_w / n;
  if (self->kind == MK_REPORT_CHART_ON_TIME)
    {
      /* The target as a dashed line, the share as a line with points. */
      double ty = top + plot_h * (1 - self->target);
      static const double dash[] = { 4, 3 };

      cairo_set_source_rgba (cr, 0.80, 0.15, 0.15, 0.9);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_move_to (cr, left, ty);
      cairo_line_to (cr, left + plot_w, ty);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
      cairo_set_line_width (cr, 2);
      for (guint i = 0; i < n; i++)
        {
          double x = left + slot * (i + 0.5);
          double y = top + plot_h * (1 - g_array_index (self->columns, Column, i).values[0]);

          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_stroke (cr);
      for (guint i = 0; i < n; i++)
        {
          cairo_arc (cr, left + slot * (i + 0.5),
                     top + plot_h * (1 - g_array_index (self->columns, Column, i).values[0]), 3.5, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }
  else
    {
      double bar = MIN (slot * 0.7, 48);

      for (guint i = 0; i < n; i++)
        {
          const Column *column = &g_array_index (self->columns, Column, i);
          double x = left + slot * i + (slot - bar) / 2;
          double y = top + plot_h;

          for (int s = 0; s < n_series (self); s++)
            {
              double h = plot_h * column->values[s] / max;

              if (h <= 0)
                continue;
              if (self->kind == MK_REPORT_CHART_WEEKS)
                cairo_set_source_rgb (cr, kind_colours[s][0], kind_colours[s][1], kind_colours[s][2]);
              else
                cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
              cairo_rectangle (cr, x, y - h, bar, h);
              cairo_fill (cr);
              y -= h;
            }
        }
    }

  /* Labels under the columns, as many as fit. */
  {
    guint step = 1;
    int widest = 0;

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(PangoLayout) label = layout_for (widget, g_array_index (self->columns, Column, i).label, 0.75);
        int w;

        pango_layout_get_pixel_size (label, &w, NULL);
        widest = MAX (widest, w);
      }
    while (step < n && slot * step < widest + 6)
      step++;
    gdk_cairo_set_source_rgba (cr, &fg);
    for (guint i = 0; i < n; i += step)
      {
        g_autoptr(PangoLayout) label = layout_for (widget, g_array_index (self->columns, Column, i).label, 0.75);
        int w;

        pango_layout_set_width (label, (int) (slot * step * PANGO_SCALE));
        pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
        pango_layout_get_pixel_size (label, &w, NULL);
        cairo_move_to (cr, left + slot * (i + 0.5) - MIN (w, slot * step) / 2, top + plot_h + 4);
        pango_cairo_show_layout (cr, label);
      }
  }

  if (self->kind == MK_REPORT_CHART_WEEKS)
    {
      double x = left;
      double y = height - legend_h + 2;

      for (int s = 0; s < MK_SERVICE_N_KINDS; s++)
        {
          g_autoptr(PangoLayout) name = layout_for (widget, mk_service_kind_name (s), 0.8);
          int w, h;

          pango_layout_get_pixel_size (name, &w, &h);
          if (x > left && x + 14 + w > width)
            {
              x = left;
              y += h + 4;
            }
          cairo_set_source_rgb (cr, kind_colours[s][0], kind_colours[s][1], kind_colours[s][2]);
          cairo_rectangle (cr, x, y + (h - 10) / 2.0, 10, 10);
          cairo_fill (cr);
          gdk_cairo_set_source_rgba (cr, &fg);
          cairo_move_to (cr, x + 14, y);
          pango_cairo_show_layout (cr, name);
          x += 14 + w + 14;
        }
    }
  return FALSE;
}

static void
mk_report_chart_get_preferred_width (GtkWidget *widget,
                                     int       *minimum,
                                     int       *natural)
{
  *minimum = 240;
  *natural = 380;
}

static void
mk_report_chart_get_preferred_height (GtkWidget *widget,
                                      int       *minimum,
                                      int       *natural)
{
  *minimum = 200;
  *natural = 240;
}

static void
mk_report_chart_finalize (GObject *object)
{
  MkReportChart *self = MK_REPORT_CHART (object);

  g_clear_pointer (&self->columns, g_array_unref);
  g_free (self->summary);
  G_OBJECT_CLASS (mk_report_chart_parent_class)->finalize (object);
}

static void
mk_report_chart_class_init (MkReportChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mk_report_chart_finalize;
  widget_class->draw = mk_report_chart_draw;
  widget_class->get_preferred_width = mk_report_chart_get_preferred_width;
  widget_class->get_preferred_height = mk_report_chart_get_preferred_height;
  gtk_widget_class_set_accessible_role (widget_class, ATK_ROLE_CHART);
}

static void
mk_report_chart_init (MkReportChart *self)
{
  self->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (self->columns, clear_column);
  gtk_widget_set_can_focus (GTK_WIDGET (self), TRUE);
}

GtkWidget *
mk_report_chart_new (MkReportChartKind kind)
{
  MkReportChart *self = g_object_new (MK_TYPE_REPORT_CHART, NULL);
  AtkObject *accessible = gtk_widget_get_accessible (GTK_WIDGET (self));

  self->kind = kind;
  atk_object_set_name (accessible, title_of (kind));
  return GTK_WIDGET (self);
}

static char *
day_label (const GDate *date)
{
  return g_strdup_printf ("%02u.%02u", g_date_get_day (date), (guint) g_date_get_month (date));
}

void
mk_report_chart_set_report (MkReportChart  *self,
                            const MkReport *report,
                            MkRegulation   *regulation)
{
  g_autoptr(GString) summary = g_string_new (title_of (self->kind));

  g_return_if_fail (MK_IS_REPORT_CHART (self));

  g_array_set_size (self->columns, 0);
  self->target = report != NULL ? report->target : 0;
  g_string_append (summary, ": ");
  if (report == NULL)
    ;
  else if (self->kind == MK_REPORT_CHART_WEEKS)
    for (guint i = 0; i < report->weeks->len; i++)
      {
        const MkReportWeek *week = &g_array_index (report->weeks, MkReportWeek, i);
        Column column = { day_label (&week->monday), { 0, } };
        guint total = 0;

        for (int k = 0; k < MK_SERVICE_N_KINDS; k++)
          {
            column.values[k] = week->by_kind[k];
            total += week->by_kind[k];
          }
        /* Translators: one week of the chart for a screen reader, "week of 02.03: 14; " */
        g_string_append_printf (summary, _("week of %s: %u; "), column.label, total);
        g_array_append_val (self->columns, column);
      }
  else if (self->kind == MK_REPORT_CHART_ON_TIME)
    for (guint i = 0; i < report->months->len; i++)
      {
        const MkReportMonth *month = &g_array_index (report->months, MkReportMonth, i);
        guint judged = month->on_time + month->late;
        Column column = { g_strdup_printf ("%02u.%04u", (guint) g_date_get_month (&month->first),
                                           (guint) g_date_get_year (&month->first)), { 0, } };

        column.values[0] = judged > 0 ? (double) month->on_time / judged : 0;
        /* Translators: "03.2026: 92 % on time; " */
        g_string_append_printf (summary, _("%s: %.0f %% on time; "), column.label, column.values[0] * 100);
        g_array_append_val (self->columns, column);
      }
  else
    for (guint i = 0; i < report->stages->len; i++)
      {
        const MkReportStage *stage = g_ptr_array_index (report->stages, i);
        const MkStage *s = regulation != NULL ? mk_regulation_get_stage (regulation, stage->stage) : NULL;
        Column column = { g_strdup (s != NULL ? mk_text_get (&s->name) : stage->stage), { 0, } };

        if (s != NULL && s->final)
          {
            g_free (column.label);
            continue;
          }
        column.values[0] = stage->now;
        g_string_append_printf (summary, "%s: %u; ", column.label, stage->now);
        g_array_append_val (self->columns, column);
      }
  if (self->kind == MK_REPORT_CHART_ON_TIME && report != NULL)
    /* Translators: the end of the chart's description, "target 95 %" */
    g_string_append_printf (summary, _("target %.0f %%"), report->target * 100);
  g_free (self->summary);
  self->summary = g_string_free (g_steal_pointer (&summary), FALSE);
  atk_object_set_description (gtk_widget_get_accessible (GTK_WIDGET (self)), self->summary);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), self->summary);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
mk_report_chart_get_summary (MkReportChart *self)
{
  g_return_val_if_fail (MK_IS_REPORT_CHART (self), NULL);

  return self->summary;
}
