package org.fencecheck.fence;

/**
 * The kernel errno values the dma_fence API returns, positive as in {@code <uapi/asm-generic/errno-base.h>};
 * functions return them negated ({@code -Errno.ENOENT}), as the kernel does.
 */
public final class Errno {
    /** No such entry: add_callback on a signaled fence. */
    public static final int ENOENT = 2;
    /** Interrupted system call. */
    public static final int EINTR = 4;
    /** I/O error: the driver error path's error. */
    public static final int EIO = 5;
    /** Out of memory. */
    public static final int ENOMEM = 12;
    /** Invalid argument; also "already signaled" from the 4.x-6.14 signal functions. */
    public static final int EINVAL = 22;
    /** Resource deadlock: the error of a fence released with pending callbacks. */
    public static final int EDEADLK = 35;
    /** Timer expired. */
    public static final int ETIME = 62;
    /** Connection timed out: the error host1x's do_fence_timeout() sets on a fence whose timeout fired. */
    public static final int ETIMEDOUT = 110;
    /** Restart the system call: a wait interrupted by a signal. */
    public static final int ERESTARTSYS = 512;
    /** The largest errno; {@code dma_fence_set_error()} accepts {@code -MAX_ERRNO .. -1}. */
    public static final int MAX_ERRNO = 4095;

    private Errno() {
    }

    /**
     * Spells an error return as C code would, e.g. {@code "-EIO"}; other numbers as they are.
     *
     * @param err a (usually negative) errno value
     * @return its spelling
     */
    public static String name(int err) {
        String n = switch (Math.abs(err)) {
            case ENOENT -> "ENOENT";
            case EINTR -> "EINTR";
            case EIO -> "EIO";
            case ENOMEM -> "ENOMEM";
            case EINVAL -> "EINVAL";
            case EDEADLK -> "EDEADLK";
            case ETIME -> "ETIME";
            case ETIMEDOUT -> "ETIMEDOUT";
            case ERESTARTSYS -> "ERESTARTSYS";
            default -> null;
        };
        return n == null || err == 0 ? Integer.toString(err) : (err < 0 ? "-" : "") + n;
    }
}
