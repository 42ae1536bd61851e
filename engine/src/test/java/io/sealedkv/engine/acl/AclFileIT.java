package io.sealedkv.engine.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** The aclfile: loaded at start, ACL SAVE (atomic) and ACL LOAD round trip, bad files refused; config {@code user} directives. */
class AclFileIT {
    @TempDir
    Path dir;

    @Test
    void aclFileIsLoadedAtStartSavedAndLoadedAgain() throws IOException {
        Path file = dir.resolve("users.acl");
        Files.writeString(file, "user default on nopass ~* &* +@all\n# a comment\n\nuser alice on >pw ~a* +get\n");
        try (TestServer server = TestServer.start("aclfile " + file); Jedis admin = server.jedis()) {
            assertThat(admin.aclUsers()).containsExactly("alice", "default");
            try (Jedis alice = server.jedis()) {
                alice.auth("alice", "pw");
                assertThat(alice.get("a1")).isNull();
            }
            admin.aclSetUser("bob", "on", ">bobpw", "%R~b*", "&news", "+@read");
            assertThat(admin.aclSave()).isEqualTo("OK");
            String saved = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(saved).contains("user bob on #").contains("%R~b* resetchannels &news -@all +@read")
                    .doesNotContain("bobpw");
            assertThat(Files.list(dir)).containsExactly(file);

            Files.writeString(file, saved.replace("user alice", "user carol"));
            assertThat(admin.aclLoad()).isEqualTo("OK");
            assertThat(admin.aclUsers()).containsExactly("bob", "carol", "default");
            try (Jedis bob = server.jedis()) {
                bob.auth("bob", "bobpw");
                assertThat(bob.get("b1")).isNull();
            }

            Files.writeString(file, "user bob on +nosuchcommand\n");
            assertThatThrownBy(admin::aclLoad).hasMessageContaining(file + ":1: ")
                    .hasMessageContaining("Unknown command or category name in ACL");
            assertThat(admin.aclUsers()).containsExactly("bob", "carol", "default");
        }
    }

    @Test
    void badAclFileRefusesToStart() throws IOException {
        Path file = dir.resolve("bad.acl");
        Files.writeString(file, "user alice on ~* +get\nthis is not a user line\n");
        assertThatThrownBy(() -> TestServer.start("aclfile " + file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Aborting Redis startup because of ACL errors")
                .hasMessageContaining(file + ":2: should start with user keyword");
        assertThatThrownBy(() -> TestServer.start("aclfile " + dir.resolve("missing.acl")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing.acl");
    }

    @Test
    void aclFileTogetherWithUserDirectivesIsRefused() throws IOException {
        Path file = dir.resolve("users.acl");
        Files.writeString(file, "user alice on ~* +get\n");
        assertThatThrownBy(() -> TestServer.start("aclfile " + file, "user bob on nopass +@all"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("please define either an ACL file or declare users directly");
    }

    @Test
    void userDirectivesInTheConfigFile() {
        try (TestServer server = TestServer.start("user ops on >opspw ~* &* +@all -@dangerous",
                "user default off"); Jedis client = server.jedis()) {
            assertThatThrownBy(() -> client.get("k")).hasMessage("NOAUTH Authentication required.");
            client.auth("ops", "opspw");
            assertThat(client.get("k")).isNull();
            assertThatThrownBy(client::flushAll)
                    .hasMessage("NOPERM this user has no permissions to run the 'flushall' command");
        }
        assertThatThrownBy(() -> TestServer.start("user bad on +nosuch"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Error in user declaration 'bad'");
    }
}
