package org.fencecheck.report;

import org.fencecheck.tlc.Value;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tolerant accessors for TLC values: every helper returns null (or empty) when the shape is not the expected one. */
final class V {

    private V() {
    }

    /** A record field, or null. */
    static Value field(Value v, String name) {
        return v instanceof Value.RecordVal r ? r.field(name) : null;
    }

    /** {@code f[key]} for a function, a record (key's text as field name) or a sequence (1-based integer key). */
    static Value apply(Value f, Value key) {
        if (f == null || key == null) {
            return null;
        }
        if (f instanceof Value.FunctionVal fn) {
            return fn.apply(key);
        }
        if (f instanceof Value.RecordVal r) {
            return r.field(text(key));
        }
        if (f instanceof Value.SeqVal s && key instanceof Value.IntVal i) {
            long n = i.value();
            return n >= 1 && n <= s.items().size() ? s.items().get((int) n - 1) : null;
        }
        return null;
    }

    /** {@code f[key]} where the key is given as text (a model value, a string or an integer). */
    static Value applyText(Value f, String key) {
        if (f == null || key == null) {
            return null;
        }
        for (Map.Entry<String, Value> e : entries(f).entrySet()) {
            if (e.getKey().equals(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** A function, record or sequence as an ordered map from the key's text to the value. */
    static Map<String, Value> entries(Value v) {
        Map<String, Value> out = new LinkedHashMap<>();
        if (v instanceof Value.RecordVal r) {
            out.putAll(r.fields());
        } else if (v instanceof Value.FunctionVal f) {
            f.maplets().forEach(m -> out.put(text(m.key()), m.value()));
        } else if (v instanceof Value.SeqVal s) {
            for (int i = 0; i < s.items().size(); i++) {
                out.put(Integer.toString(i + 1), s.items().get(i));
            }
        }
        return out;
    }

    /** The keys of a function / record / sequence as text, in order. */
    static List<String> keys(Value v) {
        return List.copyOf(entries(v).keySet());
    }

    /** A string or model value without quotes, a number or boolean as TLA+ prints it; null for null. */
    static String text(Value v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Value.StrVal s) {
            return s.value();
        }
        if (v instanceof Value.ModelVal m) {
            return m.name();
        }
        return v.toTla();
    }

    /** The boolean, or null. */
    static Boolean bool(Value v) {
        return v instanceof Value.BoolVal b ? b.value() : null;
    }

    /** The integer, or null. */
    static Long integer(Value v) {
        return v instanceof Value.IntVal i ? i.value() : null;
    }

    /** The elements of a set or sequence as text. */
    static List<String> members(Value v) {
        if (v instanceof Value.SetVal s) {
            return s.items().stream().map(V::text).toList();
        }
        if (v instanceof Value.SeqVal s) {
            return s.items().stream().map(V::text).toList();
        }
        return List.of();
    }
}
