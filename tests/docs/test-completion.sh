#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The bash completion of mekenjai-cli, run as bash runs it (COMP_WORDS,
# COMP_CWORD, COMP_LINE, COMP_POINT) with bash-completion's functions loaded:
# it offers every command of `mekenjai-cli --help`, each command's options as
# its --help lists them, file names after --db and the other file options,
# and the fixed values that the tool's own messages and data/regulation.ini
# give.
#
# test-completion.sh --cli MEKENJAI-CLI --completion data/completions/mekenjai-cli
#                    --regulation data/regulation.ini
# Output: TAP.

set -u

cli="" completion="" regulation=""
while (($#)); do
  case $1 in
    --cli) cli=$2 ;;
    --completion) completion=$2 ;;
    --regulation) regulation=$2 ;;
    *) echo "Bail out! unknown argument $1"; exit 99 ;;
  esac
  shift 2 || { echo "Bail out! $1 needs a value"; exit 99; }
done
[[ -n $cli && -n $completion && -n $regulation ]] ||
  { echo "Bail out! give --cli, --completion and --regulation"; exit 99; }
cli=$(realpath "$cli")
completion=$(realpath "$completion")
regulation=$(realpath "$regulation")

bash_completion=${BASH_COMPLETION_SCRIPT:-/usr/share/bash-completion/bash_completion}
if [[ ! -r $bash_completion ]]; then
  echo "1..0 # SKIP $bash_completion is not installed (bash-completion)"
  exit 0
fi

export LC_ALL=C.UTF-8
unset LANGUAGE MK_FORCE_LANGUAGE
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Nothing of the caller's: a command that opens the default database opens one here.
export HOME=$work/home XDG_DATA_HOME=$work/home/data
mkdir -p "$HOME"

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

# The syntax first: a broken file would fail every check below.
if ! errors=$(bash -n "$completion" 2>&1); then
  not_ok "bash -n $(basename "$completion")" "$errors"
  echo "1..$n"
  exit 1
fi
ok "bash -n $(basename "$completion")"

# Bash-completion's functions, then ours, as bash-completion loads it.
# shellcheck disable=SC1090
source "$bash_completion"
# shellcheck disable=SC1090
source "$completion"
if complete -p mekenjai-cli 2>/dev/null | grep -q -- '-F _mekenjai_cli '; then
  ok "complete -F _mekenjai_cli mekenjai-cli"
else
  not_ok "complete -F _mekenjai_cli mekenjai-cli" "complete -p: $(complete -p mekenjai-cli 2>&1)"
fi

# complete_line LINE: what completing at the end of LINE offers, sorted, one
# a line. The words are split as bash splits them: "--db=x" is "--db" "=" "x".
complete_line() {
  local line=$1 word
  local -a split
  COMP_LINE=$line
  COMP_POINT=${#line}
  COMP_WORDS=()
  read -ra split <<<"$line"
  for word in "${split[@]}"; do
    if [[ $word == -*=* ]]; then
      COMP_WORDS+=("${word%%=*}" "=")
      [[ -n ${word#*=} ]] && COMP_WORDS+=("${word#*=}")
    else
      COMP_WORDS+=("$word")
    fi
  done
  [[ $line == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  # compopt works only while bash completes for real: its complaint is noise here.
  _mekenjai_cli mekenjai-cli "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2>/dev/null
  ((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}" | sort -u
}

# expect DESCRIPTION LINE EXPECTED: completing LINE offers exactly EXPECTED
# (words, any order).
expect() {
  local what=$1 line=$2 expected got
  expected=$(printf '%s\n' $3 | grep . | sort -u)
  got=$(complete_line "$line")
  if [[ $got == "$expected" ]]; then
    ok "$what"
  else
    not_ok "$what" "completing \"$line\"" \
      "missing: $(comm -23 <(echo "$expected") <(echo "$got") | paste -sd' ' -)" \
      "not expected: $(comm -13 <(echo "$expected") <(echo "$got") | paste -sd' ' -)"
  fi
}

# The options in a --help: "-h", "--db", one a line.
help_options() {
  grep -oE '^[[:space:]]+(-[A-Za-z], )?--[A-Za-z0-9][A-Za-z0-9-]*' |
    sed -E 's/^[[:space:]]+//; s/, /\n/' | sort -u
}

# "a, b, c or d" (or "a, b, c") → one a line.
words_of_list() {
  sed -E 's/,? or /, /; s/, /\n/g' | grep . | sort -u
}

# Commands ------------------------------------------------------------------

"$cli" --help >"$work/help" || not_ok "mekenjai-cli --help" "exit status $?"
commands=$(awk '/^Commands:/ { inside = 1; next } inside && /^$/ { exit } inside { print $1 }' "$work/help")
[[ -n $commands ]] || not_ok "mekenjai-cli --help lists commands" "$(cat "$work/help")"
expect "an empty command offers every command of --help" "mekenjai-cli " "$commands"
expect "a command's first letters offer the commands that start so" "mekenjai-cli s" \
  "$(grep '^s' <<<"$commands")"
expect "after global options, the commands again" "mekenjai-cli --json --db x.db --user admin " "$commands"

global=""
first=1
for c in $commands; do
  "$cli" "$c" --help >"$work/help-$c" 2>&1 || not_ok "mekenjai-cli $c --help" "$(cat "$work/help-$c")"
  help_options <"$work/help-$c" >"$work/options-$c"
  if ((first)); then global=$(cat "$work/options-$c"); first=0
  else global=$(comm -12 <(echo "$global") "$work/options-$c"); fi
done
expect "-- before a command offers the global options and --version" "mekenjai-cli --" \
  "$(grep -- '^--' <<<"$global") --version"

# Options -------------------------------------------------------------------

# What takes a value ("--kind=KIND" in --help; "-o, --output=FILE" for both)
# is skipped with its value when the completion looks for the arguments.
problems=()
for c in $commands; do
  while read -r spec; do
    names=${spec%%=*}
    for option in ${names//,/ }; do
      if [[ $spec == *=* ]]; then
        _mekenjai_cli_takes_value "$option" || problems+=("$c $option takes a value")
      else
        _mekenjai_cli_takes_value "$option" && problems+=("$c $option takes no value")
      fi
    done
  done < <(grep -oE '^[[:space:]]+(-[A-Za-z], )?--[A-Za-z0-9-]+(=[^ ]+)?' "$work/help-$c" | sed -E 's/^[[:space:]]+//; s/, /,/')
done
if ((${#problems[@]} == 0)); then
  ok "_mekenjai_cli_takes_value knows which options take a value"
else
  not_ok "_mekenjai_cli_takes_value knows which options take a value" "$(printf '%s\n' "${problems[@]}" | sort -u | paste -sd';' -)"
fi


for c in $commands; do
  expect "$c --: its options as $c --help lists them" "mekenjai-cli $c --" \
    "$(grep -- '^--' "$work/options-$c")"
done
for c in $commands; do
  short=$(grep -E -- '^-[A-Za-z]$' "$work/options-$c")
  got=$(complete_line "mekenjai-cli --db x.db $c -")
  missing=$(comm -23 <(echo "$short") <(echo "$got") | paste -sd' ' -)
  if [[ -z $missing && $got == *--db* ]]; then
    ok "--db x.db $c -: its short and long options, after a global option"
  else
    not_ok "--db x.db $c -: its short and long options, after a global option" \
      "missing: ${missing:-} got: $(echo $got)"
  fi
done

# File names ----------------------------------------------------------------

mkdir "$work/files" "$work/files/archive"
touch "$work/files/"{alpha.db,alpine.sqlite,beta.db,doc.pdf,doc.txt,head.p12,head.crt,scan.png,cal.ini}
cd "$work/files" || exit 99
expect "--db offers file names" "mekenjai-cli --db al" "alpha.db alpine.sqlite"
expect "--db=… offers file names" "mekenjai-cli --db=al" "alpha.db alpine.sqlite"
expect "--db after a command, folders too" "mekenjai-cli search --db a" "alpha.db alpine.sqlite archive"
expect "migrate --to offers file names" "mekenjai-cli migrate --to b" "beta.db"
expect "--password-file offers file names" "mekenjai-cli --password-file d" "doc.pdf doc.txt"
expect "backup FILE" "mekenjai-cli backup al" "alpha.db alpine.sqlite"
expect "restore FILE" "mekenjai-cli --db x.db restore b" "beta.db"
expect "render -o FILE" "mekenjai-cli render certificate -o d" "doc.pdf doc.txt"
expect "verify FILE.pdf: PDF files and folders" "mekenjai-cli verify " "archive doc.pdf"
expect "sign --p12: PKCS#12 files and folders" "mekenjai-cli sign --case 1 --p12 " "archive head.p12"
expect "users set-certificate LOGIN CERT" "mekenjai-cli users set-certificate head h" "head.crt"
expect "calendar import FILE" "mekenjai-cli calendar import " "archive cal.ini"
expect "attach FILE…: pictures and PDFs" "mekenjai-cli attach --case 1 --item application doc.pdf " \
  "archive doc.pdf scan.png"
cd "$work" || exit 99

# Fixed values, as the tool's own messages give them ----------------------------

# choices_from_error TEXT-BEFORE TEXT-AFTER COMMAND...: the list in the usage
# error of COMMAND, between the two texts.
choices_from_error() {
  local before=$1 after=$2 message status
  shift 2
  message=$("$cli" "$@" 2>&1 >/dev/null)
  status=$?
  if ((status != 2)); then
    echo "mekenjai-cli $* exited with $status, not 2: $message" >&2
    return
  fi
  message=${message#*"$before"}
  [[ -n $after ]] && message=${message%%"$after"*}
  words_of_list <<<"$message"
}

kinds=$(choices_from_error "--kind must be " "" deadline --kind none --accepted 2026-01-05)
expect "deadline --kind: the kinds of its error message" "mekenjai-cli deadline --kind " "$kinds"
expect "search --kind: the same kinds" "mekenjai-cli search --kind=" "$kinds"
expect "scan --source: the sources of its error message" "mekenjai-cli scan --source " \
  "$(choices_from_error "must be one of " ", not" scan --source none)"
expect "scan --mode: the modes of its error message" "mekenjai-cli scan --mode " \
  "$(choices_from_error "must be one of " ", not" scan --mode none)"
expect "scan --resolution: the resolutions of its --help" "mekenjai-cli scan --resolution " \
  "$(grep -e '--resolution=' "$work/help-scan" | sed 's/.*: //' | words_of_list)"
expect "render KIND: the kinds of its error message" "mekenjai-cli render " \
  "$(choices_from_error "one KIND: " "" render none -o /dev/null)"
expect "render KIND after its options" "mekenjai-cli render --case 1 -o x.pdf " \
  "$(choices_from_error "one KIND: " "" render none -o /dev/null)"
expect "users: the subcommands of its usage" "mekenjai-cli users " \
  "$(sed -n 's/^  users \[OPTION…\] users //p' "$work/help-users" | tr '|' '\n' | awk '{ print $1 }')"
expect "audit: verify" "mekenjai-cli audit " "$(sed -n 's/^  audit \[OPTION…\] audit //p' "$work/help-audit")"
expect "calendar: import" "mekenjai-cli calendar --year 2026 " "import"

# Fixed values of the regulation's data -------------------------------------

ids_of() { sed -n "s/^\[$1:\(.*\)\]\$/\1/p" "$regulation" | sort -u; }
stages=$(ids_of stage)
items=$(ids_of document)
# `act` refuses the actions that sign (to=signed): that is the command `sign`.
actions=$(awk '/^\[action:/ { id = substr($0, 9, length($0) - 9) }
               /^\[/ && !/^\[action:/ { id = "" }
               id != "" && /^to=/ { if ($0 != "to=signed") print id }' "$regulation" | sort -u)
[[ -n $stages && -n $items && -n $actions ]] ||
  not_ok "data/regulation.ini has stages, documents and actions" "stages: $stages" "items: $items" "actions: $actions"
expect "search --stage: the stages of data/regulation.ini" "mekenjai-cli search --stage " "$stages"
expect "attach --item: the document kinds of data/regulation.ini" "mekenjai-cli attach --case 1 --item " "$items"
expect "scan --item=: the same" "mekenjai-cli scan --item=" "$items"
expect "act ACTION: the actions of data/regulation.ini but sign" "mekenjai-cli act --case 3505-2026-000123 " "$actions"
expect "act ACTION after --case=REGNO" "mekenjai-cli --user u act --case=1 pre" "$(grep '^pre' <<<"$actions")"

# Nothing where nothing fits --------------------------------------------------

expect "--case takes a registration number: nothing offered" "mekenjai-cli act --case " ""
expect "show REGNO: nothing offered" "mekenjai-cli show " ""

echo "1..$n"
((failed == 0))
