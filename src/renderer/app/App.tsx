import { useEffect, type CSSProperties } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { Toasts } from '../components/Toasts';
import { useUi } from '../store/ui';
import { connectProfiles, useActiveProfile, useProfiles } from '../features/profiles/store';
import { ProfileSwitcher } from '../features/profiles/ProfileSwitcher';
import { RecoveredNotice } from '../features/profiles/RecoveredNotice';
import { Welcome } from '../features/profiles/Welcome';
import { ReloginDialog } from '../features/session/ReloginDialog';
import { SessionGate } from '../features/session/SessionGate';
import { connectSession, useSessionEpoch } from '../features/session/store';
import { FrameBar } from './FrameBar';
import { VIEWS } from './views';
import { useAppInfo } from './useAppInfo';

export function App() {
  useEffect(connectProfiles, []);
  useEffect(connectSession, []);
  const loaded = useProfiles((s) => s.loaded);
  const count = useProfiles((s) => s.profiles.length);
  const profile = useActiveProfile();
  const epoch = useSessionEpoch(profile?.id);
  const view = useUi((s) => s.view);
  const setView = useUi((s) => s.setView);
  const info = useAppInfo();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const entry = VIEWS.find((v) => v.key === e.key.toLowerCase());
      if (entry) {
        e.preventDefault();
        setView(entry.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setView]);

  const current = VIEWS.find((v) => v.id === view) ?? VIEWS[0];
  // Only a view the operator explicitly opened skips the log-in form (the first view is the default, not a choice).
  const chosenWithoutLogin = VIEWS.some((v) => v.id === view && v.noLogin);
  const style = { '--profile-color': profile?.color ?? 'var(--neutral-frame)' } as CSSProperties;

  return (
    <div className={`app${profile?.production ? ' app-production' : ''}`} style={style} data-testid="app">
      <aside className="sidebar" aria-label="Clusters and views">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          Deis Admin
        </div>
        <ProfileSwitcher />
        {profile ? (
          <nav className="nav" aria-label="Views">
            {VIEWS.map((v) => (
              <button
                key={v.id}
                className={`nav-item${current?.id === v.id ? ' active' : ''}`}
                aria-current={current?.id === v.id ? 'page' : undefined}
                onClick={() => setView(v.id)}
                title={`${v.label} (Alt+${v.key.toUpperCase()})`}
              >
                <span className="nav-icon" aria-hidden="true">
                  {v.icon}
                </span>
                {v.label}
              </button>
            ))}
          </nav>
        ) : null}
        <div className="sidebar-footer">
          {info ? (
            <>
              <span title={info.keychain.reason ?? undefined} className={info.keychain.available ? '' : 'text-warning'}>
                {info.keychain.available ? `Keychain: ${info.keychain.backend}` : '⚠ Keychain unavailable'}
              </span>
              <span>v{info.version}</span>
            </>
          ) : null}
        </div>
      </aside>
      <div className="main">
        <FrameBar profile={profile} />
        <main className="content" id="content">
          <RecoveredNotice />
          {/* Keyed on the profile (switching never shows one cluster's data under another's name) and on the
              session epoch (a re-login reloads the view's data). */}
          <ErrorBoundary area={current?.label ?? 'main'} key={`${profile?.id}:${current?.id}:${epoch}`}>
            {!loaded ? null : count === 0 || !profile ? (
              <Welcome />
            ) : (
              <SessionGate profile={profile} open={chosenWithoutLogin}>
                {current ? <current.component /> : null}
              </SessionGate>
            )}
          </ErrorBoundary>
        </main>
      </div>
      <ReloginDialog />
      <Toasts />
    </div>
  );
}
