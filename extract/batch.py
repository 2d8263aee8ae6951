"""Convert many files: find the inputs, convert each in a guarded worker process, and write
one record (or error record) per input, atomically, as results arrive.

Why worker processes: a loader stuck in C code (pdfium, lxml, zlib) cannot be interrupted
from Python, so each file runs in a child process that the parent kills when it overruns
`timeout` (the file gets a `timeout` error record and a fresh worker takes its place). Each
child also has its own address-space limit, so one huge file ends as a `too_large` error
record instead of taking the machine down, and each child is replaced after
TASKS_PER_WORKER files so that memory held by caches and fragmentation cannot grow without
bound. Only the parent writes outputs.

The same conversion is offered as an iterator (`iter_records`) for callers who want records
without files, and as plain functions (`convert_one`, `convert_bytes`) for engines that
bring their own parallelism (Dask, Ray, Spark): see docs/export.md.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import multiprocessing
import os
import signal
import stat
import sys
import tempfile
import time
import warnings
from collections import Counter, deque
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO, Iterable, Iterator, Optional, TextIO, Union

import regex

from extract.errors import ExtractionError, OutputError
from extract.load import READ_EXTENSIONS
from extract.load import ocr

if TYPE_CHECKING:
    from schemas import DocumentRecord, ErrorRecord

RECORD_SUFFIX = ".json"
ERROR_SUFFIX = ".error.json"

DEFAULT_TIMEOUT = 300.0
"""Seconds one file may take; real plans take well under a few seconds each."""
DEFAULT_MAX_MEMORY_MB = 4096
"""Address space one worker may use; the largest real plans need a few hundred MB."""
TASKS_PER_WORKER = 200
"""A fresh worker costs about 2 s (jieba dictionaries), so it is replaced only now and then."""
UNHEALTHY_ERRORS = frozenset({"too_large", "internal"})
"""After these a worker may hold fragmented memory or broken state, so it is replaced."""

WORKER_READY = "ready"
PAGE_READ = "page"
"""Sent by a worker for each page it OCRs: `timeout` then bounds each page of a scan, not the
whole file (OCR takes ~10 s a page)."""
WORKER_START_TIMEOUT = 120.0
"""Seconds a new worker may take to start (the first one starts the fork server, which
imports the pipeline)."""

TEMP_MARK = "zhenggai-"
"""Temp files are named `.<target>.zhenggai-<pid>-<random>.tmp`, so a later run can tell a
dead run's leftovers (the pid is gone) from a live run's files."""
_STALE_TEMP = regex.compile(r"^\..{1,4096}\." + TEMP_MARK + r"(\d{1,10})-[^.]{1,64}\.tmp$")

log = logging.getLogger(__name__)


# --- inputs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchInput:
    path: Path
    """The input as found: its real name, even one that is not UTF-8 (surrogate-escaped)."""
    relative: Path
    """Where its output goes under OUT, before the .json / .error.json suffix: a safe name
    (see safe_relative), so any name the file system allows has an output."""
    root: Optional[Path] = None
    """The folder it was found under; None for a file named on the command line."""
    data: Optional[bytes] = field(default=None, repr=False, compare=False)
    """The bytes of standard input (`-`), read by the parent; None for files."""


@dataclass
class InputScan:
    inputs: list[BatchInput] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    """(path, why) for what a folder walk passed over: other formats, hidden files, pipes,
    devices, broken or looping links, linked folders (not followed)."""


def find_inputs(paths: Iterable[str | os.PathLike]) -> list[BatchInput]:
    """The inputs of scan_inputs, without what was skipped."""
    return scan_inputs(paths).inputs


def scan_inputs(paths: Iterable[str | os.PathLike], stdin: Optional[BinaryIO] = None) -> InputScan:
    """Files named directly, and files under folders (recursively, by suffix,
    case-insensitive), each once, in a stable order. A named path that is missing, a pipe or
    a device is kept, so that it gets an error record like any other unreadable input; `-`
    is standard input, read here (up to the input limit)."""
    scan = InputScan()
    seen: set[tuple[str, Path]] = set()

    def add(item: BatchInput) -> None:
        key = (os.path.realpath(item.path), item.relative)  # realpath: a link loop must not raise
        if key not in seen:
            seen.add(key)
            scan.inputs.append(item)

    for raw in paths:
        if str(raw) == STDIN:
            from extract.pipeline import read_capped  # over the limit, the loader says too_large

            data = read_capped(stdin or sys.stdin.buffer)
            scan.inputs.append(BatchInput(Path(STDIN), Path(STDIN_NAME), data=data))
            continue
        root = Path(raw)
        if not root.is_dir():
            add(BatchInput(root, safe_relative(Path(root.name or str(root)))))
            continue
        for folder, subfolders, files in os.walk(root, onerror=_report_unlistable):
            subfolders.sort()
            for name in list(subfolders):
                why = _folder_skip_reason(Path(folder, name))
                if why:
                    scan.skipped.append((Path(folder, name), why))
                    if why == LINKED_FOLDER:
                        subfolders.remove(name)
            for name in sorted(files):
                path = Path(folder, name)
                why = _file_skip_reason(path)
                if why:
                    scan.skipped.append((path, why))
                else:
                    add(BatchInput(path, safe_relative(path.relative_to(root)), root))
    return scan


STDIN = "-"
STDIN_NAME = "stdin"
LINKED_FOLDER = "a link to a folder (not followed)"
NOT_READ_FORMAT = "not a format zhenggai reads"
WALKED_SUFFIXES = READ_EXTENSIONS
"""What a folder walk converts: the documents zhenggai reads. A file named on the command
line is converted whatever its name (the format is read from the bytes)."""


def _file_skip_reason(path: Path) -> Optional[str]:
    """Why a walk passes over this file, or None to convert it. Only regular files are read:
    a pipe would block the worker and a device never ends."""
    if path.name.startswith((".", "~$")):
        return "a hidden file or an Office lock file"
    if path.suffix.lower() not in WALKED_SUFFIXES:
        return NOT_READ_FORMAT
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"a broken or looping link ({exc.strerror})" if path.is_symlink() else f"cannot be read ({exc.strerror})"
    if stat.S_ISDIR(mode):
        return LINKED_FOLDER
    return None if stat.S_ISREG(mode) else "not a regular file (a pipe, device or socket)"


def _folder_skip_reason(path: Path) -> Optional[str]:
    if path.is_symlink():
        return LINKED_FOLDER
    if path.suffix.lower() in WALKED_SUFFIXES:
        return "a folder named like a document (its files are walked)"
    return None


def _report_unlistable(error: OSError) -> None:
    log.warning("cannot list folder %s (%s); its files are skipped", error.filename, error.strerror)


MAX_OUTPUT_NAME_BYTES = 200
"""An output file name (with `.error.json`) stays under this many bytes, so that it and its
temp name (which adds about 40) fit the 255 bytes file systems allow."""
_NAME_HASH_CHARS = 10
_UNSAFE_NAME_CHARS = regex.compile(r"[\x00-\x1f\x7f\ufffd\p{Cs}]")


def safe_relative(relative: Path) -> Path:
    """The output path for an input's relative path: each part as it is when it is UTF-8,
    printable and short enough, else a readable prefix plus a short hash of the real name
    (`<prefix>~<hash><suffix>`), so that two different names never share an output."""
    parts = relative.parts
    room = MAX_OUTPUT_NAME_BYTES - len(ERROR_SUFFIX)
    return Path(*[safe_name(p, room) for p in parts[:-1]], safe_name(parts[-1], room, keep_suffix=True))


def safe_name(name: str, room: int, keep_suffix: bool = False) -> str:
    raw = os.fsencode(name)
    readable = _UNSAFE_NAME_CHARS.sub("_", _readable_name(raw))
    if readable == name and len(raw) <= room:
        return name
    suffix = ""
    if keep_suffix:
        suffix = Path(readable).suffix
        suffix = suffix if 1 < len(suffix.encode()) <= 10 else ""
    stem = readable[: len(readable) - len(suffix)] if suffix else readable
    tail = f"~{hashlib.sha256(raw).hexdigest()[:_NAME_HASH_CHARS]}{suffix}"
    budget = room - len(tail.encode())
    prefix = stem.encode()[:budget].decode("utf-8", "ignore")  # cut on a character boundary
    return prefix + tail


def _readable_name(raw: bytes) -> str:
    """A name's bytes as text: UTF-8, else GB18030 (names from Chinese Windows, e.g. in old
    zip archives), else UTF-8 with the odd bytes replaced."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    return raw.decode("utf-8", "replace")


def output_collisions(inputs: list[BatchInput]) -> list[tuple[Path, BatchInput, BatchInput]]:
    """(output, first input, second input) for different inputs that would write the same
    output: two lone files of one name, or two folders holding the same relative path."""
    first: dict[Path, BatchInput] = {}
    clashes = []
    for item in inputs:
        earlier = first.setdefault(item.relative, item)
        if earlier.path != item.path:
            clashes.append((item.relative, earlier, item))
    return clashes


# --- converting one input, in this process -----------------------------------------------


AnyRecord = Union["DocumentRecord", "ErrorRecord"]


def convert_bytes(data: bytes, name: str, path: Optional[str] = None, with_text: bool = False) -> AnyRecord:
    """The record of one document, or its error record: never raises (but for
    KeyboardInterrupt), so one bad file cannot stop whatever loop calls it."""
    from extract.pipeline import describe_source, error_record, extract_bytes

    try:
        return extract_bytes(data, name, path=path, with_text=with_text)
    except ExtractionError as error:
        failure = error
    except MemoryError:
        failure = _out_of_memory(name)
    except RecursionError:
        failure = ExtractionError(
            "corrupt_file",
            f"{name}: the file's structure is nested too deeply to read; it is damaged or hostile. "
            "/ 文件结构嵌套过深,文件可能已损坏。",
        )
    except Exception as exc:  # noqa: BLE001 - a bug on one file must not stop a batch
        failure = ExtractionError(
            "internal",
            f"{name}: zhenggai failed on this file ({type(exc).__name__}: {str(exc)[:300]}); "
            "please report it with the file. / 程序内部错误,请附上文件报告问题。",
        )
    return error_record(describe_source(data, name, path), failure)


def convert_one(path: str | os.PathLike, with_text: bool = False) -> AnyRecord:
    """Read one file and convert it (convert_bytes); a file that cannot be read, or is a
    pipe or a device (never read: it could block or never end), gives an error record."""
    from extract.pipeline import error_record, read_file

    path = Path(path)
    try:
        _refuse_special_file(path)
        data = read_file(path)
    except ExtractionError as error:
        return error_record(_file_source(path), error)
    return convert_bytes(data, path.name, str(path), with_text)


def _refuse_special_file(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # read_file says why
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise ExtractionError(
            "not_found",
            f"{path}: is a pipe, device or socket, not a file; to convert a stream, pipe it to "
            "`zhenggai extract -`. / 这不是普通文件;如需转换数据流,请通过管道传给 `zhenggai extract -`。",
        )


def _out_of_memory(name: str) -> ExtractionError:
    return ExtractionError(
        "too_large",
        f"{name}: converting this file needs more memory than a worker may use (--max-memory); "
        "split the file or raise the limit. / 文件过大,超出内存上限(--max-memory),请拆分文件或提高上限。",
    )


def is_error_record(record: dict | AnyRecord) -> bool:
    return "error" in record if isinstance(record, dict) else hasattr(record, "error")


def as_model(record: dict) -> AnyRecord:
    """A record dict (as written to JSON) as its pydantic model."""
    from schemas import DocumentRecord, ErrorRecord

    return (ErrorRecord if is_error_record(record) else DocumentRecord).model_validate(record)


def _error_dict(source, error: ExtractionError) -> dict:
    from extract.pipeline import error_record

    return error_record(source, error).model_dump(mode="json")


def _file_source(path: Path):
    """What the error record can say about a file known only by its path."""
    from schemas import Source

    digest, size = file_digest(path)
    return Source(path=str(path), name=path.name, sha256=digest, size=size)


def _input_source(path: Path, data: Optional[bytes]):
    """What an error record made by the batch (not the pipeline) says about its input."""
    from extract.pipeline import describe_source

    return _file_source(path) if data is None else describe_source(data, STDIN_NAME, STDIN)


def file_digest(path: Path) -> tuple[Optional[str], Optional[int]]:
    """(sha256, size) of a regular file, read in chunks; (None, None) for anything else
    (a pipe must not be read twice, a missing file has neither)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None, None
        digest, size = hashlib.sha256(), 0
        with open(path, "rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
        return digest.hexdigest(), size
    except OSError:
        return None, None


# --- worker processes --------------------------------------------------------------------


def default_workers() -> int:
    """The CPUs this process may run on (a container's share, not the host's)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _process_context(start_method: Optional[str] = None):
    """forkserver where the platform has it: workers start fast (forked from a server that
    has already imported the pipeline and loaded jieba's dictionary) and never inherit the
    caller's threads or locks. A caller that knows it is single-threaded and converts one
    file may ask for plain fork, which saves starting the server."""
    if start_method in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context(start_method)
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["extract.pipeline", "extract.warm"])
        return context
    return multiprocessing.get_context("spawn")


class WorkerStartError(RuntimeError):
    """Worker processes die before converting anything: a setup problem, not a file's."""


def _serve(connection, with_text: bool, max_memory_mb: Optional[int]) -> None:
    """A worker: convert the inputs the parent sends, one at a time, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # libraries' complaints about a damaged file (pdfminer logs one per glyph) would bury the
    # progress bar; what matters about a file is in its record's warnings or error
    logging.disable(logging.WARNING)
    warnings.simplefilter("ignore")
    _limit_address_space(max_memory_mb)
    ocr.page_listener = lambda: connection.send(PAGE_READ)
    try:
        connection.send(WORKER_READY)
        while (message := connection.recv()) is not None:
            path, data = message
            try:
                record = _convert_for_parent(path, data, with_text)
            except MemoryError:
                # even the error record may not fit under the limit (a limit below what the
                # worker itself takes): lift it; the parent replaces this worker after too_large
                _lift_address_space_limit()
                record = _error_dict(_input_source(Path(path), data), _out_of_memory(Path(path).name))
            connection.send(record)
    except (EOFError, OSError):  # the parent is gone
        return


def _convert_for_parent(path: str, data: Optional[bytes], with_text: bool) -> dict:
    record = convert_bytes(data, STDIN_NAME, STDIN, with_text) if data is not None else convert_one(path, with_text)
    return record.model_dump(mode="json")


def _limit_address_space(max_memory_mb: Optional[int]) -> None:
    if not max_memory_mb:
        return
    try:
        import resource
    except ImportError:  # Windows: no per-process limit
        return
    limit = max_memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _lift_address_space_limit() -> None:
    """Back to the hard limit, so that a worker out of memory can still report it."""
    try:
        import resource
    except ImportError:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


class _Worker:
    """One child process and the input it is converting, if any."""

    def __init__(self, context, with_text: bool, max_memory_mb: Optional[int]):
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=_serve, args=(child_end, with_text, max_memory_mb), daemon=True)
        self.process.start()
        child_end.close()
        if not self._started():
            self.kill()
            raise WorkerStartError(
                "zhenggai could not start its worker processes (see the error above). A script that calls "
                "iter_records must run it under `if __name__ == \"__main__\":`, as multiprocessing requires."
            )
        self.item: Optional[BatchInput] = None
        self.started = 0.0
        self.converted = 0

    def _started(self) -> bool:
        try:
            return self.connection.poll(WORKER_START_TIMEOUT) and self.connection.recv() == WORKER_READY
        except (EOFError, OSError):
            return False

    def give(self, item: BatchInput) -> None:
        self.connection.send((str(item.path), item.data))
        self.item, self.started = item, time.monotonic()

    def take(self) -> Optional[dict]:
        """The finished record, or None if the process died without sending one."""
        try:
            record = self.connection.recv()
        except (EOFError, OSError):
            return None
        if record == PAGE_READ:  # a scan's page was OCR'd: the file is moving, its clock restarts
            self.started = time.monotonic()
            return record
        self.item = None
        self.converted += 1
        return record

    def stop(self) -> None:
        try:
            self.connection.send(None)
        except OSError:
            pass
        self.process.join(timeout=1)
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


def iter_results(
    inputs: Iterable[BatchInput],
    workers: int = 1,
    with_text: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    max_memory_mb: Optional[int] = DEFAULT_MAX_MEMORY_MB,
    start_method: Optional[str] = None,
) -> Iterator[tuple[BatchInput, dict]]:
    """Convert inputs in `workers` guarded processes; yield (input, record or error record)
    in the order they finish. Closing the iterator early stops the workers."""
    if workers < 1 or timeout <= 0:
        raise ValueError("workers must be at least 1 and timeout more than 0")
    pending = deque(inputs)
    context = _process_context(start_method)
    idle: list[_Worker] = []
    busy: list[_Worker] = []
    try:
        while pending or busy:
            while pending and len(busy) < workers:
                worker = _idle_worker(idle) or _Worker(context, with_text, max_memory_mb)
                worker.give(pending.popleft())
                busy.append(worker)
            nearest = min(w.started for w in busy) + timeout
            ready = set(wait([w.connection for w in busy], timeout=max(0.0, nearest - time.monotonic())))
            finished: list[tuple[BatchInput, dict]] = []
            for worker in list(busy):
                item = worker.item
                if worker.connection in ready:
                    record = worker.take()
                    if record == PAGE_READ:
                        continue
                    if record is None:
                        worker.kill()
                        finished.append((item, _crash_record(item, worker.process.exitcode)))
                    else:
                        finished.append((item, record))
                        healthy = record.get("error", {}).get("type") not in UNHEALTHY_ERRORS
                        if healthy and worker.converted < TASKS_PER_WORKER:
                            idle.append(worker)
                        else:
                            worker.stop()
                    busy.remove(worker)
                elif time.monotonic() - worker.started > timeout:
                    worker.kill()
                    busy.remove(worker)
                    finished.append((item, _timeout_record(item, timeout)))
            yield from finished
    finally:
        for worker in busy:
            worker.kill()
        for worker in idle:
            worker.stop()


def _idle_worker(idle: list[_Worker]) -> Optional[_Worker]:
    """A waiting worker that is still alive (the kernel may have killed one while it waited)."""
    while idle:
        worker = idle.pop()
        if worker.process.is_alive():
            return worker
        worker.kill()
    return None


def _timeout_record(item: BatchInput, timeout: float) -> dict:
    return _error_dict(
        _input_source(item.path, item.data),
        ExtractionError(
            "timeout",
            f"{item.path.name}: converting took longer than {timeout:g} s and was stopped; the file may be "
            "damaged or unusually large. Retry it alone with a larger --timeout, or report it with the file. "
            f"/ 处理超过 {timeout:g} 秒被终止,文件可能已损坏或过大;可单独用更大的 --timeout 重试,或附上文件报告问题。",
        ),
    )


def _crash_record(item: BatchInput, exitcode: Optional[int]) -> dict:
    how = f"signal {-exitcode}" if exitcode is not None and exitcode < 0 else f"exit code {exitcode}"
    return _error_dict(
        _input_source(item.path, item.data),
        ExtractionError(
            "internal",
            f"{item.path.name}: the converter process died while reading this file ({how}), most likely in a "
            "library reading a damaged file or out of memory; please report it with the file. "
            "/ 转换进程在处理该文件时崩溃(文件损坏或内存不足),请附上文件报告问题。",
        ),
    )


def iter_records(
    paths: Iterable[str | os.PathLike],
    workers: int = 1,
    with_text: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    max_memory_mb: Optional[int] = DEFAULT_MAX_MEMORY_MB,
) -> Iterator[tuple[Path, AnyRecord]]:
    """The batch without files: yield (input path, DocumentRecord or ErrorRecord) for every
    input found under `paths`, in the order they finish."""
    for item, record in iter_results(find_inputs(paths), workers, with_text, timeout, max_memory_mb):
        yield item.path, as_model(record)


# --- writing outputs ---------------------------------------------------------------------


_LONE_SURROGATE = regex.compile(r"\p{Cs}")


def to_json(record: dict | AnyRecord, indent: Optional[int] = None) -> str:
    """The record as JSON text (Chinese as itself). A name that is not UTF-8 (held as lone
    surrogates, as Python decodes file names) is written as `\\udcXX` escapes, so every
    output is valid UTF-8 and json.loads gives back the exact name (os.fsencode: its bytes)."""
    if not isinstance(record, dict):
        record = record.model_dump(mode="json")
    text = json.dumps(record, ensure_ascii=False, indent=indent)
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def output_path(out: Path, item: BatchInput, record: dict | AnyRecord) -> Path:
    return out / (str(item.relative) + (ERROR_SUFFIX if is_error_record(record) else RECORD_SUFFIX))


def write_record(out: Path, item: BatchInput, record: dict | AnyRecord) -> Path:
    """Write the record (a model, or its JSON dict) atomically; it replaces a stale output of
    the other kind (a record for an input that used to fail, or an error record for one that
    used to convert). OutputError when the output cannot be written."""
    target = output_path(out, item, record)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_json_file(target, record)
        other = out / (str(item.relative) + (RECORD_SUFFIX if is_error_record(record) else ERROR_SUFFIX))
        other.unlink(missing_ok=True)
    except OSError as exc:
        raise output_error(target, exc) from exc
    return target


def write_json_file(target: Path, record: dict | AnyRecord) -> None:
    with atomic_output(target) as stream:
        stream.write(to_json(record, indent=1) + "\n")


def output_error(target: Path, exc: OSError) -> OutputError:
    return OutputError(f"cannot write {exc.filename or target} ({exc.strerror or exc})")


def check_output_folder(out: Path) -> None:
    """Before any work: OUT is (or can be made) a folder we can write in; OutputError if not."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"cannot write in {out}: it is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        handle, probe = _temp_beside(out / "probe")
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        raise output_error(out, exc) from exc


def check_output_file(target: Path) -> None:
    """Before any work: `target` can be written as a file (its folder exists or can be made,
    and takes new files); OutputError if not."""
    if target.is_dir():
        raise OutputError(f"{target} is a folder; give a file name")
    check_output_folder(target.parent)
    if target.exists() and not os.access(target, os.W_OK):
        raise OutputError(f"cannot write {target} (permission denied)")


@contextmanager
def atomic_output(target: Path, encoding: str = "utf-8", newline: Optional[str] = None):
    """A text stream to a temp file beside `target`; on success it is fsynced and renamed over
    `target`, so readers (and --resume) see the old file or the whole new one, never a part."""
    with atomic_path(target) as temp:
        with open(temp, "w", encoding=encoding, newline=newline) as stream:
            yield stream


@contextmanager
def atomic_path(target: Path):
    """A temp path beside `target` for writers that need a path, not a stream (sqlite,
    parquet); fsynced and renamed over `target` on success, removed on failure."""
    handle, temp = _temp_beside(target)
    os.close(handle)
    try:
        yield Path(temp)
        with open(temp, "rb+") as stream:
            os.fsync(stream.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)


def _temp_beside(target: Path) -> tuple[int, str]:
    """A new temp file in the target's folder (so the rename is atomic), with the permissions
    an ordinary new file gets rather than mkstemp's owner-only ones."""
    name = target.name.encode()[:MAX_OUTPUT_NAME_BYTES].decode("utf-8", "ignore") if target.name.isprintable() else "out"
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{name}.{TEMP_MARK}{os.getpid()}-", suffix=".tmp")
    if os.name != "nt":
        os.fchmod(handle, 0o666 & ~_umask())
    return handle, temp


@functools.lru_cache(maxsize=1)
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open folders)."""
    if os.name == "nt":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def clean_stale_temps(folder: Path) -> int:
    """Delete temp files left under `folder` by runs that were killed; return how many."""
    removed = 0
    for parent, _, files in os.walk(folder):
        for name in files:
            match = _STALE_TEMP.match(name)
            if match and not _process_alive(int(match.group(1))):
                Path(parent, name).unlink(missing_ok=True)
                removed += 1
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # os.kill(pid, 0) is not a probe on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def finished_output(out: Path, item: BatchInput, with_text: bool) -> Optional[dict]:
    """The output a previous run wrote for this input, if --resume may trust it: the only
    output for the input, of this schema version and --with-text setting, for the input's
    current bytes (same size and sha256)."""
    from schemas import SCHEMA_VERSION

    written = [p for p in (out / (str(item.relative) + s) for s in (RECORD_SUFFIX, ERROR_SUFFIX)) if p.exists()]
    if len(written) != 1:
        return None
    try:
        record = json.loads(written[0].read_text(encoding="utf-8"))
        source = record["source"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if record.get("schema_version") != SCHEMA_VERSION or source.get("sha256") is None:
        return None
    if not is_error_record(record) and (record.get("text") is not None) != with_text:
        return None
    try:
        if item.path.stat().st_size != source.get("size"):
            return None
    except OSError:
        return None
    digest, _ = file_digest(item.path)
    return record if digest == source["sha256"] else None


# --- the batch ---------------------------------------------------------------------------


@dataclass
class BatchSummary:
    total: int
    converted: int = 0
    failed: Counter = field(default_factory=Counter)
    resumed: int = 0
    """Inputs skipped because --resume found their output; counted in converted/failed too."""
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    """What the folder walk passed over (InputScan.skipped)."""
    stopped: Optional[str] = None
    """Why the run stopped before the end: an output could not be written."""
    started: float = field(default_factory=time.monotonic)

    @property
    def failures(self) -> int:
        return sum(self.failed.values())

    @property
    def done(self) -> int:
        return self.converted + self.failures

    failed_inputs: list[tuple[Path, str]] = field(default_factory=list)
    """(input, error type) of every failure, for -v."""

    def count(self, record: dict, item: Optional[BatchInput] = None) -> None:
        if is_error_record(record):
            self.failed[record["error"]["type"]] += 1
            if item is not None:
                self.failed_inputs.append((item.path, record["error"]["type"]))
        else:
            self.converted += 1

    def rate(self) -> float:
        """Files per second converted by this run (resumed files cost nothing)."""
        elapsed = time.monotonic() - self.started
        return (self.done - self.resumed) / elapsed if elapsed > 0 else 0.0

    def describe(self) -> str:
        failed = ", ".join(f"{kind} {n}" for kind, n in sorted(self.failed.items()))
        parts = [f"{self.converted} converted", f"{self.failures} failed" + (f" ({failed})" if failed else "")]
        if self.resumed:
            parts.append(f"{self.resumed} already done (--resume)")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped (-v lists them)")
        if self.stopped:
            parts.append(f"{self.total - self.done} not done")
        elapsed = time.monotonic() - self.started
        return f"zhenggai: {', '.join(parts)}; {elapsed:.1f} s, {self.rate():.2f} files/s"

    def describe_details(self) -> list[str]:
        """For -v: every failure, then what was skipped: files of other formats counted by
        extension, anything odder one by one."""
        by_suffix: Counter = Counter()
        odd = []
        for path, why in self.skipped:
            if why == NOT_READ_FORMAT:
                by_suffix[path.suffix.lower() or "(no extension)"] += 1
            else:
                odd.append(f"zhenggai: skipped {path}: {why}")
        lines = [f"zhenggai: failed {path}: {kind}" for path, kind in self.failed_inputs]
        if by_suffix:
            counts = ", ".join(f"{suffix} {n}" for suffix, n in by_suffix.most_common())
            lines.append(f"zhenggai: skipped files of other formats: {counts}")
        return lines + odd


class Progress:
    """A one-line bar redrawn on a terminal; silent when the stream is not a terminal, so
    logs and pipes get only the closing summary."""

    WIDTH = 24
    INTERVAL = 0.1

    def __init__(self, summary: BatchSummary, stream: TextIO):
        self.summary = summary
        self.stream = stream
        self.enabled = stream.isatty()
        self.drawn_at = 0.0
        self.drawn_width = 0

    def update(self, final: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not final and now - self.drawn_at < self.INTERVAL):
            return
        self.drawn_at = now
        s = self.summary
        filled = self.WIDTH * s.done // max(s.total, 1)
        line = (
            f"[{'#' * filled}{'-' * (self.WIDTH - filled)}] {s.done}/{s.total} done, "
            f"{s.failures} failed, {s.rate():.1f} files/s"
        )
        # padded to the last line's width, so no tail of a longer line stays on screen
        self.stream.write("\r" + line.ljust(self.drawn_width) + ("\n" if final else ""))
        self.stream.flush()
        self.drawn_width = len(line)


def run_batch(
    inputs: list[BatchInput],
    out: Path,
    resume: bool = False,
    progress_stream: Optional[IO] = None,
    **conversion,
) -> BatchSummary:
    """Convert every input to OUT (one file each); `conversion` is iter_results' workers,
    with_text, timeout and max_memory_mb. With `resume`, inputs whose output is already there
    for the same bytes are counted, not converted again. When an output cannot be written the
    run stops, keeping what it wrote, and says so in `summary.stopped`."""
    check_output_folder(out)
    clean_stale_temps(out)
    summary = BatchSummary(total=len(inputs))
    todo = []
    for item in inputs:
        done = resume and item.data is None
        record = finished_output(out, item, conversion.get("with_text", False)) if done else None
        if record is None:
            todo.append(item)
        else:
            summary.count(record, item)
            summary.resumed += 1
    return _convert_all(todo, lambda item, record: write_record(out, item, record), summary, progress_stream,
                        conversion)


def stream_batch(
    inputs: list[BatchInput], stream: TextIO, progress_stream: Optional[IO] = None, **conversion
) -> BatchSummary:
    """Convert every input and write each record as one line of JSON (JSON Lines) to
    `stream`, in the order they finish; flushed per record, so a reader sees each at once.
    `conversion` as for run_batch."""

    def write(item: BatchInput, record: dict) -> None:
        try:
            stream.write(to_json(record) + "\n")
            stream.flush()
        except BrokenPipeError:  # the reader is gone: the caller decides
            raise
        except OSError as exc:
            raise output_error(Path(getattr(stream, "name", "output")), exc) from exc

    return _convert_all(inputs, write, BatchSummary(total=len(inputs)), progress_stream, conversion)


def _convert_all(todo, write, summary: BatchSummary, progress_stream: Optional[IO], conversion: dict) -> BatchSummary:
    progress = Progress(summary, progress_stream or sys.stderr)
    progress.update()  # at once: the first results take the workers' start-up time
    with closing(iter_results(todo, **conversion)) as results:
        for item, record in results:
            try:
                write(item, record)
            except OutputError as error:
                summary.stopped = str(error)
                break
            summary.count(record, item)
            progress.update()
    progress.update(final=True)
    return summary
