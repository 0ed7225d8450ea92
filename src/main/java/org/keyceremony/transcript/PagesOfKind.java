package org.keyceremony.transcript;

import java.security.cert.X509Certificate;
import java.util.List;

import org.keyceremony.base.KindModule;
import org.keyceremony.journal.facts.StepFacts;

/**
 * What the transcript needs of an action kind that lives in a package of its own: how its
 * {@code step-end} facts (already read strictly as its record) appear on the pages. The same code
 * runs when the transcript is written and when {@code ceremony verify} renders it again, so what
 * a kind prints is always what its log says.
 */
public interface PagesOfKind extends KindModule {

    /** Puts what {@code facts} establish on {@code pages}; a kind that prints nothing does nothing. */
    void derive(StepFacts facts, Pages pages);

    /**
     * What {@code ceremony verify} finds wrong with what this step issued, against the root of the
     * transcript's signature (null when no chain held): the issued object in the facts must be the
     * one the facts describe and verify under that root. Empty: nothing wrong, or nothing issued.
     */
    default List<String> problems(StepFacts facts, X509Certificate root) {
        return List.of();
    }

    /** The sections a kind may add to. */
    interface Pages {
        /** A line in the step's own notes on the steps page. */
        void note(String line);

        /** An item on the inventory page (an HSM, a card, a medium, a bag). */
        void inventory(String kind, String identifier, String note);

        /** A certificate issued, on the certificates page; its PEM goes to an appendix. */
        void certificate(TranscriptContent.CertificateDetails certificate);

        /** Another object issued (a CRL), with labelled fields; its PEM goes to an appendix. */
        void issued(String purpose, List<String> labels, List<String> values, String pem);
    }
}
