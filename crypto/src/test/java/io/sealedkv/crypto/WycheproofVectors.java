package io.sealedkv.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Reads a Wycheproof JSON file from the test resources into flat test cases. */
final class WycheproofVectors {
    /** One test case together with the fields of its group. */
    record Case(JsonNode group, JsonNode test) {
        int tcId() {
            return test.get("tcId").asInt();
        }

        String result() {
            return test.get("result").asText();
        }

        byte[] hex(String field) {
            return HexFormat.of().parseHex(test.get(field).asText());
        }

        int groupInt(String field) {
            return group.get(field).asInt();
        }

        @Override
        public String toString() {
            return "tcId " + tcId() + " (" + test.get("comment").asText() + ", flags " + test.get("flags") + ")";
        }
    }

    private WycheproofVectors() {
    }

    static List<Case> load(String file) {
        try (InputStream in = WycheproofVectors.class.getResourceAsStream("/wycheproof/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource wycheproof/" + file);
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<Case> cases = new ArrayList<>();
            for (JsonNode group : root.get("testGroups")) {
                for (JsonNode test : group.get("tests")) {
                    cases.add(new Case(group, test));
                }
            }
            if (cases.size() != root.get("numberOfTests").asInt()) {
                throw new IllegalStateException(file + ": read " + cases.size() + " tests, header says "
                        + root.get("numberOfTests"));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
