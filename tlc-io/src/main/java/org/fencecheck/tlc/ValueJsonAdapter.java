package org.fencecheck.tlc;

import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/*
 * Integers, booleans and strings are plain JSON numbers, booleans and strings. Every other value is a one-key
 * object whose key names the kind:
 *   {"model": "c1"}  {"seq": [v, ...]}  {"set": [v, ...]}  {"record": {"field": v, ...}}
 *   {"function": [{"key": v, "value": v}, ...]}  {"raw": "text TLC printed that did not parse"}
 * The tag keeps sets apart from sequences and model values apart from strings, so reading back is exact.
 */
public final class ValueJsonAdapter extends TypeAdapter<Value> {

    @Override
    public void write(JsonWriter out, Value value) throws IOException {
        if (value == null) {
            out.nullValue();
            return;
        }
        if (value instanceof Value.IntVal v) {
            out.value(v.value());
            return;
        }
        if (value instanceof Value.BoolVal v) {
            out.value(v.value());
            return;
        }
        if (value instanceof Value.StrVal v) {
            out.value(v.value());
            return;
        }
        out.beginObject();
        if (value instanceof Value.ModelVal v) {
            out.name("model").value(v.name());
        } else if (value instanceof Value.SeqVal v) {
            writeList(out.name("seq"), v.items());
        } else if (value instanceof Value.SetVal v) {
            writeList(out.name("set"), v.items());
        } else if (value instanceof Value.RecordVal v) {
            out.name("record").beginObject();
            for (Map.Entry<String, Value> e : v.fields().entrySet()) {
                write(out.name(e.getKey()), e.getValue());
            }
            out.endObject();
        } else if (value instanceof Value.RawVal v) {
            out.name("raw").value(v.text());
        } else if (value instanceof Value.FunctionVal v) {
            out.name("function").beginArray();
            for (Value.Maplet m : v.maplets()) {
                out.beginObject();
                write(out.name("key"), m.key());
                write(out.name("value"), m.value());
                out.endObject();
            }
            out.endArray();
        }
        out.endObject();
    }

    private void writeList(JsonWriter out, List<Value> items) throws IOException {
        out.beginArray();
        for (Value item : items) {
            write(out, item);
        }
        out.endArray();
    }

    @Override
    public Value read(JsonReader in) throws IOException {
        switch (in.peek()) {
            case NULL -> {
                in.nextNull();
                return null;
            }
            case NUMBER -> {
                return new Value.IntVal(in.nextLong());
            }
            case BOOLEAN -> {
                return new Value.BoolVal(in.nextBoolean());
            }
            case STRING -> {
                return new Value.StrVal(in.nextString());
            }
            default -> {
            }
        }
        in.beginObject();
        String tag = in.nextName();
        Value value = switch (tag) {
            case "model" -> new Value.ModelVal(in.nextString());
            case "seq" -> new Value.SeqVal(readList(in));
            case "set" -> new Value.SetVal(readList(in));
            case "record" -> readRecord(in);
            case "function" -> readFunction(in);
            case "raw" -> new Value.RawVal(in.nextString());
            default -> throw new JsonParseException("unknown value kind '" + tag + "' at " + in.getPath());
        };
        in.endObject();
        return value;
    }

    private List<Value> readList(JsonReader in) throws IOException {
        List<Value> items = new ArrayList<>();
        in.beginArray();
        while (in.hasNext()) {
            items.add(read(in));
        }
        in.endArray();
        return items;
    }

    private Value readRecord(JsonReader in) throws IOException {
        Map<String, Value> fields = new LinkedHashMap<>();
        in.beginObject();
        while (in.hasNext()) {
            fields.put(in.nextName(), read(in));
        }
        in.endObject();
        return new Value.RecordVal(fields);
    }

    private Value readFunction(JsonReader in) throws IOException {
        List<Value.Maplet> maplets = new ArrayList<>();
        in.beginArray();
        while (in.hasNext()) {
            Value key = null;
            Value val = null;
            in.beginObject();
            while (in.hasNext()) {
                String name = in.nextName();
                if (name.equals("key")) {
                    key = read(in);
                } else if (name.equals("value")) {
                    val = read(in);
                } else {
                    throw new JsonParseException("unexpected '" + name + "' in a function entry at " + in.getPath());
                }
            }
            in.endObject();
            maplets.add(new Value.Maplet(key, val));
        }
        in.endArray();
        return new Value.FunctionVal(maplets);
    }
}
