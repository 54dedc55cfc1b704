/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Demo data in the store: users for every role and cases in bulk, for trying the app and benchmarks. */
#define G_LOG_DOMAIN "mk-store"

#include "mk-store-private.h"

#include <glib/gi18n-lib.h>

#include "mk-deadline.h"
#include "mk-demo.h"
#include "mk-workflow.h"

#define DEMO_BATCH 125000

/* Positions as the offices write them, in Kazakh and Russian (§17: they are
 * printed on the documents, whatever language the desk runs in). */
typedef struct {
  const char *login;
  MkRole      role;
  const char *office;
  const char *position_kk;
  const char *position_ru;
} DemoUser;

static const DemoUser demo_users[] = {
  { "demo-admin", MK_ROLE_ADMINISTRATOR, "c05", "Әкімші", "Администратор" },
  { "demo-center", MK_ROLE_CENTER_INSPECTOR, "c05", "Инспектор", "Инспектор" },
  { "demo-accum", MK_ROLE_ACCUMULATION_INSPECTOR, "c05", "Жинақтау бөлімінің инспекторы",
    "Инспектор накопительного отдела" },
  { "demo-head", MK_ROLE_PROVIDER_HEAD, "p01", "Бөлім басшысы", "Руководитель отдела" },
  { "demo-exec", MK_ROLE_PROVIDER_EXECUTOR, "p01", "Бас маман", "Главный специалист" },
};

static MkUser *
find_admin (MkStore  *self,
            GError  **error)
{
  MkDbStmt *stmt = mk_store_stmt (self, "SELECT id FROM users WHERE role = ?1 AND active = 1"
                                            " ORDER BY id LIMIT 1", error);
  gint64 id = 0;

  if (stmt == NULL)
    return NULL;
  mk_store_bind_text (stmt, 1, mk_role_to_id (MK_ROLE_ADMINISTRATOR));
  if (mk_db_step (stmt) == MK_DB_ROW)
    id = mk_db_column_int64 (stmt, 0);
  mk_db_reset (stmt);
  if (id == 0)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("The store has users but no active administrator to add the demo users"));
      return NULL;
    }
  return mk_store_get_user (self, id, error);
}

/* The demo accounts, made at most once: in one write transaction, so that
 * several demo runs at once against one server all find them, whichever
 * made them. */
static gboolean
ensure_demo_users (MkStore  *self,
                   MkDemo   *demo,
                   gint64   *center_user,
                   GError  **error)
{
  g_autoptr(MkUser) admin = NULL;
  g_autofree char *hash = mk_store_hash_password ("demo", error);
  gboolean ok = TRUE;
  int real_users = 0;

  if (hash == NULL || !mk_store_begin (self, error))
    return FALSE;
  /* #13: accounts with the password "demo" and invented cases go only into an
   * empty database or one that is demo data already, never beside real staff. */
  if (!mk_store_query_int (self, "SELECT count(*) FROM users WHERE demo = 0", &real_users, error))
    ok = FALSE;
  else if (real_users > 0)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_PERMISSION,
                   _("The database %s has real users: demo data goes only into an empty database or a demo one"),
                   self->display_name);
      ok = FALSE;
    }
  for (guint i = 0; ok && i < G_N_ELEMENTS (demo_users); i++)
    {
      g_autoptr(MkUser) user = NULL;
      gint64 id = mk_store_find_user_id (self, demo_users[i].login, NULL);

      if (id == 0)
        {
          if (admin == NULL && mk_store_count_users (self) > 0
              && (admin = find_admin (self, error)) == NULL)
            {
              ok = FALSE;
              break;
            }
          user = mk_user_new ();
          user->login = g_strdup (demo_users[i].login);
          user->full_name = mk_demo_person_name (demo);
          user->position.kk = g_strdup (demo_users[i].position_kk);
          user->position.ru = g_strdup (demo_users[i].position_ru);
          user->phone = g_strdup ("+7 721 200 00 00");
          user->office_id = g_strdup (demo_users[i].office);
          user->role = demo_users[i].role;
          user->demo = TRUE;
          ok = mk_store_add_user_in_transaction (self, admin, user, hash, error);
          if (!ok)
            break;
          id = user->id;
          if (admin == NULL)
            admin = g_steal_pointer (&user);
        }
      if (demo_users[i].role == MK_ROLE_CENTER_INSPECTOR)
        *center_user = id;
    }
  return mk_store_finish (self, ok, error);
}

static gboolean
stage_past (MkStore    *self,
            const char *stage,
            guint       step)
{
  const MkStage *s = mk_regulation_get_stage (self->regulation, stage);

  return s != NULL && (s->step > step || s->final);
}

/* Fills what the store computes for a case the demo placed at some stage
 * (all but the registration number and what follows from it). Runs in the
 * producer thread: reads only the regulation and the calendar. */
static void
complete_demo_case (MkStore *self,
                    MkCase  *c,
                    guint    term)
{
  GDate accepted;

  mk_clock_date_of (c->accepted_at, &accepted);
  mk_deadlines_compute (self->calendar, term,
                        mk_regulation_get_norm (self->regulation, "storage-months"), &accepted, &c->deadlines);
  g_date_clear (&c->return_due, 1);
  g_date_clear (&c->notify_due, 1);

  /* §19: the package reaches the provider on the day of acceptance; §24 runs from then. */
  if (g_strcmp0 (c->stage, "accumulation") != 0 && g_strcmp0 (c->stage, "refused-at-intake") != 0)
    mk_deadline_return_for_errors (self->calendar,
                                   mk_regulation_get_norm (self->regulation, "return-for-errors-days"),
                                   &accepted, &c->return_due);
  if (g_strcmp0 (c->stage, "returned") == 0)
    {
      mk_deadline_notification (self->calendar,
                                mk_regulation_get_norm (self->regulation, "notification-days"),
                                &c->return_due, &c->notify_due);
      if (c->grounds == NULL)
        c->grounds = g_strdup (_("The technical passport does not match the object"));
    }
  if (c->result == NULL && stage_past (self, c->stage, 4)
      && g_strcmp0 (c->stage, "returned") != 0 && g_strcmp0 (c->stage, "refused-at-intake") != 0)
    c->result = g_strdup ("certificate");
  if (c->result != NULL)
    {
      if (!g_date_valid (&c->result_date))
        c->result_date = c->deadlines.provider_due;
      if (g_strcmp0 (c->result, "refusal") == 0 && stage_past (self, c->stage, 6))
        mk_deadline_notification (self->calendar,
                                  mk_regulation_get_norm (self->regulation, "notification-days"),
                                  &c->deadlines.provider_due, &c->notify_due);
    }
  mk_workflow_update_due (self->regulation, c);
}

static void
count_case (GHashTable *counts,
            const char *office,
            const char *stage)
{
  char *key = g_strconcat (office, "\x1f", stage, NULL);
  gpointer n = g_hash_table_lookup (counts, key);

  g_hash_table_replace (counts, key, GINT_TO_POINTER (GPOINTER_TO_INT (n) + 1));
}

static gboolean
flush_counts (MkStore     *self,
              GHashTable  *counts,
              GError     **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (key, "\x1f", 2);

      /* Office '' holds the totals; one office per key here. */
      if (!mk_store_counts_adjust (self, parts[0], NULL, parts[1], GPOINTER_TO_INT (value), error))
        return FALSE;
    }
  g_hash_table_remove_all (counts);
  return TRUE;
}

/* Bulk loading runs on two threads: a producer makes the cases (the demo
 * generator, deadlines, most of the search text) while the caller's thread
 * numbers them and writes them to SQLite, which is the larger half. Chunks of
 * cases go through a queue; a second queue returns empty chunks, which bounds
 * the memory in flight. */
#define DEMO_CHUNK 512
#define DEMO_CHUNKS_IN_FLIGHT 8

typedef struct {
  MkCase *c;
  char   *index_tail;     /* mk_store_index_text_tail() */
  guint   term;
  int     year;           /* of acceptance: numbers the case */
} DemoItem;

typedef struct {
  DemoItem  items[DEMO_CHUNK];
  guint     len;
  GError   *error;
} DemoChunk;

typedef struct {
  MkStore     *store;
  MkDemo      *demo;
  GPtrArray   *centers;
  GHashTable  *offices;
  gint64       center_user_id;
  guint        n_cases;
  GAsyncQueue *full;
  GAsyncQueue *empty;
  gint         stop;        /* atomic: the writer gave up */
} DemoProducer;

/* Pushed after the last chunk. */
static DemoChunk demo_end;

static void
demo_chunk_clear (DemoChunk *chunk)
{
  for (guint i = 0; i < chunk->len; i++)
    {
      g_clear_pointer (&chunk->items[i].c, mk_case_unref);
      g_clear_pointer (&chunk->items[i].index_tail, g_free);
    }
  chunk->len = 0;
  g_clear_error (&chunk->error);
}

static void
demo_chunk_free (gpointer data)
{
  DemoChunk *chunk = data;

  if (chunk == &demo_end)
    return;
  demo_chunk_clear (chunk);
  g_free (chunk);
}

static gboolean
prepare_demo_case (DemoProducer  *p,
                   DemoItem      *item,
                   guint          i,
                   GError       **error)
{
  MkStore *self = p->store;
  MkCase *c = mk_demo_next_case (p->demo);
  const MkOffice *center;
  GDate accepted;

  item->c = c;
  if (c->center_id == NULL)
    c->center_id = g_strdup (((MkOffice *) g_ptr_array_index (p->centers, i % p->centers->len))->id);
  center = g_hash_table_lookup (p->offices, c->center_id);
  if (center == NULL)
    {
      g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                   _("Demo case names unknown center office “%s”"), c->center_id);
      return FALSE;
    }
  if (c->provider_id == NULL)
    c->provider_id = g_strdup (center->provider_id);
  if (c->stage == NULL)
    c->stage = g_strdup (mk_regulation_get_initial_stage (self->regulation));
  c->accepted_by = p->center_user_id;
  c->regulation_id = self->regulation_id;
  g_clear_pointer (&c->regno, g_free);
  item->term = mk_regulation_get_term_days (self->regulation, c->kind);
  mk_clock_date_of (c->accepted_at, &accepted);
  item->year = g_date_get_year (&accepted);
  complete_demo_case (self, c, item->term);
  item->index_tail = mk_store_index_text_tail (self->regulation, c);
  return TRUE;
}

static gpointer
demo_produce (gpointer data)
{
  DemoProducer *p = data;
  guint made = 0;

  while (made < p->n_cases && !g_atomic_int_get (&p->stop))
    {
      DemoChunk *chunk = g_async_queue_pop (p->empty);
      guint n = MIN (DEMO_CHUNK, p->n_cases - made);

      /* Freeing the written cases is the producer's work too: the writer is the bottleneck. */
      demo_chunk_clear (chunk);

      for (guint i = 0; i < n; i++)
        {
          gboolean ok = prepare_demo_case (p, &chunk->items[chunk->len], made + i, &chunk->error);

          /* A half-made case is freed with the chunk. */
          chunk->len++;
          if (!ok)
            break;
        }
      made += n;
      g_async_queue_push (p->full, chunk);
      if (chunk->error != NULL)
        break;
    }
  g_async_queue_push (p->full, &demo_end);
  return NULL;
}

gboolean
mk_store_seed_demo (MkStore  *self,
                    guint     n_cases,
                    guint32   seed,
                    GError  **error)
{
  g_autoptr(GPtrArray) centers = NULL;
  g_autoptr(MkDemo) demo = NULL;
  g_autoptr(MkUser) center_user = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) offices = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) mk_office_free);
  gint64 center_user_id = 0;
  gint64 next_id = 0;
  MkDbStmt *stmt;
  GDate today;
  guint done = 0;
  DemoProducer producer = { 0 };
  DemoChunk *chunk = NULL;
  guint next_item = 0;
  gboolean ended = FALSE;
  gboolean ok = TRUE;
  GThread *thread;

  g_return_val_if_fail (MK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  centers = mk_store_list_offices (self, MK_ORG_CENTER, error);
  if (centers == NULL)
    return FALSE;
  if (!self->engine->bulk_begin (self, error))
    return FALSE;
  for (guint i = 0; i < centers->len; i++)
    {
      MkOffice *o = g_ptr_array_index (centers, i);

      g_hash_table_insert (offices, o->id, mk_store_get_office (self, o->id, NULL));
    }
  mk_store_get_today (self, &today);
  demo = mk_demo_new (seed, &today, centers, self->regulation);

  /* A failed run puts the everyday index settings back too (#13). */
  if (!ensure_demo_users (self, demo, &center_user_id, error))
    {
      self->engine->bulk_end (self, NULL);
      return FALSE;
    }
  center_user = mk_store_get_user (self, center_user_id, error);
  if (center_user == NULL)
    {
      self->engine->bulk_end (self, NULL);
      return FALSE;
    }

  producer.store = self;
  producer.demo = demo;
  producer.centers = centers;
  producer.offices = offices;
  producer.center_user_id = center_user_id;
  producer.n_cases = n_cases;
  producer.full = g_async_queue_new ();
  producer.empty = g_async_queue_new_full (demo_chunk_free);
  for (guint i = 0; i < DEMO_CHUNKS_IN_FLIGHT; i++)
    g_async_queue_push (producer.empty, g_new0 (DemoChunk, 1));
  thread = g_thread_new ("mk-demo", demo_produce, &producer);

  while (ok && done < n_cases)
    {
      guint batch = MIN (DEMO_BATCH, n_cases - done);

      /* One transaction per batch: a million single commits would take hours. */
      if (!mk_store_begin (self, error))
        {
          ok = FALSE;
          break;
        }
      self->in_bulk = TRUE;

      ok = self->engine->bulk_batch_begin == NULL || self->engine->bulk_batch_begin (self, error);
      stmt = ok ? mk_store_stmt (self, "SELECT coalesce (max (id), 0) FROM cases", error) : NULL;
      ok = stmt != NULL && mk_db_step (stmt) == MK_DB_ROW;
      if (ok)
        next_id = mk_db_column_int64 (stmt, 0) + 1;
      if (stmt != NULL)
        mk_db_reset (stmt);

      for (guint i = 0; ok && i < batch; i++)
        {
          g_autofree char *after = NULL;
          g_autofree char *text = NULL;
          g_autofree char *regno = NULL;
          const MkOffice *center;
          DemoItem *item;
          MkCase *c;

          if (chunk == NULL || next_item == chunk->len)
            {
              if (chunk != NULL)
                g_async_queue_push (producer.empty, chunk);
              chunk = g_async_queue_pop (producer.full);
              next_item = 0;
              if (chunk == &demo_end)
                {
                  /* The producer stops early only on an error, reported with its chunk. */
                  chunk = NULL;
                  ended = TRUE;
                  ok = FALSE;
                  g_set_error (error, MK_STORE_ERROR, MK_STORE_ERROR_INVALID,
                               _("The demo generator stopped early"));
                  break;
                }
              if (chunk->error != NULL)
                {
                  g_propagate_error (error, g_steal_pointer (&chunk->error));
                  ok = FALSE;
                  break;
                }
            }
          item = &chunk->items[next_item++];
          c = item->c;
          center = g_hash_table_lookup (offices, c->center_id);
          c->id = next_id++;
          regno = mk_store_next_regno (self, center, item->year, error);
          ok = regno != NULL;
          if (!ok)
            break;
          /* §4, §6: the codes follow from the number, unique as it is. */
          mk_demo_number_case (c, regno);
          if (c->result != NULL && c->result_number == NULL)
            c->result_number = g_strdup (c->regno);
          text = mk_store_index_text_join (c, item->index_tail);

          ok = mk_store_insert_case_row (self, c, item->term, FALSE, text, error);
          if (ok)
            {
              after = mk_store_case_event_summary (c);
              ok = mk_store_append_event (self, c->id, c->accepted_at, center_user, "register",
                                          NULL, c->stage, NULL, after, NULL, error);
            }
          count_case (counts, "", c->stage);
          count_case (counts, c->center_id, c->stage);
          count_case (counts, c->provider_id, c->stage);
        }
      if (ok)
        ok = flush_counts (self, counts, error) && mk_store_bulk_flush (self, error)
             && (self->engine->bulk_batch_end == NULL || self->engine->bulk_batch_end (self, error));
      self->in_bulk = FALSE;
      g_hash_table_remove_all (counts);
      ok = mk_store_finish (self, ok, error);
      done += batch;
    }

  /* Stop the producer (if it is still running) and take back its chunks. */
  g_atomic_int_set (&producer.stop, 1);
  if (chunk != NULL)
    {
      demo_chunk_clear (chunk);
      g_async_queue_push (producer.empty, chunk);
    }
  while (!ended)
    {
      chunk = g_async_queue_pop (producer.full);
      ended = chunk == &demo_end;
      if (!ended)
        {
          demo_chunk_clear (chunk);
          g_async_queue_push (producer.empty, chunk);
        }
    }
  g_thread_join (thread);
  g_async_queue_unref (producer.full);
  g_async_queue_unref (producer.empty);
  if (!ok)
    {
      self->engine->bulk_end (self, NULL);
      return FALSE;
    }

  return self->engine->bulk_end (self, error);
}
