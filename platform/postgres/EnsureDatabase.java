import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

/**
 * Creates a database on a PostgreSQL server unless it exists, so ./trainboard needs no psql client.
 * Usage: java -cp 'target/lib/*' EnsureDatabase.java HOST PORT USER DATABASE
 */
public class EnsureDatabase {

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: EnsureDatabase HOST PORT USER DATABASE");
            System.exit(2);
        }
        String server = "jdbc:postgresql://" + args[0] + ":" + args[1] + "/postgres";
        String database = args[3];
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection connection = DriverManager.getConnection(server, args[2], "");
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            if (exists.executeQuery().next()) {
                return;
            }
            // A database name cannot be a bind parameter; the pattern above keeps this statement safe.
            connection.createStatement().execute("CREATE DATABASE " + database);
            System.out.println("created database " + database);
        }
    }
}
