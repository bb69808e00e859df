"""Benchmark `newskb validate` and `newskb build` on synthetic corpora of growing size.

    python benchmarks/run.py                      # N = 100, 1000, 10000
    python benchmarks/run.py --sizes 100,1000 --seed 1

For each size the corpus is generated with benchmarks/corpus.py (or reused from
benchmarks/corpus/n<N>-s<seed>/ when its corpus.json stamp matches), then each
scenario runs the real CLI in a subprocess, from the corpus directory, the
way a user would:

    validate-cold      `newskb validate --entries entries`, no cache directory
    validate-1-change  the same after one story's English title was edited
    validate-ci        the same in what CI sees: a fresh clone (every file rewritten with its
                       own bytes: new inodes and mtimes) with the previous run's cache restored,
                       the edited story back as it was (docs/validation.md, "GitHub Actions")
    build-full-search  `newskb build --out DIR` into an empty DIR, with the search index
    build-full         the same with --no-search
    build-incremental  `--no-search` again after editing one story's English title
    build-no-change    again with nothing changed
    watch-edit-first   `newskb build --watch --no-search`: from saving an edit of one story
                       to the watcher's report, the first edit after it loaded
    watch-edit-again   the same story edited again (cards warm)
    watch-edit-other   another story

Reported per scenario: wall time, CPU time (user + sys of the process tree,
workers included), HTML pages in the site and pages written by
that run (new or changed files), ms per page, ms per quote (validate), peak
RSS of the child process tree (GNU time's %M, else getrusage of a wrapper),
and the exit code (peak RSS = the largest single process of the tree). A command the CLI does not have yet is reported as
"n/a (command missing)". Results: a table on stdout and benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as corpus_mod

CACHE_DIRS = (".newskb-cache",)
GNU_TIME = "/usr/bin/time"


@dataclass
class Result:
    size: int
    scenario: str
    status: str = "ok"
    exit_code: int | None = None
    wall_s: float | None = None
    #: CPU time (user + sys) of the process tree, workers included: on a shared machine, the steadier figure.
    cpu_s: float | None = None
    peak_rss_mb: float | None = None
    pages_total: int | None = None
    pages_written: int | None = None
    ms_per_page: float | None = None
    ms_per_quote: float | None = None
    command: str = ""
    note: str = ""


@dataclass
class SizeInfo:
    size: int
    corpus: str
    generated: bool
    generate_s: float | None
    transcripts: int
    stories: int
    quotes: int
    claims: int
    entry_files: int
    entry_bytes: int
    results: list[Result] = field(default_factory=list)


# --- running commands -----------------------------------------------------------


def newskb_argv() -> list[str]:
    exe = shutil.which("newskb")
    return [exe] if exe else [sys.executable, "-m", "newskb.cli"]


def has_command(name: str) -> tuple[bool, str]:
    """Does `newskb NAME` exist? Returns (exists, its --help text)."""
    proc = subprocess.run([*newskb_argv(), name, "--help"], check=False, capture_output=True, text=True)
    return proc.returncode == 0, proc.stdout


def _stats_file() -> Path:
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as fh:
        return Path(fh.name)


def _peak_mb(stats: Path) -> float | None:
    """The peak RSS GNU time (or the wrapper) wrote to `stats`, in MB; the file is removed."""
    return _usage(stats)[0]


def _usage(stats: Path) -> tuple[float | None, float | None]:
    """(peak RSS in MB, CPU seconds user + sys or None) from the last line GNU time (or the wrapper) wrote to
    `stats`: `%M` or `%M %U %S`; the file is removed."""
    try:
        text = stats.read_text().strip().splitlines()
        fields = text[-1].split() if text else []
        rss = int(fields[0]) / 1024 if fields else None  # kB (Linux) -> MB
        cpu = float(fields[1]) + float(fields[2]) if len(fields) == 3 else None
        return rss, cpu
    except (OSError, ValueError):
        return None, None
    finally:
        stats.unlink(missing_ok=True)


def measure(argv: list[str], cwd: Path, timeout: float) -> tuple[int | None, float, float | None, str, float | None]:
    """Run argv; (exit code or None on timeout, wall seconds, peak RSS in MB, stderr tail, CPU seconds).

    The peak RSS is the largest resident set of any one process of the tree
    (Linux propagates ru_maxrss of waited-for descendants), e.g. `newskb build`
    or the Pagefind indexer it runs, whichever is bigger.
    """
    stats = _stats_file()
    if Path(GNU_TIME).exists():
        full = [GNU_TIME, "-f", "%M %U %S", "-o", str(stats), *argv]
    else:  # a wrapper whose RUSAGE_CHILDREN max RSS is the child's
        wrapper = (
            "import resource,subprocess,sys;"
            "r=subprocess.run(sys.argv[2:]).returncode;"
            "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
            "open(sys.argv[1],'w').write(f'{u.ru_maxrss} {u.ru_utime} {u.ru_stime}');"
            "sys.exit(r)"
        )
        full = [sys.executable, "-c", wrapper, str(stats), *argv]
    start = time.perf_counter()
    try:
        proc = subprocess.run(full, cwd=cwd, check=False, capture_output=True, text=True, timeout=timeout)
        code: int | None = proc.returncode
        err = proc.stderr
    except subprocess.TimeoutExpired as exc:
        code = None
        err = exc.stderr.decode("utf-8", "replace") if isinstance(exc.stderr, bytes) else (exc.stderr or "")
    wall = time.perf_counter() - start
    rss, cpu = _usage(stats)
    tail = "\n".join(err.strip().splitlines()[-3:]) if err else ""
    return code, wall, rss, tail, cpu


# --- the site and the corpus ---------------------------------------------------------


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    if not root.exists():
        return out
    for dirpath, _, files in os.walk(root):
        for name in files:
            if name.endswith(".html"):
                p = os.path.join(dirpath, name)
                st = os.stat(p)
                out[p] = (st.st_mtime_ns, st.st_size)
    return out


def written(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> int:
    return sum(1 for p, sig in after.items() if before.get(p) != sig)


def count_items(entries: Path) -> tuple[int, int, int, int]:
    """Quotes, claims, entry files and bytes, read straight from the YAML text (cheap)."""
    quotes = claims = files = size = 0
    for p in entries.rglob("*.yaml"):
        text = p.read_text(encoding="utf-8")
        files += 1
        size += len(text.encode("utf-8"))
        if p.parent.name == "stories":
            quotes += len(re.findall(r"^  speaker: ", text, re.MULTILINE))
            claims += len(re.findall(r"^  by: ", text, re.MULTILINE))
    return quotes, claims, files, size


def edit_one_story(entries: Path, tag: str) -> tuple[Path, bytes]:
    """Edit the English title of one story (a human field); returns what to restore."""
    stories = sorted((entries / "stories").glob("*.yaml"))
    path = stories[len(stories) // 2]
    original = path.read_bytes()
    text = original.decode("utf-8")
    new = text.replace("\n  en: '[synthetic] ", f"\n  en: '[synthetic] ({tag}) ", 1)
    if new == text:
        raise RuntimeError(f"{path}: no English title to edit")
    path.write_bytes(new.encode("utf-8"))
    return path, original


def fresh_clone(root: Path) -> None:
    """Rewrite every entry and transcript with its own bytes: new inodes and mtimes, as a new clone
    of the repository has them (what a CI runner validates after restoring the cache)."""
    for directory in ("entries", "seeds"):
        for path in sorted((root / directory).rglob("*")):
            if path.is_file():
                tmp = path.with_name(path.name + ".bench-tmp")
                tmp.write_bytes(path.read_bytes())
                os.replace(tmp, path)


def clear_caches(root: Path) -> None:
    for name in CACHE_DIRS:
        shutil.rmtree(root / name, ignore_errors=True)


# --- command lines ---------------------------------------------------------------


def _flag(help_text: str, *candidates: str) -> str | None:
    for c in candidates:
        if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", help_text):
            return c
    return None


@dataclass
class Commands:
    validate: list[str] | None
    build_plain: list[str] | None
    build_search: list[str] | None
    build_incremental: list[str] | None
    notes: list[str]


def commands(out_dir: str, validate_tpl: str | None, build_tpl: str | None, build_search_tpl: str | None) -> Commands:
    """The command lines to time, from the CLI's own --help (or from the templates given)."""
    base = newskb_argv()
    notes: list[str] = []
    fmt = {"entries": "entries", "out": out_dir}
    validate: list[str] | None = None
    if validate_tpl:
        validate = shlex.split(validate_tpl.format(**fmt))
    else:
        ok, help_text = has_command("validate")
        if ok:
            validate = [*base, "validate"] + (["--entries", "entries"] if "--entries" in help_text else [])
    build_plain = build_search = None
    if build_tpl:
        build_plain = shlex.split(build_tpl.format(**fmt))
        build_search = shlex.split((build_search_tpl or build_tpl).format(**fmt))
    else:
        ok, help_text = has_command("build")
        if ok:
            cmd = [*base, "build"]
            if "--entries" in help_text:
                cmd += ["--entries", "entries"]
            out_flag = _flag(help_text, "--out", "--output", "--site", "--dest", "-o")
            if out_flag:
                cmd += [out_flag, out_dir]
            else:
                notes.append("build has no output option; timing its default output directory")
            off = _flag(help_text, "--no-search", "--no-search-index", "--skip-search", "--no-pagefind")
            on = _flag(help_text, "--search", "--search-index", "--pagefind", "--with-search")
            build_plain = cmd + ([off] if off else [])
            build_search = cmd + ([on] if on else [])
            if not off and not on:
                notes.append("build has no search-index option: both full builds use its default")
            elif off:
                notes.append(f"search index: default on, {off} for the plain build")
            else:
                notes.append(f"search index: default off, {on} for the search build")
    return Commands(validate, build_plain, build_search, build_plain, notes)


# --- one size ------------------------------------------------------------------------


def ensure_corpus(n: int, seed: int, root: Path, jobs: int, regenerate: bool) -> tuple[Path, bool, float | None]:
    out = root / f"n{n}-s{seed}"
    if not regenerate and corpus_mod.is_current(out, n, seed):
        return out, False, None
    t = time.perf_counter()
    corpus_mod.generate(n, seed, out, jobs=jobs, quiet=False)
    return out, True, time.perf_counter() - t


def run_size(n: int, args: argparse.Namespace) -> SizeInfo:
    corpus_dir, generated, gen_s = ensure_corpus(n, args.seed, args.corpus_root, args.jobs, args.regenerate)
    entries = corpus_dir / "entries"
    quotes, claims, files, size = count_items(entries)
    transcripts = len(list((corpus_dir / "seeds").glob("*.txt")))
    stories = len(list((entries / "stories").glob("*.yaml")))
    info = SizeInfo(n, str(corpus_dir), generated, gen_s, transcripts, stories, quotes, claims, files, size)
    site = (args.out_root / f"site-n{n}").resolve()
    cmds = commands(str(site), args.validate_cmd, args.build_cmd, args.build_search_cmd)
    for note in cmds.notes:
        print(f"  note: {note}", file=sys.stderr)

    def run(scenario: str, argv: list[str] | None, missing: str, pages: bool = False) -> Result:
        r = Result(n, scenario)
        if argv is None:
            r.status = f"n/a (command missing: newskb {missing})"
            info.results.append(r)
            print(f"  {scenario:<20} {r.status}", file=sys.stderr)
            return r
        r.command = shlex.join(argv)
        before = snapshot(site) if pages else {}
        code, wall, rss, tail, cpu = measure(argv, corpus_dir, args.timeout)
        r.exit_code, r.wall_s, r.peak_rss_mb, r.cpu_s = code, wall, rss, cpu
        if code is None:
            r.status = f"timeout after {args.timeout:.0f}s"
        elif code not in (0, 1):
            r.status = f"failed (exit {code})"
            r.note = tail
        elif code == 1:
            r.note = "exit 1 (findings reported)"
        if pages:
            after = snapshot(site)
            r.pages_total = len(after)
            r.pages_written = written(before, after)
            if r.pages_total:
                r.ms_per_page = 1000 * wall / r.pages_total
        elif quotes:
            r.ms_per_quote = 1000 * wall / quotes
        info.results.append(r)
        print(
            f"  {scenario:<20} {wall:8.2f}s  cpu {_f(cpu):>8}s  rss {rss or 0:7.0f} MB  exit {code}  {r.note}",
            file=sys.stderr,
        )
        return r

    # validate: cold, then after one change
    if args.only in (None, "validate"):
        clear_caches(corpus_dir)
        run("validate-cold", cmds.validate, "validate")
        path, original = edit_one_story(entries, "validate-edit")
        try:
            run("validate-1-change", cmds.validate, "validate")
        finally:
            path.write_bytes(original)
        fresh_clone(corpus_dir)
        run("validate-ci", cmds.validate, "validate")
    if args.only == "validate":
        return info
    # full builds into an empty directory, with no cache
    # (the plain build runs last, so the incremental runs start from its output)
    for scenario, argv in (("build-full-search", cmds.build_search), ("build-full", cmds.build_plain)):
        shutil.rmtree(site, ignore_errors=True)
        clear_caches(corpus_dir)
        run(scenario, argv, "build", pages=True)
    # incremental: edit one story, rebuild; then rebuild with nothing changed
    path, original = edit_one_story(entries, "build-edit")
    try:
        run("build-incremental", cmds.build_incremental, "build", pages=True)
        run("build-no-change", cmds.build_incremental, "build", pages=True)
    finally:
        path.write_bytes(original)
    if cmds.build_plain is not None and has_command("build")[1].find("--watch") >= 0:
        info.results.extend(watch_edits(n, [*cmds.build_plain, "--watch"], corpus_dir, entries, site, args.timeout))
    return info


_REFRESH = re.compile(r"(\d+) pages written, (\d+) removed in ([0-9.]+)s \((\S+)\)")


def watch_edits(n: int, argv: list[str], cwd: Path, entries: Path, site: Path, timeout: float) -> list[Result]:
    """`newskb build --watch`: the time from saving an edit to the site being up to date.

    The watcher is started (it loads once, like `hugo server`), then one story
    is edited twice in a row and another story once: the first edit after the
    load (cards not rendered in the watcher yet), the next ones warm. Wall time
    runs from the save to the watcher's report line (so it includes up to one
    polling interval, 0.25 s); the watcher's own figure is in the note. Peak
    RSS is the watcher's, over its whole life.
    """
    stats = _stats_file()
    full = [GNU_TIME, "-f", "%M", "-o", str(stats), *argv] if Path(GNU_TIME).exists() else argv
    proc = subprocess.Popen(full, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[tuple[float, str]] = []
    reader = threading.Thread(
        target=lambda: [lines.append((time.perf_counter(), line)) for line in iter(proc.stdout.readline, "")],  # type: ignore[union-attr]
        daemon=True,
    )
    reader.start()

    def wait(pattern: str, seen: int) -> tuple[float, str] | None:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline and proc.poll() is None:
            for at, line in lines[seen:]:
                if pattern in line:
                    return at, line
            time.sleep(0.01)
        return None

    out: list[Result] = []
    edits: list[tuple[Path, bytes]] = []
    try:
        if wait("watching", 0) is None:
            return [Result(n, "watch-edit", status="failed (the watcher did not start)")]
        stories = sorted((entries / "stories").glob("*.yaml"))
        for scenario, path, tag in (
            ("watch-edit-first", stories[len(stories) // 3], "watch-1"),
            ("watch-edit-again", stories[len(stories) // 3], "watch-2"),
            ("watch-edit-other", stories[2 * len(stories) // 3], "watch-3"),
        ):
            if not any(p == path for p, _ in edits):
                edits.append((path, path.read_bytes()))
            seen = len(lines)
            before = snapshot(site)
            text = path.read_text(encoding="utf-8")
            saved = time.perf_counter()
            path.write_text(text.replace("\n  en: '[synthetic] ", f"\n  en: '[synthetic] ({tag}) ", 1), encoding="utf-8")
            got = wait("pages written", seen)
            r = Result(n, scenario, command=shlex.join(argv))
            if got is None:
                r.status = "timeout or failure"
                out.append(r)
                break
            at, line = got
            r.wall_s = at - saved
            r.exit_code = 0
            after = snapshot(site)
            r.pages_total, r.pages_written = len(after), written(before, after)
            m = _REFRESH.search(line)
            r.note = f"watcher: {m.group(3)} s, {m.group(4)}" if m else line.strip()
            out.append(r)
            print(f"  {scenario:<20} {r.wall_s:8.2f}s  {r.note}", file=sys.stderr)
    finally:
        # GNU time dies of SIGTERM without reporting: stop the watcher itself, its child
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        try:
            pids = [int(x) for x in children.read_text().split()] if full is not argv else [proc.pid]
        except (OSError, ValueError):
            pids = [proc.pid]
        for pid in pids or [proc.pid]:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
        for path, original in edits:
            path.write_bytes(original)
        rss = _peak_mb(stats)
        for r in out:
            r.peak_rss_mb = rss
    return out


# --- output ----------------------------------------------------------------------------


def _f(v: float | None, digits: int = 2) -> str:
    return "-" if v is None else f"{v:.{digits}f}"


def table(infos: list[SizeInfo]) -> str:
    head = f"{'N':>6} {'scenario':<20} {'wall s':>8} {'cpu s':>8} {'pages':>7} {'written':>7} {'ms/page':>8} {'ms/quote':>8} {'peak MB':>8}  status"
    lines = [head, "-" * len(head)]
    for info in infos:
        lines.append(
            f"{info.size:>6} corpus: {info.transcripts} transcripts, {info.stories} stories, {info.quotes} quotes, "
            f"{info.claims} claims, {info.entry_files} entry files ({info.entry_bytes / 1e6:.1f} MB)"
            + (f", generated in {info.generate_s:.1f}s" if info.generate_s is not None else ", cached")
        )
        for r in info.results:
            status = r.status if r.status != "ok" else ("ok" + (f" ({r.note})" if r.note else ""))
            lines.append(
                f"{r.size:>6} {r.scenario:<20} {_f(r.wall_s):>8} {_f(r.cpu_s):>8} {r.pages_total if r.pages_total is not None else '-':>7} "
                f"{r.pages_written if r.pages_written is not None else '-':>7} {_f(r.ms_per_page, 3):>8} "
                f"{_f(r.ms_per_quote, 3):>8} {_f(r.peak_rss_mb, 0):>8}  {status}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="100,1000,10000", help="comma-separated story counts (default: 100,1000,10000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for corpus generation")
    p.add_argument("--regenerate", action="store_true", help="ignore cached corpora")
    p.add_argument("--corpus-root", type=Path, default=HERE / "corpus")
    p.add_argument("--out-root", type=Path, default=HERE / "out", help="where sites are built (gitignored)")
    p.add_argument("--results", type=Path, default=HERE / "results.json")
    p.add_argument("--timeout", type=float, default=1800.0, help="seconds per command")
    p.add_argument("--validate-cmd", default=None, help="override, e.g. 'newskb validate --entries {entries}'")
    p.add_argument(
        "--build-cmd", default=None, help="override, e.g. 'newskb build --entries {entries} --out {out} --no-search'"
    )
    p.add_argument("--build-search-cmd", default=None, help="override for the build with the search index")
    p.add_argument("--only", choices=("validate", "build"), default=None, help="run only these scenarios")
    args = p.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.corpus_root.mkdir(parents=True, exist_ok=True)
    args.out_root.mkdir(parents=True, exist_ok=True)
    infos = []
    for n in sizes:
        print(f"N={n}", file=sys.stderr)
        infos.append(run_size(n, args))
    print(table(infos))
    payload = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "seed": args.seed,
        "sizes": [asdict(i) for i in infos],
    }
    args.results.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.results}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
