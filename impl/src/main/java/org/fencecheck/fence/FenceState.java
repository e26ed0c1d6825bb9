package org.fencecheck.fence;

import java.util.ArrayList;
import java.util.List;

/**
 * The abstract state of one fence, for tests and trace validation: the spec's {@code flags}, {@code cbList},
 * {@code error} and whether the timestamp was written. Each field is read atomically; the whole is a consistent
 * cut when no CPU is inside a call on the fence (or when read from a step listener while the others wait).
 *
 * @param context      the context id
 * @param seqno        the seqno
 * @param flags        the flag word (see {@link FenceFlags})
 * @param callbacks    {@code fence->cb_list} in order, waiters included
 * @param error        {@code fence->error}
 * @param timestamp    {@code fence->timestamp} if TIMESTAMP is set, else 0
 * @param refcount     the kref count
 */
public record FenceState(long context, long seqno, int flags, List<FenceCallback> callbacks, int error,
                         long timestamp, int refcount) {

    /** Copies the callback list. */
    public FenceState {
        callbacks = List.copyOf(callbacks);
    }

    /** Returns whether SIGNALED is set. */
    public boolean signaled() {
        return FenceFlags.test(flags, FenceFlags.SIGNALED_BIT);
    }

    /** Returns whether ENABLE_SIGNAL is set. */
    public boolean enableSignal() {
        return FenceFlags.test(flags, FenceFlags.ENABLE_SIGNAL_BIT);
    }

    /** Returns whether TIMESTAMP is set. */
    public boolean timestampSet() {
        return FenceFlags.test(flags, FenceFlags.TIMESTAMP_BIT);
    }

    /** Returns the names of the callbacks on the list, in order (the spec's {@code cbList}). */
    public List<String> callbackNames() {
        List<String> names = new ArrayList<>(callbacks.size());
        for (FenceCallback cb : callbacks) {
            names.add(cb.name());
        }
        return names;
    }
}
