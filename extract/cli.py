"""The `zhenggai` command line (shared/CONTRACT.md)."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from pathlib import Path
from typing import Optional

from extract import __version__
from extract.batch import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT
from extract.export import EXPORT_FORMATS

# subcommands with a parser of their own in their module: the arguments go there whole
FORWARDED = {"eval": "extract.evaluate", "report": "extract.report"}


def main(argv: Optional[list[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in FORWARDED:
        return importlib.import_module(FORWARDED[argv[0]]).main(argv[1:])
    parser = argparse.ArgumentParser(prog="zhenggai", description="Chinese rectification plans to JSON records.")
    parser.add_argument("--version", action="version", version=f"zhenggai {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="convert files or folders to JSON records")
    extract.add_argument("paths", nargs="+", metavar="PATH")
    extract.add_argument("-o", "--out", type=Path, help="output folder (one JSON per input)")
    extract.add_argument("--with-text", action="store_true", help="include the normalised text that spans index")
    extract.add_argument("--workers", type=int, metavar="N", help="worker processes (default: number of CPUs)")
    extract.add_argument("--resume", action="store_true", help="skip inputs whose output in OUT is for the same bytes")
    extract.add_argument("--timeout", type=float, metavar="SECONDS", default=DEFAULT_TIMEOUT,
                         help=f"stop a file after this long: a timeout error record (default {DEFAULT_TIMEOUT:g})")
    extract.add_argument("--max-memory", type=int, metavar="MB", default=DEFAULT_MAX_MEMORY_MB,
                         help=f"address space per worker; over it a file gets a too_large error record "
                              f"(default {DEFAULT_MAX_MEMORY_MB}, 0 for no limit)")

    export = commands.add_parser("export", help="turn a folder of records into tables (jsonl, csv, parquet, sqlite)")
    export.add_argument("records", type=Path, metavar="OUT", help="folder written by zhenggai extract -o OUT")
    export.add_argument("--to", required=True, choices=EXPORT_FORMATS)
    export.add_argument("-o", "--dest", type=Path, metavar="DEST",
                        help="folder of table files, or the database file for sqlite (default: OUT.<format>)")

    commands.add_parser("schema", help="print the JSON Schema of the document record")

    commands.add_parser("eval", add_help=False, help="score records against gold: --gold DIR --pred DIR [--details]")
    commands.add_parser("report", add_help=False, help="review page of a plan, or overview of a record folder: PATH -o OUT.html")

    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return 2 if exit_.code not in (0, None) else 0
    if args.command == "schema":
        from schemas import document_json_schema

        print(json.dumps(document_json_schema(), ensure_ascii=False, indent=2))
        return 0
    if args.command == "export":
        return _export(args)
    return _extract(args)


def _extract(args) -> int:
    from extract.batch import find_inputs, output_collisions

    usage = _extract_usage_error(args)
    if usage:
        return _usage(usage)
    inputs = find_inputs(args.paths)
    if not inputs:
        return _usage("no input files found (.doc .docx .pdf .html .htm .txt .ofd)")
    if args.out is None and (len(args.paths) != 1 or Path(args.paths[0]).is_dir()):
        return _usage("several inputs need -o OUT")
    clashes = output_collisions(inputs)
    if clashes:
        relative, first, second = clashes[0]
        return _usage(f"{first} and {second} would both write {relative}.json; give their folders instead")
    limits = dict(with_text=args.with_text, timeout=args.timeout, max_memory_mb=args.max_memory or None)
    try:
        return _convert_to_stdout(inputs[0], limits) if args.out is None else _convert_to_folder(inputs, args, limits)
    except KeyboardInterrupt:
        where = f"what is written in {args.out} is whole, and --resume goes on from it" if args.out else "nothing written"
        print(f"\nzhenggai: interrupted; {where}", file=sys.stderr)
        return 130


def _convert_to_stdout(item, limits: dict) -> int:
    from extract.batch import iter_results

    # one file from a single-threaded CLI: a plain fork is safe and skips the fork server
    [(_, record)] = iter_results([item], workers=1, start_method="fork", **limits)
    try:
        json.dump(record, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:  # `| head`: the reader has all it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if "error" in record:
        print(f"zhenggai: {record['error']['message']}", file=sys.stderr)
    return 1 if "error" in record else 0


def _convert_to_folder(inputs, args, limits: dict) -> int:
    from extract.batch import default_workers, run_batch

    workers = min(args.workers or default_workers(), len(inputs))
    summary = run_batch(inputs, args.out, workers=workers, resume=args.resume, progress_stream=sys.stderr, **limits)
    print(summary.describe(), file=sys.stderr)
    if summary.failures:
        print(f"zhenggai: the reasons are in {args.out}/**/*.error.json", file=sys.stderr)
    return 1 if summary.failures else 0


def _extract_usage_error(args) -> Optional[str]:
    if args.workers is not None and args.workers < 1:
        return "--workers must be at least 1"
    if args.timeout <= 0:
        return "--timeout must be more than 0 seconds"
    if args.max_memory < 0:
        return "--max-memory must be 0 (no limit) or more"
    if args.resume and args.out is None:
        return "--resume needs -o OUT"
    if args.out is not None and args.out.exists() and not args.out.is_dir():
        return f"{args.out} is a file; -o needs a folder"
    return None


def _export(args) -> int:
    from extract.export import MissingDependency, default_destination, export_records

    if not args.records.is_dir():
        return _usage(f"{args.records} is not a folder of records")
    dest = args.dest or default_destination(args.records, args.to)
    try:
        counts = export_records(args.records, args.to, dest)
    except MissingDependency as missing:
        print(f"zhenggai: {missing}", file=sys.stderr)
        return 2
    tables = ", ".join(f"{table} {n}" for table, n in counts.rows.items())
    print(f"zhenggai: {counts.documents} records, {counts.errors} error records -> {dest} ({tables})", file=sys.stderr)
    for problem in counts.skipped:
        print(f"zhenggai: skipped {problem}", file=sys.stderr)
    return 0


def _usage(message: str) -> int:
    print(f"zhenggai: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
