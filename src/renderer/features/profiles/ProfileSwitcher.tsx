import { useEffect, useState } from 'react';
import { useProfiles } from './store';
import { AddClusterDialog } from './AddClusterDialog';
import { STATUS_TEXT } from '../../app/FrameBar';

/** The clusters, always visible: name, colour and state; Ctrl/Cmd+1…9 switches. */
export function ProfileSwitcher() {
  const profiles = useProfiles((s) => s.profiles);
  const activeId = useProfiles((s) => s.activeId);
  const activate = useProfiles((s) => s.activate);
  const [adding, setAdding] = useState(false);

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

  return (
    <section className="switcher" aria-label="Clusters">
      <div className="switcher-head">
        <h2>Clusters</h2>
        <button className="icon-button" aria-label="Add a cluster" title="Add a cluster" onClick={() => setAdding(true)}>
          +
        </button>
      </div>
      <ul className="switcher-list" role="listbox" aria-label="Clusters">
        {profiles.map((p, i) => (
          <li key={p.id} role="option" aria-selected={p.id === activeId}>
            <button className={`switcher-item${p.id === activeId ? ' active' : ''}`} onClick={() => void activate(p.id)} data-testid="profile-item">
              <span className="profile-dot" style={{ background: p.color }} aria-hidden="true" />
              <span className="switcher-name">{p.name}</span>
              <span className={`status-dot status-${p.status}`} title={STATUS_TEXT[p.status]} aria-label={STATUS_TEXT[p.status]} />
              {i < 9 ? <kbd className="switcher-key">{i + 1}</kbd> : null}
            </button>
          </li>
        ))}
      </ul>
      {adding ? <AddClusterDialog onClose={() => setAdding(false)} /> : null}
    </section>
  );
}
