package org.keyceremony.base;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The {@link KindModule}s of this build, found once with {@link ServiceLoader} (the jar's
 * {@code META-INF/services/org.keyceremony.base.KindModule}), in the order that file lists them.
 * A name listed twice is a build error, reported when the modules are first asked for.
 */
public final class KindModules {
    private KindModules() {
    }

    private static final class Loaded {
        static final List<KindModule> ALL = load();

        private static List<KindModule> load() {
            Map<String, KindModule> byName = new LinkedHashMap<>();
            for (KindModule m : ServiceLoader.load(KindModule.class, KindModules.class.getClassLoader())) {
                if (byName.put(m.name(), m) != null) {
                    throw new IllegalStateException("action kind module '" + m.name() + "' is listed twice");
                }
            }
            return List.copyOf(byName.values());
        }
    }

    /** Every module of this build that plays {@code role} (a layer's own interface). */
    public static <T> List<T> all(Class<T> role) {
        List<T> out = new ArrayList<>();
        for (KindModule m : Loaded.ALL) {
            if (role.isInstance(m)) {
                out.add(role.cast(m));
            }
        }
        return List.copyOf(out);
    }

    /** Every module of this build. */
    public static List<KindModule> all() {
        return Loaded.ALL;
    }
}
