/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small helpers that several windows share. */

#include <glib/gi18n.h>

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
