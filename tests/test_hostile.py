"""Hostile input: every attack of issue #13, each as one parametrised case run through the real CLI.

Each case sets up a world — a repository (a copy of the render fixture:
entries/, seeds/, docs/) and, beside it, a folder `outside/` holding a
person's own file — mutates it, runs one `newskb` command in a subprocess
with a timeout, and checks the only acceptable outcomes: the expected exit
code, no traceback, no hang, no file changed outside the folders the command
may touch (docs/security.md), nothing a person wrote lost.

The counts the issue's closing note asks for are printed at the end of the
module (`pytest tests/test_hostile.py -q -s` shows them; every case is also
one parametrised test id): inputs tried, tracebacks, hangs, files touched
outside their folders, data lost.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # every attack runs the real CLI, many build whole sites, one fuzzes `build` (about 150 s in all)

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "render" / "kb"
SRC = REPO / "src"
STORY = "entries/stories/2024-09-18-microsoft-grin-moe.yaml"
SOURCE = "entries/sources/000_e554cb74c4a6e450.yaml"
SEED = "seeds/000_e554cb74c4a6e450.txt"
TIMEOUT = int(os.environ.get("NEWSKB_HOSTILE_TIMEOUT", "60"))  # seconds before a command counts as hung
TODAY = "2026-12-01"

#: How the fuzzed builds ended: a site, or refused (exit 2).
OUTCOMES = {"site": 0, "refused": 0}
COUNTS = {"inputs tried": 0, "tracebacks": 0, "hangs": 0, "files touched outside their folders": 0, "data lost": 0}


@pytest.fixture(scope="module", autouse=True)
def report_counts(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    line = "hostile input: " + ", ".join(f"{k} {v}" for k, v in COUNTS.items())
    if any(OUTCOMES.values()):
        line += f" (fuzzed builds: {OUTCOMES['site']} sites, {OUTCOMES['refused']} refused in one line)"
    if reporter is not None:
        reporter.write_line("")
        reporter.write_line(line)


# --- the world -------------------------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, str]:
    """Every file and symlink under `root` (not following links): path -> digest or link target."""
    out: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                out[rel] = "-> " + os.readlink(path)
            elif path.is_file():
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif not path.is_dir():
                out[rel] = "special"
    return out


@dataclass
class World:
    root: Path
    repo: Path
    outside: Path

    def write(self, rel: str, data: str | bytes) -> Path:
        path = self.repo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.exists():
            path.unlink()
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def replace(self, rel: str, old: str, new: str) -> None:
        text = (self.repo / rel).read_text(encoding="utf-8")
        assert old in text, old
        self.write(rel, text.replace(old, new, 1))

    def link(self, rel: str, target: str | Path) -> None:
        path = self.repo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.exists():
            path.unlink()
        path.symlink_to(target)

    def fifo(self, rel: str) -> None:
        path = self.repo / rel
        if path.exists():
            path.unlink()
        os.mkfifo(path)


@pytest.fixture
def world(tmp_path: Path) -> World:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo, ignore=shutil.ignore_patterns(".newskb-cache", "site", ".site.*"))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("a person's own file\n", encoding="utf-8")
    return World(tmp_path, repo, outside)


@dataclass
class Run:
    code: int | None
    out: str
    err: str
    hung: bool = False


def newskb(world: World, *args: str) -> Run:
    env = {**os.environ, "PYTHONPATH": str(SRC), "NEWSKB_TODAY": TODAY}
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "newskb.cli", *args],
            cwd=world.repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired as exc:
        return Run(None, str(exc.stdout or ""), str(exc.stderr or ""), hung=True)
    return Run(proc.returncode, proc.stdout, proc.stderr)


#: What each command may write: (folders under the repository, beside-site temporary trees allowed).
MAY_TOUCH = {
    "validate": (".newskb-cache/",),
    "build": (".newskb-cache/", "site/", ".site."),
    "load": (".newskb-cache/", "entries/"),
    "serve": (),
}


@dataclass
class Case:
    setup: Callable[[World], None]
    args: tuple[str, ...]
    code: int
    #: Text stderr (or stdout, for validate's findings) must contain.
    says: str = ""
    #: Files (under the repository) the command may change besides its own folders.
    allowed: tuple[str, ...] = field(default_factory=tuple)
    #: A further check of the world afterwards.
    check: Callable[[World], None] | None = None


def _nothing(w: World) -> None:
    pass


def _deep(w: World) -> None:
    w.replace(STORY, "tags:\n- ai-models", "tags:\n- " + "[" * 1000 + "]" * 1000)


def _deep_block(w: World) -> None:
    w.write(STORY, "".join("  " * i + f"k{i}:\n" for i in range(950)) + "  " * 950 + "v: 1\n")


def _pickle_bomb(w: World) -> None:
    """A planted pickle (the old cache format) that would create outside/pwned if unpickled."""
    import pickle

    class Evil:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (os.system, (f"touch {w.outside / 'pwned'}",))

    cache = w.repo / ".newskb-cache" / "validate"
    cache.mkdir(parents=True, exist_ok=True)
    payload = pickle.dumps(Evil())
    (cache / "index.pickle").write_bytes(b"newskb-validate-cache\n" + hashlib.sha256(payload).digest() + payload)
    (cache / "index.json").write_bytes(payload)


def _foreign_json_cache(w: World) -> None:
    cache = w.repo / ".newskb-cache" / "validate"
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "index.json").write_text(json.dumps({"files": [], "registry": {}, "groups": {"x": {"a": 1}}}))
    parse = w.repo / ".newskb-cache" / "parse" / "ab"
    parse.mkdir(parents=True, exist_ok=True)
    (parse / ("ab" * 20 + ".json")).write_text('{"key": 1, "data": {"\\u0000t": "date", "v": "x"}}')


def _cache_fifo(w: World) -> None:
    cache = w.repo / ".newskb-cache" / "validate"
    cache.mkdir(parents=True, exist_ok=True)
    os.mkfifo(cache / "index.json")
    os.mkfifo(w.repo / ".newskb-cache" / "build-site.sqlite")


def _plant_pages(w: World, paths: list[str]) -> None:
    """Add rows to the build's manifest store: a well-formed record (the first page's), under other paths."""
    db = sqlite3.connect(w.repo / ".newskb-cache" / "build-site.sqlite")
    with db:
        row = db.execute("SELECT * FROM pages ORDER BY i LIMIT 1").fetchone()
        last = db.execute("SELECT max(i) FROM pages").fetchone()[0]
        for n, path in enumerate(paths, last + 1):
            db.execute("INSERT INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (n, path, *row[2:]))
    db.close()


def _build_then_plant_manifest(paths: list[str]) -> Callable[[World], None]:
    def setup(w: World) -> None:
        assert newskb(w, "build", "--no-search").code == 0
        _plant_pages(w, paths)

    return setup


def _symlinked_site_folder(w: World) -> None:
    assert newskb(w, "build", "--no-search").code == 0
    (w.outside / "en").mkdir()
    (w.outside / "en" / "gone.html").write_text("mine\n")
    _plant_pages(w, ["evil/gone.html"])
    (w.repo / "site" / "evil").symlink_to(w.outside / "en")


def _source_file(target: str) -> Callable[[World], None]:
    def setup(w: World) -> None:
        w.replace(SOURCE, f"file: {SEED}", f"file: {target}")

    return setup


def _passwd_link(w: World) -> None:
    w.link("seeds/link.txt", "/etc/passwd")
    _source_file("seeds/link.txt")(w)


def _etc_folder(w: World) -> None:
    w.link("seeds/etc", "/etc")
    _source_file("seeds/etc/passwd")(w)


def _zero_transcript(w: World) -> None:
    w.link("seeds/zero.txt", "/dev/zero")
    _source_file("seeds/zero.txt")(w)


def _fifo_transcript(w: World) -> None:
    os.mkfifo(w.repo / "seeds" / "fifo.txt")
    _source_file("seeds/fifo.txt")(w)


def _story_outside(w: World) -> None:
    copy = w.outside / "story.yaml"
    copy.write_bytes((w.repo / STORY).read_bytes())
    w.link(STORY, copy)


def _story_to(target: str) -> Callable[[World], None]:
    return lambda w: w.link(STORY, target)


def _site_with_stale_temp(w: World) -> None:
    assert newskb(w, "build", "--no-search").code == 0
    stale = w.repo / ".site.build-99999999-abc"
    (stale / "en").mkdir(parents=True)
    (stale / "en" / "index.html").write_text("half a site")
    legacy = w.repo / ".site.build-xyz"
    legacy.mkdir()


def _no_temp_trees(w: World) -> None:
    assert not list(w.repo.glob(".site.build-*")), "a killed build's tree was left"


def _marker_gone(w: World) -> None:
    """A site folder with someone's file in it and no marker: not a newskb site any more."""
    (w.repo / "site").mkdir()
    (w.repo / "site" / "notes.txt").write_text("mine\n")


def _seed(name: str, text: str = "題名\n本文です。\n") -> Callable[[World], None]:
    return lambda w: w.write(f"seeds/{name}", text)


def _outside_seed(w: World) -> None:
    (w.outside / "t.txt").write_text("題名\n本文です。\n", encoding="utf-8")


CASES: dict[str, Case] = {
    # 1. build never empties a folder that is not its own
    "build --out entries": Case(_nothing, ("build", "--out", "entries", "--no-search"), 2, "never replaces"),
    "build --out entries --force": Case(_nothing, ("build", "--out", "entries", "--force"), 2, "never replaces"),
    "build --out entries/stories": Case(_nothing, ("build", "--out", "entries/stories"), 2, "never replaces"),
    "build --out seeds": Case(_nothing, ("build", "--out", "seeds"), 2, "never replaces"),
    "build --out docs": Case(_nothing, ("build", "--out", "docs"), 2, "never replaces"),
    "build --out . (the repository)": Case(_nothing, ("build", "--out", "."), 2, "never replaces"),
    "build --out .. (holds the repository)": Case(_nothing, ("build", "--out", ".."), 2, "never replaces"),
    "build --out ../outside": Case(_nothing, ("build", "--out", "../outside"), 2, "not a newskb site"),
    "build into a non-empty folder without the marker": Case(_marker_gone, ("build",), 2, "--force"),
    "build --out a file": Case(lambda w: w.write("notes.txt", "x"), ("build", "--out", "notes.txt"), 2, "not a folder"),
    # 2. caches are data, checked, never code
    "validate with a planted pickle": Case(_pickle_bomb, ("validate",), 0, ""),
    "build with a planted pickle": Case(_pickle_bomb, ("build", "--no-search"), 0, ""),
    "validate with foreign JSON caches": Case(_foreign_json_cache, ("validate",), 0, "cache ignored"),
    "validate with FIFO caches": Case(_cache_fifo, ("validate",), 0, "cache ignored"),
    "build with FIFO caches": Case(_cache_fifo, ("build", "--no-search"), 0, "cache ignored"),
    # 3. manifest paths proven inside the site
    "manifest page ../../outside/precious.txt": Case(
        _build_then_plant_manifest(["../../outside/precious.txt", "../entries/people.yaml"]),
        ("build", "--no-search"),
        0,
        "cache ignored",
    ),
    "manifest page absolute path": Case(
        _build_then_plant_manifest([str(Path("/tmp/../etc/hostname"))]), ("build", "--no-search"), 0, "cache ignored"
    ),
    "manifest page through a symlinked folder": Case(_symlinked_site_folder, ("build", "--no-search"), 0, "not removed"),
    # 4. inputs only as regular files inside the repository
    "build: transcript symlink to /etc/passwd": Case(_passwd_link, ("build",), 2, "outside the repository"),
    "validate: transcript symlink to /etc/passwd": Case(_passwd_link, ("validate",), 1, "R603"),
    "build: symlinked folder seeds/etc -> /etc": Case(_etc_folder, ("build",), 2, "outside the repository"),
    "build: About page document symlinked to /etc/passwd": Case(
        lambda w: w.link("docs/method.en.md", "/etc/passwd"), ("build", "--no-search"), 2, "outside the repository"
    ),
    "build: About page document is a FIFO": Case(lambda w: w.fifo("docs/method.en.md"), ("build", "--no-search"), 2, "method.en.md"),
    "validate: symlinked folder seeds/etc -> /etc": Case(_etc_folder, ("validate",), 1, "R603"),
    "build: transcript ../../outside": Case(_source_file("../outside/precious.txt"), ("build",), 2, "inside the repository"),
    "build: transcript absolute": Case(_source_file("/etc/passwd"), ("build",), 2, "inside the repository"),
    "validate: story symlinked outside": Case(_story_outside, ("validate",), 2, "Y118"),
    "build: story symlinked outside": Case(_story_outside, ("build",), 2, "outside the repository"),
    # 5. FIFOs and devices never hang
    "validate: story is a FIFO": Case(lambda w: w.fifo(STORY), ("validate",), 2, "Y117"),
    "build: story is a FIFO": Case(lambda w: w.fifo(STORY), ("build",), 2, "not a regular file"),
    "validate: story -> /dev/zero": Case(_story_to("/dev/zero"), ("validate",), 2, "Y11"),
    "build: story -> /dev/zero": Case(_story_to("/dev/zero"), ("build",), 2, "refused"),
    "validate: story -> /dev/urandom": Case(_story_to("/dev/urandom"), ("validate",), 2, "Y11"),
    "validate: transcript -> /dev/zero": Case(_zero_transcript, ("validate",), 1, "R603"),
    "build: transcript -> /dev/zero": Case(_zero_transcript, ("build",), 2, ""),
    "build: transcript is a FIFO": Case(_fifo_transcript, ("build",), 2, "not a regular file"),
    "load /dev/zero": Case(_nothing, ("load", "/dev/zero"), 2, ""),
    "load /dev/urandom": Case(_nothing, ("load", "/dev/urandom"), 2, ""),
    "load a FIFO": Case(lambda w: os.mkfifo(w.repo / "seeds" / "f.txt"), ("load", "seeds/f.txt"), 2, "regular file"),
    # 7. one line and exit 2 instead of tracebacks
    "validate: flow nesting 1000": Case(_deep, ("validate",), 2, "Y114"),
    "build: flow nesting 1000": Case(_deep, ("build",), 2, "nesting"),
    "validate: block nesting 950": Case(_deep_block, ("validate",), 2, "Y114"),
    "build: a tag named index.html": Case(
        # --preview: the tag registry (R609) refuses the tag first; the page path is checked even in a preview
        lambda w: w.replace(STORY, "- ai-models\n", "- ai-models\n- index.html\n"), ("build", "--no-search", "--preview"), 2, "folder"
    ),
    "validate: segment.index 10^23": Case(
        lambda w: w.replace(STORY, "index: 2,", "index: 100000000000000000000000,"), ("validate",), 1, "Y112"
    ),
    "build: segment.index 10^23": Case(
        lambda w: w.replace(STORY, "index: 2,", "index: 100000000000000000000000,"), ("build",), 2, ""
    ),
    "build: anchor line 10^23": Case(
        lambda w: w.replace(STORY, "first_line: 19,", "first_line: 100000000000000000000000,"), ("build",), 2, ""
    ),
    "build: a 5000-digit integer": Case(lambda w: w.replace(STORY, "index: 2,", "index: " + "9" * 5000 + ","), ("build",), 2, ""),
    "load: seed name of 130 characters": Case(_seed("a" * 130 + ".txt"), ("load", "seeds/" + "a" * 130 + ".txt"), 2, ""),
    "load: seed name with a newline": Case(_seed("bad\n.txt"), ("load", "seeds/bad\n.txt"), 2, "source id"),
    "serve --port 99999": Case(lambda w: newskb(w, "build", "--no-search"), ("serve", "--port", "99999"), 2, "port"),
    "serve --port -1": Case(lambda w: newskb(w, "build", "--no-search"), ("serve", "--port", "-1"), 2, "port"),
    # 8. build refuses what validate rejects
    "build: unknown speaker id (S301)": Case(
        lambda w: w.replace(STORY, "by: narrator", "by: nobody-at-all"), ("build",), 2, "validation error"
    ),
    "build: future date (D402)": Case(lambda w: w.replace(STORY, "date: 2024-09-18", "date: 2099-01-01"), ("build",), 2, "D402"),
    "build: claim text not in the transcript (Q205)": Case(
        lambda w: w.replace(STORY, "ja: マイクロソフトから新しいモデルが発表されたで", "ja: 存在しない文"), ("build",), 2, "Q205"
    ),
    # 9. exit codes and load's limits
    "validate: malformed YAML": Case(lambda w: w.replace(STORY, "tags:\n- ai-models", "tags: [ai-models"), ("validate",), 2, "Y101"),
    "load: transcript outside the repository": Case(_outside_seed, ("load", "../outside/t.txt"), 2, "outside the repository"),
    "load: a title-only transcript": Case(_seed("only_title.txt", "題名だけ\n"), ("load", "seeds/only_title.txt"), 0, "no story found"),
    # 10. killed builds' temporary trees
    "build cleans killed builds' trees": Case(
        _site_with_stale_temp, ("build", "--no-search"), 0, "", (".site.build-",), lambda w: _no_temp_trees(w)
    ),
    # 11. YAML characters and tags
    "validate: NUL byte": Case(lambda w: w.replace(STORY, "- coding", "- cod\0ing"), ("validate",), 2, ":25:6"),  # its line:col
    "validate: !!binary": Case(lambda w: w.replace(STORY, "- coding", "- !!binary Y29kaW5n"), ("validate",), 2, "Y116"),
    "validate: !foo on a mapping": Case(lambda w: w.replace(STORY, "title:\n", "title: !foo\n"), ("validate",), 2, "Y116"),
    "validate: !!python/object": Case(
        lambda w: w.replace(STORY, "- coding", "- !!python/object/apply:os.system [true]"), ("validate",), 2, "Y116"
    ),
    # 13. bidi controls
    "validate: RTL override in a title": Case(
        lambda w: w.replace(STORY, "en: Microsoft releases GRIN MoE", "en: Microsoft releases \u202eGRIN MoE"), ("validate",), 1, "B506"
    ),
    "build: RTL override in a title": Case(
        lambda w: w.replace(STORY, "en: Microsoft releases GRIN MoE", "en: Microsoft releases \u202eGRIN MoE"), ("build",), 2, "B506"
    ),
    "validate: isolate in an alias": Case(
        lambda w: w.replace("entries/people.yaml", "aliases:\n  - ", "aliases:\n  - \u2066"), ("validate",), 1, "B506"
    ),
    # parser attacks that already held
    "validate: alias bomb": Case(
        lambda w: w.write(STORY, "a: &a [" + ",".join(['"lol"'] * 9) + "]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
        )), ("validate",), 2, "Y103"
    ),
    "validate: duplicate key": Case(lambda w: w.replace(STORY, "date_kind: publication", "date_kind: publication\ndate_kind: release"), ("validate",), 2, "Y102"),
    "validate: merge key": Case(lambda w: w.replace(STORY, "title:\n", "<<: {a: 1}\ntitle:\n"), ("validate",), 2, "Y103"),
    "validate: 3 MB entry": Case(lambda w: w.write(STORY, "# " + "x" * (3 * 1024 * 1024) + "\n"), ("validate",), 2, "Y104"),
    "load: 6 MB transcript": Case(_seed("big.txt", "題名\n" + "あ" * (2 * 1024 * 1024)), ("load", "seeds/big.txt"), 2, "limit"),
    "validate: non-UTF-8 entry": Case(lambda w: w.write(STORY, "id: caf\xe9\n".encode("latin-1")), ("validate",), 2, "Y105"),
    "build: non-UTF-8 entry": Case(lambda w: w.write(STORY, "id: caf\xe9\n".encode("latin-1")), ("build",), 2, "UTF-8"),
    "load: binary transcript": Case(_seed("bin.txt", "題名\n\0\1\2"), ("load", "seeds/bin.txt"), 2, "binary"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input(world: World, name: str) -> None:
    case = CASES[name]
    case.setup(world)
    command = case.args[0]
    before_repo = snapshot(world.repo)
    before_outside = snapshot(world.outside)
    result = newskb(world, *case.args)
    after_repo = snapshot(world.repo)
    after_outside = snapshot(world.outside)

    may = MAY_TOUCH[command] + case.allowed
    touched = sorted(
        p
        for p in before_repo.keys() | after_repo.keys()
        if before_repo.get(p) != after_repo.get(p) and not p.startswith(may)
    )
    touched += [f"outside/{p}" for p in before_outside.keys() | after_outside.keys() if before_outside.get(p) != after_outside.get(p)]
    lost = [
        p
        for p in before_repo
        if p.startswith(("entries/", "seeds/", "docs/")) and after_repo.get(p) != before_repo[p] and command != "load"
    ] + [p for p in before_outside if after_outside.get(p) != before_outside[p]]
    COUNTS["inputs tried"] += 1
    COUNTS["tracebacks"] += "Traceback" in result.err
    COUNTS["hangs"] += result.hung
    COUNTS["files touched outside their folders"] += len(touched)
    COUNTS["data lost"] += len(lost)

    assert not result.hung, f"{name}: hung for {TIMEOUT}s"
    assert "Traceback" not in result.err, result.err
    assert not touched, f"{name}: touched {touched}"
    assert not lost, f"{name}: lost {lost}"
    assert not (world.outside / "pwned").exists(), "a cache ran code"
    assert result.code == case.code, (name, result.code, result.err[-2000:])
    if case.says:
        assert case.says in result.err + result.out, (case.says, result.err[-2000:], result.out[-2000:])
    if result.code == 2 and command != "validate":  # bad input: one line (build's findings come first, one each)
        lines = result.err.strip().splitlines()
        assert lines and all(": error" in line or line.startswith(("note:", "error:")) for line in lines), lines
    if command == "build" and result.code == 2:
        assert not any(p.startswith(".site.build-") for p in after_repo), "a temporary tree was left"
    if case.check is not None:
        case.check(world)


# --- what a subprocess cannot show: a full disk, an unwritable or busy site/, serve's answers ----------


@pytest.fixture
def built(world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.chdir(world.repo)
    monkeypatch.setenv("NEWSKB_TODAY", TODAY)
    monkeypatch.syspath_prepend(str(SRC))
    from newskb.cli import main

    assert main(["build", "--no-search"]) == 0
    return world


def _enospc(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_during_a_full_build_leaves_the_site_and_says_so(built: World, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from newskb.cli import main
    from newskb.render import build

    before = snapshot(built.repo / "site")
    monkeypatch.setattr(build, "_write", _enospc)
    COUNTS["inputs tried"] += 1
    assert main(["build", "--full", "--no-search"]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert snapshot(built.repo / "site") == before
    assert not list(built.repo.glob(".site.build-*"))


@pytest.mark.parametrize("failure", [errno.EBUSY, errno.EXDEV, errno.EACCES])
def test_a_site_that_cannot_be_swapped_stays_as_it_was(built: World, monkeypatch, capsys, failure: int) -> None:  # type: ignore[no-untyped-def]
    from newskb.cli import main
    from newskb.render import build

    before = snapshot(built.repo / "site")

    def refuse(new: Path, out: Path) -> None:
        raise OSError(failure, os.strerror(failure))

    monkeypatch.setattr(build, "swap_in", refuse)
    COUNTS["inputs tried"] += 1
    assert main(["build", "--full", "--no-search"]) == 2
    err = capsys.readouterr().err
    assert os.strerror(failure) in err and len(err.strip().splitlines()) == 1
    assert snapshot(built.repo / "site") == before
    assert not list(built.repo.glob(".site.build-*"))


def test_an_unwritable_site_is_refused_before_anything_changes(built: World, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """As root, permissions do not bite: the check `os.access` makes is what is tested (it is what refuses)."""
    from newskb.cli import main

    site = str(built.repo / "site" / "en")
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if os.path.abspath(p) == site else real(p, mode, **kw))
    before = snapshot(built.repo / "site")
    COUNTS["inputs tried"] += 2
    assert main(["build", "--full", "--no-search"]) == 2
    assert "not writable" in capsys.readouterr().err
    assert snapshot(built.repo / "site") == before
    built.replace(STORY, "en: Microsoft releases GRIN MoE", "en: Microsoft publishes GRIN MoE")
    assert main(["build", "--no-search"]) == 2  # incremental: refused before any page is moved in
    assert "not writable" in capsys.readouterr().err
    assert snapshot(built.repo / "site") == before


def test_load_writes_every_file_or_none(world: World, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """A full disk on the third of seven files: no entry file changed (it had rewritten one of seven)."""
    from newskb import store
    from newskb.cli import main

    monkeypatch.chdir(world.repo)
    shutil.rmtree(world.repo / "entries" / "stories")  # load writes six new story files and the source
    before = snapshot(world.repo / "entries")
    calls = []
    real = os.fsync

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(store.os, "fsync", fsync)
    COUNTS["inputs tried"] += 1
    assert main(["load", SEED]) == 2
    err = capsys.readouterr().err
    assert "no entry file was changed" in err and "Traceback" not in err
    assert snapshot(world.repo / "entries") == before
    assert not [p for p in (world.repo / "entries").rglob("*.tmp")]


def test_preview_builds_mark_every_page(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newskb.cli import main
    from newskb.render.build import PREVIEW_BANNER

    monkeypatch.chdir(world.repo)
    monkeypatch.setenv("NEWSKB_TODAY", TODAY)
    world.replace(STORY, "by: narrator", "by: nobody-at-all")
    COUNTS["inputs tried"] += 1
    assert main(["build", "--no-search"]) == 2
    assert main(["build", "--no-search", "--preview"]) == 0
    pages = list((world.repo / "site").rglob("*.html"))
    assert pages and all(PREVIEW_BANNER in p.read_text(encoding="utf-8") for p in pages)
    world.replace(STORY, "by: nobody-at-all", "by: narrator")
    assert main(["build", "--no-search"]) == 0  # the preview flag is in every page's key: all rewritten
    assert not any(PREVIEW_BANNER in p.read_text(encoding="utf-8") for p in (world.repo / "site").rglob("*.html"))


def test_the_watcher_reports_a_deeply_nested_edit_and_keeps_running(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newskb.render.build import BuildConfig
    from newskb.render.live import LiveBuild

    monkeypatch.chdir(world.repo)
    monkeypatch.setenv("NEWSKB_TODAY", TODAY)
    live = LiveBuild(BuildConfig(entries=Path("entries"), out=Path("site"), search=False))
    live.load()
    _deep(world)
    COUNTS["inputs tried"] += 2
    refresh = live.refresh()
    assert refresh.mode == "error" and "nesting" in (refresh.error or "")
    world.fifo(STORY)
    refresh = live.refresh()
    assert refresh.mode == "error" and "\n" not in (refresh.error or "")


def test_the_search_page_says_how_to_search_when_opened_from_a_file(built: World) -> None:
    from newskb.render.build import DEFAULT_TEMPLATES

    for lang in ("en", "ja"):
        html = (built.repo / "site" / lang / "search" / "index.html").read_text(encoding="utf-8")
        assert 'id="search-file"' in html and "newskb serve" in html
    script = (DEFAULT_TEMPLATES / "assets" / "search.js").read_text(encoding="utf-8")
    assert 'window.location.protocol !== "file:"' in script and "notice.remove()" in script


# --- serve ---------------------------------------------------------------------------------------------


@pytest.fixture
def server(built: World) -> Iterator[tuple[str, World]]:
    from newskb.render.serve import make_server

    site = built.repo / "site"
    (site / "escape").symlink_to(built.outside)
    (site / "passwd").symlink_to("/etc/passwd")
    srv = make_server(site, 0, quiet=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", built
    srv.shutdown()
    srv.server_close()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.parametrize(
    "path, allowed",
    [
        ("/en/", {200}),
        ("/assets/", {404}),  # a folder without index.html: no listing
        ("/escape/precious.txt", {404}),  # a symlink out of the site
        ("/escape/", {404}),
        ("/passwd", {404}),
        ("/en/%00", {400, 404}),
        ("/en/%00/index.html", {400, 404}),
        ("/../../etc/passwd", {404}),
        ("/%2e%2e/%2e%2e/etc/passwd", {404}),
    ],
)
def test_serve_answers_only_from_its_folder(server, path: str, allowed: set[int], capfd) -> None:  # type: ignore[no-untyped-def]
    base, _ = server
    COUNTS["inputs tried"] += 1
    assert _status(base + path) in allowed
    assert "Traceback" not in capfd.readouterr().err


def test_serve_a_client_hanging_up_is_not_a_traceback(server, capfd) -> None:  # type: ignore[no-untyped-def]
    base, _ = server
    host, port = base.removeprefix("http://").split(":")
    for _ in range(20):
        with socket.create_connection((host, int(port))) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            sock.sendall(b"GET /en/ HTTP/1.1\r\nHost: x\r\n\r\n")
    assert _status(base + "/en/") == 200
    COUNTS["inputs tried"] += 20
    err = capfd.readouterr().err
    COUNTS["tracebacks"] += err.count("Traceback")
    assert "Traceback" not in err


def test_serve_on_a_busy_port_is_one_line(built: World, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from newskb.cli import main

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        COUNTS["inputs tried"] += 1
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert "cannot serve" in err and len(err.strip().splitlines()) == 1


# --- a property of `build`: fuzzed entries give a site, or one line and exit 2, and touch nothing else ---------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

HOSTILE_STRINGS = [
    "index.html",
    "../../outside/precious.txt",
    "/etc/passwd",
    "a" * 200,
    "x\ny",
    "\u202egnp.exe",
    "\0",
    "{{ 7*7 }}",
    "<script>alert(1)</script>",
    "nobody-at-all",
    "2099-01-01",
    "",
]
_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**20, max_value=10**30),
    st.floats(),
    st.text(max_size=40),
    st.sampled_from(HOSTILE_STRINGS),
)
_value = st.recursive(_leaf, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)


def _paths(data: object, here: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    out = [here] if here else []
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, (*here, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, (*here, i))
    return out


def _get(data: object, path: tuple[object, ...]) -> object:
    for key in path:
        data = data[key]  # type: ignore[index]
    return data


def _set(data: object, path: tuple[object, ...], value: object) -> None:
    for key in path[:-1]:
        data = data[key]  # type: ignore[index]
    data[path[-1]] = value  # type: ignore[index]


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(data=st.data())
def test_fuzzed_entries_build_a_site_or_fail_in_one_line_touching_nothing_else(data: st.DataObject) -> None:
    import contextlib
    import io
    import tempfile

    import yaml

    from newskb.cli import main
    from newskb.store import dump_yaml

    story_text = (FIXTURE / STORY).read_text(encoding="utf-8")
    story = yaml.safe_load(story_text)
    paths = _paths(story)
    with tempfile.TemporaryDirectory(prefix="newskb-fuzz-") as tmp:
        world = World(Path(tmp), Path(tmp) / "repo", Path(tmp) / "outside")
        shutil.copytree(FIXTURE, world.repo, ignore=shutil.ignore_patterns(".newskb-cache", "site", ".site.*"))
        world.outside.mkdir()
        (world.outside / "precious.txt").write_text("mine\n")
        kind = data.draw(st.sampled_from(["string", "string", "value", "bytes"]))
        if kind == "string":  # text fields keep their type, so the build gets past the schema to render them
            texts = [p for p in paths if isinstance(_get(story, p), str)]
            for _ in range(data.draw(st.integers(1, 3))):
                _set(story, data.draw(st.sampled_from(texts)), data.draw(st.text(max_size=60) | st.sampled_from(HOSTILE_STRINGS)))
            world.write(STORY, dump_yaml(story))
        elif kind == "value":
            for _ in range(data.draw(st.integers(1, 3))):
                _set(story, data.draw(st.sampled_from(paths)), data.draw(_value))
            try:
                text = dump_yaml(story)
            except Exception:  # noqa: BLE001 - a value YAML cannot hold: fall back to raw bytes
                text = story_text
            world.write(STORY, text)
        else:
            raw = story_text.encode("utf-8")
            at = data.draw(st.integers(0, len(raw)))
            world.write(STORY, raw[:at] + data.draw(st.binary(min_size=1, max_size=12)) + raw[at:])
        preview = data.draw(st.booleans())  # past the validator: what the renderer makes of the values
        before = snapshot(world.root)
        err = io.StringIO()
        cwd = os.getcwd()
        os.chdir(world.repo)
        COUNTS["inputs tried"] += 1
        try:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                code = main(["build", "--no-search", *(["--preview"] if preview else [])])
        except BaseException:
            COUNTS["tracebacks"] += 1
            raise
        finally:
            os.chdir(cwd)
        after = snapshot(world.root)
        own = ("repo/site/", "repo/.newskb-cache/", "repo/.site.")
        touched = [p for p in before.keys() | after.keys() if before.get(p) != after.get(p) and not p.startswith(own)]
        COUNTS["files touched outside their folders"] += len(touched)
        assert not touched, touched
        assert code in (0, 2), (code, err.getvalue())
        OUTCOMES["site" if code == 0 else "refused"] += 1
        if code == 0:
            assert (world.repo / "site" / ".newskb-site").is_file()
        else:
            lines = err.getvalue().strip().splitlines()
            assert lines and all(": error" in line or line.startswith(("note:", "error:")) for line in lines), lines
            assert not (world.repo / "site").exists(), "a refused build left a partial site"
