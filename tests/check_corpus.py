"""Mechanical checks of a loader corpus folder (run by hand; derives nothing from the loader).

Every bracketed span of every line is listed exactly once under statements or terms, every text sits at its
line, stories are ordered inside the narration, speaker ids exist, unregistered names are in no registry and
appear in the transcript, registries parse as newskb models, and length headers are right.

    PYTHONPATH=src python3 tests/check_corpus.py tests/loader_corpus_holdout18

Kept outside the corpus folder so the folder holds only transcripts, expectations, registries and README.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

from newskb.models import OrganizationsFile, PeopleFile, ProductsFile, entity_names
from newskb.source import read_source

if len(sys.argv) != 2:
    sys.exit("usage: PYTHONPATH=src python3 tests/check_corpus.py <corpus folder>")
HERE = Path(sys.argv[1]).resolve()
PAIRS = {"「": "」", "『": "』"}


def spans(line: str) -> list[str]:
    """Inner texts of every 「…」/『…』 span, nested ones included; unbalanced brackets are an error."""
    stack: list[tuple[str, int]] = []
    out: list[str] = []
    for i, ch in enumerate(line):
        if ch in PAIRS:
            stack.append((ch, i))
        elif ch in PAIRS.values():
            if not stack or PAIRS[stack[-1][0]] != ch:
                raise ValueError(f"unbalanced {ch} at column {i + 1}")
            _, start = stack.pop()
            out.append(line[start + 1 : i])
    if stack:
        raise ValueError(f"unclosed {stack[-1][0]} at column {stack[-1][1] + 1}")
    return out


def main() -> int:
    errors: list[str] = []
    reg = HERE / "registry"
    people = PeopleFile.model_validate(yaml.safe_load((reg / "people.yaml").read_text(encoding="utf-8"))).people
    orgs = OrganizationsFile.model_validate(
        yaml.safe_load((reg / "organizations.yaml").read_text(encoding="utf-8"))
    ).organizations
    products = ProductsFile.model_validate(yaml.safe_load((reg / "products.yaml").read_text(encoding="utf-8"))).products
    ids = [e.id for e in (*people, *orgs, *products)]
    if len(ids) != len(set(ids)):
        errors.append(f"registry: duplicate ids {[i for i, n in Counter(ids).items() if n > 1]}")
    speaker_ids = {e.id for e in (*people, *orgs)}
    org_ids = {o.id for o in orgs}
    for p in people:
        errors += [f"registry: {p.id} affiliation {a} unknown" for a in p.affiliations if a not in org_ids]
    errors += [f"registry: {p.id} maker {p.maker} unknown" for p in products if p.maker and p.maker not in org_ids]
    all_names = {n for e in (*people, *orgs, *products) for n in entity_names(e)}
    totals = Counter()
    unregistered: set[tuple[str, str]] = set()

    for txt in sorted(HERE.glob("*.txt")):
        src = read_source(txt)
        exp = yaml.safe_load(txt.with_suffix(".expect.yaml").read_text(encoding="utf-8"))
        name = txt.name
        if src.declared_length is not None and src.declared_length != src.body_length:
            errors.append(f"{name}: header says {src.declared_length}, body has {src.body_length}")
        found = Counter()
        for n, line in enumerate(src.lines, 1):
            try:
                found.update((n, s) for s in spans(line))
            except ValueError as exc:
                errors.append(f"{name}:{n}: {exc}")
        listed = Counter()
        for kind in ("statements", "terms"):
            for item in exp.get(kind) or []:
                listed[(item["line"], item["text"])] += 1
        for key in found.keys() | listed.keys():
            if found[key] != listed[key]:
                errors.append(f"{name}:{key[0]}: span {key[1]!r} in text {found[key]}x, listed {listed[key]}x")
        body = src.body_lines
        prev_last = 0
        for s in exp["stories"]:
            a, b = s["first_line"], s["last_line"]
            if not (body.start <= a <= b < body.stop) or a <= prev_last:
                errors.append(f"{name}: story {a}-{b} out of order or outside the narration {body}")
            prev_last = b
        for st in exp.get("statements") or []:
            sp = st["speaker"]
            if isinstance(sp, dict):
                if set(sp) != {"name", "kind"} or sp["kind"] not in ("person", "organization"):
                    errors.append(f"{name}:{st['line']}: bad speaker {sp}")
                elif sp["name"] in all_names:
                    errors.append(f"{name}:{st['line']}: {sp['name']} is registered")
                elif sp["name"] not in src.text:
                    errors.append(f"{name}:{st['line']}: {sp['name']} not written in the transcript")
                unregistered.add((sp["name"], sp["kind"]))
                totals["unregistered"] += 1
            elif sp == "unknown":
                totals["unknown"] += 1
            elif sp not in speaker_ids:
                errors.append(f"{name}:{st['line']}: speaker id {sp} not in registry")
            else:
                totals["registered"] += 1
        totals["stories"] += len(exp["stories"])
        totals["terms"] += len(exp.get("terms") or [])
        totals["files"] += 1
        sts = exp.get("statements") or []
        print(
            f"{name}: {len(src.lines)} lines, {len(exp['stories'])} stories, {len(sts)} statements "
            f"({sum(isinstance(s['speaker'], str) and s['speaker'] != 'unknown' for s in sts)} registered / "
            f"{sum(isinstance(s['speaker'], dict) for s in sts)} unregistered / "
            f"{sum(s['speaker'] == 'unknown' for s in sts)} unknown), {len(exp.get('terms') or [])} terms"
        )
    print(dict(totals))
    print("unregistered speakers:", sorted(unregistered))
    for e in errors:
        print("ERROR", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
