package io.jstpipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generated data sets, pinned byte for byte: the ITs and the benchmarks compare runs over them, so a
 * change here must be a decision, not a side effect. A deliberate change updates these hashes.
 */
class GeneratedDocumentsTest {

    private static final LocalDateTime FROM = LocalDateTime.of(2024, 3, 1, 0, 0);
    private static final LocalDateTime TO = LocalDateTime.of(2024, 3, 8, 0, 0);
    private static final long ID_OFFSET = 1_000_000_000L;

    @Test
    void saleouts() throws Exception {
        assertThat(sha256(new SaleoutGenerator(7, 500, FROM, TO).documents()))
                .isEqualTo("f2a650ad8c68f9e6ee708cc02bafcd452bd7bfe02ec73ea78d6beee7114a52c4");
    }

    @Test
    void saleoutsWithIdOffset() throws Exception {
        assertThat(sha256(new SaleoutGenerator(7, 500, FROM, TO, ID_OFFSET).documents()))
                .isEqualTo("b28cd1ce6c3df00d0b53aaf092981c43ac91551c9d149408546fd0f9738fbd56");
    }

    @Test
    void orders() throws Exception {
        assertThat(sha256(new OrderGenerator(7, 500, FROM, TO).documents()))
                .isEqualTo("05c5396757a013ab56decc0d1066a7bfc30ead3f4bbc18f32486fb9332a13bb5");
    }

    @Test
    void ordersWithIdOffset() throws Exception {
        assertThat(sha256(new OrderGenerator(7, 500, FROM, TO, ID_OFFSET).documents()))
                .isEqualTo("9bcf66894e458caadff78e0a9e0ef10d82fda02a356e066d1dd9f4de1036416d");
    }

    private static String sha256(List<ObjectNode> documents) throws Exception {
        byte[] json = Json.MAPPER.writeValueAsBytes(documents);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    }
}
