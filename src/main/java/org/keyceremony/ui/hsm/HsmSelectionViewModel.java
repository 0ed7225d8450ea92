package org.keyceremony.ui.hsm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.keyceremony.ceremony.Ceremonies;
import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.ceremony.actions.EnvironmentNeeds;
import org.keyceremony.hsm.Pkcs11Api;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.hsm.TokenInfo;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.TokenRef;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.ui.common.Messages;
import org.keyceremony.ui.common.Problems;
import org.keyceremony.ui.common.TaskRunner;
import org.keyceremony.ui.common.Tasks;
import org.keyceremony.ui.wizard.CardSource;
import org.keyceremony.ui.wizard.WizardLaunch;

/**
 * The HSM selection screen without its view: the PKCS#11 library (found in the usual places or
 * chosen), the tokens it shows (refreshed while the screen is open), which token plays each
 * role the script names, the custodians' card library, the backup media and the output folder.
 * {@link #missing()} says, in words, what still stops the ceremony from starting; {@link #start()}
 * builds the real {@link CeremonyEnvironment} and hands the wizard a non-rehearsal launch.
 * Token lists are read on a worker; nothing here runs PKCS#11 on the UI thread.
 */
public final class HsmSelectionViewModel {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Where the screen leads. */
    public interface Navigation {
        void wizard(WizardLaunch launch);
    }

    private final CeremonyScript script;
    private final UnaryOperator<Pkcs11Api> pkcs11Layer;
    private final Optional<Path> resumeDirectory;
    private final EnvironmentNeeds needs;
    private final TaskRunner tasks;
    private final Clock clock;
    private final Navigation navigation;
    private final StringProperty module = new SimpleStringProperty("");
    private final StringProperty cardModule = new SimpleStringProperty("");
    private final StringProperty output = new SimpleStringProperty("");
    private final ObservableList<TokenInfo> tokens = FXCollections.observableArrayList();
    private final Map<TokenRef, ObjectProperty<TokenInfo>> chosen = new EnumMap<>(TokenRef.class);
    private final List<StringProperty> media = new ArrayList<>();
    private final BooleanProperty refreshing = new SimpleBooleanProperty();
    private final StringProperty problem = new SimpleStringProperty("");
    private final StringProperty listedFrom = new SimpleStringProperty("");
    private final ObservableList<String> missing = FXCollections.observableArrayList(Messages.get("hsm.checking"));
    /** Checks started and the one whose result is shown (equal when the shown list is current). */
    private long checks;
    private long checked = -1;

    /**
     * @param resumeDirectory the folder of an interrupted ceremony to recover (its script copy is
     *                        {@code script}), or empty for a new ceremony
     */
    public HsmSelectionViewModel(CeremonyScript script, Optional<Path> resumeDirectory, TaskRunner tasks, Clock clock,
                                 Navigation navigation) {
        this(script, resumeDirectory, tasks, clock, navigation, UnaryOperator.identity());
    }

    /**
     * @param pkcs11Layer put in front of every PKCS#11 call of the screen and the ceremony: the
     *                    identity in production, a fault-injecting layer in tests (a card pulled)
     */
    public HsmSelectionViewModel(CeremonyScript script, Optional<Path> resumeDirectory, TaskRunner tasks, Clock clock,
                                 Navigation navigation, UnaryOperator<Pkcs11Api> pkcs11Layer) {
        this.pkcs11Layer = pkcs11Layer;
        this.script = script;
        this.resumeDirectory = resumeDirectory;
        this.needs = EnvironmentNeeds.of(script);
        this.tasks = tasks;
        this.clock = clock;
        this.navigation = navigation;
        for (TokenRef ref : TokenRef.values()) {
            if (needs.tokens().contains(ref)) {
                ObjectProperty<TokenInfo> p = new SimpleObjectProperty<>();
                p.addListener((o, a, b) -> check());
                chosen.put(ref, p);
            }
        }
        for (int i = 0; i < needs.media(); i++) {
            StringProperty p = new SimpleStringProperty("");
            p.addListener((o, a, b) -> check());
            media.add(p);
        }
        output.set(resumeDirectory.map(Path::toString).orElseGet(() -> Path.of("ceremony-" + script.metadata().name()
                + "-" + STAMP.format(clock.instant())).toAbsolutePath().toString()));
        module.addListener((o, a, b) -> check());
        cardModule.addListener((o, a, b) -> check());
        output.addListener((o, a, b) -> check());
        Pkcs11Module.detect().ifPresent(p -> {
            module.set(p.toString());
            cardModule.set(p.toString());
        });
        check();
    }

    /** Fills the library with the first well-known one on this machine; false (and a problem) if none. */
    public boolean detect() {
        Optional<Path> found = Pkcs11Module.detect();
        if (found.isEmpty()) {
            problem.set(Messages.get("hsm.detect.none", Pkcs11Module.WELL_KNOWN_PATHS));
            return false;
        }
        problem.set("");
        module.set(found.get().toString());
        if (cardModule.get().isBlank()) {
            cardModule.set(found.get().toString());
        }
        return true;
    }

    /**
     * Reads the library's token list on a worker. The chosen tokens are kept by serial (their
     * flags refreshed); a chosen token that was pulled is unchosen, which {@link #missing()} says.
     * A refresh while one runs is skipped, so the screen's timer cannot pile them up.
     */
    public void refresh() {
        String lib = module.get().strip();
        if (lib.isEmpty() || refreshing.get()) {
            return;
        }
        refreshing.set(true);
        // Everything that touches the file system or the library runs on the worker (a hung medium or
        // library must not freeze the window); no file at the path is an empty list (missing() says why).
        Tasks.create(() -> {
            Optional<Path> file = path(lib).filter(Files::isRegularFile);
            return file.isEmpty() ? List.<TokenInfo>of() : Pkcs11Module.open(file.get(), pkcs11Layer).tokens().stream()
                    .sorted(java.util.Comparator.comparing(TokenInfo::label, org.keyceremony.ui.common.NaturalOrder.LABELS)
                            .thenComparing(TokenInfo::serial)).toList();
        }).onSuccess(list -> {
            refreshing.set(false);
            if (!list.equals(tokens)) { // unchanged: leave the list (and an open drop-down) alone
                tokens.setAll(list);
            }
            listedFrom.set(Messages.get("hsm.tokens.listed", list.size(), lib,
                    DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC).format(clock.instant())));
            for (ObjectProperty<TokenInfo> p : chosen.values()) {
                TokenInfo was = p.get();
                p.set(was == null ? null : list.stream().filter(t -> t.serial().equals(was.serial())).findFirst().orElse(null));
            }
            if (problem.get().startsWith(Messages.get("hsm.tokens.failedPrefix"))) {
                problem.set("");
            }
            check();
        }).onError(e -> {
            refreshing.set(false);
            tokens.clear();
            problem.set(Messages.get("hsm.tokens.failed", lib, Problems.describe(e)));
            check();
        }).runOn(tasks);
    }

    /** What people have chosen, read on the UI thread so the file checks can run on a worker. */
    private record Choices(String module, String cardModule, String output, Map<TokenRef, TokenInfo> tokens,
                           List<String> media) {
    }

    private Choices choices() {
        Map<TokenRef, TokenInfo> byRole = new EnumMap<>(TokenRef.class);
        chosen.forEach((ref, p) -> byRole.put(ref, p.get()));
        return new Choices(module.get().strip(), cardModule.get().strip(), output.get().strip(), byRole,
                media.stream().map(p -> p.get().strip()).toList());
    }

    /**
     * Everything that still stops the ceremony from starting, one sentence each; empty when it
     * can start. Reads the file system: the screen calls it on a worker ({@link #missingProperty()}).
     */
    public List<String> missing() {
        return missing(choices());
    }

    private List<String> missing(Choices c) {
        List<String> m = new ArrayList<>();
        if (c.module().isEmpty()) {
            m.add(Messages.get("hsm.missing.module"));
        } else if (path(c.module()).filter(Files::isRegularFile).isEmpty()) {
            m.add(Messages.get("hsm.missing.moduleFile", c.module()));
        }
        Set<String> serials = new HashSet<>();
        for (Map.Entry<TokenRef, TokenInfo> e : c.tokens().entrySet()) {
            TokenInfo t = e.getValue();
            String role = e.getKey().yamlName();
            if (t == null) {
                m.add(Messages.get("hsm.missing.token", role));
            } else if (!t.flags().initialized()) {
                m.add(Messages.get("hsm.missing.notInitialised", t.describe(), role));
            } else if (t.flags().userPinLocked()) {
                m.add(Messages.get("hsm.missing.locked", t.describe(), role));
            } else if (!serials.add(t.serial())) {
                m.add(Messages.get("hsm.missing.sameToken", t.describe()));
            }
        }
        if (needs.cards() && path(c.cardModule()).filter(Files::isRegularFile).isEmpty()) {
            m.add(Messages.get("hsm.missing.cardModule", c.cardModule()));
        }
        Set<Path> distinct = new HashSet<>();
        for (int i = 0; i < c.media().size(); i++) {
            String d = c.media().get(i);
            Optional<Path> dir = path(d).filter(Files::isDirectory);
            if (d.isEmpty()) {
                m.add(Messages.get("hsm.missing.medium", i + 1));
            } else if (dir.isEmpty()) {
                m.add(Messages.get("hsm.missing.mediumDir", i + 1, d));
            } else if (needs.writesBackup() && !Files.isWritable(dir.get())) {
                m.add(Messages.get("hsm.missing.mediumWritable", i + 1, d));
            } else if (!distinct.add(realPath(dir.get()))) {
                m.add(Messages.get("hsm.missing.mediumTwice", d));
            }
        }
        if (resumeDirectory.isEmpty()) {
            if (c.output().isEmpty()) {
                m.add(Messages.get("hsm.missing.output"));
            } else if (path(c.output()).filter(HsmSelectionViewModel::emptyOrAbsent).isEmpty()) {
                m.add(Messages.get("hsm.missing.outputUsed", c.output()));
            }
        }
        return m;
    }

    /** {@code text} as a path, or empty when it is blank or no path at all (a NUL typed by mistake). */
    private static Optional<Path> path(String text) {
        try {
            return text.isBlank() ? Optional.empty() : Optional.of(Path.of(text));
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
    }

    /**
     * Checks the choices on a worker and shows the result; a result for choices that have changed
     * since is dropped (a newer check is on its way). Until the first result, the list says it is
     * checking, so Start is not enabled early.
     */
    private void check() {
        long mine = ++checks;
        Choices c = choices();
        Tasks.create(() -> missing(c)).onSuccess(m -> {
            if (mine == checks) {
                missing.setAll(m);
                checked = mine;
            }
        }).onError(e -> {
            if (mine == checks) {
                missing.setAll(List.of(Problems.describe(e)));
            }
        }).runOn(tasks);
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static boolean emptyOrAbsent(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The environment the choices describe: tokens by serial (unambiguous), cards presented at the table. */
    CeremonyEnvironment environment() {
        Map<TokenRef, String> byRole = new EnumMap<>(TokenRef.class);
        chosen.forEach((ref, p) -> {
            if (p.get() != null) {
                byRole.put(ref, p.get().serial());
            }
        });
        Path lib = Path.of(module.get().strip());
        Path cards = cardModule.get().isBlank() ? lib : Path.of(cardModule.get().strip());
        return new CeremonyEnvironment(lib, cards, byRole, Map.of(),
                media.stream().map(p -> Path.of(p.get().strip()).toAbsolutePath()).toList(), pkcs11Layer);
    }

    /**
     * Starts the real ceremony (or the recovery of the interrupted one) in the wizard. Refused,
     * with {@link #problemProperty()} saying why, while the choices are being checked, while
     * something is missing (the worker's last check of the current choices) or when this build
     * cannot perform every step of the script. The engine checks the media again when it writes.
     */
    public boolean start() {
        if (checked != checks) {
            problem.set(Messages.get("hsm.checking"));
            return false;
        }
        if (!missing.isEmpty()) {
            problem.set(String.join("\n", missing));
            return false;
        }
        CeremonyEnvironment env = environment();
        Ceremonies ceremonies = Ceremonies.in(env, clock);
        try {
            ceremonies.refuseUnsupported(script);
        } catch (KeyCeremonyException e) {
            problem.set(Problems.describe(e));
            return false;
        }
        Set<String> hsmSerials = new HashSet<>(env.tokens().values());
        CardSource cards = () -> env.openCardModule().tokens().stream()
                .filter(t -> t.flags().initialized() && !hsmSerials.contains(t.serial())).toList();
        Path out = resumeDirectory.orElseGet(() -> Path.of(output.get().strip()).toAbsolutePath());
        problem.set("");
        navigation.wizard(new WizardLaunch(script, false, out, Optional.empty(), (prompter, events) -> {
            if (resumeDirectory.isEmpty()) {
                return ceremonies.run(script, out, false, prompter, events);
            }
            return ceremonies.recover(script, out, prompter, events);
        }, List.of(), needs.cards() ? Optional.of(cards) : Optional.empty()));
        return true;
    }

    /** Initialised tokens a role can be given (the uninitialised slot SoftHSM2 always shows is left out). */
    public List<TokenInfo> candidates() {
        return tokens.stream().filter(t -> t.flags().initialized()).toList();
    }

    public CeremonyScript script() {
        return script;
    }

    public EnvironmentNeeds needs() {
        return needs;
    }

    public Optional<Path> resumeDirectory() {
        return resumeDirectory;
    }

    public StringProperty moduleProperty() {
        return module;
    }

    public StringProperty cardModuleProperty() {
        return cardModule;
    }

    public StringProperty outputProperty() {
        return output;
    }

    public ObservableList<TokenInfo> tokens() {
        return tokens;
    }

    /** The token chosen for {@code ref}; only roles the script names have one. */
    public ObjectProperty<TokenInfo> chosen(TokenRef ref) {
        ObjectProperty<TokenInfo> p = chosen.get(ref);
        if (p == null) {
            throw new IllegalArgumentException("the script does not use " + ref.yamlName());
        }
        return p;
    }

    /** The backup media, one directory each, in the policy's order. */
    public List<StringProperty> media() {
        return media;
    }

    /** True while the token list is being read. */
    public BooleanProperty refreshingProperty() {
        return refreshing;
    }

    public StringProperty problemProperty() {
        return problem;
    }

    /** "3 tokens in /usr/lib/… at 12:00:01 UTC": when the list was last read. */
    public StringProperty listedFromProperty() {
        return listedFrom;
    }

    /** {@link #missing()}, kept current as people choose. */
    public ObservableList<String> missingProperty() {
        return missing;
    }

    /** How the screen describes a token: label, maker and model, serial, PIN state, key generation support. */
    public static String describe(TokenInfo t) {
        String pin = !t.flags().initialized() ? Messages.get("hsm.token.uninitialised")
                : t.flags().userPinLocked() ? Messages.get("hsm.token.locked")
                : t.flags().userPinFinalTry() ? Messages.get("hsm.token.finalTry")
                : t.flags().userPinCountLow() ? Messages.get("hsm.token.countLow") : Messages.get("hsm.token.pinOk");
        return Messages.get("hsm.token", t.label(), t.manufacturer(), t.model(), t.serial(), pin,
                t.mechanisms().describe());
    }
}
