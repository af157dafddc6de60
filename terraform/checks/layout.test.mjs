// The layout of the modules and examples: the four files, every variable described and typed,
// every output described, and the modules' README tables equal to what the code declares.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TERRAFORM_ROOT, parseFile } from './lib/hcl.mjs';
import { currentTables, tables } from './lib/readme.mjs';

const folders = ['modules', 'examples'].flatMap((group) =>
  readdirSync(join(TERRAFORM_ROOT, group)).sort().map((name) => `${group}/${name}`));

/** Which top-level blocks each of the four files holds; anything else belongs in main.tf. */
const PLACE = { variable: 'variables.tf', output: 'outputs.tf', terraform: 'versions.tf', provider: 'versions.tf' };

describe('modules and examples', () => {
  test('are the two modules and the three examples', () => {
    assert.deepEqual(folders, [
      'modules/instrumentation', 'modules/layer',
      'examples/arm64-function', 'examples/http-api', 'examples/x86_64-function',
    ]);
  });

  for (const folder of folders) {
    describe(folder, () => {
      const path = join(TERRAFORM_ROOT, folder);

      test('has main.tf, variables.tf, outputs.tf, versions.tf and a README', () => {
        for (const file of ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf', 'README.md']) {
          assert.ok(existsSync(join(path, file)), `${folder}/${file} is missing`);
        }
      });

      test('keeps variables, outputs and versions in their own files', async () => {
        for (const file of readdirSync(path).filter((name) => name.endsWith('.tf'))) {
          for (const block of Object.keys(await parseFile(join(path, file)))) {
            const place = PLACE[block] ?? 'main.tf';
            assert.equal(file, place, `${folder}/${file} holds a ${block} block, which belongs in ${place}`);
          }
        }
      });

      test('describes and types every variable, and describes every output', async () => {
        const { variable = {} } = await parseFile(join(path, 'variables.tf'));
        const { output = {} } = await parseFile(join(path, 'outputs.tf'));
        assert.ok(Object.keys(output).length > 0, 'no output');
        for (const [name, [body]] of Object.entries(variable)) {
          assert.ok(body.description?.length > 10, `var.${name} has no description`);
          assert.ok(body.type, `var.${name} has no type`);
          assert.ok(Object.hasOwn(body, 'default') || body.validation || folder.startsWith('examples/'),
            `var.${name} has neither a default nor a validation`);
        }
        for (const [name, [body]] of Object.entries(output)) {
          assert.ok(body.description?.length > 10, `output.${name} has no description`);
        }
      });

      if (folder.startsWith('modules/')) {
        test('has README tables equal to its variables and outputs', async () => {
          const current = currentTables(path);
          assert.ok(current, `${folder}/README.md has no made tables`);
          assert.equal(current, await tables(path), `run node checks/readme-tables.mjs --write`);
        });
      }
    });
  }
});
