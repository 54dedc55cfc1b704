/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mekenjai-cli: the command-line tool for administrators and scripts, over the same core. */

#define G_LOG_DOMAIN "mekenjai-cli"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "mekenjai-core.h"
#include "mk-cli.h"
#include "mk-file.h"

/* Options every command accepts, before or after its name. */
static char *opt_db;
static gboolean opt_json;
static char *opt_user;
static char *opt_password_file;

static const GOptionEntry global_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db,
    N_("Database: a file, or a server’s postgresql:// address or “host=… dbname=…” (default: a file in the user's data folder)"),
    N_("PATH|URI") },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print data as JSON"), NULL },
  { "user", 0, 0, G_OPTION_ARG_STRING, &opt_user, N_("Sign in as this user for commands that change data"), N_("LOGIN") },
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_password_file, N_("Read the password from this file instead of asking"), N_("FILE") },
  { NULL }
};

G_DEFINE_QUARK (mk-cli-error-quark, mk_cli_error)

gboolean
mk_cli_json (void)
{
  return opt_json;
}

char *
mk_cli_database_location (void)
{
  return opt_db != NULL ? g_strdup (opt_db) : mk_store_default_path ();
}

MkStore *
mk_cli_open_store (GError **error)
{
  g_autofree char *path = mk_cli_database_location ();

  return mk_store_open (path, error);
}

/* Reads a line from the terminal without echo, or from stdin when it is not a terminal. */
static char *
read_password (const char *prompt)
{
  struct termios old, noecho;
  gboolean tty = isatty (STDIN_FILENO);
  char buf[1024];
  char *ret = NULL;

  if (tty)
    {
      fprintf (stderr, "%s", prompt);
      fflush (stderr);
      tcgetattr (STDIN_FILENO, &old);
      noecho = old;
      noecho.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &noecho);
    }

  if (fgets (buf, sizeof buf, stdin) != NULL)
    {
      /* Only the line end is not the password's; spaces are (as from a file). */
      buf[strcspn (buf, "\r\n")] = '\0';
      ret = g_strdup (buf);
    }

  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &old);
      fputc ('\n', stderr);
    }

  explicit_bzero (buf, sizeof buf);
  return ret;
}

char *
mk_cli_read_secret (const char *file,
                    const char *prompt,
                    GError    **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  const char *data;
  const char *end;
  gsize size;
  gsize length;
  char *text;

  if (file == NULL)
    {
      text = read_password (prompt);
      if (text == NULL)
        g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("No password given"));
      return text;
    }

  bytes = mk_file_read (file, MK_FILE_MAX_SECRET, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  name = g_filename_display_name (file);
  /* The password is the first line: only its line end is the file's, spaces
   * are the password's. A NUL byte would cut it short unseen, so it is refused. */
  end = size > 0 ? memchr (data, '\n', size) : NULL;
  length = end != NULL ? (gsize) (end - data) : size;
  if (length > 0 && data[length - 1] == '\r')
    length--;
  if (length > 0 && memchr (data, '\0', length) != NULL)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   _("The password file “%s” holds a NUL byte: it must hold the password on one line of text"),
                   name);
      return NULL;
    }
  if (length == 0)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   _("The password file “%s” is empty: its first line must be the password"), name);
      return NULL;
    }
  text = g_strndup (data, length);
  return text;
}

MkUser *
mk_cli_sign_in (MkStore  *store,
                GError  **error)
{
  g_autofree char *password = NULL;

  if (opt_user == NULL)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   _("This command changes data: give --user LOGIN (and --password-file FILE or type the password)"));
      return NULL;
    }

  password = mk_cli_read_secret (opt_password_file, _("Password: "), error);
  if (password == NULL)
    return NULL;

  return mk_store_authenticate (store, opt_user, password, error);
}

void
mk_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (gen, node);
  json_generator_set_pretty (gen, FALSE);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

void
mk_cli_print_field (const char *label,
                    const char *value)
{
  /* Pad by letters, not bytes: Kazakh and Russian labels take two bytes a letter. */
  if (value != NULL && *value != '\0')
    g_print ("%s%*s %s\n", label, (int) MAX (0, 22 - (glong) g_utf8_strlen (label, -1)), "", value);
}

void
mk_cli_print_columns (const char *first,
                      ...)
{
  g_autoptr(GString) line = g_string_new (NULL);
  const char *text = first;
  va_list args;

  va_start (args, first);
  while (text != NULL)
    {
      int width = va_arg (args, int);
      const char *next = va_arg (args, const char *);

      g_string_append (line, text);
      /* Pad by letters, not bytes; a text longer than its column keeps one space. */
      if (next != NULL)
        g_string_append_printf (line, "%*s", (int) MAX (1, width - (glong) g_utf8_strlen (text, -1)), "");
      text = next;
    }
  va_end (args);
  g_print ("%s\n", line->str);
}

void
mk_cli_add_date (JsonBuilder *b,
                 const char  *member,
                 const GDate *date)
{
  json_builder_set_member_name (b, member);
  if (date != NULL && g_date_valid (date))
    {
      g_autofree char *iso = mk_date_to_iso (date);
      json_builder_add_string_value (b, iso);
    }
  else
    json_builder_add_null_value (b);
}

gboolean
mk_cli_parse (const char         *command,
              const char         *params,
              const char         *summary,
              const GOptionEntry *entries,
              int                *argc,
              char             ***argv,
              GError            **error)
{
  g_autofree char *title = g_strdup_printf ("%s %s", command, params ? params : "");
  g_autoptr(GOptionContext) ctx = g_option_context_new (title);
  g_autoptr(GError) local_error = NULL;

  g_option_context_set_summary (ctx, summary);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, global_entries, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (ctx, argc, argv, &local_error))
    {
      /* Usage mistakes exit with 2, unlike failures of the command itself. */
      g_set_error_literal (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, local_error->message);
      return FALSE;
    }

  return TRUE;
}

gboolean
mk_cli_write_file (const char  *data,
                   gsize        size,
                   const char  *path,
                   const char  *stdout_failure,
                   GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  struct stat st;
  gsize done = 0;
  gboolean ok;
  int saved;
  int fd;

  if (g_strcmp0 (path, "-") == 0)
    {
      if (fwrite (data, 1, size, stdout) != size || fflush (stdout) != 0)
        {
          g_set_error_literal (error, MK_CLI_ERROR, MK_CLI_ERROR_FAILED, stdout_failure);
          return FALSE;
        }
      return TRUE;
    }

  /* #13: an existing device, folder or symbolic link is never written
   * through; an ordinary file is replaced whole or not at all. */
  name = g_filename_display_name (path);
  if (g_lstat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_FAILED,
                   _("“%s” exists and is not an ordinary file (a device, a folder or a link): choose another name"),
                   name);
      return FALSE;
    }
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_FAILED, _("Could not write “%s”: %s"), name, g_strerror (saved));
      return FALSE;
    }
  while (done < size)
    {
      gssize n = write (fd, data + done, size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += (gsize) n;
    }
  ok = done == size && fsync (fd) == 0;
  saved = errno;
  if (close (fd) != 0 && ok)
    {
      ok = FALSE;
      saved = errno;
    }
  if (ok && g_rename (tmp, path) != 0)
    {
      ok = FALSE;
      saved = errno;
    }
  if (!ok)
    {
      g_unlink (tmp);
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_FAILED, _("Could not write “%s”: %s"), name,
                   g_strerror (saved != 0 ? saved : EIO));
      return FALSE;
    }
  return TRUE;
}

static const MkCliCommand *commands[] = {
  &mk_cli_command_check_id,
  &mk_cli_command_deadline,
  &mk_cli_command_calendar,
  &mk_cli_command_regulation,
  &mk_cli_command_demo,
  &mk_cli_command_search,
  &mk_cli_command_show,
  &mk_cli_command_act,
  &mk_cli_command_correct,
  &mk_cli_command_receive,
  &mk_cli_command_init,
  &mk_cli_command_migrate,
  &mk_cli_command_backup,
  &mk_cli_command_restore,
  &mk_cli_command_users,
  &mk_cli_command_trust,
  &mk_cli_command_offices,
  &mk_cli_command_audit,
  &mk_cli_command_render,
  &mk_cli_command_sign,
  &mk_cli_command_verify,
  &mk_cli_command_attach,
  &mk_cli_command_scan,
  &mk_cli_command_report,
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: mekenjai-cli [--db PATH|URI] [--json] COMMAND [ARGUMENTS…]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %-28s %s\n", commands[i]->name, commands[i]->params, _(commands[i]->summary));
  fprintf (out, "\n%s\n", _("Run “mekenjai-cli COMMAND --help” for the options of a command."));
}

/* #13: names, file names and arguments reach the terminal as text only: a
 * control character (ESC, BEL, …) or a bidirectional override in them could
 * rewrite what the administrator sees. They are written as \uXXXX (valid in
 * JSON strings as well); bytes that are not UTF-8 as \xNN. */
static void
write_escaped (FILE       *out,
               const char *text)
{
  g_autoptr(GString) s = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (s, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }
      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0)
          || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
          || c == 0x200e || c == 0x200f || c == 0x061c)
        g_string_append_printf (s, "\\u%04x", c);
      else
        g_string_append_len (s, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
  fputs (s->str, out);
  fflush (out);
}

static void
print_cb (const char *text)
{
  write_escaped (stdout, text);
}

static void
printerr_cb (const char *text)
{
  write_escaped (stderr, text);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *name;
  int status;

  g_set_print_handler (print_cb);
  g_set_printerr_handler (printerr_cb);

  setlocale (LC_ALL, "");
  /* MK_LOCALEDIR: translations compiled in an uninstalled build tree. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("MK_LOCALEDIR") ? g_getenv ("MK_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* #13: what a restore or a rendering writes for a moment leaves nothing behind. */
  if (mk_temp_init (&error) == NULL)
    {
      g_printerr ("mekenjai-cli: %s\n", error->message);
      return 1;
    }

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return argc < 2 ? 2 : 0;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("mekenjai-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  /* Global options may come before the command: move them after it. */
  {
    int i = 1;

    while (i < argc && argv[i][0] == '-')
      {
        gboolean takes_value = g_str_equal (argv[i], "--db") || g_str_equal (argv[i], "--user")
                               || g_str_equal (argv[i], "--password-file");

        if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
          {
            print_usage (stdout);
            return 0;
          }
        i += takes_value ? 2 : 1;
      }
    if (i >= argc)
      {
        print_usage (stderr);
        return 2;
      }
    if (i > 1)
      {
        char *cmd = argv[i];
        memmove (&argv[2], &argv[1], (i - 1) * sizeof (char *));
        argv[1] = cmd;
      }
  }

  name = argv[1];
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (commands[i]->name, name))
        continue;

      status = commands[i]->run (argc - 1, argv + 1, &error);
      if (error != NULL)
        {
          g_printerr ("mekenjai-cli: %s\n", error->message);
          /* A usage mistake is 2 wherever it was found; any other failure 1. */
          status = g_error_matches (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE) ? 2 : MAX (status, 1);
        }
      g_free (opt_db);
      g_free (opt_user);
      g_free (opt_password_file);
      return status;
    }

  g_printerr ("mekenjai-cli: %s\n", _("unknown command; run “mekenjai-cli --help”"));
  return 2;
}
