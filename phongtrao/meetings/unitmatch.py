"""Find the units a Vietnamese text names: full names, short names, the abbreviations of police
texts ("Cục XDPT bảo vệ ANTQ", "Văn phòng Bộ", "MTTQ Việt Nam") and the editable alias table
in data/unit_aliases.json. Matching ignores diacritics and case, and forgives one misspelt word
in a long name. Groups of units ("Công an các đơn vị, địa phương") are recognised as groups.

The matcher works on words: the text and every name are cut into words (punctuation kept as
words of its own, so a name never runs across a comma or a full stop), abbreviations are
expanded, words are folded, and the names go into a word trie; the longest name wins.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from phongtrao.common.text import fold

ALIASES_FILE = Path(__file__).resolve().parent / "data" / "unit_aliases.json"
_WORD = re.compile(r"\w+(?:&\w+)*|[,;.:!?()“”\"…]")
_FUZZY_MIN_WORDS = 4  # names of at least this many words may contain one misspelt word
_FUZZY_RATIO = 0.8
_FUZZY_MAX_CHOICES = 60  # words tried in place of a misspelt one at a branch of the trie
_TERMINAL = "\x00"


@dataclass(frozen=True)
class UnitRef:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class Mention:
    """A unit (or a group of units) named in the text at [start, end)."""

    start: int
    end: int
    text: str
    unit: UnitRef | None = None
    group: str = ""
    group_label: str = ""
    anaphoric: bool = False  # a bare "Cục" standing for the department named before

    @property
    def is_unit(self) -> bool:
        return self.unit is not None

    @property
    def ignored(self) -> bool:
        return self.group == "not_a_unit"


@dataclass(frozen=True)
class Alias:
    alias: str
    code: str = ""
    group: str = ""
    label: str = ""


@dataclass(frozen=True)
class AliasTable:
    abbreviations: dict[str, str]
    aliases: tuple[Alias, ...]


@lru_cache(maxsize=1)
def alias_table(path: Path = ALIASES_FILE) -> AliasTable:
    data = json.loads(path.read_text(encoding="utf-8"))
    return AliasTable(
        abbreviations=dict(data.get("abbreviations", {})),
        aliases=tuple(
            Alias(alias=a["alias"], code=a.get("code", ""), group=a.get("group", ""), label=a.get("label", ""))
            for a in data.get("aliases", [])
        ),
    )


def _fold_word(word: str) -> str:
    return fold(word) or word


def words(text: str, abbreviations: dict[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, folded word) for each word; an abbreviation becomes the words it stands for."""
    result: list[tuple[int, int, str]] = []
    for match in _WORD.finditer(text):
        token = match.group()
        expansion = abbreviations.get(token)
        if expansion:
            result.extend((match.start(), match.end(), _fold_word(w)) for w in expansion.split())
        else:
            result.append((match.start(), match.end(), _fold_word(token)))
    return result


@dataclass
class _Target:
    unit: UnitRef | None
    group: str = ""
    label: str = ""
    words: int = 0


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    target: _Target | None = None


class UnitMatcher:
    """Names of the candidate units (and the alias table) in a word trie."""

    def __init__(self, units: list[dict], table: AliasTable | None = None) -> None:
        self.table = table or alias_table()
        self.root = _Node()
        self.by_code: dict[str, UnitRef] = {}
        for row in units:
            ref = UnitRef(id=row["id"], code=row["code"], name=row["name"])
            self.by_code[row["code"]] = ref
            for variant in self._variants(row):
                self._add(variant, _Target(ref))
        for alias in self.table.aliases:
            if alias.group:
                self._add(alias.alias, _Target(None, alias.group, alias.label))
            elif alias.code in self.by_code:
                self._add(alias.alias, _Target(self.by_code[alias.code]))

    @staticmethod
    def _variants(row: dict) -> set[str]:
        name = row["name"]
        variants = {name}
        if row.get("short_name"):
            variants.add(row["short_name"])
        # "Công an tỉnh Sơn La" is also written "Công an Sơn La".
        head = re.match(r"^(Công an) (?:tỉnh|thành phố) (.+)$", name, re.IGNORECASE)
        if head:
            variants.add(f"{head.group(1)} {head.group(2)}")
        return variants

    def _add(self, name: str, target: _Target) -> None:
        tokens = [w for _s, _e, w in words(name, self.table.abbreviations)]
        if not tokens:
            return
        node = self.root
        for token in tokens:
            node = node.children.setdefault(token, _Node())
        target.words = sum(1 for t in tokens if t.isalnum())
        existing = node.target
        # A real unit beats a group of the same words; the first unit keeps a shared name.
        if existing is None or (existing.unit is None and target.unit is not None):
            node.target = target

    def _walk(
        self, tokens: list[tuple[int, int, str]], index: int, node: _Node, fuzz: int, depth: int = 0
    ) -> tuple[int, _Target] | None:
        """The longest match from tokens[index:] below node: (index after it, target)."""
        best: tuple[int, _Target] | None = None
        if node.target is not None and node is not self.root:
            best = (index, node.target)
        if index >= len(tokens):
            return best
        word = tokens[index][2]
        child = node.children.get(word)
        if child is not None:
            found = self._walk(tokens, index + 1, child, fuzz, depth + 1)
            if found is not None and (best is None or found[0] > best[0]):
                best = found
        fuzzy_here = child is None and fuzz > 0 and depth >= 2 and len(word) >= 3 and word.isalnum()
        if fuzzy_here and len(node.children) <= _FUZZY_MAX_CHOICES:
            for other, sub in node.children.items():
                if other == word or len(other) < 3 or not other.isalnum():
                    continue
                matcher = difflib.SequenceMatcher(None, word, other)
                if matcher.real_quick_ratio() < _FUZZY_RATIO or matcher.ratio() < _FUZZY_RATIO:
                    continue
                found = self._walk(tokens, index + 1, sub, fuzz - 1, depth + 1)
                if found is not None and found[1].words >= _FUZZY_MIN_WORDS and (best is None or found[0] > best[0]):
                    best = found
        return best

    def find(self, text: str, *, previous: list[Mention] | None = None) -> list[Mention]:
        """Every unit or group named in `text`, left to right, without overlaps.

        `previous` are the mentions found earlier in the same document: a bare "Cục" followed by
        what the department must do stands for the last department named there or here."""
        tokens = words(text, self.table.abbreviations)
        mentions: list[Mention] = []
        index = 0
        history = list(previous or [])
        while index < len(tokens):
            found = self._walk(tokens, index, self.root, 1, 0)
            if found is not None:
                stop, target = found
                start, end = tokens[index][0], tokens[stop - 1][1]
                mention = Mention(start, end, text[start:end], target.unit, target.group, target.label)
                mentions.append(mention)
                history.append(mention)
                index = stop
                continue
            start, end, word = tokens[index]
            if word == "cuc" and text[start] == "C" and self._bare_head(tokens, index):
                department = next((m.unit for m in reversed(history) if m.unit and fold(m.unit.name).startswith("cuc ")), None)
                if department is not None:
                    mention = Mention(start, end, text[start:end], department, anaphoric=True)
                    mentions.append(mention)
                    history.append(mention)
            index += 1
        return mentions

    @staticmethod
    def _bare_head(tokens: list[tuple[int, int, str]], index: int) -> bool:
        """ "Cục phải…", "Cục chủ trì…": the word names no department itself."""
        if index + 1 >= len(tokens):
            return False
        return tokens[index + 1][2] in {
            "phai",
            "can",
            "chu",
            "khan",
            "tiep",
            "co",
            "chiu",
            "phoi",
            "to",
            "hoan",
            "tham",
            "xay",
            "gap",
        }


def nameable_units(user):
    """Units the user's texts may name: those the user can see, every top-level unit (the Ministry's
    departments, the provincial police) and every partner body. Their names are public reference data
    (they are offered as coordinating units everywhere)."""
    from django.db.models import Q

    from phongtrao.org.enums import Branch
    from phongtrao.org.models import Unit

    visible = Unit.objects.visible_to(user).values("pk")
    return Unit.objects.filter(is_active=True).filter(Q(pk__in=visible) | Q(depth__lte=1) | Q(branch=Branch.PARTNER))


def candidate_rows(user) -> list[dict]:
    return list(nameable_units(user).order_by("depth", "path").values("id", "code", "name", "short_name"))


def matcher_for(user) -> UnitMatcher:
    return UnitMatcher(candidate_rows(user))
