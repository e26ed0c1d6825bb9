package org.fencecheck.tlc;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code manifest.json} and validates its shape (see proofs-ci/README.md for the schema). Every problem is a
 * {@link BadInputException} naming the manifest; checks against the spec folder are
 * {@link ManifestChecks}'s job.
 */
public final class ManifestReader {

    private static final Set<String> TOP_KEYS = Set.of("tlc", "models", "ignoreConfigs", "simulations");
    private static final Set<String> SIMULATION_KEYS = Set.of("name", "module", "config", "scales", "bound",
            "description");
    private static final Set<String> TLC_KEYS = Set.of("workers", "heap", "timeoutSeconds", "jobs",
            "jvmOptions", "temporalJvmOptions");
    private static final Set<String> MODEL_KEYS = modelKeys();
    private static final Set<String> GROUPS = Set.of("default", "large", "broken");
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern MODULE_NAME = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern JVM_OPTION = Pattern.compile("-(XX:|D)[A-Za-z0-9_.+:=/-]+");
    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]");

    private final Path file;

    private ManifestReader(Path file) {
        this.file = file;
    }

    /** Reads and validates the manifest at {@code file}. */
    public static Manifest read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file.toString(), "manifest not found");
        } catch (IOException e) {
            throw new BadInputException(file.toString(), "cannot read: " + e.getMessage());
        }
        return parse(file, text);
    }

    /** Validates manifest text read from {@code file}. */
    public static Manifest parse(Path file, String text) {
        ManifestReader r = new ManifestReader(file);
        JsonElement root;
        try {
            root = StrictJson.parse(text);
        } catch (IllegalArgumentException e) {
            throw r.fail("malformed JSON: " + e.getMessage());
        }
        return r.manifest(root);
    }

    private Manifest manifest(JsonElement root) {
        JsonObject top = object(root, "the top level");
        keys(top, TOP_KEYS, "the top level");
        TlcSettings tlc = top.has("tlc") ? tlc(object(top.get("tlc"), "tlc")) : TlcSettings.DEFAULTS;
        if (!top.has("models")) {
            throw fail("missing \"models\"");
        }
        JsonArray array = array(top.get("models"), "models");
        if (array.isEmpty()) {
            throw fail("\"models\" is empty");
        }
        List<ModelEntry> models = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            ModelEntry m = model(array.get(i), "models[" + i + "]");
            if (!names.add(m.name())) {
                throw fail("models[" + i + "]: duplicate model name \"" + m.name() + "\"");
            }
            models.add(m);
        }
        List<String> ignore = new ArrayList<>();
        if (top.has("ignoreConfigs")) {
            JsonArray a = array(top.get("ignoreConfigs"), "ignoreConfigs");
            for (int i = 0; i < a.size(); i++) {
                ignore.add(string(a.get(i), "ignoreConfigs[" + i + "]"));
            }
        }
        List<SimulationEntry> simulations = new ArrayList<>();
        if (top.has("simulations")) {
            JsonArray a = array(top.get("simulations"), "simulations");
            Set<String> modelNames = Set.copyOf(names);
            for (int i = 0; i < a.size(); i++) {
                SimulationEntry s = simulation(a.get(i), "simulations[" + i + "]", modelNames);
                if (!names.add(s.name())) {
                    throw fail("simulations[" + i + "]: duplicate model name \"" + s.name() + "\"");
                }
                simulations.add(s);
            }
        }
        return new Manifest(file, tlc, models, ignore, simulations);
    }

    /** A simulation entry; {@code models} are the names of the manifest's models, which it may scale up. */
    private SimulationEntry simulation(JsonElement e, String where, Set<String> models) {
        JsonObject o = object(e, where);
        Identity id = identity(o, where, SIMULATION_KEYS);
        String name = id.name();
        String at = id.at();
        String module = id.module();
        String config = id.config();
        String scales = requiredString(o, "scales", at);
        if (!models.contains(scales)) {
            throw fail(at + ".scales: no model named \"" + scales + "\" (a simulation scales up a model of"
                    + " \"models\")");
        }
        return new SimulationEntry(name, module, config, scales, optionalString(o, "bound", at),
                optionalString(o, "description", at));
    }

    private TlcSettings tlc(JsonObject o) {
        keys(o, TLC_KEYS, "tlc");
        TlcSettings d = TlcSettings.DEFAULTS;
        int workers = o.has("workers") ? positiveInt(o.get("workers"), "tlc.workers") : d.workers();
        String heap = o.has("heap") ? string(o.get("heap"), "tlc.heap") : d.heap();
        if (!HEAP.matcher(heap).matches()) {
            throw fail("tlc.heap: \"" + heap + "\" is not a JVM heap size such as \"2g\" or \"1500m\"");
        }
        int timeout = o.has("timeoutSeconds") ? positiveInt(o.get("timeoutSeconds"), "tlc.timeoutSeconds")
                : d.timeoutSeconds();
        int jobs = o.has("jobs") ? positiveInt(o.get("jobs"), "tlc.jobs") : d.jobs();
        List<String> jvm = o.has("jvmOptions") ? jvmOptions(o, "jvmOptions") : d.jvmOptions();
        List<String> temporal = o.has("temporalJvmOptions") ? jvmOptions(o, "temporalJvmOptions") : jvm;
        return new TlcSettings(workers, heap, timeout, jobs, jvm, temporal);
    }

    private List<String> jvmOptions(JsonObject o, String key) {
        JsonArray a = array(o.get(key), "tlc." + key);
        List<String> jvm = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String opt = string(a.get(i), "tlc." + key + "[" + i + "]");
            if (!JVM_OPTION.matcher(opt).matches()) {
                throw fail("tlc." + key + "[" + i + "]: \"" + opt + "\" is not a JVM option such as "
                        + "\"-XX:TieredStopAtLevel=1\" (heap and class path are set by the gate)");
            }
            jvm.add(opt);
        }
        return jvm;
    }

    /** What a model and a simulation entry both have: a name, a module and a cfg, each checked. */
    private record Identity(String name, String at, String module, String config) {
    }

    /** The entry's name, module and config, after the check that it has only {@code allowed} keys. */
    private Identity identity(JsonObject o, String where, Set<String> allowed) {
        String name = requiredString(o, "name", where);
        if (!MODEL_NAME.matcher(name).matches()) {
            throw fail(where + ".name: \"" + name + "\" may hold only letters, digits, '_', '.' and '-'");
        }
        String at = where + " (" + name + ")";
        keys(o, allowed, at);
        String module = requiredString(o, "module", at);
        if (!MODULE_NAME.matcher(module).matches()) {
            throw fail(at + ".module: \"" + module + "\" is not a module name (no path, no .tla)");
        }
        String config = requiredString(o, "config", at);
        if (!config.endsWith(".cfg") || config.contains("..")) {
            throw fail(at + ".config: \"" + config + "\" must be a .cfg file inside the spec folder");
        }
        return new Identity(name, at, module, config);
    }

    private ModelEntry model(JsonElement e, String where) {
        JsonObject o = object(e, where);
        Identity id = identity(o, where, MODEL_KEYS);
        String name = id.name();
        String at = id.at();
        String module = id.module();
        String config = id.config();
        String group = o.has("group") ? string(o.get("group"), at + ".group") : "default";
        if (!GROUPS.contains(group)) {
            throw fail(at + ".group: \"" + group + "\" must be one of default, large, broken");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ModelLabels.Key k : ModelLabels.KEYS) {
            values.put(k.name(), k.kind() == ModelLabels.Kind.BOOLEAN ? optionalBoolean(o, k.name(), at)
                    : optionalString(o, k.name(), at));
        }
        ModelLabels labels = ModelLabels.of(values, optionalString(o, "bound", at),
                optionalString(o, "description", at));
        Long states = null;
        if (o.has("distinctStates") && !o.get("distinctStates").isJsonNull()) {
            states = nonNegativeLong(o.get("distinctStates"), at + ".distinctStates");
        }
        Integer timeout = o.has("timeoutSeconds") ? positiveInt(o.get("timeoutSeconds"), at + ".timeoutSeconds")
                : null;
        if (!o.has("expect")) {
            throw fail(at + ": missing \"expect\"");
        }
        JsonObject ex = object(o.get("expect"), at + ".expect");
        if (ex.isEmpty()) {
            throw fail(at + ".expect: no properties");
        }
        Map<String, Verdict> expect = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> p : ex.entrySet()) {
            String v = string(p.getValue(), at + ".expect." + p.getKey());
            expect.put(p.getKey(), switch (v) {
                case "holds" -> Verdict.HOLDS;
                case "violated" -> Verdict.VIOLATED;
                default -> throw fail(at + ".expect." + p.getKey() + ": \"" + v
                        + "\" must be \"holds\" or \"violated\"");
            });
        }
        ModelEntry entry = new ModelEntry(name, module, config, group, labels, states, timeout, expect);
        if (entry.refutationOnly()) {
            if (states != null) {
                throw fail(at + ".distinctStates: a broken model stops at its last refutation and has no state count");
            }
            for (Map.Entry<String, Verdict> v : expect.entrySet()) {
                if (v.getValue() != Verdict.VIOLATED) {
                    throw fail(at + ".expect." + v.getKey() + ": a broken model lists only the properties it"
                            + " violates (this one is expected to hold)");
                }
            }
        }
        return entry;
    }

    /** The keys of a model entry: its own, the prose labels and every constant label of {@link ModelLabels#KEYS}. */
    private static Set<String> modelKeys() {
        Set<String> keys = new HashSet<>(Set.of("name", "module", "config", "group", "bound", "description",
                "distinctStates", "timeoutSeconds", "expect"));
        ModelLabels.KEYS.forEach(k -> keys.add(k.name()));
        return Set.copyOf(keys);
    }

    private void keys(JsonObject o, Set<String> allowed, String where) {
        for (String k : o.keySet()) {
            if (!allowed.contains(k)) {
                throw fail(where + ": unknown key \"" + k + "\"");
            }
        }
    }

    private JsonObject object(JsonElement e, String where) {
        if (!e.isJsonObject()) {
            throw fail(where + " must be an object");
        }
        return e.getAsJsonObject();
    }

    private JsonArray array(JsonElement e, String where) {
        if (!e.isJsonArray()) {
            throw fail(where + " must be an array");
        }
        return e.getAsJsonArray();
    }

    private String requiredString(JsonObject o, String key, String where) {
        if (!o.has(key)) {
            throw fail(where + ": missing \"" + key + "\"");
        }
        String s = string(o.get(key), where + "." + key);
        if (s.isBlank()) {
            throw fail(where + "." + key + " is empty");
        }
        return s;
    }

    private String optionalString(JsonObject o, String key, String where) {
        return o.has(key) && !o.get(key).isJsonNull() ? string(o.get(key), where + "." + key) : null;
    }

    private Boolean optionalBoolean(JsonObject o, String key, String where) {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            return null;
        }
        JsonElement e = o.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw fail(where + "." + key + " must be true or false");
        }
        return e.getAsBoolean();
    }

    private String string(JsonElement e, String where) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw fail(where + " must be a string");
        }
        return e.getAsString();
    }

    private int positiveInt(JsonElement e, String where) {
        long v = nonNegativeLong(e, where);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw fail(where + " must be a positive integer");
        }
        return (int) v;
    }

    private long nonNegativeLong(JsonElement e, String where) {
        if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isNumber()) {
            throw fail(where + " must be a number");
        }
        BigDecimal d;
        try {
            d = e.getAsBigDecimal();
        } catch (NumberFormatException x) {
            throw fail(where + " must be a number");
        }
        if (d.signum() < 0 || d.stripTrailingZeros().scale() > 0 || d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw fail(where + " must be a non-negative integer");
        }
        return d.longValueExact();
    }

    private BadInputException fail(String problem) {
        return new BadInputException(file.toString(), problem);
    }
}
