package org.keyceremony.base;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The command that starts this program, as the instructions it prints spell it ("Check it as an
 * auditor would: ceremony verify …"): a person copies such a line into a terminal under pressure,
 * so it must work exactly as printed, wherever the program is installed.
 *
 * <p>The launcher says where it is: {@code bin/ceremony} of the Maven distribution passes
 * {@code -Dkeyceremony.launcher=<its own path>}, a jpackage launcher passes
 * {@code -Djpackage.app-path=<its own path>}. If the plain name {@code ceremony} found on the PATH
 * is that same program (the .deb's {@code /usr/bin/ceremony} links to
 * {@code /opt/keyceremony/bin/ceremony}), the plain name is printed; otherwise the launcher's full
 * path. The desktop entry starts {@code bin/keyceremony}, the same program: its sibling
 * {@code bin/ceremony} is the name printed. Without a launcher (tests, an IDE) the plain name.
 */
public final class ProgramCommand {
    /** The command-line name the documentation, the man page and the terminal use. */
    public static final String NAME = "ceremony";

    private static volatile String current;

    private ProgramCommand() {
    }

    /** The command to print for this process, e.g. {@code ceremony} or {@code /opt/x/bin/ceremony}. */
    public static String current() {
        String c = current;
        if (c == null) {
            String launcher = System.getProperty("keyceremony.launcher");
            if (launcher == null || launcher.isBlank()) {
                launcher = System.getProperty("jpackage.app-path");
            }
            c = resolve(Optional.ofNullable(launcher).filter(s -> !s.isBlank()).map(Path::of),
                    Optional.ofNullable(System.getenv("PATH")).orElse(""));
            current = c;
        }
        return c;
    }

    /**
     * The command to print for a process started by {@code launcher} (absent: not started by a
     * launcher of ours) with the given {@code PATH}. Package-visible logic, public for tests.
     */
    public static String resolve(Optional<Path> launcher, String pathVariable) {
        if (launcher.isEmpty()) {
            return NAME;
        }
        Path own = launcher.get().toAbsolutePath().normalize();
        Path sibling = own.resolveSibling(NAME);
        if (!own.getFileName().toString().equals(NAME) && Files.isExecutable(sibling)) {
            own = sibling; // bin/keyceremony (the menu entry): bin/ceremony is the same program
        }
        Optional<Path> real = realPath(own);
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue; // an empty PATH entry means the working directory: not a stable place to point at
            }
            Path onPath = Path.of(dir).resolve(NAME);
            if (Files.isExecutable(onPath)) {
                // The first 'ceremony' on the PATH is what the shell runs: print the plain name only if it is us.
                return real.isPresent() && real.equals(realPath(onPath)) ? NAME : shellQuoted(own.toString());
            }
        }
        return shellQuoted(own.toString());
    }

    private static Optional<Path> realPath(Path p) {
        try {
            return Optional.of(p.toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@code text} as one shell word: quoted only when it holds characters the shell would split or expand. */
    public static String shellQuoted(String path) {
        if (path.matches("[A-Za-z0-9_./+:@%=-]+")) {
            return path;
        }
        return "'" + path.replace("'", "'\\''") + "'";
    }
}
