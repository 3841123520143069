package io.jstpipeline.extractor.qimen;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.common.qimen.QimenTime;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayClockTest {

    private static final String PAGE = "{\"response\": {\"page_index\": 1, \"page_size\": 50, \"data_count\": 0, "
            + "\"page_count\": 0, \"has_next\": false, \"datas\": []}}";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void record() {
        Metrics.addRegistry(registry);
    }

    @AfterEach
    void stopRecording() {
        Metrics.removeRegistry(registry);
        registry.close();
    }

    @Test
    void theGatewaysTimeIsReadFromTheDateOfItsAnswers() throws Exception {
        // A gateway whose clock runs ten minutes ahead: its answers' Date header says so (the JDK's HTTP server
        // stamps its own Date, so this one answers on a bare socket).
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> answerOnce(server, Duration.ofMinutes(10)));
            answering.start();
            try (QimenClient client = new QimenClient(new QimenCredentials("http://127.0.0.1:" + server.getLocalPort()
                    + "/router/qm", "app", "secret", "customer"))) {
                client.fetchPage("jushuitan.saleout.list.query", "datas", LocalDateTime.of(2024, 1, 1, 0, 0),
                        LocalDateTime.of(2024, 1, 2, 0, 0), 1, 50);

                assertThat(client.clock().skew()).isBetween(Duration.ofSeconds(597), Duration.ofSeconds(601));
                assertThat(Duration.between(QimenTime.now(), client.clock().now()))
                        .isBetween(Duration.ofSeconds(597), Duration.ofSeconds(601));
                assertThat(registry.get("jst.api.clock.skew").tag("gateway", "127.0.0.1").gauge().value())
                        .isBetween(597.0, 601.0);
            }
            answering.join();
        }
    }

    @Test
    void beforeAnyAnswerTheGatewaysTimeIsOurs() {
        GatewayClock clock = new GatewayClock("gateway-not-called-yet");

        assertThat(Duration.between(QimenTime.now(), clock.now()).abs()).isLessThan(Duration.ofSeconds(1));
    }

    private static void answerOnce(ServerSocket server, Duration ahead) {
        try (Socket socket = server.accept()) {
            byte[] request = new byte[65_536];
            socket.getInputStream().read(request); // one small form POST: what it asks does not matter here
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plus(ahead));
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nDate: " + date + "\r\nContent-Type: application/json;charset=UTF-8\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
