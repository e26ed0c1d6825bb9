/**
 * Running TLC and reading what it and the spec folder say; shared by the gate (proofs-ci) and the property
 * tests.
 *
 * <ul>
 *   <li>Running: {@link org.fencecheck.tlc.TlcLauncher} forks TLC ({@link org.fencecheck.tlc.TlcInvocation},
 *       the jar from {@link org.fencecheck.tlc.TlcJar}) with its own metadir and {@code java.io.tmpdir} per run,
 *       and turns its {@code -tool} output ({@link org.fencecheck.tlc.ToolOutputParser},
 *       {@link org.fencecheck.tlc.OutcomeCollector}, {@link org.fencecheck.tlc.TraceReader}) into a
 *       {@link org.fencecheck.tlc.RunOutcome}.</li>
 *   <li>Values: {@link org.fencecheck.tlc.ValueParser} reads TLC's value syntax into {@link org.fencecheck.tlc.Value};
 *       {@link org.fencecheck.tlc.ValueJsonAdapter} stores values in JSON.</li>
 *   <li>Spec folder: {@link org.fencecheck.tlc.CfgParser} reads cfg files (checked properties, CONSTANTS);
 *       {@link org.fencecheck.tlc.ManifestReader} reads {@code spec/manifest.json} (models, groups, labels,
 *       expected verdicts, distinct states) and {@link org.fencecheck.tlc.ManifestChecks} checks it against the
 *       cfgs.</li>
 *   <li>JSON: {@link org.fencecheck.tlc.StrictJson} (RFC 8259, no duplicate keys) and
 *       {@link org.fencecheck.tlc.JsonFields} (typed fields of a data file, unknown keys rejected).</li>
 * </ul>
 *
 * Bad input is a {@link org.fencecheck.tlc.BadInputException} naming the file and the problem in one line.
 */
package org.fencecheck.tlc;
