/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PostgreSQL server of the tests: the store and command-line tests run
 * on SQLite, or on the server whose connection string MK_TEST_PG gives
 * (tests/pg-server.sh starts one; dev.sh runs the tests on both). */
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <glib.h>

static inline const char *
store_test_pg (void)
{
  const char *pg = g_getenv ("MK_TEST_PG");

  return pg != NULL && *pg != '\0' ? pg : NULL;
}

static inline void
store_test_pg_command (const char *sql)
{
  PGconn *conn = PQconnectdb (store_test_pg ());
  PGresult *result;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (conn);
}

/* A new empty database on the test server: its connection string, and its
 * name in @name (for store_test_pg_drop). */
static inline char *
store_test_pg_create (char **name)
{
  static guint counter;
  g_autofree char *sql = NULL;

  *name = g_strdup_printf ("mk_t_%d_%u_%u", (int) getpid (), g_atomic_int_add (&counter, 1),
                           g_random_int () % 100000);
  /* Test code: the name is made just above, of letters, digits and _. */
  sql = g_strdup_printf ("CREATE DATABASE %s", *name);
  store_test_pg_command (sql);
  return g_strdup_printf ("%s dbname=%s", store_test_pg (), *name);
}

static inline void
store_test_pg_drop (const char *name)
{
  g_autofree char *sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", name);

  store_test_pg_command (sql);
}

