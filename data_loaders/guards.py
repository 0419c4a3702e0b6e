"""Safety checks on an upload's raw bytes, before any parser sees them (hostile or broken files).

The xlsx parser (calamine, in Rust) trusts what a workbook says about itself: one cell at
XFD1048576 or a `uniqueCount` of four billion makes it allocate hundreds of gigabytes, and a
failed allocation in Rust aborts the whole process (the app, not just the upload). So every
part of an xlsx is inflated here first, streaming, in bounded memory, and the workbook is
refused when:

- the file is larger than MAX_FILE_BYTES (also protects the CLI: `read_limited`);
- the parts really inflate to more than the limit, whatever their headers declare, or a
  part inflates to another size than it declares (a lying header is never honest);
- a part holds a DTD or entity declaration (`<!DOCTYPE`, `<!ENTITY`: entity bombs, external
  entities) or is UTF-16 XML: Excel never writes either;
- the sheets hold more than MAX_CELLS cell elements (formatted empty cells count: calamine
  keeps them while reading), a sheet's cell references span more than MAX_AREA cells (the
  parser allocates the whole rectangle), or a `count` attribute claims more than MAX_CELLS.

The figures are read from the XML by xml_scan.py while the next piece is inflated.
"""

from __future__ import annotations

import copy
import hashlib
import re
import zipfile
from concurrent.futures import Executor, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import TYPE_CHECKING

from data_loaders.issues import (
    BAD_ENCODING,
    CORRUPT,
    TOO_LARGE,
    TOO_MANY_CELLS,
    UNSAFE_XML,
    Issue,
    LoadError,
)

if TYPE_CHECKING:
    from data_loaders.xml_scan import PartScan

MAX_FILE_BYTES = 50 * 1024 * 1024  # an upload; .streamlit/config.toml maxUploadSize must be ≤
MAX_PARTS = 5_000  # zip members; a workbook with 100 sheets has a few hundred
MAX_CELLS = 4_000_000  # cell elements in all sheets; a 200,000-row export of 10 columns has 2 M
MAX_AREA = 5_000_000  # rows × columns spanned by one sheet's cell references
CHUNK = 1024 * 1024  # inflate this much at a time (and scan it while it is in the CPU cache)
_PASSED: set[tuple] = set()  # recent workbooks that passed (digest and limits)

_REFUSED_XML = (
    "Filen inneholder XML-konstruksjoner Excel aldri lager (DTD/entiteter), og avvises av "
    "sikkerhetshensyn. Åpne den i Excel og lagre på nytt som .xlsx, eller lagre som CSV."
)


def _fail(name: str, code: str, text: str) -> LoadError:
    return LoadError((Issue(code, text, name),))


def _mb(n: int) -> int:
    return n // 1024 // 1024


def check_size(name: str, size: int) -> None:
    """Refuse a file over MAX_FILE_BYTES before anything reads it."""
    if size > MAX_FILE_BYTES:
        raise _fail(
            name,
            TOO_LARGE,
            f"Filen er {_mb(size)} MB, mer enn grensen på {_mb(MAX_FILE_BYTES)} MB. "
            "Del eksporten opp (for eksempel per år) og last opp delene hver for seg.",
        )


def read_limited(path: Path) -> bytes:
    """A file's bytes for the CLI, refused (TOO_LARGE) before reading when it is too large."""
    check_size(path.name, path.stat().st_size)
    with path.open("rb") as f:
        data = f.read(MAX_FILE_BYTES + 1)
    check_size(path.name, len(data))  # the file grew meanwhile, or stat lied (a pipe)
    return data


def _inflate(
    name: str, zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, pool: Executor
) -> PartScan:
    """Inflate one member in chunks (never trusting its declared size) and scan it.

    Each piece is scanned in `pool` while the next is inflated (zlib and numpy both let go
    of the GIL); one piece at a time is in flight, so memory stays bounded.
    """
    from data_loaders.xml_scan import PartScan  # numpy: only when scanning a workbook

    part = PartScan()
    scanning: Future | None = None
    lying = copy.copy(info)
    lying.file_size = budget + 1  # so zipfile does not stop at the declared size
    total, carry, first = 0, b"", True
    try:
        with zf.open(lying) as stream:
            while chunk := stream.read(CHUNK):
                if first:
                    head = chunk[:4]
                    if (
                        head[:2] in (b"\xff\xfe", b"\xfe\xff")
                        or b"<\x00" in head
                        or (b"\x00<" in head)
                    ):
                        raise _fail(name, UNSAFE_XML, _REFUSED_XML)  # UTF-16 XML
                    first = False
                total += len(chunk)
                if total > budget:
                    raise _too_big(name)
                text = carry + chunk
                cut = text.rfind(b"<")  # keep a tag cut at the chunk's end for the next round
                if cut <= 0 or len(text) - cut > 64 * 1024:
                    cut = len(text)
                if scanning is not None:
                    scanning.result()
                scanning = pool.submit(part.feed, text[:cut])
                carry = text[cut:]
    except zipfile.BadZipFile:
        pass  # the CRC check of the lying copy; sizes are compared below
    except (RuntimeError, NotImplementedError, OSError, EOFError, ValueError) as e:
        raise _fail(
            name, CORRUPT, "Filen er skadet eller kryptert og kan ikke åpnes. Lagre på nytt."
        ) from e
    finally:
        if scanning is not None:
            wait([scanning])  # the last piece is scanned before anything else reads the part
    if scanning is not None:
        scanning.result()  # its error, if any
    part.feed(carry)
    if total != info.file_size:
        raise _fail(
            name,
            CORRUPT,
            f"Filen er skadet: delen «{info.filename}» pakker seg ut til en annen størrelse "
            "enn den oppgir. Åpne den i Excel, lagre på nytt og last opp igjen.",
        )
    return part


def _too_big(name: str) -> LoadError:
    from data_loaders import readers  # the limit lives there (tests change it)

    return _fail(
        name,
        CORRUPT,
        f"Filen pakker seg ut til mer enn grensen på {_mb(readers.MAX_UNCOMPRESSED)} MB. "
        "Den er enten skadet eller altfor stor; del den opp eller fjern overflødige ark.",
    )


def scan_xlsx(name: str, data: bytes, zf: zipfile.ZipFile, limit: int) -> None:
    """Inflate every part of an xlsx (at most `limit` bytes in all) and refuse what is unsafe."""
    infos = zf.infolist()
    if len(infos) > MAX_PARTS:
        raise _fail(
            name,
            CORRUPT,
            f"Filen har {len(infos)} deler; et regneark har langt færre. Lagre på nytt.",
        )
    key = (hashlib.sha256(data).digest(), limit, MAX_CELLS, MAX_AREA)
    if key in _PASSED:  # kind detection and the loader both check the same upload
        return
    with ThreadPoolExecutor(1, "scan_xlsx") as pool:
        _scan_parts(name, zf, infos, limit, pool)
    if len(_PASSED) > 16:
        _PASSED.clear()
    _PASSED.add(key)


def _scan_parts(
    name: str, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limit: int, pool: Executor
) -> None:
    """Every part in turn; raises at the first one over a limit."""
    budget, cells = limit, 0
    for info in infos:
        if info.is_dir():
            continue
        part = _inflate(name, zf, info, budget, pool)
        budget -= info.file_size
        if part.unsafe:
            raise _fail(name, UNSAFE_XML, _REFUSED_XML)
        cells += part.cells
        if cells > MAX_CELLS or part.max_count > MAX_CELLS:
            what = f"mer enn {_n(MAX_CELLS)} celler"
        elif part.max_row * part.max_col > MAX_AREA:
            what = (
                f"celler helt ned til rad {_n(part.max_row)} og ut til kolonne nr. "
                f"{_n(part.max_col)}, mer enn grensen på {_n(MAX_AREA)} celler i ett ark"
            )
        else:
            continue
        raise _fail(
            name,
            TOO_MANY_CELLS,
            f"Filen har {what}. Tomme celler med formatering teller også. Slett tomme rader og "
            "kolonner under og til høyre for tabellen, eller lagre arket som CSV.",
        )


def _n(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


# --------------------------------------------------------------------------------------------
# csv character sets: read UTF-16 without a BOM, never accept Mac Roman as Windows-1252
# --------------------------------------------------------------------------------------------
ACCEPTED_ENCODINGS = "UTF-8, UTF-16 eller Windows-1252/ISO-8859-1"
# Mac Roman æ ø å Æ Ø read as Windows-1252, inside a word ("Bj¿rn", "Sk¾rg¿y").
_MAC_ROMAN = re.compile(r"(?:[A-Za-z][¾¿Œ¯]|[¾¿Œ¯®][a-z])")


def looks_utf16(data: bytes) -> bool:
    """UTF-16 text without a BOM: nearly every other byte is NUL in the first kilobytes."""
    head = data[:4096]
    if len(head) < 8:
        return False
    even, odd = head[0::2], head[1::2]
    return max(odd.count(0) / len(odd), even.count(0) / len(even)) > 0.9


def decode_utf16(data: bytes) -> str:
    """UTF-16 with a BOM, or (without one) little- or big-endian as the NUL bytes say."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    head = data[:4096]
    return data.decode("utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be")


_WRONG_CHARSET = (
    "Filen ser ut til å være lagret med et annet tegnsett (for eksempel Mac Roman), så æ, ø og "
    f"å ville blitt feil. Lagre den på nytt som «CSV UTF-8». Vi leser {ACCEPTED_ENCODINGS}."
)


def undecodable(data: bytes) -> tuple[str, str | None]:
    """Reason (and text, None: not a text file) for bytes neither UTF-8 nor Windows-1252."""
    head = data[:65536]
    ascii_text = sum(1 for b in head if 32 <= b < 127 or b in (9, 10, 13))
    if ascii_text >= 0.9 * len(head):
        return BAD_ENCODING, _WRONG_CHARSET
    from data_loaders.issues import NOT_SPREADSHEET

    return NOT_SPREADSHEET, None


def not_mac_roman(name: str, text: str) -> str:
    """The text, unless it is Mac Roman read as Windows-1252 (mojibake instead of æøå)."""
    if m := _MAC_ROMAN.search(text[:1_000_000]):
        context = text[max(m.start() - 10, 0) : m.end() + 10].strip().splitlines()[0]
        raise _fail(
            name,
            BAD_ENCODING,
            f"Filen ser ut til å være lagret med et annet tegnsett (for eksempel Mac Roman): "
            f"æ, ø og å blir feil («{context}»). Lagre den på nytt som «CSV UTF-8». "
            f"Vi leser {ACCEPTED_ENCODINGS}.",
        )
    return text
