import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.persistence.Persistence;
import io.sealedkv.keystore.file.FileKeystore;
import io.sealedkv.keystore.file.FileKeystoreSettings;
import io.sealedkv.keystore.file.Passphrase;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * Run by bench/backup-throughput.sh (Java source launcher, the tools jar on the class path).
 * {@code generate DIR N}: a keystore (DIR/keystore, passphrase in DIR/passphrase) and DIR/data/dump.sealed
 * holding N string keys of 100 random bytes, plus DIR/bare.bin: the same sealed values, length-prefixed.
 * {@code bare DIR}: the baseline, reads bare.bin and opens every value with the bare codec (one run per
 * process, so the script times it as it times the sealedkv processes).
 */
public class BackupThroughput {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args[0].equals("generate")) {
            generate(dir, Integer.parseInt(args[2]));
        } else {
            bare(dir);
        }
    }

    private static FileKeystore keystore(Path dir, boolean create) {
        Map<String, String> settings = create
                ? Map.of(FileKeystoreSettings.PATH, dir.resolve("keystore").toString(), FileKeystoreSettings.CREATE, "true",
                        FileKeystoreSettings.KDF_LOG2N, "10")
                : Map.of(FileKeystoreSettings.PATH, dir.resolve("keystore").toString());
        return FileKeystore.open(FileKeystoreSettings.from(settings), Passphrase.fromFile(dir.resolve("passphrase")));
    }

    private static void generate(Path dir, int n) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("passphrase"), "benchmark passphrase\n");
        Files.setPosixFilePermissions(dir.resolve("passphrase"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        try (FileKeystore keystore = keystore(dir, true);
             DataOutputStream bare = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve("bare.bin")), 1 << 16))) {
            ValueCodec codec = new SealingValueCodec(keystore);
            Keyspace keyspace = new Keyspace(16);
            Random random = new Random(1);
            byte[] value = new byte[100];
            for (int i = 0; i < n; i++) {
                byte[] key = ("key:" + i).getBytes(StandardCharsets.US_ASCII);
                random.nextBytes(value);
                byte[] sealed = codec.seal(SealContext.of(0, key), value);
                keyspace.load(keyspace.database(0), key, sealed, -1);
                bare.writeInt(key.length);
                bare.write(key);
                bare.writeInt(sealed.length);
                bare.write(sealed);
            }
            Persistence.write(keyspace, codec, dir.resolve("data").resolve("dump.sealed"));
        }
        System.out.printf("generated %d keys: snapshot %d bytes%n", n, Files.size(dir.resolve("data").resolve("dump.sealed")));
    }

    private static void bare(Path dir) throws Exception {
        long snapshotBytes = Files.size(dir.resolve("data").resolve("dump.sealed"));
        try (FileKeystore keystore = keystore(dir, false)) {
            ValueCodec codec = new SealingValueCodec(keystore);
            for (int run = 0; run < 1; run++) {
                long start = System.nanoTime();
                long keys = 0;
                try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve("bare.bin")), 1 << 16))) {
                    while (true) {
                        int keyLength;
                        try {
                            keyLength = in.readInt();
                        } catch (EOFException end) {
                            break;
                        }
                        byte[] key = in.readNBytes(keyLength);
                        byte[] sealed = in.readNBytes(in.readInt());
                        byte[] plaintext = codec.open(SealContext.of(0, key), sealed);
                        Arrays.fill(plaintext, (byte) 0);
                        keys++;
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("bare codec run %d: %d keys in %.2f s: %.1f MB/s, %.0f keys/s%n", run, keys, seconds,
                        snapshotBytes / seconds / 1e6, keys / seconds);
            }
        }
    }
}
