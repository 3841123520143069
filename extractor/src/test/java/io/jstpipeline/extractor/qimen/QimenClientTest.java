package io.jstpipeline.extractor.qimen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.qimen.QimenParams;
import io.jstpipeline.common.qimen.QimenSigner;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.extractor.flow.FlowCatalog;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.SandboxOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class QimenClientTest {

    private static final String DATAS = FlowCatalog.builtIn().flow("saleout").listField();

    private static QimenGateway sandbox;
    private static LocalDateTime from;

    @BeforeAll
    static void startSandbox() {
        sandbox = QimenGateway.start(SandboxOptions.defaults());
        from = sandbox.options().from();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @ParameterizedTest
    @EnumSource(QimenSigner.Method.class)
    void fetchesTheFirstPageOfAWindowWithEverySignMethod(QimenSigner.Method signMethod) {
        LocalDateTime end = from.plusDays(7);
        List<ObjectNode> expected = modifiedIn(from, end);

        QimenPage page;
        try (QimenClient client = client(sandbox.appSecret(), QimenClientOptions.defaults().withSignMethod(signMethod))) {
            page = client.fetchPage(QimenParams.SALEOUT_METHOD, DATAS, from, end, 1, 50);
        }

        assertThat(expected).hasSizeGreaterThan(50);
        assertThat(page.pageIndex()).isEqualTo(1);
        assertThat(page.pageSize()).isEqualTo(50);
        assertThat(page.dataCount()).isEqualTo(expected.size());
        assertThat(page.pageCount()).isEqualTo((expected.size() + 49) / 50);
        assertThat(page.hasNext()).isTrue();
        assertThat(page.documents()).extracting(doc -> doc.fields().get("io_id").asLong())
                .containsExactlyElementsOf(expected.subList(0, 50).stream().map(doc -> doc.get("io_id").asLong()).toList());
    }

    @Test
    void keepsEachDocumentsTextExactlyAsTheGatewaySentIt() throws IOException {
        LocalDateTime end = from.plusDays(7);
        List<ObjectNode> expected = modifiedIn(from, end);

        QimenPage lastPage;
        try (QimenClient client = client(sandbox.appSecret(), QimenClientOptions.defaults())) {
            int pageCount = client.fetchPage(QimenParams.SALEOUT_METHOD, DATAS, from, end, 1, 50).pageCount();
            lastPage = client.fetchPage(QimenParams.SALEOUT_METHOD, DATAS, from, end, pageCount, 50);
        }

        assertThat(lastPage.hasNext()).isFalse();
        List<ObjectNode> sent = expected.subList((lastPage.pageIndex() - 1) * 50, expected.size());
        assertThat(lastPage.documents()).hasSameSizeAs(sent);
        for (int i = 0; i < sent.size(); i++) {
            // The sandbox writes its body with Json.MAPPER, so each element's text is the note serialised alone.
            String sandboxText = Json.MAPPER.writeValueAsString(sent.get(i));
            RawDocument document = lastPage.documents().get(i);
            assertThat(document.text()).isEqualTo(sandboxText);
            ObjectNode scalars = Json.MAPPER.createObjectNode();
            Json.MAPPER.readTree(sandboxText).properties().stream().filter(field -> !field.getValue().isContainerNode())
                    .forEach(field -> scalars.set(field.getKey(), field.getValue()));
            assertThat(document.fields()).isEqualTo(scalars);
            assertThat(document.fields().has("items")).isFalse();
        }
    }

    @Test
    void aWrongSecretIsRefusedWithCode25NotRetryableAndTheSecretStaysOutOfTheMessage() {
        String wrongSecret = "not-the-sandbox-secret";
        try (QimenClient client = client(wrongSecret, QimenClientOptions.defaults())) {
            assertThatThrownBy(() -> client.fetchPage(QimenParams.SALEOUT_METHOD, DATAS, from, from.plusDays(1), 1, 50))
                    .isInstanceOfSatisfying(QimenApiException.class, e -> {
                        assertThat(e.code()).isEqualTo("25");
                        assertThat(e.subCode()).isEqualTo("isv.invalid-signature");
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains(QimenParams.SALEOUT_METHOD, "code 25")
                                .doesNotContain(wrongSecret);
                        assertThat(e.toString()).doesNotContain(wrongSecret);
                    });
        }
    }

    @Test
    void aWindowOverSevenDaysIsRefusedWithCode41() {
        try (QimenClient client = client(sandbox.appSecret(), QimenClientOptions.defaults())) {
            assertThatThrownBy(() -> client.fetchPage(QimenParams.SALEOUT_METHOD, DATAS, from,
                    from.plusDays(7).plusSeconds(1), 1, 50))
                    .isInstanceOfSatisfying(QimenApiException.class, e -> {
                        assertThat(e.code()).isEqualTo("41");
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("exceeds 7 days");
                    });
        }
    }

    @Test
    void anHttpErrorStatusIsNamedInTheCode() {
        String wrongPath = sandbox.gatewayUrl().replace("/router/qm", "/router/nowhere");
        try (QimenClient client = new QimenClient(credentials(wrongPath, sandbox.appSecret()))) {
            assertThatThrownBy(() -> client.fetchPage(QimenParams.SALEOUT_METHOD, DATAS, from, from.plusDays(1), 1, 50))
                    .isInstanceOfSatisfying(QimenApiException.class, e -> {
                        assertThat(e.code()).isEqualTo("http-404");
                        assertThat(e.retryable()).isFalse();
                    });
        }
    }

    @Test
    void anUnreachableGatewayIsARetryableIoError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        QimenClientOptions options = QimenClientOptions.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
        try (QimenClient client = new QimenClient(
                credentials("http://127.0.0.1:" + closedPort + "/router/qm", sandbox.appSecret()), options)) {
            assertThatThrownBy(() -> client.fetchPage(QimenParams.SALEOUT_METHOD, DATAS, from, from.plusDays(1), 1, 50))
                    .isInstanceOfSatisfying(QimenApiException.class, e -> {
                        assertThat(e.code()).isEqualTo(QimenApiException.IO_ERROR);
                        assertThat(e.retryable()).isTrue();
                    });
        }
    }

    @Test
    void credentialsLeaveTheSecretOutOfToString() {
        assertThat(credentials(sandbox.gatewayUrl(), sandbox.appSecret()).toString())
                .contains(sandbox.appKey(), sandbox.customerId())
                .doesNotContain(sandbox.appSecret());
    }

    private static QimenClient client(String secret, QimenClientOptions options) {
        return new QimenClient(credentials(sandbox.gatewayUrl(), secret), options);
    }

    private static QimenCredentials credentials(String gatewayUrl, String secret) {
        return new QimenCredentials(gatewayUrl, sandbox.appKey(), secret, sandbox.customerId());
    }

    /** The sandbox's notes in a window, in the API's order: modified, then io_id. */
    private static List<ObjectNode> modifiedIn(LocalDateTime start, LocalDateTime end) {
        return sandbox.saleouts().stream()
                .filter(doc -> {
                    LocalDateTime modified = QimenTime.parse(doc.get("modified").asText());
                    return !modified.isBefore(start) && modified.isBefore(end);
                })
                .sorted(Comparator.<ObjectNode, LocalDateTime>comparing(doc -> QimenTime.parse(doc.get("modified").asText()))
                        .thenComparingLong(doc -> doc.get("io_id").asLong()))
                .toList();
    }
}
