package io.jstpipeline.transformer.table;

import static io.jstpipeline.transformer.table.ColumnType.decimal;
import static io.jstpipeline.transformer.table.ColumnType.text;

import java.util.List;

/**
 * {@code saleout_list_query}: one row per item of a sales outbound note (销售出库单), with the columns
 * of the seed integration's {@code REPLACE INTO} list plus the document's row version {@code ts}.
 * The id is {@code {io_id}-{ioi_id}}.
 */
public final class SaleoutListQuery {

    public static final String NAME = "saleout_list_query";

    private static final ColumnType MONEY = decimal(14, 2);
    private static final ColumnType WEIGHT = decimal(12, 3);
    private static final ColumnType ID = new ColumnType.BigInt();
    private static final ColumnType TIME = new ColumnType.DateTime();
    private static final ColumnType FLAG = new ColumnType.Bool();
    private static final ColumnType COUNT = new ColumnType.Int();

    public static final TableDefinition TABLE = new TableDefinition(NAME, "saleout", "id", "io_id", "ioi_id", List.of(
            new Column("co_id", ID, "co_id"),
            new Column("shop_id", ID, "shop_id"),
            new Column("io_id", ID, "io_id"),
            new Column("o_id", ID, "o_id"),
            new Column("so_id", text(64), "so_id"),
            new Column("created", TIME, "created"),
            new Column("modified", TIME, "modified"),
            new Column("status", text(32), "status"),
            new Column("invoice_title", text(255), "invoice_title"),
            new Column("shop_buyer_id", text(128), "shop_buyer_id"),
            new Column("receiver_country", text(64), "receiver_country"),
            new Column("receiver_state", text(64), "receiver_state"),
            new Column("receiver_city", text(64), "receiver_city"),
            new Column("receiver_district", text(64), "receiver_district"),
            new Column("buyer_message", text(500), "buyer_message"),
            new Column("remark", text(500), "remark"),
            new Column("is_cod", FLAG, "is_cod"),
            new Column("pay_amount", MONEY, "pay_amount"),
            new Column("l_id", text(64), "l_id"),
            new Column("io_date", TIME, "io_date"),
            new Column("lc_id", text(32), "lc_id"),
            new Column("stock_enabled", text(8), "stock_enabled"),
            new Column("labels", text(255), "labels"),
            new Column("paid_amount", MONEY, "paid_amount"),
            new Column("free_amount", MONEY, "free_amount"),
            new Column("freight", MONEY, "freight"),
            new Column("weight", WEIGHT, "weight"),
            new Column("warehouse", text(128), "warehouse"),
            new Column("drp_co_id_from", text(64), "drp_co_id_from"),
            new Column("f_weight", WEIGHT, "f_weight"),
            new Column("order_type", text(32), "order_type"),
            new Column("open_id", text(128), "open_id"),
            new Column("is_print_express", FLAG, "is_print_express"),
            new Column("is_print", FLAG, "is_print"),
            new Column("drp_info", text(255), "drp_info"),
            new Column("buyer_tax_no", text(64), "buyer_tax_no"),
            new Column("logistics_company", text(64), "logistics_company"),
            new Column("sns_sku_id", text(64), "sns_sku_id"),
            new Column("sns_sn", text(64), "sns_sn"),
            new Column("merge_so_id", text(64), "merge_so_id"),
            new Column("wms_co_id", ID, "wms_co_id"),
            new Column("items_i_id", text(64), "items.i_id"),
            new Column("items_sale_base_price", MONEY, "items.sale_base_price"),
            new Column("items_is_gift", FLAG, "items.is_gift"),
            new Column("items_oi_id", ID, "items.oi_id"),
            new Column("items_outer_oi_id", text(64), "items.outer_oi_id"),
            new Column("items_raw_so_id", text(64), "items.raw_so_id"),
            new Column("items_pay_amount", MONEY, "items.pay_amount"),
            new Column("items_combine_sku_id", text(64), "items.combine_sku_id"),
            new Column("items_ioi_id", ID, "items.ioi_id"),
            new Column("items_sku_id", text(64), "items.sku_id"),
            new Column("items_qty", COUNT, "items.qty"),
            new Column("items_name", text(255), "items.name"),
            new Column("items_properties_value", text(255), "items.properties_value"),
            new Column("items_sale_price", MONEY, "items.sale_price"),
            new Column("items_sale_amount", MONEY, "items.sale_amount"),
            new Column("shop_name", text(128), "shop_name"),
            new Column("f_freight", MONEY, "f_freight"),
            new Column("business_staff", text(64), "business_staff"),
            new Column("currency", text(8), "currency"),
            new Column("node", text(255), "node"),
            new Column("pay_date", TIME, "pay_date"),
            new Column("seller_flag", COUNT, "seller_flag"),
            new Column("wave_id", ID, "wave_id"),
            new Column("order_staff_id", ID, "order_staff_id"),
            new Column("order_staff_name", text(64), "order_staff_name"),
            new Column("ts", ID, "ts")));

    private SaleoutListQuery() {
    }
}
