package dev.trainboard.metrics.ingest;

import dev.trainboard.events.EventPayload;
import java.util.function.BiConsumer;

/**
 * The admission rules of one payload type that depend on the payload alone (sizes, strings, numbers, tag
 * names), and the tags it writes. The rules that depend on the job (attempt, status, steps, tag kinds) are
 * {@link Admission}'s, the same for every type.
 */
interface PayloadRule<T extends EventPayload> {

    /** Throws {@link InvalidEventException} for the first broken rule. */
    void check(T payload, IngestProperties limits);

    /** Reports each tag the payload writes into the run, as written into the event file, with its plugin. */
    default void tags(T payload, BiConsumer<String, PluginKind> use) {
    }
}
