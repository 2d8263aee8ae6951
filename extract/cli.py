"""The `zhenggai` command line; docs/cli.md describes it, docs/CONTRACT.md is the record's contract.

Exit codes, for every command: 0 done, 1 some inputs failed (each has an error record),
2 usage error, 3 an output cannot be written (checked before any work; a run that loses its
output midway stops and keeps what it wrote), 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import textwrap
from pathlib import Path
from typing import Optional

from extract import __version__
from extract.batch import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT, STDIN
from extract.errors import OutputError
from extract.export import EXPORT_FORMATS

# subcommands with a parser of their own in their module: the arguments go there whole
FORWARDED = {"eval": "extract.evaluate", "report": "extract.report"}

EXIT_FAILED, EXIT_USAGE, EXIT_OUTPUT, EXIT_INTERRUPTED = 1, 2, 3, 130
EXIT_CODES = """exit codes:
  0  done
  1  some inputs failed (each has an error record saying why)
  2  usage error
  3  an output cannot be written (nothing is converted; a run that loses its output midway
     stops and keeps what it wrote, and --resume finishes it)"""

DOCS = "Documentation: docs/cli.md (commands), docs/CONTRACT.md (the record), docs/FORMAT.md (what each field holds)."

EXTRACT_EXAMPLES = """examples:
  zhenggai extract plan.pdf                      # the record to stdout
  zhenggai extract plan.pdf -o plan.json         # the record to a file
  zhenggai extract plans/ -o records/            # a folder: one .json (or .error.json) per input
  zhenggai extract plans/ -o records/ --resume   # go on after an interruption
  zhenggai extract plans/ --jsonl > records.jsonl
  curl -s URL | zhenggai extract -               # standard input

Folders are walked for .doc .docx .wps .pdf .ofd .rtf .mht .mhtml .html .htm .shtml .xhtml
.txt and scans (.png .jpg .jpeg .tif .tiff); other files are skipped and counted (-v lists
them). A file named on the command line is read whatever its name."""


def main(argv: Optional[list[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in FORWARDED:
        return importlib.import_module(FORWARDED[argv[0]]).main(argv[1:])
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code not in (0, None) else 0
    if args.command == "schema":
        from schemas import document_json_schema

        try:
            _write_stdout(json.dumps(document_json_schema(), ensure_ascii=False, indent=2) + "\n")
        except OutputError as error:
            print(f"zhenggai: {error}", file=sys.stderr)
            return EXIT_OUTPUT
        return 0
    if args.command == "export":
        return _export(args)
    try:
        return _extract(args)
    except KeyboardInterrupt:
        where = (f"what is written in {args.out} is whole, and --resume goes on from it"
                 if _output_mode(args) == "folder" else "nothing more is written")
        print(f"\nzhenggai: interrupted; {where}", file=sys.stderr)
        return EXIT_INTERRUPTED


def _parser() -> argparse.ArgumentParser:
    def command(name: str, summary: str, description: str, examples: str, **kwargs) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=summary, description=textwrap.fill(description, 80), epilog=examples,
                                   formatter_class=argparse.RawDescriptionHelpFormatter, **kwargs)

    parser = argparse.ArgumentParser(
        prog="zhenggai",
        description=textwrap.fill(
            "Turn Chinese rectification plans (整改方案) and related texts in DOC, DOCX, WPS, PDF, OFD, RTF, MHT, "
            "HTML and TXT into JSON records: outline, tasks, deadlines, units, indicators and metadata, each "
            "value with its span and page.", 80),
        epilog=f"Run `zhenggai COMMAND --help` for a command's options and examples.\n\n{EXIT_CODES}\n\n{DOCS}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"zhenggai {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    extract = command(
        "extract", "convert files or folders to JSON records",
        "Convert documents to JSON records (docs/CONTRACT.md). Each file is converted in a guarded worker "
        "process: a file that fails, hangs or needs too much memory gets an error record, and the run goes on.",
        f"{EXTRACT_EXAMPLES}\n\n{EXIT_CODES}",
    )
    extract.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for standard input")
    extract.add_argument("-o", "--out", type=Path, metavar="OUT",
                         help="a folder (one JSON per input, made if missing); a name ending in .json writes the "
                              "one input's record to that file; a name ending in .jsonl writes JSON Lines there")
    extract.add_argument("--jsonl", action="store_true",
                         help="stream the records to stdout as JSON Lines, one per line, as they finish")
    extract.add_argument("--with-text", action="store_true", help="include the normalised text that spans index")
    extract.add_argument("--workers", type=int, metavar="N", help="worker processes (default: number of CPUs)")
    extract.add_argument("--resume", action="store_true", help="skip inputs whose output in OUT is for the same bytes")
    extract.add_argument("--timeout", type=float, metavar="SECONDS", default=DEFAULT_TIMEOUT,
                         help=f"stop a file after this long: a timeout error record (default {DEFAULT_TIMEOUT:g})")
    extract.add_argument("--max-memory", type=int, metavar="MB", default=DEFAULT_MAX_MEMORY_MB,
                         help=f"address space per worker; over it a file gets a too_large error record "
                              f"(default {DEFAULT_MAX_MEMORY_MB}, 0 for no limit)")
    _add_verbosity(extract)

    export = command(
        "export", "turn a folder of records into tables (jsonl, csv, parquet, sqlite)",
        "Write the records of a folder (zhenggai extract -o OUT) as joinable tables: documents, sections, "
        "tasks, task_items, deadlines, indicators, unit_lists, units, errors. Columns: docs/export.md.",
        "examples:\n"
        "  zhenggai export records/ --to csv -o tables/         # one CSV per table (UTF-8 with BOM, for Excel)\n"
        "  zhenggai export records/ --to sqlite -o plans.sqlite\n"
        "  zhenggai export records/ --to parquet                # -> records.parquet/ beside records/\n\n"
        + EXIT_CODES,
    )
    export.add_argument("records", type=Path, metavar="OUT", help="folder written by zhenggai extract -o OUT")
    export.add_argument("--to", required=True, choices=EXPORT_FORMATS)
    export.add_argument("-o", "--dest", type=Path, metavar="DEST",
                        help="folder of table files, or the database file for sqlite (default: OUT.<format>)")
    _add_verbosity(export)

    command("schema", "print the JSON Schema of the document record",
            "Print the JSON Schema (draft 2020-12) of the document record; docs/CONTRACT.md explains it.",
            "example:\n  zhenggai schema > record.schema.json")
    commands.add_parser("eval", add_help=False,
                        help="score records against gold: --gold DIR --pred DIR [--details] (see eval --help)")
    commands.add_parser("report", add_help=False,
                        help="review page of a plan, or overview of a record folder: PATH -o OUT.html "
                             "(see report --help)")
    return parser


def _add_verbosity(parser: argparse.ArgumentParser) -> None:
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="print only errors (no progress, no summary)")
    loudness.add_argument("-v", "--verbose", action="store_true",
                          help="also list what was skipped and every input that failed")


def _extract(args) -> int:
    from extract.batch import output_collisions, scan_inputs

    usage = _extract_usage_error(args)
    if usage:
        return _usage(usage)
    scan = scan_inputs(args.paths)
    inputs = scan.inputs
    if not inputs:
        return _usage(f"no input files found in {', '.join(map(str, args.paths))}"
                      + (f" ({len(scan.skipped)} files of other formats skipped)" if scan.skipped else ""))
    mode = _output_mode(args)
    named_one = len(args.paths) == 1 and (args.paths[0] == STDIN or not Path(args.paths[0]).is_dir())
    if mode in ("stdout", "file") and not (named_one and len(inputs) == 1):
        where = "-o OUT (a folder)" if mode == "file" else "-o OUT (a folder) or --jsonl"
        return _usage(f"{len(inputs)} inputs found: they need {where}" if len(inputs) > 1
                      else f"a folder's inputs need {where}")
    if mode == "folder":
        clashes = output_collisions(inputs)
        if clashes:
            return _usage(_collision_advice(*clashes[0]))
    limits = dict(with_text=args.with_text, timeout=args.timeout, max_memory_mb=args.max_memory or None)
    try:
        if mode in ("stdout", "file"):
            return _convert_alone(inputs[0], args.out, limits)
        return _convert_many(inputs, scan.skipped, mode, args, limits)
    except OutputError as error:
        print(f"zhenggai: {error}", file=sys.stderr)
        return EXIT_OUTPUT


def _output_mode(args) -> str:
    """stdout (one record), file (-o X.json), jsonl (--jsonl or -o X.jsonl) or folder."""
    if args.jsonl or (args.out is not None and args.out.suffix.lower() == ".jsonl" and not args.out.is_dir()):
        return "jsonl"
    if args.out is None:
        return "stdout"
    return "file" if args.out.suffix.lower() == ".json" and not args.out.is_dir() else "folder"


def _extract_usage_error(args) -> Optional[str]:
    if args.workers is not None and args.workers < 1:
        return "--workers must be at least 1"
    if args.timeout <= 0:
        return "--timeout must be more than 0 seconds"
    if args.max_memory < 0:
        return "--max-memory must be 0 (no limit) or more"
    if args.paths.count(STDIN) > 1:
        return "standard input (-) can be read only once"
    mode = _output_mode(args)
    if args.resume and mode != "folder":
        return "--resume needs -o OUT, a folder"
    if args.jsonl and args.out is not None and args.out.suffix.lower() != ".jsonl":
        return "--jsonl writes to stdout (or to -o FILE.jsonl), not to a folder"
    return None


def _collision_advice(relative: Path, first, second) -> str:
    target = f"{relative}.json"
    if first.root is None and second.root is None:
        return (f"{first.path} and {second.path} are both named {relative.name}, so both would write {target}; "
                "give their folders instead (outputs then keep the paths below them), or convert them "
                "into separate -o folders")
    return (f"{_described(first)} and {_described(second)} would both write {target}; "
            "convert them into separate -o folders")


def _described(item) -> str:
    return str(item.path) if item.root is None else f"{item.path} (found in {item.root})"


def _convert_alone(item, out: Optional[Path], limits: dict) -> int:
    """One input: its record (or error record) to stdout, or to the file -o names."""
    from extract.batch import check_output_file, iter_results, to_json, write_json_file

    if out is not None:
        check_output_file(out)
    # one file from a single-threaded CLI: a plain fork is safe and skips the fork server
    [(_, record)] = iter_results([item], workers=1, start_method="fork", **limits)
    if out is None:
        _write_stdout(to_json(record, indent=1) + "\n")
    else:
        try:
            write_json_file(out, record)
        except OSError as exc:
            from extract.batch import output_error

            raise output_error(out, exc) from exc
    if "error" in record:
        print(f"zhenggai: {record['error']['message']}", file=sys.stderr)
    return EXIT_FAILED if "error" in record else 0


def _write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `| head`: the reader has all it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as exc:  # a full disk behind `> file`
        raise OutputError(f"cannot write standard output ({exc.strerror or exc})") from exc


def _convert_many(inputs, skipped, mode: str, args, limits: dict) -> int:
    from extract.batch import atomic_output, check_output_file, default_workers, run_batch, stream_batch

    workers = min(args.workers or default_workers(), len(inputs))
    progress = open(os.devnull, "w") if args.quiet else sys.stderr
    try:
        if mode == "folder":
            summary = run_batch(inputs, args.out, workers=workers, resume=args.resume, progress_stream=progress,
                                **limits)
        elif args.out is None:
            summary = _stream_to_stdout(inputs, workers, progress, limits)
        else:
            check_output_file(args.out)
            try:
                with atomic_output(args.out) as stream:
                    summary = stream_batch(inputs, stream, workers=workers, progress_stream=progress, **limits)
            except OSError as exc:
                from extract.batch import output_error

                raise output_error(args.out, exc) from exc
    finally:
        if progress is not sys.stderr:
            progress.close()
    summary.skipped = skipped
    return _finish(summary, mode, args)


def _stream_to_stdout(inputs, workers: int, progress, limits: dict):
    from extract.batch import stream_batch

    try:
        return stream_batch(inputs, sys.stdout, workers=workers, progress_stream=progress, **limits)
    except BrokenPipeError:  # the reader stopped reading: stop converting, quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(0)


def _finish(summary, mode: str, args) -> int:
    if not args.quiet:
        print(summary.describe(), file=sys.stderr)
        if args.verbose:
            for line in summary.describe_details():
                print(line, file=sys.stderr)
    if summary.stopped:
        resume = "; what is written is whole, and --resume finishes the run" if mode == "folder" else ""
        print(f"zhenggai: stopped: {summary.stopped}{resume}", file=sys.stderr)
        return EXIT_OUTPUT
    if summary.failures and not args.quiet and mode == "folder":
        print(f"zhenggai: the reasons are in {args.out}/**/*.error.json", file=sys.stderr)
    return EXIT_FAILED if summary.failures else 0


def _export(args) -> int:
    from extract.export import MissingDependency, default_destination, export_records

    if not args.records.is_dir():
        return _usage(f"{args.records} is not a folder of records")
    dest = args.dest or default_destination(args.records, args.to)
    try:
        counts = export_records(args.records, args.to, dest)
    except MissingDependency as missing:
        return _usage(str(missing))
    except OutputError as error:
        print(f"zhenggai: {error}", file=sys.stderr)
        return EXIT_OUTPUT
    if not args.quiet:
        tables = ", ".join(f"{table} {n}" for table, n in counts.rows.items())
        print(f"zhenggai: {counts.documents} records, {counts.errors} error records -> {dest} ({tables})",
              file=sys.stderr)
        for problem in counts.skipped if args.verbose else counts.skipped[:10]:
            print(f"zhenggai: skipped {problem}", file=sys.stderr)
        if len(counts.skipped) > 10 and not args.verbose:
            print(f"zhenggai: … {len(counts.skipped) - 10} more skipped (-v lists them)", file=sys.stderr)
    return 0


def _usage(message: str) -> int:
    print(f"zhenggai: {message}", file=sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
