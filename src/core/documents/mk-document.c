/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Printed documents of the service as bilingual A4 PDF (§6, §13, §19, §23, §24, §26). */
#define G_LOG_DOMAIN "mk-document"

#include "mk-document.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "mk-qr.h"
#include "mk-clock.h"

/* The printed text below is the two official languages of the document
 * itself (§3: paper is the legal output, issued in Kazakh and Russian),
 * so it is deliberately not passed through gettext: a Russian or English
 * user interface must still print the same bilingual sheet. Only messages
 * shown to the user (errors) are translated. */

G_DEFINE_QUARK (mk-document-error-quark, mk_document_error)

/* A4 in points, and the margins of an official letter (left wider for binding). */
#define PAGE_WIDTH    595.276
#define PAGE_HEIGHT   841.890
#define MARGIN_LEFT    56.0
#define MARGIN_RIGHT   42.0
#define MARGIN_TOP     34.0
#define MARGIN_BOTTOM  46.0
#define CONTENT_WIDTH (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
#define CONTENT_BOTTOM (PAGE_HEIGHT - MARGIN_BOTTOM)
#define QR_SIZE        74.0
#define CELL_PAD        3.0
#define LABEL_WIDTH   (CONTENT_WIDTH * 0.33)

#define FONT_BODY      "DejaVu Sans 10"
#define FONT_SMALL     "DejaVu Sans 8"
#define FONT_LABEL     "DejaVu Sans 8.5"
#define FONT_ORG       "DejaVu Serif Bold 10.5"
#define FONT_TITLE     "DejaVu Serif Bold 14"
#define FONT_CODE      "DejaVu Sans Mono Bold 17"
#define FONT_MONO      "DejaVu Sans Mono 7"
#define FONT_TABLE     "DejaVu Sans 8.5"
#define FONT_TABLE_B   "DejaVu Sans Bold 8"

/* Kazakhstan has one time zone, UTC+5, since 1 March 2024; a fixed offset
 * keeps printed times independent of the machine's zone database. */

/* §5: the unified contact center. */

static const char *const type_ids[MK_DOCUMENT_N_TYPES] = {
  "receipt", "refusal-receipt", "register", "certificate", "refusal", "return-letter",
};

const char *
mk_document_type_to_id (MkDocumentType type)
{
  g_return_val_if_fail (type < MK_DOCUMENT_N_TYPES, NULL);
  return type_ids[type];
}

gboolean
mk_document_type_from_id (const char     *id,
                          MkDocumentType *type)
{
  g_return_val_if_fail (id != NULL, FALSE);

  for (guint i = 0; i < MK_DOCUMENT_N_TYPES; i++)
    if (strcmp (id, type_ids[i]) == 0)
      {
        if (type != NULL)
          *type = (MkDocumentType) i;
        return TRUE;
      }
  return FALSE;
}

/* ---------------------------------------------------------------------- */
/* Small text helpers.                                                    */

static const char *
nz (const char *text)
{
  return text != NULL ? text : "";
}

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

static const char *
text_lang (const MkText *text, const char *lang)
{
  const char *value = text != NULL ? mk_text_get_lang (text, lang) : NULL;

  return nz (value);
}

static char *
date_short (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return g_strdup ("");
  return g_strdup_printf ("%02u.%02u.%04u", g_date_get_day (date),
                          g_date_get_month (date), g_date_get_year (date));
}

static char *
date_iso (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return g_strdup ("");
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

/* "2026 жылғы 24 қараша\n24 ноября 2026 г." */
static char *
date_both (const GDate *date)
{
  g_autofree char *kk = NULL;
  g_autofree char *ru = NULL;

  if (date == NULL || !g_date_valid (date))
    return g_strdup ("");
  kk = mk_date_format_long (date, "kk");
  ru = mk_date_format_long (date, "ru");
  return g_strdup_printf ("%s\n%s", kk, ru);
}

static char *
address_both (const MkAddress *address,
              MkObjectKind     object)
{
  g_autofree char *kk = NULL;
  g_autofree char *ru = NULL;

  if (address == NULL)
    return g_strdup ("");
  kk = mk_address_format_object (address, object, "kk");
  ru = mk_address_format_object (address, object, "ru");
  return g_strdup_printf ("%s\n%s", nz (kk), nz (ru));
}

/* ЖСН / ИИН for a person, БСН / БИН for an entity (§1). */
static const char *
idn_label (MkApplicantKind kind)
{
  return kind == MK_APPLICANT_LEGAL_ENTITY ? "БСН / БИН" : "ЖСН / ИИН";
}

static char *
applicant_text (const MkCase *kase, gboolean with_phone)
{
  GString *text = g_string_new (nz (kase->applicant_name));

  if (has_text (kase->applicant_idn))
    g_string_append_printf (text, "\n%s: %s", idn_label (kase->applicant_kind), kase->applicant_idn);
  if (with_phone && has_text (kase->applicant_phone))
    g_string_append_printf (text, "\nТел.: %s", kase->applicant_phone);
  return g_string_free (text, FALSE);
}

static char *
service_text (MkServiceKind kind)
{
  /* The service's name exactly as the regulation's title gives it. */
  return g_strdup_printf ("«Қазақстан Республикасының аумағында жылжымайтын мүлік объектілерінің мекенжайын "
                          "анықтау жөнінде анықтама беру» — %s\n"
                          "«Выдача справки по определению адреса объектов недвижимости на территории "
                          "Республики Казахстан» — %s",
                          nz (mk_service_kind_name_lang (kind, "kk")),
                          nz (mk_service_kind_name_lang (kind, "ru")));
}

/* §17: the position in Kazakh and in Russian ("басшы / руководитель"), once
 * when the two are the same; never the English the user interface may show. */
static char *
position_both (const MkUser *user)
{
  const char *kk = user != NULL ? user->position.kk : NULL;
  const char *ru = user != NULL ? user->position.ru : NULL;

  if (has_text (kk) && has_text (ru) && g_strcmp0 (kk, ru) != 0)
    return g_strdup_printf ("%s / %s", kk, ru);
  return g_strdup (has_text (kk) ? kk : has_text (ru) ? ru : "");
}

static char *
user_text (const MkUser *user, gboolean with_phone)
{
  g_autofree char *position = position_both (user);
  GString *text;

  if (user == NULL)
    return g_strdup ("");
  text = g_string_new (nz (user->full_name));
  if (*position != '\0')
    g_string_append_printf (text, ", %s", position);
  if (with_phone && has_text (user->phone))
    g_string_append_printf (text, "\nТел.: %s", user->phone);
  return g_string_free (text, FALSE);
}

static char *
document_kind_name (MkRegulation *regulation, const char *id)
{
  const MkDocumentKind *kind = regulation != NULL ? mk_regulation_get_document_kind (regulation, id) : NULL;

  if (kind == NULL)
    return g_strdup (id);
  return g_strdup_printf ("%s / %s", text_lang (&kind->name, "kk"), text_lang (&kind->name, "ru"));
}

/* ---------------------------------------------------------------------- */
/* Number, date and validation of the input.                              */

typedef struct {
  char  *number;
  GDate  date;
  gint64 created;   /* metadata creation time, unix */
} DocIdentity;

static void
doc_identity_clear (DocIdentity *id)
{
  g_clear_pointer (&id->number, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DocIdentity, doc_identity_clear)

static gboolean
missing_field (GError **error, const char *field)
{
  g_set_error (error, MK_DOCUMENT_ERROR, MK_DOCUMENT_ERROR_INVALID,
               _("The document cannot be printed: %s is missing"), field);
  return FALSE;
}

/* §26, §24: a refusal or return states its grounds, from the regulation's list or in words. */
static gboolean
check_grounds (const MkDocumentInput *in, GError **error)
{
  const char *extra = in->grounds_text != NULL ? in->grounds_text : in->kase->grounds;

  for (guint i = 0; in->grounds != NULL && in->grounds[i] != NULL; i++)
    if (in->regulation == NULL
        || mk_regulation_get_refusal_ground (in->regulation, in->grounds[i]) == NULL)
      {
        g_set_error (error, MK_DOCUMENT_ERROR, MK_DOCUMENT_ERROR_INVALID,
                     _("Unknown refusal ground “%s”"), in->grounds[i]);
        return FALSE;
      }
  if ((in->grounds == NULL || in->grounds[0] == NULL) && !has_text (extra))
    return missing_field (error, _("the grounds"));
  return TRUE;
}

static gboolean
doc_identity_init (DocIdentity            *id,
                   MkDocumentType          type,
                   const MkDocumentInput  *in,
                   GError                **error)
{
  const MkCase *kase = in->kase;

  g_date_clear (&id->date, 1);

  if (type == MK_DOCUMENT_REGISTER)
    {
      if (in->reg == NULL)
        return missing_field (error, _("the register"));
      if (!has_text (in->reg->number))
        return missing_field (error, _("the register number"));
      if (in->reg_cases == NULL)
        return missing_field (error, _("the register’s cases"));
      id->number = g_strdup (in->reg->number);
      mk_clock_date_of (in->reg->created_at, &id->date);
      id->created = in->reg->created_at;
      return TRUE;
    }

  if (kase == NULL)
    return missing_field (error, _("the case"));
  if (!has_text (kase->regno))
    return missing_field (error, _("the registration number"));
  if (kase->accepted_at <= 0)
    return missing_field (error, _("the acceptance time"));

  switch (type)
    {
    case MK_DOCUMENT_RECEIPT:
    case MK_DOCUMENT_REFUSAL_RECEIPT:
      /* §5, §16: the center's hours and the call center come from the regulation. */
      if (in->regulation == NULL)
        return missing_field (error, _("the regulation"));
      /* §13: the receipt is dated the moment the documents were accepted. */
      id->number = g_strdup (kase->regno);
      mk_clock_date_of (kase->accepted_at, &id->date);
      id->created = kase->accepted_at;
      return TRUE;

    case MK_DOCUMENT_CERTIFICATE:
    case MK_DOCUMENT_REFUSAL:
      if (type == MK_DOCUMENT_REFUSAL && !check_grounds (in, error))
        return FALSE;
      if (!has_text (kase->result_number))
        return missing_field (error, _("the result number"));
      if (!g_date_valid (&kase->result_date))
        return missing_field (error, _("the result date"));
      id->number = g_strdup (kase->result_number);
      id->date = kase->result_date;
      id->created = mk_clock_noon_of (&id->date);
      return TRUE;

    case MK_DOCUMENT_RETURN_LETTER:
      if (!check_grounds (in, error))
        return FALSE;
      /* §24: the letter refers to the request; it is dated when the provider writes it. */
      if (!g_date_valid (&kase->result_date))
        return missing_field (error, _("the date of the return letter"));
      id->number = g_strdup (kase->regno);
      id->date = kase->result_date;
      id->created = mk_clock_noon_of (&id->date);
      return TRUE;

    case MK_DOCUMENT_REGISTER:
    case MK_DOCUMENT_N_TYPES:
    default:
      break;
    }
  g_assert_not_reached ();
  return FALSE;
}

/* ---------------------------------------------------------------------- */
/* Canonical form and QR payload.                                         */

static void
canon_add (GString *out, const char *key, const char *value)
{
  g_string_append (out, key);
  g_string_append_c (out, '=');
  for (const char *p = nz (value); *p != '\0'; p++)
    {
      if (*p == '\\')
        g_string_append (out, "\\\\");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\n');
}

static void
canon_add_date (GString *out, const char *key, const GDate *date)
{
  g_autofree char *iso = date_iso (date);

  canon_add (out, key, iso);
}

static void
canon_add_address (GString *out, const char *key, const MkAddress *address, MkObjectKind object)
{
  g_autofree char *kk = NULL;
  g_autofree char *ru = NULL;
  g_autofree char *k1 = g_strconcat (key, ".kk", NULL);
  g_autofree char *k2 = g_strconcat (key, ".ru", NULL);
  g_autofree char *k3 = g_strconcat (key, ".rca", NULL);

  if (address == NULL)
    return;
  kk = mk_address_format_object (address, object, "kk");
  ru = mk_address_format_object (address, object, "ru");
  canon_add (out, k1, kk);
  canon_add (out, k2, ru);
  canon_add (out, k3, address->rca);
}

static void
canon_add_case (GString *out, const MkCase *kase)
{
  g_autofree char *accepted = g_strdup_printf ("%" G_GINT64_FORMAT, kase->accepted_at);

  canon_add (out, "regno", kase->regno);
  canon_add (out, "accepted", accepted);
  canon_add (out, "center", kase->center_id);
  canon_add (out, "provider", kase->provider_id);
  canon_add (out, "service", mk_service_kind_to_id (kase->kind));
  canon_add (out, "applicant.kind", mk_applicant_kind_to_id (kase->applicant_kind));
  canon_add (out, "applicant.idn", kase->applicant_idn);
  canon_add (out, "applicant.name", kase->applicant_name);
  canon_add (out, "applicant.phone", kase->applicant_phone);
  canon_add (out, "rep.name", kase->rep_name);
  canon_add (out, "rep.idn", kase->rep_idn);
  canon_add (out, "rep.phone", kase->rep_phone);
  canon_add (out, "rep.poa", kase->rep_poa);
}

/* The people a document names, as it prints them. */
static void
canon_add_user (GString      *out,
                const char   *key,
                const MkUser *user)
{
  g_autofree char *name = g_strconcat (key, ".name", NULL);
  g_autofree char *position = g_strconcat (key, ".position", NULL);
  g_autofree char *position_ru = g_strconcat (key, ".position_ru", NULL);
  g_autofree char *phone = g_strconcat (key, ".phone", NULL);

  if (user == NULL)
    return;
  canon_add (out, name, user->full_name);
  canon_add (out, position, user->position.kk);
  canon_add (out, position_ru, user->position.ru);
  canon_add (out, phone, user->phone);
}

char *
mk_document_canonical (MkDocumentType          type,
                       const MkDocumentInput  *in)
{
  g_auto(DocIdentity) id = { 0 };
  GString *out;
  const MkCase *kase;

  g_return_val_if_fail (type < MK_DOCUMENT_N_TYPES, NULL);
  g_return_val_if_fail (in != NULL, NULL);

  if (!doc_identity_init (&id, type, in, NULL))
    return NULL;

  out = g_string_new ("MKJ1\n");
  canon_add (out, "type", type_ids[type]);
  canon_add (out, "number", id.number);
  canon_add_date (out, "date", &id.date);

  kase = in->kase;
  switch (type)
    {
    case MK_DOCUMENT_REGISTER:
      {
        g_autofree char *created = g_strdup_printf ("%" G_GINT64_FORMAT, in->reg->created_at);

        canon_add (out, "direction", in->reg->direction);
        canon_add (out, "center", in->reg->center_id);
        canon_add (out, "provider", in->reg->provider_id);
        canon_add (out, "created", created);
        /* Each row as printed: number, applicant, service and due date. */
        for (guint i = 0; i < in->reg_cases->len; i++)
          {
            const MkCase *row = g_ptr_array_index (in->reg_cases, i);

            canon_add (out, "case", row->regno);
            canon_add (out, "case.applicant", row->applicant_name);
            canon_add (out, "case.idn", row->applicant_idn);
            canon_add (out, "case.service", mk_service_kind_to_id (row->kind));
            canon_add_date (out, "case.provider-due", &row->deadlines.provider_due);
            canon_add_date (out, "case.issue", &row->deadlines.issue_date);
          }
        canon_add_user (out, "handed-by", in->handed_by);
        canon_add_user (out, "received-by", in->received_by);
      }
      break;

    case MK_DOCUMENT_RECEIPT:
    case MK_DOCUMENT_REFUSAL_RECEIPT:
      canon_add_case (out, kase);
      for (guint i = 0; kase->items != NULL && i < kase->items->len; i++)
        {
          const MkCaseItem *item = g_ptr_array_index (kase->items, i);

          /* §13 lists what was accepted; §23 what is missing. */
          if (type == MK_DOCUMENT_RECEIPT ? item->present : (item->required && !item->present))
            canon_add (out, "item", item->doc_kind);
        }
      canon_add_date (out, "issue", &kase->deadlines.issue_date);
      canon_add_user (out, "employee", in->employee);
      break;

    case MK_DOCUMENT_CERTIFICATE:
      canon_add_case (out, kase);
      canon_add (out, "object", mk_object_kind_to_id (kase->object_kind));
      canon_add (out, "cadastral", kase->cadastral);
      canon_add_address (out, "address", kase->address, kase->object_kind);
      canon_add_address (out, "former", kase->former_address, kase->object_kind);
      canon_add (out, "basis", kase->basis_number);
      canon_add_date (out, "basis.date", &kase->basis_date);
      canon_add_user (out, "signer", in->signer);
      break;

    case MK_DOCUMENT_REFUSAL:
    case MK_DOCUMENT_RETURN_LETTER:
      canon_add_case (out, kase);
      for (guint i = 0; in->grounds != NULL && in->grounds[i] != NULL; i++)
        canon_add (out, "ground", in->grounds[i]);
      canon_add (out, "grounds", in->grounds_text != NULL ? in->grounds_text : kase->grounds);
      canon_add_user (out, "signer", in->signer);
      break;

    case MK_DOCUMENT_N_TYPES:
    default:
      g_assert_not_reached ();
    }

  return g_string_free (out, FALSE);
}

static const char *
document_rca (MkDocumentType type, const MkDocumentInput *in)
{
  if (type == MK_DOCUMENT_REGISTER || in->kase == NULL || in->kase->address == NULL)
    return NULL;
  return in->kase->address->rca;
}

char *
mk_document_qr_payload (MkDocumentType          type,
                        const MkDocumentInput  *in,
                        GError                **error)
{
  g_auto(DocIdentity) id = { 0 };
  g_autofree char *canonical = NULL;
  g_autofree char *digest = NULL;
  const char *rca;

  g_return_val_if_fail (type < MK_DOCUMENT_N_TYPES, NULL);
  g_return_val_if_fail (in != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!doc_identity_init (&id, type, in, error))
    return NULL;
  if (strchr (id.number, '|') != NULL)
    {
      g_set_error (error, MK_DOCUMENT_ERROR, MK_DOCUMENT_ERROR_INVALID,
                   _("The document number “%s” contains “|”"), id.number);
      return NULL;
    }
  canonical = mk_document_canonical (type, in);
  digest = mk_qr_digest (canonical);
  rca = document_rca (type, in);
  /* Only a well-formed code goes into the payload (16 digits, §6). */
  if (rca != NULL && (strlen (rca) != 16 || strspn (rca, "0123456789") != 16))
    rca = NULL;
  return mk_qr_payload_build (type_ids[type], id.number, &id.date, rca, digest);
}

/* ---------------------------------------------------------------------- */
/* Drawing.                                                               */

typedef struct {
  cairo_t               *cr;
  PangoLayout           *layout;
  PangoLayout           *layout2;
  MkDocumentType         type;
  const MkDocumentInput *in;
  const DocIdentity     *id;
  const char            *payload;
  int                    page;
  int                    n_pages;
  double                 y;
  GError                *error;
} Doc;

typedef enum {
  ALIGN_LEFT = PANGO_ALIGN_LEFT,
  ALIGN_CENTER = PANGO_ALIGN_CENTER,
  ALIGN_RIGHT = PANGO_ALIGN_RIGHT,
} Align;

/* Lays out @text at (@x, @y) in @width points; draws it when @draw. Returns the height. */
static double
text_at (Doc        *doc,
         double      x,
         double      y,
         double      width,
         const char *font,
         const char *text,
         gboolean    markup,
         Align       align,
         gboolean    draw)
{
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (doc->layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (doc->layout, (int) (width * PANGO_SCALE));
  pango_layout_set_alignment (doc->layout, (PangoAlignment) align);
  pango_layout_set_justify (doc->layout, FALSE);
  if (markup)
    pango_layout_set_markup (doc->layout, text, -1);
  else
    {
      pango_layout_set_attributes (doc->layout, NULL);
      pango_layout_set_text (doc->layout, text, -1);
    }
  pango_layout_get_size (doc->layout, &w, &h);
  if (draw)
    {
      cairo_move_to (doc->cr, x, y);
      pango_cairo_show_layout (doc->cr, doc->layout);
    }
  return (double) h / PANGO_SCALE;
}

static void
swap_layouts (Doc *doc)
{
  PangoLayout *tmp = doc->layout;

  doc->layout = doc->layout2;
  doc->layout2 = tmp;
}

static void
set_gray (Doc *doc, double level)
{
  cairo_set_source_rgb (doc->cr, level, level, level);
}

static void
hline (Doc *doc, double x0, double x1, double y, double width)
{
  cairo_set_line_width (doc->cr, width);
  cairo_move_to (doc->cr, x0, y);
  cairo_line_to (doc->cr, x1, y);
  cairo_stroke (doc->cr);
}

static void
page_footer (Doc *doc)
{
  g_autofree char *pages = g_strdup_printf ("Бет / Страница %d/%d", doc->page, doc->n_pages);
  double y = PAGE_HEIGHT - MARGIN_BOTTOM + 14;

  set_gray (doc, 0.45);
  hline (doc, MARGIN_LEFT, PAGE_WIDTH - MARGIN_RIGHT, y - 4, 0.4);
  text_at (doc, MARGIN_LEFT, y, CONTENT_WIDTH * 0.8, FONT_MONO, doc->payload, FALSE, ALIGN_LEFT, TRUE);
  text_at (doc, MARGIN_LEFT, y, CONTENT_WIDTH, FONT_SMALL, pages, FALSE, ALIGN_RIGHT, TRUE);
  set_gray (doc, 0);
}

static void continuation_header (Doc *doc);

static void
new_page (Doc *doc)
{
  page_footer (doc);
  cairo_show_page (doc->cr);
  doc->page++;
  doc->y = MARGIN_TOP;
  continuation_header (doc);
}

static void
ensure_space (Doc *doc, double height)
{
  if (doc->y + height > CONTENT_BOTTOM)
    new_page (doc);
}

static const MkOffice *
letterhead_office (Doc *doc)
{
  switch (doc->type)
    {
    case MK_DOCUMENT_RECEIPT:
    case MK_DOCUMENT_REFUSAL_RECEIPT:
      return doc->in->center;
    case MK_DOCUMENT_REGISTER:
      /* The sender heads the register: the center going out, the provider coming back. */
      if (g_strcmp0 (doc->in->reg->direction, "to-center") == 0)
        return doc->in->provider;
      return doc->in->center;
    case MK_DOCUMENT_CERTIFICATE:
    case MK_DOCUMENT_REFUSAL:
    case MK_DOCUMENT_RETURN_LETTER:
    case MK_DOCUMENT_N_TYPES:
    default:
      return doc->in->provider;
    }
}

/* Official letterhead: the name in Kazakh on the left, in Russian on the
 * right, and the QR code where a state emblem would stand. */
static void
letterhead (Doc *doc)
{
  const MkOffice *office = letterhead_office (doc);
  /* A center office's receipt names the branch it is a unit of first. */
  const MkOffice *parent = office != NULL && office == doc->in->center ? doc->in->center_parent : NULL;
  double column = (CONTENT_WIDTH - QR_SIZE - 24) / 2;
  double right_x = MARGIN_LEFT + column + QR_SIZE + 24;
  double top = doc->y;
  double left_h = 0, right_h = 0;
  const char *langs[2] = { "kk", "ru" };

  for (int i = 0; i < 2; i++)
    {
      double x = i == 0 ? MARGIN_LEFT : right_x;
      double *h = i == 0 ? &left_h : &right_h;
      g_autofree char *contact = NULL;

      if (office == NULL)
        continue;
      if (parent != NULL)
        {
          *h += text_at (doc, x, top + *h, column, FONT_SMALL, text_lang (&parent->name, langs[i]),
                         FALSE, ALIGN_CENTER, TRUE);
          *h += 2;
        }
      *h += text_at (doc, x, top + *h, column, FONT_ORG, text_lang (&office->name, langs[i]),
                     FALSE, ALIGN_CENTER, TRUE);
      *h += 3;
      contact = has_text (office->phone)
        ? g_strdup_printf ("%s\nТел.: %s", text_lang (&office->address, langs[i]), office->phone)
        : g_strdup (text_lang (&office->address, langs[i]));
      set_gray (doc, 0.3);
      *h += text_at (doc, x, top + *h, column, FONT_SMALL, contact, FALSE, ALIGN_CENTER, TRUE);
      set_gray (doc, 0);
    }

  if (!mk_qr_draw (doc->cr, doc->payload, MARGIN_LEFT + column + 12, top - 6, QR_SIZE,
                   doc->error == NULL ? &doc->error : NULL))
    return;

  doc->y = top + MAX (MAX (left_h, right_h), QR_SIZE - 6) + 6;
  hline (doc, MARGIN_LEFT, PAGE_WIDTH - MARGIN_RIGHT, doc->y, 1.2);
  hline (doc, MARGIN_LEFT, PAGE_WIDTH - MARGIN_RIGHT, doc->y + 2.5, 0.4);
  doc->y += 11;
}

static void
title (Doc *doc, const char *kk, const char *ru)
{
  g_autofree char *kk_date = mk_date_format_long (&doc->id->date, "kk");
  g_autofree char *ru_date = mk_date_format_long (&doc->id->date, "ru");
  g_autofree char *line = g_strdup_printf ("№ %s    %s / %s", doc->id->number, kk_date, ru_date);

  doc->y += text_at (doc, MARGIN_LEFT, doc->y, CONTENT_WIDTH, FONT_TITLE, kk, FALSE, ALIGN_CENTER, TRUE);
  doc->y += 2;
  doc->y += text_at (doc, MARGIN_LEFT, doc->y, CONTENT_WIDTH, FONT_TITLE, ru, FALSE, ALIGN_CENTER, TRUE);
  doc->y += 6;
  doc->y += text_at (doc, MARGIN_LEFT, doc->y, CONTENT_WIDTH, FONT_BODY, line, FALSE, ALIGN_CENTER, TRUE);
  doc->y += 9;
}

/* One row of the two-column field table: bilingual label, then the value. */
static void
field (Doc *doc, const char *kk, const char *ru, const char *value, const char *font)
{
  g_autofree char *label = g_markup_printf_escaped ("<b>%s</b>\n<span foreground=\"#555555\">%s</span>", kk, ru);
  double value_x = MARGIN_LEFT + LABEL_WIDTH;
  double value_w = CONTENT_WIDTH - LABEL_WIDTH;
  double lh, vh, h;

  /* Laid out once each, in two layouts: the row's height must be known
   * before its background is painted under the text. */
  lh = text_at (doc, 0, 0, LABEL_WIDTH - 2 * CELL_PAD, FONT_LABEL, label, TRUE, ALIGN_LEFT, FALSE);
  swap_layouts (doc);
  vh = text_at (doc, 0, 0, value_w - 2 * CELL_PAD, font != NULL ? font : FONT_BODY, nz (value),
                FALSE, ALIGN_LEFT, FALSE);
  swap_layouts (doc);
  h = MAX (lh, vh) + 2 * CELL_PAD;
  ensure_space (doc, h);

  cairo_set_source_rgb (doc->cr, 0.95, 0.95, 0.95);
  cairo_rectangle (doc->cr, MARGIN_LEFT, doc->y, LABEL_WIDTH, h);
  cairo_fill (doc->cr);
  set_gray (doc, 0.55);
  cairo_set_line_width (doc->cr, 0.5);
  cairo_rectangle (doc->cr, MARGIN_LEFT, doc->y, CONTENT_WIDTH, h);
  cairo_move_to (doc->cr, value_x, doc->y);
  cairo_line_to (doc->cr, value_x, doc->y + h);
  cairo_stroke (doc->cr);
  set_gray (doc, 0);

  cairo_move_to (doc->cr, MARGIN_LEFT + CELL_PAD, doc->y + CELL_PAD);
  pango_cairo_show_layout (doc->cr, doc->layout);
  cairo_move_to (doc->cr, value_x + CELL_PAD, doc->y + CELL_PAD);
  pango_cairo_show_layout (doc->cr, doc->layout2);
  doc->y += h;
}

static void
paragraph (Doc *doc, const char *font, const char *text, gboolean markup)
{
  double h = text_at (doc, 0, 0, CONTENT_WIDTH, font, text, markup, ALIGN_LEFT, FALSE);

  ensure_space (doc, h);
  text_at (doc, MARGIN_LEFT, doc->y, CONTENT_WIDTH, font, text, markup, ALIGN_LEFT, TRUE);
  doc->y += h;
}

/* The signature line: role and position, a line to sign on, the name. */
static void
signature (Doc *doc, const char *kk, const char *ru, const MkUser *user, gboolean seal)
{
  g_autofree char *label = NULL;
  g_autofree char *position = position_both (user);
  double line_x = MARGIN_LEFT + CONTENT_WIDTH * 0.40;
  double name_x = MARGIN_LEFT + CONTENT_WIDTH * 0.66;
  double h;

  label = g_markup_printf_escaped ("<b>%s / %s</b>%s%s", kk, ru, *position != '\0' ? "\n" : "", position);
  h = text_at (doc, 0, 0, CONTENT_WIDTH * 0.38, FONT_LABEL, label, TRUE, ALIGN_LEFT, FALSE);
  ensure_space (doc, MAX (h, 30) + (seal ? 14 : 0) + 8);

  text_at (doc, MARGIN_LEFT, doc->y, CONTENT_WIDTH * 0.38, FONT_LABEL, label, TRUE, ALIGN_LEFT, TRUE);
  hline (doc, line_x, line_x + CONTENT_WIDTH * 0.23, doc->y + 18, 0.6);
  set_gray (doc, 0.4);
  text_at (doc, line_x, doc->y + 20, CONTENT_WIDTH * 0.23, FONT_SMALL, "қолы / подпись",
           FALSE, ALIGN_CENTER, TRUE);
  set_gray (doc, 0);
  text_at (doc, name_x, doc->y + 7, PAGE_WIDTH - MARGIN_RIGHT - name_x, FONT_BODY,
           user != NULL ? nz (user->full_name) : "", FALSE, ALIGN_LEFT, TRUE);
  doc->y += MAX (h, 30) + 8;
  if (seal)
    {
      text_at (doc, line_x, doc->y - 4, CONTENT_WIDTH * 0.3, FONT_SMALL, "М.О. / М.П.",
               FALSE, ALIGN_LEFT, TRUE);
      doc->y += 14;
    }
}

/* Two signatures side by side (receipts: the employee and the applicant). */
static void
signature_pair (Doc *doc,
                const char *kk1, const char *ru1, const MkUser *user1,
                const char *kk2, const char *ru2, const MkUser *user2)
{
  double half = (CONTENT_WIDTH - 24) / 2;
  double height = 0;

  for (int i = 0; i < 2; i++)
    {
      g_autofree char *label = g_markup_printf_escaped ("<b>%s / %s</b>", i == 0 ? kk1 : kk2, i == 0 ? ru1 : ru2);
      double h = text_at (doc, 0, 0, half, FONT_LABEL, label, TRUE, ALIGN_LEFT, FALSE);

      height = MAX (height, h + 38);
    }
  ensure_space (doc, height);

  for (int i = 0; i < 2; i++)
    {
      g_autofree char *label = g_markup_printf_escaped ("<b>%s / %s</b>", i == 0 ? kk1 : kk2, i == 0 ? ru1 : ru2);
      const MkUser *user = i == 0 ? user1 : user2;
      double x = MARGIN_LEFT + i * (half + 24);
      double h = text_at (doc, x, doc->y, half, FONT_LABEL, label, TRUE, ALIGN_LEFT, TRUE);

      hline (doc, x, x + half * 0.55, doc->y + h + 22, 0.6);
      set_gray (doc, 0.4);
      text_at (doc, x, doc->y + h + 24, half * 0.55, FONT_SMALL, "қолы / подпись", FALSE, ALIGN_CENTER, TRUE);
      set_gray (doc, 0);
      text_at (doc, x + half * 0.58, doc->y + h + 10, half * 0.42, FONT_BODY,
               user != NULL ? nz (user->full_name) : "", FALSE, ALIGN_LEFT, TRUE);
    }
  doc->y += height;
}

/* ---------------------------------------------------------------------- */
/* The documents.                                                         */

static void
render_receipt (Doc *doc, gboolean refusal)
{
  const MkCase *kase = doc->in->kase;
  g_autofree char *applicant = applicant_text (kase, TRUE);
  g_autofree char *service = service_text (kase->kind);
  g_autofree char *employee = user_text (doc->in->employee, TRUE);
  g_autoptr(GDateTime) accepted = mk_clock_local_time (kase->accepted_at);
  g_autofree char *accepted_text = NULL;
  g_autoptr(GString) docs = g_string_new (NULL);
  guint n = 0;

  if (refusal)
    title (doc, "Құжаттарды қабылдаудан бас тарту туралы қолхат",
           "Расписка об отказе в приеме документов");
  else
    title (doc, "Құжаттарды қабылдау туралы қолхат", "Расписка о приеме документов");

  {
    g_autofree char *kk = mk_date_format_long (&doc->id->date, "kk");
    g_autofree char *ru = mk_date_format_long (&doc->id->date, "ru");
    g_autofree char *hm = g_date_time_format (accepted, "%H:%M");

    accepted_text = g_strdup_printf ("№ %s\n%s, %s\n%s, %s", kase->regno, kk, hm, ru, hm);
  }
  field (doc, "Өтініштің нөмірі мен күні", "Номер и дата заявки", accepted_text, NULL);
  field (doc, "Көрсетілетін қызмет", "Запрашиваемая услуга", service, NULL);

  for (guint i = 0; kase->items != NULL && i < kase->items->len; i++)
    {
      const MkCaseItem *item = g_ptr_array_index (kase->items, i);
      g_autofree char *name = NULL;

      /* §13 lists what was accepted; §23 lists what is missing. */
      if (refusal ? !(item->required && !item->present) : !item->present)
        continue;
      name = document_kind_name (doc->in->regulation, item->doc_kind);
      g_string_append_printf (docs, "%s%u. %s", n > 0 ? "\n" : "", n + 1, name);
      n++;
    }
  if (refusal)
    {
      g_autofree char *value = g_strdup_printf ("Барлығы / Всего: %u\n%s", n, docs->str);

      field (doc, "Жетіспейтін құжаттар", "Недостающие документы", value, NULL);
    }
  else
    {
      g_autofree char *value = g_strdup_printf ("Барлығы / Всего: %u\n%s", n, docs->str);
      g_autofree char *issue = NULL;
      const MkOffice *center = doc->in->center;

      field (doc, "Қабылданған құжаттар (саны мен атауы)",
             "Принятые документы (количество и наименования)", value, NULL);

      /* §7, §16: issued on the issue date, within the center's hours. */
      {
        g_autofree char *kk = mk_date_format_long (&kase->deadlines.issue_date, "kk");
        g_autofree char *ru = mk_date_format_long (&kase->deadlines.issue_date, "ru");
        guint open = mk_regulation_get_norm (doc->in->regulation, "center-open-hour");
        guint close = mk_regulation_get_norm (doc->in->regulation, "center-close-hour");

        /* The center's name heads the receipt; its address says where. */
        issue = g_strdup_printf ("%s, сағат %u:00-ден %u:00-ге дейін\n%s, с %u:00 до %u:00\n%s\n%s",
                                 nz (kk), open, close, nz (ru), open, close,
                                 center != NULL ? text_lang (&center->address, "kk") : "",
                                 center != NULL ? text_lang (&center->address, "ru") : "");
      }
      field (doc, "Нәтижені беру күні, уақыты және орны",
             "Дата, время и место выдачи результата", issue, NULL);
    }

  field (doc, "Құжаттарды қабылдаған қызметкер", "Сотрудник, принявший документы", employee, NULL);
  field (doc, "Өтініш беруші", "Заявитель", applicant, NULL);
  if (has_text (kase->rep_name))
    {
      GString *rep = g_string_new (kase->rep_name);

      if (has_text (kase->rep_idn))
        g_string_append_printf (rep, "\nЖСН / ИИН: %s", kase->rep_idn);
      if (has_text (kase->rep_phone))
        g_string_append_printf (rep, "\nТел.: %s", kase->rep_phone);
      if (has_text (kase->rep_poa))
        g_string_append_printf (rep, "\nСенімхат / Доверенность: %s", kase->rep_poa);
      field (doc, "Өкіл", "Представитель", rep->str, NULL);
      g_string_free (rep, TRUE);
    }
  doc->y += 4;
  /* §5: where to ask about the service. */
  {
    g_autofree char *call = g_strdup_printf ("<b>Бірыңғай байланыс орталығы / Единый контакт-центр: %u</b>",
                                             mk_regulation_get_norm (doc->in->regulation, "call-center"));

    paragraph (doc, FONT_LABEL, call, TRUE);
  }
  /* §5: the web sites that describe the service in full. */
  {
    const char *provider_site = mk_regulation_get_provider_site (doc->in->regulation);
    const char *center_site = mk_regulation_get_center_site (doc->in->regulation);

    if (has_text (provider_site) || has_text (center_site))
      {
        g_autofree char *sites = g_markup_printf_escaped (
          "Қызмет туралы толық ақпарат / Полная информация об услуге: %s%s%s",
          has_text (provider_site) ? provider_site : "",
          has_text (provider_site) && has_text (center_site) ? ", " : "",
          has_text (center_site) ? center_site : "");

        paragraph (doc, FONT_SMALL, sites, TRUE);
      }
  }
  doc->y += 10;
  if (refusal)
    {
      paragraph (doc, FONT_SMALL,
                 "Регламенттің 23-тармағына сәйкес құжаттар толық ұсынылмағандықтан, өтініш қабылданбайды. "
                 "Жетіспейтін құжаттарды ұсынғаннан кейін қайта жүгінуге болады.\n"
                 "В соответствии с пунктом 23 Регламента заявление не принимается в связи с неполнотой "
                 "документов. После представления недостающих документов можно обратиться повторно.", FALSE);
      doc->y += 10;
    }
  signature_pair (doc, "Қабылдаған қызметкер", "Принял", doc->in->employee,
                  "Өтініш беруші", "Заявитель", NULL);
}

/* §6: «мекенжайын өзгерту, беру, жою, нақтылау туралы анықтама», by
 * MkServiceKind. */
static const char *const certificate_titles[MK_SERVICE_N_KINDS][2] = {
  [MK_SERVICE_CLARIFICATION] = { "Жылжымайтын мүлік объектісінің мекенжайын нақтылау туралы анықтама",
                                 "Справка об уточнении адреса объекта недвижимости" },
  [MK_SERVICE_ASSIGNMENT]    = { "Жылжымайтын мүлік объектісіне мекенжай беру туралы анықтама",
                                 "Справка о присвоении адреса объекту недвижимости" },
  [MK_SERVICE_CHANGE]        = { "Жылжымайтын мүлік объектісінің мекенжайын өзгерту туралы анықтама",
                                 "Справка об изменении адреса объекта недвижимости" },
  [MK_SERVICE_ABOLITION]     = { "Жылжымайтын мүлік объектісінің мекенжайын жою туралы анықтама",
                                 "Справка об упразднении адреса объекта недвижимости" },
};

static void
render_certificate (Doc *doc)
{
  const MkCase *kase = doc->in->kase;
  const MkOffice *provider = doc->in->provider;
  g_autofree char *provider_text = NULL;
  g_autofree char *action = NULL;
  g_autofree char *applicant = applicant_text (kase, FALSE);
  g_autofree char *object = NULL;
  g_autofree char *basis = NULL;

  /* §6: the certificate names what was done to the address. */
  title (doc, certificate_titles[kase->kind][0], certificate_titles[kase->kind][1]);

  provider_text = provider != NULL
    ? g_strdup_printf ("%s\n%s", text_lang (&provider->name, "kk"), text_lang (&provider->name, "ru"))
    : g_strdup ("");
  action = g_strdup_printf ("%s\n%s", nz (mk_service_kind_name_lang (kase->kind, "kk")),
                            nz (mk_service_kind_name_lang (kase->kind, "ru")));
  object = g_strdup_printf ("%s / %s", nz (mk_object_kind_name_lang (kase->object_kind, "kk")),
                            nz (mk_object_kind_name_lang (kase->object_kind, "ru")));

  field (doc, "Көрсетілетін қызметті беруші", "Услугодатель", provider_text, NULL);
  field (doc, "Іс-әрекет", "Действие", action, NULL);
  field (doc, "Өтініш беруші", "Заявитель", applicant, NULL);
  field (doc, "Объектінің түрі", "Вид объекта", object, NULL);
  if (has_text (kase->cadastral))
    field (doc, "Кадастрлық нөмірі", "Кадастровый номер", kase->cadastral, NULL);
  /* §6: a change keeps the former address beside the new one; an abolition
   * prints the one address it abolishes, as abolished, never as current. */
  if (kase->kind == MK_SERVICE_CHANGE && kase->former_address != NULL)
    {
      g_autofree char *former = address_both (kase->former_address, kase->object_kind);

      field (doc, "Бұрынғы мекенжайы", "Прежний адрес", former, NULL);
    }
  if (kase->address != NULL)
    {
      gboolean abolished = kase->kind == MK_SERVICE_ABOLITION;
      g_autofree char *kk = mk_address_format_object (kase->address, kase->object_kind, "kk");
      g_autofree char *ru = mk_address_format_object (kase->address, kase->object_kind, "ru");

      field (doc, abolished ? "Жойылған мекенжайы (мемлекеттік тілде)" : "Мекенжайы (мемлекеттік тілде)",
             abolished ? "Упразднённый адрес (на государственном языке)" : "Адрес (на государственном языке)",
             kk, "DejaVu Sans Bold 10.5");
      field (doc, abolished ? "Жойылған мекенжайы (орыс тілінде)" : "Мекенжайы (орыс тілінде)",
             abolished ? "Упразднённый адрес (на русском языке)" : "Адрес (на русском языке)",
             ru, "DejaVu Sans Bold 10.5");
      if (has_text (kase->address->rca))
        field (doc, "Мекенжайдың тіркеу коды", "Регистрационный код адреса", kase->address->rca,
               FONT_CODE);
    }
  if (has_text (kase->basis_number))
    {
      g_autofree char *kk = mk_date_format_long (&kase->basis_date, "kk");
      g_autofree char *ru = mk_date_format_long (&kase->basis_date, "ru");

      basis = g_strdup_printf ("Әкімдіктің № %s қаулысы (шешімі), %s\n"
                               "Постановление (решение) акимата № %s от %s",
                               kase->basis_number, g_date_valid (&kase->basis_date) ? nz (kk) : "",
                               kase->basis_number, g_date_valid (&kase->basis_date) ? nz (ru) : "");
      field (doc, "Негіздеме", "Основание", basis, NULL);
    }
  {
    g_autofree char *request = NULL;
    g_autoptr(GDateTime) accepted = mk_clock_local_time (kase->accepted_at);
    g_autofree char *when = g_date_time_format (accepted, "%d.%m.%Y");

    request = g_strdup_printf ("№ %s, %s", kase->regno, when);
    field (doc, "Өтініш", "Заявление", request, NULL);
  }

  doc->y += 24;
  signature (doc, "Басшы", "Руководитель", doc->in->signer, TRUE);
}

static void
render_grounds (Doc *doc, gboolean refusal)
{
  const MkCase *kase = doc->in->kase;
  const char *extra = doc->in->grounds_text != NULL ? doc->in->grounds_text : kase->grounds;
  g_autoptr(GString) grounds = g_string_new (NULL);
  g_autofree char *applicant = applicant_text (kase, TRUE);
  g_autofree char *service = service_text (kase->kind);
  g_autofree char *request = NULL;
  guint n = 0;

  if (refusal)
    title (doc, "Мемлекеттік қызметті көрсетуден дәлелді бас тарту",
           "Мотивированный отказ в оказании государственной услуги");
  else
    title (doc, "Құжаттар топтамасын қайтару туралы хат", "Письмо о возврате пакета документов");

  {
    GDate date;
    g_autofree char *when = NULL;

    mk_clock_date_of (kase->accepted_at, &date);
    when = date_both (&date);
    request = g_strdup_printf ("№ %s\n%s", kase->regno, when);
  }
  field (doc, "Өтініштің нөмірі мен күні", "Номер и дата заявки", request, NULL);
  field (doc, "Өтініш беруші", "Заявитель", applicant, NULL);
  field (doc, "Көрсетілетін қызмет", "Услуга", service, NULL);

  for (guint i = 0; doc->in->grounds != NULL && doc->in->grounds[i] != NULL; i++)
    {
      const MkRefusalGround *ground = mk_regulation_get_refusal_ground (doc->in->regulation,
                                                                        doc->in->grounds[i]);

      /* Checked in doc_identity_init(). */
      g_assert (ground != NULL);
      g_string_append_printf (grounds, "%s%u. %s\n    %s", n > 0 ? "\n" : "", n + 1,
                              text_lang (&ground->name, "kk"), text_lang (&ground->name, "ru"));
      n++;
    }
  if (has_text (extra))
    g_string_append_printf (grounds, "%s%s", n > 0 ? "\n" : "", extra);
  if (refusal)
    field (doc, "Бас тарту негіздері", "Основания отказа", grounds->str, NULL);
  else
    field (doc, "Қайтару себептері", "Причины возврата", grounds->str, NULL);
  /* §24: the center office the package goes back to, by name and address. */
  if (!refusal && doc->in->center != NULL)
    {
      const MkOffice *center = doc->in->center;
      g_autofree char *to = g_strdup_printf ("%s\n%s\n%s\n%s",
                                             text_lang (&center->name, "kk"),
                                             text_lang (&center->address, "kk"),
                                             text_lang (&center->name, "ru"),
                                             text_lang (&center->address, "ru"));

      field (doc, "Қайтарылатын орталық", "Центр, куда возвращается пакет", to, NULL);
    }

  doc->y += 10;
  if (!refusal)
    {
      paragraph (doc, FONT_SMALL,
                 "Құжаттар топтамасы Регламенттің 24-тармағына сәйкес халыққа қызмет көрсету орталығына "
                 "қайтарылады. Орталық өтініш берушіге бір жұмыс күні ішінде хабарлайды (25-тармақ). "
                 "Қателер түзетілгеннен кейін құжаттарды қайта тапсыруға болады.\n"
                 "Пакет документов возвращается в центр обслуживания населения в соответствии с пунктом 24 "
                 "Регламента. Центр уведомляет заявителя в течение одного рабочего дня (пункт 25). "
                 "После исправления ошибок документы могут быть поданы повторно.", FALSE);
      doc->y += 8;
    }

  /* How to appeal: Law on public services, Administrative Procedural Code. */
  paragraph (doc, "DejaVu Sans Bold 9", "Шағымдану тәртібі / Порядок обжалования", FALSE);
  doc->y += 3;
  paragraph (doc, FONT_SMALL,
             "Осы шешімге «Мемлекеттік көрсетілетін қызметтер туралы» Қазақстан Республикасының Заңына "
             "және Қазақстан Республикасының Әкімшілік рәсімдік-процестік кодексіне сәйкес жоғары тұрған "
             "органға (лауазымды адамға) немесе сотқа шағым жасалуы мүмкін.\n"
             "Настоящее решение может быть обжаловано в вышестоящий орган (вышестоящему должностному лицу) "
             "или в суд в соответствии с Законом Республики Казахстан «О государственных услугах» и "
             "Административным процедурно-процессуальным кодексом Республики Казахстан.", FALSE);
  doc->y += 24;

  if (refusal)
    signature (doc, "Басшы", "Руководитель", doc->in->signer, TRUE);
  else
    signature (doc,
               doc->in->signer != NULL ? mk_role_name_lang (doc->in->signer->role, "kk") : "Орындаушы",
               doc->in->signer != NULL ? mk_role_name_lang (doc->in->signer->role, "ru") : "Исполнитель",
               doc->in->signer, FALSE);
}

/* The register table: column widths (fractions of the content width) and headers. */
static const struct {
  double      width;
  const char *header;
} register_columns[] = {
  { 0.06, "№" },
  { 0.19, "Тіркеу нөмірі\nРег. номер" },
  { 0.31, "Өтініш беруші\nЗаявитель" },
  { 0.20, "Қызмет түрі\nВид услуги" },
  { 0.10, "Құжат саны\nКол-во док." },
  { 0.14, "Мерзімі\nСрок" },
};

static void
table_row (Doc *doc, const char *const *cells, gboolean header)
{
  const char *font = header ? FONT_TABLE_B : FONT_TABLE;
  double h = 0;
  double x = MARGIN_LEFT;

  for (gsize i = 0; i < G_N_ELEMENTS (register_columns); i++)
    h = MAX (h, text_at (doc, 0, 0, register_columns[i].width * CONTENT_WIDTH - 2 * CELL_PAD, font,
                         cells[i], FALSE, ALIGN_LEFT, FALSE));
  h += 2 * 3.0;

  if (header)
    {
      cairo_set_source_rgb (doc->cr, 0.92, 0.92, 0.92);
      cairo_rectangle (doc->cr, MARGIN_LEFT, doc->y, CONTENT_WIDTH, h);
      cairo_fill (doc->cr);
      set_gray (doc, 0);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (register_columns); i++)
    {
      double w = register_columns[i].width * CONTENT_WIDTH;

      text_at (doc, x + CELL_PAD, doc->y + 3.0, w - 2 * CELL_PAD, font, cells[i], FALSE,
               i == 0 || i == 4 ? ALIGN_CENTER : ALIGN_LEFT, TRUE);
      set_gray (doc, 0.5);
      cairo_set_line_width (doc->cr, 0.4);
      cairo_rectangle (doc->cr, x, doc->y, w, h);
      cairo_stroke (doc->cr);
      set_gray (doc, 0);
      x += w;
    }
  doc->y += h;
}

static double
table_row_height (Doc *doc, const char *const *cells)
{
  double h = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (register_columns); i++)
    h = MAX (h, text_at (doc, 0, 0, register_columns[i].width * CONTENT_WIDTH - 2 * CELL_PAD, FONT_TABLE,
                         cells[i], FALSE, ALIGN_LEFT, FALSE));
  return h + 2 * 3.0;
}

static void
table_header (Doc *doc)
{
  const char *cells[G_N_ELEMENTS (register_columns)];

  for (gsize i = 0; i < G_N_ELEMENTS (register_columns); i++)
    cells[i] = register_columns[i].header;
  table_row (doc, cells, TRUE);
}

static char *
register_time (gint64 when)
{
  g_autoptr(GDateTime) dt = NULL;

  if (when <= 0)
    return g_strdup ("«___» __________ 20___, ___:___");
  dt = mk_clock_local_time (when);
  return g_date_time_format (dt, "%d.%m.%Y %H:%M");
}

static void
render_register (Doc *doc)
{
  const MkDocumentInput *in = doc->in;
  gboolean to_center = g_strcmp0 (in->reg->direction, "to-center") == 0;
  const MkOffice *from = to_center ? in->provider : in->center;
  const MkOffice *to = to_center ? in->center : in->provider;
  guint total_docs = 0;

  title (doc, "Құжаттар тізілімі", "Реестр документов");

  for (int i = 0; i < 2; i++)
    {
      const MkOffice *office = i == 0 ? from : to;
      g_autofree char *value = office != NULL
        ? g_strdup_printf ("%s\n%s", text_lang (&office->name, "kk"), text_lang (&office->name, "ru"))
        : g_strdup ("");

      if (i == 0)
        field (doc, "Жіберуші", "Отправитель", value, NULL);
      else
        field (doc, "Алушы", "Получатель", value, NULL);
    }
  doc->y += 10;
  table_header (doc);

  for (guint i = 0; i < in->reg_cases->len; i++)
    {
      const MkCase *kase = g_ptr_array_index (in->reg_cases, i);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *applicant = applicant_text (kase, FALSE);
      g_autofree char *kind = g_strdup_printf ("%s\n%s", nz (mk_service_kind_name_lang (kase->kind, "kk")),
                                               nz (mk_service_kind_name_lang (kase->kind, "ru")));
      g_autofree char *count = NULL;
      g_autofree char *due = NULL;
      guint n = 0;
      const char *cells[G_N_ELEMENTS (register_columns)];

      for (guint j = 0; kase->items != NULL && j < kase->items->len; j++)
        if (((MkCaseItem *) g_ptr_array_index (kase->items, j))->present)
          n++;
      total_docs += n;
      count = g_strdup_printf ("%u", n);
      /* §20: the provider's own due date going out; the issue date coming back. */
      due = date_short (to_center ? &kase->deadlines.issue_date : &kase->deadlines.provider_due);

      cells[0] = number;
      cells[1] = nz (kase->regno);
      cells[2] = applicant;
      cells[3] = kind;
      cells[4] = count;
      cells[5] = due;
      if (doc->y + table_row_height (doc, cells) > CONTENT_BOTTOM)
        {
          new_page (doc);
          table_header (doc);
        }
      table_row (doc, cells, FALSE);
    }

  doc->y += 8;
  {
    g_autofree char *totals = g_strdup_printf ("Өтініштер саны: %u, құжаттар саны: %u\n"
                                               "Итого заявлений: %u, документов: %u",
                                               in->reg_cases->len, total_docs,
                                               in->reg_cases->len, total_docs);
    paragraph (doc, "DejaVu Sans Bold 9.5", totals, FALSE);
  }
  doc->y += 16;

  {
    g_autofree char *handed = register_time (in->reg->created_at);
    g_autofree char *received = register_time (in->reg->received_at);
    g_autofree char *handed_label = g_strdup_printf ("Тапсырды (%s)", handed);
    g_autofree char *received_label = g_strdup_printf ("Қабылдады (%s)", received);
    g_autofree char *handed_ru = g_strdup_printf ("Сдал (%s)", handed);
    g_autofree char *received_ru = g_strdup_printf ("Принял (%s)", received);

    signature (doc, handed_label, handed_ru, in->handed_by, FALSE);
    doc->y += 6;
    signature (doc, received_label, received_ru, in->received_by, FALSE);
  }

  /* #13: whoever keeps the paper can later prove that the database's audit
   * trail still holds every event up to this one (mekenjai-cli audit verify). */
  if (in->audit_head != NULL)
    {
      g_autofree char *head = g_strdup_printf ("Аудит журналы: оқиғалар саны — %" G_GUINT64_FORMAT
                                               ", соңғысының хэші — %s\n"
                                               "Журнал аудита: событий — %" G_GUINT64_FORMAT
                                               ", хеш последнего — %s",
                                               in->audit_events, in->audit_head,
                                               in->audit_events, in->audit_head);

      doc->y += 10;
      if (doc->y + 30 > CONTENT_BOTTOM)
        new_page (doc);
      set_gray (doc, 0.3);
      doc->y += text_at (doc, MARGIN_LEFT, doc->y, CONTENT_WIDTH, FONT_SMALL, head, FALSE, ALIGN_LEFT, TRUE);
      set_gray (doc, 0);
    }
}

/* Pages after the first carry a one-line header instead of the letterhead. */
static void
continuation_header (Doc *doc)
{
  g_autofree char *line = NULL;

  if (doc->type == MK_DOCUMENT_REGISTER)
    line = g_strdup_printf ("Құжаттар тізілімі № %s (жалғасы) / Реестр документов № %s (продолжение)",
                            doc->id->number, doc->id->number);
  else
    line = g_strdup_printf ("№ %s (жалғасы / продолжение)", doc->id->number);
  set_gray (doc, 0.3);
  doc->y += text_at (doc, MARGIN_LEFT, doc->y, CONTENT_WIDTH, FONT_SMALL, line, FALSE, ALIGN_LEFT, TRUE);
  set_gray (doc, 0);
  hline (doc, MARGIN_LEFT, PAGE_WIDTH - MARGIN_RIGHT, doc->y + 3, 0.4);
  doc->y += 12;
}

static const char *const metadata_titles[MK_DOCUMENT_N_TYPES] = {
  "Құжаттарды қабылдау туралы қолхат / Расписка о приеме документов",
  "Құжаттарды қабылдаудан бас тарту туралы қолхат / Расписка об отказе в приеме документов",
  "Құжаттар тізілімі / Реестр документов",
  "Мекенжайды айқындау туралы анықтама / Справка об определении адреса",
  "Дәлелді бас тарту / Мотивированный отказ",
  "Құжаттарды қайтару туралы хат / Письмо о возврате документов",
};

static cairo_status_t
write_to_array (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
render_pass (MkDocumentType          type,
             const MkDocumentInput  *in,
             const DocIdentity      *id,
             const char             *payload,
             int                     n_pages_guess,
             int                    *n_pages_out,
             GError                **error)
{
  GByteArray *array = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_font_options_t *options;
  PangoContext *context;
  cairo_status_t status;
  Doc doc = { 0 };
  g_autoptr(GDateTime) created = mk_clock_local_time (id->created);
  g_autofree char *created_text = g_date_time_format (created, "%Y-%m-%dT%H:%M:%S+05:00");
  g_autofree char *subject = g_strdup_printf ("%s № %s", type_ids[type], id->number);
  const MkOffice *author = NULL;

  surface = cairo_pdf_surface_create_for_stream (write_to_array, array, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_restrict_to_version (surface, CAIRO_PDF_VERSION_1_5);

  doc.cr = cairo_create (surface);
  doc.layout = pango_cairo_create_layout (doc.cr);
  /* Unhinted metrics: the layout must not depend on a screen's resolution. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  context = pango_layout_get_context (doc.layout);
  pango_cairo_context_set_font_options (context, options);
  /* One PDF unit is one point: font sizes are in points, not 96-dpi pixels. */
  pango_cairo_context_set_resolution (context, 72);
  pango_layout_context_changed (doc.layout);
  cairo_font_options_destroy (options);
  pango_layout_set_wrap (doc.layout, PANGO_WRAP_WORD_CHAR);
  doc.layout2 = pango_layout_copy (doc.layout);

  doc.type = type;
  doc.in = in;
  doc.id = id;
  doc.payload = payload;
  doc.page = 1;
  doc.n_pages = n_pages_guess;
  doc.y = MARGIN_TOP;

  author = type == MK_DOCUMENT_RECEIPT || type == MK_DOCUMENT_REFUSAL_RECEIPT ? in->center : in->provider;
  if (type == MK_DOCUMENT_REGISTER)
    author = letterhead_office (&doc);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, metadata_titles[type]);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR,
                                  author != NULL ? text_lang (&author->name, "ru") : "Mekenjai");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, subject);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Mekenjai " PACKAGE_VERSION);
  /* The dates come from the case, never the clock: same input, same bytes. */
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, created_text);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, created_text);

  letterhead (&doc);
  switch (type)
    {
    case MK_DOCUMENT_RECEIPT:
      render_receipt (&doc, FALSE);
      break;
    case MK_DOCUMENT_REFUSAL_RECEIPT:
      render_receipt (&doc, TRUE);
      break;
    case MK_DOCUMENT_REGISTER:
      render_register (&doc);
      break;
    case MK_DOCUMENT_CERTIFICATE:
      render_certificate (&doc);
      break;
    case MK_DOCUMENT_REFUSAL:
      render_grounds (&doc, TRUE);
      break;
    case MK_DOCUMENT_RETURN_LETTER:
      render_grounds (&doc, FALSE);
      break;
    case MK_DOCUMENT_N_TYPES:
    default:
      g_assert_not_reached ();
    }
  page_footer (&doc);
  cairo_show_page (doc.cr);

  g_object_unref (doc.layout);
  g_object_unref (doc.layout2);
  cairo_destroy (doc.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (doc.error != NULL)
    {
      g_propagate_error (error, doc.error);
      g_byte_array_unref (array);
      return NULL;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MK_DOCUMENT_ERROR, MK_DOCUMENT_ERROR_RENDER,
                   _("Cannot render the document: %s"), cairo_status_to_string (status));
      g_byte_array_unref (array);
      return NULL;
    }
  *n_pages_out = doc.page;
  return g_byte_array_free_to_bytes (array);
}

GBytes *
mk_document_render (MkDocumentType          type,
                    const MkDocumentInput  *in,
                    GError                **error)
{
  g_auto(DocIdentity) id = { 0 };
  g_autofree char *payload = NULL;
  g_autoptr(GBytes) bytes = NULL;
  int n_pages = 0;

  g_return_val_if_fail (type < MK_DOCUMENT_N_TYPES, NULL);
  g_return_val_if_fail (in != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!doc_identity_init (&id, type, in, error))
    return NULL;
  payload = mk_document_qr_payload (type, in, error);
  if (payload == NULL)
    return NULL;

  /* "Page N of M" needs M before page 1 is finished: render once assuming a
   * single page (the usual case), again with the real count if it differs. */
  bytes = render_pass (type, in, &id, payload, 1, &n_pages, error);
  if (bytes != NULL && n_pages != 1)
    {
      int again = 0;

      g_clear_pointer (&bytes, g_bytes_unref);
      bytes = render_pass (type, in, &id, payload, n_pages, &again, error);
      g_assert (bytes == NULL || again == n_pages);
    }
  return g_steal_pointer (&bytes);
}

gboolean
mk_document_render_to_file (MkDocumentType          type,
                            const MkDocumentInput  *in,
                            const char             *path,
                            GError                **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = mk_document_render (type, in, error);
  if (bytes == NULL)
    return FALSE;
  if (!g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                            &local_error))
    {
      g_set_error (error, MK_DOCUMENT_ERROR, MK_DOCUMENT_ERROR_WRITE,
                   _("Cannot write “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}
