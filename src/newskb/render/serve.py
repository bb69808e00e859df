"""`newskb serve`: preview site/ on 127.0.0.1 (never on a public interface)."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path
from typing import Any, ClassVar


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


def make_server(root: Path, port: int = 8000, quiet: bool = False) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(SiteHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
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
