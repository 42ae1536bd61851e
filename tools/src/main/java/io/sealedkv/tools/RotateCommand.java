package io.sealedkv.tools;

import io.sealedkv.keystore.KeyVersionInfo;
import io.sealedkv.keystore.file.FileKeystore;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

/** {@code sealedkv keys rotate}, on a keystore file or through the running server that holds it. */
@Command(name = "rotate",
        description = {"Creates a new data key version and makes it the primary; the previous primary becomes"
                + " decrypt-only. Nothing sealed is re-encrypted (see 'keys rewrap'). Prints the new primary's"
                + " version.",
            "A running server holds its keystore file: rotate through it with --host/--port (SEALEDKV KEYSTORE"
                    + " ROTATE), which persists the new version in the file before it answers."})
final class RotateCommand extends KeystoreCommand {
    @Option(names = "--json", description = "Print the new primary as a JSON object {version, state, created,"
            + " sealCount}; through a server, {version}.")
    boolean json;

    @ArgGroup(exclusive = false, heading = "Running server (instead of --keystore):%n")
    ServerOptions server;

    @Override
    public Integer call() {
        if (server != null && keystore.path != null) {
            throw new ParameterException(spec.commandLine(),
                    "--host/--port rotate through a running server; --keystore rotates a file: give one or the other");
        }
        PrintWriter out = out();
        if (server != null) {
            long version = rotateThroughServer();
            if (json) {
                Output.json(out, Map.of("version", version));
            } else {
                out.printf("data key version %d is the new primary%n", version);
            }
            return ExitCodes.OK;
        }
        KeyVersionInfo primary;
        try (FileKeystore opened = keystore.open()) {
            primary = opened.rotate();
        }
        if (json) {
            Output.json(out, VersionView.of(primary));
        } else {
            out.printf("data key version %d is the new primary%n", primary.version());
        }
        return ExitCodes.OK;
    }

    private long rotateThroughServer() {
        try (Jedis jedis = server.connect()) {
            return (Long) jedis.sendCommand(() -> SafeEncoder.encode("SEALEDKV"), "KEYSTORE", "ROTATE");
        } catch (JedisDataException e) {
            throw new CommandFailedException("the server refused SEALEDKV KEYSTORE ROTATE: " + e.getMessage());
        }
    }
}
