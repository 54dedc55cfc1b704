/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small helpers that several windows share. */

#include <glib/gi18n.h>

#include "mk-id.h"
#include "mk-ui-util.h"

void
mk_info_bar_name_close_button (GtkInfoBar *bar)
{
  GObject *close;

  g_return_if_fail (GTK_IS_INFO_BAR (bar));

  close = gtk_widget_get_template_child (GTK_WIDGET (bar), GTK_TYPE_INFO_BAR, "close_button");
  if (close != NULL)
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (close)), _("Close the message"));
}

void
mk_markup_append_field (GString    *markup,
                        const char *title,
                        const char *value)
{
  g_autofree char *line = NULL;

  if (value == NULL || *value == '\0')
    return;
  line = g_markup_printf_escaped ("<b>%s</b> %s\n", title, value);
  g_string_append (markup, line);
}

/* Phone numbers ---------------------------------------------------------- */

static void
show_phone_problem (GtkEntry   *entry,
                    const char *problem)
{
  gtk_entry_set_icon_from_icon_name (entry, GTK_ENTRY_ICON_SECONDARY,
                                     problem != NULL ? "dialog-warning-symbolic" : NULL);
  gtk_entry_set_icon_tooltip_text (entry, GTK_ENTRY_ICON_SECONDARY, problem);
  atk_object_set_description (gtk_widget_get_accessible (GTK_WIDGET (entry)), problem != NULL ? problem : "");
}

static gboolean
phone_focus_out_cb (GtkWidget *widget,
                    GdkEvent  *event,
                    gpointer   user_data)
{
  GtkEntry *entry = GTK_ENTRY (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_entry_get_text (entry)));
  g_autofree char *phone = NULL;

  if (*text == '\0')
    {
      show_phone_problem (entry, NULL);
      return GDK_EVENT_PROPAGATE;
    }
  phone = mk_phone_normalize (text, &error);
  if (phone == NULL)
    {
      show_phone_problem (entry, error->message);
      return GDK_EVENT_PROPAGATE;
    }
  show_phone_problem (entry, NULL);
  if (g_strcmp0 (phone, gtk_entry_get_text (entry)) != 0)
    gtk_entry_set_text (entry, phone);
  return GDK_EVENT_PROPAGATE;
}

void
mk_ui_phone_entry_setup (GtkEntry *entry)
{
  g_return_if_fail (GTK_IS_ENTRY (entry));

  /* The mask, which the field now applies (a number, not words: not translated). */
  gtk_entry_set_placeholder_text (entry, "+7 XXX XXX XX XX");
  gtk_entry_set_input_purpose (entry, GTK_INPUT_PURPOSE_PHONE);
  g_signal_connect (entry, "focus-out-event", G_CALLBACK (phone_focus_out_cb), NULL);
}

/* Help ------------------------------------------------------------------ */

#define HELP_PAGE_KEY "mk-help-page"

static void
help_launched_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (g_app_info_launch_default_for_uri_finish (result, &error))
    return;
  /* The window may have been closed meanwhile: say it on its own then. */
  if (parent != NULL && !gtk_widget_get_visible (GTK_WIDGET (parent)))
    g_clear_object (&parent);
  dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                   _("The help could not be opened"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("The help is read with the program Yelp (package yelp). Ask your administrator to install it. (%s)"),
                                            error->message);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
  gtk_widget_show (dialog);
}

void
mk_ui_show_help (GtkWindow  *parent,
                 const char *page)
{
  g_autofree char *uri = page != NULL ? g_strconcat ("help:mekenjai/", page, NULL)
                                      : g_strdup ("help:mekenjai");
  GdkDisplay *display = parent != NULL ? gtk_widget_get_display (GTK_WIDGET (parent))
                                       : gdk_display_get_default ();
  g_autoptr(GdkAppLaunchContext) launch = gdk_display_get_app_launch_context (display);

  gdk_app_launch_context_set_timestamp (launch, gtk_get_current_event_time ());
  if (parent != NULL)
    gdk_app_launch_context_set_screen (launch, gtk_widget_get_screen (GTK_WIDGET (parent)));
  /* Launched asynchronously: the window stays responsive and may close. */
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (launch), NULL, help_launched_cb,
                                           parent != NULL ? g_object_ref (parent) : NULL);
}

static gboolean
help_key_pressed_cb (GtkWidget   *window,
                     GdkEventKey *event,
                     gpointer     user_data)
{
  if (event->keyval != GDK_KEY_F1 || (event->state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return GDK_EVENT_PROPAGATE;
  mk_ui_show_help (GTK_WINDOW (window), mk_ui_get_help_page (GTK_WINDOW (window)));
  return GDK_EVENT_STOP;
}

void
mk_ui_set_help_page (GtkWindow  *window,
                     const char *page)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  if (g_object_get_data (G_OBJECT (window), HELP_PAGE_KEY) == NULL)
    g_signal_connect (window, "key-press-event", G_CALLBACK (help_key_pressed_cb), NULL);
  g_object_set_data_full (G_OBJECT (window), HELP_PAGE_KEY, g_strdup (page != NULL ? page : "index"), g_free);
}

const char *
mk_ui_get_help_page (GtkWindow *window)
{
  const char *page;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);

  page = g_object_get_data (G_OBJECT (window), HELP_PAGE_KEY);
  return page != NULL && !g_str_equal (page, "index") ? page : NULL;
}

void
mk_ui_fit_default_size (GtkWindow *window)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
  GdkMonitor *monitor = display != NULL ? gdk_display_get_primary_monitor (display) : NULL;
  GdkRectangle area;
  int width = -1, height = -1;

  g_return_if_fail (GTK_IS_WINDOW (window));

  if (monitor == NULL && display != NULL && gdk_display_get_n_monitors (display) > 0)
    monitor = gdk_display_get_monitor (display, 0);
  if (monitor == NULL)
    return;
  gdk_monitor_get_workarea (monitor, &area);
  gtk_window_get_default_size (window, &width, &height);
  /* Room for the window's frame and shadow around the default size. */
  if (width > 0 && width > area.width - 32)
    width = MAX (area.width - 32, 320);
  if (height > 0 && height > area.height - 48)
    height = MAX (area.height - 48, 240);
  gtk_window_set_default_size (window, width, height);
}
