/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The whole core, for the application, the command-line tool and the tests. */
#pragma once

#include "mk-types.h"
#include "mk-id.h"
#include "mk-calendar.h"
#include "mk-deadline.h"
#include "mk-regulation.h"
#include "mk-workflow.h"
#include "mk-names.h"
#include "mk-timeliness.h"
#include "mk-report.h"
#include "mk-report-document.h"
#include "mk-case.h"
#include "mk-office.h"
#include "mk-temp.h"
#include "mk-store.h"
#include "mk-store-watch.h"
#include "mk-demo.h"
