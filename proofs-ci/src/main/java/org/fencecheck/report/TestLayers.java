package org.fencecheck.report;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

/*
 * The other evidence layers, read from Maven Surefire's XML reports (<module>/target/surefire-reports/TEST-*.xml,
 * root element <testsuite name tests failures errors skipped time>). The report never runs these tests: it shows
 * what the last `mvn verify` (or `mvn test`) of the same checkout left behind, with the reports' date, and says
 * so when a module has none.
 */

/** Summaries of the Surefire reports of the Java test layers. */
final class TestLayers {

    /** A module of the repository whose tests are evidence, and what that layer checks. */
    record Layer(String module, String what) {
    }

    /** The modules read, in order. */
    static final List<Layer> LAYERS = List.of(
            new Layer("impl", "Java twin of dma_fence: selftests, deadlock table, lockdep-like validator"),
            new Layer("lincheck-tests", "Lincheck: linearizability of the fence (model checking, stress)"),
            new Layer("property-tests", "QuickTheories properties from the spec; spec/impl conformance"));

    /** One test class. */
    record ClassResult(String name, int tests, int failures, int errors, int skipped, double seconds) {
    }

    /**
     * One module: its classes (empty when it has no reports), the newest report's time, and PIT's mutation score of
     * its tests (null when PIT has not run there).
     */
    record ModuleResult(Layer layer, List<ClassResult> classes, FileTime newest, List<String> unreadable,
                        MutationScore pit) {
        int tests() {
            return classes.stream().mapToInt(ClassResult::tests).sum();
        }

        int failures() {
            return classes.stream().mapToInt(ClassResult::failures).sum();
        }

        int errors() {
            return classes.stream().mapToInt(ClassResult::errors).sum();
        }

        int skipped() {
            return classes.stream().mapToInt(ClassResult::skipped).sum();
        }

        double seconds() {
            return classes.stream().mapToDouble(ClassResult::seconds).sum();
        }

        boolean present() {
            return !classes.isEmpty() || !unreadable.isEmpty();
        }
    }

    private TestLayers() {
    }

    /** Reads the reports under {@code root}; a null root gives modules without reports. */
    static List<ModuleResult> read(Path root) {
        List<ModuleResult> out = new ArrayList<>();
        for (Layer layer : LAYERS) {
            Path dir = root == null ? null : root.resolve(layer.module());
            out.add(module(dir == null ? null : dir.resolve("target/surefire-reports"), layer,
                    dir == null ? null : MutationScore.read(dir)));
        }
        return out;
    }

    static ModuleResult module(Path dir, Layer layer, MutationScore pit) {
        List<ClassResult> classes = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        FileTime newest = null;
        if (dir != null && Files.isDirectory(dir)) {
            List<Path> files;
            try (Stream<Path> list = Files.list(dir)) {
                files = list.filter(p -> p.getFileName().toString().startsWith("TEST-")
                        && p.getFileName().toString().endsWith(".xml")).sorted().toList();
            } catch (IOException e) {
                files = List.of();
                unreadable.add(dir + ": " + e.getMessage());
            }
            for (Path f : files) {
                try {
                    classes.add(parse(f));
                    FileTime t = Files.getLastModifiedTime(f);
                    newest = newest == null || t.compareTo(newest) > 0 ? t : newest;
                } catch (Exception e) {
                    unreadable.add(f.getFileName() + ": " + e.getMessage());
                }
            }
        }
        classes.sort(Comparator.comparing(ClassResult::name));
        return new ModuleResult(layer, classes, newest, unreadable, pit);
    }

    static ClassResult parse(Path file) throws Exception {
        DocumentBuilder b = xmlReader();
        b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
            @Override
            public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                throw e;
            }
        });
        Document d = b.parse(file.toFile());
        Element root = d.getDocumentElement();
        if (!root.getTagName().equals("testsuite")) {
            throw new IOException("root element is <" + root.getTagName() + ">, not <testsuite>");
        }
        return new ClassResult(shortName(root.getAttribute("name")), num(root, "tests"), num(root, "failures"),
                num(root, "errors"), num(root, "skipped"), dbl(root.getAttribute("time")));
    }

    /** A parser for the build's own XML reports: no DTDs, no external entities, no XInclude. */
    static DocumentBuilder xmlReader() throws javax.xml.parsers.ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder();
    }

    private static int num(Element e, String attr) {
        String v = e.getAttribute(attr);
        try {
            return v.isEmpty() ? 0 : Integer.parseInt(v.trim());
        } catch (NumberFormatException ex) {
            return 0;
        }
    }

    private static double dbl(String v) {
        try {
            return v.isEmpty() ? 0 : Double.parseDouble(v.replace(",", "").trim());
        } catch (NumberFormatException ex) {
            return 0;
        }
    }

    /** org.fencecheck.fence.WaitTest -> fence.WaitTest */
    static String shortName(String name) {
        return name.startsWith("org.fencecheck.") ? name.substring("org.fencecheck.".length()) : name;
    }

    /** "61 tests, 0 failures, 0 errors, 2 skipped, 12.3 s" */
    static String counts(int tests, int failures, int errors, int skipped, double seconds) {
        return String.format(Locale.ROOT, "%d tests, %d failures, %d errors, %d skipped, %.1f s", tests, failures,
                errors, skipped, seconds);
    }
}
