/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The regulation read from its GKeyFile form, with its cross-references checked. */

#define G_LOG_DOMAIN "mk-regulation"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "mk-regulation.h"

#define DEFAULT_RESOURCE "/kz/mekenjai/core/regulation.ini"

typedef struct {
  MkChecklistItem item;       /* first, so &rule->item is what callers see */
  MkConditions    condition;  /* MK_CONDITION_NONE: always asked for */
  char           *paragraph;
} ChecklistRule;

struct _MkRegulation
{
  GObject     parent_instance;

  char       *edition;
  GDate       adopted;        /* the day the act was adopted */
  MkRegulationStatus status;
  GDate       repealed;       /* valid only when repealed */
  MkText      repealed_by;    /* the act that repealed it */
  char       *provider_site;  /* §5 */
  char       *center_site;
  MkText      title;
  MkText      source;
  GHashTable *norms;          /* name → GUINT_TO_POINTER (value) */
  char       *initial_stage;
  char       *refused_stage;
  GPtrArray  *documents;      /* MkDocumentKind* */
  GPtrArray  *checklists[MK_SERVICE_N_KINDS]; /* ChecklistRule* */
  GPtrArray  *stages;         /* MkStage* */
  GPtrArray  *actions;        /* MkAction* */
  GPtrArray  *grounds;        /* MkRefusalGround* */
  GPtrArray  *outputs;        /* MkOutput* */
};

G_DEFINE_FINAL_TYPE (MkRegulation, mk_regulation, G_TYPE_OBJECT)

G_DEFINE_QUARK (mk-regulation-error-quark, mk_regulation_error)


/* MkStage.due values (see MkDeadlines and MkCase). */
static const char * const due_ids[] = { "provider", "issue", "return", "notify", "storage", NULL };
static const char * const result_ids[] = { "certificate", "refusal", NULL };
static const char * const sets_ids[] = { "return", "notify", NULL };

/* §7, §22, §24–§26: norms the deadline engine cannot work without. */
static const char * const required_norms[] = {
  "return-for-errors-days", "notification-days", "storage-months", NULL
};

/* Memory */

static void
document_kind_free (MkDocumentKind *kind)
{
  g_free (kind->id);
  mk_text_clear (&kind->name);
  g_free (kind->paragraph);
  g_free (kind);
}

static void
checklist_rule_free (ChecklistRule *rule)
{
  mk_text_clear (&rule->item.note);
  g_free (rule->paragraph);
  g_free (rule);
}

static void
stage_free (MkStage *stage)
{
  g_free (stage->id);
  mk_text_clear (&stage->name);
  g_free (stage->due);
  g_free (stage->paragraph);
  g_free (stage);
}

static void
action_free (MkAction *action)
{
  g_free (action->id);
  g_free (action->from);
  g_free (action->to);
  mk_text_clear (&action->name);
  g_free (action->result);
  g_free (action->sets);
  g_free (action->document);
  g_free (action->paragraph);
  g_free (action);
}

static void
refusal_ground_free (MkRefusalGround *ground)
{
  g_free (ground->id);
  mk_text_clear (&ground->name);
  g_free (ground->paragraph);
  g_free (ground);
}

static void
output_free (MkOutput *output)
{
  if (output == NULL)
    return;
  g_free (output->id);
  g_free (output->paragraph);
  g_free (output);
}

static void
mk_regulation_finalize (GObject *object)
{
  MkRegulation *self = MK_REGULATION (object);

  g_free (self->edition);
  mk_text_clear (&self->repealed_by);
  g_free (self->provider_site);
  g_free (self->center_site);
  mk_text_clear (&self->title);
  mk_text_clear (&self->source);
  g_clear_pointer (&self->norms, g_hash_table_unref);
  g_free (self->initial_stage);
  g_free (self->refused_stage);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  for (guint i = 0; i < MK_SERVICE_N_KINDS; i++)
    g_clear_pointer (&self->checklists[i], g_ptr_array_unref);
  g_clear_pointer (&self->stages, g_ptr_array_unref);
  g_clear_pointer (&self->actions, g_ptr_array_unref);
  g_clear_pointer (&self->grounds, g_ptr_array_unref);
  g_clear_pointer (&self->outputs, g_ptr_array_unref);

  G_OBJECT_CLASS (mk_regulation_parent_class)->finalize (object);
}

static void
mk_regulation_class_init (MkRegulationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mk_regulation_finalize;
}

static void
mk_regulation_init (MkRegulation *self)
{
  self->norms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) document_kind_free);
  for (guint i = 0; i < MK_SERVICE_N_KINDS; i++)
    self->checklists[i] = g_ptr_array_new_with_free_func ((GDestroyNotify) checklist_rule_free);
  self->stages = g_ptr_array_new_with_free_func ((GDestroyNotify) stage_free);
  self->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) action_free);
  self->grounds = g_ptr_array_new_with_free_func ((GDestroyNotify) refusal_ground_free);
  self->outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) output_free);
}

/* Reading the key file */

static void G_GNUC_PRINTF (4, 5)
set_parse_error (GError     **error,
                 const char  *group,
                 const char  *key,
                 const char  *format,
                 ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  if (key != NULL)
    g_set_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_PARSE,
                 /* Translators: the first %s is a group of the regulation data
                  * file, the second a key in it, the third what is wrong. */
                 _("Regulation data, group [%s], key “%s”: %s"), group, key, detail);
  else
    g_set_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_PARSE,
                 _("Regulation data, group [%s]: %s"), group, detail);
}

static gboolean
in_list (const char         *value,
         const char * const *list)
{
  return value != NULL && g_strv_contains (list, value);
}

/* A trimmed string value; NULL (and no error) when absent or empty and
 * @required is FALSE. */
static gboolean
read_string (GKeyFile    *kf,
             const char  *group,
             const char  *key,
             gboolean     required,
             char       **out,
             GError     **error)
{
  g_autofree char *value = g_key_file_get_string (kf, group, key, NULL);

  if (value != NULL)
    g_strstrip (value);
  if (value == NULL || *value == '\0')
    {
      if (required)
        {
          set_parse_error (error, group, key, "%s", _("the value is missing"));
          return FALSE;
        }
      *out = NULL;
      return TRUE;
    }
  *out = g_steal_pointer (&value);
  return TRUE;
}

static gboolean
read_uint (GKeyFile    *kf,
           const char  *group,
           const char  *key,
           guint       *out,
           GError     **error)
{
  g_autofree char *value = NULL;
  guint64 number;

  if (!read_string (kf, group, key, TRUE, &value, error))
    return FALSE;
  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &number, NULL))
    {
      set_parse_error (error, group, key, _("“%s” is not a whole number"), value);
      return FALSE;
    }
  *out = (guint) number;
  return TRUE;
}

static gboolean
read_bool (GKeyFile    *kf,
           const char  *group,
           const char  *key,
           gboolean     fallback,
           gboolean    *out,
           GError     **error)
{
  g_autofree char *value = NULL;

  if (!read_string (kf, group, key, FALSE, &value, error))
    return FALSE;
  if (value == NULL)
    *out = fallback;
  else if (g_str_equal (value, "true"))
    *out = TRUE;
  else if (g_str_equal (value, "false"))
    *out = FALSE;
  else
    {
      set_parse_error (error, group, key, _("“%s” is neither “true” nor “false”"), value);
      return FALSE;
    }
  return TRUE;
}

/* Reads PREFIX-kk, PREFIX-ru and PREFIX-en. An optional text may be absent
 * altogether, but never in one language only. */
static gboolean
read_text (GKeyFile    *kf,
           const char  *group,
           const char  *prefix,
           gboolean     required,
           MkText      *out,
           GError     **error)
{
  g_autofree char *kk_key = g_strconcat (prefix, "-kk", NULL);
  g_autofree char *ru_key = g_strconcat (prefix, "-ru", NULL);
  g_autofree char *en_key = g_strconcat (prefix, "-en", NULL);
  const char *keys[] = { kk_key, ru_key, en_key };
  char *values[3] = { NULL, NULL, NULL };
  guint n_present = 0;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      /* Never fails when not required. */
      read_string (kf, group, keys[i], FALSE, &values[i], NULL);
      if (values[i] != NULL)
        n_present++;
    }

  if (n_present < G_N_ELEMENTS (keys) && (required || n_present > 0))
    {
      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        if (values[i] == NULL)
          {
            set_parse_error (error, group, keys[i], "%s",
                             _("the text must be given in Kazakh, Russian and English"));
            break;
          }
      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        g_free (values[i]);
      return FALSE;
    }

  out->kk = values[0];
  out->ru = values[1];
  out->en = values[2];
  return TRUE;
}

/* Rejects keys the program would silently ignore: they are typos. */
static gboolean
check_keys (GKeyFile            *kf,
            const char          *group,
            const char * const  *allowed,
            GError             **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (kf, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_strv_contains (allowed, keys[i]))
      {
        set_parse_error (error, group, keys[i], "%s", _("unknown key"));
        return FALSE;
      }
  return TRUE;
}

static gboolean
read_role (GKeyFile    *kf,
           const char  *group,
           const char  *key,
           MkRole      *out,
           GError     **error)
{
  g_autofree char *value = NULL;

  if (!read_string (kf, group, key, TRUE, &value, error))
    return FALSE;
  /* The administrator manages data; it is not an actor of §14. */
  if (!mk_role_from_id (value, out) || *out == MK_ROLE_ADMINISTRATOR)
    {
      set_parse_error (error, group, key, _("unknown role “%s”"), value);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_choice (GKeyFile            *kf,
             const char          *group,
             const char          *key,
             const char * const  *choices,
             char               **out,
             GError             **error)
{
  g_autofree char *value = NULL;

  if (!read_string (kf, group, key, FALSE, &value, error))
    return FALSE;
  if (value != NULL && !in_list (value, choices))
    {
      set_parse_error (error, group, key, _("unknown value “%s”"), value);
      return FALSE;
    }
  *out = g_steal_pointer (&value);
  return TRUE;
}

static gboolean
read_date (GKeyFile    *kf,
           const char  *group,
           const char  *key,
           GDate       *out,
           GError     **error)
{
  g_autofree char *value = NULL;

  if (!read_string (kf, group, key, TRUE, &value, error))
    return FALSE;
  if (!mk_date_parse_iso (value, out))
    {
      set_parse_error (error, group, key, _("“%s” is not a date (YYYY-MM-DD)"), value);
      return FALSE;
    }
  return TRUE;
}

/* The edition's own standing: an act in force, or one repealed (the seed
 * act was, on 12.09.2014): then by which act and from when. */
static gboolean
parse_status (MkRegulation  *self,
              GKeyFile      *kf,
              const char    *group,
              GError       **error)
{
  g_autofree char *status = NULL;

  /* An edition stored before editions carried their date and standing is
   * read as it is: both unknown. */
  g_date_clear (&self->adopted, 1);
  g_date_clear (&self->repealed, 1);
  if (g_key_file_has_key (kf, group, "adopted", NULL) &&
      !read_date (kf, group, "adopted", &self->adopted, error))
    return FALSE;
  if (!read_string (kf, group, "status", FALSE, &status, error))
    return FALSE;
  if (status == NULL)
    {
      self->status = MK_REGULATION_STATUS_UNKNOWN;
      if (g_key_file_has_key (kf, group, "repealed", NULL))
        {
          set_parse_error (error, group, "status", "%s", _("a repealed edition says “status=repealed”"));
          return FALSE;
        }
      return read_text (kf, group, "repealed-by", FALSE, &self->repealed_by, error);
    }
  if (!g_date_valid (&self->adopted))
    {
      set_parse_error (error, group, "adopted", "%s", _("an edition with a status gives its date of adoption"));
      return FALSE;
    }
  if (g_str_equal (status, "in-force"))
    {
      self->status = MK_REGULATION_IN_FORCE;
      if (g_key_file_has_key (kf, group, "repealed", NULL))
        {
          set_parse_error (error, group, "repealed", "%s", _("an edition in force has no date of repeal"));
          return FALSE;
        }
      return read_text (kf, group, "repealed-by", FALSE, &self->repealed_by, error);
    }
  if (!g_str_equal (status, "repealed"))
    {
      set_parse_error (error, group, "status", _("“%s” is neither “in-force” nor “repealed”"), status);
      return FALSE;
    }
  self->status = MK_REGULATION_REPEALED;
  if (!read_date (kf, group, "repealed", &self->repealed, error) ||
      !read_text (kf, group, "repealed-by", TRUE, &self->repealed_by, error))
    return FALSE;
  if (g_date_compare (&self->repealed, &self->adopted) < 0)
    {
      set_parse_error (error, group, "repealed", "%s", _("the edition cannot be repealed before it was adopted"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_header (MkRegulation  *self,
              GKeyFile      *kf,
              GError       **error)
{
  static const char * const allowed[] = {
    "edition", "title-kk", "title-ru", "title-en", "source-kk", "source-ru", "source-en",
    "adopted", "status", "repealed", "repealed-by-kk", "repealed-by-ru", "repealed-by-en",
    "provider-site", "center-site", NULL
  };
  const char *group = "regulation";

  if (!g_key_file_has_group (kf, group))
    {
      set_parse_error (error, group, NULL, "%s", _("the group is missing"));
      return FALSE;
    }
  return check_keys (kf, group, allowed, error) &&
         read_string (kf, group, "edition", TRUE, &self->edition, error) &&
         read_text (kf, group, "title", TRUE, &self->title, error) &&
         read_text (kf, group, "source", TRUE, &self->source, error) &&
         parse_status (self, kf, group, error) &&
         read_string (kf, group, "provider-site", FALSE, &self->provider_site, error) &&
         read_string (kf, group, "center-site", FALSE, &self->center_site, error);
}

static gboolean
parse_norms (MkRegulation  *self,
             GKeyFile      *kf,
             GError       **error)
{
  const char *group = "norms";
  g_auto(GStrv) keys = NULL;

  if (!g_key_file_has_group (kf, group))
    {
      set_parse_error (error, group, NULL, "%s", _("the group is missing"));
      return FALSE;
    }

  keys = g_key_file_get_keys (kf, group, NULL, NULL);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      guint value;

      if (!read_uint (kf, group, keys[i], &value, error))
        return FALSE;
      g_hash_table_insert (self->norms, g_strdup (keys[i]), GUINT_TO_POINTER (value));
    }

  /* §7: every kind of service has its term. */
  for (guint kind = 0; kind < MK_SERVICE_N_KINDS; kind++)
    {
      g_autofree char *key = g_strdup_printf ("term-%s-days", mk_service_kind_to_id (kind));

      if (GPOINTER_TO_UINT (g_hash_table_lookup (self->norms, key)) == 0)
        {
          set_parse_error (error, group, key, "%s", _("a positive number is required"));
          return FALSE;
        }
    }
  for (guint i = 0; required_norms[i] != NULL; i++)
    if (GPOINTER_TO_UINT (g_hash_table_lookup (self->norms, required_norms[i])) == 0)
      {
        set_parse_error (error, group, required_norms[i], "%s", _("a positive number is required"));
        return FALSE;
      }
  /* §16: the center's hours, where an edition states them, lie within a day. */
  if (g_hash_table_contains (self->norms, "center-close-hour"))
    {
      guint open = GPOINTER_TO_UINT (g_hash_table_lookup (self->norms, "center-open-hour"));
      guint close = GPOINTER_TO_UINT (g_hash_table_lookup (self->norms, "center-close-hour"));

      if (close > 24 || open >= close)
        {
          set_parse_error (error, group, "center-close-hour", "%s",
                           _("the center closes after it opens, at 24 at the latest"));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
parse_document (MkRegulation  *self,
                GKeyFile      *kf,
                const char    *group,
                const char    *id,
                GError       **error)
{
  static const char * const allowed[] = { "name-kk", "name-ru", "name-en", "paragraph", NULL };
  MkDocumentKind *kind = g_new0 (MkDocumentKind, 1);

  g_ptr_array_add (self->documents, kind);
  kind->id = g_strdup (id);
  return check_keys (kf, group, allowed, error) &&
         read_text (kf, group, "name", TRUE, &kind->name, error) &&
         read_string (kf, group, "paragraph", FALSE, &kind->paragraph, error);
}

static gboolean
parse_stage (MkRegulation  *self,
             GKeyFile      *kf,
             const char    *group,
             const char    *id,
             GError       **error)
{
  static const char * const allowed[] = {
    "name-kk", "name-ru", "name-en", "step", "actor", "due", "final", "paragraph", NULL
  };
  MkStage *stage = g_new0 (MkStage, 1);

  g_ptr_array_add (self->stages, stage);
  stage->id = g_strdup (id);
  if (!check_keys (kf, group, allowed, error) ||
      !read_text (kf, group, "name", TRUE, &stage->name, error) ||
      !read_uint (kf, group, "step", &stage->step, error) ||
      !read_role (kf, group, "actor", &stage->actor, error) ||
      !read_choice (kf, group, "due", due_ids, &stage->due, error) ||
      !read_bool (kf, group, "final", FALSE, &stage->final, error) ||
      !read_string (kf, group, "paragraph", FALSE, &stage->paragraph, error))
    return FALSE;

  /* §10 has seven steps; 0 marks a branch (§22–§24). */
  if (stage->step > 7)
    {
      set_parse_error (error, group, "step", "%s", _("a step of §10 is a number from 0 to 7"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_action (MkRegulation  *self,
              GKeyFile      *kf,
              const char    *group,
              const char    *id,
              GError       **error)
{
  static const char * const allowed[] = {
    "name-kk", "name-ru", "name-en", "from", "to", "role", "needs-reason", "result",
    "sets", "document", "paragraph", NULL
  };
  MkAction *action = g_new0 (MkAction, 1);

  g_ptr_array_add (self->actions, action);
  action->id = g_strdup (id);
  if (!check_keys (kf, group, allowed, error) ||
      !read_text (kf, group, "name", TRUE, &action->name, error) ||
      !read_string (kf, group, "from", TRUE, &action->from, error) ||
      !read_string (kf, group, "to", TRUE, &action->to, error) ||
      !read_role (kf, group, "role", &action->role, error) ||
      !read_bool (kf, group, "needs-reason", FALSE, &action->needs_reason, error) ||
      !read_choice (kf, group, "result", result_ids, &action->result, error) ||
      !read_choice (kf, group, "sets", sets_ids, &action->sets, error) ||
      !read_string (kf, group, "document", FALSE, &action->document, error) ||
      !read_string (kf, group, "paragraph", FALSE, &action->paragraph, error))
    return FALSE;
  if (action->document != NULL && *action->document == '\0')
    g_clear_pointer (&action->document, g_free);

  if (mk_regulation_get_stage (self, action->from) == NULL)
    {
      set_parse_error (error, group, "from", _("unknown stage “%s”"), action->from);
      return FALSE;
    }
  if (mk_regulation_get_stage (self, action->to) == NULL)
    {
      set_parse_error (error, group, "to", _("unknown stage “%s”"), action->to);
      return FALSE;
    }
  if (mk_regulation_get_stage (self, action->from)->final)
    {
      set_parse_error (error, group, "from", _("no action leaves the final stage “%s”"),
                       action->from);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_checklist (MkRegulation  *self,
                 GKeyFile      *kf,
                 const char    *group,
                 const char    *id,
                 GError       **error)
{
  static const char * const item_keys[] = {
    "condition", "required", "original-only", "note-kk", "note-ru", "note-en", "paragraph", NULL
  };
  MkServiceKind kind;
  g_autofree char *paragraph = NULL;
  g_auto(GStrv) items = NULL;
  g_auto(GStrv) keys = NULL;

  if (!mk_service_kind_from_id (id, &kind))
    {
      set_parse_error (error, group, NULL, _("unknown kind of service “%s”"), id);
      return FALSE;
    }
  if (!read_string (kf, group, "paragraph", FALSE, &paragraph, error))
    return FALSE;
  items = g_key_file_get_string_list (kf, group, "items", NULL, NULL);
  if (items == NULL || items[0] == NULL)
    {
      set_parse_error (error, group, "items", "%s", _("the value is missing"));
      return FALSE;
    }

  /* Every key is "paragraph", "items" or "<listed item>.<item key>". */
  keys = g_key_file_get_keys (kf, group, NULL, NULL);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *dot = strrchr (keys[i], '.');
      g_autofree char *item = NULL;

      if (g_str_equal (keys[i], "paragraph") || g_str_equal (keys[i], "items"))
        continue;
      if (dot != NULL)
        item = g_strndup (keys[i], dot - keys[i]);
      if (item == NULL || !g_strv_contains ((const char * const *) items, item) ||
          !g_strv_contains (item_keys, dot + 1))
        {
          set_parse_error (error, group, keys[i], "%s", _("unknown key"));
          return FALSE;
        }
    }

  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *doc = g_strstrip (items[i]);
      g_autofree char *condition_key = g_strconcat (doc, ".condition", NULL);
      g_autofree char *required_key = g_strconcat (doc, ".required", NULL);
      g_autofree char *original_key = g_strconcat (doc, ".original-only", NULL);
      g_autofree char *paragraph_key = g_strconcat (doc, ".paragraph", NULL);
      g_autofree char *note_prefix = g_strconcat (doc, ".note", NULL);
      g_autofree char *condition = NULL;
      ChecklistRule *rule;

      rule = g_new0 (ChecklistRule, 1);
      g_ptr_array_add (self->checklists[kind], rule);
      rule->item.kind = mk_regulation_get_document_kind (self, doc);
      if (rule->item.kind == NULL)
        {
          set_parse_error (error, group, "items", _("document kind “%s” is not defined"), doc);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (g_str_equal (items[j], doc))
          {
            set_parse_error (error, group, "items", _("document kind “%s” is listed twice"), doc);
            return FALSE;
          }

      if (!read_string (kf, group, condition_key, FALSE, &condition, error) ||
          !read_bool (kf, group, required_key, TRUE, &rule->item.required, error) ||
          !read_bool (kf, group, original_key, FALSE, &rule->item.original_only, error) ||
          !read_text (kf, group, note_prefix, FALSE, &rule->item.note, error) ||
          !read_string (kf, group, paragraph_key, FALSE, &rule->paragraph, error))
        return FALSE;
      if (condition != NULL && !mk_condition_from_id (condition, &rule->condition))
        {
          set_parse_error (error, group, condition_key, _("unknown condition “%s”"), condition);
          return FALSE;
        }
      if (rule->paragraph == NULL)
        rule->paragraph = g_strdup (paragraph != NULL ? paragraph : rule->item.kind->paragraph);
      rule->item.paragraph = rule->paragraph;
    }
  return TRUE;
}

static gboolean
parse_ground (MkRegulation  *self,
              GKeyFile      *kf,
              const char    *group,
              const char    *id,
              GError       **error)
{
  static const char * const allowed[] = { "name-kk", "name-ru", "name-en", "use", "paragraph", NULL };
  MkRefusalGround *ground = g_new0 (MkRefusalGround, 1);
  g_auto(GStrv) uses = NULL;

  g_ptr_array_add (self->grounds, ground);
  ground->id = g_strdup (id);
  if (!check_keys (kf, group, allowed, error) ||
      !read_text (kf, group, "name", TRUE, &ground->name, error) ||
      !read_string (kf, group, "paragraph", FALSE, &ground->paragraph, error))
    return FALSE;

  uses = g_key_file_get_string_list (kf, group, "use", NULL, NULL);
  for (guint i = 0; uses != NULL && uses[i] != NULL; i++)
    {
      const char *use = g_strstrip (uses[i]);

      if (g_str_equal (use, "refusal"))
        ground->for_refusal = TRUE;
      else if (g_str_equal (use, "return"))
        ground->for_return = TRUE;
      else
        {
          set_parse_error (error, group, "use", _("unknown value “%s”"), use);
          return FALSE;
        }
    }
  if (!ground->for_refusal && !ground->for_return)
    {
      set_parse_error (error, group, "use", "%s", _("say “refusal”, “return” or both"));
      return FALSE;
    }
  return TRUE;
}

/* "center-inspector;accumulation-inspector" → a set of 1 << MkRole. */
static gboolean
read_roles (GKeyFile    *kf,
            const char  *group,
            const char  *key,
            guint       *out,
            GError     **error)
{
  g_auto(GStrv) values = g_key_file_get_string_list (kf, group, key, NULL, NULL);

  *out = 0;
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      const char *value = g_strstrip (values[i]);
      MkRole role;

      if (*value == '\0')
        continue;
      if (!mk_role_from_id (value, &role) || role == MK_ROLE_ADMINISTRATOR)
        {
          set_parse_error (error, group, key, _("unknown role “%s”"), value);
          return FALSE;
        }
      *out |= 1u << role;
    }
  return TRUE;
}

static gboolean
parse_output (MkRegulation  *self,
              GKeyFile      *kf,
              const char    *group,
              const char    *id,
              GError       **error)
{
  static const char * const allowed[] = { "center-roles", "provider-roles", "paragraph", NULL };
  MkOutput *output = g_new0 (MkOutput, 1);

  g_ptr_array_add (self->outputs, output);
  output->id = g_strdup (id);
  if (!check_keys (kf, group, allowed, error) ||
      !read_roles (kf, group, "center-roles", &output->center_roles, error) ||
      !read_roles (kf, group, "provider-roles", &output->provider_roles, error) ||
      !read_string (kf, group, "paragraph", FALSE, &output->paragraph, error))
    return FALSE;
  if (output->center_roles == 0 && output->provider_roles == 0)
    {
      set_parse_error (error, group, NULL, "%s", _("name the roles that make this document"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_workflow (MkRegulation  *self,
                GKeyFile      *kf,
                GError       **error)
{
  static const char * const allowed[] = { "initial-stage", "refused-stage", NULL };
  const char *group = "workflow";

  if (!g_key_file_has_group (kf, group))
    {
      set_parse_error (error, group, NULL, "%s", _("the group is missing"));
      return FALSE;
    }
  if (!check_keys (kf, group, allowed, error) ||
      !read_string (kf, group, "initial-stage", TRUE, &self->initial_stage, error) ||
      !read_string (kf, group, "refused-stage", TRUE, &self->refused_stage, error))
    return FALSE;
  if (mk_regulation_get_stage (self, self->initial_stage) == NULL)
    {
      set_parse_error (error, group, "initial-stage", _("unknown stage “%s”"), self->initial_stage);
      return FALSE;
    }
  /* §23: a refusal to accept ends the case. */
  if (mk_regulation_get_stage (self, self->refused_stage) == NULL ||
      !mk_regulation_get_stage (self, self->refused_stage)->final)
    {
      set_parse_error (error, group, "refused-stage", _("“%s” is not a final stage"),
                       self->refused_stage);
      return FALSE;
    }
  return TRUE;
}

typedef gboolean (*ParseGroupFunc) (MkRegulation  *self,
                                    GKeyFile      *kf,
                                    const char    *group,
                                    const char    *id,
                                    GError       **error);

/* Referenced groups come first, whatever their order in the file. */
static const struct {
  const char     *prefix;
  ParseGroupFunc  parse;
} group_kinds[] = {
  { "document:",       parse_document },
  { "stage:",          parse_stage },
  { "action:",         parse_action },
  { "checklist:",      parse_checklist },
  { "refusal-ground:", parse_ground },
  { "output:",         parse_output },
};

static gboolean
parse_key_file (MkRegulation  *self,
                GKeyFile      *kf,
                GError       **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (kf, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      gboolean known = g_str_equal (groups[i], "regulation") ||
                       g_str_equal (groups[i], "norms") ||
                       g_str_equal (groups[i], "workflow");

      for (guint k = 0; !known && k < G_N_ELEMENTS (group_kinds); k++)
        known = g_str_has_prefix (groups[i], group_kinds[k].prefix) &&
                groups[i][strlen (group_kinds[k].prefix)] != '\0';
      if (!known)
        {
          set_parse_error (error, groups[i], NULL, "%s", _("unknown group"));
          return FALSE;
        }
    }

  if (!parse_header (self, kf, error) || !parse_norms (self, kf, error))
    return FALSE;

  for (guint k = 0; k < G_N_ELEMENTS (group_kinds); k++)
    {
      for (guint i = 0; groups[i] != NULL; i++)
        if (g_str_has_prefix (groups[i], group_kinds[k].prefix) &&
            !group_kinds[k].parse (self, kf, groups[i],
                                   groups[i] + strlen (group_kinds[k].prefix), error))
          return FALSE;

      /* The workflow group names stages: read it once the stages are known. */
      if (g_str_equal (group_kinds[k].prefix, "stage:") && !parse_workflow (self, kf, error))
        return FALSE;
    }

  for (guint kind = 0; kind < MK_SERVICE_N_KINDS; kind++)
    if (self->checklists[kind]->len == 0)
      {
        g_autofree char *group = g_strconcat ("checklist:", mk_service_kind_to_id (kind), NULL);

        set_parse_error (error, group, NULL, "%s", _("the group is missing"));
        return FALSE;
      }

  /* An action makes only a document whose makers the data names. */
  for (guint i = 0; i < self->actions->len; i++)
    {
      const MkAction *action = g_ptr_array_index (self->actions, i);
      g_autofree char *group = g_strconcat ("action:", action->id, NULL);

      if (action->document != NULL && mk_regulation_get_output (self, action->document) == NULL)
        {
          set_parse_error (error, group, "document", _("no [output:%s] group names who makes it"),
                           action->document);
          return FALSE;
        }
    }

  /* A case must never be stuck at a stage nobody can leave. */
  for (guint i = 0; i < self->stages->len; i++)
    {
      const MkStage *stage = g_ptr_array_index (self->stages, i);
      gboolean left = FALSE;

      for (guint j = 0; !left && j < self->actions->len; j++)
        {
          const MkAction *action = g_ptr_array_index (self->actions, j);

          left = g_str_equal (action->from, stage->id) && !g_str_equal (action->to, stage->id);
        }
      if (!stage->final && !left)
        {
          g_autofree char *group = g_strconcat ("stage:", stage->id, NULL);

          set_parse_error (error, group, NULL, "%s",
                           _("the stage is not final, but no action leads out of it"));
          return FALSE;
        }
    }
  return TRUE;
}

/* Public API */

/**
 * mk_regulation_new_from_data:
 * @data: the text of a regulation data file (UTF-8 GKeyFile)
 * @length: the length of @data, or -1 if it is nul-terminated
 * @error: return location for a #MK_REGULATION_ERROR_PARSE error
 *
 * Returns: (transfer full): the regulation, or %NULL if the data is malformed
 */
MkRegulation *
mk_regulation_new_from_data (const char  *data,
                             gssize       length,
                             GError     **error)
{
  g_autoptr(MkRegulation) self = NULL;
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (data);
  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_PARSE,
                           _("Regulation data is not valid UTF-8 text"));
      return NULL;
    }
  if (!g_key_file_load_from_data (kf, data, length, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_PARSE,
                   _("Regulation data is not a valid key file: %s"), local_error->message);
      return NULL;
    }

  self = g_object_new (MK_TYPE_REGULATION, NULL);
  if (!parse_key_file (self, kf, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * mk_regulation_get_default_data:
 *
 * Returns: (transfer full): the text of the shipped data/regulation.ini
 */
GBytes *
mk_regulation_get_default_data (void)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = g_resources_lookup_data (DEFAULT_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

  /* The resource is linked into the core: its absence is a build error. */
  if (bytes == NULL)
    g_critical ("Cannot read %s: %s", DEFAULT_RESOURCE, error->message);
  return bytes;
}

MkRegulation *
mk_regulation_new_default (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_resources_lookup_data (DEFAULT_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &length);
  return mk_regulation_new_from_data (data, length, error);
}

const char *
mk_regulation_get_edition (MkRegulation *self)
{
  g_return_val_if_fail (MK_IS_REGULATION (self), NULL);
  return self->edition;
}

gboolean
mk_regulation_get_adopted (MkRegulation *self,
                           GDate        *date)
{
  g_return_val_if_fail (MK_IS_REGULATION (self), FALSE);
  g_return_val_if_fail (date != NULL, FALSE);
  *date = self->adopted;
  return g_date_valid (&self->adopted);
}

MkRegulationStatus
mk_regulation_get_status (MkRegulation *self)
{
  g_return_val_if_fail (MK_IS_REGULATION (self), MK_REGULATION_STATUS_UNKNOWN);
  return self->status;
}

gboolean
mk_regulation_get_repealed (MkRegulation  *self,
                            GDate         *date,
                            const MkText **by)
{
  g_return_val_if_fail (MK_IS_REGULATION (self), FALSE);

  if (self->status != MK_REGULATION_REPEALED)
    return FALSE;
  if (date != NULL)
    *date = self->repealed;
  if (by != NULL)
    *by = &self->repealed_by;
  return TRUE;
}

char *
mk_regulation_describe_edition (MkRegulation *self)
{
  g_autofree char *adopted = NULL;

  g_return_val_if_fail (MK_IS_REGULATION (self), NULL);

  if (self->status == MK_REGULATION_STATUS_UNKNOWN)
    /* Translators: an edition whose data gives no date or status. */
    return g_strdup_printf (_("Edition %s (its date and status are not given)."), self->edition);
  adopted = mk_date_format_long (&self->adopted, NULL);
  if (self->status == MK_REGULATION_REPEALED)
    {
      g_autofree char *repealed = mk_date_format_long (&self->repealed, NULL);

      /* Translators: "Edition karaganda-56-10-2013 of 17 September 2013,
       * repealed on 12 September 2014 by <the act that repealed it>." */
      return g_strdup_printf (_("Edition %s of %s, repealed on %s by %s."), self->edition, adopted, repealed,
                              mk_text_get (&self->repealed_by));
    }
  /* Translators: "Edition national-2024 of 1 July 2024, in force." */
  return g_strdup_printf (_("Edition %s of %s, in force."), self->edition, adopted);
}

const MkText *
mk_regulation_get_title (MkRegulation *self)
{
  g_return_val_if_fail (MK_IS_REGULATION (self), NULL);
  return &self->title;
}

const char *
mk_regulation_get_provider_site (MkRegulation *self)
{
  g_return_val_if_fail (MK_IS_REGULATION (self), NULL);
  return self->provider_site;
}

const char *
mk_regulation_get_center_site (MkRegulation *self)
{
  g_return_val_if_fail (MK_IS_REGULATION (self), NULL);
  return self->center_site;
}

const MkText *
mk_regulation_get_source (MkRegulation *self)
{
  g_return_val_if_fail (MK_IS_REGULATION (self), NULL);
  return &self->source;
}

guint
mk_regulation_get_term_days (MkRegulation  *self,
                             MkServiceKind  kind)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (MK_IS_REGULATION (self), 0);
  g_return_val_if_fail (kind < MK_SERVICE_N_KINDS, 0);

  key = g_strdup_printf ("term-%s-days", mk_service_kind_to_id (kind));
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->norms, key));
}

/**
 * mk_regulation_get_norm:
 * @name: a key of the [norms] group, e.g. "notification-days"
 *
 * Returns: the norm, or 0 when the data file does not define it
 */
guint
mk_regulation_get_norm (MkRegulation *self,
                        const char   *name)
{
  g_return_val_if_fail (MK_IS_REGULATION (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->norms, name));
}

GPtrArray *
mk_regulation_get_document_kinds (MkRegulation *self)
{
  g_return_val_if_fail (MK_IS_REGULATION (self), NULL);
  return self->documents;
}

const MkDocumentKind *
mk_regulation_get_document_kind (MkRegulation *self,
                                 const char   *id)
{
  g_return_val_if_fail (MK_IS_REGULATION (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->documents->len; i++)
    {
      const MkDocumentKind *kind = g_ptr_array_index (self->documents, i);

      if (g_str_equal (kind->id, id))
        return kind;
    }
  return NULL;
}

GPtrArray *
mk_regulation_get_checklist (MkRegulation  *self,
                             MkServiceKind  kind,
                             MkConditions   conditions)
{
  GPtrArray *items;

  g_return_val_if_fail (MK_IS_REGULATION (self), NULL);
  g_return_val_if_fail (kind < MK_SERVICE_N_KINDS, NULL);

  items = g_ptr_array_new ();
  for (guint i = 0; i < self->checklists[kind]->len; i++)
    {
      ChecklistRule *rule = g_ptr_array_index (self->checklists[kind], i);

      if (rule->condition == MK_CONDITION_NONE || (conditions & rule->condition) != 0)
        g_ptr_array_add (items, &rule->item);
    }
  return items;
}

GPtrArray *
mk_regulation_get_stages (MkRegulation *self)
{
  g_return_val_if_fail (MK_IS_REGULATION (self), NULL);
  return self->stages;
}

const MkStage *
mk_regulation_get_stage (MkRegulation *self,
                         const char   *id)
{
  g_return_val_if_fail (MK_IS_REGULATION (self), NULL);

  for (guint i = 0; id != NULL && i < self->stages->len; i++)
    {
      const MkStage *stage = g_ptr_array_index (self->stages, i);

      if (g_str_equal (stage->id, id))
        return stage;
    }
  return NULL;
}

const char *
mk_regulation_get_initial_stage (MkRegulation *self)
{
  g_return_val_if_fail (MK_IS_REGULATION (self), NULL);
  return self->initial_stage;
}

const char *
mk_regulation_get_refused_stage (MkRegulation *self)
{
  g_return_val_if_fail (MK_IS_REGULATION (self), NULL);
  return self->refused_stage;
}

GPtrArray *
mk_regulation_get_actions (MkRegulation *self)
{
  g_return_val_if_fail (MK_IS_REGULATION (self), NULL);
  return self->actions;
}

const MkAction *
mk_regulation_get_action (MkRegulation *self,
                          const char   *id)
{
  g_return_val_if_fail (MK_IS_REGULATION (self), NULL);

  for (guint i = 0; id != NULL && i < self->actions->len; i++)
    {
      const MkAction *action = g_ptr_array_index (self->actions, i);

      if (g_str_equal (action->id, id))
        return action;
    }
  return NULL;
}

GPtrArray *
mk_regulation_actions_for (MkRegulation *self,
                           const char   *stage,
                           MkRole        role)
{
  GPtrArray *actions;

  g_return_val_if_fail (MK_IS_REGULATION (self), NULL);
  g_return_val_if_fail (stage != NULL, NULL);

  actions = g_ptr_array_new ();
  for (guint i = 0; i < self->actions->len; i++)
    {
      MkAction *action = g_ptr_array_index (self->actions, i);

      if (action->role == role && g_str_equal (action->from, stage))
        g_ptr_array_add (actions, action);
    }
  return actions;
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

const MkAction *
mk_regulation_check_action (MkRegulation  *self,
                            const char    *stage,
                            const char    *action,
                            MkRole         role,
                            const char    *reason,
                            GError       **error)
{
  const MkAction *act;
  const MkStage *current;

  g_return_val_if_fail (MK_IS_REGULATION (self), NULL);
  g_return_val_if_fail (stage != NULL, NULL);
  g_return_val_if_fail (action != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  act = mk_regulation_get_action (self, action);
  if (act == NULL)
    {
      g_set_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_UNKNOWN,
                   _("Unknown action “%s”."), action);
      return NULL;
    }
  current = mk_regulation_get_stage (self, stage);
  if (current == NULL)
    {
      g_set_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_UNKNOWN,
                   _("Unknown stage “%s”."), stage);
      return NULL;
    }
  if (!g_str_equal (act->from, stage))
    {
      const MkStage *needed = mk_regulation_get_stage (self, act->from);

      g_set_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_WRONG_STAGE,
                   /* Translators: the first “%s” is an action (a button label),
                    * the second the stage the case is at, the third the stage
                    * the action needs. */
                   _("“%s” is not possible now: the case is at the stage “%s”, "
                     "and the action needs the stage “%s”."),
                   mk_text_get (&act->name), mk_text_get (&current->name),
                   mk_text_get (&needed->name));
      return NULL;
    }
  /* §14: every step belongs to one actor. */
  if (act->role != role)
    {
      g_set_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_WRONG_ROLE,
                   /* Translators: the first “%s” is an action, the second the
                    * user's role, the third the role the action belongs to. */
                   _("“%s” is not for the role “%s”: it is done by the role “%s”."),
                   mk_text_get (&act->name), mk_role_name (role), mk_role_name (act->role));
      return NULL;
    }
  /* §24, §26: a refusal or a return always carries a written reason. */
  if (act->needs_reason && is_blank (reason))
    {
      g_set_error (error, MK_REGULATION_ERROR, MK_REGULATION_ERROR_REASON,
                   _("“%s” needs a written reason."), mk_text_get (&act->name));
      return NULL;
    }
  return act;
}

GPtrArray *
mk_regulation_get_refusal_grounds (MkRegulation *self)
{
  g_return_val_if_fail (MK_IS_REGULATION (self), NULL);
  return self->grounds;
}

const MkOutput *
mk_regulation_get_output (MkRegulation *self,
                          const char   *id)
{
  g_return_val_if_fail (MK_IS_REGULATION (self), NULL);

  for (guint i = 0; id != NULL && i < self->outputs->len; i++)
    {
      const MkOutput *output = g_ptr_array_index (self->outputs, i);

      if (g_str_equal (output->id, id))
        return output;
    }
  return NULL;
}

const MkRefusalGround *
mk_regulation_get_refusal_ground (MkRegulation *self,
                                  const char   *id)
{
  g_return_val_if_fail (MK_IS_REGULATION (self), NULL);

  for (guint i = 0; id != NULL && i < self->grounds->len; i++)
    {
      const MkRefusalGround *ground = g_ptr_array_index (self->grounds, i);

      if (g_str_equal (ground->id, id))
        return ground;
    }
  return NULL;
}
