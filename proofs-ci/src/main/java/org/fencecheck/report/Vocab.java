package org.fencecheck.report;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/*
 * What the report knows about the dma_fence spec (spec/DmaFence.tla, docs/vocabulary.md): the lock names, which
 * program counters acquire which lock and in which kernel function, the deadlock properties and short names for
 * the verdict matrix. Everything has a fallback, so another spec still renders (with less insight).
 */

/** The spec's vocabulary as the report uses it. */
final class Vocab {

    private Vocab() {
    }

    /** Properties whose violation is a deadlock (a CPU spins forever, or TLC's "Deadlock reached"). */
    static final Set<String> DEADLOCK_PROPERTIES = Set.of("NoSelfDeadlock", "NoCrossCpuDeadlock", "Deadlock");

    /** DmaFence.tla's AcquirePcs. */
    private static final Set<String> ACQUIRE_PCS = Set.of("sig_lock", "add_lock", "rm_lock", "esw_lock", "st_lock",
            "err_lock", "w_lock", "w_relock", "drv_lock", "irq_lock");

    private static final Set<String> DRIVER_LOCK_PCS = Set.of("drv_lock", "drv_unlock", "irq_lock", "irq_unlock");

    private static final Map<String, String> FN_OF_PC = new LinkedHashMap<>();

    private static final Map<String, String> ABBREVIATIONS = new LinkedHashMap<>();

    static {
        fn("dma_fence_signal", "sig_lock", "sig_unlock");
        fn("dma_fence_signal_timestamp_locked", "sl_tas", "sl_ts", "sl_run");
        fn("__dma_fence_enable_signaling", "en_tas", "en_set");
        fn("drv->enable_signaling", "drv_call", "drv_lock", "drv_arm", "drv_unlock");
        fn("dma_fence_add_callback", "add_fast", "add_lock", "add_insert", "add_unlock");
        fn("dma_fence_remove_callback", "rm_lock", "rm_del", "rm_unlock");
        fn("dma_fence_enable_sw_signaling", "esw_lock", "esw_unlock");
        fn("dma_fence_is_signaled", "iss_test");
        fn("dma_fence_get_status", "st_lock", "st_read", "st_unlock");
        fn("drv_error_path", "err_lock", "err_set", "err_unlock");
        fn("dma_fence_default_wait", "w_fast", "w_lock", "w_add", "w_sleep", "w_setstate", "w_sched", "w_relock",
                "w_check", "w_unlock");
        fn("drv_irq_handler", "irq_lock", "irq_next", "irq_unlock");

        ABBREVIATIONS.put("TypeOK", "TO");
        ABBREVIATIONS.put("CallbackAtMostOnce", "C1");
        ABBREVIATIONS.put("CallbackOnlyAfterSignaled", "CS");
        ABBREVIATIONS.put("SignaledNeverClears", "SN");
        ABBREVIATIONS.put("CbListEmptyAfterSignal", "CE");
        ABBREVIATIONS.put("EnableSignalingAtMostOnce", "E1");
        ABBREVIATIONS.put("NoEnableSignalingOnSignaled", "ES");
        ABBREVIATIONS.put("EnableSignalingSerializedWithSignal", "EW");
        ABBREVIATIONS.put("NoSelfDeadlock", "SD");
        ABBREVIATIONS.put("NoCrossCpuDeadlock", "XD");
        ABBREVIATIONS.put("NoDriverOpUnderFenceLock", "DU");
        ABBREVIATIONS.put("ErrorOnlyBeforeSignal", "EB");
        ABBREVIATIONS.put("TimestampOnlyAtSignal", "TS");
        ABBREVIATIONS.put("CallbacksInEmissionOrder", "OR");
        ABBREVIATIONS.put("CallbacksEventuallyRun", "CR");
        ABBREVIATIONS.put("WaitersReturn", "WR");
        ABBREVIATIONS.put("Deadlock", "DL");
    }

    private static void fn(String name, String... pcs) {
        for (String pc : pcs) {
            FN_OF_PC.put(pc, name);
        }
    }

    /** Whether spinning at this pc means waiting for a lock. */
    static boolean acquires(String pc) {
        return pc != null && (ACQUIRE_PCS.contains(pc) || pc.endsWith("_lock") || pc.endsWith("_relock"));
    }

    /** The lock (spec name: "fence" or "driver") a pc takes or releases. */
    static String lockAt(String pc) {
        return DRIVER_LOCK_PCS.contains(pc) ? "driver" : "fence";
    }

    /** The kernel function a pc belongs to, or null when unknown. */
    static String fnOf(String pc) {
        return FN_OF_PC.get(pc);
    }

    /** The C name of a lock: {@code fence->lock}, {@code drv->lock}, else the spec name. */
    static String lockName(String lock) {
        if (lock == null) {
            return "?";
        }
        return switch (lock) {
            case "fence" -> "fence->lock";
            case "driver" -> "drv->lock";
            default -> lock;
        };
    }

    /** How the spec takes the lock at a pc: the driver's way in ->enable_signaling, plain in the IRQ handler. */
    static String flavourAt(String pc, String driverLabel) {
        if ("drv_lock".equals(pc)) {
            return driverLabel == null ? "the driver's way" : switch (driverLabel) {
                case "irqsave" -> "spin_lock_irqsave";
                case "irq" -> "spin_lock_irq";
                case "plain" -> "spin_lock";
                default -> driverLabel;
            };
        }
        if ("irq_lock".equals(pc)) {
            return "spin_lock";
        }
        return "spin_lock_irqsave";
    }

    /** Whether a violation of this property is a deadlock. */
    static boolean isDeadlock(String property) {
        return DEADLOCK_PROPERTIES.contains(property);
    }

    /** Known two-letter abbreviations (others are made up by {@link #abbreviate}). */
    static Map<String, String> abbreviations() {
        return ABBREVIATIONS;
    }

    /** Makes unique short names for a set of property names. */
    static Map<String, String> abbreviate(Iterable<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        for (String n : names) {
            String a = ABBREVIATIONS.get(n);
            if (a == null || used.contains(a)) {
                a = invent(n, used);
            }
            used.add(a);
            out.put(n, a);
        }
        return out;
    }

    private static String invent(String name, Set<String> used) {
        StringBuilder caps = new StringBuilder();
        for (char ch : name.toCharArray()) {
            if (Character.isUpperCase(ch) || Character.isDigit(ch)) {
                caps.append(ch);
            }
        }
        String base = (caps.length() >= 2 ? caps.substring(0, 2)
                : (name + "xx").substring(0, 2)).toUpperCase();
        if (!used.contains(base) && !ABBREVIATIONS.containsValue(base)) {
            return base;
        }
        for (int i = 2; i < 100; i++) {
            String a = base.charAt(0) + Integer.toString(i);
            if (a.length() > 2) {
                a = base.charAt(0) + Integer.toString(i % 10);
            }
            if (!used.contains(a) && !ABBREVIATIONS.containsValue(a)) {
                return a;
            }
        }
        return base;
    }
}
