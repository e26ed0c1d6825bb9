package org.fencecheck.fence;

/**
 * The module whose text and data hold a {@code dma_fence_ops} table (the table's {@code THIS_MODULE}), as far as
 * the core needs to know it: a name for reports and whether the module is gone. The core consults it at every
 * dereference of {@code fence->ops}, so that touching a freed module is reported where it happens.
 */
public interface OpsOwner {

    /** Code built into the kernel: never unloaded (the stub fence's ops, and every ops class that says nothing). */
    OpsOwner BUILT_IN = new OpsOwner() {
        @Override
        public String name() {
            return "built-in";
        }

        @Override
        public boolean isUnloaded() {
            return false;
        }
    };

    /** Returns the module's name. */
    String name();

    /** Returns whether the module's code and data have been freed (no op of it may run, no table be read). */
    boolean isUnloaded();
}
