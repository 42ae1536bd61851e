package io.sealedkv.engine.command.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What INFO reads from /proc: used_memory_rss, this process's resident set in bytes whatever the kernel's page
 * size, and used_cpu_user/used_cpu_sys.
 */
class ProcessReadingsTest {
    @Test
    void residentBytesAgreeWithTheKernelsRollupOfTheMappings() throws IOException {
        long rollup = rollupRssBytes();
        long resident = InfoCommand.residentBytes();
        assertThat(resident).isBetween(rollup * 8 / 10, rollup * 12 / 10);
    }

    @Test
    void userAndSystemSecondsAddUpToTheProcessCpuTime() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double before = os.getProcessCpuTime() / 1e9;
        double[] times = InfoCommand.cpuSeconds();
        double after = os.getProcessCpuTime() / 1e9;
        assertThat(times[0]).isPositive();
        assertThat(times[1]).isPositive();
        assertThat(times[0] + times[1]).isBetween(before * 0.9 - 0.05, after + 0.05);
    }

    /** Rss of /proc/self/smaps_rollup, in kB like VmRSS but summed over the mappings. */
    private static long rollupRssBytes() throws IOException {
        String line = Files.readAllLines(Path.of("/proc/self/smaps_rollup")).stream()
                .filter(l -> l.startsWith("Rss:")).findFirst().orElseThrow();
        return Long.parseLong(line.substring(4).replace("kB", "").trim()) * 1024;
    }
}
