/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Intake step 1: the service requested and its acceptance (§6, §7, §13). */
#pragma once

#include "mk-intake-section.h"

G_BEGIN_DECLS

#define MK_TYPE_INTAKE_SERVICE_SECTION (mk_intake_service_section_get_type ())
G_DECLARE_FINAL_TYPE (MkIntakeServiceSection, mk_intake_service_section, MK, INTAKE_SERVICE_SECTION, GtkBox)

G_END_DECLS
