/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The §10 flowchart: which step is current for every stage, which step an
 * audit event finished, and what a screen reader is told. */

#include <glib/gi18n-lib.h>
#include <gtk/gtk.h>
#include <locale.h>

#include "mekenjai-core.h"
#include "mk-flowchart.h"

static MkRegulation *regulation;

static MkEvent *
event_new (const char *action,
           const char *before,
           const char *after,
           gint64      at)
{
  MkEvent *event = g_new0 (MkEvent, 1);

  event->action = g_strdup (action);
  event->stage_before = g_strdup (before);
  event->stage_after = g_strdup (after);
  event->user_name = g_strdup ("Әсел Нұрланова");
  event->at = at;
  return event;
}

/* Workflow table: stage → the step drawn as current (0: all finished). */
static const struct {
  const char *stage;
  guint       step;
  const char *description;  /* prefix of the accessible description */
} stage_cases[] = {
  { "accumulation",      3,                          "Current step 3 of 7" },  /* §10.3 */
  { "at-provider",       4,                          "Current step 4 of 7" },  /* §10.4 */
  { "signing",           5,                          "Current step 5 of 7" },  /* §10.5 */
  { "signed",            6,                          "Current step 6 of 7" },  /* §10.6 */
  { "at-center",         7,                          "Current step 7 of 7" },  /* §10.7 */
  { "returned",          MK_FLOWCHART_STEP_RETURNED, "Current state: " },      /* §24 */
  { "refused-at-intake", MK_FLOWCHART_STEP_REFUSED,  "Current state: " },      /* §23 */
  { "issued",            0,                          "All 7 steps finished" }, /* §21 */
  { "archived",          0,                          "All 7 steps finished" }, /* §22 */
};

static void
test_current_step (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (stage_cases); i++)
    {
      GtkWidget *chart = g_object_ref_sink (mk_flowchart_new ());
      g_autoptr(MkCase) c = mk_case_new ();
      const char *description;

      c->stage = g_strdup (stage_cases[i].stage);
      mk_flowchart_set_case (MK_FLOWCHART (chart), regulation, c, NULL, NULL);
      g_test_message ("stage %s", stage_cases[i].stage);
      g_assert_cmpuint (mk_flowchart_get_current_step (MK_FLOWCHART (chart)), ==, stage_cases[i].step);
      description = atk_object_get_description (gtk_widget_get_accessible (chart));
      g_assert_true (g_str_has_prefix (description, stage_cases[i].description));
      g_object_unref (chart);
    }
}

/* Audit event → the step it finished. */
static const struct {
  const char *action;
  const char *before;
  const char *after;
  guint       step;
} event_cases[] = {
  { "register",            NULL,           "accumulation",      2 },                          /* §10.1–2 */
  { "refuse-intake",       NULL,           "refused-at-intake", MK_FLOWCHART_STEP_REFUSED },  /* §23 */
  { "send-to-provider",    "accumulation", "at-provider",       3 },                          /* §10.3 */
  { "prepare-certificate", "at-provider",  "signing",           4 },                          /* §10.4 */
  { "return-for-errors",   "at-provider",  "returned",          MK_FLOWCHART_STEP_RETURNED }, /* §24 */
  { "sign",                "signing",      "signed",            5 },                          /* §10.5 */
  { "reject-draft",        "signing",      "at-provider",       5 },                          /* §10.5 */
  { "send-to-center",      "signed",       "at-center",         6 },                          /* §10.6 */
  { "record-notification", "at-center",    "at-center",         7 },                          /* §26 */
  { "issue",               "at-center",    "issued",            7 },                          /* §10.7 */
  { "resubmit",            "returned",     "accumulation",      MK_FLOWCHART_STEP_RETURNED }, /* §25 */
  { "edit",                "accumulation", "accumulation",      0 },
};

static void
test_step_of_event (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (event_cases); i++)
    {
      g_autoptr(MkEvent) event = event_new (event_cases[i].action, event_cases[i].before,
                                            event_cases[i].after, 1764000000);

      g_test_message ("event %s", event_cases[i].action);
      g_assert_cmpuint (mk_flowchart_step_of_event (regulation, event), ==, event_cases[i].step);
    }
}

/* §20: a provider step finished after the provider's due date is marked late,
 * and so is the current step once its stage deadline has passed. */
static void
test_late (void)
{
  GtkWidget *chart = g_object_ref_sink (mk_flowchart_new ());
  g_autoptr(MkCase) c = mk_case_new ();
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_event_free);
  g_autoptr(GDateTime) late = g_date_time_new_local (2026, 12, 10, 11, 0, 0);
  const char *description;
  GDate today;

  c->stage = g_strdup ("signing");
  g_date_set_dmy (&c->deadlines.provider_due, 7, 12, 2026);
  c->due = c->deadlines.provider_due;
  g_date_set_dmy (&today, 11, 12, 2026);
  g_ptr_array_add (events, event_new ("prepare-certificate", "at-provider", "signing",
                                      g_date_time_to_unix (late)));

  mk_flowchart_set_case (MK_FLOWCHART (chart), regulation, c, events, &today);
  description = atk_object_get_description (gtk_widget_get_accessible (chart));
  g_assert_true (g_str_has_prefix (description, "Current step 5 of 7"));
  g_assert_nonnull (strstr (description, ", late"));

  /* Moving to step 4 with the keyboard describes who finished it, and that it was late. */
  mk_flowchart_select_step (MK_FLOWCHART (chart), 4);
  description = atk_object_get_description (gtk_widget_get_accessible (chart));
  g_assert_nonnull (strstr (description, "Selected: "));
  g_assert_nonnull (strstr (description, "Әсел Нұрланова"));
  g_assert_cmpuint (mk_flowchart_get_selected_step (MK_FLOWCHART (chart)), ==, 4);
  g_object_unref (chart);
}

/* The drawing scales to any size without cairo errors. */
static void
test_draws_at_any_size (void)
{
  static const int sizes[][2] = { { 640, 240 }, { 1100, 360 }, { 2400, 900 } };
  GtkWidget *window = gtk_offscreen_window_new ();
  GtkWidget *chart = mk_flowchart_new ();
  g_autoptr(MkCase) c = mk_case_new ();

  c->stage = g_strdup ("at-provider");
  mk_flowchart_set_case (MK_FLOWCHART (chart), regulation, c, NULL, NULL);
  gtk_container_add (GTK_CONTAINER (window), chart);
  gtk_widget_show_all (window);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, sizes[i][0], sizes[i][1]);
      cairo_t *cr = cairo_create (surface);
      GtkAllocation allocation = { 0, 0, sizes[i][0], sizes[i][1] };

      gtk_widget_size_allocate (chart, &allocation);
      gtk_widget_draw (chart, cr);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
  gtk_widget_destroy (window);
}

typedef struct {
  const char *where;
  guint       n_texts;
} TextCheck;

static void
check_text_cb (PangoLayout *layout,
               double       box_width,
               double       box_height,
               gpointer     user_data)
{
  TextCheck *check = user_data;
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  g_test_message ("%s: «%s» %d×%d in %.0f×%.0f", check->where, pango_layout_get_text (layout),
                  logical.width, logical.height, box_width, box_height);
  g_assert_false (mk_flowchart_layout_breaks_word (layout));
  g_assert_cmpint (logical.width, <=, box_width);
  if (box_height >= 0)
    g_assert_cmpint (logical.height, <=, box_height);
  check->n_texts++;
}

/* #14: in Kazakh and in Russian, at the chart's smallest size and at the
 * sizes of a case window on 1280×800 and 1920×1080 screens, no label line
 * starts inside a word («услугополучат-елю») and no text leaves its box. */
static void
test_labels_fit (void)
{
  static const char *languages[] = { "kk", "ru" };

  for (guint k = 0; k < G_N_ELEMENTS (languages); k++)
    {
      GtkWidget *window;
      GtkWidget *chart;
      g_autoptr(MkCase) c = mk_case_new ();
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_event_free);
      int sizes[][2] = { { 0, 0 }, { 1180, 360 }, { 1800, 440 } };

      g_setenv ("LANGUAGE", languages[k], TRUE);
      setlocale (LC_ALL, "");  /* drops gettext's cached translations */
      g_assert_cmpstr (mk_flowchart_step_name (7), !=, "Issued to the applicant");

      window = gtk_offscreen_window_new ();
      chart = mk_flowchart_new ();
      c->stage = g_strdup ("signing");
      g_ptr_array_add (events, event_new ("register", NULL, "accumulation", 1764000000));
      g_ptr_array_add (events, event_new ("send-to-provider", "accumulation", "at-provider", 1764100000));
      g_ptr_array_add (events, event_new ("prepare-certificate", "at-provider", "signing", 1764200000));
      mk_flowchart_set_case (MK_FLOWCHART (chart), regulation, c, events, NULL);
      gtk_container_add (GTK_CONTAINER (window), chart);
      gtk_widget_show_all (window);
      gtk_widget_get_preferred_width (chart, &sizes[0][0], NULL);
      gtk_widget_get_preferred_height (chart, &sizes[0][1], NULL);

      for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        {
          GtkAllocation allocation = { 0, 0, MAX (sizes[i][0], sizes[0][0]), MAX (sizes[i][1], sizes[0][1]) };
          g_autofree char *where = g_strdup_printf ("%s %d×%d", languages[k], allocation.width,
                                                    allocation.height);
          TextCheck check = { where, 0 };

          gtk_widget_size_allocate (chart, &allocation);
          mk_flowchart_foreach_text (MK_FLOWCHART (chart), check_text_cb, &check);
          g_assert_cmpuint (check.n_texts, >=, 4 + 12);
        }
      gtk_widget_destroy (window);
    }
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_build_filename (g_getenv ("MK_BUILD_ROOT"), "po", NULL));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  regulation = mk_regulation_new_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/flowchart/current-step/section-10", test_current_step);
  g_test_add_func ("/flowchart/step-of-event/section-10-23-24", test_step_of_event);
  g_test_add_func ("/flowchart/late/section-20", test_late);
  g_test_add_func ("/flowchart/draws-at-any-size", test_draws_at_any_size);
  g_test_add_func ("/flowchart/labels-fit/kk-ru", test_labels_fit);

  status = g_test_run ();
  g_object_unref (regulation);
  return status;
}
