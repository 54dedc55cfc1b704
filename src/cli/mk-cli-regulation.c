/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mekenjai-cli regulation: which edition of the rules the database works
 * under, its text, and importing the next one as data (#10: the seed act
 * was repealed; the service goes on under the rules that replaced it, and
 * each case keeps the edition it was accepted under, §4). */

#include <string.h>

#include <glib/gi18n.h>

#include "mk-cli.h"
#include "mk-file.h"

/* An edition is a text file of some tens of kilobytes. */
#define MAX_EDITION ((gsize) 1024 * 1024)

static void
add_text (JsonBuilder  *b,
          const char   *member,
          const MkText *text)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kk");
  json_builder_add_string_value (b, text->kk != NULL ? text->kk : "");
  json_builder_set_member_name (b, "ru");
  json_builder_add_string_value (b, text->ru != NULL ? text->ru : "");
  json_builder_end_object (b);
}

static const char *
status_id (MkRegulationStatus status)
{
  switch (status)
    {
    case MK_REGULATION_IN_FORCE:
      return "in-force";
    case MK_REGULATION_REPEALED:
      return "repealed";
    case MK_REGULATION_STATUS_UNKNOWN:
    default:
      return "unknown";
    }
}

static int
show_edition (MkStore *store)
{
  MkRegulation *regulation = mk_store_get_regulation (store);
  const MkText *repealed_by = NULL;
  g_autofree char *described = mk_regulation_describe_edition (regulation);
  GDate adopted, repealed;
  gboolean has_adopted = mk_regulation_get_adopted (regulation, &adopted);
  gboolean is_repealed = mk_regulation_get_repealed (regulation, &repealed, &repealed_by);

  if (mk_cli_json ())
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "edition");
      json_builder_add_string_value (b, mk_regulation_get_edition (regulation));
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, status_id (mk_regulation_get_status (regulation)));
      if (has_adopted)
        mk_cli_add_date (b, "adopted", &adopted);
      if (is_repealed)
        {
          mk_cli_add_date (b, "repealed", &repealed);
          add_text (b, "repealed_by", repealed_by);
        }
      add_text (b, "title", mk_regulation_get_title (regulation));
      add_text (b, "source", mk_regulation_get_source (regulation));
      json_builder_set_member_name (b, "term_days");
      json_builder_begin_object (b);
      for (int k = 0; k < MK_SERVICE_N_KINDS; k++)
        {
          json_builder_set_member_name (b, mk_service_kind_to_id ((MkServiceKind) k));
          json_builder_add_int_value (b, mk_regulation_get_term_days (regulation, (MkServiceKind) k));
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
      mk_cli_print_json (json_builder_get_root (b));
      return 0;
    }

  g_print ("%s\n%s\n%s\n\n", described, mk_text_get (mk_regulation_get_title (regulation)),
           mk_text_get (mk_regulation_get_source (regulation)));
  /* §7 1): the term of each kind of service under this edition. */
  for (int k = 0; k < MK_SERVICE_N_KINDS; k++)
    {
      guint days = mk_regulation_get_term_days (regulation, (MkServiceKind) k);
      g_autofree char *term = g_strdup_printf (ngettext ("%u working day", "%u working days", days), days);

      mk_cli_print_field (mk_service_kind_name ((MkServiceKind) k), term);
    }
  return 0;
}

static int
export_edition (MkStore     *store,
                const char  *path,
                GError     **error)
{
  g_autofree char *text = mk_store_dup_regulation_text (store, error);

  if (text == NULL)
    return 1;
  return mk_cli_write_file (text, strlen (text), path, _("Could not write the regulation to standard output"),
                            error) ? 0 : 1;
}

static int
import_edition (MkStore     *store,
                const char  *path,
                GError     **error)
{
  g_autoptr(GBytes) data = mk_file_read (path, MAX_EDITION, error);
  g_autoptr(MkUser) actor = NULL;
  g_autofree char *text = NULL;
  g_autofree char *described = NULL;

  if (data == NULL)
    return 1;
  text = g_strndup (g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  actor = mk_cli_sign_in (store, error);
  if (actor == NULL)
    return 1;
  if (!mk_store_import_regulation (store, actor, text, error))
    return 1;
  if (!mk_cli_json ())
    {
      described = mk_regulation_describe_edition (mk_store_get_regulation (store));
      /* Translators: %s is the edition's sentence, e.g. "Edition … of …, in force." */
      g_print (_("Imported. %s New applications are accepted under it; the cases accepted before keep "
                 "their own edition.\n"), described);
    }
  return 0;
}

static int
regulation_run (int      argc,
                char   **argv,
                GError **error)
{
  g_autoptr(MkStore) store = NULL;
  gboolean show, export, import;

  if (!mk_cli_parse ("regulation", "show | export FILE | import FILE",
                     _("Show the edition of the regulation new applications are accepted under (its date, "
                       "whether it is in force, its terms), write its text to FILE (“-”: standard output) to "
                       "make the next edition from it, or import another edition from FILE (administrators): "
                       "the cases accepted before keep their own edition (§4)."),
                     NULL, &argc, &argv, error))
    return 2;
  show = argc == 2 && g_str_equal (argv[1], "show");
  export = argc == 3 && g_str_equal (argv[1], "export");
  import = argc == 3 && g_str_equal (argv[1], "import");
  if (!show && !export && !import)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   _("regulation takes show, export FILE or import FILE"));
      return 2;
    }
  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;
  if (show)
    return show_edition (store);
  if (export)
    return export_edition (store, argv[2], error);
  return import_edition (store, argv[2], error);
}

const MkCliCommand mk_cli_command_regulation = {
  "regulation", "show | export FILE | import FILE", N_("Show, export or import the edition of the regulation"),
  regulation_run
};
