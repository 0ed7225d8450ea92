package org.keyceremony.hsm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A private key's protection attributes as the token reports them now, read back rather than
 * assumed from the template that made the key. A token that does not report an attribute
 * (CKR_ATTRIBUTE_TYPE_INVALID) leaves it empty.
 *
 * <p>What each means for who can get the key out (docs/threat-model.md):
 * <ul>
 *   <li>{@code CKA_EXTRACTABLE=false}: no mechanism wraps it, for any credential, ever again
 *       (the token refuses to set it back to true);</li>
 *   <li>{@code CKA_WRAP_WITH_TRUSTED=true}: while it is still extractable, only a key the
 *       security officer marked {@code CKA_TRUSTED} wraps it;</li>
 *   <li>{@code CKA_SENSITIVE=true}: its value cannot be read in the clear;</li>
 *   <li>{@code CKA_NEVER_EXTRACTABLE} and {@code CKA_ALWAYS_SENSITIVE}: the token's own record
 *       of the key's history (a key that was once extractable, or came in by unwrapping, is
 *       never "never extractable").</li>
 * </ul>
 */
public record KeyProtection(Optional<Boolean> extractable, Optional<Boolean> neverExtractable,
                            Optional<Boolean> sensitive, Optional<Boolean> alwaysSensitive,
                            Optional<Boolean> wrapWithTrusted) {

    /** True when the token says the key can no longer leave it by any wrap: sensitive and not extractable. */
    public boolean sealed() {
        return extractable.equals(Optional.of(false)) && sensitive.equals(Optional.of(true));
    }

    /** True when, while extractable, only a trusted key may wrap it. */
    public boolean wrapsOnlyUnderTrustedKeys() {
        return wrapWithTrusted.equals(Optional.of(true));
    }

    /** The attributes as the transcript prints them, e.g. {@code CKA_EXTRACTABLE=false}; unreported ones say so. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        out.add(line("CKA_EXTRACTABLE", extractable));
        out.add(line("CKA_NEVER_EXTRACTABLE", neverExtractable));
        out.add(line("CKA_SENSITIVE", sensitive));
        out.add(line("CKA_ALWAYS_SENSITIVE", alwaysSensitive));
        out.add(line("CKA_WRAP_WITH_TRUSTED", wrapWithTrusted));
        return out;
    }

    private static String line(String name, Optional<Boolean> value) {
        return name + "=" + value.map(String::valueOf).orElse("(not reported by the token)");
    }
}
