"""The demo station: catalog, users and a few days of sales made through the real services.

It sits above the composition root (it builds a second set of services on a fixed clock to make
past days' sales), so it imports ``bootstrap`` and nothing below imports it."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from pos_app.bootstrap import Services, build_services
from pos_app.domain.barcodes import with_check_digit
from pos_app.domain.clock import LOCAL_TZ, FixedClock
from pos_app.domain.delivery import DeliveryState
from pos_app.domain.money import div_round_half_up
from pos_app.domain.tenders import TenderKind
from pos_app.importing.catalog import ProductInput
from pos_app.importing.households import HouseholdInput
from pos_app.importing.suppliers import SupplierInput
from pos_app.paths import SEED
from pos_app.services.catalog_io import import_catalog
from pos_app.services.purchasing import ReceiptItem

DEMO_CATALOG = SEED / "demo_catalog.csv"
DEMO_CERTIFIED = SEED / "demo_certified.csv"
DEMO_HOUSEHOLDS = SEED / "demo_households.csv"
# Households' consignments: (household, name, unit, price in fen per unit or per kg, barcode body or PLU, quantity)
DEMO_CONSIGNMENTS = (
    ("SC-001", "农家土鸡蛋(张桂兰)", "枚", 150, "695800000901", 300),
    ("SC-001", "农家黄瓜(张桂兰)", "kg", 300, 2001, 40_000),
    ("SC-002", "双城大鹅(李富贵)", "只", 29_900, "695800000902", 12),
    ("SC-003", "手工黏豆包(王秀英)", "袋", 1_500, "695800000903", 40),
    ("SC-004", "农家小笨鸡(赵德明)", "只", 8_800, "695800000904", 15),
    ("SC-006", "柴鸡蛋(陈国强)", "盒", 2_500, "695800000905", 30),
    ("TZ-101", "自种西红柿(周玉兰)", "kg", 480, 2002, 60_000),
)

DEMO_USERS = (  # username, display name, roles, PIN — printed in the README
    ("cashier", "王收银", ["cashier"], "1111"),
    ("volunteer", "李阿姨", ["volunteer"], "2222"),
    ("manager", "张经理", ["manager", "cashier"], "999999"),
    ("admin", "管理员", ["admin", "manager"], "888888"),
)


DEMO_SUPPLIERS = (
    SupplierInput("GYS-001", "赤峰市兴农杂粮种植专业合作社", "93150400MA0N123454", "刘社长", "0476-8321001"),
    SupplierInput("GYS-002", "兴安盟蒙香食品有限公司", "91152200MA0Q23456N", "赵经理", "0482-8123456"),
    SupplierInput("GYS-003", "乌兰察布市草原牧业有限公司", "91150900MA0R456786", "王主管", "0474-8765432"),
    SupplierInput("GYS-004", "哈尔滨市双城区幸福养殖专业合作社", "93230113MA1B345679", "孙社长", "0451-5312345"),
    SupplierInput("GYS-005", "双城区幸福村股份经济合作社", "N2150422MF0000001F", "村委会", ""),
)


def seed_demo(services: Services, days: int = 3, sales_per_day: int = 24, seed: int = 7) -> None:
    """Fill a freshly initialised station."""
    import_catalog(services.catalog, DEMO_CATALOG)
    users = {u[0]: services.users.create(u[0], u[1], list(u[2]), u[3]) for u in DEMO_USERS}
    services.settings.set("rounding", "drop_fen")
    services.settings.set("scale_layouts", ["28PPPPPWWWWWC", "20PPPPPWWWWWAAAAAC"])  # the demo scale's formats
    services.certification.import_file(DEMO_CERTIFIED)
    services.households.import_file(DEMO_HOUSEHOLDS)
    here = services.station.station_code
    services.households.upsert(  # the demo station pays its own households
        [
            HouseholdInput(h.code, h.head_name, h.village, h.phone, h.category_code, "cash", home_station_code=here)
            for h in (p.household for p in services.ledger.progress())
        ]
    )
    manager = users["manager"]
    for code, name, unit, price, key, qty in DEMO_CONSIGNMENTS:
        codes = (with_check_digit(key),) if isinstance(key, str) else ()
        plu = key if isinstance(key, int) else None
        services.consignment.intake(
            code,
            quantity=qty,
            price_fen=price,
            received_by=manager,
            new_product=ProductInput(name, unit, price, codes, "农户代销", plu=plu),
        )
    canteen = services.buyers.add("区政府机关食堂", "canteen", "食堂王主任 010-6952xxxx")
    union = services.buyers.add("区总工会", "union", "")
    neighbour = services.buyers.add("幸福里小区居民 刘女士", "person", "")
    services.buyers.subscribe(canteen.id, "SC-001", "土鸡蛋", "每周 200 枚")
    services.buyers.subscribe(union.id, "SC-002", "双城大鹅", "春节 50 只")
    services.buyers.subscribe(neighbour.id, "SC-004", "小笨鸡", "每月 2 只")

    for item in DEMO_SUPPLIERS:
        services.suppliers.save(item, by=manager)

    rng = random.Random(seed)
    products = services.catalog.page(0, 10_000)
    packaged = [p for p in products if p.codes]
    weighed = [p for p in products if p.sold_by_weight and p.plu]
    own = [p for p in products if not p.pass_through]
    services.stock.opening(  # valued at about 78 % of the shelf price: the demo's margins are plausible
        {p.id: 50_000 if p.sold_by_weight else 40 for p in own}, costs={p.id: p.price_fen * 78 // 100 for p in own}
    )
    services.purchasing.receive(  # a delivery from the millet cooperative, with its cost prices
        "GYS-001",
        [
            ReceiptItem("6935000000016", 60, 620, "2611-A", date(2027, 5, 31)),
            ReceiptItem("6901000000028", 30, 1180, "2611-A", date(2027, 5, 31)),
            ReceiptItem("6948000000030", 12, 2750, "2611-B", date(2027, 4, 30)),
        ],
        by=manager,
        note="XN-20261128",
    )

    today = services.clock.now().astimezone(LOCAL_TZ).date()
    clock = FixedClock(datetime.combine(today, time(8, 30), LOCAL_TZ))
    past = build_services(services.db, clock, services.station)
    cashier = users["cashier"]
    _residents_and_deliveries(past, clock, today, users, random.Random(seed + 1), products, first_day=days + 1)
    for back in range(days, 0, -1):
        clock.set(datetime.combine(today - timedelta(days=back), time(8, 30), LOCAL_TZ))
        past.shifts.open(cashier.id, 20_000)
        checkout = past.checkout()
        checkout.new_sale(cashier.id, cashier.display_name)
        # the district canteen's weekly order, on account: household eggs and certified millet
        clock.advance(minutes=20)
        checkout.set_buyer(canteen)
        checkout.scan(with_check_digit("695800000901"), qty=60)
        checkout.scan("6935000000016", qty=10)
        checkout.scan("6953000000102", qty=2)
        plan = checkout.start_payment()
        plan.add("account", plan.due_fen, reference=f"GZ{today - timedelta(days=back):%m%d}")
        checkout.pay(plan)
        for _ in range(sales_per_day):
            clock.advance(minutes=rng.randint(5, 30))
            for _ in range(rng.randint(1, 5)):
                if weighed and rng.random() < 0.35:
                    p = rng.choice(weighed)
                    grams = rng.randint(300, 2500)
                    checkout.scan(with_check_digit(f"28{p.plu:05d}{grams:05d}"))
                else:
                    checkout.scan(rng.choice(packaged).codes[0], qty=rng.choice((1, 1, 1, 2, 3)))
            plan = checkout.start_payment()
            due = plan.due_fen
            kind = rng.random()
            if kind < 0.45:
                plan.add("cash", div_round_half_up(due, 1000) * 1000 if due % 1000 else due)
                if not plan.complete:
                    plan.add("cash", plan.remaining_fen)
            elif kind < 0.8:
                code = "13" + "".join(rng.choice("0123456789") for _ in range(16))
                plan.add(
                    "mobile",
                    due,
                    masked_code=code[:4] + "*" * 10 + code[-4:],
                    reference=f"WX{rng.randint(10**9, 10**10)}",
                )
            elif kind < 0.9:
                plan.add("love_card", due, reference=f"AX{rng.randint(1000, 9999)}")
            else:
                half = due // 2
                plan.add("elder_card", half, reference=f"YL{rng.randint(1000, 9999)}")
                plan.add("cash", due - half)
            assert all(t.tender.kind in TenderKind for t in plan.lines)
            checkout.pay(plan)
        clock.set(datetime.combine(today - timedelta(days=back), time(20, 0), LOCAL_TZ))
        expected = past.shifts.figures().tenders
        cash = next(t.expected_fen for t in expected if t.tender_code == "cash")
        past.shifts.close(cashier.id, {"cash": cash - (50 if back == 1 else 0)})


RESIDENT_NAMES = (
    "王大爷",
    "李奶奶",
    "张桂芝",
    "刘德顺",
    "陈秀英",
    "杨老师",
    "赵凤兰",
    "黄文华",
    "周大娘",
    "吴淑珍",
    "徐建国",
    "孙玉梅",
    "马大爷",
    "朱秀兰",
    "胡振华",
    "郭老太",
    "何桂香",
    "高德明",
    "林阿婆",
    "罗玉珍",
    "梁守义",
    "宋淑芬",
)
COMPOUNDS = ("幸福里小区", "东升小区", "团结路社区", "光明家园")
SLOTS = ("上午", "下午")


def _residents_and_deliveries(  # type: ignore[no-untyped-def]
    past: Services, clock: FixedClock, today: date, users, rng: random.Random, products, *, first_day: int
) -> None:
    """22 elderly residents, and three weeks of phone orders delivered and paid, with a few orders
    waiting for today: the volunteer's screen is never empty on a demo station."""
    volunteer, cashier = users["volunteer"], users["cashier"]
    clock.set(datetime.combine(today - timedelta(days=22), time(8, 0), LOCAL_TZ))
    for i, name in enumerate(RESIDENT_NAMES, start=1):
        past.residents.add_resident(
            f"R-{i:03d}",
            name,
            [f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"],
            compound=COMPOUNDS[i % len(COMPOUNDS)],
            building=str(rng.randint(1, 12)),
            unit=str(rng.randint(1, 4)),
            room=f"{rng.randint(1, 6)}0{rng.randint(1, 4)}",
            notes=rng.choice(("", "", "耳背，请大声", "四楼无电梯", "糖尿病，少糖", "独居，送到屋里")),
            family=rng.choice(("", "", "女儿 王丽 13800000001", "儿子 张强 13900000002")),
            consent_date=today - timedelta(days=30),
        )
    staples = [p for p in products if p.codes and not p.pass_through][:60]
    weighed = [p for p in products if p.sold_by_weight and p.plu and not p.pass_through][:20]
    for back in range(21, first_day - 1, -1):  # the days before the sales history: deliveries only
        day = today - timedelta(days=back)
        clock.set(datetime.combine(day, time(8, 0), LOCAL_TZ))
        past.shifts.open(cashier.id, 0)
        for _ in range(rng.randint(1, 3)):
            resident = f"R-{rng.randint(1, len(RESIDENT_NAMES)):03d}"
            items = [(rng.choice(staples).id, rng.randint(1, 2))]
            if weighed and rng.random() < 0.6:
                items.append((rng.choice(weighed).id, rng.choice((500, 1000, 1500))))
            order = past.deliveries.create_order(resident, items, day=day, slot=rng.choice(SLOTS), by=volunteer)
            clock.advance(minutes=rng.randint(20, 90))
            if rng.random() < 0.08:
                past.deliveries.move(order.order_no, DeliveryState.CANCELLED, by=volunteer, reason="老人已外出")
                continue
            for state in (DeliveryState.CONFIRMED, DeliveryState.PICKED, DeliveryState.OUT, DeliveryState.DELIVERED):
                past.deliveries.move(order.order_no, state, by=volunteer)
                clock.advance(minutes=rng.randint(5, 25))
            past.deliveries.pay_on_delivery(order.order_no, by=volunteer)
        clock.set(datetime.combine(day, time(17, 0), LOCAL_TZ))
        cash = next(t.expected_fen for t in past.shifts.figures().tenders if t.tender_code == "cash")
        past.shifts.close(cashier.id, {"cash": cash})
    clock.set(datetime.combine(today, time(7, 30), LOCAL_TZ))
    for code, slot in (("R-001", "上午"), ("R-002", "下午"), ("R-005", "上午")):  # today's, still to go
        order = past.deliveries.create_order(
            code, [(staples[0].id, 1), (staples[3].id, 2)], day=today, slot=slot, by=volunteer
        )
        if code != "R-005":
            past.deliveries.move(order.order_no, DeliveryState.CONFIRMED, by=volunteer)
