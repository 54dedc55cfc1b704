/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the 1,000,000-case benchmarks (bench-search, bench-report) share: the
 * order of timings, the PostgreSQL server's databases, and the temporary
 * SQLite file's removal. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>

static inline int
bench_cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static inline void
bench_pg_command (const char *conninfo,
                  const char *sql)
{
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  PQclear (result);
  PQfinish (conn);
}

static inline gboolean
bench_pg_database_exists (const char *conninfo,
                          const char *name)
{
  PGconn *conn = PQconnectdb (conninfo);
  const char *values[] = { name };
  PGresult *result = PQexecParams (conn, "SELECT 1 FROM pg_database WHERE datname = $1", 1, NULL,
                                   values, NULL, NULL, 0);
  gboolean exists = PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1;

  PQclear (result);
  PQfinish (conn);
  return exists;
}

/* Removes the SQLite file @db_path, its WAL and shared memory, and @tmpdir. */
static inline void
bench_remove_sqlite (const char *db_path,
                     const char *tmpdir)
{
  static const char *const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *f = g_strconcat (db_path, suffixes[i], NULL);
      g_unlink (f);
    }
  g_rmdir (tmpdir);
}
