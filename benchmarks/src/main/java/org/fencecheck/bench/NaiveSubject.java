package org.fencecheck.bench;

/** {@link NaiveFence} as a subject; its API already has the common shape. */
final class NaiveSubject extends Subject<NaiveFence, Runnable> {

    @Override
    public NaiveFence create() {
        return new NaiveFence();
    }

    @Override
    public boolean isSignaled(NaiveFence fence) {
        return fence.isSignaled();
    }

    @Override
    public Runnable callback(Runnable body) {
        return body;
    }

    @Override
    public void addCallback(NaiveFence fence, Runnable cb) {
        if (!fence.addCallback(cb)) {
            cb.run();
        }
    }

    @Override
    public void signal(NaiveFence fence) {
        fence.signal();
    }

    @Override
    public void await(NaiveFence fence) {
        fence.await();
    }

    @Override
    public boolean await(NaiveFence fence, long millis) {
        return fence.await(millis);
    }
}
