"""Regenerate demo_certified.csv and demo_households.csv (deterministic, fictitious people)."""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).parent
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_W = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ID_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def credit(body: str) -> str:
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(body, CREDIT_W, strict=True))
    return body + CREDIT_CHARS[(31 - total % 31) % 31]


def id_number(body: str) -> str:
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, ID_W, strict=True)) % 11]


SUPPLIERS = [
    ("赤峰市兴农杂粮种植专业合作社", credit("93150400MA0N12345"), "内蒙古赤峰市"),
    ("兴安盟蒙香食品有限公司", credit("91152200MA0Q23456"), "内蒙古兴安盟"),
    ("哈尔滨市双城区幸福养殖专业合作社", credit("93230113MA1B34567"), "黑龙江哈尔滨市双城区"),
    ("乌兰察布市草原牧业有限公司", credit("91150900MA0R45678"), "内蒙古乌兰察布市"),
]


def certified_rows(catalog: Path) -> list[list[str]]:
    with catalog.open(encoding="utf-8") as fh:
        products = [r for r in csv.DictReader(fh) if r["类别"] == "扶贫特产" and r["条码"]]
    out = [
        [
            "证书编号",
            "产品名称",
            "生产企业/供应商",
            "统一社会信用代码",
            "产地",
            "类别",
            "有效期起",
            "有效期止",
            "条码",
            "带贫户数",
            "认定类型",
            "认定机构",
            "认定批次",
        ]
    ]
    for i, p in enumerate(products):
        name = p["名称"]
        pick = (
            0
            if any(k in name for k in ("小米", "莜面", "杂粮", "炒米", "苦荞", "黄花"))
            else (1 if "蒙香" in name else 2 if any(k in name for k in ("鹅", "蛋", "玉米", "粉条")) else 3)
        )
        supplier, code, origin = SUPPLIERS[pick]
        valid_to = "2026-12-15" if i % 7 == 3 else "2027-06-30"  # a few expire soon, for the review list
        out.append(
            [
                f"FP-2026-{i + 1:04d}",
                p["名称"].split(" ")[0],
                supplier,
                code,
                origin,
                "扶贫特产",
                "2026-01-01",
                valid_to,
                p["条码"],
                str(20 + i * 7),
                *(  # most under the 2024 regime; some certified in 2020 and carried over
                    ("扶贫产品认定（2020）", "国务院扶贫开发领导小组办公室", "2020年第三批")
                    if i % 4 == 3
                    else ("消费帮扶产品认定（2024）", "内蒙古自治区乡村振兴局", "2026年第一批")
                ),
            ]
        )
    return out


HOUSEHOLDS = [
    ("SC-001", "张桂兰", "双城区幸福村", "建档立卡贫困户"),
    ("SC-002", "李富贵", "双城区永胜村", "边缘户"),
    ("SC-003", "王秀英", "双城区幸福村", "脱贫不稳定户"),
    ("SC-004", "赵德明", "双城区新兴村", "建档立卡贫困户"),
    ("SC-005", "刘凤芝", "双城区永胜村", "边缘易致贫户"),
    ("SC-006", "陈国强", "双城区东升村", "建档立卡贫困户"),
    ("SC-007", "杨淑珍", "双城区东升村", "突发严重困难户"),
    ("SC-008", "孙长海", "双城区新兴村", "边缘户"),
    ("TZ-101", "周玉兰", "通州区于家务村", "脱贫不稳定户"),
    ("TZ-102", "吴振华", "通州区西集村", "边缘户"),
]


def household_rows() -> list[list[str]]:
    out = [["户编码", "户主姓名", "所在村", "电话", "类别", "结算方式", "身份证号", "银行账号", "同意日期"]]
    for i, (code, name, village, cat) in enumerate(HOUSEHOLDS):
        bank = i % 3 == 1
        out.append(
            [
                code,
                name,
                village,
                f"1380000{i:04d}",
                cat,
                "银行" if bank else "现金",
                id_number(f"2301131960{(i % 12) + 1:02d}{10 + i:02d}{100 + i:03d}"),
                f"62220202001122{i:05d}" if bank else "",
                "2026-03-01",
            ]
        )
    return out


if __name__ == "__main__":
    for name, rows in (
        ("demo_certified.csv", certified_rows(HERE / "demo_catalog.csv")),
        ("demo_households.csv", household_rows()),
    ):
        with (HERE / name).open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows)
        print(f"{len(rows) - 1} rows → {name}")
