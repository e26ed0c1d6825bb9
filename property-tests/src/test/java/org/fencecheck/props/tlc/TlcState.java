package org.fencecheck.props.tlc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fencecheck.props.model.Abs;
import org.fencecheck.props.model.Frame;
import org.fencecheck.props.model.SpecConfig;
import org.fencecheck.props.model.SpecState;

/**
 * Between TLC's printed states and the Java twin's {@link SpecState}: every variable (frames and step included)
 * both ways, compared through {@link TlaValue#canonical}.
 */
public final class TlcState {

    private TlcState() {
    }

    /** The canonical text of every variable of a TLC state (as printed), by name. */
    public static Map<String, String> canonical(Map<String, String> vars) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Map.Entry<String, String> e : vars.entrySet()) {
            out.put(e.getKey(), TlaValue.canonical(e.getValue()));
        }
        return out;
    }

    /** The canonical text of every variable of a twin state. */
    public static Map<String, String> canonical(SpecState s) {
        Map<String, String> out = new java.util.TreeMap<>();
        Abs a = Abs.of(s);
        for (String v : Abs.VARS) {
            out.put(v, TlaValue.canonical(a.get(v)));
        }
        StringBuilder fr = new StringBuilder("[");
        for (int c = 0; c < s.cfg.cpus(); c++) {
            fr.append(c == 0 ? "" : ", ").append(SpecConfig.cpuName(c)).append(" |-> [proc |-> ")
                    .append(frame(s.fr[c][SpecState.PROC])).append(", irq |-> ").append(frame(s.fr[c][SpecState.IRQ]))
                    .append(']');
        }
        out.put("fr", TlaValue.canonical(fr.append(']').toString()));
        SpecState.StepRec st = s.step;
        out.put("step", TlaValue.canonical("[cpu |-> " + Abs.str(st.cpu()) + ", ctx |-> " + Abs.str(st.ctx())
                + ", fn |-> " + Abs.str(st.fn()) + ", act |-> " + Abs.str(st.act()) + ", fence |-> " + st.fence()
                + "]"));
        return out;
    }

    private static String frame(Frame f) {
        StringBuilder local = new StringBuilder("<<");
        for (int i = 0; i < f.local().size(); i++) {
            local.append(i == 0 ? "" : ", ").append(Abs.str(f.local().get(i)));
        }
        local.append(">>");
        return "[op |-> " + Abs.str(f.op()) + ", pc |-> " + Abs.str(f.pc()) + ", f |-> " + f.f() + ", cb |-> "
                + Abs.str(f.cb()) + ", en |-> " + Abs.bool(f.en()) + ", local |-> " + local + ", sret |-> "
                + Abs.str(f.sret()) + ", lret |-> " + Abs.str(f.lret()) + ", eret |-> " + Abs.str(f.eret())
                + ", cur |-> " + f.cur() + ", sv |-> [fence |-> " + Abs.bool(f.svFence()) + ", driver |-> "
                + Abs.bool(f.svDriver()) + "]]";
    }

    /** The visible variables only (what the implementation is compared on). */
    public static Map<String, String> visible(Map<String, String> canonical) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : Abs.VARS) {
            out.put(v, canonical.get(v));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------
    // TLC text -> SpecState
    // ---------------------------------------------------------------------------------------------------------

    /** Builds the twin's state from a TLC state (printed values). */
    public static SpecState toSpecState(SpecConfig cfg, Map<String, String> vars) {
        SpecState s = SpecState.init(cfg);
        int n = cfg.numFences();
        List<Object> flags = list(vars, "flags");
        for (int f = 1; f <= n; f++) {
            int w = 0;
            for (Object o : ((TlaValue.SetV) flags.get(f - 1)).elems()) {
                String b = unq(o);
                w |= b.equals("SIGNALED") ? SpecState.SIGNALED : b.equals("TIMESTAMP") ? SpecState.TIMESTAMP
                        : SpecState.ENABLE_SIGNAL;
            }
            s.flags[f] = w;
        }
        List<Object> cbl = list(vars, "cbList");
        for (int f = 1; f <= n; f++) {
            List<String> ids = new ArrayList<>();
            for (Object o : (List<?>) cbl.get(f - 1)) {
                ids.add(unq(o));
            }
            s.cbList.set(f, List.copyOf(ids));
        }
        Map<String, Object> cbFence = map(vars, "cbFence");
        Map<String, Object> cbState = map(vars, "cbState");
        Map<String, Object> runs = map(vars, "runs");
        for (String cb : cfg.cbs()) {
            s.cbFence.put(cb, Integer.parseInt((String) cbFence.get(q(cb))));
            s.cbState.put(cb, unq(cbState.get(q(cb))));
            s.runs.put(cb, Integer.parseInt((String) runs.get(q(cb))));
        }
        List<Object> error = list(vars, "error");
        List<Object> ts = list(vars, "tsWrites");
        List<Object> en = list(vars, "enableCalls");
        for (int f = 1; f <= n; f++) {
            s.error[f] = Integer.parseInt((String) error.get(f - 1));
            s.tsWrites[f] = Integer.parseInt((String) ts.get(f - 1));
            s.enableCalls[f] = Integer.parseInt((String) en.get(f - 1));
        }
        s.hwSeqno = Integer.parseInt(vars.get("hwSeqno").strip());
        s.irqArmed = vars.get("irqArmed").strip().equals("TRUE");
        s.irqLine = vars.get("irqLine").strip().equals("TRUE");
        s.calls = Integer.parseInt(vars.get("calls").strip());
        Map<String, Object> owner = map(vars, "owner");
        owner(s, SpecState.FENCE, (Map<?, ?>) owner.get(q("fence")));
        owner(s, SpecState.DRIVER, (Map<?, ?>) owner.get(q("driver")));
        Map<String, Object> irqOn = map(vars, "irqOn");
        Map<String, Object> ctx = map(vars, "ctx");
        Map<String, Object> woken = map(vars, "woken");
        Map<String, Object> fr = map(vars, "fr");
        for (int c = 0; c < cfg.cpus(); c++) {
            String k = q(SpecConfig.cpuName(c));
            s.irqOn[c] = irqOn.get(k).equals("TRUE");
            s.ctx[c] = unq(ctx.get(k)).equals("irq") ? SpecState.IRQ : SpecState.PROC;
            s.woken[c] = woken.get(k).equals("TRUE");
            Map<?, ?> frames = (Map<?, ?>) fr.get(k);
            s.fr[c][SpecState.PROC] = frame((Map<?, ?>) frames.get(q("proc")));
            s.fr[c][SpecState.IRQ] = frame((Map<?, ?>) frames.get(q("irq")));
        }
        for (Object o : set(vars, "enableOnSignaled")) {
            s.enableOnSignaled.add(Integer.parseInt((String) o));
        }
        for (Object o : set(vars, "errAfterSignal")) {
            s.errAfterSignal.add(Integer.parseInt((String) o));
        }
        for (Object o : set(vars, "everSignaled")) {
            s.everSignaled.add(Integer.parseInt((String) o));
        }
        for (Object o : set(vars, "drvUnderLock")) {
            s.drvUnderLock.add(unq(o));
        }
        Map<String, Object> st = map(vars, "step");
        s.step = new SpecState.StepRec(unq(st.get(q("cpu"))), unq(st.get(q("ctx"))), unq(st.get(q("fn"))),
                unq(st.get(q("act"))), Integer.parseInt((String) st.get(q("fence"))));
        return s;
    }

    private static void owner(SpecState s, int l, Map<?, ?> o) {
        String cpu = unq(o.get(q("cpu")));
        if (cpu.equals("none")) {
            s.ownerCpu[l] = -1;
            s.ownerCtx[l] = -1;
        } else {
            s.ownerCpu[l] = Integer.parseInt(cpu.substring(1)) - 1;
            s.ownerCtx[l] = unq(o.get(q("ctx"))).equals("irq") ? SpecState.IRQ : SpecState.PROC;
        }
    }

    private static Frame frame(Map<?, ?> m) {
        List<String> local = new ArrayList<>();
        for (Object o : (List<?>) m.get(q("local"))) {
            local.add(unq(o));
        }
        Map<?, ?> sv = (Map<?, ?>) m.get(q("sv"));
        return new Frame(unq(m.get(q("op"))), unq(m.get(q("pc"))), Integer.parseInt((String) m.get(q("f"))),
                unq(m.get(q("cb"))), m.get(q("en")).equals("TRUE"), local, unq(m.get(q("sret"))),
                unq(m.get(q("lret"))), unq(m.get(q("eret"))), Integer.parseInt((String) m.get(q("cur"))),
                sv.get(q("fence")).equals("TRUE"), sv.get(q("driver")).equals("TRUE"));
    }

    private static String q(String s) {
        return "\"" + s + "\"";
    }

    private static String unq(Object o) {
        String s = (String) o;
        return s.startsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, String> vars, String name) {
        Object v = TlaValue.parse(vars.get(name));
        if (v instanceof Map<?, ?> m && m.isEmpty()) {
            return List.of();
        }
        return (List<Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, String> vars, String name) {
        return (Map<String, Object>) TlaValue.parse(vars.get(name));
    }

    private static List<Object> set(Map<String, String> vars, String name) {
        return ((TlaValue.SetV) TlaValue.parse(vars.get(name))).elems();
    }
}
