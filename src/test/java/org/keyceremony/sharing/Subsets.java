package org.keyceremony.sharing;

import java.util.ArrayList;
import java.util.List;

/** All k-element subsets of 0..n-1, as index lists, in lexicographic order. */
final class Subsets {
    private Subsets() {
    }

    static List<List<Integer>> of(int n, int k) {
        List<List<Integer>> out = new ArrayList<>();
        collect(n, k, 0, new ArrayList<>(), out);
        return out;
    }

    private static void collect(int n, int k, int from, List<Integer> current, List<List<Integer>> out) {
        if (current.size() == k) {
            out.add(List.copyOf(current));
            return;
        }
        for (int i = from; i <= n - (k - current.size()); i++) {
            current.add(i);
            collect(n, k, i + 1, current, out);
            current.remove(current.size() - 1);
        }
    }

    static <T> List<T> pick(List<T> items, List<Integer> indices) {
        List<T> out = new ArrayList<>();
        for (int i : indices) {
            out.add(items.get(i));
        }
        return out;
    }
}
