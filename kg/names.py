"""Spelling variants of one person's name.

News writes one name several ways: transliterations ("Mahmud"/"Mahmoud
Abbas", "Sergey"/"Sergei Lavrov", "Zelenski"/"Zelensky"), typos ("Olaf
Sholz"), accents dropped, hyphens or not ("Kim Jong-un"/"Kim Jong Un"),
Arabic patronymic chains left out ("Salman bin Abdulaziz Al Saud"/"Salman Al
Saud") and the second surname of Hispanic names dropped ("Gabriel Boric
Font"/"Gabriel Boric"). :func:`is_variant` is the one rule deciding whether
two written names are one person's; it is conservative: both names need
two words or more, the family names must agree, and the given names too
(never "Melania Trump" for "Donald Trump").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Lower-case name particles that start a patronymic or family chain.
_CHAIN = frozenset({"bin", "ibn", "bint", "binti", "ben", "al", "el", "abu"})
#: Suffixes that make a different person of the same name ("Donald Trump Jr.").
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
#: Shortest word that may differ by one letter from its variant.
_FUZZY_MIN = 5


@lru_cache(maxsize=8192)
def name_tokens(name: str) -> tuple[str, ...]:
    """Folded words of a name: lower case, no accents, hyphens and dots as spaces.

    >>> name_tokens("Mohammed bin Abdulrahman al-Thani"), name_tokens("Kim Jong-un")
    (('mohammed', 'bin', 'abdulrahman', 'al', 'thani'), ('kim', 'jong', 'un'))
    """
    text = "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))
    return tuple(w for w in re.split(r"[\s\-.\u2019']+", text) if w)


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by at most one inserted, deleted or replaced letter."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + 1 :] == b[i + 1 :] if len(a) == len(b) else a[i:] == b[i + 1 :]


def same_word(a: str, b: str) -> bool:
    """One word of a name spelt two ways: equal, or (both at least five
    letters, same first letter) one letter apart.

    >>> same_word("mahmud", "mahmoud"), same_word("sholz", "scholz"), same_word("boris", "doris"), same_word("kim", "kin")
    (True, True, False, False)
    """
    if a == b:
        return True
    return min(len(a), len(b)) >= _FUZZY_MIN and a[0] == b[0] and _one_edit(a, b)


def _matches_in_order(short: tuple[str, ...], long: tuple[str, ...]) -> list[int] | None:
    """Positions in ``long`` of the words of ``short``, in order, or None."""
    out, j = [], 0
    for w in short:
        while j < len(long) and not same_word(w, long[j]):
            j += 1
        if j == len(long):
            return None
        out.append(j)
        j += 1
    return out


def is_variant(a: str, b: str) -> bool:
    """Whether two written names can be one person's.

    >>> is_variant("Mahmud Abbas", "Mahmoud Abbas"), is_variant("Mohammed Basoum", "Mohamed Bazoum")
    (True, True)
    >>> is_variant("Gabriel Boric Font", "Gabriel Boric"), is_variant("Salman Al Saud", "Salman bin Abdulaziz Al Saud")
    (True, True)
    >>> is_variant("Melania Trump", "Donald Trump"), is_variant("Donald Trump Jr.", "Donald Trump")
    (False, False)
    >>> is_variant("George W. Bush", "George H. W. Bush"), is_variant("Trump", "Donald Trump")
    (False, False)
    >>> is_variant("Mohammed bin Salman", "Mohammed bin Salman Al Saud"), is_variant("Kim Jong Un", "Kim Jong-un")
    (True, True)
    """
    return tokens_are_variant(name_tokens(a), name_tokens(b))


def tokens_are_variant(ta: tuple[str, ...], tb: tuple[str, ...]) -> bool:
    """:func:`is_variant` over names already split by :func:`name_tokens`."""
    if ta == tb:
        return len(ta) >= 2
    if len(ta) < 2 or len(tb) < 2 or (set(ta) | set(tb)) & _SUFFIXES:
        return False
    if len(ta) > len(tb):
        ta, tb = tb, ta
    if len(ta) == len(tb):
        return all(same_word(x, y) for x, y in zip(ta, tb))
    if ta[0] in _CHAIN or not same_word(ta[0], tb[0]):
        return False
    if all(same_word(x, y) for x, y in zip(ta, tb)):
        tail = tb[len(ta):]
        if len(tail) == 1 and tail[0] not in _CHAIN:
            return True  # a second surname dropped: "Gabriel Boric (Font)"
        # patronymic chains or a family name dropped: "Mohammed bin Salman (bin Abdulaziz Al Saud)"
        return len(tail) % 2 == 0 and all(tail[i] in _CHAIN for i in range(0, len(tail), 2))
    pos = _matches_in_order(ta, tb)
    if pos is None or pos[-1] != len(tb) - 1 or not same_word(ta[-1], tb[-1]):
        return False
    extra = [tb[i] for i in range(len(tb)) if i not in pos]
    if len(ta) == 2 and len(extra) == 1:
        return True  # a middle name or initial dropped: "Sarah (Huckabee) Sanders"
    # only patronymic chains dropped: "Salman (bin Abdulaziz) Al Saud"
    k = 0
    while k < len(extra):
        if extra[k] not in _CHAIN or k + 1 >= len(extra):
            return False
        k += 2
    return True
