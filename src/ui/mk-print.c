/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Printing stored PDF documents through GtkPrintOperation, pages drawn by poppler. */
#define G_LOG_DOMAIN "mk-print"

#include "mk-print.h"

#include <glib/gi18n-lib.h>
#include <poppler.h>

typedef struct {
  guint doc;
  int   page;
} PrintPage;

typedef struct {
  GPtrArray *docs;   /* PopplerDocument* */
  GArray    *pages;  /* PrintPage, in printing order */
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_ptr_array_unref (job->docs);
  g_array_unref (job->pages);
  g_free (job);
}

static void
draw_page_cb (GtkPrintOperation *op,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  const PrintPage *p = &g_array_index (job->pages, PrintPage, page_nr);
  PopplerPage *page = poppler_document_get_page (g_ptr_array_index (job->docs, p->doc), p->page);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width, height, scale;

  if (page == NULL)
    return;
  poppler_page_get_size (page, &width, &height);
  /* Full-page printing in points: the document's own margins stay; a page
   * that does not match the paper is scaled down to fit, never cut. */
  scale = MIN (gtk_print_context_get_width (context) / width,
               gtk_print_context_get_height (context) / height);
  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  cairo_restore (cr);
  g_object_unref (page);
}

GtkPrintOperation *
mk_print_operation_new (GPtrArray   *pdfs,
                        const guint *copies,
                        GError     **error)
{
  g_autoptr(GtkPrintOperation) op = NULL;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  PrintJob *job;

  g_return_val_if_fail (pdfs != NULL && pdfs->len > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  job = g_new0 (PrintJob, 1);
  job->docs = g_ptr_array_new_with_free_func (g_object_unref);
  job->pages = g_array_new (FALSE, FALSE, sizeof (PrintPage));
  for (guint i = 0; i < pdfs->len; i++)
    {
      PopplerDocument *doc = poppler_document_new_from_bytes (g_ptr_array_index (pdfs, i), NULL, error);
      guint n_copies = copies != NULL ? copies[i] : 1;

      if (doc == NULL)
        {
          g_prefix_error (error, _("Document %u cannot be printed: "), i + 1);
          print_job_free (job);
          return NULL;
        }
      g_ptr_array_add (job->docs, doc);
      /* §13: the receipt goes twice, one for the applicant and one for the file:
       * whole copies one after the other, not page by page. */
      for (guint c = 0; c < n_copies; c++)
        for (int p = 0; p < poppler_document_get_n_pages (doc); p++)
          {
            PrintPage page = { i, p };

            g_array_append_val (job->pages, page);
          }
    }

  op = gtk_print_operation_new ();
  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (op, setup);
  gtk_print_operation_set_use_full_page (op, TRUE);
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_n_pages (op, (int) job->pages->len);
  gtk_print_operation_set_embed_page_setup (op, TRUE);
  g_object_set_data_full (G_OBJECT (op), "mk-print-job", job, (GDestroyNotify) print_job_free);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page_cb), job);
  return g_steal_pointer (&op);
}

static void
show_error (GtkWindow  *parent,
            const char *message)
{
  GtkWidget *dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                              "%s", _("Could not print"));

  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", message);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
  gtk_widget_show (dialog);
}

GtkPrintOperationResult
mk_print_documents (GtkWindow              *parent,
                    GPtrArray              *pdfs,
                    const guint            *copies,
                    GtkPrintOperationAction action)
{
  g_autoptr(GtkPrintOperation) op = NULL;
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), GTK_PRINT_OPERATION_RESULT_ERROR);

  op = mk_print_operation_new (pdfs, copies, &error);
  if (op == NULL)
    {
      show_error (parent, error->message);
      return GTK_PRINT_OPERATION_RESULT_ERROR;
    }
  result = gtk_print_operation_run (op, action, parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_error (parent, error != NULL ? error->message : _("The printing system failed"));
  return result;
}
