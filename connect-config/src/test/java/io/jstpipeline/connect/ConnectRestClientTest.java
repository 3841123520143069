package io.jstpipeline.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST client's credentials and its errors, against a bare HTTP server; TLS: ConnectRestSecurityIT (app). */
class ConnectRestClientTest {

    @Test
    void aUserSendsBasicCredentialsOnEveryCallAndNoUserSendsNone() throws Exception {
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/connectors", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "[\"jst-sink-a\"]".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            assertThat(new ConnectRestClient(url, new ConnectRestClient.Access("ops", "pw:1", null)).connectors())
                    .containsExactly("jst-sink-a");
            assertThat(authorization.get()).isEqualTo("Basic " + Base64.getEncoder()
                    .encodeToString("ops:pw:1".getBytes(StandardCharsets.UTF_8)));
            new ConnectRestClient(url).connectors();
            assertThat(authorization.get()).isNull();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aConnectThatIsNotThereIsOneLineNamingItsUrl() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ConnectRestClient client = new ConnectRestClient("http://127.0.0.1:" + closedPort);

        assertThatThrownBy(client::connectors).isInstanceOf(ConnectRestClient.ConnectApiException.class)
                .hasMessage("Kafka Connect at http://127.0.0.1:" + closedPort + "/: list connectors: cannot connect "
                        + "(nothing listens there, or it cannot be reached)");
    }

    @Test
    void aCaFileWithoutACertificateIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("ca.pem"), "");
        assertThatThrownBy(() -> new ConnectRestClient("https://connect:8443",
                new ConnectRestClient.Access(null, null, empty)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(empty.toString());
    }

    @Test
    void theAccessNeverShowsThePassword() {
        assertThat(new ConnectRestClient.Access("ops", "pw-secret-9", null).toString()).doesNotContain("pw-secret-9");
    }
}
