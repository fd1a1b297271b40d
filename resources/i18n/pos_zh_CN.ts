<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CartModel</name>
    <message>
        <location filename="../../pos_app/ui/cart_model.py" line="39" />
        <source>#</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cart_model.py" line="40" />
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cart_model.py" line="41" />
        <source>Qty / weight</source>
        <translation>数量/重量</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cart_model.py" line="42" />
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cart_model.py" line="43" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cart_model.py" line="44" />
        <source>Marks</source>
        <translation>标记</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cart_model.py" line="112" />
        <source>Certified</source>
        <translation>扶贫认证</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cart_model.py" line="114" />
        <source>Household</source>
        <translation>农户代销</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cart_model.py" line="120" />
        <source>Certified poverty-relief product, certificate {0}</source>
        <translation>扶贫认证产品，证书编号 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cart_model.py" line="123" />
        <source>Household consignment: {0}</source>
        <translation>农户代销：{0}</translation>
    </message>
</context>
<context>
    <name>CheckoutScreen</name>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="91" />
        <source>Scan or type a barcode / PLU, letters to search — Enter</source>
        <translation>扫码或输入条码/PLU，输入字母可搜索 — 回车</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="135" />
        <source>Items</source>
        <translation>件数</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="136" />
        <source>Subtotal</source>
        <translation>小计</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="137" />
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="138" />
        <source>Rounding</source>
        <translation>抹零</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="144" />
        <source>Total due</source>
        <translation>应付金额</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="160" />
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="161" />
        <location filename="../../pos_app/ui/checkout_screen.py" line="343" />
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="162" />
        <source>Void line</source>
        <translation>删除商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="163" />
        <source>Hold</source>
        <translation>挂单</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="164" />
        <source>Resume</source>
        <translation>取单</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="165" />
        <source>Refund</source>
        <translation>退货</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="166" />
        <source>Reprint</source>
        <translation>重打小票</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="167" />
        <source>Open drawer</source>
        <translation>开钱箱</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="168" />
        <source>Close shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="169" />
        <source>Lock</source>
        <translation>锁屏</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="170" />
        <source>Pay</source>
        <translation>结账</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="179" />
        <source>+ / −  quantity · ↑↓ choose line · N*code  N pieces · Enter on empty  pay · Esc  clear</source>
        <translation>+ / −  改数量 · ↑↓ 选行 · N*条码  N 件 · 空回车  结账 · Esc  清除</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="292" />
        <source>Weight</source>
        <translation>重量</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="292" />
        <source>{0}: weight in kg</source>
        <translation>{0}：重量（千克）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="328" />
        <source>use F4 to void a line</source>
        <translation>删除商品请按 F4</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="367" />
        <source>void {0}</source>
        <translation>删除商品 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="372" />
        <source>Voided {0} (approved by {1})</source>
        <translation>已删除 {0}（{1} 授权）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="384" />
        <source>Sale held ({0}); F6 resumes it</source>
        <translation>已挂单（{0}），按 F6 取单</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="390" />
        <source>No held sales</source>
        <translation>没有挂单</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="425" />
        <source>Last sale {0}: {1}</source>
        <translation>上一单 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="426" />
        <source>Change {0}</source>
        <translation>找零 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="442" />
        <source>No receipt to reprint yet</source>
        <translation>还没有可重打的小票</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="446" />
        <source>Reprinting {0}</source>
        <translation>正在重打 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="452" />
        <source>Receipt</source>
        <translation>小票</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="457" />
        <source>open the cash drawer</source>
        <translation>打开钱箱</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/checkout_screen.py" line="471" />
        <source>Finish or hold the current sale first</source>
        <translation>请先结账或挂起当前销售</translation>
    </message>
</context>
<context>
    <name>CloseShiftDialog</name>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="28" />
        <source>Close shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="37" />
        <source>Note / coin</source>
        <translation>面额</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="38" />
        <source>Count</source>
        <translation>张数</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="53" />
        <source>{0} sales {1} · {2} refunds {3}</source>
        <translation>销售 {0} 笔 {1} · 退货 {2} 笔 {3}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="63" />
        <source>{0}: expected {1}</source>
        <translation>{0}：应有 {1}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="71" />
        <source>Cash expected (float + sales − refunds)</source>
        <translation>现金应有（备用金 + 收款 − 退款）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="72" />
        <source>Cash counted</source>
        <translation>现金实点</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="73" />
        <source>Difference</source>
        <translation>差额</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="83" />
        <source>Close shift and print Z</source>
        <translation>交班并打印报表</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="86" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/shift_dialog.py" line="125" />
        <source>Counts are whole numbers: {0}</source>
        <translation>张数必须是整数：{0}</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="39" />
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="40" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>HeldDialog</name>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="119" />
        <source>Held sales</source>
        <translation>挂单列表</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="125" />
        <source>{0}  ·  {1} lines  ·  {2}</source>
        <translation>{0}  ·  {1} 行  ·  {2}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="134" />
        <source>Resume which sale? (↑↓ Enter, Esc to cancel)</source>
        <translation>取回哪一单？（↑↓ 回车，Esc 取消）</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../../pos_app/ui/login.py" line="22" />
        <source>Poverty-relief POS — sign in</source>
        <translation>扶贫 POS — 登录</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/login.py" line="27" />
        <source>user name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/login.py" line="31" />
        <source>4–8 digits</source>
        <translation>4–8 位数字</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/login.py" line="35" />
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/login.py" line="42" />
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/login.py" line="43" />
        <source>PIN</source>
        <translation>PIN 码</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../pos_app/ui/main_window.py" line="32" />
        <source>Poverty-relief POS — {0}</source>
        <translation>扶贫 POS — {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/main_window.py" line="42" />
        <source>{0} · terminal {1}</source>
        <translation>{0} · 终端 {1}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/main_window.py" line="45" />
        <source>Sync: not set up</source>
        <translation>同步：未配置</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/main_window.py" line="64" />
        <source>Cashier: {0}</source>
        <translation>收银员：{0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/main_window.py" line="64" />
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/main_window.py" line="68" />
        <source>Shift open since {0}</source>
        <translation>班次 {0} 开始</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/main_window.py" line="70" />
        <source>No shift open</source>
        <translation>未开班</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/main_window.py" line="122" />
        <source>Shift report</source>
        <translation>交班报表</translation>
    </message>
</context>
<context>
    <name>ManagerPinDialog</name>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="68" />
        <source>Manager approval</source>
        <translation>主管授权</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="71" />
        <source>Approve: {0}</source>
        <translation>授权操作：{0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="77" />
        <source>Manager</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="78" />
        <source>PIN</source>
        <translation>PIN 码</translation>
    </message>
</context>
<context>
    <name>OpenShiftDialog</name>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="151" />
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/dialogs.py" line="151" />
        <source>Cash float in the drawer (yuan)</source>
        <translation>钱箱备用金（元）</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <location filename="../../pos_app/ui/payment_dialog.py" line="36" />
        <source>Payment</source>
        <translation>收款</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/payment_dialog.py" line="48" />
        <source>Total due</source>
        <translation>应付金额</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/payment_dialog.py" line="48" />
        <source>Still due</source>
        <translation>还需支付</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/payment_dialog.py" line="48" />
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/payment_dialog.py" line="74" />
        <source>Scan the customer's payment code, or type the reference</source>
        <translation>扫顾客付款码，或输入交易流水号</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/payment_dialog.py" line="83" />
        <source>F1–F{0} tender · Enter pays · Enter on an empty amount pays all that is due · Delete removes the last payment · Esc cancels</source>
        <translation>F1–F{0} 选支付方式 · 回车收款 · 金额为空时回车收取全部应付 · Delete 撤销上一笔 · Esc 取消</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/payment_dialog.py" line="91" />
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/payment_dialog.py" line="93" />
        <source>Code / reference</source>
        <translation>付款码/流水号</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/payment_dialog.py" line="133" />
        <location filename="../../pos_app/ui/payment_dialog.py" line="178" />
        <source>Enter for {0}</source>
        <translation>回车收 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/payment_dialog.py" line="147" />
        <source>scan the customer's payment code or type the reference</source>
        <translation>请扫顾客付款码或输入交易流水号</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <location filename="../../pos_app/ui/receipt_preview.py" line="67" />
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/receipt_preview.py" line="70" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="30" />
        <source>Refund</source>
        <translation>退货</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="38" />
        <source>Scan the receipt's barcode or type its number</source>
        <translation>扫描小票条码或输入小票号</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="42" />
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="42" />
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="42" />
        <source>Can refund</source>
        <translation>可退</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="42" />
        <source>Refund now</source>
        <translation>本次退货</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="48" />
        <source>Reason (required)</source>
        <translation>退货原因（必填）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="52" />
        <source>Refund (manager PIN)</source>
        <translation>退货（需主管 PIN）</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="55" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="111" />
        <source>line {0}: quantity {1}</source>
        <translation>第 {0} 行：数量 {1}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="123" />
        <source>type a quantity to refund on at least one line</source>
        <translation>请至少在一行输入退货数量</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="124" />
        <source>refund of {0}</source>
        <translation>退货 {0}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/refund_dialog.py" line="140" />
        <source>Refund {0}: {1} back ({2})</source>
        <translation>退货单 {0}：退款 {1}（{2}）</translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <location filename="../../pos_app/ui/search_dialog.py" line="16" />
        <source>Find a product</source>
        <translation>查找商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/search_dialog.py" line="22" />
        <source>Name, pinyin initials (xhs) or pinyin</source>
        <translation>名称、拼音首字母（xhs）或全拼</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/search_dialog.py" line="26" />
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/search_dialog.py" line="26" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/search_dialog.py" line="26" />
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/search_dialog.py" line="26" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/search_dialog.py" line="56" />
        <source>{0} found — ↑↓ to choose, Enter to add, Esc to close</source>
        <translation>找到 {0} 个 — ↑↓ 选择，回车加入，Esc 关闭</translation>
    </message>
</context>
</TS>