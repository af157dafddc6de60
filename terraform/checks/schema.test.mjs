// (2) Every resource and data source type, every argument and nested block set in them, and every
// attribute read from them exists in the AWS provider's schema, as @cdktf/provider-aws carries it;
// and every required argument is set.
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { describe, test } from 'node:test';
import { filesEndingWith, parseFile, shortPath } from './lib/hcl.mjs';
import { providerVersion, schemaOf } from './lib/provider-schema.mjs';

const META = new Set(['count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection']);

/** Problems of one block's body against its schema, with `where` naming the place. */
export function problems(body, schema, where) {
  const found = [];
  for (const [name, value] of Object.entries(body)) {
    if (META.has(name)) continue;
    if (name === 'dynamic') {
      for (const [block, [dynamic]] of Object.entries(value)) {
        const argument = schema.arguments[block];
        if (!argument?.block) found.push(`${where}: no nested block ${block} for a dynamic block`);
        else for (const content of dynamic.content ?? []) found.push(...problems(content, { ...argument.block, partial: true }, `${where}.${block}`));
      }
      continue;
    }
    const argument = schema.arguments[name];
    if (!argument) {
      found.push(`${where}: no argument ${name}`);
    } else if (argument.block && Array.isArray(value)) {
      value.forEach((item, i) => {
        if (item && typeof item === 'object' && !Array.isArray(item)) found.push(...problems(item, argument.block, `${where}.${name}[${i}]`));
      });
    }
  }
  if (!schema.partial) {
    for (const [name, argument] of Object.entries(schema.arguments)) {
      const given = Object.hasOwn(body, name) || Object.hasOwn(body.dynamic ?? {}, name);
      if (argument.required && !given) found.push(`${where}: the required argument ${name} is missing`);
    }
  }
  return found;
}

/** Every string in a hcl2json value, where references are written. */
function strings(value) {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

const files = filesEndingWith('.tf');
const parsed = await Promise.all(files.map(async (file) => ({ file, json: await parseFile(file) })));

describe(`the AWS provider's schema (hashicorp/aws ${providerVersion()}, from @cdktf/provider-aws)`, () => {
  let checked = 0;
  for (const { file, json } of parsed) {
    for (const kind of ['resource', 'data']) {
      for (const [type, blocks] of Object.entries(json[kind] ?? {})) {
        for (const [name, [body]] of Object.entries(blocks)) {
          const where = `${kind === 'data' ? 'data.' : ''}${type}.${name}`;
          checked += 1;
          test(`${shortPath(file)}: ${where} uses only what the provider declares`, () => {
            const schema = schemaOf(kind, type);
            assert.ok(schema, `the provider has no ${kind} ${type}`);
            assert.deepEqual(problems(body, schema, where), []);
          });
        }
      }
    }
  }

  for (const { file, json } of parsed) {
    // What the module (the file's folder) declares, which its references may read.
    const declared = new Set(parsed.filter((other) => dirname(other.file) === dirname(file)).flatMap(({ json: other }) =>
      ['resource', 'data'].flatMap((kind) => Object.keys(other[kind] ?? {}).map((type) => `${kind} ${type}`))));
    const references = new Set();
    for (const text of strings(json)) {
      for (const match of text.matchAll(/(?<![\w.])(data\.)?(aws_[a-z0-9_]+)\.([a-z_][a-z0-9_-]*)(\[[^\]]*\])?\.([a-z_][a-z0-9_]*)/g)) {
        references.add(`${match[1] ? 'data' : 'resource'} ${match[2]} ${match[5]}`);
      }
    }
    if (references.size === 0) continue;
    test(`${shortPath(file)}: reads only attributes the provider declares`, () => {
      for (const reference of references) {
        const [kind, type, attribute] = reference.split(' ');
        const schema = schemaOf(kind, type);
        assert.ok(schema, `the provider has no ${kind} ${type}`);
        assert.ok(schema.attributes.has(attribute), `${kind} ${type} has no attribute ${attribute}`);
        assert.ok(declared.has(`${kind} ${type}`), `${kind} ${type} is read but not declared in this module`);
      }
    });
  }

  test('covers the resources of the modules and examples', () => {
    assert.ok(checked >= 20, `checked ${checked} blocks`);
  });
});

describe('the schema check', () => {
  test('finds an unknown argument, a missing required one, and an unknown nested argument', () => {
    const schema = schemaOf('resource', 'aws_lambda_function');
    assert.deepEqual(problems({ function_name: 'f', role: 'r', runtimes: 'java21', environment: [{ vars: {} }] }, schema, 'f'), [
      'f: no argument runtimes',
      'f.environment[0]: no argument vars',
    ]);
    assert.deepEqual(problems({ function_name: 'f' }, schema, 'f'), ['f: the required argument role is missing']);
  });

  test('knows no made-up resource type, and no attribute a type lacks', () => {
    assert.equal(schemaOf('resource', 'aws_lambda_layer'), null);
    assert.equal(schemaOf('data', 'aws_lambda_layer_version_permission'), null);
    assert.ok(schemaOf('resource', 'aws_lambda_layer_version').attributes.has('layer_arn'));
    assert.ok(!schemaOf('resource', 'aws_lambda_layer_version').attributes.has('layer_version_arn'));
  });
});
