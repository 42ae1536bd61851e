package io.sealedkv.keystore.file;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Run in a child JVM by {@link KeystoreLockIT}: opens the keystore at {@code args[0]} (passphrase in
 * the environment), prints {@code opened} and keeps it open until its standard input closes.
 */
public final class KeystoreHolder {
    private KeystoreHolder() {
    }

    public static void main(String[] args) throws IOException {
        try (FileKeystore keystore = new FileKeystoreProvider().open(Map.of("path", args[0], "passphrase-env",
                KeystoreFixture.ENV))) {
            System.out.println("opened version " + keystore.primary().version());
            System.out.flush();
            System.in.transferTo(OutputStream.nullOutputStream());
        }
    }
}
