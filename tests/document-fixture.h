/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A fully filled case, offices and users for the document, signature and benchmark programs. */
#pragma once

#include <glib.h>
#include "mekenjai-core.h"
#include "mk-document.h"

/* Every Kazakh-specific letter, small and capital, appears in the data below:
 * ә ғ қ ң ө ұ ү һ і — Ә Ғ Қ Ң Ө Ұ Ү Һ І. */
#define FIXTURE_APPLICANT   "Әлихан Ғабитұлы Құрманғалиев"
#define FIXTURE_IIN         "870412300415"
#define FIXTURE_PHONE       "+7 701 555 12 34"
#define FIXTURE_REP         "Өмірзақ Үкібайұлы Һадиев"
#define FIXTURE_REP_IIN     "900101300123"
#define FIXTURE_REP_PHONE   "+7 777 100 20 30"
#define FIXTURE_POA         "№ 1452 от 02.03.2026"
#define FIXTURE_REGNO       "3501-2026-000123"
#define FIXTURE_RESULT_NO   "А-2026-0457"
#define FIXTURE_RCA         "0000123456789012"
#define FIXTURE_CADASTRAL   "09:142:013:456"
#define FIXTURE_BASIS       "45/12"
#define FIXTURE_FREE_TEXT   "Техникалық паспорттағы аудан (Ұ-блок) сәйкес келмейді. Площадь в техпаспорте не совпадает."

typedef struct {
  MkRegulation *regulation;
  GPtrArray    *offices;
  const MkOffice *center;
  const MkOffice *provider;
  MkUser        inspector;
  MkUser        head;
  MkUser        executor;
  MkUser        accumulation;
} Fixture;

static inline void
fixture_text (MkText *text, const char *kk, const char *ru)
{
  text->kk = g_strdup (kk);
  text->ru = g_strdup (ru);
  text->en = g_strdup (ru);
}

static inline MkAddress *
fixture_address (const char *geonym_kk, const char *geonym_ru, const char *building, const char *rca)
{
  MkAddress *address = mk_address_new ();

  address->kato = g_strdup ("351010000");
  fixture_text (&address->region, "Қарағанды облысы", "Карагандинская область");
  fixture_text (&address->district, "Қарағанды қаласы", "г. Караганда");
  fixture_text (&address->city_district, "Әлихан Бөкейхан ауданы", "район имени Алихана Бокейхана");
  fixture_text (&address->settlement, "Қарағанды қаласы", "г. Караганда");
  g_free (address->geonym_type);
  address->geonym_type = g_strdup ("street");
  fixture_text (&address->geonym, geonym_kk, geonym_ru);
  address->building = g_strdup (building);
  address->rca = g_strdup (rca);
  address->active = TRUE;
  return address;
}

static inline MkCase *
fixture_case (MkServiceKind kind)
{
  MkCase *kase = mk_case_new ();
  static const char *const items[] = {
    "application", "akimat-decision", "technical-passport", "identity-document", "title-document",
  };

  kase->id = 123;
  kase->regno = g_strdup (FIXTURE_REGNO);
  kase->center_id = g_strdup ("c01");
  kase->provider_id = g_strdup ("p01");
  kase->kind = kind;
  kase->conditions = MK_CONDITION_REPRESENTATIVE;
  kase->stage = g_strdup ("at-center");
  /* 2026-03-20 10:35 in Karaganda (UTC+5). */
  kase->accepted_at = 1773984900;
  g_date_set_dmy (&kase->deadlines.accepted, 20, 3, 2026);
  kase->deadlines.working_days = 7;
  g_date_set_dmy (&kase->deadlines.provider_due, 31, 3, 2026);
  g_date_set_dmy (&kase->deadlines.issue_date, 1, 4, 2026);
  g_date_set_dmy (&kase->deadlines.storage_until, 1, 5, 2026);
  kase->applicant_kind = MK_APPLICANT_INDIVIDUAL;
  kase->applicant_idn = g_strdup (FIXTURE_IIN);
  kase->applicant_name = g_strdup (FIXTURE_APPLICANT);
  kase->applicant_phone = g_strdup (FIXTURE_PHONE);
  kase->rep_name = g_strdup (FIXTURE_REP);
  kase->rep_idn = g_strdup (FIXTURE_REP_IIN);
  kase->rep_phone = g_strdup (FIXTURE_REP_PHONE);
  kase->rep_poa = g_strdup (FIXTURE_POA);
  kase->object_kind = MK_OBJECT_BUILDING;
  kase->cadastral = g_strdup (FIXTURE_CADASTRAL);
  kase->address = fixture_address ("Жаһанша Досмұхамедұлы", "Жаханши Досмухамедова", "17/2", FIXTURE_RCA);
  kase->address->block = g_strdup ("Ң");
  kase->former_address = fixture_address ("Ұлытау", "Улытау", "5", NULL);
  kase->basis_number = g_strdup (FIXTURE_BASIS);
  g_date_set_dmy (&kase->basis_date, 12, 3, 2026);
  kase->result = g_strdup ("certificate");
  kase->result_number = g_strdup (FIXTURE_RESULT_NO);
  g_date_set_dmy (&kase->result_date, 30, 3, 2026);
  kase->grounds = g_strdup (FIXTURE_FREE_TEXT);

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      MkCaseItem *item = mk_case_item_new (items[i], TRUE);

      /* The technical passport is missing: it shows on the §23 receipt. */
      item->present = i != 2;
      item->original_returned = item->present;
      item->n_attachments = 1;
      g_ptr_array_add (kase->items, item);
    }
  return kase;
}

static inline void
fixture_user (MkUser *user, gint64 id, const char *name, const char *position_kk,
              const char *position_ru, const char *phone, const char *office, MkRole role)
{
  memset (user, 0, sizeof *user);
  user->id = id;
  user->login = g_strdup_printf ("user%" G_GINT64_FORMAT, id);
  user->full_name = g_strdup (name);
  user->position.kk = g_strdup (position_kk);
  user->position.ru = g_strdup (position_ru);
  user->phone = g_strdup (phone);
  user->office_id = g_strdup (office);
  user->role = role;
  user->active = TRUE;
}

static inline void
fixture_user_clear (MkUser *user)
{
  g_free (user->login);
  g_free (user->full_name);
  mk_text_clear (&user->position);
  g_free (user->phone);
  g_free (user->office_id);
}

static inline void
fixture_init (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->regulation = mk_regulation_new_default (&error);
  g_assert_no_error (error);
  f->offices = mk_offices_load_default (&error);
  g_assert_no_error (error);
  f->center = mk_offices_find (f->offices, "c01");
  f->provider = mk_offices_find (f->offices, "p01");
  g_assert_nonnull (f->center);
  g_assert_nonnull (f->provider);
  fixture_user (&f->inspector, 2, "Гүлнұр Серікқызы Әбдірахманова", "ХҚКО инспекторы", "инспектор ЦОН",
                "+7 7212 41 00 01", "c01", MK_ROLE_CENTER_INSPECTOR);
  fixture_user (&f->head, 3, "Нұрлан Қайратұлы Үсенов", "Бөлім басшысы", "руководитель отдела",
                "+7 7212 42 02 20", "p01", MK_ROLE_PROVIDER_HEAD);
  fixture_user (&f->executor, 4, "Іңкәр Ғалымқызы Өтегенова", "Бас маман", "главный специалист",
                "+7 7212 42 02 21", "p01", MK_ROLE_PROVIDER_EXECUTOR);
  fixture_user (&f->accumulation, 5, "Һарун Ерланұлы Жақыпов", "Жинақтау бөлімінің инспекторы",
                "инспектор накопительного отдела", "+7 7212 41 00 02", "c01", MK_ROLE_ACCUMULATION_INSPECTOR);
}

static inline void
fixture_clear (Fixture *f)
{
  g_clear_object (&f->regulation);
  g_clear_pointer (&f->offices, g_ptr_array_unref);
  fixture_user_clear (&f->inspector);
  fixture_user_clear (&f->head);
  fixture_user_clear (&f->executor);
  fixture_user_clear (&f->accumulation);
}

static const char *const fixture_grounds[] = { "data-mismatch", "incomplete-documents", NULL };

/* The input for one document of @kase (not the register). */
static inline void
fixture_input (Fixture *f, MkDocumentType type, MkCase *kase, MkDocumentInput *in)
{
  memset (in, 0, sizeof *in);
  in->regulation = f->regulation;
  in->center = f->center;
  in->provider = f->provider;
  in->kase = kase;
  in->employee = &f->inspector;
  in->signer = type == MK_DOCUMENT_RETURN_LETTER ? &f->executor : &f->head;
  if (type == MK_DOCUMENT_REFUSAL || type == MK_DOCUMENT_RETURN_LETTER)
    in->grounds = fixture_grounds;
}
