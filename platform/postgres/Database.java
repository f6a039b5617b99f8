import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * Creates or drops a database on a PostgreSQL server, so ./trainboard needs no psql client.
 * Usage: java -cp 'target/lib/*' Database.java create|drop HOST PORT USER DATABASE
 */
public class Database {

    public static void main(String[] args) throws Exception {
        if (args.length != 5 || !(args[0].equals("create") || args[0].equals("drop"))) {
            System.err.println("usage: Database create|drop HOST PORT USER DATABASE");
            System.exit(2);
        }
        String server = "jdbc:postgresql://" + args[1] + ":" + args[2] + "/postgres";
        String database = args[4];
        // A database name cannot be a bind parameter; this pattern keeps the statements below safe.
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection connection = DriverManager.getConnection(server, args[3], "");
                Statement statement = connection.createStatement()) {
            boolean exists = exists(connection, database);
            if (args[0].equals("create") && !exists) {
                statement.execute("CREATE DATABASE " + database);
                System.out.println("created database " + database);
            } else if (args[0].equals("drop") && exists) {
                statement.execute("DROP DATABASE " + database + " WITH (FORCE)");
                System.out.println("dropped database " + database);
            }
        }
    }

    private static boolean exists(Connection connection, String database) throws Exception {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            return query.executeQuery().next();
        }
    }
}
