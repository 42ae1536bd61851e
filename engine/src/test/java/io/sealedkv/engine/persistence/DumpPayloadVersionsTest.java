package io.sealedkv.engine.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.keyspace.ValueType;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.Keystores;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every DUMP payload version still restores, and from version 3 on the version byte is authenticated. */
class DumpPayloadVersionsTest {
    private static final Keystore KEYSTORE = Keystores.open("memory", Map.of());
    private static final ValueCodec CODEC = new SealingValueCodec(KEYSTORE);
    private static final byte[] KEY = {'k'};
    /** A string's body: type, database 0, key "k", its sealed value. */
    private static final byte[] STRING_BODY = stringBody();

    @AfterAll
    static void close() {
        KEYSTORE.close();
    }

    private static byte[] stringBody() {
        byte[] sealed = CODEC.seal(SealContext.of(0, KEY), new byte[] {'v'});
        byte[] body = new byte[11 + sealed.length];
        body[0] = (byte) SnapshotFormat.TYPE_STRING;
        body[9] = 1;
        body[10] = KEY[0];
        System.arraycopy(sealed, 0, body, 11, sealed.length);
        return body;
    }

    @Test
    void payloadsOfEveryVersionAreRead() throws Exception {
        for (int version = 1; version <= 3; version++) {
            byte[] payload = payload(version, STRING_BODY);
            assertThat(DumpPayload.read(CODEC, payload).type()).as("version %d", version).isEqualTo(ValueType.STRING);
        }
    }

    /**
     * A payload as the format's specification builds it, with the context names written out here rather than
     * taken from the reader: "sealedkv dump payload" for versions 1 and 2, with " v" and the version after.
     */
    static byte[] payload(int version, byte[] body) {
        String name = "sealedkv dump payload" + (version < 3 ? "" : " v" + version);
        SealContext context = SealContext.of(Long.MIN_VALUE + 1, name.getBytes(StandardCharsets.US_ASCII));
        byte[] envelope = CODEC.seal(context, body);
        byte[] payload = new byte[5 + envelope.length];
        System.arraycopy("SKVD".getBytes(StandardCharsets.US_ASCII), 0, payload, 0, 4);
        payload[4] = (byte) version;
        System.arraycopy(envelope, 0, payload, 5, envelope.length);
        return payload;
    }

    @Test
    void aCurrentPayloadWhoseVersionIsChangedDoesNotOpen() {
        byte[] payload = DumpPayload.seal(CODEC, STRING_BODY);
        assertThat(payload[4]).isEqualTo((byte) 3);
        for (byte other : new byte[] {1, 2}) {
            payload[4] = other;
            assertThatThrownBy(() -> DumpPayload.read(CODEC, payload)).as("version %d", other)
                    .isInstanceOf(DumpPayload.UnverifiedException.class);
        }
    }
}
