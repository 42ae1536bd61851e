package io.sealedkv.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealedkv.keystore.KeyVersionInfo;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** Prints data key versions as a table for people or as JSON for scripts. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROW = "%7s  %-12s  %-24s  %10s%n";

    private Output() {
    }

    static void table(PrintWriter out, List<KeyVersionInfo> versions) {
        out.printf(ROW, "VERSION", "STATE", "CREATED", "SEALS");
        for (KeyVersionInfo v : versions) {
            out.printf(ROW, v.version(), v.state(), v.created(), v.sealCount());
        }
    }

    static void json(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<VersionView> views(List<KeyVersionInfo> versions) {
        return versions.stream().map(VersionView::of).toList();
    }
}
