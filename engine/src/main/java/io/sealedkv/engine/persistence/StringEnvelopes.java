package io.sealedkv.engine.persistence;

import io.sealedkv.codec.v1.EnvelopeV1;
import io.sealedkv.crypto.SealingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A string value of snapshot format 2: its envelope in pieces, the fields a group of values shares
 * written once per file ({@link SnapshotFormat} documents the bytes). The envelope's layout stays the
 * codec's: this class only handles the fields {@link EnvelopeV1#split} gives and
 * {@link EnvelopeV1#assemble} takes. One writer or reader per file; not thread-safe.
 */
final class StringEnvelopes {
    /** Sealed payloads up to this size are read into one reused buffer; larger ones into their own array. */
    private static final int SCRATCH_LIMIT = 64 * 1024;
    private static final int HEADER_LENGTH = EnvelopeV1.HEADER_LENGTH;

    private StringEnvelopes() {
    }

    /** Where {@link Reader#readInPlace} assembles an envelope. */
    interface Space {
        /** Room for an envelope of {@code length} bytes in {@link #buffer()}; returns where it starts. */
        int reserve(int length) throws IOException;

        byte[] buffer();
    }

    private static long zigzag(long delta) {
        return (delta << 1) ^ (delta >> 63);
    }

    private static long unzigzag(long encoded) {
        return (encoded >>> 1) ^ -(encoded & 1);
    }

    /** What values of one group share; the writer's map key. */
    private record Shared(int formatVersion, int flags, int keyVersion, int nonceFixed) {
        static Shared of(EnvelopeV1.Fields fields) {
            return new Shared(fields.formatVersion(), fields.flags(), fields.keyVersion(), fields.nonceFixed());
        }

        boolean matches(EnvelopeV1.Fields fields) {
            return fields.nonceFixed() == nonceFixed && fields.keyVersion() == keyVersion
                    && fields.flags() == flags && fields.formatVersion() == formatVersion;
        }
    }

    /** A group as the writer tracks it: its number and the counter of its last value. */
    private static final class Group {
        final Shared shared;
        final int number;
        long counter;

        Group(Shared shared, int number, long counter) {
            this.shared = shared;
            this.number = number;
            this.counter = counter;
        }
    }

    /** Writes the string values of one file. */
    static final class Writer {
        private final int[] versions;
        private final Map<Shared, Group> groups = new HashMap<>();
        private Group last;

        /** {@code versions}: the header's version list, in its order. */
        Writer(int[] versions) {
            this.versions = versions;
        }

        void write(byte[] sealed, BodyOutput out) throws IOException {
            EnvelopeV1.Fields fields = EnvelopeV1.split(sealed);
            Group group = last != null && last.shared.matches(fields) ? last : groups.get(Shared.of(fields));
            if (group == null) {
                group = define(fields, out);
            } else {
                out.writeVarint(group.number);
                out.writeVarint(zigzag(fields.nonceCounter() - group.counter));
                group.counter = fields.nonceCounter();
            }
            last = group;
            out.writeVarint(fields.sealedPayloadLength());
            out.write(sealed, fields.sealedPayloadOffset(), fields.sealedPayloadLength());
        }

        private Group define(EnvelopeV1.Fields fields, BodyOutput out) throws IOException {
            int versionIndex = Arrays.binarySearch(versions, fields.keyVersion());
            if (versionIndex < 0) {
                throw new IllegalStateException("key version " + fields.keyVersion() + " was not counted at capture");
            }
            Group group = new Group(Shared.of(fields), groups.size(), fields.nonceCounter());
            groups.put(group.shared, group);
            out.writeVarint(group.number);
            out.writeByte(fields.formatVersion());
            out.writeByte(fields.flags());
            out.writeVarint(versionIndex);
            out.writeInt(fields.nonceFixed());
            out.writeLong(fields.nonceCounter());
            return group;
        }
    }

    /** Reads the string values of one file back into the envelopes that were saved. */
    static final class Reader {
        private final int[] versions;
        private final Set<Integer> used;
        private final List<Group> groups = new ArrayList<>();
        private byte[] scratch = new byte[256];
        private int envelopeLength;

        /** {@code versions}: the header's version list, in its order; {@code used} gets each version a group names. */
        Reader(int[] versions, Set<Integer> used) {
            this.versions = versions;
            this.used = used;
        }

        byte[] read(BodyInput in) throws IOException {
            Group group = group(in);
            int length = in.readLength(Integer.MAX_VALUE - 16, "sealed payload");
            byte[] source = scratch;
            if (length <= scratch.length) {
                in.readFully(scratch, length);
            } else if (length <= SCRATCH_LIMIT) {
                scratch = new byte[Math.max(length, 2 * scratch.length)];
                source = scratch;
                in.readFully(scratch, length);
            } else {
                source = in.readBytes(length);
            }
            return assemble(group, source, length);
        }

        /**
         * Reads the next value as {@link #read} does, but unless it is long (a sealed payload over
         * {@value #SCRATCH_LIMIT} bytes, then returned as {@link #read} returns it) assembles its envelope
         * straight into {@code space} (where {@link Space#reserve} says) and returns null, its length then
         * being {@link #envelopeLength()}: a loader keeps it there, so no array is made per value.
         */
        byte[] readInPlace(BodyInput in, Space space) throws IOException {
            Group group = group(in);
            int length = in.readLength(Integer.MAX_VALUE - 16, "sealed payload");
            if (length > SCRATCH_LIMIT) {
                return assemble(group, in.readBytes(length), length);
            }
            int total = HEADER_LENGTH + length;
            int payloadAt = space.reserve(total) + HEADER_LENGTH;
            byte[] into = space.buffer();
            in.readFully(into, payloadAt, length);
            try {
                EnvelopeV1.assembleInPlace(fields(group, payloadAt, length), into);
            } catch (SealingException e) {
                throw reassemblyFailure(e);
            }
            envelopeLength = total;
            return null;
        }

        /** The length of the envelope {@link #readInPlace} assembled last. */
        int envelopeLength() {
            return envelopeLength;
        }

        /** The group of the next value, its counter advanced to the value's. */
        private Group group(BodyInput in) throws IOException {
            long number = in.readVarint();
            if (number < 0 || number > groups.size()) {
                throw new BodyInput.MalformedBodyException("a string value names envelope group "
                        + Long.toUnsignedString(number) + " but " + groups.size() + " are defined");
            }
            if (number == groups.size()) {
                return define(in);
            }
            Group group = groups.get((int) number);
            group.counter += unzigzag(in.readVarint());
            return group;
        }

        /** The envelope of the sealed payload that is {@code source}'s first {@code length} bytes. */
        private static byte[] assemble(Group group, byte[] source, int length) throws BodyInput.MalformedBodyException {
            try {
                return EnvelopeV1.assemble(fields(group, 0, length), source);
            } catch (SealingException e) {
                throw reassemblyFailure(e);
            }
        }

        private static EnvelopeV1.Fields fields(Group group, int offset, int length) {
            Shared shared = group.shared;
            return new EnvelopeV1.Fields(shared.formatVersion(), shared.flags(), shared.keyVersion(),
                    shared.nonceFixed(), group.counter, offset, length);
        }

        private static BodyInput.MalformedBodyException reassemblyFailure(SealingException e) {
            return new BodyInput.MalformedBodyException("a string value's envelope does not reassemble: " + e.getMessage());
        }

        private Group define(BodyInput in) throws IOException {
            int formatVersion = in.readByte();
            int flags = in.readByte();
            long versionIndex = in.readVarint();
            if (versionIndex < 0 || versionIndex >= versions.length) {
                throw new BodyInput.MalformedBodyException("envelope group " + groups.size() + " names key version index "
                        + Long.toUnsignedString(versionIndex) + " but the header lists " + versions.length + " versions");
            }
            int keyVersion = versions[(int) versionIndex];
            used.add(keyVersion);
            Shared shared = new Shared(formatVersion, flags, keyVersion, in.readInt());
            Group group = new Group(shared, groups.size(), in.readLong());
            groups.add(group);
            return group;
        }
    }
}
