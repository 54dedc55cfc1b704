/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The working-day calendar of a year: holidays, days off, transferred days (§7, §16). */

#define G_LOG_DOMAIN "mekenjai-ui"

#include <glib/gi18n-lib.h>

#include "mk-ui-util.h"
#include "mk-calendar-dialog.h"
#include "mk-month-view.h"

struct _MkCalendarDialog
{
  GtkDialog      parent_instance;

  GtkSpinButton *year_spin;
  GtkLabel      *status_label;
  GtkButton     *import_button;
  GtkListStore  *days_store;
  MkMonthView   *months[12];

  MkContext     *context;
};

G_DEFINE_FINAL_TYPE (MkCalendarDialog, mk_calendar_dialog, GTK_TYPE_DIALOG)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_year (MkCalendarDialog *self,
           int               year)
{
  MkCalendar *calendar = mk_store_get_calendar (mk_context_get_store (self->context));
  g_autoptr(GPtrArray) days = mk_calendar_list_special_days (calendar, year);
  gboolean kazakh = g_strcmp0 (mk_ui_language (), "kk") == 0;

  gtk_list_store_clear (self->days_store);

  for (guint m = 0; m < 12; m++)
    mk_month_view_set_month (self->months[m], year, (GDateMonth) (m + 1));

  for (guint i = 0; days != NULL && i < days->len; i++)
    {
      const MkCalendarDay *day = g_ptr_array_index (days, i);
      const char *name = kazakh ? day->name_kk : day->name_ru;
      g_autofree char *date = mk_date_format_long (&day->date, mk_ui_language ());
      g_autofree char *description = NULL;
      guint month = g_date_get_month (&day->date) - 1;

      if (name == NULL || name[0] == '\0')
        name = kazakh ? day->name_ru : day->name_kk;
      if (name == NULL)
        name = "";

      /* Marked in bold in the month, and named in the list: never by colour alone. */
      description = name[0] != '\0' ? g_strdup_printf ("%s: %s", mk_day_kind_name (day->kind), name)
                                    : g_strdup (mk_day_kind_name (day->kind));
      mk_month_view_mark_day (self->months[month], g_date_get_day (&day->date),
                              day->kind != MK_DAY_TRANSFERRED_WORKING, description);
      gtk_list_store_insert_with_values (self->days_store, NULL, -1,
                                         0, date,
                                         1, mk_day_kind_name (day->kind),
                                         2, name,
                                         -1);
    }

  if (!mk_calendar_has_year (calendar, year))
    {
      g_autofree char *text =
        g_strdup_printf (_("Generated: %d has no calendar data of its own, so its days off come from the "
                           "law’s recurring holidays. The government’s transfer decree and Kurban Ait are "
                           "missing until an administrator imports the year."),
                         year);
      gtk_label_set_text (self->status_label, text);
    }
  else
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u special day in %d", "%u special days in %d",
                                      days != NULL ? days->len : 0),
                         days != NULL ? days->len : 0, year);
      gtk_label_set_text (self->status_label, text);
    }
}

static void
year_changed_cb (MkCalendarDialog *self)
{
  show_year (self, gtk_spin_button_get_value_as_int (self->year_spin));
}

static void
import_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  MkCalendarDialog *self = MK_CALENDAR_DIALOG (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autofree char *path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      if (!mk_calendar_dialog_import (self, path, &error))
        {
          GtkWidget *dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                                      GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                                      GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                                      "%s", _("Could not import the calendar"));

          gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", error->message);
          g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
          gtk_widget_show (dialog);
        }
    }
  g_object_unref (chooser);
}

static void
import_clicked_cb (MkCalendarDialog *self)
{
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import Calendar"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Calendar files"));
  gtk_file_filter_add_pattern (filter, "*.ini");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
mk_calendar_dialog_constructed (GObject *object)
{
  MkCalendarDialog *self = MK_CALENDAR_DIALOG (object);
  GDate today;

  G_OBJECT_CLASS (mk_calendar_dialog_parent_class)->constructed (object);

  /* Only the administrator edits the calendar. */
  gtk_widget_set_visible (GTK_WIDGET (self->import_button),
                          mk_context_user_has_role (self->context, MK_ROLE_ADMINISTRATOR));

  mk_store_get_today (mk_context_get_store (self->context), &today);
  gtk_spin_button_set_value (self->year_spin, g_date_get_year (&today));
  show_year (self, g_date_get_year (&today));
}

static void
mk_calendar_dialog_finalize (GObject *object)
{
  MkCalendarDialog *self = MK_CALENDAR_DIALOG (object);

  g_clear_object (&self->context);

  G_OBJECT_CLASS (mk_calendar_dialog_parent_class)->finalize (object);
}

static void
mk_calendar_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MkCalendarDialog *self = MK_CALENDAR_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mk_calendar_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MkCalendarDialog *self = MK_CALENDAR_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mk_calendar_dialog_class_init (MkCalendarDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mk_calendar_dialog_constructed;
  object_class->finalize = mk_calendar_dialog_finalize;
  object_class->get_property = mk_calendar_dialog_get_property;
  object_class->set_property = mk_calendar_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         MK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MK_TYPE_MONTH_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-calendar-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MkCalendarDialog, year_spin);
  gtk_widget_class_bind_template_child (widget_class, MkCalendarDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, MkCalendarDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, MkCalendarDialog, days_store);
  gtk_widget_class_bind_template_child_full (widget_class, "month1", FALSE, G_STRUCT_OFFSET (MkCalendarDialog, months[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "month2", FALSE, G_STRUCT_OFFSET (MkCalendarDialog, months[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "month3", FALSE, G_STRUCT_OFFSET (MkCalendarDialog, months[2]));
  gtk_widget_class_bind_template_child_full (widget_class, "month4", FALSE, G_STRUCT_OFFSET (MkCalendarDialog, months[3]));
  gtk_widget_class_bind_template_child_full (widget_class, "month5", FALSE, G_STRUCT_OFFSET (MkCalendarDialog, months[4]));
  gtk_widget_class_bind_template_child_full (widget_class, "month6", FALSE, G_STRUCT_OFFSET (MkCalendarDialog, months[5]));
  gtk_widget_class_bind_template_child_full (widget_class, "month7", FALSE, G_STRUCT_OFFSET (MkCalendarDialog, months[6]));
  gtk_widget_class_bind_template_child_full (widget_class, "month8", FALSE, G_STRUCT_OFFSET (MkCalendarDialog, months[7]));
  gtk_widget_class_bind_template_child_full (widget_class, "month9", FALSE, G_STRUCT_OFFSET (MkCalendarDialog, months[8]));
  gtk_widget_class_bind_template_child_full (widget_class, "month10", FALSE, G_STRUCT_OFFSET (MkCalendarDialog, months[9]));
  gtk_widget_class_bind_template_child_full (widget_class, "month11", FALSE, G_STRUCT_OFFSET (MkCalendarDialog, months[10]));
  gtk_widget_class_bind_template_child_full (widget_class, "month12", FALSE, G_STRUCT_OFFSET (MkCalendarDialog, months[11]));
  gtk_widget_class_bind_template_callback (widget_class, year_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
}

static void
mk_calendar_dialog_init (MkCalendarDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mk_ui_fit_default_size (GTK_WINDOW (self));
  mk_ui_set_help_page (GTK_WINDOW (self), "calendar");
  g_signal_connect (self, "response", G_CALLBACK (gtk_widget_destroy), NULL);
}

GtkWidget *
mk_calendar_dialog_new (MkContext *context,
                        GtkWindow *parent)
{
  g_return_val_if_fail (MK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (MK_TYPE_CALENDAR_DIALOG,
                       "context", context,
                       "transient-for", parent,
                       "use-header-bar", TRUE,
                       NULL);
}

void
mk_calendar_dialog_set_year (MkCalendarDialog *self,
                             int               year)
{
  g_return_if_fail (MK_IS_CALENDAR_DIALOG (self));

  gtk_spin_button_set_value (self->year_spin, year);
  show_year (self, year);
}

guint
mk_calendar_dialog_get_n_days (MkCalendarDialog *self)
{
  g_return_val_if_fail (MK_IS_CALENDAR_DIALOG (self), 0);

  return (guint) gtk_tree_model_iter_n_children (GTK_TREE_MODEL (self->days_store), NULL);
}

const char *
mk_calendar_dialog_get_status (MkCalendarDialog *self)
{
  g_return_val_if_fail (MK_IS_CALENDAR_DIALOG (self), NULL);

  return gtk_label_get_text (self->status_label);
}

gboolean
mk_calendar_dialog_import (MkCalendarDialog *self,
                           const char       *path,
                           GError          **error)
{
  g_autoptr(MkCalendar) years = mk_calendar_new ();
  g_autoptr(GArray) loaded = NULL;

  g_return_val_if_fail (MK_IS_CALENDAR_DIALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mk_calendar_load_file (years, path, error) ||
      !mk_store_import_calendar (mk_context_get_store (self->context),
                                 mk_context_get_user (self->context), years, error))
    return FALSE;

  /* Show the first year the file brought. */
  loaded = mk_calendar_get_years (years);
  if (loaded != NULL && loaded->len > 0)
    mk_calendar_dialog_set_year (self, g_array_index (loaded, int, 0));
  else
    show_year (self, gtk_spin_button_get_value_as_int (self->year_spin));
  mk_context_cases_changed (self->context);
  return TRUE;
}
