package dev.trainboard.metrics.check;

import dev.trainboard.metrics.check.RunFilesContent.FileEvent;
import dev.trainboard.tfevents.proto.Summary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Compares one kind of logged thing by (attempt, tag, step): what PostgreSQL holds and the files lack, what
 * the files hold and PostgreSQL does not, what the files hold twice, and steps that go backwards in a file
 * sequence of one series.
 *
 * @param kind the name a difference uses
 * @param storedSql selects {@code attempt, tag, step} of the job (one parameter: the job id)
 * @param inFile whether a summary value of an event is of this kind
 */
record LoggedComparison(String kind, String storedSql, Predicate<Summary.Value> inFile) implements Comparison {

    private static final Comparator<Logged> ORDER = Comparator.comparing(Logged::kind)
            .thenComparingInt(Logged::attempt).thenComparing(Logged::tag).thenComparingLong(Logged::step);

    static final List<Comparison> ALL = List.of(
            new LoggedComparison("scalar", "select attempt, tag, step from scalars where job_id = ?",
                    Summary.Value::hasSimpleValue),
            new LoggedComparison("image", "select attempt, tag, step from images where job_id = ?",
                    Summary.Value::hasImage),
            new LoggedComparison("histogram", "select attempt, tag, step from histograms where job_id = ?",
                    Summary.Value::hasHisto),
            new LoggedComparison("pr curve", "select attempt, tag, step from pr_curves where job_id = ?",
                    value -> value.getMetadata().getPluginData().getPluginName().equals("pr_curves")),
            new LoggedComparison("graph", "select attempt, '' as tag, 0 as step from graphs where job_id = ?", null));

    @Override
    public List<String> differences(UUID jobId, RunFilesContent files, Connection database) throws SQLException {
        List<Logged> written = written(files);
        Map<Logged, Long> counts = written.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        SortedSet<Logged> stored = stored(jobId, database);
        List<String> differences = new ArrayList<>();
        report(differences, "in PostgreSQL but not in the files", stored.stream().filter(l -> !counts.containsKey(l)).toList());
        report(differences, "in the files but not in PostgreSQL", counts.keySet().stream().filter(l -> !stored.contains(l)).toList());
        report(differences, "in the files more than once", counts.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey).toList());
        Map<String, Long> last = new TreeMap<>();
        List<Logged> backwards = new ArrayList<>();
        for (Logged logged : written) {
            Long before = last.put(logged.series(), logged.step());
            if (before != null && logged.step() < before) {
                backwards.add(logged);
            }
        }
        report(differences, "in the files after a later step of the same series", backwards);
        return differences;
    }

    private List<Logged> written(RunFilesContent files) {
        List<Logged> written = new ArrayList<>();
        for (FileEvent fileEvent : files.events()) {
            if (inFile == null) {
                if (fileEvent.event().hasGraphDef()) {
                    written.add(new Logged(kind, fileEvent.attempt(), "", 0));
                }
                continue;
            }
            for (Summary.Value value : fileEvent.event().getSummary().getValueList()) {
                if (inFile.test(value)) {
                    written.add(new Logged(kind, fileEvent.attempt(), value.getTag(), fileEvent.event().getStep()));
                }
            }
        }
        return written;
    }

    private SortedSet<Logged> stored(UUID jobId, Connection database) throws SQLException {
        SortedSet<Logged> stored = new TreeSet<>(ORDER);
        try (PreparedStatement statement = database.prepareStatement(storedSql)) {
            statement.setObject(1, jobId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    stored.add(new Logged(kind, rs.getInt(1), rs.getString(2), rs.getLong(3)));
                }
            }
        }
        return stored;
    }

    /** One line per series: how many, and the steps as ranges. */
    private static void report(List<String> differences, String what, List<Logged> found) {
        Map<String, SortedSet<Long>> bySeries = new TreeMap<>();
        found.forEach(l -> bySeries.computeIfAbsent(l.series(), s -> new TreeSet<>()).add(l.step()));
        bySeries.forEach((series, steps) -> differences.add(series + ": " + steps.size() + " step(s) " + what
                + ": " + ranges(steps)));
    }

    private static String ranges(SortedSet<Long> steps) {
        List<String> ranges = new ArrayList<>();
        Long start = null;
        Long previous = null;
        for (long step : steps) {
            if (previous != null && step == previous + 1) {
                previous = step;
                continue;
            }
            if (start != null) {
                ranges.add(start.equals(previous) ? "" + start : start + "-" + previous);
            }
            start = step;
            previous = step;
        }
        if (start != null) {
            ranges.add(start.equals(previous) ? "" + start : start + "-" + previous);
        }
        return String.join(", ", ranges.size() > 20 ? ranges.subList(0, 20) : ranges) + (ranges.size() > 20 ? ", ..." : "");
    }

}
