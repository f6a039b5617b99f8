package dev.trainboard.metrics.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A PostgreSQL database of its own for one test class. The server is {@code TRAINBOARD_DB_URL}'s when that
 * is set, else the one on 127.0.0.1:5432 when it answers, else an embedded PostgreSQL started once per JVM.
 */
public final class TestDatabase {

    private static Server server;

    private final String name;

    private TestDatabase(String name) {
        this.name = name;
    }

    /** Creates a new, empty database. */
    public static TestDatabase create() {
        String name = "trainboard_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("create database " + name);
        return new TestDatabase(name);
    }

    public String url() {
        return server().base() + "/" + name + server().query();
    }

    public String user() {
        return server().user();
    }

    public String password() {
        return server().password();
    }

    /** A new connection to the database. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user(), password());
    }

    /** Drops the database, ending any session still connected to it. */
    public void drop() {
        execute("drop database if exists " + name + " with (force)");
    }

    private static void execute(String sql) {
        Server s = server();
        try (Connection connection = DriverManager.getConnection(s.base() + "/" + s.adminDatabase() + s.query(),
                s.user(), s.password()); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run '" + sql + "' on " + s.base(), e);
        }
    }

    private static synchronized Server server() {
        if (server == null) {
            server = locate();
        }
        return server;
    }

    private static Server locate() {
        String configured = System.getenv("TRAINBOARD_DB_URL");
        if (configured != null && !configured.isBlank()) {
            String user = System.getenv().getOrDefault("TRAINBOARD_DB_USER", "postgres");
            return Server.parse(configured, user, System.getenv().getOrDefault("TRAINBOARD_DB_PASSWORD", ""));
        }
        if (answers("127.0.0.1", 5432)) {
            return new Server("jdbc:postgresql://127.0.0.1:5432", "", "postgres", "postgres", "");
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException e) {
                    // the JVM is going away; nothing left to clean up for
                }
            }));
            return new Server("jdbc:postgresql://127.0.0.1:" + embedded.getPort(), "", "postgres", "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("No PostgreSQL on 127.0.0.1:5432 and the embedded one did not start", e);
        }
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Where the server is: {@code base} is the URL up to the database name, {@code query} what follows it. */
    private record Server(String base, String query, String adminDatabase, String user, String password) {

        static Server parse(String url, String user, String password) {
            int queryStart = url.indexOf('?');
            String path = queryStart < 0 ? url : url.substring(0, queryStart);
            String query = queryStart < 0 ? "" : url.substring(queryStart);
            int slash = path.lastIndexOf('/');
            return new Server(path.substring(0, slash), query, path.substring(slash + 1), user, password);
        }
    }
}
