/**
 * Plugs "Reset token" into the users feature (features/users/extensions.ts): in each user's details, as a button
 * in every row, on the table's active row (key T), and for a selection through users.bulk "resetToken" (main runs the runner that
 * services/tokens registers). Imported once from app/views.tsx.
 */
import { registerUserAction } from '../users/extensions';
import { tokenResetAvailability } from './availability';
import { ResetTokenDialog } from './ResetTokenDialog';

registerUserAction({
  id: 'reset-token',
  label: 'Reset token',
  shortcut: 't',
  tone: 'danger',
  bulk: 'resetToken',
  inRow: true,
  availability: ({ profile, user }) => tokenResetAvailability(profile, user.username),
  render: ({ profile, user, close }) => <ResetTokenDialog profile={profile} username={user.username} onClose={close} />,
});
