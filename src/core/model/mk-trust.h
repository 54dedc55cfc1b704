/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whether a signature's certificate leads to a trust anchor: a root of a
 * certification center the administrator installed (§10 step 5: the head
 * signs with a certificate of the national certification center). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  MK_SIGN_TRUST_NO_ANCHORS,  /* the administrator installed no anchor: nothing to check against */
  MK_SIGN_TRUST_TRUSTED,     /* the chain leads to an installed anchor, valid at the signing time */
  MK_SIGN_TRUST_UNTRUSTED,   /* no chain leads to an installed anchor */
  MK_SIGN_TRUST_INVALID,     /* a chain leads there, but a link is broken, expired or not a CA */
} MkSignTrust;

/* A stable id for scripts: "no-anchors", "trusted", "untrusted", "invalid". */
const char *mk_sign_trust_to_id    (MkSignTrust  trust);
/* One sentence for a clerk, naming the anchor (a center's root) when known. */
char       *mk_sign_trust_describe (MkSignTrust  trust,
                                    const char  *anchor_name);

G_END_DECLS
