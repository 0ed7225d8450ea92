package org.keyceremony.journal.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.journal.Json;

class FactsCodecTest {

    record Row(String name, long number) {
    }

    record Group(String a, Optional<Boolean> b) {
    }

    record Sample(@JsonKey("package") String file, long count, boolean flag, Optional<String> note,
                  List<Row> rows, Map<String, String> hashes, @Inline Group group) {
    }

    record Grouped(String x, @Inline Optional<Group> group) {
    }

    private static final Sample SAMPLE = new Sample("p.kcbackup", 3, true, Optional.empty(),
            List.of(new Row("one", 1), new Row("two", 2)), Map.of("a.jar", "ab"), new Group("g", Optional.of(false)));

    @Test
    void writesTheJsonKeysInComponentOrderAndLeavesAnAbsentOptionalOut() {
        Map<String, Object> m = FactsCodec.write(SAMPLE);

        assertThat(m.keySet()).containsExactly("package", "count", "flag", "rows", "hashes", "a", "b");
        assertThat(Json.canonical(m)).isEqualTo("{\"a\":\"g\",\"b\":false,\"count\":3,\"flag\":true,"
                + "\"hashes\":{\"a.jar\":\"ab\"},\"package\":\"p.kcbackup\",\"rows\":[{\"name\":\"one\",\"number\":1},"
                + "{\"name\":\"two\",\"number\":2}]}");
    }

    @Test
    void readsBackWhatItWrote() throws Exception {
        Map<String, Object> parsed = Json.parseObject(Json.canonical(FactsCodec.write(SAMPLE)));

        assertThat(FactsCodec.read(Sample.class, parsed)).isEqualTo(SAMPLE);
    }

    @Test
    void anOptionalInlineGroupIsThereWhenAnyOfItsKeysIs() throws Exception {
        assertThat(FactsCodec.read(Grouped.class, Map.of("x", "1"))).isEqualTo(new Grouped("1", Optional.empty()));
        assertThat(FactsCodec.read(Grouped.class, Map.of("x", "1", "a", "y")))
                .isEqualTo(new Grouped("1", Optional.of(new Group("y", Optional.empty()))));
        assertThatThrownBy(() -> FactsCodec.read(Grouped.class, Map.of("x", "1", "b", true)))
                .hasMessage("field \"a\" is missing");
    }

    @Test
    void refusesAMissingFieldByName() {
        Map<String, Object> m = new LinkedHashMap<>(FactsCodec.write(SAMPLE));
        m.remove("count");

        assertThatThrownBy(() -> FactsCodec.read(Sample.class, m)).isInstanceOf(InvalidInputException.class)
                .hasMessage("field \"count\" is missing");
    }

    @Test
    void refusesAMisspeltFieldByName() {
        Map<String, Object> m = new LinkedHashMap<>(FactsCodec.write(SAMPLE));
        m.put("nots", "typo");

        assertThatThrownBy(() -> FactsCodec.read(Sample.class, m))
                .hasMessage("field \"nots\" is not a fact of Sample");
    }

    @Test
    void refusesAValueOfAnotherTypeWithItsPath() {
        Map<String, Object> m = new LinkedHashMap<>(FactsCodec.write(SAMPLE));
        m.put("rows", List.of(Map.of("name", "one", "number", 1L), Map.of("name", "two", "number", "2")));

        assertThatThrownBy(() -> FactsCodec.read(Sample.class, m))
                .hasMessage("field \"rows[2].number\" must be an integer, not a string");
    }

    @Test
    void refusesAnUnknownFieldInsideANestedObject() {
        Map<String, Object> m = new LinkedHashMap<>(FactsCodec.write(SAMPLE));
        m.put("rows", List.of(Map.of("name", "one", "number", 1L, "extra", true)));

        assertThatThrownBy(() -> FactsCodec.read(Sample.class, m))
                .hasMessage("field \"rows[1].extra\" is not a fact of Row");
    }

    @Test
    void refusesNull() {
        Map<String, Object> m = new LinkedHashMap<>(FactsCodec.write(SAMPLE));
        m.put("note", null);

        assertThatThrownBy(() -> FactsCodec.read(Sample.class, m)).hasMessage("field \"note\" is null");
    }

    @Test
    void refusesToWriteANullComponent() {
        assertThatThrownBy(() -> FactsCodec.write(new Row(null, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Row.name is null");
    }

    @Test
    void readsEachFormOfAnActionWithTwo() throws Exception {
        Map<String, Object> one = FactsCodec.write(new BackupFacts.ShareWritten("Carol", 1, "card-1", "0e1a", "1",
                "ab".repeat(32), true));

        assertThat(ActionFacts.read("write-share", one)).isInstanceOf(BackupFacts.ShareWritten.class);
        assertThat(ActionFacts.read("write-share", Map.of("shares", List.of(one), "written", 1L)))
                .isInstanceOf(BackupFacts.SharesWritten.class);
        assertThatThrownBy(() -> ActionFacts.read("write-shares", one)).hasMessageContaining("not an action kind");
    }
}
