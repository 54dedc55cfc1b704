/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sniffing, fully decoding and storing applicants' documents as one compressed PDF each. */

#define G_LOG_DOMAIN "mk-import"

#include "mk-import.h"
#include "mk-import-private.h"
#include "mk-file.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <jpeglib.h>
#include <jerror.h>
#include <png.h>
#include <poppler.h>
#include <tiffio.h>

G_DEFINE_QUARK (mk-import-error-quark, mk_import_error)

/* #13: limits against decompression bombs, all checked on the headers
 * before a pixel is decoded, so that an import stays under about 300 MB of
 * memory and a bounded time whatever the file.
 *
 * Pages of a file: the documents of §11 are an application, a title
 * document, a decision, a technical passport, a power of attorney, an
 * identity card; the longest, a technical passport, runs to a few dozen
 * pages. 100 leaves room for a bound volume; a file of more is not one
 * applicant's document. */
#define MAX_PAGES 100
/* Pixels of a page: an A4 page at 600 dpi is 4961 × 7016 = 34.8 Mpx (so is
 * A3 at 420 dpi or A2 at 300 dpi). A3 at 600 dpi (70 Mpx) is refused: no
 * document needs it, and the costliest page, a grey scan whose text and
 * photos are told apart, takes about 4 bytes a pixel while it is stored
 * (draw_page), which at 70 Mpx alone is near the whole budget. */
#define MAX_SIDE        30000
#define MAX_PAGE_PIXELS ((guint64) 36 * 1000 * 1000)
#define PAGE_LIMIT_MPX  36
/* Pixels of a file: 100 A4 pages at 300 dpi (870 Mpx) fit, or 28 at 600
 * dpi. The time of an import and the size of the stored PDF grow with it. */
#define MAX_FILE_PIXELS ((guint64) 1000 * 1000 * 1000)
#define FILE_LIMIT_MPX  1000
/* Storing a page without loss costs cairo's copy of it (4 bytes a pixel) and
 * its PDF writer's (3 more): past A3 at 300 dpi (17.4 Mpx) drawings are
 * stored as JPEG too. */
#define MAX_LOSSLESS_PIXELS ((guint64) 18 * 1000 * 1000)
/* Optimised Huffman tables make libjpeg hold all of a page's coefficients
 * (2 bytes a sample): worth it up to an A4 page at 350 dpi. */
#define MAX_OPTIMIZED_JPEG_PIXELS ((guint64) 12 * 1000 * 1000)
/* What libjpeg may allocate checking a JPEG: a progressive one holds all of
 * its coefficients, 2 to 6 bytes a pixel; more is refused, not swapped. */
#define JPEG_MAX_MEMORY (160L * 1000 * 1000)
/* A TIFF page that libtiff cannot give row by row is converted in chunks of
 * whole strips or tiles of about this many bytes of RGBA. */
#define TIFF_CHUNK_BYTES ((gsize) 16 * 1024 * 1024)
/* libtiff's largest single buffer (a strip or tile): a whole uncompressed
 * 8-bit colour A4 page at 600 dpi is 104 MB. */
#define TIFF_MAX_ALLOC ((tmsize_t) 128 * 1024 * 1024)

/* A page image without a usable resolution is assumed to be a 300 dpi scan. */
#define DEFAULT_DPI 300
/* A4 in inches, for fitting photos without a resolution onto a printable page. */
#define A4_WIDTH_IN  (210.0 / 25.4)
#define A4_HEIGHT_IN (297.0 / 25.4)

G_DEFINE_BOXED_TYPE (MkImportResult, mk_import_result, mk_import_result_copy, mk_import_result_free)

MkImportResult *
mk_import_result_copy (const MkImportResult *result)
{
  MkImportResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = g_new0 (MkImportResult, 1);
  copy->pdf = result->pdf != NULL ? g_bytes_ref (result->pdf) : NULL;
  copy->n_pages = result->n_pages;
  copy->sha256 = g_strdup (result->sha256);

  return copy;
}

void
mk_import_result_free (MkImportResult *result)
{
  if (result == NULL)
    return;

  g_clear_pointer (&result->pdf, g_bytes_unref);
  g_free (result->sha256);
  g_free (result);
}

static MkImportResult *
result_new (GBytes *pdf,
            guint   n_pages)
{
  MkImportResult *result = g_new0 (MkImportResult, 1);

  result->pdf = g_bytes_ref (pdf);
  result->n_pages = n_pages;
  result->sha256 = mk_import_digest (pdf);

  return result;
}

static const char *
kind_name (MkImportKind kind)
{
  switch (kind)
    {
    case MK_IMPORT_KIND_PDF:
      return "PDF";
    case MK_IMPORT_KIND_JPEG:
      return "JPEG";
    case MK_IMPORT_KIND_PNG:
      return "PNG";
    case MK_IMPORT_KIND_TIFF:
      return "TIFF";
    case MK_IMPORT_KIND_UNKNOWN:
    default:
      return "?";
    }
}

static const char *
display_name (const char *filename)
{
  return filename != NULL ? filename : _("the file");
}

/* ---- Sniffing ------------------------------------------------------------ */

/**
 * mk_import_sniff:
 * @data: the first bytes of a file (all of it is fine)
 * @length: their number
 *
 * Returns: the kind of content, judged by magic bytes alone
 */
MkImportKind
mk_import_sniff (const guint8 *data,
                 gsize         length)
{
  static const guint8 png_magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  gsize limit;

  g_return_val_if_fail (data != NULL || length == 0, MK_IMPORT_KIND_UNKNOWN);

  if (length >= 8 && memcmp (data, png_magic, 8) == 0)
    return MK_IMPORT_KIND_PNG;
  if (length >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return MK_IMPORT_KIND_JPEG;
  if (length >= 4 &&
      ((data[0] == 'I' && data[1] == 'I' && (data[2] == 42 || data[2] == 43) && data[3] == 0) ||
       (data[0] == 'M' && data[1] == 'M' && data[2] == 0 && (data[3] == 42 || data[3] == 43))))
    return MK_IMPORT_KIND_TIFF;

  /* Readers accept a PDF header anywhere in the first kilobyte (some
   * scanners' software writes junk before it). */
  limit = MIN (length, 1024);
  for (gsize i = 0; i + 5 <= limit; i++)
    if (memcmp (data + i, "%PDF-", 5) == 0)
      return MK_IMPORT_KIND_PDF;

  return MK_IMPORT_KIND_UNKNOWN;
}

/**
 * mk_import_kind_for_name:
 * @filename: (nullable): a file name
 *
 * Returns: the kind the extension claims, or %MK_IMPORT_KIND_UNKNOWN
 */
MkImportKind
mk_import_kind_for_name (const char *filename)
{
  static const struct {
    const char   *ext;
    MkImportKind  kind;
  } exts[] = {
    { ".pdf", MK_IMPORT_KIND_PDF },
    { ".jpg", MK_IMPORT_KIND_JPEG },
    { ".jpeg", MK_IMPORT_KIND_JPEG },
    { ".jpe", MK_IMPORT_KIND_JPEG },
    { ".jfif", MK_IMPORT_KIND_JPEG },
    { ".png", MK_IMPORT_KIND_PNG },
    { ".tif", MK_IMPORT_KIND_TIFF },
    { ".tiff", MK_IMPORT_KIND_TIFF },
  };
  const char *dot;

  if (filename == NULL)
    return MK_IMPORT_KIND_UNKNOWN;

  dot = strrchr (filename, '.');
  if (dot == NULL || strchr (dot, '/') != NULL)
    return MK_IMPORT_KIND_UNKNOWN;

  for (gsize i = 0; i < G_N_ELEMENTS (exts); i++)
    if (g_ascii_strcasecmp (dot, exts[i].ext) == 0)
      return exts[i].kind;

  return MK_IMPORT_KIND_UNKNOWN;
}

/* For tests (mk-import-private.h): pages whose decoding began. */
static gint pages_decoded;

guint
mk_import_get_pages_decoded (void)
{
  return (guint) g_atomic_int_get (&pages_decoded);
}

/* #13: the size of one page, from its header; @page_number is 0 for a
 * single image. */
static gboolean
check_page_size (guint64      width,
                 guint64      height,
                 guint        page_number,
                 const char  *filename,
                 GError     **error)
{
  if (width == 0 || height == 0)
    {
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_CORRUPT,
                   _("The image in %s has no pixels."), display_name (filename));
      return FALSE;
    }
  if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PAGE_PIXELS)
    {
      if (page_number == 0)
        g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_TOO_LARGE,
                     _("The image in %s is too large to be a scan (%llu × %llu pixels); "
                       "the limit is %u megapixels, an A4 page at 600 dpi."),
                     display_name (filename), (unsigned long long) width, (unsigned long long) height,
                     PAGE_LIMIT_MPX);
      else
        g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_TOO_LARGE,
                     _("Page %u of %s is too large to be a scan (%llu × %llu pixels); "
                       "the limit is %u megapixels, an A4 page at 600 dpi."),
                     page_number, display_name (filename), (unsigned long long) width,
                     (unsigned long long) height, PAGE_LIMIT_MPX);
      return FALSE;
    }
  return TRUE;
}

static void
set_too_many_pages (const char  *filename,
                    GError     **error)
{
  g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_TOO_MANY_PAGES,
               g_dngettext (GETTEXT_PACKAGE,
                            "%s has more than %u page, more than an applicant's document has. "
                            "Attach it as several files.",
                            "%s has more than %u pages, more than an applicant's document has. "
                            "Attach it as several files.", MAX_PAGES),
               display_name (filename), MAX_PAGES);
}

/* A resolution that makes sense for a document; otherwise fit the image to A4. */
static guint
choose_dpi (double  dpi,
            guint   width,
            guint   height)
{
  double fit;

  if (dpi >= 50 && dpi <= 2400)
    return (guint) lround (dpi);

  fit = MAX (MIN (width, height) / A4_WIDTH_IN, MAX (width, height) / A4_HEIGHT_IN);
  return MAX (DEFAULT_DPI, (guint) ceil (fit));
}

/* ---- Content classification ---------------------------------------------- */

/* Line art, few colours or photo: decides how a decoded image is stored. */
static MkPage *
page_from_pixels (MkPageFormat  format,
                  guint         width,
                  guint         height,
                  gsize         stride,
                  guint         dpi,
                  guint8       *pixels)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MkPage) page = NULL;
  gboolean bilevel = TRUE;
  /* #13: a large page is never stored without loss (MAX_LOSSLESS_PIXELS). */
  gboolean few_colours = (guint64) width * height <= MAX_LOSSLESS_PIXELS;
  guint n_colours = 0;

  if (format == MK_PAGE_FORMAT_GRAY8)
    {
      gboolean seen[256] = { FALSE };

      for (guint y = 0; y < height && (bilevel || few_colours); y++)
        {
          const guint8 *row = pixels + y * stride;

          for (guint x = 0; x < width; x++)
            {
              if (row[x] != 0 && row[x] != 255)
                bilevel = FALSE;
              if (!seen[row[x]])
                {
                  seen[row[x]] = TRUE;
                  /* A grey photo uses most levels; a drawing a handful. */
                  if (++n_colours > 32)
                    few_colours = FALSE;
                }
            }
        }

      if (bilevel)
        {
          gsize out_stride = (width + 7) / 8;
          guint8 *bits = g_malloc0 (out_stride * height);

          for (guint y = 0; y < height; y++)
            for (guint x = 0; x < width; x++)
              if (pixels[y * stride + x] == 0)
                bits[y * out_stride + x / 8] |= 0x80 >> (x % 8);

          g_free (pixels);
          bytes = g_bytes_new_take (bits, out_stride * height);
          return mk_page_new (MK_PAGE_FORMAT_GRAY1, width, height, out_stride, dpi, bytes);
        }
    }
  else
    {
      g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);

      for (guint y = 0; y < height && few_colours; y++)
        {
          const guint8 *row = pixels + y * stride;

          for (guint x = 0; x < width && few_colours; x++)
            {
              guint rgb = (guint) row[3 * x] << 16 | (guint) row[3 * x + 1] << 8 | row[3 * x + 2];

              g_hash_table_add (colours, GUINT_TO_POINTER (rgb + 1));
              if (g_hash_table_size (colours) > 256)
                few_colours = FALSE;
            }
        }
    }

  bytes = g_bytes_new_take (pixels, stride * height);
  page = mk_page_new (format, width, height, stride, dpi, bytes);
  return few_colours ? mk_page_with_lossless (page, TRUE) : g_steal_pointer (&page);
}

/* ---- JPEG ------------------------------------------------------------------ */

typedef struct {
  struct jpeg_error_mgr pub;
  jmp_buf               jump;
  gboolean              warned;
  char                  message[JMSG_LENGTH_MAX];
} JpegError;

static void
jpeg_error_exited (j_common_ptr cinfo)
{
  JpegError *err = (JpegError *) cinfo->err;

  err->pub.format_message (cinfo, err->message);
  longjmp (err->jump, 1);
}

static void
jpeg_message_emitted (j_common_ptr cinfo,
                      int          level)
{
  JpegError *err = (JpegError *) cinfo->err;

  /* Level -1 is corrupt data (e.g. "premature end of JPEG file"): libjpeg
   * would fill the rest with grey; we refuse the file instead. */
  if (level < 0 && !err->warned)
    {
      err->warned = TRUE;
      err->pub.format_message (cinfo, err->message);
    }
}

typedef struct {
  struct jpeg_decompress_struct cinfo;
  JpegError                     err;
} JpegDecoder;

static MkPage *
decode_jpeg (GBytes      *data,
             const char  *filename,
             GError     **error)
{
  g_autofree JpegDecoder *dec = g_new0 (JpegDecoder, 1);
  gsize length;
  const guint8 *bytes = g_bytes_get_data (data, &length);
  JSAMPARRAY row;
  double dpi = 0;
  guint width, height, components;

  dec->cinfo.err = jpeg_std_error (&dec->err.pub);
  dec->err.pub.error_exit = jpeg_error_exited;
  dec->err.pub.emit_message = jpeg_message_emitted;

  if (setjmp (dec->err.jump))
    {
      /* Past its memory limit libjpeg asks for a backing store, which we
       * do not give it (#13). */
      if (dec->err.pub.msg_code == JERR_NO_BACKING_STORE || dec->err.pub.msg_code == JERR_OUT_OF_MEMORY)
        g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_TOO_LARGE,
                     _("The image in %s is stored in a way that takes too much memory to read. "
                       "Save it again as an ordinary JPEG, or scan the paper."),
                     display_name (filename));
      else
        g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_CORRUPT,
                     _("%s is damaged or incomplete and cannot be read as JPEG (%s)."),
                     display_name (filename), dec->err.message);
      jpeg_destroy_decompress (&dec->cinfo);
      return NULL;
    }

  jpeg_create_decompress (&dec->cinfo);
  dec->cinfo.mem->max_memory_to_use = JPEG_MAX_MEMORY;
  jpeg_mem_src (&dec->cinfo, bytes, length);
  jpeg_read_header (&dec->cinfo, TRUE);

  if (!check_page_size (dec->cinfo.image_width, dec->cinfo.image_height, 0, filename, error))
    {
      jpeg_destroy_decompress (&dec->cinfo);
      return NULL;
    }

  if (dec->cinfo.density_unit == 1)
    dpi = dec->cinfo.X_density;
  else if (dec->cinfo.density_unit == 2)
    dpi = dec->cinfo.X_density * 2.54;

  /* Only validation: the stream itself goes into the PDF unchanged. */
  dec->cinfo.dct_method = JDCT_IFAST;
  dec->cinfo.do_fancy_upsampling = FALSE;
  g_atomic_int_inc (&pages_decoded);
  jpeg_start_decompress (&dec->cinfo);

  row = (*dec->cinfo.mem->alloc_sarray) ((j_common_ptr) &dec->cinfo, JPOOL_IMAGE,
                                         dec->cinfo.output_width * dec->cinfo.output_components, 1);
  while (dec->cinfo.output_scanline < dec->cinfo.output_height)
    jpeg_read_scanlines (&dec->cinfo, row, 1);
  jpeg_finish_decompress (&dec->cinfo);

  width = dec->cinfo.image_width;
  height = dec->cinfo.image_height;
  components = (guint) dec->cinfo.num_components;
  jpeg_destroy_decompress (&dec->cinfo);

  if (dec->err.warned)
    {
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_CORRUPT,
                   _("%s is damaged or incomplete and cannot be read as JPEG (%s)."),
                   display_name (filename), dec->err.message);
      return NULL;
    }
  if (components != 1 && components != 3 && components != 4)
    {
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_UNSUPPORTED,
                   _("%s uses a JPEG colour layout that cannot be stored."),
                   display_name (filename));
      return NULL;
    }

  return mk_page_new_jpeg (data, width, height, components, choose_dpi (dpi, width, height));
}

typedef struct {
  struct jpeg_compress_struct cinfo;
  JpegError                   err;
  unsigned char              *buffer;
  unsigned long               size;
} JpegEncoder;

static GBytes *
encode_jpeg (JpegEncoder  *enc,
             MkPage       *page,
             int           quality,
             GError      **error)
{
  const guint8 *pixels = g_bytes_get_data (mk_page_get_data (page), NULL);
  gsize stride = mk_page_get_stride (page);
  guint dpi = mk_page_get_dpi (page);

  enc->cinfo.err = jpeg_std_error (&enc->err.pub);
  enc->err.pub.error_exit = jpeg_error_exited;

  if (setjmp (enc->err.jump))
    {
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_FAILED,
                   _("The page could not be compressed (%s)."), enc->err.message);
      jpeg_destroy_compress (&enc->cinfo);
      free (enc->buffer);
      return NULL;
    }

  jpeg_create_compress (&enc->cinfo);
  jpeg_mem_dest (&enc->cinfo, &enc->buffer, &enc->size);
  enc->cinfo.image_width = mk_page_get_width (page);
  enc->cinfo.image_height = mk_page_get_height (page);
  if (mk_page_get_format (page) == MK_PAGE_FORMAT_GRAY8)
    {
      enc->cinfo.input_components = 1;
      enc->cinfo.in_color_space = JCS_GRAYSCALE;
    }
  else
    {
      enc->cinfo.input_components = 3;
      enc->cinfo.in_color_space = JCS_RGB;
    }
  jpeg_set_defaults (&enc->cinfo);
  jpeg_set_quality (&enc->cinfo, CLAMP (quality, 1, 100), TRUE);
  enc->cinfo.dct_method = JDCT_ISLOW;
  /* #13: optimised tables hold every coefficient of the page in memory. */
  enc->cinfo.optimize_coding = (guint64) enc->cinfo.image_width * enc->cinfo.image_height
                               <= MAX_OPTIMIZED_JPEG_PIXELS;
  enc->cinfo.density_unit = 1;
  enc->cinfo.X_density = (UINT16) MIN (dpi, G_MAXUINT16);
  enc->cinfo.Y_density = (UINT16) MIN (dpi, G_MAXUINT16);
  jpeg_start_compress (&enc->cinfo, TRUE);

  while (enc->cinfo.next_scanline < enc->cinfo.image_height)
    {
      JSAMPROW rows[16];
      guint n = MIN (G_N_ELEMENTS (rows), enc->cinfo.image_height - enc->cinfo.next_scanline);

      for (guint i = 0; i < n; i++)
        rows[i] = (JSAMPROW) (pixels + (enc->cinfo.next_scanline + i) * stride);
      jpeg_write_scanlines (&enc->cinfo, rows, n);
    }

  jpeg_finish_compress (&enc->cinfo);
  jpeg_destroy_compress (&enc->cinfo);

  return g_bytes_new_with_free_func (enc->buffer, enc->size, free, enc->buffer);
}

/**
 * mk_import_encode_jpeg:
 * @page: a %MK_PAGE_FORMAT_GRAY8 or %MK_PAGE_FORMAT_RGB24 page
 * @quality: 1..100
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a baseline JPEG of the page's pixels, or %NULL
 */
GBytes *
mk_import_encode_jpeg (MkPage  *page,
                       int      quality,
                       GError **error)
{
  g_autofree JpegEncoder *enc = NULL;

  g_return_val_if_fail (MK_IS_PAGE (page), NULL);
  g_return_val_if_fail (mk_page_get_format (page) == MK_PAGE_FORMAT_GRAY8 ||
                        mk_page_get_format (page) == MK_PAGE_FORMAT_RGB24, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  enc = g_new0 (JpegEncoder, 1);
  return encode_jpeg (enc, page, quality, error);
}

/* The grey pixels of a JPEG stream, decoded in full (reading a QR code). */
static guint8 *
jpeg_grey_pixels (GBytes      *data,
                  guint        width,
                  guint        height,
                  GError     **error)
{
  g_autofree JpegDecoder *dec = g_new0 (JpegDecoder, 1);
  guint8 *volatile pixels = NULL;
  gsize length;
  const guint8 *bytes = g_bytes_get_data (data, &length);

  dec->cinfo.err = jpeg_std_error (&dec->err.pub);
  dec->err.pub.error_exit = jpeg_error_exited;
  dec->err.pub.emit_message = jpeg_message_emitted;

  if (setjmp (dec->err.jump))
    {
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_CORRUPT,
                   _("%s is damaged or incomplete and cannot be read as JPEG (%s)."),
                   display_name (NULL), dec->err.message);
      jpeg_destroy_decompress (&dec->cinfo);
      g_free (pixels);
      return NULL;
    }

  jpeg_create_decompress (&dec->cinfo);
  jpeg_mem_src (&dec->cinfo, bytes, length);
  jpeg_read_header (&dec->cinfo, TRUE);
  dec->cinfo.out_color_space = JCS_GRAYSCALE;
  jpeg_start_decompress (&dec->cinfo);
  /* The page was validated with these dimensions; a changed stream is refused. */
  if (dec->cinfo.output_width != width || dec->cinfo.output_height != height
      || dec->cinfo.output_components != 1)
    {
      g_set_error_literal (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_CORRUPT,
                           _("The JPEG picture does not have the size it was checked with."));
      jpeg_destroy_decompress (&dec->cinfo);
      return NULL;
    }
  pixels = g_malloc ((gsize) width * height);
  while (dec->cinfo.output_scanline < dec->cinfo.output_height)
    {
      JSAMPROW row = pixels + (gsize) dec->cinfo.output_scanline * width;

      jpeg_read_scanlines (&dec->cinfo, &row, 1);
    }
  jpeg_finish_decompress (&dec->cinfo);
  jpeg_destroy_decompress (&dec->cinfo);
  return pixels;
}

guint8 *
mk_import_page_grey (MkPage  *page,
                     gsize   *stride,
                     GError **error)
{
  guint width, height;
  gsize src_stride;
  const guint8 *src;
  guint8 *grey;
  MkPageFormat format;

  g_return_val_if_fail (MK_IS_PAGE (page), NULL);
  g_return_val_if_fail (stride != NULL, NULL);

  width = mk_page_get_width (page);
  height = mk_page_get_height (page);
  format = mk_page_get_format (page);
  *stride = width;
  if (format == MK_PAGE_FORMAT_JPEG)
    return jpeg_grey_pixels (mk_page_get_data (page), width, height, error);

  src = g_bytes_get_data (mk_page_get_data (page), NULL);
  src_stride = mk_page_get_stride (page);
  grey = g_malloc ((gsize) width * height);
  for (guint y = 0; y < height; y++)
    {
      const guint8 *row = src + y * src_stride;
      guint8 *out = grey + (gsize) y * width;

      for (guint x = 0; x < width; x++)
        switch (format)
          {
          case MK_PAGE_FORMAT_GRAY1:
            out[x] = (row[x / 8] & (0x80 >> (x % 8))) != 0 ? 0 : 255;
            break;
          case MK_PAGE_FORMAT_GRAY8:
            out[x] = row[x];
            break;
          case MK_PAGE_FORMAT_RGB24:
          default:
            /* Rec. 601 luma, in integers. */
            out[x] = (guint8) ((299 * row[3 * x] + 587 * row[3 * x + 1] + 114 * row[3 * x + 2]) / 1000);
            break;
          }
    }
  return grey;
}

/* ---- PNG ------------------------------------------------------------------- */

static MkPage *
decode_png (GBytes      *data,
            const char  *filename,
            GError     **error)
{
  static const guint8 iend[12] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82 };
  png_image image = { 0 };
  png_color white = { 255, 255, 255 };
  gsize length;
  const guint8 *bytes = g_bytes_get_data (data, &length);
  g_autofree guint8 *pixels = NULL;
  gboolean colour;
  gsize stride;

  /* The simplified reader stops after the image data; a file cut short after
   * it would pass, so insist on the closing chunk too. */
  if (length < sizeof iend || memcmp (bytes + length - sizeof iend, iend, sizeof iend) != 0)
    {
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_CORRUPT,
                   _("%s is damaged or incomplete and cannot be read as PNG (%s)."),
                   display_name (filename), _("the file does not end properly"));
      return NULL;
    }

  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory (&image, bytes, length))
    {
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_CORRUPT,
                   _("%s is damaged or incomplete and cannot be read as PNG (%s)."),
                   display_name (filename), image.message);
      png_image_free (&image);
      return NULL;
    }

  if (!check_page_size (image.width, image.height, 0, filename, error))
    {
      png_image_free (&image);
      return NULL;
    }

  colour = (image.format & PNG_FORMAT_FLAG_COLOR) != 0;
  /* Transparency is flattened onto white paper, 16-bit samples reduced to 8
   * and interlaced passes combined by libpng a row at a time, straight into
   * the page's own buffer: the page's pixels are the only copy (#13). */
  image.format = colour ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
  stride = PNG_IMAGE_ROW_STRIDE (image);
  pixels = g_try_malloc (PNG_IMAGE_BUFFER_SIZE (image, stride));
  if (pixels == NULL)
    {
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_TOO_LARGE,
                   _("There is not enough memory to read %s."), display_name (filename));
      png_image_free (&image);
      return NULL;
    }

  g_atomic_int_inc (&pages_decoded);
  if (!png_image_finish_read (&image, &white, pixels, (png_int_32) stride, NULL))
    {
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_CORRUPT,
                   _("%s is damaged or incomplete and cannot be read as PNG (%s)."),
                   display_name (filename), image.message);
      png_image_free (&image);
      return NULL;
    }

  /* pHYs is not exposed by the simplified reader: assume a 300 dpi scan. */
  return page_from_pixels (colour ? MK_PAGE_FORMAT_RGB24 : MK_PAGE_FORMAT_GRAY8,
                           image.width, image.height, stride,
                           choose_dpi (0, image.width, image.height),
                           g_steal_pointer (&pixels));
}

/* ---- TIFF ------------------------------------------------------------------ */

typedef struct {
  const guint8 *data;
  gsize         length;
  toff_t        position;
  GString      *errors;
} TiffSource;

static tmsize_t
tiff_read (thandle_t handle,
           void     *buffer,
           tmsize_t  size)
{
  TiffSource *src = handle;
  gsize n;

  if (size <= 0 || src->position >= src->length)
    return 0;
  n = MIN ((gsize) size, src->length - src->position);
  memcpy (buffer, src->data + src->position, n);
  src->position += n;
  return (tmsize_t) n;
}

static tmsize_t
tiff_write (thandle_t handle,
            void     *buffer,
            tmsize_t  size)
{
  return -1;
}

static toff_t
tiff_seek (thandle_t handle,
           toff_t    offset,
           int       whence)
{
  TiffSource *src = handle;

  switch (whence)
    {
    case SEEK_SET:
      src->position = offset;
      break;
    case SEEK_CUR:
      src->position += offset;
      break;
    case SEEK_END:
      src->position = src->length + offset;
      break;
    default:
      return (toff_t) -1;
    }
  return src->position;
}

static int
tiff_close (thandle_t handle)
{
  return 0;
}

static toff_t
tiff_size (thandle_t handle)
{
  return ((TiffSource *) handle)->length;
}

static int
tiff_map (thandle_t  handle,
          void     **base,
          toff_t    *size)
{
  TiffSource *src = handle;

  *base = (void *) src->data;
  *size = src->length;
  return 1;
}

static void
tiff_unmap (thandle_t  handle,
            void      *base,
            toff_t     size)
{
}

static int
tiff_error_reported (TIFF       *tif,
                     void       *user_data,
                     const char *module,
                     const char *format,
                     va_list     args)
{
  TiffSource *src = user_data;

  if (src->errors->len == 0)
    g_string_append_vprintf (src->errors, format, args);
  return 1;
}

static int
tiff_warning_reported (TIFF       *tif,
                       void       *user_data,
                       const char *module,
                       const char *format,
                       va_list     args)
{
  /* Unknown tags and similar are common in scanner TIFFs and harmless. */
  return 1;
}

/* Receives each decoded page (transfer full); returns FALSE, with @error
 * set, to stop the import. */
typedef gboolean (*PageSink) (MkPage    *page,
                              gpointer   user_data,
                              GError   **error);

static gboolean
tiff_failed (TiffSource  *src,
             const char  *filename,
             const char  *fallback,
             GError     **error)
{
  g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_CORRUPT,
               _("%s is damaged or incomplete and cannot be read as TIFF (%s)."),
               display_name (filename), src->errors->len > 0 ? src->errors->str : fallback);
  return FALSE;
}

/* #13: every directory's header, before any strip is read: the number of
 * pages, the size of each and of all together, and that libtiff can read
 * each, so that neither a bomb nor a bad last page costs the work of the
 * pages before it. Leaves @tif at the first directory. */
static gboolean
check_tiff_directories (TIFF        *tif,
                        TiffSource  *src,
                        const char  *filename,
                        GError     **error)
{
  guint64 total = 0;
  guint n_pages = 0;

  do
    {
      guint32 width = 0, height = 0;
      char message[1024] = "";

      /* Also ends a looping directory chain (libtiff detects most). */
      if (++n_pages > MAX_PAGES)
        {
          set_too_many_pages (filename, error);
          return FALSE;
        }
      TIFFGetField (tif, TIFFTAG_IMAGEWIDTH, &width);
      TIFFGetField (tif, TIFFTAG_IMAGELENGTH, &height);
      if (!check_page_size (width, height, n_pages, filename, error))
        return FALSE;
      total += (guint64) width * height;
      if (total > MAX_FILE_PIXELS)
        {
          g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_TOO_LARGE,
                       _("The pages of %s are too large together to be a scan: they pass the limit "
                         "of %u megapixels, about 100 A4 pages at 300 dpi, at page %u. "
                         "Scan at a lower resolution or attach the pages as several files."),
                       display_name (filename), FILE_LIMIT_MPX, n_pages);
          return FALSE;
        }
      if (!TIFFRGBAImageOK (tif, message))
        {
          g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_UNSUPPORTED,
                       _("Page %u of %s is stored in a way that cannot be read (%s)."),
                       n_pages, display_name (filename), message);
          return FALSE;
        }
    }
  while (TIFFReadDirectory (tif));

  /* TIFFReadDirectory returns 0 both at the end and on a broken chain. */
  if (src->errors->len > 0)
    return tiff_failed (src, filename, _("unreadable header"), error);
  if (!TIFFSetDirectory (tif, 0))
    return tiff_failed (src, filename, _("unreadable header"), error);
  return TRUE;
}

/* The layouts scanners write, read a row at a time straight into the page
 * (#13): line art (1 bit), grey and RGB (8 bits), contiguous in strips.
 * Sets *@format, or returns FALSE for anything else. */
static gboolean
tiff_direct_format (TIFF         *tif,
                    MkPageFormat *format)
{
  guint16 bps = 1, spp = 1, photometric = G_MAXUINT16, planar = PLANARCONFIG_CONTIG;
  guint16 compression = COMPRESSION_NONE, n_extra = 0;
  guint16 *extra = NULL;
  guint32 width = 0;
  guint64 row_bytes;

  TIFFGetField (tif, TIFFTAG_IMAGEWIDTH, &width);
  TIFFGetFieldDefaulted (tif, TIFFTAG_BITSPERSAMPLE, &bps);
  TIFFGetFieldDefaulted (tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
  TIFFGetFieldDefaulted (tif, TIFFTAG_PLANARCONFIG, &planar);
  TIFFGetFieldDefaulted (tif, TIFFTAG_COMPRESSION, &compression);
  TIFFGetFieldDefaulted (tif, TIFFTAG_EXTRASAMPLES, &n_extra, &extra);
  TIFFGetField (tif, TIFFTAG_PHOTOMETRIC, &photometric);

  if (TIFFIsTiled (tif) || planar != PLANARCONFIG_CONTIG || n_extra != 0)
    return FALSE;

  if (spp == 1 && (photometric == PHOTOMETRIC_MINISWHITE || photometric == PHOTOMETRIC_MINISBLACK)
      && (bps == 1 || bps == 8))
    {
      *format = bps == 1 ? MK_PAGE_FORMAT_GRAY1 : MK_PAGE_FORMAT_GRAY8;
      row_bytes = bps == 1 ? (width + 7) / 8 : width;
    }
  else if (spp == 3 && bps == 8 && photometric == PHOTOMETRIC_RGB)
    {
      *format = MK_PAGE_FORMAT_RGB24;
      row_bytes = (guint64) width * 3;
    }
  else if (spp == 3 && bps == 8 && photometric == PHOTOMETRIC_YCBCR && compression == COMPRESSION_JPEG)
    {
      /* The JPEG codec converts to RGB itself, whatever the subsampling. */
      TIFFSetField (tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
      *format = MK_PAGE_FORMAT_RGB24;
      row_bytes = (guint64) width * 3;
    }
  else
    return FALSE;

  /* Whatever the tags claim, the rows must be what is written into. */
  return (guint64) TIFFScanlineSize64 (tif) == row_bytes;
}

static gboolean
tiff_read_rows (TIFF          *tif,
                TiffSource    *src,
                guint32        height,
                gsize          stride,
                guint8        *pixels)
{
  for (guint32 y = 0; y < height; y++)
    if (TIFFReadScanline (tif, pixels + (gsize) y * stride, y, 0) < 0 || src->errors->len > 0)
      return FALSE;
  return TRUE;
}

/* Any other layout (palette, 16-bit, CMYK, tiles, separate planes, alpha)
 * through libtiff's RGBA reader, a chunk of whole strips or tiles at a time
 * so that the RGBA copy never holds the whole page. */
static gboolean
tiff_read_rgba (TIFF          *tif,
                TiffSource    *src,
                guint32        width,
                guint32        height,
                gboolean       colour,
                guint8        *pixels,
                const char    *filename,
                GError       **error)
{
  TIFFRGBAImage img;
  char message[1024] = "";
  g_autofree guint32 *raster = NULL;
  guint32 unit = height, chunk;
  gboolean flipped;
  gsize stride = colour ? (gsize) width * 3 : width;

  if (TIFFIsTiled (tif))
    TIFFGetField (tif, TIFFTAG_TILELENGTH, &unit);
  else
    TIFFGetFieldDefaulted (tif, TIFFTAG_ROWSPERSTRIP, &unit);
  unit = CLAMP (unit, 1, height);
  /* Whole strips (tiles) per chunk: a part of one would be decoded again
   * for each chunk it spans. A strip larger than a chunk is cut anyway. */
  if ((gsize) unit * width * 4 <= TIFF_CHUNK_BYTES)
    chunk = unit * (guint32) MAX (1, TIFF_CHUNK_BYTES / ((gsize) unit * width * 4));
  else
    chunk = (guint32) MAX (1, TIFF_CHUNK_BYTES / ((gsize) width * 4));
  chunk = MIN (chunk, height);

  if (!TIFFRGBAImageBegin (&img, tif, 1, message))
    {
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_UNSUPPORTED,
                   _("%s is stored in a way that cannot be read (%s)."), display_name (filename), message);
      return FALSE;
    }
  img.req_orientation = ORIENTATION_TOPLEFT;
  /* A bottom-up file comes out bottom-up within each chunk. */
  flipped = img.orientation == ORIENTATION_BOTLEFT || img.orientation == ORIENTATION_BOTRIGHT ||
            img.orientation == ORIENTATION_LEFTBOT || img.orientation == ORIENTATION_RIGHTBOT;
  raster = g_new (guint32, (gsize) width * chunk);

  for (guint32 y = 0; y < height; y += chunk)
    {
      guint32 n = MIN (chunk, height - y);
      guint32 out_y = flipped ? height - y - n : y;

      img.row_offset = (int) y;
      img.col_offset = 0;
      /* stop_on_error: a truncated strip must fail, not come out blank. */
      if (!TIFFRGBAImageGet (&img, raster, width, n) || src->errors->len > 0)
        {
          TIFFRGBAImageEnd (&img);
          return tiff_failed (src, filename, _("unreadable image data"), error);
        }
      for (guint32 r = 0; r < n; r++)
        {
          const guint32 *in = raster + (gsize) r * width;
          guint8 *out = pixels + (gsize) (out_y + r) * stride;

          for (guint32 x = 0; x < width; x++)
            {
              guint32 p = in[x];
              guint a = TIFFGetA (p);
              /* Flatten any alpha onto white paper. */
              guint red = (TIFFGetR (p) * a + 255 * (255 - a)) / 255;
              guint green = (TIFFGetG (p) * a + 255 * (255 - a)) / 255;
              guint blue = (TIFFGetB (p) * a + 255 * (255 - a)) / 255;

              if (colour)
                {
                  out[3 * x] = (guint8) red;
                  out[3 * x + 1] = (guint8) green;
                  out[3 * x + 2] = (guint8) blue;
                }
              else
                out[x] = (guint8) ((red * 299 + green * 587 + blue * 114) / 1000);
            }
        }
    }
  TIFFRGBAImageEnd (&img);
  return TRUE;
}

static MkPage *
decode_tiff_directory (TIFF        *tif,
                       TiffSource  *src,
                       const char  *filename,
                       GError     **error)
{
  guint32 width = 0, height = 0;
  guint16 spp = 1, photometric = PHOTOMETRIC_MINISWHITE, unit = RESUNIT_INCH;
  float xres = 0;
  double dpi = 0;
  g_autofree guint8 *pixels = NULL;
  MkPageFormat format;
  gboolean colour;
  gsize stride;

  TIFFGetField (tif, TIFFTAG_IMAGEWIDTH, &width);
  TIFFGetField (tif, TIFFTAG_IMAGELENGTH, &height);
  TIFFGetFieldDefaulted (tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
  TIFFGetField (tif, TIFFTAG_PHOTOMETRIC, &photometric);

  /* check_tiff_directories() saw this header already; the directory read
   * again must not have changed. */
  if (!check_page_size (width, height, 0, filename, error))
    return NULL;

  if (TIFFGetField (tif, TIFFTAG_XRESOLUTION, &xres) && xres > 0)
    {
      TIFFGetFieldDefaulted (tif, TIFFTAG_RESOLUTIONUNIT, &unit);
      dpi = unit == RESUNIT_CENTIMETER ? xres * 2.54 : xres;
    }

  g_atomic_int_inc (&pages_decoded);
  if (tiff_direct_format (tif, &format))
    {
      gboolean invert = (format == MK_PAGE_FORMAT_GRAY1) == (photometric == PHOTOMETRIC_MINISBLACK);

      stride = format == MK_PAGE_FORMAT_GRAY1 ? (width + 7) / 8
               : format == MK_PAGE_FORMAT_GRAY8 ? width : (gsize) width * 3;
      pixels = g_try_malloc (stride * height);
      if (pixels == NULL)
        {
          g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_TOO_LARGE,
                       _("There is not enough memory to read %s."), display_name (filename));
          return NULL;
        }
      if (!tiff_read_rows (tif, src, height, stride, pixels))
        {
          tiff_failed (src, filename, _("unreadable image data"), error);
          return NULL;
        }
      /* Line art is set = black, grey 0 = black. */
      if (invert && format != MK_PAGE_FORMAT_RGB24)
        for (gsize i = 0; i < stride * height; i++)
          pixels[i] = (guint8) ~pixels[i];

      if (format == MK_PAGE_FORMAT_GRAY1)
        {
          g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&pixels), stride * height);

          return mk_page_new (MK_PAGE_FORMAT_GRAY1, width, height, stride,
                              choose_dpi (dpi, width, height), bytes);
        }
      return page_from_pixels (format, width, height, stride, choose_dpi (dpi, width, height),
                               g_steal_pointer (&pixels));
    }

  colour = (spp >= 3 && photometric != PHOTOMETRIC_MINISBLACK && photometric != PHOTOMETRIC_MINISWHITE)
           || photometric == PHOTOMETRIC_PALETTE;
  stride = colour ? (gsize) width * 3 : width;
  pixels = g_try_malloc (stride * height);
  if (pixels == NULL)
    {
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_TOO_LARGE,
                   _("There is not enough memory to read %s."), display_name (filename));
      return NULL;
    }
  if (!tiff_read_rgba (tif, src, width, height, colour, pixels, filename, error))
    return NULL;

  return page_from_pixels (colour ? MK_PAGE_FORMAT_RGB24 : MK_PAGE_FORMAT_GRAY8,
                           width, height, stride,
                           choose_dpi (dpi, width, height), g_steal_pointer (&pixels));
}

/* Up to @max_pages pages of a TIFF, each handed to @sink as soon as it is
 * decoded, after every directory's header was checked. */
static gboolean
decode_tiff (GBytes      *data,
             const char  *filename,
             guint        max_pages,
             PageSink     sink,
             gpointer     user_data,
             GError     **error)
{
  g_autoptr(GString) errors = g_string_new (NULL);
  TiffSource src = { 0 };
  TIFFOpenOptions *options;
  TIFF *tif;
  guint n_pages = 0;

  src.data = g_bytes_get_data (data, &src.length);
  src.errors = errors;

  options = TIFFOpenOptionsAlloc ();
  TIFFOpenOptionsSetErrorHandlerExtR (options, tiff_error_reported, &src);
  TIFFOpenOptionsSetWarningHandlerExtR (options, tiff_warning_reported, &src);
  TIFFOpenOptionsSetMaxSingleMemAlloc (options, TIFF_MAX_ALLOC);
  tif = TIFFClientOpenExt (display_name (filename), "rm", &src,
                           tiff_read, tiff_write, tiff_seek, tiff_close, tiff_size,
                           tiff_map, tiff_unmap, options);
  TIFFOpenOptionsFree (options);

  if (tif == NULL)
    return tiff_failed (&src, filename, _("unreadable header"), error);

  if (!check_tiff_directories (tif, &src, filename, error))
    {
      TIFFClose (tif);
      return FALSE;
    }

  do
    {
      MkPage *page = decode_tiff_directory (tif, &src, filename, error);

      if (page == NULL || !sink (page, user_data, error))
        {
          TIFFClose (tif);
          return FALSE;
        }
    }
  while (++n_pages < max_pages && TIFFReadDirectory (tif));

  if (errors->len > 0)
    {
      TIFFClose (tif);
      return tiff_failed (&src, filename, _("unreadable header"), error);
    }

  TIFFClose (tif);
  return TRUE;
}

/* ---- PDF ------------------------------------------------------------------- */

/* The checks of mk_import_check_pdf(); the opened document for more. */
static PopplerDocument *
open_checked_pdf (GBytes      *data,
                  const char  *filename,
                  guint       *out_pages,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  PopplerDocument *document;
  gsize length;
  const guint8 *bytes;
  gsize tail;
  gboolean has_eof = FALSE;
  int n_pages;

  bytes = g_bytes_get_data (data, &length);

  /* poppler rebuilds a truncated file from what is left; a complete PDF ends
   * with %%EOF (allowing for trailing whitespace or junk). */
  tail = MIN (length, 1024);
  for (gsize i = length - tail; i + 5 <= length && !has_eof; i++)
    has_eof = memcmp (bytes + i, "%%EOF", 5) == 0;
  if (!has_eof)
    {
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_CORRUPT,
                   _("The PDF is incomplete: it does not end properly."));
      return NULL;
    }

  document = poppler_document_new_from_bytes (data, NULL, &local_error);
  if (document == NULL)
    {
      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_ENCRYPTED,
                     _("The PDF is protected by a password. Ask the applicant for a copy without a password."));
      else
        g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_CORRUPT,
                     _("The PDF is damaged and cannot be opened (%s)."), local_error->message);
      return NULL;
    }

  n_pages = poppler_document_get_n_pages (document);
  /* #13: the page count of the page tree, before any page is loaded. */
  if (n_pages > MAX_PAGES)
    {
      g_object_unref (document);
      set_too_many_pages (filename, error);
      return NULL;
    }
  for (int i = 0; i < n_pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      double w = 0, h = 0;

      if (page != NULL)
        {
          poppler_page_get_size (page, &w, &h);
          g_object_unref (page);
        }
      if (page == NULL || !(w > 0 && h > 0))
        {
          g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_CORRUPT,
                       _("Page %d of the PDF is damaged."), i + 1);
          g_object_unref (document);
          return NULL;
        }
    }

  if (n_pages < 1)
    {
      g_object_unref (document);
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_NO_PAGES,
                   _("The PDF has no pages."));
      return NULL;
    }

  *out_pages = (guint) n_pages;
  return document;
}

/**
 * mk_import_check_pdf:
 * @data: a PDF file
 * @error: return location for a #GError
 *
 * Returns: the number of pages, or 0 with @error set
 */
guint
mk_import_check_pdf (GBytes  *data,
                     GError **error)
{
  PopplerDocument *document;
  guint n_pages = 0;

  g_return_val_if_fail (data != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  document = open_checked_pdf (data, NULL, &n_pages, error);
  if (document == NULL)
    return 0;
  g_object_unref (document);
  return n_pages;
}

/* ---- Writing the PDF -------------------------------------------------------- */

/* The PDF as it is written, with a limit on its size (0: none). */
typedef struct {
  GByteArray      *output;
  gsize            limit;
  gboolean         overflowed;
  cairo_surface_t *surface;
  cairo_t         *cr;
  guint            n_pages;
} PdfWriter;

static cairo_status_t
pdf_written (void                *closure,
             const unsigned char *data,
             unsigned int         length)
{
  PdfWriter *writer = closure;

  if (writer->limit > 0 && writer->output->len + (gsize) length > writer->limit)
    {
      writer->overflowed = TRUE;
      return CAIRO_STATUS_WRITE_ERROR;
    }
  g_byte_array_append (writer->output, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static guint8
reverse_bits (guint8 b)
{
  b = (guint8) ((b & 0xf0) >> 4 | (b & 0x0f) << 4);
  b = (guint8) ((b & 0xcc) >> 2 | (b & 0x33) << 2);
  b = (guint8) ((b & 0xaa) >> 1 | (b & 0x55) << 1);
  return b;
}

/* SANE line art (MSB first, set = black) → a cairo A1 mask (set = painted). */
static cairo_surface_t *
a1_surface_for_page (MkPage *page)
{
  guint width = mk_page_get_width (page);
  guint height = mk_page_get_height (page);
  gsize in_stride = mk_page_get_stride (page);
  const guint8 *in = g_bytes_get_data (mk_page_get_data (page), NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A1, (int) width, (int) height);
  guint8 *out;
  int out_stride;
  gsize row_bytes = (width + 7) / 8;
  guint8 table[256];

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;

  for (guint i = 0; i < 256; i++)
    table[i] = G_BYTE_ORDER == G_LITTLE_ENDIAN ? reverse_bits ((guint8) i) : (guint8) i;

  cairo_surface_flush (surface);
  out = cairo_image_surface_get_data (surface);
  out_stride = cairo_image_surface_get_stride (surface);
  for (guint y = 0; y < height; y++)
    {
      const guint8 *src = in + y * in_stride;
      guint8 *dst = out + (gsize) y * out_stride;

      for (gsize x = 0; x < row_bytes; x++)
        dst[x] = table[src[x]];
      /* Bits past the right edge may hold padding from the scanner. */
      if (width % 8 != 0)
        {
          guint8 keep = (guint8) (0xff << (8 - width % 8));
          dst[row_bytes - 1] = table[src[row_bytes - 1] & keep];
        }
    }
  cairo_surface_mark_dirty (surface);

  return surface;
}

/* Lossless colour or grey: the PDF writer compresses it with Flate and
 * stores grey content as DeviceGray. */
static cairo_surface_t *
rgb_surface_for_page (MkPage *page)
{
  guint width = mk_page_get_width (page);
  guint height = mk_page_get_height (page);
  gsize in_stride = mk_page_get_stride (page);
  const guint8 *in = g_bytes_get_data (mk_page_get_data (page), NULL);
  gboolean grey = mk_page_get_format (page) == MK_PAGE_FORMAT_GRAY8;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width, (int) height);
  guint8 *out;
  int out_stride;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;

  cairo_surface_flush (surface);
  out = cairo_image_surface_get_data (surface);
  out_stride = cairo_image_surface_get_stride (surface);
  for (guint y = 0; y < height; y++)
    {
      const guint8 *src = in + y * in_stride;
      guint32 *dst = (guint32 *) (gpointer) (out + (gsize) y * out_stride);

      for (guint x = 0; x < width; x++)
        {
          guint32 r, g, b;

          if (grey)
            r = g = b = src[x];
          else
            {
              r = src[3 * x];
              g = src[3 * x + 1];
              b = src[3 * x + 2];
            }
          dst[x] = 0xff000000u | r << 16 | g << 8 | b;
        }
    }
  cairo_surface_mark_dirty (surface);

  return surface;
}

/* A surface that only carries the JPEG: cairo's PDF writer embeds the mime
 * data as a DCT stream and never reads the (lazily zeroed) pixels. */
static cairo_surface_t *
jpeg_surface_for_page (guint    width,
                       guint    height,
                       GBytes  *jpeg)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width, (int) height);
  gsize length;
  const guint8 *data = g_bytes_get_data (jpeg, &length);

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;

  cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_JPEG, data, length,
                               (cairo_destroy_func_t) g_bytes_unref, g_bytes_ref (jpeg));
  return surface;
}

/* Grey scans of documents: paper noise takes most of a JPEG's bytes. Map
 * the paper to white and the ink to black, as document scanners' "auto
 * levels" do: the paper is the highest peak of the light half of the
 * histogram, the ink that of the dark half, and each is taken down (up) its
 * slope to where it falls well below its peak, so that photos and stamps,
 * spread thinly over many values, keep their tones. Returns the
 * levelled pixels, with the page's stride. */
static guint8 *
grey_levels (MkPage *page)
{
  guint width = mk_page_get_width (page);
  guint height = mk_page_get_height (page);
  gsize stride = mk_page_get_stride (page);
  const guint8 *in = g_bytes_get_data (mk_page_get_data (page), NULL);
  guint64 histogram[256] = { 0 };
  guint paper = 255, ink = 0;
  guint white, black;
  guint8 map[256];
  guint8 *out;

  for (guint y = 0; y < height; y += 2)
    for (guint x = 0; x < width; x += 2)
      histogram[in[(gsize) y * stride + x]]++;
  for (guint v = 128; v < 256; v++)
    if (histogram[v] > histogram[paper])
      paper = v;
  for (guint v = 0; v < 128; v++)
    if (histogram[v] > histogram[ink])
      ink = v;

  white = paper;
  while (white > 128 && histogram[white - 1] * 16 >= histogram[paper])
    white--;
  /* Ink is sharper than paper, and the dark tones of photos lie just above it. */
  black = ink;
  while (black < 127 && histogram[black + 1] * 4 >= histogram[ink])
    black++;
  /* Never stretch so far that a light-grey document turns into line art. */
  white = MAX (white, 160);
  black = MIN (black, 64);

  for (guint v = 0; v < 256; v++)
    map[v] = v <= black ? 0 : v >= white ? 255 : (guint8) ((v - black) * 255 / (white - black));

  out = g_malloc (stride * height);
  for (gsize i = 0; i < stride * height; i++)
    out[i] = map[in[i]];
  return out;
}

/* Text is most of a document and, letter edge after letter edge, the
 * costliest thing for JPEG: a dense 300 dpi page of it takes 600–800 KB.
 * So a levelled grey page is cut into tiles; in a tile whose grey pixels
 * all lie on the edges of ink, the ink goes to a 1-bit layer at full
 * resolution (drawn black over the rest) and the tile turns white. Tiles
 * with grey of their own (photos, stamps, pencil, shading) stay in the
 * JPEG untouched. A text page then takes about 100 KB. */
#define TEXT_TILE   64    /* px */
#define TEXT_INK    128   /* levelled value below which a pixel is ink */
#define TEXT_GREY   224   /* ... below which a pixel is visibly grey */
#define TEXT_REACH  2     /* px: how far the scanner's blur spreads an edge */
#define TEXT_STRAY  100   /* a tile may hold 1 stray grey pixel in this many */
#define TEXT_PAPER  50    /* % of a text tile, at least, is blank paper */
#define TEXT_STROKE 6     /* px: no ink is further than this from the paper */

/* Marks the pixels within @reach of one that is darker than @below (or,
 * with @invert, at least as light): a square dilation, by running counts
 * along the rows and then along the columns. */
static guint8 *
near_map (const guint8 *pixels,
          guint         width,
          guint         height,
          gsize         stride,
          guint8        below,
          gboolean      invert,
          guint         reach)
{
  g_autofree guint8 *rows = g_malloc ((gsize) width * height);
  guint8 *near = g_malloc ((gsize) width * height);

#define HIT(v) (((v) < below) != invert)
  for (guint y = 0; y < height; y++)
    {
      const guint8 *in = pixels + (gsize) y * stride;
      guint8 *out = rows + (gsize) y * width;
      guint count = 0;

      for (guint x = 0; x < MIN (width, reach); x++)
        count += HIT (in[x]);
      for (guint x = 0; x < width; x++)
        {
          if (x + reach < width)
            count += HIT (in[x + reach]);
          if (x > reach)
            count -= HIT (in[x - reach - 1]);
          out[x] = count > 0;
        }
    }
#undef HIT
  for (guint x = 0; x < width; x++)
    {
      guint count = 0;

      for (guint y = 0; y < MIN (height, reach); y++)
        count += rows[(gsize) y * width + x];
      for (guint y = 0; y < height; y++)
        {
          if (y + reach < height)
            count += rows[(gsize) (y + reach) * width + x];
          if (y > reach)
            count -= rows[(gsize) (y - reach - 1) * width + x];
          near[(gsize) y * width + x] = count > 0;
        }
    }
  return near;
}

/* Moves the text of levelled @pixels to a 1-bit layer (returned, or NULL
 * when the page has none) and whitens it in @pixels; *@rest says whether
 * anything but white is left for the JPEG. */
static cairo_surface_t *
take_text_layer (guint8   *pixels,
                 guint     width,
                 guint     height,
                 gsize     stride,
                 gboolean *rest)
{
  g_autofree guint8 *near = near_map (pixels, width, height, stride, TEXT_INK, FALSE, TEXT_REACH);
  g_autofree guint8 *lit = near_map (pixels, width, height, stride, TEXT_INK, TRUE, TEXT_STROKE);
  guint cols = (width + TEXT_TILE - 1) / TEXT_TILE, n_rows = (height + TEXT_TILE - 1) / TEXT_TILE;
  g_autofree gboolean *picture = g_new0 (gboolean, (gsize) cols * n_rows);
  g_autofree gboolean *kept = g_new0 (gboolean, (gsize) cols * n_rows);
  cairo_surface_t *layer;
  guint8 *bits;
  int bits_stride;
  gboolean any_ink = FALSE;

  *rest = FALSE;
  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < cols; c++)
      {
        guint ty = r * TEXT_TILE, tx = c * TEXT_TILE;
        guint th = MIN (TEXT_TILE, height - ty), tw = MIN (TEXT_TILE, width - tx);
        guint stray = 0, paper = 0, solid = 0;

        for (guint y = ty; y < ty + th; y++)
          for (guint x = tx; x < tx + tw; x++)
            {
              guint8 v = pixels[(gsize) y * stride + x];

              paper += v >= TEXT_GREY;
              stray += v < TEXT_GREY && !near[(gsize) y * width + x];
              solid += !lit[(gsize) y * width + x];
            }
        /* Fine texture (hair, fabric, halftone) is all edges too, but
         * leaves little paper; the shadows of a photo are ink that no
         * stroke of a letter is wide enough to hold. */
        picture[r * cols + c] = stray * TEXT_STRAY > tw * th || paper * 100 < tw * th * TEXT_PAPER
                                || solid * TEXT_STRAY > tw * th;
      }

  /* A photo's edge may cross a tile with too little of it to tell: keep a
   * ring of tiles around every picture in the JPEG too. */
  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < cols; c++)
      for (guint rr = r > 0 ? r - 1 : 0; rr <= MIN (r + 1, n_rows - 1); rr++)
        for (guint cc = c > 0 ? c - 1 : 0; cc <= MIN (c + 1, cols - 1); cc++)
          kept[r * cols + c] = kept[r * cols + c] || picture[rr * cols + cc];

  layer = cairo_image_surface_create (CAIRO_FORMAT_A1, (int) width, (int) height);
  if (cairo_surface_status (layer) != CAIRO_STATUS_SUCCESS)
    return layer;
  cairo_surface_flush (layer);
  bits = cairo_image_surface_get_data (layer);
  bits_stride = cairo_image_surface_get_stride (layer);

  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < cols; c++)
      {
        guint ty = r * TEXT_TILE, tx = c * TEXT_TILE;
        guint th = MIN (TEXT_TILE, height - ty), tw = MIN (TEXT_TILE, width - tx);
        gboolean keep = kept[r * cols + c];

        for (guint y = ty; y < ty + th; y++)
          for (guint x = tx; x < tx + tw; x++)
            {
              guint8 *v = &pixels[(gsize) y * stride + x];

              if (keep)
                *rest = *rest || *v < 255;
              else
                {
                  /* cairo's A1 holds the first pixel in the lowest bit on little-endian machines. */
                  if (*v < TEXT_INK)
                    {
                      bits[(gsize) y * bits_stride + x / 8] |= G_BYTE_ORDER == G_LITTLE_ENDIAN
                                                               ? 1u << (x % 8) : 0x80u >> (x % 8);
                      any_ink = TRUE;
                    }
                  *v = 255;
                }
            }
      }
  if (!any_ink)
    g_clear_pointer (&layer, cairo_surface_destroy);
  if (layer != NULL)
    cairo_surface_mark_dirty (layer);
  return layer;
}

/* Draws @page (transfer full) on the current page of @cr. The page is let
 * go as soon as what is stored of it exists: cairo writes a page's images
 * only at cairo_show_page(), and until then a decoded page would be held
 * beside its stored form (#13). */
static gboolean
draw_page (cairo_t  *cr,
           MkPage   *page_in,
           double    page_width,
           double    page_height,
           GError  **error)
{
  g_autoptr(MkPage) page = page_in;
  cairo_surface_t *image = NULL;
  cairo_surface_t *text = NULL;
  guint width = mk_page_get_width (page), height = mk_page_get_height (page);
  gsize stride = mk_page_get_stride (page);
  guint dpi = mk_page_get_dpi (page);
  guint rotation = mk_page_get_rotation (page);
  double scale = 72.0 / dpi;
  gboolean mask = FALSE;
  cairo_status_t status;

  switch (mk_page_get_format (page))
    {
    case MK_PAGE_FORMAT_GRAY1:
      image = a1_surface_for_page (page);
      mask = TRUE;
      break;
    case MK_PAGE_FORMAT_JPEG:
      image = jpeg_surface_for_page (width, height, mk_page_get_data (page));
      break;
    case MK_PAGE_FORMAT_GRAY8:
    case MK_PAGE_FORMAT_RGB24:
    default:
      if (mk_page_get_lossless (page))
        image = rgb_surface_for_page (page);
      else if (mk_page_get_format (page) == MK_PAGE_FORMAT_GRAY8)
        {
          guint8 *pixels = grey_levels (page);
          g_autoptr(GBytes) bytes = g_bytes_new_take (pixels, stride * height);
          gboolean rest;

          /* The levelled copy is all that is needed from here on. */
          g_clear_object (&page);
          text = take_text_layer (pixels, width, height, stride, &rest);
          if (rest || text == NULL)
            {
              g_autoptr(MkPage) levelled = mk_page_new (MK_PAGE_FORMAT_GRAY8, width, height, stride,
                                                        dpi, bytes);
              g_autoptr(GBytes) jpeg = mk_import_encode_jpeg (levelled, MK_IMPORT_JPEG_QUALITY, error);

              if (jpeg == NULL)
                {
                  g_clear_pointer (&text, cairo_surface_destroy);
                  return FALSE;
                }
              image = jpeg_surface_for_page (width, height, jpeg);
            }
        }
      else
        {
          g_autoptr(GBytes) jpeg = mk_import_encode_jpeg (page, MK_IMPORT_JPEG_QUALITY, error);

          if (jpeg == NULL)
            return FALSE;
          image = jpeg_surface_for_page (width, height, jpeg);
        }
      break;
    }
  g_clear_object (&page);

  status = image != NULL ? cairo_surface_status (image) : CAIRO_STATUS_SUCCESS;
  if (status == CAIRO_STATUS_SUCCESS && text != NULL)
    status = cairo_surface_status (text);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_FAILED,
                   _("The page could not be prepared (%s)."), cairo_status_to_string (status));
      g_clear_pointer (&image, cairo_surface_destroy);
      g_clear_pointer (&text, cairo_surface_destroy);
      return FALSE;
    }

  /* White paper first: line art is drawn as a stencil of black ink. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  cairo_save (cr);
  switch (rotation)
    {
    case 1:
      cairo_translate (cr, page_width, 0);
      cairo_rotate (cr, G_PI / 2);
      break;
    case 2:
      cairo_translate (cr, page_width, page_height);
      cairo_rotate (cr, G_PI);
      break;
    case 3:
      cairo_translate (cr, 0, page_height);
      cairo_rotate (cr, -G_PI / 2);
      break;
    default:
      break;
    }
  cairo_scale (cr, scale, scale);

  if (mask)
    {
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_mask_surface (cr, image, 0, 0);
    }
  else if (image != NULL)
    {
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_paint (cr);
    }
  /* The text of a grey scan, over its photos and stamps. */
  if (text != NULL)
    {
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_mask_surface (cr, text, 0, 0);
    }
  cairo_restore (cr);
  g_clear_pointer (&image, cairo_surface_destroy);
  g_clear_pointer (&text, cairo_surface_destroy);

  return TRUE;
}

static void
pdf_writer_free (PdfWriter *writer)
{
  g_clear_pointer (&writer->cr, cairo_destroy);
  g_clear_pointer (&writer->surface, cairo_surface_destroy);
  g_clear_pointer (&writer->output, g_byte_array_unref);
  g_free (writer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdfWriter, pdf_writer_free)

static PdfWriter *
pdf_writer_new (gsize limit)
{
  PdfWriter *writer = g_new0 (PdfWriter, 1);

  writer->output = g_byte_array_new ();
  writer->limit = limit;
  writer->surface = cairo_pdf_surface_create_for_stream (pdf_written, writer, 595, 842);
  cairo_pdf_surface_set_metadata (writer->surface, CAIRO_PDF_METADATA_CREATOR, "Mekenjai");
  writer->cr = cairo_create (writer->surface);
  return writer;
}

static gboolean
pdf_writer_check (PdfWriter  *writer,
                  GError    **error)
{
  cairo_status_t status = cairo_status (writer->cr);

  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (writer->surface);
  if (writer->overflowed)
    {
      g_autofree char *limit = g_format_size (writer->limit);

      /* #13: content made to compress well in the file and badly in the PDF. */
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_TOO_LARGE,
                   _("The pages would take more than %s once stored, which no scanned document needs."),
                   limit);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_FAILED,
                   _("The PDF could not be written (%s)."), cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* One more page (transfer full), written out before this returns. */
static gboolean
pdf_writer_add_page (MkPage    *page,
                     gpointer   user_data,
                     GError   **error)
{
  PdfWriter *writer = user_data;
  double width, height;

  mk_page_get_size_points (page, &width, &height);
  cairo_pdf_surface_set_size (writer->surface, width, height);
  if (!draw_page (writer->cr, page, width, height, error))
    return FALSE;
  cairo_show_page (writer->cr);
  writer->n_pages++;
  return pdf_writer_check (writer, error);
}

static GBytes *
pdf_writer_finish (PdfWriter  *writer,
                   GError    **error)
{
  if (!pdf_writer_check (writer, error))
    return NULL;
  cairo_surface_finish (writer->surface);
  if (!pdf_writer_check (writer, error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&writer->output));
}

static GBytes *
write_pdf (GListModel    *pages,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(PdfWriter) writer = pdf_writer_new (0);
  guint n = g_list_model_get_n_items (pages);

  for (guint i = 0; i < n; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (!pdf_writer_add_page (g_list_model_get_item (pages, i), writer, error))
        return NULL;
    }

  return pdf_writer_finish (writer, error);
}

/* ---- Public entry points --------------------------------------------------- */

static gboolean
check_size_and_kind (GBytes        *data,
                     const char    *filename,
                     gsize          max_size,
                     MkImportKind  *kind,
                     GError       **error)
{
  gsize length;
  const guint8 *bytes = g_bytes_get_data (data, &length);
  MkImportKind claimed = mk_import_kind_for_name (filename);
  MkImportKind found;

  if (max_size == 0)
    max_size = MK_IMPORT_DEFAULT_MAX_SIZE;

  if (length == 0)
    {
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_EMPTY,
                   _("%s is empty."), display_name (filename));
      return FALSE;
    }
  if (length > max_size)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *limit = g_format_size (max_size);

      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_TOO_LARGE,
                   _("%s is too large (%s; the limit is %s)."),
                   display_name (filename), size, limit);
      return FALSE;
    }

  found = mk_import_sniff (bytes, length);
  if (claimed != MK_IMPORT_KIND_UNKNOWN && found != claimed)
    {
      if (found == MK_IMPORT_KIND_UNKNOWN)
        g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_WRONG_EXTENSION,
                     _("%s is named as a %s file, but its content is not %s."),
                     display_name (filename), kind_name (claimed), kind_name (claimed));
      else
        g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_WRONG_EXTENSION,
                     _("%s is named as a %s file, but its content is %s. Rename it or ask for the right file."),
                     display_name (filename), kind_name (claimed), kind_name (found));
      return FALSE;
    }
  if (found == MK_IMPORT_KIND_UNKNOWN)
    {
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_UNSUPPORTED,
                   _("%s is not a PDF, JPEG, PNG or TIFF file."), display_name (filename));
      return FALSE;
    }

  *kind = found;
  return TRUE;
}

static gboolean
list_add_page (MkPage    *page,
               gpointer   user_data,
               GError   **error)
{
  mk_page_list_append (user_data, page);
  g_object_unref (page);
  return TRUE;
}

/* Up to @max_pages pages of an image file, each handed to @sink as soon as
 * it is decoded. */
static gboolean
decode_image (GBytes      *data,
              const char  *filename,
              gsize        max_size,
              guint        max_pages,
              PageSink     sink,
              gpointer     user_data,
              GError     **error)
{
  MkImportKind kind = MK_IMPORT_KIND_UNKNOWN;
  MkPage *page = NULL;

  if (!check_size_and_kind (data, filename, max_size, &kind, error))
    return FALSE;

  switch (kind)
    {
    case MK_IMPORT_KIND_JPEG:
      page = decode_jpeg (data, filename, error);
      break;
    case MK_IMPORT_KIND_PNG:
      page = decode_png (data, filename, error);
      break;
    case MK_IMPORT_KIND_TIFF:
      return decode_tiff (data, filename, max_pages, sink, user_data, error);
    case MK_IMPORT_KIND_PDF:
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_UNSUPPORTED,
                   _("%s is a PDF, not an image."), display_name (filename));
      return FALSE;
    case MK_IMPORT_KIND_UNKNOWN:
    default:
      g_assert_not_reached ();
    }

  return page != NULL && sink (page, user_data, error);
}

/**
 * mk_import_decode:
 * @data: the file's content
 * @filename: (nullable): its name, for the extension check and messages
 * @max_size: size limit in bytes; 0 for %MK_IMPORT_DEFAULT_MAX_SIZE
 * @error: return location for a #GError
 *
 * Decodes every page of a JPEG, PNG or TIFF file. A JPEG page keeps the
 * original stream; other images keep their pixels.
 *
 * Returns: (transfer full): the pages, or %NULL
 */
MkPageList *
mk_import_decode (GBytes      *data,
                  const char  *filename,
                  gsize        max_size,
                  GError     **error)
{
  g_autoptr(MkPageList) pages = mk_page_list_new ();

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!decode_image (data, filename, max_size, G_MAXUINT, list_add_page, pages, error))
    return NULL;
  return g_steal_pointer (&pages);
}

/**
 * mk_import_decode_first:
 * @data: the file's content
 * @filename: (nullable): its name, for the extension check and messages
 * @max_size: size limit in bytes; 0 for %MK_IMPORT_DEFAULT_MAX_SIZE
 * @error: return location for a #GError
 *
 * As mk_import_decode(), with the limits of the whole file checked, but
 * only the first page decoded.
 *
 * Returns: (transfer full): the first page, or %NULL
 */
MkPage *
mk_import_decode_first (GBytes      *data,
                        const char  *filename,
                        gsize        max_size,
                        GError     **error)
{
  g_autoptr(MkPageList) pages = mk_page_list_new ();

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!decode_image (data, filename, max_size, 1, list_add_page, pages, error))
    return NULL;
  return g_object_ref (mk_page_list_get_page (pages, 0));
}

/* #13: an attachment is opened by the head and others; a PDF that could run
 * something when opened (JavaScript, a launch action) or carries files of its
 * own is refused with the reason, before anything is stored. */
static gboolean
refuse_active_content (PopplerDocument  *document,
                       const char       *filename,
                       GError          **error)
{
  g_autofree char *name = g_strdup (filename != NULL ? filename : _("the file"));
  enum { NONE, SCRIPT, EMBEDDED, LAUNCH } found = NONE;
  int n_pages;

  if (poppler_document_has_javascript (document))
    found = SCRIPT;
  else if (poppler_document_has_attachments (document))
    found = EMBEDDED;
  n_pages = poppler_document_get_n_pages (document);
  for (int i = 0; found == NONE && i < n_pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      GList *links = page != NULL ? poppler_page_get_link_mapping (page) : NULL;

      for (GList *l = links; l != NULL; l = l->next)
        {
          PopplerLinkMapping *link = l->data;

          if (link->action != NULL && link->action->type == POPPLER_ACTION_LAUNCH)
            found = LAUNCH;
        }
      poppler_page_free_link_mapping (links);
      g_clear_object (&page);
    }

  switch (found)
    {
    case SCRIPT:
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_ACTIVE_CONTENT,
                   _("%s holds JavaScript, which could run when it is opened. Ask for the document without it, "
                     "or scan the paper."), name);
      return FALSE;
    case EMBEDDED:
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_ACTIVE_CONTENT,
                   _("%s carries files embedded in it. Attach each document as a file of its own, or scan the "
                     "paper."), name);
      return FALSE;
    case LAUNCH:
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_ACTIVE_CONTENT,
                   _("%s holds a link that starts a program. Ask for the document without it, or scan the "
                     "paper."), name);
      return FALSE;
    case NONE:
    default:
      return TRUE;
    }
}

/**
 * mk_import_bytes:
 * @data: the file's content
 * @filename: (nullable): its name, for the extension check and messages
 * @max_size: size limit in bytes; 0 for %MK_IMPORT_DEFAULT_MAX_SIZE
 * @error: return location for a #GError
 *
 * A PDF is checked and kept as it is; an image becomes a PDF with one page
 * per image page. Nothing is produced unless the whole file decodes.
 *
 * Returns: (transfer full): the stored attachment, or %NULL
 */
MkImportResult *
mk_import_bytes (GBytes      *data,
                 const char  *filename,
                 gsize        max_size,
                 GError     **error)
{
  g_autoptr(PdfWriter) writer = NULL;
  g_autoptr(GBytes) pdf = NULL;
  MkImportKind kind = MK_IMPORT_KIND_UNKNOWN;
  guint n_pages;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_size_and_kind (data, filename, max_size, &kind, error))
    return NULL;

  if (kind == MK_IMPORT_KIND_PDF)
    {
      /* Opened once: the checks of every PDF, then what an attachment may not hold. */
      PopplerDocument *document = open_checked_pdf (data, filename, &n_pages, error);
      gboolean allowed;

      if (document == NULL)
        return NULL;
      allowed = refuse_active_content (document, filename, error);
      g_object_unref (document);
      if (!allowed)
        return NULL;
      return result_new (data, n_pages);
    }

  /* #13: one page at a time, each stored before the next is decoded; the
   * PDF may not grow past twice the size a file may have. */
  writer = pdf_writer_new (2 * (max_size > 0 ? max_size : MK_IMPORT_DEFAULT_MAX_SIZE));
  if (!decode_image (data, filename, max_size, G_MAXUINT, pdf_writer_add_page, writer, error))
    return NULL;
  n_pages = writer->n_pages;
  pdf = pdf_writer_finish (writer, error);
  if (pdf == NULL)
    return NULL;

  return result_new (pdf, n_pages);
}

/**
 * mk_import_file:
 * @file: a file chosen by the user
 * @max_size: size limit in bytes; 0 for %MK_IMPORT_DEFAULT_MAX_SIZE
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the stored attachment, or %NULL
 */
MkImportResult *
mk_import_file (GFile         *file,
                gsize          max_size,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (max_size == 0)
    max_size = MK_IMPORT_DEFAULT_MAX_SIZE;

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;

  name = g_strdup (g_file_info_get_display_name (info));

  /* Refuse an oversized file before reading it into memory. */
  if ((guint64) g_file_info_get_size (info) > max_size)
    {
      g_autofree char *size = g_format_size ((guint64) g_file_info_get_size (info));
      g_autofree char *limit = g_format_size (max_size);

      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_TOO_LARGE,
                   _("%s is too large (%s; the limit is %s)."), name, size, limit);
      return NULL;
    }

  /* The type is checked on the open file: a FIFO or a link to a device that
   * reported a harmless size above is refused, and the read stops at the limit. */
  data = mk_file_read_gfile (file, max_size, cancellable, &local_error);
  if (data == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
        {
          g_autofree char *limit = g_format_size (max_size);

          g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_TOO_LARGE,
                       _("%s is larger than the limit of %s."), name, limit);
        }
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return mk_import_bytes (data, name, max_size, error);
}

/**
 * mk_import_pages:
 * @pages: scanned or decoded pages, in order, with their rotations
 * @error: return location for a #GError
 *
 * Grey and colour pages are stored as JPEG, line art as a 1-bit image,
 * pages marked lossless with Flate.
 *
 * Returns: (transfer full): the stored attachment, or %NULL
 */
MkImportResult *
mk_import_pages (MkPageList  *pages,
                 GError     **error)
{
  g_autoptr(GBytes) pdf = NULL;

  g_return_val_if_fail (MK_IS_PAGE_LIST (pages), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (mk_page_list_get_n_pages (pages) == 0)
    {
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_NO_PAGES,
                   _("There are no pages to attach."));
      return NULL;
    }

  pdf = write_pdf (G_LIST_MODEL (pages), NULL, error);
  if (pdf == NULL)
    return NULL;

  return result_new (pdf, mk_page_list_get_n_pages (pages));
}

typedef struct {
  GFile      *file;
  gsize       max_size;
  GListModel *pages;  /* a snapshot: the user may keep editing the list */
} ImportTaskData;

static void
import_task_data_free (ImportTaskData *data)
{
  g_clear_object (&data->file);
  g_clear_object (&data->pages);
  g_free (data);
}

static void
import_file_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  ImportTaskData *data = task_data;
  GError *error = NULL;
  MkImportResult *result = mk_import_file (data->file, data->max_size, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) mk_import_result_free);
}

void
mk_import_file_async (GFile               *file,
                      gsize                max_size,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportTaskData *data;

  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ImportTaskData, 1);
  data->file = g_object_ref (file);
  data->max_size = max_size;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mk_import_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) import_task_data_free);
  g_task_run_in_thread (task, import_file_thread);
}

MkImportResult *
mk_import_file_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mk_import_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
import_pages_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  ImportTaskData *data = task_data;
  GError *error = NULL;
  g_autoptr(GBytes) pdf = write_pdf (data->pages, cancellable, &error);

  if (pdf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result_new (pdf, g_list_model_get_n_items (data->pages)),
                           (GDestroyNotify) mk_import_result_free);
}

void
mk_import_pages_async (MkPageList          *pages,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GListStore *snapshot;
  ImportTaskData *data;
  guint n;

  g_return_if_fail (MK_IS_PAGE_LIST (pages));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mk_import_pages_async);

  n = mk_page_list_get_n_pages (pages);
  if (n == 0)
    {
      g_task_return_new_error (task, MK_IMPORT_ERROR, MK_IMPORT_ERROR_NO_PAGES,
                               _("There are no pages to attach."));
      return;
    }

  /* Pages are immutable, so a copy of the list is a safe snapshot. */
  snapshot = g_list_store_new (MK_TYPE_PAGE);
  for (guint i = 0; i < n; i++)
    g_list_store_append (snapshot, mk_page_list_get_page (pages, i));

  data = g_new0 (ImportTaskData, 1);
  data->pages = G_LIST_MODEL (snapshot);
  g_task_set_task_data (task, data, (GDestroyNotify) import_task_data_free);
  g_task_run_in_thread (task, import_pages_thread);
}

MkImportResult *
mk_import_pages_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mk_import_pages_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * mk_import_digest:
 * @pdf: a stored attachment
 *
 * Returns: (transfer full): its SHA-256 in lowercase hex
 */
char *
mk_import_digest (GBytes *pdf)
{
  g_return_val_if_fail (pdf != NULL, NULL);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
}

/**
 * mk_import_read_verified:
 * @pdf: an attachment read back from storage
 * @sha256: the digest stored with it
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @pdf is exactly what was stored
 */
gboolean
mk_import_read_verified (GBytes      *pdf,
                         const char  *sha256,
                         GError     **error)
{
  g_autofree char *digest = NULL;

  g_return_val_if_fail (pdf != NULL, FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  digest = mk_import_digest (pdf);
  if (g_ascii_strcasecmp (digest, sha256) != 0)
    {
      g_set_error (error, MK_IMPORT_ERROR, MK_IMPORT_ERROR_DIGEST_MISMATCH,
                   _("The stored document has been altered or damaged: its checksum does not match."));
      return FALSE;
    }

  return TRUE;
}
