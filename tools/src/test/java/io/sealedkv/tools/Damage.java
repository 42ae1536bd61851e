package io.sealedkv.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Damage done to files on purpose. */
final class Damage {
    private Damage() {
    }

    /** Flips the lowest bit of the byte at {@code fraction} of the file. */
    static void flipBit(Path file, double fraction) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int at = (int) (bytes.length * fraction);
        bytes[at] ^= 1;
        Files.write(file, bytes);
    }

    /** Keeps the first {@code fraction} of the file. */
    static void truncate(Path file, double fraction) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
    }
}
