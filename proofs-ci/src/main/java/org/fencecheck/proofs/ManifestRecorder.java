package org.fencecheck.proofs;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import org.fencecheck.tlc.StrictJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Rewrites the {@code distinctStates} of some models in the manifest ({@code --record}), keeping every other key
 * and its order; a model without the key gets it just before {@code expect}.
 */
public final class ManifestRecorder {

    private ManifestRecorder() {
    }

    /** Sets {@code distinctStates} of each named model to the given count and rewrites the file. */
    public static void record(Path manifest, Map<String, Long> counts) {
        try {
            JsonObject root = StrictJson.parse(Files.readString(manifest, StandardCharsets.UTF_8)).getAsJsonObject();
            for (JsonElement e : root.getAsJsonArray("models")) {
                JsonObject model = e.getAsJsonObject();
                Long count = counts.get(model.get("name").getAsString());
                if (count != null) {
                    set(model, count);
                }
            }
            Path tmp = manifest.resolveSibling(manifest.getFileName() + ".tmp");
            Files.writeString(tmp, JsonLayout.format(root), StandardCharsets.UTF_8);
            Files.move(tmp, manifest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | IllegalArgumentException e) {
            throw new GateException(2, manifest.toString(), "cannot record distinct states: " + e.getMessage());
        }
    }

    private static void set(JsonObject model, long count) {
        if (model.has("distinctStates")) {
            model.add("distinctStates", new JsonPrimitive(count));
            return;
        }
        Map<String, JsonElement> entries = new java.util.LinkedHashMap<>(model.asMap());
        model.asMap().clear();
        for (Map.Entry<String, JsonElement> f : entries.entrySet()) {
            if (f.getKey().equals("expect")) {
                model.add("distinctStates", new JsonPrimitive(count));
            }
            model.add(f.getKey(), f.getValue());
        }
        if (!model.has("distinctStates")) {
            model.add("distinctStates", new JsonPrimitive(count));
        }
    }
}
