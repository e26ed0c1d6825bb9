package org.fencecheck.tlc;


import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses TLC's printed values: {@code [a |-> 1]}, {@code (c1 :> TRUE @@ c2 :> FALSE)}, {@code <<1, 2>>},
 * {@code {1, 2}}, strings, integers, {@code TRUE}/{@code FALSE} and model values.
 */
public final class ValueParser {

    private final String text;
    private int pos;

    private ValueParser(String text) {
        this.text = text;
    }

    /** Parses one value; text the grammar does not cover comes back as a {@link Value.RawVal}. */
    public static Value parseLenient(String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            return new Value.RawVal(text.strip());
        }
    }

    /**
     * Parses one value.
     *
     * @throws IllegalArgumentException naming the offset of the first character that does not fit
     */
    public static Value parse(String text) {
        ValueParser p = new ValueParser(text);
        Value v = p.value();
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the value");
        }
        return v;
    }

    private Value value() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("value expected");
        }
        char c = text.charAt(pos);
        if (c == '[') {
            return record();
        }
        if (c == '(') {
            return function();
        }
        if (c == '{') {
            return new Value.SetVal(list("{", "}"));
        }
        if (c == '"') {
            return new Value.StrVal(string());
        }
        if (text.startsWith("<<", pos)) {
            return new Value.SeqVal(list("<<", ">>"));
        }
        if (c == '-' || Character.isDigit(c)) {
            return integer();
        }
        if (Character.isLetter(c) || c == '_') {
            String name = identifier();
            return switch (name) {
                case "TRUE" -> new Value.BoolVal(true);
                case "FALSE" -> new Value.BoolVal(false);
                default -> new Value.ModelVal(name);
            };
        }
        throw error("unexpected '" + c + "'");
    }

    private Value record() {
        expect("[");
        Map<String, Value> fields = new LinkedHashMap<>();
        skipSpace();
        if (!tryConsume("]")) {
            do {
                skipSpace();
                String name = identifier();
                expect("|->");
                fields.put(name, value());
            } while (tryConsume(","));
            expect("]");
        }
        return new Value.RecordVal(fields);
    }

    private Value function() {
        expect("(");
        List<Value.Maplet> maplets = new ArrayList<>();
        do {
            Value key = value();
            expect(":>");
            maplets.add(new Value.Maplet(key, value()));
        } while (tryConsume("@@"));
        expect(")");
        return new Value.FunctionVal(maplets);
    }

    private List<Value> list(String open, String close) {
        expect(open);
        List<Value> items = new ArrayList<>();
        if (tryConsume(close)) {
            return items;
        }
        do {
            items.add(value());
        } while (tryConsume(","));
        expect(close);
        return items;
    }

    private String string() {
        expect("\"");
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\' && pos < text.length()) {
                char e = text.charAt(pos++);
                sb.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'f' -> '\f';
                    default -> e;
                });
            } else {
                sb.append(c);
            }
        }
        throw error("unterminated string");
    }

    private Value integer() {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        int digits = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos == digits) {
            throw error("digit expected");
        }
        try {
            return new Value.IntVal(Long.parseLong(text.substring(start, pos)));
        } catch (NumberFormatException e) {
            throw error("integer out of range");
        }
    }

    private String identifier() {
        skipSpace();
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (pos == start) {
            throw error("name expected");
        }
        return text.substring(start, pos);
    }

    private void expect(String token) {
        if (!tryConsume(token)) {
            throw error("'" + token + "' expected");
        }
    }

    private boolean tryConsume(String token) {
        skipSpace();
        if (text.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(problem + " at offset " + pos + " of: " + text);
    }
}
