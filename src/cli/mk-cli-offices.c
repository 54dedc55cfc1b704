/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mekenjai-cli offices: the providers of Appendix 1 and the center offices of
 * Appendix 2 as data an administrator keeps (#10): their names, addresses,
 * phones, and the oblast each provider's district lies in today. */

#include <glib/gi18n.h>

#include "mk-cli.h"

static void
add_member (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_office_json (JsonBuilder    *b,
                 const MkOffice *o)
{
  json_builder_begin_object (b);
  add_member (b, "id", o->id);
  add_member (b, "kind", mk_org_kind_to_id (o->kind));
  json_builder_set_member_name (b, "number");
  json_builder_add_int_value (b, o->number);
  add_member (b, "name_kk", o->name.kk);
  add_member (b, "name_ru", o->name.ru);
  add_member (b, "address_kk", o->address.kk);
  add_member (b, "address_ru", o->address.ru);
  add_member (b, "phone", o->phone);
  add_member (b, "region_kk", o->region.kk);
  add_member (b, "region_ru", o->region.ru);
  add_member (b, "provider", o->provider_id);
  add_member (b, "parent", o->parent_id);
  json_builder_end_object (b);
}

static int
list_offices (MkStore  *store,
              GError  **error)
{
  const MkOrgKind kinds[] = { MK_ORG_PROVIDER, MK_ORG_CENTER };
  g_autoptr(JsonBuilder) b = NULL;

  if (mk_cli_json ())
    {
      b = json_builder_new ();
      json_builder_begin_array (b);
    }
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GPtrArray) offices = mk_store_list_offices (store, kinds[k], error);

      if (offices == NULL)
        return 1;
      for (guint i = 0; i < offices->len; i++)
        {
          const MkOffice *o = g_ptr_array_index (offices, i);

          if (b != NULL)
            {
              add_office_json (b, o);
              continue;
            }
          g_print ("%s  %s\n", o->id, mk_text_get (&o->name));
          mk_cli_print_field (_("Address"), mk_text_get (&o->address));
          mk_cli_print_field (_("Phone"), o->phone);
          mk_cli_print_field (_("Oblast"), o->kind == MK_ORG_PROVIDER ? mk_text_get (&o->region) : NULL);
          mk_cli_print_field (_("Provider"), o->provider_id);
        }
    }
  if (b != NULL)
    {
      json_builder_end_array (b);
      mk_cli_print_json (json_builder_get_root (b));
    }
  return 0;
}

static char *set_name_kk;
static char *set_name_ru;
static char *set_address_kk;
static char *set_address_ru;
static char *set_phone;
static char *set_region_kk;
static char *set_region_ru;
static char *set_provider;

static const GOptionEntry offices_entries[] = {
  { "name-kk", 0, 0, G_OPTION_ARG_STRING, &set_name_kk, N_("set: the name in Kazakh"), N_("TEXT") },
  { "name-ru", 0, 0, G_OPTION_ARG_STRING, &set_name_ru, N_("set: the name in Russian"), N_("TEXT") },
  { "address-kk", 0, 0, G_OPTION_ARG_STRING, &set_address_kk, N_("set: the address in Kazakh"), N_("TEXT") },
  { "address-ru", 0, 0, G_OPTION_ARG_STRING, &set_address_ru, N_("set: the address in Russian"), N_("TEXT") },
  { "phone", 0, 0, G_OPTION_ARG_STRING, &set_phone, N_("set: the phone, as the office writes it"), N_("PHONE") },
  { "region-kk", 0, 0, G_OPTION_ARG_STRING, &set_region_kk,
    N_("set: a provider’s oblast in Kazakh, as addresses write it"), N_("TEXT") },
  { "region-ru", 0, 0, G_OPTION_ARG_STRING, &set_region_ru,
    N_("set: a provider’s oblast in Russian, as addresses write it"), N_("TEXT") },
  { "provider", 0, 0, G_OPTION_ARG_STRING, &set_provider,
    N_("set: the provider a center office sends its cases to (p01…p18)"), N_("ID") },
  { NULL }
};

static void
take (char **field,
      char **value)
{
  if (*value == NULL)
    return;
  g_free (*field);
  *field = g_steal_pointer (value);
}

static int
offices_run (int      argc,
             char   **argv,
             GError **error)
{
  g_autoptr(MkStore) store = NULL;
  g_autoptr(MkUser) actor = NULL;
  g_autoptr(MkOffice) office = NULL;

  if (!mk_cli_parse ("offices", "list | set ID [--name-kk T] [--name-ru T] [--address-kk T] [--address-ru T] "
                                "[--phone P] [--region-kk T] [--region-ru T] [--provider ID]",
                     _("List the offices of Appendices 1 and 2, or change one (an administrator): its names, "
                       "address and phone, a provider’s oblast (since 2022 Ulytau oblast for five districts), "
                       "a center’s provider. The appendix and number stay; every change is audited, and "
                       "documents made from then on use it."),
                     offices_entries, &argc, &argv, error))
    return 2;
  if (argc == 2 && g_str_equal (argv[1], "list"))
    {
      store = mk_cli_open_store (error);
      return store != NULL ? list_offices (store, error) : 1;
    }
  if (argc != 3 || !g_str_equal (argv[1], "set"))
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE, _("offices takes list or set ID with what to change"));
      return 2;
    }
  if (set_name_kk == NULL && set_name_ru == NULL && set_address_kk == NULL && set_address_ru == NULL
      && set_phone == NULL && set_region_kk == NULL && set_region_ru == NULL && set_provider == NULL)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   _("offices set needs at least one of --name-kk, --name-ru, --address-kk, --address-ru, "
                     "--phone, --region-kk, --region-ru, --provider"));
      return 2;
    }
  store = mk_cli_open_store (error);
  if (store == NULL)
    return 1;
  actor = mk_cli_sign_in (store, error);
  if (actor == NULL)
    return 1;
  office = mk_store_get_office (store, argv[2], error);
  if (office == NULL)
    return 1;
  if (office->kind != MK_ORG_PROVIDER && (set_region_kk != NULL || set_region_ru != NULL))
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   _("%s is a center office: its oblast is its provider’s (--region-kk and --region-ru are for providers)"),
                   office->id);
      return 2;
    }
  if (office->kind != MK_ORG_CENTER && set_provider != NULL)
    {
      g_set_error (error, MK_CLI_ERROR, MK_CLI_ERROR_USAGE,
                   _("%s is a provider: only a center office has a provider"), office->id);
      return 2;
    }
  take (&office->name.kk, &set_name_kk);
  take (&office->name.ru, &set_name_ru);
  take (&office->address.kk, &set_address_kk);
  take (&office->address.ru, &set_address_ru);
  take (&office->phone, &set_phone);
  take (&office->region.kk, &set_region_kk);
  take (&office->region.ru, &set_region_ru);
  take (&office->provider_id, &set_provider);
  if (!mk_store_update_office (store, actor, office, error))
    return 1;
  if (mk_cli_json ())
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(MkOffice) stored = mk_store_get_office (store, office->id, error);

      if (stored == NULL)
        return 1;
      add_office_json (b, stored);
      mk_cli_print_json (json_builder_get_root (b));
    }
  else
    g_print (_("Changed office %s\n"), office->id);
  return 0;
}

const MkCliCommand mk_cli_command_offices = {
  "offices", "list | set ID …", N_("List the offices of Appendices 1 and 2, or change one"),
  offices_run
};
