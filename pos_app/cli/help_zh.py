"""pos-admin's help in Chinese: each English help text of its commands and options, as the station
says it. A test walks the parser and requires every help text here (and nothing here unused), as
the Qt catalog is kept complete for the screens."""

from __future__ import annotations

HELP_ZH: dict[str, str] = {
    "扶贫 POS station administration": "扶贫 POS 门店管理",
    "show this help message and exit": "显示本帮助并退出",
    "what to do": "要做的事",
    # commands
    "create or migrate a station database": "新建门店数据库（或升级已有的）",
    "back up the station database now (or list the backups)": "立即备份门店数据库（或列出备份）",
    "put a backup in place of the station database (close the app first)": "用备份替换门店数据库（请先关闭收银程序）",
    "show the station, catalog size, open shift and sync state": "显示门店、商品数、当前班次和同步状态",
    "show or change a station setting (value as JSON)": "查看或修改门店设置（值为 JSON）",
    "import products from CSV or XLSX": "从 CSV 或 XLSX 导入商品",
    "import the district's certified-product list (CSV or XLSX)": "导入区里的扶贫产品认定名录（CSV 或 XLSX）",
    "print shelf or scale labels to PDF": "把货架标签或秤签打印为 PDF",
    "import suppliers (CSV or XLSX: 编码, 名称, 统一社会信用代码, 联系人, 电话)": (
        "导入供应商（CSV 或 XLSX：编码、名称、统一社会信用代码、联系人、电话）"
    ),
    "list the suppliers and the certificates each holds": "列出供应商及其持有的认定",
    "receive a supplier's delivery note (CSV or XLSX: 条码, 数量 — pieces, or kg when weighed —, 进价 yuan)": (
        "按供应商送货单收货（CSV 或 XLSX：条码、数量（件；称重商品为千克，也可写“3斤”）、进价（元））"
    ),
    "write off goods that cannot be sold (报损), with a manager's PIN": "报损无法出售的商品（需主管 PIN）",
    "book a stocktake from a count sheet (CSV or XLSX: 条码, 数量 — pieces, or kg —, optional 原因), "
    "with a manager's PIN": "按盘点表记账（CSV 或 XLSX：条码、数量（件或千克）、可选“原因”），需主管 PIN",
    "import the household registry (CSV or XLSX)": "导入建档立卡户名录（CSV 或 XLSX）",
    "import elderly residents for home delivery (CSV or XLSX)": "导入送货上门的老年居民（CSV 或 XLSX）",
    "erase a resident's personal data (orders stay, anonymised)": "删除居民的个人信息（订单保留并匿名）",
    "print a report to PDF": "把报表打印为 PDF",
    "export products, sales lines, payments, household ledger or certified sales": (
        "导出商品、销售明细、收款、农户台账或扶贫产品销售"
    ),
    "verify, list or export the audit log": "校验、列出或导出审计日志",
    "enroll this terminal with the district server (a one-time code)": "用一次性注册码把本终端注册到区服务器",
    "push queued facts and pull the district's reference data": "上传待同步数据并下载区里的基础数据",
    "facts the district server refused: list, retry or export": "区服务器拒收的数据：列出、重试或导出",
    # options
    "station code, e.g. TZ01": "门店编号，如 TZ01",
    "station name": "门店名称",
    "terminal number (1-99)": "终端号（1–99）",
    "fill with the demo catalog, users and sales": "填入演示商品、用户和销售",
    "station database file (default: $POS_DB, or the data directory's station)": (
        "门店数据库文件（默认：$POS_DB，或数据目录中的门店）"
    ),
    "file to write (default: backups/ beside the database)": "写入的文件（默认：数据库旁的 backups/）",
    "list the backups instead": "改为列出备份",
    "the backup file to restore": "要恢复的备份文件",
    "language, rounding, scale_layouts, printer": (
        "language（语言）、rounding（抹零）、scale_layouts（秤码格式）、printer（打印机）等"
    ),
    'e.g. \'"zh_CN"\', \'"drop_jiao"\', \'{"kind": "network", "host": "..."}\'': (
        '例如 \'"zh_CN"\'、\'"drop_jiao"\'、\'{"kind": "network", "host": "..."}\''
    ),
    "the product file (.csv or .xlsx)": "商品文件（.csv 或 .xlsx）",
    "import the good rows, list the bad ones": "导入正确的行，列出有误的行",
    "the certified-product list (.csv or .xlsx)": "认定名录文件（.csv 或 .xlsx）",
    "only this category": "只打印此分类",
    "only these barcodes, comma-separated": "只打印这些条码，用逗号分隔",
    "a pre-packed weighed item (repeatable)": "一件预包装称重商品（可重复）",
    "label sheet or roll (default a4-3x8)": "标签纸或卷纸版式（默认 a4-3x8）",
    "the PDF to write": "要写入的 PDF 文件",
    "the suppliers file (.csv or .xlsx)": "供应商文件（.csv 或 .xlsx）",
    "code, name or credit code": "编码、名称或统一社会信用代码",
    "the delivery note (.csv or .xlsx)": "送货单文件（.csv 或 .xlsx）",
    "the supplier's code": "供应商编码",
    "the delivery note's number": "送货单号",
    "goods sent back to the supplier (退货)": "退还给供应商的商品（退货）",
    "write the receipt document (PDF) here": "把收货单（PDF）写到这里",
    "barcode or PLU": "条码或 PLU",
    "pieces, or kg for weighed goods": "件数；称重商品为千克（也可写“3斤”）",
    "why it cannot be sold": "无法出售的原因",
    "a note for the record": "备注",
    "the count sheet (.csv or .xlsx)": "盘点表（.csv 或 .xlsx）",
    "count only this category (default: every product)": "只盘点此分类（默认：全部商品）",
    "the count was complete: products not on the sheet have none": "全盘：表上没有的商品视为零库存",
    "write the variance report (PDF) here": "把盘点差异报告（PDF）写到这里",
    "the registry file (.csv or .xlsx)": "名录文件（.csv 或 .xlsx）",
    "the residents file (.csv or .xlsx)": "居民文件（.csv 或 .xlsx）",
    "the resident's code": "居民编号",
    "which report": "哪种报表",
    "the household code (report household)": "农户编号（report household 时）",
    "the day (default: today)": "日期（默认：今天）",
    "first day of a period": "期间的第一天",
    "last day of a period": "期间的最后一天",
    "the year (household, income; default: this year)": "年份（household、income；默认：今年）",
    "printed by (name on the report)": "打印人（印在报表上的姓名）",
    "what to export": "导出什么",
    "households: full ID and bank numbers (an admin's PIN)": "农户：完整身份证号和银行卡号（需管理员 PIN）",
    "first day (sales, payments, ledger)": "第一天（销售、收款、台账）",
    "last day (sales, payments, ledger)": "最后一天（销售、收款、台账）",
    "file to write (.csv or .xlsx)": "要写入的文件（.csv 或 .xlsx）",
    "verify the chain, list entries or export them": "校验日志链、列出条目或导出",
    "only entries mentioning this": "只看提到此内容的条目",
    "file for export (.csv or .xlsx)": "导出文件（.csv 或 .xlsx）",
    "comma-separated: cashier,volunteer,manager,admin": (
        "用逗号分隔：cashier（收银员）、volunteer（志愿者）、manager（主管）、admin（管理员）"
    ),
    "the district server's URL, e.g. https://pos.example.gov.cn": "区服务器地址，如 https://pos.example.gov.cn",
    "the code from `pos-server enroll-code`": "区里用 `pos-server enroll-code` 生成的注册码",
    "one round, then exit (default: keep syncing)": "同步一轮后退出（默认：持续同步）",
    "seconds between rounds (default 30)": "两轮之间的秒数（默认 30）",
    "list them, send them again or export them": "列出、重新发送或导出",
    "a manager (retry, export)": "一位主管的用户名（retry、export 时）",
    "list the tenders, or rename one or take it off the payment screen": "列出收款方式，或改名、从收款界面停用",
    "add, change or list users": "添加、修改或列出用户",
    "an administrator (of the station as it is, or of the backup when the station will not open)": (
        "一位管理员（当前门店的；当前数据库打不开时，为该备份中的管理员）"
    ),
    "that user's PIN (default: $POS_PIN, or asked for)": "该用户的 PIN（默认取 $POS_PIN，或在终端上询问）",
    "the administrator changing it (showing needs no one)": "修改设置的管理员（只查看无需）",
    "the tender's code (see the list)": "收款方式编码（见列表）",
    "the name the payment screen and receipts show": "收款界面和小票上显示的名称",
    "take it off the payment screen": "从收款界面停用",
    "put it back": "重新启用",
    "the administrator changing it (listing needs no one)": "修改的管理员（只列出无需）",
    "a manager (the file sets what the till charges)": "一位主管（文件决定收银价格）",
    "a manager": "一位主管",
    "the manager receiving it": "收货的主管",
    "the approving manager": "批准的主管",
    "a volunteer or a manager": "一位志愿者或主管",
    "an administrator": "一位管理员",
    "the administrator exporting unmasked data": "导出完整数据的管理员",
    "add a user, change one or list them": "添加用户、修改用户或列出用户",
    "the sign-in name (add, edit)": "登录名（add、edit 时）",
    "the name shown and printed (add, edit)": "显示和打印的姓名（add、edit 时）",
    "the user's PIN: 4-8 digits, 6-8 for a manager or an administrator": (
        "该用户的 PIN：4–8 位数字，主管和管理员 6–8 位"
    ),
    "the user may no longer sign in (edit)": "停用：该用户不能再登录（edit 时）",
    "the user may sign in again (edit)": "启用：该用户可以重新登录（edit 时）",
    "the administrator making the change (not needed for a new station's first one)": (
        "做此修改的管理员（新门店的第一个管理员无需）"
    ),
    "the administrator enrolling it": "办理注册的管理员",
    # counter hardware
    "the networked label scales: list, add, remove, send them the PLUs": "联网条码秤：列出、添加、删除、发送商品",
    "what to do with them": "要做的事",
    "the scale's name (add, remove; send: only this one)": "秤的名称（添加、删除；发送时只发这一台）",
    "add: the scale's address[:port] (port 4001 when not given)": "添加时：秤的地址[:端口]（不写端口为 4001）",
    "the administrator adding or removing one": "添加或删除条码秤的管理员",
    "read the counter scale as the settings describe it, for a few seconds": "按设置读取电子秤几秒钟",
    "how long to read (default 5)": "读取多少秒（默认 5）",
}
