/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plain records that the layers hand each other: a user, a row of the case
 * list, a register. They hold data only; the store fills them. */
#pragma once

#include <glib.h>
#include "mk-types.h"

G_BEGIN_DECLS

typedef struct {
  gint64    id;
  char     *login;
  char     *full_name;
  MkText    position;    /* §17: shown with the name; printed in Kazakh and Russian */
  char     *phone;
  char     *office_id;
  MkRole    role;
  gboolean  active;
  gboolean  demo;        /* created by the demo data */
  char     *cert_sha256; /* §10 step 5: the registered signing certificate (SHA-256 of its DER), or NULL */
  char     *cert_name;   /* its common name */
} MkUser;

MkUser *mk_user_new  (void);
MkUser *mk_user_copy (const MkUser *user);
void    mk_user_free (MkUser *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkUser, mk_user_free)

/* One row of the case list: what the list shows, nothing more. */
typedef struct {
  gint64         id;
  char          *regno;
  char          *applicant_name;
  char          *applicant_idn;
  MkServiceKind  kind;
  char          *stage;
  GDate          due;
  gint64         sort_key;   /* opaque; pass the last row's key to get the next page */
} MkCaseRow;

void mk_case_row_free (MkCaseRow *row);

/* A register (тізілім, §10 step 3, §19): a batch of cases handed over. */
typedef struct {
  gint64  id;
  char   *number;
  char   *direction;       /* "to-provider" or "to-center" */
  char   *center_id;
  char   *provider_id;
  gint64  created_at;
  gint64  created_by;
  gint64  received_at;     /* 0 while in transit */
  gint64  received_by;
  GArray *case_ids;        /* gint64 */
  GArray *case_received_at; /* gint64 per case of case_ids: 0 while that case is in transit (§19) */
} MkRegister;

void mk_register_free (MkRegister *reg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkRegister, mk_register_free)

G_END_DECLS
