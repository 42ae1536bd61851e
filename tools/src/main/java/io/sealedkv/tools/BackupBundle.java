package io.sealedkv.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A backup bundle: a directory holding {@value #SNAPSHOT} (the snapshot, byte for byte as the server
 * wrote it, values sealed) and {@value #MANIFEST} (what it is and what it needs). The bundle carries
 * no key material: no keystore file and no passphrase, only the identity of the keystore (its path and
 * the data key versions needed), so destroying a version with {@code sealedkv keys destroy} also
 * shreds every backup sealed under it, which is why destroy refuses while a retained backup needs it.
 */
final class BackupBundle {
    static final String SNAPSHOT = "dump.sealed";
    static final String MANIFEST = "manifest.json";
    static final String FORMAT = "sealedkv-backup-1";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /**
     * What manifest.json holds.
     *
     * @param created ISO-8601 UTC, when the bundle was written
     * @param source where the snapshot came from ({@code kind} server or data-dir, and its address or path)
     * @param keyVersions the data key versions the snapshot's header names: all needed to read it
     * @param keystore the absolute path of the keystore the snapshot was sealed with (never its contents)
     * @param verified whether every segment and value was opened when the bundle was written (the
     *     keystore was free); when false, {@code types} and {@code sealedPerVersion} are absent
     */
    record Manifest(String format, String created, Map<String, String> source, String snapshot, long bytes,
                    String sha256, List<Integer> keyVersions, String keystore, boolean verified, Long keys,
                    Map<String, Long> types, Map<String, Long> sealedPerVersion) {
    }

    private BackupBundle() {
    }

    static boolean isBundle(Path dir) {
        return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve(MANIFEST));
    }

    static Manifest manifest(Path bundle) {
        try {
            Manifest manifest = JSON.readValue(bundle.resolve(MANIFEST).toFile(), Manifest.class);
            if (!FORMAT.equals(manifest.format())) {
                throw new SnapshotCheckException(ExitCodes.DAMAGED, "BAD_MANIFEST", bundle + ": " + MANIFEST
                        + " is not a " + FORMAT + " manifest");
            }
            return manifest;
        } catch (IOException e) {
            throw new SnapshotCheckException(ExitCodes.DAMAGED, "BAD_MANIFEST", bundle + ": " + MANIFEST
                    + " does not read: " + IoErrors.describe(e));
        }
    }

    static void writeManifest(Path bundle, Manifest manifest) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(manifest);
            writeAtomically(bundle.resolve(MANIFEST), out -> out.write(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The bundle's snapshot after checking it against the manifest: a shorter file is a truncation, a
     * longer one or other bytes damage; all before any key is used.
     */
    static Path checkedSnapshot(Path bundle, Manifest manifest, Progress progress) {
        Path snapshot = bundle.resolve(SNAPSHOT);
        try {
            long size = Files.size(snapshot);
            if (size < manifest.bytes()) {
                throw new SnapshotCheckException(ExitCodes.TRUNCATED, "TRUNCATED", bundle + ": snapshot truncated: "
                        + size + " bytes where the manifest records " + manifest.bytes());
            }
            if (size > manifest.bytes()) {
                throw new SnapshotCheckException(ExitCodes.DAMAGED, "CHECKSUM", bundle + ": snapshot damaged: "
                        + size + " bytes where the manifest records " + manifest.bytes());
            }
            progress.phase("checksum", size);
            String sha256;
            try (InputStream in = progress.counting(Files.newInputStream(snapshot))) {
                sha256 = sha256(in);
            }
            if (!sha256.equals(manifest.sha256())) {
                throw new SnapshotCheckException(ExitCodes.DAMAGED, "CHECKSUM", bundle + ": snapshot damaged: sha256 "
                        + sha256 + " differs from the manifest's " + manifest.sha256());
            }
            return snapshot;
        } catch (IOException e) {
            throw new CommandFailedException("cannot read the snapshot of bundle " + bundle + ": "
                    + IoErrors.describe(e));
        }
    }

    static String sha256(InputStream in) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[256 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Copies {@code in} to {@code target} atomically (0600, temporary file, fsync, rename, fsync of the directory); its sha256. */
    static String copy(InputStream in, Path target) throws IOException {
        MessageDigest digest = sha256();
        writeAtomically(target, out -> {
            try (DigestOutputStream digesting = new DigestOutputStream(nonClosing(out), digest)) {
                in.transferTo(digesting);
            }
        });
        return HexFormat.of().formatHex(digest.digest());
    }

    /** What writes the file's bytes. */
    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** As the server writes its snapshot: a crash leaves the old file or the new one, never a mix. */
    static void writeAtomically(Path target, Writer writer) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(directory, "temp-" + ProcessHandle.current().pid() + "-", ".part",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                writer.write(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
