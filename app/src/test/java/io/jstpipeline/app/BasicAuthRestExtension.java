package io.jstpipeline.app;

import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.apache.kafka.connect.rest.ConnectRestExtension;
import org.apache.kafka.connect.rest.ConnectRestExtensionContext;

/**
 * HTTP basic authentication on a Connect worker's REST API through {@code rest.extension.classes}, as Kafka's
 * {@code BasicAuthSecurityRestExtension} does it (a request filter answering 401 without the right credentials);
 * that extension's artifact (connect-basic-auth-extension, with a JAAS login module) is not among the build's
 * dependencies, so the tests stand this in for it. The user and password are worker properties.
 */
public final class BasicAuthRestExtension implements ConnectRestExtension {

    public static final String USER = "jst.test.rest.user";
    public static final String PASSWORD = "jst.test.rest.password";

    private String expected;

    @Override
    public void configure(Map<String, ?> configs) {
        expected = "Basic " + Base64.getEncoder().encodeToString((configs.get(USER) + ":" + configs.get(PASSWORD))
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void register(ConnectRestExtensionContext context) {
        context.configurable().register((ContainerRequestFilter) request -> {
            if (!expected.equals(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
                request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                        .entity("{\"error_code\":401,\"message\":\"User cannot access the resource.\"}").build());
            }
        });
    }

    @Override
    public String version() {
        return "test";
    }

    @Override
    public void close() {
    }
}
