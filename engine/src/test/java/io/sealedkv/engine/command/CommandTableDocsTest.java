package io.sealedkv.engine.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.command.docs.CommandArgument;
import io.sealedkv.engine.command.docs.CommandDoc;
import io.sealedkv.engine.command.docs.CommandDocsFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table takes Redis's documentation only when it describes exactly the table's Redis commands. */
class CommandTableDocsTest {

    @Test
    void everyCommandAndSubcommandIsDocumented() {
        CommandTable table = Commands.all();
        for (CommandSpec spec : table.all()) {
            assertThat(table.doc(spec)).as(spec.name()).isNotNull();
            spec.subcommands().values().forEach(sub -> assertThat(table.doc(sub)).as(sub.name()).isNotNull());
        }
    }

    @Test
    void aResourceMissingAnImplementedCommandIsRefused() {
        Map<String, CommandDoc> docs = new LinkedHashMap<>(CommandDocsFile.redis());
        docs.remove("get");
        docs.remove("client|list");
        assertThatThrownBy(() -> Commands.undocumented().documentedBy(docs))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no documentation for [client|list, get]");
    }

    @Test
    void aResourceDocumentingACommandTheTableDoesNotHaveIsRefused() {
        Map<String, CommandDoc> docs = new LinkedHashMap<>(CommandDocsFile.redis());
        docs.put("xadd", docs.get("get"));
        assertThatThrownBy(() -> Commands.undocumented().documentedBy(docs))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("[xadd]");
    }

    @Test
    void aSealedKvCommandDocumentsItselfOnly() {
        Map<String, CommandDoc> docs = new LinkedHashMap<>(CommandDocsFile.redis());
        docs.put("sealedkv", docs.get("get"));
        assertThatThrownBy(() -> Commands.undocumented().documentedBy(docs))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("documents itself: [sealedkv]");
    }

    @Test
    void sealedKvSubcommandsDescribeTheirArguments() {
        CommandTable table = Commands.all();
        CommandDoc rewrap = table.doc(table.find("sealedkv").subcommands().get("rewrap"));
        CommandArgument action = rewrap.arguments().get(0);
        assertThat(action.type()).isEqualTo(CommandArgument.Type.ONEOF);
        assertThat(action.flags()).containsExactly(CommandArgument.Flag.OPTIONAL);
        assertThat(action.arguments()).extracting(CommandArgument::token).containsExactly("START", "STATUS", "STOP");
    }

    @Test
    void aCommandsOwnDocumentationIsItsDoc() {
        CommandSpec own = CommandSpec.builder("own", 1, "sealedkv", null).doc("Does its own thing.", "0.1.0")
                .run(c -> { });
        CommandTable table = new CommandTable().add(List.of(own)).documentedBy(Map.of());
        assertThat(table.doc(own).summary()).isEqualTo("Does its own thing.");
        assertThat(table.doc(own).group()).isEqualTo("sealedkv");
    }
}
