"""Hostile and broken inputs through the batch: each gets an error record of the right type
with a message a user can act on (in English and Chinese), good files beside them still
convert, nothing leaks from XML entities, a stuck or crashing worker costs one file, and no
temp or partial file remains."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import signal
import threading
import zipfile
from pathlib import Path

import pytest
import regex

from conftest import CORPUS, PLANS
from extract.batch import BatchInput, TEMP_MARK, convert_bytes, iter_results
from extract.cli import main
from schemas import DocumentRecord, ErrorRecord

HAN = regex.compile(r"\p{Han}")
SECRET = "zhenggai-secret-7f3a"
NOTICE = "关于印发《某县环境保护督察反馈意见整改方案》的通知\n各乡镇人民政府,县直各部门:\n现将方案印发给你们,请认真贯彻执行。\n"
"""A short notice: converts in milliseconds (no heading or indicator to segment)."""


# --- building hostile files --------------------------------------------------------------


def _zip(parts: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def _docx_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(CORPUS / "000-guiyang.docx") as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _docx_with_body(body: bytes) -> bytes:
    return _zip({**_docx_parts(), "word/document.xml": body})


def _with_doctype(xml: bytes, doctype: bytes, entity_use: bytes) -> bytes:
    """The XML with a DOCTYPE after its declaration and an entity used in the first 整改."""
    declaration_end = xml.index(b"?>") + 2
    return xml[:declaration_end] + doctype + xml[declaration_end:].replace("整改".encode(), "整改".encode() + entity_use, 1)


def _ofd(page_xml: str, extra: dict | None = None) -> bytes:
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    root = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} Version="1.1" DocType="OFD"><ofd:DocBody>'
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    document = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {ns}><ofd:Pages>'
                '<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>')
    return _zip({"OFD.xml": root, "Doc_0/Document.xml": document, "Doc_0/Pages/Page_0/Content.xml": page_xml,
                 **(extra or {})})


def _ofd_page(lines: list[str], doctype: str = "") -> str:
    objects = "".join(
        f'<ofd:TextObject ID="{i}" Boundary="20 {20 + 8 * i} 170 8" Font="1" Size="4">'
        f'<ofd:TextCode X="0" Y="4">{line}</ofd:TextCode></ofd:TextObject>'
        for i, line in enumerate(lines)
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016">'
            f'<ofd:Content><ofd:Layer ID="1">{objects}</ofd:Layer></ofd:Content></ofd:Page>')


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def _pdf_page(content: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


TEXT_PAGE = b"BT /F1 12 Tf 72 760 Td (Rectification plan) Tj ET"


def _encrypted_pdf() -> bytes:
    """Standard security handler whose user password is not empty: no reader opens it
    without the password (the same page without /Encrypt converts: see the control case)."""
    key = lambda seed: hashlib.sha256(seed).hexdigest().encode()  # noqa: E731
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -44 >>" % (key(b"owner"), key(b"user"))
    file_id = b"<0123456789abcdef0123456789abcdef>"
    return _pdf(_pdf_page(TEXT_PAGE) + [encrypt], b"/Encrypt 6 0 R /ID [%s %s] " % (file_id, file_id))


def _lying_zip_sizes(data: bytes, member: str, size: int) -> bytes:
    """The archive with `member`'s uncompressed size in the central directory replaced."""
    archive = bytearray(data)
    position = 0
    while (position := archive.find(b"PK\x01\x02", position)) >= 0:
        name_length = int.from_bytes(archive[position + 28 : position + 30], "little")
        if archive[position + 46 : position + 46 + name_length] == member.encode():
            archive[position + 24 : position + 28] = size.to_bytes(4, "little")
            return bytes(archive)
        position += 4
    raise AssertionError(f"{member} not in the archive")


def _docx_with_doctype(doctype: bytes, entity_use: bytes) -> bytes:
    return _docx_with_body(_with_doctype(_docx_parts()["word/document.xml"], doctype, entity_use))


def _sample(name: str, part: slice = slice(None)) -> bytes:
    return (CORPUS / name).read_bytes()[part]


OFD_LINES = PLANS[2].read_text(encoding="utf-8").splitlines()[:20]
BOMB_BYTES = 8 << 20
"""Spaces deflate about a thousand to one: far past the 200x ratio a real part ever has."""
LAUGHS = b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1)) * 10) for i in range(1, 10))

# name -> (build(secret file), the error type expected, or None where the file must convert)
HOSTILE = {
    "empty.pdf": (lambda secret: b"", "empty_file"),
    "blank.txt": (lambda secret: " \n\t\n\u3000\n".encode(), "empty_file"),
    "truncated.pdf": (lambda secret: _sample("000-guiyang.pdf", slice(0, 185000)), "corrupt_file"),
    "truncated.docx": (lambda secret: _sample("000-guiyang.docx", slice(0, 25000)), "corrupt_file"),
    "truncated.doc": (lambda secret: _sample("000-guiyang.doc", slice(0, 20000)), "corrupt_file"),
    "encrypted.pdf": (lambda secret: _encrypted_pdf(), "encrypted"),
    "control-unencrypted.pdf": (lambda secret: _pdf(_pdf_page(TEXT_PAGE)), None),
    "scan.pdf": (lambda secret: _pdf(_pdf_page(b"0 0 1 rg 72 72 400 600 re f")), "unsupported_format"),
    "bomb.docx": (
        lambda secret: _docx_with_body(_docx_parts()["word/document.xml"].replace(b"</w:body>", b" " * BOMB_BYTES + b"</w:body>")),
        "too_large",
    ),
    "bomb.ofd": (lambda secret: _ofd(_ofd_page(OFD_LINES) + " " * BOMB_BYTES), "too_large"),
    "lying-sizes.docx": (
        lambda secret: _lying_zip_sizes(_sample("000-guiyang.docx"), "word/document.xml", 0xFFFFFFF0), "too_large"
    ),
    "lying-sizes.ofd": (lambda secret: _lying_zip_sizes(_ofd(_ofd_page(OFD_LINES)), "OFD.xml", 0xFFFFFFF0), "too_large"),
    "billion-laughs.docx": (
        lambda secret: _docx_with_doctype(b'<!DOCTYPE w:document [<!ENTITY lol0 "lol">' + LAUGHS + b"]>", b"&lol9;"),
        "corrupt_file",
    ),
    "external-entity.docx": (
        lambda secret: _docx_with_doctype(
            b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "%s">]>' % secret.as_uri().encode(), b"&xxe;"
        ),
        None,
    ),
    "external-entity.ofd": (
        lambda secret: _ofd(_ofd_page(["&xxe;"] + OFD_LINES, f'<!DOCTYPE ofd:Page [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>')),
        None,
    ),
    "image.pdf": (lambda secret: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64, "corrupt_file"),  # a damaged PNG, whatever its name
    "archive.docx": (lambda secret: _zip({"readme.txt": "not a document"}), "unsupported_format"),
    "pdf-named.docx": (lambda secret: _sample("000-guiyang.pdf"), None),
    "html-named.txt": (lambda secret: _sample("002-gongshu.html"), None),
    "undecodable.txt": (lambda secret: bytes(range(0x80, 0x100)) * 64, "encoding"),
}


# --- one batch over all of them ----------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_batch(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    secret = base / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    folder, out = base / "in", base / "out"
    folder.mkdir()
    cases = {name: (build(secret), expected) for name, (build, expected) in HOSTILE.items()}
    for name, (data, _) in cases.items():
        (folder / name).write_bytes(data)
    shutil.copy(PLANS[0], folder / "good-plan.txt")
    shutil.copy(CORPUS / "002-gongshu.docx", folder / "good-plan.docx")
    with contextlib.redirect_stderr(io.StringIO()):
        status = main(["extract", str(folder), "-o", str(out), "--workers", "2"])
    return cases, out, status


def _output(out: Path, name: str) -> dict:
    written = [out / f"{name}.json", out / f"{name}.error.json"]
    [path] = [p for p in written if p.exists()]
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", list(HOSTILE))
def test_each_hostile_file_gets_the_right_outcome(hostile_batch, name):
    cases, out, _ = hostile_batch
    expected = cases[name][1]
    record = _output(out, name)
    if expected is None:
        DocumentRecord.model_validate(record)
        return
    error = ErrorRecord.model_validate(record).error
    assert error.type == expected, error.message
    assert HAN.search(error.message) and regex.search(r"[A-Za-z]{3}", error.message), "English and Chinese"
    assert record["source"]["sha256"] == hashlib.sha256(cases[name][0]).hexdigest()


def test_good_files_beside_hostile_ones_convert_and_the_run_says_so(hostile_batch):
    cases, out, status = hostile_batch
    assert status == 1
    for name in ("good-plan.txt", "good-plan.docx"):
        assert DocumentRecord.model_validate(_output(out, name)).sections


def test_no_temp_or_partial_file_remains(hostile_batch):
    cases, out, _ = hostile_batch
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == len(cases) + 2
    assert all(name.endswith(".json") and TEMP_MARK not in name for name in written)
    for path in out.iterdir():
        json.loads(path.read_text(encoding="utf-8"))


def test_external_entities_are_never_resolved(hostile_batch):
    _, out, _ = hostile_batch
    for name in ("external-entity.docx", "external-entity.ofd"):
        record = _output(out, name)
        assert SECRET not in json.dumps(record, ensure_ascii=False)
        assert record["sections"] or record["tasks"], "the rest of the document is still read"


def test_mislabelled_files_are_read_as_what_they_are(hostile_batch):
    _, out, _ = hostile_batch
    for name, real_format in (("pdf-named.docx", "pdf"), ("html-named.txt", "html")):
        record = _output(out, name)
        assert record["source"]["format"] == real_format
        assert any(real_format.upper() in warning for warning in record["warnings"])


# --- workers that hang, crash or run out of memory ---------------------------------------


def _fifo(path: Path) -> Path:
    """A named pipe nobody writes to: opening it would block forever."""
    os.mkfifo(path)
    return path


def _stall_on(monkeypatch, name: str, action) -> None:
    """Make converting `name` run `action` in the worker, as a loader stuck in C code (or
    crashing in it) would: workers started with plain fork inherit the patched pipeline."""
    import extract.pipeline

    real = extract.pipeline.extract_bytes

    def stalling(data, file_name, **kwargs):
        if file_name == name:
            action()
        return real(data, file_name, **kwargs)

    monkeypatch.setattr(extract.pipeline, "extract_bytes", stalling)


@pytest.mark.skipif(os.name == "nt", reason="needs fork")
def test_a_stuck_file_times_out_and_the_run_goes_on(tmp_path, monkeypatch):
    import time

    _stall_on(monkeypatch, "stuck.txt", lambda: time.sleep(3600))
    stuck, notice = tmp_path / "stuck.txt", tmp_path / "notice.txt"
    stuck.write_text(NOTICE, encoding="utf-8")
    notice.write_text(NOTICE, encoding="utf-8")
    # one worker, the stuck file first: the notice is converted by the worker that replaces it
    inputs = [BatchInput(stuck, Path("stuck.txt")), BatchInput(notice, Path("notice.txt"))]
    results = dict((i.relative.name, r) for i, r in iter_results(inputs, workers=1, timeout=1.5, start_method="fork"))
    error = results["stuck.txt"]["error"]
    assert error["type"] == "timeout" and "--timeout" in error["message"] and HAN.search(error["message"])
    assert "error" not in results["notice.txt"]


@pytest.mark.skipif(os.name == "nt", reason="needs fork")
def test_a_worker_that_dies_costs_one_file(tmp_path, monkeypatch):
    _stall_on(monkeypatch, "crash.txt", lambda: os.kill(os.getpid(), signal.SIGSEGV))
    crash, notice = tmp_path / "crash.txt", tmp_path / "notice.txt"
    crash.write_text(NOTICE, encoding="utf-8")
    notice.write_text(NOTICE, encoding="utf-8")
    inputs = [BatchInput(crash, Path("crash.txt")), BatchInput(notice, Path("notice.txt"))]
    results = {i.relative.name: r for i, r in iter_results(inputs, workers=1, timeout=60, start_method="fork")}
    assert results["crash.txt"]["error"]["type"] == "internal"
    assert f"signal {int(signal.SIGSEGV)}" in results["crash.txt"]["error"]["message"]
    assert "error" not in results["notice.txt"]


@pytest.mark.skipif(os.name == "nt", reason="no per-process memory limit on Windows")
def test_a_file_that_needs_more_memory_than_allowed_is_too_large(tmp_path):
    big = tmp_path / "big.txt"
    lines = PLANS[0].read_text(encoding="utf-8").splitlines()
    # about 20 MB of real plan lines, each numbered so that no paragraph repeats
    big.write_text("\n".join(f"{line}{n}" for n in range(400) for line in lines), encoding="utf-8")
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    inputs = [BatchInput(big, Path("big.txt")), BatchInput(notice, Path("notice.txt"))]
    results = {item.relative.name: record for item, record in iter_results(inputs, workers=1, max_memory_mb=160)}
    error = results["big.txt"]["error"]
    assert error["type"] == "too_large" and "--max-memory" in error["message"]
    assert "error" not in results["notice.txt"], "the run goes on in a fresh worker"


def test_a_loader_bug_becomes_an_internal_error_record(monkeypatch):
    import extract.pipeline

    def broken_loader(*args, **kwargs):
        raise KeyError("w:tbl")

    monkeypatch.setattr(extract.pipeline, "extract_bytes", broken_loader)
    record = convert_bytes(PLANS[0].read_bytes(), "plan.txt").model_dump(mode="json")
    assert record["error"]["type"] == "internal"
    assert "KeyError" in record["error"]["message"] and "report" in record["error"]["message"]
    assert record["source"]["sha256"] == hashlib.sha256(PLANS[0].read_bytes()).hexdigest()
