package org.keyceremony.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

import org.keyceremony.base.InvalidInputException;

/**
 * The thresholds of the ledger's warnings ({@code --policy FILE}, YAML; the shipped defaults are
 * the resource {@code default-policy.yaml}, documented in docs/ledger.md). A file gives
 * {@code version: 1} and any of the thresholds; those it leaves out keep the shipped value.
 *
 * @param cardProofMonths      a live-set card not proven within this many months is a warning
 * @param quorumMargin         fewer than M + this many live-set cards proven in that window: quorum at risk
 * @param backupProofMonths    a live-set backup package not proven to restore within this many months
 * @param crlNextUpdateDays    the newest CRL's nextUpdate within this many days, or past
 * @param certificateExpiryDays a certificate expiring within this many days, or expired
 */
public record Policy(int cardProofMonths, int quorumMargin, int backupProofMonths, int crlNextUpdateDays,
                     int certificateExpiryDays) {
    static final String RESOURCE = "default-policy.yaml";
    private static final Set<String> KEYS = Set.of("version", "card-proof-months", "quorum-margin",
            "backup-proof-months", "crl-next-update-days", "certificate-expiry-days");

    /** The shipped policy. */
    public static Policy defaults() {
        try (InputStream in = Policy.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the shipped ledger policy " + RESOURCE + " is missing from the application");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE, null);
        } catch (IOException | InvalidInputException e) {
            throw new IllegalStateException("the shipped ledger policy " + RESOURCE + " does not read: " + e.getMessage(), e);
        }
    }

    /** The policy in {@code file}, over the shipped defaults. */
    public static Policy read(Path file) throws InvalidInputException {
        return of(LedgerYaml.read(file, "ledger policy"), defaults());
    }

    static Policy parse(String text, String name, Policy base) throws InvalidInputException {
        return of(LedgerYaml.parse(text, name, "ledger policy"), base);
    }

    private static Policy of(LedgerYaml.Entries e, Policy base) throws InvalidInputException {
        e.allowOnly(KEYS);
        e.integer("version", 1, 1);
        if (base == null) {
            // the shipped file names every threshold
            return new Policy(e.integer("card-proof-months", 1, 600), e.integer("quorum-margin", 0, 255),
                    e.integer("backup-proof-months", 1, 600), e.integer("crl-next-update-days", 0, 3650),
                    e.integer("certificate-expiry-days", 0, 36500));
        }
        return new Policy(
                e.has("card-proof-months") ? e.integer("card-proof-months", 1, 600) : base.cardProofMonths,
                e.has("quorum-margin") ? e.integer("quorum-margin", 0, 255) : base.quorumMargin,
                e.has("backup-proof-months") ? e.integer("backup-proof-months", 1, 600) : base.backupProofMonths,
                e.has("crl-next-update-days") ? e.integer("crl-next-update-days", 0, 3650) : base.crlNextUpdateDays,
                e.has("certificate-expiry-days") ? e.integer("certificate-expiry-days", 0, 36500)
                        : base.certificateExpiryDays);
    }
}
