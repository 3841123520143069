package io.jstpipeline.jdbcsink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The plugin's own version (from the build), which its connector, task and transformation report to Connect. */
final class PluginVersion {

    static final String VERSION = read();

    private PluginVersion() {
    }

    private static String read() {
        Properties properties = new Properties();
        try (InputStream in = PluginVersion.class.getResourceAsStream("/jst-jdbc-sink.properties")) {
            if (in == null) {
                return "unknown";
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }
}
