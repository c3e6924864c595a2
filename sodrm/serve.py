"""A local preview: build, serve the output on 127.0.0.1, rebuild on every change of the data,
templates, static files or content, and reload the pages open in a browser.

It serves only a site the build made (a folder with its marker), answers only requests addressed
to 127.0.0.1 or localhost at its port (so a web page elsewhere cannot read it through a DNS
rebinding), lists no folder and shows no hidden file. The reload script is added to HTML as it
is served, never to the built files, so what is previewed is byte for byte what is published,
plus that one script tag. Whatever a rebuild raises, the last good site stays served.
"""
from __future__ import annotations

import argparse
import http.server
import mimetypes
import threading
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from . import paths
from .cli import say
from .errors import BuildError, os_problem
from .write import MARKER, Output

RELOAD_ADDRESS = "/__live-reload"
RELOAD_SCRIPT = b"""// Added by build.py --serve only: reload this page when the site has been rebuilt.
new EventSource("/__live-reload").addEventListener("message", () => location.reload());
"""
RELOAD_TAG = b'<script src="/__live-reload.js" defer></script>\n</head>'
MAX_ADDRESS = 1024


class Generation:
    """Counts successful rebuilds that changed the output; waiting readers are woken on each."""

    def __init__(self) -> None:
        self.number = 0
        self.changed = threading.Condition()

    def advance(self) -> None:
        with self.changed:
            self.number += 1
            self.changed.notify_all()

    def wait_past(self, seen: int, seconds: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.number > seen, timeout=seconds)
            return self.number


def handler(out: Path, generation: Generation, port: int) -> type[http.server.BaseHTTPRequestHandler]:
    hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}

    class PreviewHandler(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self) -> None:
            self.answer(with_body=False)

        def do_GET(self) -> None:
            self.answer(with_body=True)

        def answer(self, with_body: bool) -> None:
            self.with_body = with_body
            if self.headers.get("Host", "").lower() not in hosts:
                return self.send_bytes(421, b"This preview answers only for 127.0.0.1 and localhost.\n",
                                       "text/plain; charset=utf-8")
            address = urlsplit(self.path).path
            if address == RELOAD_ADDRESS and with_body:
                return self.send_events()
            if address == RELOAD_ADDRESS + ".js":
                return self.send_bytes(200, RELOAD_SCRIPT, "text/javascript; charset=utf-8")
            if not (out / MARKER).is_file():
                return self.send_bytes(503, b"No site has been built yet.\n", "text/plain; charset=utf-8")
            file = self.file_of(address)
            try:
                if file is not None and file.is_dir():
                    if not address.endswith("/"):
                        self.send_response(301)
                        self.send_header("Location", address + "/")
                        self.send_header("Content-Length", "0")
                        return self.end_headers()
                    file = file / "index.html"
                body = file.read_bytes() if file is not None and file.is_file() and not file.is_symlink() else None
            except (OSError, ValueError):  # a name too long for the file system, say
                body = None
            if body is None:
                return self.not_found()
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            if kind == "text/html":
                return self.send_bytes(200, body.replace(b"</head>", RELOAD_TAG, 1))
            return self.send_bytes(200, body, kind + ("; charset=utf-8" if kind.startswith("text/") else ""))

        def file_of(self, address: str) -> Path | None:
            """The file an address names inside the site, or None for one it cannot name."""
            if len(address) > MAX_ADDRESS or not address.startswith("/"):
                return None
            try:
                parts = unquote(address, errors="strict").split("/")[1:]
            except UnicodeDecodeError:
                return None
            if any(part.startswith(".") or "\\" in part or "\0" in part for part in parts):
                return None  # hidden files, the marker among them, and any way up
            return out.joinpath(*[part for part in parts if part])

        def not_found(self) -> None:
            try:
                body = (out / "404.html").read_bytes().replace(b"</head>", RELOAD_TAG, 1)
            except OSError:
                body = b"Not found\n"
            self.send_bytes(404, body)

        def send_bytes(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.with_body:
                self.wfile.write(body)

        def send_events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = generation.number
            try:
                while True:
                    now = generation.wait_past(seen, seconds=15)
                    # A comment line every 15 s finds closed connections; a message means reload.
                    self.wfile.write(b"data: reload\n\n" if now > seen else b": still here\n\n")
                    self.wfile.flush()
                    seen = now
            except OSError:
                pass

        def log_message(self, format, *args) -> None:
            pass

    return PreviewHandler


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a dropped connection or a malformed request ends that request, quietly


def serve(args: argparse.Namespace, build_and_tell: Callable) -> int:
    """Serves the output until interrupted; `build_and_tell` builds and prints what happened."""
    import watchfiles

    try:
        out = Output(args.out).out
    except BuildError as error:
        say(f"Cannot serve: {error}")
        return 1
    try:  # the port first: a port in use should not wait for a build to say so
        server = _Server(("127.0.0.1", args.port), http.server.BaseHTTPRequestHandler, bind_and_activate=True)
    except OSError as error:
        say(f"Cannot serve on 127.0.0.1:{args.port}: {error.strerror or error}; choose another --port "
            "(0 picks a free one)")
        return 1
    generation = Generation()
    server.RequestHandlerClass = handler(out, generation, server.server_address[1])

    def rebuild() -> None:
        try:
            built = build_and_tell(args)
        except Exception as error:  # a bug in the build: the preview keeps the last good site
            say(f"Cannot build: {type(error).__name__}: {error}; still serving the last good site")
            return
        if built is not None and built.written + built.removed > 0:
            generation.advance()

    rebuild()
    if not (out / MARKER).is_file():
        say(f"Cannot serve: {out} holds no site made by the build; mend the problems above and start again")
        server.server_close()
        return 1
    threading.Thread(target=server.serve_forever, daemon=True).start()
    watched = sorted({args.data.resolve().parent, args.site_data.resolve().parent,
                      paths.TEMPLATES, paths.STATIC, paths.CONTENT})
    ignored = watchfiles.DefaultFilter()
    siblings = f".{out.name}."

    def wanted(change, path: str) -> bool:
        where = Path(path)
        return ignored(change, path) and not where.is_relative_to(out) and not where.name.startswith(siblings)

    try:
        watching = watchfiles.watch(*watched, watch_filter=wanted, debounce=200, step=10, rust_timeout=500,
                                    yield_on_timeout=True)  # the first (empty) yield says the watcher runs
        for number, changes in enumerate(watching):
            if number == 0:
                print(f"Serving http://127.0.0.1:{server.server_address[1]}/ ; rebuilding on changes to "
                      + ", ".join(str(path) for path in watched) + " (Ctrl+C to stop)", flush=True)
            if changes:
                rebuild()
    except OSError as error:  # a watched folder that cannot be read, or the system's watches used up
        say(f"Cannot watch for changes: {os_problem(error, 'be watched')}; the preview stops")
        return 1
    finally:
        server.shutdown()
        server.server_close()
    return 0
