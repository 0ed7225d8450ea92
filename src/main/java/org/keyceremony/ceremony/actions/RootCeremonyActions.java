package org.keyceremony.ceremony.actions;

import org.keyceremony.ceremony.ActionRegistry;
import org.keyceremony.ceremony.BuiltInActions;

/**
 * Every action handler a real ceremony needs, over the HSM, cards and media of
 * {@code env}, plus the built-in (HSM-free) ones and the rollbacks.
 */
public final class RootCeremonyActions {
    private RootCeremonyActions() {
    }

    public static ActionRegistry registry(CeremonyEnvironment env) {
        TokenChooser chooser = new TokenChooser(env);
        return ActionRegistry.builder()
                .addAll(BuiltInActions.registry())
                .action(new HsmActions.Identify(env, chooser))
                .action(new HsmActions.Login(env, chooser))
                .action(new HsmActions.Logout())
                .action(new KeyActions.GenerateRootKey())
                .action(new KeyActions.SelfSignCertificate())
                .action(new KeyActions.IssueTranscriptCertificate())
                .action(new BackupActions.GenerateKwk())
                .action(new BackupActions.WrapRootKey())
                .action(new BackupActions.SplitKwk())
                .action(new BackupActions.WriteShare(env))
                .action(new BackupActions.VerifyQuorum())
                .action(new BackupFileActions.WriteBackup(env))
                .action(new BackupFileActions.VerifyBackupRestores(env))
                .action(new TranscriptActions.SignTranscript())
                .rollback(new HsmRollbacks.DestroyHsmObject(env))
                .rollback(new HsmRollbacks.EraseCardShare(env))
                .rollback(new HsmRollbacks.DeleteFile())
                .build();
    }
}
