// A minimal Node.js runtime for the Lambda Runtime API (2018-06-01), standing in for Lambda's
// managed Node.js runtime where that is not installed: it imports the module _HANDLER names from
// the task root, then loops over invocation/next, calls the handler with the event and a context,
// and posts the handler's result to /response or its error to /error. A module that cannot be
// imported is reported to /init/error. Only Node's own modules, no dependency.
//
// AWS_LAMBDA_RUNTIME_API is read when the runtime starts: an exec wrapper may have pointed it at a
// proxy in front of Lambda's Runtime API.
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const env = process.env;
const [hostname, port] = splitHostPort(env.AWS_LAMBDA_RUNTIME_API ?? '');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const RUNTIME = '/2018-06-01/runtime';
const ERROR_TYPE_HEADER = 'Lambda-Runtime-Function-Error-Type';

let currentRequestId; // the invocation in flight, for errors that escape the handler

process.on('uncaughtException', (error) => crash(error, 'Uncaught Exception', 129));
process.on('unhandledRejection', (reason) => crash(
    namedError('Runtime.UnhandledPromiseRejection', reason instanceof Error ? reason.stack : String(reason)),
    'Unhandled Promise Rejection', 128));

const handler = await loadHandler(env._HANDLER ?? '', env.LAMBDA_TASK_ROOT || path.dirname(fileURLToPath(import.meta.url)))
    .catch(async (error) => {
        logError(undefined, 'Init Error', error);
        await post(`${RUNTIME}/init/error`, errorDocument(error), { [ERROR_TYPE_HEADER]: errorType(error) });
        process.exit(1);
    });

for (;;) {
    const next = await request('GET', `${RUNTIME}/invocation/next`);
    const requestId = next.headers['lambda-runtime-aws-request-id'];
    currentRequestId = requestId;
    let outcome;
    try {
        const result = await handler(JSON.parse(next.body), invocationContext(next.headers));
        outcome = { path: 'response', body: JSON.stringify(result === undefined ? null : result) };
    } catch (error) {
        logError(requestId, 'Invoke Error', error);
        outcome = { path: 'error', body: errorDocument(error), headers: { [ERROR_TYPE_HEADER]: errorType(error) } };
    }
    await post(`${RUNTIME}/invocation/${encodeURIComponent(requestId)}/${outcome.path}`, outcome.body, outcome.headers);
    currentRequestId = undefined;
}

/** The context Lambda's Node.js runtime passes to a handler, from the invocation's headers. */
function invocationContext(headers) {
    const deadlineMs = Number(headers['lambda-runtime-deadline-ms']);
    // The X-Ray trace header of this invocation, where the X-Ray SDK and OpenTelemetry's X-Ray
    // propagator look for it.
    if (headers['lambda-runtime-trace-id']) {
        env._X_AMZN_TRACE_ID = headers['lambda-runtime-trace-id'];
    } else {
        delete env._X_AMZN_TRACE_ID;
    }
    return {
        awsRequestId: headers['lambda-runtime-aws-request-id'],
        invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
        functionName: env.AWS_LAMBDA_FUNCTION_NAME,
        functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
        memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
        logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
        logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
        clientContext: parseJson(headers['lambda-runtime-client-context']),
        identity: parseJson(headers['lambda-runtime-cognito-identity']),
        callbackWaitsForEmptyEventLoop: true,
        getRemainingTimeInMillis: () => deadlineMs - Date.now(),
    };
}

/**
 * Imports "<module>.<export>" from the task root, trying .js, .mjs and .cjs as Lambda does, and
 * fails with Lambda's Runtime.* error types.
 */
async function loadHandler(name, taskRoot) {
    const dot = name.lastIndexOf('.');
    if (dot <= 0 || dot === name.length - 1) {
        throw namedError('Runtime.MalformedHandlerName', `Bad handler ${name}`);
    }
    const moduleName = name.slice(0, dot);
    const exportName = name.slice(dot + 1);
    const file = ['.js', '.mjs', '.cjs'].map((ext) => path.resolve(taskRoot, moduleName + ext)).find(existsSync);
    if (!file) {
        throw namedError('Runtime.ImportModuleError', `Error: Cannot find module '${moduleName}'`);
    }
    let module;
    try {
        module = await import(pathToFileURL(file).href);
    } catch (error) {
        if (error instanceof SyntaxError) {
            throw namedError('Runtime.UserCodeSyntaxError', `${error.name}: ${error.message}`);
        }
        throw error;
    }
    const handler = module[exportName] ?? module.default?.[exportName];
    if (typeof handler !== 'function') {
        throw namedError('Runtime.HandlerNotFound', `${name} is undefined or not exported`);
    }
    return handler;
}

/** A thrown value that escaped: report it for the invocation in flight (or as an init error), then exit. */
async function crash(error, label, exitCode) {
    logError(currentRequestId, label, error);
    const target = currentRequestId ? `${RUNTIME}/invocation/${encodeURIComponent(currentRequestId)}/error` : `${RUNTIME}/init/error`;
    await post(target, errorDocument(error), { [ERROR_TYPE_HEADER]: errorType(error) }).catch(() => {});
    process.exit(exitCode);
}

function errorType(error) {
    return error instanceof Error ? error.name : typeof error;
}

/** The error document of the Runtime API: errorMessage, errorType and stackTrace. */
function errorDocument(error) {
    const isError = error instanceof Error;
    return JSON.stringify({
        errorMessage: isError ? error.message : String(error),
        errorType: errorType(error),
        stackTrace: isError && typeof error.stack === 'string' ? error.stack.split('\n').slice(1).map((line) => line.trim()) : [],
    });
}

function namedError(name, message) {
    const error = new Error(message);
    error.name = name;
    return error;
}

/** One line on stderr, as Lambda's Node.js runtime writes it: time, request id, level, message. */
function logError(requestId, label, error) {
    const detail = error instanceof Error
        ? { errorType: error.name, errorMessage: error.message, stack: error.stack?.split('\n') }
        : { errorType: typeof error, errorMessage: String(error) };
    process.stderr.write(`${new Date().toISOString()}\t${requestId ?? 'undefined'}\tERROR\t${label} \t${JSON.stringify(detail)}\n`);
}

function parseJson(text) {
    return text === undefined ? undefined : JSON.parse(text);
}

function splitHostPort(address) {
    const colon = address.lastIndexOf(':');
    if (colon <= 0) {
        throw new Error(`AWS_LAMBDA_RUNTIME_API is not host:port: '${address}'`);
    }
    return [address.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), Number(address.slice(colon + 1))];
}

function post(urlPath, body, headers = {}) {
    return request('POST', urlPath, body, { 'content-type': 'application/json', ...headers });
}

/** One request to the Runtime API over the kept-alive connection; resolves with status, headers and body. */
function request(method, urlPath, body, headers = {}) {
    return new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : Buffer.from(body);
        const req = http.request({
            hostname, port, method, path: urlPath, agent,
            headers: payload ? { ...headers, 'content-length': payload.length } : headers,
        }, (res) => {
            const chunks = [];
            res.on('data', (chunk) => chunks.push(chunk));
            res.on('end', () => {
                const text = Buffer.concat(chunks).toString('utf8');
                if (res.statusCode >= 400 && method === 'GET') {
                    reject(new Error(`${method} ${urlPath}: ${res.statusCode} ${text}`));
                } else {
                    resolve({ status: res.statusCode, headers: res.headers, body: text });
                }
            });
            res.on('error', reject);
        });
        req.on('error', reject);
        req.end(payload);
    });
}
