"""How closely the text zhenggai reads from Word and WPS files matches LibreOffice's.

    python benchmarks/word_text.py            # per-file table for ../shared/real r17-r36
    python benchmarks/word_text.py --show r18 # both texts of one file, whitespace-free

`../shared/real/reference/NAME.txt` is LibreOffice's plain-text export of each file: what a
reader sees. Both texts are compared whitespace-free and in order, by the length of their
longest common subsequence of characters (exact, bit-parallel): recall = LCS / reference
length (nothing lost), precision = LCS / our length (nothing repeated or invented).

*loader* is the text of the loader's blocks, before normalisation (paragraphs in order,
table cells one per line, as normalisation renders them); *normalised* is the text later
stages read, after normalisation's clean-up rules (owned by the outline stage), against the
reference passed through the same character folding (full/half width, traditional).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real"
WORD_FILES = tuple(f"r{n}" for n in range(17, 37))
TARGET = 0.93

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extract.blocks import Table  # noqa: E402
from extract.load import load_bytes  # noqa: E402
from extract.normalise import normalise, normalise_with_map  # noqa: E402


@dataclass(frozen=True)
class Agreement:
    name: str
    ours: int
    reference: int
    common: int

    @property
    def recall(self) -> float:
        return self.common / self.reference if self.reference else 1.0

    @property
    def precision(self) -> float:
        return self.common / self.ours if self.ours else 1.0


def squeeze(text: str) -> str:
    """The text without whitespace (and without the BOM LibreOffice writes)."""
    return "".join(text.replace("\ufeff", "").split())


def common_subsequence_length(a: str, b: str) -> int:
    """Length of the longest common subsequence of two strings (Allison-Dix / Hyyrö bit vectors)."""
    if len(a) < len(b):
        a, b = b, a
    masks: dict[str, int] = {}
    for position, char in enumerate(b):
        masks[char] = masks.get(char, 0) | (1 << position)
    row = 0
    for char in a:
        match = masks.get(char, 0)
        carry = match | row
        shifted = (row << 1) | 1
        row = carry & ~(carry - shifted)
    return bin(row).count("1")


def real_file(name: str) -> Path:
    matches = sorted(p for p in REAL.glob(f"{name}-*") if p.is_file())
    if not matches:
        raise FileNotFoundError(f"no file {name}-* in {REAL}")
    return matches[0]


def reference_text(path: Path) -> str:
    return (REAL / "reference" / (path.stem + ".txt")).read_text(encoding="utf-8-sig")


def loader_text(path: Path) -> str:
    """The loader's blocks as text, before any clean-up: paragraphs, then each table cell on its line."""
    document = load_bytes(path.read_bytes(), path.name)
    lines = []
    for block in document.blocks:
        if isinstance(block, Table):
            lines.extend(cell for row in block.rows for cell in row)
        else:
            lines.append(block.text)
    return "\n".join(lines)


def normalised_texts(path: Path) -> tuple[str, str]:
    """The normalised text, and the reference folded the same way (traditional characters
    to simplified where normalisation found the document traditional)."""
    document = normalise(load_bytes(path.read_bytes(), path.name))
    return document.text, normalise_with_map(reference_text(path), document.traditional)[0]


def agreement(name: str, ours: str, reference: str) -> Agreement:
    ours, reference = squeeze(ours), squeeze(reference)
    return Agreement(name, len(ours), len(reference), common_subsequence_length(ours, reference))


def measure(name: str, stage: str = "loader") -> Agreement:
    path = real_file(name)
    if stage == "loader":
        return agreement(name, loader_text(path), reference_text(path))
    return agreement(name, *normalised_texts(path))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", metavar="NAME", help="print both whitespace-free texts of one file")
    args = parser.parse_args()
    if args.show:
        path = real_file(args.show)
        print("--- zhenggai (loader)\n" + squeeze(loader_text(path)))
        print("--- LibreOffice\n" + squeeze(reference_text(path)))
        return 0
    print(f"Target: recall and precision ≥ {TARGET} each (whitespace-free characters, in order).\n")
    print("| file | reference chars | loader chars | loader recall | loader precision "
          "| normalised chars | normalised recall | normalised precision | loader met |")
    print("|---|---|---|---|---|---|---|---|---|")
    met = 0
    for name in WORD_FILES:
        loaded, cleaned = measure(name, "loader"), measure(name, "normalised")
        ok = loaded.recall >= TARGET and loaded.precision >= TARGET
        met += ok
        print(f"| {real_file(name).name} | {loaded.reference} | {loaded.ours} | {loaded.recall:.3f} "
              f"| {loaded.precision:.3f} | {cleaned.ours} | {cleaned.recall:.3f} | {cleaned.precision:.3f} "
              f"| {'yes' if ok else 'no'} |")
    print(f"\n{met} of {len(WORD_FILES)} files meet the target at the loader.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
