"""Turn a file's bytes into text, or say in one line why it cannot be done."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from graphkit.errors import InputError

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# C0 controls other than tab, newline and carriage return; they are not text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_text(path: Path) -> str:
    """Read a text file (UTF-8, or UTF-16/32 with a byte-order mark); newlines become '\\n'."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise InputError(path, "is empty")
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None and b"\x00" in data[:4096]:
        raise InputError(path, "looks like a binary file, not text")
    try:
        text = data.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            path, f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(_CONTROL.findall(text[:4096])) > 8:
        raise InputError(path, "looks like a binary file, not text")
    return _CONTROL.sub("", text)


def clean(value: str) -> str:
    """Drop control characters and fold runs of white space in a short field such as a name."""
    return " ".join(_CONTROL.sub("", value).split())
