"""The `newskb` command line: wires the stages together and owns exit codes.

Exit codes are part of the interface people script against: 0 clean, 1
findings (or a stale output under --check), 2 usage or input error. Bad input
prints one line naming the file and line — never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .errors import InputError

Handler = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Handler]] = {}


def command(name: str, help: str, configure: Callable[[argparse.ArgumentParser], None] | None = None):  # type: ignore[no-untyped-def]
    """Register a subcommand: one function per command, found in one place."""

    def wrap(fn: Handler) -> Handler:
        COMMANDS[name] = (help, configure or (lambda p: None), fn)
        return fn

    return wrap


def _entries_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--entries", default="entries", help="entries directory (default: entries)")


def _quiet_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--quiet", "-q", action="store_true", help="no progress display (shown only on a terminal, not in CI)")


def _load_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("seeds", nargs="+", help="transcript file(s) under seeds/")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if entries are out of date")
    p.add_argument(
        "--explain", action="store_true", help="print each story split with its line and the cue or evidence for it"
    )
    _entries_arg(p)
    _quiet_arg(p)


@command("load", "parse transcripts into story entries (machine fields recomputed, human fields kept)", _load_args)
def cmd_load(args: argparse.Namespace) -> int:
    from .loader import apply, diff, plan_load
    from .progress import step

    stale = False
    # Plan every seed before writing any: one bad transcript means nothing is written.
    explained: dict[str, list[str]] = {seed: [] for seed in args.seeds}
    with step(f"loading {len(args.seeds)} transcript(s)", quiet=args.quiet):
        plans: list = []
        for seed in args.seeds:  # each plan builds on the registries the ones before it will write
            earlier = [p for _s, p in plans]
            plans.append((seed, plan_load(seed, args.entries, explained[seed] if args.explain else None, earlier)))
    for seed, plan in plans:
        for line in explained[seed]:
            print(line)
        for note in plan.notes:
            print(f"note: {note}", file=sys.stderr)
        print(plan.summary.line(seed), file=sys.stderr)
        if args.check:
            diffs = diff(plan)
            for d in diffs:
                sys.stdout.write(d if d.endswith("\n") else d + "\n")
            stale |= bool(diffs)
            print(f"{seed}: {len(diffs)} of {len(plan.files)} entry files out of date", file=sys.stderr)
        else:
            changed = apply(plan)
            for path in changed:
                print(f"wrote {path}")
            print(f"{seed}: {len(changed)} of {len(plan.files)} entry files changed", file=sys.stderr)
    return 1 if stale else 0


def _schema_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default=None, help="directory for *.schema.json (default: <entries>/_schema)")
    _entries_arg(p)


@command("schema", "write JSON Schema files for editors (yaml-language-server)", _schema_args)
def cmd_schema(args: argparse.Namespace) -> int:
    from .models import FILE_MODELS
    from .store import SCHEMA_DIR, write_atomic

    out = Path(args.out) if args.out else Path(args.entries) / SCHEMA_DIR
    for kind, model in FILE_MODELS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        path = out / f"{kind}.schema.json"
        if write_atomic(path, json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"):
            print(f"wrote {path}")
    return 0


def _validate_args(p: argparse.ArgumentParser) -> None:
    # Declared here rather than imported from validate.command: that would load every rule, pydantic and
    # rapidfuzz just to print --help.
    from .report import FORMATS

    _entries_arg(p)
    p.add_argument("--format", choices=sorted(FORMATS), default="text", help="output format (default: text)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument(
        "--fix", action="store_true", help="rewrite drifted or missing anchors (never text); says what changed"
    )
    p.add_argument("--select", default="", help="comma-separated codes or prefixes to check (e.g. Q,S302)")
    p.add_argument("--ignore", default="", help="comma-separated codes or prefixes to skip")
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the cache of unchanged entries' findings (.newskb-cache/ next to the entries)",
    )
    _quiet_arg(p)


@command("validate", "check entries against their sources: quotes, speakers, dates, references, claims", _validate_args)
def cmd_validate(args: argparse.Namespace) -> int:
    from .validate.command import run_validate

    return run_validate(args)


def _rules_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")


@command("rules", "list every validation rule: code, severity, description", _rules_args)
def cmd_rules(args: argparse.Namespace) -> int:
    from .validate.command import run_rules

    return run_rules(args)


def _build_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default="site", help="output directory (default: site)")
    p.add_argument("--base-url", default=None, help="absolute URL the site is published at (default: [tool.newskb] base_url)")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if the output directory is stale")
    p.add_argument("--no-search", action="store_true", help="skip the Pagefind search index (faster previews)")
    p.add_argument(
        "--no-data", action="store_true", help="skip the database and ClaimReview feed under data/ (faster previews)"
    )
    p.add_argument(
        "--full", action="store_true", help="render every page and swap the tree in (default: only what changed)"
    )
    p.add_argument("--jobs", type=int, default=None, help="worker processes for rendering (default: one per core)")
    p.add_argument(
        "--watch",
        action="store_true",
        help="keep the site in memory and rebuild what each edit changes until Ctrl-C (like `hugo server`)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="replace the content of a non-empty --out folder that is not a newskb site (never a repository folder)",
    )
    p.add_argument(
        "--preview",
        action="store_true",
        help="build even when `newskb validate` finds errors; every page is marked as a preview",
    )
    _entries_arg(p)
    _quiet_arg(p)


@command("build", "render the bilingual static site into site/ (incremental, atomic, deterministic)", _build_args)
def cmd_build(args: argparse.Namespace) -> int:
    from .render.build import BuildConfig, build_site, check_site, resolve_base_url

    entries = Path(args.entries)
    config = BuildConfig(
        entries=entries,
        out=Path(args.out),
        base_url=resolve_base_url(args.base_url, entries.resolve().parent),
        search=not args.no_search,
        data=not args.no_data,
        full=args.full,
        jobs=args.jobs,
        force=args.force,
        preview=args.preview,
    )
    if args.watch:
        if args.check:
            raise InputError(Path(args.out), "--watch and --check do not go together")
        from .render.live import watch

        return watch(config)
    if args.check:
        result, diffs = check_site(config)
        for line in diffs[:50]:
            print(line)
        if len(diffs) > 50:
            print(f"... and {len(diffs) - 50} more")
        state = f"{args.out} is stale: {len(diffs)} file(s) differ" if diffs else f"{args.out} is up to date"
        print(f"{state} ({result.pages} pages checked in {result.seconds:.2f}s)", file=sys.stderr)
        return 1 if diffs else 0
    from .progress import enabled, step

    with step("building the site", quiet=args.quiet):
        result = build_site(config, progress=enabled(args.quiet))
    print(result.summary())
    return 0


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("format", choices=("sqlite", "csv", "jsonl", "claimreview"), help="sqlite (a database file), csv or jsonl (a directory), claimreview")
    p.add_argument("path", help="file (sqlite, claimreview) or directory (csv, jsonl) to write")
    p.add_argument("--base-url", default=None, help="absolute URL of the site the rows link to (default: as `build`)")
    _entries_arg(p)
    _quiet_arg(p)


@command("export", "export the entries as SQLite (Datasette), CSV, JSON Lines or a ClaimReview feed", _export_args)
def cmd_export(args: argparse.Namespace) -> int:
    from .export.command import run_export

    return run_export(args)


def _serve_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dir", default="site", help="directory to serve (default: site)")
    p.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")


@command("serve", "preview the built site on http://127.0.0.1:8000/", _serve_args)
def cmd_serve(args: argparse.Namespace) -> int:
    from .render.serve import serve

    root = Path(args.dir)
    if not (root / "index.html").is_file():
        raise InputError(root, "no built site here; run `newskb build` first")
    serve(root, args.port)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newskb", description="A news-and-claims knowledge base from transcripts.")
    parser.add_argument("--version", action="version", version=f"newskb {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (help_text, configure, handler) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        configure(p)
        p.set_defaults(handler=handler)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except InputError as exc:
        print(exc.render(), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except RecursionError:  # input nested beyond what any check bounded: still one line, not a traceback
        print("error: input nested too deeply to process", file=sys.stderr)
        return 2
    except OSError as exc:  # a full disk, a read-only or busy folder met where no finer message exists
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"{where}error: {exc.strerror or exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
