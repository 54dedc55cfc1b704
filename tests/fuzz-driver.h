/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The plain driver of every fuzz target, for CI: included at the end of a
 * target's file, after its LLVMFuzzerTestOneInput(). Under libFuzzer
 * (MK_FUZZ_LIBFUZZER) libFuzzer's own main() is used instead. */
#pragma once

#include <glib.h>
#include <string.h>

#ifndef MK_FUZZ_LIBFUZZER

/* Without libFuzzer: run every corpus file, then N mutations of them made
 * from a fixed seed, so a CI run under ASan is reproducible. */
static GPtrArray *
load_corpus (const char *path)
{
  GPtrArray *corpus = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (file, &contents, &length, NULL))
        g_ptr_array_add (corpus, g_bytes_new_take (contents, length));
    }
  return corpus;
}

static guint8 *
mutate (GRand        *rand,
        const guint8 *data,
        gsize         length,
        gsize        *out_length)
{
  gsize n = MAX (length, 1);
  guint8 *out = g_malloc (n + 64);
  int edits = g_rand_int_range (rand, 1, 9);

  memcpy (out, data, length);
  if (length == 0)
    out[0] = 0;
  for (int i = 0; i < edits; i++)
    {
      gsize at = (gsize) g_rand_int_range (rand, 0, (gint32) n);

      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:  /* flip a bit */
          out[at] ^= (guint8) (1 << g_rand_int_range (rand, 0, 8));
          break;
        case 1:  /* set an interesting byte */
          out[at] = (guint8) (g_rand_boolean (rand) ? 0xff : 0x00);
          break;
        case 2:  /* truncate */
          n = MAX (at, 1);
          break;
        default:  /* random byte */
          out[at] = (guint8) g_rand_int_range (rand, 0, 256);
          break;
        }
    }
  *out_length = n;
  return out;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) corpus = NULL;
  g_autoptr(GRand) rand = NULL;
  guint runs = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 500;

  if (argc < 2)
    {
      g_printerr ("usage: %s CORPUS-DIR [RUNS]\n", argv[0]);
      return 2;
    }

  corpus = load_corpus (argv[1]);
  if (corpus->len == 0)
    {
      g_printerr ("%s: empty corpus\n", argv[1]);
      return 1;
    }

  g_print ("1..2\n");
  for (guint i = 0; i < corpus->len; i++)
    {
      gsize length;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (corpus, i), &length);

      LLVMFuzzerTestOneInput (data, length);
    }
  g_print ("ok 1 - %u corpus files\n", corpus->len);

  rand = g_rand_new_with_seed (20131056);  /* fixed: runs are reproducible */
  for (guint i = 0; i < runs; i++)
    {
      GBytes *seed = g_ptr_array_index (corpus, (guint) g_rand_int_range (rand, 0, (gint32) corpus->len));
      gsize length, mutated_length;
      const guint8 *data = g_bytes_get_data (seed, &length);
      g_autofree guint8 *mutated = mutate (rand, data, length, &mutated_length);

      LLVMFuzzerTestOneInput (mutated, mutated_length);
    }
  g_print ("ok 2 - %u mutated inputs\n", runs);

  return 0;
}

#endif
