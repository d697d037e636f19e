"""Render the docs site and the five presets' timelines in headless Chromium; fail on errors.

Run by ``.ci/browser-check`` (``bash .ci/browser-check`` from the repository root). It

1. builds the docs site (``mkdocs build --strict``) into a temporary folder;
2. draws one ticket's timeline per preset with ``slakit timeline FILE --svg OUT``
   (events in ``tests/browser/*.jsonl``) and parses every SVG with ``xml.etree``;
3. serves the folder on 127.0.0.1 from this process (``http.server``, stopped at the end
   and by a watchdog), and opens every page of the site and every timeline in headless
   Chromium from the OS packages;
4. fails on console errors, uncaught exceptions, failed or non-2xx requests, requests
   that leave 127.0.0.1, broken images, and identifiers in tables broken over two lines;
5. writes one PNG per page to ``screenshots/`` (git-ignored) for a person to look at.

Chromium is driven over its DevTools protocol on a pipe (``--remote-debugging-pipe``:
JSON messages separated by NUL bytes on file descriptors 3 and 4). That needs nothing
but the standard library: no WebDriver binary whose version must match the browser, no
websocket client, and the protocol reports every console message and network failure,
which ``--headless --screenshot`` alone does not.
"""

from __future__ import annotations

import argparse
import base64
import functools
import http.server
import json
import os
import pathlib
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parent.parent
EVENTS = ROOT / "tests" / "browser"
SVG = "{http://www.w3.org/2000/svg}svg"
# The instant each timeline is drawn at: a few days into each ticket's story.
NOW = {
    "advantshop": "2026-11-25T12:00:00+03:00",
    "aggregion": "2026-11-23T12:00:00+03:00",
    "aspro": "2026-11-26T12:00:00+03:00",
    "distate": "2026-01-13T12:00:00+03:00",
    "technomarket": "2026-11-27T12:00:00+03:00",
}
# Pages that must be in the site, besides every other page it has.
REQUIRED = ("index.html", "cli/index.html", "reference/index.html", "presets/distate/index.html")
WIDE, NARROW = 1280, 390
MAX_HEIGHT = 6000  # px of a screenshot; the API reference is longer, its top is enough
PAGE_TIMEOUT = 30.0  # s for one page to load and go quiet
WATCHDOG = 300.0  # s after which the server stops and the browser is killed, whatever happens

BROKEN_IMAGES = """
Array.from(document.images || [])
  .filter(img => !img.complete || img.naturalWidth === 0)
  .map(img => img.currentSrc || img.src)
"""
# A `commercial-operational` key split over two lines reads as two keys (docs/stylesheets).
WRAPPED_CODE = """
Array.from(document.querySelectorAll('table code'))
  .filter(code => code.getClientRects().length > 1)
  .map(code => code.textContent)
"""
# A table wider than its column scrolls inside its own box; the page never scrolls sideways.
PAGE_OVERFLOW = """
((page) => page.scrollWidth > page.clientWidth + 1
  ? [`${page.scrollWidth}px wide in a ${page.clientWidth}px window`] : []
)(document.documentElement)
"""


class CheckError(Exception):
    """The check could not run (not a finding about a page)."""


def run(command: list[str], what: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CheckError(f"{what} failed ({' '.join(command)}):\n{result.stdout}{result.stderr}")


def check_svg(path: pathlib.Path) -> None:
    """Raise CheckError unless ``path`` is well-formed XML with an SVG root element."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        raise CheckError(f"{path.name} is not well-formed XML: {error}") from None
    if root.tag != SVG:
        raise CheckError(f"{path.name}: the root element is {root.tag}, not an SVG <svg>")


def build(out: pathlib.Path) -> list[str]:
    """Build the site and the timelines under ``out``; the paths of the pages to open."""
    run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        "the docs build",
    )
    pages = sorted(str(p.relative_to(out)) for p in out.rglob("index.html"))
    missing = [page for page in REQUIRED if page not in pages]
    if missing:
        raise CheckError(f"the built site lacks {', '.join(missing)}")
    timelines = out / "_timelines"
    timelines.mkdir()
    images = []
    for preset, now in NOW.items():
        svg = timelines / f"{preset}.svg"
        run(
            [
                *(sys.executable, "-m", "slakit", "timeline", str(EVENTS / f"{preset}.jsonl")),
                *("--svg", str(svg), "--now", now),
            ],
            f"slakit timeline for {preset}",
        )
        check_svg(svg)
        pages.append(f"_timelines/{svg.name}")
        images.append(f'<h2>{preset}</h2><p><img src="{svg.name}" alt="{preset} timeline"></p>')
    # The same pictures as <img>, the way a helpdesk page or the docs would show them.
    (timelines / "index.html").write_text(
        "<!doctype html><meta charset=utf-8><title>Timelines</title>" + "".join(images),
        encoding="utf-8",
    )
    pages.append("_timelines/index.html")
    return pages


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # http.server's name
        """Requests are checked in the browser; keep the log for failures only."""


@contextmanager
def serve(folder: pathlib.Path) -> Iterator[str]:
    """``folder`` over HTTP on 127.0.0.1, an ephemeral port; stopped on exit or by the watchdog."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    watchdog = threading.Timer(WATCHDOG, server.shutdown)
    watchdog.daemon = True
    watchdog.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        watchdog.cancel()
        server.shutdown()
        server.server_close()


class Browser:
    """Headless Chromium, driven over the DevTools protocol on a pipe."""

    def __init__(self, executable: str, profile: pathlib.Path) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        flags = [
            "--headless",
            "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--remote-debugging-pipe",
            f"--user-data-dir={profile}",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
            "--mute-audio",
            # Nothing leaves this machine: every host but the local server fails to resolve,
            # so a page that needs the internet shows up as a failed request.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            "about:blank",
        ]
        # The protocol wants its pipes on descriptors 3 (to the browser) and 4 (from it).
        self._process = subprocess.Popen(
            [
                "sh",
                "-c",
                f'exec "$@" 3<&{to_browser_r} 4>&{from_browser_w}',
                "sh",
                executable,
                *flags,
            ],
            pass_fds=(to_browser_r, from_browser_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self._killer = threading.Timer(WATCHDOG, self._process.kill)
        self._killer.daemon = True
        self._killer.start()

    def _read(self) -> None:
        buffer = b""
        with os.fdopen(self._from_browser, "rb", buffering=0) as stream:
            while chunk := stream.read(65536):
                buffer += chunk
                *messages, buffer = buffer.split(b"\0")
                for message in messages:
                    self._messages.put(json.loads(message))
        self._messages.put(None)  # the browser is gone

    def _next(self, deadline: float) -> dict[str, Any] | None:
        """The next message, or None when ``deadline`` passes first."""
        try:
            message = self._messages.get(timeout=max(deadline - time.monotonic(), 0.001))
        except queue.Empty:
            return None
        if message is None:
            stderr = (
                self._process.stderr.read().decode(errors="replace") if self._process.stderr else ""
            )
            raise CheckError(f"Chromium exited:\n{stderr[-2000:]}")
        return message

    def call(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> Any:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + PAGE_TIMEOUT
        while True:
            reply = self._next(deadline)
            if reply is None:
                raise CheckError(f"Chromium did not answer {method} in {PAGE_TIMEOUT:.0f} s")
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise CheckError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait(self, done: Any, quiet: float, timeout: float) -> bool:
        """Collect events until ``done(events)`` holds and none came for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        last = time.monotonic()
        while time.monotonic() < deadline:
            message = self._next(min(deadline, time.monotonic() + quiet))
            if message is not None and "method" in message:
                self.events.append(message)
                last = time.monotonic()
            elif done(self.events) and time.monotonic() - last >= quiet:
                return True
        return False

    def close(self) -> None:
        self._killer.cancel()
        try:
            os.write(
                self._to_browser, json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0"
            )
            self._process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()
        os.close(self._to_browser)


def _text(event: dict[str, Any]) -> str:
    params = event["params"]
    if event["method"] == "Runtime.consoleAPICalled":
        return " ".join(str(arg.get("value", arg.get("description", ""))) for arg in params["args"])
    if event["method"] == "Runtime.exceptionThrown":
        details = params["exceptionDetails"]
        return str(details.get("exception", {}).get("description") or details.get("text"))
    entry = params["entry"]
    return f"{entry['text']} {entry.get('url', '')}".strip()


def findings(events: list[dict[str, Any]], origin: str) -> tuple[list[str], list[str]]:
    """The errors and the warnings among one page's protocol events."""
    errors: list[str] = []
    warnings: list[str] = []
    urls: dict[str, str] = {}
    # The browser asks for /favicon.ico by itself for a page that names no icon (an SVG).
    favicon = origin + "favicon.ico"
    events = [e for e in events if favicon not in json.dumps(e["params"])]
    for event in events:
        method, params = event["method"], event["params"]
        if method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            urls[params["requestId"]] = url
            if not url.startswith((origin, "data:", "blob:", "about:")):
                errors.append(f"request leaves the local server: {url}")
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            url = urls.get(params["requestId"], params["requestId"])
            errors.append(f"request failed ({params['errorText']}): {url}")
        elif method == "Network.responseReceived" and params["response"]["status"] >= 400:
            errors.append(f"HTTP {params['response']['status']}: {params['response']['url']}")
        elif method == "Runtime.exceptionThrown":
            errors.append(f"uncaught exception: {_text(event)}")
        elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
            errors.append(f"console.{params['type']}: {_text(event)}")
        elif method == "Runtime.consoleAPICalled" and params["type"] == "warning":
            warnings.append(f"console.warn: {_text(event)}")
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            errors.append(f"browser log: {_text(event)}")
        elif method == "Log.entryAdded" and params["entry"]["level"] == "warning":
            warnings.append(f"browser log: {_text(event)}")
    return list(dict.fromkeys(errors)), list(dict.fromkeys(warnings))


def _settled(events: list[dict[str, Any]]) -> bool:
    """The page fired its load event (``wait`` then waits for the network to go quiet).

    In-flight requests are not counted: a web worker's script request (the search
    worker) is answered on the worker's own target and never finishes on the page's.
    """
    return any(e["method"] == "Page.loadEventFired" for e in events)


def _shown(path: pathlib.Path) -> pathlib.Path:
    """A path as a person in the repository root would type it."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def check_page(
    browser: Browser, session: str, base: str, page: str, *, width: int, shots: pathlib.Path
) -> list[str]:
    """Open one page at one width, screenshot it; the errors found (printed as it goes)."""
    browser.call(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
        session,
    )
    browser.events.clear()
    result = browser.call("Page.navigate", {"url": base + page}, session)
    errors = [f"navigation failed: {result['errorText']}"] if result.get("errorText") else []
    if not browser.wait(_settled, quiet=0.5, timeout=PAGE_TIMEOUT):
        errors.append(f"did not finish loading in {PAGE_TIMEOUT:.0f} s")
    found, warnings = findings(browser.events, base)
    errors += found
    for expression, what in (
        (BROKEN_IMAGES, "broken image"),
        (WRAPPED_CODE, "code wrapped"),
        (PAGE_OVERFLOW, "page scrolls sideways"),
    ):
        value = browser.call(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session
        )["result"].get("value", [])
        errors += [f"{what}: {item}" for item in value]
    size = browser.call("Page.getLayoutMetrics", {}, session)["cssContentSize"]
    height = min(max(int(size["height"]), 1), MAX_HEIGHT)
    shot = browser.call(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
        },
        session,
    )
    name = page.removesuffix("index.html").strip("/").replace("/", "-") or "index"
    name = name.removesuffix(".svg").removesuffix(".html") + (
        "" if width == WIDE else f"-{width}px"
    )
    png = shots / f"{name}.png"
    png.write_bytes(base64.b64decode(shot["data"]))
    status = "FAIL" if errors else "ok  "
    print(f"{status} {page} at {width}px -> {_shown(png)}")
    for line in errors:
        print(f"     error: {line}")
    for line in warnings:
        print(f"     warning: {line}")
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--screenshots", type=pathlib.Path, default=ROOT / "screenshots")
    args = parser.parse_args()
    started = time.monotonic()
    shots: pathlib.Path = args.screenshots.resolve()
    if shots.exists():
        shutil.rmtree(shots)
    shots.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="slakit-browser-") as tmp:
        site = pathlib.Path(tmp) / "site"
        try:
            pages = build(site)
        except CheckError as error:
            print(f"browser-check: {error}", file=sys.stderr)
            return 1
        print(f"built the site and {len(NOW)} timelines in {time.monotonic() - started:.0f} s")
        errors = 0
        with serve(site) as base:
            browser = Browser(args.chromium, pathlib.Path(tmp) / "profile")
            try:
                target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
                session = browser.call(
                    "Target.attachToTarget", {"targetId": target, "flatten": True}
                )["sessionId"]
                for domain in ("Page", "Runtime", "Log", "Network"):
                    browser.call(f"{domain}.enable", {}, session)
                runs = [(page, WIDE) for page in pages] + [("presets/distate/index.html", NARROW)]
                for page, width in runs:
                    errors += len(
                        check_page(browser, session, base, page, width=width, shots=shots)
                    )
            except CheckError as error:
                print(f"browser-check: {error}", file=sys.stderr)
                return 1
            finally:
                browser.close()
    print(
        f"{len(runs)} renders, {errors} errors, {time.monotonic() - started:.0f} s; "
        f"screenshots in {_shown(shots)}/"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
