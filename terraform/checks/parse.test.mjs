// (1) Every Terraform file parses with HashiCorp's HCL parser.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from '@cdktf/hcl2json';
import { filesEndingWith, parseFile, shortPath } from './lib/hcl.mjs';

const files = filesEndingWith('.tf', '.tftest.hcl');

describe('every .tf and .tftest.hcl file parses with the HCL parser', () => {
  test('there are files to parse', () => {
    assert.ok(files.some((file) => file.endsWith('.tftest.hcl')));
    assert.ok(files.filter((file) => file.endsWith('.tf')).length >= 20, `found ${files.length}`);
  });

  for (const file of files) {
    test(shortPath(file), async () => {
      const json = await parseFile(file);
      assert.ok(Object.keys(json).length > 0, 'the file declares nothing');
    });
  }

  test('the parser refuses a file with a syntax error, naming the place', async () => {
    await assert.rejects(parse('broken.tf', 'locals {\n  a = merge({ b = 1 }\n}\n'), /broken\.tf:3,1-2: Missing argument separator/);
  });
});
