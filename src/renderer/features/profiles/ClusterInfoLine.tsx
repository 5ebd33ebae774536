import type { ClusterInfo } from '../../../shared/domain';

const FLAVOUR_LABEL = { v1: 'Deis v1', v2: 'Workflow v2 / Hephy', drycc: 'Drycc' } as const;

export function flavourLabel(info: Pick<ClusterInfo, 'flavour' | 'platformVersion' | 'apiVersion'>): string {
  const version = info.platformVersion ?? (info.apiVersion ? `API ${info.apiVersion}` : 'version unknown');
  return `${FLAVOUR_LABEL[info.flavour]} · ${version}`;
}

/** What the probe found: the flavour and version (shown before you log in), and the CLI-style version warning. */
export function ClusterInfoLine({ info }: { info: ClusterInfo }) {
  return (
    <div className="notice notice-info cluster-info" data-testid="cluster-info">
      <div>
        <strong>{flavourLabel(info)}</strong>
        <p>
          API {info.apiVersion ?? 'unknown'}
          {info.capabilities.tokensApi ? '' : ' · token resets need SSH'}
          {info.capabilities.whoami ? '' : ' · no whoami (the login name is used)'}
        </p>
        {info.versionWarning ? <p className="text-warning">{info.versionWarning}</p> : null}
      </div>
    </div>
  );
}
