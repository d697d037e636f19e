"""The judging half of .ci/browser-check, without a browser: SVG checks and findings.

The browser half (Chromium over the DevTools pipe) runs in `bash .ci/browser-check`.
"""

from __future__ import annotations

import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / ".ci"))
try:
    import browser_check
finally:
    sys.path.remove(str(ROOT / ".ci"))

ORIGIN = "http://127.0.0.1:8000/"


def _event(method: str, **params: object) -> dict[str, object]:
    return {"method": method, "params": params}


class TestSvg:
    def test_well_formed_svg_passes(self, tmp_path: pathlib.Path) -> None:
        """An SVG document with the SVG namespace on its root is accepted."""
        svg = tmp_path / "ok.svg"
        svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>', encoding="utf-8")
        browser_check.check_svg(svg)

    def test_ill_formed_svg_fails(self, tmp_path: pathlib.Path) -> None:
        """An unescaped '&' (a vendor name such as 'A & B') breaks the XML."""
        svg = tmp_path / "bad.svg"
        svg.write_text(
            '<svg xmlns="http://www.w3.org/2000/svg"><title>A & B</title></svg>', encoding="utf-8"
        )
        with pytest.raises(browser_check.CheckError, match=r"bad\.svg is not well-formed XML"):
            browser_check.check_svg(svg)

    def test_other_root_fails(self, tmp_path: pathlib.Path) -> None:
        """Well-formed XML that is not SVG (no namespace) is named as such."""
        svg = tmp_path / "plain.svg"
        svg.write_text("<svg><rect/></svg>", encoding="utf-8")
        with pytest.raises(browser_check.CheckError, match="root element is svg, not an SVG"):
            browser_check.check_svg(svg)


class TestFindings:
    def test_a_clean_page_has_none(self) -> None:
        """Local requests that finish, info logs and console.log are not findings."""
        events = [
            _event("Network.requestWillBeSent", requestId="1", request={"url": ORIGIN + "a.css"}),
            _event("Network.responseReceived", requestId="1", response={"status": 200, "url": ""}),
            _event("Network.loadingFinished", requestId="1"),
            _event("Runtime.consoleAPICalled", type="log", args=[{"value": "hello"}]),
            _event("Log.entryAdded", entry={"level": "info", "text": "fine"}),
        ]
        assert browser_check.findings(events, ORIGIN) == ([], [])

    def test_every_kind_of_error_is_reported_once(self) -> None:
        """External and failed requests, 4xx, exceptions, console errors, error logs."""
        events = [
            _event("Network.requestWillBeSent", requestId="1", request={"url": "https://x.org/f"}),
            _event("Network.loadingFailed", requestId="1", errorText="net::ERR_NAME_NOT_RESOLVED"),
            _event("Network.responseReceived", response={"status": 404, "url": ORIGIN + "i.png"}),
            _event(
                "Runtime.exceptionThrown", exceptionDetails={"text": "Uncaught", "exception": {}}
            ),
            _event("Runtime.consoleAPICalled", type="error", args=[{"value": "boom"}]),
            _event("Runtime.consoleAPICalled", type="error", args=[{"value": "boom"}]),
            _event("Log.entryAdded", entry={"level": "error", "text": "CSP", "url": ORIGIN}),
            _event("Log.entryAdded", entry={"level": "warning", "text": "slow"}),
        ]
        errors, warnings = browser_check.findings(events, ORIGIN)
        assert errors == [
            "request leaves the local server: https://x.org/f",
            "request failed (net::ERR_NAME_NOT_RESOLVED): https://x.org/f",
            f"HTTP 404: {ORIGIN}i.png",
            "uncaught exception: Uncaught",
            "console.error: boom",  # the repeat is dropped
            f"browser log: CSP {ORIGIN}",
        ]
        assert warnings == ["browser log: slow"]

    def test_canceled_requests_and_the_favicon_are_not_errors(self) -> None:
        """A request the page itself cancels, and the browser's own favicon probe."""
        events = [
            _event("Network.requestWillBeSent", requestId="1", request={"url": ORIGIN + "x"}),
            _event("Network.loadingFailed", requestId="1", errorText="aborted", canceled=True),
            _event(
                "Network.responseReceived", response={"status": 404, "url": ORIGIN + "favicon.ico"}
            ),
        ]
        assert browser_check.findings(events, ORIGIN) == ([], [])
