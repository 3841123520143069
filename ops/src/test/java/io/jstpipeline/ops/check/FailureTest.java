package io.jstpipeline.ops.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jstpipeline.connect.ConnectRestClient;
import io.jstpipeline.extractor.qimen.QimenClient;
import io.jstpipeline.extractor.qimen.QimenCredentials;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.SandboxOptions;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** How a failure anywhere along an exception's causes becomes a kind (an exit code) and the component at fault. */
class FailureTest {

    @Test
    void aDatabaseIsUnreachableByClass08AndRefusesCredentialsByClass28OrAccessDenied() {
        assertThat(Failure.of(new SQLNonTransientConnectionException("Could not connect to address=(host=127.0.0.1)"
                + "(port=1): Connection refused", "08000"))).hasValue(new Failure(FailureKind.UNREACHABLE,
                Component.MYSQL, "Could not connect to address=(host=127.0.0.1)(port=1): Connection refused"));
        assertThat(Failure.of(new SQLException("Access denied for user 'jst'@'x'", "28000", 1045)).orElseThrow()
                .kind()).isEqualTo(FailureKind.CREDENTIALS_REFUSED);
        assertThat(Failure.of(new SQLException("Access denied for user 'jst' to database 'x'", "42000", 1044))
                .orElseThrow().kind()).isEqualTo(FailureKind.CREDENTIALS_REFUSED);
        assertThat(Failure.of(new SQLException("Table 'jst.x' doesn't exist", "42S02", 1146)).orElseThrow().kind())
                .isEqualTo(FailureKind.FAILED);
    }

    @Test
    void kafkaTimingOutAnywhereIsUnreachableAndAFailedAuthenticationIsCredentialsRefused() {
        Failure timeout = Failure.of(new RuntimeException(new ExecutionException(
                new TimeoutException("Timed out waiting for a node assignment. Call: listTopics")))).orElseThrow();
        assertThat(timeout.kind()).isEqualTo(FailureKind.UNREACHABLE);
        assertThat(timeout.component()).isEqualTo(Component.KAFKA);
        assertThat(Failure.of(new ExecutionException(new SaslAuthenticationException("Authentication failed: "
                + "Invalid username or password")))).hasValue(new Failure(FailureKind.CREDENTIALS_REFUSED,
                Component.KAFKA, "credentials refused: Authentication failed: Invalid username or password"));
    }

    @Test
    void connectNotAnsweringIsUnreachableARefusalOfCredentialsIsCredentialsRefusedAnyOtherFailed() throws Exception {
        Throwable noAnswer = catchThrowable(() -> new ConnectRestClient("http://127.0.0.1:" + closedPort())
                .connectors());
        assertThat(Failure.of(noAnswer).orElseThrow().kind()).isEqualTo(FailureKind.UNREACHABLE);
        assertThat(Failure.of(new ConnectRestClient.ConnectApiException("HTTP 401", 401, null)).orElseThrow().kind())
                .isEqualTo(FailureKind.CREDENTIALS_REFUSED);
        assertThat(Failure.of(new ConnectRestClient.ConnectApiException("HTTP 403", 403, null)).orElseThrow().kind())
                .isEqualTo(FailureKind.CREDENTIALS_REFUSED);
        assertThat(Failure.of(new ConnectRestClient.ConnectApiException("connector x failed: …")).orElseThrow()
                .kind()).as("no HTTP status and no I/O failure: Connect answered").isEqualTo(FailureKind.FAILED);
    }

    @Test
    void theGatewayRefusingTheSignatureIsCredentialsRefusedAndNoAnswerUnreachable() throws Exception {
        try (QimenGateway gateway = QimenGateway.start(SandboxOptions.defaults().withSaleoutCount(1));
             QimenClient wrongSecret = new QimenClient(new QimenCredentials(gateway.gatewayUrl(), gateway.appKey(),
                     "not-the-secret", gateway.customerId()))) {
            Failure refused = Failure.of(catchThrowable(() -> onePage(wrongSecret))).orElseThrow();
            assertThat(refused.kind()).isEqualTo(FailureKind.CREDENTIALS_REFUSED);
            assertThat(refused.component()).isEqualTo(Component.GATEWAY);
            assertThat(refused.detail()).startsWith("credentials refused: ").contains("code 25")
                    .doesNotContain("not-the-secret");
        }
        try (QimenClient nobody = new QimenClient(new QimenCredentials("http://127.0.0.1:" + closedPort()
                + "/router", "key", "secret", "customer"))) {
            assertThat(Failure.of(catchThrowable(() -> onePage(nobody))).orElseThrow().kind())
                    .isEqualTo(FailureKind.UNREACHABLE);
        }
    }

    @Test
    void aBadSettingIsConfigurationOfNoComponentAndAnUnknownFailureIsNotClassified() {
        assertThat(Failure.of(new IllegalArgumentException("mysql.url is not set")))
                .hasValue(new Failure(FailureKind.CONFIGURATION, null, "mysql.url is not set"));
        assertThat(Failure.of(new IllegalStateException("a bug"))).isEmpty();
    }

    @Test
    void theExitCodeOfSeveralFailuresIsThatOfTheKindAPersonMustActOnFirst() {
        Finding ok = Finding.ok(Component.KAFKA, "k:9092", "1 broker");
        Finding failed = Finding.failed(Component.CONNECT, "http://c", FailureKind.FAILED, "connector missing");
        Finding unreachable = Finding.failed(Component.MYSQL, "jdbc:x", FailureKind.UNREACHABLE, "refused");
        Finding refused = Finding.failed(Component.GATEWAY, "http://g", FailureKind.CREDENTIALS_REFUSED, "25");
        Finding configuration = Finding.failed(Component.TOPICS, "k:9092", FailureKind.CONFIGURATION, "compact");

        assertThat(FailureKind.exitCode(List.of(ok, Finding.skipped(Component.CONNECT, "no connect.url")))).isZero();
        assertThat(FailureKind.exitCode(List.of(ok, failed))).isEqualTo(1);
        assertThat(FailureKind.exitCode(List.of(failed, unreachable))).isEqualTo(3);
        assertThat(FailureKind.exitCode(List.of(failed, unreachable, refused))).isEqualTo(4);
        assertThat(FailureKind.exitCode(List.of(refused, unreachable, configuration, failed))).isEqualTo(2);
    }

    private static void onePage(QimenClient client) {
        LocalDateTime now = LocalDateTime.now();
        client.fetchPage("jushuitan.saleout.list.query", "datas", now.minusMinutes(10), now, 1, 1);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
