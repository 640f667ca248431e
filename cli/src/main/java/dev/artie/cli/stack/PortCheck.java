package dev.artie.cli.stack;

import java.io.IOException;
import java.net.ServerSocket;

/** Whether a local port can be listened on. */
final class PortCheck {
    private PortCheck() {}

    static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
