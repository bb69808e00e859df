"""CSV and JSON Lines: one file per table, from the same rows as the database.

CSV is written for spreadsheets as much as for pandas: UTF-8 *with* a byte
order mark, because Excel opens a BOM-less CSV in the system's legacy code
page (Shift_JIS on a Japanese Windows) and garbles every Japanese cell, while
pandas (`read_csv`), LibreOffice and Google Sheets all read the BOM as the
encoding marker it is and drop it. RFC 4180 otherwise: a header row, CRLF
line ends, fields quoted when they hold a comma, quote or line break. Empty
cells are missing values; lists are JSON text. Values are written as they are
in the entries, never altered: a cell that begins with `=` is data, and a
spreadsheet that evaluates it is told otherwise by the text import dialog.

JSON Lines carries the same rows as JSON objects, one per line, UTF-8
without a BOM (JSON forbids one), lists as arrays, missing values as null.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from ..cache import atomic_paths
from ..kb import KnowledgeBase
from .tables import TABLES, rows

FORMATS = ("csv", "jsonl")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def write_csv(fh: Any, columns: list[str], data: list[dict[str, Any]]) -> None:
    fh.write("\ufeff")
    writer = csv.writer(fh, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_cell(row[c]) for c in columns] for row in data)


def write_jsonl(fh: Any, columns: list[str], data: list[dict[str, Any]]) -> None:
    dumps = json.dumps
    fh.writelines(dumps({c: row[c] for c in columns}, ensure_ascii=False) + "\n" for row in data)


def write_dir(kb: KnowledgeBase, out: Path, fmt: str, base_url: str) -> list[Path]:
    """Write every table's file into `out`: all of them or, if anything fails, none (cache.atomic_paths)."""
    data = rows(kb, base_url)
    write = write_csv if fmt == "csv" else write_jsonl
    out.mkdir(parents=True, exist_ok=True)
    written = [out / f"{table.name}.{fmt}" for table in TABLES]
    with atomic_paths(written) as temps:
        for table, tmp in zip(TABLES, temps):
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                write(fh, table.column_names, data[table.name])
    return written
