"""A light, forgiving MIME splitter: enough of a message to read bounces, fast and never raising."""

from __future__ import annotations

import binascii
import codecs
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.errors import HeaderParseError
from email.header import decode_header, make_header

_HEADER_FIELD = re.compile(r"^([!-9;-~]+)[ \t]*:[ \t]*([^\n]*(?:\n[ \t][^\n]*)*)", re.M)
_BROKEN_HEAD = re.compile(rb"\n(?=[^\n])(?![ \t]|[^\n:]*:)")
_PARAM = re.compile(r'[;\s]\s*([A-Za-z0-9_.*-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]*)')
_MIME_TYPE = re.compile(r"\s*([A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+)")
_TAG = re.compile(r"<(?:script|style)\b.*?</(?:script|style)\s*>|<[^>]*>", re.S | re.I)
_BLANKS = re.compile(r"[ \t]+")
_NON_BASE64 = re.compile(rb"[^A-Za-z0-9+/]")
_ENCODED_WORD = "=?"
_BOUNDARY_LINE = re.compile(rb"(?m)^--([^\s-][^\n]{0,69}?|-[^\n]{1,69}?)[ \t]*\n(?=Content-)")
# Deeply nested or very wide messages are hostile or broken; we stop looking past these.
_MAX_DEPTH = 6
_CONTENT_TYPE_HEADER = re.compile(
    r"^(content-type)[ \t]*:[ \t]*([^\n]*(?:\n[ \t][^\n]*)*)", re.I | re.M
)
_CTYPE_CACHE: dict[str, tuple[str, dict[str, str]]] = {}
_MAX_PARTS = 200


@dataclass(slots=True)
class Part:
    """One MIME entity: its headers (lower-case names, unfolded) and its still-encoded body."""

    headers: list[tuple[str, str]]
    body: bytes
    ctype: str = "text/plain"
    params: dict[str, str] = field(default_factory=dict)
    depth: int = 0
    _children: list[Part] | None = None
    _first: dict[str, str] | None = None
    _text: str | None = None

    def header(self, name: str) -> str | None:
        """The first value of header `name` (lower-case), or None."""
        if self._first is None:
            self._first = dict(reversed(self.headers))  # reversed: the first value wins
        return self._first.get(name)

    def decoded_header(self, name: str) -> str | None:
        """Header `name` with RFC 2047 encoded words decoded."""
        value = self.header(name)
        return None if value is None else decode_words(value)

    def payload(self) -> bytes:
        """The body with its Content-Transfer-Encoding undone."""
        encoding = (self.header("content-transfer-encoding") or "").strip().lower()
        if encoding == "base64":
            return _decode_base64(self.body)
        if encoding == "quoted-printable":
            try:
                return binascii.a2b_qp(self.body)
            except (binascii.Error, ValueError):
                return self.body
        return self.body

    def text(self) -> str:
        """The body as text, decoded with its charset (HTML reduced to plain text); once."""
        if self._text is None:
            text = decode_text(self.payload(), self.params.get("charset"))
            if self.ctype == "text/html":
                text = html.unescape(_TAG.sub(" ", text))
            self._text = text
        return self._text

    def children(self) -> list[Part]:
        """Sub-parts of a multipart, or the enclosed message of a message/rfc822 (parsed once)."""
        if self._children is None:
            self._children = self._parse_children()
        return self._children

    def _parse_children(self) -> list[Part]:
        if self.depth >= _MAX_DEPTH:
            return []
        if self.ctype.startswith("multipart/"):
            boundary = self.params.get("boundary", "")
            default = "message/rfc822" if self.ctype == "multipart/digest" else "text/plain"
            chunks = (
                split_multipart(self.body, boundary.encode("utf-8", "replace")) if boundary else []
            )
            if not chunks:
                guessed = _guess_boundary(self.body)
                chunks = split_multipart(self.body, guessed) if guessed else []
            if not chunks:
                # Declared multipart without any boundary line: read the body as plain text.
                return [Part([], self.body, depth=self.depth + 1)]
            return [parse(chunk, self.depth + 1, default) for chunk in chunks]
        if self.ctype in ("message/rfc822", "message/global"):
            return [parse(self.payload(), self.depth + 1)]
        return []

    def enclosed_headers(self, pattern: re.Pattern[str]) -> list[tuple[str, str]]:
        """The headers named by `pattern` of a message/rfc822 part, without parsing the rest.

        `pattern` is a multi-line regex whose groups are a header's name and its value.
        """
        data = self.payload()
        end = data.find(b"\n\n")
        head = _decode_bytes(data if end < 0 else data[: end + 1])
        return [
            (name.lower(), " ".join(value.split()) if "\n" in value else value.strip())
            for name, value in pattern.findall(head)
        ]

    def walk(self) -> Iterator[Part]:
        """This part and every part below it, depth first, within the size limits.

        An enclosed message (message/rfc822) is entered only when it is itself a report (a
        bounce forwarded by a gateway): otherwise it is the sender's returned original, not part
        of the bounce, and parsing it costs the most.
        """
        stack = [self]
        seen = 0
        while stack and seen < _MAX_PARTS:
            part = stack.pop()
            seen += 1
            yield part
            if part.ctype.startswith("multipart/"):
                stack.extend(reversed(part.children()))
            elif part.ctype == "message/rfc822" and _is_report(part):
                stack.extend(part.children())


def _is_report(part: Part) -> bool:
    found = part.enclosed_headers(_CONTENT_TYPE_HEADER)
    return bool(found) and found[0][1].lower().startswith("multipart/report")


def normalise_newlines(raw: bytes) -> bytes:
    """CRLF and bare CR become LF, so one code path reads Unix, DOS and old Mac files."""
    if b"\r" in raw:
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return raw


def parse(raw: bytes, depth: int = 0, default: str = "text/plain") -> Part:
    """Headers and body of `raw` (newlines already LF); a body-less or header-less input is fine."""
    head, body = _split_head(raw)
    headers = parse_headers(head)
    part = Part(headers, body, depth=depth)
    ctype_value = part.header("content-type")
    part.ctype, part.params = parse_content_type(ctype_value) if ctype_value else (default, {})
    return part


def _split_head(raw: bytes) -> tuple[bytes, bytes]:
    if raw.startswith(b"\n"):
        return b"", raw[1:]
    end = raw.find(b"\n\n")
    head = raw if end < 0 else raw[: end + 1]
    body = b"" if end < 0 else raw[end + 2 :]
    # A header block broken by a line that is neither a header nor a continuation ends there.
    broken = _BROKEN_HEAD.search(head)
    if broken is not None:
        cut = broken.start() + 1
        return head[:cut], head[cut:] + (b"\n" + body if end >= 0 else b"")
    return head, body


def parse_headers(head: bytes) -> list[tuple[str, str]]:
    """Unfolded (lower-case name, value) pairs of a header block."""
    headers: list[tuple[str, str]] = []
    for name, value in _HEADER_FIELD.findall(_decode_bytes(head)):
        headers.append((name.lower(), " ".join(value.split()) if "\n" in value else value.strip()))
    return headers


def parse_content_type(value: str) -> tuple[str, dict[str, str]]:
    """('type/subtype' lower-case, {param: value}) of a Content-Type header."""
    cached = _CTYPE_CACHE.get(value)
    if cached is not None:
        return cached[0], dict(cached[1])
    parsed = _parse_content_type(value)
    # The same few values recur in every bounce; those naming a boundary are one-offs.
    if len(_CTYPE_CACHE) < 512 and "oundary" not in value:
        _CTYPE_CACHE[value] = parsed
    return parsed[0], dict(parsed[1])


def _parse_content_type(value: str) -> tuple[str, dict[str, str]]:
    found = _MIME_TYPE.match(value)
    main = found.group(1) if found else ""
    params: dict[str, str] = {}
    for key, raw in _PARAM.findall(value):
        if raw.startswith('"'):
            raw = raw[1:-1].replace('\\"', '"')
        params.setdefault(key.lower().rstrip("*"), raw)
    return main.strip().lower() or "text/plain", params


def split_multipart(body: bytes, boundary: bytes) -> list[bytes]:
    """The chunks between `--boundary` lines; a missing closing boundary keeps what is there."""
    marker = b"--" + boundary
    chunks: list[bytes] = []
    pos = 0 if body.startswith(marker) else body.find(b"\n" + marker)
    if pos < 0:
        return []
    if pos > 0 or not body.startswith(marker):
        pos += 1
    while pos >= 0 and len(chunks) < _MAX_PARTS:
        line_end = body.find(b"\n", pos)
        closing = body[pos + len(marker) : pos + len(marker) + 2] == b"--"
        if closing or line_end < 0:
            break
        nxt = body.find(b"\n" + marker, line_end)
        chunks.append(body[line_end + 1 : nxt if nxt >= 0 else len(body)])
        pos = nxt + 1 if nxt >= 0 else -1
    return chunks


def _guess_boundary(body: bytes) -> bytes | None:
    """The boundary actually used when the declared one is wrong: a "--x" line before headers."""
    match = _BOUNDARY_LINE.search(body)
    return match.group(1) if match else None


def decode_words(value: str) -> str:
    """RFC 2047 encoded words decoded; undecodable input is returned as it was."""
    if _ENCODED_WORD not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    except (
        ValueError,
        LookupError,
        UnicodeError,
        AssertionError,
        binascii.Error,
        HeaderParseError,
    ):
        return value


def decode_text(data: bytes, charset: str | None) -> str:
    """Bytes to text by the declared charset, guessing ISO-2022-JP and UTF-8 when it lies."""
    if b"\x1b$B" in data or b"\x1b$@" in data:
        charset = "iso-2022-jp"
    if charset:
        try:
            codecs.lookup(charset)
            return data.decode(charset, "replace")
        except (LookupError, ValueError, UnicodeError):
            pass
    return _decode_bytes(data)


def plain(text: str) -> str:
    """Runs of blanks collapsed; used for diagnostics shown to agents."""
    return _BLANKS.sub(" ", text).strip()


def _decode_bytes(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _decode_base64(data: bytes) -> bytes:
    cleaned = _NON_BASE64.sub(b"", data.split(b"=", 1)[0])
    if len(cleaned) % 4 == 1:  # a lone trailing character cannot encode anything
        cleaned = cleaned[:-1]
    cleaned += b"=" * (-len(cleaned) % 4)
    try:
        return binascii.a2b_base64(cleaned)
    except (binascii.Error, ValueError):
        return b""
