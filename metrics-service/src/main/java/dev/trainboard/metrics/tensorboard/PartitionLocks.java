package dev.trainboard.metrics.tensorboard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The fence between metrics-service instances that share a log dir: a PostgreSQL session advisory lock per
 * partition of {@code trainboard.events}, held on a connection of this instance's own (not the pool's). The
 * lock lives exactly as long as that session: a clean release, a closed connection, and a process killed
 * with {@code kill -9} (the kernel closes its socket, PostgreSQL ends the session) all free it. Beside the
 * lock, a row in {@code event_file_owners} names the holder for messages.
 *
 * <p>Holds are counted per partition, so a brief hold for a rebuild and the consumer's hold can overlap.
 */
@Component
public class PartitionLocks implements DisposableBean {

    /** The first key of the two-key advisory lock; the second is the partition. */
    static final int LOCK_SPACE = 29282;

    private static final Logger log = LoggerFactory.getLogger(PartitionLocks.class);

    private final JdbcConnectionDetails database;
    private final Environment environment;
    private final String instance;
    private final Map<Integer, Integer> holds = new HashMap<>();
    private Connection connection;

    PartitionLocks(JdbcConnectionDetails database, Environment environment) {
        this.database = database;
        this.environment = environment;
        this.instance = hostName() + "-" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This instance's id, as the owner rows name it. */
    public String instance() {
        return instance;
    }

    /** Takes one more hold on the partition if its lock is free or already this instance's; never waits. */
    public synchronized boolean tryLock(int partition) {
        int before = holds.getOrDefault(partition, 0);
        if (before == 0 && !lockInDatabase(partition)) {
            return false;
        }
        holds.put(partition, before + 1);
        return true;
    }

    /** Ends one hold; with the last one the lock goes and the owner row with it. */
    public synchronized void unlock(int partition) {
        Integer before = holds.get(partition);
        if (before == null) {
            return;
        }
        if (before > 1) {
            holds.put(partition, before - 1);
            return;
        }
        holds.remove(partition);
        try {
            execute("delete from event_file_owners where partition_id = ? and instance = ?", partition, instance);
            execute("select pg_advisory_unlock(" + LOCK_SPACE + ", ?)", partition);
        } catch (SQLException e) {
            // The session is in doubt: ending it is the one way to be sure its locks are gone.
            log.warn("Could not release the lock of partition {} cleanly; closing the lock connection: {}",
                    partition, e.toString());
            closeConnection();
        }
    }

    /** Runs {@code work} while holding the partition's lock, if it can be had without waiting. */
    public <T> Optional<T> whileHeld(int partition, Supplier<T> work) {
        if (!tryLock(partition)) {
            return Optional.empty();
        }
        try {
            return Optional.of(work.get());
        } finally {
            unlock(partition);
        }
    }

    /**
     * Checks that the lock session is alive. When it is not, every lock it held is gone (another instance may
     * hold them by now): returns those partitions and forgets them; otherwise returns none.
     */
    public synchronized Set<Integer> lost() {
        if (holds.isEmpty()) {
            return Set.of();
        }
        try {
            if (connection != null && connection.isValid(2)) {
                return Set.of();
            }
        } catch (SQLException e) {
            // treated as invalid below
        }
        Set<Integer> lost = Set.copyOf(holds.keySet());
        log.error("The lock connection to PostgreSQL is gone, and with it the locks of partitions {}: this "
                + "instance stops writing their runs until it holds them again", lost);
        holds.clear();
        closeConnection();
        return lost;
    }

    /** Who holds the partition, as its row says; empty when no row names anyone. */
    public synchronized Optional<PartitionOwner> owner(int partition) {
        try (PreparedStatement statement = connection().prepareStatement(
                "select instance, address, since from event_file_owners where partition_id = ?")) {
            statement.setInt(1, partition);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new PartitionOwner(partition, rs.getString("instance"), rs.getString("address"),
                        rs.getTimestamp("since").toInstant()));
            }
        } catch (SQLException e) {
            log.warn("Could not read the owner of partition {}: {}", partition, e.toString());
            return Optional.empty();
        }
    }

    private boolean lockInDatabase(int partition) {
        try (PreparedStatement statement = connection().prepareStatement(
                "select pg_try_advisory_lock(" + LOCK_SPACE + ", ?)")) {
            statement.setInt(1, partition);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return false;
                }
            }
            execute("""
                    insert into event_file_owners (partition_id, instance, address, since) values (?, ?, ?, ?)
                    on conflict (partition_id) do update
                    set instance = excluded.instance, address = excluded.address, since = excluded.since""",
                    partition, instance, address(), Timestamp.from(Instant.now()));
            return true;
        } catch (SQLException e) {
            log.warn("Could not take the lock of partition {}: {}", partition, e.toString());
            closeConnection();
            return false;
        }
    }

    private void execute(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection().prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            Properties properties = new Properties();
            properties.setProperty("user", database.getUsername());
            if (database.getPassword() != null) {
                properties.setProperty("password", database.getPassword());
            }
            // A peer that vanished without closing its socket is noticed by keepalive instead of never.
            properties.setProperty("tcpKeepAlive", "true");
            properties.setProperty("ApplicationName", "trainboard-partition-locks " + instance);
            connection = DriverManager.getConnection(database.getJdbcUrl(), properties);
            connection.setAutoCommit(true);
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // closing a broken connection: its session is gone either way
            }
            connection = null;
        }
    }

    private String address() {
        return hostName() + ":" + environment.getProperty("local.server.port",
                environment.getProperty("server.port", "8081"));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Ends the session, which frees every lock; the owner rows go first so that no message names this instance. */
    @Override
    public synchronized void destroy() {
        if (!holds.isEmpty() && connection != null) {
            try {
                execute("delete from event_file_owners where instance = ?", instance);
            } catch (SQLException e) {
                log.debug("Could not delete the owner rows of {}: {}", instance, e.toString());
            }
        }
        holds.clear();
        closeConnection();
    }
}
