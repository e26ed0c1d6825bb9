package org.fencecheck.fence;

import java.util.Arrays;
import java.util.List;

/**
 * An immutable {@code cb_list}: each change under the fence lock publishes a new list, so readers outside the
 * lock (the release check, state snapshots) see a whole list, never a half-linked one.
 */
final class CallbackList {

    static final CallbackList EMPTY = new CallbackList(new FenceCallback[0]);

    private final FenceCallback[] cbs;

    private CallbackList(FenceCallback[] cbs) {
        this.cbs = cbs;
    }

    boolean isEmpty() {
        return cbs.length == 0;
    }

    /** {@code list_add_tail()}. */
    CallbackList append(FenceCallback cb) {
        FenceCallback[] n = Arrays.copyOf(cbs, cbs.length + 1);
        n[cbs.length] = cb;
        return new CallbackList(n);
    }

    /** {@code list_add()}: at the head. */
    CallbackList prepend(FenceCallback cb) {
        FenceCallback[] n = new FenceCallback[cbs.length + 1];
        n[0] = cb;
        System.arraycopy(cbs, 0, n, 1, cbs.length);
        return new CallbackList(n);
    }

    /** Whether {@code cb} is linked: {@code !list_empty(&cb->node)}. */
    boolean contains(FenceCallback cb) {
        return indexOf(cb) >= 0;
    }

    /** {@code list_del_init()}; this list if {@code cb} is not linked. */
    CallbackList remove(FenceCallback cb) {
        int i = indexOf(cb);
        if (i < 0) {
            return this;
        }
        if (cbs.length == 1) {
            return EMPTY;
        }
        FenceCallback[] n = new FenceCallback[cbs.length - 1];
        System.arraycopy(cbs, 0, n, 0, i);
        System.arraycopy(cbs, i + 1, n, i, cbs.length - i - 1);
        return new CallbackList(n);
    }

    List<FenceCallback> asList() {
        return List.of(cbs);
    }

    private int indexOf(FenceCallback cb) {
        for (int i = 0; i < cbs.length; i++) {
            if (cbs[i] == cb) {
                return i;
            }
        }
        return -1;
    }
}
