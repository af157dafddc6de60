// (3) The instrumentation module's logic, planned by the evaluator: the layer it picks, the
// environment it writes, the policy it grants and each check on its inputs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TERRAFORM_ROOT } from './lib/hcl.mjs';
import { PreconditionError, ValidationError, loadModule, plan } from './lib/module.mjs';

const module = await loadModule(join(TERRAFORM_ROOT, 'modules', 'instrumentation'));
const MANIFEST = join(module.dir, 'tests', 'fixtures', 'layers.json');
const ARN = (region, architecture, version) => `arn:aws:lambda:${region}:123456789012:layer:lambdascope-${architecture}:${version}`;
const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:otlp-headers-AbCdEf';
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const WRAPPER = { AWS_LAMBDA_EXEC_WRAPPER: '/opt/lambdascope-wrapper' };

function account({ region = 'eu-west-1', partition = 'aws', accountId = '123456789012' } = {}) {
  return {
    'aws_region.current': { id: region, name: region, region },
    'aws_partition.current': { partition },
    'aws_caller_identity.current': { account_id: accountId },
  };
}

const FROM_MANIFEST = { architecture: 'arm64', runtime: 'python3.13', manifest_path: MANIFEST, manifest_release: '0.2.0' };
const BY_ARN = { architecture: 'arm64', runtime: 'python3.13', layer_arn: ARN('eu-west-1', 'arm64', 4) };

/** Every output of a plan with these inputs. */
function outputs(variables, where = {}) {
  return plan(module, { variables, data: account(where) }).outputs();
}

/** The failure (a variable's validation or an output's precondition) of a plan with these inputs. */
function failure(variables, where = {}) {
  try {
    outputs(variables, where);
  } catch (error) {
    if (error instanceof ValidationError || error instanceof PreconditionError) return error;
    throw error;
  }
  return assert.fail(`expected the plan to fail with ${JSON.stringify(variables)}`);
}

describe('the layer', () => {
  test("is the release's layer of the provider's region and the function's architecture", () => {
    assert.deepEqual(outputs(FROM_MANIFEST).layers, [ARN('eu-west-1', 'arm64', 4)]);
    assert.deepEqual(outputs({ ...FROM_MANIFEST, architecture: 'x86_64' }).layers, [ARN('eu-west-1', 'x86_64', 4)]);
    assert.deepEqual(outputs({ ...FROM_MANIFEST, architecture: 'x86_64' }, { region: 'us-east-1' }).layers, [ARN('us-east-1', 'x86_64', 6)]);
    assert.deepEqual(outputs({ ...FROM_MANIFEST, manifest_release: '0.1.0' }).layers, [ARN('eu-west-1', 'arm64', 2)]);
  });

  test("is the layer module's entry for the function's architecture", () => {
    const layerArns = { x86_64: ARN('eu-west-1', 'x86_64', 9), arm64: ARN('eu-west-1', 'arm64', 9) };
    assert.deepEqual(outputs({ architecture: 'arm64', runtime: 'java21', layer_arns: layerArns }).layers, [layerArns.arm64]);
    assert.deepEqual(outputs({ architecture: 'x86_64', runtime: 'java21', layer_arns: layerArns }).layers, [layerArns.x86_64]);
  });

  test('is the layer ARN given', () => {
    assert.deepEqual(outputs(BY_ARN).layers, [ARN('eu-west-1', 'arm64', 4)]);
  });

  test('fails without a layer source, or with two', () => {
    assert.match(failure({ architecture: 'arm64', runtime: 'java21' }).message,
      /^output\.layers: lambdascope: give exactly one layer source \(layer_arn, layer_arns, or manifest_path with manifest_release\), got none\.$/);
    assert.match(failure({ ...FROM_MANIFEST, layer_arn: ARN('eu-west-1', 'arm64', 4) }).message, /got layer_arn and manifest_path\.$/);
    assert.match(failure({ ...BY_ARN, layer_arns: { arm64: ARN('eu-west-1', 'arm64', 5) } }).message, /got layer_arn and layer_arns\.$/);
  });

  test('fails with a manifest and no release, or a release and no manifest', () => {
    const message = /lambdascope: manifest_path and manifest_release go together/;
    assert.match(failure({ ...FROM_MANIFEST, manifest_release: null }).message, message);
    assert.match(failure({ ...BY_ARN, manifest_release: '0.2.0' }).message, message);
  });

  test('fails on a release the manifest does not list, naming those it does', () => {
    assert.match(failure({ ...FROM_MANIFEST, manifest_release: '9.9.9' }).message,
      /lambdascope: the layer manifest has no release '9\.9\.9'; it lists \["0\.2\.0","0\.1\.0"\]\.$/);
  });

  test('fails when the release has no layer of the architecture in the region', () => {
    assert.match(failure(FROM_MANIFEST, { region: 'us-east-1' }).message,
      /lambdascope: release 0\.2\.0 has no arm64 layer in us-east-1; it has arm64 layers in \["eu-west-1"\]\.$/);
    assert.match(failure(FROM_MANIFEST, { region: 'ap-south-1' }).message, /has no arm64 layer in ap-south-1/);
  });

  test('fails on a runtime the release does not list', () => {
    assert.match(failure({ ...FROM_MANIFEST, manifest_release: '0.1.0', runtime: 'nodejs22.x' }).message,
      /lambdascope: release 0\.1\.0 does not list the runtime nodejs22\.x; its layers are for \["java21","python3\.13"\]\.$/);
  });

  test('fails on a manifest of another schema version', (t) => {
    const folder = mkdtempSync(join(tmpdir(), 'lambdascope-manifest-'));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    const path = join(folder, 'layers.json');
    writeFileSync(path, JSON.stringify({ schemaVersion: 2, name: 'lambdascope', releases: [] }));
    assert.match(failure({ ...FROM_MANIFEST, manifest_path: path }).message,
      /lambdascope: .*layers\.json has schemaVersion 2; this module reads schemaVersion 1\.$/);
  });

  test('fails when the layer module published no layer of the architecture', () => {
    assert.match(failure({ architecture: 'arm64', runtime: 'java21', layer_arns: { x86_64: ARN('eu-west-1', 'x86_64', 9) } }).message,
      /lambdascope: layer_arns has no arm64 layer, and the function is arm64; publish the arm64 zip with the layer module\.$/);
  });

  test("fails on a layer of another region than the provider's", () => {
    assert.match(failure({ ...BY_ARN, layer_arn: ARN('us-east-1', 'arm64', 4) }).message,
      /lambdascope: the layer arn:aws:lambda:us-east-1:123456789012:layer:lambdascope-arm64:4 is in us-east-1, and lambda takes layers of the function's region only \(eu-west-1\)\.$/);
  });

  test('fails on a layer named for the other architecture', () => {
    assert.match(failure({ ...BY_ARN, layer_arn: ARN('eu-west-1', 'x86_64', 4) }).message,
      /lambdascope: the layer arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-x86_64:4 is named for x86_64, and the function is arm64\.$/);
    assert.deepEqual(outputs({ ...BY_ARN, layer_arn: 'arn:aws:lambda:eu-west-1:123456789012:layer:observability:7' }).layers,
      ['arn:aws:lambda:eu-west-1:123456789012:layer:observability:7']);
  });
});

describe('the environment', () => {
  test('is the wrapper alone when no option is set, so that the extension defaults apply', () => {
    assert.deepEqual(outputs(BY_ARN).environment, WRAPPER);
    assert.equal(outputs(BY_ARN).exec_wrapper, '/opt/lambdascope-wrapper');
  });

  test('leaves the wrapper out on provided.* runtimes, and only there', () => {
    for (const runtime of ['provided.al2023', 'provided.al2', 'provided']) {
      const result = outputs({ ...BY_ARN, runtime, log_level: 'debug' });
      assert.deepEqual(result.environment, { LAMBDASCOPE_LOG_LEVEL: 'debug' }, runtime);
      assert.equal(result.exec_wrapper, null);
    }
    for (const runtime of ['java25', 'nodejs22.x', 'python3.13', 'ruby3.4', 'dotnet8']) {
      assert.equal(outputs({ ...BY_ARN, runtime }).environment.AWS_LAMBDA_EXEC_WRAPPER, '/opt/lambdascope-wrapper', runtime);
    }
  });

  const OPTIONS = [
    ['export_endpoint', 'https://otlp.example.com:4318', 'LAMBDASCOPE_EXPORT_ENDPOINT', 'https://otlp.example.com:4318'],
    ['export_protocol', 'http/json', 'LAMBDASCOPE_EXPORT_PROTOCOL', 'http/json'],
    ['export_headers_secret_arn', SECRET, 'LAMBDASCOPE_EXPORT_HEADERS_SECRET', SECRET],
    ['export_headers_parameter_name', '/otlp/headers', 'LAMBDASCOPE_EXPORT_HEADERS_SECRET', 'ssm:/otlp/headers'],
    ['export_compression', 'none', 'LAMBDASCOPE_EXPORT_COMPRESSION', 'none'],
    ['export_timeout_ms', 2500, 'LAMBDASCOPE_EXPORT_TIMEOUT_MS', '2500'],
    ['flush', 'end-of-invocation', 'LAMBDASCOPE_FLUSH', 'end-of-invocation'],
    ['flush_interval_ms', 1000000, 'LAMBDASCOPE_FLUSH_INTERVAL_MS', '1000000'],
    ['overhead_budget_ms', 0, 'LAMBDASCOPE_OVERHEAD_BUDGET_MS', '0'],
    ['capture', false, 'LAMBDASCOPE_CAPTURE', 'false'],
    ['capture_bodies', true, 'LAMBDASCOPE_CAPTURE_BODIES', 'true'],
    ['capture_body_max_bytes', 4096, 'LAMBDASCOPE_CAPTURE_BODY_MAX_BYTES', '4096'],
    ['redact_headers', ['x-tenant', 'x-user-token'], 'LAMBDASCOPE_REDACT_HEADERS', 'x-tenant,x-user-token'],
    ['redact_query', ['token', 'sig'], 'LAMBDASCOPE_REDACT_QUERY', 'token,sig'],
    ['redact_attributes', '^user\\.(email|phone)$', 'LAMBDASCOPE_REDACT_ATTRIBUTES', '^user\\.(email|phone)$'],
    ['sampling', 'ratio:0.25', 'LAMBDASCOPE_SAMPLING', 'ratio:0.25'],
    ['service_name', 'orders', 'LAMBDASCOPE_SERVICE_NAME', 'orders'],
    ['log_level', 'trace', 'LAMBDASCOPE_LOG_LEVEL', 'trace'],
    ['otlp_receiver', false, 'LAMBDASCOPE_OTLP_RECEIVER', 'false'],
    ['configure_function_sdk', true, 'OTEL_EXPORTER_OTLP_ENDPOINT', 'http://localhost:4318'],
  ];
  for (const [option, value, variable, expected] of OPTIONS) {
    test(`writes ${option} as ${variable}=${expected}, and nothing else`, () => {
      assert.deepEqual(outputs({ ...BY_ARN, [option]: value }).environment, { ...WRAPPER, [variable]: expected });
    });
  }

  test('writes function_tags as LAMBDASCOPE_TAGS=true', () => {
    assert.deepEqual(outputs({ ...BY_ARN, function_tags: true, function_name: 'orders' }).environment, { ...WRAPPER, LAMBDASCOPE_TAGS: 'true' });
    assert.deepEqual(outputs({ ...BY_ARN, function_tags: false }).environment, WRAPPER);
  });

  test('writes nothing for empty name lists', () => {
    assert.deepEqual(outputs({ ...BY_ARN, redact_headers: [], redact_query: [] }).environment, WRAPPER);
  });

  test("lets the function's own variables win over the options", () => {
    const environment = {
      LAMBDASCOPE_FLUSH: 'periodic',
      LAMBDASCOPE_SAMPLING: 'all',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4317',
      TABLE_NAME: 'orders',
    };
    const result = outputs({ ...BY_ARN, flush: 'continuous', sampling: 'ratio:0.5', configure_function_sdk: true, log_level: 'warn', environment });
    assert.deepEqual(result.environment, { ...WRAPPER, ...environment, LAMBDASCOPE_LOG_LEVEL: 'warn' });
  });

  test("keeps the function's own variables on provided.* runtimes too", () => {
    assert.deepEqual(outputs({ ...BY_ARN, runtime: 'provided.al2023', environment: { A: '1' } }).environment, { A: '1' });
  });

  test('fails with the headers as a secret and as a parameter', () => {
    assert.match(failure({ ...BY_ARN, export_headers_secret_arn: SECRET, export_headers_parameter_name: '/otlp/headers' }).message,
      /^output\.environment: lambdascope: give the export headers as a secret or as a parameter, not both\.$/);
  });
});

describe('the policy', () => {
  const statements = (variables, where) => JSON.parse(outputs({ ...BY_ARN, ...variables }, where).policy_json).Statement;

  test('is null when the options need nothing', () => {
    const result = outputs({ ...BY_ARN, export_endpoint: 'https://otlp.example.com', sampling: 'all', function_tags: false });
    assert.equal(result.policy_json, null);
    assert.equal(result.policy_required, false);
  });

  test('reads the headers secret, and nothing else', () => {
    const result = outputs({ ...BY_ARN, export_headers_secret_arn: SECRET });
    assert.equal(result.policy_required, true);
    assert.deepEqual(JSON.parse(result.policy_json), {
      Version: '2012-10-17',
      Statement: [{ Sid: 'LambdascopeReadExportHeadersSecret', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [SECRET] }],
    });
  });

  test('decrypts with the KMS key given', () => {
    assert.deepEqual(statements({ export_headers_secret_arn: SECRET, export_headers_kms_key_arn: KEY }).map((statement) => [statement.Action, statement.Resource]), [
      [['secretsmanager:GetSecretValue'], [SECRET]],
      [['kms:Decrypt'], [KEY]],
    ]);
  });

  test("reads the headers parameter by its ARN in the provider's partition, region and account", () => {
    assert.deepEqual(statements({ export_headers_parameter_name: '/otlp/headers' }),
      [{ Sid: 'LambdascopeReadExportHeadersParameter', Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: ['arn:aws:ssm:eu-west-1:123456789012:parameter/otlp/headers'] }]);
    const china = { region: 'cn-north-1', partition: 'aws-cn', accountId: '210987654321' };
    assert.deepEqual(statements({ ...BY_ARN, layer_arn: 'arn:aws-cn:lambda:cn-north-1:210987654321:layer:lambdascope-arm64:1', export_headers_parameter_name: 'otlp-headers' }, china)[0].Resource,
      ['arn:aws-cn:ssm:cn-north-1:210987654321:parameter/otlp-headers']);
  });

  test('reads the tags of the named function, its versions and aliases, and no other', () => {
    assert.deepEqual(statements({ function_tags: true, function_name: 'orders' }), [{
      Sid: 'LambdascopeReadFunctionTags',
      Effect: 'Allow',
      Action: ['lambda:GetFunction', 'lambda:ListTags'],
      Resource: ['arn:aws:lambda:eu-west-1:123456789012:function:orders', 'arn:aws:lambda:eu-west-1:123456789012:function:orders:*'],
    }]);
  });

  test('grants nothing for a function name without tags', () => {
    assert.equal(outputs({ ...BY_ARN, function_name: 'orders' }).policy_json, null);
  });

  test('fails on tags without a function name', () => {
    assert.match(failure({ ...BY_ARN, function_tags: true }).message,
      /^output\.policy_json: lambdascope: function_tags needs function_name, so that the policy grants reading the tags of that function alone\.$/);
  });

  test('fails on a KMS key without a secret or a parameter', () => {
    assert.match(failure({ ...BY_ARN, export_headers_kms_key_arn: KEY }).message,
      /lambdascope: export_headers_kms_key_arn decrypts the headers' secret or parameter; give export_headers_secret_arn or export_headers_parameter_name too\.$/);
  });
});

describe('the checks of each input', () => {
  const variableError = (variables) => {
    try {
      plan(module, { variables: { ...BY_ARN, ...variables }, data: account() });
    } catch (error) {
      if (error instanceof ValidationError) return error;
      throw error;
    }
    return null;
  };

  // [variable, bad values, the message for the first one, good values]
  const RULES = [
    ['architecture', ['amd64', 'ARM64', ''], /architecture must be x86_64 or arm64, got 'amd64'/, ['x86_64', 'arm64']],
    ['runtime', ['Java 21', '', '21'], /runtime must be a lambda runtime such as java21, python3\.13 or provided\.al2023, got 'Java 21' \(a container image function takes no layers/, ['java21', 'nodejs22.x', 'provided.al2023', 'dotnet8']],
    ['function_name', ['my function', 'a'.repeat(65), 'arn:aws:lambda:eu-west-1:123456789012:function:f'], /function_name must be a lambda function name .*, got 'my function'/, ['orders', 'orders-v2_blue', 'a'.repeat(64)]],
    ['environment', [{ AWS_LAMBDA_EXEC_WRAPPER: '/opt/otel-instrument' }], /the function already has the exec wrapper '\/opt\/otel-instrument', and lambdascope needs its own \(\/opt\/lambdascope-wrapper\)/, [{}, { AWS_LAMBDA_EXEC_WRAPPER: '/opt/lambdascope-wrapper', A: 'b' }]],
    ['layer_arn', ['arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-arm64', 'lambdascope-arm64:4'], /not a layer version arn: 'arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-arm64'/, [ARN('eu-west-1', 'arm64', 12)]],
    ['layer_arns', [{ amd64: ARN('eu-west-1', 'x86_64', 1) }], /layer_arns maps x86_64 and arm64 to layer version arns, got the keys \["amd64"\]/, [{ arm64: ARN('eu-west-1', 'arm64', 1) }]],
    ['layer_arns', [{ arm64: 'lambdascope-arm64' }], /layer_arns holds layer version arns, got \{"arm64":"lambdascope-arm64"\}/, [{ x86_64: ARN('eu-west-1', 'x86_64', 1), arm64: ARN('eu-west-1', 'arm64', 1) }]],
    ['manifest_path', ['no/such/layers.json'], /no layer manifest at 'no\/such\/layers\.json'/, [MANIFEST]],
    ['manifest_release', ['v0.2', 'latest'], /manifest_release is a release version such as 0\.2\.0, got 'v0\.2'/, ['0.2.0', '1.0.0-rc.1']],
    ['export_endpoint', ['otlp.example.com:4318', 'ftp://otlp.example.com', 'https://', 'https:// example.com'], /the export endpoint must be an http\(s\) url, got 'otlp\.example\.com:4318'/, ['https://otlp.example.com', 'http://collector:4318/otlp', 'http://[fd00::1]:4318', 'http://localhost:4319', 'https://api.example.com/otlp?tenant=a']],
    ['export_endpoint', ['http://localhost:4318', 'http://127.0.0.1:4317/', 'https://[::1]:4318/v1'], /the export endpoint 'http:\/\/localhost:4318' is the extension's own otlp receiver; give your backend's url/, ['http://localhost:14318']],
    ['export_protocol', ['grpc', 'protobuf'], /export_protocol must be http\/protobuf or http\/json, got 'grpc'/, ['http/protobuf', 'http/json']],
    ['export_headers_secret_arn', ['otlp/headers', 'arn:aws:ssm:eu-west-1:123456789012:parameter/otlp'], /export_headers_secret_arn must be a secrets manager secret arn, got 'otlp\/headers'/, [SECRET]],
    ['export_headers_parameter_name', ['arn:aws:ssm:eu-west-1:123456789012:parameter/otlp', 'otlp headers', 'otlp//headers'], /export_headers_parameter_name must be an ssm parameter name such as \/otlp\/headers, got 'arn:aws:ssm/, ['/otlp/headers', 'otlp-headers', '/a/b.c/d_e']],
    ['export_headers_kms_key_arn', ['alias/otlp', 'arn:aws:kms:eu-west-1:123456789012:alias/otlp'], /export_headers_kms_key_arn must be a kms key arn .*, got 'alias\/otlp'/, [KEY]],
    ['export_compression', ['zstd'], /export_compression must be gzip or none, got 'zstd'/, ['gzip', 'none']],
    ['export_timeout_ms', [0, 60001, 1.5], /the export timeout must be a whole number of milliseconds between 1 and 60000, got 0/, [1, 2000, 60000]],
    ['flush', ['sometimes', 'end_of_invocation'], /flush must be adaptive, end-of-invocation, periodic or continuous, got 'sometimes'/, ['adaptive', 'end-of-invocation', 'periodic', 'continuous']],
    ['flush_interval_ms', [0, 3600001], /the flush interval must be a whole number of milliseconds between 1 and 3600000, got 0/, [1, 3600000]],
    ['overhead_budget_ms', [60001, -1, 2.5], /the overhead budget must be a whole number of milliseconds between 0 and 60000, got 60001/, [0, 50, 60000]],
    ['capture_body_max_bytes', [0, 1048577], /the body capture cap must be a whole number of bytes between 1 and 1048576, got 0/, [1, 8192, 1048576]],
    ['redact_headers', [['x-a,x-b'], ['x a']], /redact_headers holds header names, without commas or spaces, got \["x-a,x-b"\]/, [['x-tenant', 'X-Api-Token']]],
    ['redact_query', [['a,b'], ['a b']], /redact_query holds parameter names, without commas or spaces, got \["a,b"\]/, [['token', 'sig']]],
    ['redact_attributes', [''], /redact_attributes must not be empty/, ['^user\\.', '(?i)secret']],
    ['sampling', ['ratio:1.5', 'ratio:-0.1', 'ratio:', 'ratio:abc', 'some', 'ALL'], /sampling must be all, follow-xray or ratio:<r> with r from 0 to 1, got 'ratio:1\.5'/, ['all', 'follow-xray', 'ratio:0', 'ratio:1', 'ratio:0.25', 'ratio:.5', 'ratio:1.0']],
    ['service_name', ['  ', ''], /service_name must not be blank/, ['orders']],
    ['log_level', ['verbose', 'INFO'], /log_level must be error, warn, info, debug, trace or off, got 'verbose'/, ['error', 'warn', 'info', 'debug', 'trace', 'off']],
  ];

  for (const [variable, bad, message, good] of RULES) {
    test(`${variable}: refuses ${bad.map((value) => JSON.stringify(value)).join(', ')}`, () => {
      for (const value of bad) {
        const error = variableError({ [variable]: value });
        assert.ok(error, `${variable} = ${JSON.stringify(value)} was accepted`);
        assert.deepEqual(error.failures.map((f) => f.variable), [variable], `${variable} = ${JSON.stringify(value)}`);
        assert.match(error.failures[0].message, /^lambdascope: /);
      }
      assert.match(variableError({ [variable]: bad[0] }).failures[0].message, message);
    });

    test(`${variable}: accepts ${good.map((value) => JSON.stringify(value)).join(', ')}`, () => {
      for (const value of good) assert.equal(variableError({ [variable]: value }), null, `${variable} = ${JSON.stringify(value)}`);
    });
  }

  test('refuses values of the wrong type', () => {
    assert.match(variableError({ capture: 'yes' }).message, /var\.capture: invalid value/);
    assert.match(variableError({ export_timeout_ms: 'soon' }).message, /var\.export_timeout_ms: invalid value/);
    assert.match(variableError({ environment: { A: ['b'] } }).message, /var\.environment: invalid value/);
  });

  test('converts values as Terraform does', () => {
    assert.equal(outputs({ ...BY_ARN, export_timeout_ms: '2500', capture: 'false' }).environment.LAMBDASCOPE_EXPORT_TIMEOUT_MS, '2500');
    assert.equal(outputs({ ...BY_ARN, capture: 'false' }).environment.LAMBDASCOPE_CAPTURE, 'false');
  });

  test('requires the architecture and the runtime', () => {
    const error = (() => {
      try {
        plan(module, { variables: { layer_arn: ARN('eu-west-1', 'arm64', 4) }, data: account() });
      } catch (e) {
        return e;
      }
      return null;
    })();
    assert.ok(error instanceof ValidationError);
    assert.deepEqual(error.failures.map((f) => f.variable).sort(), ['architecture', 'runtime']);
  });

  test('treats null as the default for lists and maps that cannot be null', () => {
    assert.deepEqual(outputs({ ...BY_ARN, environment: null, redact_headers: null, layer_arns: null }).environment, WRAPPER);
  });
});
