/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "mk-trust.h"

#include <glib/gi18n-lib.h>

const char *
mk_sign_trust_to_id (MkSignTrust trust)
{
  switch (trust)
    {
    case MK_SIGN_TRUST_TRUSTED:
      return "trusted";
    case MK_SIGN_TRUST_UNTRUSTED:
      return "untrusted";
    case MK_SIGN_TRUST_INVALID:
      return "invalid";
    case MK_SIGN_TRUST_NO_ANCHORS:
    default:
      return "no-anchors";
    }
}

char *
mk_sign_trust_describe (MkSignTrust  trust,
                        const char  *anchor_name)
{
  const char *name = anchor_name != NULL && *anchor_name != '\0' ? anchor_name : "?";

  switch (trust)
    {
    case MK_SIGN_TRUST_TRUSTED:
      return g_strdup_printf (_("The certificate was issued by a certification center the administrator trusts (%s), and was valid when it signed."),
                              name);
    case MK_SIGN_TRUST_UNTRUSTED:
      return g_strdup (_("The certificate was not issued by any certification center the administrator trusts: treat the document as not signed."));
    case MK_SIGN_TRUST_INVALID:
      return g_strdup_printf (_("The certificate claims to come from a trusted certification center (%s), but its chain is broken or was not valid when it signed: treat the document as not signed."),
                              name);
    case MK_SIGN_TRUST_NO_ANCHORS:
    default:
      return g_strdup (_("No certification center is installed as trusted, so who issued the certificate was not checked: an administrator installs the national certification center’s root certificates."));
    }
}
