/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reference data: the providers of Appendix 1 and the center offices of Appendix 2. */
#pragma once

#include <glib.h>
#include "mk-types.h"

G_BEGIN_DECLS

#define MK_OFFICE_ERROR (mk_office_error_quark ())
GQuark mk_office_error_quark (void);

typedef enum {
  MK_OFFICE_ERROR_PARSE,    /* not a key file */
  MK_OFFICE_ERROR_INVALID,  /* a missing or wrong field; the message names the office and key */
} MkOfficeError;

/* A settlement of a provider's district (not in the regulation; КАТО approximate). */
typedef struct {
  char   *kato;
  MkText  name;
} MkSettlement;

/* A provider (Appendix 1) or center office (Appendix 2). */
typedef struct {
  char      *id;          /* "p01".."p18", "c01".."c30" */
  MkOrgKind  kind;
  guint      number;      /* number in the appendix */
  MkText     name;
  MkText     address;
  char      *phone;
  char      *region_code; /* registration-number prefix for centers */
  char      *provider_id; /* for a center office: the provider it sends cases to */
  char      *parent_id;   /* for a center office: the branch it is a unit of (Appendix 2 No. 1), or NULL */
  /* Providers only: the oblast the district lies in today, as an address
   * writes it (since 2022 Ulytau oblast for five of them); a center's is its
   * provider's. NULL texts for a center. */
  MkText     region;

  /* Providers only: the district's geography, for addresses and demo data
   * (the shipped data's; the store keeps only the fields above). */
  char      *region_kato; /* the oblast's КАТО prefix, "35" or "62" (approximate) */
  char      *kato;        /* КАТО of the district or city (approximate), beginning with region_kato */
  MkText     district;    /* "Нұра ауданы" / "Нуринский район" */
  gboolean   district_is_city;  /* a city of oblast significance */
  GPtrArray *settlements; /* MkSettlement*: administrative center first; may be empty */
  GPtrArray *city_districts; /* MkText*: districts inside the city, may be empty */
} MkOffice;

void mk_office_free (MkOffice *office);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkOffice, mk_office_free)

/* Parses the offices key file (data/offices.ini); MkOffice* in appendix order. */
GPtrArray *mk_offices_load_data    (const char *data,
                                    gssize      length,
                                    GError    **error);
/* The offices shipped in the core's resources. */
GPtrArray *mk_offices_load_default (GError    **error);
/* The office with @id in @offices (MkOffice*), or NULL. */
const MkOffice *mk_offices_find    (GPtrArray  *offices,
                                    const char *id);

G_END_DECLS
