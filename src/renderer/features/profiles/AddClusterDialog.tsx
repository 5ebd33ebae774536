import { useState } from 'react';
import type { ClusterInfo } from '../../../shared/domain';
import type { ErrorInfo } from '../../../shared/errors';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { deis, errorInfo } from '../../bridge';
import { useUi } from '../../store/ui';
import { ClusterInfoLine } from './ClusterInfoLine';
import { nextColor } from '../../../shared/profile-colors';
import { ProfileFields, type ProfileDraft } from './ProfileFields';
import { useProfiles } from './store';

/**
 * Add a cluster: name, controller URL, colour, production, TLS. "Check connection" probes the controller and shows
 * its flavour and version before anything is saved; the log-in follows in the main window.
 */
export function AddClusterDialog({ onClose }: { onClose: () => void }) {
  // Read once (a selector returning a new array each time would re-render forever under zustand 5).
  const [draft, setDraft] = useState<ProfileDraft>(() => ({
    name: '',
    url: '',
    color: nextColor(useProfiles.getState().profiles.map((p) => p.color)), production: false, tls: { verify: true, caPem: null } }));
  const [probed, setProbed] = useState<ClusterInfo | null>(null);
  const [busy, setBusy] = useState<'probe' | 'add' | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const fields = (error?.details?.fields ?? {}) as Record<string, string>;

  const change = (d: ProfileDraft) => {
    if (d.url !== draft.url || d.tls !== draft.tls) setProbed(null);
    setDraft(d);
  };

  async function probe() {
    setBusy('probe');
    setError(null);
    try {
      setProbed(await deis.profiles.probe({ url: draft.url, tls: draft.tls }));
    } catch (err) {
      setError(errorInfo(err));
    } finally {
      setBusy(null);
    }
  }

  async function add(sessionOnly = false) {
    setBusy('add');
    setError(null);
    try {
      const profile = await deis.profiles.create({ ...draft, sessionOnly });
      useProfiles.getState().put(profile);
      await useProfiles.getState().activate(profile.id);
      useUi.getState().toast('success', `Added ${profile.name}`, 'Log in to start managing its users.');
      onClose();
    } catch (err) {
      setError(errorInfo(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Dialog
      title="Add a cluster"
      onClose={onClose}
      busy={busy !== null}
      testId="add-cluster-dialog"
      wide
      footer={
        <>
          <button className="button" type="button" onClick={() => void probe()} disabled={busy !== null || !draft.url.trim()}>
            {busy === 'probe' ? 'Checking…' : 'Check connection'}
          </button>
          <span className="spacer" />
          <button className="button" type="button" onClick={onClose} disabled={busy !== null}>
            Cancel
          </button>
          <button className="button primary" type="submit" form="add-cluster-form" disabled={busy !== null}>
            {busy === 'add' ? 'Adding…' : 'Add cluster'}
          </button>
        </>
      }
    >
      <form
        id="add-cluster-form"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
        className="form"
      >
        {error && !Object.keys(fields).length ? (
          <ErrorNotice
            error={error}
            {...(error.code === 'KEYCHAIN_UNAVAILABLE' ? { action: { label: 'Continue in session-only mode', run: () => void add(true) } } : {})}
          />
        ) : null}
        {probed ? <ClusterInfoLine info={probed} /> : null}
        <ProfileFields draft={draft} onChange={change} fields={fields} autoFocus />
      </form>
    </Dialog>
  );
}
