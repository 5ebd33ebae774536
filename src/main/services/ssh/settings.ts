/**
 * The SSH settings schema is part of the IPC contract (src/shared/contract/ssh-settings.ts): the renderer edits
 * them and main validates them with the same schema. Re-exported here for the SSH service's modules.
 */
export * from '../../../shared/contract/ssh-settings';
