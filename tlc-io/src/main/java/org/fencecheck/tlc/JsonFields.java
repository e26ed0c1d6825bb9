package org.fencecheck.tlc;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Typed access to the fields of one JSON object of a data file, every problem a {@link BadInputException}
 * naming the file and where in it ({@code claims[2].id}). Unknown keys are rejected, so a misspelt optional
 * field is an error instead of being silently ignored.
 */
public final class JsonFields {

    private final Path file;
    private final JsonObject object;
    private final String where;

    private JsonFields(Path file, JsonObject object, String where) {
        this.file = file;
        this.object = object;
        this.where = where;
    }

    /** The top-level object of the JSON file {@code file}, read with {@link StrictJson}. */
    public static JsonFields readFile(Path file, Set<String> allowedKeys) {
        JsonElement root = StrictJson.read(file);
        if (!root.isJsonObject()) {
            throw new BadInputException(file.toString(), "the top level must be an object");
        }
        return new JsonFields(file, root.getAsJsonObject(), "the top level").allow(allowedKeys);
    }

    private JsonFields allow(Set<String> allowedKeys) {
        if (allowedKeys == null) {
            return this;
        }
        for (String k : object.keySet()) {
            if (!allowedKeys.contains(k)) {
                throw fail(where + ": unknown key \"" + k + "\"");
            }
        }
        return this;
    }

    /** A problem at this object, as the exception to throw. */
    public BadInputException fail(String problem) {
        return new BadInputException(file.toString(), problem);
    }

    /** Where this object is, e.g. {@code claims[2]}. */
    public String where() {
        return where;
    }

    /** Whether the key is present and not null. */
    public boolean has(String key) {
        return object.has(key) && !object.get(key).isJsonNull();
    }

    /** A required non-empty string. */
    public String string(String key) {
        String s = optionalString(key);
        if (s == null) {
            throw fail(path(key) + ": missing");
        }
        if (s.isBlank()) {
            throw fail(path(key) + ": empty");
        }
        return s;
    }

    /** An optional string, null when absent or null. */
    public String optionalString(String key) {
        if (!has(key)) {
            return null;
        }
        JsonElement e = object.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw fail(path(key) + ": must be a string");
        }
        return e.getAsString();
    }

    /** An optional boolean, null when absent or null. */
    public Boolean optionalBoolean(String key) {
        if (!has(key)) {
            return null;
        }
        JsonElement e = object.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw fail(path(key) + ": must be true or false");
        }
        return e.getAsBoolean();
    }

    /** A required boolean. */
    public boolean bool(String key) {
        Boolean b = optionalBoolean(key);
        if (b == null) {
            throw fail(path(key) + ": missing");
        }
        return b;
    }

    /** A required array of non-empty strings. */
    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        JsonArray a = array(key);
        for (int i = 0; i < a.size(); i++) {
            JsonElement e = a.get(i);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().isBlank()) {
                throw fail(path(key) + "[" + i + "]: must be a non-empty string");
            }
            out.add(e.getAsString());
        }
        return out;
    }

    /** A required array of objects, each allowing {@code allowedKeys}. */
    public List<JsonFields> objects(String key, Set<String> allowedKeys) {
        List<JsonFields> out = new ArrayList<>();
        JsonArray a = array(key);
        for (int i = 0; i < a.size(); i++) {
            JsonElement e = a.get(i);
            String at = path(key) + "[" + i + "]";
            if (!e.isJsonObject()) {
                throw fail(at + ": must be an object");
            }
            out.add(new JsonFields(file, e.getAsJsonObject(), at).allow(allowedKeys));
        }
        return out;
    }

    /** A required object allowing {@code allowedKeys} (null: any key, e.g. a map whose keys are data). */
    public JsonFields object(String key, Set<String> allowedKeys) {
        if (!has(key)) {
            throw fail(path(key) + ": missing");
        }
        JsonElement e = object.get(key);
        if (!e.isJsonObject()) {
            throw fail(path(key) + ": must be an object");
        }
        return new JsonFields(file, e.getAsJsonObject(), path(key)).allow(allowedKeys);
    }

    /** The keys of this object, in file order. */
    public List<String> keys() {
        return List.copyOf(object.keySet());
    }

    private JsonArray array(String key) {
        if (!has(key)) {
            throw fail(path(key) + ": missing");
        }
        JsonElement e = object.get(key);
        if (!e.isJsonArray()) {
            throw fail(path(key) + ": must be an array");
        }
        return e.getAsJsonArray();
    }

    private String path(String key) {
        return where.equals("the top level") ? key : where + "." + key;
    }
}
