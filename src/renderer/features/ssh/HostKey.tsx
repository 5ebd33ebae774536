import './ssh.css';

/** How an operator checks a host key on the node itself (compare before trusting). */
const CHECK_ON_NODE = 'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub';

/**
 * Trust on first use: the key the server offered, in full, with how to compare it on the node, and the one button
 * that trusts it. Nothing is trusted by just connecting.
 */
export function HostKeyTrust(props: { target: string; fingerprint: string; keyType: string; busy?: boolean; onTrust: () => void }) {
  return (
    <section className="host-key host-key-unknown" aria-label="Host key to trust" data-testid="host-key-trust">
      <h3>First connection to {props.target}: is this the node’s key?</h3>
      <p className="muted">
        Deis Admin has not trusted a host key for this node yet. Compare the fingerprint below with the one the node itself shows (
        <code>{CHECK_ON_NODE}</code>, or ask your cluster administrator). Trust it only if they are identical.
      </p>
      <div className="fingerprint-box">
        <span className="badge">{props.keyType}</span>
        <code className="fingerprint" data-testid="host-key-fingerprint">
          {props.fingerprint}
        </code>
      </div>
      <div className="row">
        <button className="button primary" onClick={props.onTrust} disabled={props.busy} data-testid="trust-host-key">
          {props.busy ? 'Trusting…' : 'Trust this key'}
        </button>
      </div>
    </section>
  );
}

/** A changed key: the connection was refused. Both keys are shown; forgetting the old one is a separate, deliberate step. */
export function HostKeyChanged(props: { target: string; trusted: string | null; offered: string; keyType: string; onForget?: () => void }) {
  return (
    <section className="host-key host-key-changed" role="alert" aria-label="The host key changed" data-testid="host-key-changed">
      <h3>⚠ The host key of {props.target} has changed — the connection was refused</h3>
      <p>
        Someone may be intercepting the connection (a man-in-the-middle), or the node was reinstalled. Do not go on until your cluster administrator
        confirms that the node’s key really changed.
      </p>
      <dl className="fingerprint-pair">
        <dt>Trusted</dt>
        <dd>
          <code className="fingerprint">{props.trusted ?? 'unknown'}</code>
        </dd>
        <dt>Offered now</dt>
        <dd>
          <span className="badge">{props.keyType}</span> <code className="fingerprint">{props.offered}</code>
        </dd>
      </dl>
      {props.onForget ? (
        <div className="row">
          <button className="button danger-outline" onClick={props.onForget} data-testid="forget-host-key">
            The change is confirmed: forget the old key…
          </button>
        </div>
      ) : null}
    </section>
  );
}
