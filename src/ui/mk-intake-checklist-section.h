/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Intake step 4: the §11 checklist of documents, with their scans (§11, §12, §23). */
#pragma once

#include "mk-intake-section.h"

G_BEGIN_DECLS

#define MK_TYPE_INTAKE_CHECKLIST_SECTION (mk_intake_checklist_section_get_type ())
G_DECLARE_FINAL_TYPE (MkIntakeChecklistSection, mk_intake_checklist_section, MK, INTAKE_CHECKLIST_SECTION, GtkBox)

/* Stores the scans and files waiting for @c, just registered (c->id set). */
gboolean mk_intake_checklist_section_store_attachments (MkIntakeChecklistSection *self,
                                                        const MkUser             *actor,
                                                        MkCase                   *c,
                                                        GError                  **error);
/* Forgets the scans and files waiting: §23, a refused case keeps no copies. */
void     mk_intake_checklist_section_drop_attachments  (MkIntakeChecklistSection *self);

G_END_DECLS
