// Plans a Terraform module with the expression evaluator, the way `terraform plan` would with the
// given input variables, data source results and computed resource attributes: variables are
// converted to their types and validated (a condition may name its own variable only, as before
// Terraform 1.9), locals are evaluated when used, every output's preconditions are checked before
// its value, resources are expanded by count and for_each, and module calls plan the child module.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseFile } from './hcl.mjs';
import { EvalError, StaticError, asBool, asNumber, asString, compileJson, evaluate, kindOf } from './expressions.mjs';

/** Variable validations that failed, each with its error message. */
export class ValidationError extends EvalError {
  constructor(failures) {
    super(failures.map((failure) => `var.${failure.variable}: ${failure.message}`).join('\n'));
    this.failures = failures;
  }
}

/** An output precondition that failed, with its error message. */
export class PreconditionError extends EvalError {
  constructor(output, message) {
    super(`output.${output}: ${message}`);
    this.output = output;
    this.detail = message;
  }
}

const META_ARGUMENTS = new Set(['count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'providers', 'provisioner', 'connection']);
const loading = new Map();
const loaded = new Map();

/** The module in a folder and, recursively, the modules it calls: parsed and compiled, so that planning needs no I/O. */
export async function loadModule(folder) {
  const dir = resolve(folder);
  if (!loading.has(dir)) {
    loading.set(dir, (async () => {
      const module = await compileModule(dir);
      for (const call of Object.values(module.calls)) await loadModule(resolve(dir, call.source));
      loaded.set(dir, module);
      return module;
    })());
  }
  return loading.get(dir);
}

async function compileModule(dir) {
  const module = { dir, variables: {}, locals: {}, outputs: {}, resources: {}, data: {}, calls: {} };
  const files = readdirSync(dir).filter((name) => name.endsWith('.tf')).sort();
  for (const file of files) {
    const json = await parseFile(join(dir, file));
    for (const [name, [body]] of Object.entries(json.variable ?? {})) {
      module.variables[name] = {
        type: body.type === undefined ? { kind: 'any' } : typeOf(await compileJson(body.type)),
        hasDefault: Object.hasOwn(body, 'default'),
        default: Object.hasOwn(body, 'default') ? await compileJson(body.default) : null,
        nullable: body.nullable !== false,
        description: body.description,
        validations: await Promise.all((body.validation ?? []).map(async (rule) => ({
          condition: await compileJson(rule.condition),
          message: await compileJson(rule.error_message),
        }))),
      };
    }
    for (const block of json.locals ?? []) {
      for (const [name, value] of Object.entries(block)) module.locals[name] = await compileJson(value);
    }
    for (const [name, [body]] of Object.entries(json.output ?? {})) {
      module.outputs[name] = {
        description: body.description,
        value: await compileJson(body.value),
        preconditions: await Promise.all((body.precondition ?? []).map(async (rule) => ({
          condition: await compileJson(rule.condition),
          message: await compileJson(rule.error_message),
        }))),
      };
    }
    for (const [kind, target] of [['resource', module.resources], ['data', module.data]]) {
      for (const [type, blocks] of Object.entries(json[kind] ?? {})) {
        for (const [name, [body]] of Object.entries(blocks)) {
          (target[type] ??= {})[name] = await compileBlock(body, `${type}.${name}`);
        }
      }
    }
    for (const [name, [body]] of Object.entries(json.module ?? {})) {
      module.calls[name] = { source: body.source, block: await compileBlock(body, `module.${name}`, ['source', 'version']) };
    }
  }
  return module;
}

async function compileBlock(body, where, skip = []) {
  if (body.dynamic) throw new StaticError(`${where}: dynamic blocks are not covered by this evaluator`);
  const block = { count: null, forEach: null, arguments: {} };
  if (Object.hasOwn(body, 'count')) block.count = await compileJson(body.count);
  if (Object.hasOwn(body, 'for_each')) block.forEach = await compileJson(body.for_each);
  for (const [name, value] of Object.entries(body)) {
    if (META_ARGUMENTS.has(name) || skip.includes(name)) continue;
    block.arguments[name] = await compileJson(value);
  }
  return block;
}

// ---------------------------------------------------------------------------------------------
// Types: string, number, bool, any, list(T), set(T), map(T), object({...}).

function typeOf(node) {
  if (node.kind === 'traversal' && node.steps.length === 0) {
    if (['string', 'number', 'bool', 'any'].includes(node.root)) return { kind: node.root };
  }
  if (node.kind === 'call' && ['list', 'set', 'map'].includes(node.name) && node.args.length === 1) {
    return { kind: node.name, element: typeOf(node.args[0]) };
  }
  if (node.kind === 'call' && node.name === 'object' && node.args[0]?.kind === 'object') {
    return { kind: 'object', attributes: Object.fromEntries(node.args[0].entries.map(([key, value]) => [key.value, typeOf(value)])) };
  }
  throw new StaticError(`type constraint not covered by this evaluator: ${JSON.stringify(node)}`);
}

/** Converts a value to a type as Terraform converts input variables, or throws. */
export function convert(value, type, what) {
  if (value === null || type.kind === 'any') return value;
  const fail = () => {
    throw new EvalError(`${what}: a ${kindOf(value)} is not a ${type.kind}`);
  };
  switch (type.kind) {
    case 'string':
      return ['string', 'number', 'boolean'].includes(kindOf(value)) ? asString(value) : fail();
    case 'number':
      return asNumber(value, what);
    case 'bool':
      return asBool(value, what);
    case 'list':
    case 'set': {
      if (!Array.isArray(value)) fail();
      const items = value.map((item, i) => convert(item, type.element, `${what}[${i}]`));
      return type.kind === 'set' ? [...new Set(items)].sort() : items;
    }
    case 'map':
      if (kindOf(value) !== 'object') fail();
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, convert(item, type.element, `${what}["${key}"]`)]));
    case 'object':
      if (kindOf(value) !== 'object') fail();
      return Object.fromEntries(Object.entries(type.attributes).map(([key, attributeType]) => {
        if (!Object.hasOwn(value, key)) throw new EvalError(`${what}: attribute ${key} is required`);
        return [key, convert(value[key], attributeType, `${what}.${key}`)];
      }));
    default:
      throw new StaticError(`unknown type ${type.kind}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Planning.

/**
 * Plans a module.
 *
 * @param module from loadModule()
 * @param options.variables the input variables
 * @param options.data data source results by "type.name", such as { 'aws_region.current': { id: 'eu-west-1' } }
 * @param options.computed (type, name, key, arguments) => the attributes a resource instance gets from its provider
 * @param options.cwd the working directory, against which file paths resolve; the module's folder by default
 * @returns a plan; ValidationError when a variable is missing, of the wrong type or invalid
 */
export function plan(module, { variables = {}, data = {}, computed = () => ({}), cwd = module.dir, root = null } = {}) {
  return new Plan(module, { variables, data, computed, cwd, root });
}

class Plan {
  constructor(module, options) {
    this.module = module;
    this.options = options;
    this.rootDir = options.root ?? module.dir;
    this.localValues = new Map();
    this.resourceValues = new Map();
    this.callValues = new Map();
    this.vars = this.#variables();
  }

  #variables() {
    const given = this.options.variables;
    for (const name of Object.keys(given)) {
      if (!this.module.variables[name]) throw new StaticError(`no variable named ${name} in ${this.module.dir}`);
    }
    const values = {};
    const failures = [];
    for (const [name, variable] of Object.entries(this.module.variables)) {
      let value = Object.hasOwn(given, name) ? given[name] : undefined;
      if (value === null && !variable.nullable) value = undefined;
      if (value === undefined) {
        if (!variable.hasDefault) {
          failures.push({ variable: name, message: 'no value given for a required variable' });
          continue;
        }
        value = evaluate(variable.default, this.#scope());
      }
      try {
        values[name] = convert(value, variable.type, `var.${name}`);
      } catch (error) {
        if (!(error instanceof EvalError)) throw error;
        failures.push({ variable: name, message: `invalid value: ${error.message}` });
        continue;
      }
      if (values[name] === null && !variable.nullable) failures.push({ variable: name, message: 'must not be null' });
    }
    for (const [name, variable] of Object.entries(this.module.variables)) {
      if (!Object.hasOwn(values, name)) continue;
      const scope = this.#scope({ onlyVariable: name, values });
      for (const rule of variable.validations) {
        // The message is evaluated whether or not the condition holds, so that one that could not
        // be shown (a null in its template) is found before a user meets it.
        const message = evaluate(rule.message, scope);
        if (!asBool(evaluate(rule.condition, scope), `the validation of var.${name}`)) failures.push({ variable: name, message });
      }
    }
    if (failures.length > 0) throw new ValidationError(failures);
    return values;
  }

  /** Every output, as Terraform evaluates them all; the first failing precondition throws. */
  outputs() {
    return Object.fromEntries(Object.keys(this.module.outputs).map((name) => [name, this.output(name)]));
  }

  output(name) {
    const output = this.module.outputs[name];
    if (!output) throw new StaticError(`no output ${name}`);
    const scope = this.#scope();
    for (const rule of output.preconditions) {
      if (!asBool(evaluate(rule.condition, scope), `a precondition of output.${name}`)) {
        throw new PreconditionError(name, evaluate(rule.message, scope));
      }
    }
    return evaluate(output.value, scope);
  }

  local(name) {
    if (!this.module.locals[name]) throw new StaticError(`no local value ${name}`);
    if (!this.localValues.has(name)) {
      this.localValues.set(name, { evaluating: true });
      try {
        this.localValues.set(name, { value: evaluate(this.module.locals[name], this.#scope()) });
      } catch (error) {
        this.localValues.set(name, { error });
      }
    }
    const entry = this.localValues.get(name);
    if (entry.evaluating) throw new StaticError(`local.${name} refers to itself`);
    if (entry.error) throw entry.error;
    return entry.value;
  }

  /** A resource's instances as references see them: one object, a list (count) or a map (for_each). */
  resource(type, name) {
    const key = `${type}.${name}`;
    if (!this.resourceValues.has(key)) {
      const block = this.module.resources[type]?.[name];
      if (!block) throw new StaticError(`no resource ${key}`);
      this.resourceValues.set(key, this.#expand(block, (instanceKey, args) => ({ ...args, ...this.options.computed(type, name, instanceKey, args) })));
    }
    return this.resourceValues.get(key);
  }

  /** Every instance of every resource: { address, type, name, key, arguments }. */
  resources() {
    const found = [];
    for (const [type, blocks] of Object.entries(this.module.resources)) {
      for (const name of Object.keys(blocks)) {
        const value = this.resource(type, name);
        const block = blocks[name];
        const instances = block.forEach ? Object.entries(value) : block.count ? value.map((item, i) => [i, item]) : [[null, value]];
        for (const [key, instance] of instances) {
          const address = `${type}.${name}${key === null ? '' : typeof key === 'number' ? `[${key}]` : `["${key}"]`}`;
          found.push({ address, type, name, key, values: instance });
        }
      }
    }
    return found;
  }

  #data(type, name) {
    const block = this.module.data[type]?.[name];
    if (!block) throw new StaticError(`no data source data.${type}.${name}`);
    const key = `${type}.${name}`;
    if (!Object.hasOwn(this.options.data, key)) throw new StaticError(`the test gives no result for data.${key}`);
    return this.#expand(block, () => this.options.data[key]);
  }

  /** Evaluates a block's count or for_each and its arguments per instance. */
  #expand(block, instance) {
    const evaluateIn = (scope) => Object.fromEntries(Object.entries(block.arguments).map(([arg, node]) => [arg, evaluate(node, scope)]));
    if (block.forEach) {
      const forEach = evaluate(block.forEach, this.#scope());
      const entries = Array.isArray(forEach)
        ? forEach.map((item) => [asString(item, 'a for_each set element'), item])
        : kindOf(forEach) === 'object' ? Object.entries(forEach).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : null;
      if (!entries) throw new EvalError('for_each must be a map or a set of strings');
      return Object.fromEntries(entries.map(([key, value]) => {
        const scope = this.#scope({ each: { key, value } });
        return [key, instance(key, evaluateIn(scope))];
      }));
    }
    if (block.count) {
      const count = asNumber(evaluate(block.count, this.#scope()), 'count');
      return Array.from({ length: count }, (_, index) => instance(index, evaluateIn(this.#scope({ count: { index } }))));
    }
    return instance(null, evaluateIn(this.#scope()));
  }

  #call(name) {
    if (!this.callValues.has(name)) {
      const call = this.module.calls[name];
      if (!call) throw new StaticError(`no module call ${name}`);
      if (call.block.count || call.block.forEach) throw new StaticError(`module.${name}: count and for_each on modules are not covered`);
      const source = resolve(this.module.dir, call.source);
      const child = loaded.get(source);
      if (!child) throw new StaticError(`module.${name}: ${source} was not loaded`);
      const args = Object.fromEntries(Object.entries(call.block.arguments).map(([arg, node]) => [arg, evaluate(node, this.#scope())]));
      const { data, computed, cwd } = this.options;
      this.callValues.set(name, plan(child, { variables: args, data, computed, cwd, root: this.rootDir }).outputs());
    }
    return this.callValues.get(name);
  }

  #scope({ onlyVariable = null, values = this.vars, each = null, count = null } = {}) {
    const namespaces = new Set(['var', 'local', 'data', 'module', 'path', ...Object.keys(this.module.resources)]);
    return {
      isNamespace: (root) => namespaces.has(root),
      lookup: (root, name) => {
        if (onlyVariable !== null && !(root === 'var' && name === onlyVariable) && root !== 'path') {
          throw new StaticError(`the validation of var.${onlyVariable} may refer to var.${onlyVariable} only, not ${root}.${name}`);
        }
        switch (root) {
          case 'var':
            if (!Object.hasOwn(this.module.variables, name)) throw new StaticError(`no variable named ${name}`);
            return values[name];
          case 'local':
            return this.local(name);
          case 'data': {
            const blocks = this.module.data[name];
            if (!blocks) throw new StaticError(`no data source of type ${name}`);
            return Object.fromEntries(Object.keys(blocks).map((block) => [block, this.#data(name, block)]));
          }
          case 'module':
            return this.#call(name);
          case 'path': {
            const paths = { module: this.module.dir, root: this.rootDir, cwd: this.options.cwd };
            if (!Object.hasOwn(paths, name)) throw new StaticError(`no path.${name}`);
            return paths[name];
          }
          default:
            return this.resource(root, name);
        }
      },
      resolve: (name) => {
        if (name === '__cwd') return this.options.cwd;
        if (name === 'each' && each) return each;
        if (name === 'count' && count) return count;
        throw new StaticError(`unknown name ${name}`);
      },
    };
  }
}
