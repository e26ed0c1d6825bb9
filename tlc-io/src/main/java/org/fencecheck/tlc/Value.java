package org.fencecheck.tlc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An immutable TLA+ value as TLC prints it in a counterexample.
 *
 * <p>{@link #toTla()} gives back TLC's own notation. Functions whose domain is {@code 1..n} arrive as
 * {@link SeqVal} and functions over a set of strings arrive as {@link RecordVal}, exactly as TLC prints them.
 */
public sealed interface Value {

    /** TLC's notation of this value. */
    String toTla();

    /** An integer, possibly negative. */
    record IntVal(long value) implements Value {
        public String toTla() {
            return Long.toString(value);
        }
    }

    /** {@code TRUE} or {@code FALSE}. */
    record BoolVal(boolean value) implements Value {
        public String toTla() {
            return value ? "TRUE" : "FALSE";
        }
    }

    /** A string literal, without its quotes. */
    record StrVal(String value) implements Value {
        public String toTla() {
            return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
    }

    /** A model value (an unquoted name from the cfg, such as {@code c1}). */
    record ModelVal(String name) implements Value {
        public String toTla() {
            return name;
        }
    }

    /** A sequence {@code <<a, b>>}. */
    record SeqVal(List<Value> items) implements Value {
        public SeqVal {
            items = List.copyOf(items);
        }

        public String toTla() {
            return items.stream().map(Value::toTla).collect(Collectors.joining(", ", "<<", ">>"));
        }
    }

    /** A set {@code {a, b}}, in TLC's printing order. */
    record SetVal(List<Value> items) implements Value {
        public SetVal {
            items = List.copyOf(items);
        }

        public String toTla() {
            return items.stream().map(Value::toTla).collect(Collectors.joining(", ", "{", "}"));
        }
    }

    /** A record {@code [a |-> 1, b |-> 2]}, fields in TLC's printing order. */
    record RecordVal(Map<String, Value> fields) implements Value {
        public RecordVal {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        /** The field's value, or null when the record has no such field. */
        public Value field(String name) {
            return fields.get(name);
        }

        public String toTla() {
            return fields.entrySet().stream()
                    .map(e -> e.getKey() + " |-> " + e.getValue().toTla())
                    .collect(Collectors.joining(", ", "[", "]"));
        }
    }

    /** A function {@code (k1 :> v1 @@ k2 :> v2)}. */
    record FunctionVal(List<Maplet> maplets) implements Value {
        public FunctionVal {
            maplets = List.copyOf(maplets);
        }

        /** The value at {@code key}, or null outside the domain. */
        public Value apply(Value key) {
            for (Maplet m : maplets) {
                if (m.key().equals(key)) {
                    return m.value();
                }
            }
            return null;
        }

        /** The domain, in printing order. */
        public List<Value> domain() {
            List<Value> keys = new ArrayList<>();
            maplets.forEach(m -> keys.add(m.key()));
            return keys;
        }

        public String toTla() {
            if (maplets.isEmpty()) {
                return "<<>>";
            }
            return maplets.stream()
                    .map(m -> m.key().toTla() + " :> " + m.value().toTla())
                    .collect(Collectors.joining(" @@ ", "(", ")"));
        }
    }

    /** Text TLC printed that the value parser does not understand, kept verbatim so a trace never gets lost. */
    record RawVal(String text) implements Value {
        public String toTla() {
            return text;
        }
    }

    /** One pair {@code key :> value} of a {@link FunctionVal}. */
    record Maplet(Value key, Value value) {
    }
}
