package org.fencecheck.tlc;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/*
 * The labels of a manifest model. Most of them state one cfg constant each (design -> Design, handler -> Handler,
 * ...; which constant is spec/vocabulary.json's business, checked by proofs-ci's LabelCheck); bound and
 * description are prose. KEYS is the manifest schema of the constant labels: the JSON type of each key, read
 * generically by ManifestReader and looked up by name through text(). A new driver-shape label is one component,
 * one KEYS line and one vocabulary.json entry.
 */

/**
 * Labels of a model, copied from the manifest for the report; any of them may be null (absent: the cfg constant
 * has its default, see spec/vocabulary.json).
 *
 * @param design         {@code legacy} / {@code reworked} / {@code rfc2024} / {@code series2026}
 * @param driver         the driver lock: {@code none} / {@code irqsave} / {@code plain} / {@code irq} /
 *                       {@code fence} (the driver's lock is the fence lock)
 * @param signaledOp     whether the driver has a {@code ->signaled} op
 * @param bound          human-readable bound, e.g. "2 CPUs, 2 fences, 2 callbacks"
 * @param mutation       for the broken group, the name of the deliberate bug
 * @param description    one sentence saying what the model is for
 * @param handler        whether the interrupt handler keeps its lock across signalling: {@code held} / {@code dropped}
 * @param opSignal       what the op does on a passed fence: {@code return_false} / {@code signal} / {@code locked}
 * @param sideEffect     whether the op leaves an entry the signal and error paths undo
 * @param setsError      whether the op may fail and set fence->error
 * @param checkUnderLock whether the driver tests completion with ->signaled's function under the fence lock
 * @param caller         the context of the kernel calls: {@code process} / {@code irq_work} / {@code callback}
 * @param profile        the real driver the model follows (spec/DmaFenceDrivers.tla: {@code nouveau},
 *                       {@code xe_hw}, ..., a {@code _fixed} suffix for the corrected driver); absent = a driver
 *                       shape of the core model
 */
public record ModelLabels(String design, String driver, Boolean signaledOp, String bound, String mutation,
                          String description, String handler, String opSignal, Boolean sideEffect,
                          Boolean setsError, Boolean checkUnderLock, String caller, String profile) {

    /** The JSON type of a constant label. */
    public enum Kind { TEXT, BOOLEAN }

    /** A constant label: its manifest key, its JSON type and how to read it from a {@link ModelLabels}. */
    public record Key(String name, Kind kind, Function<ModelLabels, Object> get) {
    }

    /** The labels that state a cfg constant, in the order the report names them. */
    public static final List<Key> KEYS = List.of(
            new Key("design", Kind.TEXT, ModelLabels::design),
            new Key("driver", Kind.TEXT, ModelLabels::driver),
            new Key("signaledOp", Kind.BOOLEAN, ModelLabels::signaledOp),
            new Key("mutation", Kind.TEXT, ModelLabels::mutation),
            new Key("handler", Kind.TEXT, ModelLabels::handler),
            new Key("opSignal", Kind.TEXT, ModelLabels::opSignal),
            new Key("sideEffect", Kind.BOOLEAN, ModelLabels::sideEffect),
            new Key("setsError", Kind.BOOLEAN, ModelLabels::setsError),
            new Key("checkUnderLock", Kind.BOOLEAN, ModelLabels::checkUnderLock),
            new Key("caller", Kind.TEXT, ModelLabels::caller),
            new Key("profile", Kind.TEXT, ModelLabels::profile));

    /** Labels without the driver-shape and caller keys (older manifests and tests). */
    public ModelLabels(String design, String driver, Boolean signaledOp, String bound, String mutation,
                       String description) {
        this(design, driver, signaledOp, bound, mutation, description, null, null, null, null, null, null);
    }

    /** Labels of a model of the core's driver shapes (no driver profile). */
    public ModelLabels(String design, String driver, Boolean signaledOp, String bound, String mutation,
                       String description, String handler, String opSignal, Boolean sideEffect,
                       Boolean setsError, Boolean checkUnderLock, String caller) {
        this(design, driver, signaledOp, bound, mutation, description, handler, opSignal, sideEffect, setsError,
                checkUnderLock, caller, null);
    }

    /** Builds labels from constant-label values by key (String or Boolean as {@link #KEYS} says) and the prose. */
    public static ModelLabels of(Map<String, Object> values, String bound, String description) {
        return new ModelLabels((String) values.get("design"), (String) values.get("driver"),
                (Boolean) values.get("signaledOp"), bound, (String) values.get("mutation"), description,
                (String) values.get("handler"), (String) values.get("opSignal"), (Boolean) values.get("sideEffect"),
                (Boolean) values.get("setsError"), (Boolean) values.get("checkUnderLock"),
                (String) values.get("caller"), (String) values.get("profile"));
    }

    /** The constant label of this name, or empty when the schema has none. */
    public static Optional<Key> key(String name) {
        return KEYS.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    /** A constant label's value as text ({@code "legacy"}, {@code "true"}), or null when absent or not a label. */
    public String text(String name) {
        Object v = key(name).map(k -> k.get().apply(this)).orElse(null);
        return v == null ? null : v.toString();
    }
}
