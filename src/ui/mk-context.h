/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every window is handed: the store, the settings, the clock and the signed-in user. */
#pragma once

#include <gio/gio.h>
#include "mekenjai-core.h"

G_BEGIN_DECLS

#define MK_TYPE_CONTEXT (mk_context_get_type ())
G_DECLARE_FINAL_TYPE (MkContext, mk_context, MK, CONTEXT, GObject)

MkContext     *mk_context_new           (MkStore      *store,
                                         GSettings    *settings);
MkStore       *mk_context_get_store     (MkContext    *self);
GSettings     *mk_context_get_settings  (MkContext    *self);
/* Shortcut for mk_store_get_regulation (mk_context_get_store (self)). */
MkRegulation  *mk_context_get_regulation (MkContext   *self);
/* Kazakhstan time, the store's: every "today" and "now" of the windows. */
MkClock       *mk_context_get_clock     (MkContext    *self);
/* The signed-in user, or NULL while nobody is signed in. */
const MkUser  *mk_context_get_user      (MkContext    *self);
void           mk_context_set_user      (MkContext    *self,
                                         const MkUser *user);
gboolean       mk_context_user_has_role (MkContext    *self,
                                         MkRole        role);
/* Windows that change cases call this so that lists and counts refresh
 * (emits MkContext::cases-changed). */
void           mk_context_cases_changed (MkContext    *self);

G_END_DECLS
