package io.sealedkv.engine.compat;

import java.util.List;

/**
 * One line of the corpus: the command's arguments and how its two replies are compared.
 *
 * @param line the line number in the corpus file
 * @param text the line as written, for reports
 */
record CaseCommand(int line, String text, List<byte[]> args, Comparison comparison) {
}
