package io.jstpipeline.connect;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Connector configuration values as they may be shown: the literal value of a key whose name says password,
 * secret or credential masked, and a password in a JDBC URL too. A config provider reference such as
 * {@code ${env:JST_MYSQL_PASSWORD}} is shown as it is: it names where the secret is, not the secret. An empty
 * value, e.g. a test database's password, is shown as {@code ""}.
 */
public final class ConfigSecrets {

    public static final String MASK = "******";
    private static final String EMPTY = "\"\"";
    private static final Pattern SECRET_KEY = Pattern.compile(".*(password|secret|credential).*");

    private ConfigSecrets() {
    }

    public static boolean secret(String key) {
        return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    /** The value of {@code key} as it may be printed. */
    public static String shown(String key, String value) {
        if (value.isEmpty()) {
            return EMPTY;
        }
        if (secret(key) && !SinkConnectors.isProviderReference(value)) {
            return MASK;
        }
        return value.startsWith("jdbc:") ? new DatabaseTarget(value, null, null).redactedUrl() : value;
    }

    /** Every value of {@code config} as it may be printed, in its order. */
    public static Map<String, String> shown(Map<String, String> config) {
        Map<String, String> shown = new LinkedHashMap<>();
        config.forEach((key, value) -> shown.put(key, shown(key, value)));
        return shown;
    }
}
