package dev.trainboard.metrics.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Forwards a fixed local port to a broker that starts later. Before {@link #forwardTo} nothing listens on the
 * port, so a client configured with it sees exactly what it sees when the broker is down. (spring-kafka's
 * KRaft test broker always picks its own port, so it cannot be started late on a port chosen in advance.)
 */
public final class PortForwarder implements AutoCloseable {

    private final int port;
    private ServerSocket server;

    private PortForwarder(int port) {
        this.port = port;
    }

    /** Reserves a free port number; nothing listens on it yet. */
    public static PortForwarder onFreePort() {
        try (ServerSocket probe = new ServerSocket(0)) {
            return new PortForwarder(probe.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** Starts listening and forwards every connection to {@code host:targetPort}. */
    public void forwardTo(String host, int targetPort) throws IOException {
        server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket target = new Socket();
                    target.connect(new InetSocketAddress(host, targetPort));
                    pump(client, target);
                    pump(target, client);
                } catch (IOException e) {
                    // the server socket was closed, or one connection failed: the client will retry
                }
            }
        }, "port-forwarder-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // the other side closed the connection
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }
}
