package org.fencecheck.sim;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** A thread that runs submitted tasks as one simulated CPU; closing it waits briefly and stops it. */
public final class CpuExecutor implements AutoCloseable {

    private final Cpu cpu;
    private final ExecutorService exec;

    public CpuExecutor(Cpu cpu) {
        this.cpu = cpu;
        this.exec = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cpu" + cpu.id());
            t.setDaemon(true);
            return t;
        });
    }

    public Cpu cpu() {
        return cpu;
    }

    public <T> Future<T> submit(Callable<T> task) {
        return exec.submit(() -> cpu.call(task));
    }

    public Future<?> run(Runnable task) {
        return exec.submit(() -> cpu.run(task));
    }

    @Override
    public void close() throws InterruptedException {
        exec.shutdownNow();
        exec.awaitTermination(5, TimeUnit.SECONDS);
    }
}
