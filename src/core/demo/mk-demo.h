/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Realistic synthetic cases for trying the app and for benchmarks. */
#pragma once

#include "mk-case.h"
#include "mk-regulation.h"

G_BEGIN_DECLS

typedef struct _MkDemo MkDemo;

/* @centers: MkOffice* of kind MK_ORG_CENTER (each with its provider_id).
 * The same @seed gives the same sequence of cases. */
MkDemo  *mk_demo_new        (guint32       seed,
                             const GDate  *today,
                             GPtrArray    *centers,
                             MkRegulation *regulation);
void     mk_demo_free       (MkDemo       *demo);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkDemo, mk_demo_free)

/* The next case: Kazakh and Russian names, a valid ИИН or БИН, a Karaganda
 * oblast address (КАТО 35…), every required checklist item present, an
 * acceptance time within center hours (§16) spread over the last two years,
 * and c->stage set to a stage that fits its age (old cases issued or archived,
 * recent ones in progress). Deadlines and regno are left for the store. */
MkCase  *mk_demo_next_case  (MkDemo       *demo);

/* Gives @c its registration number @regno and the address registration codes
 * that follow from it (§4, §6: unique among active addresses): the number's
 * 14 digits, then 01 for the case's address and 02 for the former one. The
 * same seed twice, or a second demo into the same database, gives new
 * numbers and so new codes. Until then the codes are provisional. */
void     mk_demo_number_case (MkCase      *c,
                              const char  *regno);

/* A full name for a demo user, surname first (§13): "Нұрланова Әсел Жұмабекқызы". */
char    *mk_demo_person_name (MkDemo      *demo);

G_END_DECLS
