/**
 * Which way a token is re-issued: through the controller's API (POST auth/tokens/, deis-api.md §5) or through its
 * Django shell over SSH. Pure: decided from what the controller supports, the profile's SSH settings and the
 * operator's choice, so the rules are testable without a controller.
 */
import type { ResetVia } from '../../../shared/contract/tokens';
import type { Capabilities, ClusterInfo } from '../../../shared/domain';
import type { SshSettings } from '../../../shared/contract/ssh-settings';
import { AppError } from '../../../shared/errors';

export type ControllerFacts = Pick<ClusterInfo, 'flavour' | 'platformVersion' | 'apiVersion'> & { capabilities: Pick<Capabilities, 'tokensApi'> };

export type ResetPath = { via: 'api' } | { via: 'ssh'; settings: SshSettings };

export interface PathContext {
  /** The profile's name, for messages. */
  cluster: string;
  /** What the controller supports; null when unknown and not needed (an explicit SSH reset). */
  info: ControllerFacts | null;
  ssh: SshSettings | null;
}

export function controllerLabel(info: ControllerFacts | null): string {
  if (!info) return 'a controller whose version is unknown';
  const name = info.flavour === 'v1' ? 'Deis v1' : info.flavour === 'drycc' ? 'Drycc' : 'Workflow';
  const version = info.platformVersion ?? info.apiVersion;
  return version ? `${name} ${version}` : name;
}

const NO_API_REASON = 'has no token API (auth/tokens/ arrived in Deis v1.8)';
const SSH_SETUP_HINT = 'Open “SSH access” for this cluster: enter the node that runs the controller, test the connection and trust its host key.';

export function chooseResetPath(via: ResetVia, ctx: PathContext): ResetPath {
  const { info, ssh, cluster } = ctx;
  const tokensApi = info?.capabilities.tokensApi ?? false;
  if (via === 'api' || (via === 'auto' && tokensApi)) {
    if (!tokensApi) {
      throw new AppError(
        'UNSUPPORTED_BY_CONTROLLER',
        `${cluster} runs ${controllerLabel(info)}, which ${NO_API_REASON}.`,
        ssh ? 'Reset the token over SSH instead (the controller’s Django shell).' : `Reset it over SSH instead. ${SSH_SETUP_HINT}`,
        { reason: 'no-tokens-api' },
      );
    }
    return { via: 'api' };
  }
  if (!ssh) {
    throw new AppError(
      'SSH_NOT_CONFIGURED',
      via === 'ssh'
        ? `${cluster} has no SSH settings, so its tokens cannot be reset over SSH.`
        : `${cluster} runs ${controllerLabel(info)}, which ${NO_API_REASON}: tokens are reset over SSH there, but this cluster has no SSH settings.`,
      SSH_SETUP_HINT,
      { reason: 'no-ssh-settings' },
    );
  }
  return { via: 'ssh', settings: ssh };
}
