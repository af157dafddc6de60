// Reading Terraform files with HashiCorp's HCL parser (compiled to WebAssembly in @cdktf/hcl2json):
// whole files become JSON, and each expression in them becomes the parser's own syntax tree.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getExpressionAst, parse } from '@cdktf/hcl2json';

/** The terraform/ folder. */
export const TERRAFORM_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every file under terraform/ whose name ends with one of the suffixes, node_modules and .terraform left out. */
export function filesEndingWith(...suffixes) {
  const found = [];
  const walk = (folder) => {
    for (const name of readdirSync(folder).sort()) {
      if (name === 'node_modules' || name === '.terraform' || name === 'target' || name.startsWith('.')) continue;
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (suffixes.some((suffix) => name.endsWith(suffix))) found.push(path);
    }
  };
  walk(TERRAFORM_ROOT);
  return found;
}

/** A path relative to terraform/, for messages. */
export function shortPath(path) {
  return relative(TERRAFORM_ROOT, path);
}

/** The file as hcl2json's JSON: blocks as arrays of objects, expressions as "${...}" strings. */
export async function parseFile(path) {
  return parse(path, readFileSync(path, 'utf8'));
}

const asts = new Map();

/** The parser's syntax tree of one expression's source text. */
export async function expressionAst(source) {
  if (!asts.has(source)) {
    asts.set(source, await getExpressionAst('expression.tf', source));
  }
  return asts.get(source);
}

/**
 * HCL source of a quoted template equal to a string of hcl2json's JSON. hcl2json keeps the
 * interpolations and directives as written and decodes the literal text around them, so the
 * literal text is escaped again and the interpolations are copied as they are.
 */
export function quotedTemplate(text) {
  let out = '"';
  let i = 0;
  while (i < text.length) {
    const two = text.slice(i, i + 2);
    const three = text.slice(i, i + 3);
    if (three === '$${' || three === '%%{') {
      out += three;
      i += 3;
    } else if (two === '${' || two === '%{') {
      const end = closingBrace(text, i + 2);
      out += text.slice(i, end + 1);
      i = end + 1;
    } else {
      const c = text[i];
      out += c === '\\' ? '\\\\' : c === '"' ? '\\"' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : c;
      i += 1;
    }
  }
  return out + '"';
}

/** Index of the brace closing an interpolation whose body starts at `from`, skipping nested braces and strings. */
function closingBrace(text, from) {
  let depth = 0;
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i = closingQuote(text, i + 1);
    } else if (c === '{') {
      depth += 1;
    } else if (c === '}') {
      if (depth === 0) return i;
      depth -= 1;
    }
    i += 1;
  }
  throw new Error(`unterminated interpolation in ${JSON.stringify(text)}`);
}

function closingQuote(text, from) {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '"') return i;
    if ((c === '$' || c === '%') && text[i + 1] === '{' && text[i - 1] !== c) {
      i = closingBrace(text, i + 2) + 1;
      continue;
    }
    i += 1;
  }
  throw new Error(`unterminated string in ${JSON.stringify(text)}`);
}
