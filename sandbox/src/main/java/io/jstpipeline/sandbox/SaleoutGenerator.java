package io.jstpipeline.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.qimen.QimenTime;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A deterministic set of sales outbound notes (销售出库单) shaped like the ones
 * {@code jushuitan.saleout.list.query} returns: the same seed, count and modified range always give
 * byte-identical documents.
 *
 * <p>Every document's {@code modified} lies in {@code [from, to)}, and its {@code ts} row version is
 * {@code modified} in epoch seconds times {@value #TS_PER_SECOND} plus the document's index, so ordering
 * by {@code ts} equals ordering by {@code modified}, then {@code io_id}.
 */
public final class SaleoutGenerator {

    /** Every status the API reports for a sales outbound note. */
    public static final List<String> STATUSES =
            List.of("Archive", "WaitConfirm", "Confirmed", "Cancelled", "Delete", "OuterConfirming");

    /** Row versions per second of {@code modified}: room for the index of every generated document. */
    static final long TS_PER_SECOND = 1_000_000L;
    public static final int MAX_COUNT = (int) TS_PER_SECOND;

    private static final long CO_ID = 10174711L;
    private static final long FIRST_IO_ID = 10_000_001L;
    private static final long FIRST_O_ID = 20_000_001L;
    private static final long FIRST_IOI_ID = 30_000_001L;
    private static final long FIRST_OI_ID = 40_000_001L;
    private static final long FIRST_WAVE_ID = 500_001L;

    private final List<ObjectNode> documents;

    /**
     * @param from first possible {@code modified} (China time), inclusive
     * @param to   end of the {@code modified} range, exclusive; at least one whole second after {@code from}
     */
    public SaleoutGenerator(long seed, int count, LocalDateTime from, LocalDateTime to) {
        if (count < 0 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be between 0 and " + MAX_COUNT + ", got " + count);
        }
        // Whole seconds only: the API's times have no fraction, and a rounded time must stay in range.
        LocalDateTime first = ceilToSecond(from);
        long seconds = Duration.between(first, ceilToSecond(to)).getSeconds();
        if (seconds < 1) {
            throw new IllegalArgumentException("modified range [" + from + ", " + to + ") holds no whole second");
        }
        Batch batch = new Batch(new SplittableRandom(seed), first, seconds);
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

    /** The row version of a document modified at {@code modified}; {@code sequence} breaks ties within a second. */
    static long ts(LocalDateTime modified, long sequence) {
        return modified.atZone(QimenTime.ZONE).toEpochSecond() * TS_PER_SECOND + sequence;
    }

    private static LocalDateTime ceilToSecond(LocalDateTime time) {
        return time.getNano() == 0 ? time : time.withNano(0).plusSeconds(1);
    }

    // ---- the catalogue the documents draw from -------------------------------------------------------

    private enum Platform { TMALL, JD, PDD, DOUYIN, WEIXIN }

    private record Shop(long id, String name, Platform platform, String buyerPrefix) {
    }

    private record Option(String label, String code) {
    }

    private record Product(int style, String iId, String name, String listPrice, String unitWeight,
                           List<Option> colors, List<Option> sizes) {
    }

    private record Region(String state, String city, String district) {
    }

    private record Carrier(String lcId, String name, String prefix, int digits) {
    }

    private record Warehouse(String name, long wmsCoId) {
    }

    private record Staff(long id, String name) {
    }

    private record Distributor(String coId, String name) {
    }

    /** Values drawn with fixed relative weights. */
    private record Weighted<T>(List<T> values, List<Integer> weights) {
        T draw(SplittableRandom random) {
            int r = random.nextInt(weights.stream().mapToInt(Integer::intValue).sum());
            for (int i = 0; ; i++) {
                r -= weights.get(i);
                if (r < 0) {
                    return values.get(i);
                }
            }
        }
    }

    private static final List<Shop> SHOPS = List.of(
            new Shop(11045201L, "聚水潭旗舰店", Platform.TMALL, "tb"),
            new Shop(11045202L, "聚水潭京东旗舰店", Platform.JD, "jd_"),
            new Shop(12187730L, "聚水潭拼多多官方店", Platform.PDD, "pdd_"),
            new Shop(13006541L, "聚水潭抖音小店", Platform.DOUYIN, "dy"),
            new Shop(13552908L, "聚水潭微商城", Platform.WEIXIN, "wx_"));

    private static final Option RED = new Option("红色", "RED");
    private static final Option WHITE = new Option("白色", "WHITE");
    private static final Option BLACK = new Option("黑色", "BLACK");
    private static final Option GREY = new Option("灰色", "GREY");
    private static final Option NAVY = new Option("藏青色", "NAVY");
    private static final Option BLUE = new Option("蓝色", "BLUE");
    private static final Option PINK = new Option("粉色", "PINK");
    private static final Option DEFAULT_COLOR = new Option("默认", "STD");

    private static List<Option> sizes(String... labels) {
        return Arrays.stream(labels).map(label -> new Option(label, label.toUpperCase())).toList();
    }

    private static final List<Product> PRODUCTS = List.of(
            new Product(10023, "TX10023", "纯棉圆领短袖T恤", "79.00", "0.220",
                    List.of(RED, WHITE, BLACK), sizes("S", "M", "L", "XL")),
            new Product(10031, "WY10031", "加绒连帽卫衣", "169.00", "0.650",
                    List.of(BLACK, GREY, NAVY), sizes("M", "L", "XL", "XXL")),
            new Product(10045, "NZ10045", "高腰直筒牛仔裤", "199.00", "0.550",
                    List.of(BLUE, BLACK), sizes("26", "27", "28", "29", "30")),
            new Product(10052, "CS10052", "商务免烫长袖衬衫", "139.00", "0.300",
                    List.of(WHITE, BLUE), sizes("38", "39", "40", "41", "42")),
            new Product(10068, "YD10068", "轻薄透气运动跑鞋", "299.00", "0.800",
                    List.of(BLACK, WHITE), sizes("39", "40", "41", "42", "43")),
            new Product(20011, "BW20011", "316不锈钢保温杯", "89.00", "0.420",
                    List.of(WHITE, BLACK, PINK), sizes("350ml", "500ml")),
            new Product(20027, "MK20027", "北欧风陶瓷马克杯", "39.90", "0.380",
                    List.of(WHITE, GREY), List.of(new Option("均码", "F"))),
            new Product(30005, "YJ30005", "全棉加厚浴巾 70×140cm", "59.00", "0.500",
                    List.of(WHITE, GREY, PINK), List.of(new Option("70×140cm", "70X140"))),
            new Product(30018, "ZT30018", "记忆棉护颈枕", "129.00", "1.200",
                    List.of(WHITE), List.of(new Option("标准款", "STD"))),
            new Product(40002, "MM40002", "玻尿酸补水面膜（10片装）", "99.00", "0.300",
                    List.of(DEFAULT_COLOR), List.of(new Option("10片", "10P"))),
            new Product(40016, "FS40016", "清爽控油防晒霜SPF50+", "128.00", "0.080",
                    List.of(DEFAULT_COLOR), sizes("50ml")),
            new Product(50009, "JG50009", "每日坚果混合装750g", "109.00", "0.800",
                    List.of(DEFAULT_COLOR), List.of(new Option("30袋", "30B"))),
            new Product(50021, "PE50021", "云南古树普洱茶饼357g", "268.00", "0.400",
                    List.of(DEFAULT_COLOR), sizes("357g")));

    private static final List<Region> REGIONS = List.of(
            new Region("浙江省", "杭州市", "西湖区"),
            new Region("浙江省", "宁波市", "鄞州区"),
            new Region("江苏省", "南京市", "鼓楼区"),
            new Region("江苏省", "苏州市", "工业园区"),
            new Region("上海", "上海市", "浦东新区"),
            new Region("北京", "北京市", "朝阳区"),
            new Region("广东省", "广州市", "天河区"),
            new Region("广东省", "深圳市", "南山区"),
            new Region("四川省", "成都市", "武侯区"),
            new Region("湖北省", "武汉市", "洪山区"),
            new Region("山东省", "青岛市", "崂山区"),
            new Region("福建省", "厦门市", "思明区"),
            new Region("河南省", "郑州市", "金水区"),
            new Region("陕西省", "西安市", "雁塔区"),
            new Region("新疆维吾尔自治区", "乌鲁木齐市", "天山区"));

    private static final List<Carrier> CARRIERS = List.of(
            new Carrier("ZTO", "中通快递", "78", 12),
            new Carrier("YTO", "圆通速递", "YT", 13),
            new Carrier("STO", "申通快递", "77", 12),
            new Carrier("YUNDA", "韵达快递", "43", 13),
            new Carrier("SF", "顺丰速运", "SF", 13),
            new Carrier("JD", "京东快递", "JDVA", 11),
            new Carrier("JTSD", "极兔速递", "JT", 13));

    private static final List<Warehouse> WAREHOUSES = List.of(
            new Warehouse("杭州主仓", CO_ID),
            new Warehouse("广州分仓", 10288801L),
            new Warehouse("天津北方仓", 10299902L));

    private static final List<Staff> ORDER_STAFF = List.of(
            new Staff(20001L, "张伟"), new Staff(20002L, "李娜"), new Staff(20003L, "王芳"),
            new Staff(20004L, "刘洋"), new Staff(20005L, "陈静"));

    private static final List<String> BUSINESS_STAFF = List.of("赵磊", "孙丽", "周杰");

    private static final List<Distributor> DISTRIBUTORS = List.of(
            new Distributor("10366121", "杭州小蜜蜂商贸有限公司"),
            new Distributor("10371988", "成都优品汇供应链管理有限公司"));

    private static final List<String> INVOICE_TITLES = List.of(
            "杭州云起网络科技有限公司", "上海和光贸易有限公司", "深圳市前海数智科技有限公司", "个人");

    private static final List<String> BUYER_NICKS = List.of(
            "快乐的小猪🐷", "阿花ａｂｃ", "momo妈咪", "追风少年", "小王爱购物");

    // Real buyer messages: emoji, full-width punctuation, mixed languages.
    private static final List<String> BUYER_MESSAGES = List.of(
            "请尽快发货，谢谢！",
            "麻烦发顺丰，运费我可以补～",
            "送人的，不要放发票和价格单。",
            "急用！！！周五前能到吗？😊",
            "包装好一点哦🙏",
            "颜色发错过一次，这次请仔细核对（红色L码）",
            "尺码偏小的话帮我换大一号，谢谢～",
            "Please ship ASAP, thanks!",
            "到了放菜鸟驿站就行👌",
            "生日礼物🎂🎁，请帮忙写张贺卡：“祝妈妈生日快乐！”");

    private static final List<String> REMARKS = List.of(
            "客户要求顺丰，已补运费差价",
            "已备注赠品：小样×2",
            "老客户，优先发货",
            "地址已与买家电话确认",
            "预售商品，15天内发货",
            "【加急】直播间订单");

    private static final List<String> LABELS = List.of("赠品", "加急", "预售", "直播", "复购客户", "合单");

    private static final List<String> NODES = List.of("待拣货", "已拣货", "已打包", "已称重");

    private static final Weighted<String> STATUS = new Weighted<>(
            List.of("Confirmed", "Archive", "WaitConfirm", "OuterConfirming", "Cancelled", "Delete"),
            List.of(70, 12, 8, 4, 4, 2));

    private static final String DISTRIBUTION_ORDER = "分销订单";
    private static final Weighted<String> ORDER_TYPE = new Weighted<>(
            List.of("普通订单", "补发订单", "换货订单", DISTRIBUTION_ORDER), List.of(85, 5, 4, 6));

    private static final Weighted<Integer> ITEM_COUNT = new Weighted<>(
            List.of(1, 2, 3, 4, 5), List.of(45, 25, 15, 10, 5));

    private static final Weighted<Integer> QTY = new Weighted<>(
            List.of(1, 2, 3, 4, 5), List.of(60, 20, 10, 6, 4));

    private static final List<BigDecimal> DISCOUNTS = decimals("1.00", "0.90", "0.85", "0.80", "0.70", "0.60");
    private static final List<BigDecimal> FREIGHTS = decimals("0.00", "0.00", "0.00", "6.00", "10.00", "12.00");
    private static final List<BigDecimal> SMALL_COUPONS = decimals("0.00", "0.00", "5.00", "10.00", "20.00");
    private static final List<BigDecimal> LARGE_COUPONS = decimals("0.00", "10.00", "20.00", "30.00", "50.00");
    private static final BigDecimal SMALL_COUPON_THRESHOLD = new BigDecimal("100");
    private static final BigDecimal LARGE_COUPON_THRESHOLD = new BigDecimal("200");

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("yyMMdd");
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private static List<BigDecimal> decimals(String... values) {
        return Arrays.stream(values).map(BigDecimal::new).toList();
    }

    private static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static String kilograms(BigDecimal weight) {
        return weight.setScale(3, RoundingMode.HALF_UP).toPlainString();
    }

    // ---- one generation run: the random stream and the id sequences it advances ---------------------

    /** An outbound line before it is written: the amounts the note's totals are built from. */
    private record Line(Product product, Option color, Option size, int qty, BigDecimal salePrice,
                        BigDecimal saleAmount, boolean gift, String combineSkuId) {
    }

    private static final class Batch {

        private final SplittableRandom random;
        private final LocalDateTime first;
        private final long seconds;
        private long nextOId = FIRST_O_ID;
        private long nextIoiId = FIRST_IOI_ID;
        private long nextOiId = FIRST_OI_ID;
        private long nextWaveId = FIRST_WAVE_ID;

        Batch(SplittableRandom random, LocalDateTime first, long seconds) {
            this.random = random;
            this.first = first;
            this.seconds = seconds;
        }

        ObjectNode note(int index) {
            LocalDateTime modified = first.plusSeconds(random.nextLong(seconds));
            LocalDateTime created = modified.minusSeconds(between(60, 3 * 86_400));
            LocalDateTime ioDate = created.plusSeconds(random.nextLong(Duration.between(created, modified).getSeconds() + 1));
            LocalDateTime payDate = created.minusSeconds(between(1, 7_200));
            Shop shop = pick(SHOPS);
            String soId = platformOrderNumber(shop.platform(), payDate);
            String status = STATUS.draw(random);
            boolean shipped = !status.equals("WaitConfirm") && !status.equals("Cancelled");
            boolean printed = shipped && chance(0.9);

            List<Line> lines = lines();
            BigDecimal goods = lines.stream().map(Line::saleAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal freeAmount = goods.compareTo(LARGE_COUPON_THRESHOLD) >= 0 ? pick(LARGE_COUPONS)
                    : goods.compareTo(SMALL_COUPON_THRESHOLD) >= 0 ? pick(SMALL_COUPONS) : BigDecimal.ZERO;
            BigDecimal freight = pick(FREIGHTS);
            String payAmount = money(goods.add(freight).subtract(freeAmount));
            BigDecimal weight = lines.stream()
                    .map(line -> new BigDecimal(line.product().unitWeight()).multiply(BigDecimal.valueOf(line.qty())))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            Carrier carrier = pick(CARRIERS);
            Warehouse warehouse = pick(WAREHOUSES);
            String orderType = ORDER_TYPE.draw(random);
            Distributor distributor = orderType.equals(DISTRIBUTION_ORDER) ? pick(DISTRIBUTORS) : null;
            String invoiceTitle = chance(0.2) ? pick(INVOICE_TITLES) : "";
            Region region = pick(REGIONS);
            Staff orderStaff = pick(ORDER_STAFF);

            ObjectNode note = Json.MAPPER.createObjectNode();
            note.put("io_id", FIRST_IO_ID + index);
            note.put("o_id", nextOId);
            nextOId += 1 + random.nextInt(3);
            note.put("so_id", soId);
            note.put("co_id", CO_ID);
            note.put("shop_id", shop.id());
            note.put("shop_name", shop.name());
            note.put("created", QimenTime.format(created));
            note.put("modified", QimenTime.format(modified));
            note.put("io_date", QimenTime.format(ioDate));
            note.put("ts", ts(modified, index));
            note.put("status", status);
            note.put("invoice_title", invoiceTitle);
            note.put("shop_buyer_id", buyerNick(shop));
            note.put("receiver_country", "中国");
            note.put("receiver_state", region.state());
            note.put("receiver_city", region.city());
            note.put("receiver_district", region.district());
            note.put("buyer_message", chance(0.35) ? pick(BUYER_MESSAGES) : "");
            note.put("remark", chance(0.25) ? pick(REMARKS) : "");
            note.put("is_cod", chance(0.02));
            note.put("pay_amount", payAmount);
            note.put("paid_amount", payAmount);
            note.put("free_amount", money(freeAmount));
            note.put("freight", money(freight));
            note.put("l_id", shipped ? carrier.prefix() + digits(carrier.digits()) : "");
            note.put("lc_id", carrier.lcId());
            note.put("logistics_company", carrier.name());
            note.put("stock_enabled", chance(0.95) ? "Y" : "N");
            note.put("labels", labels());
            note.put("weight", kilograms(weight));
            note.put("f_weight", kilograms(weight.add(BigDecimal.valueOf(between(50, 300), 3))));
            note.put("warehouse", warehouse.name());
            note.put("drp_co_id_from", distributor == null ? "" : distributor.coId());
            note.put("order_type", orderType);
            note.put("open_id", "o" + alphanumeric(27));
            note.put("is_print_express", printed);
            note.put("is_print", printed || chance(0.1));
            note.put("drp_info", distributor == null ? "" : "分销商：" + distributor.name());
            note.put("buyer_tax_no", invoiceTitle.endsWith("公司") ? "91" + digits(6) + alphanumeric(10).toUpperCase() : "");
            note.put("sns_sku_id", "");
            note.put("sns_sn", "");
            note.put("merge_so_id", chance(0.04) ? platformOrderNumber(shop.platform(), payDate) : "");
            note.put("wms_co_id", warehouse.wmsCoId());
            note.put("f_freight", money(BigDecimal.valueOf(between(300, 1200), 2)));
            note.put("business_staff", chance(0.4) ? pick(BUSINESS_STAFF) : "");
            note.put("currency", "CNY");
            note.put("node", chance(0.3) ? pick(NODES) : "");
            note.put("pay_date", QimenTime.format(payDate));
            note.put("seller_flag", chance(0.8) ? 0 : 1 + random.nextInt(5));
            note.put("wave_id", printed ? nextWaveId++ : 0L);
            note.put("order_staff_id", orderStaff.id());
            note.put("order_staff_name", orderStaff.name());
            note.set("items", items(lines, soId, freeAmount, goods));
            return note;
        }

        /** One to five lines of distinct products; a gift is never the first line, so a note always sells. */
        private List<Line> lines() {
            int count = ITEM_COUNT.draw(random);
            List<Product> products = new ArrayList<>(PRODUCTS);
            List<Line> lines = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                // Partial Fisher-Yates: the first i entries are the products already chosen.
                Collections.swap(products, i, i + random.nextInt(products.size() - i));
                Product product = products.get(i);
                boolean gift = i > 0 && chance(0.05);
                BigDecimal listPrice = new BigDecimal(product.listPrice());
                BigDecimal salePrice = gift ? BigDecimal.ZERO.setScale(2)
                        : listPrice.multiply(pick(DISCOUNTS)).setScale(2, RoundingMode.HALF_UP);
                int qty = QTY.draw(random);
                lines.add(new Line(product, pick(product.colors()), pick(product.sizes()), qty, salePrice,
                        salePrice.multiply(BigDecimal.valueOf(qty)), gift,
                        chance(0.05) ? "ZH-" + product.style() + "-" + digits(2) : ""));
            }
            return lines;
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
                        : freeAmount.multiply(line.saleAmount()).divide(goods, 2, RoundingMode.HALF_UP);
                discountLeft = discountLeft.subtract(discount);
                Product product = line.product();
                ObjectNode item = items.addObject();
                item.put("ioi_id", nextIoiId++);
                item.put("oi_id", nextOiId);
                nextOiId += 1 + random.nextInt(2);
                item.put("outer_oi_id", soId + "-" + (i + 1));
                item.put("raw_so_id", soId);
                item.put("sku_id", "SKU-" + product.style() + "-" + line.color().code() + "-" + line.size().code());
                item.put("i_id", product.iId());
                item.put("combine_sku_id", line.combineSkuId());
                item.put("name", product.name());
                item.put("properties_value", line.color().label() + ";" + line.size().label());
                item.put("qty", line.qty());
                item.put("sale_price", money(line.salePrice()));
                item.put("sale_base_price", product.listPrice());
                item.put("sale_amount", money(line.saleAmount()));
                item.put("pay_amount", money(line.saleAmount().subtract(discount)));
                item.put("is_gift", line.gift());
            }
            return items;
        }

        private String platformOrderNumber(Platform platform, LocalDateTime paid) {
            return switch (platform) {
                case TMALL -> "3" + digits(18);
                case JD -> "JD" + DAY.format(paid) + digits(8);
                case PDD -> SHORT_DAY.format(paid) + "-" + digits(15);
                case DOUYIN -> "69" + digits(17);
                case WEIXIN -> "WX" + SECOND.format(paid) + digits(4);
            };
        }

        private String buyerNick(Shop shop) {
            return chance(0.15) ? pick(BUYER_NICKS) + digits(3) : shop.buyerPrefix() + digits(8);
        }

        /** Up to two labels, kept in catalogue order. */
        private String labels() {
            return LABELS.stream().filter(label -> chance(0.06)).limit(2).collect(Collectors.joining(","));
        }

        private String digits(int length) {
            StringBuilder sb = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                sb.append((char) ('0' + random.nextInt(10)));
            }
            return sb.toString();
        }

        private String alphanumeric(int length) {
            StringBuilder sb = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                sb.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
            }
            return sb.toString();
        }

        private long between(long lowest, long highest) {
            return random.nextLong(lowest, highest + 1);
        }

        private boolean chance(double probability) {
            return random.nextDouble() < probability;
        }

        private <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }
    }
}
