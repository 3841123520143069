package io.jstpipeline.jdbcsink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy to a database that can fall silent: its connections stay open but nothing passes any more, as
 * with a database host that vanished without a reset (a half-open connection).
 */
final class HalfOpenProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetUrl;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean silent;

    private HalfOpenProxy(String jdbcUrl) throws IOException {
        this.targetUrl = jdbcUrl;
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        this.target = new InetSocketAddress(uri.getHost(), uri.getPort());
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(this::accept, "half-open-proxy");
        accepting.setDaemon(true);
        accepting.start();
    }

    static HalfOpenProxy to(String jdbcUrl) throws IOException {
        return new HalfOpenProxy(jdbcUrl);
    }

    /** The database's URL through this proxy. */
    String jdbcUrl() {
        return targetUrl.replace(target.getHostString() + ":" + target.getPort(),
                server.getInetAddress().getHostAddress() + ":" + server.getLocalPort());
    }

    /** From now on nothing passes, either way, and nothing is closed. */
    void fallSilent() {
        silent = true;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (silent) {
                        continue; // swallowed: the other side waits for an answer that never comes
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            }
        }, "half-open-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
