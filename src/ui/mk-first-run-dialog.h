/* SPDX-License-Identifier: GPL-3.0-or-later */
/* First start on an empty database: set up the organisation or load demo data. */
#pragma once

#include <gtk/gtk.h>
#include "mk-context.h"

G_BEGIN_DECLS

#define MK_TYPE_FIRST_RUN_DIALOG (mk_first_run_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MkFirstRunDialog, mk_first_run_dialog, MK, FIRST_RUN_DIALOG, GtkDialog)

/* Answers GTK_RESPONSE_OK once the administrator exists or the demo data is in. */
GtkWidget    *mk_first_run_dialog_new      (MkContext        *context);
/* After GTK_RESPONSE_OK: the new administrator, or NULL when demo data was loaded. */
const MkUser *mk_first_run_dialog_get_user (MkFirstRunDialog *self);
/* What the "Explore with Demo Data" button does; FALSE with the error shown. */
/* Loads the demo data off the main thread; responds GTK_RESPONSE_OK when done. */
void          mk_first_run_dialog_load_demo (MkFirstRunDialog *self);

#define MK_FIRST_RUN_DEMO_CASES 2000

G_END_DECLS
