package org.fencecheck.gate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test helper: a copy of the repository's spec folder (modules, cfgs, manifest, data files, seed) in a temporary
 * folder, whose files a test may break, and a way to run the gate on it. Every bad input these tests make is
 * caught before TLC starts, so no test using it runs TLC.
 */
final class SpecCopy {

    private final Path spec;
    private final Path report;

    private SpecCopy(Path spec, Path report) {
        this.spec = spec;
        this.report = report;
    }

    /** The repository's spec folder ({@code fencecheck.spec.dir}, set by the build). */
    static Path repositorySpec() {
        String prop = System.getProperty("fencecheck.spec.dir");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "spec");
        return Files.isDirectory(p) ? p : Path.of("spec");
    }

    static SpecCopy of(Path tmp) {
        Path source = repositorySpec();
        Path spec = tmp.resolve("spec");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path to = spec.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else if (!p.toString().contains("scaling")) {
                    Files.copy(p, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SpecCopy(spec, tmp.resolve("report"));
    }

    Path spec() {
        return spec;
    }

    String read(String file) {
        try {
            return Files.readString(spec.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds the driver-shape models of src/test/resources/shapes (cfgs made by the lead's generator, entries with
     * the handler/opSignal/sideEffect/setsError/checkUnderLock/caller labels) that the copied manifest does not
     * have yet, so that every property of vocabulary.json is checked by some model and the new labels are in use.
     */
    SpecCopy withShapeModels() {
        com.google.gson.JsonArray models = com.google.gson.JsonParser.parseString(
                readResource("shapes/models.json")).getAsJsonArray();
        String manifest = read("manifest.json");
        StringBuilder added = new StringBuilder();
        for (com.google.gson.JsonElement e : models) {
            String name = e.getAsJsonObject().get("name").getAsString();
            String cfg = e.getAsJsonObject().get("config").getAsString();
            if (!manifest.contains("\"name\": \"" + name + "\"")) {
                added.append("\n    ").append(e).append(',');
            }
            if (!Files.exists(spec.resolve(cfg))) {
                write(cfg, readResource("shapes/" + cfg));
            }
        }
        return replace("manifest.json", "\"models\": [", "\"models\": [" + added);
    }

    private static String readResource(String name) {
        try {
            return Files.readString(org.fencecheck.report.Fixtures.resource(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the first occurrence of {@code from} (which must occur) in {@code file} by {@code to}. */
    SpecCopy replace(String file, String from, String to) {
        String text = read(file);
        int at = text.indexOf(from);
        if (at < 0) {
            throw new IllegalArgumentException(file + " has no \"" + from + "\"");
        }
        write(file, text.substring(0, at) + to + text.substring(at + from.length()));
        return this;
    }

    SpecCopy write(String file, String text) {
        try {
            Files.writeString(spec.resolve(file), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The gate's exit code and stderr lines, for a run limited to one small model. */
    record Run(int exitCode, List<String> err) {
    }

    Run gate() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Gate.execute(new String[] {"--spec", spec.toString(), "--report", report.toString(), "--only",
                "legacy_none"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        String text = err.toString(StandardCharsets.UTF_8);
        return new Run(code, text.isEmpty() ? List.of() : Arrays.asList(text.split("\n")));
    }
}
