/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the case record: address formatting, missing items (§23), JSON form. */

#include <string.h>
#include "mk-case.h"
#include "mk-regulation.h"

static void
set_text (MkText     *text,
          const char *kk,
          const char *ru,
          const char *en)
{
  mk_text_clear (text);
  text->kk = g_strdup (kk);
  text->ru = g_strdup (ru);
  text->en = g_strdup (en);
}

static void
set_date (GDate *date,
          guint  day,
          guint  month,
          guint  year)
{
  g_date_set_dmy (date, day, month, year);
}

/* The provider's own address (Appendix 1): Қарағанды қаласы, Бейбітшілік бульвары, 39. */
static MkAddress *
karaganda_address (void)
{
  MkAddress *address = mk_address_new ();

  address->kato = g_strdup ("351010000");
  set_text (&address->region, "Қарағанды облысы", "Карагандинская область", "Karaganda Region");
  set_text (&address->district, "Қарағанды қаласы", "г. Караганда", "Karaganda");
  set_text (&address->settlement, "Қарағанды қаласы", "г. Караганда", "Karaganda");
  address->geonym_type = g_strdup ("boulevard");
  set_text (&address->geonym, "Бейбітшілік", "Бейбитшилик", "Beibitshilik");
  address->building = g_strdup ("39");
  return address;
}

/* §6: the certificate prints the address in Kazakh and in Russian. */
static void
test_address_examples (void)
{
  g_autoptr(MkAddress) address = karaganda_address ();
  g_autofree char *kk = NULL;
  g_autofree char *ru = NULL;
  g_autofree char *kk_flat = NULL;
  g_autofree char *ru_flat = NULL;
  g_autofree char *ru_block = NULL;
  g_autofree char *kk_block = NULL;

  kk = mk_address_format (address, "kk");
  ru = mk_address_format (address, "ru");
  g_assert_cmpstr (kk, ==, "Қарағанды облысы, Қарағанды қаласы, Бейбітшілік бульвары, 39");
  g_assert_cmpstr (ru, ==, "Карагандинская область, г. Караганда, бульвар Бейбитшилик, 39");

  address->premise = g_strdup ("12");
  kk_flat = mk_address_format (address, "kk");
  ru_flat = mk_address_format (address, "ru");
  g_assert_cmpstr (kk_flat, ==, "Қарағанды облысы, Қарағанды қаласы, Бейбітшілік бульвары, 39, 12-пәтер");
  g_assert_cmpstr (ru_flat, ==, "Карагандинская область, г. Караганда, бульвар Бейбитшилик, 39, кв. 12");

  address->block = g_strdup ("2");
  kk_block = mk_address_format (address, "kk");
  ru_block = mk_address_format (address, "ru");
  g_assert_cmpstr (kk_block, ==, "Қарағанды облысы, Қарағанды қаласы, Бейбітшілік бульвары, 39, 2-корпус, 12-пәтер");
  g_assert_cmpstr (ru_block, ==, "Карагандинская область, г. Караганда, бульвар Бейбитшилик, 39, корп. 2, кв. 12");
}

/* A city district sits between the city and the street; the city is written once. */
static void
test_address_city_district (void)
{
  g_autoptr(MkAddress) address = karaganda_address ();
  g_autofree char *kk = NULL;
  g_autofree char *ru = NULL;

  set_text (&address->city_district, "Қазыбек би атындағы аудан", "район имени Казыбек би",
            "Kazybek Bi District");
  kk = mk_address_format (address, "kk");
  ru = mk_address_format (address, "ru");
  g_assert_cmpstr (kk, ==, "Қарағанды облысы, Қарағанды қаласы, Қазыбек би атындағы аудан, Бейбітшілік бульвары, 39");
  g_assert_cmpstr (ru, ==, "Карагандинская область, г. Караганда, район имени Казыбек би, бульвар Бейбитшилик, 39");
}

/* A village: district, rural okrug and settlement are all written. */
static void
test_address_village (void)
{
  g_autoptr(MkAddress) address = mk_address_new ();
  g_autofree char *kk = NULL;
  g_autofree char *ru = NULL;

  set_text (&address->region, "Қарағанды облысы", "Карагандинская область", "Karaganda Region");
  set_text (&address->district, "Бұқар жырау ауданы", "Бухар-Жырауский район", "Bukhar-Zhyrau District");
  set_text (&address->rural_okrug, "Ботақара кенті", "посёлок Ботакара", "Botakara");
  set_text (&address->settlement, "Ботақара кенті", "посёлок Ботакара", "Botakara");
  address->geonym_type = g_strdup ("street");
  set_text (&address->geonym, "Абай", "Абая", "Abai");
  address->building = g_strdup ("5А");

  kk = mk_address_format (address, "kk");
  ru = mk_address_format (address, "ru");
  g_assert_cmpstr (kk, ==, "Қарағанды облысы, Бұқар жырау ауданы, Ботақара кенті, Абай көшесі, 5А");
  g_assert_cmpstr (ru, ==, "Карагандинская область, Бухар-Жырауский район, посёлок Ботакара, улица Абая, 5А");
}

typedef struct {
  const char *type;
  const char *kk;   /* expected geonym part */
  const char *ru;
} GeonymCase;

/* Kazakh: the type word follows the name; Russian: it precedes it. */
static const GeonymCase geonym_cases[] = {
  { "street",        "Ерубаев көшесі",            "улица Ерубаева" },
  { "avenue",        "Нұрсұлтан Назарбаев даңғылы", "проспект Нурсултана Назарбаева" },
  { "microdistrict", "Шығыс-2 шағын ауданы",      "микрорайон Восток-2" },
  { "lane",          "Почтовый тұйық көшесі",     "переулок Почтовый" },
  { "boulevard",     "Мира бульвары",             "бульвар Мира" },
  { "square",        "Орталық алаңы",             "площадь Центральная" },
  { "quarter",       "17 орамы",                  "квартал 17" },
  { "highway",       "Ақтау тас жолы",            "шоссе Актауское" },
};

static void
test_address_geonym_types (void)
{
  g_assert_cmpuint (g_strv_length ((GStrv) mk_geonym_type_ids ()), ==, G_N_ELEMENTS (geonym_cases));

  for (guint i = 0; i < G_N_ELEMENTS (geonym_cases); i++)
    {
      const GeonymCase *c = &geonym_cases[i];
      g_autoptr(MkAddress) address = mk_address_new ();
      g_autofree char *kk = NULL;
      g_autofree char *ru = NULL;
      g_autofree char *kk_expected = NULL;
      g_autofree char *ru_expected = NULL;
      const char *kk_word = mk_geonym_type_name (c->type, "kk");
      const char *ru_word = mk_geonym_type_name (c->type, "ru");
      g_autofree char *kk_name = NULL;
      g_autofree char *ru_name = NULL;

      g_assert_true (g_strv_contains (mk_geonym_type_ids (), c->type));
      g_assert_nonnull (kk_word);
      g_assert_nonnull (ru_word);
      g_assert_nonnull (mk_geonym_type_name (c->type, "en"));
      g_assert_true (g_str_has_suffix (c->kk, kk_word));
      g_assert_true (g_str_has_prefix (c->ru, ru_word));

      /* The stored name is the geonym without its type word. */
      kk_name = g_strndup (c->kk, strlen (c->kk) - strlen (kk_word) - 1);
      ru_name = g_strdup (c->ru + strlen (ru_word) + 1);
      set_text (&address->region, "Қарағанды облысы", "Карагандинская область", "Karaganda Region");
      set_text (&address->settlement, "Теміртау қаласы", "г. Темиртау", "Temirtau");
      address->geonym_type = g_strdup (c->type);
      set_text (&address->geonym, kk_name, ru_name, ru_name);
      address->building = g_strdup ("1");
      address->premise = g_strdup ("7");

      kk = mk_address_format (address, "kk");
      ru = mk_address_format (address, "ru");
      kk_expected = g_strdup_printf ("Қарағанды облысы, Теміртау қаласы, %s, 1, 7-пәтер", c->kk);
      ru_expected = g_strdup_printf ("Карагандинская область, г. Темиртау, %s, 1, кв. 7", c->ru);
      g_assert_cmpstr (kk, ==, kk_expected);
      g_assert_cmpstr (ru, ==, ru_expected);
    }

  g_assert_null (mk_geonym_type_name ("alley", "kk"));
  g_assert_null (mk_geonym_type_name (NULL, "ru"));
}

static void
test_address_copy (void)
{
  g_autoptr(MkAddress) address = karaganda_address ();
  g_autoptr(MkAddress) copy = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  address->rca = g_strdup ("0200300012345678");
  address->active = FALSE;
  copy = mk_address_copy (address);
  g_assert_true (copy->region.kk != address->region.kk);
  g_assert_cmpstr (copy->rca, ==, "0200300012345678");
  g_assert_cmpstr (copy->kato, ==, "351010000");
  g_assert_false (copy->active);
  a = mk_address_format (address, "ru");
  b = mk_address_format (copy, "ru");
  g_assert_cmpstr (a, ==, b);
}

/* §11, §6: a garage's box and a dacha's plot are not worded as flats. */
static void
test_address_units (void)
{
  static const struct {
    MkObjectKind  object;
    const char   *kk_tail;
    const char   *ru_tail;
  } rows[] = {
    { MK_OBJECT_PREMISE, "39, 2-корпус, 51-пәтер", "39, корп. 2, кв. 51" },
    { MK_OBJECT_BUILDING, "39, 2-корпус, 51-пәтер", "39, корп. 2, кв. 51" },
    { MK_OBJECT_GARAGE, "39, 2-блок, 51-бокс", "39, блок 2, бокс 51" },
    { MK_OBJECT_DACHA, "39, 2-блок, 51-учаске", "39, блок 2, участок 51" },
  };
  g_autoptr(MkAddress) address = karaganda_address ();

  address->block = g_strdup ("2");
  address->premise = g_strdup ("51");
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *kk = mk_address_format_object (address, rows[i].object, "kk");
      g_autofree char *ru = mk_address_format_object (address, rows[i].object, "ru");

      g_assert_true (g_str_has_suffix (kk, rows[i].kk_tail));
      g_assert_true (g_str_has_suffix (ru, rows[i].ru_tail));
    }
}

/* §11, §23: the required items not marked present, in checklist order. */
static void
test_missing_items (void)
{
  g_autoptr(MkRegulation) regulation = NULL;
  g_autoptr(MkCase) c = mk_case_new ();
  g_autoptr(GPtrArray) checklist = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;

  regulation = mk_regulation_new_default (&error);
  g_assert_no_error (error);
  c->kind = MK_SERVICE_ABOLITION;
  c->conditions = MK_CONDITION_DEMOLITION | MK_CONDITION_REPRESENTATIVE;
  checklist = mk_regulation_get_checklist (regulation, c->kind, c->conditions);
  for (guint i = 0; i < checklist->len; i++)
    {
      const MkChecklistItem *rule = g_ptr_array_index (checklist, i);

      g_ptr_array_add (c->items, mk_case_item_new (rule->kind->id, rule->required));
    }

  mk_case_find_item (c, "application")->present = TRUE;
  mk_case_find_item (c, "identity-document")->present = TRUE;
  g_assert_null (mk_case_find_item (c, "master-plan"));

  missing = mk_case_missing_items (c);
  /* akimat decision, technical passport, demolition act (the object was
   * demolished: §11 "if needed" applies), notarised power of attorney, title document. */
  g_assert_cmpuint (missing->len, ==, 5);
  g_assert_cmpstr (((MkCaseItem *) g_ptr_array_index (missing, 0))->doc_kind, ==, "akimat-decision");
  g_assert_cmpstr (((MkCaseItem *) g_ptr_array_index (missing, 1))->doc_kind, ==, "technical-passport");
  g_assert_cmpstr (((MkCaseItem *) g_ptr_array_index (missing, 2))->doc_kind, ==, "demolition-act");
  g_assert_cmpstr (((MkCaseItem *) g_ptr_array_index (missing, 3))->doc_kind, ==, "notarised-power-of-attorney");
  g_assert_cmpstr (((MkCaseItem *) g_ptr_array_index (missing, 4))->doc_kind, ==, "title-document");
  g_assert_true (g_ptr_array_index (missing, 4) == mk_case_find_item (c, "title-document"));

  for (guint i = 0; i < c->items->len; i++)
    ((MkCaseItem *) g_ptr_array_index (c->items, i))->present = TRUE;
  none = mk_case_missing_items (c);
  g_assert_cmpuint (none->len, ==, 0);
}

static MkCase *
full_case (void)
{
  MkCase *c = mk_case_new ();
  MkCaseItem *item;

  c->id = 42;
  c->regno = g_strdup ("ЦОН-1-2026-000017");
  c->center_id = g_strdup ("center-karaganda-1");
  c->provider_id = g_strdup ("provider-karaganda");
  c->kind = MK_SERVICE_CHANGE;
  c->conditions = MK_CONDITION_REPRESENTATIVE | MK_CONDITION_GARAGE_OR_DACHA |
                  MK_CONDITION_DEMOLITION | MK_CONDITION_ARCHIVE_NEEDED;
  c->stage = g_strdup ("at-center");
  c->accepted_at = 1773993600;
  set_date (&c->deadlines.accepted, 20, 3, 2026);
  c->deadlines.working_days = 7;
  set_date (&c->deadlines.provider_due, 2, 4, 2026);
  set_date (&c->deadlines.issue_date, 3, 4, 2026);
  set_date (&c->deadlines.storage_until, 3, 5, 2026);
  set_date (&c->return_due, 26, 3, 2026);
  set_date (&c->notify_due, 6, 4, 2026);
  set_date (&c->due, 3, 4, 2026);
  c->accepted_by = 7;
  c->applicant_kind = MK_APPLICANT_LEGAL_ENTITY;
  c->applicant_idn = g_strdup ("020240000555");
  c->applicant_name = g_strdup ("ТОО «Гараж-Сервис»");
  c->applicant_phone = g_strdup ("+7 701 555 12 34");
  c->rep_name = g_strdup ("Ахметов Нұрлан Серікұлы");
  c->rep_idn = g_strdup ("880101300123");
  c->rep_phone = g_strdup ("+7 702 111 22 33");
  c->rep_poa = g_strdup ("№ 15 от 01.03.2026");
  c->object_kind = MK_OBJECT_GARAGE;
  c->cadastral = g_strdup ("09:142:001:234");
  c->address = karaganda_address ();
  c->address->block = g_strdup ("3");
  c->address->premise = g_strdup ("14");
  c->address->rca = g_strdup ("0200300012345678");
  set_text (&c->address->city_district, "Қазыбек би атындағы аудан", "район им. Казыбек би", "Kazybek Bi District");
  c->former_address = karaganda_address ();
  c->former_address->active = FALSE;
  g_free (c->former_address->geonym_type);
  c->former_address->geonym_type = g_strdup ("street");
  c->basis_number = g_strdup ("12/05");
  set_date (&c->basis_date, 14, 2, 2026);
  c->result = g_strdup ("refusal");
  c->result_number = g_strdup ("О-2026-3");
  set_date (&c->result_date, 1, 4, 2026);
  c->grounds = g_strdup ("Такой адрес уже существует\n\"кавычки\" и \\ слэш");
  c->register_id = 9;

  item = mk_case_item_new ("application", TRUE);
  item->present = TRUE;
  item->n_attachments = 2;
  g_ptr_array_add (c->items, item);
  item = mk_case_item_new ("archive-conclusion", FALSE);
  item->original_returned = TRUE;
  g_ptr_array_add (c->items, item);
  return c;
}

static void
assert_same_date (const GDate *a,
                  const GDate *b)
{
  g_assert_cmpint (g_date_valid (a), ==, g_date_valid (b));
  if (g_date_valid (a))
    g_assert_cmpint (g_date_compare (a, b), ==, 0);
}

static void
test_json_full (void)
{
  g_autoptr(MkCase) c = full_case ();
  g_autoptr(MkCase) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = mk_case_to_json (c);
  g_autofree char *again = NULL;
  MkCaseItem *item;

  /* Enumerations travel as ids, dates as ISO text. */
  g_assert_nonnull (strstr (json, "\"change\""));
  g_assert_nonnull (strstr (json, "\"legal-entity\""));
  g_assert_nonnull (strstr (json, "\"garage\""));
  g_assert_nonnull (strstr (json, "\"garage-or-dacha\""));
  g_assert_nonnull (strstr (json, "\"2026-04-03\""));

  back = mk_case_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  again = mk_case_to_json (back);
  g_assert_cmpstr (again, ==, json);

  g_assert_cmpint (back->id, ==, 42);
  g_assert_cmpstr (back->regno, ==, c->regno);
  g_assert_cmpint (back->kind, ==, MK_SERVICE_CHANGE);
  g_assert_cmpint (back->conditions, ==, c->conditions);
  g_assert_cmpstr (back->stage, ==, "at-center");
  g_assert_cmpint (back->accepted_at, ==, c->accepted_at);
  assert_same_date (&back->deadlines.accepted, &c->deadlines.accepted);
  g_assert_cmpuint (back->deadlines.working_days, ==, 7);
  assert_same_date (&back->deadlines.provider_due, &c->deadlines.provider_due);
  assert_same_date (&back->deadlines.issue_date, &c->deadlines.issue_date);
  assert_same_date (&back->deadlines.storage_until, &c->deadlines.storage_until);
  assert_same_date (&back->return_due, &c->return_due);
  assert_same_date (&back->notify_due, &c->notify_due);
  assert_same_date (&back->due, &c->due);
  assert_same_date (&back->basis_date, &c->basis_date);
  assert_same_date (&back->result_date, &c->result_date);
  g_assert_cmpint (back->accepted_by, ==, 7);
  g_assert_cmpint (back->applicant_kind, ==, MK_APPLICANT_LEGAL_ENTITY);
  g_assert_cmpstr (back->applicant_name, ==, c->applicant_name);
  g_assert_cmpstr (back->rep_poa, ==, c->rep_poa);
  g_assert_cmpint (back->object_kind, ==, MK_OBJECT_GARAGE);
  g_assert_cmpstr (back->address->city_district.ru, ==, "район им. Казыбек би");
  g_assert_cmpstr (back->address->premise, ==, "14");
  g_assert_true (back->address->active);
  g_assert_false (back->former_address->active);
  g_assert_cmpstr (back->former_address->geonym_type, ==, "street");
  g_assert_null (back->address->rural_okrug.kk);
  g_assert_cmpstr (back->grounds, ==, c->grounds);
  g_assert_cmpint (back->register_id, ==, 9);
  g_assert_cmpuint (back->items->len, ==, 2);
  item = g_ptr_array_index (back->items, 0);
  g_assert_cmpstr (item->doc_kind, ==, "application");
  g_assert_true (item->required && item->present && !item->original_returned);
  g_assert_cmpuint (item->n_attachments, ==, 2);
  item = g_ptr_array_index (back->items, 1);
  g_assert_true (!item->required && !item->present && item->original_returned);
}

static void
test_json_empty (void)
{
  g_autoptr(MkCase) c = mk_case_new ();
  g_autoptr(MkCase) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = mk_case_to_json (c);
  g_autofree char *again = NULL;

  back = mk_case_from_json (json, &error);
  g_assert_no_error (error);
  again = mk_case_to_json (back);
  g_assert_cmpstr (again, ==, json);
  g_assert_null (back->stage);
  g_assert_null (back->address);
  g_assert_false (g_date_valid (&back->due));
  g_assert_cmpuint (back->items->len, ==, 0);
  g_assert_cmpint (back->conditions, ==, MK_CONDITION_NONE);

  /* The smallest JSON is an empty object. */
  g_clear_pointer (&back, mk_case_unref);
  back = mk_case_from_json ("{}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->ref_count, ==, 1);
}

static void
test_json_unknown_keys (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) c = mk_case_from_json ("{\"kind\": \"abolition\", \"colour\": \"blue\","
                                           " \"address\": {\"building\": \"5\", \"floor\": 3},"
                                           " \"items\": [{\"doc_kind\": \"application\", \"scanned\": true}]}",
                                           &error);

  g_assert_no_error (error);
  g_assert_cmpint (c->kind, ==, MK_SERVICE_ABOLITION);
  g_assert_cmpstr (c->address->building, ==, "5");
  g_assert_true (c->address->active);
  g_assert_cmpstr (mk_case_find_item (c, "application")->doc_kind, ==, "application");
}

static const struct {
  const char *name;
  const char *json;
} malformed[] = {
  { "syntax",           "{\"kind\": " },
  { "not-an-object",    "[1, 2]" },
  { "unknown-kind",     "{\"kind\": \"demolish\"}" },
  { "unknown-applicant","{\"applicant_kind\": \"robot\"}" },
  { "unknown-object",   "{\"object_kind\": \"castle\"}" },
  { "unknown-condition","{\"conditions\": [\"representative\", \"urgent\"]}" },
  { "bad-date",         "{\"due\": \"03.04.2026\"}" },
  { "bad-deadline-date","{\"deadlines\": {\"issue_date\": \"2026-02-30\"}}" },
  { "string-as-number", "{\"id\": \"42\"}" },
  { "number-as-string", "{\"regno\": 17}" },
  { "address-not-object","{\"address\": \"Караганда\"}" },
  { "text-not-object",  "{\"address\": {\"region\": \"Қарағанды\"}}" },
  { "item-not-object",  "{\"items\": [\"application\"]}" },
  { "item-without-kind","{\"items\": [{\"present\": true}]}" },
  { "negative-count",   "{\"items\": [{\"doc_kind\": \"application\", \"n_attachments\": -1}]}" },
  { "bool-as-string",   "{\"items\": [{\"doc_kind\": \"application\", \"present\": \"yes\"}]}" },
};

static void
test_json_malformed (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(MkCase) c = mk_case_from_json (malformed[i].json, &error);

  g_assert_null (c);
  g_assert_error (error, MK_CASE_ERROR, MK_CASE_ERROR_INVALID);
  g_test_message ("%s", error->message);
}

static void
test_case_boxed (void)
{
  MkCase *c = mk_case_new ();
  MkCase *copy = g_boxed_copy (MK_TYPE_CASE, c);

  g_assert_true (copy == c);
  g_assert_cmpint (c->ref_count, ==, 2);
  g_boxed_free (MK_TYPE_CASE, copy);
  g_assert_cmpint (c->ref_count, ==, 1);
  mk_case_unref (c);
}

static void
test_event_free (void)
{
  MkEvent *event = g_new0 (MkEvent, 1);

  event->action = g_strdup ("sign");
  event->stage_before = g_strdup ("signing");
  event->stage_after = g_strdup ("signed");
  event->note = g_strdup ("OK");
  event->hash = g_strdup ("00");
  mk_event_free (event);
  mk_event_free (NULL);
  mk_address_free (NULL);
  mk_case_item_free (NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/case/address/examples-s6", test_address_examples);
  g_test_add_func ("/case/address/village-s6", test_address_village);
  g_test_add_func ("/case/address/city-district-s6", test_address_city_district);
  g_test_add_func ("/case/address/units-s6", test_address_units);
  g_test_add_func ("/case/address/geonym-types", test_address_geonym_types);
  g_test_add_func ("/case/address/copy", test_address_copy);
  g_test_add_func ("/case/items/missing-s23", test_missing_items);
  g_test_add_func ("/case/json/round-trip-full", test_json_full);
  g_test_add_func ("/case/json/round-trip-empty", test_json_empty);
  g_test_add_func ("/case/json/unknown-keys", test_json_unknown_keys);
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autofree char *path = g_strconcat ("/case/json/malformed/", malformed[i].name, NULL);

      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_json_malformed);
    }
  g_test_add_func ("/case/boxed", test_case_boxed);
  g_test_add_func ("/case/event-free", test_event_free);

  return g_test_run ();
}
