/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small pictures of scanned pages, for the scan dialog's page list. */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include "mk-pages.h"

G_BEGIN_DECLS

/* @page drawn at most @size pixels on its longer side, turned as the page says. */
GdkPixbuf *mk_page_thumbnail (MkPage *page,
                              int     size);

G_END_DECLS
