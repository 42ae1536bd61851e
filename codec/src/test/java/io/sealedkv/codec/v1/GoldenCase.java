package io.sealedkv.codec.v1;

import io.sealedkv.codec.SealContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

/**
 * One sealed value kept under {@code golden/v1/}: {@code NAME.sealed} (the envelope),
 * {@code NAME.plaintext} and {@code NAME.properties} (its context, key version and flags). The data
 * keys are fixed here so the files open forever after.
 */
record GoldenCase(String name, SealContext context, int keyVersion, int flags, byte[] plaintext, byte[] sealed) {
    static final Map<Integer, byte[]> KEYS = Map.of(
            1, HexFormat.of().parseHex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"),
            2, HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
    private static final String RESOURCES = "/golden/v1/";

    static GoldenCase load(String name) {
        Properties properties = new Properties();
        try (InputStream in = resource(name + ".properties")) {
            properties.load(in);
            SealContext context = SealContext.of(Long.parseLong(properties.getProperty("database")),
                    HexFormat.of().parseHex(properties.getProperty("key")));
            return new GoldenCase(name, context,
                    Integer.parseInt(properties.getProperty("keyVersion")),
                    Integer.parseInt(properties.getProperty("flags")),
                    readAll(name + ".plaintext"), readAll(name + ".sealed"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void writeTo(Path directory) throws IOException {
        Files.write(directory.resolve(name + ".sealed"), sealed);
        Files.write(directory.resolve(name + ".plaintext"), plaintext);
        try (Writer out = Files.newBufferedWriter(directory.resolve(name + ".properties"), StandardCharsets.UTF_8)) {
            out.write("# Written once by GoldenFileGenerator. Never regenerate: these bytes are the released v1 format.\n");
            out.write("database=" + context.database() + "\n");
            out.write("key=" + HexFormat.of().formatHex(context.key()) + "\n");
            out.write("keyVersion=" + keyVersion + "\n");
            out.write("flags=" + flags + "\n");
        }
    }

    private static byte[] readAll(String file) throws IOException {
        try (InputStream in = resource(file)) {
            return in.readAllBytes();
        }
    }

    private static InputStream resource(String file) throws IOException {
        InputStream in = GoldenCase.class.getResourceAsStream(RESOURCES + file);
        if (in == null) {
            throw new IOException("missing golden file " + RESOURCES + file);
        }
        return in;
    }
}
