package org.fencecheck.proofs.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import org.fencecheck.tlc.Value;
import org.fencecheck.tlc.ValueJsonAdapter;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes {@code verdicts.json} and the per-trace JSON files, with one shared encoding of {@link Value}. */
public final class VerdictJson {

    private static final Gson GSON = new GsonBuilder()
            .registerTypeHierarchyAdapter(Value.class, new ValueJsonAdapter().nullSafe())
            .serializeNulls()
            .setPrettyPrinting()
            .disableHtmlEscaping()
            .create();

    private VerdictJson() {
    }

    /** The configured Gson, for callers that serialise other records of this package. */
    public static Gson gson() {
        return GSON;
    }

    /** Writes {@code report} to {@code file} as pretty-printed UTF-8 JSON. */
    public static void write(VerdictReport report, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            GSON.toJson(report, w);
            w.write('\n');
        }
    }

    /** Reads a {@code verdicts.json} written by {@link #write}. */
    public static VerdictReport read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return GSON.fromJson(r, VerdictReport.class);
        }
    }
}
