package org.keyceremony.transcript;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The certificates a signed transcript (and a backup package) carries: the transcript-signing
 * certificate, the ceremony CA that issued it when the script asks for one
 * ({@code policy.transcript-signer: issued-by-ceremony-ca}, for roots whose root programme
 * forbids end-entity certificates directly under the root), and the self-signed root.
 */
public record SigningChain(X509Certificate signer, Optional<X509Certificate> ceremonyCa, X509Certificate root) {
    public SigningChain {
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(ceremonyCa, "ceremonyCa");
        Objects.requireNonNull(root, "root");
    }

    /** A transcript-signing certificate issued by the root itself. */
    public static SigningChain of(X509Certificate signer, X509Certificate root) {
        return new SigningChain(signer, Optional.empty(), root);
    }

    /** The signer's certificate first, then the ceremony CA's when there is one, then the root's. */
    public List<X509Certificate> certificates() {
        List<X509Certificate> all = new ArrayList<>();
        all.add(signer);
        ceremonyCa.ifPresent(all::add);
        all.add(root);
        return List.copyOf(all);
    }

    /** The certificate that issued the signer's: the ceremony CA, or the root. */
    public X509Certificate signerIssuer() {
        return ceremonyCa.orElse(root);
    }
}
