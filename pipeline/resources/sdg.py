"""The SDG framework of ``sdg.json`` as typed records: 17 goals, 169 targets and every indicator, en/fr/es titles.

The one reader of ``sdg.json``: the SDG reference finder, the goal tiles, the classifier and the queries all
take the framework from :func:`load_sdg` (cached).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType

from pipeline.errors import ResourceError
from pipeline.resources.schema import LocalizedText, check_unique, localized, read_json, require
from pipeline.vocab import SDG_PREFIX

SDG_FILE = "sdg.json"
_SDG_CODE = re.compile(r"^(?:SDG[:\s]?\s*)?(\d{1,2})(?:\.([0-9]{1,2}|[a-z]))?(?:\.(\d{1,2}))?$", re.IGNORECASE)


class UnknownSdgCodeError(ResourceError, KeyError):
    """An SDG goal, target or indicator code that is not in the framework."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True, slots=True)
class SdgGoal:
    """A Sustainable Development Goal."""

    id: str
    number: str
    title: LocalizedText
    short: LocalizedText


@dataclass(frozen=True, slots=True)
class SdgTarget:
    """An SDG target such as 10.7 or 10.c."""

    id: str
    goal: str
    code: str
    title: LocalizedText


@dataclass(frozen=True, slots=True)
class SdgIndicator:
    """An SDG indicator such as 10.7.2."""

    id: str
    target: str
    code: str
    title: LocalizedText


SdgItem = SdgGoal | SdgTarget | SdgIndicator


def normalize_sdg_code(code: str) -> str | None:
    """Canonical dotted code ("10.c", "10.7.2") of a goal/target/indicator code, or None if malformed.

    Accepts "10", "10.7", "10.C", "10.7.2", "SDG:10.7", "SDG 10" and "SDG10".
    """
    match = _SDG_CODE.match(code.strip())
    if not match:
        return None
    goal, target, indicator = match.groups()
    if indicator is not None and target is None:
        return None
    parts = [str(int(goal))]
    if target is not None:
        parts.append(target.lower() if target.isalpha() else str(int(target)))
    if indicator is not None:
        parts.append(str(int(indicator)))
    return ".".join(parts)


@dataclass(frozen=True, slots=True)
class SdgFramework:
    """The SDG framework with lookups by goal number, target code and indicator code."""

    goals: tuple[SdgGoal, ...]
    targets: tuple[SdgTarget, ...]
    indicators: tuple[SdgIndicator, ...]
    _goals: Mapping[str, SdgGoal] = field(init=False, repr=False, compare=False)
    _targets: Mapping[str, SdgTarget] = field(init=False, repr=False, compare=False)
    _indicators: Mapping[str, SdgIndicator] = field(init=False, repr=False, compare=False)
    goal_numbers: frozenset[str] = field(init=False, repr=False, compare=False)
    """The goal numbers ("1" to "17")."""
    target_codes: frozenset[str] = field(init=False, repr=False, compare=False)
    """The target codes ("10.7", "10.c")."""
    indicator_codes: frozenset[str] = field(init=False, repr=False, compare=False)
    """The indicator codes ("10.7.2")."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_goals", MappingProxyType({g.number: g for g in self.goals}))
        object.__setattr__(self, "_targets", MappingProxyType({t.code: t for t in self.targets}))
        object.__setattr__(self, "_indicators", MappingProxyType({i.code: i for i in self.indicators}))
        object.__setattr__(self, "goal_numbers", frozenset(self._goals))
        object.__setattr__(self, "target_codes", frozenset(self._targets))
        object.__setattr__(self, "indicator_codes", frozenset(self._indicators))

    def goal(self, number: int | str) -> SdgGoal:
        """The goal with this number (1–17; "SDG:8" and "8" work too)."""
        code = normalize_sdg_code(str(number))
        if code is None or code not in self._goals:
            raise UnknownSdgCodeError(f"unknown SDG goal {number!r}; valid goals are 1 to {len(self.goals)}")
        return self._goals[code]

    def target(self, code: str) -> SdgTarget:
        """The target with this code ("10.7", "10.c", "SDG:10.7")."""
        norm = normalize_sdg_code(code)
        if norm is None or norm not in self._targets:
            raise UnknownSdgCodeError(
                f"unknown SDG target {code!r}; valid targets look like '10.7' or '10.c' and must exist in the framework"
            )
        return self._targets[norm]

    def indicator(self, code: str) -> SdgIndicator:
        """The indicator with this code ("10.7.2", "SDG:10.7.2")."""
        norm = normalize_sdg_code(code)
        if norm is None or norm not in self._indicators:
            raise UnknownSdgCodeError(
                f"unknown SDG indicator {code!r}; valid indicators look like '10.7.2' and must exist in the framework"
            )
        return self._indicators[norm]

    def lookup(self, code: str) -> SdgItem | None:
        """The goal, target or indicator a code names, or None if it names nothing in the framework."""
        norm = normalize_sdg_code(code)
        if norm is None:
            return None
        return self._goals.get(norm) or self._targets.get(norm) or self._indicators.get(norm)

    def is_valid(self, code: str) -> bool:
        """True when the code names an existing goal, target or indicator."""
        return self.lookup(code) is not None

    def targets_of(self, goal: int | str) -> tuple[SdgTarget, ...]:
        """The targets of one goal, in framework order."""
        number = self.goal(goal).number
        return tuple(t for t in self.targets if t.goal == number)

    def indicators_of(self, target: str) -> tuple[SdgIndicator, ...]:
        """The indicators of one target, in framework order."""
        code = self.target(target).code
        return tuple(i for i in self.indicators if i.target == code)


@cache
def load_sdg() -> SdgFramework:
    """The SDG framework of ``sdg.json`` (read once)."""
    return parse_sdg(read_json(SDG_FILE), source=SDG_FILE)


def parse_sdg(data: object, *, source: str = SDG_FILE) -> SdgFramework:
    """Check and type an SDG framework object (the shape of ``sdg.json``: goals, targets, indicators)."""
    file = source
    if not isinstance(data, dict):
        raise ResourceError(f"{file}: expected an object with goals, targets and indicators")
    goals = tuple(
        SdgGoal(
            id=require(g, "id", str, where=f"{file}:goals[{i}]"),
            number=require(g, "number", str, where=f"{file}:goals[{i}]"),
            title=localized(g, "title", where=f"{file}:goals[{i}]"),
            short=localized(g, "short", where=f"{file}:goals[{i}]"),
        )
        for i, g in enumerate(require(data, "goals", list, where=file))
    )
    targets = tuple(
        SdgTarget(
            id=require(t, "id", str, where=f"{file}:targets[{i}]"),
            goal=require(t, "goal", str, where=f"{file}:targets[{i}]"),
            code=require(t, "code", str, where=f"{file}:targets[{i}]"),
            title=localized(t, "title", where=f"{file}:targets[{i}]"),
        )
        for i, t in enumerate(require(data, "targets", list, where=file))
    )
    indicators = tuple(
        SdgIndicator(
            id=require(x, "id", str, where=f"{file}:indicators[{i}]"),
            target=require(x, "target", str, where=f"{file}:indicators[{i}]"),
            code=require(x, "code", str, where=f"{file}:indicators[{i}]"),
            title=localized(x, "title", where=f"{file}:indicators[{i}]"),
        )
        for i, x in enumerate(require(data, "indicators", list, where=file))
    )
    for items, what in ((goals, "goal"), (targets, "target"), (indicators, "indicator")):
        check_unique([item.id for item in items], what=f"{what} id", file=file)
        for item in items:
            code = item.number if isinstance(item, SdgGoal) else item.code
            if item.id != f"{SDG_PREFIX}{code}" or normalize_sdg_code(code) != code:
                raise ResourceError(f"{file}: {what} id {item.id!r} does not match its code {code!r}")
    goal_numbers = {g.number for g in goals}
    target_codes = {t.code for t in targets}
    for target in targets:
        if target.goal not in goal_numbers or not target.code.startswith(f"{target.goal}."):
            raise ResourceError(f"{file}: target {target.code!r} names unknown goal {target.goal!r}")
    for indicator in indicators:
        if indicator.target not in target_codes or not indicator.code.startswith(f"{indicator.target}."):
            raise ResourceError(f"{file}: indicator {indicator.code!r} names unknown target {indicator.target!r}")
    return SdgFramework(goals=goals, targets=targets, indicators=indicators)
