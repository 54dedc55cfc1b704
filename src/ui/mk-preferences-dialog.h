/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences: language of the interface, copies of the receipt. */
#pragma once

#include <gtk/gtk.h>
#include "mk-context.h"

G_BEGIN_DECLS

#define MK_TYPE_PREFERENCES_DIALOG (mk_preferences_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MkPreferencesDialog, mk_preferences_dialog, MK, PREFERENCES_DIALOG, GtkDialog)

GtkWidget *mk_preferences_dialog_new (MkContext *context,
                                      GtkWindow *parent);

G_END_DECLS
