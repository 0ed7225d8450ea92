package org.keyceremony.sharing;

import com.codahale.shamir.Scheme;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.secret.Wipe;

/**
 * Shamir's secret sharing over GF(2^8) (codahale {@code shamir}: AES field polynomial
 * x^8+x^4+x^3+x+1, share number = evaluation point, one independent polynomial per secret
 * byte), with the guards that library lacks: its {@code join} silently returns garbage for
 * share numbers 0 or 256+, duplicates, or too few shares.
 *
 * <p>Given more than M shares, {@link #combine} checks that they all lie on one polynomial
 * and, when they do not, names the wrong share instead of outvoting or using it. A wrong share
 * can be named when there are at least M+2 shares, or M+1 shares and the KWK check value.
 * Naming assumes at most one wrong share: without the check value, several wrong shares
 * crafted to agree with each other could point at an innocent one; with it (the envelope path,
 * {@link ShareSet#combine}), a share is named only if leaving it out yields the checked KWK.
 * Cost grows as (shares − M) × shares interpolations: trivial for ceremony sizes (N ≤ ~20).
 */
public final class Shamir {
    /** Highest share number and highest N: GF(2^8) has 255 non-zero evaluation points. */
    public static final int MAX_SHARES = 255;
    /** Lowest threshold: M = 1 would put the secret itself on every card. */
    public static final int MIN_THRESHOLD = 2;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Shamir() {
    }

    /**
     * Splits {@code secret} into {@code n} shares numbered 1..n, any {@code m} of which recover it.
     * Combines all n shares before returning, so a split that does not recombine is never handed out.
     */
    public static List<Share> split(SecretBytes secret, int m, int n, SecureRandom random) throws InvalidInputException {
        checkThreshold(m, n);
        if (secret.length() == 0) {
            throw new InvalidInputException("The secret to split is empty.");
        }
        byte[] s = secret.reveal();
        List<Share> shares = new ArrayList<>(n);
        try {
            Map<Integer, byte[]> parts = new Scheme(random, n, m).split(s);
            for (int x = 1; x <= n; x++) {
                shares.add(new Share(x, SecretBytes.adopt(parts.get(x))));
            }
            // Consistency of all n shares means every m-subset yields the same value.
            try (SecretBytes back = combine(m, shares)) {
                if (!back.sameAs(secret)) {
                    throw new IllegalStateException("Shamir split does not recombine to its secret");
                }
            }
            return List.copyOf(shares);
        } catch (InvalidInputException | RuntimeException e) {
            shares.forEach(Share::close);
            throw e;
        } finally {
            Wipe.bytes(s);
        }
    }

    /** Recovers the secret from at least {@code m} shares; see the class comment for more than m. */
    public static SecretBytes combine(int m, List<Share> shares) throws InvalidInputException {
        return combine(m, shares, null);
    }

    /**
     * Recovers the secret from at least {@code m} shares and confirms it against {@code expected}
     * (may be null) before returning it.
     *
     * @throws InconsistentSharesException when the shares disagree or do not match the check value
     */
    public static SecretBytes combine(int m, List<Share> shares, KwkCheckValue expected) throws InvalidInputException {
        checkShares(m, shares);
        List<byte[]> values = new ArrayList<>(shares.size());
        try {
            for (Share s : shares) {
                values.add(s.value().reveal());
            }
            return new Points(m, shares, values, expected).combine();
        } finally {
            values.forEach(Wipe::bytes);
        }
    }

    static void checkThreshold(int m, int n) throws InvalidInputException {
        if (n < MIN_THRESHOLD || n > MAX_SHARES) {
            throw new InvalidInputException("The number of shares N must be between 2 and 255, got " + n + ".");
        }
        if (m < MIN_THRESHOLD || m > n) {
            throw new InvalidInputException("The threshold M must be between 2 and N = " + n + ", got " + m + ".");
        }
    }

    private static void checkShares(int m, List<Share> shares) throws InvalidInputException {
        if (m < MIN_THRESHOLD || m > MAX_SHARES) {
            throw new InvalidInputException("The threshold M must be between 2 and 255, got " + m + ".");
        }
        Set<Integer> seen = new HashSet<>();
        int length = -1;
        int firstNumber = 0;
        for (Share s : shares) {
            int x = s.number();
            if (x < 1 || x > MAX_SHARES) {
                throw new InvalidInputException("Share number " + x + " is out of range: share numbers are 1 to 255.");
            }
            if (!seen.add(x)) {
                throw new InvalidInputException("Share #" + x + " was offered twice: each share may be used once.");
            }
            if (s.value().length() == 0) {
                throw new InvalidInputException("Share #" + x + " is empty.");
            }
            if (length < 0) {
                length = s.value().length();
                firstNumber = x;
            } else if (s.value().length() != length) {
                throw new InvalidInputException("Share #" + x + " has " + s.value().length() + " bytes but share #"
                        + firstNumber + " has " + length + ": they cannot come from the same split.");
            }
        }
        if (shares.size() < m) {
            throw new InvalidInputException("Only " + shares.size() + " share(s) offered, but " + m
                    + " are needed: bring " + (m - shares.size()) + " more custodian card(s).");
        }
    }

    static String numbers(List<Integer> numbers) {
        return numbers.stream().map(x -> "#" + x).collect(Collectors.joining(", "));
    }

    /** The revealed points of one combination; indices refer to the caller's list. */
    private static final class Points {
        private final int m;
        private final List<Share> shares;
        private final List<byte[]> values;
        private final KwkCheckValue expected;
        private final Scheme scheme;

        Points(int m, List<Share> shares, List<byte[]> values, KwkCheckValue expected) {
            this.m = m;
            this.shares = shares;
            this.values = values;
            this.expected = expected;
            // join() uses neither the random source nor N.
            this.scheme = new Scheme(RANDOM, MAX_SHARES, m);
        }

        SecretBytes combine() throws InconsistentSharesException {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < shares.size(); i++) {
                all.add(i);
            }
            if (all.size() == m || consistent(all)) {
                SecretBytes secret = SecretBytes.adopt(join(all.subList(0, m)));
                if (expected != null && !expected.matches(secret)) {
                    secret.close();
                    throw new InconsistentSharesException(all.size() == m
                            ? "The combined key does not match the KWK check value " + expected.hex()
                                    + ": one of shares " + numbers(numbersOf(all))
                                    + " is wrong or from another split. Add one more card to find out which."
                            : "Shares " + numbers(numbersOf(all)) + " agree with each other but not with the KWK check value "
                                    + expected.hex() + ": they belong to another split, or the check value is wrong.",
                            numbersOf(all));
                }
                return secret;
            }
            List<Integer> culprits = new ArrayList<>();
            for (int i : all) {
                List<Integer> rest = new ArrayList<>(all);
                rest.remove(Integer.valueOf(i));
                if (acceptable(rest)) {
                    culprits.add(i);
                }
            }
            if (culprits.size() == 1) {
                int bad = shares.get(culprits.get(0)).number();
                List<Integer> rest = numbersOf(all);
                rest.remove(Integer.valueOf(bad));
                throw new InconsistentSharesException("Share #" + bad + " does not agree with shares " + numbers(rest)
                        + (expected == null ? ", which agree with each other" : ", which agree with each other and with the KWK check value")
                        + ". Set the card with share #" + bad + " aside, record an exception, and combine without it.",
                        List.of(bad));
            }
            throw new InconsistentSharesException("Shares " + numbers(numbersOf(all)) + " do not agree with each other,"
                    + " and the wrong one cannot be singled out" + (all.size() == m + 1 && expected == null
                            ? " without the KWK check value" : "") + ". Combine other subsets or bring more cards.",
                    numbersOf(all));
        }

        /** Whether these points alone would be a trustworthy combination. */
        private boolean acceptable(List<Integer> rest) {
            if (rest.size() > m && !consistent(rest)) {
                return false;
            }
            if (expected == null) {
                return rest.size() > m;
            }
            byte[] s = join(rest.subList(0, m));
            try (SecretBytes candidate = SecretBytes.adopt(s)) {
                return expected.matches(candidate);
            }
        }

        /**
         * All points lie on one polynomial of degree below m. With base = the first m points:
         * for every further point j, the polynomial through (base minus its first point, plus j)
         * must give the same value at 0. The two polynomials then agree at m points (the m-1
         * shared ones and x = 0), so they are equal, so j lies on the base polynomial.
         */
        private boolean consistent(List<Integer> indices) {
            List<Integer> base = indices.subList(0, m);
            byte[] reference = join(base);
            try {
                for (int j : indices.subList(m, indices.size())) {
                    List<Integer> swapped = new ArrayList<>(base.subList(1, m));
                    swapped.add(j);
                    byte[] other = join(swapped);
                    try {
                        if (!MessageDigest.isEqual(reference, other)) {
                            return false;
                        }
                    } finally {
                        Wipe.bytes(other);
                    }
                }
                return true;
            } finally {
                Wipe.bytes(reference);
            }
        }

        private byte[] join(List<Integer> indices) {
            Map<Integer, byte[]> parts = new HashMap<>();
            for (int i : indices) {
                parts.put(shares.get(i).number(), values.get(i));
            }
            return scheme.join(parts);
        }

        private List<Integer> numbersOf(List<Integer> indices) {
            List<Integer> out = new ArrayList<>();
            for (int i : indices) {
                out.add(shares.get(i).number());
            }
            return out;
        }
    }
}
