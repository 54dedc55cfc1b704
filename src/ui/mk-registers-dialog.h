/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Registers (тізілім, §10 steps 3 and 6, §19): batches of cases between center and provider. */
#pragma once

#include <gtk/gtk.h>
#include "mekenjai-core.h"
#include "mk-context.h"

G_BEGIN_DECLS

#define MK_TYPE_REGISTERS_DIALOG (mk_registers_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MkRegistersDialog, mk_registers_dialog, MK, REGISTERS_DIALOG, GtkDialog)

GtkWidget *mk_registers_dialog_new            (MkContext         *context,
                                               GtkWindow         *parent);
/* Chooses the case's provider (or center) and selects only that case. */
void       mk_registers_dialog_preselect_case (MkRegistersDialog *self,
                                               gint64             case_id);

G_END_DECLS
