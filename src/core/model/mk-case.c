/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case record, its address formatting and its JSON form. */

#define G_LOG_DOMAIN "mk-case"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "mk-case.h"

G_DEFINE_QUARK (mk-case-error-quark, mk_case_error)

G_DEFINE_BOXED_TYPE (MkCase, mk_case, mk_case_ref, mk_case_unref)

/* Geonym types of the Address Register. Kept here rather than in the
 * regulation data: the words belong to the address model, not to the act. */
static const struct {
  const char *id;
  const char *kk;
  const char *ru;
  const char *en;
} geonym_types[] = {
  { "street",        "көшесі",       "улица",      "Street" },
  { "avenue",        "даңғылы",      "проспект",   "Avenue" },
  { "microdistrict", "шағын ауданы", "микрорайон", "Microdistrict" },
  { "lane",          "тұйық көшесі", "переулок",   "Lane" },
  { "boulevard",     "бульвары",     "бульвар",    "Boulevard" },
  { "square",        "алаңы",        "площадь",    "Square" },
  { "quarter",       "орамы",        "квартал",    "Quarter" },
  { "highway",       "тас жолы",     "шоссе",      "Highway" },
};

static const char * const geonym_type_ids[] = {
  "street", "avenue", "microdistrict", "lane", "boulevard", "square", "quarter", "highway", NULL
};

static const MkConditions condition_flags[] = {
  MK_CONDITION_REPRESENTATIVE,
  MK_CONDITION_GARAGE_OR_DACHA,
  MK_CONDITION_DEMOLITION,
  MK_CONDITION_ARCHIVE_NEEDED,
};

/* Address */

MkAddress *
mk_address_new (void)
{
  MkAddress *address = g_new0 (MkAddress, 1);

  /* Only abolition makes an address inactive. */
  address->active = TRUE;
  return address;
}

MkAddress *
mk_address_copy (const MkAddress *address)
{
  MkAddress *copy;

  g_return_val_if_fail (address != NULL, NULL);

  copy = mk_address_new ();
  copy->kato = g_strdup (address->kato);
  mk_text_copy (&copy->region, &address->region);
  mk_text_copy (&copy->district, &address->district);
  mk_text_copy (&copy->city_district, &address->city_district);
  mk_text_copy (&copy->rural_okrug, &address->rural_okrug);
  mk_text_copy (&copy->settlement, &address->settlement);
  copy->geonym_type = g_strdup (address->geonym_type);
  mk_text_copy (&copy->geonym, &address->geonym);
  copy->building = g_strdup (address->building);
  copy->block = g_strdup (address->block);
  copy->premise = g_strdup (address->premise);
  copy->rca = g_strdup (address->rca);
  copy->active = address->active;
  return copy;
}

void
mk_address_free (MkAddress *address)
{
  if (address == NULL)
    return;

  g_free (address->kato);
  mk_text_clear (&address->region);
  mk_text_clear (&address->district);
  mk_text_clear (&address->city_district);
  mk_text_clear (&address->rural_okrug);
  mk_text_clear (&address->settlement);
  g_free (address->geonym_type);
  mk_text_clear (&address->geonym);
  g_free (address->building);
  g_free (address->block);
  g_free (address->premise);
  g_free (address->rca);
  g_free (address);
}

const char * const *
mk_geonym_type_ids (void)
{
  return geonym_type_ids;
}

/**
 * mk_geonym_type_name:
 * @type_id: "street", "avenue", …
 * @lang: "kk", "ru" or "en"
 *
 * Returns: (nullable): the type word, or %NULL for an unknown type
 */
const char *
mk_geonym_type_name (const char *type_id,
                     const char *lang)
{
  for (guint i = 0; type_id != NULL && i < G_N_ELEMENTS (geonym_types); i++)
    if (g_str_equal (geonym_types[i].id, type_id))
      {
        if (g_strcmp0 (lang, "kk") == 0)
          return geonym_types[i].kk;
        if (g_strcmp0 (lang, "ru") == 0)
          return geonym_types[i].ru;
        return geonym_types[i].en;
      }
  return NULL;
}

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

static void
append_part (GString    *line,
             const char *part)
{
  if (is_empty (part))
    return;
  if (line->len > 0)
    g_string_append (line, ", ");
  g_string_append (line, part);
}

/**
 * mk_address_format:
 * @lang: "kk" or "ru" ("en" for the English user interface)
 *
 * The administrative units are stored with their type words ("Қарағанды
 * қаласы", "г. Караганда"); a level that repeats one above it (a city of
 * oblast significance that is also the settlement) is written once.
 *
 * Returns: (transfer full): the address on one line
 */
char *
mk_address_format (const MkAddress *address,
                   const char      *lang)
{
  return mk_address_format_object (address, MK_OBJECT_N_KINDS, lang);
}

/* The words for the block and the secondary object depend on what the object
 * is: a flat in a building, a box in a garage cooperative, a plot in a
 * gardening partnership. */
/* A number with its word: Kazakh puts the word after it, Russian before. */
typedef struct {
  const char *before;
  const char *after;
} NumberWord;

typedef struct {
  NumberWord block[3];    /* kk, ru, en */
  NumberWord premise[3];
} UnitWords;

static const UnitWords flat_words = {
  { { "", "-корпус" }, { "корп. ", "" }, { "block ", "" } },
  { { "", "-пәтер" }, { "кв. ", "" }, { "apt. ", "" } },
};
static const UnitWords garage_words = {
  { { "", "-блок" }, { "блок ", "" }, { "block ", "" } },
  { { "", "-бокс" }, { "бокс ", "" }, { "box ", "" } },
};
static const UnitWords dacha_words = {
  { { "", "-блок" }, { "блок ", "" }, { "block ", "" } },
  { { "", "-учаске" }, { "участок ", "" }, { "plot ", "" } },
};

static char *
number_with_word (const NumberWord *word,
                  const char       *number)
{
  return g_strconcat (word->before, number, word->after, NULL);
}

char *
mk_address_format_object (const MkAddress *address,
                          MkObjectKind     object,
                          const char      *lang)
{
  const UnitWords *words = object == MK_OBJECT_GARAGE ? &garage_words
                           : object == MK_OBJECT_DACHA ? &dacha_words
                           : &flat_words;
  const MkText *levels[5];
  gboolean kk = g_strcmp0 (lang, "kk") == 0;
  gboolean ru = g_strcmp0 (lang, "ru") == 0;
  GString *line;
  const char *written[5] = { NULL, };
  guint n_written = 0;
  const char *geonym;

  g_return_val_if_fail (address != NULL, NULL);

  levels[0] = &address->region;
  levels[1] = &address->district;
  levels[2] = &address->city_district;
  levels[3] = &address->rural_okrug;
  levels[4] = &address->settlement;
  line = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      const char *name = mk_text_get_lang (levels[i], lang);
      gboolean repeated = FALSE;

      for (guint j = 0; j < n_written; j++)
        repeated |= g_str_equal (written[j], name);
      if (is_empty (name) || repeated)
        continue;
      append_part (line, name);
      written[n_written++] = name;
    }

  geonym = mk_text_get_lang (&address->geonym, lang);
  if (!is_empty (geonym))
    {
      const char *word = mk_geonym_type_name (address->geonym_type, lang);
      g_autofree char *part = NULL;

      /* The Kazakh (and English) type word follows the name, the Russian one precedes it. */
      if (word == NULL)
        part = g_strdup (geonym);
      else if (ru)
        part = g_strdup_printf ("%s %s", word, geonym);
      else
        part = g_strdup_printf ("%s %s", geonym, word);
      append_part (line, part);
    }

  append_part (line, address->building);
  if (!is_empty (address->block))
    {
      g_autofree char *part = NULL;

      part = number_with_word (&words->block[kk ? 0 : ru ? 1 : 2], address->block);
      append_part (line, part);
    }
  if (!is_empty (address->premise))
    {
      g_autofree char *part = NULL;

      part = number_with_word (&words->premise[kk ? 0 : ru ? 1 : 2], address->premise);
      append_part (line, part);
    }

  return g_string_free (line, FALSE);
}

/* Items and events */

MkCaseItem *
mk_case_item_new (const char *doc_kind,
                  gboolean    required)
{
  MkCaseItem *item;

  g_return_val_if_fail (doc_kind != NULL, NULL);

  item = g_new0 (MkCaseItem, 1);
  item->doc_kind = g_strdup (doc_kind);
  item->required = required;
  return item;
}

void
mk_case_item_free (MkCaseItem *item)
{
  if (item == NULL)
    return;
  g_free (item->doc_kind);
  g_free (item);
}

void
mk_event_free (MkEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->user_name);
  g_free (event->action);
  g_free (event->stage_before);
  g_free (event->stage_after);
  g_free (event->before);
  g_free (event->after);
  g_free (event->note);
  g_free (event->hash);
  g_free (event->row_digests);
  g_free (event);
}

/* Case */

MkCase *
mk_case_new (void)
{
  MkCase *self = g_new0 (MkCase, 1);

  self->ref_count = 1;
  g_date_clear (&self->deadlines.accepted, 1);
  g_date_clear (&self->deadlines.provider_due, 1);
  g_date_clear (&self->deadlines.issue_date, 1);
  g_date_clear (&self->deadlines.storage_until, 1);
  g_date_clear (&self->return_due, 1);
  g_date_clear (&self->notify_due, 1);
  g_date_clear (&self->due, 1);
  g_date_clear (&self->basis_date, 1);
  g_date_clear (&self->result_date, 1);
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_case_item_free);
  return self;
}

MkCase *
mk_case_ref (MkCase *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->ref_count > 0, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
mk_case_unref (MkCase *self)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->ref_count > 0);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;

  g_free (self->regno);
  g_free (self->center_id);
  g_free (self->provider_id);
  g_free (self->stage);
  g_free (self->applicant_idn);
  g_free (self->applicant_name);
  g_free (self->applicant_phone);
  g_free (self->rep_name);
  g_free (self->rep_idn);
  g_free (self->rep_phone);
  g_free (self->rep_poa);
  g_free (self->cadastral);
  mk_address_free (self->address);
  mk_address_free (self->former_address);
  g_free (self->basis_number);
  g_free (self->result);
  g_free (self->result_number);
  g_free (self->grounds);
  g_ptr_array_unref (self->items);
  g_free (self);
}

MkCaseItem *
mk_case_find_item (MkCase     *self,
                   const char *doc_kind)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (doc_kind != NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      MkCaseItem *item = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (item->doc_kind, doc_kind) == 0)
        return item;
    }
  return NULL;
}

GPtrArray *
mk_case_missing_items (MkCase *self)
{
  GPtrArray *missing;

  g_return_val_if_fail (self != NULL, NULL);

  /* §23: only a missing required document stops intake. */
  missing = g_ptr_array_new ();
  for (guint i = 0; i < self->items->len; i++)
    {
      MkCaseItem *item = g_ptr_array_index (self->items, i);

      if (item->required && !item->present)
        g_ptr_array_add (missing, item);
    }
  return missing;
}

/* JSON: writing */

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_bool (JsonBuilder *builder,
          const char  *name,
          gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static void
add_date (JsonBuilder *builder,
          const char  *name,
          const GDate *date)
{
  g_autofree char *iso = g_date_valid (date) ? mk_date_to_iso (date) : NULL;

  add_string (builder, name, iso);
}

static void
add_text (JsonBuilder  *builder,
          const char   *name,
          const MkText *text)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  add_string (builder, "kk", text->kk);
  add_string (builder, "ru", text->ru);
  add_string (builder, "en", text->en);
  json_builder_end_object (builder);
}

static void
add_address (JsonBuilder     *builder,
             const char      *name,
             const MkAddress *address)
{
  json_builder_set_member_name (builder, name);
  if (address == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  add_string (builder, "kato", address->kato);
  add_text (builder, "region", &address->region);
  add_text (builder, "district", &address->district);
  add_text (builder, "city_district", &address->city_district);
  add_text (builder, "rural_okrug", &address->rural_okrug);
  add_text (builder, "settlement", &address->settlement);
  add_string (builder, "geonym_type", address->geonym_type);
  add_text (builder, "geonym", &address->geonym);
  add_string (builder, "building", address->building);
  add_string (builder, "block", address->block);
  add_string (builder, "premise", address->premise);
  add_string (builder, "rca", address->rca);
  add_bool (builder, "active", address->active);
  json_builder_end_object (builder);
}

/**
 * mk_case_to_json:
 *
 * Every field; dates as ISO 8601 text or null, enumerations as their ids.
 *
 * Returns: (transfer full): pretty-printed JSON
 */
char *
mk_case_to_json (MkCase *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  add_int (builder, "id", self->id);
  add_string (builder, "regno", self->regno);
  add_string (builder, "center_id", self->center_id);
  add_string (builder, "provider_id", self->provider_id);
  add_string (builder, "kind", mk_service_kind_to_id (self->kind));

  json_builder_set_member_name (builder, "conditions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (condition_flags); i++)
    if (self->conditions & condition_flags[i])
      json_builder_add_string_value (builder, mk_condition_to_id (condition_flags[i]));
  json_builder_end_array (builder);

  add_string (builder, "stage", self->stage);
  add_int (builder, "accepted_at", self->accepted_at);

  json_builder_set_member_name (builder, "deadlines");
  json_builder_begin_object (builder);
  add_date (builder, "accepted", &self->deadlines.accepted);
  add_int (builder, "working_days", self->deadlines.working_days);
  add_date (builder, "provider_due", &self->deadlines.provider_due);
  add_date (builder, "issue_date", &self->deadlines.issue_date);
  add_date (builder, "storage_until", &self->deadlines.storage_until);
  json_builder_end_object (builder);

  add_date (builder, "return_due", &self->return_due);
  add_date (builder, "notify_due", &self->notify_due);
  add_date (builder, "due", &self->due);
  add_int (builder, "accepted_by", self->accepted_by);

  add_string (builder, "applicant_kind", mk_applicant_kind_to_id (self->applicant_kind));
  add_string (builder, "applicant_idn", self->applicant_idn);
  add_string (builder, "applicant_name", self->applicant_name);
  add_string (builder, "applicant_phone", self->applicant_phone);
  add_string (builder, "rep_name", self->rep_name);
  add_string (builder, "rep_idn", self->rep_idn);
  add_string (builder, "rep_phone", self->rep_phone);
  add_string (builder, "rep_poa", self->rep_poa);

  add_string (builder, "object_kind", mk_object_kind_to_id (self->object_kind));
  add_string (builder, "cadastral", self->cadastral);
  add_address (builder, "address", self->address);
  add_address (builder, "former_address", self->former_address);
  add_string (builder, "basis_number", self->basis_number);
  add_date (builder, "basis_date", &self->basis_date);

  add_string (builder, "result", self->result);
  add_string (builder, "result_number", self->result_number);
  add_date (builder, "result_date", &self->result_date);
  add_string (builder, "grounds", self->grounds);
  add_int (builder, "register_id", self->register_id);

  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->items->len; i++)
    {
      const MkCaseItem *item = g_ptr_array_index (self->items, i);

      json_builder_begin_object (builder);
      add_string (builder, "doc_kind", item->doc_kind);
      add_bool (builder, "required", item->required);
      add_bool (builder, "present", item->present);
      add_bool (builder, "original_returned", item->original_returned);
      add_int (builder, "n_attachments", item->n_attachments);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

/* JSON: reading. A missing or null member leaves the default of mk_case_new(). */

static void
set_invalid (GError     **error,
             const char  *member,
             const char  *expected)
{
  g_set_error (error, MK_CASE_ERROR, MK_CASE_ERROR_INVALID,
               /* Translators: the first %s is a member of the JSON form of a
                * case, the second what it should hold, e.g. “a date”. */
               _("Case data: “%s” must be %s"), member, expected);
}

static JsonNode *
get_value (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

static gboolean
get_string (JsonObject  *object,
            const char  *member,
            char       **out,
            GError     **error)
{
  JsonNode *node = get_value (object, member);

  if (node == NULL)
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_invalid (error, member, _("text"));
      return FALSE;
    }
  g_free (*out);
  *out = json_node_dup_string (node);
  return TRUE;
}

static gboolean
get_int (JsonObject  *object,
         const char  *member,
         gint64      *out,
         GError     **error)
{
  JsonNode *node = get_value (object, member);

  if (node == NULL)
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_INT64)
    {
      set_invalid (error, member, _("a whole number"));
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_uint (JsonObject  *object,
          const char  *member,
          guint       *out,
          GError     **error)
{
  gint64 value = *out;

  if (!get_int (object, member, &value, error))
    return FALSE;
  if (value < 0 || value > G_MAXUINT)
    {
      set_invalid (error, member, _("a whole number"));
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

static gboolean
get_bool (JsonObject  *object,
          const char  *member,
          gboolean    *out,
          GError     **error)
{
  JsonNode *node = get_value (object, member);

  if (node == NULL)
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      set_invalid (error, member, _("true or false"));
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_date (JsonObject  *object,
          const char  *member,
          GDate       *out,
          GError     **error)
{
  g_autofree char *text = NULL;

  if (!get_string (object, member, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!mk_date_parse_iso (text, out))
    {
      set_invalid (error, member, _("a date (YYYY-MM-DD)"));
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
get_object (JsonObject  *object,
            const char  *member,
            GError     **error)
{
  JsonNode *node = get_value (object, member);

  if (node != NULL && !JSON_NODE_HOLDS_OBJECT (node))
    set_invalid (error, member, _("an object"));
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject  *object,
           const char  *member,
           GError     **error)
{
  JsonNode *node = get_value (object, member);

  if (node != NULL && !JSON_NODE_HOLDS_ARRAY (node))
    set_invalid (error, member, _("a list"));
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
get_text (JsonObject  *object,
          const char  *member,
          MkText      *out,
          GError      **error)
{
  GError *local_error = NULL;
  JsonObject *text = get_object (object, member, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (text == NULL)
    return TRUE;
  return get_string (text, "kk", &out->kk, error) &&
         get_string (text, "ru", &out->ru, error) &&
         get_string (text, "en", &out->en, error);
}

static gboolean
get_address (JsonObject  *object,
             const char  *member,
             MkAddress  **out,
             GError     **error)
{
  GError *local_error = NULL;
  JsonObject *o = get_object (object, member, &local_error);
  g_autoptr(MkAddress) address = NULL;

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (o == NULL)
    return TRUE;

  address = mk_address_new ();
  if (!get_string (o, "kato", &address->kato, error) ||
      !get_text (o, "region", &address->region, error) ||
      !get_text (o, "district", &address->district, error) ||
      !get_text (o, "city_district", &address->city_district, error) ||
      !get_text (o, "rural_okrug", &address->rural_okrug, error) ||
      !get_text (o, "settlement", &address->settlement, error) ||
      !get_string (o, "geonym_type", &address->geonym_type, error) ||
      !get_text (o, "geonym", &address->geonym, error) ||
      !get_string (o, "building", &address->building, error) ||
      !get_string (o, "block", &address->block, error) ||
      !get_string (o, "premise", &address->premise, error) ||
      !get_string (o, "rca", &address->rca, error) ||
      !get_bool (o, "active", &address->active, error))
    return FALSE;

  mk_address_free (*out);
  *out = g_steal_pointer (&address);
  return TRUE;
}

/* Reads an enumeration given by its id with one of the mk-types.h parsers. */
#define GET_ENUM(object, member, from_id, out, error)                        \
  G_STMT_START {                                                              \
    g_autofree char *id_ = NULL;                                              \
    if (!get_string ((object), (member), &id_, (error)))                      \
      return FALSE;                                                           \
    if (id_ != NULL && !from_id (id_, (out)))                                 \
      {                                                                       \
        set_invalid ((error), (member), _("a known id"));                     \
        return FALSE;                                                         \
      }                                                                       \
  } G_STMT_END

static gboolean
read_case (MkCase      *self,
           JsonObject  *o,
           GError     **error)
{
  GError *local_error = NULL;
  JsonObject *deadlines;
  JsonArray *array;

  if (!get_int (o, "id", &self->id, error) ||
      !get_string (o, "regno", &self->regno, error) ||
      !get_string (o, "center_id", &self->center_id, error) ||
      !get_string (o, "provider_id", &self->provider_id, error))
    return FALSE;
  GET_ENUM (o, "kind", mk_service_kind_from_id, &self->kind, error);

  array = get_array (o, "conditions", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      MkConditions flag;

      if (json_node_get_value_type (node) != G_TYPE_STRING ||
          !mk_condition_from_id (json_node_get_string (node), &flag))
        {
          set_invalid (error, "conditions", _("a list of known conditions"));
          return FALSE;
        }
      self->conditions |= flag;
    }

  if (!get_string (o, "stage", &self->stage, error) ||
      !get_int (o, "accepted_at", &self->accepted_at, error))
    return FALSE;

  deadlines = get_object (o, "deadlines", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (deadlines != NULL &&
      (!get_date (deadlines, "accepted", &self->deadlines.accepted, error) ||
       !get_uint (deadlines, "working_days", &self->deadlines.working_days, error) ||
       !get_date (deadlines, "provider_due", &self->deadlines.provider_due, error) ||
       !get_date (deadlines, "issue_date", &self->deadlines.issue_date, error) ||
       !get_date (deadlines, "storage_until", &self->deadlines.storage_until, error)))
    return FALSE;

  if (!get_date (o, "return_due", &self->return_due, error) ||
      !get_date (o, "notify_due", &self->notify_due, error) ||
      !get_date (o, "due", &self->due, error) ||
      !get_int (o, "accepted_by", &self->accepted_by, error))
    return FALSE;

  GET_ENUM (o, "applicant_kind", mk_applicant_kind_from_id, &self->applicant_kind, error);
  if (!get_string (o, "applicant_idn", &self->applicant_idn, error) ||
      !get_string (o, "applicant_name", &self->applicant_name, error) ||
      !get_string (o, "applicant_phone", &self->applicant_phone, error) ||
      !get_string (o, "rep_name", &self->rep_name, error) ||
      !get_string (o, "rep_idn", &self->rep_idn, error) ||
      !get_string (o, "rep_phone", &self->rep_phone, error) ||
      !get_string (o, "rep_poa", &self->rep_poa, error))
    return FALSE;

  GET_ENUM (o, "object_kind", mk_object_kind_from_id, &self->object_kind, error);
  if (!get_string (o, "cadastral", &self->cadastral, error) ||
      !get_address (o, "address", &self->address, error) ||
      !get_address (o, "former_address", &self->former_address, error) ||
      !get_string (o, "basis_number", &self->basis_number, error) ||
      !get_date (o, "basis_date", &self->basis_date, error) ||
      !get_string (o, "result", &self->result, error) ||
      !get_string (o, "result_number", &self->result_number, error) ||
      !get_date (o, "result_date", &self->result_date, error) ||
      !get_string (o, "grounds", &self->grounds, error) ||
      !get_int (o, "register_id", &self->register_id, error))
    return FALSE;

  array = get_array (o, "items", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *item_object;
      g_autofree char *doc_kind = NULL;
      MkCaseItem *item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          set_invalid (error, "items", _("a list of objects"));
          return FALSE;
        }
      item_object = json_node_get_object (node);
      if (!get_string (item_object, "doc_kind", &doc_kind, error))
        return FALSE;
      if (doc_kind == NULL)
        {
          set_invalid (error, "doc_kind", _("a document kind id"));
          return FALSE;
        }
      item = mk_case_item_new (doc_kind, TRUE);
      g_ptr_array_add (self->items, item);
      if (!get_bool (item_object, "required", &item->required, error) ||
          !get_bool (item_object, "present", &item->present, error) ||
          !get_bool (item_object, "original_returned", &item->original_returned, error) ||
          !get_uint (item_object, "n_attachments", &item->n_attachments, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * mk_case_from_json:
 * @json: the text mk_case_to_json() wrote
 *
 * Members it does not know are ignored, so older programs read newer drafts.
 *
 * Returns: (transfer full): the case, or %NULL with @error set
 */
MkCase *
mk_case_from_json (const char  *json,
                   GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(MkCase) self = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, MK_CASE_ERROR, MK_CASE_ERROR_INVALID,
                   _("Case data is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, MK_CASE_ERROR, MK_CASE_ERROR_INVALID,
                           _("Case data is not a JSON object"));
      return NULL;
    }

  self = mk_case_new ();
  if (!read_case (self, json_node_get_object (root), error))
    return NULL;
  return g_steal_pointer (&self);
}
