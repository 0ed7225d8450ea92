package org.keyceremony.ui.common;

import java.util.function.Consumer;

import javafx.scene.control.Button;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.Region;

/** The app's one "Copy" button: it puts {@code value} (a SHA-256, a ceremony id) whole on the clipboard. */
public final class CopyButton {
    private CopyButton() {
    }

    /**
     * The button; after copying it tells {@code said} what it copied ({@code what}, e.g. "the SHA-256",
     * and the value's first and last four characters), so that people see something happened.
     */
    public static Button of(String value, String what, Consumer<String> said) {
        Button copy = new Button(Messages.get("review.copy"));
        copy.getStyleClass().add("copy");
        copy.setMinWidth(Region.USE_PREF_SIZE);
        copy.setUserData(value);
        copy.setAccessibleText(Messages.get("review.copy") + " " + value);
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(value);
            Clipboard.getSystemClipboard().setContent(content);
            said.accept(Messages.get("common.copied", what, value.length() > 12
                    ? value.substring(0, 4) + "\u2026" + value.substring(value.length() - 4) : value));
        });
        return copy;
    }
}
