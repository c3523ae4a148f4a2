"""Resolve the same person, organization or place across reports and spellings.

Names of the same person come in several transliterations ("Aliyev" /
"Aliev", "Yevgeniy" / "Evgeny", "Zhukov" / "Jukov"). A name is folded to
a key that these variants share; names are grouped when their surnames fold
alike and their given names agree (equal, or one is an initial of the other).
Two people who share only a surname stay apart. A bare surname joins a group
only when exactly one person with that surname is known.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from unidecode import unidecode

_NON_LETTERS = re.compile(r"[^a-z ]+")
# Transliteration variants folded together, applied in order to each lowercase ASCII token.
_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"^ye", "e"),  # Yevgeniy / Evgeniy, Yerlan / Erlan
        (r"^yu", "iu"),  # Yuriy / Iurii
        (r"^ya", "ia"),
        (r"(?<=[aeiou])y(?=[aeiou])", ""),  # Aliyev / Aliev
        (r"dzh", "j"),
        (r"zh", "j"),  # Zhukov / Jukov
        (r"kh", "h"),
        (r"ks", "x"),  # Aleksandr / Alexandr
        (r"ts", "c"),
        (r"ou", "u"),
        (r"w", "v"),
        (r"y", "i"),
        (r"(.)\1+", r"\1"),  # doubled letters
        (r"i+$", "i"),  # Yevgeniy / Yevgenii / Evgeni
    )
)


def fold_token(token: str) -> str:
    """One name word folded so that its common transliterations compare equal."""
    folded = _NON_LETTERS.sub("", unidecode(token).lower())
    for pattern, replacement in _FOLDS:
        folded = pattern.sub(replacement, folded)
    return folded


def fold_name(name: str) -> tuple[str, ...]:
    """A name as folded words ("Ilham Aliyev" -> ("ilham", "aliev"))."""
    words = _NON_LETTERS.sub(" ", unidecode(name).lower().replace("-", " ")).split()
    return tuple(filter(None, (fold_token(word) for word in words)))


def _given_names_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Given names (all words but the surname) agree: equal, or an initial of the other."""
    first_a, first_b = a[0], b[0]
    if first_a == first_b:
        return True
    return (len(first_a) == 1 and first_b.startswith(first_a)) or (
        len(first_b) == 1 and first_a.startswith(first_b)
    )


@dataclass
class NameGroup:
    """Names judged to be one entity, with how often each form was seen."""

    forms: Counter[str] = field(default_factory=Counter)

    @property
    def name(self) -> str:
        """The display name: the fullest of the most frequent forms."""
        return max(self.forms, key=lambda form: (len(fold_name(form)), self.forms[form], form))

    @property
    def variants(self) -> list[str]:
        return sorted(form for form in self.forms if form != self.name)


def group_person_names(names: Iterable[str]) -> list[NameGroup]:
    """Group person names that refer to the same person (see the module docstring)."""
    counts = Counter(name for name in names if fold_name(name))
    by_surname: dict[str, list[tuple[tuple[str, ...], NameGroup]]] = defaultdict(list)
    bare: list[str] = []
    for name in sorted(counts, key=lambda n: (-len(fold_name(n)), n)):
        folded = fold_name(name)
        if len(folded) == 1:
            bare.append(name)
            continue
        candidates = by_surname[folded[-1]]
        for key, group in candidates:
            if _given_names_agree(key, folded):
                group.forms[name] += counts[name]
                break
        else:
            group = NameGroup(Counter({name: counts[name]}))
            candidates.append((folded, group))
    groups = [group for candidates in by_surname.values() for _, group in candidates]
    for name in bare:
        candidates = by_surname.get(fold_name(name)[0], [])
        if len(candidates) == 1:
            candidates[0][1].forms[name] += counts[name]
        else:
            groups.append(NameGroup(Counter({name: counts[name]})))
    return groups


def group_plain_names(names: Iterable[str]) -> list[NameGroup]:
    """Group organization or place names that fold to the same words."""
    groups: dict[tuple[str, ...], NameGroup] = {}
    for name in names:
        key = tuple(word for word in fold_name(name) if word != "the")
        if key:
            groups.setdefault(key, NameGroup()).forms[name] += 1
    return list(groups.values())
