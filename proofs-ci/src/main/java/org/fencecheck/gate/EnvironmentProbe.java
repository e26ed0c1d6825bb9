package org.fencecheck.gate;

import org.fencecheck.proofs.model.Environment;
import org.fencecheck.tlc.TlcSettings;

/** Describes the machine the gate runs on. */
final class EnvironmentProbe {

    private EnvironmentProbe() {
    }

    static Environment describe(String tlcVersion, TlcSettings tlc) {
        String jdk = System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")";
        String os = System.getProperty("os.name") + " " + System.getProperty("os.arch");
        return new Environment(tlcVersion, jdk, Runtime.getRuntime().availableProcessors(), tlc.workers(),
                tlc.heap(), os, tlc.jobs(), tlc.jvmOptions());
    }
}
