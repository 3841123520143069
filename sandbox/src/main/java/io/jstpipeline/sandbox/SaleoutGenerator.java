package io.jstpipeline.sandbox;

import static io.jstpipeline.sandbox.Catalogue.CO_ID;
import static io.jstpipeline.sandbox.Catalogue.money;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.jstpipeline.sandbox.Draws.Line;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A deterministic set of sales outbound notes (销售出库单) shaped like the ones
 * {@code jushuitan.saleout.list.query} returns: the same seed, count and modified range always give
 * byte-identical documents.
 *
 * <p>Every document's {@code modified} lies in {@code [from, to)}, and its {@code ts} row version is
 * {@code modified} in epoch seconds times a million plus the document's index (see {@link RowVersion}), so
 * ordering by {@code ts} equals ordering by {@code modified}, then {@code io_id}.
 */
public final class SaleoutGenerator {

    /** Every status the API reports for a sales outbound note. */
    public static final List<String> STATUSES =
            List.of("Archive", "WaitConfirm", "Confirmed", "Cancelled", "Delete", "OuterConfirming");

    public static final int MAX_COUNT = RowVersion.MAX_DOCUMENTS;

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

    private final List<ObjectNode> documents;

    /**
     * @param from first possible {@code modified} (China time), inclusive
     * @param to   end of the {@code modified} range, exclusive; at least one whole second after {@code from}
     */
    public SaleoutGenerator(long seed, int count, LocalDateTime from, LocalDateTime to) {
        this(seed, count, from, to, 0);
    }

    /** @param idOffset added to every id, so that data sets that share one pipeline never share an id */
    public SaleoutGenerator(long seed, int count, LocalDateTime from, LocalDateTime to, long idOffset) {
        RowVersion.requireCount(count);
        Batch batch = new Batch(new Draws(seed, from, to), idOffset);
        this.documents = IntStream.range(0, count).mapToObj(batch::note).toList();
    }

    /** The documents in {@code io_id} order. */
    public List<ObjectNode> documents() {
        return documents;
    }

    /** The number of outbound items (table rows) in {@code documents}. */
    public static long itemCount(Collection<? extends JsonNode> documents) {
        return documents.stream().mapToLong(document -> document.path("items").size()).sum();
    }

    private static String kilograms(BigDecimal weight) {
        return weight.setScale(3, RoundingMode.HALF_UP).toPlainString();
    }

    /** One generation run: the random draws and the id sequences they advance. */
    private static final class Batch {

        private final Draws draws;
        private final long idOffset;
        private long nextOId;
        private long nextIoiId;
        private long nextOiId;
        private long nextWaveId = FIRST_WAVE_ID;

        Batch(Draws draws, long idOffset) {
            this.draws = draws;
            this.idOffset = idOffset;
            this.nextOId = FIRST_O_ID + idOffset;
            this.nextIoiId = FIRST_IOI_ID + idOffset;
            this.nextOiId = FIRST_OI_ID + idOffset;
        }

        ObjectNode note(int index) {
            LocalDateTime modified = draws.modified();
            LocalDateTime created = modified.minusSeconds(draws.between(60, 3 * 86_400));
            LocalDateTime ioDate = draws.after(created, modified, Long.MAX_VALUE);
            LocalDateTime payDate = created.minusSeconds(draws.between(1, 7_200));
            Shop shop = draws.pick(Catalogue.SHOPS);
            String soId = draws.platformOrderNumber(shop.platform(), payDate);
            String status = draws.draw(STATUS);
            boolean shipped = !status.equals("WaitConfirm") && !status.equals("Cancelled");
            boolean printed = shipped && draws.chance(0.9);

            List<Line> lines = draws.lines();
            BigDecimal goods = lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal freeAmount = draws.coupon(goods);
            BigDecimal freight = draws.pick(Catalogue.FREIGHTS);
            String payAmount = money(goods.add(freight).subtract(freeAmount));
            BigDecimal weight = lines.stream()
                    .map(line -> new BigDecimal(line.product().unitWeight()).multiply(BigDecimal.valueOf(line.qty())))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            Carrier carrier = draws.pick(Catalogue.CARRIERS);
            Warehouse warehouse = draws.pick(Catalogue.WAREHOUSES);
            String orderType = draws.draw(Catalogue.ORDER_TYPE);
            Distributor distributor =
                    orderType.equals(Catalogue.DISTRIBUTION_ORDER) ? draws.pick(Catalogue.DISTRIBUTORS) : null;
            String invoiceTitle = draws.chance(0.2) ? draws.pick(Catalogue.INVOICE_TITLES) : "";
            Region region = draws.pick(Catalogue.REGIONS);
            Staff orderStaff = draws.pick(Catalogue.ORDER_STAFF);

            ObjectNode note = Json.MAPPER.createObjectNode();
            note.put("io_id", FIRST_IO_ID + idOffset + index);
            note.put("o_id", nextOId);
            nextOId += 1 + draws.below(3);
            note.put("so_id", soId);
            note.put("co_id", CO_ID);
            note.put("shop_id", shop.id());
            note.put("shop_name", shop.name());
            note.put("created", QimenTime.format(created));
            note.put("modified", QimenTime.format(modified));
            note.put("io_date", QimenTime.format(ioDate));
            note.put("ts", RowVersion.ts(modified, index));
            note.put("status", status);
            note.put("invoice_title", invoiceTitle);
            note.put("shop_buyer_id", draws.buyerNick(shop));
            note.put("receiver_country", "中国");
            note.put("receiver_state", region.state());
            note.put("receiver_city", region.city());
            note.put("receiver_district", region.district());
            note.put("buyer_message", draws.chance(0.35) ? draws.pick(Catalogue.BUYER_MESSAGES) : "");
            note.put("remark", draws.chance(0.25) ? draws.pick(Catalogue.REMARKS) : "");
            note.put("is_cod", draws.chance(0.02));
            note.put("pay_amount", payAmount);
            note.put("paid_amount", payAmount);
            note.put("free_amount", money(freeAmount));
            note.put("freight", money(freight));
            note.put("l_id", shipped ? carrier.prefix() + draws.digits(carrier.digits()) : "");
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
            note.put("wave_id", printed ? nextWaveId++ : 0L);
            note.put("order_staff_id", orderStaff.id());
            note.put("order_staff_name", orderStaff.name());
            note.set("items", items(lines, soId, freeAmount, goods));
            return note;
        }

        /** Items with the note's discount spread over the paid lines in proportion; the last takes the rounding. */
        private ArrayNode items(List<Line> lines, String soId, BigDecimal freeAmount, BigDecimal goods) {
            ArrayNode items = Json.MAPPER.createArrayNode();
            BigDecimal discountLeft = freeAmount;
            int lastPaid = lines.size() - 1;
            while (lines.get(lastPaid).gift()) {
                lastPaid--;
            }
            for (int i = 0; i < lines.size(); i++) {
                Line line = lines.get(i);
                BigDecimal discount = i == lastPaid ? discountLeft : line.gift() ? BigDecimal.ZERO
                        : freeAmount.multiply(line.amount()).divide(goods, 2, RoundingMode.HALF_UP);
                discountLeft = discountLeft.subtract(discount);
                Product product = line.product();
                ObjectNode item = items.addObject();
                item.put("ioi_id", nextIoiId++);
                item.put("oi_id", nextOiId);
                nextOiId += 1 + draws.below(2);
                item.put("outer_oi_id", soId + "-" + (i + 1));
                item.put("raw_so_id", soId);
                item.put("sku_id", product.skuId(line.color(), line.size()));
                item.put("i_id", product.iId());
                item.put("combine_sku_id", line.combineSkuId());
                item.put("name", product.name());
                item.put("properties_value", line.color().label() + ";" + line.size().label());
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
