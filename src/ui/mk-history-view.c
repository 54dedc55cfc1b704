/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audit trail of a case (§9: nothing lost): when, who, role, action, before → after, note. */

#define G_LOG_DOMAIN "mk-history-view"

#include <glib/gi18n-lib.h>

#include "mk-flowchart.h"
#include "mk-history-view.h"

enum {
  COLUMN_WHEN,
  COLUMN_WHO,
  COLUMN_ROLE,
  COLUMN_ACTION,
  COLUMN_CHANGE,
  COLUMN_NOTE,
  COLUMN_STEP,
};

struct _MkHistoryView
{
  GtkBox        parent_instance;

  GtkTreeView  *tree_view;
  GtkListStore *store;
};

G_DEFINE_FINAL_TYPE (MkHistoryView, mk_history_view, GTK_TYPE_BOX)

static char *
format_time (gint64 t)
{
  g_autoptr(GDateTime) dt = mk_clock_local_time (t);
  g_autofree char *day = NULL;
  GDate date;

  if (dt == NULL)
    return g_strdup ("");
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (dt), g_date_time_get_month (dt),
                  g_date_time_get_year (dt));
  day = mk_date_format_long (&date, mk_ui_language ());
  return g_strdup_printf ("%s %02d:%02d", day, g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt));
}

static const char *
action_title (MkRegulation  *regulation,
              const MkEvent *event)
{
  const MkAction *action = mk_regulation_get_action (regulation, event->action);

  if (action != NULL)
    return mk_text_get (&action->name);
  if (g_strcmp0 (event->stage_after, mk_regulation_get_refused_stage (regulation)) == 0)
    return _("Refused at intake");
  if (g_strcmp0 (event->action, "register") == 0)
    return C_("history", "Registered");
  if (g_strcmp0 (event->action, "edit") == 0)
    return C_("history", "Edited");
  return event->action != NULL ? event->action : "";
}

static const char *
stage_title (MkRegulation *regulation,
             const char   *id)
{
  const MkStage *stage;

  if (id == NULL || *id == '\0')
    return "—";
  stage = mk_regulation_get_stage (regulation, id);
  return stage != NULL ? mk_text_get (&stage->name) : id;
}

static void
mk_history_view_class_init (MkHistoryViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kz/mekenjai/Mekenjai/ui/mk-history-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MkHistoryView, tree_view);
  gtk_widget_class_bind_template_child (widget_class, MkHistoryView, store);
}

static void
mk_history_view_init (MkHistoryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mk_history_view_new (void)
{
  return g_object_new (MK_TYPE_HISTORY_VIEW, NULL);
}

void
mk_history_view_set_events (MkHistoryView *self,
                            MkRegulation  *regulation,
                            GPtrArray     *events)
{
  g_return_if_fail (MK_IS_HISTORY_VIEW (self));
  g_return_if_fail (MK_IS_REGULATION (regulation));

  gtk_list_store_clear (self->store);
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      const MkEvent *event = g_ptr_array_index (events, i);
      g_autofree char *when = format_time (event->at);
      g_autofree char *change = NULL;

      if (g_strcmp0 (event->stage_before, event->stage_after) != 0)
        change = g_strdup_printf ("%s → %s", stage_title (regulation, event->stage_before),
                                  stage_title (regulation, event->stage_after));
      else
        change = g_strdup (stage_title (regulation, event->stage_after));

      gtk_list_store_insert_with_values (self->store, NULL, -1,
                                         COLUMN_WHEN, when,
                                         COLUMN_WHO, event->user_name != NULL ? event->user_name : "",
                                         COLUMN_ROLE, mk_role_name (event->role),
                                         COLUMN_ACTION, action_title (regulation, event),
                                         COLUMN_CHANGE, change,
                                         COLUMN_NOTE, event->note != NULL ? event->note : "",
                                         COLUMN_STEP, mk_flowchart_step_of_event (regulation, event),
                                         -1);
    }
}

guint
mk_history_view_select_step (MkHistoryView *self,
                             guint          step)
{
  GtkTreeSelection *selection;
  GtkTreeModel *model;
  GtkTreeIter iter;
  guint n = 0;
  gboolean valid;

  g_return_val_if_fail (MK_IS_HISTORY_VIEW (self), 0);

  selection = gtk_tree_view_get_selection (self->tree_view);
  model = GTK_TREE_MODEL (self->store);
  gtk_tree_selection_unselect_all (selection);
  for (valid = gtk_tree_model_get_iter_first (model, &iter); valid;
       valid = gtk_tree_model_iter_next (model, &iter))
    {
      guint row_step;

      gtk_tree_model_get (model, &iter, COLUMN_STEP, &row_step, -1);
      /* §10 step 1 is recorded together with the registration (step 2). */
      if (row_step == step || (step == 1 && row_step == 2))
        {
          g_autoptr(GtkTreePath) path = gtk_tree_model_get_path (model, &iter);

          gtk_tree_selection_select_iter (selection, &iter);
          if (n++ == 0)
            gtk_tree_view_scroll_to_cell (self->tree_view, path, NULL, FALSE, 0, 0);
        }
    }
  return n;
}
