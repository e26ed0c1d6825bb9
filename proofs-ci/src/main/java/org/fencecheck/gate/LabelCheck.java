package org.fencecheck.gate;

import org.fencecheck.report.Vocabulary;
import org.fencecheck.tlc.BadInputException;
import org.fencecheck.tlc.CfgFile;
import org.fencecheck.tlc.Manifest;
import org.fencecheck.tlc.ModelEntry;
import org.fencecheck.tlc.ModelLabels;
import org.fencecheck.tlc.Value;
import org.fencecheck.tlc.ValueParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/*
 * First, every cfg constant that vocabulary.json gives a list of values for (Design, DriverLock, Handler, OpSignal,
 * Caller, the booleans) must hold one of them: TLC would only fail on the spec's ASSUME with a line and column
 * of the module, so a typo such as Design = "v3" is named here, with its cfg, before any run.
 *
 * A model's labels in the manifest (design, driver, signaledOp, handler, ..., caller, mutation, bound) decide which claim it is
 * evidence for, and the report prints them as what TLC checked; they are only true if they say what the cfg
 * says. vocabulary.json names the cfg constant of each label ("design" -> Design) and of each word of a bound
 * ("fences" -> NumFences); a label is compared with the constant's value, a bound's number with the constant's
 * number or, for a set (Cbs) or an operator substituted for a set (CPUs <- MCCPUs2, defined in the model's
 * module), its size. A label without its constant in the cfg, a constant without its label, a broken model
 * without a mutation, and a cfg not named after the model's module (<module>_<model>.cfg) are errors too.
 */

/** Checks every model's labels against its cfg's CONSTANTS before any TLC run. */
final class LabelCheck {

    private static final Pattern BOUND_PART = Pattern.compile("\\s*(\\d+)\\s+([A-Za-z]+)(?:\\s+per\\s+CPU)?\\s*");

    private final Manifest manifest;
    private final Vocabulary vocabulary;
    private final Path specDir;

    private LabelCheck(Manifest manifest, Vocabulary vocabulary, Path specDir) {
        this.manifest = manifest;
        this.vocabulary = vocabulary;
        this.specDir = specDir;
    }

    /**
     * Checks every model of the manifest; a mismatch is a {@link BadInputException} naming the manifest, e.g.
     * {@code model x: label design=legacy but MCDmaFence_x.cfg has Design = "reworked"}.
     *
     * @param cfgs the parsed cfg of every model, by model name
     */
    static void check(Manifest manifest, Map<String, CfgFile> cfgs, Vocabulary vocabulary, Path specDir) {
        if (vocabulary.labels().isEmpty() && vocabulary.bound().isEmpty()) {
            return;
        }
        LabelCheck c = new LabelCheck(manifest, vocabulary, specDir);
        for (ModelEntry m : manifest.models()) {
            c.values(cfgs.get(m.name()));
        }
        for (ModelEntry m : manifest.models()) {
            c.model(m, cfgs.get(m.name()));
        }
    }

    /** Every labelled constant of the cfg holds a value the vocabulary allows; else one line naming the cfg. */
    private void values(CfgFile cfg) {
        for (Vocabulary.LabelConstant lc : vocabulary.labels()) {
            String text = cfg.constants().get(lc.constant());
            if (text == null) {
                continue;
            }
            String value = plain(ValueParser.parseLenient(text));
            if (!lc.allows(value)) {
                String allowed = lc.values().stream().map(v -> lc.values().contains("true") ? v.toUpperCase()
                        : "\"" + v + "\"").reduce((a, b) -> a + ", " + b).orElse("");
                throw new BadInputException(cfg.path().toString(), lc.constant() + " = " + text + " is not one of "
                        + allowed + " (the values of label " + lc.label() + " in " + vocabulary.file() + ")");
            }
        }
    }

    private void model(ModelEntry m, CfgFile cfg) {
        ModelLabels labels = m.labels();
        if (!m.config().startsWith(m.module() + "_") && !m.config().equals(m.module() + ".cfg")) {
            throw fail(m, "module " + m.module() + " but " + m.config() + " is not one of its cfgs (they are named "
                    + m.module() + "_<model>.cfg)");
        }
        for (Vocabulary.LabelConstant lc : vocabulary.labels()) {
            String label = labels.text(lc.label());
            String text = cfg.constants().get(lc.constant());
            String value = text == null ? null : plain(ValueParser.parseLenient(text));
            if (label != null && value == null) {
                throw fail(m, "label " + lc.label() + "=" + label + " but " + m.config() + " has no constant "
                        + lc.constant());
            }
            if (label == null && value != null && !value.equals(lc.absent())) {
                throw fail(m, "no label " + lc.label() + " but " + m.config() + " has " + lc.constant() + " = "
                        + text);
            }
            if (label != null && !label.equals(value)) {
                throw fail(m, "label " + lc.label() + "=" + label + " but " + m.config() + " has " + lc.constant()
                        + " = " + text);
            }
        }
        if (m.group().equals("broken") && (labels.mutation() == null || labels.mutation().equals("none"))) {
            throw fail(m, "group broken but no mutation label (the cfg's Mutation names the deliberate bug)");
        }
        if (labels.bound() != null) {
            bound(m, cfg, labels.bound());
        }
    }

    private void bound(ModelEntry m, CfgFile cfg, String bound) {
        for (String part : bound.split(",")) {
            Matcher p = BOUND_PART.matcher(part);
            if (!p.matches()) {
                throw fail(m, "label bound \"" + bound + "\": \"" + part.strip() + "\" is not \"<number> <word>\"");
            }
            long said = Long.parseLong(p.group(1));
            String word = p.group(2);
            Vocabulary.BoundWord w = vocabulary.bound().stream().filter(b -> b.word().equals(word)).findFirst()
                    .orElseThrow(() -> fail(m, "label bound \"" + bound + "\": unknown word \"" + word + "\" (not in "
                            + vocabulary.file() + ")"));
            Optional<Long> actual = number(m, cfg, w.constant());
            if (actual.isEmpty()) {
                throw fail(m, "label bound says " + said + " " + word + " but " + m.config() + " has no constant "
                        + w.constant());
            }
            if (actual.get() != said) {
                String has = cfg.constants().containsKey(w.constant())
                        ? w.constant() + " = " + cfg.constants().get(w.constant())
                        : w.constant() + " <- " + cfg.substitutions().get(w.constant()) + " (" + actual.get()
                        + " elements)";
                throw fail(m, "label bound says " + said + " " + word + " but " + m.config() + " has " + has);
            }
        }
    }

    /** The number a constant stands for: an integer, or the size of a set, or of the set an operator names. */
    private Optional<Long> number(ModelEntry m, CfgFile cfg, String constant) {
        Value v = cfg.constant(constant).orElse(null);
        if (v == null && cfg.substitutions().containsKey(constant)) {
            v = definition(m, cfg.substitutions().get(constant));
        }
        if (v instanceof Value.IntVal i) {
            return Optional.of(i.value());
        }
        if (v instanceof Value.SetVal s) {
            return Optional.of((long) s.items().size());
        }
        return Optional.empty();
    }

    /**
     * The value of {@code Op == <value>} in the model's module or a module it extends from the spec folder (e.g.
     * MCCPUs2 == {c1, c2}, which MCDmaFenceCbSym has from MCDmaFence), or null.
     */
    private Value definition(ModelEntry m, String op) {
        return definition(m.module(), op, new java.util.HashSet<>());
    }

    private Value definition(String name, String op, java.util.Set<String> seen) {
        Path module = specDir.resolve(name + ".tla");
        if (!seen.add(name) || !Files.isRegularFile(module)) {
            return null;
        }
        try {
            String text = Files.readString(module, StandardCharsets.UTF_8);
            Matcher d = Pattern.compile("(?m)^" + Pattern.quote(op) + "\\s*==\\s*(\\{[^}]*\\})").matcher(text);
            if (d.find()) {
                return ValueParser.parseLenient(d.group(1));
            }
            Matcher ext = Pattern.compile("(?m)^EXTENDS[ \\t]+([\\w \\t,]+)$").matcher(text);
            if (ext.find()) {
                for (String parent : ext.group(1).split(",")) {
                    Value v = definition(parent.strip(), op, seen);
                    if (v != null) {
                        return v;
                    }
                }
            }
            return null;
        } catch (IOException e) {
            throw new BadInputException(module.toString(), "cannot read: " + e.getMessage());
        }
    }

    private static String plain(Value v) {
        if (v instanceof Value.StrVal s) {
            return s.value();
        }
        if (v instanceof Value.BoolVal b) {
            return Boolean.toString(b.value());
        }
        return v.toTla();
    }

    private BadInputException fail(ModelEntry m, String problem) {
        return new BadInputException(manifest.file().toString(), "model " + m.name() + ": " + problem);
    }
}
