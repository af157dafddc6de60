// (3) The examples, planned whole by the evaluator with the modules they call: what each
// function ends up with (layers, environment, the role's policy) when composed with the module.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TERRAFORM_ROOT } from './lib/hcl.mjs';
import { loadModule, plan } from './lib/module.mjs';

const EXAMPLES = join(TERRAFORM_ROOT, 'examples');
const MANIFEST = join(TERRAFORM_ROOT, 'modules', 'instrumentation', 'tests', 'fixtures', 'layers.json');
const ZIPS = join(TERRAFORM_ROOT, 'modules', 'layer', 'tests', 'fixtures');
// Any file stands in for the function's package: the examples only hash it.
const PACKAGE = join(ZIPS, 'lambdascope-extension-arm64.zip');
const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:otlp-headers-AbCdEf';

const DATA = {
  'aws_region.current': { id: 'eu-west-1', name: 'eu-west-1', region: 'eu-west-1' },
  'aws_partition.current': { partition: 'aws' },
  'aws_caller_identity.current': { account_id: '123456789012' },
  'aws_iam_policy_document.assume_role': { json: '{"Statement":[{"Action":"sts:AssumeRole"}]}' },
};

/** The attributes AWS gives the examples' resources once created. */
function created(type, name, key, args) {
  const id = `${type}.${name}`;
  switch (type) {
    case 'aws_lambda_layer_version': {
      const layerArn = `arn:aws:lambda:eu-west-1:123456789012:layer:${args.layer_name}`;
      return { layer_arn: layerArn, arn: `${layerArn}:1`, version: '1' };
    }
    case 'aws_lambda_function':
      return {
        arn: `arn:aws:lambda:eu-west-1:123456789012:function:${args.function_name}`,
        invoke_arn: `arn:aws:apigateway:eu-west-1:lambda:path/functions/${args.function_name}/invocations`,
      };
    case 'aws_iam_role':
      return { id: args.name, arn: `arn:aws:iam::123456789012:role/${args.name}` };
    case 'aws_apigatewayv2_api':
      return { id: 'a1b2c3', execution_arn: 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3' };
    case 'aws_apigatewayv2_stage':
      return { invoke_url: 'https://a1b2c3.execute-api.eu-west-1.amazonaws.com/' };
    default:
      return { id };
  }
}

async function planExample(name, variables) {
  const folder = join(EXAMPLES, name);
  const result = plan(await loadModule(folder), { variables, data: DATA, computed: created, cwd: folder });
  const byAddress = Object.fromEntries(result.resources().map((resource) => [resource.address, resource.values]));
  return { outputs: result.outputs(), resources: byAddress };
}

describe('examples/arm64-function', () => {
  const variables = {
    function_zip: PACKAGE,
    lambdascope_manifest: MANIFEST,
    lambdascope_release: '0.2.0',
    otlp_endpoint: 'https://otlp.example.com',
    otlp_headers_secret_arn: SECRET,
    my_layers: ['arn:aws:lambda:eu-west-1:123456789012:layer:powertools:3'],
  };

  test("gives the function its own layers, then the release's arm64 layer of the region", async () => {
    const { resources, outputs } = await planExample('arm64-function', variables);
    const fn = resources['aws_lambda_function.this'];
    assert.deepEqual(fn.architectures, ['arm64']);
    assert.deepEqual(fn.layers, ['arn:aws:lambda:eu-west-1:123456789012:layer:powertools:3', 'arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-arm64:4']);
    assert.deepEqual(outputs.layers, fn.layers);
  });

  test("gives it Lambdascope's environment, its own variables kept", async () => {
    const { resources } = await planExample('arm64-function', variables);
    assert.deepEqual(resources['aws_lambda_function.this'].environment[0].variables, {
      AWS_LAMBDA_EXEC_WRAPPER: '/opt/lambdascope-wrapper',
      LAMBDASCOPE_EXPORT_ENDPOINT: 'https://otlp.example.com',
      LAMBDASCOPE_EXPORT_HEADERS_SECRET: SECRET,
      LAMBDASCOPE_SAMPLING: 'ratio:0.25',
      LOG_LEVEL: 'INFO',
      TABLE_NAME: 'orders',
    });
  });

  test('lets its role read the headers secret', async () => {
    const { resources } = await planExample('arm64-function', variables);
    const policy = resources['aws_iam_role_policy.lambdascope[0]'];
    assert.equal(policy.role, 'orders-arm64-role');
    assert.deepEqual(JSON.parse(policy.policy).Statement.map((statement) => statement.Resource), [[SECRET]]);
  });
});

describe('examples/x86_64-function', () => {
  const variables = {
    lambdascope_zips: { x86_64: join(ZIPS, 'lambdascope-extension-x86_64.zip') },
    lambdascope_version: '0.2.0',
    function_jar: PACKAGE,
    otlp_endpoint: 'https://otlp.example.com',
    otlp_headers_parameter: '/otlp/headers',
  };

  test('publishes the x86_64 layer and gives the function the version published', async () => {
    const { resources, outputs } = await planExample('x86_64-function', variables);
    assert.deepEqual(resources['aws_lambda_function.this'].layers, ['arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-x86_64:1']);
    assert.deepEqual(outputs.lambdascope_layer_arns, { x86_64: 'arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-x86_64:1' });
  });

  test('reads its headers from the parameter and adds its tags', async () => {
    const { resources } = await planExample('x86_64-function', variables);
    const environment = resources['aws_lambda_function.this'].environment[0].variables;
    assert.equal(environment.LAMBDASCOPE_EXPORT_HEADERS_SECRET, 'ssm:/otlp/headers');
    assert.equal(environment.LAMBDASCOPE_TAGS, 'true');
    assert.equal(environment.LAMBDASCOPE_FLUSH, 'end-of-invocation');
    assert.equal(environment.JAVA_TOOL_OPTIONS, '-XX:+TieredCompilation -XX:TieredStopAtLevel=1');
  });

  test('lets its role read the parameter and the tags of this function only', async () => {
    const { resources } = await planExample('x86_64-function', variables);
    const statements = JSON.parse(resources['aws_iam_role_policy.lambdascope[0]'].policy).Statement;
    assert.deepEqual(statements.map((statement) => statement.Resource), [
      ['arn:aws:ssm:eu-west-1:123456789012:parameter/otlp/headers'],
      ['arn:aws:lambda:eu-west-1:123456789012:function:payments-x86', 'arn:aws:lambda:eu-west-1:123456789012:function:payments-x86:*'],
    ]);
    assert.equal(resources['aws_lambda_function.this'].function_name, 'payments-x86');
  });
});

describe('examples/http-api', () => {
  const variables = {
    function_zip: PACKAGE,
    lambdascope_layer_arn: 'arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-arm64:4',
    otlp_endpoint: 'https://otlp.example.com',
  };

  test('instruments the function with the layer given and points its SDK at the extension', async () => {
    const { resources } = await planExample('http-api', variables);
    const fn = resources['aws_lambda_function.this'];
    assert.deepEqual(fn.layers, ['arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-arm64:4']);
    assert.deepEqual(fn.environment[0].variables, {
      AWS_LAMBDA_EXEC_WRAPPER: '/opt/lambdascope-wrapper',
      LAMBDASCOPE_EXPORT_ENDPOINT: 'https://otlp.example.com',
      LAMBDASCOPE_REDACT_QUERY: 'token',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318',
      OTEL_SERVICE_NAME: 'greeter',
    });
  });

  test('attaches no policy, as nothing needs one', async () => {
    const { resources } = await planExample('http-api', variables);
    assert.ok(!Object.keys(resources).some((address) => address.startsWith('aws_iam_role_policy.')));
  });

  test('routes the API to the function and lets API Gateway invoke it', async () => {
    const { resources, outputs } = await planExample('http-api', variables);
    assert.equal(resources['aws_apigatewayv2_integration.this'].integration_uri, 'arn:aws:apigateway:eu-west-1:lambda:path/functions/greeter-http-api/invocations');
    assert.equal(resources['aws_apigatewayv2_integration.this'].payload_format_version, '2.0');
    assert.equal(resources['aws_apigatewayv2_route.greet'].target, 'integrations/aws_apigatewayv2_integration.this');
    assert.equal(resources['aws_lambda_permission.api'].source_arn, 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3/*/*');
    assert.equal(outputs.url, 'https://a1b2c3.execute-api.eu-west-1.amazonaws.com/');
  });
});
