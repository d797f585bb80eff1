/** The page's side of the mesh worker: one worker per export, terminated when it answers. */
import type { MeshRequest, MeshResponse } from './meshProtocol';

export interface MeshWorkerLike {
  postMessage(message: MeshRequest, transfer: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<MeshResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export type MeshFiles = Extract<MeshResponse, { type: 'result' }>['files'];

/** `request.labels` is transferred (detached here): pass a copy made for the export. */
export function meshInWorker(createWorker: () => MeshWorkerLike, request: MeshRequest, onProgress?: (done: number, total: number) => void): Promise<MeshFiles> {
  return new Promise((resolve, reject) => {
    let worker: MeshWorkerLike;
    try {
      worker = createWorker();
    } catch (error) {
      reject(new Error(`the mesh worker could not start: ${String(error)}`));
      return;
    }
    const finish = (): void => {
      worker.onmessage = null;
      worker.onerror = null;
      worker.terminate();
    };
    worker.onmessage = (event) => {
      const message = event.data;
      if (message.type === 'progress') onProgress?.(message.done, message.total);
      else if (message.type === 'result') {
        finish();
        resolve(message.files);
      } else {
        finish();
        reject(new Error(message.message));
      }
    };
    worker.onerror = (event) => {
      finish();
      reject(new Error(`the mesh worker stopped: ${event.message || 'script error'}`));
    };
    worker.postMessage(request, [request.labels.buffer as ArrayBuffer]);
  });
}
