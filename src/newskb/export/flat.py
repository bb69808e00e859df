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
import io
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..kb import KnowledgeBase
from .tables import TABLES, rows

FORMATS = ("csv", "jsonl")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def csv_text(columns: list[str], data: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    for row in data:
        writer.writerow([_cell(row[c]) for c in columns])
    return "\ufeff" + buf.getvalue()


def jsonl_text(columns: list[str], data: list[dict[str, Any]]) -> str:
    return "".join(json.dumps({c: row[c] for c in columns}, ensure_ascii=False) + "\n" for row in data)


def files(kb: KnowledgeBase, fmt: str, base_url: str) -> dict[str, bytes]:
    """File name -> bytes, one file per table."""
    data = rows(kb, base_url)
    make = csv_text if fmt == "csv" else jsonl_text
    return {f"{t.name}.{fmt}": make(t.column_names, data[t.name]).encode("utf-8") for t in TABLES}


def write_dir(kb: KnowledgeBase, out: Path, fmt: str, base_url: str) -> list[Path]:
    """Write every table's file into `out`: all of them or, if anything fails, none."""
    content = files(kb, fmt, base_url)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".newskb-export-", dir=out))
    try:
        for name, data in content.items():
            (staging / name).write_bytes(data)
        written = []
        for name in content:
            os.replace(staging / name, out / name)
            written.append(out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written
