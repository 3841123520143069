package io.jstpipeline.extractor.flow;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The flows declared in a {@code flows.yml}: the shipped one, or a user's. */
public final class FlowCatalog {

    private static final String BUILT_IN = "/flows.yml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private record Declaration(List<FlowDefinition> flows) {
    }

    private final Map<String, FlowDefinition> flows;

    private FlowCatalog(List<FlowDefinition> flows, String source) {
        this.flows = new LinkedHashMap<>();
        for (FlowDefinition flow : flows) {
            if (this.flows.put(flow.name(), flow) != null) {
                throw new IllegalArgumentException(source + ": flow " + flow.name() + " is declared twice");
            }
        }
    }

    /** The flows shipped with the extractor: {@code saleout} and {@code order}. */
    public static FlowCatalog builtIn() {
        try (InputStream in = FlowCatalog.class.getResourceAsStream(BUILT_IN)) {
            return read(in, "flows.yml (built in)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FlowCatalog load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** @throws IllegalArgumentException naming the file and the key at fault */
    static FlowCatalog read(InputStream in, String source) throws IOException {
        try {
            Declaration declaration = YAML.readValue(in, Declaration.class);
            if (declaration == null || declaration.flows() == null || declaration.flows().isEmpty()) {
                throw new IllegalArgumentException(source + ": no flows declared");
            }
            return new FlowCatalog(declaration.flows(), source);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String reason;
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                reason = invalid.getMessage();
            } else if (e instanceof UnrecognizedPropertyException unknown) {
                reason = "unknown key; known keys: " + unknown.getKnownPropertyIds();
            } else if (e.getMessage().startsWith("Cannot map `null`")) {
                reason = "is missing";
            } else {
                reason = firstLine(e.getOriginalMessage());
            }
            throw new IllegalArgumentException(source + ": " + path + ": " + reason, e);
        }
    }

    /** @throws IllegalArgumentException for a flow that is not declared, listing those that are */
    public FlowDefinition flow(String name) {
        FlowDefinition flow = flows.get(name);
        if (flow == null) {
            throw new IllegalArgumentException("unknown flow " + name + "; declared flows: " + flows.keySet());
        }
        return flow;
    }

    public List<FlowDefinition> flows() {
        return List.copyOf(flows.values());
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
