package org.fencecheck.tlc;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.internal.LazilyParsedNumber;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Parses RFC 8259 JSON into a Gson tree, rejecting duplicate keys and trailing text. */
public final class StrictJson {

    private StrictJson() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException with a one-line message naming line and column
     */
    public static JsonElement parse(String text) {
        try (Reader r = new StringReader(text)) {
            JsonReader in = new JsonReader(r);
            in.setStrictness(Strictness.STRICT);
            JsonElement root = read(in);
            if (in.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("unexpected text after the JSON value " + where(in));
            }
            return root;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new IllegalArgumentException(clean(e.getMessage()));
        }
    }

    /**
     * Reads and parses the JSON file {@code file}; a missing, unreadable or malformed file is a
     * {@link BadInputException} naming it.
     */
    public static JsonElement read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file.toString(), "file not found");
        } catch (IOException e) {
            throw new BadInputException(file.toString(), "cannot read: " + e.getMessage());
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file.toString(), "malformed JSON: " + e.getMessage());
        }
    }

    private static JsonElement read(JsonReader in) throws IOException {
        switch (in.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject o = new JsonObject();
                in.beginObject();
                while (in.hasNext()) {
                    String name = in.nextName();
                    if (o.has(name)) {
                        throw new IllegalArgumentException("duplicate key \"" + name + "\" " + where(in));
                    }
                    o.add(name, read(in));
                }
                in.endObject();
                return o;
            }
            case BEGIN_ARRAY -> {
                JsonArray a = new JsonArray();
                in.beginArray();
                while (in.hasNext()) {
                    a.add(read(in));
                }
                in.endArray();
                return a;
            }
            case STRING -> {
                return new JsonPrimitive(in.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(new LazilyParsedNumber(in.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(in.nextBoolean());
            }
            case NULL -> {
                in.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new IllegalArgumentException("unexpected " + in.peek() + " " + where(in));
        }
    }

    private static String where(JsonReader in) {
        return clean(in.toString().replaceFirst("^JsonReader", ""));
    }

    private static String clean(String message) {
        if (message == null) {
            return "malformed JSON";
        }
        return message.replaceAll("\\s*See https?://\\S+", "").replace("com.google.gson.stream.", "")
                .replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "syntax error")
                .replaceAll("\\s+", " ").replaceAll("\\.$", "").strip();
    }
}
