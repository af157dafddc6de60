// Prints the inputs and outputs tables of each module's README, or with --write puts them into
// the READMEs. checks/layout.test.mjs fails when a README's tables differ from the code.
import { join } from 'node:path';
import { TERRAFORM_ROOT } from './lib/hcl.mjs';
import { tables, writeTables } from './lib/readme.mjs';

for (const name of ['instrumentation', 'layer']) {
  const folder = join(TERRAFORM_ROOT, 'modules', name);
  if (process.argv.includes('--write')) {
    await writeTables(folder);
    console.log(`wrote the tables of modules/${name}/README.md`);
  } else {
    console.log(`## modules/${name}\n\n${await tables(folder)}\n`);
  }
}
