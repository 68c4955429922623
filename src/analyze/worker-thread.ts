import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on a module, given as its URL without extension (`new URL('./name',
 * import.meta.url)`). Source files (.ts) run through tsx, whose loader a worker does not inherit:
 * the worker registers it first.
 */
export function startWorker(module: URL, workerData?: unknown): Worker {
  const url = `${module.href}${extname(fileURLToPath(import.meta.url))}`;
  const code = url.endsWith('.ts')
    ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url)}); })`
    : `import(${JSON.stringify(url)})`;
  return new Worker(code, { eval: true, workerData });
}

interface Waiting {
  resolve: (message: unknown) => void;
  reject: (error: Error) => void;
}

// Replies come in the order of the jobs: each worker's waiting callers, first job first.
const waiting = new WeakMap<Worker, Waiting[]>();

function queueOf(worker: Worker): Waiting[] {
  const known = waiting.get(worker);
  if (known) return known;
  const q: Waiting[] = [];
  const failAll = (error: Error) => {
    for (const w of q.splice(0)) w.reject(error);
  };
  worker
    .on('message', (message: unknown) => {
      q.shift()?.resolve(message);
      if (q.length === 0) worker.unref();
    })
    .on('error', failAll)
    .on('exit', (code) => failAll(new Error(`analysis thread exited with ${code}`)));
  waiting.set(worker, q);
  return q;
}

/**
 * The worker's next reply, after posting `job` when given. Several jobs may be posted before the
 * first reply: each caller gets the reply to its own job. The worker keeps the process alive only
 * while a reply is awaited: an idle helper must not hold up the exit.
 */
export function nextMessage<T>(worker: Worker, job?: unknown, transfer: ArrayBuffer[] = []): Promise<T> {
  const queue = queueOf(worker);
  return new Promise<T>((resolve, reject) => {
    queue.push({ resolve: resolve as (message: unknown) => void, reject });
    worker.ref();
    if (job !== undefined) worker.postMessage(job, transfer);
  });
}
