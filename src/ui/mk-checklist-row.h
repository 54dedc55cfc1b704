/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One line of the §11 checklist: present, original seen and returned (§12), attachments. */
#pragma once

#include <gtk/gtk.h>
#include "mekenjai-core.h"

G_BEGIN_DECLS

#define MK_TYPE_CHECKLIST_ROW (mk_checklist_row_get_type ())
G_DECLARE_FINAL_TYPE (MkChecklistRow, mk_checklist_row, MK, CHECKLIST_ROW, GtkListBoxRow)

/* @item is borrowed and must outlive the row; its flags follow the check
 * buttons. @checklist_item (optional) gives the note and original_only. */
GtkWidget  *mk_checklist_row_new      (MkRegulation          *regulation,
                                       const MkChecklistItem *checklist_item,
                                       MkCaseItem            *item,
                                       gboolean               editable);
MkCaseItem *mk_checklist_row_get_item (MkChecklistRow        *self);
/* Where the scanning and attachment buttons of this item go. */
GtkBox     *mk_checklist_row_get_attachment_area (MkChecklistRow *self);
/* Shows a new attachment count after pages were scanned or files attached. */
void        mk_checklist_row_set_n_attachments   (MkChecklistRow *self,
                                                  guint           n_attachments);
/* Ticks or clears "present" as the operator would (emits ::changed). */
void        mk_checklist_row_set_present         (MkChecklistRow *self,
                                                  gboolean        present);

G_END_DECLS
