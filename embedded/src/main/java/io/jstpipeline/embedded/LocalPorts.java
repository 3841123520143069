package io.jstpipeline.embedded;

import java.io.IOException;
import java.net.ServerSocket;

/** Free ports on this machine, for servers whose port must be known before they start. */
final class LocalPorts {

    private LocalPorts() {
    }

    static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
