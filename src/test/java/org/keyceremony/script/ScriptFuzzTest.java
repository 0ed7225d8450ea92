package org.keyceremony.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever the input, the parser answers with a script or a {@link ScriptException} whose
 * errors all have a line and a message; never another exception, never a hang.
 */
class ScriptFuzzTest {

    private static final List<String> TOKENS = List.of(":", ": ", "- ", " ", "  ", "\n", "\n  ", "\n    ", "[", "]",
            "{", "}", ",", "&a ", "*a", "!!str ", "!x ", "'", "\"", "# c", "---\n", "...\n", "? ", "|\n  ", ">\n  ",
            "%YAML 1.2\n", "\t", "~", "null", "true", "yes", "0", "3", "-1", "99999999999", "1.1", "\"2.1\"", "script",
            "policy", "roles", "acts", "steps", "action", "id", "key", "sharing", "certificate", "threshold", "shares",
            "write-share", "split-kwk", "custodian", "token", "target-hsm", "manual", "record", "<<", "\\u0000", "é",
            "\uD83D\uDD11", "\u0085", "\uFEFF");

    private static final List<String> KEYS = List.of("script", "name", "version", "kind", "objectives", "policy", "key",
            "algorithm", "size", "curve", "label", "id", "sharing", "threshold", "shares", "certificate", "subject",
            "validity-days", "path-length", "digest", "require-air-gap", "backup-destinations", "roles", "administrator",
            "custodian", "acts", "title", "steps", "text", "actor", "confirmer", "resume-point", "action",
            "write-share", "hsm-login", "manual", "value-required", "bogus");

    private static final List<String> SCALARS = List.of("1", "0", "-5", "256", "true", "false", "", "~", "RSA", "EC",
            "P-384", "SHA-256", "4096", "\"01\"", "'1.1'", "1.1", "2.1", "witness", "custodian", "root-key-generation",
            "card-check", "write-share", "split-kwk", "sign-transcript", "target-hsm", "CN=x, O=y, C=NL", "\"\"", "x y");

    private static void parsesOrRefusesCleanly(String text) {
        try {
            CeremonyScript script = CeremonyScripts.parse(text, "fuzz.yaml");
            assertThat(script.steps()).isNotEmpty();
            Statistics.collect("valid");
        } catch (ScriptException e) {
            Statistics.collect(e.errors().size() == 1 && e.errors().get(0).path().isEmpty() ? "refused as YAML" : "refused by schema");
            assertThat(e.errors()).isNotEmpty().allSatisfy(err -> {
                assertThat(err.line()).isPositive();
                assertThat(err.message()).isNotBlank();
            });
        }
    }

    @Property(tries = 300)
    void randomTextIsRefusedCleanly(@ForAll String text) {
        parsesOrRefusesCleanly(text);
    }

    @Property(tries = 500)
    void yamlishTokenSoupIsRefusedCleanly(@ForAll("tokenSoup") String text) {
        parsesOrRefusesCleanly(text);
    }

    @Property(tries = 500)
    void randomStructuresAreRefusedCleanly(@ForAll("structures") String text) {
        parsesOrRefusesCleanly(text);
    }

    @Property(tries = 500)
    void mutatedShippedScriptsParseOrAreRefusedCleanly(@ForAll("mutations") String text) {
        parsesOrRefusesCleanly(text);
    }

    /** Arbitrary text in the fields whose values are parsed further (DN, label, hex id, version, step id). */
    @Property(tries = 500)
    void arbitraryFieldValuesAreRefusedCleanly(@ForAll("fieldValues") Tuple.Tuple2<String, String> field) {
        String quoted = "'" + field.get2().replace("'", "''") + "'";
        parsesOrRefusesCleanly(TestScripts.rootWith(field.get1(), field.get1().replaceFirst(":.*", java.util.regex.Matcher.quoteReplacement(": " + quoted))));
    }

    @Provide
    Arbitrary<Tuple.Tuple2<String, String>> fieldValues() {
        Arbitrary<String> field = Arbitraries.of("subject: \"CN=Test Root, O=Test, C=NL\"", "label: test-root",
                "id: \"01\"", "version: \"1\"", "name: test-root", "id: \"2.3\"", "curve", "digest: SHA-256");
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("CNOU=,+;#\\\"<> 0123456789abcdefABCDEF.-").ofMaxLength(40));
        return Combinators.combine(field.filter(f -> f.contains(":")), value).as(Tuple::of);
    }

    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(80).map(l -> String.join("", l));
    }

    /** Flow-style YAML trees over the script's own vocabulary, so that the typed readers get exercised. */
    @Provide
    Arbitrary<String> structures() {
        return node(4).map(n -> n);
    }

    private Arbitrary<String> node(int depth) {
        Arbitrary<String> scalar = Arbitraries.of(SCALARS);
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> list = Arbitraries.lazy(() -> node(depth - 1)).list().ofMaxSize(4)
                .map(items -> "[" + String.join(", ", items) + "]");
        Arbitrary<String> map = Combinators.combine(Arbitraries.of(KEYS), Arbitraries.lazy(() -> node(depth - 1)))
                .as((k, v) -> k + ": " + v).list().ofMaxSize(5).map(entries -> "{" + String.join(", ", entries) + "}");
        return Arbitraries.frequencyOf(Tuple.of(2, scalar), Tuple.of(1, list), Tuple.of(3, map));
    }

    /** A shipped script with a few random edits: deletions, duplicated lines, swapped lines, inserted tokens. */
    @Provide
    Arbitrary<String> mutations() {
        Arbitrary<String> base = Arbitraries.of(List.of("root-key-generation.yaml", "backup-restore.yaml",
                "share-rotation.yaml", "card-check.yaml")).map(ScriptFuzzTest::read);
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 1_000_000), Arbitraries.integers().between(0, 1_000_000),
                Arbitraries.of(TOKENS)).as(Mutation::new);
        return Combinators.combine(base, mutation.list().ofMinSize(1).ofMaxSize(4)).as((text, edits) -> {
            String t = text;
            for (Mutation m : edits) {
                t = m.apply(t);
            }
            return t;
        });
    }

    private record Mutation(int kind, int a, int b, String token) {
        String apply(String text) {
            if (text.isEmpty()) {
                return token;
            }
            int i = a % text.length();
            int j = b % text.length();
            List<String> lines = new java.util.ArrayList<>(text.lines().toList());
            int li = a % lines.size();
            int lj = b % lines.size();
            switch (kind) {
                case 0:
                    return text.substring(0, Math.min(i, j)) + text.substring(Math.max(i, j));
                case 1:
                    lines.add(lj, lines.get(li));
                    return String.join("\n", lines) + "\n";
                case 2:
                    java.util.Collections.swap(lines, li, lj);
                    return String.join("\n", lines) + "\n";
                default:
                    return text.substring(0, i) + token + text.substring(i);
            }
        }
    }

    private static String read(String name) {
        try {
            return Files.readString(TestScripts.SHIPPED.resolve(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
