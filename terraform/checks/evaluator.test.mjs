// The evaluator keeps Terraform's rules where the modules' logic depends on them, so that a
// module expression that Terraform would refuse is refused here too.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { quotedTemplate } from './lib/hcl.mjs';
import { EvalError, StaticError, compileJson, compileSource, evaluate } from './lib/expressions.mjs';
import { ValidationError, loadModule, plan } from './lib/module.mjs';

const VARIABLES = { x: null, s: 'abc', n: 2, l: ['b', 'a'], m: { b: 2, a: 1 } };
const scope = {
  isNamespace: (root) => root === 'var',
  lookup: (root, name) => {
    if (!Object.hasOwn(VARIABLES, name)) throw new StaticError(`no variable ${name}`);
    return VARIABLES[name];
  },
  resolve: (name) => {
    if (name === '__cwd') return process.cwd();
    throw new StaticError(`unknown name ${name}`);
  },
};
const value = async (source) => evaluate(await compileSource(source), scope);

describe('the evaluator', () => {
  test("evaluates both results of a conditional and reports the chosen one's error only", async () => {
    assert.equal(await value('var.x == null ? "none" : "x=${var.x}"'), 'none');
    await assert.rejects(value('var.x != null ? "none" : "x=${var.x}"'), EvalError);
  });

  test('unifies the results of a conditional as Terraform does', async () => {
    assert.equal(await value('true ? 5 : "five"'), '5');
    await assert.rejects(value('true ? "a" : ["a"]'), /inconsistent conditional result types/);
    assert.deepEqual(await value('false ? null : { a = 1 }'), { a: 1 });
  });

  test('does not short-circuit && and ||', async () => {
    await assert.rejects(value('var.x == null || length(var.x) > 0'), /argument 1 of length\(\) must not be null/);
    await assert.rejects(value('false && var.x'), EvalError);
  });

  test('refuses a null in a string template, and returns "${x}" as x itself', async () => {
    await assert.rejects(value('"a${var.x}"'), /null/);
    assert.equal(await value('"${var.x}"'), null);
    assert.equal(await value('"${var.n}"'), 2);
    assert.equal(await value('"n=${var.n}, ${true}"'), 'n=2, true');
  });

  test('refuses null arguments where Terraform functions do', async () => {
    await assert.rejects(value('startswith(var.x, "p")'), /must not be null/);
    await assert.rejects(value('contains(["a"], var.x)'), /must not be null/);
    await assert.rejects(value('join(",", ["a", var.x])'), /element 1 of join\(\) is null/);
    assert.equal(await value('tostring(var.x)'), null);
    assert.equal(await value('lookup({}, "k", null)'), null);
    assert.equal(await value('coalesce(var.x, "d")'), 'd');
    assert.deepEqual(await value('merge(null, { a = 1 }, { a = 2, b = 3 })'), { a: 2, b: 3 });
  });

  test('catches errors in can() and try(), and never a mistake in the configuration', async () => {
    assert.equal(await value('can(regex("^a", "b"))'), false);
    assert.equal(await value('can(regex("^a", "abc"))'), true);
    assert.equal(await value('try(var.l[5], "none")'), 'none');
    await assert.rejects(value('can(var.undeclared)'), StaticError);
    await assert.rejects(value('can(nosuchfunction("a"))'), StaticError);
  });

  test('iterates maps by key, and reads bare object keys as names', async () => {
    assert.deepEqual(await value('[for k, v in var.m : "${k}=${v}"]'), ['a=1', 'b=2']);
    assert.deepEqual(await value('{ for i, v in var.l : v => i if v != "b" }'), { a: 1 });
    assert.deepEqual(await value('{ s = var.s, "q r" = 1, (var.s) = 2 }'), { s: 'abc', 'q r': 1, abc: 2 });
    assert.deepEqual(await value('keys({ zed = 1, alpha = 2 })'), ['alpha', 'zed']);
  });

  test("returns regex() results as Terraform's regex does", async () => {
    assert.equal(await value('regex("[a-z]+", "12abc3")'), 'abc');
    assert.deepEqual(await value('regex("(\\\\d+)-(\\\\d+)", "10-20")'), ['10', '20']);
    await assert.rejects(value('regex("x", "abc")'), /did not match/);
  });

  test('encodes JSON as Terraform does: keys sorted, <, > and & escaped', async () => {
    assert.equal(await value('jsonencode({ b = [1, "<&>"], a = null })'), '{"a":null,"b":[1,"\\u003c\\u0026\\u003e"]}');
  });

  test('indexes strictly', async () => {
    await assert.rejects(value('var.l[2]'), /out of range/);
    await assert.rejects(value('var.m["c"]'), /does not identify an element/);
    await assert.rejects(value('var.x.attribute'), /of null/);
    assert.equal(await value('split(":", "a:b:c")[2]'), 'c');
  });

  test("reads hcl2json's strings back as the templates they were", async () => {
    assert.equal(quotedTemplate('x"y ${merge({ a = "1" })} $${lit}\n'), '"x\\"y ${merge({ a = "1" })} $${lit}\\n"');
    assert.equal(evaluate(await compileJson('say "${var.s}" $${not} \\ end\n'), scope), 'say "abc" ${not} \\ end\n');
  });
});

describe('planning a module', () => {
  const folders = [];
  after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  async function moduleOf(files) {
    const folder = mkdtempSync(join(tmpdir(), 'lambdascope-module-'));
    folders.push(folder);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    return loadModule(folder);
  }

  test('lets a validation name its own variable only, as Terraform before 1.9', async () => {
    const module = await moduleOf({
      'variables.tf': `
        variable "a" {
          type = string
          validation {
            condition     = var.a != var.b
            error_message = "a and b differ."
          }
        }
        variable "b" {
          type = string
        }`,
    });
    assert.throws(() => plan(module, { variables: { a: '1', b: '2' } }), /may refer to var\.a only, not var\.b/);
  });

  test('refuses an input the module does not declare, and converts to the declared types', async () => {
    const module = await moduleOf({
      'variables.tf': 'variable "n" {\n  type = number\n}\nvariable "m" {\n  type = map(string)\n  default = {}\n  nullable = false\n}\n',
      'outputs.tf': 'output "o" {\n  value = { n = var.n + 1, m = var.m }\n}\n',
    });
    assert.throws(() => plan(module, { variables: { n: 1, typo: 2 } }), /no variable named typo/);
    assert.deepEqual(plan(module, { variables: { n: '41', m: { a: 1 } } }).outputs(), { o: { n: 42, m: { a: '1' } } });
    assert.deepEqual(plan(module, { variables: { n: 0, m: null } }).outputs(), { o: { n: 1, m: {} } });
    assert.throws(() => plan(module, { variables: { n: 'many' } }), ValidationError);
  });

  test('checks an output precondition before its value', async () => {
    const module = await moduleOf({
      'main.tf': 'variable "v" {\n  type = string\n  default = null\n}\n',
      'outputs.tf': 'output "o" {\n  value = upper(var.v)\n  precondition {\n    condition     = var.v != null\n    error_message = "v is needed."\n  }\n}\n',
    });
    assert.throws(() => plan(module, {}).outputs(), /output\.o: v is needed\./);
    assert.throws(() => plan(module, { variables: { v: 'a' } }).outputs(), /the function upper\(\) is not covered/);
  });
});
