/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loads and validates the providers (App. 1) and center offices (App. 2). */

#define G_LOG_DOMAIN "mk-office"

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "mk-id.h"
#include "mk-office.h"

#define N_PROVIDERS 18 /* App. 1 */
#define N_CENTERS   30 /* App. 2 */

G_DEFINE_QUARK (mk-office-error-quark, mk_office_error)

static void
mk_settlement_free (MkSettlement *settlement)
{
  g_free (settlement->kato);
  mk_text_clear (&settlement->name);
  g_free (settlement);
}

static void
text_free (MkText *text)
{
  mk_text_clear (text);
  g_free (text);
}

/**
 * mk_office_free:
 * @office: (transfer full) (nullable): an office
 *
 * Frees @office and everything it holds.
 */
void
mk_office_free (MkOffice *office)
{
  if (office == NULL)
    return;

  g_free (office->id);
  mk_text_clear (&office->name);
  mk_text_clear (&office->address);
  g_free (office->phone);
  g_free (office->region_code);
  g_free (office->provider_id);
  g_free (office->parent_id);
  mk_text_clear (&office->region);
  g_free (office->region_kato);
  g_free (office->kato);
  mk_text_clear (&office->district);
  g_clear_pointer (&office->settlements, g_ptr_array_unref);
  g_clear_pointer (&office->city_districts, g_ptr_array_unref);
  g_free (office);
}

static gboolean
is_digits (const char *s,
           gsize       len)
{
  if (strlen (s) != len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* A required, non-empty string value; the error names the office and the key. */
static char *
get_required (GKeyFile    *kf,
              const char  *group,
              const char  *key,
              GError     **error)
{
  g_autofree char *value = g_key_file_get_string (kf, group, key, NULL);

  if (value != NULL)
    g_strstrip (value);
  if (value == NULL || *value == '\0')
    {
      g_set_error (error, MK_OFFICE_ERROR, MK_OFFICE_ERROR_INVALID,
                   _("Office “%s”: “%s” is missing or empty"), group, key);
      return NULL;
    }
  return g_steal_pointer (&value);
}

/* Reads "<prefix>-kk" and "<prefix>-ru"; English falls back to the Russian
 * text, since the regulation has no English names. */
static gboolean
get_text (GKeyFile    *kf,
          const char  *group,
          const char  *prefix,
          MkText      *out,
          GError     **error)
{
  g_autofree char *kk_key = g_strconcat (prefix, "-kk", NULL);
  g_autofree char *ru_key = g_strconcat (prefix, "-ru", NULL);
  g_autofree char *en_key = g_strconcat (prefix, "-en", NULL);

  out->kk = get_required (kf, group, kk_key, error);
  if (out->kk == NULL)
    return FALSE;
  out->ru = get_required (kf, group, ru_key, error);
  if (out->ru == NULL)
    return FALSE;
  out->en = g_key_file_get_string (kf, group, en_key, NULL);
  if (out->en == NULL)
    out->en = g_strdup (out->ru);
  return TRUE;
}

/* "КАТО|kk|ru" items of the settlements list. */
static gboolean
parse_settlements (GKeyFile    *kf,
                   MkOffice    *office,
                   GError     **error)
{
  g_auto(GStrv) items = g_key_file_get_string_list (kf, office->id, "settlements", NULL, NULL);

  office->settlements = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_settlement_free);
  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      g_auto(GStrv) parts = NULL;
      MkSettlement *settlement;

      if (*g_strstrip (items[i]) == '\0')
        continue;
      parts = g_strsplit (items[i], "|", 3);
      if (g_strv_length (parts) != 3 || !is_digits (parts[0], 9) ||
          *parts[1] == '\0' || *parts[2] == '\0')
        {
          g_set_error (error, MK_OFFICE_ERROR, MK_OFFICE_ERROR_INVALID,
                       _("Office “%s”: settlement “%s” is not “9-digit КАТО|Kazakh name|Russian name”"),
                       office->id, items[i]);
          return FALSE;
        }
      if (!mk_kato_in_region (parts[0], office->region_kato))
        {
          g_set_error (error, MK_OFFICE_ERROR, MK_OFFICE_ERROR_INVALID,
                       _("Office “%s”: the КАТО of settlement “%s” does not begin with the oblast’s %s"),
                       office->id, items[i], office->region_kato);
          return FALSE;
        }
      settlement = g_new0 (MkSettlement, 1);
      settlement->kato = g_strdup (parts[0]);
      settlement->name.kk = g_strdup (parts[1]);
      settlement->name.ru = g_strdup (parts[2]);
      settlement->name.en = g_strdup (parts[2]);
      g_ptr_array_add (office->settlements, settlement);
    }

  office->city_districts = g_ptr_array_new_with_free_func ((GDestroyNotify) text_free);
  g_strfreev (items);
  items = g_key_file_get_string_list (kf, office->id, "city-districts", NULL, NULL);
  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      g_auto(GStrv) parts = NULL;
      MkText *text;

      if (*g_strstrip (items[i]) == '\0')
        continue;
      parts = g_strsplit (items[i], "|", 2);
      if (g_strv_length (parts) != 2 || *parts[0] == '\0' || *parts[1] == '\0')
        {
          g_set_error (error, MK_OFFICE_ERROR, MK_OFFICE_ERROR_INVALID,
                       _("Office “%s”: city district “%s” is not “Kazakh name|Russian name”"),
                       office->id, items[i]);
          return FALSE;
        }
      text = g_new0 (MkText, 1);
      text->kk = g_strdup (parts[0]);
      text->ru = g_strdup (parts[1]);
      text->en = g_strdup (parts[1]);
      g_ptr_array_add (office->city_districts, text);
    }
  return TRUE;
}

static MkOffice *
parse_office (GKeyFile    *kf,
              const char  *group,
              GError     **error)
{
  g_autoptr(MkOffice) office = g_new0 (MkOffice, 1);
  g_autofree char *kind = NULL;
  g_autofree char *number = NULL;
  g_autofree char *expected_id = NULL;
  guint64 n = 0;
  guint max;

  office->id = g_strdup (group);
  kind = get_required (kf, group, "kind", error);
  if (kind == NULL)
    return NULL;
  if (g_str_equal (kind, "provider"))
    office->kind = MK_ORG_PROVIDER;
  else if (g_str_equal (kind, "center"))
    office->kind = MK_ORG_CENTER;
  else
    {
      g_set_error (error, MK_OFFICE_ERROR, MK_OFFICE_ERROR_INVALID,
                   _("Office “%s”: kind “%s” is neither “provider” nor “center”"),
                   group, kind);
      return NULL;
    }

  /* §2: Appendix 1 numbers providers 1..18, Appendix 2 numbers centers 1..30. */
  max = office->kind == MK_ORG_PROVIDER ? N_PROVIDERS : N_CENTERS;
  number = get_required (kf, group, "number", error);
  if (number == NULL)
    return NULL;
  if (!g_ascii_string_to_unsigned (number, 10, 1, max, &n, NULL))
    {
      g_set_error (error, MK_OFFICE_ERROR, MK_OFFICE_ERROR_INVALID,
                   _("Office “%s”: number “%s” is not between 1 and %u"),
                   group, number, max);
      return NULL;
    }
  office->number = (guint) n;

  /* The id is derived from kind and number, so two groups cannot claim
   * the same appendix line under different names. */
  expected_id = g_strdup_printf ("%c%02u", office->kind == MK_ORG_PROVIDER ? 'p' : 'c',
                                 office->number);
  if (!g_str_equal (expected_id, group))
    {
      g_set_error (error, MK_OFFICE_ERROR, MK_OFFICE_ERROR_INVALID,
                   _("Office “%s”: the id of %s number %u must be “%s”"),
                   group, kind, office->number, expected_id);
      return NULL;
    }

  if (!get_text (kf, group, "name", &office->name, error) ||
      !get_text (kf, group, "address", &office->address, error))
    return NULL;
  office->phone = get_required (kf, group, "phone", error);
  if (office->phone == NULL)
    return NULL;

  if (office->kind == MK_ORG_CENTER)
    {
      g_autofree char *code = g_strdup_printf ("35%02u", office->number);

      office->region_code = get_required (kf, group, "region-code", error);
      if (office->region_code == NULL)
        return NULL;
      /* Registration numbers start with "35" (Karaganda oblast) and the office's number. */
      if (!g_str_equal (office->region_code, code))
        {
          g_set_error (error, MK_OFFICE_ERROR, MK_OFFICE_ERROR_INVALID,
                       _("Office “%s”: region code “%s” should be “%s”"),
                       group, office->region_code, code);
          return NULL;
        }
      office->provider_id = get_required (kf, group, "provider", error);
      if (office->provider_id == NULL)
        return NULL;
      office->parent_id = g_key_file_get_string (kf, group, "parent", NULL);
    }
  else
    {
      /* The oblast of today, data rather than code: since 2022 five
       * districts of Appendix 1 are in Ulytau oblast (offices.ini). */
      if (!get_text (kf, group, "region", &office->region, error))
        return NULL;
      office->region_kato = get_required (kf, group, "region-kato", error);
      if (office->region_kato == NULL)
        return NULL;
      if (!is_digits (office->region_kato, 2))
        {
          g_set_error (error, MK_OFFICE_ERROR, MK_OFFICE_ERROR_INVALID,
                       _("Office “%s”: the oblast’s КАТО prefix “%s” is not 2 digits"),
                       group, office->region_kato);
          return NULL;
        }
      office->kato = get_required (kf, group, "kato", error);
      if (office->kato == NULL)
        return NULL;
      if (!mk_kato_in_region (office->kato, office->region_kato))
        {
          g_set_error (error, MK_OFFICE_ERROR, MK_OFFICE_ERROR_INVALID,
                       _("Office “%s”: КАТО “%s” is not 9 digits beginning with %s"),
                       group, office->kato, office->region_kato);
          return NULL;
        }
      if (!get_text (kf, group, "district", &office->district, error))
        return NULL;
      office->district_is_city = g_key_file_get_boolean (kf, group, "district-is-city", NULL);
      if (!parse_settlements (kf, office, error))
        return NULL;
      /* A rural district needs at least its administrative center. */
      if (!office->district_is_city && office->settlements->len == 0)
        {
          g_set_error (error, MK_OFFICE_ERROR, MK_OFFICE_ERROR_INVALID,
                       _("Office “%s”: a district needs at least one settlement"), group);
          return NULL;
        }
    }

  return g_steal_pointer (&office);
}

static int
compare_offices (gconstpointer a,
                 gconstpointer b)
{
  const MkOffice *oa = *(const MkOffice **) a;
  const MkOffice *ob = *(const MkOffice **) b;

  if (oa->kind != ob->kind)
    return oa->kind == MK_ORG_PROVIDER ? -1 : 1;
  return (int) oa->number - (int) ob->number;
}

/* GKeyFile silently merges repeated groups; count the headers in the text. */
static guint
count_group_headers (const char *data,
                     gsize       length)
{
  guint n = 0;
  const char *p = data;
  const char *end = data + length;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *q = p;

      if (eol == NULL)
        eol = end;
      while (q < eol && (*q == ' ' || *q == '\t'))
        q++;
      if (q < eol && *q == '[')
        n++;
      p = eol + 1;
    }
  return n;
}

/**
 * mk_offices_load_data:
 * @data: the text of an offices key file (data/offices.ini)
 * @length: length of @data, or -1 if nul-terminated
 * @error: return location for a #MK_OFFICE_ERROR
 *
 * Parses and validates the offices: every provider of Appendix 1 and every
 * center office of Appendix 2, numbers unique, names in Kazakh and Russian,
 * each center's provider present.
 *
 * Returns: (transfer container) (element-type MkOffice): providers then
 *   centers, each in appendix order; %NULL on error
 */
GPtrArray *
mk_offices_load_data (const char  *data,
                      gssize       length,
                      GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GPtrArray) offices = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;
  gsize n_groups = 0;
  guint n_providers = 0, n_centers = 0;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (data);

  if (!g_key_file_load_from_data (kf, data, length, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, MK_OFFICE_ERROR, MK_OFFICE_ERROR_PARSE,
                   _("The offices data cannot be read: %s"), local_error->message);
      return NULL;
    }

  groups = g_key_file_get_groups (kf, &n_groups);
  if (count_group_headers (data, length) != n_groups)
    {
      g_set_error (error, MK_OFFICE_ERROR, MK_OFFICE_ERROR_INVALID,
                   _("The offices data repeats an office id"));
      return NULL;
    }

  offices = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_office_free);
  for (gsize i = 0; i < n_groups; i++)
    {
      MkOffice *office = parse_office (kf, groups[i], error);

      if (office == NULL)
        return NULL;
      g_ptr_array_add (offices, office);
      if (office->kind == MK_ORG_PROVIDER)
        n_providers++;
      else
        n_centers++;
    }

  /* Ids follow from kind and number, so distinct ids mean distinct numbers;
   * with numbers in 1..N, the counts prove every line is there. */
  if (n_providers != N_PROVIDERS || n_centers != N_CENTERS)
    {
      g_set_error (error, MK_OFFICE_ERROR, MK_OFFICE_ERROR_INVALID,
                   _("The offices data has %u providers and %u center offices; the regulation lists %u and %u"),
                   n_providers, n_centers, N_PROVIDERS, N_CENTERS);
      return NULL;
    }

  for (guint i = 0; i < offices->len; i++)
    {
      const MkOffice *office = g_ptr_array_index (offices, i);
      const MkOffice *provider;

      if (office->kind != MK_ORG_CENTER)
        continue;
      provider = mk_offices_find (offices, office->provider_id);
      if (provider == NULL || provider->kind != MK_ORG_PROVIDER)
        {
          g_set_error (error, MK_OFFICE_ERROR, MK_OFFICE_ERROR_INVALID,
                       _("Office “%s”: provider “%s” is not a provider of Appendix 1"),
                       office->id, office->provider_id);
          return NULL;
        }
      if (office->parent_id != NULL)
        {
          const MkOffice *parent = mk_offices_find (offices, office->parent_id);

          if (parent == NULL || parent->kind != MK_ORG_CENTER || parent->parent_id != NULL
              || parent == office)
            {
              g_set_error (error, MK_OFFICE_ERROR, MK_OFFICE_ERROR_INVALID,
                           _("Office “%s”: parent “%s” is not a center office of Appendix 2 without a parent"),
                           office->id, office->parent_id);
              return NULL;
            }
        }
    }

  g_ptr_array_sort (offices, compare_offices);
  return g_steal_pointer (&offices);
}

/**
 * mk_offices_load_default:
 * @error: return location for a #MK_OFFICE_ERROR
 *
 * Returns: (transfer container) (element-type MkOffice): the offices shipped
 *   in the core's resources, as mk_offices_load_data() gives them
 */
GPtrArray *
mk_offices_load_default (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize size = 0;
  const char *data;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_resources_lookup_data ("/kz/mekenjai/core/offices.ini",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  return mk_offices_load_data (data, size, error);
}

/**
 * mk_offices_find:
 * @offices: (element-type MkOffice): offices
 * @id: an office id
 *
 * Returns: (transfer none) (nullable): the office with @id, or %NULL
 */
const MkOffice *
mk_offices_find (GPtrArray  *offices,
                 const char *id)
{
  g_return_val_if_fail (offices != NULL, NULL);

  if (id == NULL)
    return NULL;
  for (guint i = 0; i < offices->len; i++)
    {
      const MkOffice *office = g_ptr_array_index (offices, i);

      if (g_strcmp0 (office->id, id) == 0)
        return office;
    }
  return NULL;
}
