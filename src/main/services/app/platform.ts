/** How the keychain is doing right now, for app.info and the status bar. */
export type KeychainProbe = () => Promise<{ available: boolean; backend: string; reason: string | null }>;
