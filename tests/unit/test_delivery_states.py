import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.delivery import RANK, DeliveryState, InvalidTransition, transition

S = DeliveryState


def test_the_happy_path_and_the_rules() -> None:
    state = S.REQUESTED
    for to in (S.CONFIRMED, S.PICKED, S.OUT, S.DELIVERED, S.PAID):
        state = transition(state, to)
    assert state is S.PAID
    assert transition(S.PICKED, S.CANCELLED) is S.CANCELLED
    with pytest.raises(InvalidTransition):
        transition(S.OUT, S.CANCELLED)  # out for delivery: a manager must approve
    assert transition(S.OUT, S.CANCELLED, manager_approved=True) is S.CANCELLED
    for final in (S.PAID, S.CANCELLED):
        for to in S:
            with pytest.raises(InvalidTransition):
                transition(final, to, manager_approved=True)
    with pytest.raises(InvalidTransition) as err:
        transition(S.REQUESTED, S.PAID)
    assert "待确认" in err.value.message_zh


@given(st.lists(st.tuples(st.sampled_from(list(S)), st.booleans()), max_size=30))
def test_random_sequences_never_go_back_and_never_pay_twice(steps: list[tuple[DeliveryState, bool]]) -> None:
    state, paid = S.REQUESTED, 0
    for to, approved in steps:
        try:
            new = transition(state, to, manager_approved=approved)
        except InvalidTransition:
            continue
        assert RANK[new] > RANK[state]
        paid += new is S.PAID
        state = new
    assert paid <= 1
