package io.smartclassroom.provisioning;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;

/**
 * Server sockets for {@code MockWebServer} whose connections send without delay: MockWebServer writes a response's
 * head and body apart, and with Nagle's algorithm against the client's delayed ACK every call would take some 40 ms
 * more.
 */
public final class NoDelayServerSockets extends ServerSocketFactory {
    @Override
    public ServerSocket createServerSocket() throws IOException {
        return new ServerSocket() {
            @Override
            public Socket accept() throws IOException {
                Socket socket = super.accept();
                socket.setTcpNoDelay(true);
                return socket;
            }
        };
    }

    @Override
    public ServerSocket createServerSocket(int port) {
        throw new UnsupportedOperationException("MockWebServer binds an unbound server socket");
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) {
        throw new UnsupportedOperationException("MockWebServer binds an unbound server socket");
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) {
        throw new UnsupportedOperationException("MockWebServer binds an unbound server socket");
    }
}
