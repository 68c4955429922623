/** The thread of computeValuesInThread: computes the job it is started with and answers once. */
import { parentPort, workerData } from 'node:worker_threads';
import { computeValues, type ValueJob } from './value-computation.js';

parentPort?.postMessage(await computeValues(workerData as ValueJob));
