package io.sealedkv.engine.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sends the same raw RESP commands to a real redis-server and to SealedKV and compares the reply
 * bytes. {@code compat/cases.txt} (the format is in its header) and the per-family corpora beside it
 * must agree exactly (or as their marked normalisations allow);
 * {@code compat/known-differences.txt} holds the documented gaps, run and printed but not failed.
 * Without redis-server the test is skipped, except under {@code CI=true}, where it fails.
 */
class RedisDifferentialIT {
    private static final String CASES = "compat/cases.txt";
    private static final List<String> CORPORA = List.of(CASES, "compat/cases-list.txt", "compat/cases-hash.txt",
            "compat/cases-set.txt", "compat/cases-zset.txt", "compat/cases-persistence.txt", "compat/cases-acl.txt");
    private static final String KNOWN = "compat/known-differences.txt";
    private static final int SHOWN_PER_BLOCK = 5;

    @RegisterExtension
    static final BothServers servers = new BothServers();
    private static DifferentialRunner runner;

    @BeforeAll
    static void connectToBoth() {
        runner = new DifferentialRunner(servers.redis().port(), servers.sealedKv().port());
    }

    @TestFactory
    Stream<DynamicTest> sealedKvAnswersLikeRedis() throws IOException {
        List<CaseBlock> blocks = new ArrayList<>();
        for (String corpus : CORPORA) {
            blocks.addAll(load(corpus));
        }
        assertThat(blocks).isNotEmpty();
        assertThat(blocks).allSatisfy(block -> assertThat(block.known())
                .as("%s: @known belongs in %s", block.name(), KNOWN).isNull());
        return blocks.stream().map(block -> DynamicTest.dynamicTest(block.name(), () -> {
            List<Difference> differences = runner.run(block);
            if (!differences.isEmpty()) {
                String report = differences.stream().map(Difference::report).collect(Collectors.joining("\n"));
                System.out.println("DIFFERENCE " + report);
                fail("SealedKV answered unlike Redis:\n" + report);
            }
        }));
    }

    /** Reports every known difference; a block that now agrees is reported as ready to move. */
    @Test
    void knownDifferencesAreReported() throws IOException {
        List<CaseBlock> blocks = load(KNOWN);
        assertThat(blocks).allSatisfy(block -> assertThat(block.known())
                .as("%s needs an @known line saying why it differs", block.name()).isNotBlank());
        List<String> report = new ArrayList<>();
        for (CaseBlock block : blocks) {
            List<Difference> differences = runner.run(block);
            if (differences.isEmpty()) {
                report.add("NOW AGREES (move it to a cases file): " + block.name());
            } else {
                report.add("KNOWN: " + block.known());
                differences.stream().limit(SHOWN_PER_BLOCK).forEach(d -> report.add(d.report()));
                if (differences.size() > SHOWN_PER_BLOCK) {
                    report.add("    ... and " + (differences.size() - SHOWN_PER_BLOCK) + " more in this block");
                }
            }
        }
        System.out.println("Known differences between Redis and SealedKV (" + blocks.size() + " blocks):\n"
                + String.join("\n", report));
    }

    private static List<CaseBlock> load(String resource) throws IOException {
        try (InputStream in = RedisDifferentialIT.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return CorpusParser.parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
