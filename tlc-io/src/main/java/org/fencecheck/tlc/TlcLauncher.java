package org.fencecheck.tlc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs TLC in a forked JVM ({@code java -Xmx.. [options] -cp jar tlc2.TLC -tool ...}) with a fresh
 * metadir that is deleted afterwards and the shared class archive of {@link TlcClassArchive}, kills it at the time limit, and parses its output into a {@link RunOutcome}.
 */
public final class TlcLauncher {

    private final Consumer<ProgressTick> progress;
    private final Consumer<String> lines;

    /** A launcher that reports TLC's progress messages to {@code progress}. */
    public TlcLauncher(Consumer<ProgressTick> progress) {
        this(progress, line -> { });
    }

    /**
     * A launcher that reports TLC's progress messages to {@code progress} and also hands every raw output line
     * (tagged {@code @!@!@} lines included) to {@code lines}, e.g. to keep TLC's output for a failure message.
     * Both are called from the thread reading TLC's output, one line at a time.
     */
    public TlcLauncher(Consumer<ProgressTick> progress, Consumer<String> lines) {
        this.progress = progress;
        this.lines = lines;
    }

    /** The command line for {@code run}, with {@code metadir} as TLC's metadir and the JVM's tmpdir. */
    static List<String> command(TlcInvocation inv, Path metadir) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // TLC writes the standard modules it parses (TLC.tla, Naturals.tla, ...) into java.io.tmpdir; two TLC
        // processes sharing /tmp (parallel jobs) read each other's half-written copies and fail to parse them.
        // Each run gets its own metadir, so it also gets its own tmpdir.
        // The collector is the manifest's choice (tlc.jvmOptions): two of them on one command line is an error.
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx" + inv.heap(),
                "-Djava.io.tmpdir=" + metadir));
        cmd.addAll(TlcClassArchive.jvmOptions(inv.jar()));
        cmd.addAll(inv.jvmOptions());
        cmd.addAll(List.of("-cp", inv.jar().toString(), "tlc2.TLC", "-tool", "-workers",
                Integer.toString(inv.workers()), "-metadir", metadir.toString(), "-config",
                inv.cfg().toAbsolutePath().toString()));
        cmd.addAll(inv.tlcOptions());
        cmd.add(inv.module());
        return List.copyOf(cmd);
    }

    /** Runs TLC once; I/O failures starting the process become a {@link RunOutcome.Kind#TLC_ERROR}. */
    public RunOutcome run(TlcInvocation inv) {
        OutcomeCollector collector = new OutcomeCollector(inv.specDir());
        ToolOutputParser parser = new ToolOutputParser(m -> {
            if (m.code() == 2200) {
                ProgressTick tick = ProgressTick.parse(m.body());
                if (tick != null) {
                    progress.accept(tick);
                }
            }
            collector.accept(m);
        });
        long start = System.nanoTime();
        Path metadir = null;
        try {
            metadir = Files.createTempDirectory("fencecheck-tlc-");
            Process process = new ProcessBuilder(command(inv, metadir))
                    .directory(inv.specDir().toFile())
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            Thread reader = new Thread(() -> pump(process, parser, lines), "tlc-output");
            reader.setDaemon(true);
            reader.start();
            long limitMillis = Math.max(1, (long) (inv.timeoutSeconds() * 1000));
            boolean finished = process.waitFor(limitMillis, TimeUnit.MILLISECONDS);
            if (!finished) {
                kill(process);
            }
            reader.join(10_000);
            double seconds = (System.nanoTime() - start) / 1e9;
            Integer exit = finished ? process.exitValue() : null;
            Integer timeout = finished ? null : (int) Math.ceil(inv.timeoutSeconds());
            synchronized (parser) {
                return collector.outcome(exit, seconds, parser.untagged(), timeout);
            }
        } catch (IOException e) {
            return failed(start, "cannot run TLC: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(start, "interrupted");
        } finally {
            deleteQuietly(metadir);
        }
    }

    private static void pump(Process process, ToolOutputParser parser, Consumer<String> lines) {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (parser) {
                    lines.accept(line);
                    parser.line(line);
                }
            }
        } catch (IOException ignored) {
            // the process was killed; what was read so far stands
        } finally {
            synchronized (parser) {
                parser.finish();
            }
        }
    }

    private static void kill(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private static RunOutcome failed(long start, String error) {
        return RunOutcome.failure(RunOutcome.Kind.TLC_ERROR, error, (System.nanoTime() - start) / 1e9);
    }

    static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }
}
