package io.sealedkv.engine.command.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.ServerExtension;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** READONLY, READWRITE and ASKING refused as by a Redis without cluster support; the connection goes on. */
class ClusterCommandsIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void clusterClientsConnectionCommandsAreRefusedAsWithoutClusterSupport() throws IOException {
        String disabled = "-ERR This instance has cluster support disabled\r\n";
        try (RawClient client = new RawClient(server.port())) {
            assertThat(client.send("READONLY\r\nREADWRITE\r\nASKING\r\nPING\r\n").read().text())
                    .isEqualTo(disabled + disabled + disabled + "+PONG\r\n");
            assertThat(client.send("asking x\r\n").read().text())
                    .isEqualTo("-ERR wrong number of arguments for 'asking' command\r\n");
        }
    }
}
