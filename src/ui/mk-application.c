/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Mekenjai application: opens the store, signs a user in, shows the main window. */

#define G_LOG_DOMAIN "mekenjai-ui"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mk-application.h"
#include "mk-ui-util.h"
#include "mk-attachment-strip.h"
#include "mk-calendar-dialog.h"
#include "mk-case-window.h"
#include "mk-intake-window.h"
#include "mk-first-run-dialog.h"
#include "mk-preferences-dialog.h"
#include "mk-sign-in-dialog.h"
#include "mk-server-password-dialog.h"
#include "mk-reports-window.h"
#include "mk-trust-dialog.h"
#include "mk-users-dialog.h"
#include "mk-user-editor.h"
#include "mk-window.h"

struct _MkApplication
{
  GtkApplication  parent_instance;

  /* Command line. */
  char           *db_path;
  /* The department server's password for this run (typed, or from the
   * keyring), and whether to keep it there once the server accepted it. */
  char           *db_password;
  gboolean        remember_password;
  char           *sign_in;        /* LOGIN:PASSWORD, benchmark and screenshots only */
  char           *screenshot;     /* WHAT:FILE.png */
  char           *today;          /* pinned date for demo data and screenshots */
  gint            seed_demo;      /* cases to seed into an empty database */
  gboolean        benchmark;

  GSettings      *settings;
  MkContext      *context;
  gboolean        restart;
  gint64          sign_in_started; /* monotonic µs, benchmark */
};

G_DEFINE_FINAL_TYPE (MkApplication, mk_application, GTK_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Database: a file, or a server’s postgresql:// address or “host=… dbname=…” (default: the preferences)"),
    N_("PATH|URI") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and quit"), NULL },
#ifdef MK_DEVELOPMENT_OPTIONS
  /* Only in development builds (-Ddevelopment=true), for the benchmarks and
   * the screenshot script: a password on the command line is visible to
   * every user in ps, and a pinned "today" would backdate the §13 stamp. */
  { "sign-in", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
    N_("Sign in at once (benchmarks and screenshots)"), N_("LOGIN:PASSWORD") },
  { "screenshot", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
    N_("Save a picture of a window and quit"), N_("WHAT:FILE") },
  { "today", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
    N_("Treat this date as today, at 11:00 or at the time given (YYYY-MM-DD[THH:MM])"), N_("DATE") },
  { "seed-demo", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, NULL,
    N_("Fill an empty database with this many demo cases"), N_("N") },
  { "benchmark", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL,
    N_("Print start-up timings and quit"), NULL },
#endif
  { NULL }
};

static void show_sign_in (MkApplication *self);

/* Settings ------------------------------------------------------------- */

GSettings *
mk_application_create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

#ifdef MK_SCHEMA_BUILD_DIR
  /* Running from the build directory, before `meson install`. */
  if (schema == NULL)
    {
      g_autoptr(GSettingsSchemaSource) build_source =
        g_settings_schema_source_new_from_directory (MK_SCHEMA_BUILD_DIR, source, FALSE, NULL);

      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, APP_ID, FALSE);
    }
#endif

  if (schema == NULL)
    {
      g_warning ("The settings schema %s is not installed", APP_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

void
mk_application_apply_language (GSettings *settings)
{
  g_autofree char *language = NULL;

  g_return_if_fail (G_IS_SETTINGS (settings));

  /* An explicit LANGUAGE (tests, screenshots) wins over the preference. */
  if (g_getenv ("MK_FORCE_LANGUAGE") != NULL)
    {
      g_setenv ("LANGUAGE", g_getenv ("MK_FORCE_LANGUAGE"), TRUE);
      return;
    }

  language = g_settings_get_string (settings, "language");
  if (language[0] != '\0')
    g_setenv ("LANGUAGE", language, TRUE);
}

/* Screenshots and benchmark ---------------------------------------------- */

static gboolean
save_screenshot_cb (gpointer user_data)
{
  GtkWidget *widget = GTK_WIDGET (user_data);
  MkApplication *self = MK_APPLICATION (g_application_get_default ());
  const char *path = strchr (self->screenshot, ':') + 1;
  GdkWindow *window = gtk_widget_get_window (widget);
  g_autoptr(GdkPixbuf) shot = NULL;
  g_autoptr(GError) error = NULL;

  /* Read back what the X server shows, so the picture is the real window
   * (tree view headers and other native child windows included). */
  shot = gdk_pixbuf_get_from_window (window, 0, 0,
                                     gdk_window_get_width (window),
                                     gdk_window_get_height (window));
  if (shot == NULL || !gdk_pixbuf_save (shot, path, "png", &error, NULL))
    g_printerr ("%s: %s\n", path, error ? error->message : _("the window could not be read"));
  else
    g_print ("%s\n", path);

  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

static gboolean
screenshot_window_drawn_cb (GtkWidget *widget,
                            cairo_t   *cr,
                            gpointer   user_data)
{
  g_signal_handlers_disconnect_by_func (widget, screenshot_window_drawn_cb, user_data);
  /* Let pending layout and the rest of the first frame settle. */
  g_timeout_add (300, save_screenshot_cb, widget);
  return FALSE;
}

static gboolean
screenshot_wanted (MkApplication *self,
                   const char    *what)
{
  size_t len = strlen (what);

  return self->screenshot != NULL &&
         strncmp (self->screenshot, what, len) == 0 &&
         self->screenshot[len] == ':';
}

static void
screenshot_when_drawn (MkApplication *self,
                       GtkWidget     *toplevel)
{
  g_signal_connect_after (toplevel, "draw", G_CALLBACK (screenshot_window_drawn_cb), self);
}

static long
resident_memory_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line != NULL ? strtol (line + strlen ("VmRSS:"), NULL, 10) : -1;
}

static gboolean
benchmark_quit_cb (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_REMOVE;
}

static gboolean
benchmark_list_drawn_cb (GtkWidget *widget,
                         cairo_t   *cr,
                         gpointer   user_data)
{
  MkApplication *self = MK_APPLICATION (user_data);
  gint64 now = g_get_monotonic_time ();

  g_signal_handlers_disconnect_by_func (widget, benchmark_list_drawn_cb, user_data);
  g_print ("sign-in-started %" G_GINT64_FORMAT "\n", self->sign_in_started);
  g_print ("case-list-drawn %" G_GINT64_FORMAT "\n", now);
  g_print ("case-list-rows %u\n", mk_window_get_n_rows (MK_WINDOW (widget)));
  g_print ("rss-kb %ld\n", resident_memory_kb ());
  g_idle_add (benchmark_quit_cb, self);
  return FALSE;
}

static gboolean
benchmark_first_window_drawn_cb (GtkWidget *widget,
                                 cairo_t   *cr,
                                 gpointer   user_data)
{
  MkApplication *self = MK_APPLICATION (user_data);

  g_signal_handlers_disconnect_by_func (widget, benchmark_first_window_drawn_cb, user_data);
  g_print ("first-window-drawn %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_print ("first-window-rss-kb %ld\n", resident_memory_kb ());
  if (self->sign_in == NULL)
    g_idle_add (benchmark_quit_cb, self);
  return FALSE;
}

/* Sign-in ------------------------------------------------------------------ */

static void
show_error (MkApplication *self,
            GtkWindow     *parent,
            const char    *primary,
            const char    *secondary)
{
  GtkWidget *dialog;

  dialog = gtk_message_dialog_new (parent,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                   "%s", primary);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
  gtk_widget_show (dialog);
}

static void
users_dialog_after_first_run (MkApplication *self,
                              GtkWindow     *parent)
{
  GtkWidget *dialog = mk_users_dialog_new (self->context, parent);

  gtk_widget_show (dialog);
}

void
mk_application_signed_in (MkApplication *self,
                          const MkUser  *user)
{
  GtkWidget *window;

  g_return_if_fail (MK_IS_APPLICATION (self));
  g_return_if_fail (user != NULL);

  if (self->benchmark)
    g_print ("signed-in %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-login", user->login);
  mk_context_set_user (self->context, user);

  window = mk_window_new (GTK_APPLICATION (self), self->context);
  if (self->benchmark)
    g_signal_connect_after (window, "draw", G_CALLBACK (benchmark_list_drawn_cb), self);
  if (screenshot_wanted (self, "main"))
    screenshot_when_drawn (self, window);
  gtk_window_present (GTK_WINDOW (window));

  if (screenshot_wanted (self, "intake"))
    {
      GtkWidget *intake = mk_intake_window_new (self->context);

      gtk_window_set_application (GTK_WINDOW (intake), GTK_APPLICATION (self));
      screenshot_when_drawn (self, intake);
      gtk_window_present (GTK_WINDOW (intake));
    }
  else if (screenshot_wanted (self, "case"))
    {
      MkSearchQuery query = { .kind = -1, .queue_role = -1 };
      g_autoptr(GPtrArray) first = NULL;

      query.office_id = user->role != MK_ROLE_ADMINISTRATOR ? user->office_id : NULL;
      first = mk_store_search (mk_context_get_store (self->context), &query, 0, 1, NULL);
      if (first != NULL && first->len > 0)
        {
          GtkWidget *case_window =
            mk_case_window_new (self->context, ((MkCaseRow *) g_ptr_array_index (first, 0))->id);

          gtk_window_set_application (GTK_WINDOW (case_window), GTK_APPLICATION (self));
          screenshot_when_drawn (self, case_window);
          gtk_window_present (GTK_WINDOW (case_window));
        }
    }
  else if (screenshot_wanted (self, "reports"))
    {
      /* The year so far: the charts have weeks and months to show (#12). */
      GtkWidget *reports = mk_reports_window_new (self->context, GTK_WINDOW (window));
      GDate today, first;

      mk_store_get_today (mk_context_get_store (self->context), &today);
      g_date_set_dmy (&first, 1, G_DATE_JANUARY, g_date_get_year (&today));
      mk_reports_window_set_period (MK_REPORTS_WINDOW (reports), &first, &today);
      gtk_window_set_application (GTK_WINDOW (reports), GTK_APPLICATION (self));
      screenshot_when_drawn (self, reports);
      gtk_window_present (GTK_WINDOW (reports));
    }
  else if (screenshot_wanted (self, "user-head"))
    {
      /* The editor of the first provider head, with its signing certificate (§10 step 5). */
      g_autoptr(GPtrArray) users = mk_store_list_users (mk_context_get_store (self->context), NULL);

      for (guint i = 0; users != NULL && i < users->len; i++)
        {
          MkUser *head = g_ptr_array_index (users, i);

          if (head->role == MK_ROLE_PROVIDER_HEAD)
            {
              GtkWidget *editor = mk_user_editor_new (self->context, GTK_WINDOW (window), head, FALSE);

              screenshot_when_drawn (self, editor);
              gtk_window_present (GTK_WINDOW (editor));
              break;
            }
        }
    }
  else if (screenshot_wanted (self, "preferences") || screenshot_wanted (self, "users") ||
           screenshot_wanted (self, "calendar") || screenshot_wanted (self, "trust"))
    {
      GtkWidget *dialog;

      if (screenshot_wanted (self, "trust"))
        dialog = mk_trust_dialog_new (self->context, GTK_WINDOW (window));
      else if (screenshot_wanted (self, "preferences"))
        dialog = mk_preferences_dialog_new (self->context, GTK_WINDOW (window));
      else if (screenshot_wanted (self, "users"))
        dialog = mk_users_dialog_new (self->context, GTK_WINDOW (window));
      else
        dialog = mk_calendar_dialog_new (self->context, GTK_WINDOW (window));
      screenshot_when_drawn (self, dialog);
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
sign_in_response_cb (GtkDialog *dialog,
                     int        response,
                     gpointer   user_data)
{
  MkApplication *self = MK_APPLICATION (user_data);

  if (response == GTK_RESPONSE_OK)
    {
      const MkUser *user = mk_sign_in_dialog_get_user (MK_SIGN_IN_DIALOG (dialog));

      /* The main window must exist before the dialog goes, or the
       * application would quit with no window left. */
      mk_application_signed_in (self, user);
    }

  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static gboolean
automatic_sign_in_cb (gpointer user_data)
{
  MkSignInDialog *dialog = MK_SIGN_IN_DIALOG (user_data);
  MkApplication *self = MK_APPLICATION (g_application_get_default ());
  g_auto(GStrv) parts = g_strsplit (self->sign_in, ":", 2);

  self->sign_in_started = g_get_monotonic_time ();
  if (g_strv_length (parts) != 2 || !mk_sign_in_dialog_sign_in (dialog, parts[0], parts[1]))
    {
      g_printerr ("%s\n", _("Automatic sign-in failed"));
      g_application_quit (G_APPLICATION (self));
    }
  return G_SOURCE_REMOVE;
}

static gboolean
sign_in_dialog_drawn_cb (GtkWidget *widget,
                         cairo_t   *cr,
                         gpointer   user_data)
{
  g_signal_handlers_disconnect_by_func (widget, sign_in_dialog_drawn_cb, user_data);
  g_idle_add (automatic_sign_in_cb, widget);
  return FALSE;
}

static void
show_sign_in (MkApplication *self)
{
  GtkWidget *dialog = mk_sign_in_dialog_new (self->context);

  if (self->benchmark)
    g_print ("first-window-built %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());

  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect (dialog, "response", G_CALLBACK (sign_in_response_cb), self);

  if (self->benchmark)
    g_signal_connect_after (dialog, "draw", G_CALLBACK (benchmark_first_window_drawn_cb), self);
  if (screenshot_wanted (self, "sign-in"))
    screenshot_when_drawn (self, dialog);
  else if (self->sign_in != NULL)
    g_signal_connect_after (dialog, "draw", G_CALLBACK (sign_in_dialog_drawn_cb), self);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
first_run_response_cb (GtkDialog *dialog,
                       int        response,
                       gpointer   user_data)
{
  MkApplication *self = MK_APPLICATION (user_data);

  if (response == GTK_RESPONSE_OK)
    {
      const MkUser *admin = mk_first_run_dialog_get_user (MK_FIRST_RUN_DIALOG (dialog));

      if (admin != NULL)
        {
          /* The new administrator goes on to add the organisation's users. */
          mk_application_signed_in (self, admin);
          users_dialog_after_first_run (self, gtk_application_get_active_window (GTK_APPLICATION (self)));
        }
      else
        show_sign_in (self);
    }

  gtk_widget_destroy (GTK_WIDGET (dialog));
}

/* The keyring's entry of a department server, found by the server as shown
 * (host, port, database, role: never the password itself). */
static const SecretSchema *
server_secret_schema (void)
{
  static const SecretSchema schema = {
    "kz.mekenjai.Mekenjai.Server", SECRET_SCHEMA_NONE,
    { { "server", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } },
  };

  return &schema;
}

/* --db, else the preferences: this computer's file or the department's server. */
static char *
database_location (MkApplication *self)
{
  g_autofree char *database = NULL;

  if (self->db_path != NULL)
    return g_strdup (self->db_path);
  database = g_settings_get_string (self->settings, "database");
  if (g_str_equal (database, "server"))
    {
      g_autofree char *host = g_settings_get_string (self->settings, "server-host");
      g_autofree char *dbname = g_settings_get_string (self->settings, "server-database");
      g_autofree char *user = g_settings_get_string (self->settings, "server-user");
      g_autofree char *tls = g_settings_get_string (self->settings, "server-tls");

      return mk_store_server_location (host, (guint) g_settings_get_int (self->settings, "server-port"),
                                       dbname, user, tls);
    }
  return mk_store_default_path ();
}

static void
server_password_response_cb (GtkDialog     *dialog,
                             int            response,
                             MkApplication *self)
{
  if (response == GTK_RESPONSE_OK)
    {
      g_free (self->db_password);
      self->db_password = g_strdup (mk_server_password_dialog_get_password (MK_SERVER_PASSWORD_DIALOG (dialog)));
      self->remember_password = mk_server_password_dialog_get_remember (MK_SERVER_PASSWORD_DIALOG (dialog));
    }
  gtk_widget_destroy (GTK_WIDGET (dialog));
  if (response == GTK_RESPONSE_OK)
    g_application_activate (G_APPLICATION (self));
}

static void
show_server_password (MkApplication *self,
                      const char    *where,
                      const char    *problem)
{
  GtkWidget *dialog = mk_server_password_dialog_new (where, problem);

  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect (dialog, "response", G_CALLBACK (server_password_response_cb), self);
  gtk_widget_show (dialog);
}

static void
unreachable_response_cb (GtkDialog     *dialog,
                         int            response,
                         MkApplication *self)
{
  gtk_widget_destroy (GTK_WIDGET (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    g_application_activate (G_APPLICATION (self));
}

/* The department server did not answer: say which and why, and offer to try
 * again (the server may be starting, the network coming back). */
static void
show_unreachable (MkApplication *self,
                  const char    *where,
                  const char    *reason)
{
  g_autofree char *primary = g_strdup_printf (_("The server %s does not answer"), where);
  GtkWidget *dialog = gtk_message_dialog_new (NULL, GTK_DIALOG_MODAL, GTK_MESSAGE_ERROR, GTK_BUTTONS_NONE,
                                              "%s", primary);

  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s\n\n%s", reason,
                                            _("Check the network cable or ask the department’s IT; "
                                              "another server can be given with --db."));
  /* Translators: closes the application; not the same word as "Sign Out" (kk «Жабу», ru «Закрыть»). */
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), C_("application", "_Quit"), GTK_RESPONSE_CLOSE,
                          _("_Try Again"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect (dialog, "response", G_CALLBACK (unreachable_response_cb), self);
  gtk_widget_show (dialog);
}

static gboolean
open_store (MkApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkStore) store = NULL;
  g_autofree char *path = NULL;
  g_autofree char *where = NULL;
  gboolean server;

  path = database_location (self);
  /* A server's address may hold its password: never shown. */
  where = mk_store_describe_location (path);
  server = mk_store_is_server_location (path);
  if (server && self->db_password == NULL)
    {
      g_autoptr(GError) keyring_error = NULL;

      self->db_password = secret_password_lookup_sync (server_secret_schema (), NULL, &keyring_error,
                                                       "server", where, NULL);
      if (keyring_error != NULL)
        g_info ("No keyring: %s", keyring_error->message);
    }
  store = mk_store_open_with_password (path, self->db_password, &error);
  if (store == NULL)
    {
      g_autofree char *primary = g_strdup_printf (_("Could not open the database “%s”"), where);

      if (server && g_error_matches (error, MK_STORE_ERROR, MK_STORE_ERROR_AUTH))
        show_server_password (self, where, self->db_password != NULL ? error->message : NULL);
      else if (g_error_matches (error, MK_STORE_ERROR, MK_STORE_ERROR_UNREACHABLE))
        show_unreachable (self, where, error->message);
      else
        show_error (self, NULL, primary, error->message);
      return FALSE;
    }
  if (server && self->remember_password && self->db_password != NULL)
    {
      g_autoptr(GError) keyring_error = NULL;
      g_autofree char *label = g_strdup_printf (_("Mekenjai: the department server %s"), where);

      self->remember_password = FALSE;
      if (!secret_password_store_sync (server_secret_schema (), SECRET_COLLECTION_DEFAULT, label,
                                       self->db_password, NULL, &keyring_error, "server", where, NULL))
        g_warning ("The password could not be kept in the keyring: %s", keyring_error->message);
    }

  if (self->today != NULL)
    {
      gint64 moment;

      /* §16: a day alone is pinned at 11:00, when the center is open. */
      if (mk_clock_parse_moment (self->today, &moment))
        mk_clock_pin (mk_store_get_clock (store), moment);
      else
        g_printerr (_("Not a date: %s\n"), self->today);
    }

  if (self->seed_demo > 0 && mk_store_count_users (store) == 0 &&
      !mk_store_seed_demo (store, (guint) self->seed_demo, 1, &error))
    {
      show_error (self, NULL, _("Could not load the demo data"), error->message);
      return FALSE;
    }

  self->context = mk_context_new (store, self->settings);
  if (self->benchmark)
    g_print ("store-opened %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  return TRUE;
}

/* Actions ------------------------------------------------------------------ */

/* The help page of the window in front (F1 there opens the same). */
static void
help_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  mk_ui_show_help (window, window != NULL ? mk_ui_get_help_page (window) : NULL);
}

static void
about_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  MkApplication *self = MK_APPLICATION (user_data);
  static const char *authors[] = { "Mekenjai developers", NULL };
  MkStore *store = self->context != NULL ? mk_context_get_store (self->context) : NULL;
  MkRegulation *regulation = store != NULL ? mk_store_get_regulation (store) : NULL;
  GString *comments = g_string_new (_("Processes the state service “Issuance of a certificate determining "
                                      "the address of a real-estate object”."));

  /* The edition of the regulation this database works under (§4), and where
   * the service is described (§5). */
  if (regulation != NULL)
    {
      const char *provider_site = mk_regulation_get_provider_site (regulation);
      const char *center_site = mk_regulation_get_center_site (regulation);
      g_autofree char *edition = mk_regulation_describe_edition (regulation);

      g_string_append_printf (comments, "\n\n%s\n%s\n%s\n", mk_text_get (mk_regulation_get_title (regulation)),
                              mk_text_get (mk_regulation_get_source (regulation)), edition);
      g_string_append_printf (comments, _("Information about the service: %s, %s; the unified call center %u."),
                              provider_site != NULL ? provider_site : "—", center_site != NULL ? center_site : "—",
                              mk_regulation_get_norm (regulation, "call-center"));
    }

  gtk_show_about_dialog (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "program-name", "Mekenjai",
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", comments->str,
                         "website", "https://egov.kz",
                         "website-label", _("Public services portal"),
                         "authors", authors,
                         "translator-credits", _("translator-credits"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
  g_string_free (comments, TRUE);
}

static void
preferences_activated_cb (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  MkApplication *self = MK_APPLICATION (user_data);
  GtkWidget *dialog;

  if (self->context == NULL)
    return;
  dialog = mk_preferences_dialog_new (self->context,
                                      gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sign_out_activated_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  MkApplication *self = MK_APPLICATION (user_data);
  GList *windows;

  if (self->context == NULL || mk_context_get_user (self->context) == NULL)
    return;

  /* Keep running while no window is left between the two steps. */
  g_application_hold (G_APPLICATION (self));
  mk_context_set_user (self->context, NULL);
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL)
    gtk_widget_destroy (GTK_WIDGET (windows->data));
  show_sign_in (self);
  g_application_release (G_APPLICATION (self));
}

static void
quit_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GList *windows;

  /* Destroying the windows lets the main window save its size. */
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (user_data))) != NULL)
    gtk_widget_destroy (GTK_WIDGET (windows->data));
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_entries[] = {
  { "about", about_activated_cb },
  { "help", help_activated_cb },
  { "preferences", preferences_activated_cb },
  { "sign-out", sign_out_activated_cb },
  { "quit", quit_activated_cb },
};

/* GApplication ------------------------------------------------------------- */

static int
mk_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  MkApplication *self = MK_APPLICATION (application);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("mekenjai %s\n", PACKAGE_VERSION);
      return 0;
    }

  g_variant_dict_lookup (options, "db", "^ay", &self->db_path);
  g_variant_dict_lookup (options, "sign-in", "s", &self->sign_in);
  g_variant_dict_lookup (options, "screenshot", "s", &self->screenshot);
  g_variant_dict_lookup (options, "today", "s", &self->today);
  g_variant_dict_lookup (options, "seed-demo", "i", &self->seed_demo);
  g_variant_dict_lookup (options, "benchmark", "b", &self->benchmark);

  if (self->screenshot != NULL && strchr (self->screenshot, ':') == NULL)
    {
      g_printerr ("%s\n", _("--screenshot expects WHAT:FILE, for example main:main.png"));
      return 1;
    }

  /* Benchmarks and screenshots run beside a normal session: never hand
   * them over to an instance that is already running. */
  if (self->benchmark)
    g_print ("options-parsed %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  if (self->benchmark || self->screenshot != NULL)
    g_application_set_flags (application,
                             g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);

  return G_APPLICATION_CLASS (mk_application_parent_class)->handle_local_options (application, options);
}

static void
mk_application_startup (GApplication *application)
{
  MkApplication *self = MK_APPLICATION (application);
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  static const char *quit_accels[] = { "<Primary>q", NULL };
  static const char *help_accels[] = { "F1", NULL };
  static const char *prefs_accels[] = { "<Primary>comma", NULL };
  static const char *search_accels[] = { "<Primary>f", NULL };
  static const char *new_accels[] = { "<Primary>n", NULL };
  static const char *refresh_accels[] = { "F5", "<Primary>r", NULL };
  static const char *menu_accels[] = { "F10", NULL };

  G_APPLICATION_CLASS (mk_application_parent_class)->startup (application);
  if (self->benchmark)
    g_print ("gtk-started %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());

  g_set_application_name (_("Mekenjai"));
  gtk_window_set_default_icon_name (APP_ID);

  gtk_css_provider_load_from_resource (css, "/kz/mekenjai/Mekenjai/style.css");
  gtk_style_context_add_provider_for_screen (gdk_screen_get_default (),
                                             GTK_STYLE_PROVIDER (css),
                                             GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-menu", menu_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.new-application", new_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.refresh", refresh_accels);

  if (self->settings == NULL)
    self->settings = mk_application_create_settings ();
}

static void
mk_application_activate (GApplication *application)
{
  MkApplication *self = MK_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (self->context == NULL && !open_store (self))
    return;

  if (mk_store_count_users (mk_context_get_store (self->context)) == 0)
    {
      GtkWidget *dialog = mk_first_run_dialog_new (self->context);

      gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
      g_signal_connect (dialog, "response", G_CALLBACK (first_run_response_cb), self);
      if (screenshot_wanted (self, "first-run"))
        screenshot_when_drawn (self, dialog);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  show_sign_in (self);
}

static void
mk_application_finalize (GObject *object)
{
  MkApplication *self = MK_APPLICATION (object);

  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  g_free (self->db_path);
  if (self->db_password != NULL)
    memset (self->db_password, 0, strlen (self->db_password));
  g_free (self->db_password);
  g_free (self->sign_in);
  g_free (self->screenshot);
  g_free (self->today);

  G_OBJECT_CLASS (mk_application_parent_class)->finalize (object);
}

static void
mk_application_shutdown (GApplication *app)
{
  /* A thumbnail still being drawn would find poppler freed under it at exit. */
  mk_attachment_strip_wait_for_thumbnails ();
  G_APPLICATION_CLASS (mk_application_parent_class)->shutdown (app);
}

static void
mk_application_class_init (MkApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = mk_application_finalize;
  app_class->handle_local_options = mk_application_handle_local_options;
  app_class->startup = mk_application_startup;
  app_class->activate = mk_application_activate;
  app_class->shutdown = mk_application_shutdown;
}

static void
mk_application_init (MkApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

MkApplication *
mk_application_new (void)
{
  return g_object_new (MK_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/kz/mekenjai/Mekenjai",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

MkContext *
mk_application_get_context (MkApplication *self)
{
  g_return_val_if_fail (MK_IS_APPLICATION (self), NULL);

  return self->context;
}

void
mk_application_request_restart (MkApplication *self)
{
  GList *windows;

  g_return_if_fail (MK_IS_APPLICATION (self));

  self->restart = TRUE;
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL)
    gtk_widget_destroy (GTK_WIDGET (windows->data));
  g_application_quit (G_APPLICATION (self));
}

gboolean
mk_application_get_restart_requested (MkApplication *self)
{
  g_return_val_if_fail (MK_IS_APPLICATION (self), FALSE);

  return self->restart;
}
