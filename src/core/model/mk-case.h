/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case (one application), its address, checklist and history. Plain
 * ref-counted records: the store fills them, windows and documents read them. */
#pragma once

#include <glib-object.h>
#include "mk-types.h"

G_BEGIN_DECLS

/* The regulation's deadlines of one case, in Kazakh working days (§7, §20,
 * §22); counted by mk-deadline (rules), kept here as data. */
typedef struct {
  GDate accepted;      /* day of acceptance (not counted, §7) */
  guint working_days;  /* the term N of §7 */
  GDate provider_due;  /* §20: result at the center by the end of the N-th working day */
  GDate issue_date;    /* §7: first center-open day after the N-th working day */
  GDate storage_until; /* §22: one calendar month after the issue date */
} MkDeadlines;

#define MK_CASE_ERROR (mk_case_error_quark ())
GQuark mk_case_error_quark (void);

typedef enum {
  MK_CASE_ERROR_INVALID,     /* the JSON form of a case is malformed */
} MkCaseError;

/* The address as the Address Register models it: administrative units,
 * geonym, primary object (plot/building), secondary object (premise). */
typedef struct {
  char     *kato;            /* 9 digits, of the settlement */
  MkText    region;          /* oblast */
  MkText    district;        /* district or city of oblast significance */
  MkText    city_district;   /* optional */
  MkText    rural_okrug;     /* optional */
  MkText    settlement;
  char     *geonym_type;     /* "street", "avenue", "microdistrict", "lane", "boulevard", "square", "quarter" */
  MkText    geonym;          /* the name without its type word */
  char     *building;        /* number of the plot or building */
  char     *block;           /* corpus / block, optional */
  char     *premise;         /* flat, office or garage box, optional */
  char     *rca;             /* 16-digit address registration code, optional until assigned */
  gboolean  active;          /* abolition makes an address inactive, never deletes it */
} MkAddress;

MkAddress *mk_address_new       (void);
MkAddress *mk_address_copy      (const MkAddress *address);
void       mk_address_free      (MkAddress *address);
/* One line in @lang ("kk" or "ru"): "Қарағанды облысы, Қарағанды қ., Бейбітшілік бульвары, 39". */
char      *mk_address_format    (const MkAddress *address, const char *lang);
/* The same for an address of @object: a garage's box and a dacha's plot are
 * not worded as flats («51-бокс» / «бокс 51», «12-учаске» / «участок 12»). */
char      *mk_address_format_object (const MkAddress *address,
                                     MkObjectKind     object,
                                     const char      *lang);
/* The geonym type word in @lang ("көшесі" / "улица"). */
const char *mk_geonym_type_name (const char *type_id, const char *lang);
/* The known geonym type ids, NULL-terminated, in the order a chooser shows them. */
const char * const *mk_geonym_type_ids (void);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkAddress, mk_address_free)

/* One checklist line of a case (§11, §12). */
typedef struct {
  char     *doc_kind;        /* MkDocumentKind id */
  gboolean  required;
  gboolean  present;
  gboolean  original_returned; /* §12: copy compared with the original, original handed back */
  guint     n_attachments;
} MkCaseItem;

MkCaseItem *mk_case_item_new  (const char *doc_kind, gboolean required);
void        mk_case_item_free (MkCaseItem *item);

typedef struct {
  gint64  id;
  gint64  case_id;           /* 0 for events not about a case */
  gint64  at;                /* unix time, UTC */
  gint64  user_id;
  char   *user_name;
  MkRole  role;
  char   *action;            /* "register", "send-to-provider", "edit", … */
  char   *stage_before;
  char   *stage_after;
  char   *before;            /* JSON of what changed, before */
  char   *after;             /* JSON of what changed, after */
  char   *note;              /* reason given by the user, if any */
  char   *hash;              /* hex SHA-256 chained over the previous event */
  char   *row_digests;       /* "case 12 <sha256>" lines of the rows it changed, or NULL */
} MkEvent;

void mk_event_free (MkEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkEvent, mk_event_free)

typedef struct _MkCase MkCase;
struct _MkCase {
  gint64           id;
  char            *regno;            /* unique per center office and year */
  char            *center_id;        /* center office that accepted it */
  char            *provider_id;      /* district department that renders it */
  MkServiceKind    kind;
  MkConditions     conditions;
  char            *stage;            /* MkStage id */
  gint64           accepted_at;      /* unix time of acceptance at the desk (§13) */
  MkDeadlines      deadlines;        /* computed at registration (§7, §20, §22) */
  GDate            return_due;       /* §24, set when the provider receives the package */
  GDate            notify_due;       /* §25, §26, set on return or refusal */
  GDate            due;              /* the deadline of the current stage (MkStage.due); list order */
  gint64           accepted_by;      /* user id of the center inspector */

  MkApplicantKind  applicant_kind;
  char            *applicant_idn;    /* ИИН or БИН */
  char            *applicant_name;   /* full name, or the entity's name */
  char            *applicant_phone;
  char            *rep_name;         /* representative, when MK_CONDITION_REPRESENTATIVE */
  char            *rep_idn;
  char            *rep_phone;
  char            *rep_poa;          /* power of attorney: number and date */

  MkObjectKind     object_kind;
  char            *cadastral;        /* cadastral number, optional */
  MkAddress       *address;          /* the address asked for / assigned */
  MkAddress       *former_address;   /* change and abolition (kept, made inactive) */
  char            *basis_number;     /* akimat resolution or decision */
  GDate            basis_date;

  char            *result;           /* "certificate", "refusal" or NULL */
  char            *result_number;    /* certificate or refusal number */
  GDate            result_date;
  char            *grounds;          /* reasoned refusal / return-for-errors text */
  gint64           register_id;      /* batch (register) it travelled in, 0 if none */

  GPtrArray       *items;            /* MkCaseItem* */
  gint64           regulation_id;    /* the edition it was accepted under (the store's row), 0 if none */
  gint             ref_count;
  gint64           version;          /* the store's save counter when read (CONFLICT check); 0: not read from the store */
};

#define MK_TYPE_CASE (mk_case_get_type ())
GType       mk_case_get_type      (void) G_GNUC_CONST;
MkCase     *mk_case_new           (void);
MkCase     *mk_case_ref           (MkCase *self);
void        mk_case_unref         (MkCase *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkCase, mk_case_unref)

MkCaseItem *mk_case_find_item     (MkCase *self, const char *doc_kind);
/* Required items not marked present, in checklist order (MkCaseItem*, container only). */
GPtrArray  *mk_case_missing_items (MkCase *self);
/* JSON form of the whole case: drafts, audit "before/after", `mekenjai-cli show --json`. */
char       *mk_case_to_json       (MkCase *self);
MkCase     *mk_case_from_json     (const char *json, GError **error);

G_END_DECLS
