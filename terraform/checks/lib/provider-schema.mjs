// The AWS provider's schema, as @cdktf/provider-aws carries it: the package is generated from the
// provider's own schema, one folder per resource and data source. Its JavaScript names every
// argument Terraform accepts (synthesizeAttributes() and the *ToTerraform() function of each nested
// block) and every attribute a reference can read (the get*Attribute('name') calls); its
// TypeScript declarations mark the required arguments (readonly name: T, without ?).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const LIB = join(dirname(require.resolve('@cdktf/provider-aws/package.json')), 'lib');

/** The provider version the package was generated from, as its documentation links name it. */
export function providerVersion() {
  const declarations = readFileSync(join(LIB, 'lambda-function', 'index.d.ts'), 'utf8');
  return /providers\/hashicorp\/aws\/([0-9.]+)\/docs/.exec(declarations)[1];
}

const cache = new Map();
let index = null;

/**
 * The schema of a resource or data source type, or null when the provider has none.
 *
 * @param kind 'resource' or 'data'
 * @param type such as aws_lambda_function
 * @returns { arguments: { name: { required, block } }, attributes: Set } where block is the
 *          nested block's own schema, or null for a plain argument
 */
export function schemaOf(kind, type) {
  const key = `${kind} ${type}`;
  if (!cache.has(key)) cache.set(key, readSchema(kind, type));
  return cache.get(key);
}

function readSchema(kind, type) {
  const folder = folderOf(kind, type);
  if (!folder) return null;
  const code = readFileSync(join(LIB, folder, 'index.js'), 'utf8');
  const declarations = readFileSync(join(LIB, folder, 'index.d.ts'), 'utf8');
  const classMatch = new RegExp(`class (\\w+) extends cdktf\\.(TerraformResource|TerraformDataSource) \\{`).exec(code);
  const className = classMatch[1];
  const mainClass = code.slice(classMatch.index);

  const required = requiredArguments(declarations);
  const converters = {};
  for (const match of code.matchAll(/^function (\w+)ToTerraform\(struct\) \{([\s\S]*?)^\}/gm)) {
    converters[match[1]] = returnedArguments(match[2]);
  }
  const toSchema = (args, interfaceName, seen) => ({
    arguments: Object.fromEntries(Object.entries(args).map(([name, converter]) => {
      const block = converter && converters[converter] && !seen.has(converter)
        ? toSchema(converters[converter], upperFirst(converter), new Set([...seen, converter]))
        : null;
      return [name, { required: Boolean(required[interfaceName]?.[name]), block }];
    })),
  });

  const synthesize = /synthesizeAttributes\(\) \{\s*return \{([\s\S]*?)\n {8}\};/.exec(mainClass);
  const schema = toSchema(returnedArguments(synthesize[1]), `${className}Config`, new Set());
  schema.attributes = new Set(Object.keys(schema.arguments));
  for (const match of mainClass.matchAll(/get\w*Attribute\('([a-z0-9_]+)'\)/g)) schema.attributes.add(match[1]);
  for (const match of mainClass.matchAll(/new \w+\(this, "([a-z0-9_]+)"/g)) schema.attributes.add(match[1]);
  return schema;
}

/** The arguments a `return { name: converter(...), ... }` writes, each with its nested block's converter. */
function returnedArguments(body) {
  const args = {};
  for (const match of body.matchAll(/^\s+([a-z0-9_]+): (.*),$/gm)) {
    const nested = /(?<![.\w])(\w+)ToTerraform\b/.exec(match[2]);
    args[match[1]] = nested ? nested[1] : null;
  }
  return args;
}

/** For each declared interface, the Terraform names of its required properties. */
function requiredArguments(declarations) {
  const found = {};
  for (const match of declarations.matchAll(/^export interface (\w+)[^{]*\{([\s\S]*?)^\}/gm)) {
    const properties = {};
    for (const property of match[2].matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*?)\*\/\s*readonly \w+(\??):/g)) {
      const name = /#([a-z0-9_]+) \w+#[a-z0-9_]+\}/.exec(property[1]);
      if (name) properties[name[1]] = property[2] !== '?';
    }
    found[match[1]] = properties;
  }
  return found;
}

function upperFirst(text) {
  return text[0].toUpperCase() + text.slice(1);
}

function folderOf(kind, type) {
  const guess = (kind === 'data' ? 'data-' : '') + type.replace(/^aws_/, kind === 'data' ? 'aws-' : '').replace(/_/g, '-');
  if (declares(guess, type, kind)) return guess;
  // Names that clash with JavaScript or other folders are spelled differently: look them up.
  index ??= Object.fromEntries(readdirSync(LIB).flatMap((folder) => {
    const file = join(LIB, folder, 'index.js');
    if (!existsSync(file)) return [];
    const match = /\.tfResourceType = "([a-z0-9_]+)";/.exec(readFileSync(file, 'utf8'));
    return match ? [[`${folder.startsWith('data-') ? 'data' : 'resource'} ${match[1]}`, folder]] : [];
  }));
  return index[`${kind} ${type}`] ?? null;
}

function declares(folder, type, kind) {
  const file = join(LIB, folder, 'index.js');
  if (!existsSync(file)) return false;
  const code = readFileSync(file, 'utf8');
  const base = kind === 'data' ? 'TerraformDataSource' : 'TerraformResource';
  return code.includes(`.tfResourceType = "${type}";`) && code.includes(`extends cdktf.${base} {`);
}
