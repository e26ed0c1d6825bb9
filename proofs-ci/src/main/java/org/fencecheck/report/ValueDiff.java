package org.fencecheck.report;

import org.fencecheck.tlc.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parts of a value that changed between two states, as {@code path = value} lines: records and functions
 * with the same fields or domain, and sequences of the same length, are compared element by element
 * ({@code fr[c1].proc.pc = "en_tas"}); anything else that differs, and a short record whose fields all
 * changed, is shown whole.
 */
final class ValueDiff {

    private static final int SHORT = 60;

    private ValueDiff() {
    }

    /** The changed parts of variable {@code name}; the whole new value when {@code before} is null. */
    static List<String> lines(String name, Value before, Value after) {
        List<String> out = new ArrayList<>();
        diff(name, before, after, out);
        return out;
    }

    private static void diff(String path, Value before, Value after, List<String> out) {
        if (Objects.equals(before, after)) {
            return;
        }
        if (before instanceof Value.RecordVal b && after instanceof Value.RecordVal a
                && b.fields().keySet().equals(a.fields().keySet()) && !allFieldsDiffer(b, a)) {
            for (Map.Entry<String, Value> f : a.fields().entrySet()) {
                diff(path + "." + f.getKey(), b.field(f.getKey()), f.getValue(), out);
            }
        } else if (before instanceof Value.FunctionVal b && after instanceof Value.FunctionVal a
                && b.domain().equals(a.domain())) {
            for (Value.Maplet m : a.maplets()) {
                diff(path + "[" + m.key().toTla() + "]", b.apply(m.key()), m.value(), out);
            }
        } else if (before instanceof Value.SeqVal b && after instanceof Value.SeqVal a
                && b.items().size() == a.items().size()) {
            for (int i = 0; i < a.items().size(); i++) {
                diff(path + "[" + (i + 1) + "]", b.items().get(i), a.items().get(i), out);
            }
        } else {
            out.add(path + " = " + after.toTla());
        }
    }

    private static boolean allFieldsDiffer(Value.RecordVal before, Value.RecordVal after) {
        return after.fields().size() > 1 && after.toTla().length() <= SHORT && after.fields().entrySet().stream()
                .noneMatch(f -> f.getValue().equals(before.field(f.getKey())));
    }
}
