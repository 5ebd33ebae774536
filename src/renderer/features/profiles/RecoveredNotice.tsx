import { useProfiles } from './store';

/** The clusters file was unreadable and moved aside: say so (once per run, until closed), with where it went. */
export function RecoveredNotice() {
  const recovered = useProfiles((s) => s.recovered);
  const dismissed = useProfiles((s) => s.recoveryDismissed);
  if (!recovered || dismissed) return null;
  return (
    <div className="notice notice-warning recovered-notice" role="alert" data-testid="recovered-notice">
      <div>
        <strong>{recovered.reason}</strong>
        <p>
          It was kept as <code>{recovered.movedTo}</code> and Deis Admin started with an empty list. Your tokens are still in the
          keychain; add the clusters again (or restore the file while the app is closed).
        </p>
      </div>
      <button className="button" onClick={() => useProfiles.getState().dismissRecovery()}>
        Close
      </button>
    </div>
  );
}
