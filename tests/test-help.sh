#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The user help (#11): the English pages validate as Mallard; the Kazakh and
# Russian translations are complete, build with itstool and validate; every
# page and figure exists in all three languages; every page the windows open
# with F1 exists.
#
#   tests/test-help.sh SOURCE_ROOT
set -eu

root="$1"
help="$root/help"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
n=0

ok () { n=$((n + 1)); echo "ok $n - $*"; }
not_ok () { n=$((n + 1)); echo "not ok $n - $*"; status=1; }

pages=$(sed -n "s/^ *'\([a-z-]*\.page\)',\$/\1/p" "$help/meson.build")
media=$(sed -n "s/^ *'\(figures\/[a-z-]*\.png\)',\$/\1/p" "$help/meson.build")
[ -n "$pages" ] || { echo "Bail out! no pages listed in help/meson.build"; exit 1; }

# Every page file in help/C is listed (an unlisted one would not be installed).
for file in "$help"/C/*.page; do
  name=$(basename "$file")
  echo "$pages" | grep -qx "$name" || not_ok "help/C/$name is not listed in help/meson.build"
done

if (cd "$help/C" && yelp-check validate $pages) >"$work/validate-C.txt" 2>&1 \
   && ! grep -q . "$work/validate-C.txt"; then
  ok "the English pages validate"
else
  cat "$work/validate-C.txt"
  not_ok "the English pages validate"
fi

for m in $media; do
  if [ -f "$help/C/$m" ]; then ok "C/$m"; else not_ok "C/$m is missing"; fi
  # Every figure referenced by a page is listed, and the other way round.
done
for m in $(cat "$help"/C/*.page | grep -o 'src="figures/[a-z-]*\.png"' | sed 's/src="//; s/"$//' | sort -u); do
  echo "$media" | grep -qx "$m" || not_ok "$m is used by a page but not listed in help/meson.build"
done

for lang in $(cat "$help/LINGUAS"); do
  po="$help/$lang/$lang.po"
  stats=$(LC_ALL=C msgfmt --check --statistics -o "$work/$lang.mo" "$po" 2>&1) || { not_ok "$lang.po: $stats"; continue; }
  case "$stats" in
    *fuzzy*|*untranslated*) not_ok "$lang.po is not fully translated: $stats" ;;
    *) ok "$lang.po: $stats" ;;
  esac
  mkdir -p "$work/$lang"
  (cd "$help/C" && itstool -m "$work/$lang.mo" -o "$work/$lang" $pages)
  cp -r "$help/C/figures" "$work/$lang/"
  missing=""
  for p in $pages; do [ -f "$work/$lang/$p" ] || missing="$missing $p"; done
  if [ -z "$missing" ]; then ok "every page in $lang"; else not_ok "pages missing in $lang:$missing"; fi
  if (cd "$work/$lang" && yelp-check validate $pages) >"$work/validate-$lang.txt" 2>&1 \
     && ! grep -q . "$work/validate-$lang.txt"; then
    ok "the $lang pages validate"
  else
    cat "$work/validate-$lang.txt"
    not_ok "the $lang pages validate"
  fi
  # A translated page is not the English one left as it was.
  same=""
  for p in $pages; do
    if [ "$(sed -n 's:.*<title>\(.*\)</title>.*:\1:p' "$work/$lang/$p" | head -1)" = \
         "$(sed -n 's:.*<title>\(.*\)</title>.*:\1:p' "$help/C/$p" | head -1)" ]; then
      same="$same $p"
    fi
  done
  if [ -z "$same" ]; then ok "every $lang title is translated"; else not_ok "English titles in $lang:$same"; fi
  for m in $media; do
    if [ -f "$help/$lang/$m" ]; then ok "$lang/$m"; else not_ok "$lang/$m is missing (screenshots/make-screenshots.sh)"; fi
  done
done

# The pages the windows open with F1 (mk_ui_set_help_page) exist.
for id in $(grep -rho 'mk_ui_set_help_page ([^,]*, "[a-z-]*")' "$root/src/ui" | sed 's/.*"\([a-z-]*\)")/\1/' | sort -u); do
  if echo "$pages" | grep -qx "$id.page"; then ok "F1 page $id"; else not_ok "F1 opens $id, which is no help page"; fi
done

# Every link between pages goes to a page that exists.
for xref in $(cat "$help"/C/*.page | grep -o 'xref="[a-z-]*' | sed 's/xref="//' | sort -u); do
  echo "$pages" | grep -qx "$xref.page" || not_ok "a link goes to $xref, which is no page"
done

echo "1..$n"
exit $status
