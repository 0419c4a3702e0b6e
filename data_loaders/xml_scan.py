"""The figures guards.py checks, read from the XML of a workbook part while it is inflated.

Per part: the cell elements (`<c`, `<x:c `), the largest row number and column letter of any
cell or row reference (`r="B12"`, `r="7"`), the largest `count=`/`uniqueCount=`, and whether
a DTD or entity declaration appears. A 200,000-row sheet is 90 MB of XML with 2.2 million
references, so the pieces are scanned with numpy, a byte pattern at a time over the whole
piece, in work arrays allocated once per part (fresh arrays for every piece made the kernel
hand out and take back a gigabyte of pages per file). Only where that quick scan is unsure (a
reference spelled unusually) do the regular expressions read the piece, and they decide.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from operator import methodcaller

import numpy as np

_UNSAFE = re.compile(rb"<!(?i:doctype|entity)")  # UTF-16 parts are refused before this
# Row numbers and column letters of r="B12" (a cell) and r="7" (a row). quick-xml, the
# parser's XML reader, also takes blanks around "=": rare, so a slower pattern handles those.
_ROW = re.compile(rb""" r=["'][A-Za-z]{0,4}0*([0-9]{1,12})""")
_COL = re.compile(rb""" r=["']([A-Za-z]{1,4})[0-9]""")
_BLANKS = bytes.maketrans(b"\t\r\n", b"   ")  # so " r=" also finds a ref after a tab or newline
_ROW_SPACED = re.compile(rb"""\sr\s*=\s*["']\s*[A-Za-z]{0,4}0*([0-9]{1,12})""")
_COL_SPACED = re.compile(rb"""\sr\s*=\s*["']\s*([A-Za-z]{1,4})[0-9]""")
_COUNT = re.compile(rb"""ount\s*=\s*["']\s*0*([0-9]{1,20})""")  # count=, uniqueCount=
_PAD = 16  # zero bytes after each piece, so looking a few bytes ahead never runs off its end


class PartScan:
    """Running figures for one zip member, fed piece by piece (never cutting a tag)."""

    def __init__(self) -> None:
        self.cells = 0
        self.max_row = 0
        self.max_col = 0
        self.max_count = 0
        self.unsafe = False
        self._bytes = np.zeros(0, np.uint8)  # the piece, then _PAD zero bytes
        self._masks = np.zeros((3, 0), bool)
        self._n = 0

    def feed(self, text: bytes) -> None:
        """Scan one piece of the part."""
        if b"\t" in text or b"\n" in text or b"\r" in text:
            text = text.translate(_BLANKS)  # as blanks, for the reference patterns
        self._load(text)
        if self._count(b"<!") and _UNSAFE.search(text):
            self.unsafe = True
        # <c r=..>, <x:c r=..> (or more: <col and <cfRule count too)
        self.cells += self._count(b"<c")
        if self._count(b":c"):
            self.cells += int(np.count_nonzero(self._bytes[2:][self._find(b":c")] == 32))
        refs = self._quick_refs()
        if refs is None:
            self._exact_refs(text)
        else:
            self.max_row, self.max_col = max(self.max_row, refs[0]), max(self.max_col, refs[1])
        if self._count(b"ount") and (counts := _COUNT.findall(text)):
            self.max_count = max(self.max_count, max(int(c) for c in counts))

    def _load(self, text: bytes) -> None:
        n = self._n = len(text)
        if len(self._bytes) < n + _PAD:
            self._bytes = np.zeros(n + _PAD + (n >> 3), np.uint8)
            self._masks = np.zeros((3, len(self._bytes)), bool)
        self._bytes[:n] = np.frombuffer(text, np.uint8)
        self._bytes[n : n + _PAD] = 0

    def _match(self, pattern: bytes, i: int = 0) -> np.ndarray:
        """Mask of the piece's positions where `pattern` starts (in work array i; 2 is scratch)."""
        n, a = self._n, self._bytes
        out, step = self._masks[i, :n], self._masks[2, :n]
        np.equal(a[:n], pattern[0], out=out)
        for k in range(1, len(pattern)):
            out &= np.equal(a[k : k + n], pattern[k], out=step)
        return out

    def _count(self, pattern: bytes) -> int:
        return int(np.count_nonzero(self._match(pattern)))

    def _find(self, pattern: bytes) -> np.ndarray:
        """Where the pattern starts in the piece."""
        return np.flatnonzero(self._match(pattern))

    def _quick_refs(self) -> tuple[int, int] | None:
        """Largest row number and column of the references in the piece ((0, 0): none), or
        None when one is not plain: blanks around "=", 4+ letters, 8+ digits, no digit, a
        leading zero.

        For plain references the same figures as _ROW and _COL give, without a Python object
        per reference: each step reads the k-th character of every reference at once.
        """
        if self._count(b" =") or self._count(b"= "):
            return None
        a = self._bytes
        at = self._find(b" r=")
        quote = a[3:][at]
        at = at[(quote == 34) | (quote == 39)] + 4  # first character of each reference
        if not len(at):
            return 0, 0
        letters = _run(a, at, 4, lambda ch: (ch & 0xDF) - 65 < 26)  # A-Z, a-z
        if letters is None:
            return None
        start = at + letters
        digits = _run(a, start, 8, lambda ch: ch - 48 < 10)
        if digits is None or not digits.all():
            return None
        if (a[start] == 48).any():  # a leading zero: let the regular expressions decide
            return None
        row = _largest(a, start[digits == digits.max()], int(digits.max()), 10, 48)
        width = int(letters.max())
        return row, _largest(a, at[letters == width], width, 26, 64) if width else 1

    def _exact_refs(self, text: bytes) -> None:
        """Row numbers and column letters by regular expression (any spelling calamine reads)."""
        spaced = b" =" in text or b"= " in text  # rare: then the slower patterns
        if rows := (_ROW_SPACED if spaced else _ROW).findall(text):
            self.max_row = max(self.max_row, int(_longest_max(rows, b"0") or 0))
        if cols := (_COL_SPACED if spaced else _COL).findall(text):
            upper = [c.upper() for c in cols]  # "a" sorts after "Z"
            self.max_col = max(self.max_col, _col_number(_longest_max(upper, b"@")))
        elif rows:
            self.max_col = max(self.max_col, 1)


def _run(
    a: np.ndarray, at: np.ndarray, limit: int, test: Callable[[np.ndarray], np.ndarray]
) -> np.ndarray | None:
    """Per position, how many bytes from it on pass `test` (uint8 arithmetic wraps, so
    `ch - 48 < 10` is a digit); None when any run reaches `limit`."""
    count = np.zeros(len(at), np.int64)
    alive = np.ones(len(at), bool)
    for k in range(limit):
        alive &= test(a[k:][at])
        if not alive.any():
            return count
        count += alive
    return None


def _largest(a: np.ndarray, at: np.ndarray, width: int, base: int, zero: int) -> int:
    """The largest number written with `width` digits (base 10, from "0") or letters (base
    26, from "A"; a-z fold to A-Z) from each position, none with a leading zero: the largest
    first character, then the largest second among those, and so on."""
    value = 0
    for k in range(width):
        ch = a[k:][at] & 0xDF if base == 26 else a[k:][at]
        top = ch.max()
        at = at[ch == top]
        value = value * base + int(top) - zero
    return value


def _longest_max(tokens: list[bytes], pad: bytes) -> bytes:
    """The largest of numbers (no leading zeros; pad 0) or column letters (pad @, below A)."""
    n = max(map(len, tokens))
    if min(map(len, tokens)) == n:
        return max(tokens)
    return max(map(methodcaller("rjust", n, pad), tokens)).lstrip(pad)


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return max(n, 1)
