package org.keyceremony.ui.common;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Labels in the order people count them: card-2 before card-10 (runs of digits compare as numbers). */
public final class NaturalOrder {
    private static final Pattern CHUNK = Pattern.compile("\\d+|\\D+");

    /** The comparator. */
    public static final Comparator<String> LABELS = NaturalOrder::compare;

    private NaturalOrder() {
    }

    public static int compare(String a, String b) {
        Matcher x = CHUNK.matcher(a);
        Matcher y = CHUNK.matcher(b);
        while (x.find() && y.find()) {
            String p = x.group();
            String q = y.group();
            int c = Character.isDigit(p.charAt(0)) && Character.isDigit(q.charAt(0))
                    ? new BigInteger(p).compareTo(new BigInteger(q)) : p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
