package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A message published to a RESP3 subscriber blocked in BLPOP, by a client of another network thread, before a
 * client of the subscriber's own thread pushes to the list: as in Redis the message comes before BLPOP's reply.
 */
class FollowUpOrderIT {
    private static final String MESSAGE = ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nm\r\n";
    private static final String POPPED = "*2\r\n$1\r\nq\r\n$1\r\nx\r\n";
    private final TestServer server = TestServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aMessagePublishedFromAnotherThreadBeforeTheServingPushComesBeforeTheServedReply() throws Exception {
        try (Socket subscriber = new Socket("127.0.0.1", server.port());
             RawClient publisher = new RawClient(server.port());
             Socket pusher = new Socket("127.0.0.1", server.port())) {
            long subscriberId = id(subscriber);
            long publisherId = id(publisher);
            long pusherId = id(pusher);
            assertThat(loop(pusherId)).isSameAs(loop(subscriberId)).isNotSameAs(loop(publisherId));
            populate(pusher);

            send(subscriber, "HELLO 3\r\nSUBSCRIBE ch\r\n");
            drain(subscriber, 300);
            send(subscriber, "BLPOP q 0\r\n");
            Thread.sleep(100);
            // the union keeps the pusher's thread busy; its LPUSH (same read) serves the subscriber afterwards
            send(pusher, "SUNIONSTORE dst big\r\nLPUSH q x\r\n");
            Thread.sleep(50);
            String published = publisher.send("PUBLISH ch m\r\n").read().text();
            assertThat(published).isEqualTo(":1\r\n");
            assertThat(pusher.getInputStream().available()).as("the LPUSH had not run yet").isZero();

            String received = drain(subscriber, 3000);
            assertThat(received).isEqualTo(MESSAGE + POPPED);
        }
    }

    /** The other way round: a BLPOP served from another thread before a message of its own thread is published. */
    @Test
    void aReplyServedFromAnotherThreadBeforeAMessageIsPublishedComesBeforeTheMessage() throws Exception {
        try (Socket subscriber = new Socket("127.0.0.1", server.port());
             RawClient pusher = new RawClient(server.port());
             Socket publisher = new Socket("127.0.0.1", server.port())) {
            long subscriberId = id(subscriber);
            long pusherId = id(pusher);
            long publisherId = id(publisher);
            assertThat(loop(publisherId)).isSameAs(loop(subscriberId)).isNotSameAs(loop(pusherId));
            populate(publisher);

            send(subscriber, "HELLO 3\r\nSUBSCRIBE ch\r\n");
            drain(subscriber, 300);
            send(subscriber, "BLPOP q 0\r\n");
            Thread.sleep(100);
            // the union (opened outside the lock) keeps the publisher's thread busy; its PUBLISH comes after
            send(publisher, "SUNIONSTORE dst big\r\nPUBLISH ch m\r\n");
            Thread.sleep(50);
            assertThat(pusher.send("LPUSH q x\r\n").read().text()).isEqualTo(":1\r\n");
            assertThat(publisher.getInputStream().available()).as("the PUBLISH had not run yet").isZero();

            String received = drain(subscriber, 3000);
            assertThat(received).isEqualTo(POPPED + MESSAGE);
        }
    }

    private ClientSession session(long id) {
        return server.server().clients().byId(id);
    }

    private Object loop(long id) {
        return session(id).channel().eventLoop();
    }

    private static long id(Socket socket) throws IOException {
        send(socket, "CLIENT ID\r\n");
        String reply = drain(socket, 2000);
        return Long.parseLong(reply.substring(1, reply.indexOf('\r')));
    }

    private static long id(RawClient client) throws IOException {
        String reply = client.send("CLIENT ID\r\n").read().text();
        return Long.parseLong(reply.substring(1, reply.indexOf('\r')));
    }

    private static void populate(Socket socket) throws IOException {
        StringBuilder commands = new StringBuilder();
        int batches = 200;
        for (int b = 0; b < batches; b++) {
            commands.append("SADD big");
            for (int i = 0; i < 1000; i++) {
                commands.append(" member-").append(b).append('-').append(i);
            }
            commands.append("\r\n");
        }
        send(socket, commands.toString());
        String replies = "";
        long deadline = System.currentTimeMillis() + 60_000;
        while (replies.split("\r\n", -1).length <= batches && System.currentTimeMillis() < deadline) {
            replies += drain(socket, 500);
        }
        assertThat(replies).isEqualTo(":1000\r\n".repeat(batches));
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** What arrives until the connection is quiet for {@code quietMillis}. */
    private static String drain(Socket socket, int quietMillis) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        socket.setSoTimeout(quietMillis);
        try {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
        } catch (java.net.SocketTimeoutException e) {
            // quiet
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
