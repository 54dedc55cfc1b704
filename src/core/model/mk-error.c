/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "mk-error.h"

G_DEFINE_QUARK (mk-store-error-quark, mk_store_error)
