// A small evaluator of Terraform expressions, over the syntax trees of HashiCorp's HCL parser.
//
// It covers what the modules use, with Terraform's rules where they matter to the modules' logic:
// both branches of a conditional are evaluated and only the chosen one's error counts; && and ||
// do not short-circuit; functions refuse null arguments unless Terraform's accept them; a null in
// a string template is an error; map and object keys iterate in lexicographic order. Anything it
// does not know (a function, a kind of expression, an undeclared name) is a StaticError that can()
// and try() do not catch, as Terraform reports those before evaluating anything.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { expressionAst, quotedTemplate } from './hcl.mjs';

/** An error Terraform reports while evaluating: can() and try() catch it. */
export class EvalError extends Error {}

/** An error in the configuration itself, or something this evaluator does not cover. */
export class StaticError extends Error {}

// ---------------------------------------------------------------------------------------------
// Compiling: hcl2json's JSON values and the parser's syntax trees to small nodes.

/** Compiles a value of hcl2json's JSON: strings are templates, arrays tuples, objects objects. */
export async function compileJson(value) {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') {
    return { kind: 'literal', value };
  }
  if (typeof value === 'string') {
    return compileSource(quotedTemplate(value));
  }
  if (Array.isArray(value)) {
    return { kind: 'tuple', items: await Promise.all(value.map(compileJson)) };
  }
  const entries = [];
  for (const [key, item] of Object.entries(value)) {
    entries.push([{ kind: 'literal', value: key }, await compileJson(item)]);
  }
  return { kind: 'object', entries };
}

/** Compiles the source text of one expression. */
export async function compileSource(source) {
  const ast = await expressionAst(source);
  if (ast === null) throw new StaticError(`cannot parse ${source}`);
  return convert(ast, Buffer.from(source, 'utf8'));
}

function convert(node, source) {
  const meta = node.meta ?? {};
  const children = node.children ?? [];
  const sub = (child) => convert(child, source);
  switch (node.type) {
    case 'literalValue':
      if (meta.type === 'number') return { kind: 'literal', value: Number(meta.value) };
      if (meta.type === 'bool') return { kind: 'literal', value: meta.value === 'true' };
      if (meta.type === 'string') return { kind: 'literal', value: decodeLiteral(meta.value) };
      if (meta.value === 'null') return { kind: 'literal', value: null };
      throw new StaticError(`unsupported literal ${meta.value}`);
    case 'template':
      return { kind: 'template', parts: children.map(sub) };
    case 'templateWrap':
      // "${x}" is x itself, not its string form.
      return sub(children[0]);
    case 'scopeTraversal':
      return { kind: 'traversal', root: meta.traversal[0].segment, steps: steps(meta.traversal.slice(1)) };
    case 'relativeTraversal':
      return { kind: 'relative', source: sub(children[0]), steps: steps(meta.traversal) };
    case 'index':
      return { kind: 'index', collection: sub(children[0]), key: sub(children[1]) };
    case 'splat': {
      const each = children[1];
      return { kind: 'splat', source: sub(children[0]), steps: each.type === 'relativeTraversal' ? steps(each.meta.traversal) : [] };
    }
    case 'function':
      return { kind: 'call', name: meta.name, args: children.map(sub), expand: Boolean(meta.expandedFinalArgument) };
    case 'tuple':
      return { kind: 'tuple', items: children.map(sub) };
    case 'object': {
      const entries = [];
      for (let i = 0; i < children.length; i += 2) {
        entries.push([objectKey(children[i], source, meta.items ?? {}), sub(children[i + 1])]);
      }
      return { kind: 'object', entries };
    }
    case 'for': {
      const isObject = meta.openRangeValue === '{';
      if (meta.groupedValue) throw new StaticError('grouping for expressions (...) are not covered');
      const rest = children.slice(1).map(sub);
      return {
        kind: 'for',
        isObject,
        keyVar: meta.keyVar || null,
        valueVar: meta.valVar,
        collection: sub(children[0]),
        key: isObject ? rest.shift() : null,
        value: rest.shift(),
        condition: meta.conditionalExpression ? rest.shift() : null,
      };
    }
    case 'conditional':
      return { kind: 'conditional', condition: sub(children[0]), whenTrue: sub(children[1]), whenFalse: sub(children[2]) };
    case 'unaryOp':
      return { kind: 'unary', operator: meta.operator, operand: sub(children[0]) };
    case 'binaryOp':
      return { kind: 'binary', operator: meta.operator, left: sub(children[0]), right: sub(children[1]) };
    case '':
      // Parentheses.
      if (children.length === 1) return sub(children[0]);
      throw new StaticError('unsupported expression');
    default:
      throw new StaticError(`unsupported expression ${node.type}`);
  }
}

function steps(traversal) {
  return traversal.map((part) => (part.type === 'nameTraversal' ? { attribute: part.segment } : { index: JSON.parse(part.segment) }));
}

/** An object constructor's key: a bare name is the name itself, a quoted or parenthesized one an expression. */
function objectKey(node, source, items) {
  if (node.type === '' && (node.children ?? []).length === 0) {
    const name = source.subarray(node.range.start.byte, node.range.end.byte).toString('utf8');
    if (!(name in items)) throw new StaticError(`cannot read the object key at ${node.range.start.byte}: got '${name}'`);
    return { kind: 'literal', value: name };
  }
  return convert(node.type === '' ? node.children[0] : node, source);
}

function decodeLiteral(raw) {
  return raw.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|\$\$\{|%%\{/g, (match, escape) => {
    if (match === '$${') return '${';
    if (match === '%%{') return '%{';
    switch (escape[0]) {
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case '"': return '"';
      case '\\': return '\\';
      case 'u':
      case 'U': return String.fromCodePoint(parseInt(escape.slice(1), 16));
      default: throw new StaticError(`unknown escape \\${escape}`);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Values: null, string, number, boolean, arrays (lists, tuples, sets) and plain objects (maps,
// objects).

export function kindOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

function isPrimitive(value) {
  return ['string', 'number', 'boolean'].includes(kindOf(value));
}

export function equal(a, b) {
  if (kindOf(a) !== kindOf(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((item, i) => equal(item, b[i]));
  if (a !== null && typeof a === 'object') {
    const keys = Object.keys(a).sort();
    return equal(keys, Object.keys(b).sort()) && keys.every((key) => equal(a[key], b[key]));
  }
  return a === b;
}

/** Terraform's string form of a primitive, as in templates and tostring(). */
export function asString(value, what = 'value') {
  switch (kindOf(value)) {
    case 'string': return value;
    case 'number': return String(value);
    case 'boolean': return value ? 'true' : 'false';
    case 'null': throw new EvalError(`${what} is null`);
    default: throw new EvalError(`${what} is a ${kindOf(value)}, not a string`);
  }
}

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function asNumber(value, what = 'value') {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && NUMBER.test(value)) return Number(value);
  throw new EvalError(`${what} is not a number: ${JSON.stringify(value)}`);
}

export function asBool(value, what = 'value') {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new EvalError(`${what} is not a bool: ${JSON.stringify(value)}`);
}

/** Map and object entries in Terraform's order: by key. */
function sortedEntries(object) {
  return Object.keys(object).sort().map((key) => [key, object[key]]);
}

// ---------------------------------------------------------------------------------------------
// Evaluating.

/**
 * A scope resolves the first name of a traversal (var, local, data, each, a for variable…).
 * `resolve(name)` returns the value or throws StaticError for an unknown name.
 */
export function evaluate(node, scope) {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'template':
      return node.parts.map((part) => asString(evaluate(part, scope), 'a value in a string template')).join('');
    case 'traversal': {
      if (scope.isNamespace?.(node.root)) {
        // var.x, local.x, data.t, module.m, path.x, a_resource_type.name: the first step picks a
        // declared thing, and an undeclared one is a static error.
        const [first, ...rest] = node.steps;
        if (!first || !('attribute' in first)) throw new StaticError(`${node.root} must be followed by a name`);
        return applySteps(scope.lookup(node.root, first.attribute), rest);
      }
      return applySteps(scope.resolve(node.root), node.steps);
    }
    case 'relative':
      return applySteps(evaluate(node.source, scope), node.steps);
    case 'index':
      return index(evaluate(node.collection, scope), evaluate(node.key, scope));
    case 'splat': {
      const source = evaluate(node.source, scope);
      if (source === null) return [];
      const items = Array.isArray(source) ? source : [source];
      return items.map((item) => applySteps(item, node.steps));
    }
    case 'call':
      return call(node, scope);
    case 'tuple':
      return node.items.map((item) => evaluate(item, scope));
    case 'object': {
      const object = {};
      for (const [keyNode, valueNode] of node.entries) {
        object[asString(evaluate(keyNode, scope), 'an object key')] = evaluate(valueNode, scope);
      }
      return object;
    }
    case 'for':
      return forExpression(node, scope);
    case 'conditional':
      return conditional(node, scope);
    case 'unary': {
      const operand = evaluate(node.operand, scope);
      if (node.operator === 'logicalNot') return !asBool(operand, 'the operand of !');
      if (node.operator === 'negate') return -asNumber(operand, 'the operand of -');
      throw new StaticError(`unsupported operator ${node.operator}`);
    }
    case 'binary':
      return binary(node, scope);
    default:
      throw new StaticError(`unsupported node ${node.kind}`);
  }
}

function applySteps(value, steps) {
  let current = value;
  for (const step of steps) {
    current = 'attribute' in step ? attribute(current, step.attribute) : index(current, step.index);
  }
  return current;
}

function attribute(value, name) {
  if (value === null) throw new EvalError(`cannot get attribute ${name} of null`);
  if (kindOf(value) !== 'object') throw new EvalError(`cannot get attribute ${name} of a ${kindOf(value)}`);
  if (!Object.hasOwn(value, name)) throw new EvalError(`unsupported attribute ${name}`);
  return value[name];
}

function index(collection, key) {
  if (collection === null) throw new EvalError('cannot index null');
  if (key === null) throw new EvalError('cannot index with null');
  if (Array.isArray(collection)) {
    const i = asNumber(key, 'a list index');
    if (!Number.isInteger(i) || i < 0 || i >= collection.length) throw new EvalError(`index ${i} out of range of a list of ${collection.length}`);
    return collection[i];
  }
  if (kindOf(collection) === 'object') {
    const name = asString(key, 'a map key');
    if (!Object.hasOwn(collection, name)) throw new EvalError(`the given key does not identify an element: ${name}`);
    return collection[name];
  }
  throw new EvalError(`cannot index a ${kindOf(collection)}`);
}

function forExpression(node, scope) {
  const collection = evaluate(node.collection, scope);
  if (collection === null) throw new EvalError('cannot iterate over null');
  let pairs;
  if (Array.isArray(collection)) pairs = collection.map((item, i) => [i, item]);
  else if (kindOf(collection) === 'object') pairs = sortedEntries(collection);
  else throw new EvalError(`cannot iterate over a ${kindOf(collection)}`);

  const list = [];
  const object = {};
  for (const [key, value] of pairs) {
    const names = { [node.valueVar]: value };
    if (node.keyVar) names[node.keyVar] = key;
    const inner = childScope(scope, names);
    if (node.condition && !asBool(evaluate(node.condition, inner), 'a for condition')) continue;
    if (node.isObject) {
      const name = asString(evaluate(node.key, inner), 'a for key');
      if (Object.hasOwn(object, name)) throw new EvalError(`duplicate key ${name} in a for expression`);
      object[name] = evaluate(node.value, inner);
    } else {
      list.push(evaluate(node.value, inner));
    }
  }
  return node.isObject ? object : list;
}

/** A scope with more names, such as the variables of a for expression. */
export function childScope(scope, names) {
  return {
    resolve: (name) => (Object.hasOwn(names, name) ? names[name] : scope.resolve(name)),
    isNamespace: (name) => !Object.hasOwn(names, name) && Boolean(scope.isNamespace?.(name)),
    lookup: (root, name) => scope.lookup(root, name),
  };
}

function attempt(node, scope) {
  try {
    return { value: evaluate(node, scope) };
  } catch (error) {
    if (error instanceof EvalError) return { error };
    throw error;
  }
}

function conditional(node, scope) {
  // Terraform evaluates both results and reports the errors of the chosen one only.
  const whenTrue = attempt(node.whenTrue, scope);
  const whenFalse = attempt(node.whenFalse, scope);
  const condition = evaluate(node.condition, scope);
  if (condition === null) throw new EvalError('the condition is null');
  const chosen = asBool(condition, 'a condition') ? whenTrue : whenFalse;
  const other = chosen === whenTrue ? whenFalse : whenTrue;
  if (chosen.error) throw chosen.error;
  if (other.error || chosen.value === null || other.value === null) return chosen.value;
  const [a, b] = [kindOf(chosen.value), kindOf(other.value)];
  if (a === b) return chosen.value;
  if (isPrimitive(chosen.value) && isPrimitive(other.value)) {
    // Results of two primitive types unify to string.
    return asString(chosen.value);
  }
  throw new EvalError(`inconsistent conditional result types: ${a} and ${b}`);
}

function binary(node, scope) {
  const left = evaluate(node.left, scope);
  const right = evaluate(node.right, scope);
  const number = (value) => asNumber(value, `an operand of ${node.operator}`);
  const bool = (value) => {
    if (value === null) throw new EvalError(`a null operand of ${node.operator}`);
    return asBool(value, `an operand of ${node.operator}`);
  };
  switch (node.operator) {
    case 'equal': return equal(left, right);
    case 'notEqual': return !equal(left, right);
    case 'logicalAnd': {
      const [a, b] = [bool(left), bool(right)];
      return a && b;
    }
    case 'logicalOr': {
      const [a, b] = [bool(left), bool(right)];
      return a || b;
    }
    case 'lessThan': return number(left) < number(right);
    case 'lessThanOrEqual': return number(left) <= number(right);
    case 'greaterThan': return number(left) > number(right);
    case 'greaterThanOrEqual': return number(left) >= number(right);
    case 'add': return number(left) + number(right);
    case 'subtract': return number(left) - number(right);
    case 'multiply': return number(left) * number(right);
    case 'divide': return number(left) / number(right);
    case 'modulo': return number(left) % number(right);
    default: throw new StaticError(`unsupported operator ${node.operator}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Functions: the ones the modules and examples use, each with Terraform's treatment of null.

function call(node, scope) {
  const name = node.name;
  if (name === 'can') {
    const result = attempt(node.args[0], scope);
    return !result.error;
  }
  if (name === 'try') {
    let last;
    for (const arg of node.args) {
      const result = attempt(arg, scope);
      if (!result.error) return result.value;
      last = result.error;
    }
    throw new EvalError(`no try() argument could be evaluated: ${last.message}`);
  }
  const fn = FUNCTIONS[name];
  if (!fn) throw new StaticError(`the function ${name}() is not covered by this evaluator`);
  let args = node.args.map((arg) => evaluate(arg, scope));
  if (node.expand) {
    const last = args.pop();
    if (!Array.isArray(last)) throw new EvalError(`cannot expand a ${kindOf(last)} into arguments of ${name}()`);
    args = args.concat(last);
  }
  args.forEach((arg, i) => {
    if (arg === null && !(fn.nullable ?? []).includes(i) && !(fn.nullable ?? []).includes('*')) {
      throw new EvalError(`argument ${i + 1} of ${name}() must not be null`);
    }
  });
  return fn.apply(args, scope);
}

const fn = (apply, nullable = []) => ({ apply, nullable });

function list(value, what) {
  if (!Array.isArray(value)) throw new EvalError(`${what} must be a list, got a ${kindOf(value)}`);
  return value;
}

function map(value, what) {
  if (kindOf(value) !== 'object') throw new EvalError(`${what} must be a map or object, got a ${kindOf(value)}`);
  return value;
}

function pathOf(scope, path) {
  const cwd = scope.resolve('__cwd');
  return isAbsolute(path) ? path : resolve(cwd, path);
}

/** Terraform's jsonencode: object keys sorted, no spaces, <, > and & escaped as Go does. */
export function jsonencode(value) {
  const sorted = (v) => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v !== null && typeof v === 'object') return Object.fromEntries(sortedEntries(v).map(([k, item]) => [k, sorted(item)]));
    return v;
  };
  return JSON.stringify(sorted(value)).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** Terraform uses RE2; the modules' patterns mean the same in JavaScript, which has no \A, \z or inline flags. */
function regexp(pattern, flags = '') {
  if (/\(\?[a-zA-Z]|\\[Az]|\(\?[=!<]/.test(pattern)) throw new StaticError(`the pattern ${pattern} uses syntax outside what this evaluator covers`);
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    throw new EvalError(`invalid regular expression ${pattern}: ${error.message}`);
  }
}

function regexResult(match) {
  if (match.length === 1) return match[0];
  if (match.groups) return { ...match.groups };
  return match.slice(1).map((group) => (group === undefined ? null : group));
}

const FUNCTIONS = {
  alltrue: fn(([values]) => list(values, 'alltrue()').every((value) => asBool(value, 'an alltrue() element'))),
  anytrue: fn(([values]) => list(values, 'anytrue()').some((value) => asBool(value, 'an anytrue() element'))),
  basename: fn(([path]) => basename(asString(path))),
  coalesce: fn((args) => {
    const found = args.find((arg) => arg !== null && arg !== '');
    if (found === undefined) throw new EvalError('no non-null, non-empty-string arguments to coalesce()');
    if (args.some((arg) => arg !== null && kindOf(arg) !== kindOf(found)) && args.every((arg) => arg === null || isPrimitive(arg))) {
      return asString(found);
    }
    return found;
  }, ['*']),
  compact: fn(([values]) => list(values, 'compact()').filter((value) => value !== null && asString(value) !== '')),
  concat: fn((args) => args.flatMap((arg) => list(arg, 'a concat() argument'))),
  contains: fn(([values, value]) => list(values, 'contains()').some((item) => equal(item, value))),
  endswith: fn(([text, suffix]) => asString(text).endsWith(asString(suffix))),
  file: fn(([path], scope) => {
    const full = pathOf(scope, asString(path));
    if (!existsSync(full)) throw new EvalError(`no file exists at ${path}`);
    return readFileSync(full, 'utf8');
  }),
  filebase64sha256: fn(([path], scope) => {
    const full = pathOf(scope, asString(path));
    if (!existsSync(full)) throw new EvalError(`no file exists at ${path}`);
    return createHash('sha256').update(readFileSync(full)).digest('base64');
  }),
  fileexists: fn(([path], scope) => {
    const full = pathOf(scope, asString(path));
    return existsSync(full) && statSync(full).isFile();
  }),
  floor: fn(([value]) => Math.floor(asNumber(value))),
  join: fn(([separator, values]) => list(values, 'join()').map((value, i) => asString(value, `element ${i} of join()`)).join(asString(separator))),
  jsondecode: fn(([text]) => {
    try {
      return JSON.parse(asString(text));
    } catch (error) {
      throw new EvalError(`jsondecode(): ${error.message}`);
    }
  }),
  jsonencode: fn(([value]) => jsonencode(value), [0]),
  keys: fn(([object]) => Object.keys(map(object, 'keys()')).sort()),
  length: fn(([value]) => {
    if (typeof value === 'string') return [...value].length;
    if (Array.isArray(value)) return value.length;
    return Object.keys(map(value, 'length()')).length;
  }),
  lookup: fn(([object, key, ...fallback]) => {
    const name = asString(key);
    if (Object.hasOwn(map(object, 'lookup()'), name)) return object[name];
    if (fallback.length === 0) throw new EvalError(`lookup(): no key ${name}, and no default`);
    return fallback[0];
  }, [2]),
  merge: fn((args) => Object.assign({}, ...args.filter((arg) => arg !== null).map((arg) => map(arg, 'a merge() argument'))), ['*']),
  one: fn(([values]) => {
    if (list(values, 'one()').length > 1) throw new EvalError(`one(): ${values.length} elements`);
    return values.length === 0 ? null : values[0];
  }),
  regex: fn(([pattern, text]) => {
    const match = regexp(asString(pattern)).exec(asString(text));
    if (!match) throw new EvalError(`pattern ${pattern} did not match ${JSON.stringify(text)}`);
    return regexResult(match);
  }),
  regexall: fn(([pattern, text]) => [...asString(text).matchAll(regexp(asString(pattern), 'g'))].map(regexResult)),
  setproduct: fn((sets) => sets.reduce((product, set) => product.flatMap((combination) => list(set, 'setproduct()').map((item) => [...combination, item])), [[]])),
  split: fn(([separator, text]) => asString(text).split(asString(separator))),
  startswith: fn(([text, prefix]) => asString(text).startsWith(asString(prefix))),
  strcontains: fn(([text, part]) => asString(text).includes(asString(part))),
  tonumber: fn(([value]) => (value === null ? null : asNumber(value)), [0]),
  toset: fn(([values]) => [...new Map(list(values, 'toset()').map((value) => [jsonencode(value), value])).values()].sort()),
  tostring: fn(([value]) => (value === null ? null : asString(value)), [0]),
  trimprefix: fn(([text, prefix]) => {
    const [t, p] = [asString(text), asString(prefix)];
    return t.startsWith(p) ? t.slice(p.length) : t;
  }),
  trimspace: fn(([text]) => asString(text).trim()),
  values: fn(([object]) => sortedEntries(map(object, 'values()')).map(([, value]) => value)),
};

/** The names of the functions this evaluator covers (can and try besides). */
export const COVERED_FUNCTIONS = new Set([...Object.keys(FUNCTIONS), 'can', 'try']);
