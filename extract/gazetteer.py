"""The region gazetteer: GB/T 2260 divisions with their short forms, levels and parents.

Bundled as extract/data/regions.tsv (built by tools/build_gazetteer.py). Meta reads a plan's
region from it; units qualify an abbreviated 市生态文明委 as 贵阳市生态文明委 with it.
"""

from __future__ import annotations

import collections
import functools
import importlib.resources
from dataclasses import dataclass
from typing import Optional

GENERIC_PLACE_NAMES = frozenset({"城区", "郊区", "矿区"})  # county names that are also plain words


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # province | city | county, as in GB/T 2260
    parent: str
    aliases: tuple[str, ...]
    in_force: bool


@dataclass(frozen=True)
class Gazetteer:
    by_code: dict[str, Region]
    by_name: dict[str, tuple[Region, ...]]  # full names and aliases
    longest_name: int

    def province_of(self, region: Region) -> Region:
        while region.parent and region.parent in self.by_code:
            region = self.by_code[region.parent]
        return region

    def chain(self, region: Region) -> tuple[Region, ...]:
        """The region and the divisions above it, lowest first."""
        chain = [region]
        while chain[-1].parent in self.by_code:
            chain.append(self.by_code[chain[-1].parent])
        return tuple(chain)


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    path = importlib.resources.files("extract.data") / "regions.tsv"
    by_code: dict[str, Region] = {}
    by_name: dict[str, list[Region]] = collections.defaultdict(list)
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]
    for line in lines[1:]:
        code, name, level, parent, aliases, in_force = line.split("\t")
        region = Region(code, name, level, parent, tuple(a for a in aliases.split("|") if a), in_force == "1")
        if region.in_force or code not in by_code:
            by_code[code] = region
        for key in (name, *region.aliases):
            by_name[key].append(region)
    names = {k: tuple(sorted(v, key=_preference)) for k, v in by_name.items()}
    return Gazetteer(by_code, names, max(map(len, names)))


def _preference(region: Region) -> tuple:
    """Among regions sharing a name: divisions in force, then higher levels (贵阳 is the city)."""
    return (not region.in_force, ("province", "city", "county").index(region.level), region.code)


def place_at(text: str, pos: int = 0, aliases: bool = True) -> Optional[tuple[str, tuple[Region, ...]]]:
    """The longest gazetteer name (or short form) that starts text[pos:], with its regions."""
    table = gazetteer()
    for length in range(min(table.longest_name, len(text) - pos), 1, -1):
        key = text[pos : pos + length]
        regions = table.by_name.get(key)
        if not regions or key in GENERIC_PLACE_NAMES:
            continue
        if aliases or any(r.name == key for r in regions):
            return key, regions
    return None


def lookup_region(name: str, province: Optional[str] = None, context: str = "") -> Optional[Region]:
    """The division a name (full or short) stands for; same-named ones are told apart by the
    province given, else by which province and city `context` mentions most."""
    regions = gazetteer().by_name.get(name, ())
    if len(regions) <= 1:
        return regions[0] if regions else None
    table = gazetteer()
    if province:
        matching = [r for r in regions if table.province_of(r).name == province]
        if matching:
            return matching[0]
    if context:
        def mentions(region: Region) -> int:
            return sum(
                context.count(key)
                for above in table.chain(region)[1:]
                for key in (above.name, *above.aliases)
            )
        best = max(regions, key=mentions)
        if mentions(best) > 0:
            return best
    return regions[0]


@functools.lru_cache(maxsize=256)
def region_chain(region: str, province: Optional[str] = None) -> tuple[str, ...]:
    """Full names of a plan's region and of the divisions above it: 拱墅区 -> 拱墅区, 杭州市, 浙江省."""
    found = lookup_region(region, province)
    if found is None:
        return (region,) + ((province,) if province and province != region else ())
    return tuple(r.name for r in gazetteer().chain(found))


def is_district(name: str) -> bool:
    """市辖区 are districts; 林区 and 特区 (神农架林区, 六枝特区) are counties by another name."""
    return name.endswith("区") and not name.endswith(("林区", "特区"))
