package org.fencecheck.tlc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Typed fields of a data file: every problem names the file and where in it. */
class JsonFieldsTest {

    @TempDir
    Path tmp;

    private JsonFields top(String json) {
        Path f = tmp.resolve("data.json");
        try {
            Files.writeString(f, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return JsonFields.readFile(f, Set.of("items", "name", "flag"));
    }

    private String problem(Runnable r) {
        return assertThrows(BadInputException.class, r::run).problem();
    }

    @Test
    void readsTypedFields() {
        JsonFields t = top("{\"name\": \"n\", \"flag\": true, \"items\": [{\"id\": \"a\", \"tags\": [\"x\"]}]}");
        assertEquals("n", t.string("name"));
        assertEquals(true, t.bool("flag"));
        List<JsonFields> items = t.objects("items", Set.of("id", "tags"));
        assertEquals("a", items.get(0).string("id"));
        assertEquals(List.of("x"), items.get(0).strings("tags"));
        assertNull(items.get(0).optionalString("missing"));
    }

    @Test
    void everyProblemSaysWhere() {
        assertEquals("the top level: unknown key \"nmae\"", problem(() -> top("{\"nmae\": 1}")));
        JsonFields t = top("{\"name\": 1, \"items\": [{\"id\": \"\", \"tags\": [2]}, 3]}");
        assertEquals("name: must be a string", problem(() -> t.string("name")));
        assertEquals("flag: missing", problem(() -> t.bool("flag")));
        assertEquals("items[1]: must be an object", problem(() -> t.objects("items", Set.of("id", "tags"))));
        JsonFields item = top("{\"items\": [{\"id\": \"\", \"tags\": [2]}]}").objects("items", Set.of("id", "tags"))
                .get(0);
        assertEquals("items[0].id: empty", problem(() -> item.string("id")));
        assertEquals("items[0].tags[0]: must be a non-empty string", problem(() -> item.strings("tags")));
    }
}
