package org.keyceremony.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples a process tree every few milliseconds: the peak resident set (VmHWM) of every
 * JVM in it, in start order, and the largest sum of their resident sets at one instant
 * (the parent JVM of a rehearsal waits while its child works, so both are resident).
 */
final class MemorySampler implements AutoCloseable {
    private final ProcessHandle root;
    private final Map<Long, Long> peakKib = new LinkedHashMap<>();
    private final Map<Long, String> role = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean stop;
    private long maxSumKib;

    MemorySampler(ProcessHandle root) {
        this.root = root;
        this.thread = new Thread(this::loop, "memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!stop) {
            sample();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample() {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        long sum = 0;
        for (ProcessHandle h : tree) {
            if (!h.info().command().map(c -> c.endsWith("/java")).orElse(false) || forkNotYetExecuted(h)) {
                continue;
            }
            long hwm = Proc.peakRssKib(h.pid());
            // below 16 MiB it is no JVM yet: a fork caught on its way to exec (jspawnhelper, softhsm2-util)
            if (hwm >= 16 * 1024) {
                peakKib.merge(h.pid(), hwm, Math::max);
                role.computeIfAbsent(h.pid(), pid -> h.parent().flatMap(q -> q.info().command())
                        .map(c -> c.endsWith("/java") ? "child JVM (the ceremony)" : "launcher JVM").orElse("JVM"));
            }
            sum += Proc.rssKib(h.pid());
        }
        maxSumKib = Math.max(maxSumKib, sum);
    }

    /**
     * A JVM starting a process forks first: until the exec the copy shows the parent's
     * command line and resident set, which is not a second JVM's memory.
     */
    private static boolean forkNotYetExecuted(ProcessHandle h) {
        return h.parent().map(p -> p.info().commandLine().equals(h.info().commandLine())).orElse(false);
    }

    /** Peak RSS in MiB of each JVM seen, in the order they were first seen, named "launcher JVM 1234" etc. */
    synchronized Map<String, Double> peaksMib() {
        Map<String, Double> m = new LinkedHashMap<>();
        peakKib.forEach((pid, kib) -> m.put(role.get(pid) + ", pid " + pid, kib / 1024.0));
        return m;
    }

    synchronized double maxSumMib() {
        return maxSumKib / 1024.0;
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
