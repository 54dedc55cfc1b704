/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The offices of Appendices 1 and 2 (administrator): find, change, save (#10). */
#pragma once

#include <gtk/gtk.h>
#include "mk-context.h"

G_BEGIN_DECLS

#define MK_TYPE_OFFICES_DIALOG (mk_offices_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MkOfficesDialog, mk_offices_dialog, MK, OFFICES_DIALOG, GtkDialog)

GtkWidget *mk_offices_dialog_new        (MkContext       *context,
                                         GtkWindow       *parent);
/* Selects the office @id if the search shows it (for tests); FALSE if not. */
gboolean   mk_offices_dialog_select     (MkOfficesDialog *self,
                                         const char      *id);
/* Rows the search shows (for tests). */
guint      mk_offices_dialog_get_n_shown (MkOfficesDialog *self);

G_END_DECLS
