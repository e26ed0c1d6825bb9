package org.fencecheck.proofs;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.Map;

/**
 * Writes a JSON tree the way a person lays out a manifest: an object or array that fits on one line stays on one
 * line, anything longer is broken up with two-space indentation.
 */
final class JsonLayout {

    private static final int WIDTH = 110;
    private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private JsonLayout() {
    }

    static String format(JsonElement e) {
        StringBuilder sb = new StringBuilder();
        write(sb, e, 0, 0);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, JsonElement e, int depth, int column) {
        String compact = compact(e);
        if (!(e.isJsonObject() || e.isJsonArray()) || column + compact.length() <= WIDTH) {
            sb.append(compact);
            return;
        }
        String pad = "  ".repeat(depth + 1);
        if (e.isJsonObject()) {
            sb.append("{\n");
            int i = 0;
            JsonObject o = e.getAsJsonObject();
            for (Map.Entry<String, JsonElement> f : o.entrySet()) {
                String key = COMPACT.toJson(f.getKey()) + ": ";
                sb.append(pad).append(key);
                write(sb, f.getValue(), depth + 1, pad.length() + key.length());
                sb.append(++i < o.size() ? ",\n" : "\n");
            }
            sb.append("  ".repeat(depth)).append('}');
        } else {
            sb.append("[\n");
            JsonArray a = e.getAsJsonArray();
            for (int i = 0; i < a.size(); i++) {
                sb.append(pad);
                write(sb, a.get(i), depth + 1, pad.length());
                sb.append(i + 1 < a.size() ? ",\n" : "\n");
            }
            sb.append("  ".repeat(depth)).append(']');
        }
    }

    private static String compact(JsonElement e) {
        if (e.isJsonObject()) {
            StringBuilder sb = new StringBuilder("{");
            int i = 0;
            for (Map.Entry<String, JsonElement> f : e.getAsJsonObject().entrySet()) {
                sb.append(i++ > 0 ? ", " : "").append(COMPACT.toJson(f.getKey())).append(": ")
                        .append(compact(f.getValue()));
            }
            return sb.append('}').toString();
        }
        if (e.isJsonArray()) {
            StringBuilder sb = new StringBuilder("[");
            int i = 0;
            for (JsonElement x : e.getAsJsonArray()) {
                sb.append(i++ > 0 ? ", " : "").append(compact(x));
            }
            return sb.append(']').toString();
        }
        return COMPACT.toJson(e);
    }
}
