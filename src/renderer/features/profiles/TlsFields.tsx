import { useId, useState } from 'react';
import type { TlsSettings } from '../../../shared/contract';

const PEM_MAX = 512 * 1024;

/**
 * TLS options of a cluster: verification is on; a CA bundle (PEM, pasted or read from a file) can be trusted in
 * addition to the system's; turning verification off is an explicit opt-in shown as a warning.
 */
export function TlsFields({ value, onChange, disabled }: { value: TlsSettings; onChange: (tls: TlsSettings) => void; disabled?: boolean }) {
  const [showCa, setShowCa] = useState(value.caPem !== null);
  const [fileError, setFileError] = useState<string | null>(null);
  const caId = useId();

  async function readFile(file: File | undefined) {
    setFileError(null);
    if (!file) return;
    if (file.size > PEM_MAX) return setFileError('That file is too large for a certificate bundle.');
    const text = await file.text();
    if (!text.includes('-----BEGIN CERTIFICATE-----')) return setFileError('That file is not a PEM certificate (expected -----BEGIN CERTIFICATE-----).');
    onChange({ ...value, caPem: text });
  }

  return (
    <fieldset className="field tls-fields" disabled={disabled}>
      <legend>TLS</legend>
      <label className="check">
        <input type="checkbox" checked={showCa} onChange={(e) => (setShowCa(e.target.checked), e.target.checked ? null : onChange({ ...value, caPem: null }))} />
        <span>Trust an extra certificate authority (a private CA or a self-signed controller)</span>
      </label>
      {showCa ? (
        <div className="field">
          <label htmlFor={caId}>CA certificate(s), PEM</label>
          <textarea
            id={caId}
            rows={5}
            spellCheck={false}
            placeholder="-----BEGIN CERTIFICATE-----"
            value={value.caPem ?? ''}
            onChange={(e) => onChange({ ...value, caPem: e.target.value.trim() === '' ? null : e.target.value })}
          />
          <div className="row">
            <label className="button small file-button">
              Choose a file…
              <input type="file" accept=".pem,.crt,.cer,.txt" onChange={(e) => void readFile(e.target.files?.[0])} />
            </label>
            <small>Paste the PEM text or choose a file; it is stored with the cluster's settings (it is not a secret).</small>
          </div>
          {fileError ? <div className="field-error">{fileError}</div> : null}
        </div>
      ) : null}
      <label className="check">
        <input type="checkbox" checked={!value.verify} onChange={(e) => onChange({ ...value, verify: !e.target.checked })} data-testid="tls-insecure" />
        <span>Don't verify the controller's certificate</span>
      </label>
      {!value.verify ? (
        <div className="notice notice-warning" role="alert">
          <div>
            <strong>Certificates will not be verified.</strong>
            <p>Anyone between you and the controller could read your password and token. Prefer trusting the cluster's CA above.</p>
          </div>
        </div>
      ) : null}
    </fieldset>
  );
}
