#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The manual pages render without a warning from groff or man (as lintian
# checks them), and say what the programs accept, no more and no less:
#   mekenjai-cli.1  every command of `mekenjai-cli --help` in a subsection of
#                   COMMANDS, there every option of `mekenjai-cli COMMAND
#                   --help`, the global options under OPTIONS; every option it
#                   names is one that the tool accepts;
#   mekenjai.1      every option of `mekenjai --help-all` that is not GTK's or
#                   GApplication's under OPTIONS, and no other there;
# and neither names an option of development builds (the #ifdef
# MK_DEVELOPMENT_OPTIONS block of src/ui/mk-application.c).
#
# test-manpages.sh --cli MEKENJAI-CLI --cli-man mekenjai-cli.1
#                  --app-source mk-application.c [--app MEKENJAI --app-man mekenjai.1]
# Output: TAP.

set -u

cli="" cli_man="" app="" app_man="" app_source=""
while (($#)); do
  case $1 in
    --cli) cli=$2 ;;
    --cli-man) cli_man=$2 ;;
    --app) app=$2 ;;
    --app-man) app_man=$2 ;;
    --app-source) app_source=$2 ;;
    *) echo "Bail out! unknown argument $1"; exit 99 ;;
  esac
  shift 2 || { echo "Bail out! $1 needs a value"; exit 99; }
done
[[ -n $cli && -n $cli_man && -n $app_source ]] || { echo "Bail out! give --cli, --cli-man and --app-source"; exit 99; }
[[ -z $app || -n $app_man ]] || { echo "Bail out! --app needs --app-man"; exit 99; }

for tool in man groff; do
  if ! command -v "$tool" >/dev/null; then
    echo "1..0 # SKIP $tool is not installed (man-db, groff-base)"
    exit 0
  fi
done

# The programs' help in English, whatever the caller's language; no
# settings or data of the caller's are touched.
export LC_ALL=C.UTF-8 MANWIDTH=80 GSETTINGS_BACKEND=memory
unset LANGUAGE MK_FORCE_LANGUAGE MANOPT MANROFFSEQ MAN_KEEP_FORMATTING
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() {
  n=$((n + 1))
  failed=$((failed + 1))
  echo "not ok $n - $1"
  shift
  local line
  for line in "$@"; do echo "#   $line"; done
}
# check DESCRIPTION PROBLEM...: ok when no PROBLEM is given (empty ones are dropped).
check() {
  local what=$1 problems=()
  shift
  local p
  for p in "$@"; do [[ -n $p ]] && problems+=("$p"); done
  if ((${#problems[@]} == 0)); then ok "$what"; else not_ok "$what" "${problems[@]}"; fi
}

# The options in a program's --help: "-h", "--db", one a line.
help_options() {
  grep -oE '^[[:space:]]+(-[A-Za-z], )?--[A-Za-z0-9][A-Za-z0-9-]*' |
    sed -E 's/^[[:space:]]+//; s/, /\n/' | sort -u
}

# The options that a text names ("--db", "-o"): a dash after a letter or
# digit, as in "sign-in", is no option. With --long, the long ones only.
named_options() {
  local re='--?[A-Za-z0-9][A-Za-z0-9-]*'
  [[ ${1-} == --long ]] && re='--[A-Za-z0-9][A-Za-z0-9-]*'
  grep -oE -- "(^|[^A-Za-z0-9-])$re" | sed -E 's/^[^-]//' | sort -u
}

# Section NAME of a rendered page (its body, without the heading).
rendered_section() {
  awk -v name="$1" '/^[A-Z]/ { inside = ($0 == name); next } inside' "$2"
}

# Subsection NAME (its first word) of a section of a rendered page.
rendered_subsection() {
  awk -v name="$1" '/^   [^ ]/ { split($0, w, " "); inside = (w[1] == name); next } inside'
}

# The first words of the subsections of a section of a rendered page.
rendered_subsections() {
  awk '/^   [^ ]/ { print $1 }' | sort -u
}

# Groff source to plain text: fonts, escapes and macro names gone.
plain_source() {
  sed -E 's/\\f(\[[^]]*\]|\(..|.)//g; s/\\-/-/g; s/\\\(aq/'"'"'/g; s/\\\((lq|rq)/"/g;
          s/\\e/\\/g; s/\\[&%]//g; s/^\.[A-Za-z]+[[:space:]]*//; s/"//g'
}

# The tag lines of the .TP paragraphs of a page's source, as
# "SECTION<tab>SUBSECTION<tab>TAG" in plain text.
source_tags() {
  awk '
    /^\.SH / { sub(/^\.SH +/, ""); gsub(/"/, ""); section = $0; subsection = ""; tag = 0; next }
    /^\.SS / { sub(/^\.SS +"?/, ""); split($0, w, " "); subsection = w[1]; gsub(/\\-/, "-", subsection); tag = 0; next }
    /^\.TP/ { tag = 1; next }
    /^\.\\"/ { next }
    tag { print section "\t" subsection "\t" $0; tag = 0 }
  ' "$1" | while IFS=$'\t' read -r section subsection line; do
    printf '%s\t%s\t%s\n' "$section" "$subsection" "$(plain_source <<<"$line")"
  done
}

# Is word $1 in the word list $2 (one a line)?
listed() { grep -qxF -- "$1" <<<"$2"; }

# Does the text $2 name the option $1 (not as part of a longer one)?
names_option() {
  local escaped
  escaped=$(sed 's/[][\.*^$]/\\&/g' <<<"$1")
  grep -qE -- "(^|[^A-Za-z0-9-])$escaped([^A-Za-z0-9-]|\$)" <<<"$2"
}

# The options of development builds, from the source of the application.
dev_options=$(awk '/^#ifdef MK_DEVELOPMENT_OPTIONS/ { inside = 1; next }
                   /^#endif/ { inside = 0 }
                   inside' "$app_source" |
              grep -oE '^[[:space:]]*\{ "[a-z0-9-]+"' | grep -oE '[a-z0-9-]+' | sed 's/^/--/')
check "the development-only options are found in $(basename "$app_source")" \
  "$([[ -n $dev_options ]] || echo "no option entry between #ifdef MK_DEVELOPMENT_OPTIONS and #endif")"

# Lint one page: its source, and groff's and man's warnings (lintian's way).
lint_page() {
  local page=$1 program=$2 name text problems=()
  name=$(basename "$page")

  [[ $(head -1 "$page") == '.\" SPDX-License-Identifier: GPL-3.0-or-later' ]] ||
    problems+=("the first line is not the SPDX comment")
  if grep -nE '[[:space:]]$' "$page" >"$work/trailing"; then
    problems+=("trailing whitespace: line $(cut -d: -f1 "$work/trailing" | paste -sd, -)")
  fi
  # An option's dashes are \- in the source: a bare - may be set as a hyphen.
  if grep -nE '(^|[[:space:]"(|=[]|\\f[BIRP])--?[A-Za-z]' "$page" | grep -vE '^[0-9]+:\.\\"' >"$work/dashes"; then
    problems+=("unescaped dashes of options:" "$(cat "$work/dashes")")
  fi
  local th
  th=$(grep -m1 '^\.TH ' "$page")
  local version
  version=$("$program" --version 2>/dev/null | awk '{ print $2 }')
  if [[ ! $th =~ ^\.TH\ [A-Z\\-]+\ 1\ [0-9]{4}-[0-9]{2}-[0-9]{2}\ \"Mekenjai\ ([^\"]+)\"\ \"Mekenjai\"$ ]]; then
    problems+=(".TH is not: .TH NAME 1 YYYY-MM-DD \"Mekenjai VERSION\" \"Mekenjai\": $th")
  elif [[ ${BASH_REMATCH[1]} != "$version" ]]; then
    problems+=(".TH says version ${BASH_REMATCH[1]}, $(basename "$program") --version $version")
  fi
  check "$name: source (SPDX, whitespace, dashes, .TH)" "${problems[@]}"

  text=$(groff -man -ww -z -Tutf8 "$page" 2>&1)
  check "$name: groff -man -ww is silent" "$text"
  text=$(MANROFFSEQ='' man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null)
  check "$name: man --warnings is silent" "$text"
  if ! man -l "$page" >"$work/$name.txt" 2>"$work/$name.err" || [[ -s $work/$name.err ]]; then
    not_ok "$name: man -l renders it" "$(cat "$work/$name.err")"
  else
    ok "$name: man -l renders it"
  fi
  # Characters, not bytes: bash counts them in a UTF-8 locale.
  text=$(line_no=0
         while IFS= read -r line; do
           line_no=$((line_no + 1))
           ((${#line} > 80)) && echo "line $line_no: ${#line} columns: $line"
         done <"$work/$name.txt")
  check "$name: no rendered line is wider than 80 columns" "$text"
  if command -v lexgrog >/dev/null; then
    if text=$(lexgrog "$page" 2>&1); then
      ok "$name: lexgrog reads its NAME: ${text#*: }"
    else
      not_ok "$name: lexgrog reads its NAME" "$text"
    fi
  fi
  local found=""
  for option in $dev_options; do
    names_option "$option" "$(cat "$work/$name.txt")" && found+="$option "
    names_option "$option" "$(grep -v '^\.\\"' "$page" | plain_source)" && found+="$option(source) "
  done
  check "$name: names no development-only option ($(echo $dev_options))" \
    "$([[ -n $found ]] && echo "found: $found")"
}

# mekenjai-cli ------------------------------------------------------------

lint_page "$cli_man" "$cli"
cli_text=$work/$(basename "$cli_man").txt

if ! "$cli" --help >"$work/cli-help"; then
  not_ok "mekenjai-cli --help" "exit status $?"
fi
commands=$(awk '/^Commands:/ { inside = 1; next } inside && /^$/ { exit } inside { print $1 }' "$work/cli-help")
check "mekenjai-cli --help lists commands" "$([[ -z $commands ]] && echo "no command found")"

all_options=""   # what some command accepts
global=""        # what every command accepts
first=1
for c in $commands; do
  "$cli" "$c" --help >"$work/help-$c" 2>&1 || not_ok "mekenjai-cli $c --help" "$(cat "$work/help-$c")"
  help_options <"$work/help-$c" >"$work/options-$c"
  all_options=$(sort -u <(echo "$all_options") "$work/options-$c" | grep .)
  if ((first)); then global=$(cat "$work/options-$c"); first=0
  else global=$(comm -12 <(echo "$global") "$work/options-$c"); fi
done
all_options=$(printf '%s\n%s\n' "$all_options" --version | sort -u)

# Forward: every command, every option.
options_section=$(rendered_section OPTIONS "$cli_text")
commands_section=$(rendered_section COMMANDS "$cli_text")
missing=()
for option in $global --version; do
  names_option "$option" "$options_section" || missing+=("$option")
done
check "mekenjai-cli.1: OPTIONS names the global options ($(echo $global) --version)" \
  "$([[ ${#missing[@]} -gt 0 ]] && echo "missing: ${missing[*]}")"
for c in $commands; do
  sub=$(rendered_subsection "$c" <<<"$commands_section")
  if [[ -z $sub ]]; then
    not_ok "mekenjai-cli.1: COMMANDS has $c" "no subsection starting with \"$c\""
    continue
  fi
  missing=()
  own=$(comm -23 "$work/options-$c" <(echo "$global"))
  for option in $own; do
    names_option "$option" "$sub" || missing+=("$option")
  done
  check "mekenjai-cli.1: COMMANDS has $c and its options ($(echo ${own:-none}))" \
    "$([[ ${#missing[@]} -gt 0 ]] && echo "missing: ${missing[*]}")"
done

# Backward: nothing that the tool does not accept.
extra=$(comm -23 <(rendered_subsections <<<"$commands_section") <(sort -u <<<"$commands"))
check "mekenjai-cli.1: every subsection of COMMANDS is a command" "$extra"
problems=()
while IFS=$'\t' read -r section subsection tag; do
  case $section in
    OPTIONS) accepted=$(printf '%s\n' $global --version) ;;
    COMMANDS) accepted=$(cat "$work/options-$subsection" 2>/dev/null) ;;
    *) continue ;;
  esac
  for option in $(named_options <<<"$tag"); do
    listed "$option" "$accepted" || problems+=("$section ${subsection:+$subsection }names $option: \"$tag\"")
  done
done < <(source_tags "$cli_man")
check "mekenjai-cli.1: the options of OPTIONS and of each command are accepted there" "${problems[@]}"
problems=()
for option in $(named_options --long <"$cli_text"); do
  listed "$option" "$all_options" || problems+=("$option")
done
check "mekenjai-cli.1: every --option it names is one that mekenjai-cli accepts" \
  "$([[ ${#problems[@]} -gt 0 ]] && echo "not accepted: ${problems[*]}")"

# mekenjai ----------------------------------------------------------------

if [[ -z $app ]]; then
  echo "# no desktop application in this build (-Dui=false): mekenjai.1 is not checked"
else
  lint_page "$app_man" "$app"
  app_text=$work/$(basename "$app_man").txt

  if ! "$app" --help-all >"$work/app-help" 2>"$work/app-help.err"; then
    not_ok "mekenjai --help-all" "$(cat "$work/app-help.err")"
  fi
  app_options=$(help_options <"$work/app-help")
  # GOption's, GApplication's and GTK's own.
  toolkit='-h --help --help-all --help-gapplication --help-gtk --gapplication-service
           --class --name --display --screen --sync --gtk-module --g-fatal-warnings
           --gtk-debug --gtk-no-debug --gdk-debug --gdk-no-debug'
  own=$(comm -23 <(echo "$app_options") <(printf '%s\n' $toolkit | sort -u))
  check "mekenjai --help-all has options of its own ($(echo $own))" \
    "$([[ -z $own ]] && echo "none found in: $(cat "$work/app-help")")"
  options_section=$(rendered_section OPTIONS "$app_text")
  missing=()
  for option in $own; do
    names_option "$option" "$options_section" || missing+=("$option")
  done
  check "mekenjai.1: OPTIONS names every option of mekenjai" \
    "$([[ ${#missing[@]} -gt 0 ]] && echo "missing: ${missing[*]}")"
  problems=()
  while IFS=$'\t' read -r section subsection tag; do
    [[ $section == OPTIONS ]] || continue
    for option in $(named_options <<<"$tag"); do
      listed "$option" "$app_options" || problems+=("OPTIONS names $option: \"$tag\"")
    done
  done < <(source_tags "$app_man")
  check "mekenjai.1: the options of OPTIONS are accepted by mekenjai" "${problems[@]}"
  problems=()
  for option in $(named_options --long <"$app_text"); do
    listed "$option" "$app_options" || listed "$option" "$all_options" || problems+=("$option")
  done
  check "mekenjai.1: every --option it names is one of mekenjai or mekenjai-cli" \
    "$([[ ${#problems[@]} -gt 0 ]] && echo "not accepted: ${problems[*]}")"
fi

echo "1..$n"
((failed == 0))
