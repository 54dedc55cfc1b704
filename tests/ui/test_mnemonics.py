#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""#14: the mnemonics of each step of the intake are unique in English, and
in every translation; the intake is done by keyboard, and a letter two fields
share only moves the focus between them. A translation's duplicates are TAP
TODO items (the translations are the lead's), the English ones failures."""
import os
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

ROOT = os.environ.get("MK_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))

# What the window adds to every step: the action bar (and, on step 1, the
# draft bar; on step 5, the decision).
WINDOW = ["_Back", "_Next"]
STEPS = {
    "service": ("mk-intake-service-section.ui", ["_Discard", "Res_ume"]),
    "applicant": ("mk-intake-applicant-section.ui", []),
    "object": ("mk-intake-object-section.ui", []),
    "checklist": ("mk-intake-checklist-section.ui", []),
    "summary": ("mk-intake-summary-section.ui", ["_Register", "Re_fuse Acceptance"]),
}


def read_po(path):
    """msgid → msgstr of the translated, not fuzzy, messages."""
    messages = {}
    with open(path, encoding="utf-8") as po:
        blocks = po.read().split("\n\n")
    for block in blocks:
        if "#, fuzzy" in block:
            continue
        ids = re.findall(r'^msgid ((?:".*"\n?)+)', block, re.M)
        strs = re.findall(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if not ids or not strs:
            continue
        join = lambda s: "".join(re.findall(r'"(.*)"', s)).replace('\\"', '"')
        if join(strs[0]):
            messages[join(ids[0])] = join(strs[0])
    return messages


def mnemonic_labels(path):
    labels = []
    for prop in ET.parse(path).iter("property"):
        if prop.get("name") == "label" and prop.get("translatable") == "yes" and "_" in (prop.text or ""):
            labels.append(prop.text)
    return labels


def duplicates(labels, translate):
    keys = defaultdict(list)
    for label in labels:
        text = translate(label)
        match = re.search(r"_(.)", text)
        if match:
            keys[match.group(1).lower()].append(text)
    return {key: texts for key, texts in keys.items() if len(texts) > 1}


def main():
    languages = [("en", None)]
    with open(os.path.join(ROOT, "po", "LINGUAS")) as linguas:
        for lang in linguas.read().split():
            languages.append((lang, read_po(os.path.join(ROOT, "po", lang + ".po"))))
    tests = []
    for step, (ui, extra) in STEPS.items():
        labels = mnemonic_labels(os.path.join(ROOT, "ui", ui)) + extra
        labels += [l for l in WINDOW if not (step == "summary" and l == "_Next")]
        for lang, messages in languages:
            translate = (lambda l: l) if messages is None else (lambda l, m=messages: m.get(l, l))
            tests.append((step, lang, duplicates(labels, translate)))
    print("1..%d" % len(tests))
    failed = False
    for i, (step, lang, dups) in enumerate(tests, 1):
        name = "/mnemonics/intake/%s/%s" % (step, lang)
        if not dups:
            print("ok %d %s" % (i, name))
            continue
        detail = "; ".join("%s: %s" % (key, ", ".join(texts)) for key, texts in sorted(dups.items()))
        if lang == "en":
            failed = True
            print("not ok %d %s # %s" % (i, name, detail))
        else:
            print("not ok %d %s # TODO the translation repeats a letter: %s" % (i, name, detail))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
