/**
 * CSV for the exports (users list in the renderer, audit log in main): RFC 4180 quoting, CRLF line ends, and a
 * guard against formula injection — a cell starting with = + - @ (or a tab / carriage return, which some
 * spreadsheets strip before evaluating) is prefixed with an apostrophe so that Excel, LibreOffice and Google
 * Sheets show it as text instead of running it. Usernames may legally start with "-" or "+", and controller
 * messages are server-controlled text, so this matters here.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header row plus data rows → one CSV document (ends with CRLF, as RFC 4180 allows and Excel expects). */
export function toCsv(header: readonly string[], rows: Iterable<ReadonlyArray<string | number | boolean | null | undefined>>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** A file-name-safe stamp like 2026-12-03T10-15-00Z for export file names. */
export function fileStamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}
