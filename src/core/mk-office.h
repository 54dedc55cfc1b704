/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reference data: the providers of Appendix 1 and the center offices of Appendix 2. */
#pragma once

#include <glib.h>
#include "mk-types.h"

G_BEGIN_DECLS

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
} MkOffice;

void mk_office_free (MkOffice *office);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkOffice, mk_office_free)

/* Parses the offices key file (data/offices.ini); MkOffice* in appendix order. */
GPtrArray *mk_offices_load_data    (const char *data,
                                    gssize      length,
                                    GError    **error);
/* The offices shipped in the core's resources. */
GPtrArray *mk_offices_load_default (GError    **error);

G_END_DECLS
