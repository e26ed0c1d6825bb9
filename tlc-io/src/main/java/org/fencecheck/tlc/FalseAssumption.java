package org.fencecheck.tlc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TLC's message 2104 ("Assumption line 4, col 8 to line 4, col 40 of module A is false.", exit 10): a CONSTANT of
 * the cfg is outside what an ASSUME of the spec allows. TLC names only the module position; {@link #describe}
 * quotes the ASSUME itself from the module file so the one error line says which constant to look at.
 *
 * @param module  the module holding the ASSUME
 * @param line    first line of the assumption's expression (1-based)
 * @param column  its first column (1-based)
 * @param endLine its last line
 * @param endColumn its last column (inclusive)
 */
public record FalseAssumption(String module, int line, int column, int endLine, int endColumn) {

    private static final Pattern MESSAGE = Pattern.compile(
            "Assumption line (\\d+), col (\\d+) to line (\\d+), col (\\d+) of module (\\S+) is false");
    private static final int QUOTE_LIMIT = 160;

    /** The assumption TLC's message names, or null when the text is not message 2104's. */
    public static FalseAssumption parse(String message) {
        Matcher m = MESSAGE.matcher(message);
        if (!m.find()) {
            return null;
        }
        return new FalseAssumption(m.group(5), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
    }

    /**
     * One line: {@code ASSUME Design \in {"legacy", ...} (DmaFence.tla line 89) is false for the cfg's CONSTANTS};
     * without the module text (no spec folder, unreadable file, position outside it) TLC's position instead.
     */
    public String describe(Path specDir) {
        String where = module + ".tla line " + line;
        String text = specDir == null ? null : quote(specDir.resolve(module + ".tla"));
        return (text == null ? "the ASSUME at " + where + ", col " + column : "ASSUME " + text + " (" + where + ")")
                + " is false for the cfg's CONSTANTS";
    }

    private String quote(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        if (line < 1 || endLine > lines.size() || endLine < line) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = line; i <= endLine; i++) {
            String l = lines.get(i - 1);
            int from = i == line ? column - 1 : 0;
            int to = i == endLine ? Math.min(endColumn, l.length()) : l.length();
            if (from < 0 || from > to) {
                return null;
            }
            sb.append(l, from, to).append(' ');
        }
        String text = sb.toString().replaceAll("\\s+", " ").strip();
        return text.length() > QUOTE_LIMIT ? text.substring(0, QUOTE_LIMIT - 3) + "..." : text;
    }
}
