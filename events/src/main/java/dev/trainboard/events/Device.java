package dev.trainboard.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a job wants to train: {@code auto} takes a GPU when the engine sees one. */
public enum Device {
    AUTO("auto"),
    CPU("cpu"),
    GPU("gpu");

    private final String wireName;

    Device(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
