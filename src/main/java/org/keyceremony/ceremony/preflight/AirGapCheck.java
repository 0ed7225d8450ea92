package org.keyceremony.ceremony.preflight;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Lists every network interface that is up, loopback aside. A ceremony laptop should show
 * none; in a real ceremony any interface blocks the step unless the administrator records
 * a deviation with a reason, in a rehearsal it is a warning.
 */
public final class AirGapCheck {

    /** One live interface: its name and addresses (facts for the transcript). */
    public record LiveInterface(String name, String displayName, List<String> addresses) {
    }

    /** The result: air-gapped when no interface besides loopback is up. */
    public record Result(List<LiveInterface> liveInterfaces) {
        public boolean airGapped() {
            return liveInterfaces.isEmpty();
        }

        public String summary() {
            if (airGapped()) {
                return "no network interface is up besides loopback";
            }
            List<String> parts = new ArrayList<>();
            for (LiveInterface i : liveInterfaces) {
                parts.add(i.name() + (i.addresses().isEmpty() ? "" : " " + i.addresses()));
            }
            return "network interfaces up: " + String.join(", ", parts);
        }
    }

    private AirGapCheck() {
    }

    public static Result run() throws SocketException {
        List<LiveInterface> live = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            List<String> addresses = new ArrayList<>();
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                addresses.add(a.getHostAddress());
            }
            live.add(new LiveInterface(ni.getName(), ni.getDisplayName(), List.copyOf(addresses)));
        }
        return new Result(List.copyOf(live));
    }
}
