import { readFile } from 'node:fs/promises';
import { CsvDataError, parseKameiCsv, type KameiCsv } from './csv-kamei.js';

/** Reads and parses one labelled Kamei CSV file; a file that cannot be read is a CsvDataError. */
export async function readKameiCsvFile(file: string, displayName = file): Promise<KameiCsv> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CsvDataError(
      `${displayName}: cannot read the file (${code}); check the path given to --data.`,
      displayName,
    );
  }
  return parseKameiCsv(text, displayName);
}
