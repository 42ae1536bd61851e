package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With one network thread (the default on two cores) every hand-off between clients stays on that thread
 * ({@link FollowUps}): deliveries, served blocking commands and their order, as Redis gives them.
 */
class OneNetworkThreadIT {
    private final TestServer server = TestServer.start("io-threads 1");

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aMessageAndAServedBlpopReachTheirClientsInTheOrderTheyCame() throws Exception {
        try (RawClient subscriber = new RawClient(server.port());
             RawClient waiter = new RawClient(server.port());
             RawClient writer = new RawClient(server.port())) {
            assertThat(subscriber.send("SUBSCRIBE ch\r\n").read().text())
                    .isEqualTo("*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n");
            waiter.send("BLPOP q 0\r\n");
            Thread.sleep(100);

            assertThat(writer.send("PUBLISH ch one\r\nLPUSH q x\r\nPUBLISH ch two\r\n").read().text())
                    .isEqualTo(":1\r\n:1\r\n:1\r\n");
            assertThat(waiter.read().text()).isEqualTo("*2\r\n$1\r\nq\r\n$1\r\nx\r\n");
            assertThat(subscriber.read().text()).isEqualTo(
                    "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$3\r\none\r\n*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$3\r\ntwo\r\n");
        }
    }

    @Test
    void aResp3SubscriberBlockedInBlpopGetsTheMessagePublishedBeforeThePushFirst() throws Exception {
        try (RawClient subscriber = new RawClient(server.port());
             RawClient writer = new RawClient(server.port())) {
            subscriber.send("HELLO 3\r\nSUBSCRIBE ch\r\n").read();
            subscriber.send("BLPOP q 0\r\n");
            Thread.sleep(100);

            assertThat(writer.send("PUBLISH ch m\r\nLPUSH q x\r\n").read().text()).isEqualTo(":1\r\n:1\r\n");
            assertThat(subscriber.read().text())
                    .isEqualTo(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nm\r\n*2\r\n$1\r\nq\r\n$1\r\nx\r\n");
        }
    }
}
