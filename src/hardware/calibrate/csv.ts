import { HardwareError } from '../errors.js';

/**
 * Parses RFC 4180 CSV text (quoted fields, doubled quotes, CRLF or LF) into rows of objects keyed by the header.
 * Throws HardwareError naming `where` and the line when a quote is left open or a row has the wrong width.
 */
export function parseCsv(text: string, where: string): { readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] } {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += ch;
  }
  if (quoted) throw new HardwareError(`${where}: every quoted field must be closed; got an open quote at the end of the file. Check the file is complete.`);
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  const header = rows.shift() ?? [];
  rows.forEach((r, i) => {
    if (r.length !== header.length) throw new HardwareError(`${where}: row ${i + 2} must have ${header.length} fields like the header; got ${r.length}. Check its quoting.`);
  });
  return { header, rows };
}

/** The value of column `name` in a parsed row; throws HardwareError when the header lacks that column. */
export function column(header: readonly string[], row: readonly string[], name: string, where: string): string {
  const i = header.indexOf(name);
  if (i < 0) throw new HardwareError(`${where}: the header must have a column '${name}'; got ${header.join(', ')}. Use the mlperf_tiny_latency.csv format.`);
  return row[i] as string;
}
