package io.jstpipeline.ops.check;

import io.jstpipeline.connect.ConnectRestClient.ConnectApiException;
import io.jstpipeline.extractor.qimen.QimenApiException;
import io.jstpipeline.ops.TopicLayout;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Why a command stopped, classified: the kind (and so the exit code), the component at fault when one is
 * (null for a configuration error of no one part) and what went wrong in one line, never a secret.
 */
public record Failure(FailureKind kind, Component component, String detail) {

    /**
     * The gateway's refusals of the app key or the signature: 25 invalid signature, 29 invalid app key, Jushuitan's
     * 10 invalid signature and 100 token invalid, and an HTTP 401 or 403 of a proxy in front of it.
     */
    private static final Set<String> CREDENTIALS_REFUSED_CODES = Set.of("10", "25", "29", "100",
            QimenApiException.HTTP_ERROR_PREFIX + 401, QimenApiException.HTTP_ERROR_PREFIX + 403);
    /** A proxy in front of the gateway saying the gateway is not there. */
    private static final Set<String> GATEWAY_ABSENT_CODES = Set.of(QimenApiException.IO_ERROR,
            QimenApiException.HTTP_ERROR_PREFIX + 502, QimenApiException.HTTP_ERROR_PREFIX + 503,
            QimenApiException.HTTP_ERROR_PREFIX + 504);
    /** MySQL's and MariaDB's error codes of a refused user: access denied to the server, to the database. */
    private static final Set<Integer> ACCESS_DENIED_CODES = Set.of(1044, 1045);

    /** The first cause along {@code e}'s chain that this knows, or empty for a failure of no known kind. */
    public static Optional<Failure> of(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            Failure failure = classify(cause);
            if (failure != null) {
                return Optional.of(failure);
            }
        }
        return Optional.empty();
    }

    private static Failure classify(Throwable e) {
        String message = firstLine(e.getMessage());
        if (e instanceof CheckFailedException failed) {
            Finding finding = failed.finding();
            return new Failure(finding.kind(), finding.component(), finding.detail());
        }
        if (e instanceof DeploymentCheck.Problem problem) {
            return new Failure(problem.kind(), null, message);
        }
        if (e instanceof TopicLayout.TopicMismatchException) {
            return new Failure(FailureKind.CONFIGURATION, Component.TOPICS, message);
        }
        if (e instanceof AuthenticationException || e instanceof AuthorizationException) {
            return new Failure(FailureKind.CREDENTIALS_REFUSED, Component.KAFKA, "credentials refused: " + message);
        }
        if (e instanceof TimeoutException) {
            return new Failure(FailureKind.UNREACHABLE, Component.KAFKA, "no answer in time: " + message);
        }
        if (e instanceof SQLException sql) {
            return new Failure(kindOf(sql), Component.MYSQL, message);
        }
        if (e instanceof ConnectApiException connect) {
            // Its message starts with Connect's URL, which the line names already.
            return new Failure(kindOf(connect), Component.CONNECT, message.replaceFirst("^Kafka Connect at \\S+: ", ""));
        }
        if (e instanceof QimenApiException api) {
            FailureKind kind = kindOf(api);
            return new Failure(kind, Component.GATEWAY,
                    (kind == FailureKind.CREDENTIALS_REFUSED ? "credentials refused: " : "") + message);
        }
        if (e instanceof IllegalArgumentException) {
            return new Failure(FailureKind.CONFIGURATION, null, message);
        }
        return null;
    }

    /** By SQLState: class 08 the connection failed, class 28 the user was refused; by error code, access denied. */
    static FailureKind kindOf(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("28") || ACCESS_DENIED_CODES.contains(e.getErrorCode())) {
            return FailureKind.CREDENTIALS_REFUSED;
        }
        return state.startsWith("08") ? FailureKind.UNREACHABLE : FailureKind.FAILED;
    }

    /**
     * No answer (status 0 with the I/O failure as cause) is unreachable, unless TLS failed, which the CA file
     * configured mends; 401 and 403 refused credentials.
     */
    static FailureKind kindOf(ConnectApiException e) {
        if (e.status() == 0 && e.getCause() != null) {
            return e.getCause() instanceof SSLException ? FailureKind.CONFIGURATION : FailureKind.UNREACHABLE;
        }
        return e.status() == 401 || e.status() == 403 ? FailureKind.CREDENTIALS_REFUSED : FailureKind.FAILED;
    }

    static FailureKind kindOf(QimenApiException e) {
        if (CREDENTIALS_REFUSED_CODES.contains(e.code())) {
            return FailureKind.CREDENTIALS_REFUSED;
        }
        return GATEWAY_ABSENT_CODES.contains(e.code()) ? FailureKind.UNREACHABLE : FailureKind.FAILED;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
