/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of importing applicants' files and scanned pages into one stored PDF. */

#include "mk-import.h"
#include "mk-import-private.h"
#include "bomb-fixture.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <math.h>
#include <png.h>
#include <poppler.h>
#include <string.h>
#include <tiffio.h>

/* §11 lists the documents the applicant brings; §9 requires their
 * safekeeping. Every attachment becomes one PDF with a stored digest. */

/* ---- Fixture generators ------------------------------------------------------ */

/* Text-like strokes on paper with scanner noise, or a smooth photo. */
static MkPage *
make_page (MkPageFormat format,
           guint        width,
           guint        height,
           guint        dpi,
           guint        seed)
{
  gsize bpp = format == MK_PAGE_FORMAT_RGB24 ? 3 : 1;
  gsize stride = width * bpp;
  guint8 *pixels = g_malloc (stride * height);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GBytes) bytes = NULL;

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        /* Lines of 30 px letters every 50 px, 25 px cells, a space every 7th. */
        guint ly = y % 50, cx = x % 25;
        gboolean ink = x > width / 10 && x < width * 9 / 10 && ly < 30 && (x / 25) % 7 != 6 &&
                       (cx < 4 || (ly < 4 && cx < 18) || (ly >= 26 && cx < 18));
        int base = ink ? 30 : 235;
        int noise = g_rand_int_range (rand, -8, 9);

        for (gsize c = 0; c < bpp; c++)
          pixels[y * stride + x * bpp + c] = (guint8) CLAMP (base + noise + (int) (c * 9), 0, 255);
      }

  bytes = g_bytes_new_take (pixels, stride * height);
  return mk_page_new (format, width, height, stride, dpi, bytes);
}

static GBytes *
make_jpeg (MkPageFormat format,
           guint        width,
           guint        height,
           guint        dpi)
{
  g_autoptr(MkPage) page = make_page (format, width, height, dpi, 7);
  g_autoptr(GError) error = NULL;
  GBytes *jpeg = mk_import_encode_jpeg (page, 85, &error);

  g_assert_no_error (error);
  return jpeg;
}

typedef enum {
  PNG_DRAWING,  /* four colours */
  PNG_PHOTO,    /* many colours */
  PNG_BILEVEL,  /* grey, only black and white */
} PngKind;

static GBytes *
make_png (PngKind kind,
          guint   width,
          guint   height)
{
  png_image image = { 0 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autofree guint8 *pixels = NULL;
  gsize channels = kind == PNG_BILEVEL ? 1 : 3;
  png_alloc_size_t size = 0;
  guint8 *out;

  image.version = PNG_IMAGE_VERSION;
  image.width = width;
  image.height = height;
  image.format = kind == PNG_BILEVEL ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
  pixels = g_malloc (width * height * channels);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint8 *p = pixels + (y * width + x) * channels;

        switch (kind)
          {
          case PNG_DRAWING:
            p[0] = (x / 16) % 2 ? 200 : 20;
            p[1] = (y / 16) % 2 ? 180 : 40;
            p[2] = 90;
            break;
          case PNG_PHOTO:
            p[0] = (guint8) (x * 255 / width);
            p[1] = (guint8) (y * 255 / height);
            p[2] = (guint8) g_rand_int_range (rand, 0, 256);
            break;
          case PNG_BILEVEL:
          default:
            p[0] = ((x / 8) + (y / 8)) % 2 ? 255 : 0;
            break;
          }
      }

  g_assert_true (png_image_write_to_memory (&image, NULL, &size, 0, pixels, 0, NULL));
  out = g_malloc (size);
  g_assert_true (png_image_write_to_memory (&image, out, &size, 0, pixels, 0, NULL));
  return g_bytes_new_take (out, size);
}

/* Three pages: a G4 fax page, an LZW grey page and a Deflate colour page, at 200 dpi. */
static GBytes *
make_tiff (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mk-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "pages.tif", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  char *contents = NULL;
  gsize length = 0;
  TIFF *tif = TIFFOpen (path, "w");
  const guint32 width = 400, height = 560;

  g_assert_nonnull (tif);
  for (int page = 0; page < 3; page++)
    {
      guint16 spp = page == 2 ? 3 : 1;
      guint16 bps = page == 0 ? 1 : 8;
      gsize row_bytes = page == 0 ? (width + 7) / 8 : width * spp;
      g_autofree guint8 *row = g_malloc (row_bytes);

      TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, width);
      TIFFSetField (tif, TIFFTAG_IMAGELENGTH, height);
      TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, bps);
      TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, spp);
      TIFFSetField (tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
      TIFFSetField (tif, TIFFTAG_PHOTOMETRIC,
                    page == 0 ? PHOTOMETRIC_MINISWHITE : page == 1 ? PHOTOMETRIC_MINISBLACK : PHOTOMETRIC_RGB);
      TIFFSetField (tif, TIFFTAG_COMPRESSION,
                    page == 0 ? COMPRESSION_CCITTFAX4 : page == 1 ? COMPRESSION_LZW : COMPRESSION_ADOBE_DEFLATE);
      TIFFSetField (tif, TIFFTAG_XRESOLUTION, 200.0);
      TIFFSetField (tif, TIFFTAG_YRESOLUTION, 200.0);
      TIFFSetField (tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
      TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, 64);
      TIFFSetField (tif, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
      TIFFSetField (tif, TIFFTAG_PAGENUMBER, page, 3);

      for (guint32 y = 0; y < height; y++)
        {
          for (gsize i = 0; i < row_bytes; i++)
            row[i] = page == 0 ? (((y / 20) % 2) ? 0x0f : 0x00)
                               : (guint8) g_rand_int_range (rand, 0, 256);
          g_assert_cmpint (TIFFWriteScanline (tif, row, y, 0), ==, 1);
        }
      g_assert_true (TIFFWriteDirectory (tif));
    }
  TIFFClose (tif);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_unlink (path);
  g_rmdir (dir);
  return g_bytes_new_take (contents, length);
}

static cairo_status_t
pdf_written_cb (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* An A4 PDF of @n_pages pages of vector text-like content. */
static GBytes *
make_pdf (guint n_pages)
{
  GByteArray *output = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (pdf_written_cb, output, 595, 842);
  cairo_t *cr = cairo_create (surface);

  for (guint i = 0; i < n_pages; i++)
    {
      cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size (cr, 12);
      for (int line = 0; line < 40; line++)
        {
          cairo_move_to (cr, 60, 80 + line * 18);
          cairo_show_text (cr, "Certificate determining the address of a real-estate object");
        }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (output);
}

static gboolean
contains (const guint8 *haystack,
          gsize         length,
          const guint8 *needle,
          gsize         needle_length)
{
  for (gsize i = 0; i + needle_length <= length; i++)
    if (haystack[i] == needle[0] && memcmp (haystack + i, needle, needle_length) == 0)
      return TRUE;
  return FALSE;
}

static GBytes *
cut (GBytes *data,
     gsize   keep)
{
  return g_bytes_new_from_bytes (data, 0, MIN (keep, g_bytes_get_size (data)));
}

/* ---- Output inspection ------------------------------------------------------- */

static PopplerDocument *
open_output (const MkImportResult *result)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (result->pdf, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, (int) result->n_pages);
  return document;
}

static void
assert_page_size (PopplerDocument *document,
                  int              index,
                  double           width,
                  double           height)
{
  PopplerPage *page = poppler_document_get_page (document, index);
  double w, h;

  poppler_page_get_size (page, &w, &h);
  g_assert_cmpfloat_with_epsilon (w, width, 0.6);
  g_assert_cmpfloat_with_epsilon (h, height, 0.6);
  g_object_unref (page);
}

typedef struct {
  int  page;
  char type[16];
  char color[16];
  int  bpc;
  char enc[16];
} ImageInfo;

/* `pdfimages -list`: how each image is stored. */
static GArray *
list_images (GBytes *pdf)
{
  g_autofree char *dir = g_dir_make_tmp ("mk-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "out.pdf", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GArray *images = g_array_new (FALSE, TRUE, sizeof (ImageInfo));
  const char *argv[] = { "pdfimages", "-list", path, NULL };
  int status = 0;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), NULL));
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_unlink (path);
  g_rmdir (dir);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 2; lines[i] != NULL; i++)
    {
      ImageInfo info = { 0 };
      int num, width, height, comp;

      if (sscanf (lines[i], "%d %d %15s %d %d %15s %d %d %15s", &info.page, &num, info.type, &width,
                  &height, info.color, &comp, &info.bpc, info.enc) == 9)
        g_array_append_val (images, info);
    }
  return images;
}

#define IMAGE(images, i) (&g_array_index ((images), ImageInfo, (i)))

static MkImportResult *
import_ok (GBytes     *data,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  MkImportResult *result = mk_import_bytes (data, name, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_true (mk_import_read_verified (result->pdf, result->sha256, NULL));
  g_assert_cmpuint (strlen (result->sha256), ==, 64);
  return result;
}

/* ---- Tests ------------------------------------------------------------------- */

static void
test_sniff (void)
{
  static const struct {
    const char   *bytes;
    gsize         length;
    MkImportKind  kind;
  } magic[] = {
    { "%PDF-1.7\n", 9, MK_IMPORT_KIND_PDF },
    { "\xef\xbb\xbf%PDF-1.4", 11, MK_IMPORT_KIND_PDF },
    { "\xff\xd8\xff\xe0", 4, MK_IMPORT_KIND_JPEG },
    { "\x89PNG\r\n\x1a\n", 8, MK_IMPORT_KIND_PNG },
    { "II*\0", 4, MK_IMPORT_KIND_TIFF },
    { "MM\0*", 4, MK_IMPORT_KIND_TIFF },
    { "GIF89a", 6, MK_IMPORT_KIND_UNKNOWN },
    { "PK\x03\x04", 4, MK_IMPORT_KIND_UNKNOWN },
    { "\xff\xd8", 2, MK_IMPORT_KIND_UNKNOWN },
    { "", 0, MK_IMPORT_KIND_UNKNOWN },
  };
  static const struct {
    const char   *name;
    MkImportKind  kind;
  } names[] = {
    { "passport.PDF", MK_IMPORT_KIND_PDF },
    { "act.jpeg", MK_IMPORT_KIND_JPEG },
    { "plan.JPG", MK_IMPORT_KIND_JPEG },
    { "scan.tif", MK_IMPORT_KIND_TIFF },
    { "scan.tiff", MK_IMPORT_KIND_TIFF },
    { "map.png", MK_IMPORT_KIND_PNG },
    { "letter.docx", MK_IMPORT_KIND_UNKNOWN },
    { "no-extension", MK_IMPORT_KIND_UNKNOWN },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (magic); i++)
    g_assert_cmpint (mk_import_sniff ((const guint8 *) magic[i].bytes, magic[i].length), ==, magic[i].kind);
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpint (mk_import_kind_for_name (names[i].name), ==, names[i].kind);
}

/* A JPEG photo of a document goes into the PDF byte for byte. */
static void
test_jpeg_kept (void)
{
  static const struct {
    MkPageFormat format;
    const char  *color;
  } cases[] = {
    { MK_PAGE_FORMAT_GRAY8, "gray" },
    { MK_PAGE_FORMAT_RGB24, "rgb" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) jpeg = make_jpeg (cases[i].format, 1240, 1754, 150);
      g_autoptr(MkImportResult) result = import_ok (jpeg, "id-card.jpg");
      g_autoptr(GArray) images = list_images (result->pdf);
      PopplerDocument *document = open_output (result);
      gsize pdf_length, jpeg_length;
      const guint8 *pdf = g_bytes_get_data (result->pdf, &pdf_length);
      const guint8 *data = g_bytes_get_data (jpeg, &jpeg_length);

      g_assert_cmpuint (result->n_pages, ==, 1);
      /* 1240 × 1754 at 150 dpi is A4. */
      assert_page_size (document, 0, 595.2, 841.9);
      g_assert_true (contains (pdf, pdf_length, data, jpeg_length));
      g_assert_cmpuint (images->len, ==, 1);
      g_assert_cmpstr (IMAGE (images, 0)->enc, ==, "jpeg");
      g_assert_cmpstr (IMAGE (images, 0)->color, ==, cases[i].color);
      g_object_unref (document);
    }
}

/* PNG: drawings stay lossless, photos become JPEG, black and white 1-bit. */
static void
test_png (void)
{
  static const struct {
    PngKind     kind;
    const char *enc;
    int         bpc;
  } cases[] = {
    { PNG_DRAWING, "image", 8 },
    { PNG_PHOTO, "jpeg", 8 },
    { PNG_BILEVEL, "image", 1 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) png = make_png (cases[i].kind, 600, 800);
      g_autoptr(MkImportResult) result = import_ok (png, "plan.png");
      g_autoptr(GArray) images = list_images (result->pdf);

      g_test_message ("PNG case %" G_GSIZE_FORMAT ": %s, %d bpc", i, IMAGE (images, 0)->enc,
                      IMAGE (images, 0)->bpc);
      g_assert_cmpuint (result->n_pages, ==, 1);
      g_assert_cmpuint (images->len, ==, 1);
      g_assert_cmpstr (IMAGE (images, 0)->enc, ==, cases[i].enc);
      g_assert_cmpint (IMAGE (images, 0)->bpc, ==, cases[i].bpc);
    }
}

/* A multi-page TIFF becomes as many PDF pages, each stored to suit it. */
static void
test_tiff_multipage (void)
{
  g_autoptr(GBytes) tiff = make_tiff ();
  g_autoptr(MkImportResult) result = import_ok (tiff, "technical-passport.tiff");
  g_autoptr(GArray) images = list_images (result->pdf);
  PopplerDocument *document = open_output (result);

  g_assert_cmpuint (result->n_pages, ==, 3);
  for (int i = 0; i < 3; i++)
    assert_page_size (document, i, 400 * 72.0 / 200, 560 * 72.0 / 200);
  g_assert_cmpuint (images->len, ==, 3);
  g_assert_cmpint (IMAGE (images, 0)->bpc, ==, 1);
  g_assert_cmpstr (IMAGE (images, 1)->enc, ==, "jpeg");
  g_assert_cmpstr (IMAGE (images, 1)->color, ==, "gray");
  g_assert_cmpstr (IMAGE (images, 2)->enc, ==, "jpeg");
  g_assert_cmpstr (IMAGE (images, 2)->color, ==, "rgb");
  g_object_unref (document);
}

/* A PDF is checked and kept exactly as the applicant gave it. */
static void
test_pdf_kept (void)
{
  g_autoptr(GBytes) pdf = make_pdf (3);
  g_autoptr(MkImportResult) result = import_ok (pdf, "resolution.pdf");

  g_assert_cmpuint (result->n_pages, ==, 3);
  g_assert_true (g_bytes_equal (result->pdf, pdf));
}

/* A grey scan of text with a photo pasted in: a smooth gradient with
 * sensor noise over [@x0, @x1) × [@y0, @y1). */
static void
paste_photo (MkPage *page,
             guint   x0,
             guint   y0,
             guint   x1,
             guint   y1)
{
  guint8 *pixels = (guint8 *) g_bytes_get_data (mk_page_get_data (page), NULL);
  gsize stride = mk_page_get_stride (page);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint y = y0; y < y1; y++)
    for (guint x = x0; x < x1; x++)
      pixels[y * stride + x] = (guint8) (60 + 120 * (x - x0) / (x1 - x0) + g_rand_int_range (rand, -5, 6));
}

/* Mean grey of a rectangle of @page (in PDF points) as poppler draws it at 72 dpi. */
static double
rendered_grey (PopplerDocument *document,
               int              index,
               int              x0,
               int              y0,
               int              x1,
               int              y1)
{
  PopplerPage *page = poppler_document_get_page (document, index);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 596, 842);
  cairo_t *cr = cairo_create (surface);
  const guint8 *data;
  int stride;
  double sum = 0;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      sum += data[y * stride + 4 * x];  /* blue = grey */
  cairo_surface_destroy (surface);
  g_object_unref (page);
  return sum / ((x1 - x0) * (y1 - y0));
}

/* Scanned pages: the text of a grey scan → a 1-bit layer, its photos →
 * JPEG; line art → 1-bit. */
static void
test_scanned_pages (void)
{
  g_autoptr(MkPageList) pages = mk_page_list_new ();
  g_autoptr(MkPage) grey = make_page (MK_PAGE_FORMAT_GRAY8, 2480, 3508, 300, 1);
  g_autoptr(MkPage) with_photo = make_page (MK_PAGE_FORMAT_GRAY8, 2480, 3508, 300, 2);
  g_autoptr(MkPage) lineart = NULL;
  g_autoptr(GBytes) lineart_bits = NULL;
  g_autoptr(MkImportResult) result = NULL;
  g_autoptr(GArray) images = NULL;
  g_autoptr(GError) error = NULL;
  gsize stride = (1240 + 7) / 8 + 3;  /* scanners pad rows */
  guint8 *bits = g_malloc0 (stride * 1754);
  PopplerDocument *document;
  double photo_left, photo_right, text, text_only;

  for (gsize y = 0; y < 1754; y++)
    for (gsize x = 0; x < stride; x++)
      bits[y * stride + x] = (y / 10) % 2 ? 0xf0 : 0x00;
  lineart_bits = g_bytes_new_take (bits, stride * 1754);
  lineart = mk_page_new (MK_PAGE_FORMAT_GRAY1, 1240, 1754, stride, 150, lineart_bits);
  /* 85 × 54 mm, an identity card's copy, 1 inch from the top left corner. */
  paste_photo (with_photo, 300, 300, 300 + 1004, 300 + 638);

  mk_page_list_append (pages, grey);
  mk_page_list_append (pages, lineart);
  mk_page_list_append (pages, with_photo);
  result = mk_import_pages (pages, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_pages, ==, 3);
  g_assert_true (mk_import_read_verified (result->pdf, result->sha256, NULL));

  document = open_output (result);
  for (int i = 0; i < 3; i++)
    assert_page_size (document, i, 595.2, 841.9);
  /* The photo keeps its tones (72 to 168 after levels, left to right);
   * the text stays dark where it was drawn. */
  photo_left = rendered_grey (document, 2, 80, 80, 100, 200);
  photo_right = rendered_grey (document, 2, 290, 80, 310, 200);
  text = rendered_grey (document, 2, 100, 400, 500, 700);
  text_only = rendered_grey (document, 0, 100, 400, 500, 700);
  g_test_message ("photo %.0f … %.0f, text area %.0f", photo_left, photo_right, text);
  g_assert_cmpfloat (photo_left, >, 20);
  g_assert_cmpfloat (photo_left, <, photo_right - 40);
  g_assert_cmpfloat (photo_right, <, 235);
  g_assert_cmpfloat (text, <, text_only + 8);
  g_assert_cmpfloat (text, >, text_only - 8);
  g_assert_cmpfloat (text, <, 235);
  g_object_unref (document);

  images = list_images (result->pdf);
  g_assert_cmpuint (images->len, ==, 4);
  /* Text only: one 1-bit layer, no JPEG. */
  g_assert_cmpint (IMAGE (images, 0)->page, ==, 1);
  g_assert_cmpstr (IMAGE (images, 0)->type, ==, "stencil");
  g_assert_cmpint (IMAGE (images, 0)->bpc, ==, 1);
  g_assert_cmpint (IMAGE (images, 1)->page, ==, 2);
  g_assert_cmpint (IMAGE (images, 1)->bpc, ==, 1);
  g_assert_cmpstr (IMAGE (images, 1)->enc, !=, "jpeg");
  /* Text and a photo: the photo in grey JPEG, the text over it. */
  g_assert_cmpint (IMAGE (images, 2)->page, ==, 3);
  g_assert_cmpstr (IMAGE (images, 2)->enc, ==, "jpeg");
  g_assert_cmpstr (IMAGE (images, 2)->color, ==, "gray");
  g_assert_cmpint (IMAGE (images, 3)->page, ==, 3);
  g_assert_cmpstr (IMAGE (images, 3)->type, ==, "stencil");
  /* Compressed: far below the 8.7 MB of raw pixels (bench-import measures the real figure). */
  g_assert_cmpuint (g_bytes_get_size (result->pdf), <, 2480 * 3508 / 4);
}

/* Reorder, rotate, delete, replace before the PDF is written. */
static void
test_page_operations (void)
{
  g_autoptr(MkPageList) pages = mk_page_list_new ();
  g_autoptr(MkImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PopplerDocument *document;

  /* Pages told apart by size: 100, 200, 300 and 400 px wide at 72 dpi. */
  for (guint i = 1; i <= 4; i++)
    {
      g_autoptr(MkPage) page = make_page (MK_PAGE_FORMAT_GRAY8, 100 * i, 50, 72, i);

      mk_page_list_append (pages, page);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pages)), ==, 4);

  mk_page_list_move (pages, 3, 0);              /* 400 100 200 300 */
  mk_page_list_remove (pages, 2);               /* 400 100 300 */
  mk_page_list_rotate (pages, 1, 1);            /* 400 100↻ 300 */
  mk_page_list_rotate (pages, 2, -1);           /* 400 100↻ 300↺ */
  mk_page_list_rotate (pages, 2, 1);            /* 400 100↻ 300 */
  {
    g_autoptr(MkPage) rescan = make_page (MK_PAGE_FORMAT_GRAY8, 250, 50, 72, 9);

    mk_page_list_replace (pages, 0, rescan);    /* 250 100↻ 300 */
  }
  g_assert_cmpuint (mk_page_list_get_n_pages (pages), ==, 3);
  g_assert_cmpuint (mk_page_get_rotation (mk_page_list_get_page (pages, 1)), ==, 1);
  g_assert_cmpuint (mk_page_get_rotation (mk_page_list_get_page (pages, 2)), ==, 0);

  result = mk_import_pages (pages, &error);
  g_assert_no_error (error);
  document = open_output (result);
  assert_page_size (document, 0, 250, 50);
  assert_page_size (document, 1, 50, 100);
  assert_page_size (document, 2, 300, 50);
  g_object_unref (document);

  mk_page_list_clear (pages);
  g_clear_pointer (&result, mk_import_result_free);
  result = mk_import_pages (pages, &error);
  g_assert_null (result);
  g_assert_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_NO_PAGES);
}

typedef GBytes *(*MakeBad) (void);

static GBytes *bad_empty (void) { return g_bytes_new (NULL, 0); }
static GBytes *bad_text (void) { return g_bytes_new_static ("Заявление\n", 19); }
static GBytes *bad_garbage_pdf (void) { return g_bytes_new_static ("not a pdf at all", 16); }
static GBytes *bad_png_named_jpg (void) { return make_png (PNG_DRAWING, 40, 40); }
static GBytes *bad_jpeg_named_pdf (void) { return make_jpeg (MK_PAGE_FORMAT_GRAY8, 40, 40, 150); }

static GBytes *
bad_truncated_jpeg (void)
{
  g_autoptr(GBytes) jpeg = make_jpeg (MK_PAGE_FORMAT_RGB24, 400, 400, 150);
  return cut (jpeg, g_bytes_get_size (jpeg) / 2);
}

static GBytes *
bad_truncated_png (void)
{
  g_autoptr(GBytes) png = make_png (PNG_PHOTO, 300, 300);
  return cut (png, g_bytes_get_size (png) / 2);
}

static GBytes *
bad_truncated_png_tail (void)
{
  g_autoptr(GBytes) png = make_png (PNG_PHOTO, 300, 300);
  return cut (png, g_bytes_get_size (png) - 6);
}

static GBytes *
bad_truncated_tiff (void)
{
  g_autoptr(GBytes) tiff = make_tiff ();
  return cut (tiff, g_bytes_get_size (tiff) * 2 / 3);
}

static GBytes *
bad_truncated_pdf (void)
{
  g_autoptr(GBytes) pdf = make_pdf (2);
  return cut (pdf, g_bytes_get_size (pdf) / 2);
}

static GBytes *
bad_encrypted_pdf (void)
{
  /* tests/import/encrypted.pdf: qpdf --encrypt secret owner 256 (AES-256, user password). */
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "import", "encrypted.pdf", NULL);
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (contents, length);
}

static GBytes *bad_oversized (void) { return make_jpeg (MK_PAGE_FORMAT_GRAY8, 200, 200, 150); }

/* A one-page PDF whose catalog and page carry @catalog_extra and @page_extra
 * (objects 4 and 5 are free for them), with a correct cross-reference table. */
static GBytes *
hand_pdf (const char *catalog_extra,
          const char *page_extra,
          const char *object_4,
          const char *object_5)
{
  const char *objects[5];
  GString *pdf = g_string_new ("%PDF-1.7\n");
  gsize offsets[5];
  g_autofree char *catalog = g_strdup_printf ("<< /Type /Catalog /Pages 2 0 R %s >>", catalog_extra);
  g_autofree char *page = g_strdup_printf ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] %s >>",
                                           page_extra);
  gsize xref;

  objects[0] = catalog;
  objects[1] = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
  objects[2] = page;
  objects[3] = object_4;
  objects[4] = object_5;
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      offsets[i] = pdf->len;
      g_string_append_printf (pdf, "%u 0 obj\n%s\nendobj\n", i + 1, objects[i]);
    }
  xref = pdf->len;
  g_string_append (pdf, "xref\n0 6\n0000000000 65535 f \n");
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", offsets[i]);
  g_string_append_printf (pdf, "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n", xref);
  return g_string_free_to_bytes (pdf);
}

static GBytes *
bad_javascript_pdf (void)
{
  return hand_pdf ("/Names << /JavaScript << /Names [(go) 4 0 R] >> >>", "",
                   "<< /S /JavaScript /JS (app.alert\\(1\\)) >>", "<< >>");
}

static GBytes *
bad_embedded_pdf (void)
{
  return hand_pdf ("/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>", "",
                   "<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>",
                   "<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream");
}

static GBytes *
bad_launch_pdf (void)
{
  return hand_pdf ("", "/Annots [4 0 R]",
                   "<< /Type /Annot /Subtype /Link /Rect [0 0 595 842] /A 5 0 R >>",
                   "<< /S /Launch /F (cmd.exe) >>");
}

static GBytes *
plain_hand_pdf (void)
{
  return hand_pdf ("", "", "<< >>", "<< >>");
}

/* #13: a PDF that could run something when opened, or carries files, is
 * refused with the reason; the same file without them is accepted. */
static void
test_active_content (void)
{
  MakeBad makers[] = { bad_javascript_pdf, bad_embedded_pdf, bad_launch_pdf };
  g_autoptr(GBytes) plain = plain_hand_pdf ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MkImportResult) accepted = mk_import_bytes (plain, "plain.pdf", 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (accepted);
  for (gsize i = 0; i < G_N_ELEMENTS (makers); i++)
    {
      g_autoptr(GBytes) data = makers[i] ();
      g_autoptr(GError) refused = NULL;
      g_autoptr(MkImportResult) result = mk_import_bytes (data, "act.pdf", 0, &refused);

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, refused != NULL ? refused->message : "(accepted)");
      g_assert_null (result);
      g_assert_error (refused, MK_IMPORT_ERROR, MK_IMPORT_ERROR_ACTIVE_CONTENT);
      g_assert_nonnull (strstr (refused->message, "act.pdf"));
    }
}

/* #13: decompression bombs are refused from their headers, with the limit
 * they pass, before a single page is decoded. */
typedef GBytes *(*MakeBomb) (void);

static GBytes *bomb_200_huge_pages (void) { return bomb_tiff (200, 10000, 10000, 1, 8, BOMB_WHITE, 300); }
static GBytes *bomb_101_pages (void) { return bomb_tiff (101, 100, 100, 1, 8, BOMB_WHITE, 300); }
static GBytes *bomb_50_a4_600 (void) { return bomb_tiff (50, 4961, 7016, 1, 8, BOMB_WHITE, 600); }
static GBytes *bomb_a3_600 (void) { return bomb_tiff (1, 7016, 9921, 3, 8, BOMB_WHITE, 600); }
static GBytes *bomb_png_wide (void) { return bomb_png (30000, 2600, 2, 8, FALSE, BOMB_WHITE, FALSE); }
static GBytes *bomb_png_rgba16 (void) { return bomb_png (20000, 20000, 6, 16, TRUE, BOMB_WHITE, FALSE); }
static GBytes *bomb_pdf_101 (void) { return bomb_pdf (101); }

static void
test_bombs (void)
{
  static const struct {
    const char    *name;
    MakeBomb       make;
    MkImportError  code;
    const char    *says;   /* the limit the message names */
  } cases[] = {
    { "technical-passport.tif", bomb_200_huge_pages, MK_IMPORT_ERROR_TOO_LARGE, "36 megapixels" },
    { "technical-passport.tif", bomb_101_pages, MK_IMPORT_ERROR_TOO_MANY_PAGES, "100" },
    { "technical-passport.tif", bomb_50_a4_600, MK_IMPORT_ERROR_TOO_LARGE, "1000 megapixels" },
    { "plan.tif", bomb_a3_600, MK_IMPORT_ERROR_TOO_LARGE, "36 megapixels" },
    { "plan.png", bomb_png_wide, MK_IMPORT_ERROR_TOO_LARGE, "36 megapixels" },
    { "plan.png", bomb_png_rgba16, MK_IMPORT_ERROR_TOO_LARGE, "36 megapixels" },
    { "decision.pdf", bomb_pdf_101, MK_IMPORT_ERROR_TOO_MANY_PAGES, "100" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) data = cases[i].make ();
      g_autoptr(GError) error = NULL;
      g_autoptr(MkImportResult) result = NULL;
      guint decoded = mk_import_get_pages_decoded ();

      result = mk_import_bytes (data, cases[i].name, 0, &error);
      g_test_message ("bomb %" G_GSIZE_FORMAT " (%s, %" G_GSIZE_FORMAT " bytes): %s", i, cases[i].name,
                      g_bytes_get_size (data), error != NULL ? error->message : "(accepted)");
      g_assert_null (result);
      g_assert_error (error, MK_IMPORT_ERROR, (int) cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].name));
      g_assert_nonnull (strstr (error->message, cases[i].says));
      /* Refused from the headers: not one page was decoded. */
      g_assert_cmpuint (mk_import_get_pages_decoded (), ==, decoded);

      /* Reading a QR code from the file meets the same limits. */
      if (!g_str_has_suffix (cases[i].name, ".pdf"))
        {
          g_autoptr(GError) qr_error = NULL;
          g_autoptr(MkPage) first = mk_import_decode_first (data, cases[i].name, 0, &qr_error);

          g_assert_null (first);
          g_assert_error (qr_error, MK_IMPORT_ERROR, (int) cases[i].code);
          g_assert_cmpuint (mk_import_get_pages_decoded (), ==, decoded);
        }
    }
}

/* At the limits, honest files are accepted: 100 pages, a PDF of 100 pages,
 * and a 300 dpi A4 scan of several pages in grey and line art, every page
 * decoded once and stored the right way up and the right way round. */
static void
test_limits_accepted (void)
{
  g_autoptr(GBytes) pages_100 = bomb_tiff (100, 100, 100, 1, 8, BOMB_WHITE, 300);
  g_autoptr(GBytes) pdf_100 = bomb_pdf (100);
  g_autoptr(GBytes) grey = bomb_tiff (3, 2480, 3508, 1, 8, BOMB_NOISY, 300);
  g_autoptr(GBytes) lineart = bomb_tiff (4, 2480, 3508, 1, 1, BOMB_TEXT, 300);
  g_autoptr(MkImportResult) result = NULL;
  PopplerDocument *document;
  guint decoded;

  result = import_ok (pages_100, "technical-passport.tif");
  g_assert_cmpuint (result->n_pages, ==, 100);
  g_clear_pointer (&result, mk_import_result_free);
  result = import_ok (pdf_100, "decision.pdf");
  g_assert_cmpuint (result->n_pages, ==, 100);
  g_clear_pointer (&result, mk_import_result_free);

  for (int i = 0; i < 2; i++)
    {
      decoded = mk_import_get_pages_decoded ();
      result = import_ok (i == 0 ? grey : lineart, "title-deed.tif");
      g_assert_cmpuint (result->n_pages, ==, i == 0 ? 3 : 4);
      g_assert_cmpuint (mk_import_get_pages_decoded () - decoded, ==, result->n_pages);
      document = open_output (result);
      for (int p = 0; p < (int) result->n_pages; p++)
        assert_page_size (document, p, 595.2, 841.9);
      /* The margin is paper, the lines of letters ink. */
      g_assert_cmpfloat (rendered_grey (document, 0, 5, 100, 50, 700), >, 250);
      g_assert_cmpfloat (rendered_grey (document, 0, 100, 100, 500, 700), <, 240);
      g_object_unref (document);
      g_clear_pointer (&result, mk_import_result_free);
    }
}

/* A layout libtiff cannot give row by row (16-bit grey here) is read in
 * chunks of strips; a file stored bottom-up comes out the right way up. */
static void
test_tiff_chunks (void)
{
  const guint32 width = 2000, height = 5000;

  for (int flipped = 0; flipped < 2; flipped++)
    {
      g_autofree char *dir = g_dir_make_tmp ("mk-import-XXXXXX", NULL);
      g_autofree char *path = g_build_filename (dir, "plan.tif", NULL);
      g_autofree guint16 *row = g_new (guint16, width);
      g_autoptr(GBytes) tiff = NULL;
      g_autoptr(MkPageList) pages = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree guint8 *grey = NULL;
      char *contents = NULL;
      gsize length = 0, stride = 0;
      TIFF *tif = TIFFOpen (path, "w");

      TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, width);
      TIFFSetField (tif, TIFFTAG_IMAGELENGTH, height);
      TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 16);
      TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, 1);
      TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
      TIFFSetField (tif, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
      TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, 7);
      TIFFSetField (tif, TIFFTAG_ORIENTATION, flipped ? ORIENTATION_BOTLEFT : ORIENTATION_TOPLEFT);
      for (guint32 y = 0; y < height; y++)
        {
          for (guint32 x = 0; x < width; x++)
            row[x] = (guint16) (((y * 37) % 256) * 257);
          g_assert_cmpint (TIFFWriteScanline (tif, row, y, 0), ==, 1);
        }
      TIFFClose (tif);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_unlink (path);
      g_rmdir (dir);
      tiff = g_bytes_new_take (contents, length);

      pages = mk_import_decode (tiff, "plan.tif", 0, &error);
      g_assert_no_error (error);
      grey = mk_import_page_grey (mk_page_list_get_page (pages, 0), &stride, &error);
      g_assert_no_error (error);
      for (guint32 y = 0; y < height; y++)
        {
          guint32 file_row = flipped ? height - 1 - y : y;

          g_assert_cmpuint (grey[(gsize) y * stride], ==, (file_row * 37) % 256);
          g_assert_cmpuint (grey[(gsize) y * stride + width - 1], ==, (file_row * 37) % 256);
        }
    }
}

/* Every kind of bad file is refused with its own error, and nothing is produced. */
static void
test_bad_files (void)
{
  static const struct {
    const char    *name;
    MakeBad        make;
    gsize          max_size;
    MkImportError  code;
  } cases[] = {
    { "empty.pdf", bad_empty, 0, MK_IMPORT_ERROR_EMPTY },
    { "application.txt", bad_text, 0, MK_IMPORT_ERROR_UNSUPPORTED },
    { NULL, bad_text, 0, MK_IMPORT_ERROR_UNSUPPORTED },
    { "passport.pdf", bad_garbage_pdf, 0, MK_IMPORT_ERROR_WRONG_EXTENSION },
    { "photo.jpg", bad_png_named_jpg, 0, MK_IMPORT_ERROR_WRONG_EXTENSION },
    { "act.pdf", bad_jpeg_named_pdf, 0, MK_IMPORT_ERROR_WRONG_EXTENSION },
    { "photo.jpg", bad_truncated_jpeg, 0, MK_IMPORT_ERROR_CORRUPT },
    { "plan.png", bad_truncated_png, 0, MK_IMPORT_ERROR_CORRUPT },
    { "plan.png", bad_truncated_png_tail, 0, MK_IMPORT_ERROR_CORRUPT },
    { "scan.tif", bad_truncated_tiff, 0, MK_IMPORT_ERROR_CORRUPT },
    { "resolution.pdf", bad_truncated_pdf, 0, MK_IMPORT_ERROR_CORRUPT },
    { "locked.pdf", bad_encrypted_pdf, 0, MK_IMPORT_ERROR_ENCRYPTED },
    { "big.jpg", bad_oversized, 100, MK_IMPORT_ERROR_TOO_LARGE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) data = cases[i].make ();
      g_autoptr(GError) error = NULL;
      g_autoptr(MkImportResult) result = mk_import_bytes (data, cases[i].name, cases[i].max_size, &error);

      g_test_message ("case %" G_GSIZE_FORMAT " (%s): %s", i, cases[i].name,
                      error != NULL ? error->message : "(accepted)");
      g_assert_null (result);
      g_assert_error (error, MK_IMPORT_ERROR, (int) cases[i].code);
      g_assert_cmpstr (error->message, !=, "");
    }
}

/* §9: a stored attachment that was altered is refused when read back. */
static void
test_digest (void)
{
  g_autoptr(GBytes) pdf = make_pdf (1);
  g_autoptr(MkImportResult) result = import_ok (pdf, "resolution.pdf");
  g_autoptr(GError) error = NULL;
  g_autofree char *upper = g_ascii_strup (result->sha256, -1);
  g_autofree char *expected = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  g_autoptr(GBytes) altered = NULL;

  g_assert_cmpstr (result->sha256, ==, expected);
  g_assert_true (mk_import_read_verified (result->pdf, upper, &error));
  g_assert_no_error (error);

  copy[g_bytes_get_size (pdf) / 2] ^= 0x01;
  altered = g_bytes_new (copy, g_bytes_get_size (pdf));
  g_assert_false (mk_import_read_verified (altered, result->sha256, &error));
  g_assert_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_DIGEST_MISMATCH);
}

static void
import_file_done_cb (GObject      *source,
                     GAsyncResult *res,
                     gpointer      user_data)
{
  MkImportResult **result = user_data;
  g_autoptr(GError) error = NULL;

  *result = mk_import_file_finish (res, &error);
  g_assert_no_error (error);
}

/* Files are read and converted off the main thread; oversized ones are not read at all. */
static void
test_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mk-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "plan.png", NULL);
  g_autoptr(GBytes) png = make_png (PNG_DRAWING, 300, 200);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  MkImportResult *result = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL), (gssize) g_bytes_get_size (png), NULL));

  mk_import_file_async (file, 0, NULL, import_file_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (result->n_pages, ==, 1);
  mk_import_result_free (result);

  g_assert_null (mk_import_file (file, 64, NULL, &error));
  g_assert_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_TOO_LARGE);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import/sniff", test_sniff);
  g_test_add_func ("/import/jpeg-kept", test_jpeg_kept);
  g_test_add_func ("/import/png", test_png);
  g_test_add_func ("/import/tiff-multipage", test_tiff_multipage);
  g_test_add_func ("/import/pdf-kept", test_pdf_kept);
  g_test_add_func ("/import/scanned-pages", test_scanned_pages);
  g_test_add_func ("/import/page-operations", test_page_operations);
  g_test_add_func ("/import/bad-files", test_bad_files);
  g_test_add_func ("/import/bombs-s13", test_bombs);
  g_test_add_func ("/import/limits-accepted", test_limits_accepted);
  g_test_add_func ("/import/tiff-chunks", test_tiff_chunks);
  g_test_add_func ("/import/active-content-s13", test_active_content);
  g_test_add_func ("/import/digest", test_digest);
  g_test_add_func ("/import/file", test_file);

  return g_test_run ();
}
