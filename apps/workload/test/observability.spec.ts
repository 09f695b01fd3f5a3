import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli } from './support/cli';
import { startOtlpReceiver, type OtlpReceiver } from './support/otlp-receiver';
import { freePort, waitFor } from './support/ports';
import { createTestEnvironment, type TestEnvironment } from './support/test-app';

const MAIN = join(__dirname, '..', 'dist', 'main.js');
const PASSWORD = 'observable-password-42';
const WRONG_PASSWORD = 'wrong-password-that-must-not-leak';
const SSH_KEY_MARKER = 'PRIVATE-KEY-MATERIAL-THAT-MUST-NOT-LEAK';
const VALUE = 'ZmFrZS12YWx1ZS1mb3ItdGhlLW9ic2VydmFiaWxpdHktdGVzdA';
const QUERY_SECRET = 'query-value-that-must-not-leak';

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly req?: { id: string; method: string; url: string };
  readonly res?: { statusCode: number };
  readonly responseTime?: number;
  readonly user?: string;
  readonly route?: string;
  readonly trace_id?: string;
  readonly record?: { name: string; operation: string; outcome: string; commit?: string };
}

/**
 * One real service process, with debug logs, the metrics port and an OTLP receiver, driven
 * through a scripted sequence; then its metrics, log lines and spans are read back.
 */
describe('metrics, logs and traces of a real run', () => {
  let environment: TestEnvironment;
  let receiver: OtlpReceiver;
  let service: ChildProcess;
  let port: number;
  let metricsPort: number;
  let logFile: string;
  let metrics: string;
  let logs: LogLine[];
  let rawLogs: string;
  const responses: { status: number; requestId: string | null }[] = [];

  const call = async (
    path: string,
    authorization: string | undefined,
    body: unknown,
    requestId?: string,
    framing: 'length' | 'chunked' = 'length',
  ) => {
    const text = JSON.stringify(body);
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(authorization ? { Authorization: authorization } : {}),
        ...(requestId ? { 'X-Request-Id': requestId } : {}),
      },
      // A stream goes chunked, which only Express answers (src/http/httpreq-lane.ts).
      ...(framing === 'length'
        ? { body: text }
        : { body: new Blob([text]).stream(), duplex: 'half' as const }),
    });
    responses.push({ status: response.status, requestId: response.headers.get('x-request-id') });
    return response.status;
  };
  const basic = (user: string, password: string) =>
    `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  beforeAll(async () => {
    environment = await createTestEnvironment('sqlite');
    receiver = await startOtlpReceiver();
    port = await freePort();
    metricsPort = await freePort();
    const keyFile = join(environment.dir, 'git-key');
    await writeFile(
      keyFile,
      `-----BEGIN OPENSSH PRIVATE KEY-----\n${SSH_KEY_MARKER}\n-----END OPENSSH PRIVATE KEY-----\n`,
      { mode: 0o600 },
    );
    const env = {
      ...environment.env,
      HLP_PORT: String(port),
      HLP_METRICS_PORT: String(metricsPort),
      HLP_LOG_LEVEL: 'debug',
      HLP_OTLP_ENDPOINT: receiver.endpoint,
      HLP_GIT_SSH_KEY_FILE: keyFile,
    };
    await cli(['migrate'], env);
    await cli(['create-user', 'watcher', '--password-stdin'], env, `${PASSWORD}\n`);
    await cli(
      ['allow-domains', 'watcher', '--subdomains', 'example.com', '--domains', 'example.net'],
      env,
    );

    logFile = join(environment.dir, 'service.log');
    service = spawn(process.execPath, [MAIN, 'serve'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', openSync(logFile, 'a'), openSync(logFile, 'a')],
    });
    await waitFor('the service', () =>
      fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.ok,
        () => false,
      ),
    );

    const watcher = basic('watcher', PASSWORD);
    await call(
      '/present',
      watcher,
      { fqdn: '_acme-challenge.a.example.com', value: VALUE },
      'trace-me-1',
    );
    await call(
      '/present',
      watcher,
      { fqdn: '_acme-challenge.b.example.com', value: VALUE },
      undefined,
      'chunked',
    );
    await call('/present', watcher, { fqdn: '_acme-challenge.a.example.com', value: VALUE });
    await call('/cleanup', watcher, { fqdn: '_acme-challenge.a.example.com', value: VALUE });
    await call('/present', watcher, { fqdn: 'no-prefix.example.com', value: VALUE });
    await call('/present', basic('watcher', WRONG_PASSWORD), {
      fqdn: '_acme-challenge.a.example.com',
      value: VALUE,
    });
    await call('/present', watcher, { fqdn: '_acme-challenge.example.org', value: VALUE });
    await call('/present', watcher, { fqdn: '_acme-challenge.example.net', value: VALUE });
    const queried = await fetch(
      `http://127.0.0.1:${port}/nope?token=${QUERY_SECRET}&${QUERY_SECRET}`,
    );
    responses.push({ status: queried.status, requestId: queried.headers.get('x-request-id') });
    metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();

    const exited = new Promise((resolve) => service.once('exit', resolve));
    service.kill('SIGTERM');
    await exited;
    rawLogs = await readFile(logFile, 'utf8');
    logs = rawLogs
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  });

  afterAll(async () => {
    if (service.exitCode === null) service.kill('SIGKILL');
    await receiver.close();
    await environment.cleanup();
  });

  it('answered the scripted sequence as expected', () => {
    expect(responses.map((r) => r.status)).toEqual([204, 204, 204, 204, 400, 401, 403, 404, 404]);
  });

  describe('metrics', () => {
    const value = (series: string) => {
      const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };

    it('count httpreq answers by operation and result', () => {
      expect(value('lego_provider_challenges_total{operation="present",result="ok"}')).toBe(3);
      expect(value('lego_provider_challenges_total{operation="cleanup",result="ok"}')).toBe(1);
      expect(
        value('lego_provider_challenges_total{operation="present",result="invalid_input"}'),
      ).toBe(1);
      expect(
        value('lego_provider_challenges_total{operation="present",result="unauthorized"}'),
      ).toBe(1);
      expect(value('lego_provider_challenges_total{operation="present",result="forbidden"}')).toBe(
        1,
      );
      expect(
        value('lego_provider_challenges_total{operation="present",result="zone_not_found"}'),
      ).toBe(1);
    });

    it('count requests by route pattern, method and status, with latency histograms', () => {
      expect(
        value('lego_provider_http_requests_total{route="/present",method="POST",status="204"}'),
      ).toBe(3);
      expect(
        value('lego_provider_http_requests_total{route="/cleanup",method="POST",status="204"}'),
      ).toBe(1);
      expect(
        value('lego_provider_http_request_duration_seconds_count{route="/present",method="POST"}'),
      ).toBe(7);
    });

    it('describe the record store: batches, pushes, queue, last push', () => {
      expect(value('lego_provider_record_batches_total{result="pushed"}')).toBe(3);
      expect(value('lego_provider_record_batches_total{result="unchanged"}')).toBe(2);
      expect(value('lego_provider_record_batch_size_count')).toBe(5);
      expect(value('lego_provider_record_batch_size_sum')).toBe(5);
      // Each of the five changes, waiting from its request until its batch started.
      expect(value('lego_provider_record_queue_wait_seconds_count')).toBe(5);
      expect(value('lego_provider_record_queue_wait_seconds_sum')).toBeGreaterThan(0);
      expect(value('lego_provider_record_push_duration_seconds_count')).toBe(3);
      expect(value('lego_provider_record_queue_depth')).toBe(0);
      expect(value('lego_provider_record_last_push_timestamp_seconds')).toBeGreaterThan(
        Date.now() / 1000 - 120,
      );
    });

    it('count credential cache hits and misses', () => {
      expect(value('lego_provider_credential_cache_requests_total{result="miss"}')).toBe(2);
      expect(value('lego_provider_credential_cache_requests_total{result="hit"}')).toBe(6);
    });

    it('include process metrics, and no user or DNS name in any label', () => {
      expect(value('process_resident_memory_bytes')).toBeGreaterThan(0);
      // Start-up alone keeps the event loop busy for a while; never longer than the process lived.
      const busy = value('lego_provider_event_loop_busy_seconds_total') ?? 0;
      expect(busy).toBeGreaterThan(0);
      expect(busy).toBeLessThan(Date.now() / 1000 - (value('process_start_time_seconds') ?? 0));
      expect(metrics).not.toMatch(/watcher|example\.(com|net|org)|_acme-challenge/);
    });
  });

  describe('logs', () => {
    const requestLines = () =>
      logs.filter((line) => line.res !== undefined && line.req?.url !== '/health/ready');

    it('write one JSON line per request with its id, user, route, status and duration', () => {
      const lines = requestLines();
      expect(lines).toHaveLength(9);
      expect(lines[0]).toMatchObject({
        req: { id: 'trace-me-1', method: 'POST', url: '/present' },
        res: { statusCode: 204 },
        user: 'watcher',
        route: '/present',
        responseTime: expect.any(Number),
      });
      expect(lines.map((line) => line.req?.id)).toEqual(
        responses.map((response) => response.requestId),
      );
    });

    it('are the same whether Express or the lane for lego answered', () => {
      const [lane, express] = requestLines();
      const shape = (line: LogLine) => ({
        keys: Object.keys(line).sort(),
        req: Object.keys(line.req ?? {}).sort(),
        record: Object.keys(line.record ?? {}).sort(),
      });
      expect(shape(lane)).toEqual(shape(express));
      expect(lane).toMatchObject({ msg: express.msg, level: express.level, res: express.res });
      expect(express).toMatchObject({
        req: { method: 'POST', url: '/present' },
        user: 'watcher',
        route: '/present',
        record: { name: '_acme-challenge.b.example.com', outcome: 'applied' },
      });
    });

    it('name the route once, as its pattern, and not at all when no route matched', () => {
      const raw = rawLogs.split('\n').filter((line) => line.includes('"res":'));
      expect(raw.map((line) => line.match(/"route":/g)?.length ?? 0)).toEqual(
        requestLines().map((line) => (line.req?.url?.startsWith('/nope') ? 0 : 1)),
      );
    });

    it('name the record, the operation and the commit of each change', () => {
      expect(requestLines()[0].record).toEqual({
        name: '_acme-challenge.a.example.com',
        operation: 'present',
        mode: 'default',
        outcome: 'applied',
        commit: expect.stringMatching(/^[0-9a-f]{40}$/),
      });
      expect(requestLines()[2].record).toMatchObject({
        operation: 'present',
        outcome: 'unchanged',
      });
      expect(requestLines()[3].record).toMatchObject({ operation: 'cleanup', outcome: 'applied' });
    });

    it('show the names of query parameters, never their values', () => {
      expect(requestLines()[8].req?.url).toBe('/nope?token=[redacted]&[redacted]');
      expect(rawLogs).not.toContain(QUERY_SECRET);
    });

    it('never contain a password, credentials, or the SSH key', () => {
      expect(rawLogs.length).toBeGreaterThan(1000);
      for (const secret of [
        PASSWORD,
        WRONG_PASSWORD,
        Buffer.from(`watcher:${PASSWORD}`).toString('base64'),
        Buffer.from(`watcher:${WRONG_PASSWORD}`).toString('base64'),
        SSH_KEY_MARKER,
        environment.env.HLP_SECRET_KEY,
      ]) {
        expect(rawLogs).not.toContain(secret);
      }
      expect(rawLogs.toLowerCase()).not.toContain('"authorization"');
    });

    it('carry the trace id of the request', () => {
      const [first] = requestLines();
      expect(first.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(
        receiver.spans.some(
          (span) => span.traceId === first.trace_id && span.name === 'POST /present',
        ),
      ).toBe(true);
    });
  });

  describe('traces', () => {
    it('have a span per request, the wait for the store under it, and the store\u2019s steps linked to it', () => {
      const request = receiver.spans.find(
        (span) =>
          span.name === 'POST /present' && span.attributes['http.response.status_code'] === 204,
      );
      expect(request).toBeDefined();
      const wait = receiver.spans.find(
        (span) => span.name === 'record-store wait' && span.parentSpanId === request?.spanId,
      );
      expect(wait?.attributes).toMatchObject({
        'record.operation': 'present',
        'record.outcome': 'applied',
      });
      const batch = receiver.spans.find(
        (span) =>
          span.name === 'record-store batch' &&
          span.links.some((link) => link.spanId === wait?.spanId),
      );
      expect(batch).toBeDefined();
      const steps = receiver.spans
        .filter((span) => span.parentSpanId === batch?.spanId)
        .map((span) => span.name);
      expect(steps).toEqual(
        expect.arrayContaining(['record-store apply', 'record-store commit', 'record-store push']),
      );
    });
  });
});

describe('a repository URL with credentials', () => {
  it('never shows them in the logs', async () => {
    const environment = await createTestEnvironment('sqlite', {
      env: {
        HLP_GIT_REPO: 'http://robot:url-secret-123@127.0.0.1:9/nothing.git',
        HLP_LOG_LEVEL: 'debug',
      },
    });
    const port = await freePort();
    const logFile = join(environment.dir, 'service.log');
    const env = { ...process.env, ...environment.env, HLP_PORT: String(port) };
    await cli(['migrate'], environment.env);
    const child = spawn(process.execPath, [MAIN, 'serve'], {
      env,
      stdio: ['ignore', openSync(logFile, 'a'), openSync(logFile, 'a')],
    });
    try {
      await waitFor('the service', () =>
        fetch(`http://127.0.0.1:${port}/health/live`).then(
          (r) => r.ok,
          () => false,
        ),
      );
      const ready = await (await fetch(`http://127.0.0.1:${port}/health/ready`)).json();
      expect(JSON.stringify(ready)).not.toContain('url-secret-123');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      const logs = await readFile(logFile, 'utf8');
      expect(logs).toContain('robot:***@127.0.0.1');
      expect(logs).not.toContain('url-secret-123');
      await environment.cleanup();
    }
  });
});
