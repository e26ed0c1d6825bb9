package org.fencecheck.report;

import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.PropertyVerdict;
import org.fencecheck.proofs.model.RunStatus;
import org.fencecheck.proofs.model.TlcRun;
import org.fencecheck.proofs.model.VerdictReport;
import org.fencecheck.tlc.Verdict;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/*
 * junit.xml in the format GitLab (artifacts:reports:junit), GitHub reporters and Jenkins read (the Ant/Jenkins
 * junit-10.xsd shape; src/test/resources/junit-10.xsd is the schema the tests validate against):
 *
 *   <testsuites name="fencecheck" tests failures errors time>
 *     <testsuite name="fencecheck.tlc" tests failures errors skipped time timestamp>   one per gate run
 *       <properties>  TLC version, JDK, workers, heap, manifest
 *       <testcase classname="fencecheck.<model>" name="<property>" time>               one per model x property
 *         <failure message type="verdict">counterexample</failure>                     verdict differs
 *         <error message type="timeout|tlc_error"/>                                     no verdict
 *         <system-out>counterexample</system-out>                                       expected violation
 *       <testcase classname="fencecheck.<model>" name="distinct states">                state count check
 *       <testcase classname="fencecheck.gate" name="every cfg is in the manifest">
 *
 * A testcase's time is the seconds of the TLC run that refuted the property, or for the properties that hold an
 * equal share of the complete run, so the times add up to the model's total.
 */

/** Writes junit.xml. */
final class JunitXml {

    static final String STATES = "distinct states";
    static final String GATE_CLASS = "fencecheck.gate";
    static final String GATE_CASE = "every cfg is in the manifest";

    private JunitXml() {
    }

    private record Case(String classname, String name, double time, String failure, String failureBody,
                        String error, String out) {
    }

    static String render(VerdictReport r, Vocabulary v, List<Finding> findings) {
        Map<String, Finding> byId = new LinkedHashMap<>();
        findings.forEach(f -> byId.put(f.id(), f));
        List<Case> cases = new ArrayList<>();
        for (ModelResult m : r.models()) {
            String cls = "fencecheck." + m.name();
            long holding = m.properties().stream().filter(p -> p.actual() == Verdict.HOLDS).count();
            for (PropertyVerdict p : m.properties()) {
                Finding f = byId.get(m.name() + "__" + p.name());
                String text = f == null ? null : String.join("\n", SummaryText.finding(f));
                double time = time(m, p, holding);
                if (p.actual() == Verdict.UNKNOWN) {
                    cases.add(new Case(cls, p.name(), time, null, null,
                            "no verdict: model " + m.status().name().toLowerCase(Locale.ROOT)
                                    + (m.error() == null ? "" : ": " + m.error()), null));
                } else if (!p.match()) {
                    String msg = p.name() + ": expected " + p.expected().word() + ", TLC says " + Matrix.word(p, v)
                            + (p.violation() != null ? " (" + p.violation().message() + ")"
                            : " (no counterexample: the property holds at this bound)")
                            + " -- " + Matrix.longLabel(m);
                    cases.add(new Case(cls, p.name(), time, msg, text == null ? msg : text, null, null));
                } else {
                    cases.add(new Case(cls, p.name(), time, null, null, null, text));
                }
            }
            if (m.status() == RunStatus.COMPLETE) {
                String msg = null;
                if (!m.distinctStatesMatch()) {
                    msg = "TLC found " + Text.count(m.distinctStates()) + " distinct states; the manifest "
                            + (m.expectedDistinctStates() == null ? "has none recorded (run the gate with --record)"
                            : "says " + Text.count(m.expectedDistinctStates()));
                }
                cases.add(new Case(cls, STATES, 0, msg, msg, null, null));
            }
        }
        List<String> unlisted = new ArrayList<>();
        for (String problem : r.summary().problems()) {
            if (r.models().stream().noneMatch(m -> problem.startsWith(m.name() + ":"))) {
                unlisted.add(problem);
            }
        }
        String gateMsg = unlisted.isEmpty() ? null : String.join("\n", unlisted);
        cases.add(new Case(GATE_CLASS, GATE_CASE, 0, gateMsg == null ? null : unlisted.get(0)
                + (unlisted.size() > 1 ? " (and " + (unlisted.size() - 1) + " more)" : ""), gateMsg, null, null));

        int failures = (int) cases.stream().filter(c -> c.failure() != null).count();
        int errors = (int) cases.stream().filter(c -> c.error() != null).count();
        double total = cases.stream().mapToDouble(Case::time).sum();
        StringWriter sw = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(sw);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuites");
            w.writeAttribute("name", "fencecheck");
            w.writeAttribute("tests", Integer.toString(cases.size()));
            w.writeAttribute("failures", Integer.toString(failures));
            w.writeAttribute("errors", Integer.toString(errors));
            w.writeAttribute("time", secs(total));
            w.writeCharacters("\n  ");
            w.writeStartElement("testsuite");
            w.writeAttribute("name", "fencecheck.tlc");
            w.writeAttribute("tests", Integer.toString(cases.size()));
            w.writeAttribute("failures", Integer.toString(failures));
            w.writeAttribute("errors", Integer.toString(errors));
            w.writeAttribute("skipped", "0");
            w.writeAttribute("time", secs(total));
            if (r.generated() != null && r.generated().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*")) {
                w.writeAttribute("timestamp", r.generated().substring(0, 19));
            }
            w.writeCharacters("\n    ");
            w.writeStartElement("properties");
            Map<String, String> props = new LinkedHashMap<>();
            if (r.environment() != null) {
                props.put("tlc", r.environment().tlcVersion());
                props.put("jdk", r.environment().jdk());
                props.put("workers", Integer.toString(r.environment().workers()));
                props.put("heap", r.environment().heap());
                props.put("jobs", Integer.toString(r.environment().jobs()));
            }
            props.put("manifest", r.manifest());
            props.put("gate", r.summary().passed() ? "passed" : "failed");
            for (Map.Entry<String, String> e : props.entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                w.writeCharacters("\n      ");
                w.writeEmptyElement("property");
                w.writeAttribute("name", e.getKey());
                w.writeAttribute("value", clean(e.getValue()));
            }
            w.writeCharacters("\n    ");
            w.writeEndElement();
            for (Case c : cases) {
                w.writeCharacters("\n    ");
                boolean empty = c.failure() == null && c.error() == null && c.out() == null;
                if (empty) {
                    w.writeEmptyElement("testcase");
                } else {
                    w.writeStartElement("testcase");
                }
                w.writeAttribute("classname", c.classname());
                w.writeAttribute("name", c.name());
                w.writeAttribute("time", secs(c.time()));
                if (empty) {
                    continue;
                }
                if (c.error() != null) {
                    w.writeCharacters("\n      ");
                    w.writeStartElement("error");
                    w.writeAttribute("message", clean(oneLine(c.error())));
                    w.writeAttribute("type", "no_verdict");
                    w.writeCharacters(clean(c.error()));
                    w.writeEndElement();
                }
                if (c.failure() != null) {
                    w.writeCharacters("\n      ");
                    w.writeStartElement("failure");
                    w.writeAttribute("message", clean(oneLine(c.failure())));
                    w.writeAttribute("type", "verdict");
                    w.writeCharacters("\n" + clean(c.failureBody()) + "\n");
                    w.writeEndElement();
                }
                if (c.out() != null) {
                    w.writeCharacters("\n      ");
                    w.writeStartElement("system-out");
                    w.writeCharacters("\n" + clean(c.out()) + "\n");
                    w.writeEndElement();
                }
                w.writeCharacters("\n    ");
                w.writeEndElement();
            }
            w.writeCharacters("\n  ");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return sw.toString();
    }

    private static double time(ModelResult m, PropertyVerdict p, long holding) {
        if (p.actual() == Verdict.VIOLATED) {
            for (TlcRun run : m.runs()) {
                if (p.name().equals(run.refuted())) {
                    return run.seconds();
                }
            }
            return 0;
        }
        if (p.actual() == Verdict.HOLDS && m.seconds() != null && holding > 0) {
            return m.seconds() / holding;
        }
        return 0;
    }

    private static String secs(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    private static String oneLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Removes characters XML 1.0 cannot carry. */
    static String clean(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            sb.appendCodePoint(ok ? cp : '?');
        });
        return sb.toString();
    }
}
