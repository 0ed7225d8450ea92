package org.keyceremony.ui.common;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.keyceremony.base.KeyCeremonyException;

/**
 * Hands a PDF to the desktop: opens it in the system's viewer ({@code xdg-open}) and prints it
 * through the system's print service (CUPS {@code lp}, which prints the PDF itself rather than a
 * screen rendering of it). Each call blocks; run it off the FX thread. When the desktop cannot do
 * it (no viewer, no print system, no printer), the exception says so and what to do instead.
 */
public final class SystemDocuments {
    /** What a command printed and how it ended. */
    public record Result(int exit, String output) {
    }

    /** Runs the system's commands; tests put a fake in its place. */
    public interface Commands {
        /** The program {@code name} on the PATH, if there is one. */
        Optional<Path> find(String name);

        /** Runs {@code command} to its end; its output and error output together. */
        Result run(List<String> command) throws IOException, InterruptedException;
    }

    private final Commands commands;

    public SystemDocuments(Commands commands) {
        this.commands = commands;
    }

    /** The real desktop: the PATH of this process. */
    public static SystemDocuments system() {
        return new SystemDocuments(new Commands() {
            @Override
            public Optional<Path> find(String name) {
                String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
                for (String dir : path.split(File.pathSeparator)) {
                    if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                        return Optional.of(Path.of(dir, name));
                    }
                }
                return Optional.empty();
            }

            @Override
            public Result run(List<String> command) throws IOException, InterruptedException {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return new Result(p.waitFor(), out.strip());
            }
        });
    }

    /** Opens {@code pdf} in the desktop's PDF viewer. */
    public void open(Path pdf) throws KeyCeremonyException {
        Path xdgOpen = commands.find("xdg-open").orElseThrow(() -> new KeyCeremonyException(
                Messages.get("documents.open.noViewer", pdf)));
        Result r = run(List.of(xdgOpen.toString(), pdf.toAbsolutePath().toString()), "xdg-open");
        if (r.exit() != 0) {
            throw new KeyCeremonyException(Messages.get("documents.open.failed", pdf, firstLine(r.output()), r.exit()));
        }
    }

    /**
     * Sends {@code pdf} to the default printer (or the only one there is); returns what to tell the
     * person, e.g. the print service's request id.
     */
    public String print(Path pdf) throws KeyCeremonyException {
        Path lp = commands.find("lp").orElseThrow(() -> new KeyCeremonyException(
                Messages.get("documents.print.noPrintSystem", pdf)));
        List<String> command = new ArrayList<>(List.of(lp.toString()));
        Optional<Path> lpstat = commands.find("lpstat");
        if (lpstat.isPresent()) {
            Result dflt = run(List.of(lpstat.get().toString(), "-d"), "lpstat");
            if (!dflt.output().contains("system default destination:")) {
                List<String> printers = run(List.of(lpstat.get().toString(), "-a"), "lpstat").output().lines()
                        .map(String::strip).filter(l -> !l.isEmpty() && l.contains(" accepting requests"))
                        .map(l -> l.substring(0, l.indexOf(' '))).toList();
                if (printers.isEmpty()) {
                    throw new KeyCeremonyException(Messages.get("documents.print.noPrinter", pdf));
                }
                if (printers.size() > 1) {
                    throw new KeyCeremonyException(Messages.get("documents.print.noDefault", String.join(", ", printers)));
                }
                command.addAll(List.of("-d", printers.get(0)));
            }
        }
        command.addAll(List.of("--", pdf.toAbsolutePath().toString()));
        Result r = run(command, "lp");
        if (r.exit() != 0) {
            throw new KeyCeremonyException(Messages.get("documents.print.failed", pdf, firstLine(r.output()), r.exit()));
        }
        return Messages.get("documents.print.sent", pdf.getFileName(), firstLine(r.output()));
    }

    private Result run(List<String> command, String what) throws KeyCeremonyException {
        try {
            return commands.run(command);
        } catch (IOException e) {
            throw new KeyCeremonyException(Messages.get("documents.cannotRun", what, e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyCeremonyException(Messages.get("documents.cannotRun", what, "interrupted"), e);
        }
    }

    private static String firstLine(String output) {
        return output.lines().findFirst().orElse("");
    }
}
