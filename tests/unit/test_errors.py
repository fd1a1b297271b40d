import pytest

from pos_app.domain.cart import Cart, ProductSnapshot
from pos_app.domain.errors import CartError, InvalidInput, NotPermitted, PaymentError, PosError
from pos_app.domain.tenders import DEFAULT_TENDERS, PaymentPlan


def test_errors_speak_both_languages() -> None:
    e = PaymentError(what="nothing is due", what_zh="已无应付金额")
    assert e.message == "Payment error: nothing is due"
    assert e.message_zh == "付款错误：已无应付金额"
    assert InvalidInput(what="x").message_zh == "输入无效：x"  # no Chinese given: the detail as is
    assert (
        NotPermitted(name="王收银", action="approve refunds", action_zh="批准退货").message_zh == "王收银 无权批准退货"
    )


def test_what_a_cashier_reads_is_chinese() -> None:
    cart = Cart()
    with pytest.raises(CartError) as err:
        cart.add(ProductSnapshot("p", "西红柿", "斤", True, 560), "")
    assert err.value.message_zh == "购物车错误：西红柿 按重量销售"
    plan = PaymentPlan(0, {t.code: t for t in DEFAULT_TENDERS})
    with pytest.raises(PosError) as err2:
        plan.add("cash", 100)
    assert "已无应付金额" in err2.value.message_zh
