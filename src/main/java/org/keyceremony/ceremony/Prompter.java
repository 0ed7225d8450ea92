package org.keyceremony.ceremony;

import java.util.List;
import java.util.Map;

import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Step;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.secret.Pin;

/**
 * The people at the table, as the engine sees them: everything the engine needs to know
 * from a person goes through here. Implemented by the terminal (cli), a rehearsal answers
 * file ({@link AnswersFilePrompter}) and the GUI. A method that cannot get an answer (a
 * cancelled dialog, an exhausted answers file) throws; the engine then stops and the
 * ceremony can be recovered.
 */
public interface Prompter {

    /** True if this prompter may only drive rehearsals (an answers file); the engine refuses it for a real ceremony. */
    default boolean rehearsalOnly() {
        return false;
    }

    /**
     * The questions from step index {@code from} on that this prompter cannot answer, checked before
     * the first event (an answers file that lacks a PIN or a value says so now, not after the key
     * exists); empty for people, who can always be asked.
     *
     * @param cardsByCustodian the card each custodian presents unless asked (1-based)
     */
    default List<String> unanswerable(CeremonyScript script, Map<Integer, String> cardsByCustodian, int from) {
        return List.of();
    }

    /** Participants, location and time zone, asked once before the first event is written. */
    CeremonySetup setup(CeremonyScript script, boolean rehearsal) throws KeyCeremonyException;

    /** A step is about to run: show its title and the text to read aloud. */
    void show(Step step);

    /** Something people should read (a warning, what recovery will do); no answer needed. */
    void notice(String message);

    /**
     * A custodian's turn with their card begins (told right after the notice that asks for the
     * card): the structured form of that notice, for a front end that follows each custodian.
     * By default nothing is shown beyond the notice.
     */
    default void custodianTurn(CustodianTurn turn) {
    }

    /**
     * A custodian's share is written, read back and verified, and their card may leave the reader:
     * by default told as a notice; the wizard shows it and waits until the card is back with its
     * custodian, so that the next custodian is not called over it.
     */
    default void shareVerified(ShareVerified verified) throws KeyCeremonyException {
        notice(verified.message());
    }

    /**
     * One of the people the step's text addresses ("Custodians, each of you confirms…") confirms it
     * in person with their own initials ({@code manual: {each: true}}). By default asked as a typed
     * value; the wizard asks that person by name and checks the initials on the spot.
     */
    default Confirmation acknowledge(Step step, Participant who, int number, int of) throws KeyCeremonyException {
        return Confirmation.of(value(step, acknowledgement(who, number, of)).strip());
    }

    /** What {@link #acknowledge} asks: "Custodian 2 of 5 — Chris Custodian: type your initials to confirm". */
    static String acknowledgement(Participant who, int number, int of) {
        String role = who.role().yamlName().replace('-', ' ');
        return Character.toUpperCase(role.charAt(0)) + role.substring(1) + " " + number + " of " + of + " \u2014 "
                + who.name() + ": type your initials to confirm what was read aloud";
    }

    /** After a step succeeded: the confirmer's initials (and an exception record if the result deviates). */
    Confirmation confirm(Step step, Map<String, Object> facts) throws KeyCeremonyException;

    /** A value typed by the actor, e.g. a tamper-evident bag number; {@code label} says which. */
    String value(Step step, String label) throws KeyCeremonyException;

    /**
     * As {@link #value(Step, String)}, saying whether an empty answer is one ({@code emptyAllowed}:
     * the label says what empty means) or a mistake the front end should refuse on the spot.
     */
    default String value(Step step, String label, boolean emptyAllowed) throws KeyCeremonyException {
        return value(step, label);
    }

    /**
     * The PIN of {@code holder} (a token such as {@code hsm}, or a card such as {@code card-2});
     * the caller closes the returned {@link Pin}.
     */
    Pin pin(Step step, String holder) throws KeyCeremonyException;

    /**
     * As {@link #pin(Step, String)}, with what the token reports about its PIN before anyone
     * types (a GUI warns before a final try); by default the state is not shown.
     */
    default Pin pin(Step step, String holder, PinState state) throws KeyCeremonyException {
        return pin(step, holder);
    }

    /** After a step failed with {@code error} on attempt {@code attempt}: retry or abort, and the exception record. */
    FailureDecision onFailure(Step step, String error, int attempt) throws KeyCeremonyException;

    /** Before an abort removes what the ceremony created (listed in the order they will be removed): go ahead? */
    boolean approveRollback(List<RegisteredRollback> removals) throws KeyCeremonyException;

    /** An interrupted ceremony was found (see {@link RecoveryPlan#describe()}): resume or abort? */
    RecoveryChoice chooseRecovery(RecoveryPlan plan) throws KeyCeremonyException;
}
