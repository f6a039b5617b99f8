package dev.trainboard.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** The data sets a trainer can read, by their wire names. */
public enum Dataset {
    MNIST("mnist"),
    FASHION_MNIST("fashion-mnist");

    private final String wireName;

    Dataset(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
