"""Generate a station with a big realistic catalog (default 500,000 products) for the benchmarks.

Names are built from origins, qualities, products and packs as district catalogs spell them
(内蒙古 有机 小米 2.5kg); pinyin comes from pypinyin per part; barcodes are GS1 China EAN-13s; one
product in twelve is sold by weight with a PLU; one in eight is a certified poverty-relief product
(a certificate from its cooperative, one in ten of them lapsed). Writes straight through sqlite3 for speed and reuses
an existing file of the same size.

    python -m tests.benchmarks.catalog_gen [--products 500000] [--out bench-data/catalog-500000.db]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.benchmarks.common import DATA

ORIGINS = [
    "内蒙古",
    "赤峰",
    "双城",
    "通州",
    "宁夏",
    "新疆",
    "五常",
    "河套",
    "锡林郭勒",
    "呼伦贝尔",
    "乌兰察布",
    "巴彦淖尔",
    "哈尔滨",
    "黑河",
    "延边",
    "敖汉",
    "科尔沁",
    "兴安盟",
    "鄂尔多斯",
    "包头",
    "阿拉善",
    "通辽",
    "奈曼",
    "翁牛特",
    "林西",
    "巴林",
    "宁城",
    "克什克腾",
    "多伦",
    "太仆寺",
]
QUALITIES = [
    "",
    "有机",
    "农家",
    "精选",
    "特级",
    "野生",
    "手工",
    "散养",
    "老字号",
    "绿色",
    "生态",
    "高山",
    "原生态",
    "古法",
    "头茬",
    "新鲜",
]
PRODUCTS = [
    ("小米", "粮油"),
    ("西红柿", "蔬菜"),
    ("大米", "粮油"),
    ("土鸡蛋", "肉禽蛋"),
    ("鹅蛋", "肉禽蛋"),
    ("牛肉干", "零食"),
    ("羊肉", "肉禽蛋"),
    ("奶皮子", "乳品"),
    ("蜂蜜", "干货"),
    ("黑木耳", "干货"),
    ("香菇", "干货"),
    ("枸杞", "干货"),
    ("红枣", "干货"),
    ("胡麻油", "粮油"),
    ("菜籽油", "粮油"),
    ("荞麦面", "粮油"),
    ("莜面", "粮油"),
    ("燕麦", "粮油"),
    ("绿豆", "粮油"),
    ("红豆", "粮油"),
    ("黄豆", "粮油"),
    ("黑豆", "粮油"),
    ("葵花籽", "零食"),
    ("南瓜子", "零食"),
    ("土豆", "蔬菜"),
    ("黄瓜", "蔬菜"),
    ("大葱", "蔬菜"),
    ("白菜", "蔬菜"),
    ("胡萝卜", "蔬菜"),
    ("辣椒", "蔬菜"),
    ("茄子", "蔬菜"),
    ("蘑菇", "蔬菜"),
    ("苹果", "水果"),
    ("梨", "水果"),
    ("沙棘", "水果"),
    ("葡萄", "水果"),
    ("蜜瓜", "水果"),
    ("西瓜", "水果"),
    ("酸奶", "乳品"),
    ("奶酪", "乳品"),
    ("奶茶粉", "乳品"),
    ("牛奶", "乳品"),
    ("风干牛肉", "肉禽蛋"),
    ("羊排", "肉禽蛋"),
    ("鸡腿", "肉禽蛋"),
    ("整鸡", "肉禽蛋"),
    ("粉条", "粮油"),
    ("挂面", "粮油"),
    ("炒米", "粮油"),
    ("黄花菜", "干货"),
    ("苦荞茶", "饮料"),
    ("沙棘汁", "饮料"),
    ("杏仁露", "饮料"),
    ("矿泉水", "饮料"),
    ("锅巴", "零食"),
    ("饼干", "零食"),
    ("月饼", "零食"),
    ("麻花", "零食"),
    ("酱油", "调味品"),
    ("陈醋", "调味品"),
    ("食盐", "调味品"),
    ("白糖", "调味品"),
    ("花椒", "调味品"),
    ("豆瓣酱", "调味品"),
    ("芝麻酱", "调味品"),
    ("洗衣粉", "日用品"),
    ("牙膏", "日用品"),
    ("卷纸", "日用品"),
    ("香皂", "日用品"),
    ("毛巾", "日用品"),
    ("核桃", "干货"),
    ("花生", "干货"),
    ("玉米", "蔬菜"),
    ("山药", "蔬菜"),
    ("红薯", "蔬菜"),
    ("南瓜", "蔬菜"),
    ("芹菜", "蔬菜"),
    ("菠菜", "蔬菜"),
    ("韭菜", "蔬菜"),
]
PACKS = [
    "",
    "500g",
    "1kg",
    "2.5kg",
    "5kg",
    "250g",
    "礼盒装",
    "家庭装",
    "10枚",
    "30枚",
    "250ml",
    "1L",
    "袋装",
    "罐装",
    "箱装",
    "经济装",
]
COOPS = [
    "",
    "",
    "",
    "兴农合作社",
    "丰收合作社",
    "草原人家",
    "金穗",
    "绿源",
    "塞北",
    "蒙原",
    "黑土地",
    "北大荒",
    "田园",
    "乡味",
    "山里红",
]


def check_digit(body: str) -> str:
    total = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def generate(out: Path, n: int, seed: int = 1) -> Path:
    from pos_app.domain.clock import SystemClock
    from pos_app.domain.search import pinyin_keys, search_key
    from pos_app.services.station import init_station, open_database

    if out.exists():
        with sqlite3.connect(out) as con:
            made = con.execute("select count(*) from product where search_name != ''").fetchone()[0]
            certified = con.execute("select count(*) from certificate_product").fetchone()[0]
            if made == n and certified == (n + 7) // 8:
                return out
        out.unlink()
    out.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(out)
    init_station(db, SystemClock(), "BIG1", "基准测试站", 1)
    db.dispose()

    from pos_app.domain.ids import new_id

    rng = random.Random(seed)
    parts = {p for p in ORIGINS + QUALITIES + [x for x, _ in PRODUCTS] + PACKS + COOPS if p}
    keys = {p: pinyin_keys(p) for p in parts}
    keys[""] = ("", "")
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    t0 = time.perf_counter()
    con = sqlite3.connect(out)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    products: list[tuple] = []
    codes: list[tuple] = []
    certs: list[tuple] = []
    links: list[tuple] = []
    for i in range(n):
        coop, origin, quality = rng.choice(COOPS), rng.choice(ORIGINS), rng.choice(QUALITIES)
        base, category = rng.choice(PRODUCTS)
        weighed = i % 12 == 0
        pack = "" if weighed else rng.choice(PACKS)
        name_parts = [coop, origin, quality, base] if coop else [origin, quality, base]
        name = "".join(name_parts) + (f" {pack}" if pack else "")
        initials = "".join(keys[p][0] for p in [*name_parts, pack])
        full = "".join(keys[p][1] for p in [*name_parts, pack])
        pid = new_id()
        price = rng.randint(100, 20_000)
        products.append(
            (
                pid,
                name,
                "kg" if weighed else "袋",
                weighed,
                price,
                100_000 + i if weighed else None,
                category,
                True,
                initials,
                full,
                search_key(name),
                now,
                now,
            )
        )
        body = f"69{i:010d}"
        code = body + check_digit(body)
        codes.append((code, pid))
        if i % 8 == 0:  # one product in eight is a certified poverty-relief product; one in ten of those lapsed
            cid = new_id()
            valid_to = "2025-12-31" if i % 80 == 0 else "2028-12-31"
            supplier = (coop or origin) + "农业合作社"
            certs.append(
                (
                    cid,
                    f"FP-2026-{i:07d}",
                    name,
                    supplier,
                    f"93{i:016d}",
                    origin,
                    category,
                    "线下",
                    "2025-01-01",
                    valid_to,
                    rng.randint(1, 60),
                    code,
                    now,
                    now,
                )
            )
            links.append((cid, pid))
        if len(products) >= 50_000:
            _flush(con, products, codes, certs, links)
    _flush(con, products, codes, certs, links)
    con.execute("insert or replace into setting(key, value) values ('catalog_version', '1')")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    print(f"generated {n} products in {time.perf_counter() - t0:.1f} s → {out}")
    return out


def _flush(
    con: sqlite3.Connection, products: list[tuple], codes: list[tuple], certs: list[tuple], links: list[tuple]
) -> None:
    con.executemany(
        "insert into product(id, name, unit_label, sold_by_weight, price_fen, plu, category, active, "
        "pinyin_initials, pinyin_full, search_name, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        products,
    )
    con.executemany("insert into product_code(code, product_id) values (?,?)", codes)
    con.executemany(
        "insert into certificate(id, cert_no, product_name, supplier_name, supplier_credit_code, origin, category,"
        " channel, valid_from, valid_to, households_driven, barcodes, created_at, updated_at)"
        " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        certs,
    )
    con.executemany("insert into certificate_product(certificate_id, product_id) values (?,?)", links)
    con.commit()
    for rows in (products, codes, certs, links):
        rows.clear()


def default_path(n: int) -> Path:
    return DATA / f"catalog-{n}.db"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--products", type=int, default=500_000)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    generate(args.out or default_path(args.products), args.products)


if __name__ == "__main__":
    main()
