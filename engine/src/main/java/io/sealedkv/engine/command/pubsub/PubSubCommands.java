package io.sealedkv.engine.command.pubsub;

import io.sealedkv.engine.acl.ChannelGrant;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.pubsub.PubSub;
import io.sealedkv.engine.pubsub.PushDelivery;
import io.sealedkv.engine.pubsub.Subscriptions;
import io.sealedkv.engine.resp.RespWriter;
import io.sealedkv.engine.server.ClientSession;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, their shard-channel forms SSUBSCRIBE,
 * SUNSUBSCRIBE and SPUBLISH, and PUBSUB. Subscriptions live in {@link PubSub}; a RESP2 connection with
 * subscriptions runs only the pub/sub commands, PING, QUIT and RESET (the dispatcher checks). Messages
 * are passed through as they come: a published message is not stored, only written to the subscribers'
 * connections.
 */
public final class PubSubCommands {
    private PubSubCommands() {
    }

    static void subscribe(CommandContext c) {
        subscribeEach(c, "subscribe", pubSub(c)::subscribe, Subscriptions::total);
    }

    static void psubscribe(CommandContext c) {
        subscribeEach(c, "psubscribe", pubSub(c)::psubscribe, Subscriptions::total);
    }

    /**
     * Refused inside MULTI, unlike SUBSCRIBE: Redis 7.0 refuses SSUBSCRIBE to any client that expects one
     * reply per command (its "deny blocking" clients), and a transaction's client is one.
     */
    static void ssubscribe(CommandContext c) {
        if (c.inTransaction()) {
            throw Errors.generic("SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
        }
        subscribeEach(c, "ssubscribe", pubSub(c)::ssubscribe, Subscriptions::shardChannelCount);
    }

    static void unsubscribe(CommandContext c) {
        unsubscribeEach(c, "unsubscribe", pubSub(c)::channelsOf, pubSub(c)::unsubscribe, Subscriptions::total);
    }

    static void punsubscribe(CommandContext c) {
        unsubscribeEach(c, "punsubscribe", pubSub(c)::patternsOf, pubSub(c)::punsubscribe, Subscriptions::total);
    }

    static void sunsubscribe(CommandContext c) {
        unsubscribeEach(c, "sunsubscribe", pubSub(c)::shardChannelsOf, pubSub(c)::sunsubscribe,
                Subscriptions::shardChannelCount);
    }

    /**
     * Subscribes to each argument in turn, confirming each with the {@code count} after it. The permission was
     * checked before the command ran: when an ACL SETUSER took these channels back since, its scan for
     * subscribers to close may have run before they were subscribed, so the connection is closed here, as the
     * scan would have closed it (SETUSER installs the rules before its scan: one of the two sees both changes).
     */
    private static void subscribeEach(CommandContext c, String kind, BiConsumer<ClientSession, byte[]> subscribe,
                                      ToIntFunction<Subscriptions> count) {
        for (int i = 1; i < c.argc(); i++) {
            subscribe.accept(c.session(), c.arg(i));
            confirm(c, kind, c.arg(i), count.applyAsInt(c.session().subscriptions()));
        }
        List<byte[]> names = c.args(1, c.argc());
        boolean patterns = kind.equals("psubscribe");
        ChannelGrant grant = c.session().user().channelGrant();
        if (!grant.allows(patterns ? List.of() : names, patterns ? names : List.of())) {
            c.session().closeAfterReply();
        }
    }

    /**
     * Unsubscribes from each argument, or without arguments from everything the session holds of this kind,
     * confirming each; with nothing to unsubscribe from, one confirmation with a null name.
     */
    private static void unsubscribeEach(CommandContext c, String kind, Function<ClientSession, List<byte[]>> held,
                                        BiConsumer<ClientSession, byte[]> unsubscribe,
                                        ToIntFunction<Subscriptions> count) {
        List<byte[]> names = c.argc() > 1 ? c.args(1, c.argc()) : held.apply(c.session());
        if (names.isEmpty()) {
            confirm(c, kind, null, count.applyAsInt(c.session().subscriptions()));
        }
        for (byte[] name : names) {
            unsubscribe.accept(c.session(), name);
            writeMessagesTakenBefore(c);
            confirm(c, kind, name, count.applyAsInt(c.session().subscriptions()));
        }
    }

    static void publish(CommandContext c) {
        c.reply().integer(pubSub(c).publish(c.arg(1), c.arg(2), c.session()));
    }

    static void spublish(CommandContext c) {
        c.reply().integer(pubSub(c).spublish(c.arg(1), c.arg(2), c.session()));
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

    static void shardchannels(CommandContext c) {
        if (c.argc() > 3) {
            throw Errors.subcommandSyntax(c.argString(1), "pubsub");
        }
        List<byte[]> shardChannels = pubSub(c).activeShardChannels(c.argc() == 3 ? c.arg(2) : null);
        c.reply().array(shardChannels.size());
        shardChannels.forEach(c.reply()::bulk);
    }

    static void shardnumsub(CommandContext c) {
        c.reply().array(2 * (c.argc() - 2));
        for (int i = 2; i < c.argc(); i++) {
            c.reply().bulk(c.arg(i));
            c.reply().integer(pubSub(c).shardSubscriberCount(c.arg(i)));
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

    /**
     * Puts the messages queued for this connection while it was still subscribed into its replies, before the
     * confirmation that ends the subscription (as Redis, no message follows it; see {@code PubSub#deliverIfHeld}).
     */
    public static void writeMessagesTakenBefore(CommandContext c) {
        if (!c.session().transaction().replying()) { // inside EXEC's array reply they would break its count
            PushDelivery.moveWaitingIntoReplies(c.session());
        }
    }

    /** A confirmation is a push, in RESP2 too, so CLIENT REPLY OFF or SKIP does not hold it back (as Redis). */
    private static void confirm(CommandContext c, String kind, byte[] name, int count) {
        RespWriter reply = c.reply();
        boolean muted = reply.muted();
        reply.muted(false);
        try {
            reply.push(3);
            reply.bulk(kind);
            reply.bulkOrNull(name);
            reply.integer(count);
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
            cmd("ssubscribe", -2).flags(subscribing).keys(1, -1, 1, "not_key")
                .run(PubSubCommands::ssubscribe),
            cmd("sunsubscribe", -1).flags(subscribing).keys(1, -1, 1, "not_key")
                .run(PubSubCommands::sunsubscribe),
            cmd("spublish", 3).flags("pubsub loading stale fast").keys(1, 1, 1, "not_key")
                .run(PubSubCommands::spublish),
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
