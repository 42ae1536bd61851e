package io.sealedkv.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The backups retained for one keystore: {@code <keystore file>.backups} beside it, one JSON object per
 * line ({@code bundle}, {@code created}, {@code keyVersions}), appended by {@code sealedkv backup} and read
 * by {@code sealedkv keys destroy}. A bundle deleted since is no longer retained and is skipped; what a
 * bundle needs is read again from its snapshot's header, not trusted from this file.
 */
final class BackupCatalog {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line of the catalog. */
    record Line(String bundle, String created, List<Integer> keyVersions) {
    }

    private BackupCatalog() {
    }

    static Path beside(Path keystore) {
        Path absolute = keystore.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + ".backups");
    }

    static void add(Path catalog, Line line) {
        try {
            if (!Files.exists(catalog)) {
                Files.createFile(catalog, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(catalog, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bundles the catalog names that still exist, each once. */
    static List<Path> retained(Path catalog) {
        if (!Files.exists(catalog)) {
            return List.of();
        }
        Set<Path> bundles = new LinkedHashSet<>();
        try {
            for (String text : Files.readAllLines(catalog, StandardCharsets.UTF_8)) {
                if (text.isBlank()) {
                    continue;
                }
                Path bundle = Path.of(JSON.readValue(text, Line.class).bundle());
                if (Files.exists(bundle)) {
                    bundles.add(bundle);
                }
            }
        } catch (IOException e) {
            throw new CommandFailedException("backup catalog " + catalog + " does not read (" + e.getMessage()
                    + "): cannot tell which versions retained backups need");
        }
        return new ArrayList<>(bundles);
    }
}
