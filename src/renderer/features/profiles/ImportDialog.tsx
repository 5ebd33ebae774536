import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { ImportCandidate, ImportResult } from '../../../shared/contract';
import type { ErrorInfo } from '../../../shared/errors';
import { Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { deis, errorInfo } from '../../bridge';
import { useProfiles } from './store';

type Candidate = z.infer<typeof ImportCandidate>;
type Result = z.infer<typeof ImportResult>;
interface Choice {
  selected: boolean;
  name: string;
  acceptInsecure: boolean;
}

const SOURCE_LABEL = { deis: 'Deis CLI', hephy: 'Hephy CLI', drycc: 'Drycc CLI' } as const;

/**
 * Import from the CLIs (~/.deis, ~/.hephy, ~/.drycc, $DEIS_PROFILE): shows what was found — never a token — and on
 * confirmation creates the profiles; main checks each token against its controller before keeping it.
 */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const [found, setFound] = useState<Candidate[] | null>(null);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [results, setResults] = useState<Result[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);

  useEffect(() => {
    deis.profiles.importScan({}).then(
      (list) => {
        setFound(list);
        setChoices(Object.fromEntries(list.map((c) => [c.path, { selected: c.problem === null, name: c.suggestedName, acceptInsecure: false }])));
      },
      (err: unknown) => setError(errorInfo(err)),
    );
  }, []);

  const set = (path: string, patch: Partial<Choice>) => setChoices((s) => ({ ...s, [path]: { ...s[path]!, ...patch } }));
  const chosen = (found ?? []).filter((c) => c.problem === null && choices[c.path]?.selected);
  const blocked = chosen.some((c) => !c.sslVerify && !choices[c.path]?.acceptInsecure);

  async function apply() {
    setBusy(true);
    setError(null);
    try {
      const items = chosen.map((c) => ({ path: c.path, name: choices[c.path]!.name, acceptInsecure: choices[c.path]!.acceptInsecure }));
      setResults(await deis.profiles.importApply({ items }));
      await useProfiles.getState().refresh();
    } catch (err) {
      setError(errorInfo(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      title="Import from the Deis CLI"
      onClose={onClose}
      busy={busy}
      wide
      testId="import-dialog"
      footer={
        results ? (
          <button className="button primary" onClick={onClose}>
            Done
          </button>
        ) : (
          <>
            <button className="button" onClick={onClose} disabled={busy}>
              Cancel
            </button>
            <button className="button primary" onClick={() => void apply()} disabled={busy || chosen.length === 0 || blocked}>
              {busy ? 'Importing and checking…' : `Import ${chosen.length || ''} cluster${chosen.length === 1 ? '' : 's'}`}
            </button>
          </>
        )
      }
    >
      {error ? <ErrorNotice error={error} /> : null}
      {results ? (
        <ul className="import-list" data-testid="import-results">
          {results.map((r) => (
            <li key={r.path} className={`import-item ${r.ok ? '' : 'import-failed'}`}>
              <span className={`badge ${r.ok ? 'badge-success' : 'badge-danger'}`}>{r.ok ? 'Imported' : 'Skipped'}</span>
              <div>
                <div className="mono small-text">{r.path}</div>
                <div>{r.message}</div>
              </div>
            </li>
          ))}
        </ul>
      ) : found === null ? (
        <p className="muted">Looking for CLI configurations…</p>
      ) : found.length === 0 ? (
        <EmptyState title="No CLI configuration found">
          <p>Deis Admin looked in ~/.deis, ~/.hephy and ~/.drycc (and $DEIS_PROFILE). Log in with the CLI first, or add the cluster by hand.</p>
        </EmptyState>
      ) : (
        <ul className="import-list" data-testid="import-candidates">
          {found.map((c) => {
            const choice = choices[c.path];
            return (
              <li key={c.path} className="import-item" data-testid="import-candidate">
                <input
                  type="checkbox"
                  aria-label={`Import ${c.path}`}
                  checked={!!choice?.selected && c.problem === null}
                  disabled={c.problem !== null}
                  onChange={(e) => set(c.path, { selected: e.target.checked })}
                />
                <div className="import-body">
                  <div className="row">
                    <span className="badge">{SOURCE_LABEL[c.source]}</span>
                    <span className="mono small-text">{c.path}</span>
                  </div>
                  {c.problem ? (
                    <div className="muted">Cannot be imported: {c.problem}.</div>
                  ) : (
                    <>
                      <div>
                        {c.controller}
                        {c.username ? ` · ${c.username}` : ''} · {c.hasToken ? 'logged in' : 'no token (you will log in)'}
                      </div>
                      <label className="import-name">
                        <span>Name</span>
                        <input value={choice?.name ?? ''} maxLength={64} onChange={(e) => set(c.path, { name: e.target.value })} />
                      </label>
                      {c.sslVerify ? null : (
                        <label className="check notice notice-warning">
                          <input type="checkbox" checked={!!choice?.acceptInsecure} onChange={(e) => set(c.path, { acceptInsecure: e.target.checked })} />
                          <span>
                            The CLI does not verify TLS for this cluster (<code>ssl_verify</code> is missing or false). Import it with
                            certificate verification <strong>off</strong>.
                          </span>
                        </label>
                      )}
                    </>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Dialog>
  );
}
