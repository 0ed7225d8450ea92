package org.keyceremony.journal.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.keyceremony.base.InvalidInputException;

/**
 * docs/events.md lists, in its table "Fact keys of each action", the keys of each action kind's
 * facts exactly as the records of {@code journal.facts} define them (what {@link FactsCodec}
 * writes and requires). An auditor reads that page to understand a log, so it must not drift
 * from the code: a component added, renamed or made optional fails this test until the page
 * says so too.
 */
class EventsDocTest {
    private static final Path DOC = Path.of("docs/events.md");
    private static final String HEADING = "## Fact keys of each action";

    @Test
    void theDocumentedKeysOfEachActionAreThoseOfItsRecords() throws IOException, InvalidInputException {
        Map<String, TreeSet<String>> documented = documented(Files.readString(DOC));
        Map<String, TreeSet<String>> expected = new TreeMap<>();
        for (String kind : ActionFacts.kinds()) {
            TreeSet<String> forms = new TreeSet<>();
            for (Class<?> form : forms(ActionFacts.typeOf(kind))) {
                forms.add(keys(form.asSubclass(Record.class), false));
            }
            expected.put(kind, forms);
        }
        List<String> differences = new ArrayList<>();
        TreeSet<String> kinds = new TreeSet<>(expected.keySet());
        kinds.addAll(documented.keySet());
        for (String kind : kinds) {
            TreeSet<String> doc = documented.getOrDefault(kind, new TreeSet<>());
            TreeSet<String> code = expected.getOrDefault(kind, new TreeSet<>());
            if (!doc.equals(code)) {
                differences.add(kind + ": the page says " + doc + ", the records " + code);
            }
        }
        assertThat(differences).as("the rows of \"%s\" in %s (one row per form of an action's facts, its keys "
                + "cell written as the records say)", HEADING, DOC).isEmpty();
    }

    @Test
    void aKeyIsRenderedWithItsNestingAndWhetherItIsOptional() {
        assertThat(keys(BackupFacts.WriteBackup.class, false)).isEqualTo("`copies`: [`destination`, `path`, `sha256`, "
                + "`bytes`, `fileIdentity` (optional)], `sha256`, `identical`, `signedBy`");
        assertThat(keys(HsmFacts.HsmLogin.class, false)).isEqualTo("`tokenLabel`, `manufacturer`, `model`, `serial`, "
                + "`firmware`, `loggedIn`");
    }

    /** The records an action's facts may be: the one record, or each form a sealed interface permits. */
    private static List<Class<?>> forms(Class<?> type) {
        return type.isSealed() ? List.of(type.getPermittedSubclasses()) : List.of(type);
    }

    /**
     * The keys of {@code type} as the page writes them: {@code `name`}, then {@code (optional)} when
     * the key may be absent, then the keys of an object ({@code {…}}) or of a list of objects
     * ({@code […]}); an {@link Inline} record's keys in place, optional when the group is.
     */
    static String keys(Class<? extends Record> type, boolean optionalGroup) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            boolean optional = optionalGroup || c.getType() == Optional.class;
            Type t = c.getType() == Optional.class ? argument(c.getGenericType()) : c.getGenericType();
            if (c.isAnnotationPresent(Inline.class)) {
                out.add(keys(raw(t).asSubclass(Record.class), optional));
                continue;
            }
            JsonKey k = c.getAnnotation(JsonKey.class);
            StringBuilder s = new StringBuilder("`").append(k == null ? c.getName() : k.value()).append('`');
            if (optional) {
                s.append(" (optional)");
            }
            if (raw(t).isRecord()) {
                s.append(": {").append(keys(raw(t).asSubclass(Record.class), false)).append('}');
            } else if (raw(t) == List.class && raw(argument(t)).isRecord()) {
                s.append(": [").append(keys(raw(argument(t)).asSubclass(Record.class), false)).append(']');
            }
            out.add(s.toString());
        }
        return String.join(", ", out);
    }

    /** Per action kind, the keys cells of its rows in the table under {@link #HEADING}. */
    private static Map<String, TreeSet<String>> documented(String page) {
        int at = page.indexOf("\n" + HEADING + "\n");
        assertThat(at).as("%s has a section \"%s\"", DOC, HEADING).isNotNegative();
        Map<String, TreeSet<String>> out = new TreeMap<>();
        boolean inTable = false;
        for (String line : page.substring(at + HEADING.length() + 2).split("\n")) {
            if (line.startsWith("#")) {
                break;
            }
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            inTable = true;
            String[] cells = line.split("\\s*\\|\\s*", -1);
            // | `kind` | form | keys |  → "", kind, form, keys, ""
            if (cells.length != 5 || !cells[1].matches("`[a-z-]+`")) {
                continue; // the header and its rule
            }
            out.computeIfAbsent(cells[1].replace("`", ""), k -> new TreeSet<>()).add(cells[3]);
        }
        return out;
    }

    private static Type argument(Type t) {
        ParameterizedType p = (ParameterizedType) t;
        return p.getActualTypeArguments()[0];
    }

    private static Class<?> raw(Type t) {
        return t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
    }
}
