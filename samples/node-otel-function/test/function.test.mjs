// Runs the assembled function (target/function, written by ./build) through its bootstrap against
// a stand-in Runtime API and a stand-in OTLP/HTTP endpoint, both in this process, so that the
// order in which their requests arrive is exact.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const FUNCTION_DIR = process.env.FUNCTION_DIR
    ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'target', 'function');
const EXPORT_ANSWER_DELAY_MS = 100; // the endpoint answers late: the function must wait for it
const RUNTIME = '/2018-06-01/runtime';

const timeline = []; // every request to either server, in arrival order
const servers = [];

before(async () => {
    assert.ok(existsSync(path.join(FUNCTION_DIR, 'bootstrap')), `no function at ${FUNCTION_DIR}: run ./build first`);
});

after(() => {
    for (const server of servers) {
        server.closeAllConnections(); // the last invocation/next is still held open
        server.close();
    }
});

test('each invocation exports traces, metrics and logs as OTLP JSON before it answers', async () => {
    const otlp = await otlpEndpoint();
    const runtime = await runtimeApi([
        { requestId: 'request-ok', event: apiGatewayEvent('/orders/42', {}) },
        { requestId: 'request-fails', event: apiGatewayEvent('/orders/7', { fail: 'true' }) },
    ]);
    const child = startFunction(runtime.address, otlp.address, 'index.handler');
    try {
        const [ok, failed] = await runtime.outcomes;

        assert.equal(ok.path, `${RUNTIME}/invocation/request-ok/response`);
        const answer = JSON.parse(ok.body);
        assert.equal(answer.statusCode, 200);
        assert.equal(JSON.parse(answer.body).order.id, '42');

        assert.equal(failed.path, `${RUNTIME}/invocation/request-fails/error`);
        assert.equal(failed.headers['lambda-runtime-function-error-type'], 'OrderLookupError');
        const error = JSON.parse(failed.body);
        assert.equal(error.errorType, 'OrderLookupError');
        assert.equal(error.errorMessage, 'order 7 could not be loaded');
        assert.ok(Array.isArray(error.stackTrace) && error.stackTrace.length > 0);

        // Between one answer and the next: the three exports of that invocation, each answered
        // before the function answered Lambda.
        const answers = timeline.filter((entry) => entry.server === 'runtime' && entry.method === 'POST');
        let from = 0;
        for (const [index, outcome] of answers.entries()) {
            const to = timeline.indexOf(outcome);
            const exports = timeline.slice(from, to).filter((entry) => entry.server === 'otlp');
            assert.deepEqual(exports.map((entry) => entry.path).sort(), ['/v1/logs', '/v1/metrics', '/v1/traces'],
                `exports before answer ${index + 1}`);
            for (const entry of exports) {
                assert.equal(entry.headers['content-type'], 'application/json');
                assert.ok(entry.answeredAt <= outcome.receivedAt, `${entry.path} was answered before the invocation's answer`);
            }
            checkTelemetry(exports, index === 0 ? 'request-ok' : 'request-fails', index === 1);
            from = to + 1;
        }
    } finally {
        child.kill();
    }
});

test('a handler the module does not export is reported to init/error', async () => {
    const otlp = await otlpEndpoint();
    const runtime = await runtimeApi([]);
    const child = startFunction(runtime.address, otlp.address, 'index.nothing');
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const initError = await runtime.initError;
    assert.equal(initError.headers['lambda-runtime-function-error-type'], 'Runtime.HandlerNotFound');
    assert.equal(JSON.parse(initError.body).errorMessage, 'index.nothing is undefined or not exported');
    assert.notEqual(await exited, 0);
});

/** The spans, the metric point and the log record of one invocation, and their correlation. */
function checkTelemetry(exports, requestId, failed) {
    const body = (signal) => JSON.parse(exports.find((entry) => entry.path === `/v1/${signal}`).body);

    const spans = body('traces').resourceSpans.flatMap((r) => r.scopeSpans).flatMap((s) => s.spans);
    const handle = spans.find((span) => span.name === 'handle order');
    const load = spans.find((span) => span.name === 'load order');
    assert.ok(handle && load, 'a "handle order" span and its "load order" child');
    assert.equal(load.parentSpanId, handle.spanId);
    assert.equal(attribute(handle, 'faas.invocation_id'), requestId);
    assert.equal(handle.status.code ?? 0, failed ? 2 : 0);

    const resource = body('traces').resourceSpans[0].resource;
    assert.equal(attribute(resource, 'service.name'), 'orders');

    const metric = body('metrics').resourceMetrics.flatMap((r) => r.scopeMetrics).flatMap((s) => s.metrics)
        .find((m) => m.name === 'order.requests');
    assert.ok(metric.sum.dataPoints.some((point) => attribute(point, 'order.outcome') === (failed ? 'error' : 'ok')));

    const [record] = body('logs').resourceLogs.flatMap((r) => r.scopeLogs).flatMap((s) => s.logRecords);
    assert.equal(record.traceId, handle.traceId);
    assert.equal(record.spanId, handle.spanId);
    assert.equal(record.severityText, failed ? 'ERROR' : 'INFO');
    assert.equal(attribute(record, 'faas.invocation_id'), requestId);
}

function attribute(item, key) {
    return item.attributes.find((a) => a.key === key)?.value.stringValue;
}

function startFunction(runtimeApiAddress, otlpAddress, handler) {
    const child = spawn(path.join(FUNCTION_DIR, 'bootstrap'), [], {
        cwd: FUNCTION_DIR,
        env: {
            PATH: process.env.PATH,
            AWS_LAMBDA_RUNTIME_API: runtimeApiAddress,
            _HANDLER: handler,
            LAMBDA_TASK_ROOT: FUNCTION_DIR,
            AWS_LAMBDA_FUNCTION_NAME: 'orders',
            AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
            AWS_REGION: 'eu-west-1',
            OTEL_EXPORTER_OTLP_ENDPOINT: `http://${otlpAddress}`,
        },
        stdio: ['ignore', 'inherit', 'inherit'],
    });
    return child;
}

/** An OTLP/HTTP endpoint that records each request and answers 200 {} a little late. */
async function otlpEndpoint() {
    const server = http.createServer(async (req, res) => {
        const entry = { server: 'otlp', method: req.method, path: req.url, headers: req.headers, receivedAt: performance.now() };
        timeline.push(entry);
        entry.body = await read(req);
        setTimeout(() => {
            entry.answeredAt = performance.now();
            res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        }, EXPORT_ANSWER_DELAY_MS);
    });
    return { address: await listen(server) };
}

/**
 * A Runtime API that hands out the given invocations one by one, then holds invocation/next open
 * as Lambda does; outcomes resolves with the runtime's answers once all invocations are answered.
 */
async function runtimeApi(invocations) {
    const queue = [...invocations];
    const outcomes = [];
    let allAnswered, initErrored;
    const done = new Promise((resolve) => { allAnswered = resolve; });
    const initError = new Promise((resolve) => { initErrored = resolve; });
    const server = http.createServer(async (req, res) => {
        const entry = { server: 'runtime', method: req.method, path: req.url, headers: req.headers, receivedAt: performance.now() };
        timeline.push(entry);
        entry.body = await read(req);
        if (req.method === 'GET' && req.url === `${RUNTIME}/invocation/next`) {
            const next = queue.shift();
            if (next) {
                res.writeHead(200, {
                    'content-type': 'application/json',
                    'lambda-runtime-aws-request-id': next.requestId,
                    'lambda-runtime-deadline-ms': String(Date.now() + 5000),
                    'lambda-runtime-invoked-function-arn': 'arn:aws:lambda:eu-west-1:123456789012:function:orders',
                    'lambda-runtime-trace-id': 'Root=1-6922dc60-3b9f2c1d5e4a6b7c8d9e0f12;Parent=53995c3f42cd8ad8;Sampled=1',
                }).end(JSON.stringify(next.event));
            }
            return; // no more invocations: the poll stays open until the test ends
        }
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"OK"}');
        if (req.url === `${RUNTIME}/init/error`) {
            initErrored(entry);
        } else {
            outcomes.push(entry);
            if (outcomes.length === invocations.length) {
                allAnswered(outcomes);
            }
        }
    });
    return { address: await listen(server), outcomes: done, initError };
}

function apiGatewayEvent(rawPath, query) {
    return {
        version: '2.0',
        routeKey: 'GET /orders/{id}',
        rawPath,
        rawQueryString: new URLSearchParams(query).toString(),
        headers: { accept: 'application/json', host: 'abcdef1234.execute-api.eu-west-1.amazonaws.com' },
        queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
        requestContext: { http: { method: 'GET', path: rawPath }, requestId: 'KpP1hjuJjoEEJ2Q=', stage: '$default' },
        pathParameters: { id: rawPath.split('/').pop() },
        isBase64Encoded: false,
    };
}

function listen(server) {
    servers.push(server);
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${server.address().port}`)));
}

async function read(req) {
    const chunks = [];
    for await (const chunk of req) {
        chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
}
