/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every window is handed: the store, the settings and the signed-in user. */

#define G_LOG_DOMAIN "mekenjai-ui"

#include "mk-context.h"

struct _MkContext
{
  GObject    parent_instance;

  MkStore      *store;
  GSettings    *settings;
  MkUser       *user;
  MkStoreWatch *watch;   /* other workstations' changes */
};

G_DEFINE_FINAL_TYPE (MkContext, mk_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  PROP_USER,
  N_PROPS
};

enum {
  CASES_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
mk_context_finalize (GObject *object)
{
  MkContext *self = MK_CONTEXT (object);

  g_clear_object (&self->watch);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->user, mk_user_free);

  G_OBJECT_CLASS (mk_context_parent_class)->finalize (object);
}

static void
watch_changed_cb (MkStoreWatch *watch,
                  MkContext    *self)
{
  /* Lists, counts and open case windows refresh as for a change of ours. */
  mk_context_cases_changed (self);
}

static void
mk_context_constructed (GObject *object)
{
  MkContext *self = MK_CONTEXT (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (mk_context_parent_class)->constructed (object);

  /* Without live updates the windows still work and refresh on F5. */
  self->watch = mk_store_watch_new (self->store, &error);
  if (self->watch == NULL)
    g_warning ("No live updates from other workstations: %s", error->message);
  else
    g_signal_connect_object (self->watch, "changed", G_CALLBACK (watch_changed_cb), self, 0);
}

static void
mk_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MkContext *self = MK_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_USER:
      g_value_set_pointer (value, self->user);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mk_context_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  MkContext *self = MK_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_USER:
      mk_context_set_user (self, g_value_get_pointer (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mk_context_class_init (MkContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mk_context_finalize;
  object_class->get_property = mk_context_get_property;
  object_class->set_property = mk_context_set_property;
  object_class->constructed = mk_context_constructed;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         MK_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);
  /* An MkUser*, copied on set; NULL while signed out. */
  properties[PROP_USER] =
    g_param_spec_pointer ("user", NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CASES_CHANGED] =
    g_signal_new ("cases-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
mk_context_init (MkContext *self)
{
}

/**
 * mk_context_new:
 * @store: the open store
 * @settings: (nullable): the application's settings
 *
 * Returns: (transfer full): a context with nobody signed in
 */
MkContext *
mk_context_new (MkStore   *store,
                GSettings *settings)
{
  g_return_val_if_fail (MK_IS_STORE (store), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (MK_TYPE_CONTEXT,
                       "store", store,
                       "settings", settings,
                       NULL);
}

MkStore *
mk_context_get_store (MkContext *self)
{
  g_return_val_if_fail (MK_IS_CONTEXT (self), NULL);

  return self->store;
}

GSettings *
mk_context_get_settings (MkContext *self)
{
  g_return_val_if_fail (MK_IS_CONTEXT (self), NULL);

  return self->settings;
}

MkRegulation *
mk_context_get_regulation (MkContext *self)
{
  g_return_val_if_fail (MK_IS_CONTEXT (self), NULL);

  return mk_store_get_regulation (self->store);
}

MkClock *
mk_context_get_clock (MkContext *self)
{
  g_return_val_if_fail (MK_IS_CONTEXT (self), NULL);

  return mk_store_get_clock (self->store);
}

const MkUser *
mk_context_get_user (MkContext *self)
{
  g_return_val_if_fail (MK_IS_CONTEXT (self), NULL);

  return self->user;
}

void
mk_context_set_user (MkContext    *self,
                     const MkUser *user)
{
  g_return_if_fail (MK_IS_CONTEXT (self));

  if (user == NULL && self->user == NULL)
    return;

  g_clear_pointer (&self->user, mk_user_free);
  if (user != NULL)
    self->user = mk_user_copy (user);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
}

gboolean
mk_context_user_has_role (MkContext *self,
                          MkRole     role)
{
  g_return_val_if_fail (MK_IS_CONTEXT (self), FALSE);

  return self->user != NULL && self->user->role == role;
}

void
mk_context_cases_changed (MkContext *self)
{
  g_return_if_fail (MK_IS_CONTEXT (self));

  g_signal_emit (self, signals[CASES_CHANGED], 0);
}
