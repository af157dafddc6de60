// (3) The layer module's logic, planned by the evaluator: the layer versions it publishes, the
// grants it adds, its outputs and the checks of its inputs.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TERRAFORM_ROOT } from './lib/hcl.mjs';
import { ValidationError, loadModule, plan } from './lib/module.mjs';

const module = await loadModule(join(TERRAFORM_ROOT, 'modules', 'layer'));
const FIXTURES = join(module.dir, 'tests', 'fixtures');
const ZIPS = {
  x86_64: join(FIXTURES, 'lambdascope-extension-x86_64.zip'),
  arm64: join(FIXTURES, 'lambdascope-extension-arm64.zip'),
};

/** What Lambda answers when a layer version is published: its ARNs and its number. */
function published(type, name, key, args) {
  if (type !== 'aws_lambda_layer_version') return {};
  const layerArn = `arn:aws:lambda:eu-west-1:123456789012:layer:${args.layer_name}`;
  return { layer_arn: layerArn, arn: `${layerArn}:3`, version: '3' };
}

function planned(variables) {
  return plan(module, { variables: { zips: ZIPS, extension_version: '0.2.0', ...variables }, computed: published });
}

function instances(result, type) {
  return Object.fromEntries(result.resources().filter((resource) => resource.type === type).map((resource) => [resource.key, resource.values]));
}

describe('the layer versions', () => {
  test('are one per architecture, each declaring its architecture, the runtimes, the licence and the version', () => {
    const layers = instances(planned({}), 'aws_lambda_layer_version');
    assert.deepEqual(Object.keys(layers).sort(), ['arm64', 'x86_64']);
    for (const architecture of ['x86_64', 'arm64']) {
      const layer = layers[architecture];
      assert.equal(layer.layer_name, `lambdascope-${architecture}`);
      assert.equal(layer.filename, ZIPS[architecture]);
      assert.deepEqual(layer.compatible_architectures, [architecture]);
      assert.equal(layer.license_info, 'Apache-2.0');
      assert.equal(layer.description, `Lambdascope 0.2.0 (${architecture}): OpenTelemetry traces, metrics and logs for AWS Lambda`);
      assert.equal(layer.skip_destroy, true);
      assert.equal(layer.source_code_hash, createHash('sha256').update(readFileSync(ZIPS[architecture])).digest('base64'));
    }
  });

  test("declare the runtimes of the extension's layer.json by default", () => {
    const pom = readFileSync(join(TERRAFORM_ROOT, '..', 'extension', 'pom.xml'), 'utf8');
    const runtimes = JSON.parse(`[${/<lambdascope\.layer\.runtimes>(.*)<\/lambdascope\.layer\.runtimes>/.exec(pom)[1]}]`);
    assert.deepEqual(instances(planned({}), 'aws_lambda_layer_version').arm64.compatible_runtimes, runtimes);
  });

  test('are only those of the zips given', () => {
    const result = planned({ zips: { arm64: ZIPS.arm64 } });
    assert.deepEqual(Object.keys(instances(result, 'aws_lambda_layer_version')), ['arm64']);
    assert.deepEqual(result.outputs().layer_arns, { arm64: 'arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-arm64:3' });
  });

  test('are named after the prefix given', () => {
    assert.equal(instances(planned({ name: 'acme-lambdascope' }), 'aws_lambda_layer_version').x86_64.layer_name, 'acme-lambdascope-x86_64');
  });

  test('are the outputs, by architecture', () => {
    assert.deepEqual(planned({}).outputs(), {
      layer_arns: {
        x86_64: 'arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-x86_64:3',
        arm64: 'arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-arm64:3',
      },
      layer_versions: { x86_64: '3', arm64: '3' },
      extension_version: '0.2.0',
      compatible_runtimes: instances(planned({}), 'aws_lambda_layer_version').arm64.compatible_runtimes,
    });
  });
});

describe('the grants', () => {
  test('are none by default', () => {
    assert.deepEqual(instances(planned({}), 'aws_lambda_layer_version_permission'), {});
  });

  test('give each account, the organization and everyone each published version', () => {
    const grants = instances(planned({
      share_with_accounts: ['111122223333', '444455556666'],
      share_with_organization: 'o-a1b2c3d4e5',
      public: true,
    }), 'aws_lambda_layer_version_permission');
    const summary = Object.fromEntries(Object.entries(grants).map(([key, grant]) => [key, [grant.layer_name.split(':').pop(), grant.principal, grant.organization_id]]));
    assert.deepEqual(summary, {
      'arm64-account-111122223333': ['lambdascope-arm64', '111122223333', null],
      'arm64-account-444455556666': ['lambdascope-arm64', '444455556666', null],
      'arm64-organization': ['lambdascope-arm64', '*', 'o-a1b2c3d4e5'],
      'arm64-public': ['lambdascope-arm64', '*', null],
      'x86_64-account-111122223333': ['lambdascope-x86_64', '111122223333', null],
      'x86_64-account-444455556666': ['lambdascope-x86_64', '444455556666', null],
      'x86_64-organization': ['lambdascope-x86_64', '*', 'o-a1b2c3d4e5'],
      'x86_64-public': ['lambdascope-x86_64', '*', null],
    });
    for (const [key, grant] of Object.entries(grants)) {
      assert.equal(grant.statement_id, key);
      assert.equal(grant.action, 'lambda:GetLayerVersion');
      assert.equal(grant.version_number, '3');
      assert.equal(grant.skip_destroy, true);
    }
  });
});

describe('the checks of each input', () => {
  const variableError = (variables) => {
    try {
      planned(variables);
    } catch (error) {
      if (error instanceof ValidationError) return error;
      throw error;
    }
    return null;
  };

  const RULES = [
    ['zips', [{}, { amd64: ZIPS.x86_64 }], /give the x86_64 layer zip, the arm64 one, or both, as zips = \{ x86_64 = \.\.\., arm64 = \.\.\. \}, got the keys \[\]/, [{ arm64: ZIPS.arm64 }, ZIPS]],
    ['zips', [{ arm64: join(FIXTURES, 'missing.zip') }], /no layer zip at \[".*missing\.zip"\] \(build it with \.\/mvnw package, or download it from a release\)/, [{ x86_64: ZIPS.x86_64 }]],
    ['zips', [{ arm64: ZIPS.x86_64 }, { x86_64: ZIPS.arm64 }], /a zip is named for the other architecture: \{"arm64":".*lambdascope-extension-x86_64\.zip"\}/, [{ arm64: ZIPS.arm64 }]],
    ['extension_version', ['latest', 'v0.2.0'], /extension_version is a version such as 0\.2\.0, got 'latest'/, ['0.2.0', '0.1.0-SNAPSHOT']],
    ['compatible_runtimes', [[], Array.from({ length: 16 }, (_, i) => `python3.${i}`)], /lambda allows 1 to 15 compatible runtimes per layer, got 0/, [['java21'], Array.from({ length: 15 }, (_, i) => `python3.${i}`)]],
    ['name', ['lambda scope', '', 'a'.repeat(134)], /name must be letters, digits, - and _, at most 133 of them, got 'lambda scope'/, ['lambdascope', 'a'.repeat(133)]],
    ['share_with_accounts', [['1111-2222-3333'], ['11112222333']], /an account id has 12 digits, got \["1111-2222-3333"\]/, [['111122223333']]],
    ['share_with_organization', ['a1b2c3d4e5', 'o-abc'], /an organization id looks like o-a1b2c3d4e5, got 'a1b2c3d4e5'/, ['o-a1b2c3d4e5']],
  ];

  for (const [variable, bad, message, good] of RULES) {
    test(`${variable}: refuses ${bad.map((value) => JSON.stringify(value).replaceAll(FIXTURES, '…')).join(', ')}`, () => {
      for (const value of bad) {
        const error = variableError({ [variable]: value });
        assert.ok(error, `${variable} = ${JSON.stringify(value)} was accepted`);
        assert.ok(error.failures.every((f) => f.variable === variable && f.message.startsWith('lambdascope: ')), error.message);
      }
      assert.match(variableError({ [variable]: bad[0] }).failures[0].message, message);
    });

    test(`${variable}: accepts ${good.map((value) => JSON.stringify(value).replaceAll(FIXTURES, '…').slice(0, 60)).join(', ')}`, () => {
      for (const value of good) assert.equal(variableError({ [variable]: value }), null, `${variable} = ${JSON.stringify(value)}`);
    });
  }

  test('requires the zips and the extension version', () => {
    try {
      plan(module, { variables: {} });
      assert.fail('planned without zips');
    } catch (error) {
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(error.failures.map((f) => f.variable).sort(), ['extension_version', 'zips']);
    }
  });
});
