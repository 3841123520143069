package io.jstpipeline.common.qimen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QimenSignerTest {

    /** The test vector of DESIGN.md §3. */
    private static Map<String, String> vector(String signMethod) {
        Map<String, String> p = new HashMap<>();
        p.put("method", "jushuitan.order.list.query");
        p.put("app_key", "12345678");
        p.put("timestamp", "2024-01-02 10:00:00");
        p.put("format", "json");
        p.put("v", "2.0");
        p.put("sign_method", signMethod);
        p.put("target_app_key", "23060081");
        p.put("customer_id", "999");
        p.put("page_index", "1");
        p.put("page_size", "100");
        p.put("start_time", "2024-01-01 00:00:00");
        p.put("end_time", "2024-01-02 00:00:00");
        return p;
    }

    private final QimenSigner signer = new QimenSigner("qsecret");

    @Test
    void md5ReproducesTheTestVector() {
        assertThat(signer.sign(vector("md5"))).isEqualTo("3EBDF3B483621D676D0D99D6D0B1DB41");
    }

    @Test
    void hmacReproducesTheTestVector() {
        assertThat(signer.sign(vector("hmac"))).isEqualTo("4AF451B34425EE4D439C90F1FEA4758B");
    }

    @Test
    void emptyValuesAndTheSignItselfAreLeftOut() {
        Map<String, String> p = vector("md5");
        p.put("status", "");
        p.put("sign", "whatever");
        assertThat(signer.sign(p)).isEqualTo("3EBDF3B483621D676D0D99D6D0B1DB41");
    }

    @Test
    void verifyAcceptsTheRightSignAndRejectsAChangedParameter() {
        Map<String, String> p = vector("hmac");
        p.put("sign", signer.sign(p));
        assertThat(signer.verify(p)).isTrue();
        p.put("page_index", "2");
        assertThat(signer.verify(p)).isFalse();
        assertThat(new QimenSigner("other").verify(vector("md5"))).isFalse();
    }
}
