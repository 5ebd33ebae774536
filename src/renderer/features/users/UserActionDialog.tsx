/**
 * The confirmation for one built-in action on one user — naming the cluster and the user, warning plainly where
 * the controller does not guard (demoting yourself, demoting the last administrator), asking a production
 * cluster's operator to type the username — then the call, a toast with the result and the row updated in place.
 */
import { useState } from 'react';
import type { ProfileView } from '../../../shared/contract';
import type { User } from '../../../shared/domain';
import type { ErrorInfo } from '../../../shared/errors';
import { deis, errorInfo } from '../../bridge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useUi } from '../../store/ui';
import { useUsers } from './store';
import type { BuiltInAction } from './availability';

export type ConfirmableAction = Exclude<BuiltInAction, 'password'>;

interface Plan {
  title: string;
  confirm: string;
  danger: boolean;
  what: string;
  warnings: string[];
  run: () => Promise<unknown>;
  done: string;
  apply: () => void;
}

function planFor(action: ConfirmableAction, user: User, profile: ProfileView, adminCount: number): Plan {
  const profileId = profile.id;
  const username = user.username;
  const cluster = profile.name;
  const store = useUsers.getState();
  switch (action) {
    case 'promote':
      return {
        title: `Promote ${username} on ${cluster}?`,
        confirm: 'Promote',
        danger: false,
        what: `${username} becomes an administrator of ${cluster}: they can manage every user, administrator and token of the cluster.`,
        warnings: [],
        run: () => deis.admins.promote({ profileId, username }),
        done: `${username} is now an administrator of ${cluster}`,
        apply: () => store.patch([username], { isSuperuser: true, isStaff: true }),
      };
    case 'demote': {
      const warnings: string[] = [];
      if (username === profile.username) {
        warnings.push(
          `You are removing your own administrator rights. The controller allows it: from then on it refuses your administrative actions on ${cluster}, and only another administrator can promote you again.`,
        );
      }
      if (adminCount <= 1) {
        warnings.push(
          `${username} is the last administrator of ${cluster}. Nobody will be able to manage users; the controller makes the next person who registers an administrator automatically.`,
        );
      }
      return {
        title: `Demote ${username} on ${cluster}?`,
        confirm: 'Demote',
        danger: true,
        what: `${username} stops being an administrator of ${cluster}. Their account and applications stay as they are.`,
        warnings,
        run: () => deis.admins.demote({ profileId, username }),
        done: `${username} is no longer an administrator of ${cluster}`,
        apply: () => store.patch([username], { isSuperuser: false, isStaff: false }),
      };
    }
    case 'delete':
      return {
        title: `Delete ${username} from ${cluster}?`,
        confirm: 'Delete account',
        danger: true,
        what: `The account ${username} is deleted from ${cluster} for good, with its token. The controller refuses while ${username} still owns applications.`,
        warnings: user.isSuperuser && adminCount <= 1 ? [`${username} is the last administrator of ${cluster}.`] : [],
        run: () => deis.users.remove({ profileId, username }),
        done: `Deleted ${username} from ${cluster}`,
        apply: () => store.remove(username),
      };
    case 'enable':
    case 'disable': {
      const active = action === 'enable';
      return {
        title: `${active ? 'Enable' : 'Disable'} ${username} on ${cluster}?`,
        confirm: active ? 'Enable' : 'Disable',
        danger: !active,
        what: active
          ? `${username} can log in to ${cluster} again.`
          : `${username} can no longer log in to ${cluster}, and their token stops working at once. You can enable the account again later.`,
        warnings: [],
        run: () => deis.users.setActive({ profileId, username, active }),
        done: `${active ? 'Enabled' : 'Disabled'} ${username} on ${cluster}`,
        apply: () => store.patch([username], { isActive: active }),
      };
    }
  }
}

export function UserActionDialog(props: {
  action: ConfirmableAction;
  user: User;
  profile: ProfileView;
  adminCount: number;
  onClose: () => void;
  onError: (username: string, error: ErrorInfo) => void;
}) {
  const { action, user, profile } = props;
  const plan = planFor(action, user, profile, props.adminCount);
  const [busy, setBusy] = useState(false);
  const toast = useUi((s) => s.toast);

  const confirm = async () => {
    setBusy(true);
    try {
      await plan.run();
      plan.apply();
      toast('success', plan.done);
      props.onClose();
    } catch (err) {
      const info = errorInfo(err);
      useUi.getState().toastError(info, `Could not ${action} ${user.username}`);
      props.onError(user.username, info);
      props.onClose();
    }
  };

  return (
    <ConfirmDialog
      title={plan.title}
      confirmLabel={plan.confirm}
      onConfirm={confirm}
      onClose={props.onClose}
      busy={busy}
      typeToConfirm={plan.danger && profile.production ? user.username : null}
      {...(plan.danger ? { tone: 'danger' as const } : {})}
    >
      <p>{plan.what}</p>
      {plan.warnings.map((w) => (
        <div key={w} className="notice notice-warning" role="alert" data-testid="confirm-warning">
          <strong>{w}</strong>
        </div>
      ))}
    </ConfirmDialog>
  );
}
