package org.fencecheck.report;

import org.fencecheck.tlc.JsonFields;

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

    /** The manifest labels that state a cfg constant (bound is checked word by word, see "bound"). */
    private static final List<String> CHECKED_LABELS = List.of("design", "driver", "signaledOp", "mutation");

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
        for (JsonFields a : top.objects("acquirePcs", Set.of("pc", "lock", "how"))) {
            String pc = a.string("pc");
            String lock = a.string("lock");
            String how = a.string("how");
            if (!seenPcs.add(pc)) {
                throw a.fail(a.where() + ": duplicate pc \"" + pc + "\"");
            }
            if (!locks.containsKey(lock)) {
                throw a.fail(a.where() + ".lock: unknown lock \"" + lock + "\" (not in \"locks\")");
            }
            if (!how.equals(Vocabulary.DRIVER_WAY) && !flavours.containsKey(how)) {
                throw a.fail(a.where() + ".how: unknown flavour \"" + how + "\" (not in \"lockFlavours\", nor \""
                        + Vocabulary.DRIVER_WAY + "\")");
            }
            pcs.add(new Vocabulary.AcquirePc(pc, lock, how));
        }
        Map<String, String> calls = pairs(top, "calls", "act", "fn");
        List<Vocabulary.LabelConstant> labels = new ArrayList<>();
        Set<String> seenLabels = new HashSet<>();
        for (JsonFields l : top.objects("labels", Set.of("label", "constant", "absent"))) {
            String label = l.string("label");
            if (!CHECKED_LABELS.contains(label)) {
                throw l.fail(l.where() + ".label: unknown label \"" + label + "\" (one of " + CHECKED_LABELS + ")");
            }
            if (!seenLabels.add(label)) {
                throw l.fail(l.where() + ": duplicate label \"" + label + "\"");
            }
            labels.add(new Vocabulary.LabelConstant(label, l.string("constant"), l.optionalString("absent")));
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
