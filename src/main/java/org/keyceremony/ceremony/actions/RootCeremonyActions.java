package org.keyceremony.ceremony.actions;

import org.keyceremony.ceremony.actions.backup.BackupFileActions;
import org.keyceremony.ceremony.actions.backup.BackupLoading;
import org.keyceremony.ceremony.actions.shares.CardActions;
import org.keyceremony.ceremony.actions.session.HsmActions;
import org.keyceremony.ceremony.actions.session.HsmCompletionRecords;
import org.keyceremony.ceremony.actions.session.HsmRollbacks;
import org.keyceremony.ceremony.actions.keys.KeyActions;
import org.keyceremony.ceremony.actions.backup.KwkActions;
import org.keyceremony.ceremony.actions.protection.ProtectionActions;
import org.keyceremony.ceremony.actions.restore.RestoreActions;
import org.keyceremony.ceremony.actions.shares.ShareReading;
import org.keyceremony.ceremony.actions.shares.ShareWriting;
import org.keyceremony.ceremony.actions.session.TokenChooser;
import org.keyceremony.ceremony.actions.transcript.TranscriptActions;
import org.keyceremony.ceremony.ActionRegistry;
import org.keyceremony.ceremony.BuiltInActions;

/**
 * Every action handler the shipped ceremonies (root key generation, backup restore, share
 * rotation, card check) need, over the HSM, cards and media of {@code env}, plus the built-in
 * (HSM-free) ones and the rollbacks.
 */
public final class RootCeremonyActions {
    private RootCeremonyActions() {
    }

    public static ActionRegistry registry(CeremonyEnvironment env) {
        // The record-software step's hashes take a while (the runtime image): start them now.
        org.keyceremony.ceremony.preflight.SoftwareIdentity.hashInBackground();
        TokenChooser chooser = new TokenChooser(env);
        return ActionRegistry.builder()
                .addAll(BuiltInActions.registry())
                .action(new HsmActions.Identify(env, chooser))
                .action(new HsmActions.Login(env, chooser))
                .action(new HsmActions.Logout())
                .action(new ProtectionActions.CheckKeyProtection())
                .action(new ProtectionActions.SealRootKey())
                .action(new KeyActions.GenerateRootKey())
                .action(new KeyActions.SelfSignCertificate())
                .action(new KeyActions.IssueTranscriptCertificate())
                .action(new KwkActions.GenerateKwk())
                .action(new KwkActions.WrapRootKey())
                .action(new ShareWriting.SplitKwk())
                .action(new ShareWriting.WriteShare(env))
                .action(new ShareWriting.VerifyQuorum(env))
                .action(new BackupFileActions.WriteBackup(env))
                .action(new BackupFileActions.VerifyBackupRestores(env))
                .action(new BackupLoading.LoadBackup(env))
                .action(new ShareReading.ReadShare(env))
                .action(new ShareReading.CombineKwk())
                .action(new RestoreActions.UnwrapIntoHsm())
                .action(new RestoreActions.VerifyRestoredKey())
                .action(new CardActions.CheckCard(env))
                .action(new CardActions.EraseShare(env))
                .action(new TranscriptActions.SignTranscript())
                .actions(org.keyceremony.base.KindModules.all(ActionModule.class).stream()
                        .<org.keyceremony.ceremony.ActionHandler<?>>map(m -> m.handler(env)).toList())
                .rollback(new HsmRollbacks.DestroyHsmObject(env))
                .rollback(new HsmRollbacks.EraseCardShare(env))
                .rollback(new HsmRollbacks.DeleteFile(env))
                .completionRecords(new HsmCompletionRecords(env))
                .preflight(new EnvironmentPreflight(env))
                .build();
    }
}
