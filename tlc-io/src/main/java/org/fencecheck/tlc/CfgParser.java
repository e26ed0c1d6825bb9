package org.fencecheck.tlc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/*
 * A cfg is a sequence of sections, each a keyword followed by its text up to the next keyword. Comments are
 * "\*" to the end of a line and "(* ... *)", which may nest. A keyword inside a string literal (a CONSTANTS
 * value) does not start a section.
 */

/** Reads a TLC cfg file into a {@link CfgFile}. */
public final class CfgParser {

    private static final Set<String> KEYWORDS = Set.of("CONSTANT", "CONSTANTS", "INIT", "NEXT", "SPECIFICATION",
            "INVARIANT", "INVARIANTS", "PROPERTY", "PROPERTIES", "CONSTRAINT", "CONSTRAINTS", "ACTION_CONSTRAINT",
            "ACTION_CONSTRAINTS", "SYMMETRY", "VIEW", "CHECK_DEADLOCK", "POSTCONDITION", "ALIAS");
    private static final Pattern WORD = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ASSIGNMENT = Pattern.compile("(?<![A-Za-z0-9_])[A-Za-z_][A-Za-z0-9_]*\\s*(=|<-)(?!=)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_!]*");

    private CfgParser() {
    }

    /** Reads and parses {@code path}; a malformed cfg throws {@link BadInputException} naming it. */
    public static CfgFile read(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(path.toString(), "cannot read: " + e.getMessage());
        }
        return parse(path, text);
    }

    /** Parses cfg text. */
    public static CfgFile parse(Path path, String text) {
        String plain = stripComments(path, text);
        List<int[]> starts = new ArrayList<>();
        List<String> keywords = new ArrayList<>();
        Matcher m = WORD.matcher(plain);
        while (m.find()) {
            if (KEYWORDS.contains(m.group())) {
                starts.add(new int[] {m.start(), m.end()});
                keywords.add(m.group());
            }
        }
        List<String> invariants = new ArrayList<>();
        List<String> properties = new ArrayList<>();
        boolean deadlock = true;
        Map<String, String> constants = new LinkedHashMap<>();
        Map<String, String> substitutions = new LinkedHashMap<>();
        StringBuilder kept = new StringBuilder();
        if (!starts.isEmpty() && !plain.substring(0, starts.get(0)[0]).isBlank()) {
            throw new BadInputException(path.toString(), "text before the first cfg keyword");
        }
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : plain.length();
            String body = plain.substring(starts.get(i)[1], end);
            switch (keywords.get(i)) {
                case "INVARIANT", "INVARIANTS" -> invariants.addAll(names(path, keywords.get(i), body));
                case "PROPERTY", "PROPERTIES" -> properties.addAll(names(path, keywords.get(i), body));
                case "CHECK_DEADLOCK" -> deadlock = bool(path, body);
                case "CONSTANT", "CONSTANTS" -> {
                    constants(path, body, constants, substitutions);
                    kept.append(plain, starts.get(i)[0], end).append('\n');
                }
                default -> kept.append(plain, starts.get(i)[0], end).append('\n');
            }
        }
        return new CfgFile(path, invariants, properties, deadlock, kept.toString(), constants, substitutions);
    }

    /*
     * A CONSTANTS body is a sequence of "Name = value" and "Name <- Op". A value ends where the next "Name ="
     * or "Name <-" starts outside braces, brackets, parentheses and strings.
     */
    private static void constants(Path path, String body, Map<String, String> constants,
                                  Map<String, String> substitutions) {
        Matcher m = ASSIGNMENT.matcher(body);
        List<int[]> at = new ArrayList<>();
        while (m.find()) {
            if (depth(body, m.start()) == 0) {
                at.add(new int[] {m.start(), m.end()});
            }
        }
        if (!at.isEmpty() && !body.substring(0, at.get(0)[0]).isBlank() || at.isEmpty() && !body.isBlank()) {
            throw new BadInputException(path.toString(), "CONSTANTS: '" + body.strip().split("\\s+")[0]
                    + "' is not an assignment (Name = value or Name <- Op)");
        }
        for (int i = 0; i < at.size(); i++) {
            String head = body.substring(at.get(i)[0], at.get(i)[1]);
            String name = head.replaceAll("\\s*(=|<-)\\s*$", "").strip();
            int end = i + 1 < at.size() ? at.get(i + 1)[0] : body.length();
            String value = body.substring(at.get(i)[1], end).strip().replaceAll("\\s+", " ");
            if (value.isEmpty()) {
                throw new BadInputException(path.toString(), "CONSTANTS: " + name + " has no value");
            }
            if (constants.containsKey(name) || substitutions.containsKey(name)) {
                throw new BadInputException(path.toString(), "CONSTANTS: " + name + " is assigned twice");
            }
            (head.contains("<-") ? substitutions : constants).put(name, value);
        }
    }

    /** Nesting depth of brackets and strings at {@code index} of {@code text}. */
    private static int depth(String text, int index) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < index; i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[' || c == '(' || c == '<' && i + 1 < text.length() && text.charAt(i + 1) == '<') {
                depth++;
            } else if (c == '}' || c == ']' || c == ')' || c == '>' && i + 1 < text.length() && text.charAt(i + 1) == '>') {
                depth--;
            }
        }
        return inString ? depth + 1 : depth;
    }

    private static List<String> names(Path path, String keyword, String body) {
        List<String> names = new ArrayList<>();
        for (String token : body.split("[\\s,]+")) {
            if (token.isEmpty()) {
                continue;
            }
            if (!NAME.matcher(token).matches()) {
                throw new BadInputException(path.toString(), keyword + ": '" + token + "' is not a name");
            }
            names.add(token);
        }
        return names;
    }

    private static boolean bool(Path path, String body) {
        return switch (body.strip()) {
            case "TRUE" -> true;
            case "FALSE" -> false;
            default -> throw new BadInputException(path.toString(),
                    "CHECK_DEADLOCK must be TRUE or FALSE, not '" + body.strip() + "'");
        };
    }

    private static String stripComments(Path path, String text) {
        StringBuilder out = new StringBuilder(text.length());
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : '\0';
            if (depth == 0 && inString) {
                out.append(c);
                if (c == '\\' && next != '\0') {
                    out.append(next);
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '(' && next == '*') {
                depth++;
                i++;
            } else if (depth > 0 && c == '*' && next == ')') {
                depth--;
                i++;
                out.append(' ');
            } else if (depth > 0) {
                if (c == '\n') {
                    out.append('\n');
                }
            } else if (c == '\\' && next == '*') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
                out.append('\n');
            } else {
                if (c == '"') {
                    inString = true;
                }
                out.append(c);
            }
        }
        if (depth > 0) {
            throw new BadInputException(path.toString(), "unterminated (* comment");
        }
        return out.toString();
    }
}
