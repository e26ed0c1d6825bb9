package org.fencecheck.lincheck;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * Hand-written Lincheck scenarios, from Java (Lincheck's scenario DSL is Kotlin-only): each actor is an
 * operation of the test class by name with its arguments, e.g. {@code op("addCallback", 1)}.
 */
final class Scenarios {

    private final Class<?> test;
    private final List<Actor> init = new ArrayList<>();
    private final List<List<Actor>> parallel = new ArrayList<>();
    private final List<Actor> post = new ArrayList<>();

    private Scenarios(Class<?> test) {
        this.test = test;
    }

    static Scenarios of(Class<?> test) {
        return new Scenarios(test);
    }

    Scenarios init(Object[]... ops) {
        init.addAll(actors(ops));
        return this;
    }

    /** One more parallel thread running {@code ops} in order. */
    Scenarios thread(Object[]... ops) {
        parallel.add(actors(ops));
        return this;
    }

    Scenarios post(Object[]... ops) {
        post.addAll(actors(ops));
        return this;
    }

    /** The scenario, ending with the test class's {@code @Validate} function like a generated one. */
    ExecutionScenario build() {
        Actor validation = null;
        for (Method m : test.getMethods()) {
            if (m.isAnnotationPresent(Validate.class)) {
                validation = new Actor(m, new ArrayList<>(), false, false, false, false, false);
            }
        }
        return new ExecutionScenario(init, parallel, post, validation);
    }

    /** An operation by name with its arguments, e.g. {@code op("signalTimestamp", 1)}. */
    static Object[] op(String name, Object... args) {
        Object[] a = new Object[args.length + 1];
        a[0] = name;
        System.arraycopy(args, 0, a, 1, args.length);
        return a;
    }

    private List<Actor> actors(Object[]... ops) {
        List<Actor> out = new ArrayList<>();
        for (Object[] spec : ops) {
            String name = (String) spec[0];
            List<Object> args = Arrays.asList(spec).subList(1, spec.length);
            out.add(new Actor(find(name, args.size()), new ArrayList<>(args), false, false, false, false, false));
        }
        return out;
    }

    private Method find(String name, int arity) {
        for (Method m : test.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == arity) {
                return m;
            }
        }
        throw new IllegalArgumentException(test.getSimpleName() + " has no operation " + name + "/" + arity);
    }
}
