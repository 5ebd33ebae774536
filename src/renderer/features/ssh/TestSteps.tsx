import type { SshTestResult, SshTestStep } from '../../../shared/contract';

const STEP_LABELS: Record<SshTestStep['name'], string> = {
  credentials: 'Key or agent',
  connect: 'Connection',
  'host-key': 'Host key',
  authenticate: 'Login',
  'remote-command': 'Remote command',
  django: 'Django shell',
};

/** "Test connection": each step of the path with what works and what does not. */
export function TestSteps({ result, target }: { result: SshTestResult; target: string }) {
  return (
    <section className="panel panel-pad" aria-label="Connection test" data-testid="ssh-test-result" data-ok={result.ok}>
      <h2>{result.ok ? `✓ Everything works: ${target} can reset tokens` : `Connection test of ${target}`}</h2>
      <ol className="ssh-steps">
        {result.steps.map((s) => {
          const state = s.ok ? 'ok' : s.skipped ? 'skipped' : 'failed';
          return (
            <li key={s.name} className={`ssh-step ssh-step-${state}`} data-testid="ssh-step" data-step={s.name} data-state={state}>
              <span className="ssh-step-mark" aria-label={state}>
                {s.ok ? '✓' : s.skipped ? '–' : '✗'}
              </span>
              <span className="ssh-step-name">{STEP_LABELS[s.name]}</span>
              <span className="ssh-step-message">{s.message}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
