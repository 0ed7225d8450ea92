package org.keyceremony.hsm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.security.pkcs11.wrapper.CK_TOKEN_INFO;
import sun.security.pkcs11.wrapper.CK_VERSION;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/**
 * A PKCS#11 library (the "module" of the specification) loaded into this process: lists its
 * tokens and opens them. A library is initialised once per process and shared by everyone
 * who opens the same file, so {@link #reinitialize()} affects every {@code Pkcs11Module}
 * (and invalidates every open {@link HsmToken}) of that library.
 */
public final class Pkcs11Module {
    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11Module.class);

    /** Where SoftHSM2 and OpenSC usually live (Debian/Ubuntu, Fedora, Homebrew), in the order tried. */
    public static final List<Path> WELL_KNOWN_PATHS = List.of(
            Path.of("/usr/lib/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib64/pkcs11/libsofthsm2.so"),
            Path.of("/usr/local/lib/softhsm/libsofthsm2.so"),
            Path.of("/opt/homebrew/lib/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"),
            Path.of("/usr/lib64/opensc-pkcs11.so"),
            Path.of("/usr/local/lib/opensc-pkcs11.so"),
            Path.of("/opt/homebrew/lib/opensc-pkcs11.so"));

    private static final Map<Path, Library> LIBRARIES = new HashMap<>();

    private final Library library;
    private final UnaryOperator<Pkcs11Api> decorator;
    private Pkcs11Api api;
    private int apiGeneration = -1;

    private Pkcs11Module(Library library, UnaryOperator<Pkcs11Api> decorator) {
        this.library = library;
        this.decorator = decorator;
    }

    /** Loads (or joins the already loaded) library at {@code path}. */
    public static Pkcs11Module open(Path path) throws HsmException {
        return open(path, UnaryOperator.identity());
    }

    /**
     * Like {@link #open(Path)}, with {@code decorator} put in front of every call to the
     * library (fault injection in tests; the identity in production).
     */
    public static Pkcs11Module open(Path path, UnaryOperator<Pkcs11Api> decorator) throws HsmException {
        if (!Files.isRegularFile(path)) {
            throw new HsmException("No PKCS#11 library at " + path + ". Check the path given with --module "
                    + "(or install the vendor's library); well-known places are " + WELL_KNOWN_PATHS + ".");
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new HsmException("Cannot read the PKCS#11 library at " + path + ": check its permissions.",
                    null, e);
        }
        synchronized (LIBRARIES) {
            Library lib = LIBRARIES.get(real);
            if (lib == null) {
                lib = new Library(real);
                lib.load();
                LIBRARIES.put(real, lib);
            }
            return new Pkcs11Module(lib, decorator);
        }
    }

    /** The first well-known library that exists on this machine, if any. */
    public static Optional<Path> detect() {
        return detect(WELL_KNOWN_PATHS);
    }

    static Optional<Path> detect(List<Path> candidates) {
        return candidates.stream().filter(Files::isRegularFile).findFirst();
    }

    /** The library file (symlinks resolved). */
    public Path path() {
        return library.path;
    }

    /**
     * Every slot with a token in it, in the library's slot order. SoftHSM2 always shows one
     * extra, uninitialised token: it is listed with {@code flags().initialized() == false}.
     */
    public List<TokenInfo> tokens() throws HsmException {
        synchronized (library) {
            Pkcs11Api p11 = api();
            List<TokenInfo> result = new ArrayList<>();
            try {
                for (long slot : p11.C_GetSlotList(true)) {
                    try {
                        result.add(tokenInfo(p11, slot));
                    } catch (PKCS11Exception e) {
                        // A token deleted or failing since C_Initialize: it cannot be opened
                        // either, so it is left out of the list (and said so in the log).
                        LOG.warn("slot {} of {} does not describe its token: {}", slot, library.path,
                                ReturnCode.describe(e.getErrorCode()));
                    }
                }
            } catch (PKCS11Exception | RuntimeException e) {
                throw Pkcs11Failures.translate(e, "list the tokens of " + library.path, null);
            }
            return result;
        }
    }

    /** Opens a session with the initialised token labelled {@code label}; refuses an ambiguous label. */
    public HsmToken openByLabel(String label) throws HsmException {
        List<TokenInfo> matches = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (TokenInfo t : tokens()) {
            if (t.flags().initialized()) {
                seen.add(t.describe());
                if (t.label().equals(label)) {
                    matches.add(t);
                }
            }
        }
        if (matches.isEmpty()) {
            throw new TokenNotFoundException("No token labelled '" + label + "' is present in " + library.path
                    + ". Tokens seen: " + (seen.isEmpty() ? "none" : String.join(", ", seen))
                    + ". Check that the token is inserted, initialised and in the right slot.");
        }
        if (matches.size() > 1) {
            throw new HsmException("More than one token is labelled '" + label + "' (serials "
                    + matches.stream().map(TokenInfo::serial).toList() + "). Remove the extra token or open it by serial.");
        }
        return HsmToken.open(this, matches.get(0));
    }

    /** Opens a session with the token whose serial is {@code serial}. */
    public HsmToken openBySerial(String serial) throws HsmException {
        List<String> seen = new ArrayList<>();
        for (TokenInfo t : tokens()) {
            seen.add(t.describe());
            if (t.serial().equals(serial) && t.flags().initialized()) {
                return HsmToken.open(this, t);
            }
        }
        throw new TokenNotFoundException("No token with serial " + serial + " is present in " + library.path
                + ". Tokens seen: " + (seen.isEmpty() ? "none" : String.join(", ", seen))
                + ". Check that the token is inserted and in the right slot.");
    }

    /**
     * Finalises and initialises the library again, so that it sees tokens created (or
     * deleted) by another process since it was loaded, as SoftHSM2 reads its token directory
     * only at {@code C_Initialize}. Every session of this library is gone afterwards: open
     * {@link HsmToken}s refuse further work with {@link SessionLostException}.
     */
    public void reinitialize() throws HsmException {
        library.reinitialize();
    }

    int generation() {
        return library.generation;
    }

    /** The (decorated) API of the library's current initialisation. */
    Pkcs11Api api() {
        synchronized (library) {
            if (apiGeneration != library.generation) {
                api = decorator.apply(library.raw);
                apiGeneration = library.generation;
            }
            return api;
        }
    }

    static TokenInfo tokenInfo(Pkcs11Api p11, long slot) throws PKCS11Exception {
        CK_TOKEN_INFO ti = p11.C_GetTokenInfo(slot);
        Set<Long> mechanisms = new HashSet<>();
        for (long m : p11.C_GetMechanismList(slot)) {
            mechanisms.add(m);
        }
        return new TokenInfo(slot, Templates.padded(ti.label), Templates.padded(ti.manufacturerID),
                Templates.padded(ti.model), Templates.padded(ti.serialNumber), version(ti.firmwareVersion),
                version(ti.hardwareVersion), TokenFlags.of(ti.flags), MechanismSupport.of(mechanisms));
    }

    private static String version(CK_VERSION v) {
        return v == null ? "" : (v.major & 0xFF) + "." + (v.minor & 0xFF);
    }

    /** One loaded library file, shared by all modules that opened it. */
    private static final class Library {
        final Path path;
        JdkPkcs11Api raw;
        int generation;

        Library(Path path) {
            this.path = path;
        }

        void load() throws HsmException {
            // The JDK keeps one wrapper per path string and initialises it only once; each
            // re-initialisation therefore loads the same file under a new spelling ("/./").
            String spelling = path.getParent() + "/" + "./".repeat(generation) + path.getFileName();
            try {
                raw = JdkPkcs11Api.load(spelling);
            } catch (PKCS11Exception e) {
                throw new HsmException("The PKCS#11 library " + path + " loaded but refused to initialise ["
                        + ReturnCode.describe(e.getErrorCode()) + "]. For SoftHSM2, check that SOFTHSM2_CONF names a "
                        + "readable configuration whose tokendir exists.", null, e);
            } catch (IOException | RuntimeException | LinkageError e) {
                throw new HsmException("Could not load the PKCS#11 library " + path + " ("
                        + e.getClass().getSimpleName() + "). Likely causes: the path does not name a PKCS#11 library, "
                        + "a 32-bit library in this 64-bit Java (or the reverse), or libraries it needs are missing.",
                        null, e);
            }
        }

        synchronized void reinitialize() throws HsmException {
            try {
                raw.C_Finalize();
            } catch (PKCS11Exception e) {
                LOG.warn("C_Finalize of {} failed with {}; initialising again anyway", path,
                        ReturnCode.describe(e.getErrorCode()));
            }
            generation++;
            load();
            LOG.info("PKCS#11 library {} initialised again (generation {})", path, generation);
        }
    }
}
