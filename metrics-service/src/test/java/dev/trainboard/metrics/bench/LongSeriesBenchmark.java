package dev.trainboard.metrics.bench;

import dev.trainboard.metrics.MetricsServiceApplication;
import dev.trainboard.metrics.rollup.RollupBuilder;
import dev.trainboard.metrics.support.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;

/**
 * Reads and exports of long series from a metrics service running in a JVM of its own with a 256 MB heap:
 * series of 1M and 10M points are written with SQL (generate_series) and rolled up with the code path of the
 * V7 migration, then read downsampled to 1,000 points over ranges at several zoom levels (baseline:
 * PostgreSQL reading the range's rows) and exported as CSV (baseline: PostgreSQL reading every row). Not a
 * test; run it by hand with {@code ./trainboard bench query}.
 */
public final class LongSeriesBenchmark {

    private static final long[] SIZES = {1_000_000, Long.getLong("bench.bigSeries", 10_000_000)};
    private static final int MAX_POINTS = 1_000;
    /** Fractions of the series a read covers, from the whole series down to 1,000 steps of 10M. */
    private static final double[] ZOOMS = {1.0, 0.1, 0.01, 0.0001};
    private static final int RANGES_PER_ZOOM = Integer.getInteger("bench.rangesPerZoom", 5);
    private static final int BASELINE_RANGES_PER_ZOOM = Integer.getInteger("bench.baselineRangesPerZoom", 2);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The service's internal API token, which every call but the health check sends. */
    private static final String TOKEN = UUID.randomUUID().toString();

    private LongSeriesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        TestDatabase database = TestDatabase.create();
        Process service = null;
        try (Connection db = DriverManager.getConnection(database.url(), database.user(), database.password())) {
            Flyway.configure().dataSource(database.url(), database.user(), database.password()).load().migrate();
            int port = freePort();
            service = startService(database, port);
            UUID job = UUID.randomUUID();
            execute(db, "insert into jobs (id, run_name, spec, status, created_at) values ('" + job
                    + "', 'long-series', '{}'::jsonb, 'SUCCEEDED', now())");
            List<String> report = new ArrayList<>();
            for (long size : SIZES) {
                String tag = "p" + size;
                long seriesId = fill(db, job, tag, size);
                awaitHealthy(port);
                queries(db, port, job, tag, seriesId, size, report);
            }
            String bigTag = "p" + SIZES[SIZES.length - 1];
            long bigId = seriesId(db, job, bigTag);
            export(db, port, job, bigTag, bigId, SIZES[SIZES.length - 1], report);
            System.out.println();
            report.forEach(System.out::println);
        } finally {
            if (service != null) {
                service.destroy();
                service.waitFor();
            }
            database.drop();
        }
    }

    /** A series of {@code size} points at steps 0..size-1: a slow wave with noise and a spike every 99,991 steps. */
    private static long fill(Connection db, UUID job, String tag, long size) throws SQLException {
        long started = System.nanoTime();
        execute(db, "insert into scalar_series (job_id, attempt, tag) values ('" + job + "', 1, '" + tag + "')");
        long seriesId = seriesId(db, job, tag);
        execute(db, "insert into scalar_points (series_id, step, wall_time, value) select " + seriesId
                + ", g, 1.7e9 + g * 0.05, sin(g / 5000.0) + (random() - 0.5) * 0.2"
                + " + case when g % 99991 = 0 then 5 else 0 end from generate_series(0, " + (size - 1) + ") g");
        execute(db, "vacuum analyze scalar_points");
        long inserted = System.nanoTime();
        db.setAutoCommit(false);
        new RollupBuilder().rebuild(db, seriesId);
        db.commit();
        db.setAutoCommit(true);
        execute(db, "vacuum analyze scalar_rollups");
        System.out.printf("%,d points written with SQL in %.1f s, rolled up (as the V7 migration does) in %.1f s%n",
                size, (inserted - started) / 1e9, (System.nanoTime() - inserted) / 1e9);
        return seriesId;
    }

    private static void queries(Connection db, int port, UUID job, String tag, long seriesId, long size,
            List<String> report) throws Exception {
        Random random = new Random(size);
        List<long[]> ranges = new ArrayList<>();
        List<long[]> baselineRanges = new ArrayList<>();
        for (double zoom : ZOOMS) {
            long width = Math.max(1_000, (long) (size * zoom));
            for (int i = 0; i < RANGES_PER_ZOOM; i++) {
                long from = width >= size ? 0 : (long) (random.nextDouble() * (size - width));
                long[] range = {from, from + width - 1};
                ranges.add(range);
                if (i < BASELINE_RANGES_PER_ZOOM) {
                    baselineRanges.add(range);
                }
            }
        }
        for (int i = 0; i < 10; i++) {
            read(port, job, tag, ranges.get(i % ranges.size()));
        }
        List<Double> reads = new ArrayList<>();
        for (long[] range : ranges) {
            reads.add(read(port, job, tag, range));
        }
        List<Double> baseline = new ArrayList<>();
        for (long[] range : baselineRanges) {
            baseline.add(postgresReadsRows(db, seriesId, range[0], range[1]) / 1e6);
        }
        double median = median(reads);
        double baselineMedian = median(baseline);
        String figure = "read of " + MAX_POINTS + " points from a " + size / 1_000_000 + "M-point series";
        System.out.printf("%s: median %.1f ms over %d ranges (max %.1f ms); PostgreSQL reading the rows: median"
                + " %.0f ms over %d ranges%n", figure, median, reads.size(), reads.stream().mapToDouble(d -> d).max()
                .orElseThrow(), baselineMedian, baseline.size());
        report.add(bench("query", figure + " (median, HTTP round trip)", median, "ms",
                "PostgreSQL reading the range's rows", baselineMedian));
    }

    /** Milliseconds for one downsampled read through HTTP, checking the answer's size and resolution header. */
    private static double read(int port, UUID job, String tag, long[] range) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/internal/jobs/" + job + "/scalars?tag=" + tag
                + "&maxPoints=" + MAX_POINTS + "&afterStep=" + (range[0] - 1) + "&beforeStep=" + (range[1] + 1));
        long started = System.nanoTime();
        HttpResponse<String> response = HTTP.send(authorized(uri),
                HttpResponse.BodyHandlers.ofString());
        double millis = (System.nanoTime() - started) / 1e6;
        long points = response.body().chars().filter(c -> c == '{').count();
        if (response.statusCode() != 200 || points == 0 || points > MAX_POINTS
                || response.headers().firstValue("TrainBoard-Resolution").isEmpty()) {
            throw new IllegalStateException("bad answer " + response.statusCode() + " with " + points + " points");
        }
        return millis;
    }

    /** Nanoseconds PostgreSQL takes to hand the rows of a step range to JDBC in step order. */
    private static long postgresReadsRows(Connection db, long seriesId, long from, long to) throws SQLException {
        long started = System.nanoTime();
        db.setAutoCommit(false);
        try (PreparedStatement select = db.prepareStatement(
                "select step, wall_time, value from scalar_points where series_id = ? and step between ? and ? order by step")) {
            select.setFetchSize(10_000);
            select.setLong(1, seriesId);
            select.setLong(2, from);
            select.setLong(3, to);
            long sum = 0;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    sum += rs.getLong(1);
                }
            }
            if (sum < 0) {
                throw new IllegalStateException();
            }
        } finally {
            db.commit();
            db.setAutoCommit(true);
        }
        return System.nanoTime() - started;
    }

    private static void export(Connection db, int port, UUID job, String tag, long seriesId, long size,
            List<String> report) throws Exception {
        HeapWatch heap = HeapWatch.start(port);
        URI uri = URI.create("http://127.0.0.1:" + port + "/internal/jobs/" + job + "/scalars.csv?tag=" + tag);
        long started = System.nanoTime();
        HttpResponse<InputStream> response = HTTP.send(authorized(uri),
                HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long lines = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream body = response.body()) {
            for (int n; (n = body.read(buffer)) > 0; ) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    lines += buffer[i] == '\n' ? 1 : 0;
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long maxHeap = heap.stop();
        if (lines != size + 1) {
            throw new IllegalStateException("exported " + (lines - 1) + " points of " + size);
        }
        double baselineSeconds = postgresReadsRows(db, seriesId, 0, size) / 1e9;
        double rate = size / seconds;
        double baselineRate = size / baselineSeconds;
        System.out.printf("CSV export of %,d points (%,d MB) in %.1f s: %,.0f points/s; service heap (-Xmx256m) at"
                + " most %,d MB used while exporting; PostgreSQL reading the rows: %,.0f points/s%n", size,
                bytes >> 20, seconds, rate, maxHeap >> 20, baselineRate);
        report.add(bench("export", "CSV export of " + size / 1_000_000 + "M points, service at -Xmx256m", rate,
                "points/s", "PostgreSQL reading the rows", baselineRate));
        report.add(bench("export", "service heap used at most during the export", maxHeap >> 20, "MB",
                "heap limit", 256));
    }

    /** Polls the service's used heap every 100 ms and keeps the highest value. */
    private record HeapWatch(Thread thread, AtomicLong max) {

        static HeapWatch start(int port) {
            AtomicLong max = new AtomicLong();
            URI uri = URI.create("http://127.0.0.1:" + port + "/actuator/metrics/jvm.memory.used?tag=area:heap");
            Thread thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        String body = HTTP.send(authorized(uri),
                                HttpResponse.BodyHandlers.ofString()).body();
                        String value = body.replaceAll("(?s).*\"value\":([0-9.E+]+).*", "$1");
                        max.accumulateAndGet((long) Double.parseDouble(value), Math::max);
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    } catch (IOException | NumberFormatException e) {
                        // a missed sample; the next one counts
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
            return new HeapWatch(thread, max);
        }

        long stop() throws InterruptedException {
            thread.interrupt();
            thread.join();
            return max.get();
        }
    }

    private static Process startService(TestDatabase database, int port) throws IOException {
        Path logdir = Files.createTempDirectory("bench-long-series-runs");
        Path log = Files.createTempFile("bench-long-series-service", ".log");
        System.out.println("metrics service log: " + log);
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), MetricsServiceApplication.class.getName(),
                "--server.port=" + port,
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--spring.kafka.bootstrap-servers=127.0.0.1:" + freePort(),
                "--spring.kafka.listener.auto-startup=false",
                "--spring.kafka.admin.auto-create=false",
                "--trainboard.tensorboard.logdir=" + logdir,
                "--trainboard.internal-api.token=" + TOKEN)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static HttpRequest authorized(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN).build();
    }

    private static void awaitHealthy(int port) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness");
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the metrics service did not start");
    }

    private static long seriesId(Connection db, UUID job, String tag) throws SQLException {
        try (PreparedStatement select = db.prepareStatement(
                "select id from scalar_series where job_id = ? and tag = ?")) {
            select.setObject(1, job);
            select.setString(2, tag);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void execute(Connection db, String sql) throws SQLException {
        try (var statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public static String bench(String component, String figure, double value, String unit, String baselineName,
            double baseline) {
        return String.join("\t", "BENCH", component, figure, format(value), unit, baselineName, format(baseline),
                String.format("%.3f", value / baseline));
    }

    private static String format(double value) {
        return value >= 100 ? String.format("%.0f", value) : String.format("%.2f", value);
    }
}
