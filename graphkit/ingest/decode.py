"""Turn a file's bytes into text, or say in one line why it cannot be done.

UTF-8 first; then a byte-order mark; UTF-16 without a mark (every other byte zero); the charset a
page or XML declaration names; else the best guess of charset-normalizer. Anything but UTF-8 gives a
one-line note saying how the file was read. Only bytes no charset fits are an error.
Only regular files are read: a named pipe or a device would block or never end.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO, TextIO

from graphkit.errors import InputError
from graphkit.ingest.notes import Note

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# C0 controls other than tab, newline and carriage return; they are not text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Latin-1 labels mean Windows-1252 on the web (the WHATWG encoding standard).
_ALIASES = {"latin1": "cp1252", "latin-1": "cp1252", "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252",
            "us-ascii": "cp1252"}  # fmt: skip


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading; anything else (pipe, device, folder, gone) is one InputError."""
    try:
        # O_NONBLOCK: opening a named pipe with no writer returns at once instead of waiting forever.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(path, "no longer exists (removed before it could be read)") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise InputError(path, f"is {_kind(mode)}, not a regular file; only regular files are read")
    return os.fdopen(fd, "rb")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def open_text(path: Path, sniff: int = 64 * 1024) -> tuple[TextIO, list[Note]]:
    """A regular file opened as a text stream (for readers that go line by line or row by row).

    The charset is settled from the first `sniff` bytes as `decode` would (a note when not UTF-8);
    a byte later in the file that does not fit raises UnicodeDecodeError from the stream.
    """
    handle = open_regular(path)
    try:
        head = handle.read(sniff)
        handle.seek(0)
        encoding, notes = _stream_encoding(head, path, whole=len(head) < sniff)
    except BaseException:
        handle.close()
        raise
    return io.TextIOWrapper(handle, encoding=encoding, errors="strict", newline=""), notes


def _stream_encoding(head: bytes, path: Path, whole: bool) -> tuple[str, list[Note]]:
    if not head.strip():
        raise InputError(path, "is empty")
    bom = next((enc for mark, enc in _BOMS if head.startswith(mark)), None)
    if bom:
        return bom, []
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if whole or exc.start < len(head) - 4 or exc.reason != "unexpected end of data":  # not a cut character
            _, notes = decode(head, path)  # finds the charset (UTF-16 without a mark, declared, guessed) or raises
            name = re.search(r"read as (\S+)", notes[0].message) if notes else None
            return (name.group(1).lower() if name else "cp1252"), notes
    if b"\x00" in head[:4096]:
        _, notes = decode(head, path)  # UTF-16 without a mark, or binary
        name = re.search(r"read as (\S+)", notes[0].message) if notes else None
        return (name.group(1).lower() if name else "utf-8"), notes
    return "utf-8", []


def read_bytes(path: Path) -> bytes:
    with open_regular(path) as handle:
        try:
            return handle.read()
        except OSError as exc:
            raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None


def read_text(path: Path, declared: str | None = None) -> tuple[str, list[Note]]:
    """Read a text file; newlines become '\\n'. Returns the text and a note when it was not UTF-8."""
    data = read_bytes(path)
    return decode(data, path, declared(data) if callable(declared) else declared)


def decode(data: bytes, path: Path | str, declared: str | None = None) -> tuple[str, list[Note]]:
    """Bytes to text (see the module's docstring for the order charsets are tried in)."""
    if not data.strip():
        raise InputError(path, "is empty")
    notes: list[Note] = []
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        encoding = _utf16_without_bom(data)
        if encoding:
            notes.append(Note(str(path), f"has no byte-order mark; read as {encoding.upper()}"))
    if encoding is None and b"\x00" in data[:4096]:
        raise InputError(path, "looks like a binary file, not text")
    text = None
    if encoding is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            text, notes = _not_utf8(data, path, declared, exc)
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(path, f"is not valid {encoding.upper()} text (byte at offset {exc.start})") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(_CONTROL.findall(text[:4096])) > 8:
        raise InputError(path, "looks like a binary file, not text")
    return _CONTROL.sub("", text), notes


def _utf16_without_bom(data: bytes) -> str | None:
    """'T\\0i\\0t\\0': text in UTF-16 without a byte-order mark has a zero in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    for guess, zeros, other in (("utf-16-le", zeros_odd, zeros_even), ("utf-16-be", zeros_even, zeros_odd)):
        if zeros > 0.3 and other < 0.05:
            try:
                data[: len(data) - len(data) % 2].decode(guess)
            except UnicodeDecodeError:
                continue
            return guess
    return None


def _not_utf8(data: bytes, path: Path | str, declared: str | None, exc: UnicodeDecodeError) -> tuple[str, list[Note]]:
    where = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
    if declared:
        name = _codec(declared)
        if name and name != "utf-8":
            try:
                return data.decode(name), [Note(str(path), f"is not UTF-8; read as {declared} (declared in the file)")]
            except UnicodeDecodeError:
                pass
    from charset_normalizer import from_bytes

    matches = from_bytes(data[:1_000_000] if len(data) > 1_000_000 else data)
    best = matches.best()
    if best is not None:
        name = _codec(best.encoding) or best.encoding
        # Short Latin text fits several code pages equally; Windows-1252 is what browsers assume.
        if name != "cp1252" and "cp1252" in {_codec(m.encoding) for m in matches} and _is_single_byte(name):
            name = "cp1252"
        try:
            return data.decode(name), [Note(str(path), f"is not UTF-8 ({where}); read as {name} (detected)")]
        except (UnicodeDecodeError, LookupError):
            pass
    raise InputError(path, f"is not UTF-8 text ({where}) and no other charset fits; save it as UTF-8")


def _is_single_byte(name: str) -> bool:
    return name.startswith(("cp125", "iso8859", "latin", "mac-")) or name in ("cp850", "cp437")


def _codec(label: str) -> str | None:
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def clean(value: str) -> str:
    """Drop control characters and fold runs of white space in a short field such as a name."""
    return " ".join(_CONTROL.sub("", value).split())
