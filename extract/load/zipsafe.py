"""Open ZIP-based containers (DOCX, OFD) without trusting their sizes.

A zip bomb declares or inflates to far more than any plan needs; reading a
member is refused past a total and a ratio limit, with an ExtractionError of
type too_large.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from extract.errors import ExtractionError

MAX_MEMBER_BYTES = 32 * 1024 * 1024
"""An XML part this big is some 5,000 pages; parsed, XML of tiny elements takes about 13
times its size in memory, so this keeps a small file under 500 MB."""
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200


class SafeZip:
    """A read-only ZIP whose members are inflated with size limits enforced."""

    def __init__(self, data: bytes):
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise ExtractionError(
                "corrupt_file", f"the ZIP container is damaged or truncated ({exc}). / 文件已损坏或不完整。"
            ) from exc
        declared = sum(i.file_size for i in infos)
        if declared > MAX_TOTAL_BYTES:
            raise _bomb(f"its parts declare {declared} bytes uncompressed")
        self._read_total = 0
        self.names = [i.filename for i in infos]
        self._name_set = frozenset(self.names)

    def read(self, member: str) -> bytes:
        """Inflate one member, stopping as soon as it passes the limits."""
        try:
            info = self._zip.getinfo(member)
            with self._zip.open(info) as stream:
                chunks, size = [], 0
                while True:
                    chunk = stream.read(1 << 20)
                    if not chunk:
                        break
                    size += len(chunk)
                    self._read_total += len(chunk)
                    if size > MAX_MEMBER_BYTES or self._read_total > MAX_TOTAL_BYTES:
                        raise _bomb(f"part {member} inflates past {MAX_MEMBER_BYTES} bytes")
                    if size > 1 << 20 and size > MAX_RATIO * max(info.compress_size, 1):
                        raise _bomb(f"part {member} inflates over {MAX_RATIO} times its stored size")
                    chunks.append(chunk)
                return b"".join(chunks)
        except KeyError:
            raise
        except ExtractionError:
            raise
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as exc:
            raise ExtractionError(
                "corrupt_file", f"part {member} of the ZIP container cannot be read ({exc}). / 文件部分内容损坏。"
            ) from exc

    def __contains__(self, member: str) -> bool:
        return member in self._name_set  # a set: OFD files have a part per page


def _bomb(detail: str) -> ExtractionError:
    return ExtractionError(
        "too_large",
        f"the file looks like a zip bomb: {detail}; it was not unpacked. / 文件解压后过大(疑似压缩炸弹),已拒绝处理。",
    )
