"""YAML readers side by side on a corpus's entry files: which one `store.read_yaml` should use (issue #16).

Each reader parses the same sample of files, interleaved over several rounds
(one round runs every reader once, so a busy machine slows them alike), and
the median round is reported as MB/s and as seconds per 10,000 files. Beside
the speed, what each reader keeps of the store's guarantees (see store.py's
docstring): the same data as PyYAML's C safe loader on these files, duplicate
keys and anchors/aliases refused, YAML 1.1's surprising implicit conversions
noticed (`yes`, `012`, `1:30`), and line/column positions.

Positions are never computed on the fast path: every reader here hands a file
it declines (or one with a finding to report) to the store's full positional
parse, so "positions" means whether the reader could give them itself.

    python3 benchmarks/yaml_readers.py --corpus /work/bench/n1000-s1/entries --files 500 --rounds 3

rapidyaml (`ryml`) and yaml-rs (`yaml_rs`) are not dependencies: install them to measure them
(`python3 -m pip install rapidyaml yaml-rs`); a reader that is not installed is listed as such.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from newskb.canonical_yaml import NotCanonical, _plain_value, read_canonical  # noqa: E402
from newskb.store import _Fallback, _libyaml_data  # noqa: E402


class Declined(Exception):
    """The reader gives the file to the full parse (what `NotCanonical`/`_Fallback` mean in the store)."""


def canonical(text: str) -> Any:
    try:
        return read_canonical(text)
    except NotCanonical:
        raise Declined from None


def libyaml_checked(text: str) -> Any:
    try:
        return _libyaml_data(text)
    except _Fallback:
        raise Declined from None


def libyaml_plain(text: str) -> Any:
    return yaml.load(text, Loader=yaml.CSafeLoader)


def ryml_reader() -> tuple[Callable[[str], Any], Callable[[str], Any]] | None:
    """rapidyaml: its parse alone, and its tree walked into Python data with the store's checks."""
    try:
        import ryml  # type: ignore[import-not-found]
    except ImportError:
        return None
    none = ryml.NONE

    def convert(tree: Any, node: int) -> Any:
        if tree.has_val_anchor(node) or tree.is_val_ref(node) or tree.has_val_tag(node):
            raise Declined
        if tree.is_map(node):
            out: dict[str, Any] = {}
            child = tree.first_child(node)
            while child != none:
                if tree.has_key_anchor(child) or tree.is_key_ref(child) or tree.has_key_tag(child):
                    raise Declined
                key = bytes(tree.key(child)).decode()
                if not tree.is_key_quoted(child):
                    try:
                        if not isinstance(_plain_value(key), str):
                            raise Declined
                    except NotCanonical:
                        raise Declined from None
                if key in out or key == "<<":
                    raise Declined
                out[key] = convert(tree, child)
                child = tree.next_sibling(child)
            return out
        if tree.is_seq(node):
            items = []
            child = tree.first_child(node)
            while child != none:
                items.append(convert(tree, child))
                child = tree.next_sibling(child)
            return items
        if tree.val_is_null(node):
            return None
        value = bytes(tree.val(node)).decode()
        if tree.is_val_quoted(node) or tree.is_val_literal(node) or tree.is_val_folded(node):
            return value
        try:
            return _plain_value(value)  # YAML 1.1 resolution, declining what the store would comment on
        except NotCanonical:
            raise Declined from None

    def parse_only(text: str) -> Any:
        return ryml.parse_in_arena(text.encode())

    def walked(text: str) -> Any:
        tree = ryml.parse_in_arena(text.encode())
        return convert(tree, tree.root_id())

    return parse_only, walked


def yaml_rs_reader() -> Callable[[str], Any] | None:
    try:
        import yaml_rs  # type: ignore[import-not-found]
    except ImportError:
        return None
    return yaml_rs.loads  # type: ignore[no-any-return]


#: reader -> (positions itself, duplicate keys refused, aliases refused, YAML 1.1 notes), checked by hand
#: and by the probes below; "same data" is measured on the corpus.
GUARANTEES = {
    "canonical reader (newskb, adopted)": ("no", "yes", "yes", "yes"),
    "PyYAML CSafeLoader + store checks": ("yes*", "yes", "yes", "yes"),
    "PyYAML CSafeLoader, plain yaml.load": ("yes*", "no", "no", "no"),
    "rapidyaml parse only (no Python data)": ("yes*", "n/a", "n/a", "n/a"),
    "rapidyaml tree -> Python + store checks": ("yes*", "yes", "yes", "yes"),
    "yaml-rs loads": ("no", "yes", "no", "no"),
}

#: Texts on which a reader must decline or refuse (or, for plain yaml.load, shows what it lets through).
PROBES = {
    "duplicate key": "a: 1\na: 2\n",
    "alias": "a: &x 1\nb: *x\n",
    "yes": "a: yes\n",
    "octal": "a: 012\n",
    "sexagesimal": "a: 1:30\n",
    "quoted date stays a string": "a: '2024-01-01'\n",
}


def probe(fn: Callable[[str], Any]) -> str:
    """The probes the reader accepts without declining or refusing: what the store would miss with it."""
    wrong = []
    for name, text in PROBES.items():
        try:
            got = fn(text)
        except Exception:  # declined or refused: the store then reports it exactly
            continue
        if name == "quoted date stays a string" and got == {"a": "2024-01-01"}:
            continue
        wrong.append(name)
    return ", ".join(wrong) or "none"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, default=Path("entries"), help="an entries/ folder")
    p.add_argument("--files", type=int, default=500, help="how many story files to sample (evenly spread)")
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()

    paths = sorted((args.corpus / "stories").glob("*.yaml")) or sorted(args.corpus.rglob("*.yaml"))
    paths = paths[:: max(1, len(paths) // args.files)][: args.files]
    texts = [path.read_bytes().decode("utf-8") for path in paths]
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    expected = [libyaml_plain(t) for t in texts]

    readers: dict[str, Callable[[str], Any] | None] = {
        "canonical reader (newskb, adopted)": canonical,
        "PyYAML CSafeLoader + store checks": libyaml_checked,
        "PyYAML CSafeLoader, plain yaml.load": libyaml_plain,
    }
    ry = ryml_reader()
    readers["rapidyaml parse only (no Python data)"] = ry[0] if ry else None
    readers["rapidyaml tree -> Python + store checks"] = ry[1] if ry else None
    readers["yaml-rs loads"] = yaml_rs_reader()

    times: dict[str, list[float]] = {name: [] for name, fn in readers.items() if fn is not None}
    same: dict[str, str] = {}
    for name, fn in readers.items():
        if fn is None:
            continue
        ok = declined = 0
        for text, want in zip(texts, expected):
            try:
                ok += fn(text) == want
            except Declined:
                declined += 1
        same[name] = "n/a" if "parse only" in name else f"{ok}/{len(texts)}" + (f" ({declined} declined)" if declined else "")
    for _ in range(args.rounds):
        for name in times:
            fn = readers[name]
            assert fn is not None
            started = time.perf_counter()
            for text in texts:
                try:
                    fn(text)
                except Declined:
                    pass
            times[name].append(time.perf_counter() - started)

    print(f"{len(texts)} files, {megabytes:.1f} MB from {args.corpus}; median of {args.rounds} interleaved rounds")
    head = f"{'reader':42} {'MB/s':>6} {'s/10k files':>11}  {'same data':>10}  positions dup-keys aliases 1.1-notes  accepts silently"
    print(head)
    print("-" * len(head))
    for name, fn in readers.items():
        pos, dup, alias, notes = GUARANTEES[name]
        if fn is None:
            print(f"{name:42} {'not installed':>18}")
            continue
        t = statistics.median(times[name])
        wrong = "n/a" if "parse only" in name else probe(fn)
        print(
            f"{name:42} {megabytes / t:6.1f} {t / len(texts) * 10_000:11.2f}  {same[name]:>10}  "
            f"{pos:>9} {dup:>8} {alias:>7} {notes:>9}  {wrong}"
        )
    print("yes* = the parser knows positions (PyYAML marks, rapidyaml locations); the store asks for them only")
    print("       when it reports a finding, through its full PyYAML parse, whichever reader took the fast path.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
