package io.sealedkv.engine.command.server;

import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.CommandTable;
import io.sealedkv.engine.command.docs.CommandArgument;
import io.sealedkv.engine.command.docs.CommandDoc;
import io.sealedkv.engine.command.docs.RedisNamed;
import io.sealedkv.engine.resp.RespWriter;
import java.util.List;
import java.util.Set;

/**
 * One command's entry in the COMMAND DOCS reply, laid out as Redis 7.0 lays it out: a map (a flat array
 * in RESP2) whose fields come in Redis's order and are left out when absent; flags and history are sets.
 */
final class CommandDocsReply {
    private CommandDocsReply() {
    }

    static void write(RespWriter reply, CommandTable table, CommandSpec spec) {
        CommandDoc doc = table.doc(spec);
        reply.bulk(spec.name());
        reply.map(3 + present(doc.complexity()) + present(!doc.docFlags().isEmpty())
                + present(doc.deprecatedSince()) + present(doc.replacedBy()) + present(!doc.history().isEmpty())
                + present(!doc.arguments().isEmpty()) + present(spec.isContainer()));
        text(reply, "summary", doc.summary());
        text(reply, "since", doc.since());
        text(reply, "group", doc.group());
        text(reply, "complexity", doc.complexity());
        flags(reply, "doc_flags", doc.docFlags());
        text(reply, "deprecated_since", doc.deprecatedSince());
        text(reply, "replaced_by", doc.replacedBy());
        if (!doc.history().isEmpty()) {
            reply.bulk("history");
            reply.set(doc.history().size());
            for (CommandDoc.History change : doc.history()) {
                reply.array(2);
                reply.bulk(change.version());
                reply.bulk(change.change());
            }
        }
        if (!doc.arguments().isEmpty()) {
            reply.bulk("arguments");
            arguments(reply, doc.arguments());
        }
        if (spec.isContainer()) {
            reply.bulk("subcommands");
            reply.map(spec.subcommands().size());
            spec.subcommands().values().forEach(sub -> write(reply, table, sub));
        }
    }

    private static void arguments(RespWriter reply, List<CommandArgument> arguments) {
        reply.array(arguments.size());
        for (CommandArgument argument : arguments) {
            reply.map(2 + present(argument.keySpecIndex() >= 0) + present(argument.token())
                    + present(argument.since()) + present(argument.deprecatedSince())
                    + present(!argument.flags().isEmpty()) + present(!argument.arguments().isEmpty()));
            text(reply, "name", argument.name());
            text(reply, "type", argument.type().redisName());
            if (argument.keySpecIndex() >= 0) {
                reply.bulk("key_spec_index");
                reply.integer(argument.keySpecIndex());
            }
            text(reply, "token", argument.token());
            text(reply, "since", argument.since());
            text(reply, "deprecated_since", argument.deprecatedSince());
            flags(reply, "flags", argument.flags());
            if (!argument.arguments().isEmpty()) {
                reply.bulk("arguments");
                arguments(reply, argument.arguments());
            }
        }
    }

    private static void flags(RespWriter reply, String field, Set<? extends RedisNamed> flags) {
        if (!flags.isEmpty()) {
            reply.bulk(field);
            reply.set(flags.size());
            flags.forEach(flag -> reply.simple(flag.redisName()));
        }
    }

    private static void text(RespWriter reply, String field, String value) {
        if (value != null) {
            reply.bulk(field);
            reply.bulk(value);
        }
    }

    private static int present(Object value) {
        return value == null ? 0 : 1;
    }

    private static int present(boolean present) {
        return present ? 1 : 0;
    }
}
