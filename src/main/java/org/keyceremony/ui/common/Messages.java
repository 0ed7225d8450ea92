package org.keyceremony.ui.common;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Every text the GUI shows comes from the resource bundle {@code org/keyceremony/ui/messages};
 * a translation is one more properties file. A missing key shows as {@code !key!} so that a
 * gap is visible on screen and in tests instead of failing a ceremony.
 */
public final class Messages {
    private static final ResourceBundle BUNDLE = ResourceBundle.getBundle("org.keyceremony.ui.messages", Locale.getDefault());

    private Messages() {
    }

    /** The text for {@code key}, with {@code {0}}, {@code {1}} … replaced by {@code args}. */
    public static String get(String key, Object... args) {
        try {
            String pattern = BUNDLE.getString(key);
            // Always through MessageFormat, so that '' is one apostrophe in every text, with or without arguments.
            return new MessageFormat(pattern, Locale.getDefault()).format(args);
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
    }

    public static ResourceBundle bundle() {
        return BUNDLE;
    }
}
