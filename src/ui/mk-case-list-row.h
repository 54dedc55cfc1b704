/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One application in the case list: number, applicant, service, stage, deadline. */
#pragma once

#include <gtk/gtk.h>
#include "mekenjai-core.h"

G_BEGIN_DECLS

#define MK_TYPE_CASE_LIST_ROW (mk_case_list_row_get_type ())
G_DECLARE_FINAL_TYPE (MkCaseListRow, mk_case_list_row, MK, CASE_LIST_ROW, GtkListBoxRow)

/* @row: a row of mk_store_search(); @today: the store's today. */
GtkWidget  *mk_case_list_row_new         (const MkCaseRow *row,
                                          MkRegulation    *regulation,
                                          const GDate     *today);
gint64      mk_case_list_row_get_case_id (MkCaseListRow   *self);
/* Days to the deadline: negative when overdue; G_MININT when none applies. */
int         mk_case_list_row_get_days_left (MkCaseListRow *self);

/* "Overdue by 2 days", "Due today", "3 days left" (translated, plural forms). */
char       *mk_days_left_text            (int              days_left);

G_END_DECLS
