package dev.trainboard.e2e;

import dev.trainboard.tfevents.proto.Event;
import dev.trainboard.tfevents.proto.SessionLog;
import dev.trainboard.tfevents.proto.Summary;
import dev.trainboard.tfevents.reader.RunReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Every event of one run directory, read with the tfevents reader (which checks both CRCs of every record). */
record RunEvents(Path runDir, List<Event> events) {

    /** One summary value with the step and wall time of its event. */
    record TaggedValue(long step, double wallTime, Summary.Value value) {
    }

    static RunEvents read(Path runDir) throws IOException {
        return new RunEvents(runDir, RunReader.readRun(runDir));
    }

    List<TaggedValue> values() {
        return events.stream()
                .filter(Event::hasSummary)
                .flatMap(event -> event.getSummary().getValueList().stream()
                        .map(value -> new TaggedValue(event.getStep(), event.getWallTime(), value)))
                .toList();
    }

    /** The simple-value points of one scalar tag, in file order (duplicates kept, so a test can see them). */
    List<TaggedValue> scalars(String tag) {
        return values().stream()
                .filter(v -> v.value().getTag().equals(tag) && v.value().hasSimpleValue())
                .toList();
    }

    /**
     * The steps of one scalar tag as TensorBoard shows them, by its rule for restarts (shared/tensorboard-format.md,
     * 1.6): the first {@code SessionLog START} of a run is its start, and every later one at step s discards what was
     * read before with a step at or after s.
     */
    List<Long> scalarStepsAsTensorBoardShows(String tag) {
        List<Long> steps = new ArrayList<>();
        boolean started = false;
        for (Event event : events) {
            if (event.hasSessionLog() && event.getSessionLog().getStatus() == SessionLog.SessionStatus.START) {
                if (started) {
                    steps.removeIf(step -> step >= event.getStep());
                }
                started = true;
            }
            event.getSummary().getValueList().stream()
                    .filter(value -> value.hasSimpleValue() && value.getTag().equals(tag))
                    .forEach(value -> steps.add(event.getStep()));
        }
        return steps;
    }

    Set<String> scalarTags() {
        return tags(v -> v.value().hasSimpleValue());
    }

    Set<String> imageTags() {
        return tags(v -> v.value().hasImage());
    }

    Set<String> histogramTags() {
        return tags(v -> v.value().hasHisto());
    }

    /** Tags whose summary metadata names the plugin, e.g. {@code pr_curves}, {@code hparams}, {@code text}. */
    Set<String> pluginTags(String plugin) {
        return tags(v -> v.value().getMetadata().getPluginData().getPluginName().equals(plugin));
    }

    List<Event> graphs() {
        return events.stream().filter(Event::hasGraphDef).toList();
    }

    private Set<String> tags(Predicate<TaggedValue> filter) {
        return values().stream().filter(filter).map(v -> v.value().getTag())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
