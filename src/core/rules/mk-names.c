/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Names people read for the ids the store, the regulation data and the model keep. */

#define G_LOG_DOMAIN "mk-names"

#include "mk-names.h"
#include "mk-workflow.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

/* Steps the store records itself, beside the regulation's actions. */
static const struct {
  const char *id;
  const char *context;
  const char *name;
} store_events[] = {
  { "register",             "history", NC_("history", "Registered") },
  { "refuse-intake",        NULL,      N_("Refused at intake") },
  { "edit",                 "history", NC_("history", "Edited") },
  { "attach",               "history", NC_("history", "Document attached") },
  { "remove-attachment",    "history", NC_("history", "Attached document removed") },
  { "issue-document",       "history", NC_("history", "Document made") },
  { "create-register",      "history", NC_("history", "Register made") },
  { "receive-register",     "history", NC_("history", "Register received") },
  { "add-user",             "history", NC_("history", "User added") },
  { "update-user",          "history", NC_("history", "User changed") },
  { "update-user-password", "history", NC_("history", "User and password changed") },
  { "set-certificate",      "history", NC_("history", "Signing certificate registered") },
  { "import-calendar",      "history", NC_("history", "Calendar imported") },
  { "import-regulation",    "history", NC_("history", "Regulation edition imported") },
  { "receive-case",         "history", NC_("history", "Case received from the register") },
  { "correct",              "history", NC_("history", "Step corrected by an administrator") },
  { "retire-address",       "history", NC_("history", "Address made inactive") },
  { "seal-rows",            "history", NC_("history", "Records sealed in the audit trail") },
  { "add-trust-anchor",     "history", NC_("history", "Trusted certification center added") },
  { "remove-trust-anchor",  "history", NC_("history", "Trusted certification center removed") },
  { "update-office",        "history", NC_("history", "Office changed") },
  { "restore-forced",       "history", NC_("history", "Backup restored despite a broken audit trail") },
};

const char *
mk_event_action_name (MkRegulation *regulation,
                      const char   *action)
{
  const MkAction *a;

  g_return_val_if_fail (regulation == NULL || MK_IS_REGULATION (regulation), NULL);

  if (action == NULL || *action == '\0')
    return C_("history", "Other change");
  a = regulation != NULL ? mk_regulation_get_action (regulation, action) : NULL;
  if (a != NULL)
    return mk_text_get (&a->name);
  for (guint i = 0; i < G_N_ELEMENTS (store_events); i++)
    if (g_str_equal (store_events[i].id, action))
      return store_events[i].context != NULL
             ? g_dpgettext2 (GETTEXT_PACKAGE, store_events[i].context, store_events[i].name)
             : _(store_events[i].name);
  return C_("history", "Other change");
}

static const char *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
parse_details (JsonParser *parser,
               const char *json)
{
  JsonNode *root;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

static const char *
item_name (MkRegulation *regulation,
           const char   *doc_kind)
{
  const MkDocumentKind *kind = regulation != NULL && doc_kind != NULL
                               ? mk_regulation_get_document_kind (regulation, doc_kind) : NULL;

  return kind != NULL ? mk_text_get (&kind->name) : NULL;
}

char *
mk_event_describe (MkRegulation  *regulation,
                   const MkEvent *event)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *details;

  g_return_val_if_fail (event != NULL, NULL);

  if (g_strcmp0 (event->action, "issue-document") == 0)
    {
      const char *kind, *number, *version;

      details = parse_details (parser, event->after);
      kind = member (details, "document");
      number = member (details, "number");
      version = member (details, "version");
      if (kind == NULL)
        return NULL;
      if (number != NULL && version != NULL)
        /* Translators: "Address certificate 3505-2026-000123, version 2". */
        return g_strdup_printf (_("%s %s, version %s"), mk_document_kind_name (kind), number, version);
      return g_strdup (mk_document_kind_name (kind));
    }
  if (g_strcmp0 (event->action, "attach") == 0 || g_strcmp0 (event->action, "remove-attachment") == 0)
    {
      const char *item, *file;

      details = parse_details (parser, g_strcmp0 (event->action, "attach") == 0 ? event->after
                                                                                : event->before);
      item = item_name (regulation, member (details, "doc_kind"));
      file = member (details, "file_name");
      if (item != NULL && file != NULL)
        /* Translators: "Title document for the real-estate object: scan.pdf". */
        return g_strdup_printf (_("%s: %s"), item, file);
      return g_strdup (item != NULL ? item : file);
    }
  /* §21 (#14): who took the result, with the document shown. */
  if (g_strcmp0 (event->action, "issue") == 0)
    {
      const char *name, *document, *number;
      MkIdDocumentKind kind;

      details = parse_details (parser, event->after);
      name = member (details, "recipient_name");
      document = member (details, "id_document");
      number = member (details, "id_number");
      if (name == NULL || document == NULL || !mk_id_document_kind_from_id (document, &kind))
        return NULL;
      /* Translators: "Received by Сейтқали Асқар, identity card 012345678". */
      return g_strdup_printf (_("Received by %s, %s %s"), name, mk_id_document_kind_name (kind),
                              number != NULL ? number : "");
    }
  if (g_strcmp0 (event->action, "retire-address") == 0)
    {
      const char *by;

      details = parse_details (parser, event->after);
      by = member (details, "by");
      /* Translators: "By application 3505-2026-000123 (§6)". */
      return by != NULL ? g_strdup_printf (_("By application %s (§6)"), by) : NULL;
    }
  if (g_strcmp0 (event->action, "create-register") == 0 || g_strcmp0 (event->action, "receive-register") == 0
      || g_strcmp0 (event->action, "receive-case") == 0)
    {
      const char *number;

      details = parse_details (parser, event->after);
      number = member (details, "register");
      return number != NULL ? g_strdup_printf (_("Register %s"), number) : NULL;
    }
  return NULL;
}

const char *
mk_stage_display_name (MkRegulation *regulation,
                       const char   *stage)
{
  const MkStage *s;

  if (stage == NULL || *stage == '\0')
    return "—";
  s = regulation != NULL ? mk_regulation_get_stage (regulation, stage) : NULL;
  /* An edition without this stage (an old event): its id is all there is. */
  return s != NULL ? mk_text_get (&s->name) : stage;
}

/* The documents of the service (§6, §13, §19, §23, §24); file names in the
 * two languages of the service, so a saved file is named as the desk reads. */
static const struct {
  const char *id;
  const char *name;
  const char *file_kk;
  const char *file_ru;
  const char *file_en;
} document_kinds[] = {
  { "receipt",         N_("Receipt for the documents"),       "қолхат",                  "расписка",              "receipt" },
  { "refusal-receipt", N_("Refusal to accept the documents"), "қабылдаудан-бас-тарту",   "отказ-в-приеме",        "refusal-to-accept" },
  { "register",        NULL,                                   "тізілім",                 "реестр",                "register" },
  { "certificate",     N_("Address certificate"),             "анықтама",                "справка",               "certificate" },
  { "refusal",         N_("Reasoned refusal"),                "дәлелді-бас-тарту",       "мотивированный-отказ",  "refusal" },
  { "return-letter",   N_("Letter returning the documents"),  "қайтару-туралы-хат",      "письмо-о-возврате",     "return-letter" },
};

const char *
mk_document_kind_name (const char *kind)
{
  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (document_kinds); i++)
    if (g_str_equal (document_kinds[i].id, kind))
      return document_kinds[i].name != NULL ? _(document_kinds[i].name)
                                            : C_("list of cases handed over", "Register");
  return C_("document", "Document");
}

const char *
mk_document_kind_file_name (const char *kind,
                            const char *lang)
{
  if (lang == NULL)
    lang = mk_ui_language ();
  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (document_kinds); i++)
    if (g_str_equal (document_kinds[i].id, kind))
      return g_str_equal (lang, "kk") ? document_kinds[i].file_kk
           : g_str_equal (lang, "ru") ? document_kinds[i].file_ru
           : document_kinds[i].file_en;
  return g_str_equal (lang, "kk") ? "құжат" : g_str_equal (lang, "ru") ? "документ" : "document";
}

const char *
mk_day_kind_name (MkDayKind kind)
{
  switch (kind)
    {
    case MK_DAY_WORKING:
      return _("Working day");
    case MK_DAY_WEEKEND:
      return _("Weekend");
    case MK_DAY_HOLIDAY:
      return _("Public holiday");
    case MK_DAY_RELIGIOUS:
      return _("Religious holiday");
    case MK_DAY_MOVED_OFF:
      return _("Day off moved from a holiday");
    case MK_DAY_TRANSFERRED_OFF:
      return _("Day off by transfer");
    case MK_DAY_TRANSFERRED_WORKING:
      return _("Working day by transfer");
    default:
      g_return_val_if_reached (NULL);
    }
}
