package org.fencecheck.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link CompletableFuture} as a fence: {@code complete(null)} signals, {@code thenRun()} adds a callback (run at
 * once when already complete, which is the common contract), {@code isDone()} tests, {@code join()} and
 * {@code get(timeout)} wait. {@code whenComplete()} would push the same kind of completion node as
 * {@code thenRun()}, so one of the two is enough.
 */
final class FutureSubject extends Subject<CompletableFuture<Void>, Runnable> {

    @Override
    public CompletableFuture<Void> create() {
        return new CompletableFuture<>();
    }

    @Override
    public boolean isSignaled(CompletableFuture<Void> fence) {
        return fence.isDone();
    }

    @Override
    public Runnable callback(Runnable body) {
        return body;
    }

    @Override
    public void addCallback(CompletableFuture<Void> fence, Runnable cb) {
        fence.thenRun(cb);
    }

    @Override
    public void signal(CompletableFuture<Void> fence) {
        fence.complete(null);
    }

    @Override
    public void await(CompletableFuture<Void> fence) {
        fence.join();
    }

    @Override
    public boolean await(CompletableFuture<Void> fence, long millis) {
        try {
            fence.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            // Uninterruptible like the others: keep the interrupt for the caller and report "not yet".
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a benchmark fence never completes exceptionally", e);
        }
    }
}
