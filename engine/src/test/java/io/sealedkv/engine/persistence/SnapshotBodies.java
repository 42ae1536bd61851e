package io.sealedkv.engine.persistence;

import io.sealedkv.codec.ValueCodec;
import io.sealedkv.crypto.stream.SegmentedAeadWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.TreeSet;

/**
 * Snapshot files around a body given as bytes, sealed and authenticated as a writer holding the keys
 * would: for tests of what the reader does with a body that verifies but does not parse.
 */
final class SnapshotBodies {
    private SnapshotBodies() {
    }

    /** A file of {@code formatVersion} whose header lists {@code versions} and the stream key's version. */
    static byte[] file(ValueCodec codec, int formatVersion, TreeSet<Integer> versions, byte[] body) throws IOException {
        byte[] streamKey = new byte[SnapshotFormat.STREAM_KEY_LENGTH];
        byte[] sealedKey = codec.seal(SnapshotFormat.streamKeyContext(), streamKey);
        TreeSet<Integer> listed = new TreeSet<>(versions);
        listed.add(codec.keyVersion(sealedKey));
        byte[] header = SnapshotWriter.header(formatVersion, codec.keyVersion(sealedKey), sealedKey, listed,
                SnapshotFormat.SEGMENT_SIZE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        try (SegmentedAeadWriter stream = new SegmentedAeadWriter(out, streamKey, header, SnapshotFormat.SEGMENT_SIZE)) {
            stream.write(body);
        }
        return out.toByteArray();
    }
}
