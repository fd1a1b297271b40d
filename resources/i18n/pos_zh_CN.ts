<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AuditTab</name>
    <message>
        <location filename="../../pos_app/ui/manager/audit.py" line="33"/>
        <source>Action, receipt, product or household</source>
        <translation>操作、小票、商品或农户</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/audit.py" line="36"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/audit.py" line="37"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/audit.py" line="38"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/audit.py" line="39"/>
        <source>Approved by</source>
        <translation>授权人</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/audit.py" line="40"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/audit.py" line="41"/>
        <source>Target</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/audit.py" line="42"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/audit.py" line="47"/>
        <source>Check the chain</source>
        <translation>校验审计链</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/audit.py" line="49"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/audit.py" line="86"/>
        <source>The audit log is intact</source>
        <translation>审计日志完整，未被篡改</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/audit.py" line="88"/>
        <source>Broken at entry {0}: edited, deleted or reordered</source>
        <translation>第 {0} 条被修改、删除或调换顺序</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/audit.py" line="93"/>
        <source>Export the audit log</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/audit.py" line="97"/>
        <source>{0} entries exported</source>
        <translation>已导出 {0} 条</translation>
    </message>
</context>
<context>
    <name>BuyerDialog</name>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="377"/>
        <source>Buyer for this sale</source>
        <translation>本单采购方</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="374"/>
        <source>— no buyer —</source>
        <translation>— 无采购方 —</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="373"/>
        <source>  (on account)</source>
        <translation>（可挂账）</translation>
    </message>
</context>
<context>
    <name>BuyersTab</name>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="27"/>
        <location filename="../../pos_app/ui/manager/buyers.py" line="33"/>
        <source>Buyer</source>
        <translation>采购方</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="27"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="27"/>
        <source>On account</source>
        <translation>挂账</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="27"/>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="31"/>
        <source>Household</source>
        <translation>农户代销</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="32"/>
        <source>Head</source>
        <translation>户主</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="34"/>
        <source>Produce</source>
        <translation>认购产品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="35"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="36"/>
        <source>From</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="40"/>
        <source>New buyer&apos;s name</source>
        <translation>新采购方名称</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="44"/>
        <source>Add buyer</source>
        <translation>添加采购方</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="47"/>
        <source>Household code</source>
        <translation>农户编码</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="49"/>
        <source>Produce, e.g. 土鸡蛋</source>
        <translation>认购产品，如 土鸡蛋</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="51"/>
        <source>How much, e.g. 每周 200 枚</source>
        <translation>数量，如 每周 200 枚</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="52"/>
        <source>Subscribe selected buyer</source>
        <translation>为所选采购方登记认购</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="64"/>
        <source>Buyers</source>
        <translation>采购方</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="67"/>
        <source>Subscriptions (认购)</source>
        <translation>认购登记</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="75"/>
        <source>Person</source>
        <translation>个人</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="76"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="77"/>
        <source>Canteen</source>
        <translation>食堂</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="78"/>
        <source>Union</source>
        <translation>工会</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="86"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/buyers.py" line="114"/>
        <source>choose a buyer</source>
        <translation>请选择采购方</translation>
    </message>
</context>
<context>
    <name>CartModel</name>
    <message>
        <location filename="../../pos_app/ui/cart_model.py" line="50"/>
        <source>#</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cart_model.py" line="51"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cart_model.py" line="52"/>
        <source>Qty / weight</source>
        <translation>数量/重量</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cart_model.py" line="53"/>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cart_model.py" line="54"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cart_model.py" line="55"/>
        <source>Marks</source>
        <translation>标记</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cart_model.py" line="69"/>
        <source>Certified</source>
        <translation>扶贫认证</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cart_model.py" line="72"/>
        <source>Household</source>
        <translation>农户代销</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cart_model.py" line="70"/>
        <source>Certified poverty-relief product, certificate {0}</source>
        <translation>扶贫认证产品，证书编号 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cart_model.py" line="73"/>
        <source>Household consignment: {0}</source>
        <translation>农户代销：{0}</translation>
    </message>
</context>
<context>
    <name>CertificatesTab</name>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="32"/>
        <source>Certificate number, product or supplier</source>
        <translation>证书编号、产品或企业</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="33"/>
        <source>Expiring within 30 days</source>
        <translation>30 天内到期</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="34"/>
        <source>Not linked to a product</source>
        <translation>未关联商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="37"/>
        <source>Certificate</source>
        <translation>证书编号</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="38"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="39"/>
        <source>Supplier</source>
        <translation>生产企业/供应商</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="40"/>
        <source>Regime</source>
        <translation>认定类型</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="41"/>
        <source>Issuer and batch</source>
        <translation>认定机构与批次</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="42"/>
        <source>Valid from</source>
        <translation>有效期起</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="43"/>
        <source>Valid to</source>
        <translation>有效期止</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="44"/>
        <source>Products</source>
        <translation>关联商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="45"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="53"/>
        <source>Import list…</source>
        <translation>导入认定名录…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="55"/>
        <source>Link to a product…</source>
        <translation>关联商品…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="89"/>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="89"/>
        <source>Not yet valid</source>
        <translation>未生效</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="91"/>
        <source>Expires soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="93"/>
        <source>Valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="99"/>
        <source>not stated</source>
        <translation>未注明</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="108"/>
        <source>{0} certificates</source>
        <translation>共 {0} 个证书</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="111"/>
        <source>Certified-product list</source>
        <translation>扶贫产品认定名录</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="119"/>
        <source>Nothing imported</source>
        <translation>未导入</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/certificates.py" line="122"/>
        <source>{0} new, {1} updated, {2} not linked yet</source>
        <translation>新增 {0}，更新 {1}，{2} 个尚未关联商品</translation>
    </message>
</context>
<context>
    <name>ChangePinDialog</name>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="134"/>
        <source>Set a new PIN</source>
        <translation>设置新 PIN</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="142"/>
        <source>{0}: a manager&apos;s or an administrator&apos;s PIN has {1}–{2} digits. Choose a new one to sign in.</source>
        <translation>{0}：主管和管理员的 PIN 须为 {1}–{2} 位数字。请设置新 PIN 后登录。</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="148"/>
        <source>{0}–{1} digits</source>
        <translation>{0}–{1} 位数字</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="150"/>
        <source>New PIN</source>
        <translation>新 PIN</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="151"/>
        <source>Once more</source>
        <translation>再输一次</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="167"/>
        <source>The two PINs differ: type the new PIN again.</source>
        <translation>两次输入的 PIN 不一致，请重新输入新 PIN。</translation>
    </message>
</context>
<context>
    <name>CheckoutScreen</name>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="102"/>
        <source>Scan or type a barcode / PLU, letters to search — Enter</source>
        <translation>扫码或输入条码/PLU，输入字母可搜索 — 回车</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="146"/>
        <source>Items</source>
        <translation>件数</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="147"/>
        <source>Subtotal</source>
        <translation>小计</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="148"/>
        <location filename="../../pos_app/ui/checkout_screen.py" line="185"/>
        <location filename="../../pos_app/ui/checkout_screen.py" line="543"/>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="149"/>
        <source>Rounding</source>
        <translation>抹零</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="155"/>
        <source>Total due</source>
        <translation>应付金额</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="174"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="175"/>
        <location filename="../../pos_app/ui/checkout_screen.py" line="398"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="176"/>
        <source>Void line</source>
        <translation>删除商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="177"/>
        <source>Hold</source>
        <translation>挂单</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="178"/>
        <source>Resume</source>
        <translation>取单</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="179"/>
        <source>Refund</source>
        <translation>退货</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="180"/>
        <source>Reprint</source>
        <translation>重打小票</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="181"/>
        <source>Open drawer</source>
        <translation>开钱箱</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="182"/>
        <source>Close shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="183"/>
        <source>Lock</source>
        <translation>锁屏</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="184"/>
        <source>Pay</source>
        <translation>结账</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="186"/>
        <source>Buyer</source>
        <translation>采购方</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="187"/>
        <source>Manager</source>
        <translation>管理</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="188"/>
        <source>Deliveries</source>
        <translation>送货</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="502"/>
        <source>No cash drawer is connected: put the cash away by hand</source>
        <translation>没有连接钱箱：请手动收好现金</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="544"/>
        <source>{0} ({1}): yuan off, or 10% off, or 9折</source>
        <translation>{0}（{1}）：优惠金额（元），或 10%，或 9折</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="269"/>
        <source>Buyer: {0}</source>
        <translation>采购方：{0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="340"/>
        <source>{0}: weight in 斤</source>
        <translation>{0}：重量（斤）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="341"/>
        <source>Weight</source>
        <translation>重量</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="340"/>
        <source>{0}: weight in kg</source>
        <translation>{0}：重量（千克）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="208"/>
        <source>+ / −  quantity · ↑↓ choose line · N*code  N pieces</source>
        <translation>+ / − 改数量 · ↑↓ 选行 · N*条码 N 件</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="209"/>
        <source>Enter on empty  pay · Esc  clear</source>
        <translation>空回车 结账 · Esc 清除</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="385"/>
        <source>use F4 to void a line</source>
        <translation>删除商品请按 F4</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="415"/>
        <source>void {0}</source>
        <translation>删除商品 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="424"/>
        <source>Voided {0} (approved by {1})</source>
        <translation>已删除 {0}（{1} 授权）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="436"/>
        <source>Sale held ({0}); F6 resumes it</source>
        <translation>已挂单（{0}），按 F6 取单</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="442"/>
        <source>No held sales</source>
        <translation>没有挂单</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="456"/>
        <source>The open sale was held ({0}); F6 brings it back</source>
        <translation>当前销售已挂单（{0}），按 F6 可取回</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="481"/>
        <source>Last sale {0}: {1}</source>
        <translation>上一单 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="482"/>
        <source>Change {0}</source>
        <translation>找零 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="508"/>
        <source>No receipt to reprint yet</source>
        <translation>还没有可重打的小票</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="512"/>
        <source>Reprinting {0}</source>
        <translation>正在重打 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="518"/>
        <source>Receipt</source>
        <translation>小票</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="523"/>
        <source>open the cash drawer</source>
        <translation>打开钱箱</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="555"/>
        <source>a discount of {0}</source>
        <translation>优惠 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="574"/>
        <source>the manager area</source>
        <translation>管理功能</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="583"/>
        <source>Finish or hold the current sale first</source>
        <translation>请先结账或挂起当前销售</translation>
    </message>
</context>
<context>
    <name>CloseShiftDialog</name>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="30"/>
        <source>Close shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="39"/>
        <source>Note / coin</source>
        <translation>面额</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="40"/>
        <source>Count</source>
        <translation>张数</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="55"/>
        <source>{0} sales {1} · {2} refunds {3}</source>
        <translation>销售 {0} 笔 {1} · 退货 {2} 笔 {3}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="65"/>
        <source>{0}: expected {1}</source>
        <translation>{0}：应有 {1}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="73"/>
        <source>Cash expected (float + sales − refunds)</source>
        <translation>现金应有（备用金 + 收款 − 退款）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="74"/>
        <source>Cash counted</source>
        <translation>现金实点</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="75"/>
        <source>Difference</source>
        <translation>差额</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="85"/>
        <source>{0} held sale(s), {1}: they stay held after the close</source>
        <translation>有 {0} 笔挂单（{1}）未结：交班后仍保留</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="96"/>
        <source>Close shift and print Z</source>
        <translation>交班并打印报表</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="99"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="154"/>
        <source>Counts are whole numbers: {0}</source>
        <translation>张数必须是整数：{0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="163"/>
        <source>Cash short by {0}</source>
        <translation>现金短款 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="163"/>
        <source>Cash over by {0}</source>
        <translation>现金长款 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="168"/>
        <source>{0} held sale(s) not paid</source>
        <translation>{0} 笔挂单未结</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="169"/>
        <source> — press again to close the shift as counted</source>
        <translation>——再按一次按实点金额交班</translation>
    </message>
</context>
<context>
    <name>Countdown</name>
    <message>
        <location filename="../../pos_app/ui/pin.py" line="56"/>
        <source>You may try again now.</source>
        <translation>现在可以再试。</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/pin.py" line="61"/>
        <source>Too many wrong PINs: try again in {0} s</source>
        <translation>PIN 错误次数过多，请 {0} 秒后再试</translation>
    </message>
</context>
<context>
    <name>CustomerWindow</name>
    <message>
        <location filename="../../pos_app/ui/customer_display.py" line="95"/>
        <source>Customer display</source>
        <translation>客显</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/customer_display.py" line="105"/>
        <source>Welcome to {0}</source>
        <translation>欢迎光临 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/customer_display.py" line="125"/>
        <location filename="../../pos_app/ui/customer_display.py" line="153"/>
        <source>Total</source>
        <translation>应付</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/customer_display.py" line="151"/>
        <source>Weighed: {0}</source>
        <translation>称重：{0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/customer_display.py" line="153"/>
        <source>Total, {0} items</source>
        <translation>应付（共 {0} 件）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/customer_display.py" line="159"/>
        <source>Paid {0}</source>
        <translation>实收 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/customer_display.py" line="161"/>
        <source>  ·  change {0}</source>
        <translation>  ·  找零 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/customer_display.py" line="162"/>
        <source>  ·  thank you</source>
        <translation>  ·  谢谢惠顾</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/customer_display.py" line="164"/>
        <source>This purchase sends {0} to {1} poverty-relief households</source>
        <translation>本次购物为 {1} 户帮扶农户带来 {0} 收入</translation>
    </message>
</context>
<context>
    <name>DeliveryScreen</name>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="238"/>
        <source>Phone, name or initials — Enter</source>
        <translation>电话、姓名或拼音首字母 — 回车</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="242"/>
        <source>No resident chosen</source>
        <translation>尚未选择老人</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="249"/>
        <source>F4 New resident</source>
        <translation>F4 新建居民</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="251"/>
        <source>F5 Change</source>
        <translation>F5 修改资料</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="258"/>
        <source>F2 Find the resident</source>
        <translation>F2 查找老人</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="267"/>
        <source>Scan or type a product, then Enter</source>
        <translation>扫码或输入商品名，回车</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="272"/>
        <source>pieces; weighed goods in their price unit (斤 or kg), or say it: 2斤, 500g</source>
        <translation>件数；称重商品按计价单位（斤或千克），也可写明：2斤、500g</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="278"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="278"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="278"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="278"/>
        <source>Marks</source>
        <translation>标记</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="291"/>
        <source>Morning</source>
        <translation>上午</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="291"/>
        <source>Afternoon</source>
        <translation>下午</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="291"/>
        <source>Evening</source>
        <translation>晚上</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="293"/>
        <source>Notes for the volunteer</source>
        <translation>给送货志愿者的备注</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="299"/>
        <source>F12 Place order and print slip</source>
        <translation>F12 下单并打印送货单</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="310"/>
        <source>Order — F3 repeats the last one</source>
        <translation>订单 — F3 重复上次订单</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="321"/>
        <source>Scan a delivery slip</source>
        <translation>扫描送货单条码</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="326"/>
        <source>Today&apos;s orders</source>
        <translation>当日订单</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="329"/>
        <source>Print pick lists</source>
        <translation>打印配货单</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="332"/>
        <source>Esc Back to the till</source>
        <translation>返回收银</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="336"/>
        <source>F8 Large type</source>
        <translation>F8 大字模式</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="342"/>
        <source>F11 Sign out</source>
        <translation>F11 退出登录</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="389"/>
        <source>No resident matches “{0}”. F4 adds a new one.</source>
        <translation>未找到“{0}”。按 F4 新建居民。</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="413"/>
        <source>Family: {0}</source>
        <translation>家属：{0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="426"/>
        <location filename="../../pos_app/ui/delivery_screen.py" line="477"/>
        <source>Find the resident first (F2)</source>
        <translation>请先查找老人（F2）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="440"/>
        <source>Saved: {0}</source>
        <translation>已保存：{0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="481"/>
        <source>No earlier order</source>
        <translation>没有以前的订单</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="493"/>
        <source>Certified</source>
        <translation>扶贫认证</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="495"/>
        <source>Household</source>
        <translation>农户代销</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="498"/>
        <source>short: {0}</source>
        <translation>库存不足：{0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="519"/>
        <source>Order {0} placed: {1}</source>
        <translation>已下单 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="528"/>
        <source>Delivery slip</source>
        <translation>送货单</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="547"/>
        <source>Pick lists</source>
        <translation>配货单</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="48"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="49"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>HeldDialog</name>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="351"/>
        <source>{0}  ·  {1} lines  ·  {2}  ·  {3}</source>
        <translation>{0}  ·  {1} 行  ·  {2}  ·  {3}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="358"/>
        <source>Held sales</source>
        <translation>挂单列表</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="360"/>
        <source>Resume which sale? (↑↓ Enter, Esc to cancel)</source>
        <translation>取回哪一单？（↑↓ 回车，Esc 取消）</translation>
    </message>
</context>
<context>
    <name>HouseholdsTab</name>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="136"/>
        <source>Code, name or village</source>
        <translation>编码、姓名或村</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="137"/>
        <source>Below target</source>
        <translation>未达增收目标</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="138"/>
        <source>No buyer</source>
        <translation>无认购方</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="141"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="142"/>
        <source>Head</source>
        <translation>户主</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="143"/>
        <source>Village</source>
        <translation>所在村</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="144"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="145"/>
        <source>Income this year</source>
        <translation>本年增收</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="146"/>
        <source>Progress</source>
        <translation>目标进度</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="147"/>
        <source>Balance</source>
        <translation>待结算</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="148"/>
        <source>Last sale</source>
        <translation>最近销售</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="149"/>
        <source>Buyers</source>
        <translation>采购方</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="157"/>
        <source>Ledger</source>
        <translation>台账</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="158"/>
        <source>Intake…</source>
        <translation>代销入库…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="159"/>
        <source>Settle…</source>
        <translation>结算…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="160"/>
        <source>Import registry…</source>
        <translation>导入农户名册…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="209"/>
        <source>{0} households, {1} below this year&apos;s target</source>
        <translation>共 {0} 户，{1} 户未达本年目标</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="220"/>
        <source>Ledger of {0}</source>
        <translation>{0} 的台账</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="221"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="221"/>
        <source>Document</source>
        <translation>单据</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="221"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="221"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="221"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="222"/>
        <source> (refund)</source>
        <translation>（退货）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="222"/>
        <source>Paid out</source>
        <translation>已结算支付</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="246"/>
        <source>Intake slip</source>
        <translation>代销入库单</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="258"/>
        <source>Bank transfer reference</source>
        <translation>银行转账流水号</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="261"/>
        <source>Reference</source>
        <translation>流水号</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="262"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="270"/>
        <source>Settle</source>
        <translation>结算</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="271"/>
        <source>Pay {0} {1} to {2}?</source>
        <translation>确认向 {2} 支付 {0}（{1}）？</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="273"/>
        <source>in cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="273"/>
        <source>by bank</source>
        <translation>银行转账</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="282"/>
        <source>Not settled</source>
        <translation>未结算</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="284"/>
        <source>Settlement statement</source>
        <translation>结算单</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="288"/>
        <source>Household registry</source>
        <translation>农户名册</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="294"/>
        <source>Nothing imported</source>
        <translation>未导入</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="296"/>
        <source>{0} new, {1} updated</source>
        <translation>新增 {0}，更新 {1}</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="49"/>
        <source>Consignment intake — {0} {1}</source>
        <translation>代销入库 — {0} {1}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="55"/>
        <source>New product…</source>
        <translation>新商品…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="61"/>
        <source>optional</source>
        <translation>可不填</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="66"/>
        <source>the household&apos;s price per unit, yuan</source>
        <translation>农户定价（元/单位）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="71"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="72"/>
        <source>New product name</source>
        <translation>新商品名称</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="73"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="74"/>
        <source>Barcode</source>
        <translation>条码</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="75"/>
        <source>Quantity (pieces, or weight in the unit)</source>
        <translation>数量（件数，或按单位计的重量）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="76"/>
        <source>Household&apos;s price (yuan per unit)</source>
        <translation>农户定价（元/单位）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="77"/>
        <source>Zero profit: the goods sell at the household&apos;s price and every fen goes to it.</source>
        <translation>零利润代销：按农户定价销售，货款一分不少计入农户账户。</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="80"/>
        <source>Take in and print slip</source>
        <translation>入库并打印入库单</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="112"/>
        <source>quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/households.py" line="116"/>
        <source>the new product&apos;s name</source>
        <translation>新商品名称</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../../pos_app/ui/login.py" line="36"/>
        <source>Poverty-relief POS — sign in</source>
        <translation>扶贫 POS — 登录</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/login.py" line="41"/>
        <source>user name, or ↓ to pick from the list</source>
        <translation>用户名，或按 ↓ 从名单中选</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/login.py" line="49"/>
        <source>4–8 digits</source>
        <translation>4–8 位数字</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/login.py" line="54"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/login.py" line="62"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/login.py" line="63"/>
        <source>PIN</source>
        <translation>PIN 码</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/login.py" line="77"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/login.py" line="77"/>
        <source>Manager</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/login.py" line="77"/>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/login.py" line="78"/>
        <source>Volunteer</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/login.py" line="125"/>
        <source>Not signed in: the PIN must be changed first.</source>
        <translation>未登录：请先修改 PIN。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../pos_app/ui/main_window.py" line="74"/>
        <source>Poverty-relief POS — {0}</source>
        <translation>扶贫 POS — {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/main_window.py" line="85"/>
        <source>{0} · terminal {1}</source>
        <translation>{0} · 终端 {1}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/main_window.py" line="176"/>
        <source>Cashier: {0}</source>
        <translation>收银员：{0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/main_window.py" line="185"/>
        <source>Shift: {0} since {1}</source>
        <translation>班次：{0} {1} 开班</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/main_window.py" line="172"/>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/main_window.py" line="174"/>
        <source>Manager: {0}</source>
        <translation>主管：{0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/main_window.py" line="178"/>
        <source>Volunteer: {0}</source>
        <translation>志愿者：{0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/main_window.py" line="182"/>
        <source>No shift open</source>
        <translation>未开班</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/main_window.py" line="253"/>
        <source>Carrying on the shift {0} opened at {1}; the drawer is counted when it closes (F10).</source>
        <translation>接续 {0} {1} 开的班次；关班（F10）时清点钱箱。</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/main_window.py" line="322"/>
        <source>Shift report</source>
        <translation>交班报表</translation>
    </message>
</context>
<context>
    <name>ManagerArea</name>
    <message>
        <location filename="../../pos_app/ui/manager/area.py" line="44"/>
        <source>Manager — certificates, households, buyers</source>
        <translation>管理 — 扶贫认证、农户、采购方</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/area.py" line="49"/>
        <source>Certified products</source>
        <translation>扶贫认证产品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/area.py" line="50"/>
        <source>Households</source>
        <translation>帮扶农户</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/area.py" line="51"/>
        <source>Buyers and subscriptions</source>
        <translation>采购方与认购</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/area.py" line="53"/>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/area.py" line="55"/>
        <source>Suppliers</source>
        <translation>供应商</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/area.py" line="57"/>
        <source>Goods receiving</source>
        <translation>进货入库</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/area.py" line="59"/>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/area.py" line="61"/>
        <source>Stocktake</source>
        <translation>盘点</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/area.py" line="65"/>
        <source>Reports and labels</source>
        <translation>报表与价签</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/area.py" line="67"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/area.py" line="69"/>
        <source>District sync</source>
        <translation>区级同步</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/area.py" line="71"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>ManagerPinDialog</name>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="189"/>
        <source>Manager approval</source>
        <translation>主管授权</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="189"/>
        <source>Administrator approval</source>
        <translation>管理员授权</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="193"/>
        <source>Approve: {0}</source>
        <translation>授权操作：{0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="197"/>
        <source>6–8 digits</source>
        <translation>6–8 位数字</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="198"/>
        <source>Manager</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="198"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="199"/>
        <source>PIN</source>
        <translation>PIN 码</translation>
    </message>
</context>
<context>
    <name>NearExpiryDialog</name>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="38"/>
        <source>Near-expiry batches</source>
        <translation>临期批次</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="42"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="46"/>
        <source>Expiry</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="47"/>
        <source>Days left</source>
        <translation>剩余天数</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="48"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="49"/>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="50"/>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="51"/>
        <source>Goods receipt</source>
        <translation>入库单</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="57"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="60"/>
        <source>Expiring within</source>
        <translation>有效期在以下天数内</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="77"/>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="86"/>
        <source>{0} batches</source>
        <translation>共 {0} 个批次</translation>
    </message>
</context>
<context>
    <name>OpenShiftDialog</name>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="366"/>
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="366"/>
        <source>Cash float in the drawer (yuan)</source>
        <translation>钱箱备用金（元）</translation>
    </message>
</context>
<context>
    <name>OrderDialog</name>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="81"/>
        <source>Order {0}</source>
        <translation>订单 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="89"/>
        <source>I deliver this</source>
        <translation>我来送</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="93"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="93"/>
        <source>Ordered</source>
        <translation>订购</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="93"/>
        <source>Found on the shelf</source>
        <translation>实配</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="95"/>
        <source>Save what was found</source>
        <translation>保存缺货调整</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="99"/>
        <source>Why cancel (required)</source>
        <translation>取消原因（必填）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="100"/>
        <source>Cancel the order</source>
        <translation>取消订单</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="102"/>
        <source>Delivered and paid</source>
        <translation>已送达并收款</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="127"/>
        <source>Amount due</source>
        <translation>应收</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="135"/>
        <source>→ {0}</source>
        <translation>→ {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="165"/>
        <source>cancel {0}</source>
        <translation>取消订单 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/delivery_screen.py" line="197"/>
        <source>found on the shelf, line {0}: {1}</source>
        <translation>第 {0} 行实际找到的数量：{1}</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <location filename="../../pos_app/ui/payment_dialog.py" line="42"/>
        <source>Payment</source>
        <translation>收款</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/payment_dialog.py" line="54"/>
        <source>Total due</source>
        <translation>应付金额</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/payment_dialog.py" line="54"/>
        <source>Still due</source>
        <translation>还需支付</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/payment_dialog.py" line="54"/>
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/payment_dialog.py" line="82"/>
        <source>Scan the customer&apos;s payment code, or type the reference</source>
        <translation>扫顾客付款码，或输入交易流水号</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/payment_dialog.py" line="91"/>
        <source>F1–F{0} tender · Enter pays · Enter on an empty amount pays all that is due · Delete removes the last payment · Esc cancels</source>
        <translation>F1–F{0} 选支付方式 · 回车收款 · 金额为空时回车收取全部应付 · Delete 撤销上一笔 · Esc 取消</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/payment_dialog.py" line="99"/>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/payment_dialog.py" line="101"/>
        <source>Code / reference</source>
        <translation>付款码/流水号</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/payment_dialog.py" line="122"/>
        <source>{0} code</source>
        <translation>{0}付款码</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/payment_dialog.py" line="149"/>
        <location filename="../../pos_app/ui/payment_dialog.py" line="194"/>
        <source>Enter for {0}</source>
        <translation>回车收 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/payment_dialog.py" line="163"/>
        <source>scan the customer&apos;s payment code or type the reference</source>
        <translation>请扫顾客付款码或输入交易流水号</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <location filename="../../pos_app/ui/receipt_preview.py" line="76"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/receipt_preview.py" line="79"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ProductDialog</name>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="125"/>
        <source>Change a product</source>
        <translation>修改商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="125"/>
        <source>New product</source>
        <translation>新增商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="140"/>
        <source>yuan per unit (per 斤 / kg when weighed)</source>
        <translation>每单位售价（元；称重商品按斤 / 千克）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="142"/>
        <source>barcodes, separated by spaces</source>
        <translation>条码，多个用空格分隔</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="144"/>
        <source>for weighed goods and the scale (1–999999)</source>
        <translation>称重商品与条码秤用（1–999999）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="150"/>
        <source>low-stock threshold (pieces, or 斤 / kg as the product is sold)</source>
        <translation>库存下限（件数，称重商品按售卖单位：斤或千克）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="153"/>
        <source>days, printed by the label scale (optional)</source>
        <translation>天数，条码秤打印在秤签上（可不填）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="155"/>
        <source>certificate number, to link it by hand (optional)</source>
        <translation>认定证书编号，手工关联（可不填）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="156"/>
        <source>On sale</source>
        <translation>在售</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="158"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="159"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="160"/>
        <source>Price</source>
        <translation>售价</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="161"/>
        <source>Barcodes</source>
        <translation>条码</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="162"/>
        <source>PLU</source>
        <translation>PLU</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="163"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="164"/>
        <source>Threshold</source>
        <translation>库存下限</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="165"/>
        <source>Shelf life</source>
        <translation>保质期</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="166"/>
        <source>Certificate</source>
        <translation>认定证书</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="171"/>
        <source>A household&apos;s consigned goods: the household sets price and unit at intake.</source>
        <translation>农户代销商品：价格和单位由农户在代销入库时确定。</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="176"/>
        <source>Cost</source>
        <translation>进价</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="179"/>
        <source>Print a shelf label…</source>
        <translation>打印价签…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="193"/>
        <source>never received with a cost</source>
        <translation>尚无带进价的入库</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="198"/>
        <source>moving average {0}/{2}, last {1}/{2}</source>
        <translation>移动平均 {0}/{2}，最近 {1}/{2}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="225"/>
        <source>give the product a barcode first</source>
        <translation>请先为商品填写条码</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="230"/>
        <source>Shelf label</source>
        <translation>价签</translation>
    </message>
</context>
<context>
    <name>ProductTableModel</name>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="89"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="90"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="91"/>
        <source>Price</source>
        <translation>售价</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="92"/>
        <source>PLU</source>
        <translation>PLU</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="93"/>
        <source>Certified</source>
        <translation>扶贫认定</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="94"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="114"/>
        <source>On sale</source>
        <translation>在售</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="114"/>
        <source>Not on sale</source>
        <translation>停售</translation>
    </message>
</context>
<context>
    <name>ProductsTab</name>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="239"/>
        <source>Name, pinyin initials or full pinyin</source>
        <translation>名称、拼音首字母或全拼</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="254"/>
        <source>New product… (Ins)</source>
        <translation>新增商品…（Ins）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="256"/>
        <source>Change… (Enter)</source>
        <translation>修改…（回车）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="286"/>
        <source>{0} products</source>
        <translation>共 {0} 种商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/products.py" line="301"/>
        <source>Saved: {0}</source>
        <translation>已保存：{0}</translation>
    </message>
</context>
<context>
    <name>ReceivingTab</name>
    <message>
        <location filename="../../pos_app/ui/manager/receiving.py" line="42"/>
        <source>the supplier&apos;s delivery note number</source>
        <translation>供应商送货单号</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/receiving.py" line="43"/>
        <source>Return to the supplier (退货)</source>
        <translation>退回供应商（退货）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/receiving.py" line="46"/>
        <source>Scan or type a barcode / PLU — Enter</source>
        <translation>扫描或输入条码 / PLU，回车</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/receiving.py" line="49"/>
        <location filename="../../pos_app/ui/manager/receiving.py" line="150"/>
        <source>quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/receiving.py" line="52"/>
        <source>cost price (yuan)</source>
        <translation>进价（元）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/receiving.py" line="54"/>
        <source>batch (optional)</source>
        <translation>批次（可不填）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/receiving.py" line="56"/>
        <source>expiry date (optional), e.g. 2027-05-01</source>
        <translation>有效期至（可不填），如 2027-05-01</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/receiving.py" line="61"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/receiving.py" line="62"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/receiving.py" line="63"/>
        <source>Cost price</source>
        <translation>进价</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/receiving.py" line="64"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/receiving.py" line="65"/>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/receiving.py" line="66"/>
        <source>Expiry</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/receiving.py" line="74"/>
        <source>Book the delivery (F12)</source>
        <translation>确认入库（F12）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/receiving.py" line="77"/>
        <source>Remove last line</source>
        <translation>删除最后一行</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/receiving.py" line="80"/>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/receiving.py" line="81"/>
        <source>Delivery note</source>
        <translation>送货单号</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/receiving.py" line="127"/>
        <source>{0} — quantity in {1}, cost in yuan per {1}</source>
        <translation>{0}：数量以{1}计，进价为每{1}元数</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/receiving.py" line="138"/>
        <source>scan a product first</source>
        <translation>请先扫描商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/receiving.py" line="178"/>
        <source>{0} lines, cost {1}</source>
        <translation>共 {0} 行，进货金额 {1}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/receiving.py" line="184"/>
        <source>add the supplier first (Suppliers tab)</source>
        <translation>请先在“供应商”页添加供应商</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="31"/>
        <source>Refund</source>
        <translation>退货</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="39"/>
        <source>Scan the receipt&apos;s barcode or type its number</source>
        <translation>扫描小票条码或输入小票号</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="43"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="43"/>
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="43"/>
        <source>Can refund</source>
        <translation>可退</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="43"/>
        <source>Refund now</source>
        <translation>本次退货</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="43"/>
        <source>Money back</source>
        <translation>退款金额</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="54"/>
        <source>Reason (required)</source>
        <translation>退货原因（必填）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="58"/>
        <source>Refund (manager PIN)</source>
        <translation>退货（需主管 PIN）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="61"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="105"/>
        <source>Type the quantity to refund on each line; the money back shows here</source>
        <translation>在各行输入退货数量，退款金额显示在这里</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="123"/>
        <source>line {0}: quantity {1}</source>
        <translation>第 {0} 行：数量 {1}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="142"/>
        <source>Money back {0}, the way it was paid: {1}</source>
        <translation>退款 {0}，按原付款方式退回：{1}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="163"/>
        <source>type a quantity to refund on at least one line</source>
        <translation>请至少在一行输入退货数量</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="164"/>
        <source>refund of {0}</source>
        <translation>退货 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="180"/>
        <source>Refund {0}: {1} back ({2})</source>
        <translation>退货单 {0}：退款 {1}（{2}）</translation>
    </message>
</context>
<context>
    <name>ReportsTab</name>
    <message>
        <location filename="../../pos_app/ui/manager/reports.py" line="40"/>
        <location filename="../../pos_app/ui/manager/reports.py" line="90"/>
        <source>Daily report</source>
        <translation>营业日报</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/reports.py" line="44"/>
        <source>All products</source>
        <translation>全部商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/reports.py" line="49"/>
        <source>A4, 3 × 8</source>
        <translation>A4，3 × 8</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/reports.py" line="50"/>
        <source>A4, 4 × 10</source>
        <translation>A4，4 × 10</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/reports.py" line="51"/>
        <source>Thermal 40 × 30 mm</source>
        <translation>热敏 40 × 30 mm</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/reports.py" line="52"/>
        <source>Thermal 58 × 40 mm</source>
        <translation>热敏 58 × 40 mm</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/reports.py" line="55"/>
        <location filename="../../pos_app/ui/manager/reports.py" line="103"/>
        <source>Label sheet</source>
        <translation>价签</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/reports.py" line="60"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/reports.py" line="62"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/reports.py" line="63"/>
        <source>Label layout</source>
        <translation>价签版式</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/reports.py" line="87"/>
        <source>Preparing the daily report…</source>
        <translation>正在生成营业日报…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/reports.py" line="100"/>
        <source>Preparing labels…</source>
        <translation>正在生成价签…</translation>
    </message>
</context>
<context>
    <name>ResidentDialog</name>
    <message>
        <location filename="../../pos_app/ui/resident_dialog.py" line="32"/>
        <source>Change resident</source>
        <translation>修改居民资料</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/resident_dialog.py" line="32"/>
        <source>New resident</source>
        <translation>新建居民</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/resident_dialog.py" line="36"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/resident_dialog.py" line="38"/>
        <source>Phones</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/resident_dialog.py" line="38"/>
        <source>several: separate with spaces</source>
        <translation>多个号码用空格分隔</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/resident_dialog.py" line="41"/>
        <source>Compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/resident_dialog.py" line="42"/>
        <source>Building</source>
        <translation>楼号</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/resident_dialog.py" line="43"/>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/resident_dialog.py" line="44"/>
        <source>Room</source>
        <translation>房号</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/resident_dialog.py" line="49"/>
        <source>Building, unit, room</source>
        <translation>楼号、单元、房号</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/resident_dialog.py" line="51"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/resident_dialog.py" line="51"/>
        <source>stairs, hearing, diet, when to call</source>
        <translation>楼梯、听力、饮食、何时来电</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/resident_dialog.py" line="53"/>
        <source>Emergency contact</source>
        <translation>紧急联系人</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/resident_dialog.py" line="55"/>
        <source>Family who may order</source>
        <translation>可代订的家属</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/resident_dialog.py" line="55"/>
        <source>name and phone</source>
        <translation>姓名和电话</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/resident_dialog.py" line="59"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/resident_dialog.py" line="59"/>
        <source>Elderly care card</source>
        <translation>养老助残卡</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/resident_dialog.py" line="59"/>
        <source>Prepaid</source>
        <translation>预付</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/resident_dialog.py" line="62"/>
        <source>Pays by</source>
        <translation>付款方式</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/resident_dialog.py" line="63"/>
        <source>The resident (or family) agreed that we keep phone and address</source>
        <translation>老人（或家属）已同意保存电话和地址</translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <location filename="../../pos_app/ui/search_dialog.py" line="16"/>
        <source>Find a product</source>
        <translation>查找商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/search_dialog.py" line="22"/>
        <source>Name, pinyin initials (xhs) or pinyin</source>
        <translation>名称、拼音首字母（xhs）或全拼</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/search_dialog.py" line="26"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/search_dialog.py" line="26"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/search_dialog.py" line="26"/>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/search_dialog.py" line="26"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/search_dialog.py" line="56"/>
        <source>{0} found — ↑↓ to choose, Enter to add, Esc to close</source>
        <translation>找到 {0} 个 — ↑↓ 选择，回车加入，Esc 关闭</translation>
    </message>
</context>
<context>
    <name>SettingsTab</name>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="76"/>
        <source>No rounding</source>
        <translation>不抹零</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="77"/>
        <source>Drop the fen (¥12.37 → ¥12.30)</source>
        <translation>抹分（¥12.37 → ¥12.30）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="78"/>
        <source>Drop the jiao (¥12.37 → ¥12.00)</source>
        <translation>抹角（¥12.37 → ¥12.00）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="79"/>
        <source>Nearest jiao (¥12.35 → ¥12.40)</source>
        <translation>四舍五入到角（¥12.35 → ¥12.40）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="87"/>
        <source>Station name</source>
        <translation>站点名称</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="88"/>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="89"/>
        <source>Rounding</source>
        <translation>抹零</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="90"/>
        <source>A cashier&apos;s own discount up to (yuan)</source>
        <translation>收银员可自行优惠上限（元）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="91"/>
        <source>Lock after idle (minutes, 0 = never)</source>
        <translation>无操作自动锁屏（分钟，0 为不锁）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="92"/>
        <source>Elder-friendly large type (volunteer&apos;s screen, delivery slips)</source>
        <translation>适老化大字模式（志愿者屏幕、送货单）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="95"/>
        <source>Save station settings</source>
        <translation>保存站点设置</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="96"/>
        <source>Station</source>
        <translation>站点</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="102"/>
        <source>None (receipts as PDF)</source>
        <translation>无（小票存为 PDF）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="102"/>
        <location filename="../../pos_app/ui/manager/settings.py" line="116"/>
        <source>USB</source>
        <translation>USB</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="102"/>
        <location filename="../../pos_app/ui/manager/settings.py" line="115"/>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="102"/>
        <location filename="../../pos_app/ui/manager/settings.py" line="117"/>
        <source>Device file</source>
        <translation>设备文件</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="105"/>
        <source>address:port, e.g. 192.168.1.50:9100</source>
        <translation>地址:端口，如 192.168.1.50:9100</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="107"/>
        <source>vendor:product in hex, e.g. 0416:5011</source>
        <translation>厂商:产品（十六进制），如 0416:5011</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="114"/>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="118"/>
        <source>Paper width</source>
        <translation>纸宽</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="119"/>
        <source>Save printer</source>
        <translation>保存打印机</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="120"/>
        <source>Print a test page</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="121"/>
        <source>Receipt printer</source>
        <translation>小票打印机</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="130"/>
        <source>Scan a scale label here to see how the till reads it</source>
        <translation>在此扫描一张秤签，查看收银台如何识别</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="137"/>
        <source>Pick the format the counter scale prints (its barcode menu says which), or write one: one layout per line, P item code, W weight (g), A amount (fen), C check digit, digits fixed</source>
        <translation>选择本店秤打印的条码格式（见秤的条码设置菜单），或自己写：每行一种，P 货号、W 重量（克）、A 金额（分）、C 校验位，数字为固定标志位</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="149"/>
        <source>e.g. {0}</source>
        <translation>例：{0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="151"/>
        <source>Add this format</source>
        <translation>添加此格式</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="161"/>
        <source>Save scale layouts</source>
        <translation>保存秤码格式</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="162"/>
        <source>Scale labels</source>
        <translation>电子秤条码</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="181"/>
        <source>Protocol</source>
        <translation>通讯协议</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="182"/>
        <source>Serial port</source>
        <translation>串口</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="183"/>
        <location filename="../../pos_app/ui/manager/settings.py" line="204"/>
        <source>Baud</source>
        <translation>波特率</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="185"/>
        <location filename="../../pos_app/ui/manager/settings.py" line="550"/>
        <source>Read the scale</source>
        <translation>读取电子秤</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="186"/>
        <source>Save scale</source>
        <translation>保存电子秤</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="187"/>
        <source>Counter scale (serial)</source>
        <translation>电子秤（串口）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="193"/>
        <source>A customer display window on the second monitor</source>
        <translation>在第二块显示器上显示客显窗口</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="203"/>
        <source>Pole display port (empty: none)</source>
        <translation>客显屏串口（空为不接）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="205"/>
        <source>Test the pole display</source>
        <translation>测试客显屏</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="206"/>
        <source>Save customer display</source>
        <translation>保存客显</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="207"/>
        <source>Customer display</source>
        <translation>客显</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="212"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="212"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="212"/>
        <source>Holds</source>
        <translation>秤内商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="222"/>
        <source>name, e.g. 1号秤</source>
        <translation>名称，如 1号秤</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="225"/>
        <source>address[:port], e.g. 192.168.1.60 (port 4001)</source>
        <translation>地址[:端口]，如 192.168.1.60（端口默认 4001）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="236"/>
        <source>Add scale</source>
        <translation>添加条码秤</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="237"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="238"/>
        <source>Send PLUs now</source>
        <translation>立即发送商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="241"/>
        <source>Label scales (Dahua TM, network)</source>
        <translation>条码秤（大华 TM，网络）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="248"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="248"/>
        <source>Name on screen and receipt</source>
        <translation>屏幕和小票上的名称</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="248"/>
        <source>In use</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="256"/>
        <source>Save tenders</source>
        <translation>保存收款方式</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="257"/>
        <source>Tenders</source>
        <translation>收款方式</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="268"/>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="269"/>
        <source>A household&apos;s yearly income target (yuan)</source>
        <translation>农户年收入目标（元）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="271"/>
        <source>Save target</source>
        <translation>保存目标</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="273"/>
        <source>Households&apos; income targets</source>
        <translation>农户年收入目标</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="368"/>
        <source>No target set: ¥1,000.00 a year is assumed</source>
        <translation>未设置目标：默认每年 ¥1,000.00</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="373"/>
        <source>This till is enrolled with the district: rounding, the cashier&apos;s discount limit, scale layouts, tenders and income targets the district sets replace the station&apos;s at the next sync.</source>
        <translation>本机已接入区县：区县下发的抹零方式、收银员优惠上限、秤码格式、收款方式和收入目标将在下次同步时替换本站的设置。</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="397"/>
        <source>Nothing changed</source>
        <translation>没有改动</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="399"/>
        <source>Saved; it takes effect when the app starts next</source>
        <translation>已保存；下次启动程序时生效</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="401"/>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="410"/>
        <source>minutes: a whole number</source>
        <translation>分钟数须为整数</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="411"/>
        <source>change the station settings</source>
        <translation>修改站点设置</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="435"/>
        <source>printer address</source>
        <translation>打印机地址</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="442"/>
        <source>USB vendor:product</source>
        <translation>USB 厂商:产品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="463"/>
        <source>change the receipt printer</source>
        <translation>修改小票打印机</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="473"/>
        <source>Test page sent: check the Chinese text, the full-width line and the cut</source>
        <translation>测试页已发送：请检查中文、整行宽度和切纸</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="495"/>
        <source>Layout {0}</source>
        <translation>格式 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="495"/>
        <source>item {0}</source>
        <translation>商品编号 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="501"/>
        <source>no product has this item code</source>
        <translation>没有商品使用此编号</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="511"/>
        <source>change the scale layouts</source>
        <translation>修改秤码格式</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="522"/>
        <source>change the counter scale</source>
        <translation>修改电子秤设置</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="538"/>
        <source>No scale is set: the cashier types weights</source>
        <translation>未设置电子秤：收银员手输重量</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="541"/>
        <source>Stop reading</source>
        <translation>停止读取</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="558"/>
        <source>nothing received: check the port, the baud and the scale&apos;s output mode</source>
        <translation>未收到数据：请检查串口、波特率和秤的输出方式（连续发送）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="559"/>
        <source>No data: {0}</source>
        <translation>无数据：{0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="562"/>
        <source>stable</source>
        <translation>稳定</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="562"/>
        <source>moving</source>
        <translation>不稳定</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="564"/>
        <source>tare {0} g</source>
        <translation>皮重 {0} 克</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="566"/>
        <source>overloaded</source>
        <translation>超载</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="569"/>
        <source>the till would take it</source>
        <translation>收银台可取用</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="587"/>
        <source>change the customer display</source>
        <translation>修改客显设置</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="593"/>
        <source>No pole display port is set</source>
        <translation>未设置客显屏串口</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="598"/>
        <source>Sent ¥8888.88 to the pole display: every segment should light</source>
        <translation>已向客显屏发送 ¥8888.88：每一段都应点亮</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="607"/>
        <source>failed: {0}</source>
        <translation>失败：{0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="609"/>
        <source>never sent</source>
        <translation>从未发送</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="612"/>
        <source>up to date: {0} PLUs, {1}</source>
        <translation>已是最新：{0} 个商品，{1}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="612"/>
        <source>out of date (sent {1})</source>
        <translation>需要更新（上次发送 {1}）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="621"/>
        <source>{0} PLUs to send, labels in the format {1}</source>
        <translation>待发送 {0} 个商品，秤签格式 {1}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="623"/>
        <source>; left out: {0}</source>
        <translation>；未发送：{0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="627"/>
        <source>; printed with □ for a character the scale lacks: {0}</source>
        <translation>；秤内字库缺字、以 □ 打印：{0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="634"/>
        <source>label scale address</source>
        <translation>条码秤地址</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="635"/>
        <source>add a label scale</source>
        <translation>添加条码秤</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="644"/>
        <source>Label scale added: send it the PLUs now, or the till does within a minute</source>
        <translation>已添加条码秤：可立即发送商品，否则收银台一分钟内自动发送</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="651"/>
        <source>Choose a label scale first</source>
        <translation>请先选中一台条码秤</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="654"/>
        <source>remove a label scale</source>
        <translation>删除条码秤</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="671"/>
        <source>No label scale is set</source>
        <translation>未设置条码秤</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="675"/>
        <source>Sent to {0} label scale(s)</source>
        <translation>已发送到 {0} 台条码秤</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="679"/>
        <source>change the tenders</source>
        <translation>修改收款方式</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/settings.py" line="701"/>
        <source>change the income target</source>
        <translation>修改收入目标</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../pos_app/app.py" line="117"/>
        <source>The station database is damaged ({0}).</source>
        <translation>门店数据库已损坏（{0}）。</translation>
    </message>
    <message>
        <location filename="../../pos_app/app.py" line="119"/>
        <source>Close the app and restore the latest backup:
pos-admin restore {0}</source>
        <translation>请关闭本程序，恢复最近的备份：
pos-admin restore {0}</translation>
    </message>
</context>
<context>
    <name>StockTab</name>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="97"/>
        <source>Barcode, name or pinyin initials</source>
        <translation>条码、名称或拼音首字母</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="99"/>
        <source>Below threshold only</source>
        <translation>只看低于下限的</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="101"/>
        <source>Near-expiry batches…</source>
        <translation>临期批次…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="105"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="106"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="107"/>
        <source>On hand</source>
        <translation>库存</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="108"/>
        <source>Threshold</source>
        <translation>库存下限</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="109"/>
        <source>Household&apos;s goods</source>
        <translation>代销农户</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="116"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="116"/>
        <source>Movement</source>
        <translation>变动</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="116"/>
        <source>Document</source>
        <translation>单据</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="116"/>
        <source>Change</source>
        <translation>数量变化</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="116"/>
        <source>Balance</source>
        <translation>结存</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="121"/>
        <source>threshold (pieces, or 斤 / kg as the product is sold) — Enter</source>
        <translation>库存下限（件数，称重商品按售卖单位：斤或千克）— 回车</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="124"/>
        <source>quantity to write off</source>
        <translation>报损数量</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="127"/>
        <source>Spoiled</source>
        <translation>变质</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="128"/>
        <source>Broken</source>
        <translation>破损</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="129"/>
        <source>Expired</source>
        <translation>过期</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="130"/>
        <source>Lost</source>
        <translation>丢失</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="131"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="134"/>
        <source>Write off (manager PIN)…</source>
        <translation>报损（店长密码）…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="156"/>
        <source>Stock card of the selected product</source>
        <translation>所选商品的库存卡</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="187"/>
        <source>choose a product in the list</source>
        <translation>请在列表中选择商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="199"/>
        <source>threshold in {0} — Enter</source>
        <translation>库存下限（{0}）— 回车</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="200"/>
        <source>quantity to write off, in {0}</source>
        <translation>报损数量（{0}）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="217"/>
        <source>Sale</source>
        <translation>销售</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="218"/>
        <source>Refund</source>
        <translation>退货</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="219"/>
        <source>Consignment intake</source>
        <translation>代销入库</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="220"/>
        <source>Goods receipt</source>
        <translation>进货入库</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="221"/>
        <source>Return to supplier</source>
        <translation>退回供应商</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="222"/>
        <source>Write-off</source>
        <translation>报损</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="223"/>
        <source>Stocktake</source>
        <translation>盘点</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="224"/>
        <source>Opening stock</source>
        <translation>期初库存</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="225"/>
        <source>The station&apos;s other tills (as of the last sync)</source>
        <translation>本站其他收银台（截至上次同步）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="246"/>
        <source>write-off of {0}</source>
        <translation>{0} 报损</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stock.py" line="256"/>
        <source>{0}: written off</source>
        <translation>{0}：已报损</translation>
    </message>
</context>
<context>
    <name>StocktakeTab</name>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="43"/>
        <source>Start the stocktake</source>
        <translation>开始盘点</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="49"/>
        <source>Scan a barcode / PLU (one piece each), or 12*barcode — Enter</source>
        <translation>扫条码 / PLU（每扫一次计 1 件），或输入 12*条码 — 回车</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="52"/>
        <source>quantity (pieces, or the weight in 斤 / kg as the product is sold)</source>
        <translation>数量（件数，或斤 / 千克）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="53"/>
        <source>Replace the count (recount)</source>
        <translation>覆盖已盘数量（复盘）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="56"/>
        <source>Code</source>
        <translation>条码</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="57"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="58"/>
        <source>Books</source>
        <translation>账面</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="59"/>
        <source>Counted</source>
        <translation>实盘</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="60"/>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="61"/>
        <source>Value</source>
        <translation>差异金额</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="62"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="70"/>
        <source>Set the reason</source>
        <translation>设置原因</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="72"/>
        <source>Remove the line</source>
        <translation>删除此行</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="74"/>
        <source>The count is complete: products not counted have none</source>
        <translation>全盘完成：未盘到的商品按 0 计</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="79"/>
        <source>Approve and book (F12)…</source>
        <translation>审批入账（F12）…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="82"/>
        <source>Cancel the stocktake</source>
        <translation>取消盘点</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="85"/>
        <source>Count</source>
        <translation>盘点范围</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="120"/>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="142"/>
        <source>every product</source>
        <translation>全部商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="138"/>
        <source>No stocktake is open.</source>
        <translation>当前没有进行中的盘点。</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="144"/>
        <source>Counting {0} since {1}</source>
        <translation>正在盘点：{0}（{1} 开始）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="156"/>
        <source>no cost</source>
        <translation>无进价</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="166"/>
        <source>{0} products counted; {1} differ, {2}</source>
        <translation>已盘 {0} 种；差异 {1} 种，金额 {2}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="201"/>
        <source>Weighed goods: type the weight in {0}, then Enter</source>
        <translation>称重商品：请输入重量（{0}），然后回车</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="231"/>
        <source>{0}: counted {1}</source>
        <translation>{0}：已盘 {1}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="240"/>
        <source>choose a line in the list</source>
        <translation>请先在列表中选择一行</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="279"/>
        <source>booking the stocktake</source>
        <translation>盘点入账</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/stocktake.py" line="291"/>
        <source>Stocktake: no difference</source>
        <translation>盘点：无差异</translation>
    </message>
</context>
<context>
    <name>SuppliersTab</name>
    <message>
        <location filename="../../pos_app/ui/manager/suppliers.py" line="32"/>
        <source>Code, name or credit code</source>
        <translation>编码、名称或信用代码</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/suppliers.py" line="36"/>
        <location filename="../../pos_app/ui/manager/suppliers.py" line="54"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/suppliers.py" line="37"/>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/suppliers.py" line="38"/>
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/suppliers.py" line="39"/>
        <location filename="../../pos_app/ui/manager/suppliers.py" line="57"/>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/suppliers.py" line="40"/>
        <location filename="../../pos_app/ui/manager/suppliers.py" line="58"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/suppliers.py" line="41"/>
        <source>Certificates held</source>
        <translation>持有的认定证书</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/suppliers.py" line="50"/>
        <source>18 characters, e.g. 93150400MA0N123454</source>
        <translation>18 位，例如 93150400MA0N123454</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/suppliers.py" line="55"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/suppliers.py" line="56"/>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/suppliers.py" line="59"/>
        <source>Save supplier</source>
        <translation>保存供应商</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/suppliers.py" line="63"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/suppliers.py" line="120"/>
        <source>Saved {0} {1}</source>
        <translation>已保存 {0} {1}</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="38"/>
        <source>Sync: not enrolled</source>
        <translation>区级同步：未登记</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="40"/>
        <source>Synced {0}</source>
        <translation>已同步 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="42"/>
        <source>Never synced</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="43"/>
        <source>{0} waiting</source>
        <translation>待传 {0} 条</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="45"/>
        <source>{0} problems</source>
        <translation>问题 {0} 条</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="47"/>
        <source>last try failed: {0}</source>
        <translation>上次同步失败：{0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="51"/>
        <source>clock {0} behind the district server: check the time</source>
        <translation>电脑时间比区级服务器慢 {0}，请校准日期和时间</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="53"/>
        <source>clock {0} ahead of the district server: check the time</source>
        <translation>电脑时间比区级服务器快 {0}，请校准日期和时间</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="60"/>
        <source>{0} days</source>
        <translation>{0} 天</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="62"/>
        <source>{0} hours</source>
        <translation>{0} 小时</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="63"/>
        <source>{0} minutes</source>
        <translation>{0} 分钟</translation>
    </message>
</context>
<context>
    <name>SyncTab</name>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="84"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="84"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="84"/>
        <source>Fact</source>
        <translation>数据编号</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="84"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="84"/>
        <source>Server&apos;s reason</source>
        <translation>服务器说明</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="85"/>
        <source>Made</source>
        <translation>产生时间</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="93"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="96"/>
        <source>Retry selected</source>
        <translation>重试所选</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="98"/>
        <source>Retry all</source>
        <translation>全部重试</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="100"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="113"/>
        <source>District server address, e.g. https://pos.district.gov.cn</source>
        <translation>区县服务器地址，如 https://pos.district.gov.cn</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="116"/>
        <source>One-time code from the district office</source>
        <translation>区县下发的一次性接入码</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="118"/>
        <source>Enroll this till</source>
        <translation>接入区县</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="130"/>
        <source>Facts the district server did not take</source>
        <translation>区级服务器未接收的数据</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="139"/>
        <source>District server: {0}</source>
        <translation>区级服务器：{0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="141"/>
        <source>This till is not enrolled: ask the district office for a one-time code, then enroll it here</source>
        <translation>本机尚未接入区县：向区县索取一次性接入码，然后在此接入</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="151"/>
        <source>Refused</source>
        <translation>被拒收</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="151"/>
        <source>Differs from the server&apos;s</source>
        <translation>与服务器记录不一致</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="166"/>
        <source>Sale</source>
        <translation>销售</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="167"/>
        <source>Refund</source>
        <translation>退货</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="168"/>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="169"/>
        <source>Consignment</source>
        <translation>代销入库</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="170"/>
        <source>Household payout</source>
        <translation>农户结算</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="171"/>
        <source>Audit entry</source>
        <translation>审计记录</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="172"/>
        <source>Delivery</source>
        <translation>送货</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="180"/>
        <source>Type the server address and the code</source>
        <translation>请填写服务器地址和接入码</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="184"/>
        <source>enroll this till</source>
        <translation>接入区县</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="196"/>
        <source>Enrolled as station {0} {1}, till {2}; syncing starts when the app starts next</source>
        <translation>已接入：站点 {0} {1}，终端 {2}；下次启动程序后开始同步</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="204"/>
        <source>Syncing in the background…</source>
        <translation>正在后台同步…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="208"/>
        <source>Select the rows to retry</source>
        <translation>请先选择要重试的行</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="218"/>
        <source>{0} facts queued again</source>
        <translation>已重新排队 {0} 条</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="230"/>
        <source>Export sync problems</source>
        <translation>导出同步问题</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/manager/sync.py" line="238"/>
        <source>{0} problems exported</source>
        <translation>已导出 {0} 条问题</translation>
    </message>
</context>
<context>
    <name>WeightDialog</name>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="276"/>
        <source>weighing…</source>
        <translation>称重中…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="292"/>
        <source>Scale: {0}</source>
        <translation>电子秤：{0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="298"/>
        <source>Scale: {0} {1}, stable</source>
        <translation>电子秤：{0} {1}，稳定</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="300"/>
        <source> (tare {0} {1})</source>
        <translation>（皮重 {0} {1}）</translation>
    </message>
</context>
</TS>
