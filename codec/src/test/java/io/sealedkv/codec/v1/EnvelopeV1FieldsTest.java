package io.sealedkv.codec.v1;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.codec.MalformedEnvelopeException;
import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.TestKeyRing;
import io.sealedkv.codec.UnsupportedEnvelopeVersionException;
import io.sealedkv.crypto.AuthenticationFailedException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@link EnvelopeV1#split} and {@link EnvelopeV1#assemble} against the documented layout. */
class EnvelopeV1FieldsTest {
    private static final byte[] KEY = HexFormat.of().parseHex("8f0e4a2b6c1d3e5f7a9b0c2d4e6f81a3b5c7d9eb0f21436587a9cbed0f132547");
    private static final int VERSION = 0xFEDCBA98;
    private static final SealContext CONTEXT = SealContext.of(7, "k".getBytes(UTF_8));
    private static final byte[] NONCE = HexFormat.of().parseHex("8899aabbfffffffffffffffe");

    private final SealingValueCodec codec = new SealingValueCodec(new TestKeyRing().add(VERSION, KEY));

    @Test
    void splitReadsEachDocumentedFieldAndTheSealedPayloadInPlace() throws Exception {
        byte[] sealed = SpecEnvelope.seal(KEY, VERSION, 0x01, NONCE, CONTEXT, new byte[] {1, 2, 3});

        EnvelopeV1.Fields fields = EnvelopeV1.split(sealed);

        assertThat(fields).isEqualTo(new EnvelopeV1.Fields(1, 0x01, VERSION, 0x8899aabb, 0xfffffffffffffffeL, 18, 3 + 16));
        assertThat(EnvelopeV1.assemble(fields, sealed)).isEqualTo(sealed);
    }

    @Test
    void aSealingIdIsTheKeyVersionAndNonceAndDiffersBetweenSealingsOfOneValue() throws Exception {
        byte[] spec = SpecEnvelope.seal(KEY, VERSION, 0x01, NONCE, CONTEXT, new byte[] {1, 2, 3});
        assertThat(EnvelopeV1.sealingId(spec)).isEqualTo(HexFormat.of().parseHex("fedcba98" + "8899aabbfffffffffffffffe"));

        byte[] value = "x".repeat(5000).getBytes(UTF_8);
        assertThat(EnvelopeV1.sealingId(codec.seal(CONTEXT, value))).hasSize(16)
                .isNotEqualTo(EnvelopeV1.sealingId(codec.seal(CONTEXT, value)));
        assertThatThrownBy(() -> EnvelopeV1.sealingId(new byte[] {1, 0, 0}))
                .isInstanceOf(MalformedEnvelopeException.class);
    }

    @Test
    void assembleTakesTheSealedPayloadFromAnyArrayAndTheResultOpens() {
        byte[] value = "a value".getBytes(UTF_8);
        byte[] sealed = codec.seal(CONTEXT, value);
        EnvelopeV1.Fields fields = EnvelopeV1.split(sealed);
        byte[] elsewhere = new byte[5 + fields.sealedPayloadLength() + 9];
        System.arraycopy(sealed, fields.sealedPayloadOffset(), elsewhere, 5, fields.sealedPayloadLength());
        EnvelopeV1.Fields moved = new EnvelopeV1.Fields(fields.formatVersion(), fields.flags(), fields.keyVersion(),
                fields.nonceFixed(), fields.nonceCounter(), 5, fields.sealedPayloadLength());

        byte[] assembled = EnvelopeV1.assemble(moved, elsewhere);

        assertThat(assembled).isEqualTo(sealed);
        assertThat(codec.open(CONTEXT, assembled)).isEqualTo(value);
    }

    @Test
    void assembleInPlaceWritesTheHeaderInFrontOfThePayloadAsAssembleWouldAndLeavesTheRestOfTheBuffer() {
        byte[] value = "a value".getBytes(UTF_8);
        byte[] sealed = codec.seal(CONTEXT, value);
        EnvelopeV1.Fields fields = EnvelopeV1.split(sealed);
        int start = 5;
        byte[] buffer = new byte[start + sealed.length + 7];
        Arrays.fill(buffer, (byte) 0x5a);
        int payloadAt = start + EnvelopeV1.HEADER_LENGTH;
        System.arraycopy(sealed, EnvelopeV1.HEADER_LENGTH, buffer, payloadAt, fields.sealedPayloadLength());

        EnvelopeV1.assembleInPlace(new EnvelopeV1.Fields(fields.formatVersion(), fields.flags(), fields.keyVersion(),
                fields.nonceFixed(), fields.nonceCounter(), payloadAt, fields.sealedPayloadLength()), buffer);

        byte[] envelope = Arrays.copyOfRange(buffer, start, start + sealed.length);
        assertThat(envelope).isEqualTo(sealed);
        assertThat(Arrays.copyOf(buffer, start)).containsOnly(0x5a);
        assertThat(Arrays.copyOfRange(buffer, start + sealed.length, buffer.length)).containsOnly(0x5a);
        assertThat(codec.open(CONTEXT, envelope)).isEqualTo(value);
    }

    @Test
    void assembleInPlaceRefusesWhatAssembleRefusesAndAPayloadWithoutRoomForTheHeader() {
        byte[] buffer = new byte[40];

        assertThatThrownBy(() -> EnvelopeV1.assembleInPlace(new EnvelopeV1.Fields(2, 0, 1, 0, 0, 18, 16), buffer))
                .isInstanceOf(UnsupportedEnvelopeVersionException.class);
        assertThatThrownBy(() -> EnvelopeV1.assembleInPlace(new EnvelopeV1.Fields(1, 0x02, 1, 0, 0, 18, 16), buffer))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessage("sealed value sets flag bits 0x02 that version 1 does not define");
        assertThatThrownBy(() -> EnvelopeV1.assembleInPlace(new EnvelopeV1.Fields(1, 0, 1, 0, 0, 18, 15), buffer))
                .isInstanceOf(MalformedEnvelopeException.class);
        assertThatThrownBy(() -> EnvelopeV1.assembleInPlace(new EnvelopeV1.Fields(1, 0, 1, 0, 0, 18, 23), buffer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sealed payload of 23 bytes at offset 18 lies outside an array of 40");
        assertThatThrownBy(() -> EnvelopeV1.assembleInPlace(new EnvelopeV1.Fields(1, 0, 1, 0, 0, 17, 16), buffer))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnvelopeV1.assembleInPlace(new EnvelopeV1.Fields(1, 0, 1, 0, 0, 0, 16), buffer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sealed payload at offset 0; assembling in place needs the 18 bytes before it");
        assertThat(buffer).containsOnly(0);
    }

    @Test
    void anEnvelopeAssembledWithAWrongFieldFailsAuthenticationWhenOpened() {
        byte[] sealed = codec.seal(CONTEXT, "v".getBytes(UTF_8));
        EnvelopeV1.Fields fields = EnvelopeV1.split(sealed);
        EnvelopeV1.Fields otherCounter = new EnvelopeV1.Fields(1, fields.flags(), VERSION, fields.nonceFixed(),
                fields.nonceCounter() + 1, fields.sealedPayloadOffset(), fields.sealedPayloadLength());

        byte[] assembled = EnvelopeV1.assemble(otherCounter, sealed);

        assertThatThrownBy(() -> codec.open(CONTEXT, assembled)).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void splitRefusesWhatOpenRefusesBeforeTheKeyWithCodecExceptions() {
        byte[] sealed = codec.seal(CONTEXT, new byte[0]);

        assertThatThrownBy(() -> EnvelopeV1.split(new byte[0])).isInstanceOf(MalformedEnvelopeException.class)
                .hasMessage("sealed value is empty");
        assertThatThrownBy(() -> EnvelopeV1.split(new byte[] {2, 0, 0})).isInstanceOf(UnsupportedEnvelopeVersionException.class);
        assertThatThrownBy(() -> EnvelopeV1.split(Arrays.copyOf(sealed, 33))).isInstanceOf(MalformedEnvelopeException.class)
                .hasMessage("sealed value is 33 bytes long; a version 1 envelope has at least 34");
        byte[] flagged = sealed.clone();
        flagged[1] = (byte) 0x82;
        assertThatThrownBy(() -> EnvelopeV1.split(flagged)).isInstanceOf(MalformedEnvelopeException.class)
                .hasMessage("sealed value sets flag bits 0x82 that version 1 does not define");
    }

    @Test
    void assembleRefusesFieldsNoVersionOneEnvelopeHas() {
        byte[] source = new byte[40];

        assertThatThrownBy(() -> EnvelopeV1.assemble(new EnvelopeV1.Fields(2, 0, 1, 0, 0, 0, 16), source))
                .isInstanceOf(UnsupportedEnvelopeVersionException.class)
                .hasMessage("sealed value has envelope format version 2; this build reads version 1");
        assertThatThrownBy(() -> EnvelopeV1.assemble(new EnvelopeV1.Fields(1, 0x02, 1, 0, 0, 0, 16), source))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessage("sealed value sets flag bits 0x02 that version 1 does not define");
        assertThatThrownBy(() -> EnvelopeV1.assemble(new EnvelopeV1.Fields(1, 0, 1, 0, 0, 0, 15), source))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessageStartingWith("sealed payload of 15 bytes; a version 1 envelope has 16 (the tag) to ");
        assertThatThrownBy(() -> EnvelopeV1.assemble(new EnvelopeV1.Fields(1, 0, 1, 0, 0, 30, 16), source))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sealed payload of 16 bytes at offset 30 lies outside an array of 40");
        assertThatThrownBy(() -> EnvelopeV1.assemble(new EnvelopeV1.Fields(1, 0, 1, 0, 0, -1, 16), source))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
