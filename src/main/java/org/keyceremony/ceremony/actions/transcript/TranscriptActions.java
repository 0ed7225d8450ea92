package org.keyceremony.ceremony.actions.transcript;

import org.keyceremony.journal.facts.SigningFacts;
import org.keyceremony.ceremony.actions.session.HsmActions;
import org.keyceremony.ceremony.actions.session.HsmCompletionRecords;
import org.keyceremony.ceremony.actions.session.HsmConnection;
import org.keyceremony.ceremony.actions.keys.KeyActions;
import org.keyceremony.base.Digests;
import org.keyceremony.ceremony.ActionHandler;
import org.keyceremony.script.ActionTraits;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.hsm.HsmSigningProvider;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.ObjectClass;
import org.keyceremony.script.Action;
import org.keyceremony.script.KeyPolicy;
import org.keyceremony.script.TokenRef;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.EventLog;
import org.keyceremony.transcript.LogTranscript;
import org.keyceremony.transcript.SigningChain;
import org.keyceremony.transcript.TranscriptSigner;
import org.keyceremony.transcript.TranscriptWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * sign-transcript: the last step. The transcript covers the event log up to and including
 * this step's begin event (its final hash is printed on every page); the events after it
 * (the step's end, the closing event) stay in the log file, which the transcript names.
 *
 * <p>Once the signed transcript is written and verified, the step destroys this ceremony's
 * transcript-signing private key ({@link SigningKeyDestruction}): one transcript per ceremony.
 * Its step-end facts say so ({@code signingKeyDestroyed}); they come after the signed part of
 * the log, so the transcript itself carries only the promise, in the script's text of this step.
 * A step that finds the transcript already written (resumed after a crash) checks it
 * ({@link ExistingTranscript}) and finishes the destruction instead of signing again.
 */
public final class TranscriptActions {
    private TranscriptActions() {
    }

    static Path transcriptFile(StepContext ctx) {
        return ctx.ceremony().outputDirectory().resolve(TranscriptWriter.fileName(ctx.ceremony().ceremonyId()));
    }

    /** The logged-in token that holds this ceremony's transcript-signing key: the target HSM in a restore. */
    static HsmToken signingToken(StepContext ctx) throws KeyCeremonyException {
        if (ctx.ceremony().memory(HsmActions.sessionName(TokenRef.TARGET_HSM), HsmConnection.class).isPresent()) {
            return HsmActions.connection(ctx, TokenRef.TARGET_HSM).token();
        }
        return HsmActions.connection(ctx, TokenRef.HSM).token();
    }

    public record SignTranscript() implements ActionHandler<Action.SignTranscript> {
        public Class<Action.SignTranscript> actionType() {
            return Action.SignTranscript.class;
        }

        public SigningFacts.SignTranscript perform(Action.SignTranscript action, StepContext ctx) throws KeyCeremonyException {
            KeyPolicy k = KeyActions.keyPolicy(ctx);
            HsmToken token = signingToken(ctx);
            X509Certificate root = KeyActions.rootCertificate(ctx, k, token);
            byte[] tsId = KeyActions.transcriptId(ctx, k);
            String tsLabel = KeyActions.transcriptLabel(ctx, k);
            SigningChain chain = KeyActions.transcriptChain(ctx, k, token, root);
            Path target = transcriptFile(ctx);
            // Before anything is signed: from here on the ceremony is complete, and its completion record
            // on the HSM keeps any abort or recovery (of this folder, a copy, a log cut short) from
            // removing what it made.
            String completion = HsmCompletionRecords.record(ctx, token);
            // Resumed after the signed file was written: finish with that transcript, never sign a second one.
            SigningFacts.SignedTranscript signed = Files.exists(target) ? ExistingTranscript.check(ctx, target, root, chain.signer())
                    : sign(ctx, token, chain, tsLabel, tsId, target);
            SigningFacts.SigningKeyDestruction destruction = SigningKeyDestruction.destroy(ctx, token, tsLabel, tsId,
                    k.label(), HexFormat.of().parseHex(k.idHex()));
            List<String> loggedOut = new ArrayList<>();
            for (String name : ctx.ceremony().memoryNames()) {
                if (name.startsWith(ActionTraits.SESSION_PREFIX) && ctx.ceremony().wipe(name)) {
                    loggedOut.add(name.substring(ActionTraits.SESSION_PREFIX.length()));
                }
            }
            return new SigningFacts.SignTranscript(signed, Optional.of(completion), Optional.of(destruction), loggedOut);
        }
    }

    /** Signs, writes (CREATE_NEW, fsync), reads back and verifies the transcript; the key is kept if anything fails. */
    private static SigningFacts.SignedTranscript sign(StepContext ctx, HsmToken token, SigningChain chain,
                                            String tsLabel, byte[] tsId, Path target) throws KeyCeremonyException {
        X509Certificate root = chain.root();
        if (token.findObjects(ObjectClass.PRIVATE_KEY, tsLabel, tsId).isEmpty()) {
            throw new KeyCeremonyException("This ceremony's transcript-signing key '" + tsLabel + "' is no longer on "
                    + token.info().describe() + ", and there is no transcript " + target + ". The key is destroyed only "
                    + "after its transcript was written and verified: if that transcript was moved away, put it back "
                    + "and retry the step; otherwise record an exception, the ceremony has no signed transcript.");
        }
        Path logFile = ctx.ceremony().outputDirectory().resolve(EventLog.FILE_NAME);
        byte[] log;
        try {
            log = Files.readAllBytes(logFile);
        } catch (IOException e) {
            throw new KeyCeremonyException("Cannot read the event log " + logFile + ": " + e.getMessage(), e);
        }
        LogTranscript transcript = LogTranscript.signed(log, ctx.ceremony().script().sourceText(), chain);
        TranscriptSigner signer = TranscriptSigner.withKey(token.privateKey(tsId), HsmSigningProvider.INSTANCE, chain);
        // dated by the log's last event; verifies the signed bytes with the auditor's checks (the
        // pages rendered again from the log included), then CREATE_NEW, fsync, read back and compared
        transcript.writeSigned(target, signer, root);
        byte[] written;
        try {
            written = Files.readAllBytes(target);
        } catch (IOException e) {
            throw new KeyCeremonyException("Cannot read the transcript back: " + e.getMessage(), e);
        }
        return new SigningFacts.SignedTranscript(target.toString(), Digests.sha256Hex(written), transcript.eventsCovered(),
                transcript.finalHash(), chain.signer().getSubjectX500Principal().toString(), Digests.sha256Hex(KeyActions.encoded(root)),
                Optional.empty());
    }
}
