/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case store: the only module that talks SQL. Every public call that
 * changes data is one transaction and appends hash-chained audit events. */
#pragma once

#include <glib-object.h>
#include "mk-types.h"
#include "mk-case.h"
#include "mk-calendar.h"
#include "mk-regulation.h"
#include "mk-office.h"
#include "mk-import.h"
#include "mk-records.h"
#include "mk-error.h"
#include "mk-clock.h"
#include "mk-trust.h"
#include "mk-report.h"
#include "mk-workflow.h"

G_BEGIN_DECLS


typedef struct {
  const char *text;          /* search as you type; NULL or "" for all */
  const char *stage;         /* NULL for any */
  int         kind;          /* MkServiceKind, or -1 for any */
  int         queue_role;    /* MkRole: only cases waiting for this role; -1 for any */
  const char *office_id;     /* cases of this center or provider; NULL for any */
  gboolean    overdue_only;  /* due before @today */
  GDate       today;         /* for overdue; invalid = the real today */
  gboolean    descending;    /* latest due first */
} MkSearchQuery;

#define MK_TYPE_STORE (mk_store_get_type ())
G_DECLARE_FINAL_TYPE (MkStore, mk_store, MK, STORE, GObject)

/* $XDG_DATA_HOME/mekenjai/mekenjai.db */
char          *mk_store_default_path     (void);
/* Opens the database at @path: a file (SQLite, created, migrated and seeded
 * when needed) or a server's postgresql:// URI or "host=… dbname=…"
 * connection string (PostgreSQL, whose tables only mk_store_initialize() creates). */
MkStore       *mk_store_open             (const char  *path,
                                          GError     **error);
/* As mk_store_open(), with a server's password given apart (from the
 * desktop keyring); it is never shown, printed or kept in the settings. */
MkStore       *mk_store_open_with_password (const char  *location,
                                            const char  *password,
                                            GError     **error);
/* Another connection to the same database (for another thread), counting
 * time by the same clock. */
MkStore       *mk_store_reopen           (MkStore     *self,
                                          GError     **error);
/* A server's connection string from its parts (the preferences); @sslmode
 * is libpq's ("disable", "require", "verify-full"). */
char          *mk_store_server_location  (const char  *host,
                                          guint        port,
                                          const char  *dbname,
                                          const char  *user,
                                          const char  *sslmode);
/* As mk_store_open(), but also creates or upgrades a server's schema (an
 * administrator's database role: `mekenjai-cli init`). */
MkStore       *mk_store_initialize       (const char  *location,
                                          GError     **error);
/* Gives the app's own database role the rights it needs on a server:
 * read and write the data, only add to the audit trail. */
gboolean       mk_store_grant_app_role   (MkStore     *self,
                                          const char  *role,
                                          GError     **error);
/* Does @location name a server (not a file)? */
gboolean       mk_store_is_server_location (const char *location);
/* @location as it may be shown: a server's address without its password. */
char          *mk_store_describe_location (const char *location);
/* What mk_store_open() was given (with a server's password, if it held one). */
const char    *mk_store_get_path         (MkStore     *self);
/* The same, without a password: to show and print. */
const char    *mk_store_get_display_name (MkStore     *self);
/* Is the database on a server (PostgreSQL)? */
gboolean       mk_store_is_server        (MkStore     *self);
int            mk_store_get_schema_version (MkStore   *self);
MkRegulation  *mk_store_get_regulation   (MkStore     *self);
/* The edition a case was accepted under (§4), which its rules follow. */
MkRegulation  *mk_store_get_case_regulation (MkStore      *self,
                                            const MkCase *c);
MkCalendar    *mk_store_get_calendar     (MkStore     *self);
/* The day the store treats as today (tests and demo data may pin it). */
void           mk_store_get_today        (MkStore     *self,
                                          GDate       *today);
void           mk_store_set_today        (MkStore     *self,
                                          const GDate *today);
/* The application's one clock (Kazakhstan time), which the store counts by. */
MkClock       *mk_store_get_clock        (MkStore     *self);

/* Reference data. */
GPtrArray     *mk_store_list_offices     (MkStore     *self,
                                          MkOrgKind    kind,
                                          GError     **error);   /* MkOffice* */
MkOffice      *mk_store_get_office       (MkStore     *self,
                                          const char  *id,
                                          GError     **error);
/* #10: an administrator's change of an office's names, address, phone,
 * oblast (providers) or provider (centers); its appendix and number stay.
 * One transaction with an "update-office" event recording before and after. */
gboolean       mk_store_update_office    (MkStore        *self,
                                          const MkUser   *actor,
                                          const MkOffice *office,
                                          GError        **error);

/* Users. @actor must be an administrator, or NULL while the store has no user. */
guint          mk_store_count_users      (MkStore     *self);
gboolean       mk_store_add_user         (MkStore     *self,
                                          const MkUser *actor,
                                          MkUser      *user,
                                          const char  *password,
                                          GError     **error);
gboolean       mk_store_update_user      (MkStore     *self,
                                          const MkUser *actor,
                                          const MkUser *user,
                                          const char  *new_password, /* NULL: keep */
                                          GError     **error);
/* §10 step 5: registers @certificate (PEM or DER; NULL removes it) as the
 * signing certificate of the head @user_id; signing with any other key is
 * refused. Administrators only; audited. */
gboolean       mk_store_set_user_certificate (MkStore   *self,
                                          const MkUser *actor,
                                          gint64       user_id,
                                          GBytes      *certificate,
                                          GError     **error);
/* §10 step 5: the trust anchors, the root certificates of the certification
 * centers whose certificates the head may sign with (MkSignCertificate*,
 * by name). Adding takes one DER certificate or a PEM bundle, only
 * certification centers' (CA) certificates, and returns how many were new;
 * removing takes the certificate's SHA-256. Administrators only; audited. */
GPtrArray     *mk_store_list_trust_anchors  (MkStore      *self,
                                             GError      **error);
guint          mk_store_add_trust_anchors   (MkStore      *self,
                                             const MkUser *actor,
                                             GBytes       *certificates,
                                             GError      **error);
gboolean       mk_store_remove_trust_anchor (MkStore      *self,
                                             const MkUser *actor,
                                             const char   *sha256,
                                             GError      **error);
GPtrArray     *mk_store_list_users       (MkStore     *self,
                                          GError     **error);   /* MkUser* */
/* The id of the user @login; 0 when there is none (no error set then). */
gint64         mk_store_find_user_id     (MkStore     *self,
                                          const char  *login,
                                          GError     **error);
MkUser        *mk_store_get_user         (MkStore     *self,
                                          gint64       id,
                                          GError     **error);
/* Argon2id check; MK_STORE_ERROR_AUTH on a wrong login or password. */
MkUser        *mk_store_authenticate     (MkStore     *self,
                                          const char  *login,
                                          const char  *password,
                                          GError     **error);

/* Cases. */
/* §10 step 2: validates (the §16 hours at c->accepted_at or now, ИИН/БИН, required fields, office, checklist complete),
 * assigns the registration number when @c has none, computes the deadlines,
 * stores the case at the initial stage; sets c->id and c->regno. */
gboolean       mk_store_register_case    (MkStore     *self,
                                          const MkUser *actor,
                                          MkCase      *c,
                                          GError     **error);
/* §23: records a refusal to accept; the missing items stay on the case. */
gboolean       mk_store_refuse_intake    (MkStore     *self,
                                          const MkUser *actor,
                                          MkCase      *c,
                                          GError     **error);
MkCase        *mk_store_get_case         (MkStore     *self,
                                          gint64       id,
                                          GError     **error);
MkCase        *mk_store_get_case_by_regno (MkStore    *self,
                                          const char  *regno,
                                          GError     **error);
/* Saves edits to applicant, object, address and checklist; one event with before → after. */
gboolean       mk_store_update_case      (MkStore     *self,
                                          const MkUser *actor,
                                          MkCase      *c,
                                          GError     **error);
/* Moves the case by one of the regulation's actions; wrong role or stage fails
 * with MK_REGULATION_ERROR naming both. @reason is required where the action says so. */
gboolean       mk_store_apply_action     (MkStore     *self,
                                          const MkUser *actor,
                                          gint64       case_id,
                                          const char  *action,
                                          const char  *reason,
                                          GError     **error);

/* §21 (#14): issues the result of @case_id to @recipient, recorded with the
 * event; the same rules as mk_store_apply_action() "issue". */
gboolean       mk_store_issue_result     (MkStore     *self,
                                          const MkUser *actor,
                                          gint64       case_id,
                                          const MkIssueRecipient *recipient,
                                          GError     **error);
/* #14, §9: an administrator moves @case_id back one step, undoing its last
 * change of stage, with @reason in the history (mk_workflow_correct()). */
gboolean       mk_store_correct_case     (MkStore     *self,
                                          const MkUser *actor,
                                          gint64       case_id,
                                          const char  *reason,
                                          GError     **error);
/* #14: what the rules need to know about @c beyond itself, now (today, a
 * register still on its way), for mk_workflow_actions_now(). */
gboolean       mk_store_get_workflow_facts (MkStore   *self,
                                          const MkCase *c,
                                          MkWorkflowFacts *facts,
                                          GError     **error);

/* §10 step 4, §6, §4: the executor prepares the certificate: @address as it
 * will be printed, with its 16-digit registration code, and the basis (the
 * akimat's resolution or decision). Saved with the action in one
 * transaction; @version (0: not checked) guards against another
 * workstation's change (MK_STORE_ERROR_CONFLICT). */
gboolean       mk_store_prepare_certificate (MkStore         *self,
                                             const MkUser    *actor,
                                             gint64           case_id,
                                             gint64           version,
                                             const MkAddress *address,
                                             const char      *basis_number,
                                             const GDate     *basis_date,
                                             GError         **error);

/* Search as you type, ordered by due date; keyset paging: pass 0, then the
 * sort_key of the last row received. Case and Kazakh/Russian letters fold. */
GPtrArray     *mk_store_search           (MkStore     *self,
                                          const MkSearchQuery *query,
                                          gint64       after_key,
                                          guint        limit,
                                          GError     **error);   /* MkCaseRow* */
/* Number of cases per stage id (char* → GUINT_TO_POINTER). */
GHashTable    *mk_store_count_by_stage   (MkStore     *self,
                                          const char  *office_id,
                                          GError     **error);

/* #12: the report of the days @from to @to (both included) for @actor: of
 * @office_id (NULL: the actor's own, or every office for an administrator),
 * computed from the stage history in one read snapshot. */
MkReport      *mk_store_report           (MkStore     *self,
                                          const MkUser *actor,
                                          const GDate *from,
                                          const GDate *to,
                                          const char  *office_id,
                                          GError     **error);

/* #12 "Today": for @actor, the cases whose current stage is due on @day
 * (NULL: the store's today), those due on the next Kazakh working day, and
 * how many are overdue (due before @day). Which cases are the actor's is the
 * rules' (mk_timeliness_due_for); the administrator's are all of them. */
MkDueCases    *mk_store_due_cases        (MkStore      *self,
                                          const MkUser *actor,
                                          const GDate  *day,
                                          GError      **error);

/* Registers (§10 step 3, §19). Creating one applies "send-to-provider" (or
 * "send-to-center") to every case in it, in one transaction. */
MkRegister    *mk_store_create_register  (MkStore     *self,
                                          const MkUser *actor,
                                          const char  *direction,
                                          const char  *provider_id,
                                          const gint64 *case_ids,
                                          guint        n_cases,
                                          GError     **error);
gboolean       mk_store_receive_register (MkStore     *self,
                                          const MkUser *actor,
                                          gint64       register_id,
                                          GError     **error);
/* §10 steps 4 and 7, §19 (#14): the receiving side confirms that case
 * @case_id of register @register_id arrived; once every case has, so has the
 * register. Audited on the case. */
gboolean       mk_store_receive_register_case (MkStore     *self,
                                          const MkUser *actor,
                                          gint64       register_id,
                                          gint64       case_id,
                                          GError     **error);
GPtrArray     *mk_store_list_registers   (MkStore     *self,
                                          const char  *office_id,
                                          GError     **error);   /* MkRegister* */
MkRegister    *mk_store_get_register     (MkStore     *self,
                                          gint64       id,
                                          GError     **error);

/* Audit trail. */
GPtrArray     *mk_store_list_events      (MkStore     *self,
                                          gint64       case_id,
                                          GError     **error);   /* MkEvent* */
/* Recomputes the hash chain and the digests of the rows of cases, users and
 * attachments; on a break returns FALSE, sets @bad_event_id and an error
 * naming the event; on a row that no longer matches the last event that
 * recorded it (@bad_event_id 0), an error naming the row. */
gboolean       mk_store_verify_audit     (MkStore     *self,
                                          gint64      *bad_event_id,
                                          guint64     *n_events,
                                          GError     **error);

/* A row of cases, users or attachments that the audit trail does not vouch for. */
typedef enum {
  MK_AUDIT_ROW_CHANGED,      /* its content differs from what its last event recorded */
  MK_AUDIT_ROW_UNRECORDED,   /* no event recorded it: written behind the application's back */
  MK_AUDIT_ROW_DELETED,      /* an event recorded it, and it is gone */
} MkAuditRowProblem;

typedef struct {
  const char        *table;     /* "case", "user", "attachment" */
  gint64             id;
  gint64             event_id;  /* the last event that recorded the row; 0: none */
  MkAuditRowProblem  problem;
} MkAuditBadRow;

/* What mk_store_check_audit() found. */
typedef struct {
  guint64  n_events;
  char    *head_digest;     /* the last event's hash; "" when there is none */
  gint64   bad_event;       /* 0: the chain is whole */
  char    *chain_error;     /* why it is not, or NULL */
  GArray  *bad_rows;        /* MkAuditBadRow */
  /* Against a backup (NULL: not asked). */
  char    *backup;
  guint64  backup_events;   /* the backup's chain head: its number of events… */
  char    *backup_digest;   /* …and its last event's hash */
  char    *here_digest;     /* this chain's event at that position, or NULL when it has fewer */
  gboolean extends_backup;  /* the chain is whole and holds the backup's head where it was */
} MkAuditReport;

void           mk_audit_report_free      (MkAuditReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkAuditReport, mk_audit_report_free)

/* The whole check of the audit trail, optionally against the chain head of
 * @backup (a file `backup` wrote): NULL only when the database or the backup
 * cannot be read. The audit trail holds when bad_event is 0, bad_rows is
 * empty and, against a backup, extends_backup. */
MkAuditReport *mk_store_check_audit      (MkStore     *self,
                                          const char  *backup,
                                          GError     **error);
/* The chain head of the database (the number of events and the last one's hash). */
gboolean       mk_store_get_audit_head   (MkStore     *self,
                                          guint64     *n_events,
                                          char       **digest,
                                          GError     **error);

/* Calendar and regulation data, kept in the store (administrator only). */
gboolean       mk_store_import_calendar  (MkStore     *self,
                                          const MkUser *actor,
                                          MkCalendar  *years,
                                          GError     **error);
gboolean       mk_store_import_regulation (MkStore    *self,
                                          const MkUser *actor,
                                          const char  *data,
                                          GError     **error);
/* The current edition's text, as imported (transfer full). */
char          *mk_store_dup_regulation_text (MkStore   *self,
                                             GError   **error);

/* Intake drafts: one per user, survive closing the window and a crash. */
gboolean       mk_store_save_draft       (MkStore     *self,
                                          gint64       user_id,
                                          const char  *json,
                                          GError     **error);
char          *mk_store_load_draft       (MkStore     *self,
                                          gint64       user_id,
                                          GError     **error);   /* NULL, no error: none */
gboolean       mk_store_delete_draft     (MkStore     *self,
                                          gint64       user_id,
                                          GError     **error);

/* How far a copy has come: rows of @table copied so far. */
typedef void (*MkStoreProgress) (const char *table,
                                 guint64     n_rows,
                                 gpointer    user_data);

/* Copies the whole database into the empty one at @location (a file or a
 * server): cases, attachments, documents with their signatures, users,
 * drafts, the audit trail, calendar and regulation; then checks the copy
 * (row counts, every file's digest, the audit chain). */
gboolean       mk_store_migrate_to       (MkStore          *self,
                                          const char       *location,
                                          MkStoreProgress   progress,
                                          gpointer          user_data,
                                          GError          **error);
/* Online backup and restore. A backup is an SQLite file on either engine
 * (from a server, a portable copy any Mekenjai restores); restore refuses a
 * file that is not a Mekenjai database or comes from a newer version. Both
 * are an administrator's (#13): @actor, signed in; a restore into a database
 * that has no user yet (a new installation) needs nobody. */
gboolean       mk_store_backup           (MkStore      *self,
                                          const MkUser *actor,
                                          const char   *dest_path,
                                          GError      **error);
/* How a restore may go: MK_STORE_RESTORE_FORCE takes a backup whose audit
 * trail is broken, and records that in the restored trail. */
typedef enum {
  MK_STORE_RESTORE_CHECKED = 0,
  MK_STORE_RESTORE_FORCE   = 1 << 0,
} MkStoreRestoreFlags;

/* Checks the whole backup in a private copy first (pages, schema, every
 * table, stored files, audit chain); only then replaces the live database
 * at once: a file by renaming the checked copy over it (refused while
 * another program has it open), a server's tables in one transaction. A
 * refused or failed restore leaves the live database as it was. */
gboolean       mk_store_restore          (MkStore             *self,
                                          const MkUser        *actor,
                                          const char          *src_path,
                                          MkStoreRestoreFlags  flags,
                                          GError             **error);

/* Demo data (mk-demo.c): users for every role (marked demo) and @n_cases
 * realistic cases spread over stages and dates, reproducible from @seed. */
gboolean       mk_store_seed_demo        (MkStore     *self,
                                          guint        n_cases,
                                          guint32      seed,
                                          GError     **error);

/* Attachments (mk-store-attachments.c): the applicant's documents, each one
 * checked PDF (mk-import) belonging to one checklist item of one case. */
typedef struct {
  gint64  id;
  gint64  case_id;
  char   *doc_kind;      /* the checklist item (MkDocumentKind id) */
  gint64  created_at;    /* unix time, UTC */
  gint64  created_by;    /* user id */
  char   *file_name;     /* the file it came from; NULL for a scan */
  guint   n_pages;
  gint64  size;          /* bytes of the PDF */
  char   *sha256;        /* lowercase hex digest of the PDF */
  gint64  removed_at;    /* 0 while attached; removed rows stay for the audit trail */
  gint64  removed_by;
} MkAttachment;

MkAttachment  *mk_attachment_copy        (const MkAttachment *attachment);
void           mk_attachment_free        (MkAttachment *attachment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkAttachment, mk_attachment_free)

/* Stores @pdf for the item @doc_kind of case @c (c->id set) in one transaction:
 * the row, the item marked present with one more attachment, an audit event.
 * @c's item and remembered version follow, so that a later
 * mk_store_update_case() of @c neither conflicts nor undoes the mark.
 * Returns the attachment id, 0 on error. */
gint64         mk_store_add_attachment   (MkStore     *self,
                                          const MkUser *actor,
                                          MkCase      *c,
                                          const char  *doc_kind,
                                          const char  *file_name,
                                          const MkImportResult *pdf,
                                          GError     **error);
/* Attachments not removed, oldest first; @doc_kind NULL for every item (MkAttachment*). */
GPtrArray     *mk_store_list_attachments (MkStore     *self,
                                          gint64       case_id,
                                          const char  *doc_kind,
                                          GError     **error);
MkAttachment  *mk_store_get_attachment   (MkStore     *self,
                                          gint64       id,
                                          GError     **error);
/* The PDF, after checking it against its stored SHA-256 (§9);
 * MK_IMPORT_ERROR_DIGEST_MISMATCH if it was altered. */
GBytes        *mk_store_read_attachment  (MkStore     *self,
                                          gint64       id,
                                          GError     **error);
/* Marks the attachment removed (the row and its PDF stay, for the audit
 * trail) with an audit event carrying @reason (may be NULL). The item's
 * count drops; when no attachment is left, "present" returns to what it was
 * before the first attachment (a paper document ticked by hand stays ticked). */
gboolean       mk_store_remove_attachment (MkStore    *self,
                                          const MkUser *actor,
                                          MkCase      *c,
                                          gint64       attachment_id,
                                          const char  *reason,
                                          GError     **error);


/* ---- Documents (mk-store-documents.c) ----------------------------------
 * The documents the service prints (§6, §13, §19, §23, §24, §26), rendered by
 * mk-document and kept as issued: every change makes a new version, and a
 * signed version is immutable (never updated, never deleted). */

typedef struct {
  gint64    id;
  gint64    case_id;        /* 0 for a register */
  gint64    register_id;    /* registers only, else 0 */
  char     *kind;           /* mk_document_type_to_id(): "receipt", "certificate", … */
  char     *number;         /* the number printed (and in the QR code) */
  guint     version;        /* 1, 2, … per case (or register) and kind */
  gint64    created_at;
  gint64    created_by;
  char     *sha256;         /* of the PDF bytes, hex */
  char     *qr_payload;     /* the text of the document's QR code */
  char     *qr_digest;      /* the digest inside it */
  gboolean  is_signed;
  gint64    signed_at;
  gint64    signed_by;
  char     *signer_name;
  gint64    superseded_by;  /* 0: the current version */
  char     *signer_cert_sha256; /* the certificate it was signed with (registered for the head then) */
  GBytes   *pdf;            /* NULL in lists */
} MkDocumentRecord;

MkDocumentRecord *mk_document_record_copy (const MkDocumentRecord *record);
void              mk_document_record_free (MkDocumentRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkDocumentRecord, mk_document_record_free)

/* What a check of a QR code or of a PDF file found. */
typedef struct {
  MkDocumentRecord *document;        /* the stored document it names; NULL: none */
  gboolean          digest_matches;  /* the QR digest is the stored document's */
  gboolean          identical;       /* file check: the bytes are a stored version */
  gboolean          has_signature;   /* the checked file (or stored document) is signed */
  gboolean          signature_valid; /* and the signature covers it unchanged */
  char             *signer_name;     /* from the signature, or NULL */
  gint64            signing_time;
  /* §10 step 5: the signature's certificate is the one registered for the
   * head who signed, as the store recorded at signing. */
  gboolean          signer_registered;
  char             *registered_head; /* that head's name, or NULL when unknown */
  /* Whether the signature's certificate chain leads to a trust anchor the
   * administrator installed, valid at the signing time, and its name. */
  MkSignTrust       trust;
  char             *trust_anchor;
} MkDocumentCheck;

void              mk_document_check_free  (MkDocumentCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkDocumentCheck, mk_document_check_free)

/* Renders document @kind of case @id (of register @id for "register") from
 * the stored data and keeps it as a new version, in one transaction with an
 * audit event. When the latest version already shows the same data, that one
 * is returned (with its PDF) and nothing is written. */
MkDocumentRecord *mk_store_issue_document   (MkStore      *self,
                                             const MkUser *actor,
                                             const char   *kind,
                                             gint64        id,
                                             GError      **error);
/* Hands the issued document over (writes it out, say) inside the transaction
 * that stores it: when it fails, nothing is stored (#13). */
typedef gboolean (*MkStoreDocumentSink) (const MkDocumentRecord  *record,
                                         gpointer                 user_data,
                                         GError                 **error);
MkDocumentRecord *mk_store_issue_document_to (MkStore            *self,
                                              const MkUser       *actor,
                                              const char         *kind,
                                              gint64              id,
                                              MkStoreDocumentSink sink,
                                              gpointer            user_data,
                                              GError            **error);
/* The certificate of case @id as mk_store_prepare_certificate() with these
 * values would make it, for the executor's preview; nothing is stored. */
GBytes           *mk_store_preview_certificate (MkStore         *self,
                                                const MkUser    *actor,
                                                gint64           case_id,
                                                const MkAddress *address,
                                                const char      *basis_number,
                                                const GDate     *basis_date,
                                                GError         **error);
/* Every version of every document of a case, by kind then version (no PDF). */
GPtrArray        *mk_store_list_documents   (MkStore      *self,
                                             gint64        case_id,
                                             GError      **error);   /* MkDocumentRecord* */
/* One version with its PDF, checked against its stored SHA-256. */
MkDocumentRecord *mk_store_get_document     (MkStore      *self,
                                             gint64        id,
                                             GError      **error);
/* §10 step 5: the provider's head signs the unsigned version @document_id of
 * a certificate or reasoned refusal of a case at stage "signing" with the
 * key in @p12_path. The signed PDF becomes a new immutable version that
 * supersedes the unsigned one, and the case takes the "sign" action, all in
 * one transaction. Returns the signed version (with its PDF). */
MkDocumentRecord *mk_store_sign_document    (MkStore      *self,
                                             const MkUser *actor,
                                             gint64        document_id,
                                             const char   *p12_path,
                                             const char   *password,
                                             GError      **error);
/* §10 step 5 for a script: signs the current version of @case_id's result as
 * it prints for @actor. The head, the stage, the key, its password and its
 * registration are checked before anything is written, so that a refused
 * signature leaves no new version behind (#13). */
MkDocumentRecord *mk_store_sign_case        (MkStore      *self,
                                             const MkUser *actor,
                                             gint64        case_id,
                                             const char   *p12_path,
                                             const char   *password,
                                             GError      **error);
/* Looks up the document a QR code names (MK_QR_ERROR_FORMAT if @payload is
 * not a Mekenjai code). check->document is NULL when the store has no
 * document of that kind and number. */
MkDocumentCheck  *mk_store_find_document_by_qr (MkStore   *self,
                                             const char   *payload,
                                             GError      **error);
/* Checks a PDF file's bytes: a stored version byte for byte, and its signature. */
MkDocumentCheck  *mk_store_check_document_file (MkStore   *self,
                                             GBytes       *pdf,
                                             GError      **error);

G_END_DECLS
