/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of mk-document: every printed document, its text in both languages, fonts, QR code and layout. */
#include <string.h>
#include <glib/gstdio.h>
#include <poppler.h>
#include <cairo.h>

#include "document-fixture.h"
#include "mk-qr.h"

static char *out_dir;
/* The text of every document rendered so far. */
static GString *all_text;

/* Whitespace runs become one space: text wraps differently in the PDF. */
static char *
normalize (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static PopplerDocument *
open_pdf (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes (pdf, NULL, &error);

  g_assert_no_error (error);
  return doc;
}

/* The characters of @page whose centre lies between @x0 and @x1, in reading
 * order: one column of the layout, without the text beside it. */
static void
append_column (GString *out, PopplerPage *page, const char *text, double x0, double x1)
{
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  guint i = 0;

  g_assert_true (poppler_page_get_text_layout (page, &rects, &n_rects));
  for (const char *p = text; *p != '\0' && i < n_rects; p = g_utf8_next_char (p), i++)
    {
      gunichar c = g_utf8_get_char (p);
      double cx = (rects[i].x1 + rects[i].x2) / 2;

      if (g_unichar_isspace (c))
        g_string_append_c (out, ' ');
      else if (cx >= x0 && cx < x1)
        g_string_append_unichar (out, c);
    }
  g_string_append_c (out, '\n');
  g_free (rects);
}

/* The text of one page, whole and column by column: the field table's
 * labels and values and the letterhead's two languages are separate columns. */
static char *
page_text (PopplerDocument *doc, int index)
{
  PopplerPage *page = poppler_document_get_page (doc, index);
  GString *all = g_string_new (NULL);
  /* Column edges in points: letterhead halves and QR; label and value of
   * the field table (mk-document.c: left margin 56, label 33 % of 497.276). */
  static const double edges[][2] = {
    { 0, 240 }, { 240, 360 }, { 360, 600 }, { 0, 56 + 497.276 * 0.33 }, { 56 + 497.276 * 0.33, 600 },
  };
  g_autofree char *whole = poppler_page_get_text (page);

  g_string_append (all, whole);
  g_string_append_c (all, '\n');
  for (gsize i = 0; i < G_N_ELEMENTS (edges); i++)
    append_column (all, page, whole, edges[i][0], edges[i][1]);
  g_object_unref (page);
  return g_string_free (all, FALSE);
}

static void
assert_contains (const char *haystack, const char *needle, const char *what)
{
  g_autofree char *n = normalize (needle);

  if (strstr (haystack, n) == NULL)
    {
      g_autofree char *dump = g_build_filename (out_dir, "failed-text.txt", NULL);

      g_file_set_contents (dump, haystack, -1, NULL);
      g_error ("%s: “%s” not found in the PDF text (see %s)", what, n, dump);
    }
}

static char *
save (GBytes *pdf, const char *name)
{
  char *path = g_build_filename (out_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);
  return path;
}

static gboolean
have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

/* `pdffonts`: every font row says "emb yes" (the "emb" column). */
static void
assert_fonts_embedded (const char *path)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { "pdffonts", path, NULL };
  int status = 0;
  guint rows = 0;

  if (!have_program ("pdffonts"))
    {
      g_test_skip ("pdffonts (poppler-utils) is not installed");
      return;
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lines = g_strsplit (out, "\n", -1);
  /* Two header lines, then one line per font: name type encoding emb sub uni object ID. */
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = NULL;
      guint n;

      if (*lines[i] == '\0')
        continue;
      cols = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      n = 0;
      /* Squeeze out the empty fields that runs of spaces leave. */
      for (guint j = 0; cols[j] != NULL; j++)
        {
          if (*cols[j] != '\0')
            cols[n++] = cols[j];
          else
            g_free (cols[j]);
        }
      cols[n] = NULL;
      /* From the right: object ID (2 columns), uni, sub, emb. */
      g_assert_cmpuint (n, >=, 7);
      if (g_strcmp0 (cols[n - 5], "yes") != 0)
        g_error ("font not embedded: %s", lines[i]);
      rows++;
    }
  g_assert_cmpuint (rows, >=, 2);
}

/* Page 1 rendered at 200 dpi, decoded with zbarimg. */
static char *
decode_qr (PopplerDocument *doc, const char *png_name)
{
  PopplerPage *page = poppler_document_get_page (doc, 0);
  double width, height;
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autofree char *png = g_build_filename (out_dir, png_name, NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "zbarimg", "--raw", "-q", png, NULL };
  int status = 0;

  poppler_page_get_size (page, &width, &height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (width * 200 / 72), (int) (height * 200 / 72));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, 200.0 / 72, 200.0 / 72);
  poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_object_unref (page);

  /* zbarimg complains on stderr when there is no D-Bus; only stdout matters. */
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_strdup (g_strchomp (out));
}

typedef struct {
  MkDocumentType  type;
  const char     *paragraph;
  const char     *file;
  /* Text that must appear, kk and ru; NULL-terminated. */
  const char     *expected[32];
} DocCase;

static const DocCase doc_cases[] = {
  { MK_DOCUMENT_RECEIPT, "§13", "receipt.pdf", {
      "Құжаттарды қабылдау туралы қолхат", "Расписка о приеме документов",
      "Өтініштің нөмірі мен күні", "Номер и дата заявки", FIXTURE_REGNO, "10:35",
      "Көрсетілетін қызмет", "Запрашиваемая услуга",
      /* #10: the service's name as the regulation's title has it. */
      "Қазақстан Республикасының аумағында жылжымайтын мүлік объектілерінің мекенжайын анықтау жөнінде анықтама беру",
      "на территории Республики Казахстан",
      "Қабылданған құжаттар (саны мен атауы)", "Принятые документы (количество и наименования)",
      "Барлығы / Всего: 4",
      "Нәтижені беру күні, уақыты және орны", "Дата, время и место выдачи результата",
      "сағат 9:00-ден 20:00-ге дейін", "с 9:00 до 20:00",
      "Құжаттарды қабылдаған қызметкер", "Сотрудник, принявший документы",
      "Өтініш беруші", "Заявитель", FIXTURE_APPLICANT, FIXTURE_PHONE,
      "Өкіл", "Единый контакт-центр",
      /* §17: the employee's position in both languages. */
      "ХҚКО инспекторы / инспектор ЦОН",
      /* §5: where the service is described. */
      "www.uag-krg.gov.kz", "www.con.gov.kz", NULL } },
  { MK_DOCUMENT_REFUSAL_RECEIPT, "§23", "refusal-receipt.pdf", {
      "Құжаттарды қабылдаудан бас тарту туралы қолхат", "Расписка об отказе в приеме документов",
      FIXTURE_REGNO, "Жетіспейтін құжаттар", "Недостающие документы", "Барлығы / Всего: 1",
      "Регламенттің 23-тармағына", "пунктом 23 Регламента",
      FIXTURE_APPLICANT, FIXTURE_REP, FIXTURE_REP_PHONE, "1414", NULL } },
  { MK_DOCUMENT_CERTIFICATE, "§6", "certificate.pdf", {
      /* The fixture is a change of the address: §6 names the action. */
      "Жылжымайтын мүлік объектісінің мекенжайын өзгерту туралы анықтама",
      "Справка об изменении адреса объекта недвижимости",
      FIXTURE_RESULT_NO, "2026 жылғы 30 наурыз", "30 марта 2026",
      "Көрсетілетін қызметті беруші", "Услугодатель",
      "Іс-әрекет", "Действие", FIXTURE_APPLICANT, "ЖСН / ИИН: " FIXTURE_IIN,
      "Объектінің түрі", "Вид объекта", FIXTURE_CADASTRAL,
      "Бұрынғы мекенжайы", "Прежний адрес", "Ұлытау",
      "Мекенжайдың тіркеу коды", "Регистрационный код адреса", FIXTURE_RCA,
      "Негіздеме", "Постановление (решение) акимата № " FIXTURE_BASIS, "Руководитель",
      "Бөлім басшысы / руководитель отдела", NULL } },
  { MK_DOCUMENT_REFUSAL, "§6, §26", "refusal.pdf", {
      "Мемлекеттік қызметті көрсетуден дәлелді бас тарту",
      "Мотивированный отказ в оказании государственной услуги",
      FIXTURE_REGNO, FIXTURE_APPLICANT, "Бас тарту негіздері", "Основания отказа",
      "Құжаттардағы мәліметтер бір-біріне сәйкес келмейді", "Сведения в представленных документах не совпадают",
      "Пакет документов представлен не в полном объёме", FIXTURE_FREE_TEXT,
      "Шағымдану тәртібі / Порядок обжалования", "Әкімшілік рәсімдік-процестік кодексіне",
      "Административным процедурно-процессуальным кодексом", "Руководитель", NULL } },
  { MK_DOCUMENT_RETURN_LETTER, "§24", "return-letter.pdf", {
      "Құжаттар топтамасын қайтару туралы хат", "Письмо о возврате пакета документов",
      FIXTURE_REGNO, FIXTURE_APPLICANT, "Қайтару себептері", "Причины возврата",
      "Құжаттар топтамасы толық емес", "Выявлены ошибки" /* absent: not chosen */,
      "пунктом 24", "Порядок обжалования",
      /* #10, §24: the center office it goes back to. */
      "Қайтарылатын орталық", "Центр, куда возвращается пакет", NULL } },
};

/* The text of the first page of document @type rendered from @in, normalized. */
static char *
rendered_text (MkDocumentType         type,
               const MkDocumentInput *in)
{
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = NULL;
  PopplerDocument *doc;

  pdf = mk_document_render (type, in, &error);
  g_assert_no_error (error);
  doc = open_pdf (pdf);
  raw = page_text (doc, 0);
  g_object_unref (doc);
  return normalize (raw);
}

/* #10, §6: the certificate's title names the action; an abolition prints the
 * address it abolishes as abolished, once, and no "former address" beside it. */
static void
test_certificate_titles (void)
{
  static const struct {
    MkServiceKind  kind;
    const char    *kk;
    const char    *ru;
  } titles[] = {
    { MK_SERVICE_CLARIFICATION, "мекенжайын нақтылау туралы анықтама", "Справка об уточнении адреса" },
    { MK_SERVICE_ASSIGNMENT,    "объектісіне мекенжай беру туралы анықтама", "Справка о присвоении адреса" },
    { MK_SERVICE_CHANGE,        "мекенжайын өзгерту туралы анықтама", "Справка об изменении адреса" },
    { MK_SERVICE_ABOLITION,     "мекенжайын жою туралы анықтама", "Справка об упразднении адреса" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      Fixture f;
      g_autoptr(MkCase) kase = NULL;
      g_autofree char *text = NULL;
      MkDocumentInput in;

      fixture_init (&f);
      kase = fixture_case (titles[i].kind);
      if (titles[i].kind == MK_SERVICE_ABOLITION && kase->former_address == NULL)
        kase->former_address = mk_address_copy (kase->address);
      fixture_input (&f, MK_DOCUMENT_CERTIFICATE, kase, &in);
      text = rendered_text (MK_DOCUMENT_CERTIFICATE, &in);
      assert_contains (text, titles[i].kk, "§6 title kk");
      assert_contains (text, titles[i].ru, "§6 title ru");
      if (titles[i].kind == MK_SERVICE_ABOLITION)
        {
          assert_contains (text, "Жойылған мекенжайы (мемлекеттік тілде)", "§6 abolished kk");
          assert_contains (text, "Упразднённый адрес (на русском языке)", "§6 abolished ru");
          g_assert_null (strstr (text, "Бұрынғы мекенжайы"));
          g_assert_null (strstr (text, "Адрес (на государственном языке)"));
        }
      else
        g_assert_null (strstr (text, "Жойылған мекенжайы"));
      fixture_clear (&f);
    }
}

/* #10: the certificate prints the oblast the intake took from the center's
 * provider: since 2022 Ulytau oblast for Zhezkazgan (c20 → p03), Karaganda
 * oblast for Karaganda (c05 → p01); the offices as the regulation prints them. */
static void
test_certificate_oblast (void)
{
  static const struct {
    const char *center;
    const char *line_kk;
    const char *line_ru;
    const char *other;
  } cases[] = {
    { "c20", "Ұлытау облысы, Жезқазған қаласы", "Улытауская область, г. Жезказган", "Карагандинская область, г." },
    { "c05", "Қарағанды облысы, Қарағанды қаласы", "Карагандинская область, г. Караганда", "Улытау" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture f;
      g_autoptr(MkCase) kase = NULL;
      g_autofree char *text = NULL;
      const MkOffice *center, *provider;
      MkDocumentInput in;

      fixture_init (&f);
      center = mk_offices_find (f.offices, cases[i].center);
      provider = mk_offices_find (f.offices, center->provider_id);
      kase = fixture_case (MK_SERVICE_ASSIGNMENT);
      g_free (kase->center_id);
      kase->center_id = g_strdup (center->id);
      g_free (kase->provider_id);
      kase->provider_id = g_strdup (provider->id);
      /* As the intake fills it: the provider's oblast, district and code. */
      mk_text_copy (&kase->address->region, &provider->region);
      mk_text_copy (&kase->address->district, &provider->district);
      mk_text_copy (&kase->address->settlement, &provider->district);
      mk_text_clear (&kase->address->city_district);
      g_free (kase->address->kato);
      kase->address->kato = g_strdup (provider->kato);
      fixture_input (&f, MK_DOCUMENT_CERTIFICATE, kase, &in);
      in.center = center;
      in.center_parent = center->parent_id != NULL ? mk_offices_find (f.offices, center->parent_id) : NULL;
      in.provider = provider;
      text = rendered_text (MK_DOCUMENT_CERTIFICATE, &in);
      assert_contains (text, cases[i].line_kk, "oblast kk");
      assert_contains (text, cases[i].line_ru, "oblast ru");
      assert_contains (text, provider->name.kk, "provider as printed");
      g_assert_null (strstr (text, cases[i].other));
      fixture_clear (&f);
    }
}

/* #10, Appendix 2: a unit's receipt names the oblast branch it belongs to
 * above its own name, in both languages. */
static void
test_receipt_parent (void)
{
  Fixture f;
  g_autoptr(MkCase) kase = NULL;
  g_autofree char *text = NULL;
  const MkOffice *unit, *branch;
  MkDocumentInput in;

  fixture_init (&f);
  unit = mk_offices_find (f.offices, "c05");
  branch = mk_offices_find (f.offices, unit->parent_id);
  g_assert_nonnull (branch);
  g_assert_cmpstr (branch->id, ==, "c01");
  g_assert_null (branch->parent_id);
  kase = fixture_case (MK_SERVICE_ASSIGNMENT);
  fixture_input (&f, MK_DOCUMENT_RECEIPT, kase, &in);
  in.center = unit;
  in.center_parent = branch;
  text = rendered_text (MK_DOCUMENT_RECEIPT, &in);
  assert_contains (text, "Республикалық мемлекеттік кәсіпорын филиалы", "branch kk");
  assert_contains (text, unit->name.kk, "unit kk");
  assert_contains (text, unit->name.ru, "unit ru");
  assert_contains (text, branch->name.ru, "branch ru");
  fixture_clear (&f);
}

static void
test_document_kind (gconstpointer data)
{
  const DocCase *dc = data;
  Fixture f;
  g_autoptr(MkCase) kase = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *png = NULL;
  MkDocumentInput in;
  PopplerDocument *doc;
  const MkOffice *head_office;

  fixture_init (&f);
  kase = fixture_case (MK_SERVICE_CHANGE);
  fixture_input (&f, dc->type, kase, &in);

  pdf = mk_document_render (dc->type, &in, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  path = save (pdf, dc->file);
  g_test_message ("%s (%s): %s, %" G_GSIZE_FORMAT " bytes", mk_document_type_to_id (dc->type),
                  dc->paragraph, path, g_bytes_get_size (pdf));

  doc = open_pdf (pdf);
  g_assert_cmpint (poppler_document_get_n_pages (doc), ==, 1);
  {
    g_autofree char *raw = page_text (doc, 0);
    text = normalize (raw);
  }
  for (guint i = 0; dc->expected[i] != NULL; i++)
    {
      /* The return letter shows only the grounds it was given. */
      if (dc->type == MK_DOCUMENT_RETURN_LETTER && g_str_equal (dc->expected[i], "Выявлены ошибки"))
        {
          g_assert_null (strstr (text, dc->expected[i]));
          continue;
        }
      assert_contains (text, dc->expected[i], dc->paragraph);
    }

  /* The letterhead in both languages: the center on receipts, the provider otherwise. */
  head_office = dc->type == MK_DOCUMENT_RECEIPT || dc->type == MK_DOCUMENT_REFUSAL_RECEIPT ? f.center : f.provider;
  assert_contains (text, head_office->name.kk, "letterhead kk");
  assert_contains (text, head_office->name.ru, "letterhead ru");

  /* Signers and employees by name (§17). */
  if (dc->type == MK_DOCUMENT_RECEIPT || dc->type == MK_DOCUMENT_REFUSAL_RECEIPT)
    assert_contains (text, f.inspector.full_name, "accepting employee");
  else if (dc->type == MK_DOCUMENT_RETURN_LETTER)
    assert_contains (text, f.executor.full_name, "signer");
  else
    assert_contains (text, f.head.full_name, "signer");

  /* Dates with mk_date_format_long() in both languages. */
  if (dc->type == MK_DOCUMENT_RECEIPT)
    {
      g_autofree char *kk = mk_date_format_long (&kase->deadlines.issue_date, "kk");
      g_autofree char *ru = mk_date_format_long (&kase->deadlines.issue_date, "ru");

      assert_contains (text, kk, "§13 issue date kk");
      assert_contains (text, ru, "§13 issue date ru");
      assert_contains (text, f.center->address.kk, "§13 place of issue");
      /* §13: every accepted document by name, in both languages. */
      for (guint i = 0; i < kase->items->len; i++)
        {
          MkCaseItem *item = g_ptr_array_index (kase->items, i);
          const MkDocumentKind *kind = mk_regulation_get_document_kind (f.regulation, item->doc_kind);

          if (!item->present)
            continue;
          assert_contains (text, kind->name.kk, "§13 document kk");
          assert_contains (text, kind->name.ru, "§13 document ru");
        }
    }
  if (dc->type == MK_DOCUMENT_REFUSAL_RECEIPT)
    {
      const MkDocumentKind *kind = mk_regulation_get_document_kind (f.regulation, "technical-passport");

      assert_contains (text, kind->name.kk, "§23 missing document kk");
      assert_contains (text, kind->name.ru, "§23 missing document ru");
    }
  if (dc->type == MK_DOCUMENT_CERTIFICATE)
    {
      g_autofree char *kk = mk_address_format (kase->address, "kk");
      g_autofree char *ru = mk_address_format (kase->address, "ru");

      assert_contains (text, kk, "§6 address kk");
      assert_contains (text, ru, "§6 address ru");
      assert_contains (text, mk_service_kind_name_lang (kase->kind, "kk"), "§6 action kk");
      assert_contains (text, mk_service_kind_name_lang (kase->kind, "ru"), "§6 action ru");
      assert_contains (text, mk_object_kind_name_lang (kase->object_kind, "kk"), "§6 object kk");
      assert_contains (text, mk_object_kind_name_lang (kase->object_kind, "ru"), "§6 object ru");
    }

  /* Kazakh letters survive into the text layer; all of them are checked
   * over the whole set in test_kazakh_letters(). */
  g_string_append (all_text, text);

  /* Metadata: title, author, the case's date as creation date. */
  {
    g_autofree char *title = poppler_document_get_title (doc);
    g_autofree char *author = poppler_document_get_author (doc);

    g_assert_nonnull (title);
    g_assert_nonnull (strstr (title, " / "));
    g_assert_cmpstr (author, ==, head_office->name.ru);
    g_assert_cmpint (poppler_document_get_creation_date (doc), >, 0);
  }

  assert_fonts_embedded (path);

  payload = mk_document_qr_payload (dc->type, &in, &error);
  g_assert_no_error (error);
  if (have_program ("zbarimg"))
    {
      png = g_strconcat (dc->file, ".png", NULL);
      decoded = decode_qr (doc, png);
      g_assert_cmpstr (decoded, ==, payload);
    }
  else
    g_test_message ("zbarimg (zbar-tools) is not installed: QR decoding not checked");

  g_object_unref (doc);
  fixture_clear (&f);
}

/* Every Kazakh letter, small and capital, is in the text of the documents:
 * the fonts cover them and the text layer keeps them (run after the kinds). */
static void
test_kazakh_letters (void)
{
  static const char *const letters[] = { "ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "һ", "і",
                                         "Ә", "Ғ", "Қ", "Ң", "Ө", "Ұ", "Ү", "Һ", "І" };

  g_assert_cmpuint (all_text->len, >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (letters); i++)
    if (strstr (all_text->str, letters[i]) == NULL)
      g_error ("letter %s missing from the documents", letters[i]);
}

/* Identical input, identical bytes: the creation date comes from the case. */
static void
test_deterministic (void)
{
  Fixture f;

  fixture_init (&f);
  for (guint t = 0; t < MK_DOCUMENT_N_TYPES; t++)
    {
      g_autoptr(MkCase) kase = fixture_case (MK_SERVICE_ASSIGNMENT);
      g_autoptr(GBytes) a = NULL;
      g_autoptr(GBytes) b = NULL;
      g_autoptr(GError) error = NULL;
      MkDocumentInput in;
      g_autoptr(GPtrArray) cases = g_ptr_array_new ();
      MkRegister reg = { 0 };

      fixture_input (&f, (MkDocumentType) t, kase, &in);
      if (t == MK_DOCUMENT_REGISTER)
        {
          reg.number = (char *) "R-3501-2026-0042";
          reg.direction = (char *) "to-provider";
          reg.created_at = kase->accepted_at + 3600;
          g_ptr_array_add (cases, kase);
          in.reg = &reg;
          in.reg_cases = cases;
          in.handed_by = &f.accumulation;
        }
      a = mk_document_render ((MkDocumentType) t, &in, &error);
      g_assert_no_error (error);
      b = mk_document_render ((MkDocumentType) t, &in, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (a, b));
      /* A changed field changes the bytes and the digest. */
      {
        g_autofree char *d1 = mk_document_qr_payload ((MkDocumentType) t, &in, NULL);
        g_autofree char *d2 = NULL;
        g_autoptr(GBytes) c = NULL;

        g_free (kase->applicant_name);
        kase->applicant_name = g_strdup ("Басқа Адам");
        d2 = mk_document_qr_payload ((MkDocumentType) t, &in, NULL);
        c = mk_document_render ((MkDocumentType) t, &in, &error);
        g_assert_no_error (error);
        g_assert_false (g_bytes_equal (a, c));
        g_assert_cmpstr (d1, !=, d2);
      }
    }
  fixture_clear (&f);
}

/* §10 step 3, §19: a long register runs over several pages, each numbered
 * "N/M" with the table header repeated. */
static void
test_register_pages (void)
{
  Fixture f;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) mk_case_unref);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *payload = NULL;
  MkRegister reg = { 0 };
  MkDocumentInput in = { 0 };
  PopplerDocument *doc;
  int n_pages;

  fixture_init (&f);
  for (guint i = 0; i < 120; i++)
    {
      MkCase *kase = fixture_case ((MkServiceKind) (i % MK_SERVICE_N_KINDS));

      g_free (kase->regno);
      kase->regno = g_strdup_printf ("3501-2026-%06u", 1000 + i);
      g_ptr_array_add (cases, kase);
    }
  reg.number = (char *) "R-3501-2026-0042";
  reg.direction = (char *) "to-provider";
  reg.center_id = (char *) "c01";
  reg.provider_id = (char *) "p01";
  reg.created_at = 1773997200;  /* 2026-03-20 14:00 UTC+5 */
  reg.received_at = 1773999000;
  in.regulation = f.regulation;
  in.center = f.center;
  in.provider = f.provider;
  in.reg = &reg;
  in.reg_cases = cases;
  in.handed_by = &f.accumulation;
  in.received_by = &f.executor;

  pdf = mk_document_render (MK_DOCUMENT_REGISTER, &in, &error);
  g_assert_no_error (error);
  path = save (pdf, "register-120.pdf");
  doc = open_pdf (pdf);
  n_pages = poppler_document_get_n_pages (doc);
  g_assert_cmpint (n_pages, >, 2);

  for (int p = 0; p < n_pages; p++)
    {
      g_autofree char *raw = page_text (doc, p);
      g_autofree char *text = normalize (raw);
      g_autofree char *pages = g_strdup_printf ("%d/%d", p + 1, n_pages);

      assert_contains (text, pages, "page N/M");
      assert_contains (text, "Бет / Страница", "page label");
      assert_contains (text, "Тіркеу нөмірі", "header row repeated");
      assert_contains (text, "Рег. номер", "header row repeated");
      if (p == 0)
        {
          assert_contains (text, "Құжаттар тізілімі", "register title kk");
          assert_contains (text, "Реестр документов", "register title ru");
          assert_contains (text, f.center->name.kk, "sender");
          assert_contains (text, f.provider->name.ru, "receiver");
          assert_contains (text, "3501-2026-001000", "first row");
        }
      if (p == n_pages - 1)
        {
          assert_contains (text, "3501-2026-001119", "last row");
          assert_contains (text, "Өтініштер саны: 120, құжаттар саны: 480", "totals kk");
          assert_contains (text, "Итого заявлений: 120, документов: 480", "totals ru");
          assert_contains (text, "Тапсырды (20.03.2026 14:00)", "handed over");
          assert_contains (text, "Принял (20.03.2026 14:30)", "received");
          assert_contains (text, f.accumulation.full_name, "handed over by");
          assert_contains (text, f.executor.full_name, "received by");
        }
    }

  /* Every row exactly once across the pages. */
  {
    g_autoptr(GString) all = g_string_new (NULL);

    for (int p = 0; p < n_pages; p++)
      {
        PopplerPage *page = poppler_document_get_page (doc, p);
        g_autofree char *t = poppler_page_get_text (page);

        g_string_append (all, t);
        g_object_unref (page);
      }
    for (guint i = 0; i < 120; i++)
      {
        g_autofree char *regno = g_strdup_printf ("3501-2026-%06u", 1000 + i);
        const char *first = strstr (all->str, regno);

        g_assert_nonnull (first);
        g_assert_null (strstr (first + 1, regno));
      }
  }

  assert_fonts_embedded (path);
  payload = mk_document_qr_payload (MK_DOCUMENT_REGISTER, &in, &error);
  g_assert_no_error (error);
  if (have_program ("zbarimg"))
    {
      g_autofree char *decoded = decode_qr (doc, "register-120.png");

      g_assert_cmpstr (decoded, ==, payload);
    }
  g_object_unref (doc);
  fixture_clear (&f);
}

/* Missing data is an error that names the field, not a half-empty document. */
static void
test_invalid_input (void)
{
  Fixture f;
  g_autoptr(MkCase) kase = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  MkDocumentInput in;
  static const char *const unknown[] = { "no-such-ground", NULL };

  fixture_init (&f);
  kase = fixture_case (MK_SERVICE_ASSIGNMENT);

  /* §6: a certificate has a number. */
  fixture_input (&f, MK_DOCUMENT_CERTIFICATE, kase, &in);
  g_clear_pointer (&kase->result_number, g_free);
  pdf = mk_document_render (MK_DOCUMENT_CERTIFICATE, &in, &error);
  g_assert_error (error, MK_DOCUMENT_ERROR, MK_DOCUMENT_ERROR_INVALID);
  g_assert_null (pdf);
  g_clear_error (&error);

  /* §26: a refusal names grounds from the regulation's list. */
  fixture_input (&f, MK_DOCUMENT_REFUSAL, kase, &in);
  kase->result_number = g_strdup ("О-1");
  in.grounds = unknown;
  pdf = mk_document_render (MK_DOCUMENT_REFUSAL, &in, &error);
  g_assert_error (error, MK_DOCUMENT_ERROR, MK_DOCUMENT_ERROR_INVALID);
  g_clear_error (&error);

  /* …or at least says them in words. */
  in.grounds = NULL;
  g_clear_pointer (&kase->grounds, g_free);
  pdf = mk_document_render (MK_DOCUMENT_REFUSAL, &in, &error);
  g_assert_error (error, MK_DOCUMENT_ERROR, MK_DOCUMENT_ERROR_INVALID);
  g_clear_error (&error);

  /* The register needs its cases. */
  memset (&in, 0, sizeof in);
  pdf = mk_document_render (MK_DOCUMENT_REGISTER, &in, &error);
  g_assert_error (error, MK_DOCUMENT_ERROR, MK_DOCUMENT_ERROR_INVALID);
  g_clear_error (&error);

  fixture_clear (&f);
}

static void
test_type_ids (void)
{
  for (guint t = 0; t < MK_DOCUMENT_N_TYPES; t++)
    {
      MkDocumentType back;

      g_assert_true (mk_document_type_from_id (mk_document_type_to_id ((MkDocumentType) t), &back));
      g_assert_cmpint (back, ==, t);
    }
  g_assert_false (mk_document_type_from_id ("invoice", NULL));
  g_assert_cmpstr (mk_document_type_to_id (MK_DOCUMENT_RETURN_LETTER), ==, "return-letter");
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* Example PDFs stay for a human to look at. */
  out_dir = g_strdup (g_getenv ("MK_DOCS_OUT"));
  if (out_dir == NULL)
    out_dir = g_dir_make_tmp ("mk-docs-XXXXXX", NULL);
  g_mkdir_with_parents (out_dir, 0755);
  all_text = g_string_new (NULL);

  g_test_add_func ("/document/type-ids", test_type_ids);
  for (guint i = 0; i < G_N_ELEMENTS (doc_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/document/%s", mk_document_type_to_id (doc_cases[i].type));

      g_test_add_data_func (name, &doc_cases[i], test_document_kind);
    }
  g_test_add_func ("/document/kazakh-letters", test_kazakh_letters);
  g_test_add_func ("/document/certificate-titles-s6", test_certificate_titles);
  g_test_add_func ("/document/certificate-oblast-ulytau-2022", test_certificate_oblast);
  g_test_add_func ("/document/receipt-parent-appendix-2", test_receipt_parent);
  g_test_add_func ("/document/register/§19-pages", test_register_pages);
  g_test_add_func ("/document/deterministic", test_deterministic);
  g_test_add_func ("/document/invalid-input", test_invalid_input);

  ret = g_test_run ();
  g_free (out_dir);
  g_string_free (all_text, TRUE);
  return ret;
}
