"""`newskb serve`: preview site/ on 127.0.0.1 (never on a public interface)."""

from __future__ import annotations

import functools
import http.server
import os
import socket
from pathlib import Path
from typing import Any, ClassVar

from ..errors import InputError


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, the site's 404 page for anything missing, WebAssembly typed for Pagefind."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".pagefind": "application/octet-stream",
        ".pf_fragment": "application/octet-stream",
        ".pf_index": "application/octet-stream",
        ".pf_meta": "application/octet-stream",
        ".xml": "application/xml",
        ".js": "text/javascript",
    }

    def list_directory(self, path: str | os.PathLike[str]) -> None:  # type: ignore[override]
        """No directory listings: a folder without index.html is not found."""
        self.send_error(404)
        return None

    def translate_path(self, path: str) -> str:
        """The file for a URL path, or a name that does not exist when it would leave the served folder.

        Refused: NUL bytes (ValueError deep in os.stat) and any path whose
        resolved form (symlinks followed) is outside the site folder.
        """
        local = super().translate_path(path)
        root = os.path.realpath(self.directory)
        if "\0" in local:
            return os.path.join(root, ".newskb-refused")
        real = os.path.realpath(local)
        if real != root and not real.startswith(root + os.sep):
            return os.path.join(root, ".newskb-refused")
        return local

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError):  # the browser went away: nothing to report
            self.close_connection = True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: Any) -> None:
        if not getattr(self.server, "quiet", False):
            super().log_message(format, *args)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up is not an error worth a traceback."""
        import sys

        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def make_server(root: Path, port: int = 8000, quiet: bool = False) -> http.server.ThreadingHTTPServer:
    """A server on 127.0.0.1; a busy or invalid port is an InputError (one line), not a traceback."""
    if not 0 <= port <= 65535:
        raise InputError(f"--port {port}", "not a port number (0-65535)")
    handler = functools.partial(SiteHandler, directory=str(root))
    try:
        server = _Server(("127.0.0.1", port), handler)
    except (OSError, OverflowError, socket.gaierror) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise InputError(f"--port {port}", f"cannot serve on 127.0.0.1:{port}: {reason}") from None
    server.quiet = quiet  # type: ignore[attr-defined]
    return server


def serve(root: Path, port: int = 8000) -> None:
    server = make_server(root, port)
    host, real_port = server.server_address[:2]
    print(f"serving {root} at http://{host}:{real_port}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    finally:
        server.server_close()
