"""`newskb load` time against the quotes on one line, up to a 5 MB transcript (issue #13 item 6).

Prints one row per size: quotes, transcript bytes, seconds for a first load
(plan and write) and for a reload (plan only). Linear work doubles with the
quotes; before the fix 20k/40k/80k quotes took 3.7/14/58.6 s (80k quotes are over the 5 MB limit with this line).

    python3 benchmarks/load_scaling.py [--sizes 20000,40000] [--mb 5]

Measured on the shared 2-core machine (first load / reload, seconds): 20,000
quotes 0.50 / 0.49, 40,000 quotes 0.96 / 0.96, a 4.99 MB transcript (52,631
quotes on one line) 1.29 / 1.76. The code before the fix, on the same input:
10,000 quotes 8.9 / 7.9, 20,000 quotes 34.8 / 33.5.
With the discourse model of referents (issue #12, second round), measured back to back with the code before it
on the same busy machine: 20,000 quotes 1.73 / 1.85 against 1.22 / 1.21, 40,000 3.95 / 3.54 against 2.56 / 3.28,
5 MB 4.94 / 5.37 against 3.96 / 3.88: a constant factor, still linear.
Third round (publications, organisations named by what they are, titles before names), back to back with the
code before it on the busy machine (load average 8.7): 20,000 quotes 1.92 / 1.96 against 2.07 / 2.76, 40,000
4.15 / 4.25 against 4.02 / 3.99, 5 MB 5.16 / 6.57 against 5.47 / 5.18: within the noise, still linear.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newskb.loader import apply, plan_load
from newskb.source import MAX_SOURCE_BYTES

QUOTE = "ピチャイさんはこう言うてはった。「これは発言の番号{i}なんです」"


def run(quotes: int, work: Path) -> tuple[int, float, float]:
    seeds = work / "seeds"
    seeds.mkdir(exist_ok=True)
    shutil.rmtree(work / "entries", ignore_errors=True)
    shutil.copytree(REPO / "entries", work / "entries", ignore=shutil.ignore_patterns("stories", "sources"))
    line = "".join(QUOTE.format(i=i) for i in range(quotes))
    path = seeds / f"scale{quotes}.txt"
    path.write_text(f"題\nさっそく本題に入るで。\n{line}\n", encoding="utf-8")
    os.chdir(work)
    t0 = time.perf_counter()
    apply(plan_load(f"seeds/{path.name}", "entries"))
    t1 = time.perf_counter()
    plan_load(f"seeds/{path.name}", "entries")
    t2 = time.perf_counter()
    return path.stat().st_size, t1 - t0, t2 - t1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="20000,40000")
    parser.add_argument("--mb", type=float, default=5.0, help="also a transcript of about this many MB (0: none)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.mb:
        per = len(QUOTE.format(i=50000).encode("utf-8"))
        sizes.append(min(int(args.mb * 1_000_000), MAX_SOURCE_BYTES - 1000) // per)
    print(f"{'quotes':>8} {'bytes':>10} {'first load s':>13} {'reload s':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            size, first, again = run(n, Path(tmp))
            print(f"{n:>8} {size:>10} {first:>13.2f} {again:>9.2f}", flush=True)


if __name__ == "__main__":
    main()
