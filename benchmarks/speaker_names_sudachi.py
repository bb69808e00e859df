"""Unregistered speaker names: the loader's rules against SudachiPy's 固有名詞 tags, on the loader corpus.

Issue #12 asks to use a Japanese NLP library where it does better than the
hand-written rules. This measures it: the same attribution (extract.quotes),
once with the rules' name finder (katakana/Latin/kanji name + honorific or
title, 社/機構… organisations) and once with a finder built on SudachiPy
(sudachidict_core, split mode C): a maximal run of 名詞-固有名詞-人名 tokens
(with ・ between them) is a person, a run of 固有名詞-組織名 an organisation.
Printed: for every statement of the corpus, whether its speaker (registry id
or unregistered name) comes out right, per finder, and the time taken.

    python3 -m pip install sudachipy sudachidict_core   # measurement only, not a dependency
    python3 benchmarks/speaker_names_sudachi.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newskb.extract import names as N
from newskb.extract import quotes as Q
from newskb.extract import referents as R
from newskb.extract.segments import split_sections
from newskb.kb import load_kb
from newskb.source import read_source

CORPUS = REPO / "tests" / "loader_corpus"


def sudachi_finder():  # type: ignore[no-untyped-def]
    from sudachipy import dictionary, tokenizer

    mode = tokenizer.Tokenizer.SplitMode.C
    tok = dictionary.Dictionary(dict="core").tokenizer(mode=mode)

    def find(text: str, offset: int, taken: list[tuple[int, int]], subject_only: bool) -> list[N.Candidate]:
        out: list[N.Candidate] = []
        run: list[tuple[int, int, str]] = []  # (start, end, kind)

        def flush() -> None:
            if run and any(k != "dot" for *_, k in run):
                while run and run[-1][2] == "dot":
                    run.pop()
                a, b = run[0][0], run[-1][1]
                kinds = {k for *_, k in run if k != "dot"}
                kind = "person" if kinds == {"person"} else "organization"
                if all(b <= s or a >= e for s, e in taken):
                    out.append(N.Candidate(offset + a, offset + b, name=text[a:b], kind=kind))
            run.clear()

        for m in tok.tokenize(text):
            pos = m.part_of_speech()
            kind = None
            if pos[1] == "固有名詞" and pos[2] == "人名":
                kind = "person"
            elif pos[1] == "固有名詞" and pos[2] == "組織名":
                kind = "organization"
            elif m.surface() == "・" and run:
                kind = "dot"
            if kind is None:
                flush()
            else:
                run.append((m.begin(), m.end(), kind))
        flush()
        return out

    return find


def expected_speaker(st: dict) -> tuple[str, str | None]:
    sp = st["speaker"]
    return ("unknown", sp["name"]) if isinstance(sp, dict) else (sp, None)


def score(finder) -> tuple[int, int, float]:  # type: ignore[no-untyped-def]
    original = R._unregistered  # the Resolver's name finder
    if finder is not None:
        R._unregistered = finder
    right = total = 0
    t0 = time.perf_counter()
    try:
        kb = load_kb(CORPUS / "registry", strict=False)
        for path in sorted(CORPUS.glob("*.txt")):
            expect = yaml.safe_load(path.with_suffix(".expect.yaml").read_text(encoding="utf-8"))
            source = read_source(path)
            statements, _ = Q.attribute(
                source, split_sections(source, kb.entity_index), kb.entity_index, kb.publications
            )
            got = {(s.line, s.text): (s.speaker, s.name) for s in statements}
            for st in expect.get("statements") or []:
                total += 1
                right += got.get((st["line"], st["text"])) == expected_speaker(st)
    finally:
        R._unregistered = original
    return right, total, time.perf_counter() - t0


def main() -> None:
    rules = score(None)
    print(f"rules alone:        {rules[0]}/{rules[1]} speakers right ({rules[2]:.2f} s)")
    try:
        finder = sudachi_finder()
    except ImportError:
        print("SudachiPy is not installed: pip install sudachipy sudachidict_core")
        return
    lib = score(finder)
    print(f"SudachiPy instead:  {lib[0]}/{lib[1]} speakers right ({lib[2]:.2f} s)")
    rules_finder = R._unregistered

    def both(text, offset, taken, subject_only):  # type: ignore[no-untyped-def]
        return rules_finder(text, offset, list(taken), subject_only) or finder(text, offset, taken, subject_only)

    combined = score(both)
    print(f"rules, then Sudachi: {combined[0]}/{combined[1]} speakers right ({combined[2]:.2f} s)")


if __name__ == "__main__":
    main()
