/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One step of the guided intake: what every section of the intake window does
 * with the application being taken in (§10 steps 1–2). */
#pragma once

#include <gtk/gtk.h>
#include "mekenjai-core.h"
#include "mk-context.h"

G_BEGIN_DECLS

#define MK_TYPE_INTAKE_SECTION (mk_intake_section_get_type ())
G_DECLARE_INTERFACE (MkIntakeSection, mk_intake_section, MK, INTAKE_SECTION, GtkWidget)

/**
 * MkIntakeSectionInterface:
 * @set_application: shows @application (a new one or a resumed draft) in the
 *   section's fields
 * @apply: writes what the section holds into @application; the window applies
 *   the sections in the order of the steps, so a section sees what the steps
 *   before it wrote (the kind of service, the conditions so far)
 * @update: (optional): shows what the other steps decided (the kind, the
 *   conditions) without touching what was typed
 * @validate: (optional): marks every problem of the step beside its field,
 *   appends their messages to @messages and returns the first field in the
 *   order of the form, or %NULL when the step may be left
 * @get_first_focus: where typing starts when the step opens
 *
 * Every section has a #MkContext "context" property and emits "changed" when
 * the operator edits it.
 */
struct _MkIntakeSectionInterface
{
  GTypeInterface parent_iface;

  void       (*set_application) (MkIntakeSection *self,
                                 const MkCase    *application);
  void       (*apply)           (MkIntakeSection *self,
                                 MkCase          *application);
  void       (*update)          (MkIntakeSection *self,
                                 const MkCase    *application);
  GtkWidget *(*validate)        (MkIntakeSection *self,
                                 const MkCase    *application,
                                 GPtrArray       *messages);
  GtkWidget *(*get_first_focus) (MkIntakeSection *self);
};

void       mk_intake_section_set_application (MkIntakeSection *self,
                                              const MkCase    *application);
void       mk_intake_section_apply           (MkIntakeSection *self,
                                              MkCase          *application);
void       mk_intake_section_update          (MkIntakeSection *self,
                                              const MkCase    *application);
GtkWidget *mk_intake_section_validate        (MkIntakeSection *self,
                                              const MkCase    *application,
                                              GPtrArray       *messages);
GtkWidget *mk_intake_section_get_first_focus (MkIntakeSection *self);
/* Emits "changed": the sections call it when the operator edits a field. */
void       mk_intake_section_changed         (MkIntakeSection *self);

/* Helpers the sections share. */
char      *mk_intake_entry_text   (GtkEntry    *entry);
void       mk_intake_set_entry    (GtkEntry    *entry,
                                   const char  *text);
void       mk_intake_set_combo_id (GtkComboBox *combo,
                                   const char  *id);
/* Marks @widget as wrong with @message (its tooltip), or clears it (NULL). */
void       mk_intake_mark_field   (GtkWidget   *widget,
                                   const char  *message);
/* A status label beside a field: "⚠ @message" in red, or @ok_text. */
void       mk_intake_set_status   (GtkLabel    *status,
                                   const char  *message,
                                   const char  *ok_text);
/* Shows why an ИИН/БИН is wrong next to the field, as it is typed. */
gboolean   mk_intake_check_idn    (GtkEntry    *entry,
                                   GtkLabel    *status,
                                   MkIdKind     expected);
/* The first of @problems (MkProblem*) whose field is @field, or NULL. */
const char *mk_intake_find_problem (GPtrArray  *problems,
                                    const char *field);

G_END_DECLS
