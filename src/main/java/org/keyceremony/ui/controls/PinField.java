package org.keyceremony.ui.controls;

import java.util.Arrays;

import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.event.EventHandler;
import javafx.scene.AccessibleRole;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.StackPane;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

import org.keyceremony.secret.Pin;

/**
 * A PIN entry field that keeps the typed characters in a {@code char[]} only (JavaFX's
 * {@code PasswordField} keeps a {@code String} that cannot be wiped), shows one dot per
 * character, and wipes itself when its window hides or it leaves the scene. Typing,
 * Backspace and Escape (clear) are handled; nothing can be pasted or copied.
 */
public final class PinField extends StackPane {
    private static final int MAX = 64;
    private final Label dots = new Label();
    private final ReadOnlyIntegerWrapper length = new ReadOnlyIntegerWrapper(this, "length", 0);
    private char[] chars = new char[0];
    private Window watched;
    private final EventHandler<WindowEvent> onHiding = e -> clear();

    public PinField() {
        getStyleClass().add("pin-field");
        setFocusTraversable(true);
        setAccessibleRole(AccessibleRole.PASSWORD_FIELD);
        getChildren().add(dots);
        dots.getStyleClass().add("pin-dots");
        addEventHandler(KeyEvent.KEY_TYPED, this::typed);
        addEventHandler(KeyEvent.KEY_PRESSED, this::pressed);
        setOnMouseClicked(e -> requestFocus());
        sceneProperty().addListener((o, before, now) -> {
            if (now == null) {
                clear();
                watch(null);
            } else {
                now.windowProperty().addListener((ow, wb, wn) -> watch(wn));
                watch(now.getWindow());
            }
        });
    }

    private void watch(Window window) {
        if (watched != null) {
            watched.removeEventHandler(WindowEvent.WINDOW_HIDING, onHiding);
        }
        watched = window;
        if (window != null) {
            window.addEventHandler(WindowEvent.WINDOW_HIDING, onHiding);
        }
    }

    private void typed(KeyEvent e) {
        String c = e.getCharacter();
        if (c.length() == 1 && !Character.isISOControl(c.charAt(0)) && !e.isControlDown() && !e.isMetaDown()) {
            append(c.charAt(0));
            e.consume();
        }
    }

    private void pressed(KeyEvent e) {
        if (e.getCode() == KeyCode.BACK_SPACE) {
            backspace();
            e.consume();
        } else if (e.getCode() == KeyCode.ESCAPE && chars.length > 0) {
            clear();
            e.consume();
        }
    }

    /** Adds one character (as a key press would). */
    public void append(char c) {
        if (chars.length >= MAX) {
            return;
        }
        char[] grown = Arrays.copyOf(chars, chars.length + 1);
        grown[chars.length] = c;
        Arrays.fill(chars, '\0');
        chars = grown;
        update();
    }

    /** Removes the last character. */
    public void backspace() {
        if (chars.length == 0) {
            return;
        }
        char[] shorter = Arrays.copyOf(chars, chars.length - 1);
        Arrays.fill(chars, '\0');
        chars = shorter;
        update();
    }

    /** Wipes what was typed. */
    public void clear() {
        Arrays.fill(chars, '\0');
        chars = new char[0];
        update();
    }

    /** Hands the PIN over (the caller closes it) and wipes the field. */
    public Pin takePin() {
        Pin pin = Pin.copyOf(chars);
        clear();
        return pin;
    }

    public ReadOnlyIntegerProperty lengthProperty() {
        return length.getReadOnlyProperty();
    }

    public int length() {
        return chars.length;
    }

    private void update() {
        length.set(chars.length);
        dots.setText("\u25CF".repeat(chars.length));
    }

    @Override
    public String toString() {
        return "PinField[hidden]";
    }
}
