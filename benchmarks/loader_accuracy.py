"""Score `newskb load` against the hand-written expectations of tests/loader_corpus/.

    python3 benchmarks/loader_accuracy.py              # per-file table and totals
    python3 benchmarks/loader_accuracy.py --json       # the same, machine-readable
    python3 benchmarks/loader_accuracy.py -v           # also every wrong story, speaker and quote
    python3 benchmarks/loader_accuracy.py 03_standard_desu.txt   # only some transcripts
    python3 benchmarks/loader_accuracy.py --corpus DIR   # another corpus folder (a held-out set)

The loader was first built around one transcript; this corpus holds transcripts it
was not written around, each with what a careful human reader says about it
(`NN_name.expect.yaml`, format in tests/loader_corpus/README.md). Each transcript is
loaded the way a user loads it: a fresh temporary directory with `entries/` holding
a copy of the corpus registries and `seeds/<file>.txt`, then `newskb load
seeds/<file>.txt` from that directory: the command's own entry point, in this process
(`--subprocess`: a new Python process per load, as a shell runs it; the two score the
same, which tests/test_loader_corpus.py checks). Scored, per file and in total:

- stories: boundary precision / recall over story first lines (intro and sign-off
  excluded), and stories right (first AND last line);
- speakers: an expected statement is found by a quote with the same `text.ja` and
  `anchor.line`. A registry id or `unknown` must equal the quote's `speaker`. A speaker
  in no registry must come back as `speaker: unknown` + `speaker_name: <name>` with a
  `proposed: true` entry holding the name in its aliases appended to people.yaml /
  organizations.yaml; then every proposal is confirmed (its `proposed: true` line
  deleted), the transcript is loaded again, and the quote's speaker must be that id;
- terms: a bracketed span that is not a statement but came back as a quote;
- unexpected quotes: quotes matching neither a statement nor a term.

The script reports and always exits 0 once it ran; tests/test_loader_corpus.py judges
the figures against the targets. `corpus_problems()` checks the corpus itself
(expectations against their transcripts, registries against the model); it reads
the expectations, it never derives them.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "loader_corpus"
REGISTRY = CORPUS / "registry"
REGISTRY_FILES = ("people.yaml", "organizations.yaml", "products.yaml")
#: Where a proposal for a speaker of each kind must be appended.
PROPOSAL_FILE = {"person": "people.yaml", "organization": "organizations.yaml"}
UNKNOWN = "unknown"
LOAD_TIMEOUT_S = 120

OPENERS = {"「": "」", "『": "』"}
CLOSERS = {v: k for k, v in OPENERS.items()}
_PROPOSED_LINE = re.compile(r"^(\s*)(- )?proposed:\s*(true|True|yes)\s*(#.*)?$")
_SOURCE_ID = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")


# --- the corpus ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """One transcript's hand-written expectations."""

    transcript: Path
    stories: list[tuple[int, int]]
    statements: list[dict[str, Any]]  # {line, text, speaker: id | unknown | {name, kind}}
    terms: list[tuple[int, str]]

    @property
    def unregistered(self) -> list[tuple[str, str]]:
        """The distinct (name, kind) speakers that no registry holds, in order of appearance."""
        seen: dict[tuple[str, str], None] = {}
        for st in self.statements:
            if isinstance(st["speaker"], dict):
                seen[(st["speaker"]["name"], st["speaker"]["kind"])] = None
        return list(seen)


def transcripts(corpus: Path = CORPUS) -> list[Path]:
    return sorted(p for p in corpus.glob("*.txt") if p.is_file())


def expectation_path(transcript: Path) -> Path:
    return transcript.with_name(transcript.stem + ".expect.yaml")


def read_expected(transcript: Path) -> Expected:
    data = yaml.safe_load(expectation_path(transcript).read_text(encoding="utf-8")) or {}
    return Expected(
        transcript=transcript,
        stories=[(int(s["first_line"]), int(s["last_line"])) for s in data.get("stories") or []],
        statements=list(data.get("statements") or []),
        terms=[(int(t["line"]), str(t["text"])) for t in data.get("terms") or []],
    )


def bracket_spans(lines: list[str]) -> tuple[list[tuple[int, str]], list[str]]:
    """Every 「…」/『…』 span as (1-based line, inner text), nested ones included; and any unbalanced bracket."""
    spans: list[tuple[int, str]] = []
    problems: list[str] = []
    for number, line in enumerate(lines, 1):
        stack: list[tuple[str, int]] = []
        for col, char in enumerate(line):
            if char in OPENERS:
                stack.append((char, col))
            elif char in CLOSERS:
                if not stack or stack[-1][0] != CLOSERS[char]:
                    problems.append(f"line {number}:{col + 1}: {char} closes nothing")
                    continue
                _, start = stack.pop()
                spans.append((number, line[start + 1 : col]))
        problems += [f"line {number}:{col + 1}: {char} is never closed" for char, col in stack]
    return spans, problems


def _registry_index(registry: Path) -> tuple[dict[str, str], set[str]]:
    """(id -> kind) of people and organisations, and every name or alias any registry entry carries."""
    ids: dict[str, str] = {}
    names: set[str] = set()
    for file, key, kind in (
        ("people.yaml", "people", "person"),
        ("organizations.yaml", "organizations", "organization"),
        ("products.yaml", "products", "product"),
    ):
        data = yaml.safe_load((registry / file).read_text(encoding="utf-8")) or {}
        for entry in data.get(key) or []:
            if kind != "product":
                ids[entry["id"]] = kind
            names.update(entry.get("aliases") or [])
            names.update((entry.get("name") or {}).values())
    return ids, names


def corpus_problems(corpus: Path = CORPUS) -> list[str]:
    """What is wrong with the corpus itself: each problem names the file (empty when well-formed)."""
    if str(REPO / "src") not in sys.path:  # standalone runs: check against this repository's model
        sys.path.insert(0, str(REPO / "src"))
    from newskb.models import OrganizationsFile, PeopleFile, ProductsFile
    from newskb.source import read_source

    problems: list[str] = []
    registry = corpus / "registry"
    for file, model in zip(REGISTRY_FILES, (PeopleFile, OrganizationsFile, ProductsFile), strict=True):
        try:
            model.model_validate(yaml.safe_load((registry / file).read_text(encoding="utf-8")))
        except Exception as exc:  # noqa: BLE001 - any failure is a corpus problem to report
            problems.append(f"registry/{file}: {str(exc).splitlines()[0]}")
    ids, names = _registry_index(registry)

    found = transcripts(corpus)
    if not found:
        problems.append(f"{corpus}: no transcripts")
    for expect in sorted(corpus.glob("*.expect.yaml")):
        if not expect.with_name(expect.name.removesuffix(".expect.yaml") + ".txt").exists():
            problems.append(f"{expect.name}: no transcript beside it")
    for path in found:
        name = path.name
        if not _SOURCE_ID.match(path.stem):
            problems.append(f"{name}: not a valid source id")
        if not expectation_path(path).exists():
            problems.append(f"{name}: no {expectation_path(path).name}")
            continue
        source = read_source(path)
        lines = source.lines
        body = source.body_lines
        if not 8 <= len(lines) <= 25:
            problems.append(f"{name}: {len(lines)} lines (8-25 wanted)")
        if source.declared_length is not None and source.declared_length != source.body_length:
            problems.append(f"{name}: header says {source.declared_length} 文字, body has {source.body_length}")
        try:
            exp = read_expected(path)
        except Exception as exc:  # noqa: BLE001
            problems.append(f"{expectation_path(path).name}: unreadable: {exc}")
            continue
        previous_last = 0
        for first, last in exp.stories:
            if not (body.start <= first <= last < body.stop):
                problems.append(
                    f"{name}: story {first}-{last} is not inside the body lines {body.start}-{body.stop - 1}"
                )
            if first <= previous_last:
                problems.append(f"{name}: story {first}-{last} overlaps or precedes the previous one")
            previous_last = last
        spans, bracket_problems = bracket_spans(lines)
        problems += [f"{name}: {p}" for p in bracket_problems]
        listed = [(int(s["line"]), str(s["text"])) for s in exp.statements] + exp.terms
        for line, text in listed:
            if not 1 <= line <= len(lines) or text not in lines[line - 1]:
                problems.append(f"{name}:{line}: listed text not on that line: {text[:30]}")
        missing = Counter(spans) - Counter(listed)
        extra = Counter(listed) - Counter(spans)
        problems += [f"{name}:{line}: bracket span not listed: {text[:30]}" for line, text in missing.elements()]
        problems += [
            f"{name}:{line}: listed but not a bracket span (or listed twice): {text[:30]}"
            for line, text in extra.elements()
        ]
        for st in exp.statements:
            speaker = st.get("speaker")
            where = f"{name}:{st.get('line')}"
            if isinstance(speaker, dict):
                if speaker.get("kind") not in PROPOSAL_FILE or not speaker.get("name"):
                    problems.append(f"{where}: unregistered speaker needs name and kind person|organization")
                elif speaker["name"] in names:
                    problems.append(f"{where}: {speaker['name']} is in a registry; use its id")
                elif speaker["name"] not in source.text:
                    problems.append(f"{where}: {speaker['name']} is not written in the transcript")
            elif speaker != UNKNOWN and speaker not in ids:
                problems.append(f"{where}: speaker {speaker!r} is no person or organisation id of the registry")
    return problems


# --- running the loader -------------------------------------------------------------------


@dataclass
class Load:
    ok: bool
    error: str = ""
    stories: list[dict[str, Any]] = field(default_factory=list)


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


#: Load each transcript in a new Python process (`--subprocess`) rather than through `newskb.cli.main` here.
SUBPROCESS = False


def _load_in_subprocess(workdir: Path, seed: str) -> tuple[int, str, str] | str:
    """`newskb load seeds/<seed>` in workdir, with this repository's code first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")]))
    env.setdefault("PYTHONIOENCODING", "utf-8")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "newskb.cli", "load", f"seeds/{seed}"],
            check=False,
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=LOAD_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return f"timed out after {LOAD_TIMEOUT_S} s"
    return proc.returncode, proc.stdout, proc.stderr


def _load_in_process(workdir: Path, seed: str) -> tuple[int, str, str]:
    """The same command through its entry point: no interpreter start-up and imports per load, which were most
    of the corpus's scoring time (two loads a file). An uncaught exception is reported as a subprocess's
    traceback would be."""
    if str(REPO / "src") not in sys.path:
        sys.path.insert(0, str(REPO / "src"))
    from newskb.cli import main as cli_main

    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    os.chdir(workdir)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli_main(["load", f"seeds/{seed}"])
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except Exception:  # noqa: BLE001 - a crash is a score, not the scorer's failure
                err.write(traceback.format_exc())
                code = 1
    finally:
        os.chdir(here)
    return code, out.getvalue(), err.getvalue()


def run_load(workdir: Path, seed: str) -> Load:
    """`newskb load seeds/<seed>` run in workdir; the stories of that source it wrote."""
    result = (_load_in_subprocess if SUBPROCESS else _load_in_process)(workdir, seed)
    if isinstance(result, str):
        return Load(False, result)
    returncode, stdout, stderr = result
    if returncode != 0:
        error = _first_line(stderr) or _first_line(stdout) or "(no message)"
        if stderr.strip().startswith("Traceback"):
            error = stderr.strip().splitlines()[-1]
        return Load(False, f"exit {returncode}: {error}")
    stem = Path(seed).stem
    stories = []
    for path in sorted((workdir / "entries" / "stories").glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            return Load(False, f"{path.name}: unreadable YAML: {_first_line(str(exc))}")
        if isinstance(data, dict) and data.get("source") == stem:
            stories.append(data)
    return Load(True, stories=stories)


def _segment(story: dict[str, Any]) -> tuple[int, int] | None:
    seg = story.get("segment")
    if isinstance(seg, dict) and isinstance(seg.get("first_line"), int) and isinstance(seg.get("last_line"), int):
        return seg["first_line"], seg["last_line"]
    return None


def _quotes(stories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every quote as {line, text, speaker, speaker_name}; a quote missing its text or line is kept with None."""
    out = []
    for story in stories:
        for q in story.get("quotes") or []:
            if not isinstance(q, dict):
                continue
            text = q.get("text") if isinstance(q.get("text"), dict) else {}
            anchor = q.get("anchor") if isinstance(q.get("anchor"), dict) else {}
            out.append(
                {
                    "line": anchor.get("line"),
                    "text": text.get("ja"),
                    "speaker": q.get("speaker"),
                    "speaker_name": q.get("speaker_name"),
                }
            )
    return out


def _registry_entries(entries: Path, file: str) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load((entries / file).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return []
    key = file.removesuffix(".yaml")
    items = data.get(key) if isinstance(data, dict) else None
    return [e for e in items or [] if isinstance(e, dict)]


def proposal_id(entries: Path, name: str, kind: str) -> str | None:
    """The id of the `proposed: true` entry whose aliases hold `name`, in the file for its kind."""
    for entry in _registry_entries(entries, PROPOSAL_FILE[kind]):
        if entry.get("proposed") is True and name in (entry.get("aliases") or []):
            return str(entry.get("id"))
    return None


def confirm_proposals(entries: Path) -> int:
    """Delete every `proposed: true` line of the registries, as a curator confirming them does; returns how many."""
    count = 0
    for file in REGISTRY_FILES:
        path = entries / file
        if not path.exists():
            continue
        lines = path.read_text(encoding="utf-8").split("\n")
        out: list[str] = []
        carry_dash = ""  # `- proposed: true` opened a list item: its next key takes the dash
        for line in lines:
            m = _PROPOSED_LINE.match(line)
            if m:
                count += 1
                if m.group(2):
                    carry_dash = m.group(1) + "- "
                continue
            if carry_dash and line.strip():
                line = carry_dash + line.lstrip()
                carry_dash = ""
            out.append(line)
        path.write_text("\n".join(out), encoding="utf-8")
    return count


# --- scoring ------------------------------------------------------------------------------


@dataclass
class FileScore:
    file: str
    failed: bool = False
    error: str = ""
    stories_expected: int = 0
    stories_predicted: int = 0
    stories_right: int = 0
    boundaries_right: int = 0  # predicted first lines that are expected first lines
    statements_expected: int = 0
    speakers_right: int = 0
    terms_expected: int = 0
    term_false_positives: int = 0
    unregistered_expected: int = 0
    unregistered_proposed: int = 0
    unexpected_quotes: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def boundary_precision(self) -> float | None:
        return self.boundaries_right / self.stories_predicted if self.stories_predicted else None

    @property
    def boundary_recall(self) -> float | None:
        return self.boundaries_right / self.stories_expected if self.stories_expected else None


def _key(q: dict[str, Any]) -> tuple[Any, Any]:
    return q["line"], q["text"]


def _describe(speaker: Any) -> str:
    return f"{speaker['name']} ({speaker['kind']}, unregistered)" if isinstance(speaker, dict) else str(speaker)


def score_file(transcript: Path, registry: Path = REGISTRY) -> FileScore:
    exp = read_expected(transcript)
    score = FileScore(
        file=transcript.name,
        stories_expected=len(exp.stories),
        statements_expected=len(exp.statements),
        terms_expected=len(exp.terms),
        unregistered_expected=len(exp.unregistered),
    )
    with tempfile.TemporaryDirectory(prefix="newskb-loader-accuracy-") as tmp:
        work = Path(tmp)
        entries = work / "entries"
        entries.mkdir()
        (work / "seeds").mkdir()
        for file in REGISTRY_FILES:
            shutil.copyfile(registry / file, entries / file)
        shutil.copyfile(transcript, work / "seeds" / transcript.name)

        first = run_load(work, transcript.name)
        if not first.ok:
            score.failed, score.error = True, first.error
            return score

        # Stories.
        predicted = sorted(filter(None, (_segment(s) for s in first.stories)))
        score.stories_predicted = len(predicted)
        expected_firsts = {f for f, _ in exp.stories}
        score.boundaries_right = sum(1 for f, _ in predicted if f in expected_firsts)
        score.stories_right = len(set(predicted) & set(exp.stories))
        for story in exp.stories:
            if story not in predicted:
                score.wrong.append(f"story {story[0]}-{story[1]}: not found (predicted {predicted})")

        # Quotes: match each expected statement and term by (line, text).
        quotes = _quotes(first.stories)
        by_key: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
        for q in quotes:
            by_key.setdefault(_key(q), []).append(q)
        used: Counter[tuple[Any, Any]] = Counter()
        pending: list[tuple[dict[str, Any], str]] = []  # unregistered statements awaiting the reload
        proposed: set[tuple[str, str]] = set()
        for name, kind in exp.unregistered:
            if proposal_id(entries, name, kind):
                proposed.add((name, kind))
        score.unregistered_proposed = len(proposed)
        for name, kind in exp.unregistered:
            if (name, kind) not in proposed:
                score.wrong.append(f"{name} ({kind}): no proposed entry in {PROPOSAL_FILE[kind]}")

        for st in exp.statements:
            key = (int(st["line"]), str(st["text"]))
            found = by_key.get(key, [])
            if used[key] >= len(found):
                score.wrong.append(f"line {key[0]}: statement missing: {key[1][:40]}")
                continue
            q = found[used[key]]
            used[key] += 1
            speaker = st["speaker"]
            if isinstance(speaker, dict):
                ok = q["speaker"] == UNKNOWN and q["speaker_name"] == speaker["name"]
                pid = proposal_id(entries, speaker["name"], speaker["kind"])
                if ok and pid:
                    pending.append((st, pid))
                else:
                    score.wrong.append(
                        f"line {key[0]}: speaker {q['speaker']!r} speaker_name {q['speaker_name']!r}, "
                        f"expected {_describe(speaker)}"
                    )
            elif q["speaker"] == speaker:
                score.speakers_right += 1
            else:
                score.wrong.append(f"line {key[0]}: speaker {q['speaker']!r}, expected {speaker}")

        for line, text in exp.terms:
            key = (line, text)
            extra = len(by_key.get(key, [])) - used[key]
            if extra > 0:
                score.term_false_positives += extra
                used[key] += extra
                score.wrong.append(f"line {line}: term taken for a quote: {text[:40]}")

        for key, found in by_key.items():
            for q in found[used[key] :]:
                score.unexpected_quotes += 1
                score.wrong.append(f"line {q['line']}: unexpected quote ({q['speaker']}): {str(q['text'])[:40]}")

        # Confirm the proposals and load again: the unregistered speakers must now be attributed.
        if pending:
            confirm_proposals(entries)
            second = run_load(work, transcript.name)
            if not second.ok:
                score.wrong.append(f"reload after confirming proposals failed: {second.error}")
            else:
                again = {}
                for q in _quotes(second.stories):
                    again.setdefault(_key(q), q)
                for st, pid in pending:
                    q = again.get((int(st["line"]), str(st["text"])))
                    if q and q["speaker"] == pid:
                        score.speakers_right += 1
                    else:
                        got = q["speaker"] if q else "no quote"
                        score.wrong.append(f"line {st['line']}: after confirming, speaker {got!r}, expected {pid}")
    return score


def totals(scores: list[FileScore]) -> dict[str, Any]:
    keys = [
        "stories_expected",
        "stories_predicted",
        "stories_right",
        "boundaries_right",
        "statements_expected",
        "speakers_right",
        "terms_expected",
        "term_false_positives",
        "unregistered_expected",
        "unregistered_proposed",
        "unexpected_quotes",
    ]
    out: dict[str, Any] = {k: sum(getattr(s, k) for s in scores) for k in keys}
    out["files"] = len(scores)
    out["failed"] = sum(s.failed for s in scores)
    out["boundary_precision"] = out["boundaries_right"] / out["stories_predicted"] if out["stories_predicted"] else 0.0
    out["boundary_recall"] = out["boundaries_right"] / out["stories_expected"] if out["stories_expected"] else 0.0
    out["speaker_accuracy"] = out["speakers_right"] / out["statements_expected"] if out["statements_expected"] else 0.0
    return out


def score_corpus(
    names: list[str] | None = None, corpus: Path = CORPUS
) -> tuple[list[FileScore], dict[str, Any]]:
    """Score the transcripts of `corpus` (default tests/loader_corpus/) against its own `registry/`."""
    paths = transcripts(corpus)
    if names:
        wanted = {Path(n).name for n in names}
        paths = [p for p in paths if p.name in wanted]
    scores = [score_file(p, corpus / "registry") for p in paths]
    return scores, totals(scores)


# --- output -------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def render_table(scores: list[FileScore], total: dict[str, Any], verbose: bool = False) -> str:
    head = ("file", "stories", "bound P", "bound R", "speakers", "term FP", "unreg prop", "unexpected")
    rows = []
    for s in scores:
        if s.failed:
            rows.append((s.file, f"FAILED: {s.error}", "", "", "", "", "", ""))
            continue
        rows.append(
            (
                s.file,
                f"{s.stories_right}/{s.stories_expected}",
                _pct(s.boundary_precision),
                _pct(s.boundary_recall),
                f"{s.speakers_right}/{s.statements_expected}",
                str(s.term_false_positives),
                f"{s.unregistered_proposed}/{s.unregistered_expected}",
                str(s.unexpected_quotes),
            )
        )
    rows.append(
        (
            f"TOTAL ({total['files']} files, {total['failed']} failed)",
            f"{total['stories_right']}/{total['stories_expected']}",
            _pct(total["boundary_precision"]),
            _pct(total["boundary_recall"]),
            f"{total['speakers_right']}/{total['statements_expected']} ({_pct(total['speaker_accuracy'])})",
            f"{total['term_false_positives']}/{total['terms_expected']}",
            f"{total['unregistered_proposed']}/{total['unregistered_expected']}",
            str(total["unexpected_quotes"]),
        )
    )
    table = [head, *rows]
    widths = [max(len(r[i]) for r in table if not r[1].startswith("FAILED")) for i in range(len(head))]
    rule = "-" * (sum(widths) + 2 * (len(widths) - 1))

    def fmt(r: tuple[str, ...]) -> str:
        if r[1].startswith("FAILED"):
            return f"{r[0].ljust(widths[0])}  {r[1]}"
        return "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()

    lines = [fmt(head), rule, *(fmt(r) for r in rows[:-1]), rule, fmt(rows[-1])]
    if verbose:
        for s in scores:
            if s.wrong:
                lines.append(f"\n{s.file}:")
                lines += [f"  {w}" for w in s.wrong]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help="transcript file names in the corpus folder (default: all)")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=CORPUS,
        metavar="DIR",
        help="corpus folder: transcripts, their .expect.yaml and registry/ (default: tests/loader_corpus)",
    )
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument(
        "--subprocess", action="store_true", help="run each load in a new Python process, as a shell would"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list every wrong story, speaker and quote")
    args = parser.parse_args(argv)
    global SUBPROCESS
    SUBPROCESS = args.subprocess
    scores, total = score_corpus(args.files, args.corpus.resolve())
    if args.json:
        files = []
        for s in scores:
            d = asdict(s)
            d["boundary_precision"], d["boundary_recall"] = s.boundary_precision, s.boundary_recall
            files.append(d)
        print(json.dumps({"files": files, "totals": total}, ensure_ascii=False, indent=2))
    else:
        print(render_table(scores, total, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
