/** CSV the way spreadsheets read it safely: one header line, CRLF line ends, formulas never run. */

/** One field: quoted when it holds a comma, quote or line break; a leading =, +, - or @ kept as text. */
export function csvField(text: string): string {
  // A leading =, +, - or @ makes a spreadsheet run the cell as a formula: quote it as text.
  const safe = /^[=+\-@]/.test(text) && !/^-\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A header line, then one line per row, each field made safe. */
export function csvText(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return `${[header, ...rows].map((fields) => fields.map(csvField).join(',')).join('\r\n')}\r\n`;
}
