package org.fencecheck.props.sched;


/**
 * One scheduling decision: let CPU {@code cpu} take its pending step ({@link Kind#STEP}), deliver the raised
 * interrupt to it ({@link Kind#IRQ}, the spec's {@code IrqEnter(c)}), end its sleep with a timeout
 * ({@link Kind#TIMEOUT}), let the hardware pass the next seqno ({@link Kind#HW}, {@code HwComplete}), or run an
 * irq_work on it that makes kernel call {@code op} nested in what the CPU is doing ({@link Kind#IRQ_WORK}, the
 * spec's {@code IrqWorkCall(c)}).
 *
 * @param kind what happens
 * @param cpu  the CPU index, -1 for the hardware
 * @param op   the irq_work's call ({@link Kind#IRQ_WORK} only, else null)
 */
public record Move(Kind kind, int cpu, Op op) {

    /** The kinds of move. */
    public enum Kind { STEP, IRQ, TIMEOUT, HW, IRQ_WORK }

    public static final Move HW = new Move(Kind.HW, -1);

    /** A move that is not an irq_work call. */
    public Move(Kind kind, int cpu) {
        this(kind, cpu, null);
    }

    public static Move irqWork(int c, Op op) {
        return new Move(Kind.IRQ_WORK, c, java.util.Objects.requireNonNull(op, "op"));
    }

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
            case IRQ_WORK -> "irq_work:" + op + "->" + SpecConfig.cpuName(cpu);
        };
    }
}
