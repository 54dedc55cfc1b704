/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Mekenjai application: opens the store, signs a user in, shows the main window. */
#pragma once

#include <gtk/gtk.h>
#include "mk-context.h"

G_BEGIN_DECLS

#define MK_TYPE_APPLICATION (mk_application_get_type ())
G_DECLARE_FINAL_TYPE (MkApplication, mk_application, MK, APPLICATION, GtkApplication)

MkApplication *mk_application_new               (void);
/* The context once the store is open, else NULL. */
MkContext     *mk_application_get_context       (MkApplication *self);

/* The application's settings, from the installed schema or, in an
 * uninstalled build, from the build directory's compiled schema. NULL
 * (with a warning) when the schema is nowhere to be found. */
GSettings     *mk_application_create_settings   (void);
/* Sets LANGUAGE from the "language" setting; call before any window exists. */
void           mk_application_apply_language    (GSettings     *settings);

/* Quits; main() then starts the program again (language change). */
void           mk_application_request_restart   (MkApplication *self);
gboolean       mk_application_get_restart_requested (MkApplication *self);

/* Signs @user in: remembers the login and shows the main window. */
void           mk_application_signed_in         (MkApplication *self,
                                                 const MkUser  *user);

G_END_DECLS
