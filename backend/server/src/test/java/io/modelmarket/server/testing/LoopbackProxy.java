package io.modelmarket.server.testing;

import io.modelmarket.testing.LocalProcesses;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on 127.0.0.1 between a server under test and one of its dependencies (the chain's RPC, an
 * IPFS node), to cut the dependency off and bring it back without touching its process: {@link #cut()}
 * closes every connection and the listening port (new connections are refused); {@link #restore()} listens
 * on the same port again.
 */
public final class LoopbackProxy implements AutoCloseable {
    private final int port;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;

    public LoopbackProxy(int targetPort) {
        this.port = LocalProcesses.freePort();
        this.targetPort = targetPort;
        restore();
    }

    public int port() {
        return port;
    }

    /** Refuses new connections and breaks the open ones. */
    public synchronized void cut() {
        closeQuietly(listener);
        sockets.forEach(LoopbackProxy::closeQuietly);
        sockets.clear();
    }

    /** Relays connections again. */
    public synchronized void restore() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = socket;
            Thread.ofVirtual().start(() -> accept(socket));
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on 127.0.0.1:" + port, e);
        }
    }

    @Override
    public void close() {
        cut();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket target;
                try {
                    target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                } catch (IOException refused) {
                    closeQuietly(client);
                    continue;
                }
                sockets.add(client);
                sockets.add(target);
                Thread.ofVirtual().start(() -> pump(client, target));
                Thread.ofVirtual().start(() -> pump(target, client));
            } catch (IOException closed) {
                // cut()
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException broken) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception ignored) {
            // already closed
        }
    }
}
