package org.fencecheck.report;

import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.VerdictReport;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTest {

    private static final String HTML = EvidenceReport.html(Fixtures.report(), Fixtures.spec(), null);

    @Test
    void selfContainedNoNetworkReference() {
        String lower = HTML.toLowerCase();
        assertFalse(lower.contains("http://"), "an http:// reference");
        assertFalse(lower.contains("https://"), "an https:// reference");
        assertFalse(lower.contains("//cdn"), "a CDN reference");
        assertFalse(lower.contains("<script"), "a script");
        assertFalse(lower.contains("<link"), "a linked resource");
        assertFalse(lower.contains("<img"), "an image");
        assertFalse(lower.contains("<iframe"), "a frame");
        assertFalse(lower.contains("@import"), "a CSS import");
        assertFalse(lower.contains("url("), "a CSS url()");
        assertFalse(Pattern.compile("\\ssrc\\s*=").matcher(lower).find(), "a src attribute");
        Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(HTML);
        while (href.find()) {
            String target = href.group(1);
            assertTrue(target.startsWith("#") || target.startsWith("traces/"), "link outside the report: " + target);
        }
    }

    @Test
    void theTableAndOneTimelinePerCounterexample() {
        int findings = Finding.all(Fixtures.report(), Fixtures.vocabulary()).size();
        assertEquals(findings, count("<svg class=\"timeline\""));
        assertEquals(findings, count("<section class=\"finding\""));
        assertTrue(HTML.contains("<table class=\"matrix\">"));
        // a violated cell links to its counterexample, which exists
        assertTrue(HTML.contains("<a href=\"#legacy_plain__NoCrossCpuDeadlock\">DL</a>"));
        assertTrue(HTML.contains("id=\"legacy_plain__NoCrossCpuDeadlock\""));
        // the mismatch is marked
        assertTrue(HTML.contains("class=\"c d mm\""));
    }

    @Test
    void timelineShowsContextsLocksMarksAndTheStateOnHover() {
        String svg = HTML.substring(HTML.indexOf("id=\"legacy_plain__NoCrossCpuDeadlock\""));
        svg = svg.substring(svg.indexOf("<svg"), svg.indexOf("</svg>"));
        assertTrue(svg.contains("class=\"irqctx\""), "hard-IRQ context shading");
        assertTrue(svg.contains("class=\"procctx\""), "process context shading");
        assertTrue(svg.contains("class=\"bar fencelock\""), "fence lock bar");
        assertTrue(svg.contains("class=\"bar drvlock byirq\""), "driver lock held by an IRQ");
        assertTrue(svg.contains("class=\"spin\""), "spinning CPU");
        assertTrue(svg.contains("+ENABLE_SIGNAL f1"), "flag mark");
        assertTrue(svg.contains("&lt;Interrupt&gt; drv_irq_handler"), "interrupt label");
        assertTrue(svg.contains("<title>state 3: c1 (process) dma_fence_enable_sw_signaling: "
                + "spin_lock_irqsave(fence-&gt;lock) (f1)"), "hover title");
        assertTrue(svg.contains("owner = [fence |-&gt; [cpu |-&gt; c1, ctx |-&gt; &quot;proc&quot;]"),
                "the TLA+ state in the title");
        String order = HTML.substring(HTML.indexOf("id=\"order_legacy_sig__CallbacksInEmissionOrder\""));
        assertTrue(order.contains("cb2 ran"), "callback run mark");
        assertTrue(order.contains("+SIGNALED f2"), "SIGNALED mark");
        // the collapsible list of states below the picture
        assertTrue(HTML.contains("<li value=\"9\" id=\"legacy_plain__NoCrossCpuDeadlock-s9\">"));
    }

    @Test
    void claimsAndTestLayersAreOnThePage() {
        assertTrue(HTML.contains("id=\"claims\""));
        assertTrue(HTML.contains("a fence that outlives its module reaches the freed module"));
        assertTrue(HTML.contains("id=\"layers\""));
        assertTrue(HTML.contains("no Surefire reports"));
    }

    @Test
    void containersHaveTheirSection() {
        assertTrue(HTML.contains("id=\"containers\""));
        assertTrue(HTML.contains("No container model was checked in this run."), "the fixture has none");
        VerdictReport r = Fixtures.report();
        ModelResult m = r.models().get(0);
        ModelResult array = new ModelResult("array_legacy", Html.CONTAINERS_MODULE, m.config(), "default",
                m.labels(), m.status(), m.error(), m.properties(), m.distinctStates(), m.expectedDistinctStates(),
                m.distinctStatesMatch(), m.depth(), m.seconds(), m.totalSeconds(), m.runs(), m.passed());
        String html = Html.render(new VerdictReport(r.generated(), r.manifest(), r.environment(), r.summary(),
                java.util.List.of(array)), Fixtures.spec(), java.util.List.of(), java.util.List.of());
        String section = html.substring(html.indexOf("id=\"containers\""), html.indexOf("id=\"layers\""));
        assertTrue(section.contains("array_legacy"), section);
        assertTrue(section.contains("<td>" + m.properties().get(0).name() + "</td>"), section);
        assertFalse(section.contains("No container model"), section);
    }

    private static int count(String needle) {
        int n = 0;
        for (int i = HTML.indexOf(needle); i >= 0; i = HTML.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
