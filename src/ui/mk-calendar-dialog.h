/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The working-day calendar of a year: holidays, days off, transferred days (§7, §16). */
#pragma once

#include <gtk/gtk.h>
#include "mk-context.h"

G_BEGIN_DECLS

#define MK_TYPE_CALENDAR_DIALOG (mk_calendar_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MkCalendarDialog, mk_calendar_dialog, MK, CALENDAR_DIALOG, GtkDialog)

GtkWidget *mk_calendar_dialog_new        (MkContext        *context,
                                          GtkWindow        *parent);
void       mk_calendar_dialog_set_year   (MkCalendarDialog *self,
                                          int               year);
/* Special days listed for the year shown (for tests). */
guint      mk_calendar_dialog_get_n_days (MkCalendarDialog *self);
/* The line under the list: how many days, or that the year was generated. */
const char *mk_calendar_dialog_get_status (MkCalendarDialog *self);
/* Imports a calendar file as the "Import Calendar…" button does (administrator). */
gboolean   mk_calendar_dialog_import     (MkCalendarDialog *self,
                                          const char       *path,
                                          GError          **error);

G_END_DECLS
