package io.sealedkv.tools;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-line errors of a bundle whose files do not match its manifest. */
class BackupBundleTest {
    @TempDir
    Path bundle;

    private BackupBundle.Manifest manifestFor(byte[] snapshot) throws Exception {
        String sha256 = BackupBundle.sha256(new ByteArrayInputStream(snapshot));
        return new BackupBundle.Manifest("sealedkv-backup-1", "2026-11-27T00:00:00Z", Map.of("kind", "data-dir"),
                "dump.sealed", snapshot.length, sha256, List.of(1), "/k.sks", false, null, null, null);
    }

    @Test
    void aSnapshotLongerThanTheManifestSaysIsNamedBySizeNotByTwoEqualHashes() throws Exception {
        byte[] snapshot = "SEALEDKV snapshot bytes".getBytes(StandardCharsets.US_ASCII);
        BackupBundle.Manifest manifest = manifestFor(snapshot);
        Files.write(bundle.resolve("dump.sealed"), (new String(snapshot, StandardCharsets.US_ASCII) + "+")
                .getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> BackupBundle.checkedSnapshot(bundle, manifest, Progress.none()))
                .hasMessage(bundle + ": snapshot damaged: 24 bytes where the manifest records 23");
    }

    @Test
    void aMissingSnapshotOrManifestSaysWhatIsMissingOnOneLine() throws Exception {
        BackupBundle.Manifest manifest = manifestFor(new byte[] {1});
        assertThatThrownBy(() -> BackupBundle.checkedSnapshot(bundle, manifest, Progress.none()))
                .hasMessage("cannot read the snapshot of bundle " + bundle + ": " + bundle.resolve("dump.sealed")
                        + ": no such file or directory");
        Files.writeString(bundle.resolve("manifest.json"), "{\"format\": ");
        assertThatThrownBy(() -> BackupBundle.manifest(bundle))
                .hasMessageStartingWith(bundle + ": manifest.json does not read: ")
                .hasMessageNotContaining("\n");
    }
}
