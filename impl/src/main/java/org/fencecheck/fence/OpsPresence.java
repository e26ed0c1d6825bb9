package org.fencecheck.fence;

/**
 * Which optional ops an ops class implements: the Java reading of "the function pointer is not NULL". Computed
 * once per class.
 */
record OpsPresence(boolean enableSignaling, boolean signaled, boolean waitOp, boolean release) {

    private static final ClassValue<OpsPresence> CACHE = new ClassValue<>() {
        @Override
        protected OpsPresence computeValue(Class<?> type) {
            return new OpsPresence(
                    overrides(type, "enableSignaling", DmaFence.class),
                    overrides(type, "signaled", DmaFence.class),
                    overrides(type, "waitOp", DmaFence.class, boolean.class, long.class),
                    overrides(type, "release", DmaFence.class));
        }
    };

    static OpsPresence of(DmaFenceOps ops) {
        return CACHE.get(ops.getClass());
    }

    private static boolean overrides(Class<?> type, String name, Class<?>... params) {
        try {
            return type.getMethod(name, params).getDeclaringClass() != DmaFenceOps.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
