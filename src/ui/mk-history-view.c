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
      g_autofree char *when = mk_clock_format (event->at, NULL);
      g_autofree char *change = NULL;
      g_autofree char *details = mk_event_describe (regulation, event);
      g_autofree char *note = NULL;

      if (g_strcmp0 (event->stage_before, event->stage_after) != 0)
        change = g_strdup_printf ("%s → %s", mk_stage_display_name (regulation, event->stage_before),
                                  mk_stage_display_name (regulation, event->stage_after));
      else
        change = g_strdup (mk_stage_display_name (regulation, event->stage_after));

      /* The reason the user gave, after what the event concerned. */
      if (details != NULL && event->note != NULL && event->note[0] != '\0')
        note = g_strdup_printf ("%s — %s", details, event->note);
      else
        note = g_strdup (details != NULL ? details : event->note != NULL ? event->note : "");

      gtk_list_store_insert_with_values (self->store, NULL, -1,
                                         COLUMN_WHEN, when,
                                         COLUMN_WHO, event->user_name != NULL ? event->user_name : "",
                                         COLUMN_ROLE, mk_role_name (event->role),
                                         COLUMN_ACTION, mk_event_action_name (regulation, event->action),
                                         COLUMN_CHANGE, change,
                                         COLUMN_NOTE, note,
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
