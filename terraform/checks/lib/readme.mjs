// The inputs and outputs tables of a module's README, made from its variables.tf and outputs.tf,
// so that the README always says what the code does.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFile } from './hcl.mjs';

const START = '<!-- Tables made from variables.tf and outputs.tf by `node checks/readme-tables.mjs --write`; do not edit by hand. -->';
const END = '<!-- End of the made tables. -->';

/** The made tables of the module in a folder, as Markdown. */
export async function tables(folder) {
  const variables = (await parseFile(join(folder, 'variables.tf'))).variable ?? {};
  const outputs = (await parseFile(join(folder, 'outputs.tf'))).output ?? {};
  const cell = (text) => String(text).replace(/\$\$\{/g, '${').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, ' ');
  const lines = [START, '', '### Inputs', '', '| name | type | default | description |', '|---|---|---|---|'];
  for (const [name, [body]] of Object.entries(variables)) {
    const type = String(body.type).replace(/^\$\{([\s\S]*)\}$/, '$1');
    const fallback = Object.hasOwn(body, 'default') ? `\`${JSON.stringify(body.default)}\`` : 'required';
    lines.push(`| \`${name}\` | \`${cell(type)}\` | ${cell(fallback)} | ${cell(body.description)} |`);
  }
  lines.push('', '### Outputs', '', '| name | description |', '|---|---|');
  for (const [name, [body]] of Object.entries(outputs)) {
    lines.push(`| \`${name}\` | ${cell(body.description)} |`);
  }
  lines.push('', END);
  return lines.join('\n');
}

/** The README's tables as they are now, or null when it has none. */
export function currentTables(folder) {
  const text = readFileSync(join(folder, 'README.md'), 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  return start < 0 || end < 0 ? null : text.slice(start, end + END.length);
}

/** Writes the made tables into the README, in place of the old ones. */
export async function writeTables(folder) {
  const path = join(folder, 'README.md');
  const text = readFileSync(path, 'utf8');
  const old = currentTables(folder);
  if (old === null) throw new Error(`${path} has no made tables to replace; put the two marker lines in it`);
  writeFileSync(path, text.replace(old, await tables(folder)));
}

export const MARKERS = [START, END];
