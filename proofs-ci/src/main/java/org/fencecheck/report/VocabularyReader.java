package org.fencecheck.report;

import org.fencecheck.tlc.JsonFields;
import org.fencecheck.tlc.ModelLabels;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code spec/vocabulary.json} into a {@link Vocabulary}. Malformed JSON, a missing or mistyped field, an
 * unknown key, a duplicate name and a reference to an undeclared lock or lock flavour are each a
 * {@link org.fencecheck.tlc.BadInputException} naming the file.
 */
public final class VocabularyReader {

    /** The file's name inside the spec folder. */
    public static final String FILE = "vocabulary.json";

    private static final Pattern FLAG = Pattern.compile("\\+[a-z][a-z0-9_]*");
    private static final Pattern ABBREVIATION = Pattern.compile("[A-Z0-9]{2}");

    private VocabularyReader() {
    }

    /** Reads and checks the file. */
    public static Vocabulary read(Path file) {
        JsonFields top = JsonFields.readFile(file, Set.of("about", "properties", "locks", "lockFlavours",
                "acquirePcs", "calls", "labels", "bound"));
        List<Vocabulary.Property> properties = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, String> abbreviations = new LinkedHashMap<>();
        for (JsonFields p : top.objects("properties", Set.of("name", "abbreviation", "deadlock"))) {
            String name = p.string("name");
            String abbreviation = p.string("abbreviation");
            if (!names.add(name)) {
                throw p.fail(p.where() + ": duplicate property \"" + name + "\"");
            }
            if (!ABBREVIATION.matcher(abbreviation).matches()) {
                throw p.fail(p.where() + ".abbreviation: \"" + abbreviation + "\" must be two capitals or digits");
            }
            String other = abbreviations.put(abbreviation, name);
            if (other != null) {
                throw p.fail(p.where() + ": abbreviation \"" + abbreviation + "\" of " + name + " is already "
                        + other + "'s");
            }
            properties.add(new Vocabulary.Property(name, abbreviation, p.bool("deadlock")));
        }
        Map<String, String> locks = pairs(top, "locks", "name", "c");
        Map<String, String> flavours = pairs(top, "lockFlavours", "how", "c");
        List<Vocabulary.AcquirePc> pcs = new ArrayList<>();
        Set<String> seenPcs = new HashSet<>();
        for (JsonFields a : top.objects("acquirePcs", Set.of("pc", "lock", "how", "byDriver"))) {
            String pc = a.string("pc");
            if (!seenPcs.add(pc)) {
                throw a.fail(a.where() + ": duplicate pc \"" + pc + "\"");
            }
            Map<String, Vocabulary.AcquirePc> byDriver = new LinkedHashMap<>();
            if (a.has("byDriver")) {
                JsonFields d = a.object("byDriver", null);
                for (String driver : d.keys()) {
                    JsonFields o = d.object(driver, Set.of("lock", "how"));
                    byDriver.put(driver, acquire(o, pc, o.has("lock") ? o.string("lock") : a.string("lock"),
                            o.has("how") ? o.string("how") : a.string("how"), locks, flavours, Map.of()));
                }
            }
            pcs.add(acquire(a, pc, a.string("lock"), a.string("how"), locks, flavours, byDriver));
        }
        Map<String, String> calls = pairs(top, "calls", "act", "fn");
        List<Vocabulary.LabelConstant> labels = new ArrayList<>();
        Set<String> seenLabels = new HashSet<>();
        List<String> known = ModelLabels.KEYS.stream().map(ModelLabels.Key::name).toList();
        for (JsonFields l : top.objects("labels", Set.of("label", "constant", "absent", "values", "shape"))) {
            String label = l.string("label");
            ModelLabels.Key key = ModelLabels.key(label).orElseThrow(() -> l.fail(l.where()
                    + ".label: unknown label \"" + label + "\" (a manifest key, one of " + known + ")"));
            if (!seenLabels.add(label)) {
                throw l.fail(l.where() + ": duplicate label \"" + label + "\"");
            }
            labels.add(label(l, key));
        }
        Vocabulary.LabelConstant driver = labels.stream().filter(l -> l.label().equals("driver")).findFirst()
                .orElse(null);
        for (Vocabulary.AcquirePc a : pcs) {
            for (String d : a.byDriver().keySet()) {
                if (driver == null || !driver.allows(d)) {
                    throw top.fail("acquirePcs (" + a.pc() + ").byDriver: \"" + d + "\" is not a value of the "
                            + "label \"driver\"");
                }
            }
        }
        List<Vocabulary.BoundWord> bound = new ArrayList<>();
        Set<String> words = new HashSet<>();
        for (JsonFields b : top.objects("bound", Set.of("word", "constant"))) {
            String word = b.string("word");
            if (!words.add(word)) {
                throw b.fail(b.where() + ": duplicate word \"" + word + "\"");
            }
            bound.add(new Vocabulary.BoundWord(word, b.string("constant")));
        }
        return new Vocabulary(file.toString(), properties, locks, flavours, pcs, calls, labels, bound);
    }

    /**
     * A label's constant, absent value and allowed values, typed like its manifest key: a boolean label's absent
     * value is a JSON boolean and its values are false and true; a text label's are strings.
     */
    private static Vocabulary.LabelConstant label(JsonFields l, ModelLabels.Key key) {
        String constant = l.string("constant");
        if (key.kind() == ModelLabels.Kind.BOOLEAN) {
            if (l.has("values")) {
                throw l.fail(l.where() + ".values: " + key.name() + " is true or false, it lists no values");
            }
            Boolean absent = l.optionalBoolean("absent");
            String flag = l.optionalString("shape");
            if (flag != null && !FLAG.matcher(flag).matches()) {
                throw l.fail(l.where() + ".shape: \"" + flag + "\" must be a flag such as \"+entry\" (" + key.name()
                        + " is true or false)");
            }
            return new Vocabulary.LabelConstant(key.name(), constant, absent == null ? null : absent.toString(),
                    List.of("false", "true"), flag);
        }
        String absent = l.optionalString("absent");
        List<String> values = l.has("values") ? l.strings("values") : null;
        if (values != null && absent != null && !values.contains(absent)) {
            throw l.fail(l.where() + ".absent: \"" + absent + "\" is not one of its values " + values);
        }
        String shape = l.optionalString("shape");
        if (shape != null && !shape.equals(Vocabulary.LabelConstant.SHAPE_VALUE)
                && !shape.equals(Vocabulary.LabelConstant.SHAPE_WITH_DESIGN)
                && !shape.equals(Vocabulary.LabelConstant.SHAPE_NAME)) {
            throw l.fail(l.where() + ".shape: \"" + shape + "\" must be \"" + Vocabulary.LabelConstant.SHAPE_VALUE
                    + "\", \"" + Vocabulary.LabelConstant.SHAPE_WITH_DESIGN + "\" or \""
                    + Vocabulary.LabelConstant.SHAPE_NAME + "\" (" + key.name() + "'s value is a part of the shape)");
        }
        return new Vocabulary.LabelConstant(key.name(), constant, absent, values, shape);
    }

    private static Vocabulary.AcquirePc acquire(JsonFields a, String pc, String lock, String how,
                                                Map<String, String> locks, Map<String, String> flavours,
                                                Map<String, Vocabulary.AcquirePc> byDriver) {
        if (!locks.containsKey(lock)) {
            throw a.fail(a.where() + ".lock: unknown lock \"" + lock + "\" (not in \"locks\")");
        }
        if (!how.equals(Vocabulary.DRIVER_WAY) && !flavours.containsKey(how)) {
            throw a.fail(a.where() + ".how: unknown flavour \"" + how + "\" (not in \"lockFlavours\", nor \""
                    + Vocabulary.DRIVER_WAY + "\")");
        }
        return new Vocabulary.AcquirePc(pc, lock, how, byDriver);
    }

    private static Map<String, String> pairs(JsonFields top, String key, String name, String value) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonFields o : top.objects(key, Set.of(name, value))) {
            String n = o.string(name);
            if (out.put(n, o.string(value)) != null) {
                throw o.fail(o.where() + ": duplicate " + name + " \"" + n + "\"");
            }
        }
        return out;
    }
}
