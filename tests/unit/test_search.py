import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.search import (
    MARK,
    MAX_ENTRIES,
    SubstringIndex,
    decode_number,
    encode_number,
    number_sql,
    search_key,
)

NAMES = ["西红柿", "内蒙古西红柿", "黄瓜", "赤峰小米 500g", "小米锅巴", "ABC牛奶"]


def test_finds_every_entry_containing_the_query_once_in_order() -> None:
    idx = SubstringIndex([search_key(n) for n in NAMES])
    assert list(idx.find("西红柿")) == [0, 1]
    assert list(idx.find("小米")) == [3, 4]
    assert list(idx.find("米")) == [3, 4]
    assert list(idx.find("abc")) == [5]
    assert list(idx.find("500g")) == [3]
    assert list(idx.find("没有")) == []
    assert list(idx.find("")) == []
    assert idx.key(3) == "赤峰小米500g"


def test_a_query_never_matches_across_two_keys_or_into_the_numbers() -> None:
    idx = SubstringIndex(["ab", "cd"] * 20)
    assert list(idx.find("bc")) == []
    assert list(idx.find("\n")) == []
    assert list(idx.find("\x1f")) == []
    assert list(idx.find("AB")) == list(range(0, 40, 2))  # folded to lower case
    assert list(idx.find("a")) == list(range(0, 40, 2))


def test_search_key_folds_width_case_and_spaces() -> None:
    assert search_key("ＡＢＣ 牛奶") == "abc牛奶"
    assert search_key("a\x1fb") == "ab"


def test_numbers_round_trip_and_the_sql_writes_the_same() -> None:
    con = sqlite3.connect(":memory:")
    for n in (0, 1, 25, 26, 675, 676, 123_456, MAX_ENTRIES - 1):
        assert decode_number(encode_number(n)) == n
        assert con.execute(f"select {number_sql(str(n))}").fetchone()[0] == encode_number(n)


KEY = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8).map(search_key)


@given(st.lists(KEY, max_size=30), st.text(min_size=1, max_size=3).map(search_key))
def test_same_answer_as_a_plain_scan(keys: list[str], query: str) -> None:
    idx = SubstringIndex(keys)
    expected = [i for i, k in enumerate(keys) if query and query in k]
    assert list(idx.find(query)) == expected
    assert all(idx.key(i) == k for i, k in enumerate(keys))


@given(st.lists(KEY, min_size=1, max_size=30), st.text(min_size=1, max_size=3).map(search_key))
def test_a_haystack_written_by_sqlite_is_the_same_index(keys: list[str], query: str) -> None:
    con = sqlite3.connect(":memory:")
    con.execute("create table t(k text)")
    con.executemany("insert into t values (?)", [(k,) for k in keys])
    joined = con.execute(
        f"select group_concat(k || char(31) || {number_sql('rn')}, char(10)) from "
        "(select k, row_number() over (order by rowid) - 1 as rn from t order by rowid)"
    ).fetchone()[0]
    a = SubstringIndex(keys)
    b = SubstringIndex.from_haystack(joined, len(keys))
    assert list(a.find(query)) == list(b.find(query))


@given(st.lists(KEY, min_size=1, max_size=30), st.text(min_size=1, max_size=3).map(search_key), st.data())
def test_an_index_in_pieces_answers_as_one(keys: list[str], query: str, data: st.DataObject) -> None:
    whole = SubstringIndex(keys)
    cuts = sorted(data.draw(st.sets(st.integers(min_value=1, max_value=len(keys)), max_size=4)))
    entries = [f"{k}{MARK}{encode_number(i)}" for i, k in enumerate(keys)]
    pieces = ["\n".join(entries[a:b]) for a, b in zip([0, *cuts], [*cuts, len(keys)], strict=True)]
    split = SubstringIndex.from_haystack(pieces, len(keys))
    assert list(split.find(query)) == list(whole.find(query))
    assert all(split.key(i) == k for i, k in enumerate(keys))


def test_a_typed_name_finds_the_thing_itself_before_what_is_made_of_it() -> None:
    from pos_app.domain.search import name_rank, search_key

    names = ["鸡蛋挂面", "散装鸡蛋", "农家土鸡蛋(张桂兰)", "鸡蛋", "双城鹅蛋 6枚装", "土鸡蛋 30枚装"]
    ranked = sorted(names, key=lambda n: name_rank(n, search_key("鸡蛋")))
    assert ranked[0] == "鸡蛋"
    assert ranked.index("散装鸡蛋") < ranked.index("鸡蛋挂面")
    assert ranked.index("农家土鸡蛋(张桂兰)") < ranked.index("鸡蛋挂面")
    assert ranked.index("土鸡蛋 30枚装") < ranked.index("鸡蛋挂面")
    ranked = sorted(["小米锅巴", "赤峰小米 500g"], key=lambda n: name_rank(n, search_key("小米")))
    assert ranked == ["赤峰小米 500g", "小米锅巴"]
