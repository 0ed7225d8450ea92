package org.keyceremony.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** What the figures were measured on: they mean little without it. */
record Machine(String date, String cpu, int nproc, String ram, String os, String kernel, String jdk, String softhsm,
               String pdfsig, String commit, String loadBefore) {

    static Machine describe(Setup s) {
        return new Machine(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                firstValue("/proc/cpuinfo", "model name"),
                Runtime.getRuntime().availableProcessors(),
                String.format("%.1f GiB", kib(firstValue("/proc/meminfo", "MemTotal")) / 1024.0 / 1024.0),
                osName(),
                Proc.run("uname", "-r").output().trim(),
                Proc.run("java", "-version").output().lines().skip(1).findFirst().orElse("?").trim(),
                "SoftHSM2 " + Proc.run("softhsm2-util", "--version").output().trim(),
                Proc.run("pdfsig", "-v").output().lines().findFirst().orElse("?").trim(),
                commit(s),
                load());
    }

    private static String commit(Setup s) {
        try {
            Proc.Result r = Proc.run(Proc.cmd("git", "-C", s.repo(), "describe", "--always", "--dirty"), null, null);
            return r.exit() == 0 ? r.output().trim() : "not a git checkout";
        } catch (IllegalStateException e) {
            return "git not installed";
        }
    }

    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String osName() {
        String v = firstValue("/etc/os-release", "PRETTY_NAME");
        return v.replace("\"", "");
    }

    private static double kib(String memTotal) {
        try {
            return Double.parseDouble(memTotal.replace("kB", "").trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String firstValue(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(key)) {
                    int i = line.indexOf(line.contains("=") && !line.contains(":") ? '=' : ':');
                    return line.substring(i + 1).trim();
                }
            }
        } catch (IOException e) {
            return "?";
        }
        return "?";
    }
}
