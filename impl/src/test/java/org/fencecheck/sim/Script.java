package org.fencecheck.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A step listener for deterministic schedules: records every step and fires each rule once, on the first step
 * matching it, on the thread taking that step (so a rule may raise an interrupt or hold that CPU back).
 */
public final class Script implements StepListener {

    private record Rule(Predicate<Step> when, Consumer<Step> then, AtomicBoolean fired) {
    }

    private final List<Step> trace = Collections.synchronizedList(new ArrayList<>());
    private final List<Rule> rules = new CopyOnWriteArrayList<>();

    public Script on(Predicate<Step> when, Consumer<Step> then) {
        rules.add(new Rule(when, then, new AtomicBoolean()));
        return this;
    }

    @Override
    public void beforeStep(Step step) {
        trace.add(step);
        for (Rule r : rules) {
            if (r.when().test(step) && r.fired().compareAndSet(false, true)) {
                r.then().accept(step);
            }
        }
    }

    public List<Step> trace() {
        synchronized (trace) {
            return List.copyOf(trace);
        }
    }

    public static Predicate<Step> step(Action action, int cpu, long fence) {
        return s -> s.action() == action && s.cpu() == cpu && s.fence() == fence;
    }
}
