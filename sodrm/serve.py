"""A local preview: build, serve the output on 127.0.0.1, rebuild on every change of the data,
templates, static files or content, and reload the pages open in a browser.

The reload script is added to HTML as it is served, never to the built files, so what is
previewed is byte for byte what is published, plus that one script tag.
"""
from __future__ import annotations

import http.server
import threading
from pathlib import Path
from typing import Callable

import watchfiles

RELOAD_ADDRESS = "/__live-reload"
RELOAD_SCRIPT = b"""// Added by build.py --serve only: reload this page when the site has been rebuilt.
new EventSource("/__live-reload").addEventListener("message", () => location.reload());
"""
RELOAD_TAG = b'<script src="/__live-reload.js" defer></script>\n</head>'


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


def handler(out: Path, generation: Generation) -> type[http.server.SimpleHTTPRequestHandler]:
    class PreviewHandler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(out), **kwargs)

        def end_headers(self):
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def do_GET(self):
            address = self.path.split("?", 1)[0]
            if address == RELOAD_ADDRESS:
                return self.send_events()
            if address == RELOAD_ADDRESS + ".js":
                return self.send_bytes(200, RELOAD_SCRIPT, "text/javascript; charset=utf-8")
            path = Path(self.translate_path(address))
            if path.is_dir() and address.endswith("/"):
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                return self.send_bytes(200, path.read_bytes().replace(b"</head>", RELOAD_TAG, 1))
            if not path.exists() and (out / "404.html").is_file():
                return self.send_bytes(404, (out / "404.html").read_bytes().replace(b"</head>", RELOAD_TAG, 1))
            return super().do_GET()

        def send_bytes(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8"):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def send_events(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            seen = generation.number
            try:
                while True:
                    now = generation.wait_past(seen, seconds=15)
                    # A comment line every 15 s finds closed connections; a message means reload.
                    self.wfile.write(b"data: reload\n\n" if now > seen else b": still here\n\n")
                    self.wfile.flush()
                    seen = now
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format, *args):
            pass

    return PreviewHandler


def serve(rebuild: Callable[[], bool], out: Path, watched: list[Path], port: int) -> None:
    """Serves `out` until interrupted. `rebuild` builds, prints what happened, and says whether
    the output changed; it is called once now and again after every change under `watched`."""
    generation = Generation()
    rebuild()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler(out, generation))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ignored = watchfiles.DefaultFilter()
    watching = watchfiles.watch(
        *watched,
        watch_filter=lambda change, path: ignored(change, path) and not Path(path).is_relative_to(out),
        debounce=200,
        rust_timeout=500,
        yield_on_timeout=True,  # the first (empty) yield says the watcher is running
    )
    try:
        for number, changes in enumerate(watching):
            if number == 0:
                print(f"Serving http://127.0.0.1:{server.server_port}/ ; rebuilding on changes to "
                      + ", ".join(str(path) for path in watched) + " (Ctrl+C to stop)", flush=True)
            if changes and rebuild():
                generation.advance()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
