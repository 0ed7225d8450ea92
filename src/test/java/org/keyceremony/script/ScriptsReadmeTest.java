package org.keyceremony.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

/** {@code ceremony-scripts/README.md} documents what the parser accepts, and its example is valid. */
class ScriptsReadmeTest {
    private static String readme() throws Exception {
        return Files.readString(TestScripts.SHIPPED.resolve("README.md"));
    }

    @Test
    void theExampleIsAValidScript() throws Exception {
        String readme = readme();
        String example = readme.substring(readme.indexOf("```yaml", readme.indexOf("## Example")) + "```yaml\n".length());
        example = example.substring(0, example.indexOf("```"));
        CeremonyScript script = CeremonyScripts.parse(example, "README example");
        assertThat(script.metadata().kind()).isEqualTo(CeremonyKind.ROOT_KEY_GENERATION);
        assertThat(script.policy().key().orElseThrow().curve()).isEqualTo("P-384");
    }

    @Test
    void everyActionHasARowInTheActionTable() throws Exception {
        String readme = readme();
        assertThat(CeremonyScripts.actionNames()).hasSize(34)
                .allSatisfy(action -> assertThat(readme).contains("| `" + action + "` |"));
    }

    @Test
    void everyOrderingRuleIsInTheOrderTable() throws Exception {
        String table = readme().substring(readme().indexOf("### Order of actions"), readme().indexOf("### Resume points"));
        for (ActionKind<?> kind : ActionKinds.all()) {
            if (kind.order().isEmpty()) {
                continue;
            }
            String row = table.lines().filter(l -> l.startsWith("| `" + kind.name() + "` |")).findFirst().orElseThrow();
            for (ActionKind.Need need : kind.order()) {
                String named = need.anyOf().get(0);
                assertThat(row).as(kind.name()).contains(need.anyOf().get(0).equals("hsm-login") ? "logged in" : "`" + named + "`");
            }
        }
        ActionKinds.all().stream().filter(ActionKind::once).forEach(once -> assertThat(table).contains("`" + once.name() + "`"));
    }

    @Test
    void everyKindRuleIsInTheKindTable() throws Exception {
        String readme = readme();
        KindRules.RULES.forEach((kind, rule) -> {
            String row = readme.lines().filter(l -> l.startsWith("| `" + kind.yamlName() + "` | `")).findFirst().orElseThrow();
            rule.required().forEach(a -> assertThat(row).contains("`" + a + "`"));
            rule.policyRequired().forEach(p -> assertThat(row).contains("`" + p + "`"));
            rule.actions().stream().filter(a -> !KindRules.COMMON.contains(a))
                    .forEach(a -> assertThat(row).contains("`" + a + "`"));
        });
        KindRules.COMMON.forEach(a -> assertThat(readme).contains("`" + a + "`"));
    }
}
