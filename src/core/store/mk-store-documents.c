/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's issued documents: rendered versions, the head's signature, QR and file checks. */
#define G_LOG_DOMAIN "mk-store"

#include "mk-store-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mk-document.h"
#include "mk-qr.h"
#include "mk-sign.h"
#include "mk-workflow.h"

#define DOCUMENT_COLUMNS \
  "id, case_id, register_id, kind, number, version, created_at, created_by, sha256," \
  " qr_payload, qr_digest, signed, signed_at, signed_by, signer_name, superseded_by," \
  " signer_cert_sha256"

/* Records. */

MkDocumentRecord *
mk_document_record_copy (const MkDocumentRecord *record)
{
  MkDocumentRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_new0 (MkDocumentRecord, 1);
  *copy = *record;
  copy->kind = g_strdup (record->kind);
  copy->number = g_strdup (record->number);
  copy->sha256 = g_strdup (record->sha256);
  copy->qr_payload = g_strdup (record->qr_payload);
  copy->qr_digest = g_strdup (record->qr_digest);
  copy->signer_name = g_strdup (record->signer_name);
  copy->signer_cert_sha256 = g_strdup (record->signer_cert_sha256);
  copy->pdf = record->pdf != NULL ? g_bytes_ref (record->pdf) : NULL;
  return copy;
}

void
mk_document_record_free (MkDocumentRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->kind);
  g_free (record->number);
  g_free (record->sha256);
  g_free (record->qr_payload);
  g_free (record->qr_digest);
  g_free (record->signer_name);
  g_free (record->signer_cert_sha256);
  g_clear_pointer (&record->pdf, g_bytes_unref);
  g_free (record);
}

void
mk_document_check_free (MkDocumentCheck *check)
{
  if (check == NULL)
    return;
  mk_document_record_free (check->document);
  g_free (check->signer_name);
  g_free (check->registered_head);
  g_free (check->trust_anchor);
  g_free (check);
}

/* The column of "pdf" when a query reads it after DOCUMENT_COLUMNS. */
#define DOCUMENT_PDF_COLUMN 17

static MkDocumentRecord *
record_from_row (MkDbStmt *stmt,
                 int           pdf_column)
{
  MkDocumentRecord *r = g_new0 (MkDocumentRecord, 1);

  r->id = mk_db_column_int64 (stmt, 0);
  r->case_id = mk_db_column_int64 (stmt, 1);
  r->register_id = mk_db_column_int64 (stmt, 2);
  r->kind = mk_store_column_text (stmt, 3);
  r->number = mk_store_column_text (stmt, 4);
  r->version = (guint) mk_db_column_int64 (stmt, 5);
  r->created_at = mk_db_column_int64 (stmt, 6);
  r->created_by = mk_db_column_int64 (stmt, 7);
  r->sha256 = mk_store_column_text (stmt, 8);
  r->qr_payload = mk_store_column_text (stmt, 9);
  r->qr_digest = mk_store_column_text (stmt, 10);
  r->is_signed = mk_db_column_int64 (stmt, 11) != 0;
  r->signed_at = mk_db_column_int64 (stmt, 12);
  r->signed_by = mk_db_column_int64 (stmt, 13);
  r->signer_name = mk_store_column_text (stmt, 14);
  r->superseded_by = mk_db_column_int64 (stmt, 15);
  r->signer_cert_sha256 = mk_store_column_text (stmt, 16);
  if (pdf_column >= 0)
    r->pdf = g_bytes_new (mk_db_column_blob (stmt, pdf_column),
                          (gsize) mk_db_column_bytes (stmt, pdf_column));
  return r;
}

/* Runs @stmt (bound) and returns its first row, or NULL: none (no error) or failure. */
static MkDocumentRecord *
step_record (MkStore       *self,
             MkDbStmt  *stmt,
             int            pdf_column,
             GError       **error)
{
  MkDocumentRecord *r = NULL;
  int rc = mk_db_step (stmt);

  if (rc == MK_DB_ROW)
    r = record_from_row (stmt, pdf_column);
  else if (rc != MK_DB_DONE)
    mk_store_set_sql_error (self, error, _("Could not read the documents"));
  mk_db_reset (stmt);
  return r;
}

static char *
bytes_sha256 (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

/* §9: what the store hands out is what it stored. */
static gboolean
check_integrity (const MkDocumentRecord  *r,
                 GError                 **error)
{
  g_autofree char *sha = bytes_sha256 (r->pdf);

  if (g_strcmp0 (sha, r->sha256) == 0)
    return TRUE;
  g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_FAILED,
               _("Document %s (version %u) was altered in the database: its SHA-256 does not match"),
               r->number, r->version);
  return FALSE;
}

/* Gathering what a document shows. */

typedef struct {
  MkDocumentType   type;
  MkCase          *kase;
  MkOffice        *center;
  MkOffice        *center_parent;
  MkOffice        *provider;
  MkUser          *employee;
  MkUser          *signer;
  MkRegister      *reg;
  GPtrArray       *reg_cases;
  MkUser          *handed_by;
  MkUser          *received_by;
  char            *audit_head;
  MkDocumentInput  in;
} Source;

static void
source_clear (Source *s)
{
  g_clear_pointer (&s->kase, mk_case_unref);
  g_clear_pointer (&s->center, mk_office_free);
  g_clear_pointer (&s->center_parent, mk_office_free);
  g_clear_pointer (&s->provider, mk_office_free);
  g_clear_pointer (&s->employee, mk_user_free);
  g_clear_pointer (&s->signer, mk_user_free);
  g_clear_pointer (&s->reg, mk_register_free);
  g_clear_pointer (&s->reg_cases, g_ptr_array_unref);
  g_clear_pointer (&s->handed_by, mk_user_free);
  g_clear_pointer (&s->received_by, mk_user_free);
  g_clear_pointer (&s->audit_head, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Source, source_clear)

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list ap;

  va_start (ap, format);
  g_propagate_error (error, g_error_new_valist (MK_STORE_ERROR, MK_STORE_ERROR_INVALID, format, ap));
  va_end (ap);
  return FALSE;
}

/* The user who last took @action on the case (0: nobody), and when. */
static gint64
last_actor_of (MkStore     *self,
               gint64       case_id,
               const char  *action,
               gint64      *at)
{
  g_autoptr(GPtrArray) events = mk_store_list_events (self, case_id, NULL);
  gint64 user_id = 0;

  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      MkEvent *e = g_ptr_array_index (events, i);

      if (g_strcmp0 (e->action, action) == 0)
        {
          user_id = e->user_id;
          if (at != NULL)
            *at = e->at;
        }
    }
  return user_id;
}

/* The first active user of @role in @office_id, or NULL. */
static MkUser *
office_user (MkStore    *self,
             MkRole      role,
             const char *office_id)
{
  g_autoptr(GPtrArray) users = mk_store_list_users (self, NULL);

  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      MkUser *u = g_ptr_array_index (users, i);

      if (u->role == role && u->active && g_strcmp0 (u->office_id, office_id) == 0)
        return mk_user_copy (u);
    }
  return NULL;
}

/* Who signs a certificate or refusal (the provider's head, §10 step 5) or a
 * return letter (the executor, §24): whoever took that step, else the acting
 * user when they hold the role, else the office's first such user. */
static MkUser *
find_signer (MkStore      *self,
             const MkUser *actor,
             MkCase       *c,
             MkRole        role,
             const char   *action)
{
  gint64 id = last_actor_of (self, c->id, action, NULL);

  if (id != 0)
    return mk_store_get_user (self, id, NULL);
  if (actor != NULL && actor->role == role)
    return mk_user_copy (actor);
  return office_user (self, role, c->provider_id);
}

static gboolean
check_case_kind (MkDocumentType   type,
                 MkCase          *c,
                 GError         **error)
{
  gboolean refused = g_strcmp0 (c->stage, "refused-at-intake") == 0;

  switch (type)
    {
    case MK_DOCUMENT_RECEIPT:
      if (refused)
        return invalid (error, _("Case %s was refused at intake (§23): print the refusal receipt instead"), c->regno);
      return TRUE;
    case MK_DOCUMENT_REFUSAL_RECEIPT:
      if (!refused)
        return invalid (error, _("Case %s was not refused at intake (§23): it has no refusal receipt"), c->regno);
      return TRUE;
    case MK_DOCUMENT_CERTIFICATE:
      if (g_strcmp0 (c->result, "certificate") != 0)
        return invalid (error, _("No certificate has been prepared for case %s (§6)"), c->regno);
      return TRUE;
    case MK_DOCUMENT_REFUSAL:
      if (g_strcmp0 (c->result, "refusal") != 0)
        return invalid (error, _("No reasoned refusal has been prepared for case %s (§26)"), c->regno);
      return TRUE;
    case MK_DOCUMENT_RETURN_LETTER:
      if (c->grounds == NULL || *c->grounds == '\0' || c->result != NULL)
        return invalid (error, _("Case %s was not returned for errors (§24)"), c->regno);
      return TRUE;
    case MK_DOCUMENT_REGISTER:
    case MK_DOCUMENT_N_TYPES:
    default:
      g_assert_not_reached ();
    }
}

static gboolean load_case_source (MkStore        *self,
                                  const MkUser   *actor,
                                  MkDocumentType  type,
                                  Source         *s,
                                  GError        **error);

static gboolean
load_source (MkStore       *self,
             const MkUser  *actor,
             MkDocumentType type,
             gint64         id,
             Source        *s,
             GError       **error)
{
  s->type = type;
  s->in.regulation = self->regulation;

  if (type == MK_DOCUMENT_REGISTER)
    {
      s->reg = mk_store_get_register (self, id, error);
      if (s->reg == NULL)
        return FALSE;
      s->reg_cases = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_case_unref);
      for (guint i = 0; i < s->reg->case_ids->len; i++)
        {
          MkCase *c = mk_store_get_case (self, g_array_index (s->reg->case_ids, gint64, i), error);

          if (c == NULL)
            return FALSE;
          g_ptr_array_add (s->reg_cases, c);
        }
      s->center = mk_store_get_office (self, s->reg->center_id, error);
      if (s->center == NULL)
        return FALSE;
      s->provider = mk_store_get_office (self, s->reg->provider_id, error);
      if (s->provider == NULL)
        return FALSE;
      s->handed_by = mk_store_get_user (self, s->reg->created_by, error);
      if (s->handed_by == NULL)
        return FALSE;
      if (s->reg->received_by != 0)
        s->received_by = mk_store_get_user (self, s->reg->received_by, NULL);
      /* #13: the register carries the audit trail's head on paper. */
      if (!mk_store_get_audit_head (self, &s->in.audit_events, &s->audit_head, error))
        return FALSE;
      s->in.audit_head = s->audit_head;
      s->in.reg = s->reg;
      s->in.reg_cases = s->reg_cases;
      s->in.handed_by = s->handed_by;
      s->in.received_by = s->received_by;
    }
  else
    {
      s->kase = mk_store_get_case (self, id, error);
      if (s->kase == NULL)
        return FALSE;
      return load_case_source (self, actor, type, s, error);
    }
  s->in.center = s->center;
  s->in.provider = s->provider;
  return TRUE;
}

/* The rest of a case's document source, once s->kase is set. */
static gboolean
load_case_source (MkStore        *self,
                  const MkUser   *actor,
                  MkDocumentType  type,
                  Source         *s,
                  GError        **error)
{
  s->type = type;
  /* §4: a case's documents follow the edition it was accepted under. */
  s->in.regulation = mk_store_get_case_regulation (self, s->kase);
  if (!check_case_kind (type, s->kase, error))
    return FALSE;
  s->center = mk_store_get_office (self, s->kase->center_id, error);
  if (s->center == NULL)
    return FALSE;
  if (s->center->parent_id != NULL)
    {
      s->center_parent = mk_store_get_office (self, s->center->parent_id, error);
      if (s->center_parent == NULL)
        return FALSE;
    }
  s->provider = mk_store_get_office (self, s->kase->provider_id, error);
  if (s->provider == NULL)
    return FALSE;
  if (s->kase->accepted_by != 0)
    s->employee = mk_store_get_user (self, s->kase->accepted_by, NULL);
  if (type == MK_DOCUMENT_CERTIFICATE || type == MK_DOCUMENT_REFUSAL)
    s->signer = find_signer (self, actor, s->kase, MK_ROLE_PROVIDER_HEAD, "sign");
  else if (type == MK_DOCUMENT_RETURN_LETTER)
    {
      gint64 returned_at = 0;

      s->signer = find_signer (self, actor, s->kase, MK_ROLE_PROVIDER_EXECUTOR, "return-for-errors");
      /* §24: the letter is dated the day the provider returned the package;
       * the case keeps that day only in its history. */
      if (!g_date_valid (&s->kase->result_date)
          && last_actor_of (self, s->kase->id, "return-for-errors", &returned_at) != 0)
        mk_clock_date_of (returned_at, &s->kase->result_date);
    }
  s->in.kase = s->kase;
  s->in.employee = s->employee;
  s->in.signer = s->signer;
  s->in.center_parent = s->center_parent;
  s->in.center = s->center;
  s->in.provider = s->provider;
  return TRUE;
}

/* The rendered document and what identifies it. */
typedef struct {
  GBytes *pdf;
  char   *sha256;
  char   *payload;
  char   *number;
  char   *digest;
} Rendered;

static void
rendered_clear (Rendered *r)
{
  g_clear_pointer (&r->pdf, g_bytes_unref);
  g_clear_pointer (&r->sha256, g_free);
  g_clear_pointer (&r->payload, g_free);
  g_clear_pointer (&r->number, g_free);
  g_clear_pointer (&r->digest, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Rendered, rendered_clear)

static gboolean
render_source (Source    *s,
               Rendered  *out,
               GError   **error)
{
  g_autoptr(MkQrPayload) parsed = NULL;

  out->payload = mk_document_qr_payload (s->type, &s->in, error);
  if (out->payload == NULL)
    return FALSE;
  parsed = mk_qr_payload_parse (out->payload, error);
  if (parsed == NULL)
    return FALSE;
  out->number = g_strdup (parsed->number);
  out->digest = g_strdup (parsed->digest);
  out->pdf = mk_document_render (s->type, &s->in, error);
  if (out->pdf == NULL)
    return FALSE;
  out->sha256 = bytes_sha256 (out->pdf);
  return TRUE;
}

static const char *const latest_sql[] = {
  "SELECT " DOCUMENT_COLUMNS ", pdf FROM document WHERE case_id = ?1 AND kind = ?2"
  " ORDER BY version DESC LIMIT 1",
  "SELECT " DOCUMENT_COLUMNS ", pdf FROM document WHERE register_id = ?1 AND kind = ?2"
  " ORDER BY version DESC LIMIT 1",
};

static MkDocumentRecord *
latest_version (MkStore     *self,
                gboolean     is_register,
                gint64       id,
                const char  *kind,
                GError     **error)
{
  MkDbStmt *stmt = mk_store_stmt (self, latest_sql[is_register ? 1 : 0], error);

  if (stmt == NULL)
    return NULL;
  mk_db_bind_int64 (stmt, 1, id);
  mk_store_bind_text (stmt, 2, kind);
  return step_record (self, stmt, DOCUMENT_PDF_COLUMN, error);
}

static gint64
insert_document (MkStore                *self,
                 const MkDocumentRecord *r,
                 GError                **error)
{
  MkDbStmt *stmt = mk_store_stmt (self,
    "INSERT INTO document (case_id, register_id, kind, number, version, created_at, created_by,"
    " pdf, sha256, qr_payload, qr_digest, signed, signed_at, signed_by, signer_name,"
    " signer_cert_sha256)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)", error);

  if (stmt == NULL)
    return 0;
  if (r->case_id != 0)
    mk_db_bind_int64 (stmt, 1, r->case_id);
  if (r->register_id != 0)
    mk_db_bind_int64 (stmt, 2, r->register_id);
  mk_store_bind_text (stmt, 3, r->kind);
  mk_store_bind_text (stmt, 4, r->number);
  mk_db_bind_int64 (stmt, 5, (int) r->version);
  mk_db_bind_int64 (stmt, 6, r->created_at);
  if (r->created_by != 0)
    mk_db_bind_int64 (stmt, 7, r->created_by);
  mk_db_bind_blob (stmt, 8, g_bytes_get_data (r->pdf, NULL), g_bytes_get_size (r->pdf));
  mk_store_bind_text (stmt, 9, r->sha256);
  mk_store_bind_text (stmt, 10, r->qr_payload);
  mk_store_bind_text (stmt, 11, r->qr_digest);
  mk_db_bind_int64 (stmt, 12, r->is_signed ? 1 : 0);
  if (r->is_signed)
    {
      mk_db_bind_int64 (stmt, 13, r->signed_at);
      mk_db_bind_int64 (stmt, 14, r->signed_by);
      mk_store_bind_text (stmt, 15, r->signer_name);
      mk_store_bind_text (stmt, 16, r->signer_cert_sha256);
    }
  if (!mk_store_step_done (self, stmt, error))
    return 0;
  return mk_db_last_insert_id (self->db);
}

static gboolean
set_superseded (MkStore  *self,
                gint64    old_id,
                gint64    new_id,
                GError  **error)
{
  /* The one column that may change on an issued row: the link to its successor. */
  MkDbStmt *stmt = mk_store_stmt (self,
    "UPDATE document SET superseded_by = ?2 WHERE id = ?1 AND superseded_by IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  mk_db_bind_int64 (stmt, 1, old_id);
  mk_db_bind_int64 (stmt, 2, new_id);
  return mk_store_step_done (self, stmt, error);
}

static gboolean
issue_locked (MkStore            *self,
              const MkUser       *actor,
              MkDocumentType      type,
              gint64              id,
              MkDocumentRecord  **out,
              GError            **error)
{
  g_auto(Source) s = { 0 };
  g_auto(Rendered) r = { 0 };
  g_autoptr(MkDocumentRecord) latest = NULL;
  g_autoptr(MkDocumentRecord) record = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *after = NULL;
  gboolean is_register = type == MK_DOCUMENT_REGISTER;
  const char *kind = mk_document_type_to_id (type);

  if (!load_source (self, actor, type, id, &s, error) || !render_source (&s, &r, error))
    return FALSE;

  latest = latest_version (self, is_register, id, kind, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* Same data, same document: printing again makes no new version. The
   * digest of the canonical data (the one the QR code carries) decides, not
   * the PDF's bytes, which another PC's fonts or libraries lay out otherwise;
   * a signed version stands for its unsigned content likewise. Whoever works
   * at the case's offices opens it; a new version only its makers (§10, §14). */
  if (!mk_workflow_check_document (self->regulation, actor, kind,
                                   is_register ? s.reg->number : s.kase->regno,
                                   is_register ? s.reg->center_id : s.kase->center_id,
                                   is_register ? s.reg->provider_id : s.kase->provider_id,
                                   latest == NULL || g_strcmp0 (latest->qr_digest, r.digest) != 0,
                                   error))
    return FALSE;
  if (latest != NULL && g_strcmp0 (latest->qr_digest, r.digest) == 0)
    {
      if (!check_integrity (latest, error))
        return FALSE;
      *out = g_steal_pointer (&latest);
      return TRUE;
    }

  record = g_new0 (MkDocumentRecord, 1);
  record->case_id = is_register ? 0 : id;
  record->register_id = is_register ? id : 0;
  record->kind = g_strdup (kind);
  record->number = g_steal_pointer (&r.number);
  record->version = latest != NULL ? latest->version + 1 : 1;
  record->created_at = mk_store_now ();
  record->created_by = actor->id;
  record->pdf = g_steal_pointer (&r.pdf);
  record->sha256 = g_steal_pointer (&r.sha256);
  record->qr_payload = g_steal_pointer (&r.payload);
  record->qr_digest = g_steal_pointer (&r.digest);
  record->id = insert_document (self, record, error);
  if (record->id == 0)
    return FALSE;
  if (latest != NULL && !set_superseded (self, latest->id, record->id, error))
    return FALSE;

  version = g_strdup_printf ("%u", record->version);
  after = mk_store_json_pairs ("document", kind, "number", record->number, "version", version,
                               "sha256", record->sha256, NULL);
  if (!mk_store_append_event (self, is_register ? 0 : id, record->created_at, actor,
                              "issue-document", s.kase != NULL ? s.kase->stage : NULL,
                              s.kase != NULL ? s.kase->stage : NULL, NULL, after, NULL, error))
    return FALSE;

  *out = g_steal_pointer (&record);
  return TRUE;
}

GBytes *
mk_store_preview_certificate (MkStore         *self,
                              const MkUser    *actor,
                              gint64           case_id,
                              const MkAddress *address,
                              const char      *basis_number,
                              const GDate     *basis_date,
                              GError         **error)
{
  g_auto(Source) s = { 0 };
  g_autoptr(MkCase) c = NULL;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  if (!mk_store_check_actor (self, actor, error))
    return NULL;
  c = mk_store_get_case (self, case_id, error);
  if (c == NULL)
    return NULL;
  /* The certificate as it would be prepared today: nothing is stored. */
  g_clear_pointer (&c->address, mk_address_free);
  c->address = mk_address_copy (address);
  g_free (c->basis_number);
  c->basis_number = g_strdup (basis_number);
  if (basis_date != NULL)
    c->basis_date = *basis_date;
  else
    g_date_clear (&c->basis_date, 1);
  g_free (c->result);
  c->result = g_strdup ("certificate");
  g_free (c->result_number);
  c->result_number = g_strdup (c->regno);
  mk_store_get_today (self, &c->result_date);

  if (!mk_workflow_check_document (self->regulation, actor, "certificate", c->regno,
                                   c->center_id, c->provider_id, FALSE, error))
    return NULL;
  s.kase = g_steal_pointer (&c);
  if (!load_case_source (self, actor, MK_DOCUMENT_CERTIFICATE, &s, error))
    return NULL;
  return mk_document_render (MK_DOCUMENT_CERTIFICATE, &s.in, error);
}

gboolean
mk_store_issue_document_locked (MkStore       *self,
                                const MkUser  *actor,
                                const char    *kind,
                                gint64         id,
                                GError       **error)
{
  g_autoptr(MkDocumentRecord) record = NULL;
  MkDocumentType type;

  if (!mk_document_type_from_id (kind, &type))
    {
      invalid (error, _("Unknown document kind “%s”"), kind);
      return FALSE;
    }
  return issue_locked (self, actor, type, id, &record, error);
}

MkDocumentRecord *
mk_store_issue_document (MkStore      *self,
                         const MkUser *actor,
                         const char   *kind,
                         gint64        id,
                         GError      **error)
{
  return mk_store_issue_document_to (self, actor, kind, id, NULL, NULL, error);
}

MkDocumentRecord *
mk_store_issue_document_to (MkStore            *self,
                            const MkUser       *actor,
                            const char         *kind,
                            gint64              id,
                            MkStoreDocumentSink sink,
                            gpointer            user_data,
                            GError            **error)
{
  MkDocumentRecord *record = NULL;
  MkDocumentType type;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!mk_document_type_from_id (kind, &type))
    {
      invalid (error, _("Unknown document kind “%s”"), kind);
      return NULL;
    }
  if (!mk_store_check_actor (self, actor, error))
    return NULL;
  /* The write lock first, so the version number and the data it shows agree. */
  if (!mk_store_begin (self, error))
    return NULL;
  ok = issue_locked (self, actor, type, id, &record, error);
  if (ok && sink != NULL)
    ok = sink (record, user_data, error);
  if (!mk_store_finish (self, ok, error))
    {
      g_clear_pointer (&record, mk_document_record_free);
      return NULL;
    }
  return record;
}

GPtrArray *
mk_store_list_documents (MkStore  *self,
                         gint64    case_id,
                         GError  **error)
{
  g_autoptr(GPtrArray) list = NULL;
  MkDbStmt *stmt;
  int rc;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = mk_store_stmt (self, "SELECT " DOCUMENT_COLUMNS " FROM document WHERE case_id = ?1"
                              " ORDER BY kind, version", error);
  if (stmt == NULL)
    return NULL;
  mk_db_bind_int64 (stmt, 1, case_id);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_document_record_free);
  while ((rc = mk_db_step (stmt)) == MK_DB_ROW)
    g_ptr_array_add (list, record_from_row (stmt, -1));
  mk_db_reset (stmt);
  if (rc != MK_DB_DONE)
    {
      mk_store_set_sql_error (self, error, _("Could not read the documents"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

MkDocumentRecord *
mk_store_get_document (MkStore  *self,
                       gint64    id,
                       GError  **error)
{
  g_autoptr(MkDocumentRecord) r = NULL;
  g_autoptr(GError) local_error = NULL;
  MkDbStmt *stmt;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = mk_store_stmt (self, "SELECT " DOCUMENT_COLUMNS ", pdf FROM document WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  mk_db_bind_int64 (stmt, 1, id);
  r = step_record (self, stmt, DOCUMENT_PDF_COLUMN, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (r == NULL)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_NOT_FOUND,
                   _("No document with id %lld"), (long long) id);
      return NULL;
    }
  if (!check_integrity (r, error))
    return NULL;
  return g_steal_pointer (&r);
}

/* Signing (§10 step 5). */

/* The head's own key at @at, the one an administrator registered on the
 * head's account; a key anyone can make is not the head's. */
static MkSignKey *
load_registered_key (MkStore       *self,
                     const MkUser  *actor,
                     const char    *p12_path,
                     const char    *password,
                     gint64         at,
                     char         **sha256,
                     GError       **error)
{
  g_autoptr(MkSignKey) key = mk_sign_key_load (p12_path, password, at, error);
  g_autoptr(MkUser) head = NULL;
  g_autofree char *digest = NULL;

  if (key == NULL)
    return NULL;
  head = mk_store_get_user (self, actor->id, error);
  if (head == NULL)
    return NULL;
  digest = mk_sign_key_get_certificate_sha256 (key);
  if (!mk_workflow_check_signing_key (head, digest, error))
    return NULL;
  {
    g_autoptr(GPtrArray) anchors = mk_store_list_trust_anchors (self, error);
    g_autoptr(GPtrArray) chain = NULL;
    g_autofree char *anchor = NULL;
    MkSignTrust trust;

    if (anchors == NULL)
      return NULL;
    chain = mk_sign_key_get_certificates (key);
    trust = mk_sign_check_chain (chain, anchors, at, &anchor);
    if (!mk_workflow_check_signing_trust (trust, anchor, error))
      return NULL;
  }
  *sha256 = g_steal_pointer (&digest);
  return g_steal_pointer (&key);
}

MkDocumentRecord *
mk_store_sign_case (MkStore      *self,
                    const MkUser *actor,
                    gint64        case_id,
                    const char   *p12_path,
                    const char   *password,
                    GError      **error)
{
  g_autoptr(MkCase) c = NULL;
  g_autoptr(MkSignKey) key = NULL;
  g_autoptr(MkDocumentRecord) draft = NULL;
  g_autofree char *key_sha256 = NULL;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  g_return_val_if_fail (p12_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!mk_store_check_actor (self, actor, error))
    return NULL;
  c = mk_store_get_case (self, case_id, error);
  if (c == NULL)
    return NULL;
  if (!mk_workflow_check_signer (actor, c, error))
    return NULL;
  if (c->result == NULL)
    {
      invalid (error, _("Case %s has no certificate or refusal to sign"), c->regno);
      return NULL;
    }
  /* The key first: a wrong password or another key changes nothing. */
  key = load_registered_key (self, actor, p12_path, password, mk_store_now (), &key_sha256, error);
  if (key == NULL)
    return NULL;

  /* The exact PDF to be signed: the current version as it prints for this head. */
  draft = mk_store_issue_document (self, actor, c->result, c->id, error);
  if (draft == NULL)
    return NULL;
  return mk_store_sign_document (self, actor, draft->id, p12_path, password, error);
}

MkDocumentRecord *
mk_store_sign_document (MkStore      *self,
                        const MkUser *actor,
                        gint64        document_id,
                        const char   *p12_path,
                        const char   *password,
                        GError      **error)
{
  g_autoptr(MkDocumentRecord) doc = NULL;
  g_autoptr(MkDocumentRecord) signed_doc = NULL;
  g_autoptr(MkDocumentRecord) stored = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(Source) s = { 0 };
  g_auto(Rendered) r = { 0 };
  g_autofree char *reason = NULL;
  g_autoptr(MkSignKey) key = NULL;
  MkDocumentType type;
  gboolean ok;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  g_return_val_if_fail (p12_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!mk_store_check_actor (self, actor, error))
    return NULL;
  doc = mk_store_get_document (self, document_id, error);
  if (doc == NULL)
    return NULL;
  if (!mk_document_type_from_id (doc->kind, &type)
      || (type != MK_DOCUMENT_CERTIFICATE && type != MK_DOCUMENT_REFUSAL))
    {
      invalid (error, _("Only a certificate or a reasoned refusal is signed (§6); document %s is not one"),
               doc->number);
      return NULL;
    }
  if (doc->is_signed)
    {
      invalid (error, _("Document %s (version %u) is already signed"), doc->number, doc->version);
      return NULL;
    }
  if (doc->superseded_by != 0)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_CONFLICT,
                   _("Document %s (version %u) has been replaced by a newer version; open the current one"),
                   doc->number, doc->version);
      return NULL;
    }

  /* What the head saw must still be what the case says: render it again. */
  if (!load_source (self, actor, type, doc->case_id, &s, error))
    return NULL;
  if (!mk_workflow_check_signer (actor, s.kase, error))
    return NULL;
  if (!render_source (&s, &r, error))
    return NULL;
  /* The case's data, not the bytes of this PC's rendering (see above). */
  if (g_strcmp0 (r.digest, doc->qr_digest) != 0)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_CONFLICT,
                   _("The case changed since document %s (version %u) was prepared; open it again before signing"),
                   doc->number, doc->version);
      return NULL;
    }

  signed_doc = g_new0 (MkDocumentRecord, 1);
  signed_doc->case_id = doc->case_id;
  signed_doc->kind = g_strdup (doc->kind);
  signed_doc->number = g_strdup (doc->number);
  signed_doc->version = doc->version + 1;
  signed_doc->is_signed = TRUE;
  signed_doc->signed_at = mk_store_now ();
  signed_doc->signed_by = actor->id;
  signed_doc->signer_name = g_strdup (actor->full_name);
  signed_doc->created_at = signed_doc->signed_at;
  signed_doc->created_by = actor->id;
  signed_doc->qr_payload = g_strdup (doc->qr_payload);
  signed_doc->qr_digest = g_strdup (doc->qr_digest);
  reason = g_strdup_printf ("%s %s", doc->kind, doc->number);
  key = load_registered_key (self, actor, p12_path, password, signed_doc->signed_at,
                             &signed_doc->signer_cert_sha256, error);
  if (key == NULL)
    return NULL;
  signed_doc->pdf = mk_sign_pdf_with_key (doc->pdf, key, actor->full_name, reason,
                                          signed_doc->signed_at, error);
  if (signed_doc->pdf == NULL)
    return NULL;
  signed_doc->sha256 = bytes_sha256 (signed_doc->pdf);

  /* One transaction: the signed version replaces the unsigned one and moves
   * the case, or nothing happens. The unsigned version must still be the
   * current one (another head, or a new draft, may have come first). */
  if (!mk_store_begin (self, error))
    return NULL;
  stored = latest_version (self, FALSE, doc->case_id, doc->kind, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      ok = FALSE;
    }
  else if (stored == NULL || stored->id != doc->id)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_CONFLICT,
                   _("Document %s (version %u) has been replaced by a newer version; open the current one"),
                   doc->number, doc->version);
      ok = FALSE;
    }
  else
    ok = (signed_doc->id = insert_document (self, signed_doc, error)) != 0
         && set_superseded (self, doc->id, signed_doc->id, error)
         && mk_store_apply_action_in_transaction (self, actor, doc->case_id, "sign", NULL, error);
  if (!mk_store_finish (self, ok, error))
    return NULL;
  return g_steal_pointer (&signed_doc);
}

/* Checks. */

static gboolean
has_byte_range (GBytes *pdf)
{
  static const char needle[] = "/ByteRange";
  gsize size = 0;
  const char *data = g_bytes_get_data (pdf, &size);

  /* Byte by byte: a PDF holds binary streams with NUL bytes. */
  for (gsize i = 0; i + sizeof needle - 1 <= size; i++)
    if (memcmp (data + i, needle, sizeof needle - 1) == 0)
      return TRUE;
  return FALSE;
}

static void
check_signature (MkStore         *self,
                 MkDocumentCheck *check,
                 GBytes          *pdf)
{
  g_autoptr(MkSignInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  if (mk_sign_verify_pdf (pdf, &info, &error))
    {
      g_autoptr(GPtrArray) anchors = mk_store_list_trust_anchors (self, NULL);

      /* §10 step 5: who issued the certificate, at the time it signed. */
      check->trust = mk_sign_check_chain (info->certificates, anchors,
                                          info->signing_time != 0 ? info->signing_time : mk_store_now (),
                                          &check->trust_anchor);
      check->has_signature = TRUE;
      check->signature_valid = info->valid;
      check->signer_name = g_strdup (info->signer_name);
      check->signing_time = info->signing_time;
      /* The certificate in the file against the one the store recorded when
       * the head signed (the one registered on the head's account then). */
      if (check->document != NULL && check->document->signer_cert_sha256 != NULL)
        {
          check->signer_registered = info->valid
                                     && g_strcmp0 (check->document->signer_cert_sha256,
                                                   info->certificate_sha256) == 0;
          check->registered_head = g_strdup (check->document->signer_name);
        }
      return;
    }
  /* A signature whose structure was damaged is still a signature, and
   * invalid; a file with no signature dictionary at all has none. */
  check->has_signature = !g_error_matches (error, MK_SIGN_ERROR, MK_SIGN_ERROR_NOT_SIGNED)
                         && has_byte_range (pdf);
  check->signature_valid = FALSE;
}

MkDocumentCheck *
mk_store_find_document_by_qr (MkStore     *self,
                              const char  *payload,
                              GError     **error)
{
  g_autoptr(MkQrPayload) parsed = NULL;
  g_autoptr(MkDocumentCheck) check = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  MkDbStmt *stmt;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A scanner or a paste may add a newline or spaces around the code. */
  text = g_strstrip (g_strdup (payload));
  parsed = mk_qr_payload_parse (text, error);
  if (parsed == NULL)
    return NULL;

  /* The version the code was printed from: same digest first, the current
   * one before a superseded one, a signed one before its unsigned draft. */
  stmt = mk_store_stmt (self,
    "SELECT " DOCUMENT_COLUMNS ", pdf FROM document WHERE kind = ?1 AND number = ?2"
    " ORDER BY qr_digest = ?3 DESC, superseded_by IS NULL DESC, signed DESC, version DESC LIMIT 1",
    error);
  if (stmt == NULL)
    return NULL;
  mk_store_bind_text (stmt, 1, parsed->kind);
  mk_store_bind_text (stmt, 2, parsed->number);
  mk_store_bind_text (stmt, 3, parsed->digest);

  check = g_new0 (MkDocumentCheck, 1);
  check->document = step_record (self, stmt, DOCUMENT_PDF_COLUMN, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (check->document == NULL)
    return g_steal_pointer (&check);
  if (!check_integrity (check->document, error))
    return NULL;
  /* #13: every field of the code must be the stored one, not the digest
   * alone: a changed date or address code is a forgery too. */
  check->digest_matches = g_strcmp0 (check->document->qr_digest, parsed->digest) == 0
                          && g_strcmp0 (check->document->qr_payload, text) == 0;
  if (check->document->is_signed)
    check_signature (self, check, check->document->pdf);
  return g_steal_pointer (&check);
}

MkDocumentCheck *
mk_store_check_document_file (MkStore  *self,
                              GBytes   *pdf,
                              GError  **error)
{
  g_autoptr(MkDocumentCheck) check = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *sha = NULL;
  MkDbStmt *stmt;

  g_return_val_if_fail (MK_IS_STORE (self), NULL);
  g_return_val_if_fail (pdf != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sha = bytes_sha256 (pdf);
  stmt = mk_store_stmt (self, "SELECT " DOCUMENT_COLUMNS " FROM document WHERE sha256 = ?1"
                              " ORDER BY version DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  mk_store_bind_text (stmt, 1, sha);

  check = g_new0 (MkDocumentCheck, 1);
  check->document = step_record (self, stmt, -1, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  check->identical = check->digest_matches = check->document != NULL;
  check_signature (self, check, pdf);
  return g_steal_pointer (&check);
}
