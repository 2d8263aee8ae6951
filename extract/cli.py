"""The `zhenggai` command line (shared/CONTRACT.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional

from extract import __version__


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="zhenggai", description="Chinese rectification plans to JSON records.")
    parser.add_argument("--version", action="version", version=f"zhenggai {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="convert files or folders to JSON records")
    extract.add_argument("paths", nargs="+", metavar="PATH")
    extract.add_argument("-o", "--out", type=Path, help="output folder (one JSON per input)")
    extract.add_argument("--with-text", action="store_true", help="include the normalised text that spans index")

    commands.add_parser("schema", help="print the JSON Schema of the document record")

    evaluate = commands.add_parser("eval", help="score records against gold annotations")
    evaluate.add_argument("--gold", required=True, type=Path)
    evaluate.add_argument("--pred", required=True, type=Path)
    evaluate.add_argument("--details", action="store_true", help="list misses and extras")
    evaluate.add_argument("--json", action="store_true", help="machine-readable scores")

    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return 2 if exit_.code not in (0, None) else 0
    if args.command == "schema":
        from schemas import document_json_schema

        print(json.dumps(document_json_schema(), ensure_ascii=False, indent=2))
        return 0
    if args.command == "eval":
        from extract.evaluate import main as evaluate_main

        forwarded = ["--gold", str(args.gold), "--pred", str(args.pred)]
        forwarded += ["--details"] if args.details else []
        forwarded += ["--json"] if args.json else []
        return evaluate_main(forwarded)
    return _extract(args)


def _extract(args) -> int:
    from extract.batch import convert_one, find_inputs, run_batch

    inputs = find_inputs(args.paths)
    if not inputs:
        print("zhenggai: no input files found", file=sys.stderr)
        return 2
    if args.out is None:
        if len(inputs) != 1 or Path(args.paths[0]).is_dir():
            print("zhenggai: several inputs need -o OUT", file=sys.stderr)
            return 2
        result = convert_one(inputs[0], args.with_text)
        json.dump(result.record, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        if not result.ok:
            print(f"zhenggai: {result.record['error']['message']}", file=sys.stderr)
        return 0 if result.ok else 1
    summary = run_batch(inputs, args.out, args.with_text)
    print(f"converted {summary.converted}, failed {summary.failures}", file=sys.stderr)
    return 0 if summary.failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
