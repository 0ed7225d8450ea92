package org.keyceremony.ui.common;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The system's folder and file dialogs, behind an interface: a screen asks for a path, and a test
 * (where no native dialog can be driven) answers with one.
 */
public interface FileDialogs {

    /** A folder to read, starting in {@code initial} (if it is one). */
    Optional<Path> folder(String title, Path initial);

    /** A file to read, starting in {@code initial}'s folder, offering {@code pattern} files ({@code *.yaml}). */
    Optional<Path> open(String title, Path initial, String filterName, String pattern);

    /** A new file to write, proposed as {@code initialName} in {@code folder}. */
    Optional<Path> save(String title, Path folder, String initialName, String filterName, String pattern);

    /** The JavaFX dialogs, owned by {@code owner}. */
    static FileDialogs of(Window owner) {
        return new FileDialogs() {
            @Override
            public Optional<Path> folder(String title, Path initial) {
                DirectoryChooser dc = new DirectoryChooser();
                dc.setTitle(title);
                if (initial != null && Files.isDirectory(initial)) {
                    dc.setInitialDirectory(initial.toFile());
                }
                return Optional.ofNullable(dc.showDialog(owner)).map(File::toPath);
            }

            @Override
            public Optional<Path> open(String title, Path initial, String filterName, String pattern) {
                FileChooser fc = chooser(title, initial, filterName, pattern);
                return Optional.ofNullable(fc.showOpenDialog(owner)).map(File::toPath);
            }

            @Override
            public Optional<Path> save(String title, Path folder, String initialName, String filterName, String pattern) {
                FileChooser fc = chooser(title, folder, filterName, pattern);
                fc.setInitialFileName(initialName);
                return Optional.ofNullable(fc.showSaveDialog(owner)).map(File::toPath);
            }
        };
    }

    private static FileChooser chooser(String title, Path initial, String filterName, String pattern) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        Path dir = initial == null ? null : Files.isDirectory(initial) ? initial : initial.getParent();
        if (dir != null && Files.isDirectory(dir)) {
            fc.setInitialDirectory(dir.toFile());
        }
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(filterName, pattern));
        return fc;
    }
}
