#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Validates the desktop data of the application: desktop file, metainfo,
# settings schema, and the translations (complete, no fuzzy entries).
set -eu

check="$1"
root="${MK_SOURCE_ROOT:?}"

case "$check" in
  desktop)
    desktop-file-validate "${MK_DESKTOP_FILE:?}"
    ;;
  metainfo)
    appstreamcli validate --no-net --explain "${MK_METAINFO_FILE:?}"
    ;;
  schema)
    glib-compile-schemas --strict --dry-run "$root/data"
    # The example override IT copies next to the schema names only real keys
    # with values of the right type.
    dir=$(mktemp -d)
    trap 'rm -rf "$dir"' EXIT
    cp "$root/data/kz.mekenjai.Mekenjai.gschema.xml" "$root"/data/examples/*.gschema.override "$dir/"
    glib-compile-schemas --strict --dry-run "$dir"
    ;;
  po)
    status=0
    for po in "$root"/po/*.po; do
      # msgfmt prints e.g. "120 translated messages, 3 fuzzy translations, 2 untranslated messages."
      stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1) || { echo "$po: $stats"; status=1; continue; }
      echo "$(basename "$po"): $stats"
      case "$stats" in
        *fuzzy*|*untranslated*) echo "$po: incomplete translation"; status=1 ;;
      esac
    done
    exit $status
    ;;
  *)
    echo "unknown check: $check" >&2
    exit 2
    ;;
esac
