package org.keyceremony.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives *IT tests the {@link SoftHsmWorld} of their JVM:
 * <pre>{@code
 * @ExtendWith(SoftHsmExtension.class)
 * class CardStoreIT {
 *     @Test void writesShare(SoftHsmWorld world) {
 *         TestToken card = world.createToken("card");
 *         try (HsmToken t = world.module().openByLabel(card.label()); Pin pin = card.pin()) { ... }
 *     }
 * }
 * }</pre>
 * Works for test-method and constructor/lifecycle-method parameters.
 */
public final class SoftHsmExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SoftHsmWorld.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return SoftHsmWorld.get();
    }
}
