package org.keyceremony.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.security.SecureRandom;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Tests draw randomness only through {@link Seeded}, so that every failure reproduces (docs/testing.md). */
class SeededRandomnessTest {
    private static final JavaClasses TESTS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .importPackages("org.keyceremony");

    @Test
    void noTestDrawsUnseededRandomness() {
        noClasses().that().doNotHaveFullyQualifiedName(Seeded.class.getName())
                .should().callConstructor(SecureRandom.class)
                .orShould().callConstructor(Random.class)
                .orShould().callMethod(UUID.class, "randomUUID")
                .orShould().callMethod(Math.class, "random")
                .orShould().callMethod(ThreadLocalRandom.class, "current")
                .because("a failure must reproduce from the seed its test names; use org.keyceremony.testing.Seeded")
                .check(TESTS);
    }
}
