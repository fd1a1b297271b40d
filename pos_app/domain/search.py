"""Substring search over many short keys (product names, pinyin) without a full table scan.

All keys are joined into one string; ``str.find`` (a C-speed search) walks it. Each key is followed
by a marker (``\\x1f``) and its entry number written as five upper-case letters, so a hit is turned
into an entry number by reading just after the next marker: no offset table, and the whole
haystack can be assembled by SQLite (``haystack_sql``) without a Python loop per key. Queries are
folded to lower case (``search_key``), so they can never match the upper-case numbers. Any query
length works, including the 1–2 character queries an FTS5 trigram index cannot answer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

SEPARATOR = "\n"
MARK = "\x1f"
DIGITS = 5  # base 26: up to 11,881,376 entries
MAX_ENTRIES = 26**DIGITS


def search_key(text: str) -> str:
    """Normalise text for matching: full-width folded, lower case, no spaces or control marks."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(folded.replace(MARK, "").split())


def encode_number(n: int) -> str:
    out = []
    for _ in range(DIGITS):
        n, r = divmod(n, 26)
        out.append(chr(65 + r))
    return "".join(reversed(out))


def decode_number(s: str) -> int:
    n = 0
    for ch in s:
        n = n * 26 + ord(ch) - 65
    return n


def number_sql(expr: str) -> str:
    """The SQL expression that writes ``expr`` (an integer) as ``encode_number`` does."""
    return "char(" + ", ".join(f"65 + (({expr}) / {26**p}) % 26" for p in range(DIGITS - 1, -1, -1)) + ")"


class SubstringIndex:
    """The haystack may come in pieces (each holding whole entries): a big catalog's index is built
    a piece at a time, so it never needs twice its size in memory while being assembled."""

    def __init__(self, keys: Sequence[str]) -> None:
        if len(keys) > MAX_ENTRIES:
            raise ValueError("too many keys")
        parts = [f"{k.replace(SEPARATOR, ' ').replace(MARK, ' ')}{MARK}{encode_number(i)}" for i, k in enumerate(keys)]
        self._hays = [SEPARATOR + SEPARATOR.join(parts) + SEPARATOR]
        self._n = len(keys)

    @classmethod
    def from_haystack(cls, joined: str | Sequence[str], count: int) -> SubstringIndex:
        """Build from entries already written as ``key MARK number`` joined by SEPARATOR (one string,
        or several pieces each of whole entries)."""
        self = cls.__new__(cls)
        pieces = [joined] if isinstance(joined, str) else list(joined)
        self._hays = [SEPARATOR + p + SEPARATOR for p in pieces if p]
        self._n = count
        return self

    def __len__(self) -> int:
        return self._n

    def key(self, i: int) -> str:
        needle = MARK + encode_number(i) + SEPARATOR
        for hay in self._hays:
            end = hay.find(needle)
            if end != -1:
                return hay[hay.rindex(SEPARATOR, 0, end) + 1 : end]
        raise KeyError(i)

    def find(self, query: str) -> Iterator[int]:
        """Entry numbers whose key contains ``query``, ascending, each once."""
        q = query.replace(SEPARATOR, "").replace(MARK, "")
        if not q or q != q.lower():
            q = q.lower()
        if not q:
            return
        for hay in self._hays:
            pos = hay.find(q, 1)
            while pos != -1:
                mark = hay.find(MARK, pos)
                yield decode_number(hay[mark + 1 : mark + 1 + DIGITS])
                pos = hay.find(q, mark + 1 + DIGITS)


def pinyin_keys(name: str) -> tuple[str, str]:
    """(initials, full pinyin), lower case, no spaces: 西红柿 → ("xhs", "xihongshi").

    pypinyin is imported here, on the first name to spell: its dictionaries take ~55 MB, and a till
    that only sells never needs them (the catalog keeps every product's pinyin)."""
    from pypinyin import Style, lazy_pinyin

    initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default"))
    full = "".join(lazy_pinyin(name, errors="default"))
    return search_key(initials), search_key(full)


_HOUSEHOLD = re.compile(r"[（(][^）)]*[）)]")  # a household's name after its goods: 农家土鸡蛋(张桂兰)
# a pack size after the name: 赤峰小米 500g, 双城鹅蛋 6枚装
_SPEC = re.compile(r"\s*[\d.]+\s*(?:g|kg|ml|l|枚|只|个|袋|盒|瓶|装|斤|克|千克|升)?(?:装)?$")


def name_rank(name: str, query_key: str) -> tuple[int, int, str]:
    """How well a product name answers a typed name, best first. In a Chinese product name the thing
    itself comes last (散装鸡蛋 are eggs, 鸡蛋挂面 are noodles), so for "鸡蛋" a name that ends in the
    query (leaving out the pack size and a household's name) comes before one that merely starts
    with it; then the shorter name."""
    key = search_key(name)
    core = search_key(_SPEC.sub("", _HOUSEHOLD.sub("", name)))
    if query_key in (key, core):
        grade = 0
    elif core.endswith(query_key):
        grade = 1
    elif key.startswith(query_key):
        grade = 2
    else:
        grade = 3
    return grade, len(name), name
