package io.jstpipeline.sandbox;

import static io.jstpipeline.sandbox.Catalogue.CO_ID;
import static io.jstpipeline.sandbox.Catalogue.money;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.sandbox.Catalogue.Carrier;
import io.jstpipeline.sandbox.Catalogue.Platform;
import io.jstpipeline.sandbox.Catalogue.Region;
import io.jstpipeline.sandbox.Catalogue.Shop;
import io.jstpipeline.sandbox.Catalogue.Weighted;
import io.jstpipeline.sandbox.Draws.Basket;
import io.jstpipeline.sandbox.Draws.Line;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A deterministic set of sales orders (销售订单) shaped like the ones {@code jushuitan.order.list.query}
 * returns, numbered by {@code o_id} (see {@link DocumentGenerator}).
 *
 * <p>An order's times keep their business order:
 * {@code order_date <= created <= pay_date <= send_date <= modified}. Amounts hold exactly:
 * {@code amount = qty × price} per item, {@code pay_amount = Σ amount + freight − free_amount}, and the
 * payments add up to {@code paid_amount}. About one order in ten has no payment (unpaid, cash on delivery, or
 * a free reissue); its {@code paid_amount} is {@code 0.00}.
 */
public final class OrderGenerator extends DocumentGenerator {

    /** Every status the API reports for a sales order. */
    public static final List<String> STATUSES =
            List.of("WaitPay", "WaitConfirm", "WaitOuterSent", "Sent", "Cancelled", "Question");

    // Apart from the outbound notes' ids, so that an order never looks like the source of an unrelated note.
    private static final long FIRST_O_ID = 30_000_001L;
    private static final long FIRST_OI_ID = 60_000_001L;
    private static final long FIRST_PAY_ID = 70_000_001L;

    private static final String WAIT_PAY = "WaitPay";
    private static final String SENT = "Sent";
    private static final String QUESTION = "Question";
    private static final Weighted<String> STATUS = new Weighted<>(
            List.of(SENT, "WaitConfirm", "WaitOuterSent", "Cancelled", QUESTION, WAIT_PAY),
            List.of(72, 8, 6, 6, 5, 3));

    private record Question(String type, String description) {
    }

    private static final List<Question> QUESTIONS = List.of(
            new Question("地址异常", "收货地址不完整，待联系买家确认"),
            new Question("库存不足", "商品库存不足，等待补货"),
            new Question("黑名单", "买家在店铺黑名单中，请人工审核"),
            new Question("价格异常", "成交价低于最低售价"));

    private static final Map<Platform, List<String>> PAYMENTS = Map.of(
            Platform.TMALL, List.of("支付宝"),
            Platform.JD, List.of("京东支付", "微信支付"),
            Platform.PDD, List.of("微信支付", "支付宝"),
            Platform.DOUYIN, List.of("抖音支付", "支付宝", "微信支付"),
            Platform.WEIXIN, List.of("微信支付"));
    /** What pays the rest when a buyer splits a payment. */
    private static final List<String> TOP_UPS = List.of("余额", "红包", "银行卡");

    private static final List<String> ORDER_FROM = List.of("WAP,WAP", "WAP,WAP", "淘宝", "PC,PC", "APP,APP");
    private static final List<String> INVOICE_TYPES = List.of("电子普通发票", "电子普通发票", "增值税专用发票");
    private static final String SYSTEM_CREATOR = "系统";

    /**
     * @param from first possible {@code modified} (China time), inclusive
     * @param to   end of the {@code modified} range, exclusive; at least one whole second after {@code from}
     */
    public OrderGenerator(long seed, int count, LocalDateTime from, LocalDateTime to) {
        this(seed, count, from, to, 0);
    }

    /** @param idOffset added to every id, so that data sets that share one pipeline never share an id */
    public OrderGenerator(long seed, int count, LocalDateTime from, LocalDateTime to, long idOffset) {
        super(seed, count, from, to, idOffset, FIRST_O_ID, OrderWriter::new);
    }

    /** The number of payments in {@code documents}; an order without payments has none. */
    public static long paymentCount(Collection<? extends JsonNode> documents) {
        return documents.stream().mapToLong(document -> document.path("pays").size()).sum();
    }

    /** Writes the orders of one run, advancing the ids their items and payments take. */
    private static final class OrderWriter implements Writer {

        private final Draws draws;
        private final IdSequence oiIds;
        private final IdSequence payIds;

        OrderWriter(Run run) {
            this.draws = run.draws();
            this.oiIds = run.ids(FIRST_OI_ID);
            this.payIds = run.ids(FIRST_PAY_ID);
        }

        @Override
        public ObjectNode write(long oId, LocalDateTime modified, long ts) {
            String status = draws.draw(STATUS);
            boolean paid = !status.equals(WAIT_PAY);
            boolean sent = status.equals(SENT);
            LocalDateTime orderDate = modified.minusSeconds(draws.between(600, 3 * 86_400));
            LocalDateTime created = draws.after(orderDate, modified, 300);
            LocalDateTime payDate = draws.after(created, modified, 1_800);
            LocalDateTime sendDate = draws.after(payDate, modified, 2 * 86_400);
            Shop shop = draws.pick(Catalogue.SHOPS);
            String type = draws.draw(Catalogue.ORDER_TYPE);
            boolean cod = paid && draws.chance(0.02);
            // Nothing was paid online for these: not yet, on delivery, or a reissue the shop pays for.
            boolean noPays = !paid || cod || type.equals(Catalogue.REISSUE_ORDER);

            Basket basket = draws.basket();
            BigDecimal payAmount = basket.payAmount();
            BigDecimal paidAmount = noPays ? BigDecimal.ZERO : payAmount;
            Carrier carrier = draws.pick(Catalogue.CARRIERS);
            Region region = draws.pick(Catalogue.REGIONS);
            String invoiceTitle = draws.invoiceTitle();
            Question question = status.equals(QUESTION) ? draws.pick(QUESTIONS) : null;

            ObjectNode order = Json.MAPPER.createObjectNode();
            order.put("o_id", oId);
            order.put("so_id", draws.platformOrderNumber(shop.platform(), orderDate));
            order.put("shop_id", shop.id());
            order.put("shop_name", shop.name());
            order.put("co_id", CO_ID);
            order.put("wms_co_id", draws.pick(Catalogue.WAREHOUSES).wmsCoId());
            order.put("ts", ts);
            order.put("status", status);
            order.put("shop_status", shopStatus(status));
            order.put("order_date", QimenTime.format(orderDate));
            order.put("created", QimenTime.format(created));
            order.put("modified", QimenTime.format(modified));
            order.put("pay_date", paid ? QimenTime.format(payDate) : "");
            order.put("send_date", sent ? QimenTime.format(sendDate) : "");
            order.put("plan_delivery_date", QimenTime.format((paid ? payDate : created).plusHours(48)));
            order.put("pay_amount", money(payAmount));
            order.put("paid_amount", money(paidAmount));
            order.put("freight", money(basket.freight()));
            order.put("free_amount", money(basket.freeAmount()));
            order.put("l_id", sent ? draws.waybillNumber(carrier) : "");
            order.put("logistics_company", sent ? carrier.name() : "");
            order.put("receiver_state", region.state());
            order.put("receiver_city", region.city());
            order.put("receiver_district", region.district());
            order.put("buyer_message", draws.buyerMessage());
            order.put("remark", draws.remark());
            order.put("invoice_title", invoiceTitle);
            order.put("invoice_type", invoiceTitle.isEmpty() ? "" : draws.pick(INVOICE_TYPES));
            order.put("buyer_tax_no", draws.buyerTaxNo(invoiceTitle));
            order.put("is_cod", cod);
            order.put("type", type);
            order.put("order_from", draws.pick(ORDER_FROM));
            order.put("question_type", question == null ? "" : question.type());
            order.put("question_desc", question == null ? "" : question.description());
            order.put("creator_name", draws.chance(0.85) ? SYSTEM_CREATOR : draws.pick(Catalogue.ORDER_STAFF).name());
            order.set("items", items(basket.lines()));
            order.set("pays", noPays ? Json.MAPPER.createArrayNode() : pays(shop, paidAmount, payDate, modified));
            return order;
        }

        private ArrayNode items(List<Line> lines) {
            ArrayNode items = Json.MAPPER.createArrayNode();
            for (Line line : lines) {
                ObjectNode item = items.addObject();
                item.put("oi_id", oiIds.next());
                item.put("sku_id", line.skuId());
                item.put("i_id", line.product().iId());
                item.put("name", line.product().name());
                item.put("properties_value", line.properties());
                item.put("qty", line.qty());
                item.put("price", money(line.price()));
                item.put("base_price", line.product().listPrice());
                item.put("amount", money(line.amount()));
                item.put("is_gift", line.gift());
                item.put("refund_status", draws.chance(0.04) ? "success" : "none");
            }
            return items;
        }

        /** One payment, or two when the buyer topped up; the last takes what the first left. */
        private ArrayNode pays(Shop shop, BigDecimal paidAmount, LocalDateTime payDate, LocalDateTime modified) {
            boolean split = paidAmount.compareTo(BigDecimal.ONE) > 0 && draws.chance(0.15);
            BigDecimal share = BigDecimal.valueOf(draws.between(30, 70), 2);
            BigDecimal first = split ? paidAmount.multiply(share).setScale(2, RoundingMode.HALF_UP) : paidAmount;
            String buyerAccount = draws.buyerNick(shop);
            ArrayNode pays = Json.MAPPER.createArrayNode();
            addPay(pays, draws.pick(PAYMENTS.get(shop.platform())), first, payDate, buyerAccount, true);
            if (split) {
                addPay(pays, draws.pick(TOP_UPS), paidAmount.subtract(first), draws.after(payDate, modified, 600),
                        buyerAccount, false);
            }
            return pays;
        }

        private void addPay(ArrayNode pays, String payment, BigDecimal amount, LocalDateTime paid,
                            String buyerAccount, boolean orderPay) {
            ObjectNode pay = pays.addObject();
            pay.put("pay_id", payIds.next());
            pay.put("outer_pay_id", draws.transactionNumber(paid, 20));
            pay.put("pay_date", QimenTime.format(paid));
            pay.put("amount", money(amount));
            pay.put("payment", payment);
            pay.put("buyer_account", buyerAccount);
            pay.put("status", "Confirmed");
            pay.put("is_order_pay", orderPay);
        }

        /** The platform's own status of the trade, as the shop sees it. */
        private String shopStatus(String status) {
            return switch (status) {
                case WAIT_PAY -> "WAIT_BUYER_PAY";
                case SENT -> draws.chance(0.7) ? "TRADE_FINISHED" : "WAIT_BUYER_CONFIRM_GOODS";
                case "Cancelled" -> "TRADE_CLOSED";
                default -> "WAIT_SELLER_SEND_GOODS";
            };
        }
    }
}
