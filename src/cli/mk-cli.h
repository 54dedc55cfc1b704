/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the commands of mekenjai-cli share. */
#pragma once

#include <json-glib/json-glib.h>
#include "mekenjai-core.h"

G_BEGIN_DECLS

#define MK_CLI_ERROR (mk_cli_error_quark ())
GQuark mk_cli_error_quark (void);

typedef enum {
  MK_CLI_ERROR_USAGE,   /* exit status 2 */
  MK_CLI_ERROR_FAILED,  /* exit status 1 */
} MkCliError;

typedef struct {
  const char *name;
  const char *params;
  const char *summary;   /* N_() */
  /* argv[0] is the command name. Returns the exit status; sets @error for the
   * one-line message printed on stderr. */
  int (*run) (int argc, char **argv, GError **error);
} MkCliCommand;

gboolean  mk_cli_parse        (const char         *command,
                               const char         *params,
                               const char         *summary,
                               const GOptionEntry *entries,
                               int                *argc,
                               char             ***argv,
                               GError            **error);
gboolean  mk_cli_json         (void);
/* --db, or the user's own file. */
char     *mk_cli_database_location (void);
MkStore  *mk_cli_open_store   (GError     **error);
MkUser   *mk_cli_sign_in      (MkStore     *store,
                               GError     **error);
char     *mk_cli_read_secret  (const char  *file,
                               const char  *prompt,
                               GError     **error);
void      mk_cli_print_json   (JsonNode    *node);
/* "Label:   value", the values of consecutive lines in one column; nothing for an empty value. */
/* One line of columns: TEXT, WIDTH pairs ended by NULL, padded by letters
 * (the last column's width is not used). */
void      mk_cli_print_columns (const char *first,
                                ...) G_GNUC_NULL_TERMINATED;
void      mk_cli_print_field  (const char  *label,
                               const char  *value);
/* Writes @data to @path, or to standard output for "-" (@stdout_failure is
 * the message when that fails). #13: an existing device, folder or link is
 * never written through; an ordinary file is replaced whole or not at all. */
gboolean  mk_cli_write_file   (const char  *data,
                               gsize        size,
                               const char  *path,
                               const char  *stdout_failure,
                               GError     **error);
void      mk_cli_add_date     (JsonBuilder *builder,
                               const char  *member,
                               const GDate *date);

extern const MkCliCommand mk_cli_command_check_id;
extern const MkCliCommand mk_cli_command_deadline;
extern const MkCliCommand mk_cli_command_calendar;
extern const MkCliCommand mk_cli_command_regulation;
extern const MkCliCommand mk_cli_command_demo;
extern const MkCliCommand mk_cli_command_search;
extern const MkCliCommand mk_cli_command_show;
extern const MkCliCommand mk_cli_command_act;
extern const MkCliCommand mk_cli_command_correct;
extern const MkCliCommand mk_cli_command_receive;
extern const MkCliCommand mk_cli_command_init;
extern const MkCliCommand mk_cli_command_migrate;
extern const MkCliCommand mk_cli_command_backup;
extern const MkCliCommand mk_cli_command_restore;
extern const MkCliCommand mk_cli_command_audit;
extern const MkCliCommand mk_cli_command_render;
extern const MkCliCommand mk_cli_command_sign;
extern const MkCliCommand mk_cli_command_trust;
extern const MkCliCommand mk_cli_command_offices;
extern const MkCliCommand mk_cli_command_users;
extern const MkCliCommand mk_cli_command_verify;
extern const MkCliCommand mk_cli_command_attach;
extern const MkCliCommand mk_cli_command_scan;
extern const MkCliCommand mk_cli_command_report;

G_END_DECLS
