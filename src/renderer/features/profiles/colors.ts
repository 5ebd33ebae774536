/** Distinct, readable frame colours for clusters (production clusters often get the red one). */
export const PROFILE_COLORS = ['#2f6fdb', '#1f9d74', '#8a4fd8', '#d9822b', '#d0393e', '#0f8fa8', '#a4506f', '#5d6b7a'] as const;

export function nextColor(used: string[]): string {
  return PROFILE_COLORS.find((c) => !used.includes(c)) ?? PROFILE_COLORS[used.length % PROFILE_COLORS.length]!;
}
