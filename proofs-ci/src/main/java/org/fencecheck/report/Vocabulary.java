package org.fencecheck.report;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/*
 * The spec's vocabulary as spec/vocabulary.json states it (read by VocabularyReader): property short names and
 * which properties are deadlocks, the C names of the locks, which program counters spin on which lock and how,
 * the calls through which a step enters another kernel function, and which manifest label is which cfg
 * constant. Nothing here is a fact of Java code: a new property or lock is added to the JSON file, not here.
 */

/** The vocabulary of the dma_fence spec, from {@code spec/vocabulary.json}. */
public final class Vocabulary {

    /** A property of the spec: its short name in the verdict matrix and whether its violation is a deadlock. */
    public record Property(String name, String abbreviation, boolean deadlock) {
    }

    /**
     * A pc at which a context takes a lock (and spins while it is held), how it takes it, and for some driver
     * labels another lock or way (drv_lock takes the fence lock itself, irqsave, when the driver lock is "fence").
     */
    public record AcquirePc(String pc, String lock, String how, Map<String, AcquirePc> byDriver) {
        public AcquirePc {
            byDriver = Map.copyOf(byDriver);
        }

        /** This pc's lock and way for a model whose driver label is {@code driverLabel} (may be null). */
        AcquirePc forDriver(String driverLabel) {
            return driverLabel == null ? this : byDriver.getOrDefault(driverLabel, this);
        }
    }

    /**
     * A manifest label and the cfg constant it states; {@code absent} is the constant's value without a label
     * (null: the label is required whenever the cfg has the constant); {@code values} the values the spec allows
     * (null: any), as text ({@code "legacy"}, {@code "true"}); {@code shape} its part of a model's driver shape
     * string ("fence/held/locked+entry"): {@link #SHAPE_VALUE} for a text label whose value is one slash-separated
     * part, a flag such as "+entry" for a boolean label that adds it when true, null for none.
     */
    public record LabelConstant(String label, String constant, String absent, List<String> values, String shape) {
        /** The {@code shape} of a label whose value is a part of the shape string. */
        public static final String SHAPE_VALUE = "value";

        /**
         * The {@code shape} of a label whose value is a part of the shape string but follows from the design (the
         * op's signalling: return_false exactly for legacy and reworked), so the driver-shape tables, whose
         * columns are designs, show it with the design instead of in the row.
         */
        public static final String SHAPE_WITH_DESIGN = "with-design";

        /**
         * The {@code shape} of a label that names the real driver a model follows (profile): when present and not
         * its absent value, "nouveau: " leads the shape string, so a driver's rows stand apart from the generic
         * shapes while the columns stay the designs (the driver atlas, docs/drivers.md).
         */
        public static final String SHAPE_NAME = "name";

        /** Whether the value is a slash-separated part of the shape string. */
        public boolean shapePart() {
            return SHAPE_VALUE.equals(shape) || SHAPE_WITH_DESIGN.equals(shape);
        }

        public LabelConstant {
            values = values == null ? null : List.copyOf(values);
        }

        /** A label without a part in the shape string. */
        public LabelConstant(String label, String constant, String absent, List<String> values) {
            this(label, constant, absent, values, null);
        }

        /** Whether the spec allows this value (always, when the vocabulary lists no values). */
        public boolean allows(String value) {
            return values == null || values.contains(value);
        }
    }

    /** A word of a manifest bound ("2 CPUs") and the cfg constant holding its number. */
    public record BoundWord(String word, String constant) {
    }

    /** The {@code how} of an acquire pc that means "the way the model's driver label says". */
    static final String DRIVER_WAY = "driver";

    private final String file;
    private final Map<String, Property> properties;
    private final Map<String, String> locks;
    private final Map<String, String> flavours;
    private final Map<String, AcquirePc> acquirePcs;
    private final Map<String, String> calls;
    private final List<LabelConstant> labels;
    private final List<BoundWord> bound;

    Vocabulary(String file, List<Property> properties, Map<String, String> locks, Map<String, String> flavours,
               List<AcquirePc> acquirePcs, Map<String, String> calls, List<LabelConstant> labels,
               List<BoundWord> bound) {
        this.file = file;
        this.properties = new LinkedHashMap<>();
        properties.forEach(p -> this.properties.put(p.name(), p));
        this.locks = Map.copyOf(locks);
        this.flavours = Map.copyOf(flavours);
        this.acquirePcs = new LinkedHashMap<>();
        acquirePcs.forEach(a -> this.acquirePcs.put(a.pc(), a));
        this.calls = Map.copyOf(calls);
        this.labels = List.copyOf(labels);
        this.bound = List.copyOf(bound);
    }

    /** The file it was read from, for error lines. */
    public String file() {
        return file;
    }

    /** Whether the vocabulary lists this property. */
    public boolean knows(String property) {
        return properties.containsKey(property);
    }

    /** Whether a violation of this property is a deadlock (a CPU spins forever, or TLC's "Deadlock reached"). */
    public boolean isDeadlock(String property) {
        Property p = properties.get(property);
        return p != null && p.deadlock();
    }

    /**
     * Unique short names for the given properties: the vocabulary's abbreviation, or for a property it does not
     * list (the gate refuses those; the report of an old verdicts.json may still have one) two letters made up
     * from its capitals.
     */
    public Map<String, String> abbreviate(Iterable<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        Set<String> reserved = new HashSet<>();
        properties.values().forEach(p -> reserved.add(p.abbreviation()));
        for (String n : names) {
            Property p = properties.get(n);
            String a = p == null || used.contains(p.abbreviation()) ? invent(n, used, reserved) : p.abbreviation();
            used.add(a);
            out.put(n, a);
        }
        return out;
    }

    private static String invent(String name, Set<String> used, Set<String> reserved) {
        StringBuilder caps = new StringBuilder();
        for (char ch : name.toCharArray()) {
            if (Character.isUpperCase(ch) || Character.isDigit(ch)) {
                caps.append(ch);
            }
        }
        String base = (caps.length() >= 2 ? caps.substring(0, 2) : (name + "xx").substring(0, 2)).toUpperCase();
        if (!used.contains(base) && !reserved.contains(base)) {
            return base;
        }
        for (int i = 2; i < 12; i++) {
            String a = base.charAt(0) + Integer.toString(i % 10);
            if (!used.contains(a) && !reserved.contains(a)) {
                return a;
            }
        }
        return base;
    }

    /** The C name of a lock ({@code fence->lock}), else the spec's name; "?" for none. */
    public String lockName(String lock) {
        return lock == null ? "?" : locks.getOrDefault(lock, lock);
    }

    /** The lock a context at this pc takes (and spins on while it is held), or null when the pc takes none. */
    public String lockTakenAt(String pc) {
        return lockTakenAt(pc, null);
    }

    /**
     * The lock a context at this pc takes in a model whose driver label is {@code driverLabel} (null: the lock
     * the vocabulary names first, e.g. "driver" for drv_lock), or null when the pc takes none.
     */
    public String lockTakenAt(String pc, String driverLabel) {
        AcquirePc a = pc == null ? null : acquirePcs.get(pc);
        return a == null ? null : a.forDriver(driverLabel).lock();
    }

    /**
     * The C call that takes the lock at this pc ({@code spin_lock_irqsave}); at a pc that takes it the driver's
     * way, the flavour of {@code driverLabel} (the model's {@code driver} label).
     */
    public String flavourAt(String pc, String driverLabel) {
        AcquirePc a = pc == null ? null : acquirePcs.get(pc);
        if (a == null) {
            return "?";
        }
        a = a.forDriver(driverLabel);
        if (a.how().equals(DRIVER_WAY)) {
            return driverLabel == null ? "the driver's way" : flavours.getOrDefault(driverLabel, driverLabel);
        }
        return flavours.getOrDefault(a.how(), a.how());
    }

    /** The kernel function a step enters when its {@code act} is this call, or null. */
    public String functionCalledBy(String act) {
        return act == null ? null : calls.get(act);
    }

    /** The label of this manifest key, if it states a cfg constant. */
    public java.util.Optional<LabelConstant> label(String name) {
        return labels.stream().filter(l -> l.label().equals(name)).findFirst();
    }

    /**
     * A model's driver shape as one compact string, e.g. {@code fence/held/locked+entry}: the value of every label
     * whose shape is {@link LabelConstant#SHAPE_VALUE} (its absent value when the model has no such label, "?" when
     * there is none), joined by "/", then the flag of every boolean label that is true.
     */
    public String shape(org.fencecheck.tlc.ModelLabels l) {
        return shape(l, true);
    }

    /**
     * The shape string; without the parts that follow from the design ({@link LabelConstant#SHAPE_WITH_DESIGN})
     * when {@code withDesignParts} is false: the row of a driver-shape table.
     */
    public String shape(org.fencecheck.tlc.ModelLabels l, boolean withDesignParts) {
        StringBuilder name = new StringBuilder();
        StringBuilder parts = new StringBuilder();
        StringBuilder flags = new StringBuilder();
        for (LabelConstant lc : labels) {
            if (LabelConstant.SHAPE_NAME.equals(lc.shape())) {
                String value = l == null ? null : l.text(lc.label());
                if (value != null && !value.equals(lc.absent())) {
                    name.append(value).append(": ");
                }
            } else if (lc.shapePart()) {
                if (withDesignParts || !LabelConstant.SHAPE_WITH_DESIGN.equals(lc.shape())) {
                    parts.append(parts.isEmpty() ? "" : "/").append(valueOrAbsent(l, lc));
                }
            } else if (lc.shape() != null && l != null && "true".equals(l.text(lc.label()))) {
                flags.append(lc.shape());
            }
        }
        return name.append(parts).append(flags).toString();
    }

    /** The parts of the shape string that follow from the design, e.g. "locked" (see {@link #shape(org.fencecheck.tlc.ModelLabels, boolean)}). */
    public String designParts(org.fencecheck.tlc.ModelLabels l) {
        List<String> parts = new java.util.ArrayList<>();
        for (LabelConstant lc : labels) {
            if (LabelConstant.SHAPE_WITH_DESIGN.equals(lc.shape())) {
                parts.add(valueOrAbsent(l, lc));
            }
        }
        return String.join("/", parts);
    }

    private static String valueOrAbsent(org.fencecheck.tlc.ModelLabels l, LabelConstant lc) {
        String value = l == null ? null : l.text(lc.label());
        return value != null ? value : lc.absent() != null ? lc.absent() : "?";
    }

    /**
     * Whether a model is one of the driver-shape models: it carries a label that has an absent value and a part in
     * the shape (handler, opSignal, sideEffect, ...), or the caller label. Older models carry only design, driver
     * and signaledOp.
     */
    public boolean isShapeModel(org.fencecheck.tlc.ModelLabels l) {
        if (l == null) {
            return false;
        }
        for (LabelConstant lc : labels) {
            boolean shapeLabel = lc.absent() != null && lc.shape() != null || lc.label().equals(CALLER);
            if (shapeLabel && l.text(lc.label()) != null) {
                return true;
            }
        }
        return false;
    }

    /** The label that splits the driver-shape models into one table each (the context of the kernel calls). */
    public static final String CALLER = "caller";

    /** A model's caller label, or its absent value, or "?". */
    public String caller(org.fencecheck.tlc.ModelLabels l) {
        String c = l == null ? null : l.text(CALLER);
        if (c != null) {
            return c;
        }
        return label(CALLER).map(LabelConstant::absent).orElse("?");
    }

    /** The manifest labels that state cfg constants. */
    public List<LabelConstant> labels() {
        return labels;
    }

    /** The words of a manifest bound and their constants. */
    public List<BoundWord> bound() {
        return bound;
    }

    /** The properties, in file order. */
    public List<Property> properties() {
        return List.copyOf(properties.values());
    }
}
