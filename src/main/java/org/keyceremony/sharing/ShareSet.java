package org.keyceremony.sharing;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.secret.SecretBytes;

/**
 * One split of a KWK: its id, M-of-N, the KWK check value and the N envelopes, one per
 * custodian card. Closing it wipes every share.
 */
public record ShareSet(ShareSetId id, int m, int n, KwkCheckValue checkValue, List<ShareEnvelope> envelopes)
        implements AutoCloseable {

    public ShareSet {
        envelopes = List.copyOf(envelopes);
        if (envelopes.size() != n) {
            throw new IllegalArgumentException("a share set of N=" + n + " needs " + n + " envelopes");
        }
    }

    /**
     * Splits {@code kwk} M-of-N under a fresh share-set id. The split is recombined and checked
     * against the check value before it is returned.
     */
    public static ShareSet split(SecretBytes kwk, int m, int n, SecureRandom random) throws InvalidInputException {
        Shamir.checkThreshold(m, n);
        if (kwk.length() != 16 && kwk.length() != 24 && kwk.length() != 32) {
            throw new InvalidInputException("The key to split must be an AES key of 16, 24 or 32 bytes, not "
                    + kwk.length() + " bytes.");
        }
        KwkCheckValue check = KwkCheckValue.of(kwk);
        ShareSetId id = ShareSetId.random(random);
        List<ShareEnvelope> envelopes = new ArrayList<>(n);
        for (Share s : Shamir.split(kwk, m, n, random)) {
            envelopes.add(new ShareEnvelope(id, s.number(), m, n, check, s.value()));
        }
        ShareSet set = new ShareSet(id, m, n, check, envelopes);
        try (SecretBytes back = combine(envelopes)) {
            if (!back.sameAs(kwk)) {
                set.close();
                throw new IllegalStateException("share set does not recombine to its KWK");
            }
        }
        return set;
    }

    /**
     * Recovers the KWK from envelopes of one share set. Refuses mixed sets, mixed parameters,
     * too few shares, and a result that does not match the check value; names a wrong share
     * when there are enough shares to single it out (see {@link Shamir#combine}).
     */
    public static SecretBytes combine(List<ShareEnvelope> envelopes) throws InvalidInputException {
        if (envelopes.isEmpty()) {
            throw new InvalidInputException("No shares offered.");
        }
        ShareEnvelope first = envelopes.get(0);
        List<Share> shares = new ArrayList<>(envelopes.size());
        for (ShareEnvelope e : envelopes) {
            if (!e.setId().equals(first.setId())) {
                throw new InvalidInputException("Share #" + e.number() + " belongs to share set " + e.setId().shortHex()
                        + " but share #" + first.number() + " to set " + first.setId().shortHex()
                        + ": shares of different splits never combine. Use cards of one share set only.");
            }
            if (e.m() != first.m() || e.n() != first.n()) {
                throw new InvalidInputException("Share #" + e.number() + " says " + e.m() + "-of-" + e.n()
                        + " but share #" + first.number() + " says " + first.m() + "-of-" + first.n()
                        + " for the same share set: one of the cards is not what it claims.");
            }
            if (!e.checkValue().equals(first.checkValue())) {
                throw new InvalidInputException("Share #" + e.number() + " carries KWK check value " + e.checkValue().hex()
                        + " but share #" + first.number() + " carries " + first.checkValue().hex()
                        + " for the same share set: one of the cards is not what it claims.");
            }
            shares.add(e.toShare());
        }
        return Shamir.combine(first.m(), shares, first.checkValue());
    }

    /** The commitments of the N envelopes, in share-number order. */
    public List<ShareCommitment> commitments() {
        List<ShareCommitment> out = new ArrayList<>(n);
        for (ShareEnvelope e : envelopes) {
            out.add(e.commitment());
        }
        return List.copyOf(out);
    }

    /** The envelope with share number {@code x} (1..N). */
    public ShareEnvelope envelope(int x) {
        return envelopes.get(x - 1);
    }

    @Override
    public void close() {
        envelopes.forEach(ShareEnvelope::close);
    }

    @Override
    public String toString() {
        return "ShareSet[" + id.hex() + ", " + m + "-of-" + n + ", check=" + checkValue.hex() + "]";
    }
}
