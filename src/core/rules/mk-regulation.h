/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The regulation as data: service terms, checklist rules, stages, actions and norms.
 * Loaded from data/regulation.ini (a GKeyFile with §-references); the store keeps
 * the text it was loaded from, so an administrator can import a new edition. */
#pragma once

#include <glib-object.h>
#include "mk-types.h"

G_BEGIN_DECLS

#define MK_REGULATION_ERROR (mk_regulation_error_quark ())
GQuark mk_regulation_error_quark (void);

typedef enum {
  MK_REGULATION_ERROR_PARSE,      /* the data file is malformed */
  MK_REGULATION_ERROR_WRONG_STAGE,/* the action is not possible at the case's stage */
  MK_REGULATION_ERROR_WRONG_ROLE, /* the action belongs to another actor */
  MK_REGULATION_ERROR_UNKNOWN,    /* unknown stage, action or document kind */
  MK_REGULATION_ERROR_REASON,     /* the action needs a written reason (§24, §26) */
} MkRegulationError;

typedef struct {
  char   *id;          /* "application", "title-document", … */
  MkText  name;
  char   *paragraph;   /* "§11" */
} MkDocumentKind;

typedef struct {
  const MkDocumentKind *kind;
  gboolean              required;        /* FALSE: "if needed" — offered, never blocks intake */
  gboolean              original_only;   /* an original is kept (not a copy), e.g. the owner's power of attorney */
  MkText                note;            /* why it is asked for, e.g. "notarised" */
  const char           *paragraph;
} MkChecklistItem;

typedef struct {
  char     *id;        /* "registered", "at-provider", … */
  guint     step;      /* §10 step 1..7; 0 for a branch state */
  MkRole    actor;     /* who acts next at this stage (§14) */
  MkText    name;
  gboolean  final;     /* issued, refused at intake, archived */
  char     *due;       /* deadline that applies while here: "provider", "issue", "return",
                        * "notify", "storage" or NULL (see MkDeadlines, MkCase) */
  char     *paragraph;
} MkStage;

typedef struct {
  char     *id;        /* "send-to-provider", "return-for-errors", … */
  char     *from;      /* stage id */
  char     *to;        /* stage id */
  MkRole    role;
  MkText    name;      /* the button label, e.g. "Send to provider" */
  gboolean  needs_reason;
  char     *result;    /* "certificate", "refusal" or NULL: the result this action decides */
  char     *sets;      /* deadline this action starts: "return" (§24), "notify" (§25, §26) or NULL */
  char     *document;  /* the document the action makes, an [output:…] kind, or NULL */
  char     *paragraph;
} MkAction;

/* A ground for a reasoned refusal (§6, §26) or a return for errors (§24). */
typedef struct {
  char     *id;          /* "incomplete-documents", "address-exists", … */
  MkText    name;
  gboolean  for_refusal; /* offered for a reasoned refusal */
  gboolean  for_return;  /* offered for a return for errors */
  char     *paragraph;
} MkRefusalGround;

/* §10, §14: who makes a document of one kind ("receipt", "certificate", …):
 * a user of the case's (or register's) own center office with a role in
 * @center_roles, or of its own provider with a role in @provider_roles
 * (sets of 1 << MkRole). */
typedef struct {
  char     *id;
  guint     center_roles;
  guint     provider_roles;
  char     *paragraph;
} MkOutput;

typedef enum {
  MK_REGULATION_STATUS_UNKNOWN,  /* an edition stored before editions said it */
  MK_REGULATION_IN_FORCE,
  MK_REGULATION_REPEALED,   /* still the edition of the cases accepted under it */
} MkRegulationStatus;

#define MK_TYPE_REGULATION (mk_regulation_get_type ())
G_DECLARE_FINAL_TYPE (MkRegulation, mk_regulation, MK, REGULATION, GObject)

MkRegulation         *mk_regulation_new_from_data   (const char   *data,
                                                     gssize        length,
                                                     GError      **error);
/* The edition shipped in the core's resources (data/regulation.ini). */
MkRegulation         *mk_regulation_new_default     (GError      **error);
GBytes               *mk_regulation_get_default_data (void);
const char           *mk_regulation_get_edition     (MkRegulation *self);
/* The edition's date of adoption (FALSE when not given) and standing; a
 * repealed one says when and by which act (mk_regulation_get_repealed()
 * returns FALSE when it is not repealed). */
gboolean              mk_regulation_get_adopted     (MkRegulation *self,
                                                     GDate        *date);
MkRegulationStatus    mk_regulation_get_status      (MkRegulation *self);
gboolean              mk_regulation_get_repealed    (MkRegulation  *self,
                                                     GDate         *date,
                                                     const MkText **by);
/* One sentence for people, in the UI's language: the edition, its date and
 * its standing (About, the CLI). */
char                 *mk_regulation_describe_edition (MkRegulation *self);

/* §7 term and the other norms ("return-for-errors-days", "notification-days",
 * "storage-months", "service-minutes"). */
guint                 mk_regulation_get_term_days   (MkRegulation *self,
                                                     MkServiceKind kind);
guint                 mk_regulation_get_norm        (MkRegulation *self,
                                                     const char   *name);

GPtrArray            *mk_regulation_get_document_kinds (MkRegulation *self);  /* MkDocumentKind*, owned */
const MkDocumentKind *mk_regulation_get_document_kind  (MkRegulation *self,
                                                        const char   *id);
/* §11: the items this kind of service asks for under these conditions, in
 * the regulation's order (MkChecklistItem*, free with g_ptr_array_unref). */
GPtrArray            *mk_regulation_get_checklist   (MkRegulation *self,
                                                     MkServiceKind kind,
                                                     MkConditions  conditions);

GPtrArray            *mk_regulation_get_stages      (MkRegulation *self);     /* MkStage*, owned, §10 order */
const MkStage        *mk_regulation_get_stage       (MkRegulation *self,
                                                     const char   *id);
const char           *mk_regulation_get_initial_stage (MkRegulation *self);   /* after registration */
const char           *mk_regulation_get_refused_stage (MkRegulation *self);   /* §23 */
GPtrArray            *mk_regulation_get_actions     (MkRegulation *self);     /* MkAction*, owned */
const MkAction       *mk_regulation_get_action      (MkRegulation *self,
                                                     const char   *id);
/* The actions @role may take at @stage (MkAction*, container only). */
GPtrArray            *mk_regulation_actions_for     (MkRegulation *self,
                                                     const char   *stage,
                                                     MkRole        role);
/* Checks that @role may take @action at @stage; the error names the action,
 * the stage and the role (translated) when it may not. */
const MkAction       *mk_regulation_check_action    (MkRegulation *self,
                                                     const char   *stage,
                                                     const char   *action,
                                                     MkRole        role,
                                                     const char   *reason,
                                                     GError      **error);

/* Grounds to pick from (MkRefusalGround*, owned), in the data file's order. */
GPtrArray            *mk_regulation_get_refusal_grounds (MkRegulation *self);
/* The rule for documents of kind @id, or NULL when this edition has none. */
const MkOutput       *mk_regulation_get_output      (MkRegulation *self,
                                                     const char   *id);
const MkRefusalGround *mk_regulation_get_refusal_ground (MkRegulation *self,
                                                         const char   *id);
/* The regulation's title and source act (e.g. "resolution No. 56/10 …"). */
const MkText         *mk_regulation_get_title       (MkRegulation *self);
const MkText         *mk_regulation_get_source      (MkRegulation *self);
/* §5: the web sites where the service is described, or NULL when the edition names none. */
const char           *mk_regulation_get_provider_site (MkRegulation *self);
const char           *mk_regulation_get_center_site   (MkRegulation *self);

G_END_DECLS
