package io.sealedkv.engine.command.pubsub;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.pubsub.PubSub;
import io.sealedkv.engine.resp.RespWriter;
import java.util.List;

/**
 * SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH and PUBSUB. Subscriptions live in
 * {@link PubSub}; a RESP2 connection with subscriptions runs only the pub/sub commands, PING, QUIT
 * and RESET (the dispatcher checks). Messages are passed through as they come: a published message is
 * not stored, only written to the subscribers' connections.
 */
public final class PubSubCommands {
    private PubSubCommands() {
    }

    static void subscribe(CommandContext c) {
        for (int i = 1; i < c.argc(); i++) {
            pubSub(c).subscribe(c.session(), c.arg(i));
            confirm(c, "subscribe", c.arg(i));
        }
    }

    static void psubscribe(CommandContext c) {
        for (int i = 1; i < c.argc(); i++) {
            pubSub(c).psubscribe(c.session(), c.arg(i));
            confirm(c, "psubscribe", c.arg(i));
        }
    }

    static void unsubscribe(CommandContext c) {
        List<byte[]> names = c.argc() > 1 ? c.args(1, c.argc()) : pubSub(c).channelsOf(c.session());
        if (names.isEmpty()) {
            confirm(c, "unsubscribe", null);
        }
        for (byte[] channel : names) {
            pubSub(c).unsubscribe(c.session(), channel);
            confirm(c, "unsubscribe", channel);
        }
    }

    static void punsubscribe(CommandContext c) {
        List<byte[]> names = c.argc() > 1 ? c.args(1, c.argc()) : pubSub(c).patternsOf(c.session());
        if (names.isEmpty()) {
            confirm(c, "punsubscribe", null);
        }
        for (byte[] pattern : names) {
            pubSub(c).punsubscribe(c.session(), pattern);
            confirm(c, "punsubscribe", pattern);
        }
    }

    static void publish(CommandContext c) {
        c.reply().integer(pubSub(c).publish(c.arg(1), c.arg(2), c.session()));
    }

    static void channels(CommandContext c) {
        if (c.argc() > 3) {
            throw Errors.subcommandSyntax(c.argString(1), "pubsub");
        }
        List<byte[]> channels = pubSub(c).activeChannels(c.argc() == 3 ? c.arg(2) : null);
        c.reply().array(channels.size());
        channels.forEach(c.reply()::bulk);
    }

    static void numsub(CommandContext c) {
        c.reply().array(2 * (c.argc() - 2));
        for (int i = 2; i < c.argc(); i++) {
            c.reply().bulk(c.arg(i));
            c.reply().integer(pubSub(c).subscriberCount(c.arg(i)));
        }
    }

    static void numpat(CommandContext c) {
        c.reply().integer(pubSub(c).patternCount());
    }

    /** Shard channels exist only in a cluster; a standalone server has none, as Redis without cluster. */
    static void shardchannels(CommandContext c) {
        if (c.argc() > 3) {
            throw Errors.subcommandSyntax(c.argString(1), "pubsub");
        }
        c.reply().array(0);
    }

    static void shardnumsub(CommandContext c) {
        c.reply().array(2 * (c.argc() - 2));
        for (int i = 2; i < c.argc(); i++) {
            c.reply().bulk(c.arg(i));
            c.reply().integer(0);
        }
    }

    static void help(CommandContext c) {
        c.reply().lines(List.of(
                "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                "CHANNELS [<pattern>]",
                "    Return the currently active channels matching a <pattern> (default: '*').",
                "NUMPAT",
                "    Return number of subscriptions to patterns.",
                "NUMSUB [<channel> ...]",
                "    Return the number of subscribers for the specified channels, excluding",
                "    pattern subscriptions(default: no channels).",
                "SHARDCHANNELS [<pattern>]",
                "    Return the currently active shard level channels matching a <pattern> (default: '*').",
                "SHARDNUMSUB [<shardchannel> ...]",
                "    Return the number of subscribers for the specified shard level channel(s)",
                "HELP",
                "    Prints this help."));
    }

    /** A confirmation is a push, in RESP2 too, so CLIENT REPLY OFF or SKIP does not hold it back (as Redis). */
    private static void confirm(CommandContext c, String kind, byte[] name) {
        RespWriter reply = c.reply();
        boolean muted = reply.muted();
        reply.muted(false);
        try {
            reply.push(3);
            reply.bulk(kind);
            reply.bulkOrNull(name);
            reply.integer(c.session().subscriptions().total());
        } finally {
            reply.muted(muted);
        }
    }

    private static PubSub pubSub(CommandContext c) {
        return c.server().pubSub();
    }

    /** The family's command table. */
    public static List<CommandSpec> table() {
        String subscribing = "pubsub noscript loading stale";
        return List.of(
            cmd("subscribe", -2).flags(subscribing).run(PubSubCommands::subscribe),
            cmd("unsubscribe", -1).flags(subscribing)
                .run(PubSubCommands::unsubscribe),
            cmd("psubscribe", -2).flags(subscribing)
                .run(PubSubCommands::psubscribe),
            cmd("punsubscribe", -1).flags(subscribing)
                .run(PubSubCommands::punsubscribe),
            cmd("publish", 3).flags("pubsub loading stale fast")
                .run(PubSubCommands::publish),
            CommandSpec.builder("pubsub", -2, "pubsub", null)
                .sub(sub("channels", -2).handler(PubSubCommands::channels))
                .sub(sub("numsub", -2)
                    .handler(PubSubCommands::numsub))
                .sub(sub("numpat", 2)
                    .handler(PubSubCommands::numpat))
                .sub(sub("shardchannels", -2).handler(PubSubCommands::shardchannels))
                .sub(sub("shardnumsub", -2)
                    .handler(PubSubCommands::shardnumsub))
                .sub(CommandSpec.builder("help", 2, "pubsub", null).flags("loading stale")
                    .handler(PubSubCommands::help))
                .container());
    }

    private static CommandSpec.Builder cmd(String name, int arity) {
        return CommandSpec.builder(name, arity, "pubsub", "pubsub");
    }

    private static CommandSpec.Builder sub(String name, int arity) {
        return CommandSpec.builder(name, arity, "pubsub", "pubsub").flags("pubsub loading stale");
    }
}
