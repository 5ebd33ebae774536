/** Distinct, readable frame colours for clusters (production clusters often get the red one). Main picks from it
 * for copies and CLI imports; the renderer offers it in the cluster form. */
export const PROFILE_COLORS = ['#2f6fdb', '#1f9d74', '#8a4fd8', '#d9822b', '#d0393e', '#0f8fa8', '#a4506f', '#5d6b7a'] as const;

/** The first colour no profile uses yet; when all are taken, cycle. */
export function nextColor(used: readonly string[]): string {
  return PROFILE_COLORS.find((c) => !used.includes(c)) ?? PROFILE_COLORS[used.length % PROFILE_COLORS.length]!;
}
