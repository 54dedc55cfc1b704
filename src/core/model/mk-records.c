/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "mk-records.h"

MkUser *
mk_user_new (void)
{
  MkUser *user = g_new0 (MkUser, 1);

  user->active = TRUE;
  return user;
}

MkUser *
mk_user_copy (const MkUser *user)
{
  MkUser *copy;

  g_return_val_if_fail (user != NULL, NULL);

  copy = g_new0 (MkUser, 1);
  *copy = *user;
  copy->login = g_strdup (user->login);
  copy->full_name = g_strdup (user->full_name);
  copy->position = (MkText) { 0 };
  mk_text_copy (&copy->position, &user->position);
  copy->phone = g_strdup (user->phone);
  copy->office_id = g_strdup (user->office_id);
  copy->cert_sha256 = g_strdup (user->cert_sha256);
  copy->cert_name = g_strdup (user->cert_name);
  return copy;
}

void
mk_user_free (MkUser *user)
{
  if (user == NULL)
    return;
  g_free (user->login);
  g_free (user->full_name);
  mk_text_clear (&user->position);
  g_free (user->phone);
  g_free (user->office_id);
  g_free (user->cert_sha256);
  g_free (user->cert_name);
  g_free (user);
}

void
mk_case_row_free (MkCaseRow *row)
{
  if (row == NULL)
    return;
  g_free (row->regno);
  g_free (row->applicant_name);
  g_free (row->applicant_idn);
  g_free (row->stage);
  g_free (row);
}

void
mk_register_free (MkRegister *reg)
{
  if (reg == NULL)
    return;
  g_free (reg->number);
  g_free (reg->direction);
  g_free (reg->center_id);
  g_free (reg->provider_id);
  g_clear_pointer (&reg->case_ids, g_array_unref);
  g_clear_pointer (&reg->case_received_at, g_array_unref);
  g_free (reg);
}
