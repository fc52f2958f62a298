// One of the threads `fleet summarize` reads a large fleet with: it reads the files it is given,
// keeps only what the summary counts (classifyForSummary), and posts those views to the main thread
// in batches. The main thread summarises; a worker holds no more than one batch.
import { parentPort, workerData } from 'node:worker_threads';
import type { FleetSummaryDocument } from '../core/fleet/fleet-document';
import { readSummaryDocuments } from './read-fleet-files';

const BATCH = 512;
const port = parentPort;
if (port) {
  const { files } = workerData as { files: string[] };
  let batch: FleetSummaryDocument[] = [];
  readSummaryDocuments(files, (d) => {
    batch.push(d);
    if (batch.length >= BATCH) {
      port.postMessage(batch);
      batch = [];
    }
  });
  port.postMessage(batch);
}
