"""The one cache layer: where caches live, how they are written, and why nothing read back is trusted.

Why one module: a cache is input that anyone can plant (CI restores
`.newskb-cache/` from a shared key; a checkout can carry one), so every cache
must be read the same careful way. Here, and only here:

- the cache folder: `.newskb-cache/` beside the entries (or the site) folder;
- data-only formats: JSON, never pickle, so reading a cache cannot run code;
- bounded reads: a cache file larger than its limit is not read;
- validation on read: the caller gives the expected shape (a pydantic type or
  a predicate); anything corrupt, foreign, stale or of the wrong shape is
  ignored with one notice on stderr (once per file and run), never fatal;
- atomic writes (`atomic_path`, the one temp-file-then-rename writer of the
  package: entries, exports and caches): a temporary file in the same folder,
  then one rename, so a killed run leaves the old file or the new one, never
  half of one; a cache that cannot be written only costs time;
- file stamps: (device, inode, size, mtime, ctime, mode) of a file, what lets
  a cache skip re-hashing an unchanged file;
- containment: a relative path read from a cache is used only after it is
  proven to lie inside the folder it is meant for (no absolute path, no `..`,
  no symlink out of it).
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .errors import InputError
from .files import read_regular

#: The cache folder's name; it sits beside `entries/` (and beside the output folder of a build).
CACHE_DIRNAME = ".newskb-cache"
#: Default limit on the size of one cache file read back.
DEFAULT_LIMIT = 256 * 1024 * 1024

#: Notices already printed (one per cache file and reason, per process).
_NOTICED: set[str] = set()


class UnsafePath(ValueError):
    """A path that would leave the folder it must stay in."""


def cache_dir(beside: Path, *parts: str) -> Path:
    """`<beside's parent>/.newskb-cache/<parts...>`: the cache of a folder such as entries/ or site/."""
    return beside.resolve().parent.joinpath(CACHE_DIRNAME, *parts)


def notice(path: Path | str, why: str) -> None:
    """Say once that a cache file is ignored (and why), on stderr; never raises."""
    key = f"{path}\0{why}"
    if key in _NOTICED:
        return
    _NOTICED.add(key)
    try:
        print(f"note: {path}: cache ignored ({why})", file=sys.stderr)
    except (OSError, ValueError):  # a closed or broken stderr must not turn a cache miss into a crash
        pass


def file_stamp(path: Path | str) -> tuple[int, int, int, int, int, int] | None:
    """(device, inode, size, mtime_ns, ctime_ns, mode) of `path` (symlinks followed), or None when it cannot be stat'ed.

    Equal stamps mean the file was not rewritten (unless within one clock tick: callers allow for that).
    """
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_mode)


# --- containment -----------------------------------------------------------------------------------


def is_inside(path: Path, root: Path) -> bool:
    """Whether `path`, all symlinks resolved, is `root` or lies under it (resolved too)."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL byte
        return False


def is_plain_relative(rel: object) -> bool:
    """A non-empty relative POSIX path without `..`, `.` or empty parts, backslashes or NUL bytes."""
    if not isinstance(rel, str) or not rel or "\0" in rel or "\\" in rel or rel.startswith("/"):
        return False
    return not any(p in ("", ".", "..") for p in rel.split("/"))


def contained(rel: object, root: Path) -> Path:
    """`root / rel` for a relative path read from a cache, or UnsafePath.

    Refused: anything but a non-empty string; absolute paths; `..`, `.` or empty
    parts; backslashes and NUL bytes; a path whose resolved form (symlinks
    followed) is not strictly inside the resolved `root`.
    """
    if not is_plain_relative(rel):
        raise UnsafePath(f"not a plain relative path: {rel!r}")
    assert isinstance(rel, str)
    target = root / rel
    try:
        resolved = target.resolve()
        base = root.resolve()
    except (OSError, RuntimeError, ValueError) as exc:
        raise UnsafePath(f"{rel!r}: {exc}") from None
    if resolved == base or not resolved.is_relative_to(base):
        raise UnsafePath(f"{rel!r} leaves {root}")
    return target


# --- reading ------------------------------------------------------------------------------------------


def read_bounded(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file no larger than `limit` that resolves inside its own folder, or None.

    A cache file that is a FIFO, a device or a symlink out of the cache folder
    is not read (see files.read_regular: no blocking, a capped read).
    """
    try:
        return read_regular(path, limit, "cache file", inside=path.parent)
    except InputError:
        return None


def read_json(
    path: Path,
    shape: TypeAdapter[Any] | Callable[[Any], bool] | None = None,
    limit: int = DEFAULT_LIMIT,
    object_hook: Callable[[dict[str, Any]], Any] | None = None,
    quiet_missing: bool = True,
) -> Any | None:
    """The JSON document at `path`, checked against `shape`; None (with one notice) if it is not one.

    `shape` is a pydantic TypeAdapter (the value it returns is used: types are
    coerced to the declared ones, strictly) or a predicate. A missing file is
    a silent miss; anything else that is wrong is a notice and a miss.
    """
    if not os.path.lexists(path):
        if not quiet_missing:
            notice(path, "missing")
        return None
    data = read_bounded(path, limit)
    if data is None:
        notice(path, f"not a regular file of at most {limit} bytes")
        return None
    try:
        value = json.loads(data, object_hook=object_hook) if object_hook else json.loads(data)
    except (ValueError, RecursionError):
        notice(path, "not valid JSON")
        return None
    if shape is None:
        return value
    if isinstance(shape, TypeAdapter):
        try:
            return shape.validate_python(value, strict=False)
        except (ValidationError, ValueError, TypeError, RecursionError):
            notice(path, "unexpected shape")
            return None
    try:
        ok = shape(value)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        ok = False
    if not ok:
        notice(path, "unexpected shape")
        return None
    return value


# --- writing ------------------------------------------------------------------------------------------


def default_mode() -> int:
    """The mode a plain `open` gives a new file under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def mode_of(path: Path) -> int:
    """The permission bits of the regular file at `path` (kept when it is replaced), or those a new file gets
    under the umask (also in place of a FIFO, device or folder planted there)."""
    try:
        st = path.stat()
    except (OSError, ValueError):
        return default_mode()
    return st.st_mode & 0o777 if stat.S_ISREG(st.st_mode) else default_mode()


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(directory: Path) -> None:
    """Make the renames in `directory` durable; best-effort (some filesystems refuse to sync a folder)."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def atomic_paths(targets: Sequence[Path], durable: bool = True) -> Iterator[list[Path]]:
    """Temporary files beside each target, to be written in the `with` body; all renamed into place at its end.

    Why one writer: a killed run, a full disk or an exception must leave each
    target as it was or wholly new, never half written, and a set of files
    (a source with its stories) all old or all new. So: each temporary file
    is created in its target's folder (a rename within one filesystem is
    atomic) with the target's mode (or the umask's for a new file: mkstemp
    alone would leave 0600); after the body, every one is flushed to disk
    (`durable`) before the first rename, so no rename can expose data the
    disk does not hold yet; renames need no space. If the body or a flush
    raises, every temporary file is removed and no target has changed.
    Caches pass `durable=False`: a cache torn by a power cut is read as a
    miss (it is validated on read), and an fsync per cache file is slow.
    """
    temps: list[Path] = []
    try:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            mode = mode_of(target)
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            temps.append(Path(name))
            try:
                os.fchmod(fd, mode)
            finally:
                os.close(fd)
        yield temps
        if durable:
            for tmp in temps:
                _fsync_file(tmp)
        for tmp, target in zip(temps, targets):
            os.replace(tmp, target)
    except BaseException:
        for tmp in temps:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass
        raise
    if durable:
        for directory in dict.fromkeys(t.parent for t in targets):
            _fsync_dir(directory)


@contextmanager
def atomic_path(target: Path, durable: bool = True) -> Iterator[Path]:
    """`with atomic_path(target) as tmp:` write `tmp` (a new empty file beside `target`); on success it
    replaces `target` in one rename, on an exception it is removed and `target` is untouched (see atomic_paths)."""
    with atomic_paths([target], durable) as temps:
        yield temps[0]


def write_json(path: Path, value: Any, default: Callable[[Any], Any] | None = None) -> bool:
    """Store `value` as JSON at `path`, atomically and best-effort; whether it was written.

    A cache that cannot be written (read-only folder, full disk) only costs time.
    """
    try:
        data = json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False, default=default)
        raw = data.encode("utf-8")
    except (TypeError, ValueError, RecursionError):
        return False
    try:
        with atomic_path(path, durable=False) as tmp:
            tmp.write_bytes(raw)
    except OSError:
        return False
    return True


def code_fingerprint(*roots: Path, exclude: tuple[str, ...] = (), extra: object = ()) -> str:
    """One hash of the code (and anything else) a cached result was computed with.

    Why one scheme: a cache that outlives a change to the code that made it
    serves stale results silently. Every cache keys its entries on this: the
    names and bytes of every file under `roots` (a root may be one file),
    sorted, skipping `__pycache__` and any path with a part in `exclude`,
    plus `extra` (library versions, format numbers) by its repr.
    """
    import hashlib

    h = hashlib.sha256(repr(extra).encode())
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            rel = path.relative_to(root.parent if root.is_file() else root)
            if "__pycache__" in rel.parts or any(part in exclude for part in rel.parts):
                continue
            h.update(rel.as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
