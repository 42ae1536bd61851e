package io.sealedkv.keystore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.sealedkv.crypto.DestroyedKeyVersionException;
import io.sealedkv.crypto.SealingKey;
import io.sealedkv.keystore.KeyState;
import io.sealedkv.keystore.KeyVersionInfo;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.KeystoreContract;
import io.sealedkv.keystore.KeystoreException;
import io.sealedkv.keystore.KeystoreException.Reason;
import io.sealedkv.keystore.SealedValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileKeystoreTest extends KeystoreContract {
    private static final int FIRST_WRAPPED_KEY = KeystoreFileFormat.ENTRIES_OFFSET + KeystoreFileFormat.ENTRY_HEADER_LENGTH;

    @TempDir
    Path directory;
    private final AtomicInteger files = new AtomicInteger();

    @Override
    protected Keystore open(Map<String, String> settings) {
        return new KeystoreFixture(directory, "contract-" + files.incrementAndGet() + ".skv").open(settings);
    }

    @Test
    void reopenedKeystoreHasTheSameVersionsAndKeys() {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        SealedValue value;
        List<KeyVersionInfo> versions;
        try (FileKeystore keystore = fixture.open()) {
            value = SealedValue.seal(keystore, "kept");
            versions = keystore.versions();
        }
        try (FileKeystore keystore = fixture.open(Map.of("create", "false"))) {
            assertThat(value.open(keystore)).isEqualTo("kept");
            assertSameVersionsIgnoringSealCounts(keystore.versions(), versions);
        }
    }

    @Test
    void rotatedVersionsStillOpenAfterReopen() {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        List<SealedValue> values = new ArrayList<>();
        try (FileKeystore keystore = fixture.open()) {
            values.add(SealedValue.seal(keystore, "one"));
            keystore.rotate();
            values.add(SealedValue.seal(keystore, "two"));
        }
        try (FileKeystore keystore = fixture.open()) {
            assertThat(keystore.primary().version()).isEqualTo(2);
            keystore.rotate();
            values.add(SealedValue.seal(keystore, "three"));
        }
        try (FileKeystore keystore = fixture.open()) {
            assertThat(values).extracting(v -> v.open(keystore)).containsExactly("one", "two", "three");
            assertThat(keystore.versions()).extracting(KeyVersionInfo::state)
                    .containsExactly(KeyState.DECRYPT_ONLY, KeyState.DECRYPT_ONLY, KeyState.PRIMARY);
        }
    }

    @Test
    void destroyErasesTheWrappedKeyFromTheFile() throws IOException {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        SealedValue value;
        byte[] wrappedKey;
        try (FileKeystore keystore = fixture.open()) {
            value = SealedValue.seal(keystore, "shred me");
            keystore.rotate();
            byte[] file = Files.readAllBytes(fixture.path);
            wrappedKey = Arrays.copyOfRange(file, FIRST_WRAPPED_KEY, FIRST_WRAPPED_KEY + 40);
            keystore.destroy(1);
        }
        assertThat(indexOf(Files.readAllBytes(fixture.path), wrappedKey)).isEqualTo(-1);
        try (Stream<Path> left = Files.list(directory)) {
            assertThat(left).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder("keys.skv", "keys.skv.lock");
        }
        try (FileKeystore keystore = fixture.open()) {
            assertThatThrownBy(() -> value.open(keystore)).isInstanceOf(DestroyedKeyVersionException.class);
            assertThat(keystore.versions().get(0).state()).isEqualTo(KeyState.DESTROYED);
        }
    }

    @Test
    void wrappedKeySitsWhereTheSpecSaysBeforeDestruction() throws IOException {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        fixture.open().close();
        byte[] file = Files.readAllBytes(fixture.path);
        assertThat(file).hasSize(FIRST_WRAPPED_KEY + 40 + KeystoreFileFormat.TRAILER_LENGTH);
        assertThat(file[FIRST_WRAPPED_KEY - 2]).isZero();
        assertThat(file[FIRST_WRAPPED_KEY - 1]).isEqualTo((byte) 40);
    }

    @Test
    void automaticRotationIsWrittenToTheFile() {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        Map<String, String> tiny = Map.of("max-seals-per-key", "5");
        try (FileKeystore keystore = fixture.open(tiny)) {
            for (int i = 0; i < 5; i++) {
                SealedValue.seal(keystore, "x");
            }
            assertThat(keystore.primary().version()).isEqualTo(2);
        }
        try (FileKeystore keystore = fixture.open()) {
            assertThat(keystore.versions()).extracting(KeyVersionInfo::state)
                    .containsExactly(KeyState.DECRYPT_ONLY, KeyState.PRIMARY);
        }
    }

    @Test
    void countersReservedBeforeARestartCountTowardsTheLimit() {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        Map<String, String> settings = Map.of("max-seals-per-key", "5", "nonce-block", "3");
        try (FileKeystore keystore = fixture.open(settings)) {
            SealedValue.seal(keystore, "x");
        }
        try (FileKeystore keystore = fixture.open(settings)) {
            assertThat(keystore.versions().get(0).sealCount()).isEqualTo(3);
            SealedValue.seal(keystore, "x");
            SealedValue.seal(keystore, "x");
            assertThat(keystore.primary().version()).isEqualTo(2);
        }
    }

    @Test
    void nonceCountersNeverRewindAcrossReopen() {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        Map<String, String> smallBlocks = Map.of("nonce-block", "4");
        Set<Long> seen = new HashSet<>();
        long highestBefore;
        try (FileKeystore keystore = fixture.open(smallBlocks)) {
            List<Long> before = counters(keystore.primary(), 10);
            seen.addAll(before);
            highestBefore = before.stream().mapToLong(Long::longValue).max().orElseThrow();
        }
        for (int reopen = 0; reopen < 3; reopen++) {
            try (FileKeystore keystore = fixture.open(smallBlocks)) {
                SealingKey key = keystore.primary();
                assertThat(key.version()).isEqualTo(1);
                List<Long> after = counters(key, 10);
                assertThat(after).allMatch(c -> c > highestBefore).allMatch(seen::add);
            }
        }
        assertThat(seen).hasSize(40);
    }

    @Test
    void missingFileWithoutCreateIsNotFoundAndLeavesNoLockFile() throws IOException {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        fixture.assertOpenFails(Reason.NOT_FOUND, m -> assertThat(m).contains(fixture.path.toString(), "create=true"));
        try (Stream<Path> left = Files.list(directory)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void secondOpenerIsRefusedWhileTheFirstHoldsTheLock() {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        try (FileKeystore first = fixture.open()) {
            fixture.assertOpenFails(Reason.IN_USE, m -> assertThat(m).contains("in use by another process"));
            assertThat(SealedValue.seal(first, "still fine").open(first)).isEqualTo("still fine");
        }
        fixture.open().close();
    }

    @Test
    void createdFileIsReadableByItsOwnerOnly() throws IOException {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        try (FileKeystore keystore = fixture.open()) {
            keystore.rotate();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fixture.path))).isEqualTo("rw-------");
    }

    @Test
    void worldReadableFileIsRefusedUnlessAllowed() throws IOException {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        fixture.open().close();
        Files.setPosixFilePermissions(fixture.path, PosixFilePermissions.fromString("rw-r--r--"));

        fixture.assertOpenFails(Reason.INSECURE_PERMISSIONS,
                m -> assertThat(m).contains(fixture.path.toString(), "0644", "allow-insecure-permissions"));
        fixture.open(Map.of("allow-insecure-permissions", "true")).close();
    }

    @Test
    void groupWritableFileIsRefusedToo() throws IOException {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        fixture.open().close();
        Files.setPosixFilePermissions(fixture.path, PosixFilePermissions.fromString("rw--w----"));
        fixture.assertOpenFails(Reason.INSECURE_PERMISSIONS, m -> assertThat(m).contains("0620"));
    }

    @Test
    void passphraseChangeKeepsDataAndRetiresTheOldPassphrase() throws IOException {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        SealedValue value;
        List<KeyVersionInfo> versions;
        byte[] before;
        try (FileKeystore keystore = fixture.open(); Passphrase next = Passphrase.of("a new passphrase")) {
            value = SealedValue.seal(keystore, "survives");
            keystore.rotate();
            versions = keystore.versions();
            before = Files.readAllBytes(fixture.path);
            keystore.changePassphrase(next);
            assertThat(value.open(keystore)).isEqualTo("survives");
        }
        byte[] after = Files.readAllBytes(fixture.path);
        assertThat(Arrays.copyOfRange(after, 18, 34)).as("salt").isNotEqualTo(Arrays.copyOfRange(before, 18, 34));

        fixture.assertOpenFails(Reason.WRONG_PASSPHRASE, m -> assertThat(m).isEqualTo("wrong passphrase for this keystore"));
        fixture.environment.put(KeystoreFixture.ENV, "a new passphrase");
        try (FileKeystore keystore = fixture.open()) {
            assertThat(value.open(keystore)).isEqualTo("survives");
            assertSameVersionsIgnoringSealCounts(keystore.versions(), versions);
        }
    }

    @Test
    void masterKeyRotationChangesTheSaltButNotThePassphrase() throws IOException {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        SealedValue value;
        byte[] before;
        try (FileKeystore keystore = fixture.open()) {
            value = SealedValue.seal(keystore, "survives");
            before = Files.readAllBytes(fixture.path);
            keystore.rotateMasterKey();
        }
        byte[] after = Files.readAllBytes(fixture.path);
        assertThat(Arrays.copyOfRange(after, 18, 34)).as("salt").isNotEqualTo(Arrays.copyOfRange(before, 18, 34));
        assertThat(Arrays.copyOfRange(after, FIRST_WRAPPED_KEY, FIRST_WRAPPED_KEY + 40))
                .as("wrapped key").isNotEqualTo(Arrays.copyOfRange(before, FIRST_WRAPPED_KEY, FIRST_WRAPPED_KEY + 40));
        try (FileKeystore keystore = fixture.open()) {
            assertThat(value.open(keystore)).isEqualTo("survives");
        }
    }

    @Test
    void kdfCostComesFromTheSettingsAndIsStoredInTheFile() throws IOException {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        fixture.open(Map.of("kdf-log2n", "11")).close();
        byte[] file = Files.readAllBytes(fixture.path);
        assertThat(Arrays.copyOfRange(file, 14, 18)).containsExactly(1, 11, 8, 1);
        fixture.open(Map.of("kdf-log2n", "12")).close();
        assertThat(Files.readAllBytes(fixture.path)[15]).as("unchanged until the master key rotates").isEqualTo((byte) 11);
    }

    @Test
    void passphraseFromAFileOpensWhatTheEnvironmentCreated() throws IOException {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        fixture.environment.put(KeystoreFixture.ENV, "caf\u00e9 cr\u00e8me");
        fixture.open().close();
        Path secret = directory.resolve("passphrase.txt");
        Files.writeString(secret, "cafe\u0301 cre\u0300me\n");
        Map<String, String> settings = Map.of("path", fixture.path.toString(), "passphrase-file", secret.toString(),
                "kdf-log2n", "10");
        new FileKeystoreProvider(name -> null).open(settings).close();
    }

    @Test
    void settingsProblemsAreRefusedWithTheSettingName() {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        assertThat(fixture.openFailure(Map.of("passphrase-file", "/nonexistent")).reason()).isEqualTo(Reason.INVALID_SETTING);
        assertThat(fixture.openFailure(Map.of("kdf-log2n", "30")).getMessage()).contains("kdf-log2n");
        assertThat(fixture.openFailure(Map.of("create", "yes")).getMessage()).contains("create", "true or false");
        assertThat(fixture.openFailure(Map.of("path", "")).getMessage()).contains("'path' is required");
    }

    @Test
    void missingPassphraseVariableIsNamed() {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        fixture.environment.clear();
        assertThat(catchOpen(fixture)).satisfies(e -> {
            assertThat(e.reason()).isEqualTo(Reason.INVALID_PASSPHRASE);
            assertThat(e.getMessage()).contains(KeystoreFixture.ENV, "not set");
        });
    }

    private static KeystoreException catchOpen(KeystoreFixture fixture) {
        return catchThrowableOfType(KeystoreException.class, () -> fixture.open().close());
    }

    /** A reopened keystore reports reserved counters as seal counts, so those may grow. */
    private static void assertSameVersionsIgnoringSealCounts(List<KeyVersionInfo> actual, List<KeyVersionInfo> expected) {
        assertThat(actual).extracting(KeyVersionInfo::version, KeyVersionInfo::state, KeyVersionInfo::created)
                .isEqualTo(expected.stream().map(v -> tuple(v.version(), v.state(), v.created())).toList());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
