package io.sealedkv.engine.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTemporaryFilesTest {
    @TempDir
    Path dir;

    @Test
    void onlyTheTemporaryFilesOfProcessesThatAreGoneAreRemoved() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Path stale = Files.createFile(dir.resolve("temp-" + finished.pid() + "-123.sealed"));
        Path running = Files.createFile(dir.resolve("temp-" + ProcessHandle.current().pid() + "-456.sealed"));
        Path notOurs = Files.createFile(dir.resolve("temp-abc-1.sealed"));
        Path snapshot = Files.createFile(dir.resolve("dump.sealed"));

        assertThat(SnapshotWriter.removeStaleTemporaryFiles(dir)).containsExactly(stale);

        assertThat(stale).doesNotExist();
        assertThat(running).exists();
        assertThat(notOurs).exists();
        assertThat(snapshot).exists();
    }
}
