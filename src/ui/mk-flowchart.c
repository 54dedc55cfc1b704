/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The §10 process as a swim-lane flowchart (Appendix 3), drawn with cairo. */

#define G_LOG_DOMAIN "mk-flowchart"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "mk-flowchart.h"

/* Decisions are drawn but never selected. */
#define DECISION_COMPLETE 200 /* §23 */
#define DECISION_ERRORS   201 /* §24 */
#define DECISION_RESULT   202 /* §6 */

#define N_LANES   4
/* Four lanes of 55 pixels at least. */
#define MIN_HEIGHT 220
#define MIN_WIDTH  960
#define N_COLUMNS 10

/* Text shrinks a step at a time until it fits its box, down to the smallest
 * size still read at a desk; the chart asks for room enough that the widest
 * Kazakh or Russian word fits at that size, so no word is ever broken (#14). */
#define FONT_MAX_PX  13.0
#define FONT_MIN_PX  7.0
#define FONT_STEP_PX 0.5
#define DECISION_FONT 0.8  /* questions are set smaller than step titles */
#define LABEL_FONT    0.9

typedef enum {
  SHAPE_STEP,
  SHAPE_DECISION,
  SHAPE_TERMINAL,
} Shape;

typedef struct {
  guint step;
  Shape shape;
  guint column;
  guint lane;
} NodeDef;

/* §14 lanes, top to bottom: center inspector (steps 1, 2, 7), accumulation
 * inspector (3), provider's head (5), provider's executor (4, 6). Terminals
 * sit next to the decision that leads to them, in a lane free at that column. */
static const NodeDef node_defs[] = {
  { 1,                          SHAPE_STEP,     0, 0 },
  { DECISION_COMPLETE,          SHAPE_DECISION, 1, 0 },
  { MK_FLOWCHART_STEP_REFUSED,  SHAPE_TERMINAL, 1, 1 },
  { 2,                          SHAPE_STEP,     2, 0 },
  { 3,                          SHAPE_STEP,     3, 1 },
  { 4,                          SHAPE_STEP,     4, 3 },
  { DECISION_ERRORS,            SHAPE_DECISION, 5, 3 },
  { MK_FLOWCHART_STEP_RETURNED, SHAPE_TERMINAL, 5, 0 },
  { DECISION_RESULT,            SHAPE_DECISION, 6, 3 },
  { 5,                          SHAPE_STEP,     7, 2 },
  { 6,                          SHAPE_STEP,     8, 3 },
  { 7,                          SHAPE_STEP,     9, 0 },
};
#define N_NODES G_N_ELEMENTS (node_defs)

typedef enum { SIDE_LEFT, SIDE_RIGHT, SIDE_TOP, SIDE_BOTTOM } Side;

typedef struct {
  guint       from;
  guint       to;
  Side        exit;
  Side        enter;
  const char *label;  /* N_() */
} EdgeDef;

static const EdgeDef edge_defs[] = {
  { 1,                 DECISION_COMPLETE,          SIDE_RIGHT,  SIDE_LEFT,   NULL },
  { DECISION_COMPLETE, 2,                          SIDE_RIGHT,  SIDE_LEFT,   N_("yes") },
  { DECISION_COMPLETE, MK_FLOWCHART_STEP_REFUSED,  SIDE_BOTTOM, SIDE_TOP,    N_("no") },
  { 2,                 3,                          SIDE_RIGHT,  SIDE_LEFT,   NULL },
  { 3,                 4,                          SIDE_RIGHT,  SIDE_LEFT,   NULL },
  { 4,                 DECISION_ERRORS,            SIDE_RIGHT,  SIDE_LEFT,   NULL },
  { DECISION_ERRORS,   MK_FLOWCHART_STEP_RETURNED, SIDE_TOP,    SIDE_BOTTOM, N_("yes") },
  { DECISION_ERRORS,   DECISION_RESULT,            SIDE_RIGHT,  SIDE_LEFT,   N_("no") },
  { DECISION_RESULT,   5,                          SIDE_TOP,    SIDE_LEFT,   N_("certificate") },
  { DECISION_RESULT,   5,                          SIDE_RIGHT,  SIDE_BOTTOM, N_("refusal") },
  { 5,                 6,                          SIDE_RIGHT,  SIDE_LEFT,   NULL },
  { 6,                 7,                          SIDE_RIGHT,  SIDE_LEFT,   NULL },
};

/* Keyboard order: left to right, as the case travels. */
static const guint selectable_order[] = {
  1, MK_FLOWCHART_STEP_REFUSED, 2, 3, 4, MK_FLOWCHART_STEP_RETURNED, 5, 6, 7,
};

typedef enum {
  STATE_PENDING,
  STATE_DONE,
  STATE_CURRENT,
} NodeState;

typedef struct {
  NodeState  state;
  gboolean   late;
  char      *who;
  gint64     when;   /* unix time, 0 if unknown */
} NodeInfo;

typedef struct {
  double x, y, w, h;
} Rect;

struct _MkFlowchart
{
  GtkDrawingArea parent_instance;

  NodeInfo info[N_NODES];
  guint    current_step;
  gboolean final;
  guint    selected_step;
  guint    hover_step;
  double   title_min_w;  /* widest lane-title word + padding; 0 until measured */
};

G_DEFINE_FINAL_TYPE (MkFlowchart, mk_flowchart, GTK_TYPE_DRAWING_AREA)

enum {
  STEP_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static int
node_index (guint step)
{
  for (guint i = 0; i < N_NODES; i++)
    if (node_defs[i].step == step)
      return (int) i;
  return -1;
}

static gboolean
is_selectable (guint step)
{
  for (guint i = 0; i < G_N_ELEMENTS (selectable_order); i++)
    if (selectable_order[i] == step)
      return TRUE;
  return FALSE;
}

const char *
mk_flowchart_step_name (guint step)
{
  /* §10: the seven steps, as short box titles. */
  switch (step)
    {
    case 1: return _("Application submitted");
    case 2: return _("Registered, passed on");
    case 3: return _("Register sent to the provider");
    case 4: return _("Checked, result prepared");
    case 5: return _("Signed by the head");
    case 6: return _("Sent back to the center");
    case 7: return _("Issued to the applicant");
    case MK_FLOWCHART_STEP_REFUSED: return _("Refused at intake");
    case MK_FLOWCHART_STEP_RETURNED: return _("Returned for errors");
    case DECISION_COMPLETE: return _("Documents complete?");
    case DECISION_ERRORS: return _("Errors in the package?");
    case DECISION_RESULT: return _("Certificate or refusal?");
    default: return "";
    }
}

static const char *
lane_name (guint lane)
{
  switch (lane)
    {
    case 0: return mk_role_name (MK_ROLE_CENTER_INSPECTOR);
    case 1: return mk_role_name (MK_ROLE_ACCUMULATION_INSPECTOR);
    case 2: return mk_role_name (MK_ROLE_PROVIDER_HEAD);
    default: return mk_role_name (MK_ROLE_PROVIDER_EXECUTOR);
    }
}

static const char *
step_paragraph (guint step)
{
  switch (step)
    {
    case MK_FLOWCHART_STEP_REFUSED: return "§23";
    case MK_FLOWCHART_STEP_RETURNED: return "§24";
    case DECISION_COMPLETE: return "§23";
    case DECISION_ERRORS: return "§24";
    case DECISION_RESULT: return "§6";
    default: return "§10";
    }
}

guint
mk_flowchart_step_of_event (MkRegulation  *regulation,
                            const MkEvent *event)
{
  const MkStage *before = NULL;
  const char *refused;

  g_return_val_if_fail (MK_IS_REGULATION (regulation), 0);
  g_return_val_if_fail (event != NULL, 0);

  refused = mk_regulation_get_refused_stage (regulation);
  if (event->stage_after != NULL && g_strcmp0 (event->stage_after, refused) == 0)
    return MK_FLOWCHART_STEP_REFUSED;
  /* §24: the executor's return closes step 4 on the error branch. */
  if (g_strcmp0 (event->action, "return-for-errors") == 0 ||
      g_strcmp0 (event->stage_before, "returned") == 0)
    return MK_FLOWCHART_STEP_RETURNED;
  /* §10 steps 1–2: registration creates the case at its initial stage. */
  if ((event->stage_before == NULL || *event->stage_before == '\0') &&
      g_strcmp0 (event->stage_after, mk_regulation_get_initial_stage (regulation)) == 0)
    return 2;
  if (event->stage_before != NULL && *event->stage_before != '\0')
    before = mk_regulation_get_stage (regulation, event->stage_before);
  if (before != NULL && before->step >= 1 && before->step <= MK_FLOWCHART_N_STEPS &&
      g_strcmp0 (event->stage_before, event->stage_after) != 0)
    return before->step;
  /* Actions that keep the stage (§26 notification) belong to its step. */
  if (before != NULL && before->step >= 1 && before->step <= MK_FLOWCHART_N_STEPS &&
      g_strcmp0 (event->action, "edit") != 0)
    return before->step;
  return 0;
}

static void
clear_info (MkFlowchart *self)
{
  for (guint i = 0; i < N_NODES; i++)
    {
      g_clear_pointer (&self->info[i].who, g_free);
      self->info[i].state = STATE_PENDING;
      self->info[i].late = FALSE;
      self->info[i].when = 0;
    }
}

static char *
format_day (gint64 t)
{
  GDate date;

  if (t == 0)
    return NULL;
  mk_clock_date_of (t, &date);
  return g_date_valid (&date) ? mk_date_format_long (&date, mk_ui_language ()) : NULL;
}

static char *
describe_step (MkFlowchart *self,
               guint        step)
{
  int i = node_index (step);
  const NodeInfo *info;
  GString *s;

  if (i < 0)
    return g_strdup ("");
  info = &self->info[i];
  s = g_string_new (mk_flowchart_step_name (step));
  if (step >= 1 && step <= MK_FLOWCHART_N_STEPS)
    g_string_append_printf (s, " (%s)", lane_name (node_defs[i].lane));
  if (info->state == STATE_DONE)
    {
      g_autofree char *when = info->when != 0 ? mk_clock_format (info->when, NULL) : NULL;

      if (info->who != NULL && when != NULL)
        /* Translators: a finished step: "done by <name> on <date time>". */
        g_string_append_printf (s, _(", done by %s on %s"), info->who, when);
      else
        g_string_append (s, _(", done"));
    }
  else if (info->state == STATE_CURRENT)
    g_string_append (s, _(", in progress"));
  if (info->late)
    g_string_append (s, _(", late"));
  return g_string_free (s, FALSE);
}

static void
update_accessible (MkFlowchart *self)
{
  AtkObject *accessible = gtk_widget_get_accessible (GTK_WIDGET (self));
  g_autofree char *current = NULL;
  g_autofree char *description = NULL;
  int i = node_index (self->current_step);

  if (self->final && self->current_step == 0)
    current = g_strdup_printf (_("All %d steps finished: %s"),
                               MK_FLOWCHART_N_STEPS,
                               mk_flowchart_step_name (MK_FLOWCHART_N_STEPS));
  else if (self->current_step >= 1 && self->current_step <= MK_FLOWCHART_N_STEPS)
    current = g_strdup_printf (_("Current step %u of %d: %s (%s)%s"),
                               self->current_step, MK_FLOWCHART_N_STEPS,
                               mk_flowchart_step_name (self->current_step),
                               lane_name (node_defs[i].lane),
                               self->info[i].late ? _(", late") : "");
  else if (i >= 0)
    current = g_strdup_printf (_("Current state: %s (%s)%s"),
                               mk_flowchart_step_name (self->current_step),
                               step_paragraph (self->current_step),
                               self->info[i].late ? _(", late") : "");
  else
    current = g_strdup (_("No case shown"));

  if (self->selected_step != 0 && self->selected_step != self->current_step)
    {
      g_autofree char *selected = describe_step (self, self->selected_step);
      /* Translators: the current step, then the step the user moved to. */
      description = g_strdup_printf (_("%s. Selected: %s."), current, selected);
    }
  else
    description = g_strdup_printf ("%s.", current);

  atk_object_set_description (accessible, description);
}

void
mk_flowchart_set_case (MkFlowchart  *self,
                       MkRegulation *regulation,
                       MkCase       *c,
                       GPtrArray    *events,
                       const GDate  *today)
{
  const MkStage *stage;
  GDate now;

  g_return_if_fail (MK_IS_FLOWCHART (self));
  g_return_if_fail (MK_IS_REGULATION (regulation));
  g_return_if_fail (c != NULL);

  /* A selection resting on the current step follows it to the new one. */
  if (self->selected_step == self->current_step)
    self->selected_step = 0;
  clear_info (self);
  self->final = FALSE;
  self->current_step = 0;

  if (today != NULL && g_date_valid (today))
    now = *today;
  else
    mk_clock_date_of (g_get_real_time () / G_USEC_PER_SEC, &now);   /* Kazakhstan's date, not the PC's */

  stage = mk_regulation_get_stage (regulation, c->stage);
  if (g_strcmp0 (c->stage, mk_regulation_get_refused_stage (regulation)) == 0)
    {
      self->current_step = MK_FLOWCHART_STEP_REFUSED;
      self->final = TRUE;
    }
  else if (g_strcmp0 (c->stage, "returned") == 0)
    self->current_step = MK_FLOWCHART_STEP_RETURNED;
  else if (stage != NULL && stage->final)
    self->final = TRUE;
  else if (stage != NULL)
    self->current_step = stage->step;

  /* Steps before the current one are finished; all of them once issued or archived. */
  for (guint i = 0; i < N_NODES; i++)
    {
      guint step = node_defs[i].step;

      if (node_defs[i].shape != SHAPE_STEP)
        continue;
      if (self->current_step == MK_FLOWCHART_STEP_REFUSED)
        self->info[i].state = step == 1 ? STATE_DONE : STATE_PENDING;
      else if (self->current_step == MK_FLOWCHART_STEP_RETURNED)
        self->info[i].state = step <= 4 ? STATE_DONE : STATE_PENDING;
      else if (self->final)
        self->info[i].state = STATE_DONE;
      else if (step < self->current_step)
        self->info[i].state = STATE_DONE;
    }

  /* Who finished each step and when: the latest event of that step. */
  for (guint e = 0; events != NULL && e < events->len; e++)
    {
      const MkEvent *event = g_ptr_array_index (events, e);
      guint step = mk_flowchart_step_of_event (regulation, event);
      int i;

      if (step == 0)
        continue;
      i = node_index (step);
      if (i < 0)
        continue;
      g_free (self->info[i].who);
      self->info[i].who = g_strdup (event->user_name);
      self->info[i].when = event->at;
      /* A branch visited earlier (returned, then resubmitted) stays marked. */
      if (node_defs[i].shape == SHAPE_TERMINAL)
        self->info[i].state = STATE_DONE;
      /* §10 step 1 is the acceptance at the desk, recorded with the registration. */
      if (step == 2 || step == MK_FLOWCHART_STEP_REFUSED)
        {
          int first = node_index (1);

          g_free (self->info[first].who);
          self->info[first].who = g_strdup (event->user_name);
          self->info[first].when = event->at;
        }
    }

  if (self->current_step != 0)
    {
      int i = node_index (self->current_step);

      self->info[i].state = STATE_CURRENT;
      /* The deadline of the current stage (MkStage.due) has passed. */
      if (!self->final && g_date_valid (&c->due) && g_date_compare (&now, &c->due) > 0)
        self->info[i].late = TRUE;
    }

  /* §20: the provider's steps finished after its due date were late. */
  if (g_date_valid (&c->deadlines.provider_due))
    for (guint step = 3; step <= 6; step++)
      {
        int i = node_index (step);
        GDate done;

        if (self->info[i].state != STATE_DONE || self->info[i].when == 0)
          continue;
        mk_clock_date_of (self->info[i].when, &done);
        if (g_date_valid (&done) && g_date_compare (&done, &c->deadlines.provider_due) > 0)
          self->info[i].late = TRUE;
      }

  if (self->selected_step == 0 || !is_selectable (self->selected_step))
    self->selected_step = self->current_step != 0 ? self->current_step : MK_FLOWCHART_N_STEPS;

  update_accessible (self);
  /* The boxes now say who finished a step and when: they may need more room. */
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
mk_flowchart_get_current_step (MkFlowchart *self)
{
  g_return_val_if_fail (MK_IS_FLOWCHART (self), 0);
  return self->current_step;
}

guint
mk_flowchart_get_selected_step (MkFlowchart *self)
{
  g_return_val_if_fail (MK_IS_FLOWCHART (self), 0);
  return self->selected_step;
}

void
mk_flowchart_select_step (MkFlowchart *self,
                          guint        step)
{
  g_return_if_fail (MK_IS_FLOWCHART (self));

  if (!is_selectable (step) || step == self->selected_step)
    return;
  self->selected_step = step;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Geometry: a lane-title column, then ten equal columns; lanes share the height. */
typedef struct {
  double title_w;
  double col_w;
  double lane_h;
  double font_px;
} Layout;

static double title_min_width (MkFlowchart *self);

static void
compute_layout (MkFlowchart *self,
                Layout      *l)
{
  double w = gtk_widget_get_allocated_width (GTK_WIDGET (self));
  double h = gtk_widget_get_allocated_height (GTK_WIDGET (self));

  l->title_w = MAX (CLAMP (w * 0.11, 60.0, 150.0), title_min_width (self));
  l->col_w = (w - l->title_w) / N_COLUMNS;
  l->lane_h = h / N_LANES;
  l->font_px = CLAMP (MIN (l->col_w / 9.0, l->lane_h / 7.5), FONT_MIN_PX, FONT_MAX_PX);
}

static void
node_rect (const Layout *l,
           guint         i,
           Rect         *r)
{
  const NodeDef *def = &node_defs[i];
  double cx = l->title_w + (def->column + 0.5) * l->col_w;
  double cy = (def->lane + 0.5) * l->lane_h;

  r->w = l->col_w * 0.88;
  r->h = l->lane_h * (def->shape == SHAPE_TERMINAL ? 0.6 : 0.78);
  if (def->shape == SHAPE_DECISION)
    r->w = l->col_w * 0.8;
  r->x = cx - r->w / 2;
  r->y = cy - r->h / 2;
}

static void
side_point (const Rect *r,
            Side        side,
            double     *x,
            double     *y)
{
  switch (side)
    {
    case SIDE_LEFT:   *x = r->x;            *y = r->y + r->h / 2; break;
    case SIDE_RIGHT:  *x = r->x + r->w;     *y = r->y + r->h / 2; break;
    case SIDE_TOP:    *x = r->x + r->w / 2; *y = r->y;            break;
    case SIDE_BOTTOM: *x = r->x + r->w / 2; *y = r->y + r->h;     break;
    default: g_assert_not_reached ();
    }
}

static void
set_rgb (cairo_t    *cr,
         const char *spec)
{
  GdkRGBA rgba;

  gdk_rgba_parse (&rgba, spec);
  gdk_cairo_set_source_rgba (cr, &rgba);
}

static void
draw_arrow_head (cairo_t *cr,
                 double   x,
                 double   y,
                 Side     enter,
                 double   size)
{
  double dx = 0, dy = 0;

  /* The arrow points into the node through @enter. */
  switch (enter)
    {
    case SIDE_LEFT:   dx = 1;  break;
    case SIDE_RIGHT:  dx = -1; break;
    case SIDE_TOP:    dy = 1;  break;
    case SIDE_BOTTOM: dy = -1; break;
    default: g_assert_not_reached ();
    }
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x - dx * size - dy * size / 2, y - dy * size - dx * size / 2);
  cairo_line_to (cr, x - dx * size + dy * size / 2, y - dy * size + dx * size / 2);
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* Wraps at word boundaries only: PANGO_WRAP_WORD_CHAR broke and hyphenated
 * long words («услугополучат-елю»), and nothing is ellipsized (#14). */
static PangoLayout *
make_layout (GtkWidget      *widget,
             double          font_px,
             double          width,
             PangoAlignment  align,
             const char     *markup)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);
  PangoFontDescription *font = pango_font_description_copy (
      pango_context_get_font_description (gtk_widget_get_pango_context (widget)));

  pango_font_description_set_absolute_size (font, font_px * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_markup (layout, markup, -1);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_set_width (layout, (int) MAX (width, 1) * PANGO_SCALE);
  return layout;
}

/* The widest word of @markup at @font_px: a layout one pixel wide puts every
 * word on a line of its own. */
static double
widest_word (GtkWidget  *widget,
             double      font_px,
             const char *markup)
{
  g_autoptr(PangoLayout) layout = make_layout (widget, font_px, 1, PANGO_ALIGN_LEFT, markup);
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  return logical.width;
}

gboolean
mk_flowchart_layout_breaks_word (PangoLayout *layout)
{
  const char *text = pango_layout_get_text (layout);
  const PangoLogAttr *attrs;
  int n_attrs;

  attrs = pango_layout_get_log_attrs_readonly (layout, &n_attrs);
  for (GSList *line = pango_layout_get_lines_readonly (layout); line != NULL; line = line->next)
    {
      int start = ((PangoLayoutLine *) line->data)->start_index;
      glong offset = g_utf8_pointer_to_offset (text, text + start);

      /* A line may start only where a line break is allowed (UAX #14):
       * after a space or a hyphen, never inside a word. */
      if (offset > 0 && offset < n_attrs && !attrs[offset].is_line_break)
        return TRUE;
    }
  return FALSE;
}

/* The lane titles' column never breaks a role name's word. */
static double
title_min_width (MkFlowchart *self)
{
  if (self->title_min_w == 0)
    for (guint lane = 0; lane < N_LANES; lane++)
      {
        g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", lane_name (lane));

        self->title_min_w = MAX (self->title_min_w,
                                 ceil (widest_word (GTK_WIDGET (self), FONT_MIN_PX, markup)) + 8);
      }
  return self->title_min_w;
}

static gboolean
layout_fits (PangoLayout *layout,
             double       width,
             double       height)
{
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  return logical.width <= width && (height < 0 || logical.height <= height) &&
         !mk_flowchart_layout_breaks_word (layout);
}

/* The largest size from @font_px down by steps at which @markup fits
 * @width × @height (a negative height: any); the smallest size if none. */
static PangoLayout *
fit_layout (GtkWidget      *widget,
            double          font_px,
            double          width,
            double          height,
            PangoAlignment  align,
            const char     *markup)
{
  for (double size = font_px; ; size -= FONT_STEP_PX)
    {
      PangoLayout *layout = make_layout (widget, MAX (size, FONT_MIN_PX), width, align, markup);

      if (size <= FONT_MIN_PX || layout_fits (layout, width, height))
        return layout;
      g_object_unref (layout);
    }
}

static void
show_centered (cairo_t     *cr,
               PangoLayout *layout,
               double       cx,
               double       cy)
{
  PangoRectangle logical;

  /* The logical rectangle, not the layout's width: centred lines of a
   * narrower block start to the right of the layout's origin. */
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  cairo_move_to (cr, cx - logical.x - logical.width / 2.0, cy - logical.y - logical.height / 2.0);
  pango_cairo_show_layout (cr, layout);
}

static char *node_markup (MkFlowchart *self,
                          guint        i);

/* Each text the chart draws, and the box it must stay inside. */
static PangoLayout *
lane_title_layout (MkFlowchart  *self,
                   const Layout *l,
                   guint         lane,
                   double       *box_w,
                   double       *box_h)
{
  g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", lane_name (lane));

  *box_w = l->title_w - 8;
  *box_h = l->lane_h - 4;
  return fit_layout (GTK_WIDGET (self), l->font_px, *box_w, *box_h, PANGO_ALIGN_CENTER, markup);
}

static void
node_text_box (const Layout *l,
               guint         i,
               double       *box_w,
               double       *box_h)
{
  Rect r;

  node_rect (l, i, &r);
  /* A question may spill over the diamond's slanted edges, not its bounds. */
  *box_w = node_defs[i].shape == SHAPE_DECISION ? r.w * 0.92 : r.w - 6;
  *box_h = node_defs[i].shape == SHAPE_DECISION ? r.h : r.h - 4;
}

static PangoLayout *
node_layout (MkFlowchart  *self,
             const Layout *l,
             guint         i,
             double       *box_w,
             double       *box_h)
{
  g_autofree char *markup = node_markup (self, i);
  double font_px = node_defs[i].shape == SHAPE_DECISION ? l->font_px * DECISION_FONT : l->font_px;

  node_text_box (l, i, box_w, box_h);
  return fit_layout (GTK_WIDGET (self), font_px, *box_w, *box_h, PANGO_ALIGN_CENTER, markup);
}

static PangoLayout *
edge_label_layout (MkFlowchart  *self,
                   const Layout *l,
                   guint         e,
                   double       *box_w)
{
  g_autofree char *markup = g_markup_printf_escaped ("<i>%s</i>", _(edge_defs[e].label));

  *box_w = l->col_w * 1.2;
  return make_layout (GTK_WIDGET (self), MAX (l->font_px * LABEL_FONT, FONT_MIN_PX), *box_w,
                      PANGO_ALIGN_LEFT, markup);
}

void
mk_flowchart_foreach_text (MkFlowchart         *self,
                           MkFlowchartTextFunc  func,
                           gpointer             user_data)
{
  Layout l;

  g_return_if_fail (MK_IS_FLOWCHART (self));

  compute_layout (self, &l);
  for (guint lane = 0; lane < N_LANES; lane++)
    {
      double box_w, box_h;
      g_autoptr(PangoLayout) layout = lane_title_layout (self, &l, lane, &box_w, &box_h);

      func (layout, box_w, box_h, user_data);
    }
  for (guint i = 0; i < N_NODES; i++)
    {
      double box_w, box_h;
      g_autoptr(PangoLayout) layout = node_layout (self, &l, i, &box_w, &box_h);

      func (layout, box_w, box_h, user_data);
    }
  for (guint e = 0; e < G_N_ELEMENTS (edge_defs); e++)
    {
      double box_w;
      g_autoptr(PangoLayout) layout = NULL;

      if (edge_defs[e].label == NULL)
        continue;
      layout = edge_label_layout (self, &l, e, &box_w);
      func (layout, box_w, -1, user_data);
    }
}

static void
draw_edges (MkFlowchart  *self,
            cairo_t      *cr,
            const Layout *l)
{
  double arrow = CLAMP (l->font_px * 0.7, 5, 9);

  for (guint e = 0; e < G_N_ELEMENTS (edge_defs); e++)
    {
      const EdgeDef *def = &edge_defs[e];
      Rect a, b;
      double x1, y1, x2, y2;
      gboolean exit_h = def->exit == SIDE_LEFT || def->exit == SIDE_RIGHT;
      gboolean enter_h = def->enter == SIDE_LEFT || def->enter == SIDE_RIGHT;

      node_rect (l, node_index (def->from), &a);
      node_rect (l, node_index (def->to), &b);
      side_point (&a, def->exit, &x1, &y1);
      side_point (&b, def->enter, &x2, &y2);

      set_rgb (cr, "#5e5c64");
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, x1, y1);
      if (exit_h && enter_h)
        {
          double mx = (x1 + x2) / 2;

          cairo_line_to (cr, mx, y1);
          cairo_line_to (cr, mx, y2);
        }
      else if (!exit_h && !enter_h)
        {
          double my = (y1 + y2) / 2;

          cairo_line_to (cr, x1, my);
          cairo_line_to (cr, x2, my);
        }
      else if (exit_h)
        cairo_line_to (cr, x2, y1);
      else
        cairo_line_to (cr, x1, y2);
      /* Stop at the arrow's base so the line does not poke through its tip. */
      switch (def->enter)
        {
        case SIDE_LEFT:   cairo_line_to (cr, x2 - arrow, y2); break;
        case SIDE_RIGHT:  cairo_line_to (cr, x2 + arrow, y2); break;
        case SIDE_TOP:    cairo_line_to (cr, x2, y2 - arrow); break;
        case SIDE_BOTTOM: cairo_line_to (cr, x2, y2 + arrow); break;
        default: g_assert_not_reached ();
        }
      cairo_stroke (cr);
      draw_arrow_head (cr, x2, y2, def->enter, arrow);

      if (def->label != NULL)
        {
          double box_w;
          g_autoptr(PangoLayout) layout = edge_label_layout (self, l, e, &box_w);
          int w, h;

          pango_layout_get_pixel_size (layout, &w, &h);
          set_rgb (cr, "#3d3846");
          /* Labels sit beside the first segment, just after the decision. */
          if (exit_h)
            cairo_move_to (cr, x1 + 3, y1 + 1);
          else if (def->exit == SIDE_TOP)
            cairo_move_to (cr, x1 + 4, y1 - h - 2);
          else
            cairo_move_to (cr, x1 + 4, y1 + 1);
          pango_cairo_show_layout (cr, layout);
        }
    }
}

static void
shape_path (cairo_t    *cr,
            Shape       shape,
            const Rect *r)
{
  double radius;

  switch (shape)
    {
    case SHAPE_DECISION:
      cairo_move_to (cr, r->x + r->w / 2, r->y);
      cairo_line_to (cr, r->x + r->w, r->y + r->h / 2);
      cairo_line_to (cr, r->x + r->w / 2, r->y + r->h);
      cairo_line_to (cr, r->x, r->y + r->h / 2);
      cairo_close_path (cr);
      break;

    case SHAPE_TERMINAL:
    case SHAPE_STEP:
      radius = shape == SHAPE_TERMINAL ? MIN (r->h / 2, r->w / 2) : 4;
      cairo_new_sub_path (cr);
      cairo_arc (cr, r->x + r->w - radius, r->y + radius, radius, -G_PI / 2, 0);
      cairo_arc (cr, r->x + r->w - radius, r->y + r->h - radius, radius, 0, G_PI / 2);
      cairo_arc (cr, r->x + radius, r->y + r->h - radius, radius, G_PI / 2, G_PI);
      cairo_arc (cr, r->x + radius, r->y + radius, radius, G_PI, 3 * G_PI / 2);
      cairo_close_path (cr);
      break;

    default:
      g_assert_not_reached ();
    }
}

static char *
node_markup (MkFlowchart *self,
             guint        i)
{
  const NodeDef *def = &node_defs[i];
  const NodeInfo *info = &self->info[i];
  GString *s = g_string_new (NULL);
  g_autofree char *title = NULL;

  if (def->step >= 1 && def->step <= MK_FLOWCHART_N_STEPS)
    title = g_markup_printf_escaped ("<b>%u.</b> %s", def->step, mk_flowchart_step_name (def->step));
  else
    title = g_markup_printf_escaped ("%s <small>%s</small>", mk_flowchart_step_name (def->step),
                                     step_paragraph (def->step));
  g_string_append (s, title);

  /* Colour is never alone: every state also has a symbol and words. */
  if (info->late)
    {
      g_autofree char *late = g_markup_printf_escaped ("\n<b>⚠ %s</b>", _("Late"));
      g_string_append (s, late);
    }
  if (info->state == STATE_CURRENT)
    {
      g_autofree char *now = g_markup_printf_escaped ("\n<b>▶ %s</b>", _("Current"));
      g_string_append (s, now);
    }
  else if (info->state == STATE_DONE)
    {
      g_autofree char *when = format_day (info->when);
      g_autofree char *done = NULL;

      if (info->who != NULL && when != NULL)
        done = g_markup_printf_escaped ("\n<small>✓ %s, %s</small>", when, info->who);
      else
        done = g_markup_printf_escaped ("\n<small>✓ %s</small>", _("Done"));
      g_string_append (s, done);
    }
  return g_string_free (s, FALSE);
}

static gboolean
mk_flowchart_draw (GtkWidget *widget,
                   cairo_t   *cr)
{
  MkFlowchart *self = MK_FLOWCHART (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  double width = gtk_widget_get_allocated_width (widget);
  Layout l;
  GdkRGBA fg;

  compute_layout (self, &l);
  gtk_style_context_get_color (style, gtk_style_context_get_state (style), &fg);

  /* Lanes with their titles (§14). */
  for (guint lane = 0; lane < N_LANES; lane++)
    {
      g_autoptr(PangoLayout) layout = NULL;
      double box_w, box_h;

      set_rgb (cr, lane % 2 == 0 ? "rgba(154,153,150,0.10)" : "rgba(154,153,150,0.20)");
      cairo_rectangle (cr, 0, lane * l.lane_h, width, l.lane_h);
      cairo_fill (cr);
      set_rgb (cr, "rgba(94,92,100,0.5)");
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, 0, lane * l.lane_h + 0.5);
      cairo_line_to (cr, width, lane * l.lane_h + 0.5);
      cairo_move_to (cr, l.title_w + 0.5, lane * l.lane_h);
      cairo_line_to (cr, l.title_w + 0.5, (lane + 1) * l.lane_h);
      cairo_stroke (cr);

      layout = lane_title_layout (self, &l, lane, &box_w, &box_h);
      gdk_cairo_set_source_rgba (cr, &fg);
      show_centered (cr, layout, l.title_w / 2, (lane + 0.5) * l.lane_h);
    }

  draw_edges (self, cr, &l);

  for (guint i = 0; i < N_NODES; i++)
    {
      const NodeDef *def = &node_defs[i];
      const NodeInfo *info = &self->info[i];
      g_autoptr(PangoLayout) layout = NULL;
      const char *fill = "#ffffff";
      const char *stroke = "#77767b";
      double line = 1.2;
      double box_w, box_h;
      Rect r;

      node_rect (&l, i, &r);
      if (def->shape == SHAPE_DECISION)
        fill = "#fdf3d8";
      else if (info->state == STATE_CURRENT)
        fill = "#d3e4fb", stroke = "#1c71d8", line = 3;
      else if (info->state == STATE_DONE)
        fill = "#dcf2e2", stroke = "#26a269", line = 1.5;
      if (info->late)
        stroke = "#c01c28", line = 3;

      shape_path (cr, def->shape, &r);
      set_rgb (cr, fill);
      cairo_fill_preserve (cr);
      set_rgb (cr, stroke);
      cairo_set_line_width (cr, line);
      cairo_stroke (cr);

      layout = node_layout (self, &l, i, &box_w, &box_h);
      set_rgb (cr, info->late ? "#a51d2d" : "#241f31");
      show_centered (cr, layout, r.x + r.w / 2, r.y + r.h / 2);

      if (def->step == self->selected_step && gtk_widget_has_visible_focus (widget))
        {
          static const double dash[] = { 3, 2 };

          cairo_save (cr);
          cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
          gdk_cairo_set_source_rgba (cr, &fg);
          cairo_set_line_width (cr, 1);
          cairo_rectangle (cr, r.x - 4, r.y - 4, r.w + 8, r.h + 8);
          cairo_stroke (cr);
          cairo_restore (cr);
        }
    }

  return GDK_EVENT_PROPAGATE;
}

static guint
step_at (MkFlowchart *self,
         double       x,
         double       y)
{
  Layout l;

  compute_layout (self, &l);
  for (guint i = 0; i < N_NODES; i++)
    {
      Rect r;

      if (!is_selectable (node_defs[i].step))
        continue;
      node_rect (&l, i, &r);
      if (x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h)
        return node_defs[i].step;
    }
  return 0;
}

static gboolean
mk_flowchart_button_press_event (GtkWidget      *widget,
                                 GdkEventButton *event)
{
  MkFlowchart *self = MK_FLOWCHART (widget);
  guint step;

  if (event->button != GDK_BUTTON_PRIMARY || event->type != GDK_BUTTON_PRESS)
    return GDK_EVENT_PROPAGATE;
  gtk_widget_grab_focus (widget);
  step = step_at (self, event->x, event->y);
  if (step == 0)
    return GDK_EVENT_PROPAGATE;
  mk_flowchart_select_step (self, step);
  g_signal_emit (self, signals[STEP_ACTIVATED], 0, step);
  return GDK_EVENT_STOP;
}

static void
move_selection (MkFlowchart *self,
                int          delta)
{
  guint n = G_N_ELEMENTS (selectable_order);
  guint pos = 0;

  for (guint i = 0; i < n; i++)
    if (selectable_order[i] == self->selected_step)
      pos = i;
  if ((delta < 0 && pos == 0) || (delta > 0 && pos + 1 >= n))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  mk_flowchart_select_step (self, selectable_order[pos + delta]);
}

static gboolean
mk_flowchart_key_press_event (GtkWidget   *widget,
                              GdkEventKey *event)
{
  MkFlowchart *self = MK_FLOWCHART (widget);

  if ((event->state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return GDK_EVENT_PROPAGATE;

  switch (event->keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_selection (self, -1);
      return GDK_EVENT_STOP;

    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_selection (self, 1);
      return GDK_EVENT_STOP;

    case GDK_KEY_Home:
      mk_flowchart_select_step (self, selectable_order[0]);
      return GDK_EVENT_STOP;

    case GDK_KEY_End:
      mk_flowchart_select_step (self, selectable_order[G_N_ELEMENTS (selectable_order) - 1]);
      return GDK_EVENT_STOP;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      if (self->selected_step != 0)
        g_signal_emit (self, signals[STEP_ACTIVATED], 0, self->selected_step);
      return GDK_EVENT_STOP;

    default:
      return GDK_EVENT_PROPAGATE;
    }
}

static gboolean
mk_flowchart_query_tooltip (GtkWidget  *widget,
                            int         x,
                            int         y,
                            gboolean    keyboard,
                            GtkTooltip *tooltip)
{
  MkFlowchart *self = MK_FLOWCHART (widget);
  g_autofree char *text = NULL;
  guint step = keyboard ? self->selected_step : step_at (self, x, y);

  if (step == 0)
    return FALSE;
  text = describe_step (self, step);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static gboolean
mk_flowchart_focus_changed (GtkWidget     *widget,
                            GdkEventFocus *event)
{
  gtk_widget_queue_draw (widget);
  return GDK_EVENT_PROPAGATE;
}

/* The smallest chart in which every text fits at the smallest size without
 * breaking a word: columns as wide as the widest word of any box, lanes as
 * high as the tallest box at that width (#14). */
/* The height the chart needs at @w pixels wide with its smallest font: the
 * lanes must hold their titles and the tallest box's text, which wraps less
 * the wider the chart is (#14: a 1280×800 screen holds the case window). */
static int
min_height_for_width (MkFlowchart *self,
                      double       w)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double lane_h = 0;
  Layout l;

  l.title_w = MAX (CLAMP (w * 0.11, 60.0, 150.0), title_min_width (self));
  l.col_w = (w - l.title_w) / N_COLUMNS;
  l.lane_h = 100;  /* box widths do not depend on it */
  l.font_px = FONT_MIN_PX;
  for (guint lane = 0; lane < N_LANES; lane++)
    {
      g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", lane_name (lane));
      g_autoptr(PangoLayout) layout = make_layout (widget, FONT_MIN_PX, l.title_w - 8,
                                                   PANGO_ALIGN_CENTER, markup);
      int text_h;

      pango_layout_get_pixel_size (layout, NULL, &text_h);
      lane_h = MAX (lane_h, text_h + 4);
    }
  for (guint i = 0; i < N_NODES; i++)
    {
      g_autofree char *markup = node_markup (self, i);
      g_autoptr(PangoLayout) layout = NULL;
      double box_w, box_h;
      int text_h;

      node_text_box (&l, i, &box_w, &box_h);
      layout = make_layout (widget, FONT_MIN_PX, box_w, PANGO_ALIGN_CENTER, markup);
      pango_layout_get_pixel_size (layout, NULL, &text_h);
      /* node_rect (): boxes take 0.78 of a lane, terminals 0.6. */
      switch (node_defs[i].shape)
        {
        case SHAPE_DECISION: lane_h = MAX (lane_h, text_h / 0.78); break;
        case SHAPE_TERMINAL: lane_h = MAX (lane_h, (text_h + 4) / 0.6); break;
        case SHAPE_STEP:     lane_h = MAX (lane_h, (text_h + 4) / 0.78); break;
        default: g_assert_not_reached ();
        }
    }
  return (int) ceil (N_LANES * (lane_h + 1));
}

static void
minimum_size (MkFlowchart *self,
              int         *width,
              int         *height)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double col_w = 0, w;

  for (guint i = 0; i < N_NODES; i++)
    {
      g_autofree char *markup = node_markup (self, i);
      double word = widest_word (widget, FONT_MIN_PX, markup);

      /* node_text_box (): the inverse of its box sizes. */
      if (node_defs[i].shape == SHAPE_DECISION)
        col_w = MAX (col_w, word / (0.8 * 0.92));
      else
        col_w = MAX (col_w, (word + 6) / 0.88);
    }
  for (guint e = 0; e < G_N_ELEMENTS (edge_defs); e++)
    if (edge_defs[e].label != NULL)
      {
        g_autofree char *markup = g_markup_printf_escaped ("<i>%s</i>", _(edge_defs[e].label));

        col_w = MAX (col_w, widest_word (widget, FONT_MIN_PX, markup) / 1.2);
      }
  col_w = ceil (col_w) + 1;

  /* compute_layout () widens the title column with the chart: find the
   * width whose columns are still @col_w wide. */
  w = N_COLUMNS * col_w + title_min_width (self);
  for (int n = 0; n < 20; n++)
    {
      double title_w = MAX (CLAMP (w * 0.11, 60.0, 150.0), title_min_width (self));

      if (w - title_w >= N_COLUMNS * col_w)
        break;
      w = N_COLUMNS * col_w + title_w;
    }
  w = ceil (w);

  *width = (int) w;
  *height = min_height_for_width (self, w);
}

/* The chart's smallest width: the widest word at the smallest font, and no
 * narrower than a case window on a 1280×800 screen allows. GtkWindow asks
 * for its smallest height at its smallest width, where Kazakh wraps most
 * (#14): a chart that could be very narrow would make the window too tall. */
static int
chart_min_width (MkFlowchart *self)
{
  int w, h;

  minimum_size (self, &w, &h);
  return MAX (MIN_WIDTH, w);
}

static GtkSizeRequestMode
mk_flowchart_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
mk_flowchart_get_preferred_height_for_width (GtkWidget *widget,
                                             int        width,
                                             int       *minimum,
                                             int       *natural)
{
  MkFlowchart *self = MK_FLOWCHART (widget);
  int h = min_height_for_width (self, MAX (width, chart_min_width (self)));

  *minimum = MAX (MIN_HEIGHT, h);
  *natural = MAX (360, h);
}

static void
mk_flowchart_get_preferred_height (GtkWidget *widget,
                                   int       *minimum,
                                   int       *natural)
{
  mk_flowchart_get_preferred_height_for_width (widget, chart_min_width (MK_FLOWCHART (widget)), minimum, natural);
}

static void
mk_flowchart_get_preferred_width (GtkWidget *widget,
                                  int       *minimum,
                                  int       *natural)
{
  int w = chart_min_width (MK_FLOWCHART (widget));

  *minimum = w;
  *natural = MAX (1100, w);
}

static void
mk_flowchart_style_updated (GtkWidget *widget)
{
  /* Another font: measure the lane titles again. */
  MK_FLOWCHART (widget)->title_min_w = 0;
  GTK_WIDGET_CLASS (mk_flowchart_parent_class)->style_updated (widget);
}

static void
mk_flowchart_finalize (GObject *object)
{
  MkFlowchart *self = MK_FLOWCHART (object);

  clear_info (self);
  G_OBJECT_CLASS (mk_flowchart_parent_class)->finalize (object);
}

static void
mk_flowchart_class_init (MkFlowchartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mk_flowchart_finalize;
  widget_class->draw = mk_flowchart_draw;
  widget_class->button_press_event = mk_flowchart_button_press_event;
  widget_class->key_press_event = mk_flowchart_key_press_event;
  widget_class->query_tooltip = mk_flowchart_query_tooltip;
  widget_class->focus_in_event = mk_flowchart_focus_changed;
  widget_class->focus_out_event = mk_flowchart_focus_changed;
  widget_class->get_request_mode = mk_flowchart_get_request_mode;
  widget_class->get_preferred_height = mk_flowchart_get_preferred_height;
  widget_class->get_preferred_height_for_width = mk_flowchart_get_preferred_height_for_width;
  widget_class->get_preferred_width = mk_flowchart_get_preferred_width;
  widget_class->style_updated = mk_flowchart_style_updated;

  /**
   * MkFlowchart::step-activated:
   * @step: the step clicked or chosen with Enter (1..7 or a branch step)
   *
   * The user asked to see what happened at @step.
   */
  signals[STEP_ACTIVATED] =
    g_signal_new ("step-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "flowchart");
}

static void
mk_flowchart_init (MkFlowchart *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  AtkObject *accessible;

  gtk_widget_set_can_focus (widget, TRUE);
  gtk_widget_set_has_tooltip (widget, TRUE);
  gtk_widget_add_events (widget, GDK_BUTTON_PRESS_MASK | GDK_KEY_PRESS_MASK |
                                 GDK_FOCUS_CHANGE_MASK);
  accessible = gtk_widget_get_accessible (widget);
  atk_object_set_name (accessible, _("Process flowchart"));
  update_accessible (self);
}

GtkWidget *
mk_flowchart_new (void)
{
  return g_object_new (MK_TYPE_FLOWCHART, NULL);
}
