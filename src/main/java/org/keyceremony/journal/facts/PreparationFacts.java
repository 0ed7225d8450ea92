package org.keyceremony.journal.facts;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The facts of the actions that need no HSM or card: people, room, software, clock, memory. */
public final class PreparationFacts {
    private PreparationFacts() {
    }

    /** {@code manual}: the value typed, when the script asks for one ({@code field} names it); both or neither. */
    public record Manual(Optional<String> field, Optional<String> value, Optional<List<String>> confirmedEach)
            implements StepFacts {
        /** A manual step with or without a value, confirmed by its confirmer alone. */
        public Manual(Optional<String> field, Optional<String> value) {
            this(field, value, Optional.empty());
        }

        public Manual {
            if (field.isPresent() != value.isPresent()) {
                throw new IllegalArgumentException("field and value go together");
            }
        }
    }

    /** {@code record-participants}: everyone present. */
    public record RecordParticipants(List<Person> participants) implements StepFacts {
    }

    /** One participant: name, role (its YAML name) and initials. */
    public record Person(String name, String role, String initials) {
    }

    /**
     * {@code check-air-gap}: the interfaces up besides loopback. {@code interfaceDetails} and
     * {@code summary} are absent from logs written before they were recorded; {@code deviation} is
     * the reason typed to go on without an air gap, {@code warning} what the transcript prints.
     */
    public record CheckAirGap(List<String> interfacesUp, Optional<List<NetworkInterface>> interfaceDetails,
                              boolean airGapped, Optional<String> summary, Optional<String> deviation,
                              Optional<String> warning) implements StepFacts {
    }

    /** A live interface and its addresses. */
    public record NetworkInterface(String name, List<String> addresses) {
    }

    /**
     * {@code record-software}: the application (version and commit), the SHA-256 over its jars and
     * how it is computed, each jar's SHA-256, the runtime and the OS. {@code commit}, {@code javaHome}
     * and {@code javaModulesSha256} are absent from logs written before they were recorded.
     */
    public record RecordSoftware(String application, Optional<String> commit, String sha256, String sha256Method,
                                 Map<String, String> jars, String java, Optional<String> javaHome,
                                 Optional<String> javaModulesSha256, String os) implements StepFacts {
    }

    /** {@code confirm-time}: the laptop's clock and the time a witness read from an independent source. */
    public record ConfirmTime(String laptopClockUtc, String independentTime) implements StepFacts {
    }

    /** {@code zeroize}: the memory-only secrets wiped, by name ({@code kwk}, {@code shares}, …). */
    public record Zeroize(List<String> wiped) implements StepFacts {
    }
}
