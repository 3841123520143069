package io.jstpipeline.connect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Connect worker settings shipped under {@code worker/}. */
public final class WorkerProperties {

    private WorkerProperties() {
    }

    /** The in-process worker of the demo and the tests; bootstrap servers, offsets file and listener are added at start. */
    public static Map<String, String> embedded() {
        return load("/worker/embedded-worker.properties");
    }

    private static Map<String, String> load(String resource) {
        Properties properties = new Properties();
        try (InputStream in = WorkerProperties.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> props = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> props.put(name, properties.getProperty(name)));
        return props;
    }
}
