"""Hostile or broken uploads never take the app down: each is refused with a Norwegian message
naming the file (or read safely), within a memory bound, and nothing reaches the database.

Every parse is measured in a fresh process (bench.child.run_child): its peak RSS must stay
below MEMORY_BOUND_MB (a safety bound, not a timing; an interpreter with pandas, DuckDB and
fastexcel loaded starts near 150 MB). The 200 MB upload may use the upload itself on top.
Files are built in tmp_path by the tests; the large ones once per module.
"""

from __future__ import annotations

import io
import tomllib
import zipfile
from pathlib import Path

import pytest

from bench.child import ROOT, run_child
from data_loaders import guards
from data_loaders.batch import SourceFile
from data_loaders.issues import (
    BAD_ENCODING,
    CORRUPT,
    NOT_SPREADSHEET,
    TOO_LARGE,
    TOO_MANY_CELLS,
    UNSAFE_XML,
    LoadError,
)
from data_loaders.kinds import LOADERS, detect_kind
from tests.conftest_loaders import xlsx_bytes

MEMORY_BOUND_MB = 400
HEADER = ["Periode", "Sektor", "Enhet", "Avtalte dagsverk", "Tapte dagsverk"]
GOOD = [
    HEADER,
    ["2025-01", "Oppvekst", "Skole A", 100, 4],
    ["2025-01", "Helse", "Sjukeheim", 80, 2],
]

# Runs in the child: load `path` through kind detection and the loader into a fresh database.
PARSE = """
from data_loaders.batch import SourceFile
from data_loaders.ingest import prepare
from data_loaders.issues import LoadError
from store import open_database
db = open_database(tmp / "child.duckdb")
try:
    batch = prepare(db, SourceFile(path.name, path.read_bytes())).batch
    result["rows"] = len(batch.frame)
    result["units"] = sorted(batch.frame["enhet"].dropna().unique().tolist())
except LoadError as err:
    result["codes"] = sorted(err.codes)
    result["text"] = str(err)
result["imports"] = db.scalar("SELECT count(*) FROM imports")
"""


def parse_in_child(path: Path, tmp: Path) -> dict:
    report = run_child(PARSE, {"path": path, "tmp": tmp}, timeout=120)
    assert report["imports"] == 0  # prepare never writes
    return report


def refused(report: dict, code: str, name: str, bound: float = MEMORY_BOUND_MB) -> str:
    assert report.get("codes") == [code], report
    assert report["text"].startswith(f"{name}: "), report["text"]
    assert report["peak_rss_mb"] < bound, report["peak_rss_mb"]
    return report["text"]


def patch_part(data: bytes, part: str, change) -> bytes:
    """The workbook with one part's bytes replaced by change(old bytes)."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            content = src.read(info.filename)
            zf.writestr(info.filename, change(content) if info.filename == part else content)
    return out.getvalue()


def good_xlsx() -> bytes:
    return xlsx_bytes(GOOD, "Fravær")


def load_error(name: str, data: bytes) -> LoadError:
    with pytest.raises(LoadError) as exc:
        source = SourceFile(name, data)
        LOADERS[detect_kind(source)](source, None)
    return exc.value


# -- 1-2: DTDs, entity bombs and external entities ------------------------------------------
LOL = '<!ENTITY lol0 "lol">' + "".join(
    f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
)


def with_dtd(dtd: str, entity: str, part: str) -> bytes:
    def change(xml: bytes) -> bytes:
        text = xml.decode().replace("?>", f"?><!DOCTYPE x [{dtd}]>", 1)
        if part.endswith("sharedStrings.xml"):
            return text.replace("<t>Skole A</t>", f"<t>{entity}</t>").encode()
        cell = f'<c r="F2" t="inlineStr"><is><t>{entity}</t></is></c>'
        return text.replace("</row>", cell + "</row>", 2).encode()

    return patch_part(good_xlsx(), part, change)


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_entity_bomb_is_refused_in_bounded_memory(tmp_path, part):
    path = tmp_path / "latter.xlsx"
    path.write_bytes(with_dtd(LOL, "&lol9;", part))
    text = refused(parse_in_child(path, tmp_path), UNSAFE_XML, "latter.xlsx")
    assert "DTD/entiteter" in text and "sikkerhetshensyn" in text


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_external_entity_is_never_resolved(tmp_path, part):
    data = with_dtd('<!ENTITY e SYSTEM "file:///etc/passwd">', "&e;", part)
    err = load_error("xxe.xlsx", data)
    assert err.codes == {UNSAFE_XML} and err.issues[0].file == "xxe.xlsx"
    assert "root:" not in str(err)


# -- 3: zip bombs --------------------------------------------------------------------------
def bomb(declared_small: bool, megabytes: int = 400) -> bytes:
    """A workbook whose sheet inflates to `megabytes` of XML whitespace; optionally the zip
    headers (local and central) claim the sheet is tiny."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        src = zipfile.ZipFile(io.BytesIO(good_xlsx()))
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                zf.writestr(info.filename, src.read(info.filename))
        with zf.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(b'<?xml version="1.0"?><worksheet><sheetData>')
            chunk = b" " * (1024 * 1024)
            for _ in range(megabytes):
                part.write(chunk)
    data = bytearray(buf.getvalue())
    if declared_small:  # both the local header and the central directory say 1 kB
        info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
        local = info.header_offset
        data[local + 22 : local + 26] = (1024).to_bytes(4, "little")
        central = data.find(b"PK\x01\x02" + bytes(data[local + 4 : local + 6]), local)
        while data[central + 46 : central + 46 + 24] != b"xl/worksheets/sheet1.xml":
            central = data.find(b"PK\x01\x02", central + 4)
        data[central + 24 : central + 28] = (1024).to_bytes(4, "little")
    return bytes(data)


@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bombs")
    paths = {}
    for declared_small in (False, True):
        path = folder / f"bombe_{'løgn' if declared_small else 'ærlig'}.xlsx"
        path.write_bytes(bomb(declared_small))
        paths[declared_small] = path
    return paths


@pytest.mark.parametrize("declared_small", [False, True], ids=["honest", "lying"])
def test_zip_bomb_is_refused_before_inflating(bombs, tmp_path, declared_small):
    path = bombs[declared_small]
    assert path.stat().st_size < 2 * 1024 * 1024  # small file, 400 MB inside
    if declared_small:
        assert zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").file_size == 1024
    text = refused(parse_in_child(path, tmp_path), CORRUPT, path.name)
    assert "200 MB" in text or "annen størrelse" in text


# -- 4: formatted empty rows, and cells at the far corner -----------------------------------
def with_rows(rows_xml: str) -> bytes:
    def change(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", rows_xml.encode() + b"</sheetData>")

    return patch_part(good_xlsx(), "xl/worksheets/sheet1.xml", change)


@pytest.fixture(scope="module")
def empty_rows(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rows")
    # A million formatted rows (as Excel writes them) with a formatted empty cell each.
    rows = "".join(
        f'<row r="{r}" s="1" customFormat="1"><c r="A{r}" s="1"/></row>'
        for r in range(4, 1_000_001)
    )
    path = folder / "formatert.xlsx"
    path.write_bytes(with_rows(rows))
    return path


def test_a_million_formatted_empty_rows_load_the_real_rows(empty_rows, tmp_path):
    report = parse_in_child(empty_rows, tmp_path)
    assert report.get("rows") == 2, report
    assert report["units"] == ["Sjukeheim", "Skole A"]
    assert report["peak_rss_mb"] < MEMORY_BOUND_MB and report["seconds"] < 30


@pytest.mark.parametrize(
    "rows_xml",
    [
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',  # calamine would abort
        '<row r="900000"><c r="J900000"><v>1</v></c></row>',
        "<row r='1048576'><c><v>1</v></c></row>",
        '<row r="5"><c r = "ZZ999999" ><v>1</v></c></row>',
    ],
)
def test_a_cell_at_the_far_corner_is_refused(tmp_path, rows_xml):
    path = tmp_path / "hjørne.xlsx"
    path.write_bytes(with_rows(rows_xml))
    text = refused(parse_in_child(path, tmp_path), TOO_MANY_CELLS, "hjørne.xlsx")
    assert "Tomme celler med formatering teller også" in text


def test_a_huge_shared_string_count_is_refused():
    data = patch_part(
        good_xlsx(),
        "xl/sharedStrings.xml",
        lambda xml: xml.replace(b'uniqueCount="', b'uniqueCount="4000000000', 1),
    )
    assert load_error("teller.xlsx", data).codes == {TOO_MANY_CELLS}


# -- 5: programs renamed -------------------------------------------------------------------
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 50 + b"PE\x00\x00" * 10


@pytest.mark.parametrize("data", [ELF, PE], ids=["elf", "pe"])
@pytest.mark.parametrize("name", ["sykefravær.xlsx", "sykefravær.csv"])
def test_a_renamed_program_is_refused(data, name):
    err = load_error(name, data)
    assert err.codes == {NOT_SPREADSHEET}
    assert err.issues[0].file == name and "et program" in err.issues[0].text


# -- 6: csv encodings ----------------------------------------------------------------------
ROWS = [HEADER, ["2025-01", "Oppvekst", "Bjørnø skole", "100", "4"],
        ["2025-01", "Helse", "Åsen sjukeheim", "80", "2"], ["2025-01", "Teknisk", "Vær og vind", "50", "1"]]  # fmt: skip
UNITS = ["Bjørnø skole", "Vær og vind", "Åsen sjukeheim"]


def text_csv(sep: str = ";") -> str:
    return "".join(sep.join(r) + "\r\n" for r in ROWS)


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe" + text_csv("\t").encode("utf-16-le"),  # Excel's "Unicode text"
        text_csv("\t").encode("utf-16-le"),
        text_csv("\t").encode("utf-16-be"),
        text_csv().encode("iso-8859-1"),
        text_csv().encode("cp1252"),
    ],
    ids=["utf16-bom", "utf16le", "utf16be", "latin1", "cp1252"],
)
def test_csv_encodings_are_read_with_correct_letters(data):
    source = SourceFile("enheter.csv", data)
    batch = LOADERS[detect_kind(source)](source, None)
    assert sorted(batch.frame["enhet"]) == UNITS


def test_mac_roman_is_refused_not_read_as_mojibake():
    err = load_error("mac.csv", text_csv().encode("mac_roman"))
    assert err.codes == {BAD_ENCODING} and err.issues[0].file == "mac.csv"
    assert guards.ACCEPTED_ENCODINGS in err.issues[0].text


# -- 7: a 200 MB upload --------------------------------------------------------------------
def test_streamlit_upload_limit_is_within_what_the_loader_accepts():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 <= guards.MAX_FILE_BYTES


def test_a_200_mb_upload_is_refused_before_reading(tmp_path):
    code = """
from data_loaders.batch import SourceFile
from data_loaders.ingest import prepare
from data_loaders.issues import LoadError
from store import open_database
db = open_database(tmp / "child.duckdb")
try:
    prepare(db, SourceFile("stor.xlsx", b"\\0" * 200_000_000))
except LoadError as err:
    result["codes"], result["text"] = sorted(err.codes), str(err)
result["imports"] = db.scalar("SELECT count(*) FROM imports")
"""
    report = run_child(code, {"tmp": tmp_path}, timeout=120)
    text = refused(report, TOO_LARGE, "stor.xlsx", bound=MEMORY_BOUND_MB + 200)
    assert report["imports"] == 0
    assert f"{guards.MAX_FILE_BYTES // 1024 // 1024} MB" in text and "190 MB" in text


def test_the_cli_reader_refuses_a_large_file_without_reading_it(tmp_path):
    path = tmp_path / "stor.csv"
    with path.open("wb") as f:  # sparse: nothing is written to disk
        f.truncate(200_000_000)
    report = run_child(
        """
from data_loaders import guards
from data_loaders.issues import LoadError
try:
    guards.read_limited(path)
except LoadError as err:
    result["codes"], result["text"] = sorted(err.codes), str(err)
""",
        {"path": path},
    )
    refused(report, TOO_LARGE, "stor.csv")  # the file is never read: no 200 MB on top


# -- 8: the app keeps serving --------------------------------------------------------------
def hostile_uploads() -> list[tuple[str, bytes]]:
    return [
        ("latter.xlsx", with_dtd(LOL, "&lol9;", "xl/sharedStrings.xml")),
        ("xxe.xlsx", with_dtd('<!ENTITY e SYSTEM "file:///etc/passwd">', "&e;", "xl/sharedStrings.xml")),
        ("hjørne.xlsx", with_rows('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')),
        ("program.xlsx", ELF),
        ("mac.csv", text_csv().encode("mac_roman")),
    ]  # fmt: skip


def test_the_import_page_survives_every_hostile_file(app, demo_env):
    from streamlit.testing.v1 import AppTest

    from tests.test_page_importer import counts

    before = counts(demo_env)
    at = app.switch_page("pages/importer.py").run()
    for name, data in hostile_uploads():
        at.file_uploader[0].set_value((name, data, "application/octet-stream")).run()
        assert not at.exception, (name, at.exception)
        assert at.error and name in at.error[0].value, name
        assert "root:" not in at.code[0].value if at.code else True
    assert counts(demo_env) == before
    fresh = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not fresh.exception and fresh.title, fresh.exception


def test_the_cli_refuses_a_huge_file_without_reading_it(tmp_path, capsys):
    """A sparse 200 MB file: the size alone refuses it; nothing is written."""
    import cli
    from store import open_database

    huge = tmp_path / "enorm.csv"
    with huge.open("wb") as f:
        f.truncate(200 * 1024 * 1024)
    db_path = tmp_path / "tom.duckdb"
    assert cli.main(["ingest", str(huge), "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert "enorm.csv" in err and "Ingen filer ble importert" in err
    with open_database(db_path) as db:
        assert db.scalar("SELECT count(*) FROM imports") == 0
