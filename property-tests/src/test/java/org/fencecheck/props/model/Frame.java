package org.fencecheck.props.model;

import java.util.List;

/**
 * The spec's {@code Frame}: the call a context is in, its pc and its locals. {@code svFence}/{@code svDriver} are
 * {@code sv["fence"]}/{@code sv["driver"]}.
 */
public record Frame(String op, String pc, int f, String cb, boolean en, List<String> local, String sret,
                    String lret, String eret, int cur, boolean svFence, boolean svDriver) {

    /** The spec's {@code IdleFrame}. */
    public static final Frame IDLE = new Frame("idle", "idle", 0, "none", false, List.of(), "idle", "idle", "idle",
            0, false, false);

    public Frame {
        local = List.copyOf(local);
    }

    public Frame withOp(String v) {
        return new Frame(v, pc, f, cb, en, local, sret, lret, eret, cur, svFence, svDriver);
    }

    public Frame withPc(String v) {
        return new Frame(op, v, f, cb, en, local, sret, lret, eret, cur, svFence, svDriver);
    }

    public Frame withF(int v) {
        return new Frame(op, pc, v, cb, en, local, sret, lret, eret, cur, svFence, svDriver);
    }

    public Frame withCb(String v) {
        return new Frame(op, pc, f, v, en, local, sret, lret, eret, cur, svFence, svDriver);
    }

    public Frame withEn(boolean v) {
        return new Frame(op, pc, f, cb, v, local, sret, lret, eret, cur, svFence, svDriver);
    }

    public Frame withLocal(List<String> v) {
        return new Frame(op, pc, f, cb, en, v, sret, lret, eret, cur, svFence, svDriver);
    }

    public Frame withSret(String v) {
        return new Frame(op, pc, f, cb, en, local, v, lret, eret, cur, svFence, svDriver);
    }

    public Frame withLret(String v) {
        return new Frame(op, pc, f, cb, en, local, sret, v, eret, cur, svFence, svDriver);
    }

    public Frame withEret(String v) {
        return new Frame(op, pc, f, cb, en, local, sret, lret, v, cur, svFence, svDriver);
    }

    public Frame withCur(int v) {
        return new Frame(op, pc, f, cb, en, local, sret, lret, eret, v, svFence, svDriver);
    }

    /** {@code [fm EXCEPT !.sv[l] = v]}. */
    public Frame withSv(int lock, boolean v) {
        return lock == SpecState.FENCE ? new Frame(op, pc, f, cb, en, local, sret, lret, eret, cur, v, svDriver)
                : new Frame(op, pc, f, cb, en, local, sret, lret, eret, cur, svFence, v);
    }

    /** {@code fm.sv[l]}. */
    public boolean sv(int lock) {
        return lock == SpecState.FENCE ? svFence : svDriver;
    }

    /** The spec's {@code Goto(fm, pc)}. */
    public Frame goTo(String newPc) {
        return newPc.equals("idle") ? IDLE : withPc(newPc);
    }
}
