from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.search import SubstringIndex, search_key

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


def test_a_query_never_matches_across_two_keys() -> None:
    idx = SubstringIndex(["ab", "cd"])
    assert list(idx.find("bc")) == []
    assert list(idx.find("\n")) == []


def test_search_key_folds_width_case_and_spaces() -> None:
    assert search_key("ＡＢＣ 牛奶") == "abc牛奶"


@given(st.lists(st.text(min_size=0, max_size=8), max_size=30), st.text(min_size=1, max_size=3))
def test_same_answer_as_a_plain_scan(keys: list[str], query: str) -> None:
    clean = [k.replace("\n", " ") for k in keys]
    idx = SubstringIndex(clean)
    q = query.replace("\n", "")
    expected = [i for i, k in enumerate(clean) if q and q in k]
    assert list(idx.find(query)) == expected


@given(
    st.lists(st.text(min_size=0, max_size=8).map(lambda k: k.replace("\n", " ")), min_size=1, max_size=30),
    st.text(min_size=1, max_size=3),
)
def test_from_joined_is_the_same_index(keys: list[str], query: str) -> None:
    a = SubstringIndex(keys)
    b = SubstringIndex.from_joined("\n".join(keys), len(keys))
    assert list(a.find(query)) == list(b.find(query))
    assert [b.key(i) for i in range(len(keys))] == keys
