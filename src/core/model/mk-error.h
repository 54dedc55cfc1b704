/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The errors a user's action can meet, whichever layer finds them: the rules
 * decide (invalid, permission, conflict), the store reports them with its own
 * (not found, duplicate, failed). One domain, so a window tells them apart
 * without knowing which layer spoke. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MK_STORE_ERROR (mk_store_error_quark ())
GQuark mk_store_error_quark (void);

typedef enum {
  MK_STORE_ERROR_FAILED,        /* the database failed; the message says how */
  MK_STORE_ERROR_NOT_FOUND,
  MK_STORE_ERROR_INVALID,       /* bad input: the message says which field and why */
  MK_STORE_ERROR_DUPLICATE,     /* registration number, login, address code already taken */
  MK_STORE_ERROR_PERMISSION,    /* the user's role may not do this */
  MK_STORE_ERROR_NOT_MEKENJAI,  /* a file that is not a Mekenjai database */
  MK_STORE_ERROR_VERSION,       /* a database from a newer Mekenjai */
  MK_STORE_ERROR_AUTH,          /* wrong login or password */
  MK_STORE_ERROR_CONFLICT,      /* the case changed since it was read */
  MK_STORE_ERROR_UNREACHABLE,   /* the database server cannot be reached, or the connection was lost */
  MK_STORE_ERROR_EMPTY,         /* a server database without Mekenjai's tables: `init` creates them */
  MK_STORE_ERROR_CLOSED,        /* §16: the center does not accept applications at this hour or on this day */
} MkStoreError;

G_END_DECLS
