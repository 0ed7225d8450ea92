package org.keyceremony.ceremony;

import org.keyceremony.script.ActionTraits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.keyceremony.script.CeremonyScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one run of one ceremony, shared by its steps: who is present, whether it is
 * a rehearsal, where its outputs go, and the memory-only state (the KWK, unwritten shares,
 * PKCS#11 sessions) that dies with the process. Which action kinds produce and consume
 * which memory-only state is declared in {@link ActionTraits}; recovery relies on it.
 */
public final class CeremonyContext {
    private static final Logger LOG = LoggerFactory.getLogger(CeremonyContext.class);

    private final UUID ceremonyId;
    private final CeremonyScript script;
    private final boolean rehearsal;
    private final CeremonySetup setup;
    private final Path outputDirectory;
    private final Map<String, AutoCloseable> memory = new LinkedHashMap<>();

    public CeremonyContext(UUID ceremonyId, CeremonyScript script, boolean rehearsal, CeremonySetup setup,
                           Path outputDirectory) {
        this.ceremonyId = ceremonyId;
        this.script = script;
        this.rehearsal = rehearsal;
        this.setup = setup;
        this.outputDirectory = outputDirectory;
    }

    public UUID ceremonyId() {
        return ceremonyId;
    }

    public CeremonyScript script() {
        return script;
    }

    /** A rehearsal: throw-away tokens, REHEARSAL watermark, answers files allowed, air-gap only warned. */
    public boolean rehearsal() {
        return rehearsal;
    }

    public CeremonySetup setup() {
        return setup;
    }

    /** Where this ceremony's log and outputs are written. */
    public Path outputDirectory() {
        return outputDirectory;
    }

    /**
     * Keeps {@code value} under {@code name} (an {@link ActionTraits} state name such as
     * {@code kwk}) for later steps; it is closed (wiped) by {@link #wipeMemory()} or when
     * replaced. Never written anywhere.
     */
    public synchronized void keepInMemory(String name, AutoCloseable value) {
        AutoCloseable old = memory.put(name, value);
        if (old != null && old != value) {
            close(name, old);
        }
    }

    /** The memory-only value kept under {@code name}, if any and of that type. */
    public synchronized <T> Optional<T> memory(String name, Class<T> type) {
        AutoCloseable v = memory.get(name);
        return type.isInstance(v) ? Optional.of(type.cast(v)) : Optional.empty();
    }

    /** The names of the memory-only values held now, in the order they were kept. */
    public synchronized List<String> memoryNames() {
        return List.copyOf(memory.keySet());
    }

    /** Wipes and forgets one memory-only value; true if there was one. */
    public synchronized boolean wipe(String name) {
        AutoCloseable v = memory.remove(name);
        if (v != null) {
            close(name, v);
        }
        return v != null;
    }

    /** Wipes and forgets all memory-only state; returns the names wiped, in the order they were kept. */
    public synchronized List<String> wipeMemory() {
        List<String> names = new ArrayList<>(memory.keySet());
        for (String name : names) {
            close(name, memory.remove(name));
        }
        return names;
    }

    private static void close(String name, AutoCloseable value) {
        try {
            value.close();
        } catch (Exception e) {
            // Wiping must go on for the other values; only the name and exception type are logged.
            LOG.warn("closing memory-only state '{}' failed ({})", name, e.getClass().getSimpleName());
        }
    }
}
