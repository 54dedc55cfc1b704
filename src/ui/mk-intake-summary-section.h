/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Intake step 5: what will be registered or what is missing, then the result (§10 step 2, §13, §23). */
#pragma once

#include "mk-intake-section.h"

G_BEGIN_DECLS

#define MK_TYPE_INTAKE_SUMMARY_SECTION (mk_intake_summary_section_get_type ())
G_DECLARE_FINAL_TYPE (MkIntakeSummarySection, mk_intake_summary_section, MK, INTAKE_SUMMARY_SECTION, GtkBox)

/* The case @stored was registered (§13): its number and deadlines. */
void mk_intake_summary_section_show_registered (MkIntakeSummarySection *self,
                                                const MkCase           *stored);
/* Acceptance of @c was refused (§23): what the refusal receipt lists. */
void mk_intake_summary_section_show_refused    (MkIntakeSummarySection *self,
                                                const MkCase           *c);

G_END_DECLS
