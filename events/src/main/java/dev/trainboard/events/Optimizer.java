package dev.trainboard.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** Optimizers a job may ask for. */
public enum Optimizer {
    ADAM("adam"),
    SGD("sgd");

    private final String wireName;

    Optimizer(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
