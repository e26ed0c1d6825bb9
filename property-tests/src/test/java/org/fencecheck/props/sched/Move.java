package org.fencecheck.props.sched;


/**
 * One scheduling decision: let CPU {@code cpu} take its pending step ({@link Kind#STEP}), deliver the raised
 * interrupt to it ({@link Kind#IRQ}, the spec's {@code IrqEnter(c)}), end its sleep with a timeout
 * ({@link Kind#TIMEOUT}), or let the hardware pass the next seqno ({@link Kind#HW}, {@code HwComplete}).
 *
 * @param kind what happens
 * @param cpu  the CPU index, -1 for the hardware
 */
public record Move(Kind kind, int cpu) {

    /** The kinds of move. */
    public enum Kind { STEP, IRQ, TIMEOUT, HW }

    public static final Move HW = new Move(Kind.HW, -1);

    public static Move step(int c) {
        return new Move(Kind.STEP, c);
    }

    public static Move irq(int c) {
        return new Move(Kind.IRQ, c);
    }

    public static Move timeout(int c) {
        return new Move(Kind.TIMEOUT, c);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case STEP -> SpecConfig.cpuName(cpu);
            case IRQ -> "irq->" + SpecConfig.cpuName(cpu);
            case TIMEOUT -> "timeout:" + SpecConfig.cpuName(cpu);
            case HW -> "hw";
        };
    }
}
