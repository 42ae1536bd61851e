package io.sealedkv.keystore.file;

import io.sealedkv.keystore.KeystoreException;
import io.sealedkv.keystore.KeystoreException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passphrase of a keystore file, as the bytes the key derivation takes. Never a command-line
 * argument and never a setting value: it comes from an environment variable or a file, and the
 * settings only say which.
 *
 * <p>The rules, exactly:
 * <ol>
 *   <li>From an environment variable: the variable's value, unchanged. An unset variable is refused.</li>
 *   <li>From a file: the file's bytes must be valid UTF-8; exactly one trailing line end, {@code "\n"}
 *       or {@code "\r\n"}, is removed (what {@code echo} or an editor adds); everything else,
 *       including other whitespace, is part of the passphrase. A file larger than 8 KiB is refused
 *       before it is read. If group or others can read the file, a warning naming the file and its
 *       mode is logged (the passphrase never is).</li>
 *   <li>The text is normalised to Unicode NFC, so "é" typed as one code point or as "e" plus a
 *       combining accent is the same passphrase, then encoded as UTF-8.</li>
 *   <li>The encoded passphrase must have 1 to 1024 bytes; empty and longer ones are refused.</li>
 * </ol>
 * Refusals throw {@link KeystoreException} with reason {@code INVALID_PASSPHRASE}.
 *
 * <p>{@link #close()} zeroes the bytes this object holds; the intermediate {@code String} cannot be
 * erased and is left to the garbage collector.
 */
public final class Passphrase implements AutoCloseable {
    public static final int MAX_BYTES = 1024;
    static final int MAX_FILE_BYTES = 8 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Passphrase.class);

    private final byte[] bytes;

    private Passphrase(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A passphrase typed by a user (a tool's prompt), under rules 3 and 4. */
    public static Passphrase of(String text) {
        return encode(text, "the passphrase");
    }

    /** Rule 1: the value of environment variable {@code variable}. */
    public static Passphrase fromEnvironment(String variable) {
        return fromEnvironment(variable, System::getenv);
    }

    static Passphrase fromEnvironment(String variable, Function<String, String> environment) {
        String value = environment.apply(variable);
        if (value == null) {
            throw invalid("passphrase environment variable " + variable + " is not set");
        }
        return encode(value, "the passphrase in environment variable " + variable);
    }

    /** Rule 2: the content of {@code file}. */
    public static Passphrase fromFile(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw invalid("passphrase file " + file + " is larger than " + MAX_FILE_BYTES
                        + " bytes; a passphrase has at most " + MAX_BYTES);
            }
            warnIfReadableByOthers(file);
            byte[] raw = Files.readAllBytes(file);
            try {
                return encode(stripOneLineEnd(decodeUtf8(raw, file)), "the passphrase in file " + file);
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        } catch (IOException e) {
            throw new KeystoreException(Reason.INVALID_PASSPHRASE,
                    "cannot read passphrase file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The passphrase's bytes, owned by this object: callers must neither keep nor change them. */
    byte[] bytes() {
        return bytes;
    }

    Passphrase copy() {
        return new Passphrase(bytes.clone());
    }

    @Override
    public void close() {
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public String toString() {
        return "Passphrase[hidden]";
    }

    private static Passphrase encode(String text, String what) {
        byte[] encoded = Normalizer.normalize(text, Normalizer.Form.NFC).getBytes(StandardCharsets.UTF_8);
        if (encoded.length == 0) {
            throw invalid(what + " is empty");
        }
        if (encoded.length > MAX_BYTES) {
            Arrays.fill(encoded, (byte) 0);
            throw invalid(what + " is longer than " + MAX_BYTES + " bytes (UTF-8, after NFC normalisation)");
        }
        return new Passphrase(encoded);
    }

    private static String decodeUtf8(byte[] raw, Path file) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw invalid("passphrase file " + file + " is not valid UTF-8");
        }
    }

    private static String stripOneLineEnd(String text) {
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    private static void warnIfReadableByOthers(Path file) throws IOException {
        FileModes.of(file).filter(FileModes::readableByOthers).ifPresent(mode -> LOG.warn(
                "passphrase file {} has mode {}: group or others can read it; run chmod 600 on it",
                file, FileModes.octal(mode)));
    }

    private static KeystoreException invalid(String message) {
        return new KeystoreException(Reason.INVALID_PASSPHRASE, message);
    }
}
