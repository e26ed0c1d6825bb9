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
    private final TlcDistribution distribution;

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
        this(progress, lines, null);
    }

    /**
     * A launcher that runs {@link #run} on TLC's distributed engine as {@code distribution} says (null: the
     * standalone {@code tlc2.TLC}); {@link #runStandalone} stays standalone.
     */
    public TlcLauncher(Consumer<ProgressTick> progress, Consumer<String> lines, TlcDistribution distribution) {
        this.progress = progress;
        this.lines = lines;
        this.distribution = distribution;
    }

    /** The server's command line: TLCServer with the same JVM set-up, cfg and options as a standalone run. */
    static List<String> serverCommand(TlcInvocation inv, Path metadir) {
        List<String> cmd = new ArrayList<>(command(inv, metadir));
        int at = cmd.indexOf("tlc2.TLC");
        cmd.set(at, "tlc2.tool.distributed.TLCServer");
        int w = cmd.indexOf("-workers");
        cmd.remove(w + 1);
        cmd.remove(w);
        return List.copyOf(cmd);
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

    /**
     * Runs TLC once, distributed when this launcher is; I/O failures starting the process become a
     * {@link RunOutcome.Kind#TLC_ERROR}.
     */
    public RunOutcome run(TlcInvocation inv) {
        return launch(inv, distribution);
    }

    /** Runs the standalone {@code tlc2.TLC} once, whatever this launcher's distribution. */
    public RunOutcome runStandalone(TlcInvocation inv) {
        return launch(inv, null);
    }

    private RunOutcome launch(TlcInvocation inv, TlcDistribution dist) {
        OutcomeCollector collector = new OutcomeCollector(inv.specDir(), dist != null);
        List<Process> workers = new ArrayList<>();
        boolean[] workersStarted = {false};
        IOException[] workerFailure = {null};
        ToolOutputParser parser = new ToolOutputParser(m -> {
            // 7000: "TLC server ... is ready": the workers may register now
            if (m.code() == 7000 && dist != null && !workersStarted[0]) {
                workersStarted[0] = true;
                try {
                    for (List<String> w : dist.workerCommands(inv.jar(), inv.heap())) {
                        workers.add(new ProcessBuilder(w).redirectErrorStream(true)
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
                    }
                } catch (IOException e) {
                    workerFailure[0] = e;
                }
            }
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
            TlcInvocation run = dist == null ? inv : besideModules(inv, metadir);
            Process process = new ProcessBuilder(dist == null ? command(run, metadir) : serverCommand(run, metadir))
                    .directory(run.specDir().toFile())
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
            for (Process w : workers) {
                kill(w);
            }
            if (workerFailure[0] != null) {
                kill(process);
                return failed(start, "cannot start a TLC worker: " + workerFailure[0].getMessage());
            }
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

    /**
     * The invocation on copies of the spec's modules with the cfg beside them, in {@code metadir/spec}: a worker
     * reads the cfg by its file name from the server's module folder, so a derived cfg kept elsewhere (the
     * refuter's work folder) would not be found, and spec/ itself stays untouched.
     */
    private static TlcInvocation besideModules(TlcInvocation inv, Path metadir) throws IOException {
        Path dir = Files.createDirectories(metadir.resolve("spec"));
        try (Stream<Path> modules = Files.list(inv.specDir())) {
            for (Path m : modules.filter(f -> f.getFileName().toString().endsWith(".tla")).toList()) {
                Files.copy(m, dir.resolve(m.getFileName()));
            }
        }
        Path cfg = dir.resolve(inv.cfg().getFileName());
        Files.copy(inv.cfg(), cfg);
        return new TlcInvocation(inv.jar(), dir, inv.module(), cfg, inv.workers(), inv.heap(), inv.timeoutSeconds(),
                inv.jvmOptions(), inv.tlcOptions());
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
