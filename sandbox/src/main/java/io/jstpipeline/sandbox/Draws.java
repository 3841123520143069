package io.jstpipeline.sandbox;

import io.jstpipeline.sandbox.Catalogue.Carrier;
import io.jstpipeline.sandbox.Catalogue.Option;
import io.jstpipeline.sandbox.Catalogue.Platform;
import io.jstpipeline.sandbox.Catalogue.Product;
import io.jstpipeline.sandbox.Catalogue.Shop;
import io.jstpipeline.sandbox.Catalogue.Weighted;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The random stream of one generation run and the draws both generators make from it. Every value comes
 * from the stream in a fixed order, so the same seed always gives the same documents.
 */
final class Draws {

    /** A sold line before it is written: the amounts a document's totals are built from. */
    record Line(Product product, Option color, Option size, int qty, BigDecimal price, BigDecimal amount,
                boolean gift, String combineSkuId) {

        String skuId() {
            return product.skuId(color, size);
        }

        /** The {@code properties_value} of the line's item: colour, then size. */
        String properties() {
            return color.label() + ";" + size.label();
        }
    }

    /**
     * What a buyer pays for: the lines, their worth, the shop's coupon and the freight.
     *
     * @param goods the lines' amounts added up
     */
    record Basket(List<Line> lines, BigDecimal goods, BigDecimal freeAmount, BigDecimal freight) {

        /** What the buyer owes: the goods and the freight, less the coupon. */
        BigDecimal payAmount() {
            return goods.add(freight).subtract(freeAmount);
        }
    }

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("yyMMdd");
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final SplittableRandom random;
    private final LocalDateTime first;
    private final long seconds;

    /**
     * @param from first possible {@code modified} (China time), inclusive
     * @param to   end of the {@code modified} range, exclusive; at least one whole second after {@code from}
     */
    Draws(long seed, LocalDateTime from, LocalDateTime to) {
        // Whole seconds only: the API's times have no fraction, and a rounded time must stay in range.
        this.first = ceilToSecond(from);
        this.seconds = Duration.between(first, ceilToSecond(to)).getSeconds();
        if (seconds < 1) {
            throw new IllegalArgumentException("modified range [" + from + ", " + to + ") holds no whole second");
        }
        this.random = new SplittableRandom(seed);
    }

    /** A {@code modified} time in the range. */
    LocalDateTime modified() {
        return first.plusSeconds(random.nextLong(seconds));
    }

    /** A time from {@code earliest} to at most {@code within} seconds later, never after {@code latest}. */
    LocalDateTime after(LocalDateTime earliest, LocalDateTime latest, long within) {
        return earliest.plusSeconds(between(0, Math.min(within, Duration.between(earliest, latest).getSeconds())));
    }

    /** One to five lines of distinct products; a gift is never the first line, so a document always sells. */
    private List<Line> lines() {
        int count = draw(Catalogue.ITEM_COUNT);
        List<Product> products = new ArrayList<>(Catalogue.PRODUCTS);
        List<Line> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // Partial Fisher-Yates: the first i entries are the products already chosen.
            Collections.swap(products, i, i + random.nextInt(products.size() - i));
            Product product = products.get(i);
            boolean gift = i > 0 && chance(0.05);
            BigDecimal listPrice = new BigDecimal(product.listPrice());
            BigDecimal price = gift ? BigDecimal.ZERO.setScale(2)
                    : listPrice.multiply(pick(Catalogue.DISCOUNTS)).setScale(2, RoundingMode.HALF_UP);
            int qty = draw(Catalogue.QTY);
            lines.add(new Line(product, pick(product.colors()), pick(product.sizes()), qty, price,
                    price.multiply(BigDecimal.valueOf(qty)), gift,
                    chance(0.05) ? "ZH-" + product.style() + "-" + digits(2) : ""));
        }
        return lines;
    }

    /** The lines of a document, then the coupon they earn, then the freight. */
    Basket basket() {
        List<Line> lines = lines();
        BigDecimal goods = lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal freeAmount = coupon(goods);
        return new Basket(lines, goods, freeAmount, pick(Catalogue.FREIGHTS));
    }

    /** The shop's coupon on goods worth {@code goods}: bigger baskets get bigger coupons. */
    private BigDecimal coupon(BigDecimal goods) {
        return goods.compareTo(Catalogue.LARGE_COUPON_THRESHOLD) >= 0 ? pick(Catalogue.LARGE_COUPONS)
                : goods.compareTo(Catalogue.SMALL_COUPON_THRESHOLD) >= 0 ? pick(Catalogue.SMALL_COUPONS)
                : BigDecimal.ZERO;
    }

    String platformOrderNumber(Platform platform, LocalDateTime paid) {
        return switch (platform) {
            case TMALL -> "3" + digits(18);
            case JD -> "JD" + DAY.format(paid) + digits(8);
            case PDD -> SHORT_DAY.format(paid) + "-" + digits(15);
            case DOUYIN -> "69" + digits(17);
            case WEIXIN -> "WX" + SECOND.format(paid) + digits(4);
        };
    }

    /** A payment provider's transaction number: the day it was paid, then digits. */
    String transactionNumber(LocalDateTime paid, int digits) {
        return DAY.format(paid) + digits(digits);
    }

    /** The carrier's tracking number ({@code l_id}) of a parcel. */
    String waybillNumber(Carrier carrier) {
        return carrier.prefix() + digits(carrier.digits());
    }

    /** What the buyer wrote with the order, often nothing. */
    String buyerMessage() {
        return chance(0.35) ? pick(Catalogue.BUYER_MESSAGES) : "";
    }

    /** The staff's note on the document, often none. */
    String remark() {
        return chance(0.25) ? pick(Catalogue.REMARKS) : "";
    }

    /** Whom the invoice goes to; most buyers want none. */
    String invoiceTitle() {
        return chance(0.2) ? pick(Catalogue.INVOICE_TITLES) : "";
    }

    String buyerNick(Shop shop) {
        return chance(0.15) ? pick(Catalogue.BUYER_NICKS) + digits(3) : shop.buyerPrefix() + digits(8);
    }

    /** A buyer tax number when the invoice goes to a company, otherwise none. */
    String buyerTaxNo(String invoiceTitle) {
        return invoiceTitle.endsWith("公司") ? "91" + digits(6) + alphanumeric(10).toUpperCase() : "";
    }

    String digits(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    String alphanumeric(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return sb.toString();
    }

    /** From 0 to {@code bound - 1}. */
    int below(int bound) {
        return random.nextInt(bound);
    }

    long between(long lowest, long highest) {
        return random.nextLong(lowest, highest + 1);
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    <T> T draw(Weighted<T> weighted) {
        return weighted.draw(random);
    }

    private static LocalDateTime ceilToSecond(LocalDateTime time) {
        return time.getNano() == 0 ? time : time.withNano(0).plusSeconds(1);
    }
}
