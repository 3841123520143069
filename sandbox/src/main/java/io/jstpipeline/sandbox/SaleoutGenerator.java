package io.jstpipeline.sandbox;

import static io.jstpipeline.sandbox.Catalogue.CO_ID;
import static io.jstpipeline.sandbox.Catalogue.money;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.sandbox.Catalogue.Carrier;
import io.jstpipeline.sandbox.Catalogue.Distributor;
import io.jstpipeline.sandbox.Catalogue.Product;
import io.jstpipeline.sandbox.Catalogue.Region;
import io.jstpipeline.sandbox.Catalogue.Shop;
import io.jstpipeline.sandbox.Catalogue.Staff;
import io.jstpipeline.sandbox.Catalogue.Warehouse;
import io.jstpipeline.sandbox.Catalogue.Weighted;
import io.jstpipeline.sandbox.Draws.Basket;
import io.jstpipeline.sandbox.Draws.Line;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A deterministic set of sales outbound notes (销售出库单) shaped like the ones
 * {@code jushuitan.saleout.list.query} returns, numbered by {@code io_id} (see {@link DocumentGenerator}).
 */
public final class SaleoutGenerator extends DocumentGenerator {

    /** Every status the API reports for a sales outbound note. */
    public static final List<String> STATUSES =
            List.of("Archive", "WaitConfirm", "Confirmed", "Cancelled", "Delete", "OuterConfirming");

    private static final long FIRST_IO_ID = 10_000_001L;
    private static final long FIRST_O_ID = 20_000_001L;
    private static final long FIRST_IOI_ID = 30_000_001L;
    private static final long FIRST_OI_ID = 40_000_001L;
    private static final long FIRST_WAVE_ID = 500_001L;

    private static final List<String> LABELS = List.of("赠品", "加急", "预售", "直播", "复购客户", "合单");

    private static final List<String> NODES = List.of("待拣货", "已拣货", "已打包", "已称重");

    private static final Weighted<String> STATUS = new Weighted<>(
            List.of("Confirmed", "Archive", "WaitConfirm", "OuterConfirming", "Cancelled", "Delete"),
            List.of(70, 12, 8, 4, 4, 2));

    /**
     * @param from first possible {@code modified} (China time), inclusive
     * @param to   end of the {@code modified} range, exclusive; at least one whole second after {@code from}
     */
    public SaleoutGenerator(long seed, int count, LocalDateTime from, LocalDateTime to) {
        this(seed, count, from, to, 0);
    }

    /** @param idOffset added to every id, so that data sets that share one pipeline never share an id */
    public SaleoutGenerator(long seed, int count, LocalDateTime from, LocalDateTime to, long idOffset) {
        super(seed, count, from, to, idOffset, FIRST_IO_ID, NoteWriter::new);
    }

    private static String kilograms(BigDecimal weight) {
        return weight.setScale(3, RoundingMode.HALF_UP).toPlainString();
    }

    /** Writes the notes of one run, advancing the ids the notes' orders and items take. */
    private static final class NoteWriter implements Writer {

        private final Draws draws;
        private final IdSequence oIds;
        private final IdSequence ioiIds;
        private final IdSequence oiIds;
        // wave_id is no key of any table, so the id offset leaves it alone.
        private final IdSequence waveIds = new IdSequence(FIRST_WAVE_ID);

        NoteWriter(Run run) {
            this.draws = run.draws();
            this.oIds = run.ids(FIRST_O_ID);
            this.ioiIds = run.ids(FIRST_IOI_ID);
            this.oiIds = run.ids(FIRST_OI_ID);
        }

        @Override
        public ObjectNode write(long ioId, LocalDateTime modified, long ts) {
            LocalDateTime created = modified.minusSeconds(draws.between(60, 3 * 86_400));
            LocalDateTime ioDate = draws.after(created, modified, Long.MAX_VALUE);
            LocalDateTime payDate = created.minusSeconds(draws.between(1, 7_200));
            Shop shop = draws.pick(Catalogue.SHOPS);
            String soId = draws.platformOrderNumber(shop.platform(), payDate);
            String status = draws.draw(STATUS);
            boolean shipped = !status.equals("WaitConfirm") && !status.equals("Cancelled");
            boolean printed = shipped && draws.chance(0.9);

            Basket basket = draws.basket();
            String payAmount = money(basket.payAmount());
            BigDecimal weight = basket.lines().stream()
                    .map(line -> new BigDecimal(line.product().unitWeight()).multiply(BigDecimal.valueOf(line.qty())))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            Carrier carrier = draws.pick(Catalogue.CARRIERS);
            Warehouse warehouse = draws.pick(Catalogue.WAREHOUSES);
            String orderType = draws.draw(Catalogue.ORDER_TYPE);
            Distributor distributor =
                    orderType.equals(Catalogue.DISTRIBUTION_ORDER) ? draws.pick(Catalogue.DISTRIBUTORS) : null;
            String invoiceTitle = draws.invoiceTitle();
            Region region = draws.pick(Catalogue.REGIONS);
            Staff orderStaff = draws.pick(Catalogue.ORDER_STAFF);

            ObjectNode note = Json.MAPPER.createObjectNode();
            note.put("io_id", ioId);
            note.put("o_id", oIds.nextThenSkip(draws, 2));
            note.put("so_id", soId);
            note.put("co_id", CO_ID);
            note.put("shop_id", shop.id());
            note.put("shop_name", shop.name());
            note.put("created", QimenTime.format(created));
            note.put("modified", QimenTime.format(modified));
            note.put("io_date", QimenTime.format(ioDate));
            note.put("ts", ts);
            note.put("status", status);
            note.put("invoice_title", invoiceTitle);
            note.put("shop_buyer_id", draws.buyerNick(shop));
            note.put("receiver_country", "中国");
            note.put("receiver_state", region.state());
            note.put("receiver_city", region.city());
            note.put("receiver_district", region.district());
            note.put("buyer_message", draws.buyerMessage());
            note.put("remark", draws.remark());
            note.put("is_cod", draws.chance(0.02));
            note.put("pay_amount", payAmount);
            note.put("paid_amount", payAmount);
            note.put("free_amount", money(basket.freeAmount()));
            note.put("freight", money(basket.freight()));
            note.put("l_id", shipped ? draws.waybillNumber(carrier) : "");
            note.put("lc_id", carrier.lcId());
            note.put("logistics_company", carrier.name());
            note.put("stock_enabled", draws.chance(0.95) ? "Y" : "N");
            note.put("labels", labels());
            note.put("weight", kilograms(weight));
            note.put("f_weight", kilograms(weight.add(BigDecimal.valueOf(draws.between(50, 300), 3))));
            note.put("warehouse", warehouse.name());
            note.put("drp_co_id_from", distributor == null ? "" : distributor.coId());
            note.put("order_type", orderType);
            note.put("open_id", "o" + draws.alphanumeric(27));
            note.put("is_print_express", printed);
            note.put("is_print", printed || draws.chance(0.1));
            note.put("drp_info", distributor == null ? "" : "分销商：" + distributor.name());
            note.put("buyer_tax_no", draws.buyerTaxNo(invoiceTitle));
            note.put("sns_sku_id", "");
            note.put("sns_sn", "");
            note.put("merge_so_id", draws.chance(0.04) ? draws.platformOrderNumber(shop.platform(), payDate) : "");
            note.put("wms_co_id", warehouse.wmsCoId());
            note.put("f_freight", money(BigDecimal.valueOf(draws.between(300, 1200), 2)));
            note.put("business_staff", draws.chance(0.4) ? draws.pick(Catalogue.BUSINESS_STAFF) : "");
            note.put("currency", "CNY");
            note.put("node", draws.chance(0.3) ? draws.pick(NODES) : "");
            note.put("pay_date", QimenTime.format(payDate));
            note.put("seller_flag", draws.chance(0.8) ? 0 : 1 + draws.below(5));
            note.put("wave_id", printed ? waveIds.next() : 0L);
            note.put("order_staff_id", orderStaff.id());
            note.put("order_staff_name", orderStaff.name());
            note.set("items", items(basket, soId));
            return note;
        }

        /** Items with the note's discount spread over the paid lines in proportion; the last takes the rounding. */
        private ArrayNode items(Basket basket, String soId) {
            ArrayNode items = Json.MAPPER.createArrayNode();
            List<Line> lines = basket.lines();
            BigDecimal freeAmount = basket.freeAmount();
            BigDecimal discountLeft = freeAmount;
            int lastPaid = lines.size() - 1;
            while (lines.get(lastPaid).gift()) {
                lastPaid--;
            }
            for (int i = 0; i < lines.size(); i++) {
                Line line = lines.get(i);
                BigDecimal discount = i == lastPaid ? discountLeft : line.gift() ? BigDecimal.ZERO
                        : freeAmount.multiply(line.amount()).divide(basket.goods(), 2, RoundingMode.HALF_UP);
                discountLeft = discountLeft.subtract(discount);
                Product product = line.product();
                ObjectNode item = items.addObject();
                item.put("ioi_id", ioiIds.next());
                item.put("oi_id", oiIds.nextThenSkip(draws, 1));
                item.put("outer_oi_id", soId + "-" + (i + 1));
                item.put("raw_so_id", soId);
                item.put("sku_id", line.skuId());
                item.put("i_id", product.iId());
                item.put("combine_sku_id", line.combineSkuId());
                item.put("name", product.name());
                item.put("properties_value", line.properties());
                item.put("qty", line.qty());
                item.put("sale_price", money(line.price()));
                item.put("sale_base_price", product.listPrice());
                item.put("sale_amount", money(line.amount()));
                item.put("pay_amount", money(line.amount().subtract(discount)));
                item.put("is_gift", line.gift());
            }
            return items;
        }

        /** Up to two labels, kept in catalogue order. */
        private String labels() {
            return LABELS.stream().filter(label -> draws.chance(0.06)).limit(2).collect(Collectors.joining(","));
        }
    }
}
