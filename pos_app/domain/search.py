"""Substring search over many short keys (product names, pinyin) without a full table scan.

All keys are joined into one string; ``str.find`` (a C-speed search) walks it and a binary search
over the key offsets turns a hit into an entry number. Any query length works, including the 1–2
character queries that an FTS5 trigram index cannot answer.
"""

from __future__ import annotations

import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate

SEPARATOR = "\n"


def search_key(text: str) -> str:
    """Normalise text for matching: full-width folded, lower case, no spaces or separators."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


class SubstringIndex:
    def __init__(self, keys: Sequence[str]) -> None:
        clean = [k.replace(SEPARATOR, " ") for k in keys]
        self._hay = SEPARATOR + SEPARATOR.join(clean) + SEPARATOR
        starts = array("q")
        pos = 1
        for k in clean:
            starts.append(pos)
            pos += len(k) + 1
        starts.append(pos)  # sentinel: one past the last key
        self._starts = starts
        self._n = len(clean)

    @classmethod
    def from_joined(cls, joined: str, count: int) -> SubstringIndex:
        """Build from keys already joined with SEPARATOR (as SQLite's group_concat returns them)."""
        self = cls.__new__(cls)
        self._hay = SEPARATOR + joined + SEPARATOR
        starts = array("q", [1])
        starts.extend(accumulate(len(k) + 1 for k in joined.split(SEPARATOR)))
        for i in range(1, len(starts)):
            starts[i] += 1
        if len(starts) != count + 1:
            raise ValueError(f"{count} keys expected, {len(starts) - 1} found (a key contains the separator?)")
        self._starts = starts
        self._n = count
        return self

    def __len__(self) -> int:
        return self._n

    def key(self, i: int) -> str:
        return self._hay[self._starts[i] : self._starts[i + 1] - 1]

    def find(self, query: str) -> Iterator[int]:
        """Entry numbers whose key contains ``query``, ascending, each once."""
        q = query.replace(SEPARATOR, "")
        if not q:
            return
        hay, starts, find = self._hay, self._starts, self._hay.find
        pos = find(q, 1)
        while pos != -1:
            i = bisect_right(starts, pos) - 1
            yield i
            pos = find(q, starts[i + 1])
        del hay
