package io.jstpipeline.ops.check;

import com.fasterxml.jackson.annotation.JsonValue;

/** A part of a deployment the pipeline depends on, named as {@code check} and the failure lines name it. */
public enum Component {
    KAFKA("kafka"),
    TOPICS("topics"),
    CONNECT("connect"),
    MYSQL("mysql"),
    GATEWAY("gateway");

    private final String label;

    Component(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
