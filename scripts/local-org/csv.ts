/** A CSV upload that cannot be read; the message names the row. */
export class CsvError extends Error {}

/**
 * Reads RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, a leading BOM, blank lines skipped)
 * into rows of text. Lines without quotes take a fast path; every row must have the header's width.
 */
export function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let quote = text.indexOf('"', i);
  while (i < n) {
    let end = text.indexOf('\n', i);
    if (end === -1) end = n;
    if (quote !== -1 && quote < i) quote = text.indexOf('"', i);
    if (quote === -1 || quote > end) {
      const line = text.charCodeAt(end - 1) === 13 ? text.slice(i, end - 1) : text.slice(i, end);
      if (line.length > 0) rows.push(line.split(delimiter));
      i = end + 1;
      continue;
    }
    i = readQuotedRow(text, i, delimiter, rows);
  }
  const width = rows[0]?.length ?? 0;
  for (let r = 1; r < rows.length; r++) {
    if (rows[r].length !== width) {
      throw new CsvError(`row ${r + 1} has ${rows[r].length} columns, the header has ${width}`);
    }
  }
  return rows;
}

function readQuotedRow(text: string, start: number, delimiter: string, rows: string[][]): number {
  const n = text.length;
  const row: string[] = [];
  let pos = start;
  for (;;) {
    let field = '';
    if (text[pos] === '"') {
      pos++;
      for (;;) {
        const close = text.indexOf('"', pos);
        if (close === -1) throw new CsvError(`row ${rows.length + 1} has a quoted field that is never closed`);
        field += text.slice(pos, close);
        if (text[close + 1] === '"') {
          field += '"';
          pos = close + 2;
          continue;
        }
        pos = close + 1;
        break;
      }
      const next = text[pos];
      if (pos < n && next !== delimiter && next !== '\n' && !(next === '\r' && text[pos + 1] === '\n')) {
        throw new CsvError(`row ${rows.length + 1} has text after a closing quote`);
      }
    } else {
      let k = pos;
      while (k < n && text[k] !== delimiter && text[k] !== '\n') k++;
      field = text.slice(pos, text[k] === '\n' && text[k - 1] === '\r' ? k - 1 : k);
      if (field.includes('"')) throw new CsvError(`row ${rows.length + 1} has a quote inside an unquoted field`);
      pos = k;
    }
    row.push(field);
    if (pos >= n) break;
    if (text[pos] === delimiter) {
      pos++;
      continue;
    }
    pos += text[pos] === '\r' ? 2 : 1;
    break;
  }
  rows.push(row);
  return pos;
}

/** A CSV cell the way Salesforce writes result files: quoted unless empty, inner quotes doubled. */
export function csvCell(value: string): string {
  if (value === '') return '';
  return `"${value.includes('"') ? value.replace(/"/g, '""') : value}"`;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}

/** Lines ended by LF, the way result files end every row. */
export function csvText(lines: string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
