"""MHT web archives (MIME multipart/related): pages saved by a browser or by Word as
"single file web page", often published with a .doc name.

The page is the archive's first text/html part; its transfer encoding (quoted-printable,
base64) is undone by the stdlib email package and its MIME charset handed to the HTML
loader, which does the rest. Images and other parts are ignored.
"""

from __future__ import annotations

import binascii
import email
import email.policy
from email.message import Message
from typing import Optional

import regex

from extract.blocks import LoadedDocument
from extract.errors import ExtractionError
from extract.load import html

MAX_PARTS = 10_000
"""Parts looked at before giving up on finding the page."""
NOT_BASE64 = regex.compile(r"[^A-Za-z0-9+/=]+")
MAX_MULTIPARTS = 64
"""multipart sections an archive may hold. The email package parses nested multiparts
recursively and slowly (5,000 nested ones took 50 s, then overflowed the stack)."""
MULTIPART_HEADER = regex.compile(rb"(?im)^content-type:[ \t]{0,20}multipart/")


def load(data: bytes) -> LoadedDocument:
    levels = len(MULTIPART_HEADER.findall(data))
    if levels > MAX_MULTIPARTS:
        raise ExtractionError(
            "corrupt_file",
            f"the web archive (MHT) nests {levels} multipart sections; a saved page has a few. "
            "/ 网页归档(MHT)结构异常,请重新保存。",
        )
    archive = email.message_from_bytes(data, policy=email.policy.compat32)
    page = _html_part(archive)
    if page is None:
        raise ExtractionError(
            "corrupt_file",
            "the web archive (MHT) holds no HTML page; save the page again. "
            "/ 网页归档(MHT)中没有网页内容,请重新保存。",
        )
    return html.load(_payload(page), page.get_content_charset())


def _payload(part: Message) -> bytes:
    """The part's bytes. Base64 cut short (a partial download) decodes as far as it goes,
    where the email package would hand back the encoded text."""
    if str(part.get("Content-Transfer-Encoding", "")).strip().lower() != "base64":
        return part.get_payload(decode=True) or b""
    encoded = NOT_BASE64.sub("", str(part.get_payload()))
    try:
        return binascii.a2b_base64(encoded[: len(encoded) // 4 * 4])
    except binascii.Error:
        return b""


def _html_part(archive: Message) -> Optional[Message]:
    for count, part in enumerate(archive.walk()):
        if count >= MAX_PARTS:
            break
        if part.get_content_type() == "text/html":
            return part
    return None
