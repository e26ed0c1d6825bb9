package org.fencecheck.driver;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The models of spec/manifest.json with the CONSTANTS of their cfg, as text ({@code "\"reworked\""},
 * {@code "TRUE"}, {@code "{\"add\", \"enable\"}"}). A test reads the verdicts from here; it never restates them.
 */
public final class SpecModels {

    /** One model: its name, module, group, cfg constants and TLC's expected verdict per property. */
    public record Entry(String name, String module, String group, Map<String, String> constants,
                        Map<String, String> expect) {
    }

    private static final Pattern CONSTANT = Pattern.compile("^\\s+([A-Za-z][A-Za-z0-9]*)\\s*=\\s*(.+?)\\s*$");

    private SpecModels() {
    }

    /** The spec folder ({@code fencecheck.spec.dir}, default {@code ../spec} from impl/). */
    public static Path specDir() {
        return Paths.get(System.getProperty("fencecheck.spec.dir", "../spec"));
    }

    /**
     * Reads the manifest and each model's cfg.
     *
     * @param spec the spec folder
     * @return the models in manifest order
     * @throws IOException           if a file cannot be read
     * @throws IllegalStateException naming the file and what is wrong with it
     */
    public static List<Entry> read(Path spec) throws IOException {
        Path manifest = spec.resolve("manifest.json");
        JsonObject root = JsonParser.parseString(Files.readString(manifest)).getAsJsonObject();
        if (!root.has("models") || !root.get("models").isJsonArray()) {
            throw new IllegalStateException(manifest + ": no \"models\" array");
        }
        List<Entry> out = new ArrayList<>();
        for (JsonElement el : root.getAsJsonArray("models")) {
            JsonObject m = el.getAsJsonObject();
            String name = m.get("name").getAsString();
            Map<String, String> expect = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : m.getAsJsonObject("expect").entrySet()) {
                expect.put(e.getKey(), e.getValue().getAsString());
            }
            Path cfg = spec.resolve(m.get("config").getAsString());
            String group = m.has("group") ? m.get("group").getAsString() : "default";
            out.add(new Entry(name, m.get("module").getAsString(), group, constants(cfg), expect));
        }
        return out;
    }

    /** The {@code Name = value} lines of a cfg's CONSTANTS section (model values and {@code <-} left out). */
    public static Map<String, String> constants(Path cfg) throws IOException {
        if (!Files.isRegularFile(cfg)) {
            throw new IllegalStateException(cfg + ": the manifest names a cfg that does not exist");
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean in = false;
        for (String line : Files.readAllLines(cfg)) {
            if (line.startsWith("CONSTANTS")) {
                in = true;
                continue;
            }
            if (in && !line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                in = false;
            }
            Matcher m = CONSTANT.matcher(line);
            if (in && m.matches() && !m.group(2).equals(m.group(1))) {
                out.put(m.group(1), m.group(2));
            }
        }
        return out;
    }
}
