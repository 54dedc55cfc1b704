/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fixed vocabularies of the regulation (§1, §6, §14) and bilingual text. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* §6: the four actions a certificate can record. */
typedef enum {
  MK_SERVICE_CLARIFICATION,
  MK_SERVICE_ASSIGNMENT,
  MK_SERVICE_CHANGE,
  MK_SERVICE_ABOLITION,
  MK_SERVICE_N_KINDS
} MkServiceKind;

/* §14: the four actors, plus the administrator who manages users and data. */
typedef enum {
  MK_ROLE_CENTER_INSPECTOR,
  MK_ROLE_ACCUMULATION_INSPECTOR,
  MK_ROLE_PROVIDER_HEAD,
  MK_ROLE_PROVIDER_EXECUTOR,
  MK_ROLE_ADMINISTRATOR,
  MK_ROLE_N_ROLES
} MkRole;

/* §1: the recipient is an individual (ИИН) or a legal entity (БИН). */
typedef enum {
  MK_APPLICANT_INDIVIDUAL,
  MK_APPLICANT_LEGAL_ENTITY
} MkApplicantKind;

typedef enum {
  MK_OBJECT_LAND_PLOT,
  MK_OBJECT_BUILDING,
  MK_OBJECT_PREMISE,
  MK_OBJECT_GARAGE,
  MK_OBJECT_DACHA,
  MK_OBJECT_N_KINDS
} MkObjectKind;

/* §1: providers (district departments) and centers (ЦОН offices). */
typedef enum {
  MK_ORG_PROVIDER,
  MK_ORG_CENTER
} MkOrgKind;

/* Conditions that switch on the conditional checklist items of §11. */
typedef enum {
  MK_CONDITION_NONE             = 0,
  MK_CONDITION_REPRESENTATIVE   = 1 << 0, /* a third party applies for the owner */
  MK_CONDITION_GARAGE_OR_DACHA  = 1 << 1, /* object in a garage cooperative or gardening partnership */
  MK_CONDITION_DEMOLITION       = 1 << 2, /* the object was demolished (§11, «қажет болған жағдайда») */
  MK_CONDITION_ARCHIVE_NEEDED   = 1 << 3, /* the real-estate center archive must confirm */
} MkConditions;

/* Ids of the single MkConditions flags: "representative", "garage-or-dacha",
 * "demolition", "archive-needed"; "always" for MK_CONDITION_NONE. */
const char           *mk_condition_to_id            (MkConditions  condition);
gboolean              mk_condition_from_id          (const char   *id,
                                                     MkConditions *condition);

/* A text in the two languages of the service, plus English for the C locale. */
typedef struct {
  char *kk;
  char *ru;
  char *en;
} MkText;

void         mk_text_clear           (MkText *text);
void         mk_text_copy            (MkText *dest, const MkText *src);
/* The text in the language the user interface runs in (LANGUAGE / LC_MESSAGES). */
const char  *mk_text_get             (const MkText *text);
/* "kk", "ru" or "en": the same choice mk_text_get() makes. */
const char  *mk_ui_language          (void);
const char  *mk_text_get_lang        (const MkText *text, const char *lang);
/* #14: the text in the UI's language only, never the other one of the
 * service (no Kazakh position in a Russian list); NULL when it has none.
 * An English UI, which has no text of its own, gets Russian, then Kazakh. */
const char  *mk_text_get_own         (const MkText *text);

/* Stable string ids used in the database, the data files and the command line. */
const char  *mk_service_kind_to_id   (MkServiceKind kind);
gboolean     mk_service_kind_from_id (const char *id, MkServiceKind *kind);
const char  *mk_role_to_id           (MkRole role);
gboolean     mk_role_from_id         (const char *id, MkRole *role);
const char  *mk_object_kind_to_id    (MkObjectKind kind);
gboolean     mk_object_kind_from_id  (const char *id, MkObjectKind *kind);
const char  *mk_applicant_kind_to_id (MkApplicantKind kind);
gboolean     mk_applicant_kind_from_id (const char *id, MkApplicantKind *kind);
const char  *mk_org_kind_to_id       (MkOrgKind kind);

/* Translated display names (gettext), for the user interface. */
const char  *mk_service_kind_name    (MkServiceKind kind);
const char  *mk_role_name            (MkRole role);
const char  *mk_object_kind_name     (MkObjectKind kind);

/* Names in one language regardless of the UI, for bilingual printed documents. */
const char  *mk_service_kind_name_lang (MkServiceKind kind, const char *lang);
const char  *mk_role_name_lang         (MkRole role, const char *lang);
const char  *mk_object_kind_name_lang  (MkObjectKind kind, const char *lang);

/* No date of this service lies outside these years (#13): a typing slip such
 * as 10000 or 0202 is refused, not stored. */
#define MK_DATE_FIRST_YEAR 1900
#define MK_DATE_LAST_YEAR  2100

/* Dates as ISO 8601 text ("2026-03-20"), the form the store keeps them in. */
gboolean     mk_date_parse_iso       (const char *text, GDate *date);
/* A date as typed at a desk: "DD.MM.YYYY" (one-digit day and month too) or
 * "YYYY-MM-DD"; both within MK_DATE_FIRST_YEAR..MK_DATE_LAST_YEAR. */
gboolean     mk_date_parse           (const char *text, GDate *date);
char        *mk_date_to_iso          (const GDate *date);
/* "2026 жылғы 24 қараша" / "24 ноября 2026 г." / "24 November 2026". */
char        *mk_date_format_long     (const GDate *date, const char *lang);

/* #14: a calendar's names, the application's own rather than the PC's
 * locale: a month standing alone for a heading ("Қараша", "Ноябрь",
 * "November") and a weekday in two letters ("Дс", "Пн", "Mo"), in @lang
 * ("kk", "ru", "en"; NULL: the UI's). Weeks begin on Monday in Kazakhstan. */
const char  *mk_month_name           (GDateMonth    month,
                                      const char   *lang);
const char  *mk_weekday_short_name   (GDateWeekday  weekday,
                                      const char   *lang);

G_END_DECLS
