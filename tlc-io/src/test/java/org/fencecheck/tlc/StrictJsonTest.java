package org.fencecheck.tlc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strict JSON reader: what RFC 8259 forbids or Gson would silently accept is one line naming the file. */
class StrictJsonTest {

    @TempDir
    Path tmp;

    private BadInputException bad(String text) throws IOException {
        Path f = tmp.resolve("data.json");
        Files.writeString(f, text);
        return assertThrows(BadInputException.class, () -> StrictJson.read(f));
    }

    @Test
    void duplicateKeyIsRejected() throws IOException {
        BadInputException e = bad("{\"a\": 1, \"a\": 2}");
        assertEquals(tmp.resolve("data.json").toString(), e.file());
        assertTrue(e.problem().startsWith("malformed JSON: duplicate key \"a\""), e.problem());
    }

    @Test
    void trailingTextAndLenientSyntaxAreRejected() throws IOException {
        assertTrue(bad("{} {}").problem().startsWith("malformed JSON"));
        assertTrue(bad("{a: 1}").problem().startsWith("malformed JSON"));
        assertTrue(bad("[1,]").problem().startsWith("malformed JSON"));
    }

    @Test
    void missingFileIsNamed() {
        BadInputException e = assertThrows(BadInputException.class, () -> StrictJson.read(tmp.resolve("no.json")));
        assertEquals("file not found", e.problem());
    }

    @Test
    void wellFormedTextReads() throws IOException {
        Path f = tmp.resolve("ok.json");
        Files.writeString(f, "{\"n\": 12345678901, \"s\": [true, null]}");
        assertEquals(12345678901L, StrictJson.read(f).getAsJsonObject().get("n").getAsLong());
    }
}
