"""From raw bytes (or strings out of JSON) to clean article text.

Analysts feed the tool whatever they scraped, so this module decides, with a
message that says what to do, what is text and what is not:

- UTF-8 is read (a UTF-8 BOM is dropped); UTF-16/UTF-32 *with* a byte-order
  mark are read too, since the mark makes the encoding certain (all but FF
  FE 00 00, see :func:`decode_text`). Anything else (Latin-1, UTF-16
  without a BOM, PDFs, images, archives, other binary data) is refused
  with an :class:`~kg.errors.InputError`.
- C0 control characters other than tab and newline, lone surrogates and the
  non-characters U+FFFE/U+FFFF are replaced (by a space, or U+FFFD for
  surrogates and non-characters), one character for one, so character offsets
  stay those of the text as given; XML (GraphML) and many RDF tools cannot
  carry them.
- A whole HTML page is reduced to its visible text (script, style and the
  head dropped; the page title is kept apart).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .errors import InputError

#: How much of the start of a file the binary sniffing looks at.
SNIFF_BYTES = 8192

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "is a PDF document, not text; extract its text first (e.g. `pdftotext FILE OUT.txt`)"),
    (b"PK\x03\x04", "is a ZIP archive or an Office document (.docx, .odt), not text; save it as plain UTF-8 text first"),
    (b"\x1f\x8b", "is gzip-compressed; decompress it first (`gunzip FILE`)"),
    (b"\x89PNG", "is a PNG image, not article text; remove it from the input"),
    (b"\xff\xd8\xff", "is a JPEG image, not article text; remove it from the input"),
    (b"GIF8", "is a GIF image, not article text; remove it from the input"),
    (b"{\\rtf", "is an RTF document; save it as plain UTF-8 text first"),
)

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
)

#: Characters an article may not carry as they are (see the module docstring).
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def sniff_binary(head: bytes) -> str | None:
    """Why ``head`` (the first bytes of a file) is not article text, or None.

    >>> sniff_binary(b"%PDF-1.7 ...").startswith("is a PDF")
    True
    >>> sniff_binary("Biden met Xi.".encode("utf-16-le")).startswith("looks like UTF-16")
    True
    >>> sniff_binary(b"Biden met Xi.") is None
    True
    """
    for magic, message in _SIGNATURES:
        if head.startswith(magic):
            return message
    if any(head.startswith(bom) for bom, _, _ in _BOMS):
        return None
    sample = head[:SNIFF_BYTES]
    if len(sample) >= 4 and b"\x00" in sample:
        even, odd = sample[0::2], sample[1::2]
        for zeros, other, order in ((odd, even, "le"), (even, odd, "be")):
            if zeros.count(0) >= 0.4 * len(zeros) and other.count(0) <= 0.05 * len(other):
                return (
                    f"looks like UTF-16 without a byte-order mark; convert it to UTF-8, "
                    f"e.g. `iconv -f utf-16{order} -t utf-8 FILE > FILE.txt`"
                )
        return "looks like a binary file (it contains NUL bytes), not article text; remove it from the input"
    return None


def _position(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


#: FF FE 00 00 marks UTF-32 LE, and is also the UTF-16 LE mark followed by
#: U+0000 (see :func:`decode_text`).
_UTF32_LE_BOM = b"\xff\xfe\x00\x00"


def _decode_or_none(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _has_no_text_chars(text: str) -> bool:
    """True if ``text`` holds an unassigned or private-use code point (what
    UTF-16 text read as UTF-32 gives)."""
    import unicodedata

    return any(unicodedata.category(ch) in ("Cn", "Co") for ch in text)


def decode_text(data: bytes, *, path: str, line: int | None = None) -> str:
    """Decode article bytes (see the module docstring) or raise
    :class:`InputError` saying why they are not text and what to do.

    >>> decode_text("Wang Yi".encode("utf-16"), path="a.txt")
    'Wang Yi'

    Bytes that start FF FE 00 00 (the UTF-32 LE byte-order mark, and the
    UTF-16 LE one before a U+0000) are UTF-32 if they read as UTF-32 text,
    UTF-16 if they read only as UTF-16, and refused if it is not clear:

    >>> decode_text("Wang Yi".encode("utf-32"), path="a.txt")
    'Wang Yi'
    >>> decode_text("\\x00 Wang".encode("utf-16"), path="a.txt")
    '\\x00 Wang'
    >>> decode_text("\\x000\\x10".encode("utf-16"), path="a.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kg.errors.InputError: a.txt: starts with the bytes FF FE 00 00, ...
    """
    if data.startswith(_UTF32_LE_BOM) and (as16 := _decode_or_none(data, "utf-16")) is not None:
        as32 = _decode_or_none(data, "utf-32")
        if as32 is None:
            return as16
        if not _has_no_text_chars(as32):
            return as32
        raise InputError(
            "starts with the bytes FF FE 00 00, the UTF-32 byte-order mark or the UTF-16 one before a NUL "
            "character, and it is not clear which: it reads as both, and as UTF-32 it holds unassigned or "
            "private-use characters; re-save it as UTF-8",
            path=path,
            line=line,
        )
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"starts with a {name} byte-order mark but is not valid {name} "
                    f"({exc.reason} at byte offset {exc.start}); re-save it as UTF-8",
                    path=path,
                    line=line,
                ) from None
    why = sniff_binary(data[:SNIFF_BYTES])
    if why:
        raise InputError(why, path=path, line=line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        where = _position(data, exc.start) if line is None else f"byte offset {exc.start} of the line"
        raise InputError(
            f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at {where}); convert it first, "
            "e.g. `iconv -f latin1 -t utf-8 FILE > FILE.utf8` (or -f cp1252, or the encoding it was saved in)",
            path=path,
            line=line,
        ) from None
    sample = text[:SNIFF_BYTES]
    if sample and len(_BAD_CHARS.findall(sample)) > 0.1 * len(sample):
        raise InputError(
            "looks like a binary file (mostly control characters), not article text; remove it from the input",
            path=path,
            line=line,
        )
    return text


def _bad_char_repl(m: re.Match) -> str:
    ch = m.group()
    return " " if ord(ch) < 0x20 else "\ufffd"


def clean_chars(text: str) -> tuple[str, int]:
    """``text`` with characters XML and RDF tools cannot carry replaced one
    for one (offsets are kept), and how many were replaced.

    >>> clean_chars("Wang\\x00Yi\\x1b")
    ('Wang Yi ', 2)
    """
    cleaned, n = _BAD_CHARS.subn(_bad_char_repl, text)
    return cleaned, n


def first_bad_char(text: str) -> str | None:
    """The first character :func:`clean_chars` would replace, as ``U+XXXX``."""
    m = _BAD_CHARS.search(text)
    return f"U+{ord(m.group()):04X}" if m else None


_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])",
    re.IGNORECASE | re.DOTALL,
)


def is_html_document(text: str) -> bool:
    """True for a whole HTML page (it starts with ``<!DOCTYPE html>``,
    ``<html>``, ``<head>`` or ``<body>``). Text that merely *mentions* tags,
    like a sentence quoting ``<script>``, is not an HTML page.

    >>> is_html_document("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    True
    >>> is_html_document("He typed <script>alert(1)</script> into the form.")
    False
    """
    return bool(_HTML_START.match(text[:4096]))


_SKIP = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas", "head"}
_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre", "hr",
    "dd", "dt", "dl", "figure", "figcaption", "address", "title", "body", "html",
}
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr", "param"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        elif tag in _SKIP and tag not in _VOID:
            self._skip.append(tag)
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag in self._skip:
            while self._skip and self._skip.pop() != tag:
                pass
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str | None]:
    """The visible text of an HTML page (paragraphs kept apart by blank
    lines; script, style and head dropped) and its ``<title>``.

    >>> html_to_text("<html><head><title>Talks</title><script>x()</script></head>"
    ...              "<body><p>Biden met&nbsp;Xi.</p><p>They spoke.</p></body></html>")
    ('Biden met Xi.\\n\\nThey spoke.', 'Talks')
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [re.sub(r"[ \t\u00a0\r\f\v]+", " ", ln).strip() for ln in text.split("\n")]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    title = re.sub(r"\s+", " ", "".join(parser.title)).strip() or None
    return out, title
