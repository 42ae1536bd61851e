package io.sealedkv.engine.server;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Protected mode as in Redis 7: while it is on and the default user has no password, only clients
 * connecting from 127.0.0.1 or ::1 are served; anyone else gets Redis's DENIED text and is closed.
 * Like Redis, other 127.x addresses do not count as loopback.
 */
final class ProtectedMode {
    /** Redis 7.0.15's reply, word for word (clients and scripts match on it). */
    static final String DENIED = "DENIED Redis is running in protected mode because protected mode is enabled and "
            + "no password is set for the default user. In this mode connections are only accepted from the "
            + "loopback interface. If you want to connect from external computers to Redis you may adopt one of "
            + "the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET "
            + "protected-mode no' from the loopback interface by connecting to Redis from the same host the "
            + "server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. "
            + "Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the "
            + "protected mode by editing the Redis configuration file, and setting the protected mode option to "
            + "'no', and then restarting the server. 3) If you started the server manually just for testing, "
            + "restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the "
            + "default user. NOTE: You only need to do one of the above things in order for the server to start "
            + "accepting connections from the outside.";

    private ProtectedMode() {
    }

    static boolean refuses(boolean enabled, boolean noPassword, InetSocketAddress remote) {
        return enabled && noPassword && (remote == null || !isLoopback(remote.getAddress()));
    }

    /** 127.0.0.1 or ::1 exactly (an IPv4-mapped 127.0.0.1 included), as Redis compares the peer's text. */
    static boolean isLoopback(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return bytes[0] == 127 && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 1;
        }
        if (address instanceof Inet6Address) {
            for (int i = 0; i < 15; i++) {
                if (bytes[i] != 0) {
                    return false;
                }
            }
            return bytes[15] == 1;
        }
        return false;
    }
}
