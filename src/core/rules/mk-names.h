/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one place that turns the ids the store, the regulation data and the
 * model keep into the names people read: what a history event did, a stage,
 * a printed document's kind, a kind of calendar day. Windows and the command
 * line's text output show these; JSON output keeps the ids. */
#pragma once

#include <glib.h>

#include "mk-calendar.h"
#include "mk-case.h"
#include "mk-regulation.h"

G_BEGIN_DECLS

/* The translated name of what an event did: the regulation's action name
 * ("Prepare certificate"), or the name of a step the store records itself
 * ("attach", "issue-document", "register", …). Never an id: an action this
 * build does not know is "Other change". */
const char *mk_event_action_name      (MkRegulation  *regulation,
                                       const char    *action);
/* What the event concerned, in words, from its recorded details: the
 * document made ("Address certificate 3505-2026-000123, version 2"), the file
 * attached and its checklist item, the register sent; NULL when nothing more
 * is worth saying. */
char       *mk_event_describe         (MkRegulation  *regulation,
                                       const MkEvent *event);
/* A stage's name in the UI's language; "—" for none (NULL or ""). */
const char *mk_stage_display_name     (MkRegulation  *regulation,
                                       const char    *stage);

/* A printed document's kind ("receipt", "certificate", … the [output:…] ids,
 * also a case's result "certificate" / "refusal"), translated. */
const char *mk_document_kind_name     (const char    *kind);
/* The same as the start of a file name in @lang ("kk", "ru", "en"; NULL: the
 * UI's): «анықтама», «справка», "certificate". */
const char *mk_document_kind_file_name (const char   *kind,
                                        const char   *lang);

/* A kind of calendar day, translated ("Public holiday"). */
const char *mk_day_kind_name          (MkDayKind      kind);

G_END_DECLS
