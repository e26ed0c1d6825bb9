package org.fencecheck.lincheck;

import org.fencecheck.driver.DriverLocking;
import org.fencecheck.fence.LockingPolicy;
import org.junit.jupiter.api.Test;

class SmokeTest {
    static final int IT = Integer.getInteger("smoke.it", 2), INV = Integer.getInteger("smoke.inv", 50);
    static final String POL = System.getProperty("smoke.pol", "LEGACY"), HW = System.getProperty("smoke.hw", "OP");
    static final String DL = System.getProperty("smoke.dl", "NONE"), IMPL = System.getProperty("smoke.impl", "REAL");
    static final boolean SIG = Boolean.parseBoolean(System.getProperty("smoke.sig", "true"));
    static final boolean STRESS = Boolean.getBoolean("smoke.stress");
    static final int TH = Integer.getInteger("smoke.th", 3), OPS = Integer.getInteger("smoke.ops", 2);

    @Test
    void smoke() {
        FenceConfig cfg = new FenceConfig(LockingPolicy.valueOf(POL), DriverLocking.valueOf(DL), SIG,
                FenceConfig.Hw.valueOf(HW), Integer.getInteger("smoke.fences", 1), FenceConfig.Impl.valueOf(IMPL));
        Checks.Budget b = new Checks.Budget(IT, INV, TH, OPS, 1, 1);
        Class<?> cls = cfg.fences() > 1 ? TwoFenceOps.class : cfg.hw() == FenceConfig.Hw.OP ? HwFenceOps.class : OneFenceOps.class;
        var o = STRESS ? Checks.stress(b) : Checks.modelChecking(b);
        if (Boolean.getBoolean("smoke.custom")) {
            o.addCustomScenario(Scenarios.of(cls).thread(Scenarios.op("addCallback", 1)).thread(Scenarios.op("addCallback", 2)).build());
        }
        Checks.check(o, cls, cfg, STRESS ? "stress" : "mc");
    }
}
