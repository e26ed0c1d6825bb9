package org.fencecheck.proofs.model;

/**
 * Where the gate ran.
 *
 * @param tlcVersion TLC's version line, e.g. "TLC2 Version 2.18 of 20 March 2023"
 * @param jdk        the JDK that ran TLC ({@code java.version} and vendor)
 * @param cores      available processors
 * @param workers    TLC worker threads
 * @param heap       TLC's -Xmx
 * @param os         operating system name and architecture
 * @param jobs       models checked at once (0 in reports written before the gate had jobs)
 * @param jvmOptions extra options of TLC's JVM (null in reports written before the gate had them)
 */
public record Environment(String tlcVersion, String jdk, int cores, int workers, String heap, String os,
                          int jobs, java.util.List<String> jvmOptions) {
}
