package org.fencecheck.report;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/*
 * PIT's verdict on a module's tests, read from <module>/target/pit-reports/mutations.xml (written by
 * `mvn -Pmutation -pl impl verify`; root <mutations>, one <mutation status="KILLED|SURVIVED|NO_COVERAGE|
 * TIMED_OUT|MEMORY_ERROR|RUN_ERROR|NON_VIABLE" ...> per mutant). Like the Surefire summaries, the report shows
 * what the last run left behind, with its date; it never runs PIT.
 */

/**
 * The mutation score of one module: how many of PIT's mutants its tests detect, by status.
 *
 * @param statuses mutants per PIT status
 * @param written  when mutations.xml was written
 * @param problem  why the file could not be read (null when it was)
 */
record MutationScore(Map<String, Integer> statuses, FileTime written, String problem) {

    /** The file PIT writes in a module. */
    static final String FILE = "target/pit-reports/mutations.xml";

    /** Reads {@code module}'s mutations.xml; null when PIT has not run there. */
    static MutationScore read(Path module) {
        Path f = module.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            Document d = TestLayers.xmlReader().parse(f.toFile());
            Element root = d.getDocumentElement();
            if (!root.getTagName().equals("mutations")) {
                throw new IOException("root element is <" + root.getTagName() + ">, not <mutations>");
            }
            Map<String, Integer> by = new TreeMap<>();
            NodeList ms = root.getElementsByTagName("mutation");
            for (int i = 0; i < ms.getLength(); i++) {
                String s = ((Element) ms.item(i)).getAttribute("status");
                if (s.isEmpty()) {
                    throw new IOException("mutation " + (i + 1) + " has no status");
                }
                by.merge(s, 1, Integer::sum);
            }
            return new MutationScore(by, Files.getLastModifiedTime(f), null);
        } catch (Exception e) {
            return new MutationScore(Map.of(), null, FILE + ": " + e.getMessage());
        }
    }

    /** "target/pit-reports/mutations.xml of 2026-12-05 12:45 UTC", or "" when the file was unreadable. */
    String source(java.time.format.DateTimeFormatter fmt) {
        return written == null ? "" : FILE + " of " + fmt.format(written.toInstant());
    }

    /** All mutants PIT generated (non-viable ones, which never ran, excluded, as PIT's own score does). */
    int mutants() {
        return statuses.entrySet().stream().filter(e -> !e.getKey().equals("NON_VIABLE"))
                .mapToInt(Map.Entry::getValue).sum();
    }

    /** Mutants the tests detected: killed, or made to time out or run out of memory (PIT's definition). */
    int detected() {
        return statuses.getOrDefault("KILLED", 0) + statuses.getOrDefault("TIMED_OUT", 0)
                + statuses.getOrDefault("MEMORY_ERROR", 0) + statuses.getOrDefault("RUN_ERROR", 0);
    }

    /** "PIT mutation score 71% (824 of 1163 mutants detected; 139 NO_COVERAGE, 200 SURVIVED, 65 TIMED_OUT)" */
    String describe() {
        if (problem != null) {
            return "PIT report unreadable: " + problem;
        }
        StringBuilder rest = new StringBuilder();
        statuses.forEach((s, n) -> {
            if (!s.equals("KILLED")) {
                rest.append(rest.length() == 0 ? "; " : ", ").append(n).append(' ').append(s);
            }
        });
        int all = mutants();
        return String.format(Locale.ROOT, "PIT mutation score %d%% (%d of %d mutants detected%s)",
                all == 0 ? 0 : Math.round(100.0 * detected() / all), detected(), all, rest);
    }
}
