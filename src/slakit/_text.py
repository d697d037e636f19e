"""Text from users made safe for where slakit writes it: spreadsheets, terminals, SVG.

Ticket ids, vendor names and titles come from files slakit does not control. Written
raw, ``=HYPERLINK(...)`` becomes a formula in a spreadsheet, ``ESC [ ... m`` repaints a
terminal (and can forge a "met" row), ``ESC ] 0 ; ... BEL`` retitles it, a bidi
override reorders what the eye reads, and a control character makes an SVG ill-formed.

- :func:`csv_cell`: a cell a spreadsheet will not evaluate;
- :func:`printable`: terminal and table text with every control character escaped;
- :func:`xml_text`: character data for XML 1.0 (SVG), markup escaped.
"""

from __future__ import annotations

import re

__all__ = ["article", "csv_cell", "printable", "xml_text"]

# Spreadsheets evaluate a cell starting with these (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# C0 controls, DEL, C1 controls (NEL, CSI, OSC ...), the line and paragraph separators,
# and the bidi marks, embeddings, overrides and isolates.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# XML 1.0 allows tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD and U+10000 up; the rest —
# the other C0 controls, the surrogates, U+FFFE and U+FFFF — is not a character of a
# document at all. (Written as that complement: the negated class takes 7 ms to compile.)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MARKUP = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_MARKUP_CHARS = re.compile("[&<>\"']")


def csv_cell(value: object) -> object:
    """``value`` for a CSV cell; a string a spreadsheet would evaluate gets a leading ``'``.

    >>> csv_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> csv_cell("T-1"), csv_cell(-5)
    ('T-1', -5)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _escape(match: re.Match[str]) -> str:
    char = match[0]
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def article(word: str) -> str:
    """``word`` after its indefinite article: "an open ticket", "a paused ticket"."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def printable(text: object) -> str:
    """``str(text)`` with control characters and bidi overrides shown as escapes.

    The result is one line that a terminal displays as written:

    >>> printable("T-1\\x1b[32m met\\x1b[0m")
    'T-1\\\\x1b[32m met\\\\x1b[0m'
    >>> printable("line\\nbreak \\u202eevil")
    'line\\\\nbreak \\\\u202eevil'
    """
    return _UNPRINTABLE.sub(_escape, str(text))


def xml_text(text: object) -> str:
    """``str(text)`` as XML 1.0 character data or attribute value (SVG).

    Markup characters are escaped; characters XML forbids (most controls, lone
    surrogates, U+FFFE, U+FFFF) become U+FFFD, the replacement character.

    >>> xml_text("<b>\\x1b&\\x00")
    '&lt;b&gt;\\ufffd&amp;\\ufffd'
    """
    return _MARKUP_CHARS.sub(lambda m: _MARKUP[m[0]], _NOT_XML.sub("\ufffd", str(text)))
