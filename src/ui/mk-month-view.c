/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One month of the working-day calendar (§7): the application's own month and
 * day names and a Monday week (#14). GtkCalendar takes both from the PC's
 * locale, which on a bare machine is English with weeks from Sunday. */

#define G_LOG_DOMAIN "mekenjai-ui"

#include <glib/gi18n-lib.h>

#include "mekenjai-core.h"
#include "mk-month-view.h"

#define N_COLUMNS 7
#define N_WEEKS   6

struct _MkMonthView
{
  GtkBox     parent_instance;

  GtkLabel  *heading_label;
  GtkGrid   *days_grid;

  GtkLabel  *weekdays[N_COLUMNS];
  GtkLabel  *days[N_WEEKS * N_COLUMNS];
  int        year;
  GDateMonth month;
  guint      first_cell;   /* the cell of day 1: its weekday, Monday = 0 */
  guint      n_days;
};

G_DEFINE_FINAL_TYPE (MkMonthView, mk_month_view, GTK_TYPE_BOX)

static GtkLabel *
day_label (MkMonthView *self,
           guint        day)
{
  if (day < 1 || day > self->n_days)
    return NULL;
  return self->days[self->first_cell + day - 1];
}

static void
mk_month_view_class_init (MkMonthViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/kz/mekenjai/Mekenjai/ui/mk-month-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MkMonthView, heading_label);
  gtk_widget_class_bind_template_child (widget_class, MkMonthView, days_grid);
  gtk_widget_class_set_css_name (widget_class, "monthview");
}

static void
mk_month_view_init (MkMonthView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_style_context_add_class (gtk_widget_get_style_context (label), "dim-label");
      gtk_grid_attach (self->days_grid, label, (int) c, 0, 1, 1);
      self->weekdays[c] = GTK_LABEL (label);
    }
  for (guint i = 0; i < N_WEEKS * N_COLUMNS; i++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_width_chars (GTK_LABEL (label), 2);
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_grid_attach (self->days_grid, label, (int) (i % N_COLUMNS), (int) (i / N_COLUMNS) + 1, 1, 1);
      self->days[i] = GTK_LABEL (label);
    }
  gtk_widget_show_all (GTK_WIDGET (self->days_grid));
  self->month = G_DATE_BAD_MONTH;
}

GtkWidget *
mk_month_view_new (void)
{
  return g_object_new (MK_TYPE_MONTH_VIEW, NULL);
}

void
mk_month_view_set_month (MkMonthView *self,
                         int          year,
                         GDateMonth   month)
{
  g_autofree char *heading = NULL;
  GDate first;

  g_return_if_fail (MK_IS_MONTH_VIEW (self));
  g_return_if_fail (g_date_valid_dmy (1, month, (GDateYear) year));

  self->year = year;
  self->month = month;
  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, month, (GDateYear) year);
  /* Monday is the first day of the week in Kazakhstan. */
  self->first_cell = g_date_get_weekday (&first) - G_DATE_MONDAY;
  self->n_days = g_date_get_days_in_month (month, (GDateYear) year);

  /* Translators: a calendar's heading, "November 2026"; the month stands alone (nominative). */
  heading = g_strdup_printf (C_("calendar heading", "%s %d"), mk_month_name (month, NULL), year);
  gtk_label_set_text (self->heading_label, heading);
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self)), heading);

  for (guint c = 0; c < N_COLUMNS; c++)
    gtk_label_set_text (self->weekdays[c], mk_weekday_short_name ((GDateWeekday) (G_DATE_MONDAY + c), NULL));
  for (guint i = 0; i < N_WEEKS * N_COLUMNS; i++)
    {
      GtkLabel *label = self->days[i];

      if (i >= self->first_cell && i < self->first_cell + self->n_days)
        {
          g_autofree char *text = g_strdup_printf ("%u", i - self->first_cell + 1);

          gtk_label_set_text (label, text);
        }
      else
        gtk_label_set_text (label, "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), NULL);
      /* Saturday and Sunday are days off: dimmed, and the list names every other one. */
      gtk_style_context_remove_class (gtk_widget_get_style_context (GTK_WIDGET (label)), "dim-label");
      if (i % N_COLUMNS >= 5)
        gtk_style_context_add_class (gtk_widget_get_style_context (GTK_WIDGET (label)), "dim-label");
    }
}

void
mk_month_view_mark_day (MkMonthView *self,
                        guint        day,
                        gboolean     bold,
                        const char  *description)
{
  GtkLabel *label;

  g_return_if_fail (MK_IS_MONTH_VIEW (self));

  label = day_label (self, day);
  g_return_if_fail (label != NULL);

  if (bold)
    {
      g_autofree char *markup = g_markup_printf_escaped ("<b><u>%u</u></b>", day);

      gtk_label_set_markup (label, markup);
      gtk_style_context_remove_class (gtk_widget_get_style_context (GTK_WIDGET (label)), "dim-label");
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), description);
  atk_object_set_description (gtk_widget_get_accessible (GTK_WIDGET (label)),
                              description != NULL ? description : "");
}

const char *
mk_month_view_get_heading (MkMonthView *self)
{
  g_return_val_if_fail (MK_IS_MONTH_VIEW (self), NULL);

  return gtk_label_get_text (self->heading_label);
}

const char *
mk_month_view_get_weekday (MkMonthView *self,
                           guint        column)
{
  g_return_val_if_fail (MK_IS_MONTH_VIEW (self), NULL);
  g_return_val_if_fail (column < N_COLUMNS, NULL);

  return gtk_label_get_text (self->weekdays[column]);
}

int
mk_month_view_get_day_column (MkMonthView *self,
                              guint        day)
{
  g_return_val_if_fail (MK_IS_MONTH_VIEW (self), -1);

  if (day < 1 || day > self->n_days)
    return -1;
  return (int) ((self->first_cell + day - 1) % N_COLUMNS);
}
