package org.fencecheck.gate;


import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/** Test helpers: the toy specs of src/test/resources/toy and a way to run the gate and capture its output. */
final class Toys {

    private Toys() {
    }

    static Path resource(String name) {
        return org.fencecheck.report.Fixtures.resource(name);
    }

    /** Copies the named toy files into {@code dir} and writes {@code manifest} as its manifest.json. */
    static Path specDir(Path dir, String manifest, String... files) {
        try {
            Path spec = Files.createDirectories(dir.resolve("spec"));
            for (String f : files) {
                Files.copy(resource("toy/" + f), spec.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.writeString(spec.resolve("manifest.json"), manifest, StandardCharsets.UTF_8);
            return spec;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The gate's exit code, stdout and stderr lines. */
    record Run(int exitCode, String out, List<String> err) {
        /** stderr lines that are not progress lines. */
        List<String> errors() {
            return err.stream().filter(l -> !l.matches("fencecheck: \\[\\d+/\\d+\\] .*")).toList();
        }
    }

    static Run gate(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Gate.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        String errText = err.toString(StandardCharsets.UTF_8);
        return new Run(code, out.toString(StandardCharsets.UTF_8),
                errText.isEmpty() ? List.of() : Arrays.asList(errText.split("\n")));
    }
}
