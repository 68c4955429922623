import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on a module of this folder (`name` without extension). Source files (.ts)
 * run through tsx, whose loader a worker does not inherit: the worker registers it first.
 */
export function startWorker(name: string, workerData?: unknown): Worker {
  const url = new URL(`./${name}${extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;
  const code = url.endsWith('.ts')
    ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url)}); })`
    : `import(${JSON.stringify(url)})`;
  return new Worker(code, { eval: true, workerData });
}

/**
 * The worker's next message, after posting `job` when given. The worker keeps the process alive
 * only while a reply is awaited: an idle helper must not hold up the exit.
 */
export function nextMessage<T>(worker: Worker, job?: unknown, transfer: ArrayBuffer[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = () => {
      worker.off('message', onMessage).off('error', reject).off('exit', onExit);
      worker.unref();
    };
    const onMessage = (message: T) => {
      done();
      resolve(message);
    };
    const onExit = (code: number) => {
      done();
      reject(new Error(`analysis thread exited with ${code}`));
    };
    worker.on('message', onMessage).on('error', reject).on('exit', onExit);
    worker.ref();
    if (job !== undefined) worker.postMessage(job, transfer);
  });
}
