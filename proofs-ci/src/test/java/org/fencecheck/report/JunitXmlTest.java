package org.fencecheck.report;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JunitXmlTest {

    private static final String XML = EvidenceReport.junit(Fixtures.report(), Fixtures.spec());

    private static Schema schema() throws SAXException {
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        return f.newSchema(Fixtures.resource("junit-10.xsd").toFile());
    }

    private static void validate(String xml) throws Exception {
        schema().newValidator().validate(new StreamSource(new StringReader(xml)));
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void validatesAgainstTheJunitSchema() throws Exception {
        validate(XML);
    }

    @Test
    void theSchemaRejectsWhatCiToolsWouldNotRead() {
        String noName = XML.replaceFirst("<testcase classname=\"fencecheck.legacy_plain\" name=\"TypeOK\"",
                "<testcase classname=\"fencecheck.legacy_plain\"");
        assertThrows(SAXException.class, () -> validate(noName));
        String twoProblems = XML.replaceFirst("<failure ", "<error message=\"x\"/><failure ");
        assertThrows(SAXException.class, () -> validate(twoProblems));
    }

    @Test
    void oneSuitePerRunOneCasePerModelAndProperty() throws Exception {
        Document d = parse(XML);
        NodeList suites = d.getElementsByTagName("testsuite");
        assertEquals(1, suites.getLength());
        Element suite = (Element) suites.item(0);
        NodeList cases = suite.getElementsByTagName("testcase");
        // 18 properties, 5 "distinct states" cases (the timed-out model has none), 1 gate case
        assertEquals(18 + 5 + 1, cases.getLength());
        assertEquals(Integer.toString(cases.getLength()), suite.getAttribute("tests"));
        // failures: the unexpected NoSelfDeadlock, reworked_plain's unrecorded state count, the unlisted cfg
        assertEquals("3", suite.getAttribute("failures"));
        assertEquals("3", suite.getAttribute("errors"));
        assertEquals("2026-11-25T10:00:00", suite.getAttribute("timestamp"));
    }

    @Test
    void aMismatchIsAFailureWithTheCounterexample() throws Exception {
        Element c = testcase(parse(XML), "fencecheck.reworked_plain", "NoSelfDeadlock");
        Element failure = (Element) c.getElementsByTagName("failure").item(0);
        String msg = failure.getAttribute("message");
        assertTrue(msg.startsWith("NoSelfDeadlock: expected holds, TLC says deadlock (Invariant NoSelfDeadlock is"
                + " violated.)"), msg);
        assertTrue(msg.contains("reworked design, driver lock plain"), msg);
        String body = failure.getTextContent();
        assertTrue(body.contains("WARNING: inconsistent lock state"), body);
        assertTrue(body.contains("  <Interrupt>\n    lock(&drv->lock); drv_irq_handler"), body);
    }

    @Test
    void anExpectedViolationPassesAndCarriesItsCounterexample() throws Exception {
        Element c = testcase(parse(XML), "fencecheck.legacy_plain", "NoCrossCpuDeadlock");
        assertEquals(0, c.getElementsByTagName("failure").getLength());
        assertTrue(c.getElementsByTagName("system-out").item(0).getTextContent()
                .contains("WARNING: possible circular locking dependency detected"));
        assertEquals("1.250", c.getAttribute("time"));
        assertEquals("1.167", testcase(parse(XML), "fencecheck.legacy_plain", "TypeOK").getAttribute("time"));
    }

    @Test
    void noVerdictIsAnErrorAndStateCountsAndUnlistedCfgsAreFailures() throws Exception {
        Document d = parse(XML);
        Element timeout = testcase(d, "fencecheck.live_reworked_irq", "WaitersReturn");
        assertTrue(((Element) timeout.getElementsByTagName("error").item(0)).getAttribute("message")
                .contains("no verdict: model timeout: TLC did not finish within 300 s"));
        Element states = testcase(d, "fencecheck.reworked_plain", JunitXml.STATES);
        assertTrue(((Element) states.getElementsByTagName("failure").item(0)).getAttribute("message")
                .contains("has none recorded"));
        assertEquals(0, testcase(d, "fencecheck.legacy_plain", JunitXml.STATES).getElementsByTagName("failure")
                .getLength());
        Element gate = testcase(d, JunitXml.GATE_CLASS, JunitXml.GATE_CASE);
        assertTrue(((Element) gate.getElementsByTagName("failure").item(0)).getAttribute("message")
                .startsWith("MCDmaFence_extra.cfg: cfg in the spec folder"));
    }

    @Test
    void controlCharactersCannotBreakTheDocument() throws Exception {
        assertEquals("a?b\tc", JunitXml.clean("a\u0001b\tc"));
    }

    private static Element testcase(Document d, String classname, String name) {
        NodeList cases = d.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            if (e.getAttribute("classname").equals(classname) && e.getAttribute("name").equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no testcase " + classname + " / " + name);
    }
}
