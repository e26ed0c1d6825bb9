package org.fencecheck.props;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fencecheck.props.model.Invariants;
import org.fencecheck.props.util.Cfg;
import org.junit.jupiter.api.Test;

/**
 * Priority 3: one property per invariant of spec/DmaFenceProps.tla, with the invariant's name, checked after
 * every step of every generated run (the implementation's state mapped to the abstraction), on every
 * configuration of the verdict matrix; the outcome must be the spec's: holds where TLC says holds, and a
 * violation found (shrunk, with its seed) where TLC says violated. And a test that reads the invariant names
 * of every cfg in spec/ and fails if one has no Java twin here.
 */
class InvariantPropertiesTest {

    /** Checks invariant {@code name} on every (non-broken) model and compares with the spec's verdicts. */
    static void check(String name) {
        VerdictMatrix vm = VerdictMatrix.load();
        List<String> mismatches = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        int compared = 0;
        for (VerdictMatrix.Model m : vm.models("default")) {
            String expected = m.expect().get(name);
            if (expected == null) {
                continue;
            }
            PropertyCheck.Verdict v = ImplVerdicts.get(m, name);
            compared++;
            boolean ok = v.word().equals(expected);
            table.append(String.format("  %-28s spec %-8s impl %-8s %-8s %s%n", m.name(), expected, v.word(),
                    ok ? "ok" : "MISMATCH", v.violated() ? "(" + v.how() + ")" : ""));
            table.append("      coverage so far: ").append(ImplVerdicts.coverage(m).oneLine()).append('\n');
            if (v.violated()) {
                table.append(indent(v.report()));
            }
            if (!ok) {
                mismatches.add(m.name() + ": spec " + expected + ", implementation " + v.word() + "\n" + v.report());
            }
        }
        System.out.println("property " + name + " (verdicts from " + vm.source() + ", seed " + PropertyCheck.seed()
                + ", " + PropertyCheck.examples(ImplVerdicts.EXAMPLES) + " examples per model):\n" + table);
        assertTrue(compared > 0, "no model of " + vm.source() + " checks " + name);
        if (!mismatches.isEmpty()) {
            fail(name + ": the implementation disagrees with the spec on " + mismatches.size() + " model(s):\n"
                    + String.join("\n", mismatches));
        }
    }

    private static String indent(String s) {
        return s.lines().map(l -> "      " + l).reduce("", (a, b) -> a + b + "\n");
    }

    // One test per invariant, with its TLA+ name. ---------------------------------------------------------------

    @Test
    void TypeOK() {
        check("TypeOK");
    }

    @Test
    void CallbackAtMostOnce() {
        check("CallbackAtMostOnce");
    }

    @Test
    void CallbackOnlyAfterSignaled() {
        check("CallbackOnlyAfterSignaled");
    }

    @Test
    void SignaledNeverClears() {
        check("SignaledNeverClears");
    }

    @Test
    void CbListEmptyAfterSignal() {
        check("CbListEmptyAfterSignal");
    }

    @Test
    void EnableSignalingAtMostOnce() {
        check("EnableSignalingAtMostOnce");
    }

    @Test
    void NoEnableSignalingOnSignaled() {
        check("NoEnableSignalingOnSignaled");
    }

    @Test
    void EnableSignalingSerializedWithSignal() {
        check("EnableSignalingSerializedWithSignal");
    }

    @Test
    void NoSelfDeadlock() {
        check("NoSelfDeadlock");
    }

    @Test
    void NoCrossCpuDeadlock() {
        check("NoCrossCpuDeadlock");
    }

    @Test
    void NoDriverOpUnderFenceLock() {
        check("NoDriverOpUnderFenceLock");
    }

    @Test
    void CallbacksInEmissionOrder() {
        check("CallbacksInEmissionOrder");
    }

    @Test
    void ErrorOnlyBeforeSignal() {
        check("ErrorOnlyBeforeSignal");
    }

    @Test
    void TimestampOnlyAtSignal() {
        check("TimestampOnlyAtSignal");
    }

    // The names. --------------------------------------------------------------------------------------------

    /** Every INVARIANT of every cfg in spec/ has a Java twin and a test method of the same name here. */
    @Test
    void everyCfgInvariantHasAJavaTwin() throws IOException {
        Path spec = VerdictMatrix.specDir();
        List<Path> cfgs;
        try (Stream<Path> s = Files.list(spec)) {
            // MCDmaFence_*.cfg only: the lifetime cfgs are twinned by props.lifetime (LifetimeTwinsTest)
            cfgs = s.filter(p -> p.getFileName().toString().startsWith("MCDmaFence_")
                    && p.toString().endsWith(".cfg")).sorted().toList();
        }
        assertTrue(!cfgs.isEmpty(), "no cfg in " + spec);
        Set<String> methods = new TreeSet<>();
        for (Method m : InvariantPropertiesTest.class.getDeclaredMethods()) {
            if (m.isAnnotationPresent(Test.class)) {
                methods.add(m.getName());
            }
        }
        List<String> missing = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (Path p : cfgs) {
            Cfg cfg = Cfg.read(p);
            for (String inv : cfg.invariants()) {
                seen.add(inv);
                if (!Invariants.ALL.containsKey(inv) || !methods.contains(inv)) {
                    missing.add(p.getFileName() + ": INVARIANT " + inv);
                }
            }
            for (String prop : cfg.properties()) {
                if (!PropertyCheck.known(prop)) {
                    missing.add(p.getFileName() + ": PROPERTY " + prop);
                }
            }
        }
        System.out.println("cfgs " + cfgs.stream().map(p -> p.getFileName().toString()).toList()
                + " check the invariants " + seen);
        if (!missing.isEmpty()) {
            fail("no Java twin (Invariants.ALL + a test method of the same name in InvariantPropertiesTest) for:\n  "
                    + String.join("\n  ", missing));
        }
    }

    /** Every Java twin names an invariant that DmaFenceProps.tla defines (no stale names). */
    @Test
    void everyJavaTwinIsDefinedInTheSpec() throws IOException {
        String props = Files.readString(VerdictMatrix.specDir().resolve("DmaFenceProps.tla"));
        Set<String> defined = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^([A-Za-z][A-Za-z0-9_]*)\\s*==").matcher(props);
        while (m.find()) {
            defined.add(m.group(1));
        }
        List<String> stale = new ArrayList<>();
        for (String name : Invariants.ALL.keySet()) {
            if (!defined.contains(name)) {
                stale.add(name);
            }
        }
        for (String name : PropertyCheck.LIVENESS) {
            if (!defined.contains(name)) {
                stale.add(name);
            }
        }
        assertTrue(stale.isEmpty(), "Java twins without a definition in DmaFenceProps.tla: " + stale);
    }
}
