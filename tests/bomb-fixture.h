/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Decompression bombs and the largest honest scans (#13), made in memory for
 * test-import and bench-import-bombs: TIFF pages stored as one Deflate strip
 * each, compressed once and written raw, so that hundreds of huge pages take
 * a few kilobytes and a fraction of a second to make. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <png.h>
#include <string.h>
#include <tiffio.h>
#include <zlib.h>

typedef enum {
  BOMB_WHITE,    /* paper only: what a bomb is made of */
  BOMB_TEXT,     /* lines of letters on paper, grey, no noise */
  BOMB_NOISY,    /* the same through a scanner: ±8 of noise */
  BOMB_DRAWING,  /* a plan: four flat colours */
  BOMB_PHOTO,    /* smooth colour tones with sensor noise */
} BombContent;

/* One row of a page: 1 byte a pixel for grey, 3 for colour, 1 bit (set =
 * black) for line art. */
static void
bomb_fill_row (BombContent  content,
               guint        spp,
               guint        bps,
               guint32      width,
               guint32      y,
               GRand       *rand,
               guint8      *row)
{
  if (bps == 1)
    {
      memset (row, 0, (width + 7) / 8);
      if (content != BOMB_WHITE && y % 50 < 30)
        for (guint32 x = width / 10; x < width * 9 / 10; x++)
          if ((x / 25) % 7 != 6 && (x % 25 < 4 || ((y % 50 < 4 || y % 50 >= 26) && x % 25 < 18)))
            row[x / 8] |= (guint8) (0x80 >> (x % 8));
      return;
    }

  for (guint32 x = 0; x < width; x++)
    for (guint c = 0; c < spp; c++)
      {
        int v = 255;
        guint ly = y % 50, cx = x % 25;
        gboolean ink = x > width / 10 && x < width * 9 / 10 && ly < 30 && (x / 25) % 7 != 6 &&
                       (cx < 4 || (ly < 4 && cx < 18) || (ly >= 26 && cx < 18));

        switch (content)
          {
          case BOMB_WHITE:
            break;
          case BOMB_TEXT:
            v = ink ? 30 : 235;
            break;
          case BOMB_NOISY:
            v = (ink ? 30 : 235) + g_rand_int_range (rand, -8, 9);
            break;
          case BOMB_DRAWING:
            v = (x / 64 + y / 64) % 2 ? (c == 0 ? 200 : 40) : (c == 2 ? 180 : 90);
            break;
          case BOMB_PHOTO:
          default:
            v = (int) (128 + 100 * (c == 0 ? (double) x / width : c == 1 ? (double) y / 7000 : 0.3))
                + g_rand_int_range (rand, -6, 7);
            break;
          }
        row[x * spp + c] = (guint8) CLAMP (v, 0, 255);
      }
}

/* A zlib (TIFF "Adobe Deflate", PNG IDAT) stream of a whole page. */
static GBytes *
bomb_deflate_page (BombContent content,
                   guint       spp,
                   guint       bps,
                   guint32     width,
                   guint32     height,
                   gboolean    png_filter_bytes)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  gsize row_bytes = bps == 1 ? (width + 7) / 8 : (gsize) width * spp * (bps / 8);
  g_autofree guint8 *row = g_malloc0 (row_bytes + 1);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 chunk[65536];
  z_stream z = { 0 };

  g_assert_cmpint (deflateInit (&z, Z_BEST_COMPRESSION), ==, Z_OK);
  for (guint32 y = 0; y <= height; y++)
    {
      int flush = y == height ? Z_FINISH : Z_NO_FLUSH;
      int status;

      if (y < height)
        {
          /* A PNG row starts with its filter byte (0, none). */
          guint8 *pixels = png_filter_bytes ? row + 1 : row;

          if (bps == 16)
            memset (pixels, content == BOMB_WHITE ? 0xff : 0x80, row_bytes);
          else
            bomb_fill_row (content, spp, bps, width, y, rand, pixels);
          z.next_in = row;
          z.avail_in = (uInt) (row_bytes + (png_filter_bytes ? 1 : 0));
        }
      do
        {
          z.next_out = chunk;
          z.avail_out = sizeof chunk;
          status = deflate (&z, flush);
          g_assert_cmpint (status, !=, Z_STREAM_ERROR);
          g_byte_array_append (out, chunk, sizeof chunk - z.avail_out);
        }
      while (z.avail_out == 0 || (flush == Z_FINISH && status != Z_STREAM_END));
    }
  deflateEnd (&z);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* A TIFF of @n_pages equal pages, Deflate in one strip each. Line art is
 * MINISWHITE (as fax and document scanners write it), grey MINISBLACK. */
static GBytes *
bomb_tiff (guint       n_pages,
           guint32     width,
           guint32     height,
           guint       spp,
           guint       bps,
           BombContent content,
           guint       dpi)
{
  g_autofree char *dir = g_dir_make_tmp ("mk-bomb-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bomb.tif", NULL);
  g_autoptr(GBytes) strip = bomb_deflate_page (content, spp, bps, width, height, FALSE);
  gsize strip_length;
  const guint8 *strip_data = g_bytes_get_data (strip, &strip_length);
  TIFF *tif = TIFFOpen (path, "w");
  char *contents = NULL;
  gsize length = 0;

  g_assert_nonnull (tif);
  for (guint page = 0; page < n_pages; page++)
    {
      TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, width);
      TIFFSetField (tif, TIFFTAG_IMAGELENGTH, height);
      TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, (guint16) bps);
      TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, (guint16) spp);
      TIFFSetField (tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
      TIFFSetField (tif, TIFFTAG_PHOTOMETRIC,
                    spp == 3 ? PHOTOMETRIC_RGB : bps == 1 ? PHOTOMETRIC_MINISWHITE : PHOTOMETRIC_MINISBLACK);
      TIFFSetField (tif, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
      TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, height);
      TIFFSetField (tif, TIFFTAG_XRESOLUTION, (float) dpi);
      TIFFSetField (tif, TIFFTAG_YRESOLUTION, (float) dpi);
      TIFFSetField (tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
      TIFFSetField (tif, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
      TIFFSetField (tif, TIFFTAG_PAGENUMBER, (guint16) page, (guint16) n_pages);
      g_assert_cmpint (TIFFWriteRawStrip (tif, 0, (void *) strip_data, (tmsize_t) strip_length), ==,
                       (tmsize_t) strip_length);
      g_assert_true (TIFFWriteDirectory (tif));
    }
  TIFFClose (tif);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_unlink (path);
  g_rmdir (dir);
  return g_bytes_new_take (contents, length);
}

/* A TIFF page through libtiff's own encoder, row by row: JPEG in YCbCr (as
 * colour document scanners write it) or tiled Deflate. */
G_GNUC_UNUSED static GBytes *
bomb_tiff_encoded (guint32     width,
                   guint32     height,
                   BombContent content,
                   gboolean    tiled)
{
  g_autofree char *dir = g_dir_make_tmp ("mk-bomb-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "page.tif", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  TIFF *tif = TIFFOpen (path, "w");
  char *contents = NULL;
  gsize length = 0;

  g_assert_nonnull (tif);
  TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, width);
  TIFFSetField (tif, TIFFTAG_IMAGELENGTH, height);
  TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 8);
  TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, 3);
  TIFFSetField (tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField (tif, TIFFTAG_XRESOLUTION, 600.0);
  TIFFSetField (tif, TIFFTAG_YRESOLUTION, 600.0);
  TIFFSetField (tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
  if (tiled)
    {
      const guint32 tile = 256;
      g_autofree guint8 *rows = g_malloc ((gsize) width * 3 * tile);
      g_autofree guint8 *buffer = g_malloc ((gsize) tile * tile * 3);

      TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
      TIFFSetField (tif, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
      TIFFSetField (tif, TIFFTAG_TILEWIDTH, tile);
      TIFFSetField (tif, TIFFTAG_TILELENGTH, tile);
      for (guint32 ty = 0; ty < height; ty += tile)
        {
          for (guint32 y = 0; y < tile; y++)
            bomb_fill_row (content, 3, 8, width, MIN (ty + y, height - 1), rand, rows + (gsize) y * width * 3);
          for (guint32 tx = 0; tx < width; tx += tile)
            {
              memset (buffer, 255, (gsize) tile * tile * 3);
              for (guint32 y = 0; y < tile; y++)
                memcpy (buffer + (gsize) y * tile * 3, rows + (gsize) y * width * 3 + (gsize) tx * 3,
                        (gsize) MIN (tile, width - tx) * 3);
              g_assert_cmpint (TIFFWriteTile (tif, buffer, tx, ty, 0, 0), >, 0);
            }
        }
    }
  else
    {
      g_autofree guint8 *row = g_malloc ((gsize) width * 3);

      TIFFSetField (tif, TIFFTAG_COMPRESSION, COMPRESSION_JPEG);
      TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_YCBCR);
      TIFFSetField (tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
      TIFFSetField (tif, TIFFTAG_JPEGQUALITY, 85);
      TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, 64);
      for (guint32 y = 0; y < height; y++)
        {
          bomb_fill_row (content, 3, 8, width, y, rand, row);
          g_assert_cmpint (TIFFWriteScanline (tif, row, y, 0), ==, 1);
        }
    }
  TIFFClose (tif);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_unlink (path);
  g_rmdir (dir);
  return g_bytes_new_take (contents, length);
}

static void
bomb_png_chunk (GByteArray   *png,
                const char   *type,
                const guint8 *data,
                guint32       length)
{
  guint8 header[8];
  guint8 trailer[4];
  uLong crc = crc32 (0, (const Bytef *) type, 4);

  if (length > 0)
    crc = crc32 (crc, data, length);
  header[0] = (guint8) (length >> 24);
  header[1] = (guint8) (length >> 16);
  header[2] = (guint8) (length >> 8);
  header[3] = (guint8) length;
  memcpy (header + 4, type, 4);
  for (int i = 0; i < 4; i++)
    trailer[i] = (guint8) (crc >> (24 - 8 * i));
  g_byte_array_append (png, header, 8);
  if (length > 0)
    g_byte_array_append (png, data, length);
  g_byte_array_append (png, trailer, 4);
}

/* A PNG whose IHDR says @width × @height of 8- or 16-bit grey, RGB or RGBA
 * (colour type 0, 2, 6), interlaced or not. With @with_data its IDAT holds
 * every row (of a non-interlaced image); without, the file is a header
 * claiming the size with a token IDAT, which no reader should start on. */
static GBytes *
bomb_png (guint32     width,
          guint32     height,
          guint8      colour_type,
          guint8      bit_depth,
          gboolean    interlaced,
          BombContent content,
          gboolean    with_data)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  GByteArray *png = g_byte_array_new ();
  guint8 ihdr[13];
  guint spp = colour_type == 0 ? 1 : colour_type == 2 ? 3 : 4;

  g_byte_array_append (png, signature, 8);
  for (int i = 0; i < 4; i++)
    {
      ihdr[i] = (guint8) (width >> (24 - 8 * i));
      ihdr[4 + i] = (guint8) (height >> (24 - 8 * i));
    }
  ihdr[8] = bit_depth;
  ihdr[9] = colour_type;
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = interlaced ? 1 : 0;
  bomb_png_chunk (png, "IHDR", ihdr, sizeof ihdr);
  if (with_data)
    {
      g_autoptr(GBytes) idat = NULL;
      gsize length;
      const guint8 *data;

      g_assert_false (interlaced);
      idat = bomb_deflate_page (content, spp, bit_depth, width, height, TRUE);
      data = g_bytes_get_data (idat, &length);
      bomb_png_chunk (png, "IDAT", data, (guint32) length);
    }
  else
    {
      static const guint8 token[] = { 0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01 };

      bomb_png_chunk (png, "IDAT", token, sizeof token);
    }
  bomb_png_chunk (png, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (png);
}

static cairo_status_t
bomb_pdf_written_cb (void                *closure,
                     const unsigned char *data,
                     unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* An A4 PDF of @n_pages pages with a line of text each. */
static GBytes *
bomb_pdf (guint n_pages)
{
  GByteArray *output = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (bomb_pdf_written_cb, output, 595, 842);
  cairo_t *cr = cairo_create (surface);

  for (guint i = 0; i < n_pages; i++)
    {
      cairo_set_font_size (cr, 12);
      cairo_move_to (cr, 60, 80);
      cairo_show_text (cr, "Technical passport, page");
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (output);
}
