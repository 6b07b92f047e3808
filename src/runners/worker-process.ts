import { fork, type ChildProcess } from 'node:child_process';
import { uvThreadpoolSize, WORKER_HEAP_MB } from './budget';
import { compiledFile } from './compiled';
import type { ChildConfig, FromChild } from './protocol';

/** A child process hosting the worker pool, with what is known about it from its first moments. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly config: ChildConfig;
  /** It said it was ready (its pool exists; the threads may still be loading libvips). */
  readonly ready: boolean;
  /** It has exited (or failed to start). */
  readonly exited: boolean;
}

/** The compiled child entry (see `compiledFile`). */
export function childFile(): string {
  return compiledFile(__dirname, 'runners/child.js');
}

/** The worker process's environment: this one's, for libvips' threads and memory, and without what only slows its start. */
export function childEnv(parent: NodeJS.ProcessEnv, concurrency: number): NodeJS.ProcessEnv {
  const env = { ...parent };
  // glibc's per-thread arenas grow without bound in long libvips batches (lovell/sharp#2607).
  env['MALLOC_ARENA_MAX'] ??= '2';
  env['UV_THREADPOOL_SIZE'] ??= String(uvThreadpoolSize(concurrency));
  // Node reads and parses this CA bundle at start-up, before any code runs, and the worker process
  // opens no connection: its start is on a short run's critical path (bench/RESULTS.md, "Design
  // decisions").
  delete env['NODE_EXTRA_CA_CERTS'];
  return env;
}

/**
 * Forks the child that hosts the piscina pool. Its state is tracked from the start, so whoever
 * adopts it later (see `SupervisedOptions.spare`) misses neither its `ready` nor its exit.
 */
export function forkWorkerProcess(config: ChildConfig): WorkerProcess {
  const env = childEnv(process.env, config.concurrency);
  // JSON, not 'advanced': the V8 serializer left both processes larger and the run slower.
  // --optimize-for-size: the child's JavaScript only passes messages, and its heap then stays flat
  // over long runs. Figures: bench/RESULTS.md, "Design decisions"; bench/memory.js measures them.
  // Its heap is capped like a worker thread's: a run of one file runs that file on its main thread.
  const child = fork(childFile(), [JSON.stringify(config)], {
    env,
    execArgv: ['--optimize-for-size', `--max-old-space-size=${WORKER_HEAP_MB}`],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'json',
  });
  const state = { child, config, ready: false, exited: false };
  child.on('message', (message: FromChild) => {
    if (message.type === 'ready') state.ready = true;
  });
  child.on('exit', () => {
    state.exited = true;
  });
  child.on('error', () => {
    state.exited = true;
  });
  return state;
}

/** A spare worker process, if it is still alive and sized for `config`; it is killed otherwise. */
export function adoptSpare(spare: WorkerProcess | undefined, config: ChildConfig): WorkerProcess | undefined {
  if (spare === undefined || spare.exited) return undefined;
  // Its libuv pool was sized for this many threads; no thread of its own has started yet.
  if (spare.config.concurrency >= config.concurrency) return spare;
  spare.child.kill('SIGKILL');
  return undefined;
}
