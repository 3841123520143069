package io.jstpipeline.sandbox;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The merchant's world the generated documents draw from: shops, products, regions, carriers, warehouses,
 * staff and the free text buyers and staff write. Sales outbound notes and sales orders share it, so that
 * both flows look like one merchant's data.
 */
final class Catalogue {

    static final long CO_ID = 10174711L;

    enum Platform { TMALL, JD, PDD, DOUYIN, WEIXIN }

    record Shop(long id, String name, Platform platform, String buyerPrefix) {
    }

    record Option(String label, String code) {
    }

    record Product(int style, String iId, String name, String listPrice, String unitWeight,
                   List<Option> colors, List<Option> sizes) {

        String skuId(Option color, Option size) {
            return "SKU-" + style + "-" + color.code() + "-" + size.code();
        }
    }

    record Region(String state, String city, String district) {
    }

    record Carrier(String lcId, String name, String prefix, int digits) {
    }

    record Warehouse(String name, long wmsCoId) {
    }

    record Staff(long id, String name) {
    }

    record Distributor(String coId, String name) {
    }

    /** Values drawn with fixed relative weights. */
    record Weighted<T>(List<T> values, List<Integer> weights) {
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

    static final List<Shop> SHOPS = List.of(
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

    static final List<Product> PRODUCTS = List.of(
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

    static final List<Region> REGIONS = List.of(
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

    static final List<Carrier> CARRIERS = List.of(
            new Carrier("ZTO", "中通快递", "78", 12),
            new Carrier("YTO", "圆通速递", "YT", 13),
            new Carrier("STO", "申通快递", "77", 12),
            new Carrier("YUNDA", "韵达快递", "43", 13),
            new Carrier("SF", "顺丰速运", "SF", 13),
            new Carrier("JD", "京东快递", "JDVA", 11),
            new Carrier("JTSD", "极兔速递", "JT", 13));

    static final List<Warehouse> WAREHOUSES = List.of(
            new Warehouse("杭州主仓", CO_ID),
            new Warehouse("广州分仓", 10288801L),
            new Warehouse("天津北方仓", 10299902L));

    static final List<Staff> ORDER_STAFF = List.of(
            new Staff(20001L, "张伟"), new Staff(20002L, "李娜"), new Staff(20003L, "王芳"),
            new Staff(20004L, "刘洋"), new Staff(20005L, "陈静"));

    static final List<String> BUSINESS_STAFF = List.of("赵磊", "孙丽", "周杰");

    static final List<Distributor> DISTRIBUTORS = List.of(
            new Distributor("10366121", "杭州小蜜蜂商贸有限公司"),
            new Distributor("10371988", "成都优品汇供应链管理有限公司"));

    static final List<String> INVOICE_TITLES = List.of(
            "杭州云起网络科技有限公司", "上海和光贸易有限公司", "深圳市前海数智科技有限公司", "个人");

    static final List<String> BUYER_NICKS = List.of(
            "快乐的小猪🐷", "阿花ａｂｃ", "momo妈咪", "追风少年", "小王爱购物");

    // Real buyer messages: emoji, full-width punctuation, mixed languages.
    static final List<String> BUYER_MESSAGES = List.of(
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

    static final List<String> REMARKS = List.of(
            "客户要求顺丰，已补运费差价",
            "已备注赠品：小样×2",
            "老客户，优先发货",
            "地址已与买家电话确认",
            "预售商品，15天内发货",
            "【加急】直播间订单");

    static final String DISTRIBUTION_ORDER = "分销订单";
    static final String REISSUE_ORDER = "补发订单";
    static final Weighted<String> ORDER_TYPE = new Weighted<>(
            List.of("普通订单", REISSUE_ORDER, "换货订单", DISTRIBUTION_ORDER), List.of(85, 5, 4, 6));

    static final Weighted<Integer> ITEM_COUNT = new Weighted<>(
            List.of(1, 2, 3, 4, 5), List.of(45, 25, 15, 10, 5));

    static final Weighted<Integer> QTY = new Weighted<>(
            List.of(1, 2, 3, 4, 5), List.of(60, 20, 10, 6, 4));

    static final List<BigDecimal> DISCOUNTS = decimals("1.00", "0.90", "0.85", "0.80", "0.70", "0.60");
    static final List<BigDecimal> FREIGHTS = decimals("0.00", "0.00", "0.00", "6.00", "10.00", "12.00");
    static final List<BigDecimal> SMALL_COUPONS = decimals("0.00", "0.00", "5.00", "10.00", "20.00");
    static final List<BigDecimal> LARGE_COUPONS = decimals("0.00", "10.00", "20.00", "30.00", "50.00");
    static final BigDecimal SMALL_COUPON_THRESHOLD = new BigDecimal("100");
    static final BigDecimal LARGE_COUPON_THRESHOLD = new BigDecimal("200");

    private Catalogue() {
    }

    static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static List<BigDecimal> decimals(String... values) {
        return Arrays.stream(values).map(BigDecimal::new).toList();
    }
}
