/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Intake step 3: the object and its address, the former address, the basis (§6, §11). */
#pragma once

#include "mk-intake-section.h"

G_BEGIN_DECLS

#define MK_TYPE_INTAKE_OBJECT_SECTION (mk_intake_object_section_get_type ())
G_DECLARE_FINAL_TYPE (MkIntakeObjectSection, mk_intake_object_section, MK, INTAKE_OBJECT_SECTION, GtkBox)

G_END_DECLS
