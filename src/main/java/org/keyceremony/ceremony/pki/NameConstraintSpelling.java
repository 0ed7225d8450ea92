package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.util.IPAddress;

import javax.security.auth.x500.X500Principal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * How a script writes one name of a nameConstraints subtree (RFC 5280 4.2.1.10), and the
 * GeneralName it becomes. A type, a colon, the name:
 * <ul>
 * <li>{@code dns:example.com}: a dNSName; it covers example.com and every name under it. {@code dns:}
 * alone is the zero-length dNSName, which excluded means "no DNS name at all" (BR 7.1.2.5.2).</li>
 * <li>{@code ip:10.0.0.0/8}, {@code ip:2001:db8::/32}: an iPAddress, the network and its prefix length
 * (8 or 32 octets: address, then mask); the address has no bits set past the prefix. {@code ip:0.0.0.0/0}
 * and {@code ip:::/0} are the whole IPv4 and IPv6 ranges.</li>
 * <li>{@code email:example.com} (every mailbox at that host), {@code email:.example.com} (at any host
 * under it), {@code email:user@example.com} (one mailbox): an rfc822Name.</li>
 * <li>{@code dn:O=Example, C=US}: a directoryName, an RFC 4514 name (written most specific first, as
 * subjects are: this one encodes C, then O) encoded as the subject names are (PrintableString where the
 * value allows it), so that it matches them byte for byte.</li>
 * </ul>
 * Nothing else: no URI, otherName or other type, no upper-case type, no spaces around the colon.
 */
final class NameConstraintSpelling {
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final String DOMAIN = LABEL + "(?:\\." + LABEL + ")*";
    private static final String LOCAL_PART = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+";
    private static final String FORMS = "dns:NAME, ip:ADDRESS/PREFIX, email:DOMAIN (or .DOMAIN or MAILBOX), dn:RFC-4514-NAME";

    private NameConstraintSpelling() {
    }

    /** Why {@code entry} is not in the spelling; empty when it is. */
    static Optional<String> problem(String entry) {
        try {
            generalName(entry);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The GeneralName {@code entry} spells; IllegalArgumentException saying why when it spells none. */
    static GeneralName generalName(String entry) {
        String quoted = "\"" + entry + "\"";
        int colon = entry.indexOf(':');
        String type = colon < 0 ? "" : entry.substring(0, colon);
        String name = colon < 0 ? "" : entry.substring(colon + 1);
        switch (type) {
            case "dns" -> {
                if (!name.isEmpty() && (!name.matches(DOMAIN) || name.length() > 253)) {
                    throw new IllegalArgumentException(quoted + " is not a DNS name (letters, digits and hyphens, labels "
                            + "joined by dots, no leading dot), e.g. dns:example.com");
                }
                return new GeneralName(GeneralName.dNSName, name);
            }
            case "ip" -> {
                return new GeneralName(GeneralName.iPAddress, new DEROctetString(network(name, quoted)));
            }
            case "email" -> {
                String domain = name.startsWith(".") ? name.substring(1) : name.substring(name.indexOf('@') + 1);
                String local = name.contains("@") ? name.substring(0, name.indexOf('@')) : null;
                if (!domain.matches(DOMAIN) || local != null && (!local.matches(LOCAL_PART) || name.startsWith("."))) {
                    throw new IllegalArgumentException(quoted + " is not a host, a .domain or a mailbox, "
                            + "e.g. email:example.com, email:.example.com or email:user@example.com");
                }
                return new GeneralName(GeneralName.rfc822Name, name);
            }
            case "dn" -> {
                try {
                    return new GeneralName(X500Name.getInstance(new X500Principal(name.strip()).getEncoded()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(quoted + " is not a distinguished name (RFC 4514), e.g. dn:O=Example, C=US");
                }
            }
            default -> throw new IllegalArgumentException(quoted + " is not one of " + FORMS);
        }
    }

    /** An address and its prefix as RFC 5280 encodes them: the address octets, then the mask's. */
    private static byte[] network(String text, String quoted) {
        int slash = text.lastIndexOf('/');
        String address = slash < 0 ? "" : text.substring(0, slash);
        String prefix = slash < 0 ? "" : text.substring(slash + 1);
        boolean v4 = IPAddress.isValidIPv4(address);
        boolean v6 = !v4 && IPAddress.isValidIPv6(address) && address.matches("[0-9A-Fa-f:]+");
        int max = v4 ? 32 : 128;
        if (!(v4 || v6) || !prefix.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(prefix) > max) {
            throw new IllegalArgumentException(quoted + " is not an address and prefix length, e.g. ip:10.0.0.0/8 or ip:2001:db8::/32");
        }
        byte[] octets;
        try {
            // Only a numeric literal reaches here (checked above), which InetAddress parses without asking DNS.
            octets = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(quoted + " is not an address and prefix length", e);
        }
        int bits = Integer.parseInt(prefix);
        byte[] out = new byte[octets.length * 2];
        for (int i = 0; i < octets.length; i++) {
            int mask = bits >= 8 * (i + 1) ? 0xff : bits <= 8 * i ? 0 : (0xff << (8 - (bits - 8 * i))) & 0xff;
            if ((octets[i] & ~mask & 0xff) != 0) {
                throw new IllegalArgumentException(quoted + " has address bits set past the /" + bits + " prefix; write the network, "
                        + "e.g. ip:10.0.0.0/8");
            }
            out[i] = octets[i];
            out[octets.length + i] = (byte) mask;
        }
        return out;
    }

    /** A GeneralName of a subtree as a script would write it, for the witness's summary. */
    static String describe(GeneralName name) {
        return switch (name.getTagNo()) {
            case GeneralName.dNSName -> "dns:" + name.getName();
            case GeneralName.rfc822Name -> "email:" + name.getName();
            case GeneralName.directoryName -> "dn:" + new X500Principal(der(name)).getName(X500Principal.RFC2253);
            case GeneralName.iPAddress -> "ip:" + ipText(DEROctetString.getInstance(name.getName()).getOctets());
            default -> "GeneralName [" + name.getTagNo() + "]";
        };
    }

    private static byte[] der(GeneralName name) {
        try {
            return X500Name.getInstance(name.getName()).getEncoded();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String ipText(byte[] octets) {
        int half = octets.length / 2;
        if (half != 4 && half != 16) {
            return "(" + HexFormat.of().formatHex(octets) + ")";
        }
        int prefix = 0;
        for (int i = half; i < octets.length; i++) {
            prefix += Integer.bitCount(octets[i] & 0xff);
        }
        try {
            return InetAddress.getByAddress(java.util.Arrays.copyOf(octets, half)).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            return "(" + HexFormat.of().formatHex(octets) + ")";
        }
    }
}
