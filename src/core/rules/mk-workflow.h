/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the regulation decides about a case: whether an application is
 * complete (§11, §23), who may edit it and when (§24), what an action of §10
 * does to it (stage, result, deadlines). The store loads a case, asks these
 * rules and saves what they decided; a transaction that is run again asks
 * them again. No SQL, no clock: today is given. */
#pragma once

#include <glib.h>
#include "mk-case.h"
#include "mk-office.h"
#include "mk-records.h"
#include "mk-error.h"
#include "mk-calendar.h"
#include "mk-regulation.h"
#include "mk-trust.h"

G_BEGIN_DECLS

/* Looks an office up by id: (transfer full), NULL when there is none. */
typedef MkOffice *(*MkWorkflowOfficeFunc) (const char *id,
                                           gpointer    user_data);

/* §21, #14: who took the result at the window. */
typedef enum {
  MK_RECIPIENT_APPLICANT,
  MK_RECIPIENT_REPRESENTATIVE,
  MK_RECIPIENT_N_KINDS
} MkRecipientKind;

/* The identity document the person receiving the result showed. */
typedef enum {
  MK_ID_DOCUMENT_IDENTITY_CARD,
  MK_ID_DOCUMENT_PASSPORT,
  MK_ID_DOCUMENT_RESIDENCE_PERMIT,
  MK_ID_DOCUMENT_STATELESS_CERTIFICATE,
  MK_ID_DOCUMENT_N_KINDS
} MkIdDocumentKind;

typedef struct {
  MkRecipientKind   kind;
  MkIdDocumentKind  document;
  const char       *number;   /* as printed on the document */
} MkIssueRecipient;

/* What the rules need to know beyond the case itself. */
typedef struct {
  GDate    today;          /* Kazakhstan's today, from the context's clock */
  gboolean result_signed;  /* the current version of the case's result is signed */
  gboolean in_transit;     /* §19: the register that brought the case here is not received yet */
  const MkIssueRecipient *recipient; /* §21: who receives the result ("issue"), or NULL */
} MkWorkflowFacts;

/* §10 step 2: only a center inspector (or an administrator) accepts applications. */
gboolean        mk_workflow_check_intake_role (const MkUser        *actor,
                                               GError             **error);
/* One thing wrong with a field of an application, as the intake shows it
 * beside the field (#14). @field names the field: "applicant-name",
 * "applicant-idn", "applicant-phone", "rep-name", "rep-idn", "object-kind",
 * "address-settlement", "address-geonym", "address-rca", "address-kato", and
 * "former-…" for the former address. */
typedef struct {
  char *field;
  char *message;   /* translated */
} MkProblem;

void            mk_problem_free               (MkProblem           *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkProblem, mk_problem_free)

/* §1, §13: every problem of @c's applicant and representative (MkProblem*). */
GPtrArray      *mk_workflow_check_applicant   (const MkCase        *c);
/* §6: every problem of @c's object and its address, and of the former
 * address of a change or abolition (MkProblem*). */
GPtrArray      *mk_workflow_check_object      (const MkCase        *c);
/* The address fields every case needs; @what names the address in the message. */
gboolean        mk_workflow_check_address     (const MkAddress     *address,
                                               const char          *what,
                                               GError             **error);
/* Every field of @c (§1, §13, §6), its center and provider: fills the ids left
 * empty from @actor's office and the center's provider. */
gboolean        mk_workflow_check_case        (const MkUser        *actor,
                                               MkCase              *c,
                                               MkWorkflowOfficeFunc offices,
                                               gpointer             user_data,
                                               MkOffice           **out_center,
                                               GError             **error);
/* §11: @c's items become exactly the checklist's, keeping what was ticked.
 * Returns the names of the required documents missing (char*, never NULL). */
GPtrArray      *mk_workflow_apply_checklist   (MkRegulation        *regulation,
                                               MkCase              *c);
/* §16: the center's week of @regulation on @calendar. */
void            mk_workflow_configure_calendar (MkRegulation       *regulation,
                                                MkCalendar         *calendar);
/* §16: whether the center accepts applications at @at (Unix time, read as
 * Kazakhstan's date and time): on a center-open day of @calendar (its week,
 * except days off and holidays), from @regulation's center-open-hour up to
 * center-close-hour, which is the end. When it does not, @error
 * (MK_STORE_ERROR_CLOSED) says why and when it opens again, and
 * @out_next_open (if not NULL) is that moment. */
gboolean        mk_workflow_check_center_hours (MkRegulation       *regulation,
                                                MkCalendar         *calendar,
                                                gint64              at,
                                                gint64             *out_next_open,
                                                GError            **error);
/* §7, §20, §22: the deadlines of a case of @kind accepted on @accepted, with
 * the regulation's term and storage term. */
void            mk_workflow_compute_deadlines (MkRegulation        *regulation,
                                               MkCalendar          *calendar,
                                               MkServiceKind        kind,
                                               const GDate         *accepted,
                                               MkDeadlines         *out);
/* §10 step 2, §23: registration (@refuse FALSE: every required document is
 * there) or refusal at intake (@refuse TRUE: something is missing, named in
 * @out_missing). Sets the stage and counts the deadlines from @accepted (§7). */
gboolean        mk_workflow_intake            (MkRegulation        *regulation,
                                               MkCalendar          *calendar,
                                               MkCase              *c,
                                               gboolean             refuse,
                                               const GDate         *accepted,
                                               char               **out_missing,
                                               GError             **error);
/* §10 step 2, §24: @c, an edit of @old, may be saved; what intake fixed is
 * copied from @old, the rest checked as at registration. */
gboolean        mk_workflow_edit              (MkRegulation        *regulation,
                                               const MkUser        *actor,
                                               const MkCase        *old,
                                               MkCase              *c,
                                               MkWorkflowOfficeFunc offices,
                                               gpointer             user_data,
                                               GError             **error);
/* §4, §6: the code and basis a certificate carries, as the form gives them. */
gboolean        mk_workflow_check_certificate (const MkAddress     *address,
                                               const char          *basis_number,
                                               const GDate         *basis_date,
                                               const GDate         *today,
                                               GError             **error);
/* §4, §6: the address registration code that @c's address holds among the
 * active addresses, or NULL: an assignment's or a change's certificate gives
 * it, until the head sends the draft back or the address is abolished. A
 * clarification only cites a code, an abolition retires one. */
const char     *mk_workflow_held_rca          (const MkCase        *c);
/* §4, §6: refuses @c's code when another case already holds it: @holder_regno
 * names it, or is NULL when only the database's unique index said so (@taken). */
gboolean        mk_workflow_check_rca_free    (const MkCase        *c,
                                               const char          *holder_regno,
                                               gboolean             taken,
                                               GError             **error);
/* §6: the code that @action, just applied to @c, retires from the active
 * addresses (the abolished address, or the former address of a change, once
 * the head has signed), or NULL. Whoever held it holds it no more. */
const char     *mk_workflow_retired_rca       (const MkCase        *c,
                                               const MkAction      *action);
/* Makes the address of @c, which held a code another case retired, inactive. */
void            mk_workflow_retire_address    (MkCase              *c);
/* Applies the action @action_id of §10 to @c: checks role, office, stage,
 * reason and the action's own conditions, then changes stage, result and
 * deadlines. Returns the action, or NULL with @c unchanged. */
const MkAction *mk_workflow_apply_action      (MkRegulation        *regulation,
                                               MkCalendar          *calendar,
                                               const MkUser        *actor,
                                               MkCase              *c,
                                               const char          *action_id,
                                               const char          *reason,
                                               const MkWorkflowFacts *facts,
                                               GError             **error);
/* §10 steps 3 and 6, §19: a register of @n_cases cases going @direction
 * ("to-provider" or "to-center") for @provider. Returns the action each case
 * takes ("send-to-provider", "send-to-center"), or NULL. */
const char     *mk_workflow_check_register    (const char          *direction,
                                               const MkOffice      *provider,
                                               const char          *provider_id,
                                               guint                n_cases,
                                               GError             **error);
/* Whether @c may go in a register of @provider_id serving @center_id. */
gboolean        mk_workflow_check_register_case (const MkCase      *c,
                                               const char          *provider_id,
                                               const char          *center_id,
                                               GError             **error);
/* §10 steps 3 and 6: the receiving side signs for a register. */
gboolean        mk_workflow_check_receive     (const MkUser        *actor,
                                               const MkRegister    *reg,
                                               GError             **error);
/* §10, §14: @actor may open the documents of kind @kind of a case or register
 * (@what, its number) of center office @center_id and provider @provider_id
 * when working at one of the two (or as administrator), and make a new
 * version (@new_version) only with a role the regulation names for it there. */
gboolean        mk_workflow_check_document    (MkRegulation        *regulation,
                                               const MkUser        *actor,
                                               const char          *kind,
                                               const char          *what,
                                               const char          *center_id,
                                               const char          *provider_id,
                                               gboolean             new_version,
                                               GError             **error);
/* #13: what only an administrator does (@what: "back up the database"). */
gboolean        mk_workflow_check_administrator (const MkUser      *actor,
                                                 const char        *what,
                                                 GError           **error);
/* #10: an administrator's change of office @before into @after (App. 1, App.
 * 2 as data): the id, kind (the appendix) and number stay; names and
 * addresses in Kazakh and Russian and the phone are not empty, the phone a
 * Kazakh number (kept as written, "8 (7212) 42-02-20"); a provider has its
 * oblast in both languages; a center's @provider (the office its
 * provider_id names, or NULL) is a provider. */
gboolean        mk_workflow_check_office_edit (const MkUser        *actor,
                                               const MkOffice      *before,
                                               const MkOffice      *after,
                                               const MkOffice      *provider,
                                               GError             **error);
/* §10 step 5: @actor may sign the result of @c: the head of its provider,
 * while the case waits for the signature. */
gboolean        mk_workflow_check_signer      (const MkUser        *actor,
                                               const MkCase        *c,
                                               GError             **error);
/* §10 step 5: the key whose certificate digest is @key_sha256 is @head's,
 * the one an administrator registered on the head's account. */
gboolean        mk_workflow_check_signing_key (const MkUser        *head,
                                               const char          *key_sha256,
                                               GError             **error);
/* §10 step 5: once an administrator has installed trust anchors (the
 * national certification center's roots), the head's key must lead to one,
 * valid at the signing time; @trust is what mk_sign_check_chain() found. */
gboolean        mk_workflow_check_signing_trust (MkSignTrust        trust,
                                                 const char        *anchor_name,
                                                 GError           **error);
/* §10: whether @role may attach or remove the applicant's documents while a
 * case is at @stage_id: whoever holds the package (center or provider), not
 * the head, and not at a final stage. */
gboolean        mk_workflow_may_attach        (MkRegulation        *regulation,
                                               MkRole               role,
                                               const char          *stage_id);
/* mk_workflow_may_attach() with the message for @actor and case @regno. */
gboolean        mk_workflow_check_attach      (MkRegulation        *regulation,
                                               const MkUser        *actor,
                                               const char          *regno,
                                               const char          *stage_id,
                                               GError             **error);
/* #14: the actions @actor may take on @c now (const MkAction*, in the
 * regulation's order): role, office, stage and the case's own state (§19
 * receipt, §22 storage, §26 a refusal to notify). Issue is offered before its
 * recipient is known. */
GPtrArray      *mk_workflow_actions_now       (MkRegulation        *regulation,
                                               const MkUser        *actor,
                                               const MkCase        *c,
                                               const MkWorkflowFacts *facts);
/* #14: of @actions (mk_workflow_actions_now()), the one the case waits for:
 * the archive once its storage month ran out (§22), else the regulation's
 * first; NULL when @actions is empty. */
const MkAction *mk_workflow_expected_action   (GPtrArray           *actions);
/* #14: what @action will do to @c, in a clerk's words, naming the case (for
 * the question asked before it). */
char           *mk_workflow_describe_action   (MkRegulation        *regulation,
                                               const MkCase        *c,
                                               const MkAction      *action);
/* §21, #14: @recipient may take the result of @c: the applicant, or the
 * representative the case names, with an identity document and its number. */
gboolean        mk_workflow_check_recipient   (const MkCase        *c,
                                               const MkIssueRecipient *recipient,
                                               GError             **error);
const char     *mk_recipient_kind_to_id       (MkRecipientKind      kind);
gboolean        mk_recipient_kind_from_id     (const char          *id,
                                               MkRecipientKind     *kind);
const char     *mk_id_document_kind_to_id     (MkIdDocumentKind     kind);
gboolean        mk_id_document_kind_from_id   (const char          *id,
                                               MkIdDocumentKind    *kind);
/* The document's name in the interface language. */
const char     *mk_id_document_kind_name      (MkIdDocumentKind     kind);
/* #14, §9: an administrator's correction of a wrong step: the last change of
 * stage among @events (MkEvent*, oldest first) is undone and @c moves back
 * to the stage before it, with @reason. Refused (and @c unchanged) for a
 * step that cannot be taken back. Returns that step's event. */
/* The step mk_workflow_correct() would take back, or NULL with why not
 * (@c unchanged, no reason needed). */
const MkEvent  *mk_workflow_correction_step   (MkRegulation        *regulation,
                                               const MkUser        *actor,
                                               const MkCase        *c,
                                               GPtrArray           *events,
                                               GError             **error);
const MkEvent  *mk_workflow_correct           (MkRegulation        *regulation,
                                               const MkUser        *actor,
                                               MkCase              *c,
                                               GPtrArray           *events,
                                               const char          *reason,
                                               GError             **error);
/* §10 steps 4 and 7, §19: whether @c, last sent in @reg, is still on its
 * way: the register, nor the case in it (@case_received_at), received yet,
 * and the case still at the stage the register brought it to. */
gboolean        mk_workflow_case_in_transit   (MkRegulation        *regulation,
                                               const MkCase        *c,
                                               const MkRegister    *reg,
                                               gint64               case_received_at);
/* §10 steps 4 and 7, §19: @actor may confirm that case @c of @reg arrived
 * (@c NULL: the whole register). */
gboolean        mk_workflow_check_receive_case (const MkUser       *actor,
                                               const MkRegister    *reg,
                                               const MkCase        *c,
                                               gint64               case_received_at,
                                               GError             **error);

/* The deadline that applies at @c's stage becomes @c->due. */
void            mk_workflow_update_due        (MkRegulation        *regulation,
                                               MkCase              *c);

G_END_DECLS
