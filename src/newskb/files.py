"""Reading the files people hand to newskb: regular files only, inside the repository, bounded.

Why: an entry names its transcript by path, entries are globbed from folders
many people edit, and `newskb load` takes any path on the command line. A
symlink to /etc/passwd would be published on a source page, a FIFO or
/dev/zero would hang the reader (and fill memory). So every input file is
opened without blocking, checked on the open descriptor to be a regular
file (no race between a check and the open), checked to resolve inside the
folder it must stay in, and read with a cap one byte past its limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import InputError

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def outside(path: Path, root: Path) -> bool:
    """Whether `path`, symlinks resolved, lies outside the resolved `root`."""
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL byte in the name
        return True


def read_upto(fd: int, limit: int, start: bytes = b"") -> bytes:
    """The bytes of `fd` from where it stands, after `start` (read already), to its end or to one byte past
    `limit` in all: a file that grew past its limit while read shows by the length alone, and no read is
    ever larger than 1 MiB."""
    chunks = [start]
    size = len(start)
    while size <= limit:
        chunk = os.read(fd, min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def read_regular(
    path: Path,
    limit: int,
    what: str = "file",
    inside: Path | None = None,
    code: str = "E100",
    codes: dict[str, str] | None = None,
) -> bytes:
    """The bytes of `path`, or InputError (one line, naming the file) when it is not a readable input.

    Refused: a path that does not exist, a directory, anything but a regular
    file (FIFO, socket, device, including through a symlink), a file whose
    resolved path is outside `inside` (when given), and a file larger than
    `limit` bytes (checked before reading and again while reading).
    `codes` may give other codes for "outside", "special" and "size".
    """
    codes = codes or {}
    if inside is not None and outside(path, inside):
        raise InputError(path, f"{what} resolves outside the repository ({inside}); refused", code=codes.get("outside", code))
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise InputError(path, f"no such {what}", code=code) from None
    except IsADirectoryError:
        raise InputError(path, f"is a directory, not a {what}", code=code) from None
    except (OSError, ValueError) as exc:
        raise InputError(path, f"cannot read {what}: {getattr(exc, 'strerror', None) or exc}", code=code) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(path, f"is a directory, not a {what}", code=code)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(
                path, f"is not a regular file (a FIFO, socket or device); refused as a {what}", code=codes.get("special", code)
            )
        if st.st_size > limit:
            raise InputError(path, f"{what} is {st.st_size} bytes; the limit is {limit}", code=codes.get("size", code))
        os.set_blocking(fd, True)
        data = read_upto(fd, limit)
        if len(data) > limit:
            raise InputError(path, f"{what} grew past the limit of {limit} bytes while read", code=codes.get("size", code))
        return data
    except OSError as exc:
        raise InputError(path, f"cannot read {what}: {exc.strerror}", code=code) from None
    finally:
        os.close(fd)
