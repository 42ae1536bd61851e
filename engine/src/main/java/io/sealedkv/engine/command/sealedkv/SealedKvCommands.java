package io.sealedkv.engine.command.sealedkv;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.docs.CommandArgument;
import io.sealedkv.engine.command.docs.CommandArgument.Flag;
import io.sealedkv.engine.command.docs.CommandArgument.Type;
import io.sealedkv.engine.keys.Rewrap;
import io.sealedkv.engine.keys.ServerKeystore;
import io.sealedkv.keystore.KeyVersionInfo;
import io.sealedkv.keystore.KeystoreException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code SEALEDKV} container (see the package documentation for the syntax and replies). */
public final class SealedKvCommands {
    private SealedKvCommands() {
    }

    static void keystore(CommandContext c) {
        ServerKeystore keystore = c.server().keystore();
        if (c.argIs(2, "reload")) {
            reload(c, requireKeystore(keystore));
        } else if (c.argIs(2, "rotate")) {
            c.reply().integer(rotate(requireKeystore(keystore)).version());
        } else {
            throw Errors.syntax();
        }
    }

    private static KeyVersionInfo rotate(ServerKeystore keystore) {
        try {
            return keystore.rotate();
        } catch (IllegalStateException e) {
            throw Errors.generic(e.getMessage());
        }
    }

    private static ServerKeystore requireKeystore(ServerKeystore keystore) {
        if (keystore == null) {
            throw Errors.generic("this server was started without a keystore");
        }
        return keystore;
    }

    private static void reload(CommandContext c, ServerKeystore keystore) {
        if (!keystore.reloadable()) {
            throw Errors.generic("the keystore provider of this server cannot be reloaded");
        }
        try {
            keystore.reload();
        } catch (KeystoreException e) {
            throw Errors.generic("keystore reload failed (" + e.reason() + "): " + e.getMessage()
                    + afterFailure(keystore));
        } catch (RuntimeException e) {
            throw Errors.generic("keystore reload failed: " + e.getMessage() + afterFailure(keystore));
        }
        c.reply().ok();
    }

    private static String afterFailure(ServerKeystore keystore) {
        return keystore.available() ? "; the keystore in use is unchanged"
                : "; values cannot be sealed or opened until a reload succeeds";
    }

    static void rewrap(CommandContext c) {
        if (c.argc() > 3) {
            throw Errors.syntax();
        }
        Rewrap rewrap = c.server().rewrap();
        if (c.argc() == 2 || c.argIs(2, "start")) {
            if (!rewrap.start()) {
                throw Errors.generic("Rewrap already in progress");
            }
            c.reply().simple("Rewrap started");
        } else if (c.argIs(2, "stop")) {
            if (!rewrap.stop()) {
                throw Errors.generic("No rewrap in progress");
            }
            c.reply().ok();
        } else if (c.argIs(2, "status")) {
            status(c, rewrap);
        } else {
            throw Errors.syntax();
        }
    }

    private static void status(CommandContext c, Rewrap rewrap) {
        Map<String, Object> fields = fields(c);
        c.reply().map(fields.size());
        fields.forEach((name, value) -> {
            c.reply().bulk(name);
            if (value instanceof Long number) {
                c.reply().integer(number);
            } else {
                c.reply().bulk(value.toString());
            }
        });
    }

    /** The rewrap fields of INFO {@code sealedkv} and {@code SEALEDKV REWRAP STATUS}, in order. */
    public static Map<String, Object> fields(CommandContext c) {
        Rewrap rewrap = c.server().rewrap();
        long remaining;
        int primary = primaryVersion(c);
        try (var lock = c.lock()) {
            remaining = Rewrap.remaining(c.keyspace(), primary);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("rewrap_in_progress", rewrap.running() ? 1L : 0L);
        fields.put("rewrap_status", rewrap.status());
        fields.put("rewrap_target_version", (long) rewrap.target());
        fields.put("rewrap_scanned", rewrap.scanned());
        fields.put("rewrap_resealed", rewrap.resealed());
        fields.put("rewrap_raced", rewrap.raced());
        fields.put("rewrap_unreadable", rewrap.unreadable());
        fields.put("rewrap_remaining", remaining);
        long end = rewrap.running() ? System.currentTimeMillis() : rewrap.finishedAt();
        fields.put("rewrap_seconds", rewrap.startedAt() == 0 ? 0L : (end - rewrap.startedAt()) / 1000);
        return fields;
    }

    /** The primary data key version, or -1 while the keystore is unavailable (after a failed reload). */
    public static int primaryVersion(CommandContext c) {
        ServerKeystore keystore = c.server().keystore();
        return keystore == null || keystore.available() ? c.codec().tokens().version() : -1;
    }

    static void help(CommandContext c) {
        c.reply().lines(List.of(
                "SEALEDKV <subcommand> [<arg> ...]. Subcommands are:",
                "KEYSTORE RELOAD",
                "    Close the keystore and open its file again (provider 'file').",
                "KEYSTORE ROTATE",
                "    Create a new primary data key version; reply with its number.",
                "REWRAP [START|STATUS|STOP]",
                "    Re-seal in the background every value not under the primary key version,",
                "    report its progress, or stop it.",
                "HELP",
                "    Prints this help."));
    }

    public static List<CommandSpec> table() {
        return List.of(
            CommandSpec.builder("sealedkv", -2, "server", null)
                .doc("A container for SealedKV's key administration commands.", "0.1.0", "Depends on subcommand.")
                .sub(sub("keystore", 3, "admin noscript")
                    .doc("Reloads the keystore file (RELOAD) or rotates the primary data key (ROTATE).", "0.1.0",
                        choice("action", "reload", "rotate"))
                    .handler(SealedKvCommands::keystore))
                .sub(sub("rewrap", -2, "admin noscript")
                    .doc("Starts (START, the default), reports (STATUS) or stops (STOP) the background re-sealing"
                        + " of values under older data key versions.", "0.1.0",
                        "O(1) to start; the rewrap itself is O(N) in the number of keys and elements",
                        choice("action", "start", "status", "stop").with(Flag.OPTIONAL))
                    .handler(SealedKvCommands::rewrap))
                .sub(sub("help", 2, "loading stale")
                    .doc("Returns helpful text about the different subcommands.", "0.1.0")
                    .handler(SealedKvCommands::help))
                .container());
    }

    /** COMMAND DOCS's description of a oneof {@code name} between the given words. */
    private static CommandArgument choice(String name, String... words) {
        CommandArgument[] choices = new CommandArgument[words.length];
        for (int i = 0; i < words.length; i++) {
            choices[i] = CommandArgument.of(words[i], Type.PURE_TOKEN).token(words[i].toUpperCase(Locale.ROOT));
        }
        return CommandArgument.of(name, Type.ONEOF, choices);
    }

    private static CommandSpec.Builder sub(String name, int arity, String flags) {
        return CommandSpec.builder(name, arity, "server", null).flags(flags);
    }
}
