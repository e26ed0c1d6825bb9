package org.fencecheck.props.tlc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parser for the TLA+ values TLC prints (numbers, strings, booleans, model values, sets, tuples, records and
 * {@code (a :> x @@ b :> y)} functions) and a canonical printer: records and functions become one sorted form,
 * sets are sorted, model values become strings, so that two texts denote the same value exactly when their
 * canonical forms are equal, whatever order TLC printed fields and elements in.
 */
public final class TlaValue {

    private final String s;
    private int i;

    private TlaValue(String s) {
        this.s = s;
    }

    /** The canonical text of a TLA+ value text. */
    public static String canonical(String text) {
        return print(parse(text));
    }

    /** Parses a value into String (canonical leaf text), List (tuple), Set-marker, or Map (record/function). */
    public static Object parse(String text) {
        TlaValue p = new TlaValue(text);
        p.ws();
        Object v = p.value();
        p.ws();
        if (p.i != text.length()) {
            throw new IllegalArgumentException("trailing text at " + p.i + " in " + text);
        }
        return v;
    }

    /** A set, kept apart from tuples. */
    public record SetV(List<Object> elems) {
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private boolean at(String t) {
        return s.startsWith(t, i);
    }

    private Object value() {
        ws();
        if (at("<<")) {
            i += 2;
            List<Object> l = new ArrayList<>();
            ws();
            if (at(">>")) {
                i += 2;
                return l;
            }
            for (;;) {
                l.add(value());
                ws();
                if (at(">>")) {
                    i += 2;
                    return l;
                }
                expect(",");
            }
        }
        char c = s.charAt(i);
        if (c == '{') {
            i++;
            List<Object> l = new ArrayList<>();
            ws();
            if (at("}")) {
                i++;
                return new SetV(l);
            }
            for (;;) {
                l.add(value());
                ws();
                if (at("}")) {
                    i++;
                    return new SetV(l);
                }
                expect(",");
            }
        }
        if (c == '[') {
            i++;
            Map<String, Object> m = new TreeMap<>();
            ws();
            if (at("]")) {
                i++;
                return m;
            }
            for (;;) {
                ws();
                String k = ident();
                ws();
                expect("|->");
                m.put("\"" + k + "\"", value());
                ws();
                if (at("]")) {
                    i++;
                    return m;
                }
                expect(",");
            }
        }
        if (c == '(') {
            i++;
            Map<String, Object> m = new TreeMap<>();
            for (;;) {
                Object k = value();
                ws();
                expect(":>");
                m.put(print(k), value());
                ws();
                if (at(")")) {
                    i++;
                    return m;
                }
                expect("@@");
            }
        }
        if (c == '"') {
            int j = s.indexOf('"', i + 1);
            String t = s.substring(i, j + 1);
            i = j + 1;
            return t;
        }
        if (c == '-' || Character.isDigit(c)) {
            int j = i + 1;
            while (j < s.length() && Character.isDigit(s.charAt(j))) {
                j++;
            }
            String t = s.substring(i, j);
            i = j;
            return t;
        }
        String id = ident();
        if (id.equals("TRUE") || id.equals("FALSE")) {
            return id;
        }
        return "\"" + id + "\""; // a model value: the tests spell CPUs as strings
    }

    private String ident() {
        int j = i;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            j++;
        }
        if (j == i) {
            throw new IllegalArgumentException("unexpected '" + s.charAt(i) + "' at " + i + " in " + s);
        }
        String t = s.substring(i, j);
        i = j;
        return t;
    }

    private void expect(String t) {
        ws();
        if (!at(t)) {
            throw new IllegalArgumentException("expected " + t + " at " + i + " in " + s);
        }
        i += t.length();
    }

    /** Canonical text: sets sorted, records/functions as sorted (k :> v @@ ...), tuples as <<...>>. */
    @SuppressWarnings("unchecked")
    public static String print(Object v) {
        if (v instanceof String t) {
            return t;
        }
        if (v instanceof SetV set) {
            List<String> l = new ArrayList<>();
            for (Object e : set.elems()) {
                l.add(print(e));
            }
            java.util.Collections.sort(l);
            return "{" + String.join(", ", l) + "}";
        }
        if (v instanceof List<?> list) {
            List<String> l = new ArrayList<>();
            for (Object e : list) {
                l.add(print(e));
            }
            return "<<" + String.join(", ", l) + ">>";
        }
        Map<String, Object> m = (Map<String, Object>) v;
        List<String> l = new ArrayList<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            l.add(e.getKey() + " :> " + print(e.getValue()));
        }
        return "(" + String.join(" @@ ", l) + ")";
    }
}
