import { useEffect, useRef, useState } from 'react';
import type { ProfileView } from '../../../shared/contract';
import { deis, errorInfo } from '../../bridge';
import { useUi } from '../../store/ui';
import { STATUS_TEXT } from '../../app/FrameBar';
import { useSession } from '../session/store';
import { AddClusterDialog } from './AddClusterDialog';
import { ImportDialog } from './ImportDialog';
import { RemoveProfileDialog } from './RemoveProfileDialog';
import { filterProfiles, useProfiles } from './store';

export const CLUSTER_SETTINGS_VIEW = 'cluster-settings';

/**
 * The clusters, always visible: each one's name, colour and state; type-ahead search; Ctrl/Cmd+1…9 switches;
 * a menu per cluster to edit, duplicate, check, log out or remove it.
 */
export function ProfileSwitcher() {
  const profiles = useProfiles((s) => s.profiles);
  const activeId = useProfiles((s) => s.activeId);
  const activate = useProfiles((s) => s.activate);
  const [dialog, setDialog] = useState<{ kind: 'add' } | { kind: 'import' } | { kind: 'remove'; profile: ProfileView } | null>(null);
  const [query, setQuery] = useState('');
  const [menuFor, setMenuFor] = useState<string | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const shown = filterProfiles(profiles, query);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || !/^[1-9]$/.test(e.key)) return;
      const target = profiles[Number(e.key) - 1];
      if (target) {
        e.preventDefault();
        void activate(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [profiles, activate]);

  async function run(p: ProfileView, what: 'duplicate' | 'check' | 'logout') {
    setMenuFor(null);
    try {
      if (what === 'duplicate') {
        const copy = await deis.profiles.duplicate({ id: p.id });
        useProfiles.getState().put(copy);
        await activate(copy.id);
        useUi.getState().toast('success', `Created ${copy.name}`, 'Log in to it, e.g. as another user.');
      } else if (what === 'check') {
        const v = await deis.profiles.check({ profileId: p.id });
        useProfiles.getState().put(v);
        useUi.getState().toast(v.status === 'unreachable' ? 'warning' : 'info', `${v.name}: ${STATUS_TEXT[v.status]}`, v.statusMessage ?? undefined);
        if (v.status === 'session-expired' && v.id === useProfiles.getState().activeId) {
          useSession.getState().promptRelogin(v.id, v.statusMessage ?? 'Log in again to continue.');
        }
      } else {
        const v = await deis.session.logout({ profileId: p.id });
        useProfiles.getState().put(v);
        useUi.getState().toast(
          'info',
          `Logged out of ${v.name}`,
          'Like the CLI, this only forgets the token on this computer: it stays valid on the controller. To revoke it, reset your token (Tokens) instead.',
        );
      }
    } catch (err) {
      useUi.getState().toastError(errorInfo(err), `Could not ${what === 'logout' ? 'log out of' : what} ${p.name}`);
    }
  }

  function openSettings(p: ProfileView) {
    setMenuFor(null);
    void activate(p.id).then(() => useUi.getState().setView(CLUSTER_SETTINGS_VIEW));
  }

  return (
    <section className="switcher" aria-label="Clusters" data-testid="switcher">
      <div className="switcher-head">
        <h2>Clusters</h2>
        <div className="row">
          <button className="icon-button small-icon" aria-label="Import from the Deis CLI" title="Import from the Deis CLI" onClick={() => setDialog({ kind: 'import' })}>
            ⇣
          </button>
          <button className="icon-button" aria-label="Add a cluster" title="Add a cluster" onClick={() => setDialog({ kind: 'add' })}>
            +
          </button>
        </div>
      </div>
      {profiles.length > 1 || query ? (
        <input
          ref={search}
          type="search"
          className="switcher-search"
          placeholder="Find a cluster…"
          aria-label="Find a cluster"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && shown[0]) {
              void activate(shown[0].id);
              setQuery('');
            } else if (e.key === 'Escape') setQuery('');
          }}
        />
      ) : null}
      <ul className="switcher-list" aria-label="Clusters">
        {shown.map((p) => {
          const index = profiles.indexOf(p);
          return (
            <li key={p.id} className="switcher-row">
              <button
                className={`switcher-item${p.id === activeId ? ' active' : ''}`}
                aria-current={p.id === activeId ? 'true' : undefined}
                onClick={() => void activate(p.id)}
                data-testid="profile-item"
                data-status={p.status}
                title={`${p.name} — ${STATUS_TEXT[p.status]}${p.statusMessage ? `: ${p.statusMessage}` : ''}`}
              >
                <span className="profile-dot" style={{ background: p.color }} aria-hidden="true" />
                <span className="switcher-text">
                  <span className="switcher-name">
                    {p.name}
                    {p.production ? <span className="prod-mark" title="Production">PROD</span> : null}
                  </span>
                  <span className={`switcher-sub sub-${p.status}`} title={subtitle(p)}>
                    <span className={`status-dot status-${p.status}`} aria-hidden="true" />
                    {subtitle(p)}
                  </span>
                </span>
                {index < 9 ? (
                  <kbd className="switcher-key" title={`Ctrl+${index + 1}`}>
                    {index + 1}
                  </kbd>
                ) : null}
              </button>
              <button className="icon-button switcher-menu-button" aria-label={`Actions for ${p.name}`} aria-expanded={menuFor === p.id} onClick={() => setMenuFor(menuFor === p.id ? null : p.id)}>
                ⋯
              </button>
              {menuFor === p.id ? (
                <div className="menu" role="menu" onKeyDown={(e) => e.key === 'Escape' && setMenuFor(null)}>
                  <button role="menuitem" onClick={() => openSettings(p)} autoFocus>
                    Edit…
                  </button>
                  <button role="menuitem" onClick={() => void run(p, 'duplicate')}>
                    Duplicate
                  </button>
                  <button role="menuitem" onClick={() => void run(p, 'check')}>
                    Check connection
                  </button>
                  {p.status === 'logged-in' || p.status === 'unreachable' ? (
                    <button role="menuitem" onClick={() => void run(p, 'logout')}>
                      Log out
                    </button>
                  ) : null}
                  <button role="menuitem" className="danger-text" onClick={() => (setMenuFor(null), setDialog({ kind: 'remove', profile: p }))}>
                    Remove…
                  </button>
                </div>
              ) : null}
            </li>
          );
        })}
        {shown.length === 0 && query ? <li className="muted switcher-empty">No cluster matches “{query}”.</li> : null}
      </ul>
      {dialog?.kind === 'add' ? <AddClusterDialog onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'import' ? <ImportDialog onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'remove' ? <RemoveProfileDialog profile={dialog.profile} onClose={() => setDialog(null)} /> : null}
    </section>
  );
}

/** One line under the name: who you are there, or what is wrong. */
function subtitle(p: ProfileView): string {
  const warn = p.tls.verify ? '' : ' · TLS not verified';
  const session = p.sessionOnly ? ' · session only' : '';
  switch (p.status) {
    case 'logged-in':
      return `${p.username ?? 'logged in'}${p.isAdmin ? ' · administrator' : p.isAdmin === false ? ' · not admin' : ''}${warn}${session}`;
    case 'session-expired':
      return `Session expired${warn}`;
    case 'unreachable':
      return `Unreachable${warn}`;
    case 'keychain-locked':
      return 'Keychain locked';
    default:
      return `Not logged in${warn}${session}`;
  }
}
