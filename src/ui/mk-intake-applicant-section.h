/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Intake step 2: the applicant and the representative (§1, §11, §13). */
#pragma once

#include "mk-intake-section.h"

G_BEGIN_DECLS

#define MK_TYPE_INTAKE_APPLICANT_SECTION (mk_intake_applicant_section_get_type ())
G_DECLARE_FINAL_TYPE (MkIntakeApplicantSection, mk_intake_applicant_section, MK, INTAKE_APPLICANT_SECTION, GtkBox)

G_END_DECLS
