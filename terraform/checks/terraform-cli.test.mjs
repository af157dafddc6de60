// (4) Terraform itself, where it is installed: terraform fmt -check on every file, and in a copy of
// each module and example, terraform init, validate and (for the modules) test. init needs the
// AWS provider: from the registry, from a mirror set up in the Terraform CLI configuration, or
// from the folder LAMBDASCOPE_TF_PLUGIN_DIR names (a tree like
// registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/). Without terraform on PATH every
// check here is skipped, and where init cannot get the provider, validate and test are; each
// skip says why.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TERRAFORM_ROOT } from './lib/hcl.mjs';

const terraformFound = spawnSync('terraform', ['version'], { encoding: 'utf8' });
const TERRAFORM = terraformFound.status === 0 ? terraformFound.stdout.split('\n')[0] : null;
const NO_TERRAFORM = 'terraform is not on PATH';
const WORK = join(TERRAFORM_ROOT, 'target', 'terraform-cli');
const PLUGIN_DIR = process.env.LAMBDASCOPE_TF_PLUGIN_DIR;

function terraform(args, cwd) {
  const result = spawnSync('terraform', [...args, '-no-color'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' },
    timeout: 300_000,
  });
  return { ok: result.status === 0, output: `${result.stdout}\n${result.stderr}` };
}

/** The first error Terraform printed, with its first line of detail, for a skip's reason. */
function firstError(output) {
  const lines = output.split('\n').map((text) => text.replace(/^[│╷╵\s]*/, '').trim()).filter(Boolean);
  const at = lines.findIndex((text) => text.startsWith('Error:'));
  return at < 0 ? lines.pop() : lines.slice(at, at + 3).join(' ');
}

const folders = ['modules', 'examples'].flatMap((group) =>
  readdirSync(join(TERRAFORM_ROOT, group)).sort().map((name) => `${group}/${name}`));

describe(`terraform (${TERRAFORM ?? 'not installed'})`, { skip: TERRAFORM ? false : NO_TERRAFORM }, () => {
  test('fmt -check: every file is formatted as terraform fmt writes it', () => {
    const result = terraform(['fmt', '-check', '-recursive', '-diff', 'modules', 'examples'], TERRAFORM_ROOT);
    assert.ok(result.ok, `run terraform fmt -recursive in terraform/:\n${result.output}`);
  });

  // A copy, so that init's .terraform folders and lock files stay out of the source tree; modules
  // and examples side by side, as the examples' module sources expect.
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  for (const group of ['modules', 'examples']) cpSync(join(TERRAFORM_ROOT, group), join(WORK, group), { recursive: true });

  for (const folder of folders) {
    describe(folder, () => {
      const cwd = join(WORK, folder);
      let initError = null;

      test('init', (t) => {
        const args = ['init', '-backend=false', '-input=false'];
        if (PLUGIN_DIR) args.push(`-plugin-dir=${PLUGIN_DIR}`);
        const result = terraform(args, cwd);
        if (!result.ok) {
          initError = `terraform init could not get the AWS provider (${firstError(result.output)}); `
            + 'set LAMBDASCOPE_TF_PLUGIN_DIR to a folder of providers, or a mirror in the Terraform CLI configuration';
          t.skip(initError);
        }
      });

      test('validate', (t) => {
        if (initError) return t.skip(initError);
        const result = terraform(['validate'], cwd);
        assert.ok(result.ok, result.output);
        return undefined;
      });

      if (existsSync(join(TERRAFORM_ROOT, folder, 'tests'))) {
        test('test: the module\'s .tftest.hcl files', (t) => {
          if (initError) return t.skip(initError);
          const result = terraform(['test'], cwd);
          assert.ok(result.ok, result.output);
          assert.match(result.output, /Success! \d+ passed, 0 failed\./);
          return undefined;
        });
      }
    });
  }
});
