package io.jstpipeline.common.qimen;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parameter names of the Qimen protocol, shared by the client and the sandbox gateway. */
public final class QimenParams {

    public static final String METHOD = "method";
    public static final String APP_KEY = "app_key";
    public static final String TARGET_APP_KEY = "target_app_key";
    public static final String CUSTOMER_ID = "customer_id";
    public static final String TIMESTAMP = "timestamp";
    public static final String FORMAT = "format";
    public static final String VERSION = "v";
    public static final String SIGN_METHOD = QimenSigner.SIGN_METHOD;
    public static final String SIGN = QimenSigner.SIGN;

    public static final String PAGE_INDEX = "page_index";
    public static final String PAGE_SIZE = "page_size";
    public static final String START_TIME = "start_time";
    public static final String END_TIME = "end_time";
    public static final String START_TS = "start_ts";
    public static final String IS_GET_TOTAL = "is_get_total";

    /** Jushuitan's own app key on Qimen. */
    public static final String JUSHUITAN_TARGET_APP_KEY = "23060081";

    public static final String SALEOUT_METHOD = "jushuitan.saleout.list.query";
    public static final String ORDER_METHOD = "jushuitan.order.list.query";

    private QimenParams() {
    }

    /** The system parameters of a call to Jushuitan made now, in a map business parameters can join. */
    public static Map<String, String> system(String method, String appKey, String customerId, String signMethod) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(METHOD, method);
        params.put(APP_KEY, appKey);
        params.put(TARGET_APP_KEY, JUSHUITAN_TARGET_APP_KEY);
        params.put(CUSTOMER_ID, customerId);
        params.put(TIMESTAMP, QimenTime.format(QimenTime.now()));
        params.put(FORMAT, "json");
        params.put(VERSION, "2.0");
        params.put(SIGN_METHOD, signMethod);
        return params;
    }
}
