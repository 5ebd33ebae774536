/** The `tokens.*` and `ssh.*` methods of the contract, on top of TokensService and SshAccess. */
import type { Handlers } from '../../dispatch';
import type { TokensService } from './service';
import type { SshAccess } from './ssh-access';

type TokensHandlers = Pick<
  Handlers,
  'tokens.reset' | 'tokens.resetSelf' | 'tokens.resetAll' | 'ssh.getSettings' | 'ssh.saveSettings' | 'ssh.test' | 'ssh.trustHostKey'
>;

export function tokensHandlers(tokens: TokensService, ssh: SshAccess): TokensHandlers {
  return {
    'tokens.reset': ({ profileId, username, via, passphrase }, { signal }) => tokens.resetUser(profileId, username, { via, passphrase }, signal),
    'tokens.resetSelf': ({ profileId, via, passphrase }, { signal }) => tokens.resetSelf(profileId, { via, passphrase }, signal),
    'tokens.resetAll': ({ profileId, confirm }, { signal }) => tokens.resetAll(profileId, confirm, signal),
    'ssh.getSettings': ({ profileId }) => ssh.get(profileId),
    'ssh.saveSettings': ({ profileId, settings }) => ssh.save(profileId, settings),
    'ssh.test': ({ profileId, settings, passphrase }, { signal }) => ssh.test(profileId, settings, passphrase, signal),
    'ssh.trustHostKey': ({ profileId, settings, fingerprint }) => ssh.trust(profileId, settings, fingerprint),
  };
}
