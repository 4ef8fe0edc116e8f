/**
 * A local gRPC server speaking the Zeebe gateway protocol (the .proto shipped with @camunda8/sdk), for
 * testing the Zeebe driver without a broker. Every request is recorded with its metadata; answers
 * are plausible defaults that a test can override per method, make fail with a gRPC status, or make
 * hang (never answer). ActivateJobs long-polls a per-type queue of jobs the test pushes.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const require = createRequire(import.meta.url);
const PROTO_PATH = path.join(path.dirname(require.resolve('@camunda8/sdk/package.json')), 'dist', 'proto', 'zeebe.proto');

export interface RecordedGrpcCall {
  method: string;
  request: any;
  metadata: Record<string, string>;
}

export interface FakeActivatedJob {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: string;
  worker?: string;
  retries: number;
  deadline: string;
  variables: string;
  tenantId: string;
}

export class GrpcStatusError extends Error {
  constructor(
    readonly code: grpc.status,
    readonly details: string,
  ) {
    super(details);
  }
}

type Answer = (request: any, call: RecordedGrpcCall) => unknown | Promise<unknown>;

const UNARY_DEFAULTS: Record<string, Answer> = {
  Topology: () => ({
    brokers: [
      { nodeId: 0, host: '127.0.0.1', port: 26501, partitions: [{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }], version: '8.8.0' },
    ],
    clusterSize: 1,
    partitionsCount: 1,
    replicationFactor: 1,
    gatewayVersion: '8.8.0',
  }),
  DeployResource: (req) => ({
    key: '2251799813685000',
    tenantId: req.tenantId,
    deployments: (req.resources as { name: string; content: Buffer }[]).map((r, i) => {
      const id = /<bpmn:process[^>]*\sid="([^"]+)"/.exec(r.content.toString('utf8'))?.[1] ?? `process_${i}`;
      return {
        process: {
          bpmnProcessId: id,
          version: 1,
          processDefinitionKey: String(2251799813685100 + i),
          resourceName: r.name,
          tenantId: req.tenantId,
        },
      };
    }),
  }),
  CreateProcessInstance: (req) => ({
    processDefinitionKey: '2251799813685100',
    bpmnProcessId: req.bpmnProcessId,
    version: req.version === -1 ? 3 : req.version,
    processInstanceKey: '2251799813686001',
    tenantId: req.tenantId,
  }),
  CancelProcessInstance: () => ({}),
  SetVariables: () => ({ key: '2251799813687001' }),
  PublishMessage: (req) => ({ key: '2251799813688001', tenantId: req.tenantId }),
  BroadcastSignal: (req) => ({ key: '2251799813689001', tenantId: req.tenantId }),
  CompleteJob: () => ({}),
  FailJob: () => ({}),
  ThrowError: () => ({}),
  ResolveIncident: () => ({}),
  UpdateJobRetries: () => ({}),
  UpdateJobTimeout: () => ({}),
};

export class FakeZeebeGateway {
  readonly calls: RecordedGrpcCall[] = [];
  private readonly answers = new Map<string, Answer>();
  private readonly hanging = new Set<string>();
  private readonly jobs = new Map<string, FakeActivatedJob[]>();
  private readonly waitingPolls = new Set<() => void>();
  private readonly listeners = new Set<() => void>();
  private server: grpc.Server | undefined;
  address = '';

  /** Override the answer of one unary method (throw a `GrpcStatusError` to fail it). */
  answer(method: string, fn: Answer): void {
    this.answers.set(method, fn);
  }

  /** The method never answers (the call stays open until the client gives up). */
  hang(method: string): void {
    this.hanging.add(method);
  }

  /** Queue a job for the next ActivateJobs of its type (waiting long polls are woken). */
  pushJob(job: FakeActivatedJob): void {
    const queue = this.jobs.get(job.type) ?? [];
    queue.push(job);
    this.jobs.set(job.type, queue);
    for (const wake of [...this.waitingPolls]) wake();
  }

  callsOf(method: string): RecordedGrpcCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first recorded call of `method` matching `predicate` (waits for it). */
  waitForCall(method: string, predicate: (c: RecordedGrpcCall) => boolean = () => true, timeoutMs = 5000): Promise<RecordedGrpcCall> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const hit = this.calls.find((c) => c.method === method && predicate(c));
        if (hit) {
          this.listeners.delete(listener);
          clearTimeout(timer);
          resolve(hit);
          return true;
        }
        return false;
      };
      const listener = (): void => void check();
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`fake gateway: no ${method} call within ${timeoutMs} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`));
      }, timeoutMs);
      if (!check()) this.listeners.add(listener);
    });
  }

  async start(): Promise<string> {
    const definition = protoLoader.loadSync(PROTO_PATH, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
    const proto = grpc.loadPackageDefinition(definition) as any;
    const service = proto.gateway_protocol.Gateway.service as grpc.ServiceDefinition;
    const impl: grpc.UntypedServiceImplementation = {};
    for (const [name, def] of Object.entries(service)) {
      const method = (def as { originalName?: string }).originalName ?? name;
      const rpcName = method.charAt(0).toUpperCase() + method.slice(1);
      if (rpcName === 'ActivateJobs') impl[name] = (call: grpc.ServerWritableStream<any, any>) => this.activateJobs(call);
      else if (rpcName === 'StreamActivatedJobs') impl[name] = (call: grpc.ServerWritableStream<any, any>) => this.streamJobs(call);
      else
        impl[name] = (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => void this.unary(rpcName, call, callback);
    }
    const server = new grpc.Server();
    server.addService(service, impl);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    this.server = server;
    this.address = `127.0.0.1:${port}`;
    return this.address;
  }

  async stop(): Promise<void> {
    for (const wake of [...this.waitingPolls]) wake();
    const server = this.server;
    this.server = undefined;
    if (server) server.forceShutdown();
  }

  private record(method: string, request: any, metadata: grpc.Metadata): RecordedGrpcCall {
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(metadata.getMap())) flat[k] = String(v);
    const call = { method, request, metadata: flat };
    this.calls.push(call);
    for (const l of [...this.listeners]) l();
    return call;
  }

  private async unary(method: string, call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>): Promise<void> {
    const recorded = this.record(method, call.request, call.metadata);
    if (this.hanging.has(method)) return;
    const answer = this.answers.get(method) ?? UNARY_DEFAULTS[method];
    if (!answer) {
      callback({ code: grpc.status.UNIMPLEMENTED, details: `fake gateway does not implement ${method}` }, null);
      return;
    }
    try {
      callback(null, await answer(call.request, recorded));
    } catch (e) {
      if (e instanceof GrpcStatusError) callback({ code: e.code, details: e.details }, null);
      else callback({ code: grpc.status.INTERNAL, details: String(e) }, null);
    }
  }

  private takeJobs(type: string, max: number, tenantIds: string[]): FakeActivatedJob[] {
    const queue = this.jobs.get(type) ?? [];
    const taken: FakeActivatedJob[] = [];
    for (let i = 0; i < queue.length && taken.length < max;) {
      if (tenantIds.length === 0 || tenantIds.includes(queue[i].tenantId)) taken.push(...queue.splice(i, 1));
      else i++;
    }
    return taken;
  }

  private activateJobs(call: grpc.ServerWritableStream<any, any>): void {
    const req = call.request;
    this.record('ActivateJobs', req, call.metadata);
    const requestTimeout = Number(req.requestTimeout);
    const send = (): boolean => {
      const jobs = this.takeJobs(req.type, Number(req.maxJobsToActivate) || 32, req.tenantIds ?? []);
      if (jobs.length === 0) return false;
      call.write({ jobs: jobs.map((j) => ({ ...j, worker: req.worker })) });
      call.end();
      return true;
    };
    if (send()) return;
    if (requestTimeout < 0) return void call.end();
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      this.waitingPolls.delete(wake);
      clearTimeout(timer);
      if (!call.cancelled && !send()) call.end();
    };
    const wake = (): void => {
      if (done) return;
      if (!this.server) return finish();
      const queue = this.jobs.get(req.type) ?? [];
      if (queue.some((j) => (req.tenantIds ?? []).length === 0 || req.tenantIds.includes(j.tenantId))) finish();
    };
    const timer = setTimeout(finish, requestTimeout > 0 ? requestTimeout : 10_000);
    this.waitingPolls.add(wake);
    call.on('cancelled', () => {
      done = true;
      this.waitingPolls.delete(wake);
      clearTimeout(timer);
    });
  }

  private streamJobs(call: grpc.ServerWritableStream<any, any>): void {
    this.record('StreamActivatedJobs', call.request, call.metadata);
    const wake = (): void => {
      if (!this.server) return void call.end();
      for (const job of this.takeJobs(call.request.type, 1000, call.request.tenantIds ?? []))
        call.write({ ...job, worker: call.request.worker });
    };
    this.waitingPolls.add(wake);
    call.on('cancelled', () => this.waitingPolls.delete(wake));
    wake();
  }
}
