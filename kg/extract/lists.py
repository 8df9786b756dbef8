"""Person mentions as runs of tokens, and the lists they form in the text.

The small parser often gets coordinations of names wrong ("Baleka Mbete,
Ngoako Ramatlhodi and Sydney Mufamadi" as a modifier, a subject and its
conjunct; a list of four officials with their titles as a chain of
appositions). A *list* is found on the words instead: person mentions in one
sentence whose gaps hold only title words and separators ("A, B and C",
"former president A and former ministers B and C", "A, Ambassador to X,
B and C"), and that hang from the same verb.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .syntax import sentence_of

#: Words a gap between two listed names may hold besides title words.
_SEPARATORS = {",", "and", "&"}
_GAP_STOP_LOWER = {"with", "between", "by", "who", "whom", "which", "that", "said", "says", "told", ";", ":", "while", "but", "or", "than", "after", "before"}
_GAP_STOP_POS = {"VERB", "AUX"}
#: Longest gap (in tokens) between two names of one list.
MAX_GAP = 14


@dataclass(frozen=True)
class Run:
    """Tokens ``[start, end)`` naming the person ``key``."""

    start: int
    end: int
    key: str


def _runs(token_keys: dict[int, str]) -> list[Run]:
    out: list[Run] = []
    for i in sorted(token_keys):
        key = token_keys[i]
        if out and out[-1].end == i and out[-1].key == key:
            out[-1] = Run(out[-1].start, i + 1, key)
        else:
            out.append(Run(i, i + 1, key))
    return out


def clause_verb(tok: Token) -> Token | None:
    """The nearest verb (or auxiliary used as a main verb) above ``tok``."""
    cur = tok
    for _ in range(12):
        if cur.head.i == cur.i:
            return cur if cur.pos_ in {"VERB", "AUX"} else None
        cur = cur.head
        if cur.pos_ in {"VERB", "AUX"} and cur.dep_ not in {"amod", "compound", "aux", "auxpass"}:
            return cur
    return None


class PersonIndex:
    """The person runs of one article, found by position, and their lists."""

    def __init__(self, doc: Doc, token_keys: dict[int, str]):
        self.doc = doc
        self.runs = _runs(token_keys)
        self.starts = [r.start for r in self.runs]
        self._list_of: dict[int, tuple[Run, ...]] = {}
        for group in self._find_lists():
            for r in group:
                self._list_of[r.start] = group

    def run_at(self, i: int) -> Run | None:
        k = bisect_right(self.starts, i) - 1
        if k >= 0 and self.runs[k].start <= i < self.runs[k].end:
            return self.runs[k]
        return None

    def between(self, lo: int, hi: int) -> list[Run]:
        """Runs that start in ``[lo, hi)``, in text order."""
        return self.runs[bisect_left(self.starts, lo) : bisect_left(self.starts, hi)]

    def list_of(self, run: Run) -> tuple[Run, ...]:
        """The list ``run`` is a member of (itself alone when it is in none)."""
        return self._list_of.get(run.start, (run,))

    def lists(self) -> list[tuple[Run, ...]]:
        """Every list of two or more people, in text order (by its last name)."""
        seen: set[int] = set()
        out = []
        for r in self.runs:
            group = self._list_of.get(r.start)
            if group and group[0].start not in seen:
                seen.add(group[0].start)
                out.append(group)
        return out

    # -- finding lists -------------------------------------------------------
    def _possessor(self, run: Run) -> bool:
        """ "Blinken's advisor Derek Chollet": Blinken names whose adviser, not a member."""
        doc = self.doc
        return run.end < len(doc) and doc[run.end].lower_ in {"'s", "\u2019s", "'"} and doc[run.end].tag_ == "POS"

    def _gap_ok(self, a: Run, b: Run) -> bool:
        doc = self.doc
        if b.start - a.end > MAX_GAP or sentence_of(doc[a.start]).start != sentence_of(doc[b.start]).start:
            return False
        gap = doc[a.end : b.start]
        words = {t.lower_ for t in gap}
        if not words & _SEPARATORS and not (len(gap) >= 3 and "as" in words and "well" in words):
            return False
        for t in gap:
            if t.lower_ in _GAP_STOP_LOWER or t.text in {'"', "\u201c", "\u201d"}:
                return False
            if t.pos_ in _GAP_STOP_POS and not (t.tag_ in {"VBN", "VBG"} and t.dep_ in {"amod", "compound"}):
                return False
        return not self._describes_previous(gap, b)

    def _describes_previous(self, gap, b: Run) -> bool:
        """ "X, a top adviser to Prime Minister Y": the words after the last
        separator describe X, and Y is named only as whose adviser X is."""
        cut = max((t.i for t in gap if t.lower_ in _SEPARATORS), default=gap.start - 1) + 1
        rest = self.doc[cut : b.start]
        if len(rest) and rest[0].lower_ in {"a", "an"}:
            return True
        cur = self.doc[b.end - 1]
        for _ in range(4):
            if cur.dep_ == "pobj" and cur.head.lower_ in {"to", "of", "for"} and cut <= cur.head.i < b.start:
                noun = cur.head.head
                return noun.tag_ in {"NN", "NNS"} and noun.text.islower()
            if cur.head.i == cur.i or not (cut <= cur.head.i < b.end):
                return False
            cur = cur.head
        return False

    def _find_lists(self) -> list[tuple[Run, ...]]:
        members = [r for r in self.runs if not self._possessor(r)]
        groups: list[list[Run]] = []
        for r in members:
            if groups and self._gap_ok(groups[-1][-1], r) and self._same_clause(groups[-1][-1], r):
                if r.key not in {m.key for m in groups[-1]}:
                    groups[-1].append(r)
                continue
            groups.append([r])
        for g in groups:
            while len(g) >= 2 and not self._joined(g[-2], g[-1]):
                g.pop()  # "after his talks with A, B spoke": a list ends with "and", not with a comma alone
        return [tuple(g) for g in groups if len(g) >= 2]

    def _joined(self, a: Run, b: Run) -> bool:
        """Whether the gap before a list's last name holds a conjunction ("and", "&", "as well as")."""
        words = {t.lower_ for t in self.doc[a.end : b.start]}
        return bool(words & (_SEPARATORS - {","})) or {"as", "well"} <= words

    def _same_clause(self, a: Run, b: Run) -> bool:
        va = clause_verb(self.doc[a.end - 1])
        vb = clause_verb(self.doc[b.end - 1])
        return va is None or vb is None or va.i == vb.i
